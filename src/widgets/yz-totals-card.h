/* yz-totals-card.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define YZ_TYPE_TOTALS_CARD (yz_totals_card_get_type ())
G_DECLARE_FINAL_TYPE (YzTotalsCard, yz_totals_card, YZ, TOTALS_CARD, GtkWidget)

GtkWidget *yz_totals_card_new (const char *title);
const char *yz_totals_card_get_title (YzTotalsCard *self);
void yz_totals_card_set_title (YzTotalsCard *self, const char *title);
const char *yz_totals_card_get_value (YzTotalsCard *self);
void yz_totals_card_set_value (YzTotalsCard *self, const char *value);
void yz_totals_card_set_count (YzTotalsCard *self, gint64 count);
gboolean yz_totals_card_get_large (YzTotalsCard *self);
void yz_totals_card_set_large (YzTotalsCard *self, gboolean large);
gboolean yz_totals_card_get_alert (YzTotalsCard *self);
void yz_totals_card_set_alert (YzTotalsCard *self, gboolean alert);

G_END_DECLS
