/* yz-labels.h — what the protocol's words are called on screen (translated).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "yz-enums.h"

G_BEGIN_DECLS

const char *yz_label_alarm_type (const char *type);
const char *yz_label_priority (YzPriority priority);
const char *yz_label_alarm_action (const char *action);
const char *yz_label_alarm_state (YzAlarmState state);
const char *yz_label_door_state (const char *state);
const char *yz_label_door_mode (const char *mode);
const char *yz_label_device_state (const char *state);
const char *yz_label_entry_result (const char *result);
const char *yz_label_occupation (const char *occupation);
const char *yz_label_station_kind (const char *kind);
const char *yz_label_stock_item (const char *item);
const char *yz_label_door_command (const char *command);
const char *yz_label_resolve_category (const char *category);
const char *yz_label_door_reason (const char *code);
const char *yz_label_audit_action (const char *action);
const char *yz_label_audit_outcome (const char *outcome);
const char *yz_audit_outcome_of (const char *phase, const char *result);
char *yz_format_time (gint64 ms);
char *yz_format_ago (gint64 ms);
char *yz_format_last_known (gint64 since_us, gint64 now_us);

G_END_DECLS
