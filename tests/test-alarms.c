/* test-alarms.c — the alarm table against yizhan-sim: alarms raised through the simulator
 * appear, the worst first; the keyboard acknowledges; resolving needs a note; the details
 * show what happened.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <string.h>
#include <glib/gi18n.h>

#include "yz-alarm-alerter.h"
#include "yz-alarms-page.h"
#include "yz-audit-window.h"
#include "yz-report.h"
#include "yz-resolve-dialog.h"
#include "yz-incident.h"
#include "yz-labels.h"
#include "yz-media.h"
#include "yz-session.h"
#include "yz-store-private.h"
#include "yz-test-fixture.h"
#include "yz-test-gtk.h"
#include "yz-test-util.h"
#include "yz-window.h"

typedef struct
{
  YzTestFixture fx;
  GtkWindow *window;
  YzAlarmsPage *page;
} Fixture;

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  yz_test_tolerate_known_criticals ();
  yz_test_fixture_set_up (
      &f->fx, &(YzTestFixtureOptions){ .name = "alarms", .stations = 4, .control = TRUE });

  f->page = YZ_ALARMS_PAGE (yz_alarms_page_new ());
  f->window = yz_test_window_new (GTK_WIDGET (f->page), 1200, 700);
  yz_alarms_page_set_session (f->page, f->fx.session);
  yz_test_window_show (f->window);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  gtk_window_destroy (f->window);
  yz_test_fixture_tear_down (&f->fx);
}

static char *
raise_alarm (Fixture *f, const char *station, const char *type)
{
  g_autofree char *body =
      g_strdup_printf ("{\"station_id\": \"%s\", \"type\": \"%s\"}", station, type);
  g_autoptr(JsonNode) reply = NULL;
  guint status = 0;

  reply =
      yz_test_sim_request (f->fx.sim, "POST", "/api/v1/_control/alarm", f->fx.token, body, &status);
  g_assert_cmpuint (status, ==, 201);

  return g_strdup (json_object_get_string_member (json_node_get_object (reply), "id"));
}

typedef struct
{
  Fixture *f;
  const char *id;
} Find;

static gboolean
listed (gpointer data)
{
  Find *find = data;
  GListModel *model = yz_alarms_page_get_model (find->f->page);

  for (guint i = 0; model != NULL && i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(YzAlarm) alarm = g_list_model_get_item (model, i);

      if (g_strcmp0 (yz_alarm_get_id (alarm), find->id) == 0)
        return TRUE;
    }
  return FALSE;
}

static gboolean
acknowledged (gpointer data)
{
  Find *find = data;
  YzAlarm *alarm = yz_session_lookup_alarm (find->f->fx.session, find->id);

  return alarm != NULL && yz_alarm_get_state (alarm) == YZ_ALARM_STATE_ACKNOWLEDGED;
}

/* The table's cell saying @data (a state's label), once the rows show it. */
typedef struct
{
  Fixture *f;
  const char *text;
} Cell;

static GtkWidget *
find_cell (Fixture *f, const char *text)
{
  GtkWidget *view = yz_test_find_by_type (GTK_WIDGET (f->page), GTK_TYPE_COLUMN_VIEW);

  return yz_test_find_label (view, text);
}

static gboolean
cell_shown (gpointer data)
{
  Cell *cell = data;

  return find_cell (cell->f, cell->text) != NULL;
}

/* The page's key bindings, as its shortcut controller holds them. */
static gboolean
has_shortcut (GtkWidget *widget, guint keyval, const char *action)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);

  for (guint c = 0; c < g_list_model_get_n_items (controllers); c++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, c);

      if (!GTK_IS_SHORTCUT_CONTROLLER (controller))
        continue;
      for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (controller)); i++)
        {
          g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), i);
          GtkShortcutTrigger *trigger = gtk_shortcut_get_trigger (shortcut);
          GtkShortcutAction *shortcut_action = gtk_shortcut_get_action (shortcut);

          if (GTK_IS_KEYVAL_TRIGGER (trigger) &&
              gtk_keyval_trigger_get_keyval (GTK_KEYVAL_TRIGGER (trigger)) == keyval &&
              GTK_IS_NAMED_ACTION (shortcut_action) &&
              g_str_equal (gtk_named_action_get_action_name (GTK_NAMED_ACTION (shortcut_action)),
                           action))
            return TRUE;
        }
    }
  return FALSE;
}

