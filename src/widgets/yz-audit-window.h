/* yz-audit-window.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "yz-store.h"

G_BEGIN_DECLS

typedef enum
{
  YZ_AUDIT_COLUMN_TIME,
  YZ_AUDIT_COLUMN_OPERATOR,
  YZ_AUDIT_COLUMN_ACTION,
  YZ_AUDIT_COLUMN_TARGET,
  YZ_AUDIT_COLUMN_OUTCOME,
  YZ_AUDIT_COLUMN_DETAILS,
} YzAuditColumn;

#define YZ_TYPE_AUDIT_WINDOW (yz_audit_window_get_type ())
G_DECLARE_FINAL_TYPE (YzAuditWindow, yz_audit_window, YZ, AUDIT_WINDOW, AdwWindow)

YzAuditWindow *yz_audit_window_new (GtkWindow *parent, YzStore *store);
void yz_audit_window_search (YzAuditWindow *self, const char *text);
GListModel *yz_audit_window_get_model (YzAuditWindow *self);
gboolean yz_audit_window_check (YzAuditWindow *self);
const char *yz_audit_window_get_verdict (YzAuditWindow *self);
char *yz_audit_window_get_cell_text (YzAuditWindow *self, guint position, YzAuditColumn column);
char *yz_audit_describe (const char *action, const char *target_name, const char *params,
                         const char *phase, const char *result);

G_END_DECLS
