/* yz-test-sim.c
 *
 * Start a real yizhan-sim for a test, talk to it, stop it. GTK-free, so core tests link it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "yz-test-sim"

#include "config.h"

#include <signal.h>
#include <string.h>

#include "yz-test-sim.h"

#include <sys/prctl.h>

static void
die_with_parent (gpointer user_data)
{
  prctl (PR_SET_PDEATHSIG, SIGTERM);
}

struct _YzTestSim
{
  GSubprocess *process;
  SoupSession *session;
  char *base_url;
  guint http_port;
  gboolean tls;
  guint rtsp_port;
  char *line;
  gboolean line_done;
};

static gboolean
timeout_cb (gpointer user_data)
{
  *(gboolean *)user_data = TRUE;

  return G_SOURCE_REMOVE;
}

static gboolean
run_for_done_cb (gpointer user_data)
{
  *(gboolean *)user_data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Runs the default main context for @seconds: a benchmark's measuring window. A timeout
 * wakes it at the end even when nothing else happens. */
void
yz_test_run_for (double seconds)
{
  gboolean done = FALSE;

  g_timeout_add ((guint)(seconds * 1000), run_for_done_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

gboolean
yz_test_wait (gboolean (*condition) (gpointer user_data), gpointer user_data, guint timeout_ms)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add (timeout_ms, timeout_cb, &timed_out);

  while (!condition (user_data) && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  if (!timed_out)
    g_source_remove (id);

  return condition (user_data);
}

static void
read_line_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  YzTestSim *sim = user_data;

  sim->line =
      g_data_input_stream_read_line_finish_utf8 (G_DATA_INPUT_STREAM (object), result, NULL, NULL);
  sim->line_done = TRUE;
}

static gboolean
line_read (gpointer user_data)
{
  return ((YzTestSim *)user_data)->line_done;
}

YzTestSim *
yz_test_sim_start (const char *first_arg, ...)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  va_list ap;

  va_start (ap, first_arg);
  for (const char *arg = first_arg; arg != NULL; arg = va_arg (ap, const char *))
    g_ptr_array_add (args, (char *)arg);
  va_end (ap);
  g_ptr_array_add (args, NULL);

  return yz_test_sim_startv ((const char *const *)args->pdata);
}

/**
 * yz_test_sim_startv:
 * @args: the simulator's arguments beyond --port=0 --quiet, %NULL-terminated
 *
 * Returns: (transfer full): the running simulator, its ports read
 */
YzTestSim *
yz_test_sim_startv (const char *const *args)
{
  YzTestSim *sim = g_new0 (YzTestSim, 1);
  const char *path = g_getenv ("YIZHAN_SIM_PATH");
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GDataInputStream) out = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *ports;

  g_assert_nonnull (path);
  g_ptr_array_add (argv, (char *)path);
  g_ptr_array_add (argv, (char *)"--port=0");
  g_ptr_array_add (argv, (char *)"--quiet");
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (char *)args[i]);
  g_ptr_array_add (argv, NULL);

  {
    g_autoptr(GSubprocessLauncher) launcher =
        g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);

    /* A test that fails (abort) must not leave its simulator running: the kernel sends it
     * SIGTERM when the test process dies. */
    g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
    sim->process =
        g_subprocess_launcher_spawnv (launcher, (const char *const *)argv->pdata, &error);
  }
  g_assert_no_error (error);

  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (sim->process));
  g_data_input_stream_read_line_async (out, G_PRIORITY_DEFAULT, NULL, read_line_cb, sim);
  g_assert_true (yz_test_wait (line_read, sim, 20000));
  g_assert_nonnull (sim->line);

  g_assert_true (json_parser_load_from_data (parser, sim->line, -1, NULL));
  ports = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpint (json_object_get_int_member (ports, "yizhan-sim"), ==, 1);
  sim->http_port = json_object_get_int_member (ports, "http_port");
  sim->rtsp_port = json_object_get_int_member (ports, "rtsp_port");
  g_assert_cmpuint (sim->http_port, >, 0);
  sim->tls = json_object_get_boolean_member_with_default (ports, "tls", FALSE);
  sim->base_url =
      g_strdup_printf ("%s://127.0.0.1:%u", sim->tls ? "https" : "http", sim->http_port);
  sim->session = soup_session_new_with_options ("timeout", 20, "proxy-resolver", NULL, NULL);
  if (sim->tls)
    {
      /* The helper itself trusts the test certificate (tests/data/sim-tls.pem). */
      g_autofree char *pem = g_test_build_filename (G_TEST_DIST, "data", "sim-tls.pem", NULL);
      g_autoptr(GTlsDatabase) database = g_tls_file_database_new (pem, &error);

      g_assert_no_error (error);
      soup_session_set_tls_database (sim->session, database);
    }

  return sim;
}

/**
 * yz_test_sim_attach:
 * @base_url: a simulator something else started (yizhan --demo's)
 *
 * Talks to a running simulator without owning it; yz_test_sim_stop() only forgets it.
 */
YzTestSim *
yz_test_sim_attach (const char *base_url)
{
  YzTestSim *sim = g_new0 (YzTestSim, 1);

  sim->base_url = g_strdup (base_url);
  sim->session = soup_session_new_with_options ("timeout", 20, "proxy-resolver", NULL, NULL);

  return sim;
}

static gboolean
process_exited (gpointer user_data)
{
  return g_subprocess_get_if_exited (user_data) || g_subprocess_get_if_signaled (user_data);
}

static void
wait_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_subprocess_wait_finish (G_SUBPROCESS (object), result, NULL);
  *(gboolean *)user_data = TRUE;
}

