/* yz-sim-city-commands.c
 *
 * The commands a simulated city obeys, as a station's devices would: doors, alarm actions,
 * restocking and thresholds, and switching devices. A door command is answered later by a
 * door.command-result event, as a terminal answers; the others change the city at once and
 * emit the events a real station would send. A door command keeps to its expiry and its
 * request id (docs/protocol.md, section 4): one that would reach the door after its
 * expires_at is answered "expired" and not carried out, and a request id seen before is
 * answered with the first command id and not carried out again. Expiry is on the real
 * clock, whatever --speed, as the console's is.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "yz-sim-city"

#include "config.h"

#include <string.h>

#include "yz-sim-city-private.h"
#include "yz-vocabulary.h"

/* How long a request id is remembered (the protocol asks for at least 10 minutes). */
#define REQUEST_MEMORY_MS (15 * 60 * 1000)
#define MAX_EXPIRY_AHEAD_MS (5 * 60 * 1000)

typedef struct
{
  YzSimCity *city;
  char *command_id;
  char *door_id;
  char *command;
  char *by;
  char *request_id;  /* nullable */
  gint64 expires_at; /* real ms; 0: none */
  int minutes;
} DoorCommand;

/* A request id the city accepted: what it was for, and the answer it was given. */
typedef struct
{
  char *command_id;
  char *door_id;
  char *command;
  gint64 accepted_at; /* real ms */
} DoorRequest;

static void
door_request_free (gpointer data)
{
  DoorRequest *request = data;

  g_free (request->command_id);
  g_free (request->door_id);
  g_free (request->command);
  g_free (request);
}

void
yz_sim_city_forget_door_requests (YzSimCity *self)
{
  g_clear_pointer (&self->door_requests, g_hash_table_unref);
}

/**
 * yz_sim_city_set_door_delay:
 * @ms: how long every door takes to answer a command accepted from now on; 0: the usual
 *   0.2–1.5 s
 */
void
yz_sim_city_set_door_delay (YzSimCity *self, guint ms)
{
  self->door_delay_ms = ms;
}

static gint64
real_now_ms (void)
{
  return g_get_real_time () / 1000;
}

static void
door_command_free (gpointer data)
{
  DoorCommand *cmd = data;

  g_object_unref (cmd->city);
  g_free (cmd->command_id);
  g_free (cmd->door_id);
  g_free (cmd->command);
  g_free (cmd->by);
  g_free (cmd->request_id);
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
  gboolean expired;
  gint64 now = yz_sim_city_now (self);

  if (door == NULL)
    return G_SOURCE_REMOVE;

  station = yz_sim_city_lookup (self, YZ_SIM_STATIONS,
                                json_object_get_string_member (door, "station_id"));
  /* The door would act now: too late is not at all. */
  expired = cmd->expires_at > 0 && real_now_ms () >= cmd->expires_at;
  ok = !expired && json_object_get_boolean_member (station, "online");

  event = yz_sim_city_new_event (self, "door.command-result",
                                 json_object_get_string_member (door, "station_id"));
  json_object_set_string_member (event, "command_id", cmd->command_id);
  json_object_set_string_member (event, "door_id", cmd->door_id);
  json_object_set_boolean_member (event, "ok", ok);
  if (expired)
    json_object_set_string_member (event, "reason", "expired");
  else if (!ok)
    json_object_set_string_member (event, "reason", "the station stopped answering");
  json_object_set_string_member (event, "by", cmd->by);
  if (cmd->request_id != NULL)
    json_object_set_string_member (event, "request_id", cmd->request_id);
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

static void
forget_old_requests (YzSimCity *self, gint64 now)
{
  GHashTableIter iter;
  DoorRequest *request;

  g_hash_table_iter_init (&iter, self->door_requests);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *)&request))
    if (now - request->accepted_at > REQUEST_MEMORY_MS)
      g_hash_table_iter_remove (&iter);
}

/**
 * yz_sim_city_door_command:
 * @request_id: (nullable): the console's id for the command, to carry it out once
 * @expires_at: (real) ms since the Unix epoch after which it is not carried out; 0: none
 *
 * Returns: the command id, or %NULL with @error (refused: nothing will happen)
 */
char *
yz_sim_city_door_command (YzSimCity *self, const char *door_id, const char *command, int minutes,
                          const char *reason, const char *by, const char *request_id,
                          gint64 expires_at, GError **error)
{
  JsonObject *door = yz_sim_city_lookup (self, YZ_SIM_DOORS, door_id);
  JsonObject *station;
  DoorCommand *cmd;
  DoorRequest *request;
  gint64 now = real_now_ms ();
  guint delay;

  if (self->door_requests == NULL)
    self->door_requests =
        g_hash_table_new_full (g_str_hash, g_str_equal, g_free, door_request_free);
  forget_old_requests (self, now);
  if (request_id != NULL && (request = g_hash_table_lookup (self->door_requests, request_id)))
    {
      /* A retry: answered as the first time, carried out only then. */
      if (!g_str_equal (request->door_id, door_id) || !g_str_equal (request->command, command))
        {
          g_set_error (error, YZ_SIM_ERROR, YZ_SIM_ERROR_CONFLICT,
                       "request_id %s was used for another command", request_id);
          return NULL;
        }
      g_message ("Door command %s: request %s again, not carried out twice", request->command_id,
                 request_id);
      return g_strdup (request->command_id);
    }
  if (expires_at > 0 && now >= expires_at)
    {
      g_set_error (error, YZ_SIM_ERROR, YZ_SIM_ERROR_EXPIRED,
                   "The command expired before it arrived: not carried out");
      return NULL;
    }
  if (expires_at > now + MAX_EXPIRY_AHEAD_MS)
    {
      g_set_error (error, YZ_SIM_ERROR, YZ_SIM_ERROR_INVALID,
                   "expires_at is more than 5 minutes ahead");
      return NULL;
    }

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
  cmd->request_id = g_strdup (request_id);
  cmd->expires_at = expires_at;
  cmd->minutes = minutes;
  /* The random draw is made even when delayed, so that a seed's city stays the same. */
  delay = g_rand_int_range (self->rand, 200, 1500);
  if (self->door_delay_ms > 0)
    delay = self->door_delay_ms;
  g_timeout_add_full (G_PRIORITY_DEFAULT, delay, door_command_done_cb, cmd, door_command_free);
  if (request_id != NULL)
    {
      request = g_new0 (DoorRequest, 1);
      request->command_id = g_strdup (cmd->command_id);
      request->door_id = g_strdup (door_id);
      request->command = g_strdup (command);
      request->accepted_at = now;
      g_hash_table_insert (self->door_requests, g_strdup (request_id), request);
    }

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
