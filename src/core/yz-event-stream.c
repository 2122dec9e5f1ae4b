/* yz-event-stream.c
 *
 * Follows the gateway's event WebSocket (docs/protocol.md, section 5) and never gives up:
 * any drop, error or silence longer than the timeout reconnects with exponential backoff and
 * jitter (capped), resuming with after=<last seq>; events at or below the last seq are
 * dropped as duplicates; malformed frames and unknown types are counted and skipped, never
 * fatal. "resync-required" is passed on, and the stream waits for its owner to reload state
 * and call yz_event_stream_start() again with the state's seq; a refused token (401 on the
 * handshake) stops it with "unauthorized", since retrying the same token cannot succeed.
 * A frame larger than MAX_FRAME closes the link; after TOO_BIG_TRIES such closes in a row the
 * stream stops resetting its backoff on "hello" and says so in its status, until an event
 * passes again. A sequence started again (a hello of another epoch, or a last_seq below ours)
 * and a seq more than MAX_SEQ_JUMP past the last are not taken on trust: the owner is asked
 * to resync, as on "resync-required"; such an event is neither delivered nor advanced past.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "yz-event-stream"

#include "config.h"

#include <glib/gi18n.h>
#include <sys/socket.h>

#include "yz-event-stream.h"

#define DEFAULT_SILENCE_MS 15000
#define DEFAULT_MAX_BACKOFF 30000
#define FIRST_BACKOFF 500
#define DELIVER_BUDGET_US (8 * 1000) /* main-loop time one delivery pass may take */
#define MAX_FRAME (1024 * 1024)      /* the largest frame accepted (docs/protocol.md) */
#define TOO_BIG_TRIES 3              /* oversized frames in a row before it is said */
#define DEFAULT_HANDSHAKE_MS 10000   /* the longest the WebSocket handshake may take */
#define MAX_SEQ_JUMP 10000           /* the most an event's seq may pass the last (protocol.md) */

/* The link runs in a thread of its own: libsoup reads a WebSocket until the socket is
 * empty and then emits every frame in one dispatch, so a replay burst would hold the main
 * loop for as long as it lasts. The worker connects, parses and drops duplicates; the main
 * thread takes checked events from the outbox in passes of at most DELIVER_BUDGET_US.
 *
 * Every start() and stop() begins a new generation: what the worker posted for an earlier
 * one is dropped on delivery, so nothing arrives after stop(). */

typedef enum
{
  OUT_EVENT,
  OUT_STATE,
  OUT_RESYNC,
  OUT_UNAUTHORIZED,
} OutKind;

typedef struct
{
  OutKind kind;
  guint generation;
  YzEvent *event;
  YzConnectionState state;
  gint64 next_attempt; /* OUT_STATE: real time of the next try, or 0 */
  char *status;        /* OUT_STATE: what is wrong, or NULL */
} OutItem;

typedef struct
{
  GMutex lock;
  GQueue items;    /* OutItem, oldest first */
  GSource *source; /* on the main context; readied by the worker */
} Outbox;

/* Touched only in the worker thread, except where noted. */
typedef struct
{
  GMainContext *context; /* set before the thread starts */
  GMainLoop *loop;
  Outbox *outbox;

  SoupSession *session;
  char *base_url;
  char *token;
  GCancellable *cancellable;
  SoupWebsocketConnection *conn;
  GSource *reconnect;
  gint64 reconnect_at; /* real time the pending reconnect fires */
  GSource *silence;

  guint generation;
  gint64 last_seq;
  gint64 hello_last_seq; /* this link's hello's last_seq, or -1 */
  char *epoch;           /* the loaded state's epoch, or NULL */
  gboolean distrusting;  /* asked a reload for a sequence problem; no event passed since */
  gboolean running;
  gboolean waiting_for_resync;
  guint silence_ms;
  guint max_backoff_ms;
  guint handshake_ms;
  guint backoff_ms;
  guint n_too_big; /* links closed in a row by an oversized frame */
  char *status;    /* sent with every state; NULL when nothing is wrong */

  /* counters: written by the worker, read by anyone (atomics) */
  int n_malformed;
  int n_unknown;
  int n_duplicates;
  int n_connects;
  int n_refused_seqs; /* events refused for a seq too far ahead */
} Worker;

struct _YzEventStream
{
  GObject parent_instance;

  GThread *thread;
  Worker *worker;
  Outbox *outbox;

  guint generation;
  YzConnectionState state;
  gint64 next_attempt;
  char *status;
  gint64 last_seq;
  guint silence_ms; /* as last sent to the worker */
  guint max_backoff_ms;
};

G_DEFINE_FINAL_TYPE (YzEventStream, yz_event_stream, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_STATE,
  PROP_NEXT_ATTEMPT,
  PROP_LAST_SEQ,
  PROP_STATUS,
  N_PROPS
};

