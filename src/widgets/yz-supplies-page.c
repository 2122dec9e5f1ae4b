/* yz-supplies-page.c
 *
 * The supplies of every station for the duty officer and whoever drives the van: a table of
 * stations (the soonest to run out first) with one column per item — a level bar, "36/48",
 * and low or empty items marked by an icon and bold text as well as by colour — filtered by
 * district, name and "needs supplies". The selected station's items beside it. A delivery
 * (and, for supervisors, an item's low threshold) is recorded through the session, which
 * audits it. The restock list is the van's list: what to bring where within a horizon, by
 * district, to export as CSV or print.
 *
 * The forecast is the consumption of the last 14 days (yz_stats_consumption_rates), read
 * when the page is shown and every 10 minutes while it is.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "yz-supplies-page"

#include "config.h"

#include <math.h>
#include <string.h>

#include <adwaita.h>
#include <glib/gi18n.h>

#include "yz-labels.h"
#include "yz-stats.h"
#include "yz-supplies.h"
#include "yz-supplies-page.h"

#define FORECAST_DAYS       14
#define FORECAST_REFRESH_S  (10 * 60)
#define NEED_HORIZON_DAYS   2        /* "needs supplies": what the default restock list holds */
#define UPDATE_DELAY_MS     300      /* stock changes arrive in bursts: re-sort once for all */
#define NOTE_MAX_CHARS      200
#define PRINT_FONT          "Noto Sans CJK SC"

typedef enum {
  COLUMN_STATION,
  COLUMN_RUNS_OUT,
  COLUMN_ITEM,
} ColumnKind;

struct _YzSuppliesPage
{
  GtkWidget           parent_instance;

  GtkStack           *stack;
  AdwStatusPage      *empty_status;
  GtkWidget          *setup_button;
  GtkDropDown        *district_dropdown;
  GtkStringList      *districts;      /* [0] is "All Districts" */
  GtkSearchEntry     *search_entry;
  GtkToggleButton    *needing_button;
  GtkLabel           *count_label;
  GtkColumnView      *view;
  GtkStack           *details_stack;
  GtkLabel           *detail_title;
  GtkLabel           *detail_subtitle;
  GtkLabel           *detail_runs_out;
  GtkListBox         *detail_list;

  YzSession          *session;
  GtkCustomFilter    *filter;
  GtkFilterListModel *filtered;
  GtkSortListModel   *sorted;
  GtkSingleSelection *selection;
  GtkColumnViewColumn *runs_out_column;
  GPtrArray          *item_columns;   /* GtkColumnViewColumn, each with its "item" */
  GHashTable         *summaries;      /* station id -> YzSupplySummary, until the next change */
  GHashTable         *bound;          /* the GtkListItems bound now */
  GHashTable         *rates;          /* stock id -> (double *) per day; nullable */
  YzStation          *shown;
  GCancellable       *cancellable;
  char               *folded_text;
  char               *details_key;    /* what the details show now */
  guint               horizon;        /* of the restock list, in days */
  guint               refresh_id;
  guint               update_id;

  /* The restock list, while it is open. */
  AdwWindow          *plan_window;
  AdwWindowTitle     *plan_title;
  AdwToastOverlay    *plan_toasts;
  GtkBox             *plan_box;
  char               *plan_key;       /* what it shows now */
};

G_DEFINE_FINAL_TYPE (YzSuppliesPage, yz_supplies_page, GTK_TYPE_WIDGET)

/* The items' columns, in this order; an item a newer gateway adds comes after them. */
static const char * const known_items[] = {
  "water", "cold-drink", "ice-cream", "medicine-kit", "mask", "umbrella", "sunscreen", "aed",
};

static const guint horizons[] = { 1, 2, 3, 7 };

static void update_now        (YzSuppliesPage *self);
static const char *not_connected (YzSuppliesPage *self);
static void rebuild_plan_view (YzSuppliesPage *self);
static GtkWindow *open_restock (YzSuppliesPage *self,
                                YzStock        *stock,
                                GtkWindow      *parent);

/* ---- plain functions ---- */

static gboolean
is_aed (YzStock *stock)
{
  return g_strcmp0 (yz_stock_get_item (stock), "aed") == 0;
}

static double
rate_of (GHashTable *rates,
         YzStock    *stock)
{
  double *rate = rates ? g_hash_table_lookup (rates, yz_stock_get_id (stock)) : NULL;

  return rate ? *rate : 0;
}

/**
 * yz_supplies_page_summarize:
 * @stock: (element-type YzStock): one station's items
 * @rates: (nullable): stock id -> (double *) consumed per day
 *
 * What the table shows for a station, from values alone (for tests).
 */
void
yz_supplies_page_summarize (GListModel      *stock,
                            GHashTable      *rates,
                            guint            horizon_days,
                            YzSupplySummary *out)
{
  out->days_left = G_MAXDOUBLE;
  out->fill = 1;
  out->n_low = 0;
  out->n_empty = 0;
  out->needs = FALSE;

  for (guint i = 0; stock != NULL && i < g_list_model_get_n_items (stock); i++)
    {
      g_autoptr(YzStock) item = g_list_model_get_item (stock, i);
      gint64 level = yz_stock_get_level (item);
      gint64 capacity = yz_stock_get_capacity (item);
      double days = yz_supplies_days_left (level, rate_of (rates, item));
      gboolean low = yz_stock_get_low (item);

      if (low)
        out->n_low++;
      /* The restock plan's rule, so that the toggle and the list agree. */
      if (level <= 0 || low || days <= horizon_days)
        out->needs = TRUE;
      if (is_aed (item))
        {
          /* It does not run out; needing service is as urgent as being empty. */
          if (low)
            out->fill = 0;
          continue;
        }
      if (level <= 0)
        out->n_empty++;
      out->days_left = MIN (out->days_left, days);
      if (capacity > 0)
        out->fill = MIN (out->fill, CLAMP ((double)level / capacity, 0, 1));
    }
}

/**
 * yz_supplies_page_format_days_left:
 *
 * Returns: (transfer full): "Empty", "< 1 day", "2 days", … or "—" when nothing is being
 *   used up
 */
char *
yz_supplies_page_format_days_left (double days_left)
{
  guint days;

  if (days_left >= G_MAXDOUBLE || isnan (days_left))
    return g_strdup ("—");
  if (days_left <= 0)
    return g_strdup (_("Empty"));
  if (days_left < 1)
    return g_strdup (_("< 1 day"));
  if (days_left >= 31)
    return g_strdup (_("Over a month"));
  days = (guint)floor (days_left);
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u day", "%u days", days), days);
}

/* ---- helpers ---- */

static YzStock *
find_stock (YzStation  *station,
            const char *item)
{
  GListModel *stock = yz_station_get_stock (station);

  for (guint i = 0; stock != NULL && i < g_list_model_get_n_items (stock); i++)
    {
      g_autoptr(YzStock) found = g_list_model_get_item (stock, i);

      if (g_strcmp0 (yz_stock_get_item (found), item) == 0)
        return found;   /* the station's model keeps it */
    }
  return NULL;
}

/* The item to restock first: the soonest empty, then the emptiest; the AED last. */
static YzStock *
most_urgent_stock (YzSuppliesPage *self,
                   YzStation      *station)
{
  GListModel *stock = yz_station_get_stock (station);
  YzStock *best = NULL;
  double best_days = 0, best_fill = 0;

  for (guint i = 0; stock != NULL && i < g_list_model_get_n_items (stock); i++)
    {
      g_autoptr(YzStock) item = g_list_model_get_item (stock, i);
      double days = yz_supplies_days_left (yz_stock_get_level (item), rate_of (self->rates, item));
      double fill = (double)yz_stock_get_level (item) / MAX (1, yz_stock_get_capacity (item));

      if (is_aed (item))
        continue;
      if (best == NULL || days < best_days || (days == best_days && fill < best_fill))
        {
          best = item;
          best_days = days;
          best_fill = fill;
        }
    }
  if (best == NULL && stock != NULL && g_list_model_get_n_items (stock) > 0)
    {
      g_autoptr(YzStock) first = g_list_model_get_item (stock, 0);

      best = first;
    }
  return best;
}

static const YzSupplySummary *
get_summary (YzSuppliesPage *self,
             YzStation      *station)
{
  YzSupplySummary *summary = g_hash_table_lookup (self->summaries, yz_station_get_id (station));

  if (summary == NULL)
    {
      summary = g_new0 (YzSupplySummary, 1);
      yz_supplies_page_summarize (yz_station_get_stock (station), self->rates, NEED_HORIZON_DAYS, summary);
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

static char *
format_level (YzStock *stock)
{
  const char *unit = yz_stock_get_unit (stock);

  if (is_aed (stock))
    return g_strdup (yz_stock_get_level (stock) > 0 ? _("Ready") : _("Needs service"));
  return g_strdup_printf ("%" G_GINT64_FORMAT "/%" G_GINT64_FORMAT "%s%s", yz_stock_get_level (stock),
                          yz_stock_get_capacity (stock), unit && unit[0] ? " " : "", unit ? unit : "");
}

/* What one item's state is in words: never colour alone. */
static char *
describe_stock (GHashTable *rates,
                YzStock    *stock)
{
  double rate = rate_of (rates, stock);
  gint64 level = yz_stock_get_level (stock);
  g_autofree char *days = yz_supplies_page_format_days_left (yz_supplies_days_left (level, rate));
  const char *unit = yz_stock_get_unit (stock) ? yz_stock_get_unit (stock) : "";
  g_autofree char *amount = NULL;
  const char *state;

  if (is_aed (stock))
    return g_strdup (level > 0 ? _("Ready") : _("Needs service"));

  /* TRANSLATORS: stock level, capacity and unit, e.g. "36 of 48 瓶" */
  amount = g_strdup_printf (_("%d of %d %s"), (int)CLAMP (level, G_MININT, G_MAXINT),
                            (int)MIN (yz_stock_get_capacity (stock), G_MAXINT), unit);
  if (level <= 0)
    state = _("Empty");
  else if (yz_stock_get_low (stock))
    state = C_("stock", "Low");
  else
    state = NULL;

  if (rate <= 0)
    return state ? g_strdup_printf ("%s · %s", amount, state) : g_steal_pointer (&amount);
  if (level <= 0)
    return g_strdup_printf ("%s · %s", amount, state);
  /* TRANSLATORS: e.g. "8 of 48 瓶 · Low · runs out: < 1 day" */
  return state ? g_strdup_printf (_("%s · %s · runs out: %s"), amount, state, days)
               : g_strdup_printf (_("%s · runs out: %s"), amount, days);
}

static void
set_state_classes (GtkWidget  *widget,
                   const char *state)
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
static void
set_level_bar (GtkLevelBar *bar,
               YzStock     *stock)
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

/* What a station's details or the restock list show, in one string: rebuilt only when it
 * changes, so that focus and hover survive the gateway's steady trickle of levels. */
static void
key_add_stock (GString    *key,
               GHashTable *rates,
               YzStock    *stock)
{
  g_string_append_printf (key, "%s:%" G_GINT64_FORMAT ":%" G_GINT64_FORMAT ":%" G_GINT64_FORMAT ":%.3f;",
                          yz_stock_get_id (stock), yz_stock_get_level (stock), yz_stock_get_capacity (stock),
                          yz_stock_get_low_threshold (stock), rate_of (rates, stock));
}

static gboolean
key_changed (char    **stored,
             GString  *key)
{
  if (g_strcmp0 (*stored, key->str) == 0)
    return FALSE;
  g_free (*stored);
  *stored = g_strdup (key->str);
  return TRUE;
}

/* Station names and units come from the gateway: text, not markup. */
static GtkWidget *
plain_row (GtkWidget *row)
{
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  return row;
}

static void
toast (YzSuppliesPage *self,
       const char     *message)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);

  if (overlay != NULL)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), adw_toast_new (message));
  else
    g_message ("%s", message);
}

