/* yz-camera.h
 *
 * YzCamera, an item of the session's list models. Only the core changes it
 * (yz-camera-private.h).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
G_BEGIN_DECLS

#define YZ_TYPE_CAMERA (yz_camera_get_type ())
G_DECLARE_FINAL_TYPE (YzCamera, yz_camera, YZ, CAMERA, GObject)

const char *yz_camera_get_id (YzCamera *self);
const char *yz_camera_get_station_id (YzCamera *self);
const char *yz_camera_get_name (YzCamera *self);
const char *yz_camera_get_main_url (YzCamera *self);
const char *yz_camera_get_sub_url (YzCamera *self);
const char *yz_camera_get_snapshot_url (YzCamera *self);
gboolean yz_camera_get_online (YzCamera *self);

G_END_DECLS
