/* test-video.c — the video wall against yizhan-sim's RTSP cameras: tiles play (rendered
 * pixels are not blank), a camera the simulator drops shows reconnecting and comes back by
 * itself, a wrong URL fails with a readable reason, enlarging switches to the main stream
 * without losing the picture, an alarm that names a camera opens it in the alarm tile, and
 * the layout comes back in a new wall.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>

#include "yz-gateway-backend.h"
#include "yz-media.h"
#include "yz-session.h"
#include "yz-test-fixture.h"
#include "yz-test-gtk.h"
#include "yz-video-page.h"

typedef struct
{
  YzTestFixture fx;
  GSettings *settings;
  GtkWindow *window;
  YzVideoPage *page;
} Fixture;

static gboolean
has_cameras (gpointer data)
{
  Fixture *f = data;

  return yz_session_get_connection_state (f->fx.session) == YZ_CONNECTION_CONNECTED &&
         g_list_model_get_n_items (yz_session_get_cameras (f->fx.session)) >= 4;
}

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  yz_test_tolerate_known_criticals ();
  f->settings = g_settings_new (BASE_ID);
  g_settings_set_int (f->settings, "video-columns", 2);
  g_settings_set_strv (f->settings, "video-cameras", NULL);

  yz_test_fixture_set_up (&f->fx, &(YzTestFixtureOptions){ .name = "video",
                                                           .stations = 4,
                                                           .control = TRUE,
                                                           .cameras = TRUE,
                                                           .ready = has_cameras,
                                                           .ready_data = f });

  f->page = YZ_VIDEO_PAGE (yz_video_page_new ());
  f->window = yz_test_window_new (GTK_WIDGET (f->page), 1024, 640);
  for (int i = 0; i < YZ_N_TILES; i++)
    yz_video_tile_set_stream_timing (yz_video_page_get_tile (f->page, i), 1500, 3000, 2000);
  yz_video_page_set_session (f->page, f->fx.session);
  yz_test_window_show (f->window);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  gtk_window_destroy (f->window);
  yz_test_fixture_tear_down (&f->fx);
  g_settings_reset (f->settings, "video-columns");
  g_settings_reset (f->settings, "video-cameras");
  g_settings_reset (f->settings, "alarm-video");
  g_settings_reset (f->settings, "video-layouts");
  g_clear_object (&f->settings);
}

typedef struct
{
  YzVideoTile *tile;
  YzStreamState state;
} Until;

static gboolean
tile_in_state (gpointer data)
{
  Until *until = data;
  YzStream *stream = yz_video_tile_get_stream (until->tile);

  return stream != NULL && yz_stream_get_state (stream) == until->state &&
         (until->state != YZ_STREAM_PLAYING ||
          yz_stream_paintable_has_frame (yz_video_tile_get_shown (until->tile)));
}

/* The tile as drawn in the window: not one colour. */
static void
assert_tile_not_blank (Fixture *f, YzVideoTile *tile)
{
  g_autoptr(GdkTexture) texture = yz_test_render (GTK_WIDGET (f->window));
  int width = gdk_texture_get_width (texture);
  int height = gdk_texture_get_height (texture);
  g_autofree guint32 *data = g_malloc ((gsize)width * height * 4);
  double x0 = 0, y0 = 0;
  int tw = gtk_widget_get_width (GTK_WIDGET (tile));
  int th = gtk_widget_get_height (GTK_WIDGET (tile));
  guint distinct = 0, samples = 0;
  guint32 first = 0;

  g_assert_true (
      gtk_widget_translate_coordinates (GTK_WIDGET (tile), GTK_WIDGET (f->window), 0, 0, &x0, &y0));
  gdk_texture_download (texture, (guchar *)data, (gsize)width * 4);
  for (int y = th / 4; y < th * 3 / 4; y += 7)
    for (int x = tw / 8; x < tw * 7 / 8; x += 7)
      {
        guint32 pixel = data[((int)y0 + y) * width + (int)x0 + x];

        if (samples++ == 0)
          first = pixel;
        distinct += pixel != first;
      }
  g_assert_cmpuint (distinct, >, samples / 20);
}

static gboolean
all_playing (gpointer data)
{
  Fixture *f = data;

  for (int i = 0; i < 4; i++)
    {
      Until until = { yz_video_page_get_tile (f->page, i), YZ_STREAM_PLAYING };

      if (!tile_in_state (&until))
        return FALSE;
    }
  return TRUE;
}

