/* test-startup.c — the real `yizhan` binary's first frame shows the stored city.
 *
 * A record holding a city (written through a session over the stub backend), then the
 * console started on it with a gateway that never answers: `--demo` with a simulator that
 * never announces its ports, and `--gateway` at a loopback port that accepts and stays
 * silent. The console reports its first painted frame (YIZHAN_REPORT_FIRST_FRAME,
 * src/app/yz-startup-report.c) with the stations in its city and those the map drew: all
 * of them are there, before any gateway answered.
 *
 *   test-startup YIZHAN
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <signal.h>
#include <glib/gstdio.h>

#include "yz-session.h"
#include "yz-store.h"
#include "yz-test-backend.h"
#include "yz-test-fixture.h"
#include "yz-test-sim.h"

#define N_STATIONS 40

static const char *yizhan_path;

typedef struct
{
  char *profile;
  char *data_dir; /* $XDG_DATA_HOME/yizhan */
  char *report;
  GSubprocess *process;
  guint stations;
  guint drawn;
} Start;

static void
start_set_up (Start *s)
{
  s->profile = g_dir_make_tmp ("yz-test-startup-XXXXXX", NULL);
  g_assert_nonnull (s->profile);
  s->data_dir = g_build_filename (s->profile, "data", "yizhan", NULL);
  g_assert_cmpint (g_mkdir_with_parents (s->data_dir, 0700), ==, 0);
  s->report = g_build_filename (s->profile, "report.txt", NULL);
}

static void
start_tear_down (Start *s)
{
  if (s->process != NULL)
    {
      g_subprocess_force_exit (s->process);
      g_subprocess_wait (s->process, NULL, NULL);
      g_clear_object (&s->process);
    }
  yz_test_remove_tree (s->profile);
  g_free (s->profile);
  g_free (s->data_dir);
  g_free (s->report);
}

/* A city of N_STATIONS in the record at @path, as a session stores what a gateway sent. */
static void
fill_record (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(YzStore) store = yz_store_open (path, &error);
  g_autoptr(YzTestBackend) backend = yz_test_backend_new_city (N_STATIONS);
  g_autoptr(YzSession) session = NULL;

  g_assert_no_error (error);
  session = yz_session_new (store, YZ_BACKEND (backend));
  yz_session_start (session, "operator", "operator", NULL);
  g_assert_true (yz_test_wait (yz_test_session_is_connected, session, 10000));
  g_assert_cmpuint (g_list_model_get_n_items (yz_session_get_stations (session)), ==, N_STATIONS);
  yz_session_stop (session);
}

static gboolean
first_frame_reported (gpointer data)
{
  Start *s = data;
  g_autofree char *text = NULL;
  char *line;

  if (!g_file_get_contents (s->report, &text, NULL, NULL) ||
      (line = strstr (text, "first-frame ")) == NULL || strchr (line, '\n') == NULL)
    return g_subprocess_get_identifier (s->process) == NULL; /* it exited: fail below */
  g_assert_cmpint (sscanf (line, "first-frame %*s %u %u", &s->stations, &s->drawn), ==, 2);
  return TRUE;
}

static gboolean
reported (Start *s, const char *what)
{
  g_autofree char *text = NULL;

  return g_file_get_contents (s->report, &text, NULL, NULL) && strstr (text, what) != NULL;
}

