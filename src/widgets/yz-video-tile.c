/* yz-video-tile.c
 *
 * One tile of the video wall: a camera's stream (the sub stream in the grid, the main one
 * when enlarged), its name, the time of the picture shown, and its state in words — a
 * spinner while connecting, the reason when it is not playing. Frames are applied by one
 * timer for all tiles, so all tiles of a wall change together in one paint. A note at the
 * bottom says what the wall knows about the camera beyond its stream (while the console is
 * disconnected: that the camera's state is the last known one).
 *
 * Switching streams (sub ↔ main) keeps the old picture until the new stream's first frame
 * is there: never a black or frozen tile in between. A tile that is not mapped (another
 * section, a minimised window, a hidden cell of the grid) does not decode.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "yz-video-tile"

#include "config.h"

#include <glib/gi18n.h>
#include <adwaita.h>
#include <errno.h>
#include <glib/gstdio.h>

#include "yz-secrets.h"
#include "yz-video-tile.h"
#include "yz-widgets.h"

struct _YzVideoTile
{
  GtkWidget parent_instance;

  GtkPicture *picture;
  GtkWidget *empty_label;
  GtkWidget *status_box;
  GtkSpinner *spinner;
  GtkWidget *status_icon;
  GtkLabel *status_label;
  GtkWidget *top_box;
  GtkLabel *title_label;
  GtkLabel *clock_label;
  GtkLabel *note_label;

  char *id;
  char *title;
  char *sub_url;
  char *main_url;
  gboolean main;
  YzStream *stream;    /* shown */
  YzStream *next;      /* replacing it once it has a frame */
  gboolean applying;   /* in the list of tiles taking frames */
  gboolean cairo;      /* drawn by GTK's cairo renderer */
  gint64 resize_since; /* monotonic, when the picture's size first differed from the frames' */
  gint64 clock_shown;  /* seconds */
  guint stall_ms, restart_ms, max_backoff_ms;
  gboolean paused;
  char *user; /* the camera's credentials, from the URL or the keyring */
  char *password;
  GCancellable *cancellable;
  GSettings *settings;
};

G_DEFINE_FINAL_TYPE (YzVideoTile, yz_video_tile, GTK_TYPE_WIDGET)

enum
{
  ACTIVATE,
  REMOVED,
  CAMERA_DROPPED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* ---- state ---- */

static void
update_status (YzVideoTile *self)
{
  YzStream *stream = self->next ? self->next : self->stream;
  YzStreamState state = stream ? yz_stream_get_state (stream) : YZ_STREAM_IDLE;
  const char *message = stream ? yz_stream_get_message (stream) : NULL;
  gboolean has_picture =
      self->stream && yz_stream_paintable_has_frame (yz_stream_get_paintable (self->stream));
  gboolean busy = state == YZ_STREAM_CONNECTING || state == YZ_STREAM_RECONNECTING;
  g_autofree char *text = NULL;

  /* While the main stream connects behind a live sub stream picture, or once the first
   * frame is shown (the stream says "playing" at its next check), say nothing. */
  if (has_picture && state == YZ_STREAM_CONNECTING)
    busy = FALSE, state = YZ_STREAM_PLAYING;

  switch (state)
    {
    case YZ_STREAM_CONNECTING:
      text = g_strdup (_("Connecting…"));
      break;
    case YZ_STREAM_RECONNECTING:
      text =
          g_strdup_printf (_("%s. Reconnecting…"), message ? message : _("The stream broke off"));
      break;
    case YZ_STREAM_STALLED:
    case YZ_STREAM_FAILED:
      text = g_strdup (message ? message : _("The stream broke off"));
      break;
    case YZ_STREAM_IDLE:
    case YZ_STREAM_PLAYING:
    default:
      break;
    }

  gtk_widget_set_visible (self->status_box, text != NULL && self->id != NULL);
  gtk_label_set_text (self->status_label, text ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), busy);
  gtk_spinner_set_spinning (self->spinner, busy);
  gtk_widget_set_visible (self->status_icon, !busy);
  if (state == YZ_STREAM_FAILED)
    gtk_widget_add_css_class (GTK_WIDGET (self), "failed");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self), "failed");
}

