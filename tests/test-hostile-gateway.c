/* test-hostile-gateway.c
 *
 * The gateway backend against a hostile gateway played by a SoupServer on 127.0.0.1: replies
 * far over their limit are refused without being read, a reply trickled a byte at a time
 * fails at the request's deadline, an event frame over the size limit leads to back-off and
 * a status saying so, and a redirect to another origin is not followed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "yz-backend.h"
#include "yz-gateway-backend.h"
#include "yz-session.h"
#include "yz-store.h"
#include "yz-test-fixture.h"
#include "yz-test-sim.h"
#include "yz-test-util.h"

#define MB (1024 * 1024)
#define CHUNK (64 * 1024)

typedef struct
{
  SoupServer *server;
  char *base_url;
  guint64 body_size; /* of the streamed reply */
  gboolean chunked;  /* no Content-Length */
  const char *content_type;
  guint64 sent; /* body bytes handed to the server so far */
  guint hits;   /* requests answered */
  char *redirect_to;
  GArray *connects; /* gint64 monotonic time of each event-stream connection */
  gboolean frames_ok;
  GPtrArray *sockets; /* SoupWebsocketConnection */
} Gateway;

static char filler[CHUNK];

/* ---- the hostile gateway ---- */

static void
write_next_chunk (SoupServerMessage *msg, Gateway *gateway)
{
  SoupMessageBody *body = soup_server_message_get_response_body (msg);
  gsize size = (gsize)MIN ((guint64)CHUNK, gateway->body_size - gateway->sent);

  if (size == 0)
    {
      soup_message_body_complete (body);
      return;
    }
  gateway->sent += size;
  soup_message_body_append (body, SOUP_MEMORY_STATIC, filler, size);
}

/* A reply of body_size bytes, made as it is sent, never held whole. */
static void
huge_cb (SoupServer *server, SoupServerMessage *msg, const char *path, GHashTable *query,
         gpointer user_data)
{
  Gateway *gateway = user_data;
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);

  gateway->hits++;
  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_message_headers_set_content_type (headers, gateway->content_type, NULL);
  if (gateway->chunked)
    soup_message_headers_set_encoding (headers, SOUP_ENCODING_CHUNKED);
  else
    soup_message_headers_set_content_length (headers, (goffset)gateway->body_size);
  soup_message_body_set_accumulate (soup_server_message_get_response_body (msg), FALSE);
  g_signal_connect (msg, "wrote-headers", G_CALLBACK (write_next_chunk), gateway);
  g_signal_connect (msg, "wrote-chunk", G_CALLBACK (write_next_chunk), gateway);
}

typedef struct
{
  SoupServerMessage *msg;
  Gateway *gateway;
  guint timer;
} Trickle;

static gboolean
trickle_cb (gpointer user_data)
{
  Trickle *trickle = user_data;

  trickle->gateway->sent++;
  soup_message_body_append (soup_server_message_get_response_body (trickle->msg),
                            SOUP_MEMORY_STATIC, "{", 1);
  soup_server_message_unpause (trickle->msg);
  return G_SOURCE_CONTINUE;
}

static void
trickle_finished_cb (SoupServerMessage *msg, Trickle *trickle)
{
  g_clear_handle_id (&trickle->timer, g_source_remove);
}

static void
trickle_free (gpointer data, GClosure *closure)
{
  Trickle *trickle = data;

  g_clear_handle_id (&trickle->timer, g_source_remove);
  g_free (trickle);
}

/* A byte every 100 ms, for ever: each read is quick, the whole never ends. */
static void
trickle_handler (SoupServer *server, SoupServerMessage *msg, const char *path, GHashTable *query,
                 gpointer user_data)
{
  Gateway *gateway = user_data;
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);
  Trickle *trickle = g_new0 (Trickle, 1);

  gateway->hits++;
  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_message_headers_set_content_type (headers, "application/json", NULL);
  soup_message_headers_set_encoding (headers, SOUP_ENCODING_CHUNKED);
  trickle->msg = msg;
  trickle->gateway = gateway;
  trickle->timer = g_timeout_add (100, trickle_cb, trickle);
  g_signal_connect_data (msg, "finished", G_CALLBACK (trickle_finished_cb), trickle, trickle_free,
                         0);
}

