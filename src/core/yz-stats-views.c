/* yz-stats-views.c
 *
 * The statistics' views: visits, workers, alarms and supplies over a range of local days,
 * for the whole city, a district or one station, read from the rollups yz-stats.c keeps
 * (docs/schema.md), and the stock consumption rates of the forecast. A year of 580
 * stations answers within 50 ms (tests/bench/bench-stats.c).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "yz-stats"

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "yz-enums.h"
#include "yz-record.h"
#include "yz-stats.h"
#include "yz-vocabulary.h"

#define DAY_MS (24 * 3600 * (gint64)1000)

/* ---- the views ---- */

void
yz_stats_filter_clear (YzStatsFilter *filter)
{
  g_clear_pointer (&filter->district, g_free);
  g_clear_pointer (&filter->station_id, g_free);
}

static void
row_clear (gpointer data)
{
  YzStatsRow *row = data;

  g_free (row->key);
  g_free (row->label);
}

static GArray *
rows_new (void)
{
  GArray *rows = g_array_new (FALSE, TRUE, sizeof (YzStatsRow));

  g_array_set_clear_func (rows, row_clear);
  return rows;
}

static void
rows_add (GArray *rows, const char *key, const char *label, gint64 value, gint64 value2)
{
  YzStatsRow row = { g_strdup (key), g_strdup (label), value, value2 };

  g_array_append_val (rows, row);
}

void
yz_stats_visits_clear (YzStatsVisits *visits)
{
  g_clear_pointer (&visits->occupations, g_array_unref);
  g_clear_pointer (&visits->stations, g_array_unref);
  g_clear_pointer (&visits->trend, g_array_unref);
  memset (visits, 0, sizeof *visits);
}

void
yz_stats_alarms_clear (YzStatsAlarms *alarms)
{
  g_clear_pointer (&alarms->types, g_array_unref);
  g_clear_pointer (&alarms->operators, g_array_unref);
  memset (alarms, 0, sizeof *alarms);
}

void
yz_stats_supplies_clear (YzStatsSupplies *supplies)
{
  g_clear_pointer (&supplies->reasons, g_array_unref);
  g_clear_pointer (&supplies->commands, g_array_unref);
  g_clear_pointer (&supplies->items, g_array_unref);
  memset (supplies, 0, sizeof *supplies);
}

static gboolean
step_error (YzStore *store, sqlite3_stmt *stmt, int rc, GError **error)
{
  sqlite3_reset (stmt);
  if (rc == SQLITE_DONE)
    return FALSE;
  g_set_error (error, YZ_STORE_ERROR, YZ_STORE_ERROR_FAILED, "Cannot read the statistics: %s",
               sqlite3_errmsg (yz_store_get_db (store)));
  return TRUE;
}

static void
bind_filter (sqlite3_stmt *stmt, const YzStatsFilter *filter)
{
  sqlite3_bind_int (stmt, 1, filter->from_day);
  sqlite3_bind_int (stmt, 2, filter->to_day);
  if (filter->district)
    YZ_RECORD_TEXT (stmt, 3, filter->district);
  if (filter->station_id)
    YZ_RECORD_TEXT (stmt, 4, filter->station_id);
}

/* Every day of the range, with the figures that are there. */
static GArray *
trend_new (const YzStatsFilter *filter, GHashTable *by_day)
{
  GArray *trend = rows_new ();

  for (guint32 day = filter->from_day; day <= filter->to_day; day = yz_stats_day_add (day, 1))
    {
      char key[16];

      g_snprintf (key, sizeof key, "%u", day);
      rows_add (trend, key, NULL,
                GPOINTER_TO_SIZE (g_hash_table_lookup (by_day, GUINT_TO_POINTER (day))), 0);
    }
  return trend;
}

static int
compare_rows_desc (gconstpointer a, gconstpointer b)
{
  const YzStatsRow *ra = a, *rb = b;

  if (ra->value != rb->value)
    return ra->value < rb->value ? 1 : -1;
  return g_strcmp0 (ra->key, rb->key);
}

static void
add_to_day (GHashTable *by_day, guint32 day, gint64 n)
{
  g_hash_table_insert (
      by_day, GUINT_TO_POINTER (day),
      GSIZE_TO_POINTER (GPOINTER_TO_SIZE (g_hash_table_lookup (by_day, GUINT_TO_POINTER (day))) +
                        n));
}

