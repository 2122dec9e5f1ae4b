/* yz-stream.c
 *
 * One camera stream, from URL to YzStreamPaintable, that heals itself.
 *
 *   rtsp://  rtspsrc (latency, UDP or TCP, credentials) ─┐
 *   other    uridecodebin (HTTP MJPEG, files) ───────────┤→ decodebin → queue (leaky)
 *            → videoconvertscale → BGRx at the tile's size → appsink (1 buffer, drop)
 *
 * One pass scales and converts, to the exact size in device pixels the tile shows (black
 * bars keep the picture's shape), so GTK draws the frame 1:1 and the converter touches only
 * the pixels shown. The size follows the tile while it plays (yz_stream_set_size). Each
 * decoder gets one thread: sixteen decoders on two cores fight over them otherwise, and
 * frame threads add a frame of delay each. The
 * appsink's thread hands each frame to the paintable (the newest wins); the main thread
 * watches the frame count: connecting → playing at the first frame; stalled after 5 s
 * without one; then reconnecting, as after any error or end of stream, with exponential
 * backoff (1 s … 30 s, jittered). A stream that has never played and is refused for a
 * reason that will not heal by itself (unauthorized, unsupported codec, not found three
 * times) ends in failed, with a readable reason. Only stop() ends the retrying otherwise.
 * The URL in logs never carries credentials.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "yz-stream"

#include "config.h"

#include <glib/gi18n.h>
#include <gst/app/gstappsink.h>
#include <gst/video/video.h>

#include "yz-media.h"
#include "yz-stream.h"

#define WATCH_MS 250
#define DEFAULT_STALL_MS 5000
#define DEFAULT_RESTART_MS 8000 /* no frame this long: start again */
#define FIRST_BACKOFF_MS 1000
#define DEFAULT_MAX_BACKOFF_MS 30000
#define MAX_NOT_FOUND 3

struct _YzStream
{
  GObject parent_instance;

  char *uri;
  char *user;
  char *password;
  int width, height;
  guint latency_ms;
  gboolean tcp;
  guint stall_ms, restart_ms, max_backoff_ms;

  GstElement *pipeline;
  GstElement *decodebin;
  GstElement *queue;
  GstElement *filter;
  GstElement *convert;
  guint decoder_threads;
  guint bus_watch;
  YzStreamPaintable *paintable;

  YzStreamState state;
  YzStreamProblem problem;
  char *message;
  gboolean wanted;
  gboolean ever_played;
  gboolean persistent; /* a known camera: "not found" means "not back yet" */
  guint n_not_found;
  guint backoff_ms;
  guint watch_id;
  guint restart_id;
  gint64 started_at; /* monotonic, of this attempt */

  /* written by streaming threads */
  GMutex lock;
  guint64 frames;
  guint64 bytes;
  gint64 last_frame_at; /* monotonic µs */
  int src_width, src_height;
  char codec[64];

  /* per second, main thread */
  guint64 frames_mark, bytes_mark;
  gint64 mark_at;
  double fps, kbps;
};

G_DEFINE_FINAL_TYPE (YzStream, yz_stream, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_STATE,
  PROP_MESSAGE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

GType
yz_stream_state_get_type (void)
{
  static gsize type = 0;

  if (g_once_init_enter (&type))
    {
      static const GEnumValue values[] = {
        { YZ_STREAM_IDLE, "YZ_STREAM_IDLE", "idle" },
        { YZ_STREAM_CONNECTING, "YZ_STREAM_CONNECTING", "connecting" },
        { YZ_STREAM_PLAYING, "YZ_STREAM_PLAYING", "playing" },
        { YZ_STREAM_STALLED, "YZ_STREAM_STALLED", "stalled" },
        { YZ_STREAM_RECONNECTING, "YZ_STREAM_RECONNECTING", "reconnecting" },
        { YZ_STREAM_FAILED, "YZ_STREAM_FAILED", "failed" },
        { 0, NULL, NULL }
      };
      g_once_init_leave (&type, g_enum_register_static ("YzStreamState", values));
    }

  return type;
}

static void start_pipeline (YzStream *self);
static void teardown (YzStream *self);

static void
set_state (YzStream *self, YzStreamState state, YzStreamProblem problem, const char *message)
{
  gboolean changed = self->state != state;

  self->problem = problem;
  if (g_strcmp0 (self->message, message) != 0)
    {
      g_free (self->message);
      self->message = g_strdup (message);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MESSAGE]);
    }
  if (changed)
    {
      self->state = state;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
    }
}

