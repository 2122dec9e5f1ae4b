/* yz-video-page.c
 *
 * The video wall: 1, 4, 9 or 16 tiles (YzVideoTile) playing cameras' sub streams; one
 * tile enlarged to the whole wall plays the main stream. Cameras come from the picker
 * (search by station or camera name), a station's panel, a drag onto a tile, or an alarm
 * that names a camera (the first tile is the alarm tile). A stream the gateway does not
 * know can be opened by URL (also `yizhan --open-stream URL`). The layout and the cameras
 * in it are kept in the settings and come back on start.
 *
 * With no camera to show the page says why (no gateway, none listed, not connected); while
 * the console is disconnected each camera's tile says that its state is the last known.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "yz-video-page"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "yz-labels.h"
#include "yz-video-page-private.h"
#include "yz-widgets.h"

G_DEFINE_FINAL_TYPE (YzVideoPage, yz_video_page, GTK_TYPE_WIDGET)

enum
{
  PROP_0,
  PROP_COLUMNS,
  PROP_SESSION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* ---- cameras ---- */

static void
refresh_station_names (YzVideoPage *self)
{
  GListModel *stations = yz_session_get_stations (self->session);

  g_hash_table_remove_all (self->station_names);
  for (guint i = 0; i < g_list_model_get_n_items (stations); i++)
    {
      g_autoptr(YzStation) station = g_list_model_get_item (stations, i);

      g_hash_table_insert (self->station_names, g_strdup (yz_station_get_id (station)),
                           g_strdup (yz_station_get_name (station)));
    }
}

static char *
camera_title (YzVideoPage *self, YzCamera *camera)
{
  const char *station =
      g_hash_table_lookup (self->station_names, yz_camera_get_station_id (camera));

  return g_strdup_printf ("%s · %s", station ? station : yz_camera_get_station_id (camera),
                          yz_camera_get_name (camera));
}

static YzCamera *
find_camera (YzVideoPage *self, const char *camera_id)
{
  GListModel *cameras;

  if (self->session == NULL || camera_id == NULL)
    return NULL;
  cameras = yz_session_get_cameras (self->session);
  for (guint i = 0; i < g_list_model_get_n_items (cameras); i++)
    {
      g_autoptr(YzCamera) camera = g_list_model_get_item (cameras, i);

      if (g_strcmp0 (yz_camera_get_id (camera), camera_id) == 0)
        return camera; /* the model keeps it */
    }

  return NULL;
}

/* ---- what the page says when it has nothing, and while disconnected ---- */

/**
 * yz_video_page_describe_empty:
 * @has_session: whether a gateway is set up at all
 * @state: the session's connection state
 * @title: (out): @description: (out): what the empty page says
 *
 * What the wall says when there is no camera to put on it. Only without a gateway does it
 * offer to set one up.
 *
 * Returns: whether to offer "Set Up a Gateway"
 */
gboolean
yz_video_page_describe_empty (gboolean has_session, YzConnectionState state, const char **title,
                              const char **description)
{
  if (!has_session)
    {
      *title = _("No Gateway Is Set Up");
      *description =
          _("The stations' cameras play here once a gateway is set up in Preferences. A stream "
             "the gateway does not know can be opened with Open Stream.");
      return TRUE;
    }
  if (state == YZ_CONNECTION_CONNECTED)
    {
      *title = _("No Cameras");
      *description = _("The gateway lists no cameras.");
      return FALSE;
    }
  if (state == YZ_CONNECTION_CONNECTING)
    {
      *title = _("Connecting to the Gateway");
      *description =
          _("No cameras are stored on this computer yet. They can be put on the wall as soon as "
             "the gateway answers.");
      return FALSE;
    }
  *title = _("Not Connected");
  *description =
      _("The console is not connected to the gateway and has no cameras stored yet. They can "
         "be put on the wall when the connection is back.");
  return FALSE;
}

/**
 * yz_video_camera_note:
 * @connected: whether the session is connected
 * @online: the camera's state as last reported by the gateway
 * @since_us: real time (µs) the connection was lost, 0 if unknown
 *
 * Returns: (nullable): what a tile says about its camera's state: nothing while connected
 *   (the stream speaks for itself), else that the state is the last known one
 */
char *
yz_video_camera_note (gboolean connected, gboolean online, gint64 since_us, gint64 now_us)
{
  g_autofree char *age = NULL;

  if (connected)
    return NULL;
  age = yz_format_last_known (since_us, now_us);

  /* TRANSLATORS: %s is "Last known state, 4 min ago" */
  return g_strdup_printf (online ? _("Camera online · %s") : _("Camera offline · %s"), age);
}

