/* test-session.c
 *
 * YzSession against a live yizhan-sim, with a real SQLite file: state load, events into the
 * models and the store through forced drops and bad frames (the simulator's journal compared
 * with the store's), audited actions, two consoles seeing each other's work, roles, a resume
 * point the gateway no longer holds, derived alarms, and the windowed entry model.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <signal.h>
#include <glib/gstdio.h>
#include <sqlite3.h>

#include "yz-gateway-backend.h"
#include "yz-session.h"
#include "yz-store-private.h"
#include "yz-test-fixture.h"
#include "yz-test-sim.h"
#include "yz-test-util.h"

typedef struct
{
  YzSession *session;
  gint64 seq;
  guint n;
  const char *id;
  YzAlarmState state;
} Until;

static gboolean
reached_seq (gpointer data)
{
  Until *until = data;

  return yz_session_get_last_seq (until->session) >= until->seq;
}

static gboolean
alarm_in_state (gpointer data)
{
  Until *until = data;
  YzAlarm *alarm = yz_session_lookup_alarm (until->session, until->id);

  return alarm != NULL && yz_alarm_get_state (alarm) == until->state;
}

static gboolean
has_entries (gpointer data)
{
  Until *until = data;

  return g_list_model_get_n_items (G_LIST_MODEL (yz_session_get_entries (until->session))) >=
         until->n;
}

/* A simulator with its control API, and a console logged in to it whose event stream
 * waits 15 s of silence and retries within half a second. */
static void
set_up (YzTestFixture *fx, YzTestFixtureOptions options)
{
  options.name = "session";
  options.control = TRUE;
  options.stream_silence_ms = 15000;
  options.stream_backoff_ms = 500;
  yz_test_fixture_set_up (fx, &options);
}

/* The journal's seqs of the types this console knows, and the largest seq. */
static GHashTable *
journal_seqs (const char *path, gint64 *last)
{
  g_autoptr(GPtrArray) events = yz_test_sim_read_journal (path);
  GHashTable *seqs = g_hash_table_new (NULL, NULL);

  *last = 0;
  for (guint i = 0; i < events->len; i++)
    {
      JsonObject *event = g_ptr_array_index (events, i);
      gint64 seq = json_object_get_int_member (event, "seq");

      *last = MAX (*last, seq);
      if (!g_str_equal (json_object_get_string_member (event, "type"), "x-sim-future"))
        g_hash_table_add (seqs, GSIZE_TO_POINTER ((gsize)seq));
    }

  return seqs;
}

/* The journal lists an event when it is sent: true once the burst has gone out. */
static gboolean
journal_holds_burst (gpointer data)
{
  gint64 last = 0;
  g_autoptr(GHashTable) seqs = journal_seqs (data, &last);

  return g_hash_table_size (seqs) > 500;
}

