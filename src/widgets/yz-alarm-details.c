/* yz-alarm-details.c
 *
 * The alarms page's details pane: the selected alarm's camera live, the picture taken when
 * it was raised, where it is (the station as it is now: reachable, who is inside, its doors;
 * the incident it belongs to) and what happened to it and around it — the incident's
 * timeline with its pictures. "No Alarm Selected" when there is none.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "yz-alarm-details"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "yz-alarm-details.h"
#include "yz-incident.h"
#include "yz-labels.h"
#include "yz-report.h"
#include "yz-video-tile.h"

struct _YzAlarmDetails
{
  GtkWidget parent_instance;

  GtkWidget *no_selection_page;
  GtkWidget *details;
  GtkLabel *detail_title;
  GtkLabel *detail_subtitle;
  YzVideoTile *camera_tile;
  GtkPicture *snapshot_picture;
  GtkListBox *history_list;

  YzSession *session;
  YzAlarm *shown;
  GCancellable *cancellable; /* the shown alarm's pictures */
};

G_DEFINE_FINAL_TYPE (YzAlarmDetails, yz_alarm_details, GTK_TYPE_WIDGET)

static void
snapshot_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  YzAlarmDetails *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = yz_session_fetch_snapshot_finish (YZ_SESSION (object), result, &error);
  g_autoptr(GdkTexture) texture = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (bytes != NULL)
    texture = gdk_texture_new_from_bytes (bytes, NULL);
  gtk_picture_set_paintable (self->snapshot_picture, texture ? GDK_PAINTABLE (texture) : NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->snapshot_picture), texture != NULL);
}

static void
timeline_picture_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(GtkWidget) picture = user_data;
  g_autoptr(GBytes) bytes = yz_session_fetch_snapshot_finish (YZ_SESSION (object), result, NULL);
  g_autoptr(GdkTexture) texture = bytes ? gdk_texture_new_from_bytes (bytes, NULL) : NULL;

  if (texture != NULL)
    gtk_picture_set_paintable (GTK_PICTURE (picture), GDK_PAINTABLE (texture));
}

static void
yz_alarm_details_dispose (GObject *object)
{
  YzAlarmDetails *self = YZ_ALARM_DETAILS (object);
  GtkWidget *child;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->shown);
  g_clear_object (&self->session);
  gtk_widget_dispose_template (GTK_WIDGET (object), YZ_TYPE_ALARM_DETAILS);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (object))))
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (yz_alarm_details_parent_class)->dispose (object);
}

static void
yz_alarm_details_class_init (YzAlarmDetailsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = yz_alarm_details_dispose;

  g_type_ensure (YZ_TYPE_VIDEO_TILE);
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/yz-alarm-details.ui");
  gtk_widget_class_bind_template_child (widget_class, YzAlarmDetails, no_selection_page);
  gtk_widget_class_bind_template_child (widget_class, YzAlarmDetails, details);
  gtk_widget_class_bind_template_child (widget_class, YzAlarmDetails, detail_title);
  gtk_widget_class_bind_template_child (widget_class, YzAlarmDetails, detail_subtitle);
  gtk_widget_class_bind_template_child (widget_class, YzAlarmDetails, camera_tile);
  gtk_widget_class_bind_template_child (widget_class, YzAlarmDetails, snapshot_picture);
  gtk_widget_class_bind_template_child (widget_class, YzAlarmDetails, history_list);
}

static void
yz_alarm_details_init (YzAlarmDetails *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
}

/**
 * yz_alarm_details_show:
 * @session: (nullable): the session @alarm is from
 * @alarm: (nullable): the alarm to show, or %NULL for "No Alarm Selected"
 *
 * Shows @alarm. The same alarm again shows what changed (its state, its history) and keeps
 * its camera playing; another one starts afresh.
 */
