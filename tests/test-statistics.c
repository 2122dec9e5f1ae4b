/* test-statistics.c — the statistics page and the wall display against yizhan-sim, over
 * a store given two weeks of history: the totals and charts show the store's figures, the
 * district filter narrows them, the CSV tables add up, the PDF report reads back with
 * pdftotext; the wall display shows today's visits and the open alarms, live.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <adwaita.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "yz-history.h"
#include "yz-session.h"
#include "yz-statistics-page.h"
#include "yz-stats.h"
#include "yz-test-fixture.h"
#include "yz-test-gtk.h"
#include "yz-wall-window.h"

typedef struct
{
  YzTestFixture fx;
  GtkWindow *window;
  YzStatisticsPage *page;
  GTimeZone *tz;
  guint32 today;
} Fixture;

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  YzHistoryCounts counts = { 0 };

  yz_test_fixture_set_up (
      &f->fx, &(YzTestFixtureOptions){ .name = "statistics", .stations = 12, .control = TRUE });

  /* Two weeks before today for the simulator's stations (they are in the store now). */
  f->tz = g_time_zone_new_local ();
  f->today = yz_stats_day_of (f->tz, g_get_real_time () / 1000);
  for (int d = -14; d < 0; d++)
    g_assert_true (yz_history_generate_day (f->fx.store, f->tz, yz_stats_day_add (f->today, d), 3,
                                            G_MAXINT64, &counts, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (counts.entries, >, 500);

  f->page = YZ_STATISTICS_PAGE (yz_statistics_page_new ());
  f->window = yz_test_window_new (GTK_WIDGET (f->page), 1280, 800);
  yz_statistics_page_set_session (f->page, f->fx.session);
  yz_test_window_show (f->window);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  gtk_window_destroy (f->window);
  yz_test_fixture_tear_down (&f->fx);
  g_time_zone_unref (f->tz);
}

static gint64
csv_sum (const char *path, guint column)
{
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  gint64 sum = 0;

  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  lines = g_strsplit (text, "\r\n", -1);
  g_assert_nonnull (lines[0]);
  for (guint i = 1; lines[i] && lines[i][0]; i++)
    {
      g_auto(GStrv) fields = g_strsplit (lines[i], ",", -1);

      g_assert_cmpuint (g_strv_length (fields), >, column);
      sum += g_ascii_strtoll (fields[column], NULL, 10);
    }
  return sum;
}

static gboolean
has_ink (GdkTexture *texture, int x0, int y0, int w, int h)
{
  int width = gdk_texture_get_width (texture), height = gdk_texture_get_height (texture);
  g_autofree guchar *pixels = g_malloc ((gsize)width * height * 4);
  guint32 first;

  gdk_texture_download (texture, pixels, width * 4);
  first = ((guint32 *)pixels)[y0 * width + x0];
  for (int y = y0; y < MIN (height, y0 + h); y++)
    for (int x = x0; x < MIN (width, x0 + w); x++)
      if (((guint32 *)pixels)[y * width + x] != first)
        return TRUE;
  return FALSE;
}

/* Every chart of the page as it is on screen: a label for every name, inside the chart,
 * none over another. */
static void
check_chart_labels (YzStatisticsPage *page)
{
  static const char *names[] = {
    "trend",      "occupations", "busiest",   "quietest",     "heat",  "alarm-types",
    "priorities", "response",    "operators", "door-reasons", "stock",
  };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      YzChart *chart = yz_statistics_page_get_chart (page, names[i]);
      double width = gtk_widget_get_width (GTK_WIDGET (chart));
      double height = gtk_widget_get_height (GTK_WIDGET (chart));
      g_autoptr(GArray) labels = yz_chart_layout_labels (chart, width, height);
      g_autoptr(GPtrArray) table = yz_chart_get_table (chart);
      guint expected = 0;

      if (yz_chart_is_empty (chart))
        continue;
      /* A name per row of the table; a heat map's columns as well. */
      expected = table->len - 1;
      if (yz_chart_get_kind (chart) == YZ_CHART_HEATMAP)
        expected += g_strv_length (g_ptr_array_index (table, 0)) - 1;
      g_assert_cmpuint (labels->len, ==, expected);
      for (guint k = 0; k < labels->len; k++)
        {
          YzChartLabel *label = &g_array_index (labels, YzChartLabel, k);
          graphene_rect_t bounds;

          graphene_quad_bounds (&label->quad, &bounds);
          if (bounds.origin.x < -0.5 || bounds.origin.y < -0.5 ||
              bounds.origin.x + bounds.size.width > width + 0.5 ||
              bounds.origin.y + bounds.size.height > height + 0.5)
            g_error ("%s at %.0f×%.0f: “%s” is cut off", names[i], width, height, label->text);
          for (guint j = 0; j < k; j++)
            if (yz_test_quads_overlap (&label->quad, &g_array_index (labels, YzChartLabel, j).quad))
              g_error ("%s at %.0f×%.0f: “%s” and “%s” overlap", names[i], width, height,
                       label->text, g_array_index (labels, YzChartLabel, j).text);
        }
    }
}

