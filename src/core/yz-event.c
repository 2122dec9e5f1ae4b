/* yz-event.c
 *
 * The one place where the gateway's JSON becomes C values (docs/protocol.md, section 5).
 * Every member is checked: type, range, length, enumerated value. Anything else is a clear
 * GError, never a crash: this file has a fuzz target (tests/fuzz/fuzz-event.c). Texts to be
 * shown are cleaned rather than refused (yz-text.c), and a bad item in a list costs only
 * itself (docs/protocol.md, section 5, "Bad input").
 *
 * Long because every parser of the gateway's replies is here, over the member checks they
 * share: split, the checks would have to be shared through a header the fuzz target trusts.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "yz-event"

#include "config.h"

#include <stdio.h>
#include <string.h>
#include <json-glib/json-glib.h>

#include "yz-event.h"
#include "yz-text.h"
#include "yz-vocabulary.h"

#define MAX_FRAME (1024 * 1024)
#define MAX_DEPTH 16
#define MAX_ID 64
#define MAX_NAME 200
#define MAX_NOTE 2000

/* What cleaning the texts to be shown did while one object was parsed (yz-text.c): a text
 * is repaired member by member, never refused with its object. */
typedef struct
{
  gboolean repaired; /* the body had invalid UTF-8, replaced with U+FFFD before parsing */
  guint n_members;   /* members cleaned */
  char *first;       /* what was done to the first one */
} Clean;

static void
clean_clear (Clean *clean)
{
  g_clear_pointer (&clean->first, g_free);
  clean->n_members = 0;
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Clean, clean_clear)

/* The quark's name is spelled as GLib registers it. */
/* clang-format off */
G_DEFINE_QUARK (yz-event-error-quark, yz_event_error)
/* clang-format on */

static const char *const door_states[] = {
  "locked", "unlocked", "open", "held-open", "forced", NULL
};
static const char *const door_modes[] = { "normal", "always-open", "always-closed", NULL };
static const char *const device_states[] = { "on", "off", "fault", NULL };
static const char *const occupations[] = { "sanitation", "delivery", "courier",
                                           "other",      "unknown",  NULL };
static const char *const alarm_states[] = { "new", "acknowledged", "resolved", NULL };
/* Entry methods and results, alarm types, priorities and categories: yz-vocabulary.h. */
static const char *const alarm_actions[] = { "acknowledged", "assigned", "resolved", "reopened",
                                             NULL };

static const struct
{
  const char *name;
  YzEventType type;
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

const char *
yz_event_type_to_string (YzEventType type)
{
  for (guint i = 0; i < G_N_ELEMENTS (event_types); i++)
    if (event_types[i].type == type)
      return event_types[i].name;
  return NULL;
}

static gboolean
bad (GError **error, const char *member, const char *why)
{
  g_set_error (error, YZ_EVENT_ERROR, YZ_EVENT_ERROR_MALFORMED, "“%s” %s", member, why);
  return FALSE;
}

gboolean
yz_parse_time (const char *text, gint64 *ms)
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
member (JsonObject *object, const char *name, gboolean nullable, gboolean *is_null, GError **error)
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

/* The protocol's id syntax, [A-Za-z0-9_-]{1,64}: safe in a path, a URL and SQL text. */
gboolean
yz_is_id (const char *text)
{
  gsize len = text ? strlen (text) : 0;

  if (len == 0 || len > MAX_ID)
    return FALSE;
  for (const char *c = text; *c; c++)
    if (!g_ascii_isalnum (*c) && *c != '-' && *c != '_')
      return FALSE;

  return TRUE;
}

static gboolean
get_string (JsonObject *object, const char *name, gboolean nullable, gboolean id, glong max_chars,
            char **out, GError **error)
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
  if (id ? !yz_is_id (text) : (text[0] == '\0' || g_utf8_strlen (text, -1) > max_chars))
    return bad (error, name, id ? "is not an id" : "is empty or too long");

  *out = g_strdup (text);
  return TRUE;
}

/* A text to be shown (a name, an address, a note): cleaned, never refused for its content;
 * only a member of the wrong type, or a required one left empty, is malformed. Notes keep
 * their line breaks. */
static gboolean
get_text (JsonObject *object, const char *name, gboolean nullable, glong max_chars, Clean *clean,
          char **out, GError **error)
{
  gboolean is_null;
  JsonNode *node = member (object, name, nullable, &is_null, error);
  YzTextCleaned what;
  const char *text;

  *out = NULL;
  if (is_null)
    return nullable;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return bad (error, name, "is not a string");
  text = json_node_get_string (node);
  *out = yz_text_clean (text, -1, max_chars, max_chars == MAX_NOTE, &what);
  if (clean->repaired && strstr (text, "\xef\xbf\xbd") != NULL)
    what |= YZ_TEXT_CLEAN_INVALID;
  if (what != YZ_TEXT_CLEAN_NONE && clean->n_members++ == 0)
    {
      g_autofree char *done = yz_text_cleaned_describe (what, max_chars);

      clean->first = g_strdup_printf ("“%s” %s", name, done);
    }
  if (**out == '\0')
    {
      g_clear_pointer (out, g_free);
      return nullable || bad (error, name, "is empty");
    }

  return TRUE;
}

