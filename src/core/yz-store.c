/* yz-store.c
 *
 * The console's own record: one SQLite file under the user data dir, WAL mode, numbered
 * migrations, every statement prepared once and cached. A file the console cannot read is
 * moved aside, never deleted. The statements that read and write the tables are the
 * record layer's (yz-record.h); the audit chain's too (yz-record-audit.c).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "yz-store"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>
#include <gio/gio.h>
#include <glib/gstdio.h>

#include "yz-record.h"
#include "yz-store-private.h"

#define CHECKPOINT_PAGES 1000 /* WAL pages after which it is copied back (SQLite's default) */
#define CHECKPOINT_QUIET_US (100 * 1000) /* once writing has paused this long, */
#define CHECKPOINT_MAX_PAGES 16000       /* or the WAL holds this many pages (64 MB) */

/* The WAL is copied back into the file by a thread of its own: SQLite's automatic
 * checkpoint runs inside the commit that crossed the size, on the main loop, and writes and
 * syncs ~4 MB there (a 10-50 ms stall during a replay). */
typedef struct
{
  GThread *thread;
  GMutex lock;
  GCond cond;
  char *path;
  gboolean wanted;
  gboolean quit;
  gint64 last_commit; /* monotonic time of the last commit past CHECKPOINT_PAGES */
  int n_pages;        /* the WAL's pages then */
} Checkpointer;

struct _YzStore
{
  GObject parent_instance;

  Checkpointer checkpointer;

  char *path;
  sqlite3 *db;
  GHashTable *statements; /* SQL text -> sqlite3_stmt */
  int version;
  YzAuditKey *audit_key; /* signs the audit rows (yz-record-audit.c); NULL: unsigned */
};

G_DEFINE_FINAL_TYPE (YzStore, yz_store, G_TYPE_OBJECT)

/* The quark's name is spelled as GLib registers it. */
/* clang-format off */
G_DEFINE_QUARK (yz-store-error-quark, yz_store_error)
/* clang-format on */

