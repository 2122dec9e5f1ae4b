/* yz-supplies-page.c
 *
 * The supplies of every station for the duty officer and whoever drives the van: a table of
 * stations (the soonest to run out first) with one column per item — a level bar, "36/48",
 * and low or empty items marked by an icon and bold text as well as by colour — filtered by
 * district, name and "needs supplies". The selected station's items beside it. A delivery
 * (and, for supervisors, an item's low threshold) is recorded through the session, which
 * audits it (YzRestockDialog). The restock list, the van's list, is YzRestockListWindow.
 *
 * What the table and the details say comes from plain functions in the core
 * (yz-supplies.c); this file puts them on screen and keeps up with the session, which it
 * follows with signal groups.
 *
 * The forecast is the consumption of the last 14 days (yz_stats_consumption_rates), read
 * when the page is shown and every 10 minutes while it is.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "yz-supplies-page"

#include "config.h"

#include <string.h>

#include <adwaita.h>
#include <glib/gi18n.h>

#include "yz-labels.h"
#include "yz-restock-dialog.h"
#include "yz-restock-list-print.h"
#include "yz-restock-list-window.h"
#include "yz-stats.h"
#include "yz-supplies.h"
#include "yz-supplies-page-private.h"
#include "yz-widgets.h"

#define FORECAST_DAYS 14
#define FORECAST_REFRESH_S (10 * 60)
#define UPDATE_DELAY_MS 300 /* stock changes arrive in bursts: re-sort once for all */

G_DEFINE_FINAL_TYPE (YzSuppliesPage, yz_supplies_page, GTK_TYPE_WIDGET)

