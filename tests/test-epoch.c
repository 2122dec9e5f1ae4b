/* test-epoch.c
 *
 * The record never stops silently (issue 18): a gateway whose sequence starts again from 1
 * (a new epoch, or an older gateway without one), an event with an absurd seq, a console
 * restarted after either, the simulator's _control/new-epoch, and a store that refuses
 * writes. The hostile gateway is a SoupServer on 127.0.0.1 that numbers entry events as it
 * is told; the session is the real one over YzGatewayBackend and a real SQLite store.
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

/* ---- a gateway that numbers entries, and can start its sequence again ---- */

typedef struct
{
  SoupServer *server;
  char *base_url;
  char *epoch; /* NULL: a gateway that predates epochs */
  gint64 last_seq;
  guint generation; /* names the entries of each sequence: e-g<generation>-<seq> */
  guint connects;
  guint states;       /* GET /state answered */
  gint64 state_ahead; /* a gateway that contradicts itself: its state's seq this far ahead */
  GPtrArray *sockets; /* SoupWebsocketConnection, open ones */
} Gateway;

static char *
entry_event (Gateway *gateway, gint64 seq, const char *id)
{
  return g_strdup_printf (
      "{\"seq\": %" G_GINT64_FORMAT ", \"time\": \"2026-11-23T03:15:01.250Z\", \"type\": "
      "\"entry\", \"station_id\": \"hz-0001\", \"entry\": {\"id\": \"%s\", \"station_id\": "
      "\"hz-0001\", \"door_id\": null, \"time\": \"2026-11-23T03:15:01.250Z\", \"person_id\": "
      "null, \"person_name\": null, \"occupation\": \"unknown\", \"method\": \"face\", "
      "\"result\": \"stranger\", \"snapshot_id\": null}}",
      seq, id);
}

static gboolean
is_open (SoupWebsocketConnection *conn)
{
  return soup_websocket_connection_get_state (conn) == SOUP_WEBSOCKET_STATE_OPEN;
}

static void
send_entry (Gateway *gateway, SoupWebsocketConnection *conn, gint64 seq)
{
  g_autofree char *id = g_strdup_printf ("e-g%u-%" G_GINT64_FORMAT, gateway->generation, seq);
  g_autofree char *frame = entry_event (gateway, seq, id);

  soup_websocket_connection_send_text (conn, frame);
}

static void
login_cb (SoupServer *server, SoupServerMessage *msg, const char *path, GHashTable *query,
          gpointer user_data)
{
  static const char login[] = "{\"token\": \"t-epoch\", \"operator\": {\"name\": \"operator\", "
                              "\"display_name\": \"Operator\", \"role\": \"operator\"}, "
                              "\"expires_at\": \"2036-11-23T15:12:45.123Z\", "
                              "\"gateway\": {\"name\": \"epochs\", \"version\": \"1.0\"}}";

  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_STATIC, login,
                                    strlen (login));
  soup_server_message_set_status (msg, SOUP_STATUS_CREATED, NULL);
}

static void
state_cb (SoupServer *server, SoupServerMessage *msg, const char *path, GHashTable *query,
          gpointer user_data)
{
  Gateway *gateway = user_data;
  g_autofree char *epoch =
      gateway->epoch ? g_strdup_printf ("\"epoch\": \"%s\", ", gateway->epoch) : g_strdup ("");
  g_autofree char *state = g_strdup_printf (
      "{\"seq\": %" G_GINT64_FORMAT ", %s\"time\": \"2026-11-23T03:15:00.000Z\", "
      "\"gateway\": {\"name\": \"epochs\", \"version\": \"1.0\"}, \"stations\": [], "
      "\"cameras\": [], \"doors\": [], \"stock\": [], \"devices\": [], \"alarms\": []}",
      gateway->last_seq + gateway->state_ahead, epoch);

  gateway->states++;

  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY, state,
                                    strlen (state));
  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
}

