/* test-supplies.c — the supplies page against yizhan-sim: every station listed, the soonest
 * to run out first; the district filter; an item forecast to run out tomorrow is on the
 * restock list, in its CSV and in its printed PDF; a delivery recorded through the restock
 * dialog raises the level and is audited; only a supervisor may change a threshold.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <adwaita.h>
#include <sqlite3.h>

#include "yz-gateway-backend.h"
#include "yz-items-private.h"
#include "yz-session.h"
#include "yz-stats.h"
#include "yz-store-private.h"
#include "yz-supplies.h"
#include "yz-supplies-page.h"
#include "yz-test-fixture.h"
#include "yz-test-gtk.h"
#include "yz-test-util.h"

typedef struct
{
  YzTestFixture fx;
  GtkWindow *window;
  YzSuppliesPage *page;
} Fixture;

static gboolean
loaded (gpointer data)
{
  Fixture *f = data;

  return yz_session_get_connection_state (f->fx.session) == YZ_CONNECTION_CONNECTED &&
         g_list_model_get_n_items (yz_session_get_stations (f->fx.session)) == 6 &&
         g_list_model_get_n_items (yz_session_get_stock (f->fx.session)) > 0;
}

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  GtkWidget *overlay;

  yz_test_fixture_set_up (
      &f->fx,
      &(YzTestFixtureOptions){
          .name = "supplies", .stations = 6, .control = TRUE, .ready = loaded, .ready_data = f });

  /* As in the window: the page under a toast overlay. */
  overlay = adw_toast_overlay_new ();
  f->page = YZ_SUPPLIES_PAGE (yz_supplies_page_new ());
  adw_toast_overlay_set_child (ADW_TOAST_OVERLAY (overlay), GTK_WIDGET (f->page));
  f->window = yz_test_window_new (overlay, 1480, 760);
  yz_supplies_page_set_session (f->page, f->fx.session);
  yz_test_window_show (f->window);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  gtk_window_destroy (f->window);
  yz_test_fixture_tear_down (&f->fx);
}

static YzStock *
find_stock (Fixture *f, const char *station_id, const char *item)
{
  g_autofree char *id = g_strdup_printf ("%s-%s", station_id, item);

  return yz_session_lookup_stock (f->fx.session, id);
}

/* Today's consumption of @stock, @per_day of it: the forecast then reads ~@per_day a day. */
static void
record_use (Fixture *f, YzStock *stock, gint64 per_day)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_local ();
  YzStation *station = yz_session_lookup_station (f->fx.session, yz_stock_get_station_id (stock));

  yz_stats_record_stock (yz_session_get_store (f->fx.session), tz, yz_stock_get_id (stock),
                         yz_stock_get_item (stock), yz_station_get_district (station), 100000,
                         100000 - per_day, g_get_real_time () / 1000);
}

/* The first station whose water is neither low nor near full, so a day's use shows. */
static YzStock *
pick_water (Fixture *f)
{
  GListModel *stations = yz_session_get_stations (f->fx.session);

  for (guint i = 0; i < g_list_model_get_n_items (stations); i++)
    {
      g_autoptr(YzStation) station = g_list_model_get_item (stations, i);
      YzStock *water = find_stock (f, yz_station_get_id (station), "water");

      if (water != NULL && !yz_stock_get_low (water) &&
          yz_stock_get_level (water) + 3 <= yz_stock_get_capacity (water))
        return water;
    }
  g_assert_not_reached ();
  return NULL;
}

static gboolean
is_shown_label (GtkWidget *widget, gconstpointer text)
{
  return GTK_IS_LABEL (widget) && gtk_widget_get_mapped (widget) &&
         g_strcmp0 (gtk_label_get_text (GTK_LABEL (widget)), text) == 0;
}

static gboolean
has_label (GtkWidget *widget, const char *text)
{
  return yz_test_find_widget (widget, is_shown_label, text) != NULL;
}