void
yz_alarm_details_show (YzAlarmDetails *self, YzSession *session, YzAlarm *alarm)
{
  g_autoptr(GPtrArray) history = NULL;
  g_autofree char *subtitle = NULL;
  g_autofree char *raised = NULL;
  GtkWidget *row;

  g_return_if_fail (YZ_IS_ALARM_DETAILS (self));

  g_set_object (&self->session, session);

  if (self->shown == alarm && alarm != NULL)
    {
      /* The same alarm changed: its history and state, not the camera. */
    }
  else
    {
      g_cancellable_cancel (self->cancellable);
      g_clear_object (&self->cancellable);
      self->cancellable = g_cancellable_new ();
      g_set_object (&self->shown, alarm);
      gtk_picture_set_paintable (self->snapshot_picture, NULL);
      gtk_widget_set_visible (GTK_WIDGET (self->snapshot_picture), FALSE);
      yz_video_tile_clear (self->camera_tile);
      gtk_widget_set_visible (GTK_WIDGET (self->camera_tile), FALSE);
      if (alarm != NULL && self->session != NULL)
        {
          if (yz_alarm_get_snapshot_id (alarm) != NULL)
            yz_session_fetch_snapshot_async (self->session, yz_alarm_get_snapshot_id (alarm),
                                             self->cancellable, snapshot_cb, self);
          if (yz_alarm_get_camera_id (alarm) != NULL)
            {
              GListModel *cameras = yz_session_get_cameras (self->session);

              for (guint i = 0; i < g_list_model_get_n_items (cameras); i++)
                {
                  g_autoptr(YzCamera) camera = g_list_model_get_item (cameras, i);

                  if (g_strcmp0 (yz_camera_get_id (camera), yz_alarm_get_camera_id (alarm)) == 0)
                    {
                      g_autofree char *title = g_strdup_printf (
                          "%s · %s",
                          yz_alarm_get_station_name (alarm) ? yz_alarm_get_station_name (alarm)
                                                            : "",
                          yz_camera_get_name (camera));

                      gtk_widget_set_visible (GTK_WIDGET (self->camera_tile), TRUE);
                      yz_video_tile_set_source (self->camera_tile, yz_camera_get_id (camera), title,
                                                yz_camera_get_sub_url (camera),
                                                yz_camera_get_main_url (camera));
                    }
                }
            }
        }
    }

  gtk_widget_set_visible (self->details, alarm != NULL);
  gtk_widget_set_visible (self->no_selection_page, alarm == NULL);
  while ((row = gtk_widget_get_first_child (GTK_WIDGET (self->history_list))) != NULL)
    gtk_list_box_remove (self->history_list, row);
  if (alarm == NULL)
    return;

  gtk_label_set_text (self->detail_title, yz_label_alarm_type (yz_alarm_get_alarm_type (alarm)));
  raised = yz_format_time (yz_alarm_get_raised_at (alarm));
  subtitle = g_strdup_printf (_("%s · %s priority · %s · raised %s%s%s"),
                              yz_alarm_get_station_name (alarm) ? yz_alarm_get_station_name (alarm)
                                                                : yz_alarm_get_station_id (alarm),
                              yz_label_priority (yz_alarm_get_priority (alarm)),
                              yz_label_alarm_state (yz_alarm_get_state (alarm)), raised,
                              yz_alarm_get_owner (alarm) ? _(" · owner ") : "",
                              yz_alarm_get_owner (alarm) ? yz_alarm_get_owner (alarm) : "");
  /* Part of something bigger: say so, the report covers all of it. */
  if (self->session != NULL)
    {
      g_autoptr(YzIncident) incident = yz_session_incident_for_alarm (self->session, alarm);

      if (incident != NULL && incident->alarms->len > 1)
        {
          g_autofree char *more = g_strdup_printf (
              g_dngettext (GETTEXT_PACKAGE, "\nOne incident with %u alarm at this station",
                           "\nOne incident with %u alarms at this station", incident->alarms->len),
              incident->alarms->len);
          g_autofree char *joined = g_strconcat (subtitle, more, NULL);

          g_free (subtitle);
          subtitle = g_steal_pointer (&joined);
        }
    }
  /* The station as it is now: reachable, who is inside, its doors. */
  if (self->session != NULL)
    {
      YzStation *station =
          yz_session_lookup_station (self->session, yz_alarm_get_station_id (alarm));

      if (station != NULL)
        {
          GListModel *doors = yz_station_get_doors (station);
          g_autoptr(GString) line = g_string_new ("\n");

          if (yz_station_get_online (station))
            g_string_append_printf (line, _("Station online · %d inside (room for %d)"),
                                    yz_station_get_occupancy (station),
                                    yz_station_get_capacity (station));
          else
            g_string_append (line, _("Station OFFLINE: it cannot be reached now"));
          for (guint i = 0; i < g_list_model_get_n_items (doors); i++)
            {
              g_autoptr(YzDoor) door = g_list_model_get_item (doors, i);

              g_string_append_printf (line, " · %s: %s", yz_door_get_name (door),
                                      yz_label_door_state (yz_door_get_state (door)));
            }
          g_string_prepend (line, subtitle);
          g_free (subtitle);
          subtitle = g_string_free (g_steal_pointer (&line), FALSE);
        }
    }
  gtk_label_set_text (self->detail_subtitle, subtitle);

  /* The incident's timeline: its alarms' steps and the entries around it, with pictures. */
  history = self->session ? yz_report_incident_timeline (self->session, alarm) : NULL;
  for (guint i = 0; history != NULL && i < history->len; i++)
    {
      YzTimelineItem *item = g_ptr_array_index (history, i);
      g_autofree char *when = yz_format_time (item->time);

      row = adw_action_row_new ();
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), when);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), item->text);
      if (item->snapshot_id != NULL)
        {
          GtkWidget *picture = gtk_picture_new ();

          gtk_widget_set_size_request (picture, 64, 36);
          gtk_picture_set_content_fit (GTK_PICTURE (picture), GTK_CONTENT_FIT_COVER);
          gtk_widget_set_valign (picture, GTK_ALIGN_CENTER);
          adw_action_row_add_suffix (ADW_ACTION_ROW (row), picture);
          yz_session_fetch_snapshot_async (self->session, item->snapshot_id, self->cancellable,
                                           timeline_picture_cb, g_object_ref (picture));
        }
      gtk_list_box_append (self->history_list, row);
    }
}