static void
update_notes (YzVideoPage *self)
{
  gboolean connected = self->session == NULL ||
                       yz_session_get_connection_state (self->session) == YZ_CONNECTION_CONNECTED;
  gint64 since = self->session ? yz_session_get_disconnected_since (self->session) : 0;
  gint64 now = g_get_real_time ();

  for (int i = 0; i < YZ_N_TILES; i++)
    {
      YzCamera *camera = find_camera (self, yz_video_tile_get_id (self->tiles[i]));
      g_autofree char *note = NULL;

      if (camera != NULL)
        note = yz_video_camera_note (connected, yz_camera_get_online (camera), since, now);
      yz_video_tile_set_note (self->tiles[i], note);
    }
}

static gboolean
notes_cb (gpointer user_data)
{
  update_notes (user_data);

  return G_SOURCE_CONTINUE;
}

/* The grid, the detached notice, or why there is nothing to show. */
static void
update_view (YzVideoPage *self)
{
  gboolean any = self->session != NULL &&
                 g_list_model_get_n_items (yz_session_get_cameras (self->session)) > 0;
  const char *title, *description;

  if (self->detached != NULL)
    {
      gtk_stack_set_visible_child_name (self->stack, "detached");
      return;
    }
  for (int i = 0; i < YZ_N_TILES && !any; i++)
    any = !yz_video_tile_is_empty (self->tiles[i]);
  if (any)
    {
      gtk_stack_set_visible_child_name (self->stack, "grid");
      return;
    }
  gtk_widget_set_visible (
      self->setup_button,
      yz_video_page_describe_empty (self->session != NULL,
                                    self->session ? yz_session_get_connection_state (self->session)
                                                  : YZ_CONNECTION_DISCONNECTED,
                                    &title, &description));
  adw_status_page_set_title (self->empty_page, title);
  adw_status_page_set_description (self->empty_page, description);
  gtk_stack_set_visible_child_name (self->stack, "empty");
}

static void
connection_changed_cb (YzVideoPage *self)
{
  gboolean connected = yz_session_get_connection_state (self->session) == YZ_CONNECTION_CONNECTED;

  update_notes (self);
  update_view (self);
  if (connected)
    g_clear_handle_id (&self->notes_id, g_source_remove);
  else if (self->notes_id == 0)
    self->notes_id = g_timeout_add_seconds (30, notes_cb, self);
}

/* ---- layout ---- */

static void
save_layout (YzVideoPage *self)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) ids = NULL;
  int last = -1;

  if (!self->restored)
    return; /* not before the saved one is back */
  for (int i = 0; i < YZ_N_TILES; i++)
    {
      const char *id = yz_video_tile_get_id (self->tiles[i]);

      /* Streams opened by URL are not kept: they may carry what belongs in the keyring. */
      if (id != NULL && !g_str_has_prefix (id, "url:"))
        last = i;
    }
  for (int i = 0; i <= last; i++)
    {
      const char *id = yz_video_tile_get_id (self->tiles[i]);

      g_strv_builder_add (builder, id != NULL && !g_str_has_prefix (id, "url:") ? id : "");
    }
  ids = g_strv_builder_end (builder);
  g_settings_set_strv (self->settings, "video-cameras", (const char *const *)ids);
}

static void
relayout (YzVideoPage *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->grid))))
    gtk_grid_remove (self->grid, child);

  if (self->enlarged >= 0)
    {
      gtk_grid_attach (self->grid, GTK_WIDGET (self->tiles[self->enlarged]), 0, 0, 1, 1);
      return;
    }
  for (int i = 0; i < self->columns * self->columns; i++)
    gtk_grid_attach (self->grid, GTK_WIDGET (self->tiles[i]), i % self->columns, i / self->columns,
                     1, 1);
}

static void
set_columns (YzVideoPage *self, int columns)
{
  columns = CLAMP (columns, 1, 4);
  if (self->columns == columns)
    return;
  self->columns = columns;
  if (self->enlarged >= 0)
    {
      yz_video_tile_set_main (self->tiles[self->enlarged], FALSE);
      self->enlarged = -1;
    }
  relayout (self);
  g_settings_set_int (self->settings, "video-columns", columns);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COLUMNS]);
}

/**
 * yz_video_page_enlarge:
 * @tile: a tile to show alone with its main stream, or -1 for the grid again
 */
