/* yz-video-page-private.h — what the video page's files share (yz-video-page.c, the page;
 * yz-video-page-layouts.c, its named layouts) and no one else sees.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "yz-video-page.h"

G_BEGIN_DECLS

struct _YzVideoPage
{
  GtkWidget parent_instance;

  GtkGrid *grid;
  GtkWidget *toolbar;
  GtkMenuButton *layouts_button;
  GtkStack *stack;
  GtkWidget *detach_button;
  AdwStatusPage *empty_page;
  GtkWidget *setup_button;
  GtkWindow *detached; /* the wall's own window, while it is out */
  GtkPopover *picker_popover;
  GtkSearchEntry *picker_entry;
  GtkListView *picker_view;

  GSettings *settings;
  YzSession *session;
  GSignalGroup *session_signals;
  GSignalGroup *stations_signals; /* the session's stations */
  GSignalGroup *cameras_signals;  /* the session's cameras */
  YzVideoTile *tiles[YZ_N_TILES];
  int columns;
  int enlarged; /* tile index, or -1 */
  gboolean restored;
  guint restore_id;
  guint notes_id; /* ages the last-known notes while disconnected */

  GHashTable *station_names; /* station id -> name */
  GtkFilterListModel *picker_model;
  GtkCustomFilter *picker_filter;
  char *picker_text; /* casefolded */
};

void _yz_video_page_set_columns (YzVideoPage *self, int columns);
void _yz_video_page_save_layout (YzVideoPage *self);
void _yz_video_page_class_init_layouts (GtkWidgetClass *widget_class);
void _yz_video_page_init_layouts (YzVideoPage *self);

G_END_DECLS
