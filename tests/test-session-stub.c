/* test-session-stub.c
 *
 * YzSession on the scripted backend (yz-test-backend.c) with a real SQLite store: log-in,
 * failures and retries, the connection state and its notifications, a kept token, a
 * dropped stream, the offline view from the store, the state applied, events in batches,
 * resync, snapshots and the journal's retention. No simulator: each case takes well under
 * a second or two.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-session-stub"

#include "config.h"

#include <time.h>

#include "yz-session.h"
#include "yz-test-backend.h"
#include "yz-test-util.h"
#include "yz-test-sim.h"

typedef struct
{
  YzSession *session;
  gint64 seq;
  const char *id;
  int occupancy;
  const char *status;
} Until;

static gboolean
reached_seq (gpointer data)
{
  Until *until = data;

  return yz_session_get_last_seq (until->session) >= until->seq;
}

static gboolean
has_status (gpointer data)
{
  Until *until = data;

  return g_strcmp0 (yz_session_get_status (until->session), until->status) == 0;
}

static gboolean
waiting_to_retry (gpointer data)
{
  return yz_session_get_next_attempt (((Until *)data)->session) > 0;
}

static gboolean
has_occupancy (gpointer data)
{
  Until *until = data;
  YzStation *station = yz_session_lookup_station (until->session, until->id);

  return station != NULL && yz_station_get_occupancy (station) == until->occupancy;
}

static gboolean
has_alarm (gpointer data)
{
  Until *until = data;

  return yz_session_lookup_alarm (until->session, until->id) != NULL;
}

static void
state_notify_cb (YzSession *session, GParamSpec *pspec, GArray *states)
{
  YzConnectionState state = yz_session_get_connection_state (session);

  g_array_append_val (states, state);
}

static void
count_cb (gpointer instance, gpointer arg, guint *count)
{
  (*count)++;
}

static void
logged_in_cb (YzSession *session, const char *token, char **out)
{
  g_free (*out);
  *out = g_strdup (token);
}

/* Starts @session as @operator_name and waits until it follows the stream. */
static void
start_and_wait (YzSession *session, const char *operator_name)
{
  yz_session_start (session, operator_name, "secret", NULL);
  g_assert_true (yz_test_session_wait_state (session, YZ_CONNECTION_CONNECTED, 5000));
}

/* Log-in, state, stream: the session connects, says who is logged in, and fills its
 * models and its store from the state. */
static void
test_log_in (void)
{
  g_autoptr(YzTestBackend) backend = yz_test_backend_new_city (3);
  g_autoptr(YzSession) session = yz_test_backend_new_session (backend, "city.db");
  g_autoptr(GArray) states = g_array_new (FALSE, FALSE, sizeof (YzConnectionState));
  g_autofree char *token = NULL;
  YzStore *store = yz_session_get_store (session);
  YzTestCall *call;
  YzDoor *door;

  g_signal_connect (session, "notify::connection-state", G_CALLBACK (state_notify_cb), states);
  g_signal_connect (session, "logged-in", G_CALLBACK (logged_in_cb), &token);
  g_assert_cmpint (yz_session_get_connection_state (session), ==, YZ_CONNECTION_DISCONNECTED);
  g_assert_cmpint (yz_session_get_role (session), ==, YZ_ROLE_NONE);
  g_assert_cmpuint (g_list_model_get_n_items (yz_session_get_stations (session)), ==, 0);

  yz_session_start (session, "operator", "secret", NULL);
  g_assert_cmpint (yz_session_get_connection_state (session), ==, YZ_CONNECTION_CONNECTING);
  g_assert_true (yz_test_session_wait_state (session, YZ_CONNECTION_CONNECTED, 5000));

  /* Who is logged in, and where. */
  g_assert_cmpstr (yz_session_get_operator_name (session), ==, "operator");
  g_assert_cmpstr (yz_session_get_display_name (session), ==, "值班员operator");
  g_assert_cmpint (yz_session_get_role (session), ==, YZ_ROLE_OPERATOR);
  g_assert_cmpstr (yz_session_get_gateway_name (session), ==, "测试驿站网关");
  g_assert_cmpstr (token, ==, "stub-token-1");
  g_assert_null (yz_session_get_status (session));
  g_assert_cmpint (yz_session_get_disconnected_since (session), ==, 0);
  g_assert_cmpint (yz_session_get_next_attempt (session), ==, 0);

  /* What it asked: log in with the password, the state, then the events after it. */
  call = yz_test_backend_last_call (backend, "log-in");
  g_assert_nonnull (call);
  g_assert_cmpstr (call->target, ==, "operator");
  g_assert_cmpstr (call->text, ==, "secret");
  g_assert_cmpuint (yz_test_backend_count_calls (backend, "log-in"), ==, 1);
  g_assert_cmpuint (yz_test_backend_count_calls (backend, "load-state"), ==, 1);
  g_assert_cmpint (yz_test_backend_last_call (backend, "follow")->value, ==,
                   yz_test_backend_get_seq (backend));

  /* Connecting, then connected; never disconnected on the way (the start's own stop may
   * notify the old state first). */
  {
    guint first = 0;

    while (first < states->len &&
           g_array_index (states, YzConnectionState, first) == YZ_CONNECTION_DISCONNECTED)
      first++;
    g_assert_cmpuint (first, <=, 1);
    g_assert_cmpuint (states->len - first, >=, 2);
    g_assert_cmpint (g_array_index (states, YzConnectionState, states->len - 1), ==,
                     YZ_CONNECTION_CONNECTED);
    for (guint i = first; i + 1 < states->len; i++)
      g_assert_cmpint (g_array_index (states, YzConnectionState, i), ==, YZ_CONNECTION_CONNECTING);
  }

  /* The models and the record hold the state. */
  g_assert_cmpuint (g_list_model_get_n_items (yz_session_get_stations (session)), ==, 3);
  g_assert_cmpuint (g_list_model_get_n_items (yz_session_get_cameras (session)), ==, 3);
  g_assert_cmpuint (g_list_model_get_n_items (yz_session_get_stock (session)), ==, 3);
  g_assert_cmpuint (g_list_model_get_n_items (yz_session_get_devices (session)), ==, 6);
  door = yz_session_lookup_door (session, "hz-0002-door1");
  g_assert_nonnull (door);
  g_assert_cmpstr (yz_door_get_station_id (door), ==, "hz-0002");
  g_assert_cmpstr (yz_door_get_state (door), ==, "locked");
  g_assert_cmpuint (g_list_model_get_n_items (
                        yz_station_get_doors (yz_session_lookup_station (session, "hz-0002"))),
                    ==, 1);
  g_assert_cmpint (yz_test_store_int (store, "SELECT count(*) FROM stations"), ==, 3);
  g_assert_cmpint (yz_test_store_int (store, "SELECT count(*) FROM devices WHERE switchable = 1"),
                   ==, 3);

  /* Stopping: disconnected, the stream stopped, the models kept. */
  yz_session_stop (session);
  g_assert_cmpint (yz_session_get_connection_state (session), ==, YZ_CONNECTION_DISCONNECTED);
  g_assert_cmpint (yz_test_backend_get_stream_state (backend), ==, YZ_CONNECTION_DISCONNECTED);
  g_assert_cmpuint (yz_test_backend_count_calls (backend, "stop"), >=, 1);
  g_assert_cmpuint (g_list_model_get_n_items (yz_session_get_stations (session)), ==, 3);
}

