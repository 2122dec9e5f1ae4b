/* yz-record-alarms.c
 *
 * Alarms in the record: the alarms table (an older copy never overwrites a newer one),
 * each alarm's history of steps, and the incident links operators made by hand.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "yz-record"

#include "config.h"

#include "yz-alarm-review.h"
#include "yz-record.h"

/* An older copy of an alarm never overwrites a newer one. */
void
yz_record_alarm (YzStore *store, const YzAlarmData *a, gboolean derived)
{
  sqlite3_stmt *stmt = yz_record_prepare (
      store,
      "INSERT INTO alarms (id, station_id, camera_id, door_id, type, priority, raised_at, state,"
      " owner, updated_at, category, note, snapshot_id, derived)"
      " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)"
      " ON CONFLICT (id) DO UPDATE SET state = excluded.state, owner = excluded.owner,"
      " updated_at = excluded.updated_at, category = excluded.category, note = excluded.note,"
      " snapshot_id = excluded.snapshot_id WHERE excluded.updated_at >= alarms.updated_at");

  if (stmt == NULL)
    return;
  YZ_RECORD_TEXT (stmt, 1, a->id);
  YZ_RECORD_TEXT (stmt, 2, a->station_id);
  YZ_RECORD_TEXT (stmt, 3, a->camera_id);
  YZ_RECORD_TEXT (stmt, 4, a->door_id);
  YZ_RECORD_TEXT (stmt, 5, a->type);
  YZ_RECORD_TEXT (stmt, 6, a->priority);
  sqlite3_bind_int64 (stmt, 7, a->raised_at);
  YZ_RECORD_TEXT (stmt, 8, a->state);
  YZ_RECORD_TEXT (stmt, 9, a->owner);
  sqlite3_bind_int64 (stmt, 10, a->updated_at);
  YZ_RECORD_TEXT (stmt, 11, a->category);
  YZ_RECORD_TEXT (stmt, 12, a->note);
  YZ_RECORD_TEXT (stmt, 13, a->snapshot_id);
  sqlite3_bind_int (stmt, 14, derived);
  yz_record_run (store, stmt);
}

void
yz_record_alarm_step (YzStore *store, const char *alarm_id, gint64 time, const char *action,
                      const char *by, const char *note)
{
  sqlite3_stmt *stmt = yz_record_prepare (
      store,
      "INSERT INTO alarm_history (alarm_id, time, action, by, note) VALUES (?1, ?2, ?3, ?4, ?5)");

  if (stmt == NULL)
    return;
  YZ_RECORD_TEXT (stmt, 1, alarm_id);
  sqlite3_bind_int64 (stmt, 2, time);
  YZ_RECORD_TEXT (stmt, 3, action);
  YZ_RECORD_TEXT (stmt, 4, by);
  YZ_RECORD_TEXT (stmt, 5, note);
  yz_record_run (store, stmt);
}

/* An alarm row (id, station_id, camera_id, door_id, type, priority, raised_at, state, owner,
 * updated_at, category, note, snapshot_id), pointing into the statement's current row;
 * FALSE when a required column is missing. Enumerations are interned, as the parser does. */
static gboolean
alarm_from_row (sqlite3_stmt *stmt, YzAlarmData *a)
{
  *a = (YzAlarmData){
    .id = (char *)yz_record_col (stmt, 0),
    .station_id = (char *)yz_record_col (stmt, 1),
    .camera_id = (char *)yz_record_col (stmt, 2),
    .door_id = (char *)yz_record_col (stmt, 3),
    .type = yz_record_col (stmt, 4),
    .priority = yz_record_col (stmt, 5),
    .raised_at = sqlite3_column_int64 (stmt, 6),
    .state = yz_record_col (stmt, 7),
    .owner = (char *)yz_record_col (stmt, 8),
    .updated_at = sqlite3_column_int64 (stmt, 9),
    .category = yz_record_col (stmt, 10),
    .note = (char *)yz_record_col (stmt, 11),
    .snapshot_id = (char *)yz_record_col (stmt, 12),
  };
  if (!(a->id && a->station_id && a->type && a->priority && a->state))
    return FALSE;
  a->type = g_intern_string (a->type);
  a->priority = g_intern_string (a->priority);
  a->state = g_intern_string (a->state);
  a->category = a->category ? g_intern_string (a->category) : NULL;
  return TRUE;
}

