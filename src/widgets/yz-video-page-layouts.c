/* yz-video-page-layouts.c
 *
 * The video wall's named layouts: the tiles per row and the camera in each tile, kept in the
 * settings under a name the whole shift knows ("Night, Mudan District"), offered in the
 * layouts menu, saved from a dialog and forgotten all at once. Part of YzVideoPage
 * (yz-video-page-private.h).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "yz-video-page"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "yz-video-page-private.h"

static void
rebuild_layouts_menu (YzVideoPage *self)
{
  g_autoptr(GMenu) menu = g_menu_new ();
  g_autoptr(GMenu) saved = g_menu_new ();
  g_autoptr(GMenu) commands = g_menu_new ();
  g_autoptr(GVariant) layouts = g_settings_get_value (self->settings, "video-layouts");
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  GVariantIter iter;
  const char *name;

  g_variant_iter_init (&iter, layouts);
  while (g_variant_iter_next (&iter, "{&s@(ias)}", &name, NULL))
    g_ptr_array_add (names, (gpointer)name);
  g_ptr_array_sort (names, (GCompareFunc)g_strcmp0);
  for (guint i = 0; i < names->len; i++)
    {
      g_autoptr(GMenuItem) item = g_menu_item_new (g_ptr_array_index (names, i), NULL);

      g_menu_item_set_action_and_target (item, "wall.load-layout", "s",
                                         g_ptr_array_index (names, i));
      g_menu_append_item (saved, item);
    }
  g_menu_append (commands, _("Save This Layout As…"), "wall.save-layout");
  g_menu_append (commands, _("Forget the Layouts"), "wall.forget-layouts");
  g_menu_append_section (menu, NULL, G_MENU_MODEL (saved));
  g_menu_append_section (menu, NULL, G_MENU_MODEL (commands));
  gtk_menu_button_set_menu_model (self->layouts_button, G_MENU_MODEL (menu));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "wall.forget-layouts", names->len > 0);
}

/**
 * yz_video_page_save_layout:
 *
 * Keeps the wall as it is (tiles per row, the camera in each tile) under @name.
 */
void
yz_video_page_save_layout (YzVideoPage *self, const char *name)
{
  g_autoptr(GVariant) old = g_settings_get_value (self->settings, "video-layouts");
  g_autoptr(GVariantBuilder) cameras = g_variant_builder_new (G_VARIANT_TYPE ("as"));
  GVariantBuilder layouts;
  GVariantIter iter;
  const char *key;
  GVariant *value;

  g_return_if_fail (YZ_IS_VIDEO_PAGE (self));
  g_return_if_fail (name != NULL && *name != '\0');

  for (int i = 0; i < self->columns * self->columns; i++)
    {
      const char *id = yz_video_tile_get_id (self->tiles[i]);

      g_variant_builder_add (cameras, "s", id != NULL && !g_str_has_prefix (id, "url:") ? id : "");
    }
  g_variant_builder_init (&layouts, G_VARIANT_TYPE ("a{s(ias)}"));
  g_variant_iter_init (&iter, old);
  while (g_variant_iter_next (&iter, "{&s@(ias)}", &key, &value))
    {
      if (!g_str_equal (key, name))
        g_variant_builder_add (&layouts, "{s@(ias)}", key, value);
      g_variant_unref (value);
    }
  g_variant_builder_add (&layouts, "{s(ias)}", name, self->columns, cameras);
  g_settings_set_value (self->settings, "video-layouts", g_variant_builder_end (&layouts));
}

/* Shows the layout saved as @name. Returns %FALSE if there is none. */
gboolean
yz_video_page_load_layout (YzVideoPage *self, const char *name)
{
  g_autoptr(GVariant) layouts = g_settings_get_value (self->settings, "video-layouts");
  g_autoptr(GVariant) layout = NULL;
  g_autofree const char **ids = NULL;
  int columns;

  g_return_val_if_fail (YZ_IS_VIDEO_PAGE (self), FALSE);

  layout = g_variant_lookup_value (layouts, name, G_VARIANT_TYPE ("(ias)"));
  if (layout == NULL)
    return FALSE;
  g_variant_get (layout, "(i^a&s)", &columns, &ids);
  yz_video_page_enlarge (self, -1);
  _yz_video_page_set_columns (self, columns);
  for (int i = 0; i < self->columns * self->columns; i++)
    {
      const char *id = ids != NULL && i < (int)g_strv_length ((char **)ids) ? ids[i] : "";

      if (id[0] == '\0' || !yz_video_page_show_camera (self, id, i))
        yz_video_tile_clear (self->tiles[i]);
    }
  _yz_video_page_save_layout (self);

  return TRUE;
}

static void
load_layout_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  yz_video_page_load_layout (YZ_VIDEO_PAGE (widget), g_variant_get_string (parameter, NULL));
}

static void
save_layout_response_cb (AdwMessageDialog *dialog, const char *response, YzVideoPage *self)
{
  GtkEditable *entry = GTK_EDITABLE (adw_message_dialog_get_extra_child (dialog));
  g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (entry)));

  if (g_str_equal (response, "save") && name[0] != '\0')
    yz_video_page_save_layout (self, name);
}

static void
save_layout_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  GtkWidget *dialog = adw_message_dialog_new (
      GTK_WINDOW (gtk_widget_get_root (widget)), _("Save the Layout"),
      _("The tiles and the cameras in them, under a name the whole shift knows."));
  GtkWidget *entry = gtk_entry_new ();

  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), _("For example: Night, Mudan District"));
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), entry);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"), "save",
                                    _("_Save"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "save",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "save");
  g_signal_connect_object (dialog, "response", G_CALLBACK (save_layout_response_cb), widget, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
forget_layouts_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  g_settings_reset (YZ_VIDEO_PAGE (widget)->settings, "video-layouts");
}

void
_yz_video_page_class_init_layouts (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "wall.load-layout", "s", load_layout_action);
  gtk_widget_class_install_action (widget_class, "wall.save-layout", NULL, save_layout_action);
  gtk_widget_class_install_action (widget_class, "wall.forget-layouts", NULL,
                                   forget_layouts_action);
}

void
_yz_video_page_init_layouts (YzVideoPage *self)
{
  g_signal_connect_object (self->settings, "changed::video-layouts",
                           G_CALLBACK (rebuild_layouts_menu), self, G_CONNECT_SWAPPED);
  rebuild_layouts_menu (self);
}
