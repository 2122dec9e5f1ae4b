/* yz-supplies.c
 *
 * The restock plan: every stock item that is empty, at or below its threshold, or will be
 * empty within the horizon at the rate it was consumed lately (yz_stats_consumption_rates),
 * grouped by district and ordered by urgency, with how many to bring — the list for whoever
 * drives the van. The AED is an item like the others (level 0 = needs service).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "yz-supplies"

#include "config.h"

#include <math.h>
#include <string.h>

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
yz_supplies_days_left (gint64 level,
                       double rate)
{
  if (level <= 0)
    return 0;
  if (rate <= 0)
    return G_MAXDOUBLE;
  return level / rate;
}

/* Enough to fill it up after another day of use. */
gint64
yz_supplies_bring (gint64 level,
                   gint64 capacity,
                   double rate)
{
  gint64 tomorrow = MAX (0, level - (gint64)ceil (MAX (0, rate)));

  return MAX (0, capacity - tomorrow);
}

static int
compare_lines (gconstpointer a,
               gconstpointer b)
{
  const YzSupplyLine *x = *(YzSupplyLine * const *)a, *y = *(YzSupplyLine * const *)b;
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
yz_supplies_plan (GListModel *stock,
                  GListModel *stations,
                  GHashTable *rates,
                  guint       horizon_days,
                  const char *district)
{
  g_autoptr(GHashTable) by_id = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_object_unref);
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
      line->station_name = g_strdup (station ? yz_station_get_name (station) : yz_stock_get_station_id (item));
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
  GString *out = g_string_new ("district,station_id,station,item,name,unit,level,capacity,low_threshold,per_day,days_left,bring\r\n");

  for (guint i = 0; i < plan->len; i++)
    {
      YzSupplyLine *line = g_ptr_array_index (plan, i);
      char number[6][32];

      g_snprintf (number[0], sizeof number[0], "%" G_GINT64_FORMAT, yz_stock_get_level (line->stock));
      g_snprintf (number[1], sizeof number[1], "%" G_GINT64_FORMAT, yz_stock_get_capacity (line->stock));
      g_snprintf (number[2], sizeof number[2], "%" G_GINT64_FORMAT, yz_stock_get_low_threshold (line->stock));
      g_ascii_formatd (number[3], sizeof number[3], "%.2f", line->rate);
      if (line->days_left >= G_MAXDOUBLE)
        number[4][0] = '\0';
      else
        g_ascii_formatd (number[4], sizeof number[4], "%.1f", line->days_left);
      g_snprintf (number[5], sizeof number[5], "%" G_GINT64_FORMAT, line->bring);

      {
        const char *fields[] = {
          line->district, yz_stock_get_station_id (line->stock), line->station_name,
          yz_stock_get_item (line->stock), yz_stock_get_name (line->stock), yz_stock_get_unit (line->stock),
          number[0], number[1], number[2], number[3], number[4], number[5],
        };

        yz_csv_append_row (out, fields, G_N_ELEMENTS (fields));
      }
    }
  return g_string_free (out, FALSE);
}
