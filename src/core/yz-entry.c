/* yz-entry.c
 *
 * Who came in at a station's door, how, and whether they were let in. Entries never change
 * once recorded.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "yz-entry"

#include "config.h"

#include "yz-item-util-private.h"
#include "yz-entry-private.h"

struct _YzEntry
{
  GObject parent_instance;

  char *id;
  char *station_id;
  char *door_id;
  gint64 time;
  char *person_id;
  char *person_name;
  const char *occupation;
  const char *method;
  const char *result;
  char *snapshot_id;
};

G_DEFINE_FINAL_TYPE (YzEntry, yz_entry, G_TYPE_OBJECT)

enum
{
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

static GParamSpec *properties[ENTRY_N_PROPS];

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
yz_entry_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  YzEntry *self = YZ_ENTRY (object);

  switch (prop_id)
    {
    case ENTRY_PROP_ID:
      g_value_set_string (value, self->id);
      break;
    case ENTRY_PROP_STATION_ID:
      g_value_set_string (value, self->station_id);
      break;
    case ENTRY_PROP_DOOR_ID:
      g_value_set_string (value, self->door_id);
      break;
    case ENTRY_PROP_TIME:
      g_value_set_int64 (value, self->time);
      break;
    case ENTRY_PROP_PERSON_ID:
      g_value_set_string (value, self->person_id);
      break;
    case ENTRY_PROP_PERSON_NAME:
      g_value_set_string (value, self->person_name);
      break;
    case ENTRY_PROP_OCCUPATION:
      g_value_set_string (value, self->occupation);
      break;
    case ENTRY_PROP_METHOD:
      g_value_set_string (value, self->method);
      break;
    case ENTRY_PROP_RESULT:
      g_value_set_string (value, self->result);
      break;
    case ENTRY_PROP_SNAPSHOT_ID:
      g_value_set_string (value, self->snapshot_id);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
yz_entry_class_init (YzEntryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = yz_entry_finalize;
  object_class->get_property = yz_entry_get_property;

  properties[ENTRY_PROP_ID] = STRING_PROP ("id", NULL);
  properties[ENTRY_PROP_STATION_ID] = STRING_PROP ("station-id", NULL);
  properties[ENTRY_PROP_DOOR_ID] = STRING_PROP ("door-id", NULL);
  properties[ENTRY_PROP_TIME] = INT64_PROP ("time");
  properties[ENTRY_PROP_PERSON_ID] = STRING_PROP ("person-id", NULL);
  properties[ENTRY_PROP_PERSON_NAME] = STRING_PROP ("person-name", NULL);
  properties[ENTRY_PROP_OCCUPATION] = STRING_PROP ("occupation", NULL);
  properties[ENTRY_PROP_METHOD] = STRING_PROP ("method", NULL);
  properties[ENTRY_PROP_RESULT] = STRING_PROP ("result", NULL);
  properties[ENTRY_PROP_SNAPSHOT_ID] = STRING_PROP ("snapshot-id", NULL);

  g_object_class_install_properties (object_class, ENTRY_N_PROPS, properties);
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

const char *
yz_entry_get_id (YzEntry *self)
{
  return self->id;
}
const char *
yz_entry_get_station_id (YzEntry *self)
{
  return self->station_id;
}
const char *
yz_entry_get_door_id (YzEntry *self)
{
  return self->door_id;
}
gint64
yz_entry_get_time (YzEntry *self)
{
  return self->time;
}
const char *
yz_entry_get_person_id (YzEntry *self)
{
  return self->person_id;
}
const char *
yz_entry_get_person_name (YzEntry *self)
{
  return self->person_name;
}
const char *
yz_entry_get_occupation (YzEntry *self)
{
  return self->occupation;
}
const char *
yz_entry_get_method (YzEntry *self)
{
  return self->method;
}
const char *
yz_entry_get_result (YzEntry *self)
{
  return self->result;
}
const char *
yz_entry_get_snapshot_id (YzEntry *self)
{
  return self->snapshot_id;
}
