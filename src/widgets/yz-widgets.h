/* yz-widgets.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/**
 * YzFileChosenFunc:
 * @owner: the widget that asked
 * @path: the local path the officer chose
 * @user_data: what the caller passed
 *
 * Called once, only when the officer chose a local file or folder.
 */
typedef void (*YzFileChosenFunc) (GtkWidget *owner, const char *path, gpointer user_data);

void yz_widgets_init (void);
void yz_toast (GtkWidget *widget, const char *message);
void yz_choose_file (GtkWidget *owner, GtkFileChooserAction action, const char *title,
                     const char *accept_label, const char *suggested_name,
                     YzFileChosenFunc callback, gpointer user_data, GDestroyNotify destroy);
void yz_choose_file_filtered (GtkWidget *owner, GtkFileChooserAction action, const char *title,
                              const char *accept_label, const char *suggested_name,
                              GtkFileFilter *filter, YzFileChosenFunc callback, gpointer user_data,
                              GDestroyNotify destroy);

G_END_DECLS
