/* yz-resolve-dialog.c
 *
 * Resolving an alarm: what it was (one of the resolution categories, none chosen in
 * advance) and what was done (a note, required). Until both are given, Resolve is off and
 * its tooltip and the hint under the form say what is missing. The dialog only asks; the
 * alarms page sends the resolution through the session on the "resolve" response.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "yz-resolve-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "yz-labels.h"
#include "yz-resolve-dialog.h"
#include "yz-vocabulary.h"

struct _YzResolveDialog
{
  AdwMessageDialog parent_instance;

  YzAlarm *alarm;
  GtkGrid *choices_grid;
  GtkWidget *choices[YZ_N_RESOLUTION_CATEGORIES]; /* yz_resolution_categories () */
  GtkTextView *note_view;
  GtkTextBuffer *note;
  GtkLabel *hint;
};

G_DEFINE_FINAL_TYPE (YzResolveDialog, yz_resolve_dialog, ADW_TYPE_MESSAGE_DIALOG)

/**
 * yz_alarm_resolve_missing:
 * @category: (nullable): the category chosen, or %NULL while none is
 * @note: (nullable): the note as typed
 *
 * What the resolve dialog still needs before it may resolve, or %NULL: a plain function,
 * for tests. Nothing is chosen in advance: a preselected "false alarm" on a fall is how
 * real incidents get closed wrongly.
 */
const char *
yz_alarm_resolve_missing (const char *category, const char *note)
{
  g_autofree char *stripped = g_strstrip (g_strdup (note ? note : ""));

  if (category == NULL && stripped[0] == '\0')
    return _("Choose what the alarm was and write what was done");
  if (category == NULL)
    return _("Choose what the alarm was");
  if (stripped[0] == '\0')
    return _("Write what was done: the note is required");
  return NULL;
}

/* AdwMessageDialog 1.2 does not hand out its response buttons: find ours by its label. */
static GtkWidget *
find_button (GtkWidget *widget, const char *label)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (GTK_IS_BUTTON (child) &&
          g_strcmp0 (gtk_button_get_label (GTK_BUTTON (child)), label) == 0)
        return child;
      if ((found = find_button (child, label)) != NULL)
        return found;
    }
  return NULL;
}

static void
resolve_dialog_update (YzResolveDialog *self)
{
  g_autofree char *note = yz_resolve_dialog_get_note (self);
  const char *missing = yz_alarm_resolve_missing (yz_resolve_dialog_get_category (self), note);
  GtkWidget *button = find_button (GTK_WIDGET (self), _("_Resolve"));

  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (self), "resolve", missing == NULL);
  gtk_label_set_text (self->hint, missing ? missing : "");
  gtk_widget_set_visible (GTK_WIDGET (self->hint), missing != NULL);
  if (button != NULL)
    gtk_widget_set_tooltip_text (button, missing);
}

static void
yz_resolve_dialog_dispose (GObject *object)
{
  YzResolveDialog *self = YZ_RESOLVE_DIALOG (object);

  g_clear_object (&self->alarm);
  gtk_widget_dispose_template (GTK_WIDGET (object), YZ_TYPE_RESOLVE_DIALOG);

  G_OBJECT_CLASS (yz_resolve_dialog_parent_class)->dispose (object);
}

static void
yz_resolve_dialog_class_init (YzResolveDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = yz_resolve_dialog_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/yz-resolve-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, YzResolveDialog, choices_grid);
  gtk_widget_class_bind_template_child (widget_class, YzResolveDialog, note_view);
  gtk_widget_class_bind_template_child (widget_class, YzResolveDialog, hint);
}

static void
yz_resolve_dialog_init (YzResolveDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  /* Every choice in sight, none taken: the officer reads them and picks one. */
  for (guint i = 0; i < G_N_ELEMENTS (self->choices); i++)
    {
      self->choices[i] = gtk_check_button_new_with_label (
          yz_label_resolve_category (yz_resolution_categories ()[i]));
      if (i > 0)
        gtk_check_button_set_group (GTK_CHECK_BUTTON (self->choices[i]),
                                    GTK_CHECK_BUTTON (self->choices[0]));
      g_signal_connect_swapped (self->choices[i], "toggled", G_CALLBACK (resolve_dialog_update),
                                self);
      gtk_grid_attach (self->choices_grid, self->choices[i], i % 2, i / 2, 1, 1);
    }
  self->note = gtk_text_view_get_buffer (self->note_view);
  g_signal_connect_object (self->note, "changed", G_CALLBACK (resolve_dialog_update), self,
                           G_CONNECT_SWAPPED);
  resolve_dialog_update (self);
}

YzResolveDialog *
yz_resolve_dialog_new (GtkWindow *parent, YzAlarm *alarm)
{
  YzResolveDialog *self;
  g_autofree char *heading = NULL;
  g_autofree char *body = NULL;

  g_return_val_if_fail (YZ_IS_ALARM (alarm), NULL);

  /* The station on a line of its own: a long name in the heading broke in the middle. */
  heading =
      g_strdup_printf (_("Resolve: %s"), yz_label_alarm_type (yz_alarm_get_alarm_type (alarm)));
  body = g_strdup_printf (
      "%s\n%s",
      yz_alarm_get_station_name (alarm) ? yz_alarm_get_station_name (alarm)
                                        : yz_alarm_get_station_id (alarm),
      _("What it was, and what was done: the note goes into the record under your name."));
  self = g_object_new (YZ_TYPE_RESOLVE_DIALOG, "transient-for", parent, "heading", heading, "body",
                       body, NULL);
  self->alarm = g_object_ref (alarm);

  return self;
}

/* The alarm being resolved. */
YzAlarm *
yz_resolve_dialog_get_alarm (YzResolveDialog *self)
{
  g_return_val_if_fail (YZ_IS_RESOLVE_DIALOG (self), NULL);

  return self->alarm;
}

/* Returns: (nullable): the category chosen, as its code, or %NULL while none is */
const char *
yz_resolve_dialog_get_category (YzResolveDialog *self)
{
  g_return_val_if_fail (YZ_IS_RESOLVE_DIALOG (self), NULL);

  for (guint i = 0; i < G_N_ELEMENTS (self->choices); i++)
    if (self->choices[i] != NULL &&
        gtk_check_button_get_active (GTK_CHECK_BUTTON (self->choices[i])))
      return yz_resolution_categories ()[i];
  return NULL;
}

/* Returns: (transfer full): the note, stripped */
char *
yz_resolve_dialog_get_note (YzResolveDialog *self)
{
  GtkTextIter start, end;

  g_return_val_if_fail (YZ_IS_RESOLVE_DIALOG (self), NULL);

  gtk_text_buffer_get_bounds (self->note, &start, &end);
  return g_strstrip (gtk_text_buffer_get_text (self->note, &start, &end, FALSE));
}