enum
{
  EVENT,
  RESYNC_REQUIRED,
  UNAUTHORIZED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* ---- worker → main ---- */

static void
out_item_free (OutItem *item)
{
  g_clear_pointer (&item->event, yz_event_unref);
  g_free (item->status);
  g_free (item);
}

static void
post_full (Worker *worker, OutKind kind, YzEvent *event, YzConnectionState state,
           gint64 next_attempt)
{
  OutItem *item = g_new0 (OutItem, 1);
  gboolean was_empty;

  item->kind = kind;
  item->generation = worker->generation;
  item->event = event != NULL ? yz_event_ref (event) : NULL;
  item->state = state;
  item->next_attempt = next_attempt;
  item->status = kind == OUT_STATE ? g_strdup (worker->status) : NULL;

  g_mutex_lock (&worker->outbox->lock);
  was_empty = g_queue_is_empty (&worker->outbox->items);
  g_queue_push_tail (&worker->outbox->items, item);
  if (was_empty)
    g_source_set_ready_time (worker->outbox->source, 0);
  g_mutex_unlock (&worker->outbox->lock);
}

static void
post (Worker *worker, OutKind kind, YzEvent *event, YzConnectionState state)
{
  post_full (worker, kind, event, state, 0);
}

/* A state, with when the worker will try again if it is waiting to reconnect. */
static void
post_state (Worker *worker, YzConnectionState state, gint64 next_attempt)
{
  post_full (worker, OUT_STATE, NULL, state, next_attempt);
}

static void
set_state (YzEventStream *self, YzConnectionState state, gint64 next_attempt, const char *status)
{
  if (g_strcmp0 (self->status, status) != 0)
    {
      g_free (self->status);
      self->status = g_strdup (status);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATUS]);
    }
  if (self->next_attempt != next_attempt)
    {
      self->next_attempt = next_attempt;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NEXT_ATTEMPT]);
    }
  if (self->state == state)
    return;

  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

/* Main thread: delivers what the worker posted, for at most DELIVER_BUDGET_US a pass. */
static gboolean
outbox_dispatch (gpointer user_data)
{
  YzEventStream *self = user_data;
  gint64 start = g_get_monotonic_time ();
  gint64 last_seq = self->last_seq;

  g_object_ref (self);
  for (;;)
    {
      OutItem *item;

      g_mutex_lock (&self->outbox->lock);
      item = g_queue_pop_head (&self->outbox->items);
      if (item == NULL)
        g_source_set_ready_time (self->outbox->source, -1);
      g_mutex_unlock (&self->outbox->lock);
      if (item == NULL)
        break;

      if (item->generation == self->generation)
        {
          switch (item->kind)
            {
            case OUT_EVENT:
              self->last_seq = item->event->seq;
              g_signal_emit (self, signals[EVENT], 0, item->event);
              break;
            case OUT_STATE:
              set_state (self, item->state, item->next_attempt, item->status);
              break;
            case OUT_RESYNC:
              g_signal_emit (self, signals[RESYNC_REQUIRED], 0);
              break;
            case OUT_UNAUTHORIZED:
              g_signal_emit (self, signals[UNAUTHORIZED], 0);
              break;
            default:
              g_assert_not_reached ();
            }
        }
      out_item_free (item);

      if (g_get_monotonic_time () - start > DELIVER_BUDGET_US)
        break; /* the rest in the next pass: the source stays ready */
    }
  if (self->last_seq != last_seq)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAST_SEQ]);
  g_object_unref (self);

  return G_SOURCE_CONTINUE;
}

static gboolean
outbox_source_dispatch (GSource *source, GSourceFunc callback, gpointer user_data)
{
  return callback (user_data);
}

static GSourceFuncs outbox_source_funcs = {
  .dispatch = outbox_source_dispatch,
};

/* ---- the worker ---- */

static void connect_now (Worker *worker);

static void
clear_source (GSource **source)
{
  if (*source != NULL)
    {
      g_source_destroy (*source);
      g_clear_pointer (source, g_source_unref);
    }
}

static GSource *
add_timeout (Worker *worker, guint ms, GSourceFunc func)
{
  GSource *source = g_timeout_source_new (ms);

  g_source_set_callback (source, func, worker, NULL);
  g_source_attach (source, worker->context);

  return source;
}

static void
drop_connection (Worker *worker)
{
  worker->hello_last_seq = -1;
  clear_source (&worker->silence);
  if (worker->conn != NULL)
    {
      g_signal_handlers_disconnect_by_data (worker->conn, worker);
      if (soup_websocket_connection_get_state (worker->conn) == SOUP_WEBSOCKET_STATE_OPEN)
        soup_websocket_connection_close (worker->conn, SOUP_WEBSOCKET_CLOSE_NORMAL, NULL);
      g_clear_object (&worker->conn);
    }
}

