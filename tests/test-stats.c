/* test-stats.c
 *
 * The statistics: a fixture with known answers (counts, distinct workers, medians and
 * percentiles, heat-map cells) across a local day boundary, in Asia/Shanghai; the rollups
 * against the same figures computed from the raw rows over many ranges; the forecast; the
 * made-up history; and the rollups kept by a live session against yizhan-sim, with a
 * restock round trip and its audit rows.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>

#include "yz-gateway-backend.h"
#include "yz-history.h"
#include "yz-items-private.h"
#include "yz-session.h"
#include "yz-stats.h"
#include "yz-store-private.h"
#include "yz-supplies.h"
#include "yz-test-fixture.h"
#include "yz-test-util.h"

#define MIN_MS (60 * (gint64)1000)

static GTimeZone *
shanghai (void)
{
  GTimeZone *tz = g_time_zone_new_identifier ("Asia/Shanghai");

  if (tz == NULL)
    tz = g_time_zone_new_offset (8 * 3600);
  return tz;
}

/* Milliseconds of a local time in Shanghai. */
static gint64
at (int year, int month, int day, int hour, int minute)
{
  g_autoptr(GTimeZone) tz = shanghai ();
  g_autoptr(GDateTime) dt = g_date_time_new (tz, year, month, day, hour, minute, 0);

  return g_date_time_to_unix (dt) * 1000;
}

/* A fresh store in a temporary directory; yz_test_fixture_tear_down() removes both. */
static YzStore *
new_store (YzTestFixture *fx)
{
  yz_test_fixture_set_up (
      fx, &(YzTestFixtureOptions){ .name = "stats", .store_only = TRUE, .db_name = "stats.db" });
  return fx->store;
}

static void
add_entry (YzStore *store, const char *id, const char *station, gint64 time, const char *person,
           const char *occupation, const char *result)
{
  sqlite3_stmt *stmt = yz_store_prepare (
      store,
      "INSERT INTO entries (id, station_id, time, person_id, occupation, method, result)"
      " VALUES (?1, ?2, ?3, ?4, ?5, 'face', ?6)",
      NULL);

  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, station, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 3, time);
  sqlite3_bind_text (stmt, 4, person, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 5, occupation, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 6, result, -1, SQLITE_TRANSIENT);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
  sqlite3_reset (stmt);
}

static void
add_alarm (YzStore *store, const char *id, const char *type, const char *priority, gint64 raised,
           gint64 ack_after_min, const char *ack_by, gint64 resolve_after_min,
           const char *resolve_by)
{
  sqlite3_stmt *stmt = yz_store_prepare (
      store,
      "INSERT INTO alarms (id, station_id, type, priority, raised_at, state, updated_at)"
      " VALUES (?1, 'hz-a', ?2, ?3, ?4, 'new', ?4)",
      NULL);

  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, type, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, priority, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 4, raised);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
  sqlite3_reset (stmt);

  stmt = yz_store_prepare (
      store, "INSERT INTO alarm_history (alarm_id, time, action, by) VALUES (?1, ?2, ?3, ?4)",
      NULL);
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, raised);
  sqlite3_bind_text (stmt, 3, "raised", -1, SQLITE_STATIC);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
  sqlite3_reset (stmt);
  if (ack_after_min >= 0)
    {
      sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
      sqlite3_bind_int64 (stmt, 2, raised + ack_after_min * MIN_MS);
      sqlite3_bind_text (stmt, 3, "acknowledged", -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 4, ack_by, -1, SQLITE_TRANSIENT);
      g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
      sqlite3_reset (stmt);
    }
  if (resolve_after_min >= 0)
    {
      sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
      sqlite3_bind_int64 (stmt, 2, raised + resolve_after_min * MIN_MS);
      sqlite3_bind_text (stmt, 3, "resolved", -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 4, resolve_by, -1, SQLITE_TRANSIENT);
      g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
      sqlite3_reset (stmt);
    }
}

/* Three stations in two districts (C never visited); entries around midnight of
 * 2026-11-22/23 in Shanghai, which is 16:00 UTC. */
