/* yz-stats.c
 *
 * The statistics: rollup tables kept up to date as events arrive (one row per day and
 * station, district and hour, district and occupation, worker and day or month, alarm,
 * stock item and day), and their rebuild; yz-stats-views.c has the views the statistics
 * page shows, read from those tables only, so that a year of history answers as fast as a
 * day. Days are local calendar days.
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

/* The local hour (0–23) of @time_ms. */
int
yz_stats_hour_of (GTimeZone *tz, gint64 time_ms)
{
  return local_hour (tz, time_ms);
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
          "DELETE FROM stats_visitor_bits;"
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
