/* test-commands.c
 *
 * The session's audited commands on the scripted backend (yz-test-backend.c) with a real
 * store: who may do what, the audit row written before anything is sent and the result
 * after, door commands matched to the door's answer (also one that comes before the
 * gateway's reply, one that never comes, one that says no), refusals, alarm, stock and
 * device commands. No simulator.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-commands"

#include "config.h"

#include <string.h>

#include "yz-session.h"
#include "yz-test-backend.h"
#include "yz-test-sim.h"

typedef struct
{
  gboolean done;
  gboolean ok;
  GError *error;
} Result;

static void
done_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  YzSession *session = YZ_SESSION (object);
  gpointer tag = g_task_get_source_tag (G_TASK (result));
  Result *r = user_data;

  g_assert_false (r->done);
  if (tag == yz_session_door_command_async)
    r->ok = yz_session_door_command_finish (session, result, &r->error);
  else if (tag == yz_session_alarm_action_async)
    r->ok = yz_session_alarm_action_finish (session, result, &r->error);
  else if (tag == yz_session_device_power_async)
    r->ok = yz_session_device_power_finish (session, result, &r->error);
  else
    r->ok = yz_session_stock_finish (session, result, &r->error);
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

/* Waits for @r and checks how it ended; clears it for the next command. */
static void
assert_result (Result *r, GQuark domain, int code)
{
  g_assert_true (yz_test_wait (is_done, r, 5000));
  if (domain == 0)
    {
      g_assert_no_error (r->error);
      g_assert_true (r->ok);
    }
  else
    {
      g_assert_error (r->error, domain, code);
      g_assert_false (r->ok);
    }
  result_clear (r);
}

static YzSession *
connected_session (YzTestBackend *backend, const char *operator_name)
{
  g_autofree char *db = g_strconcat (operator_name, ".db", NULL);
  YzSession *session = yz_test_backend_new_session (backend, db);

  yz_session_start (session, operator_name, "secret", NULL);
  g_assert_true (yz_test_session_wait_state (session, YZ_CONNECTION_CONNECTED, 5000));
  return session;
}

static gint64
n_audit (YzSession *session, const char *phase)
{
  return yz_test_store_int (yz_session_get_store (session),
                            "SELECT count(*) FROM audit_log WHERE phase = '%s'", phase);
}

/* The last result row written for @target. */
static char *
audit_result (YzSession *session, const char *target)
{
  return yz_test_store_text (yz_session_get_store (session),
                             "SELECT result FROM audit_log WHERE target = '%s' AND phase = 'result'"
                             " ORDER BY id DESC LIMIT 1",
                             target);
}

static void
assert_audit_result (YzSession *session, const char *target, const char *prefix)
{
  g_autofree char *result = audit_result (session, target);

  g_assert_nonnull (result);
  if (!g_str_has_prefix (result, prefix))
    g_error ("The audit result for %s is “%s”, not “%s…”", target, result, prefix);
}

static guint
n_commands (YzTestBackend *backend)
{
  return yz_test_backend_count_calls (backend, "door-command") +
         yz_test_backend_count_calls (backend, "alarm-action") +
         yz_test_backend_count_calls (backend, "stock") +
         yz_test_backend_count_calls (backend, "device-power");
}

static void
count_cb (gpointer instance, gpointer arg, guint *count)
{
  (*count)++;
}

static gboolean
has_alarm (gpointer data)
{
  gpointer *args = data;

  return yz_session_lookup_alarm (args[0], args[1]) != NULL;
}

static void
raise_and_wait (YzTestBackend *backend, YzSession *session, const char *alarm_id,
                const char *station_id)
{
  gpointer args[] = { session, (gpointer)alarm_id };

  yz_test_backend_raise_alarm (backend, alarm_id, station_id, NULL, "sos", "critical");
  g_assert_true (yz_test_wait (has_alarm, args, 5000));
}

/* An observer may do nothing, an operator may not change thresholds; refused commands
 * leave no audit row and send nothing. */
static void
test_roles (void)
{
  g_autoptr(YzTestBackend) backend = yz_test_backend_new_city (2);
  g_autoptr(YzTestBackend) backend_op = yz_test_backend_new_city (2);
  g_autoptr(YzTestBackend) backend_sup = yz_test_backend_new_city (2);
  g_autoptr(YzSession) observer = connected_session (backend, "observer");
  g_autoptr(YzSession) operator= connected_session (backend_op, "operator");
  g_autoptr(YzSession) supervisor = connected_session (backend_sup, "supervisor");
  Result r = { 0 };

  raise_and_wait (backend, observer, "a-000001", "hz-0001");
  g_assert_cmpint (yz_session_get_role (observer), ==, YZ_ROLE_OBSERVER);

  yz_session_door_command_async (observer, yz_session_lookup_door (observer, "hz-0001-door1"),
                                 "open", 0, "medical", NULL, done_cb, &r);
  assert_result (&r, YZ_SESSION_ERROR, YZ_SESSION_ERROR_NOT_ALLOWED);
  yz_session_alarm_action_async (observer, yz_session_lookup_alarm (observer, "a-000001"),
                                 YZ_ALARM_ACTION_ACKNOWLEDGE, NULL, NULL, NULL, NULL, done_cb, &r);
  assert_result (&r, YZ_SESSION_ERROR, YZ_SESSION_ERROR_NOT_ALLOWED);
  yz_session_restock_async (observer, yz_session_lookup_stock (observer, "hz-0001-water"), 5, NULL,
                            NULL, done_cb, &r);
  assert_result (&r, YZ_SESSION_ERROR, YZ_SESSION_ERROR_NOT_ALLOWED);
  yz_session_device_power_async (observer, yz_session_lookup_device (observer, "hz-0001-ac"), FALSE,
                                 NULL, done_cb, &r);
  assert_result (&r, YZ_SESSION_ERROR, YZ_SESSION_ERROR_NOT_ALLOWED);
  g_assert_cmpint (
      yz_test_store_int (yz_session_get_store (observer), "SELECT count(*) FROM audit_log"), ==, 0);
  g_assert_cmpuint (n_commands (backend), ==, 0);

  /* Thresholds are the supervisor's. */
  yz_session_set_threshold_async (operator, yz_session_lookup_stock (operator, "hz-0001-water"), 20,
                                  NULL, done_cb, &r);
  assert_result (&r, YZ_SESSION_ERROR, YZ_SESSION_ERROR_NOT_ALLOWED);
  g_assert_cmpint (
      yz_test_store_int (yz_session_get_store (operator), "SELECT count(*) FROM audit_log"), ==, 0);
  g_assert_cmpuint (n_commands (backend_op), ==, 0);

  yz_session_set_threshold_async (supervisor, yz_session_lookup_stock (supervisor, "hz-0001-water"),
                                  20, NULL, done_cb, &r);
  assert_result (&r, 0, 0);
  g_assert_cmpstr (yz_test_backend_last_call (backend_sup, "stock")->command, ==, "threshold");
  g_assert_cmpint (yz_test_backend_last_call (backend_sup, "stock")->value, ==, 20);
  g_assert_cmpint (
      yz_stock_get_low_threshold (yz_session_lookup_stock (supervisor, "hz-0001-water")), ==, 20);
  assert_audit_result (supervisor, "hz-0001-water", "level 36, threshold 20");
}

