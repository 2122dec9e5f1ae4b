/* yz-restock-list-row.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "yz-supplies.h"

G_BEGIN_DECLS

#define YZ_TYPE_RESTOCK_LIST_ROW (yz_restock_list_row_get_type ())
G_DECLARE_FINAL_TYPE (YzRestockListRow, yz_restock_list_row, YZ, RESTOCK_LIST_ROW, AdwActionRow)

GtkWidget *yz_restock_list_row_new (YzSupplyLine *line);
YzStock *yz_restock_list_row_get_stock (YzRestockListRow *self);

G_END_DECLS