/* ---- streaming threads ---- */

static GstFlowReturn
new_sample_cb (GstAppSink *sink, gpointer user_data)
{
  YzStream *self = user_data;
  GstSample *sample = gst_app_sink_pull_sample (sink);

  if (sample == NULL)
    return GST_FLOW_OK;
  yz_stream_paintable_push_sample (self->paintable, sample);
  gst_sample_unref (sample);

  g_mutex_lock (&self->lock);
  self->frames++;
  self->last_frame_at = g_get_monotonic_time ();
  g_mutex_unlock (&self->lock);

  return GST_FLOW_OK;
}

static GstPadProbeReturn
count_bytes_cb (GstPad *pad, GstPadProbeInfo *info, gpointer user_data)
{
  YzStream *self = user_data;
  GstBuffer *buffer = GST_PAD_PROBE_INFO_BUFFER (info);

  if (buffer != NULL)
    {
      g_mutex_lock (&self->lock);
      self->bytes += gst_buffer_get_size (buffer);
      g_mutex_unlock (&self->lock);
    }

  return GST_PAD_PROBE_OK;
}

/* The video decoder: its name is the codec we report, its input is the bitrate we count. */
static void
deep_element_added_cb (GstBin *bin, GstBin *sub_bin, GstElement *element, YzStream *self)
{
  GstElementFactory *factory = gst_element_get_factory (element);
  const char *klass;

  if (factory == NULL)
    return;
  klass = gst_element_factory_get_metadata (factory, GST_ELEMENT_METADATA_KLASS);
  if (klass != NULL && strstr (klass, "Decoder") != NULL && strstr (klass, "Video") != NULL)
    {
      g_autoptr(GstPad) sink = gst_element_get_static_pad (element, "sink");

      g_mutex_lock (&self->lock);
      g_strlcpy (self->codec, gst_plugin_feature_get_name (GST_PLUGIN_FEATURE (factory)),
                 sizeof self->codec);
      g_mutex_unlock (&self->lock);
      if (g_object_class_find_property (G_OBJECT_GET_CLASS (element), "max-threads") != NULL)
        g_object_set (element, "max-threads", (int)self->decoder_threads, NULL);
      if (sink != NULL)
        gst_pad_add_probe (sink, GST_PAD_PROBE_TYPE_BUFFER, count_bytes_cb, self, NULL);
    }
}

/* A decoded video pad: into the queue (the first one only). */
static void
decoded_pad_added_cb (GstElement *element, GstPad *pad, YzStream *self)
{
  g_autoptr(GstCaps) caps = gst_pad_get_current_caps (pad);
  g_autoptr(GstPad) sink = gst_element_get_static_pad (self->queue, "sink");
  GstStructure *s;

  if (caps == NULL)
    caps = gst_pad_query_caps (pad, NULL);
  s = gst_caps_get_structure (caps, 0);
  if (!g_str_has_prefix (gst_structure_get_name (s), "video/") || gst_pad_is_linked (sink))
    return;
  {
    GstVideoInfo info;

    if (gst_video_info_from_caps (&info, caps))
      {
        g_mutex_lock (&self->lock);
        self->src_width = GST_VIDEO_INFO_WIDTH (&info);
        self->src_height = GST_VIDEO_INFO_HEIGHT (&info);
        g_mutex_unlock (&self->lock);
      }
  }
  if (gst_pad_link (pad, sink) != GST_PAD_LINK_OK)
    g_message ("Cannot link the decoded video of %s", self->uri);
}