static void
test_session_follows_through_drops (void)
{
  YzTestFixture fx = { 0 };
  g_autoptr(GHashTable) sent = NULL;
  g_autoptr(JsonNode) alarm = NULL;
  g_autofree char *alarm_id = NULL;
  YzSession *session;
  YzStation *station;
  YzStore *store;
  Until until = { 0 };
  GHashTableIter iter;
  gpointer key;
  gint64 last = 0;
  gint64 deadline;
  guint n_entries;

  set_up (&fx,
          (YzTestFixtureOptions){ .stations = 24,
                                  .journal = TRUE,
                                  .sim_args = (const char *[]){
                                      "--speed=60", "--fault-ws-close-every=2",
                                      "--fault-malformed=0.05", "--fault-unknown=0.05", NULL } });
  session = fx.session;
  until.session = session;
  store = yz_session_get_store (session);

  /* The state: every station, its devices, the operator. */
  g_assert_true (yz_test_wait (yz_test_session_is_connected, until.session, 20000));
  g_assert_cmpuint (g_list_model_get_n_items (yz_session_get_stations (session)), ==, 24);
  g_assert_cmpuint (g_list_model_get_n_items (yz_session_get_stock (session)), >, 24);
  g_assert_cmpint (yz_session_get_role (session), ==, YZ_ROLE_OPERATOR);
  g_assert_cmpstr (yz_session_get_gateway_name (session), !=, NULL);
  g_assert_cmpint (yz_test_query_int (store, "SELECT count(*) FROM stations"), ==, 24);

  /* An alarm raised at the gateway reaches the model, the counter and its station. */
  alarm =
      yz_test_fixture_control (&fx, "alarm", "{\"station_id\": \"hz-0003\", \"type\": \"fall\"}");
  alarm_id = g_strdup (json_object_get_string_member (json_node_get_object (alarm), "id"));
  until.id = alarm_id;
  until.state = YZ_ALARM_STATE_NEW;
  g_assert_true (yz_test_wait (alarm_in_state, &until, 10000));
  g_assert_cmpuint (yz_session_get_n_unacknowledged (session), >=, 1);
  station = yz_session_lookup_station (session, "hz-0003");
  g_assert_nonnull (station);
  g_assert_cmpint (yz_station_get_worst_priority (station), ==, YZ_PRIORITY_CRITICAL);
  {
    /* The queue: critical first. */
    g_autoptr(YzAlarm) first = g_list_model_get_item (yz_session_get_alarms (session), 0);

    g_assert_cmpint (yz_alarm_get_priority (first), ==, YZ_PRIORITY_CRITICAL);
  }

  /* Entries land in the windowed model. */
  n_entries = g_list_model_get_n_items (G_LIST_MODEL (yz_session_get_entries (session)));
  g_clear_pointer (&alarm, json_node_unref);
  alarm = yz_test_fixture_control (&fx, "entry",
                                   "{\"station_id\": \"hz-0005\", \"result\": \"stranger\"}");
  until.n = n_entries + 1;
  g_assert_true (yz_test_wait (has_entries, &until, 10000));

  /* Ten seconds of life at 60x with the socket closed every 2 s and 5% bad frames. */
  deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  while (g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);

  /* Stop the drops, then catch up with everything the gateway sent. */
  g_clear_pointer (&alarm, json_node_unref);
  alarm = yz_test_fixture_control (&fx, "faults", "{\"fault_ws_close_every\": 0}");
  g_clear_pointer (&alarm, json_node_unref);
  alarm = yz_test_fixture_control (&fx, "burst", "{\"count\": 500}");
  g_assert_true (yz_test_wait (journal_holds_burst, fx.journal, 30000));
  sent = journal_seqs (fx.journal, &last);
  g_assert_cmpuint (g_hash_table_size (sent), >, 500);
  until.seq = last;
  g_assert_true (yz_test_wait (reached_seq, &until, 30000));
  g_assert_cmpuint (
      yz_gateway_backend_get_n_connects (YZ_GATEWAY_BACKEND (yz_session_get_backend (session))), >=,
      3);
  g_assert_cmpuint (
      yz_gateway_backend_get_n_malformed (YZ_GATEWAY_BACKEND (yz_session_get_backend (session))), >,
      0);
  g_assert_cmpuint (
      yz_gateway_backend_get_n_unknown (YZ_GATEWAY_BACKEND (yz_session_get_backend (session))), >,
      0);

  /* Every event the gateway journaled (of a known type) is in the store once, and the
   * store holds nothing the gateway did not send. */
  g_hash_table_iter_init (&iter, sent);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      sqlite3_stmt *stmt =
          yz_store_prepare (store, "SELECT count(*) FROM events WHERE seq = ?1", NULL);

      sqlite3_bind_int64 (stmt, 1, (gint64)GPOINTER_TO_SIZE (key));
      g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
      if (sqlite3_column_int (stmt, 0) != 1)
        g_error ("seq %" G_GSIZE_FORMAT " was sent but is not stored", GPOINTER_TO_SIZE (key));
      sqlite3_reset (stmt);
    }
  {
    g_autofree char *sql =
        g_strdup_printf ("SELECT count(*) FROM events WHERE seq <= %" G_GINT64_FORMAT, last);
    gint64 first = yz_test_query_int (store, "SELECT min(seq) FROM events");
    guint expected = 0;

    g_hash_table_iter_init (&iter, sent);
    while (g_hash_table_iter_next (&iter, &key, NULL))
      expected += (gint64)GPOINTER_TO_SIZE (key) >= first;
    g_assert_cmpint (yz_test_query_int (store, sql), ==, expected);
  }
  /* The entry is in the store too, and the alarm with its history. */
  g_assert_cmpint (
      yz_test_query_int (
          store,
          "SELECT count(*) FROM entries WHERE station_id = 'hz-0005' AND result = 'stranger'"),
      >=, 1);
  g_assert_cmpint (
      yz_test_query_int (store, "SELECT count(*) FROM alarm_history WHERE action = 'raised'"), >=,
      1);

  yz_test_fixture_tear_down (&fx);
}