void
yz_video_page_enlarge (YzVideoPage *self, int tile)
{
  g_return_if_fail (YZ_IS_VIDEO_PAGE (self));

  if (tile >= 0 && yz_video_tile_is_empty (self->tiles[tile]))
    return;
  if (self->enlarged >= 0)
    yz_video_tile_set_main (self->tiles[self->enlarged], FALSE);
  self->enlarged = tile;
  if (tile >= 0)
    yz_video_tile_set_main (self->tiles[tile], TRUE);
  relayout (self);
  if (tile >= 0)
    gtk_widget_grab_focus (GTK_WIDGET (self->tiles[tile]));
}

static int
tile_index (YzVideoPage *self, YzVideoTile *tile)
{
  for (int i = 0; i < YZ_N_TILES; i++)
    if (self->tiles[i] == tile)
      return i;
  g_assert_not_reached ();
}

static void
tile_activate_cb (YzVideoTile *tile, YzVideoPage *self)
{
  int i = tile_index (self, tile);

  yz_video_page_enlarge (self, self->enlarged == i ? -1 : i);
}

static void
tile_removed_cb (YzVideoTile *tile, YzVideoPage *self)
{
  if (self->enlarged == tile_index (self, tile))
    yz_video_page_enlarge (self, -1);
  save_layout (self);
  update_view (self);
}

static void
tile_dropped_cb (YzVideoTile *tile, const char *camera_id, YzVideoPage *self)
{
  yz_video_page_show_camera (self, camera_id, tile_index (self, tile));
}

static void
back_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  YzVideoPage *self = YZ_VIDEO_PAGE (widget);

  if (self->enlarged >= 0)
    yz_video_page_enlarge (self, -1);
}

/* For yz-video-page-layouts.c. */
void
_yz_video_page_set_columns (YzVideoPage *self, int columns)
{
  set_columns (self, columns);
}

void
_yz_video_page_save_layout (YzVideoPage *self)
{
  save_layout (self);
}

/* ---- the picker ---- */

static gboolean
camera_matches (gpointer item, gpointer user_data)
{
  YzVideoPage *self = user_data;
  g_autofree char *title = NULL;
  g_autofree char *folded = NULL;

  if (self->picker_text == NULL || self->picker_text[0] == '\0')
    return TRUE;
  title = camera_title (self, item);
  folded = g_utf8_casefold (title, -1);

  return strstr (folded, self->picker_text) != NULL;
}

static void
picker_changed_cb (YzVideoPage *self)
{
  g_free (self->picker_text);
  self->picker_text =
      g_utf8_casefold (gtk_editable_get_text (GTK_EDITABLE (self->picker_entry)), -1);
  if (self->picker_filter != NULL)
    gtk_filter_changed (GTK_FILTER (self->picker_filter), GTK_FILTER_CHANGE_DIFFERENT);
}

static void
pick (YzVideoPage *self, guint position)
{
  g_autoptr(YzCamera) camera = NULL;

  if (self->picker_model == NULL)
    return;
  camera = g_list_model_get_item (G_LIST_MODEL (self->picker_model), position);
  if (camera == NULL)
    return;
  yz_video_page_show_camera (self, yz_camera_get_id (camera), -1);
  gtk_popover_popdown (self->picker_popover);
}

static void
picker_activate_cb (YzVideoPage *self)
{
  pick (self, 0);
}

static void
picker_row_activate_cb (YzVideoPage *self, guint position)
{
  pick (self, position);
}

static void
picker_setup_cb (GtkSignalListItemFactory *factory, GtkListItem *item, YzVideoPage *self)
{
  GtkWidget *label = gtk_label_new (NULL);
  GtkDragSource *drag = gtk_drag_source_new ();

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_drag_source_set_actions (drag, GDK_ACTION_COPY);
  gtk_widget_add_controller (label, GTK_EVENT_CONTROLLER (drag));
  gtk_list_item_set_child (item, label);
}

static void
picker_bind_cb (GtkSignalListItemFactory *factory, GtkListItem *item, YzVideoPage *self)
{
  YzCamera *camera = gtk_list_item_get_item (item);
  GtkWidget *label = gtk_list_item_get_child (item);
  g_autofree char *title = camera_title (self, camera);
  g_autofree char *drag_text = g_strconcat ("yizhan-camera:", yz_camera_get_id (camera), NULL);
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (label);
  g_autoptr(GdkContentProvider) content =
      gdk_content_provider_new_typed (G_TYPE_STRING, drag_text);

  gtk_label_set_text (GTK_LABEL (label), title);
  gtk_widget_set_opacity (label, yz_camera_get_online (camera) ? 1.0 : 0.5);
  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_DRAG_SOURCE (controller))
        gtk_drag_source_set_content (GTK_DRAG_SOURCE (controller), content);
    }
}