/* Why a delivery or a threshold cannot be recorded now, or NULL. Nothing is queued while
 * disconnected: the actions are off and say why. (A role that may not restock is shown
 * no restock buttons at all.) */
static const char *
not_connected (YzSuppliesPage *self)
{
  if (self->session != NULL && yz_session_get_connection_state (self->session) != YZ_CONNECTION_CONNECTED)
    return _("Not connected to the gateway");
  return NULL;
}

/**
 * yz_supplies_page_describe_empty:
 * @has_session: a gateway is set up
 * @connected: the session is connected to it
 *
 * What the page says when it has no supply levels to show: no gateway set up (and a way to
 * set one up); not connected, with nothing stored; or connected, and the gateway lists no
 * supplies.
 */
void
yz_supplies_page_describe_empty (gboolean     has_session,
                                 gboolean     connected,
                                 const char **title,
                                 const char **description,
                                 gboolean    *offer_setup)
{
  *offer_setup = !has_session;
  if (!has_session)
    {
      *title = _("No Gateway Is Set Up");
      *description = _("Drinking water, cold drinks, ice cream, medicine kits and the other supplies of "
                       "every station are shown here, the ones running low first, once the console is "
                       "connected to a gateway. Set one up in Preferences, or start the console with "
                       "--demo to watch the built-in simulator.");
    }
  else if (!connected)
    {
      *title = _("Not Connected");
      *description = _("The console is not connected to the gateway and has no supply levels stored. "
                       "They are shown here when the connection is back.");
    }
  else
    {
      *title = _("No Supplies Listed");
      *description = _("The gateway lists no supplies at any station.");
    }
}

static void
plan_toast (YzSuppliesPage *self,
            const char     *message)
{
  if (self->plan_toasts != NULL)
    adw_toast_overlay_add_toast (self->plan_toasts, adw_toast_new (message));
  else
    toast (self, message);
}

/* ---- filter and count ---- */

static gboolean
filter_func (gpointer item,
             gpointer user_data)
{
  YzSuppliesPage *self = user_data;
  YzStation *station = item;
  const char *district = current_district (self);

  if (district != NULL && g_strcmp0 (district, yz_station_get_district (station)) != 0)
    return FALSE;
  if (gtk_toggle_button_get_active (self->needing_button) && !get_summary (self, station)->needs)
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
  g_autofree char *count = NULL;
  g_autofree char *needs = NULL;
  g_autofree char *text = NULL;

  gtk_stack_set_visible_child_name (self->stack, self->session != NULL &&
                                    g_list_model_get_n_items (yz_session_get_stock (self->session)) > 0
                                    ? "table" : "empty");
  {
    const char *title, *description;
    gboolean offer_setup;

    yz_supplies_page_describe_empty (self->session != NULL, not_connected (self) == NULL,
                                     &title, &description, &offer_setup);
    adw_status_page_set_title (self->empty_status, title);
    adw_status_page_set_description (self->empty_status, description);
    gtk_widget_set_visible (self->setup_button, offer_setup);
  }

  for (guint i = 0; i < total; i++)
    {
      g_autoptr(YzStation) station = g_list_model_get_item (stations, i);

      needing += get_summary (self, station)->needs;
    }
  if (listed == total)
    count = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u station", "%u stations", total), total);
  else
    /* TRANSLATORS: stations listed of all stations */
    count = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u of %u station", "%u of %u stations", total),
                             listed, total);
  needs = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u needs supplies", "%u need supplies", needing),
                           needing);
  text = g_strdup_printf ("%s · %s", count, needs);
  gtk_label_set_text (self->count_label, text);
}

static void
filter_changed_cb (YzSuppliesPage *self)
{
  g_free (self->folded_text);
  self->folded_text = g_utf8_casefold (gtk_editable_get_text (GTK_EDITABLE (self->search_entry)), -1);
  if (self->filter != NULL)
    gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
  update_count (self);
  if (self->plan_window != NULL)
    rebuild_plan_view (self);
}

static int
collate_indirect (gconstpointer a,
                  gconstpointer b)
{
  return g_utf8_collate (*(const char * const *)a, *(const char * const *)b);
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
    same = g_str_equal (gtk_string_list_get_string (self->districts, i + 1), g_ptr_array_index (names, i));
  if (same)
    return;

  g_ptr_array_add (names, NULL);
  gtk_string_list_splice (self->districts, 1, n - 1, (const char * const *)names->pdata);
  gtk_drop_down_set_selected (self->district_dropdown, 0);
  for (guint i = 0; selected != NULL && names->pdata[i] != NULL; i++)
    if (g_str_equal (names->pdata[i], selected))
      gtk_drop_down_set_selected (self->district_dropdown, i + 1);
}

/* ---- cells ---- */

static void
update_station_cell (GtkWidget *box,
                     YzStation *station)
{
  GtkWidget *name = gtk_widget_get_first_child (box);
  GtkWidget *district = gtk_widget_get_next_sibling (name);

  gtk_label_set_text (GTK_LABEL (name), yz_station_get_name (station));
  gtk_label_set_text (GTK_LABEL (district),
                      yz_station_get_district (station) ? yz_station_get_district (station) : "");
  gtk_widget_set_tooltip_text (box, yz_station_get_address (station));
}

static void
update_runs_out_cell (YzSuppliesPage *self,
                      GtkWidget      *box,
                      YzStation      *station)
{
  const YzSupplySummary *summary = get_summary (self, station);
  GtkWidget *image = gtk_widget_get_first_child (box);
  GtkWidget *label = gtk_widget_get_next_sibling (image);
  g_autofree char *text = yz_supplies_page_format_days_left (summary->days_left);
  g_autofree char *tooltip = NULL;
  YzStock *first = most_urgent_stock (self, station);
  const char *state = NULL;

  if (summary->days_left < 1)
    {
      state = "error";
      gtk_image_set_from_icon_name (GTK_IMAGE (image), "dialog-error-symbolic");
    }
  else if (summary->days_left <= NEED_HORIZON_DAYS)
    {
      state = "warning";
      gtk_image_set_from_icon_name (GTK_IMAGE (image), "dialog-warning-symbolic");
    }
  gtk_widget_set_visible (image, state != NULL);
  set_state_classes (box, summary->days_left >= G_MAXDOUBLE ? "dim-label" : state);
  if (state != NULL)
    gtk_widget_add_css_class (label, "heading");
  else
    gtk_widget_remove_css_class (label, "heading");
  gtk_label_set_text (GTK_LABEL (label), text);

  if (summary->days_left >= G_MAXDOUBLE)
    tooltip = g_strdup (_("Nothing here has been used up in the last 14 days"));
  else if (first != NULL)
    {
      g_autofree char *described = describe_stock (self->rates, first);

      /* TRANSLATORS: the item that runs out first, then its state */
      tooltip = g_strdup_printf (_("First to run out: %s, %s"),
                                 yz_label_stock_item (yz_stock_get_item (first)),
                                 described);
    }
  gtk_widget_set_tooltip_text (box, tooltip);
}

static void
update_item_cell (YzSuppliesPage *self,
                  GtkWidget      *box,
                  YzStation      *station,
                  const char     *item)
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

  if (stock == NULL)
    {
      gtk_widget_set_visible (bar, FALSE);
      gtk_widget_set_visible (image, FALSE);
      gtk_label_set_text (GTK_LABEL (label), "—");
      gtk_widget_remove_css_class (label, "heading");
      set_state_classes (line, "dim-label");
      gtk_widget_set_tooltip_text (box, _("This station does not keep it"));
      return;
    }

  text = format_level (stock);
  if (is_aed (stock))
    {
      gtk_widget_set_visible (bar, FALSE);
      state = yz_stock_get_level (stock) > 0 ? "success" : "error";
      icon = yz_stock_get_level (stock) > 0 ? "emblem-ok-symbolic" : "dialog-error-symbolic";
    }
  else
    {
      gtk_widget_set_visible (bar, TRUE);
      set_level_bar (GTK_LEVEL_BAR (bar), stock);
      g_free (text);
      text = g_strdup_printf ("%" G_GINT64_FORMAT "/%" G_GINT64_FORMAT, yz_stock_get_level (stock),
                              yz_stock_get_capacity (stock));
      if (yz_stock_get_level (stock) <= 0)
        state = "error", icon = "dialog-error-symbolic";
      else if (yz_stock_get_low (stock))
        state = "warning", icon = "dialog-warning-symbolic";
      else
        {
          /* Not low yet, but gone soon at the rate it is used: a clock, not a warning sign. */
          double days = yz_supplies_days_left (yz_stock_get_level (stock), rate_of (self->rates, stock));

          if (days <= NEED_HORIZON_DAYS)
            state = days < 1 ? "error" : "warning", icon = "alarm-symbolic";
        }
    }

  if (icon != NULL)
    gtk_image_set_from_icon_name (GTK_IMAGE (image), icon);
  gtk_widget_set_visible (image, icon != NULL);
  set_state_classes (line, state);
  if (state != NULL && !g_str_equal (state, "success"))
    gtk_widget_add_css_class (label, "heading");
  else
    gtk_widget_remove_css_class (label, "heading");
  gtk_label_set_text (GTK_LABEL (label), text);

  {
    g_autofree char *described = describe_stock (self->rates, stock);

    tooltip = g_strdup_printf ("%s: %s", yz_label_stock_item (yz_stock_get_item (stock)), described);
  }
  gtk_widget_set_tooltip_text (box, tooltip);
}

