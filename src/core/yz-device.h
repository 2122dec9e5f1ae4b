/* yz-device.h
 *
 * YzDevice, an item of the session's list models. Only the core changes it
 * (yz-device-private.h).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
G_BEGIN_DECLS

#define YZ_TYPE_DEVICE (yz_device_get_type ())
G_DECLARE_FINAL_TYPE (YzDevice, yz_device, YZ, DEVICE, GObject)

const char *yz_device_get_id (YzDevice *self);
const char *yz_device_get_station_id (YzDevice *self);
const char *yz_device_get_kind (YzDevice *self);
const char *yz_device_get_name (YzDevice *self);
const char *yz_device_get_state (YzDevice *self);
gboolean yz_device_get_switchable (YzDevice *self);

G_END_DECLS