static void
test_statistics_page (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *pdf = g_build_filename (f->fx.dir, "report.pdf", NULL);
  g_autofree char *csv_dir = g_build_filename (f->fx.dir, "tables", NULL);
  g_autoptr(GFile) folder = g_file_new_for_path (csv_dir);
  g_autofree char *visits_csv = g_build_filename (csv_dir, "visits-by-day.csv", NULL);
  g_autofree char *stations_csv = g_build_filename (csv_dir, "visits-by-station.csv", NULL);
  g_autofree char *types_csv = g_build_filename (csv_dir, "alarms-by-type.csv", NULL);
  g_autofree char *screenshot = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  const YzStatsVisits *visits;
  const YzStatsAlarms *alarms;
  YzStatsFilter filter = { yz_stats_day_add (f->today, -14), yz_stats_day_add (f->today, -1), NULL,
                           NULL };
  YzStatsVisits expected;
  YzChart *trend, *busiest;
  const char *busiest_name;
  gint64 all_granted;
  char *description;
  int x, y;

  /* The two weeks: the page's figures are the store's. */
  yz_statistics_page_set_range (f->page, filter.from_day, filter.to_day);
  g_assert_true (
      yz_stats_visits (yz_session_get_store (f->fx.session), f->tz, &filter, &expected, &error));
  visits = yz_statistics_page_get_visits (f->page);
  alarms = yz_statistics_page_get_alarms (f->page);
  g_assert_cmpint (visits->granted, >, 0);
  g_assert_cmpint (visits->granted, ==, expected.granted);
  g_assert_cmpint (visits->workers, ==, expected.workers);
  g_assert_cmpint (alarms->raised, >, 0);
  g_assert_cmpuint (visits->trend->len, ==, 14);
  all_granted = visits->granted;
  yz_stats_visits_clear (&expected);

  /* The charts are drawn: the trend has bars, and hovering the busiest station's bar names it. */
  trend = yz_statistics_page_get_chart (f->page, "trend");
  busiest = yz_statistics_page_get_chart (f->page, "busiest");
  g_assert_false (yz_chart_is_empty (trend));
  g_assert_false (yz_chart_is_empty (busiest));
  g_assert_true (yz_test_wait_for_draw (GTK_WIDGET (f->window), 5000));
  texture = yz_test_render (GTK_WIDGET (trend));
  g_assert_true (has_ink (texture, gdk_texture_get_width (texture) / 4,
                          gdk_texture_get_height (texture) / 3, gdk_texture_get_width (texture) / 2,
                          gdk_texture_get_height (texture) / 3));
  busiest_name = g_array_index (visits->stations, YzStatsRow, 0).label;
  description = NULL;
  for (y = 2; y < gtk_widget_get_height (GTK_WIDGET (busiest)) && description == NULL; y += 2)
    for (x = gtk_widget_get_width (GTK_WIDGET (busiest)) / 2;
         x < gtk_widget_get_width (GTK_WIDGET (busiest)) && description == NULL; x += 8)
      description = yz_chart_describe_at (busiest, x, y);
  g_assert_nonnull (description);
  g_assert_nonnull (strstr (description, busiest_name));
  g_free (description);
  screenshot = yz_test_screenshot (GTK_WIDGET (f->window), "statistics");
  g_test_message ("screenshot: %s", screenshot);
  check_chart_labels (f->page);
  /* Scrolled to the charts below, and on a larger screen. */
  {
    GtkScrolledWindow *scroller = GTK_SCROLLED_WINDOW (
        gtk_widget_get_ancestor (GTK_WIDGET (busiest), GTK_TYPE_SCROLLED_WINDOW));
    GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (scroller);

    gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment));
    g_assert_true (yz_test_wait_for_draw (GTK_WIDGET (f->window), 5000));
    g_free (yz_test_screenshot (GTK_WIDGET (f->window), "statistics-lower"));
    gtk_adjustment_set_value (adjustment, 0);
    gtk_window_set_default_size (f->window, 1920, 1080);
    g_assert_true (yz_test_wait_for_draw (GTK_WIDGET (f->window), 5000));
    g_free (yz_test_screenshot (GTK_WIDGET (f->window), "statistics-1920"));
    check_chart_labels (f->page);
    gtk_window_set_default_size (f->window, 1280, 800);
    g_assert_true (yz_test_wait_for_draw (GTK_WIDGET (f->window), 5000));
  }

  /* CSV: one file per table, the days add up to the visits, every station is listed. */
  g_assert_cmpint (g_mkdir_with_parents (csv_dir, 0700), ==, 0);
  g_assert_true (yz_statistics_page_export_csv (f->page, folder, &error));
  g_assert_no_error (error);
  g_assert_cmpint (csv_sum (visits_csv, 1), ==, visits->granted);
  g_assert_cmpint (csv_sum (stations_csv, 2), ==, visits->granted);
  g_assert_cmpint (csv_sum (types_csv, 1), ==, alarms->raised);

  /* The PDF report reads back: its title and the busiest station's name. */
  g_assert_true (yz_statistics_page_export_pdf (f->page, pdf, &error));
  g_assert_no_error (error);
  {
    g_autofree char *bytes = NULL;
    g_autofree char *name = g_strdup_printf ("statistics-report-%s.pdf", yz_test_language ());
    g_autofree char *keep =
        g_build_filename (g_getenv ("G_TEST_BUILDDIR") ? g_getenv ("G_TEST_BUILDDIR") : ".",
                          "screenshots", name, NULL);
    gsize length = 0;

    /* Beside the screenshots, to look at. */
    if (g_file_get_contents (pdf, &bytes, &length, NULL))
      g_file_set_contents (keep, bytes, length, NULL);
  }
  if (g_find_program_in_path ("pdftotext") == NULL)
    g_test_message ("pdftotext not installed: the report's text is not checked");
  else
    {
      g_autofree char *command = g_strdup_printf ("pdftotext -layout %s -", pdf);
      g_autofree char *text = NULL;
      g_autofree char *info = NULL;
      g_autofree char *info_command = g_strdup_printf ("pdfinfo %s", pdf);
      int status = 0;

      g_autofree char *normal = NULL;

      g_assert_true (g_spawn_command_line_sync (command, &text, NULL, &status, NULL));
      g_assert_cmpint (status, ==, 0);
      /* pdftotext gives some CJK glyphs as their Kangxi radicals (⼯ for 工): NFKC folds them. */
      normal = g_utf8_normalize (text, -1, G_NORMALIZE_NFKC);
      g_assert_nonnull (
          strstr (normal, yz_test_is_chinese () ? "驿站网络统计" : "Station Network Statistics"));
      g_assert_nonnull (strstr (normal, busiest_name));
      /* The figures' tables name every station whole, however the charts shortened them. */
      {
        const char *ranked[] = { "busiest", "quietest" };

        for (guint c = 0; c < G_N_ELEMENTS (ranked); c++)
          {
            g_autoptr(GPtrArray) table =
                yz_chart_get_table (yz_statistics_page_get_chart (f->page, ranked[c]));

            for (guint r = 1; r < table->len; r++)
              {
                const char *name = ((GStrv)g_ptr_array_index (table, r))[0];

                if (strstr (normal, name) == NULL)
                  g_error ("the report does not name “%s” whole", name);
              }
          }
      }
      g_assert_true (g_spawn_command_line_sync (info_command, &info, NULL, &status, NULL));
      g_assert_cmpint (status, ==, 0);
      g_assert_nonnull (strstr (info, "Pages:"));
    }

  /* A district: fewer visits, every listed station of that district. */
  {
    g_autoptr(YzStation) first =
        g_list_model_get_item (yz_session_get_stations (f->fx.session), 0);
    const char *district = yz_station_get_district (first);

    yz_statistics_page_set_district (f->page, district);
    visits = yz_statistics_page_get_visits (f->page);
    g_assert_cmpint (visits->granted, >, 0);
    g_assert_cmpint (visits->granted, <=, all_granted);
    for (guint i = 0; i < visits->stations->len; i++)
      {
        GListModel *stations = yz_session_get_stations (f->fx.session);

        for (guint k = 0; k < g_list_model_get_n_items (stations); k++)
          {
            g_autoptr(YzStation) s = g_list_model_get_item (stations, k);

            if (g_str_equal (yz_station_get_id (s),
                             g_array_index (visits->stations, YzStatsRow, i).key))
              g_assert_cmpstr (yz_station_get_district (s), ==, district);
          }
      }
  }
}