static void
redirect_cb (SoupServer *server, SoupServerMessage *msg, const char *path, GHashTable *query,
             gpointer user_data)
{
  Gateway *gateway = user_data;

  gateway->hits++;
  soup_server_message_set_redirect (msg, SOUP_STATUS_FOUND, gateway->redirect_to);
}

/* Another origin's state: valid, so that following the redirect would take it. */
static void
other_state_cb (SoupServer *server, SoupServerMessage *msg, const char *path, GHashTable *query,
                gpointer user_data)
{
  static const char state[] =
      "{\"seq\": 7, \"time\": \"2026-11-23T03:15:00.000Z\", "
      "\"gateway\": {\"name\": \"elsewhere\", \"version\": \"1.0\"}, \"stations\": [], "
      "\"cameras\": [], \"doors\": [], \"stock\": [], \"devices\": [], \"alarms\": []}";
  Gateway *gateway = user_data;

  gateway->hits++;
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_STATIC, state,
                                    strlen (state));
  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
}

/* A small, proper picture. */
static void
small_picture_cb (SoupServer *server, SoupServerMessage *msg, const char *path, GHashTable *query,
                  gpointer user_data)
{
  /* SOI, then a SOF0 of 1 × 1 pixel: all the picture check reads before a decoder would. */
  static const char jpeg[] = "\xff\xd8\xff\xc0\x00\x0b\x08\x00\x01\x00\x01\x01\x01\x11\x00\xff\xd9";

  soup_server_message_set_response (msg, "image/jpeg", SOUP_MEMORY_STATIC, jpeg, sizeof jpeg - 1);
  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
}

static void
login_cb (SoupServer *server, SoupServerMessage *msg, const char *path, GHashTable *query,
          gpointer user_data)
{
  static const char login[] = "{\"token\": \"t-hostile\", \"operator\": {\"name\": \"operator\", "
                              "\"display_name\": \"Operator\", \"role\": \"operator\"}, "
                              "\"expires_at\": \"2026-11-23T15:12:45.123Z\", "
                              "\"gateway\": {\"name\": \"hostile\", \"version\": \"1.0\"}}";

  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_STATIC, login,
                                    strlen (login));
  soup_server_message_set_status (msg, SOUP_STATUS_CREATED, NULL);
}

static void
socket_closed_cb (SoupWebsocketConnection *conn, Gateway *gateway)
{
  g_ptr_array_remove (gateway->sockets, conn);
}

/* hello, then one event frame of 2 MB (over the console's 1 MB), or a heartbeat once
 * frames_ok is set. */
static void
events_cb (SoupServer *server, SoupServerMessage *msg, const char *path,
           SoupWebsocketConnection *conn, gpointer user_data)
{
  Gateway *gateway = user_data;
  gint64 now = g_get_monotonic_time ();

  g_array_append_val (gateway->connects, now);
  g_ptr_array_add (gateway->sockets, g_object_ref (conn));
  g_signal_connect (conn, "closed", G_CALLBACK (socket_closed_cb), gateway);
  soup_websocket_connection_send_text (conn, "{\"type\": \"hello\", \"last_seq\": 1, "
                                             "\"oldest_seq\": 1}");
  if (gateway->frames_ok)
    soup_websocket_connection_send_text (conn, "{\"seq\": 1, \"time\": "
                                               "\"2026-11-23T03:15:01.250Z\", \"type\": "
                                               "\"heartbeat\"}");
  else
    {
      GString *frame = g_string_new ("{\"seq\": 1, \"time\": \"2026-11-23T03:15:01.250Z\", "
                                     "\"type\": \"heartbeat\", \"pad\": \"");

      while (frame->len < 2 * MB)
        g_string_append_len (frame, filler, CHUNK);
      g_string_append (frame, "\"}");
      soup_websocket_connection_send_text (conn, frame->str);
      g_string_free (frame, TRUE);
    }
}