/* Stopped while logging in, started again: the first answer, cancelled, changes
 * nothing; the second logs in. */
static void
test_stale_log_in (void)
{
  g_autoptr(YzTestBackend) backend = yz_test_backend_new_city (2);
  g_autoptr(YzSession) session = yz_test_backend_new_session (backend, "city.db");

  yz_test_backend_hold (backend, "log-in", TRUE);
  yz_session_start (session, "observer", "secret", NULL);
  g_assert_cmpuint (yz_test_backend_get_n_held (backend, "log-in"), ==, 1);
  yz_session_stop (session);
  g_assert_cmpint (yz_session_get_connection_state (session), ==, YZ_CONNECTION_DISCONNECTED);
  yz_session_start (session, "operator", "secret", NULL);
  g_assert_cmpuint (yz_test_backend_count_calls (backend, "log-in"), ==, 2);

  yz_test_backend_hold (backend, "log-in", FALSE);
  yz_test_backend_release (backend, "log-in");
  g_assert_true (yz_test_session_wait_state (session, YZ_CONNECTION_CONNECTED, 5000));
  g_assert_cmpint (yz_session_get_role (session), ==, YZ_ROLE_OPERATOR);
  g_assert_cmpstr (yz_session_get_operator_name (session), ==, "operator");
  g_assert_cmpuint (yz_test_backend_count_calls (backend, "load-state"), ==, 1);
}

/* A wrong password: said once, not retried. */
static void
test_wrong_password (void)
{
  g_autoptr(YzTestBackend) backend = yz_test_backend_new_city (2);
  g_autoptr(YzSession) session = yz_test_backend_new_session (backend, "city.db");
  Until until = { .session = session, .status = "Wrong operator name or password" };

  yz_test_backend_set_password (backend, "right");
  yz_session_start (session, "operator", "wrong", NULL);
  g_assert_true (yz_test_wait (has_status, &until, 5000));

  g_assert_cmpstr (yz_session_get_status (session), ==, "Wrong operator name or password");
  g_assert_cmpint (yz_session_get_connection_state (session), ==, YZ_CONNECTION_DISCONNECTED);
  g_assert_cmpint (yz_session_get_next_attempt (session), ==, 0);
  g_assert_cmpint (yz_session_get_disconnected_since (session), >, 0);
  g_assert_false (yz_session_retry_now (session));
  g_assert_cmpuint (yz_test_backend_count_calls (backend, "log-in"), ==, 1);
  g_assert_cmpuint (yz_test_backend_count_calls (backend, "load-state"), ==, 0);
  g_assert_cmpint (yz_session_get_role (session), ==, YZ_ROLE_NONE);
}

