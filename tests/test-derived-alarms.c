/* test-derived-alarms.c
 *
 * Alarms the console raises itself (a station gone silent or offline, a camera offline,
 * stock low) on the scripted backend (yz-test-backend.c), with short timers
 * (yz_session_set_derive_timing()): raised only after the grace time, not while the
 * gateway has its own alarm for the same thing, not while disconnected; cleared when the
 * condition clears; acted on locally. No simulator.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-derived-alarms"

#include "config.h"

#include "yz-session.h"
#include "yz-test-backend.h"
#include "yz-test-sim.h"

typedef struct
{
  YzSession *session;
  const char *id;
  YzAlarmState state;
} Until;

static gboolean
exists (gpointer data)
{
  Until *until = data;

  return yz_session_lookup_alarm (until->session, until->id) != NULL;
}

static gboolean
derived_in_state (gpointer data)
{
  Until *until = data;
  YzAlarm *alarm = yz_session_lookup_alarm (until->session, until->id);

  return alarm != NULL && yz_alarm_get_derived (alarm) &&
         yz_alarm_get_state (alarm) == until->state;
}

static void
count_cb (gpointer instance, gpointer arg, guint *count)
{
  (*count)++;
}

static YzSession *
start_session (YzTestBackend *backend, guint silent_ms, guint grace_ms)
{
  YzSession *session = yz_test_backend_new_session (backend, "city.db");

  yz_session_set_derive_timing (session, 50, silent_ms, grace_ms);
  yz_session_start (session, "operator", "secret", NULL);
  g_assert_true (yz_test_session_wait_state (session, YZ_CONNECTION_CONNECTED, 5000));
  return session;
}

/* The gateway's own alarm for @station_id resolved by someone, as its event says. */
static void
resolve_gateway_alarm (YzTestBackend *backend, const char *alarm_id, const char *station_id,
                       const char *type)
{
  yz_test_backend_emit_json (
      backend,
      "{\"type\": \"alarm.updated\", \"station_id\": \"%s\", \"action\": \"resolved\", \"by\": "
      "\"wangwei\","
      " \"note\": \"已派人\", \"alarm\": {\"id\": \"%s\", \"station_id\": \"%s\", \"camera_id\": "
      "null,"
      " \"door_id\": null, \"type\": \"%s\", \"priority\": \"high\", \"raised_at\": "
      "\"2026-11-23T03:14:02.500Z\","
      " \"state\": \"resolved\", \"owner\": \"wangwei\", \"updated_at\": "
      "\"2030-01-01T00:00:00.000Z\","
      " \"category\": \"other\", \"note\": \"已派人\", \"snapshot_id\": null}}",
      station_id, alarm_id, station_id, type);
}

/* A station that stops talking: nothing while it talks, an alarm once it has been silent
 * longer than allowed plus the grace, cleared when it talks again. */
static void
test_station_silent (void)
{
  g_autoptr(YzTestBackend) backend = yz_test_backend_new_city (2);
  g_autoptr(YzSession) session = start_session (backend, 800, 200);
  Until until = { .session = session, .id = "local-silent-hz-0001", .state = YZ_ALARM_STATE_NEW };
  YzStore *store = yz_session_get_store (session);
  g_autofree char *by = NULL;
  g_autofree char *note = NULL;
  guint n_raised = 0;
  YzAlarm *alarm;
  gint64 last_seen;

  g_signal_connect (session, "alarm-raised", G_CALLBACK (count_cb), &n_raised);
  /* Talking every 100 ms for 1.2 s: longer than the silence allowed, never silent. */
  for (guint i = 0; i < 12; i++)
    {
      yz_test_backend_station_status (backend, "hz-0001", TRUE, 1);
      g_assert_false (yz_test_wait (exists, &until, 100));
    }
  last_seen = yz_station_get_last_seen (yz_session_lookup_station (session, "hz-0001"));
  g_assert_cmpint (last_seen, >, 0);

  /* Silent. */
  g_assert_true (yz_test_wait (derived_in_state, &until, 5000));
  alarm = yz_session_lookup_alarm (session, until.id);
  g_assert_cmpstr (yz_alarm_get_alarm_type (alarm), ==, "station-offline");
  g_assert_cmpint (yz_alarm_get_priority (alarm), ==, YZ_PRIORITY_HIGH);
  g_assert_cmpstr (yz_alarm_get_station_id (alarm), ==, "hz-0001");
  g_assert_cmpint (yz_alarm_get_raised_at (alarm) - last_seen, >=, 800 + 200);
  g_assert_cmpuint (n_raised, ==, 1);
  g_assert_cmpuint (yz_session_get_n_unacknowledged (session), ==, 1);
  g_assert_cmpint (yz_station_get_worst_priority (yz_session_lookup_station (session, "hz-0001")),
                   ==, YZ_PRIORITY_HIGH);
  g_assert_cmpint (
      yz_test_store_int (store, "SELECT derived FROM alarms WHERE id = '%s'", until.id), ==, 1);
  by = yz_test_store_text (
      store, "SELECT by FROM alarm_history WHERE alarm_id = '%s' AND action = 'raised'", until.id);
  g_assert_cmpstr (by, ==, "console");
  /* A station the gateway never heard from is not called silent. */
  g_assert_null (yz_session_lookup_alarm (session, "local-silent-hz-0002"));

  /* It talks again: the alarm resolves by itself. */
  yz_test_backend_station_status (backend, "hz-0001", TRUE, 1);
  until.state = YZ_ALARM_STATE_RESOLVED;
  g_assert_true (yz_test_wait (derived_in_state, &until, 5000));
  g_assert_cmpstr (yz_alarm_get_category (alarm), ==, "other");
  g_assert_cmpuint (yz_session_get_n_unacknowledged (session), ==, 0);
  note = yz_test_store_text (
      store, "SELECT note FROM alarm_history WHERE alarm_id = '%s' AND action = 'resolved'",
      until.id);
  g_assert_cmpstr (note, ==, "The condition cleared");
  g_assert_cmpuint (n_raised, ==, 1);
}

