/* yz-stats.c
 *
 * The statistics: rollup tables kept up to date as events arrive (one row per day and
 * station, district and hour, district and occupation, worker and day or month, alarm,
 * stock item and day), and the views the statistics page shows, read from those tables
 * only, so that a year of history answers as fast as a day. Days are local calendar days.
 * docs/schema.md describes the tables; tests/test-stats.c checks the figures against a
 * fixture with known answers and against the same figures computed from the raw rows.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "yz-stats"

#include "config.h"

#include <stdlib.h>

#include "yz-door-reason.h"
#include "yz-enums.h"
#include "yz-stats.h"
#include "yz-record.h"
#include "yz-vocabulary.h"

#define DAY_MS (24 * 3600 * (gint64)1000)

/* ---- days ---- */

guint32
yz_stats_day_of (GTimeZone *tz, gint64 time_ms)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (time_ms / 1000 - (time_ms % 1000 < 0));
  g_autoptr(GDateTime) local = utc ? g_date_time_to_timezone (utc, tz) : NULL;

  if (local == NULL)
    return 19700101;
  return g_date_time_get_year (local) * 10000 + g_date_time_get_month (local) * 100 +
         g_date_time_get_day_of_month (local);
}

static int
local_hour (GTimeZone *tz, gint64 time_ms)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (time_ms / 1000 - (time_ms % 1000 < 0));
  g_autoptr(GDateTime) local = utc ? g_date_time_to_timezone (utc, tz) : NULL;

  return local ? g_date_time_get_hour (local) : 0;
}

static GDate *
date_of (guint32 day)
{
  guint y = day / 10000, m = day / 100 % 100, d = day % 100;

  if (!g_date_valid_dmy (d, m, y))
    return g_date_new_dmy (1, 1, 1970);
  return g_date_new_dmy (d, m, y);
}

static guint32
day_of_date (const GDate *date)
{
  return g_date_get_year (date) * 10000 + g_date_get_month (date) * 100 + g_date_get_day (date);
}

gint64
yz_stats_day_start (GTimeZone *tz, guint32 day)
{
  g_autoptr(GDateTime) start =
      g_date_time_new (tz, day / 10000, day / 100 % 100, day % 100, 0, 0, 0);

  return start ? g_date_time_to_unix (start) * 1000 : 0;
}

guint32
yz_stats_day_add (guint32 day, int days)
{
  g_autoptr(GDate) date = date_of (day);

  if (days >= 0)
    g_date_add_days (date, days);
  else
    g_date_subtract_days (date, -days);
  return day_of_date (date);
}

int
yz_stats_day_weekday (guint32 day)
{
  g_autoptr(GDate) date = date_of (day);

  return g_date_get_weekday (date);
}

int
yz_stats_days_between (guint32 from, guint32 to)
{
  g_autoptr(GDate) a = date_of (from);
  g_autoptr(GDate) b = date_of (to);

  return g_date_days_between (a, b);
}

/* ---- recording ---- */

static const char *
or_empty (const char *s)
{
  return s ? s : "";
}

/**
 * yz_stats_record_entry:
 *
 * Counts one entry (call once per entry: the caller only records entries it stores for
 * the first time).
 */