static gboolean
get_enum (JsonObject *object, const char *name, gboolean nullable, const char *const *values,
          const char **out, GError **error)
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
get_int (JsonObject *object, const char *name, gint64 min, gint64 max, gint64 *out, GError **error)
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
get_bool (JsonObject *object, const char *name, gboolean *out, GError **error)
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
get_time (JsonObject *object, const char *name, gint64 *out, GError **error)
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
get_object (JsonObject *object, const char *name, GError **error)
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

G_DEFINE_BOXED_TYPE (YzEvent, yz_event, yz_event_ref, yz_event_unref)

YzEvent *
yz_event_ref (YzEvent *event)
{
  g_atomic_ref_count_inc (&event->ref_count);
  return event;
}

void
yz_event_unref (YzEvent *event)
{
  if (event == NULL || !g_atomic_ref_count_dec (&event->ref_count))
    return;
  g_free (event->json);
  g_free (event->station_id);
  g_free (event->target_id);
  g_free (event->command_id);
  g_free (event->request_id);
  g_free (event->reason);
  g_free (event->by);
  g_free (event->note);
  g_free (event->epoch);
  yz_entry_data_free (event->entry);
  yz_alarm_data_free (event->alarm);
  g_free (event);
}

static YzEntryData *
parse_entry (JsonObject *object, Clean *clean, GError **error)
{
  YzEntryData *entry = g_new0 (YzEntryData, 1);

  if (!get_string (object, "id", FALSE, TRUE, 0, &entry->id, error) ||
      !get_string (object, "station_id", FALSE, TRUE, 0, &entry->station_id, error) ||
      !get_string (object, "door_id", TRUE, TRUE, 0, &entry->door_id, error) ||
      !get_time (object, "time", &entry->time, error) ||
      !get_string (object, "person_id", TRUE, TRUE, 0, &entry->person_id, error) ||
      !get_text (object, "person_name", TRUE, MAX_NAME, clean, &entry->person_name, error) ||
      !get_enum (object, "occupation", FALSE, occupations, &entry->occupation, error) ||
      !get_enum (object, "method", FALSE, yz_entry_methods (), &entry->method, error) ||
      !get_enum (object, "result", FALSE, yz_entry_results (), &entry->result, error) ||
      !get_string (object, "snapshot_id", TRUE, TRUE, 0, &entry->snapshot_id, error))
    {
      g_prefix_error (error, "entry: ");
      yz_entry_data_free (entry);
      return NULL;
    }

  return entry;
}

static YzAlarmData *
parse_alarm (JsonObject *object, Clean *clean, GError **error)
{
  YzAlarmData *alarm = g_new0 (YzAlarmData, 1);

  if (!get_string (object, "id", FALSE, TRUE, 0, &alarm->id, error) ||
      !get_string (object, "station_id", FALSE, TRUE, 0, &alarm->station_id, error) ||
      !get_string (object, "camera_id", TRUE, TRUE, 0, &alarm->camera_id, error) ||
      !get_string (object, "door_id", TRUE, TRUE, 0, &alarm->door_id, error) ||
      !get_enum (object, "type", FALSE, yz_alarm_types (), &alarm->type, error) ||
      !get_enum (object, "priority", FALSE, yz_priorities (), &alarm->priority, error) ||
      !get_time (object, "raised_at", &alarm->raised_at, error) ||
      !get_enum (object, "state", FALSE, alarm_states, &alarm->state, error) ||
      !get_text (object, "owner", TRUE, MAX_ID, clean, &alarm->owner, error) ||
      !get_time (object, "updated_at", &alarm->updated_at, error) ||
      !get_enum (object, "category", TRUE, yz_resolution_categories (), &alarm->category, error) ||
      !get_text (object, "note", TRUE, MAX_NOTE, clean, &alarm->note, error) ||
      !get_string (object, "snapshot_id", TRUE, TRUE, 0, &alarm->snapshot_id, error))
    {
      g_prefix_error (error, "alarm: ");
      yz_alarm_data_free (alarm);
      return NULL;
    }

  return alarm;
}

