/* yz-stream-paintable.c
 *
 * A GdkPaintable of a video stream's newest frame. The streaming thread hands over samples
 * (push_sample, any thread); a newer one replaces one not yet shown (counted as replaced: a
 * late frame is dropped, never queued). The main thread applies the pending frame when the
 * widget showing it asks, once per frame-clock tick (update): so all tiles of a wall take
 * their new frames in the same tick and GTK paints once, not once per frame per stream.
 *
 * A frame arriving in an empty slot calls the process's frame notify (any thread), so that
 * the main loop learns there is something to show without polling.
 *
 * The frame's pixels are not copied: the texture wraps the mapped GstBuffer, and the bytes'
 * free function unmaps it and drops the sample.
 *
 * Drawn by GTK's cairo renderer (no graphics processor, yz-renderer.c), a texture node costs
 * GTK 4.8 a conversion of every pixel through floats at every paint (gdk_memory_convert,
 * measured as the console's hottest loop with nine tiles). So there the frame is drawn as a
 * cairo image surface over the same memory (BGRx is cairo's RGB24): one copy and one blit.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "yz-stream-paintable"

#include "config.h"

#include <cairo.h>
#include <gst/video/video.h>
#include <gtk/gtk.h>

#include "yz-stream-paintable.h"

struct _YzStreamPaintable
{
  GObject parent_instance;

  GMutex lock;
  GstSample *pending; /* under lock */
  guint64 n_replaced; /* under lock */

  GdkTexture *texture;
  cairo_surface_t *surface; /* the same pixels, for cairo; NULL unless draw_with_cairo */
  gboolean draw_with_cairo;
  gint64 frame_time;   /* real time (µs) the shown frame arrived */
  gint64 pending_time; /* under lock */
  guint64 n_shown;
};

static YzFrameNotify frame_notify;