/* rtspsrc's RTP pads: the first video one into decodebin. */
static void
rtsp_pad_added_cb (GstElement *element, GstPad *pad, YzStream *self)
{
  g_autoptr(GstCaps) caps = gst_pad_query_caps (pad, NULL);
  g_autoptr(GstPad) sink = gst_element_get_static_pad (self->decodebin, "sink");
  GstStructure *s = gst_caps_get_structure (caps, 0);
  const char *media = gst_structure_get_string (s, "media");

  if (g_strcmp0 (media, "video") != 0 || gst_pad_is_linked (sink))
    return;
  gst_pad_link (pad, sink);
}

/* ---- main thread ---- */

static YzStreamProblem
classify (GError *error)
{
  if (error->domain == GST_RESOURCE_ERROR)
    {
      switch (error->code)
        {
        case GST_RESOURCE_ERROR_NOT_AUTHORIZED:
          return YZ_STREAM_PROBLEM_UNAUTHORIZED;
        case GST_RESOURCE_ERROR_NOT_FOUND:
          return YZ_STREAM_PROBLEM_NOT_FOUND;
        default:
          return YZ_STREAM_PROBLEM_UNREACHABLE;
        }
    }
  if ((error->domain == GST_CORE_ERROR && error->code == GST_CORE_ERROR_MISSING_PLUGIN) ||
      (error->domain == GST_STREAM_ERROR &&
       (error->code == GST_STREAM_ERROR_CODEC_NOT_FOUND ||
        error->code == GST_STREAM_ERROR_TYPE_NOT_FOUND ||
        error->code == GST_STREAM_ERROR_WRONG_TYPE || error->code == GST_STREAM_ERROR_FORMAT)))
    return YZ_STREAM_PROBLEM_UNSUPPORTED;

  return YZ_STREAM_PROBLEM_OTHER;
}

static const char *
problem_text (YzStreamProblem problem)
{
  switch (problem)
    {
    case YZ_STREAM_PROBLEM_UNAUTHORIZED:
      return _("The camera refused the user name or password");
    case YZ_STREAM_PROBLEM_NOT_FOUND:
      return _("The camera has no such stream");
    case YZ_STREAM_PROBLEM_UNREACHABLE:
      return _("The camera cannot be reached");
    case YZ_STREAM_PROBLEM_UNSUPPORTED:
      return _("The stream's format is not supported");
    case YZ_STREAM_PROBLEM_ENDED:
      return _("The stream ended");
    case YZ_STREAM_PROBLEM_STALLED:
      return _("No picture for a while");
    case YZ_STREAM_PROBLEM_OTHER:
      return _("The stream broke off");
    case YZ_STREAM_PROBLEM_NONE:
    default:
      return NULL;
    }
}

static gboolean
restart_cb (gpointer user_data)
{
  YzStream *self = user_data;

  self->restart_id = 0;
  if (self->wanted)
    start_pipeline (self);

  return G_SOURCE_REMOVE;
}

/* Tears down and tries again later; the last frame stays on screen meanwhile. */
static void
schedule_restart (YzStream *self, YzStreamProblem problem)
{
  guint delay;
  g_autofree char *redacted = yz_uri_redact (self->uri);

  teardown (self);
  if (!self->wanted)
    return;
  delay = g_random_int_range (self->backoff_ms / 2, self->backoff_ms + 1);
  self->backoff_ms = MIN (self->backoff_ms * 2, self->max_backoff_ms);
  g_debug ("%s: %s; again in %u ms", redacted, problem_text (problem), delay);
  set_state (self, YZ_STREAM_RECONNECTING, problem, problem_text (problem));
  g_clear_handle_id (&self->restart_id, g_source_remove);
  self->restart_id = g_timeout_add (delay, restart_cb, self);
}