/* An unreachable gateway: the session says why, tries again by itself after about a
 * second, or at once when asked. */
static void
test_unreachable_retries (void)
{
  g_autoptr(YzTestBackend) backend = yz_test_backend_new_city (2);
  g_autoptr(YzSession) session = yz_test_backend_new_session (backend, "city.db");
  Until until = { .session = session, .status = "Cannot reach the gateway: connection refused" };
  guint n_since = 0;
  gint64 now, next;

  g_signal_connect (session, "notify::disconnected-since", G_CALLBACK (count_cb), &n_since);
  yz_test_backend_fail (backend, "log-in", 1, YZ_BACKEND_ERROR_NETWORK,
                        "Cannot reach the gateway: connection refused");
  yz_session_start (session, "operator", "secret", NULL);
  g_assert_true (yz_test_wait (has_status, &until, 5000));

  now = g_get_real_time ();
  next = yz_session_get_next_attempt (session);
  g_assert_cmpstr (yz_session_get_status (session), ==,
                   "Cannot reach the gateway: connection refused");
  g_assert_cmpint (yz_session_get_connection_state (session), ==, YZ_CONNECTION_CONNECTING);
  g_assert_cmpint (next, >, now);
  g_assert_cmpint (next, <=, now + 1300 * 1000);
  g_assert_cmpint (yz_session_get_disconnected_since (session), >, 0);
  g_assert_cmpuint (n_since, ==, 1);

  /* By itself. */
  g_assert_true (yz_test_session_wait_state (session, YZ_CONNECTION_CONNECTED, 5000));
  g_assert_cmpuint (yz_test_backend_count_calls (backend, "log-in"), ==, 2);
  g_assert_cmpint (yz_session_get_disconnected_since (session), ==, 0);
  g_assert_cmpuint (n_since, ==, 2);
  g_assert_null (yz_session_get_status (session));

  /* The token is refused mid-stream and the gateway is gone: waiting to try again. */
  yz_test_backend_fail (backend, "log-in", G_MAXUINT, YZ_BACKEND_ERROR_UNAVAILABLE,
                        "The gateway failed (503)");
  yz_test_backend_emit_unauthorized (backend);
  g_assert_cmpuint (yz_test_backend_count_calls (backend, "log-in"), ==, 3);
  until.status = "The gateway failed (503)";
  g_assert_true (yz_test_wait (has_status, &until, 5000));
  g_assert_true (yz_test_wait (waiting_to_retry, &until, 5000));

  /* Asked to try now: at once, and again failing, again waiting. */
  g_assert_true (yz_session_retry_now (session));
  g_assert_cmpuint (yz_test_backend_count_calls (backend, "log-in"), ==, 4);
  g_assert_true (yz_test_wait (waiting_to_retry, &until, 5000));
  g_assert_cmpint (yz_session_get_connection_state (session), ==, YZ_CONNECTION_CONNECTING);

  /* The gateway is back: the next try now connects. */
  yz_test_backend_fail (backend, "log-in", 0, 0, NULL);
  g_assert_true (yz_session_retry_now (session));
  g_assert_true (yz_test_session_wait_state (session, YZ_CONNECTION_CONNECTED, 5000));
  g_assert_cmpuint (yz_test_backend_count_calls (backend, "log-in"), ==, 5);
  g_assert_false (yz_session_retry_now (session));
}

/* A token kept from an earlier log-in goes straight to the state; when the gateway no
 * longer takes it, the session logs in with the password. */
static void
test_token (void)
{
  g_autoptr(YzTestBackend) backend = yz_test_backend_new_city (2);
  g_autoptr(YzSession) session = yz_test_backend_new_session (backend, "city.db");
  g_autoptr(YzSession) second = NULL;

  yz_session_start (session, "operator", "secret", "kept-token");
  g_assert_true (yz_test_session_wait_state (session, YZ_CONNECTION_CONNECTED, 5000));
  g_assert_cmpstr (yz_test_backend_last_call (backend, "set-token")->target, ==, "kept-token");
  g_assert_cmpuint (yz_test_backend_count_calls (backend, "log-in"), ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (yz_session_get_stations (session)), ==, 2);

  /* Refused: log in with the password, then the state again. */
  g_clear_object (&session);
  yz_test_backend_clear_calls (backend);
  second = yz_test_backend_new_session (backend, "city.db");
  yz_test_backend_fail (backend, "load-state", 1, YZ_BACKEND_ERROR_UNAUTHORIZED, "expired");
  yz_session_start (second, "supervisor", "secret", "expired-token");
  g_assert_true (yz_test_session_wait_state (second, YZ_CONNECTION_CONNECTED, 5000));
  g_assert_cmpuint (yz_test_backend_count_calls (backend, "load-state"), ==, 2);
  g_assert_cmpuint (yz_test_backend_count_calls (backend, "log-in"), ==, 1);
  g_assert_cmpint (yz_session_get_role (second), ==, YZ_ROLE_SUPERVISOR);
}