static Gateway *
gateway_new (void)
{
  Gateway *gateway = g_new0 (Gateway, 1);

  if (filler[0] == 0)
    memset (filler, 'x', sizeof filler);
  gateway->server = yz_test_loopback_server_new (&gateway->base_url);
  gateway->connects = g_array_new (FALSE, FALSE, sizeof (gint64));
  gateway->sockets = g_ptr_array_new_with_free_func (g_object_unref);

  return gateway;
}

static void
gateway_free (Gateway *gateway)
{
  for (guint i = 0; i < gateway->sockets->len; i++)
    g_signal_handlers_disconnect_by_data (gateway->sockets->pdata[i], gateway);
  g_ptr_array_unref (gateway->sockets);
  soup_server_disconnect (gateway->server);
  g_object_unref (gateway->server);
  g_array_unref (gateway->connects);
  g_free (gateway->base_url);
  g_free (gateway->redirect_to);
  g_free (gateway);
}

static YzGatewayBackend *
backend_for (Gateway *gateway)
{
  g_autoptr(GError) error = NULL;
  YzGatewayBackend *backend = yz_gateway_backend_new (gateway->base_url, NULL, NULL, &error);

  g_assert_no_error (error);
  yz_gateway_backend_set_token (backend, "t-hostile");
  return backend;
}

/* ---- waiting for a reply ---- */

typedef struct
{
  GAsyncResult *result;
} Done;

static void
done_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  ((Done *)user_data)->result = g_object_ref (result);
}

static gboolean
is_done (gpointer user_data)
{
  return ((Done *)user_data)->result != NULL;
}

static gboolean
flag_cb (gpointer user_data)
{
  *(gboolean *)user_data = TRUE;
  return G_SOURCE_REMOVE;
}

static gboolean
flag_set (gpointer user_data)
{
  return *(gboolean *)user_data;
}

/* Runs the main loop for @ms: pacing, not waiting for a result. */
static void
run_main_loop_for (guint ms)
{
  gboolean done = FALSE;

  g_timeout_add (ms, flag_cb, &done);
  g_assert_true (yz_test_wait (flag_set, &done, ms + 1000));
}

/* ---- the cases ---- */

/* A 200 MB picture that says so in its Content-Length: refused from the headers. */
static void
test_huge_snapshot_declared (void)
{
  Gateway *gateway = gateway_new ();
  g_autoptr(YzGatewayBackend) backend = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) picture = NULL;
  Done done = { 0 };

  gateway->body_size = (guint64)200 * MB;
  gateway->content_type = "image/jpeg";
  soup_server_add_handler (gateway->server, "/api/v1/snapshots", huge_cb, gateway, NULL);
  soup_server_add_handler (gateway->server, "/api/v1/cameras", small_picture_cb, gateway, NULL);
  backend = backend_for (gateway);

  yz_backend_fetch_snapshot_async (YZ_BACKEND (backend), "s-1", NULL, done_cb, &done);
  g_assert_true (yz_test_wait (is_done, &done, 30000));
  picture = yz_backend_fetch_snapshot_finish (YZ_BACKEND (backend), done.result, &error);
  g_assert_null (picture);
  g_assert_error (error, YZ_BACKEND_ERROR, YZ_BACKEND_ERROR_BAD_REPLY);
  g_test_message ("%s; the gateway sent %" G_GUINT64_FORMAT " bytes", error->message,
                  gateway->sent);
  g_clear_error (&error);
  /* Far below the body: what the sockets' buffers took before the console hung up. */
  g_assert_cmpuint (gateway->sent, <, 40 * MB);
  g_clear_object (&done.result);

  /* The connection given up on is not reused half-read: the next request works. */
  yz_backend_fetch_camera_snapshot_async (YZ_BACKEND (backend), "c-1", NULL, done_cb, &done);
  g_assert_true (yz_test_wait (is_done, &done, 20000));
  picture = yz_backend_fetch_camera_snapshot_finish (YZ_BACKEND (backend), done.result, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_bytes_get_size (picture), ==, 17);
  /* ...and the refused one was dropped, not drained in the background. */
  g_assert_cmpuint (gateway->sent, <, 40 * MB);

  g_clear_object (&done.result);
  g_clear_object (&backend);
  gateway_free (gateway);
}

