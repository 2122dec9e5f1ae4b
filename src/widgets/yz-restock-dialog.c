/* yz-restock-dialog.c
 *
 * Recording a delivery to a station: which of its items, how many (suggested: what the
 * restock list would bring), an optional note; and, for supervisors, the level at which an
 * item counts as low. The dialog only asks: whoever opened it sends what was asked on its
 * "response" (the supplies page, through the session, which audits it). While disconnected
 * nothing can be recorded, and nothing is queued: the dialog says so.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "yz-restock-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "yz-labels.h"
#include "yz-restock-dialog.h"
#include "yz-supplies.h"

#define NOTE_MAX_CHARS 200

struct _YzRestockDialog
{
  AdwMessageDialog parent_instance;

  AdwComboRow *item_row;
  GtkStringList *labels;
  AdwActionRow *quantity_row;
  GtkSpinButton *quantity;
  AdwEntryRow *note;
  AdwActionRow *threshold_row;
  GtkSpinButton *threshold;

  GListModel *stock; /* the station's items */
  GHashTable *rates; /* nullable */
  YzSession *session;
  gboolean supervisor;
};

G_DEFINE_FINAL_TYPE (YzRestockDialog, yz_restock_dialog, ADW_TYPE_MESSAGE_DIALOG)

/* ---- callbacks ---- */

static void
threshold_changed_cb (YzRestockDialog *self)
{
  YzStock *stock = yz_restock_dialog_get_stock (self);
  gint64 value = gtk_spin_button_get_value_as_int (self->threshold);

  gboolean connected = yz_session_get_connection_state (self->session) == YZ_CONNECTION_CONNECTED;

  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (self), "threshold",
                                           connected && self->supervisor && stock != NULL &&
                                               !yz_supplies_is_aed (stock) &&
                                               value != yz_stock_get_low_threshold (stock));
}

/* While disconnected nothing can be recorded, and nothing is queued: the dialog says so. */
static void
connection_changed_cb (YzRestockDialog *self)
{
  gboolean connected = yz_session_get_connection_state (self->session) == YZ_CONNECTION_CONNECTED;

  adw_message_dialog_set_body (
      ADW_MESSAGE_DIALOG (self),
      connected ? _("Record what was delivered. It is sent to the gateway and kept "
                     "in the audit log under your name.")
                : _("Not connected to the gateway: nothing can be recorded now, and "
                     "nothing is queued. Record it when the connection is back."));
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (self), "restock", connected);
  threshold_changed_cb (self);
}

static void
item_chosen_cb (YzRestockDialog *self)
{
  YzStock *stock = yz_restock_dialog_get_stock (self);
  gint64 capacity, bring;
  g_autofree char *subtitle = NULL;
  g_autofree char *level = NULL;

  if (stock == NULL)
    return;
  capacity = MAX (1, yz_stock_get_capacity (stock));
  bring = yz_supplies_bring (yz_stock_get_level (stock), yz_stock_get_capacity (stock),
                             yz_supplies_rate_of (self->rates, stock));
  gtk_spin_button_set_range (self->quantity, 1, capacity);
  gtk_spin_button_set_value (self->quantity, CLAMP (bring, 1, capacity));
  level = yz_supplies_describe_stock (self->rates, stock);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->item_row), level);
  /* TRANSLATORS: the quantity suggested and its unit, e.g.
   * "Suggested: 40 瓶, a day's use and back to full" */
  subtitle = g_strdup_printf (_("Suggested: %d %s, a day's use and back to full"),
                              (int)CLAMP (bring, 1, capacity),
                              yz_stock_get_unit (stock) ? yz_stock_get_unit (stock) : "");
  adw_action_row_set_subtitle (self->quantity_row, subtitle);
  gtk_spin_button_set_range (self->threshold, 0, yz_stock_get_capacity (stock));
  gtk_spin_button_set_value (self->threshold, yz_stock_get_low_threshold (stock));
  gtk_widget_set_sensitive (GTK_WIDGET (self->threshold),
                            self->supervisor && !yz_supplies_is_aed (stock));
  threshold_changed_cb (self);
}

/* ---- GObject ---- */

static void
yz_restock_dialog_dispose (GObject *object)
{
  YzRestockDialog *self = YZ_RESTOCK_DIALOG (object);

  g_clear_object (&self->stock);
  g_clear_object (&self->session);
  g_clear_pointer (&self->rates, g_hash_table_unref);
  gtk_widget_dispose_template (GTK_WIDGET (object), YZ_TYPE_RESTOCK_DIALOG);

  G_OBJECT_CLASS (yz_restock_dialog_parent_class)->dispose (object);
}

static void
yz_restock_dialog_class_init (YzRestockDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = yz_restock_dialog_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/yz-restock-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, YzRestockDialog, item_row);
  gtk_widget_class_bind_template_child (widget_class, YzRestockDialog, labels);
  gtk_widget_class_bind_template_child (widget_class, YzRestockDialog, quantity_row);
  gtk_widget_class_bind_template_child (widget_class, YzRestockDialog, quantity);
  gtk_widget_class_bind_template_child (widget_class, YzRestockDialog, note);
  gtk_widget_class_bind_template_child (widget_class, YzRestockDialog, threshold_row);
  gtk_widget_class_bind_template_child (widget_class, YzRestockDialog, threshold);
}