static void
test_alarms_table (Fixture *f, gconstpointer data)
{
  g_autofree char *low = raise_alarm (f, "hz-0002", "smoking");
  g_autofree char *critical = raise_alarm (f, "hz-0003", "fall");
  Find find_low = { f, low }, find_critical = { f, critical };
  GListModel *model;
  g_autoptr(YzAlarm) first = NULL;
  g_autoptr(GPtrArray) selected = NULL;

  g_assert_true (yz_test_wait (listed, &find_low, 10000));
  g_assert_true (yz_test_wait (listed, &find_critical, 10000));

  /* The worst first, whatever came in first. */
  model = yz_alarms_page_get_model (f->page);
  first = g_list_model_get_item (model, 0);
  g_assert_cmpint (yz_alarm_get_priority (first), ==, YZ_PRIORITY_CRITICAL);

  /* Filters: by text (station or type), by state. */
  yz_alarms_page_set_filter (f->page, YZ_ALARM_FILTER_OPEN, "hz-0002");
  g_assert_true (listed (&find_low));
  g_assert_false (listed (&find_critical));
  yz_alarms_page_set_filter (f->page, YZ_ALARM_FILTER_RESOLVED, NULL);
  g_assert_false (listed (&find_critical));
  yz_alarms_page_set_filter (f->page, YZ_ALARM_FILTER_OPEN, NULL);

  /* Select the critical one: its details; A acknowledges (the binding, then the action). */
  yz_alarms_page_select (f->page, critical);
  selected = yz_alarms_page_get_selected (f->page);
  g_assert_cmpuint (selected->len, ==, 1);
  g_assert_true (has_shortcut (GTK_WIDGET (f->page), GDK_KEY_a, "alarm.acknowledge"));
  g_assert_true (has_shortcut (GTK_WIDGET (f->page), GDK_KEY_r, "alarm.resolve"));
  g_assert_true (yz_test_wait_for_draw (GTK_WIDGET (f->window), 5000));
  g_free (yz_test_screenshot (GTK_WIDGET (f->window), "alarms"));
  /* Its cells: the state in words, and a new alarm stands out in every column. */
  {
    GtkWidget *cell = find_cell (f, yz_label_alarm_state (YZ_ALARM_STATE_NEW));

    g_assert_nonnull (cell);
    g_assert_true (gtk_widget_has_css_class (cell, "heading"));
    g_assert_null (find_cell (f, yz_label_alarm_state (YZ_ALARM_STATE_ACKNOWLEDGED)));
  }
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "alarm.acknowledge", NULL));
  g_assert_true (yz_test_wait (acknowledged, &find_critical, 10000));
  /* The row follows the change in place: its state cell says so, no longer in bold. */
  {
    Cell cell = { f, yz_label_alarm_state (YZ_ALARM_STATE_ACKNOWLEDGED) };

    g_assert_true (yz_test_wait (cell_shown, &cell, 10000));
    g_assert_false (gtk_widget_has_css_class (find_cell (f, cell.text), "heading"));
  }

  /* The audit view shows the acknowledgement (asked, and its outcome), finds it by the
   * alarm's id, and the chain checks whole. */
  {
    YzAuditWindow *audit = yz_audit_window_new (f->window, yz_session_get_store (f->fx.session));

    g_assert_cmpuint (g_list_model_get_n_items (yz_audit_window_get_model (audit)), >=, 2);
    yz_audit_window_search (audit, critical);
    g_assert_cmpuint (g_list_model_get_n_items (yz_audit_window_get_model (audit)), ==, 2);
    yz_audit_window_search (audit, "nothing was ever done to this");
    g_assert_cmpuint (g_list_model_get_n_items (yz_audit_window_get_model (audit)), ==, 0);
    g_assert_true (yz_audit_window_check (audit));
    g_assert_nonnull (yz_audit_window_get_verdict (audit));
    gtk_window_destroy (GTK_WINDOW (audit));
  }
}

typedef struct
{
  gboolean done;
  gboolean ok;
  GError *error;
} Done;

static void
resolved_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  Done *d = user_data;

  d->ok = yz_session_alarm_action_finish (YZ_SESSION (object), result, &d->error);
  d->done = TRUE;
}

static gboolean
is_done (gpointer data)
{
  return ((Done *)data)->done;
}

static gboolean
not_listed (gpointer data)
{
  return !listed (data);
}

/* Nothing chosen in advance: the officer picks the category and writes the note; until
 * both, Resolve is off and says what is missing. */
static void
test_alarms_resolve_needs_note (Fixture *f, gconstpointer data)
{
  g_autofree char *id = raise_alarm (f, "hz-0001", "altercation");
  Find find = { f, id };
  AdwMessageDialog *dialog;
  GtkTextView *view;
  GtkWidget *resolve;
  g_autoptr(GPtrArray) choices = g_ptr_array_new ();

  /* The rule itself. */
  g_assert_nonnull (yz_alarm_resolve_missing (NULL, NULL));
  g_assert_nonnull (yz_alarm_resolve_missing (NULL, "a note"));
  g_assert_nonnull (yz_alarm_resolve_missing ("false-alarm", " \n "));
  g_assert_null (yz_alarm_resolve_missing ("false-alarm", "a note"));

  g_assert_true (yz_test_wait (listed, &find, 10000));
  yz_alarms_page_select (f->page, id);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "alarm.resolve", NULL));
  dialog = ADW_MESSAGE_DIALOG (yz_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG, TRUE));
  g_assert_nonnull (dialog);
  resolve = yz_test_find_button (GTK_WIDGET (dialog), _("_Resolve"));
  g_assert_nonnull (resolve);
  yz_test_collect (GTK_WIDGET (dialog), GTK_TYPE_CHECK_BUTTON, choices);
  g_assert_cmpuint (choices->len, ==, 6);
  for (guint i = 0; i < choices->len; i++)
    g_assert_false (gtk_check_button_get_active (g_ptr_array_index (choices, i)));
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "resolve"));
  g_assert_cmpstr (gtk_widget_get_tooltip_text (resolve), ==,
                   yz_alarm_resolve_missing (NULL, NULL));
  g_assert_true (yz_test_wait_for_draw (GTK_WIDGET (dialog), 5000));
  g_free (yz_test_screenshot (GTK_WIDGET (dialog), "alarms-resolve-dialog-nothing-chosen"));

  view = GTK_TEXT_VIEW (yz_test_find_by_type (GTK_WIDGET (dialog), GTK_TYPE_TEXT_VIEW));
  g_assert_nonnull (view);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (view), "   ", -1);
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "resolve"));
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (view), "Both left after a talk", -1);
  /* A note alone is not enough: what it was must be chosen. */
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "resolve"));
  g_assert_cmpstr (gtk_widget_get_tooltip_text (resolve), ==, yz_alarm_resolve_missing (NULL, "x"));
  gtk_check_button_set_active (g_ptr_array_index (choices, 1), TRUE);
  g_assert_true (adw_message_dialog_get_response_enabled (dialog, "resolve"));
  g_assert_null (gtk_widget_get_tooltip_text (resolve));
  g_assert_true (yz_test_wait_for_draw (GTK_WIDGET (dialog), 5000));
  g_free (yz_test_screenshot (GTK_WIDGET (dialog), "alarms-resolve-dialog"));

  /* Resolving from the dialog: the alarm leaves "Not Resolved" with the chosen category. */
  adw_message_dialog_response (dialog, "resolve");
  g_assert_true (yz_test_wait (not_listed, &find, 10000));
  g_assert_cmpstr (yz_alarm_get_category (yz_session_lookup_alarm (f->fx.session, id)), ==,
                   "handled-on-site");
}