static gboolean
reconnect_cb (gpointer user_data)
{
  Worker *worker = user_data;

  g_clear_pointer (&worker->reconnect, g_source_unref);
  connect_now (worker);

  return G_SOURCE_REMOVE;
}

static void
schedule_reconnect (Worker *worker)
{
  guint delay;

  drop_connection (worker);
  if (!worker->running || worker->waiting_for_resync || worker->reconnect != NULL)
    {
      /* A try already waiting keeps its time: the banner counts down to it. */
      post_state (worker, YZ_CONNECTION_DISCONNECTED,
                  worker->running && worker->reconnect != NULL ? worker->reconnect_at : 0);
      return;
    }

  /* Exponential backoff with jitter, so a hundred consoles do not return in step. */
  delay = g_random_int_range (worker->backoff_ms / 2, worker->backoff_ms + 1);
  worker->backoff_ms = MIN (worker->backoff_ms * 2, worker->max_backoff_ms);
  g_debug ("Reconnecting in %u ms (after=%" G_GINT64_FORMAT ")", delay, worker->last_seq);
  worker->reconnect = add_timeout (worker, delay, reconnect_cb);
  worker->reconnect_at = g_get_real_time () + (gint64)delay * 1000;
  if (worker->n_too_big >= TOO_BIG_TRIES)
    {
      g_autofree char *seq = g_strdup_printf ("%" G_GINT64_FORMAT, worker->last_seq);

      g_free (worker->status);
      /* Translators: %s is the number of the last event received */
      worker->status = g_strdup_printf (
          _("The gateway sends an event too large to accept (after seq %s); trying again less "
             "often"),
          seq);
    }
  post_state (worker, YZ_CONNECTION_DISCONNECTED, worker->reconnect_at);
}

static gboolean
silence_cb (gpointer user_data)
{
  Worker *worker = user_data;

  g_clear_pointer (&worker->silence, g_source_unref);
  g_message ("No message from the gateway for %u ms: treating the link as dropped",
             worker->silence_ms);
  schedule_reconnect (worker);

  return G_SOURCE_REMOVE;
}

static void
heard_from_gateway (Worker *worker)
{
  /* Cheaper than a new source per message: push the deadline back. */
  if (worker->silence != NULL)
    g_source_set_ready_time (worker->silence,
                             g_get_monotonic_time () + (gint64)worker->silence_ms * 1000);
  else
    worker->silence = add_timeout (worker, worker->silence_ms, silence_cb);
}

/* Stops following until the owner has reloaded the state and started again. */
static void
ask_resync (Worker *worker)
{
  worker->waiting_for_resync = TRUE;
  drop_connection (worker);
  post (worker, OUT_STATE, NULL, YZ_CONNECTION_CONNECTING);
  post (worker, OUT_RESYNC, NULL, 0);
}

/* A reload for a sequence problem, once: a gateway whose state and stream still disagree
 * after it (no event has passed since) would have it reload for ever. */
static gboolean
resync_for_sequence (Worker *worker)
{
  if (worker->distrusting)
    return FALSE;
  worker->distrusting = TRUE;
  ask_resync (worker);
  return TRUE;
}

/* A seq far past the last one seen (or, following live only, past hello's last_seq) is not
 * taken on trust: it would hold every later event below it as a "duplicate". */
static gboolean
refuse_far_seq (Worker *worker, gint64 seq)
{
  gint64 base = worker->last_seq >= 0 ? worker->last_seq : worker->hello_last_seq;

  if (base < 0 || seq - base <= MAX_SEQ_JUMP)
    return FALSE;
  g_message ("Refused an event of seq %" G_GINT64_FORMAT
             ", more than %d past the last (%" G_GINT64_FORMAT "; %d so far)%s",
             seq, MAX_SEQ_JUMP, base, g_atomic_int_add (&worker->n_refused_seqs, 1) + 1,
             worker->distrusting ? "" : ": reloading state");
  resync_for_sequence (worker);
  return TRUE;
}

/* A hello that shows the sequence started again: another epoch than the state's, or a last
 * seq below the one this console stored (a gateway restored from an older backup). */
static gboolean
sequence_restarted (Worker *worker, const YzEvent *hello)
{
  if (worker->epoch != NULL && hello->epoch != NULL && !g_str_equal (worker->epoch, hello->epoch))
    g_message ("The gateway's sequence is new (epoch %s, was %s): reloading state", hello->epoch,
               worker->epoch);
  else if (hello->last_seq < worker->last_seq)
    g_message ("The gateway's last seq %" G_GINT64_FORMAT
               " is below the last stored (%" G_GINT64_FORMAT
               "): its sequence started again; reloading state",
               hello->last_seq, worker->last_seq);
  else
    return FALSE;
  if (resync_for_sequence (worker))
    return TRUE;
  g_message ("The gateway's stream still disagrees with its state: following it as it is");
  return FALSE;
}

