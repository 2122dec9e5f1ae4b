/* test-stream.c — YzStream against yizhan-sim's RTSP cameras: it plays (pixels that are not
 * blank), heals when the simulator takes the camera away and brings it back, and fails
 * with a readable reason on a stream that does not exist. And the simulator's two ways of
 * making video, watched by a plain GStreamer pipeline: a looped clip (the default) plays on
 * past its loop point at its nominal rate with rising timestamps, and live encoding still
 * plays with --stamp.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <gst/gst.h>

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

/* ---- the simulator's video, watched by a plain pipeline: rtspsrc → decoder → fakesink ---- */

typedef struct
{
  GMutex lock;
  guint frames;
  GstClockTime last_pts;
  GstClockTime max_gap; /* the widest step between two decoded frames' timestamps */
  guint backwards;      /* frames whose timestamp is not above the one before */
  gboolean ended;       /* EOS or an error on the bus */
  gint64 window_start;  /* monotonic µs; 0 until the first frame */
  gint64 window_end;
} Watch;

static GstPadProbeReturn
frame_probe_cb (GstPad *pad, GstPadProbeInfo *info, gpointer user_data)
{
  Watch *watch = user_data;
  GstBuffer *buffer = GST_PAD_PROBE_INFO_BUFFER (info);
  GstClockTime pts = GST_BUFFER_PTS (buffer);

  g_mutex_lock (&watch->lock);
  if (watch->frames > 0 && GST_CLOCK_TIME_IS_VALID (pts) &&
      GST_CLOCK_TIME_IS_VALID (watch->last_pts))
    {
      if (pts <= watch->last_pts)
        watch->backwards++;
      else
        watch->max_gap = MAX (watch->max_gap, pts - watch->last_pts);
    }
  watch->last_pts = pts;
  watch->frames++;
  g_mutex_unlock (&watch->lock);
  g_main_context_wakeup (NULL);

  return GST_PAD_PROBE_OK;
}

static gboolean
bus_cb (GstBus *bus, GstMessage *message, gpointer user_data)
{
  Watch *watch = user_data;

  if (GST_MESSAGE_TYPE (message) == GST_MESSAGE_ERROR)
    {
      g_autoptr(GError) error = NULL;

      gst_message_parse_error (message, &error, NULL);
      g_test_message ("pipeline error: %s", error->message);
      watch->ended = TRUE;
    }
  else if (GST_MESSAGE_TYPE (message) == GST_MESSAGE_EOS)
    {
      watch->ended = TRUE;
    }

  return G_SOURCE_CONTINUE;
}

static guint
watch_frames (Watch *watch)
{
  guint frames;

  g_mutex_lock (&watch->lock);
  frames = watch->frames;
  g_mutex_unlock (&watch->lock);

  return frames;
}

static gboolean
watch_started (gpointer data)
{
  Watch *watch = data;

  return watch->ended || watch_frames (watch) > 0;
}

static gboolean
watch_window_over (gpointer data)
{
  Watch *watch = data;

  return watch->ended || g_get_monotonic_time () >= watch->window_end;
}

/* Plays url for `seconds` from its first frame. buffer-mode=none: the decoded timestamps follow
 * the sender's RTP timestamps (not the arrival times), so a clip whose timestamps went back at
 * the loop would show here. Returns: the frames decoded in that window,
 * and in its last `tail` seconds (*tail_frames) */
static guint
watch_stream (const char *url, double seconds, double tail, Watch *watch, guint *tail_frames)
{
  g_autofree char *launch =
      g_strdup_printf ("rtspsrc location=%s latency=100 buffer-mode=none ! rtph264depay ! "
                       "avdec_h264 ! fakesink name=sink sync=false",
                       url);
  g_autoptr(GError) error = NULL;
  g_autoptr(GstElement) pipeline = gst_parse_launch (launch, &error);
  g_autoptr(GstElement) sink = NULL;
  g_autoptr(GstPad) pad = NULL;
  g_autoptr(GstBus) bus = NULL;
  guint watch_id;
  guint first;
  guint before_tail;

  g_assert_no_error (error);
  g_mutex_init (&watch->lock);
  watch->last_pts = GST_CLOCK_TIME_NONE;
  sink = gst_bin_get_by_name (GST_BIN (pipeline), "sink");
  pad = gst_element_get_static_pad (sink, "sink");
  gst_pad_add_probe (pad, GST_PAD_PROBE_TYPE_BUFFER, frame_probe_cb, watch, NULL);
  bus = gst_element_get_bus (pipeline);
  watch_id = gst_bus_add_watch (bus, bus_cb, watch);
  gst_element_set_state (pipeline, GST_STATE_PLAYING);

  /* The first client of a clip waits while it is encoded: generous. */
  g_assert_true (yz_test_wait (watch_started, watch, 30000));
  g_assert_false (watch->ended);
  first = watch_frames (watch);
  watch->window_start = g_get_monotonic_time ();
  watch->window_end = watch->window_start + (gint64)((seconds - tail) * G_USEC_PER_SEC);
  yz_test_wait (watch_window_over, watch, (guint)(seconds * 1000) + 5000);
  before_tail = watch_frames (watch);
  watch->window_end = watch->window_start + (gint64)(seconds * G_USEC_PER_SEC);
  yz_test_wait (watch_window_over, watch, (guint)(tail * 1000) + 5000);
  *tail_frames = watch_frames (watch) - before_tail;

  gst_element_set_state (pipeline, GST_STATE_NULL);
  g_source_remove (watch_id);
  g_mutex_clear (&watch->lock);

  return watch->frames - first;
}

