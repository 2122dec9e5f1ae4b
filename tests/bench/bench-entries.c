/* bench-entries.c
 *
 * The entries page over a year of records: a million entries in a real SQLite file. Opening
 * (the count and the first window of rows) and scrolling (the next windows in order, and
 * jumps to anywhere, as a scrollbar drag does) through YzEntryModel, beside the same
 * queries in raw SQLite in the same run (the floor).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>

#include "yz-entry-model.h"
#include "yz-items.h"
#include "yz-store-private.h"

#define N_ENTRIES 1000000
#define PAGE 128
#define PAGES 200
#define JUMPS 50

static void
fill (YzStore *store)
{
  sqlite3 *db = yz_store_get_db (store);
  sqlite3_stmt *stmt = NULL;
  static const char *const results[] = { "granted", "granted", "granted",
                                         "granted", "denied",  "stranger" };
  gint64 start = g_get_real_time () / 1000 - (gint64)365 * 24 * 3600 * 1000;

  g_assert_cmpint (sqlite3_exec (db, "BEGIN", NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (
                       db,
                       "INSERT INTO entries (id, station_id, door_id, time, person_id, person_name,"
                       " occupation, method, result, snapshot_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6,"
                       " 'sanitation', 'face', ?7, ?8)",
                       -1, &stmt, NULL),
                   ==, SQLITE_OK);
  for (guint i = 0; i < N_ENTRIES; i++)
    {
      char id[32], station[32], door[40], person[32], name[32], snapshot[32];

      g_snprintf (id, sizeof id, "e-%07u", i);
      g_snprintf (station, sizeof station, "hz-%04u", i % 580 + 1);
      g_snprintf (door, sizeof door, "%s-door1", station);
      g_snprintf (person, sizeof person, "w-%05u", i % 20000);
      g_snprintf (name, sizeof name, "Worker %u", i % 20000);
      g_snprintf (snapshot, sizeof snapshot, "s-%07u", i);
      sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 2, station, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 3, door, -1, SQLITE_TRANSIENT);
      sqlite3_bind_int64 (stmt, 4, start + (gint64)i * 31536); /* a year, evenly */
      sqlite3_bind_text (stmt, 5, person, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 6, name, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 7, results[i % G_N_ELEMENTS (results)], -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 8, snapshot, -1, SQLITE_TRANSIENT);
      g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
      sqlite3_reset (stmt);
    }
  sqlite3_finalize (stmt);
  g_assert_cmpint (sqlite3_exec (db, "COMMIT", NULL, NULL, NULL), ==, SQLITE_OK);
}

/* Raw SQLite: the count, then pages by keyset (time, id), then jumps by OFFSET. */
static void
raw (YzStore *store, double *open_ms, double *page_ms, double *jump_ms)
{
  sqlite3 *db = yz_store_get_db (store);
  sqlite3_stmt *count = NULL, *first = NULL, *next = NULL, *jump = NULL;
  gint64 t0, last_time = 0;
  char last_id[32] = "";

  sqlite3_prepare_v2 (db, "SELECT COUNT(*) FROM entries", -1, &count, NULL);
  sqlite3_prepare_v2 (
      db,
      "SELECT id, station_id, door_id, time, person_id, person_name, occupation, method, result,"
      " snapshot_id FROM entries ORDER BY time DESC, id DESC LIMIT ?1",
      -1, &first, NULL);
  sqlite3_prepare_v2 (
      db,
      "SELECT id, station_id, door_id, time, person_id, person_name, occupation, method, result,"
      " snapshot_id FROM entries WHERE (time, id) < (?1, ?2) ORDER BY time DESC, id DESC LIMIT ?3",
      -1, &next, NULL);
  sqlite3_prepare_v2 (
      db,
      "SELECT id, station_id, door_id, time, person_id, person_name, occupation, method, result,"
      " snapshot_id FROM entries ORDER BY time DESC, id DESC LIMIT ?1 OFFSET ?2",
      -1, &jump, NULL);

  t0 = g_get_monotonic_time ();
  g_assert_cmpint (sqlite3_step (count), ==, SQLITE_ROW);
  sqlite3_bind_int (first, 1, PAGE);
  while (sqlite3_step (first) == SQLITE_ROW)
    {
      last_time = sqlite3_column_int64 (first, 3);
      g_strlcpy (last_id, (const char *)sqlite3_column_text (first, 0), sizeof last_id);
    }
  *open_ms = (g_get_monotonic_time () - t0) / 1000.0;

  t0 = g_get_monotonic_time ();
  for (guint p = 1; p < PAGES; p++)
    {
      sqlite3_reset (next);
      sqlite3_bind_int64 (next, 1, last_time);
      sqlite3_bind_text (next, 2, last_id, -1, SQLITE_TRANSIENT);
      sqlite3_bind_int (next, 3, PAGE);
      while (sqlite3_step (next) == SQLITE_ROW)
        {
          last_time = sqlite3_column_int64 (next, 3);
          g_strlcpy (last_id, (const char *)sqlite3_column_text (next, 0), sizeof last_id);
        }
    }
  *page_ms = (g_get_monotonic_time () - t0) / 1000.0 / (PAGES - 1);

  t0 = g_get_monotonic_time ();
  for (guint j = 0; j < JUMPS; j++)
    {
      sqlite3_reset (jump);
      sqlite3_bind_int (jump, 1, PAGE);
      sqlite3_bind_int64 (jump, 2, (gint64)(N_ENTRIES - PAGE) * j / JUMPS);
      while (sqlite3_step (jump) == SQLITE_ROW)
        ;
    }
  *jump_ms = (g_get_monotonic_time () - t0) / 1000.0 / JUMPS;

  sqlite3_finalize (count);
  sqlite3_finalize (first);
  sqlite3_finalize (next);
  sqlite3_finalize (jump);
}

