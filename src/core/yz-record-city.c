/* yz-record-city.c
 *
 * The city in the record: stations, cameras, doors, stock and devices as the gateway last
 * described them, entries, and the offline view read back from them at start.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "yz-record"

#include "config.h"

#include "yz-record.h"

void
yz_record_station (YzStore *store, const YzStationData *s)
{
  sqlite3_stmt *stmt = yz_record_prepare (
      store,
      "INSERT INTO stations (id, name, district, address, lat, lon, datum, kind, opening_hours,"
      " capacity, facilities, online, occupancy, temperature, last_seen)"
      " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)"
      " ON CONFLICT (id) DO UPDATE SET name = excluded.name, district = excluded.district,"
      " address = excluded.address, lat = excluded.lat, lon = excluded.lon, datum = excluded.datum,"
      " kind = excluded.kind, opening_hours = excluded.opening_hours, capacity = excluded.capacity,"
      " facilities = excluded.facilities, online = excluded.online, occupancy = excluded.occupancy,"
      " temperature = excluded.temperature, last_seen = excluded.last_seen");
  g_autofree char *facilities = NULL;

  if (stmt == NULL)
    return;
  facilities = g_strjoinv (",", s->facilities);
  YZ_RECORD_TEXT (stmt, 1, s->id);
  YZ_RECORD_TEXT (stmt, 2, s->name);
  YZ_RECORD_TEXT (stmt, 3, s->district);
  YZ_RECORD_TEXT (stmt, 4, s->address);
  sqlite3_bind_double (stmt, 5, s->lat);
  sqlite3_bind_double (stmt, 6, s->lon);
  YZ_RECORD_TEXT (stmt, 7, s->datum);
  YZ_RECORD_TEXT (stmt, 8, s->kind);
  YZ_RECORD_TEXT (stmt, 9, s->opening_hours);
  sqlite3_bind_int (stmt, 10, s->capacity);
  YZ_RECORD_TEXT (stmt, 11, facilities);
  sqlite3_bind_int (stmt, 12, s->online);
  sqlite3_bind_int (stmt, 13, s->occupancy);
  if (s->has_temperature)
    sqlite3_bind_double (stmt, 14, s->temperature);
  if (s->last_seen > 0)
    sqlite3_bind_int64 (stmt, 15, s->last_seen);
  yz_record_run (store, stmt);
}

void
yz_record_camera (YzStore *store, const YzCameraData *c)
{
  sqlite3_stmt *stmt = yz_record_prepare (store, "INSERT OR REPLACE INTO cameras (id, station_id, "
                                                 "name, main_url, sub_url, snapshot_url, online)"
                                                 " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");

  if (stmt == NULL)
    return;
  YZ_RECORD_TEXT (stmt, 1, c->id);
  YZ_RECORD_TEXT (stmt, 2, c->station_id);
  YZ_RECORD_TEXT (stmt, 3, c->name);
  YZ_RECORD_TEXT (stmt, 4, c->main_url);
  YZ_RECORD_TEXT (stmt, 5, c->sub_url);
  YZ_RECORD_TEXT (stmt, 6, c->snapshot_url);
  sqlite3_bind_int (stmt, 7, c->online);
  yz_record_run (store, stmt);
}

void
yz_record_door (YzStore *store, const YzDoorData *d)
{
  sqlite3_stmt *stmt = yz_record_prepare (store, "INSERT OR REPLACE INTO doors (id, station_id, "
                                                 "name, state, mode) VALUES (?1, ?2, ?3, ?4, ?5)");

  if (stmt == NULL)
    return;
  YZ_RECORD_TEXT (stmt, 1, d->id);
  YZ_RECORD_TEXT (stmt, 2, d->station_id);
  YZ_RECORD_TEXT (stmt, 3, d->name);
  YZ_RECORD_TEXT (stmt, 4, d->state);
  YZ_RECORD_TEXT (stmt, 5, d->mode);
  yz_record_run (store, stmt);
}

void
yz_record_stock (YzStore *store, const YzStockData *s)
{
  sqlite3_stmt *stmt = yz_record_prepare (store, "INSERT OR REPLACE INTO stock (id, station_id, "
                                                 "item, name, unit, level, capacity, low_threshold)"
                                                 " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");

  if (stmt == NULL)
    return;
  YZ_RECORD_TEXT (stmt, 1, s->id);
  YZ_RECORD_TEXT (stmt, 2, s->station_id);
  YZ_RECORD_TEXT (stmt, 3, s->item);
  YZ_RECORD_TEXT (stmt, 4, s->name);
  YZ_RECORD_TEXT (stmt, 5, s->unit);
  sqlite3_bind_int64 (stmt, 6, s->level);
  sqlite3_bind_int64 (stmt, 7, s->capacity);
  sqlite3_bind_int64 (stmt, 8, s->low_threshold);
  yz_record_run (store, stmt);
}

void
yz_record_device (YzStore *store, const YzDeviceData *d)
{
  sqlite3_stmt *stmt = yz_record_prepare (
      store, "INSERT OR REPLACE INTO devices (id, station_id, kind, name, state, switchable)"
             " VALUES (?1, ?2, ?3, ?4, ?5, ?6)");

  if (stmt == NULL)
    return;
  YZ_RECORD_TEXT (stmt, 1, d->id);
  YZ_RECORD_TEXT (stmt, 2, d->station_id);
  YZ_RECORD_TEXT (stmt, 3, d->kind);
  YZ_RECORD_TEXT (stmt, 4, d->name);
  YZ_RECORD_TEXT (stmt, 5, d->state);
  sqlite3_bind_int (stmt, 6, d->switchable);
  yz_record_run (store, stmt);
}
/* The gateway's state replaces the city (inside the caller's transaction): stations gone
 * from the gateway go, with their devices (ON DELETE CASCADE); children are rewritten. */