static void
socket_closed_cb (SoupWebsocketConnection *conn, Gateway *gateway)
{
  g_signal_handlers_disconnect_by_data (conn, gateway);
  g_ptr_array_remove (gateway->sockets, conn);
}

/* hello, then the entries after `after` (all of this sequence's are kept), then live ones. */
static void
events_cb (SoupServer *server, SoupServerMessage *msg, const char *path,
           SoupWebsocketConnection *conn, gpointer user_data)
{
  Gateway *gateway = user_data;
  GUri *uri = soup_server_message_get_uri (msg);
  g_autoptr(GHashTable) query = NULL;
  g_autofree char *epoch =
      gateway->epoch ? g_strdup_printf (", \"epoch\": \"%s\"", gateway->epoch) : g_strdup ("");
  g_autofree char *hello = g_strdup_printf ("{\"type\": \"hello\", \"last_seq\": %" G_GINT64_FORMAT
                                            ", \"oldest_seq\": 1%s}",
                                            gateway->last_seq, epoch);
  gint64 after = gateway->last_seq;

  if (g_uri_get_query (uri) != NULL)
    {
      const char *text;

      query = g_uri_parse_params (g_uri_get_query (uri), -1, "&", G_URI_PARAMS_NONE, NULL);
      if ((text = g_hash_table_lookup (query, "after")) != NULL)
        after = g_ascii_strtoll (text, NULL, 10);
    }
  gateway->connects++;
  g_ptr_array_add (gateway->sockets, g_object_ref (conn));
  g_signal_connect (conn, "closed", G_CALLBACK (socket_closed_cb), gateway);
  soup_websocket_connection_set_keepalive_interval (conn, 0);
  soup_websocket_connection_send_text (conn, hello);
  for (gint64 seq = MAX (after, 0) + 1; after < gateway->last_seq && seq <= gateway->last_seq;
       seq++)
    send_entry (gateway, conn, seq);
}

/* @n new entries, numbered on, sent to every open link. */
static void
gateway_emit (Gateway *gateway, guint n)
{
  for (guint i = 0; i < n; i++)
    {
      gateway->last_seq++;
      for (guint j = 0; j < gateway->sockets->len; j++)
        if (is_open (g_ptr_array_index (gateway->sockets, j)))
          send_entry (gateway, g_ptr_array_index (gateway->sockets, j), gateway->last_seq);
    }
}

/* One event that claims a seq far past the sequence; the sequence itself does not move. */
static void
gateway_emit_absurd (Gateway *gateway, gint64 seq)
{
  g_autofree char *frame = entry_event (gateway, seq, "e-absurd");

  for (guint j = 0; j < gateway->sockets->len; j++)
    if (is_open (g_ptr_array_index (gateway->sockets, j)))
      soup_websocket_connection_send_text (g_ptr_array_index (gateway->sockets, j), frame);
}

/* Rebuilt: every link closed, the sequence again from 0 under @epoch. */
static void
gateway_restart (Gateway *gateway, const char *epoch)
{
  g_autoptr(GPtrArray) sockets = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < gateway->sockets->len; i++)
    g_ptr_array_add (sockets, g_object_ref (g_ptr_array_index (gateway->sockets, i)));

  g_free (gateway->epoch);
  gateway->epoch = g_strdup (epoch);
  gateway->last_seq = 0;
  gateway->generation++;
  for (guint i = 0; i < sockets->len; i++)
    if (is_open (g_ptr_array_index (sockets, i)))
      soup_websocket_connection_close (g_ptr_array_index (sockets, i),
                                       SOUP_WEBSOCKET_CLOSE_GOING_AWAY, "rebuilt");
}

