/* yz-map-page.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "yz-session.h"

G_BEGIN_DECLS

#define YZ_TYPE_MAP_PAGE (yz_map_page_get_type ())
G_DECLARE_FINAL_TYPE (YzMapPage, yz_map_page, YZ, MAP_PAGE, GtkWidget)

GtkWidget *yz_map_page_new (void);
YzSession *yz_map_page_get_session (YzMapPage *self);
void yz_map_page_set_session (YzMapPage *self, YzSession *session);
gboolean yz_map_page_show_station (YzMapPage *self, const char *station_id);
YzStation *yz_map_page_get_selected (YzMapPage *self);
GtkWidget *yz_map_page_get_map (YzMapPage *self);
GtkWidget *yz_map_page_get_station_layer (YzMapPage *self);
GtkWidget *yz_map_page_get_base_layer (YzMapPage *self);
GtkWidget *yz_map_page_get_panel (YzMapPage *self);
const char *yz_map_page_get_tile_problem (YzMapPage *self);
GListModel *yz_map_page_get_search_results (YzMapPage *self);
const char *yz_map_page_get_summary (YzMapPage *self);
char *yz_map_page_summary_text (guint n_stations, guint n_alarms, guint n_doors, guint n_offline,
                                gboolean connected);
gboolean yz_map_page_describe_empty (gboolean has_session, YzConnectionState state,
                                     const char **title, const char **description);

G_END_DECLS
