/* yz-station-private.h
 *
 * How the core builds and changes a YzStation. Not for the UI.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "yz-event.h"
#include "yz-station.h"

G_BEGIN_DECLS

YzStation *yz_station_new (const YzStationData *data);
void yz_station_update (YzStation *self, const YzStationData *data);
void yz_station_set_status (YzStation *self, gboolean online, int occupancy,
                            gboolean has_temperature, double temperature, gint64 last_seen);
void yz_station_set_last_seen (YzStation *self, gint64 last_seen);
void yz_station_set_alarm_summary (YzStation *self, guint n_open, YzPriority worst);
void yz_station_refresh (YzStation *self);

G_END_DECLS
