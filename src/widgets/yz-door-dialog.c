/* yz-door-dialog.c
 *
 * The door command: what (unlock once, keep open for N minutes, lock, back to normal), why
 * (a preset reason, or one's own words; required), and a confirmation that names the
 * station and the door. Sent through the session, which writes the audit log before and
 * after; the result (opened, refused with the gateway's reason, or no answer) comes back
 * as a toast.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "yz-door-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "yz-door-dialog.h"
#include "yz-labels.h"

#define OTHER_REASON 4

struct _YzDoorDialog
{
  AdwMessageDialog  parent_instance;

  YzSession        *session;
  YzDoor           *door;
  GtkWidget        *parent;        /* weak: where the result is told */
  GtkDropDown      *command;
  GtkSpinButton    *minutes;
  GtkWidget        *minutes_row;
  GtkDropDown      *preset;
  GtkEntry         *details;
};

G_DEFINE_FINAL_TYPE (YzDoorDialog, yz_door_dialog, ADW_TYPE_MESSAGE_DIALOG)

static const char * const presets[] = {
  N_("Worker locked out, identity confirmed"),
  N_("Medical help arriving"),
  N_("Cleaning or maintenance"),
  N_("Restocking supplies"),
  N_("Other (say what below)"),
};

const char *
yz_door_command_name (YzDoorCommand command)
{
  switch (command)
    {
    case YZ_DOOR_COMMAND_KEEP_OPEN: return "keep-open";
    case YZ_DOOR_COMMAND_LOCK: return "lock";
    case YZ_DOOR_COMMAND_NORMAL: return "normal";
    case YZ_DOOR_COMMAND_OPEN:
    default: return "open";
    }
}

/**
 * yz_door_reason_text:
 *
 * The reason as recorded: the preset, with the operator's words after it; for "other",
 * the words alone. %NULL when nothing usable was given ("other" without words).
 */
char *
yz_door_reason_text (guint       preset,
                     const char *details)
{
  g_autofree char *words = g_strstrip (g_strdup (details ? details : ""));

  if (preset >= G_N_ELEMENTS (presets))
    return NULL;
  if (preset == OTHER_REASON)
    return words[0] != '\0' ? g_steal_pointer (&words) : NULL;
  if (words[0] == '\0')
    return g_strdup (_(presets[preset]));

  return g_strdup_printf ("%s: %s", _(presets[preset]), words);
}

char *
yz_door_dialog_get_reason (YzDoorDialog *self)
{
  return yz_door_reason_text (gtk_drop_down_get_selected (self->preset),
                              gtk_editable_get_text (GTK_EDITABLE (self->details)));
}

gboolean
yz_door_dialog_can_send (YzDoorDialog *self)
{
  g_autofree char *reason = yz_door_dialog_get_reason (self);

  return reason != NULL && g_utf8_strlen (reason, -1) <= 200;
}

static void
update (YzDoorDialog *self)
{
  gboolean keep_open = gtk_drop_down_get_selected (self->command) == YZ_DOOR_COMMAND_KEEP_OPEN;

  gtk_widget_set_visible (self->minutes_row, keep_open);
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (self), "send", yz_door_dialog_can_send (self));
}

static void
tell (YzDoorDialog *self,
      const char   *message)
{
  GtkWidget *overlay = self->parent ? gtk_widget_get_ancestor (self->parent, ADW_TYPE_TOAST_OVERLAY) : NULL;

  if (overlay != NULL)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), adw_toast_new (message));
  else
    g_message ("%s", message);
}

static void
done_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(YzDoorDialog) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!yz_session_door_command_finish (YZ_SESSION (object), result, &error))
    tell (self, error->message);
  else
    tell (self, _("The door carried out the command"));
}

static void
response_cb (YzDoorDialog *self,
             const char   *response)
{
  YzDoorCommand command = gtk_drop_down_get_selected (self->command);
  g_autofree char *reason = NULL;

  if (!g_str_equal (response, "send") || !yz_door_dialog_can_send (self))
    return;
  reason = yz_door_dialog_get_reason (self);
  yz_session_door_command_async (self->session, self->door, yz_door_command_name (command),
                                 command == YZ_DOOR_COMMAND_KEEP_OPEN ? gtk_spin_button_get_value_as_int (self->minutes) : 0,
                                 reason, NULL, done_cb, g_object_ref (self));
}