/* A /state of 200 MB sent without a length: the running count stops it past 32 MB. */
static void
test_huge_state_streamed (void)
{
  Gateway *gateway = gateway_new ();
  g_autoptr(YzGatewayBackend) backend = NULL;
  g_autoptr(GError) error = NULL;
  YzStateData *state;
  Done done = { 0 };

  gateway->body_size = (guint64)200 * MB;
  gateway->chunked = TRUE;
  gateway->content_type = "application/json";
  soup_server_add_handler (gateway->server, "/api/v1/state", huge_cb, gateway, NULL);
  backend = backend_for (gateway);

  yz_backend_load_state_async (YZ_BACKEND (backend), NULL, done_cb, &done);
  g_assert_true (yz_test_wait (is_done, &done, 60000));
  state = yz_backend_load_state_finish (YZ_BACKEND (backend), done.result, &error);
  g_assert_null (state);
  g_assert_error (error, YZ_BACKEND_ERROR, YZ_BACKEND_ERROR_BAD_REPLY);
  g_test_message ("%s; the gateway sent %" G_GUINT64_FORMAT " bytes", error->message,
                  gateway->sent);
  g_assert_cmpuint (gateway->sent, >=, 32 * MB);
  g_assert_cmpuint (gateway->sent, <, 64 * MB);
  g_clear_object (&done.result);

  /* Once the reply is let go, nothing more is read from it. */
  run_main_loop_for (500);
  g_assert_cmpuint (gateway->sent, <, 64 * MB);
  g_clear_object (&backend);
  gateway_free (gateway);
}

/* A /state sent a byte at a time, each in time for libsoup's read timeout: the request's
 * own deadline ends it, as a network error the session retries. */
static void
test_trickling_state (void)
{
  Gateway *gateway = gateway_new ();
  g_autoptr(YzGatewayBackend) backend = NULL;
  g_autoptr(GError) error = NULL;
  YzStateData *state;
  Done done = { 0 };
  gint64 start;
  gint64 took_ms;

  soup_server_add_handler (gateway->server, "/api/v1/state", trickle_handler, gateway, NULL);
  backend = backend_for (gateway);
  yz_gateway_backend_set_deadlines (backend, 1500, 1000);

  start = g_get_monotonic_time ();
  yz_backend_load_state_async (YZ_BACKEND (backend), NULL, done_cb, &done);
  g_assert_true (yz_test_wait (is_done, &done, 8000));
  took_ms = (g_get_monotonic_time () - start) / 1000;
  state = yz_backend_load_state_finish (YZ_BACKEND (backend), done.result, &error);
  g_assert_null (state);
  g_assert_error (error, YZ_BACKEND_ERROR, YZ_BACKEND_ERROR_NETWORK);
  g_test_message ("%s after %" G_GINT64_FORMAT " ms, %" G_GUINT64_FORMAT " bytes", error->message,
                  took_ms, gateway->sent);
  g_assert_cmpint (took_ms, >=, 1400);
  g_assert_cmpuint (gateway->sent, >, 3); /* it was trickling, not silent */

  g_clear_object (&done.result);
  g_clear_object (&backend);
  gateway_free (gateway);
}