enum
{
  PROP_0,
  PROP_SESSION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The items' columns, in this order; an item a newer gateway adds comes after them. */
static const char *const known_items[] = {
  "water", "cold-drink", "ice-cream", "medicine-kit", "mask", "umbrella", "sunscreen", "aed",
};

static void update_now (YzSuppliesPage *self);

/* ---- helpers ---- */

const YzSupplySummary *
yz_supplies_page_lookup_summary (YzSuppliesPage *self, YzStation *station)
{
  YzSupplySummary *summary = g_hash_table_lookup (self->summaries, yz_station_get_id (station));

  if (summary == NULL)
    {
      summary = g_new0 (YzSupplySummary, 1);
      yz_supplies_summarize (yz_station_get_stock (station), self->rates, NEED_HORIZON_DAYS,
                             summary);
      g_hash_table_insert (self->summaries, g_strdup (yz_station_get_id (station)), summary);
    }
  return summary;
}

static const char *
current_district (YzSuppliesPage *self)
{
  guint selected = gtk_drop_down_get_selected (self->district_dropdown);

  if (selected == 0 || selected == GTK_INVALID_LIST_POSITION)
    return NULL;
  return gtk_string_list_get_string (self->districts, selected);
}

/* What a station's details or the restock list show, in one string: rebuilt only when it
 * changes, so that focus and hover survive the gateway's steady trickle of levels. */
void
yz_supplies_page_key_add_stock (GString *key, YzStock *stock, double rate)
{
  g_string_append_printf (key,
                          "%s:%" G_GINT64_FORMAT ":%" G_GINT64_FORMAT ":%" G_GINT64_FORMAT ":%.3f;",
                          yz_stock_get_id (stock), yz_stock_get_level (stock),
                          yz_stock_get_capacity (stock), yz_stock_get_low_threshold (stock), rate);
}

gboolean
yz_supplies_page_key_changed (char **stored, GString *key)
{
  if (g_strcmp0 (*stored, key->str) == 0)
    return FALSE;
  g_free (*stored);
  *stored = g_strdup (key->str);
  return TRUE;
}

/* Why a delivery or a threshold cannot be recorded now, or NULL. Nothing is queued while
 * disconnected: the actions are off and say why. (A role that may not restock is shown
 * no restock buttons at all.) */
const char *
yz_supplies_page_not_connected (YzSuppliesPage *self)
{
  if (self->session != NULL &&
      yz_session_get_connection_state (self->session) != YZ_CONNECTION_CONNECTED)
    return _("Not connected to the gateway");
  return NULL;
}

/* Whether the officer may record deliveries at all (an operator or above). */
gboolean
yz_supplies_page_may_restock (YzSuppliesPage *self)
{
  return self->session != NULL && yz_session_get_role (self->session) >= YZ_ROLE_OPERATOR;
}

/* The district the table and the restock list are narrowed to, or NULL for every one. */
const char *
yz_supplies_page_get_district (YzSuppliesPage *self)
{
  return current_district (self);
}

/* ---- filter and count ---- */

static gboolean
filter_func (gpointer item, gpointer user_data)
{
  YzSuppliesPage *self = user_data;
  YzStation *station = item;
  const char *district = current_district (self);

  if (district != NULL && g_strcmp0 (district, yz_station_get_district (station)) != 0)
    return FALSE;
  if (gtk_toggle_button_get_active (self->needing_button) &&
      !yz_supplies_page_lookup_summary (self, station)->needs)
    return FALSE;
  if (self->folded_text != NULL && self->folded_text[0] != '\0')
    {
      const char *name = yz_station_get_name (station);
      g_autofree char *folded = g_utf8_casefold (name ? name : "", -1);

      if (strstr (folded, self->folded_text) == NULL &&
          g_strcmp0 (yz_station_get_id (station), self->folded_text) != 0)
        return FALSE;
    }
  return TRUE;
}

static void
update_count (YzSuppliesPage *self)
{
  GListModel *stations = self->session ? yz_session_get_stations (self->session) : NULL;
  guint total = stations ? g_list_model_get_n_items (stations) : 0;
  guint listed = self->filtered ? g_list_model_get_n_items (G_LIST_MODEL (self->filtered)) : 0;
  guint needing = 0;
  g_autofree char *text = NULL;

  gtk_stack_set_visible_child_name (
      self->stack,
      self->session != NULL && g_list_model_get_n_items (yz_session_get_stock (self->session)) > 0
          ? "table"
          : "empty");
  {
    const char *title, *description;
    gboolean offer_setup;

    yz_supplies_describe_empty (self->session != NULL,
                                yz_supplies_page_not_connected (self) == NULL, &title, &description,
                                &offer_setup);
    adw_status_page_set_title (self->empty_status, title);
    adw_status_page_set_description (self->empty_status, description);
    gtk_widget_set_visible (self->setup_button, offer_setup);
  }

  for (guint i = 0; i < total; i++)
    {
      g_autoptr(YzStation) station = g_list_model_get_item (stations, i);

      needing += yz_supplies_page_lookup_summary (self, station)->needs;
    }
  text = yz_supplies_describe_count (listed, total, needing);
  gtk_label_set_text (self->count_label, text);
}

static void
filter_changed_cb (YzSuppliesPage *self)
{
  g_free (self->folded_text);
  self->folded_text =
      g_utf8_casefold (gtk_editable_get_text (GTK_EDITABLE (self->search_entry)), -1);
  if (self->filter != NULL)
    gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
  update_count (self);
  if (self->plan_window != NULL)
    yz_restock_list_window_refresh (self->plan_window);
}

static int
collate_indirect (gconstpointer a, gconstpointer b)
{
  return g_utf8_collate (*(const char *const *)a, *(const char *const *)b);
}

static void
refresh_districts (YzSuppliesPage *self)
{
  GListModel *stations = yz_session_get_stations (self->session);
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  g_autofree char *selected = g_strdup (current_district (self));
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->districts));
  gboolean same;

  for (guint i = 0; i < g_list_model_get_n_items (stations); i++)
    {
      g_autoptr(YzStation) station = g_list_model_get_item (stations, i);
      const char *district = yz_station_get_district (station);

      if (district != NULL && district[0] != '\0' && g_hash_table_add (seen, (gpointer)district))
        g_ptr_array_add (names, (gpointer)district);
    }
  g_ptr_array_sort (names, collate_indirect);

  same = n == names->len + 1;
  for (guint i = 0; same && i < names->len; i++)
    same = g_str_equal (gtk_string_list_get_string (self->districts, i + 1),
                        g_ptr_array_index (names, i));
  if (same)
    return;

  g_ptr_array_add (names, NULL);
  gtk_string_list_splice (self->districts, 1, n - 1, (const char *const *)names->pdata);
  gtk_drop_down_set_selected (self->district_dropdown, 0);
  for (guint i = 0; selected != NULL && names->pdata[i] != NULL; i++)
    if (g_str_equal (names->pdata[i], selected))
      gtk_drop_down_set_selected (self->district_dropdown, i + 1);
}

/* ---- keeping up with the session ---- */

static void
selection_changed_cb (YzSuppliesPage *self)
{
  yz_supplies_page_show_details (
      self, self->selection ? gtk_single_selection_get_selected_item (self->selection) : NULL);
}

