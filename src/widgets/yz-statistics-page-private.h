/* yz-statistics-page-private.h
 *
 * What the statistics page shares with its export (yz-statistics-export.c) and nothing else.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "yz-statistics-page.h"
#include "yz-totals-card.h"

G_BEGIN_DECLS

typedef enum
{
  CHART_TREND,
  CHART_OCCUPATIONS,
  CHART_BUSIEST,
  CHART_QUIETEST,
  CHART_HEAT,
  CHART_ALARM_TYPES,
  CHART_PRIORITIES,
  CHART_RESPONSE,
  CHART_OPERATORS,
  CHART_DOOR_REASONS,
  CHART_STOCK,
  N_CHARTS
} ChartId;

typedef enum
{
  TOTAL_VISITS,
  TOTAL_WORKERS,
  TOTAL_REFUSED,
  TOTAL_ALARMS,
  TOTAL_ACK,
  TOTAL_RESOLVE,
  N_TOTALS
} TotalId;

struct _YzStatisticsPage
{
  GtkWidget parent_instance;

  GtkDropDown *range_dropdown;
  GtkMenuButton *custom_button;
  GtkPopover *custom_popover;
  GtkCalendar *from_calendar;
  GtkCalendar *to_calendar;
  GtkButton *custom_apply;
  GtkDropDown *district_dropdown;
  GtkDropDown *station_dropdown;
  GtkLabel *range_label;
  GtkStack *stack;
  AdwStatusPage *empty_page;
  GtkWidget *setup_button;
  GtkBox *totals_box;
  GtkGrid *grid;

  YzSession *session;
  GTimeZone *tz;
  GtkStringList *districts; /* "All Districts", then the names */
  GtkStringList *stations;  /* "All Stations", then the names of the district's */
  GPtrArray *station_ids;   /* parallel to stations, NULL first */
  YzChart *charts[N_CHARTS];
  YzTotalsCard *totals[N_TOTALS];
  guint32 custom_from;
  guint32 custom_to;
  guint refresh_id;
  GSignalGroup *session_signals;  /* on the session */
  GSignalGroup *stations_signals; /* on its stations */
  gboolean dirty;

  YzStatsFilter filter;
  YzStatsVisits visits;
  YzStatsAlarms alarms;
  YzStatsSupplies supplies;
  gint64 last_query_us;
};

extern const char *const yz_statistics_chart_titles[N_CHARTS];
extern const char *const yz_statistics_total_names[N_TOTALS];

char *yz_statistics_format_day (guint32 day);

G_END_DECLS
