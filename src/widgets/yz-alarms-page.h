/* yz-alarms-page.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define YZ_TYPE_ALARMS_PAGE (yz_alarms_page_get_type ())
G_DECLARE_FINAL_TYPE (YzAlarmsPage, yz_alarms_page, YZ, ALARMS_PAGE, GtkWidget)

GtkWidget *yz_alarms_page_new (void);

G_END_DECLS
