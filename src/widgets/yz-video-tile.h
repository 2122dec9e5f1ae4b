/* yz-video-tile.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "yz-stream.h"

G_BEGIN_DECLS

#define YZ_TYPE_VIDEO_TILE (yz_video_tile_get_type ())
G_DECLARE_FINAL_TYPE (YzVideoTile, yz_video_tile, YZ, VIDEO_TILE, GtkWidget)

GtkWidget *yz_video_tile_new (void);
void yz_video_tile_set_source (YzVideoTile *self, const char *id, const char *title,
                               const char *sub_url, const char *main_url);
void yz_video_tile_clear (YzVideoTile *self);
const char *yz_video_tile_get_id (YzVideoTile *self);
const char *yz_video_tile_get_title (YzVideoTile *self);
gboolean yz_video_tile_is_empty (YzVideoTile *self);
void yz_video_tile_set_main (YzVideoTile *self, gboolean main);
gboolean yz_video_tile_get_main (YzVideoTile *self);
YzStream *yz_video_tile_get_stream (YzVideoTile *self);
YzStreamPaintable *yz_video_tile_get_shown (YzVideoTile *self);
void yz_video_tile_retry_now (YzVideoTile *self);
void yz_video_tile_set_paused (YzVideoTile *self, gboolean paused);
void yz_video_tile_set_alarm (YzVideoTile *self, gboolean alarm);
void yz_video_tile_set_note (YzVideoTile *self, const char *note);
const char *yz_video_tile_get_note (YzVideoTile *self);
char *yz_video_tile_save_snapshot (YzVideoTile *self, GError **error);
void yz_video_tile_set_stream_timing (YzVideoTile *self, guint stall_ms, guint restart_ms,
                                      guint max_backoff_ms);

G_END_DECLS
