/* test-app.c — the assembled console, as a duty officer meets it.
 *
 * The widget tests build each page alone and hand it a session; this one runs the
 * application itself with `--demo` (the same code path as `yizhan --demo`: YzApplication's
 * command line, YzDemo starting yizhan-sim, the window wiring its pages) and checks that
 * every section, the wall display and the audit log show the simulator's data. A second
 * case loses the gateway under a window and checks the banner that says so.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "yz-alarms-page.h"
#include "yz-application.h"
#include "yz-audit-window.h"
#include "yz-connection-indicator.h"
#include "yz-entries-page.h"
#include "yz-gateway-backend.h"
#include "yz-map-page.h"
#include "yz-session.h"
#include "yz-station-layer.h"
#include "yz-statistics-page.h"
#include "yz-stream.h"
#include "yz-stream-paintable.h"
#include "yz-supplies-page.h"
#include "yz-test-gtk.h"
#include "yz-test-sim.h"
#include "yz-video-page.h"
#include "yz-video-tile.h"
#include "yz-wall-window.h"
#include "yz-window.h"

static GtkWidget *
find_by_css (GtkWidget  *widget,
             const char *css_class)
{
  if (gtk_widget_has_css_class (widget, css_class))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_by_css (child, css_class);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static double
page_top (YzWindow *window)
{
  graphene_point_t point = GRAPHENE_POINT_INIT (0, 0);
  graphene_point_t out;

  g_assert_true (gtk_widget_compute_point (yz_window_get_page (window, "map"), GTK_WIDGET (window), &point, &out));
  return out.y;
}

/* One application for the whole process: GApplication registers once. */
static YzApplication *
get_app (void)
{
  static YzApplication *app;

  if (app == NULL)
    {
      app = yz_application_new ();
      g_application_set_flags (G_APPLICATION (app),
                               g_application_get_flags (G_APPLICATION (app)) | G_APPLICATION_NON_UNIQUE);
    }
  return app;
}

typedef struct
{
  YzApplication *app;
  YzWindow      *window;
  YzSession     *session;
  char          *alarm_id;
  double         page_top;
  gboolean       done;
  gboolean       action_done;
  GError        *action_error;
} Demo;

static gboolean
connected (gpointer data)
{
  Demo *d = data;

  d->window = YZ_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (d->app)));
  d->session = d->window ? yz_window_get_session (d->window) : NULL;

  return d->session != NULL &&
         yz_session_get_connection_state (d->session) == YZ_CONNECTION_CONNECTED &&
         g_list_model_get_n_items (yz_session_get_stations (d->session)) > 0;
}

static gboolean
stations_drawn (gpointer data)
{
  Demo *d = data;
  YzMapPage *map = YZ_MAP_PAGE (yz_window_get_page (d->window, "map"));

  return yz_station_layer_get_n_drawn (YZ_STATION_LAYER (yz_map_page_get_station_layer (map))) > 0;
}

static gboolean
first_tile_playing (gpointer data)
{
  Demo *d = data;
  YzVideoTile *tile = yz_video_page_get_tile (YZ_VIDEO_PAGE (yz_window_get_page (d->window, "video")), 0);
  YzStream *stream = tile ? yz_video_tile_get_stream (tile) : NULL;

  return stream != NULL && yz_stream_get_state (stream) == YZ_STREAM_PLAYING &&
         yz_stream_paintable_has_frame (yz_video_tile_get_shown (tile));
}

static gboolean
alarm_listed (gpointer data)
{
  Demo *d = data;
  GListModel *model = yz_alarms_page_get_model (YZ_ALARMS_PAGE (yz_window_get_page (d->window, "alarms")));

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(YzAlarm) alarm = g_list_model_get_item (model, i);

      if (g_strcmp0 (yz_alarm_get_id (alarm), d->alarm_id) == 0)
        return TRUE;
    }
  return FALSE;
}

static gboolean
critical_shown (gpointer data)
{
  Demo *d = data;
  GtkWidget *banner = find_by_css (GTK_WIDGET (d->window), "critical-banner");

  return banner != NULL && gtk_widget_get_mapped (banner);
}

/* The made-up month of the demo: tens of thousands of entries, in the page without a
 * restart. */
static gboolean
history_listed (gpointer data)
{
  Demo *d = data;
  GListModel *model = yz_entries_page_get_model (YZ_ENTRIES_PAGE (yz_window_get_page (d->window, "entries")));

  return model != NULL && g_list_model_get_n_items (model) > 10000;
}

