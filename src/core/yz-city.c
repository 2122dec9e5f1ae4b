/* yz-city.c
 *
 * The city's models and indexes (yz-city.h). Items are updated in place, so that views
 * keep their rows: a reload of the same city changes no row, a new alarm is inserted in
 * its sorted place, and the stations' alarm summaries follow the alarms.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "yz-city"

#include "config.h"

#include "yz-city-private.h"
#include "yz-items-private.h"

struct _YzCity
{
  GObject parent_instance;

  GListStore *stations;
  GListStore *cameras;
  GListStore *stock;
  GListStore *devices;
  GListStore *alarms;
  YzEntryModel *entries;
  GHashTable *station_by_id;
  GHashTable *camera_by_id;
  GHashTable *door_by_id;
  GHashTable *stock_by_id;
  GHashTable *device_by_id;
  GHashTable *alarm_by_id;
  guint n_unacknowledged;
};

G_DEFINE_FINAL_TYPE (YzCity, yz_city, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_N_STATIONS,
  PROP_N_UNACKNOWLEDGED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* ---- helpers ---- */

static void
model_station_children (YzCity *self, GListStore *station_list, GListStore *flat, GHashTable *by_id,
                        const char *id, gpointer item)
{
  g_hash_table_insert (by_id, (gpointer)id, item);
  if (station_list != NULL)
    g_list_store_append (station_list, item);
  if (flat != NULL)
    g_list_store_append (flat, item);
}

/* ---- GObject ---- */

static void
yz_city_finalize (GObject *object)
{
  YzCity *self = YZ_CITY (object);

  g_hash_table_unref (self->station_by_id);
  g_hash_table_unref (self->camera_by_id);
  g_hash_table_unref (self->door_by_id);
  g_hash_table_unref (self->stock_by_id);
  g_hash_table_unref (self->device_by_id);
  g_hash_table_unref (self->alarm_by_id);
  g_clear_object (&self->entries);
  g_clear_object (&self->stations);
  g_clear_object (&self->cameras);
  g_clear_object (&self->stock);
  g_clear_object (&self->devices);
  g_clear_object (&self->alarms);

  G_OBJECT_CLASS (yz_city_parent_class)->finalize (object);
}

