/* yz-sim-rtsp.c
 *
 * Every simulated camera as RTSP H.264 on 127.0.0.1: /cam/<id>/main (1280×720, 25 fps) and
 * /cam/<id>/sub (640×360, 15 fps). Media is built on the first DESCRIBE and shared between the
 * clients of a mount; when the last client leaves it is torn down, so a city of idle cameras
 * costs nothing.
 *
 * Two ways to make the pictures. Live (--video=live, and always with --stamp): each media
 * encodes its own moving scene with the station's name and a running clock, x264 per stream,
 * which on a small machine takes the cores the console under test needs. Clip (the default):
 * each stream shape is encoded once, 4 s = 4 whole GOPs kept in memory, in a thread at the
 * first client of that shape (played frame by frame as it comes, so that client waits for one
 * frame, not four seconds); every media plays it looped from an appsrc, paced on the
 * pipeline clock, with timestamps that keep rising across the loop (no EOS, no discontinuity;
 * each loop starts on the clip's first keyframe). Same sizes, rates, encoder settings and GOP
 * as live; the per-camera title is left out.
 *
 * RTSP clients are served from a small pool of threads rather than the default main context:
 * a DESCRIBE blocks its thread until the media has its first frame (for a clip's first client:
 * until the encoder, just started, gives it), and the HTTP side must not stall meanwhile.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "yz-sim-rtsp"

#include "config.h"

#include <cairo.h>
#include <gst/app/gstappsrc.h>
#include <gst/app/gstappsink.h>
#include <gst/rtsp-server/rtsp-server.h>

#include "yz-sim-rtsp.h"

typedef struct
{
  char *station_name;
  char *camera_name;
} Camera;

/* The two streams of every camera. */
typedef struct
{
  const char *suffix;
  int width;
  int height;
  int fps;
  int kbps;
} Shape;

static const Shape shapes[] = {
  { "main", 1280, 720, 25, 2000 },
  { "sub", 640, 360, 15, 600 },
};

/* A clip is this many seconds: whole GOPs, since the encoder puts a keyframe every second. */
#define CLIP_SECONDS 4

/* One shape's clip, shared by every media of that shape (and the thread that encodes it), so
 * reference-counted (g_atomic_rc_box). The encoder thread appends frames under the lock;
 * done says there will be no more. */
typedef struct
{
  const Shape *shape;
  GMutex lock;
  GCond cond;
  gboolean started;
  gboolean done;
  gboolean failed;
  GstCaps *caps;
  GPtrArray *frames; /* GstBuffer, one access unit each, frames[0] a keyframe */
} Clip;

/* What one media's appsrc has played of its clip. */
typedef struct
{
  Clip *clip;
  guint64 index;      /* frames pushed so far, over all loops */
  GstClockTime first; /* running time of frame 0 */
  gboolean caps_set;
} Feed;

struct _YzSimRtsp
{
  GObject parent_instance;

  GstRTSPServer *server;
  GstRTSPMountPoints *mounts;
  GHashTable *cameras; /* id -> Camera */
  guint source_id;
  guint port;
  gboolean stamp;
  gboolean live;
  Clip *clips[G_N_ELEMENTS (shapes)];
};

G_DEFINE_FINAL_TYPE (YzSimRtsp, yz_sim_rtsp, G_TYPE_OBJECT)

static void
camera_free (gpointer data)
{
  Camera *camera = data;

  g_free (camera->station_name);
  g_free (camera->camera_name);
  g_free (camera);
}

/* Text for a gst-launch description: no quotes or backslashes can break out of it. */
static char *
launch_text (const char *text)
{
  GString *out = g_string_new (NULL);

  for (const char *c = text; *c; c++)
    if (*c != '"' && *c != '\\')
      g_string_append_c (out, *c);

  return g_string_free (out, FALSE);
}

/* The stamp: the wall-clock time (ms, 48 bits) the frame was drawn, as two rows of 24
 * black or white 10 px squares in the top-right corner, most significant bit first, so a
 * client can read it back from its pixels and know its latency. */
