/* test-chart.c — the statistics chart: bars stand as tall as their values (read back from
 * rendered pixels) and highlight under the pointer, horizontal bars draw their Chinese
 * station names, the pointer finds the category of a line and the cell of a heat map, an
 * empty chart says so and answers nothing, and a chart draws on paper (a cairo image and a
 * PDF) as well as on screen, light or dark.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <adwaita.h>
#include <cairo-pdf.h>
#include <glib/gstdio.h>

#include "yz-chart.h"
#include "yz-test-gtk.h"

#define WIDTH 640
#define HEIGHT 400

static const char *stations[] = {
  "华英路工会驿站", "牡丹区人民路户外劳动者驿站", "曹县青菏路驿站",
  "单县湖西路驿站", "成武县文亭街驿站",           NULL,
};

typedef struct
{
  GtkWindow *window;
  YzChart *chart;
} Fixture;

/* Rendered pixels: cairo ARGB32, premultiplied, B G R A in memory. */
typedef struct
{
  int width;
  int height;
  gsize stride;
  guchar *data;
} Pixels;

typedef struct
{
  int r, g, b;
} Rgb;

static void
pixels_free (Pixels *p)
{
  g_free (p->data);
  g_free (p);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Pixels, pixels_free)

static Pixels *
pixels_of_widget (GtkWidget *widget)
{
  g_autoptr(GdkTexture) texture = yz_test_render (widget);
  Pixels *p = g_new0 (Pixels, 1);

  g_assert_nonnull (texture);
  p->width = gdk_texture_get_width (texture);
  p->height = gdk_texture_get_height (texture);
  p->stride = (gsize)p->width * 4;
  p->data = g_malloc (p->stride * p->height);
  gdk_texture_download (texture, p->data, p->stride);

  return p;
}

static Pixels *
pixels_of_surface (cairo_surface_t *surface)
{
  Pixels *p = g_new0 (Pixels, 1);

  cairo_surface_flush (surface);
  p->width = cairo_image_surface_get_width (surface);
  p->height = cairo_image_surface_get_height (surface);
  p->stride = cairo_image_surface_get_stride (surface);
  p->data = g_memdup2 (cairo_image_surface_get_data (surface), p->stride * p->height);

  return p;
}

/* The pixel as it shows on white: the chart itself draws no background on screen. */
static Rgb
on_white (Pixels *p, double x, double y)
{
  int ix = CLAMP ((int)round (x), 0, p->width - 1);
  int iy = CLAMP ((int)round (y), 0, p->height - 1);
  guchar *q = p->data + iy * p->stride + ix * 4;

  return (Rgb){ q[2] + 255 - q[3], q[1] + 255 - q[3], q[0] + 255 - q[3] };
}

static gboolean
close_to (Rgb got, const char *hex, int tolerance)
{
  return yz_test_color_close_to (got.r, got.g, got.b, hex, tolerance);
}

static int
saturation (Rgb c)
{
  return MAX (c.r, MAX (c.g, c.b)) - MIN (c.r, MIN (c.g, c.b));
}

static int
lightness (Rgb c)
{
  return (c.r + c.g + c.b) / 3;
}

/* Pixels in a rectangle in dark grey: text, not background, grid lines or coloured marks. */
static guint
count_text (Pixels *p, double x, double y, double width, double height)
{
  guint n = 0;

  for (int j = (int)y; j < (int)(y + height); j++)
    for (int i = (int)x; i < (int)(x + width); i++)
      {
        Rgb c = on_white (p, i, j);

        if (lightness (c) < 160 && saturation (c) < 60)
          n++;
      }

  return n;
}

static const char *const *
weekdays (void)
{
  static const char *en[] = { "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun", NULL };
  static const char *zh[] = { "周一", "周二", "周三", "周四", "周五", "周六", "周日", NULL };

  return yz_test_is_chinese () ? zh : en;
}

static const char *const *
hours (void)
{
  static char *labels[25];

  if (labels[0] == NULL)
    for (guint h = 0; h < 24; h++)
      labels[h] = g_strdup_printf ("%02u:00", h);

  return (const char *const *)labels;
}

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  f->window = GTK_WINDOW (adw_window_new ());
  f->chart = YZ_CHART (yz_chart_new (GPOINTER_TO_INT (data)));
  /* Exactly this size, whatever the window's frame takes: the tests estimate where things
   * are from it. */
  gtk_widget_set_size_request (GTK_WIDGET (f->chart), WIDTH, HEIGHT);
  gtk_widget_set_halign (GTK_WIDGET (f->chart), GTK_ALIGN_START);
  gtk_widget_set_valign (GTK_WIDGET (f->chart), GTK_ALIGN_START);
  /* The headless display's pointer rests mid-screen, maybe over a bar: the tests do their
   * own pointing (hover()), so that what is highlighted does not depend on where it is. */
  gtk_widget_set_can_target (GTK_WIDGET (f->chart), FALSE);
  adw_window_set_content (ADW_WINDOW (f->window), GTK_WIDGET (f->chart));
}

