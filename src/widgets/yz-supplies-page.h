/* yz-supplies-page.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "yz-session.h"
#include "yz-supplies.h"

G_BEGIN_DECLS

#define YZ_TYPE_SUPPLIES_PAGE (yz_supplies_page_get_type ())
G_DECLARE_FINAL_TYPE (YzSuppliesPage, yz_supplies_page, YZ, SUPPLIES_PAGE, GtkWidget)

GtkWidget *yz_supplies_page_new (void);
YzSession *yz_supplies_page_get_session (YzSuppliesPage *self);
void yz_supplies_page_set_session (YzSuppliesPage *self, YzSession *session);
GtkColumnView *yz_supplies_page_get_view (YzSuppliesPage *self);
GListModel *yz_supplies_page_get_model (YzSuppliesPage *self);
void yz_supplies_page_set_filter (YzSuppliesPage *self, const char *district, const char *text,
                                  gboolean only_needing);
void yz_supplies_page_select (YzSuppliesPage *self, const char *station_id);
void yz_supplies_page_get_summary (YzSuppliesPage *self, YzStation *station, YzSupplySummary *out);
void yz_supplies_page_refresh_forecast (YzSuppliesPage *self);

void yz_supplies_page_set_plan_horizon (YzSuppliesPage *self, guint days);
guint yz_supplies_page_get_plan_horizon (YzSuppliesPage *self);
GPtrArray *yz_supplies_page_get_plan (YzSuppliesPage *self);
GtkWindow *yz_supplies_page_show_plan (YzSuppliesPage *self);
gboolean yz_supplies_page_export_plan_csv (YzSuppliesPage *self, const char *path, GError **error);
gboolean yz_supplies_page_export_plan_pdf (YzSuppliesPage *self, const char *path, GError **error);

GtkWindow *yz_supplies_page_open_restock_dialog (YzSuppliesPage *self, YzStock *stock);

G_END_DECLS