static void
update_clock (YzVideoTile *self)
{
  gint64 time = self->stream
                    ? yz_stream_paintable_get_frame_time (yz_stream_get_paintable (self->stream))
                    : 0;
  g_autoptr(GDateTime) when = NULL;
  g_autofree char *text = NULL;

  if (time / G_USEC_PER_SEC == self->clock_shown)
    return;
  self->clock_shown = time / G_USEC_PER_SEC;
  if (time > 0 && (when = g_date_time_new_from_unix_local (time / G_USEC_PER_SEC)) != NULL)
    text = g_date_time_format (when, "%H:%M:%S");
  gtk_label_set_text (self->clock_label, text ? text : "");

  /* Once a second: the stream's figures, for whoever hovers over its name. */
  if (self->stream != NULL)
    {
      YzStreamStats stats;
      g_autofree char *tip = NULL;

      yz_stream_get_stats (self->stream, &stats);
      tip = g_strdup_printf (_("%s\n%d×%d · %.0f frames/s · %.0f kbit/s · %s · %u dropped"),
                             self->title ? self->title : "", stats.width, stats.height, stats.fps,
                             stats.kbps, stats.codec[0] ? stats.codec : "?", (guint)stats.dropped);
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->title_label), tip);
    }
}

/* Frames arrive on the streams' threads. The first one pending wakes the main loop once,
 * and every playing tile takes its newest frame there (apply_frames): a new texture
 * invalidates only that tile's picture, and the frame clock paints what changed at its next
 * frame, all tiles together. So the wall follows the frame clock and the streams' own rate:
 * no fixed timer adding its period to the latency, and no paint without a new frame. */
static GList *applying; /* YzVideoTile, not owned */
static gint wake_pending;

static void apply_frames (YzVideoTile *self);

static gboolean
wake_cb (gpointer user_data)
{
  g_atomic_int_set (&wake_pending, 0);
  for (GList *l = applying; l != NULL; l = l->next)
    apply_frames (l->data);

  return G_SOURCE_REMOVE;
}

/* Any thread: a stream has a frame waiting. */
static void
frame_arrived_cb (void)
{
  if (g_atomic_int_compare_and_exchange (&wake_pending, 0, 1))
    g_idle_add_full (G_PRIORITY_HIGH_IDLE, wake_cb, NULL, NULL);
}

static void
start_applying (YzVideoTile *self)
{
  if (self->applying)
    return;
  self->applying = TRUE;
  /* Mapped, so in a window with a renderer: frames for GTK's cairo renderer as cairo
   * surfaces (yz-stream-paintable.c). */
  self->cairo =
      GSK_IS_CAIRO_RENDERER (gtk_native_get_renderer (gtk_widget_get_native (GTK_WIDGET (self))));
  applying = g_list_prepend (applying, self);
  yz_stream_paintable_set_frame_notify (frame_arrived_cb);
  frame_arrived_cb (); /* what waits already */
}

static void
stop_applying (YzVideoTile *self)
{
  if (!self->applying)
    return;
  self->applying = FALSE;
  applying = g_list_remove (applying, self);
}

/* The picture's size in device pixels, for GStreamer to scale to, once it has held still for
 * a moment (not at every step of a window being dragged larger). */
#define RESIZE_SETTLE_US (150 * 1000)

static void
follow_size (YzVideoTile *self, YzStream *stream)
{
  int scale = gtk_widget_get_scale_factor (GTK_WIDGET (self->picture));
  int width = gtk_widget_get_width (GTK_WIDGET (self->picture)) * scale;
  int height = gtk_widget_get_height (GTK_WIDGET (self->picture)) * scale;
  int current_width, current_height;
  gint64 now;

  yz_stream_get_size (stream, &current_width, &current_height);
  if (width <= 0 || height <= 0 || (width == current_width && height == current_height))
    {
      self->resize_since = 0;
      return;
    }
  now = g_get_monotonic_time ();
  if (self->resize_since == 0)
    self->resize_since = now;
  else if (now - self->resize_since >= RESIZE_SETTLE_US)
    {
      yz_stream_set_size (stream, width, height);
      self->resize_since = 0;
    }
}

