/* yz-resolve-dialog.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "yz-session.h"

G_BEGIN_DECLS

#define YZ_TYPE_RESOLVE_DIALOG (yz_resolve_dialog_get_type ())
G_DECLARE_FINAL_TYPE (YzResolveDialog, yz_resolve_dialog, YZ, RESOLVE_DIALOG, AdwMessageDialog)

YzResolveDialog *yz_resolve_dialog_new (GtkWindow *parent, YzAlarm *alarm);
YzAlarm *yz_resolve_dialog_get_alarm (YzResolveDialog *self);
const char *yz_resolve_dialog_get_category (YzResolveDialog *self);
char *yz_resolve_dialog_get_note (YzResolveDialog *self);
const char *yz_alarm_resolve_missing (const char *category, const char *note);

G_END_DECLS
