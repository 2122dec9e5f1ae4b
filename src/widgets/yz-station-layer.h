/* yz-station-layer.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <shumate/shumate.h>

#include "yz-geo.h"
#include "yz-items.h"
#include "yz-station-mark.h"
#include "yz-station-names.h"

G_BEGIN_DECLS

#define YZ_TYPE_STATION_LAYER (yz_station_layer_get_type ())
G_DECLARE_FINAL_TYPE (YzStationLayer, yz_station_layer, YZ, STATION_LAYER, ShumateLayer)

YzStationLayer *yz_station_layer_new (ShumateViewport *viewport);
void yz_station_layer_set_stations (YzStationLayer *self, GListModel *stations);
void yz_station_layer_set_datum (YzStationLayer *self, YzDatum datum);
void yz_station_layer_set_selected (YzStationLayer *self, YzStation *station);
YzStation *yz_station_layer_get_selected (YzStationLayer *self);
gboolean yz_station_layer_get_position (YzStationLayer *self, YzStation *station, double *x,
                                        double *y);
void yz_station_layer_get_map_location (YzStationLayer *self, YzStation *station, double *lat,
                                        double *lon);
guint yz_station_layer_get_n_drawn (YzStationLayer *self);
guint yz_station_layer_get_n_labels (YzStationLayer *self);
void yz_station_layer_set_stale (YzStationLayer *self, gboolean stale);
gboolean yz_station_layer_get_stale (YzStationLayer *self);
GArray *yz_station_layer_get_mark_boxes (YzStationLayer *self, int width, int height);
YzStation *yz_station_layer_pick (YzStationLayer *self, double x, double y, guint *n_in_cluster);

gboolean yz_station_layer_fit_map (YzStationLayer *self, ShumateMap *map, GListModel *stations,
                                   double padding);

G_END_DECLS