static void
fill_fixture (YzStore *store)
{
  yz_test_exec_sql (store,
                    "INSERT INTO stations (id, name, district) VALUES"
                    " ('hz-a', '华英路工会驿站', '牡丹区'), ('hz-b', '双河路工会驿站', '定陶区'),"
                    " ('hz-c', '唐塔工会驿站', '牡丹区');");
  add_entry (store, "e1", "hz-a", at (2026, 11, 22, 23, 30), "p1", "sanitation", "granted");
  add_entry (store, "e2", "hz-a", at (2026, 11, 23, 0, 10), "p1", "sanitation", "granted");
  add_entry (store, "e3", "hz-a", at (2026, 11, 23, 8, 0), "p2", "delivery", "granted");
  add_entry (store, "e4", "hz-b", at (2026, 11, 23, 8, 30), "p1", "sanitation", "granted");
  add_entry (store, "e5", "hz-b", at (2026, 11, 23, 9, 0), "p3", "courier", "denied");
  add_entry (store, "e6", "hz-b", at (2026, 11, 23, 9, 5), NULL, "unknown", "stranger");
  add_entry (store, "e7", "hz-a", at (2026, 11, 30, 12, 0), "p4", "courier", "granted");
  add_entry (store, "e8", "hz-a", at (2026, 12, 1, 10, 0), "p2", "delivery", "granted");
  add_entry (store, "e9", "hz-b", at (2026, 10, 31, 23, 59), "p5", "other", "granted");

  /* Acknowledged after 1, 2, 3, 4 and 10 minutes; resolved after 10, 20, 30, 40. */
  add_alarm (store, "a1", "fall", "critical", at (2026, 11, 23, 3, 0), 1, "op1", 10, "op1");
  add_alarm (store, "a2", "smoking", "medium", at (2026, 11, 23, 4, 0), 2, "op2", 20, "op2");
  add_alarm (store, "a3", "smoking", "medium", at (2026, 11, 23, 5, 0), 3, "op1", 30, "op2");
  add_alarm (store, "a4", "sos", "critical", at (2026, 11, 23, 6, 0), 10, "op2", 40, "op1");
  add_alarm (store, "a5", "altercation", "high", at (2026, 11, 23, 7, 0), 4, "op1", -1, NULL);
  add_alarm (store, "a6", "smoking", "medium", at (2026, 11, 24, 7, 0), -1, NULL, -1, NULL);
}

static const YzStatsRow *
find_row (GArray *rows, const char *key)
{
  for (guint i = 0; i < rows->len; i++)
    if (g_strcmp0 (g_array_index (rows, YzStatsRow, i).key, key) == 0)
      return &g_array_index (rows, YzStatsRow, i);
  return NULL;
}

