/* yz-wall-window.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "yz-session.h"

G_BEGIN_DECLS

#define YZ_TYPE_WALL_WINDOW (yz_wall_window_get_type ())
G_DECLARE_FINAL_TYPE (YzWallWindow, yz_wall_window, YZ, WALL_WINDOW, AdwWindow)

GtkWidget *yz_wall_window_new (YzSession *session);
YzSession *yz_wall_window_get_session (YzWallWindow *self);
void yz_wall_window_set_session (YzWallWindow *self, YzSession *session);
const char *yz_wall_window_get_value (YzWallWindow *self, guint index);
GListModel *yz_wall_window_get_open_alarms (YzWallWindow *self);

G_END_DECLS
