/* yz-store.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "yz-secrets.h"

G_BEGIN_DECLS

#define YZ_STORE_ERROR (yz_store_error_quark ())

typedef enum
{
  YZ_STORE_ERROR_NOT_A_DATABASE,
  YZ_STORE_ERROR_CORRUPT,
  YZ_STORE_ERROR_TOO_NEW,
  YZ_STORE_ERROR_IO,
  YZ_STORE_ERROR_FAILED,
} YzStoreError;

#define YZ_TYPE_STORE (yz_store_get_type ())
G_DECLARE_FINAL_TYPE (YzStore, yz_store, YZ, STORE, GObject)

GQuark yz_store_error_quark (void);
char *yz_store_default_path (void);
int yz_store_latest_version (void);
YzStore *yz_store_open (const char *path, GError **error);
YzStore *yz_store_open_or_recover (const char *path, char **moved_to, GError **reason,
                                   GError **error);
const char *yz_store_get_path (YzStore *self);
int yz_store_get_version (YzStore *self);
gint64 yz_store_audit_append (YzStore *self, gint64 time_ms, const char *operator_name,
                              const char *action, const char *target, const char *params_json,
                              const char *phase, const char *result, GError **error);
gboolean yz_store_audit_verify (YzStore *self, gint64 *first_broken, GError **error);
int yz_store_audit_report (YzStore *self, char **message);
void yz_store_set_audit_key (YzStore *self, const YzAuditKey *key);
gboolean yz_store_audit_anchor (YzStore *self, char **console, gint64 *count, char **hash);

G_END_DECLS
