/* test-entries.c — the entries grid against yizhan-sim: entries made through the simulator
 * appear with their snapshots; the result filter keeps strangers only; history written
 * straight into the store shows without a restart; typed filters apply as typed; a custom
 * time range; new entries held while the officer looks; "No picture"; the empty states.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "yz-entries-page.h"
#include "yz-entry-card.h"
#include "yz-entry-model.h"
#include "yz-session.h"
#include "yz-store-private.h"
#include "yz-test-fixture.h"
#include "yz-test-gtk.h"

typedef struct
{
  YzTestFixture fx;
  GtkWindow *window;
  YzEntriesPage *page;
} Fixture;

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  yz_test_tolerate_known_criticals ();
  yz_test_fixture_set_up (
      &f->fx, &(YzTestFixtureOptions){ .name = "entries", .stations = 3, .control = TRUE });

  f->page = YZ_ENTRIES_PAGE (yz_entries_page_new ());
  f->window = yz_test_window_new (GTK_WIDGET (f->page), 1100, 700);
  yz_entries_page_set_session (f->page, f->fx.session);
  yz_test_window_show (f->window);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  gtk_window_destroy (f->window);
  yz_test_fixture_tear_down (&f->fx);
}

typedef struct
{
  GListModel *model;
  guint n;
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
  g_autoptr(GPtrArray) pictures = g_ptr_array_new ();
  guint n = 0;

  yz_test_collect (widget, GTK_TYPE_PICTURE, pictures);
  for (guint i = 0; i < pictures->len; i++)
    if (gtk_widget_has_css_class (g_ptr_array_index (pictures, i), "entry-snapshot") &&
        gtk_picture_get_paintable (g_ptr_array_index (pictures, i)) != NULL)
      n++;
  return n;
}

static gboolean
pictures_shown (gpointer data)
{
  return count_pictures (data) >= 3;
}

static void
test_entries_grid (Fixture *f, gconstpointer data)
{
  GListModel *model;
  AtLeast wait = { NULL, 6 };

  for (int i = 0; i < 6; i++)
    {
      g_autoptr(JsonNode) reply = NULL;
      guint status = 0;

      reply = yz_test_sim_request (f->fx.sim, "POST", "/api/v1/_control/entry", f->fx.token,
                                   i % 2 ? "{\"station_id\": \"hz-0001\", \"result\": \"stranger\"}"
                                         : "{\"station_id\": \"hz-0002\", \"result\": \"granted\"}",
                                   &status);
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
  g_assert_null (yz_entries_page_get_empty_title (f->page));

  /* The gateway taken away (Preferences), and given back. */
  yz_entries_page_set_session (f->page, NULL);
  g_assert_cmpstr (yz_entries_page_get_empty_title (f->page), ==, _("No Gateway Is Set Up"));
  g_assert_null (yz_entries_page_get_model (f->page));
  yz_entries_page_set_session (f->page, f->fx.session);
  g_assert_null (yz_entries_page_get_empty_title (f->page));
  g_assert_cmpuint (g_list_model_get_n_items (yz_entries_page_get_model (f->page)), >=, 6);
}

/* ---- history written behind the session's back ---- */

typedef struct
{
  gboolean done;
  gboolean ok;
} Filled;

static void
filled_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  Filled *filled = user_data;
  g_autoptr(GError) error = NULL;

  filled->ok = yz_session_fill_history_finish (YZ_SESSION (object), result, &error);
  g_assert_no_error (error);
  filled->done = TRUE;
}

static gboolean
is_done (gpointer data)
{
  return ((Filled *)data)->done;
}

/* The rows in the store, counted afresh. */
static guint
stored_entries (Fixture *f)
{
  g_autoptr(YzEntryModel) fresh = yz_entry_model_new (f->fx.store);

  return g_list_model_get_n_items (G_LIST_MODEL (fresh));
}

static void
fill_history (Fixture *f)
{
  Filled filled = { FALSE, FALSE };

  /* Three days and today up to now, as `yizhan --demo` does for 30 days. */
  yz_session_fill_history_async (f->fx.session, 3, NULL, filled_cb, &filled);
  g_assert_true (yz_test_wait (is_done, &filled, 60000));
  g_assert_true (filled.ok);
}