static void
update_cell (YzSuppliesPage *self,
             GtkListItem    *list_item)
{
  YzStation *station = gtk_list_item_get_item (list_item);
  GtkWidget *child = gtk_list_item_get_child (list_item);
  ColumnKind kind = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (list_item), "kind"));

  if (station == NULL || child == NULL)
    return;
  switch (kind)
    {
    case COLUMN_STATION:
      update_station_cell (child, station);
      break;
    case COLUMN_RUNS_OUT:
      update_runs_out_cell (self, child, station);
      break;
    case COLUMN_ITEM:
      update_item_cell (self, child, station, g_object_get_data (G_OBJECT (list_item), "item"));
      break;
    default:
      g_assert_not_reached ();
    }
}

static void
popup_menu (YzSuppliesPage *self,
            double          x,
            double          y)
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
  gtk_popover_set_pointing_to (GTK_POPOVER (popover), &(GdkRectangle) { x, y, 1, 1 });
  gtk_popover_set_has_arrow (GTK_POPOVER (popover), FALSE);
  g_signal_connect (popover, "closed", G_CALLBACK (gtk_widget_unparent), NULL);
  gtk_popover_popup (GTK_POPOVER (popover));
}

/* A right click on any cell: select its row, then the menu. */
static void
cell_pressed_cb (GtkGestureClick *gesture,
                 int              n_press,
                 double           x,
                 double           y,
                 GtkListItem     *list_item)
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
cell_setup_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *list_item,
               gpointer                  user_data)
{
  ColumnKind kind = GPOINTER_TO_INT (user_data);
  GtkGesture *gesture = gtk_gesture_click_new ();
  GtkWidget *child;

  switch (kind)
    {
    case COLUMN_STATION:
      {
        GtkWidget *name = gtk_label_new (NULL);
        GtkWidget *district = gtk_label_new (NULL);

        child = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
        gtk_label_set_xalign (GTK_LABEL (name), 0);
        gtk_label_set_ellipsize (GTK_LABEL (name), PANGO_ELLIPSIZE_END);
        gtk_label_set_xalign (GTK_LABEL (district), 0);
        gtk_label_set_ellipsize (GTK_LABEL (district), PANGO_ELLIPSIZE_END);
        gtk_widget_add_css_class (district, "dim-label");
        gtk_widget_add_css_class (district, "caption");
        gtk_box_append (GTK_BOX (child), name);
        gtk_box_append (GTK_BOX (child), district);
      }
      break;
    case COLUMN_RUNS_OUT:
      child = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
      gtk_box_append (GTK_BOX (child), gtk_image_new ());
      gtk_box_append (GTK_BOX (child), gtk_label_new (NULL));
      gtk_widget_set_valign (child, GTK_ALIGN_CENTER);
      break;
    case COLUMN_ITEM:
      {
        GtkWidget *bar = gtk_level_bar_new ();
        GtkWidget *line = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 4);

        child = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
        gtk_widget_set_valign (child, GTK_ALIGN_CENTER);
        gtk_widget_set_size_request (bar, 64, -1);
        gtk_box_append (GTK_BOX (child), bar);
        gtk_box_append (GTK_BOX (line), gtk_image_new ());
        gtk_box_append (GTK_BOX (line), gtk_label_new (NULL));
        gtk_box_append (GTK_BOX (child), line);
      }
      break;
    default:
      g_assert_not_reached ();
    }

  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (gesture), GDK_BUTTON_SECONDARY);
  g_signal_connect (gesture, "pressed", G_CALLBACK (cell_pressed_cb), list_item);
  gtk_widget_add_controller (child, GTK_EVENT_CONTROLLER (gesture));
  gtk_list_item_set_child (list_item, child);
}

static void
cell_bind_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *list_item,
              gpointer                  user_data)
{
  YzSuppliesPage *self = g_object_get_data (G_OBJECT (factory), "page");

  g_object_set_data (G_OBJECT (list_item), "kind", user_data);
  g_object_set_data (G_OBJECT (list_item), "item", g_object_get_data (G_OBJECT (factory), "item"));
  if (self->bound != NULL)
    g_hash_table_add (self->bound, list_item);
  update_cell (self, list_item);
}

static void
cell_unbind_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *list_item,
                gpointer                  user_data)
{
  YzSuppliesPage *self = g_object_get_data (G_OBJECT (factory), "page");

  if (self->bound != NULL)
    g_hash_table_remove (self->bound, list_item);
}

/* ---- sorting ---- */

static int
compare_urgency (gconstpointer a,
                 gconstpointer b,
                 gpointer      user_data)
{
  YzSuppliesPage *self = user_data;
  const YzSupplySummary *x = get_summary (self, (YzStation *)a);
  const YzSupplySummary *y = get_summary (self, (YzStation *)b);

  if (x->days_left != y->days_left)
    return x->days_left < y->days_left ? -1 : 1;
  if (x->fill != y->fill)
    return x->fill < y->fill ? -1 : 1;
  return g_utf8_collate (yz_station_get_name ((YzStation *)a), yz_station_get_name ((YzStation *)b));
}

static int
compare_name (gconstpointer a,
              gconstpointer b,
              gpointer      user_data)
{
  return g_utf8_collate (yz_station_get_name ((YzStation *)a), yz_station_get_name ((YzStation *)b));
}

static double
item_fill (YzStation  *station,
           const char *item)
{
  YzStock *stock = find_stock (station, item);

  if (stock == NULL)
    return 2;   /* not kept: after every station that keeps it */
  return (double)yz_stock_get_level (stock) / MAX (1, yz_stock_get_capacity (stock));
}

static int
compare_item (gconstpointer a,
              gconstpointer b,
              gpointer      user_data)
{
  double x = item_fill ((YzStation *)a, user_data), y = item_fill ((YzStation *)b, user_data);

  return (x > y) - (x < y);
}

static GtkColumnViewColumn *
add_column (YzSuppliesPage *self,
            ColumnKind      kind,
            const char     *item,
            const char     *title,
            GtkSorter      *sorter,
            int             fixed_width)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  GtkColumnViewColumn *column;

  g_object_set_data (G_OBJECT (factory), "page", self);
  g_object_set_data (G_OBJECT (factory), "item", (gpointer)item);
  g_signal_connect (factory, "setup", G_CALLBACK (cell_setup_cb), GINT_TO_POINTER (kind));
  g_signal_connect (factory, "bind", G_CALLBACK (cell_bind_cb), GINT_TO_POINTER (kind));
  g_signal_connect (factory, "unbind", G_CALLBACK (cell_unbind_cb), GINT_TO_POINTER (kind));
  column = gtk_column_view_column_new (title, factory);
  gtk_column_view_column_set_sorter (column, sorter);
  gtk_column_view_column_set_resizable (column, TRUE);
  /* 0: takes the room left; -1: as wide as its header and cells. */
  if (fixed_width > 0)
    gtk_column_view_column_set_fixed_width (column, fixed_width);
  else if (fixed_width == 0)
    gtk_column_view_column_set_expand (column, TRUE);
  gtk_column_view_append_column (self->view, column);
  g_object_unref (column);
  g_object_unref (sorter);

  return column;
}

static GtkColumnViewColumn *
item_column (YzSuppliesPage *self,
             const char     *item)
{
  for (guint i = 0; i < self->item_columns->len; i++)
    {
      GtkColumnViewColumn *column = g_ptr_array_index (self->item_columns, i);

      if (g_strcmp0 (g_object_get_data (G_OBJECT (column), "item"), item) == 0)
        return column;
    }
  return NULL;
}

static void
add_item_column (YzSuppliesPage *self,
                 const char     *item,
                 const char     *title)
{
  const char *interned = g_intern_string (item);
  GtkColumnViewColumn *column;

  column = add_column (self, COLUMN_ITEM, interned, title,
                       GTK_SORTER (gtk_custom_sorter_new (compare_item, (gpointer)interned, NULL)), -1);
  g_object_set_data (G_OBJECT (column), "item", (gpointer)interned);
  g_ptr_array_add (self->item_columns, column);
}

/* One column per item some station keeps; a newer gateway's item gets one too. */
static void
update_item_columns (YzSuppliesPage *self)
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
        add_item_column (self, name, yz_stock_get_name (item) ? yz_stock_get_name (item) : name);
    }
  for (guint i = 0; i < self->item_columns->len; i++)
    {
      GtkColumnViewColumn *column = g_ptr_array_index (self->item_columns, i);

      const char *item = g_object_get_data (G_OBJECT (column), "item");

      gtk_column_view_column_set_visible (column, g_hash_table_contains (present, item));
    }
}

/* ---- details ---- */

static void
update_actions (YzSuppliesPage *self)
{
  gboolean may = self->session != NULL && yz_session_get_role (self->session) >= YZ_ROLE_OPERATOR;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "supplies.restock",
                                 may && self->shown != NULL && not_connected (self) == NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "supplies.show-station", self->shown != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "supplies.show-plan", self->session != NULL);
}

static GtkWidget *
create_detail_row (YzSuppliesPage *self,
                   YzStock        *stock,
                   gboolean        may)
{
  GtkWidget *row = plain_row (adw_action_row_new ());
  g_autofree char *subtitle = describe_stock (self->rates, stock);
  const char *icon = NULL;

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), yz_label_stock_item (yz_stock_get_item (stock)));
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
  if (!is_aed (stock))
    {
      GtkWidget *bar = gtk_level_bar_new ();

      gtk_widget_set_valign (bar, GTK_ALIGN_CENTER);
      gtk_widget_set_size_request (bar, 80, -1);
      set_level_bar (GTK_LEVEL_BAR (bar), stock);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), bar);
    }
  if (may && !is_aed (stock))
    {
      GtkWidget *button = gtk_button_new_from_icon_name ("list-add-symbolic");
      const char *item = yz_label_stock_item (yz_stock_get_item (stock));
      g_autofree char *tooltip = g_strdup_printf (_("Restock %s…"), item);

      gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (button, "flat");
      gtk_widget_set_tooltip_text (button, not_connected (self) ? not_connected (self) : tooltip);
      gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, tooltip, -1);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "supplies.restock");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", yz_stock_get_id (stock));
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
    }
  return row;
}

