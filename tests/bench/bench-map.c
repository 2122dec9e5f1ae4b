/* bench-map.c
 *
 * The station map with the GL renderer GTK picks (llvmpipe under Xvfb): frame time while
 * panning with 580 and with 5,000 stations, beside the same map panning with the station
 * layer empty (the baseline: tiles, graticule, libshumate, GTK — measured in the same run),
 * and the time from start (log in, state, first frame) to the first painted stations with
 * 580 stations, beside the time to the first frame of the same window with nothing to show.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <adwaita.h>
#include <shumate/shumate.h>

#include "yz-gateway-backend.h"
#include "yz-map-page.h"
#include "yz-session.h"
#include "yz-station-layer.h"
#include "yz-test-gtk.h"
#include "yz-test-sim.h"

#define PAN_FRAMES 240

typedef struct
{
  YzTestSim *sim;
  char *dir;
  YzSession *session;
  GtkWindow *window;
  YzMapPage *page;
} Run;

typedef struct
{
  ShumateMap *map;
  GArray *intervals; /* double, ms */
  gint64 last;
  double lat, lon;
  guint frames;
} Pan;

static gboolean
painted (gpointer data)
{
  Run *run = data;

  return yz_station_layer_get_n_drawn (
             YZ_STATION_LAYER (yz_map_page_get_station_layer (run->page))) > 0;
}

static gboolean
first_frame_cb (GtkWidget *widget, GdkFrameClock *clock, gpointer data)
{
  *(gboolean *)data = TRUE;
  return G_SOURCE_REMOVE;
}

static gboolean
flag_set (gpointer data)
{
  return *(gboolean *)data;
}

/* Time from nothing to the first frame of an empty map page: the baseline for start. */
static double
empty_first_frame_ms (void)
{
  GtkWindow *window = GTK_WINDOW (adw_window_new ());
  gint64 start = g_get_monotonic_time ();
  gboolean drawn = FALSE;
  double ms;

  gtk_window_set_default_size (window, 1280, 800);
  adw_window_set_content (ADW_WINDOW (window), yz_map_page_new ());
  gtk_widget_add_tick_callback (GTK_WIDGET (window), first_frame_cb, &drawn, NULL);
  gtk_window_present (window);
  g_assert_true (yz_test_wait (flag_set, &drawn, 20000));
  ms = (g_get_monotonic_time () - start) / 1000.0;
  gtk_window_destroy (window);

  return ms;
}

static void
run_start (Run *run, guint stations, double *first_paint_ms)
{
  g_autofree char *stations_arg = g_strdup_printf ("--stations=%u", stations);
  g_autofree char *db = NULL;
  g_autoptr(YzStore) store = NULL;
  g_autoptr(YzGatewayBackend) backend = NULL;
  gint64 start;

  run->sim = yz_test_sim_start ("--no-cameras", stations_arg, NULL);
  run->dir = g_dir_make_tmp ("yizhan-bench-map-XXXXXX", NULL);
  db = g_build_filename (run->dir, "yizhan.db", NULL);

  start = g_get_monotonic_time ();
  store = yz_store_open (db, NULL);
  backend = yz_gateway_backend_new (yz_test_sim_get_base_url (run->sim), NULL, NULL, NULL);
  run->session = yz_session_new (store, YZ_BACKEND (backend));
  yz_session_start (run->session, "observer", "observer", NULL);
  run->window = GTK_WINDOW (adw_window_new ());
  gtk_window_set_default_size (run->window, 1280, 800);
  run->page = YZ_MAP_PAGE (yz_map_page_new ());
  adw_window_set_content (ADW_WINDOW (run->window), GTK_WIDGET (run->page));
  yz_map_page_set_session (run->page, run->session);
  gtk_window_present (run->window);
  g_assert_true (yz_test_wait (painted, run, 60000));
  *first_paint_ms = (g_get_monotonic_time () - start) / 1000.0;
}

static void
run_stop (Run *run)
{
  gtk_window_destroy (run->window);
  g_clear_object (&run->session);
  yz_test_sim_stop (run->sim);
  g_free (run->dir);
}

