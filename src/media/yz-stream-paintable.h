/* yz-stream-paintable.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gdk/gdk.h>
#include <gst/gst.h>

G_BEGIN_DECLS

#define YZ_TYPE_STREAM_PAINTABLE (yz_stream_paintable_get_type ())
G_DECLARE_FINAL_TYPE (YzStreamPaintable, yz_stream_paintable, YZ, STREAM_PAINTABLE, GObject)

typedef void (*YzFrameNotify) (void);

YzStreamPaintable *yz_stream_paintable_new (void);
void yz_stream_paintable_set_frame_notify (YzFrameNotify notify);
void yz_stream_paintable_push_sample (YzStreamPaintable *self, GstSample *sample);
gboolean yz_stream_paintable_update (YzStreamPaintable *self);
void yz_stream_paintable_set_draw_with_cairo (YzStreamPaintable *self, gboolean draw_with_cairo);
gboolean yz_stream_paintable_has_frame (YzStreamPaintable *self);
GdkTexture *yz_stream_paintable_get_texture (YzStreamPaintable *self);
gint64 yz_stream_paintable_get_frame_time (YzStreamPaintable *self);
guint64 yz_stream_paintable_get_n_shown (YzStreamPaintable *self);
guint64 yz_stream_paintable_get_n_replaced (YzStreamPaintable *self);

G_END_DECLS
