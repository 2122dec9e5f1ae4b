/* yz-preferences-window.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define YZ_TYPE_PREFERENCES_WINDOW (yz_preferences_window_get_type ())
G_DECLARE_FINAL_TYPE (YzPreferencesWindow, yz_preferences_window, YZ, PREFERENCES_WINDOW,
                      AdwPreferencesWindow)

GtkWidget *yz_preferences_window_new (GtkWindow *transient_for);

/* Checks what an operator typed as the gateway URL; an empty text means "no gateway". */
gboolean yz_preferences_check_gateway_url (const char *text, char **normalized, GError **error);

gboolean yz_preferences_set_ca_file (GSettings *settings, const char *path, GError **error);

gboolean yz_preferences_set_mbtiles_file (GSettings *settings, const char *path, GError **error);

G_END_DECLS
