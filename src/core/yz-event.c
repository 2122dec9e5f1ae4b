/* yz-event.c
 *
 * The one place where the gateway's JSON becomes C values (docs/protocol.md, section 5).
 * Every member is checked: type, range, length, enumerated value. Anything else is a clear
 * GError, never a crash: this file has a fuzz target (tests/fuzz/fuzz-event.c).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "yz-event"

#include "config.h"

#include <string.h>
#include <json-glib/json-glib.h>

#include "yz-event.h"

#define MAX_FRAME    (1024 * 1024)
#define MAX_DEPTH    16
#define MAX_ID       64
#define MAX_NAME     200
#define MAX_NOTE     2000

G_DEFINE_QUARK (yz-event-error-quark, yz_event_error)

static const char * const door_states[] = { "locked", "unlocked", "open", "held-open", "forced", NULL };
static const char * const door_modes[] = { "normal", "always-open", "always-closed", NULL };
static const char * const device_states[] = { "on", "off", "fault", NULL };
static const char * const occupations[] = { "sanitation", "delivery", "courier", "other", "unknown", NULL };
static const char * const methods[] = { "face", "qr", "card", "id-card", NULL };
static const char * const results[] = { "granted", "denied", "stranger", NULL };
static const char * const alarm_types[] = {
  "fall", "smoking", "altercation", "sos", "door-held-open", "door-forced", "smoke",
  "high-temperature", "stock-low", "camera-offline", "station-offline", NULL
};
static const char * const priorities[] = { "critical", "high", "medium", "low", NULL };
static const char * const alarm_states[] = { "new", "acknowledged", "resolved", NULL };
static const char * const categories[] = {
  "false-alarm", "handled-on-site", "referred-police", "referred-ambulance", "equipment-fault", "other", NULL
};
static const char * const alarm_actions[] = { "acknowledged", "assigned", "resolved", "reopened", NULL };

static const struct
{
  const char  *name;
  YzEventType  type;
} event_types[] = {
  { "hello", YZ_EVENT_HELLO },
  { "resync-required", YZ_EVENT_RESYNC_REQUIRED },
  { "heartbeat", YZ_EVENT_HEARTBEAT },
  { "station.status", YZ_EVENT_STATION_STATUS },
  { "door.state", YZ_EVENT_DOOR_STATE },
  { "door.command-result", YZ_EVENT_DOOR_COMMAND_RESULT },
  { "entry", YZ_EVENT_ENTRY },
  { "alarm.raised", YZ_EVENT_ALARM_RAISED },
  { "alarm.updated", YZ_EVENT_ALARM_UPDATED },
  { "stock.level", YZ_EVENT_STOCK_LEVEL },
  { "device.state", YZ_EVENT_DEVICE_STATE },
  { "camera.status", YZ_EVENT_CAMERA_STATUS },
};

static gboolean
bad (GError    **error,
     const char *member,
     const char *why)
{
  g_set_error (error, YZ_EVENT_ERROR, YZ_EVENT_ERROR_MALFORMED, "“%s” %s", member, why);
  return FALSE;
}

gboolean
yz_parse_time (const char *text,
               gint64     *ms)
{
  g_autoptr(GDateTime) dt = NULL;

  if (text == NULL || strlen (text) > 40)
    return FALSE;
  dt = g_date_time_new_from_iso8601 (text, NULL);
  if (dt == NULL)
    return FALSE;
  *ms = g_date_time_to_unix (dt) * 1000 + g_date_time_get_microsecond (dt) / 1000;

  return TRUE;
}

static JsonNode *
member (JsonObject *object,
        const char *name,
        gboolean    nullable,
        gboolean   *is_null,
        GError    **error)
{
  JsonNode *node = json_object_get_member (object, name);

  *is_null = node == NULL || JSON_NODE_HOLDS_NULL (node);
  if (*is_null && !nullable)
    {
      bad (error, name, "is missing");
      return NULL;
    }

  return node;
}

static gboolean
is_id (const char *text)
{
  gsize len = strlen (text);

  if (len == 0 || len > MAX_ID)
    return FALSE;
  for (const char *c = text; *c; c++)
    if (!g_ascii_isalnum (*c) && *c != '-' && *c != '_')
      return FALSE;

  return TRUE;
}

static gboolean
get_string (JsonObject  *object,
            const char  *name,
            gboolean     nullable,
            gboolean     id,
            glong        max_chars,
            char       **out,
            GError     **error)
{
  gboolean is_null;
  JsonNode *node = member (object, name, nullable, &is_null, error);
  const char *text;

  *out = NULL;
  if (is_null)
    return nullable;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return bad (error, name, "is not a string");
  text = json_node_get_string (node);
  if (!g_utf8_validate (text, -1, NULL))
    return bad (error, name, "is not UTF-8");
  if (id ? !is_id (text) : (text[0] == '\0' || g_utf8_strlen (text, -1) > max_chars))
    return bad (error, name, id ? "is not an id" : "is empty or too long");

  *out = g_strdup (text);
  return TRUE;
}

static gboolean
get_enum (JsonObject          *object,
          const char          *name,
          gboolean             nullable,
          const char * const  *values,
          const char         **out,
          GError             **error)
{
  gboolean is_null;
  JsonNode *node = member (object, name, nullable, &is_null, error);
  const char *text;

  *out = NULL;
  if (is_null)
    return nullable;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return bad (error, name, "is not a string");
  text = json_node_get_string (node);
  for (guint i = 0; values[i] != NULL; i++)
    if (g_str_equal (values[i], text))
      {
        *out = values[i];
        return TRUE;
      }

  return bad (error, name, "has a value this console does not know");
}

static gboolean
get_int (JsonObject  *object,
         const char  *name,
         gint64       min,
         gint64       max,
         gint64      *out,
         GError     **error)
{
  gboolean is_null;
  JsonNode *node = member (object, name, FALSE, &is_null, error);

  if (node == NULL)
    return FALSE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
    return bad (error, name, "is not an integer");
  *out = json_node_get_int (node);
  if (*out < min || *out > max)
    return bad (error, name, "is out of range");

  return TRUE;
}

static gboolean
get_bool (JsonObject  *object,
          const char  *name,
          gboolean    *out,
          GError     **error)
{
  gboolean is_null;
  JsonNode *node = member (object, name, FALSE, &is_null, error);

  if (node == NULL)
    return FALSE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    return bad (error, name, "is not true or false");
  *out = json_node_get_boolean (node);

  return TRUE;
}

static gboolean
get_time (JsonObject  *object,
          const char  *name,
          gint64      *out,
          GError     **error)
{
  gboolean is_null;
  JsonNode *node = member (object, name, FALSE, &is_null, error);

  if (node == NULL)
    return FALSE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING ||
      !yz_parse_time (json_node_get_string (node), out))
    return bad (error, name, "is not an RFC 3339 time");

  return TRUE;
}

static JsonObject *
get_object (JsonObject  *object,
            const char  *name,
            GError     **error)
{
  gboolean is_null;
  JsonNode *node = member (object, name, FALSE, &is_null, error);

  if (node == NULL)
    return NULL;
  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      bad (error, name, "is not an object");
      return NULL;
    }

  return json_node_get_object (node);
}

void
yz_entry_free (YzEntry *entry)
{
  if (entry == NULL)
    return;
  g_free (entry->id);
  g_free (entry->station_id);
  g_free (entry->door_id);
  g_free (entry->person_id);
  g_free (entry->person_name);
  g_free (entry->snapshot_id);
  g_free (entry);
}

void
yz_alarm_free (YzAlarm *alarm)
{
  if (alarm == NULL)
    return;
  g_free (alarm->id);
  g_free (alarm->station_id);
  g_free (alarm->camera_id);
  g_free (alarm->door_id);
  g_free (alarm->owner);
  g_free (alarm->note);
  g_free (alarm->snapshot_id);
  g_free (alarm);
}

void
yz_event_free (YzEvent *event)
{
  if (event == NULL)
    return;
  g_free (event->station_id);
  g_free (event->target_id);
  g_free (event->command_id);
  g_free (event->reason);
  g_free (event->by);
  g_free (event->note);
  yz_entry_free (event->entry);
  yz_alarm_free (event->alarm);
  g_free (event);
}

static YzEntry *
parse_entry (JsonObject  *object,
             GError     **error)
{
  YzEntry *entry = g_new0 (YzEntry, 1);

  if (!get_string (object, "id", FALSE, TRUE, 0, &entry->id, error) ||
      !get_string (object, "station_id", FALSE, TRUE, 0, &entry->station_id, error) ||
      !get_string (object, "door_id", TRUE, TRUE, 0, &entry->door_id, error) ||
      !get_time (object, "time", &entry->time, error) ||
      !get_string (object, "person_id", TRUE, TRUE, 0, &entry->person_id, error) ||
      !get_string (object, "person_name", TRUE, FALSE, MAX_NAME, &entry->person_name, error) ||
      !get_enum (object, "occupation", FALSE, occupations, &entry->occupation, error) ||
      !get_enum (object, "method", FALSE, methods, &entry->method, error) ||
      !get_enum (object, "result", FALSE, results, &entry->result, error) ||
      !get_string (object, "snapshot_id", TRUE, TRUE, 0, &entry->snapshot_id, error))
    {
      g_prefix_error (error, "entry: ");
      yz_entry_free (entry);
      return NULL;
    }

  return entry;
}

static YzAlarm *
parse_alarm (JsonObject  *object,
             GError     **error)
{
  YzAlarm *alarm = g_new0 (YzAlarm, 1);

  if (!get_string (object, "id", FALSE, TRUE, 0, &alarm->id, error) ||
      !get_string (object, "station_id", FALSE, TRUE, 0, &alarm->station_id, error) ||
      !get_string (object, "camera_id", TRUE, TRUE, 0, &alarm->camera_id, error) ||
      !get_string (object, "door_id", TRUE, TRUE, 0, &alarm->door_id, error) ||
      !get_enum (object, "type", FALSE, alarm_types, &alarm->type, error) ||
      !get_enum (object, "priority", FALSE, priorities, &alarm->priority, error) ||
      !get_time (object, "raised_at", &alarm->raised_at, error) ||
      !get_enum (object, "state", FALSE, alarm_states, &alarm->state, error) ||
      !get_string (object, "owner", TRUE, FALSE, MAX_ID, &alarm->owner, error) ||
      !get_time (object, "updated_at", &alarm->updated_at, error) ||
      !get_enum (object, "category", TRUE, categories, &alarm->category, error) ||
      !get_string (object, "note", TRUE, FALSE, MAX_NOTE, &alarm->note, error) ||
      !get_string (object, "snapshot_id", TRUE, TRUE, 0, &alarm->snapshot_id, error))
    {
      g_prefix_error (error, "alarm: ");
      yz_alarm_free (alarm);
      return NULL;
    }

  return alarm;
}

/* json-glib's parser recurses: refuse absurd nesting before it sees the text. */
static gboolean
nesting_ok (const char *data,
            gsize       length)
{
  int depth = 0;
  gboolean in_string = FALSE;

  for (gsize i = 0; i < length; i++)
    {
      char c = data[i];

      if (in_string)
        {
          if (c == '\\')
            i++;
          else if (c == '"')
            in_string = FALSE;
        }
      else if (c == '"')
        in_string = TRUE;
      else if ((c == '{' || c == '[') && ++depth > MAX_DEPTH)
        return FALSE;
      else if (c == '}' || c == ']')
        depth--;
    }

  return TRUE;
}

