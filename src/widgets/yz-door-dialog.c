/* yz-door-dialog.c
 *
 * The door command: what (unlock once, keep open for N minutes, lock, back to normal), why
 * (a preset reason, or one's own words; required), and a confirmation that names the
 * station and the door. Sent through the session, which writes the audit log before and
 * after. Until the gateway has taken the command the dialog stays open: if it could not be
 * sent (not connected, the role, the gateway's refusal) the reason is shown in it and the
 * officer may send again or cancel. Once taken, the dialog closes, and the door's answer
 * (carried out, refused by the station, not carried out for its expiry, or "outcome
 * unknown" with the door's state read again) is a toast in the window. The reason goes as
 * its stable code (yz-door-reason.c) with the officer's words. An answer that comes after
 * "outcome unknown" is told by the window (yz_door_late_result_text()).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "yz-door-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "yz-door-dialog.h"
#include "yz-door-reason.h"
#include "yz-labels.h"
#include "yz-vocabulary.h"

#define OTHER_REASON 4
#define FAILURE_TOAST_S 10

struct _YzDoorDialog
{
  AdwMessageDialog parent_instance;

  YzSession *session;
  YzDoor *door;
  GtkWidget *parent; /* weak: where the result is told */
  GtkDropDown *command;
  GtkSpinButton *minutes;
  GtkWidget *minutes_row;
  GtkDropDown *preset;
  GtkEntry *details;
  GtkLabel *status; /* sending, or why it was not sent */
  YzDoorCommand command_sent;

  gboolean sending; /* on its way; the gateway has not taken it yet */
  gboolean sent;    /* the gateway took it: the result is a toast */
  gboolean closed;
  char *outcome; /* the last thing told, in the dialog or a toast */
};

G_DEFINE_FINAL_TYPE (YzDoorDialog, yz_door_dialog, ADW_TYPE_MESSAGE_DIALOG)

/* The presets are the reason codes (src/core/yz-door-reason.c), in their order; the last
 * is "other", which asks for the officer's words. */
static const char *
preset_label (const char *code)
{
  if (g_str_equal (code, YZ_DOOR_REASON_OTHER))
    return _("Other (say what below)");
  return yz_door_reason_label (code);
}

const char *
yz_door_command_name (YzDoorCommand command)
{
  switch (command)
    {
    case YZ_DOOR_COMMAND_KEEP_OPEN:
      return YZ_DOOR_CMD_KEEP_OPEN;
    case YZ_DOOR_COMMAND_LOCK:
      return YZ_DOOR_CMD_LOCK;
    case YZ_DOOR_COMMAND_NORMAL:
      return YZ_DOOR_CMD_NORMAL;
    case YZ_DOOR_COMMAND_OPEN:
    default:
      return YZ_DOOR_CMD_OPEN;
    }
}

/**
 * yz_door_reason_text:
 *
 * The reason as the session takes it: the preset's code, with the operator's words after
 * it ("worker-locked-out: Li Ming, phoned the team leader"); words are required for
 * "other". %NULL when nothing usable was given.
 */
char *
yz_door_reason_text (guint preset, const char *details)
{
  const char *const *codes = yz_door_reason_codes ();

  if (preset >= g_strv_length ((char **)codes))
    return NULL;

  return yz_door_reason_compose (codes[preset], details);
}

char *
yz_door_dialog_get_reason (YzDoorDialog *self)
{
  return yz_door_reason_text (gtk_drop_down_get_selected (self->preset),
                              gtk_editable_get_text (GTK_EDITABLE (self->details)));
}

static gboolean
connected (YzDoorDialog *self)
{
  return yz_session_get_connection_state (self->session) == YZ_CONNECTION_CONNECTED;
}

gboolean
yz_door_dialog_can_send (YzDoorDialog *self)
{
  g_autofree char *reason = yz_door_dialog_get_reason (self);

  return reason != NULL && g_utf8_strlen (reason, -1) <= 200;
}