/* A range as whole months (the monthly tables) and the days at either end (the daily
 * ones). Without a whole month inside, the head is the range and the tail is empty. */
typedef struct
{
  guint32 first_month, last_month; /* YYYYMM; first > last when none */
  guint32 head_from, head_to;      /* days; from > to when empty */
  guint32 tail_from, tail_to;
} Split;

static void
split_range (const YzStatsFilter *filter, Split *split)
{
  guint32 from = filter->from_day, to = filter->to_day;
  guint32 first = from % 100 == 1 ? from / 100 : yz_stats_day_add (from / 100 * 100 + 1, 31) / 100;
  guint32 last = yz_stats_day_add (to, 1) % 100 == 1
                     ? to / 100
                     : yz_stats_day_add (to / 100 * 100 + 1, -1) / 100;

  split->first_month = first;
  split->last_month = last;
  if (first > last)
    {
      split->head_from = from;
      split->head_to = to;
      split->tail_from = 1;
      split->tail_to = 0;
      return;
    }
  split->head_from = from;
  split->head_to = yz_stats_day_add (first * 100 + 1, -1);
  split->tail_from = yz_stats_day_add (last * 100 + 1, 31) / 100 * 100 + 1;
  split->tail_to = to;
}

static void
bind_split (sqlite3_stmt *stmt, const YzStatsFilter *filter, const Split *split)
{
  if (filter->district)
    YZ_RECORD_TEXT (stmt, 3, filter->district);
  sqlite3_bind_int (stmt, 5, split->first_month);
  sqlite3_bind_int (stmt, 6, split->last_month);
  sqlite3_bind_int (stmt, 7, split->head_from);
  sqlite3_bind_int (stmt, 8, split->head_to);
  sqlite3_bind_int (stmt, 9, split->tail_from);
  sqlite3_bind_int (stmt, 10, split->tail_to);
}

/* Who came in one @period (a day YYYYMMDD or a month YYYYMM), in @district or all of
 * them, ORed into @seen (@n_bytes long) as a bitset of worker ids. A past period's set is
 * kept in stats_visitor_bits once made; the trigger on the visitor tables drops it when a
 * worker is added to its period (a late entry). The current period is read every time. */
static gboolean
add_period_workers (YzStore *store, guint32 period, const char *district, gboolean keep,
                    guint8 *seen, gsize n_bytes, GError **error)
{
  g_autofree guint8 *bits = NULL;
  gint64 max_id = -1;
  sqlite3_stmt *stmt;
  int rc;

  if ((stmt = yz_store_prepare (store,
                                "SELECT bits FROM stats_visitor_bits WHERE period = ?1"
                                " AND every = ?2 AND district = ?3",
                                error)) == NULL)
    return FALSE;
  sqlite3_bind_int (stmt, 1, period);
  sqlite3_bind_int (stmt, 2, district == NULL);
  YZ_RECORD_TEXT (stmt, 3, district ? district : "");
  if ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const guint8 *kept = sqlite3_column_blob (stmt, 0);
      gsize n = MIN ((gsize)sqlite3_column_bytes (stmt, 0), n_bytes);

      for (gsize i = 0; i < n; i++)
        seen[i] |= kept[i];
      sqlite3_reset (stmt);
      return TRUE;
    }
  if (step_error (store, stmt, rc, error))
    return FALSE;

  if ((stmt = yz_store_prepare (store,
                                period > 999999
                                    ? "SELECT worker FROM stats_visitor_day WHERE day = ?1 AND (?2 "
                                      "IS NULL OR district = ?2)"
                                    : "SELECT worker FROM stats_visitor_month WHERE month = ?1"
                                      " AND (?2 IS NULL OR district = ?2)",
                                error)) == NULL)
    return FALSE;
  sqlite3_bind_int (stmt, 1, period);
  if (district != NULL)
    YZ_RECORD_TEXT (stmt, 2, district);
  bits = g_new0 (guint8, n_bytes);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);

      if (id < 0 || (gsize)id / 8 >= n_bytes)
        continue;
      bits[id / 8] |= 1 << (id % 8);
      max_id = MAX (max_id, id);
    }
  if (step_error (store, stmt, rc, error))
    return FALSE;
  for (gsize i = 0; i < n_bytes; i++)
    seen[i] |= bits[i];

  /* A cache: a store that cannot be written still gives the right count. */
  if (keep && (stmt = yz_store_prepare (
                   store,
                   "INSERT OR REPLACE INTO stats_visitor_bits (period, every, district,"
                   " bits) VALUES (?1, ?2, ?3, ?4)",
                   NULL)) != NULL)
    {
      sqlite3_bind_int (stmt, 1, period);
      sqlite3_bind_int (stmt, 2, district == NULL);
      YZ_RECORD_TEXT (stmt, 3, district ? district : "");
      sqlite3_bind_blob (stmt, 4, bits, max_id / 8 + 1, SQLITE_STATIC);
      sqlite3_step (stmt);
      sqlite3_reset (stmt);
      sqlite3_clear_bindings (stmt);
    }
  return TRUE;
}

