/* yz-statistics-page.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define YZ_TYPE_STATISTICS_PAGE (yz_statistics_page_get_type ())
G_DECLARE_FINAL_TYPE (YzStatisticsPage, yz_statistics_page, YZ, STATISTICS_PAGE, GtkWidget)

GtkWidget *yz_statistics_page_new (void);

G_END_DECLS
