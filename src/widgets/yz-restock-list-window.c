/* yz-restock-list-window.c
 *
 * The restock list, the van's list: what to bring where within a horizon (a day, two, three,
 * a week), by district, for the supplies page's district (or every one), to export as CSV or
 * print (yz-restock-list-print.c). A line's row records its delivery (YzRestockDialog, over
 * this window). The page owns the window and tells it to refresh when anything it shows may
 * have changed; the window rebuilds only when what it would show did.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "yz-restock-list-window"

#include "config.h"

#include <glib/gi18n.h>

#include "yz-restock-list-print.h"
#include "yz-restock-list-row.h"
#include "yz-restock-list-window.h"
#include "yz-supplies-page-private.h"
#include "yz-widgets.h"

struct _YzRestockListWindow
{
  AdwWindow parent_instance;

  AdwWindowTitle *title;
  GtkDropDown *horizon_dropdown;
  GtkStringList *horizon_labels;
  GtkBox *box;

  YzSuppliesPage *page; /* a weak pointer: the page owns the window */
  char *key;            /* what it shows now */
};

G_DEFINE_FINAL_TYPE (YzRestockListWindow, yz_restock_list_window, ADW_TYPE_WINDOW)

static const guint horizons[] = { 1, 2, 3, 7 };

/* ---- callbacks ---- */

static void
row_activated_cb (YzRestockListRow *row, YzRestockListWindow *self)
{
  if (self->page != NULL && yz_supplies_page_get_session (self->page) != NULL)
    yz_supplies_page_open_restock (self->page, yz_restock_list_row_get_stock (row),
                                   GTK_WINDOW (self));
}

static void
horizon_chosen_cb (YzRestockListWindow *self)
{
  guint selected = gtk_drop_down_get_selected (self->horizon_dropdown);

  if (self->page != NULL && selected < G_N_ELEMENTS (horizons))
    yz_supplies_page_set_plan_horizon (self->page, horizons[selected]);
}

static void
csv_chosen_cb (GtkWidget *owner, const char *path, gpointer user_data)
{
  YzRestockListWindow *self = YZ_RESTOCK_LIST_WINDOW (owner);
  g_autoptr(GError) error = NULL;

  if (self->page == NULL)
    return;
  if (!yz_supplies_page_export_plan_csv (self->page, path, &error))
    yz_toast (GTK_WIDGET (self->box), error->message);
  else
    yz_toast (GTK_WIDGET (self->box), _("The restock list is saved as CSV"));
}

/* ---- actions ---- */

static void
export_csv_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *stamp = g_date_time_format (now, "%Y%m%d-%H%M");
  g_autofree char *name = g_strdup_printf ("restock-%s.csv", stamp);

  yz_choose_file (widget, GTK_FILE_CHOOSER_ACTION_SAVE, _("Save the Restock List as CSV"),
                  _("_Save"), name, csv_chosen_cb, NULL, NULL);
}

static void
print_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  YzRestockListWindow *self = YZ_RESTOCK_LIST_WINDOW (widget);
  g_autoptr(GPtrArray) plan = NULL;
  g_autoptr(GtkPrintOperation) operation = NULL;
  g_autoptr(GError) error = NULL;

  if (self->page == NULL)
    return;
  plan = yz_supplies_page_get_plan (self->page);
  operation = yz_restock_list_print_new (plan, yz_supplies_page_get_district (self->page),
                                         yz_supplies_page_get_plan_horizon (self->page));
  if (gtk_print_operation_run (operation, GTK_PRINT_OPERATION_ACTION_PRINT_DIALOG,
                               GTK_WINDOW (self), &error) == GTK_PRINT_OPERATION_RESULT_ERROR)
    yz_toast (GTK_WIDGET (self->box), error->message);
}

/* ---- GObject ---- */

static void
yz_restock_list_window_dispose (GObject *object)
{
  YzRestockListWindow *self = YZ_RESTOCK_LIST_WINDOW (object);

  g_clear_weak_pointer (&self->page);
  gtk_widget_dispose_template (GTK_WIDGET (object), YZ_TYPE_RESTOCK_LIST_WINDOW);

  G_OBJECT_CLASS (yz_restock_list_window_parent_class)->dispose (object);
}

static void
yz_restock_list_window_finalize (GObject *object)
{
  YzRestockListWindow *self = YZ_RESTOCK_LIST_WINDOW (object);

  g_free (self->key);

  G_OBJECT_CLASS (yz_restock_list_window_parent_class)->finalize (object);
}

static void
yz_restock_list_window_class_init (YzRestockListWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = yz_restock_list_window_dispose;
  object_class->finalize = yz_restock_list_window_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PATH "/yz-restock-list-window.ui");
  gtk_widget_class_bind_template_child (widget_class, YzRestockListWindow, title);
  gtk_widget_class_bind_template_child (widget_class, YzRestockListWindow, horizon_dropdown);
  gtk_widget_class_bind_template_child (widget_class, YzRestockListWindow, horizon_labels);
  gtk_widget_class_bind_template_child (widget_class, YzRestockListWindow, box);

  gtk_widget_class_install_action (widget_class, "plan.export-csv", NULL, export_csv_action);
  gtk_widget_class_install_action (widget_class, "plan.print", NULL, print_action);
}

