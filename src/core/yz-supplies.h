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
  YzStock  *stock;          /* a reference */
  char     *station_name;
  char     *district;
  double    rate;           /* consumed per day, 0 when nothing was seen */
  double    days_left;      /* until empty at that rate; G_MAXDOUBLE when not consumed */
  gint64    bring;          /* how many to bring for a van tomorrow: up to capacity */
  gboolean  due;            /* empty, at or below its threshold, or empty within the horizon */
} YzSupplyLine;

void       yz_supply_line_free      (YzSupplyLine *line);
double     yz_supplies_days_left    (gint64        level,
                                     double        rate);
gint64     yz_supplies_bring        (gint64        level,
                                     gint64        capacity,
                                     double        rate);
GPtrArray *yz_supplies_plan         (GListModel   *stock,
                                     GListModel   *stations,
                                     GHashTable   *rates,
                                     guint         horizon_days,
                                     const char   *district);
char      *yz_supplies_plan_to_csv  (GPtrArray    *plan);

G_END_DECLS