static void
show_details (YzSuppliesPage *self,
              YzStation      *station)
{
  GtkWidget *row;
  gboolean may = self->session != NULL && yz_session_get_role (self->session) >= YZ_ROLE_OPERATOR;

  g_autoptr(GString) key = g_string_new (NULL);

  g_set_object (&self->shown, station);
  update_actions (self);
  gtk_stack_set_visible_child_name (self->details_stack, station != NULL ? "station" : "none");
  if (station != NULL)
    {
      GListModel *stock = yz_station_get_stock (station);

      g_string_append_printf (key, "%s|%d|%d|%s|%s|", yz_station_get_id (station), may,
                              not_connected (self) == NULL,
                              yz_station_get_name (station),
                              yz_station_get_address (station));
      for (guint i = 0; i < g_list_model_get_n_items (stock); i++)
        {
          g_autoptr(YzStock) item = g_list_model_get_item (stock, i);

          key_add_stock (key, self->rates, item);
        }
    }
  if (!key_changed (&self->details_key, key))
    return;
  while ((row = gtk_widget_get_first_child (GTK_WIDGET (self->detail_list))) != NULL)
    gtk_list_box_remove (self->detail_list, row);
  if (station == NULL)
    return;

  gtk_label_set_text (self->detail_title, yz_station_get_name (station));
  {
    const char *district = yz_station_get_district (station);
    const char *address = yz_station_get_address (station);
    g_autofree char *subtitle = g_strdup_printf ("%s%s%s", district ? district : "",
                                                 district && address ? " · " : "", address ? address : "");

    gtk_label_set_text (self->detail_subtitle, subtitle);
  }
  {
    const YzSupplySummary *summary = get_summary (self, station);
    YzStock *first = most_urgent_stock (self, station);
    g_autofree char *text = NULL;

    if (summary->days_left >= G_MAXDOUBLE || first == NULL)
      text = g_strdup (summary->n_low > 0 ? _("Some items are low; none is being used up quickly")
                                          : _("Nothing is running out"));
    else
      {
        g_autofree char *days = yz_supplies_page_format_days_left (summary->days_left);

        /* TRANSLATORS: "Runs out first: Water, < 1 day" */
        text = g_strdup_printf (_("Runs out first: %s, %s"), yz_label_stock_item (yz_stock_get_item (first)),
                                days);
      }
    gtk_label_set_text (self->detail_runs_out, text);
    set_state_classes (GTK_WIDGET (self->detail_runs_out),
                       summary->days_left < 1 ? "error" : summary->needs ? "warning" : NULL);
  }

  for (guint i = 0; i < g_list_model_get_n_items (yz_station_get_stock (station)); i++)
    {
      g_autoptr(YzStock) stock = g_list_model_get_item (yz_station_get_stock (station), i);

      gtk_list_box_append (self->detail_list, create_detail_row (self, stock, may));
    }
}

static void
selection_changed_cb (YzSuppliesPage *self)
{
  show_details (self, self->selection ? gtk_single_selection_get_selected_item (self->selection) : NULL);
}

/* ---- keeping up with the session ---- */

static void
update_now (YzSuppliesPage *self)
{
  GHashTableIter iter;
  gpointer list_item;

  g_clear_handle_id (&self->update_id, g_source_remove);
  if (self->view == NULL)
    return;   /* disposed */
  g_hash_table_remove_all (self->summaries);
  if (self->session == NULL)
    {
      update_count (self);
      return;
    }
  update_item_columns (self);
  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
  gtk_sorter_changed (gtk_column_view_get_sorter (self->view), GTK_SORTER_CHANGE_DIFFERENT);
  g_hash_table_iter_init (&iter, self->bound);
  while (g_hash_table_iter_next (&iter, &list_item, NULL))
    update_cell (self, list_item);
  update_count (self);
  if (self->shown != NULL)
    show_details (self, self->shown);
  if (self->plan_window != NULL)
    rebuild_plan_view (self);
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
stock_notify_cb (YzStock        *stock,
                 GParamSpec     *pspec,
                 YzSuppliesPage *self)
{
  schedule_update (self);
}

static void
stock_items_changed_cb (GListModel     *model,
                        guint           position,
                        guint           removed,
                        guint           added,
                        YzSuppliesPage *self)
{
  for (guint i = position; i < position + added; i++)
    {
      g_autoptr(YzStock) stock = g_list_model_get_item (model, i);

      g_signal_connect_object (stock, "notify", G_CALLBACK (stock_notify_cb), self, 0);
    }
  schedule_update (self);
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
  update_actions (self);
  if (self->shown != NULL)
    show_details (self, self->shown);
  if (self->plan_window != NULL)
    rebuild_plan_view (self);
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
activate_cb (GtkColumnView  *view,
             guint           position,
             YzSuppliesPage *self)
{
  gtk_single_selection_set_selected (self->selection, position);
  gtk_widget_activate_action (GTK_WIDGET (self), "supplies.restock", "s", "");
}

/* ---- restock and threshold ---- */

typedef struct
{
  YzSuppliesPage *self;
  YzStock        *stock;
  gboolean        threshold;
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
stock_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
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
    return;   /* the page is gone */
  station = yz_session_lookup_station (YZ_SESSION (object), yz_stock_get_station_id (op->stock));
  where = station ? yz_station_get_name (station) : yz_stock_get_station_id (op->stock);
  item = yz_label_stock_item (yz_stock_get_item (op->stock));
  if (!ok)
    {
      /* TRANSLATORS: "Water at <station>: not recorded: <why>" */
      message = g_strdup_printf (_("%s at %s: not recorded: %s"), item, where, error->message);
      toast (op->self, message);
      return;
    }
  g_snprintf (capacity, sizeof capacity, "%" G_GINT64_FORMAT, yz_stock_get_capacity (op->stock));
  if (op->threshold)
    {
      g_snprintf (level, sizeof level, "%" G_GINT64_FORMAT, yz_stock_get_low_threshold (op->stock));
      /* TRANSLATORS: "Water at <station> counts as low at 12 or fewer now" */
      message = g_strdup_printf (_("%s at %s counts as low at %s or fewer now"), item, where, level);
    }
  else
    {
      g_snprintf (level, sizeof level, "%" G_GINT64_FORMAT, yz_stock_get_level (op->stock));
      /* TRANSLATORS: "Restocked: Water at <station>, 40 of 48 now" */
      message = g_strdup_printf (_("Restocked: %s at %s, %s of %s now"), item, where, level, capacity);
    }
  toast (op->self, message);
  update_now (op->self);
}

static void
send_stock (YzSuppliesPage *self,
            YzStock        *stock,
            gboolean        threshold,
            gint64          value,
            const char     *note)
{
  StockOp *op = g_new0 (StockOp, 1);

  op->self = g_object_ref (self);
  op->stock = g_object_ref (stock);
  op->threshold = threshold;
  if (threshold)
    yz_session_set_threshold_async (self->session, stock, value, self->cancellable, stock_done_cb, op);
  else
    yz_session_restock_async (self->session, stock, value, note, self->cancellable, stock_done_cb, op);
}

typedef struct
{
  GListModel *stock;       /* the station's items */
  GtkWidget  *item_row;
  GtkWidget  *quantity;
  GtkWidget  *quantity_row;
  GtkWidget  *note;
  GtkWidget  *threshold;
  gboolean    supervisor;
  GHashTable *rates;       /* nullable; a reference */
  YzSession  *session;
} RestockDialog;

static void
restock_dialog_free (RestockDialog *d)
{
  g_clear_object (&d->stock);
  g_clear_object (&d->session);
  g_clear_pointer (&d->rates, g_hash_table_unref);
  g_free (d);
}

static YzStock *
dialog_stock (RestockDialog *d)
{
  guint selected = adw_combo_row_get_selected (ADW_COMBO_ROW (d->item_row));
  g_autoptr(YzStock) stock = NULL;

  if (selected == GTK_INVALID_LIST_POSITION)
    return NULL;
  stock = g_list_model_get_item (d->stock, selected);
  return stock;   /* the station's model keeps it */
}

static void
threshold_changed_cb (AdwMessageDialog *dialog)
{
  RestockDialog *d = g_object_get_data (G_OBJECT (dialog), "restock");
  YzStock *stock = dialog_stock (d);
  gint64 value = gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (d->threshold));

  gboolean connected = yz_session_get_connection_state (d->session) == YZ_CONNECTION_CONNECTED;

  adw_message_dialog_set_response_enabled (dialog, "threshold", connected && d->supervisor && stock != NULL &&
                                           !is_aed (stock) && value != yz_stock_get_low_threshold (stock));
}

/* While disconnected nothing can be recorded, and nothing is queued: the dialog says so. */
static void
restock_connection_cb (AdwMessageDialog *dialog)
{
  RestockDialog *d = g_object_get_data (G_OBJECT (dialog), "restock");
  gboolean connected = yz_session_get_connection_state (d->session) == YZ_CONNECTION_CONNECTED;

  adw_message_dialog_set_body (dialog, connected
                               ? _("Record what was delivered. It is sent to the gateway and kept "
                                   "in the audit log under your name.")
                               : _("Not connected to the gateway: nothing can be recorded now, and "
                                   "nothing is queued. Record it when the connection is back."));
  adw_message_dialog_set_response_enabled (dialog, "restock", connected);
  threshold_changed_cb (dialog);
}

static void
item_chosen_cb (AdwMessageDialog *dialog)
{
  RestockDialog *d = g_object_get_data (G_OBJECT (dialog), "restock");
  YzStock *stock = dialog_stock (d);
  gint64 capacity, bring;
  g_autofree char *subtitle = NULL;

  if (stock == NULL)
    return;
  capacity = MAX (1, yz_stock_get_capacity (stock));
  bring = yz_supplies_bring (yz_stock_get_level (stock), yz_stock_get_capacity (stock),
                             rate_of (d->rates, stock));
  gtk_spin_button_set_range (GTK_SPIN_BUTTON (d->quantity), 1, capacity);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (d->quantity), CLAMP (bring, 1, capacity));
  {
    g_autofree char *level = describe_stock (d->rates, stock);

    adw_action_row_set_subtitle (ADW_ACTION_ROW (d->item_row), level);
  }
  /* TRANSLATORS: the quantity suggested and its unit, e.g.
   * "Suggested: 40 瓶, a day's use and back to full" */
  subtitle = g_strdup_printf (_("Suggested: %d %s, a day's use and back to full"),
                              (int)CLAMP (bring, 1, capacity),
                              yz_stock_get_unit (stock) ? yz_stock_get_unit (stock) : "");
  adw_action_row_set_subtitle (ADW_ACTION_ROW (d->quantity_row), subtitle);
  gtk_spin_button_set_range (GTK_SPIN_BUTTON (d->threshold), 0, yz_stock_get_capacity (stock));
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (d->threshold), yz_stock_get_low_threshold (stock));
  gtk_widget_set_sensitive (d->threshold, d->supervisor && !is_aed (stock));
  threshold_changed_cb (dialog);
}

