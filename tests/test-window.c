/* test-window.c
 *
 * The window opens with its six sections, switches between them by action, by the alarm
 * counter and by Ctrl+1..6, and comes back the way it was left.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "yz-application.h"
#include "yz-connection-indicator.h"
#include "yz-door-dialog.h"
#include "yz-alarms-page.h"
#include "yz-entries-page.h"
#include "yz-gateway-backend.h"
#include "yz-map-page.h"
#include "yz-session.h"
#include "yz-statistics-page.h"
#include "yz-supplies-page.h"
#include "yz-video-page.h"
#include "yz-test-gtk.h"
#include "yz-window.h"

typedef struct
{
  YzApplication *app;
  GSettings *settings;
  YzWindow *window;
} Fixture;

static void
fixture_set_up (Fixture *fixture, gconstpointer data)
{
  /* One application for the whole process: GApplication registers once. */
  static YzApplication *app;
  g_autoptr(GError) error = NULL;

  fixture->settings = g_settings_new (BASE_ID);
  g_settings_reset (fixture->settings, "window-width");
  g_settings_reset (fixture->settings, "window-height");
  g_settings_reset (fixture->settings, "window-maximized");
  g_settings_reset (fixture->settings, "last-section");

  if (app == NULL)
    {
      app = yz_application_new ();
      g_application_set_flags (G_APPLICATION (app), g_application_get_flags (G_APPLICATION (app)) |
                                                        G_APPLICATION_NON_UNIQUE);
      g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
      g_assert_no_error (error);
    }
  fixture->app = g_object_ref (app);
}

static void
fixture_open_window (Fixture *fixture)
{
  fixture->window = yz_window_new (GTK_APPLICATION (fixture->app));
  gtk_window_present (GTK_WINDOW (fixture->window));
  g_assert_true (yz_test_wait_for_draw (GTK_WIDGET (fixture->window), 5000));
}

static void
fixture_tear_down (Fixture *fixture, gconstpointer data)
{
  if (fixture->window != NULL)
    gtk_window_destroy (GTK_WINDOW (fixture->window));
  g_clear_object (&fixture->settings);
  g_clear_object (&fixture->app);
}

static void
test_window_opens (Fixture *fixture, gconstpointer data)
{
  const char *const *names = yz_window_get_section_names ();
  /* What the sections must be called, in English and in the users' language. */
  static const char *titles_en[] = { "Map",     "Video Wall", "Alarms",
                                     "Entries", "Supplies",   "Statistics" };
  static const char *titles_zh[] = { "地图", "视频", "告警", "出入记录", "物资", "统计" };
  const char **titles = yz_test_is_chinese () ? titles_zh : titles_en;
  g_autofree char *path = NULL;
  AdwViewStack *stack;

  fixture_open_window (fixture);
  stack = ADW_VIEW_STACK (yz_test_find_by_type (GTK_WIDGET (fixture->window), ADW_TYPE_VIEW_STACK));
  g_assert_nonnull (stack);

  g_assert_cmpstr (yz_window_get_section (fixture->window), ==, "map");
  g_assert_cmpuint (g_strv_length ((char **)names), ==, 6);

  for (guint i = 0; names[i] != NULL; i++)
    {
      GtkWidget *child = adw_view_stack_get_child_by_name (stack, names[i]);
      AdwViewStackPage *page;

      g_assert_nonnull (child);
      page = adw_view_stack_get_page (stack, child);
      g_assert_cmpstr (adw_view_stack_page_get_title (page), ==, titles[i]);

      /* Until later work fills it, each section explains itself with a status page (the
       * page is built when asked for: yz_window_get_page()). */
      g_assert_nonnull (yz_test_find_by_type (yz_window_get_page (fixture->window, names[i]),
                                              ADW_TYPE_STATUS_PAGE));
      g_assert_true (
          yz_window_get_page (fixture->window, names[i]) == child ||
          gtk_widget_is_ancestor (yz_window_get_page (fixture->window, names[i]), child));
    }

  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (fixture->window)), ==,
                   yz_test_is_chinese () ? "驿站" : "Yizhan");

  path = yz_test_screenshot (GTK_WIDGET (fixture->window), "window-map");
  g_assert_true (g_file_test (path, G_FILE_TEST_EXISTS));
}

/* Only the map is built with the window: the other sections are built when first shown, and
 * then follow the window's session like the map. */
