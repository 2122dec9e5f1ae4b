/* yz-startup-report.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * For tests/bench/bench-startup.c: with YIZHAN_REPORT_FIRST_FRAME=FILE the console appends
 * to FILE, in CLOCK_MONOTONIC microseconds (the same clock in every process, so the bench
 * subtracts the time it spawned the console):
 *
 *   first-frame <monotonic-us> <stations> <drawn>   the main window's first "after-paint"
 *   connected <monotonic-us> <stations> <drawn>     the session's first connection
 *
 * <stations> counts the stations in the session's city at that moment (0 without a
 * session), <drawn> the station marks the map drew in its last snapshot (0 when the map is
 * not the section shown): what the first frame showed.
 */

#define G_LOG_DOMAIN "yz-startup-report"

#include "config.h"

#include <stdio.h>

#include "yz-map-page.h"
#include "yz-session.h"
#include "yz-station-layer.h"
#include "yz-startup-report.h"
#include "yz-window.h"

typedef struct
{
  GtkWindow *window; /* weak */
  char *path;
  gulong after_paint_id;
  GdkFrameClock *frame_clock;
  YzSession *session; /* weak, the one watched for its connection */
  gboolean connected;
} Report;

static guint
count_stations (YzSession *session)
{
  if (session == NULL)
    return 0;
  return g_list_model_get_n_items (yz_city_get_stations (yz_session_get_city (session)));
}

static guint
count_drawn (GtkWindow *window)
{
  GtkWidget *map;

  if (!YZ_IS_WINDOW (window) || g_strcmp0 (yz_window_get_section (YZ_WINDOW (window)), "map") != 0)
    return 0;
  map = yz_window_get_page (YZ_WINDOW (window), "map");
  return yz_station_layer_get_n_drawn (
      YZ_STATION_LAYER (yz_map_page_get_station_layer (YZ_MAP_PAGE (map))));
}

static YzSession *
window_session (GtkWindow *window)
{
  return YZ_IS_WINDOW (window) ? yz_window_get_session (YZ_WINDOW (window)) : NULL;
}

static void
report_line (Report *report, const char *what, YzSession *session)
{
  FILE *file = fopen (report->path, "a");

  if (file == NULL)
    {
      g_warning ("Cannot write the start-up report to %s", report->path);
      return;
    }
  fprintf (file, "%s %" G_GINT64_FORMAT " %u %u\n", what, g_get_monotonic_time (),
           count_stations (session), report->window ? count_drawn (report->window) : 0);
  fclose (file);
}

static void
connection_state_cb (YzSession *session, GParamSpec *pspec, Report *report)
{
  if (report->connected || yz_session_get_connection_state (session) != YZ_CONNECTION_CONNECTED)
    return;
  report->connected = TRUE;
  report_line (report, "connected", session);
}

static void
watch_session (Report *report)
{
  YzSession *session = report->window ? window_session (report->window) : NULL;

  if (session == report->session || report->connected)
    return;
  if (report->session != NULL)
    g_signal_handlers_disconnect_by_data (report->session, report);
  g_set_weak_pointer (&report->session, session);
  if (session != NULL)
    {
      g_signal_connect (session, "notify::connection-state", G_CALLBACK (connection_state_cb),
                        report);
      connection_state_cb (session, NULL, report);
    }
}

static void
after_paint_cb (GdkFrameClock *frame_clock, Report *report)
{
  g_clear_signal_handler (&report->after_paint_id, frame_clock);
  if (report->window == NULL)
    return;
  report_line (report, "first-frame", window_session (report->window));
}

static void
realize_cb (GtkWidget *widget, Report *report)
{
  GdkFrameClock *frame_clock = gtk_widget_get_frame_clock (widget);

  if (report->after_paint_id != 0 || frame_clock == NULL)
    return;
  report->frame_clock = frame_clock;
  report->after_paint_id =
      g_signal_connect (frame_clock, "after-paint", G_CALLBACK (after_paint_cb), report);
}

/**
 * yz_startup_report_watch:
 *
 * Reports @window's first frame, and its session's first connection, to the file named by
 * `YIZHAN_REPORT_FIRST_FRAME` (nothing without it). Once per run.
 */
void
yz_startup_report_watch (GtkWindow *window)
{
  static gboolean watching;
  const char *path = g_getenv ("YIZHAN_REPORT_FIRST_FRAME");
  Report *report;

  g_return_if_fail (GTK_IS_WINDOW (window));

  if (watching || path == NULL || path[0] == '\0')
    return;
  watching = TRUE;

  /* Lives as long as the process: one per run. */
  report = g_new0 (Report, 1);
  report->path = g_strdup (path);
  g_set_weak_pointer (&report->window, window);
  g_signal_connect (window, "realize", G_CALLBACK (realize_cb), report);
  g_signal_connect_swapped (window, "notify::session", G_CALLBACK (watch_session), report);
  if (gtk_widget_get_realized (GTK_WIDGET (window)))
    realize_cb (GTK_WIDGET (window), report);
  watch_session (report);
}
