/* yz-sim-city-commands.c
 *
 * The commands a simulated city obeys, as a station's devices would: doors, alarm actions,
 * restocking and thresholds, and switching devices. A door command is answered later by a
 * door.command-result event, as a terminal answers; the others change the city at once and
 * emit the events a real station would send.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "yz-sim-city"

#include "config.h"

#include <string.h>

#include "yz-sim-city-private.h"
#include "yz-vocabulary.h"

typedef struct
{
  YzSimCity *city;
  char *command_id;
  char *door_id;
  char *command;
  char *by;
  int minutes;
} DoorCommand;

static void
door_command_free (gpointer data)
{
  DoorCommand *cmd = data;

  g_object_unref (cmd->city);
  g_free (cmd->command_id);
  g_free (cmd->door_id);
  g_free (cmd->command);
  g_free (cmd->by);
  g_free (cmd);
}

static gboolean
door_command_done_cb (gpointer data)
{
  DoorCommand *cmd = data;
  YzSimCity *self = cmd->city;
  JsonObject *door = yz_sim_city_lookup (self, YZ_SIM_DOORS, cmd->door_id);
  JsonObject *station;
  JsonObject *event;
  gboolean ok;
  gint64 now = yz_sim_city_now (self);

  if (door == NULL)
    return G_SOURCE_REMOVE;

  station = yz_sim_city_lookup (self, YZ_SIM_STATIONS,
                                json_object_get_string_member (door, "station_id"));
  ok = json_object_get_boolean_member (station, "online");

  event = yz_sim_city_new_event (self, "door.command-result",
                                 json_object_get_string_member (door, "station_id"));
  json_object_set_string_member (event, "command_id", cmd->command_id);
  json_object_set_string_member (event, "door_id", cmd->door_id);
  json_object_set_boolean_member (event, "ok", ok);
  if (!ok)
    json_object_set_string_member (event, "reason", "the station stopped answering");
  json_object_set_string_member (event, "by", cmd->by);
  yz_sim_city_emit (self, event);

  if (!ok)
    return G_SOURCE_REMOVE;

  if (g_str_equal (cmd->command, YZ_DOOR_CMD_OPEN))
    {
      yz_sim_city_set_door_state (self, door, "unlocked", NULL);
      yz_sim_city_schedule (self, now + 8000, PENDING_DOOR_LOCK, cmd->door_id);
    }
  else if (g_str_equal (cmd->command, YZ_DOOR_CMD_KEEP_OPEN))
    {
      yz_sim_city_set_door_state (self, door, "unlocked", "always-open");
      yz_sim_city_schedule (self, now + (gint64)cmd->minutes * 60 * 1000, PENDING_DOOR_NORMAL,
                            cmd->door_id);
    }
  else if (g_str_equal (cmd->command, YZ_DOOR_CMD_LOCK))
    {
      yz_sim_city_set_door_state (self, door, "locked", NULL);
    }
  else
    {
      yz_sim_city_set_door_state (self, door, "locked", "normal");
    }

  return G_SOURCE_REMOVE;
}

char *
yz_sim_city_door_command (YzSimCity *self, const char *door_id, const char *command, int minutes,
                          const char *reason, const char *by, GError **error)
{
  JsonObject *door = yz_sim_city_lookup (self, YZ_SIM_DOORS, door_id);
  JsonObject *station;
  DoorCommand *cmd;

  if (door == NULL)
    {
      g_set_error (error, YZ_SIM_ERROR, YZ_SIM_ERROR_NOT_FOUND, "No door %s", door_id);
      return NULL;
    }
  if (!g_strv_contains (yz_door_commands (), command))
    {
      g_set_error (error, YZ_SIM_ERROR, YZ_SIM_ERROR_INVALID, "Unknown door command %s", command);
      return NULL;
    }
  if (g_str_equal (command, YZ_DOOR_CMD_KEEP_OPEN) ? (minutes < 1 || minutes > 240) : minutes != 0)
    {
      g_set_error (error, YZ_SIM_ERROR, YZ_SIM_ERROR_INVALID,
                   "minutes must be 1–240 for keep-open and absent otherwise");
      return NULL;
    }
  if (reason == NULL || g_utf8_strlen (reason, -1) < 1 || g_utf8_strlen (reason, -1) > 200)
    {
      g_set_error (error, YZ_SIM_ERROR, YZ_SIM_ERROR_INVALID,
                   "A reason of 1–200 characters is required");
      return NULL;
    }
  station = yz_sim_city_lookup (self, YZ_SIM_STATIONS,
                                json_object_get_string_member (door, "station_id"));
  if (!json_object_get_boolean_member (station, "online"))
    {
      g_set_error (error, YZ_SIM_ERROR, YZ_SIM_ERROR_STATION_OFFLINE, "Station %s is offline",
                   json_object_get_string_member (station, "id"));
      return NULL;
    }

  cmd = g_new0 (DoorCommand, 1);
  cmd->city = g_object_ref (self);
  cmd->command_id = g_strdup_printf ("c-%06u", ++self->next_command);
  cmd->door_id = g_strdup (door_id);
  cmd->command = g_strdup (command);
  cmd->by = g_strdup (by);
  cmd->minutes = minutes;
  g_timeout_add_full (G_PRIORITY_DEFAULT, g_rand_int_range (self->rand, 200, 1500),
                      door_command_done_cb, cmd, door_command_free);

  return g_strdup (cmd->command_id);
}

JsonObject *
yz_sim_city_alarm_action (YzSimCity *self, const char *alarm_id, const char *action, const char *by,
                          const char *to, const char *category, const char *note, GError **error)
{
  JsonObject *alarm = yz_sim_city_lookup (self, YZ_SIM_ALARMS, alarm_id);
  JsonObject *event;
  const char *state;
  const char *done;

  if (alarm == NULL)
    {
      g_set_error (error, YZ_SIM_ERROR, YZ_SIM_ERROR_NOT_FOUND, "No alarm %s", alarm_id);
      return NULL;
    }
  state = json_object_get_string_member (alarm, "state");

  if (g_str_equal (action, "acknowledge"))
    {
      if (!g_str_equal (state, "new"))
        {
          g_set_error (error, YZ_SIM_ERROR, YZ_SIM_ERROR_CONFLICT, "Alarm %s is already %s",
                       alarm_id, state);
          return NULL;
        }
      json_object_set_string_member (alarm, "state", "acknowledged");
      if (json_object_get_null_member (alarm, "owner"))
        json_object_set_string_member (alarm, "owner", by);
      done = "acknowledged";
    }
  else if (g_str_equal (action, "assign"))
    {
      if (to == NULL || to[0] == '\0' || strlen (to) > 64)
        {
          g_set_error (error, YZ_SIM_ERROR, YZ_SIM_ERROR_INVALID, "to must name an operator");
          return NULL;
        }
      if (g_str_equal (state, "resolved"))
        {
          g_set_error (error, YZ_SIM_ERROR, YZ_SIM_ERROR_CONFLICT, "Alarm %s is resolved",
                       alarm_id);
          return NULL;
        }
      json_object_set_string_member (alarm, "owner", to);
      json_object_set_string_member (alarm, "state", "acknowledged");
      done = "assigned";
    }
  else if (g_str_equal (action, "resolve"))
    {
      if (category == NULL || !g_strv_contains (yz_resolution_categories (), category))
        {
          g_set_error (error, YZ_SIM_ERROR, YZ_SIM_ERROR_INVALID,
                       "category must be one of the resolution categories");
          return NULL;
        }
      if (note == NULL || g_utf8_strlen (note, -1) < 1 || g_utf8_strlen (note, -1) > 2000)
        {
          g_set_error (error, YZ_SIM_ERROR, YZ_SIM_ERROR_INVALID,
                       "A note of 1–2000 characters is required");
          return NULL;
        }
      if (g_str_equal (state, "resolved"))
        {
          g_set_error (error, YZ_SIM_ERROR, YZ_SIM_ERROR_CONFLICT, "Alarm %s is already resolved",
                       alarm_id);
          return NULL;
        }
      json_object_set_string_member (alarm, "state", "resolved");
      json_object_set_string_member (alarm, "category", category);
      json_object_set_string_member (alarm, "note", note);
      if (json_object_get_null_member (alarm, "owner"))
        json_object_set_string_member (alarm, "owner", by);
      done = "resolved";
    }
  else if (g_str_equal (action, "reopen"))
    {
      if (!g_str_equal (state, "resolved"))
        {
          g_set_error (error, YZ_SIM_ERROR, YZ_SIM_ERROR_CONFLICT, "Alarm %s is not resolved",
                       alarm_id);
          return NULL;
        }
      json_object_set_string_member (alarm, "state", "acknowledged");
      json_object_set_null_member (alarm, "category");
      done = "reopened";
    }
  else
    {
      g_set_error (error, YZ_SIM_ERROR, YZ_SIM_ERROR_NOT_FOUND, "No alarm action %s", action);
      return NULL;
    }

  yz_sim_set_time_member (alarm, "updated_at", yz_sim_city_now (self));

  event = yz_sim_city_new_event (self, "alarm.updated",
                                 json_object_get_string_member (alarm, "station_id"));
  json_object_set_object_member (event, "alarm", json_object_ref (alarm));
  json_object_set_string_member (event, "action", done);
  json_object_set_string_member (event, "by", by);
  if (note != NULL)
    json_object_set_string_member (event, "note", note);
  else
    json_object_set_null_member (event, "note");
  yz_sim_city_emit (self, event);

  return alarm;
}

JsonObject *
yz_sim_city_restock (YzSimCity *self, const char *stock_id, int quantity, GError **error)
{
  JsonObject *stock = yz_sim_city_lookup (self, YZ_SIM_STOCK, stock_id);

  if (stock == NULL)
    {
      g_set_error (error, YZ_SIM_ERROR, YZ_SIM_ERROR_NOT_FOUND, "No stock item %s", stock_id);
      return NULL;
    }
  if (quantity < 1 || quantity > 10000)
    {
      g_set_error (error, YZ_SIM_ERROR, YZ_SIM_ERROR_INVALID, "quantity must be 1–10000");
      return NULL;
    }

  yz_sim_city_set_stock_level (self, stock, json_object_get_int_member (stock, "level") + quantity);

  return stock;
}

JsonObject *
yz_sim_city_set_threshold (YzSimCity *self, const char *stock_id, int threshold, GError **error)
{
  JsonObject *stock = yz_sim_city_lookup (self, YZ_SIM_STOCK, stock_id);

  if (stock == NULL)
    {
      g_set_error (error, YZ_SIM_ERROR, YZ_SIM_ERROR_NOT_FOUND, "No stock item %s", stock_id);
      return NULL;
    }
  if (threshold < 0 || threshold > json_object_get_int_member (stock, "capacity"))
    {
      g_set_error (error, YZ_SIM_ERROR, YZ_SIM_ERROR_INVALID, "low_threshold must be 0–capacity");
      return NULL;
    }

  json_object_set_int_member (stock, "low_threshold", threshold);

  return stock;
}

JsonObject *
yz_sim_city_device_power (YzSimCity *self, const char *device_id, gboolean on, GError **error)
{
  JsonObject *device = yz_sim_city_lookup (self, YZ_SIM_DEVICES, device_id);
  JsonObject *event;
  const char *state = on ? "on" : "off";

  if (device == NULL)
    {
      g_set_error (error, YZ_SIM_ERROR, YZ_SIM_ERROR_NOT_FOUND, "No device %s", device_id);
      return NULL;
    }
  if (!json_object_get_boolean_member (device, "switchable"))
    {
      g_set_error (error, YZ_SIM_ERROR, YZ_SIM_ERROR_NOT_SWITCHABLE,
                   "Device %s cannot be switched remotely", device_id);
      return NULL;
    }

  if (!g_str_equal (json_object_get_string_member (device, "state"), state))
    {
      json_object_set_string_member (device, "state", state);
      event = yz_sim_city_new_event (self, "device.state",
                                     json_object_get_string_member (device, "station_id"));
      json_object_set_string_member (event, "device_id", device_id);
      json_object_set_string_member (event, "state", state);
      yz_sim_city_emit (self, event);
    }

  return device;
}