static Gateway *
gateway_new (const char *epoch)
{
  Gateway *gateway = g_new0 (Gateway, 1);

  gateway->epoch = g_strdup (epoch);
  gateway->sockets = g_ptr_array_new_with_free_func (g_object_unref);
  gateway->server = yz_test_loopback_server_new (&gateway->base_url);
  soup_server_add_handler (gateway->server, "/api/v1/session", login_cb, gateway, NULL);
  soup_server_add_handler (gateway->server, "/api/v1/state", state_cb, gateway, NULL);
  soup_server_add_websocket_handler (gateway->server, "/api/v1/events", NULL, NULL, events_cb,
                                     gateway, NULL);
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
  g_free (gateway->base_url);
  g_free (gateway->epoch);
  g_free (gateway);
}

static YzSession *
session_for (Gateway *gateway, YzStore *store)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(YzGatewayBackend) backend =
      yz_gateway_backend_new (gateway->base_url, NULL, NULL, &error);
  YzSession *session;

  g_assert_no_error (error);
  yz_gateway_backend_set_stream_timing (backend, 15000, 1000);
  session = yz_session_new (store, YZ_BACKEND (backend));
  yz_session_start (session, "operator", "operator", NULL);
  return session;
}

/* ---- conditions ---- */

typedef struct
{
  YzStore *store;
  YzSession *session;
  Gateway *gateway;
  gint64 n;
  const char *text;
} Want;

static gboolean
has_entries (gpointer data)
{
  Want *want = data;

  return yz_test_store_int (want->store, "SELECT count(*) FROM entries") >= want->n;
}

static gboolean
has_connects (gpointer data)
{
  Want *want = data;

  return want->gateway->connects >= want->n &&
         yz_session_get_connection_state (want->session) == YZ_CONNECTION_CONNECTED;
}

static gboolean
has_stored_epoch (gpointer data)
{
  Want *want = data;
  g_autofree char *epoch = yz_test_store_text (
      want->store, "SELECT coalesce ((SELECT value FROM meta WHERE key = 'gateway.epoch'), '')");

  return g_strcmp0 (epoch, want->text) == 0 &&
         yz_session_get_connection_state (want->session) == YZ_CONNECTION_CONNECTED;
}

static gint64
stored_last_seq (YzStore *store)
{
  g_autofree char *text = yz_test_store_text (
      store, "SELECT coalesce ((SELECT value FROM meta WHERE key = 'last-seq'), '-1')");

  return text ? g_ascii_strtoll (text, NULL, 10) : -1;
}

/* ---- the cases ---- */

/* The gateway is rebuilt: its sequence starts again at 1, under a new epoch (or, for a
 * gateway without epochs, a hello whose last_seq is below the stored seq). The console
 * reloads the state, follows from its seq, keeps what it stored, and stores what follows. */
static void
check_restart (const char *epoch, const char *new_epoch)
{
  Gateway *gateway = gateway_new (epoch);
  g_autoptr(YzSession) session = NULL;
  YzTestFixture fx = { 0 };
  Want want = { 0 };

  yz_test_fixture_set_up (&fx, &(YzTestFixtureOptions){ .name = "epoch", .store_only = TRUE });
  want = (Want){ .store = fx.store, .gateway = gateway };
  session = session_for (gateway, fx.store);
  want.session = session;
  want.n = 1;
  g_assert_true (yz_test_wait (has_connects, &want, 20000));
  gateway_emit (gateway, 5);
  want.n = 5;
  g_assert_true (yz_test_wait (has_entries, &want, 20000));
  g_assert_cmpint (stored_last_seq (fx.store), ==, 5);

  gateway_restart (gateway, new_epoch);
  want.n = 3; /* the first link, the one the stream left at hello, the one after the state */
  g_assert_true (yz_test_wait (has_connects, &want, 20000));
  if (new_epoch != NULL)
    {
      want.text = new_epoch;
      g_assert_true (yz_test_wait (has_stored_epoch, &want, 20000));
    }
  gateway_emit (gateway, 3);
  want.n = 8;
  g_assert_true (yz_test_wait (has_entries, &want, 20000));
  g_assert_cmpint (stored_last_seq (fx.store), ==, 3);
  g_assert_cmpint (yz_session_get_last_seq (session), ==, 3);
  g_assert_cmpint (
      yz_test_store_int (fx.store, "SELECT count(*) FROM entries WHERE id LIKE 'e-g0-%%'"), ==, 5);
  g_assert_cmpint (
      yz_test_store_int (fx.store, "SELECT count(*) FROM entries WHERE id LIKE 'e-g1-%%'"), ==, 3);
  g_assert_cmpint (yz_test_store_int (fx.store, "SELECT count(*) FROM meta WHERE key = "
                                                "'gateway.sequence-restarts' AND value = '1'"),
                   ==, 1);

  yz_session_stop (session);
  g_clear_object (&session);
  gateway_free (gateway);
  yz_test_fixture_tear_down (&fx);
}