static guint32
month_next (guint32 month)
{
  return month % 100 >= 12 ? (month / 100 + 1) * 100 + 1 : month + 1;
}

/* Distinct workers, overall and by occupation: the sets of the range's whole months and of
 * the days at either end ORed together, counted once. */
static gboolean
count_workers (YzStore *store, GTimeZone *tz, const YzStatsFilter *filter, const Split *split,
               YzStatsVisits *out, GError **error)
{
  g_autofree guint8 *seen = NULL;
  g_autofree const char **occupation_of = NULL;
  g_autoptr(GHashTable) by_occupation = g_hash_table_new (g_str_hash, g_str_equal);
  guint32 today = yz_stats_day_of (tz, g_get_real_time () / 1000);
  gint64 max_id = 0;
  gsize n_bytes = 0;
  sqlite3_stmt *stmt;
  int rc;

  if ((stmt = yz_store_prepare (store, "SELECT id, occupation FROM workers ORDER BY id DESC",
                                error)) == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);

      if (occupation_of == NULL)
        {
          max_id = MAX (id, 0);
          occupation_of = g_new0 (const char *, max_id + 1);
          n_bytes = max_id / 8 + 1;
          seen = g_new0 (guint8, n_bytes);
        }
      if (id >= 0 && id <= max_id)
        occupation_of[id] = g_intern_string ((const char *)sqlite3_column_text (stmt, 1));
    }
  if (step_error (store, stmt, rc, error))
    return FALSE;
  if (occupation_of == NULL)
    return TRUE;

  for (guint32 month = split->first_month; month <= split->last_month; month = month_next (month))
    if (!add_period_workers (store, month, filter->district, month < today / 100, seen, n_bytes,
                             error))
      return FALSE;
  for (guint pass = 0; pass < 2; pass++)
    {
      guint32 from = pass == 0 ? split->head_from : split->tail_from;
      guint32 to = pass == 0 ? split->head_to : split->tail_to;

      for (guint32 day = from; day <= to; day = yz_stats_day_add (day, 1))
        if (!add_period_workers (store, day, filter->district, day < today, seen, n_bytes, error))
          return FALSE;
    }

  for (gsize i = 0; i < n_bytes; i++)
    for (guint b = 0; seen[i] != 0 && b < 8; b++)
      if (seen[i] & (1 << b))
        {
          gint64 id = (gint64)i * 8 + b;
          const char *occupation;

          if (id > max_id)
            break;
          occupation = occupation_of[id] ? occupation_of[id] : "";
          out->workers++;
          g_hash_table_insert (
              by_occupation, (gpointer)occupation,
              GSIZE_TO_POINTER (GPOINTER_TO_SIZE (g_hash_table_lookup (by_occupation, occupation)) +
                                1));
        }

  for (guint i = 0; i < out->occupations->len; i++)
    {
      YzStatsRow *row = &g_array_index (out->occupations, YzStatsRow, i);

      row->value2 =
          GPOINTER_TO_SIZE (g_hash_table_lookup (by_occupation, g_intern_string (row->key)));
    }
  return TRUE;
}

/**
 * yz_stats_visits:
 *
 * Visits (granted entries), refusals, distinct workers, visits by occupation, by station,
 * by day and by weekday and hour, from the rollups: whole months from the monthly tables,
 * the days at either end from the daily ones. With a station in @filter, the raw entries
 * of that one station are read instead (a year of one station is a few thousand rows).
 */