typedef struct
{
  const char *text;
  const char *state;
  const char *icon;
} Marked;

static gboolean
is_marked_label (GtkWidget *widget, gconstpointer data)
{
  const Marked *want = data;
  GtkWidget *line, *image;

  if (!is_shown_label (widget, want->text))
    return FALSE;
  line = gtk_widget_get_parent (widget);
  image = gtk_widget_get_prev_sibling (widget);
  return gtk_widget_has_css_class (line, want->state) &&
         gtk_widget_has_css_class (widget, "heading") && GTK_IS_IMAGE (image) &&
         gtk_widget_get_visible (image) &&
         g_strcmp0 (gtk_image_get_icon_name (GTK_IMAGE (image)), want->icon) == 0 &&
         gtk_widget_get_tooltip_text (gtk_widget_get_parent (line)) != NULL;
}

/* Whether a cell shows @text with @state's colour, bold, and @icon beside it: never
 * colour alone. */
static gboolean
has_marked_label (GtkWidget *widget, const char *text, const char *state, const char *icon)
{
  return yz_test_find_widget (widget, is_marked_label, &(Marked){ text, state, icon }) != NULL;
}

/* Every station of the city, the soonest to run out first (then the emptiest); the one
 * whose water goes in half a day says so in its row, and is among those needing supplies. */