static void
test_entries_history (Fixture *f, gconstpointer data)
{
  GListModel *model = yz_entries_page_get_model (f->page);
  guint before = g_list_model_get_n_items (model);
  guint stored;

  fill_history (f);
  stored = stored_entries (f);
  g_assert_cmpuint (stored, >, before + 100);
  /* Shown without a restart, counted in the page's label too. */
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, stored);
  {
    g_autofree char *count =
        g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u entry", "%u entries", stored), stored);

    g_assert_nonnull (yz_test_find_label (GTK_WIDGET (f->page), count));
  }
}

/* ---- typed filters ---- */

static gboolean
station_text_applied (gpointer data)
{
  Fixture *f = data;

  return g_strcmp0 (
             yz_entry_model_get_station_text (YZ_ENTRY_MODEL (yz_entries_page_get_model (f->page))),
             "hz-0002") == 0;
}

static gboolean
person_applied (gpointer data)
{
  Fixture *f = data;

  return g_strcmp0 (
             yz_entry_model_get_person (YZ_ENTRY_MODEL (yz_entries_page_get_model (f->page))),
             "no such person at all") == 0;
}

static void
test_entries_typed (Fixture *f, gconstpointer data)
{
  GListModel *model = yz_entries_page_get_model (f->page);
  AtLeast wait = { model, 4 };
  gint64 typed;

  for (int i = 0; i < 4; i++)
    {
      g_autoptr(JsonNode) reply = NULL;
      guint status = 0;

      reply = yz_test_sim_request (f->fx.sim, "POST", "/api/v1/_control/entry", f->fx.token,
                                   i % 2 ? "{\"station_id\": \"hz-0001\", \"result\": \"granted\"}"
                                         : "{\"station_id\": \"hz-0002\", \"result\": \"granted\"}",
                                   &status);
      g_assert_cmpuint (status, ==, 201);
    }
  g_assert_true (yz_test_wait (at_least, &wait, 10000));

  /* The station, by part of its id, as typed: not at each key, but soon after. */
  typed = g_get_monotonic_time ();
  yz_entries_page_type_filter (f->page, NULL, "hz-0002");
  g_assert_null (yz_entry_model_get_station_text (YZ_ENTRY_MODEL (model)));
  g_assert_true (yz_test_wait (station_text_applied, f, 3000));
  g_assert_cmpint (g_get_monotonic_time () - typed, >=, 250 * 1000);
  g_assert_cmpuint (g_list_model_get_n_items (model), >=, 2);
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(YzEntry) entry = g_list_model_get_item (model, i);

      g_assert_cmpstr (yz_entry_get_station_id (entry), ==, "hz-0002");
    }

  /* A person nobody is: nothing matches, and the page says so with the filters in reach. */
  yz_entries_page_type_filter (f->page, "no such person at all", "");
  g_assert_true (yz_test_wait (person_applied, f, 3000));
  g_assert_null (yz_entry_model_get_station_text (YZ_ENTRY_MODEL (model)));
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 0);
  g_assert_cmpstr (yz_entries_page_get_empty_title (f->page), ==, _("No Matching Entries"));
  g_assert_true (yz_test_wait_for_draw (GTK_WIDGET (f->window), 5000));
  g_free (yz_test_screenshot (GTK_WIDGET (f->window), "entries-no-match"));
}

/* ---- a custom time range ---- */

static gboolean
popover_shown (gpointer data)
{
  return gtk_widget_get_mapped (data);
}

static gboolean
popover_hidden (gpointer data)
{
  return !gtk_widget_get_visible (data);
}

static gint64
local_ms (GDateTime *day, int hour, int minute)
{
  g_autoptr(GDateTime) moment =
      g_date_time_new_local (g_date_time_get_year (day), g_date_time_get_month (day),
                             g_date_time_get_day_of_month (day), hour, minute, 0);

  return g_date_time_to_unix (moment) * 1000;
}