/* A redirect to another origin (another port) is refused; that origin is never asked. */
static void
test_redirect_not_followed (void)
{
  Gateway *gateway = gateway_new ();
  Gateway *other = gateway_new ();
  g_autoptr(YzGatewayBackend) backend = NULL;
  g_autoptr(GError) error = NULL;
  YzStateData *state;
  Done done = { 0 };

  gateway->redirect_to = g_strconcat (other->base_url, "/api/v1/state", NULL);
  soup_server_add_handler (gateway->server, "/api/v1/state", redirect_cb, gateway, NULL);
  soup_server_add_handler (other->server, "/api/v1/state", other_state_cb, other, NULL);
  backend = backend_for (gateway);

  yz_backend_load_state_async (YZ_BACKEND (backend), NULL, done_cb, &done);
  g_assert_true (yz_test_wait (is_done, &done, 20000));
  state = yz_backend_load_state_finish (YZ_BACKEND (backend), done.result, &error);
  g_clear_pointer (&state, yz_state_data_free);
  g_assert_error (error, YZ_BACKEND_ERROR, YZ_BACKEND_ERROR_BAD_REPLY);
  g_test_message ("%s", error->message);
  g_assert_cmpuint (gateway->hits, ==, 1);
  g_assert_cmpuint (other->hits, ==, 0);

  g_clear_object (&done.result);
  g_clear_object (&backend);
  gateway_free (other);
  gateway_free (gateway);
}

static gboolean
has_connects (gpointer user_data)
{
  Gateway *gateway = user_data;

  return gateway->connects->len >= 4;
}

static gboolean
has_problem (gpointer user_data)
{
  g_autofree char *status = NULL;

  g_object_get (user_data, "stream-status", &status, NULL);
  return status != NULL;
}

static gboolean
is_connected_clean (gpointer user_data)
{
  g_autofree char *status = NULL;
  YzConnectionState state = YZ_CONNECTION_DISCONNECTED;

  g_object_get (user_data, "stream-status", &status, "stream-state", &state, NULL);
  return status == NULL && state == YZ_CONNECTION_CONNECTED;
}

static void
count_event_cb (YzBackend *backend, YzEvent *event, guint *n_events)
{
  (*n_events)++;
}

static gboolean
has_event (gpointer user_data)
{
  return *(guint *)user_data > 0;
}

/* A frame over the size limit closes the link; the console retries, but after a few tries
 * it backs off instead of reconnecting twice a second, and says why. */
static void
test_oversized_frame (void)
{
  Gateway *gateway = gateway_new ();
  g_autoptr(YzGatewayBackend) backend = NULL;
  g_autofree char *status = NULL;
  YzConnectionState state = YZ_CONNECTION_CONNECTED;
  gint64 next_attempt = 0;
  gint64 *at;
  guint n_events = 0;

  soup_server_add_websocket_handler (gateway->server, "/api/v1/events", NULL, NULL, events_cb,
                                     gateway, NULL);
  backend = backend_for (gateway);
  g_signal_connect (backend, "event", G_CALLBACK (count_event_cb), &n_events);
  yz_gateway_backend_set_stream_timing (backend, 15000, 30000);
  yz_backend_follow (YZ_BACKEND (backend), 0);

  g_assert_true (yz_test_wait (has_connects, gateway, 20000));
  at = (gint64 *)gateway->connects->data;
  for (guint i = 1; i < gateway->connects->len; i++)
    g_test_message ("connection %u after %" G_GINT64_FORMAT " ms", i + 1,
                    (at[i] - at[i - 1]) / 1000);
  /* The third oversized frame in a row: the pause before the fourth try has grown past the
   * first back-off (at most 500 ms) to at least 1 s. */
  g_assert_cmpint (at[3] - at[2], >=, 900 * 1000);

  g_assert_true (yz_test_wait (has_problem, backend, 10000));
  g_object_get (backend, "stream-status", &status, "stream-state", &state, "next-attempt",
                &next_attempt, NULL);
  g_test_message ("status: %s", status);
  g_assert_nonnull (strstr (status, "too large"));
  g_assert_nonnull (strstr (status, "after seq 0"));
  g_assert_cmpint (state, !=, YZ_CONNECTION_CONNECTED);
  g_assert_cmpuint (n_events, ==, 0);

  /* The gateway mends its ways: the next event passes, and the status clears. */
  gateway->frames_ok = TRUE;
  yz_backend_reconnect_now (YZ_BACKEND (backend));
  g_assert_true (yz_test_wait (is_connected_clean, backend, 20000));
  /* The event is handed on from the stream's thread in the next main-loop passes. */
  g_assert_true (yz_test_wait (has_event, &n_events, 5000));
  g_assert_cmpuint (n_events, ==, 1);

  yz_backend_stop (YZ_BACKEND (backend));
  g_clear_object (&backend);
  gateway_free (gateway);
}