static void
test_supplies_table (Fixture *f, gconstpointer data)
{
  GListModel *model = yz_supplies_page_get_model (f->page);
  GListModel *stations = yz_session_get_stations (f->fx.session);
  YzStock *water = pick_water (f);
  g_autofree char *half_day = yz_supplies_format_days_left (0.5);
  YzSupplySummary first, last, ours;
  gboolean found = FALSE;
  guint n;

  g_assert_nonnull (model);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, g_list_model_get_n_items (stations));
  for (guint i = 0; i < g_list_model_get_n_items (stations); i++)
    {
      g_autoptr(YzStation) station = g_list_model_get_item (stations, i);
      gboolean listed = FALSE;

      for (guint k = 0; k < g_list_model_get_n_items (model); k++)
        {
          g_autoptr(YzStation) row = g_list_model_get_item (model, k);

          listed |= row == station;
        }
      g_assert_true (listed);
    }

  /* Water used at twice its level a day: empty in half a day. */
  record_use (f, water, 2 * yz_stock_get_level (water));
  yz_supplies_page_refresh_forecast (f->page);
  {
    YzStation *station = yz_session_lookup_station (f->fx.session, yz_stock_get_station_id (water));

    yz_supplies_page_get_summary (f->page, station, &ours);
    g_assert_cmpfloat (ours.days_left, <, 1);
    g_assert_true (ours.needs);
  }

  n = g_list_model_get_n_items (model);
  for (guint i = 0; i + 1 < n; i++)
    {
      g_autoptr(YzStation) a = g_list_model_get_item (model, i);
      g_autoptr(YzStation) b = g_list_model_get_item (model, i + 1);
      YzSupplySummary x, y;

      yz_supplies_page_get_summary (f->page, a, &x);
      yz_supplies_page_get_summary (f->page, b, &y);
      g_assert_cmpfloat (x.days_left, <=, y.days_left);
      if (x.days_left == y.days_left)
        g_assert_cmpfloat (x.fill, <=, y.fill);
    }
  {
    g_autoptr(YzStation) a = g_list_model_get_item (model, 0);
    g_autoptr(YzStation) b = g_list_model_get_item (model, n - 1);

    yz_supplies_page_get_summary (f->page, a, &first);
    yz_supplies_page_get_summary (f->page, b, &last);
    g_assert_cmpfloat (first.days_left, <=, ours.days_left);
    g_assert_cmpfloat (first.days_left, <, last.days_left);
  }

  /* The row says it, in words; the water cell has a clock. */
  g_assert_true (yz_test_wait_for_draw (GTK_WIDGET (f->window), 5000));
  g_assert_true (has_label (GTK_WIDGET (yz_supplies_page_get_view (f->page)), half_day));
  {
    g_autofree char *level = g_strdup_printf ("%d/%d", (int)yz_stock_get_level (water),
                                              (int)yz_stock_get_capacity (water));

    g_assert_true (has_marked_label (GTK_WIDGET (yz_supplies_page_get_view (f->page)), level,
                                     "error", "alarm-symbolic"));
  }

  /* Another station's water empty, a third's low, as the gateway would say: marked by an
   * icon and bold text as well as colour. (Set on the items directly; the simulator has no
   * control for levels.) */
  {
    guint changed = 0;
    GtkWidget *view = GTK_WIDGET (yz_supplies_page_get_view (f->page));
    YzStock *empty = NULL, *low = NULL;

    for (guint i = 0; i < g_list_model_get_n_items (stations) && changed < 2; i++)
      {
        g_autoptr(YzStation) station = g_list_model_get_item (stations, i);
        YzStock *other = find_stock (f, yz_station_get_id (station), "water");

        if (other == NULL || other == water)
          continue;
        if (changed++ == 0)
          yz_stock_set_level (empty = other, 0);
        else
          yz_stock_set_level (low = other, yz_stock_get_low_threshold (other));
      }
    g_assert_nonnull (low);
    yz_supplies_page_refresh_forecast (f->page);
    g_assert_true (yz_test_wait_for_draw (GTK_WIDGET (f->window), 5000));
    g_assert_true (has_marked_label (view, "0/48", "error", "dialog-error-symbolic"));
    {
      g_autofree char *level = g_strdup_printf ("%d/48", (int)yz_stock_get_low_threshold (low));

      g_assert_true (has_marked_label (view, level, "warning", "dialog-warning-symbolic"));
    }
    {
      g_autoptr(YzStation) top = g_list_model_get_item (model, 0);

      g_assert_cmpstr (yz_station_get_id (top), ==, yz_stock_get_station_id (empty));
    }
  }

  yz_supplies_page_select (f->page, yz_stock_get_station_id (water));
  g_assert_true (yz_test_wait_for_draw (GTK_WIDGET (f->window), 5000));
  g_free (yz_test_screenshot (GTK_WIDGET (f->window), "supplies"));

  /* Only the stations needing supplies: ours among them, and none that does not. */
  yz_supplies_page_set_filter (f->page, NULL, NULL, TRUE);
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(YzStation) station = g_list_model_get_item (model, i);
      YzSupplySummary summary;

      yz_supplies_page_get_summary (f->page, station, &summary);
      g_assert_true (summary.needs);
      found |= g_str_equal (yz_station_get_id (station), yz_stock_get_station_id (water));
    }
  g_assert_true (found);
  yz_supplies_page_set_filter (f->page, NULL, NULL, FALSE);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, g_list_model_get_n_items (stations));

  /* Without stock, the placeholder and not the table. */
  {
    GtkWidget *page = yz_supplies_page_new ();
    GtkWindow *window = yz_test_window_new (page, -1, -1);

    yz_test_window_show (window);
    g_assert_false (
        gtk_widget_get_mapped (GTK_WIDGET (yz_supplies_page_get_view (YZ_SUPPLIES_PAGE (page)))));
    g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (yz_supplies_page_get_view (f->page))));
    gtk_window_destroy (GTK_WINDOW (window));
  }
}

