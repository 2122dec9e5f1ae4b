/* yz-door.c
 *
 * A station's door: its state and mode, and whether that needs attention.
 * Each setter notifies only the properties whose value really changed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "yz-door"

#include "config.h"

#include "yz-item-util-private.h"
#include "yz-door-private.h"

struct _YzDoor
{
  GObject parent_instance;

  char *id;
  char *station_id;
  char *name;
  const char *state;
  const char *mode;
};

G_DEFINE_FINAL_TYPE (YzDoor, yz_door, G_TYPE_OBJECT)

enum
{
  DOOR_PROP_0,
  DOOR_PROP_ID,
  DOOR_PROP_STATION_ID,
  DOOR_PROP_NAME,
  DOOR_PROP_STATE,
  DOOR_PROP_MODE,
  DOOR_PROP_ALERT,
  DOOR_N_PROPS
};

static GParamSpec *properties[DOOR_N_PROPS];

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
yz_door_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  YzDoor *self = YZ_DOOR (object);

  switch (prop_id)
    {
    case DOOR_PROP_ID:
      g_value_set_string (value, self->id);
      break;
    case DOOR_PROP_STATION_ID:
      g_value_set_string (value, self->station_id);
      break;
    case DOOR_PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case DOOR_PROP_STATE:
      g_value_set_string (value, self->state);
      break;
    case DOOR_PROP_MODE:
      g_value_set_string (value, self->mode);
      break;
    case DOOR_PROP_ALERT:
      g_value_set_boolean (value, yz_door_get_alert (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
yz_door_class_init (YzDoorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = yz_door_finalize;
  object_class->get_property = yz_door_get_property;

  properties[DOOR_PROP_ID] = STRING_PROP ("id", NULL);
  properties[DOOR_PROP_STATION_ID] = STRING_PROP ("station-id", NULL);
  properties[DOOR_PROP_NAME] = STRING_PROP ("name", NULL);
  properties[DOOR_PROP_STATE] = STRING_PROP ("state", NULL);
  properties[DOOR_PROP_MODE] = STRING_PROP ("mode", NULL);
  properties[DOOR_PROP_ALERT] = BOOL_PROP ("alert");

  g_object_class_install_properties (object_class, DOOR_N_PROPS, properties);
}

static void
yz_door_init (YzDoor *self)
{
}

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
yz_door_update (YzDoor *self, const YzDoorData *data)
{
  g_object_freeze_notify (G_OBJECT (self));
  SET_STRING (self, name, data->name, DOOR_PROP_NAME);
  yz_door_set_state (self, data->state, data->mode);
  g_object_thaw_notify (G_OBJECT (self));
}

void
yz_door_set_state (YzDoor *self, const char *state, const char *mode)
{
  gboolean alert = yz_door_get_alert (self);

  g_object_freeze_notify (G_OBJECT (self));
  SET_ENUM (self, state, state, DOOR_PROP_STATE);
  SET_ENUM (self, mode, mode, DOOR_PROP_MODE);
  if (alert != yz_door_get_alert (self))
    g_object_notify_by_pspec (G_OBJECT (self), properties[DOOR_PROP_ALERT]);
  g_object_thaw_notify (G_OBJECT (self));
}

const char *
yz_door_get_id (YzDoor *self)
{
  return self->id;
}
const char *
yz_door_get_station_id (YzDoor *self)
{
  return self->station_id;
}
const char *
yz_door_get_name (YzDoor *self)
{
  return self->name;
}
const char *
yz_door_get_state (YzDoor *self)
{
  return self->state;
}
const char *
yz_door_get_mode (YzDoor *self)
{
  return self->mode;
}

/* Open longer than allowed, or opened without release. */
gboolean
yz_door_get_alert (YzDoor *self)
{
  return self->state != NULL &&
         (g_str_equal (self->state, "held-open") || g_str_equal (self->state, "forced"));
}
