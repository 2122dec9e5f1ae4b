/* yz-restock-list-row.c
 *
 * One line of the restock list: the station, the item with its level and when it runs out,
 * and what to bring. The row keeps its item, so that activating it records the delivery of
 * that very item.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "yz-restock-list-row"

#include "config.h"

#include <glib/gi18n.h>

#include "yz-labels.h"
#include "yz-restock-list-row.h"

struct _YzRestockListRow
{
  AdwActionRow parent_instance;

  GtkImage *icon;
  GtkLabel *bring_label;

  YzStock *stock;
};

G_DEFINE_FINAL_TYPE (YzRestockListRow, yz_restock_list_row, ADW_TYPE_ACTION_ROW)

static void
yz_restock_list_row_dispose (GObject *object)
{
  YzRestockListRow *self = YZ_RESTOCK_LIST_ROW (object);

  g_clear_object (&self->stock);
  gtk_widget_dispose_template (GTK_WIDGET (object), YZ_TYPE_RESTOCK_LIST_ROW);

  G_OBJECT_CLASS (yz_restock_list_row_parent_class)->dispose (object);
}

static void
yz_restock_list_row_class_init (YzRestockListRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = yz_restock_list_row_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PATH "/yz-restock-list-row.ui");
  gtk_widget_class_bind_template_child (widget_class, YzRestockListRow, icon);
  gtk_widget_class_bind_template_child (widget_class, YzRestockListRow, bring_label);
}

static void
yz_restock_list_row_init (YzRestockListRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
yz_restock_list_row_new (YzSupplyLine *line)
{
  YzRestockListRow *self;
  g_autofree char *level = yz_supplies_format_level (line->stock);
  g_autofree char *days = yz_supplies_format_days_left (line->days_left);
  g_autofree char *subtitle = NULL;
  g_autofree char *bring = yz_supplies_bring_text (line);
  gboolean urgent = yz_stock_get_level (line->stock) <= 0 || line->days_left < 1;

  g_return_val_if_fail (line != NULL && YZ_IS_STOCK (line->stock), NULL);

  self = g_object_new (YZ_TYPE_RESTOCK_LIST_ROW, NULL);
  self->stock = g_object_ref (line->stock);
  if (yz_supplies_is_aed (line->stock))
    subtitle =
        g_strdup_printf ("%s · %s", yz_label_stock_item (yz_stock_get_item (line->stock)), level);
  else
    /* TRANSLATORS: item, level/capacity, when it runs out: "Water · 8/48 瓶 · runs out: < 1 day" */
    subtitle = g_strdup_printf (_("%s · %s · runs out: %s"),
                                yz_label_stock_item (yz_stock_get_item (line->stock)), level, days);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self), line->station_name);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self), subtitle);
  gtk_image_set_from_icon_name (self->icon,
                                urgent ? "dialog-error-symbolic" : "dialog-warning-symbolic");
  gtk_widget_add_css_class (GTK_WIDGET (self->icon), urgent ? "error" : "warning");
  gtk_label_set_text (self->bring_label, bring);
  return GTK_WIDGET (self);
}

/**
 * yz_restock_list_row_get_stock:
 *
 * Returns: (transfer none): the item the row is for
 */
YzStock *
yz_restock_list_row_get_stock (YzRestockListRow *self)
{
  g_return_val_if_fail (YZ_IS_RESTOCK_LIST_ROW (self), NULL);
  return self->stock;
}