static void
test_window_lazy_sections (Fixture *fixture, gconstpointer data)
{
  const GType later[] = { YZ_TYPE_VIDEO_PAGE, YZ_TYPE_ALARMS_PAGE, YZ_TYPE_ENTRIES_PAGE,
                          YZ_TYPE_SUPPLIES_PAGE, YZ_TYPE_STATISTICS_PAGE };
  g_autoptr(YzGatewayBackend) backend =
      yz_gateway_backend_new ("http://127.0.0.1:9", NULL, NULL, NULL);
  g_autoptr(YzSession) session = yz_session_new (NULL, YZ_BACKEND (backend));
  g_autoptr(YzSession) page_session = NULL;
  GtkWidget *supplies;

  fixture_open_window (fixture);
  g_assert_nonnull (yz_test_find_by_type (GTK_WIDGET (fixture->window), YZ_TYPE_MAP_PAGE));
  for (guint i = 0; i < G_N_ELEMENTS (later); i++)
    g_assert_null (yz_test_find_by_type (GTK_WIDGET (fixture->window), later[i]));
  yz_window_set_session (fixture->window, session);

  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.section", "s", "supplies");
  g_assert_true (yz_test_wait_for_draw (GTK_WIDGET (fixture->window), 5000));
  supplies = yz_test_find_by_type (GTK_WIDGET (fixture->window), YZ_TYPE_SUPPLIES_PAGE);
  g_assert_nonnull (supplies);
  g_assert_true (supplies == yz_window_get_page (fixture->window, "supplies"));
  g_assert_true (gtk_widget_get_mapped (supplies));
  g_free (yz_test_screenshot (GTK_WIDGET (fixture->window), "window-lazy-supplies"));
  g_object_get (supplies, "session", &page_session, NULL);
  g_assert_true (page_session == session);
  g_clear_object (&page_session);
  /* Built once, and it follows the window's session from then on. */
  yz_window_set_session (fixture->window, NULL);
  g_object_get (supplies, "session", &page_session, NULL);
  g_assert_null (page_session);
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.section", "s", "map");
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.section", "s", "supplies");
  g_assert_true (supplies ==
                 yz_test_find_by_type (GTK_WIDGET (fixture->window), YZ_TYPE_SUPPLIES_PAGE));
  g_assert_null (yz_test_find_by_type (GTK_WIDGET (fixture->window), YZ_TYPE_STATISTICS_PAGE));
}

static void
test_window_section_action (Fixture *fixture, gconstpointer data)
{
  const char *const *names = yz_window_get_section_names ();

  fixture_open_window (fixture);

  for (guint i = 0; names[i] != NULL; i++)
    {
      g_assert_true (
          gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.section", "s", names[i]));
      g_assert_cmpstr (yz_window_get_section (fixture->window), ==, names[i]);
      /* The choice is remembered for the next start. */
      g_assert_cmpstr (g_settings_get_string (fixture->settings, "last-section"), ==, names[i]);
    }

  /* An unknown section is refused and changes nothing. */
  g_test_expect_message ("yz-window", G_LOG_LEVEL_WARNING, "*Unknown section*");
  yz_window_set_section (fixture->window, "nowhere");
  g_test_assert_expected_messages ();
  g_assert_cmpstr (yz_window_get_section (fixture->window), ==, "statistics");
}

/* The class's key bindings live in a shortcut controller on the window: find the one for
 * @trigger and activate it as a key press would. */
static gboolean
activate_shortcut (GtkWidget *widget, GtkShortcutTrigger *trigger)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);
  gboolean activated = FALSE;

  for (guint i = 0; i < g_list_model_get_n_items (controllers) && !activated; i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);

      if (!GTK_IS_SHORTCUT_CONTROLLER (controller))
        continue;

      for (guint j = 0; j < g_list_model_get_n_items (G_LIST_MODEL (controller)); j++)
        {
          g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), j);

          if (!gtk_shortcut_trigger_equal (gtk_shortcut_get_trigger (shortcut), trigger))
            continue;

          activated = gtk_shortcut_action_activate (gtk_shortcut_get_action (shortcut),
                                                    GTK_SHORTCUT_ACTION_EXCLUSIVE, widget,
                                                    gtk_shortcut_get_arguments (shortcut));
          break;
        }
    }

  return activated;
}

static void
test_window_section_shortcuts (Fixture *fixture, gconstpointer data)
{
  const char *const *names = yz_window_get_section_names ();

  fixture_open_window (fixture);

  /* Walk backwards so that every press changes the section. */
  for (int i = 5; i >= 0; i--)
    {
      g_autoptr(GtkShortcutTrigger) trigger =
          gtk_keyval_trigger_new (GDK_KEY_1 + i, GDK_CONTROL_MASK);

      g_assert_true (activate_shortcut (GTK_WIDGET (fixture->window), trigger));
      g_assert_cmpstr (yz_window_get_section (fixture->window), ==, names[i]);
    }
}

