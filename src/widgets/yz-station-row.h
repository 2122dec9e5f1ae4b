/* yz-station-row.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define YZ_TYPE_STATION_ROW (yz_station_row_get_type ())
G_DECLARE_FINAL_TYPE (YzStationRow, yz_station_row, YZ, STATION_ROW, AdwActionRow)

GtkWidget *yz_station_row_new (gpointer item);
gpointer yz_station_row_get_item (YzStationRow *self);
void yz_station_row_set_action (YzStationRow *self, GtkWidget *action, const char *tooltip,
                                const char *role_reason);
GtkWidget *yz_station_row_get_action (YzStationRow *self);
const char *yz_station_row_get_tooltip (YzStationRow *self);
const char *yz_station_row_get_role_reason (YzStationRow *self);
gboolean yz_station_row_get_busy (YzStationRow *self);
void yz_station_row_set_busy (YzStationRow *self, gboolean busy);
GtkPicture *yz_station_row_get_picture (YzStationRow *self);
void yz_station_row_set_picture (YzStationRow *self, GtkPicture *picture);
GtkLevelBar *yz_station_row_get_bar (YzStationRow *self);
void yz_station_row_set_bar (YzStationRow *self, GtkLevelBar *bar);

G_END_DECLS