static void
yz_restock_dialog_init (YzRestockDialog *self)
{
  GtkEditable *delegate;

  gtk_widget_init_template (GTK_WIDGET (self));

  delegate = gtk_editable_get_delegate (GTK_EDITABLE (self->note));
  if (GTK_IS_TEXT (delegate))
    gtk_text_set_max_length (GTK_TEXT (delegate), NOTE_MAX_CHARS);
}

/* ---- public ---- */

/**
 * yz_restock_dialog_new:
 * @parent: (nullable): the window it is over
 * @stock: the item to start with; the dialog offers the station's other items too
 * @rates: (nullable): stock id -> (double *) consumed per day, for the suggestion
 *
 * Returns: (transfer none): the dialog, not shown yet (GTK keeps a toplevel alive)
 */
YzRestockDialog *
yz_restock_dialog_new (GtkWindow *parent, YzSession *session, YzStock *stock, GHashTable *rates)
{
  YzRestockDialog *self;
  YzStation *station;
  g_autofree char *heading = NULL;
  guint chosen = 0;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (YZ_IS_SESSION (session), NULL);
  g_return_val_if_fail (YZ_IS_STOCK (stock), NULL);

  station = yz_session_lookup_station (session, yz_stock_get_station_id (stock));
  heading = g_strdup_printf (_("Restock %s"), station ? yz_station_get_name (station)
                                                       : yz_stock_get_station_id (stock));
  self = g_object_new (YZ_TYPE_RESTOCK_DIALOG, "transient-for", parent, "heading", heading, "body",
                       _("Record what was delivered. It is sent to the gateway and kept "
                          "in the audit log under your name."),
                       NULL);

  if (station != NULL)
    self->stock = g_object_ref (yz_station_get_stock (station));
  else
    {
      GListStore *alone = g_list_store_new (YZ_TYPE_STOCK);

      g_list_store_append (alone, stock);
      self->stock = G_LIST_MODEL (alone);
    }
  self->rates = rates ? g_hash_table_ref (rates) : NULL;
  self->supervisor = yz_session_get_role (session) >= YZ_ROLE_SUPERVISOR;
  self->session = g_object_ref (session);
  for (guint i = 0; i < g_list_model_get_n_items (self->stock); i++)
    {
      g_autoptr(YzStock) item = g_list_model_get_item (self->stock, i);

      gtk_string_list_append (self->labels, yz_label_stock_item (yz_stock_get_item (item)));
      if (item == stock)
        chosen = i;
    }
  adw_combo_row_set_selected (self->item_row, chosen);

  /* Say why it cannot be changed, rather than only greying it out. */
  adw_action_row_set_subtitle (self->threshold_row,
                               self->supervisor
                                   ? _("The item counts as low at this level or below")
                                   : _("Only a supervisor can change when an item counts as low"));
  if (!self->supervisor)
    adw_action_row_add_prefix (self->threshold_row,
                               gtk_image_new_from_icon_name ("changes-prevent-symbolic"));

  g_signal_connect_swapped (self->item_row, "notify::selected", G_CALLBACK (item_chosen_cb), self);
  g_signal_connect_swapped (self->threshold, "value-changed", G_CALLBACK (threshold_changed_cb),
                            self);
  g_signal_connect_object (session, "notify::connection-state", G_CALLBACK (connection_changed_cb),
                           self, G_CONNECT_SWAPPED);
  item_chosen_cb (self);
  connection_changed_cb (self);
  return self;
}

/**
 * yz_restock_dialog_get_stock:
 *
 * Returns: (transfer none) (nullable): the item chosen
 */
YzStock *
yz_restock_dialog_get_stock (YzRestockDialog *self)
{
  guint selected;
  g_autoptr(YzStock) stock = NULL;

  g_return_val_if_fail (YZ_IS_RESTOCK_DIALOG (self), NULL);

  selected = adw_combo_row_get_selected (self->item_row);
  if (self->stock == NULL || selected == GTK_INVALID_LIST_POSITION)
    return NULL;
  stock = g_list_model_get_item (self->stock, selected);
  return stock; /* the station's model keeps it */
}

gint64
yz_restock_dialog_get_quantity (YzRestockDialog *self)
{
  g_return_val_if_fail (YZ_IS_RESTOCK_DIALOG (self), 0);
  return gtk_spin_button_get_value_as_int (self->quantity);
}

/**
 * yz_restock_dialog_dup_note:
 *
 * Returns: (transfer full) (nullable): the note, stripped; %NULL when there is none
 */
char *
yz_restock_dialog_dup_note (YzRestockDialog *self)
{
  g_autofree char *note = NULL;

  g_return_val_if_fail (YZ_IS_RESTOCK_DIALOG (self), NULL);

  note = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->note))));
  return note[0] != '\0' ? g_steal_pointer (&note) : NULL;
}

gint64
yz_restock_dialog_get_threshold (YzRestockDialog *self)
{
  g_return_val_if_fail (YZ_IS_RESTOCK_DIALOG (self), 0);
  return gtk_spin_button_get_value_as_int (self->threshold);
}