/* json-glib's parser recurses: refuse absurd nesting before it sees the text. */
static gboolean
nesting_ok (const char *data, gsize length)
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
parse_body (YzEvent *event, JsonObject *object, Clean *clean, GError **error)
{
  gint64 value;

  switch (event->type)
    {
    case YZ_EVENT_HELLO:
    case YZ_EVENT_RESYNC_REQUIRED:
      return get_int (object, "last_seq", 0, G_MAXINT64, &event->last_seq, error) &&
             get_int (object, "oldest_seq", 0, G_MAXINT64, &event->oldest_seq, error) &&
             get_string (object, "epoch", TRUE, TRUE, 0, &event->epoch, error);

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
            GType type = JSON_NODE_HOLDS_VALUE (temperature)
                             ? json_node_get_value_type (temperature)
                             : G_TYPE_INVALID;

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
      /* The console's request_id is optional: a bad one is left out, the answer kept. */
      get_string (object, "request_id", TRUE, TRUE, 0, &event->request_id, NULL);
      return get_string (object, "command_id", FALSE, TRUE, 0, &event->command_id, error) &&
             get_string (object, "door_id", FALSE, TRUE, 0, &event->target_id, error) &&
             get_bool (object, "ok", &event->ok, error) &&
             get_text (object, "reason", TRUE, MAX_NAME, clean, &event->reason, error) &&
             get_text (object, "by", TRUE, MAX_ID, clean, &event->by, error);

    case YZ_EVENT_ENTRY:
      {
        JsonObject *entry = get_object (object, "entry", error);

        return entry != NULL && (event->entry = parse_entry (entry, clean, error)) != NULL;
      }

    case YZ_EVENT_ALARM_RAISED:
    case YZ_EVENT_ALARM_UPDATED:
      {
        JsonObject *alarm = get_object (object, "alarm", error);

        if (alarm == NULL || (event->alarm = parse_alarm (alarm, clean, error)) == NULL)
          return FALSE;
        if (event->type == YZ_EVENT_ALARM_RAISED)
          return TRUE;
        return get_enum (object, "action", FALSE, alarm_actions, &event->action, error) &&
               get_text (object, "by", FALSE, MAX_ID, clean, &event->by, error) &&
               get_text (object, "note", TRUE, MAX_NOTE, clean, &event->note, error);
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
yz_event_parse (const char *data, gsize length, gint64 *seq_out, GError **error)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) json_error = NULL;
  g_autoptr(YzEvent) event = NULL;
  g_auto(Clean) clean = { 0 };
  g_autofree char *repaired = NULL;
  JsonNode *root;
  JsonObject *object;
  const char *type_name = NULL;
  gboolean known = FALSE;

  if (seq_out)
    *seq_out = 0;

  if (data == NULL || length == 0 || length > MAX_FRAME || !nesting_ok (data, length))
    {
      g_set_error (error, YZ_EVENT_ERROR, YZ_EVENT_ERROR_MALFORMED,
                   "The frame is empty, too large or too deep");
      return NULL;
    }
  if ((repaired = yz_text_repair_json (data, length, &clean.repaired)) != NULL)
    {
      data = repaired;
      length = strlen (repaired);
    }

  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, data, length, &json_error))
    {
      g_set_error (error, YZ_EVENT_ERROR, YZ_EVENT_ERROR_MALFORMED, "Not JSON: %s",
                   json_error->message);
      return NULL;
    }
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, YZ_EVENT_ERROR, YZ_EVENT_ERROR_MALFORMED,
                   "The frame is not a JSON object");
      return NULL;
    }
  object = json_node_get_object (root);

  event = g_new0 (YzEvent, 1);
  g_atomic_ref_count_init (&event->ref_count);

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
      g_set_error (error, YZ_EVENT_ERROR, YZ_EVENT_ERROR_UNKNOWN_TYPE, "Unknown event type “%.64s”",
                   type_name);
      return NULL;
    }

  if (event->type != YZ_EVENT_HELLO && event->type != YZ_EVENT_RESYNC_REQUIRED &&
      event->type != YZ_EVENT_HEARTBEAT)
    {
      if (!get_string (object, "station_id", FALSE, TRUE, 0, &event->station_id, error))
        return NULL;
    }

  if (!parse_body (event, object, &clean, error))
    return NULL;
  if (clean.n_members > 0)
    g_message ("Cleaned %u text(s) of event seq %" G_GINT64_FORMAT " (%s), first %s",
               clean.n_members, event->seq, type_name, clean.first);
  /* The journal keeps the frame as it was parsed, after any repair. */
  event->json = g_strndup (data, length);

  return g_steal_pointer (&event);
}

/* ---- REST replies: state, login, command replies, history pages, errors ---- */

static const char *const datums[] = { "wgs84", "gcj02", NULL };
static const char *const station_kinds[] = { "smart24", "standard", NULL };
static const char *const facilities[] = { "water-dispenser",
                                          "microwave",
                                          "fridge",
                                          "air-conditioner",
                                          "tv",
                                          "wifi",
                                          "charger",
                                          "tyre-pump",
                                          "fire-extinguisher",
                                          "medicine-kit",
                                          "aed",
                                          "umbrella",
                                          "lockers",
                                          "toilet",
                                          "books",
                                          NULL };
