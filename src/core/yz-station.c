/* yz-station.c
 *
 * A rest station: where it is, what it is, its live status and what the map shows of its
 * alarms, doors and stock; it holds its own cameras, doors, stock and devices.
 * Each setter notifies only the properties whose value really changed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "yz-station"

#include "config.h"

#include <math.h>

#include "yz-camera.h"
#include "yz-device.h"
#include "yz-door.h"
#include "yz-item-util-private.h"
#include "yz-station-private.h"
#include "yz-stock.h"

struct _YzStation
{
  GObject parent_instance;

  char *id;
  char *name;
  char *district;
  char *address;
  double lat;
  double lon;
  const char *datum;
  const char *kind;
  char *opening_hours;
  int capacity;
  GStrv facilities;
  gboolean online;
  int occupancy;
  double temperature;
  gint64 last_seen;
  guint n_open_alarms;
  YzPriority worst_priority;
  gboolean door_alert;
  guint n_low_stock;

  GListStore *cameras;
  GListStore *doors;
  GListStore *stock;
  GListStore *devices;
};

G_DEFINE_FINAL_TYPE (YzStation, yz_station, G_TYPE_OBJECT)

enum
{
  STATION_PROP_0,
  STATION_PROP_ID,
  STATION_PROP_NAME,
  STATION_PROP_DISTRICT,
  STATION_PROP_ADDRESS,
  STATION_PROP_LAT,
  STATION_PROP_LON,
  STATION_PROP_DATUM,
  STATION_PROP_KIND,
  STATION_PROP_OPENING_HOURS,
  STATION_PROP_CAPACITY,
  STATION_PROP_ONLINE,
  STATION_PROP_OCCUPANCY,
  STATION_PROP_TEMPERATURE,
  STATION_PROP_LAST_SEEN,
  STATION_PROP_N_OPEN_ALARMS,
  STATION_PROP_WORST_PRIORITY,
  STATION_PROP_DOOR_ALERT,
  STATION_PROP_N_LOW_STOCK,
  STATION_PROP_CAMERAS,
  STATION_PROP_DOORS,
  STATION_PROP_STOCK,
  STATION_PROP_DEVICES,
  STATION_N_PROPS
};

static GParamSpec *properties[STATION_N_PROPS];

static void
yz_station_finalize (GObject *object)
{
  YzStation *self = YZ_STATION (object);

  g_free (self->id);
  g_free (self->name);
  g_free (self->district);
  g_free (self->address);
  g_free (self->opening_hours);
  g_strfreev (self->facilities);
  g_clear_object (&self->cameras);
  g_clear_object (&self->doors);
  g_clear_object (&self->stock);
  g_clear_object (&self->devices);

  G_OBJECT_CLASS (yz_station_parent_class)->finalize (object);
}

static void
yz_station_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  YzStation *self = YZ_STATION (object);

  switch (prop_id)
    {
    case STATION_PROP_ID:
      g_value_set_string (value, self->id);
      break;
    case STATION_PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case STATION_PROP_DISTRICT:
      g_value_set_string (value, self->district);
      break;
    case STATION_PROP_ADDRESS:
      g_value_set_string (value, self->address);
      break;
    case STATION_PROP_LAT:
      g_value_set_double (value, self->lat);
      break;
    case STATION_PROP_LON:
      g_value_set_double (value, self->lon);
      break;
    case STATION_PROP_DATUM:
      g_value_set_string (value, self->datum);
      break;
    case STATION_PROP_KIND:
      g_value_set_string (value, self->kind);
      break;
    case STATION_PROP_OPENING_HOURS:
      g_value_set_string (value, self->opening_hours);
      break;
    case STATION_PROP_CAPACITY:
      g_value_set_int (value, self->capacity);
      break;
    case STATION_PROP_ONLINE:
      g_value_set_boolean (value, self->online);
      break;
    case STATION_PROP_OCCUPANCY:
      g_value_set_int (value, self->occupancy);
      break;
    case STATION_PROP_TEMPERATURE:
      g_value_set_double (value, self->temperature);
      break;
    case STATION_PROP_LAST_SEEN:
      g_value_set_int64 (value, self->last_seen);
      break;
    case STATION_PROP_N_OPEN_ALARMS:
      g_value_set_uint (value, self->n_open_alarms);
      break;
    case STATION_PROP_WORST_PRIORITY:
      g_value_set_enum (value, self->worst_priority);
      break;
    case STATION_PROP_DOOR_ALERT:
      g_value_set_boolean (value, self->door_alert);
      break;
    case STATION_PROP_N_LOW_STOCK:
      g_value_set_uint (value, self->n_low_stock);
      break;
    case STATION_PROP_CAMERAS:
      g_value_set_object (value, self->cameras);
      break;
    case STATION_PROP_DOORS:
      g_value_set_object (value, self->doors);
      break;
    case STATION_PROP_STOCK:
      g_value_set_object (value, self->stock);
      break;
    case STATION_PROP_DEVICES:
      g_value_set_object (value, self->devices);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
yz_station_class_init (YzStationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = yz_station_finalize;
  object_class->get_property = yz_station_get_property;

  properties[STATION_PROP_ID] = STRING_PROP ("id", NULL);
  properties[STATION_PROP_NAME] = STRING_PROP ("name", NULL);
  properties[STATION_PROP_DISTRICT] = STRING_PROP ("district", NULL);
  properties[STATION_PROP_ADDRESS] = STRING_PROP ("address", NULL);
  properties[STATION_PROP_LAT] = DOUBLE_PROP ("lat");
  properties[STATION_PROP_LON] = DOUBLE_PROP ("lon");
  properties[STATION_PROP_DATUM] = STRING_PROP ("datum", NULL);
  properties[STATION_PROP_KIND] = STRING_PROP ("kind", NULL);
  properties[STATION_PROP_OPENING_HOURS] = STRING_PROP ("opening-hours", NULL);
  properties[STATION_PROP_CAPACITY] = INT_PROP ("capacity");
  properties[STATION_PROP_ONLINE] = BOOL_PROP ("online");
  properties[STATION_PROP_OCCUPANCY] = INT_PROP ("occupancy");
  /* NAN when the station reports none */
  properties[STATION_PROP_TEMPERATURE] = DOUBLE_PROP ("temperature");
  properties[STATION_PROP_LAST_SEEN] = INT64_PROP ("last-seen");
  properties[STATION_PROP_N_OPEN_ALARMS] = UINT_PROP ("n-open-alarms");
  properties[STATION_PROP_WORST_PRIORITY] =
      g_param_spec_enum ("worst-priority", NULL, NULL, YZ_TYPE_PRIORITY, YZ_PRIORITY_NONE,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[STATION_PROP_DOOR_ALERT] = BOOL_PROP ("door-alert");
  properties[STATION_PROP_N_LOW_STOCK] = UINT_PROP ("n-low-stock");
  properties[STATION_PROP_CAMERAS] = OBJECT_PROP ("cameras", G_TYPE_LIST_MODEL);
  properties[STATION_PROP_DOORS] = OBJECT_PROP ("doors", G_TYPE_LIST_MODEL);
  properties[STATION_PROP_STOCK] = OBJECT_PROP ("stock", G_TYPE_LIST_MODEL);
  properties[STATION_PROP_DEVICES] = OBJECT_PROP ("devices", G_TYPE_LIST_MODEL);

  g_object_class_install_properties (object_class, STATION_N_PROPS, properties);
}