static void
update_now (YzSuppliesPage *self)
{
  GHashTableIter iter;
  gpointer list_item, column;

  g_clear_handle_id (&self->update_id, g_source_remove);
  if (self->view == NULL)
    return; /* disposed */
  g_hash_table_remove_all (self->summaries);
  if (self->session == NULL)
    {
      update_count (self);
      return;
    }
  yz_supplies_page_update_item_columns (self);
  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
  gtk_sorter_changed (gtk_column_view_get_sorter (self->view), GTK_SORTER_CHANGE_DIFFERENT);
  g_hash_table_iter_init (&iter, self->bound);
  while (g_hash_table_iter_next (&iter, &list_item, &column))
    yz_supplies_page_update_cell (self, list_item, column);
  update_count (self);
  if (self->shown != NULL)
    yz_supplies_page_show_details (self, self->shown);
  if (self->plan_window != NULL)
    yz_restock_list_window_refresh (self->plan_window);
}

static gboolean
update_timeout_cb (gpointer user_data)
{
  YzSuppliesPage *self = user_data;

  self->update_id = 0;
  update_now (self);
  return G_SOURCE_REMOVE;
}

static void
schedule_update (YzSuppliesPage *self)
{
  if (self->update_id == 0)
    self->update_id = g_timeout_add (UPDATE_DELAY_MS, update_timeout_cb, self);
}

static void
stock_notify_cb (YzStock *stock, GParamSpec *pspec, YzSuppliesPage *self)
{
  schedule_update (self);
}

static void
stock_items_changed_cb (GListModel *model, guint position, guint removed, guint added,
                        YzSuppliesPage *self)
{
  for (guint i = position; i < position + added; i++)
    {
      g_autoptr(YzStock) stock = g_list_model_get_item (model, i);

      g_signal_connect_object (stock, "notify", G_CALLBACK (stock_notify_cb), self, 0);
    }
  schedule_update (self);
}

/* A signal group follows one object; the levels are one notify per item, so the page
 * connects to each item of the session's stock and lets go of them when the session goes. */
static void
watch_stock_items (YzSuppliesPage *self, GListModel *stock)
{
  if (self->watched_stock != NULL)
    {
      for (guint i = 0; i < g_list_model_get_n_items (self->watched_stock); i++)
        {
          g_autoptr(YzStock) item = g_list_model_get_item (self->watched_stock, i);

          g_signal_handlers_disconnect_by_func (item, stock_notify_cb, self);
        }
    }
  g_set_object (&self->watched_stock, stock);
  if (stock != NULL)
    stock_items_changed_cb (stock, 0, 0, g_list_model_get_n_items (stock), self);
}

static void
stations_changed_cb (YzSuppliesPage *self)
{
  refresh_districts (self);
  schedule_update (self);
}

static void
items_changed_cb (YzSuppliesPage *self)
{
  update_count (self);
}

/* The actions follow the connection at once; the levels themselves stay as last known. */
static void
connection_changed_cb (YzSuppliesPage *self)
{
  yz_supplies_page_update_actions (self);
  if (self->shown != NULL)
    yz_supplies_page_show_details (self, self->shown);
  if (self->plan_window != NULL)
    yz_restock_list_window_refresh (self->plan_window);
  update_count (self);
}

static gboolean
refresh_timeout_cb (gpointer user_data)
{
  yz_supplies_page_refresh_forecast (user_data);
  return G_SOURCE_CONTINUE;
}

/* Enter or a double click on a row: record a delivery there. */
static void
activate_cb (GtkColumnView *view, guint position, YzSuppliesPage *self)
{
  gtk_single_selection_set_selected (self->selection, position);
  gtk_widget_activate_action (GTK_WIDGET (self), "supplies.restock", "s", "");
}

/* ---- restock and threshold ---- */

typedef struct
{
  YzSuppliesPage *self;
  YzStock *stock;
  gboolean threshold;
} StockOp;