/* The history pane's rows: does one say @text? */
static gboolean
history_says (YzAlarmsPage *page, const char *text)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();

  yz_test_collect (GTK_WIDGET (page), ADW_TYPE_ACTION_ROW, rows);
  for (guint i = 0; i < rows->len; i++)
    {
      const char *subtitle = adw_action_row_get_subtitle (g_ptr_array_index (rows, i));

      if (gtk_widget_is_drawable (g_ptr_array_index (rows, i)) && subtitle != NULL &&
          strstr (subtitle, text) != NULL)
        return TRUE;
    }
  return FALSE;
}

typedef struct
{
  Fixture *f;
  const char *action;
  gboolean enabled;
} ActionIs;

static gboolean
action_is (gpointer data)
{
  ActionIs *a = data;
  GtkWidget *button = yz_test_find_action_button (GTK_WIDGET (a->f->page), a->action);

  return gtk_widget_get_sensitive (button) == a->enabled;
}

typedef struct
{
  Fixture *f;
  const char *text;
} Says;

static gboolean
history_says_cb (gpointer data)
{
  Says *says = data;

  return history_says (says->f->page, says->text);
}

static const char *
first_selected_id (Fixture *f)
{
  g_autoptr(GPtrArray) selected = yz_alarms_page_get_selected (f->page);

  return selected->len > 0 ? yz_alarm_get_id (g_ptr_array_index (selected, 0)) : NULL;
}

/* The table follows what the officer just did, without selecting the alarm again:
 * acknowledged, the buttons change and its history shows the step; resolved, it leaves "Not
 * Resolved" and the row below it is selected. */
static void
test_alarms_follow (Fixture *f, gconstpointer data)
{
  g_autofree char *first = raise_alarm (f, "hz-0001", "fall");
  g_autofree char *second = raise_alarm (f, "hz-0002", "fall");
  Find find_first = { f, NULL }, find_second = { f, second };
  GListModel *model = yz_alarms_page_get_model (f->page);
  g_autoptr(YzAlarm) top = NULL;
  g_autoptr(YzAlarm) next = NULL;
  Done resolved = { 0 };

  g_assert_true (yz_test_wait (listed, &find_second, 10000));
  find_first.id = first;
  g_assert_true (yz_test_wait (listed, &find_first, 10000));
  yz_alarms_page_set_filter (f->page, YZ_ALARM_FILTER_OPEN, NULL);

  /* The top row, and the one under it: who should be selected when the top one goes. */
  top = g_list_model_get_item (model, 0);
  next = g_list_model_get_item (model, 1);
  yz_alarms_page_select (f->page, yz_alarm_get_id (top));
  g_assert_true (action_is (&(ActionIs){ f, "alarm.acknowledge", TRUE }));
  g_assert_true (history_says (f->page, yz_label_alarm_action ("raised")));
  g_assert_false (history_says (f->page, yz_label_alarm_action ("acknowledged")));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "alarm.acknowledge", NULL));
  g_assert_true (yz_test_wait (action_is, &(ActionIs){ f, "alarm.acknowledge", FALSE }, 10000));
  g_assert_true (action_is (&(ActionIs){ f, "alarm.resolve", TRUE }));
  g_assert_true (
      yz_test_wait (history_says_cb, &(Says){ f, yz_label_alarm_action ("acknowledged") }, 10000));
  g_assert_cmpstr (first_selected_id (f), ==, yz_alarm_get_id (top));

  /* Resolved (as another console would, through the session): it leaves the view at once,
   * and the row that took its place is selected, with its details. */
  yz_session_alarm_action_async (f->fx.session, top, YZ_ALARM_ACTION_RESOLVE, NULL,
                                 "handled-on-site", "Helped up, unhurt", NULL, resolved_cb,
                                 &resolved);
  g_assert_true (yz_test_wait (is_done, &resolved, 10000));
  g_assert_no_error (resolved.error);
  find_first.id = yz_alarm_get_id (top);
  g_assert_true (yz_test_wait (not_listed, &find_first, 10000));
  g_assert_cmpstr (first_selected_id (f), ==, yz_alarm_get_id (next));
  g_assert_true (action_is (&(ActionIs){ f, "alarm.acknowledge", TRUE }));
  g_assert_true (yz_test_wait_for_draw (GTK_WIDGET (f->window), 5000));
  g_free (yz_test_screenshot (GTK_WIDGET (f->window), "alarms-after-resolve"));

  /* Under "All" it is listed again; reopened there, the buttons follow. */
  yz_alarms_page_set_filter (f->page, YZ_ALARM_FILTER_ALL, NULL);
  yz_alarms_page_select (f->page, yz_alarm_get_id (top));
  g_assert_true (action_is (&(ActionIs){ f, "alarm.reopen", TRUE }));
  g_assert_true (action_is (&(ActionIs){ f, "alarm.resolve", FALSE }));
}

