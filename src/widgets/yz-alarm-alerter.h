/* yz-alarm-alerter.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "yz-session.h"

G_BEGIN_DECLS

#define YZ_TYPE_ALARM_ALERTER (yz_alarm_alerter_get_type ())
G_DECLARE_FINAL_TYPE (YzAlarmAlerter, yz_alarm_alerter, YZ, ALARM_ALERTER, GObject)

YzAlarmAlerter *yz_alarm_alerter_new (YzSession *session, GtkWindow *window);
YzAlarm *yz_alarm_alerter_get_critical (YzAlarmAlerter *self);
YzPriority yz_alarm_alerter_get_sounding (YzAlarmAlerter *self);
guint yz_alarm_alerter_get_n_sounds (YzAlarmAlerter *self);
guint yz_alarm_alerter_get_n_notifications (YzAlarmAlerter *self);
guint yz_alarm_alerter_repeat_ms (YzPriority priority);
const char *yz_alarm_alerter_get_sound_problem (YzAlarmAlerter *self);
const char *yz_alarm_alerter_get_audio_sink (YzAlarmAlerter *self);
void yz_alarm_alerter_set_audio_sink (YzAlarmAlerter *self, const char *audio_sink);
char *yz_alarm_alerter_describe_toggle (gboolean on, const char *problem, const char **icon_name,
                                        gboolean *warning);

G_END_DECLS