static void
test_new_epoch (void)
{
  check_restart ("epoch-a", "epoch-b");
}

static void
test_restart_without_epoch (void)
{
  check_restart (NULL, NULL);
}

/* The same epoch, a hello below the stored seq: a gateway restored from an older backup. */
static void
test_restored_backup (void)
{
  check_restart ("epoch-a", "epoch-a");
}

/* One event with seq G_MAXINT64: not stored, not advanced past; the stream reloads the state
 * and later events are stored; a console started again on the same record goes on too. */
static void
test_absurd_seq (void)
{
  Gateway *gateway = gateway_new ("epoch-a");
  g_autoptr(YzSession) session = NULL;
  YzTestFixture fx = { 0 };
  Want want = { 0 };

  yz_test_fixture_set_up (&fx, &(YzTestFixtureOptions){ .name = "epoch", .store_only = TRUE });
  session = session_for (gateway, fx.store);
  want = (Want){ .store = fx.store, .gateway = gateway, .session = session, .n = 1 };
  g_assert_true (yz_test_wait (has_connects, &want, 20000));
  gateway_emit (gateway, 3);
  want.n = 3;
  g_assert_true (yz_test_wait (has_entries, &want, 20000));

  gateway_emit_absurd (gateway, G_MAXINT64);
  want.n = 2; /* the link closed on the absurd seq, and followed again after the state */
  g_assert_true (yz_test_wait (has_connects, &want, 20000));
  gateway_emit (gateway, 3);
  want.n = 6;
  g_assert_true (yz_test_wait (has_entries, &want, 20000));
  g_assert_cmpint (yz_test_store_int (fx.store, "SELECT count(*) FROM entries WHERE id = "
                                                "'e-absurd'"),
                   ==, 0);
  g_assert_cmpint (stored_last_seq (fx.store), ==, 6);
  g_assert_cmpint (stored_last_seq (fx.store), <=, gateway->last_seq);

  /* The console again, on the same record. */
  yz_session_stop (session);
  g_clear_object (&session);
  session = session_for (gateway, fx.store);
  want.session = session;
  want.n = 3;
  g_assert_true (yz_test_wait (has_connects, &want, 20000));
  gateway_emit (gateway, 2);
  want.n = 8;
  g_assert_true (yz_test_wait (has_entries, &want, 20000));
  g_assert_cmpint (stored_last_seq (fx.store), ==, 8);

  yz_session_stop (session);
  g_clear_object (&session);
  gateway_free (gateway);
  yz_test_fixture_tear_down (&fx);
}

/* A record left by a console that took an absurd seq (last-seq at G_MAXINT64) records again
 * once it starts: the state's seq is below it. */