/* Not connected: the alarm actions are off, and their buttons say why; back, they are on. */
static void
test_alarms_disconnected (Fixture *f, gconstpointer data)
{
  g_autofree char *id = raise_alarm (f, "hz-0003", "sos");
  Find find = { f, id };
  const char *reason =
      yz_alarm_actions_blocked (TRUE, YZ_CONNECTION_DISCONNECTED, YZ_ROLE_OPERATOR);
  const char *actions[] = { "alarm.acknowledge", "alarm.take", "alarm.resolve", "alarm.reopen" };

  g_assert_null (yz_alarm_actions_blocked (TRUE, YZ_CONNECTION_CONNECTED, YZ_ROLE_OPERATOR));
  g_assert_nonnull (yz_alarm_actions_blocked (TRUE, YZ_CONNECTION_CONNECTED, YZ_ROLE_OBSERVER));
  g_assert_nonnull (yz_alarm_actions_blocked (FALSE, YZ_CONNECTION_CONNECTED, YZ_ROLE_OPERATOR));
  g_assert_nonnull (reason);

  g_assert_true (yz_test_wait (listed, &find, 10000));
  yz_alarms_page_select (f->page, id);
  g_assert_true (action_is (&(ActionIs){ f, "alarm.acknowledge", TRUE }));

  yz_session_stop (f->fx.session);
  g_assert_true (yz_test_wait (action_is, &(ActionIs){ f, "alarm.acknowledge", FALSE }, 10000));
  for (guint i = 0; i < G_N_ELEMENTS (actions); i++)
    {
      GtkWidget *button = yz_test_find_action_button (GTK_WIDGET (f->page), actions[i]);

      g_assert_false (gtk_widget_get_sensitive (button));
      g_assert_cmpstr (gtk_widget_get_tooltip_text (button), ==, reason);
    }
  /* The key binding and the context menu share the action: A does nothing. */
  gtk_widget_activate_action (GTK_WIDGET (f->page), "alarm.acknowledge", NULL);
  g_assert_cmpint (yz_alarm_get_state (yz_session_lookup_alarm (f->fx.session, id)), ==,
                   YZ_ALARM_STATE_NEW);
  /* The alarm the console knows is still listed, as last known. */
  g_assert_true (listed (&find));

  yz_session_start (f->fx.session, "operator", "operator", NULL);
  g_assert_true (yz_test_wait (yz_test_session_is_connected, f->fx.session, 20000));
  g_assert_true (yz_test_wait (action_is, &(ActionIs){ f, "alarm.acknowledge", TRUE }, 10000));
  g_assert_cmpstr (gtk_widget_get_tooltip_text (
                       yz_test_find_action_button (GTK_WIDGET (f->page), "alarm.acknowledge")),
                   !=, reason);
}

static const char *
empty_title (Fixture *f)
{
  g_autoptr(GPtrArray) pages = g_ptr_array_new ();

  yz_test_collect (GTK_WIDGET (f->page), ADW_TYPE_STATUS_PAGE, pages);
  /* The details pane's "No Alarm Selected" is not the table's empty state. */
  for (guint i = pages->len; i > 0; i--)
    if (gtk_widget_has_css_class (g_ptr_array_index (pages, i - 1), "no-selection"))
      g_ptr_array_remove_index (pages, i - 1);
  g_assert_cmpuint (pages->len, ==, 1);
  return gtk_widget_is_drawable (g_ptr_array_index (pages, 0))
             ? adw_status_page_get_title (g_ptr_array_index (pages, 0))
             : NULL;
}

/* Nothing open: the toolbar stays (filter, search, period) and the table's place says why
 * it is empty, truthfully for each case. */