static void
message_cb (SoupWebsocketConnection *conn, int type, GBytes *message, Worker *worker)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(YzEvent) event = NULL;
  gsize length = 0;
  const char *data = g_bytes_get_data (message, &length);
  gint64 seq = 0;

  heard_from_gateway (worker);

  event = yz_event_parse (data, length, &seq, &error);
  if (event == NULL)
    {
      if (g_error_matches (error, YZ_EVENT_ERROR, YZ_EVENT_ERROR_UNKNOWN_TYPE))
        {
          /* Well-formed and numbered: skip it, but its seq is spent. */
          if (g_atomic_int_add (&worker->n_unknown, 1) == 0)
            g_message ("Skipping events of unknown types (first at seq %" G_GINT64_FORMAT "): %s",
                       seq, error->message);
          if (seq > worker->last_seq && !refuse_far_seq (worker, seq))
            worker->last_seq = seq;
        }
      else
        {
          g_message ("Skipped a malformed event (seq %" G_GINT64_FORMAT ", %d so far): %s", seq,
                     g_atomic_int_add (&worker->n_malformed, 1) + 1, error->message);
        }
      return;
    }

  switch (event->type)
    {
    case YZ_EVENT_HELLO:
      if (sequence_restarted (worker, event))
        return;
      worker->hello_last_seq = event->last_seq;
      /* After oversized frames the link is not working until an event passes again: the
       * backoff keeps growing, and past TOO_BIG_TRIES it is not called connected. */
      if (worker->n_too_big == 0)
        worker->backoff_ms = FIRST_BACKOFF;
      if (worker->n_too_big < TOO_BIG_TRIES)
        post (worker, OUT_STATE, NULL, YZ_CONNECTION_CONNECTED);
      return;

    case YZ_EVENT_RESYNC_REQUIRED:
      g_message ("The gateway no longer holds events after %" G_GINT64_FORMAT ": reloading state",
                 worker->last_seq);
      ask_resync (worker);
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

  if (event->seq <= worker->last_seq)
    {
      g_atomic_int_inc (&worker->n_duplicates);
      return;
    }
  if (refuse_far_seq (worker, event->seq))
    return;

  worker->last_seq = event->seq;
  if (worker->n_too_big > 0)
    {
      g_message ("An event passes again after %u oversized frames", worker->n_too_big);
      worker->n_too_big = 0;
      worker->backoff_ms = FIRST_BACKOFF;
      g_clear_pointer (&worker->status, g_free);
      post (worker, OUT_STATE, NULL, YZ_CONNECTION_CONNECTED);
    }
  worker->distrusting = FALSE;
  post (worker, OUT_EVENT, event, 0);
}

static void
closed_cb (SoupWebsocketConnection *conn, Worker *worker)
{
  if (worker->waiting_for_resync)
    return;
  g_debug ("The event stream closed (%u)", soup_websocket_connection_get_close_code (conn));
  schedule_reconnect (worker);
}

static void
error_cb (SoupWebsocketConnection *conn, GError *error, Worker *worker)
{
  if (g_error_matches (error, SOUP_WEBSOCKET_ERROR, SOUP_WEBSOCKET_CLOSE_TOO_BIG))
    {
      /* libsoup closes the link; the next one resumes at the same seq and meets it again. */
      worker->n_too_big++;
      g_message ("The gateway sent a frame over %d bytes after seq %" G_GINT64_FORMAT
                 " (%u in a row): dropped the link",
                 MAX_FRAME, worker->last_seq, worker->n_too_big);
      return;
    }
  g_debug ("Event stream error: %s", error->message);
}

/* One handshake: it has a deadline of its own (a gateway answering a byte at a time would
 * hold it for ever), and is cancelled with the worker's cancellable too. */
typedef struct
{
  Worker *worker;
  SoupMessage *msg;
  guint generation;
  GCancellable *cancel;
  GCancellable *parent;
  gulong parent_handler;
  GSource *deadline;
  gboolean timed_out;
} Connecting;

static gboolean
handshake_deadline_cb (gpointer user_data)
{
  Connecting *connecting = user_data;

  g_clear_pointer (&connecting->deadline, g_source_unref);
  connecting->timed_out = TRUE;
  g_cancellable_cancel (connecting->cancel);
  return G_SOURCE_REMOVE;
}

static void
parent_cancelled_cb (GCancellable *parent, GCancellable *cancel)
{
  g_cancellable_cancel (cancel);
}