static void
fixture_show (Fixture *f)
{
  gtk_window_present (f->window);
  g_assert_true (yz_test_wait_for_draw (GTK_WIDGET (f->chart), 5000));
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (f->chart)), ==, WIDTH);
  g_assert_cmpint (gtk_widget_get_height (GTK_WIDGET (f->chart)), ==, HEIGHT);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  gtk_window_destroy (f->window);
}

static void
hover (YzChart *chart, double x, double y)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (GTK_WIDGET (chart));
  gboolean found = FALSE;

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_EVENT_CONTROLLER_MOTION (controller))
        {
          g_signal_emit_by_name (controller, "motion", x, y);
          found = TRUE;
        }
    }
  g_assert_true (found);
}

static void
test_chart_bars (Fixture *f, gconstpointer data)
{
  static const char *labels[] = { "A1", "B2", "C3", "D4", "E5", NULL };
  /* The tallest in the middle, the shortest first. */
  static const double values[] = { 3, 12, 40, 25, 7 };
  g_autoptr(Pixels) pixels = NULL;
  g_autofree char *text = NULL;
  /* The plot runs from about 30 px (after the ticks' labels) to 8 px from the right; bars
   * take 72% of their column, so these estimates land well inside them. */
  double slot = (WIDTH - 38) / 5.0;
  double tallest_x = 30 + 2.5 * slot;
  double shortest_x = 30 + 0.5 * slot;
  double near_axis = HEIGHT - 36;
  double high = HEIGHT * 0.2;
  Rgb plain;

  yz_chart_set_categories (f->chart, labels);
  yz_chart_add_series (f->chart, "Visits", values, G_N_ELEMENTS (values));
  fixture_show (f);

  pixels = pixels_of_widget (GTK_WIDGET (f->chart));
  /* The tallest bar reaches from the axis to near the top… */
  g_assert_true (close_to (on_white (pixels, tallest_x, near_axis), "#3584e4", 24));
  g_assert_true (close_to (on_white (pixels, tallest_x, high), "#3584e4", 24));
  /* …the shortest stands on the axis but is nowhere near that high. */
  g_assert_true (close_to (on_white (pixels, shortest_x, near_axis), "#3584e4", 24));
  g_assert_true (close_to (on_white (pixels, shortest_x, high), "#ffffff", 40));
  /* Between the bars there is nothing. */
  g_assert_true (close_to (on_white (pixels, 30 + 2 * slot, near_axis), "#ffffff", 40));
  /* The tallest bar's value is written above it. */
  g_assert_cmpuint (count_text (pixels, tallest_x - 20, 0, 40, 24), >, 10);

  text = yz_chart_describe_at (f->chart, tallest_x, HEIGHT * 0.6);
  g_assert_nonnull (text);
  g_assert_cmpstr (text, ==, "C3: 40");
  g_clear_pointer (&text, g_free);
  text = yz_chart_describe_at (f->chart, shortest_x, high);
  g_assert_cmpstr (text, ==, "A1: 3");

  /* Under the pointer the bar lights up. */
  plain = on_white (pixels, tallest_x, HEIGHT * 0.6);
  hover (f->chart, tallest_x, HEIGHT * 0.6);
  g_assert_true (yz_test_wait_for_draw (GTK_WIDGET (f->chart), 5000));
  g_clear_pointer (&pixels, pixels_free);
  pixels = pixels_of_widget (GTK_WIDGET (f->chart));
  g_assert_false (close_to (on_white (pixels, tallest_x, HEIGHT * 0.6), "#3584e4", 24));
  g_assert_cmpint (lightness (on_white (pixels, tallest_x, HEIGHT * 0.6)), >,
                   lightness (plain) + 20);
  g_assert_true (close_to (on_white (pixels, shortest_x, near_axis), "#3584e4", 24));
}

static void
test_chart_hbars (Fixture *f, gconstpointer data)
{
  static const double values[] = { 123, 98, 75, 40, 12 };
  g_autoptr(Pixels) pixels = NULL;
  g_autofree char *text = NULL;
  /* Rows fill the height but for the ticks' labels below (about 26 px) and 8 px above. */
  double row = (HEIGHT - 34) / 5.0;

  yz_chart_set_categories (f->chart, stations);
  yz_chart_add_series (f->chart, NULL, values, G_N_ELEMENTS (values));
  fixture_show (f);

  pixels = pixels_of_widget (GTK_WIDGET (f->chart));
  /* The names are drawn on the left, in each row (not only somewhere). */
  for (guint i = 0; i < 5; i++)
    g_assert_cmpuint (count_text (pixels, 0, 8 + i * row + row / 2 - 8, WIDTH * 0.35, 16), >, 40);
  /* The first station's bar is the longest: it reaches across most of the width. */
  g_assert_true (close_to (on_white (pixels, WIDTH * 0.7, 8 + row / 2), "#3584e4", 24));
  g_assert_true (close_to (on_white (pixels, WIDTH * 0.7, 8 + 4.5 * row), "#ffffff", 40));

  text = yz_chart_describe_at (f->chart, WIDTH * 0.5, 8 + 1.5 * row);
  g_assert_cmpstr (text, ==, "牡丹区人民路户外劳动者驿站: 98");
  g_clear_pointer (&text, g_free);
  /* On the name itself too. */
  text = yz_chart_describe_at (f->chart, 20, 8 + 3.5 * row);
  g_assert_cmpstr (text, ==, "单县湖西路驿站: 40");
}

