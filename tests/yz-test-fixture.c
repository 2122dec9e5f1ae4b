/* yz-test-fixture.c
 *
 * The set-up most tests share: a live yizhan-sim, a real SQLite store in a temporary
 * directory and a YzSession logged in to the simulator, torn down in the right order (the
 * session, then the store, then the simulator) and the directory removed. Widget tests add
 * their window and page beside it (yz-test-gtk.h). GTK-free, so core tests link it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "yz-test-fixture"

#include "config.h"

#include "yz-gateway-backend.h"
#include "yz-test-fixture.h"
#include "yz-test-util.h"

#define DEFAULT_OPERATOR "operator"

gboolean
yz_test_session_is_connected (gpointer session)
{
  return yz_session_get_connection_state (session) == YZ_CONNECTION_CONNECTED;
}

static YzSession *
start_session (YzTestFixture *fx, YzStore *store, const char *operator_name)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(YzGatewayBackend) backend = NULL;
  YzSession *session;

  backend = yz_gateway_backend_new (yz_test_sim_get_base_url (fx->sim), NULL, NULL, &error);
  g_assert_no_error (error);
  if (fx->stream_silence_ms != 0 || fx->stream_backoff_ms != 0)
    yz_gateway_backend_set_stream_timing (backend, fx->stream_silence_ms, fx->stream_backoff_ms);
  session = yz_session_new (store, YZ_BACKEND (backend));
  yz_session_start (session, operator_name, operator_name, NULL);

  return session;
}

/**
 * yz_test_fixture_set_up:
 * @fx: a zeroed fixture
 * @options: what the test needs
 *
 * Starts the simulator, opens the store and starts the session, then waits (and asserts)
 * until @options' ready condition holds, by default until the session is connected.
 */
void
yz_test_fixture_set_up (YzTestFixture *fx, const YzTestFixtureOptions *options)
{
  g_autofree char *template =
      g_strdup_printf ("yizhan-%s-XXXXXX", options->name ? options->name : "test");
  g_autoptr(GPtrArray) args = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;

  fx->dir = g_dir_make_tmp (template, &error);
  g_assert_no_error (error);
  fx->db_path = g_build_filename (fx->dir, options->db_name ? options->db_name : "yizhan.db", NULL);
  fx->operator_name = g_strdup (options->operator_name ? options->operator_name : DEFAULT_OPERATOR);
  fx->stream_silence_ms = options->stream_silence_ms;
  fx->stream_backoff_ms = options->stream_backoff_ms;
  fx->store = yz_store_open (fx->db_path, &error);
  g_assert_no_error (error);
  if (options->store_only)
    return;

  if (options->control)
    g_ptr_array_add (args, g_strdup ("--control"));
  if (options->stations != 0)
    g_ptr_array_add (args, g_strdup_printf ("--stations=%u", options->stations));
  if (options->seed != 0)
    g_ptr_array_add (args, g_strdup_printf ("--seed=%u", options->seed));
  if (!options->cameras)
    g_ptr_array_add (args, g_strdup ("--no-cameras"));
  if (options->journal)
    {
      fx->journal = g_build_filename (fx->dir, "journal.jsonl", NULL);
      g_ptr_array_add (args, g_strconcat ("--journal=", fx->journal, NULL));
    }
  for (guint i = 0; options->sim_args != NULL && options->sim_args[i] != NULL; i++)
    g_ptr_array_add (args, g_strdup (options->sim_args[i]));
  g_ptr_array_add (args, NULL);
  fx->sim = yz_test_sim_startv ((const char *const *)args->pdata);
  if (options->control)
    fx->token = yz_test_sim_login (fx->sim, DEFAULT_OPERATOR);

  fx->session = start_session (fx, fx->store, fx->operator_name);
  if (options->ready != NULL)
    g_assert_true (yz_test_wait (options->ready, options->ready_data,
                                 options->ready_timeout_ms ? options->ready_timeout_ms : 20000));
  else
    g_assert_true (yz_test_wait (yz_test_session_is_connected, fx->session,
                                 options->ready_timeout_ms ? options->ready_timeout_ms : 20000));
}

/**
 * yz_test_fixture_tear_down:
 * @fx: a fixture that was set up
 *
 * Drops the session and the store (waiting up to two seconds for the store to close), stops
 * the simulator and removes the directory. A widget test destroys its window first.
 */
static gboolean
is_null (gpointer data)
{
  return *(gpointer *)data == NULL;
}

void
yz_test_fixture_tear_down (YzTestFixture *fx)
{
  gpointer store = fx->store;

  if (store != NULL)
    g_object_add_weak_pointer (store, &store);
  g_clear_object (&fx->session);
  g_clear_object (&fx->store);
  /* Work still in flight (a dialog's last request, a pending write) may hold the store a
   * moment longer: let it finish, so that the file is closed before it is removed. */
  if (!yz_test_wait (is_null, &store, 2000))
    {
      g_test_message ("the store outlived its fixture; its directory is removed all the same");
      g_object_remove_weak_pointer (store, &store);
    }
  g_clear_pointer (&fx->sim, yz_test_sim_stop);
  if (fx->dir != NULL)
    yz_test_remove_tree (fx->dir);
  g_clear_pointer (&fx->dir, g_free);
  g_clear_pointer (&fx->db_path, g_free);
  g_clear_pointer (&fx->journal, g_free);
  g_clear_pointer (&fx->token, g_free);
  g_clear_pointer (&fx->operator_name, g_free);
}

/**
 * yz_test_fixture_new_session:
 * @fx: a fixture with a simulator
 * @db_name: a file in the fixture's directory for the new session's own store
 * @operator_name: who logs in
 *
 * Another console on the same simulator (it is started; the caller waits for it).
 *
 * Returns: (transfer full): the session
 */
YzSession *
yz_test_fixture_new_session (YzTestFixture *fx, const char *db_name, const char *operator_name)
{
  g_autofree char *path = g_build_filename (fx->dir, db_name, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(YzStore) store = yz_store_open (path, &error);

  g_assert_no_error (error);
  return start_session (fx, store, operator_name);
}

/**
 * yz_test_fixture_restart_session:
 * @fx: a fixture with a simulator
 *
 * The console closed and started again: the session and the store are dropped, the store
 * opened anew from its file and a new session started on it (the caller waits for it).
 */
void
yz_test_fixture_restart_session (YzTestFixture *fx)
{
  g_autoptr(GError) error = NULL;

  g_clear_object (&fx->session);
  g_clear_object (&fx->store);
  fx->store = yz_store_open (fx->db_path, &error);
  g_assert_no_error (error);
  fx->session = start_session (fx, fx->store, fx->operator_name);
}

/**
 * yz_test_fixture_control:
 * @fx: a fixture set up with options.control
 * @what: the control endpoint: "alarm", "entry", "burst", "faults", "camera"…
 * @body: (nullable): its JSON body
 *
 * POSTs to the simulator's control API as the operator; the answer must be a success.
 *
 * Returns: (transfer full) (nullable): the reply, %NULL when it has no body
 */
JsonNode *
yz_test_fixture_control (YzTestFixture *fx, const char *what, const char *body)
{
  g_autofree char *path = g_strconcat ("/api/v1/_control/", what, NULL);
  guint status = 0;
  JsonNode *reply;

  g_assert_nonnull (fx->token);
  reply = yz_test_sim_request (fx->sim, "POST", path, fx->token, body, &status);
  g_assert_cmpuint (status, >=, 200);
  g_assert_cmpuint (status, <, 300);
  return reply;
}
