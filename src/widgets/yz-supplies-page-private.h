/* yz-supplies-page-private.h
 *
 * What the supplies page shares with its restock list window (yz-restock-list-window.c) and
 * nobody else.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "yz-supplies-page.h"

G_BEGIN_DECLS

const char *yz_supplies_page_not_connected  (YzSuppliesPage  *self);
gboolean    yz_supplies_page_may_restock    (YzSuppliesPage  *self);
const char *yz_supplies_page_get_district   (YzSuppliesPage  *self);
GtkWindow  *yz_supplies_page_open_restock   (YzSuppliesPage  *self,
                                             YzStock         *stock,
                                             GtkWindow       *parent);
void        yz_supplies_page_key_add_stock  (GString         *key,
                                             YzStock         *stock,
                                             double           rate);
gboolean    yz_supplies_page_key_changed    (char           **stored,
                                             GString         *key);

G_END_DECLS