static void
test_chart_line (Fixture *f, gconstpointer data)
{
  static const double values[] = { 5, 9, 4, 12, 8, 15, 6 };
  g_autoptr(Pixels) pixels = NULL;
  g_autofree char *text = NULL;
  g_autofree char *expected = NULL;
  /* Ticks 0..15 by 5: the plot from about 30 px; 25 px from the top to 29 px from the bottom. */
  double slot = (WIDTH - 38) / 7.0;
  double x = 30 + 4.5 * slot;
  double y = 25 + (HEIGHT - 54) * (1 - 8 / 15.0);
  gboolean point = FALSE;

  yz_chart_set_categories (f->chart, weekdays ());
  yz_chart_add_series (f->chart, "Visits", values, G_N_ELEMENTS (values));
  fixture_show (f);

  /* Near where Friday's point must be, it is drawn. */
  pixels = pixels_of_widget (GTK_WIDGET (f->chart));
  for (int dy = -8; dy <= 8 && !point; dy++)
    for (int dx = -16; dx <= 16 && !point; dx++)
      point = close_to (on_white (pixels, x + dx, y + dy), "#3584e4", 24);
  g_assert_true (point);
  g_assert_true (close_to (on_white (pixels, x, HEIGHT * 0.12), "#ffffff", 40));

  text = yz_chart_describe_at (f->chart, x + 5, y - 5);
  expected = g_strdup_printf ("%s: 8", weekdays ()[4]);
  g_assert_cmpstr (text, ==, expected);
  g_clear_pointer (&text, g_free);

  /* Two series: the tooltip gives both, and a legend appears. */
  yz_chart_add_series (f->chart, "Alarms", (const double[]){ 1, 2, 0, 3, 1, 4, 2 }, 7);
  text = yz_chart_describe_at (f->chart, x, HEIGHT / 2.0);
  g_clear_pointer (&expected, g_free);
  expected = g_strdup_printf ("%s\nVisits: 8\nAlarms: 1", weekdays ()[4]);
  g_assert_cmpstr (text, ==, expected);
}

static void
test_chart_heatmap (Fixture *f, gconstpointer data)
{
  double values[7 * 24] = { 0 };
  g_autoptr(Pixels) pixels = NULL;
  g_autofree char *text = NULL;
  g_autofree char *expected = NULL;
  int left = WIDTH;
  int right = -1;
  int top = HEIGHT;
  int bottom = -1;
  double cx;
  double cy;
  Rgb hot;
  Rgb cold;

  values[1 * 24 + 14] = 12; /* Tuesday, 14:00 */
  yz_chart_set_rows (f->chart, weekdays ());
  yz_chart_set_categories (f->chart, hours ());
  yz_chart_add_series (f->chart, NULL, values, G_N_ELEMENTS (values));
  fixture_show (f);

  /* The hot cell is the one strongly coloured patch in the upper rows (the colour scale is
   * further down). */
  pixels = pixels_of_widget (GTK_WIDGET (f->chart));
  for (int y = 0; y < HEIGHT * 0.55; y++)
    for (int x = 0; x < WIDTH; x++)
      if (saturation (on_white (pixels, x, y)) > 150)
        {
          left = MIN (left, x);
          right = MAX (right, x);
          top = MIN (top, y);
          bottom = MAX (bottom, y);
        }
  g_assert_cmpint (right, >=, 0);
  g_assert_cmpint (right - left, <, WIDTH / 20);
  g_assert_cmpint (bottom - top, <, HEIGHT / 6);
  cx = (left + right) / 2.0;
  cy = (top + bottom) / 2.0;
  /* Column 14 of 24 is right of the middle; row 2 of 7 in the upper half. */
  g_assert_cmpfloat (cx, >, WIDTH / 2.0);
  g_assert_cmpfloat (cy, <, HEIGHT * 0.3);

  hot = on_white (pixels, cx, cy);
  cold = on_white (pixels, cx - 3 * (right - left + 2), cy);
  g_assert_cmpint (saturation (hot), >, saturation (cold) + 100);
  g_assert_cmpint (lightness (hot), <, lightness (cold) - 40);

  text = yz_chart_describe_at (f->chart, cx, cy);
  expected = g_strdup_printf ("%s 14:00: 12", weekdays ()[1]);
  g_assert_cmpstr (text, ==, expected);
  g_clear_pointer (&text, g_free);
  g_clear_pointer (&expected, g_free);
  text = yz_chart_describe_at (f->chart, cx - 3 * (right - left + 2), cy);
  g_assert_nonnull (text);
  expected = g_strdup_printf ("%s 1", weekdays ()[1]);
  g_assert_true (g_str_has_prefix (text, expected));
  g_assert_true (g_str_has_suffix (text, ": 0"));
  g_clear_pointer (&text, g_free);

  /* Below the grid there is no cell. */
  g_assert_null (yz_chart_describe_at (f->chart, cx, HEIGHT - 4));

  /* Screen readers hear the hottest cells. */
  g_clear_pointer (&expected, g_free);
  text = yz_chart_get_summary (f->chart);
  expected = g_strdup_printf ("%s 14:00: 12", weekdays ()[1]);
  g_assert_cmpstr (text, ==, expected);
}