static void
model (YzStore *store, double *open_ms, double *page_ms, double *jump_ms)
{
  g_autoptr(YzEntryModel) entries = NULL;
  gint64 t0;

  t0 = g_get_monotonic_time ();
  entries = yz_entry_model_new (store);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (entries)), ==, N_ENTRIES);
  {
    g_autoptr(GObject) first = g_list_model_get_item (G_LIST_MODEL (entries), 0);
  }
  *open_ms = (g_get_monotonic_time () - t0) / 1000.0;

  /* Scrolling down: every row of PAGES windows, as a list view binds them. */
  t0 = g_get_monotonic_time ();
  for (guint i = PAGE; i < PAGE * PAGES; i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (G_LIST_MODEL (entries), i);
    }
  *page_ms = (g_get_monotonic_time () - t0) / 1000.0 / (PAGES - 1);

  /* A scrollbar dragged anywhere: one window each. */
  t0 = g_get_monotonic_time ();
  for (guint j = 0; j < JUMPS; j++)
    {
      guint position = (guint)((gint64)(N_ENTRIES - PAGE) * j / JUMPS) + PAGE / 2;
      g_autoptr(GObject) item = g_list_model_get_item (G_LIST_MODEL (entries), position);
    }
  *jump_ms = (g_get_monotonic_time () - t0) / 1000.0 / JUMPS;
}

int
main (int argc, char *argv[])
{
  g_autofree char *dir = g_dir_make_tmp ("yizhan-bench-entries-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "yizhan.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(YzStore) store = yz_store_open (path, &error);
  double raw_open, raw_page, raw_jump, open, page, jump;
  gint64 t0 = g_get_monotonic_time ();

  g_assert_no_error (error);
  fill (store);
  g_print ("entries page over %d stored entries (filled in %.1f s):\n", N_ENTRIES,
           (g_get_monotonic_time () - t0) / (double)G_USEC_PER_SEC);
  raw (store, &raw_open, &raw_page, &raw_jump);
  model (store, &open, &page, &jump);
  g_print (
      "  open (count + first window): YzEntryModel %7.2f ms, raw SQLite %7.2f ms, ratio %.2f\n",
      open, raw_open, open / MAX (raw_open, 0.001));
  g_print (
      "  next window of %d rows:      YzEntryModel %7.3f ms, raw SQLite %7.3f ms, ratio %.2f\n",
      PAGE, page, raw_page, page / MAX (raw_page, 0.001));
  g_print (
      "  jump anywhere (one window):  YzEntryModel %7.2f ms, raw SQLite %7.2f ms, ratio %.2f\n",
      jump, raw_jump, jump / MAX (raw_jump, 0.001));

  g_clear_object (&store);
  {
    g_autofree char *wal = g_strconcat (path, "-wal", NULL);
    g_autofree char *shm = g_strconcat (path, "-shm", NULL);

    g_unlink (path);
    g_unlink (wal);
    g_unlink (shm);
    g_rmdir (dir);
  }
  return 0;
}