void
yz_stats_record_entry (YzStore *store, GTimeZone *tz, const YzEntryData *entry,
                       const char *district)
{
  guint32 day = yz_stats_day_of (tz, entry->time);
  gboolean granted = g_strcmp0 (entry->result, YZ_ENTRY_RESULT_GRANTED) == 0;
  sqlite3_stmt *stmt;
  gint64 worker;

  district = or_empty (district);
  if ((stmt = yz_record_prepare (
           store,
           "INSERT INTO stats_station_day (day, station_id, district, granted, denied) VALUES (?1, "
           "?2, ?3, ?4, ?5)"
           " ON CONFLICT (day, station_id) DO UPDATE SET granted = granted + excluded.granted,"
           " denied = denied + excluded.denied")))
    {
      sqlite3_bind_int (stmt, 1, day);
      YZ_RECORD_TEXT (stmt, 2, entry->station_id);
      YZ_RECORD_TEXT (stmt, 3, district);
      sqlite3_bind_int (stmt, 4, granted);
      sqlite3_bind_int (stmt, 5, !granted);
      yz_record_run (store, stmt);
    }
  if ((stmt = yz_record_prepare (
           store,
           "INSERT INTO stats_station_month (month, station_id, district, granted, denied) VALUES "
           "(?1, ?2, ?3, ?4, ?5)"
           " ON CONFLICT (month, station_id) DO UPDATE SET granted = granted + excluded.granted,"
           " denied = denied + excluded.denied")))
    {
      sqlite3_bind_int (stmt, 1, day / 100);
      YZ_RECORD_TEXT (stmt, 2, entry->station_id);
      YZ_RECORD_TEXT (stmt, 3, district);
      sqlite3_bind_int (stmt, 4, granted);
      sqlite3_bind_int (stmt, 5, !granted);
      yz_record_run (store, stmt);
    }

  if (!granted)
    return;

  if ((stmt = yz_record_prepare (
           store, "INSERT INTO stats_hour (day, district, hour, granted) VALUES (?1, ?2, ?3, 1)"
                  " ON CONFLICT (day, district, hour) DO UPDATE SET granted = granted + 1")))
    {
      sqlite3_bind_int (stmt, 1, day);
      YZ_RECORD_TEXT (stmt, 2, district);
      sqlite3_bind_int (stmt, 3, local_hour (tz, entry->time));
      yz_record_run (store, stmt);
    }

  if ((stmt = yz_record_prepare (
           store, "INSERT INTO stats_occupation_day (day, district, occupation, granted) VALUES "
                  "(?1, ?2, ?3, 1)"
                  " ON CONFLICT (day, district, occupation) DO UPDATE SET granted = granted + 1")))
    {
      sqlite3_bind_int (stmt, 1, day);
      YZ_RECORD_TEXT (stmt, 2, district);
      YZ_RECORD_TEXT (stmt, 3, or_empty (entry->occupation));
      yz_record_run (store, stmt);
    }

  if (entry->person_id == NULL)
    return;

  /* Workers by a small integer, so that counting distinct ones over a year is cheap. */
  if ((stmt = yz_record_prepare (
           store, "INSERT INTO workers (person_id, occupation) VALUES (?1, ?2)"
                  " ON CONFLICT (person_id) DO UPDATE SET occupation = excluded.occupation"
                  " WHERE occupation IS NOT excluded.occupation")) == NULL)
    return;
  YZ_RECORD_TEXT (stmt, 1, entry->person_id);
  YZ_RECORD_TEXT (stmt, 2, or_empty (entry->occupation));
  yz_record_run (store, stmt);
  if ((stmt = yz_record_prepare (store, "SELECT id FROM workers WHERE person_id = ?1")) == NULL)
    return;
  YZ_RECORD_TEXT (stmt, 1, entry->person_id);
  worker = sqlite3_step (stmt) == SQLITE_ROW ? sqlite3_column_int64 (stmt, 0) : 0;
  sqlite3_reset (stmt);
  if (worker == 0)
    return;

  if ((stmt = yz_record_prepare (
           store,
           "INSERT OR IGNORE INTO stats_visitor_day (day, district, worker) VALUES (?1, ?2, ?3)")))
    {
      sqlite3_bind_int (stmt, 1, day);
      YZ_RECORD_TEXT (stmt, 2, district);
      sqlite3_bind_int64 (stmt, 3, worker);
      yz_record_run (store, stmt);
    }
  if ((stmt = yz_record_prepare (store, "INSERT OR IGNORE INTO stats_visitor_month (month, "
                                        "district, worker) VALUES (?1, ?2, ?3)")))
    {
      sqlite3_bind_int (stmt, 1, day / 100);
      YZ_RECORD_TEXT (stmt, 2, district);
      sqlite3_bind_int64 (stmt, 3, worker);
      yz_record_run (store, stmt);
    }
}

/**
 * yz_stats_record_alarm:
 *
 * Keeps one row per alarm (a second call for the same alarm changes nothing);
 * yz_stats_record_alarm_action() adds when it was first acknowledged and last resolved.
 */