static void
test_alarms_empty (Fixture *f, gconstpointer data)
{
  GtkWidget *period = NULL;
  g_autoptr(GPtrArray) dropdowns = g_ptr_array_new ();

  /* The rule. */
  g_assert_cmpint (yz_alarms_page_what_to_show (FALSE, YZ_CONNECTION_DISCONNECTED, 0,
                                                YZ_ALARM_FILTER_OPEN, NULL),
                   ==, YZ_ALARMS_SHOW_NO_GATEWAY);
  g_assert_cmpint (
      yz_alarms_page_what_to_show (TRUE, YZ_CONNECTION_DISCONNECTED, 0, YZ_ALARM_FILTER_OPEN, NULL),
      ==, YZ_ALARMS_SHOW_NOT_CONNECTED);
  g_assert_cmpint (
      yz_alarms_page_what_to_show (TRUE, YZ_CONNECTION_CONNECTED, 0, YZ_ALARM_FILTER_OPEN, NULL),
      ==, YZ_ALARMS_SHOW_ALL_CLEAR);
  g_assert_cmpint (yz_alarms_page_what_to_show (TRUE, YZ_CONNECTION_CONNECTED, 0,
                                                YZ_ALARM_FILTER_RESOLVED, NULL),
                   ==, YZ_ALARMS_SHOW_NONE_IN_VIEW);
  g_assert_cmpint (
      yz_alarms_page_what_to_show (TRUE, YZ_CONNECTION_CONNECTED, 0, YZ_ALARM_FILTER_OPEN, "zz"),
      ==, YZ_ALARMS_SHOW_NO_MATCH);
  g_assert_cmpint (
      yz_alarms_page_what_to_show (TRUE, YZ_CONNECTION_DISCONNECTED, 3, YZ_ALARM_FILTER_OPEN, NULL),
      ==, YZ_ALARMS_SHOW_TABLE);

  /* A search that finds nothing: the toolbar is still there to change it. */
  yz_alarms_page_set_filter (f->page, YZ_ALARM_FILTER_OPEN, "no station is called this");
  g_assert_cmpstr (empty_title (f), ==, _("No Matching Alarms"));
  yz_test_collect (GTK_WIDGET (f->page), GTK_TYPE_DROP_DOWN, dropdowns);
  g_assert_cmpuint (dropdowns->len, ==, 2);
  for (guint i = 0; i < dropdowns->len; i++)
    g_assert_true (gtk_widget_is_drawable (g_ptr_array_index (dropdowns, i)));
  period = g_ptr_array_index (dropdowns, 1);
  g_assert_true (gtk_widget_is_drawable (period));

  /* Nothing open, connected: all clear, no advice to set anything up. */
  yz_alarms_page_set_filter (f->page, YZ_ALARM_FILTER_NEW, NULL);
  if (g_list_model_get_n_items (yz_alarms_page_get_model (f->page)) == 0)
    {
      g_assert_cmpstr (empty_title (f), ==, _("No Alarms Need Attention"));
      g_assert_false (gtk_widget_is_drawable (
          yz_test_find_button (GTK_WIDGET (f->page), _("Set Up a _Gateway…"))));
      g_assert_true (yz_test_wait_for_draw (GTK_WIDGET (f->window), 5000));
      g_free (yz_test_screenshot (GTK_WIDGET (f->window), "alarms-empty"));
    }

  /* Not connected, nothing listed: it says so. */
  yz_session_stop (f->fx.session);
  yz_alarms_page_set_filter (f->page, YZ_ALARM_FILTER_RESOLVED, NULL);
  g_assert_cmpstr (empty_title (f), ==, _("Not Connected to the Gateway"));

  /* No session at all: set one up. */
  yz_alarms_page_set_session (f->page, NULL);
  g_assert_cmpstr (empty_title (f), ==, _("No Gateway Is Set Up"));
  g_assert_true (gtk_widget_is_drawable (
      yz_test_find_button (GTK_WIDGET (f->page), _("Set Up a _Gateway…"))));
  g_assert_true (gtk_widget_is_drawable (period));
}

typedef struct
{
  YzAlarmAlerter *alerter;
  guint before;
} Sounds;

static gboolean
sounded_again (gpointer data)
{
  Sounds *s = data;

  return yz_alarm_alerter_get_n_sounds (s->alerter) > s->before;
}

static gboolean
sound_problem (gpointer data)
{
  return yz_alarm_alerter_get_sound_problem (data) != NULL;
}

static guint n_sound_logs;

static void
count_sound_log_cb (const char *domain, GLogLevelFlags level, const char *message,
                    gpointer user_data)
{
  if (g_str_has_prefix (message, "Cannot play the alarm sound"))
    n_sound_logs++;
  g_log_default_handler (domain, level, message, user_data);
}

/* The sound cannot play: the alerter says why (for the header bar's toggle) and logs it
 * once, however often the sound repeats. Both ways it fails: a sink that cannot be made,
 * and one that is made but cannot open its device (as on a machine without a sound card). */
