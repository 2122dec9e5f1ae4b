/* yz-supplies-page-table.c
 *
 * The supplies page's table: a row per station, the soonest to run out first. The Station
 * and Runs Out columns are declared in the template (the station's name and district by
 * bindings); one column per item follows, made here as the gateway lists the items, with a
 * level bar and "36/48", and low or empty items marked by an icon and bold text as well as
 * by colour (yz_supplies_item_status). The cells that depend on the forecast are filled by
 * the page and filled again when it changes. A right click on any cell selects its row and
 * opens the station's menu.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "yz-supplies-page"

#include "config.h"

#include <glib/gi18n.h>

#include "yz-labels.h"
#include "yz-supplies-page-private.h"

static YzStock *
find_stock (YzStation *station, const char *item)
{
  GListModel *stock = yz_station_get_stock (station);

  for (guint i = 0; stock != NULL && i < g_list_model_get_n_items (stock); i++)
    {
      g_autoptr(YzStock) found = g_list_model_get_item (stock, i);

      if (g_strcmp0 (yz_stock_get_item (found), item) == 0)
        return found; /* the station's model keeps it */
    }
  return NULL;
}

void
yz_supplies_page_set_state_class (GtkWidget *widget, const char *state)
{
  const char *classes[] = { "error", "warning", "success", "dim-label", NULL };

  for (guint i = 0; classes[i] != NULL; i++)
    if (g_strcmp0 (classes[i], state) != 0)
      gtk_widget_remove_css_class (widget, classes[i]);
  if (state != NULL)
    gtk_widget_add_css_class (widget, state);
}

/* The bar's colour follows the item's own threshold (warning at or below it), not a
 * fraction of the capacity. */
void
yz_supplies_page_set_level_bar (GtkLevelBar *bar, YzStock *stock)
{
  double capacity = MAX (1, yz_stock_get_capacity (stock));

  gtk_level_bar_remove_offset_value (bar, GTK_LEVEL_BAR_OFFSET_LOW);
  gtk_level_bar_remove_offset_value (bar, GTK_LEVEL_BAR_OFFSET_HIGH);
  gtk_level_bar_remove_offset_value (bar, GTK_LEVEL_BAR_OFFSET_FULL);
  gtk_level_bar_set_max_value (bar, capacity);
  gtk_level_bar_set_value (bar, CLAMP (yz_stock_get_level (stock), 0, capacity));
  gtk_level_bar_add_offset_value (bar, GTK_LEVEL_BAR_OFFSET_LOW,
                                  CLAMP (yz_stock_get_low_threshold (stock), 0, capacity));
  gtk_level_bar_add_offset_value (bar, GTK_LEVEL_BAR_OFFSET_HIGH, capacity);
  /* libadwaita 1.2 paints block.low in the accent colour (its block:not(.empty) rule comes
   * later), so the style sheet colours a low bar by this class. */
  if (yz_stock_get_low (stock))
    gtk_widget_add_css_class (GTK_WIDGET (bar), "supply-low");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (bar), "supply-low");
}
/* ---- cells ---- */

/* The station's name and district are bound in the template; the other cells depend on the
 * forecast as well, so the page fills them (and refills the bound ones when it changes). */

static void
update_runs_out_cell (YzSuppliesPage *self, GtkWidget *box, YzStation *station)
{
  const YzSupplySummary *summary = yz_supplies_page_lookup_summary (self, station);
  GtkWidget *image = gtk_widget_get_first_child (box);
  GtkWidget *label = gtk_widget_get_next_sibling (image);
  g_autofree char *text = yz_supplies_format_days_left (summary->days_left);
  g_autofree char *tooltip = NULL;
  YzStock *first = yz_supplies_most_urgent (yz_station_get_stock (station), self->rates);
  const char *state, *icon;

  yz_supplies_runs_out_status (summary->days_left, NEED_HORIZON_DAYS, &state, &icon);
  if (icon != NULL)
    gtk_image_set_from_icon_name (GTK_IMAGE (image), icon);
  gtk_widget_set_visible (image, icon != NULL);
  yz_supplies_page_set_state_class (box, state);
  if (icon != NULL)
    gtk_widget_add_css_class (label, "heading");
  else
    gtk_widget_remove_css_class (label, "heading");
  gtk_label_set_text (GTK_LABEL (label), text);

  if (summary->days_left >= G_MAXDOUBLE)
    tooltip = g_strdup (_("Nothing here has been used up in the last 14 days"));
  else if (first != NULL)
    {
      g_autofree char *described = yz_supplies_describe_stock (self->rates, first);

      /* TRANSLATORS: the item that runs out first, then its state */
      tooltip = g_strdup_printf (_("First to run out: %s, %s"),
                                 yz_label_stock_item (yz_stock_get_item (first)), described);
    }
  gtk_widget_set_tooltip_text (box, tooltip);
}