void
yz_stats_record_alarm (YzStore *store, GTimeZone *tz, const YzAlarmData *alarm,
                       const char *district)
{
  sqlite3_stmt *stmt;

  if ((stmt = yz_record_prepare (
           store, "INSERT INTO stats_alarms (alarm_id, day, station_id, district, type, priority, "
                  "raised_at)"
                  " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT (alarm_id) DO NOTHING")))
    {
      YZ_RECORD_TEXT (stmt, 1, alarm->id);
      sqlite3_bind_int (stmt, 2, yz_stats_day_of (tz, alarm->raised_at));
      YZ_RECORD_TEXT (stmt, 3, alarm->station_id);
      YZ_RECORD_TEXT (stmt, 4, or_empty (district));
      YZ_RECORD_TEXT (stmt, 5, alarm->type);
      YZ_RECORD_TEXT (stmt, 6, alarm->priority);
      sqlite3_bind_int64 (stmt, 7, alarm->raised_at);
      yz_record_run (store, stmt);
    }
}

void
yz_stats_record_alarm_action (YzStore *store, const char *alarm_id, const char *action,
                              const char *by, gint64 time_ms)
{
  sqlite3_stmt *stmt;

  if (g_strcmp0 (action, "acknowledged") == 0 || g_strcmp0 (action, "assigned") == 0)
    stmt = yz_record_prepare (store, "UPDATE stats_alarms SET acked_at = ?2, acked_by = ?3 WHERE "
                                     "alarm_id = ?1 AND acked_at IS NULL");
  else if (g_strcmp0 (action, "resolved") == 0)
    stmt = yz_record_prepare (store, "UPDATE stats_alarms SET acked_at = COALESCE (acked_at, ?2), "
                                     "acked_by = COALESCE (acked_by, ?3),"
                                     " resolved_at = ?2, resolved_by = ?3 WHERE alarm_id = ?1");
  else if (g_strcmp0 (action, "reopened") == 0)
    stmt = yz_record_prepare (
        store,
        "UPDATE stats_alarms SET resolved_at = NULL, resolved_by = NULL WHERE alarm_id = ?1");
  else
    return;

  if (stmt == NULL)
    return;
  YZ_RECORD_TEXT (stmt, 1, alarm_id);
  sqlite3_bind_int64 (stmt, 2, time_ms);
  YZ_RECORD_TEXT (stmt, 3, by);
  yz_record_run (store, stmt);
}

/**
 * yz_stats_record_stock:
 *
 * A level going down is consumption, going up a restock.
 */
void
yz_stats_record_stock (YzStore *store, GTimeZone *tz, const char *stock_id, const char *item,
                       const char *district, gint64 old_level, gint64 new_level, gint64 time_ms)
{
  gint64 consumed = MAX (0, old_level - new_level);
  gint64 restocked = MAX (0, new_level - old_level);
  guint32 day = yz_stats_day_of (tz, time_ms);
  sqlite3_stmt *stmt;

  if (consumed == 0 && restocked == 0)
    return;

  if ((stmt = yz_record_prepare (
           store,
           "INSERT INTO stock_usage (stock_id, day, consumed, restocked) VALUES (?1, ?2, ?3, ?4)"
           " ON CONFLICT (stock_id, day) DO UPDATE SET consumed = consumed + excluded.consumed,"
           " restocked = restocked + excluded.restocked")))
    {
      YZ_RECORD_TEXT (stmt, 1, stock_id);
      sqlite3_bind_int (stmt, 2, day);
      sqlite3_bind_int64 (stmt, 3, consumed);
      sqlite3_bind_int64 (stmt, 4, restocked);
      yz_record_run (store, stmt);
    }

  if ((stmt = yz_record_prepare (store, "INSERT INTO stats_stock_day (day, district, item, "
                                        "consumed, restocked) VALUES (?1, ?2, ?3, ?4, ?5)"
                                        " ON CONFLICT (day, district, item) DO UPDATE SET consumed "
                                        "= consumed + excluded.consumed,"
                                        " restocked = restocked + excluded.restocked")))
    {
      sqlite3_bind_int (stmt, 1, day);
      YZ_RECORD_TEXT (stmt, 2, or_empty (district));
      YZ_RECORD_TEXT (stmt, 3, or_empty (item));
      sqlite3_bind_int64 (stmt, 4, consumed);
      sqlite3_bind_int64 (stmt, 5, restocked);
      yz_record_run (store, stmt);
    }
}