void
yz_record_replace_city (YzStore *store, YzStateData *state)
{
  g_autoptr(GHashTable) state_ids = g_hash_table_new (g_str_hash, g_str_equal);
  sqlite3_stmt *stmt;

  for (guint i = 0; i < state->stations->len; i++)
    g_hash_table_add (state_ids, ((YzStationData *)g_ptr_array_index (state->stations, i))->id);

  if ((stmt = yz_record_prepare (
           store, "CREATE TEMP TABLE IF NOT EXISTS state_ids (id TEXT PRIMARY KEY)")) != NULL)
    yz_record_run (store, stmt);
  if ((stmt = yz_record_prepare (store, "DELETE FROM temp.state_ids")) != NULL)
    yz_record_run (store, stmt);
  for (guint i = 0; i < state->stations->len; i++)
    {
      YzStationData *s = g_ptr_array_index (state->stations, i);

      yz_record_station (store, s);
      if ((stmt = yz_record_prepare (
               store, "INSERT OR IGNORE INTO temp.state_ids (id) VALUES (?1)")) != NULL)
        {
          YZ_RECORD_TEXT (stmt, 1, s->id);
          yz_record_run (store, stmt);
        }
    }
  if ((stmt = yz_record_prepare (
           store, "DELETE FROM stations WHERE id NOT IN (SELECT id FROM temp.state_ids)")) != NULL)
    yz_record_run (store, stmt);
  if ((stmt = yz_record_prepare (store, "DELETE FROM cameras")) != NULL)
    yz_record_run (store, stmt);
  if ((stmt = yz_record_prepare (store, "DELETE FROM doors")) != NULL)
    yz_record_run (store, stmt);
  if ((stmt = yz_record_prepare (store, "DELETE FROM stock")) != NULL)
    yz_record_run (store, stmt);
  if ((stmt = yz_record_prepare (store, "DELETE FROM devices")) != NULL)
    yz_record_run (store, stmt);

#define STORE_CHILDREN(array, Type, func)                                                          \
  for (guint i = 0; i < (array)->len; i++)                                                         \
    {                                                                                              \
      Type *item = g_ptr_array_index ((array), i);                                                 \
      if (g_hash_table_contains (state_ids, item->station_id))                                     \
        func (store, item);                                                                        \
    }
  STORE_CHILDREN (state->cameras, YzCameraData, yz_record_camera);
  STORE_CHILDREN (state->doors, YzDoorData, yz_record_door);
  STORE_CHILDREN (state->stock, YzStockData, yz_record_stock);
  STORE_CHILDREN (state->devices, YzDeviceData, yz_record_device);
#undef STORE_CHILDREN
}

/* The stock row as the table holds it now (before a new level is written): the old level
 * tells consumption from a restock. FALSE when the item is not known. */
gboolean
yz_record_stock_before (YzStore *store, const char *stock_id, gint64 *level, char **item,
                        char **station_id)
{
  sqlite3_stmt *stmt =
      yz_record_prepare (store, "SELECT level, item, station_id FROM stock WHERE id = ?1");
  gboolean found = FALSE;

  if (stmt == NULL)
    return FALSE;
  YZ_RECORD_TEXT (stmt, 1, stock_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      found = TRUE;
      *level = sqlite3_column_int64 (stmt, 0);
      *item = g_strdup (yz_record_col (stmt, 1));
      *station_id = g_strdup (yz_record_col (stmt, 2));
    }
  sqlite3_reset (stmt);
  return found;
}

/* A state event's change to its row: a station's status, a door's state, a stock level, a
 * device's state, a camera's status. Other events change no row here. */