static void
update_item_cell (YzSuppliesPage *self, GtkWidget *box, YzStation *station, const char *item)
{
  GtkWidget *bar = gtk_widget_get_first_child (box);
  GtkWidget *line = gtk_widget_get_next_sibling (bar);
  GtkWidget *image = gtk_widget_get_first_child (line);
  GtkWidget *label = gtk_widget_get_next_sibling (image);
  YzStock *stock = find_stock (station, item);
  const char *state = NULL;
  const char *icon = NULL;
  g_autofree char *text = NULL;
  g_autofree char *tooltip = NULL;
  g_autofree char *described = NULL;

  if (stock == NULL)
    {
      gtk_widget_set_visible (bar, FALSE);
      gtk_widget_set_visible (image, FALSE);
      gtk_label_set_text (GTK_LABEL (label), "—");
      gtk_widget_remove_css_class (label, "heading");
      yz_supplies_page_set_state_class (line, "dim-label");
      gtk_widget_set_tooltip_text (box, _("This station does not keep it"));
      return;
    }

  yz_supplies_item_status (stock, yz_supplies_rate_of (self->rates, stock), NEED_HORIZON_DAYS,
                           &state, &icon);
  if (yz_supplies_is_aed (stock))
    {
      gtk_widget_set_visible (bar, FALSE);
      text = yz_supplies_format_level (stock);
    }
  else
    {
      gtk_widget_set_visible (bar, TRUE);
      yz_supplies_page_set_level_bar (GTK_LEVEL_BAR (bar), stock);
      text = g_strdup_printf ("%" G_GINT64_FORMAT "/%" G_GINT64_FORMAT, yz_stock_get_level (stock),
                              yz_stock_get_capacity (stock));
    }

  if (icon != NULL)
    gtk_image_set_from_icon_name (GTK_IMAGE (image), icon);
  gtk_widget_set_visible (image, icon != NULL);
  yz_supplies_page_set_state_class (line, state);
  if (state != NULL && !g_str_equal (state, "success"))
    gtk_widget_add_css_class (label, "heading");
  else
    gtk_widget_remove_css_class (label, "heading");
  gtk_label_set_text (GTK_LABEL (label), text);

  described = yz_supplies_describe_stock (self->rates, stock);
  tooltip = g_strdup_printf ("%s: %s", yz_label_stock_item (yz_stock_get_item (stock)), described);
  gtk_widget_set_tooltip_text (box, tooltip);
}

void
yz_supplies_page_update_cell (YzSuppliesPage *self, GtkListItem *list_item, SupplyColumn *column)
{
  YzStation *station = gtk_list_item_get_item (list_item);
  GtkWidget *child = gtk_list_item_get_child (list_item);

  if (station == NULL || child == NULL)
    return;
  if (column->item == NULL)
    update_runs_out_cell (self, child, station);
  else
    update_item_cell (self, child, station, column->item);
}