/* Migration N takes user_version N-1 to N. Never edit a released step: add a new one. */
static const char *const migrations[] = {
  /* 1: what the console knows of the stations now */
  "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);"
  "CREATE TABLE stations ("
  "  id TEXT PRIMARY KEY, name TEXT NOT NULL, district TEXT, address TEXT,"
  "  lat REAL, lon REAL, datum TEXT CHECK (datum IN ('wgs84','gcj02')),"
  "  kind TEXT CHECK (kind IN ('smart24','standard')), opening_hours TEXT,"
  "  capacity INTEGER, facilities TEXT, online INTEGER NOT NULL DEFAULT 0,"
  "  occupancy INTEGER, temperature REAL, last_seen INTEGER);"
  "CREATE TABLE cameras ("
  "  id TEXT PRIMARY KEY, station_id TEXT NOT NULL REFERENCES stations(id) ON DELETE CASCADE,"
  "  name TEXT NOT NULL, main_url TEXT, sub_url TEXT, snapshot_url TEXT,"
  "  online INTEGER NOT NULL DEFAULT 0);"
  "CREATE TABLE doors ("
  "  id TEXT PRIMARY KEY, station_id TEXT NOT NULL REFERENCES stations(id) ON DELETE CASCADE,"
  "  name TEXT NOT NULL, state TEXT, mode TEXT);"
  "CREATE TABLE stock ("
  "  id TEXT PRIMARY KEY, station_id TEXT NOT NULL REFERENCES stations(id) ON DELETE CASCADE,"
  "  item TEXT NOT NULL, name TEXT NOT NULL, unit TEXT, level INTEGER NOT NULL DEFAULT 0,"
  "  capacity INTEGER, low_threshold INTEGER);"
  "CREATE TABLE devices ("
  "  id TEXT PRIMARY KEY, station_id TEXT NOT NULL REFERENCES stations(id) ON DELETE CASCADE,"
  "  kind TEXT NOT NULL, name TEXT NOT NULL, state TEXT, switchable INTEGER NOT NULL DEFAULT 0);"
  "CREATE INDEX cameras_by_station ON cameras (station_id);"
  "CREATE INDEX doors_by_station ON doors (station_id);"
  "CREATE INDEX stock_by_station ON stock (station_id);"
  "CREATE INDEX devices_by_station ON devices (station_id);",

  /* 2: history. No foreign key to stations: an entry or alarm may arrive before its
   * station is known, and history must outlive a station that is removed. */
  "CREATE TABLE entries ("
  "  id TEXT PRIMARY KEY, station_id TEXT NOT NULL, door_id TEXT, time INTEGER NOT NULL,"
  "  person_id TEXT, person_name TEXT, occupation TEXT, method TEXT, result TEXT,"
  "  snapshot_id TEXT);"
  "CREATE INDEX entries_by_station_time ON entries (station_id, time);"
  "CREATE INDEX entries_by_time ON entries (time);"
  "CREATE INDEX entries_by_person ON entries (person_id);"
  "CREATE TABLE alarms ("
  "  id TEXT PRIMARY KEY, station_id TEXT NOT NULL, camera_id TEXT, door_id TEXT,"
  "  type TEXT NOT NULL, priority TEXT NOT NULL, raised_at INTEGER NOT NULL,"
  "  state TEXT NOT NULL CHECK (state IN ('new','acknowledged','resolved')),"
  "  owner TEXT, updated_at INTEGER, category TEXT, note TEXT, snapshot_id TEXT);"
  "CREATE INDEX alarms_by_state ON alarms (state);"
  "CREATE INDEX alarms_by_station_time ON alarms (station_id, raised_at);"
  "CREATE TABLE alarm_history ("
  "  id INTEGER PRIMARY KEY AUTOINCREMENT,"
  "  alarm_id TEXT NOT NULL REFERENCES alarms(id) ON DELETE CASCADE,"
  "  time INTEGER NOT NULL, action TEXT NOT NULL, by TEXT, note TEXT);"
  "CREATE INDEX alarm_history_by_alarm ON alarm_history (alarm_id);",

  /* 3: the raw event journal and the append-only, hash-chained audit log */
  "CREATE TABLE events (seq INTEGER PRIMARY KEY, time INTEGER NOT NULL, type TEXT NOT NULL,"
  "  json TEXT NOT NULL);"
  "CREATE TABLE audit_log ("
  "  id INTEGER PRIMARY KEY AUTOINCREMENT, time INTEGER NOT NULL, operator TEXT NOT NULL,"
  "  action TEXT NOT NULL, target TEXT, params TEXT,"
  "  phase TEXT NOT NULL CHECK (phase IN ('request','result')), result TEXT,"
  "  prev_hash TEXT NOT NULL, hash TEXT NOT NULL);"
  "CREATE INDEX audit_by_time ON audit_log (time);"
  "CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log"
  "  BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;"
  "CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log"
  "  BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;",

  /* 4: the entries page pages by (time, id); alarms the console raised itself */
  "DROP INDEX entries_by_time;"
  "DROP INDEX entries_by_station_time;"
  "CREATE INDEX entries_by_time_id ON entries (time, id);"
  "CREATE INDEX entries_by_station_time_id ON entries (station_id, time, id);"
  "CREATE INDEX entries_by_result_time ON entries (result, time);"
  "ALTER TABLE alarms ADD COLUMN derived INTEGER NOT NULL DEFAULT 0;"
  "CREATE INDEX alarms_by_raised ON alarms (raised_at);",

  /* 5: incidents the operators merged or split (the rest are grouped by time) */
  "CREATE TABLE incident_links (alarm_id TEXT PRIMARY KEY, incident TEXT NOT NULL);"
  "CREATE INDEX incident_links_by_incident ON incident_links (incident);",

  /* 6: the statistics' rollups, by local day (YYYYMMDD); yz-stats.c keeps them */
  "CREATE TABLE stats_station_day (day INTEGER NOT NULL, station_id TEXT NOT NULL,"
  "  district TEXT NOT NULL, granted INTEGER NOT NULL DEFAULT 0, denied INTEGER NOT NULL DEFAULT 0,"
  "  PRIMARY KEY (day, station_id)) WITHOUT ROWID;"
  "CREATE TABLE stats_hour (day INTEGER NOT NULL, district TEXT NOT NULL, hour INTEGER NOT NULL,"
  "  granted INTEGER NOT NULL DEFAULT 0, PRIMARY KEY (day, district, hour)) WITHOUT ROWID;"
  "CREATE TABLE stats_occupation_day (day INTEGER NOT NULL, district TEXT NOT NULL,"
  "  occupation TEXT NOT NULL, granted INTEGER NOT NULL DEFAULT 0,"
  "  PRIMARY KEY (day, district, occupation)) WITHOUT ROWID;"
  "CREATE TABLE stats_station_month (month INTEGER NOT NULL, station_id TEXT NOT NULL,"
  "  district TEXT NOT NULL, granted INTEGER NOT NULL DEFAULT 0, denied INTEGER NOT NULL DEFAULT 0,"
  "  PRIMARY KEY (month, station_id)) WITHOUT ROWID;"
  "CREATE TABLE workers (id INTEGER PRIMARY KEY, person_id TEXT NOT NULL UNIQUE, occupation TEXT);"
  "CREATE TABLE stats_visitor_day (day INTEGER NOT NULL, district TEXT NOT NULL,"
  "  worker INTEGER NOT NULL, PRIMARY KEY (day, district, worker)) WITHOUT ROWID;"
  "CREATE TABLE stats_visitor_month (month INTEGER NOT NULL, district TEXT NOT NULL,"
  "  worker INTEGER NOT NULL, PRIMARY KEY (month, district, worker)) WITHOUT ROWID;"
  "CREATE TABLE stats_alarms (alarm_id TEXT PRIMARY KEY, day INTEGER NOT NULL,"
  "  station_id TEXT NOT NULL, district TEXT NOT NULL, type TEXT, priority TEXT,"
  "  raised_at INTEGER NOT NULL, acked_at INTEGER, acked_by TEXT, resolved_at INTEGER,"
  "  resolved_by TEXT);"
  "CREATE INDEX stats_alarms_by_day ON stats_alarms (day);"
  "CREATE TABLE stock_usage (stock_id TEXT NOT NULL, day INTEGER NOT NULL,"
  "  consumed INTEGER NOT NULL DEFAULT 0, restocked INTEGER NOT NULL DEFAULT 0,"
  "  PRIMARY KEY (stock_id, day)) WITHOUT ROWID;"
  "CREATE INDEX stock_usage_by_day ON stock_usage (day);"
  "CREATE TABLE stats_stock_day (day INTEGER NOT NULL, district TEXT NOT NULL, item TEXT NOT NULL,"
  "  consumed INTEGER NOT NULL DEFAULT 0, restocked INTEGER NOT NULL DEFAULT 0,"
  "  PRIMARY KEY (day, district, item)) WITHOUT ROWID;"
  "CREATE TABLE stats_door_day (day INTEGER NOT NULL, district TEXT NOT NULL,"
  "  command TEXT NOT NULL, reason TEXT NOT NULL, n INTEGER NOT NULL DEFAULT 0,"
  "  PRIMARY KEY (day, district, command, reason)) WITHOUT ROWID;"
  "INSERT OR REPLACE INTO meta (key, value) VALUES ('stats-rebuild', '1');",

  /* 7: door-command reasons counted by code (yz-door-reason.c), not by the text in the
   * sender's language: "preset" and "preset: words", in English or Chinese, become the
   * preset's code; a code stays; any other text is "other". The audit log is append-only
   * and keeps its rows; it is read through the same mapping. */
  "CREATE TABLE stats_door_day_7 (day INTEGER NOT NULL, district TEXT NOT NULL,"
  "  command TEXT NOT NULL, reason TEXT NOT NULL, n INTEGER NOT NULL DEFAULT 0,"
  "  PRIMARY KEY (day, district, command, reason)) WITHOUT ROWID;"
  "WITH map (head, code) AS (VALUES"
  "  ('worker-locked-out', 'worker-locked-out'), ('medical', 'medical'),"
  "  ('maintenance', 'maintenance'), ('restock', 'restock'), ('other', 'other'),"
  "  ('Worker locked out, identity confirmed', 'worker-locked-out'),"
  "  ('劳动者被锁在门外，身份已确认', 'worker-locked-out'), ('工人被锁在门外', "
  "'worker-locked-out'),"
  "  ('Medical help arriving', 'medical'), ('急救人员即将到达', 'medical'),"
  "  ('Cleaning or maintenance', 'maintenance'), ('保洁或维修', 'maintenance'),"
  "  ('设备维修', 'maintenance'), ('保洁', 'maintenance'),"
  "  ('Restocking supplies', 'restock'), ('补充物资', 'restock'))"
  "INSERT INTO stats_door_day_7 (day, district, command, reason, n)"
  "  SELECT day, district, command, code, SUM (n) FROM"
  "    (SELECT d.day, d.district, d.command, d.n,"
  "       COALESCE ((SELECT m.code FROM map m WHERE trim (d.reason) = m.head"
  "                  OR substr (trim (d.reason), 1, length (m.head) + 2) = m.head || ': '), "
  "'other') AS code"
  "     FROM stats_door_day d)"
  "  GROUP BY day, district, command, code;"
  "DROP TABLE stats_door_day;"
  "ALTER TABLE stats_door_day_7 RENAME TO stats_door_day;",

  /* 8: each audit row's signature, HMAC-SHA-256 of its hash under the key kept outside the
   * file (yz-record-audit.c). Rows written before stay unsigned (NULL). */
  "ALTER TABLE audit_log ADD COLUMN mac TEXT;",
  /* 9: the journal of events keyed by the gateway's sequence as well as the seq: a gateway
   * rebuilt or restored starts its seqs again, and those events are journaled too. `sequence`
   * counts the sequences this record followed (meta gateway.sequence-restarts); `epoch` is the
   * gateway's own name of it, when it sends one. */
  "CREATE TABLE events_9 (id INTEGER PRIMARY KEY, sequence INTEGER NOT NULL DEFAULT 0,"
  "  epoch TEXT, seq INTEGER NOT NULL, time INTEGER NOT NULL, type TEXT NOT NULL,"
  "  json TEXT NOT NULL, UNIQUE (sequence, seq));"
  "INSERT INTO events_9 (sequence, epoch, seq, time, type, json)"
  "  SELECT 0, NULL, seq, time, type, json FROM events ORDER BY seq;"
  "DROP TABLE events;"
  "ALTER TABLE events_9 RENAME TO events;",
  /* 10: who came in a past day or month, as a bitset of worker ids, kept by the statistics'
   * views once made (yz-stats.c) so that distinct workers over a year read a few hundred
   * blobs, not half a million rows. `every` = 1 is all districts (district ''). A worker new
   * to a period drops what was kept for it. */
  "CREATE TABLE stats_visitor_bits (period INTEGER NOT NULL, every INTEGER NOT NULL,"
  "  district TEXT NOT NULL, bits BLOB NOT NULL, PRIMARY KEY (period, every, district))"
  "  WITHOUT ROWID;"
  "CREATE TRIGGER stats_visitor_day_added AFTER INSERT ON stats_visitor_day BEGIN"
  "  DELETE FROM stats_visitor_bits WHERE period = NEW.day"
  "    AND (every = 1 OR district = NEW.district); END;"
  "CREATE TRIGGER stats_visitor_month_added AFTER INSERT ON stats_visitor_month BEGIN"
  "  DELETE FROM stats_visitor_bits WHERE period = NEW.month"
  "    AND (every = 1 OR district = NEW.district); END;"
  /* ... and the alarms' view reads the index alone: a year is 50,000 rows, each looked up
   * in the table through the old index on day. */
  "DROP INDEX stats_alarms_by_day;"
  "CREATE INDEX stats_alarms_by_day ON stats_alarms (day, district, station_id, type, priority,"
  "  raised_at, acked_at, acked_by, resolved_at, resolved_by);",
};