static void
fail (YzStream *self, YzStreamProblem problem, const char *detail)
{
  g_autofree char *redacted = yz_uri_redact (self->uri);

  g_message ("%s: %s (%s)", redacted, problem_text (problem), detail ? detail : "");
  teardown (self);
  self->wanted = FALSE;
  set_state (self, YZ_STREAM_FAILED, problem, problem_text (problem));
}

static gboolean
bus_cb (GstBus *bus, GstMessage *message, gpointer user_data)
{
  YzStream *self = user_data;

  if (GST_MESSAGE_TYPE (message) == GST_MESSAGE_ERROR)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *debug = NULL;
      YzStreamProblem problem;

      gst_message_parse_error (message, &error, &debug);
      problem = classify (error);
      if (!self->ever_played &&
          (problem == YZ_STREAM_PROBLEM_UNAUTHORIZED || problem == YZ_STREAM_PROBLEM_UNSUPPORTED ||
           (problem == YZ_STREAM_PROBLEM_NOT_FOUND && !self->persistent &&
            ++self->n_not_found >= MAX_NOT_FOUND)))
        fail (self, problem, error->message);
      else
        schedule_restart (self, problem);
      return G_SOURCE_REMOVE; /* the pipeline (and this watch) are gone */
    }
  if (GST_MESSAGE_TYPE (message) == GST_MESSAGE_EOS)
    {
      schedule_restart (self, YZ_STREAM_PROBLEM_ENDED);
      return G_SOURCE_REMOVE;
    }

  return G_SOURCE_CONTINUE;
}

static gboolean
watch_cb (gpointer user_data)
{
  YzStream *self = user_data;
  gint64 now = g_get_monotonic_time ();
  guint64 frames, bytes;
  gint64 last;

  g_mutex_lock (&self->lock);
  frames = self->frames;
  bytes = self->bytes;
  last = self->last_frame_at;
  g_mutex_unlock (&self->lock);

  if (now - self->mark_at >= G_USEC_PER_SEC)
    {
      double seconds = (now - self->mark_at) / (double)G_USEC_PER_SEC;

      self->fps = (frames - self->frames_mark) / seconds;
      self->kbps = (bytes - self->bytes_mark) * 8.0 / 1000.0 / seconds;
      self->frames_mark = frames;
      self->bytes_mark = bytes;
      self->mark_at = now;
    }

  if (self->pipeline == NULL)
    return G_SOURCE_CONTINUE;

  /* The last frame of this attempt, or the attempt's start. */
  last = MAX (last, self->started_at);
  if (frames > 0 && last > self->started_at && now - last < (gint64)self->stall_ms * 1000)
    {
      if (self->state != YZ_STREAM_PLAYING)
        {
          self->ever_played = TRUE;
          self->n_not_found = 0;
          self->backoff_ms = FIRST_BACKOFF_MS;
          set_state (self, YZ_STREAM_PLAYING, YZ_STREAM_PROBLEM_NONE, NULL);
        }
    }
  else if (now - last >= (gint64)self->restart_ms * 1000)
    schedule_restart (self, YZ_STREAM_PROBLEM_STALLED);
  else if (self->state == YZ_STREAM_PLAYING && now - last >= (gint64)self->stall_ms * 1000)
    set_state (self, YZ_STREAM_STALLED, YZ_STREAM_PROBLEM_STALLED,
               problem_text (YZ_STREAM_PROBLEM_STALLED));

  return G_SOURCE_CONTINUE;
}

static GstElement *
make (const char *factory)
{
  GstElement *element = gst_element_factory_make (factory, NULL);

  if (element == NULL)
    g_message ("GStreamer element %s is missing", factory);
  return element;
}

static void
teardown (YzStream *self)
{
  g_clear_handle_id (&self->bus_watch, g_source_remove);
  if (self->pipeline != NULL)
    {
      gst_element_set_state (self->pipeline, GST_STATE_NULL);
      g_clear_pointer (&self->pipeline, gst_object_unref);
    }
  self->decodebin = NULL;
  self->queue = NULL;
  self->filter = NULL;
  self->convert = NULL;
}