static void
test_stored_seq_above_gateway (void)
{
  Gateway *gateway = gateway_new ("epoch-a");
  g_autoptr(YzSession) session = NULL;
  YzTestFixture fx = { 0 };
  Want want = { 0 };

  yz_test_fixture_set_up (&fx, &(YzTestFixtureOptions){ .name = "epoch", .store_only = TRUE });
  yz_test_exec_sql (fx.store, "INSERT INTO meta (key, value) VALUES "
                              "('last-seq', '9223372036854775807'), ('gateway.epoch', 'epoch-a')");
  gateway_emit (gateway, 4);
  session = session_for (gateway, fx.store);
  want = (Want){ .store = fx.store, .gateway = gateway, .session = session, .n = 1 };
  g_assert_true (yz_test_wait (has_connects, &want, 20000));
  gateway_emit (gateway, 2);
  want.n = 2;
  g_assert_true (yz_test_wait (has_entries, &want, 20000));
  g_assert_cmpint (stored_last_seq (fx.store), ==, 6);

  yz_session_stop (session);
  g_clear_object (&session);
  gateway_free (gateway);
  yz_test_fixture_tear_down (&fx);
}

/* The console is away while the gateway is rebuilt, and the new sequence has already gone
 * past the stored seq: only the epoch tells. The console follows from the state's seq
 * instead of taking the new sequence's events for the old one's continuation. */
static void
test_new_epoch_while_away (void)
{
  Gateway *gateway = gateway_new ("epoch-a");
  g_autoptr(YzSession) session = NULL;
  YzTestFixture fx = { 0 };
  Want want = { 0 };

  yz_test_fixture_set_up (&fx, &(YzTestFixtureOptions){ .name = "epoch", .store_only = TRUE });
  session = session_for (gateway, fx.store);
  want = (Want){ .store = fx.store, .gateway = gateway, .session = session, .n = 1 };
  g_assert_true (yz_test_wait (has_connects, &want, 20000));
  gateway_emit (gateway, 5);
  want.n = 5;
  g_assert_true (yz_test_wait (has_entries, &want, 20000));
  yz_session_stop (session);
  g_clear_object (&session);

  gateway_restart (gateway, "epoch-b");
  gateway_emit (gateway, 20);
  session = session_for (gateway, fx.store);
  want.session = session;
  want.text = "epoch-b";
  g_assert_true (yz_test_wait (has_stored_epoch, &want, 20000));
  g_assert_cmpint (stored_last_seq (fx.store), ==, 20);
  want.n = 2; /* no reload: the state already told */
  g_assert_true (yz_test_wait (has_connects, &want, 20000));
  gateway_emit (gateway, 1);
  want.n = 6;
  g_assert_true (yz_test_wait (has_entries, &want, 20000));
  g_assert_cmpint (yz_test_store_int (fx.store, "SELECT count(*) FROM entries"), ==, 6);
  g_assert_cmpint (
      yz_test_store_int (fx.store, "SELECT count(*) FROM entries WHERE id = 'e-g1-21'"), ==, 1);
  g_assert_cmpint (stored_last_seq (fx.store), ==, 21);

  yz_session_stop (session);
  g_clear_object (&session);
  gateway_free (gateway);
  yz_test_fixture_tear_down (&fx);
}

static gboolean
flag_cb (gpointer data)
{
  *(gboolean *)data = TRUE;
  return G_SOURCE_REMOVE;
}

static gboolean
flag_set (gpointer data)
{
  return *(gboolean *)data;
}

/* A gateway whose stream contradicts its state (the state's seq ahead of hello's last_seq)
 * gets one reload, not one per link: then the console follows the stream as it is. */
