/* yz-supplies.c
 *
 * The restock plan: every stock item that is empty, at or below its threshold, or will be
 * empty within the horizon at the rate it was consumed lately (yz_stats_consumption_rates),
 * grouped by district and ordered by urgency, with how many to bring — the list for whoever
 * drives the van. The AED is an item like the others (level 0 = needs service).
 *
 * Below it, what the supplies page, the restock dialog and the restock list show for an item
 * or a station, as plain functions of values (tests/test-supplies-logic.c calls them without
 * a display): the summary a table row sorts by, the words for a level and a forecast, the
 * state (colour class and icon) of a cell, and what the page says when it has nothing to show.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "yz-supplies"

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n.h>

#include "yz-csv.h"
#include "yz-supplies.h"

void
yz_supply_line_free (YzSupplyLine *line)
{
  g_clear_object (&line->stock);
  g_free (line->station_name);
  g_free (line->district);
  g_free (line);
}

double
yz_supplies_days_left (gint64 level, double rate)
{
  if (level <= 0)
    return 0;
  if (rate <= 0)
    return G_MAXDOUBLE;
  return level / rate;
}

/* Enough to fill it up after another day of use. */
gint64
yz_supplies_bring (gint64 level, gint64 capacity, double rate)
{
  gint64 tomorrow = MAX (0, level - (gint64)ceil (MAX (0, rate)));

  return MAX (0, capacity - tomorrow);
}

static int
compare_lines (gconstpointer a, gconstpointer b)
{
  const YzSupplyLine *x = *(YzSupplyLine *const *)a, *y = *(YzSupplyLine *const *)b;
  int by_district = g_strcmp0 (x->district, y->district);

  if (by_district != 0)
    return by_district;
  if (x->days_left != y->days_left)
    return x->days_left < y->days_left ? -1 : 1;
  if (yz_stock_get_level (x->stock) != yz_stock_get_level (y->stock))
    return yz_stock_get_level (x->stock) < yz_stock_get_level (y->stock) ? -1 : 1;
  return g_strcmp0 (yz_stock_get_id (x->stock), yz_stock_get_id (y->stock));
}

/**
 * yz_supplies_plan:
 * @stock: (element-type YzStock): every stock item
 * @stations: (element-type YzStation): for names and districts
 * @rates: stock id -> (double *) consumed per day
 * @district: (nullable): only this district
 *
 * Returns: (transfer full) (element-type YzSupplyLine): the items due, by district (in
 *   collation order) and then the soonest empty first
 */
GPtrArray *
yz_supplies_plan (GListModel *stock, GListModel *stations, GHashTable *rates, guint horizon_days,
                  const char *district)
{
  g_autoptr(GHashTable) by_id =
      g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_object_unref);
  GPtrArray *plan = g_ptr_array_new_with_free_func ((GDestroyNotify)yz_supply_line_free);

  for (guint i = 0; i < g_list_model_get_n_items (stations); i++)
    {
      YzStation *station = g_list_model_get_item (stations, i);

      g_hash_table_insert (by_id, (gpointer)yz_station_get_id (station), station);
    }

  for (guint i = 0; i < g_list_model_get_n_items (stock); i++)
    {
      g_autoptr(YzStock) item = g_list_model_get_item (stock, i);
      YzStation *station = g_hash_table_lookup (by_id, yz_stock_get_station_id (item));
      const char *station_district = station ? yz_station_get_district (station) : NULL;
      double *rate = rates ? g_hash_table_lookup (rates, yz_stock_get_id (item)) : NULL;
      gint64 level = yz_stock_get_level (item);
      YzSupplyLine *line;
      double days_left;

      if (district != NULL && g_strcmp0 (district, station_district) != 0)
        continue;
      days_left = yz_supplies_days_left (level, rate ? *rate : 0);
      if (!(level <= 0 || yz_stock_get_low (item) || days_left <= horizon_days))
        continue;

      line = g_new0 (YzSupplyLine, 1);
      line->stock = g_object_ref (item);
      line->station_name =
          g_strdup (station ? yz_station_get_name (station) : yz_stock_get_station_id (item));
      line->district = g_strdup (station_district ? station_district : "");
      line->rate = rate ? *rate : 0;
      line->days_left = days_left;
      line->bring = yz_supplies_bring (level, yz_stock_get_capacity (item), line->rate);
      line->due = TRUE;
      g_ptr_array_add (plan, line);
    }

  g_ptr_array_sort (plan, compare_lines);
  return plan;
}