#define STAMP_BITS 48
#define STAMP_BLOCK 10

static void
draw_stamp_cb (GstElement *overlay, cairo_t *cr, guint64 timestamp, guint64 duration,
               gpointer user_data)
{
  guint64 ms = (guint64)(g_get_real_time () / 1000);
  int width = GPOINTER_TO_INT (user_data);
  int x0 = width - (STAMP_BITS / 2) * STAMP_BLOCK - STAMP_BLOCK;

  cairo_set_source_rgb (cr, 0.5, 0.5, 0.5);
  cairo_rectangle (cr, x0 - 4, STAMP_BLOCK - 4, (STAMP_BITS / 2) * STAMP_BLOCK + 8,
                   2 * STAMP_BLOCK + 8);
  cairo_fill (cr);
  for (int bit = 0; bit < STAMP_BITS; bit++)
    {
      gboolean one = (ms >> (STAMP_BITS - 1 - bit)) & 1;

      cairo_set_source_rgb (cr, one, one, one);
      cairo_rectangle (cr, x0 + (bit % (STAMP_BITS / 2)) * STAMP_BLOCK,
                       STAMP_BLOCK + (bit / (STAMP_BITS / 2)) * STAMP_BLOCK, STAMP_BLOCK,
                       STAMP_BLOCK);
      cairo_fill (cr);
    }
}

static void
media_configure_cb (GstRTSPMediaFactory *factory, GstRTSPMedia *media, gpointer user_data)
{
  g_autoptr(GstElement) bin = gst_rtsp_media_get_element (media);
  g_autoptr(GstElement) stamp = gst_bin_get_by_name_recurse_up (GST_BIN (bin), "stamp");

  if (stamp != NULL)
    g_signal_connect (stamp, "draw", G_CALLBACK (draw_stamp_cb), user_data);
}

static void
clip_clear (Clip *clip)
{
  g_mutex_clear (&clip->lock);
  g_cond_clear (&clip->cond);
  g_clear_pointer (&clip->caps, gst_caps_unref);
  g_clear_pointer (&clip->frames, g_ptr_array_unref);
}

static Clip *
clip_new (const Shape *shape)
{
  Clip *clip = g_atomic_rc_box_new0 (Clip);

  clip->shape = shape;
  g_mutex_init (&clip->lock);
  g_cond_init (&clip->cond);
  clip->frames = g_ptr_array_new_with_free_func ((GDestroyNotify)gst_buffer_unref);

  return clip;
}

static void
clip_unref (gpointer clip)
{
  g_atomic_rc_box_release_full (clip, (GDestroyNotify)clip_clear);
}

/* Under the clip's lock: one more frame is there (or the clip is over), wake the feeds. */
static void
clip_add_frame (Clip *clip, GstSample *sample)
{
  GstBuffer *buffer = gst_sample_get_buffer (sample);

  g_mutex_lock (&clip->lock);
  if (!clip->failed)
    {
      /* A clip must start, and so loop, on a keyframe. */
      if (clip->frames->len == 0 && (gst_sample_get_caps (sample) == NULL ||
                                     GST_BUFFER_FLAG_IS_SET (buffer, GST_BUFFER_FLAG_DELTA_UNIT)))
        {
          g_warning ("Cannot encode the %s clip: the encoder gave no keyframe first",
                     clip->shape->suffix);
          clip->failed = TRUE;
        }
      else
        {
          if (clip->caps == NULL)
            clip->caps = gst_caps_ref (gst_sample_get_caps (sample));
          g_ptr_array_add (clip->frames, gst_buffer_ref (buffer));
        }
    }
  g_cond_broadcast (&clip->cond);
  g_mutex_unlock (&clip->lock);
}

/* Encodes the clip as fast as the machine allows (no live source). The feeds play each frame
 * as soon as it is there, so the first client waits for one frame, not for the whole clip;
 * they loop once it is whole. */
