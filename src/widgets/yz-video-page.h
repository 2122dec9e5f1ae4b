/* yz-video-page.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "yz-session.h"
#include "yz-video-tile.h"

G_BEGIN_DECLS

#define YZ_N_TILES 16

#define YZ_TYPE_VIDEO_PAGE (yz_video_page_get_type ())
G_DECLARE_FINAL_TYPE (YzVideoPage, yz_video_page, YZ, VIDEO_PAGE, GtkWidget)

GtkWidget *yz_video_page_new (void);
void yz_video_page_set_session (YzVideoPage *self, YzSession *session);
gboolean yz_video_page_show_camera (YzVideoPage *self, const char *camera_id, int tile);
gboolean yz_video_page_open_url (YzVideoPage *self, const char *url, GError **error);
YzVideoTile *yz_video_page_get_tile (YzVideoPage *self, guint index);
int yz_video_page_get_enlarged (YzVideoPage *self);
void yz_video_page_enlarge (YzVideoPage *self, int tile);
GListModel *yz_video_page_get_picker_model (YzVideoPage *self);
GtkWindow *yz_video_page_detach (YzVideoPage *self);
void yz_video_page_save_layout (YzVideoPage *self, const char *name);
gboolean yz_video_page_load_layout (YzVideoPage *self, const char *name);
gboolean yz_video_page_describe_empty (gboolean has_session, YzConnectionState state,
                                       const char **title, const char **description);
char *yz_video_camera_note (gboolean connected, gboolean online, gint64 since_us, gint64 now_us);
const char *yz_video_page_get_view (YzVideoPage *self);

G_END_DECLS
