/* yz-demo.c
 *
 * `yizhan --demo`: the built-in simulator as a child process on a free loopback port.
 * The simulator prints one JSON line with its ports once it listens; until then nothing
 * connects. The child is told to die with the console (PR_SET_PDEATHSIG), so that a crashed
 * console never leaves a simulated city running.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "yz-demo"

#include "config.h"

#include <signal.h>
#include <string.h>
#include <json-glib/json-glib.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif

#include "yz-demo.h"
#include "yz-gateway-backend.h"

struct _YzDemo
{
  GObject parent_instance;

  GSubprocess *subprocess;
  YzBackend *backend; /* the log-in only: the console makes its own */
  char *base_url;
  char *gateway_name;
  char *token;
  guint rtsp_port;
};

G_DEFINE_FINAL_TYPE (YzDemo, yz_demo, G_TYPE_OBJECT)

static void
child_setup (gpointer user_data)
{
#ifdef __linux__
  prctl (PR_SET_PDEATHSIG, SIGTERM);
#endif
}

static gboolean
parse_ports_line (YzDemo *self, const char *line, GError **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *object;
  gint64 http_port;

  if (!json_parser_load_from_data (parser, line, -1, NULL) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "The simulator did not announce its ports (it printed “%.80s”)", line);
      return FALSE;
    }

  object = json_node_get_object (json_parser_get_root (parser));
  http_port = json_object_get_int_member_with_default (object, "http_port", 0);
  if (http_port <= 0 || http_port > 65535)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "The simulator announced no usable HTTP port");
      return FALSE;
    }

  self->base_url = g_strdup_printf ("http://127.0.0.1:%d", (int)http_port);
  self->rtsp_port =
      CLAMP (json_object_get_int_member_with_default (object, "rtsp_port", 0), 0, 65535);

  return TRUE;
}

/* The demo logs in as the simulator's built-in operator, through the same backend as a
 * real gateway (its reply parsed once, in yz-event.c); the token stays in memory. */
static void
login_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(GTask) task = user_data;
  YzDemo *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(YzLoginData) login = yz_backend_log_in_finish (YZ_BACKEND (object), result, &error);

  if (login == NULL)
    {
      yz_demo_stop (self);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (login->token == NULL)
    {
      yz_demo_stop (self);
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                               "The simulator sent no token");
      return;
    }
  self->token = g_strdup (login->token);
  self->gateway_name = g_strdup (login->gateway_name);

  g_task_return_boolean (task, TRUE);
}

static void
login (YzDemo *self, GTask *task)
{
  g_autoptr(GError) error = NULL;

  g_clear_object (&self->backend);
  self->backend = YZ_BACKEND (yz_gateway_backend_new (self->base_url, NULL, NULL, &error));
  if (self->backend == NULL)
    {
      yz_demo_stop (self);
      g_task_return_error (task, g_steal_pointer (&error));
      g_object_unref (task);
      return;
    }
  yz_backend_log_in_async (self->backend, "operator", "operator", g_task_get_cancellable (task),
                           login_cb, task);
}