static const char *const stock_items[] = { "water",        "cold-drink", "ice-cream",
                                           "medicine-kit", "mask",       "umbrella",
                                           "sunscreen",    "aed",        NULL };
static const char *const device_kinds[] = {
  "air-conditioner", "water-dispenser", "microwave", "lights", "tv", "lockers", NULL
};
static const char *const roles[] = { "observer", "operator", "supervisor", NULL };

#define MAX_URL 2048

/* Loads one JSON object from a reply body, with the same limits as an event frame. The
 * parser owns the object. */
static JsonObject *
load_object (JsonParser *parser, const char *data, gsize length, gboolean *repaired, GError **error)
{
  g_autoptr(GError) json_error = NULL;
  g_autofree char *copy = NULL;
  gboolean was_repaired;
  JsonNode *root;

  if (data == NULL || length == 0 || length > 64 * MAX_FRAME || !nesting_ok (data, length))
    {
      g_set_error (error, YZ_EVENT_ERROR, YZ_EVENT_ERROR_MALFORMED,
                   "The reply is empty, too large or too deep");
      return NULL;
    }
  if ((copy = yz_text_repair_json (data, length, &was_repaired)) != NULL)
    {
      data = copy;
      length = strlen (copy);
    }
  if (repaired != NULL)
    *repaired = was_repaired;
  if (!json_parser_load_from_data (parser, data, length, &json_error))
    {
      g_set_error (error, YZ_EVENT_ERROR, YZ_EVENT_ERROR_MALFORMED, "Not JSON: %s",
                   json_error->message);
      return NULL;
    }
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, YZ_EVENT_ERROR, YZ_EVENT_ERROR_MALFORMED,
                   "The reply is not a JSON object");
      return NULL;
    }

  return json_node_get_object (root);
}

static gboolean
get_number (JsonObject *object, const char *name, double min, double max, double *out,
            GError **error)
{
  gboolean is_null;
  JsonNode *node = member (object, name, FALSE, &is_null, error);
  GType type;

  if (node == NULL)
    return FALSE;
  type = JSON_NODE_HOLDS_VALUE (node) ? json_node_get_value_type (node) : G_TYPE_INVALID;
  if (type != G_TYPE_DOUBLE && type != G_TYPE_INT64)
    return bad (error, name, "is not a number");
  *out = json_node_get_double (node);
  if (!(*out >= min && *out <= max))
    return bad (error, name, "is out of range");

  return TRUE;
}

/* A stream or snapshot address: printable ASCII, of a scheme the console plays, or a path
 * on the gateway. */
static gboolean
get_url (JsonObject *object, const char *name, gboolean nullable, char **out, GError **error)
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
  if (strlen (text) > MAX_URL)
    return bad (error, name, "is too long");
  for (const char *c = text; *c; c++)
    if (*c <= ' ' || *c >= 0x7f)
      return bad (error, name, "is not a plain URL");
  if (!g_str_has_prefix (text, "rtsp://") && !g_str_has_prefix (text, "rtsps://") &&
      !g_str_has_prefix (text, "http://") && !g_str_has_prefix (text, "https://") &&
      !g_str_has_prefix (text, "/api/v1/"))
    return bad (error, name, "is not an rtsp, http or gateway address");

  *out = g_strdup (text);
  return TRUE;
}

static gboolean
get_nullable_time (JsonObject *object, const char *name, gint64 *out, GError **error)
{
  JsonNode *node = json_object_get_member (object, name);

  *out = 0;
  if (node != NULL && JSON_NODE_HOLDS_NULL (node))
    return TRUE;

  return get_time (object, name, out, error);
}

static gboolean
is_opening_hours (const char *text)
{
  int h1, m1, h2, m2;
  char tail;

  return strlen (text) == 11 &&
         sscanf (text, "%2d:%2d-%2d:%2d%c", &h1, &m1, &h2, &m2, &tail) == 4 && h1 >= 0 &&
         h1 <= 24 && h2 >= 0 && h2 <= 24 && m1 >= 0 && m1 < 60 && m2 >= 0 && m2 < 60;
}

