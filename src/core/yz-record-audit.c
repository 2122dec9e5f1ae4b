/* yz-record-audit.c
 *
 * The audit log in the record: its writer and checker (yz_store_audit_append() and
 * yz_store_audit_verify(), declared in yz-store.h: every row is chained to the one
 * before by a SHA-256, docs/schema.md), and its readers (yz-record-audit.h): the audit
 * window's list and search, the report's rows for an incident, and the entries the
 * report's timeline shows.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "yz-record"

#include "config.h"

#include <glib/gi18n.h>

#include "yz-record-audit.h"
#include "yz-record.h"

#define GENESIS_HASH "0000000000000000000000000000000000000000000000000000000000000000"

/* ---- writing and checking the chain ---- */

/* The canonical form hashed for an audit row: every field length-prefixed, so that no two
 * different rows can produce the same text; NULL is "-". */
static void
hash_field (GChecksum *checksum, const char *value)
{
  g_autofree char *prefix = NULL;

  if (value == NULL)
    {
      g_checksum_update (checksum, (const guchar *)"-;", 2);
      return;
    }
  prefix = g_strdup_printf ("%zu:", strlen (value));
  g_checksum_update (checksum, (const guchar *)prefix, -1);
  g_checksum_update (checksum, (const guchar *)value, -1);
  g_checksum_update (checksum, (const guchar *)";", 1);
}

static char *
audit_hash (const char *prev_hash, gint64 id, gint64 time_ms, const char *operator_name,
            const char *action, const char *target, const char *params, const char *phase,
            const char *result)
{
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  g_autofree char *id_text = g_strdup_printf ("%" G_GINT64_FORMAT, id);
  g_autofree char *time_text = g_strdup_printf ("%" G_GINT64_FORMAT, time_ms);

  hash_field (checksum, prev_hash);
  hash_field (checksum, id_text);
  hash_field (checksum, time_text);
  hash_field (checksum, operator_name);
  hash_field (checksum, action);
  hash_field (checksum, target);
  hash_field (checksum, params);
  hash_field (checksum, phase);
  hash_field (checksum, result);

  return g_strdup (g_checksum_get_string (checksum));
}

gint64
yz_store_audit_append (YzStore *self, gint64 time_ms, const char *operator_name, const char *action,
                       const char *target, const char *params_json, const char *phase,
                       const char *result, GError **error)
{
  g_autofree char *prev_hash = NULL;
  g_autofree char *hash = NULL;
  sqlite3_stmt *stmt;
  gboolean own_transaction;
  gint64 id = 1;
  int rc;

  g_return_val_if_fail (YZ_IS_STORE (self), 0);
  g_return_val_if_fail (operator_name != NULL, 0);
  g_return_val_if_fail (action != NULL, 0);
  g_return_val_if_fail (g_strcmp0 (phase, "request") == 0 || g_strcmp0 (phase, "result") == 0, 0);

  own_transaction = sqlite3_get_autocommit (yz_store_get_db (self));
  if (own_transaction && !yz_store_begin (self, error))
    return 0;

  stmt = yz_store_prepare (self, "SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1", error);
  if (stmt == NULL)
    goto failed;
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      id = sqlite3_column_int64 (stmt, 0) + 1;
      prev_hash = g_strdup (yz_record_col (stmt, 1));
    }
  else
    {
      prev_hash = g_strdup (GENESIS_HASH);
    }
  sqlite3_reset (stmt);

  hash = audit_hash (prev_hash, id, time_ms, operator_name, action, target, params_json, phase,
                     result);

  stmt = yz_store_prepare (self,
                           "INSERT INTO audit_log (id, time, operator, action, target, params, "
                           "phase, result, prev_hash, hash)"
                           " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                           error);
  if (stmt == NULL)
    goto failed;
  sqlite3_bind_int64 (stmt, 1, id);
  sqlite3_bind_int64 (stmt, 2, time_ms);
  YZ_RECORD_TEXT (stmt, 3, operator_name);
  YZ_RECORD_TEXT (stmt, 4, action);
  YZ_RECORD_TEXT (stmt, 5, target);
  YZ_RECORD_TEXT (stmt, 6, params_json);
  YZ_RECORD_TEXT (stmt, 7, phase);
  YZ_RECORD_TEXT (stmt, 8, result);
  YZ_RECORD_TEXT (stmt, 9, prev_hash);
  YZ_RECORD_TEXT (stmt, 10, hash);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      yz_store_set_error (self, rc, "Cannot write the audit log", error);
      goto failed;
    }

  if (own_transaction && !yz_store_commit (self, error))
    goto failed;

  return id;

failed:
  if (own_transaction)
    yz_store_rollback (self);
  return 0;
}