typedef struct
{
  gboolean done;
  gboolean ok;
  GError *error;
} Result;

static void
action_done_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  Result *r = user_data;
  YzSession *session = YZ_SESSION (object);

  if (g_task_get_source_tag (G_TASK (result)) == yz_session_door_command_async)
    r->ok = yz_session_door_command_finish (session, result, &r->error);
  else
    r->ok = yz_session_alarm_action_finish (session, result, &r->error);
  r->done = TRUE;
}

static gboolean
is_done (gpointer data)
{
  return ((Result *)data)->done;
}

static void
result_clear (Result *r)
{
  g_clear_error (&r->error);
  r->done = r->ok = FALSE;
}

static void
test_session_actions (void)
{
  YzTestFixture fx = { 0 };
  YzSession *a;
  g_autoptr(YzSession) b = NULL;
  g_autoptr(YzSession) observer = NULL;
  g_autoptr(JsonNode) alarm_node = NULL;
  g_autofree char *alarm_id = NULL;
  g_autofree char *door_id = NULL;
  YzDoor *door;
  YzStore *store;
  Until until = { 0 };
  Result r = { 0 };
  sqlite3_stmt *stmt;
  gint64 first_broken = 0;
  gint64 rows_before;

  set_up (&fx, (YzTestFixtureOptions){ .stations = 8 });
  a = fx.session;
  b = yz_test_fixture_new_session (&fx, "b.db", "operator");
  observer = yz_test_fixture_new_session (&fx, "c.db", "observer");
  for (YzSession **s = (YzSession *[]){ a, b, observer, NULL }; *s; s++)
    {
      until.session = *s;
      g_assert_true (yz_test_wait (yz_test_session_is_connected, until.session, 20000));
    }
  store = yz_session_get_store (a);

  {
    g_autoptr(YzStation) station = g_list_model_get_item (yz_session_get_stations (a), 0);
    g_autoptr(YzDoor) first = g_list_model_get_item (yz_station_get_doors (station), 0);

    door_id = g_strdup (yz_door_get_id (first));
  }
  door = yz_session_lookup_door (a, door_id);

  /* No reason: refused before anything is written or sent. */
  rows_before = yz_test_query_int (store, "SELECT count(*) FROM audit_log");
  yz_session_door_command_async (a, door, "open", 0, "  ", NULL, action_done_cb, &r);
  g_assert_true (yz_test_wait (is_done, &r, 5000));
  g_assert_error (r.error, YZ_SESSION_ERROR, YZ_SESSION_ERROR_INVALID);
  g_assert_cmpint (yz_test_query_int (store, "SELECT count(*) FROM audit_log"), ==, rows_before);
  result_clear (&r);

  /* A door command: the request row, the gateway, the door's answer, the result row. */
  yz_session_door_command_async (a, door, "open", 0, "worker locked out", NULL, action_done_cb, &r);
  g_assert_cmpint (
      yz_test_query_int (
          store,
          "SELECT count(*) FROM audit_log WHERE phase = 'request' AND action = 'door-command'"),
      ==, 1);
  g_assert_true (yz_test_wait (is_done, &r, 10000));
  g_assert_no_error (r.error);
  g_assert_true (r.ok);
  stmt = yz_store_prepare (store,
                           "SELECT phase, result, target, params FROM audit_log WHERE action = "
                           "'door-command' ORDER BY id",
                           NULL);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpstr ((const char *)sqlite3_column_text (stmt, 0), ==, "request");
  g_assert_cmpstr ((const char *)sqlite3_column_text (stmt, 2), ==, door_id);
  g_assert_nonnull (strstr ((const char *)sqlite3_column_text (stmt, 3), "worker locked out"));
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpstr ((const char *)sqlite3_column_text (stmt, 0), ==, "result");
  g_assert_cmpstr ((const char *)sqlite3_column_text (stmt, 1), ==, "ok");
  sqlite3_reset (stmt);
  result_clear (&r);

  /* An observer may not command doors. */
  yz_session_door_command_async (observer, yz_session_lookup_door (observer, door_id), "open", 0,
                                 "test", NULL, action_done_cb, &r);
  g_assert_true (yz_test_wait (is_done, &r, 5000));
  g_assert_error (r.error, YZ_SESSION_ERROR, YZ_SESSION_ERROR_NOT_ALLOWED);
  result_clear (&r);

  /* An alarm acknowledged on one console is seen acknowledged on the other within a second. */
  alarm_node =
      yz_test_fixture_control (&fx, "alarm", "{\"station_id\": \"hz-0002\", \"type\": \"sos\"}");
  alarm_id = g_strdup (json_object_get_string_member (json_node_get_object (alarm_node), "id"));
  until.id = alarm_id;
  until.state = YZ_ALARM_STATE_NEW;
  until.session = b;
  g_assert_true (yz_test_wait (alarm_in_state, &until, 10000));
  until.session = a;
  g_assert_true (yz_test_wait (alarm_in_state, &until, 10000));
  yz_session_alarm_action_async (a, yz_session_lookup_alarm (a, alarm_id),
                                 YZ_ALARM_ACTION_ACKNOWLEDGE, NULL, NULL, NULL, NULL,
                                 action_done_cb, &r);
  g_assert_true (yz_test_wait (is_done, &r, 5000));
  g_assert_no_error (r.error);
  until.session = b;
  until.state = YZ_ALARM_STATE_ACKNOWLEDGED;
  g_assert_true (yz_test_wait (alarm_in_state, &until, 1000));
  g_assert_cmpstr (yz_alarm_get_owner (yz_session_lookup_alarm (b, alarm_id)), ==, "operator");
  result_clear (&r);

  /* Resolving needs a note. */
  yz_session_alarm_action_async (b, yz_session_lookup_alarm (b, alarm_id), YZ_ALARM_ACTION_RESOLVE,
                                 NULL, "handled-on-site", "", NULL, action_done_cb, &r);
  g_assert_true (yz_test_wait (is_done, &r, 5000));
  g_assert_error (r.error, YZ_SESSION_ERROR, YZ_SESSION_ERROR_INVALID);
  result_clear (&r);
  yz_session_alarm_action_async (b, yz_session_lookup_alarm (b, alarm_id), YZ_ALARM_ACTION_RESOLVE,
                                 NULL, "handled-on-site", "工作人员到场", NULL, action_done_cb, &r);
  g_assert_true (yz_test_wait (is_done, &r, 5000));
  g_assert_no_error (r.error);
  until.session = a;
  until.state = YZ_ALARM_STATE_RESOLVED;
  g_assert_true (yz_test_wait (alarm_in_state, &until, 1000));
  result_clear (&r);

  /* Disconnected: refused, not queued. */
  yz_session_stop (a);
  yz_session_door_command_async (a, door, "open", 0, "late", NULL, action_done_cb, &r);
  g_assert_true (yz_test_wait (is_done, &r, 5000));
  g_assert_error (r.error, YZ_SESSION_ERROR, YZ_SESSION_ERROR_DISCONNECTED);
  g_assert_cmpint (
      yz_test_query_int (store, "SELECT count(*) FROM audit_log WHERE params LIKE '%late%'"), ==,
      0);
  result_clear (&r);

  /* The chain holds; an edited row is found. */
  g_assert_true (yz_store_audit_verify (store, &first_broken, NULL));
  g_assert_cmpint (sqlite3_exec (yz_store_get_db (store),
                                 "DROP TRIGGER audit_log_no_update;"
                                 "UPDATE audit_log SET result = 'failed' WHERE id = 2;",
                                 NULL, NULL, NULL),
                   ==, SQLITE_OK);
  g_assert_false (yz_store_audit_verify (store, &first_broken, NULL));
  g_assert_cmpint (first_broken, ==, 2);

  g_clear_object (&b);
  g_clear_object (&observer);
  yz_test_fixture_tear_down (&fx);
}