static void
restock_response_cb (AdwMessageDialog *dialog,
                     const char       *response,
                     YzSuppliesPage   *self)
{
  RestockDialog *d = g_object_get_data (G_OBJECT (dialog), "restock");
  YzStock *stock = dialog_stock (d);
  g_autofree char *note = NULL;

  if (stock == NULL || self->session == NULL)
    return;
  if (g_str_equal (response, "restock"))
    {
      note = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (d->note))));
      send_stock (self, stock, FALSE, gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (d->quantity)),
                  note[0] != '\0' ? note : NULL);
    }
  else if (g_str_equal (response, "threshold"))
    send_stock (self, stock, TRUE, gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (d->threshold)), NULL);
}

static GtkWidget *
spin_suffix (double max)
{
  GtkWidget *spin = gtk_spin_button_new_with_range (0, MAX (1, max), 1);

  gtk_widget_set_valign (spin, GTK_ALIGN_CENTER);
  gtk_spin_button_set_numeric (GTK_SPIN_BUTTON (spin), TRUE);
  return spin;
}

static GtkWindow *
open_restock (YzSuppliesPage *self,
              YzStock        *stock,
              GtkWindow      *parent)
{
  YzStation *station = yz_session_lookup_station (self->session, yz_stock_get_station_id (stock));
  RestockDialog *d = g_new0 (RestockDialog, 1);
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);
  g_autofree char *heading = NULL;
  GtkWidget *dialog, *list;
  guint chosen = 0;

  if (station != NULL)
    d->stock = g_object_ref (yz_station_get_stock (station));
  else
    {
      GListStore *alone = g_list_store_new (YZ_TYPE_STOCK);

      g_list_store_append (alone, stock);
      d->stock = G_LIST_MODEL (alone);
    }
  d->rates = self->rates ? g_hash_table_ref (self->rates) : NULL;
  d->supervisor = yz_session_get_role (self->session) >= YZ_ROLE_SUPERVISOR;
  d->session = g_object_ref (self->session);
  for (guint i = 0; i < g_list_model_get_n_items (d->stock); i++)
    {
      g_autoptr(YzStock) item = g_list_model_get_item (d->stock, i);
      gtk_string_list_append (labels, yz_label_stock_item (yz_stock_get_item (item)));
      if (item == stock)
        chosen = i;
    }

  heading = g_strdup_printf (_("Restock %s"),
                             station ? yz_station_get_name (station) : yz_stock_get_station_id (stock));
  dialog = adw_message_dialog_new (parent, heading,
                                   _("Record what was delivered. It is sent to the gateway and kept "
                                     "in the audit log under your name."));
  list = gtk_list_box_new ();
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");

  d->item_row = plain_row (adw_combo_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (d->item_row), _("_Item"));
  adw_preferences_row_set_use_underline (ADW_PREFERENCES_ROW (d->item_row), TRUE);
  adw_combo_row_set_model (ADW_COMBO_ROW (d->item_row), G_LIST_MODEL (labels));
  adw_combo_row_set_selected (ADW_COMBO_ROW (d->item_row), chosen);
  gtk_list_box_append (GTK_LIST_BOX (list), d->item_row);

  d->quantity_row = plain_row (adw_action_row_new ());
  d->quantity = spin_suffix (10000);
  gtk_widget_set_name (d->quantity, "quantity");
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (d->quantity_row), _("_Quantity Delivered"));
  adw_preferences_row_set_use_underline (ADW_PREFERENCES_ROW (d->quantity_row), TRUE);
  adw_action_row_add_suffix (ADW_ACTION_ROW (d->quantity_row), d->quantity);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (d->quantity_row), d->quantity);
  gtk_list_box_append (GTK_LIST_BOX (list), d->quantity_row);

  d->note = plain_row (adw_entry_row_new ());
  gtk_widget_set_name (d->note, "note");
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (d->note), _("_Note (optional, up to 200 characters)"));
  adw_preferences_row_set_use_underline (ADW_PREFERENCES_ROW (d->note), TRUE);
  if (GTK_IS_TEXT (gtk_editable_get_delegate (GTK_EDITABLE (d->note))))
    gtk_text_set_max_length (GTK_TEXT (gtk_editable_get_delegate (GTK_EDITABLE (d->note))), NOTE_MAX_CHARS);
  gtk_list_box_append (GTK_LIST_BOX (list), d->note);

  {
    GtkWidget *row = plain_row (adw_action_row_new ());

    d->threshold = spin_suffix (yz_stock_get_capacity (stock));
    gtk_widget_set_name (d->threshold, "threshold");
    adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Low _Threshold"));
    adw_preferences_row_set_use_underline (ADW_PREFERENCES_ROW (row), TRUE);
    /* Say why it cannot be changed, rather than only greying it out. */
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), d->supervisor
                                 ? _("The item counts as low at this level or below")
                                 : _("Only a supervisor can change when an item counts as low"));
    if (!d->supervisor)
      adw_action_row_add_prefix (ADW_ACTION_ROW (row),
                                 gtk_image_new_from_icon_name ("changes-prevent-symbolic"));
    adw_action_row_add_suffix (ADW_ACTION_ROW (row), d->threshold);
    gtk_list_box_append (GTK_LIST_BOX (list), row);
  }

  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), list);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"),
                                    "threshold", _("Set _Threshold"), "restock", _("_Restock"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "restock", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "restock");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "restock", d, (GDestroyNotify)restock_dialog_free);
  g_signal_connect_swapped (d->item_row, "notify::selected", G_CALLBACK (item_chosen_cb), dialog);
  g_signal_connect_swapped (d->threshold, "value-changed", G_CALLBACK (threshold_changed_cb), dialog);
  g_signal_connect_object (dialog, "response", G_CALLBACK (restock_response_cb), self, 0);
  g_signal_connect_object (self->session, "notify::connection-state", G_CALLBACK (restock_connection_cb),
                           dialog, G_CONNECT_SWAPPED);
  item_chosen_cb (ADW_MESSAGE_DIALOG (dialog));
  restock_connection_cb (ADW_MESSAGE_DIALOG (dialog));
  gtk_window_present (GTK_WINDOW (dialog));
  return GTK_WINDOW (dialog);
}

/* ---- the restock list ---- */

static char *
horizon_label (guint days)
{
  /* TRANSLATORS: how far ahead the restock list looks */
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Runs Out Within %u Day",
                                       "Runs Out Within %u Days", days), days);
}

static char *
nothing_to_bring (guint days)
{
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "No station is empty, low, or forecast to run out within %u day.",
                                       "No station is empty, low, or forecast to run out within %u days.",
                                       days), days);
}

static char *
plan_subtitle (YzSuppliesPage *self,
               GPtrArray      *plan)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *when = g_date_time_format (now, "%Y-%m-%d %H:%M");
  g_autofree char *horizon = horizon_label (self->horizon);
  const char *district = current_district (self);
  g_autofree char *count = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u item", "%u items", plan->len),
                                            plan->len);

  return g_strdup_printf ("%s · %s · %s · %s", when, district ? district : _("All Districts"), horizon,
                          count);
}

static char *
bring_text (YzSupplyLine *line)
{
  if (is_aed (line->stock))
    return g_strdup (_("Service"));
  /* TRANSLATORS: how many to bring, e.g. "Bring 40" */
  return g_strdup_printf (_("Bring %d"), (int)MIN (line->bring, G_MAXINT));
}

static void
plan_row_activated_cb (AdwActionRow   *row,
                       YzSuppliesPage *self)
{
  YzStock *stock = g_object_get_data (G_OBJECT (row), "stock");

  if (stock != NULL && self->session != NULL)
    open_restock (self, stock, GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (row))));
}

static GtkWidget *
create_plan_row (YzSuppliesPage *self,
                 YzSupplyLine   *line,
                 gboolean        may)
{
  GtkWidget *row = plain_row (adw_action_row_new ());
  GtkWidget *bring_label;
  GtkWidget *image;
  g_autofree char *level = format_level (line->stock);
  g_autofree char *days = yz_supplies_page_format_days_left (line->days_left);
  g_autofree char *subtitle = NULL;
  g_autofree char *bring = bring_text (line);
  gboolean empty = yz_stock_get_level (line->stock) <= 0;

  if (is_aed (line->stock))
    subtitle = g_strdup_printf ("%s · %s", yz_label_stock_item (yz_stock_get_item (line->stock)), level);
  else
    /* TRANSLATORS: item, level/capacity, when it runs out: "Water · 8/48 瓶 · runs out: < 1 day" */
    subtitle = g_strdup_printf (_("%s · %s · runs out: %s"),
                                yz_label_stock_item (yz_stock_get_item (line->stock)),
                                level, days);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), line->station_name);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  image = gtk_image_new_from_icon_name (empty || line->days_left < 1 ? "dialog-error-symbolic"
                                                                     : "dialog-warning-symbolic");
  gtk_widget_add_css_class (image, empty || line->days_left < 1 ? "error" : "warning");
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), image);
  bring_label = gtk_label_new (bring);
  gtk_widget_add_css_class (bring_label, "heading");
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), bring_label);
  if (may && not_connected (self) != NULL)
    gtk_widget_set_tooltip_text (row, not_connected (self));
  else if (may)
    {
      g_object_set_data_full (G_OBJECT (row), "stock", g_object_ref (line->stock), g_object_unref);
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      gtk_widget_set_tooltip_text (row, _("Record the delivery"));
      g_signal_connect_object (row, "activated", G_CALLBACK (plan_row_activated_cb), self, 0);
    }
  return row;
}