static gboolean
session_says_too_large (gpointer user_data)
{
  const char *status = yz_session_get_status (user_data);

  return status != NULL && strstr (status, "too large") != NULL;
}

/* The session passes the stream's problem on: its status (shown by the window) says it. */
static void
test_oversized_frame_session (void)
{
  Gateway *gateway = gateway_new ();
  g_autoptr(YzGatewayBackend) backend = NULL;
  g_autoptr(YzSession) session = NULL;
  YzTestFixture fx = { 0 };

  yz_test_fixture_set_up (&fx, &(YzTestFixtureOptions){ .name = "hostile", .store_only = TRUE });
  soup_server_add_handler (gateway->server, "/api/v1/session", login_cb, gateway, NULL);
  soup_server_add_handler (gateway->server, "/api/v1/state", other_state_cb, gateway, NULL);
  soup_server_add_websocket_handler (gateway->server, "/api/v1/events", NULL, NULL, events_cb,
                                     gateway, NULL);
  backend = backend_for (gateway);
  session = yz_session_new (fx.store, YZ_BACKEND (backend));
  yz_session_start (session, "operator", "operator", NULL);

  g_assert_true (yz_test_wait (session_says_too_large, session, 20000));
  g_test_message ("session: %s", yz_session_get_status (session));
  g_assert_cmpint (yz_session_get_connection_state (session), !=, YZ_CONNECTION_CONNECTED);
  /* The reason the window's banner shows beside its countdown. */
  g_assert_nonnull (yz_session_get_problem (session));
  g_assert_nonnull (strstr (yz_session_get_problem (session), "too large"));

  yz_session_stop (session);
  g_clear_object (&session);
  g_clear_object (&backend);
  gateway_free (gateway);
  yz_test_fixture_tear_down (&fx);
}

/* A server that answers any request with a handshake reply a byte every 100 ms. */
typedef struct
{
  GSocketService *service;
  guint port;
  guint accepted;
  GPtrArray *trickles; /* SlowPeer */
} SlowServer;

typedef struct
{
  GSocketConnection *conn;
  guint sent;
  guint timer;
} SlowPeer;

static gboolean
slow_peer_cb (gpointer user_data)
{
  static const char reply[] = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n"
                              "Connection: Upgrade\r\nX-Slow: xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
                              "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx";
  SlowPeer *peer = user_data;
  GOutputStream *out = g_io_stream_get_output_stream (G_IO_STREAM (peer->conn));

  if (peer->sent >= sizeof reply - 1 ||
      g_output_stream_write (out, reply + peer->sent, 1, NULL, NULL) != 1)
    {
      peer->timer = 0;
      return G_SOURCE_REMOVE;
    }
  peer->sent++;
  return G_SOURCE_CONTINUE;
}

static void
slow_peer_free (SlowPeer *peer)
{
  g_clear_handle_id (&peer->timer, g_source_remove);
  g_io_stream_close (G_IO_STREAM (peer->conn), NULL, NULL);
  g_object_unref (peer->conn);
  g_free (peer);
}

static gboolean
slow_incoming_cb (GSocketService *service, GSocketConnection *conn, GObject *source,
                  SlowServer *server)
{
  SlowPeer *peer = g_new0 (SlowPeer, 1);

  server->accepted++;
  peer->conn = g_object_ref (conn);
  peer->timer = g_timeout_add (100, slow_peer_cb, peer);
  g_ptr_array_add (server->trickles, peer);
  return TRUE;
}

static gboolean
accepted_twice (gpointer user_data)
{
  return ((SlowServer *)user_data)->accepted >= 2;
}

/* The event stream's handshake answered a byte at a time: it is abandoned at its deadline
 * and tried again, not left "connecting" for ever. */