static void
test_stats_known_answers (void)
{
  YzTestFixture fx = { 0 };
  YzStore *store = new_store (&fx);
  g_autoptr(GTimeZone) tz = shanghai ();
  g_autoptr(GError) error = NULL;
  YzStatsFilter filter = { 20261123, 20261123, NULL, NULL };
  YzStatsVisits visits;
  YzStatsAlarms alarms;
  const YzStatsRow *row;

  fill_fixture (store);
  g_assert_true (yz_stats_rebuild (store, tz, &error));
  g_assert_no_error (error);

  /* The day of 23 November, local: e2 (00:10, still the 22nd in UTC), e3, e4. */
  g_assert_true (yz_stats_visits (store, tz, &filter, &visits, &error));
  g_assert_cmpint (visits.granted, ==, 3);
  g_assert_cmpint (visits.denied, ==, 2);
  g_assert_cmpint (visits.workers, ==, 2);
  row = find_row (visits.occupations, "sanitation");
  g_assert_nonnull (row);
  g_assert_cmpint (row->value, ==, 2);
  g_assert_cmpint (row->value2, ==, 1);
  row = find_row (visits.occupations, "delivery");
  g_assert_cmpint (row->value, ==, 1);
  g_assert_null (find_row (visits.occupations, "courier")); /* denied: not a visit */
  g_assert_cmpuint (visits.stations->len, ==, 3);
  g_assert_cmpstr (g_array_index (visits.stations, YzStatsRow, 0).key, ==, "hz-a");
  g_assert_cmpstr (g_array_index (visits.stations, YzStatsRow, 0).label, ==, "华英路工会驿站");
  g_assert_cmpint (g_array_index (visits.stations, YzStatsRow, 0).value, ==, 2);
  g_assert_cmpstr (g_array_index (visits.stations, YzStatsRow, 2).key, ==, "hz-c");
  g_assert_cmpint (g_array_index (visits.stations, YzStatsRow, 2).value, ==, 0);
  /* 23 November 2026 is a Monday: 00:00 holds one visit, 08:00 two. */
  g_assert_cmpint (visits.heat[0][0], ==, 1);
  g_assert_cmpint (visits.heat[0][8], ==, 2);
  g_assert_cmpint (visits.heat[6][23], ==, 0);
  g_assert_cmpuint (visits.trend->len, ==, 1);
  yz_stats_visits_clear (&visits);

  /* Two days: the 22nd has e1 at 23:30 (Sunday). */
  filter.from_day = 20261122;
  g_assert_true (yz_stats_visits (store, tz, &filter, &visits, &error));
  g_assert_cmpint (visits.granted, ==, 4);
  g_assert_cmpint (visits.workers, ==, 2);
  g_assert_cmpint (visits.heat[6][23], ==, 1);
  g_assert_cmpuint (visits.trend->len, ==, 2);
  g_assert_cmpstr (g_array_index (visits.trend, YzStatsRow, 0).key, ==, "20261122");
  g_assert_cmpint (g_array_index (visits.trend, YzStatsRow, 0).value, ==, 1);
  g_assert_cmpint (g_array_index (visits.trend, YzStatsRow, 1).value, ==, 3);
  yz_stats_visits_clear (&visits);

  /* November and December in one district (whole months: the monthly workers table):
   * p1, p2, p4 at hz-a; e9 is October (local) and hz-b is in another district. */
  filter = (YzStatsFilter){ 20261101, 20261231, (char *)"牡丹区", NULL };
  g_assert_true (yz_stats_visits (store, tz, &filter, &visits, &error));
  g_assert_cmpint (visits.granted, ==, 5);
  g_assert_cmpint (visits.workers, ==, 3);
  g_assert_cmpuint (visits.stations->len, ==, 2);
  g_assert_cmpuint (visits.trend->len, ==, 61);
  yz_stats_visits_clear (&visits);

  /* One station: read from its raw entries. */
  filter = (YzStatsFilter){ 20261101, 20261130, NULL, (char *)"hz-b" };
  g_assert_true (yz_stats_visits (store, tz, &filter, &visits, &error));
  g_assert_cmpint (visits.granted, ==, 1);
  g_assert_cmpint (visits.denied, ==, 2);
  g_assert_cmpint (visits.workers, ==, 1);
  g_assert_cmpuint (visits.stations->len, ==, 1);
  yz_stats_visits_clear (&visits);

  /* Alarms raised on the 23rd: a1–a5. */
  filter = (YzStatsFilter){ 20261123, 20261123, NULL, NULL };
  g_assert_true (yz_stats_alarms (store, &filter, &alarms, &error));
  g_assert_cmpint (alarms.raised, ==, 5);
  g_assert_cmpint (alarms.acknowledged, ==, 5);
  g_assert_cmpint (alarms.resolved, ==, 4);
  g_assert_cmpint (alarms.priorities[3], ==, 2);
  g_assert_cmpint (alarms.priorities[2], ==, 1);
  g_assert_cmpint (alarms.priorities[1], ==, 2);
  g_assert_cmpint (alarms.priorities[0], ==, 0);
  g_assert_cmpstr (g_array_index (alarms.types, YzStatsRow, 0).key, ==, "smoking");
  g_assert_cmpint (g_array_index (alarms.types, YzStatsRow, 0).value, ==, 2);
  /* Acknowledged after 1, 2, 3, 4, 10 min: median 3, p90 (nearest rank 5 of 5) 10. */
  g_assert_cmpint (alarms.ack_median_ms, ==, 3 * MIN_MS);
  g_assert_cmpint (alarms.ack_p90_ms, ==, 10 * MIN_MS);
  /* Resolved after 10, 20, 30, 40 min: median 25, p90 (rank 4 of 4) 40. */
  g_assert_cmpint (alarms.resolve_median_ms, ==, 25 * MIN_MS);
  g_assert_cmpint (alarms.resolve_p90_ms, ==, 40 * MIN_MS);
  row = find_row (alarms.operators, "op1");
  g_assert_nonnull (row);
  g_assert_cmpint (row->value, ==, 3);
  g_assert_cmpint (row->value2, ==, 2);
  row = find_row (alarms.operators, "op2");
  g_assert_cmpint (row->value, ==, 2);
  g_assert_cmpint (row->value2, ==, 2);
  yz_stats_alarms_clear (&alarms);

  /* A reopened alarm is no longer resolved; nothing raised that week: -1. */
  yz_stats_record_alarm_action (store, "a4", "reopened", "op1", at (2026, 11, 23, 12, 0));
  g_assert_true (yz_stats_alarms (store, &filter, &alarms, &error));
  g_assert_cmpint (alarms.resolved, ==, 3);
  g_assert_cmpint (alarms.resolve_median_ms, ==, 20 * MIN_MS);
  yz_stats_alarms_clear (&alarms);
  filter = (YzStatsFilter){ 20261201, 20261207, NULL, NULL };
  g_assert_true (yz_stats_alarms (store, &filter, &alarms, &error));
  g_assert_cmpint (alarms.raised, ==, 0);
  g_assert_cmpint (alarms.ack_median_ms, ==, -1);
  yz_stats_alarms_clear (&alarms);

  yz_test_fixture_tear_down (&fx);
}

