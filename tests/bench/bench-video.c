/* bench-video.c
 *
 * The video wall's cost: process CPU (share of one core) and resident memory with 1, 4, 9
 * and 16 tiles of the simulator's sub streams (640×360, 15 fps, H.264 over RTSP), beside
 * `gst-launch-1.0` decoding the same streams into fakesink in the same run — the floor no
 * console can go below. The ratio at 9 tiles is the figure to drive down. Beside it, the
 * frames shown per tile per second: a tile's frame counts when a paint of the window
 * follows its arrival (the window's frame clock "paint" phase), so a frame replaced before
 * any paint is not counted. The renderer is the console's own choice (yz_renderer_choose);
 * GSK_RENDERER=gl or =cairo in the environment measures one of them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <sys/resource.h>
#include <unistd.h>

#include "yz-media.h"
#include "yz-renderer.h"
#include "yz-test-gtk.h"
#include "yz-test-sim.h"
#include "yz-test-util.h"
#include "yz-video-tile.h"

#define MEASURE_S 8

typedef struct
{
  double cpu; /* share of one core */
  double rss_mb;
  double fps_mean, fps_min; /* frames shown per tile per second */
} Cost;

static int
compare_double_values (gconstpointer a, gconstpointer b)
{
  double x = *(const double *)a, y = *(const double *)b;

  return (x > y) - (x < y);
}

typedef struct
{
  YzVideoTile **tiles;
  guint n;
  guint64 *last;    /* n_shown at the last paint, per tile */
  guint64 *painted; /* frames painted, per tile */
} Tiles;

/* The paint phase of the window's frame clock: a tile whose frame changed since the last
 * paint has its new frame painted now. */
static void
paint_cb (GdkFrameClock *clock, Tiles *t)
{
  for (guint i = 0; i < t->n; i++)
    {
      YzStreamPaintable *shown = yz_video_tile_get_shown (t->tiles[i]);
      guint64 n = shown ? yz_stream_paintable_get_n_shown (shown) : 0;

      if (n != t->last[i])
        {
          t->painted[i]++;
          t->last[i] = n;
        }
    }
}

static gboolean
all_playing (gpointer data)
{
  Tiles *t = data;

  for (guint i = 0; i < t->n; i++)
    {
      YzStream *stream = yz_video_tile_get_stream (t->tiles[i]);

      if (stream == NULL || yz_stream_get_state (stream) != YZ_STREAM_PLAYING)
        return FALSE;
    }
  return TRUE;
}

