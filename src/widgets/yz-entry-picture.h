/* yz-entry-picture.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "yz-session.h"

G_BEGIN_DECLS

#define YZ_TYPE_ENTRY_PICTURE (yz_entry_picture_get_type ())
G_DECLARE_FINAL_TYPE (YzEntryPicture, yz_entry_picture, YZ, ENTRY_PICTURE, GtkWidget)

GtkWidget *yz_entry_picture_new (gboolean large);
void yz_entry_picture_load (YzEntryPicture *self, YzSession *session, const char *snapshot_id,
                            GCancellable *cancellable);
void yz_entry_picture_set_can_shrink (YzEntryPicture *self, gboolean can_shrink);
const char *yz_entry_no_picture_reason (const char *snapshot_id, const GError *error);

G_END_DECLS
