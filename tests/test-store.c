/* test-store.c
 *
 * The local record: created fresh, migrated step by step without losing rows, unreadable
 * files moved aside byte for byte, and an audit chain that names the first edited row.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <sys/stat.h>

#include "yz-store-private.h"
#include "yz-test-util.h"

static char *
temp_db_path (const char *name)
{
  return g_build_filename (g_get_user_data_dir (), "store-test", name, NULL);
}

static void
test_store_fresh (void)
{
  g_autofree char *path = temp_db_path ("fresh.db");
  g_autoptr(GError) error = NULL;
  g_autoptr(YzStore) store = yz_store_open (path, &error);
  static const char *tables[] = { "meta",          "stations", "cameras",  "doors",
                                  "stock",         "devices",  "entries",  "alarms",
                                  "alarm_history", "events",   "audit_log" };
  sqlite3_stmt *stmt;

  g_assert_no_error (error);
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
  g_assert_cmpint (yz_store_get_version (store), ==, yz_store_latest_version ());
  g_assert_cmpint (yz_test_query_int (store, "PRAGMA user_version"), ==,
                   yz_store_latest_version ());
  g_assert_cmpint (yz_test_query_int (store, "PRAGMA foreign_keys"), ==, 1);

  stmt = yz_store_prepare (store, "PRAGMA journal_mode", NULL);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpstr ((const char *)sqlite3_column_text (stmt, 0), ==, "wal");
  sqlite3_reset (stmt);

  stmt = yz_store_prepare (
      store, "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?", NULL);
  for (guint i = 0; i < G_N_ELEMENTS (tables); i++)
    {
      stmt = yz_store_prepare (
          store, "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?", NULL);
      sqlite3_bind_text (stmt, 1, tables[i], -1, SQLITE_STATIC);
      g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
      g_assert_cmpint (sqlite3_column_int (stmt, 0), ==, 1);
      sqlite3_reset (stmt);
    }

  /* A foreign key holds: a camera needs its station. */
  g_assert_cmpint (
      sqlite3_exec (yz_store_get_db (store),
                    "INSERT INTO cameras (id, station_id, name) VALUES ('c', 'nowhere', 'x')", NULL,
                    NULL, NULL),
      !=, SQLITE_OK);
}

static void
test_store_statement_cache (void)
{
  g_autofree char *path = temp_db_path ("cache.db");
  g_autoptr(YzStore) store = yz_store_open (path, NULL);
  g_autoptr(GError) error = NULL;
  sqlite3_stmt *a = yz_store_prepare (store, "SELECT 1", NULL);
  sqlite3_stmt *b = yz_store_prepare (store, "SELECT 1", NULL);
  sqlite3_stmt *c = yz_store_prepare (store, "SELECT 2", NULL);

  g_assert_true (a == b);
  g_assert_true (a != c);
  g_assert_null (yz_store_prepare (store, "SELECT FROM nothing", &error));
  g_assert_error (error, YZ_STORE_ERROR, YZ_STORE_ERROR_FAILED);
}

/* One row that is valid at each schema version. */
static const char *rows_at_version[] = {
  NULL,
  "INSERT INTO stations (id, name) VALUES ('hz-0001', '华英路工会驿站')",
  "INSERT INTO entries (id, station_id, time) VALUES ('e1', 'hz-0001', 1)",
  "INSERT INTO events (seq, time, type, json) VALUES (1, 1, 'heartbeat', '{}')",
  "INSERT INTO alarms (id, station_id, type, priority, raised_at, state, derived)"
  "  VALUES ('local-1', 'hz-0001', 'stock-low', 'low', 1, 'new', 1)",
  "INSERT INTO incident_links (alarm_id, incident) VALUES ('local-1', 'split:local-1')",
  "INSERT INTO stats_station_day (day, station_id, district, granted) VALUES (20261123, 'hz-0001', "
  "'', 1)",
  "INSERT INTO stats_door_day (day, district, command, reason, n) VALUES (20261123, '', 'open', "
  "'medical', 1)",
};

static const char *checks_at_version[] = {
  NULL,
  "SELECT count(*) FROM stations WHERE name = '华英路工会驿站'",
  "SELECT count(*) FROM entries WHERE id = 'e1'",
  "SELECT count(*) FROM events WHERE seq = 1",
  "SELECT count(*) FROM alarms WHERE id = 'local-1' AND derived = 1",
  "SELECT count(*) FROM incident_links WHERE incident = 'split:local-1'",
  "SELECT count(*) FROM stats_station_day WHERE granted = 1",
  "SELECT count(*) FROM stats_door_day WHERE reason = 'medical' AND n = 1",
};