/* The gateway's own alarm for the same thing wins; once someone resolves it while the
 * station stays offline, the console raises its own. */
static void
test_gateway_wins (void)
{
  g_autoptr(YzTestBackend) backend = yz_test_backend_new_city (2);
  g_autoptr(YzSession) session = start_session (backend, 10 * 60 * 1000, 200);
  Until until = { .session = session, .id = "local-silent-hz-0001", .state = YZ_ALARM_STATE_NEW };
  Until gateway = { .session = session, .id = "a-000001" };

  yz_test_backend_station_status (backend, "hz-0001", FALSE, 0);
  yz_test_backend_raise_alarm (backend, "a-000001", "hz-0001", NULL, "station-offline", "high");
  g_assert_true (yz_test_wait (exists, &gateway, 5000));
  g_assert_false (yz_test_wait (exists, &until, 600));

  resolve_gateway_alarm (backend, "a-000001", "hz-0001", "station-offline");
  g_assert_true (yz_test_wait (derived_in_state, &until, 5000));
  g_assert_cmpint (yz_alarm_get_state (yz_session_lookup_alarm (session, "a-000001")), ==,
                   YZ_ALARM_STATE_RESOLVED);

  /* Online again: cleared. */
  yz_test_backend_station_status (backend, "hz-0001", TRUE, 0);
  until.state = YZ_ALARM_STATE_RESOLVED;
  g_assert_true (yz_test_wait (derived_in_state, &until, 5000));
}

