/* yz-statistics-page.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "yz-chart.h"
#include "yz-session.h"
#include "yz-stats.h"

G_BEGIN_DECLS

/* What the page shows: the charts, or which empty state stands in for them. */
typedef enum
{
  YZ_STATISTICS_SHOW_CHARTS,
  YZ_STATISTICS_SHOW_NO_GATEWAY,    /* no session: "Set Up a Gateway" */
  YZ_STATISTICS_SHOW_NOT_CONNECTED, /* nothing recorded and not connected */
  YZ_STATISTICS_SHOW_NOTHING_YET,   /* connected, nothing recorded yet */
} YzStatisticsShow;

#define YZ_TYPE_STATISTICS_PAGE (yz_statistics_page_get_type ())
G_DECLARE_FINAL_TYPE (YzStatisticsPage, yz_statistics_page, YZ, STATISTICS_PAGE, GtkWidget)

GtkWidget *yz_statistics_page_new (void);
void yz_statistics_page_set_session (YzStatisticsPage *self, YzSession *session);
YzSession *yz_statistics_page_get_session (YzStatisticsPage *self);
void yz_statistics_page_refresh (YzStatisticsPage *self);
void yz_statistics_page_set_range (YzStatisticsPage *self, guint32 from_day, guint32 to_day);
void yz_statistics_page_set_district (YzStatisticsPage *self, const char *district);
YzChart *yz_statistics_page_get_chart (YzStatisticsPage *self, const char *name);
const YzStatsVisits *yz_statistics_page_get_visits (YzStatisticsPage *self);
const YzStatsAlarms *yz_statistics_page_get_alarms (YzStatisticsPage *self);
gint64 yz_statistics_page_get_last_query_us (YzStatisticsPage *self);
gboolean yz_statistics_page_export_csv (YzStatisticsPage *self, GFile *folder, GError **error);
gboolean yz_statistics_page_export_pdf (YzStatisticsPage *self, const char *path, GError **error);
YzStatisticsShow yz_statistics_page_what_to_show (gboolean have_session, YzConnectionState state,
                                                  gboolean have_data);

G_END_DECLS