/* What the audit log held when the backend received each command. */
typedef struct
{
  YzSession *session;
  gint64 requests;
  gint64 results;
  guint n_calls;
} AtCall;

static void
call_cb (YzTestBackend *backend, YzTestCall *call, AtCall *at)
{
  YzStore *store = yz_session_get_store (at->session);

  if (call->target == NULL || g_str_equal (call->name, "follow") ||
      g_str_equal (call->name, "log-in"))
    return;
  at->n_calls++;
  at->requests = yz_test_store_int (store,
                                    "SELECT count(*) FROM audit_log WHERE target = '%s'"
                                    " AND phase = 'request'",
                                    call->target);
  at->results = yz_test_store_int (store,
                                   "SELECT count(*) FROM audit_log WHERE target = '%s'"
                                   " AND phase = 'result'",
                                   call->target);
}

static void
sent_cb (YzSession *session, const char *door_id, GPtrArray *sent)
{
  g_ptr_array_add (sent, g_strdup (door_id));
}

/* The request row is in the log when the command reaches the gateway; the result row
 * comes after the answer. */
static void
test_audit_before_send (void)
{
  g_autoptr(YzTestBackend) backend = yz_test_backend_new_city (2);
  g_autoptr(YzSession) session = connected_session (backend, "operator");
  g_autoptr(GPtrArray) sent = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *params = NULL;
  g_autofree char *op = NULL;
  AtCall at = { .session = session };
  Result r = { 0 };
  gint64 first_broken = 0;

  g_signal_connect (backend, "call", G_CALLBACK (call_cb), &at);
  g_signal_connect (session, "door-command-sent", G_CALLBACK (sent_cb), sent);
  raise_and_wait (backend, session, "a-000001", "hz-0001");

  /* A door command, held at the gateway: requested, not yet answered. */
  yz_test_backend_hold (backend, "door-command", TRUE);
  yz_session_door_command_async (session, yz_session_lookup_door (session, "hz-0001-door1"), "open",
                                 0, "worker-locked-out", NULL, done_cb, &r);
  g_assert_cmpuint (at.n_calls, ==, 1);
  g_assert_cmpint (at.requests, ==, 1);
  g_assert_cmpint (at.results, ==, 0);
  g_assert_cmpuint (yz_test_backend_get_n_held (backend, "door-command"), ==, 1);
  g_assert_false (yz_test_wait (is_done, &r, 100));
  g_assert_cmpuint (sent->len, ==, 0);
  g_assert_cmpint (n_audit (session, "result"), ==, 0);
  params = yz_test_store_text (yz_session_get_store (session),
                               "SELECT params FROM audit_log WHERE phase = 'request'");
  g_assert_nonnull (strstr (params, "\"reason\":\"worker-locked-out\""));
  g_assert_nonnull (strstr (params, "\"station_id\":\"hz-0001\""));
  op = yz_test_store_text (yz_session_get_store (session),
                           "SELECT operator FROM audit_log WHERE phase = 'request'");
  g_assert_cmpstr (op, ==, "operator");
  g_assert_cmpstr (yz_test_backend_last_call (backend, "door-command")->text, ==,
                   "worker-locked-out");

  yz_test_backend_release (backend, "door-command");
  assert_result (&r, 0, 0);
  g_assert_cmpuint (sent->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (sent, 0), ==, "hz-0001-door1");
  assert_audit_result (session, "hz-0001-door1", "ok");
  g_assert_cmpint (
      yz_test_store_int (
          yz_session_get_store (session),
          "SELECT max(id) FROM audit_log WHERE phase = 'request' AND target = 'hz-0001-door1'"),
      <,
      yz_test_store_int (
          yz_session_get_store (session),
          "SELECT max(id) FROM audit_log WHERE phase = 'result' AND target = 'hz-0001-door1'"));

  /* Every kind of command: the request before, the result after. */
  yz_session_alarm_action_async (session, yz_session_lookup_alarm (session, "a-000001"),
                                 YZ_ALARM_ACTION_ACKNOWLEDGE, NULL, NULL, NULL, NULL, done_cb, &r);
  g_assert_cmpint (at.requests, ==, 1);
  g_assert_cmpint (at.results, ==, 0);
  assert_result (&r, 0, 0);
  yz_session_restock_async (session, yz_session_lookup_stock (session, "hz-0002-water"), 6, "补货",
                            NULL, done_cb, &r);
  g_assert_cmpint (at.requests, ==, 1);
  g_assert_cmpint (at.results, ==, 0);
  assert_result (&r, 0, 0);
  yz_session_device_power_async (session, yz_session_lookup_device (session, "hz-0002-ac"), FALSE,
                                 NULL, done_cb, &r);
  g_assert_cmpint (at.requests, ==, 1);
  g_assert_cmpint (at.results, ==, 0);
  assert_result (&r, 0, 0);
  g_assert_cmpuint (at.n_calls, ==, 4);
  g_assert_cmpint (n_audit (session, "request"), ==, 4);
  g_assert_cmpint (n_audit (session, "result"), ==, 4);

  /* The chain of hashes holds. */
  g_assert_true (yz_store_audit_verify (yz_session_get_store (session), &first_broken, NULL));
}

static gboolean
n_sent_one (gpointer data)
{
  return ((GPtrArray *)data)->len >= 1;
}

static gboolean
n_sent (gpointer data)
{
  return ((GPtrArray *)data)->len >= 2;
}