/**
 * yz_store_audit_verify:
 * @first_broken: (out) (optional): the id of the first row whose hash or link is wrong
 *
 * Returns: %TRUE if every row's hash matches its fields and links to the row before
 */
gboolean
yz_store_audit_verify (YzStore *self, gint64 *first_broken, GError **error)
{
  g_autofree char *expected_prev = g_strdup (GENESIS_HASH);
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (YZ_IS_STORE (self), FALSE);

  if (first_broken)
    *first_broken = 0;

  stmt = yz_store_prepare (
      self,
      "SELECT id, time, operator, action, target, params, phase, result, prev_hash, hash"
      " FROM audit_log ORDER BY id",
      error);
  if (stmt == NULL)
    return FALSE;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      g_autofree char *hash =
          audit_hash (yz_record_col (stmt, 8), id, sqlite3_column_int64 (stmt, 1),
                      yz_record_col (stmt, 2), yz_record_col (stmt, 3), yz_record_col (stmt, 4),
                      yz_record_col (stmt, 5), yz_record_col (stmt, 6), yz_record_col (stmt, 7));

      if (g_strcmp0 (yz_record_col (stmt, 8), expected_prev) != 0 ||
          g_strcmp0 (yz_record_col (stmt, 9), hash) != 0)
        {
          if (first_broken)
            *first_broken = id;
          sqlite3_reset (stmt);
          return FALSE;
        }

      g_free (expected_prev);
      expected_prev = g_strdup (yz_record_col (stmt, 9));
    }
  sqlite3_reset (stmt);

  if (rc != SQLITE_DONE)
    return yz_store_set_error (self, rc, "Cannot read the audit log", error);

  return TRUE;
}

/**
 * yz_store_audit_report:
 * @message: (out): what to tell the person who asked, translated
 *
 * The check `yizhan --verify-audit` runs, in words: the chain as yz_store_audit_verify()
 * finds it, and whether the log starts fresh because a damaged record was set aside (and
 * where that record is kept).
 *
 * Returns: the exit code: 0 intact, 1 broken, 2 cannot be checked, 3 intact but starting
 *   fresh after a damaged record was set aside (that file holds the earlier log)
 */
int
yz_store_audit_report (YzStore *self, char **message)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *aside = NULL;
  gint64 first_broken = 0;

  g_return_val_if_fail (YZ_IS_STORE (self), 2);
  g_return_val_if_fail (message != NULL, 2);

  if (!yz_store_audit_verify (self, &first_broken, &error))
    {
      if (error != NULL)
        {
          *message = g_strdup_printf (_("Cannot check the audit log: %s"), error->message);
          return 2;
        }
      else
        {
          g_autofree char *row = g_strdup_printf ("%" G_GINT64_FORMAT, first_broken);

          *message = g_strdup_printf (_("The audit log is broken: row %s does not match the "
                                         "chain. It, or a row before it, was changed or removed."),
                                      row);
          return 1;
        }
    }

  aside = yz_record_meta_get (self, "set-aside-path");
  if (aside != NULL)
    {
      g_autofree char *when = yz_record_meta_get (self, "set-aside-at");
      g_autofree char *reason = yz_record_meta_get (self, "set-aside-reason");

      *message = g_strdup_printf (_("The audit log in %s is intact, but it starts fresh on %s: "
                                     "the earlier record could not be read (%s) and was set "
                                     "aside as %s, which holds the log before that. Check that "
                                     "file separately."),
                                  yz_store_get_path (self), when ? when : "?",
                                  reason ? reason : "?", aside);
      return 3;
    }

  *message = g_strdup_printf (_("The audit log in %s is intact."), yz_store_get_path (self));
  return 0;
}

/* ---- reading ---- */

void
yz_audit_row_free (YzAuditRow *row)
{
  if (row == NULL)
    return;
  g_free (row->operator_name);
  g_free (row->action);
  g_free (row->target);
  g_free (row->params);
  g_free (row->phase);
  g_free (row->result);
  g_free (row->hash);
  g_free (row->door_name);
  g_free (row->device_name);
  g_free (row->stock_item);
  g_free (row->alarm_type);
  g_free (row->station_name);
  g_free (row);
}

#define SELECT_ROWS                                                                                \
  "SELECT a.id, a.time, a.operator, a.action, a.target, a.params, a.phase, a.result,"              \
  " d.name, v.name, k.item, al.type, s.name, a.hash"                                               \
  " FROM audit_log a LEFT JOIN doors d ON d.id = a.target LEFT JOIN devices v ON v.id = a.target"  \
  " LEFT JOIN stock k ON k.id = a.target LEFT JOIN alarms al ON al.id = a.target"                  \
  " LEFT JOIN stations s ON s.id = COALESCE (d.station_id, v.station_id, k.station_id, "           \
  "al.station_id)"

