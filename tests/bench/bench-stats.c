/* bench-stats.c
 *
 * The statistics over a year of history for 580 stations (made up by yz-history.c through
 * the same rollups as live events): the time to build it, its size on disk, and the time
 * of every statistics view for 7 days, 30 days and a year — beside the obvious raw SQLite
 * query over the entries for the same range (visits and distinct workers), in the same
 * run, and beside the floor: SQLite alone summing the rollup rows the view must read.
 * Target: every view within 50 ms (issue 19). Beside each time, the CPU time of the
 * thread: on a shared machine the wall-clock time also counts the other processes.
 *
 * The distinct workers of a range come from per-day and per-month sets that a view keeps
 * once made (stats_visitor_bits); the year's "visits, all" is also measured with those
 * dropped, as the first view of a range ever costs.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>
#include <time.h>

#include "yz-history.h"
#include "yz-stats.h"
#include "yz-store-private.h"

#define N_STATIONS 580

static const char *const districts[] = {
  "牡丹区", "定陶区", "曹县", "单县", "成武县", "巨野县", "郓城县", "鄄城县", "东明县",
};

static double
ms_since (gint64 start)
{
  return (g_get_monotonic_time () - start) / 1000.0;
}

/* This thread's CPU time, ms. */
static double
cpu_ms (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec * 1000.0 + ts.tv_nsec / 1e6;
}