/* RFC 4180, UTF-8; the column names are for programs, not translated. */
char *
yz_supplies_plan_to_csv (GPtrArray *plan)
{
  GString *out = g_string_new ("district,station_id,station,item,name,unit,level,capacity,low_"
                               "threshold,per_day,days_left,bring\r\n");

  for (guint i = 0; i < plan->len; i++)
    {
      YzSupplyLine *line = g_ptr_array_index (plan, i);
      char number[6][32];

      g_snprintf (number[0], sizeof number[0], "%" G_GINT64_FORMAT,
                  yz_stock_get_level (line->stock));
      g_snprintf (number[1], sizeof number[1], "%" G_GINT64_FORMAT,
                  yz_stock_get_capacity (line->stock));
      g_snprintf (number[2], sizeof number[2], "%" G_GINT64_FORMAT,
                  yz_stock_get_low_threshold (line->stock));
      g_ascii_formatd (number[3], sizeof number[3], "%.2f", line->rate);
      if (line->days_left >= G_MAXDOUBLE)
        number[4][0] = '\0';
      else
        g_ascii_formatd (number[4], sizeof number[4], "%.1f", line->days_left);
      g_snprintf (number[5], sizeof number[5], "%" G_GINT64_FORMAT, line->bring);

      {
        const char *fields[] = {
          line->district,
          yz_stock_get_station_id (line->stock),
          line->station_name,
          yz_stock_get_item (line->stock),
          yz_stock_get_name (line->stock),
          yz_stock_get_unit (line->stock),
          number[0],
          number[1],
          number[2],
          number[3],
          number[4],
          number[5],
        };

        yz_csv_append_row (out, fields, G_N_ELEMENTS (fields));
      }
    }
  return g_string_free (out, FALSE);
}

