/* test-store.c
 *
 * The local record: created fresh, migrated step by step without losing rows, unreadable
 * files moved aside byte for byte, and an audit chain that names the first edited row.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/stat.h>

#include "yz-record-audit.h"
#include "yz-store-private.h"
#include "yz-test-sim.h"
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

typedef struct
{
  const char *path;
  goffset size;
} FileSize;

static gboolean
file_reached (gpointer data)
{
  FileSize *f = data;
  GStatBuf st;

  return g_stat (f->path, &st) == 0 && st.st_size >= f->size;
}

/* The WAL is copied back into the database file while the store stays open and writing
 * goes on (by the store's own thread since SQLite's automatic checkpoint, inside the commit
 * on the main loop, is replaced), so the file holds the rows without a close. */
static void
test_store_checkpoint (void)
{
  g_autofree char *path = temp_db_path ("checkpoint.db");
  g_autoptr(YzStore) store = yz_store_open (path, NULL);
  FileSize target = { path, 8 * 1024 * 1024 };

  g_assert_nonnull (store);
  for (int i = 0; i < 20; i++)
    {
      g_autofree char *sql = g_strdup_printf (
          "BEGIN; WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n WHERE x < 1000)"
          " INSERT INTO events (sequence, epoch, seq, time, type, json)"
          " SELECT 0, NULL, x + %d, x, 'heartbeat', hex(randomblob(250)) FROM n; COMMIT",
          i * 1000);

      yz_test_exec_sql (store, sql);
    }
  g_assert_true (yz_test_wait (file_reached, &target, 20000));
  g_assert_cmpint (yz_test_query_int (store, "SELECT count(*) FROM events"), ==, 20000);
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
  "INSERT INTO audit_log (time, operator, action, phase, prev_hash, hash, mac)"
  "  VALUES (1, 'operator', 'door-command', 'request', 'x', 'y', 'z')",
  "INSERT INTO events (sequence, epoch, seq, time, type, json) VALUES (1, 'e2', 1, 2, 'heartbeat',"
  " '{}')",
  "INSERT INTO stats_visitor_bits (period, every, district, bits) VALUES (202610, 1, '', x'02')",
};