/* A camera offline and stock low: raised, cleared, and raised again as the same alarm. */
static void
test_camera_and_stock (void)
{
  g_autoptr(YzTestBackend) backend = yz_test_backend_new_city (2);
  g_autoptr(YzSession) session = start_session (backend, 10 * 60 * 1000, 200);
  Until camera = { .session = session,
                   .id = "local-cam-hz-0001-cam1",
                   .state = YZ_ALARM_STATE_NEW };
  Until stock = { .session = session,
                  .id = "local-stock-hz-0002-water",
                  .state = YZ_ALARM_STATE_NEW };
  YzAlarm *alarm;
  guint n_raised = 0;

  g_signal_connect (session, "alarm-raised", G_CALLBACK (count_cb), &n_raised);
  yz_test_backend_emit_json (backend, "{\"type\": \"camera.status\", \"station_id\": \"hz-0001\","
                                      " \"camera_id\": \"hz-0001-cam1\", \"online\": false}");
  yz_test_backend_emit_json (backend, "{\"type\": \"stock.level\", \"station_id\": \"hz-0002\","
                                      " \"stock_id\": \"hz-0002-water\", \"level\": 3}");
  g_assert_true (yz_test_wait (derived_in_state, &camera, 5000));
  g_assert_true (yz_test_wait (derived_in_state, &stock, 5000));
  alarm = yz_session_lookup_alarm (session, camera.id);
  g_assert_cmpstr (yz_alarm_get_alarm_type (alarm), ==, "camera-offline");
  g_assert_cmpstr (yz_alarm_get_camera_id (alarm), ==, "hz-0001-cam1");
  g_assert_cmpint (yz_alarm_get_priority (alarm), ==, YZ_PRIORITY_MEDIUM);
  g_assert_cmpstr (yz_alarm_get_alarm_type (yz_session_lookup_alarm (session, stock.id)), ==,
                   "stock-low");
  g_assert_cmpint (yz_alarm_get_priority (yz_session_lookup_alarm (session, stock.id)), ==,
                   YZ_PRIORITY_LOW);
  /* Nothing else in the city is wrong. */
  g_assert_cmpuint (g_list_model_get_n_items (yz_session_get_alarms (session)), ==, 2);

  yz_test_backend_emit_json (backend, "{\"type\": \"camera.status\", \"station_id\": \"hz-0001\","
                                      " \"camera_id\": \"hz-0001-cam1\", \"online\": true}");
  yz_test_backend_emit_json (backend, "{\"type\": \"stock.level\", \"station_id\": \"hz-0002\","
                                      " \"stock_id\": \"hz-0002-water\", \"level\": 40}");
  camera.state = stock.state = YZ_ALARM_STATE_RESOLVED;
  g_assert_true (yz_test_wait (derived_in_state, &camera, 5000));
  g_assert_true (yz_test_wait (derived_in_state, &stock, 5000));

  /* Offline again: the same alarm, new again. */
  yz_test_backend_emit_json (backend, "{\"type\": \"camera.status\", \"station_id\": \"hz-0001\","
                                      " \"camera_id\": \"hz-0001-cam1\", \"online\": false}");
  camera.state = YZ_ALARM_STATE_NEW;
  g_assert_true (yz_test_wait (derived_in_state, &camera, 5000));
  g_assert_true (yz_session_lookup_alarm (session, camera.id) == alarm);
  g_assert_cmpuint (g_list_model_get_n_items (yz_session_get_alarms (session)), ==, 2);
  g_assert_cmpuint (yz_session_get_n_unacknowledged (session), ==, 1);

  /* Back in the queue as new: it gets attention as the first time did. */
  g_assert_cmpuint (n_raised, ==, 3);
}

/* A condition shorter than the grace raises nothing. */
static void
test_grace (void)
{
  g_autoptr(YzTestBackend) backend = yz_test_backend_new_city (1);
  g_autoptr(YzSession) session = start_session (backend, 10 * 60 * 1000, 800);
  Until camera = { .session = session, .id = "local-cam-hz-0001-cam1" };

  yz_test_backend_emit_json (backend, "{\"type\": \"camera.status\", \"station_id\": \"hz-0001\","
                                      " \"camera_id\": \"hz-0001-cam1\", \"online\": false}");
  g_assert_false (yz_test_wait (exists, &camera, 100));
  yz_test_backend_emit_json (backend, "{\"type\": \"camera.status\", \"station_id\": \"hz-0001\","
                                      " \"camera_id\": \"hz-0001-cam1\", \"online\": true}");
  g_assert_false (yz_test_wait (exists, &camera, 1000));
}

static gboolean
follow_held (gpointer data)
{
  return yz_test_backend_get_n_held (data, "follow") == 1;
}

/* Without the gateway nothing is known to be wrong: nothing is derived until connected. */
static void
test_not_connected (void)
{
  g_autoptr(YzTestBackend) backend = yz_test_backend_new_city (1);
  g_autoptr(YzSession) session = yz_test_backend_new_session (backend, "city.db");
  g_autoptr(YzCamera) item = NULL;
  Until camera = { .session = session,
                   .id = "local-cam-hz-0001-cam1",
                   .state = YZ_ALARM_STATE_NEW };

  /* The state says the camera is offline; the stream does not connect yet. */
  json_object_set_boolean_member (yz_test_backend_lookup (backend, "hz-0001-cam1"), "online",
                                  FALSE);
  yz_test_backend_hold (backend, "follow", TRUE);
  yz_session_set_derive_timing (session, 50, 10 * 60 * 1000, 100);
  yz_session_start (session, "operator", "secret", NULL);
  g_assert_true (yz_test_wait (follow_held, backend, 5000));
  item = g_list_model_get_item (yz_session_get_cameras (session), 0);
  g_assert_false (yz_camera_get_online (item));
  g_assert_false (yz_test_wait (exists, &camera, 500));
  g_assert_cmpint (yz_session_get_connection_state (session), ==, YZ_CONNECTION_CONNECTING);

  yz_test_backend_release (backend, "follow");
  g_assert_true (yz_test_session_wait_state (session, YZ_CONNECTION_CONNECTED, 5000));
  g_assert_true (yz_test_wait (derived_in_state, &camera, 5000));
}