static void
yz_city_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  YzCity *self = YZ_CITY (object);

  switch (prop_id)
    {
    case PROP_N_STATIONS:
      g_value_set_uint (value, g_list_model_get_n_items (G_LIST_MODEL (self->stations)));
      break;
    case PROP_N_UNACKNOWLEDGED:
      g_value_set_uint (value, self->n_unacknowledged);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
yz_city_class_init (YzCityClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->finalize = yz_city_finalize;
  object_class->get_property = yz_city_get_property;

  /* Notified when the station list's members change (not on a reload of the same city). */
  properties[PROP_N_STATIONS] =
      g_param_spec_uint ("n-stations", NULL, NULL, 0, G_MAXUINT, 0, flags);
  /* Alarms in the state new (not yet acknowledged). */
  properties[PROP_N_UNACKNOWLEDGED] =
      g_param_spec_uint ("n-unacknowledged", NULL, NULL, 0, G_MAXUINT, 0, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
yz_city_init (YzCity *self)
{
  self->stations = g_list_store_new (YZ_TYPE_STATION);
  self->cameras = g_list_store_new (YZ_TYPE_CAMERA);
  self->stock = g_list_store_new (YZ_TYPE_STOCK);
  self->devices = g_list_store_new (YZ_TYPE_DEVICE);
  self->alarms = g_list_store_new (YZ_TYPE_ALARM);
  /* Keys are the items' own ids: the items live in the models. */
  self->station_by_id = g_hash_table_new (g_str_hash, g_str_equal);
  self->camera_by_id = g_hash_table_new (g_str_hash, g_str_equal);
  self->door_by_id = g_hash_table_new (g_str_hash, g_str_equal);
  self->stock_by_id = g_hash_table_new (g_str_hash, g_str_equal);
  self->device_by_id = g_hash_table_new (g_str_hash, g_str_equal);
  self->alarm_by_id = g_hash_table_new (g_str_hash, g_str_equal);
}

/* ---- public API ---- */

/**
 * yz_city_new:
 * @store: (nullable): where the entries model reads the entries; without it the entries
 *   model is empty
 */
YzCity *
yz_city_new (YzStore *store)
{
  YzCity *self = g_object_new (YZ_TYPE_CITY, NULL);

  self->entries = yz_entry_model_new (store);
  return self;
}

GListModel *
yz_city_get_stations (YzCity *self)
{
  return G_LIST_MODEL (self->stations);
}
GListModel *
yz_city_get_cameras (YzCity *self)
{
  return G_LIST_MODEL (self->cameras);
}
GListModel *
yz_city_get_alarms (YzCity *self)
{
  return G_LIST_MODEL (self->alarms);
}
GListModel *
yz_city_get_stock (YzCity *self)
{
  return G_LIST_MODEL (self->stock);
}
GListModel *
yz_city_get_devices (YzCity *self)
{
  return G_LIST_MODEL (self->devices);
}
YzEntryModel *
yz_city_get_entries (YzCity *self)
{
  return self->entries;
}
guint
yz_city_get_n_unacknowledged (YzCity *self)
{
  return self->n_unacknowledged;
}
YzStation *
yz_city_lookup_station (YzCity *self, const char *id)
{
  return g_hash_table_lookup (self->station_by_id, id);
}
YzCamera *
yz_city_lookup_camera (YzCity *self, const char *id)
{
  return g_hash_table_lookup (self->camera_by_id, id);
}
YzDoor *
yz_city_lookup_door (YzCity *self, const char *id)
{
  return g_hash_table_lookup (self->door_by_id, id);
}
YzStock *
yz_city_lookup_stock (YzCity *self, const char *id)
{
  return g_hash_table_lookup (self->stock_by_id, id);
}
YzDevice *
yz_city_lookup_device (YzCity *self, const char *id)
{
  return g_hash_table_lookup (self->device_by_id, id);
}
YzAlarm *
yz_city_lookup_alarm (YzCity *self, const char *id)
{
  return g_hash_table_lookup (self->alarm_by_id, id);
}

/* The district of a station, NULL when the station is not known. */
const char *
yz_city_district_of (YzCity *self, const char *station_id)
{
  YzStation *station = station_id ? g_hash_table_lookup (self->station_by_id, station_id) : NULL;

  return station ? yz_station_get_district (station) : NULL;
}

/* The stations' alarm summaries and the count of new alarms, from the alarms model. */
void
yz_city_update_alarm_counts (YzCity *self)
{
  g_autoptr(GHashTable) worst = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) counts = g_hash_table_new (g_str_hash, g_str_equal);
  guint n_new = 0;
  GHashTableIter iter;
  gpointer value;

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->alarms)); i++)
    {
      g_autoptr(YzAlarm) alarm = g_list_model_get_item (G_LIST_MODEL (self->alarms), i);
      const char *station_id = yz_alarm_get_station_id (alarm);
      YzPriority priority = yz_alarm_get_priority (alarm);

      if (yz_alarm_get_state (alarm) == YZ_ALARM_STATE_RESOLVED)
        continue;
      if (yz_alarm_get_state (alarm) == YZ_ALARM_STATE_NEW)
        n_new++;
      g_hash_table_insert (
          counts, (gpointer)station_id,
          GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (counts, station_id)) + 1));
      if (priority > GPOINTER_TO_INT (g_hash_table_lookup (worst, station_id)))
        g_hash_table_insert (worst, (gpointer)station_id, GINT_TO_POINTER (priority));
    }

  g_hash_table_iter_init (&iter, self->station_by_id);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      const char *id = yz_station_get_id (value);

      yz_station_set_alarm_summary (value, GPOINTER_TO_UINT (g_hash_table_lookup (counts, id)),
                                    GPOINTER_TO_INT (g_hash_table_lookup (worst, id)));
    }

  if (n_new != self->n_unacknowledged)
    {
      self->n_unacknowledged = n_new;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_UNACKNOWLEDGED]);
    }
}