static void
test_chart_empty (Fixture *f, gconstpointer data)
{
  const char *empty = yz_test_is_chinese () ? "暂无数据" : "Nothing to chart yet";
  static const double zeros[] = { 0, 0, 0 };
  static const double some[] = { 0, 4, 0 };
  g_autoptr(Pixels) pixels = NULL;
  g_autofree char *text = NULL;

  yz_chart_set_categories (f->chart, (const char *[]){ "a", "b", "c", NULL });
  yz_chart_set_empty_text (f->chart, empty);
  fixture_show (f);

  g_assert_true (yz_chart_is_empty (f->chart));
  pixels = pixels_of_widget (GTK_WIDGET (f->chart));
  g_assert_cmpuint (count_text (pixels, WIDTH / 2.0 - 80, HEIGHT / 2.0 - 12, 160, 24), >, 30);
  /* Nothing else: no axis, no labels. */
  g_assert_cmpuint (count_text (pixels, 0, 0, WIDTH, HEIGHT / 2.0 - 20), ==, 0);
  for (int y = 0; y < HEIGHT; y += 20)
    for (int x = 0; x < WIDTH; x += 20)
      g_assert_null (yz_chart_describe_at (f->chart, x, y));
  text = yz_chart_get_summary (f->chart);
  g_assert_cmpstr (text, ==, empty);
  g_clear_pointer (&text, g_free);

  /* Only zeros is empty too. */
  yz_chart_add_series (f->chart, "Visits", zeros, G_N_ELEMENTS (zeros));
  g_assert_true (yz_chart_is_empty (f->chart));
  g_assert_null (yz_chart_describe_at (f->chart, WIDTH / 2.0, HEIGHT / 2.0));

  /* A value: a chart, and the empty text is gone. */
  yz_chart_clear_series (f->chart);
  yz_chart_add_series (f->chart, "Visits", some, G_N_ELEMENTS (some));
  g_assert_false (yz_chart_is_empty (f->chart));
  text = yz_chart_describe_at (f->chart, WIDTH / 2.0, HEIGHT / 2.0);
  g_assert_cmpstr (text, ==, "b: 4");
}

static cairo_status_t
count_bytes (void *closure, const unsigned char *data, unsigned int length)
{
  *(gsize *)closure += length;
  return CAIRO_STATUS_SUCCESS;
}

/* Beside the widgets' screenshots, to look at what paper gets. */
static void
save_png (cairo_surface_t *surface, const char *name)
{
  const char *builddir = g_getenv ("G_TEST_BUILDDIR");
  g_autofree char *dir = g_build_filename (builddir ? builddir : ".", "screenshots", NULL);
  g_autofree char *file = g_strdup_printf ("%s-%s.png", name, yz_test_language ());
  g_autofree char *path = g_build_filename (dir, file, NULL);

  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  g_assert_cmpint (cairo_surface_write_to_png (surface, path), ==, CAIRO_STATUS_SUCCESS);
  g_test_message ("screenshot: %s", path);
}