/* ---- alarms ---- */

static void
alarm_raised_cb (YzSession *session, YzAlarm *alarm, YzVideoPage *self)
{
  int mode = g_settings_get_enum (self->settings, "alarm-video");

  if (mode == 0 || yz_alarm_get_camera_id (alarm) == NULL)
    return;
  /* The first tile is the alarm tile: the newest alarm's camera goes there. */
  if (yz_video_page_show_camera (self, yz_alarm_get_camera_id (alarm), 0))
    {
      yz_video_tile_set_alarm (self->tiles[0], TRUE);
      if (mode == 2)
        yz_video_page_enlarge (self, 0);
    }
}

static void
camera_online_cb (YzCamera *camera, GParamSpec *pspec, YzVideoPage *self)
{
  gboolean connected;

  if (self->session == NULL)
    return;
  connected = yz_session_get_connection_state (self->session) == YZ_CONNECTION_CONNECTED;
  for (int i = 0; i < YZ_N_TILES; i++)
    if (g_strcmp0 (yz_video_tile_get_id (self->tiles[i]), yz_camera_get_id (camera)) == 0)
      {
        g_autofree char *note = yz_video_camera_note (
            connected, yz_camera_get_online (camera),
            yz_session_get_disconnected_since (self->session), g_get_real_time ());

        yz_video_tile_set_note (self->tiles[i], note);
        if (yz_camera_get_online (camera))
          yz_video_tile_retry_now (self->tiles[i]);
      }
}

/* A camera the gateway reports back online: its tiles retry at once. */
static void
watch_cameras_cb (GListModel *cameras, guint position, guint removed, guint added,
                  YzVideoPage *self)
{
  for (guint i = position; i < position + added; i++)
    {
      g_autoptr(YzCamera) camera = g_list_model_get_item (cameras, i);

      g_signal_connect_object (camera, "notify::online", G_CALLBACK (camera_online_cb), self, 0);
    }
}

/* Lets go of a session: its own signals, its lists' (their groups) and its cameras'. */
static void
unwatch_session (YzVideoPage *self)
{
  GListModel *cameras;

  if (self->session == NULL)
    return;
  cameras = yz_session_get_cameras (self->session);
  for (guint i = 0; i < g_list_model_get_n_items (cameras); i++)
    {
      g_autoptr(YzCamera) camera = g_list_model_get_item (cameras, i);

      g_signal_handlers_disconnect_by_data (camera, self);
    }
  g_signal_group_set_target (self->session_signals, NULL);
  g_signal_group_set_target (self->stations_signals, NULL);
  g_signal_group_set_target (self->cameras_signals, NULL);
}

static void
restore_layout (YzVideoPage *self)
{
  g_auto(GStrv) ids = g_settings_get_strv (self->settings, "video-cameras");

  for (guint i = 0; ids[i] != NULL && i < YZ_N_TILES; i++)
    if (ids[i][0] != '\0' && yz_video_tile_is_empty (self->tiles[i]))
      yz_video_page_show_camera (self, ids[i], i);

  /* Never set up (the first start): fill the layout with the first online cameras, so the
   * wall shows something live rather than a grid of empty tiles. */
  if (ids[0] == NULL)
    {
      GListModel *cameras = yz_session_get_cameras (self->session);
      int tile = 0;

      for (guint i = 0;
           i < g_list_model_get_n_items (cameras) && tile < self->columns * self->columns; i++)
        {
          g_autoptr(YzCamera) camera = g_list_model_get_item (cameras, i);

          /* A tile filled meanwhile (--open-stream, an alarm) keeps what it shows. */
          while (tile < self->columns * self->columns &&
                 !yz_video_tile_is_empty (self->tiles[tile]))
            tile++;
          if (tile < self->columns * self->columns && yz_camera_get_online (camera) &&
              yz_camera_get_sub_url (camera) != NULL)
            yz_video_page_show_camera (self, yz_camera_get_id (camera), tile++);
        }
    }
  self->restored = TRUE;
  save_layout (self);
}

static gboolean
restore_cb (gpointer user_data)
{
  YzVideoPage *self = user_data;

  self->restore_id = 0;
  refresh_station_names (self);
  restore_layout (self);

  return G_SOURCE_REMOVE;
}

