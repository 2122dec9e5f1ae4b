/* test-history.c — the demo's made-up past, written in slices.
 *
 * yz_history_fill_async() makes up a month for `--demo` on the main thread while the window
 * is in use: no pass of the main loop may take long (a day of a 580-station city took
 * 150–900 ms at once), and the days it writes in slices are the days
 * yz_history_generate_day() writes at once.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <time.h>
#include <glib/gstdio.h>

#include "yz-history.h"
#include "yz-session.h"
#include "yz-stats.h"
#include "yz-store.h"
#include "yz-test-backend.h"
#include "yz-test-fixture.h"
#include "yz-test-sim.h"
#include "yz-test-util.h"

#define N_STATIONS 580
#define DAYS 2

/* A store holding a city of N_STATIONS, as a session stores what a gateway sent. */
static YzStore *
city_store (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(YzStore) store = yz_store_open (path, &error);
  g_autoptr(YzTestBackend) backend = yz_test_backend_new_city (N_STATIONS);
  g_autoptr(YzSession) session = NULL;

  g_assert_no_error (error);
  session = yz_session_new (store, YZ_BACKEND (backend));
  yz_session_start (session, "operator", "operator", NULL);
  g_assert_true (yz_test_wait (yz_test_session_is_connected, session, 30000));
  yz_session_stop (session);
  return g_steal_pointer (&store);
}

typedef struct
{
  gboolean done;
  gboolean ok;
  gint64 last;    /* this thread's CPU time (µs) at the last tick */
  gint64 longest; /* CPU µs between two ticks */
  guint passes;
} Fill;

static void
filled_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  Fill *fill = user_data;
  g_autoptr(GError) error = NULL;

  fill->ok = yz_history_fill_finish (YZ_STORE (object), result, &error);
  g_assert_no_error (error);
  fill->done = TRUE;
}

/* A timeout every millisecond, above the fill's priority (as the frame clock is): the CPU
 * time this thread spent between two of its dispatches is what one pass of the fill held
 * the main loop for (CPU time, so that a loaded machine's preemption does not count). */
static gboolean
tick_cb (gpointer user_data)
{
  Fill *fill = user_data;
  gint64 now = yz_test_thread_cpu_us ();

  if (fill->last != 0)
    fill->longest = MAX (fill->longest, now - fill->last);
  fill->last = now;
  fill->passes++;
  return G_SOURCE_CONTINUE;
}

static gboolean
fill_done (gpointer data)
{
  return ((Fill *)data)->done;
}

static void
test_history_fill_slices (void)
{
  g_autofree char *dir = g_dir_make_tmp ("yz-test-history-XXXXXX", NULL);
  g_autofree char *sliced_path = g_build_filename (dir, "sliced.db", NULL);
  g_autofree char *whole_path = g_build_filename (dir, "whole.db", NULL);
  g_autoptr(YzStore) sliced = city_store (sliced_path);
  g_autoptr(YzStore) whole = city_store (whole_path);
  g_autoptr(GTimeZone) tz = g_time_zone_new_local ();
  g_autoptr(GError) error = NULL;
  YzHistoryCounts counts = { 0 };
  Fill fill = { 0 };
  guint tick;
  guint32 today = yz_stats_day_of (tz, g_get_real_time () / 1000);

  tick = g_timeout_add (1, tick_cb, &fill);
  yz_history_fill_async (sliced, DAYS, NULL, filled_cb, &fill);
  g_assert_true (yz_test_wait (fill_done, &fill, 300000));
  g_source_remove (tick);
  g_assert_true (fill.ok);
  g_test_message ("%u passes, the longest %.1f ms of CPU", fill.passes, fill.longest / 1000.0);
  /* Slices of 8 ms (and a commit); a whole day at once is 150 ms or more. */
  g_assert_cmpint (fill.longest, <, 50 * 1000);

  /* The whole days before today are the days made at once (today stops at the fill's
   * start, a moment this test cannot repeat). */
  for (int d = -DAYS; d < 0; d++)
    {
      guint32 day = yz_stats_day_add (today, d);
      const char *const queries[] = {
        "SELECT COUNT(*) FROM entries WHERE id LIKE 'h-DAY-%'",
        "SELECT COUNT(*) FROM alarms WHERE id LIKE 'h-a-DAY-%'",
        "SELECT COUNT(*) FROM alarm_history WHERE alarm_id LIKE 'h-a-DAY-%'",
        "SELECT TOTAL(granted) + 1000000 * TOTAL(denied) FROM stats_station_day WHERE day = DAY",
        "SELECT TOTAL(consumed) + 1000000 * TOTAL(restocked) FROM stats_stock_day WHERE day = DAY",
        "SELECT TOTAL(n) FROM stats_door_day WHERE day = DAY",
        "SELECT COUNT(*) FROM stats_alarms WHERE day = DAY",
      };

      g_assert_true (yz_history_generate_day (whole, tz, day, 2024, G_MAXINT64, &counts, &error));
      g_assert_no_error (error);
      for (guint q = 0; q < G_N_ELEMENTS (queries); q++)
        {
          g_auto(GStrv) parts = g_strsplit (queries[q], "DAY", -1);
          g_autofree char *day_text = g_strdup_printf ("%u", day);
          g_autofree char *sql = g_strjoinv (day_text, parts);
          gint64 expected = yz_test_query_int (whole, sql);

          g_assert_cmpint (expected, >, 0);
          g_assert_cmpint (yz_test_query_int (sliced, sql), ==, expected);
        }
    }

  yz_test_remove_tree (dir);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/yizhan/history/fill-slices", test_history_fill_slices);

  return g_test_run ();
}
