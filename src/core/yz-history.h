/* yz-history.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "yz-store.h"

G_BEGIN_DECLS

typedef struct
{
  guint64 entries;
  guint64 alarms;
  guint64 stock_changes;
  guint64 door_commands;
} YzHistoryCounts;

gboolean yz_history_generate_day (YzStore *store, GTimeZone *tz, guint32 day, guint32 seed,
                                  gint64 until_ms, YzHistoryCounts *counts, GError **error);

void yz_history_fill_async (YzStore *store, guint days, GCancellable *cancellable,
                            GAsyncReadyCallback callback, gpointer user_data);
gboolean yz_history_fill_finish (YzStore *store, GAsyncResult *result, GError **error);

G_END_DECLS