/* With a kept token the session asks the gateway whose it is, and so knows its role and name
 * without sending the password. */
static void
test_token_role (void)
{
  g_autoptr(YzTestBackend) backend = yz_test_backend_new_city (2);
  g_autoptr(YzSession) session = yz_test_backend_new_session (backend, "city.db");

  yz_test_backend_set_token_owner (backend, "kept-token", "supervisor");
  yz_session_start (session, "supervisor", "secret", "kept-token");
  g_assert_true (yz_test_session_wait_state (session, YZ_CONNECTION_CONNECTED, 5000));
  g_assert_cmpint (yz_session_get_role (session), ==, YZ_ROLE_SUPERVISOR);
  g_assert_cmpstr (yz_session_get_display_name (session), ==, "值班员supervisor");
  g_assert_cmpuint (yz_test_backend_count_calls (backend, "resume"), ==, 1);
  g_assert_cmpuint (yz_test_backend_count_calls (backend, "log-in"), ==, 0);
}

/* The stream drops: the session says it is reconnecting and when; events of the gap
 * arrive once it is back; retry-now asks the backend to try at once. */
static void
test_stream_drop (void)
{
  g_autoptr(YzTestBackend) backend = yz_test_backend_new_city (2);
  g_autoptr(YzSession) session = yz_test_backend_new_session (backend, "city.db");
  Until until = { .session = session, .id = "hz-0001", .occupancy = 5 };
  guint n_next = 0;
  gint64 next;

  start_and_wait (session, "operator");
  yz_test_backend_station_status (backend, "hz-0001", TRUE, 5);
  g_assert_true (yz_test_wait (has_occupancy, &until, 5000));

  g_signal_connect (session, "notify::next-attempt", G_CALLBACK (count_cb), &n_next);
  yz_test_backend_drop (backend, 60000);
  g_assert_cmpint (yz_session_get_connection_state (session), ==, YZ_CONNECTION_CONNECTING);
  g_assert_cmpstr (yz_session_get_status (session), ==, "Connection lost; reconnecting…");
  g_assert_cmpint (yz_session_get_disconnected_since (session), >, 0);
  next = yz_session_get_next_attempt (session);
  g_assert_cmpint (next, >, g_get_real_time () + 50 * G_USEC_PER_SEC);
  g_assert_cmpuint (n_next, >=, 1);

  /* Events while away wait for the connection. */
  yz_test_backend_station_status (backend, "hz-0001", TRUE, 7);
  until.occupancy = 7;
  g_assert_false (yz_test_wait (has_occupancy, &until, 200));

  /* Refused while not connected: a command is not sent. */
  g_assert_true (yz_session_retry_now (session));
  g_assert_cmpuint (yz_test_backend_count_calls (backend, "reconnect-now"), ==, 1);
  g_assert_true (yz_test_session_wait_state (session, YZ_CONNECTION_CONNECTED, 5000));
  g_assert_true (yz_test_wait (has_occupancy, &until, 5000));
  g_assert_cmpint (yz_session_get_disconnected_since (session), ==, 0);
  g_assert_cmpint (yz_session_get_next_attempt (session), ==, 0);
  g_assert_null (yz_session_get_status (session));
  /* No new log-in for a drop of the stream. */
  g_assert_cmpuint (yz_test_backend_count_calls (backend, "log-in"), ==, 1);
}

/* The gateway refuses the token mid-stream: log in again and carry on. */
static void
test_unauthorized (void)
{
  g_autoptr(YzTestBackend) backend = yz_test_backend_new_city (2);
  g_autoptr(YzSession) session = yz_test_backend_new_session (backend, "city.db");
  g_autofree char *token = NULL;
  Until until = { .session = session, .id = "hz-0002", .occupancy = 3 };

  g_signal_connect (session, "logged-in", G_CALLBACK (logged_in_cb), &token);
  start_and_wait (session, "operator");
  g_assert_cmpstr (token, ==, "stub-token-1");

  yz_test_backend_emit_unauthorized (backend);
  g_assert_cmpuint (yz_test_backend_count_calls (backend, "log-in"), ==, 2);
  g_assert_true (yz_test_session_wait_state (session, YZ_CONNECTION_CONNECTED, 5000));
  g_assert_cmpstr (token, ==, "stub-token-2");
  yz_test_backend_station_status (backend, "hz-0002", TRUE, 3);
  g_assert_true (yz_test_wait (has_occupancy, &until, 5000));
}

/* What the last session stored is shown before any connection, and stays when the
 * gateway cannot be reached. */
