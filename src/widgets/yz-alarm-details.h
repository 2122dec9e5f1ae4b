/* yz-alarm-details.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "yz-session.h"

G_BEGIN_DECLS

#define YZ_TYPE_ALARM_DETAILS (yz_alarm_details_get_type ())
G_DECLARE_FINAL_TYPE (YzAlarmDetails, yz_alarm_details, YZ, ALARM_DETAILS, GtkWidget)

void yz_alarm_details_show (YzAlarmDetails *self, YzSession *session, YzAlarm *alarm);

G_END_DECLS
