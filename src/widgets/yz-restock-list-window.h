/* yz-restock-list-window.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "yz-supplies-page.h"

G_BEGIN_DECLS

#define YZ_TYPE_RESTOCK_LIST_WINDOW (yz_restock_list_window_get_type ())
G_DECLARE_FINAL_TYPE (YzRestockListWindow, yz_restock_list_window, YZ, RESTOCK_LIST_WINDOW,
                      AdwWindow)

YzRestockListWindow *yz_restock_list_window_new (YzSuppliesPage *page);
void yz_restock_list_window_refresh (YzRestockListWindow *self);

G_END_DECLS
