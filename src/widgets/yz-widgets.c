/* yz-widgets.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "yz-widgets"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "yz-resources.h"
#include "yz-widgets.h"

#include "yz-alarms-page.h"
#include "yz-connection-indicator.h"
#include "yz-entries-page.h"
#include "yz-map-page.h"
#include "yz-statistics-page.h"
#include "yz-supplies-page.h"
#include "yz-video-page.h"

/**
 * yz_widgets_init:
 *
 * Registers the resources (templates, style sheet, shortcuts window) and the widget types
 * that templates name, so that the application and the widget tests see the same widgets.
 * Safe to call more than once.
 */
void
yz_widgets_init (void)
{
  static gsize initialized = 0;

  if (g_once_init_enter (&initialized))
    {
      yz_register_resource ();

      g_type_ensure (YZ_TYPE_CONNECTION_INDICATOR);
      g_type_ensure (YZ_TYPE_MAP_PAGE);
      g_type_ensure (YZ_TYPE_VIDEO_PAGE);
      g_type_ensure (YZ_TYPE_ALARMS_PAGE);
      g_type_ensure (YZ_TYPE_ENTRIES_PAGE);
      g_type_ensure (YZ_TYPE_SUPPLIES_PAGE);
      g_type_ensure (YZ_TYPE_STATISTICS_PAGE);

      g_once_init_leave (&initialized, 1);
    }
}

/**
 * yz_toast:
 * @widget: a widget inside a window
 * @message: what to tell the officer, translated
 *
 * Shows @message as a toast in the nearest #AdwToastOverlay above @widget, or in its
 * #AdwPreferencesWindow. A widget that is not in a window yet logs the message instead, so
 * nothing the officer should have seen is lost without a trace.
 */
void
yz_toast (GtkWidget *widget, const char *message)
{
  GtkWidget *overlay;
  GtkRoot *root;

  g_return_if_fail (GTK_IS_WIDGET (widget));
  g_return_if_fail (message != NULL);

  overlay = gtk_widget_get_ancestor (widget, ADW_TYPE_TOAST_OVERLAY);
  root = gtk_widget_get_root (widget);
  if (overlay != NULL)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), adw_toast_new (message));
  else if (ADW_IS_PREFERENCES_WINDOW (root))
    adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (root), adw_toast_new (message));
  else
    g_message ("%s", message);
}

typedef struct
{
  GtkWidget *owner;
  YzFileChosenFunc callback;
  gpointer user_data;
  GDestroyNotify destroy;
} Choice;

static void
choice_free (Choice *choice)
{
  if (choice->destroy != NULL)
    choice->destroy (choice->user_data);
  g_object_unref (choice->owner);
  g_free (choice);
}

static void
file_chosen_cb (GtkNativeDialog *dialog, int response, Choice *choice)
{
  g_autoptr(GFile) file = NULL;
  g_autofree char *path = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
  if (file != NULL)
    path = g_file_get_path (file);
  if (path != NULL)
    choice->callback (choice->owner, path, choice->user_data);
  else if (file != NULL)
    yz_toast (choice->owner, _("Choose a file on this computer"));
  choice_free (choice);
  g_object_unref (dialog);
}

/**
 * yz_choose_file:
 * @owner: the widget asking; its window becomes the chooser's parent
 * @action: save a file, open one or select a folder
 * @title: the chooser's title, translated
 * @accept_label: the accept button's label, translated, with a mnemonic
 * @suggested_name: (nullable): the file name offered when saving
 * @callback: called with the chosen local path, only if there is one
 * @user_data: passed to @callback
 * @destroy: (nullable): frees @user_data when the chooser closes, chosen or not
 *
 * The one file-chooser flow of the console: a modal native chooser over @owner's window.
 * @owner is kept alive until the chooser closes.
 */
void
yz_choose_file (GtkWidget *owner, GtkFileChooserAction action, const char *title,
                const char *accept_label, const char *suggested_name, YzFileChosenFunc callback,
                gpointer user_data, GDestroyNotify destroy)
{
  yz_choose_file_filtered (owner, action, title, accept_label, suggested_name, NULL, callback,
                           user_data, destroy);
}

/**
 * yz_choose_file_filtered:
 * @filter: (nullable): what the chooser offers, or %NULL for every file
 *
 * yz_choose_file() with a filter (the certificate or map files a setting takes).
 */
void
yz_choose_file_filtered (GtkWidget *owner, GtkFileChooserAction action, const char *title,
                         const char *accept_label, const char *suggested_name,
                         GtkFileFilter *filter, YzFileChosenFunc callback, gpointer user_data,
                         GDestroyNotify destroy)
{
  GtkRoot *root;
  GtkFileChooserNative *dialog;
  Choice *choice;

  g_return_if_fail (GTK_IS_WIDGET (owner));
  g_return_if_fail (callback != NULL);

  root = gtk_widget_get_root (owner);
  dialog = gtk_file_chooser_native_new (title, GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                        action, accept_label, _("_Cancel"));
  if (suggested_name != NULL && action == GTK_FILE_CHOOSER_ACTION_SAVE)
    gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (dialog), suggested_name);
  if (filter != NULL)
    gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (dialog), filter);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);

  choice = g_new0 (Choice, 1);
  choice->owner = g_object_ref (owner);
  choice->callback = callback;
  choice->user_data = user_data;
  choice->destroy = destroy;
  g_signal_connect (dialog, "response", G_CALLBACK (file_chosen_cb), choice);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}