static void
rebuild_plan_view (YzSuppliesPage *self)
{
  g_autoptr(GPtrArray) plan = yz_supplies_page_get_plan (self);
  g_autofree char *subtitle = plan_subtitle (self, plan);
  gboolean may = self->session != NULL && yz_session_get_role (self->session) >= YZ_ROLE_OPERATOR;
  GtkWidget *child;
  GtkWidget *list = NULL;
  const char *district = NULL;
  g_autoptr(GString) key = g_string_new (NULL);

  g_string_append_printf (key, "%s|%d|%d|", subtitle, may, not_connected (self) == NULL);
  for (guint i = 0; i < plan->len; i++)
    key_add_stock (key, self->rates, ((YzSupplyLine *)g_ptr_array_index (plan, i))->stock);
  if (!key_changed (&self->plan_key, key))
    return;

  adw_window_title_set_subtitle (self->plan_title, current_district (self) ? current_district (self)
                                                                           : _("All Districts"));
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->plan_box))) != NULL)
    gtk_box_remove (self->plan_box, child);
  /* When and what, as the printed list says it. */
  child = gtk_label_new (subtitle);
  gtk_label_set_xalign (GTK_LABEL (child), 0);
  gtk_label_set_wrap (GTK_LABEL (child), TRUE);
  gtk_widget_add_css_class (child, "dim-label");
  gtk_box_append (self->plan_box, child);

  if (plan->len == 0)
    {
      GtkWidget *status = adw_status_page_new ();
      g_autofree char *description = nothing_to_bring (self->horizon);

      adw_status_page_set_icon_name (ADW_STATUS_PAGE (status), "emblem-ok-symbolic");
      adw_status_page_set_title (ADW_STATUS_PAGE (status), _("Nothing to Bring"));
      adw_status_page_set_description (ADW_STATUS_PAGE (status), description);
      gtk_box_append (self->plan_box, status);
      return;
    }

  for (guint i = 0; i < plan->len; i++)
    {
      YzSupplyLine *line = g_ptr_array_index (plan, i);

      if (list == NULL || g_strcmp0 (district, line->district) != 0)
        {
          GtkWidget *group = adw_preferences_group_new ();
          guint n = 0;
          g_autofree char *description = NULL;

          district = line->district;
          for (guint k = i; k < plan->len; k++)
            if (g_strcmp0 (((YzSupplyLine *)g_ptr_array_index (plan, k))->district, district) == 0)
              n++;
          description = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u item", "%u items", n), n);
          adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group),
                                           district && district[0] ? district : _("No District"));
          adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group), description);
          list = gtk_list_box_new ();
          gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
          gtk_widget_add_css_class (list, "boxed-list");
          adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), list);
          gtk_box_append (self->plan_box, group);
        }
      gtk_list_box_append (GTK_LIST_BOX (list), create_plan_row (self, line, may));
    }
}

/* The restock list's window, else the page's. */
static GtkWindow *
plan_parent (YzSuppliesPage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (self->plan_window != NULL)
    return GTK_WINDOW (self->plan_window);
  return GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
}

static void
horizon_chosen_cb (GtkDropDown    *dropdown,
                   GParamSpec     *pspec,
                   YzSuppliesPage *self)
{
  guint selected = gtk_drop_down_get_selected (dropdown);

  if (selected < G_N_ELEMENTS (horizons))
    yz_supplies_page_set_plan_horizon (self, horizons[selected]);
}

static void
csv_chosen_cb (GtkNativeDialog *dialog,
               int              response,
               YzSuppliesPage  *self)
{
  g_autoptr(GFile) file = NULL;
  g_autofree char *path = NULL;

  if (response == GTK_RESPONSE_ACCEPT &&
      (file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog))) != NULL &&
      (path = g_file_get_path (file)) != NULL)
    {
      g_autoptr(GError) error = NULL;

      if (!yz_supplies_page_export_plan_csv (self, path, &error))
        plan_toast (self, error->message);
      else
        plan_toast (self, _("The restock list is saved as CSV"));
    }
  g_object_unref (dialog);
}

static void
export_csv_activated (GSimpleAction *action,
                      GVariant      *parameter,
                      gpointer       user_data)
{
  YzSuppliesPage *self = user_data;
  GtkFileChooserNative *dialog;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *stamp = g_date_time_format (now, "%Y%m%d-%H%M");
  g_autofree char *name = g_strdup_printf ("restock-%s.csv", stamp);

  dialog = gtk_file_chooser_native_new (_("Save the Restock List as CSV"), plan_parent (self),
                                        GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), _("_Cancel"));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (dialog), name);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);
  g_signal_connect_object (dialog, "response", G_CALLBACK (csv_chosen_cb), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

/* ---- printing ---- */

typedef enum {
  PRINT_TITLE,
  PRINT_CAPTIONS,
  PRINT_DISTRICT,
  PRINT_LINE,
  PRINT_NOTHING,
  N_PRINT_KINDS
} PrintKind;

typedef struct
{
  PrintKind kind;
  guint     line;        /* index into the plan */
  gboolean  continued;   /* a district carried over from the page before */
} PrintItem;

typedef struct
{
  GPtrArray *plan;
  char      *title;
  char      *subtitle;
  char      *nothing;
  GArray    *items;        /* PrintItem */
  GArray    *page_starts;  /* guint: the first item of each page */
  double     heights[N_PRINT_KINDS];
  double     footer;
} PrintJob;

static void
print_job_free (PrintJob *job)
{
  g_ptr_array_unref (job->plan);
  g_free (job->title);
  g_free (job->subtitle);
  g_free (job->nothing);
  g_clear_pointer (&job->items, g_array_unref);
  g_clear_pointer (&job->page_starts, g_array_unref);
  g_free (job);
}

static PangoLayout *
print_layout (GtkPrintContext *context,
              const char      *text,
              const char      *font,
              double           width,
              gboolean         wrap)
{
  PangoLayout *layout = gtk_print_context_create_pango_layout (context);
  PangoFontDescription *desc = pango_font_description_from_string (font);

  pango_layout_set_font_description (layout, desc);
  pango_font_description_free (desc);
  if (width > 0)
    {
      pango_layout_set_width (layout, (int)(width * PANGO_SCALE));
      if (wrap)
        pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
      else
        pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
    }
  pango_layout_set_text (layout, text ? text : "", -1);
  return layout;
}

static double
layout_height (PangoLayout *layout)
{
  int width, height;

  pango_layout_get_size (layout, &width, &height);
  return height / (double)PANGO_SCALE;
}

static void
print_text (GtkPrintContext *context,
            const char      *text,
            const char      *font,
            double           x,
            double           y,
            double           width,
            PangoAlignment   alignment)
{
  cairo_t *cr = gtk_print_context_get_cairo_context (context);
  g_autoptr(PangoLayout) layout = print_layout (context, text, font, width, FALSE);

  pango_layout_set_alignment (layout, alignment);
  cairo_move_to (cr, x, y);
  pango_cairo_show_layout (cr, layout);
}

/* Where the columns start, as fractions of the width; the first is the tick box. */
static const double column_x[] = { 0, 0.035, 0.40, 0.58, 0.73, 0.86, 1.0 };

static void
begin_print_cb (GtkPrintOperation *operation,
                GtkPrintContext   *context,
                PrintJob          *job)
{
  double width = gtk_print_context_get_width (context);
  double height = gtk_print_context_get_height (context);
  double y = 0;
  guint first = 0;
  PrintItem item = { 0 };

  {
    g_autoptr(PangoLayout) title = print_layout (context, job->title, PRINT_FONT " Bold 16", width, TRUE);
    g_autoptr(PangoLayout) subtitle = print_layout (context, job->subtitle, PRINT_FONT " 9", width, TRUE);
    g_autoptr(PangoLayout) caption = print_layout (context, "Ag 驿", PRINT_FONT " Bold 8", 0, FALSE);
    g_autoptr(PangoLayout) district = print_layout (context, "Ag 驿", PRINT_FONT " Bold 12", 0, FALSE);
    g_autoptr(PangoLayout) line = print_layout (context, "Ag 驿", PRINT_FONT " 10", 0, FALSE);
    g_autoptr(PangoLayout) footer = print_layout (context, "Ag 驿", PRINT_FONT " 8", 0, FALSE);
    g_autoptr(PangoLayout) nothing = print_layout (context, job->nothing, PRINT_FONT " 11", width, TRUE);

    job->heights[PRINT_TITLE] = layout_height (title) + 2 + layout_height (subtitle) + 14;
    job->heights[PRINT_CAPTIONS] = layout_height (caption) + 6;
    job->heights[PRINT_DISTRICT] = layout_height (district) + 10;
    job->heights[PRINT_LINE] = layout_height (line) + 8;
    job->heights[PRINT_NOTHING] = layout_height (nothing) + 8;
    job->footer = layout_height (footer) + 8;
  }
  height -= job->footer;

  g_array_set_size (job->items, 0);
  g_array_set_size (job->page_starts, 0);
  g_array_append_val (job->page_starts, first);

#define PUT(k, l, c) G_STMT_START { item.kind = (k); item.line = (l); item.continued = (c); \
                                    g_array_append_val (job->items, item); y += job->heights[k]; } G_STMT_END
#define NEW_PAGE() G_STMT_START { guint start = job->items->len; \
                                  g_array_append_val (job->page_starts, start); \
                                  y = 0; PUT (PRINT_CAPTIONS, 0, FALSE); } G_STMT_END

  PUT (PRINT_TITLE, 0, FALSE);
  if (job->plan->len == 0)
    PUT (PRINT_NOTHING, 0, FALSE);
  else
    PUT (PRINT_CAPTIONS, 0, FALSE);
  for (guint i = 0; i < job->plan->len; i++)
    {
      YzSupplyLine *line = g_ptr_array_index (job->plan, i);
      YzSupplyLine *before = i > 0 ? g_ptr_array_index (job->plan, i - 1) : NULL;
      gboolean new_district = before == NULL || g_strcmp0 (line->district, before->district) != 0;

      /* A district's heading never ends a page alone. */
      if (new_district)
        {
          if (y + job->heights[PRINT_DISTRICT] + job->heights[PRINT_LINE] > height)
            NEW_PAGE ();
          PUT (PRINT_DISTRICT, i, FALSE);
        }
      else if (y + job->heights[PRINT_LINE] > height)
        {
          NEW_PAGE ();
          PUT (PRINT_DISTRICT, i, TRUE);
        }
      PUT (PRINT_LINE, i, FALSE);
    }
#undef NEW_PAGE
#undef PUT

  gtk_print_operation_set_n_pages (operation, job->page_starts->len);
}

static void
draw_line (GtkPrintContext *context,
           PrintJob        *job,
           YzSupplyLine    *line,
           double           y)
{
  cairo_t *cr = gtk_print_context_get_cairo_context (context);
  double width = gtk_print_context_get_width (context);
  double h = job->heights[PRINT_LINE];
  g_autofree char *level = format_level (line->stock);
  g_autofree char *days = is_aed (line->stock) ? g_strdup ("")
                                               : yz_supplies_page_format_days_left (line->days_left);
  g_autofree char *bring = bring_text (line);
  const char *texts[] = {
    line->station_name, yz_label_stock_item (yz_stock_get_item (line->stock)), level, days, bring
  };

  /* A box to tick on the van. */
  cairo_set_source_rgb (cr, 0, 0, 0);
  cairo_set_line_width (cr, 0.6);
  cairo_rectangle (cr, 0.5, y + (h - 8) / 2 - 1, 8, 8);
  cairo_stroke (cr);
  for (guint c = 0; c < G_N_ELEMENTS (texts); c++)
    {
      double x = column_x[c + 1] * width;
      double w = (column_x[c + 2] - column_x[c + 1]) * width - 6;

      print_text (context, texts[c], c == 4 ? PRINT_FONT " Bold 10" : PRINT_FONT " 10", x, y + 2, w,
                  c == 4 ? PANGO_ALIGN_RIGHT : PANGO_ALIGN_LEFT);
    }
  cairo_set_source_rgb (cr, 0.75, 0.75, 0.75);
  cairo_set_line_width (cr, 0.4);
  cairo_move_to (cr, 0, y + h - 1.5);
  cairo_line_to (cr, width, y + h - 1.5);
  cairo_stroke (cr);
  cairo_set_source_rgb (cr, 0, 0, 0);
}