static void
yz_door_dialog_dispose (GObject *object)
{
  YzDoorDialog *self = YZ_DOOR_DIALOG (object);

  g_clear_object (&self->session);
  g_clear_object (&self->door);
  g_clear_weak_pointer (&self->parent);

  G_OBJECT_CLASS (yz_door_dialog_parent_class)->dispose (object);
}

static void
yz_door_dialog_class_init (YzDoorDialogClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = yz_door_dialog_dispose;
}

static GtkWidget *
labelled (const char *mnemonic,
          GtkWidget  *widget)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  GtkWidget *label = gtk_label_new_with_mnemonic (mnemonic);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_mnemonic_widget (GTK_LABEL (label), widget);
  gtk_widget_add_css_class (label, "heading");
  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), widget);

  return box;
}

static void
yz_door_dialog_init (YzDoorDialog *self)
{
  g_autoptr(GtkStringList) commands = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) reasons = gtk_string_list_new (NULL);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);

  gtk_string_list_append (commands, _("Unlock once"));
  gtk_string_list_append (commands, _("Keep open for a while"));
  gtk_string_list_append (commands, _("Lock"));
  gtk_string_list_append (commands, _("Back to its normal mode"));
  for (guint i = 0; i < G_N_ELEMENTS (presets); i++)
    gtk_string_list_append (reasons, _(presets[i]));

  self->command = GTK_DROP_DOWN (gtk_drop_down_new (G_LIST_MODEL (g_object_ref (commands)), NULL));
  self->minutes = GTK_SPIN_BUTTON (gtk_spin_button_new_with_range (1, 240, 5));
  gtk_spin_button_set_value (self->minutes, 30);
  self->minutes_row = labelled (_("_Minutes"), GTK_WIDGET (self->minutes));
  self->preset = GTK_DROP_DOWN (gtk_drop_down_new (G_LIST_MODEL (g_object_ref (reasons)), NULL));
  self->details = GTK_ENTRY (gtk_entry_new ());
  gtk_entry_set_placeholder_text (self->details, _("Details: who, and how it was confirmed"));
  gtk_entry_set_max_length (self->details, 160);

  gtk_box_append (GTK_BOX (box), labelled (_("_Command"), GTK_WIDGET (self->command)));
  gtk_box_append (GTK_BOX (box), self->minutes_row);
  gtk_box_append (GTK_BOX (box), labelled (_("_Reason (required)"), GTK_WIDGET (self->preset)));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->details));
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (self), box);

  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (self), "cancel", _("_Cancel"), "send", _("_Send to the Door"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (self), "send", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (self), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (self), "cancel");

  g_signal_connect_swapped (self->command, "notify::selected", G_CALLBACK (update), self);
  g_signal_connect_swapped (self->preset, "notify::selected", G_CALLBACK (update), self);
  g_signal_connect_swapped (self->details, "changed", G_CALLBACK (update), self);
  g_signal_connect (self, "response", G_CALLBACK (response_cb), NULL);
  update (self);
}

YzDoorDialog *
yz_door_dialog_new (GtkWindow *parent,
                    YzSession *session,
                    YzStation *station,
                    YzDoor    *door)
{
  YzDoorDialog *self;
  g_autofree char *heading = NULL;
  g_autofree char *body = NULL;

  g_return_val_if_fail (YZ_IS_SESSION (session), NULL);
  g_return_val_if_fail (YZ_IS_DOOR (door), NULL);

  heading = g_strdup_printf (_("Door Command: %s, %s"), station ? yz_station_get_name (station) : "",
                             yz_door_get_name (door));
  body = g_strdup_printf (_("The door is %s. The command and its reason are recorded under your name."),
                          yz_label_door_state (yz_door_get_state (door)));
  self = g_object_new (YZ_TYPE_DOOR_DIALOG, "transient-for", parent, "modal", TRUE,
                       "heading", heading, "body", body, NULL);
  self->session = g_object_ref (session);
  self->door = g_object_ref (door);
  g_set_weak_pointer (&self->parent, GTK_WIDGET (parent));

  return self;
}

void
yz_door_dialog_set_command (YzDoorDialog  *self,
                            YzDoorCommand  command,
                            int            minutes)
{
  gtk_drop_down_set_selected (self->command, command);
  if (minutes > 0)
    gtk_spin_button_set_value (self->minutes, minutes);
}

void
yz_door_dialog_set_reason (YzDoorDialog *self,
                           guint         preset,
                           const char   *details)
{
  gtk_drop_down_set_selected (self->preset, preset);
  gtk_editable_set_text (GTK_EDITABLE (self->details), details ? details : "");
}
