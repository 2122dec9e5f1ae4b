/* fuzz-mbtiles.c — libFuzzer target for an MBTiles file, the offline map the operator
 * chooses (src/core/yz-tile-cache.c): opening it, its zoom range, and reading its tiles,
 * each of which passes the picture check before it is handed out. The reader takes a path,
 * so each input becomes a file in the temporary directory. Its first byte says how:
 *  - even: the rest is the file itself, byte for byte (a damaged or hostile SQLite file);
 *  - odd: the rest describes a well-formed SQLite file, so that the fuzzer reaches the
 *    reader's queries instead of SQLite's header checks: a schema (the table of the
 *    specification, one without column types, the view over deduplicated images that
 *    many tools write, or columns of the wrong type), then rows whose values are of any
 *    type (integer, real, text, blob, NULL, a zero-filled blob of up to 5 MB).
 * The console reads no other table (metadata is not read).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>

#include "yz-picture.h"
#include "yz-tile-cache.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

#define CHECK(condition)                                                                           \
  G_STMT_START                                                                                     \
  {                                                                                                \
    if (!(condition))                                                                              \
      __builtin_trap ();                                                                           \
  }                                                                                                \
  G_STMT_END

#define MAX_ROWS 32

static const char *const schemas[] = {
  "CREATE TABLE tiles (zoom_level INTEGER, tile_column INTEGER, tile_row INTEGER,"
  " tile_data BLOB)",
  "CREATE TABLE tiles (zoom_level, tile_column, tile_row, tile_data)",
  "CREATE TABLE map (zoom_level, tile_column, tile_row, tile_id);"
  " CREATE TABLE images (tile_id, tile_data);"
  " CREATE VIEW tiles AS SELECT zoom_level, tile_column, tile_row, tile_data"
  " FROM map JOIN images USING (tile_id)",
  "CREATE TABLE tiles (zoom_level TEXT, tile_column REAL, tile_row TEXT, tile_data TEXT)",
};

typedef struct
{
  const uint8_t *data;
  size_t size;
} Input;

static gboolean
take (Input *in, size_t n, const uint8_t **out)
{
  if (in->size < n)
    return FALSE;
  *out = in->data;
  in->data += n;
  in->size -= n;
  return TRUE;
}

/* One value of any type, bound to parameter @index. */
static gboolean
bind_value (sqlite3_stmt *stmt, int index, Input *in)
{
  const uint8_t *p;

  if (!take (in, 1, &p))
    return FALSE;
  switch (*p % 7)
    {
    case 0: /* a small integer, where tiles are */
      if (!take (in, 1, &p))
        return FALSE;
      return sqlite3_bind_int (stmt, index, (int8_t)*p) == SQLITE_OK;
    case 1: /* any 64-bit integer */
      {
        gint64 value = 0;

        if (!take (in, 8, &p))
          return FALSE;
        memcpy (&value, p, 8);
        return sqlite3_bind_int64 (stmt, index, value) == SQLITE_OK;
      }
    case 2:
      if (!take (in, 1, &p))
        return FALSE;
      return sqlite3_bind_double (stmt, index, (int8_t)*p / 4.0) == SQLITE_OK;
    case 3: /* text or blob: a length, then the bytes */
    case 4:
      {
        const uint8_t *bytes;
        guint length;
        gboolean blob = *p % 7 == 4;

        if (!take (in, 2, &p))
          return FALSE;
        length = MIN ((guint)(p[0] | (p[1] << 8)), in->size);
        take (in, length, &bytes);
        return (blob ? sqlite3_bind_blob (stmt, index, bytes, length, SQLITE_TRANSIENT)
                     : sqlite3_bind_text (stmt, index, (const char *)bytes, length,
                                          SQLITE_TRANSIENT)) == SQLITE_OK;
      }
    case 5:
      return sqlite3_bind_null (stmt, index) == SQLITE_OK;
    default: /* a zero-filled blob of up to 5 MB, around the 4 MB a tile may have */
      if (!take (in, 1, &p))
        return FALSE;
      return sqlite3_bind_zeroblob (stmt, index, (*p % 160 + 1) * 32 * 1024) == SQLITE_OK;
    }
}

