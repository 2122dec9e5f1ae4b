/* yz-alarm.h
 *
 * YzAlarm, an item of the session's list models. Only the core changes it
 * (yz-alarm-private.h).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "yz-enums.h"

G_BEGIN_DECLS

#define YZ_TYPE_ALARM (yz_alarm_get_type ())
G_DECLARE_FINAL_TYPE (YzAlarm, yz_alarm, YZ, ALARM, GObject)

const char *yz_alarm_get_id (YzAlarm *self);
const char *yz_alarm_get_station_id (YzAlarm *self);
const char *yz_alarm_get_station_name (YzAlarm *self);
const char *yz_alarm_get_camera_id (YzAlarm *self);
const char *yz_alarm_get_door_id (YzAlarm *self);
const char *yz_alarm_get_alarm_type (YzAlarm *self);
YzPriority yz_alarm_get_priority (YzAlarm *self);
gint64 yz_alarm_get_raised_at (YzAlarm *self);
YzAlarmState yz_alarm_get_state (YzAlarm *self);
const char *yz_alarm_get_owner (YzAlarm *self);
gint64 yz_alarm_get_updated_at (YzAlarm *self);
const char *yz_alarm_get_category (YzAlarm *self);
const char *yz_alarm_get_note (YzAlarm *self);
const char *yz_alarm_get_snapshot_id (YzAlarm *self);
gboolean yz_alarm_get_derived (YzAlarm *self);
int yz_alarm_compare (gconstpointer a, gconstpointer b, gpointer user_data);

G_END_DECLS