static const char *checks_at_version[] = {
  NULL,
  "SELECT count(*) FROM stations WHERE name = '华英路工会驿站'",
  "SELECT count(*) FROM entries WHERE id = 'e1'",
  "SELECT count(*) FROM events WHERE seq = 1 AND time = 1",
  "SELECT count(*) FROM alarms WHERE id = 'local-1' AND derived = 1",
  "SELECT count(*) FROM incident_links WHERE incident = 'split:local-1'",
  "SELECT count(*) FROM stats_station_day WHERE granted = 1",
  "SELECT count(*) FROM stats_door_day WHERE reason = 'medical' AND n = 1",
  "SELECT count(*) FROM audit_log WHERE mac = 'z'",
  /* The seq 1 of version 3 is still there, under the first sequence, beside the second's. */
  "SELECT count(*) = 2 AND sum(sequence = 0 AND epoch IS NULL) = 1 FROM events WHERE seq = 1",
  "SELECT count(*) FROM stats_visitor_bits WHERE period = 202610",
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

/* ---- signatures and the signed head (schema 8) ---- */

/* The formula docs/schema.md gives for a row's hash, written out again from the docs: what
 * anyone who edits the file can compute. */
static void
docs_field (GString *text, const char *value)
{
  if (value == NULL)
    g_string_append (text, "-;");
  else
    g_string_append_printf (text, "%zu:%s;", strlen (value), value);
}

static char *
docs_hash (sqlite3_stmt *row, const char *prev_hash)
{
  g_autoptr(GString) text = g_string_new (NULL);

  docs_field (text, prev_hash);
  for (int i = 0; i < 8; i++)
    docs_field (text, (const char *)sqlite3_column_text (row, i));
  return g_compute_checksum_for_string (G_CHECKSUM_SHA256, text->str, text->len);
}

/* Rewrites every row's prev_hash and hash by the docs' formula, as an editor of the file
 * would after changing a row. */
static void
recompute_chain (YzStore *store)
{
  sqlite3 *db = yz_store_get_db (store);
  g_autofree char *prev = g_strnfill (64, '0');
  sqlite3_stmt *rows = NULL;
  g_autoptr(GPtrArray) updates = g_ptr_array_new_with_free_func (g_free);

  g_assert_cmpint (sqlite3_prepare_v2 (db,
                                       "SELECT id, time, operator, action, target, params, phase,"
                                       " result FROM audit_log ORDER BY id",
                                       -1, &rows, NULL),
                   ==, SQLITE_OK);
  while (sqlite3_step (rows) == SQLITE_ROW)
    {
      char *hash = docs_hash (rows, prev);

      g_ptr_array_add (updates,
                       g_strdup_printf ("UPDATE audit_log SET prev_hash = '%s', hash = '%s' WHERE "
                                        "id = %lld",
                                        prev, hash, (long long)sqlite3_column_int64 (rows, 0)));
      g_free (prev);
      prev = hash;
    }
  sqlite3_finalize (rows);
  for (guint i = 0; i < updates->len; i++)
    yz_test_exec_sql (store, g_ptr_array_index (updates, i));
}

static YzStore *
signed_store (const char *name, int n_rows)
{
  g_autofree char *path = temp_db_path (name);
  g_autoptr(GError) error = NULL;
  g_autoptr(YzAuditKey) key = yz_audit_key_get (TRUE, &error);
  YzStore *store = yz_store_open (path, &error);

  g_assert_no_error (error);
  /* No Secret Service in the tests' D-Bus session: the key file is the anchor. */
  g_assert_cmpint (key->anchor, ==, YZ_AUDIT_KEY_FILE);
  yz_store_set_audit_key (store, key);
  for (int i = 0; i < n_rows; i++)
    g_assert_cmpint (yz_store_audit_append (store, 1000 + i, "王伟", "door-command",
                                            "hz-0001-door1", "{\"reason\":\"medical\"}",
                                            i % 2 ? "result" : "request", i % 2 ? "ok" : NULL,
                                            &error),
                     ==, i + 1);
  g_assert_no_error (error);
  return store;
}

/* The key is made once, in a file 0600 under the config dir (no keyring here), and found
 * again; the check does not make one. */
static void
test_store_audit_key_file (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(YzAuditKey) none = yz_audit_key_get (FALSE, &error);
  g_autoptr(YzAuditKey) made = NULL;
  g_autoptr(YzAuditKey) again = NULL;
  g_autofree char *dir = yz_audit_key_dir ();
  g_autofree char *file = g_build_filename (dir, "audit-key", NULL);

  g_assert_null (none);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_clear_error (&error);

  made = yz_audit_key_get (TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpint (made->anchor, ==, YZ_AUDIT_KEY_FILE);
  g_assert_cmpstr (made->where, ==, file);
  g_assert_cmpint (file_mode (file), ==, 0600);
  g_assert_cmpint (file_mode (dir) & 0077, ==, 0);
  g_assert_false (g_str_has_prefix (file, g_get_user_data_dir ()));

  again = yz_audit_key_get (FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (again->bytes, sizeof again->bytes, made->bytes, sizeof made->bytes);
}

/* The last rows deleted (the trigger dropped first): the chain that is left holds, but the
 * head kept signed outside the file counted more. Today's check called it intact. */
static void
test_store_audit_truncated (void)
{
  g_autoptr(YzStore) store = signed_store ("truncated.db", 6);
  g_autofree char *intact = NULL;
  g_autofree char *cut = NULL;
  gint64 broken = -1;

  g_assert_cmpint (yz_store_audit_report (store, &intact), ==, 0);
  g_assert_nonnull (strstr (intact, "intact"));
  g_assert_nonnull (strstr (intact, "audit-key"));

  yz_test_exec_sql (store, "DROP TRIGGER audit_log_no_delete");
  yz_test_exec_sql (store, "DELETE FROM audit_log WHERE id > 4");
  g_assert_true (yz_store_audit_verify (store, &broken, NULL)); /* what is left holds */
  g_assert_cmpint (yz_store_audit_report (store, &cut), ==, 1);
  g_assert_nonnull (strstr (cut, "cut short"));
  g_assert_nonnull (strstr (cut, "it ends at row 4, but its signed head counted up to row 6; "
                                 "the rows after 4 are missing"));
}

/* A row edited and the whole chain recomputed with the docs' formula: the chain holds, the
 * signature (which needs the key) does not, from that row on. Today's check called it
 * intact. */
static void
test_store_audit_rewritten (void)
{
  g_autoptr(YzStore) store = signed_store ("rewritten.db", 6);
  g_autofree char *message = NULL;
  gint64 broken = 0;

  yz_test_exec_sql (store, "DROP TRIGGER audit_log_no_update");
  yz_test_exec_sql (store, "UPDATE audit_log SET params = '{\"reason\":\"other\"}' WHERE id = 3");
  recompute_chain (store);

  g_assert_false (yz_store_audit_verify (store, &broken, NULL));
  g_assert_cmpint (broken, ==, 3);
  g_assert_cmpint (yz_store_audit_report (store, &message), ==, 1);
  g_assert_nonnull (strstr (message, "rewritten: row 3 does not carry a valid signature"));

  /* Taking the signatures off too does not pass for old, unsigned rows. */
  yz_test_exec_sql (store, "UPDATE audit_log SET mac = NULL WHERE id >= 3");
  g_assert_false (yz_store_audit_verify (store, &broken, NULL));
  g_clear_pointer (&message, g_free);
  g_assert_cmpint (yz_store_audit_report (store, &message), ==, 1);
  g_assert_nonnull (strstr (message, "row 3 does not carry a valid signature"));
}

/* Rows written before the log was signed are told as unsigned, not broken; the head then
 * counts them too. */
static void
test_store_audit_unsigned (void)
{
  g_autofree char *path = temp_db_path ("legacy.db");
  g_autoptr(GError) error = NULL;
  g_autoptr(YzStore) store = yz_store_open (path, &error);
  g_autoptr(YzAuditKey) key = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *cut = NULL;

  g_assert_no_error (error);
  for (int i = 0; i < 3; i++)
    g_assert_cmpint (yz_store_audit_append (store, 1000 + i, "operator", "door-command", "d1", "{}",
                                            "request", NULL, &error),
                     >, 0);
  g_assert_cmpint (yz_store_audit_report (store, &before), ==, 0);
  g_assert_nonnull (strstr (before, "Rows 1 to 3 were written before the log was signed"));
  g_assert_nonnull (strstr (before, "no key has been made yet"));

  key = yz_audit_key_get (TRUE, &error);
  yz_store_set_audit_key (store, key);
  for (int i = 0; i < 2; i++)
    g_assert_cmpint (yz_store_audit_append (store, 2000 + i, "operator", "door-command", "d1", "{}",
                                            "request", NULL, &error),
                     >, 0);
  g_assert_cmpint (yz_store_audit_report (store, &after), ==, 0);
  g_assert_nonnull (strstr (after, "intact"));
  g_assert_nonnull (strstr (after, "Rows 1 to 3 were written before the log was signed"));
  g_assert_cmpint (yz_test_query_int (store, "SELECT count(*) FROM audit_log WHERE mac IS NULL"),
                   ==, 3);

  /* Deleting everything signed, and then some: the head saw five. */
  yz_test_exec_sql (store, "DROP TRIGGER audit_log_no_delete");
  yz_test_exec_sql (store, "DELETE FROM audit_log WHERE id > 2");
  g_assert_cmpint (yz_store_audit_report (store, &cut), ==, 1);
  g_assert_nonnull (strstr (cut, "the rows after 2 are missing"));
}

/* The signed head removed, or rows cut and then written again: both are told for good. */
static void
test_store_audit_head (void)
{
  g_autoptr(YzStore) store = signed_store ("head.db", 4);
  g_autofree char *missing = NULL;
  g_autofree char *regrown = NULL;
  g_autofree char *console = NULL;
  g_autofree char *hash = NULL;
  g_autofree char *dir = yz_audit_key_dir ();
  g_autofree char *heads = g_build_filename (dir, "audit-heads", NULL);
  g_autoptr(GDir) listing = g_dir_open (heads, 0, NULL);
  const char *name = g_dir_read_name (listing);
  g_autofree char *head_file = g_build_filename (heads, name, NULL);
  g_autofree char *kept = NULL;
  g_autoptr(GError) error = NULL;
  gint64 count = 0;

  g_assert_true (yz_store_audit_anchor (store, &console, &count, &hash));
  g_assert_cmpint (count, ==, 4);
  g_assert_cmpint (strlen (console), ==, 16);
  g_assert_cmpint (file_mode (head_file), ==, 0600);

  g_assert_true (g_file_get_contents (head_file, &kept, NULL, NULL));
  g_assert_cmpint (g_unlink (head_file), ==, 0);
  g_assert_cmpint (yz_store_audit_report (store, &missing), ==, 1);
  g_assert_nonnull (strstr (missing, "is missing, though its rows are signed"));

  /* The head put back; rows 3 and 4 cut; rows 3 and 4 written again. */
  g_assert_true (g_file_set_contents (head_file, kept, -1, NULL));
  yz_test_exec_sql (store, "DROP TRIGGER audit_log_no_delete");
  yz_test_exec_sql (store, "DELETE FROM audit_log WHERE id > 2");
  g_test_expect_message ("yz-record", G_LOG_LEVEL_WARNING,
                         "Row 3 of the audit log in * was written while its signed head counted 4 "
                         "rows*");
  for (int i = 0; i < 2; i++)
    g_assert_cmpint (yz_store_audit_append (store, 3000 + i, "王伟", "door-command", "d1", "{}",
                                            "request", NULL, &error),
                     ==, 3 + i);
  g_test_assert_expected_messages ();
  g_assert_cmpint (yz_store_audit_report (store, &regrown), ==, 1);
  g_assert_nonnull (strstr (regrown, "Rows 3 to 4 of the audit log had been removed"));
}

static void
die_with_test (gpointer data)
{
  prctl (PR_SET_PDEATHSIG, SIGTERM);
}

static gboolean
keep_asking_cb (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

static gboolean
keyring_has_default (gpointer data)
{
  GDBusConnection *bus = data;
  g_autoptr(GVariant) reply = g_dbus_connection_call_sync (
      bus, "org.freedesktop.secrets", "/org/freedesktop/secrets", "org.freedesktop.Secret.Service",
      "ReadAlias", g_variant_new ("(s)", "default"), G_VARIANT_TYPE ("(o)"),
      G_DBUS_CALL_FLAGS_NO_AUTO_START, 1000, NULL, NULL);
  const char *path = NULL;

  if (reply == NULL)
    return FALSE;
  g_variant_get (reply, "(&o)", &path);
  return !g_str_equal (path, "/");
}

/* With a Secret Service, the key goes to the keyring and the key file only names it. Run
 * against gnome-keyring-daemon, unlocked with a made-up password in a D-Bus session of the
 * test's own; skipped when the daemon is not installed (YZ_TEST_GNOME_KEYRING_DAEMON names
 * one that is not in PATH). */
static void
test_store_audit_key_keyring (void)
{
  const char *named = g_getenv ("YZ_TEST_GNOME_KEYRING_DAEMON");
  g_autofree char *daemon =
      named != NULL ? g_strdup (named) : g_find_program_in_path ("gnome-keyring-daemon");
  g_autofree char *dbus_daemon = g_find_program_in_path ("dbus-daemon");

  if (daemon == NULL || dbus_daemon == NULL)
    {
      g_test_skip ("gnome-keyring-daemon (or dbus-daemon) is not installed");
      return;
    }
  if (!g_test_subprocess ())
    {
      g_test_trap_subprocess (NULL, 60 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_DEFAULT);
      g_test_trap_assert_passed ();
      return;
    }

  {
    g_autoptr(GError) error = NULL;
    g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_NONE);
    g_autoptr(GSubprocess) bus_process = NULL;
    g_autoptr(GSubprocess) keyring = NULL;
    g_autoptr(GDataInputStream) out = NULL;
    g_autoptr(GDBusConnection) bus = NULL;
    g_autofree char *address = NULL;
    g_autofree char *dir = yz_audit_key_dir ();
    g_autofree char *file = g_build_filename (dir, "audit-key", NULL);
    g_autofree char *note = NULL;
    g_autofree char *expected = NULL;
    g_autoptr(YzAuditKey) key = NULL;
    g_autoptr(YzAuditKey) again = NULL;
    g_autoptr(YzStore) store = NULL;
    g_autofree char *path = NULL;
    g_autofree char *message = NULL;
    g_autofree char *home = NULL;
    guint tick;

    /* A bus of the test's own, before anything in this process has used one. The daemons
     * die with the test and keep none of its output pipes open. */
    home = g_dir_make_tmp ("yizhan-keyring-XXXXXX", &error);
    g_assert_no_error (error);
    g_subprocess_launcher_setenv (launcher, "XDG_RUNTIME_DIR", home, TRUE);
    g_subprocess_launcher_setenv (launcher, "XDG_DATA_HOME", home, TRUE);
    g_subprocess_launcher_set_flags (launcher, G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                                   G_SUBPROCESS_FLAGS_STDERR_SILENCE);
    g_subprocess_launcher_set_child_setup (launcher, die_with_test, NULL, NULL);
    bus_process = g_subprocess_launcher_spawn (launcher, &error, dbus_daemon, "--session",
                                               "--nofork", "--print-address=1", NULL);
    g_assert_no_error (error);
    out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (bus_process));
    address = g_data_input_stream_read_line_utf8 (out, NULL, NULL, &error);
    g_assert_no_error (error);
    g_assert_nonnull (address);
    g_setenv ("DBUS_SESSION_BUS_ADDRESS", address, TRUE);

    g_subprocess_launcher_set_flags (launcher, G_SUBPROCESS_FLAGS_STDIN_PIPE |
                                                   G_SUBPROCESS_FLAGS_STDOUT_SILENCE |
                                                   G_SUBPROCESS_FLAGS_STDERR_SILENCE);
    g_subprocess_launcher_setenv (launcher, "DBUS_SESSION_BUS_ADDRESS", address, TRUE);
    keyring = g_subprocess_launcher_spawn (launcher, &error, daemon, "--unlock",
                                           "--components=secrets", "--foreground", NULL);
    g_assert_no_error (error);
    g_assert_true (g_output_stream_write_all (g_subprocess_get_stdin_pipe (keyring), "yizhan-test",
                                              11, NULL, NULL, &error));
    g_assert_true (g_output_stream_close (g_subprocess_get_stdin_pipe (keyring), NULL, &error));
    bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, &error);
    g_assert_no_error (error);
    /* The daemon says nothing when its login keyring is ready: asked again every 50 ms. */
    tick = g_timeout_add (50, keep_asking_cb, NULL);
    g_assert_true (yz_test_wait (keyring_has_default, bus, 20000));
    g_source_remove (tick);

    key = yz_audit_key_get (TRUE, &error);
    g_assert_no_error (error);
    g_assert_cmpint (key->anchor, ==, YZ_AUDIT_KEY_KEYRING);
    g_assert_true (g_file_get_contents (file, &note, NULL, NULL));
    expected = g_strdup_printf ("keyring %s\n", key->id);
    g_assert_cmpstr (note, ==, expected);
    g_assert_cmpint (file_mode (file), ==, 0600);

    again = yz_audit_key_get (FALSE, &error);
    g_assert_no_error (error);
    g_assert_cmpint (again->anchor, ==, YZ_AUDIT_KEY_KEYRING);
    g_assert_cmpmem (again->bytes, sizeof again->bytes, key->bytes, sizeof key->bytes);

    path = g_build_filename (g_get_user_data_dir (), "keyring.db", NULL);
    store = yz_store_open (path, &error);
    g_assert_no_error (error);
    yz_store_set_audit_key (store, again);
    g_assert_cmpint (yz_store_audit_append (store, 1, "operator", "door-command", "d1", "{}",
                                            "request", NULL, &error),
                     ==, 1);
    g_assert_cmpint (yz_store_audit_report (store, &message), ==, 0);
    g_assert_nonnull (strstr (message, "Signed with the key kept in the keyring."));

    g_subprocess_force_exit (keyring);
    g_subprocess_force_exit (bus_process);
    g_assert_true (g_subprocess_wait (keyring, NULL, NULL));
    g_assert_true (g_subprocess_wait (bus_process, NULL, NULL));
    yz_test_remove_tree (home);
  }
}

static GPtrArray *
one_witness (const char *operator_name, gint64 count, const char *hash)
{
  GPtrArray *heads = g_ptr_array_new_with_free_func ((GDestroyNotify)yz_audit_witness_free);
  YzAuditWitness *head = g_new0 (YzAuditWitness, 1);

  head->operator_name = g_strdup (operator_name);
  head->count = count;
  head->hash = g_strdup (hash);
  g_ptr_array_add (heads, head);
  return heads;
}

/* The gateway's witness, as the report reads it: agreeing, ahead of the log, or holding
 * another hash for a row the log still has. */
static void
test_store_audit_witness (void)
{
  g_autoptr(YzStore) store = signed_store ("witness.db", 4);
  g_autofree char *row3 = NULL;
  sqlite3_stmt *stmt = yz_store_prepare (store, "SELECT hash FROM audit_log WHERE id = 3", NULL);
  g_autoptr(GPtrArray) same = NULL;
  g_autoptr(GPtrArray) ahead = NULL;
  g_autoptr(GPtrArray) other = NULL;
  g_autofree char *agrees = NULL;
  g_autofree char *cut = NULL;
  g_autofree char *rewritten = NULL;
  g_autofree char *unasked = NULL;

  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  row3 = g_strdup ((const char *)sqlite3_column_text (stmt, 0));
  sqlite3_reset (stmt);

  same = one_witness ("王伟", 3, row3);
  g_assert_cmpint (yz_store_audit_report_full (store, same, NULL, &agrees), ==, 0);
  g_assert_nonnull (strstr (agrees, "The gateway's witness agrees (it saw 3 rows)."));

  ahead = one_witness ("王伟", 6, row3);
  g_assert_cmpint (yz_store_audit_report_full (store, ahead, NULL, &cut), ==, 1);
  g_assert_nonnull (strstr (cut, "it ends at row 4, but the gateway (for 王伟) counted up to "
                                 "row 6; the rows after 4 are missing."));

  other =
      one_witness ("王伟", 3, "0000000000000000000000000000000000000000000000000000000000000003");
  g_assert_cmpint (yz_store_audit_report_full (store, other, NULL, &rewritten), ==, 1);
  g_assert_nonnull (strstr (rewritten, "rewritten at or before row 3: the gateway (for 王伟) saw "
                                       "another hash"));

  g_assert_cmpint (yz_store_audit_report_full (store, NULL, "No gateway here.", &unasked), ==, 0);
  g_assert_nonnull (strstr (unasked, "intact. No gateway here."));
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
  g_test_add_func ("/yizhan/store/audit-key-file", test_store_audit_key_file);
  g_test_add_func ("/yizhan/store/audit-key-keyring", test_store_audit_key_keyring);
  g_test_add_func ("/yizhan/store/audit-truncated", test_store_audit_truncated);
  g_test_add_func ("/yizhan/store/audit-rewritten", test_store_audit_rewritten);
  g_test_add_func ("/yizhan/store/audit-unsigned", test_store_audit_unsigned);
  g_test_add_func ("/yizhan/store/audit-head", test_store_audit_head);
  g_test_add_func ("/yizhan/store/audit-witness", test_store_audit_witness);
  g_test_add_func ("/yizhan/store/private-files", test_store_private_files);
  g_test_add_func ("/yizhan/store/tightens-existing", test_store_tightens_existing);
  g_test_add_func ("/yizhan/store/checkpoint", test_store_checkpoint);

  return g_test_run ();
}