static void
apply_frames (YzVideoTile *self)
{
  if (self->stream != NULL)
    {
      yz_stream_paintable_set_draw_with_cairo (yz_stream_get_paintable (self->stream), self->cairo);
      yz_stream_paintable_update (yz_stream_get_paintable (self->stream));
      follow_size (self, self->stream);
    }
  if (self->next != NULL)
    yz_stream_paintable_set_draw_with_cairo (yz_stream_get_paintable (self->next), self->cairo);
  if (self->next != NULL && yz_stream_paintable_update (yz_stream_get_paintable (self->next)))
    {
      /* The new stream has its first frame: now, and only now, it replaces the old. */
      if (self->stream != NULL)
        {
          g_signal_handlers_disconnect_by_data (self->stream, self);
          yz_stream_stop (self->stream);
          g_object_unref (self->stream);
        }
      self->stream = g_steal_pointer (&self->next);
      gtk_picture_set_paintable (self->picture,
                                 GDK_PAINTABLE (yz_stream_get_paintable (self->stream)));
      update_status (self);
    }
  update_clock (self);
}

static void
stream_state_cb (YzVideoTile *self)
{
  update_status (self);
}

static void
forget_credentials (YzVideoTile *self)
{
  if (self->password != NULL)
    memset (self->password, 0, strlen (self->password));
  g_clear_pointer (&self->password, g_free);
  g_clear_pointer (&self->user, g_free);
}

/* A URL that carries a user and password: they go to the keyring and the tile, the URL
 * goes on without them (so that it can be logged and shown). */
static char *
take_credentials (YzVideoTile *self, const char *url)
{
  g_autofree char *endpoint = NULL;
  g_autofree char *secret = NULL;
  char *user = NULL;
  char *password = NULL;
  char *redacted = yz_url_split_credentials (url, &user, &password);

  if (user == NULL)
    return redacted;

  forget_credentials (self);
  self->user = user;
  self->password = password;
  if ((endpoint = yz_url_camera_endpoint (url)) != NULL)
    {
      secret = g_strconcat (self->user, "\n", self->password, NULL);
      yz_secrets_store_async (YZ_SECRET_CAMERA, endpoint, "", secret);
      memset (secret, 0, strlen (secret));
    }

  return redacted;
}

static void
credentials_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  YzVideoTile *self = user_data;
  g_autofree char *secret = yz_secrets_lookup_finish (result, NULL);
  char *newline;

  if (secret == NULL || (newline = strchr (secret, '\n')) == NULL)
    return;
  *newline = '\0';
  forget_credentials (self);
  self->user = g_strdup (secret);
  self->password = g_strdup (newline + 1);
  memset (newline + 1, 0, strlen (newline + 1));
  if (self->stream != NULL)
    {
      yz_stream_set_credentials (self->stream, self->user, self->password);
      /* Refused before the keyring answered: try again with what it knows. */
      if (yz_stream_get_state (self->stream) == YZ_STREAM_FAILED &&
          yz_stream_get_problem (self->stream) == YZ_STREAM_PROBLEM_UNAUTHORIZED &&
          gtk_widget_get_mapped (GTK_WIDGET (self)) && !self->paused)
        yz_stream_play (self->stream);
    }
}

static YzStream *
make_stream (YzVideoTile *self, const char *url, gboolean main)
{
  YzStream *stream = yz_stream_new (url);
  int scale = gtk_widget_get_scale_factor (GTK_WIDGET (self->picture));
  int width = gtk_widget_get_width (GTK_WIDGET (self->picture)) * scale;
  int height = gtk_widget_get_height (GTK_WIDGET (self->picture)) * scale;

  /* Frames at the picture's exact size in device pixels: GTK then draws them 1:1 (see
   * yz-stream.c). Not yet allocated: the stream's own size until follow_size() knows. */
  if (width > 0 && height > 0)
    yz_stream_set_size (stream, width, height);
  if (self->stall_ms > 0)
    yz_stream_set_timing (stream, self->stall_ms, self->restart_ms, self->max_backoff_ms);
  if (self->user != NULL)
    yz_stream_set_credentials (stream, self->user, self->password);
  yz_stream_set_persistent (stream, self->id != NULL && !g_str_has_prefix (self->id, "url:"));
  yz_stream_set_tcp (stream, g_settings_get_boolean (self->settings, "video-rtsp-tcp"));
  yz_stream_set_latency (stream, g_settings_get_uint (self->settings, "video-latency-ms"));
  g_signal_connect_object (stream, "notify::state", G_CALLBACK (stream_state_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (stream, "notify::message", G_CALLBACK (stream_state_cb), self,
                           G_CONNECT_SWAPPED);

  return stream;
}

static const char *
wanted_url (YzVideoTile *self)
{
  if (self->main && self->main_url != NULL)
    return self->main_url;
  return self->sub_url ? self->sub_url : self->main_url;
}

static void
drop_streams (YzVideoTile *self)
{
  if (self->stream != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->stream, self);
      yz_stream_stop (self->stream);
      g_clear_object (&self->stream);
    }
  if (self->next != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->next, self);
      yz_stream_stop (self->next);
      g_clear_object (&self->next);
    }
}

