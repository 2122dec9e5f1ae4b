/* yz-items-private.h
 *
 * How the session builds and changes the items. Not for the UI.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "yz-event.h"
#include "yz-items.h"

G_BEGIN_DECLS

YzStation *yz_station_new                (const YzStationData *data);
void       yz_station_update             (YzStation           *self,
                                          const YzStationData *data);
void       yz_station_set_status         (YzStation           *self,
                                          gboolean             online,
                                          int                  occupancy,
                                          gboolean             has_temperature,
                                          double               temperature,
                                          gint64               last_seen);
void       yz_station_set_last_seen      (YzStation           *self,
                                          gint64               last_seen);
void       yz_station_set_alarm_summary  (YzStation           *self,
                                          guint                n_open,
                                          YzPriority           worst);
void       yz_station_refresh            (YzStation           *self);

YzCamera  *yz_camera_new                 (const YzCameraData  *data);
void       yz_camera_update              (YzCamera            *self,
                                          const YzCameraData  *data);
void       yz_camera_set_online          (YzCamera            *self,
                                          gboolean             online);

YzDoor    *yz_door_new                   (const YzDoorData    *data);
void       yz_door_update                (YzDoor              *self,
                                          const YzDoorData    *data);
void       yz_door_set_state             (YzDoor              *self,
                                          const char          *state,
                                          const char          *mode);

YzStock   *yz_stock_new                  (const YzStockData   *data);
void       yz_stock_update               (YzStock             *self,
                                          const YzStockData   *data);
void       yz_stock_set_level            (YzStock             *self,
                                          gint64               level);

YzDevice  *yz_device_new                 (const YzDeviceData  *data);
void       yz_device_update              (YzDevice            *self,
                                          const YzDeviceData  *data);
void       yz_device_set_state           (YzDevice            *self,
                                          const char          *state);

YzAlarm   *yz_alarm_new                  (const YzAlarmData   *data,
                                          const char          *station_name,
                                          gboolean             derived);
void       yz_alarm_update               (YzAlarm             *self,
                                          const YzAlarmData   *data);

YzEntry   *yz_entry_new                  (const YzEntryData   *data);

G_END_DECLS