static Cost
measure_console (GPtrArray *urls, guint n)
{
  GtkWindow *window = GTK_WINDOW (adw_window_new ());
  GtkWidget *grid = gtk_grid_new ();
  guint columns = n == 1 ? 1 : n <= 4 ? 2 : n <= 9 ? 3 : 4;
  Tiles t = { g_new0 (YzVideoTile *, n), n, g_new0 (guint64, n), g_new0 (guint64, n) };
  GdkFrameClock *clock;
  gulong paint_id;
  double cpu0, cpu1, rss;
  gint64 t0, t1;
  Cost cost;

  gtk_grid_set_row_homogeneous (GTK_GRID (grid), TRUE);
  gtk_grid_set_column_homogeneous (GTK_GRID (grid), TRUE);
  gtk_window_set_default_size (window, 1280, 720);
  adw_window_set_content (ADW_WINDOW (window), grid);
  for (guint i = 0; i < n; i++)
    {
      t.tiles[i] = YZ_VIDEO_TILE (yz_video_tile_new ());
      gtk_grid_attach (GTK_GRID (grid), GTK_WIDGET (t.tiles[i]), i % columns, i / columns, 1, 1);
    }
  gtk_window_present (window);
  g_assert_true (yz_test_wait_for_draw (GTK_WIDGET (window), 5000));
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *id = g_strdup_printf ("bench-%u", i);

      yz_video_tile_set_source (t.tiles[i], id, "bench", g_ptr_array_index (urls, i), NULL);
    }
  g_assert_true (yz_test_wait (all_playing, &t, 60000));
  yz_test_run_for (2);

  clock = gtk_widget_get_frame_clock (GTK_WIDGET (window));
  paint_id = g_signal_connect (clock, "paint", G_CALLBACK (paint_cb), &t);
  paint_cb (clock, &t);
  memset (t.painted, 0, n * sizeof (guint64));
  yz_test_proc_usage (getpid (), &cpu0, &rss);
  t0 = g_get_monotonic_time ();
  yz_test_run_for (MEASURE_S);
  yz_test_proc_usage (getpid (), &cpu1, &rss);
  t1 = g_get_monotonic_time ();
  g_signal_handler_disconnect (clock, paint_id);
  cost.cpu = (cpu1 - cpu0) / ((t1 - t0) / (double)G_USEC_PER_SEC);
  cost.rss_mb = rss;
  cost.fps_mean = 0;
  cost.fps_min = G_MAXDOUBLE;
  for (guint i = 0; i < n; i++)
    {
      double fps = t.painted[i] / ((t1 - t0) / (double)G_USEC_PER_SEC);

      cost.fps_mean += fps / n;
      cost.fps_min = MIN (cost.fps_min, fps);
    }

  gtk_window_destroy (window);
  g_free (t.tiles);
  g_free (t.last);
  g_free (t.painted);
  yz_test_run_for (1);

  return cost;
}

static Cost
measure_gst_launch (GPtrArray *urls, guint n)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  double cpu0, cpu1, rss;
  gint64 t0, t1;
  GPid pid;
  Cost cost;

  g_ptr_array_add (argv, g_strdup ("gst-launch-1.0"));
  g_ptr_array_add (argv, g_strdup ("-q"));
  for (guint i = 0; i < n; i++)
    {
      g_ptr_array_add (argv, g_strdup ("rtspsrc"));
      g_ptr_array_add (argv, g_strdup_printf ("location=%s", (char *)g_ptr_array_index (urls, i)));
      g_ptr_array_add (argv, g_strdup ("latency=200"));
      g_ptr_array_add (argv, g_strdup ("!"));
      g_ptr_array_add (argv, g_strdup ("decodebin"));
      g_ptr_array_add (argv, g_strdup ("!"));
      g_ptr_array_add (argv, g_strdup ("fakesink"));
      g_ptr_array_add (argv, g_strdup ("sync=false"));
    }
  g_ptr_array_add (argv, NULL);
  process = g_subprocess_newv ((const char *const *)argv->pdata, G_SUBPROCESS_FLAGS_STDOUT_SILENCE,
                               &error);
  g_assert_no_error (error);
  pid = atoi (g_subprocess_get_identifier (process));
  yz_test_run_for (5); /* connect and settle */

  yz_test_proc_usage (pid, &cpu0, &rss);
  t0 = g_get_monotonic_time ();
  yz_test_run_for (MEASURE_S);
  yz_test_proc_usage (pid, &cpu1, &rss);
  t1 = g_get_monotonic_time ();
  cost.cpu = (cpu1 - cpu0) / ((t1 - t0) / (double)G_USEC_PER_SEC);
  cost.rss_mb = rss;
  g_subprocess_send_signal (process, SIGTERM);
  g_subprocess_wait (process, NULL, NULL);

  return cost;
}

/* ---- latency: the simulator's stamp (see yz-sim-rtsp.c) read back from the texture ---- */

