/* yz-record-journal.c
 *
 * The journal in the record: every event as it came (`events`), the last seq written
 * (`meta`), and the pruning of old journal rows. The meta keys other jobs leave (the
 * statistics' rebuild request) are read and removed here too.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "yz-record"

#include "config.h"

#include "yz-record.h"

/* The last seq written to the record, 0 when none. */
gint64
yz_record_load_last_seq (YzStore *store)
{
  sqlite3_stmt *stmt = yz_record_prepare (store, "SELECT value FROM meta WHERE key = 'last-seq'");
  gint64 seq = 0;

  if (stmt == NULL)
    return 0;
  if (sqlite3_step (stmt) == SQLITE_ROW)
    seq = g_ascii_strtoll (yz_record_col (stmt, 0), NULL, 10);
  sqlite3_reset (stmt);
  return seq;
}

/* Written with every batch of events: when it fails, the record is not being kept, and
 * @error says why (the database is read-only, the disk is full). */
gboolean
yz_record_last_seq (YzStore *store, gint64 seq, GError **error)
{
  sqlite3_stmt *stmt =
      yz_record_prepare (store, "INSERT INTO meta (key, value) VALUES ('last-seq', ?1)"
                                " ON CONFLICT (key) DO UPDATE SET value = excluded.value");
  g_autofree char *text = g_strdup_printf ("%" G_GINT64_FORMAT, seq);
  int rc;

  if (stmt == NULL)
    return yz_store_set_error (store, sqlite3_errcode (yz_store_get_db (store)),
                               "Cannot write the last seq", error);
  YZ_RECORD_TEXT (stmt, 1, text);
  if ((rc = sqlite3_step (stmt)) != SQLITE_DONE)
    yz_store_set_error (store, rc, "Cannot write the last seq", error);
  sqlite3_reset (stmt);
  return rc == SQLITE_DONE;
}

/* The event as it came (its JSON), once per seq of the gateway's @sequence (the count of
 * sequences this record followed) named @epoch by the gateway (%NULL: it names none). */
void
yz_record_journal (YzStore *store, gint64 sequence, const char *epoch, const YzEvent *event)
{
  sqlite3_stmt *stmt = yz_record_prepare (
      store, "INSERT OR IGNORE INTO events (sequence, epoch, seq, time, type, json)"
             " VALUES (?1, ?2, ?3, ?4, ?5, ?6)");

  if (stmt == NULL)
    return;
  sqlite3_bind_int64 (stmt, 1, sequence);
  sqlite3_bind_text (stmt, 2, epoch, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 3, event->seq);
  sqlite3_bind_int64 (stmt, 4, event->time);
  sqlite3_bind_text (stmt, 5, yz_event_type_to_string (event->type), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 6, event->json, -1, SQLITE_STATIC);
  yz_record_run (store, stmt);
}

/* Deletes at most @limit journal rows older than @before_ms; returns how many. The rows
 * are found from the start of the order they were written in, where the old ones are, so a
 * batch costs what it deletes, not a scan of the table. */
guint
yz_record_prune_journal (YzStore *store, gint64 before_ms, guint limit)
{
  sqlite3_stmt *stmt =
      yz_record_prepare (store, "DELETE FROM events WHERE id IN (SELECT id FROM events"
                                " WHERE time < ?1 ORDER BY id LIMIT ?2)");

  if (stmt == NULL)
    return 0;
  sqlite3_bind_int64 (stmt, 1, before_ms);
  sqlite3_bind_int (stmt, 2, limit);
  if (!yz_record_run (store, stmt))
    return 0;

  return yz_record_changes (store);
}

gboolean
yz_record_meta_has (YzStore *store, const char *key)
{
  sqlite3_stmt *stmt = yz_record_prepare (store, "SELECT 1 FROM meta WHERE key = ?1");
  gboolean found;

  if (stmt == NULL)
    return FALSE;
  YZ_RECORD_TEXT (stmt, 1, key);
  found = sqlite3_step (stmt) == SQLITE_ROW;
  sqlite3_reset (stmt);
  return found;
}

void
yz_record_meta_remove (YzStore *store, const char *key)
{
  sqlite3_stmt *stmt = yz_record_prepare (store, "DELETE FROM meta WHERE key = ?1");

  if (stmt == NULL)
    return;
  YZ_RECORD_TEXT (stmt, 1, key);
  yz_record_run (store, stmt);
}

/* Returns: (nullable): the meta key's value */
char *
yz_record_meta_get (YzStore *store, const char *key)
{
  sqlite3_stmt *stmt = yz_record_prepare (store, "SELECT value FROM meta WHERE key = ?1");
  char *value = NULL;

  if (stmt == NULL)
    return NULL;
  YZ_RECORD_TEXT (stmt, 1, key);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    value = g_strdup (yz_record_col (stmt, 0));
  sqlite3_reset (stmt);
  return value;
}

void
yz_record_meta_set (YzStore *store, const char *key, const char *value)
{
  sqlite3_stmt *stmt =
      yz_record_prepare (store, "INSERT INTO meta (key, value) VALUES (?1, ?2)"
                                " ON CONFLICT (key) DO UPDATE SET value = excluded.value");

  if (stmt == NULL)
    return;
  YZ_RECORD_TEXT (stmt, 1, key);
  YZ_RECORD_TEXT (stmt, 2, value);
  yz_record_run (store, stmt);
}