static gpointer
parse_station (JsonObject *object, Clean *clean, GError **error)
{
  g_autoptr(YzStationData) data = g_new0 (YzStationData, 1);
  JsonObject *location;
  JsonArray *list;
  JsonNode *node;
  gboolean is_null;
  gint64 value;
  GPtrArray *known;

  if (!get_string (object, "id", FALSE, TRUE, 0, &data->id, error) ||
      !get_text (object, "name", FALSE, MAX_NAME, clean, &data->name, error) ||
      !get_text (object, "district", FALSE, MAX_NAME, clean, &data->district, error) ||
      !get_text (object, "address", FALSE, MAX_NAME, clean, &data->address, error) ||
      (location = get_object (object, "location", error)) == NULL ||
      !get_number (location, "lat", -90, 90, &data->lat, error) ||
      !get_number (location, "lon", -180, 180, &data->lon, error) ||
      !get_enum (location, "datum", FALSE, datums, &data->datum, error) ||
      !get_enum (object, "kind", FALSE, station_kinds, &data->kind, error) ||
      !get_string (object, "opening_hours", FALSE, FALSE, 11, &data->opening_hours, error))
    return NULL;
  if (!is_opening_hours (data->opening_hours))
    {
      bad (error, "opening_hours", "is not HH:MM-HH:MM");
      return NULL;
    }
  if (!get_int (object, "capacity", 0, 100000, &value, error))
    return NULL;
  data->capacity = (int)value;

  node = member (object, "facilities", FALSE, &is_null, error);
  if (node == NULL)
    return NULL;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      bad (error, "facilities", "is not an array");
      return NULL;
    }
  list = json_node_get_array (node);
  known = g_ptr_array_new ();
  for (guint i = 0; i < json_array_get_length (list) && i < 64; i++)
    {
      JsonNode *item = json_array_get_element (list, i);

      if (!JSON_NODE_HOLDS_VALUE (item) || json_node_get_value_type (item) != G_TYPE_STRING)
        continue;
      for (guint k = 0; facilities[k] != NULL; k++)
        if (g_str_equal (facilities[k], json_node_get_string (item)))
          g_ptr_array_add (known, (gpointer)facilities[k]);
    }
  g_ptr_array_add (known, NULL);
  data->facilities = (char **)g_ptr_array_free (known, FALSE);

  if (!get_bool (object, "online", &data->online, error) ||
      !get_int (object, "occupancy", 0, 100000, &value, error))
    return NULL;
  data->occupancy = (int)value;
  node = member (object, "temperature", TRUE, &is_null, error);
  if (!is_null)
    {
      if (!get_number (object, "temperature", -60, 100, &data->temperature, error))
        return NULL;
      data->has_temperature = TRUE;
    }
  if (!get_nullable_time (object, "last_seen", &data->last_seen, error))
    return NULL;

  return g_steal_pointer (&data);
}

static gpointer
parse_camera (JsonObject *object, Clean *clean, GError **error)
{
  g_autoptr(YzCameraData) data = g_new0 (YzCameraData, 1);

  if (!get_string (object, "id", FALSE, TRUE, 0, &data->id, error) ||
      !get_string (object, "station_id", FALSE, TRUE, 0, &data->station_id, error) ||
      !get_text (object, "name", FALSE, MAX_NAME, clean, &data->name, error) ||
      !get_url (object, "main_url", TRUE, &data->main_url, error) ||
      !get_url (object, "sub_url", TRUE, &data->sub_url, error) ||
      !get_url (object, "snapshot_url", TRUE, &data->snapshot_url, error) ||
      !get_bool (object, "online", &data->online, error))
    return NULL;

  return g_steal_pointer (&data);
}

static gpointer
parse_door (JsonObject *object, Clean *clean, GError **error)
{
  g_autoptr(YzDoorData) data = g_new0 (YzDoorData, 1);

  if (!get_string (object, "id", FALSE, TRUE, 0, &data->id, error) ||
      !get_string (object, "station_id", FALSE, TRUE, 0, &data->station_id, error) ||
      !get_text (object, "name", FALSE, MAX_NAME, clean, &data->name, error) ||
      !get_enum (object, "state", FALSE, door_states, &data->state, error) ||
      !get_enum (object, "mode", FALSE, door_modes, &data->mode, error))
    return NULL;

  return g_steal_pointer (&data);
}

static gpointer
parse_stock (JsonObject *object, Clean *clean, GError **error)
{
  g_autoptr(YzStockData) data = g_new0 (YzStockData, 1);

  if (!get_string (object, "id", FALSE, TRUE, 0, &data->id, error) ||
      !get_string (object, "station_id", FALSE, TRUE, 0, &data->station_id, error) ||
      !get_enum (object, "item", FALSE, stock_items, &data->item, error) ||
      !get_text (object, "name", FALSE, MAX_NAME, clean, &data->name, error) ||
      !get_text (object, "unit", FALSE, 16, clean, &data->unit, error) ||
      !get_int (object, "level", 0, 1000000, &data->level, error) ||
      !get_int (object, "capacity", 0, 1000000, &data->capacity, error) ||
      !get_int (object, "low_threshold", 0, 1000000, &data->low_threshold, error))
    return NULL;

  return g_steal_pointer (&data);
}