static void
compare_visits (YzStatsVisits *a, YzStatsVisits *b)
{
  g_assert_cmpint (a->granted, ==, b->granted);
  g_assert_cmpint (a->denied, ==, b->denied);
  g_assert_cmpint (a->workers, ==, b->workers);
  g_assert_cmpint (memcmp (a->heat, b->heat, sizeof a->heat), ==, 0);
  g_assert_cmpuint (a->occupations->len, ==, b->occupations->len);
  for (guint i = 0; i < a->occupations->len; i++)
    {
      YzStatsRow *ra = &g_array_index (a->occupations, YzStatsRow, i);
      const YzStatsRow *rb = find_row (b->occupations, ra->key);

      g_assert_nonnull (rb);
      g_assert_cmpint (ra->value, ==, rb->value);
      g_assert_cmpint (ra->value2, ==, rb->value2);
    }
  g_assert_cmpuint (a->trend->len, ==, b->trend->len);
  for (guint i = 0; i < a->trend->len; i++)
    g_assert_cmpint (g_array_index (a->trend, YzStatsRow, i).value, ==,
                     g_array_index (b->trend, YzStatsRow, i).value);
  for (guint i = 0; i < a->stations->len; i++)
    {
      YzStatsRow *ra = &g_array_index (a->stations, YzStatsRow, i);
      const YzStatsRow *rb = find_row (b->stations, ra->key);

      g_assert_nonnull (rb);
      g_assert_cmpint (ra->value, ==, rb->value);
    }
}

/* A made-up quarter through the rollups, and the same figures from the raw entries, over
 * ranges that cut months in every way. */