/* The alarm for @data: updated unless @data is older, or new in its sorted place. */
YzAlarm *
yz_city_add_alarm (YzCity *self, const YzAlarmData *data, gboolean derived, gboolean *is_new)
{
  YzAlarm *alarm = g_hash_table_lookup (self->alarm_by_id, data->id);
  YzStation *station;

  *is_new = FALSE;
  if (alarm != NULL)
    {
      if (data->updated_at >= yz_alarm_get_updated_at (alarm))
        yz_alarm_update (alarm, data);
      return alarm;
    }

  station = g_hash_table_lookup (self->station_by_id, data->station_id);
  alarm = yz_alarm_new (data, station ? yz_station_get_name (station) : NULL, derived);
  g_hash_table_insert (self->alarm_by_id, (char *)yz_alarm_get_id (alarm), alarm);
  g_list_store_insert_sorted (self->alarms, alarm, yz_alarm_compare, NULL);
  g_object_unref (alarm);
  *is_new = TRUE;

  return alarm;
}

/* Builds the station tree from arrays of data, updating the objects that already exist so
 * that views keep their rows; objects no longer present are dropped. */
void
yz_city_apply_state (YzCity *self, GPtrArray *stations, GPtrArray *cameras, GPtrArray *doors,
                     GPtrArray *stock, GPtrArray *devices)
{
  g_autoptr(GHashTable) old =
      g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_object_unref);
  g_autoptr(GPtrArray) ordered = g_ptr_array_new_with_free_func (g_object_unref);
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, self->station_by_id);
  while (g_hash_table_iter_next (&iter, &key, &value))
    g_hash_table_insert (old, key, g_object_ref (value));

  /* Children are rebuilt: they are few and hang off their station. */
  g_list_store_remove_all (self->cameras);
  g_list_store_remove_all (self->stock);
  g_list_store_remove_all (self->devices);
  g_hash_table_remove_all (self->camera_by_id);
  g_hash_table_remove_all (self->door_by_id);
  g_hash_table_remove_all (self->stock_by_id);
  g_hash_table_remove_all (self->device_by_id);
  g_hash_table_remove_all (self->station_by_id);

  for (guint i = 0; i < stations->len; i++)
    {
      const YzStationData *data = g_ptr_array_index (stations, i);
      YzStation *station = g_hash_table_lookup (old, data->id);

      if (station != NULL)
        {
          g_object_ref (station);
          yz_station_update (station, data);
        }
      else
        {
          station = yz_station_new (data);
        }
      g_list_store_remove_all (G_LIST_STORE (yz_station_get_cameras (station)));
      g_list_store_remove_all (G_LIST_STORE (yz_station_get_doors (station)));
      g_list_store_remove_all (G_LIST_STORE (yz_station_get_stock (station)));
      g_list_store_remove_all (G_LIST_STORE (yz_station_get_devices (station)));
      g_hash_table_insert (self->station_by_id, (char *)yz_station_get_id (station), station);
      g_ptr_array_add (ordered, station);
    }

#define ADD_CHILDREN(array, Type, new_func, id_func, getter, flat, by_id)                          \
  for (guint i = 0; i < (array)->len; i++)                                                         \
    {                                                                                              \
      const Type *data = g_ptr_array_index ((array), i);                                           \
      YzStation *station = g_hash_table_lookup (self->station_by_id, data->station_id);            \
      g_autoptr(GObject) item = NULL;                                                             \
      if (station == NULL)                                                                         \
        continue;                                                                                  \
      item = G_OBJECT (new_func (data));                                                           \
      model_station_children (self, G_LIST_STORE (getter (station)), (flat), (by_id),              \
                              id_func ((gpointer)item), item);                                     \
    }
  ADD_CHILDREN (cameras, YzCameraData, yz_camera_new, yz_camera_get_id, yz_station_get_cameras,
                self->cameras, self->camera_by_id);
  ADD_CHILDREN (doors, YzDoorData, yz_door_new, yz_door_get_id, yz_station_get_doors, NULL,
                self->door_by_id);
  ADD_CHILDREN (stock, YzStockData, yz_stock_new, yz_stock_get_id, yz_station_get_stock,
                self->stock, self->stock_by_id);
  ADD_CHILDREN (devices, YzDeviceData, yz_device_new, yz_device_get_id, yz_station_get_devices,
                self->devices, self->device_by_id);