static void
test_video_wall_plays_and_heals (Fixture *f, gconstpointer data)
{
  YzVideoTile *tile = yz_video_page_get_tile (f->page, 0);
  Until until = { tile, YZ_STREAM_PLAYING };
  g_autofree char *body = NULL;

  /* The first start fills the four tiles with live cameras. */
  g_assert_true (yz_test_wait (all_playing, f, 30000));
  g_assert_true (yz_test_wait_for_draw (GTK_WIDGET (f->window), 5000));
  for (int i = 0; i < 4; i++)
    assert_tile_not_blank (f, yz_video_page_get_tile (f->page, i));
  g_free (yz_test_screenshot (GTK_WIDGET (f->window), "video-wall"));

  /* The snapshot button: a PNG in the user's pictures, named by camera and time. */
  {
    g_autoptr(GError) error = NULL;
    g_autofree char *path = yz_video_tile_save_snapshot (tile, &error);
    g_autofree char *contents = NULL;
    g_autofree char *base = NULL;
    gsize length = 0;

    g_assert_no_error (error);
    g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
    g_assert_cmpuint (length, >, 1000);
    g_assert_cmpmem (contents, 4, "\x89PNG", 4);
    base = g_path_get_basename (path);
    g_assert_true (g_str_has_prefix (base, yz_video_tile_get_title (tile)));
    g_assert_true (g_str_has_suffix (base, ".png"));
    g_assert_null (strchr (base, '/'));
  }

  /* The simulator drops the first camera for 4 s: reconnecting, said in the tile, then
   * playing again by itself. */
  body = g_strdup_printf ("{\"camera_id\": \"%s\", \"online\": false, \"seconds\": 4}",
                          yz_video_tile_get_id (tile));
  {
    g_autoptr(JsonNode) reply = NULL;
    guint status = 0;

    reply = yz_test_sim_request (f->fx.sim, "POST", "/api/v1/_control/camera", f->fx.token, body,
                                 &status);
    g_assert_cmpuint (status / 100, ==, 2);
  }
  until.state = YZ_STREAM_RECONNECTING;
  g_assert_true (yz_test_wait (tile_in_state, &until, 15000));
  until.state = YZ_STREAM_PLAYING;
  g_assert_true (yz_test_wait (tile_in_state, &until, 30000));
}

/* The main stream (1280×720 from the camera) is the one shown. */
static gboolean
shows_main (gpointer data)
{
  YzVideoTile *tile = data;
  YzStream *stream = yz_video_tile_get_stream (tile);
  YzStreamStats stats;

  if (stream == NULL || yz_video_tile_get_shown (tile) != yz_stream_get_paintable (stream) ||
      !yz_stream_paintable_has_frame (yz_stream_get_paintable (stream)))
    return FALSE;
  yz_stream_get_stats (stream, &stats);
  return stats.width == 1280;
}

/* GStreamer scaled the frames to the tile's exact size in device pixels: GTK draws them 1:1. */
static gboolean
frames_fit_tile (gpointer data)
{
  YzVideoTile *tile = data;
  YzStreamPaintable *shown = yz_video_tile_get_shown (tile);
  GdkTexture *texture = shown ? yz_stream_paintable_get_texture (shown) : NULL;
  int scale = gtk_widget_get_scale_factor (GTK_WIDGET (tile));

  return texture != NULL &&
         gdk_texture_get_width (texture) == gtk_widget_get_width (GTK_WIDGET (tile)) * scale &&
         gdk_texture_get_height (texture) == gtk_widget_get_height (GTK_WIDGET (tile)) * scale;
}

static void
test_video_enlarge_keeps_picture (Fixture *f, gconstpointer data)
{
  YzVideoTile *tile = yz_video_page_get_tile (f->page, 1);
  Until until = { tile, YZ_STREAM_PLAYING };
  YzStreamPaintable *before;

  g_assert_true (yz_test_wait (tile_in_state, &until, 30000));
  before = yz_video_tile_get_shown (tile);

  /* Enlarged: the sub stream's picture stays until the main stream's first frame. */
  g_signal_emit_by_name (tile, "activate");
  g_assert_cmpint (yz_video_page_get_enlarged (f->page), ==, 1);
  g_assert_true (yz_video_tile_get_main (tile));
  g_assert_true (yz_video_tile_get_shown (tile) == before);
  g_assert_true (yz_stream_paintable_has_frame (yz_video_tile_get_shown (tile)));
  g_assert_true (yz_test_wait (shows_main, tile, 20000));
  g_assert_true (yz_video_tile_get_shown (tile) != before);
  g_assert_true (yz_test_wait (frames_fit_tile, tile, 10000));
  g_assert_true (yz_test_wait_for_draw (GTK_WIDGET (f->window), 5000));
  g_free (yz_test_screenshot (GTK_WIDGET (f->window), "video-enlarged"));

  /* Escape: the grid again, the sub stream. */
  gtk_widget_activate_action (GTK_WIDGET (f->page), "wall.back", NULL);
  g_assert_cmpint (yz_video_page_get_enlarged (f->page), ==, -1);
  g_assert_false (yz_video_tile_get_main (tile));
}