void
yz_stats_record_door_command (YzStore *store, GTimeZone *tz, const char *district,
                              const char *command, const char *reason, gint64 time_ms)
{
  sqlite3_stmt *stmt = yz_record_prepare (
      store,
      "INSERT INTO stats_door_day (day, district, command, reason, n) VALUES (?1, ?2, ?3, ?4, 1)"
      " ON CONFLICT (day, district, command, reason) DO UPDATE SET n = n + 1");
  /* Counted by code: an older row's text, in whichever language, is its preset's code. */
  g_autofree char *code = yz_door_reason_parse (reason, NULL);

  if (stmt == NULL)
    return;
  sqlite3_bind_int (stmt, 1, yz_stats_day_of (tz, time_ms));
  YZ_RECORD_TEXT (stmt, 2, or_empty (district));
  YZ_RECORD_TEXT (stmt, 3, or_empty (command));
  YZ_RECORD_TEXT (stmt, 4, code);
  yz_record_run (store, stmt);
}

/* Stock usage is only needed for the forecast: keep a quarter. */
void
yz_stats_prune_usage (YzStore *store, guint32 before_day)
{
  sqlite3_stmt *stmt = yz_record_prepare (store, "DELETE FROM stock_usage WHERE day < ?1");

  if (stmt == NULL)
    return;
  sqlite3_bind_int (stmt, 1, before_day);
  yz_record_run (store, stmt);
}

/**
 * yz_stats_rebuild:
 *
 * Recomputes the rollups of entries, alarms and door commands from the rows the store
 * keeps (entries, alarms and their history, the audit log), in one transaction. Stock
 * consumption cannot be recomputed (levels are not kept) and is left as it is.
 */
gboolean
yz_stats_rebuild (YzStore *store, GTimeZone *tz, GError **error)
{
  sqlite3_stmt *stmt;
  int rc;

  if (!yz_store_begin (store, error))
    return FALSE;
  if (!yz_record_exec (
          store,
          "DELETE FROM stats_station_day; DELETE FROM stats_station_month; DELETE FROM stats_hour;"
          "DELETE FROM stats_occupation_day;"
          "DELETE FROM stats_visitor_day; DELETE FROM stats_visitor_month; DELETE FROM "
          "stats_alarms;"
          "DELETE FROM stats_door_day;",
          error))
    goto fail;

  if ((stmt = yz_store_prepare (
           store,
           "SELECT e.station_id, e.time, e.person_id, e.occupation, e.result, s.district"
           " FROM entries e LEFT JOIN stations s ON s.id = e.station_id",
           error)) == NULL)
    goto fail;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      YzEntryData entry = {
        .station_id = (char *)sqlite3_column_text (stmt, 0),
        .time = sqlite3_column_int64 (stmt, 1),
        .person_id = (char *)sqlite3_column_text (stmt, 2),
        .occupation = (const char *)sqlite3_column_text (stmt, 3),
        .result = (const char *)sqlite3_column_text (stmt, 4),
      };

      yz_stats_record_entry (store, tz, &entry, (const char *)sqlite3_column_text (stmt, 5));
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    goto fail_sqlite;

  if ((stmt = yz_store_prepare (
           store,
           "SELECT a.id, a.station_id, a.type, a.priority, a.raised_at, s.district, h.action, "
           "h.by, h.time"
           " FROM alarms a LEFT JOIN stations s ON s.id = a.station_id"
           " LEFT JOIN alarm_history h ON h.alarm_id = a.id ORDER BY a.id, h.time, h.id",
           error)) == NULL)
    goto fail;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      YzAlarmData alarm = {
        .id = (char *)sqlite3_column_text (stmt, 0),
        .station_id = (char *)sqlite3_column_text (stmt, 1),
        .type = (const char *)sqlite3_column_text (stmt, 2),
        .priority = (const char *)sqlite3_column_text (stmt, 3),
        .raised_at = sqlite3_column_int64 (stmt, 4),
      };

      yz_stats_record_alarm (store, tz, &alarm, (const char *)sqlite3_column_text (stmt, 5));
      yz_stats_record_alarm_action (store, alarm.id, (const char *)sqlite3_column_text (stmt, 6),
                                    (const char *)sqlite3_column_text (stmt, 7),
                                    sqlite3_column_int64 (stmt, 8));
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    goto fail_sqlite;

  if ((stmt = yz_store_prepare (
           store,
           "SELECT a.time, json_extract (a.params, '$.command'), json_extract (a.params, "
           "'$.reason'), s.district"
           " FROM audit_log a LEFT JOIN doors d ON d.id = a.target LEFT JOIN stations s ON s.id = "
           "d.station_id"
           " WHERE a.action = 'door-command' AND a.phase = 'request' AND json_valid (a.params)",
           error)) == NULL)
    goto fail;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    yz_stats_record_door_command (store, tz, (const char *)sqlite3_column_text (stmt, 3),
                                  (const char *)sqlite3_column_text (stmt, 1),
                                  (const char *)sqlite3_column_text (stmt, 2),
                                  sqlite3_column_int64 (stmt, 0));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    goto fail_sqlite;

  return yz_store_commit (store, error);

fail_sqlite:
  g_set_error (error, YZ_STORE_ERROR, YZ_STORE_ERROR_FAILED, "Cannot rebuild the statistics: %s",
               sqlite3_errmsg (yz_store_get_db (store)));
fail:
  yz_store_rollback (store);
  return FALSE;
}

