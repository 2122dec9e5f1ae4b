/* yz-city-private.h
 *
 * What changes the city: applying the gateway's state and events, the console's own
 * alarms, stock and device answers. For the core (the session's files) and the tests; a
 * widget only reads the city through yz-city.h.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "yz-city.h"

G_BEGIN_DECLS

void yz_city_apply_state (YzCity *self, GPtrArray *stations, GPtrArray *cameras, GPtrArray *doors,
                          GPtrArray *stock, GPtrArray *devices);
YzAlarm *yz_city_add_alarm (YzCity *self, const YzAlarmData *data, gboolean derived,
                            gboolean *is_new);
void yz_city_update_alarm_counts (YzCity *self);
YzAlarm *yz_city_apply_event (YzCity *self, const YzEvent *event, gboolean in_state,
                              gboolean *is_new);
void yz_city_update_stock (YzCity *self, const YzStockData *data);
void yz_city_update_device (YzCity *self, const YzDeviceData *data);

G_END_DECLS
