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

#define YZ_TYPE_STATISTICS_PAGE (yz_statistics_page_get_type ())
G_DECLARE_FINAL_TYPE (YzStatisticsPage, yz_statistics_page, YZ, STATISTICS_PAGE, GtkWidget)

GtkWidget           *yz_statistics_page_new          (void);
void                 yz_statistics_page_set_session  (YzStatisticsPage *self,
                                                      YzSession        *session);
void                 yz_statistics_page_refresh      (YzStatisticsPage *self);
void                 yz_statistics_page_set_range    (YzStatisticsPage *self,
                                                      guint32           from_day,
                                                      guint32           to_day);
void                 yz_statistics_page_set_district (YzStatisticsPage *self,
                                                      const char       *district);
YzChart             *yz_statistics_page_get_chart    (YzStatisticsPage *self,
                                                      const char       *name);
const YzStatsVisits *yz_statistics_page_get_visits   (YzStatisticsPage *self);
const YzStatsAlarms *yz_statistics_page_get_alarms   (YzStatisticsPage *self);
gint64               yz_statistics_page_get_last_query_us (YzStatisticsPage *self);
gboolean             yz_statistics_page_export_csv   (YzStatisticsPage *self,
                                                      GFile            *folder,
                                                      GError          **error);
gboolean             yz_statistics_page_export_pdf   (YzStatisticsPage *self,
                                                      const char       *path,
                                                      GError          **error);

G_END_DECLS