static void
test_chart_print (void)
{
  static const double values[] = { 123, 98, 75, 40, 12 };
  YzChart *chart = YZ_CHART (g_object_ref_sink (yz_chart_new (YZ_CHART_HBARS)));
  g_autoptr(GtkSnapshot) snapshot = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(Pixels) pixels = NULL;
  cairo_surface_t *surface;
  cairo_t *cr;
  guint blue = 0;
  gsize pdf_bytes = 0;

  yz_chart_set_categories (chart, stations);
  yz_chart_add_series (chart, NULL, values, G_N_ELEMENTS (values));

  /* Not on screen: the chart draws as for paper, dark on white. */
  snapshot = gtk_snapshot_new ();
  yz_chart_snapshot_at_size (chart, snapshot, 500, 300);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  g_assert_nonnull (node);

  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 500, 300);
  cr = cairo_create (surface);
  gsk_render_node_draw (node, cr);
  cairo_destroy (cr);
  pixels = pixels_of_surface (surface);
  save_png (surface, "chart-print");
  cairo_surface_destroy (surface);

  g_assert_true (close_to (on_white (pixels, 1, 1), "#ffffff", 0));
  g_assert_cmpint (pixels->data[3], ==, 255); /* opaque: a white page, not transparent */
  for (int y = 0; y < 300; y++)
    for (int x = 0; x < 500; x++)
      if (close_to (on_white (pixels, x, y), "#3584e4", 24))
        blue++;
  g_assert_cmpuint (blue, >, 5000);
  /* The names, in dark text, on the left. */
  g_assert_cmpuint (count_text (pixels, 0, 0, 150, 250), >, 300);

  /* And into a PDF, as the report does. */
  surface = cairo_pdf_surface_create_for_stream (count_bytes, &pdf_bytes, 500, 300);
  cr = cairo_create (surface);
  gsk_render_node_draw (node, cr);
  cairo_show_page (cr);
  g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  g_assert_cmpint (cairo_surface_status (surface), ==, CAIRO_STATUS_SUCCESS);
  cairo_surface_destroy (surface);
  g_assert_cmpuint (pdf_bytes, >, 1000);

  g_clear_pointer (&node, gsk_render_node_unref);
  g_assert_finalize_object (chart);
}

static void
notify_cb (GObject *object, GParamSpec *pspec, guint *count)
{
  (*count)++;
}

static void
test_chart_api (void)
{
  static const double values[] = { 12.5, 3.7, 0.5 };
  YzChart *chart = YZ_CHART (g_object_ref_sink (yz_chart_new (YZ_CHART_BARS)));
  YzChartKind kind = YZ_CHART_BARS;
  g_autofree char *summary = NULL;
  guint notified = 0;

  g_signal_connect (chart, "notify::kind", G_CALLBACK (notify_cb), &notified);
  g_object_set (chart, "kind", YZ_CHART_HEATMAP, NULL);
  g_object_set (chart, "kind", YZ_CHART_HEATMAP, NULL);
  g_assert_cmpuint (notified, ==, 1);
  g_object_get (chart, "kind", &kind, NULL);
  g_assert_cmpint (kind, ==, YZ_CHART_HEATMAP);
  yz_chart_set_kind (chart, YZ_CHART_LINE);
  g_assert_cmpint (yz_chart_get_kind (chart), ==, YZ_CHART_LINE);

  g_assert_cmpstr (yz_chart_get_value_format (chart), ==, "%.0f");
  yz_chart_set_value_format (chart, "%.1f min");
  g_assert_cmpstr (yz_chart_get_value_format (chart), ==, "%.1f min");
  /* A format that would read something else than one double is refused. */
  g_test_expect_message ("yz-chart", G_LOG_LEVEL_CRITICAL, "*parse_value_format*");
  yz_chart_set_value_format (chart, "%s");
  g_test_assert_expected_messages ();
  g_test_expect_message ("yz-chart", G_LOG_LEVEL_CRITICAL, "*parse_value_format*");
  yz_chart_set_value_format (chart, "%.1f of %.1f");
  g_test_assert_expected_messages ();
  g_assert_cmpstr (yz_chart_get_value_format (chart), ==, "%.1f min");

  yz_chart_set_categories (chart, stations);
  yz_chart_add_series (chart, "Wait", values, G_N_ELEMENTS (values));
  summary = yz_chart_get_summary (chart);
  /* The last two stations have no value: they are left out. */
  g_assert_cmpstr (summary, ==,
                   "华英路工会驿站: 12.5 min, 牡丹区人民路户外劳动者驿站: 3.7 min, "
                   "曹县青菏路驿站: 0.5 min");

  g_assert_finalize_object (chart);
}