static GPtrArray *
read_rows (sqlite3_stmt *stmt)
{
  GPtrArray *rows = g_ptr_array_new_with_free_func ((GDestroyNotify)yz_audit_row_free);

  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      YzAuditRow *row = g_new0 (YzAuditRow, 1);

      row->id = sqlite3_column_int64 (stmt, 0);
      row->time = sqlite3_column_int64 (stmt, 1);
      row->operator_name = g_strdup (yz_record_col (stmt, 2));
      row->action = g_strdup (yz_record_col (stmt, 3));
      row->target = g_strdup (yz_record_col (stmt, 4));
      row->params = g_strdup (yz_record_col (stmt, 5));
      row->phase = g_strdup (yz_record_col (stmt, 6));
      row->result = g_strdup (yz_record_col (stmt, 7));
      row->door_name = g_strdup (yz_record_col (stmt, 8));
      row->device_name = g_strdup (yz_record_col (stmt, 9));
      row->stock_item = g_strdup (yz_record_col (stmt, 10));
      row->alarm_type = g_strdup (yz_record_col (stmt, 11));
      row->station_name = g_strdup (yz_record_col (stmt, 12));
      row->hash = g_strdup (yz_record_col (stmt, 13));
      g_ptr_array_add (rows, row);
    }
  sqlite3_reset (stmt);

  return rows;
}

/**
 * yz_record_audit_rows:
 * @search: (nullable): what to look for; %NULL for every row
 * @limit: at most this many, the newest
 *
 * Returns: (transfer full) (element-type YzAuditRow): the rows, newest first
 */
GPtrArray *
yz_record_audit_rows (YzStore *store, const YzAuditSearch *search, guint limit)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (YZ_IS_STORE (store), NULL);

  if (search != NULL)
    {
      /* The stored words (ids, names, the officer's own words), and the codes whose shown
       * names match: a search for "开门" or "Door command" finds the rows, in any language. */
      stmt = yz_record_prepare (
          store, SELECT_ROWS
          " WHERE a.operator LIKE ?1 OR a.action LIKE ?1 OR a.target LIKE ?1"
          " OR a.params LIKE ?1 OR a.result LIKE ?1 OR d.name LIKE ?1 OR v.name LIKE ?1"
          " OR s.name LIKE ?1 OR a.action IN (SELECT value FROM json_each (?3))"
          " OR (json_valid (a.params) AND"
          "     (json_extract (a.params, '$.reason') IN (SELECT value FROM json_each (?4))"
          "      OR json_extract (a.params, '$.command') IN (SELECT value FROM json_each (?5))))"
          " OR EXISTS (SELECT 1 FROM json_each (?6) o WHERE a.result LIKE o.value || ': %'"
          "            OR a.result LIKE 'late: ' || o.value || ': %')"
          " OR (?7 AND a.phase = 'request')"
          " OR (?8 AND a.phase = 'result' AND a.result NOT LIKE 'refused: %'"
          "     AND a.result NOT LIKE 'no-answer: %' AND a.result NOT LIKE 'error: %'"
          "     AND a.result NOT LIKE 'unknown: %' AND a.result NOT LIKE 'expired: %'"
          "     AND a.result NOT LIKE 'late: refused: %' AND a.result NOT LIKE 'late: expired: %')"
          " ORDER BY a.id DESC LIMIT ?2");
      if (stmt != NULL)
        {
          YZ_RECORD_TEXT (stmt, 1, search->like);
          YZ_RECORD_TEXT (stmt, 3, search->actions);
          YZ_RECORD_TEXT (stmt, 4, search->reasons);
          YZ_RECORD_TEXT (stmt, 5, search->commands);
          YZ_RECORD_TEXT (stmt, 6, search->outcomes);
          sqlite3_bind_int (stmt, 7, search->requested);
          sqlite3_bind_int (stmt, 8, search->carried_out);
        }
    }
  else
    stmt = yz_record_prepare (store, SELECT_ROWS " WHERE ?1 IS NULL ORDER BY a.id DESC LIMIT ?2");
  if (stmt == NULL)
    return g_ptr_array_new_with_free_func ((GDestroyNotify)yz_audit_row_free);
  sqlite3_bind_int (stmt, 2, limit);

  return read_rows (stmt);
}

/**
 * yz_record_audit_for_incident:
 * @store: (nullable): the record; without one, no rows
 * @alarm_ids_json: the incident's alarm ids, as a JSON array
 *
 * The rows about the incident's alarms, and about the station's doors from @from to @to
 * (door ids start with the station's id and a dash), in the order they were written.
 *
 * Returns: (transfer full) (element-type YzAuditRow)
 */
