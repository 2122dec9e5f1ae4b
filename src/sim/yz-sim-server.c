/* yz-sim-server.c
 *
 * docs/protocol.md on 127.0.0.1: REST for state, history and commands, one WebSocket for the
 * numbered event stream with replay, plus the simulator-only control endpoints and faults.
 *
 * Events from the city are numbered and serialised at once, kept in a replay window, and sent
 * to every client once per main-loop pass (an idle), so a burst costs one wake-up. The
 * --journal lists an event when it is first sent, not when it is numbered. The sequence has
 * an epoch (a random UUID made at start, or --epoch); _control/new-epoch starts it again
 * from 1 under a new one, as a rebuilt gateway would. The REST
 * routes are in yz-sim-server-routes.c, over yz-sim-server-private.h.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "yz-sim-server"

#include "config.h"

#include <stdio.h>
#include <string.h>

#include "yz-sim-server-private.h"

G_DEFINE_FINAL_TYPE (YzSimServer, yz_sim_server, G_TYPE_OBJECT)

static gboolean flush_cb (gpointer user_data);

/* --- events -------------------------------------------------------------------------- */

static char *
serialise (JsonObject *object)
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);

  json_node_set_object (node, object);

  return json_to_string (node, FALSE);
}

static void
queue_frame (YzSimServer *self, char *frame)
{
  g_ptr_array_add (self->batch, frame);
  if (self->flush_id == 0)
    self->flush_id = g_idle_add (flush_cb, self);
}

static char *
malformed_twin (YzSimServer *self, JsonObject *event, gint64 seq)
{
  g_autoptr(JsonObject) bad = json_object_new ();

  switch (g_rand_int_range (self->rand, 0, 4))
    {
    case 0:
      return g_strdup ("{\"seq\": 12, \"type\": \"station.status\", \"online\": tru");
    case 1:
      json_object_set_string_member (bad, "seq", "not-a-number");
      json_object_set_string_member (bad, "type", json_object_get_string_member (event, "type"));
      json_object_set_string_member (bad, "time", json_object_get_string_member (event, "time"));
      break;
    case 2:
      json_object_set_int_member (bad, "seq", seq);
      json_object_set_string_member (bad, "type", "station.status");
      json_object_set_string_member (bad, "time", "yesterday at noon");
      json_object_set_string_member (bad, "station_id", "hz-0001");
      json_object_set_int_member (bad, "occupancy", -5);
      break;
    default:
      json_object_set_int_member (bad, "seq", seq);
      json_object_set_string_member (bad, "type", "door.state");
      json_object_set_string_member (bad, "time", json_object_get_string_member (event, "time"));
      json_object_set_string_member (bad, "station_id", "hz-0001");
      json_object_set_string_member (bad, "door_id", "hz-0001-door1");
      json_object_set_string_member (bad, "state", "ajar-and-singing");
      break;
    }

  return serialise (bad);
}

static void
append_event (YzSimServer *self, JsonObject *event)
{
  char *text;

  json_object_set_int_member (event, "seq", ++self->last_seq);
  text = serialise (event);

  if (self->faults.fault_malformed > 0 && g_rand_double (self->rand) < self->faults.fault_malformed)
    {
      gint64 *key = g_new (gint64, 1);

      *key = self->last_seq;
      g_hash_table_insert (self->malformed, key, malformed_twin (self, event, self->last_seq));
    }

  g_ptr_array_add (self->log, text);

  /* Keep the window bounded; drop a tenth at a time so trimming is rare. */
  if (self->log->len > self->replay_window)
    {
      guint drop = self->log->len - self->replay_window + self->replay_window / 10;

      drop = MIN (drop, self->log->len);
      g_ptr_array_remove_range (self->log, 0, drop);
      for (gint64 seq = self->oldest_seq; seq < self->oldest_seq + drop; seq++)
        g_hash_table_remove (self->malformed, &seq);
      self->oldest_seq += drop;
    }

  queue_frame (self, NULL); /* NULL: "send the log up to last_seq" */
}

static void
city_event_cb (YzSimServer *self, JsonObject *event, YzSimCity *city)
{
  append_event (self, event);

  if (self->faults.fault_unknown > 0 && g_rand_double (self->rand) < self->faults.fault_unknown)
    {
      g_autoptr(JsonObject) unknown = json_object_new ();
      g_autofree char *time = yz_sim_format_time (yz_sim_city_now (self->city));

      json_object_set_string_member (unknown, "type", "x-sim-future");
      json_object_set_string_member (unknown, "time", time);
      json_object_set_string_member (unknown, "station_id", "hz-0001");
      json_object_set_string_member (unknown, "payload", "something a newer gateway says");
      append_event (self, unknown);
    }

  /* A camera that goes offline stops serving its stream too. */
  if (self->camera_func != NULL &&
      g_strcmp0 (json_object_get_string_member (event, "type"), "camera.status") == 0)
    self->camera_func (json_object_get_string_member (event, "camera_id"),
                       json_object_get_boolean_member (event, "online"), self->camera_data);
}