static void
test_entries_custom_range (Fixture *f, gconstpointer data)
{
  GListModel *model = yz_entries_page_get_model (f->page);
  GtkPopover *popover = yz_entries_page_get_range_popover (f->page);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) yesterday = g_date_time_add_days (now, -1);
  gint64 from = local_ms (yesterday, 8, 30);
  gint64 to = local_ms (yesterday, 12, 0);
  gint64 model_from, model_to;
  g_autofree char *message = NULL;

  fill_history (f);

  /* The check itself. */
  g_assert_true (yz_entries_page_check_range (from, to, NULL));
  g_assert_false (yz_entries_page_check_range (to, from, &message));
  g_assert_nonnull (message);
  g_clear_pointer (&message, g_free);
  g_assert_false (yz_entries_page_check_range (from, from, &message));
  g_assert_nonnull (message);

  /* "Custom Range…" opens the popover. */
  yz_entries_page_choose_time (f->page, 5);
  g_assert_true (yz_test_wait (popover_shown, popover, 5000));

  /* The wrong way round: a clear error, and nothing to apply. */
  yz_entries_page_edit_range (f->page, to, from);
  g_assert_nonnull (yz_entries_page_get_range_error (f->page));
  g_assert_false (gtk_widget_get_sensitive (yz_entries_page_get_range_apply (f->page)));
  g_assert_true (yz_test_wait_for_draw (GTK_WIDGET (popover), 5000));
  g_free (yz_test_screenshot (GTK_WIDGET (popover), "entries-range-error"));

  yz_entries_page_edit_range (f->page, from, to);
  g_assert_null (yz_entries_page_get_range_error (f->page));
  g_assert_true (gtk_widget_get_sensitive (yz_entries_page_get_range_apply (f->page)));
  g_assert_true (yz_test_wait_for_draw (GTK_WIDGET (popover), 5000));
  g_free (yz_test_screenshot (GTK_WIDGET (popover), "entries-range"));

  gtk_widget_activate (yz_entries_page_get_range_apply (f->page));
  g_assert_true (yz_test_wait (popover_hidden, popover, 5000));
  yz_entry_model_get_range (YZ_ENTRY_MODEL (model), &model_from, &model_to);
  g_assert_cmpint (model_from, ==, from);
  g_assert_cmpint (model_to, ==, to);
  g_assert_cmpuint (g_list_model_get_n_items (model), >, 0);
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(YzEntry) entry = g_list_model_get_item (model, i);

      g_assert_cmpint (yz_entry_get_time (entry), >=, from);
      g_assert_cmpint (yz_entry_get_time (entry), <, to);
    }
  /* The drop-down names the range in use. */
  g_assert_cmpstr (yz_entries_page_get_time_label (f->page), !=, _("Custom Range…"));
  g_assert_true (yz_test_wait_for_draw (GTK_WIDGET (f->window), 5000));
  g_free (yz_test_screenshot (GTK_WIDGET (f->window), "entries-custom-range"));

  /* Back to a preset. */
  yz_entries_page_choose_time (f->page, 0);
  yz_entry_model_get_range (YZ_ENTRY_MODEL (model), &model_from, &model_to);
  g_assert_cmpint (model_from, ==, G_MININT64);
  g_assert_cmpint (model_to, ==, G_MAXINT64);
}

/* ---- nothing moves under the pointer ---- */

/* The entry whose card is at (x, y) of the grid. */
static char *
card_at (Fixture *f, double x, double y)
{
  GtkWidget *grid = yz_entries_page_get_grid (f->page);

  for (GtkWidget *w = gtk_widget_pick (grid, x, y, GTK_PICK_DEFAULT); w != NULL && w != grid;
       w = gtk_widget_get_parent (w))
    {
      /* The card, or the grid's cell around it (its padding). */
      if (YZ_IS_ENTRY_CARD (w) && yz_entry_card_get_entry_id (YZ_ENTRY_CARD (w)) != NULL)
        return g_strdup (yz_entry_card_get_entry_id (YZ_ENTRY_CARD (w)));
      if (gtk_widget_get_parent (w) == grid && YZ_IS_ENTRY_CARD (gtk_widget_get_first_child (w)) &&
          yz_entry_card_get_entry_id (YZ_ENTRY_CARD (gtk_widget_get_first_child (w))) != NULL)
        return g_strdup (
            yz_entry_card_get_entry_id (YZ_ENTRY_CARD (gtk_widget_get_first_child (w))));
    }
  return NULL;
}

