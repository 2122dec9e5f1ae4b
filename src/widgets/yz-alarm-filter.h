/* yz-alarm-filter.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "yz-session.h"

G_BEGIN_DECLS

typedef enum
{
  YZ_ALARM_FILTER_OPEN,
  YZ_ALARM_FILTER_NEW,
  YZ_ALARM_FILTER_ACKNOWLEDGED,
  YZ_ALARM_FILTER_RESOLVED,
  YZ_ALARM_FILTER_ALL,
} YzAlarmFilter;

/* What stands below the toolbar: the table, or the empty state that tells why it is empty. */
typedef enum
{
  YZ_ALARMS_SHOW_TABLE,
  YZ_ALARMS_SHOW_NO_GATEWAY,    /* no session: "Set Up a Gateway" */
  YZ_ALARMS_SHOW_NOT_CONNECTED, /* nothing listed and not connected */
  YZ_ALARMS_SHOW_ALL_CLEAR,     /* connected; nothing open (or new) */
  YZ_ALARMS_SHOW_NONE_IN_VIEW,  /* connected; nothing in the state and period chosen */
  YZ_ALARMS_SHOW_NO_MATCH,      /* the search finds nothing */
} YzAlarmsShow;

gboolean yz_alarm_filter_accepts (YzAlarmFilter filter, YzAlarmState state, const char *folded_text,
                                  const char *station_name, const char *station_id,
                                  const char *alarm_type, const char *owner);
gboolean yz_alarm_matches (YzAlarm *alarm, YzAlarmFilter filter, const char *folded_text);
YzAlarmsShow yz_alarms_page_what_to_show (gboolean have_session, YzConnectionState state,
                                          guint n_listed, YzAlarmFilter filter,
                                          const char *folded_text);
const char *yz_alarm_actions_blocked (gboolean have_session, YzConnectionState state, YzRole role);

G_END_DECLS
