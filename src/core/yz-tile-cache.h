/* yz-tile-cache.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Tiles larger than this are refused, from a file or from a server. */
#define YZ_TILE_MAX_BYTES (4 * 1024 * 1024)
/* Tiles are 256 or 512 pixels square; the map decodes dozens at once. */
#define YZ_TILE_MAX_PIXELS (1024 * 1024)

typedef struct _YzTileCache YzTileCache;

YzTileCache *yz_tile_cache_open (const char *path, GError **error);
void yz_tile_cache_free (YzTileCache *self);
void yz_tile_cache_get_zoom_range (YzTileCache *self, int *min_zoom, int *max_zoom);
GBytes *yz_tile_cache_read (YzTileCache *self, guint x, guint y, guint z, GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (YzTileCache, yz_tile_cache_free)

G_END_DECLS