/* A district narrows the table to its stations; the name search to the station. */
static void
test_supplies_district_filter (Fixture *f, gconstpointer data)
{
  GListModel *model = yz_supplies_page_get_model (f->page);
  GListModel *stations = yz_session_get_stations (f->fx.session);
  g_autoptr(YzStation) last =
      g_list_model_get_item (stations, g_list_model_get_n_items (stations) - 1);
  const char *district = yz_station_get_district (last);
  guint in_district = 0;

  for (guint i = 0; i < g_list_model_get_n_items (stations); i++)
    {
      g_autoptr(YzStation) station = g_list_model_get_item (stations, i);

      in_district += g_strcmp0 (yz_station_get_district (station), district) == 0;
    }

  yz_supplies_page_set_filter (f->page, district, NULL, FALSE);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, in_district);
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(YzStation) station = g_list_model_get_item (model, i);

      g_assert_cmpstr (yz_station_get_district (station), ==, district);
    }

  yz_supplies_page_set_filter (f->page, NULL, yz_station_get_name (last), FALSE);
  g_assert_cmpuint (g_list_model_get_n_items (model), >=, 1);
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(YzStation) station = g_list_model_get_item (model, i);

      g_assert_nonnull (strstr (yz_station_get_name (station), yz_station_get_name (last)));
    }

  yz_supplies_page_set_filter (f->page, NULL, NULL, FALSE);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, g_list_model_get_n_items (stations));
}

static guint
column_of (GPtrArray *header, const char *name)
{
  for (guint i = 0; i < header->len; i++)
    if (g_str_equal (g_ptr_array_index (header, i), name))
      return i;
  g_assert_not_reached ();
  return 0;
}

static guint
count_occurrences (const char *text, const char *needle)
{
  guint n = 0;

  for (const char *at = strstr (text, needle); at != NULL;
       at = strstr (at + strlen (needle), needle))
    n++;
  return n;
}

static gboolean
is_row_titled (GtkWidget *widget, gconstpointer title)
{
  return ADW_IS_PREFERENCES_ROW (widget) &&
         g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), title) == 0;
}

/* Water forecast to run out before tomorrow is over: on tomorrow's list (horizon 1 day)
 * with what to bring, in the list's window, in its CSV and in its PDF. */