static void
stock_op_free (StockOp *op)
{
  g_clear_object (&op->self);
  g_clear_object (&op->stock);
  g_free (op);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (StockOp, stock_op_free)

static void
stock_done_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(StockOp) op = user_data;
  g_autoptr(GError) error = NULL;
  YzStation *station;
  const char *item;
  const char *where;
  g_autofree char *message = NULL;
  char level[32], capacity[32];

  gboolean ok = yz_session_stock_finish (YZ_SESSION (object), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || op->self->session == NULL)
    return; /* the page is gone */
  station = yz_session_lookup_station (YZ_SESSION (object), yz_stock_get_station_id (op->stock));
  where = station ? yz_station_get_name (station) : yz_stock_get_station_id (op->stock);
  item = yz_label_stock_item (yz_stock_get_item (op->stock));
  if (!ok)
    {
      /* TRANSLATORS: "Water at <station>: not recorded: <why>" */
      message = g_strdup_printf (_("%s at %s: not recorded: %s"), item, where, error->message);
      yz_toast (GTK_WIDGET (op->self), message);
      return;
    }
  g_snprintf (capacity, sizeof capacity, "%" G_GINT64_FORMAT, yz_stock_get_capacity (op->stock));
  if (op->threshold)
    {
      g_snprintf (level, sizeof level, "%" G_GINT64_FORMAT, yz_stock_get_low_threshold (op->stock));
      /* TRANSLATORS: "Water at <station> counts as low at 12 or fewer now" */
      message =
          g_strdup_printf (_("%s at %s counts as low at %s or fewer now"), item, where, level);
    }
  else
    {
      g_snprintf (level, sizeof level, "%" G_GINT64_FORMAT, yz_stock_get_level (op->stock));
      /* TRANSLATORS: "Restocked: Water at <station>, 40 of 48 now" */
      message =
          g_strdup_printf (_("Restocked: %s at %s, %s of %s now"), item, where, level, capacity);
    }
  yz_toast (GTK_WIDGET (op->self), message);
  update_now (op->self);
}

static void
send_stock (YzSuppliesPage *self, YzStock *stock, gboolean threshold, gint64 value,
            const char *note)
{
  StockOp *op = g_new0 (StockOp, 1);

  op->self = g_object_ref (self);
  op->stock = g_object_ref (stock);
  op->threshold = threshold;
  if (threshold)
    yz_session_set_threshold_async (self->session, stock, value, self->cancellable, stock_done_cb,
                                    op);
  else
    yz_session_restock_async (self->session, stock, value, note, self->cancellable, stock_done_cb,
                              op);
}

static void
restock_response_cb (YzRestockDialog *dialog, const char *response, YzSuppliesPage *self)
{
  YzStock *stock = yz_restock_dialog_get_stock (dialog);

  if (stock == NULL || self->session == NULL)
    return;
  if (g_str_equal (response, "restock"))
    {
      g_autofree char *note = yz_restock_dialog_dup_note (dialog);

      send_stock (self, stock, FALSE, yz_restock_dialog_get_quantity (dialog), note);
    }
  else if (g_str_equal (response, "threshold"))
    send_stock (self, stock, TRUE, yz_restock_dialog_get_threshold (dialog), NULL);
}

/**
 * yz_supplies_page_open_restock:
 * @stock: the item to start with
 * @parent: (nullable): the window the dialog is over
 *
 * Opens the restock dialog; what it records goes through the page (audited by the session,
 * told in the page's toasts).
 *
 * Returns: (transfer none): the dialog
 */
GtkWindow *
yz_supplies_page_open_restock (YzSuppliesPage *self, YzStock *stock, GtkWindow *parent)
{
  YzRestockDialog *dialog;

  g_assert (YZ_IS_SUPPLIES_PAGE (self));
  g_assert (self->session != NULL);

  dialog = yz_restock_dialog_new (parent, self->session, stock, self->rates);
  g_signal_connect_object (dialog, "response", G_CALLBACK (restock_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  return GTK_WINDOW (dialog);
}

/* ---- actions ---- */

static void
restock_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  YzSuppliesPage *self = YZ_SUPPLIES_PAGE (widget);
  const char *id = g_variant_get_string (parameter, NULL);
  YzStock *stock = NULL;

  if (self->session == NULL)
    return;
  if (id[0] != '\0')
    stock = yz_session_lookup_stock (self->session, id);
  else if (self->shown != NULL)
    stock = yz_supplies_most_urgent (yz_station_get_stock (self->shown), self->rates);
  if (stock != NULL)
    yz_supplies_page_open_restock_dialog (self, stock);
}

static void
show_station_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  YzSuppliesPage *self = YZ_SUPPLIES_PAGE (widget);

  if (self->shown != NULL)
    gtk_widget_activate_action (widget, "win.show-station", "s", yz_station_get_id (self->shown));
}

static void
show_plan_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  yz_supplies_page_show_plan (YZ_SUPPLIES_PAGE (widget));
}

/* ---- GObject ---- */

static void
yz_supplies_page_map (GtkWidget *widget)
{
  YzSuppliesPage *self = YZ_SUPPLIES_PAGE (widget);

  GTK_WIDGET_CLASS (yz_supplies_page_parent_class)->map (widget);

  yz_supplies_page_refresh_forecast (self);
  if (self->refresh_id == 0)
    self->refresh_id = g_timeout_add_seconds (FORECAST_REFRESH_S, refresh_timeout_cb, self);
}