static void
client_send_log (Client *client)
{
  YzSimServer *self = client->server;

  if (client->closed ||
      soup_websocket_connection_get_state (client->conn) != SOUP_WEBSOCKET_STATE_OPEN)
    return;

  for (gint64 seq = MAX (client->sent_seq + 1, self->oldest_seq); seq <= self->last_seq; seq++)
    {
      const char *twin = g_hash_table_lookup (self->malformed, &seq);

      /* A malformed twin goes right before the event it stands for, never out of order. */
      const char *text = g_ptr_array_index (self->log, seq - self->oldest_seq);

      if (twin != NULL)
        soup_websocket_connection_send_text (client->conn, twin);
      soup_websocket_connection_send_text (client->conn, text);
      /* The journal lists each event once, when it is first handed to an open connection:
       * an event numbered but never sent (no client, or it closed first) is not in it. */
      if (self->journal != NULL && seq > self->journal_seq)
        {
          fprintf (self->journal, "%s\n", text);
          self->journal_seq = seq;
        }
    }
  client->sent_seq = self->last_seq;
}

static gboolean
flush_cb (gpointer user_data)
{
  YzSimServer *self = user_data;

  self->flush_id = 0;

  /* Closed clients leave here, not in their signal handler, so nothing iterates over a
   * list that changes under it. */
  for (guint i = self->clients->len; i > 0; i--)
    if (((Client *)g_ptr_array_index (self->clients, i - 1))->closed)
      g_ptr_array_remove_index (self->clients, i - 1);

  for (guint i = 0; i < self->clients->len; i++)
    {
      Client *client = g_ptr_array_index (self->clients, i);

      client_send_log (client);
    }

  g_ptr_array_set_size (self->batch, 0);
  if (self->journal)
    fflush (self->journal);

  return G_SOURCE_REMOVE;
}

static gboolean
heartbeat_cb (gpointer user_data)
{
  YzSimServer *self = user_data;
  g_autoptr(JsonObject) event = json_object_new ();
  g_autofree char *time = yz_sim_format_time (yz_sim_city_now (self->city));

  json_object_set_string_member (event, "type", "heartbeat");
  json_object_set_string_member (event, "time", time);
  append_event (self, event);

  return G_SOURCE_CONTINUE;
}

static gboolean
ws_close_cb (gpointer user_data)
{
  YzSimServer *self = user_data;

  for (guint i = 0; i < self->clients->len; i++)
    {
      Client *client = g_ptr_array_index (self->clients, i);

      if (soup_websocket_connection_get_state (client->conn) == SOUP_WEBSOCKET_STATE_OPEN)
        soup_websocket_connection_close (client->conn, SOUP_WEBSOCKET_CLOSE_GOING_AWAY,
                                         "fault: forced close");
    }

  return G_SOURCE_CONTINUE;
}

/* --- the event stream ---------------------------------------------------------------- */

static void
events_early_cb (SoupServer *soup, SoupServerMessage *msg, const char *path, GHashTable *query,
                 gpointer user_data)
{
  YzSimServer *self = user_data;

  /* Refuse the upgrade itself when the token is bad: the client sees a plain 401. */
  if (yz_sim_server_authenticate (self, msg, query) == NULL)
    yz_sim_server_reply_error (msg, 401, "unauthorized", "Log in first: POST /api/v1/session");
}

static void
client_closed_cb (SoupWebsocketConnection *conn, gpointer user_data)
{
  Client *client = user_data;
  YzSimServer *self = client->server;

  client->closed = TRUE;
  if (self->flush_id == 0)
    self->flush_id = g_idle_add (flush_cb, self);
}

static void
client_free (gpointer data)
{
  Client *client = data;

  g_signal_handlers_disconnect_by_data (client->conn, client);
  g_object_unref (client->conn);
  g_free (client);
}

