/* yz-entries-page.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define YZ_TYPE_ENTRIES_PAGE (yz_entries_page_get_type ())
G_DECLARE_FINAL_TYPE (YzEntriesPage, yz_entries_page, YZ, ENTRIES_PAGE, GtkWidget)

GtkWidget *yz_entries_page_new (void);

G_END_DECLS