static void
popup_menu (YzSuppliesPage *self, double x, double y)
{
  g_autoptr(GMenu) menu = g_menu_new ();
  g_autoptr(GMenuItem) restock = g_menu_item_new (_("_Restock…"), NULL);
  GtkWidget *popover;

  g_menu_item_set_action_and_target_value (restock, "supplies.restock", g_variant_new_string (""));
  g_menu_append_item (menu, restock);
  g_menu_append (menu, _("Show on the _Map"), "supplies.show-station");
  g_menu_append (menu, _("Restock _List"), "supplies.show-plan");
  popover = gtk_popover_menu_new_from_model (G_MENU_MODEL (menu));
  gtk_widget_set_parent (popover, GTK_WIDGET (self->view));
  gtk_popover_set_pointing_to (GTK_POPOVER (popover), &(GdkRectangle){ x, y, 1, 1 });
  gtk_popover_set_has_arrow (GTK_POPOVER (popover), FALSE);
  g_signal_connect (popover, "closed", G_CALLBACK (gtk_widget_unparent), NULL);
  gtk_popover_popup (GTK_POPOVER (popover));
}

/* A right click on any cell: select its row, then the menu. (Also the station column's
 * handler, in the template.) */
void
yz_supplies_page_cell_pressed_cb (GtkGestureClick *gesture, int n_press, double x, double y,
                                  GtkListItem *list_item)
{
  GtkWidget *child = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (gesture));
  GtkWidget *page = gtk_widget_get_ancestor (child, YZ_TYPE_SUPPLIES_PAGE);
  YzSuppliesPage *self;
  guint position = gtk_list_item_get_position (list_item);
  double vx = x, vy = y;

  if (page == NULL || position == GTK_INVALID_LIST_POSITION)
    return;
  self = YZ_SUPPLIES_PAGE (page);
  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
  gtk_selection_model_select_item (GTK_SELECTION_MODEL (self->selection), position, TRUE);
  gtk_widget_translate_coordinates (child, GTK_WIDGET (self->view), x, y, &vx, &vy);
  popup_menu (self, vx, vy);
}

static void
set_cell (GtkListItem *list_item, GtkWidget *child)
{
  GtkGesture *gesture = gtk_gesture_click_new ();

  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (gesture), GDK_BUTTON_SECONDARY);
  g_signal_connect (gesture, "pressed", G_CALLBACK (yz_supplies_page_cell_pressed_cb), list_item);
  gtk_widget_add_controller (child, GTK_EVENT_CONTROLLER (gesture));
  gtk_list_item_set_child (list_item, child);
}

static void
bind_cell (YzSuppliesPage *self, GtkListItem *list_item, SupplyColumn *column)
{
  if (self->bound != NULL)
    g_hash_table_insert (self->bound, list_item, column);
  yz_supplies_page_update_cell (self, list_item, column);
}

static void
unbind_cell (YzSuppliesPage *self, GtkListItem *list_item)
{
  if (self->bound != NULL)
    g_hash_table_remove (self->bound, list_item);
}

/* The "Runs Out" column's factory, declared in the template. */
void
yz_supplies_page_runs_out_setup_cb (YzSuppliesPage *self, GtkListItem *list_item)
{
  GtkWidget *child = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);

  gtk_box_append (GTK_BOX (child), gtk_image_new ());
  gtk_box_append (GTK_BOX (child), gtk_label_new (NULL));
  gtk_widget_set_valign (child, GTK_ALIGN_CENTER);
  set_cell (list_item, child);
}

void
yz_supplies_page_runs_out_bind_cb (YzSuppliesPage *self, GtkListItem *list_item)
{
  bind_cell (self, list_item, &self->runs_out);
}

void
yz_supplies_page_runs_out_unbind_cb (YzSuppliesPage *self, GtkListItem *list_item)
{
  unbind_cell (self, list_item);
}

/* The items' columns' factories, made as the gateway lists the items. */
static void
item_setup_cb (GtkSignalListItemFactory *factory, GtkListItem *list_item, SupplyColumn *column)
{
  GtkWidget *bar = gtk_level_bar_new ();
  GtkWidget *line = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 4);
  GtkWidget *child = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);

  gtk_widget_set_valign (child, GTK_ALIGN_CENTER);
  gtk_widget_set_size_request (bar, 64, -1);
  gtk_box_append (GTK_BOX (child), bar);
  gtk_box_append (GTK_BOX (line), gtk_image_new ());
  gtk_box_append (GTK_BOX (line), gtk_label_new (NULL));
  gtk_box_append (GTK_BOX (child), line);
  set_cell (list_item, child);
}