gboolean
yz_stats_visits (YzStore *store, GTimeZone *tz, const YzStatsFilter *filter, YzStatsVisits *out,
                 GError **error)
{
  g_autoptr(GHashTable) by_day = g_hash_table_new (NULL, NULL);
  g_autoptr(GHashTable) names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GHashTable) listed = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) by_station =
      g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GHashTable) by_occupation =
      g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  Split split;
  sqlite3_stmt *stmt;
  int rc;

  if (filter->station_id != NULL)
    return yz_stats_visits_from_entries (store, tz, filter, out, error);

  memset (out, 0, sizeof *out);
  out->occupations = rows_new ();
  out->stations = rows_new ();
  split_range (filter, &split);

  /* Every station of the district, those without a visit too. */
  stmt = yz_store_prepare (store, "SELECT id, name FROM stations WHERE ?3 IS NULL OR district = ?3",
                           error);
  if (stmt == NULL)
    goto fail;
  bind_filter (stmt, filter);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_hash_table_insert (names, g_strdup ((const char *)sqlite3_column_text (stmt, 0)),
                         g_strdup ((const char *)sqlite3_column_text (stmt, 1)));
  if (step_error (store, stmt, rc, error))
    goto fail;

  /* By station, and the totals (stations no longer known count in the totals): summed
   * here, as a GROUP BY sorted the year's 23,000 rows first. */
  stmt = yz_store_prepare (store,
                           "SELECT station_id, granted, denied FROM stats_station_month"
                           " WHERE month BETWEEN ?5 AND ?6 AND (?3 IS NULL OR district = ?3)"
                           " UNION ALL SELECT station_id, granted, denied FROM stats_station_day"
                           " WHERE day BETWEEN ?7 AND ?8 AND (?3 IS NULL OR district = ?3)"
                           " UNION ALL SELECT station_id, granted, denied FROM stats_station_day"
                           " WHERE day BETWEEN ?9 AND ?10 AND (?3 IS NULL OR district = ?3)",
                           error);
  if (stmt == NULL)
    goto fail;
  bind_split (stmt, filter, &split);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *id = (const char *)sqlite3_column_text (stmt, 0);
      gint64 granted = sqlite3_column_int64 (stmt, 1), denied = sqlite3_column_int64 (stmt, 2);
      gint64 *sums;

      out->granted += granted;
      out->denied += denied;
      if (id == NULL || g_hash_table_lookup (names, id) == NULL)
        continue;
      if ((sums = g_hash_table_lookup (by_station, id)) == NULL)
        g_hash_table_insert (by_station, g_strdup (id), (sums = g_new0 (gint64, 2)));
      sums[0] += granted;
      sums[1] += denied;
    }
  if (step_error (store, stmt, rc, error))
    goto fail;
  {
    GHashTableIter iter;
    gpointer id, sums;

    g_hash_table_iter_init (&iter, by_station);
    while (g_hash_table_iter_next (&iter, &id, &sums))
      rows_add (out->stations, id, g_hash_table_lookup (names, id), ((gint64 *)sums)[0],
                ((gint64 *)sums)[1]);
  }
  for (guint i = 0; i < out->stations->len; i++)
    g_hash_table_add (listed, g_array_index (out->stations, YzStatsRow, i).key);
  {
    GHashTableIter iter;
    gpointer id, name;

    g_hash_table_iter_init (&iter, names);
    while (g_hash_table_iter_next (&iter, &id, &name))
      if (!g_hash_table_contains (listed, id))
        rows_add (out->stations, id, name, 0, 0);
  }
  g_array_sort (out->stations, compare_rows_desc);

  /* By day and by weekday and hour, in one pass over the rows in their key's order (day,
   * district, hour) and summed here: a GROUP BY day, hour made SQLite sort every row of the
   * range first (a year: 78,000 rows, a third of the view's time). */
  stmt = yz_store_prepare (store,
                           "SELECT day, hour, granted FROM stats_hour"
                           " WHERE day BETWEEN ?1 AND ?2 AND (?3 IS NULL OR district = ?3)",
                           error);
  if (stmt == NULL)
    goto fail;
  bind_filter (stmt, filter);
  {
    guint32 last_day = 0;
    gint64 day_total = 0;
    gint64 (*heat_row)[24] = NULL;

    while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
      {
        guint32 day = sqlite3_column_int (stmt, 0);
        int hour = CLAMP (sqlite3_column_int (stmt, 1), 0, 23);
        gint64 n = sqlite3_column_int64 (stmt, 2);

        if (day != last_day || heat_row == NULL)
          {
            if (last_day != 0)
              add_to_day (by_day, last_day, day_total);
            last_day = day;
            day_total = 0;
            heat_row = &out->heat[CLAMP (yz_stats_day_weekday (day), 1, 7) - 1];
          }
        (*heat_row)[hour] += n;
        day_total += n;
      }
    if (last_day != 0)
      add_to_day (by_day, last_day, day_total);
  }
  if (step_error (store, stmt, rc, error))
    goto fail;
  out->trend = trend_new (filter, by_day);

  /* By occupation, added up here too (no GROUP BY sort). */
  stmt = yz_store_prepare (store,
                           "SELECT occupation, granted FROM stats_occupation_day"
                           " WHERE day BETWEEN ?1 AND ?2 AND (?3 IS NULL OR district = ?3)",
                           error);
  if (stmt == NULL)
    goto fail;
  bind_filter (stmt, filter);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *occupation = (const char *)sqlite3_column_text (stmt, 0);
      gint64 *sum;

      occupation = occupation ? occupation : "";
      if ((sum = g_hash_table_lookup (by_occupation, occupation)) == NULL)
        g_hash_table_insert (by_occupation, g_strdup (occupation), (sum = g_new0 (gint64, 1)));
      *sum += sqlite3_column_int64 (stmt, 1);
    }
  if (step_error (store, stmt, rc, error))
    goto fail;
  {
    GHashTableIter iter;
    gpointer occupation, sum;

    g_hash_table_iter_init (&iter, by_occupation);
    while (g_hash_table_iter_next (&iter, &occupation, &sum))
      rows_add (out->occupations, occupation, NULL, *(gint64 *)sum, 0);
  }
  g_array_sort (out->occupations, compare_rows_desc);

  if (!count_workers (store, tz, filter, &split, out, error))
    goto fail;

  return TRUE;

