/* yz-map-page.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "yz-map-page"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "yz-map-page.h"

struct _YzMapPage
{
  GtkWidget       parent_instance;

  AdwStatusPage  *status_page;
  GtkWidget      *setup_button;

  YzSession      *session;
  guint           refresh_id;
};

G_DEFINE_FINAL_TYPE (YzMapPage, yz_map_page, GTK_TYPE_WIDGET)

static void
yz_map_page_dispose (GObject *object)
{
  GtkWidget *child;

  YzMapPage *self = YZ_MAP_PAGE (object);

  g_clear_handle_id (&self->refresh_id, g_source_remove);
  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_clear_object (&self->session);
  gtk_widget_dispose_template (GTK_WIDGET (object), YZ_TYPE_MAP_PAGE);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (object))))
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (yz_map_page_parent_class)->dispose (object);
}

static void
yz_map_page_class_init (YzMapPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = yz_map_page_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PATH "/yz-map-page.ui");
  gtk_widget_class_bind_template_child (widget_class, YzMapPage, status_page);
  gtk_widget_class_bind_template_child (widget_class, YzMapPage, setup_button);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
yz_map_page_init (YzMapPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
yz_map_page_new (void)
{
  return g_object_new (YZ_TYPE_MAP_PAGE, NULL);
}

/* Until the map itself lands, the page says what the console follows. */
static gboolean
refresh_cb (gpointer user_data)
{
  YzMapPage *self = user_data;
  GListModel *stations = yz_session_get_stations (self->session);
  guint n = g_list_model_get_n_items (stations);
  guint n_alarms = 0, n_offline = 0;
  g_autofree char *title = NULL;
  g_autofree char *description = NULL;

  self->refresh_id = 0;
  if (n == 0)
    return G_SOURCE_REMOVE;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(YzStation) station = g_list_model_get_item (stations, i);

      n_alarms += yz_station_get_n_open_alarms (station) > 0;
      n_offline += !yz_station_get_online (station);
    }

  title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u Station Followed", "%u Stations Followed", n), n);
  description = g_strdup_printf (_("%u with open alarms, %u offline. The alarm counter above leads to the alarms."),
                                 n_alarms, n_offline);
  adw_status_page_set_title (self->status_page, title);
  adw_status_page_set_description (self->status_page, description);
  gtk_widget_set_visible (self->setup_button, FALSE);

  return G_SOURCE_REMOVE;
}

static void
changed_cb (YzMapPage *self)
{
  if (self->refresh_id == 0)
    self->refresh_id = g_timeout_add (500, refresh_cb, self);
}

void
yz_map_page_set_session (YzMapPage *self,
                         YzSession *session)
{
  g_return_if_fail (YZ_IS_MAP_PAGE (self));

  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_set_object (&self->session, session);
  if (session == NULL)
    return;
  g_signal_connect_swapped (session, "notify::last-seq", G_CALLBACK (changed_cb), self);
  g_signal_connect_swapped (session, "notify::n-stations", G_CALLBACK (changed_cb), self);
  g_signal_connect_swapped (session, "notify::n-unacknowledged", G_CALLBACK (changed_cb), self);
  changed_cb (self);
}