typedef struct
{
  YzWallWindow *wall;
  guint n;
} WaitOpen;

static gboolean
open_alarms_at_least (gpointer data)
{
  WaitOpen *w = data;

  return g_list_model_get_n_items (yz_wall_window_get_open_alarms (w->wall)) >= w->n;
}

static void
test_statistics_wall (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) reply = NULL;
  g_autofree char *screenshot = NULL;
  YzStatsFilter filter = { f->today, f->today, NULL, NULL };
  YzStatsVisits today;
  GtkWidget *wall;
  WaitOpen wait;
  guint status = 0;
  guint before;
  char expected[32];

  wall = yz_wall_window_new (f->fx.session);
  gtk_window_set_default_size (GTK_WINDOW (wall), 1600, 900);
  gtk_window_present (GTK_WINDOW (wall));
  g_assert_true (yz_test_wait_for_draw (wall, 5000));

  /* Today's visits, as the statistics count them. */
  g_assert_true (
      yz_stats_visits (yz_session_get_store (f->fx.session), f->tz, &filter, &today, &error));
  g_snprintf (expected, sizeof expected, "%" G_GINT64_FORMAT, today.granted);
  g_assert_cmpstr (yz_wall_window_get_value (YZ_WALL_WINDOW (wall), 0), ==, expected);
  yz_stats_visits_clear (&today);

  /* An alarm raised at a station shows on the wall by itself. */
  wait.wall = YZ_WALL_WINDOW (wall);
  before = g_list_model_get_n_items (yz_wall_window_get_open_alarms (wait.wall));
  wait.n = before + 1;
  reply = yz_test_sim_request (f->fx.sim, "POST", "/api/v1/_control/alarm", f->fx.token,
                               "{\"station_id\": \"hz-0002\", \"type\": \"fall\"}", &status);
  g_assert_cmpuint (status / 100, ==, 2);
  g_assert_true (yz_test_wait (open_alarms_at_least, &wait, 10000));
  g_snprintf (expected, sizeof expected, "%u", wait.n);
  g_assert_cmpstr (yz_wall_window_get_value (YZ_WALL_WINDOW (wall), 3), ==, expected);
  g_assert_true (yz_test_wait_for_draw (wall, 5000));
  screenshot = yz_test_screenshot (wall, "wall-display");
  g_test_message ("screenshot: %s", screenshot);
  gtk_window_destroy (GTK_WINDOW (wall));
}

