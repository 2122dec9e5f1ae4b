/* yz-door-private.h
 *
 * How the core builds and changes a YzDoor. Not for the UI.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "yz-event.h"
#include "yz-door.h"

G_BEGIN_DECLS

YzDoor *yz_door_new (const YzDoorData *data);
void yz_door_update (YzDoor *self, const YzDoorData *data);
void yz_door_set_state (YzDoor *self, const char *state, const char *mode);

G_END_DECLS