static gboolean
supplies_listed (gpointer data)
{
  Demo *d = data;
  GListModel *model = yz_supplies_page_get_model (YZ_SUPPLIES_PAGE (yz_window_get_page (d->window, "supplies")));

  return model != NULL && g_list_model_get_n_items (model) > 0;
}

static gboolean
visits_counted (gpointer data)
{
  Demo *d = data;
  const YzStatsVisits *visits = yz_statistics_page_get_visits (YZ_STATISTICS_PAGE (yz_window_get_page (d->window, "statistics")));

  return visits != NULL && visits->granted > 0;
}

static GtkWindow *
find_toplevel (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();   /* (transfer none) */

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (window, type))
        return window;
    }
  return NULL;
}

typedef struct
{
  YzWallWindow *wall;
} Wall;

static gboolean
wall_counts (gpointer data)
{
  Wall *w = data;
  const char *visits = yz_wall_window_get_value (w->wall, 0);
  const char *online = yz_wall_window_get_value (w->wall, 2);

  return visits != NULL && g_strcmp0 (visits, "0") != 0 && g_strcmp0 (visits, "—") != 0 &&
         online != NULL && online[0] != '\0' && g_strcmp0 (online, "0") != 0;
}

static void
action_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  Demo *d = user_data;

  yz_session_alarm_action_finish (YZ_SESSION (object), result, &d->action_error);
  d->action_done = TRUE;
}

static gboolean
action_finished (gpointer data)
{
  return ((Demo *)data)->action_done;
}

static gboolean
audit_lists_alarm (gpointer data)
{
  YzAuditWindow *audit = YZ_AUDIT_WINDOW (find_toplevel (YZ_TYPE_AUDIT_WINDOW));
  GListModel *model = audit ? yz_audit_window_get_model (audit) : NULL;

  /* The acknowledgement's request and its result. */
  return model != NULL && g_list_model_get_n_items (model) >= 2;
}

/* What the officer sees of a section once its data is in. */
static void
shoot (Demo       *d,
       const char *section)
{
  g_autofree char *name = g_strdup_printf ("app-%s", section);

  g_assert_true (yz_test_wait_for_draw (GTK_WIDGET (d->window), 5000));
  g_free (yz_test_screenshot (GTK_WIDGET (d->window), name));
}

static void
show_section (Demo       *d,
              const char *section)
{
  gtk_widget_activate_action (GTK_WIDGET (d->window), "win.section", "s", section);
  g_assert_cmpstr (yz_window_get_section (d->window), ==, section);
  g_assert_true (yz_test_wait_for_draw (GTK_WIDGET (d->window), 5000));
  /* Whatever the status strip says (a critical alarm, a lost gateway), pages stay put. */
  g_assert_cmpfloat (page_top (d->window), ==, d->page_top);
}