/**
 * yz_stats_rebuild_if_asked:
 *
 * The migration that adds the statistics asks (meta key `stats-rebuild`) for them to be
 * computed from the history already stored; this does it once, at the session's start.
 */
void
yz_stats_rebuild_if_asked (YzStore *store, GTimeZone *tz)
{
  g_autoptr(GError) error = NULL;
  gint64 started = g_get_monotonic_time ();

  if (!yz_record_meta_has (store, "stats-rebuild"))
    return;

  if (!yz_stats_rebuild (store, tz, &error))
    {
      g_warning ("Cannot compute the statistics from the stored history: %s", error->message);
      return;
    }
  yz_record_meta_remove (store, "stats-rebuild");
  g_message ("Statistics computed from the stored history in %.1f s",
             (g_get_monotonic_time () - started) / 1e6);
}

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

/* Distinct workers, overall and by occupation: their small integer ids into a bitset. */
static gboolean
count_workers (YzStore *store, const YzStatsFilter *filter, const Split *split, YzStatsVisits *out,
               GError **error)
{
  g_autofree guint8 *seen = NULL;
  g_autofree const char **occupation_of = NULL;
  g_autoptr(GHashTable) by_occupation = g_hash_table_new (g_str_hash, g_str_equal);
  gint64 max_id = 0;
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
          max_id = id;
          occupation_of = g_new0 (const char *, max_id + 1);
          seen = g_new0 (guint8, max_id / 8 + 1);
        }
      if (id >= 0 && id <= max_id)
        occupation_of[id] = g_intern_string ((const char *)sqlite3_column_text (stmt, 1));
    }
  if (step_error (store, stmt, rc, error))
    return FALSE;
  if (occupation_of == NULL)
    return TRUE;

  stmt = yz_store_prepare (store,
                           "SELECT worker FROM stats_visitor_month WHERE month BETWEEN ?5 AND ?6 "
                           "AND (?3 IS NULL OR district = ?3)"
                           " UNION ALL SELECT worker FROM stats_visitor_day WHERE day BETWEEN ?7 "
                           "AND ?8 AND (?3 IS NULL OR district = ?3)"
                           " UNION ALL SELECT worker FROM stats_visitor_day WHERE day BETWEEN ?9 "
                           "AND ?10 AND (?3 IS NULL OR district = ?3)",
                           error);
  if (stmt == NULL)
    return FALSE;
  bind_split (stmt, filter, split);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      const char *occupation;

      if (id < 0 || id > max_id || (seen[id / 8] & (1 << (id % 8))))
        continue;
      seen[id / 8] |= 1 << (id % 8);
      out->workers++;
      occupation = occupation_of[id] ? occupation_of[id] : "";
      g_hash_table_insert (
          by_occupation, (gpointer)occupation,
          GSIZE_TO_POINTER (GPOINTER_TO_SIZE (g_hash_table_lookup (by_occupation, occupation)) +
                            1));
    }
  if (step_error (store, stmt, rc, error))
    return FALSE;

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

  /* By station, and the totals (stations no longer known count in the totals). */
  stmt = yz_store_prepare (store,
                           "SELECT station_id, SUM (granted), SUM (denied) FROM ("
                           "  SELECT station_id, granted, denied FROM stats_station_month"
                           "   WHERE month BETWEEN ?5 AND ?6 AND (?3 IS NULL OR district = ?3)"
                           "  UNION ALL SELECT station_id, granted, denied FROM stats_station_day"
                           "   WHERE day BETWEEN ?7 AND ?8 AND (?3 IS NULL OR district = ?3)"
                           "  UNION ALL SELECT station_id, granted, denied FROM stats_station_day"
                           "   WHERE day BETWEEN ?9 AND ?10 AND (?3 IS NULL OR district = ?3))"
                           " GROUP BY station_id",
                           error);
  if (stmt == NULL)
    goto fail;
  bind_split (stmt, filter, &split);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *id = (const char *)sqlite3_column_text (stmt, 0);
      const char *name = g_hash_table_lookup (names, id);

      out->granted += sqlite3_column_int64 (stmt, 1);
      out->denied += sqlite3_column_int64 (stmt, 2);
      if (name == NULL)
        continue;
      rows_add (out->stations, id, name, sqlite3_column_int64 (stmt, 1),
                sqlite3_column_int64 (stmt, 2));
    }
  if (step_error (store, stmt, rc, error))
    goto fail;
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

  /* By day and by weekday and hour, in one pass. */
  stmt = yz_store_prepare (
      store,
      "SELECT day, hour, SUM (granted) FROM stats_hour"
      " WHERE day BETWEEN ?1 AND ?2 AND (?3 IS NULL OR district = ?3) GROUP BY day, hour",
      error);
  if (stmt == NULL)
    goto fail;
  bind_filter (stmt, filter);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      guint32 day = sqlite3_column_int (stmt, 0);
      int weekday = yz_stats_day_weekday (day);
      int hour = CLAMP (sqlite3_column_int (stmt, 1), 0, 23);
      gint64 n = sqlite3_column_int64 (stmt, 2);

      out->heat[CLAMP (weekday, 1, 7) - 1][hour] += n;
      g_hash_table_insert (
          by_day, GUINT_TO_POINTER (day),
          GSIZE_TO_POINTER (
              GPOINTER_TO_SIZE (g_hash_table_lookup (by_day, GUINT_TO_POINTER (day))) + n));
    }
  if (step_error (store, stmt, rc, error))
    goto fail;
  out->trend = trend_new (filter, by_day);

  stmt = yz_store_prepare (
      store,
      "SELECT occupation, SUM (granted) FROM stats_occupation_day"
      " WHERE day BETWEEN ?1 AND ?2 AND (?3 IS NULL OR district = ?3) GROUP BY occupation",
      error);
  if (stmt == NULL)
    goto fail;
  bind_filter (stmt, filter);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    rows_add (out->occupations, (const char *)sqlite3_column_text (stmt, 0), NULL,
              sqlite3_column_int64 (stmt, 1), 0);
  if (step_error (store, stmt, rc, error))
    goto fail;
  g_array_sort (out->occupations, compare_rows_desc);

  if (!count_workers (store, filter, &split, out, error))
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
      out->heat[yz_stats_day_weekday (day) - 1][local_hour (tz, time)]++;
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

