/* test-alarm-filter.c — what the alarm table lists and says, without a display: the state
 * filter and the search, the empty states, and why the actions are off.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib.h>

#include "yz-alarm-filter.h"

static void
test_alarm_filter_state (void)
{
  /* "Not Resolved" lists new and acknowledged alarms, not resolved ones. */
  g_assert_true (yz_alarm_filter_accepts (YZ_ALARM_FILTER_OPEN, YZ_ALARM_STATE_NEW, NULL, NULL,
                                          NULL, "fall", NULL));
  g_assert_true (yz_alarm_filter_accepts (YZ_ALARM_FILTER_OPEN, YZ_ALARM_STATE_ACKNOWLEDGED, NULL,
                                          NULL, NULL, "fall", NULL));
  g_assert_false (yz_alarm_filter_accepts (YZ_ALARM_FILTER_OPEN, YZ_ALARM_STATE_RESOLVED, NULL,
                                           NULL, NULL, "fall", NULL));
  g_assert_true (yz_alarm_filter_accepts (YZ_ALARM_FILTER_NEW, YZ_ALARM_STATE_NEW, NULL, NULL, NULL,
                                          "fall", NULL));
  g_assert_false (yz_alarm_filter_accepts (YZ_ALARM_FILTER_NEW, YZ_ALARM_STATE_ACKNOWLEDGED, NULL,
                                           NULL, NULL, "fall", NULL));
  g_assert_true (yz_alarm_filter_accepts (YZ_ALARM_FILTER_ACKNOWLEDGED, YZ_ALARM_STATE_ACKNOWLEDGED,
                                          NULL, NULL, NULL, "fall", NULL));
  g_assert_false (yz_alarm_filter_accepts (YZ_ALARM_FILTER_ACKNOWLEDGED, YZ_ALARM_STATE_NEW, NULL,
                                           NULL, NULL, "fall", NULL));
  g_assert_true (yz_alarm_filter_accepts (YZ_ALARM_FILTER_RESOLVED, YZ_ALARM_STATE_RESOLVED, NULL,
                                          NULL, NULL, "fall", NULL));
  g_assert_false (yz_alarm_filter_accepts (YZ_ALARM_FILTER_RESOLVED, YZ_ALARM_STATE_NEW, NULL, NULL,
                                           NULL, "fall", NULL));
  for (YzAlarmState state = YZ_ALARM_STATE_NEW; state <= YZ_ALARM_STATE_RESOLVED; state++)
    g_assert_true (
        yz_alarm_filter_accepts (YZ_ALARM_FILTER_ALL, state, NULL, NULL, NULL, "fall", NULL));
}

static void
test_alarm_filter_search (void)
{
  g_autofree char *station = g_utf8_casefold ("Heping", -1);
  g_autofree char *chinese = g_utf8_casefold ("和平", -1);

  /* By station (name or id, any case), type (its code) or owner; nothing else. */
  g_assert_true (yz_alarm_filter_accepts (YZ_ALARM_FILTER_ALL, YZ_ALARM_STATE_NEW, station,
                                          "Heping Road Station", "hz-0001", "fall", NULL));
  g_assert_true (yz_alarm_filter_accepts (YZ_ALARM_FILTER_ALL, YZ_ALARM_STATE_NEW, chinese,
                                          "和平工会驿站", "hz-0001", "fall", NULL));
  g_assert_true (yz_alarm_filter_accepts (YZ_ALARM_FILTER_ALL, YZ_ALARM_STATE_NEW, "hz-0001", NULL,
                                          "hz-0001", "fall", NULL));
  g_assert_true (yz_alarm_filter_accepts (YZ_ALARM_FILTER_ALL, YZ_ALARM_STATE_NEW, "smok", "Heping",
                                          "hz-0001", "smoke", NULL));
  g_assert_true (yz_alarm_filter_accepts (YZ_ALARM_FILTER_ALL, YZ_ALARM_STATE_ACKNOWLEDGED,
                                          "operator", "Heping", "hz-0001", "fall", "operator"));
  g_assert_false (yz_alarm_filter_accepts (YZ_ALARM_FILTER_ALL, YZ_ALARM_STATE_NEW, "zz", "Heping",
                                           "hz-0001", "fall", "operator"));
  /* An empty search lists everything the state filter does. */
  g_assert_true (yz_alarm_filter_accepts (YZ_ALARM_FILTER_OPEN, YZ_ALARM_STATE_NEW, "", NULL, NULL,
                                          NULL, NULL));
  /* The search does not bring back what the state filter leaves out. */
  g_assert_false (yz_alarm_filter_accepts (YZ_ALARM_FILTER_OPEN, YZ_ALARM_STATE_RESOLVED, station,
                                           "Heping Road Station", "hz-0001", "fall", NULL));
}