typedef struct
{
  gboolean done;
  GError *error;
} Result;

static void
action_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  Result *r = user_data;

  yz_session_alarm_action_finish (YZ_SESSION (object), result, &r->error);
  r->done = TRUE;
}

static gboolean
is_done (gpointer data)
{
  return ((Result *)data)->done;
}

/* A derived alarm is acted on in the local record: no gateway needed, audited. */
static void
test_act_locally (void)
{
  g_autoptr(YzTestBackend) backend = yz_test_backend_new_city (1);
  g_autoptr(YzSession) session = start_session (backend, 10 * 60 * 1000, 100);
  Until camera = { .session = session,
                   .id = "local-cam-hz-0001-cam1",
                   .state = YZ_ALARM_STATE_NEW };
  YzStore *store = yz_session_get_store (session);
  g_autoptr(GPtrArray) steps = NULL;
  g_autofree char *result = NULL;
  YzAlarm *alarm;
  Result r = { 0 };

  yz_test_backend_emit_json (backend, "{\"type\": \"camera.status\", \"station_id\": \"hz-0001\","
                                      " \"camera_id\": \"hz-0001-cam1\", \"online\": false}");
  g_assert_true (yz_test_wait (derived_in_state, &camera, 5000));
  alarm = yz_session_lookup_alarm (session, camera.id);

  /* The gateway is away: acting on the console's own alarm still works. */
  yz_test_backend_drop (backend, 60000);
  yz_session_alarm_action_async (session, alarm, YZ_ALARM_ACTION_ACKNOWLEDGE, NULL, NULL, NULL,
                                 NULL, action_cb, &r);
  g_assert_true (yz_test_wait (is_done, &r, 5000));
  g_assert_no_error (r.error);
  g_assert_cmpint (yz_alarm_get_state (alarm), ==, YZ_ALARM_STATE_ACKNOWLEDGED);
  g_assert_cmpstr (yz_alarm_get_owner (alarm), ==, "operator");
  g_assert_cmpuint (yz_session_get_n_unacknowledged (session), ==, 0);

  r.done = FALSE;
  yz_session_alarm_action_async (session, alarm, YZ_ALARM_ACTION_RESOLVE, NULL, "equipment-fault",
                                 "已报修", NULL, action_cb, &r);
  g_assert_true (yz_test_wait (is_done, &r, 5000));
  g_assert_no_error (r.error);
  g_assert_cmpint (yz_alarm_get_state (alarm), ==, YZ_ALARM_STATE_RESOLVED);
  g_assert_cmpstr (yz_alarm_get_category (alarm), ==, "equipment-fault");

  /* Nothing went to the gateway; both are in the audit log and the alarm's history. */
  g_assert_cmpuint (yz_test_backend_count_calls (backend, "alarm-action"), ==, 0);
  g_assert_cmpint (
      yz_test_store_int (store, "SELECT count(*) FROM audit_log WHERE target = '%s'", camera.id),
      ==, 4);
  result = yz_test_store_text (
      store, "SELECT result FROM audit_log WHERE target = '%s' ORDER BY id DESC LIMIT 1",
      camera.id);
  g_assert_cmpstr (result, ==, "resolved");
  g_assert_cmpint (
      yz_test_store_int (store,
                         "SELECT state = 'resolved' AND derived = 1 FROM alarms WHERE id = '%s'",
                         camera.id),
      ==, 1);
  steps = yz_session_get_alarm_history (session, camera.id);
  g_assert_cmpuint (steps->len, ==, 3);
  g_assert_cmpstr (((YzAlarmStep *)g_ptr_array_index (steps, 1))->action, ==, "acknowledged");
  g_assert_cmpstr (((YzAlarmStep *)g_ptr_array_index (steps, 1))->by, ==, "operator");
  g_assert_cmpstr (((YzAlarmStep *)g_ptr_array_index (steps, 2))->action, ==, "resolved");
  g_assert_cmpstr (((YzAlarmStep *)g_ptr_array_index (steps, 2))->note, ==, "已报修");
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/yizhan/derived-alarms/station-silent", test_station_silent);
  g_test_add_func ("/yizhan/derived-alarms/gateway-wins", test_gateway_wins);
  g_test_add_func ("/yizhan/derived-alarms/camera-and-stock", test_camera_and_stock);
  g_test_add_func ("/yizhan/derived-alarms/grace", test_grace);
  g_test_add_func ("/yizhan/derived-alarms/not-connected", test_not_connected);
  g_test_add_func ("/yizhan/derived-alarms/act-locally", test_act_locally);

  return g_test_run ();
}
