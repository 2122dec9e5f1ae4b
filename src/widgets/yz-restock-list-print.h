/* yz-restock-list-print.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "yz-supplies.h"

G_BEGIN_DECLS

GtkPrintOperation *yz_restock_list_print_new (GPtrArray *plan, const char *district,
                                              guint horizon_days);

G_END_DECLS
