/* yz-map-page.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "yz-map-page"

#include "config.h"

#include <adwaita.h>

#include "yz-map-page.h"

struct _YzMapPage
{
  GtkWidget parent_instance;
};

G_DEFINE_FINAL_TYPE (YzMapPage, yz_map_page, GTK_TYPE_WIDGET)

static void
yz_map_page_dispose (GObject *object)
{
  GtkWidget *child;

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
