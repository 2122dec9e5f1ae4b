/* yz-entries-page.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "yz-session.h"

G_BEGIN_DECLS

#define YZ_TYPE_ENTRIES_PAGE (yz_entries_page_get_type ())
G_DECLARE_FINAL_TYPE (YzEntriesPage, yz_entries_page, YZ, ENTRIES_PAGE, GtkWidget)

GtkWidget  *yz_entries_page_new         (void);
void        yz_entries_page_set_session (YzEntriesPage *self,
                                         YzSession     *session);
void        yz_entries_page_set_filter  (YzEntriesPage *self,
                                         const char    *person,
                                         guint          result,
                                         guint          when);
GListModel *yz_entries_page_get_model   (YzEntriesPage *self);
GtkWidget  *yz_entries_page_get_grid    (YzEntriesPage *self);

G_END_DECLS