/* One window with the four kinds, as the statistics page will show them; looked at by eye. */
static GtkWidget *
four_kinds (void)
{
  static const char *months[31];
  static const double visits[7] = { 132, 158, 149, 171, 166, 88, 64 };
  static const double alarms[7] = { 12, 9, 15, 7, 11, 4, 2 };
  static const double ranked[8] = { 412, 377, 301, 266, 204, 151, 97, 40 };
  static const char *ranked_names[] = {
    "华英路工会驿站",   "牡丹区人民路户外劳动者驿站", "曹县青菏路驿站",
    "单县湖西路驿站",   "成武县文亭街驿站",           "郓城县工会驿站",
    "鄄城县金融街驿站", "东明县城区爱心驿站",         NULL,
  };
  double trend[30];
  double heat[7 * 24];
  GtkWidget *grid = gtk_grid_new ();
  GtkWidget *chart;

  for (guint d = 0; d < 30; d++)
    {
      if (months[d] == NULL)
        months[d] = g_strdup_printf ("11-%02u", d + 1);
      trend[d] = 6 + 3 * sin (d / 3.0) + (d % 7 == 5 ? -3 : 0) + d * 0.2;
    }
  for (guint r = 0; r < 7; r++)
    for (guint h = 0; h < 24; h++)
      heat[r * 24 + h] = MAX (0, (r < 5 ? 30 : 12) * exp (-pow ((h - 12.5) / 3.5, 2)) +
                                     (r < 5 ? 14 : 4) * exp (-pow ((h - 18) / 1.5, 2)) - 1);

  gtk_grid_set_row_homogeneous (GTK_GRID (grid), TRUE);
  gtk_grid_set_column_homogeneous (GTK_GRID (grid), TRUE);
  gtk_grid_set_row_spacing (GTK_GRID (grid), 12);
  gtk_grid_set_column_spacing (GTK_GRID (grid), 12);
  gtk_widget_set_margin_start (grid, 12);
  gtk_widget_set_margin_end (grid, 12);
  gtk_widget_set_margin_top (grid, 12);
  gtk_widget_set_margin_bottom (grid, 12);

  chart = yz_chart_new (YZ_CHART_BARS);
  yz_chart_set_categories (YZ_CHART (chart), weekdays ());
  yz_chart_add_series (YZ_CHART (chart), yz_test_is_chinese () ? "来访" : "Visits", visits, 7);
  yz_chart_add_series (YZ_CHART (chart), yz_test_is_chinese () ? "告警" : "Alarms", alarms, 7);
  gtk_grid_attach (GTK_GRID (grid), chart, 0, 0, 1, 1);

  chart = yz_chart_new (YZ_CHART_HBARS);
  yz_chart_set_categories (YZ_CHART (chart), ranked_names);
  yz_chart_add_series (YZ_CHART (chart), NULL, ranked, 8);
  gtk_grid_attach (GTK_GRID (grid), chart, 1, 0, 1, 1);

  chart = yz_chart_new (YZ_CHART_LINE);
  yz_chart_set_categories (YZ_CHART (chart), months);
  yz_chart_set_value_format (YZ_CHART (chart), "%.1f min");
  yz_chart_add_series (YZ_CHART (chart), NULL, trend, 30);
  gtk_grid_attach (GTK_GRID (grid), chart, 0, 1, 1, 1);

  chart = yz_chart_new (YZ_CHART_HEATMAP);
  yz_chart_set_rows (YZ_CHART (chart), weekdays ());
  yz_chart_set_categories (YZ_CHART (chart), hours ());
  yz_chart_add_series (YZ_CHART (chart), NULL, heat, G_N_ELEMENTS (heat));
  gtk_grid_attach (GTK_GRID (grid), chart, 1, 1, 1, 1);

  return grid;
}

static void
test_chart_screenshot (void)
{
  AdwStyleManager *style = adw_style_manager_get_default ();
  GtkWindow *window = GTK_WINDOW (adw_window_new ());
  GtkWidget *grid = four_kinds ();
  GtkWidget *hbars = gtk_grid_get_child_at (GTK_GRID (grid), 1, 0);
  g_autoptr(Pixels) pixels = NULL;
  g_autofree char *light = NULL;
  g_autofree char *dark = NULL;
  guint bright = 0;

  gtk_window_set_default_size (window, 1280, 800);
  gtk_widget_set_can_target (grid, FALSE);
  adw_window_set_content (ADW_WINDOW (window), grid);
  gtk_window_present (window);
  g_assert_true (yz_test_wait_for_draw (GTK_WIDGET (window), 5000));
  light = yz_test_screenshot (GTK_WIDGET (window), "chart-kinds");
  g_assert_true (g_file_test (light, G_FILE_TEST_EXISTS));

  /* Dark: the text follows the style, light on dark. */
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_DARK);
  g_assert_true (yz_test_wait_for_draw (GTK_WIDGET (window), 5000));
  dark = yz_test_screenshot (GTK_WIDGET (window), "chart-kinds-dark");
  pixels = pixels_of_widget (hbars);
  for (int y = 0; y < pixels->height; y++)
    for (int x = 0; x < pixels->width * 0.4; x++)
      {
        guchar *q = pixels->data + y * pixels->stride + x * 4;

        /* Opaque and light: text drawn in the dark style's foreground. */
        if (q[3] > 200 && q[0] > 200 && q[1] > 200 && q[2] > 200)
          bright++;
      }
  g_assert_cmpuint (bright, >, 100);
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_DEFAULT);

  /* Small: no smaller than the charts ask for, so that every label is drawn. */
  gtk_window_set_default_size (window, 560, 400);
  g_assert_true (yz_test_wait_for_draw (GTK_WIDGET (window), 5000));
  g_free (yz_test_screenshot (GTK_WIDGET (window), "chart-kinds-small"));

  gtk_window_destroy (window);
}

/* ---- every label drawn, none overlapping, none cut off ---- */

/* Whether the chart can be given @width × @height: not less than it asks for. */
static gboolean
can_have (YzChart *chart, double width, double height)
{
  int min_width = 0;
  int min_height = 0;

  gtk_widget_measure (GTK_WIDGET (chart), GTK_ORIENTATION_HORIZONTAL, -1, &min_width, NULL, NULL,
                      NULL);
  gtk_widget_measure (GTK_WIDGET (chart), GTK_ORIENTATION_VERTICAL, -1, &min_height, NULL, NULL,
                      NULL);

  return width >= min_width && height >= min_height;
}