/* ---- actions and input ---- */

static void
enlarge_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  g_signal_emit (widget, signals[ACTIVATE], 0);
}

static void
clear_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  yz_video_tile_clear (YZ_VIDEO_TILE (widget));
  g_signal_emit (widget, signals[REMOVED], 0);
}

static void
snapshot_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = yz_video_tile_save_snapshot (YZ_VIDEO_TILE (widget), &error);
  g_autofree char *text = NULL;

  text = path ? g_strdup_printf (_("Picture saved: %s"), path) : g_strdup (error->message);
  yz_toast (widget, text);
}

static void
pressed_cb (GtkGestureClick *gesture, int n_press, double x, double y, YzVideoTile *self)
{
  gtk_widget_grab_focus (GTK_WIDGET (self));
  if (n_press == 2 && self->id != NULL)
    g_signal_emit (self, signals[ACTIVATE], 0);
}

static gboolean
drop_cb (GtkDropTarget *target, const GValue *value, double x, double y, YzVideoTile *self)
{
  const char *text = g_value_get_string (value);

  if (text == NULL || !g_str_has_prefix (text, "yizhan-camera:"))
    return FALSE;
  g_signal_emit (self, signals[CAMERA_DROPPED], 0, text + strlen ("yizhan-camera:"));

  return TRUE;
}

static GdkContentProvider *
drag_prepare_cb (GtkDragSource *source, double x, double y, YzVideoTile *self)
{
  g_autofree char *text = NULL;

  if (self->id == NULL || g_str_has_prefix (self->id, "url:"))
    return NULL;
  text = g_strconcat ("yizhan-camera:", self->id, NULL);

  return gdk_content_provider_new_typed (G_TYPE_STRING, text);
}

/* ---- GObject ---- */

static void
yz_video_tile_map (GtkWidget *widget)
{
  YzVideoTile *self = YZ_VIDEO_TILE (widget);

  GTK_WIDGET_CLASS (yz_video_tile_parent_class)->map (widget);
  if (self->stream != NULL || self->next != NULL)
    start_applying (self);
  if (self->paused)
    return;
  if (self->stream != NULL)
    yz_stream_play (self->stream);
  if (self->next != NULL)
    yz_stream_play (self->next);
}

static void
yz_video_tile_unmap (GtkWidget *widget)
{
  YzVideoTile *self = YZ_VIDEO_TILE (widget);

  /* Not seen: not decoded. The last picture stays for when it is seen again. */
  if (self->stream != NULL)
    yz_stream_stop (self->stream);
  if (self->next != NULL)
    yz_stream_stop (self->next);
  stop_applying (self);
  GTK_WIDGET_CLASS (yz_video_tile_parent_class)->unmap (widget);
}

static void
yz_video_tile_dispose (GObject *object)
{
  YzVideoTile *self = YZ_VIDEO_TILE (object);
  GtkWidget *child;

  drop_streams (self);
  stop_applying (self);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  forget_credentials (self);
  g_clear_object (&self->settings);
  gtk_widget_dispose_template (GTK_WIDGET (self), YZ_TYPE_VIDEO_TILE);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))))
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (yz_video_tile_parent_class)->dispose (object);
}

static void
yz_video_tile_finalize (GObject *object)
{
  YzVideoTile *self = YZ_VIDEO_TILE (object);

  g_free (self->id);
  g_free (self->title);
  g_free (self->sub_url);
  g_free (self->main_url);

  G_OBJECT_CLASS (yz_video_tile_parent_class)->finalize (object);
}