static gpointer
clip_encode_thread (gpointer data)
{
  Clip *clip = data;
  const Shape *shape = clip->shape;
  g_autoptr(GError) error = NULL;
  g_autoptr(GstElement) pipeline = NULL;
  g_autoptr(GstElement) sink = NULL;
  g_autoptr(GstBus) bus = NULL;
  g_autoptr(GstMessage) message = NULL;
  g_autofree char *launch = NULL;
  GstSample *sample;

  launch = g_strdup_printf (
      "videotestsrc num-buffers=%d pattern=ball motion=sweep background-color=0xff303840 "
      "! video/x-raw,width=%d,height=%d,framerate=%d/1 "
      "! textoverlay text=\"yizhan-sim · %s\" font-desc=\"Noto Sans CJK SC %d\" valignment=top "
      "halignment=left "
      "! timeoverlay time-mode=running-time font-desc=\"Noto Sans Mono CJK SC %d\" "
      "valignment=bottom halignment=left "
      "! videoconvert ! x264enc tune=zerolatency speed-preset=ultrafast key-int-max=%d "
      "bitrate=%d "
      "! h264parse config-interval=-1 ! video/x-h264,stream-format=byte-stream,alignment=au "
      "! appsink name=sink sync=false max-buffers=4",
      CLIP_SECONDS * shape->fps, shape->width, shape->height, shape->fps, shape->suffix,
      shape->height / 24, shape->height / 30, shape->fps, shape->kbps);
  pipeline = gst_parse_launch (launch, &error);
  if (pipeline != NULL)
    {
      sink = gst_bin_get_by_name (GST_BIN (pipeline), "sink");
      gst_element_set_state (pipeline, GST_STATE_PLAYING);
      while ((sample = gst_app_sink_pull_sample (GST_APP_SINK (sink))) != NULL)
        {
          clip_add_frame (clip, sample);
          gst_sample_unref (sample);
        }
      bus = gst_element_get_bus (pipeline);
      message = gst_bus_pop_filtered (bus, GST_MESSAGE_ERROR);
      if (message != NULL)
        gst_message_parse_error (message, &error, NULL);
      gst_element_set_state (pipeline, GST_STATE_NULL);
    }

  g_mutex_lock (&clip->lock);
  if (error != NULL || clip->frames->len == 0)
    {
      g_warning ("Cannot encode the %s clip: %s", shape->suffix,
                 error != NULL ? error->message : "no frames");
      clip->failed = TRUE;
    }
  g_debug ("The %s clip: %u frames", shape->suffix, clip->frames->len);
  clip->done = TRUE;
  g_cond_broadcast (&clip->cond);
  g_mutex_unlock (&clip->lock);
  clip_unref (clip);

  return NULL;
}

/* At the first media of a shape: encode its clip in a thread, once. */
static void
clip_start (Clip *clip)
{
  g_mutex_lock (&clip->lock);
  if (!clip->started)
    {
      clip->started = TRUE;
      g_thread_unref (
          g_thread_new ("yz-sim-clip", clip_encode_thread, g_atomic_rc_box_acquire (clip)));
    }
  g_mutex_unlock (&clip->lock);
}

/* Blocks (a streaming thread) until the index-th frame of the looped clip is encoded.
 * Returns: (transfer full): the frame and its caps, or NULL if the clip failed */
static GstBuffer *
clip_get_frame (Clip *clip, guint64 index, GstCaps **caps)
{
  GstBuffer *frame = NULL;

  g_mutex_lock (&clip->lock);
  while (!clip->done && !clip->failed && index >= clip->frames->len)
    g_cond_wait (&clip->cond, &clip->lock);
  if (!clip->failed && clip->frames->len > 0)
    {
      frame = gst_buffer_ref (g_ptr_array_index (clip->frames, index % clip->frames->len));
      *caps = gst_caps_ref (clip->caps);
    }
  g_mutex_unlock (&clip->lock);

  return frame;
}

static void
feed_free (gpointer data)
{
  Feed *feed = data;

  clip_unref (feed->clip);
  g_free (feed);
}

