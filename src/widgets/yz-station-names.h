/* yz-station-names.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <graphene.h>

#include "yz-station-mark.h"

G_BEGIN_DECLS

/* At or above this zoom (street level) stations are named on the map. */
#define YZ_LABEL_MIN_ZOOM 14.0

/* A station's name to place: its mark's centre and the name's size, in widget px. */
typedef struct
{
  double x, y;
  double width, height;
  int priority; /* higher is placed first */
} YzNameLabel;

gboolean yz_map_box_is_free (const graphene_rect_t *box, const graphene_rect_t *taken,
                             guint n_taken);
graphene_rect_t yz_station_label_box (const YzNameLabel *label);
guint yz_station_labels_choose (double zoom, const YzNameLabel *labels, guint n_labels,
                                gboolean *shown);

G_END_DECLS