/* Two doors, two answers in the other order: each command gets its own. */
static void
test_door_result_matching (void)
{
  g_autoptr(YzTestBackend) backend = yz_test_backend_new_city (2);
  g_autoptr(YzSession) session = connected_session (backend, "operator");
  g_autoptr(GPtrArray) sent = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *id_a = NULL;
  g_autofree char *id_b = NULL;
  Result a = { 0 }, b = { 0 };
  GPtrArray *calls;

  g_signal_connect (session, "door-command-sent", G_CALLBACK (sent_cb), sent);
  yz_test_backend_set_door_answer (backend, YZ_TEST_DOOR_ANSWER_NEVER, NULL);
  yz_session_set_door_timeout (session, 10000);
  yz_session_door_command_async (session, yz_session_lookup_door (session, "hz-0001-door1"), "open",
                                 0, "medical", NULL, done_cb, &a);
  yz_session_door_command_async (session, yz_session_lookup_door (session, "hz-0002-door1"), "lock",
                                 0, "maintenance", NULL, done_cb, &b);
  g_assert_true (yz_test_wait (n_sent, sent, 5000));
  g_assert_false (a.done);
  g_assert_false (b.done);

  calls = yz_test_backend_get_calls (backend);
  for (guint i = 0; i < calls->len; i++)
    {
      YzTestCall *call = g_ptr_array_index (calls, i);

      if (g_strcmp0 (call->target, "hz-0001-door1") == 0)
        id_a = g_strdup (call->command_id);
      else if (g_strcmp0 (call->target, "hz-0002-door1") == 0)
        id_b = g_strdup (call->command_id);
    }
  g_assert_nonnull (id_a);
  g_assert_nonnull (id_b);
  g_assert_cmpstr (id_a, !=, id_b);

  /* The second door answers first, and says no. */
  yz_test_backend_door_result (backend, id_b, FALSE, "jammed");
  g_assert_true (yz_test_wait (is_done, &b, 5000));
  g_assert_error (b.error, YZ_SESSION_ERROR, YZ_SESSION_ERROR_FAILED);
  g_assert_nonnull (strstr (b.error->message, "jammed"));
  g_assert_false (a.done);
  assert_audit_result (session, "hz-0002-door1", "refused: ");

  yz_test_backend_door_result (backend, id_a, TRUE, NULL);
  assert_result (&a, 0, 0);
  assert_audit_result (session, "hz-0001-door1", "ok");
  result_clear (&b);
}

/* The door's answer read before the gateway's 202: still matched. */
static void
test_door_early_result (void)
{
  g_autoptr(YzTestBackend) backend = yz_test_backend_new_city (1);
  g_autoptr(YzSession) session = connected_session (backend, "operator");
  Result r = { 0 };

  yz_test_backend_set_door_answer (backend, YZ_TEST_DOOR_ANSWER_EARLY, NULL);
  yz_session_set_door_timeout (session, 3000);
  yz_session_door_command_async (session, yz_session_lookup_door (session, "hz-0001-door1"), "open",
                                 0, "restock", NULL, done_cb, &r);
  /* Well before the timeout: a missed early answer would end as "no answer" at 3 s. */
  g_assert_true (yz_test_wait (is_done, &r, 2000));
  assert_result (&r, 0, 0);
  assert_audit_result (session, "hz-0001-door1", "ok");

  /* And the door that says no at once. */
  yz_test_backend_set_door_answer (backend, YZ_TEST_DOOR_ANSWER_FAIL, "door is blocked");
  yz_session_door_command_async (session, yz_session_lookup_door (session, "hz-0001-door1"), "lock",
                                 0, "restock", NULL, done_cb, &r);
  g_assert_true (yz_test_wait (is_done, &r, 2000));
  g_assert_error (r.error, YZ_SESSION_ERROR, YZ_SESSION_ERROR_FAILED);
  g_assert_nonnull (strstr (r.error->message, "door is blocked"));
  result_clear (&r);
  assert_audit_result (session, "hz-0001-door1", "refused: ");
}

/* A late answer, as YzSession::door-command-late-result told it. */
typedef struct
{
  guint count;
  char *door_id;
  char *command;
  char *outcome;
} Late;

static void
late_cb (YzSession *session, const char *door_id, const char *command, const char *outcome,
         const char *message, Late *late)
{
  late->count++;
  g_free (late->door_id);
  g_free (late->command);
  g_free (late->outcome);
  late->door_id = g_strdup (door_id);
  late->command = g_strdup (command);
  late->outcome = g_strdup (outcome);
}

static void
late_clear (Late *late)
{
  g_free (late->door_id);
  g_free (late->command);
  g_free (late->outcome);
}

static gboolean
late_told (gpointer data)
{
  return ((Late *)data)->count > 0;
}

static gboolean
late_told_twice (gpointer data)
{
  return ((Late *)data)->count > 1;
}

/* The door never answers in time: the outcome is unknown (not failed), written so; the
 * door's state is asked again and shown; the answer that comes late is written (phase
 * late-result) and told. The console stopping ends a waiting command the same way. */
static void
test_door_timeout (void)
{
  g_autoptr(YzTestBackend) backend = yz_test_backend_new_city (1);
  g_autoptr(YzSession) session = connected_session (backend, "operator");
  YzDoor *door = yz_session_lookup_door (session, "hz-0001-door1");
  Result r = { 0 };
  Late late = { 0 };
  g_autofree char *late_row = NULL;

  g_signal_connect (session, "door-command-late-result", G_CALLBACK (late_cb), &late);
  yz_test_backend_set_door_answer (backend, YZ_TEST_DOOR_ANSWER_NEVER, NULL);
  yz_session_set_door_timeout (session, 200);
  /* The gateway's door changed without an event reaching the console: the follow-up finds
   * it. */
  g_assert_cmpstr (yz_door_get_state (door), !=, "unlocked");
  json_object_set_string_member (yz_test_backend_lookup (backend, "hz-0001-door1"), "state",
                                 "unlocked");
  yz_session_door_command_async (session, door, "open", 0, "medical", NULL, done_cb, &r);
  g_assert_true (yz_test_wait (is_done, &r, 5000));
  g_assert_error (r.error, YZ_SESSION_ERROR, YZ_SESSION_ERROR_OUTCOME_UNKNOWN);
  result_clear (&r);
  assert_audit_result (session, "hz-0001-door1", "unknown: ");
  g_assert_cmpuint (yz_test_backend_count_calls (backend, "fetch-door"), ==, 1);
  g_assert_cmpstr (yz_door_get_state (door), ==, "unlocked");

  yz_test_backend_door_result (
      backend, yz_test_backend_last_call (backend, "door-command")->command_id, TRUE, NULL);
  g_assert_true (yz_test_wait (late_told, &late, 5000));
  g_assert_cmpstr (late.door_id, ==, "hz-0001-door1");
  g_assert_cmpstr (late.command, ==, "open");
  g_assert_cmpstr (late.outcome, ==, "carried-out");
  /* A second result row, after the "unknown" one. */
  g_assert_cmpint (n_audit (session, "result"), ==, 2);
  late_row = audit_result (session, "hz-0001-door1");
  g_assert_cmpstr (late_row, ==, "late: ok");
  /* Chained like every row. */
  g_assert_true (yz_store_audit_verify (yz_session_get_store (session), NULL, NULL));

  yz_session_set_door_timeout (session, 10000);
  yz_session_door_command_async (session, door, "open", 0, "medical", NULL, done_cb, &r);
  g_assert_false (yz_test_wait (is_done, &r, 100));
  g_assert_cmpuint (yz_test_backend_count_calls (backend, "door-command"), ==, 2);
  yz_session_stop (session);
  assert_result (&r, YZ_SESSION_ERROR, YZ_SESSION_ERROR_OUTCOME_UNKNOWN);
  g_assert_cmpint (n_audit (session, "result"), ==, 3);
  assert_audit_result (session, "hz-0001-door1", "unknown: ");
  late_clear (&late);
}