static void
show_status (YzDoorDialog *self, const char *text, gboolean is_error)
{
  gtk_label_set_text (self->status, text ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->status), text != NULL);
  if (is_error)
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->status), "error");
      gtk_widget_remove_css_class (GTK_WIDGET (self->status), "dim-label");
    }
  else
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->status), "error");
      gtk_widget_add_css_class (GTK_WIDGET (self->status), "dim-label");
    }
  if (is_error && text != NULL)
    {
      g_free (self->outcome);
      self->outcome = g_strdup (text);
    }
}

static void
update (YzDoorDialog *self)
{
  gboolean keep_open = gtk_drop_down_get_selected (self->command) == YZ_DOOR_COMMAND_KEEP_OPEN;

  gtk_widget_set_visible (self->minutes_row, keep_open);
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (self), "send",
                                           !self->sending && connected (self) &&
                                               yz_door_dialog_can_send (self));
}

static AdwToastOverlay *
find_overlay_below (GtkWidget *widget)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      AdwToastOverlay *found;

      if (ADW_IS_TOAST_OVERLAY (child))
        return ADW_TOAST_OVERLAY (child);
      if ((found = find_overlay_below (child)) != NULL)
        return found;
    }
  return NULL;
}

/* The window's toast overlay: one around the parent, or the first inside it (the main
 * window's, above every page). */
static AdwToastOverlay *
find_overlay (GtkWidget *widget)
{
  GtkWidget *ancestor;

  if (widget == NULL)
    return NULL;
  if ((ancestor = gtk_widget_get_ancestor (widget, ADW_TYPE_TOAST_OVERLAY)) != NULL)
    return ADW_TOAST_OVERLAY (ancestor);
  return find_overlay_below (widget);
}

/* The toast's "Details": the whole of what the session said, in a dialog of its own. */
static void
details_cb (AdwToast *toast, GtkWidget *parent)
{
  const char *details = g_object_get_data (G_OBJECT (toast), "yz-details");
  GtkRoot *root = parent ? gtk_widget_get_root (parent) : NULL;
  GtkWidget *dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                              adw_toast_get_title (toast), details);

  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

/* @details: (nullable): more than a toast can hold; offered behind its "Details" button,
 * and the toast stays until dismissed. */
static void
tell (YzDoorDialog *self, const char *message, gboolean failed, const char *details)
{
  AdwToastOverlay *overlay = find_overlay (self->parent);
  AdwToast *toast;

  g_free (self->outcome);
  self->outcome = g_strdup (message);
  if (overlay == NULL)
    {
      /* No window to tell it in (a test without one): say it where it can be read. */
      g_message ("%s%s%s", message, details ? " " : "", details ? details : "");
      return;
    }
  toast = adw_toast_new (message);
  if (failed)
    {
      adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
      adw_toast_set_timeout (toast, FAILURE_TOAST_S);
    }
  if (details != NULL)
    {
      adw_toast_set_timeout (toast, 0);
      adw_toast_set_button_label (toast, _("_Details"));
      g_object_set_data_full (G_OBJECT (toast), "yz-details", g_strdup (details), g_free);
      g_signal_connect_object (toast, "button-clicked", G_CALLBACK (details_cb), overlay, 0);
    }
  adw_toast_overlay_add_toast (overlay, toast);
}

static void
close_dialog (YzDoorDialog *self)
{
  if (self->closed)
    return;
  self->closed = TRUE;
  gtk_window_destroy (GTK_WINDOW (self));
}

/* The gateway took the command: nothing more to do here; its result comes as a toast. */
static void
door_command_sent_cb (YzDoorDialog *self, const char *door_id)
{
  if (!self->sending || g_strcmp0 (door_id, yz_door_get_id (self->door)) != 0)
    return;
  self->sending = FALSE;
  self->sent = TRUE;
  close_dialog (self);
}