static void
test_stats_rollups_match_raw (void)
{
  YzTestFixture fx = { 0 };
  YzStore *store = new_store (&fx);
  g_autoptr(GTimeZone) tz = shanghai ();
  g_autoptr(GError) error = NULL;
  YzHistoryCounts counts = { 0 };
  static const guint32 ranges[][2] = {
    { 20260901, 20261130 }, { 20260915, 20261015 }, { 20261001, 20261031 },
    { 20260920, 20261130 }, { 20261103, 20261103 }, { 20260901, 20260930 },
  };
  static const char *const districts[] = { NULL, "牡丹区" };

  yz_test_exec_sql (
      store, "INSERT INTO stations (id, name, district, kind) VALUES"
             " ('hz-1', '一号', '牡丹区', 'smart24'), ('hz-2', '二号', '牡丹区', 'standard'),"
             " ('hz-3', '三号', '定陶区', 'smart24'), ('hz-4', '四号', '曹县', 'standard');"
             "INSERT INTO stock (id, station_id, item, name, level, capacity, low_threshold) VALUES"
             " ('hz-1-water', 'hz-1', 'water', '饮用水', 10, 48, 12);");
  for (guint32 day = 20260901; day <= 20261130; day = yz_stats_day_add (day, 1))
    g_assert_true (yz_history_generate_day (store, tz, day, 7, G_MAXINT64, &counts, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (counts.entries, >, 1000);
  g_assert_cmpuint (counts.entries, ==, yz_test_query_int (store, "SELECT COUNT(*) FROM entries"));
  g_assert_cmpuint (counts.alarms, ==,
                    yz_test_query_int (store, "SELECT COUNT(*) FROM stats_alarms"));
  g_assert_cmpint (yz_test_query_int (store, "SELECT COUNT(*) FROM stock_usage"), >, 0);

  for (guint d = 0; d < G_N_ELEMENTS (districts); d++)
    for (guint i = 0; i < G_N_ELEMENTS (ranges); i++)
      {
        YzStatsFilter filter = { ranges[i][0], ranges[i][1], (char *)districts[d], NULL };
        YzStatsVisits rolled, raw;

        g_assert_true (yz_stats_visits (store, tz, &filter, &rolled, &error));
        g_assert_true (yz_stats_visits_from_entries (store, tz, &filter, &raw, &error));
        g_assert_cmpint (rolled.granted, >, 0);
        compare_visits (&rolled, &raw);
        yz_stats_visits_clear (&rolled);
        yz_stats_visits_clear (&raw);
      }

  /* A rebuild from the raw rows gives the same rollups. */
  {
    YzStatsFilter filter = { 20260901, 20261130, NULL, NULL };
    YzStatsVisits before, after;
    YzStatsAlarms alarms_before, alarms_after;

    g_assert_true (yz_stats_visits (store, tz, &filter, &before, &error));
    g_assert_true (yz_stats_alarms (store, &filter, &alarms_before, &error));
    g_assert_true (yz_stats_rebuild (store, tz, &error));
    g_assert_true (yz_stats_visits (store, tz, &filter, &after, &error));
    g_assert_true (yz_stats_alarms (store, &filter, &alarms_after, &error));
    compare_visits (&before, &after);
    g_assert_cmpint (alarms_before.raised, ==, alarms_after.raised);
    g_assert_cmpint (alarms_before.ack_median_ms, ==, alarms_after.ack_median_ms);
    g_assert_cmpint (alarms_before.resolve_p90_ms, ==, alarms_after.resolve_p90_ms);
    yz_stats_visits_clear (&before);
    yz_stats_visits_clear (&after);
    yz_stats_alarms_clear (&alarms_before);
    yz_stats_alarms_clear (&alarms_after);
  }

  yz_test_fixture_tear_down (&fx);
}

/* A granted entry arriving now, counted as the session counts it. */
static void
arrive (YzStore *store, GTimeZone *tz, const char *id, const char *station, const char *district,
        gint64 time, const char *person)
{
  YzEntryData entry = { .id = (char *)id,
                        .station_id = (char *)station,
                        .time = time,
                        .person_id = (char *)person,
                        .occupation = "courier",
                        .result = "granted" };

  add_entry (store, id, station, time, person, "courier", "granted");
  yz_stats_record_entry (store, tz, &entry, district);
}

static void
check_workers (YzStore *store, GTimeZone *tz, const char *district, gint64 expected)
{
  g_autoptr(GError) error = NULL;
  YzStatsFilter filter = { 20241001, 20241130, (char *)district, NULL };
  YzStatsVisits rolled, raw;

  g_assert_true (yz_stats_visits (store, tz, &filter, &rolled, &error));
  g_assert_no_error (error);
  g_assert_true (yz_stats_visits_from_entries (store, tz, &filter, &raw, &error));
  g_assert_cmpint (rolled.workers, ==, expected);
  compare_visits (&rolled, &raw);
  yz_stats_visits_clear (&rolled);
  yz_stats_visits_clear (&raw);
}

/* The distinct workers of past days and months are kept as sets once a view made them
 * (stats_visitor_bits): a late entry of a worker new to a kept period counts all the same,
 * and a rebuild starts them again. */
static void
test_stats_kept_workers (void)
{
  YzTestFixture fx = { 0 };
  YzStore *store = new_store (&fx);
  g_autoptr(GTimeZone) tz = shanghai ();
  g_autoptr(GError) error = NULL;

  yz_test_exec_sql (store,
                    "INSERT INTO stations (id, name, district) VALUES"
                    " ('hz-a', '华英路工会驿站', '牡丹区'), ('hz-b', '双河路工会驿站', '定陶区');");
  arrive (store, tz, "k1", "hz-a", "牡丹区", at (2024, 10, 5, 9, 0), "w1");
  arrive (store, tz, "k2", "hz-b", "定陶区", at (2024, 10, 6, 9, 0), "w2");
  arrive (store, tz, "k3", "hz-a", "牡丹区", at (2024, 11, 7, 9, 0), "w2");
  arrive (store, tz, "k4", "hz-b", "定陶区", at (2024, 11, 30, 23, 0), "w3");

  check_workers (store, tz, NULL, 3);
  check_workers (store, tz, "牡丹区", 2);
  /* Both months kept, for all districts and for the one asked. */
  g_assert_cmpint (yz_test_query_int (store, "SELECT COUNT(*) FROM stats_visitor_bits"
                                             " WHERE period IN (202410, 202411) AND every = 1"),
                   ==, 2);
  g_assert_cmpint (yz_test_query_int (store, "SELECT COUNT(*) FROM stats_visitor_bits"
                                             " WHERE period IN (202410, 202411) AND every = 0"
                                             " AND district = '牡丹区'"),
                   ==, 2);
  /* Read from the kept sets: the same. */
  check_workers (store, tz, NULL, 3);

  /* Late: a new worker in October at 牡丹区, and a known one in November at 定陶区. */
  arrive (store, tz, "k5", "hz-a", "牡丹区", at (2024, 10, 20, 9, 0), "w4");
  arrive (store, tz, "k6", "hz-b", "定陶区", at (2024, 11, 8, 9, 0), "w1");
  check_workers (store, tz, NULL, 4);
  check_workers (store, tz, "牡丹区", 3);
  check_workers (store, tz, "定陶区", 3);

  g_assert_true (yz_stats_rebuild (store, tz, &error));
  g_assert_no_error (error);
  g_assert_cmpint (yz_test_query_int (store, "SELECT COUNT(*) FROM stats_visitor_bits"), ==, 0);
  check_workers (store, tz, NULL, 4);

  yz_test_fixture_tear_down (&fx);
}

static void
test_stats_supplies_and_forecast (void)
{
  YzTestFixture fx = { 0 };
  YzStore *store = new_store (&fx);
  g_autoptr(GTimeZone) tz = shanghai ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) rates = NULL;
  YzStatsFilter filter = { 20261116, 20261123, NULL, NULL };
  YzStatsSupplies supplies;
  gint64 now = at (2026, 11, 23, 12, 0);
  double *rate;

  /* Water at hz-a: 4 a day on 16–22 November, 2 this morning (7.5 days of record);
   * ice cream only today. */
  for (int d = 16; d <= 22; d++)
    yz_stats_record_stock (store, tz, "hz-a-water", "water", "牡丹区", 40, 36,
                           at (2026, 11, d, 10, 0));
  yz_stats_record_stock (store, tz, "hz-a-water", "water", "牡丹区", 36, 34,
                         at (2026, 11, 23, 9, 0));
  yz_stats_record_stock (store, tz, "hz-a-water", "water", "牡丹区", 34, 48,
                         at (2026, 11, 23, 10, 0));
  yz_stats_record_stock (store, tz, "hz-a-ice-cream", "ice-cream", "牡丹区", 10, 9,
                         at (2026, 11, 23, 9, 0));
  /* Before the window, in another district: counted in neither. */
  yz_stats_record_stock (store, tz, "hz-b-water", "water", "定陶区", 40, 10,
                         at (2026, 11, 1, 10, 0));
  /* One reason in three forms (its code with words, the English preset, the Chinese
   * preset of before the codes): counted as one reason. */
  yz_stats_record_door_command (store, tz, "牡丹区", "open", "worker-locked-out: 李明",
                                at (2026, 11, 23, 2, 0));
  yz_stats_record_door_command (store, tz, "牡丹区", "open",
                                "Worker locked out, identity confirmed", at (2026, 11, 23, 3, 0));
  yz_stats_record_door_command (store, tz, "牡丹区", "open", "劳动者被锁在门外，身份已确认",
                                at (2026, 11, 23, 3, 30));
  yz_stats_record_door_command (store, tz, "定陶区", "keep-open", "急救人员即将到达",
                                at (2026, 11, 23, 4, 0));

  g_assert_true (yz_stats_supplies (store, &filter, &supplies, &error));
  g_assert_cmpstr (g_array_index (supplies.items, YzStatsRow, 0).key, ==, "water");
  g_assert_cmpint (g_array_index (supplies.items, YzStatsRow, 0).value, ==, 30);
  g_assert_cmpint (g_array_index (supplies.items, YzStatsRow, 0).value2, ==, 14);
  g_assert_cmpint (find_row (supplies.items, "ice-cream")->value, ==, 1);
  g_assert_cmpstr (g_array_index (supplies.reasons, YzStatsRow, 0).key, ==, "worker-locked-out");
  g_assert_cmpint (g_array_index (supplies.reasons, YzStatsRow, 0).value, ==, 3);
  g_assert_nonnull (find_row (supplies.reasons, "medical"));
  g_assert_cmpint (find_row (supplies.commands, "keep-open")->value, ==, 1);
  yz_stats_supplies_clear (&supplies);

  filter.district = (char *)"定陶区";
  g_assert_true (yz_stats_supplies (store, &filter, &supplies, &error));
  g_assert_cmpuint (supplies.items->len, ==, 0);
  g_assert_cmpuint (supplies.reasons->len, ==, 1);
  yz_stats_supplies_clear (&supplies);

  /* Two weeks back from noon on the 23rd: water first seen on the 16th, so 30 over 7.5 days. */
  rates = yz_stats_consumption_rates (store, tz, now, 14, &error);
  g_assert_no_error (error);
  rate = g_hash_table_lookup (rates, "hz-a-water");
  g_assert_nonnull (rate);
  g_assert_cmpfloat_with_epsilon (*rate, 30 / 7.5, 1e-9);
  /* Seen only this morning: at least a day is assumed. */
  g_assert_cmpfloat_with_epsilon (*(double *)g_hash_table_lookup (rates, "hz-a-ice-cream"), 1.0,
                                  1e-9);
  /* The 1st is out of a 14-day window. */
  g_assert_null (g_hash_table_lookup (rates, "hz-b-water"));

  /* Pruned usage is gone from the forecast, kept in the statistics. */
  yz_stats_prune_usage (store, 20261120);
  g_clear_pointer (&rates, g_hash_table_unref);
  rates = yz_stats_consumption_rates (store, tz, now, 14, &error);
  g_assert_cmpfloat_with_epsilon (*(double *)g_hash_table_lookup (rates, "hz-a-water"), 14 / 3.5,
                                  1e-9);
  filter.district = NULL;
  g_assert_true (yz_stats_supplies (store, &filter, &supplies, &error));
  g_assert_cmpint (g_array_index (supplies.items, YzStatsRow, 0).value, ==, 30);
  yz_stats_supplies_clear (&supplies);

  yz_test_fixture_tear_down (&fx);
}

static void
add_stock (GListStore *model, const char *id, const char *station_id, const char *item,
           gint64 level, gint64 capacity, gint64 threshold)
{
  YzStockData data = { (char *)id,   (char *)station_id,
                       item,         (char *)"饮用水, \"大桶\"",
                       (char *)"瓶", level,
                       capacity,     threshold };
  g_autoptr(YzStock) stock = yz_stock_new (&data);

  g_list_store_append (model, stock);
}

static void
add_rate (GHashTable *rates, const char *id, double rate)
{
  double *value = g_new (double, 1);

  *value = rate;
  g_hash_table_insert (rates, g_strdup (id), value);
}

/* The van's list: due items only, by district, soonest empty first, with what to bring. */
static void
test_stats_restock_plan (void)
{
  g_autoptr(GListStore) stations = g_list_store_new (YZ_TYPE_STATION);
  g_autoptr(GListStore) stock = g_list_store_new (YZ_TYPE_STOCK);
  g_autoptr(GHashTable) rates = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GPtrArray) plan = NULL;
  g_autofree char *csv = NULL;
  g_auto(GStrv) lines = NULL;
  YzStationData a = { .id = (char *)"hz-a",
                      .name = (char *)"华英路工会驿站",
                      .district = (char *)"牡丹区" };
  YzStationData b = { .id = (char *)"hz-b",
                      .name = (char *)"双河路工会驿站",
                      .district = (char *)"定陶区" };
  g_autoptr(YzStation) sa = yz_station_new (&a);
  g_autoptr(YzStation) sb = yz_station_new (&b);
  YzSupplyLine *line;

  g_list_store_append (stations, sa);
  g_list_store_append (stations, sb);
  add_stock (stock, "hz-a-water", "hz-a", "water", 20, 48, 12);        /* 20 at 15/day: 1.3 days */
  add_stock (stock, "hz-a-ice-cream", "hz-a", "ice-cream", 30, 40, 5); /* 30 at 1/day: fine */
  add_stock (stock, "hz-a-mask", "hz-a", "mask", 4, 50, 10);   /* below threshold, not used */
  add_stock (stock, "hz-b-water", "hz-b", "water", 0, 48, 12); /* empty */
  add_stock (stock, "hz-b-aed", "hz-b", "aed", 1, 1, 0);       /* ready */
  add_rate (rates, "hz-a-water", 15);
  add_rate (rates, "hz-a-ice-cream", 1);
  add_rate (rates, "hz-b-water", 10);

  plan = yz_supplies_plan (G_LIST_MODEL (stock), G_LIST_MODEL (stations), rates, 2, NULL);
  g_assert_cmpuint (plan->len, ==, 3);
  /* 定陶区 sorts before 牡丹区 (byte order of UTF-8: 定 U+5B9A < 牡 U+7261). */
  line = g_ptr_array_index (plan, 0);
  g_assert_cmpstr (yz_stock_get_id (line->stock), ==, "hz-b-water");
  g_assert_cmpfloat (line->days_left, ==, 0);
  g_assert_cmpint (line->bring, ==, 48);
  line = g_ptr_array_index (plan, 1);
  g_assert_cmpstr (yz_stock_get_id (line->stock), ==, "hz-a-water");
  g_assert_cmpfloat_with_epsilon (line->days_left, 20 / 15.0, 1e-9);
  g_assert_cmpint (line->bring, ==, 48 - 5);
  g_assert_cmpstr (line->station_name, ==, "华英路工会驿站");
  line = g_ptr_array_index (plan, 2);
  g_assert_cmpstr (yz_stock_get_id (line->stock), ==, "hz-a-mask");
  g_assert_cmpfloat (line->days_left, ==, G_MAXDOUBLE);
  g_assert_cmpint (line->bring, ==, 46);

  /* A longer horizon takes the ice cream too; a district filter leaves the other out. */
  g_clear_pointer (&plan, g_ptr_array_unref);
  plan = yz_supplies_plan (G_LIST_MODEL (stock), G_LIST_MODEL (stations), rates, 30, "牡丹区");
  g_assert_cmpuint (plan->len, ==, 3);
  g_assert_cmpstr (yz_stock_get_id (((YzSupplyLine *)g_ptr_array_index (plan, 1))->stock), ==,
                   "hz-a-ice-cream");

  /* CSV: a header and one line per item; the name with a comma and quotes is quoted. */
  csv = yz_supplies_plan_to_csv (plan);
  lines = g_strsplit (csv, "\r\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 5);
  g_assert_true (
      g_str_has_prefix (lines[0], "district,station_id,station,item,name,unit,level,capacity"));
  g_assert_cmpstr (
      lines[1], ==,
      "牡丹区,hz-a,华英路工会驿站,water,\"饮用水, \"\"大桶\"\"\",瓶,20,48,12,15.00,1.3,43");
  g_assert_cmpstr (lines[4], ==, "");
}

/* --- a live session ----------------------------------------------------------------- */

typedef struct
{
  YzSession *session;
  YzStore *store;
  gboolean done;
  gboolean ok;
  GError *error;
  gint64 want;
} Until;

static gboolean
visits_reached (gpointer data)
{
  Until *u = data;

  return yz_test_query_int (u->store,
                            "SELECT COALESCE (SUM (granted + denied), 0) FROM stats_station_day") >=
         u->want;
}

static gboolean
done (gpointer data)
{
  return ((Until *)data)->done;
}

static void
stock_done_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  Until *u = user_data;

  u->ok = yz_session_stock_finish (YZ_SESSION (object), result, &u->error);
  u->done = TRUE;
}