static void
test_alarm_filter_what_to_show (void)
{
  g_assert_cmpint (
      yz_alarms_page_what_to_show (FALSE, YZ_CONNECTION_CONNECTED, 5, YZ_ALARM_FILTER_OPEN, NULL),
      ==, YZ_ALARMS_SHOW_NO_GATEWAY);
  g_assert_cmpint (
      yz_alarms_page_what_to_show (TRUE, YZ_CONNECTION_DISCONNECTED, 2, YZ_ALARM_FILTER_OPEN, NULL),
      ==, YZ_ALARMS_SHOW_TABLE);
  g_assert_cmpint (
      yz_alarms_page_what_to_show (TRUE, YZ_CONNECTION_CONNECTED, 0, YZ_ALARM_FILTER_OPEN, "zz"),
      ==, YZ_ALARMS_SHOW_NO_MATCH);
  g_assert_cmpint (
      yz_alarms_page_what_to_show (TRUE, YZ_CONNECTION_CONNECTING, 0, YZ_ALARM_FILTER_OPEN, NULL),
      ==, YZ_ALARMS_SHOW_NOT_CONNECTED);
  g_assert_cmpint (
      yz_alarms_page_what_to_show (TRUE, YZ_CONNECTION_CONNECTED, 0, YZ_ALARM_FILTER_NEW, NULL), ==,
      YZ_ALARMS_SHOW_ALL_CLEAR);
  g_assert_cmpint (
      yz_alarms_page_what_to_show (TRUE, YZ_CONNECTION_CONNECTED, 0, YZ_ALARM_FILTER_ALL, ""), ==,
      YZ_ALARMS_SHOW_NONE_IN_VIEW);
}

static void
test_alarm_filter_actions_blocked (void)
{
  g_assert_null (yz_alarm_actions_blocked (TRUE, YZ_CONNECTION_CONNECTED, YZ_ROLE_OPERATOR));
  g_assert_nonnull (yz_alarm_actions_blocked (FALSE, YZ_CONNECTION_CONNECTED, YZ_ROLE_OPERATOR));
  g_assert_nonnull (yz_alarm_actions_blocked (TRUE, YZ_CONNECTION_CONNECTING, YZ_ROLE_OPERATOR));
  g_assert_nonnull (yz_alarm_actions_blocked (TRUE, YZ_CONNECTION_CONNECTED, YZ_ROLE_OBSERVER));
  g_assert_cmpstr (yz_alarm_actions_blocked (TRUE, YZ_CONNECTION_DISCONNECTED, YZ_ROLE_OBSERVER),
                   !=, yz_alarm_actions_blocked (TRUE, YZ_CONNECTION_CONNECTED, YZ_ROLE_OBSERVER));
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/yizhan/alarm-filter/state", test_alarm_filter_state);
  g_test_add_func ("/yizhan/alarm-filter/search", test_alarm_filter_search);
  g_test_add_func ("/yizhan/alarm-filter/what-to-show", test_alarm_filter_what_to_show);
  g_test_add_func ("/yizhan/alarm-filter/actions-blocked", test_alarm_filter_actions_blocked);

  return g_test_run ();
}
