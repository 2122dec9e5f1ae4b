/* yz-map-page.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "yz-session.h"

G_BEGIN_DECLS

#define YZ_TYPE_MAP_PAGE (yz_map_page_get_type ())
G_DECLARE_FINAL_TYPE (YzMapPage, yz_map_page, YZ, MAP_PAGE, GtkWidget)

GtkWidget *yz_map_page_new         (void);
void       yz_map_page_set_session (YzMapPage *self,
                                    YzSession *session);

G_END_DECLS