void
yz_record_event_state (YzStore *store, const YzEvent *event)
{
  sqlite3_stmt *stmt;

  switch (event->type)
    {
    case YZ_EVENT_STATION_STATUS:
      if ((stmt = yz_record_prepare (store, "UPDATE stations SET online = ?2, occupancy = ?3,"
                                            " temperature = ?4, last_seen = ?5 WHERE id = ?1")) ==
          NULL)
        break;
      YZ_RECORD_TEXT (stmt, 1, event->station_id);
      sqlite3_bind_int (stmt, 2, event->online);
      sqlite3_bind_int (stmt, 3, event->occupancy);
      if (event->has_temperature)
        sqlite3_bind_double (stmt, 4, event->temperature);
      sqlite3_bind_int64 (stmt, 5, event->time);
      yz_record_run (store, stmt);
      break;

    case YZ_EVENT_DOOR_STATE:
      if ((stmt = yz_record_prepare (
               store, "UPDATE doors SET state = ?2, mode = ?3 WHERE id = ?1")) == NULL)
        break;
      YZ_RECORD_TEXT (stmt, 1, event->target_id);
      YZ_RECORD_TEXT (stmt, 2, event->state);
      YZ_RECORD_TEXT (stmt, 3, event->mode);
      yz_record_run (store, stmt);
      break;

    case YZ_EVENT_STOCK_LEVEL:
      if ((stmt = yz_record_prepare (store, "UPDATE stock SET level = ?2 WHERE id = ?1")) == NULL)
        break;
      YZ_RECORD_TEXT (stmt, 1, event->target_id);
      sqlite3_bind_int64 (stmt, 2, event->level);
      yz_record_run (store, stmt);
      break;

    case YZ_EVENT_DEVICE_STATE:
      if ((stmt = yz_record_prepare (store, "UPDATE devices SET state = ?2 WHERE id = ?1")) == NULL)
        break;
      YZ_RECORD_TEXT (stmt, 1, event->target_id);
      YZ_RECORD_TEXT (stmt, 2, event->state);
      yz_record_run (store, stmt);
      break;

    case YZ_EVENT_CAMERA_STATUS:
      if ((stmt = yz_record_prepare (store, "UPDATE cameras SET online = ?2 WHERE id = ?1")) ==
          NULL)
        break;
      YZ_RECORD_TEXT (stmt, 1, event->target_id);
      sqlite3_bind_int (stmt, 2, event->online);
      yz_record_run (store, stmt);
      break;

    case YZ_EVENT_HELLO:
    case YZ_EVENT_RESYNC_REQUIRED:
    case YZ_EVENT_HEARTBEAT:
    case YZ_EVENT_DOOR_COMMAND_RESULT:
    case YZ_EVENT_ENTRY:
    case YZ_EVENT_ALARM_RAISED:
    case YZ_EVENT_ALARM_UPDATED:
    default:
      break;
    }
}

/* TRUE when the entry is new to the record (an entry is written once). */
gboolean
yz_record_entry (YzStore *store, const YzEntryData *e)
{
  sqlite3_stmt *stmt = yz_record_prepare (
      store,
      "INSERT OR IGNORE INTO entries (id, station_id, door_id, time, person_id, person_name,"
      " occupation, method, result, snapshot_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)");

  if (stmt == NULL)
    return FALSE;
  YZ_RECORD_TEXT (stmt, 1, e->id);
  YZ_RECORD_TEXT (stmt, 2, e->station_id);
  YZ_RECORD_TEXT (stmt, 3, e->door_id);
  sqlite3_bind_int64 (stmt, 4, e->time);
  YZ_RECORD_TEXT (stmt, 5, e->person_id);
  YZ_RECORD_TEXT (stmt, 6, e->person_name);
  YZ_RECORD_TEXT (stmt, 7, e->occupation);
  YZ_RECORD_TEXT (stmt, 8, e->method);
  YZ_RECORD_TEXT (stmt, 9, e->result);
  YZ_RECORD_TEXT (stmt, 10, e->snapshot_id);
  return yz_record_run (store, stmt) && yz_record_changes (store) == 1;
}

/* ---- the offline view ---- */