#undef ADD_CHILDREN

  for (guint i = 0; i < ordered->len; i++)
    yz_station_refresh (g_ptr_array_index (ordered, i));

  /* Replace the station list only when its members changed: a reload of the same city
   * leaves the rows (and the map) as they are. */
  {
    gboolean same = g_list_model_get_n_items (G_LIST_MODEL (self->stations)) == ordered->len;

    for (guint i = 0; same && i < ordered->len; i++)
      {
        g_autoptr(YzStation) current = g_list_model_get_item (G_LIST_MODEL (self->stations), i);

        same = current == g_ptr_array_index (ordered, i);
      }
    if (!same)
      {
        g_list_store_splice (self->stations, 0,
                             g_list_model_get_n_items (G_LIST_MODEL (self->stations)),
                             ordered->pdata, ordered->len);
        g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_STATIONS]);
      }
  }
}

/**
 * yz_city_apply_event:
 * @in_state: the loaded state already reflects the event: only the station's last-seen
 *   time and the alarm (never older than the item) are applied
 * @is_new: (out): for an alarm event, whether the alarm is new to the city
 *
 * Returns: (transfer none) (nullable): for an alarm event, the alarm; else %NULL
 */
YzAlarm *
yz_city_apply_event (YzCity *self, const YzEvent *event, gboolean in_state, gboolean *is_new)
{
  YzStation *station =
      event->station_id ? g_hash_table_lookup (self->station_by_id, event->station_id) : NULL;
  YzAlarm *alarm = NULL;

  *is_new = FALSE;

  if (station != NULL)
    yz_station_set_last_seen (station, event->time);

  switch (event->type)
    {
    case YZ_EVENT_STATION_STATUS:
      if (station != NULL && !in_state)
        yz_station_set_status (station, event->online, event->occupancy, event->has_temperature,
                               event->temperature, event->time);
      break;

    case YZ_EVENT_DOOR_STATE:
      {
        YzDoor *door = g_hash_table_lookup (self->door_by_id, event->target_id);

        if (door != NULL && !in_state)
          {
            yz_door_set_state (door, event->state, event->mode);
            if (station != NULL)
              yz_station_refresh (station);
          }
      }
      break;

    case YZ_EVENT_STOCK_LEVEL:
      {
        YzStock *stock = g_hash_table_lookup (self->stock_by_id, event->target_id);

        if (stock != NULL && !in_state)
          {
            yz_stock_set_level (stock, event->level);
            if (station != NULL)
              yz_station_refresh (station);
          }
      }
      break;

    case YZ_EVENT_DEVICE_STATE:
      {
        YzDevice *device = g_hash_table_lookup (self->device_by_id, event->target_id);

        if (device != NULL && !in_state)
          yz_device_set_state (device, event->state);
      }
      break;

    case YZ_EVENT_CAMERA_STATUS:
      {
        YzCamera *camera = g_hash_table_lookup (self->camera_by_id, event->target_id);

        if (camera != NULL && !in_state)
          yz_camera_set_online (camera, event->online);
      }
      break;

    case YZ_EVENT_ALARM_RAISED:
    case YZ_EVENT_ALARM_UPDATED:
      alarm = yz_city_add_alarm (self, event->alarm, FALSE, is_new);
      break;

    case YZ_EVENT_DOOR_COMMAND_RESULT:
    case YZ_EVENT_ENTRY:
    case YZ_EVENT_HELLO:
    case YZ_EVENT_RESYNC_REQUIRED:
    case YZ_EVENT_HEARTBEAT:
    default:
      break;
    }

  return alarm;
}

/* A stock item as the gateway answered a command. */
void
yz_city_update_stock (YzCity *self, const YzStockData *data)
{
  YzStock *stock = g_hash_table_lookup (self->stock_by_id, data->id);

  if (stock != NULL)
    {
      YzStation *station = g_hash_table_lookup (self->station_by_id, data->station_id);

      yz_stock_update (stock, data);
      if (station)
        yz_station_refresh (station);
    }
}

/* A device as the gateway answered a command. */
void
yz_city_update_device (YzCity *self, const YzDeviceData *data)
{
  YzDevice *device;

  if ((device = g_hash_table_lookup (self->device_by_id, data->id)) != NULL)
    yz_device_update (device, data);
}
