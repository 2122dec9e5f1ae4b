/* yz-event-stream.c
 *
 * Follows the gateway's event WebSocket (docs/protocol.md, section 5) and never gives up:
 * any drop, error or silence longer than the timeout reconnects with exponential backoff and
 * jitter (capped), resuming with after=<last seq>; events at or below the last seq are
 * dropped as duplicates; malformed frames and unknown types are counted and skipped, never
 * fatal. "resync-required" is passed on, and the stream waits for its owner to reload state
 * and call yz_event_stream_start() again with the state's seq.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "yz-event-stream"

#include "config.h"

#include <sys/socket.h>

#include "yz-event-stream.h"

#define DEFAULT_SILENCE_MS   15000
#define DEFAULT_MAX_BACKOFF  30000
#define FIRST_BACKOFF        500

struct _YzEventStream
{
  GObject                  parent_instance;

  SoupSession             *session;
  char                    *base_url;
  char                    *token;
  GCancellable            *cancellable;
  SoupWebsocketConnection *conn;

  YzConnectionState        state;
  gint64                   last_seq;
  gboolean                 running;
  gboolean                 waiting_for_resync;

  guint                    silence_ms;
  guint                    max_backoff_ms;
  guint                    backoff_ms;
  guint                    reconnect_id;
  guint                    silence_id;

  guint                    n_malformed;
  guint                    n_unknown;
  guint                    n_duplicates;
  guint                    n_connects;
};

G_DEFINE_FINAL_TYPE (YzEventStream, yz_event_stream, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_STATE,
  PROP_LAST_SEQ,
  N_PROPS
};

enum {
  EVENT,
  RESYNC_REQUIRED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void connect_now (YzEventStream *self);

static void
set_state (YzEventStream     *self,
           YzConnectionState  state)
{
  if (self->state == state)
    return;

  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

static void
drop_connection (YzEventStream *self)
{
  g_clear_handle_id (&self->silence_id, g_source_remove);
  if (self->conn != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->conn, self);
      if (soup_websocket_connection_get_state (self->conn) == SOUP_WEBSOCKET_STATE_OPEN)
        soup_websocket_connection_close (self->conn, SOUP_WEBSOCKET_CLOSE_NORMAL, NULL);
      g_clear_object (&self->conn);
    }
}

static gboolean
reconnect_cb (gpointer user_data)
{
  YzEventStream *self = user_data;

  self->reconnect_id = 0;
  connect_now (self);

  return G_SOURCE_REMOVE;
}

static void
schedule_reconnect (YzEventStream *self)
{
  guint delay;

  drop_connection (self);
  set_state (self, YZ_CONNECTION_DISCONNECTED);
  if (!self->running || self->waiting_for_resync || self->reconnect_id != 0)
    return;

  /* Exponential backoff with jitter, so a hundred consoles do not return in step. */
  delay = g_random_int_range (self->backoff_ms / 2, self->backoff_ms + 1);
  self->backoff_ms = MIN (self->backoff_ms * 2, self->max_backoff_ms);
  g_debug ("Reconnecting in %u ms (after=%" G_GINT64_FORMAT ")", delay, self->last_seq);
  self->reconnect_id = g_timeout_add (delay, reconnect_cb, self);
}

static gboolean
silence_cb (gpointer user_data)
{
  YzEventStream *self = user_data;

  self->silence_id = 0;
  g_message ("No message from the gateway for %u ms: treating the link as dropped", self->silence_ms);
  schedule_reconnect (self);

  return G_SOURCE_REMOVE;
}

static void
heard_from_gateway (YzEventStream *self)
{
  g_clear_handle_id (&self->silence_id, g_source_remove);
  self->silence_id = g_timeout_add (self->silence_ms, silence_cb, self);
}