/* The empty state tells the truth: no gateway, not connected, or connected with nothing
 * counted yet; the toolbar stays. */
static void
test_statistics_empty (void)
{
  GtkWindow *window;
  YzStatisticsPage *page = YZ_STATISTICS_PAGE (yz_statistics_page_new ());
  GtkWidget *status;

  g_assert_cmpint (yz_statistics_page_what_to_show (FALSE, YZ_CONNECTION_DISCONNECTED, FALSE), ==,
                   YZ_STATISTICS_SHOW_NO_GATEWAY);
  g_assert_cmpint (yz_statistics_page_what_to_show (TRUE, YZ_CONNECTION_DISCONNECTED, FALSE), ==,
                   YZ_STATISTICS_SHOW_NOT_CONNECTED);
  g_assert_cmpint (yz_statistics_page_what_to_show (TRUE, YZ_CONNECTION_CONNECTING, FALSE), ==,
                   YZ_STATISTICS_SHOW_NOT_CONNECTED);
  g_assert_cmpint (yz_statistics_page_what_to_show (TRUE, YZ_CONNECTION_CONNECTED, FALSE), ==,
                   YZ_STATISTICS_SHOW_NOTHING_YET);
  g_assert_cmpint (yz_statistics_page_what_to_show (TRUE, YZ_CONNECTION_DISCONNECTED, TRUE), ==,
                   YZ_STATISTICS_SHOW_CHARTS);

  window = yz_test_window_new (GTK_WIDGET (page), 1280, 800);
  yz_test_window_show (window);
  status = yz_test_find_by_type (GTK_WIDGET (page), ADW_TYPE_STATUS_PAGE);
  g_assert_nonnull (status);
  g_assert_true (gtk_widget_is_drawable (status));
  g_assert_cmpstr (adw_status_page_get_title (ADW_STATUS_PAGE (status)), ==,
                   _("No Gateway Is Set Up"));
  g_free (yz_test_screenshot (GTK_WIDGET (window), "statistics-no-gateway"));
  gtk_window_destroy (window);
}

int
main (int argc, char *argv[])
{
  yz_test_gtk_init (&argc, &argv);

  g_test_add ("/yizhan/statistics/page", Fixture, NULL, fixture_set_up, test_statistics_page,
              fixture_tear_down);
  g_test_add_func ("/yizhan/statistics/empty", test_statistics_empty);
  g_test_add ("/yizhan/statistics/wall", Fixture, NULL, fixture_set_up, test_statistics_wall,
              fixture_tear_down);

  return g_test_run ();
}