static gboolean
set_sqlite_error (GError **error, sqlite3 *db, int rc, const char *what)
{
  int code = YZ_STORE_ERROR_FAILED;
  int primary = rc & 0xff;

  if (primary == SQLITE_NOTADB)
    code = YZ_STORE_ERROR_NOT_A_DATABASE;
  else if (primary == SQLITE_CORRUPT)
    code = YZ_STORE_ERROR_CORRUPT;
  else if (primary == SQLITE_CANTOPEN || primary == SQLITE_IOERR || primary == SQLITE_FULL ||
           primary == SQLITE_READONLY || primary == SQLITE_PERM)
    code = YZ_STORE_ERROR_IO;

  g_set_error (error, YZ_STORE_ERROR, code, "%s: %s", what,
               db ? sqlite3_errmsg (db) : sqlite3_errstr (rc));
  return FALSE;
}

static gboolean
exec (YzStore *self, const char *sql, GError **error)
{
  int rc = sqlite3_exec (self->db, sql, NULL, NULL, NULL);

  if (rc != SQLITE_OK)
    return set_sqlite_error (error, self->db, rc, "SQL failed");

  return TRUE;
}

static int
query_int (YzStore *self, const char *sql, int *rc_out)
{
  sqlite3_stmt *stmt = NULL;
  int value = 0;
  int rc = sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL);

  if (rc == SQLITE_OK)
    {
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        {
          value = sqlite3_column_int (stmt, 0);
          rc = SQLITE_OK;
        }
    }
  sqlite3_finalize (stmt);
  if (rc_out)
    *rc_out = rc;

  return value;
}