fail:
  yz_stats_visits_clear (out);
  return FALSE;
}

/**
 * yz_stats_visits_from_entries:
 *
 * The same figures as yz_stats_visits(), computed from the raw entries: the path for one
 * station, and the reference the tests compare the rollups with.
 */
gboolean
yz_stats_visits_from_entries (YzStore *store, GTimeZone *tz, const YzStatsFilter *filter,
                              YzStatsVisits *out, GError **error)
{
  g_autoptr(GHashTable) by_day = g_hash_table_new (NULL, NULL);
  g_autoptr(GHashTable) by_station = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) occupations =
      g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) workers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) occupation_workers =
      g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  gint64 from = yz_stats_day_start (tz, filter->from_day);
  gint64 to = yz_stats_day_start (tz, yz_stats_day_add (filter->to_day, 1));
  sqlite3_stmt *stmt;
  GHashTableIter iter;
  gpointer key, value;
  int rc;

  memset (out, 0, sizeof *out);
  out->occupations = rows_new ();
  out->stations = rows_new ();

  stmt = yz_store_prepare (store,
                           "SELECT s.id, s.name FROM stations s"
                           " WHERE (?3 IS NULL OR s.district = ?3) AND (?4 IS NULL OR s.id = ?4)",
                           error);
  if (stmt == NULL)
    goto fail;
  bind_filter (stmt, filter);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    rows_add (out->stations, (const char *)sqlite3_column_text (stmt, 0),
              (const char *)sqlite3_column_text (stmt, 1), 0, 0);
  if (step_error (store, stmt, rc, error))
    goto fail;
  for (guint i = 0; i < out->stations->len; i++)
    {
      YzStatsRow *row = &g_array_index (out->stations, YzStatsRow, i);

      g_hash_table_insert (by_station, row->key, row);
    }

  /* One station by its index; otherwise (the tests' reference) every entry of the range. */
  stmt = filter->station_id
             ? yz_store_prepare (
                   store,
                   "SELECT e.station_id, e.time, e.person_id, e.occupation, e.result FROM entries e"
                   " WHERE e.station_id = ?4 AND e.time >= ?5 AND e.time < ?6",
                   error)
             : yz_store_prepare (
                   store,
                   "SELECT e.station_id, e.time, e.person_id, e.occupation, e.result FROM entries e"
                   " LEFT JOIN stations s ON s.id = e.station_id"
                   " WHERE e.time >= ?5 AND e.time < ?6 AND (?3 IS NULL OR s.district = ?3)",
                   error);
  if (stmt == NULL)
    goto fail;
  bind_filter (stmt, filter);
  sqlite3_bind_int64 (stmt, 5, from);
  sqlite3_bind_int64 (stmt, 6, to);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *station_id = (const char *)sqlite3_column_text (stmt, 0);
      gint64 time = sqlite3_column_int64 (stmt, 1);
      const char *person_id = (const char *)sqlite3_column_text (stmt, 2);
      const char *occupation = (const char *)sqlite3_column_text (stmt, 3);
      gboolean granted =
          g_strcmp0 ((const char *)sqlite3_column_text (stmt, 4), YZ_ENTRY_RESULT_GRANTED) == 0;
      YzStatsRow *station = g_hash_table_lookup (by_station, station_id);
      guint32 day = yz_stats_day_of (tz, time);

      occupation = occupation ? occupation : "";
      if (!granted)
        {
          out->denied++;
          if (station)
            station->value2++;
          continue;
        }
      out->granted++;
      if (station)
        station->value++;
      g_hash_table_insert (
          by_day, GUINT_TO_POINTER (day),
          GSIZE_TO_POINTER (
              GPOINTER_TO_SIZE (g_hash_table_lookup (by_day, GUINT_TO_POINTER (day))) + 1));
      g_hash_table_insert (
          occupations, g_strdup (occupation),
          GSIZE_TO_POINTER (GPOINTER_TO_SIZE (g_hash_table_lookup (occupations, occupation)) + 1));
      out->heat[yz_stats_day_weekday (day) - 1][yz_stats_hour_of (tz, time)]++;
      if (person_id != NULL)
        {
          g_hash_table_add (workers, g_strdup (person_id));
          g_hash_table_add (occupation_workers, g_strconcat (occupation, "\n", person_id, NULL));
        }
    }
  if (step_error (store, stmt, rc, error))
    goto fail;

  out->workers = g_hash_table_size (workers);
  out->trend = trend_new (filter, by_day);
  g_array_sort (out->stations, compare_rows_desc);

  g_hash_table_iter_init (&iter, occupations);
  while (g_hash_table_iter_next (&iter, &key, &value))
    rows_add (out->occupations, key, NULL, GPOINTER_TO_SIZE (value), 0);
  g_hash_table_iter_init (&iter, occupation_workers);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      const char *newline = strchr (key, '\n');

      for (guint i = 0; i < out->occupations->len; i++)
        {
          YzStatsRow *row = &g_array_index (out->occupations, YzStatsRow, i);

          if (strncmp (row->key, key, newline - (const char *)key) == 0 &&
              row->key[newline - (const char *)key] == '\0')
            row->value2++;
        }
    }
  g_array_sort (out->occupations, compare_rows_desc);

  return TRUE;