static gpointer
parse_device (JsonObject *object, Clean *clean, GError **error)
{
  g_autoptr(YzDeviceData) data = g_new0 (YzDeviceData, 1);

  if (!get_string (object, "id", FALSE, TRUE, 0, &data->id, error) ||
      !get_string (object, "station_id", FALSE, TRUE, 0, &data->station_id, error) ||
      !get_enum (object, "kind", FALSE, device_kinds, &data->kind, error) ||
      !get_text (object, "name", FALSE, MAX_NAME, clean, &data->name, error) ||
      !get_enum (object, "state", FALSE, device_states, &data->state, error) ||
      !get_bool (object, "switchable", &data->switchable, error))
    return NULL;

  return g_steal_pointer (&data);
}

static gpointer
parse_alarm_item (JsonObject *object, Clean *clean, GError **error)
{
  return parse_alarm (object, clean, error);
}

static gpointer
parse_entry_item (JsonObject *object, Clean *clean, GError **error)
{
  return parse_entry (object, clean, error);
}

typedef gpointer (*ItemParser) (JsonObject *object, Clean *clean, GError **error);

/* What became of the items of one reply: each skipped or cleaned one is logged in full
 * at debug level, and the reply's summary, with the first of each, as a message. */
typedef struct
{
  gboolean repaired;
  guint n_skipped;
  guint n_cleaned;
  char *first_skipped;
  char *first_cleaned;
} Report;

static void
report_clear (Report *report)
{
  g_clear_pointer (&report->first_skipped, g_free);
  g_clear_pointer (&report->first_cleaned, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Report, report_clear)

/* Counts one item: @clean says what cleaning it took, @skipped why it was left out. */
static void
report_item (Report *report, const char *name, guint i, Clean *clean, const char *skipped)
{
  g_autofree char *where = i == G_MAXUINT ? g_strdup (name) : g_strdup_printf ("%s[%u]", name, i);

  if (skipped != NULL)
    {
      g_debug ("Skipped %s from the gateway: %s", where, skipped);
      if (report->n_skipped++ == 0)
        report->first_skipped = g_strdup_printf ("%s: %s", where, skipped);
    }
  else if (clean->n_members > 0)
    {
      g_debug ("Cleaned %u text(s) of %s from the gateway, first %s", clean->n_members, where,
               clean->first);
      if (report->n_cleaned++ == 0)
        report->first_cleaned = g_strdup_printf ("%s %s", where, clean->first);
    }
}

static void
report_log (Report *report, const char *reply)
{
  if (report->n_skipped > 0)
    g_message ("The gateway's %s had %u malformed item(s), left out; the first: %s", reply,
               report->n_skipped, report->first_skipped);
  if (report->n_cleaned > 0)
    g_message ("The gateway's %s had %u item(s) with texts cleaned; the first: %s", reply,
               report->n_cleaned, report->first_cleaned);
}

/* Parses every element of an array member. A malformed element is left out — one bad
 * station must not blank the city — and counted in @report, and so is one whose texts
 * had to be cleaned. */
static GPtrArray *
parse_list (JsonObject *object, const char *name, ItemParser parse, GDestroyNotify free_func,
            Report *report, GError **error)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (free_func);
  gboolean is_null;
  JsonNode *node = member (object, name, FALSE, &is_null, error);
  JsonArray *array;

  if (node == NULL)
    return NULL;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      bad (error, name, "is not an array");
      return NULL;
    }
  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      g_autoptr(GError) item_error = NULL;
      g_auto(Clean) clean = { report->repaired, 0, NULL };
      JsonNode *element = json_array_get_element (array, i);
      gpointer item = NULL;

      if (JSON_NODE_HOLDS_OBJECT (element))
        item = parse (json_node_get_object (element), &clean, &item_error);
      else
        g_set_error (&item_error, YZ_EVENT_ERROR, YZ_EVENT_ERROR_MALFORMED, "not an object");
      report_item (report, name, i, &clean, item ? NULL : item_error->message);
      if (item != NULL)
        g_ptr_array_add (items, item);
    }

  return g_steal_pointer (&items);
}

/**
 * yz_state_parse:
 *
 * Parses the reply of GET /api/v1/state. A missing or mistyped top-level member is an
 * error, but for the gateway's version, which is only shown; a malformed item in one of
 * the lists is skipped and counted in n_skipped, one whose texts were cleaned in
 * n_cleaned, and both are logged.
 */