static void
test_window_app_accels (Fixture *fixture, gconstpointer data)
{
  g_auto(GStrv) preferences = NULL;
  g_auto(GStrv) quit = NULL;
  g_auto(GStrv) help = NULL;

  fixture_open_window (fixture);

  preferences =
      gtk_application_get_actions_for_accel (GTK_APPLICATION (fixture->app), "<Control>comma");
  g_assert_true (g_strv_contains ((const char *const *)preferences, "app.preferences"));
  quit = gtk_application_get_actions_for_accel (GTK_APPLICATION (fixture->app), "<Control>q");
  g_assert_true (g_strv_contains ((const char *const *)quit, "app.quit"));

  /* GtkApplication loads the shortcuts window from our resources and binds Ctrl+?. */
  help =
      gtk_application_get_actions_for_accel (GTK_APPLICATION (fixture->app), "<Control>question");
  g_assert_true (g_strv_contains ((const char *const *)help, "win.show-help-overlay"));
  g_assert_nonnull (
      gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (fixture->window)));
}

static void
test_window_alarm_counter (Fixture *fixture, gconstpointer data)
{
  AdwViewStack *stack;
  AdwViewStackPage *alarms;

  fixture_open_window (fixture);
  stack = ADW_VIEW_STACK (yz_test_find_by_type (GTK_WIDGET (fixture->window), ADW_TYPE_VIEW_STACK));
  alarms = adw_view_stack_get_page (stack, adw_view_stack_get_child_by_name (stack, "alarms"));

  g_assert_cmpuint (adw_view_stack_page_get_badge_number (alarms), ==, 0);
  g_assert_false (adw_view_stack_page_get_needs_attention (alarms));

  yz_window_set_unacknowledged_alarms (fixture->window, 3);
  g_assert_cmpuint (adw_view_stack_page_get_badge_number (alarms), ==, 3);
  g_assert_true (adw_view_stack_page_get_needs_attention (alarms));
  yz_window_set_connection (fixture->window, YZ_CONNECTION_CONNECTED, "菏泽市总工会网关");
  g_assert_true (yz_test_wait_for_draw (GTK_WIDGET (fixture->window), 5000));
  g_free (yz_test_screenshot (GTK_WIDGET (fixture->window), "window-alarms-counter"));

  /* The counter's button takes the officer to the alarms. */
  g_assert_true (
      gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.section", "s", "alarms"));
  g_assert_cmpstr (yz_window_get_section (fixture->window), ==, "alarms");

  yz_window_set_unacknowledged_alarms (fixture->window, 0);
  g_assert_false (adw_view_stack_page_get_needs_attention (alarms));
}

static void
test_window_connection_indicator (Fixture *fixture, gconstpointer data)
{
  YzConnectionIndicator *indicator;
  const char *icon = NULL;
  const char *css = NULL;
  g_autofree char *tooltip = NULL;
  g_autofree char *text = NULL;

  text = yz_connection_indicator_describe (YZ_CONNECTION_CONNECTING, "HZ-GW", TRUE, &icon, &css,
                                           &tooltip);
  g_assert_nonnull (strstr (text, "HZ-GW"));
  g_assert_cmpstr (css, ==, "connecting");
  g_clear_pointer (&text, g_free);
  g_clear_pointer (&tooltip, g_free);
  text = yz_connection_indicator_describe (YZ_CONNECTION_DISCONNECTED, NULL, TRUE, &icon, &css,
                                           &tooltip);
  g_assert_cmpstr (css, ==, "disconnected");
  g_assert_cmpstr (icon, ==, "network-wired-disconnected-symbolic");

  fixture_open_window (fixture);
  indicator = YZ_CONNECTION_INDICATOR (
      yz_test_find_by_type (GTK_WIDGET (fixture->window), YZ_TYPE_CONNECTION_INDICATOR));
  g_assert_nonnull (indicator);
  g_assert_cmpint (yz_connection_indicator_get_state (indicator), ==, YZ_CONNECTION_DISCONNECTED);

  yz_window_set_connection (fixture->window, YZ_CONNECTION_CONNECTED, "HZ-GW");
  g_assert_cmpint (yz_connection_indicator_get_state (indicator), ==, YZ_CONNECTION_CONNECTED);
  g_assert_nonnull (strstr (yz_connection_indicator_get_label (indicator), "HZ-GW"));
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (indicator), "connected"));
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (indicator), "disconnected"));
  /* On screen: the state's icon, the state on one line and the gateway's name under it. */
  {
    GtkImage *image = GTK_IMAGE (yz_test_find_by_type (GTK_WIDGET (indicator), GTK_TYPE_IMAGE));
    GtkWidget *label = yz_test_find_by_type (GTK_WIDGET (indicator), GTK_TYPE_LABEL);

    g_assert_cmpstr (gtk_image_get_icon_name (image), ==, "network-wired-symbolic");
    g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (label)), ==, _("Connected"));
    g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (gtk_widget_get_next_sibling (label))), ==,
                     "HZ-GW");
  }
}