fail:
  yz_stats_visits_clear (out);
  return FALSE;
}

/* Puts the @k-th smallest of @v[0..@n) at @v[@k], the smaller ones before it and the
 * larger after (quickselect): a year's 50,000 delays in linear time, where sorting them
 * was a third of the alarms' view. */
static void
select_nth (gint64 *v, int n, int k)
{
  int lo = 0, hi = n - 1;

  while (lo < hi)
    {
      gint64 pivot = v[lo + (hi - lo) / 2];
      int i = lo, j = hi;

      while (i <= j)
        {
          while (v[i] < pivot)
            i++;
          while (v[j] > pivot)
            j--;
          if (i <= j)
            {
              gint64 t = v[i];

              v[i++] = v[j];
              v[j--] = t;
            }
        }
      /* v[lo..j] <= pivot, v[i..hi] >= pivot, and what is between equals it. */
      if (k <= j)
        hi = j;
      else if (k >= i)
        lo = i;
      else
        return;
    }
}

/* The median (the mean of the middle two for an even count) and the 90th percentile by
 * nearest rank (the smallest value with at least 90 % of the values at or below it). */
static void
median_p90 (GArray *values, gint64 *median, gint64 *p90)
{
  guint n = values->len;
  guint rank = MAX (1, (n * 9 + 9) / 10) - 1;
  gint64 *v;

  if (n == 0)
    {
      *median = *p90 = -1;
      return;
    }
  v = (gint64 *)values->data;
  select_nth (v, n, n / 2);
  *median = v[n / 2];
  if (n % 2 == 0)
    {
      gint64 below = v[0];

      /* The largest of those before the middle. */
      for (guint i = 1; i < n / 2; i++)
        below = MAX (below, v[i]);
      *median = (below + v[n / 2]) / 2;
    }
  if (rank > n / 2)
    select_nth (v + n / 2 + 1, n - n / 2 - 1, rank - n / 2 - 1);
  *p90 = v[rank];
}

