/* bench-sim-events.c
 *
 * Events per second yizhan-sim sustains to one WebSocket client on loopback, printed beside
 * the rate at which it generates the same events with no client attached (the baseline,
 * measured in the same run on the same machine).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "yz-test-sim.h"

#define EVENTS 50000

typedef struct
{
  gint64 last_seq;
  gint64 target;
} Counter;

static void
message_cb (SoupWebsocketConnection *conn, int type, GBytes *message, Counter *counter)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *object;

  if (!json_parser_load_from_data (parser, g_bytes_get_data (message, NULL),
                                   g_bytes_get_size (message), NULL))
    return;
  object = json_node_get_object (json_parser_get_root (parser));
  if (json_object_has_member (object, "seq"))
    counter->last_seq = MAX (counter->last_seq, json_object_get_int_member (object, "seq"));
}

static gboolean
reached (gpointer user_data)
{
  Counter *counter = user_data;

  return counter->target > 0 && counter->last_seq >= counter->target;
}

static void
connect_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  *(SoupWebsocketConnection **)user_data =
      soup_session_websocket_connect_finish (SOUP_SESSION (object), result, NULL);
}

static gboolean
connected (gpointer user_data)
{
  return *(SoupWebsocketConnection **)user_data != NULL;
}

static double
burst (YzTestSim *sim, const char *token, guint count)
{
  g_autofree char *body = g_strdup_printf ("{\"count\":%u}", count);
  gint64 start = g_get_monotonic_time ();
  guint status = 0;
  g_autoptr(JsonNode) nothing =
      yz_test_sim_request (sim, "POST", "/api/v1/_control/burst", token, body, &status);

  g_assert_cmpuint (status, ==, 204);

  return (g_get_monotonic_time () - start) / 1e6;
}

int
main (int argc, char *argv[])
{
  YzTestSim *sim;
  g_autofree char *token = NULL;
  g_autofree char *url = NULL;
  g_autofree char *header = NULL;
  g_autoptr(SoupMessage) msg = NULL;
  SoupWebsocketConnection *conn = NULL;
  Counter counter = { 0 };
  guint status = 0;
  double generate_s;
  double send_s;
  gint64 start;

  g_test_init (&argc, &argv, NULL);

  sim = yz_test_sim_start ("--no-cameras", "--control", "--replay-window=1000000", NULL);
  token = yz_test_sim_login (sim, "operator");

  /* Baseline: the same events generated, numbered, serialised and kept, with nobody listening. */
  generate_s = burst (sim, token, EVENTS);

  /* Then with one client following the stream. */
  url = g_strdup_printf ("%s/api/v1/events", yz_test_sim_get_base_url (sim));
  header = g_strconcat ("Bearer ", token, NULL);
  msg = soup_message_new ("GET", url);
  soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", header);
  soup_session_websocket_connect_async (yz_test_sim_get_session (sim), msg, NULL, NULL,
                                        G_PRIORITY_DEFAULT, NULL, connect_cb, &conn);
  g_assert_true (yz_test_wait (connected, &conn, 10000));
  soup_websocket_connection_set_max_incoming_payload_size (conn, 0);
  g_signal_connect (conn, "message", G_CALLBACK (message_cb), &counter);

  {
    g_autoptr(JsonNode) state =
        yz_test_sim_request (sim, "GET", "/api/v1/state", token, NULL, &status);
    counter.target = json_object_get_int_member (json_node_get_object (state), "seq") + EVENTS;
  }
  start = g_get_monotonic_time ();
  burst (sim, token, EVENTS);
  g_assert_true (yz_test_wait (reached, &counter, 120000));
  send_s = (g_get_monotonic_time () - start) / 1e6;

  g_print ("yizhan-sim events: %d events\n", EVENTS);
  g_print ("  generated, no client (baseline): %10.0f events/s\n", EVENTS / generate_s);
  g_print ("  sent to one WebSocket client:     %10.0f events/s (target >= 5000)\n",
           EVENTS / send_s);
  g_print ("  ratio sent/generated:             %10.2f\n", generate_s / send_s);

  soup_websocket_connection_close (conn, SOUP_WEBSOCKET_CLOSE_NORMAL, NULL);
  g_clear_object (&conn);
  yz_test_sim_stop (sim);

  return 0;
}