static void
test_supplies_plan (Fixture *f, gconstpointer data)
{
  YzStock *water = pick_water (f);
  YzStation *station = yz_session_lookup_station (f->fx.session, yz_stock_get_station_id (water));
  g_autofree char *csv_path = g_build_filename (f->fx.dir, "restock.csv", NULL);
  g_autoptr(GPtrArray) plan = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  YzSupplyLine *ours = NULL;
  GtkWindow *window;
  GPtrArray *header;
  gboolean in_csv = FALSE;

  record_use (f, water, 2 * yz_stock_get_level (water));
  yz_supplies_page_refresh_forecast (f->page);
  yz_supplies_page_set_plan_horizon (f->page, 1);

  plan = yz_supplies_page_get_plan (f->page);
  for (guint i = 0; i < plan->len; i++)
    {
      YzSupplyLine *line = g_ptr_array_index (plan, i);

      if (line->stock == water)
        ours = line;
      /* By district, in order. */
      if (i > 0)
        {
          YzSupplyLine *before = g_ptr_array_index (plan, i - 1);

          g_assert_cmpint (g_strcmp0 (before->district, line->district), <=, 0);
        }
    }
  g_assert_nonnull (ours);
  g_assert_cmpfloat (ours->days_left, <, 1);
  g_assert_cmpint (
      ours->bring, ==,
      yz_supplies_bring (yz_stock_get_level (water), yz_stock_get_capacity (water), ours->rate));
  g_assert_cmpint (ours->bring, >, 0);

  /* The list's window names the station. */
  window = yz_supplies_page_show_plan (f->page);
  g_assert_true (yz_test_wait_for_draw (GTK_WIDGET (window), 5000));
  g_assert_nonnull (
      yz_test_find_widget (GTK_WIDGET (window), is_row_titled, yz_station_get_name (station)));
  g_free (yz_test_screenshot (GTK_WIDGET (window), "supplies-plan"));

  /* CSV: the line is there, with what to bring. */
  g_assert_true (yz_supplies_page_export_plan_csv (f->page, csv_path, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (csv_path, &contents, NULL, NULL));
  rows = yz_test_parse_csv (contents);
  g_assert_cmpuint (rows->len, ==, 1 + plan->len);
  header = g_ptr_array_index (rows, 0);
  for (guint i = 1; i < rows->len; i++)
    {
      GPtrArray *row = g_ptr_array_index (rows, i);
      g_autofree char *bring = g_strdup_printf ("%" G_GINT64_FORMAT, ours->bring);

      g_assert_cmpuint (row->len, ==, header->len);
      if (g_str_equal (g_ptr_array_index (row, column_of (header, "station_id")),
                       yz_station_get_id (station)) &&
          g_str_equal (g_ptr_array_index (row, column_of (header, "item")), "water"))
        {
          g_assert_cmpstr (g_ptr_array_index (row, column_of (header, "station")), ==,
                           yz_station_get_name (station));
          g_assert_cmpstr (g_ptr_array_index (row, column_of (header, "bring")), ==, bring);
          g_assert_cmpfloat (
              g_ascii_strtod (g_ptr_array_index (row, column_of (header, "days_left")), NULL), <,
              1);
          in_csv = TRUE;
        }
    }
  g_assert_true (in_csv);

  /* The district filter is the list's too. */
  yz_supplies_page_set_filter (f->page, yz_station_get_district (station), NULL, FALSE);
  {
    g_autoptr(GPtrArray) narrowed = yz_supplies_page_get_plan (f->page);

    g_assert_cmpuint (narrowed->len, >=, 1);
    for (guint i = 0; i < narrowed->len; i++)
      g_assert_cmpstr (((YzSupplyLine *)g_ptr_array_index (narrowed, i))->district, ==,
                       yz_station_get_district (station));
  }
  yz_supplies_page_set_filter (f->page, NULL, NULL, FALSE);
  gtk_window_destroy (window);
}

/* Printed: a PDF whose text holds every line of the list, over as many pages as it takes. */
static void
test_supplies_pdf (Fixture *f, gconstpointer data)
{
  GListModel *stock = yz_session_get_stock (f->fx.session);
  g_autofree char *pdf = g_build_filename (f->fx.dir, "restock.pdf", NULL);
  g_autofree char *pdfinfo_path = g_find_program_in_path ("pdfinfo");
  g_autofree char *pdftotext_path = g_find_program_in_path ("pdftotext");
  g_autoptr(GPtrArray) plan = NULL;
  g_autoptr(GHashTable) lines_per_station = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GError) error = NULL;
  GHashTableIter iter;
  gpointer name, count;

  /* Everything used up within four days: a list longer than a page. */
  for (guint i = 0; i < g_list_model_get_n_items (stock); i++)
    {
      g_autoptr(YzStock) item = g_list_model_get_item (stock, i);

      if (yz_stock_get_level (item) > 0 && g_strcmp0 (yz_stock_get_item (item), "aed") != 0)
        record_use (f, item, MAX (1, yz_stock_get_level (item) / 3));
    }
  yz_supplies_page_refresh_forecast (f->page);
  yz_supplies_page_set_plan_horizon (f->page, 7);
  plan = yz_supplies_page_get_plan (f->page);
  g_assert_cmpuint (plan->len, >=, 40);
  for (guint i = 0; i < plan->len; i++)
    {
      YzSupplyLine *line = g_ptr_array_index (plan, i);

      guint n = GPOINTER_TO_UINT (g_hash_table_lookup (lines_per_station, line->station_name));

      g_hash_table_insert (lines_per_station, line->station_name, GUINT_TO_POINTER (n + 1));
    }

  g_assert_true (yz_supplies_page_export_plan_pdf (f->page, pdf, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_test (pdf, G_FILE_TEST_IS_REGULAR));

  if (pdfinfo_path == NULL || pdftotext_path == NULL)
    {
      g_test_message ("poppler-utils is not installed: the PDF is checked by existence only");
      return;
    }
  {
    g_autofree char *pdfinfo = g_strdup_printf ("pdfinfo %s", pdf);
    g_autofree char *pdftotext = g_strdup_printf ("pdftotext %s -", pdf);
    g_autofree char *info = NULL;
    g_autofree char *text = NULL;
    const char *pages;
    int status = -1;

    g_assert_true (g_spawn_command_line_sync (pdfinfo, &info, NULL, &status, &error));
    g_assert_no_error (error);
    g_assert_cmpint (status, ==, 0);
    pages = strstr (info, "Pages:");
    g_assert_nonnull (pages);
    g_assert_cmpint (atoi (pages + strlen ("Pages:")), >=, 2);
    g_assert_true (g_spawn_command_line_sync (pdftotext, &text, NULL, &status, &error));
    g_assert_cmpint (status, ==, 0);

    /* Every line printed once, none lost between pages. */
    g_hash_table_iter_init (&iter, lines_per_station);
    while (g_hash_table_iter_next (&iter, &name, &count))
      g_assert_cmpuint (count_occurrences (text, name), ==, GPOINTER_TO_UINT (count));

    {
      g_autofree char *keep = NULL;
      g_autofree char *file = g_strdup_printf ("supplies-plan-%s.pdf", yz_test_language ());
      g_autofree char *bytes = NULL;
      gsize length = 0;

      keep = g_build_filename (g_getenv ("G_TEST_BUILDDIR") ? g_getenv ("G_TEST_BUILDDIR") : ".",
                               "screenshots", file, NULL);
      if (g_file_get_contents (pdf, &bytes, &length, NULL))
        g_file_set_contents (keep, bytes, length, NULL);
    }
  }
}

static gboolean
level_above (gpointer data)
{
  gpointer *args = data;

  return yz_stock_get_level (args[0]) > GPOINTER_TO_INT (args[1]);
}

static gboolean
audited (gpointer data)
{
  YzStore *store = data;

  return yz_test_query_int (store, "SELECT COUNT (*) FROM audit_log WHERE action = 'stock-restock' "
                                   "AND phase = 'result'") > 0;
}

/* Through the dialog: the quantity suggested is what to bring; "Restock" raises the level
 * and leaves its audit rows; an operator cannot change the threshold, and is told why. */
static void
test_supplies_restock (Fixture *f, gconstpointer data)
{
  YzStore *store = yz_session_get_store (f->fx.session);
  YzStock *water = pick_water (f);
  gint64 before = yz_stock_get_level (water);
  gpointer args[2] = { water, GINT_TO_POINTER ((int)before) };
  GtkWindow *dialog;
  GtkWidget *quantity, *threshold, *note;
  g_autofree char *target = NULL;

  g_assert_cmpint (yz_session_get_role (f->fx.session), ==, YZ_ROLE_OPERATOR);
  yz_supplies_page_select (f->page, yz_stock_get_station_id (water));
  dialog = yz_supplies_page_open_restock_dialog (f->page, water);
  g_assert_true (ADW_IS_MESSAGE_DIALOG (dialog));
  quantity = yz_test_find_by_name (GTK_WIDGET (dialog), "quantity");
  threshold = yz_test_find_by_name (GTK_WIDGET (dialog), "threshold");
  note = yz_test_find_by_name (GTK_WIDGET (dialog), "note");
  g_assert_true (GTK_IS_SPIN_BUTTON (quantity));
  g_assert_true (GTK_IS_SPIN_BUTTON (threshold));
  g_assert_true (GTK_IS_EDITABLE (note));

  /* Suggested: what the restock list would bring (no use recorded: back to full). */
  g_assert_cmpint (gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (quantity)), ==,
                   CLAMP (yz_supplies_bring (before, yz_stock_get_capacity (water), 0), 1,
                          yz_stock_get_capacity (water)));
  g_assert_cmpint (gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (threshold)), ==,
                   yz_stock_get_low_threshold (water));

  /* An operator: the threshold is shown but cannot be changed or sent. */
  g_assert_false (gtk_widget_is_sensitive (threshold));
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (threshold), yz_stock_get_low_threshold (water) + 1);
  g_assert_false (
      adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), "threshold"));
  g_assert_true (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), "restock"));
  g_assert_true (yz_test_wait_for_draw (GTK_WIDGET (dialog), 5000));
  g_free (yz_test_screenshot (GTK_WIDGET (dialog), "supplies-restock"));

  gtk_spin_button_set_value (GTK_SPIN_BUTTON (quantity), 3);
  gtk_editable_set_text (GTK_EDITABLE (note), "补货车第1趟");
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "restock");
  gtk_window_destroy (dialog);

  g_assert_true (yz_test_wait (level_above, args, 10000));
  g_assert_true (yz_test_wait (audited, store, 10000));
  target = g_strdup_printf (
      "SELECT COUNT (*) FROM audit_log WHERE action = 'stock-restock' AND target = '%s'"
      " AND phase = 'request' AND params LIKE '%%\"quantity\":3%%'"
      " AND params LIKE '%%补货车第1趟%%'",
      yz_stock_get_id (water));
  g_assert_cmpint (yz_test_query_int (store, target), ==, 1);
  g_assert_cmpint (
      yz_test_query_int (store, "SELECT COUNT (*) FROM audit_log WHERE action = 'stock-threshold'"),
      ==, 0);
}