/* The frames' size into the caps filter; a playing pipeline renegotiates at its next frame. */
static void
apply_size (YzStream *self)
{
  g_autoptr(GstCaps) caps =
      gst_caps_new_simple ("video/x-raw", "format", G_TYPE_STRING, "BGRx", NULL);

  if (self->filter == NULL)
    return;
  /* A large picture (an enlarged tile) converts in two threads, for its latency; a wall of
   * small ones in one each. */
  g_object_set (self->convert, "n-threads", self->width * self->height > 640 * 360 ? 2 : 1, NULL);
  if (self->width > 0 && self->height > 0)
    gst_caps_set_simple (caps, "width", G_TYPE_INT, self->width, "height", G_TYPE_INT, self->height,
                         "pixel-aspect-ratio", GST_TYPE_FRACTION, 1, 1, NULL);
  g_object_set (self->filter, "caps", caps, NULL);
}

static void
start_pipeline (YzStream *self)
{
  GstElement *src, *convert, *filter, *sink;
  g_autoptr(GstBus) bus = NULL;
  GstAppSinkCallbacks callbacks = { .new_sample = new_sample_cb };
  gboolean rtsp =
      g_str_has_prefix (self->uri, "rtsp://") || g_str_has_prefix (self->uri, "rtsps://");

  teardown (self);
  self->pipeline = gst_pipeline_new (NULL);
  self->queue = make ("queue");
  convert = make ("videoconvertscale");
  filter = make ("capsfilter");
  sink = make ("appsink");
  if (rtsp)
    {
      src = make ("rtspsrc");
      self->decodebin = make ("decodebin");
    }
  else
    {
      src = make ("uridecodebin");
      self->decodebin = src;
    }
  if (src == NULL || self->decodebin == NULL || self->queue == NULL || convert == NULL ||
      filter == NULL || sink == NULL)
    {
      /* Pieces of GStreamer are not installed: this will not heal by retrying. */
      g_clear_pointer (&self->pipeline, gst_object_unref);
      fail (self, YZ_STREAM_PROBLEM_UNSUPPORTED, "missing elements");
      return;
    }

  if (rtsp)
    {
      g_object_set (src, "location", self->uri, "latency", self->latency_ms, "protocols",
                    self->tcp ? 0x4 /* TCP */ : 0x7 /* UDP, multicast, TCP */, "tcp-timeout",
                    (guint64)5 * G_USEC_PER_SEC, "timeout", (guint64)5 * G_USEC_PER_SEC, NULL);
      if (self->user != NULL)
        g_object_set (src, "user-id", self->user, "user-pw", self->password, NULL);
      g_signal_connect (src, "pad-added", G_CALLBACK (rtsp_pad_added_cb), self);
      gst_bin_add_many (GST_BIN (self->pipeline), src, self->decodebin, NULL);
    }
  else
    {
      g_object_set (src, "uri", self->uri, NULL);
      gst_bin_add (GST_BIN (self->pipeline), src);
    }
  g_signal_connect (self->decodebin, "pad-added", G_CALLBACK (decoded_pad_added_cb), self);
  g_signal_connect (self->pipeline, "deep-element-added", G_CALLBACK (deep_element_added_cb), self);

  /* Late frames are worthless live: drop the old ones rather than queue them. */
  g_object_set (self->queue, "leaky", 2 /* downstream */, "max-size-buffers", 2, "max-size-bytes",
                0, "max-size-time", (guint64)0, NULL);
  self->filter = filter;
  self->convert = convert;
  apply_size (self);
  g_object_set (sink, "max-buffers", 1, "drop", TRUE, "sync", FALSE, "enable-last-sample", FALSE,
                NULL);
  gst_app_sink_set_callbacks (GST_APP_SINK (sink), &callbacks, self, NULL);
  gst_bin_add_many (GST_BIN (self->pipeline), self->queue, convert, filter, sink, NULL);
  gst_element_link_many (self->queue, convert, filter, sink, NULL);

  bus = gst_pipeline_get_bus (GST_PIPELINE (self->pipeline));
  self->bus_watch = gst_bus_add_watch (bus, bus_cb, self);
  self->started_at = g_get_monotonic_time ();
  set_state (self, self->ever_played ? YZ_STREAM_RECONNECTING : YZ_STREAM_CONNECTING, self->problem,
             self->ever_played ? self->message : NULL);
  if (gst_element_set_state (self->pipeline, GST_STATE_PLAYING) == GST_STATE_CHANGE_FAILURE)
    schedule_restart (self, YZ_STREAM_PROBLEM_UNREACHABLE);
}

