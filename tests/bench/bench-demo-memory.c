/* bench-demo-memory.c
 *
 * What `yizhan --demo` holds in memory with a 9-tile video wall after a minute (the
 * simulator's 640×360 sub streams), the same code path as the console: the application,
 * its window and the built-in simulator. Beside it, the baseline from the same run: the same
 * console before the wall was opened (the map shown), so the difference is what the wall
 * costs. YZ_BENCH_SECONDS shortens the minute.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <unistd.h>

#include "yz-application.h"
#include "yz-renderer.h"
#include "yz-test-gtk.h"
#include "yz-test-sim.h"
#include "yz-test-util.h"
#include "yz-video-page.h"
#include "yz-window.h"

#define N_TILES 9

typedef struct
{
  YzApplication *app;
  YzWindow *window;
  YzSession *session;
  gboolean done;
} Demo;

static gboolean
connected (gpointer data)
{
  Demo *d = data;

  d->window = YZ_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (d->app)));
  d->session = d->window ? yz_window_get_session (d->window) : NULL;

  return d->session != NULL &&
         yz_session_get_connection_state (d->session) == YZ_CONNECTION_CONNECTED &&
         g_list_model_get_n_items (yz_session_get_stations (d->session)) > 0;
}

static gboolean
wall_playing (gpointer data)
{
  Demo *d = data;
  YzVideoPage *page = YZ_VIDEO_PAGE (yz_window_get_page (d->window, "video"));

  for (guint i = 0; i < N_TILES; i++)
    {
      YzVideoTile *tile = yz_video_page_get_tile (page, i);
      YzStream *stream = tile ? yz_video_tile_get_stream (tile) : NULL;

      if (stream == NULL || yz_stream_get_state (stream) != YZ_STREAM_PLAYING)
        return FALSE;
    }
  return TRUE;
}

static gboolean
run_cb (gpointer user_data)
{
  Demo *d = user_data;
  const char *env = g_getenv ("YZ_BENCH_SECONDS");
  guint seconds = env && env[0] ? (guint)g_ascii_strtoull (env, NULL, 10) : 60;
  double cpu0, cpu1, before, after;
  gint64 t0;

  g_assert_true (yz_test_wait (connected, d, 60000));
  gtk_window_set_default_size (GTK_WINDOW (d->window), 1280, 800);
  gtk_widget_activate_action (GTK_WIDGET (d->window), "win.section", "s", "map");
  yz_test_run_for (5);
  yz_test_proc_usage (getpid (), &cpu0, &before);

  gtk_widget_activate_action (GTK_WIDGET (d->window), "win.section", "s", "video");
  g_assert_true (yz_test_wait (wall_playing, d, 60000));
  yz_test_proc_usage (getpid (), &cpu0, &after);
  t0 = g_get_monotonic_time ();
  yz_test_run_for (seconds);
  yz_test_proc_usage (getpid (), &cpu1, &after);

  g_print ("yizhan --demo, %d-tile wall of sub streams (640x360, 15 fps), renderer %s:\n", N_TILES,
           g_getenv ("GSK_RENDERER") ? g_getenv ("GSK_RENDERER") : "GTK's choice");
  g_print ("  RSS after %u s of the wall: %.1f MB (target <= 250 MB); before the wall (map): "
           "%.1f MB; the wall adds %.1f MB; CPU meanwhile %.0f%% of a core\n",
           seconds, after, before, after - before,
           100 * (cpu1 - cpu0) / ((g_get_monotonic_time () - t0) / (double)G_USEC_PER_SEC));

  d->done = TRUE;
  g_application_quit (G_APPLICATION (d->app));
  return G_SOURCE_REMOVE;
}

static void
bench_demo_memory (void)
{
  Demo d = { 0 };
  char *argv[] = { (char *)"yizhan", (char *)"--demo", NULL };
  g_autoptr(GSettings) settings = g_settings_new (BASE_ID);

  /* The first start fills a 3×3 wall with live cameras (yz-video-page.c). */
  g_settings_set_int (settings, "video-columns", 3);
  yz_test_tolerate_known_criticals ();
  d.app = yz_application_new ();
  g_application_set_flags (G_APPLICATION (d.app), g_application_get_flags (G_APPLICATION (d.app)) |
                                                      G_APPLICATION_NON_UNIQUE);
  g_idle_add (run_cb, &d);
  g_assert_cmpint (g_application_run (G_APPLICATION (d.app), 2, argv), ==, 0);
  g_assert_true (d.done);
  g_object_unref (d.app);
}

int
main (int argc, char *argv[])
{
  if (argc == 2 && g_strcmp0 (argv[1], "--probe-renderer") == 0)
    return yz_renderer_probe_main ();
  /* As the console chooses, before GTK opens the display. */
  yz_test_renderer_as_console (argc, argv);
  yz_test_gtk_init (&argc, &argv);
  g_test_add_func ("/yizhan/bench/demo-memory", bench_demo_memory);

  return g_test_run ();
}
