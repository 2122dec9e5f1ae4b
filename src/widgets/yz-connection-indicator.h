/* yz-connection-indicator.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "yz-enums.h"

G_BEGIN_DECLS

#define YZ_TYPE_CONNECTION_INDICATOR (yz_connection_indicator_get_type ())
G_DECLARE_FINAL_TYPE (YzConnectionIndicator, yz_connection_indicator, YZ, CONNECTION_INDICATOR,
                      GtkWidget)

GtkWidget *yz_connection_indicator_new (void);
YzConnectionState yz_connection_indicator_get_state (YzConnectionIndicator *self);
void yz_connection_indicator_set_state (YzConnectionIndicator *self, YzConnectionState state);
void yz_connection_indicator_set_recording (YzConnectionIndicator *self, gboolean recording);
const char *yz_connection_indicator_get_gateway_name (YzConnectionIndicator *self);
void yz_connection_indicator_set_gateway_name (YzConnectionIndicator *self,
                                               const char *gateway_name);
const char *yz_connection_indicator_get_label (YzConnectionIndicator *self);

/* What the indicator shows for a state, without a display (for tests). */
char *yz_connection_indicator_describe (YzConnectionState state, const char *gateway_name,
                                        gboolean recording, const char **icon_name,
                                        const char **css_class, char **tooltip);

char *yz_connection_describe_loss (YzConnectionState state, gint64 since_us, gint64 next_us,
                                   gint64 now_us, const char *reason, gboolean *can_retry);

G_END_DECLS
