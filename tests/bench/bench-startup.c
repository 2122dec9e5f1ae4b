/* bench-startup.c
 *
 * `yizhan --demo` from process start to the main window's first painted frame, with a fresh
 * profile (empty XDG dirs: no record, the simulator's city not yet stored, and no GStreamer
 * registry or Mesa shader cache either) and at the second start on the same profile (the
 * record holds the city and the demo's past), beside the baseline: a bare
 * AdwApplicationWindow (this program run with --bare) from its process start to its first
 * frame, on a fresh profile and again on the same one, interleaved with the console's runs.
 * Each renderer in turn (GSK_RENDERER for the console and the bare window alike): gl, as
 * GTK picks it, is llvmpipe here, whose shaders a fresh profile compiles (Mesa's cache is in
 * XDG_CACHE_HOME); cairo is what the console chooses on a software GL.
 *
 *   bench-startup YIZHAN        (YZ_STARTUP_RUNS: runs of each, default 3;
 *                                YZ_STARTUP_RENDERERS: GSK renderers, default
 *                                "automatic gl cairo"; automatic is the console's own
 *                                choice, its bare window cairo without OpenGL)
 *
 * The console says when it painted (YIZHAN_REPORT_FIRST_FRAME, src/app/yz-startup-report.c)
 * in CLOCK_MONOTONIC, the clock this program reads before it spawns it, and how many
 * stations its city held then: the stations the first frame could show.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <adwaita.h>
#include <glib/gstdio.h>

#define WAIT_FRAME_US (60 * G_USEC_PER_SEC)
#define WAIT_CONNECTED_US (120 * G_USEC_PER_SEC)

typedef struct
{
  double ms;        /* process start → first frame */
  guint stations;   /* in the city at the first frame */
  guint drawn;      /* station marks the map drew in it */
  double connected; /* process start → connected, ms; -1 when not seen */
} Sample;

/* ---- the baseline: a bare window that reports its first frame the same way ---- */

static void
bare_after_paint_cb (GdkFrameClock *clock, gpointer user_data)
{
  const char *path = user_data;
  FILE *file = fopen (path, "a");

  g_signal_handlers_disconnect_by_func (clock, bare_after_paint_cb, user_data);
  if (file != NULL)
    {
      fprintf (file, "first-frame %" G_GINT64_FORMAT " 0\n", g_get_monotonic_time ());
      fclose (file);
    }
}

static void
bare_realize_cb (GtkWidget *window, gpointer user_data)
{
  g_signal_connect (gtk_widget_get_frame_clock (window), "after-paint",
                    G_CALLBACK (bare_after_paint_cb), user_data);
}

static void
bare_activate_cb (GtkApplication *app, gpointer user_data)
{
  GtkWidget *window = adw_application_window_new (app);

  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  adw_application_window_set_content (ADW_APPLICATION_WINDOW (window), gtk_label_new ("Yizhan"));
  g_signal_connect (window, "realize", G_CALLBACK (bare_realize_cb), user_data);
  gtk_window_present (GTK_WINDOW (window));
}

static int
run_bare (const char *report)
{
  g_autoptr(AdwApplication) app =
      adw_application_new ("io.github.yizhan.BenchStartup", G_APPLICATION_NON_UNIQUE);

  g_signal_connect (app, "activate", G_CALLBACK (bare_activate_cb), (gpointer)report);
  return g_application_run (G_APPLICATION (app), 0, NULL);
}

/* ---- spawning and timing ---- */