static void
yz_video_tile_class_init (YzVideoTileClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = yz_video_tile_dispose;
  object_class->finalize = yz_video_tile_finalize;
  widget_class->map = yz_video_tile_map;
  widget_class->unmap = yz_video_tile_unmap;

  /**
   * YzVideoTile::activate:
   *
   * Enlarge (or back): double-click, Enter, or the tile's button.
   */
  signals[ACTIVATE] = g_signal_new ("activate", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                    NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[REMOVED] = g_signal_new ("removed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                                   NULL, NULL, G_TYPE_NONE, 0);
  /**
   * YzVideoTile::camera-dropped:
   * @camera_id: a camera dragged onto the tile
   */
  signals[CAMERA_DROPPED] =
      g_signal_new ("camera-dropped", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                    NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/yz-video-tile.ui");
  gtk_widget_class_bind_template_child (widget_class, YzVideoTile, picture);
  gtk_widget_class_bind_template_child (widget_class, YzVideoTile, empty_label);
  gtk_widget_class_bind_template_child (widget_class, YzVideoTile, status_box);
  gtk_widget_class_bind_template_child (widget_class, YzVideoTile, spinner);
  gtk_widget_class_bind_template_child (widget_class, YzVideoTile, status_icon);
  gtk_widget_class_bind_template_child (widget_class, YzVideoTile, status_label);
  gtk_widget_class_bind_template_child (widget_class, YzVideoTile, top_box);
  gtk_widget_class_bind_template_child (widget_class, YzVideoTile, title_label);
  gtk_widget_class_bind_template_child (widget_class, YzVideoTile, clock_label);
  gtk_widget_class_bind_template_child (widget_class, YzVideoTile, note_label);
  gtk_widget_class_install_action (widget_class, "tile.enlarge", NULL, enlarge_action);
  gtk_widget_class_install_action (widget_class, "tile.clear", NULL, clear_action);
  gtk_widget_class_install_action (widget_class, "tile.snapshot", NULL, snapshot_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, 0, "tile.enlarge", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Enter, 0, "tile.enlarge", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Delete, 0, "tile.clear", NULL);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "videotile");
}

static void
yz_video_tile_init (YzVideoTile *self)
{
  GtkGesture *click = gtk_gesture_click_new ();
  GtkDropTarget *drop = gtk_drop_target_new (G_TYPE_STRING, GDK_ACTION_COPY | GDK_ACTION_MOVE);
  GtkDragSource *drag = gtk_drag_source_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
  self->settings = g_settings_new (BASE_ID);
  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  g_signal_connect (click, "pressed", G_CALLBACK (pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));
  g_signal_connect (drop, "drop", G_CALLBACK (drop_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drop));
  gtk_drag_source_set_actions (drag, GDK_ACTION_COPY);
  g_signal_connect (drag, "prepare", G_CALLBACK (drag_prepare_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drag));
  yz_video_tile_clear (self);
}

/* ---- public ---- */

GtkWidget *
yz_video_tile_new (void)
{
  return g_object_new (YZ_TYPE_VIDEO_TILE, NULL);
}

/**
 * yz_video_tile_set_source:
 * @id: a camera id, or "url:…" for a stream opened by URL
 * @title: what the tile says it shows (station · camera)
 * @sub_url: (nullable): the light stream for the grid
 * @main_url: (nullable): the full stream, when enlarged
 */
void
yz_video_tile_set_source (YzVideoTile *self, const char *id, const char *title, const char *sub_url,
                          const char *main_url)
{
  g_return_if_fail (YZ_IS_VIDEO_TILE (self));
  g_return_if_fail (id != NULL);

  if (g_strcmp0 (self->id, id) == 0)
    return;
  drop_streams (self);
  forget_credentials (self);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  g_free (self->id);
  self->id = g_strdup (id);
  g_free (self->title);
  self->title = g_strdup (title);
  g_free (self->sub_url);
  self->sub_url = take_credentials (self, sub_url);
  g_free (self->main_url);
  self->main_url = take_credentials (self, main_url);
  if (self->user == NULL && wanted_url (self) != NULL)
    {
      g_autofree char *endpoint = yz_url_camera_endpoint (wanted_url (self));

      if (endpoint != NULL)
        yz_secrets_lookup_async (YZ_SECRET_CAMERA, endpoint, "", self->cancellable, credentials_cb,
                                 self);
    }

  gtk_label_set_text (self->title_label, title);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->title_label), title);
  gtk_widget_set_visible (self->empty_label, FALSE);
  gtk_widget_set_visible (self->top_box, TRUE);
  gtk_picture_set_paintable (self->picture, NULL);
  self->clock_shown = -1;

  if (wanted_url (self) == NULL)
    {
      gtk_widget_set_visible (self->status_box, TRUE);
      gtk_widget_set_visible (GTK_WIDGET (self->spinner), FALSE);
      gtk_label_set_text (self->status_label, _("The gateway has no stream for this camera"));
      return;
    }
  self->stream = make_stream (self, wanted_url (self), self->main);
  gtk_picture_set_paintable (self->picture, GDK_PAINTABLE (yz_stream_get_paintable (self->stream)));
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    start_applying (self);
  if (gtk_widget_get_mapped (GTK_WIDGET (self)) && !self->paused)
    yz_stream_play (self->stream);
  update_status (self);
}