/* The city as last recorded, into arrays of data (the arrays free what they hold). */
void
yz_record_load_city (YzStore *store, GPtrArray *stations, GPtrArray *cameras, GPtrArray *doors,
                     GPtrArray *stock, GPtrArray *devices)
{
  sqlite3_stmt *stmt;

  if ((stmt = yz_record_prepare (
           store, "SELECT id, name, district, address, lat, lon, datum, kind, opening_hours,"
                  " capacity, facilities, online, occupancy, temperature, last_seen"
                  " FROM stations ORDER BY id")) != NULL)
    {
      while (sqlite3_step (stmt) == SQLITE_ROW)
        {
          YzStationData *s = g_new0 (YzStationData, 1);

          s->id = g_strdup (yz_record_col (stmt, 0));
          s->name = g_strdup (yz_record_col (stmt, 1));
          s->district = g_strdup (yz_record_col (stmt, 2));
          s->address = g_strdup (yz_record_col (stmt, 3));
          s->lat = sqlite3_column_double (stmt, 4);
          s->lon = sqlite3_column_double (stmt, 5);
          s->datum = g_intern_string (yz_record_col (stmt, 6) ? yz_record_col (stmt, 6) : "wgs84");
          s->kind =
              g_intern_string (yz_record_col (stmt, 7) ? yz_record_col (stmt, 7) : "standard");
          s->opening_hours = g_strdup (yz_record_col (stmt, 8));
          s->capacity = sqlite3_column_int (stmt, 9);
          s->facilities =
              g_strsplit (yz_record_col (stmt, 10) ? yz_record_col (stmt, 10) : "", ",", -1);
          s->online = sqlite3_column_int (stmt, 11);
          s->occupancy = sqlite3_column_int (stmt, 12);
          s->has_temperature = sqlite3_column_type (stmt, 13) != SQLITE_NULL;
          s->temperature = sqlite3_column_double (stmt, 13);
          s->last_seen = sqlite3_column_int64 (stmt, 14);
          g_ptr_array_add (stations, s);
        }
      sqlite3_reset (stmt);
    }

  if ((stmt = yz_record_prepare (store, "SELECT id, station_id, name, main_url, sub_url, "
                                        "snapshot_url, online FROM cameras ORDER BY id")) != NULL)
    {
      while (sqlite3_step (stmt) == SQLITE_ROW)
        {
          YzCameraData *c = g_new0 (YzCameraData, 1);

          c->id = g_strdup (yz_record_col (stmt, 0));
          c->station_id = g_strdup (yz_record_col (stmt, 1));
          c->name = g_strdup (yz_record_col (stmt, 2));
          c->main_url = g_strdup (yz_record_col (stmt, 3));
          c->sub_url = g_strdup (yz_record_col (stmt, 4));
          c->snapshot_url = g_strdup (yz_record_col (stmt, 5));
          c->online = sqlite3_column_int (stmt, 6);
          g_ptr_array_add (cameras, c);
        }
      sqlite3_reset (stmt);
    }

  if ((stmt = yz_record_prepare (
           store, "SELECT id, station_id, name, state, mode FROM doors ORDER BY id")) != NULL)
    {
      while (sqlite3_step (stmt) == SQLITE_ROW)
        {
          YzDoorData *d = g_new0 (YzDoorData, 1);

          d->id = g_strdup (yz_record_col (stmt, 0));
          d->station_id = g_strdup (yz_record_col (stmt, 1));
          d->name = g_strdup (yz_record_col (stmt, 2));
          d->state = g_intern_string (yz_record_col (stmt, 3) ? yz_record_col (stmt, 3) : "locked");
          d->mode = g_intern_string (yz_record_col (stmt, 4) ? yz_record_col (stmt, 4) : "normal");
          g_ptr_array_add (doors, d);
        }
      sqlite3_reset (stmt);
    }

  if ((stmt = yz_record_prepare (store, "SELECT id, station_id, item, name, unit, level, capacity, "
                                        "low_threshold FROM stock ORDER BY id")) != NULL)
    {
      while (sqlite3_step (stmt) == SQLITE_ROW)
        {
          YzStockData *s = g_new0 (YzStockData, 1);

          s->id = g_strdup (yz_record_col (stmt, 0));
          s->station_id = g_strdup (yz_record_col (stmt, 1));
          s->item = g_intern_string (yz_record_col (stmt, 2));
          s->name = g_strdup (yz_record_col (stmt, 3));
          s->unit = g_strdup (yz_record_col (stmt, 4));
          s->level = sqlite3_column_int64 (stmt, 5);
          s->capacity = sqlite3_column_int64 (stmt, 6);
          s->low_threshold = sqlite3_column_int64 (stmt, 7);
          g_ptr_array_add (stock, s);
        }
      sqlite3_reset (stmt);
    }

  if ((stmt = yz_record_prepare (
           store,
           "SELECT id, station_id, kind, name, state, switchable FROM devices ORDER BY id")) !=
      NULL)
    {
      while (sqlite3_step (stmt) == SQLITE_ROW)
        {
          YzDeviceData *d = g_new0 (YzDeviceData, 1);

          d->id = g_strdup (yz_record_col (stmt, 0));
          d->station_id = g_strdup (yz_record_col (stmt, 1));
          d->kind = g_intern_string (yz_record_col (stmt, 2));
          d->name = g_strdup (yz_record_col (stmt, 3));
          d->state = g_intern_string (yz_record_col (stmt, 4) ? yz_record_col (stmt, 4) : "off");
          d->switchable = sqlite3_column_int (stmt, 5);
          g_ptr_array_add (devices, d);
        }
      sqlite3_reset (stmt);
    }
}