static void
message_cb (SoupWebsocketConnection *conn,
            int                      type,
            GBytes                  *message,
            YzEventStream           *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(YzEvent) event = NULL;
  gsize length = 0;
  const char *data = g_bytes_get_data (message, &length);
  gint64 seq = 0;

  heard_from_gateway (self);

  event = yz_event_parse (data, length, &seq, &error);
  if (event == NULL)
    {
      if (g_error_matches (error, YZ_EVENT_ERROR, YZ_EVENT_ERROR_UNKNOWN_TYPE))
        {
          /* Well-formed and numbered: skip it, but its seq is spent. */
          self->n_unknown++;
          if (seq > self->last_seq)
            self->last_seq = seq;
          if (self->n_unknown == 1)
            g_message ("Skipping events of unknown types (first at seq %" G_GINT64_FORMAT "): %s", seq, error->message);
        }
      else
        {
          self->n_malformed++;
          g_message ("Skipped a malformed event (seq %" G_GINT64_FORMAT ", %u so far): %s",
                     seq, self->n_malformed, error->message);
        }
      return;
    }

  switch (event->type)
    {
    case YZ_EVENT_HELLO:
      self->backoff_ms = FIRST_BACKOFF;
      set_state (self, YZ_CONNECTION_CONNECTED);
      return;

    case YZ_EVENT_RESYNC_REQUIRED:
      g_message ("The gateway no longer holds events after %" G_GINT64_FORMAT ": reloading state",
                 self->last_seq);
      self->waiting_for_resync = TRUE;
      drop_connection (self);
      set_state (self, YZ_CONNECTION_CONNECTING);
      g_signal_emit (self, signals[RESYNC_REQUIRED], 0);
      return;

    case YZ_EVENT_HEARTBEAT:
    case YZ_EVENT_STATION_STATUS:
    case YZ_EVENT_DOOR_STATE:
    case YZ_EVENT_DOOR_COMMAND_RESULT:
    case YZ_EVENT_ENTRY:
    case YZ_EVENT_ALARM_RAISED:
    case YZ_EVENT_ALARM_UPDATED:
    case YZ_EVENT_STOCK_LEVEL:
    case YZ_EVENT_DEVICE_STATE:
    case YZ_EVENT_CAMERA_STATUS:
    default:
      break;
    }

  if (event->seq <= self->last_seq)
    {
      self->n_duplicates++;
      return;
    }

  self->last_seq = event->seq;
  g_signal_emit (self, signals[EVENT], 0, event);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAST_SEQ]);
}

static void
closed_cb (SoupWebsocketConnection *conn,
           YzEventStream           *self)
{
  if (self->waiting_for_resync)
    return;
  g_debug ("The event stream closed (%u)", soup_websocket_connection_get_close_code (conn));
  schedule_reconnect (self);
}

static void
error_cb (SoupWebsocketConnection *conn,
          GError                  *error,
          YzEventStream           *self)
{
  g_debug ("Event stream error: %s", error->message);
}

static void
connect_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  YzEventStream *self = user_data;
  g_autoptr(GError) error = NULL;
  SoupWebsocketConnection *conn;

  conn = soup_session_websocket_connect_finish (SOUP_SESSION (object), result, &error);
  if (conn == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_debug ("Cannot open the event stream: %s", error->message);
          schedule_reconnect (self);
        }
      g_object_unref (self);
      return;
    }

  self->conn = conn;
  self->n_connects++;
  /* A replay burst can exceed libsoup's default 128 KiB per message only in pathological
   * cases; frames are single events, but do not let a large one kill the link. */
  soup_websocket_connection_set_max_incoming_payload_size (conn, 1024 * 1024);
  /* libsoup reads a socket until it is empty in one main-loop dispatch: a small receive
   * buffer bounds how long a replay burst can hold the main loop at a time. */
  {
    GIOStream *io = soup_websocket_connection_get_io_stream (conn);
    GIOStream *base = io;

    if (G_IS_TLS_CONNECTION (io))
      g_object_get (io, "base-io-stream", &base, NULL);
    else
      g_object_ref (base);
    if (G_IS_SOCKET_CONNECTION (base))
      g_socket_set_option (g_socket_connection_get_socket (G_SOCKET_CONNECTION (base)),
                           SOL_SOCKET, SO_RCVBUF, 64 * 1024, NULL);
    g_object_unref (base);
  }
  g_signal_connect (conn, "message", G_CALLBACK (message_cb), self);
  g_signal_connect (conn, "closed", G_CALLBACK (closed_cb), self);
  g_signal_connect (conn, "error", G_CALLBACK (error_cb), self);
  heard_from_gateway (self);
  g_object_unref (self);
}

static void
connect_now (YzEventStream *self)
{
  g_autofree char *url = NULL;
  g_autofree char *header = NULL;
  g_autoptr(SoupMessage) msg = NULL;

  if (!self->running)
    return;

  url = self->last_seq >= 0
        ? g_strdup_printf ("%s/api/v1/events?after=%" G_GINT64_FORMAT, self->base_url, self->last_seq)
        : g_strdup_printf ("%s/api/v1/events", self->base_url);
  msg = soup_message_new ("GET", url);
  if (msg == NULL)
    {
      g_warning ("The gateway URL %s is not usable", self->base_url);
      return;
    }
  header = g_strconcat ("Bearer ", self->token, NULL);
  soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", header);

  set_state (self, YZ_CONNECTION_CONNECTING);
  soup_session_websocket_connect_async (self->session, msg, NULL, NULL, G_PRIORITY_DEFAULT,
                                        self->cancellable, connect_cb, g_object_ref (self));
}

static void
yz_event_stream_dispose (GObject *object)
{
  YzEventStream *self = (YzEventStream *)object;

  yz_event_stream_stop (self);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (yz_event_stream_parent_class)->dispose (object);
}

static void
yz_event_stream_finalize (GObject *object)
{
  YzEventStream *self = (YzEventStream *)object;

  g_clear_object (&self->cancellable);
  g_free (self->base_url);
  g_free (self->token);

  G_OBJECT_CLASS (yz_event_stream_parent_class)->finalize (object);
}

