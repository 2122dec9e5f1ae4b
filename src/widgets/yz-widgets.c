/* yz-widgets.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "yz-widgets"

#include "config.h"

#include <gtk/gtk.h>

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
