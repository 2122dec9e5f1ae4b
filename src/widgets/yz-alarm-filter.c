/* yz-alarm-filter.c
 *
 * What the alarm table lists and says, as plain functions of values that a test calls
 * without a display: which alarms a state filter and a search let through, what stands in
 * for an empty table, and why the operator may not act on alarms now.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "yz-alarm-filter"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "yz-alarm-filter.h"
#include "yz-labels.h"

/**
 * yz_alarm_filter_accepts:
 * @state: the alarm's state
 * @folded_text: (nullable): case-folded text to find in the station, type or owner
 * @station_name: (nullable): the alarm's station's name
 * @station_id: (nullable): its station's id
 * @alarm_type: (nullable): the alarm's type, as its code
 * @owner: (nullable): who took it
 *
 * Whether the alarm table lists an alarm with these values under @filter and the search:
 * a plain function of values, for tests without a display.
 */
gboolean
yz_alarm_filter_accepts (YzAlarmFilter filter, YzAlarmState state, const char *folded_text,
                         const char *station_name, const char *station_id, const char *alarm_type,
                         const char *owner)
{
  switch (filter)
    {
    case YZ_ALARM_FILTER_OPEN:
      if (state == YZ_ALARM_STATE_RESOLVED)
        return FALSE;
      break;
    case YZ_ALARM_FILTER_NEW:
      if (state != YZ_ALARM_STATE_NEW)
        return FALSE;
      break;
    case YZ_ALARM_FILTER_ACKNOWLEDGED:
      if (state != YZ_ALARM_STATE_ACKNOWLEDGED)
        return FALSE;
      break;
    case YZ_ALARM_FILTER_RESOLVED:
      if (state != YZ_ALARM_STATE_RESOLVED)
        return FALSE;
      break;
    case YZ_ALARM_FILTER_ALL:
    default:
      break;
    }

  if (folded_text != NULL && folded_text[0] != '\0')
    {
      const char *fields[] = {
        station_name, station_id, yz_label_alarm_type (alarm_type), alarm_type, owner,
      };

      for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
        {
          g_autofree char *folded = fields[i] ? g_utf8_casefold (fields[i], -1) : NULL;

          if (folded != NULL && strstr (folded, folded_text) != NULL)
            return TRUE;
        }
      return FALSE;
    }

  return TRUE;
}

/**
 * yz_alarm_matches:
 * @folded_text: (nullable): case-folded text to find in the station, type or owner
 *
 * Whether the table lists @alarm: yz_alarm_filter_accepts() of its values.
 */
gboolean
yz_alarm_matches (YzAlarm *alarm, YzAlarmFilter filter, const char *folded_text)
{
  return yz_alarm_filter_accepts (
      filter, yz_alarm_get_state (alarm), folded_text, yz_alarm_get_station_name (alarm),
      yz_alarm_get_station_id (alarm), yz_alarm_get_alarm_type (alarm), yz_alarm_get_owner (alarm));
}

/**
 * yz_alarms_page_what_to_show:
 * @n_listed: how many alarms the table lists now
 * @folded_text: (nullable): the search, case-folded
 *
 * The table, or which empty state stands in for it: a plain function, for tests.
 */
YzAlarmsShow
yz_alarms_page_what_to_show (gboolean have_session, YzConnectionState state, guint n_listed,
                             YzAlarmFilter filter, const char *folded_text)
{
  if (!have_session)
    return YZ_ALARMS_SHOW_NO_GATEWAY;
  if (n_listed > 0)
    return YZ_ALARMS_SHOW_TABLE;
  if (folded_text != NULL && folded_text[0] != '\0')
    return YZ_ALARMS_SHOW_NO_MATCH;
  /* Not connected: an empty list says nothing about the stations. */
  if (state != YZ_CONNECTION_CONNECTED)
    return YZ_ALARMS_SHOW_NOT_CONNECTED;
  if (filter == YZ_ALARM_FILTER_OPEN || filter == YZ_ALARM_FILTER_NEW)
    return YZ_ALARMS_SHOW_ALL_CLEAR;
  return YZ_ALARMS_SHOW_NONE_IN_VIEW;
}

/**
 * yz_alarm_actions_blocked:
 *
 * Why the operator cannot act on alarms now (acknowledge, take, resolve, reopen), or %NULL
 * when they can: a plain function, for tests. The session refuses the same cases; the page
 * says so before anyone tries.
 */
const char *
yz_alarm_actions_blocked (gboolean have_session, YzConnectionState state, YzRole role)
{
  if (!have_session)
    return _("No gateway is set up");
  if (state != YZ_CONNECTION_CONNECTED)
    return _("Not connected to the gateway");
  if (role < YZ_ROLE_OPERATOR)
    return _("Your role may watch alarms but not act on them");
  return NULL;
}