YzStateData *
yz_state_parse (const char *data, gsize length, GError **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(YzStateData) state = g_new0 (YzStateData, 1);
  g_auto(Report) report = { 0 };
  g_auto(Clean) clean = { 0 };
  g_autoptr(GError) version_error = NULL;
  JsonObject *object, *gateway;

  if ((object = load_object (parser, data, length, &report.repaired, error)) == NULL)
    return NULL;
  clean.repaired = report.repaired;
  if (!get_int (object, "seq", 0, G_MAXINT64, &state->seq, error) ||
      !get_string (object, "epoch", TRUE, TRUE, 0, &state->epoch, error) ||
      !get_time (object, "time", &state->time, error) ||
      (gateway = get_object (object, "gateway", error)) == NULL ||
      !get_text (gateway, "name", FALSE, MAX_NAME, &clean, &state->gateway_name, error))
    {
      g_prefix_error (error, "state: ");
      return NULL;
    }
  if (!get_text (gateway, "version", TRUE, 32, &clean, &state->gateway_version, &version_error))
    report_item (&report, "gateway", G_MAXUINT, &clean, version_error->message);
  else
    report_item (&report, "gateway", G_MAXUINT, &clean, NULL);

#define LIST(member, Type, parse)                                                                  \
  (state->member =                                                                                 \
       parse_list (object, #member, parse, (GDestroyNotify)yz_##Type##_data_free, &report, error))
  if (!LIST (stations, station, parse_station) || !LIST (cameras, camera, parse_camera) ||
      !LIST (doors, door, parse_door) || !LIST (stock, stock, parse_stock) ||
      !LIST (devices, device, parse_device) || !LIST (alarms, alarm, parse_alarm_item))
    {
      g_prefix_error (error, "state: ");
      return NULL;
    }
#undef LIST

  state->n_skipped = report.n_skipped;
  state->n_cleaned = report.n_cleaned;
  report_log (&report, "state");

  return g_steal_pointer (&state);
}

YzLoginData *
yz_login_parse (const char *data, gsize length, GError **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(YzLoginData) login = g_new0 (YzLoginData, 1);
  g_auto(Report) report = { 0 };
  g_auto(Clean) clean = { 0 };
  JsonObject *object, *operator, * gateway;

  if ((object = load_object (parser, data, length, &clean.repaired, error)) == NULL)
    return NULL;
  if (!get_string (object, "token", FALSE, FALSE, 512, &login->token, error) ||
      (operator= get_object (object, "operator", error)) == NULL ||
      !get_string (operator, "name", FALSE, FALSE, MAX_ID, &login->operator_name, error) ||
      !get_text (operator, "display_name", TRUE, MAX_NAME, &clean, &login->display_name, error) ||
      !get_enum (operator, "role", FALSE, roles, &login->role, error) ||
      !get_nullable_time (object, "expires_at", &login->expires_at, error) ||
      (gateway = get_object (object, "gateway", error)) == NULL ||
      !get_text (gateway, "name", FALSE, MAX_NAME, &clean, &login->gateway_name, error))
    {
      g_prefix_error (error, "login: ");
      return NULL;
    }
  /* The token goes into an HTTP header: it must be plain visible ASCII. */
  for (const char *c = login->token; *c; c++)
    if (*c <= ' ' || *c >= 0x7f)
      {
        bad (error, "token", "is not plain ASCII");
        return NULL;
      }
  report_item (&report, "login", G_MAXUINT, &clean, NULL);
  report_log (&report, "log-in reply");

  return g_steal_pointer (&login);
}

static gpointer
parse_reply (const char *data, gsize length, ItemParser parse, GError **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_auto(Report) report = { 0 };
  g_auto(Clean) clean = { 0 };
  JsonObject *object = load_object (parser, data, length, &clean.repaired, error);
  gpointer item = object != NULL ? parse (object, &clean, error) : NULL;

  if (item != NULL)
    {
      report_item (&report, "reply", G_MAXUINT, &clean, NULL);
      report_log (&report, "reply");
    }

  return item;
}

YzAlarmData *
yz_alarm_data_parse (const char *data, gsize length, GError **error)
{
  return parse_reply (data, length, parse_alarm_item, error);
}

YzStockData *
yz_stock_data_parse (const char *data, gsize length, GError **error)
{
  return parse_reply (data, length, parse_stock, error);
}

YzDeviceData *
yz_device_data_parse (const char *data, gsize length, GError **error)
{
  return parse_reply (data, length, parse_device, error);
}

YzDoorData *
yz_door_data_parse (const char *data, gsize length, GError **error)
{
  return parse_reply (data, length, parse_door, error);
}

/* @ms (since the Unix epoch) as the protocol writes a time: RFC 3339, UTC, milliseconds. */
char *
yz_time_to_wire (gint64 ms)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (ms / 1000);
  g_autofree char *seconds = utc ? g_date_time_format (utc, "%Y-%m-%dT%H:%M:%S") : NULL;

  return seconds ? g_strdup_printf ("%s.%03dZ", seconds, (int)(ms % 1000)) : NULL;
}

/**
 * yz_entries_page_parse:
 * @next_cursor: (out): the cursor of the next page, %NULL on the last one
 *
 * Returns: (transfer container): the page's #YzEntryData, malformed ones left out
 */
GPtrArray *
yz_entries_page_parse (const char *data, gsize length, char **next_cursor, GError **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_auto(Report) report = { 0 };
  JsonObject *object = load_object (parser, data, length, &report.repaired, error);
  GPtrArray *items;

  *next_cursor = NULL;
  if (object == NULL)
    return NULL;
  if (!get_string (object, "next_cursor", TRUE, TRUE, 0, next_cursor, error))
    return NULL;
  items = parse_list (object, "items", parse_entry_item, (GDestroyNotify)yz_entry_data_free,
                      &report, error);
  if (items == NULL)
    g_clear_pointer (next_cursor, g_free);
  else
    report_log (&report, "entries page");

  return items;
}

char *
yz_command_id_parse (const char *data, gsize length, GError **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  JsonObject *object = load_object (parser, data, length, NULL, error);
  char *command_id = NULL;

  if (object == NULL || !get_string (object, "command_id", FALSE, TRUE, 0, &command_id, error))
    return NULL;

  return command_id;
}

void
yz_audit_witness_free (YzAuditWitness *witness)
{
  if (witness == NULL)
    return;
  g_free (witness->operator_name);
  g_free (witness->hash);
  g_free (witness);
}

static gboolean
is_sha256_hex (const char *text)
{
  if (text == NULL || strlen (text) != 64)
    return FALSE;
  for (const char *c = text; *c; c++)
    if (!g_ascii_isdigit (*c) && !(*c >= 'a' && *c <= 'f'))
      return FALSE;
  return TRUE;
}

/**
 * yz_audit_witness_parse:
 * @console: (out): the console id the reply is about
 *
 * Reads `{"console", "heads": [{"operator", "count", "hash", "time"}]}`: every head whole,
 * or the reply is refused (a witness half read is no witness).
 *
 * Returns: (transfer full) (element-type YzAuditWitness) (nullable): the heads
 */
GPtrArray *
yz_audit_witness_parse (const char *data, gsize length, char **console, GError **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GPtrArray) heads =
      g_ptr_array_new_with_free_func ((GDestroyNotify)yz_audit_witness_free);
  g_auto(Clean) clean = { 0 };
  g_autofree char *id = NULL;
  JsonObject *object;
  JsonNode *node;
  JsonArray *list;

  *console = NULL;
  if ((object = load_object (parser, data, length, &clean.repaired, error)) == NULL ||
      !get_string (object, "console", FALSE, TRUE, 0, &id, error))
    return NULL;
  node = json_object_get_member (object, "heads");
  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    {
      bad (error, "heads", "is not an array");
      return NULL;
    }
  list = json_node_get_array (node);
  if (json_array_get_length (list) > 100)
    {
      bad (error, "heads", "has more than 100 items");
      return NULL;
    }
  for (guint i = 0; i < json_array_get_length (list); i++)
    {
      JsonNode *item = json_array_get_element (list, i);
      g_autoptr(YzAuditWitness) head = g_new0 (YzAuditWitness, 1);
      JsonObject *h;

      if (!JSON_NODE_HOLDS_OBJECT (item))
        {
          bad (error, "heads", "holds an item that is not an object");
          return NULL;
        }
      h = json_node_get_object (item);
      if (!get_text (h, "operator", FALSE, MAX_ID, &clean, &head->operator_name, error) ||
          !get_int (h, "count", 1, G_MAXINT64, &head->count, error) ||
          !get_string (h, "hash", FALSE, FALSE, 64, &head->hash, error) ||
          !get_time (h, "time", &head->time, error))
        return NULL;
      if (!is_sha256_hex (head->hash))
        {
          bad (error, "hash", "is not 64 lower-case hex digits");
          return NULL;
        }
      g_ptr_array_add (heads, g_steal_pointer (&head));
    }

  *console = g_steal_pointer (&id);
  return g_steal_pointer (&heads);
}

/**
 * yz_error_parse:
 *
 * Reads a gateway error body, `{"error": {"code", "message"}}`. Returns %FALSE (and sets
 * nothing) when the body is not one.
 */
gboolean
yz_error_parse (const char *data, gsize length, char **code, char **message)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autofree char *c = NULL;
  g_autofree char *m = NULL;
  g_auto(Clean) clean = { 0 };
  JsonObject *object, *error_object;

  *code = NULL;
  *message = NULL;
  if ((object = load_object (parser, data, length, &clean.repaired, NULL)) == NULL ||
      (error_object = get_object (object, "error", NULL)) == NULL ||
      !get_string (error_object, "code", FALSE, FALSE, MAX_ID, &c, NULL) ||
      !get_text (error_object, "message", TRUE, MAX_NOTE, &clean, &m, NULL))
    return FALSE;
  *code = g_steal_pointer (&c);
  *message = g_steal_pointer (&m);

  return TRUE;
}
