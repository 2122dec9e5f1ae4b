/* yz-stock.h
 *
 * YzStock, an item of the session's list models. Only the core changes it
 * (yz-stock-private.h).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
G_BEGIN_DECLS

#define YZ_TYPE_STOCK (yz_stock_get_type ())
G_DECLARE_FINAL_TYPE (YzStock, yz_stock, YZ, STOCK, GObject)

const char *yz_stock_get_id (YzStock *self);
const char *yz_stock_get_station_id (YzStock *self);
const char *yz_stock_get_item (YzStock *self);
const char *yz_stock_get_name (YzStock *self);
const char *yz_stock_get_unit (YzStock *self);
gint64 yz_stock_get_level (YzStock *self);
gint64 yz_stock_get_capacity (YzStock *self);
gint64 yz_stock_get_low_threshold (YzStock *self);
gboolean yz_stock_get_low (YzStock *self);

G_END_DECLS