static void
yz_station_init (YzStation *self)
{
  self->temperature = NAN;
  self->cameras = g_list_store_new (YZ_TYPE_CAMERA);
  self->doors = g_list_store_new (YZ_TYPE_DOOR);
  self->stock = g_list_store_new (YZ_TYPE_STOCK);
  self->devices = g_list_store_new (YZ_TYPE_DEVICE);
}

YzStation *
yz_station_new (const YzStationData *data)
{
  YzStation *self = g_object_new (YZ_TYPE_STATION, NULL);

  self->id = g_strdup (data->id);
  yz_station_update (self, data);

  return self;
}

void
yz_station_update (YzStation *self, const YzStationData *data)
{
  g_return_if_fail (YZ_IS_STATION (self));

  g_object_freeze_notify (G_OBJECT (self));
  SET_STRING (self, name, data->name, STATION_PROP_NAME);
  SET_STRING (self, district, data->district, STATION_PROP_DISTRICT);
  SET_STRING (self, address, data->address, STATION_PROP_ADDRESS);
  SET (self, lat, data->lat, STATION_PROP_LAT);
  SET (self, lon, data->lon, STATION_PROP_LON);
  SET_ENUM (self, datum, data->datum, STATION_PROP_DATUM);
  SET_ENUM (self, kind, data->kind, STATION_PROP_KIND);
  SET_STRING (self, opening_hours, data->opening_hours, STATION_PROP_OPENING_HOURS);
  SET (self, capacity, data->capacity, STATION_PROP_CAPACITY);
  if (self->facilities == NULL ||
      !g_strv_equal ((const char *const *)self->facilities, (const char *const *)data->facilities))
    {
      g_strfreev (self->facilities);
      self->facilities = g_strdupv (data->facilities);
    }
  yz_station_set_status (self, data->online, data->occupancy, data->has_temperature,
                         data->temperature, data->last_seen);
  g_object_thaw_notify (G_OBJECT (self));
}