static char **
profile_env (const char *profile, const char *report, const char *renderer)
{
  char **env = g_get_environ ();
  struct
  {
    const char *name, *sub;
  } dirs[] = {
    { "HOME", "home" },
    { "XDG_DATA_HOME", "data" },
    { "XDG_CONFIG_HOME", "config" },
    { "XDG_CACHE_HOME", "cache" },
    { "XDG_STATE_HOME", "state" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (dirs); i++)
    {
      g_autofree char *dir = g_build_filename (profile, dirs[i].sub, NULL);

      g_mkdir_with_parents (dir, 0700);
      env = g_environ_setenv (env, dirs[i].name, dir, TRUE);
    }
  env = g_environ_setenv (env, "YIZHAN_REPORT_FIRST_FRAME", report, TRUE);
  /* "automatic": the console's own choice (yz-renderer.c); its bare window is drawn as the
   * console ends up drawn without a graphics processor: cairo, OpenGL not loaded. */
  if (g_str_equal (renderer, "automatic"))
    env = g_environ_unsetenv (env, "GSK_RENDERER");
  else if (g_str_equal (renderer, "cairo-without-gl"))
    {
      env = g_environ_setenv (env, "GSK_RENDERER", "cairo", TRUE);
      env = g_environ_setenv (env, "GDK_DEBUG", "gl-disable", TRUE);
    }
  else
    env = g_environ_setenv (env, "GSK_RENDERER", renderer, TRUE);
  return env;
}

/* Finds "@what <us> <stations> <drawn>" in @report. */
static gboolean
read_report (const char *report, const char *what, gint64 *us, guint *stations, guint *drawn)
{
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  gsize len = strlen (what);

  if (!g_file_get_contents (report, &text, NULL, NULL))
    return FALSE;
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    if (g_str_has_prefix (lines[i], what) && lines[i][len] == ' ')
      {
        char *end = NULL;

        *us = g_ascii_strtoll (lines[i] + len + 1, &end, 10);
        *stations = (guint)g_ascii_strtoull (end, &end, 10);
        *drawn = (guint)g_ascii_strtoull (end, NULL, 10);
        return TRUE;
      }
  return FALSE;
}

static gboolean
wait_report (GSubprocess *process, const char *report, const char *what, gint64 timeout_us,
             gint64 *us, guint *stations, guint *drawn)
{
  gint64 deadline = g_get_monotonic_time () + timeout_us;

  /* The console stamps the time itself: polling only decides when to look. */
  while (!read_report (report, what, us, stations, drawn))
    {
      if (g_get_monotonic_time () > deadline)
        return FALSE;
      if (g_subprocess_get_identifier (process) == NULL)
        return FALSE;
      g_main_context_iteration (NULL, FALSE);
      g_usleep (5000);
    }
  return TRUE;
}

static void
stop (GSubprocess *process)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  g_subprocess_send_signal (process, SIGTERM);
  while (g_subprocess_get_identifier (process) != NULL && g_get_monotonic_time () < deadline)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (5000);
    }
  if (g_subprocess_get_identifier (process) != NULL)
    g_subprocess_force_exit (process);
  g_subprocess_wait (process, NULL, NULL);
}

/* One start of @argv on @profile; with @until_connected, it runs on until its session
 * connected (so that the next start finds the city stored). */
static Sample
measure (const char *const *argv, const char *profile, const char *renderer,
         gboolean until_connected)
{
  g_autofree char *report = g_build_filename (profile, "report.txt", NULL);
  g_auto(GStrv) env = profile_env (profile, report, renderer);
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_NONE);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  Sample sample = { -1, 0, 0, -1 };
  gint64 start, frame = 0, connected = 0;
  guint stations = 0, drawn = 0;

  g_unlink (report);
  g_subprocess_launcher_set_environ (launcher, env);
  start = g_get_monotonic_time ();
  process = g_subprocess_launcher_spawnv (launcher, argv, &error);
  g_assert_no_error (error);

  if (!wait_report (process, report, "first-frame", WAIT_FRAME_US, &frame, &sample.stations,
                    &sample.drawn))
    g_error ("%s painted no frame within %d s", argv[0], (int)(WAIT_FRAME_US / G_USEC_PER_SEC));
  sample.ms = (frame - start) / 1000.0;
  if (until_connected)
    {
      if (wait_report (process, report, "connected", WAIT_CONNECTED_US, &connected, &stations,
                       &drawn))
        sample.connected = (connected - start) / 1000.0;
      else
        g_printerr ("# %s did not connect within %d s\n", argv[0],
                    (int)(WAIT_CONNECTED_US / G_USEC_PER_SEC));
    }
  stop (process);

  return sample;
}

static int
compare_double (gconstpointer a, gconstpointer b)
{
  double x = *(const double *)a, y = *(const double *)b;

  return (x > y) - (x < y);
}

static double
summarize (const char *label, GArray *samples, double baseline)
{
  g_autoptr(GArray) ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GString) stations = g_string_new (NULL);
  double median;

  for (guint i = 0; i < samples->len; i++)
    {
      Sample *s = &g_array_index (samples, Sample, i);

      g_array_append_val (ms, s->ms);
      g_string_append_printf (stations, "%s%u/%u", i ? " " : "", s->stations, s->drawn);
    }
  g_array_sort (ms, compare_double);
  median = ms->len % 2 ? g_array_index (ms, double, ms->len / 2)
                       : (g_array_index (ms, double, ms->len / 2 - 1) +
                          g_array_index (ms, double, ms->len / 2)) /
                             2;
  printf ("%-34s median %7.0f ms  (%.0f–%.0f, n=%u)", label, median, g_array_index (ms, double, 0),
          g_array_index (ms, double, ms->len - 1), ms->len);
  if (baseline > 0)
    printf ("  %.2f× the bare window; stations in the city/drawn at the first frame: %s",
            median / baseline, stations->str);
  printf ("\n");
  return median;
}