static void
test_trickling_handshake (void)
{
  SlowServer server = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(YzGatewayBackend) backend = NULL;
  g_autofree char *url = NULL;
  gint64 start;

  server.service = g_socket_service_new ();
  server.trickles = g_ptr_array_new_with_free_func ((GDestroyNotify)slow_peer_free);
  {
    g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
    g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
    g_autoptr(GSocketAddress) bound = NULL;

    g_assert_true (g_socket_listener_add_address (G_SOCKET_LISTENER (server.service), address,
                                                  G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL,
                                                  &bound, &error));
    g_assert_no_error (error);
    server.port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  }
  g_signal_connect (server.service, "incoming", G_CALLBACK (slow_incoming_cb), &server);
  g_socket_service_start (server.service);

  url = g_strdup_printf ("http://127.0.0.1:%u", server.port);
  backend = yz_gateway_backend_new (url, NULL, NULL, &error);
  g_assert_no_error (error);
  yz_gateway_backend_set_token (backend, "t-hostile");
  yz_gateway_backend_set_deadlines (backend, 1000, 1000);
  start = g_get_monotonic_time ();
  yz_backend_follow (YZ_BACKEND (backend), 0);

  g_assert_true (yz_test_wait (accepted_twice, &server, 8000));
  g_test_message ("tried again after %" G_GINT64_FORMAT " ms",
                  (g_get_monotonic_time () - start) / 1000);
  g_assert_cmpint (g_get_monotonic_time () - start, >=, 900 * 1000);

  yz_backend_stop (YZ_BACKEND (backend));
  g_clear_object (&backend);
  g_socket_service_stop (server.service);
  g_socket_listener_close (G_SOCKET_LISTENER (server.service));
  g_ptr_array_unref (server.trickles);
  g_object_unref (server.service);
}

static gboolean
session_retries_after_deadline (gpointer user_data)
{
  const char *status = yz_session_get_status (user_data);

  return status != NULL && strstr (status, "did not answer") != NULL &&
         yz_session_get_next_attempt (user_data) > 0;
}

/* A trickled /state ends at the deadline as a network error, and the session tries again. */
static void
test_trickling_state_session (void)
{
  Gateway *gateway = gateway_new ();
  g_autoptr(YzGatewayBackend) backend = NULL;
  g_autoptr(YzSession) session = NULL;
  YzTestFixture fx = { 0 };

  yz_test_fixture_set_up (&fx, &(YzTestFixtureOptions){ .name = "hostile", .store_only = TRUE });
  soup_server_add_handler (gateway->server, "/api/v1/session", login_cb, gateway, NULL);
  soup_server_add_handler (gateway->server, "/api/v1/state", trickle_handler, gateway, NULL);
  backend = backend_for (gateway);
  yz_gateway_backend_set_deadlines (backend, 1000, 1000);
  session = yz_session_new (fx.store, YZ_BACKEND (backend));
  yz_session_start (session, "operator", "operator", NULL);

  g_assert_true (yz_test_wait (session_retries_after_deadline, session, 8000));
  g_test_message ("session: %s", yz_session_get_status (session));
  g_assert_cmpint (yz_session_get_connection_state (session), !=, YZ_CONNECTION_CONNECTED);

  yz_session_stop (session);
  g_clear_object (&session);
  g_clear_object (&backend);
  gateway_free (gateway);
  yz_test_fixture_tear_down (&fx);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/yizhan/hostile-gateway/huge-snapshot-declared", test_huge_snapshot_declared);
  g_test_add_func ("/yizhan/hostile-gateway/huge-state-streamed", test_huge_state_streamed);
  g_test_add_func ("/yizhan/hostile-gateway/trickling-state", test_trickling_state);
  g_test_add_func ("/yizhan/hostile-gateway/trickling-state-session", test_trickling_state_session);
  g_test_add_func ("/yizhan/hostile-gateway/trickling-handshake", test_trickling_handshake);
  g_test_add_func ("/yizhan/hostile-gateway/redirect-not-followed", test_redirect_not_followed);
  g_test_add_func ("/yizhan/hostile-gateway/oversized-frame", test_oversized_frame);
  g_test_add_func ("/yizhan/hostile-gateway/oversized-frame-session", test_oversized_frame_session);

  return g_test_run ();
}
