/* yz-tile-cache.c
 *
 * Map tiles stored on this computer: an MBTiles file (SQLite: `tiles (zoom_level,
 * tile_column, tile_row, tile_data)`, rows counted from the south, TMS style), opened
 * read-only. Bytes out, nothing decoded here: the map's tile source (a widget) turns them
 * into textures, so a tile is handed out only once yz_picture_check() has passed it. One statement
 * at a time, under a lock, so worker threads may share it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "yz-tile-cache"

#include "config.h"

#include <glib/gi18n.h>
#include <sqlite3.h>

#include "yz-picture.h"
#include "yz-tile-cache.h"

struct _YzTileCache
{
  sqlite3 *db; /* used by one thread at a time */
  GMutex lock;
  int min_zoom;
  int max_zoom;
};

/**
 * yz_tile_cache_open:
 * @path: an MBTiles file (opened read-only)
 *
 * Returns: (transfer full): the file's tiles, or %NULL when it is not an MBTiles file
 *   with tiles in it
 */
YzTileCache *
yz_tile_cache_open (const char *path, GError **error)
{
  YzTileCache *self;
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;

  g_return_val_if_fail (path != NULL, NULL);

  if (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK ||
      sqlite3_prepare_v2 (db, "SELECT MIN(zoom_level), MAX(zoom_level) FROM tiles", -1, &stmt,
                          NULL) != SQLITE_OK ||
      sqlite3_step (stmt) != SQLITE_ROW || sqlite3_column_type (stmt, 0) == SQLITE_NULL)
    {
      /* SQLite's reason may quote the file's own bytes (a damaged schema's names): it is
       * made text before it is shown, as the path is. */
      g_autofree char *name = g_filename_display_name (path);
      g_autofree char *reason = g_utf8_make_valid (db ? sqlite3_errmsg (db) : "?", -1);

      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("%s is not an MBTiles file with tiles in it: %s"), name, reason);
      sqlite3_finalize (stmt);
      sqlite3_close (db);
      return NULL;
    }

  self = g_new0 (YzTileCache, 1);
  self->db = db;
  g_mutex_init (&self->lock);
  self->min_zoom = CLAMP (sqlite3_column_int (stmt, 0), 0, 22);
  self->max_zoom = CLAMP (sqlite3_column_int (stmt, 1), self->min_zoom, 22);
  sqlite3_finalize (stmt);

  return self;
}

void
yz_tile_cache_free (YzTileCache *self)
{
  if (self == NULL)
    return;
  g_clear_pointer (&self->db, sqlite3_close);
  g_mutex_clear (&self->lock);
  g_free (self);
}

/* The zoom levels the file has tiles for (clamped to 0–22). */
void
yz_tile_cache_get_zoom_range (YzTileCache *self, int *min_zoom, int *max_zoom)
{
  g_return_if_fail (self != NULL);

  if (min_zoom != NULL)
    *min_zoom = self->min_zoom;
  if (max_zoom != NULL)
    *max_zoom = self->max_zoom;
}

/**
 * yz_tile_cache_read:
 * @x: @y: @z: the tile, rows counted from the north (XYZ, as the map asks)
 *
 * Any thread.
 *
 * Returns: (transfer full): the tile's bytes (at most %YZ_TILE_MAX_BYTES), or %NULL with
 *   %G_IO_ERROR_NOT_FOUND when the file has no such tile
 */
GBytes *
yz_tile_cache_read (YzTileCache *self, guint x, guint y, guint z, GError **error)
{
  sqlite3_stmt *stmt = NULL;
  GBytes *bytes = NULL;
  int rc;

  g_return_val_if_fail (self != NULL, NULL);

  g_mutex_lock (&self->lock);
  rc = sqlite3_prepare_v2 (self->db,
                           "SELECT tile_data FROM tiles WHERE zoom_level = ?1 AND tile_column = ?2"
                           " AND tile_row = ?3",
                           -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    {
      sqlite3_bind_int (stmt, 1, z);
      sqlite3_bind_int (stmt, 2, x);
      sqlite3_bind_int64 (stmt, 3, ((gint64)1 << z) - 1 - y); /* TMS: row 0 is south */
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW && sqlite3_column_bytes (stmt, 0) > 0)
        {
          const guint8 *blob = sqlite3_column_blob (stmt, 0);
          gsize size = sqlite3_column_bytes (stmt, 0);

          /* The file is from outside: a tile that is no picture GTK may decode stays here. */
          if (yz_picture_check (blob, size, YZ_TILE_MAX_BYTES, YZ_TILE_MAX_PIXELS, NULL, NULL,
                                error))
            bytes = g_bytes_new (blob, size);
        }
      else if (rc == SQLITE_ROW || rc == SQLITE_DONE)
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, _("no tile %u/%u/%u"), z, x, y);
    }
  if (bytes == NULL && (error == NULL || *error == NULL))
    {
      g_autofree char *reason = g_utf8_make_valid (sqlite3_errmsg (self->db), -1);

      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, reason);
    }
  sqlite3_finalize (stmt);
  g_mutex_unlock (&self->lock);

  return bytes;
}