static void
test_alarms_sound_problem (Fixture *f, gconstpointer data)
{
  const char *sinks[] = { "yz-no-such-sink", "filesink location=/nonexistent/yizhan/sound" };
  guint handler =
      g_log_set_handler ("yz-alarm-alerter", G_LOG_LEVEL_MESSAGE, count_sound_log_cb, NULL);
  const char *icon = NULL;
  gboolean warning = FALSE;
  g_autofree char *tooltip = NULL;
  g_autofree char *id = NULL;

  /* What the toggle shows. */
  tooltip = yz_alarm_alerter_describe_toggle (TRUE, "no sound device", &icon, &warning);
  g_assert_true (warning);
  g_assert_cmpstr (icon, ==, "dialog-warning-symbolic");
  g_assert_nonnull (strstr (tooltip, "no sound device"));
  g_clear_pointer (&tooltip, g_free);
  tooltip = yz_alarm_alerter_describe_toggle (FALSE, "no sound device", &icon, &warning);
  g_assert_false (warning);
  g_assert_cmpstr (icon, ==, "audio-volume-muted-symbolic");
  g_clear_pointer (&tooltip, g_free);
  tooltip = yz_alarm_alerter_describe_toggle (TRUE, NULL, &icon, &warning);
  g_assert_false (warning);
  g_assert_cmpstr (icon, ==, "audio-volume-high-symbolic");

  id = raise_alarm (f, "hz-0004", "sos");
  for (guint i = 0; i < G_N_ELEMENTS (sinks); i++)
    {
      g_autoptr(YzAlarmAlerter) alerter = yz_alarm_alerter_new (f->fx.session, f->window);
      guint sounds;

      n_sound_logs = 0;
      yz_alarm_alerter_set_audio_sink (alerter, sinks[i]);
      g_assert_null (yz_alarm_alerter_get_sound_problem (alerter));
      /* The critical alarm repeats its sound every few seconds. */
      g_assert_true (yz_test_wait (sound_problem, alerter, 15000));
      g_test_message ("%s: %s", sinks[i], yz_alarm_alerter_get_sound_problem (alerter));
      sounds = yz_alarm_alerter_get_n_sounds (alerter);
      g_assert_true (yz_test_wait (sounded_again, &(Sounds){ alerter, sounds }, 10000));
      sounds = yz_alarm_alerter_get_n_sounds (alerter);
      g_assert_true (yz_test_wait (sounded_again, &(Sounds){ alerter, sounds }, 10000));
      g_assert_nonnull (yz_alarm_alerter_get_sound_problem (alerter));
      g_assert_cmpuint (n_sound_logs, ==, 1);
    }
  g_log_remove_handler ("yz-alarm-alerter", handler);

  /* The window's toggle shows it: icon, warning look and the reason in its tooltip. */
  g_setenv ("YIZHAN_AUDIO_SINK", "yz-no-such-sink", TRUE);
  {
    g_autoptr(GtkApplication) app = GTK_APPLICATION (
        adw_application_new ("io.github.yizhan.TestAlarms", G_APPLICATION_NON_UNIQUE));
    YzWindow *window;
    GtkWidget *toggle = NULL;
    g_autoptr(GPtrArray) toggles = g_ptr_array_new ();
    g_autofree char *expected = NULL;

    g_assert_true (g_application_register (G_APPLICATION (app), NULL, NULL));
    window = yz_window_new (app);
    gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
    yz_window_set_session (window, f->fx.session);
    gtk_window_present (GTK_WINDOW (window));
    g_assert_true (yz_test_wait (sound_problem, yz_window_get_alerter (window), 15000));
    yz_test_collect (GTK_WIDGET (window), GTK_TYPE_TOGGLE_BUTTON, toggles);
    for (guint i = 0; i < toggles->len; i++)
      if (g_strcmp0 (gtk_button_get_icon_name (g_ptr_array_index (toggles, i)),
                     "dialog-warning-symbolic") == 0)
        toggle = g_ptr_array_index (toggles, i);
    g_assert_nonnull (toggle);
    g_assert_true (gtk_widget_has_css_class (toggle, "warning"));
    expected =
        g_strdup_printf (_("Alarm sound cannot play: %s"),
                         yz_alarm_alerter_get_sound_problem (yz_window_get_alerter (window)));
    g_assert_cmpstr (gtk_widget_get_tooltip_text (toggle), ==, expected);
    g_assert_true (yz_test_wait_for_draw (GTK_WIDGET (window), 5000));
    g_free (yz_test_screenshot (GTK_WIDGET (window), "alarms-sound-problem"));
    yz_window_set_session (window, NULL);
    gtk_window_destroy (GTK_WINDOW (window));
  }
  g_unsetenv ("YIZHAN_AUDIO_SINK");
}

static gboolean
critical_pending (gpointer data)
{
  return yz_alarm_alerter_get_critical (data) != NULL;
}

static gboolean
quiet (gpointer data)
{
  return yz_alarm_alerter_get_critical (data) == NULL &&
         yz_alarm_alerter_get_sounding (data) == YZ_PRIORITY_NONE;
}

/* A new critical alarm sounds (the player is asked to play, again and again) and raises
 * the banner's alarm; acknowledged, all is quiet. With the sound off, nothing plays. */
static void
test_alarms_attention (Fixture *f, gconstpointer data)
{
  g_autoptr(GSettings) settings = g_settings_new (BASE_ID);
  g_autoptr(YzAlarmAlerter) alerter = yz_alarm_alerter_new (f->fx.session, f->window);
  g_autofree char *id = NULL;
  Find find = { f, NULL };
  guint sounds;

  g_assert_true (quiet (alerter));
  id = raise_alarm (f, "hz-0004", "sos");
  find.id = id;
  g_assert_true (yz_test_wait (critical_pending, alerter, 10000));
  g_assert_cmpstr (yz_alarm_get_id (yz_alarm_alerter_get_critical (alerter)), ==, id);
  g_assert_cmpint (yz_alarm_alerter_get_sounding (alerter), ==, YZ_PRIORITY_CRITICAL);
  g_assert_cmpuint (yz_alarm_alerter_get_n_sounds (alerter), >=, 1);
  g_assert_cmpuint (yz_alarm_alerter_repeat_ms (YZ_PRIORITY_CRITICAL), >, 0);
  g_assert_cmpuint (yz_alarm_alerter_repeat_ms (YZ_PRIORITY_LOW), ==, 0);

  /* It repeats until acknowledged. */
  sounds = yz_alarm_alerter_get_n_sounds (alerter);
  g_assert_true (yz_test_wait (sounded_again, &(Sounds){ alerter, sounds }, 10000));
  yz_alarms_page_select (f->page, id);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "alarm.acknowledge", NULL));
  g_assert_true (yz_test_wait (acknowledged, &find, 10000));
  g_assert_true (yz_test_wait (quiet, alerter, 5000));

  /* Sound off: a new alarm plays nothing. */
  g_settings_set_boolean (settings, "alarm-sound", FALSE);
  sounds = yz_alarm_alerter_get_n_sounds (alerter);
  g_free (raise_alarm (f, "hz-0001", "fall"));
  g_assert_true (yz_test_wait (critical_pending, alerter, 10000));
  g_assert_cmpuint (yz_alarm_alerter_get_n_sounds (alerter), ==, sounds);
  g_settings_reset (settings, "alarm-sound");
}