static gboolean
read_stamp (GdkTexture *texture, guint64 *ms)
{
  int width = gdk_texture_get_width (texture);
  int height = gdk_texture_get_height (texture);
  g_autofree guchar *data = NULL;
  /* The 640×360 picture, scaled into the texture with black bars (yz-stream.c). */
  double scale = MIN (width / 640.0, height / 360.0);
  double left = (width - 640 * scale) / 2, top = (height - 360 * scale) / 2;
  int x0 = 640 - 24 * 10 - 10;

  if (scale < 0.5)
    return FALSE;
  data = g_malloc ((gsize)width * height * 4);
  gdk_texture_download (texture, data, (gsize)width * 4);
  *ms = 0;
  for (int bit = 0; bit < 48; bit++)
    {
      int x = (int)(left + (x0 + (bit % 24) * 10 + 5) * scale);
      int y = (int)(top + (10 + (bit / 24) * 10 + 5) * scale);
      guchar green = data[((gsize)y * width + x) * 4 + 1];

      *ms = (*ms << 1) | (green > 128);
    }

  /* A stamp within a minute of now, or it was not read right. */
  return ABS ((gint64)*ms - g_get_real_time () / 1000) < 60000;
}

typedef struct
{
  YzStreamPaintable *paintable;
  gboolean apply; /* the bare stream: the bench applies frames itself */
  guint64 shown;
  GArray *latencies; /* double, ms */
} Latency;

static gboolean
latency_poll_cb (gpointer data)
{
  Latency *l = data;
  guint64 ms;

  if (l->apply)
    yz_stream_paintable_update (l->paintable);
  if (yz_stream_paintable_get_n_shown (l->paintable) != l->shown)
    {
      l->shown = yz_stream_paintable_get_n_shown (l->paintable);
      if (read_stamp (yz_stream_paintable_get_texture (l->paintable), &ms))
        {
          double latency = g_get_real_time () / 1000.0 - ms;

          g_array_append_val (l->latencies, latency);
        }
    }

  return G_SOURCE_CONTINUE;
}

static gboolean
enough_samples (gpointer data)
{
  return ((Latency *)data)->latencies->len >= 150;
}

static void
median_p95 (GArray *values, double *median, double *p95)
{
  g_array_sort (values, compare_double_values);
  *median = g_array_index (values, double, values->len / 2);
  *p95 = g_array_index (values, double, (guint)(values->len * 0.95));
}

static void
bench_latency (const char *url)
{
  Latency bare = { NULL, TRUE, 0, g_array_new (FALSE, FALSE, sizeof (double)) };
  Latency wall = { NULL, FALSE, 0, g_array_new (FALSE, FALSE, sizeof (double)) };
  g_autoptr(YzStream) stream = yz_stream_new (url);
  GtkWindow *window = GTK_WINDOW (adw_window_new ());
  YzVideoTile *tile = YZ_VIDEO_TILE (yz_video_tile_new ());
  double bare_median, bare_p95, wall_median, wall_p95;
  guint poll;

  /* The bare stream, its frames taken the moment they come: the floor. */
  bare.paintable = yz_stream_get_paintable (stream);
  yz_stream_play (stream);
  poll = g_timeout_add (1, latency_poll_cb, &bare);
  g_assert_true (yz_test_wait (enough_samples, &bare, 60000));
  g_source_remove (poll);
  yz_stream_stop (stream);

  /* A tile of the wall: the same stream through the wall's frame timer and GTK. */
  gtk_window_set_default_size (window, 1280, 720);
  adw_window_set_content (ADW_WINDOW (window), GTK_WIDGET (tile));
  gtk_window_present (window);
  g_assert_true (yz_test_wait_for_draw (GTK_WIDGET (window), 5000));
  yz_video_tile_set_source (tile, "latency", "latency", url, NULL);
  wall.paintable = yz_video_tile_get_shown (tile);
  poll = g_timeout_add (1, latency_poll_cb, &wall);
  g_assert_true (yz_test_wait (enough_samples, &wall, 60000));
  g_source_remove (poll);
  gtk_window_destroy (window);

  median_p95 (bare.latencies, &bare_median, &bare_p95);
  median_p95 (wall.latencies, &wall_median, &wall_p95);
  g_print ("  latency, simulator clock to texture (RTSP latency 200 ms): wall tile %.0f ms median,"
           " %.0f ms p95; bare stream %.0f / %.0f ms; ratio (median) %.2f\n",
           wall_median, wall_p95, bare_median, bare_p95, wall_median / MAX (bare_median, 1));
  g_array_unref (bare.latencies);
  g_array_unref (wall.latencies);
}