/* The console restarts between "outcome unknown" and the door's answer: the new session
 * finds the command in the audit log by its request id, and writes and tells the answer. */
static void
test_door_late_after_restart (void)
{
  g_autoptr(YzTestBackend) backend = yz_test_backend_new_city (1);
  g_autoptr(YzSession) first = connected_session (backend, "operator");
  g_autoptr(YzSession) again = NULL;
  g_autofree char *command_id = NULL;
  g_autofree char *late_row = NULL;
  Result r = { 0 };
  Late late = { 0 };

  yz_test_backend_set_door_answer (backend, YZ_TEST_DOOR_ANSWER_NEVER, NULL);
  yz_session_set_door_timeout (first, 100);
  yz_session_door_command_async (first, yz_session_lookup_door (first, "hz-0001-door1"), "lock", 0,
                                 "medical", NULL, done_cb, &r);
  g_assert_true (yz_test_wait (is_done, &r, 5000));
  g_assert_error (r.error, YZ_SESSION_ERROR, YZ_SESSION_ERROR_OUTCOME_UNKNOWN);
  result_clear (&r);
  command_id = g_strdup (yz_test_backend_last_call (backend, "door-command")->command_id);
  yz_session_stop (first);
  g_clear_object (&first);

  again = connected_session (backend, "operator");
  g_signal_connect (again, "door-command-late-result", G_CALLBACK (late_cb), &late);
  yz_test_backend_door_result (backend, command_id, FALSE, "jammed");
  g_assert_true (yz_test_wait (late_told, &late, 5000));
  g_assert_cmpstr (late.door_id, ==, "hz-0001-door1");
  g_assert_cmpstr (late.command, ==, "lock");
  g_assert_cmpstr (late.outcome, ==, "refused");
  late_row = audit_result (again, "hz-0001-door1");
  g_assert_true (g_str_has_prefix (late_row, "late: refused: "));
  g_assert_nonnull (strstr (late_row, "jammed"));
  /* Told once: a second answer finds the command known. */
  yz_test_backend_door_result (backend, command_id, FALSE, "jammed");
  g_assert_false (yz_test_wait (late_told_twice, &late, 300));
  late_clear (&late);
}

/* Every door command carries its own request id (a UUID, in its audit rows too) and an
 * expiry 20 s after the click. */
static void
test_door_request_id (void)
{
  g_autoptr(YzTestBackend) backend = yz_test_backend_new_city (1);
  g_autoptr(YzSession) session = connected_session (backend, "operator");
  YzDoor *door = yz_session_lookup_door (session, "hz-0001-door1");
  g_autofree char *first = NULL;
  g_autofree char *params = NULL;
  gint64 now = g_get_real_time () / 1000;
  YzTestCall *call;
  Result r = { 0 };

  yz_session_door_command_async (session, door, "open", 0, "medical", NULL, done_cb, &r);
  assert_result (&r, 0, 0);
  call = yz_test_backend_last_call (backend, "door-command");
  g_assert_true (g_uuid_string_is_valid (call->request_id));
  g_assert_cmpint (call->expires_at, >=, now + 19000);
  g_assert_cmpint (call->expires_at, <=, g_get_real_time () / 1000 + 20000);
  first = g_strdup (call->request_id);
  params =
      yz_test_store_text (yz_session_get_store (session),
                          "SELECT params FROM audit_log WHERE phase = '%s' LIMIT 1", "request");
  g_assert_nonnull (strstr (params, first));
  g_assert_nonnull (strstr (params, "\"expires_at\""));

  yz_session_door_command_async (session, door, "lock", 0, "medical", NULL, done_cb, &r);
  assert_result (&r, 0, 0);
  g_assert_cmpstr (yz_test_backend_last_call (backend, "door-command")->request_id, !=, first);
}

/* The gateway's reply is lost (its deadline): the command may have arrived, so the outcome
 * is unknown, not an error; the door's answer, matched by the request id alone, is a late
 * result. */
static void
test_door_lost_reply (void)
{
  g_autoptr(YzTestBackend) backend = yz_test_backend_new_city (1);
  g_autoptr(YzSession) session = connected_session (backend, "operator");
  g_autoptr(GPtrArray) sent = g_ptr_array_new_with_free_func (g_free);
  Result r = { 0 };
  Late late = { 0 };
  YzTestCall *call;

  g_signal_connect (session, "door-command-sent", G_CALLBACK (sent_cb), sent);
  g_signal_connect (session, "door-command-late-result", G_CALLBACK (late_cb), &late);
  yz_test_backend_fail (backend, "door-command", 1, YZ_BACKEND_ERROR_NETWORK,
                        "The gateway did not answer within 10 s");
  yz_session_door_command_async (session, yz_session_lookup_door (session, "hz-0001-door1"), "open",
                                 0, "medical", NULL, done_cb, &r);
  g_assert_true (yz_test_wait (is_done, &r, 5000));
  g_assert_error (r.error, YZ_SESSION_ERROR, YZ_SESSION_ERROR_OUTCOME_UNKNOWN);
  result_clear (&r);
  assert_audit_result (session, "hz-0001-door1", "unknown: ");
  g_assert_cmpuint (sent->len, ==, 1); /* the dialog stops offering a second command */
  g_assert_cmpuint (yz_test_backend_count_calls (backend, "fetch-door"), ==, 1);

  call = yz_test_backend_last_call (backend, "door-command");
  yz_test_backend_emit_json (backend,
                             "{\"type\": \"door.command-result\", \"station_id\": \"hz-0001\","
                             " \"command_id\": \"c-999999\", \"door_id\": \"hz-0001-door1\","
                             " \"ok\": false, \"reason\": \"expired\", \"by\": \"operator\","
                             " \"request_id\": \"%s\"}",
                             call->request_id);
  g_assert_true (yz_test_wait (late_told, &late, 5000));
  g_assert_cmpstr (late.outcome, ==, "expired");
  g_assert_cmpint (yz_test_store_int (yz_session_get_store (session),
                                      "SELECT count(*) FROM audit_log WHERE phase = 'result'"
                                      " AND result LIKE '%s'",
                                      "late: expired: %"),
                   ==, 1);
  late_clear (&late);
}