static void
cameras_changed_cb (YzVideoPage *self)
{
  update_view (self);
  /* The state arrives camera by camera: restore once it has all come. */
  if (!self->restored && g_list_model_get_n_items (yz_session_get_cameras (self->session)) > 0)
    {
      g_clear_handle_id (&self->restore_id, g_source_remove);
      self->restore_id = g_timeout_add (300, restore_cb, self);
    }
}

/* ---- opening a URL ---- */

static void
url_response_cb (AdwMessageDialog *dialog, const char *response, YzVideoPage *self)
{
  GtkEditable *entry = GTK_EDITABLE (adw_message_dialog_get_extra_child (dialog));
  g_autoptr(GError) error = NULL;

  if (!g_str_equal (response, "open"))
    return;
  if (!yz_video_page_open_url (self, gtk_editable_get_text (entry), &error))
    yz_toast (GTK_WIDGET (self), error->message);
}

static void
open_url_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  GtkWidget *dialog, *entry;

  dialog = adw_message_dialog_new (
      GTK_WINDOW (gtk_widget_get_root (widget)), _("Open a Stream"),
      _("A camera the gateway does not know: rtsp://, an http:// MJPEG stream, or a file. "
         "Put user names and passwords in the keyring, not in the address."));
  entry = gtk_entry_new ();
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry),
                                  "rtsp://192.168.1.64:554/Streaming/Channels/102");
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), entry);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"), "open",
                                    _("_Open"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "open",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "open");
  g_signal_connect_object (dialog, "response", G_CALLBACK (url_response_cb), widget, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* ---- its own window ---- */

static void
detached_destroy_cb (GtkWindow *window, YzVideoPage *self)
{
  self->detached = NULL;
  update_view (self);
  gtk_widget_set_sensitive (self->toolbar, TRUE);
}

/**
 * yz_video_page_detach:
 *
 * Opens the wall in a window of its own (for a second monitor); this page then says so
 * and decodes nothing. Returns the window.
 */
GtkWindow *
yz_video_page_detach (YzVideoPage *self)
{
  GtkWindow *root = GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self)));
  GtkWidget *overlay, *header, *box;
  YzVideoPage *page;

  g_return_val_if_fail (YZ_IS_VIDEO_PAGE (self), NULL);

  if (self->detached != NULL)
    {
      gtk_window_present (self->detached);
      return self->detached;
    }

  /* The layout travels through the settings: the new wall restores it. */
  save_layout (self);
  self->detached = GTK_WINDOW (adw_window_new ());
  gtk_window_set_title (self->detached, _("Video Wall"));
  gtk_window_set_default_size (self->detached, 1280, 800);
  if (root != NULL && gtk_window_get_application (root) != NULL)
    gtk_window_set_application (self->detached, gtk_window_get_application (root));
  page = YZ_VIDEO_PAGE (yz_video_page_new ());
  gtk_widget_set_visible (page->detach_button, FALSE);
  overlay = adw_toast_overlay_new ();
  adw_toast_overlay_set_child (ADW_TOAST_OVERLAY (overlay), GTK_WIDGET (page));
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  header = adw_header_bar_new ();
  gtk_box_append (GTK_BOX (box), header);
  gtk_box_append (GTK_BOX (box), overlay);
  gtk_widget_set_vexpand (overlay, TRUE);
  adw_window_set_content (ADW_WINDOW (self->detached), box);
  yz_video_page_set_session (page, self->session);
  g_signal_connect_object (self->detached, "destroy", G_CALLBACK (detached_destroy_cb), self, 0);

  /* Here: nothing decodes (the tiles are not shown) until the wall comes back. */
  if (self->enlarged >= 0)
    yz_video_page_enlarge (self, -1);
  gtk_stack_set_visible_child_name (self->stack, "detached");
  gtk_widget_set_sensitive (self->toolbar, FALSE);
  gtk_window_present (self->detached);

  return self->detached;
}

static void
detach_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  yz_video_page_detach (YZ_VIDEO_PAGE (widget));
}

static void
attach_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  YzVideoPage *self = YZ_VIDEO_PAGE (widget);

  if (self->detached != NULL)
    gtk_window_destroy (self->detached);
}

/* ---- a minimised window decodes nothing ---- */

static void
toplevel_state_cb (GdkToplevel *toplevel, GParamSpec *pspec, YzVideoPage *self)
{
  gboolean minimized = (gdk_toplevel_get_state (toplevel) & GDK_TOPLEVEL_STATE_MINIMIZED) != 0;

  for (int i = 0; i < YZ_N_TILES; i++)
    yz_video_tile_set_paused (self->tiles[i], minimized);
}