static void
test_session_resync (void)
{
  YzTestFixture fx = { 0 };
  YzSession *session;
  g_autoptr(JsonNode) reply = NULL;
  Until until = { 0 };
  gint64 stopped_at;

  set_up (&fx, (YzTestFixtureOptions){
                   .stations = 8, .sim_args = (const char *[]){ "--replay-window=50", NULL } });
  session = fx.session;
  until.session = session;
  g_assert_true (yz_test_wait (yz_test_session_is_connected, until.session, 20000));
  reply = yz_test_fixture_control (&fx, "burst", "{\"count\": 10}");
  until.seq = yz_session_get_last_seq (session) + 10;
  g_assert_true (yz_test_wait (reached_seq, &until, 10000));

  /* Away while 300 events pass: the gateway keeps only 50. */
  yz_session_stop (session);
  stopped_at = yz_session_get_last_seq (session);
  g_clear_pointer (&reply, json_node_unref);
  reply = yz_test_fixture_control (&fx, "burst", "{\"count\": 300}");

  /* The next start resumes from the store, is told to resync, reloads and carries on. */
  yz_test_fixture_restart_session (&fx);
  session = fx.session;
  until.session = session;
  g_assert_cmpint (yz_session_get_last_seq (session), ==, stopped_at);
  g_assert_cmpuint (g_list_model_get_n_items (yz_session_get_stations (session)), ==, 8);
  until.seq = stopped_at + 300;
  g_assert_true (yz_test_wait (reached_seq, &until, 20000));
  g_assert_true (yz_test_wait (yz_test_session_is_connected, until.session, 20000));
  g_clear_pointer (&reply, json_node_unref);
  reply = yz_test_fixture_control (&fx, "burst", "{\"count\": 5}");
  until.seq = yz_session_get_last_seq (session) + 5;
  g_assert_true (yz_test_wait (reached_seq, &until, 10000));

  yz_test_fixture_tear_down (&fx);
}

