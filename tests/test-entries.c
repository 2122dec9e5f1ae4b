/* test-entries.c — the entries grid against yizhan-sim: entries made through the simulator
 * appear with their snapshots; the result filter keeps strangers only.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>

#include "yz-entries-page.h"
#include "yz-entry-model.h"
#include "yz-gateway-backend.h"
#include "yz-session.h"
#include "yz-test-gtk.h"
#include "yz-test-sim.h"

typedef struct
{
  YzTestSim     *sim;
  char          *dir;
  char          *token;
  YzSession     *session;
  GtkWindow     *window;
  YzEntriesPage *page;
} Fixture;

static gboolean
connected (gpointer data)
{
  Fixture *f = data;

  return yz_session_get_connection_state (f->session) == YZ_CONNECTION_CONNECTED;
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *db = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(YzStore) store = NULL;
  g_autoptr(YzGatewayBackend) backend = NULL;

  f->sim = yz_test_sim_start ("--control", "--stations=3", "--no-cameras", NULL);
  f->token = yz_test_sim_login (f->sim, "operator");
  f->dir = g_dir_make_tmp ("yizhan-entries-XXXXXX", NULL);
  db = g_build_filename (f->dir, "yizhan.db", NULL);
  store = yz_store_open (db, &error);
  g_assert_no_error (error);
  backend = yz_gateway_backend_new (yz_test_sim_get_base_url (f->sim), NULL, NULL, &error);
  g_assert_no_error (error);
  f->session = yz_session_new (store, YZ_BACKEND (backend));
  yz_session_start (f->session, "operator", "operator", NULL);
  g_assert_true (yz_test_wait (connected, f, 20000));

  f->window = GTK_WINDOW (adw_window_new ());
  gtk_window_set_default_size (f->window, 1100, 700);
  f->page = YZ_ENTRIES_PAGE (yz_entries_page_new ());
  adw_window_set_content (ADW_WINDOW (f->window), GTK_WIDGET (f->page));
  yz_entries_page_set_session (f->page, f->session);
  gtk_window_present (f->window);
  g_assert_true (yz_test_wait_for_draw (GTK_WIDGET (f->window), 5000));
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  gtk_window_destroy (f->window);
  g_clear_object (&f->session);
  yz_test_sim_stop (f->sim);
  g_free (f->token);
  g_free (f->dir);
}

typedef struct
{
  GListModel *model;
  guint       n;
} AtLeast;

static gboolean
at_least (gpointer data)
{
  AtLeast *a = data;

  return g_list_model_get_n_items (a->model) >= a->n;
}

static guint
count_pictures (GtkWidget *widget)
{
  guint n = 0;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (GTK_IS_PICTURE (child) && gtk_widget_has_css_class (child, "entry-snapshot") &&
          gtk_picture_get_paintable (GTK_PICTURE (child)) != NULL)
        n++;
      n += count_pictures (child);
    }
  return n;
}

static gboolean
pictures_shown (gpointer data)
{
  return count_pictures (data) >= 3;
}

static void
test_entries_grid (Fixture       *f,
                   gconstpointer  data)
{
  GListModel *model;
  AtLeast wait = { NULL, 6 };

  for (int i = 0; i < 6; i++)
    {
      g_autoptr(JsonNode) reply = NULL;
      guint status = 0;

      reply = yz_test_sim_request (f->sim, "POST", "/api/v1/_control/entry", f->token,
                                   i % 2 ? "{\"station_id\": \"hz-0001\", \"result\": \"stranger\"}"
                                         : "{\"station_id\": \"hz-0002\", \"result\": \"granted\"}", &status);
      g_assert_cmpuint (status, ==, 201);
    }
  model = yz_entries_page_get_model (f->page);
  wait.model = model;
  g_assert_true (yz_test_wait (at_least, &wait, 10000));

  /* The cards show the simulator's snapshots. */
  g_assert_true (yz_test_wait (pictures_shown, yz_entries_page_get_grid (f->page), 15000));
  g_assert_true (yz_test_wait_for_draw (GTK_WIDGET (f->window), 5000));
  g_free (yz_test_screenshot (GTK_WIDGET (f->window), "entries"));

  /* Strangers only. */
  yz_entries_page_set_filter (f->page, NULL, 3, 0);
  g_assert_cmpuint (g_list_model_get_n_items (model), >=, 3);
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(YzEntry) entry = g_list_model_get_item (model, i);

      g_assert_cmpstr (yz_entry_get_result (entry), ==, "stranger");
    }
  yz_entries_page_set_filter (f->page, "no such person at all", 0, 0);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 0);

  /* By how they came in (the model's method filter, as the page's drop-down sets it). */
  yz_entries_page_set_filter (f->page, NULL, 0, 0);
  yz_entry_model_set_method (YZ_ENTRY_MODEL (model), "face");
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(YzEntry) entry = g_list_model_get_item (model, i);

      g_assert_cmpstr (yz_entry_get_method (entry), ==, "face");
    }
  yz_entry_model_set_method (YZ_ENTRY_MODEL (model), NULL);
  g_assert_cmpuint (g_list_model_get_n_items (model), >=, 6);
}

int
main (int   argc,
      char *argv[])
{
  yz_test_gtk_init (&argc, &argv);

  g_test_add ("/yizhan/entries/grid", Fixture, NULL, fixture_set_up, test_entries_grid, fixture_tear_down);

  return g_test_run ();
}