/* One renderer: YZ_STARTUP_RUNS rounds of bare, fresh, bare again, second start. */
static void
run_renderer (const char *yizhan, const char *self_path, const char *renderer, guint runs)
{
  g_autoptr(GArray) bare = g_array_new (FALSE, FALSE, sizeof (Sample));
  g_autoptr(GArray) bare_second = g_array_new (FALSE, FALSE, sizeof (Sample));
  g_autoptr(GArray) fresh = g_array_new (FALSE, FALSE, sizeof (Sample));
  g_autoptr(GArray) second = g_array_new (FALSE, FALSE, sizeof (Sample));
  g_autofree char *label = NULL;
  double bare_median, bare_second_median;
  const char *bare_renderer = g_str_equal (renderer, "automatic") ? "cairo-without-gl" : renderer;

  for (guint i = 0; i < runs; i++)
    {
      g_autofree char *profile = g_dir_make_tmp ("yz-bench-startup-XXXXXX", NULL);
      g_autofree char *bare_profile = g_dir_make_tmp ("yz-bench-startup-bare-XXXXXX", NULL);
      g_autofree char *bare_report = g_build_filename (bare_profile, "report.txt", NULL);
      const char *bare_argv[] = { self_path, "--bare", bare_report, NULL };
      const char *demo_argv[] = { yizhan, "--demo", NULL };
      Sample s;

      s = measure (bare_argv, bare_profile, bare_renderer, FALSE);
      g_array_append_val (bare, s);
      s = measure (demo_argv, profile, renderer, TRUE);
      g_array_append_val (fresh, s);
      printf ("# %s, run %u: bare %.0f ms; fresh %.0f ms (%u stations), connected at %.0f ms;",
              renderer, i + 1, g_array_index (bare, Sample, i).ms, s.ms, s.stations, s.connected);
      s = measure (bare_argv, bare_profile, bare_renderer, FALSE);
      g_array_append_val (bare_second, s);
      s = measure (demo_argv, profile, renderer, FALSE);
      g_array_append_val (second, s);
      printf (" bare again %.0f ms; second start %.0f ms (%u stations, %u drawn)\n",
              g_array_index (bare_second, Sample, i).ms, s.ms, s.stations, s.drawn);
      fflush (stdout);

      {
        g_autofree char *command = g_strdup_printf ("rm -rf '%s' '%s'", profile, bare_profile);

        if (system (command) != 0)
          g_printerr ("# could not remove %s\n", profile);
      }
    }

  printf ("# GSK_RENDERER=%s: process start → first painted frame of the main window\n", renderer);
  bare_median = summarize ("bare window, fresh profile", bare, 0);
  bare_second_median = summarize ("bare window, second start", bare_second, 0);
  summarize ("yizhan --demo, fresh profile", fresh, bare_median);
  summarize ("yizhan --demo, second start", second, bare_second_median);
  fflush (stdout);
}

int
main (int argc, char *argv[])
{
  g_autofree char *self_path = NULL;
  g_auto(GStrv) renderers = NULL;
  const char *runs_env = g_getenv ("YZ_STARTUP_RUNS");
  const char *renderers_env = g_getenv ("YZ_STARTUP_RENDERERS");
  guint runs = runs_env ? (guint)MAX (1, atoi (runs_env)) : 3;

  if (argc == 3 && g_str_equal (argv[1], "--bare"))
    return run_bare (argv[2]);
  if (argc != 2)
    {
      g_printerr ("Usage: %s YIZHAN\n", argv[0]);
      return 2;
    }

  self_path = g_file_read_link ("/proc/self/exe", NULL);
  renderers = g_strsplit (renderers_env ? renderers_env : "automatic gl cairo", " ", -1);
  for (guint r = 0; renderers[r] != NULL; r++)
    if (renderers[r][0] != '\0')
      run_renderer (argv[1], self_path, renderers[r], runs);
  return 0;
}