static void
item_bind_cb (GtkSignalListItemFactory *factory, GtkListItem *list_item, SupplyColumn *column)
{
  bind_cell (column->page, list_item, column);
}

static void
item_unbind_cb (GtkSignalListItemFactory *factory, GtkListItem *list_item, SupplyColumn *column)
{
  unbind_cell (column->page, list_item);
}

/* ---- sorting ---- */

int
yz_supplies_page_compare_urgency (gconstpointer a, gconstpointer b, gpointer user_data)
{
  YzSuppliesPage *self = user_data;
  const YzSupplySummary *x = yz_supplies_page_lookup_summary (self, (YzStation *)a);
  const YzSupplySummary *y = yz_supplies_page_lookup_summary (self, (YzStation *)b);

  if (x->days_left != y->days_left)
    return x->days_left < y->days_left ? -1 : 1;
  if (x->fill != y->fill)
    return x->fill < y->fill ? -1 : 1;
  return g_utf8_collate (yz_station_get_name ((YzStation *)a),
                         yz_station_get_name ((YzStation *)b));
}

static double
item_fill (YzStation *station, const char *item)
{
  YzStock *stock = find_stock (station, item);

  if (stock == NULL)
    return 2; /* not kept: after every station that keeps it */
  return (double)yz_stock_get_level (stock) / MAX (1, yz_stock_get_capacity (stock));
}

static int
compare_item (gconstpointer a, gconstpointer b, gpointer user_data)
{
  double x = item_fill ((YzStation *)a, user_data), y = item_fill ((YzStation *)b, user_data);

  return (x > y) - (x < y);
}

static SupplyColumn *
item_column (YzSuppliesPage *self, const char *item)
{
  for (guint i = 0; i < self->item_columns->len; i++)
    {
      SupplyColumn *column = g_ptr_array_index (self->item_columns, i);

      if (g_strcmp0 (column->item, item) == 0)
        return column;
    }
  return NULL;
}

void
yz_supplies_page_add_item_column (YzSuppliesPage *self, const char *item, const char *title)
{
  SupplyColumn *column = g_new0 (SupplyColumn, 1);
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  g_autoptr(GtkSorter) sorter = NULL;

  column->page = self;
  column->item = g_intern_string (item);
  sorter = GTK_SORTER (gtk_custom_sorter_new (compare_item, (gpointer)column->item, NULL));
  g_signal_connect (factory, "setup", G_CALLBACK (item_setup_cb), column);
  g_signal_connect (factory, "bind", G_CALLBACK (item_bind_cb), column);
  g_signal_connect (factory, "unbind", G_CALLBACK (item_unbind_cb), column);
  column->column = gtk_column_view_column_new (title, factory);
  gtk_column_view_column_set_sorter (column->column, sorter);
  gtk_column_view_column_set_resizable (column->column, TRUE);
  gtk_column_view_append_column (self->view, column->column);
  g_object_unref (column->column); /* the view keeps it */
  g_ptr_array_add (self->item_columns, column);
}

/* One column per item some station keeps; a newer gateway's item gets one too. */
void
yz_supplies_page_update_item_columns (YzSuppliesPage *self)
{
  GListModel *stock = yz_session_get_stock (self->session);
  g_autoptr(GHashTable) present = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < g_list_model_get_n_items (stock); i++)
    {
      g_autoptr(YzStock) item = g_list_model_get_item (stock, i);
      const char *name = yz_stock_get_item (item);

      if (name == NULL)
        continue;
      g_hash_table_add (present, (gpointer)g_intern_string (name));
      if (item_column (self, name) == NULL)
        yz_supplies_page_add_item_column (
            self, name, yz_stock_get_name (item) ? yz_stock_get_name (item) : name);
    }
  for (guint i = 0; i < self->item_columns->len; i++)
    {
      SupplyColumn *column = g_ptr_array_index (self->item_columns, i);

      gtk_column_view_column_set_visible (column->column,
                                          g_hash_table_contains (present, column->item));
    }
}