/* In the appsrc's streaming thread: waits until the next frame is due on the pipeline clock,
 * then pushes it, stamped with its running time. The timestamps are first + n / fps for the
 * n-th frame ever pushed, so they rise evenly across the loop. */
static void
feed_need_data_cb (GstAppSrc *src, guint length, gpointer user_data)
{
  Feed *feed = user_data;
  Clip *clip = feed->clip;
  const Shape *shape = clip->shape;
  g_autoptr(GstClock) clock = NULL;
  g_autoptr(GstCaps) caps = NULL;
  GstClockTime base;
  GstClockTime now = 0;
  GstClockTime pts;
  GstBuffer *buffer;
  GstBuffer *frame = clip_get_frame (clip, feed->index, &caps);

  if (frame == NULL)
    {
      gst_app_src_end_of_stream (src);
      return;
    }
  if (!feed->caps_set)
    {
      gst_app_src_set_caps (src, caps);
      feed->caps_set = TRUE;
    }

  clock = gst_element_get_clock (GST_ELEMENT (src));
  base = gst_element_get_base_time (GST_ELEMENT (src));
  if (clock != NULL)
    {
      GstClockTime time = gst_clock_get_time (clock);

      now = time > base ? time - base : 0;
    }
  if (feed->index == 0)
    feed->first = now;
  pts = feed->first + gst_util_uint64_scale (feed->index, GST_SECOND, shape->fps);

  /* Far behind (a stalled machine) or far ahead (a new base time): start the count again
   * from now rather than send a burst or sleep long. */
  if (clock != NULL && (now > pts + GST_SECOND || pts > now + GST_SECOND))
    {
      feed->first = now - MIN (now, gst_util_uint64_scale (feed->index, GST_SECOND, shape->fps));
      pts = now;
    }
  if (clock != NULL && pts > now)
    {
      GstClockID id = gst_clock_new_single_shot_id (clock, base + pts);

      gst_clock_id_wait (id, NULL);
      gst_clock_id_unref (id);
    }

  buffer = gst_buffer_copy (frame);
  gst_buffer_unref (frame);
  GST_BUFFER_PTS (buffer) = pts;
  GST_BUFFER_DTS (buffer) = pts; /* no B-frames (tune=zerolatency) */
  GST_BUFFER_DURATION (buffer) = gst_util_uint64_scale (1, GST_SECOND, shape->fps);
  GST_BUFFER_OFFSET (buffer) = feed->index;
  GST_BUFFER_FLAG_UNSET (buffer, GST_BUFFER_FLAG_DISCONT);
  feed->index++;
  gst_app_src_push_buffer (src, buffer);
}

static void
clip_media_configure_cb (GstRTSPMediaFactory *factory, GstRTSPMedia *media, gpointer user_data)
{
  Clip *clip = user_data;
  g_autoptr(GstElement) bin = gst_rtsp_media_get_element (media);
  g_autoptr(GstElement) src = gst_bin_get_by_name_recurse_up (GST_BIN (bin), "clip");
  GstAppSrcCallbacks callbacks = { .need_data = feed_need_data_cb };
  Feed *feed = g_new0 (Feed, 1);

  feed->clip = g_atomic_rc_box_acquire (clip);
  /* The appsrc owns the feed: freed after its streaming thread has stopped. */
  gst_app_src_set_callbacks (GST_APP_SRC (src), &callbacks, feed, feed_free);
  clip_start (clip);
}