static char *
first_id (GListModel *model)
{
  g_autoptr(YzEntry) entry = g_list_model_get_item (model, 0);

  return entry ? g_strdup (yz_entry_get_id (entry)) : NULL;
}

static gboolean
holding (gpointer data)
{
  return yz_entry_model_get_hold (data);
}

static gboolean
something_held (gpointer data)
{
  return yz_entry_model_get_n_held (data) > 0;
}

static void
make_entry (Fixture *f)
{
  g_autoptr(JsonNode) reply = NULL;
  guint status = 0;

  reply = yz_test_sim_request (f->fx.sim, "POST", "/api/v1/_control/entry", f->fx.token,
                               "{\"station_id\": \"hz-0003\", \"result\": \"stranger\"}", &status);
  g_assert_cmpuint (status, ==, 201);
}

typedef struct
{
  Fixture *f;
  char *id;
} TopIs;

static gboolean
top_card_is (gpointer data)
{
  TopIs *top = data;
  g_autofree char *id = card_at (top->f, 40, 40);

  return g_strcmp0 (id, top->id) == 0;
}

static void
test_entries_hold (Fixture *f, gconstpointer data)
{
  GListModel *model = yz_entries_page_get_model (f->page);
  YzEntryModel *entries = YZ_ENTRY_MODEL (model);
  GtkAdjustment *adjustment = yz_entries_page_get_vadjustment (f->page);
  GtkWidget *button = yz_entries_page_get_held_button (f->page);
  g_autofree char *top = NULL;
  g_autofree char *under = NULL;
  g_autofree char *still = NULL;
  g_autofree char *first = NULL;
  guint n;

  fill_history (f);
  g_assert_true (yz_test_wait_for_draw (GTK_WIDGET (f->window), 5000));

  /* Scrolled down: a new entry is held, the card under the pointer stays. */
  gtk_adjustment_set_value (adjustment, 900);
  g_assert_true (yz_test_wait_for_draw (GTK_WIDGET (f->window), 5000));
  g_assert_cmpfloat (gtk_adjustment_get_value (adjustment), >, 100);
  /* The page decides once the scrolling is laid out. */
  g_assert_true (yz_test_wait (holding, entries, 5000));
  top = first_id (model);
  under = card_at (f, 40, 40);
  g_assert_nonnull (under);
  n = g_list_model_get_n_items (model);
  make_entry (f);
  g_assert_true (yz_test_wait (something_held, entries, 10000));
  g_assert_true (yz_test_wait_for_draw (GTK_WIDGET (f->window), 5000));
  still = card_at (f, 40, 40);
  g_assert_cmpstr (still, ==, under);
  g_clear_pointer (&still, g_free);
  still = first_id (model);
  g_assert_cmpstr (still, ==, top);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, n);
  g_assert_true (gtk_widget_get_visible (button));
  g_free (yz_test_screenshot (GTK_WIDGET (f->window), "entries-held"));

  /* The button lets them in, at the top, and goes there. */
  n += yz_entry_model_get_n_held (entries);
  g_signal_emit_by_name (button, "clicked");
  g_assert_cmpuint (yz_entry_model_get_n_held (entries), ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (model), >=, n);
  first = first_id (model);
  g_assert_cmpstr (first, !=, top);
  {
    TopIs wait = { f, first };

    g_assert_true (yz_test_wait (top_card_is, &wait, 5000));
  }
  g_assert_cmpfloat (gtk_adjustment_get_value (adjustment), <, 1);
  g_assert_false (gtk_widget_get_visible (button));

  /* At the top with the pointer over the cards: held too; the pointer leaving lets them in. */
  yz_entries_page_set_pointer_over (f->page, TRUE);
  g_clear_pointer (&top, g_free);
  top = first_id (model);
  make_entry (f);
  g_assert_true (yz_test_wait (something_held, entries, 10000));
  g_clear_pointer (&still, g_free);
  still = first_id (model);
  g_assert_cmpstr (still, ==, top);
  yz_entries_page_set_pointer_over (f->page, FALSE);
  g_assert_cmpuint (yz_entry_model_get_n_held (entries), ==, 0);
  g_clear_pointer (&first, g_free);
  first = first_id (model);
  g_assert_cmpstr (first, !=, top);

  /* At the top, pointer elsewhere: a new entry shows at once, first. */
  g_assert_false (yz_entry_model_get_hold (entries));
  n = g_list_model_get_n_items (model);
  make_entry (f);
  {
    AtLeast more = { model, n + 1 };

    g_assert_true (yz_test_wait (at_least, &more, 10000));
  }
  g_clear_pointer (&first, g_free);
  first = first_id (model);
  {
    TopIs wait = { f, first };

    g_assert_true (yz_test_wait (top_card_is, &wait, 5000));
  }
}