void
yz_station_set_status (YzStation *self, gboolean online, int occupancy, gboolean has_temperature,
                       double temperature, gint64 last_seen)
{
  double t = has_temperature ? temperature : NAN;

  g_object_freeze_notify (G_OBJECT (self));
  SET (self, online, !!online, STATION_PROP_ONLINE);
  SET (self, occupancy, occupancy, STATION_PROP_OCCUPANCY);
  if (!(self->temperature == t || (isnan (self->temperature) && isnan (t))))
    {
      self->temperature = t;
      g_object_notify_by_pspec (G_OBJECT (self), properties[STATION_PROP_TEMPERATURE]);
    }
  yz_station_set_last_seen (self, last_seen);
  g_object_thaw_notify (G_OBJECT (self));
}

void
yz_station_set_last_seen (YzStation *self, gint64 last_seen)
{
  if (last_seen > self->last_seen)
    SET (self, last_seen, last_seen, STATION_PROP_LAST_SEEN);
}

void
yz_station_set_alarm_summary (YzStation *self, guint n_open, YzPriority worst)
{
  g_object_freeze_notify (G_OBJECT (self));
  SET (self, n_open_alarms, n_open, STATION_PROP_N_OPEN_ALARMS);
  SET (self, worst_priority, worst, STATION_PROP_WORST_PRIORITY);
  g_object_thaw_notify (G_OBJECT (self));
}

/* Recomputes what the station shows of its doors and stock. */
void
yz_station_refresh (YzStation *self)
{
  gboolean door_alert = FALSE;
  guint n_low = 0;

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->doors)); i++)
    {
      g_autoptr(YzDoor) door = g_list_model_get_item (G_LIST_MODEL (self->doors), i);

      door_alert |= yz_door_get_alert (door);
    }
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->stock)); i++)
    {
      g_autoptr(YzStock) stock = g_list_model_get_item (G_LIST_MODEL (self->stock), i);

      n_low += yz_stock_get_low (stock);
    }

  g_object_freeze_notify (G_OBJECT (self));
  SET (self, door_alert, door_alert, STATION_PROP_DOOR_ALERT);
  SET (self, n_low_stock, n_low, STATION_PROP_N_LOW_STOCK);
  g_object_thaw_notify (G_OBJECT (self));
}

const char *
yz_station_get_id (YzStation *self)
{
  return self->id;
}
const char *
yz_station_get_name (YzStation *self)
{
  return self->name;
}
const char *
yz_station_get_district (YzStation *self)
{
  return self->district;
}
const char *
yz_station_get_address (YzStation *self)
{
  return self->address;
}
double
yz_station_get_lat (YzStation *self)
{
  return self->lat;
}
double
yz_station_get_lon (YzStation *self)
{
  return self->lon;
}
const char *
yz_station_get_datum (YzStation *self)
{
  return self->datum;
}
const char *
yz_station_get_kind (YzStation *self)
{
  return self->kind;
}
const char *
yz_station_get_opening_hours (YzStation *self)
{
  return self->opening_hours;
}
int
yz_station_get_capacity (YzStation *self)
{
  return self->capacity;
}
const char *const *
yz_station_get_facilities (YzStation *self)
{
  return (const char *const *)self->facilities;
}
gboolean
yz_station_get_online (YzStation *self)
{
  return self->online;
}
int
yz_station_get_occupancy (YzStation *self)
{
  return self->occupancy;
}
double
yz_station_get_temperature (YzStation *self)
{
  return self->temperature;
}
gint64
yz_station_get_last_seen (YzStation *self)
{
  return self->last_seen;
}
guint
yz_station_get_n_open_alarms (YzStation *self)
{
  return self->n_open_alarms;
}
YzPriority
yz_station_get_worst_priority (YzStation *self)
{
  return self->worst_priority;
}
gboolean
yz_station_get_door_alert (YzStation *self)
{
  return self->door_alert;
}
guint
yz_station_get_n_low_stock (YzStation *self)
{
  return self->n_low_stock;
}
GListModel *
yz_station_get_cameras (YzStation *self)
{
  return G_LIST_MODEL (self->cameras);
}
GListModel *
yz_station_get_doors (YzStation *self)
{
  return G_LIST_MODEL (self->doors);
}
GListModel *
yz_station_get_stock (YzStation *self)
{
  return G_LIST_MODEL (self->stock);
}
GListModel *
yz_station_get_devices (YzStation *self)
{
  return G_LIST_MODEL (self->devices);
}