#define SELECT_ALARMS                                                                              \
  "SELECT id, station_id, camera_id, door_id, type, priority, raised_at,"                          \
  " state, owner, updated_at, category, note, snapshot_id, derived FROM alarms"

static void
each_alarm (sqlite3_stmt *stmt, YzRecordAlarmFunc func, gpointer user_data)
{
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      YzAlarmData a;

      if (alarm_from_row (stmt, &a))
        func (&a, sqlite3_column_int (stmt, 13), user_data);
    }
  sqlite3_reset (stmt);
}

/* The alarms the console shows: open ones, and those resolved since @resolved_since. */
void
yz_record_alarms_current (YzStore *store, gint64 resolved_since, YzRecordAlarmFunc func,
                          gpointer user_data)
{
  sqlite3_stmt *stmt =
      yz_record_prepare (store, SELECT_ALARMS " WHERE state != 'resolved' OR updated_at >= ?1");

  if (stmt == NULL)
    return;
  sqlite3_bind_int64 (stmt, 1, resolved_since);
  each_alarm (stmt, func, user_data);
}

/* At most @limit alarms raised at or after @since_ms, the newest first. */
void
yz_record_alarms_raised_since (YzStore *store, gint64 since_ms, guint limit, YzRecordAlarmFunc func,
                               gpointer user_data)
{
  sqlite3_stmt *stmt = yz_record_prepare (
      store, SELECT_ALARMS " WHERE raised_at >= ?1 ORDER BY raised_at DESC LIMIT ?2");

  if (stmt == NULL)
    return;
  sqlite3_bind_int64 (stmt, 1, since_ms);
  sqlite3_bind_int (stmt, 2, limit);
  each_alarm (stmt, func, user_data);
}

/* Returns: (transfer full) (element-type YzAlarmStep): the alarm's steps, oldest first */
GPtrArray *
yz_record_alarm_steps (YzStore *store, const char *alarm_id)
{
  GPtrArray *steps = g_ptr_array_new_with_free_func ((GDestroyNotify)yz_alarm_step_free);
  sqlite3_stmt *stmt = yz_record_prepare (store, "SELECT time, action, by, note FROM alarm_history"
                                                 " WHERE alarm_id = ?1 ORDER BY time, id");

  if (stmt == NULL)
    return steps;
  YZ_RECORD_TEXT (stmt, 1, alarm_id);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      YzAlarmStep *step = g_new0 (YzAlarmStep, 1);

      step->time = sqlite3_column_int64 (stmt, 0);
      step->action = g_strdup (yz_record_col (stmt, 1));
      step->by = g_strdup (yz_record_col (stmt, 2));
      step->note = g_strdup (yz_record_col (stmt, 3));
      g_ptr_array_add (steps, step);
    }
  sqlite3_reset (stmt);

  return steps;
}

/* ---- incidents ---- */

/* Returns: (transfer full): alarm id -> incident key */
GHashTable *
yz_record_incident_links (YzStore *store)
{
  GHashTable *links = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  sqlite3_stmt *stmt = yz_record_prepare (store, "SELECT alarm_id, incident FROM incident_links");

  if (stmt == NULL)
    return links;
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_hash_table_insert (links, g_strdup (yz_record_col (stmt, 0)),
                         g_strdup (yz_record_col (stmt, 1)));
  sqlite3_reset (stmt);

  return links;
}

/* Puts @alarm_ids in the incident @key, in one transaction. */
gboolean
yz_record_link_incident (YzStore *store, GPtrArray *alarm_ids, const char *key, GError **error)
{
  sqlite3_stmt *stmt;

  if (!yz_store_begin (store, error) ||
      (stmt = yz_record_prepare (
           store, "INSERT OR REPLACE INTO incident_links (alarm_id, incident) VALUES (?1, ?2)")) ==
          NULL)
    return FALSE;
  for (guint i = 0; i < alarm_ids->len; i++)
    {
      YZ_RECORD_TEXT (stmt, 1, g_ptr_array_index (alarm_ids, i));
      YZ_RECORD_TEXT (stmt, 2, key);
      yz_record_run (store, stmt);
    }
  return yz_store_commit (store, error);
}