static gboolean
run_checks_cb (gpointer user_data)
{
  Demo *d = user_data;
  YzStation *station;

  /* yizhan --demo: the simulator starts, the console logs in and loads the city. */
  g_assert_true (yz_test_wait (connected, d, 60000));
  gtk_window_set_default_size (GTK_WINDOW (d->window), 1280, 800);
  g_assert_true (yz_test_wait_for_draw (GTK_WIDGET (d->window), 5000));
  d->page_top = page_top (d->window);

  /* Map: the stations are drawn. */
  show_section (d, "map");
  g_assert_true (yz_test_wait (stations_drawn, d, 20000));
  shoot (d, "map");

  /* Video wall: the first start fills the wall with live cameras, and they play. */
  show_section (d, "video");
  g_assert_true (yz_test_wait (first_tile_playing, d, 60000));
  shoot (d, "video");

  /* Alarms: one raised at the simulator reaches the table. */
  station = g_list_model_get_item (yz_session_get_stations (d->session), 0);
  {
    YzTestSim *sim = yz_test_sim_attach (yz_application_get_gateway_url (d->app));
    g_autofree char *token = yz_test_sim_login (sim, "operator");
    g_autofree char *body = g_strdup_printf ("{\"station_id\":\"%s\",\"type\":\"fall\"}", yz_station_get_id (station));
    g_autoptr(JsonNode) reply = NULL;
    guint status = 0;

    reply = yz_test_sim_request (sim, "POST", "/api/v1/_control/alarm", token, body, &status);
    g_assert_cmpuint (status, ==, 201);
    d->alarm_id = g_strdup (json_object_get_string_member (json_node_get_object (reply), "id"));
    yz_test_sim_stop (sim);
  }
  g_object_unref (station);
  show_section (d, "alarms");
  g_assert_true (yz_test_wait (alarm_listed, d, 20000));
  /* A fall is critical: the red banner shows, in the strip that was already there. */
  g_assert_true (yz_test_wait (critical_shown, d, 10000));
  shoot (d, "alarms");
  g_assert_cmpfloat (page_top (d->window), ==, d->page_top);

  /* Entries: the demo's made-up month, without a restart. */
  show_section (d, "entries");
  g_assert_true (yz_test_wait (history_listed, d, 150000));
  shoot (d, "entries");

  /* Supplies: every station's stock (in the real window, not only in the page's test). */
  show_section (d, "supplies");
  g_assert_true (yz_test_wait (supplies_listed, d, 20000));
  shoot (d, "supplies");

  /* Statistics: the month's visits are counted. */
  show_section (d, "statistics");
  yz_statistics_page_refresh (YZ_STATISTICS_PAGE (yz_window_get_page (d->window, "statistics")));
  g_assert_true (yz_test_wait (visits_counted, d, 20000));
  shoot (d, "statistics");

  /* The wall display (Shift+F11's action): today's visits and the stations online. */
  gtk_widget_activate_action (GTK_WIDGET (d->window), "win.wall-display", NULL);
  {
    Wall w = { YZ_WALL_WINDOW (find_toplevel (YZ_TYPE_WALL_WINDOW)) };

    g_assert_nonnull (w.wall);
    g_assert_true (yz_test_wait (wall_counts, &w, 30000));
    gtk_window_destroy (GTK_WINDOW (w.wall));
  }

  /* The audit log (main menu): the officer's acknowledgement, before and after. */
  {
    YzAlarm *alarm = yz_session_lookup_alarm (d->session, d->alarm_id);

    g_assert_nonnull (alarm);
    yz_session_alarm_action_async (d->session, alarm, YZ_ALARM_ACTION_ACKNOWLEDGE, NULL, NULL, NULL,
                                   NULL, action_cb, d);
    g_assert_true (yz_test_wait (action_finished, d, 20000));
    g_assert_no_error (d->action_error);
  }
  gtk_widget_activate_action (GTK_WIDGET (d->window), "win.audit", NULL);
  g_assert_true (yz_test_wait (audit_lists_alarm, d, 10000));
  gtk_window_destroy (find_toplevel (YZ_TYPE_AUDIT_WINDOW));

  /* Every section again on a 1920×1080 screen, for whoever checks the screenshots. */
  gtk_window_set_default_size (GTK_WINDOW (d->window), 1920, 1080);
  for (const char * const *section = yz_window_get_section_names (); *section != NULL; section++)
    {
      g_autofree char *name = g_strdup_printf ("%s-1920", *section);

      gtk_widget_activate_action (GTK_WIDGET (d->window), "win.section", "s", *section);
      shoot (d, name);
    }

  d->done = TRUE;
  g_application_quit (G_APPLICATION (d->app));
  return G_SOURCE_REMOVE;
}

static void
test_app_demo_sections (void)
{
  Demo d = { 0 };
  char *argv[] = { (char *)"yizhan", (char *)"--demo", NULL };

  d.app = get_app ();
  g_idle_add (run_checks_cb, &d);
  g_assert_cmpint (g_application_run (G_APPLICATION (d.app), 2, argv), ==, 0);
  g_assert_true (d.done);

  g_free (d.alarm_id);
  g_clear_error (&d.action_error);
}

/* ---- the gateway lost: a banner in every section, nothing moves ---- */

typedef struct
{
  YzSession *session;
  YzWindow  *window;
} Lost;

static gboolean
is_connected (gpointer data)
{
  return yz_session_get_connection_state (((Lost *)data)->session) == YZ_CONNECTION_CONNECTED;
}

static gboolean
banner_counting_down (gpointer data)
{
  Lost *l = data;
  GtkWidget *banner = find_by_css (GTK_WIDGET (l->window), "connection-banner");

  return banner != NULL && gtk_widget_get_visible (banner) &&
         yz_session_get_next_attempt (l->session) > 0;
}

static gboolean
banner_gone (gpointer data)
{
  Lost *l = data;
  GtkWidget *banner = find_by_css (GTK_WIDGET (l->window), "connection-banner");

  return is_connected (l) && !gtk_widget_get_visible (banner);
}