static void
draw_page_cb (GtkPrintOperation *operation,
              GtkPrintContext   *context,
              int                page_nr,
              PrintJob          *job)
{
  cairo_t *cr = gtk_print_context_get_cairo_context (context);
  double width = gtk_print_context_get_width (context);
  double height = gtk_print_context_get_height (context);
  guint from = g_array_index (job->page_starts, guint, page_nr);
  guint to = (guint)page_nr + 1 < job->page_starts->len ? g_array_index (job->page_starts, guint, page_nr + 1)
                                                        : job->items->len;
  double y = 0;

  cairo_set_source_rgb (cr, 0, 0, 0);
  for (guint i = from; i < to; i++)
    {
      PrintItem *item = &g_array_index (job->items, PrintItem, i);

      switch (item->kind)
        {
        case PRINT_TITLE:
          {
            g_autoptr(PangoLayout) title = NULL;
            g_autoptr(PangoLayout) subtitle = NULL;

            title = print_layout (context, job->title, PRINT_FONT " Bold 16", width, TRUE);
            subtitle = print_layout (context, job->subtitle, PRINT_FONT " 9", width, TRUE);
            cairo_move_to (cr, 0, y);
            pango_cairo_show_layout (cr, title);
            cairo_move_to (cr, 0, y + layout_height (title) + 2);
            pango_cairo_show_layout (cr, subtitle);
          }
          break;
        case PRINT_CAPTIONS:
          {
            const char *captions[] = { _("Station"), _("Item"), _("Level"), _("Runs Out"), _("Bring") };

            cairo_set_source_rgb (cr, 0.35, 0.35, 0.35);
            for (guint c = 0; c < G_N_ELEMENTS (captions); c++)
              print_text (context, captions[c], PRINT_FONT " Bold 8", column_x[c + 1] * width, y,
                          (column_x[c + 2] - column_x[c + 1]) * width - 6,
                          c == 4 ? PANGO_ALIGN_RIGHT : PANGO_ALIGN_LEFT);
            cairo_set_source_rgb (cr, 0, 0, 0);
          }
          break;
        case PRINT_DISTRICT:
          {
            YzSupplyLine *line = g_ptr_array_index (job->plan, item->line);
            const char *name = line->district && line->district[0] ? line->district : _("No District");
            /* TRANSLATORS: a district's heading on the next page of the printed list */
            g_autofree char *text = item->continued ? g_strdup_printf (_("%s (continued)"), name)
                                                    : g_strdup (name);

            print_text (context, text, PRINT_FONT " Bold 12", 0, y + 4, width, PANGO_ALIGN_LEFT);
            cairo_set_line_width (cr, 0.8);
            cairo_move_to (cr, 0, y + job->heights[PRINT_DISTRICT] - 1);
            cairo_line_to (cr, width, y + job->heights[PRINT_DISTRICT] - 1);
            cairo_stroke (cr);
          }
          break;
        case PRINT_LINE:
          draw_line (context, job, g_ptr_array_index (job->plan, item->line), y);
          break;
        case PRINT_NOTHING:
          {
            g_autoptr(PangoLayout) layout = NULL;

            layout = print_layout (context, job->nothing, PRINT_FONT " 11", width, TRUE);
            cairo_move_to (cr, 0, y + 4);
            pango_cairo_show_layout (cr, layout);
          }
          break;
        case N_PRINT_KINDS:
        default:
          g_assert_not_reached ();
        }
      y += job->heights[item->kind];
    }

  {
    g_autofree char *footer = g_strdup_printf (_("Page %d of %d"), page_nr + 1, (int)job->page_starts->len);

    cairo_set_source_rgb (cr, 0.35, 0.35, 0.35);
    print_text (context, footer, PRINT_FONT " 8", 0, height - job->footer + 6, width, PANGO_ALIGN_CENTER);
  }
}

static GtkPrintOperation *
plan_print_operation (YzSuppliesPage *self)
{
  GtkPrintOperation *operation = gtk_print_operation_new ();
  g_autoptr(GtkPageSetup) setup = gtk_page_setup_new ();
  g_autoptr(GtkPaperSize) a4 = gtk_paper_size_new (GTK_PAPER_NAME_A4);
  PrintJob *job = g_new0 (PrintJob, 1);

  job->plan = yz_supplies_page_get_plan (self);
  job->title = g_strdup (_("Restock List"));
  job->subtitle = plan_subtitle (self, job->plan);
  job->nothing = nothing_to_bring (self->horizon);
  job->items = g_array_new (FALSE, FALSE, sizeof (PrintItem));
  job->page_starts = g_array_new (FALSE, FALSE, sizeof (guint));

  gtk_page_setup_set_paper_size_and_default_margins (setup, a4);
  gtk_print_operation_set_default_page_setup (operation, setup);
  gtk_print_operation_set_unit (operation, GTK_UNIT_POINTS);
  gtk_print_operation_set_job_name (operation, job->title);
  gtk_print_operation_set_embed_page_setup (operation, TRUE);
  g_object_set_data_full (G_OBJECT (operation), "job", job, (GDestroyNotify)print_job_free);
  g_signal_connect (operation, "begin-print", G_CALLBACK (begin_print_cb), job);
  g_signal_connect (operation, "draw-page", G_CALLBACK (draw_page_cb), job);

  return operation;
}

static void
print_activated (GSimpleAction *action,
                 GVariant      *parameter,
                 gpointer       user_data)
{
  YzSuppliesPage *self = user_data;
  g_autoptr(GtkPrintOperation) operation = plan_print_operation (self);
  g_autoptr(GError) error = NULL;
  GtkWindow *parent = plan_parent (self);

  if (gtk_print_operation_run (operation, GTK_PRINT_OPERATION_ACTION_PRINT_DIALOG, parent, &error) ==
      GTK_PRINT_OPERATION_RESULT_ERROR)
    plan_toast (self, error->message);
}

/* ---- actions ---- */

static void
restock_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  YzSuppliesPage *self = YZ_SUPPLIES_PAGE (widget);
  const char *id = g_variant_get_string (parameter, NULL);
  YzStock *stock = NULL;

  if (self->session == NULL)
    return;
  if (id[0] != '\0')
    stock = yz_session_lookup_stock (self->session, id);
  else if (self->shown != NULL)
    stock = most_urgent_stock (self, self->shown);
  if (stock != NULL)
    yz_supplies_page_open_restock_dialog (self, stock);
}

static void
show_station_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  YzSuppliesPage *self = YZ_SUPPLIES_PAGE (widget);

  if (self->shown != NULL)
    gtk_widget_activate_action (widget, "win.show-station", "s", yz_station_get_id (self->shown));
}