static gboolean
parse_body (YzEvent     *event,
            JsonObject  *object,
            GError     **error)
{
  gint64 value;

  switch (event->type)
    {
    case YZ_EVENT_HELLO:
    case YZ_EVENT_RESYNC_REQUIRED:
      return get_int (object, "last_seq", 0, G_MAXINT64, &event->last_seq, error) &&
             get_int (object, "oldest_seq", 0, G_MAXINT64, &event->oldest_seq, error);

    case YZ_EVENT_HEARTBEAT:
      return TRUE;

    case YZ_EVENT_STATION_STATUS:
      {
        gboolean is_null;
        JsonNode *temperature;

        if (!get_bool (object, "online", &event->online, error) ||
            !get_int (object, "occupancy", 0, 100000, &value, error))
          return FALSE;
        event->occupancy = (int)value;
        temperature = member (object, "temperature", TRUE, &is_null, error);
        if (!is_null)
          {
            GType type = JSON_NODE_HOLDS_VALUE (temperature) ? json_node_get_value_type (temperature) : G_TYPE_INVALID;

            if (type != G_TYPE_DOUBLE && type != G_TYPE_INT64)
              return bad (error, "temperature", "is not a number");
            event->temperature = json_node_get_double (temperature);
            if (event->temperature < -60 || event->temperature > 100)
              return bad (error, "temperature", "is out of range");
            event->has_temperature = TRUE;
          }
        return TRUE;
      }

    case YZ_EVENT_DOOR_STATE:
      return get_string (object, "door_id", FALSE, TRUE, 0, &event->target_id, error) &&
             get_enum (object, "state", FALSE, door_states, &event->state, error) &&
             get_enum (object, "mode", FALSE, door_modes, &event->mode, error);

    case YZ_EVENT_DOOR_COMMAND_RESULT:
      return get_string (object, "command_id", FALSE, TRUE, 0, &event->command_id, error) &&
             get_string (object, "door_id", FALSE, TRUE, 0, &event->target_id, error) &&
             get_bool (object, "ok", &event->ok, error) &&
             get_string (object, "reason", TRUE, FALSE, MAX_NAME, &event->reason, error) &&
             get_string (object, "by", TRUE, FALSE, MAX_ID, &event->by, error);

    case YZ_EVENT_ENTRY:
      {
        JsonObject *entry = get_object (object, "entry", error);

        return entry != NULL && (event->entry = parse_entry (entry, error)) != NULL;
      }

    case YZ_EVENT_ALARM_RAISED:
    case YZ_EVENT_ALARM_UPDATED:
      {
        JsonObject *alarm = get_object (object, "alarm", error);

        if (alarm == NULL || (event->alarm = parse_alarm (alarm, error)) == NULL)
          return FALSE;
        if (event->type == YZ_EVENT_ALARM_RAISED)
          return TRUE;
        return get_enum (object, "action", FALSE, alarm_actions, &event->action, error) &&
               get_string (object, "by", FALSE, FALSE, MAX_ID, &event->by, error) &&
               get_string (object, "note", TRUE, FALSE, MAX_NOTE, &event->note, error);
      }

    case YZ_EVENT_STOCK_LEVEL:
      return get_string (object, "stock_id", FALSE, TRUE, 0, &event->target_id, error) &&
             get_int (object, "level", 0, 1000000, &event->level, error);

    case YZ_EVENT_DEVICE_STATE:
      return get_string (object, "device_id", FALSE, TRUE, 0, &event->target_id, error) &&
             get_enum (object, "state", FALSE, device_states, &event->state, error);

    case YZ_EVENT_CAMERA_STATUS:
      return get_string (object, "camera_id", FALSE, TRUE, 0, &event->target_id, error) &&
             get_bool (object, "online", &event->online, error);

    default:
      g_assert_not_reached ();
    }
}

