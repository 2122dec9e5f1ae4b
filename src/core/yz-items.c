/* yz-items.c
 *
 * Station, camera, door, stock, device, alarm and entry objects. Each setter notifies only
 * the properties whose value really changed, so a burst of identical status events costs
 * the UI nothing.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "yz-items"

#include "config.h"

#include <math.h>

#include "yz-items-private.h"

/* Enumerated values are interned: comparing and copying them is free. */
static gboolean
set_enum (const char **field,
          const char  *value)
{
  const char *interned = g_intern_string (value);

  if (*field == interned)
    return FALSE;
  *field = interned;
  return TRUE;
}

static gboolean
set_string (char       **field,
            const char  *value)
{
  if (g_strcmp0 (*field, value) == 0)
    return FALSE;
  g_free (*field);
  *field = g_strdup (value);
  return TRUE;
}

#define SET(self, field, value, prop) \
  G_STMT_START { \
    if ((self)->field != (value)) \
      { \
        (self)->field = (value); \
        g_object_notify_by_pspec (G_OBJECT (self), properties[prop]); \
      } \
  } G_STMT_END
#define SET_STRING(self, field, value, prop) \
  G_STMT_START { \
    if (set_string (&(self)->field, (value))) \
      g_object_notify_by_pspec (G_OBJECT (self), properties[prop]); \
  } G_STMT_END
#define SET_ENUM(self, field, value, prop) \
  G_STMT_START { \
    if (set_enum (&(self)->field, (value))) \
      g_object_notify_by_pspec (G_OBJECT (self), properties[prop]); \
  } G_STMT_END

#define STRING_PROP(name, nick) \
  g_param_spec_string (name, NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY)
#define BOOL_PROP(name) \
  g_param_spec_boolean (name, NULL, NULL, FALSE, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY)
#define INT_PROP(name) \
  g_param_spec_int (name, NULL, NULL, 0, G_MAXINT, 0, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY)
#define UINT_PROP(name) \
  g_param_spec_uint (name, NULL, NULL, 0, G_MAXUINT, 0, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY)
#define INT64_PROP(name) \
  g_param_spec_int64 (name, NULL, NULL, G_MININT64, G_MAXINT64, 0, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY)
#define DOUBLE_PROP(name) \
  g_param_spec_double (name, NULL, NULL, -G_MAXDOUBLE, G_MAXDOUBLE, 0, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY)
#define OBJECT_PROP(name, type) \
  g_param_spec_object (name, NULL, NULL, type, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS)

/* ---- YzStation ---- */

struct _YzStation
{
  GObject      parent_instance;

  char        *id;
  char        *name;
  char        *district;
  char        *address;
  double       lat;
  double       lon;
  const char  *datum;
  const char  *kind;
  char        *opening_hours;
  int          capacity;
  GStrv        facilities;
  gboolean     online;
  int          occupancy;
  double       temperature;
  gint64       last_seen;
  guint        n_open_alarms;
  YzPriority   worst_priority;
  gboolean     door_alert;
  guint        n_low_stock;

  GListStore  *cameras;
  GListStore  *doors;
  GListStore  *stock;
  GListStore  *devices;
};

G_DEFINE_FINAL_TYPE (YzStation, yz_station, G_TYPE_OBJECT)

enum {
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

static GParamSpec *station_props[STATION_N_PROPS];

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
yz_station_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  YzStation *self = YZ_STATION (object);