/* A file that is there but does not start with SQLite's header is not ours to open. */
static gboolean
check_header (const char *path, GError **error)
{
  static const char magic[16] = "SQLite format 3";
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFileInputStream) in = NULL;
  g_autoptr(GError) local_error = NULL;
  char header[16];
  gsize n = 0;

  in = g_file_read (file, NULL, &local_error);
  if (in == NULL)
    {
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
        return TRUE;
      g_set_error (error, YZ_STORE_ERROR, YZ_STORE_ERROR_IO, "Cannot read %s: %s", path,
                   local_error->message);
      return FALSE;
    }

  if (!g_input_stream_read_all (G_INPUT_STREAM (in), header, sizeof header, &n, NULL, &local_error))
    {
      g_set_error (error, YZ_STORE_ERROR, YZ_STORE_ERROR_IO, "Cannot read %s: %s", path,
                   local_error->message);
      return FALSE;
    }

  if (n == 0)
    return TRUE; /* an empty file is a fresh database */

  if (n < sizeof header || memcmp (header, magic, sizeof header) != 0)
    {
      g_set_error (error, YZ_STORE_ERROR, YZ_STORE_ERROR_NOT_A_DATABASE,
                   "%s is not an SQLite database", path);
      return FALSE;
    }

  return TRUE;
}