static void
test_offline_view (void)
{
  g_autoptr(YzTestBackend) backend = yz_test_backend_new_city (3);
  g_autoptr(YzTestBackend) unreachable = yz_test_backend_new_city (3);
  g_autoptr(YzSession) session = yz_test_backend_new_session (backend, "city.db");
  Until until = { .session = session };
  YzStation *station;
  YzAlarm *alarm;
  gint64 last_seq;

  start_and_wait (session, "operator");
  yz_test_backend_emit_json (backend, "{\"type\": \"stock.level\", \"station_id\": \"hz-0001\","
                                      " \"stock_id\": \"hz-0001-water\", \"level\": 5}");
  yz_test_backend_raise_alarm (backend, "a-000001", "hz-0002", "hz-0002-cam1", "fall", "critical");
  yz_test_backend_entry (backend, "e-000001", "hz-0002", "stranger");
  yz_test_backend_station_status (backend, "hz-0003", FALSE, 0);
  until.seq = yz_test_backend_get_seq (backend);
  g_assert_true (yz_test_wait (reached_seq, &until, 5000));
  last_seq = yz_session_get_last_seq (session);
  g_clear_object (&session);

  /* A new session on the same record, before it connects. */
  yz_test_backend_fail (unreachable, "log-in", G_MAXUINT, YZ_BACKEND_ERROR_NETWORK,
                        "Cannot reach the gateway");
  session = yz_test_backend_new_session (unreachable, "city.db");
  until.session = session;
  g_assert_cmpint (yz_session_get_connection_state (session), ==, YZ_CONNECTION_DISCONNECTED);
  g_assert_cmpint (yz_session_get_last_seq (session), ==, last_seq);
  g_assert_cmpuint (g_list_model_get_n_items (yz_session_get_stations (session)), ==, 3);
  g_assert_cmpint (yz_stock_get_level (yz_session_lookup_stock (session, "hz-0001-water")), ==, 5);
  g_assert_true (yz_stock_get_low (yz_session_lookup_stock (session, "hz-0001-water")));
  g_assert_cmpuint (yz_station_get_n_low_stock (yz_session_lookup_station (session, "hz-0001")), ==,
                    1);
  alarm = yz_session_lookup_alarm (session, "a-000001");
  g_assert_nonnull (alarm);
  g_assert_cmpint (yz_alarm_get_state (alarm), ==, YZ_ALARM_STATE_NEW);
  g_assert_cmpstr (yz_alarm_get_station_name (alarm), ==, "测试驿站2号");
  g_assert_cmpuint (yz_session_get_n_unacknowledged (session), ==, 1);
  station = yz_session_lookup_station (session, "hz-0002");
  g_assert_cmpint (yz_station_get_worst_priority (station), ==, YZ_PRIORITY_CRITICAL);
  g_assert_false (yz_station_get_online (yz_session_lookup_station (session, "hz-0003")));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (yz_session_get_entries (session))), ==,
                    1);

  /* The gateway cannot be reached: the view stays as it was. */
  until.status = "Cannot reach the gateway";
  yz_session_start (session, "operator", "secret", NULL);
  g_assert_true (yz_test_wait (has_status, &until, 5000));
  g_assert_cmpint (yz_session_get_connection_state (session), ==, YZ_CONNECTION_CONNECTING);
  g_assert_cmpuint (g_list_model_get_n_items (yz_session_get_stations (session)), ==, 3);
  g_assert_nonnull (yz_session_lookup_alarm (session, "a-000001"));
  g_assert_cmpint (yz_session_get_last_seq (session), ==, last_seq);
}

/* A malformed item of the state is left out; the rest of the city comes. */
static void
test_state_malformed_item (void)
{
  g_autoptr(YzTestBackend) backend = yz_test_backend_new_city (2);
  g_autoptr(YzSession) session = yz_test_backend_new_session (backend, "city.db");

  json_object_set_string_member (
      json_object_get_object_member (yz_test_backend_lookup (backend, "hz-0002"), "location"),
      "datum", "mars");
  start_and_wait (session, "operator");
  g_assert_cmpuint (g_list_model_get_n_items (yz_session_get_stations (session)), ==, 1);
  g_assert_nonnull (yz_session_lookup_station (session, "hz-0001"));
  g_assert_null (yz_session_lookup_station (session, "hz-0002"));
  /* Its devices hang off no station: not shown either. */
  g_assert_null (yz_session_lookup_device (session, "hz-0002-ac"));
  g_assert_cmpint (
      yz_test_store_int (yz_session_get_store (session), "SELECT count(*) FROM devices"), ==, 2);
}

/* A burst is written in passes bounded by time, models after each: nothing while it is
 * delivered (which is one main-loop pass of the stream's), then slices of about 8 ms, each
 * one transaction; every event stored once and in order, the last seq advanced with each
 * commit. */
