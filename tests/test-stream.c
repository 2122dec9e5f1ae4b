/* test-stream.c — YzStream against yizhan-sim's RTSP cameras: it plays (pixels that are not
 * blank), heals when the simulator takes the camera away and brings it back, and fails
 * with a readable reason on a stream that does not exist.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "yz-media.h"
#include "yz-stream.h"
#include "yz-test-sim.h"

typedef struct
{
  YzStream *stream;
  YzStreamState state;
} Until;

static gboolean
in_state (gpointer data)
{
  Until *until = data;

  /* Frames are applied by whoever shows the paintable: here, the test. */
  yz_stream_paintable_update (yz_stream_get_paintable (until->stream));
  return yz_stream_get_state (until->stream) == until->state;
}

static gboolean
has_frame (gpointer data)
{
  YzStreamPaintable *paintable = yz_stream_get_paintable (data);

  yz_stream_paintable_update (paintable);
  return yz_stream_paintable_has_frame (paintable);
}

static char *
camera_url (YzTestSim *sim, const char *token, const char *which, char **camera_id)
{
  g_autoptr(JsonNode) state = NULL;
  JsonObject *camera;
  guint status = 0;

  state = yz_test_sim_request (sim, "GET", "/api/v1/state", token, NULL, &status);
  g_assert_cmpuint (status, ==, 200);
  camera = json_array_get_object_element (
      json_object_get_array_member (json_node_get_object (state), "cameras"), 0);
  if (camera_id != NULL)
    *camera_id = g_strdup (json_object_get_string_member (camera, "id"));

  return g_strdup (json_object_get_string_member (camera, which));
}

/* Not one colour: the picture has content (the simulator draws a scene and a clock). */
static void
assert_not_blank (GdkTexture *texture)
{
  int width = gdk_texture_get_width (texture);
  int height = gdk_texture_get_height (texture);
  g_autofree guchar *data = g_malloc ((gsize)width * height * 4);
  guint distinct = 0;
  guint32 first;

  gdk_texture_download (texture, data, (gsize)width * 4);
  first = *(guint32 *)data;
  for (gsize i = 0; i < (gsize)width * height; i += 97)
    distinct += ((guint32 *)data)[i] != first;
  g_assert_cmpuint (distinct, >, width * height / 97 / 10);
}

static void
test_stream_plays_and_heals (void)
{
  YzTestSim *sim = yz_test_sim_start ("--control", "--stations=2", NULL);
  g_autofree char *token = yz_test_sim_login (sim, "operator");
  g_autofree char *camera_id = NULL;
  g_autofree char *url = camera_url (sim, token, "sub_url", &camera_id);
  g_autoptr(YzStream) stream = yz_stream_new (url);
  Until until = { stream, YZ_STREAM_PLAYING };
  YzStreamStats stats;

  yz_stream_set_size (stream, 320, 180);
  yz_stream_set_latency (stream, 100);
  yz_stream_set_timing (stream, 1500, 3000, 2000);
  yz_stream_play (stream);
  g_assert_cmpint (yz_stream_get_state (stream), ==, YZ_STREAM_CONNECTING);
  g_assert_true (yz_test_wait (in_state, &until, 20000));
  g_assert_true (yz_test_wait (has_frame, stream, 10000));

  /* Scaled to the tile's size, and not blank. */
  g_assert_cmpint (
      gdk_texture_get_width (yz_stream_paintable_get_texture (yz_stream_get_paintable (stream))),
      ==, 320);
  g_assert_cmpint (
      gdk_texture_get_height (yz_stream_paintable_get_texture (yz_stream_get_paintable (stream))),
      ==, 180);
  assert_not_blank (yz_stream_paintable_get_texture (yz_stream_get_paintable (stream)));
  yz_stream_get_stats (stream, &stats);
  g_assert_cmpuint (stats.frames, >, 0);
  g_assert_cmpint (stats.width, ==, 640); /* the simulator's sub stream */
  g_assert_cmpstr (stats.codec, !=, "");

  /* The simulator takes the camera away for 4 s: the stream notices, and comes back alone. */
  {
    g_autofree char *body =
        g_strdup_printf ("{\"camera_id\": \"%s\", \"online\": false, \"seconds\": 4}", camera_id);
    g_autoptr(JsonNode) reply = NULL;
    guint status = 0;

    reply = yz_test_sim_request (sim, "POST", "/api/v1/_control/camera", token, body, &status);
    g_assert_cmpuint (status / 100, ==, 2);
  }
  until.state = YZ_STREAM_RECONNECTING;
  g_assert_true (yz_test_wait (in_state, &until, 15000));
  g_assert_nonnull (yz_stream_get_message (stream));
  /* The last frame stays on screen meanwhile. */
  g_assert_true (yz_stream_paintable_has_frame (yz_stream_get_paintable (stream)));
  until.state = YZ_STREAM_PLAYING;
  g_assert_true (yz_test_wait (in_state, &until, 30000));
  g_assert_null (yz_stream_get_message (stream));

  yz_stream_stop (stream);
  g_assert_cmpint (yz_stream_get_state (stream), ==, YZ_STREAM_IDLE);
  yz_test_sim_stop (sim);
}

static void
test_stream_fails_readably (void)
{
  YzTestSim *sim = yz_test_sim_start ("--stations=1", NULL);
  g_autofree char *url = g_strdup_printf ("rtsp://127.0.0.1:%u/cam/no-such-camera/sub",
                                          yz_test_sim_get_rtsp_port (sim));
  g_autoptr(YzStream) stream = yz_stream_new (url);
  g_autoptr(YzStream) nowhere = yz_stream_new ("rtsp://user:secret@127.0.0.1:9/cam/x/sub");
  Until until = { stream, YZ_STREAM_FAILED };
  g_autofree char *redacted = yz_uri_redact ("rtsp://user:secret@127.0.0.1:9/cam/x/sub");

  /* No such stream: after a few tries it fails, saying so. */
  yz_stream_set_timing (stream, 1500, 3000, 1000);
  yz_stream_play (stream);
  g_assert_true (yz_test_wait (in_state, &until, 30000));
  g_assert_cmpint (yz_stream_get_problem (stream), ==, YZ_STREAM_PROBLEM_NOT_FOUND);
  g_assert_nonnull (yz_stream_get_message (stream));

  /* Nobody listening: it keeps trying (a camera may come back), and says why. */
  yz_stream_set_timing (nowhere, 1500, 3000, 1000);
  yz_stream_play (nowhere);
  until.stream = nowhere;
  until.state = YZ_STREAM_RECONNECTING;
  g_assert_true (yz_test_wait (in_state, &until, 20000));
  g_assert_cmpint (yz_stream_get_problem (nowhere), ==, YZ_STREAM_PROBLEM_UNREACHABLE);
  yz_stream_stop (nowhere);

  /* Credentials never reach a log or the UI. */
  g_assert_null (strstr (redacted, "secret"));
  g_assert_cmpstr (redacted, ==, "rtsp://127.0.0.1:9/cam/x/sub");

  yz_test_sim_stop (sim);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  g_assert_true (yz_media_init (NULL));

  g_test_add_func ("/yizhan/stream/plays-and-heals", test_stream_plays_and_heals);
  g_test_add_func ("/yizhan/stream/fails-readably", test_stream_fails_readably);

  return g_test_run ();
}