static gboolean
migrate (YzStore *self, int target, GError **error)
{
  for (int v = self->version; v < target; v++)
    {
      g_autofree char *set_version = g_strdup_printf ("PRAGMA user_version = %d", v + 1);

      if (!exec (self, "BEGIN IMMEDIATE", error))
        return FALSE;
      if (!exec (self, migrations[v], error) || !exec (self, set_version, error))
        {
          g_prefix_error (error, "Migration %d failed: ", v + 1);
          exec (self, "ROLLBACK", NULL);
          return FALSE;
        }
      if (!exec (self, "COMMIT", error))
        return FALSE;
      self->version = v + 1;
    }

  if (target > 0)
    {
      g_autofree char *sql =
          g_strdup_printf ("INSERT OR IGNORE INTO meta (key, value) VALUES ('created-by', '%s %s')",
                           PACKAGE_NAME, PACKAGE_VERSION);
      return exec (self, sql, error);
    }

  return TRUE;
}

/* The record is the user's alone: the file is created 0600 before SQLite opens it (the WAL
 * and shared-memory files take the database's mode), and a file found with wider
 * permissions, or a WAL or -shm beside it, is tightened and the log says so. */
static gboolean
restrict_files (const char *path, GError **error)
{
  static const char *const suffixes[] = { "", "-wal", "-shm" };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *file = g_strconcat (path, suffixes[i], NULL);
      GStatBuf st;

      if (g_stat (file, &st) != 0 || !S_ISREG (st.st_mode) || (st.st_mode & 0077) == 0)
        continue;
      if (g_chmod (file, st.st_mode & 0700) != 0)
        {
          int saved = errno;
          g_set_error (error, YZ_STORE_ERROR, YZ_STORE_ERROR_IO,
                       "Cannot restrict the permissions of %s: %s", file, g_strerror (saved));
          return FALSE;
        }
      g_message ("%s was readable by others (mode %04o); now only by its owner (%04o)", file,
                 (unsigned)(st.st_mode & 07777), (unsigned)(st.st_mode & 0700));
    }

  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    {
      int fd = g_open (path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);

      if (fd < 0 && errno != EEXIST)
        {
          int saved = errno;
          g_set_error (error, YZ_STORE_ERROR, YZ_STORE_ERROR_IO, "Cannot create %s: %s", path,
                       g_strerror (saved));
          return FALSE;
        }
      if (fd >= 0)
        close (fd); /* an empty file is a fresh database */
    }

  return TRUE;
}