/* Migration 7: the reason texts of before, in either language, count as their code. */
static void
test_store_door_reason_migration (void)
{
  g_autofree char *path = temp_db_path ("door-reasons.db");
  g_autoptr(GError) error = NULL;
  g_autoptr(YzStore) old = yz_store_open_at_version (path, 6, &error);
  g_autoptr(YzStore) current = NULL;

  g_assert_no_error (error);
  yz_test_exec_sql (old,
                    "INSERT INTO stats_door_day (day, district, command, reason, n) VALUES"
                    " (20261123, '拱墅区', 'open', 'Worker locked out, identity confirmed', 2),"
                    " (20261123, '拱墅区', 'open', '劳动者被锁在门外，身份已确认: 李明', 1),"
                    " (20261123, '拱墅区', 'open', '工人被锁在门外', 1),"
                    " (20261123, '拱墅区', 'open', 'Medical help arrivingly', 1),"
                    " (20261123, '拱墅区', 'open', 'the van is here', 1),"
                    " (20261123, '拱墅区', 'lock', '保洁', 1)");
  g_clear_object (&old);

  current = yz_store_open (path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (yz_test_query_int (current, "SELECT count(*) FROM stats_door_day"), ==, 3);
  g_assert_cmpint (yz_test_query_int (current, "SELECT n FROM stats_door_day WHERE command = 'open'"
                                               " AND reason = 'worker-locked-out'"),
                   ==, 4);
  g_assert_cmpint (yz_test_query_int (current, "SELECT n FROM stats_door_day WHERE command = 'open'"
                                               " AND reason = 'other'"),
                   ==, 2);
  g_assert_cmpint (yz_test_query_int (current, "SELECT n FROM stats_door_day WHERE command = 'lock'"
                                               " AND reason = 'maintenance'"),
                   ==, 1);
}

static void
test_store_migrations (void)
{
  g_assert_cmpint (G_N_ELEMENTS (rows_at_version) - 1, ==, yz_store_latest_version ());

  for (int k = 1; k <= yz_store_latest_version (); k++)
    {
      g_autofree char *name = g_strdup_printf ("migrate-from-%d.db", k);
      g_autofree char *path = temp_db_path (name);
      g_autoptr(GError) error = NULL;
      g_autoptr(YzStore) old = NULL;
      g_autoptr(YzStore) current = NULL;

      old = yz_store_open_at_version (path, k, &error);
      g_assert_no_error (error);
      g_assert_cmpint (yz_store_get_version (old), ==, k);
      for (int v = 1; v <= k; v++)
        yz_test_exec_sql (old, rows_at_version[v]);
      g_clear_object (&old);

      current = yz_store_open (path, &error);
      g_assert_no_error (error);
      g_assert_cmpint (yz_store_get_version (current), ==, yz_store_latest_version ());
      for (int v = 1; v <= k; v++)
        g_assert_cmpint (yz_test_query_int (current, checks_at_version[v]), ==, 1);
    }
}

static void
check_recovered (const char *path, const char *contents, gsize length, YzStoreError expected)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) reason = NULL;
  g_autofree char *moved_to = NULL;
  g_autofree char *kept = NULL;
  gsize kept_length = 0;
  g_autoptr(YzStore) store = NULL;

  store = yz_store_open_or_recover (path, &moved_to, &reason, &error);
  g_assert_no_error (error);
  g_assert_nonnull (store);
  g_assert_error (reason, YZ_STORE_ERROR, (int)expected);
  g_assert_nonnull (moved_to);
  g_assert_true (g_str_has_prefix (moved_to, path));
  g_assert_nonnull (strstr (moved_to, ".unreadable-"));

  /* The old file is kept exactly as it was. */
  g_assert_true (g_file_get_contents (moved_to, &kept, &kept_length, NULL));
  g_assert_cmpmem (kept, kept_length, contents, length);

  /* And the fresh store works. */
  g_assert_cmpint (yz_store_get_version (store), ==, yz_store_latest_version ());
  g_assert_cmpint (yz_store_audit_append (store, 1, "operator", "door.open", "d1", "{}", "request",
                                          NULL, &error),
                   >, 0);
  g_assert_no_error (error);

  /* Its audit log is whole, but the check does not call it "intact" without saying that it
   * starts fresh and where the earlier log is. */
  {
    g_autofree char *message = NULL;

    g_assert_cmpint (yz_store_audit_report (store, &message), ==, 3);
    g_assert_nonnull (strstr (message, moved_to));
    g_assert_nonnull (strstr (message, "starts fresh"));
  }
}

/* A real database with some pages, checkpointed so that the main file holds everything. */
static char *
make_filled_db (const char *path, gsize *length)
{
  g_autoptr(YzStore) store = yz_store_open (path, NULL);
  char *contents = NULL;

  for (int i = 0; i < 200; i++)
    {
      g_autofree char *sql =
          g_strdup_printf ("INSERT INTO stations (id, name) VALUES ('s%d', '%0200d')", i, i);
      yz_test_exec_sql (store, sql);
    }
  yz_test_exec_sql (store, "PRAGMA wal_checkpoint(TRUNCATE)");
  g_clear_object (&store);
  g_assert_true (g_file_get_contents (path, &contents, length, NULL));

  return contents;
}

