/* yz-device-private.h
 *
 * How the core builds and changes a YzDevice. Not for the UI.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "yz-event.h"
#include "yz-device.h"

G_BEGIN_DECLS

YzDevice *yz_device_new (const YzDeviceData *data);
void yz_device_update (YzDevice *self, const YzDeviceData *data);
void yz_device_set_state (YzDevice *self, const char *state);

G_END_DECLS