static void
yz_supplies_page_unmap (GtkWidget *widget)
{
  YzSuppliesPage *self = YZ_SUPPLIES_PAGE (widget);

  g_clear_handle_id (&self->refresh_id, g_source_remove);

  GTK_WIDGET_CLASS (yz_supplies_page_parent_class)->unmap (widget);
}

static void
yz_supplies_page_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  YzSuppliesPage *self = YZ_SUPPLIES_PAGE (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
yz_supplies_page_set_property (GObject *object, guint prop_id, const GValue *value,
                               GParamSpec *pspec)
{
  YzSuppliesPage *self = YZ_SUPPLIES_PAGE (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      yz_supplies_page_set_session (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
yz_supplies_page_dispose (GObject *object)
{
  YzSuppliesPage *self = YZ_SUPPLIES_PAGE (object);
  GtkWidget *child;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_handle_id (&self->refresh_id, g_source_remove);
  g_clear_handle_id (&self->update_id, g_source_remove);
  if (self->plan_window != NULL)
    gtk_window_destroy (GTK_WINDOW (self->plan_window));
  if (self->view != NULL)
    gtk_column_view_set_model (self->view, NULL);
  if (self->session_signals != NULL)
    {
      g_signal_group_set_target (self->session_signals, NULL);
      g_signal_group_set_target (self->stations_signals, NULL);
      g_signal_group_set_target (self->stock_signals, NULL);
    }
  watch_stock_items (self, NULL);
  g_clear_object (&self->session_signals);
  g_clear_object (&self->stations_signals);
  g_clear_object (&self->stock_signals);
  g_clear_object (&self->shown);
  g_clear_object (&self->selection);
  g_clear_object (&self->sorted);
  g_clear_object (&self->filtered);
  g_clear_object (&self->filter);
  g_clear_object (&self->session);
  g_clear_pointer (&self->rates, g_hash_table_unref);
  gtk_widget_dispose_template (GTK_WIDGET (object), YZ_TYPE_SUPPLIES_PAGE);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (object))))
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (yz_supplies_page_parent_class)->dispose (object);
}

static void
yz_supplies_page_finalize (GObject *object)
{
  YzSuppliesPage *self = YZ_SUPPLIES_PAGE (object);

  g_free (self->folded_text);
  g_free (self->details_key);
  g_clear_pointer (&self->summaries, g_hash_table_unref);
  g_clear_pointer (&self->bound, g_hash_table_unref);
  g_clear_pointer (&self->item_columns, g_ptr_array_unref);

  G_OBJECT_CLASS (yz_supplies_page_parent_class)->finalize (object);
}

static void
yz_supplies_page_class_init (YzSuppliesPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = yz_supplies_page_get_property;
  object_class->set_property = yz_supplies_page_set_property;
  object_class->dispose = yz_supplies_page_dispose;
  object_class->finalize = yz_supplies_page_finalize;
  widget_class->map = yz_supplies_page_map;
  widget_class->unmap = yz_supplies_page_unmap;

  /**
   * YzSuppliesPage:session: (nullable)
   *
   * The session whose stations and supplies the page shows; %NULL: no gateway is set up.
   */
  properties[PROP_SESSION] =
      g_param_spec_object ("session", NULL, NULL, YZ_TYPE_SESSION,
                           G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/yz-supplies-page.ui");
  gtk_widget_class_bind_template_child (widget_class, YzSuppliesPage, stack);
  gtk_widget_class_bind_template_child (widget_class, YzSuppliesPage, empty_status);
  gtk_widget_class_bind_template_child (widget_class, YzSuppliesPage, setup_button);
  gtk_widget_class_bind_template_child (widget_class, YzSuppliesPage, district_dropdown);
  gtk_widget_class_bind_template_child (widget_class, YzSuppliesPage, districts);
  gtk_widget_class_bind_template_child (widget_class, YzSuppliesPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, YzSuppliesPage, needing_button);
  gtk_widget_class_bind_template_child (widget_class, YzSuppliesPage, count_label);
  gtk_widget_class_bind_template_child (widget_class, YzSuppliesPage, view);
  gtk_widget_class_bind_template_child (widget_class, YzSuppliesPage, runs_out_column);
  gtk_widget_class_bind_template_child (widget_class, YzSuppliesPage, urgency_sorter);
  gtk_widget_class_bind_template_child (widget_class, YzSuppliesPage, details_stack);
  gtk_widget_class_bind_template_child (widget_class, YzSuppliesPage, detail_title);
  gtk_widget_class_bind_template_child (widget_class, YzSuppliesPage, detail_subtitle);
  gtk_widget_class_bind_template_child (widget_class, YzSuppliesPage, detail_runs_out);
  gtk_widget_class_bind_template_child (widget_class, YzSuppliesPage, detail_list);
  gtk_widget_class_bind_template_callback (widget_class, filter_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, activate_cb);
  gtk_widget_class_bind_template_callback_full (widget_class, "cell_pressed_cb",
                                                G_CALLBACK (yz_supplies_page_cell_pressed_cb));
  gtk_widget_class_bind_template_callback_full (widget_class, "runs_out_setup_cb",
                                                G_CALLBACK (yz_supplies_page_runs_out_setup_cb));
  gtk_widget_class_bind_template_callback_full (widget_class, "runs_out_bind_cb",
                                                G_CALLBACK (yz_supplies_page_runs_out_bind_cb));
  gtk_widget_class_bind_template_callback_full (widget_class, "runs_out_unbind_cb",
                                                G_CALLBACK (yz_supplies_page_runs_out_unbind_cb));

  gtk_widget_class_install_action (widget_class, "supplies.restock", "s", restock_action);
  gtk_widget_class_install_action (widget_class, "supplies.show-station", NULL,
                                   show_station_action);
  gtk_widget_class_install_action (widget_class, "supplies.show-plan", NULL, show_plan_action);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);

  g_type_ensure (YZ_TYPE_STATION);
}

static void
yz_supplies_page_init (YzSuppliesPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->horizon = NEED_HORIZON_DAYS;
  self->summaries = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->bound = g_hash_table_new (NULL, NULL);
  self->item_columns = g_ptr_array_new_with_free_func (g_free);
  self->runs_out.page = self;
  self->runs_out.column = self->runs_out_column;
  self->filter = gtk_custom_filter_new (filter_func, self, NULL);
  gtk_custom_sorter_set_sort_func (self->urgency_sorter, yz_supplies_page_compare_urgency, self,
                                   NULL);
  gtk_string_list_append (self->districts, _("All Districts"));

  /* The session's own changes: logging in sets the role (what may be done changes), and the
   * actions follow the connection. */
  self->session_signals = g_signal_group_new (YZ_TYPE_SESSION);
  g_signal_group_connect_swapped (self->session_signals, "notify::role", G_CALLBACK (update_now),
                                  self);
  g_signal_group_connect_swapped (self->session_signals, "notify::connection-state",
                                  G_CALLBACK (connection_changed_cb), self);
  self->stations_signals = g_signal_group_new (G_TYPE_LIST_MODEL);
  g_signal_group_connect_swapped (self->stations_signals, "items-changed",
                                  G_CALLBACK (stations_changed_cb), self);
  self->stock_signals = g_signal_group_new (G_TYPE_LIST_MODEL);
  g_signal_group_connect (self->stock_signals, "items-changed", G_CALLBACK (stock_items_changed_cb),
                          self);

  for (guint i = 0; i < G_N_ELEMENTS (known_items); i++)
    yz_supplies_page_add_item_column (self, known_items[i], yz_label_stock_item (known_items[i]));
  for (guint i = 0; i < self->item_columns->len; i++)
    gtk_column_view_column_set_visible (
        ((SupplyColumn *)g_ptr_array_index (self->item_columns, i))->column, FALSE);
  /* The most urgent first. */
  gtk_column_view_sort_by_column (self->view, self->runs_out_column, GTK_SORT_ASCENDING);

  yz_supplies_page_show_details (self, NULL);
  update_count (self);
}

/* ---- public ---- */

GtkWidget *
yz_supplies_page_new (void)
{
  return g_object_new (YZ_TYPE_SUPPLIES_PAGE, NULL);
}

/**
 * yz_supplies_page_get_session:
 *
 * Returns: (transfer none) (nullable): the session the page shows
 */
YzSession *
yz_supplies_page_get_session (YzSuppliesPage *self)
{
  g_return_val_if_fail (YZ_IS_SUPPLIES_PAGE (self), NULL);
  return self->session;
}

void
yz_supplies_page_set_session (YzSuppliesPage *self, YzSession *session)
{
  g_return_if_fail (YZ_IS_SUPPLIES_PAGE (self));
  g_return_if_fail (session == NULL || YZ_IS_SESSION (session));

  if (self->session == session)
    return;
  gtk_column_view_set_model (self->view, NULL);
  g_signal_group_set_target (self->session_signals, NULL);
  g_signal_group_set_target (self->stations_signals, NULL);
  g_signal_group_set_target (self->stock_signals, NULL);
  watch_stock_items (self, NULL);
  g_clear_object (&self->selection);
  g_clear_object (&self->sorted);
  g_clear_object (&self->filtered);
  g_clear_pointer (&self->rates, g_hash_table_unref);
  g_hash_table_remove_all (self->summaries);
  g_set_object (&self->session, session);
  yz_supplies_page_show_details (self, NULL);
  if (session == NULL)
    {
      update_count (self);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);
      return;
    }

  self->filtered = gtk_filter_list_model_new (g_object_ref (yz_session_get_stations (session)),
                                              g_object_ref (GTK_FILTER (self->filter)));
  self->sorted = gtk_sort_list_model_new (g_object_ref (G_LIST_MODEL (self->filtered)),
                                          g_object_ref (gtk_column_view_get_sorter (self->view)));
  self->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->sorted)));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
  gtk_column_view_set_model (self->view, GTK_SELECTION_MODEL (self->selection));
  g_signal_connect_object (self->selection, "notify::selected-item",
                           G_CALLBACK (selection_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->selection, "items-changed", G_CALLBACK (items_changed_cb), self,
                           G_CONNECT_SWAPPED);

  watch_stock_items (self, yz_session_get_stock (session));
  g_signal_group_set_target (self->stock_signals, yz_session_get_stock (session));
  g_signal_group_set_target (self->stations_signals, yz_session_get_stations (session));
  g_signal_group_set_target (self->session_signals, session);

  refresh_districts (self);
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    yz_supplies_page_refresh_forecast (self);
  else
    update_now (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);
}

