/* yz-vocabulary.h
 *
 * The protocol's words (docs/protocol.md), each defined once: what goes on the wire and
 * what the officer reads. Each list is NULL-terminated, in the protocol's order; each
 * label is translated, and a word this console does not know (a newer gateway) is its own
 * label, NULL is "". The parser, the session, the simulator, the history generator and
 * the widgets all take them from here.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "yz-enums.h"

G_BEGIN_DECLS

/* Alarm types (`alarm.type`), each with its default priority. */
#define YZ_ALARM_TYPE_FALL "fall"
#define YZ_ALARM_TYPE_SMOKING "smoking"
#define YZ_ALARM_TYPE_ALTERCATION "altercation"
#define YZ_ALARM_TYPE_SOS "sos"
#define YZ_ALARM_TYPE_DOOR_HELD_OPEN "door-held-open"
#define YZ_ALARM_TYPE_DOOR_FORCED "door-forced"
#define YZ_ALARM_TYPE_SMOKE "smoke"
#define YZ_ALARM_TYPE_HIGH_TEMPERATURE "high-temperature"
#define YZ_ALARM_TYPE_STOCK_LOW "stock-low"
#define YZ_ALARM_TYPE_CAMERA_OFFLINE "camera-offline"
#define YZ_ALARM_TYPE_STATION_OFFLINE "station-offline"

const char *const *yz_alarm_types (void);
const char *yz_alarm_type_label (const char *type);
YzPriority yz_alarm_type_default_priority (const char *type);

/* Priorities (`alarm.priority`), most urgent first: the nicks of YzPriority but "none". */
const char *const *yz_priorities (void);
const char *yz_priority_label (YzPriority priority);

/* What a resolved alarm was (`alarm.category`). */
#define YZ_RESOLUTION_FALSE_ALARM "false-alarm"
#define YZ_RESOLUTION_HANDLED_ON_SITE "handled-on-site"
#define YZ_RESOLUTION_REFERRED_POLICE "referred-police"
#define YZ_RESOLUTION_REFERRED_AMBULANCE "referred-ambulance"
#define YZ_RESOLUTION_EQUIPMENT_FAULT "equipment-fault"
#define YZ_RESOLUTION_OTHER "other"
#define YZ_N_RESOLUTION_CATEGORIES 6

const char *const *yz_resolution_categories (void);
const char *yz_resolution_category_label (const char *category);

/* Door commands (`POST …/doors/{id}/command`); `keep-open` takes minutes. */
#define YZ_DOOR_CMD_OPEN "open"
#define YZ_DOOR_CMD_KEEP_OPEN "keep-open"
#define YZ_DOOR_CMD_LOCK "lock"
#define YZ_DOOR_CMD_NORMAL "normal"

const char *const *yz_door_commands (void);
const char *yz_door_command_label (const char *command);

/* How someone came in (`entry.method`) and what the door said (`entry.result`). */
#define YZ_ENTRY_METHOD_FACE "face"
#define YZ_ENTRY_METHOD_QR "qr"
#define YZ_ENTRY_METHOD_CARD "card"
#define YZ_ENTRY_METHOD_ID_CARD "id-card"

const char *const *yz_entry_methods (void);
const char *yz_entry_method_label (const char *method);

#define YZ_ENTRY_RESULT_GRANTED "granted"
#define YZ_ENTRY_RESULT_DENIED "denied"
#define YZ_ENTRY_RESULT_STRANGER "stranger"

const char *const *yz_entry_results (void);
const char *yz_entry_result_label (const char *result);

/* Why a door was commanded: the reason codes and their parsing are in yz-door-reason.h. */

G_END_DECLS