static void
websocket_cb (SoupServer *soup, SoupServerMessage *msg, const char *path,
              SoupWebsocketConnection *conn, gpointer user_data)
{
  YzSimServer *self = user_data;
  GUri *uri = soup_server_message_get_uri (msg);
  g_autoptr(GHashTable) query = NULL;
  g_autoptr(JsonObject) hello = json_object_new ();
  g_autofree char *hello_text = NULL;
  const char *after_text = NULL;
  gint64 after = -1;
  Client *client;

  if (g_uri_get_query (uri) != NULL)
    query = g_uri_parse_params (g_uri_get_query (uri), -1, "&", G_URI_PARAMS_NONE, NULL);
  if (query != NULL)
    after_text = g_hash_table_lookup (query, "after");
  if (after_text != NULL && !g_ascii_string_to_signed (after_text, 10, 0, G_MAXINT64, &after, NULL))
    {
      soup_websocket_connection_close (conn, SOUP_WEBSOCKET_CLOSE_POLICY_VIOLATION,
                                       "after must be a sequence number");
      return;
    }

  json_object_set_string_member (hello, "type", "hello");
  json_object_set_int_member (hello, "last_seq", self->last_seq);
  json_object_set_int_member (hello, "oldest_seq", self->oldest_seq);
  json_object_set_string_member (hello, "epoch", self->epoch);
  hello_text = serialise (hello);
  soup_websocket_connection_send_text (conn, hello_text);

  if (after >= 0 && after + 1 < self->oldest_seq)
    {
      g_autoptr(JsonObject) resync = json_object_new ();
      g_autofree char *resync_text = NULL;

      json_object_set_string_member (resync, "type", "resync-required");
      json_object_set_int_member (resync, "oldest_seq", self->oldest_seq);
      json_object_set_int_member (resync, "last_seq", self->last_seq);
      json_object_set_string_member (resync, "epoch", self->epoch);
      resync_text = serialise (resync);
      soup_websocket_connection_send_text (conn, resync_text);
      soup_websocket_connection_close (conn, 4000, "resync required");
      return;
    }

  client = g_new0 (Client, 1);
  client->server = self;
  client->conn = g_object_ref (conn);
  client->sent_seq = after >= 0 ? MIN (after, self->last_seq) : self->last_seq;
  soup_websocket_connection_set_keepalive_interval (conn, 0);
  g_signal_connect (conn, "closed", G_CALLBACK (client_closed_cb), client);
  g_ptr_array_add (self->clients, client);

  client_send_log (client);
}

/* --- GObject ------------------------------------------------------------------------- */

static void
yz_sim_server_finalize (GObject *object)
{
  YzSimServer *self = (YzSimServer *)object;

  yz_sim_server_shutdown (self);
  g_clear_object (&self->soup);
  g_clear_object (&self->city);
  g_ptr_array_unref (self->clients);
  g_ptr_array_unref (self->log);
  g_ptr_array_unref (self->batch);
  g_hash_table_unref (self->malformed);
  g_hash_table_unref (self->sessions);
  g_hash_table_unref (self->witness);
  g_rand_free (self->rand);
  g_free (self->epoch);
  if (self->journal)
    fclose (self->journal);

  G_OBJECT_CLASS (yz_sim_server_parent_class)->finalize (object);
}

static void
yz_sim_server_class_init (YzSimServerClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = yz_sim_server_finalize;
}

static void
yz_sim_server_init (YzSimServer *self)
{
  self->sessions = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->witness =
      g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify)g_hash_table_unref);
  self->clients = g_ptr_array_new_with_free_func (client_free);
  self->log = g_ptr_array_new_with_free_func (g_free);
  self->batch = g_ptr_array_new_with_free_func (g_free);
  self->malformed = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  self->oldest_seq = 1;
  self->rand = g_rand_new ();
  self->epoch = g_uuid_string_random ();
}

YzSimServer *
yz_sim_server_new (YzSimCity *city, guint replay_window, gboolean control)
{
  YzSimServer *self = g_object_new (YZ_TYPE_SIM_SERVER, NULL);

  self->city = g_object_ref (city);
  self->replay_window = MAX (replay_window, 10);
  self->control = control;
  g_signal_connect_object (city, "event", G_CALLBACK (city_event_cb), self, G_CONNECT_SWAPPED);

  self->soup = soup_server_new ("server-header", "yizhan-sim/" PACKAGE_VERSION, NULL);
  soup_server_add_early_handler (self->soup, "/api/v1/events", events_early_cb, self, NULL);
  soup_server_add_websocket_handler (self->soup, "/api/v1/events", NULL, NULL, websocket_cb, self,
                                     NULL);
  soup_server_add_handler (self->soup, NULL, yz_sim_server_handle_request, self, NULL);

  self->heartbeat_id = g_timeout_add_seconds (HEARTBEAT_SECONDS, heartbeat_cb, self);

  return self;
}

void
yz_sim_server_set_faults (YzSimServer *self, const YzSimFaults *faults)
{
  self->faults = *faults;
  self->faults.fault_malformed = CLAMP (self->faults.fault_malformed, 0, 1);
  self->faults.fault_unknown = CLAMP (self->faults.fault_unknown, 0, 1);
  self->faults.fault_http_500 = CLAMP (self->faults.fault_http_500, 0, 1);
  yz_sim_city_set_door_delay (self->city, self->faults.fault_door_delay_ms);

  g_clear_handle_id (&self->ws_close_id, g_source_remove);
  if (self->faults.fault_ws_close_every > 0)
    self->ws_close_id =
        g_timeout_add_seconds (self->faults.fault_ws_close_every, ws_close_cb, self);
}