static void
connect_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  Connecting *connecting = user_data;
  Worker *worker = connecting->worker;
  g_autoptr(SoupMessage) msg = connecting->msg;
  g_autoptr(GError) error = NULL;
  SoupWebsocketConnection *conn;
  guint generation = connecting->generation;
  gboolean timed_out = connecting->timed_out;

  clear_source (&connecting->deadline);
  g_cancellable_disconnect (connecting->parent, connecting->parent_handler);
  g_object_unref (connecting->parent);
  g_object_unref (connecting->cancel);
  g_free (connecting);
  conn = soup_session_websocket_connect_finish (SOUP_SESSION (object), result, &error);
  if (conn == NULL)
    {
      if (timed_out && generation == worker->generation && worker->running)
        {
          g_message ("The event stream's handshake took longer than %u ms: trying again",
                     worker->handshake_ms);
          schedule_reconnect (worker);
          return;
        }
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
          generation != worker->generation)
        return;
      if (soup_message_get_status (msg) == SOUP_STATUS_UNAUTHORIZED)
        {
          /* The token expired: retrying with it is useless; the owner logs in again and
           * calls start() with a new one. */
          g_message ("The gateway refused the event stream's token: log in again");
          worker->running = FALSE;
          post (worker, OUT_STATE, NULL, YZ_CONNECTION_DISCONNECTED);
          post (worker, OUT_UNAUTHORIZED, NULL, 0);
          return;
        }
      g_debug ("Cannot open the event stream: %s", error->message);
      schedule_reconnect (worker);
      return;
    }
  if (generation != worker->generation || !worker->running)
    {
      soup_websocket_connection_close (conn, SOUP_WEBSOCKET_CLOSE_NORMAL, NULL);
      g_object_unref (conn);
      return;
    }

  worker->conn = conn;
  g_atomic_int_inc (&worker->n_connects);
  /* Frames are single events, but do not let a large one kill the link. */
  soup_websocket_connection_set_max_incoming_payload_size (conn, MAX_FRAME);
  /* libsoup reads the socket until it is empty before it emits any message: a small
   * receive buffer keeps its buffer, and its work per frame, small during a burst. */
  {
    GIOStream *io = soup_websocket_connection_get_io_stream (conn);
    GIOStream *base = io;

    if (G_IS_TLS_CONNECTION (io))
      g_object_get (io, "base-io-stream", &base, NULL);
    else
      g_object_ref (base);
    if (G_IS_SOCKET_CONNECTION (base))
      g_socket_set_option (g_socket_connection_get_socket (G_SOCKET_CONNECTION (base)), SOL_SOCKET,
                           SO_RCVBUF, 64 * 1024, NULL);
    g_object_unref (base);
  }
  g_signal_connect (conn, "message", G_CALLBACK (message_cb), worker);
  g_signal_connect (conn, "closed", G_CALLBACK (closed_cb), worker);
  g_signal_connect (conn, "error", G_CALLBACK (error_cb), worker);
  heard_from_gateway (worker);
}

static void
connect_now (Worker *worker)
{
  g_autofree char *url = NULL;
  g_autofree char *header = NULL;
  SoupMessage *msg;
  Connecting *connecting;

  if (!worker->running)
    return;

  url = worker->last_seq >= 0 ? g_strdup_printf ("%s/api/v1/events?after=%" G_GINT64_FORMAT,
                                                 worker->base_url, worker->last_seq)
                              : g_strdup_printf ("%s/api/v1/events", worker->base_url);
  msg = soup_message_new ("GET", url);
  if (msg == NULL)
    {
      g_warning ("The gateway URL %s is not usable", worker->base_url);
      return;
    }
  soup_message_add_flags (msg, SOUP_MESSAGE_NO_REDIRECT);
  header = g_strconcat ("Bearer ", worker->token, NULL);
  soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", header);

  post (worker, OUT_STATE, NULL, YZ_CONNECTION_CONNECTING);
  connecting = g_new0 (Connecting, 1);
  connecting->worker = worker;
  connecting->msg = msg;
  connecting->generation = worker->generation;
  connecting->cancel = g_cancellable_new ();
  connecting->parent = g_object_ref (worker->cancellable);
  connecting->parent_handler =
      g_cancellable_connect (worker->cancellable, G_CALLBACK (parent_cancelled_cb),
                             g_object_ref (connecting->cancel), g_object_unref);
  connecting->deadline = g_timeout_source_new (worker->handshake_ms);
  g_source_set_callback (connecting->deadline, handshake_deadline_cb, connecting, NULL);
  g_source_attach (connecting->deadline, worker->context);
  soup_session_websocket_connect_async (worker->session, msg, NULL, NULL, G_PRIORITY_DEFAULT,
                                        connecting->cancel, connect_cb, connecting);
}

static void
worker_stop (Worker *worker)
{
  worker->running = FALSE;
  g_cancellable_cancel (worker->cancellable);
  g_clear_object (&worker->cancellable);
  clear_source (&worker->reconnect);
  drop_connection (worker);
}