  switch (prop_id)
    {
    case STATION_PROP_ID: g_value_set_string (value, self->id); break;
    case STATION_PROP_NAME: g_value_set_string (value, self->name); break;
    case STATION_PROP_DISTRICT: g_value_set_string (value, self->district); break;
    case STATION_PROP_ADDRESS: g_value_set_string (value, self->address); break;
    case STATION_PROP_LAT: g_value_set_double (value, self->lat); break;
    case STATION_PROP_LON: g_value_set_double (value, self->lon); break;
    case STATION_PROP_DATUM: g_value_set_string (value, self->datum); break;
    case STATION_PROP_KIND: g_value_set_string (value, self->kind); break;
    case STATION_PROP_OPENING_HOURS: g_value_set_string (value, self->opening_hours); break;
    case STATION_PROP_CAPACITY: g_value_set_int (value, self->capacity); break;
    case STATION_PROP_ONLINE: g_value_set_boolean (value, self->online); break;
    case STATION_PROP_OCCUPANCY: g_value_set_int (value, self->occupancy); break;
    case STATION_PROP_TEMPERATURE: g_value_set_double (value, self->temperature); break;
    case STATION_PROP_LAST_SEEN: g_value_set_int64 (value, self->last_seen); break;
    case STATION_PROP_N_OPEN_ALARMS: g_value_set_uint (value, self->n_open_alarms); break;
    case STATION_PROP_WORST_PRIORITY: g_value_set_enum (value, self->worst_priority); break;
    case STATION_PROP_DOOR_ALERT: g_value_set_boolean (value, self->door_alert); break;
    case STATION_PROP_N_LOW_STOCK: g_value_set_uint (value, self->n_low_stock); break;
    case STATION_PROP_CAMERAS: g_value_set_object (value, self->cameras); break;
    case STATION_PROP_DOORS: g_value_set_object (value, self->doors); break;
    case STATION_PROP_STOCK: g_value_set_object (value, self->stock); break;
    case STATION_PROP_DEVICES: g_value_set_object (value, self->devices); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
yz_station_class_init (YzStationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = yz_station_finalize;
  object_class->get_property = yz_station_get_property;

  station_props[STATION_PROP_ID] = STRING_PROP ("id", NULL);
  station_props[STATION_PROP_NAME] = STRING_PROP ("name", NULL);
  station_props[STATION_PROP_DISTRICT] = STRING_PROP ("district", NULL);
  station_props[STATION_PROP_ADDRESS] = STRING_PROP ("address", NULL);
  station_props[STATION_PROP_LAT] = DOUBLE_PROP ("lat");
  station_props[STATION_PROP_LON] = DOUBLE_PROP ("lon");
  station_props[STATION_PROP_DATUM] = STRING_PROP ("datum", NULL);
  station_props[STATION_PROP_KIND] = STRING_PROP ("kind", NULL);
  station_props[STATION_PROP_OPENING_HOURS] = STRING_PROP ("opening-hours", NULL);
  station_props[STATION_PROP_CAPACITY] = INT_PROP ("capacity");
  station_props[STATION_PROP_ONLINE] = BOOL_PROP ("online");
  station_props[STATION_PROP_OCCUPANCY] = INT_PROP ("occupancy");
  /* NAN when the station reports none */
  station_props[STATION_PROP_TEMPERATURE] = DOUBLE_PROP ("temperature");
  station_props[STATION_PROP_LAST_SEEN] = INT64_PROP ("last-seen");
  station_props[STATION_PROP_N_OPEN_ALARMS] = UINT_PROP ("n-open-alarms");
  station_props[STATION_PROP_WORST_PRIORITY] =
    g_param_spec_enum ("worst-priority", NULL, NULL, YZ_TYPE_PRIORITY, YZ_PRIORITY_NONE,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  station_props[STATION_PROP_DOOR_ALERT] = BOOL_PROP ("door-alert");
  station_props[STATION_PROP_N_LOW_STOCK] = UINT_PROP ("n-low-stock");
  station_props[STATION_PROP_CAMERAS] = OBJECT_PROP ("cameras", G_TYPE_LIST_MODEL);
  station_props[STATION_PROP_DOORS] = OBJECT_PROP ("doors", G_TYPE_LIST_MODEL);
  station_props[STATION_PROP_STOCK] = OBJECT_PROP ("stock", G_TYPE_LIST_MODEL);
  station_props[STATION_PROP_DEVICES] = OBJECT_PROP ("devices", G_TYPE_LIST_MODEL);

  g_object_class_install_properties (object_class, STATION_N_PROPS, station_props);
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

#define properties station_props

YzStation *
yz_station_new (const YzStationData *data)
{
  YzStation *self = g_object_new (YZ_TYPE_STATION, NULL);

  self->id = g_strdup (data->id);
  yz_station_update (self, data);

  return self;
}

void
yz_station_update (YzStation           *self,
                   const YzStationData *data)
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
  if (self->facilities == NULL || !g_strv_equal ((const char * const *)self->facilities,
                                                 (const char * const *)data->facilities))
    {
      g_strfreev (self->facilities);
      self->facilities = g_strdupv (data->facilities);
    }
  yz_station_set_status (self, data->online, data->occupancy, data->has_temperature,
                         data->temperature, data->last_seen);
  g_object_thaw_notify (G_OBJECT (self));
}

void
yz_station_set_status (YzStation *self,
                       gboolean   online,
                       int        occupancy,
                       gboolean   has_temperature,
                       double     temperature,
                       gint64     last_seen)
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
yz_station_set_last_seen (YzStation *self,
                          gint64     last_seen)
{
  if (last_seen > self->last_seen)
    SET (self, last_seen, last_seen, STATION_PROP_LAST_SEEN);
}

void
yz_station_set_alarm_summary (YzStation  *self,
                              guint       n_open,
                              YzPriority  worst)
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

#undef properties

const char *yz_station_get_id (YzStation *self) { return self->id; }
const char *yz_station_get_name (YzStation *self) { return self->name; }
const char *yz_station_get_district (YzStation *self) { return self->district; }
const char *yz_station_get_address (YzStation *self) { return self->address; }
double yz_station_get_lat (YzStation *self) { return self->lat; }
double yz_station_get_lon (YzStation *self) { return self->lon; }
const char *yz_station_get_datum (YzStation *self) { return self->datum; }
const char *yz_station_get_kind (YzStation *self) { return self->kind; }
const char *yz_station_get_opening_hours (YzStation *self) { return self->opening_hours; }
int yz_station_get_capacity (YzStation *self) { return self->capacity; }
const char * const *yz_station_get_facilities (YzStation *self) { return (const char * const *)self->facilities; }
gboolean yz_station_get_online (YzStation *self) { return self->online; }
int yz_station_get_occupancy (YzStation *self) { return self->occupancy; }
double yz_station_get_temperature (YzStation *self) { return self->temperature; }
gint64 yz_station_get_last_seen (YzStation *self) { return self->last_seen; }
guint yz_station_get_n_open_alarms (YzStation *self) { return self->n_open_alarms; }
YzPriority yz_station_get_worst_priority (YzStation *self) { return self->worst_priority; }
gboolean yz_station_get_door_alert (YzStation *self) { return self->door_alert; }
guint yz_station_get_n_low_stock (YzStation *self) { return self->n_low_stock; }
GListModel *yz_station_get_cameras (YzStation *self) { return G_LIST_MODEL (self->cameras); }
GListModel *yz_station_get_doors (YzStation *self) { return G_LIST_MODEL (self->doors); }
GListModel *yz_station_get_stock (YzStation *self) { return G_LIST_MODEL (self->stock); }
GListModel *yz_station_get_devices (YzStation *self) { return G_LIST_MODEL (self->devices); }

/* ---- YzCamera ---- */

struct _YzCamera
{
  GObject   parent_instance;

  char     *id;
  char     *station_id;
  char     *name;
  char     *main_url;
  char     *sub_url;
  char     *snapshot_url;
  gboolean  online;
};

G_DEFINE_FINAL_TYPE (YzCamera, yz_camera, G_TYPE_OBJECT)

enum {
  CAMERA_PROP_0,
  CAMERA_PROP_ID,
  CAMERA_PROP_STATION_ID,
  CAMERA_PROP_NAME,
  CAMERA_PROP_MAIN_URL,
  CAMERA_PROP_SUB_URL,
  CAMERA_PROP_SNAPSHOT_URL,
  CAMERA_PROP_ONLINE,
  CAMERA_N_PROPS
};

static GParamSpec *camera_props[CAMERA_N_PROPS];

static void
yz_camera_finalize (GObject *object)
{
  YzCamera *self = YZ_CAMERA (object);

  g_free (self->id);
  g_free (self->station_id);
  g_free (self->name);
  g_free (self->main_url);
  g_free (self->sub_url);
  g_free (self->snapshot_url);

  G_OBJECT_CLASS (yz_camera_parent_class)->finalize (object);
}

static void
yz_camera_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  YzCamera *self = YZ_CAMERA (object);

  switch (prop_id)
    {
    case CAMERA_PROP_ID: g_value_set_string (value, self->id); break;
    case CAMERA_PROP_STATION_ID: g_value_set_string (value, self->station_id); break;
    case CAMERA_PROP_NAME: g_value_set_string (value, self->name); break;
    case CAMERA_PROP_MAIN_URL: g_value_set_string (value, self->main_url); break;
    case CAMERA_PROP_SUB_URL: g_value_set_string (value, self->sub_url); break;
    case CAMERA_PROP_SNAPSHOT_URL: g_value_set_string (value, self->snapshot_url); break;
    case CAMERA_PROP_ONLINE: g_value_set_boolean (value, self->online); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
yz_camera_class_init (YzCameraClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = yz_camera_finalize;
  object_class->get_property = yz_camera_get_property;

  camera_props[CAMERA_PROP_ID] = STRING_PROP ("id", NULL);
  camera_props[CAMERA_PROP_STATION_ID] = STRING_PROP ("station-id", NULL);
  camera_props[CAMERA_PROP_NAME] = STRING_PROP ("name", NULL);
  camera_props[CAMERA_PROP_MAIN_URL] = STRING_PROP ("main-url", NULL);
  camera_props[CAMERA_PROP_SUB_URL] = STRING_PROP ("sub-url", NULL);
  camera_props[CAMERA_PROP_SNAPSHOT_URL] = STRING_PROP ("snapshot-url", NULL);
  camera_props[CAMERA_PROP_ONLINE] = BOOL_PROP ("online");

  g_object_class_install_properties (object_class, CAMERA_N_PROPS, camera_props);
}

static void
yz_camera_init (YzCamera *self)
{
}

#define properties camera_props

YzCamera *
yz_camera_new (const YzCameraData *data)
{
  YzCamera *self = g_object_new (YZ_TYPE_CAMERA, NULL);

  self->id = g_strdup (data->id);
  self->station_id = g_strdup (data->station_id);
  yz_camera_update (self, data);

  return self;
}

void
yz_camera_update (YzCamera           *self,
                  const YzCameraData *data)
{
  g_object_freeze_notify (G_OBJECT (self));
  SET_STRING (self, name, data->name, CAMERA_PROP_NAME);
  SET_STRING (self, main_url, data->main_url, CAMERA_PROP_MAIN_URL);
  SET_STRING (self, sub_url, data->sub_url, CAMERA_PROP_SUB_URL);
  SET_STRING (self, snapshot_url, data->snapshot_url, CAMERA_PROP_SNAPSHOT_URL);
  yz_camera_set_online (self, data->online);
  g_object_thaw_notify (G_OBJECT (self));
}

void
yz_camera_set_online (YzCamera *self,
                      gboolean  online)
{
  SET (self, online, !!online, CAMERA_PROP_ONLINE);
}

#undef properties

const char *yz_camera_get_id (YzCamera *self) { return self->id; }
const char *yz_camera_get_station_id (YzCamera *self) { return self->station_id; }
const char *yz_camera_get_name (YzCamera *self) { return self->name; }
const char *yz_camera_get_main_url (YzCamera *self) { return self->main_url; }
const char *yz_camera_get_sub_url (YzCamera *self) { return self->sub_url ? self->sub_url : self->main_url; }
const char *yz_camera_get_snapshot_url (YzCamera *self) { return self->snapshot_url; }
gboolean yz_camera_get_online (YzCamera *self) { return self->online; }

/* ---- YzDoor ---- */

struct _YzDoor
{
  GObject      parent_instance;

  char        *id;
  char        *station_id;
  char        *name;
  const char  *state;
  const char  *mode;
};

G_DEFINE_FINAL_TYPE (YzDoor, yz_door, G_TYPE_OBJECT)

enum {
  DOOR_PROP_0,
  DOOR_PROP_ID,
  DOOR_PROP_STATION_ID,
  DOOR_PROP_NAME,
  DOOR_PROP_STATE,
  DOOR_PROP_MODE,
  DOOR_PROP_ALERT,
  DOOR_N_PROPS
};

static GParamSpec *door_props[DOOR_N_PROPS];

static void
yz_door_finalize (GObject *object)
{
  YzDoor *self = YZ_DOOR (object);

  g_free (self->id);
  g_free (self->station_id);
  g_free (self->name);

  G_OBJECT_CLASS (yz_door_parent_class)->finalize (object);
}

static void
yz_door_get_property (GObject    *object,
                      guint       prop_id,
                      GValue     *value,
                      GParamSpec *pspec)
{
  YzDoor *self = YZ_DOOR (object);

  switch (prop_id)
    {
    case DOOR_PROP_ID: g_value_set_string (value, self->id); break;
    case DOOR_PROP_STATION_ID: g_value_set_string (value, self->station_id); break;
    case DOOR_PROP_NAME: g_value_set_string (value, self->name); break;
    case DOOR_PROP_STATE: g_value_set_string (value, self->state); break;
    case DOOR_PROP_MODE: g_value_set_string (value, self->mode); break;
    case DOOR_PROP_ALERT: g_value_set_boolean (value, yz_door_get_alert (self)); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
yz_door_class_init (YzDoorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = yz_door_finalize;
  object_class->get_property = yz_door_get_property;

  door_props[DOOR_PROP_ID] = STRING_PROP ("id", NULL);
  door_props[DOOR_PROP_STATION_ID] = STRING_PROP ("station-id", NULL);
  door_props[DOOR_PROP_NAME] = STRING_PROP ("name", NULL);
  door_props[DOOR_PROP_STATE] = STRING_PROP ("state", NULL);
  door_props[DOOR_PROP_MODE] = STRING_PROP ("mode", NULL);
  door_props[DOOR_PROP_ALERT] = BOOL_PROP ("alert");

  g_object_class_install_properties (object_class, DOOR_N_PROPS, door_props);
}

static void
yz_door_init (YzDoor *self)
{
}

#define properties door_props

YzDoor *
yz_door_new (const YzDoorData *data)
{
  YzDoor *self = g_object_new (YZ_TYPE_DOOR, NULL);

  self->id = g_strdup (data->id);
  self->station_id = g_strdup (data->station_id);
  yz_door_update (self, data);

  return self;
}

void
yz_door_update (YzDoor           *self,
                const YzDoorData *data)
{
  g_object_freeze_notify (G_OBJECT (self));
  SET_STRING (self, name, data->name, DOOR_PROP_NAME);
  yz_door_set_state (self, data->state, data->mode);
  g_object_thaw_notify (G_OBJECT (self));
}

void
yz_door_set_state (YzDoor     *self,
                   const char *state,
                   const char *mode)
{
  gboolean alert = yz_door_get_alert (self);

  g_object_freeze_notify (G_OBJECT (self));
  SET_ENUM (self, state, state, DOOR_PROP_STATE);
  SET_ENUM (self, mode, mode, DOOR_PROP_MODE);
  if (alert != yz_door_get_alert (self))
    g_object_notify_by_pspec (G_OBJECT (self), properties[DOOR_PROP_ALERT]);
  g_object_thaw_notify (G_OBJECT (self));
}

#undef properties

const char *yz_door_get_id (YzDoor *self) { return self->id; }
const char *yz_door_get_station_id (YzDoor *self) { return self->station_id; }
const char *yz_door_get_name (YzDoor *self) { return self->name; }
const char *yz_door_get_state (YzDoor *self) { return self->state; }
const char *yz_door_get_mode (YzDoor *self) { return self->mode; }

/* Open longer than allowed, or opened without release. */
gboolean
yz_door_get_alert (YzDoor *self)
{
  return self->state != NULL &&
         (g_str_equal (self->state, "held-open") || g_str_equal (self->state, "forced"));
}

/* ---- YzStock ---- */

struct _YzStock
{
  GObject      parent_instance;

  char        *id;
  char        *station_id;
  const char  *item;
  char        *name;
  char        *unit;
  gint64       level;
  gint64       capacity;
  gint64       low_threshold;
};

G_DEFINE_FINAL_TYPE (YzStock, yz_stock, G_TYPE_OBJECT)

enum {
  STOCK_PROP_0,
  STOCK_PROP_ID,
  STOCK_PROP_STATION_ID,
  STOCK_PROP_ITEM,
  STOCK_PROP_NAME,
  STOCK_PROP_UNIT,
  STOCK_PROP_LEVEL,
  STOCK_PROP_CAPACITY,
  STOCK_PROP_LOW_THRESHOLD,
  STOCK_PROP_LOW,
  STOCK_N_PROPS
};

static GParamSpec *stock_props[STOCK_N_PROPS];

static void
yz_stock_finalize (GObject *object)
{
  YzStock *self = YZ_STOCK (object);

  g_free (self->id);
  g_free (self->station_id);
  g_free (self->name);
  g_free (self->unit);

  G_OBJECT_CLASS (yz_stock_parent_class)->finalize (object);
}

static void
yz_stock_get_property (GObject    *object,
                       guint       prop_id,
                       GValue     *value,
                       GParamSpec *pspec)
{
  YzStock *self = YZ_STOCK (object);

  switch (prop_id)
    {
    case STOCK_PROP_ID: g_value_set_string (value, self->id); break;
    case STOCK_PROP_STATION_ID: g_value_set_string (value, self->station_id); break;
    case STOCK_PROP_ITEM: g_value_set_string (value, self->item); break;
    case STOCK_PROP_NAME: g_value_set_string (value, self->name); break;
    case STOCK_PROP_UNIT: g_value_set_string (value, self->unit); break;
    case STOCK_PROP_LEVEL: g_value_set_int64 (value, self->level); break;
    case STOCK_PROP_CAPACITY: g_value_set_int64 (value, self->capacity); break;
    case STOCK_PROP_LOW_THRESHOLD: g_value_set_int64 (value, self->low_threshold); break;
    case STOCK_PROP_LOW: g_value_set_boolean (value, yz_stock_get_low (self)); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
yz_stock_class_init (YzStockClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = yz_stock_finalize;
  object_class->get_property = yz_stock_get_property;

  stock_props[STOCK_PROP_ID] = STRING_PROP ("id", NULL);
  stock_props[STOCK_PROP_STATION_ID] = STRING_PROP ("station-id", NULL);
  stock_props[STOCK_PROP_ITEM] = STRING_PROP ("item", NULL);
  stock_props[STOCK_PROP_NAME] = STRING_PROP ("name", NULL);
  stock_props[STOCK_PROP_UNIT] = STRING_PROP ("unit", NULL);
  stock_props[STOCK_PROP_LEVEL] = INT64_PROP ("level");
  stock_props[STOCK_PROP_CAPACITY] = INT64_PROP ("capacity");
  stock_props[STOCK_PROP_LOW_THRESHOLD] = INT64_PROP ("low-threshold");
  stock_props[STOCK_PROP_LOW] = BOOL_PROP ("low");

  g_object_class_install_properties (object_class, STOCK_N_PROPS, stock_props);
}

static void
yz_stock_init (YzStock *self)
{
}

#define properties stock_props

YzStock *
yz_stock_new (const YzStockData *data)
{
  YzStock *self = g_object_new (YZ_TYPE_STOCK, NULL);

  self->id = g_strdup (data->id);
  self->station_id = g_strdup (data->station_id);
  yz_stock_update (self, data);

  return self;
}

void
yz_stock_update (YzStock           *self,
                 const YzStockData *data)
{
  gboolean low = yz_stock_get_low (self);

  g_object_freeze_notify (G_OBJECT (self));
  SET_ENUM (self, item, data->item, STOCK_PROP_ITEM);
  SET_STRING (self, name, data->name, STOCK_PROP_NAME);
  SET_STRING (self, unit, data->unit, STOCK_PROP_UNIT);
  SET (self, capacity, data->capacity, STOCK_PROP_CAPACITY);
  SET (self, low_threshold, data->low_threshold, STOCK_PROP_LOW_THRESHOLD);
  SET (self, level, data->level, STOCK_PROP_LEVEL);
  if (low != yz_stock_get_low (self))
    g_object_notify_by_pspec (G_OBJECT (self), properties[STOCK_PROP_LOW]);
  g_object_thaw_notify (G_OBJECT (self));
}

void
yz_stock_set_level (YzStock *self,
                    gint64   level)
{
  gboolean low = yz_stock_get_low (self);

  g_object_freeze_notify (G_OBJECT (self));
  SET (self, level, level, STOCK_PROP_LEVEL);
  if (low != yz_stock_get_low (self))
    g_object_notify_by_pspec (G_OBJECT (self), properties[STOCK_PROP_LOW]);
  g_object_thaw_notify (G_OBJECT (self));
}

#undef properties

const char *yz_stock_get_id (YzStock *self) { return self->id; }
const char *yz_stock_get_station_id (YzStock *self) { return self->station_id; }
const char *yz_stock_get_item (YzStock *self) { return self->item; }
const char *yz_stock_get_name (YzStock *self) { return self->name; }
const char *yz_stock_get_unit (YzStock *self) { return self->unit; }
gint64 yz_stock_get_level (YzStock *self) { return self->level; }
gint64 yz_stock_get_capacity (YzStock *self) { return self->capacity; }
gint64 yz_stock_get_low_threshold (YzStock *self) { return self->low_threshold; }

/* At or below its threshold (an AED at 0 needs service). */
gboolean
yz_stock_get_low (YzStock *self)
{
  if (self->item == NULL)
    return FALSE;
  if (g_str_equal (self->item, "aed"))
    return self->level < 1;
  return self->level <= self->low_threshold;
}

/* ---- YzDevice ---- */

struct _YzDevice
{
  GObject      parent_instance;

  char        *id;
  char        *station_id;
  const char  *kind;
  char        *name;
  const char  *state;
  gboolean     switchable;
};

G_DEFINE_FINAL_TYPE (YzDevice, yz_device, G_TYPE_OBJECT)

enum {
  DEVICE_PROP_0,
  DEVICE_PROP_ID,
  DEVICE_PROP_STATION_ID,
  DEVICE_PROP_KIND,
  DEVICE_PROP_NAME,
  DEVICE_PROP_STATE,
  DEVICE_PROP_SWITCHABLE,
  DEVICE_N_PROPS
};

static GParamSpec *device_props[DEVICE_N_PROPS];

static void
yz_device_finalize (GObject *object)
{
  YzDevice *self = YZ_DEVICE (object);

  g_free (self->id);
  g_free (self->station_id);
  g_free (self->name);

  G_OBJECT_CLASS (yz_device_parent_class)->finalize (object);
}

static void
yz_device_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  YzDevice *self = YZ_DEVICE (object);

  switch (prop_id)
    {
    case DEVICE_PROP_ID: g_value_set_string (value, self->id); break;
    case DEVICE_PROP_STATION_ID: g_value_set_string (value, self->station_id); break;
    case DEVICE_PROP_KIND: g_value_set_string (value, self->kind); break;
    case DEVICE_PROP_NAME: g_value_set_string (value, self->name); break;
    case DEVICE_PROP_STATE: g_value_set_string (value, self->state); break;
    case DEVICE_PROP_SWITCHABLE: g_value_set_boolean (value, self->switchable); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
yz_device_class_init (YzDeviceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = yz_device_finalize;
  object_class->get_property = yz_device_get_property;

  device_props[DEVICE_PROP_ID] = STRING_PROP ("id", NULL);
  device_props[DEVICE_PROP_STATION_ID] = STRING_PROP ("station-id", NULL);
  device_props[DEVICE_PROP_KIND] = STRING_PROP ("kind", NULL);
  device_props[DEVICE_PROP_NAME] = STRING_PROP ("name", NULL);
  device_props[DEVICE_PROP_STATE] = STRING_PROP ("state", NULL);
  device_props[DEVICE_PROP_SWITCHABLE] = BOOL_PROP ("switchable");

  g_object_class_install_properties (object_class, DEVICE_N_PROPS, device_props);
}

static void
yz_device_init (YzDevice *self)
{
}

#define properties device_props

YzDevice *
yz_device_new (const YzDeviceData *data)
{
  YzDevice *self = g_object_new (YZ_TYPE_DEVICE, NULL);

  self->id = g_strdup (data->id);
  self->station_id = g_strdup (data->station_id);
  yz_device_update (self, data);

  return self;
}

void
yz_device_update (YzDevice           *self,
                  const YzDeviceData *data)
{
  g_object_freeze_notify (G_OBJECT (self));
  SET_ENUM (self, kind, data->kind, DEVICE_PROP_KIND);
  SET_STRING (self, name, data->name, DEVICE_PROP_NAME);
  SET (self, switchable, !!data->switchable, DEVICE_PROP_SWITCHABLE);
  yz_device_set_state (self, data->state);
  g_object_thaw_notify (G_OBJECT (self));
}

void
yz_device_set_state (YzDevice   *self,
                     const char *state)
{
  SET_ENUM (self, state, state, DEVICE_PROP_STATE);
}

#undef properties

const char *yz_device_get_id (YzDevice *self) { return self->id; }
const char *yz_device_get_station_id (YzDevice *self) { return self->station_id; }
const char *yz_device_get_kind (YzDevice *self) { return self->kind; }
const char *yz_device_get_name (YzDevice *self) { return self->name; }
const char *yz_device_get_state (YzDevice *self) { return self->state; }
gboolean yz_device_get_switchable (YzDevice *self) { return self->switchable; }

/* ---- YzAlarm ---- */

struct _YzAlarm
{
  GObject       parent_instance;

  char         *id;
  char         *station_id;
  char         *station_name;
  char         *camera_id;
  char         *door_id;
  const char   *type;
  YzPriority    priority;
  gint64        raised_at;
  YzAlarmState  state;
  char         *owner;
  gint64        updated_at;
  const char   *category;
  char         *note;
  char         *snapshot_id;
  gboolean      derived;
};

G_DEFINE_FINAL_TYPE (YzAlarm, yz_alarm, G_TYPE_OBJECT)

enum {
  ALARM_PROP_0,
  ALARM_PROP_ID,
  ALARM_PROP_STATION_ID,
  ALARM_PROP_STATION_NAME,
  ALARM_PROP_CAMERA_ID,
  ALARM_PROP_DOOR_ID,
  ALARM_PROP_TYPE,
  ALARM_PROP_PRIORITY,
  ALARM_PROP_RAISED_AT,
  ALARM_PROP_STATE,
  ALARM_PROP_OWNER,
  ALARM_PROP_UPDATED_AT,
  ALARM_PROP_CATEGORY,
  ALARM_PROP_NOTE,
  ALARM_PROP_SNAPSHOT_ID,
  ALARM_PROP_DERIVED,
  ALARM_N_PROPS
};

static GParamSpec *alarm_props[ALARM_N_PROPS];

static void
yz_alarm_finalize (GObject *object)
{
  YzAlarm *self = YZ_ALARM (object);

  g_free (self->id);
  g_free (self->station_id);
  g_free (self->station_name);
  g_free (self->camera_id);
  g_free (self->door_id);
  g_free (self->owner);
  g_free (self->note);
  g_free (self->snapshot_id);

  G_OBJECT_CLASS (yz_alarm_parent_class)->finalize (object);
}

static void
yz_alarm_get_property (GObject    *object,
                       guint       prop_id,
                       GValue     *value,
                       GParamSpec *pspec)
{
  YzAlarm *self = YZ_ALARM (object);

  switch (prop_id)
    {
    case ALARM_PROP_ID: g_value_set_string (value, self->id); break;
    case ALARM_PROP_STATION_ID: g_value_set_string (value, self->station_id); break;
    case ALARM_PROP_STATION_NAME: g_value_set_string (value, self->station_name); break;
    case ALARM_PROP_CAMERA_ID: g_value_set_string (value, self->camera_id); break;
    case ALARM_PROP_DOOR_ID: g_value_set_string (value, self->door_id); break;
    case ALARM_PROP_TYPE: g_value_set_string (value, self->type); break;
    case ALARM_PROP_PRIORITY: g_value_set_enum (value, self->priority); break;
    case ALARM_PROP_RAISED_AT: g_value_set_int64 (value, self->raised_at); break;
    case ALARM_PROP_STATE: g_value_set_enum (value, self->state); break;
    case ALARM_PROP_OWNER: g_value_set_string (value, self->owner); break;
    case ALARM_PROP_UPDATED_AT: g_value_set_int64 (value, self->updated_at); break;
    case ALARM_PROP_CATEGORY: g_value_set_string (value, self->category); break;
    case ALARM_PROP_NOTE: g_value_set_string (value, self->note); break;
    case ALARM_PROP_SNAPSHOT_ID: g_value_set_string (value, self->snapshot_id); break;
    case ALARM_PROP_DERIVED: g_value_set_boolean (value, self->derived); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
yz_alarm_class_init (YzAlarmClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = yz_alarm_finalize;
  object_class->get_property = yz_alarm_get_property;

  alarm_props[ALARM_PROP_ID] = STRING_PROP ("id", NULL);
  alarm_props[ALARM_PROP_STATION_ID] = STRING_PROP ("station-id", NULL);
  alarm_props[ALARM_PROP_STATION_NAME] = STRING_PROP ("station-name", NULL);
  alarm_props[ALARM_PROP_CAMERA_ID] = STRING_PROP ("camera-id", NULL);
  alarm_props[ALARM_PROP_DOOR_ID] = STRING_PROP ("door-id", NULL);
  alarm_props[ALARM_PROP_TYPE] = STRING_PROP ("alarm-type", NULL);
  alarm_props[ALARM_PROP_PRIORITY] =
    g_param_spec_enum ("priority", NULL, NULL, YZ_TYPE_PRIORITY, YZ_PRIORITY_NONE,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  alarm_props[ALARM_PROP_RAISED_AT] = INT64_PROP ("raised-at");
  alarm_props[ALARM_PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL, YZ_TYPE_ALARM_STATE, YZ_ALARM_STATE_NEW,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  alarm_props[ALARM_PROP_OWNER] = STRING_PROP ("owner", NULL);
  alarm_props[ALARM_PROP_UPDATED_AT] = INT64_PROP ("updated-at");
  alarm_props[ALARM_PROP_CATEGORY] = STRING_PROP ("category", NULL);
  alarm_props[ALARM_PROP_NOTE] = STRING_PROP ("note", NULL);
  alarm_props[ALARM_PROP_SNAPSHOT_ID] = STRING_PROP ("snapshot-id", NULL);
  /* raised by this console (a silent station, an offline camera, low stock), not the gateway */
  alarm_props[ALARM_PROP_DERIVED] = BOOL_PROP ("derived");

  g_object_class_install_properties (object_class, ALARM_N_PROPS, alarm_props);
}

static void
yz_alarm_init (YzAlarm *self)
{
}

#define properties alarm_props

YzAlarm *
yz_alarm_new (const YzAlarmData *data,
              const char        *station_name,
              gboolean           derived)
{
  YzAlarm *self = g_object_new (YZ_TYPE_ALARM, NULL);

  self->id = g_strdup (data->id);
  self->station_id = g_strdup (data->station_id);
  self->station_name = g_strdup (station_name ? station_name : data->station_id);
  self->camera_id = g_strdup (data->camera_id);
  self->door_id = g_strdup (data->door_id);
  self->type = g_intern_string (data->type);
  self->priority = yz_priority_from_nick (data->priority);
  self->raised_at = data->raised_at;
  self->derived = derived;
  yz_alarm_update (self, data);

  return self;
}

/* Type, station, priority and time of raising never change: the model's order holds. */
void
yz_alarm_update (YzAlarm           *self,
                 const YzAlarmData *data)
{
  g_object_freeze_notify (G_OBJECT (self));
  SET (self, state, yz_alarm_state_from_nick (data->state), ALARM_PROP_STATE);
  SET_STRING (self, owner, data->owner, ALARM_PROP_OWNER);
  SET (self, updated_at, data->updated_at, ALARM_PROP_UPDATED_AT);
  if (data->category == NULL ? self->category != NULL : set_enum (&self->category, data->category))
    {
      if (data->category == NULL)
        self->category = NULL;
      g_object_notify_by_pspec (G_OBJECT (self), properties[ALARM_PROP_CATEGORY]);
    }
  SET_STRING (self, note, data->note, ALARM_PROP_NOTE);
  SET_STRING (self, snapshot_id, data->snapshot_id, ALARM_PROP_SNAPSHOT_ID);
  g_object_thaw_notify (G_OBJECT (self));
}

#undef properties

const char *yz_alarm_get_id (YzAlarm *self) { return self->id; }
const char *yz_alarm_get_station_id (YzAlarm *self) { return self->station_id; }
const char *yz_alarm_get_station_name (YzAlarm *self) { return self->station_name; }
const char *yz_alarm_get_camera_id (YzAlarm *self) { return self->camera_id; }
const char *yz_alarm_get_door_id (YzAlarm *self) { return self->door_id; }
const char *yz_alarm_get_alarm_type (YzAlarm *self) { return self->type; }
YzPriority yz_alarm_get_priority (YzAlarm *self) { return self->priority; }
gint64 yz_alarm_get_raised_at (YzAlarm *self) { return self->raised_at; }
YzAlarmState yz_alarm_get_state (YzAlarm *self) { return self->state; }
const char *yz_alarm_get_owner (YzAlarm *self) { return self->owner; }
gint64 yz_alarm_get_updated_at (YzAlarm *self) { return self->updated_at; }
const char *yz_alarm_get_category (YzAlarm *self) { return self->category; }
const char *yz_alarm_get_note (YzAlarm *self) { return self->note; }
const char *yz_alarm_get_snapshot_id (YzAlarm *self) { return self->snapshot_id; }
gboolean yz_alarm_get_derived (YzAlarm *self) { return self->derived; }

/**
 * yz_alarm_compare:
 *
 * The alarm queue's order: the highest priority first, then the newest, then by id so
 * that the order is total.
 */
int
yz_alarm_compare (gconstpointer a,
                  gconstpointer b,
                  gpointer      user_data)
{
  const YzAlarm *x = a, *y = b;

  if (x->priority != y->priority)
    return x->priority > y->priority ? -1 : 1;
  if (x->raised_at != y->raised_at)
    return x->raised_at > y->raised_at ? -1 : 1;
  return g_strcmp0 (x->id, y->id);
}

/* ---- YzEntry ---- */

struct _YzEntry
{
  GObject      parent_instance;

  char        *id;
  char        *station_id;
  char        *door_id;
  gint64       time;
  char        *person_id;
  char        *person_name;
  const char  *occupation;
  const char  *method;
  const char  *result;
  char        *snapshot_id;
};

G_DEFINE_FINAL_TYPE (YzEntry, yz_entry, G_TYPE_OBJECT)

enum {
  ENTRY_PROP_0,
  ENTRY_PROP_ID,
  ENTRY_PROP_STATION_ID,
  ENTRY_PROP_DOOR_ID,
  ENTRY_PROP_TIME,
  ENTRY_PROP_PERSON_ID,
  ENTRY_PROP_PERSON_NAME,
  ENTRY_PROP_OCCUPATION,
  ENTRY_PROP_METHOD,
  ENTRY_PROP_RESULT,
  ENTRY_PROP_SNAPSHOT_ID,
  ENTRY_N_PROPS
};

static GParamSpec *entry_props[ENTRY_N_PROPS];

static void
yz_entry_finalize (GObject *object)
{
  YzEntry *self = YZ_ENTRY (object);

  g_free (self->id);
  g_free (self->station_id);
  g_free (self->door_id);
  g_free (self->person_id);
  g_free (self->person_name);
  g_free (self->snapshot_id);

  G_OBJECT_CLASS (yz_entry_parent_class)->finalize (object);
}

static void
yz_entry_get_property (GObject    *object,
                       guint       prop_id,
                       GValue     *value,
                       GParamSpec *pspec)
{
  YzEntry *self = YZ_ENTRY (object);

  switch (prop_id)
    {
    case ENTRY_PROP_ID: g_value_set_string (value, self->id); break;
    case ENTRY_PROP_STATION_ID: g_value_set_string (value, self->station_id); break;
    case ENTRY_PROP_DOOR_ID: g_value_set_string (value, self->door_id); break;
    case ENTRY_PROP_TIME: g_value_set_int64 (value, self->time); break;
    case ENTRY_PROP_PERSON_ID: g_value_set_string (value, self->person_id); break;
    case ENTRY_PROP_PERSON_NAME: g_value_set_string (value, self->person_name); break;
    case ENTRY_PROP_OCCUPATION: g_value_set_string (value, self->occupation); break;
    case ENTRY_PROP_METHOD: g_value_set_string (value, self->method); break;
    case ENTRY_PROP_RESULT: g_value_set_string (value, self->result); break;
    case ENTRY_PROP_SNAPSHOT_ID: g_value_set_string (value, self->snapshot_id); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
yz_entry_class_init (YzEntryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = yz_entry_finalize;
  object_class->get_property = yz_entry_get_property;

  entry_props[ENTRY_PROP_ID] = STRING_PROP ("id", NULL);
  entry_props[ENTRY_PROP_STATION_ID] = STRING_PROP ("station-id", NULL);
  entry_props[ENTRY_PROP_DOOR_ID] = STRING_PROP ("door-id", NULL);
  entry_props[ENTRY_PROP_TIME] = INT64_PROP ("time");
  entry_props[ENTRY_PROP_PERSON_ID] = STRING_PROP ("person-id", NULL);
  entry_props[ENTRY_PROP_PERSON_NAME] = STRING_PROP ("person-name", NULL);
  entry_props[ENTRY_PROP_OCCUPATION] = STRING_PROP ("occupation", NULL);
  entry_props[ENTRY_PROP_METHOD] = STRING_PROP ("method", NULL);
  entry_props[ENTRY_PROP_RESULT] = STRING_PROP ("result", NULL);
  entry_props[ENTRY_PROP_SNAPSHOT_ID] = STRING_PROP ("snapshot-id", NULL);

  g_object_class_install_properties (object_class, ENTRY_N_PROPS, entry_props);
}

static void
yz_entry_init (YzEntry *self)
{
}

/* Entries never change once recorded. */
YzEntry *
yz_entry_new (const YzEntryData *data)
{
  YzEntry *self = g_object_new (YZ_TYPE_ENTRY, NULL);

  self->id = g_strdup (data->id);
  self->station_id = g_strdup (data->station_id);
  self->door_id = g_strdup (data->door_id);
  self->time = data->time;
  self->person_id = g_strdup (data->person_id);
  self->person_name = g_strdup (data->person_name);
  self->occupation = g_intern_string (data->occupation);
  self->method = g_intern_string (data->method);
  self->result = g_intern_string (data->result);
  self->snapshot_id = g_strdup (data->snapshot_id);

  return self;
}

const char *yz_entry_get_id (YzEntry *self) { return self->id; }
const char *yz_entry_get_station_id (YzEntry *self) { return self->station_id; }
const char *yz_entry_get_door_id (YzEntry *self) { return self->door_id; }
gint64 yz_entry_get_time (YzEntry *self) { return self->time; }
const char *yz_entry_get_person_id (YzEntry *self) { return self->person_id; }
const char *yz_entry_get_person_name (YzEntry *self) { return self->person_name; }
const char *yz_entry_get_occupation (YzEntry *self) { return self->occupation; }
const char *yz_entry_get_method (YzEntry *self) { return self->method; }
const char *yz_entry_get_result (YzEntry *self) { return self->result; }
const char *yz_entry_get_snapshot_id (YzEntry *self) { return self->snapshot_id; }
