/* yz-store-private.h
 *
 * For the core and the tests only.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <sqlite3.h>

#include "yz-store.h"

G_BEGIN_DECLS

sqlite3 *yz_store_get_db (YzStore *self);
sqlite3_stmt *yz_store_prepare (YzStore *self, const char *sql, GError **error);
gboolean yz_store_begin (YzStore *self, GError **error);
gboolean yz_store_commit (YzStore *self, GError **error);
void yz_store_rollback (YzStore *self);
gboolean yz_store_set_error (YzStore *self, int rc, const char *what, GError **error);
YzStore *yz_store_open_at_version (const char *path, int version, GError **error);
const YzAuditKey *yz_store_get_audit_key (YzStore *self);
void yz_store_audit_head_moved (const char *from, const char *to);

G_END_DECLS
