/* yz-door.h
 *
 * YzDoor, an item of the session's list models. Only the core changes it
 * (yz-door-private.h).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
G_BEGIN_DECLS

#define YZ_TYPE_DOOR (yz_door_get_type ())
G_DECLARE_FINAL_TYPE (YzDoor, yz_door, YZ, DOOR, GObject)

const char *yz_door_get_id (YzDoor *self);
const char *yz_door_get_station_id (YzDoor *self);
const char *yz_door_get_name (YzDoor *self);
const char *yz_door_get_state (YzDoor *self);
const char *yz_door_get_mode (YzDoor *self);
gboolean yz_door_get_alert (YzDoor *self);

G_END_DECLS