static void
test_stats_live_session (void)
{
  YzTestFixture fx = { 0 };
  YzStore *store;
  YzSession *session;
  YzStock *stock = NULL;
  Until until = { 0 };
  gint64 before, restocked_before;
  GListModel *stock_model;

  yz_test_fixture_set_up (
      &fx, &(YzTestFixtureOptions){ .name = "stats",
                                    .db_name = "live.db",
                                    .stations = 4,
                                    .control = TRUE,
                                    .cameras = TRUE,
                                    .sim_args = (const char *[]){ "--speed", "1", NULL },
                                    .ready_timeout_ms = 10000 });
  store = fx.store;
  session = fx.session;
  until.session = session;
  until.store = store;

  /* Entries through the wire land in the rollups, once each. */
  before = yz_test_query_int (store,
                              "SELECT COALESCE (SUM (granted + denied), 0) FROM stats_station_day");
  for (guint i = 0; i < 3; i++)
    {
      guint status = 0;
      g_autoptr(JsonNode) reply =
          yz_test_sim_request (fx.sim, "POST", "/api/v1/_control/entry", fx.token,
                               "{\"station_id\": \"hz-0001\", \"result\": \"denied\"}", &status);
      g_assert_cmpuint (status / 100, ==, 2);
    }
  until.want = before + 3;
  g_assert_true (yz_test_wait (visits_reached, &until, 10000));
  g_assert_cmpint (
      yz_test_query_int (store,
                         "SELECT SUM (denied) FROM stats_station_day WHERE station_id = 'hz-0001'"),
      >=, 3);
  g_assert_cmpint (
      yz_test_query_int (store, "SELECT COUNT (*) FROM stats_station_day WHERE district = ''"), ==,
      0);

  /* A restock: request and result in the audit log, and the rise counted as restocked. */
  stock_model = yz_session_get_stock (session);
  for (guint i = 0; i < g_list_model_get_n_items (stock_model); i++)
    {
      g_autoptr(YzStock) item = g_list_model_get_item (stock_model, i);

      if (g_str_equal (yz_stock_get_item (item), "water") &&
          yz_stock_get_level (item) + 5 <= yz_stock_get_capacity (item))
        {
          stock = item;
          break;
        }
    }
  g_assert_nonnull (stock);
  restocked_before =
      yz_test_query_int (store, "SELECT COALESCE (SUM (restocked), 0) FROM stock_usage");
  yz_session_restock_async (session, stock, 5, "补货车第1趟", NULL, stock_done_cb, &until);
  g_assert_true (yz_test_wait (done, &until, 10000));
  g_assert_no_error (until.error);
  g_assert_true (until.ok);
  g_assert_cmpint (
      yz_test_query_int (
          store,
          "SELECT COUNT (*) FROM audit_log WHERE action = 'stock-restock' AND phase = 'request'"),
      ==, 1);
  g_assert_cmpint (
      yz_test_query_int (
          store,
          "SELECT COUNT (*) FROM audit_log WHERE action = 'stock-restock' AND phase = 'result'"
          " AND result LIKE 'level %'"),
      ==, 1);
  g_assert_cmpint (
      yz_test_query_int (
          store, "SELECT id FROM audit_log WHERE phase = 'request' AND action = 'stock-restock'"),
      <,
      yz_test_query_int (
          store, "SELECT id FROM audit_log WHERE phase = 'result' AND action = 'stock-restock'"));
  g_assert_cmpint (
      yz_test_query_int (store, "SELECT COALESCE (SUM (restocked), 0) FROM stock_usage") -
          restocked_before,
      ==, 5);

  yz_test_fixture_tear_down (&fx);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/yizhan/stats/known-answers", test_stats_known_answers);
  g_test_add_func ("/yizhan/stats/rollups-match-raw", test_stats_rollups_match_raw);
  g_test_add_func ("/yizhan/stats/kept-workers", test_stats_kept_workers);
  g_test_add_func ("/yizhan/stats/supplies-and-forecast", test_stats_supplies_and_forecast);
  g_test_add_func ("/yizhan/stats/restock-plan", test_stats_restock_plan);
  g_test_add_func ("/yizhan/stats/live-session", test_stats_live_session);

  return g_test_run ();
}
