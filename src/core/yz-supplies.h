/* yz-supplies.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "yz-items.h"

G_BEGIN_DECLS

/* One item of one station, with its forecast. */
typedef struct
{
  YzStock *stock; /* a reference */
  char *station_name;
  char *district;
  double rate;      /* consumed per day, 0 when nothing was seen */
  double days_left; /* until empty at that rate; G_MAXDOUBLE when not consumed */
  gint64 bring;     /* how many to bring for a van tomorrow: up to capacity */
  gboolean due;     /* empty, at or below its threshold, or empty within the horizon */
} YzSupplyLine;

/* One station's supplies at a glance: what the supplies page's table shows and sorts by. */
typedef struct
{
  double days_left; /* the soonest of its consumables (not the AED); G_MAXDOUBLE: none is being used
                       up */
  double fill;      /* the lowest level / capacity of its consumables; 1 when it has none */
  guint n_low;      /* at or below their threshold, the AED needing service included */
  guint n_empty;    /* consumables at 0 */
  gboolean needs;   /* something to bring: empty, low, or out within the horizon */
} YzSupplySummary;

void yz_supply_line_free (YzSupplyLine *line);
double yz_supplies_days_left (gint64 level, double rate);
gint64 yz_supplies_bring (gint64 level, gint64 capacity, double rate);
GPtrArray *yz_supplies_plan (GListModel *stock, GListModel *stations, GHashTable *rates,
                             guint horizon_days, const char *district);
char *yz_supplies_plan_to_csv (GPtrArray *plan);
gboolean yz_supplies_plan_save_csv (GPtrArray *plan, const char *path, GError **error);

/* What the supplies page, the restock dialog and the restock list show: plain functions of
 * values, so that a test can call them without a display. */
gboolean yz_supplies_is_aed (YzStock *stock);
double yz_supplies_rate_of (GHashTable *rates, YzStock *stock);
void yz_supplies_summarize (GListModel *stock, GHashTable *rates, guint horizon_days,
                            YzSupplySummary *out);
YzStock *yz_supplies_most_urgent (GListModel *stock, GHashTable *rates);
char *yz_supplies_format_days_left (double days_left);
char *yz_supplies_format_level (YzStock *stock);
char *yz_supplies_describe_stock (GHashTable *rates, YzStock *stock);
void yz_supplies_describe_empty (gboolean has_session, gboolean connected, const char **title,
                                 const char **description, gboolean *offer_setup);
char *yz_supplies_describe_first_out (const YzSupplySummary *summary, const char *first_item);
char *yz_supplies_describe_count (guint listed, guint total, guint needing);
void yz_supplies_item_status (YzStock *stock, double rate, guint horizon_days, const char **state,
                              const char **icon);
void yz_supplies_runs_out_status (double days_left, guint horizon_days, const char **state,
                                  const char **icon);
char *yz_supplies_bring_text (YzSupplyLine *line);
char *yz_supplies_horizon_label (guint days);
char *yz_supplies_nothing_to_bring (guint days);
char *yz_supplies_plan_subtitle (GDateTime *now, const char *district, guint horizon_days,
                                 guint n_items);

G_END_DECLS