static void
yz_video_page_realize (GtkWidget *widget)
{
  YzVideoPage *self = YZ_VIDEO_PAGE (widget);
  GdkSurface *surface;

  GTK_WIDGET_CLASS (yz_video_page_parent_class)->realize (widget);
  surface = gtk_native_get_surface (gtk_widget_get_native (widget));
  if (GDK_IS_TOPLEVEL (surface))
    g_signal_connect_object (surface, "notify::state", G_CALLBACK (toplevel_state_cb), self, 0);
}

static void
yz_video_page_unrealize (GtkWidget *widget)
{
  GdkSurface *surface = gtk_native_get_surface (gtk_widget_get_native (widget));

  if (surface != NULL)
    g_signal_handlers_disconnect_by_func (surface, toplevel_state_cb, widget);
  GTK_WIDGET_CLASS (yz_video_page_parent_class)->unrealize (widget);
}

/* ---- GObject ---- */

static void
yz_video_page_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  YzVideoPage *self = YZ_VIDEO_PAGE (object);

  switch (prop_id)
    {
    case PROP_COLUMNS:
      g_value_set_int (value, self->columns);
      break;
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
yz_video_page_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  YzVideoPage *self = YZ_VIDEO_PAGE (object);

  switch (prop_id)
    {
    case PROP_COLUMNS:
      set_columns (self, g_value_get_int (value));
      break;
    case PROP_SESSION:
      yz_video_page_set_session (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
yz_video_page_dispose (GObject *object)
{
  YzVideoPage *self = YZ_VIDEO_PAGE (object);
  GtkWidget *child;

  g_clear_handle_id (&self->restore_id, g_source_remove);
  g_clear_handle_id (&self->notes_id, g_source_remove);
  if (self->detached != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->detached, self);
      gtk_window_destroy (g_steal_pointer (&self->detached));
    }
  unwatch_session (self);
  g_clear_object (&self->session_signals);
  g_clear_object (&self->stations_signals);
  g_clear_object (&self->cameras_signals);
  g_clear_object (&self->session);
  g_clear_object (&self->picker_model);
  g_clear_object (&self->picker_filter);
  for (int i = 0; i < YZ_N_TILES; i++)
    {
      if (self->tiles[i] != NULL && gtk_widget_get_parent (GTK_WIDGET (self->tiles[i])) != NULL)
        gtk_grid_remove (self->grid, GTK_WIDGET (self->tiles[i]));
      g_clear_object (&self->tiles[i]);
    }
  gtk_widget_dispose_template (GTK_WIDGET (object), YZ_TYPE_VIDEO_PAGE);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (object))))
    gtk_widget_unparent (child);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (yz_video_page_parent_class)->dispose (object);
}

static void
yz_video_page_finalize (GObject *object)
{
  YzVideoPage *self = YZ_VIDEO_PAGE (object);

  g_hash_table_unref (self->station_names);
  g_free (self->picker_text);

  G_OBJECT_CLASS (yz_video_page_parent_class)->finalize (object);
}