/* ---- no picture ---- */

static gboolean
is_card_of (GtkWidget *widget, gconstpointer id)
{
  return YZ_IS_ENTRY_CARD (widget) &&
         g_strcmp0 (yz_entry_card_get_entry_id (YZ_ENTRY_CARD (widget)), id) == 0;
}

/* A shown "No picture" (and no spinner) somewhere in @widget. */
static gboolean
says_no_picture (GtkWidget *widget)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (GTK_IS_STACK (child) && gtk_widget_has_css_class (child, "entry-snapshot-frame"))
        return g_strcmp0 (gtk_stack_get_visible_child_name (GTK_STACK (child)), "none") == 0;
      if (says_no_picture (child))
        return TRUE;
    }
  return FALSE;
}

typedef struct
{
  Fixture *f;
  const char *id;
} NoPicture;

static gboolean
card_says_no_picture (gpointer data)
{
  NoPicture *wait = data;
  GtkWidget *card =
      yz_test_find_widget (yz_entries_page_get_grid (wait->f->page), is_card_of, wait->id);

  return card != NULL && says_no_picture (card);
}

static GtkWidget *
viewer_window (Fixture *f)
{
  g_autoptr(GList) toplevels = gtk_window_list_toplevels ();

  for (GList *l = toplevels; l != NULL; l = l->next)
    if (GTK_IS_WINDOW (l->data) && l->data != (gpointer)f->window &&
        gtk_window_get_transient_for (l->data) == f->window)
      return l->data;
  return NULL;
}

static gboolean
viewer_says_no_picture (gpointer data)
{
  GtkWidget *viewer = viewer_window (data);

  return viewer != NULL && gtk_widget_get_mapped (viewer) && says_no_picture (viewer);
}

static void
test_entries_no_picture (Fixture *f, gconstpointer data)
{
  GListModel *model = yz_entries_page_get_model (f->page);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  gint64 ms = g_date_time_to_unix (now) * 1000 + 60 * 60 * 1000; /* an hour ahead: first */
  g_autofree char *sql = NULL;
  char *error = NULL;

  /* Beside entries with their pictures: */
  for (int i = 0; i < 3; i++)
    make_entry (f);
  g_assert_true (yz_test_wait (pictures_shown, yz_entries_page_get_grid (f->page), 15000));

  /* one without a snapshot, one whose snapshot the gateway does not have (404). */
  sql = g_strdup_printf (
      "INSERT INTO entries (id, station_id, door_id, time, person_id, person_name, occupation,"
      " method, result, snapshot_id) VALUES"
      " ('t-nopic', 'hz-0001', NULL, %" G_GINT64_FORMAT
      ", 'p-1', '王建国', 'sanitation', 'card', 'granted', NULL),"
      " ('t-gone', 'hz-0001', NULL, %" G_GINT64_FORMAT
      ", 'p-2', '李秀英', 'courier', 'face', 'granted', 's-999999')",
      ms, ms + 1000);
  g_assert_cmpint (sqlite3_exec (yz_store_get_db (f->fx.store), sql, NULL, NULL, &error), ==,
                   SQLITE_OK);
  yz_session_entries_changed (f->fx.session);
  {
    g_autofree char *id = first_id (model);

    g_assert_cmpstr (id, ==, "t-gone");
  }
  {
    NoPicture none = { f, "t-nopic" };
    NoPicture gone = { f, "t-gone" };

    g_assert_true (yz_test_wait (card_says_no_picture, &none, 10000));
    g_assert_true (yz_test_wait (card_says_no_picture, &gone, 15000));
  }
  g_assert_true (yz_test_wait_for_draw (GTK_WIDGET (f->window), 5000));
  g_free (yz_test_screenshot (GTK_WIDGET (f->window), "entries-no-picture"));

  /* The viewer says so too. */
  g_signal_emit_by_name (yz_entries_page_get_grid (f->page), "activate", 0);
  g_assert_true (yz_test_wait (viewer_says_no_picture, f, 15000));
  g_assert_true (yz_test_wait_for_draw (viewer_window (f), 5000));
  g_free (yz_test_screenshot (viewer_window (f), "entries-viewer-no-picture"));
  gtk_window_destroy (GTK_WINDOW (viewer_window (f)));
}