static gboolean
pan_tick_cb (GtkWidget *widget, GdkFrameClock *clock, gpointer data)
{
  Pan *pan = data;
  gint64 now = gdk_frame_clock_get_frame_time (clock);

  if (pan->last != 0)
    {
      double ms = (now - pan->last) / 1000.0;

      g_array_append_val (pan->intervals, ms);
    }
  pan->last = now;
  /* A slow circle, as a duty officer drags the map about. */
  pan->frames++;
  shumate_map_center_on (pan->map, pan->lat + 0.08 * sin (pan->frames / 40.0),
                         pan->lon + 0.10 * cos (pan->frames / 40.0));

  return pan->frames < PAN_FRAMES ? G_SOURCE_CONTINUE : G_SOURCE_REMOVE;
}

static gboolean
pan_done (gpointer data)
{
  return ((Pan *)data)->frames >= PAN_FRAMES;
}

static int
compare_double (gconstpointer a, gconstpointer b)
{
  double x = *(const double *)a, y = *(const double *)b;

  return (x > y) - (x < y);
}

/* Mean and 95th percentile of the frame interval while panning at @zoom. */
static void
measure_pan (Run *run, double zoom, double *mean, double *p95)
{
  ShumateMap *map = SHUMATE_MAP (yz_map_page_get_map (run->page));
  ShumateViewport *viewport = shumate_map_get_viewport (map);
  Pan pan = { map, g_array_new (FALSE, FALSE, sizeof (double)), 0, 35.25, 115.45, 0 };
  double sum = 0;

  shumate_viewport_set_zoom_level (viewport, zoom);
  gtk_widget_add_tick_callback (GTK_WIDGET (map), pan_tick_cb, &pan, NULL);
  g_assert_true (yz_test_wait (pan_done, &pan, 120000));
  for (guint i = 0; i < pan.intervals->len; i++)
    sum += g_array_index (pan.intervals, double, i);
  *mean = sum / pan.intervals->len;
  g_array_sort (pan.intervals, compare_double);
  *p95 = g_array_index (pan.intervals, double, (guint)(pan.intervals->len * 0.95));
  g_array_unref (pan.intervals);
}

static void
bench_stations (guint stations)
{
  Run run = { 0 };
  double first_paint, mean, p95, base_mean, base_p95;
  YzStationLayer *layer;

  run_start (&run, stations, &first_paint);
  layer = YZ_STATION_LAYER (yz_map_page_get_station_layer (run.page));

  for (guint z = 0; z < 2; z++)
    {
      double zoom = z == 0 ? 10.0 : 13.0; /* clustered city view, then street level */

      yz_station_layer_set_stations (layer, yz_session_get_stations (run.session));
      measure_pan (&run, zoom, &mean, &p95);
      yz_station_layer_set_stations (layer, NULL);
      measure_pan (&run, zoom, &base_mean, &base_p95);
      g_print ("  %5u stations, zoom %2.0f: frame %6.2f ms mean, %6.2f ms p95;"
               " empty layer %6.2f / %6.2f ms; ratio (mean) %.2f\n",
               stations, zoom, mean, p95, base_mean, base_p95, mean / base_mean);
    }
  if (stations == 580)
    {
      double empty = empty_first_frame_ms ();

      g_print ("  start to first painted stations (580, log in + state + first frame): %.0f ms;"
               " empty map's first frame %.0f ms; ratio %.1f\n",
               first_paint, empty, first_paint / empty);
    }
  run_stop (&run);
}

static void
bench_map (void)
{
  g_autoptr(GSettings) settings = NULL;

  /* No network here, and no dependence on one: tiles fail at once, the grid shows. */
  settings = g_settings_new (BASE_ID);
  g_settings_set_enum (settings, "tile-source", 1);
  g_settings_set_string (settings, "tile-url", "http://127.0.0.1:9/{z}/{x}/{y}.png");

  g_print ("station map, panning %d frames at 1280x800 (renderer: %s):\n", PAN_FRAMES,
           g_getenv ("GSK_RENDERER") ? g_getenv ("GSK_RENDERER") : "GTK's choice");
  bench_stations (580);
  bench_stations (5000);
}

int
main (int argc, char *argv[])
{
  yz_test_gtk_init (&argc, &argv);
  /* Inside a test case: its own cache and data directories. */
  g_test_add_func ("/yizhan/bench/map", bench_map);

  return g_test_run ();
}