static void
test_store_unreadable_files (void)
{
  g_autofree char *dir = temp_db_path ("");
  guint8 random_bytes[4096];
  static const char text[] = "this is a note, not a database\n";

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);

  for (guint i = 0; i < sizeof random_bytes; i++)
    random_bytes[i] = g_test_rand_int_range (0, 256);

  {
    g_autofree char *path = temp_db_path ("random.db");
    g_assert_true (
        g_file_set_contents (path, (const char *)random_bytes, sizeof random_bytes, NULL));
    check_recovered (path, (const char *)random_bytes, sizeof random_bytes,
                     YZ_STORE_ERROR_NOT_A_DATABASE);
  }

  {
    g_autofree char *path = temp_db_path ("text.db");
    g_assert_true (g_file_set_contents (path, text, strlen (text), NULL));
    check_recovered (path, text, strlen (text), YZ_STORE_ERROR_NOT_A_DATABASE);
  }

  /* A real database with pages scribbled over, and one cut short. */
  {
    g_autofree char *path = temp_db_path ("scribbled.db");
    gsize length = 0;
    g_autofree char *contents = make_filled_db (path, &length);

    g_assert_cmpuint (length, >, 4 * 4096);
    memset (contents + 4096 + 100, 0xA5, 2 * 4096);
    g_assert_true (g_file_set_contents (path, contents, length, NULL));
    check_recovered (path, contents, length, YZ_STORE_ERROR_CORRUPT);
  }

  {
    g_autofree char *path = temp_db_path ("truncated.db");
    gsize length = 0;
    g_autofree char *contents = make_filled_db (path, &length);

    length = length / 2 + 1000; /* mid-page */
    g_assert_true (g_file_set_contents (path, contents, length, NULL));
    check_recovered (path, contents, length, YZ_STORE_ERROR_CORRUPT);
  }

  /* Made by a newer console. */
  {
    g_autofree char *path = temp_db_path ("newer.db");
    g_autofree char *sql =
        g_strdup_printf ("PRAGMA user_version = %d", yz_store_latest_version () + 1);
    g_autofree char *contents = NULL;
    gsize length = 0;
    g_autoptr(YzStore) store = yz_store_open (path, NULL);

    yz_test_exec_sql (store, sql);
    yz_test_exec_sql (store, "PRAGMA wal_checkpoint(TRUNCATE)");
    g_clear_object (&store);
    g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
    check_recovered (path, contents, length, YZ_STORE_ERROR_TOO_NEW);
  }
}

static void
test_store_empty_file_is_fresh (void)
{
  g_autofree char *path = temp_db_path ("empty.db");
  g_autofree char *moved_to = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(YzStore) store = NULL;

  g_assert_cmpint (g_mkdir_with_parents (temp_db_path (""), 0700), ==, 0);
  g_assert_true (g_file_set_contents (path, "", 0, NULL));
  store = yz_store_open_or_recover (path, &moved_to, NULL, &error);
  g_assert_no_error (error);
  g_assert_null (moved_to);
  g_assert_cmpint (yz_store_get_version (store), ==, yz_store_latest_version ());
}