static void
test_batches (void)
{
  g_autoptr(YzTestBackend) backend = yz_test_backend_new_city (3);
  g_autoptr(YzSession) session = yz_test_backend_new_session (backend, "city.db");
  Until until = { .session = session };
  YzStore *store = yz_session_get_store (session);
  const guint n = 10000;
  guint n_flushes = 0;
  gint64 first_seq, longest = 0, deadline;
  int occupancy[3] = { 0 };

  start_and_wait (session, "operator");
  first_seq = yz_session_get_last_seq (session);
  g_signal_connect (session, "notify::last-seq", G_CALLBACK (count_cb), &n_flushes);

  /* Without a main-loop pass in between: the delivery itself writes nothing. */
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *id = g_strdup_printf ("e-%06u", i);
      g_autofree char *station = g_strdup_printf ("hz-%04u", 1 + i % 3);

      if (i % 5 == 0)
        yz_test_backend_entry (backend, id, station, i % 2 ? "granted" : "denied");
      else
        {
          yz_test_backend_station_status (backend, station, TRUE, i % 100);
          occupancy[i % 3] = i % 100;
        }
    }
  g_assert_cmpint (yz_session_get_last_seq (session), ==, first_seq);
  g_assert_cmpuint (n_flushes, ==, 0);

  /* Each pass of the main loop takes a slice: one frame (16 ms) at most. */
  until.seq = yz_test_backend_get_seq (backend);
  deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
  while (!reached_seq (&until) && g_get_monotonic_time () < deadline)
    {
      gint64 before = yz_test_thread_cpu_us ();

      g_main_context_iteration (NULL, TRUE);
      longest = MAX (longest, yz_test_thread_cpu_us () - before);
    }
  g_assert_cmpint (yz_session_get_last_seq (session), ==, first_seq + n);
  g_assert_cmpint (longest, <=, 16000);
  g_assert_cmpint (yz_test_store_int (store,
                                      "SELECT count(*) FROM events WHERE seq > %" G_GINT64_FORMAT,
                                      first_seq),
                   ==, n);
  /* In order: the journal's rows were written in the order of their seqs. */
  g_assert_cmpint (yz_test_store_int (store,
                                      "SELECT count(*) FROM events a JOIN events b"
                                      " ON b.id = a.id + 1 WHERE a.seq > %" G_GINT64_FORMAT
                                      " AND b.seq != a.seq + 1",
                                      first_seq),
                   ==, 0);
  g_assert_cmpint (yz_test_store_int (store, "SELECT count(*) FROM entries"), ==, n / 5);
  g_assert_cmpint (
      yz_test_store_int (store, "SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'last-seq'"),
      ==, first_seq + n);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (yz_session_get_entries (session))), ==,
                    n / 5);
  for (guint k = 0; k < 3; k++)
    {
      g_autofree char *station = g_strdup_printf ("hz-%04u", 1 + k);

      g_assert_cmpint (yz_station_get_occupancy (yz_session_lookup_station (session, station)), ==,
                       occupancy[k]);
      g_assert_cmpint (
          yz_test_store_int (store, "SELECT occupancy FROM stations WHERE id = '%s'", station), ==,
          occupancy[k]);
    }
  /* In slices (10,000 events are more than one pass's work), not one write per event. */
  g_assert_cmpuint (n_flushes, >=, 3);
  g_assert_cmpuint (n_flushes, <=, n / 10);
}

/* Away longer than the gateway's replay window: the session is asked to resync, loads the
 * state again (a station gone, an alarm resolved meanwhile) and follows after it. */