/* The sub streams of a simulator's first @n cameras. */
static GPtrArray *
sub_urls_n (YzTestSim *sim, guint n)
{
  g_autofree char *token = yz_test_sim_login (sim, "observer");
  g_autoptr(JsonNode) state = NULL;
  GPtrArray *urls = g_ptr_array_new_with_free_func (g_free);
  JsonArray *cameras;
  guint status = 0;

  state = yz_test_sim_request (sim, "GET", "/api/v1/state", token, NULL, &status);
  cameras = json_object_get_array_member (json_node_get_object (state), "cameras");
  for (guint i = 0; i < json_array_get_length (cameras) && urls->len < n; i++)
    g_ptr_array_add (urls, g_strdup (json_object_get_string_member (
                               json_array_get_object_element (cameras, i), "sub_url")));
  g_assert_cmpuint (urls->len, ==, n);

  return urls;
}

static void
bench_video (void)
{
  /* Pre-encoded looped clips (yizhan-sim --video=clip): 16 streams cost the simulator a few
   * per cent of a core, so the cores are the console's. */
  YzTestSim *sim = yz_test_sim_start ("--stations=16", NULL);
  g_autoptr(GPtrArray) urls = sub_urls_n (sim, 16);
  /* YZ_BENCH_TILES="9" (or "1,9", or "none" for the latency only): fewer walls. */
  const char *wanted = g_getenv ("YZ_BENCH_TILES");
  g_auto(GStrv) counts = g_strsplit (wanted && wanted[0] ? wanted : "1,4,9,16", ",", -1);

  g_print ("video wall, simulator sub streams (640x360, 15 fps, H.264/RTSP, pre-encoded clips), %d "
           "s each; "
           "renderer %s\n",
           MEASURE_S, g_getenv ("GSK_RENDERER") ? g_getenv ("GSK_RENDERER") : "GTK's choice");
  for (guint k = 0; counts[k] != NULL; k++)
    {
      guint n = (guint)g_ascii_strtoull (counts[k], NULL, 10);
      Cost console, floor;

      if (n < 1 || n > 16)
        continue;
      console = measure_console (urls, n);
      floor = measure_gst_launch (urls, n);

      g_print (
          "  %2u tiles: frames shown per tile %4.1f/s (slowest tile %4.1f); console %5.0f%% CPU,"
          " %6.1f MB RSS; gst-launch-1.0 to fakesink %5.0f%% CPU, %6.1f MB; ratio (CPU) %.2f\n",
          n, console.fps_mean, console.fps_min, console.cpu * 100, console.rss_mb, floor.cpu * 100,
          floor.rss_mb, console.cpu / MAX (floor.cpu, 0.001));
    }
  yz_test_sim_stop (sim);

  /* The latency needs the camera's clock in every frame: live encoding, one stream. */
  sim = yz_test_sim_start ("--stations=1", "--stamp", NULL);
  {
    g_autoptr(GPtrArray) stamped = sub_urls_n (sim, 1);

    bench_latency (g_ptr_array_index (stamped, 0));
  }
  yz_test_sim_stop (sim);
}

int
main (int argc, char *argv[])
{
  if (argc == 2 && g_strcmp0 (argv[1], "--probe-renderer") == 0)
    return yz_renderer_probe_main ();
  /* As the console chooses, before GTK opens the display. */
  yz_test_renderer_as_console (argc, argv);
  yz_test_gtk_init (&argc, &argv);
  g_assert_true (yz_media_init (NULL));
  g_test_add_func ("/yizhan/bench/video", bench_video);

  return g_test_run ();
}