/* Commands from the main thread, run in the worker in the order they were sent. */
typedef enum
{
  CMD_START,
  CMD_STOP,
  CMD_TOKEN,
  CMD_EPOCH,
  CMD_TIMING,
  CMD_HANDSHAKE_TIMING,
  CMD_RECONNECT,
  CMD_QUIT,
} CmdKind;

typedef struct
{
  Worker *worker;
  CmdKind kind;
  guint generation;
  gint64 after;
  char *token;
  guint silence_ms;
  guint max_backoff_ms;
  guint handshake_ms;
} Cmd;

static void
cmd_free (Cmd *cmd)
{
  g_free (cmd->token);
  g_free (cmd);
}

static gboolean
cmd_run (gpointer user_data)
{
  Cmd *cmd = user_data;
  Worker *worker = cmd->worker;

  switch (cmd->kind)
    {
    case CMD_START:
      worker_stop (worker);
      worker->generation = cmd->generation;
      worker->cancellable = g_cancellable_new ();
      worker->last_seq = MAX (cmd->after, -1);
      worker->running = TRUE;
      worker->waiting_for_resync = FALSE;
      worker->backoff_ms = FIRST_BACKOFF;
      worker->n_too_big = 0;
      g_clear_pointer (&worker->status, g_free);
      connect_now (worker);
      break;

    case CMD_STOP:
      worker->generation = cmd->generation;
      worker_stop (worker);
      break;

    case CMD_TOKEN:
      g_free (worker->token);
      worker->token = g_steal_pointer (&cmd->token);
      break;

    case CMD_EPOCH:
      g_free (worker->epoch);
      worker->epoch = g_steal_pointer (&cmd->token);
      break;

    case CMD_TIMING:
      worker->silence_ms = cmd->silence_ms;
      worker->max_backoff_ms = cmd->max_backoff_ms;
      break;

    case CMD_HANDSHAKE_TIMING:
      worker->handshake_ms = cmd->handshake_ms;
      break;

    case CMD_RECONNECT:
      /* Only while waiting to reconnect: a link that is up or being set up stays as it is. */
      if (worker->running && worker->reconnect != NULL)
        {
          clear_source (&worker->reconnect);
          worker->backoff_ms = FIRST_BACKOFF;
          connect_now (worker);
        }
      break;

    case CMD_QUIT:
      worker_stop (worker);
      g_main_loop_quit (worker->loop);
      break;

    default:
      g_assert_not_reached ();
    }

  return G_SOURCE_REMOVE;
}

static void
send_cmd (YzEventStream *self, Cmd *cmd)
{
  cmd->worker = self->worker;
  g_main_context_invoke_full (self->worker->context, G_PRIORITY_DEFAULT, cmd_run, cmd,
                              (GDestroyNotify)cmd_free);
}

static gpointer
worker_main (gpointer user_data)
{
  Worker *worker = user_data;

  g_main_context_push_thread_default (worker->context);
  g_main_loop_run (worker->loop);
  /* Let cancelled operations finish in this context before it goes. */
  while (g_main_context_pending (worker->context))
    g_main_context_iteration (worker->context, FALSE);
  g_main_context_pop_thread_default (worker->context);

  return NULL;
}

static void
yz_event_stream_dispose (GObject *object)
{
  YzEventStream *self = (YzEventStream *)object;

  if (self->thread != NULL)
    {
      Cmd *cmd = g_new0 (Cmd, 1);

      cmd->kind = CMD_QUIT;
      send_cmd (self, cmd);
      g_thread_join (g_steal_pointer (&self->thread));
    }
  if (self->outbox != NULL && self->outbox->source != NULL)
    {
      g_source_destroy (self->outbox->source);
      g_clear_pointer (&self->outbox->source, g_source_unref);
    }

  G_OBJECT_CLASS (yz_event_stream_parent_class)->dispose (object);
}

static void
yz_event_stream_finalize (GObject *object)
{
  YzEventStream *self = (YzEventStream *)object;
  Worker *worker = self->worker;

  g_clear_object (&worker->session);
  g_free (worker->base_url);
  g_free (worker->token);
  g_free (worker->epoch);
  g_free (worker->status);
  g_main_loop_unref (worker->loop);
  g_main_context_unref (worker->context);
  g_free (worker);

  g_queue_clear_full (&self->outbox->items, (GDestroyNotify)out_item_free);
  g_mutex_clear (&self->outbox->lock);
  g_free (self->outbox);
  g_free (self->status);

  G_OBJECT_CLASS (yz_event_stream_parent_class)->finalize (object);
}