static gboolean
derived_open (gpointer data)
{
  Until *until = data;
  YzAlarm *alarm = yz_session_lookup_alarm (until->session, until->id);

  return alarm != NULL && yz_alarm_get_derived (alarm) &&
         yz_alarm_get_state (alarm) == until->state;
}

static void
test_session_derived_alarms (void)
{
  YzTestFixture fx = { 0 };
  YzSession *session;
  g_autoptr(JsonNode) reply = NULL;
  g_autofree char *camera_id = NULL;
  g_autofree char *body = NULL;
  g_autofree char *derived_id = NULL;
  Until until = { 0 };
  Result r = { 0 };

  set_up (&fx, (YzTestFixtureOptions){ .stations = 4, .cameras = TRUE });
  session = fx.session;
  yz_session_set_derive_timing (session, 100, 10 * 60 * 1000, 300);
  until.session = session;
  g_assert_true (yz_test_wait (yz_test_session_is_connected, until.session, 20000));

  {
    g_autoptr(YzCamera) camera = g_list_model_get_item (yz_session_get_cameras (session), 0);

    camera_id = g_strdup (yz_camera_get_id (camera));
  }
  derived_id = g_strconcat ("local-cam-", camera_id, NULL);

  /* The gateway reports the camera offline and raises its own alarm: nothing derived. */
  body = g_strdup_printf ("{\"camera_id\": \"%s\", \"online\": false}", camera_id);
  reply = yz_test_fixture_control (&fx, "camera", body);
  g_assert_false (yz_test_wait (
      derived_open, &(Until){ .session = session, .id = derived_id, .state = YZ_ALARM_STATE_NEW },
      1000));

  /* Someone resolves the gateway's alarm while the camera stays offline: the console
   * raises its own. */
  for (guint i = 0; i < g_list_model_get_n_items (yz_session_get_alarms (session)); i++)
    {
      g_autoptr(YzAlarm) alarm = g_list_model_get_item (yz_session_get_alarms (session), i);

      if (g_strcmp0 (yz_alarm_get_camera_id (alarm), camera_id) == 0 &&
          !yz_alarm_get_derived (alarm))
        {
          yz_session_alarm_action_async (session, alarm, YZ_ALARM_ACTION_RESOLVE, NULL,
                                         "equipment-fault", "报修中", NULL, action_done_cb, &r);
          g_assert_true (yz_test_wait (is_done, &r, 5000));
          g_assert_no_error (r.error);
          result_clear (&r);
        }
    }
  until.id = derived_id;
  until.state = YZ_ALARM_STATE_NEW;
  g_assert_true (yz_test_wait (derived_open, &until, 5000));

  /* Back online: the derived alarm resolves by itself. */
  g_free (body);
  body = g_strdup_printf ("{\"camera_id\": \"%s\", \"online\": true}", camera_id);
  g_clear_pointer (&reply, json_node_unref);
  reply = yz_test_fixture_control (&fx, "camera", body);
  until.state = YZ_ALARM_STATE_RESOLVED;
  g_assert_true (yz_test_wait (derived_open, &until, 5000));

  yz_test_fixture_tear_down (&fx);
}