/* The sub stream is 15 fps; a 4 s clip is 60 frames. Over 7 s from the first frame, a
 * stream that stopped, or stalled, at the loop point shows at most ~4 s of frames and none
 * in the last 2 s; a looping one shows ~105 and ~30. */
static void
test_stream_clip_loops (void)
{
  YzTestSim *sim = yz_test_sim_start ("--stations=2", "--video=clip", NULL);
  g_autofree char *token = yz_test_sim_login (sim, "observer");
  g_autofree char *url = camera_url (sim, token, "sub_url", NULL);
  Watch watch = { 0 };
  guint tail_frames = 0;
  guint frames = watch_stream (url, 7.0, 2.0, &watch, &tail_frames);

  g_test_message ("clip: %u frames in 7 s, %u in the last 2 s, widest step %" GST_TIME_FORMAT
                  ", %u backwards",
                  frames, tail_frames, GST_TIME_ARGS (watch.max_gap), watch.backwards);
  g_assert_false (watch.ended);
  g_assert_cmpuint (frames, >=, 7 * 15 * 80 / 100);
  g_assert_cmpuint (frames, <=, 7 * 15 * 120 / 100);
  g_assert_cmpuint (tail_frames, >=, 2 * 15 * 70 / 100);
  /* Timestamps keep rising across the loop, without a jump. */
  g_assert_cmpuint (watch.backwards, ==, 0);
  g_assert_cmpuint (watch.max_gap, <, 300 * GST_MSECOND);

  yz_test_sim_stop (sim);
}

/* --stamp draws the wall clock on each frame, so it encodes live: it still plays at 15 fps,
 * and asking for a clip with it is refused. */
static void
test_stream_live_stamp (void)
{
  YzTestSim *sim = yz_test_sim_start ("--stations=2", "--stamp", NULL);
  g_autofree char *token = yz_test_sim_login (sim, "observer");
  g_autofree char *url = camera_url (sim, token, "sub_url", NULL);
  const char *sim_path = g_getenv ("YIZHAN_SIM_PATH");
  g_autoptr(GSubprocess) refused = NULL;
  g_autoptr(GError) error = NULL;
  Watch watch = { 0 };
  guint tail_frames = 0;
  guint frames = watch_stream (url, 4.0, 1.0, &watch, &tail_frames);

  g_test_message ("live: %u frames in 4 s, %u in the last 1 s", frames, tail_frames);
  g_assert_false (watch.ended);
  g_assert_cmpuint (frames, >=, 4 * 15 * 75 / 100);
  g_assert_cmpuint (frames, <=, 4 * 15 * 125 / 100);
  g_assert_cmpuint (tail_frames, >, 0);
  g_assert_cmpuint (watch.backwards, ==, 0);
  yz_test_sim_stop (sim);

  g_assert_nonnull (sim_path);
  refused = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_SILENCE,
                              &error, sim_path, "--stamp", "--video=clip", NULL);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_wait (refused, NULL, &error));
  g_assert_true (g_subprocess_get_if_exited (refused));
  g_assert_cmpint (g_subprocess_get_exit_status (refused), ==, 2);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  g_assert_true (yz_media_init (NULL));

  g_test_add_func ("/yizhan/stream/plays-and-heals", test_stream_plays_and_heals);
  g_test_add_func ("/yizhan/stream/fails-readably", test_stream_fails_readably);
  g_test_add_func ("/yizhan/stream/clip-loops", test_stream_clip_loops);
  g_test_add_func ("/yizhan/stream/live-stamp", test_stream_live_stamp);

  return g_test_run ();
}