static void
yz_event_stream_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  YzEventStream *self = YZ_EVENT_STREAM (object);

  switch (prop_id)
    {
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;

    case PROP_LAST_SEQ:
      g_value_set_int64 (value, self->last_seq);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
yz_event_stream_class_init (YzEventStreamClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = yz_event_stream_dispose;
  object_class->finalize = yz_event_stream_finalize;
  object_class->get_property = yz_event_stream_get_property;

  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL, YZ_TYPE_CONNECTION_STATE, YZ_CONNECTION_DISCONNECTED,
                       (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_LAST_SEQ] =
    g_param_spec_int64 ("last-seq", NULL, NULL, -1, G_MAXINT64, -1,
                        (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * YzEventStream::event:
   * @event: (type gpointer): a checked #YzEvent, new (seq above every earlier one);
   *   valid during emission only
   */
  signals[EVENT] = g_signal_new ("event", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                 0, NULL, NULL, NULL, G_TYPE_NONE, 1,
                                 YZ_TYPE_EVENT | G_SIGNAL_TYPE_STATIC_SCOPE);
  signals[RESYNC_REQUIRED] = g_signal_new ("resync-required", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                           0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
yz_event_stream_init (YzEventStream *self)
{
  self->last_seq = -1;
  self->silence_ms = DEFAULT_SILENCE_MS;
  self->max_backoff_ms = DEFAULT_MAX_BACKOFF;
  self->backoff_ms = FIRST_BACKOFF;
}

YzEventStream *
yz_event_stream_new (SoupSession *session,
                     const char  *base_url,
                     const char  *token)
{
  YzEventStream *self;

  g_return_val_if_fail (SOUP_IS_SESSION (session), NULL);
  g_return_val_if_fail (base_url != NULL, NULL);
  g_return_val_if_fail (token != NULL, NULL);

  self = g_object_new (YZ_TYPE_EVENT_STREAM, NULL);
  self->session = g_object_ref (session);
  self->base_url = g_strdup (base_url);
  self->token = g_strdup (token);

  return self;
}

/**
 * yz_event_stream_start:
 * @after: the last seq already stored, or -1 for live events only
 *
 * Starts following (also after "resync-required", with the seq of the reloaded state).
 */
void
yz_event_stream_start (YzEventStream *self,
                       gint64         after)
{
  g_return_if_fail (YZ_IS_EVENT_STREAM (self));

  drop_connection (self);
  g_clear_handle_id (&self->reconnect_id, g_source_remove);
  if (self->cancellable == NULL || g_cancellable_is_cancelled (self->cancellable))
    {
      g_clear_object (&self->cancellable);
      self->cancellable = g_cancellable_new ();
    }

  self->last_seq = MAX (after, -1);
  self->running = TRUE;
  self->waiting_for_resync = FALSE;
  self->backoff_ms = FIRST_BACKOFF;
  connect_now (self);
}

void
yz_event_stream_stop (YzEventStream *self)
{
  g_return_if_fail (YZ_IS_EVENT_STREAM (self));

  self->running = FALSE;
  if (self->cancellable)
    g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->reconnect_id, g_source_remove);
  drop_connection (self);
  set_state (self, YZ_CONNECTION_DISCONNECTED);
}

/* After logging in again (the old token expired): the next connection uses @token. */
void
yz_event_stream_set_token (YzEventStream *self,
                           const char    *token)
{
  g_return_if_fail (YZ_IS_EVENT_STREAM (self));

  g_free (self->token);
  self->token = g_strdup (token);
}

YzConnectionState
yz_event_stream_get_state (YzEventStream *self)
{
  g_return_val_if_fail (YZ_IS_EVENT_STREAM (self), YZ_CONNECTION_DISCONNECTED);

  return self->state;
}

gint64
yz_event_stream_get_last_seq (YzEventStream *self)
{
  g_return_val_if_fail (YZ_IS_EVENT_STREAM (self), -1);

  return self->last_seq;
}

void
yz_event_stream_set_silence_timeout (YzEventStream *self,
                                     guint          ms)
{
  g_return_if_fail (YZ_IS_EVENT_STREAM (self));

  self->silence_ms = MAX (ms, 100);
}

void
yz_event_stream_set_max_backoff (YzEventStream *self,
                                 guint          ms)
{
  g_return_if_fail (YZ_IS_EVENT_STREAM (self));

  self->max_backoff_ms = MAX (ms, FIRST_BACKOFF);
}

guint
yz_event_stream_get_n_malformed (YzEventStream *self)
{
  return self->n_malformed;
}

guint
yz_event_stream_get_n_unknown (YzEventStream *self)
{
  return self->n_unknown;
}

guint
yz_event_stream_get_n_duplicates (YzEventStream *self)
{
  return self->n_duplicates;
}

guint
yz_event_stream_get_n_connects (YzEventStream *self)
{
  return self->n_connects;
}
