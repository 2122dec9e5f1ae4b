/* yz-door-dialog.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "yz-session.h"

G_BEGIN_DECLS

typedef enum
{
  YZ_DOOR_COMMAND_OPEN,
  YZ_DOOR_COMMAND_KEEP_OPEN,
  YZ_DOOR_COMMAND_LOCK,
  YZ_DOOR_COMMAND_NORMAL,
} YzDoorCommand;

#define YZ_TYPE_DOOR_DIALOG (yz_door_dialog_get_type ())
G_DECLARE_FINAL_TYPE (YzDoorDialog, yz_door_dialog, YZ, DOOR_DIALOG, AdwMessageDialog)

YzDoorDialog *yz_door_dialog_new (GtkWindow *parent, YzSession *session, YzStation *station,
                                  YzDoor *door);
void yz_door_dialog_set_command (YzDoorDialog *self, YzDoorCommand command, int minutes);
void yz_door_dialog_set_reason (YzDoorDialog *self, guint preset, const char *details);
char *yz_door_dialog_get_reason (YzDoorDialog *self);
gboolean yz_door_dialog_can_send (YzDoorDialog *self);
const char *yz_door_dialog_get_outcome (YzDoorDialog *self);
const char *yz_door_dialog_get_status (YzDoorDialog *self);
gboolean yz_door_dialog_is_closed (YzDoorDialog *self);
const char *yz_door_command_name (YzDoorCommand command);
char *yz_door_reason_text (guint preset, const char *details);
char *yz_door_outcome_text (YzDoor *door, const char *command, const GError *error);
void yz_door_dialog_watch_late_results (YzSession *session, GtkWidget *where);
char *yz_door_late_result_text (const char *door_name, const char *command, const char *outcome,
                                const char *message);

G_END_DECLS