static gpointer
checkpoint_main (gpointer user_data)
{
  Checkpointer *c = user_data;
  sqlite3 *db = NULL;

  g_mutex_lock (&c->lock);
  for (;;)
    {
      while (!c->wanted && !c->quit)
        g_cond_wait (&c->cond, &c->lock);
      /* A burst is let finish first: a page its commits write again and again is then
       * copied once, and the copying does not take the CPU the burst needs. */
      while (!c->quit && c->n_pages < CHECKPOINT_MAX_PAGES &&
             g_get_monotonic_time () - c->last_commit < CHECKPOINT_QUIET_US)
        g_cond_wait_until (&c->cond, &c->lock, c->last_commit + CHECKPOINT_QUIET_US);
      if (c->quit)
        break;
      c->wanted = FALSE;
      g_mutex_unlock (&c->lock);
      /* A connection knows the file is in WAL mode once it has read it. */
      if (db == NULL &&
          (sqlite3_open_v2 (c->path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL) !=
               SQLITE_OK ||
           sqlite3_exec (db, "SELECT count(*) FROM sqlite_schema", NULL, NULL, NULL) != SQLITE_OK))
        g_clear_pointer (&db, sqlite3_close);
      /* PASSIVE: never waits for the writer nor the readers; what it could not copy, the
       * next one does. */
      if (db != NULL)
        sqlite3_wal_checkpoint_v2 (db, NULL, SQLITE_CHECKPOINT_PASSIVE, NULL, NULL);
      g_mutex_lock (&c->lock);
    }
  g_mutex_unlock (&c->lock);
  if (db != NULL)
    sqlite3_close (db);
  return NULL;
}

/* After every commit, on the writer's thread: only a signal. */
static int
wal_hook_cb (gpointer user_data, sqlite3 *db, const char *name, int n_pages)
{
  Checkpointer *c = user_data;

  if (n_pages < CHECKPOINT_PAGES)
    return SQLITE_OK;
  g_mutex_lock (&c->lock);
  if (c->thread == NULL)
    c->thread = g_thread_new ("yz-store checkpoint", checkpoint_main, c);
  c->wanted = TRUE;
  c->last_commit = g_get_monotonic_time ();
  c->n_pages = n_pages;
  g_cond_signal (&c->cond);
  g_mutex_unlock (&c->lock);
  return SQLITE_OK;
}

static YzStore *
store_open (const char *path, int target, GError **error)
{
  g_autoptr(YzStore) self = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *check = NULL;
  sqlite3_stmt *stmt = NULL;
  int rc;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (target >= 0 && target <= (int)G_N_ELEMENTS (migrations), NULL);

  dir = g_path_get_dirname (path);
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved = errno;
      g_set_error (error, YZ_STORE_ERROR, YZ_STORE_ERROR_IO, "Cannot create the folder %s: %s", dir,
                   g_strerror (saved));
      return NULL;
    }

  if (!restrict_files (path, error) || !check_header (path, error))
    return NULL;

  self = g_object_new (YZ_TYPE_STORE, NULL);
  self->path = g_strdup (path);

  rc = sqlite3_open_v2 (path, &self->db,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL);
  if (rc != SQLITE_OK)
    {
      set_sqlite_error (error, self->db, rc, "Cannot open the database");
      return NULL;
    }
  sqlite3_busy_timeout (self->db, 5000);
  sqlite3_extended_result_codes (self->db, 1);

  /* Reading the schema is the first thing that touches the pages: damage shows here. */
  rc = sqlite3_prepare_v2 (self->db, "PRAGMA quick_check", -1, &stmt, NULL);
  if (rc == SQLITE_OK && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    check = g_strdup ((const char *)sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE && rc != SQLITE_OK)
    {
      set_sqlite_error (error, self->db, rc, "The database cannot be read");
      if (!g_error_matches (*error, YZ_STORE_ERROR, YZ_STORE_ERROR_NOT_A_DATABASE) &&
          !g_error_matches (*error, YZ_STORE_ERROR, YZ_STORE_ERROR_IO))
        (*error)->code = YZ_STORE_ERROR_CORRUPT;
      return NULL;
    }
  if (g_strcmp0 (check, "ok") != 0)
    {
      g_set_error (error, YZ_STORE_ERROR, YZ_STORE_ERROR_CORRUPT, "The database is damaged (%s)",
                   check ? check : "no answer");
      return NULL;
    }

  self->version = query_int (self, "PRAGMA user_version", &rc);
  if (rc != SQLITE_OK)
    {
      set_sqlite_error (error, self->db, rc, "Cannot read the schema version");
      return NULL;
    }
  if (self->version > (int)G_N_ELEMENTS (migrations))
    {
      g_set_error (error, YZ_STORE_ERROR, YZ_STORE_ERROR_TOO_NEW,
                   "The database was made by a newer version of the console (schema %d; this "
                   "version knows up to %d)",
                   self->version, (int)G_N_ELEMENTS (migrations));
      return NULL;
    }

  if (!exec (self, "PRAGMA journal_mode = WAL", error) ||
      !exec (self, "PRAGMA synchronous = NORMAL", error) ||
      !exec (self, "PRAGMA foreign_keys = ON", error))
    return NULL;

  if (!migrate (self, MAX (target, self->version), error))
    return NULL;

  self->checkpointer.path = g_strdup (path);
  sqlite3_wal_hook (self->db, wal_hook_cb, &self->checkpointer);

  return g_steal_pointer (&self);
}