static void
test_video_bad_url (Fixture *f, gconstpointer data)
{
  YzVideoTile *tile = yz_video_page_get_tile (f->page, 0);
  Until until = { tile, YZ_STREAM_FAILED };
  g_autofree char *url = g_strdup_printf ("rtsp://127.0.0.1:%u/cam/no-such-camera/sub",
                                          yz_test_sim_get_rtsp_port (f->fx.sim));
  g_autoptr(GError) error = NULL;

  g_assert_false (yz_video_page_open_url (f->page, "ftp://example.cn/x", &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  g_assert_true (yz_video_page_open_url (f->page, url, &error));
  g_assert_no_error (error);
  g_assert_true (yz_test_wait (tile_in_state, &until, 30000));
  g_assert_nonnull (yz_stream_get_message (yz_video_tile_get_stream (tile)));
  g_assert_cmpint (yz_stream_get_problem (yz_video_tile_get_stream (tile)), ==,
                   YZ_STREAM_PROBLEM_NOT_FOUND);

  /* Credentials in a URL go to the stream (and the keyring), never to the tile or a log. */
  {
    g_autofree char *with_password =
        g_strdup_printf ("rtsp://duty:s3cret@127.0.0.1:%u/cam/no-such-camera/sub",
                         yz_test_sim_get_rtsp_port (f->fx.sim));

    g_assert_true (yz_video_page_open_url (f->page, with_password, &error));
    g_assert_null (strstr (yz_video_tile_get_title (tile), "s3cret"));
    g_assert_null (strstr (yz_video_tile_get_id (tile), "s3cret"));
    g_assert_null (strstr (yz_stream_get_uri (yz_video_tile_get_stream (tile)), "s3cret"));
    g_assert_null (strstr (yz_stream_get_uri (yz_video_tile_get_stream (tile)), "duty"));
  }
}

static gboolean
alarm_tile_shows (gpointer data)
{
  Fixture *f = data;
  YzVideoTile *tile = yz_video_page_get_tile (f->page, 0);

  return g_strcmp0 (yz_video_tile_get_id (tile), "hz-0003-cam1") == 0 &&
         gtk_widget_has_css_class (GTK_WIDGET (tile), "alarm");
}

static gboolean
layout_saved (gpointer data)
{
  Fixture *f = data;
  g_auto(GStrv) ids = g_settings_get_strv (f->settings, "video-cameras");

  return g_strv_length (ids) >= 1 && g_str_equal (ids[0], "hz-0003-cam1");
}

static gboolean
first_tile_is_alarm_camera (gpointer data)
{
  return g_strcmp0 (yz_video_tile_get_id (yz_video_page_get_tile (data, 0)), "hz-0003-cam1") == 0;
}

static void
test_video_alarm_and_layout (Fixture *f, gconstpointer data)
{
  g_autoptr(JsonNode) reply = NULL;
  guint status = 0;
  YzVideoPage *again;

  g_assert_true (yz_test_wait (all_playing, f, 30000));

  /* An alarm that names a camera puts it in the alarm tile. */
  reply = yz_test_sim_request (
      f->fx.sim, "POST", "/api/v1/_control/alarm", f->fx.token,
      "{\"station_id\": \"hz-0003\", \"type\": \"fall\", \"camera_id\": \"hz-0003-cam1\"}",
      &status);
  g_assert_cmpuint (status, ==, 201);
  g_assert_true (yz_test_wait (alarm_tile_shows, f, 10000));
  g_assert_true (yz_test_wait_for_draw (GTK_WIDGET (f->window), 5000));
  g_free (yz_test_screenshot (GTK_WIDGET (f->window), "video-alarm-tile"));

  /* The layout is kept, and a new wall starts from it. */
  g_assert_true (yz_test_wait (layout_saved, f, 5000));
  again = YZ_VIDEO_PAGE (yz_video_page_new ());
  g_object_ref_sink (again);
  yz_video_page_set_session (again, f->fx.session);
  g_assert_true (yz_test_wait (layout_saved, f, 5000));
  g_assert_true (yz_test_wait (first_tile_is_alarm_camera, again, 5000));
  g_object_unref (again);

  /* A named layout: saved, the wall changed, loaded back; an unknown name changes nothing. */
  yz_video_page_save_layout (f->page, "Night");
  gtk_widget_activate_action (GTK_WIDGET (f->page), "wall.columns", "i", 3);
  g_assert_true (yz_video_page_show_camera (f->page, "hz-0001-cam1", 0));
  g_assert_false (first_tile_is_alarm_camera (f->page));
  g_assert_false (yz_video_page_load_layout (f->page, "Day"));
  g_assert_true (yz_video_page_load_layout (f->page, "Night"));
  g_assert_true (first_tile_is_alarm_camera (f->page));
  {
    int columns = 0;

    g_object_get (f->page, "columns", &columns, NULL);
    g_assert_cmpint (columns, ==, 2);
  }
}

static gboolean
tile_unmapped (gpointer data)
{
  return !gtk_widget_get_mapped (data);
}

static gboolean
tile_mapped (gpointer data)
{
  return gtk_widget_get_mapped (data);
}

/* The wall moves to its own window with the same cameras; here nothing decodes until it
 * comes back. */
static void
test_video_detach (Fixture *f, gconstpointer data)
{
  YzVideoTile *tile = yz_video_page_get_tile (f->page, 0);
  GtkWindow *window;
  YzVideoPage *out;
  Until until = { NULL, YZ_STREAM_PLAYING };

  g_assert_true (yz_test_wait (all_playing, f, 30000));
  window = yz_video_page_detach (f->page);
  g_assert_nonnull (window);
  g_assert_true (yz_video_page_detach (f->page) == window); /* one at a time */
  out = YZ_VIDEO_PAGE (yz_test_find_by_type (GTK_WIDGET (window), YZ_TYPE_VIDEO_PAGE));
  g_assert_nonnull (out);
  g_assert_true (yz_test_wait (tile_unmapped, tile, 5000));
  g_assert_cmpint (yz_stream_get_state (yz_video_tile_get_stream (tile)), ==, YZ_STREAM_IDLE);

  until.tile = yz_video_page_get_tile (out, 0);
  g_assert_true (yz_test_wait (tile_in_state, &until, 30000));
  g_assert_cmpstr (yz_video_tile_get_id (until.tile), ==, yz_video_tile_get_id (tile));

  gtk_widget_activate_action (GTK_WIDGET (f->page), "wall.attach", NULL);
  g_assert_true (yz_test_wait (tile_mapped, tile, 5000));
  until.tile = tile;
  g_assert_true (yz_test_wait (tile_in_state, &until, 30000));
}

static gboolean
tile_filled (gpointer data)
{
  return !yz_video_tile_is_empty (data);
}

/* Disconnected: each camera's tile says its state is the last known; connected again, the
 * note goes. */
static void
test_video_disconnected (Fixture *f, gconstpointer data)
{
  YzVideoTile *tile = yz_video_page_get_tile (f->page, 0);

  g_assert_true (yz_test_wait (tile_filled, tile, 10000));
  g_assert_cmpstr (yz_video_page_get_view (f->page), ==, "grid");
  g_assert_null (yz_video_tile_get_note (tile));

  yz_session_stop (f->fx.session);
  g_assert_nonnull (yz_video_tile_get_note (tile));
  if (!yz_test_is_chinese ())
    g_assert_cmpstr (yz_video_tile_get_note (tile), ==,
                     "Camera online · Last known state, less than a minute ago");
  /* The wall keeps its cameras: it does not turn into an empty page. */
  g_assert_cmpstr (yz_video_page_get_view (f->page), ==, "grid");
  g_assert_true (yz_test_wait_for_draw (GTK_WIDGET (f->window), 5000));
  g_free (yz_test_screenshot (GTK_WIDGET (f->window), "video-disconnected"));

  yz_session_start (f->fx.session, "operator", "operator", NULL);
  g_assert_true (yz_test_wait (yz_test_session_is_connected, f->fx.session, 20000));
  g_assert_null (yz_video_tile_get_note (tile));
}

static void
test_video_camera_note (void)
{
  gint64 now = g_get_real_time ();
  g_autofree char *connected = yz_video_camera_note (TRUE, FALSE, 0, now);
  g_autofree char *online = yz_video_camera_note (FALSE, TRUE, now - 5 * 60 * G_USEC_PER_SEC, now);
  g_autofree char *offline =
      yz_video_camera_note (FALSE, FALSE, now - 5 * 60 * G_USEC_PER_SEC, now);
  const char *title, *description;

  g_assert_null (connected);
  g_assert_nonnull (strstr (online, "5"));
  g_assert_cmpstr (online, !=, offline);
  if (!yz_test_is_chinese ())
    {
      g_assert_cmpstr (online, ==, "Camera online · Last known state, 5 min ago");
      g_assert_cmpstr (offline, ==, "Camera offline · Last known state, 5 min ago");
    }

  g_assert_true (
      yz_video_page_describe_empty (FALSE, YZ_CONNECTION_DISCONNECTED, &title, &description));
  g_assert_false (
      yz_video_page_describe_empty (TRUE, YZ_CONNECTION_CONNECTED, &title, &description));
  if (!yz_test_is_chinese ())
    g_assert_cmpstr (title, ==, "No Cameras");
  g_assert_false (
      yz_video_page_describe_empty (TRUE, YZ_CONNECTION_DISCONNECTED, &title, &description));
  g_assert_false (
      yz_video_page_describe_empty (TRUE, YZ_CONNECTION_CONNECTING, &title, &description));
}

/* The empty wall: without a gateway it offers to set one up; with a gateway that lists no
 * camera yet and no connection it says that; a stream opened by its address still plays
 * without either. */
static void
test_video_empty (void)
{
  YzVideoPage *page = YZ_VIDEO_PAGE (yz_video_page_new ());
  GtkWindow *window = yz_test_window_new (GTK_WIDGET (page), 1280, 800);
  g_autoptr(GSettings) settings = g_settings_new (BASE_ID);
  g_autoptr(GError) error = NULL;
  g_autoptr(YzGatewayBackend) backend = NULL;
  g_autoptr(YzSession) session = NULL;

  g_settings_set_strv (settings, "video-cameras", NULL);
  yz_test_window_show (window);
  g_assert_cmpstr (yz_video_page_get_view (page), ==, "empty");
  g_free (yz_test_screenshot (GTK_WIDGET (window), "video-no-gateway"));

  g_assert_true (yz_video_page_open_url (page, "rtsp://127.0.0.1:9/nothing", &error));
  g_assert_no_error (error);
  g_assert_cmpstr (yz_video_page_get_view (page), ==, "grid");
  yz_video_tile_clear (yz_video_page_get_tile (page, 0));
  g_signal_emit_by_name (yz_video_page_get_tile (page, 0), "removed");
  g_assert_cmpstr (yz_video_page_get_view (page), ==, "empty");

  /* A gateway set up but not answering, nothing stored: not connected, no set-up offered. */
  backend = yz_gateway_backend_new ("http://127.0.0.1:9", NULL, NULL, &error);
  g_assert_no_error (error);
  session = yz_session_new (NULL, YZ_BACKEND (backend));
  yz_video_page_set_session (page, session);
  g_assert_cmpstr (yz_video_page_get_view (page), ==, "empty");
  yz_session_start (session, "operator", "operator", NULL);
  g_assert_cmpint (yz_session_get_connection_state (session), !=, YZ_CONNECTION_CONNECTED);
  g_assert_cmpstr (yz_video_page_get_view (page), ==, "empty");
  g_assert_true (yz_test_wait_for_draw (GTK_WIDGET (window), 5000));
  g_free (yz_test_screenshot (GTK_WIDGET (window), "video-not-connected"));

  yz_session_stop (session);
  gtk_window_destroy (window);
  g_settings_reset (settings, "video-cameras");
}

int
main (int argc, char *argv[])
{
  yz_test_gtk_init (&argc, &argv);
  g_assert_true (yz_media_init (NULL));

  g_test_add_func ("/yizhan/video/camera-note", test_video_camera_note);
  g_test_add_func ("/yizhan/video/empty", test_video_empty);
  g_test_add ("/yizhan/video/disconnected", Fixture, NULL, fixture_set_up, test_video_disconnected,
              fixture_tear_down);
  g_test_add ("/yizhan/video/plays-and-heals", Fixture, NULL, fixture_set_up,
              test_video_wall_plays_and_heals, fixture_tear_down);
  g_test_add ("/yizhan/video/enlarge-keeps-picture", Fixture, NULL, fixture_set_up,
              test_video_enlarge_keeps_picture, fixture_tear_down);
  g_test_add ("/yizhan/video/bad-url", Fixture, NULL, fixture_set_up, test_video_bad_url,
              fixture_tear_down);
  g_test_add ("/yizhan/video/detach", Fixture, NULL, fixture_set_up, test_video_detach,
              fixture_tear_down);
  g_test_add ("/yizhan/video/alarm-and-layout", Fixture, NULL, fixture_set_up,
              test_video_alarm_and_layout, fixture_tear_down);

  return g_test_run ();
}