static void
test_app_gateway_lost (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(YzGatewayBackend) backend = NULL;
  g_autoptr(YzStore) store = NULL;
  YzApplication *app = get_app ();
  g_autofree char *port = NULL;
  g_autofree char *path = g_build_filename (g_get_user_data_dir (), "lost.db", NULL);
  YzTestSim *sim = yz_test_sim_start ("--stations=20", "--seed=7", NULL);
  Lost l = { 0 };
  double top;

  store = yz_store_open (path, &error);
  g_assert_no_error (error);
  backend = yz_gateway_backend_new (yz_test_sim_get_base_url (sim), NULL, NULL, &error);
  g_assert_no_error (error);
  l.session = yz_session_new (store, YZ_BACKEND (backend));
  yz_session_start (l.session, "operator", "operator", NULL);
  g_assert_true (yz_test_wait (is_connected, &l, 20000));

  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  l.window = yz_window_new (GTK_APPLICATION (app));
  gtk_window_set_default_size (GTK_WINDOW (l.window), 1280, 800);
  yz_window_set_session (l.window, l.session);
  gtk_window_present (GTK_WINDOW (l.window));
  g_assert_true (yz_test_wait_for_draw (GTK_WIDGET (l.window), 5000));
  g_assert_false (gtk_widget_get_visible (find_by_css (GTK_WIDGET (l.window), "connection-banner")));
  top = page_top (l.window);

  /* The gateway goes away: the banner says since when and counts down to the next try;
   * the page below does not move. */
  port = g_strdup_printf ("--port=%u", yz_test_sim_get_http_port (sim));
  yz_test_sim_stop (sim);
  g_assert_true (yz_test_wait (banner_counting_down, &l, 30000));
  g_assert_true (yz_test_wait_for_draw (GTK_WIDGET (l.window), 5000));
  g_assert_cmpfloat (page_top (l.window), ==, top);
  g_assert_true (gtk_widget_is_sensitive (find_by_css (GTK_WIDGET (l.window), "connection-banner")));
  {
    g_autofree char *text = yz_connection_describe_loss (yz_session_get_connection_state (l.session),
                                                         yz_session_get_disconnected_since (l.session),
                                                         yz_session_get_next_attempt (l.session),
                                                         g_get_real_time (), NULL, NULL);

    g_assert_nonnull (text);
  }
  g_free (yz_test_screenshot (GTK_WIDGET (l.window), "app-gateway-lost"));

  /* It comes back (same port, same city); "Retry Now" does not wait for the backoff. */
  sim = yz_test_sim_start ("--stations=20", "--seed=7", port, NULL);
  gtk_widget_activate_action (GTK_WIDGET (l.window), "win.retry-now", NULL);
  g_assert_true (yz_test_wait (banner_gone, &l, 10000));
  g_assert_cmpfloat (page_top (l.window), ==, top);

  gtk_window_destroy (GTK_WINDOW (l.window));
  yz_session_stop (l.session);
  g_clear_object (&l.session);
  yz_test_sim_stop (sim);
}

/* The banner's words, as plain values. */
static void
test_app_describe_loss (void)
{
  gint64 now = g_get_real_time ();
  gboolean can_retry = TRUE;
  g_autofree char *none = yz_connection_describe_loss (YZ_CONNECTION_CONNECTED, now - 60 * G_USEC_PER_SEC, 0, now, NULL, &can_retry);
  g_autofree char *first = yz_connection_describe_loss (YZ_CONNECTION_CONNECTING, 0, 0, now, NULL, NULL);
  g_autofree char *waiting = yz_connection_describe_loss (YZ_CONNECTION_DISCONNECTED, now - 5 * 60 * G_USEC_PER_SEC,
                                                          now + 12 * G_USEC_PER_SEC, now, NULL, &can_retry);
  g_autofree char *trying = NULL;
  g_autofree char *refused = NULL;

  g_assert_null (none);
  g_assert_null (first);
  g_assert_nonnull (waiting);
  g_assert_true (can_retry);
  if (!yz_test_is_chinese ())
    {
      g_assert_nonnull (strstr (waiting, "(5 minutes)"));
      g_assert_nonnull (strstr (waiting, "Next try in 12 seconds."));
    }
  else
    g_assert_nonnull (strstr (waiting, "12"));

  trying = yz_connection_describe_loss (YZ_CONNECTION_CONNECTING, now - G_USEC_PER_SEC, 0, now, NULL, &can_retry);
  g_assert_false (can_retry);
  g_assert_nonnull (trying);
  refused = yz_connection_describe_loss (YZ_CONNECTION_DISCONNECTED, now - G_USEC_PER_SEC, 0, now, "Wrong password", &can_retry);
  g_assert_false (can_retry);
  g_assert_nonnull (strstr (refused, "Wrong password"));
}

int
main (int   argc,
      char *argv[])
{
  yz_test_gtk_init (&argc, &argv);

  g_test_add_func ("/yizhan/app/describe-loss", test_app_describe_loss);
  g_test_add_func ("/yizhan/app/gateway-lost", test_app_gateway_lost);
  g_test_add_func ("/yizhan/app/demo-sections", test_app_demo_sections);

  return g_test_run ();
}
