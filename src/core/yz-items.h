/* yz-items.h
 *
 * The objects in the session's list models. Their properties notify when an event changes
 * them; the same object stays in the model for its whole life. Only the session changes
 * them (yz-items-private.h).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "yz-enums.h"

G_BEGIN_DECLS

#define YZ_TYPE_STATION (yz_station_get_type ())
G_DECLARE_FINAL_TYPE (YzStation, yz_station, YZ, STATION, GObject)

const char   *yz_station_get_id             (YzStation *self);
const char   *yz_station_get_name           (YzStation *self);
const char   *yz_station_get_district       (YzStation *self);
const char   *yz_station_get_address        (YzStation *self);
double        yz_station_get_lat            (YzStation *self);
double        yz_station_get_lon            (YzStation *self);
const char   *yz_station_get_datum          (YzStation *self);
const char   *yz_station_get_kind           (YzStation *self);
const char   *yz_station_get_opening_hours  (YzStation *self);
int           yz_station_get_capacity       (YzStation *self);
const char * const *yz_station_get_facilities (YzStation *self);
gboolean      yz_station_get_online         (YzStation *self);
int           yz_station_get_occupancy      (YzStation *self);
double        yz_station_get_temperature    (YzStation *self);
gint64        yz_station_get_last_seen      (YzStation *self);
guint         yz_station_get_n_open_alarms  (YzStation *self);
YzPriority    yz_station_get_worst_priority (YzStation *self);
gboolean      yz_station_get_door_alert     (YzStation *self);
guint         yz_station_get_n_low_stock    (YzStation *self);
GListModel   *yz_station_get_cameras        (YzStation *self);
GListModel   *yz_station_get_doors          (YzStation *self);
GListModel   *yz_station_get_stock          (YzStation *self);
GListModel   *yz_station_get_devices        (YzStation *self);

#define YZ_TYPE_CAMERA (yz_camera_get_type ())
G_DECLARE_FINAL_TYPE (YzCamera, yz_camera, YZ, CAMERA, GObject)

const char   *yz_camera_get_id              (YzCamera *self);
const char   *yz_camera_get_station_id      (YzCamera *self);
const char   *yz_camera_get_name            (YzCamera *self);
const char   *yz_camera_get_main_url        (YzCamera *self);
const char   *yz_camera_get_sub_url         (YzCamera *self);
const char   *yz_camera_get_snapshot_url    (YzCamera *self);
gboolean      yz_camera_get_online          (YzCamera *self);

#define YZ_TYPE_DOOR (yz_door_get_type ())
G_DECLARE_FINAL_TYPE (YzDoor, yz_door, YZ, DOOR, GObject)

const char   *yz_door_get_id                (YzDoor *self);
const char   *yz_door_get_station_id        (YzDoor *self);
const char   *yz_door_get_name              (YzDoor *self);
const char   *yz_door_get_state             (YzDoor *self);
const char   *yz_door_get_mode              (YzDoor *self);
gboolean      yz_door_get_alert             (YzDoor *self);

#define YZ_TYPE_STOCK (yz_stock_get_type ())
G_DECLARE_FINAL_TYPE (YzStock, yz_stock, YZ, STOCK, GObject)

const char   *yz_stock_get_id               (YzStock *self);
const char   *yz_stock_get_station_id       (YzStock *self);
const char   *yz_stock_get_item             (YzStock *self);
const char   *yz_stock_get_name             (YzStock *self);
const char   *yz_stock_get_unit             (YzStock *self);
gint64        yz_stock_get_level            (YzStock *self);
gint64        yz_stock_get_capacity         (YzStock *self);
gint64        yz_stock_get_low_threshold    (YzStock *self);
gboolean      yz_stock_get_low              (YzStock *self);

#define YZ_TYPE_DEVICE (yz_device_get_type ())
G_DECLARE_FINAL_TYPE (YzDevice, yz_device, YZ, DEVICE, GObject)

const char   *yz_device_get_id              (YzDevice *self);
const char   *yz_device_get_station_id      (YzDevice *self);
const char   *yz_device_get_kind            (YzDevice *self);
const char   *yz_device_get_name            (YzDevice *self);
const char   *yz_device_get_state           (YzDevice *self);
gboolean      yz_device_get_switchable      (YzDevice *self);

#define YZ_TYPE_ALARM (yz_alarm_get_type ())
G_DECLARE_FINAL_TYPE (YzAlarm, yz_alarm, YZ, ALARM, GObject)

const char   *yz_alarm_get_id               (YzAlarm *self);
const char   *yz_alarm_get_station_id       (YzAlarm *self);
const char   *yz_alarm_get_station_name     (YzAlarm *self);
const char   *yz_alarm_get_camera_id        (YzAlarm *self);
const char   *yz_alarm_get_door_id          (YzAlarm *self);
const char   *yz_alarm_get_alarm_type       (YzAlarm *self);
YzPriority    yz_alarm_get_priority         (YzAlarm *self);
gint64        yz_alarm_get_raised_at        (YzAlarm *self);
YzAlarmState  yz_alarm_get_state            (YzAlarm *self);
const char   *yz_alarm_get_owner            (YzAlarm *self);
gint64        yz_alarm_get_updated_at       (YzAlarm *self);
const char   *yz_alarm_get_category         (YzAlarm *self);
const char   *yz_alarm_get_note             (YzAlarm *self);
const char   *yz_alarm_get_snapshot_id      (YzAlarm *self);
gboolean      yz_alarm_get_derived          (YzAlarm *self);
int           yz_alarm_compare              (gconstpointer a,
                                             gconstpointer b,
                                             gpointer      user_data);

#define YZ_TYPE_ENTRY (yz_entry_get_type ())
G_DECLARE_FINAL_TYPE (YzEntry, yz_entry, YZ, ENTRY, GObject)

const char   *yz_entry_get_id               (YzEntry *self);
const char   *yz_entry_get_station_id       (YzEntry *self);
const char   *yz_entry_get_door_id          (YzEntry *self);
gint64        yz_entry_get_time             (YzEntry *self);
const char   *yz_entry_get_person_id        (YzEntry *self);
const char   *yz_entry_get_person_name      (YzEntry *self);
const char   *yz_entry_get_occupation       (YzEntry *self);
const char   *yz_entry_get_method           (YzEntry *self);
const char   *yz_entry_get_result           (YzEntry *self);
const char   *yz_entry_get_snapshot_id      (YzEntry *self);

G_END_DECLS
