/* yz-entry-model.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "yz-event.h"
#include "yz-store.h"

G_BEGIN_DECLS

#define YZ_TYPE_ENTRY_MODEL (yz_entry_model_get_type ())
G_DECLARE_FINAL_TYPE (YzEntryModel, yz_entry_model, YZ, ENTRY_MODEL, GObject)

YzEntryModel *yz_entry_model_new (YzStore *store);
void yz_entry_model_set_filter (YzEntryModel *self, const char *station_id, gint64 from, gint64 to,
                                const char *result, const char *person);
void yz_entry_model_set_method (YzEntryModel *self, const char *method);
void yz_entry_model_set_station_text (YzEntryModel *self, const char *text);
void yz_entry_model_added (YzEntryModel *self, GPtrArray *entries);
void yz_entry_model_reload (YzEntryModel *self);
void yz_entry_model_set_hold (YzEntryModel *self, gboolean hold);
gboolean yz_entry_model_get_hold (YzEntryModel *self);
guint yz_entry_model_get_n_held (YzEntryModel *self);
void yz_entry_model_show_held (YzEntryModel *self);
const char *yz_entry_model_get_person (YzEntryModel *self);
const char *yz_entry_model_get_station_text (YzEntryModel *self);
void yz_entry_model_get_range (YzEntryModel *self, gint64 *from, gint64 *to);
guint yz_entry_model_get_n_queries (YzEntryModel *self);

G_END_DECLS