static void
test_session_entry_window (void)
{
  YzTestFixture fx = { 0 };
  YzStore *store;
  g_autoptr(YzEntryModel) model = NULL;
  g_autoptr(YzEntry) first = NULL;
  g_autoptr(YzEntry) last = NULL;
  g_autoptr(YzEntry) middle = NULL;
  g_autoptr(GPtrArray) added = g_ptr_array_new ();
  guint queries;
  const guint n = 100000;

  yz_test_fixture_set_up (&fx, &(YzTestFixtureOptions){ .name = "session", .store_only = TRUE });
  store = fx.store;
  /* 100,000 entries over 10 stations, one a minute. */
  g_assert_cmpint (
      sqlite3_exec (
          yz_store_get_db (store),
          "WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 99999)"
          " INSERT INTO entries (id, station_id, time, person_name, occupation, method, result)"
          " SELECT printf('e-%06d', i), printf('hz-%04d', i % 10), 1700000000000 + i * 60000,"
          " printf('工人%d', i % 500), 'sanitation', 'face', CASE WHEN i % 7 = 0 THEN 'denied' "
          "ELSE 'granted' END FROM n",
          NULL, NULL, NULL),
      ==, SQLITE_OK);

  model = yz_entry_model_new (store);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, n);
  first = g_list_model_get_item (G_LIST_MODEL (model), 0);
  last = g_list_model_get_item (G_LIST_MODEL (model), n - 1);
  middle = g_list_model_get_item (G_LIST_MODEL (model), 50000);
  g_assert_cmpstr (yz_entry_get_id (first), ==, "e-099999");
  g_assert_cmpstr (yz_entry_get_id (last), ==, "e-000000");
  g_assert_cmpstr (yz_entry_get_id (middle), ==, "e-049999");
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (model), n));

  /* Scrolling a page reads it once (by keyset after the page before). */
  queries = yz_entry_model_get_n_queries (model);
  for (guint i = 0; i < 1000; i++)
    g_object_unref (g_list_model_get_item (G_LIST_MODEL (model), i));
  g_assert_cmpuint (yz_entry_model_get_n_queries (model) - queries, <=, 8);

  /* Filters count and read only what matches. */
  yz_entry_model_set_filter (model, "hz-0003", G_MININT64, G_MAXINT64, "denied", NULL);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 1428);
  g_clear_object (&first);
  first = g_list_model_get_item (G_LIST_MODEL (model), 0);
  g_assert_cmpstr (yz_entry_get_station_id (first), ==, "hz-0003");
  g_assert_cmpstr (yz_entry_get_result (first), ==, "denied");

  /* A new entry that matches goes on top without a recount. */
  {
    YzEntryData entry = { .id = (char *)"e-new",
                          .station_id = (char *)"hz-0003",
                          .time = 1800000000000,
                          .occupation = "courier",
                          .method = "qr",
                          .result = "denied" };
    sqlite3_stmt *stmt = yz_store_prepare (store,
                                           "INSERT INTO entries (id, station_id, time, result) "
                                           "VALUES ('e-new', 'hz-0003', 1800000000000, 'denied')",
                                           NULL);

    g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
    sqlite3_reset (stmt);
    g_ptr_array_add (added, &entry);
    yz_entry_model_added (model, added);
    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 1429);
    g_clear_object (&first);
    first = g_list_model_get_item (G_LIST_MODEL (model), 0);
    g_assert_cmpstr (yz_entry_get_id (first), ==, "e-new");
  }

  g_clear_object (&model);
  yz_test_fixture_tear_down (&fx);
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

  f->bytes = yz_session_fetch_snapshot_finish (YZ_SESSION (object), result, &f->error);
  f->done = TRUE;
}

static gboolean
fetched (gpointer data)
{
  return ((Fetched *)data)->done;
}