static void
test_resync (void)
{
  g_autoptr(YzTestBackend) backend = yz_test_backend_new_city (3);
  g_autoptr(YzSession) session = yz_test_backend_new_session (backend, "city.db");
  Until until = { .session = session, .id = "a-000001" };
  YzStore *store = yz_session_get_store (session);
  YzTestCall *first_follow = NULL;
  g_autofree char *state = NULL;
  gint64 stopped_at;
  GPtrArray *calls;
  guint n_follows = 0;

  start_and_wait (session, "operator");
  yz_test_backend_raise_alarm (backend, "a-000001", "hz-0001", NULL, "sos", "critical");
  g_assert_true (yz_test_wait (has_alarm, &until, 5000));
  until.seq = yz_test_backend_get_seq (backend);
  g_assert_true (yz_test_wait (reached_seq, &until, 5000));
  yz_session_stop (session);
  stopped_at = yz_session_get_last_seq (session);

  /* Meanwhile: events the gateway no longer holds, a station removed, the alarm resolved
   * by someone else. */
  for (guint i = 0; i < 10; i++)
    yz_test_backend_station_status (backend, "hz-0002", TRUE, (int)i);
  yz_test_backend_remove (backend, "hz-0003");
  json_object_set_string_member (yz_test_backend_lookup (backend, "a-000001"), "state", "resolved");
  yz_test_backend_forget_events (backend);
  yz_test_backend_clear_calls (backend);

  yz_session_start (session, "operator", "secret", NULL);
  until.seq = yz_test_backend_get_seq (backend);
  g_assert_true (yz_test_session_wait_state (session, YZ_CONNECTION_CONNECTED, 5000));
  g_assert_true (yz_test_wait (reached_seq, &until, 5000));

  /* Followed after what it stored, was refused, reloaded, followed after the new state. */
  calls = yz_test_backend_get_calls (backend);
  for (guint i = 0; i < calls->len; i++)
    {
      YzTestCall *call = g_ptr_array_index (calls, i);

      if (g_str_equal (call->name, "follow") && n_follows++ == 0)
        first_follow = call;
    }
  g_assert_cmpuint (n_follows, ==, 2);
  g_assert_cmpint (first_follow->value, ==, stopped_at);
  g_assert_cmpint (yz_test_backend_last_call (backend, "follow")->value, ==,
                   yz_test_backend_get_seq (backend));
  g_assert_cmpuint (yz_test_backend_count_calls (backend, "load-state"), ==, 2);

  g_assert_cmpuint (g_list_model_get_n_items (yz_session_get_stations (session)), ==, 2);
  g_assert_null (yz_session_lookup_station (session, "hz-0003"));
  g_assert_null (yz_session_lookup_door (session, "hz-0003-door1"));
  g_assert_cmpint (yz_test_store_int (store, "SELECT count(*) FROM stations"), ==, 2);
  g_assert_cmpint (yz_station_get_occupancy (yz_session_lookup_station (session, "hz-0002")), ==,
                   9);
  g_assert_cmpint (yz_alarm_get_state (yz_session_lookup_alarm (session, "a-000001")), ==,
                   YZ_ALARM_STATE_RESOLVED);
  g_assert_cmpuint (yz_session_get_n_unacknowledged (session), ==, 0);
  state = yz_test_store_text (store, "SELECT state FROM alarms WHERE id = 'a-000001'");
  g_assert_cmpstr (state, ==, "resolved");

  /* And carries on. */
  until.seq = yz_test_backend_station_status (backend, "hz-0001", TRUE, 2);
  g_assert_true (yz_test_wait (reached_seq, &until, 5000));
}

/* Alarms already open in the state do not ring; a new one does, once. */
static void
test_alarm_raised_signal (void)
{
  g_autoptr(YzTestBackend) backend = yz_test_backend_new_city (2);
  g_autoptr(YzSession) session = yz_test_backend_new_session (backend, "city.db");
  Until until = { .session = session, .id = "a-000002" };
  guint n_raised = 0;

  /* Raised before this console connects: part of the state it loads. */
  yz_test_backend_raise_alarm (backend, "a-000001", "hz-0001", NULL, "smoke", "critical");
  g_signal_connect (session, "alarm-raised", G_CALLBACK (count_cb), &n_raised);
  start_and_wait (session, "operator");
  g_assert_nonnull (yz_session_lookup_alarm (session, "a-000001"));
  g_assert_cmpuint (n_raised, ==, 0);
  g_assert_cmpuint (yz_session_get_n_unacknowledged (session), ==, 1);

  yz_test_backend_raise_alarm (backend, "a-000002", "hz-0002", NULL, "smoking", "medium");
  g_assert_true (yz_test_wait (has_alarm, &until, 5000));
  g_assert_cmpuint (n_raised, ==, 1);
  g_assert_cmpuint (yz_session_get_n_unacknowledged (session), ==, 2);
  {
    /* The queue: critical first. */
    g_autoptr(YzAlarm) first = g_list_model_get_item (yz_session_get_alarms (session), 0);

    g_assert_cmpstr (yz_alarm_get_id (first), ==, "a-000001");
  }
  g_assert_cmpint (
      yz_test_store_int (
          yz_session_get_store (session),
          "SELECT count(*) FROM alarm_history WHERE alarm_id = 'a-000002' AND action = 'raised'"),
      ==, 1);
}

typedef struct
{
  gboolean done;
  GBytes *bytes;
  GError *error;
} Fetched;

static void
snapshot_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  Fetched *f = user_data;

  if (g_task_get_source_tag (G_TASK (result)) == yz_session_fetch_snapshot_async)
    f->bytes = yz_session_fetch_snapshot_finish (YZ_SESSION (object), result, &f->error);
  else
    f->bytes = yz_session_fetch_camera_snapshot_finish (YZ_SESSION (object), result, &f->error);
  f->done = TRUE;
}

static gboolean
fetched (gpointer data)
{
  return ((Fetched *)data)->done;
}

static void
fetched_clear (Fetched *f)
{
  g_clear_pointer (&f->bytes, g_bytes_unref);
  g_clear_error (&f->error);
  f->done = FALSE;
}

/* Snapshots: from the gateway once, then from the cache; live camera pictures only while
 * connected. */
