/* yz-city.h
 *
 * The city as the console holds it: the list models (stations with their cameras, doors,
 * stock and devices; cameras, stock, devices and alarms flat; the entries), the id
 * indexes, the alarm counts, and applying a state or an event to the items. No SQL and
 * no network: the session feeds it plain values (yz-event.h), and so can a test. What
 * changes the city is in yz-city-private.h, for the core and the tests: the widgets read.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "yz-entry-model.h"
#include "yz-event.h"
#include "yz-items.h"
#include "yz-store.h"

G_BEGIN_DECLS

#define YZ_TYPE_CITY (yz_city_get_type ())
G_DECLARE_FINAL_TYPE (YzCity, yz_city, YZ, CITY, GObject)

YzCity *yz_city_new (YzStore *store);

GListModel *yz_city_get_stations (YzCity *self);
GListModel *yz_city_get_cameras (YzCity *self);
GListModel *yz_city_get_alarms (YzCity *self);
GListModel *yz_city_get_stock (YzCity *self);
GListModel *yz_city_get_devices (YzCity *self);
YzEntryModel *yz_city_get_entries (YzCity *self);
guint yz_city_get_n_unacknowledged (YzCity *self);

YzStation *yz_city_lookup_station (YzCity *self, const char *id);
YzCamera *yz_city_lookup_camera (YzCity *self, const char *id);
YzDoor *yz_city_lookup_door (YzCity *self, const char *id);
YzStock *yz_city_lookup_stock (YzCity *self, const char *id);
YzDevice *yz_city_lookup_device (YzCity *self, const char *id);
YzAlarm *yz_city_lookup_alarm (YzCity *self, const char *id);
const char *yz_city_district_of (YzCity *self, const char *station_id);

G_END_DECLS
