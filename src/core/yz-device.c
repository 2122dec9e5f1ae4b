/* yz-device.c
 *
 * A switchable (or not) device at a station: its kind and state.
 * Each setter notifies only the properties whose value really changed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "yz-device"

#include "config.h"

#include "yz-item-util-private.h"
#include "yz-device-private.h"

struct _YzDevice
{
  GObject parent_instance;

  char *id;
  char *station_id;
  const char *kind;
  char *name;
  const char *state;
  gboolean switchable;
};

G_DEFINE_FINAL_TYPE (YzDevice, yz_device, G_TYPE_OBJECT)

enum
{
  DEVICE_PROP_0,
  DEVICE_PROP_ID,
  DEVICE_PROP_STATION_ID,
  DEVICE_PROP_KIND,
  DEVICE_PROP_NAME,
  DEVICE_PROP_STATE,
  DEVICE_PROP_SWITCHABLE,
  DEVICE_N_PROPS
};

static GParamSpec *properties[DEVICE_N_PROPS];

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
yz_device_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  YzDevice *self = YZ_DEVICE (object);

  switch (prop_id)
    {
    case DEVICE_PROP_ID:
      g_value_set_string (value, self->id);
      break;
    case DEVICE_PROP_STATION_ID:
      g_value_set_string (value, self->station_id);
      break;
    case DEVICE_PROP_KIND:
      g_value_set_string (value, self->kind);
      break;
    case DEVICE_PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case DEVICE_PROP_STATE:
      g_value_set_string (value, self->state);
      break;
    case DEVICE_PROP_SWITCHABLE:
      g_value_set_boolean (value, self->switchable);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
yz_device_class_init (YzDeviceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = yz_device_finalize;
  object_class->get_property = yz_device_get_property;

  properties[DEVICE_PROP_ID] = STRING_PROP ("id", NULL);
  properties[DEVICE_PROP_STATION_ID] = STRING_PROP ("station-id", NULL);
  properties[DEVICE_PROP_KIND] = STRING_PROP ("kind", NULL);
  properties[DEVICE_PROP_NAME] = STRING_PROP ("name", NULL);
  properties[DEVICE_PROP_STATE] = STRING_PROP ("state", NULL);
  properties[DEVICE_PROP_SWITCHABLE] = BOOL_PROP ("switchable");

  g_object_class_install_properties (object_class, DEVICE_N_PROPS, properties);
}

static void
yz_device_init (YzDevice *self)
{
}

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
yz_device_update (YzDevice *self, const YzDeviceData *data)
{
  g_object_freeze_notify (G_OBJECT (self));
  SET_ENUM (self, kind, data->kind, DEVICE_PROP_KIND);
  SET_STRING (self, name, data->name, DEVICE_PROP_NAME);
  SET (self, switchable, !!data->switchable, DEVICE_PROP_SWITCHABLE);
  yz_device_set_state (self, data->state);
  g_object_thaw_notify (G_OBJECT (self));
}

void
yz_device_set_state (YzDevice *self, const char *state)
{
  SET_ENUM (self, state, state, DEVICE_PROP_STATE);
}

const char *
yz_device_get_id (YzDevice *self)
{
  return self->id;
}
const char *
yz_device_get_station_id (YzDevice *self)
{
  return self->station_id;
}
const char *
yz_device_get_kind (YzDevice *self)
{
  return self->kind;
}
const char *
yz_device_get_name (YzDevice *self)
{
  return self->name;
}
const char *
yz_device_get_state (YzDevice *self)
{
  return self->state;
}
gboolean
yz_device_get_switchable (YzDevice *self)
{
  return self->switchable;
}