static void
mount_camera (YzSimRtsp *self, const char *camera_id)
{
  Camera *camera = g_hash_table_lookup (self->cameras, camera_id);
  g_autofree char *station = launch_text (camera->station_name);
  g_autofree char *name = launch_text (camera->camera_name);
  gboolean live = self->live || self->stamp;

  for (guint i = 0; i < G_N_ELEMENTS (shapes); i++)
    {
      GstRTSPMediaFactory *factory = gst_rtsp_media_factory_new ();
      g_autofree char *path = g_strdup_printf ("/cam/%s/%s", camera_id, shapes[i].suffix);
      g_autofree char *launch = NULL;

      if (live)
        launch = g_strdup_printf (
            "( videotestsrc is-live=true pattern=ball motion=sweep background-color=0xff303840 "
            "! video/x-raw,width=%d,height=%d,framerate=%d/1 "
            "! textoverlay text=\"%s · %s\" font-desc=\"Noto Sans CJK SC %d\" valignment=top "
            "halignment=left "
            "! clockoverlay time-format=\"%%Y-%%m-%%d %%H:%%M:%%S\" font-desc=\"Noto Sans Mono "
            "CJK SC %d\" valignment=bottom halignment=right "
            "! timeoverlay time-mode=running-time font-desc=\"Noto Sans Mono CJK SC %d\" "
            "valignment=bottom halignment=left "
            "%s"
            "! videoconvert ! x264enc tune=zerolatency speed-preset=ultrafast key-int-max=%d "
            "bitrate=%d "
            "! rtph264pay name=pay0 pt=96 config-interval=1 )",
            shapes[i].width, shapes[i].height, shapes[i].fps, station, name, shapes[i].height / 24,
            shapes[i].height / 30, shapes[i].height / 30,
            self->stamp ? "! videoconvert ! cairooverlay name=stamp " : "", shapes[i].fps,
            shapes[i].kbps);
      else
        launch = g_strdup ("( appsrc name=clip is-live=true format=time do-timestamp=false "
                           "! rtph264pay name=pay0 pt=96 config-interval=1 )");
      gst_rtsp_media_factory_set_launch (factory, launch);
      if (self->stamp)
        g_signal_connect (factory, "media-configure", G_CALLBACK (media_configure_cb),
                          GINT_TO_POINTER (shapes[i].width));
      if (!live)
        {
          if (self->clips[i] == NULL)
            self->clips[i] = clip_new (&shapes[i]);
          g_signal_connect_data (factory, "media-configure", G_CALLBACK (clip_media_configure_cb),
                                 g_atomic_rc_box_acquire (self->clips[i]),
                                 (GClosureNotify)(void (*) (void))clip_unref, 0);
        }
      gst_rtsp_media_factory_set_shared (factory, TRUE);
      gst_rtsp_media_factory_set_suspend_mode (factory, GST_RTSP_SUSPEND_MODE_NONE);
      gst_rtsp_media_factory_set_eos_shutdown (factory, FALSE);
      gst_rtsp_mount_points_add_factory (self->mounts, path, factory);
    }
}

typedef struct
{
  const char *prefix;
} Match;

static GstRTSPFilterResult
media_filter_cb (GstRTSPSession *session, GstRTSPSessionMedia *media, gpointer user_data)
{
  Match *match = user_data;
  int matched = 0;

  if (gst_rtsp_session_media_matches (media, match->prefix, &matched))
    return GST_RTSP_FILTER_REMOVE;

  return GST_RTSP_FILTER_KEEP;
}

static GstRTSPFilterResult
session_filter_cb (GstRTSPClient *client, GstRTSPSession *session, gpointer user_data)
{
  gst_rtsp_session_filter (session, media_filter_cb, user_data);

  return GST_RTSP_FILTER_KEEP;
}

static GstRTSPFilterResult
client_filter_cb (GstRTSPServer *server, GstRTSPClient *client, gpointer user_data)
{
  gst_rtsp_client_session_filter (client, session_filter_cb, user_data);

  return GST_RTSP_FILTER_KEEP;
}

static void
yz_sim_rtsp_finalize (GObject *object)
{
  YzSimRtsp *self = (YzSimRtsp *)object;

  g_clear_handle_id (&self->source_id, g_source_remove);
  g_clear_object (&self->mounts);
  g_clear_object (&self->server);
  g_hash_table_unref (self->cameras);
  for (guint i = 0; i < G_N_ELEMENTS (self->clips); i++)
    g_clear_pointer (&self->clips[i], clip_unref);

  G_OBJECT_CLASS (yz_sim_rtsp_parent_class)->finalize (object);
}