static gboolean
flag_set (gpointer user_data)
{
  return *(gboolean *)user_data;
}

void
yz_test_sim_stop (YzTestSim *sim)
{
  gboolean done = FALSE;

  if (sim->process == NULL)
    goto out;
  g_subprocess_send_signal (sim->process, SIGTERM);
  g_subprocess_wait_async (sim->process, NULL, wait_cb, &done);
  g_assert_true (yz_test_wait (flag_set, &done, 20000));
  g_assert_true (process_exited (sim->process));
  /* SIGTERM is a clean exit for the simulator. */
  g_assert_true (g_subprocess_get_if_exited (sim->process));
  g_assert_cmpint (g_subprocess_get_exit_status (sim->process), ==, 0);

out:
  g_clear_object (&sim->session);
  g_clear_object (&sim->process);
  g_free (sim->base_url);
  g_free (sim->line);
  g_free (sim);
}

guint
yz_test_sim_get_http_port (YzTestSim *sim)
{
  return sim->http_port;
}

GPid
yz_test_sim_get_pid (YzTestSim *sim)
{
  return (GPid)g_ascii_strtoll (g_subprocess_get_identifier (sim->process), NULL, 10);
}

guint
yz_test_sim_get_rtsp_port (YzTestSim *sim)
{
  return sim->rtsp_port;
}

const char *
yz_test_sim_get_base_url (YzTestSim *sim)
{
  return sim->base_url;
}

SoupSession *
yz_test_sim_get_session (YzTestSim *sim)
{
  return sim->session;
}

typedef struct
{
  GBytes *bytes;
  GError *error;
  gboolean done;
} Reply;

static void
send_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  Reply *reply = user_data;

  reply->bytes = soup_session_send_and_read_finish (SOUP_SESSION (object), result, &reply->error);
  reply->done = TRUE;
}

static gboolean
reply_done (gpointer user_data)
{
  return ((Reply *)user_data)->done;
}

/* Asynchronous under the hood: the test's main context keeps turning while it waits, so a
 * server in the same process (or GLib sources of the test) are never starved. */
static GBytes *
send_message (YzTestSim *sim, SoupMessage *msg)
{
  Reply reply = { 0 };

  soup_session_send_and_read_async (sim->session, msg, G_PRIORITY_DEFAULT, NULL, send_cb, &reply);
  g_assert_true (yz_test_wait (reply_done, &reply, 30000));
  g_assert_no_error (reply.error);

  return reply.bytes;
}

GBytes *
yz_test_sim_get_bytes (YzTestSim *sim, const char *path, const char *token, guint *status,
                       char **content_type)
{
  g_autofree char *url = g_strconcat (sim->base_url, path, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);
  GBytes *bytes;

  g_assert_nonnull (msg);
  if (token != NULL)
    {
      g_autofree char *header = g_strconcat ("Bearer ", token, NULL);
      soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization",
                                    header);
    }
  bytes = send_message (sim, msg);
  *status = soup_message_get_status (msg);
  if (content_type)
    *content_type = g_strdup (
        soup_message_headers_get_content_type (soup_message_get_response_headers (msg), NULL));

  return bytes;
}

JsonNode *
yz_test_sim_request (YzTestSim *sim, const char *method, const char *path, const char *token,
                     const char *body, guint *status)
{
  g_autofree char *url = g_strconcat (sim->base_url, path, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new (method, url);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();

  g_assert_nonnull (msg);
  if (token != NULL)
    {
      g_autofree char *header = g_strconcat ("Bearer ", token, NULL);
      soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization",
                                    header);
    }
  if (body != NULL)
    {
      g_autoptr(GBytes) request = g_bytes_new (body, strlen (body));
      soup_message_set_request_body_from_bytes (msg, "application/json", request);
    }

  bytes = send_message (sim, msg);
  *status = soup_message_get_status (msg);
  if (g_bytes_get_size (bytes) == 0)
    return NULL;
  g_assert_true (json_parser_load_from_data (parser, g_bytes_get_data (bytes, NULL),
                                             g_bytes_get_size (bytes), NULL));

  return json_node_copy (json_parser_get_root (parser));
}

char *
yz_test_sim_login (YzTestSim *sim, const char *name)
{
  g_autofree char *body = g_strdup_printf ("{\"operator\":\"%s\",\"password\":\"%s\"}", name, name);
  g_autoptr(JsonNode) reply = NULL;
  guint status = 0;

  reply = yz_test_sim_request (sim, "POST", "/api/v1/session", NULL, body, &status);
  g_assert_cmpuint (status, ==, 201);

  return g_strdup (json_object_get_string_member (json_node_get_object (reply), "token"));
}

/**
 * yz_test_sim_read_journal:
 * @path: a file the simulator writes with --journal
 *
 * Reads the journal's complete lines (the simulator may be writing the last one now); each
 * must be a JSON object.
 *
 * Returns: (transfer container) (element-type JsonObject): the events, in journal order
 */
GPtrArray *
yz_test_sim_read_journal (const char *path)
{
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  GPtrArray *events = g_ptr_array_new_with_free_func ((GDestroyNotify)json_object_unref);

  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 0; lines[i] != NULL && lines[i + 1] != NULL; i++)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();

      if (lines[i][0] == '\0')
        continue;
      g_assert_true (json_parser_load_from_data (parser, lines[i], -1, NULL));
      g_assert_true (JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)));
      g_ptr_array_add (events,
                       json_object_ref (json_node_get_object (json_parser_get_root (parser))));
    }

  return events;
}
