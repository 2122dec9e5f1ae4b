/* yz-station.h
 *
 * YzStation, an item of the session's list models. Only the core changes it
 * (yz-station-private.h).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "yz-enums.h"

G_BEGIN_DECLS

#define YZ_TYPE_STATION (yz_station_get_type ())
G_DECLARE_FINAL_TYPE (YzStation, yz_station, YZ, STATION, GObject)

const char *yz_station_get_id (YzStation *self);
const char *yz_station_get_name (YzStation *self);
const char *yz_station_get_district (YzStation *self);
const char *yz_station_get_address (YzStation *self);
double yz_station_get_lat (YzStation *self);
double yz_station_get_lon (YzStation *self);
const char *yz_station_get_datum (YzStation *self);
const char *yz_station_get_kind (YzStation *self);
const char *yz_station_get_opening_hours (YzStation *self);
int yz_station_get_capacity (YzStation *self);
const char *const *yz_station_get_facilities (YzStation *self);
gboolean yz_station_get_online (YzStation *self);
int yz_station_get_occupancy (YzStation *self);
double yz_station_get_temperature (YzStation *self);
gint64 yz_station_get_last_seen (YzStation *self);
guint yz_station_get_n_open_alarms (YzStation *self);
YzPriority yz_station_get_worst_priority (YzStation *self);
gboolean yz_station_get_door_alert (YzStation *self);
guint yz_station_get_n_low_stock (YzStation *self);
GListModel *yz_station_get_cameras (YzStation *self);
GListModel *yz_station_get_doors (YzStation *self);
GListModel *yz_station_get_stock (YzStation *self);
GListModel *yz_station_get_devices (YzStation *self);

G_END_DECLS