GtkColumnView *
yz_supplies_page_get_view (YzSuppliesPage *self)
{
  g_return_val_if_fail (YZ_IS_SUPPLIES_PAGE (self), NULL);
  return self->view;
}

/**
 * yz_supplies_page_get_model:
 *
 * Returns: (transfer none) (nullable): the stations as listed (filtered and sorted)
 */
GListModel *
yz_supplies_page_get_model (YzSuppliesPage *self)
{
  g_return_val_if_fail (YZ_IS_SUPPLIES_PAGE (self), NULL);
  return self->selection ? G_LIST_MODEL (self->selection) : NULL;
}

/**
 * yz_supplies_page_set_filter:
 * @district: (nullable): only this district's stations; %NULL: every district
 * @text: (nullable): part of the station's name
 */
void
yz_supplies_page_set_filter (YzSuppliesPage *self, const char *district, const char *text,
                             gboolean only_needing)
{
  guint selected = 0;

  g_return_if_fail (YZ_IS_SUPPLIES_PAGE (self));

  for (guint i = 1;
       district != NULL && i < g_list_model_get_n_items (G_LIST_MODEL (self->districts)); i++)
    if (g_str_equal (gtk_string_list_get_string (self->districts, i), district))
      selected = i;
  gtk_drop_down_set_selected (self->district_dropdown, selected);
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), text ? text : "");
  gtk_toggle_button_set_active (self->needing_button, only_needing);
  filter_changed_cb (self);
}

