/* test-entry-filter.c — what the entries page shows, without a display: the time a "When"
 * choice covers, the custom range's check, and the empty states.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib.h>

#include "yz-entry-filter.h"

#define HOUR_MS ((gint64)3600 * 1000)

static void
test_entry_filter_time_range (void)
{
  g_autoptr(GDateTime) noon = g_date_time_new_local (2026, 3, 14, 12, 30, 0);
  g_autoptr(GDateTime) midnight = g_date_time_new_local (2026, 3, 14, 0, 0, 0);
  gint64 now = g_date_time_to_unix (noon) * 1000;
  gint64 from, to;

  yz_entries_time_range (YZ_ENTRIES_TIME_ANY, now, FALSE, 0, 0, &from, &to);
  g_assert_cmpint (from, ==, G_MININT64);
  g_assert_cmpint (to, ==, G_MAXINT64);
  yz_entries_time_range (YZ_ENTRIES_TIME_HOUR, now, FALSE, 0, 0, &from, &to);
  g_assert_cmpint (from, ==, now - HOUR_MS);
  g_assert_cmpint (to, ==, G_MAXINT64);
  /* Today: from the local midnight, not the last 24 hours. */
  yz_entries_time_range (YZ_ENTRIES_TIME_TODAY, now, FALSE, 0, 0, &from, &to);
  g_assert_cmpint (from, ==, g_date_time_to_unix (midnight) * 1000);
  g_assert_cmpint (to, ==, G_MAXINT64);
  yz_entries_time_range (YZ_ENTRIES_TIME_WEEK, now, FALSE, 0, 0, &from, &to);
  g_assert_cmpint (from, ==, now - 7 * 24 * HOUR_MS);
  yz_entries_time_range (YZ_ENTRIES_TIME_MONTH, now, FALSE, 0, 0, &from, &to);
  g_assert_cmpint (from, ==, now - 30 * 24 * HOUR_MS);
  /* A custom range: both ends; none applied yet, all time. */
  yz_entries_time_range (YZ_ENTRIES_TIME_CUSTOM, now, TRUE, now - 5 * HOUR_MS, now - HOUR_MS, &from,
                         &to);
  g_assert_cmpint (from, ==, now - 5 * HOUR_MS);
  g_assert_cmpint (to, ==, now - HOUR_MS);
  yz_entries_time_range (YZ_ENTRIES_TIME_CUSTOM, now, FALSE, now - 5 * HOUR_MS, now - HOUR_MS,
                         &from, &to);
  g_assert_cmpint (from, ==, G_MININT64);
  g_assert_cmpint (to, ==, G_MAXINT64);
}

static void
test_entry_filter_check_range (void)
{
  g_autofree char *before = NULL;
  g_autofree char *same = NULL;

  g_assert_true (yz_entries_page_check_range (1000, 2000, NULL));
  g_assert_false (yz_entries_page_check_range (2000, 1000, &before));
  g_assert_nonnull (before);
  g_assert_false (yz_entries_page_check_range (1000, 1000, &same));
  g_assert_nonnull (same);
  /* Each says what is wrong with it. */
  g_assert_cmpstr (before, !=, same);
}

static void
test_entry_filter_empty_state (void)
{
  /* No gateway comes first: a filter or entries on record do not hide it. */
  g_assert_cmpint (yz_entries_page_empty_state (FALSE, YZ_CONNECTION_CONNECTED, 5, TRUE), ==,
                   YZ_ENTRIES_EMPTY_NO_GATEWAY);
  g_assert_cmpint (yz_entries_page_empty_state (TRUE, YZ_CONNECTION_DISCONNECTED, 5, TRUE), ==,
                   YZ_ENTRIES_EMPTY_NONE);
  g_assert_cmpint (yz_entries_page_empty_state (TRUE, YZ_CONNECTION_DISCONNECTED, 0, TRUE), ==,
                   YZ_ENTRIES_EMPTY_NO_MATCH);
  g_assert_cmpint (yz_entries_page_empty_state (TRUE, YZ_CONNECTION_CONNECTING, 0, FALSE), ==,
                   YZ_ENTRIES_EMPTY_NOT_CONNECTED);
  g_assert_cmpint (yz_entries_page_empty_state (TRUE, YZ_CONNECTION_CONNECTED, 0, FALSE), ==,
                   YZ_ENTRIES_EMPTY_NO_ENTRIES);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/yizhan/entry-filter/time-range", test_entry_filter_time_range);
  g_test_add_func ("/yizhan/entry-filter/check-range", test_entry_filter_check_range);
  g_test_add_func ("/yizhan/entry-filter/empty-state", test_entry_filter_empty_state);

  return g_test_run ();
}