static void
yz_event_stream_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  YzEventStream *self = YZ_EVENT_STREAM (object);

  switch (prop_id)
    {
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;

    case PROP_NEXT_ATTEMPT:
      g_value_set_int64 (value, self->next_attempt);
      break;

    case PROP_LAST_SEQ:
      g_value_set_int64 (value, self->last_seq);
      break;

    case PROP_STATUS:
      g_value_set_string (value, self->status);
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
  /* The real time (µs) of the next try while waiting to reconnect, else 0. */
  properties[PROP_NEXT_ATTEMPT] =
      g_param_spec_int64 ("next-attempt", NULL, NULL, 0, G_MAXINT64, 0,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_LAST_SEQ] =
      g_param_spec_int64 ("last-seq", NULL, NULL, -1, G_MAXINT64, -1,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  /* What keeps the stream from working, for people (the gateway sends a frame too large to
   * accept), or NULL. */
  properties[PROP_STATUS] =
      g_param_spec_string ("status", NULL, NULL, NULL,
                           (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * YzEventStream::event:
   * @event: (type gpointer): a checked #YzEvent, new (seq above every earlier one);
   *   valid during emission only
   */
  signals[EVENT] =
      g_signal_new ("event", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                    G_TYPE_NONE, 1, YZ_TYPE_EVENT | G_SIGNAL_TYPE_STATIC_SCOPE);
  signals[RESYNC_REQUIRED] = g_signal_new ("resync-required", G_TYPE_FROM_CLASS (klass),
                                           G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  /**
   * YzEventStream::unauthorized:
   *
   * The gateway refused the token: the stream has stopped; log in again and start it.
   */
  signals[UNAUTHORIZED] = g_signal_new ("unauthorized", G_TYPE_FROM_CLASS (klass),
                                        G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
yz_event_stream_init (YzEventStream *self)
{
  self->last_seq = -1;
  self->silence_ms = DEFAULT_SILENCE_MS;
  self->max_backoff_ms = DEFAULT_MAX_BACKOFF;

  self->outbox = g_new0 (Outbox, 1);
  g_mutex_init (&self->outbox->lock);
  g_queue_init (&self->outbox->items);
  self->outbox->source = g_source_new (&outbox_source_funcs, sizeof (GSource));
  g_source_set_name (self->outbox->source, "[yizhan] event stream delivery");
  /* Below GTK's layout and drawing, so a burst never starves the frame clock. */
  g_source_set_priority (self->outbox->source, G_PRIORITY_DEFAULT_IDLE);
  g_source_set_callback (self->outbox->source, outbox_dispatch, self, NULL);
  g_source_set_ready_time (self->outbox->source, -1);
  g_source_attach (self->outbox->source, g_main_context_get_thread_default ());

  self->worker = g_new0 (Worker, 1);
  self->worker->outbox = self->outbox;
  self->worker->last_seq = -1;
  self->worker->hello_last_seq = -1;
  self->worker->silence_ms = DEFAULT_SILENCE_MS;
  self->worker->max_backoff_ms = DEFAULT_MAX_BACKOFF;
  self->worker->backoff_ms = FIRST_BACKOFF;
  self->worker->handshake_ms = DEFAULT_HANDSHAKE_MS;
  self->worker->context = g_main_context_new ();
  self->worker->loop = g_main_loop_new (self->worker->context, FALSE);
}

YzEventStream *
yz_event_stream_new (SoupSession *session, const char *base_url, const char *token)
{
  YzEventStream *self;

  g_return_val_if_fail (SOUP_IS_SESSION (session), NULL);
  g_return_val_if_fail (base_url != NULL, NULL);
  g_return_val_if_fail (token != NULL, NULL);

  self = g_object_new (YZ_TYPE_EVENT_STREAM, NULL);
  /* Set before the thread starts; the worker alone uses them from then on. */
  self->worker->session = g_object_ref (session);
  self->worker->base_url = g_strdup (base_url);
  self->worker->token = g_strdup (token);
  self->thread = g_thread_new ("yz-event-stream", worker_main, self->worker);

  return self;
}

/**
 * yz_event_stream_start:
 * @after: the last seq already stored, or -1 for live events only
 *
 * Starts following (also after "resync-required" or "unauthorized", with the seq of what
 * is stored).
 */
void
yz_event_stream_start (YzEventStream *self, gint64 after)
{
  Cmd *cmd;

  g_return_if_fail (YZ_IS_EVENT_STREAM (self));

  cmd = g_new0 (Cmd, 1);
  cmd->kind = CMD_START;
  cmd->generation = ++self->generation;
  cmd->after = after;
  send_cmd (self, cmd);

  if (self->last_seq != MAX (after, -1))
    {
      self->last_seq = MAX (after, -1);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAST_SEQ]);
    }
  set_state (self, YZ_CONNECTION_CONNECTING, 0, NULL);
}

/**
 * yz_event_stream_reconnect_now:
 *
 * While waiting to reconnect (after a drop), tries at once and starts the backoff afresh;
 * otherwise does nothing.
 */
void
yz_event_stream_reconnect_now (YzEventStream *self)
{
  Cmd *cmd;

  g_return_if_fail (YZ_IS_EVENT_STREAM (self));

  cmd = g_new0 (Cmd, 1);
  cmd->kind = CMD_RECONNECT;
  send_cmd (self, cmd);
}

/* The real time (µs) of the next try while waiting to reconnect, else 0. */
gint64
yz_event_stream_get_next_attempt (YzEventStream *self)
{
  g_return_val_if_fail (YZ_IS_EVENT_STREAM (self), 0);

  return self->next_attempt;
}

/* Stops at once: nothing the worker had already read is delivered after this. */
void
yz_event_stream_stop (YzEventStream *self)
{
  Cmd *cmd;

  g_return_if_fail (YZ_IS_EVENT_STREAM (self));

  cmd = g_new0 (Cmd, 1);
  cmd->kind = CMD_STOP;
  cmd->generation = ++self->generation;
  send_cmd (self, cmd);
  set_state (self, YZ_CONNECTION_DISCONNECTED, 0, NULL);
}

/* After logging in again (the old token expired): the next connection uses @token. */
void
yz_event_stream_set_token (YzEventStream *self, const char *token)
{
  Cmd *cmd;

  g_return_if_fail (YZ_IS_EVENT_STREAM (self));
  g_return_if_fail (token != NULL);

  cmd = g_new0 (Cmd, 1);
  cmd->kind = CMD_TOKEN;
  cmd->token = g_strdup (token);
  send_cmd (self, cmd);
}

/* The loaded state's epoch (or NULL), for the next start(): a hello of another is a new
 * sequence. */
void
yz_event_stream_set_epoch (YzEventStream *self, const char *epoch)
{
  Cmd *cmd;

  g_return_if_fail (YZ_IS_EVENT_STREAM (self));

  cmd = g_new0 (Cmd, 1);
  cmd->kind = CMD_EPOCH;
  cmd->token = g_strdup (epoch); /* the command's one text */
  send_cmd (self, cmd);
}

YzConnectionState
yz_event_stream_get_state (YzEventStream *self)
{
  g_return_val_if_fail (YZ_IS_EVENT_STREAM (self), YZ_CONNECTION_DISCONNECTED);

  return self->state;
}

/* What keeps the stream from working (for people), or %NULL. */
const char *
yz_event_stream_get_status (YzEventStream *self)
{
  g_return_val_if_fail (YZ_IS_EVENT_STREAM (self), NULL);

  return self->status;
}

/* The seq of the last event delivered (not merely read by the worker). */
gint64
yz_event_stream_get_last_seq (YzEventStream *self)
{
  g_return_val_if_fail (YZ_IS_EVENT_STREAM (self), -1);

  return self->last_seq;
}

/* Both timings apply from the next silence check or reconnection. */
static void
send_timing (YzEventStream *self, guint silence_ms, guint max_backoff_ms)
{
  Cmd *cmd = g_new0 (Cmd, 1);

  cmd->kind = CMD_TIMING;
  cmd->silence_ms = silence_ms;
  cmd->max_backoff_ms = max_backoff_ms;
  send_cmd (self, cmd);
}

void
yz_event_stream_set_silence_timeout (YzEventStream *self, guint ms)
{
  g_return_if_fail (YZ_IS_EVENT_STREAM (self));

  self->silence_ms = MAX (ms, 100);
  send_timing (self, self->silence_ms, self->max_backoff_ms);
}

void
yz_event_stream_set_max_backoff (YzEventStream *self, guint ms)
{
  g_return_if_fail (YZ_IS_EVENT_STREAM (self));

  self->max_backoff_ms = MAX (ms, FIRST_BACKOFF);
  send_timing (self, self->silence_ms, self->max_backoff_ms);
}

/* The longest the WebSocket handshake may take (10 s by default), from the next try. */
void
yz_event_stream_set_handshake_timeout (YzEventStream *self, guint ms)
{
  Cmd *cmd;

  g_return_if_fail (YZ_IS_EVENT_STREAM (self));

  cmd = g_new0 (Cmd, 1);
  cmd->kind = CMD_HANDSHAKE_TIMING;
  cmd->handshake_ms = MAX (ms, 100);
  send_cmd (self, cmd);
}

guint
yz_event_stream_get_n_malformed (YzEventStream *self)
{
  return g_atomic_int_get (&self->worker->n_malformed);
}

guint
yz_event_stream_get_n_unknown (YzEventStream *self)
{
  return g_atomic_int_get (&self->worker->n_unknown);
}

guint
yz_event_stream_get_n_duplicates (YzEventStream *self)
{
  return g_atomic_int_get (&self->worker->n_duplicates);
}

guint
yz_event_stream_get_n_connects (YzEventStream *self)
{
  return g_atomic_int_get (&self->worker->n_connects);
}

guint
yz_event_stream_get_n_refused_seqs (YzEventStream *self)
{
  return g_atomic_int_get (&self->worker->n_refused_seqs);
}
