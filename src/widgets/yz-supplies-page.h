/* yz-supplies-page.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "yz-session.h"

G_BEGIN_DECLS

#define YZ_TYPE_SUPPLIES_PAGE (yz_supplies_page_get_type ())
G_DECLARE_FINAL_TYPE (YzSuppliesPage, yz_supplies_page, YZ, SUPPLIES_PAGE, GtkWidget)

/* One station's supplies at a glance: what the table shows and sorts by. */
typedef struct
{
  double   days_left;   /* the soonest of its consumables (not the AED); G_MAXDOUBLE: none is being used up */
  double   fill;        /* the lowest level / capacity of its consumables; 1 when it has none */
  guint    n_low;       /* at or below their threshold, the AED needing service included */
  guint    n_empty;     /* consumables at 0 */
  gboolean needs;       /* something to bring: empty, low, or out within the horizon */
} YzSupplySummary;

void        yz_supplies_page_summarize          (GListModel      *stock,
                                                 GHashTable      *rates,
                                                 guint            horizon_days,
                                                 YzSupplySummary *out);
char       *yz_supplies_page_format_days_left   (double           days_left);
void        yz_supplies_page_describe_empty     (gboolean         has_session,
                                                 gboolean         connected,
                                                 const char     **title,
                                                 const char     **description,
                                                 gboolean        *offer_setup);

GtkWidget  *yz_supplies_page_new                (void);
void        yz_supplies_page_set_session        (YzSuppliesPage  *self,
                                                 YzSession       *session);
GtkColumnView *yz_supplies_page_get_view        (YzSuppliesPage  *self);
GListModel *yz_supplies_page_get_model          (YzSuppliesPage  *self);
void        yz_supplies_page_set_filter         (YzSuppliesPage  *self,
                                                 const char      *district,
                                                 const char      *text,
                                                 gboolean         only_needing);
void        yz_supplies_page_select             (YzSuppliesPage  *self,
                                                 const char      *station_id);
void        yz_supplies_page_get_summary        (YzSuppliesPage  *self,
                                                 YzStation       *station,
                                                 YzSupplySummary *out);
void        yz_supplies_page_refresh_forecast   (YzSuppliesPage  *self);

void        yz_supplies_page_set_plan_horizon   (YzSuppliesPage  *self,
                                                 guint            days);
guint       yz_supplies_page_get_plan_horizon   (YzSuppliesPage  *self);
GPtrArray  *yz_supplies_page_get_plan           (YzSuppliesPage  *self);
GtkWindow  *yz_supplies_page_show_plan          (YzSuppliesPage  *self);
gboolean    yz_supplies_page_export_plan_csv    (YzSuppliesPage  *self,
                                                 const char      *path,
                                                 GError         **error);
gboolean    yz_supplies_page_export_plan_pdf    (YzSuppliesPage  *self,
                                                 const char      *path,
                                                 GError         **error);

GtkWindow  *yz_supplies_page_open_restock_dialog (YzSuppliesPage *self,
                                                  YzStock        *stock);

G_END_DECLS