static void
yz_video_page_class_init (YzVideoPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = yz_video_page_dispose;
  object_class->finalize = yz_video_page_finalize;
  object_class->get_property = yz_video_page_get_property;
  object_class->set_property = yz_video_page_set_property;
  widget_class->realize = yz_video_page_realize;
  widget_class->unrealize = yz_video_page_unrealize;

  properties[PROP_COLUMNS] =
      g_param_spec_int ("columns", NULL, NULL, 1, 4, 2,
                        (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  /**
   * YzVideoPage:session: (nullable)
   *
   * The session whose cameras the wall shows; %NULL when no gateway is set up.
   */
  properties[PROP_SESSION] =
      g_param_spec_object ("session", NULL, NULL, YZ_TYPE_SESSION,
                           (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (YZ_TYPE_VIDEO_TILE);
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/yz-video-page.ui");
  gtk_widget_class_bind_template_child (widget_class, YzVideoPage, grid);
  gtk_widget_class_bind_template_child (widget_class, YzVideoPage, toolbar);
  gtk_widget_class_bind_template_child (widget_class, YzVideoPage, layouts_button);
  gtk_widget_class_bind_template_child (widget_class, YzVideoPage, stack);
  gtk_widget_class_bind_template_child (widget_class, YzVideoPage, detach_button);
  gtk_widget_class_bind_template_child (widget_class, YzVideoPage, empty_page);
  gtk_widget_class_bind_template_child (widget_class, YzVideoPage, setup_button);
  gtk_widget_class_bind_template_child (widget_class, YzVideoPage, picker_popover);
  gtk_widget_class_bind_template_child (widget_class, YzVideoPage, picker_entry);
  gtk_widget_class_bind_template_child (widget_class, YzVideoPage, picker_view);
  gtk_widget_class_bind_template_callback (widget_class, picker_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, picker_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, picker_row_activate_cb);
  gtk_widget_class_install_property_action (widget_class, "wall.columns", "columns");
  gtk_widget_class_install_action (widget_class, "wall.back", NULL, back_action);
  gtk_widget_class_install_action (widget_class, "wall.open-url", NULL, open_url_action);
  gtk_widget_class_install_action (widget_class, "wall.detach", NULL, detach_action);
  gtk_widget_class_install_action (widget_class, "wall.attach", NULL, attach_action);
  _yz_video_page_class_init_layouts (widget_class);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "wall.back", NULL);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
yz_video_page_init (YzVideoPage *self)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
  self->settings = g_settings_new (BASE_ID);
  /* Following the session: an alarm's camera, the connection, the stations and cameras. */
  self->session_signals = g_signal_group_new (YZ_TYPE_SESSION);
  g_signal_group_connect (self->session_signals, "alarm-raised", G_CALLBACK (alarm_raised_cb),
                          self);
  g_signal_group_connect_swapped (self->session_signals, "notify::connection-state",
                                  G_CALLBACK (connection_changed_cb), self);
  g_signal_group_connect_swapped (self->session_signals, "notify::disconnected-since",
                                  G_CALLBACK (connection_changed_cb), self);
  self->stations_signals = g_signal_group_new (G_TYPE_LIST_MODEL);
  g_signal_group_connect_swapped (self->stations_signals, "items-changed",
                                  G_CALLBACK (refresh_station_names), self);
  self->cameras_signals = g_signal_group_new (G_TYPE_LIST_MODEL);
  g_signal_group_connect_swapped (self->cameras_signals, "items-changed",
                                  G_CALLBACK (cameras_changed_cb), self);
  g_signal_group_connect (self->cameras_signals, "items-changed", G_CALLBACK (watch_cameras_cb),
                          self);
  self->station_names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->enlarged = -1;
  for (int i = 0; i < YZ_N_TILES; i++)
    {
      self->tiles[i] = g_object_ref_sink (YZ_VIDEO_TILE (yz_video_tile_new ()));
      g_signal_connect (self->tiles[i], "activate", G_CALLBACK (tile_activate_cb), self);
      g_signal_connect (self->tiles[i], "removed", G_CALLBACK (tile_removed_cb), self);
      g_signal_connect (self->tiles[i], "camera-dropped", G_CALLBACK (tile_dropped_cb), self);
    }
  self->columns = 0;
  set_columns (self, g_settings_get_int (self->settings, "video-columns"));

  _yz_video_page_init_layouts (self);

  g_signal_connect (factory, "setup", G_CALLBACK (picker_setup_cb), self);
  g_signal_connect (factory, "bind", G_CALLBACK (picker_bind_cb), self);
  gtk_list_view_set_factory (self->picker_view, factory);
  g_object_unref (factory);
  update_view (self);
}

/* ---- public ---- */

GtkWidget *
yz_video_page_new (void)
{
  return g_object_new (YZ_TYPE_VIDEO_PAGE, NULL);
}

/**
 * yz_video_page_set_session:
 * @session: (nullable): the session to show
 *
 * The #YzVideoPage:session property's setter.
 */
void
yz_video_page_set_session (YzVideoPage *self, YzSession *session)
{
  gboolean had_session;

  g_return_if_fail (YZ_IS_VIDEO_PAGE (self));

  if (self->session == session)
    return;
  had_session = self->session != NULL;
  unwatch_session (self);
  if (!g_set_object (&self->session, session) || session == NULL)
    {
      g_clear_handle_id (&self->notes_id, g_source_remove);
      update_notes (self);
      update_view (self);
      if (had_session)
        g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);
      return;
    }

  g_clear_object (&self->picker_model);
  g_clear_object (&self->picker_filter);
  self->picker_filter = gtk_custom_filter_new (camera_matches, self, NULL);
  self->picker_model = gtk_filter_list_model_new (g_object_ref (yz_session_get_cameras (session)),
                                                  g_object_ref (GTK_FILTER (self->picker_filter)));
  {
    g_autoptr(GtkSingleSelection) selection =
        gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->picker_model)));

    gtk_single_selection_set_autoselect (selection, FALSE);
    gtk_list_view_set_model (self->picker_view, GTK_SELECTION_MODEL (selection));
  }
  g_signal_group_set_target (self->stations_signals, yz_session_get_stations (session));
  g_signal_group_set_target (self->cameras_signals, yz_session_get_cameras (session));
  g_signal_group_set_target (self->session_signals, session);
  watch_cameras_cb (yz_session_get_cameras (session), 0, 0,
                    g_list_model_get_n_items (yz_session_get_cameras (session)), self);
  refresh_station_names (self);
  cameras_changed_cb (self);
  connection_changed_cb (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);
}