static int
compare_gint64 (gconstpointer a, gconstpointer b)
{
  gint64 x = *(const gint64 *)a, y = *(const gint64 *)b;

  return x < y ? -1 : x > y;
}

/* The median (the mean of the middle two for an even count) and the 90th percentile by
 * nearest rank (the smallest value with at least 90 % of the values at or below it). */
static void
median_p90 (GArray *values, gint64 *median, gint64 *p90)
{
  guint n = values->len;
  gint64 *v;

  if (n == 0)
    {
      *median = *p90 = -1;
      return;
    }
  g_array_sort (values, compare_gint64);
  v = (gint64 *)values->data;
  *median = n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
  *p90 = v[MAX (1, (n * 9 + 9) / 10) - 1];
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
  g_autoptr(GHashTable) types = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
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

      out->raised++;
      g_hash_table_insert (
          types, g_strdup (type ? type : ""),
          GSIZE_TO_POINTER (GPOINTER_TO_SIZE (g_hash_table_lookup (types, type ? type : "")) + 1));
      /* out->priorities counts from low to critical, YzPriority's order */
      if (yz_priority_from_nick (priority) != YZ_PRIORITY_NONE)
        out->priorities[yz_priority_from_nick (priority) - YZ_PRIORITY_LOW]++;

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
    rows_add (out->types, key, NULL, GPOINTER_TO_SIZE (value), 0);
  g_array_sort (out->types, compare_rows_desc);
  g_hash_table_iter_init (&iter, operators);
  while (g_hash_table_iter_next (&iter, &key, &value))
    rows_add (out->operators, key, NULL, ((gint64 *)value)[0], ((gint64 *)value)[1]);
  g_array_sort (out->operators, compare_rows_desc);

  return TRUE;

fail:
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
