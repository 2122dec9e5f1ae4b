/* yz-camera-private.h
 *
 * How the core builds and changes a YzCamera. Not for the UI.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "yz-event.h"
#include "yz-camera.h"

G_BEGIN_DECLS

YzCamera *yz_camera_new (const YzCameraData *data);
void yz_camera_update (YzCamera *self, const YzCameraData *data);
void yz_camera_set_online (YzCamera *self, gboolean online);

G_END_DECLS