/* The door answers while the gateway's reply is still on its way: the event stream is read
 * first. */
static void
answer_before_reply_cb (YzTestBackend *backend, YzTestCall *call, gpointer data)
{
  if (g_strcmp0 (call->name, "door-command") != 0)
    return;
  yz_test_backend_emit_json (backend,
                             "{\"type\": \"door.command-result\", \"station_id\": \"hz-0001\","
                             " \"command_id\": \"c-888888\", \"door_id\": \"hz-0001-door1\","
                             " \"ok\": true, \"by\": \"operator\", \"request_id\": \"%s\"}",
                             call->request_id);
}

/* The gateway's reply is lost, but the door's answer came before: matched by the request
 * id, the outcome is known (carried out), not unknown. */
static void
test_door_lost_reply_answered (void)
{
  g_autoptr(YzTestBackend) backend = yz_test_backend_new_city (1);
  g_autoptr(YzSession) session = connected_session (backend, "operator");
  Result r = { 0 };

  g_signal_connect (backend, "call", G_CALLBACK (answer_before_reply_cb), NULL);
  yz_test_backend_fail (backend, "door-command", 1, YZ_BACKEND_ERROR_NETWORK,
                        "The gateway did not answer within 10 s");
  yz_session_door_command_async (session, yz_session_lookup_door (session, "hz-0001-door1"), "open",
                                 0, "medical", NULL, done_cb, &r);
  assert_result (&r, 0, 0);
  assert_audit_result (session, "hz-0001-door1", "ok");
  g_assert_cmpuint (yz_test_backend_count_calls (backend, "fetch-door"), ==, 0);
}

/* Not carried out for its expiry: refused on arrival (409 expired), or answered "expired"
 * by the door. Written as expired, not as a refusal. */
static void
test_door_expired (void)
{
  g_autoptr(YzTestBackend) backend = yz_test_backend_new_city (1);
  g_autoptr(YzSession) session = connected_session (backend, "operator");
  Result r = { 0 };

  yz_test_backend_fail (backend, "door-command", 1, YZ_BACKEND_ERROR_EXPIRED,
                        "Not carried out (expired): the command reached the gateway too late");
  yz_session_door_command_async (session, yz_session_lookup_door (session, "hz-0001-door1"), "open",
                                 0, "medical", NULL, done_cb, &r);
  assert_result (&r, YZ_BACKEND_ERROR, YZ_BACKEND_ERROR_EXPIRED);
  assert_audit_result (session, "hz-0001-door1", "expired: ");

  yz_test_backend_set_door_answer (backend, YZ_TEST_DOOR_ANSWER_FAIL, "expired");
  yz_session_door_command_async (session, yz_session_lookup_door (session, "hz-0001-door1"), "open",
                                 0, "medical", NULL, done_cb, &r);
  assert_result (&r, YZ_SESSION_ERROR, YZ_SESSION_ERROR_EXPIRED);
  assert_audit_result (session, "hz-0001-door1", "expired: ");
}

/* The stream drops while a door command waits for its answer: the answer, sent meanwhile,
 * comes with the events of the gap and completes the command. */
static void
test_door_result_through_drop (void)
{
  g_autoptr(YzTestBackend) backend = yz_test_backend_new_city (1);
  g_autoptr(YzSession) session = connected_session (backend, "operator");
  g_autoptr(GPtrArray) sent = g_ptr_array_new_with_free_func (g_free);
  Result r = { 0 };

  g_signal_connect (session, "door-command-sent", G_CALLBACK (sent_cb), sent);
  yz_test_backend_set_door_answer (backend, YZ_TEST_DOOR_ANSWER_NEVER, NULL);
  yz_session_set_door_timeout (session, 10000);
  yz_session_door_command_async (session, yz_session_lookup_door (session, "hz-0001-door1"), "open",
                                 0, "medical", NULL, done_cb, &r);
  g_assert_true (yz_test_wait (n_sent_one, sent, 5000));

  yz_test_backend_drop (backend, 60000);
  yz_test_backend_door_result (
      backend, yz_test_backend_last_call (backend, "door-command")->command_id, TRUE, NULL);
  g_assert_false (yz_test_wait (is_done, &r, 200));
  g_assert_true (yz_session_retry_now (session));
  assert_result (&r, 0, 0);
  assert_audit_result (session, "hz-0001-door1", "ok");
}

/* The gateway says no: refused, written as such, nothing to wait for. */
static void
test_door_refused (void)
{
  g_autoptr(YzTestBackend) backend = yz_test_backend_new_city (1);
  g_autoptr(YzSession) session = connected_session (backend, "operator");
  g_autoptr(GPtrArray) sent = g_ptr_array_new_with_free_func (g_free);
  Result r = { 0 };

  g_signal_connect (session, "door-command-sent", G_CALLBACK (sent_cb), sent);
  yz_test_backend_fail (backend, "door-command", 1, YZ_BACKEND_ERROR_CONFLICT,
                        "The gateway refused (409 station-offline): hz-0001 is offline");
  yz_session_door_command_async (session, yz_session_lookup_door (session, "hz-0001-door1"), "open",
                                 0, "medical", NULL, done_cb, &r);
  assert_result (&r, YZ_BACKEND_ERROR, YZ_BACKEND_ERROR_CONFLICT);
  assert_audit_result (session, "hz-0001-door1",
                       "refused: The gateway refused (409 station-offline)");

  /* A gateway failure is an error, not a refusal. */
  yz_test_backend_fail (backend, "door-command", 1, YZ_BACKEND_ERROR_UNAVAILABLE,
                        "The gateway failed (503)");
  yz_session_door_command_async (session, yz_session_lookup_door (session, "hz-0001-door1"), "open",
                                 0, "medical", NULL, done_cb, &r);
  assert_result (&r, YZ_BACKEND_ERROR, YZ_BACKEND_ERROR_UNAVAILABLE);
  assert_audit_result (session, "hz-0001-door1", "error: The gateway failed (503)");
  g_assert_cmpuint (sent->len, ==, 0);
}