/* The few priority words a range holds, each looked up in the enum once (a GEnumClass
 * reference and a search per row was a tenth of a year's alarms view). */
typedef struct
{
  char *nick[8];
  YzPriority level[8];
} Levels;

static YzPriority
priority_of (Levels *levels, const char *nick)
{
  guint i;

  if (nick == NULL)
    return YZ_PRIORITY_NONE;
  for (i = 0; i < G_N_ELEMENTS (levels->nick) && levels->nick[i] != NULL; i++)
    if (strcmp (levels->nick[i], nick) == 0)
      return levels->level[i];
  if (i == G_N_ELEMENTS (levels->nick))
    return yz_priority_from_nick (nick);
  levels->nick[i] = g_strdup (nick);
  levels->level[i] = yz_priority_from_nick (nick);
  return levels->level[i];
}

static void
levels_clear (Levels *levels)
{
  for (guint i = 0; i < G_N_ELEMENTS (levels->nick); i++)
    g_clear_pointer (&levels->nick[i], g_free);
}

/**
 * yz_stats_alarms:
 *
 * Alarms raised in the range (by the day they were raised): by type and priority, how
 * many were acknowledged and resolved, the time to acknowledge and to resolve (median
 * and 90th percentile), and who acknowledged and resolved them.
 */
gboolean
yz_stats_alarms (YzStore *store, const YzStatsFilter *filter, YzStatsAlarms *out, GError **error)
{
  g_autoptr(GArray) ack = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) resolve = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GHashTable) types = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  Levels levels = { { NULL } };
  g_autoptr(GHashTable) operators =
      g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  sqlite3_stmt *stmt;
  GHashTableIter iter;
  gpointer key, value;
  int rc;

  memset (out, 0, sizeof *out);
  out->types = rows_new ();
  out->operators = rows_new ();

  stmt = yz_store_prepare (store,
                           "SELECT type, priority, raised_at, acked_at, acked_by, resolved_at, "
                           "resolved_by FROM stats_alarms"
                           " WHERE day BETWEEN ?1 AND ?2 AND (?3 IS NULL OR district = ?3) AND (?4 "
                           "IS NULL OR station_id = ?4)",
                           error);
  if (stmt == NULL)
    goto fail;
  bind_filter (stmt, filter);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *type = (const char *)sqlite3_column_text (stmt, 0);
      const char *priority = (const char *)sqlite3_column_text (stmt, 1);
      gint64 raised = sqlite3_column_int64 (stmt, 2);
      const char *who;
      gint64 *counts;

      YzPriority level = priority_of (&levels, priority);

      out->raised++;
      /* A copy of the type only the first time it is seen. */
      if ((counts = g_hash_table_lookup (types, type ? type : "")) == NULL)
        g_hash_table_insert (types, g_strdup (type ? type : ""), (counts = g_new0 (gint64, 1)));
      counts[0]++;
      /* out->priorities counts from low to critical, YzPriority's order */
      if (level != YZ_PRIORITY_NONE)
        out->priorities[level - YZ_PRIORITY_LOW]++;

      if (sqlite3_column_type (stmt, 3) != SQLITE_NULL)
        {
          gint64 delay = MAX (0, sqlite3_column_int64 (stmt, 3) - raised);

          out->acknowledged++;
          g_array_append_val (ack, delay);
          if ((who = (const char *)sqlite3_column_text (stmt, 4)) != NULL)
            {
              if ((counts = g_hash_table_lookup (operators, who)) == NULL)
                g_hash_table_insert (operators, g_strdup (who), (counts = g_new0 (gint64, 2)));
              counts[0]++;
            }
        }
      if (sqlite3_column_type (stmt, 5) != SQLITE_NULL)
        {
          gint64 delay = MAX (0, sqlite3_column_int64 (stmt, 5) - raised);

          out->resolved++;
          g_array_append_val (resolve, delay);
          if ((who = (const char *)sqlite3_column_text (stmt, 6)) != NULL)
            {
              if ((counts = g_hash_table_lookup (operators, who)) == NULL)
                g_hash_table_insert (operators, g_strdup (who), (counts = g_new0 (gint64, 2)));
              counts[1]++;
            }
        }
    }
  if (step_error (store, stmt, rc, error))
    goto fail;

  median_p90 (ack, &out->ack_median_ms, &out->ack_p90_ms);
  median_p90 (resolve, &out->resolve_median_ms, &out->resolve_p90_ms);

  g_hash_table_iter_init (&iter, types);
  while (g_hash_table_iter_next (&iter, &key, &value))
    rows_add (out->types, key, NULL, ((gint64 *)value)[0], 0);
  g_array_sort (out->types, compare_rows_desc);
  g_hash_table_iter_init (&iter, operators);
  while (g_hash_table_iter_next (&iter, &key, &value))
    rows_add (out->operators, key, NULL, ((gint64 *)value)[0], ((gint64 *)value)[1]);
  g_array_sort (out->operators, compare_rows_desc);

  levels_clear (&levels);
  return TRUE;

