/* yz-tile-source.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <shumate/shumate.h>

#include "yz-geo.h"

G_BEGIN_DECLS

#define YZ_TYPE_TILE_SOURCE (yz_tile_source_get_type ())
G_DECLARE_FINAL_TYPE (YzTileSource, yz_tile_source, YZ, TILE_SOURCE, ShumateMapSource)

#define YZ_OSM_URL_TEMPLATE "https://tile.openstreetmap.org/{z}/{x}/{y}.png"

YzTileSource *yz_tile_source_new_url (const char *url_template, YzDatum datum, GError **error);
YzTileSource *yz_tile_source_new_mbtiles (const char *path, YzDatum datum, GError **error);
YzDatum yz_tile_source_get_datum (YzTileSource *self);
const char *yz_tile_source_get_problem (YzTileSource *self);
guint yz_tile_source_get_n_loaded (YzTileSource *self);
guint yz_tile_source_get_n_failed (YzTileSource *self);
char *yz_tile_source_expand_url (const char *url_template, guint x, guint y, guint z);

G_END_DECLS