static void
test_contradicting_gateway (void)
{
  Gateway *gateway = gateway_new ("epoch-a");
  g_autoptr(YzSession) session = NULL;
  YzTestFixture fx = { 0 };
  Want want = { 0 };
  gboolean waited = FALSE;

  yz_test_fixture_set_up (&fx, &(YzTestFixtureOptions){ .name = "epoch", .store_only = TRUE });
  gateway->state_ahead = 6;
  session = session_for (gateway, fx.store);
  want = (Want){ .store = fx.store, .gateway = gateway, .session = session, .n = 2 };
  g_assert_true (yz_test_wait (has_connects, &want, 20000));
  g_timeout_add (1500, flag_cb, &waited);
  g_assert_true (yz_test_wait (flag_set, &waited, 5000));
  g_test_message ("%u state loads, %u links", gateway->states, gateway->connects);
  g_assert_cmpuint (gateway->states, ==, 2);
  g_assert_cmpuint (gateway->connects, ==, 2);

  /* What it then sends past the state's seq is stored. */
  gateway->state_ahead = 0;
  gateway_emit (gateway, 8);
  want.n = 2;
  g_assert_true (yz_test_wait (has_entries, &want, 20000));
  g_assert_cmpint (stored_last_seq (fx.store), ==, 8);

  yz_session_stop (session);
  g_clear_object (&session);
  gateway_free (gateway);
  yz_test_fixture_tear_down (&fx);
}

static gboolean
has_entry (gpointer data)
{
  Want *want = data;

  return yz_test_store_int (want->store, "SELECT count(*) FROM entries WHERE id = '%s'",
                            want->text) == 1;
}

/* The real simulator's _control/new-epoch: the session resyncs and keeps storing. */
static void
test_sim_new_epoch (void)
{
  YzTestFixture fx = { 0 };
  g_autoptr(JsonNode) reply = NULL;
  g_autoptr(JsonNode) entry = NULL;
  g_autofree char *epoch = NULL;
  g_autofree char *old_epoch = NULL;
  Want want = { 0 };
  gint64 before;

  yz_test_fixture_set_up (&fx, &(YzTestFixtureOptions){ .name = "epoch-sim",
                                                        .stations = 4,
                                                        .control = TRUE,
                                                        .stream_silence_ms = 15000,
                                                        .stream_backoff_ms = 1000 });
  old_epoch = yz_test_store_text (
      fx.store, "SELECT coalesce ((SELECT value FROM meta WHERE key = 'gateway.epoch'), '')");
  g_assert_cmpstr (old_epoch, !=, "");
  /* Some events of the first epoch: the stored seq is above where the next one starts. */
  g_clear_pointer (&reply, json_node_unref);
  reply = yz_test_fixture_control (&fx, "burst", "{\"count\": 50}");
  want = (Want){ .store = fx.store, .session = fx.session };
  g_clear_pointer (&reply, json_node_unref);
  reply = yz_test_fixture_control (&fx, "entry", "{\"station_id\": \"hz-0001\"}");
  want.text = json_object_get_string_member (json_node_get_object (reply), "id");
  g_assert_true (yz_test_wait (has_entry, &want, 20000));
  before = stored_last_seq (fx.store);
  g_assert_cmpint (before, >=, 51);

  g_clear_pointer (&reply, json_node_unref);
  reply = yz_test_fixture_control (&fx, "new-epoch", "{}");
  epoch = g_strdup (json_object_get_string_member (json_node_get_object (reply), "epoch"));
  g_assert_cmpstr (epoch, !=, old_epoch);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (reply), "last_seq"), ==, 0);
  want.text = epoch;
  g_assert_true (yz_test_wait (has_stored_epoch, &want, 20000));
  g_assert_cmpint (stored_last_seq (fx.store), <, before);

  entry = yz_test_fixture_control (&fx, "entry", "{\"station_id\": \"hz-0002\"}");
  want.text = json_object_get_string_member (json_node_get_object (entry), "id");
  g_assert_true (yz_test_wait (has_entry, &want, 20000));
  g_assert_cmpint (yz_test_store_int (fx.store, "SELECT count(*) FROM meta WHERE key = "
                                                "'gateway.sequence-restarted'"),
                   ==, 1);
  /* The journal keeps both sequences: the new one's entry under its epoch, though its seq
   * was taken in the first; the first's events are still there. */
  g_assert_cmpint (yz_test_store_int (fx.store,
                                      "SELECT count(*) FROM events WHERE sequence = 1 AND epoch = "
                                      "'%s' AND type = 'entry' AND json LIKE '%%\"%s\"%%'",
                                      epoch, want.text),
                   ==, 1);
  g_assert_cmpint (yz_test_store_int (fx.store, "SELECT count(*) FROM events WHERE sequence = 0"),
                   >=, before);

  yz_test_fixture_tear_down (&fx);
}