/**
 * yz_video_page_show_camera:
 * @tile: the tile to use, or -1 for the first empty one (else the last of the layout)
 *
 * Puts a camera of the session on the wall (a camera already on it stays where it is).
 */
gboolean
yz_video_page_show_camera (YzVideoPage *self, const char *camera_id, int tile)
{
  YzCamera *camera;
  g_autofree char *title = NULL;

  g_return_val_if_fail (YZ_IS_VIDEO_PAGE (self), FALSE);

  if ((camera = find_camera (self, camera_id)) == NULL)
    return FALSE;
  if (tile < 0)
    {
      for (int i = 0; i < self->columns * self->columns && tile < 0; i++)
        if (g_strcmp0 (yz_video_tile_get_id (self->tiles[i]), camera_id) == 0)
          return TRUE;
      for (int i = 0; i < self->columns * self->columns && tile < 0; i++)
        if (yz_video_tile_is_empty (self->tiles[i]))
          tile = i;
      if (tile < 0)
        tile = self->columns * self->columns - 1;
    }
  tile = CLAMP (tile, 0, YZ_N_TILES - 1);
  if (tile >= self->columns * self->columns && self->enlarged < 0)
    set_columns (self, tile < 4 ? 2 : tile < 9 ? 3 : 4);
  title = camera_title (self, camera);
  yz_video_tile_set_alarm (self->tiles[tile], FALSE);
  yz_video_tile_set_source (self->tiles[tile], camera_id, title, yz_camera_get_sub_url (camera),
                            yz_camera_get_main_url (camera));
  save_layout (self);
  update_notes (self);
  update_view (self);

  return TRUE;
}

/**
 * yz_video_page_open_url:
 *
 * Plays @url (rtsp://, http:// MJPEG, a file path or file:// URL) in the first tile.
 */
gboolean
yz_video_page_open_url (YzVideoPage *self, const char *url, GError **error)
{
  g_autofree char *uri = NULL;
  g_autofree char *redacted = NULL;
  g_autofree char *id = NULL;

  g_return_val_if_fail (YZ_IS_VIDEO_PAGE (self), FALSE);

  if (url == NULL || *url == '\0')
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, _("No address given"));
      return FALSE;
    }
  if (g_path_is_absolute (url))
    uri = g_filename_to_uri (url, NULL, NULL);
  else
    {
      g_autoptr(GUri) parsed = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);
      const char *scheme = parsed ? g_uri_get_scheme (parsed) : NULL;

      if (scheme == NULL || !(g_str_equal (scheme, "rtsp") || g_str_equal (scheme, "rtsps") ||
                              g_str_equal (scheme, "http") || g_str_equal (scheme, "https") ||
                              g_str_equal (scheme, "file")))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                       _("Not a stream address: use rtsp://, http://, https:// or a file"));
          return FALSE;
        }
      uri = g_strdup (url);
    }
  redacted = yz_uri_redact (uri);
  id = g_strconcat ("url:", redacted, NULL);
  yz_video_tile_set_alarm (self->tiles[0], FALSE);
  yz_video_tile_set_source (self->tiles[0], id, redacted, uri, NULL);
  yz_video_tile_set_note (self->tiles[0], NULL);
  update_view (self);

  return TRUE;
}

YzVideoTile *
yz_video_page_get_tile (YzVideoPage *self, guint index)
{
  g_return_val_if_fail (index < YZ_N_TILES, NULL);

  return self->tiles[index];
}

int
yz_video_page_get_enlarged (YzVideoPage *self)
{
  return self->enlarged;
}

GListModel *
yz_video_page_get_picker_model (YzVideoPage *self)
{
  return G_LIST_MODEL (self->picker_model);
}

/* "grid", "empty" or "detached": what the page shows. */
const char *
yz_video_page_get_view (YzVideoPage *self)
{
  g_return_val_if_fail (YZ_IS_VIDEO_PAGE (self), NULL);

  return gtk_stack_get_visible_child_name (self->stack);
}