/* Every label of @chart at @width × @height: one for each name, inside the chart, apart. */
static GArray *
check_labels (YzChart *chart, double width, double height, guint expected, const char *what)
{
  GArray *labels;
  guint shortened = 0;
  double angle = 0;

  if (!can_have (chart, width, height))
    {
      g_test_message ("%s at %.0f×%.0f: smaller than the chart asks for", what, width, height);
      return g_array_new (FALSE, FALSE, 1);
    }
  labels = yz_chart_layout_labels (chart, width, height);

  g_assert_cmpuint (labels->len, ==, expected);
  for (guint i = 0; i < labels->len; i++)
    {
      YzChartLabel *label = &g_array_index (labels, YzChartLabel, i);
      graphene_rect_t bounds;

      graphene_quad_bounds (&label->quad, &bounds);
      if (bounds.origin.x < -0.5 || bounds.origin.y < -0.5 ||
          bounds.origin.x + bounds.size.width > width + 0.5 ||
          bounds.origin.y + bounds.size.height > height + 0.5)
        g_error ("%s at %.0f×%.0f: label %u “%s” is cut off: %.1f,%.1f %.1f×%.1f", what, width,
                 height, i, label->text, bounds.origin.x, bounds.origin.y, bounds.size.width,
                 bounds.size.height);
      g_assert_cmpfloat (bounds.size.width, >, 0);
      for (guint k = 0; k < i; k++)
        if (yz_test_quads_overlap (&label->quad, &g_array_index (labels, YzChartLabel, k).quad))
          g_error ("%s at %.0f×%.0f: labels %u “%s” and %u “%s” overlap", what, width, height, k,
                   g_array_index (labels, YzChartLabel, k).text, i, label->text);
      shortened += label->shortened;
      angle = MAX (angle, label->angle);
    }
  g_test_message ("%s at %.0f×%.0f: %u labels, %u shortened, turned %.0f°", what, width, height,
                  labels->len, shortened, angle);

  return labels;
}

static const char *long_names[] = {
  "牡丹区市民文化中心工会驿站",
  "华英路工会驿站",
  "牡丹区人民路户外劳动者驿站",
  "曹县青菏路驿站",
  "Mudan District Citizens' Cultural Centre Union Rest Station",
  "单县湖西路驿站",
  "成武县文亭街驿站",
  "鄄城县人民广场环卫工人爱心驿站",
  "东明县黄河路驿站",
  "Heze Railway Station Rest Stop",
  NULL,
};

static void
test_chart_labels (void)
{
  /* The statistics page's charts at 1280×800 (two columns) and 1920×1080, and smaller. */
  static const struct
  {
    double width, height;
  } sizes[] = {
    { 600, 240 }, { 600, 300 }, { 1220, 240 }, { 900, 280 }, { 420, 240 }, { 320, 200 },
  };
  g_autoptr(GPtrArray) days = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) month = g_ptr_array_new ();
  g_autoptr(GPtrArray) many = g_ptr_array_new_with_free_func (g_free);
  double values[62];
  double cells[7 * 24];
  GtkWindow *window = GTK_WINDOW (adw_window_new ());
  YzChart *bars = YZ_CHART (yz_chart_new (YZ_CHART_BARS));
  YzChart *line = YZ_CHART (yz_chart_new (YZ_CHART_LINE));
  YzChart *hbars = YZ_CHART (yz_chart_new (YZ_CHART_HBARS));
  YzChart *heat = YZ_CHART (yz_chart_new (YZ_CHART_HEATMAP));
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);

  for (guint i = 0; i < 62; i++)
    {
      g_ptr_array_add (days, g_strdup_printf ("%02u-%02u", 1 + i / 31, 1 + i % 31));
      values[i] = 10 + (i * 37) % 90;
    }
  g_ptr_array_add (days, NULL);
  for (guint i = 0; i < 31; i++)
    g_ptr_array_add (month, g_ptr_array_index (days, i));
  g_ptr_array_add (month, NULL);
  for (guint i = 0; i < 40; i++)
    g_ptr_array_add (many, g_strdup_printf ("%s %u", long_names[i % 10], i));
  g_ptr_array_add (many, NULL);
  for (guint i = 0; i < 7 * 24; i++)
    cells[i] = i % 24;

  /* Laid out by the widget's own fonts: in a window, like the statistics page. */
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (bars));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (line));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (hbars));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (heat));
  adw_window_set_content (ADW_WINDOW (window), box);

  for (guint z = 0; z < G_N_ELEMENTS (sizes); z++)
    {
      double w = sizes[z].width, h = sizes[z].height;

      /* Ten stations with long names, as bars and as a ranking. */
      yz_chart_clear_series (bars);
      yz_chart_set_categories (bars, long_names);
      yz_chart_add_series (bars, "Visits", values, 10);
      g_array_unref (check_labels (bars, w, h, 10, "bars, ten long names"));
      yz_chart_clear_series (hbars);
      yz_chart_set_categories (hbars, long_names);
      yz_chart_add_series (hbars, "Visits", values, 10);
      g_array_unref (check_labels (hbars, w, MAX (h, 10 * 24 + 48), 10, "ranking, ten long names"));

      /* A month of days, and two. */
      yz_chart_clear_series (bars);
      yz_chart_set_categories (bars, (const char *const *)month->pdata);
      yz_chart_add_series (bars, "Visits", values, 31);
      g_array_unref (check_labels (bars, w, h, 31, "bars, 31 days"));
      yz_chart_clear_series (line);
      yz_chart_set_categories (line, (const char *const *)days->pdata);
      yz_chart_add_series (line, "Visits", values, 62);
      g_array_unref (check_labels (line, w, h, 62, "line, 62 days"));

      /* Forty long names. */
      yz_chart_clear_series (bars);
      yz_chart_set_categories (bars, (const char *const *)many->pdata);
      yz_chart_add_series (bars, "Visits", values, 40);
      g_array_unref (check_labels (bars, w, h, 40, "bars, forty long names"));

      /* Weekday × hour. */
      yz_chart_clear_series (heat);
      yz_chart_set_rows (heat, weekdays ());
      yz_chart_set_categories (heat, hours ());
      yz_chart_add_series (heat, "Visits", cells, 7 * 24);
      g_array_unref (check_labels (heat, w, h, 24 + 7, "heat map"));
    }

  gtk_window_destroy (window);
}

