/* test-demo.c
 *
 * `yizhan --demo`: the simulator starts as a child on a free loopback port, the demo logs in,
 * and stopping it leaves no process behind.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <signal.h>

#include "yz-demo.h"
#include "yz-test-sim.h"

typedef struct
{
  gboolean done;
  gboolean ok;
  GError *error;
} Started;

static void
started_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  Started *started = user_data;

  started->ok = yz_demo_start_finish (YZ_DEMO (object), result, &started->error);
  started->done = TRUE;
}

static gboolean
is_done (gpointer user_data)
{
  return ((Started *)user_data)->done;
}

static void
test_demo_starts_and_stops (void)
{
  g_autoptr(YzDemo) demo = yz_demo_new ();
  Started started = { 0 };
  g_autoptr(GUri) uri = NULL;
  const char *extra[] = { "--no-cameras", NULL };

  yz_demo_start_async (demo, extra, NULL, started_cb, &started);
  g_assert_true (yz_test_wait (is_done, &started, 20000));
  g_assert_no_error (started.error);
  g_assert_true (started.ok);
  g_assert_true (yz_demo_is_running (demo));

  uri = g_uri_parse (yz_demo_get_base_url (demo), G_URI_FLAGS_NONE, NULL);
  g_assert_nonnull (uri);
  g_assert_cmpstr (g_uri_get_host (uri), ==, "127.0.0.1");
  g_assert_cmpint (g_uri_get_port (uri), >, 0);
  g_assert_nonnull (yz_demo_get_token (demo));
  g_assert_nonnull (yz_demo_get_gateway_name (demo));

  yz_demo_stop (demo);
  g_assert_false (yz_demo_is_running (demo));
}

static void
test_demo_missing_simulator (void)
{
  g_autoptr(YzDemo) demo = yz_demo_new ();
  g_autofree char *saved = g_strdup (g_getenv ("YIZHAN_SIM_PATH"));
  Started started = { 0 };

  /* A simulator that exits at once without announcing its ports: a clear error. */
  g_setenv ("YIZHAN_SIM_PATH", "/bin/true", TRUE);
  yz_demo_start_async (demo, NULL, NULL, started_cb, &started);
  g_assert_true (yz_test_wait (is_done, &started, 20000));
  g_assert_false (started.ok);
  g_assert_nonnull (started.error);
  g_clear_error (&started.error);
  g_assert_false (yz_demo_is_running (demo));
  g_setenv ("YIZHAN_SIM_PATH", saved, TRUE);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/yizhan/demo/starts-and-stops", test_demo_starts_and_stops);
  g_test_add_func ("/yizhan/demo/missing-simulator", test_demo_missing_simulator);

  return g_test_run ();
}