/* ---- a record that cannot be written ---- */

static gboolean
store_warning_is_expected (const char *domain, GLogLevelFlags level, const char *message,
                           gpointer data)
{
  /* The record layer warns of each failed statement; that is what this case makes. */
  return strstr (message, "readonly") == NULL;
}

static gboolean
not_recording (gpointer data)
{
  return yz_session_get_recording_problem (data) != NULL;
}

static gboolean
recording (gpointer data)
{
  return yz_session_get_recording_problem (data) == NULL;
}

/* Writes fail (the database refuses them): the session says it is not recording, and why,
 * while still connected; once writes work, it records again, the events it missed too. */
static void
test_not_recording (void)
{
  Gateway *gateway = gateway_new ("epoch-a");
  g_autoptr(YzSession) session = NULL;
  YzTestFixture fx = { 0 };
  Want want = { 0 };

  g_test_log_set_fatal_handler (store_warning_is_expected, NULL);
  yz_test_fixture_set_up (&fx, &(YzTestFixtureOptions){ .name = "epoch", .store_only = TRUE });
  session = session_for (gateway, fx.store);
  want = (Want){ .store = fx.store, .gateway = gateway, .session = session, .n = 1 };
  g_assert_true (yz_test_wait (has_connects, &want, 20000));
  gateway_emit (gateway, 2);
  want.n = 2;
  g_assert_true (yz_test_wait (has_entries, &want, 20000));
  g_assert_null (yz_session_get_recording_problem (session));

  yz_test_exec_sql (fx.store, "PRAGMA query_only = 1");
  gateway_emit (gateway, 3);
  g_assert_true (yz_test_wait (not_recording, session, 20000));
  g_test_message ("%s", yz_session_get_recording_problem (session));
  g_assert_nonnull (strstr (yz_session_get_recording_problem (session), "readonly"));
  g_assert_cmpint (yz_session_get_connection_state (session), ==, YZ_CONNECTION_CONNECTED);
  g_assert_cmpint (yz_test_store_int (fx.store, "SELECT count(*) FROM entries"), ==, 2);
  g_assert_cmpint (stored_last_seq (fx.store), ==, 2);

  /* Writable again: the next event finds it, and the missed ones are replayed. */
  yz_test_exec_sql (fx.store, "PRAGMA query_only = 0");
  gateway_emit (gateway, 1);
  g_assert_true (yz_test_wait (recording, session, 20000));
  want.n = 6;
  g_assert_true (yz_test_wait (has_entries, &want, 20000));
  g_assert_cmpint (stored_last_seq (fx.store), ==, 6);

  yz_session_stop (session);
  g_clear_object (&session);
  gateway_free (gateway);
  yz_test_fixture_tear_down (&fx);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/yizhan/epoch/new-epoch", test_new_epoch);
  g_test_add_func ("/yizhan/epoch/restart-without-epoch", test_restart_without_epoch);
  g_test_add_func ("/yizhan/epoch/restored-backup", test_restored_backup);
  g_test_add_func ("/yizhan/epoch/absurd-seq", test_absurd_seq);
  g_test_add_func ("/yizhan/epoch/stored-seq-above-gateway", test_stored_seq_above_gateway);
  g_test_add_func ("/yizhan/epoch/new-epoch-while-away", test_new_epoch_while_away);
  g_test_add_func ("/yizhan/epoch/contradicting-gateway", test_contradicting_gateway);
  g_test_add_func ("/yizhan/epoch/sim-new-epoch", test_sim_new_epoch);
  g_test_add_func ("/yizhan/epoch/not-recording", test_not_recording);

  return g_test_run ();
}