fail:
  levels_clear (&levels);
  yz_stats_alarms_clear (out);
  return FALSE;
}

static gboolean
read_rows (YzStore *store, const char *sql, const YzStatsFilter *filter, GArray *rows,
           GError **error)
{
  sqlite3_stmt *stmt = yz_store_prepare (store, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  bind_filter (stmt, filter);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    rows_add (rows, (const char *)sqlite3_column_text (stmt, 0), NULL,
              sqlite3_column_int64 (stmt, 1),
              sqlite3_column_count (stmt) > 2 ? sqlite3_column_int64 (stmt, 2) : 0);
  return !step_error (store, stmt, rc, error);
}

/**
 * yz_stats_supplies:
 *
 * Door commands (this console's, from its audit log) by reason and by command, and stock
 * consumed and restocked by item. A station filter narrows neither: both are kept by
 * district.
 */
gboolean
yz_stats_supplies (YzStore *store, const YzStatsFilter *filter, YzStatsSupplies *out,
                   GError **error)
{
  memset (out, 0, sizeof *out);
  out->reasons = rows_new ();
  out->commands = rows_new ();
  out->items = rows_new ();

  if (!read_rows (store,
                  "SELECT reason, SUM (n) AS total FROM stats_door_day WHERE day BETWEEN ?1 AND ?2"
                  " AND (?3 IS NULL OR district = ?3)"
                  " GROUP BY reason ORDER BY total DESC, reason",
                  filter, out->reasons, error) ||
      !read_rows (store,
                  "SELECT command, SUM (n) AS total FROM stats_door_day WHERE day BETWEEN ?1 AND ?2"
                  " AND (?3 IS NULL OR district = ?3)"
                  " GROUP BY command ORDER BY total DESC, command",
                  filter, out->commands, error) ||
      !read_rows (store,
                  "SELECT item, SUM (consumed) AS total, SUM (restocked) FROM stats_stock_day"
                  " WHERE day BETWEEN ?1 AND ?2 AND (?3 IS NULL OR district = ?3)"
                  " GROUP BY item ORDER BY total DESC, item",
                  filter, out->items, error))
    {
      yz_stats_supplies_clear (out);
      return FALSE;
    }
  return TRUE;
}

GHashTable *
yz_stats_consumption_rates (YzStore *store, GTimeZone *tz, gint64 now_ms, guint days,
                            GError **error)
{
  g_autoptr(GHashTable) rates = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  guint32 today = yz_stats_day_of (tz, now_ms);
  guint32 first = yz_stats_day_add (today, -(int)MAX (1, days) + 1);
  sqlite3_stmt *stmt;
  int rc;

  stmt = yz_store_prepare (store,
                           "SELECT stock_id, MIN (day), SUM (consumed) FROM stock_usage WHERE day "
                           ">= ?1 GROUP BY stock_id",
                           error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int (stmt, 1, first);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      guint32 since = sqlite3_column_int (stmt, 1);
      double span = (now_ms - yz_stats_day_start (tz, MAX (since, first))) / (double)DAY_MS;
      double *rate = g_new (double, 1);

      /* At least a day, so that the first hours do not look like a flood. */
      *rate = sqlite3_column_int64 (stmt, 2) / MAX (1.0, span);
      g_hash_table_insert (rates, g_strdup ((const char *)sqlite3_column_text (stmt, 0)), rate);
    }
  if (step_error (store, stmt, rc, error))
    return NULL;

  return g_steal_pointer (&rates);
}
