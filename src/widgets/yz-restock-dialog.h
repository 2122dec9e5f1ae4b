/* yz-restock-dialog.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "yz-session.h"

G_BEGIN_DECLS

#define YZ_TYPE_RESTOCK_DIALOG (yz_restock_dialog_get_type ())
G_DECLARE_FINAL_TYPE (YzRestockDialog, yz_restock_dialog, YZ, RESTOCK_DIALOG, AdwMessageDialog)

YzRestockDialog *yz_restock_dialog_new (GtkWindow *parent, YzSession *session, YzStock *stock,
                                        GHashTable *rates);
YzStock *yz_restock_dialog_get_stock (YzRestockDialog *self);
gint64 yz_restock_dialog_get_quantity (YzRestockDialog *self);
char *yz_restock_dialog_dup_note (YzRestockDialog *self);
gint64 yz_restock_dialog_get_threshold (YzRestockDialog *self);

G_END_DECLS