static void
connection_cb (YzDoorDialog *self)
{
  const char *not_connected =
      _("Not connected to the gateway: nothing can be sent, and nothing is queued. "
         "Send again when the connection is back.");

  if (self->sending || self->sent)
    return;
  if (!connected (self))
    show_status (self, not_connected, TRUE);
  /* Back: the "not connected" goes; a refusal the gateway gave stays in view. */
  else if (gtk_widget_get_visible (GTK_WIDGET (self->status)) &&
           g_strcmp0 (gtk_label_get_text (self->status), not_connected) == 0)
    show_status (self, NULL, FALSE);
  update (self);
}

static void
done_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(YzDoorDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  gboolean ok = yz_session_door_command_finish (YZ_SESSION (object), result, &error);

  self->sending = FALSE;
  if (!ok && !self->sent && !self->closed)
    {
      /* Not sent, or refused by the gateway: the officer is still looking at the dialog,
       * and may send again or cancel. The session's and the gateway's words say which. */
      show_status (self, error->message, TRUE);
      update (self);
      return;
    }

  message = yz_door_outcome_text (self->door, yz_door_command_name (self->command_sent), error);
  tell (self, message, !ok,
        g_error_matches (error, YZ_SESSION_ERROR, YZ_SESSION_ERROR_OUTCOME_UNKNOWN) ? error->message
                                                                                    : NULL);
}

/* The dialog closes itself: on cancel at once, on send only once the gateway took it. */
static gboolean
close_request_cb (YzDoorDialog *self)
{
  return TRUE;
}

static void
response_cb (YzDoorDialog *self, const char *response)
{
  YzDoorCommand command = gtk_drop_down_get_selected (self->command);
  g_autofree char *reason = NULL;

  if (!g_str_equal (response, "send"))
    {
      close_dialog (self); /* anything still on its way is told in a toast */
      return;
    }
  if (self->sending || !yz_door_dialog_can_send (self))
    return;
  reason = yz_door_dialog_get_reason (self);
  self->sending = TRUE;
  self->command_sent = command;
  g_clear_pointer (&self->outcome, g_free);
  show_status (self, _("Sending to the door…"), FALSE);
  update (self);
  yz_session_door_command_async (
      self->session, self->door, yz_door_command_name (command),
      command == YZ_DOOR_COMMAND_KEEP_OPEN ? gtk_spin_button_get_value_as_int (self->minutes) : 0,
      reason, NULL, done_cb, g_object_ref (self));
}

/* The door's state as the console has it, as the station panel shows it: "Locked · Normal". */
static char *
door_state_text (YzDoor *door)
{
  const char *mode = yz_door_get_mode (door);

  if (mode == NULL)
    return g_strdup (yz_label_door_state (yz_door_get_state (door)));
  return g_strdup_printf ("%s · %s", yz_label_door_state (yz_door_get_state (door)),
                          yz_label_door_mode (mode));
}

/**
 * yz_door_outcome_text:
 * @command: the command sent (`open`, …)
 * @error: (nullable): why it was not carried out, or %NULL when it was
 *
 * What the officer is told of a door command that the gateway took: carried out; not
 * carried out (expired); refused; or, when the door did not answer in time, that the
 * outcome is unknown and the door's state now (the session has asked for it again; why,
 * and until when the door may still act, is behind the toast's "Details").
 */