static void
show_plan_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
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
disconnect_session (YzSuppliesPage *self)
{
  GListModel *stock;

  if (self->session == NULL)
    return;
  stock = yz_session_get_stock (self->session);
  for (guint i = 0; i < g_list_model_get_n_items (stock); i++)
    {
      g_autoptr(YzStock) item = g_list_model_get_item (stock, i);

      g_signal_handlers_disconnect_by_data (item, self);
    }
  g_signal_handlers_disconnect_by_data (stock, self);
  g_signal_handlers_disconnect_by_data (yz_session_get_stations (self->session), self);
  g_signal_handlers_disconnect_by_data (self->session, self);
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
  disconnect_session (self);
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
  g_free (self->plan_key);
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

  object_class->dispose = yz_supplies_page_dispose;
  object_class->finalize = yz_supplies_page_finalize;
  widget_class->map = yz_supplies_page_map;
  widget_class->unmap = yz_supplies_page_unmap;

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
  gtk_widget_class_bind_template_child (widget_class, YzSuppliesPage, details_stack);
  gtk_widget_class_bind_template_child (widget_class, YzSuppliesPage, detail_title);
  gtk_widget_class_bind_template_child (widget_class, YzSuppliesPage, detail_subtitle);
  gtk_widget_class_bind_template_child (widget_class, YzSuppliesPage, detail_runs_out);
  gtk_widget_class_bind_template_child (widget_class, YzSuppliesPage, detail_list);
  gtk_widget_class_bind_template_callback (widget_class, filter_changed_cb);

  gtk_widget_class_install_action (widget_class, "supplies.restock", "s", restock_action);
  gtk_widget_class_install_action (widget_class, "supplies.show-station", NULL, show_station_action);
  gtk_widget_class_install_action (widget_class, "supplies.show-plan", NULL, show_plan_action);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
yz_supplies_page_init (YzSuppliesPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->horizon = NEED_HORIZON_DAYS;
  self->summaries = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->bound = g_hash_table_new (NULL, NULL);
  self->item_columns = g_ptr_array_new ();
  self->filter = gtk_custom_filter_new (filter_func, self, NULL);
  gtk_string_list_append (self->districts, _("All Districts"));

  /* Wide enough for a long station name ("牡丹区市民文化中心工会驿站"): the item columns
   * scroll, the station stays readable. */
  add_column (self, COLUMN_STATION, NULL, _("Station"),
              GTK_SORTER (gtk_custom_sorter_new (compare_name, NULL, NULL)), 210);
  self->runs_out_column = add_column (self, COLUMN_RUNS_OUT, NULL, _("Runs Out"),
                                      GTK_SORTER (gtk_custom_sorter_new (compare_urgency, self, NULL)), 120);
  for (guint i = 0; i < G_N_ELEMENTS (known_items); i++)
    add_item_column (self, known_items[i], yz_label_stock_item (known_items[i]));
  for (guint i = 0; i < self->item_columns->len; i++)
    gtk_column_view_column_set_visible (g_ptr_array_index (self->item_columns, i), FALSE);
  /* The most urgent first. */
  gtk_column_view_sort_by_column (self->view, self->runs_out_column, GTK_SORT_ASCENDING);
  g_signal_connect (self->view, "activate", G_CALLBACK (activate_cb), self);

  show_details (self, NULL);
  update_count (self);
}

/* ---- public ---- */

GtkWidget *
yz_supplies_page_new (void)
{
  return g_object_new (YZ_TYPE_SUPPLIES_PAGE, NULL);
}

void
yz_supplies_page_set_session (YzSuppliesPage *self,
                              YzSession      *session)
{
  GListModel *stock;

  g_return_if_fail (YZ_IS_SUPPLIES_PAGE (self));
  g_return_if_fail (session == NULL || YZ_IS_SESSION (session));

  if (self->session == session)
    return;
  gtk_column_view_set_model (self->view, NULL);
  disconnect_session (self);
  g_clear_object (&self->selection);
  g_clear_object (&self->sorted);
  g_clear_object (&self->filtered);
  g_clear_pointer (&self->rates, g_hash_table_unref);
  g_hash_table_remove_all (self->summaries);
  g_set_object (&self->session, session);
  show_details (self, NULL);
  if (session == NULL)
    {
      update_count (self);
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
  g_signal_connect_object (self->selection, "notify::selected-item", G_CALLBACK (selection_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->selection, "items-changed", G_CALLBACK (items_changed_cb), self,
                           G_CONNECT_SWAPPED);

  stock = yz_session_get_stock (session);
  g_signal_connect_object (stock, "items-changed", G_CALLBACK (stock_items_changed_cb), self, 0);
  stock_items_changed_cb (stock, 0, 0, g_list_model_get_n_items (stock), self);
  g_signal_connect_object (yz_session_get_stations (session), "items-changed",
                           G_CALLBACK (stations_changed_cb), self, G_CONNECT_SWAPPED);
  /* Logging in sets the role: what may be done changes. */
  g_signal_connect_object (session, "notify::role", G_CALLBACK (update_now), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (session, "notify::connection-state", G_CALLBACK (connection_changed_cb), self,
                           G_CONNECT_SWAPPED);

  refresh_districts (self);
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    yz_supplies_page_refresh_forecast (self);
  else
    update_now (self);
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
yz_supplies_page_set_filter (YzSuppliesPage *self,
                             const char     *district,
                             const char     *text,
                             gboolean        only_needing)
{
  guint selected = 0;

  g_return_if_fail (YZ_IS_SUPPLIES_PAGE (self));

  for (guint i = 1; district != NULL && i < g_list_model_get_n_items (G_LIST_MODEL (self->districts)); i++)
    if (g_str_equal (gtk_string_list_get_string (self->districts, i), district))
      selected = i;
  gtk_drop_down_set_selected (self->district_dropdown, selected);
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), text ? text : "");
  gtk_toggle_button_set_active (self->needing_button, only_needing);
  filter_changed_cb (self);
}

/* Selects the station with @station_id if it is listed. */
void
yz_supplies_page_select (YzSuppliesPage *self,
                         const char     *station_id)
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
yz_supplies_page_get_summary (YzSuppliesPage  *self,
                              YzStation       *station,
                              YzSupplySummary *out)
{
  g_return_if_fail (YZ_IS_SUPPLIES_PAGE (self));
  g_return_if_fail (YZ_IS_STATION (station));

  *out = *get_summary (self, station);
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
      rates = yz_stats_consumption_rates (store, tz, g_get_real_time () / 1000, FORECAST_DAYS, &error);
      if (rates == NULL)
        g_warning ("No consumption rates, so no forecast: %s", error->message);
      g_clear_pointer (&self->rates, g_hash_table_unref);
      self->rates = rates;
    }
  update_now (self);
}

void
yz_supplies_page_set_plan_horizon (YzSuppliesPage *self,
                                   guint           days)
{
  g_return_if_fail (YZ_IS_SUPPLIES_PAGE (self));
  g_return_if_fail (days > 0);

  if (self->horizon == days)
    return;
  self->horizon = days;
  if (self->plan_window != NULL)
    rebuild_plan_view (self);
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
  return yz_supplies_plan (yz_session_get_stock (self->session), yz_session_get_stations (self->session),
                           self->rates, self->horizon, current_district (self));
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
  static const GActionEntry entries[] = {
    { .name = "export-csv", .activate = export_csv_activated },
    { .name = "print", .activate = print_activated },
  };
  g_autoptr(GSimpleActionGroup) group = NULL;
  g_autoptr(GtkStringList) choices = gtk_string_list_new (NULL);
  GtkWidget *window, *content, *header, *scrolled, *clamp, *box, *dropdown, *button, *overlay;
  GtkEventController *shortcuts;
  GtkRoot *root;

  g_return_val_if_fail (YZ_IS_SUPPLIES_PAGE (self), NULL);

  if (self->plan_window != NULL)
    {
      gtk_window_present (GTK_WINDOW (self->plan_window));
      return GTK_WINDOW (self->plan_window);
    }

  window = adw_window_new ();
  root = gtk_widget_get_root (GTK_WIDGET (self));
  if (GTK_IS_WINDOW (root))
    gtk_window_set_transient_for (GTK_WINDOW (window), GTK_WINDOW (root));
  gtk_window_set_default_size (GTK_WINDOW (window), 640, 720);
  gtk_window_set_title (GTK_WINDOW (window), _("Restock List"));

  group = g_simple_action_group_new ();
  g_action_map_add_action_entries (G_ACTION_MAP (group), entries, G_N_ELEMENTS (entries), self);
  gtk_widget_insert_action_group (window, "plan", G_ACTION_GROUP (group));
  shortcuts = gtk_shortcut_controller_new ();
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                        gtk_shortcut_new (gtk_shortcut_trigger_parse_string ("<Control>p"),
                                                          gtk_named_action_new ("plan.print")));
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                        gtk_shortcut_new (gtk_shortcut_trigger_parse_string ("Escape"),
                                                          gtk_named_action_new ("window.close")));
  gtk_widget_add_controller (window, shortcuts);

  content = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  header = adw_header_bar_new ();
  self->plan_title = ADW_WINDOW_TITLE (adw_window_title_new (_("Restock List"), NULL));
  adw_header_bar_set_title_widget (ADW_HEADER_BAR (header), GTK_WIDGET (self->plan_title));

  for (guint i = 0; i < G_N_ELEMENTS (horizons); i++)
    {
      g_autofree char *label = horizon_label (horizons[i]);

      gtk_string_list_append (choices, label);
    }
  dropdown = gtk_drop_down_new (G_LIST_MODEL (g_object_ref (choices)), NULL);
  gtk_widget_set_tooltip_text (dropdown,
                               _("How far ahead to look: one day is what tomorrow's van must bring"));
  for (guint i = 0; i < G_N_ELEMENTS (horizons); i++)
    if (horizons[i] == self->horizon)
      gtk_drop_down_set_selected (GTK_DROP_DOWN (dropdown), i);
  g_signal_connect_object (dropdown, "notify::selected", G_CALLBACK (horizon_chosen_cb), self, 0);
  adw_header_bar_pack_start (ADW_HEADER_BAR (header), dropdown);

  button = gtk_button_new_with_mnemonic (_("_Print…"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "plan.print");
  gtk_widget_set_tooltip_text (button, _("Print the list for the van (Ctrl+P)"));
  adw_header_bar_pack_end (ADW_HEADER_BAR (header), button);
  button = gtk_button_new_with_mnemonic (_("Export _CSV…"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "plan.export-csv");
  adw_header_bar_pack_end (ADW_HEADER_BAR (header), button);
  gtk_box_append (GTK_BOX (content), header);

  overlay = adw_toast_overlay_new ();
  gtk_widget_set_vexpand (overlay, TRUE);
  scrolled = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  clamp = adw_clamp_new ();
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 18);
  gtk_widget_set_margin_top (box, 18);
  gtk_widget_set_margin_bottom (box, 18);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  adw_clamp_set_child (ADW_CLAMP (clamp), box);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), clamp);
  adw_toast_overlay_set_child (ADW_TOAST_OVERLAY (overlay), scrolled);
  gtk_box_append (GTK_BOX (content), overlay);
  adw_window_set_content (ADW_WINDOW (window), content);

  self->plan_window = ADW_WINDOW (window);
  self->plan_toasts = ADW_TOAST_OVERLAY (overlay);
  self->plan_box = GTK_BOX (box);
  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *)&self->plan_window);
  g_object_add_weak_pointer (G_OBJECT (overlay), (gpointer *)&self->plan_toasts);
  g_object_add_weak_pointer (G_OBJECT (box), (gpointer *)&self->plan_box);
  g_object_add_weak_pointer (G_OBJECT (self->plan_title), (gpointer *)&self->plan_title);

  g_clear_pointer (&self->plan_key, g_free);
  rebuild_plan_view (self);
  gtk_window_present (GTK_WINDOW (window));
  return GTK_WINDOW (window);
}

/* The restock list as CSV (yz_supplies_plan_to_csv: RFC 4180, UTF-8). */
gboolean
yz_supplies_page_export_plan_csv (YzSuppliesPage  *self,
                                  const char      *path,
                                  GError         **error)
{
  g_autoptr(GPtrArray) plan = NULL;
  g_autoptr(GFile) file = NULL;
  g_autofree char *csv = NULL;

  g_return_val_if_fail (YZ_IS_SUPPLIES_PAGE (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  plan = yz_supplies_page_get_plan (self);
  csv = yz_supplies_plan_to_csv (plan);
  file = g_file_new_for_path (path);
  return g_file_replace_contents (file, csv, strlen (csv), NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION,
                                  NULL, NULL, error);
}

/* The restock list as it prints, into a PDF file (GtkPrintOperation's export). */
gboolean
yz_supplies_page_export_plan_pdf (YzSuppliesPage  *self,
                                  const char      *path,
                                  GError         **error)
{
  g_autoptr(GtkPrintOperation) operation = NULL;

  g_return_val_if_fail (YZ_IS_SUPPLIES_PAGE (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  operation = plan_print_operation (self);
  gtk_print_operation_set_export_filename (operation, path);
  return gtk_print_operation_run (operation, GTK_PRINT_OPERATION_ACTION_EXPORT, NULL, error) !=
         GTK_PRINT_OPERATION_RESULT_ERROR;
}

/**
 * yz_supplies_page_open_restock_dialog:
 * @stock: the item to start with; the dialog offers the station's other items too
 *
 * Returns: (transfer none): the dialog (an AdwMessageDialog: responses "restock",
 *   "threshold", "cancel")
 */
GtkWindow *
yz_supplies_page_open_restock_dialog (YzSuppliesPage *self,
                                      YzStock        *stock)
{
  GtkRoot *root;

  g_return_val_if_fail (YZ_IS_SUPPLIES_PAGE (self), NULL);
  g_return_val_if_fail (YZ_IS_STOCK (stock), NULL);
  g_return_val_if_fail (self->session != NULL, NULL);

  root = gtk_widget_get_root (GTK_WIDGET (self));
  return open_restock (self, stock, GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL);
}