static gboolean
move_aside (const char *path, char **moved_to, GError **error)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *stamp = g_date_time_format (now, "%Y%m%d-%H%M%S");
  g_autofree char *target = g_strdup_printf ("%s.unreadable-%s", path, stamp);
  static const char *const companions[] = { "-wal", "-shm" };

  for (guint n = 2; g_file_test (target, G_FILE_TEST_EXISTS); n++)
    {
      g_free (target);
      target = g_strdup_printf ("%s.unreadable-%s-%u", path, stamp, n);
    }

  if (g_rename (path, target) != 0)
    {
      int saved = errno;
      g_set_error (error, YZ_STORE_ERROR, YZ_STORE_ERROR_IO, "Cannot move %s aside: %s", path,
                   g_strerror (saved));
      return FALSE;
    }

  for (guint i = 0; i < G_N_ELEMENTS (companions); i++)
    {
      g_autofree char *from = g_strconcat (path, companions[i], NULL);
      g_autofree char *to = g_strconcat (target, companions[i], NULL);

      if (g_file_test (from, G_FILE_TEST_EXISTS))
        g_rename (from, to);
    }

  *moved_to = g_steal_pointer (&target);
  return TRUE;
}

static void
statement_free (gpointer data)
{
  sqlite3_finalize (data);
}

static void
yz_store_finalize (GObject *object)
{
  YzStore *self = (YzStore *)object;

  g_clear_pointer (&self->statements, g_hash_table_unref);
  g_clear_pointer (&self->audit_key, yz_audit_key_free);
  /* Its connection closes first, so the last one, closing, checkpoints and removes the WAL. */
  if (self->checkpointer.thread != NULL)
    {
      g_mutex_lock (&self->checkpointer.lock);
      self->checkpointer.quit = TRUE;
      g_cond_signal (&self->checkpointer.cond);
      g_mutex_unlock (&self->checkpointer.lock);
      g_thread_join (self->checkpointer.thread);
    }
  g_mutex_clear (&self->checkpointer.lock);
  g_cond_clear (&self->checkpointer.cond);
  g_clear_pointer (&self->checkpointer.path, g_free);
  if (self->db != NULL)
    sqlite3_close (self->db);
  g_clear_pointer (&self->path, g_free);

  G_OBJECT_CLASS (yz_store_parent_class)->finalize (object);
}

static void
yz_store_class_init (YzStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = yz_store_finalize;
}

static void
yz_store_init (YzStore *self)
{
  self->statements = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, statement_free);
  g_mutex_init (&self->checkpointer.lock);
  g_cond_init (&self->checkpointer.cond);
}

/**
 * yz_store_default_path:
 *
 * Returns: (transfer full): `$XDG_DATA_HOME/yizhan/yizhan.db`
 */
char *
yz_store_default_path (void)
{
  return g_build_filename (g_get_user_data_dir (), "yizhan", "yizhan.db", NULL);
}

int
yz_store_latest_version (void)
{
  return G_N_ELEMENTS (migrations);
}

YzStore *
yz_store_open (const char *path, GError **error)
{
  return store_open (path, G_N_ELEMENTS (migrations), error);
}

YzStore *
yz_store_open_at_version (const char *path, int version, GError **error)
{
  return store_open (path, version, error);
}

/**
 * yz_store_open_or_recover:
 * @path: the database file
 * @moved_to: (out) (optional): where an unreadable file was moved, or %NULL
 * @reason: (out) (optional): why it was moved
 * @error: set only when not even a fresh store can be created
 *
 * Returns: (transfer full) (nullable): the store
 */
