/* yz-video-page.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define YZ_TYPE_VIDEO_PAGE (yz_video_page_get_type ())
G_DECLARE_FINAL_TYPE (YzVideoPage, yz_video_page, YZ, VIDEO_PAGE, GtkWidget)

GtkWidget *yz_video_page_new (void);

G_END_DECLS