/* Bad requests are refused before anything is written or sent. */
static void
test_door_invalid (void)
{
  g_autoptr(YzTestBackend) backend = yz_test_backend_new_city (1);
  g_autoptr(YzSession) session = connected_session (backend, "operator");
  YzDoor *door = yz_session_lookup_door (session, "hz-0001-door1");
  g_autofree char *long_reason = g_strnfill (201, 'x');
  Result r = { 0 };

  yz_session_door_command_async (session, door, "open", 0, "  ", NULL, done_cb, &r);
  assert_result (&r, YZ_SESSION_ERROR, YZ_SESSION_ERROR_INVALID);
  yz_session_door_command_async (session, door, "open", 0, long_reason, NULL, done_cb, &r);
  assert_result (&r, YZ_SESSION_ERROR, YZ_SESSION_ERROR_INVALID);
  yz_session_door_command_async (session, door, "explode", 0, "medical", NULL, done_cb, &r);
  assert_result (&r, YZ_SESSION_ERROR, YZ_SESSION_ERROR_INVALID);
  yz_session_door_command_async (session, door, "keep-open", 0, "medical", NULL, done_cb, &r);
  assert_result (&r, YZ_SESSION_ERROR, YZ_SESSION_ERROR_INVALID);
  yz_session_door_command_async (session, door, "keep-open", 241, "medical", NULL, done_cb, &r);
  assert_result (&r, YZ_SESSION_ERROR, YZ_SESSION_ERROR_INVALID);
  g_assert_cmpint (
      yz_test_store_int (yz_session_get_store (session), "SELECT count(*) FROM audit_log"), ==, 0);
  g_assert_cmpuint (n_commands (backend), ==, 0);

  /* Keep open, with the officer's own words: the reason code and the words on the wire. */
  yz_session_door_command_async (session, door, "keep-open", 30, "other: 送药上门", NULL, done_cb,
                                 &r);
  assert_result (&r, 0, 0);
  g_assert_cmpstr (yz_test_backend_last_call (backend, "door-command")->command, ==, "keep-open");
  g_assert_cmpint (yz_test_backend_last_call (backend, "door-command")->value, ==, 30);
  g_assert_cmpstr (yz_test_backend_last_call (backend, "door-command")->text, ==,
                   "other: 送药上门");
}

/* Not connected: refused, not queued, not written. */
static void
test_disconnected (void)
{
  g_autoptr(YzTestBackend) backend = yz_test_backend_new_city (1);
  g_autoptr(YzSession) session = connected_session (backend, "operator");
  Result r = { 0 };

  raise_and_wait (backend, session, "a-000001", "hz-0001");
  yz_test_backend_drop (backend, 60000);
  yz_session_door_command_async (session, yz_session_lookup_door (session, "hz-0001-door1"), "open",
                                 0, "medical", NULL, done_cb, &r);
  assert_result (&r, YZ_SESSION_ERROR, YZ_SESSION_ERROR_DISCONNECTED);
  yz_session_alarm_action_async (session, yz_session_lookup_alarm (session, "a-000001"),
                                 YZ_ALARM_ACTION_ACKNOWLEDGE, NULL, NULL, NULL, NULL, done_cb, &r);
  assert_result (&r, YZ_SESSION_ERROR, YZ_SESSION_ERROR_DISCONNECTED);
  yz_session_restock_async (session, yz_session_lookup_stock (session, "hz-0001-water"), 5, NULL,
                            NULL, done_cb, &r);
  assert_result (&r, YZ_SESSION_ERROR, YZ_SESSION_ERROR_DISCONNECTED);
  yz_session_device_power_async (session, yz_session_lookup_device (session, "hz-0001-ac"), FALSE,
                                 NULL, done_cb, &r);
  assert_result (&r, YZ_SESSION_ERROR, YZ_SESSION_ERROR_DISCONNECTED);
  g_assert_cmpint (
      yz_test_store_int (yz_session_get_store (session), "SELECT count(*) FROM audit_log"), ==, 0);
  g_assert_cmpuint (n_commands (backend), ==, 0);

  /* Back: the same command goes. */
  g_assert_true (yz_session_retry_now (session));
  g_assert_true (yz_test_session_wait_state (session, YZ_CONNECTION_CONNECTED, 5000));
  yz_session_door_command_async (session, yz_session_lookup_door (session, "hz-0001-door1"), "open",
                                 0, "medical", NULL, done_cb, &r);
  assert_result (&r, 0, 0);
}

/* Without a local record nothing can be audited, so nothing is sent. */
static void
test_no_store (void)
{
  g_autoptr(YzTestBackend) backend = yz_test_backend_new_city (1);
  g_autoptr(YzSession) session = yz_session_new (NULL, YZ_BACKEND (backend));
  Result r = { 0 };

  yz_session_start (session, "operator", "secret", NULL);
  g_assert_true (yz_test_session_wait_state (session, YZ_CONNECTION_CONNECTED, 5000));
  g_assert_cmpuint (g_list_model_get_n_items (yz_session_get_stations (session)), ==, 1);
  yz_session_door_command_async (session, yz_session_lookup_door (session, "hz-0001-door1"), "open",
                                 0, "medical", NULL, done_cb, &r);
  assert_result (&r, YZ_SESSION_ERROR, YZ_SESSION_ERROR_NO_AUDIT);
  g_assert_cmpuint (n_commands (backend), ==, 0);
}

typedef struct
{
  YzSession *session;
  const char *id;
  const char *action;
} HistoryWait;

static gboolean
history_has (gpointer data)
{
  HistoryWait *wait = data;
  g_autoptr(GPtrArray) steps = yz_session_get_alarm_history (wait->session, wait->id);

  for (guint i = 0; i < steps->len; i++)
    {
      YzAlarmStep *step = g_ptr_array_index (steps, i);

      if (g_str_equal (step->action, wait->action))
        return TRUE;
    }
  return FALSE;
}

/* Acknowledge, assign, resolve, reopen: checked, sent, shown at once, written; the
 * gateway's event adds the step to the alarm's history. */