static void
read_line_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(GTask) task = user_data;
  YzDemo *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;

  line = g_data_input_stream_read_line_finish_utf8 (G_DATA_INPUT_STREAM (object), result, NULL,
                                                    &error);
  if (line == NULL)
    {
      if (error == NULL)
        g_set_error (&error, G_IO_ERROR, G_IO_ERROR_FAILED,
                     "The simulator exited before it was ready");
      yz_demo_stop (self);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (!parse_ports_line (self, line, &error))
    {
      yz_demo_stop (self);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_debug ("Simulator ready at %s (RTSP port %u)", self->base_url, self->rtsp_port);
  login (self, g_steal_pointer (&task));
}

static void
yz_demo_finalize (GObject *object)
{
  YzDemo *self = (YzDemo *)object;

  yz_demo_stop (self);
  g_clear_object (&self->backend);
  g_clear_pointer (&self->base_url, g_free);
  g_clear_pointer (&self->gateway_name, g_free);
  g_clear_pointer (&self->token, g_free);

  G_OBJECT_CLASS (yz_demo_parent_class)->finalize (object);
}

static void
yz_demo_class_init (YzDemoClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = yz_demo_finalize;
}

static void
yz_demo_init (YzDemo *self)
{
}

YzDemo *
yz_demo_new (void)
{
  return g_object_new (YZ_TYPE_DEMO, NULL);
}

/**
 * yz_demo_find_simulator:
 *
 * Looks for `yizhan-sim`: `$YIZHAN_SIM_PATH`, then `PATH` (which `meson devenv` points at
 * the build), then the install prefix.
 *
 * Returns: (transfer full) (nullable): the simulator's path
 */
char *
yz_demo_find_simulator (void)
{
  const char *env = g_getenv ("YIZHAN_SIM_PATH");
  g_autofree char *installed = g_build_filename (BINDIR, "yizhan-sim", NULL);
  char *found;

  if (env != NULL && g_file_test (env, G_FILE_TEST_IS_EXECUTABLE))
    return g_strdup (env);
  if ((found = g_find_program_in_path ("yizhan-sim")))
    return found;
  if (g_file_test (installed, G_FILE_TEST_IS_EXECUTABLE))
    return g_steal_pointer (&installed);

  return NULL;
}

void
yz_demo_start_async (YzDemo *self, const char *const *extra_args, GCancellable *cancellable,
                     GAsyncReadyCallback callback, gpointer user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GDataInputStream) stdout_stream = NULL;
  g_autoptr(GError) error = NULL;
  char *path;

  g_return_if_fail (YZ_IS_DEMO (self));
  g_return_if_fail (self->subprocess == NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, yz_demo_start_async);

  path = yz_demo_find_simulator ();
  if (path == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                               "The simulator yizhan-sim is not installed");
      return;
    }

  g_ptr_array_add (argv, path);
  g_ptr_array_add (argv, g_strdup ("--port=0"));
  g_ptr_array_add (argv, g_strdup ("--quiet"));
  /* A city the size the console is built for. */
  g_ptr_array_add (argv, g_strdup ("--stations=580"));
  /* A trainer (or a screenshot) can raise alarms and drop cameras on purpose: see the
   * control endpoints in docs/protocol.md. Loopback only, like the rest. */
  g_ptr_array_add (argv, g_strdup ("--control"));
  for (guint i = 0; extra_args != NULL && extra_args[i] != NULL; i++)
    g_ptr_array_add (argv, g_strdup (extra_args[i]));
  g_ptr_array_add (argv, NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_subprocess_launcher_set_child_setup (launcher, child_setup, NULL, NULL);
  self->subprocess =
      g_subprocess_launcher_spawnv (launcher, (const char *const *)argv->pdata, &error);
  if (self->subprocess == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  stdout_stream = g_data_input_stream_new (g_subprocess_get_stdout_pipe (self->subprocess));
  g_data_input_stream_read_line_async (stdout_stream, G_PRIORITY_DEFAULT, cancellable, read_line_cb,
                                       g_steal_pointer (&task));
}

gboolean
yz_demo_start_finish (YzDemo *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (YZ_IS_DEMO (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

const char *
yz_demo_get_base_url (YzDemo *self)
{
  g_return_val_if_fail (YZ_IS_DEMO (self), NULL);

  return self->base_url;
}

const char *
yz_demo_get_gateway_name (YzDemo *self)
{
  g_return_val_if_fail (YZ_IS_DEMO (self), NULL);

  return self->gateway_name;
}

const char *
yz_demo_get_token (YzDemo *self)
{
  g_return_val_if_fail (YZ_IS_DEMO (self), NULL);

  return self->token;
}

gboolean
yz_demo_is_running (YzDemo *self)
{
  g_return_val_if_fail (YZ_IS_DEMO (self), FALSE);

  return self->subprocess != NULL;
}

guint
yz_demo_get_rtsp_port (YzDemo *self)
{
  g_return_val_if_fail (YZ_IS_DEMO (self), 0);

  return self->rtsp_port;
}

/**
 * yz_demo_stop:
 *
 * Asks the simulator to exit (SIGTERM) and waits for it, so that quitting the console never
 * leaves it behind. Safe to call more than once.
 */
void
yz_demo_stop (YzDemo *self)
{
  g_return_if_fail (YZ_IS_DEMO (self));

  if (self->subprocess == NULL)
    return;

  g_subprocess_send_signal (self->subprocess, SIGTERM);
  g_subprocess_wait (self->subprocess, NULL, NULL);
  g_clear_object (&self->subprocess);
}
