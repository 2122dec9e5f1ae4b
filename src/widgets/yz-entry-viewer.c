/* yz-entry-viewer.c
 *
 * An entry's picture large, with its details (who, what they do, the result; the station,
 * the time and how they came in), stepping to the newer and the older entries of the
 * entries page's list; the picture fitted or at full size; and the station's camera live
 * (the "show-camera" signal: the page shows it in the main window, and the viewer closes).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "yz-entry-viewer"

#include "config.h"

#include <glib/gi18n.h>

#include "yz-entry-picture.h"
#include "yz-entry-viewer.h"
#include "yz-labels.h"
#include "yz-vocabulary.h"

struct _YzEntryViewer
{
  AdwWindow parent_instance;

  YzEntryPicture *pictures;
  GtkLabel *details;

  YzSession *session;
  GHashTable *station_names; /* the page's: station id -> name */
  GCancellable *cancellable; /* the page's: its fetches end with it */
  guint position;
};

G_DEFINE_FINAL_TYPE (YzEntryViewer, yz_entry_viewer, ADW_TYPE_WINDOW)

enum
{
  SHOW_CAMERA,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
viewer_show (YzEntryViewer *self)
{
  GListModel *model = G_LIST_MODEL (yz_session_get_entries (self->session));
  g_autoptr(YzEntry) entry = g_list_model_get_item (model, self->position);
  g_autofree char *time = NULL;
  g_autofree char *text = NULL;
  const char *station;

  if (entry == NULL)
    return;
  station = g_hash_table_lookup (self->station_names, yz_entry_get_station_id (entry));
  time = yz_format_time (yz_entry_get_time (entry));
  text = g_strdup_printf (_("%s · %s · %s\n%s · %s · %s"),
                          yz_entry_get_person_name (entry) ? yz_entry_get_person_name (entry)
                                                           : _("Stranger"),
                          yz_label_occupation (yz_entry_get_occupation (entry)),
                          yz_label_entry_result (yz_entry_get_result (entry)),
                          station ? station : yz_entry_get_station_id (entry), time,
                          yz_entry_method_label (yz_entry_get_method (entry)));
  gtk_label_set_text (self->details, text);
  yz_entry_picture_load (self->pictures, self->session, yz_entry_get_snapshot_id (entry),
                         self->cancellable);
}

static void
viewer_step (YzEntryViewer *self, int step)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (yz_session_get_entries (self->session)));

  if ((step < 0 && self->position == 0) || (step > 0 && self->position + 1 >= n))
    return;
  self->position += step;
  viewer_show (self);
}

static void
newer_clicked_cb (YzEntryViewer *self)
{
  viewer_step (self, -1);
}

static void
older_clicked_cb (YzEntryViewer *self)
{
  viewer_step (self, 1);
}

/* Fit to the window, or every pixel (scroll to look around). */
static void
zoom_toggled_cb (YzEntryViewer *self, GtkToggleButton *button)
{
  yz_entry_picture_set_can_shrink (self->pictures, !gtk_toggle_button_get_active (button));
}

static void
live_clicked_cb (YzEntryViewer *self)
{
  GListModel *model = G_LIST_MODEL (yz_session_get_entries (self->session));
  g_autoptr(YzEntry) entry = g_list_model_get_item (model, self->position);
  GListModel *cameras = yz_session_get_cameras (self->session);

  if (entry == NULL)
    return;
  for (guint i = 0; i < g_list_model_get_n_items (cameras); i++)
    {
      g_autoptr(YzCamera) camera = g_list_model_get_item (cameras, i);

      if (g_strcmp0 (yz_camera_get_station_id (camera), yz_entry_get_station_id (entry)) == 0)
        {
          g_signal_emit (self, signals[SHOW_CAMERA], 0, yz_camera_get_id (camera));
          gtk_window_destroy (GTK_WINDOW (self));
          return;
        }
    }
}

static void
yz_entry_viewer_dispose (GObject *object)
{
  YzEntryViewer *self = YZ_ENTRY_VIEWER (object);

  g_clear_object (&self->session);
  g_clear_pointer (&self->station_names, g_hash_table_unref);
  g_clear_object (&self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (object), YZ_TYPE_ENTRY_VIEWER);

  G_OBJECT_CLASS (yz_entry_viewer_parent_class)->dispose (object);
}

static void
yz_entry_viewer_class_init (YzEntryViewerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = yz_entry_viewer_dispose;

  /**
   * YzEntryViewer::show-camera:
   * @camera_id: the camera at the entry's station
   *
   * The officer asked for the station's camera live.
   */
  signals[SHOW_CAMERA] = g_signal_new ("show-camera", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                       0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  g_type_ensure (YZ_TYPE_ENTRY_PICTURE);
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/yz-entry-viewer.ui");
  gtk_widget_class_bind_template_child (widget_class, YzEntryViewer, pictures);
  gtk_widget_class_bind_template_child (widget_class, YzEntryViewer, details);
  gtk_widget_class_bind_template_callback (widget_class, newer_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, older_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, zoom_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, live_clicked_cb);
}

static void
yz_entry_viewer_init (YzEntryViewer *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * yz_entry_viewer_new:
 * @station_names: station id -> name, kept up to date by the caller
 * @position: the entry's position in the session's entries model
 * @cancellable: (nullable): ends the picture fetches
 *
 * A modal viewer over @parent, showing the entry at @position.
 */
YzEntryViewer *
yz_entry_viewer_new (GtkWindow *parent, YzSession *session, GHashTable *station_names,
                     guint position, GCancellable *cancellable)
{
  YzEntryViewer *self;

  g_return_val_if_fail (YZ_IS_SESSION (session), NULL);
  g_return_val_if_fail (station_names != NULL, NULL);

  self = g_object_new (YZ_TYPE_ENTRY_VIEWER, "transient-for", parent, NULL);
  self->session = g_object_ref (session);
  self->station_names = g_hash_table_ref (station_names);
  self->cancellable = cancellable ? g_object_ref (cancellable) : NULL;
  self->position = position;
  viewer_show (self);

  return self;
}

guint
yz_entry_viewer_get_position (YzEntryViewer *self)
{
  g_return_val_if_fail (YZ_IS_ENTRY_VIEWER (self), 0);

  return self->position;
}