static void
test_alarm_actions (void)
{
  g_autoptr(YzTestBackend) backend = yz_test_backend_new_city (1);
  g_autoptr(YzSession) session = connected_session (backend, "operator");
  g_autofree char *long_note = g_strnfill (2001, 'n');
  HistoryWait wait = { session, "a-000001", "acknowledged" };
  YzTestCall *call;
  YzAlarm *alarm;
  Result r = { 0 };
  guint n_changed = 0;

  raise_and_wait (backend, session, "a-000001", "hz-0001");
  alarm = yz_session_lookup_alarm (session, "a-000001");
  g_assert_cmpuint (yz_session_get_n_unacknowledged (session), ==, 1);
  g_signal_connect (session, "alarm-history-changed", G_CALLBACK (count_cb), &n_changed);

  yz_session_alarm_action_async (session, alarm, YZ_ALARM_ACTION_ACKNOWLEDGE, NULL, NULL, NULL,
                                 NULL, done_cb, &r);
  assert_result (&r, 0, 0);
  call = yz_test_backend_last_call (backend, "alarm-action");
  g_assert_cmpstr (call->target, ==, "a-000001");
  g_assert_cmpstr (call->command, ==, "acknowledge");
  g_assert_cmpint (yz_alarm_get_state (alarm), ==, YZ_ALARM_STATE_ACKNOWLEDGED);
  g_assert_cmpstr (yz_alarm_get_owner (alarm), ==, "operator");
  g_assert_cmpuint (yz_session_get_n_unacknowledged (session), ==, 0);
  assert_audit_result (session, "a-000001", "acknowledged");
  g_assert_true (yz_test_wait (history_has, &wait, 5000));
  g_assert_cmpuint (n_changed, >=, 1);

  /* The gateway refuses to acknowledge it twice. */
  yz_session_alarm_action_async (session, alarm, YZ_ALARM_ACTION_ACKNOWLEDGE, NULL, NULL, NULL,
                                 NULL, done_cb, &r);
  assert_result (&r, YZ_BACKEND_ERROR, YZ_BACKEND_ERROR_CONFLICT);
  assert_audit_result (session, "a-000001", "refused: ");

  /* Assign: to someone. */
  yz_session_alarm_action_async (session, alarm, YZ_ALARM_ACTION_ASSIGN, "", NULL, NULL, NULL,
                                 done_cb, &r);
  assert_result (&r, YZ_SESSION_ERROR, YZ_SESSION_ERROR_INVALID);
  yz_session_alarm_action_async (session, alarm, YZ_ALARM_ACTION_ASSIGN, "wangwei", NULL, NULL,
                                 NULL, done_cb, &r);
  assert_result (&r, 0, 0);
  g_assert_cmpstr (yz_test_backend_last_call (backend, "alarm-action")->to, ==, "wangwei");
  g_assert_cmpstr (yz_alarm_get_owner (alarm), ==, "wangwei");

  /* Resolve: a known category and a note, not too long. */
  yz_test_backend_clear_calls (backend);
  yz_session_alarm_action_async (session, alarm, YZ_ALARM_ACTION_RESOLVE, NULL, "handled-on-site",
                                 "  ", NULL, done_cb, &r);
  assert_result (&r, YZ_SESSION_ERROR, YZ_SESSION_ERROR_INVALID);
  yz_session_alarm_action_async (session, alarm, YZ_ALARM_ACTION_RESOLVE, NULL, "made-up", "到场",
                                 NULL, done_cb, &r);
  assert_result (&r, YZ_SESSION_ERROR, YZ_SESSION_ERROR_INVALID);
  yz_session_alarm_action_async (session, alarm, YZ_ALARM_ACTION_RESOLVE, NULL, "handled-on-site",
                                 long_note, NULL, done_cb, &r);
  assert_result (&r, YZ_SESSION_ERROR, YZ_SESSION_ERROR_INVALID);
  g_assert_cmpuint (yz_test_backend_count_calls (backend, "alarm-action"), ==, 0);

  yz_session_alarm_action_async (session, alarm, YZ_ALARM_ACTION_RESOLVE, NULL, "handled-on-site",
                                 " 工作人员到场 ", NULL, done_cb, &r);
  assert_result (&r, 0, 0);
  call = yz_test_backend_last_call (backend, "alarm-action");
  g_assert_cmpstr (call->category, ==, "handled-on-site");
  g_assert_cmpstr (call->text, ==, "工作人员到场");
  g_assert_cmpint (yz_alarm_get_state (alarm), ==, YZ_ALARM_STATE_RESOLVED);
  g_assert_cmpstr (yz_alarm_get_category (alarm), ==, "handled-on-site");
  g_assert_cmpint (yz_station_get_n_open_alarms (yz_session_lookup_station (session, "hz-0001")),
                   ==, 0);
  assert_audit_result (session, "a-000001", "resolved");
  wait.action = "resolved";
  g_assert_true (yz_test_wait (history_has, &wait, 5000));

  yz_session_alarm_action_async (session, alarm, YZ_ALARM_ACTION_REOPEN, NULL, NULL, NULL, NULL,
                                 done_cb, &r);
  assert_result (&r, 0, 0);
  g_assert_cmpint (yz_alarm_get_state (alarm), ==, YZ_ALARM_STATE_ACKNOWLEDGED);
  g_assert_cmpint (yz_station_get_n_open_alarms (yz_session_lookup_station (session, "hz-0001")),
                   ==, 1);
  g_assert_cmpint (
      yz_test_store_int (
          yz_session_get_store (session),
          "SELECT count(*) FROM alarms WHERE id = 'a-000001' AND state = 'acknowledged'"),
      ==, 1);
}