static void
test_window_restores_state (Fixture *fixture, gconstpointer data)
{
  int width = 0;
  int height = 0;

  g_settings_set_int (fixture->settings, "window-width", 1000);
  g_settings_set_int (fixture->settings, "window-height", 700);
  g_settings_set_string (fixture->settings, "last-section", "supplies");

  fixture_open_window (fixture);
  gtk_window_get_default_size (GTK_WINDOW (fixture->window), &width, &height);
  g_assert_cmpint (width, ==, 1000);
  g_assert_cmpint (height, ==, 700);
  g_assert_cmpstr (yz_window_get_section (fixture->window), ==, "supplies");

  /* Closing saves the size the officer left it at. */
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 900, 640);
  gtk_window_close (GTK_WINDOW (fixture->window));
  fixture->window = NULL;
  g_assert_cmpint (g_settings_get_int (fixture->settings, "window-width"), ==, 900);
  g_assert_cmpint (g_settings_get_int (fixture->settings, "window-height"), ==, 640);
  g_assert_false (g_settings_get_boolean (fixture->settings, "window-maximized"));
}

static void
test_window_store_created (Fixture *fixture, gconstpointer data)
{
  YzStore *store = yz_application_get_store (fixture->app);
  /* Startup opened the local record in the (isolated) user data dir. */
  g_assert_nonnull (store);
  g_assert_true (g_str_has_suffix (yz_store_get_path (store), "/data/yizhan/yizhan.db"));
  g_assert_true (g_file_test (yz_store_get_path (store), G_FILE_TEST_IS_REGULAR));
  g_assert_cmpint (yz_store_get_version (store), ==, yz_store_latest_version ());
}

/* A toast (or any label) in the window that says exactly @text. */
static gboolean
window_says (YzWindow *window, const char *text)
{
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();

  yz_test_collect (GTK_WIDGET (window), GTK_TYPE_LABEL, labels);
  for (guint i = 0; i < labels->len; i++)
    if (g_strcmp0 (gtk_label_get_label (g_ptr_array_index (labels, i)), text) == 0)
      return TRUE;
  return FALSE;
}

/* A door's answer that comes after "outcome unknown" is told by the window of the session
 * that sent the command, whatever page is open; not by a window of another session. */
static void
test_window_door_late_result (Fixture *fixture, gconstpointer data)
{
  g_autoptr(YzGatewayBackend) backend =
      yz_gateway_backend_new ("http://127.0.0.1:9", NULL, NULL, NULL);
  g_autoptr(YzSession) session = yz_session_new (NULL, YZ_BACKEND (backend));
  g_autoptr(YzSession) other = yz_session_new (NULL, YZ_BACKEND (backend));
  g_autofree char *told = yz_door_late_result_text ("hz-0001-door1", "lock", "refused", "jammed");
  g_autofree char *carried_out =
      yz_door_late_result_text ("hz-0001-door2", "open", "carried-out", NULL);

  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);
  fixture_open_window (fixture);
  yz_window_set_session (fixture->window, session);
  g_signal_emit_by_name (other, "door-command-late-result", "hz-0001-door2", "open", "carried-out",
                         NULL);
  g_signal_emit_by_name (session, "door-command-late-result", "hz-0001-door1", "lock", "refused",
                         "jammed");
  g_assert_true (yz_test_wait_for_draw (GTK_WIDGET (fixture->window), 5000));
  g_assert_true (window_says (fixture->window, told));
  g_assert_false (window_says (fixture->window, carried_out));
  yz_window_set_session (fixture->window, NULL);
}

int
main (int argc, char *argv[])
{
  yz_test_gtk_init (&argc, &argv);

#define ADD(path, func)                                                                            \
  g_test_add ("/yizhan/window/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  /* First: the application starts (and opens its store) in this test's isolated dirs. */
  ADD ("store-created", test_window_store_created);
  ADD ("opens", test_window_opens);
  ADD ("lazy-sections", test_window_lazy_sections);
  ADD ("section-action", test_window_section_action);
  ADD ("section-shortcuts", test_window_section_shortcuts);
  ADD ("app-accels", test_window_app_accels);
  ADD ("alarm-counter", test_window_alarm_counter);
  ADD ("connection-indicator", test_window_connection_indicator);
  ADD ("restores-state", test_window_restores_state);
  ADD ("door-late-result", test_window_door_late_result);
#undef ADD

  return g_test_run ();
}
