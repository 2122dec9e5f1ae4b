/* yz-alarms-page.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "yz-alarm-filter.h"
#include "yz-session.h"

G_BEGIN_DECLS

#define YZ_TYPE_ALARMS_PAGE (yz_alarms_page_get_type ())
G_DECLARE_FINAL_TYPE (YzAlarmsPage, yz_alarms_page, YZ, ALARMS_PAGE, GtkWidget)

GtkWidget *yz_alarms_page_new (void);
void yz_alarms_page_set_session (YzAlarmsPage *self, YzSession *session);
GListModel *yz_alarms_page_get_model (YzAlarmsPage *self);
void yz_alarms_page_set_filter (YzAlarmsPage *self, YzAlarmFilter filter, const char *text);
void yz_alarms_page_select (YzAlarmsPage *self, const char *alarm_id);
GPtrArray *yz_alarms_page_get_selected (YzAlarmsPage *self);

void yz_alarms_page_set_period (YzAlarmsPage *self, guint period);

G_END_DECLS