static void
test_snapshots (void)
{
  g_autoptr(YzTestBackend) backend = yz_test_backend_new_city (1);
  g_autoptr(YzSession) session = yz_test_backend_new_session (backend, "city.db");
  /* SOI and a SOF0 of 1 × 1 pixel: what the picture check reads as a cached one is served. */
  g_autoptr(GBytes) jpeg = g_bytes_new_static (
      "\xff\xd8\xff\xc0\x00\x0b\x08\x00\x01\x00\x01\x01\x01\x11\x00\xff\xd9", 17);
  YzCamera *camera;
  Fetched f = { 0 };

  yz_test_backend_add_snapshot (backend, "s-000001", jpeg);
  start_and_wait (session, "operator");
  for (guint i = 0; i < 2; i++)
    {
      yz_session_fetch_snapshot_async (session, "s-000001", NULL, snapshot_cb, &f);
      g_assert_true (yz_test_wait (fetched, &f, 5000));
      g_assert_no_error (f.error);
      g_assert_true (g_bytes_equal (f.bytes, jpeg));
      fetched_clear (&f);
    }
  g_assert_cmpuint (yz_test_backend_count_calls (backend, "snapshot"), ==, 1);

  yz_session_fetch_snapshot_async (session, "s-999999", NULL, snapshot_cb, &f);
  g_assert_true (yz_test_wait (fetched, &f, 5000));
  g_assert_error (f.error, YZ_BACKEND_ERROR, YZ_BACKEND_ERROR_NOT_FOUND);
  fetched_clear (&f);

  camera = g_list_model_get_item (yz_session_get_cameras (session), 0);
  yz_session_fetch_camera_snapshot_async (session, camera, NULL, snapshot_cb, &f);
  g_assert_true (yz_test_wait (fetched, &f, 5000));
  g_assert_no_error (f.error);
  g_assert_cmpuint (g_bytes_get_size (f.bytes), >, 2);
  fetched_clear (&f);

  yz_test_backend_drop (backend, 60000);
  yz_session_fetch_camera_snapshot_async (session, camera, NULL, snapshot_cb, &f);
  g_assert_true (yz_test_wait (fetched, &f, 5000));
  g_assert_error (f.error, YZ_SESSION_ERROR, YZ_SESSION_ERROR_DISCONNECTED);
  g_assert_cmpuint (yz_test_backend_count_calls (backend, "camera-snapshot"), ==, 1);
  fetched_clear (&f);
  g_object_unref (camera);
}

static gboolean
journal_empty (gpointer data)
{
  return yz_test_store_int (data, "SELECT count(*) FROM events") == 0;
}

/* The raw journal is pruned; entries and the resume point stay. */
static void
test_journal_retention (void)
{
  g_autoptr(YzTestBackend) backend = yz_test_backend_new_city (2);
  g_autoptr(YzSession) session = yz_test_backend_new_session (backend, "city.db");
  Until until = { .session = session };
  YzStore *store = yz_session_get_store (session);
  gint64 last_seq;

  start_and_wait (session, "operator");
  for (guint i = 0; i < 50; i++)
    {
      g_autofree char *id = g_strdup_printf ("e-%06u", i);

      yz_test_backend_entry (backend, id, "hz-0001", "granted");
    }
  until.seq = yz_test_backend_get_seq (backend);
  g_assert_true (yz_test_wait (reached_seq, &until, 5000));
  g_assert_cmpint (yz_test_store_int (store, "SELECT count(*) FROM events"), ==, 50);
  g_assert_cmpuint (yz_session_prune_journal (session), ==, 0);

  yz_session_stop (session);
  last_seq = yz_session_get_last_seq (session);
  yz_session_set_journal_retention (session, 0);
  g_assert_true (yz_test_wait (journal_empty, store, 5000));
  g_assert_cmpint (yz_test_store_int (store, "SELECT count(*) FROM entries"), ==, 50);
  g_assert_cmpint (
      yz_test_store_int (store, "SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'last-seq'"),
      ==, last_seq);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/yizhan/session-stub/log-in", test_log_in);
  g_test_add_func ("/yizhan/session-stub/stale-log-in", test_stale_log_in);
  g_test_add_func ("/yizhan/session-stub/wrong-password", test_wrong_password);
  g_test_add_func ("/yizhan/session-stub/unreachable-retries", test_unreachable_retries);
  g_test_add_func ("/yizhan/session-stub/token", test_token);
  g_test_add_func ("/yizhan/session-stub/token-role", test_token_role);
  g_test_add_func ("/yizhan/session-stub/stream-drop", test_stream_drop);
  g_test_add_func ("/yizhan/session-stub/unauthorized", test_unauthorized);
  g_test_add_func ("/yizhan/session-stub/offline-view", test_offline_view);
  g_test_add_func ("/yizhan/session-stub/state-malformed-item", test_state_malformed_item);
  g_test_add_func ("/yizhan/session-stub/batches", test_batches);
  g_test_add_func ("/yizhan/session-stub/resync", test_resync);
  g_test_add_func ("/yizhan/session-stub/alarm-raised-signal", test_alarm_raised_signal);
  g_test_add_func ("/yizhan/session-stub/snapshots", test_snapshots);
  g_test_add_func ("/yizhan/session-stub/journal-retention", test_journal_retention);

  return g_test_run ();
}