/* An entry's snapshot comes from the gateway once, then from the disk cache, even with the
 * gateway frozen; an unknown id is an error, not a crash. */
static void
test_session_snapshots (void)
{
  YzTestFixture fx = { 0 };
  YzSession *session;
  g_autoptr(JsonNode) entry = NULL;
  g_autofree char *cached_file = NULL;
  const char *snapshot_id;
  static const guchar jpeg[] = { 0xff, 0xd8, 0xff };
  Fetched first = { 0 }, second = { 0 }, missing = { 0 };
  Until until = { 0 };
  GPid pid;

  set_up (&fx, (YzTestFixtureOptions){ .stations = 4 });
  session = fx.session;
  until.session = session;
  g_assert_true (yz_test_wait (yz_test_session_is_connected, until.session, 20000));

  entry = yz_test_fixture_control (&fx, "entry",
                                   "{\"station_id\": \"hz-0001\", \"result\": \"stranger\"}");
  snapshot_id = json_object_get_string_member (json_node_get_object (entry), "snapshot_id");
  g_assert_nonnull (snapshot_id);

  yz_session_fetch_snapshot_async (session, snapshot_id, NULL, snapshot_cb, &first);
  g_assert_true (yz_test_wait (fetched, &first, 10000));
  g_assert_no_error (first.error);
  g_assert_cmpuint (g_bytes_get_size (first.bytes), >, 1000);
  g_assert_cmpmem (g_bytes_get_data (first.bytes, NULL), 3, jpeg, 3);
  cached_file =
      g_strdup_printf ("%s/yizhan/snapshots/%s.jpg", g_get_user_cache_dir (), snapshot_id);
  g_assert_true (g_file_test (cached_file, G_FILE_TEST_IS_REGULAR));

  /* Frozen gateway: the cache answers at once. */
  pid = yz_test_sim_get_pid (fx.sim);
  g_assert_cmpint (kill (pid, SIGSTOP), ==, 0);
  yz_session_fetch_snapshot_async (session, snapshot_id, NULL, snapshot_cb, &second);
  g_assert_true (yz_test_wait (fetched, &second, 2000));
  g_assert_cmpint (kill (pid, SIGCONT), ==, 0);
  g_assert_no_error (second.error);
  g_assert_true (g_bytes_equal (first.bytes, second.bytes));

  yz_session_fetch_snapshot_async (session, "s-999999999", NULL, snapshot_cb, &missing);
  g_assert_true (yz_test_wait (fetched, &missing, 10000));
  g_assert_null (missing.bytes);
  g_assert_error (missing.error, YZ_BACKEND_ERROR, YZ_BACKEND_ERROR_NOT_FOUND);

  g_clear_pointer (&first.bytes, g_bytes_unref);
  g_clear_pointer (&second.bytes, g_bytes_unref);
  g_clear_error (&missing.error);
  yz_test_fixture_tear_down (&fx);
}

static gboolean
journal_pruned (gpointer data)
{
  return yz_test_query_int (data, "SELECT COUNT(*) FROM events") == 0;
}

/* The raw journal is pruned past its retention, in batches; entries, alarms and the resume
 * point stay. */
static void
test_session_journal_retention (void)
{
  YzTestFixture fx = { 0 };
  YzSession *session;
  g_autoptr(YzStore) store = NULL;
  g_autoptr(JsonNode) reply = NULL;
  Until until = { 0 };
  gint64 entries, last_seq;

  set_up (&fx, (YzTestFixtureOptions){ .stations = 4 });
  session = fx.session;
  until.session = session;
  g_assert_true (yz_test_wait (yz_test_session_is_connected, until.session, 20000));
  until.seq = yz_session_get_last_seq (session) + 5001;
  reply = yz_test_fixture_control (&fx, "burst", "{\"count\": 5000}");
  g_clear_pointer (&reply, json_node_unref);
  reply = yz_test_fixture_control (&fx, "entry", "{\"station_id\": \"hz-0002\"}");
  g_assert_true (yz_test_wait (reached_seq, &until, 20000));

  /* A connection of its own, as another reader of the file. */
  store = yz_store_open (fx.db_path, NULL);
  g_assert_cmpint (yz_test_query_int (store, "SELECT COUNT(*) FROM events"), >=, 5001);
  entries = yz_test_query_int (store, "SELECT COUNT(*) FROM entries");
  g_assert_cmpint (entries, >, 0);

  /* Nothing is old enough under the default retention (14 days). */
  g_assert_cmpuint (yz_session_prune_journal (session), ==, 0);
  g_assert_cmpint (yz_test_query_int (store, "SELECT COUNT(*) FROM events"), >=, 5001);

  /* Keep nothing: pruned in several batches, the rest untouched. */
  yz_session_stop (session);
  last_seq = yz_session_get_last_seq (session);
  yz_session_set_journal_retention (session, 0);
  g_assert_true (yz_test_wait (journal_pruned, store, 10000));
  g_assert_cmpint (yz_test_query_int (store, "SELECT COUNT(*) FROM entries"), ==, entries);
  g_assert_cmpint (
      yz_test_query_int (store, "SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'last-seq'"),
      ==, last_seq);

  g_clear_object (&store);
  yz_test_fixture_tear_down (&fx);
}