static void
build (const char *path, Input in)
{
  const uint8_t *p;
  sqlite3 *db = NULL;
  sqlite3_stmt *insert = NULL;
  guint schema;

  if (!take (&in, 1, &p))
    return;
  schema = *p % G_N_ELEMENTS (schemas);
  if (sqlite3_open (path, &db) != SQLITE_OK ||
      sqlite3_exec (db, "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF", NULL, NULL, NULL) !=
          SQLITE_OK ||
      sqlite3_exec (db, schemas[schema], NULL, NULL, NULL) != SQLITE_OK)
    __builtin_trap ();
  /* In the view's layout, each row's image is its own. */
  if (sqlite3_prepare_v2 (db,
                          schema == 2 ? "INSERT INTO map VALUES (?1, ?2, ?3, last_insert_rowid ())"
                                      : "INSERT INTO tiles VALUES (?1, ?2, ?3, ?4)",
                          -1, &insert, NULL) != SQLITE_OK)
    __builtin_trap ();
  sqlite3_exec (db, "BEGIN", NULL, NULL, NULL);
  for (guint row = 0; row < MAX_ROWS && in.size > 0; row++)
    {
      sqlite3_stmt *image = NULL;

      if (!bind_value (insert, 1, &in) || !bind_value (insert, 2, &in) ||
          !bind_value (insert, 3, &in))
        break;
      if (schema == 2)
        {
          sqlite3_prepare_v2 (db, "INSERT INTO images (tile_data) VALUES (?1)", -1, &image, NULL);
          if (!bind_value (image, 1, &in))
            {
              sqlite3_finalize (image);
              break;
            }
          sqlite3_step (image);
          sqlite3_finalize (image);
        }
      else if (!bind_value (insert, 4, &in))
        break;
      sqlite3_step (insert);
      sqlite3_reset (insert);
      sqlite3_clear_bindings (insert);
    }
  sqlite3_exec (db, "COMMIT", NULL, NULL, NULL);
  sqlite3_finalize (insert);
  sqlite3_close (db);
}

/* What a read gives: a tile that passes the check, or a reason. */
static void
check_read (YzTileCache *cache, guint x, guint y, guint z)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) tile = yz_tile_cache_read (cache, x, y, z, &error);

  CHECK ((tile == NULL) != (error == NULL));
  if (tile == NULL)
    {
      CHECK (g_utf8_validate (error->message, -1, NULL));
      return;
    }
  CHECK (g_bytes_get_size (tile) > 0 && g_bytes_get_size (tile) <= YZ_TILE_MAX_BYTES);
  CHECK (yz_picture_check (g_bytes_get_data (tile, NULL), g_bytes_get_size (tile),
                           YZ_TILE_MAX_BYTES, YZ_TILE_MAX_PIXELS, NULL, NULL, NULL));
}

/* The tiles the map would ask for: those in the file, by their rows counted from the south
 * as MBTiles counts them, within the zoom levels a map has. */
static void
read_tiles (YzTileCache *cache, const char *path)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  int min_zoom = -1, max_zoom = -1;

  yz_tile_cache_get_zoom_range (cache, &min_zoom, &max_zoom);
  CHECK (0 <= min_zoom && min_zoom <= max_zoom && max_zoom <= 22);
  check_read (cache, 0, 0, 0);
  check_read (cache, 0, 0, min_zoom);

  if (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK &&
      sqlite3_prepare_v2 (db, "SELECT zoom_level, tile_column, tile_row FROM tiles LIMIT 16", -1,
                          &stmt, NULL) == SQLITE_OK)
    while (sqlite3_step (stmt) == SQLITE_ROW)
      {
        gint64 z = sqlite3_column_int64 (stmt, 0);
        gint64 x = sqlite3_column_int64 (stmt, 1);
        gint64 row = sqlite3_column_int64 (stmt, 2);

        if (z < 0 || z > 22 || x < 0 || x >= ((gint64)1 << z) || row < 0 || row >= ((gint64)1 << z))
          continue;
        check_read (cache, x, ((gint64)1 << z) - 1 - row, z);
      }
  sqlite3_finalize (stmt);
  sqlite3_close (db);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  static char *path;
  g_autoptr(GError) error = NULL;
  g_autoptr(YzTileCache) cache = NULL;
  const char *const suffixes[] = { "", "-journal", "-wal", "-shm" };

  if (size == 0)
    return 0;
  if (path == NULL)
    {
      g_autofree char *name = g_strdup_printf ("fuzz-mbtiles-%d.mbtiles", (int)getpid ());

      path = g_build_filename (g_get_tmp_dir (), name, NULL);
    }

  if (data[0] % 2 == 0)
    {
      /* Not synced to the disk: each input is a new file, and nothing needs it to last. */
      if (!g_file_set_contents_full (path, (const char *)data + 1, size - 1,
                                     G_FILE_SET_CONTENTS_NONE, 0600, NULL))
        __builtin_trap ();
    }
  else
    build (path, (Input){ data + 1, size - 1 });

  /* Exactly one of a file and a reason, and the reason can be shown. */
  cache = yz_tile_cache_open (path, &error);
  CHECK ((cache == NULL) != (error == NULL));
  if (cache == NULL)
    CHECK (g_utf8_validate (error->message, -1, NULL));
  else
    read_tiles (cache, path);

  g_clear_pointer (&cache, yz_tile_cache_free);
  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *file = g_strconcat (path, suffixes[i], NULL);

      g_unlink (file);
    }

  return 0;
}
