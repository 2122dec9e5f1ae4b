/* yz-alarms-page.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "yz-session.h"

G_BEGIN_DECLS

#define YZ_TYPE_ALARMS_PAGE (yz_alarms_page_get_type ())
G_DECLARE_FINAL_TYPE (YzAlarmsPage, yz_alarms_page, YZ, ALARMS_PAGE, GtkWidget)

typedef enum {
  YZ_ALARM_FILTER_OPEN,
  YZ_ALARM_FILTER_NEW,
  YZ_ALARM_FILTER_ACKNOWLEDGED,
  YZ_ALARM_FILTER_RESOLVED,
  YZ_ALARM_FILTER_ALL,
} YzAlarmFilter;

/* What stands below the toolbar: the table, or the empty state that tells why it is empty. */
typedef enum {
  YZ_ALARMS_SHOW_TABLE,
  YZ_ALARMS_SHOW_NO_GATEWAY,      /* no session: "Set Up a Gateway" */
  YZ_ALARMS_SHOW_NOT_CONNECTED,   /* nothing listed and not connected */
  YZ_ALARMS_SHOW_ALL_CLEAR,       /* connected; nothing open (or new) */
  YZ_ALARMS_SHOW_NONE_IN_VIEW,    /* connected; nothing in the state and period chosen */
  YZ_ALARMS_SHOW_NO_MATCH,        /* the search finds nothing */
} YzAlarmsShow;

GtkWidget  *yz_alarms_page_new            (void);
void        yz_alarms_page_set_session    (YzAlarmsPage *self,
                                           YzSession    *session);
GListModel *yz_alarms_page_get_model      (YzAlarmsPage *self);
void        yz_alarms_page_set_filter     (YzAlarmsPage *self,
                                           YzAlarmFilter filter,
                                           const char   *text);
void        yz_alarms_page_select         (YzAlarmsPage *self,
                                           const char   *alarm_id);
GPtrArray  *yz_alarms_page_get_selected   (YzAlarmsPage *self);
gboolean    yz_alarm_matches              (YzAlarm      *alarm,
                                           YzAlarmFilter filter,
                                           const char   *folded_text);

void        yz_alarms_page_set_period  (YzAlarmsPage *self,
                                        guint         period);

YzAlarmsShow yz_alarms_page_what_to_show (gboolean          have_session,
                                          YzConnectionState state,
                                          guint             n_listed,
                                          YzAlarmFilter     filter,
                                          const char       *folded_text);
const char  *yz_alarm_actions_blocked    (gboolean          have_session,
                                          YzConnectionState state,
                                          YzRole            role);

G_END_DECLS