static void
yz_restock_list_window_init (YzRestockListWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  for (guint i = 0; i < G_N_ELEMENTS (horizons); i++)
    {
      g_autofree char *label = yz_supplies_horizon_label (horizons[i]);

      gtk_string_list_append (self->horizon_labels, label);
    }
}

/* ---- public ---- */

/**
 * yz_restock_list_window_new:
 * @page: the supplies page whose list it shows (its district, forecast and session)
 *
 * Returns: (transfer none): the window, over @page's, not shown yet (GTK keeps a toplevel
 *   alive)
 */
YzRestockListWindow *
yz_restock_list_window_new (YzSuppliesPage *page)
{
  YzRestockListWindow *self;
  GtkRoot *root;

  g_return_val_if_fail (YZ_IS_SUPPLIES_PAGE (page), NULL);

  root = gtk_widget_get_root (GTK_WIDGET (page));
  self = g_object_new (YZ_TYPE_RESTOCK_LIST_WINDOW, "transient-for",
                       GTK_IS_WINDOW (root) ? root : NULL, NULL);
  g_set_weak_pointer (&self->page, page);
  for (guint i = 0; i < G_N_ELEMENTS (horizons); i++)
    if (horizons[i] == yz_supplies_page_get_plan_horizon (page))
      gtk_drop_down_set_selected (self->horizon_dropdown, i);
  g_signal_connect_object (self->horizon_dropdown, "notify::selected",
                           G_CALLBACK (horizon_chosen_cb), self, G_CONNECT_SWAPPED);
  yz_restock_list_window_refresh (self);
  return self;
}

/* Shows the list as it stands, if that is not what it shows already. */
void
yz_restock_list_window_refresh (YzRestockListWindow *self)
{
  g_autoptr(GPtrArray) plan = NULL;
  g_autoptr(GDateTime) now = NULL;
  g_autofree char *subtitle = NULL;
  g_autoptr(GString) key = g_string_new (NULL);
  const char *district;
  const char *why_not;
  guint horizon;
  gboolean may;
  GtkWidget *child;
  GtkWidget *list = NULL;
  const char *group_district = NULL;

  g_return_if_fail (YZ_IS_RESTOCK_LIST_WINDOW (self));

  if (self->page == NULL)
    return;
  plan = yz_supplies_page_get_plan (self->page);
  now = g_date_time_new_now_local ();
  district = yz_supplies_page_get_district (self->page);
  horizon = yz_supplies_page_get_plan_horizon (self->page);
  subtitle = yz_supplies_plan_subtitle (now, district, horizon, plan->len);
  may = yz_supplies_page_may_restock (self->page);
  why_not = yz_supplies_page_not_connected (self->page);

  g_string_append_printf (key, "%s|%d|%d|", subtitle, may, why_not == NULL);
  for (guint i = 0; i < plan->len; i++)
    {
      YzSupplyLine *line = g_ptr_array_index (plan, i);

      yz_supplies_page_key_add_stock (key, line->stock, line->rate);
    }
  if (!yz_supplies_page_key_changed (&self->key, key))
    return;

  adw_window_title_set_subtitle (self->title, district ? district : _("All Districts"));
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->box))) != NULL)
    gtk_box_remove (self->box, child);
  /* When and what, as the printed list says it. */
  child = gtk_label_new (subtitle);
  gtk_label_set_xalign (GTK_LABEL (child), 0);
  gtk_label_set_wrap (GTK_LABEL (child), TRUE);
  gtk_widget_add_css_class (child, "dim-label");
  gtk_box_append (self->box, child);

  if (plan->len == 0)
    {
      GtkWidget *status = adw_status_page_new ();
      g_autofree char *description = yz_supplies_nothing_to_bring (horizon);

      adw_status_page_set_icon_name (ADW_STATUS_PAGE (status), "emblem-ok-symbolic");
      adw_status_page_set_title (ADW_STATUS_PAGE (status), _("Nothing to Bring"));
      adw_status_page_set_description (ADW_STATUS_PAGE (status), description);
      gtk_box_append (self->box, status);
      return;
    }

  for (guint i = 0; i < plan->len; i++)
    {
      YzSupplyLine *line = g_ptr_array_index (plan, i);
      GtkWidget *row;

      if (list == NULL || g_strcmp0 (group_district, line->district) != 0)
        {
          GtkWidget *group = adw_preferences_group_new ();
          guint n = 0;
          g_autofree char *description = NULL;

          group_district = line->district;
          for (guint k = i; k < plan->len; k++)
            if (g_strcmp0 (((YzSupplyLine *)g_ptr_array_index (plan, k))->district,
                           group_district) == 0)
              n++;
          description =
              g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u item", "%u items", n), n);
          adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group),
                                           group_district && group_district[0] ? group_district
                                                                               : _("No District"));
          adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group), description);
          list = gtk_list_box_new ();
          gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
          gtk_widget_add_css_class (list, "boxed-list");
          adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), list);
          gtk_box_append (self->box, group);
        }

      row = yz_restock_list_row_new (line);
      if (may && why_not != NULL)
        gtk_widget_set_tooltip_text (row, why_not);
      else if (may)
        {
          gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
          gtk_widget_set_tooltip_text (row, _("Record the delivery"));
          g_signal_connect_object (row, "activated", G_CALLBACK (row_activated_cb), self, 0);
        }
      gtk_list_box_append (GTK_LIST_BOX (list), row);
    }
}
