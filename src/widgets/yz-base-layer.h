/* yz-base-layer.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <shumate/shumate.h>

#include "yz-geo.h"
#include "yz-station-layer.h"

G_BEGIN_DECLS

#define YZ_TYPE_BASE_LAYER (yz_base_layer_get_type ())
G_DECLARE_FINAL_TYPE (YzBaseLayer, yz_base_layer, YZ, BASE_LAYER, ShumateLayer)

YzBaseLayer *yz_base_layer_new (ShumateViewport *viewport);
void yz_base_layer_set_stations (YzBaseLayer *self, GListModel *stations);
void yz_base_layer_set_datum (YzBaseLayer *self, YzDatum datum);
double yz_base_layer_get_grid_step (YzBaseLayer *self);
guint yz_base_layer_get_n_districts (YzBaseLayer *self);
guint yz_base_layer_get_n_district_labels (YzBaseLayer *self);
const GArray *yz_base_layer_get_district_label_boxes (YzBaseLayer *self);
void yz_base_layer_set_marks (YzBaseLayer *self, YzStationLayer *marks);
void yz_base_layer_set_keep_clear (YzBaseLayer *self, const graphene_rect_t *boxes, guint n_boxes);
int yz_base_layer_place_district (const graphene_rect_t *candidates, guint n_candidates,
                                  const graphene_rect_t *taken, guint n_taken);

G_END_DECLS
