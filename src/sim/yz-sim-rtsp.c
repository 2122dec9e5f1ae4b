/* yz-sim-rtsp.c
 *
 * Every simulated camera as RTSP H.264 on 127.0.0.1: /cam/<id>/main (1280×720, 25 fps) and
 * /cam/<id>/sub (640×360, 15 fps), a moving scene with the station's name and a running clock
 * with milliseconds (so latency can be read off a frame). Media is built on the first DESCRIBE
 * and shared between the clients of a mount; when the last client leaves it is torn down, so a
 * city of idle cameras costs nothing. Runs on the default main context.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "yz-sim-rtsp"

#include "config.h"

#include <cairo.h>
#include <gst/rtsp-server/rtsp-server.h>

#include "yz-sim-rtsp.h"

typedef struct
{
  char *station_name;
  char *camera_name;
} Camera;

struct _YzSimRtsp
{
  GObject parent_instance;

  GstRTSPServer *server;
  GstRTSPMountPoints *mounts;
  GHashTable *cameras; /* id -> Camera */
  guint source_id;
  guint port;
  gboolean stamp;
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
mount_camera (YzSimRtsp *self, const char *camera_id)
{
  Camera *camera = g_hash_table_lookup (self->cameras, camera_id);
  g_autofree char *station = launch_text (camera->station_name);
  g_autofree char *name = launch_text (camera->camera_name);
  static const struct
  {
    const char *suffix;
    int width;
    int height;
    int fps;
    int kbps;
  } streams[] = {
    { "main", 1280, 720, 25, 2000 },
    { "sub", 640, 360, 15, 600 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (streams); i++)
    {
      GstRTSPMediaFactory *factory = gst_rtsp_media_factory_new ();
      g_autofree char *path = g_strdup_printf ("/cam/%s/%s", camera_id, streams[i].suffix);
      g_autofree char *launch = NULL;

      launch = g_strdup_printf (
          "( videotestsrc is-live=true pattern=ball motion=sweep background-color=0xff303840 "
          "! video/x-raw,width=%d,height=%d,framerate=%d/1 "
          "! textoverlay text=\"%s · %s\" font-desc=\"Noto Sans CJK SC %d\" valignment=top "
          "halignment=left "
          "! clockoverlay time-format=\"%%Y-%%m-%%d %%H:%%M:%%S\" font-desc=\"Noto Sans Mono CJK "
          "SC %d\" valignment=bottom halignment=right "
          "! timeoverlay time-mode=running-time font-desc=\"Noto Sans Mono CJK SC %d\" "
          "valignment=bottom halignment=left "
          "%s"
          "! videoconvert ! x264enc tune=zerolatency speed-preset=ultrafast key-int-max=%d "
          "bitrate=%d "
          "! rtph264pay name=pay0 pt=96 config-interval=1 )",
          streams[i].width, streams[i].height, streams[i].fps, station, name,
          streams[i].height / 24, streams[i].height / 30, streams[i].height / 30,
          self->stamp ? "! videoconvert ! cairooverlay name=stamp " : "", streams[i].fps,
          streams[i].kbps);
      gst_rtsp_media_factory_set_launch (factory, launch);
      if (self->stamp)
        g_signal_connect (factory, "media-configure", G_CALLBACK (media_configure_cb),
                          GINT_TO_POINTER (streams[i].width));
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
  self->server = gst_rtsp_server_new ();
  self->mounts = gst_rtsp_server_get_mount_points (self->server);
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

/* Stamp every frame with the time it was drawn (see draw_stamp_cb). Before the cameras. */
void
yz_sim_rtsp_set_stamp (YzSimRtsp *self, gboolean stamp)
{
  self->stamp = stamp;
}