/* A console that kept its token (the keyring) logs in with it alone: the gateway says whose
 * it is, so the role and the name are known before any action; a token the gateway no longer
 * takes falls back to the password; without a password the failure is said. */
static YzSession *
session_with_token (YzTestFixture *fx, const char *db_name, const char *password, const char *token)
{
  g_autofree char *path = g_build_filename (fx->dir, db_name, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(YzStore) store = yz_store_open (path, &error);
  g_autoptr(YzGatewayBackend) backend = NULL;
  YzSession *session;

  g_assert_no_error (error);
  backend = yz_gateway_backend_new (yz_test_sim_get_base_url (fx->sim), NULL, NULL, &error);
  g_assert_no_error (error);
  session = yz_session_new (store, YZ_BACKEND (backend));
  yz_session_start (session, "operator", password, token);
  return session;
}

static gboolean
has_failed (gpointer data)
{
  YzSession *session = data;

  return yz_session_get_connection_state (session) == YZ_CONNECTION_DISCONNECTED &&
         yz_session_get_status (session) != NULL;
}

static void
test_session_kept_token (void)
{
  YzTestFixture fx = { 0 };
  g_autoptr(YzSession) kept = NULL;
  g_autoptr(YzSession) stale = NULL;
  g_autoptr(YzSession) lost = NULL;

  set_up (&fx, (YzTestFixtureOptions){ .stations = 4, .control = TRUE });
  g_assert_nonnull (fx.token);

  kept = session_with_token (&fx, "kept.db", NULL, fx.token);
  g_assert_true (yz_test_wait (yz_test_session_is_connected, kept, 20000));
  g_assert_cmpint (yz_session_get_role (kept), ==, YZ_ROLE_OPERATOR);
  g_assert_cmpstr (yz_session_get_display_name (kept), ==, "值班员王伟");
  g_assert_nonnull (yz_session_get_gateway_name (kept));

  stale = session_with_token (&fx, "stale.db", "operator", "no-such-token");
  g_assert_true (yz_test_wait (yz_test_session_is_connected, stale, 20000));
  g_assert_cmpint (yz_session_get_role (stale), ==, YZ_ROLE_OPERATOR);

  lost = session_with_token (&fx, "lost.db", NULL, "no-such-token");
  g_assert_true (yz_test_wait (has_failed, lost, 20000));
  g_assert_cmpint (yz_session_get_role (lost), ==, YZ_ROLE_NONE);

  g_clear_object (&kept);
  g_clear_object (&stale);
  g_clear_object (&lost);
  yz_test_fixture_tear_down (&fx);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/yizhan/session/entry-window", test_session_entry_window);
  g_test_add_func ("/yizhan/session/follows-through-drops", test_session_follows_through_drops);
  g_test_add_func ("/yizhan/session/actions", test_session_actions);
  g_test_add_func ("/yizhan/session/resync", test_session_resync);
  g_test_add_func ("/yizhan/session/derived-alarms", test_session_derived_alarms);
  g_test_add_func ("/yizhan/session/snapshots", test_session_snapshots);
  g_test_add_func ("/yizhan/session/journal-retention", test_session_journal_retention);
  g_test_add_func ("/yizhan/session/kept-token", test_session_kept_token);

  return g_test_run ();
}