char *
yz_door_outcome_text (YzDoor *door, const char *command, const GError *error)
{
  const char *name = yz_door_get_name (door);
  g_autofree char *state = NULL;

  if (error == NULL)
    return g_strdup_printf (_("Door %s: carried out (%s)"), name, yz_label_door_command (command));
  if (g_error_matches (error, YZ_SESSION_ERROR, YZ_SESSION_ERROR_OUTCOME_UNKNOWN))
    {
      state = door_state_text (door);
      /* TRANSLATORS: %s: the door; its state as just read again ("Locked · Normal") */
      return g_strdup_printf (_("Door %s: outcome unknown — the door's state is %s"), name, state);
    }
  if (g_error_matches (error, YZ_SESSION_ERROR, YZ_SESSION_ERROR_EXPIRED) ||
      g_error_matches (error, YZ_BACKEND_ERROR, YZ_BACKEND_ERROR_EXPIRED))
    return g_strdup_printf (_("Door %s: not carried out (expired) — %s"), name,
                            yz_label_door_command (command));
  return g_strdup_printf (_("Door %s: %s"), name, error->message);
}

/**
 * yz_door_late_result_text:
 * @door_name: the door as shown
 * @command: the command it answers
 * @outcome: `carried-out`, `refused` or `expired` (YzSession::door-command-late-result)
 * @message: (nullable): the session's words for a refusal
 *
 * The answer to a command whose outcome was unknown, come late.
 */
char *
yz_door_late_result_text (const char *door_name, const char *command, const char *outcome,
                          const char *message)
{
  const char *what = yz_label_door_command (command);

  if (g_strcmp0 (outcome, "carried-out") == 0)
    return g_strdup_printf (_("Late answer from door %s: carried out (%s)"), door_name, what);
  if (g_strcmp0 (outcome, "expired") == 0)
    return g_strdup_printf (_("Late answer from door %s: not carried out (expired) — %s"),
                            door_name, what);
  return g_strdup_printf (_("Late answer from door %s: not carried out (%s) — %s"), door_name,
                          what, message ? message : _("no reason given"));
}

static void
late_result_cb (YzSession *session, const char *door_id, const char *command, const char *outcome,
                const char *message, GtkWidget *where)
{
  YzDoor *door = yz_session_lookup_door (session, door_id);
  g_autofree char *text = yz_door_late_result_text (door ? yz_door_get_name (door) : door_id,
                                                    command, outcome, message);
  AdwToastOverlay *overlay = find_overlay (where);
  AdwToast *toast;

  g_message ("%s", text);
  if (overlay == NULL)
    return;
  /* It answers a command the officer was told had an unknown outcome: it stays until read. */
  toast = adw_toast_new (text);
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  adw_toast_set_timeout (toast, 0);
  adw_toast_overlay_add_toast (overlay, toast);
}

/**
 * yz_door_dialog_watch_late_results:
 * @where: the window (or a widget under its toast overlay) that tells them, for as long as
 *   it lives
 *
 * Tells every late answer to a door command (YzSession::door-command-late-result) in a
 * toast that stays until dismissed: the dialog that sent the command is long closed.
 */
void
yz_door_dialog_watch_late_results (YzSession *session, GtkWidget *where)
{
  g_return_if_fail (YZ_IS_SESSION (session));
  g_return_if_fail (GTK_IS_WIDGET (where));

  g_signal_connect_object (session, "door-command-late-result", G_CALLBACK (late_result_cb), where,
                           0);
}

static void
yz_door_dialog_dispose (GObject *object)
{
  YzDoorDialog *self = YZ_DOOR_DIALOG (object);

  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_clear_object (&self->session);
  g_clear_object (&self->door);
  g_clear_weak_pointer (&self->parent);
  g_clear_pointer (&self->outcome, g_free);
  gtk_widget_dispose_template (GTK_WIDGET (object), YZ_TYPE_DOOR_DIALOG);

  G_OBJECT_CLASS (yz_door_dialog_parent_class)->dispose (object);
}

static void
yz_door_dialog_class_init (YzDoorDialogClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = yz_door_dialog_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/yz-door-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, YzDoorDialog, command);
  gtk_widget_class_bind_template_child (widget_class, YzDoorDialog, minutes);
  gtk_widget_class_bind_template_child (widget_class, YzDoorDialog, minutes_row);
  gtk_widget_class_bind_template_child (widget_class, YzDoorDialog, preset);
  gtk_widget_class_bind_template_child (widget_class, YzDoorDialog, details);
  gtk_widget_class_bind_template_child (widget_class, YzDoorDialog, status);
}

