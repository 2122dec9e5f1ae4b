/* yz-supplies-page.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define YZ_TYPE_SUPPLIES_PAGE (yz_supplies_page_get_type ())
G_DECLARE_FINAL_TYPE (YzSuppliesPage, yz_supplies_page, YZ, SUPPLIES_PAGE, GtkWidget)

GtkWidget *yz_supplies_page_new (void);

G_END_DECLS