static void
test_store_audit_chain (void)
{
  g_autofree char *path = temp_db_path ("audit.db");
  g_autoptr(GError) error = NULL;
  g_autoptr(YzStore) store = yz_store_open (path, &error);
  gint64 broken = -1;

  g_assert_no_error (error);
  g_assert_true (yz_store_audit_verify (store, &broken, &error));
  g_assert_cmpint (broken, ==, 0);

  for (int i = 0; i < 5; i++)
    {
      gint64 id = yz_store_audit_append (store, 1000 + i, "王伟", "door.open", "hz-0001-door1",
                                         "{\"reason\":\"worker locked out\"}",
                                         i % 2 ? "result" : "request", i % 2 ? "ok" : NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpint (id, ==, i + 1);
    }
  g_assert_true (yz_store_audit_verify (store, &broken, &error));
  g_assert_no_error (error);

  /* Append-only: the triggers refuse edits and deletions. */
  g_assert_cmpint (sqlite3_exec (yz_store_get_db (store),
                                 "UPDATE audit_log SET operator = 'x' WHERE id = 3", NULL, NULL,
                                 NULL),
                   !=, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (yz_store_get_db (store), "DELETE FROM audit_log WHERE id = 3",
                                 NULL, NULL, NULL),
                   !=, SQLITE_OK);
  g_assert_true (yz_store_audit_verify (store, &broken, NULL));

  /* Someone drops the trigger and edits row 3: verify names it. */
  yz_test_exec_sql (store, "DROP TRIGGER audit_log_no_update");
  yz_test_exec_sql (store, "UPDATE audit_log SET params = '{\"reason\":\"nothing\"}' WHERE id = 3");
  g_assert_false (yz_store_audit_verify (store, &broken, &error));
  g_assert_no_error (error);
  g_assert_cmpint (broken, ==, 3);
}

/* What --verify-audit says: intact (0), broken with the row (1). */
static void
test_store_audit_report (void)
{
  g_autofree char *path = temp_db_path ("report.db");
  g_autoptr(GError) error = NULL;
  g_autoptr(YzStore) store = yz_store_open (path, &error);
  g_autofree char *intact = NULL;
  g_autofree char *broken = NULL;

  g_assert_no_error (error);
  for (int i = 0; i < 3; i++)
    g_assert_cmpint (yz_store_audit_append (store, 1000 + i, "operator", "door.open", "d1", "{}",
                                            "request", NULL, &error),
                     >, 0);
  g_assert_cmpint (yz_store_audit_report (store, &intact), ==, 0);
  g_assert_nonnull (strstr (intact, "intact"));
  g_assert_null (strstr (intact, "fresh"));

  yz_test_exec_sql (store, "DROP TRIGGER audit_log_no_update");
  yz_test_exec_sql (store, "UPDATE audit_log SET target = 'd2' WHERE id = 2");
  g_assert_cmpint (yz_store_audit_report (store, &broken), ==, 1);
  g_assert_nonnull (strstr (broken, "row 2"));
}

static int
file_mode (const char *path)
{
  GStatBuf st;

  g_assert_cmpint (g_stat (path, &st), ==, 0);

  return st.st_mode & 07777;
}

/* The database, its WAL and its shared memory are the user's alone, whatever the umask. */
static void
test_store_private_files (void)
{
  g_autofree char *path = temp_db_path ("private.db");
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (path, "-shm", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(YzStore) store = NULL;
  mode_t saved = umask (022);

  store = yz_store_open (path, &error);
  g_assert_no_error (error);
  yz_test_exec_sql (store, "INSERT INTO meta (key, value) VALUES ('probe', 'x')");
  g_assert_true (g_file_test (wal, G_FILE_TEST_IS_REGULAR));
  g_assert_true (g_file_test (shm, G_FILE_TEST_IS_REGULAR));
  g_assert_cmpint (file_mode (path), ==, 0600);
  g_assert_cmpint (file_mode (wal), ==, 0600);
  g_assert_cmpint (file_mode (shm), ==, 0600);
  umask (saved);
}

/* A database left readable by others (an older version, a copy) is tightened on open,
 * and the log says so. */
static void
test_store_tightens_existing (void)
{
  g_autofree char *path = temp_db_path ("wide.db");
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(YzStore) store = NULL;
  mode_t saved = umask (022);

  store = yz_store_open (path, &error);
  g_assert_no_error (error);
  g_clear_object (&store);
  g_assert_cmpint (g_chmod (path, 0644), ==, 0);
  g_assert_true (g_file_set_contents (wal, "", 0, NULL));
  g_assert_cmpint (g_chmod (wal, 0664), ==, 0);

  g_test_expect_message ("yz-store", G_LOG_LEVEL_MESSAGE, "*wide.db was readable by others*0644*");
  g_test_expect_message ("yz-store", G_LOG_LEVEL_MESSAGE,
                         "*wide.db-wal was readable by others*0664*");
  store = yz_store_open (path, &error);
  g_test_assert_expected_messages ();
  g_assert_no_error (error);
  g_assert_cmpint (file_mode (path), ==, 0600);
  g_assert_cmpint (file_mode (wal), ==, 0600);
  g_assert_cmpint (yz_store_get_version (store), ==, yz_store_latest_version ());
  umask (saved);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/yizhan/store/fresh", test_store_fresh);
  g_test_add_func ("/yizhan/store/statement-cache", test_store_statement_cache);
  g_test_add_func ("/yizhan/store/migrations", test_store_migrations);
  g_test_add_func ("/yizhan/store/door-reason-migration", test_store_door_reason_migration);
  g_test_add_func ("/yizhan/store/unreadable-files", test_store_unreadable_files);
  g_test_add_func ("/yizhan/store/empty-file-is-fresh", test_store_empty_file_is_fresh);
  g_test_add_func ("/yizhan/store/audit-chain", test_store_audit_chain);
  g_test_add_func ("/yizhan/store/audit-report", test_store_audit_report);
  g_test_add_func ("/yizhan/store/private-files", test_store_private_files);
  g_test_add_func ("/yizhan/store/tightens-existing", test_store_tightens_existing);

  return g_test_run ();
}