static void
yz_door_dialog_init (YzDoorDialog *self)
{
  g_autoptr(GtkStringList) reasons = gtk_string_list_new (NULL);

  gtk_widget_init_template (GTK_WIDGET (self));
  for (const char *const *code = yz_door_reason_codes (); *code != NULL; code++)
    gtk_string_list_append (reasons, preset_label (*code));
  gtk_drop_down_set_model (self->preset, G_LIST_MODEL (reasons));

  g_signal_connect_swapped (self->command, "notify::selected", G_CALLBACK (update), self);
  g_signal_connect_swapped (self->preset, "notify::selected", G_CALLBACK (update), self);
  g_signal_connect_swapped (self->details, "changed", G_CALLBACK (update), self);
  g_signal_connect (self, "response", G_CALLBACK (response_cb), NULL);
  /* After AdwMessageDialog's own handler, which emits the close response on Escape. */
  g_signal_connect_after (self, "close-request", G_CALLBACK (close_request_cb), NULL);
}

YzDoorDialog *
yz_door_dialog_new (GtkWindow *parent, YzSession *session, YzStation *station, YzDoor *door)
{
  YzDoorDialog *self;
  g_autofree char *heading = NULL;
  g_autofree char *body = NULL;

  g_return_val_if_fail (YZ_IS_SESSION (session), NULL);
  g_return_val_if_fail (YZ_IS_DOOR (door), NULL);

  heading = g_strdup_printf (_("Door Command: %s, %s"),
                             station ? yz_station_get_name (station) : "", yz_door_get_name (door));
  body = g_strdup_printf (
      _("The door is %s. The command and its reason are recorded under your name."),
      yz_label_door_state (yz_door_get_state (door)));
  self = g_object_new (YZ_TYPE_DOOR_DIALOG, "transient-for", parent, "modal", TRUE, "heading",
                       heading, "body", body, NULL);
  self->session = g_object_ref (session);
  self->door = g_object_ref (door);
  g_set_weak_pointer (&self->parent, GTK_WIDGET (parent));
  g_signal_connect_object (session, "door-command-sent", G_CALLBACK (door_command_sent_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (session, "notify::connection-state", G_CALLBACK (connection_cb), self,
                           G_CONNECT_SWAPPED);
  connection_cb (self);

  return self;
}

void
yz_door_dialog_set_command (YzDoorDialog *self, YzDoorCommand command, int minutes)
{
  gtk_drop_down_set_selected (self->command, command);
  if (minutes > 0)
    gtk_spin_button_set_value (self->minutes, minutes);
}

void
yz_door_dialog_set_reason (YzDoorDialog *self, guint preset, const char *details)
{
  gtk_drop_down_set_selected (self->preset, preset);
  gtk_editable_set_text (GTK_EDITABLE (self->details), details ? details : "");
}

/* What the officer was last told: the error in the dialog, or the result's toast. */
const char *
yz_door_dialog_get_outcome (YzDoorDialog *self)
{
  g_return_val_if_fail (YZ_IS_DOOR_DIALOG (self), NULL);

  return self->outcome;
}

/* The line under the form (sending, or why it was not sent); %NULL when hidden. */
const char *
yz_door_dialog_get_status (YzDoorDialog *self)
{
  g_return_val_if_fail (YZ_IS_DOOR_DIALOG (self), NULL);

  return gtk_widget_get_visible (GTK_WIDGET (self->status)) ? gtk_label_get_text (self->status)
                                                            : NULL;
}

gboolean
yz_door_dialog_is_closed (YzDoorDialog *self)
{
  g_return_val_if_fail (YZ_IS_DOOR_DIALOG (self), FALSE);

  return self->closed;
}