void
yz_sim_server_set_media (YzSimServer *self, YzSimSnapshotFunc snapshot_func,
                         YzSimCameraFunc camera_func, gpointer camera_data)
{
  self->snapshot_func = snapshot_func;
  self->camera_func = camera_func;
  self->camera_data = camera_data;
}

gboolean
yz_sim_server_set_journal (YzSimServer *self, const char *path, GError **error)
{
  self->journal = fopen (path, "a");
  if (self->journal == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "Cannot open the journal %s", path);
      return FALSE;
    }
  /* Whole lines only: readers (the tests) read the journal while it grows. */
  setvbuf (self->journal, NULL, _IOLBF, 0);

  return TRUE;
}

gboolean
yz_sim_server_listen (YzSimServer *self, guint port, GTlsCertificate *certificate, GError **error)
{
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, port);
  SoupServerListenOptions options = 0;
  GSList *listeners;

  /* HTTPS (and wss:// for the stream) when given a certificate, as a real gateway serves. */
  if (certificate != NULL)
    {
      soup_server_set_tls_certificate (self->soup, certificate);
      options |= SOUP_SERVER_LISTEN_HTTPS;
    }
  if (!soup_server_listen (self->soup, address, options, error))
    return FALSE;

  listeners = soup_server_get_listeners (self->soup);
  if (listeners != NULL)
    {
      g_autoptr(GSocketAddress) bound = g_socket_get_local_address (listeners->data, NULL);

      if (bound != NULL)
        self->port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
    }
  g_slist_free (listeners);

  return self->port != 0;
}

guint
yz_sim_server_get_port (YzSimServer *self)
{
  return self->port;
}

gint64
yz_sim_server_get_last_seq (YzSimServer *self)
{
  return self->last_seq;
}

/* --epoch: a fixed epoch instead of a random one (before any client connects). */
void
yz_sim_server_set_epoch (YzSimServer *self, const char *epoch)
{
  g_free (self->epoch);
  self->epoch = g_strdup (epoch);
}

const char *
yz_sim_server_get_epoch (YzSimServer *self)
{
  return self->epoch;
}

/* _control/new-epoch: what a rebuilt gateway looks like to its clients, without a restart.
 * Every client is closed, the replay window emptied, and the sequence starts again at 1
 * under a new epoch. The city (its items, their ids) goes on as it was. The journal notes
 * the change in a line of its own (no seq): {"type": "x-sim-epoch", "epoch": ..,
 * "previous": .., "previous_last_seq": ..}. */
void
yz_sim_server_new_epoch (YzSimServer *self)
{
  g_autofree char *previous = self->epoch;

  self->epoch = g_uuid_string_random ();
  for (guint i = 0; i < self->clients->len; i++)
    {
      Client *client = g_ptr_array_index (self->clients, i);

      client->closed = TRUE;
      if (soup_websocket_connection_get_state (client->conn) == SOUP_WEBSOCKET_STATE_OPEN)
        soup_websocket_connection_close (client->conn, SOUP_WEBSOCKET_CLOSE_GOING_AWAY,
                                         "the gateway was rebuilt");
    }
  g_ptr_array_set_size (self->log, 0);
  g_hash_table_remove_all (self->malformed);
  if (self->journal != NULL)
    {
      g_autoptr(JsonObject) note = json_object_new ();
      g_autofree char *text = NULL;

      json_object_set_string_member (note, "type", "x-sim-epoch");
      json_object_set_string_member (note, "epoch", self->epoch);
      json_object_set_string_member (note, "previous", previous);
      json_object_set_int_member (note, "previous_last_seq", self->last_seq);
      text = serialise (note);
      fprintf (self->journal, "%s\n", text);
      fflush (self->journal);
    }
  g_message ("A new epoch %s after seq %" G_GINT64_FORMAT " of %s", self->epoch, self->last_seq,
             previous);
  self->oldest_seq = 1;
  self->last_seq = 0;
  self->journal_seq = 0;
}

void
yz_sim_server_shutdown (YzSimServer *self)
{
  g_clear_handle_id (&self->heartbeat_id, g_source_remove);
  g_clear_handle_id (&self->ws_close_id, g_source_remove);
  g_clear_handle_id (&self->flush_id, g_source_remove);

  for (guint i = 0; i < self->clients->len; i++)
    {
      Client *client = g_ptr_array_index (self->clients, i);

      if (soup_websocket_connection_get_state (client->conn) == SOUP_WEBSOCKET_STATE_OPEN)
        soup_websocket_connection_close (client->conn, SOUP_WEBSOCKET_CLOSE_GOING_AWAY,
                                         "shutting down");
    }

  if (self->journal)
    fflush (self->journal);
  if (self->soup)
    soup_server_disconnect (self->soup);
}