static void
pdf_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  Done *d = user_data;

  d->ok = yz_report_write_pdf_finish (result, &d->error);
  d->done = TRUE;
}

/* The incident report is a PDF that pdfinfo reads and whose text holds the station and the
 * operator's note; the listed alarms round-trip through CSV, quotes and commas included. */
static void
test_alarms_export (Fixture *f, gconstpointer data)
{
  g_autofree char *id = raise_alarm (f, "hz-0002", "altercation");
  g_autofree char *pdf = g_build_filename (f->fx.dir, "report.pdf", NULL);
  g_autofree char *csv = g_build_filename (f->fx.dir, "alarms.csv", NULL);
  const char *note = "Two riders argued, \"calmed down\", left at 03:10, no injury";
  Find find = { f, id };
  Done resolved = { 0 }, written = { 0 };
  YzAlarm *alarm;
  g_autofree char *info = NULL;
  g_autofree char *text = NULL;
  g_autofree char *contents = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GError) error = NULL;
  int status = -1;
  gboolean found = FALSE;
  g_autofree char *pdfinfo_path = g_find_program_in_path ("pdfinfo");
  g_autofree char *pdftotext_path = g_find_program_in_path ("pdftotext");

  g_assert_true (yz_test_wait (listed, &find, 10000));
  alarm = yz_session_lookup_alarm (f->fx.session, id);
  yz_session_alarm_action_async (f->fx.session, alarm, YZ_ALARM_ACTION_RESOLVE, NULL,
                                 "handled-on-site", note, NULL, resolved_cb, &resolved);
  g_assert_true (yz_test_wait (is_done, &resolved, 10000));
  g_assert_no_error (resolved.error);

  yz_report_write_pdf_async (f->fx.session, alarm, pdf, NULL, pdf_cb, &written);
  g_assert_true (yz_test_wait (is_done, &written, 10000));
  g_assert_no_error (written.error);
  g_assert_true (written.ok);

  if (pdfinfo_path == NULL || pdftotext_path == NULL)
    g_test_message ("poppler-utils is not installed: the PDF is checked by size only");
  else
    {
      g_autofree char *pdfinfo = g_strdup_printf ("pdfinfo %s", pdf);
      g_autofree char *pdftotext = g_strdup_printf ("pdftotext %s -", pdf);

      g_assert_true (g_spawn_command_line_sync (pdfinfo, &info, NULL, &status, &error));
      g_assert_no_error (error);
      g_assert_cmpint (status, ==, 0);
      g_assert_nonnull (strstr (info, "Pages:"));
      g_assert_true (g_spawn_command_line_sync (pdftotext, &text, NULL, &status, &error));
      g_assert_cmpint (status, ==, 0);
      g_assert_nonnull (strstr (text, yz_alarm_get_station_name (alarm)));
      g_assert_nonnull (strstr (text, "no injury"));
      g_assert_nonnull (strstr (text, "operator"));
      /* The audit rows read as the audit window reads them, not as stored. */
      g_assert_nonnull (strstr (text, yz_label_audit_action ("alarm-resolve")));
      g_assert_null (strstr (text, "alarm-resolve"));
      {
        g_autofree char *keep =
            g_build_filename (g_getenv ("G_TEST_BUILDDIR") ? g_getenv ("G_TEST_BUILDDIR") : ".",
                              "screenshots", "incident-report.pdf", NULL);
        g_autofree char *bytes = NULL;
        gsize length = 0;

        if (g_file_get_contents (pdf, &bytes, &length, NULL))
          g_file_set_contents (keep, bytes, length, NULL);
      }
    }

  /* CSV of every alarm listed (resolved ones too). */
  yz_alarms_page_set_filter (f->page, YZ_ALARM_FILTER_ALL, NULL);
  g_assert_true (yz_report_write_csv (yz_alarms_page_get_model (f->page), csv, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (csv, &contents, NULL, NULL));
  rows = yz_test_parse_csv (contents);
  g_assert_cmpuint (rows->len, ==,
                    1 + g_list_model_get_n_items (yz_alarms_page_get_model (f->page)));
  for (guint i = 1; i < rows->len; i++)
    {
      GPtrArray *row = g_ptr_array_index (rows, i);

      g_assert_cmpuint (row->len, ==, 10);
      if (g_str_equal (g_ptr_array_index (row, 0), id))
        {
          g_assert_cmpstr (g_ptr_array_index (row, 9), ==, note);
          g_assert_cmpstr (g_ptr_array_index (row, 8), ==, "handled-on-site");
          g_assert_cmpstr (g_ptr_array_index (row, 6), ==, "resolved");
          found = TRUE;
        }
    }
  g_assert_true (found);
}

