/* yz-entry-card.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "yz-session.h"

G_BEGIN_DECLS

#define YZ_TYPE_ENTRY_CARD (yz_entry_card_get_type ())
G_DECLARE_FINAL_TYPE (YzEntryCard, yz_entry_card, YZ, ENTRY_CARD, GtkWidget)

GtkWidget *yz_entry_card_new (void);
void yz_entry_card_bind (YzEntryCard *self, YzEntry *entry, const char *station_name,
                         YzSession *session, GCancellable *cancellable);
const char *yz_entry_card_get_entry_id (YzEntryCard *self);

G_END_DECLS
