/* yz-alarm.c
 *
 * An alarm: what, where, how urgent, and how far it has been handled; its order in the
 * queue (yz_alarm_compare).
 * Each setter notifies only the properties whose value really changed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "yz-alarm"

#include "config.h"

#include "yz-item-util-private.h"
#include "yz-alarm-private.h"

struct _YzAlarm
{
  GObject parent_instance;

  char *id;
  char *station_id;
  char *station_name;
  char *camera_id;
  char *door_id;
  const char *type;
  YzPriority priority;
  gint64 raised_at;
  YzAlarmState state;
  char *owner;
  gint64 updated_at;
  const char *category;
  char *note;
  char *snapshot_id;
  gboolean derived;
};

G_DEFINE_FINAL_TYPE (YzAlarm, yz_alarm, G_TYPE_OBJECT)

enum
{
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

static GParamSpec *properties[ALARM_N_PROPS];

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
yz_alarm_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  YzAlarm *self = YZ_ALARM (object);

  switch (prop_id)
    {
    case ALARM_PROP_ID:
      g_value_set_string (value, self->id);
      break;
    case ALARM_PROP_STATION_ID:
      g_value_set_string (value, self->station_id);
      break;
    case ALARM_PROP_STATION_NAME:
      g_value_set_string (value, self->station_name);
      break;
    case ALARM_PROP_CAMERA_ID:
      g_value_set_string (value, self->camera_id);
      break;
    case ALARM_PROP_DOOR_ID:
      g_value_set_string (value, self->door_id);
      break;
    case ALARM_PROP_TYPE:
      g_value_set_string (value, self->type);
      break;
    case ALARM_PROP_PRIORITY:
      g_value_set_enum (value, self->priority);
      break;
    case ALARM_PROP_RAISED_AT:
      g_value_set_int64 (value, self->raised_at);
      break;
    case ALARM_PROP_STATE:
      g_value_set_enum (value, self->state);
      break;
    case ALARM_PROP_OWNER:
      g_value_set_string (value, self->owner);
      break;
    case ALARM_PROP_UPDATED_AT:
      g_value_set_int64 (value, self->updated_at);
      break;
    case ALARM_PROP_CATEGORY:
      g_value_set_string (value, self->category);
      break;
    case ALARM_PROP_NOTE:
      g_value_set_string (value, self->note);
      break;
    case ALARM_PROP_SNAPSHOT_ID:
      g_value_set_string (value, self->snapshot_id);
      break;
    case ALARM_PROP_DERIVED:
      g_value_set_boolean (value, self->derived);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
yz_alarm_class_init (YzAlarmClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = yz_alarm_finalize;
  object_class->get_property = yz_alarm_get_property;

  properties[ALARM_PROP_ID] = STRING_PROP ("id", NULL);
  properties[ALARM_PROP_STATION_ID] = STRING_PROP ("station-id", NULL);
  properties[ALARM_PROP_STATION_NAME] = STRING_PROP ("station-name", NULL);
  properties[ALARM_PROP_CAMERA_ID] = STRING_PROP ("camera-id", NULL);
  properties[ALARM_PROP_DOOR_ID] = STRING_PROP ("door-id", NULL);
  properties[ALARM_PROP_TYPE] = STRING_PROP ("alarm-type", NULL);
  properties[ALARM_PROP_PRIORITY] =
      g_param_spec_enum ("priority", NULL, NULL, YZ_TYPE_PRIORITY, YZ_PRIORITY_NONE,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[ALARM_PROP_RAISED_AT] = INT64_PROP ("raised-at");
  properties[ALARM_PROP_STATE] =
      g_param_spec_enum ("state", NULL, NULL, YZ_TYPE_ALARM_STATE, YZ_ALARM_STATE_NEW,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[ALARM_PROP_OWNER] = STRING_PROP ("owner", NULL);
  properties[ALARM_PROP_UPDATED_AT] = INT64_PROP ("updated-at");
  properties[ALARM_PROP_CATEGORY] = STRING_PROP ("category", NULL);
  properties[ALARM_PROP_NOTE] = STRING_PROP ("note", NULL);
  properties[ALARM_PROP_SNAPSHOT_ID] = STRING_PROP ("snapshot-id", NULL);
  /* raised by this console (a silent station, an offline camera, low stock), not the gateway */
  properties[ALARM_PROP_DERIVED] = BOOL_PROP ("derived");

  g_object_class_install_properties (object_class, ALARM_N_PROPS, properties);
}

static void
yz_alarm_init (YzAlarm *self)
{
}

YzAlarm *
yz_alarm_new (const YzAlarmData *data, const char *station_name, gboolean derived)
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
yz_alarm_update (YzAlarm *self, const YzAlarmData *data)
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

const char *
yz_alarm_get_id (YzAlarm *self)
{
  return self->id;
}
const char *
yz_alarm_get_station_id (YzAlarm *self)
{
  return self->station_id;
}
const char *
yz_alarm_get_station_name (YzAlarm *self)
{
  return self->station_name;
}
const char *
yz_alarm_get_camera_id (YzAlarm *self)
{
  return self->camera_id;
}
const char *
yz_alarm_get_door_id (YzAlarm *self)
{
  return self->door_id;
}
const char *
yz_alarm_get_alarm_type (YzAlarm *self)
{
  return self->type;
}
YzPriority
yz_alarm_get_priority (YzAlarm *self)
{
  return self->priority;
}
gint64
yz_alarm_get_raised_at (YzAlarm *self)
{
  return self->raised_at;
}
YzAlarmState
yz_alarm_get_state (YzAlarm *self)
{
  return self->state;
}
const char *
yz_alarm_get_owner (YzAlarm *self)
{
  return self->owner;
}
gint64
yz_alarm_get_updated_at (YzAlarm *self)
{
  return self->updated_at;
}
const char *
yz_alarm_get_category (YzAlarm *self)
{
  return self->category;
}
const char *
yz_alarm_get_note (YzAlarm *self)
{
  return self->note;
}
const char *
yz_alarm_get_snapshot_id (YzAlarm *self)
{
  return self->snapshot_id;
}
gboolean
yz_alarm_get_derived (YzAlarm *self)
{
  return self->derived;
}

/**
 * yz_alarm_compare:
 *
 * The alarm queue's order: the highest priority first, then the newest, then by id so
 * that the order is total.
 */
int
yz_alarm_compare (gconstpointer a, gconstpointer b, gpointer user_data)
{
  const YzAlarm *x = a, *y = b;

  if (x->priority != y->priority)
    return x->priority > y->priority ? -1 : 1;
  if (x->raised_at != y->raised_at)
    return x->raised_at > y->raised_at ? -1 : 1;
  return g_strcmp0 (x->id, y->id);
}