YzStore *
yz_store_open_or_recover (const char *path, char **moved_to, GError **reason, GError **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *aside = NULL;
  YzStore *self;

  if (moved_to)
    *moved_to = NULL;

  self = yz_store_open (path, &local_error);
  if (self != NULL)
    return self;

  if (!g_error_matches (local_error, YZ_STORE_ERROR, YZ_STORE_ERROR_NOT_A_DATABASE) &&
      !g_error_matches (local_error, YZ_STORE_ERROR, YZ_STORE_ERROR_CORRUPT) &&
      !g_error_matches (local_error, YZ_STORE_ERROR, YZ_STORE_ERROR_TOO_NEW))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  if (!move_aside (path, &aside, error))
    return NULL;
  /* The signed head of its audit log goes with it: the fresh file's log starts from none. */
  yz_store_audit_head_moved (path, aside);

  self = yz_store_open (path, error);
  if (self == NULL)
    return NULL;

  /* The fresh record says where its past went, so that a check of its audit log does not
   * call a log "intact" that starts in the middle of the story. */
  {
    g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
    g_autofree char *when = g_date_time_format_iso8601 (now);

    yz_record_meta_set (self, "set-aside-path", aside);
    yz_record_meta_set (self, "set-aside-at", when);
    yz_record_meta_set (self, "set-aside-reason", local_error->message);
  }

  if (moved_to)
    *moved_to = g_steal_pointer (&aside);
  if (reason)
    *reason = g_steal_pointer (&local_error);

  return self;
}

const char *
yz_store_get_path (YzStore *self)
{
  g_return_val_if_fail (YZ_IS_STORE (self), NULL);

  return self->path;
}

int
yz_store_get_version (YzStore *self)
{
  g_return_val_if_fail (YZ_IS_STORE (self), 0);

  return self->version;
}

sqlite3 *
yz_store_get_db (YzStore *self)
{
  g_return_val_if_fail (YZ_IS_STORE (self), NULL);

  return self->db;
}

/**
 * yz_store_prepare:
 *
 * Returns: (transfer none): the cached statement for @sql, reset and unbound
 */
sqlite3_stmt *
yz_store_prepare (YzStore *self, const char *sql, GError **error)
{
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (YZ_IS_STORE (self), NULL);
  g_return_val_if_fail (sql != NULL, NULL);

  stmt = g_hash_table_lookup (self->statements, sql);
  if (stmt != NULL)
    {
      sqlite3_reset (stmt);
      sqlite3_clear_bindings (stmt);
      return stmt;
    }

  rc = sqlite3_prepare_v3 (self->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL);
  if (rc != SQLITE_OK)
    {
      set_sqlite_error (error, self->db, rc, "Cannot prepare a statement");
      return NULL;
    }
  g_hash_table_insert (self->statements, g_strdup (sql), stmt);

  return stmt;
}

gboolean
yz_store_begin (YzStore *self, GError **error)
{
  g_return_val_if_fail (YZ_IS_STORE (self), FALSE);

  return exec (self, "BEGIN IMMEDIATE", error);
}

gboolean
yz_store_commit (YzStore *self, GError **error)
{
  g_return_val_if_fail (YZ_IS_STORE (self), FALSE);

  return exec (self, "COMMIT", error);
}

void
yz_store_rollback (YzStore *self)
{
  g_return_if_fail (YZ_IS_STORE (self));

  if (!sqlite3_get_autocommit (self->db))
    exec (self, "ROLLBACK", NULL);
}

/* For the record layer (yz-record*.c): @rc as a YZ_STORE_ERROR (what kind of failure),
 * with SQLite's message. Returns: %FALSE */
gboolean
yz_store_set_error (YzStore *self, int rc, const char *what, GError **error)
{
  return set_sqlite_error (error, self ? self->db : NULL, rc, what);
}

/**
 * yz_store_set_audit_key:
 * @key: (nullable): the key that signs the audit rows (yz_audit_key_get()); copied
 *
 * Without a key, rows are written unsigned and no head is kept outside the file.
 */
void
yz_store_set_audit_key (YzStore *self, const YzAuditKey *key)
{
  g_return_if_fail (YZ_IS_STORE (self));

  g_clear_pointer (&self->audit_key, yz_audit_key_free);
  self->audit_key = yz_audit_key_copy (key);
}

const YzAuditKey *
yz_store_get_audit_key (YzStore *self)
{
  g_return_val_if_fail (YZ_IS_STORE (self), NULL);

  return self->audit_key;
}
