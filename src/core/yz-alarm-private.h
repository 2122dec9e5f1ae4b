/* yz-alarm-private.h
 *
 * How the core builds and changes a YzAlarm. Not for the UI.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "yz-event.h"
#include "yz-alarm.h"

G_BEGIN_DECLS

YzAlarm *yz_alarm_new (const YzAlarmData *data, const char *station_name, gboolean derived);
void yz_alarm_update (YzAlarm *self, const YzAlarmData *data);

G_END_DECLS