/* The restock list as a CSV file (yz_supplies_plan_to_csv: RFC 4180, UTF-8). */
gboolean
yz_supplies_plan_save_csv (GPtrArray *plan, const char *path, GError **error)
{
  g_autoptr(GFile) file = NULL;
  g_autofree char *csv = NULL;

  g_return_val_if_fail (plan != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  csv = yz_supplies_plan_to_csv (plan);
  file = g_file_new_for_path (path);
  return g_file_replace_contents (file, csv, strlen (csv), NULL, FALSE,
                                  G_FILE_CREATE_REPLACE_DESTINATION, NULL, NULL, error);
}

/* ---- what the supplies page shows ---- */

gboolean
yz_supplies_is_aed (YzStock *stock)
{
  return g_strcmp0 (yz_stock_get_item (stock), "aed") == 0;
}

/* @rates: (nullable): stock id -> (double *) consumed per day */
double
yz_supplies_rate_of (GHashTable *rates, YzStock *stock)
{
  double *rate = rates ? g_hash_table_lookup (rates, yz_stock_get_id (stock)) : NULL;

  return rate ? *rate : 0;
}

/**
 * yz_supplies_summarize:
 * @stock: (element-type YzStock) (nullable): one station's items
 * @rates: (nullable): stock id -> (double *) consumed per day
 *
 * What the table shows for a station, from values alone.
 */
void
yz_supplies_summarize (GListModel *stock, GHashTable *rates, guint horizon_days,
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
      double days = yz_supplies_days_left (level, yz_supplies_rate_of (rates, item));
      gboolean low = yz_stock_get_low (item);

      if (low)
        out->n_low++;
      /* The restock plan's rule, so that the toggle and the list agree. */
      if (level <= 0 || low || days <= horizon_days)
        out->needs = TRUE;
      if (yz_supplies_is_aed (item))
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
 * yz_supplies_most_urgent:
 * @stock: (element-type YzStock) (nullable): one station's items
 * @rates: (nullable): stock id -> (double *) consumed per day
 *
 * The item to restock first: the soonest empty, then the emptiest; the AED last.
 *
 * Returns: (transfer none) (nullable): an item of @stock, which keeps it
 */
YzStock *
yz_supplies_most_urgent (GListModel *stock, GHashTable *rates)
{
  YzStock *best = NULL;
  double best_days = 0, best_fill = 0;

  for (guint i = 0; stock != NULL && i < g_list_model_get_n_items (stock); i++)
    {
      g_autoptr(YzStock) item = g_list_model_get_item (stock, i);
      double days =
          yz_supplies_days_left (yz_stock_get_level (item), yz_supplies_rate_of (rates, item));
      double fill = (double)yz_stock_get_level (item) / MAX (1, yz_stock_get_capacity (item));

      if (yz_supplies_is_aed (item))
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

/**
 * yz_supplies_format_days_left:
 *
 * Returns: (transfer full): "Empty", "< 1 day", "2 days", … or "—" when nothing is being
 *   used up
 */
char *
yz_supplies_format_days_left (double days_left)
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

/* "36/48 瓶", or the AED's state. */
char *
yz_supplies_format_level (YzStock *stock)
{
  const char *unit = yz_stock_get_unit (stock);

  if (yz_supplies_is_aed (stock))
    return g_strdup (yz_stock_get_level (stock) > 0 ? _("Ready") : _("Needs service"));
  return g_strdup_printf ("%" G_GINT64_FORMAT "/%" G_GINT64_FORMAT "%s%s",
                          yz_stock_get_level (stock), yz_stock_get_capacity (stock),
                          unit && unit[0] ? " " : "", unit ? unit : "");
}

/* What one item's state is in words: never colour alone. */
char *
yz_supplies_describe_stock (GHashTable *rates, YzStock *stock)
{
  double rate = yz_supplies_rate_of (rates, stock);
  gint64 level = yz_stock_get_level (stock);
  g_autofree char *days = yz_supplies_format_days_left (yz_supplies_days_left (level, rate));
  const char *unit = yz_stock_get_unit (stock) ? yz_stock_get_unit (stock) : "";
  g_autofree char *amount = NULL;
  const char *state;

  if (yz_supplies_is_aed (stock))
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

/**
 * yz_supplies_describe_empty:
 * @has_session: a gateway is set up
 * @connected: the session is connected to it
 *
 * What the supplies page says when it has no supply levels to show: no gateway set up (and
 * a way to set one up); not connected, with nothing stored; or connected, and the gateway
 * lists no supplies.
 */
void
yz_supplies_describe_empty (gboolean has_session, gboolean connected, const char **title,
                            const char **description, gboolean *offer_setup)
{
  *offer_setup = !has_session;
  if (!has_session)
    {
      *title = _("No Gateway Is Set Up");
      *description =
          _("Drinking water, cold drinks, ice cream, medicine kits and the other supplies of "
             "every station are shown here, the ones running low first, once the console is "
             "connected to a gateway. Set one up in Preferences, or start the console with "
             "--demo to watch the built-in simulator.");
    }
  else if (!connected)
    {
      *title = _("Not Connected");
      *description =
          _("The console is not connected to the gateway and has no supply levels stored. "
             "They are shown here when the connection is back.");
    }
  else
    {
      *title = _("No Supplies Listed");
      *description = _("The gateway lists no supplies at any station.");
    }
}

/**
 * yz_supplies_describe_first_out:
 * @first_item: (nullable): the shown name of the item that runs out first
 *
 * Returns: (transfer full): the line under a station's name in the details: which item runs
 *   out first and when, or that nothing is running out
 */
char *
yz_supplies_describe_first_out (const YzSupplySummary *summary, const char *first_item)
{
  g_autofree char *days = NULL;

  if (summary->days_left >= G_MAXDOUBLE || first_item == NULL)
    return g_strdup (summary->n_low > 0 ? _("Some items are low; none is being used up quickly")
                                        : _("Nothing is running out"));
  days = yz_supplies_format_days_left (summary->days_left);
  /* TRANSLATORS: "Runs out first: Water, < 1 day" */
  return g_strdup_printf (_("Runs out first: %s, %s"), first_item, days);
}

/* The count above the table: "6 stations · 2 need supplies", or "3 of 6 stations · …". */
char *
yz_supplies_describe_count (guint listed, guint total, guint needing)
{
  g_autofree char *count = NULL;
  g_autofree char *needs = NULL;

  if (listed == total)
    count =
        g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u station", "%u stations", total), total);
  else
    /* TRANSLATORS: stations listed of all stations */
    count = g_strdup_printf (
        g_dngettext (GETTEXT_PACKAGE, "%u of %u station", "%u of %u stations", total), listed,
        total);
  needs = g_strdup_printf (
      g_dngettext (GETTEXT_PACKAGE, "%u needs supplies", "%u need supplies", needing), needing);
  return g_strdup_printf ("%s · %s", count, needs);
}

/**
 * yz_supplies_item_status:
 * @rate: consumed per day
 * @state: (out) (nullable): the style class: "error", "warning", "success" or %NULL
 * @icon: (out) (nullable): the icon beside the level, or %NULL for none
 *
 * How a station's item is marked in the table: empty or an AED needing service in red, low
 * in amber, each with an icon; not low yet but gone within the horizon at the rate it is
 * used, a clock rather than a warning sign.
 */
void
yz_supplies_item_status (YzStock *stock, double rate, guint horizon_days, const char **state,
                         const char **icon)
{
  gint64 level = yz_stock_get_level (stock);

  *state = NULL;
  *icon = NULL;
  if (yz_supplies_is_aed (stock))
    {
      *state = level > 0 ? "success" : "error";
      *icon = level > 0 ? "emblem-ok-symbolic" : "dialog-error-symbolic";
    }
  else if (level <= 0)
    *state = "error", *icon = "dialog-error-symbolic";
  else if (yz_stock_get_low (stock))
    *state = "warning", *icon = "dialog-warning-symbolic";
  else
    {
      /* Not low yet, but gone soon at the rate it is used: a clock, not a warning sign. */
      double days = yz_supplies_days_left (level, rate);

      if (days <= horizon_days)
        *state = days < 1 ? "error" : "warning", *icon = "alarm-symbolic";
    }
}

/**
 * yz_supplies_runs_out_status:
 * @days_left: a station's summary's
 * @state: (out) (nullable): "error", "warning", "dim-label" (nothing is used up) or %NULL
 * @icon: (out) (nullable): the icon beside the days, or %NULL for none
 *
 * How the "Runs Out" cell of a station is marked.
 */
void
yz_supplies_runs_out_status (double days_left, guint horizon_days, const char **state,
                             const char **icon)
{
  *state = NULL;
  *icon = NULL;
  if (days_left < 1)
    *state = "error", *icon = "dialog-error-symbolic";
  else if (days_left <= horizon_days)
    *state = "warning", *icon = "dialog-warning-symbolic";
  else if (days_left >= G_MAXDOUBLE)
    *state = "dim-label";
}

/* What the restock list says to bring: "Bring 40", or the AED's "Service". */
char *
yz_supplies_bring_text (YzSupplyLine *line)
{
  if (yz_supplies_is_aed (line->stock))
    return g_strdup (_("Service"));
  /* TRANSLATORS: how many to bring, e.g. "Bring 40" */
  return g_strdup_printf (_("Bring %d"), (int)MIN (line->bring, G_MAXINT));
}

char *
yz_supplies_horizon_label (guint days)
{
  /* TRANSLATORS: how far ahead the restock list looks */
  return g_strdup_printf (
      g_dngettext (GETTEXT_PACKAGE, "Runs Out Within %u Day", "Runs Out Within %u Days", days),
      days);
}

char *
yz_supplies_nothing_to_bring (guint days)
{
  return g_strdup_printf (
      g_dngettext (GETTEXT_PACKAGE,
                   "No station is empty, low, or forecast to run out within %u day.",
                   "No station is empty, low, or forecast to run out within %u days.", days),
      days);
}

/**
 * yz_supplies_plan_subtitle:
 * @now: when the list is made, local time
 * @district: (nullable): the district it is for; %NULL: every district
 *
 * Returns: (transfer full): when and what, as the restock list's window and its printout
 *   say it: "2026-07-14 08:30 · All Districts · Runs Out Within 2 Days · 12 items"
 */
char *
yz_supplies_plan_subtitle (GDateTime *now, const char *district, guint horizon_days, guint n_items)
{
  g_autofree char *when = g_date_time_format (now, "%Y-%m-%d %H:%M");
  g_autofree char *horizon = yz_supplies_horizon_label (horizon_days);
  g_autofree char *count =
      g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u item", "%u items", n_items), n_items);

  return g_strdup_printf ("%s · %s · %s · %s", when, district ? district : _("All Districts"),
                          horizon, count);
}
