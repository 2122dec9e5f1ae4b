/* yz-entries-page.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "yz-entry-filter.h"
#include "yz-session.h"

G_BEGIN_DECLS

#define YZ_TYPE_ENTRIES_PAGE (yz_entries_page_get_type ())
G_DECLARE_FINAL_TYPE (YzEntriesPage, yz_entries_page, YZ, ENTRIES_PAGE, GtkWidget)

GtkWidget *yz_entries_page_new (void);
void yz_entries_page_set_session (YzEntriesPage *self, YzSession *session);
void yz_entries_page_set_filter (YzEntriesPage *self, const char *person, guint result, guint when);
GListModel *yz_entries_page_get_model (YzEntriesPage *self);
GtkWidget *yz_entries_page_get_grid (YzEntriesPage *self);

/* For tests */
void yz_entries_page_type_filter (YzEntriesPage *self, const char *person, const char *station);
void yz_entries_page_set_pointer_over (YzEntriesPage *self, gboolean over);
GtkWidget *yz_entries_page_get_held_button (YzEntriesPage *self);
GtkAdjustment *yz_entries_page_get_vadjustment (YzEntriesPage *self);
GtkPopover *yz_entries_page_get_range_popover (YzEntriesPage *self);
void yz_entries_page_edit_range (YzEntriesPage *self, gint64 from, gint64 to);
const char *yz_entries_page_get_range_error (YzEntriesPage *self);
GtkWidget *yz_entries_page_get_range_apply (YzEntriesPage *self);
void yz_entries_page_choose_time (YzEntriesPage *self, guint when);
const char *yz_entries_page_get_time_label (YzEntriesPage *self);
const char *yz_entries_page_get_empty_title (YzEntriesPage *self);

G_END_DECLS
