/* yz-supplies-page-details.c
 *
 * The supplies page's details pane: the selected station's name, district and address,
 * which item runs out first, and a row per item with its level and, for those who may,
 * a button to record its delivery. Rebuilt only when what it shows changes, so that focus
 * and hover survive the gateway's steady trickle of levels.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "yz-supplies-page"

#include "config.h"

#include <glib/gi18n.h>

#include "yz-labels.h"
#include "yz-supplies-page-private.h"

/* ---- details ---- */

void
yz_supplies_page_update_actions (YzSuppliesPage *self)
{
  gboolean may = yz_supplies_page_may_restock (self);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "supplies.restock",
                                 may && self->shown != NULL &&
                                     yz_supplies_page_not_connected (self) == NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "supplies.show-station", self->shown != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "supplies.show-plan", self->session != NULL);
}

static GtkWidget *
create_detail_row (YzSuppliesPage *self, YzStock *stock, gboolean may)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *subtitle = yz_supplies_describe_stock (self->rates, stock);
  const char *icon = NULL;

  /* Station names and units come from the gateway: text, not markup. */
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                 yz_label_stock_item (yz_stock_get_item (stock)));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  if (yz_stock_get_level (stock) <= 0)
    icon = "dialog-error-symbolic";
  else if (yz_stock_get_low (stock))
    icon = "dialog-warning-symbolic";
  if (icon != NULL)
    {
      GtkWidget *image = gtk_image_new_from_icon_name (icon);

      gtk_widget_add_css_class (image, yz_stock_get_level (stock) <= 0 ? "error" : "warning");
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), image);
      gtk_widget_add_css_class (row, "alert");
    }
  if (!yz_supplies_is_aed (stock))
    {
      GtkWidget *bar = gtk_level_bar_new ();

      gtk_widget_set_valign (bar, GTK_ALIGN_CENTER);
      gtk_widget_set_size_request (bar, 80, -1);
      yz_supplies_page_set_level_bar (GTK_LEVEL_BAR (bar), stock);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), bar);
    }
  if (may && !yz_supplies_is_aed (stock))
    {
      GtkWidget *button = gtk_button_new_from_icon_name ("list-add-symbolic");
      const char *item = yz_label_stock_item (yz_stock_get_item (stock));
      const char *why_not = yz_supplies_page_not_connected (self);
      g_autofree char *tooltip = g_strdup_printf (_("Restock %s…"), item);

      gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (button, "flat");
      gtk_widget_set_tooltip_text (button, why_not ? why_not : tooltip);
      gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      tooltip, -1);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "supplies.restock");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", yz_stock_get_id (stock));
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
    }
  return row;
}

void
yz_supplies_page_show_details (YzSuppliesPage *self, YzStation *station)
{
  GtkWidget *row;
  gboolean may = yz_supplies_page_may_restock (self);

  g_autoptr(GString) key = g_string_new (NULL);

  g_set_object (&self->shown, station);
  yz_supplies_page_update_actions (self);
  gtk_stack_set_visible_child_name (self->details_stack, station != NULL ? "station" : "none");
  if (station != NULL)
    {
      GListModel *stock = yz_station_get_stock (station);

      g_string_append_printf (key, "%s|%d|%d|%s|%s|", yz_station_get_id (station), may,
                              yz_supplies_page_not_connected (self) == NULL,
                              yz_station_get_name (station), yz_station_get_address (station));
      for (guint i = 0; i < g_list_model_get_n_items (stock); i++)
        {
          g_autoptr(YzStock) item = g_list_model_get_item (stock, i);

          yz_supplies_page_key_add_stock (key, item, yz_supplies_rate_of (self->rates, item));
        }
    }
  if (!yz_supplies_page_key_changed (&self->details_key, key))
    return;
  while ((row = gtk_widget_get_first_child (GTK_WIDGET (self->detail_list))) != NULL)
    gtk_list_box_remove (self->detail_list, row);
  if (station == NULL)
    return;

  gtk_label_set_text (self->detail_title, yz_station_get_name (station));
  {
    const char *district = yz_station_get_district (station);
    const char *address = yz_station_get_address (station);
    g_autofree char *subtitle =
        g_strdup_printf ("%s%s%s", district ? district : "", district && address ? " · " : "",
                         address ? address : "");

    gtk_label_set_text (self->detail_subtitle, subtitle);
  }
  {
    const YzSupplySummary *summary = yz_supplies_page_lookup_summary (self, station);
    YzStock *first = yz_supplies_most_urgent (yz_station_get_stock (station), self->rates);
    g_autofree char *text = NULL;

    text = yz_supplies_describe_first_out (
        summary, first ? yz_label_stock_item (yz_stock_get_item (first)) : NULL);
    gtk_label_set_text (self->detail_runs_out, text);
    yz_supplies_page_set_state_class (GTK_WIDGET (self->detail_runs_out),
                                      summary->days_left < 1 ? "error"
                                      : summary->needs       ? "warning"
                                                             : NULL);
  }

  for (guint i = 0; i < g_list_model_get_n_items (yz_station_get_stock (station)); i++)
    {
      g_autoptr(YzStock) stock = g_list_model_get_item (yz_station_get_stock (station), i);

      gtk_list_box_append (self->detail_list, create_detail_row (self, stock, may));
    }
}
