/* yz-camera.c
 *
 * A station's camera: its streams and whether it is online.
 * Each setter notifies only the properties whose value really changed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "yz-camera"

#include "config.h"

#include "yz-item-util-private.h"
#include "yz-camera-private.h"

struct _YzCamera
{
  GObject parent_instance;

  char *id;
  char *station_id;
  char *name;
  char *main_url;
  char *sub_url;
  char *snapshot_url;
  gboolean online;
};

G_DEFINE_FINAL_TYPE (YzCamera, yz_camera, G_TYPE_OBJECT)

enum
{
  CAMERA_PROP_0,
  CAMERA_PROP_ID,
  CAMERA_PROP_STATION_ID,
  CAMERA_PROP_NAME,
  CAMERA_PROP_MAIN_URL,
  CAMERA_PROP_SUB_URL,
  CAMERA_PROP_SNAPSHOT_URL,
  CAMERA_PROP_ONLINE,
  CAMERA_N_PROPS
};

static GParamSpec *properties[CAMERA_N_PROPS];

static void
yz_camera_finalize (GObject *object)
{
  YzCamera *self = YZ_CAMERA (object);

  g_free (self->id);
  g_free (self->station_id);
  g_free (self->name);
  g_free (self->main_url);
  g_free (self->sub_url);
  g_free (self->snapshot_url);

  G_OBJECT_CLASS (yz_camera_parent_class)->finalize (object);
}

static void
yz_camera_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  YzCamera *self = YZ_CAMERA (object);

  switch (prop_id)
    {
    case CAMERA_PROP_ID:
      g_value_set_string (value, self->id);
      break;
    case CAMERA_PROP_STATION_ID:
      g_value_set_string (value, self->station_id);
      break;
    case CAMERA_PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case CAMERA_PROP_MAIN_URL:
      g_value_set_string (value, self->main_url);
      break;
    case CAMERA_PROP_SUB_URL:
      g_value_set_string (value, self->sub_url);
      break;
    case CAMERA_PROP_SNAPSHOT_URL:
      g_value_set_string (value, self->snapshot_url);
      break;
    case CAMERA_PROP_ONLINE:
      g_value_set_boolean (value, self->online);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
yz_camera_class_init (YzCameraClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = yz_camera_finalize;
  object_class->get_property = yz_camera_get_property;

  properties[CAMERA_PROP_ID] = STRING_PROP ("id", NULL);
  properties[CAMERA_PROP_STATION_ID] = STRING_PROP ("station-id", NULL);
  properties[CAMERA_PROP_NAME] = STRING_PROP ("name", NULL);
  properties[CAMERA_PROP_MAIN_URL] = STRING_PROP ("main-url", NULL);
  properties[CAMERA_PROP_SUB_URL] = STRING_PROP ("sub-url", NULL);
  properties[CAMERA_PROP_SNAPSHOT_URL] = STRING_PROP ("snapshot-url", NULL);
  properties[CAMERA_PROP_ONLINE] = BOOL_PROP ("online");

  g_object_class_install_properties (object_class, CAMERA_N_PROPS, properties);
}

static void
yz_camera_init (YzCamera *self)
{
}

YzCamera *
yz_camera_new (const YzCameraData *data)
{
  YzCamera *self = g_object_new (YZ_TYPE_CAMERA, NULL);

  self->id = g_strdup (data->id);
  self->station_id = g_strdup (data->station_id);
  yz_camera_update (self, data);

  return self;
}

void
yz_camera_update (YzCamera *self, const YzCameraData *data)
{
  g_object_freeze_notify (G_OBJECT (self));
  SET_STRING (self, name, data->name, CAMERA_PROP_NAME);
  SET_STRING (self, main_url, data->main_url, CAMERA_PROP_MAIN_URL);
  SET_STRING (self, sub_url, data->sub_url, CAMERA_PROP_SUB_URL);
  SET_STRING (self, snapshot_url, data->snapshot_url, CAMERA_PROP_SNAPSHOT_URL);
  yz_camera_set_online (self, data->online);
  g_object_thaw_notify (G_OBJECT (self));
}

void
yz_camera_set_online (YzCamera *self, gboolean online)
{
  SET (self, online, !!online, CAMERA_PROP_ONLINE);
}

const char *
yz_camera_get_id (YzCamera *self)
{
  return self->id;
}
const char *
yz_camera_get_station_id (YzCamera *self)
{
  return self->station_id;
}
const char *
yz_camera_get_name (YzCamera *self)
{
  return self->name;
}
const char *
yz_camera_get_main_url (YzCamera *self)
{
  return self->main_url;
}
const char *
yz_camera_get_sub_url (YzCamera *self)
{
  return self->sub_url ? self->sub_url : self->main_url;
}
const char *
yz_camera_get_snapshot_url (YzCamera *self)
{
  return self->snapshot_url;
}
gboolean
yz_camera_get_online (YzCamera *self)
{
  return self->online;
}
