/* yz-window.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "yz-enums.h"
#include "yz-session.h"

G_BEGIN_DECLS

#define YZ_TYPE_WINDOW (yz_window_get_type ())
G_DECLARE_FINAL_TYPE (YzWindow, yz_window, YZ, WINDOW, AdwApplicationWindow)

YzWindow *yz_window_new (GtkApplication *application);
const char *yz_window_get_section (YzWindow *self);
void yz_window_set_section (YzWindow *self, const char *section);
guint yz_window_get_unacknowledged_alarms (YzWindow *self);
void yz_window_set_unacknowledged_alarms (YzWindow *self, guint count);
void yz_window_set_connection (YzWindow *self, YzConnectionState state, const char *gateway_name);
void yz_window_add_toast (YzWindow *self, const char *title);

void yz_window_set_session (YzWindow *self, YzSession *session);

const char *const *yz_window_get_section_names (void);

typedef struct _YzAlarmAlerter YzAlarmAlerter;
YzAlarmAlerter *yz_window_get_alerter (YzWindow *self);
YzSession *yz_window_get_session (YzWindow *self);
GtkWidget *yz_window_get_page (YzWindow *self, const char *section);
gboolean yz_window_open_stream (YzWindow *self, const char *url, GError **error);

G_END_DECLS