void
yz_video_tile_clear (YzVideoTile *self)
{
  g_return_if_fail (YZ_IS_VIDEO_TILE (self));

  drop_streams (self);
  forget_credentials (self);
  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->title, g_free);
  g_clear_pointer (&self->sub_url, g_free);
  g_clear_pointer (&self->main_url, g_free);
  gtk_picture_set_paintable (self->picture, NULL);
  gtk_widget_set_visible (self->empty_label, TRUE);
  gtk_widget_set_visible (self->top_box, FALSE);
  gtk_widget_set_visible (self->status_box, FALSE);
  gtk_widget_remove_css_class (GTK_WIDGET (self), "failed");
  yz_video_tile_set_alarm (self, FALSE);
  yz_video_tile_set_note (self, NULL);
  stop_applying (self);
}

const char *
yz_video_tile_get_id (YzVideoTile *self)
{
  return self->id;
}

const char *
yz_video_tile_get_title (YzVideoTile *self)
{
  return self->title;
}

gboolean
yz_video_tile_is_empty (YzVideoTile *self)
{
  return self->id == NULL;
}

/**
 * yz_video_tile_set_main:
 *
 * The full stream (enlarged) or the light one (grid). The picture shown stays until the
 * other stream's first frame replaces it.
 */
void
yz_video_tile_set_main (YzVideoTile *self, gboolean main)
{
  const char *url;

  g_return_if_fail (YZ_IS_VIDEO_TILE (self));

  if (self->main == main)
    return;
  self->main = main;
  if (self->id == NULL || (url = wanted_url (self)) == NULL)
    return;
  if (self->stream != NULL && g_strcmp0 (yz_stream_get_uri (self->stream), url) == 0)
    {
      /* Back to what is shown already: forget the pending switch. */
      if (self->next != NULL)
        {
          g_signal_handlers_disconnect_by_data (self->next, self);
          yz_stream_stop (self->next);
          g_clear_object (&self->next);
        }
      return;
    }
  if (self->next != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->next, self);
      yz_stream_stop (self->next);
      g_clear_object (&self->next);
    }
  self->next = make_stream (self, url, main);
  if (gtk_widget_get_mapped (GTK_WIDGET (self)) && !self->paused)
    yz_stream_play (self->next);
  update_status (self);
}

gboolean
yz_video_tile_get_main (YzVideoTile *self)
{
  return self->main;
}

/* The stream shown (not one still connecting to replace it). */
YzStream *
yz_video_tile_get_stream (YzVideoTile *self)
{
  return self->stream;
}

YzStreamPaintable *
yz_video_tile_get_shown (YzVideoTile *self)
{
  return GTK_IS_PICTURE (self->picture)
             ? YZ_STREAM_PAINTABLE (gtk_picture_get_paintable (self->picture))
             : NULL;
}

/* The gateway says the camera is back: do not wait out the backoff. */
void
yz_video_tile_retry_now (YzVideoTile *self)
{
  g_return_if_fail (YZ_IS_VIDEO_TILE (self));

  if (self->stream == NULL || self->paused || !gtk_widget_get_mapped (GTK_WIDGET (self)))
    return;
  if (yz_stream_get_state (self->stream) == YZ_STREAM_RECONNECTING ||
      yz_stream_get_state (self->stream) == YZ_STREAM_FAILED ||
      yz_stream_get_state (self->stream) == YZ_STREAM_STALLED)
    {
      yz_stream_stop (self->stream);
      yz_stream_play (self->stream);
    }
}

