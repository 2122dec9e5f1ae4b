/* yz-stock-private.h
 *
 * How the core builds and changes a YzStock. Not for the UI.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "yz-event.h"
#include "yz-stock.h"

G_BEGIN_DECLS

YzStock *yz_stock_new (const YzStockData *data);
void yz_stock_update (YzStock *self, const YzStockData *data);
void yz_stock_set_level (YzStock *self, gint64 level);

G_END_DECLS