GPtrArray *
yz_record_audit_for_incident (YzStore *store, const char *alarm_ids_json, const char *station_id,
                              gint64 from, gint64 to)
{
  g_autofree char *doors = g_strconcat (station_id, "-%", NULL);
  sqlite3_stmt *stmt;

  /* Without a record there is nothing audited to show. */
  if (store == NULL)
    return g_ptr_array_new_with_free_func ((GDestroyNotify)yz_audit_row_free);

  stmt = yz_record_prepare (
      store, SELECT_ROWS " WHERE a.target IN (SELECT value FROM json_each (?4))"
                         " OR (a.target LIKE ?1 AND a.time >= ?2 AND a.time < ?3) ORDER BY a.id");
  if (stmt == NULL)
    return g_ptr_array_new_with_free_func ((GDestroyNotify)yz_audit_row_free);
  YZ_RECORD_TEXT (stmt, 4, alarm_ids_json);
  YZ_RECORD_TEXT (stmt, 1, doors);
  sqlite3_bind_int64 (stmt, 2, from);
  sqlite3_bind_int64 (stmt, 3, to);

  return read_rows (stmt);
}

/**
 * yz_record_entries_at_station:
 *
 * Returns: (transfer full) (element-type YzEntryData): at most @limit entries at the
 *   station from @from to @to (time, person_name, result and snapshot_id set), oldest first
 */
GPtrArray *
yz_record_entries_at_station (YzStore *store, const char *station_id, gint64 from, gint64 to,
                              guint limit)
{
  GPtrArray *entries = g_ptr_array_new_with_free_func ((GDestroyNotify)yz_entry_data_free);
  sqlite3_stmt *stmt;

  g_return_val_if_fail (YZ_IS_STORE (store), entries);

  stmt = yz_record_prepare (
      store, "SELECT time, person_name, result, snapshot_id FROM entries WHERE station_id = ?1"
             " AND time >= ?2 AND time < ?3 ORDER BY time LIMIT ?4");
  if (stmt == NULL)
    return entries;
  YZ_RECORD_TEXT (stmt, 1, station_id);
  sqlite3_bind_int64 (stmt, 2, from);
  sqlite3_bind_int64 (stmt, 3, to);
  sqlite3_bind_int (stmt, 4, limit);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      YzEntryData *entry = g_new0 (YzEntryData, 1);

      entry->time = sqlite3_column_int64 (stmt, 0);
      entry->person_name = g_strdup (yz_record_col (stmt, 1));
      entry->result = g_intern_string (yz_record_col (stmt, 2));
      entry->snapshot_id = g_strdup (yz_record_col (stmt, 3));
      g_ptr_array_add (entries, entry);
    }
  sqlite3_reset (stmt);

  return entries;
}

/**
 * yz_record_audit_unknown_door:
 * @request_id: a door command's request id (its params' `request_id`)
 * @since: only a command requested at or after this time (ms)
 * @door_id: (out): its door
 * @params: (out): its params, as its rows hold them
 *
 * Whether the door command sent with @request_id ended, as its last result row says, with
 * an unknown outcome: the command a late answer is for, found even after the console
 * restarted (yz-commands.c).
 */
gboolean
yz_record_audit_unknown_door (YzStore *store, const char *request_id, gint64 since, char **door_id,
                              char **params)
{
  sqlite3_stmt *stmt;
  gboolean found = FALSE;

  *door_id = *params = NULL;
  g_return_val_if_fail (YZ_IS_STORE (store), FALSE);

  stmt = yz_record_prepare (
      store, "SELECT r.target, r.params FROM audit_log r"
             " WHERE r.time >= ?2 AND r.action = 'door-command' AND r.phase = 'request'"
             " AND json_valid (r.params) AND json_extract (r.params, '$.request_id') = ?1"
             " AND (SELECT x.result FROM audit_log x WHERE x.id > r.id"
             "      AND x.action = 'door-command' AND x.phase = 'result'"
             "      AND x.target = r.target AND x.params = r.params"
             "      ORDER BY x.id DESC LIMIT 1) LIKE 'unknown: %'"
             " ORDER BY r.id DESC LIMIT 1");
  if (stmt == NULL)
    return FALSE;
  YZ_RECORD_TEXT (stmt, 1, request_id);
  sqlite3_bind_int64 (stmt, 2, since);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      *door_id = g_strdup (yz_record_col (stmt, 0));
      *params = g_strdup (yz_record_col (stmt, 1));
      found = TRUE;
    }
  sqlite3_reset (stmt);

  return found;
}