/* A restock button of the details (an action-bound "+"). */
static gboolean
is_restock_button (GtkWidget *widget, gconstpointer data)
{
  return GTK_IS_BUTTON (widget) &&
         g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (widget)), "supplies.restock") ==
             0 &&
         gtk_actionable_get_action_target_value (GTK_ACTIONABLE (widget)) != NULL &&
         g_variant_get_string (gtk_actionable_get_action_target_value (GTK_ACTIONABLE (widget)),
                               NULL)[0] != '\0';
}

/* The first restock button of the details, or NULL. */
static GtkWidget *
find_restock_button (GtkWidget *widget)
{
  return yz_test_find_widget (widget, is_restock_button, NULL);
}

/* Disconnected: restocking is off, and says why; nothing is queued. Connected again: on. */
static void
test_supplies_disconnected (Fixture *f, gconstpointer data)
{
  YzStock *water = pick_water (f);
  const char *not_connected = g_dgettext (GETTEXT_PACKAGE, "Not connected to the gateway");
  const char *title, *description;
  gboolean offer_setup;
  GtkWidget *button;
  GtkWindow *dialog;
  gint64 rows_before;

  yz_supplies_page_select (f->page, yz_stock_get_station_id (water));
  button = find_restock_button (GTK_WIDGET (f->page));
  g_assert_nonnull (button);
  g_assert_true (gtk_widget_is_sensitive (button));
  dialog = yz_supplies_page_open_restock_dialog (f->page, water);
  g_assert_true (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), "restock"));

  yz_session_stop (f->fx.session);
  button = find_restock_button (GTK_WIDGET (f->page));
  g_assert_nonnull (button);
  g_assert_false (gtk_widget_is_sensitive (button));
  g_assert_cmpstr (gtk_widget_get_tooltip_text (button), ==, not_connected);
  if (yz_test_is_chinese ())
    g_assert_cmpstr (not_connected, !=, "Not connected to the gateway");
  /* The open dialog cannot send either, and says so. */
  g_assert_false (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), "restock"));
  g_assert_false (
      adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), "threshold"));
  g_assert_true (yz_test_wait_for_draw (GTK_WIDGET (dialog), 5000));
  g_free (yz_test_screenshot (GTK_WIDGET (dialog), "supplies-restock-disconnected"));
  /* Asked anyway: refused, nothing written, nothing queued. */
  rows_before =
      yz_test_query_int (yz_session_get_store (f->fx.session), "SELECT COUNT (*) FROM audit_log");
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "restock");
  gtk_window_destroy (dialog);
  g_assert_cmpint (
      yz_test_query_int (yz_session_get_store (f->fx.session), "SELECT COUNT (*) FROM audit_log"),
      ==, rows_before);

  yz_session_start (f->fx.session, "operator", "operator", NULL);
  g_assert_true (yz_test_wait (yz_test_session_is_connected, f->fx.session, 20000));
  button = find_restock_button (GTK_WIDGET (f->page));
  g_assert_nonnull (button);
  g_assert_true (gtk_widget_is_sensitive (button));
  g_assert_cmpstr (gtk_widget_get_tooltip_text (button), !=, not_connected);

  /* A console whose gateway cannot be reached and that has nothing stored says so, and
   * does not offer to set up a gateway that is set up. */
  {
    g_autofree char *db = g_build_filename (f->fx.dir, "empty.db", NULL);
    g_autoptr(GError) error = NULL;
    g_autoptr(YzStore) store = yz_store_open (db, &error);
    g_autoptr(YzGatewayBackend) backend =
        yz_gateway_backend_new ("http://127.0.0.1:9", NULL, NULL, &error);
    g_autoptr(YzSession) lone = NULL;
    GtkWidget *page = yz_supplies_page_new ();
    GtkWindow *window = yz_test_window_new (page, 1280, 800);
    GtkWidget *status;

    g_assert_no_error (error);
    lone = yz_session_new (store, YZ_BACKEND (backend));
    yz_supplies_page_set_session (YZ_SUPPLIES_PAGE (page), lone);
    yz_test_window_show (window);
    status = yz_test_find_by_type (page, ADW_TYPE_STATUS_PAGE);
    g_assert_nonnull (status);
    g_assert_true (gtk_widget_is_drawable (status));
    g_assert_cmpstr (adw_status_page_get_title (ADW_STATUS_PAGE (status)), ==,
                     g_dgettext (GETTEXT_PACKAGE, "Not Connected"));
    g_free (yz_test_screenshot (GTK_WIDGET (window), "supplies-not-connected"));
    gtk_window_destroy (window);
  }

  /* The empty state, in its three cases. */
  yz_supplies_describe_empty (FALSE, FALSE, &title, &description, &offer_setup);
  g_assert_true (offer_setup);
  yz_supplies_describe_empty (TRUE, FALSE, &title, &description, &offer_setup);
  g_assert_false (offer_setup);
  g_assert_cmpstr (title, ==, g_dgettext (GETTEXT_PACKAGE, "Not Connected"));
  yz_supplies_describe_empty (TRUE, TRUE, &title, &description, &offer_setup);
  g_assert_false (offer_setup);
  g_assert_cmpstr (title, ==, g_dgettext (GETTEXT_PACKAGE, "No Supplies Listed"));
  g_assert_null (strstr (description, "Preferences"));
}

int
main (int argc, char *argv[])
{
  yz_test_gtk_init (&argc, &argv);

  g_test_add ("/yizhan/supplies/table", Fixture, NULL, fixture_set_up, test_supplies_table,
              fixture_tear_down);
  g_test_add ("/yizhan/supplies/district-filter", Fixture, NULL, fixture_set_up,
              test_supplies_district_filter, fixture_tear_down);
  g_test_add ("/yizhan/supplies/plan", Fixture, NULL, fixture_set_up, test_supplies_plan,
              fixture_tear_down);
  g_test_add ("/yizhan/supplies/pdf", Fixture, NULL, fixture_set_up, test_supplies_pdf,
              fixture_tear_down);
  g_test_add ("/yizhan/supplies/restock", Fixture, NULL, fixture_set_up, test_supplies_restock,
              fixture_tear_down);
  g_test_add ("/yizhan/supplies/disconnected", Fixture, NULL, fixture_set_up,
              test_supplies_disconnected, fixture_tear_down);

  return g_test_run ();
}