static void yz_stream_paintable_iface_init (GdkPaintableInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (YzStreamPaintable, yz_stream_paintable, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (GDK_TYPE_PAINTABLE,
                                                      yz_stream_paintable_iface_init))

typedef struct
{
  GstSample *sample;
  GstVideoFrame frame;
} MappedFrame;

static void
mapped_frame_free (gpointer data)
{
  MappedFrame *mapped = data;

  gst_video_frame_unmap (&mapped->frame);
  gst_sample_unref (mapped->sample);
  g_free (mapped);
}

static const cairo_user_data_key_t bytes_key;

/* A cairo surface over a texture's pixels, holding them; %NULL for formats cairo lacks. */
static cairo_surface_t *
surface_for_texture (GdkTexture *texture, GBytes *bytes, GdkMemoryFormat format, gsize stride)
{
  cairo_surface_t *surface;
  int width = gdk_texture_get_width (texture);
  int height = gdk_texture_get_height (texture);

  if (format != GDK_MEMORY_B8G8R8A8_PREMULTIPLIED ||
      stride != (gsize)cairo_format_stride_for_width (CAIRO_FORMAT_RGB24, width))
    return NULL;
  surface = cairo_image_surface_create_for_data ((guchar *)g_bytes_get_data (bytes, NULL),
                                                 CAIRO_FORMAT_RGB24, width, height, (int)stride);
  cairo_surface_set_user_data (surface, &bytes_key, g_bytes_ref (bytes),
                               (cairo_destroy_func_t)g_bytes_unref);

  return surface;
}

/* The sample as a texture, without copying its pixels; %NULL if it is not BGRx/BGRA. */
static GdkTexture *
texture_from_sample (GstSample *sample, gboolean with_surface, cairo_surface_t **surface)
{
  GstVideoInfo info;
  MappedFrame *mapped;
  GBytes *bytes;
  GdkTexture *texture;
  GdkMemoryFormat format;

  if (!gst_video_info_from_caps (&info, gst_sample_get_caps (sample)))
    return NULL;
  /* 4.8 has no BGRX format: x is 0xff from videoconvert, so premultiplied BGRA reads it. */
  if (GST_VIDEO_INFO_FORMAT (&info) == GST_VIDEO_FORMAT_BGRx ||
      GST_VIDEO_INFO_FORMAT (&info) == GST_VIDEO_FORMAT_BGRA)
    format = GDK_MEMORY_B8G8R8A8_PREMULTIPLIED;
  else if (GST_VIDEO_INFO_FORMAT (&info) == GST_VIDEO_FORMAT_RGBx ||
           GST_VIDEO_INFO_FORMAT (&info) == GST_VIDEO_FORMAT_RGBA)
    format = GDK_MEMORY_R8G8B8A8_PREMULTIPLIED;
  else
    return NULL;

  mapped = g_new0 (MappedFrame, 1);
  if (!gst_video_frame_map (&mapped->frame, &info, gst_sample_get_buffer (sample), GST_MAP_READ))
    {
      g_free (mapped);
      return NULL;
    }
  mapped->sample = gst_sample_ref (sample);
  bytes = g_bytes_new_with_free_func (GST_VIDEO_FRAME_PLANE_DATA (&mapped->frame, 0),
                                      (gsize)GST_VIDEO_FRAME_PLANE_STRIDE (&mapped->frame, 0) *
                                          GST_VIDEO_FRAME_HEIGHT (&mapped->frame),
                                      mapped_frame_free, mapped);
  texture = gdk_memory_texture_new (GST_VIDEO_FRAME_WIDTH (&mapped->frame),
                                    GST_VIDEO_FRAME_HEIGHT (&mapped->frame), format, bytes,
                                    GST_VIDEO_FRAME_PLANE_STRIDE (&mapped->frame, 0));
  *surface = with_surface ? surface_for_texture (texture, bytes, format,
                                                 GST_VIDEO_FRAME_PLANE_STRIDE (&mapped->frame, 0))
                          : NULL;
  g_bytes_unref (bytes);

  return texture;
}

/* ---- GdkPaintable ---- */

static void
yz_stream_paintable_snapshot (GdkPaintable *paintable, GdkSnapshot *snapshot, double width,
                              double height)
{
  YzStreamPaintable *self = YZ_STREAM_PAINTABLE (paintable);

  if (self->surface != NULL && width > 0 && height > 0)
    {
      cairo_t *cr = gtk_snapshot_append_cairo (GTK_SNAPSHOT (snapshot),
                                               &GRAPHENE_RECT_INIT (0, 0, width, height));

      cairo_scale (cr, width / gdk_texture_get_width (self->texture),
                   height / gdk_texture_get_height (self->texture));
      cairo_set_source_surface (cr, self->surface, 0, 0);
      cairo_paint (cr);
      cairo_destroy (cr);
    }
  else if (self->texture != NULL)
    gdk_paintable_snapshot (GDK_PAINTABLE (self->texture), snapshot, width, height);
}

static int
yz_stream_paintable_get_intrinsic_width (GdkPaintable *paintable)
{
  YzStreamPaintable *self = YZ_STREAM_PAINTABLE (paintable);

  return self->texture ? gdk_texture_get_width (self->texture) : 0;
}

static int
yz_stream_paintable_get_intrinsic_height (GdkPaintable *paintable)
{
  YzStreamPaintable *self = YZ_STREAM_PAINTABLE (paintable);

  return self->texture ? gdk_texture_get_height (self->texture) : 0;
}

static double
yz_stream_paintable_get_intrinsic_aspect_ratio (GdkPaintable *paintable)
{
  YzStreamPaintable *self = YZ_STREAM_PAINTABLE (paintable);

  if (self->texture == NULL)
    return 16.0 / 9.0;
  return (double)gdk_texture_get_width (self->texture) /
         MAX (1, gdk_texture_get_height (self->texture));
}

static void
yz_stream_paintable_iface_init (GdkPaintableInterface *iface)
{
  iface->snapshot = yz_stream_paintable_snapshot;
  iface->get_intrinsic_width = yz_stream_paintable_get_intrinsic_width;
  iface->get_intrinsic_height = yz_stream_paintable_get_intrinsic_height;
  iface->get_intrinsic_aspect_ratio = yz_stream_paintable_get_intrinsic_aspect_ratio;
}

/* ---- GObject ---- */

static void
yz_stream_paintable_finalize (GObject *object)
{
  YzStreamPaintable *self = YZ_STREAM_PAINTABLE (object);

  g_clear_pointer (&self->pending, gst_sample_unref);
  g_clear_object (&self->texture);
  g_clear_pointer (&self->surface, cairo_surface_destroy);
  g_mutex_clear (&self->lock);

  G_OBJECT_CLASS (yz_stream_paintable_parent_class)->finalize (object);
}

static void
yz_stream_paintable_class_init (YzStreamPaintableClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = yz_stream_paintable_finalize;
}

static void
yz_stream_paintable_init (YzStreamPaintable *self)
{
  g_mutex_init (&self->lock);
}

/* ---- public ---- */

YzStreamPaintable *
yz_stream_paintable_new (void)
{
  return g_object_new (YZ_TYPE_STREAM_PAINTABLE, NULL);
}

/* Any thread: @sample becomes the next frame, replacing one not yet shown. */
void
yz_stream_paintable_push_sample (YzStreamPaintable *self, GstSample *sample)
{
  GstSample *old;

  g_mutex_lock (&self->lock);
  old = self->pending;
  self->pending = gst_sample_ref (sample);
  self->pending_time = g_get_real_time ();
  if (old != NULL)
    self->n_replaced++;
  g_mutex_unlock (&self->lock);
  if (old != NULL)
    gst_sample_unref (old);
  else if (frame_notify != NULL)
    frame_notify ();
}

/* Called (on the streaming thread) when a frame waits in a paintable that had none
 * waiting. One for the process: the video wall's. */
void
yz_stream_paintable_set_frame_notify (YzFrameNotify notify)
{
  frame_notify = notify;
}

/**
 * yz_stream_paintable_update:
 *
 * Main thread, once per frame-clock tick of the widget showing it: shows the pending frame
 * if there is one. Returns %TRUE if the picture changed.
 */
gboolean
yz_stream_paintable_update (YzStreamPaintable *self)
{
  g_autoptr(GstSample) sample = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  cairo_surface_t *surface = NULL;
  gboolean size_changed;
  gint64 time;

  g_return_val_if_fail (YZ_IS_STREAM_PAINTABLE (self), FALSE);

  g_mutex_lock (&self->lock);
  sample = g_steal_pointer (&self->pending);
  time = self->pending_time;
  g_mutex_unlock (&self->lock);
  if (sample == NULL ||
      (texture = texture_from_sample (sample, self->draw_with_cairo, &surface)) == NULL)
    return FALSE;

  size_changed = self->texture == NULL ||
                 gdk_texture_get_width (self->texture) != gdk_texture_get_width (texture) ||
                 gdk_texture_get_height (self->texture) != gdk_texture_get_height (texture);
  g_set_object (&self->texture, texture);
  g_clear_pointer (&self->surface, cairo_surface_destroy);
  self->surface = surface;
  self->frame_time = time;
  self->n_shown++;
  if (size_changed)
    gdk_paintable_invalidate_size (GDK_PAINTABLE (self));
  gdk_paintable_invalidate_contents (GDK_PAINTABLE (self));

  return TRUE;
}

/**
 * yz_stream_paintable_set_draw_with_cairo:
 *
 * Whether the widget showing it is drawn by GTK's cairo renderer: then frames are drawn as
 * cairo surfaces (see the top of this file). From the next frame.
 */
void
yz_stream_paintable_set_draw_with_cairo (YzStreamPaintable *self, gboolean draw_with_cairo)
{
  self->draw_with_cairo = draw_with_cairo;
}

gboolean
yz_stream_paintable_has_frame (YzStreamPaintable *self)
{
  return self->texture != NULL;
}

GdkTexture *
yz_stream_paintable_get_texture (YzStreamPaintable *self)
{
  return self->texture;
}

/* When the frame shown arrived (g_get_real_time), or 0. */
gint64
yz_stream_paintable_get_frame_time (YzStreamPaintable *self)
{
  return self->frame_time;
}

guint64
yz_stream_paintable_get_n_shown (YzStreamPaintable *self)
{
  return self->n_shown;
}

guint64
yz_stream_paintable_get_n_replaced (YzStreamPaintable *self)
{
  guint64 n;

  g_mutex_lock (&self->lock);
  n = self->n_replaced;
  g_mutex_unlock (&self->lock);

  return n;
}