/* A long name shortened on screen is whole under the pointer. */
static void
test_chart_label_tooltip (Fixture *f, gconstpointer data)
{
  static const double values[] = { 5, 8, 13, 21, 34, 55, 89, 144, 233, 377 };
  g_autoptr(GArray) labels = NULL;
  guint shortened = 0;

  yz_chart_set_categories (f->chart, long_names);
  yz_chart_add_series (f->chart, "Visits", values, G_N_ELEMENTS (values));
  fixture_show (f);
  labels = check_labels (f->chart, WIDTH, HEIGHT, 10, "tooltips");
  for (guint i = 0; i < labels->len; i++)
    {
      YzChartLabel *label = &g_array_index (labels, YzChartLabel, i);
      graphene_point_t centre;
      g_autofree char *text = NULL;

      graphene_quad_bounds (&label->quad, &(graphene_rect_t){ 0 });
      centre = GRAPHENE_POINT_INIT ((graphene_quad_get_point (&label->quad, 0)->x +
                                     graphene_quad_get_point (&label->quad, 2)->x) /
                                        2,
                                    (graphene_quad_get_point (&label->quad, 0)->y +
                                     graphene_quad_get_point (&label->quad, 2)->y) /
                                        2);
      text = yz_chart_describe_at (f->chart, centre.x, centre.y);
      g_assert_nonnull (text);
      g_assert_true (g_str_has_prefix (text, long_names[i]));
      shortened += label->shortened;
    }
  /* Vertical bars at this width cannot hold these names whole. */
  if (yz_chart_get_kind (f->chart) == YZ_CHART_BARS)
    g_assert_cmpuint (shortened, >, 0);
  g_assert_true (yz_test_wait_for_draw (GTK_WIDGET (f->chart), 5000));
  g_free (yz_test_screenshot (GTK_WIDGET (f->window), yz_chart_get_kind (f->chart) == YZ_CHART_BARS
                                                          ? "chart-long-names"
                                                          : "chart-long-names-ranking"));
}

int
main (int argc, char *argv[])
{
  yz_test_gtk_init (&argc, &argv);

#define ADD(path, kind, func)                                                                      \
  g_test_add ("/yizhan/chart/" path, Fixture, GINT_TO_POINTER (kind), fixture_set_up, func,        \
              fixture_tear_down)
  ADD ("bars", YZ_CHART_BARS, test_chart_bars);
  ADD ("hbars", YZ_CHART_HBARS, test_chart_hbars);
  ADD ("line", YZ_CHART_LINE, test_chart_line);
  ADD ("heatmap", YZ_CHART_HEATMAP, test_chart_heatmap);
  ADD ("empty", YZ_CHART_BARS, test_chart_empty);
  ADD ("label-tooltip", YZ_CHART_BARS, test_chart_label_tooltip);
  ADD ("label-tooltip-ranking", YZ_CHART_HBARS, test_chart_label_tooltip);
#undef ADD
  g_test_add_func ("/yizhan/chart/print", test_chart_print);
  g_test_add_func ("/yizhan/chart/api", test_chart_api);
  g_test_add_func ("/yizhan/chart/screenshot", test_chart_screenshot);
  g_test_add_func ("/yizhan/chart/labels", test_chart_labels);

  return g_test_run ();
}
