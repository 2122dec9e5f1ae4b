/* yz-entry-viewer.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "yz-session.h"

G_BEGIN_DECLS

#define YZ_TYPE_ENTRY_VIEWER (yz_entry_viewer_get_type ())
G_DECLARE_FINAL_TYPE (YzEntryViewer, yz_entry_viewer, YZ, ENTRY_VIEWER, AdwWindow)

YzEntryViewer *yz_entry_viewer_new (GtkWindow *parent, YzSession *session,
                                    GHashTable *station_names, guint position,
                                    GCancellable *cancellable);
guint yz_entry_viewer_get_position (YzEntryViewer *self);

G_END_DECLS