/* Two alarms at two stations merged into one incident from the table, then one taken out. */
static void
test_alarms_incidents (Fixture *f, gconstpointer data)
{
  g_autofree char *a = raise_alarm (f, "hz-0001", "fall");
  g_autofree char *b = raise_alarm (f, "hz-0003", "sos");
  Find find_a = { f, a }, find_b = { f, b };
  GListModel *model;
  g_autoptr(YzIncident) before = NULL;
  g_autoptr(YzIncident) merged = NULL;
  g_autoptr(YzIncident) split = NULL;

  g_assert_true (yz_test_wait (listed, &find_a, 10000));
  g_assert_true (yz_test_wait (listed, &find_b, 10000));
  before =
      yz_session_incident_for_alarm (f->fx.session, yz_session_lookup_alarm (f->fx.session, a));
  g_assert_cmpuint (before->alarms->len, ==, 1); /* different stations */

  model = yz_alarms_page_get_model (f->page);
  yz_alarms_page_select (f->page, a);
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(YzAlarm) alarm = g_list_model_get_item (model, i);

      if (g_str_equal (yz_alarm_get_id (alarm), b))
        gtk_selection_model_select_item (GTK_SELECTION_MODEL (model), i, FALSE);
    }
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "alarm.merge", NULL));
  merged =
      yz_session_incident_for_alarm (f->fx.session, yz_session_lookup_alarm (f->fx.session, b));
  g_assert_cmpuint (merged->alarms->len, ==, 2);
  g_assert_nonnull (merged->key);

  yz_alarms_page_select (f->page, b);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "alarm.split", NULL));
  split = yz_session_incident_for_alarm (f->fx.session, yz_session_lookup_alarm (f->fx.session, a));
  g_assert_cmpuint (split->alarms->len, ==, 1);
}

/* Review further back: alarms resolved days ago are in the record, not in the live model;
 * choosing a longer period lists them, and the live ones stay the same items. */
static void
test_alarms_history (Fixture *f, gconstpointer data)
{
  YzStore *store = yz_session_get_store (f->fx.session);
  gint64 now = g_get_real_time () / 1000;
  sqlite3_stmt *stmt = yz_store_prepare (store,
                                         "INSERT INTO alarms (id, station_id, type, priority, "
                                         "raised_at, state, owner, updated_at, category, note)"
                                         " VALUES (?1, 'hz-0001', 'smoking', 'medium', ?2, "
                                         "'resolved', 'operator', ?2, 'false-alarm', 'old')",
                                         NULL);
  GListModel *listed = yz_alarms_page_get_model (f->page);
  guint now_all, week_all, month_all;

  g_assert_nonnull (stmt);
  for (guint i = 0; i < 30; i++)
    {
      g_autofree char *id = g_strdup_printf ("old-%02u", i);

      sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
      /* One a day, from 2 to 31 days ago. */
      sqlite3_bind_int64 (stmt, 2, now - (gint64)(i + 2) * 24 * 3600 * 1000);
      g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
      sqlite3_reset (stmt);
    }

  yz_alarms_page_set_filter (f->page, YZ_ALARM_FILTER_ALL, NULL);
  now_all = g_list_model_get_n_items (listed);
  yz_alarms_page_set_period (f->page, 1);
  week_all = g_list_model_get_n_items (listed);
  yz_alarms_page_set_period (f->page, 2);
  month_all = g_list_model_get_n_items (listed);
  /* 2..6 days ago are within the week (5), 2..29 within thirty days (28). */
  g_assert_cmpuint (week_all, ==, now_all + 5);
  g_assert_cmpuint (month_all, ==, now_all + 28);
  yz_alarms_page_set_filter (f->page, YZ_ALARM_FILTER_RESOLVED, NULL);
  month_all = g_list_model_get_n_items (listed);
  yz_alarms_page_set_period (f->page, 0);
  g_assert_cmpuint (g_list_model_get_n_items (listed), ==, month_all - 28);
}

int
main (int argc, char *argv[])
{
  yz_test_gtk_init (&argc, &argv);
  yz_media_init (NULL);

  g_test_add ("/yizhan/alarms/table", Fixture, NULL, fixture_set_up, test_alarms_table,
              fixture_tear_down);
  g_test_add ("/yizhan/alarms/attention", Fixture, NULL, fixture_set_up, test_alarms_attention,
              fixture_tear_down);
  g_test_add ("/yizhan/alarms/incidents", Fixture, NULL, fixture_set_up, test_alarms_incidents,
              fixture_tear_down);
  g_test_add ("/yizhan/alarms/export", Fixture, NULL, fixture_set_up, test_alarms_export,
              fixture_tear_down);
  g_test_add ("/yizhan/alarms/history", Fixture, NULL, fixture_set_up, test_alarms_history,
              fixture_tear_down);
  g_test_add ("/yizhan/alarms/resolve-needs-note", Fixture, NULL, fixture_set_up,
              test_alarms_resolve_needs_note, fixture_tear_down);
  g_test_add ("/yizhan/alarms/follow", Fixture, NULL, fixture_set_up, test_alarms_follow,
              fixture_tear_down);
  g_test_add ("/yizhan/alarms/disconnected", Fixture, NULL, fixture_set_up,
              test_alarms_disconnected, fixture_tear_down);
  g_test_add ("/yizhan/alarms/sound-problem", Fixture, NULL, fixture_set_up,
              test_alarms_sound_problem, fixture_tear_down);
  g_test_add ("/yizhan/alarms/empty", Fixture, NULL, fixture_set_up, test_alarms_empty,
              fixture_tear_down);

  return g_test_run ();
}