/* Selects the station with @station_id if it is listed. */
void
yz_supplies_page_select (YzSuppliesPage *self, const char *station_id)
{
  GListModel *model;

  g_return_if_fail (YZ_IS_SUPPLIES_PAGE (self));

  model = yz_supplies_page_get_model (self);
  for (guint i = 0; model != NULL && i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(YzStation) station = g_list_model_get_item (model, i);

      if (g_strcmp0 (yz_station_get_id (station), station_id) == 0)
        {
          gtk_single_selection_set_selected (self->selection, i);
          return;
        }
    }
}

void
yz_supplies_page_get_summary (YzSuppliesPage *self, YzStation *station, YzSupplySummary *out)
{
  g_return_if_fail (YZ_IS_SUPPLIES_PAGE (self));
  g_return_if_fail (YZ_IS_STATION (station));

  *out = *yz_supplies_page_lookup_summary (self, station);
}

/* Reads the recent consumption again (the page does so when shown and every 10 minutes). */
void
yz_supplies_page_refresh_forecast (YzSuppliesPage *self)
{
  g_autoptr(GTimeZone) tz = NULL;
  g_autoptr(GError) error = NULL;
  GHashTable *rates;
  YzStore *store;

  g_return_if_fail (YZ_IS_SUPPLIES_PAGE (self));

  if (self->session == NULL)
    return;
  store = yz_session_get_store (self->session);
  if (store != NULL)
    {
      tz = g_time_zone_new_local ();
      rates =
          yz_stats_consumption_rates (store, tz, g_get_real_time () / 1000, FORECAST_DAYS, &error);
      if (rates == NULL)
        g_warning ("No consumption rates, so no forecast: %s", error->message);
      g_clear_pointer (&self->rates, g_hash_table_unref);
      self->rates = rates;
    }
  update_now (self);
}

