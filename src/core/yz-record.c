/* yz-record.c
 *
 * The helpers every statement of the record layer uses (yz-record.h), written once:
 * prepare (cached by the store), run (step, warn, reset), exec.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "yz-record"

#include "config.h"

#include "yz-record.h"

/* A statement the code spells out cannot fail to prepare but by a bug: say it loudly. */
sqlite3_stmt *
yz_record_prepare (YzStore *store, const char *sql)
{
  g_autoptr(GError) error = NULL;
  sqlite3_stmt *stmt = yz_store_prepare (store, sql, &error);

  if (stmt == NULL)
    g_critical ("%s", error->message);
  return stmt;
}

/* One step, then reset; FALSE when it failed (sqlite3_errmsg() still says why). */
gboolean
yz_record_step (sqlite3_stmt *stmt)
{
  int rc = sqlite3_step (stmt);

  sqlite3_reset (stmt);
  return rc == SQLITE_DONE || rc == SQLITE_ROW;
}

/* One step, then reset; a failure is logged (the caller decides whether it matters). */
gboolean
yz_record_run (YzStore *store, sqlite3_stmt *stmt)
{
  int rc = sqlite3_step (stmt);

  if (rc != SQLITE_DONE && rc != SQLITE_ROW)
    g_warning ("Store: %s", sqlite3_errmsg (yz_store_get_db (store)));
  sqlite3_reset (stmt);
  return rc == SQLITE_DONE || rc == SQLITE_ROW;
}

gboolean
yz_record_exec (YzStore *store, const char *sql, GError **error)
{
  char *message = NULL;

  if (sqlite3_exec (yz_store_get_db (store), sql, NULL, NULL, &message) != SQLITE_OK)
    {
      g_set_error (error, YZ_STORE_ERROR, YZ_STORE_ERROR_FAILED, "%s", message);
      sqlite3_free (message);
      return FALSE;
    }
  return TRUE;
}

/* Rows changed by the last statement run. */
int
yz_record_changes (YzStore *store)
{
  return sqlite3_changes (yz_store_get_db (store));
}