/* Starts the console on the profile with @args; returns once it painted its first frame. */
static void
start_console (Start *s, const char *const *args, const char *sim_path)
{
  g_autoptr(GSubprocessLauncher) launcher =
      g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_INHERIT);
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) report = g_file_new_for_path (s->report);
  g_autoptr(GFileMonitor) monitor = NULL;
  struct
  {
    const char *name, *sub;
  } dirs[] = { { "HOME", "home" },
               { "XDG_DATA_HOME", "data" },
               { "XDG_CONFIG_HOME", "config" },
               { "XDG_CACHE_HOME", "cache" },
               { "XDG_STATE_HOME", "state" } };

  for (guint i = 0; i < G_N_ELEMENTS (dirs); i++)
    {
      g_autofree char *dir = g_build_filename (s->profile, dirs[i].sub, NULL);

      g_mkdir_with_parents (dir, 0700);
      g_subprocess_launcher_setenv (launcher, dirs[i].name, dir, TRUE);
    }
  g_subprocess_launcher_setenv (launcher, "YIZHAN_REPORT_FIRST_FRAME", s->report, TRUE);
  g_subprocess_launcher_setenv (launcher, "YIZHAN_PASSWORD", "operator", TRUE);
  if (sim_path != NULL)
    g_subprocess_launcher_setenv (launcher, "YIZHAN_SIM_PATH", sim_path, TRUE);

  monitor = g_file_monitor_file (report, G_FILE_MONITOR_NONE, NULL, &error);
  g_assert_no_error (error);

  g_ptr_array_add (argv, (gpointer)yizhan_path);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer)args[i]);
  g_ptr_array_add (argv, NULL);
  s->process = g_subprocess_launcher_spawnv (launcher, (const char *const *)argv->pdata, &error);
  g_assert_no_error (error);

  /* yz_test_wait() looks again when the main loop wakes: the report being written, or the
   * console exiting, wakes it. */
  g_subprocess_wait_async (s->process, NULL, NULL, NULL);
  g_assert_true (yz_test_wait (first_frame_reported, s, 60000));
  g_assert_nonnull (g_subprocess_get_identifier (s->process));
}

/* A simulator that starts and never says on which port: the gateway does not answer. */
static char *
write_silent_simulator (Start *s)
{
  g_autofree char *path = g_build_filename (s->profile, "silent-sim", NULL);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, "#!/bin/sh\nexec sleep 600\n", -1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_chmod (path, 0755), ==, 0);
  return g_steal_pointer (&path);
}

static void
test_startup_demo_stored_city (void)
{
  Start s = { 0 };
  g_autofree char *sim = NULL;
  g_autofree char *record = NULL;
  const char *args[] = { "--demo", NULL };

  start_set_up (&s);
  record = g_build_filename (s.data_dir, "demo.db", NULL);
  fill_record (record);
  sim = write_silent_simulator (&s);

  start_console (&s, args, sim);
  g_assert_cmpuint (s.stations, ==, N_STATIONS);
  g_assert_cmpuint (s.drawn, >, 0);
  g_assert_false (reported (&s, "connected"));

  start_tear_down (&s);
}

static gboolean
accept_and_hold_cb (GSocketService *service, GSocketConnection *connection, GObject *source,
                    gpointer data)
{
  /* Kept open and never answered. */
  g_ptr_array_add (data, g_object_ref (connection));
  return TRUE;
}

static void
test_startup_gateway_stored_city (void)
{
  Start s = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocketService) service = g_socket_service_new ();
  g_autoptr(GPtrArray) held = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *record = NULL;
  g_autofree char *url = NULL;
  guint16 port;
  const char *args[] = { "--gateway", NULL, "--operator", "operator", NULL };

  start_set_up (&s);
  record = g_build_filename (s.data_dir, "yizhan.db", NULL);
  fill_record (record);

  {
    g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
    g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
    g_autoptr(GSocketAddress) effective = NULL;

    g_socket_listener_add_address (G_SOCKET_LISTENER (service), address, G_SOCKET_TYPE_STREAM,
                                   G_SOCKET_PROTOCOL_TCP, NULL, &effective, &error);
    g_assert_no_error (error);
    port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (effective));
  }
  g_signal_connect (service, "incoming", G_CALLBACK (accept_and_hold_cb), held);
  g_socket_service_start (service);
  url = g_strdup_printf ("http://127.0.0.1:%u", port);
  args[1] = url;

  start_console (&s, args, NULL);
  g_assert_cmpuint (s.stations, ==, N_STATIONS);
  g_assert_cmpuint (s.drawn, >, 0);
  g_assert_false (reported (&s, "connected"));

  g_socket_service_stop (service);
  start_tear_down (&s);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  if (argc < 2)
    {
      g_printerr ("Usage: %s YIZHAN\n", argv[0]);
      return 2;
    }
  yizhan_path = argv[1];

  g_test_add_func ("/yizhan/startup/demo-stored-city", test_startup_demo_stored_city);
  g_test_add_func ("/yizhan/startup/gateway-stored-city", test_startup_gateway_stored_city);

  return g_test_run ();
}