/* A minimised window: stop decoding while nobody can see it, play again after. */
void
yz_video_tile_set_paused (YzVideoTile *self, gboolean paused)
{
  g_return_if_fail (YZ_IS_VIDEO_TILE (self));

  if (self->paused == paused)
    return;
  self->paused = paused;
  if (!gtk_widget_get_mapped (GTK_WIDGET (self)))
    return;
  if (paused)
    {
      if (self->stream != NULL)
        yz_stream_stop (self->stream);
      if (self->next != NULL)
        yz_stream_stop (self->next);
    }
  else
    {
      if (self->stream != NULL)
        yz_stream_play (self->stream);
      if (self->next != NULL)
        yz_stream_play (self->next);
    }
}

/* The tile that opened by itself for an alarm: framed in red. */
void
yz_video_tile_set_alarm (YzVideoTile *self, gboolean alarm)
{
  if (alarm)
    gtk_widget_add_css_class (GTK_WIDGET (self), "alarm");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self), "alarm");
}

void
yz_video_tile_set_stream_timing (YzVideoTile *self, guint stall_ms, guint restart_ms,
                                 guint max_backoff_ms)
{
  self->stall_ms = stall_ms;
  self->restart_ms = restart_ms;
  self->max_backoff_ms = max_backoff_ms;
}

/**
 * yz_video_tile_save_snapshot:
 *
 * Saves the picture shown as PNG in the user's pictures folder, named by what the tile
 * shows and the time. Returns the path.
 */
char *
yz_video_tile_save_snapshot (YzVideoTile *self, GError **error)
{
  YzStreamPaintable *shown;
  GdkTexture *texture;
  const char *pictures = g_get_user_special_dir (G_USER_DIRECTORY_PICTURES);
  g_autofree char *dir = NULL;
  g_autofree char *name = NULL;
  g_autofree char *stamp = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  GString *safe;
  char *path;

  g_return_val_if_fail (YZ_IS_VIDEO_TILE (self), NULL);

  shown = self->stream ? yz_stream_get_paintable (self->stream) : NULL;
  texture = shown ? yz_stream_paintable_get_texture (shown) : NULL;
  if (texture == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, _("No picture to save yet"));
      return NULL;
    }

  dir = g_build_filename (pictures ? pictures : g_get_home_dir (), "Yizhan", NULL);
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errno), _("Cannot create %s: %s"),
                   dir, g_strerror (errno));
      return NULL;
    }
  /* A file name from the title, never a path: separators and odd characters become "-". */
  safe = g_string_new (NULL);
  for (const char *c = self->title ? self->title : "camera"; *c; c = g_utf8_next_char (c))
    {
      gunichar u = g_utf8_get_char (c);

      if (u == '/' || u == '\\' || u == ':' || u < 0x20 || u == '.')
        g_string_append_c (safe, '-');
      else
        g_string_append_unichar (safe, u);
    }
  stamp = g_date_time_format (now, "%Y%m%d-%H%M%S");
  name = g_strdup_printf ("%s %s.png", safe->str, stamp);
  g_string_free (safe, TRUE);
  path = g_build_filename (dir, name, NULL);
  if (!gdk_texture_save_to_png (texture, path))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("Cannot save %s"), path);
      g_free (path);
      return NULL;
    }

  return path;
}

/**
 * yz_video_tile_set_note:
 * @note: (nullable): a line at the bottom of the tile about the camera, or %NULL for none
 */
void
yz_video_tile_set_note (YzVideoTile *self, const char *note)
{
  g_return_if_fail (YZ_IS_VIDEO_TILE (self));

  gtk_label_set_text (self->note_label, note ? note : "");
  gtk_widget_set_visible (GTK_WIDGET (self->note_label), note != NULL && self->id != NULL);
}

const char *
yz_video_tile_get_note (YzVideoTile *self)
{
  g_return_val_if_fail (YZ_IS_VIDEO_TILE (self), NULL);

  return gtk_widget_get_visible (GTK_WIDGET (self->note_label))
             ? gtk_label_get_text (self->note_label)
             : NULL;
}
