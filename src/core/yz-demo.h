/* yz-demo.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define YZ_TYPE_DEMO (yz_demo_get_type ())
G_DECLARE_FINAL_TYPE (YzDemo, yz_demo, YZ, DEMO, GObject)

YzDemo *yz_demo_new (void);
void yz_demo_start_async (YzDemo *self, const char *const *extra_args, GCancellable *cancellable,
                          GAsyncReadyCallback callback, gpointer user_data);
gboolean yz_demo_start_finish (YzDemo *self, GAsyncResult *result, GError **error);
const char *yz_demo_get_base_url (YzDemo *self);
guint yz_demo_get_rtsp_port (YzDemo *self);
const char *yz_demo_get_gateway_name (YzDemo *self);
const char *yz_demo_get_token (YzDemo *self);
gboolean yz_demo_is_running (YzDemo *self);
void yz_demo_stop (YzDemo *self);
char *yz_demo_find_simulator (void);

G_END_DECLS