static void
add_stations (YzStore *store)
{
  sqlite3_stmt *station = yz_store_prepare (
      store, "INSERT INTO stations (id, name, district, kind) VALUES (?1, ?2, ?3, ?4)", NULL);
  sqlite3_stmt *stock =
      yz_store_prepare (store,
                        "INSERT INTO stock (id, station_id, item, name, level, capacity, "
                        "low_threshold) VALUES (?1, ?2, ?3, ?3, 20, 48, 12)",
                        NULL);
  static const char *const items[] = { "water", "cold-drink", "ice-cream", "medicine-kit",
                                       "mask",  "umbrella",   "sunscreen", "aed" };

  for (guint i = 1; i <= N_STATIONS; i++)
    {
      g_autofree char *id = g_strdup_printf ("hz-%04u", i);
      g_autofree char *name =
          g_strdup_printf ("%s第%u工会驿站", districts[i % G_N_ELEMENTS (districts)], i);

      sqlite3_bind_text (station, 1, id, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (station, 2, name, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (station, 3, districts[i % G_N_ELEMENTS (districts)], -1, SQLITE_STATIC);
      sqlite3_bind_text (station, 4, i % 8 == 0 ? "smart24" : "standard", -1, SQLITE_STATIC);
      g_assert_cmpint (sqlite3_step (station), ==, SQLITE_DONE);
      sqlite3_reset (station);
      for (guint k = 0; k < G_N_ELEMENTS (items); k++)
        {
          g_autofree char *stock_id = g_strdup_printf ("%s-%s", id, items[k]);

          sqlite3_bind_text (stock, 1, stock_id, -1, SQLITE_TRANSIENT);
          sqlite3_bind_text (stock, 2, id, -1, SQLITE_TRANSIENT);
          sqlite3_bind_text (stock, 3, items[k], -1, SQLITE_STATIC);
          g_assert_cmpint (sqlite3_step (stock), ==, SQLITE_DONE);
          sqlite3_reset (stock);
        }
    }
}

/* The floor: what a console without rollups would run for the headline figures. */
static double
raw_query (YzStore *store, GTimeZone *tz, guint32 from, guint32 to)
{
  sqlite3_stmt *stmt =
      yz_store_prepare (store,
                        "SELECT COUNT (*), COUNT (DISTINCT person_id) FROM entries WHERE time >= "
                        "?1 AND time < ?2 AND result = 'granted'",
                        NULL);
  gint64 start = g_get_monotonic_time ();

  sqlite3_bind_int64 (stmt, 1, yz_stats_day_start (tz, from));
  sqlite3_bind_int64 (stmt, 2, yz_stats_day_start (tz, yz_stats_day_add (to, 1)));
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  sqlite3_reset (stmt);
  return ms_since (start);
}

/* The floor of a view: SQLite alone summing the rollup rows it cannot do without — every
 * stats_hour row of the range for visits (the trend and heat map read each), every
 * stats_alarms row for alarms (through the same index) — warm, in CPU time. A view can
 * only be slower; the ratio says by how much. */
static double
floor_cpu (YzStore *store, int kind, const YzStatsFilter *filter)
{
  static const char *const sql[] = {
    "SELECT SUM (granted) FROM stats_hour WHERE day BETWEEN ?1 AND ?2"
    " AND (?3 IS NULL OR district = ?3)",
    "SELECT SUM (raised_at), SUM (acked_at), SUM (resolved_at), COUNT (type), COUNT (priority),"
    " COUNT (acked_by), COUNT (resolved_by) FROM stats_alarms WHERE day BETWEEN ?1 AND ?2"
    " AND (?3 IS NULL OR district = ?3)",
  };
  sqlite3_stmt *stmt;
  double cpu = 0;

  if (kind > 1 || filter->station_id != NULL)
    return 0;
  stmt = yz_store_prepare (store, sql[kind], NULL);
  for (guint pass = 0; pass < 2; pass++)
    {
      cpu = cpu_ms ();
      sqlite3_bind_int (stmt, 1, filter->from_day);
      sqlite3_bind_int (stmt, 2, filter->to_day);
      if (filter->district)
        sqlite3_bind_text (stmt, 3, filter->district, -1, SQLITE_STATIC);
      else
        sqlite3_bind_null (stmt, 3);
      g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
      sqlite3_reset (stmt);
      cpu = cpu_ms () - cpu;
    }
  return cpu;
}

int
main (int argc, char *argv[])
{
  /* YIZHAN_BENCH_STATS_DB=file keeps the year there and reuses it on the next run. */
  const char *keep = g_getenv ("YIZHAN_BENCH_STATS_DB");
  g_autofree char *dir = keep ? NULL : g_dir_make_tmp ("yizhan-bench-stats-XXXXXX", NULL);
  g_autofree char *path = keep ? g_strdup (keep) : g_build_filename (dir, "year.db", NULL);
  gboolean reuse = keep && g_file_test (keep, G_FILE_TEST_EXISTS);
  g_autoptr(GError) error = NULL;
  g_autoptr(YzStore) store = yz_store_open (path, &error);
  g_autoptr(GTimeZone) tz = g_time_zone_new_identifier ("Asia/Shanghai");
  YzHistoryCounts counts = { 0 };
  guint32 today, first;
  gint64 start;
  GStatBuf st;
  double worst = 0, worst_cpu = 0;
  static const struct
  {
    const char *name;
    int days;
  } ranges[] = { { "7 days", 7 }, { "30 days", 30 }, { "a year", 365 } };

  g_assert_no_error (error);
  if (tz == NULL)
    tz = g_time_zone_new_offset (8 * 3600);
  today = yz_stats_day_of (tz, g_get_real_time () / 1000);
  first = yz_stats_day_add (today, -365);
  if (!reuse)
    add_stations (store);

  start = g_get_monotonic_time ();
  for (guint32 day = first; day < today && !reuse; day = yz_stats_day_add (day, 1))
    g_assert_true (yz_history_generate_day (store, tz, day, 1, G_MAXINT64, &counts, &error));
  if (!reuse)
    g_print ("built a year for %u stations: %" G_GUINT64_FORMAT " entries, %" G_GUINT64_FORMAT
             " alarms, %" G_GUINT64_FORMAT
             " stock changes in %.1f s (%.0f entries/s, rollups included)\n",
             N_STATIONS, counts.entries, counts.alarms, counts.stock_changes,
             ms_since (start) / 1000, counts.entries / (ms_since (start) / 1000));
  sqlite3_exec (yz_store_get_db (store), "PRAGMA wal_checkpoint(TRUNCATE)", NULL, NULL, NULL);
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_print ("size on disk: %.0f MiB (%.0f bytes per entry, everything included)\n",
           st.st_size / 1048576.0, (double)st.st_size / MAX (1, counts.entries));
  {
    sqlite3_stmt *stmt = yz_store_prepare (
        store,
        "SELECT (SELECT COUNT(*) FROM stats_station_day), (SELECT COUNT(*) FROM stats_hour),"
        " (SELECT COUNT(*) FROM stats_visitor_day), (SELECT COUNT(*) FROM stats_visitor_month),"
        " (SELECT COUNT(*) FROM stats_alarms)",
        NULL);

    g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
    g_print ("rollup rows: station-day %d, district-hour %d, worker-day %d, worker-month %d, "
             "alarms %d\n",
             sqlite3_column_int (stmt, 0), sqlite3_column_int (stmt, 1),
             sqlite3_column_int (stmt, 2), sqlite3_column_int (stmt, 3),
             sqlite3_column_int (stmt, 4));
    sqlite3_reset (stmt);
  }

  g_print ("\nms and cpu ms: the view; raw: the entries counted without rollups (wall ms);"
           " floor: SQLite summing the rollup rows the view must read (cpu ms)\n");
  g_print ("\n%-9s %-22s %10s %8s %12s %8s %10s %8s\n", "range", "view", "ms", "cpu ms", "raw ms",
           "ratio", "floor", "ratio");
  for (guint r = 0; r < G_N_ELEMENTS (ranges); r++)
    {
      YzStatsFilter all = { yz_stats_day_add (today, -ranges[r].days), yz_stats_day_add (today, -1),
                            NULL, NULL };
      YzStatsFilter district = { all.from_day, all.to_day, (char *)"牡丹区", NULL };
      YzStatsFilter station = { all.from_day, all.to_day, NULL, (char *)"hz-0042" };
      double raw = raw_query (store, tz, all.from_day, all.to_day);
      struct
      {
        const char *name;
        const YzStatsFilter *filter;
        int kind;
      } views[] = {
        { "visits, all", &all, 0 },
        { "visits, district", &district, 0 },
        { "visits, one station", &station, 0 },
        { "alarms, all", &all, 1 },
        { "alarms, district", &district, 1 },
        { "supplies, all", &all, 2 },
      };

      for (guint v = 0; v < G_N_ELEMENTS (views); v++)
        {
          YzStatsVisits visits;
          YzStatsAlarms alarms;
          YzStatsSupplies supplies;
          double ms, cpu = 0, floor;

          /* Once to warm the page cache, as the page does on every range change. */
          for (guint pass = 0; pass < 2; pass++)
            {
              cpu = cpu_ms ();
              start = g_get_monotonic_time ();
              if (views[v].kind == 0)
                {
                  g_assert_true (yz_stats_visits (store, tz, views[v].filter, &visits, &error));
                  yz_stats_visits_clear (&visits);
                }
              else if (views[v].kind == 1)
                {
                  g_assert_true (yz_stats_alarms (store, views[v].filter, &alarms, &error));
                  yz_stats_alarms_clear (&alarms);
                }
              else
                {
                  g_assert_true (yz_stats_supplies (store, views[v].filter, &supplies, &error));
                  yz_stats_supplies_clear (&supplies);
                }
              ms = ms_since (start);
              cpu = cpu_ms () - cpu;
            }
          worst = MAX (worst, ms);
          worst_cpu = MAX (worst_cpu, cpu);
          floor = floor_cpu (store, views[v].kind, views[v].filter);
          g_print ("%-9s %-22s %10.1f %8.1f %12.1f %8.2f", ranges[r].name, views[v].name, ms, cpu,
                   raw, ms / raw);
          if (floor > 0)
            g_print (" %10.1f %8.1f\n", floor, cpu / floor);
          else
            g_print ("\n");
        }
    }
  g_print ("\nslowest view: %.1f ms, %.1f ms of CPU (target: within 50 ms)\n", worst, worst_cpu);

  /* The first view of a year ever: every day's and month's set of workers made and kept. */
  {
    YzStatsFilter all = { yz_stats_day_add (today, -365), yz_stats_day_add (today, -1), NULL,
                          NULL };
    YzStatsVisits visits;
    double cpu;

    sqlite3_exec (yz_store_get_db (store), "DELETE FROM stats_visitor_bits", NULL, NULL, NULL);
    cpu = cpu_ms ();
    start = g_get_monotonic_time ();
    g_assert_true (yz_stats_visits (store, tz, &all, &visits, &error));
    g_print ("a year, visits, all, the first time (the sets of workers made): %.1f ms, %.1f ms of"
             " CPU\n",
             ms_since (start), cpu_ms () - cpu);
    yz_stats_visits_clear (&visits);
  }

  g_clear_object (&store);
  if (keep == NULL)
    g_unlink (path);
  return 0;
}