void
yz_supplies_page_set_plan_horizon (YzSuppliesPage *self, guint days)
{
  g_return_if_fail (YZ_IS_SUPPLIES_PAGE (self));
  g_return_if_fail (days > 0);

  if (self->horizon == days)
    return;
  self->horizon = days;
  if (self->plan_window != NULL)
    yz_restock_list_window_refresh (self->plan_window);
}

guint
yz_supplies_page_get_plan_horizon (YzSuppliesPage *self)
{
  g_return_val_if_fail (YZ_IS_SUPPLIES_PAGE (self), 0);
  return self->horizon;
}

/**
 * yz_supplies_page_get_plan:
 *
 * The restock list as it stands: the page's district (or every one) and horizon.
 *
 * Returns: (transfer container) (element-type YzSupplyLine): the plan
 */
GPtrArray *
yz_supplies_page_get_plan (YzSuppliesPage *self)
{
  g_return_val_if_fail (YZ_IS_SUPPLIES_PAGE (self), NULL);

  if (self->session == NULL)
    return g_ptr_array_new_with_free_func ((GDestroyNotify)yz_supply_line_free);
  return yz_supplies_plan (yz_session_get_stock (self->session),
                           yz_session_get_stations (self->session), self->rates, self->horizon,
                           current_district (self));
}

/**
 * yz_supplies_page_show_plan:
 *
 * Opens the restock list (or brings it to the front).
 *
 * Returns: (transfer none): its window
 */
GtkWindow *
yz_supplies_page_show_plan (YzSuppliesPage *self)
{
  g_return_val_if_fail (YZ_IS_SUPPLIES_PAGE (self), NULL);

  if (self->plan_window == NULL)
    {
      self->plan_window = yz_restock_list_window_new (self);
      g_object_add_weak_pointer (G_OBJECT (self->plan_window), (gpointer *)&self->plan_window);
    }
  gtk_window_present (GTK_WINDOW (self->plan_window));
  return GTK_WINDOW (self->plan_window);
}

/* The restock list as CSV (yz_supplies_plan_to_csv: RFC 4180, UTF-8). */
gboolean
yz_supplies_page_export_plan_csv (YzSuppliesPage *self, const char *path, GError **error)
{
  g_autoptr(GPtrArray) plan = NULL;

  g_return_val_if_fail (YZ_IS_SUPPLIES_PAGE (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  plan = yz_supplies_page_get_plan (self);
  return yz_supplies_plan_save_csv (plan, path, error);
}

/* The restock list as it prints, into a PDF file (GtkPrintOperation's export). */
gboolean
yz_supplies_page_export_plan_pdf (YzSuppliesPage *self, const char *path, GError **error)
{
  g_autoptr(GPtrArray) plan = NULL;
  g_autoptr(GtkPrintOperation) operation = NULL;

  g_return_val_if_fail (YZ_IS_SUPPLIES_PAGE (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  plan = yz_supplies_page_get_plan (self);
  operation = yz_restock_list_print_new (plan, current_district (self), self->horizon);
  gtk_print_operation_set_export_filename (operation, path);
  return gtk_print_operation_run (operation, GTK_PRINT_OPERATION_ACTION_EXPORT, NULL, error) !=
         GTK_PRINT_OPERATION_RESULT_ERROR;
}

/**
 * yz_supplies_page_open_restock_dialog:
 * @stock: the item to start with; the dialog offers the station's other items too
 *
 * Returns: (transfer none): the dialog (a #YzRestockDialog, an AdwMessageDialog: responses
 *   "restock", "threshold", "cancel")
 */
GtkWindow *
yz_supplies_page_open_restock_dialog (YzSuppliesPage *self, YzStock *stock)
{
  GtkRoot *root;

  g_return_val_if_fail (YZ_IS_SUPPLIES_PAGE (self), NULL);
  g_return_val_if_fail (YZ_IS_STOCK (stock), NULL);
  g_return_val_if_fail (self->session != NULL, NULL);

  root = gtk_widget_get_root (GTK_WIDGET (self));
  return yz_supplies_page_open_restock (self, stock,
                                        GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL);
}
