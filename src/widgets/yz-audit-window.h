/* yz-audit-window.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "yz-store.h"

G_BEGIN_DECLS

#define YZ_TYPE_AUDIT_WINDOW (yz_audit_window_get_type ())
G_DECLARE_FINAL_TYPE (YzAuditWindow, yz_audit_window, YZ, AUDIT_WINDOW, AdwWindow)

YzAuditWindow *yz_audit_window_new        (GtkWindow     *parent,
                                           YzStore       *store);
void           yz_audit_window_search     (YzAuditWindow *self,
                                           const char    *text);
GListModel    *yz_audit_window_get_model  (YzAuditWindow *self);
gboolean       yz_audit_window_check      (YzAuditWindow *self);
const char    *yz_audit_window_get_verdict (YzAuditWindow *self);

G_END_DECLS
