/* yz-supplies-page-private.h
 *
 * The supplies page is one object in three files by job, as GNOME Text Editor splits its
 * window: yz-supplies-page.c (following the session, the filters, the restock flow, the
 * public API), yz-supplies-page-table.c (the column view's columns, cells and sorting) and
 * yz-supplies-page-details.c (the selected station's pane). This header is what they share;
 * the restock list window (yz-restock-list-window.c) uses the few functions at the end.
 * Nobody else includes it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "yz-restock-list-window.h"
#include "yz-supplies-page.h"

G_BEGIN_DECLS

#define NEED_HORIZON_DAYS 2 /* "needs supplies": what the default restock list holds */

/* A column whose cells the page fills: one item's, or (item NULL) the "Runs Out" column. */
typedef struct
{
  YzSuppliesPage *page;        /* not a reference: the page owns its columns */
  const char *item;            /* interned */
  GtkColumnViewColumn *column; /* owned by the view */
} SupplyColumn;

struct _YzSuppliesPage
{
  GtkWidget parent_instance;

  GtkStack *stack;
  AdwStatusPage *empty_status;
  GtkWidget *setup_button;
  GtkDropDown *district_dropdown;
  GtkStringList *districts; /* [0] is "All Districts" */
  GtkSearchEntry *search_entry;
  GtkToggleButton *needing_button;
  GtkLabel *count_label;
  GtkColumnView *view;
  GtkColumnViewColumn *runs_out_column;
  GtkCustomSorter *urgency_sorter;
  GtkStack *details_stack;
  GtkLabel *detail_title;
  GtkLabel *detail_subtitle;
  GtkLabel *detail_runs_out;
  GtkListBox *detail_list;

  YzSession *session;
  GSignalGroup *session_signals;
  GSignalGroup *stations_signals;
  GSignalGroup *stock_signals;
  GListModel *watched_stock; /* whose items' notify the page follows */
  GtkCustomFilter *filter;
  GtkFilterListModel *filtered;
  GtkSortListModel *sorted;
  GtkSingleSelection *selection;
  SupplyColumn runs_out;
  GPtrArray *item_columns; /* SupplyColumn */
  GHashTable *summaries;   /* station id -> YzSupplySummary, until the next change */
  GHashTable *bound;       /* GtkListItem bound now -> its SupplyColumn */
  GHashTable *rates;       /* stock id -> (double *) per day; nullable */
  YzStation *shown;
  GCancellable *cancellable;
  char *folded_text;
  char *details_key; /* what the details show now */
  guint horizon;     /* of the restock list, in days */
  guint refresh_id;
  guint update_id;

  YzRestockListWindow *plan_window; /* while it is open */
};

/* yz-supplies-page.c */
const YzSupplySummary *yz_supplies_page_lookup_summary (YzSuppliesPage *self, YzStation *station);

/* yz-supplies-page-table.c */
void yz_supplies_page_set_state_class (GtkWidget *widget, const char *state);
void yz_supplies_page_set_level_bar (GtkLevelBar *bar, YzStock *stock);
void yz_supplies_page_update_cell (YzSuppliesPage *self, GtkListItem *list_item,
                                   SupplyColumn *column);
void yz_supplies_page_add_item_column (YzSuppliesPage *self, const char *item, const char *title);
void yz_supplies_page_update_item_columns (YzSuppliesPage *self);
int yz_supplies_page_compare_urgency (gconstpointer a, gconstpointer b, gpointer user_data);
void yz_supplies_page_cell_pressed_cb (GtkGestureClick *gesture, int n_press, double x, double y,
                                       GtkListItem *list_item);
void yz_supplies_page_runs_out_setup_cb (YzSuppliesPage *self, GtkListItem *list_item);
void yz_supplies_page_runs_out_bind_cb (YzSuppliesPage *self, GtkListItem *list_item);
void yz_supplies_page_runs_out_unbind_cb (YzSuppliesPage *self, GtkListItem *list_item);

/* yz-supplies-page-details.c */
void yz_supplies_page_update_actions (YzSuppliesPage *self);
void yz_supplies_page_show_details (YzSuppliesPage *self, YzStation *station);

/* For the restock list window as well. */
const char *yz_supplies_page_not_connected (YzSuppliesPage *self);
gboolean yz_supplies_page_may_restock (YzSuppliesPage *self);
const char *yz_supplies_page_get_district (YzSuppliesPage *self);
GtkWindow *yz_supplies_page_open_restock (YzSuppliesPage *self, YzStock *stock, GtkWindow *parent);
void yz_supplies_page_key_add_stock (GString *key, YzStock *stock, double rate);
gboolean yz_supplies_page_key_changed (char **stored, GString *key);

G_END_DECLS
