/* yz-snapshot-cache.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "yz-backend.h"

G_BEGIN_DECLS

typedef struct _YzSnapshotCache YzSnapshotCache;

YzSnapshotCache *yz_snapshot_cache_new (const char *dir, guint64 max_bytes);
void yz_snapshot_cache_free (YzSnapshotCache *self);
GBytes *yz_snapshot_cache_lookup (YzSnapshotCache *self, const char *id);
gboolean yz_snapshot_cache_store (YzSnapshotCache *self, const char *id, GBytes *bytes,
                                  GError **error);
guint64 yz_snapshot_cache_get_size (YzSnapshotCache *self);
guint yz_snapshot_cache_get_n_files (YzSnapshotCache *self);
char *yz_snapshot_cache_default_dir (void);
void yz_snapshot_cache_fetch_async (YzSnapshotCache *self, YzBackend *backend,
                                    gpointer source_object, const char *snapshot_id,
                                    GCancellable *cancellable, GAsyncReadyCallback callback,
                                    gpointer user_data);
GBytes *yz_snapshot_cache_fetch_finish (GAsyncResult *result, GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (YzSnapshotCache, yz_snapshot_cache_free)

G_END_DECLS