/* ---- empty states ---- */

static void
test_entries_empty_states (void)
{
  GtkWidget *page;

  g_assert_cmpint (yz_entries_page_empty_state (FALSE, YZ_CONNECTION_DISCONNECTED, 0, FALSE), ==,
                   YZ_ENTRIES_EMPTY_NO_GATEWAY);
  g_assert_cmpint (yz_entries_page_empty_state (TRUE, YZ_CONNECTION_CONNECTED, 0, FALSE), ==,
                   YZ_ENTRIES_EMPTY_NO_ENTRIES);
  g_assert_cmpint (yz_entries_page_empty_state (TRUE, YZ_CONNECTION_DISCONNECTED, 0, FALSE), ==,
                   YZ_ENTRIES_EMPTY_NOT_CONNECTED);
  g_assert_cmpint (yz_entries_page_empty_state (TRUE, YZ_CONNECTION_CONNECTING, 0, FALSE), ==,
                   YZ_ENTRIES_EMPTY_NOT_CONNECTED);
  g_assert_cmpint (yz_entries_page_empty_state (TRUE, YZ_CONNECTION_CONNECTED, 0, TRUE), ==,
                   YZ_ENTRIES_EMPTY_NO_MATCH);
  g_assert_cmpint (yz_entries_page_empty_state (TRUE, YZ_CONNECTION_DISCONNECTED, 5, FALSE), ==,
                   YZ_ENTRIES_EMPTY_NONE);

  /* No session: no gateway, and the way to set one up. */
  page = g_object_ref_sink (yz_entries_page_new ());
  g_assert_cmpstr (yz_entries_page_get_empty_title (YZ_ENTRIES_PAGE (page)), ==,
                   _("No Gateway Is Set Up"));
  g_object_unref (page);
}

int
main (int argc, char *argv[])
{
  yz_test_gtk_init (&argc, &argv);

  g_test_add ("/yizhan/entries/grid", Fixture, NULL, fixture_set_up, test_entries_grid,
              fixture_tear_down);
  g_test_add ("/yizhan/entries/history", Fixture, NULL, fixture_set_up, test_entries_history,
              fixture_tear_down);
  g_test_add ("/yizhan/entries/typed", Fixture, NULL, fixture_set_up, test_entries_typed,
              fixture_tear_down);
  g_test_add ("/yizhan/entries/custom-range", Fixture, NULL, fixture_set_up,
              test_entries_custom_range, fixture_tear_down);
  g_test_add ("/yizhan/entries/hold", Fixture, NULL, fixture_set_up, test_entries_hold,
              fixture_tear_down);
  g_test_add ("/yizhan/entries/no-picture", Fixture, NULL, fixture_set_up, test_entries_no_picture,
              fixture_tear_down);
  g_test_add_func ("/yizhan/entries/empty-states", test_entries_empty_states);

  return g_test_run ();
}