/* ---- GObject ---- */

static void
yz_stream_dispose (GObject *object)
{
  YzStream *self = YZ_STREAM (object);

  self->wanted = FALSE;
  g_clear_handle_id (&self->watch_id, g_source_remove);
  g_clear_handle_id (&self->restart_id, g_source_remove);
  teardown (self);
  g_clear_object (&self->paintable);

  G_OBJECT_CLASS (yz_stream_parent_class)->dispose (object);
}

static void
yz_stream_finalize (GObject *object)
{
  YzStream *self = YZ_STREAM (object);

  g_free (self->uri);
  g_free (self->user);
  if (self->password != NULL)
    memset (self->password, 0, strlen (self->password));
  g_free (self->password);
  g_free (self->message);
  g_mutex_clear (&self->lock);

  G_OBJECT_CLASS (yz_stream_parent_class)->finalize (object);
}

static void
yz_stream_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  YzStream *self = YZ_STREAM (object);

  switch (prop_id)
    {
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;
    case PROP_MESSAGE:
      g_value_set_string (value, self->message);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
yz_stream_class_init (YzStreamClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = yz_stream_dispose;
  object_class->finalize = yz_stream_finalize;
  object_class->get_property = yz_stream_get_property;

  properties[PROP_STATE] =
      g_param_spec_enum ("state", NULL, NULL, YZ_TYPE_STREAM_STATE, YZ_STREAM_IDLE,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_MESSAGE] =
      g_param_spec_string ("message", NULL, NULL, NULL,
                           (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
yz_stream_init (YzStream *self)
{
  g_mutex_init (&self->lock);
  self->paintable = yz_stream_paintable_new ();
  self->latency_ms = 200;
  self->stall_ms = DEFAULT_STALL_MS;
  self->restart_ms = DEFAULT_RESTART_MS;
  self->max_backoff_ms = DEFAULT_MAX_BACKOFF_MS;
  self->backoff_ms = FIRST_BACKOFF_MS;
  self->decoder_threads = 1;
}

/* ---- public ---- */

YzStream *
yz_stream_new (const char *uri)
{
  YzStream *self;

  g_return_val_if_fail (uri != NULL, NULL);

  /* Started on a thread after the first frame (yz-application.c); waits for it if not done. */
  yz_media_init (NULL);
  self = g_object_new (YZ_TYPE_STREAM, NULL);
  self->uri = g_strdup (uri);

  return self;
}

const char *
yz_stream_get_uri (YzStream *self)
{
  return self->uri;
}

/**
 * yz_stream_set_size:
 *
 * The size in device pixels frames are scaled to (the tile's), with black bars where the
 * picture's shape differs; 0×0 for the stream's own size. A playing stream changes size at
 * its next frame.
 */
void
yz_stream_set_size (YzStream *self, int width, int height)
{
  g_return_if_fail (YZ_IS_STREAM (self));

  width = MAX (width, 0);
  height = MAX (height, 0);
  if (width == self->width && height == self->height)
    return;
  self->width = width;
  self->height = height;
  apply_size (self);
}

void
yz_stream_get_size (YzStream *self, int *width, int *height)
{
  *width = self->width;
  *height = self->height;
}

/* Decoder threads (0: as many as the decoder likes). Next play. */
void
yz_stream_set_decoder_threads (YzStream *self, guint threads)
{
  self->decoder_threads = threads;
}

void
yz_stream_set_latency (YzStream *self, guint ms)
{
  self->latency_ms = ms;
}

/* RTSP over TCP, for networks that drop UDP. */
void
yz_stream_set_tcp (YzStream *self, gboolean tcp)
{
  self->tcp = tcp;
}

/* From the keyring; never part of the URL. */
void
yz_stream_set_credentials (YzStream *self, const char *user, const char *password)
{
  g_free (self->user);
  self->user = g_strdup (user);
  if (self->password != NULL)
    memset (self->password, 0, strlen (self->password));
  g_free (self->password);
  self->password = g_strdup (password);
}

/* For tests: shorter stall and backoff times. */
void
yz_stream_set_timing (YzStream *self, guint stall_ms, guint reconnect_after_stall_ms,
                      guint max_backoff_ms)
{
  self->stall_ms = stall_ms;
  self->restart_ms = MAX (reconnect_after_stall_ms, stall_ms);
  self->max_backoff_ms = MAX (max_backoff_ms, FIRST_BACKOFF_MS);
}

void
yz_stream_play (YzStream *self)
{
  g_return_if_fail (YZ_IS_STREAM (self));

  if (self->wanted && self->pipeline != NULL)
    return;
  self->wanted = TRUE;
  self->backoff_ms = FIRST_BACKOFF_MS;
  self->n_not_found = 0;
  g_mutex_lock (&self->lock);
  self->frames = 0;
  self->bytes = 0;
  self->last_frame_at = 0;
  g_mutex_unlock (&self->lock);
  self->frames_mark = self->bytes_mark = 0;
  self->mark_at = g_get_monotonic_time ();
  g_clear_handle_id (&self->restart_id, g_source_remove);
  if (self->watch_id == 0)
    self->watch_id = g_timeout_add (WATCH_MS, watch_cb, self);
  start_pipeline (self);
}

/* Stops decoding (the last frame stays in the paintable). */
void
yz_stream_stop (YzStream *self)
{
  g_return_if_fail (YZ_IS_STREAM (self));

  self->wanted = FALSE;
  g_clear_handle_id (&self->restart_id, g_source_remove);
  g_clear_handle_id (&self->watch_id, g_source_remove);
  teardown (self);
  set_state (self, YZ_STREAM_IDLE, YZ_STREAM_PROBLEM_NONE, NULL);
}

YzStreamState
yz_stream_get_state (YzStream *self)
{
  return self->state;
}

YzStreamProblem
yz_stream_get_problem (YzStream *self)
{
  return self->problem;
}

/* Why the stream is not playing, in words for the tile; %NULL while it plays. */
const char *
yz_stream_get_message (YzStream *self)
{
  return self->message;
}

YzStreamPaintable *
yz_stream_get_paintable (YzStream *self)
{
  return self->paintable;
}

void
yz_stream_get_stats (YzStream *self, YzStreamStats *stats)
{
  g_return_if_fail (YZ_IS_STREAM (self));

  memset (stats, 0, sizeof *stats);
  stats->fps = self->fps;
  stats->kbps = self->kbps;
  stats->dropped = yz_stream_paintable_get_n_replaced (self->paintable);
  g_mutex_lock (&self->lock);
  stats->frames = self->frames;
  stats->width = self->src_width;
  stats->height = self->src_height;
  g_strlcpy (stats->codec, self->codec, sizeof stats->codec);
  g_mutex_unlock (&self->lock);
}

/**
 * yz_stream_set_persistent:
 *
 * For a camera the gateway knows: a stream it does not have now is a camera that is not
 * back yet, so keep trying (a typed URL that is not found fails after three tries).
 */
void
yz_stream_set_persistent (YzStream *self, gboolean persistent)
{
  self->persistent = persistent;
}