/* Restock and threshold: checked, sent, the item updated from the reply, written. */
static void
test_stock (void)
{
  g_autoptr(YzTestBackend) backend = yz_test_backend_new_city (1);
  g_autoptr(YzTestBackend) backend_sup = yz_test_backend_new_city (1);
  g_autoptr(YzSession) session = connected_session (backend, "operator");
  g_autoptr(YzSession) supervisor = connected_session (backend_sup, "supervisor");
  g_autofree char *long_note = g_strnfill (201, 'n');
  YzStock *stock = yz_session_lookup_stock (session, "hz-0001-water");
  YzStock *sup_stock = yz_session_lookup_stock (supervisor, "hz-0001-water");
  YzTestCall *call;
  Result r = { 0 };

  yz_session_restock_async (session, stock, 0, NULL, NULL, done_cb, &r);
  assert_result (&r, YZ_SESSION_ERROR, YZ_SESSION_ERROR_INVALID);
  yz_session_restock_async (session, stock, 10001, NULL, NULL, done_cb, &r);
  assert_result (&r, YZ_SESSION_ERROR, YZ_SESSION_ERROR_INVALID);
  yz_session_restock_async (session, stock, 5, long_note, NULL, done_cb, &r);
  assert_result (&r, YZ_SESSION_ERROR, YZ_SESSION_ERROR_INVALID);
  g_assert_cmpuint (n_commands (backend), ==, 0);

  /* 36 + 30, capped at the capacity. */
  yz_session_restock_async (session, stock, 30, "补货车第3趟", NULL, done_cb, &r);
  assert_result (&r, 0, 0);
  call = yz_test_backend_last_call (backend, "stock");
  g_assert_cmpstr (call->command, ==, "restock");
  g_assert_cmpint (call->value, ==, 30);
  g_assert_cmpstr (call->text, ==, "补货车第3趟");
  g_assert_cmpint (yz_stock_get_level (stock), ==, 48);
  g_assert_cmpint (yz_test_store_int (yz_session_get_store (session),
                                      "SELECT level FROM stock WHERE id = 'hz-0001-water'"),
                   ==, 48);
  assert_audit_result (session, "hz-0001-water", "level 48, threshold 12");

  /* Thresholds: 0 to the capacity. */
  yz_session_set_threshold_async (supervisor, sup_stock, 49, NULL, done_cb, &r);
  assert_result (&r, YZ_SESSION_ERROR, YZ_SESSION_ERROR_INVALID);
  yz_session_set_threshold_async (supervisor, sup_stock, -1, NULL, done_cb, &r);
  assert_result (&r, YZ_SESSION_ERROR, YZ_SESSION_ERROR_INVALID);
  yz_session_set_threshold_async (supervisor, sup_stock, 40, NULL, done_cb, &r);
  assert_result (&r, 0, 0);
  g_assert_cmpint (yz_stock_get_low_threshold (sup_stock), ==, 40);
  g_assert_true (yz_stock_get_low (sup_stock));
  g_assert_cmpuint (yz_station_get_n_low_stock (yz_session_lookup_station (supervisor, "hz-0001")),
                    ==, 1);
  g_assert_cmpint (yz_test_store_int (yz_session_get_store (supervisor),
                                      "SELECT low_threshold FROM stock WHERE id = 'hz-0001-water'"),
                   ==, 40);

  /* The gateway refuses: written as refused, the item unchanged. */
  yz_test_backend_fail (backend_sup, "stock", 1, YZ_BACKEND_ERROR_FORBIDDEN,
                        "Your role does not allow this");
  yz_session_set_threshold_async (supervisor, sup_stock, 10, NULL, done_cb, &r);
  assert_result (&r, YZ_BACKEND_ERROR, YZ_BACKEND_ERROR_FORBIDDEN);
  g_assert_cmpint (yz_stock_get_low_threshold (sup_stock), ==, 40);
  assert_audit_result (supervisor, "hz-0001-water", "refused: ");
}

/* Device power: switchable devices only; the reply updates the device. */
static void
test_device_power (void)
{
  g_autoptr(YzTestBackend) backend = yz_test_backend_new_city (1);
  g_autoptr(YzSession) session = connected_session (backend, "operator");
  YzDevice *ac = yz_session_lookup_device (session, "hz-0001-ac");
  Result r = { 0 };

  yz_session_device_power_async (session, yz_session_lookup_device (session, "hz-0001-lockers"),
                                 FALSE, NULL, done_cb, &r);
  assert_result (&r, YZ_SESSION_ERROR, YZ_SESSION_ERROR_INVALID);
  g_assert_cmpuint (n_commands (backend), ==, 0);

  yz_session_device_power_async (session, ac, FALSE, NULL, done_cb, &r);
  assert_result (&r, 0, 0);
  g_assert_cmpstr (yz_test_backend_last_call (backend, "device-power")->command, ==, "off");
  g_assert_cmpstr (yz_device_get_state (ac), ==, "off");
  g_assert_cmpint (
      yz_test_store_int (yz_session_get_store (session),
                         "SELECT count(*) FROM devices WHERE id = 'hz-0001-ac' AND state = 'off'"),
      ==, 1);
  assert_audit_result (session, "hz-0001-ac", "off");

  yz_test_backend_fail (backend, "device-power", 1, YZ_BACKEND_ERROR_CONFLICT,
                        "The gateway refused (409 not-switchable)");
  yz_session_device_power_async (session, ac, TRUE, NULL, done_cb, &r);
  assert_result (&r, YZ_BACKEND_ERROR, YZ_BACKEND_ERROR_CONFLICT);
  g_assert_cmpstr (yz_device_get_state (ac), ==, "off");
  assert_audit_result (session, "hz-0001-ac", "refused: ");

  yz_session_device_power_async (session, ac, TRUE, NULL, done_cb, &r);
  assert_result (&r, 0, 0);
  g_assert_cmpstr (yz_device_get_state (ac), ==, "on");
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/yizhan/commands/roles", test_roles);
  g_test_add_func ("/yizhan/commands/audit-before-send", test_audit_before_send);
  g_test_add_func ("/yizhan/commands/door-result-matching", test_door_result_matching);
  g_test_add_func ("/yizhan/commands/door-early-result", test_door_early_result);
  g_test_add_func ("/yizhan/commands/door-timeout", test_door_timeout);
  g_test_add_func ("/yizhan/commands/door-request-id", test_door_request_id);
  g_test_add_func ("/yizhan/commands/door-late-after-restart", test_door_late_after_restart);
  g_test_add_func ("/yizhan/commands/door-lost-reply", test_door_lost_reply);
  g_test_add_func ("/yizhan/commands/door-lost-reply-answered", test_door_lost_reply_answered);
  g_test_add_func ("/yizhan/commands/door-expired", test_door_expired);
  g_test_add_func ("/yizhan/commands/door-result-through-drop", test_door_result_through_drop);
  g_test_add_func ("/yizhan/commands/door-refused", test_door_refused);
  g_test_add_func ("/yizhan/commands/door-invalid", test_door_invalid);
  g_test_add_func ("/yizhan/commands/disconnected", test_disconnected);
  g_test_add_func ("/yizhan/commands/no-store", test_no_store);
  g_test_add_func ("/yizhan/commands/alarm-actions", test_alarm_actions);
  g_test_add_func ("/yizhan/commands/stock", test_stock);
  g_test_add_func ("/yizhan/commands/device-power", test_device_power);

  return g_test_run ();
}