/**
 * yz_event_parse:
 * @data: one WebSocket text frame
 * @length: its length in bytes
 * @seq_out: (out) (optional): the frame's seq when it has a usable one (even when the rest
 *   is malformed or of an unknown type), else 0 — so the caller can log it and advance
 * @error: %YZ_EVENT_ERROR_MALFORMED or %YZ_EVENT_ERROR_UNKNOWN_TYPE
 *
 * Returns: (transfer full) (nullable): the checked event
 */
YzEvent *
yz_event_parse (const char  *data,
                gsize        length,
                gint64      *seq_out,
                GError     **error)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) json_error = NULL;
  g_autoptr(YzEvent) event = NULL;
  JsonNode *root;
  JsonObject *object;
  const char *type_name = NULL;
  gboolean known = FALSE;

  if (seq_out)
    *seq_out = 0;

  if (data == NULL || length == 0 || length > MAX_FRAME || !nesting_ok (data, length))
    {
      g_set_error (error, YZ_EVENT_ERROR, YZ_EVENT_ERROR_MALFORMED, "The frame is empty, too large or too deep");
      return NULL;
    }

  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, data, length, &json_error))
    {
      g_set_error (error, YZ_EVENT_ERROR, YZ_EVENT_ERROR_MALFORMED, "Not JSON: %s", json_error->message);
      return NULL;
    }
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, YZ_EVENT_ERROR, YZ_EVENT_ERROR_MALFORMED, "The frame is not a JSON object");
      return NULL;
    }
  object = json_node_get_object (root);

  event = g_new0 (YzEvent, 1);

  {
    JsonNode *type_node = json_object_get_member (object, "type");

    if (type_node == NULL || !JSON_NODE_HOLDS_VALUE (type_node) ||
        json_node_get_value_type (type_node) != G_TYPE_STRING)
      {
        bad (error, "type", "is missing or not a string");
        return NULL;
      }
    type_name = json_node_get_string (type_node);
  }
  for (guint i = 0; i < G_N_ELEMENTS (event_types); i++)
    if (g_str_equal (event_types[i].name, type_name))
      {
        event->type = event_types[i].type;
        known = TRUE;
        break;
      }

  /* hello and resync-required are messages about the stream, not numbered events. */
  if (!known || (event->type != YZ_EVENT_HELLO && event->type != YZ_EVENT_RESYNC_REQUIRED))
    {
      if (!get_int (object, "seq", 1, G_MAXINT64, &event->seq, error))
        return NULL;
      if (seq_out)
        *seq_out = event->seq;
      if (!get_time (object, "time", &event->time, error))
        return NULL;
    }

  if (!known)
    {
      g_set_error (error, YZ_EVENT_ERROR, YZ_EVENT_ERROR_UNKNOWN_TYPE, "Unknown event type “%.64s”", type_name);
      return NULL;
    }

  if (event->type != YZ_EVENT_HELLO && event->type != YZ_EVENT_RESYNC_REQUIRED &&
      event->type != YZ_EVENT_HEARTBEAT)
    {
      if (!get_string (object, "station_id", FALSE, TRUE, 0, &event->station_id, error))
        return NULL;
    }

  if (!parse_body (event, object, error))
    return NULL;

  return g_steal_pointer (&event);
}