static void
yz_sim_rtsp_class_init (YzSimRtspClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = yz_sim_rtsp_finalize;
}

static void
yz_sim_rtsp_init (YzSimRtsp *self)
{
  g_autoptr(GstRTSPThreadPool) pool = NULL;

  self->server = gst_rtsp_server_new ();
  self->mounts = gst_rtsp_server_get_mount_points (self->server);
  /* Clients in threads of their own (see the top of the file); 8 threads, shared above that. */
  pool = gst_rtsp_server_get_thread_pool (self->server);
  gst_rtsp_thread_pool_set_max_threads (pool, 8);
  self->cameras = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, camera_free);
}

YzSimRtsp *
yz_sim_rtsp_new (void)
{
  return g_object_new (YZ_TYPE_SIM_RTSP, NULL);
}

gboolean
yz_sim_rtsp_start (YzSimRtsp *self, guint port, GError **error)
{
  g_autofree char *service = g_strdup_printf ("%u", port);
  int bound;

  gst_rtsp_server_set_address (self->server, "127.0.0.1");
  gst_rtsp_server_set_service (self->server, service);
  self->source_id = gst_rtsp_server_attach (self->server, NULL);
  if (self->source_id == 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "Cannot listen for RTSP on 127.0.0.1:%u",
                   port);
      return FALSE;
    }
  bound = gst_rtsp_server_get_bound_port (self->server);
  if (bound <= 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "The RTSP server has no port");
      return FALSE;
    }
  self->port = bound;

  return TRUE;
}

guint
yz_sim_rtsp_get_port (YzSimRtsp *self)
{
  return self->port;
}

void
yz_sim_rtsp_add_camera (YzSimRtsp *self, const char *camera_id, const char *station_name,
                        const char *camera_name)
{
  Camera *camera = g_new0 (Camera, 1);

  camera->station_name = g_strdup (station_name);
  camera->camera_name = g_strdup (camera_name);
  g_hash_table_replace (self->cameras, g_strdup (camera_id), camera);
  mount_camera (self, camera_id);
}

void
yz_sim_rtsp_set_camera_online (YzSimRtsp *self, const char *camera_id, gboolean online)
{
  g_autofree char *main_path = g_strdup_printf ("/cam/%s/main", camera_id);
  g_autofree char *sub_path = g_strdup_printf ("/cam/%s/sub", camera_id);

  if (!g_hash_table_contains (self->cameras, camera_id))
    return;

  /* Remove first in both cases, so that going online twice never mounts twice. */
  gst_rtsp_mount_points_remove_factory (self->mounts, main_path);
  gst_rtsp_mount_points_remove_factory (self->mounts, sub_path);

  if (online)
    {
      mount_camera (self, camera_id);
    }
  else
    {
      /* Drop the camera's viewers: their stream ends, and new ones get 404 until it is back. */
      Match main_match = { main_path };
      Match sub_match = { sub_path };

      gst_rtsp_server_client_filter (self->server, client_filter_cb, &main_match);
      gst_rtsp_server_client_filter (self->server, client_filter_cb, &sub_match);
    }
}

char *
yz_sim_rtsp_get_url (YzSimRtsp *self, const char *camera_id, gboolean main_stream)
{
  return g_strdup_printf ("rtsp://127.0.0.1:%u/cam/%s/%s", self->port, camera_id,
                          main_stream ? "main" : "sub");
}

/* Stamp every frame with the time it was drawn (see draw_stamp_cb); implies live video.
 * Before the cameras. */
void
yz_sim_rtsp_set_stamp (YzSimRtsp *self, gboolean stamp)
{
  self->stamp = stamp;
}

/* Encode every stream live instead of looping a clip per shape. Before the cameras. */
void
yz_sim_rtsp_set_live (YzSimRtsp *self, gboolean live)
{
  self->live = live;
}
