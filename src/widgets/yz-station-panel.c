/* yz-station-panel.c
 *
 * The side panel of one station: what is wrong first (open alarms, doors), then what it is
 * (occupancy, temperature, last heard from, address, kind and hours), then what it has
 * (cameras, last entries, supplies, devices). Actions go through the session, which audits
 * them; the panel only asks (a door command needs a reason) and reports the outcome.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "yz-station-panel"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "yz-door-dialog.h"
#include "yz-entry-model.h"
#include "yz-labels.h"
#include "yz-station-layer.h"
#include "yz-station-panel.h"
#include "yz-vocabulary.h"
#include "yz-station-row.h"
#include "yz-widgets.h"

#define N_ENTRIES 5
#define REFRESH_EVERY_S 10

struct _YzStationPanel
{
  GtkWidget parent_instance;

  GtkLabel *name_label;
  GtkLabel *state_label;
  GtkLabel *last_known_label;
  AdwPreferencesGroup *alarms_group;
  GtkListBox *alarms_list;
  GtkListBox *doors_list;
  AdwActionRow *occupancy_row;
  GtkLevelBar *occupancy_bar;
  AdwActionRow *temperature_row;
  AdwActionRow *heartbeat_row;
  AdwActionRow *address_row;
  AdwActionRow *kind_row;
  GtkListBox *cameras_list;
  GtkListBox *entries_list;
  GtkListBox *stock_list;
  GtkListBox *devices_list;

  YzSession *session;
  YzStation *station;
  GtkFilterListModel *alarms;
  GtkCustomFilter *alarm_filter;
  YzEntryModel *entries;
  GtkSliceListModel *last_entries;
  GCancellable *cancellable;
  GSignalGroup *session_signals;
  GSignalGroup *station_signals;
  guint refresh_id; /* only while a station is shown on screen */
};

G_DEFINE_FINAL_TYPE (YzStationPanel, yz_station_panel, GTK_TYPE_WIDGET)

enum
{
  PROP_0,
  PROP_SESSION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static gboolean refresh_cb (gpointer user_data);

/* ---- helpers ---- */

/**
 * yz_station_action_blocked:
 * @role_reason: why the role may not, as the action's tooltip says it
 *
 * Why an action (a door command, an acknowledgement, a device's power) cannot be offered
 * now, or %NULL when it can. Nothing is queued while disconnected: the action is off, and
 * its tooltip says why.
 */
const char *
yz_station_action_blocked (YzRole role, YzConnectionState state, const char *role_reason)
{
  if (state != YZ_CONNECTION_CONNECTED)
    return _("Not connected to the gateway");
  if (role < YZ_ROLE_OPERATOR)
    return role_reason;
  return NULL;
}

/* Sets the action widget of a row on or off (off also while its last command is on its
 * way), with the reason in its tooltip. */
static void
update_action (YzStationPanel *self, YzStationRow *row)
{
  GtkWidget *widget = yz_station_row_get_action (row);
  const char *why = yz_station_action_blocked (
      self->session ? yz_session_get_role (self->session) : YZ_ROLE_NONE,
      self->session ? yz_session_get_connection_state (self->session) : YZ_CONNECTION_DISCONNECTED,
      yz_station_row_get_role_reason (row));
  gboolean busy = yz_station_row_get_busy (row);

  gtk_widget_set_sensitive (widget, why == NULL && !busy);
  gtk_widget_set_tooltip_text (widget, why ? why : yz_station_row_get_tooltip (row));
}

/* An action widget that follows the connection and the role. */
static void
track_action (YzStationPanel *self, GtkWidget *row, GtkWidget *widget, const char *tooltip,
              const char *role_reason)
{
  yz_station_row_set_action (YZ_STATION_ROW (row), widget, tooltip, role_reason);
  update_action (self, YZ_STATION_ROW (row));
}

static void
update_list_actions (YzStationPanel *self, GtkListBox *list)
{
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (list)); row != NULL;
       row = gtk_widget_get_next_sibling (row))
    if (YZ_IS_STATION_ROW (row) && yz_station_row_get_action (YZ_STATION_ROW (row)) != NULL)
      update_action (self, YZ_STATION_ROW (row));
}

/* The row an action widget (or a picture) sits in. */
static YzStationRow *
row_of (GtkWidget *widget)
{
  return YZ_STATION_ROW (gtk_widget_get_ancestor (widget, YZ_TYPE_STATION_ROW));
}

static void
connection_state_cb (YzStationPanel *self)
{
  update_list_actions (self, self->alarms_list);
  update_list_actions (self, self->doors_list);
  update_list_actions (self, self->devices_list);
}

/**
 * yz_station_state_text:
 *
 * One line on what matters most about @station now, as the panel's heading says it.
 */
char *
yz_station_state_text (YzStation *station)
{
  guint n = yz_station_get_n_open_alarms (station);
  const char *online = yz_station_get_online (station) ? _("Online") : _("Offline");

  if (n > 0)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s · %u open alarm (%s)",
                                         "%s · %u open alarms (worst: %s)", n),
                            online, n, yz_label_priority (yz_station_get_worst_priority (station)));
  if (yz_station_get_door_alert (station))
    return g_strdup_printf (_("%s · a door is open or held open"), online);

  return g_strdup (online);
}

/**
 * yz_station_last_known_since:
 * @disconnected_since: real time (µs) the session lost its connection, 0 if it has not
 *   been connected since the console started
 * @last_seen_ms: the station's last-heard time (ms), 0 if never
 *
 * Since when a station's shown state is only the last known one: the moment the
 * connection was lost (until then every change arrived); without one (the states come
 * from this computer's record, not from a connection), the last time the station was
 * heard from, the latest moment its state is known to have been true.
 *
 * Returns: real time in µs, or 0 when unknown
 */
gint64
yz_station_last_known_since (gint64 disconnected_since, gint64 last_seen_ms)
{
  if (disconnected_since > 0)
    return disconnected_since;

  return last_seen_ms > 0 ? last_seen_ms * 1000 : 0;
}

/* ---- rows ---- */

static void
alarm_ack_done_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(GtkWidget) widget = user_data;
  g_autoptr(GError) error = NULL;

  if (!yz_session_alarm_action_finish (YZ_SESSION (object), result, &error))
    yz_toast (widget, error->message);
}

static void
alarm_ack_clicked_cb (GtkButton *button, YzStationPanel *self)
{
  YzAlarm *alarm = yz_station_row_get_item (row_of (GTK_WIDGET (button)));

  yz_session_alarm_action_async (self->session, alarm, YZ_ALARM_ACTION_ACKNOWLEDGE, NULL, NULL,
                                 NULL, self->cancellable, alarm_ack_done_cb,
                                 g_object_ref (GTK_WIDGET (self)));
}

static GtkWidget *
create_alarm_row (gpointer item, gpointer user_data)
{
  YzStationPanel *self = user_data;
  YzAlarm *alarm = item;
  GtkWidget *row = yz_station_row_new (alarm);
  g_autofree char *when = yz_format_time (yz_alarm_get_raised_at (alarm));
  g_autofree char *subtitle =
      g_strdup_printf ("%s · %s · %s", yz_label_priority (yz_alarm_get_priority (alarm)),
                       yz_label_alarm_state (yz_alarm_get_state (alarm)), when);
  GtkWidget *mark = gtk_image_new_from_icon_name ("dialog-warning-symbolic");

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                 yz_label_alarm_type (yz_alarm_get_alarm_type (alarm)));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_widget_add_css_class (mark, yz_alarm_get_priority (alarm) >= YZ_PRIORITY_HIGH ? "error"
                                                                                    : "warning");
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), mark);
  if (yz_alarm_get_state (alarm) == YZ_ALARM_STATE_NEW)
    {
      GtkWidget *button = gtk_button_new_with_mnemonic (_("_Acknowledge"));

      gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
      g_signal_connect (button, "clicked", G_CALLBACK (alarm_ack_clicked_cb), self);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
      track_action (self, row, button, NULL, _("Your role may not acknowledge alarms"));
    }

  return row;
}

static void
door_clicked_cb (GtkButton *button, YzStationPanel *self)
{
  yz_station_panel_door_command (self, yz_station_row_get_item (row_of (GTK_WIDGET (button))));
}

static void
update_door_row (YzDoor *door, GParamSpec *pspec, GtkWidget *row)
{
  g_autofree char *subtitle =
      g_strdup_printf ("%s · %s", yz_label_door_state (yz_door_get_state (door)),
                       yz_label_door_mode (yz_door_get_mode (door)));

  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  if (yz_door_get_alert (door))
    gtk_widget_add_css_class (row, "alert");
  else
    gtk_widget_remove_css_class (row, "alert");
}

static GtkWidget *
create_door_row (gpointer item, gpointer user_data)
{
  YzStationPanel *self = user_data;
  YzDoor *door = item;
  GtkWidget *row = yz_station_row_new (door);
  GtkWidget *button = gtk_button_new_with_mnemonic (_("_Door Command…"));

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), yz_door_get_name (door));
  adw_action_row_add_prefix (ADW_ACTION_ROW (row),
                             gtk_image_new_from_icon_name ("system-lock-screen-symbolic"));
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  g_signal_connect (button, "clicked", G_CALLBACK (door_clicked_cb), self);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
  track_action (self, row, button, NULL, _("Your role may not command doors"));
  update_door_row (door, NULL, row);
  g_signal_connect_object (door, "notify", G_CALLBACK (update_door_row), row, 0);

  return row;
}

static void
camera_picture_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(GtkWidget) picture = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes =
      yz_session_fetch_camera_snapshot_finish (YZ_SESSION (object), result, &error);
  g_autoptr(GdkTexture) texture = NULL;

  if (bytes != NULL)
    texture = gdk_texture_new_from_bytes (bytes, &error);
  if (texture == NULL)
    {
      /* Keep the last picture; say why there is no new one. */
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        gtk_widget_set_tooltip_text (picture, error->message);
      return;
    }
  gtk_widget_set_tooltip_text (picture, NULL);
  gtk_picture_set_paintable (GTK_PICTURE (picture), GDK_PAINTABLE (texture));
}

static void
fetch_camera_picture (YzStationPanel *self, YzStationRow *row)
{
  YzCamera *camera = yz_station_row_get_item (row);
  GtkWidget *picture = GTK_WIDGET (yz_station_row_get_picture (row));

  if (self->session != NULL && yz_camera_get_online (camera))
    yz_session_fetch_camera_snapshot_async (self->session, camera, self->cancellable,
                                            camera_picture_cb, g_object_ref (picture));
}

static void
update_camera_row (YzCamera *camera, GParamSpec *pspec, GtkWidget *row)
{
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row),
                               yz_camera_get_online (camera) ? _("Online") : _("Offline"));
  if (yz_camera_get_online (camera))
    gtk_widget_remove_css_class (row, "alert");
  else
    gtk_widget_add_css_class (row, "alert");
}

static GtkWidget *
create_camera_row (gpointer item, gpointer user_data)
{
  YzStationPanel *self = user_data;
  YzCamera *camera = item;
  GtkWidget *row = yz_station_row_new (camera);
  GtkWidget *button = gtk_button_new_from_icon_name ("camera-video-symbolic");
  GtkWidget *picture = gtk_picture_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), yz_camera_get_name (camera));
  gtk_widget_set_size_request (picture, 96, 54);
  gtk_picture_set_content_fit (GTK_PICTURE (picture), GTK_CONTENT_FIT_COVER);
  gtk_widget_set_valign (picture, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (picture, "camera-snapshot");
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), picture);
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (button, _("Watch on the Video Wall"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "win.show-camera");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", yz_camera_get_id (camera));
  gtk_widget_add_css_class (button, "flat");
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), button);
  yz_station_row_set_picture (YZ_STATION_ROW (row), GTK_PICTURE (picture));
  update_camera_row (camera, NULL, row);
  g_signal_connect_object (camera, "notify::online", G_CALLBACK (update_camera_row), row, 0);
  fetch_camera_picture (self, YZ_STATION_ROW (row));

  return row;
}

static void
snapshot_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(GtkWidget) picture = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = yz_session_fetch_snapshot_finish (YZ_SESSION (object), result, &error);
  g_autoptr(GdkTexture) texture = NULL;

  if (bytes == NULL || (texture = gdk_texture_new_from_bytes (bytes, &error)) == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        gtk_widget_set_tooltip_text (picture, error->message);
      return;
    }
  gtk_picture_set_paintable (GTK_PICTURE (picture), GDK_PAINTABLE (texture));
}

static GtkWidget *
create_entry_row (gpointer item, gpointer user_data)
{
  YzStationPanel *self = user_data;
  YzEntry *entry = item;
  GtkWidget *row = yz_station_row_new (entry);
  GtkWidget *picture = gtk_picture_new ();
  const char *person = yz_entry_get_person_name (entry);
  g_autofree char *when = yz_format_time (yz_entry_get_time (entry));
  g_autofree char *subtitle =
      g_strdup_printf ("%s · %s · %s", when, yz_label_entry_result (yz_entry_get_result (entry)),
                       yz_label_occupation (yz_entry_get_occupation (entry)));

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), person ? person : _("Stranger"));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_widget_set_size_request (picture, 64, 48);
  gtk_picture_set_content_fit (GTK_PICTURE (picture), GTK_CONTENT_FIT_COVER);
  gtk_widget_set_valign (picture, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (picture, "entry-snapshot");
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), picture);
  if (g_strcmp0 (yz_entry_get_result (entry), YZ_ENTRY_RESULT_GRANTED) != 0)
    gtk_widget_add_css_class (row, "alert");
  if (yz_entry_get_snapshot_id (entry) != NULL && self->session != NULL)
    yz_session_fetch_snapshot_async (self->session, yz_entry_get_snapshot_id (entry),
                                     self->cancellable, snapshot_cb, g_object_ref (picture));

  return row;
}

static void
update_stock_row (YzStock *stock, GParamSpec *pspec, GtkWidget *row)
{
  GtkLevelBar *bar = yz_station_row_get_bar (YZ_STATION_ROW (row));
  g_autofree char *subtitle = NULL;

  if (g_strcmp0 (yz_stock_get_item (stock), "aed") == 0)
    subtitle = g_strdup (yz_stock_get_level (stock) > 0 ? _("Ready") : _("Needs service"));
  else
    /* TRANSLATORS: stock level, capacity and unit, e.g. "36 of 48 瓶" */
    subtitle = g_strdup_printf (_("%d of %d %s"), (int)MIN (yz_stock_get_level (stock), G_MAXINT),
                                (int)MIN (yz_stock_get_capacity (stock), G_MAXINT),
                                yz_stock_get_unit (stock) ? yz_stock_get_unit (stock) : "");
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_level_bar_set_max_value (bar, MAX (1, yz_stock_get_capacity (stock)));
  gtk_level_bar_set_value (
      bar, MIN (yz_stock_get_level (stock), MAX (1, yz_stock_get_capacity (stock))));
  if (yz_stock_get_low (stock))
    {
      gtk_widget_add_css_class (row, "alert");
      gtk_widget_add_css_class (GTK_WIDGET (bar), "low");
    }
  else
    {
      gtk_widget_remove_css_class (row, "alert");
      gtk_widget_remove_css_class (GTK_WIDGET (bar), "low");
    }
}

static GtkWidget *
create_stock_row (gpointer item, gpointer user_data)
{
  YzStock *stock = item;
  GtkWidget *row = yz_station_row_new (stock);
  GtkWidget *bar = gtk_level_bar_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), yz_stock_get_name (stock));
  gtk_widget_set_valign (bar, GTK_ALIGN_CENTER);
  gtk_widget_set_size_request (bar, 96, -1);
  /* The bar's own offsets would colour by fraction; colour comes from the threshold. */
  gtk_level_bar_remove_offset_value (GTK_LEVEL_BAR (bar), GTK_LEVEL_BAR_OFFSET_LOW);
  gtk_level_bar_remove_offset_value (GTK_LEVEL_BAR (bar), GTK_LEVEL_BAR_OFFSET_HIGH);
  gtk_level_bar_remove_offset_value (GTK_LEVEL_BAR (bar), GTK_LEVEL_BAR_OFFSET_FULL);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), bar);
  yz_station_row_set_bar (YZ_STATION_ROW (row), GTK_LEVEL_BAR (bar));
  update_stock_row (stock, NULL, row);
  g_signal_connect_object (stock, "notify", G_CALLBACK (update_stock_row), row, 0);

  return row;
}

static void
power_done_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(YzStationRow) row = user_data;
  g_autoptr(GError) error = NULL;
  GtkWidget *sw = yz_station_row_get_action (row);
  YzDevice *device = yz_station_row_get_item (row);

  gboolean ok = yz_session_device_power_finish (YZ_SESSION (object), result, &error);
  YzStationPanel *self =
      YZ_STATION_PANEL (gtk_widget_get_ancestor (GTK_WIDGET (row), YZ_TYPE_STATION_PANEL));

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return; /* the panel is gone */
  if (!ok)
    {
      g_autofree char *message =
          g_strdup_printf (_("%s: not switched: %s"), yz_device_get_name (device), error->message);

      yz_toast (sw, message);
    }
  else
    {
      g_autofree char *message =
          g_strdup_printf (_("%s: %s"), yz_device_get_name (device),
                           yz_label_device_state (yz_device_get_state (device)));

      yz_toast (sw, message);
    }
  /* Show what the device says, not what was asked. */
  gtk_switch_set_state (GTK_SWITCH (sw), g_strcmp0 (yz_device_get_state (device), "on") == 0);
  yz_station_row_set_busy (row, FALSE);
  if (self != NULL)
    update_action (self, row);
  else
    gtk_widget_set_sensitive (sw, TRUE);
}

static gboolean
power_state_set_cb (GtkSwitch *sw, gboolean on, YzStationPanel *self)
{
  YzStationRow *row = row_of (GTK_WIDGET (sw));
  YzDevice *device = yz_station_row_get_item (row);

  yz_station_row_set_busy (row, TRUE);
  gtk_widget_set_sensitive (GTK_WIDGET (sw), FALSE);
  yz_session_device_power_async (self->session, device, on, self->cancellable, power_done_cb,
                                 g_object_ref (row));

  return TRUE; /* the state follows the device's answer */
}

static void
update_device_row (YzDevice *device, GParamSpec *pspec, GtkWidget *row)
{
  GtkWidget *sw = yz_station_row_get_action (YZ_STATION_ROW (row));

  adw_action_row_set_subtitle (ADW_ACTION_ROW (row),
                               yz_label_device_state (yz_device_get_state (device)));
  if (g_strcmp0 (yz_device_get_state (device), "fault") == 0)
    gtk_widget_add_css_class (row, "alert");
  else
    gtk_widget_remove_css_class (row, "alert");
  if (sw != NULL)
    {
      g_signal_handlers_block_matched (sw, G_SIGNAL_MATCH_FUNC, 0, 0, NULL, power_state_set_cb,
                                       NULL);
      gtk_switch_set_active (GTK_SWITCH (sw), g_strcmp0 (yz_device_get_state (device), "on") == 0);
      gtk_switch_set_state (GTK_SWITCH (sw), g_strcmp0 (yz_device_get_state (device), "on") == 0);
      g_signal_handlers_unblock_matched (sw, G_SIGNAL_MATCH_FUNC, 0, 0, NULL, power_state_set_cb,
                                         NULL);
    }
}

static GtkWidget *
create_device_row (gpointer item, gpointer user_data)
{
  YzStationPanel *self = user_data;
  YzDevice *device = item;
  GtkWidget *row = yz_station_row_new (device);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), yz_device_get_name (device));
  if (yz_device_get_switchable (device))
    {
      GtkWidget *sw = gtk_switch_new ();

      gtk_widget_set_valign (sw, GTK_ALIGN_CENTER);
      g_signal_connect (sw, "state-set", G_CALLBACK (power_state_set_cb), self);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), sw);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), sw);
      track_action (self, row, sw, NULL, _("Your role may not switch devices"));
    }
  update_device_row (device, NULL, row);
  g_signal_connect_object (device, "notify", G_CALLBACK (update_device_row), row, 0);

  return row;
}

/* ---- the door command ---- */

/**
 * yz_station_panel_door_command:
 *
 * Asks for a command and a reason (both required), then sends it through the session,
 * which writes the audit log before and after.
 */
void
yz_station_panel_door_command (YzStationPanel *self, YzDoor *door)
{
  YzDoorDialog *dialog;

  g_return_if_fail (YZ_IS_STATION_PANEL (self));
  g_return_if_fail (YZ_IS_DOOR (door));

  if (self->session == NULL)
    return;
  dialog = yz_door_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))), self->session,
                               self->station, door);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* ---- the station's own values ---- */

static void
refresh (YzStationPanel *self)
{
  YzStation *station = self->station;
  g_autofree char *state = NULL;
  g_autofree char *occupancy = NULL;
  g_autofree char *temperature = NULL;
  g_autofree char *heard = NULL;
  g_autofree char *kind = NULL;
  double t;

  if (station == NULL)
    return;

  gtk_label_set_text (self->name_label, yz_station_get_name (station));
  state = yz_station_state_text (station);
  gtk_label_set_text (self->state_label, state);
  gtk_widget_remove_css_class (GTK_WIDGET (self->state_label), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (self->state_label), "warning");
  gtk_widget_remove_css_class (GTK_WIDGET (self->state_label), "success");
  gtk_widget_remove_css_class (GTK_WIDGET (self->state_label), "dim-label");
  gtk_widget_add_css_class (GTK_WIDGET (self->state_label),
                            yz_mark_style_class (yz_mark_for_station (station)));

  occupancy = g_strdup_printf (_("%d of %d"), yz_station_get_occupancy (station),
                               yz_station_get_capacity (station));
  adw_action_row_set_subtitle (self->occupancy_row, occupancy);
  gtk_level_bar_set_max_value (self->occupancy_bar, MAX (1, yz_station_get_capacity (station)));
  gtk_level_bar_set_value (self->occupancy_bar, MIN (yz_station_get_occupancy (station),
                                                     MAX (1, yz_station_get_capacity (station))));
  t = yz_station_get_temperature (station);
  temperature = isnan (t) ? g_strdup (_("No sensor")) : g_strdup_printf (_("%.1f °C"), t);
  adw_action_row_set_subtitle (self->temperature_row, temperature);
  heard = yz_format_ago (yz_station_get_last_seen (station));
  adw_action_row_set_subtitle (self->heartbeat_row, heard);
  {
    const char *district = yz_station_get_district (station);
    const char *address = yz_station_get_address (station);
    g_autofree char *text = NULL;

    /* Addresses usually begin with their district already. */
    if (district != NULL && address != NULL && !g_str_has_prefix (address, district))
      text = g_strdup_printf ("%s · %s", district, address);
    else
      text = g_strdup (address ? address : district);
    adw_action_row_set_subtitle (self->address_row, text ? text : "");
  }
  kind = g_strdup_printf ("%s · %s", yz_label_station_kind (yz_station_get_kind (station)),
                          yz_station_get_opening_hours (station));
  adw_action_row_set_subtitle (self->kind_row, kind);

  /* Not connected: what is shown is the last known, and says how old it is. */
  {
    gboolean stale = self->session != NULL &&
                     yz_session_get_connection_state (self->session) != YZ_CONNECTION_CONNECTED;

    gtk_widget_set_visible (GTK_WIDGET (self->last_known_label), stale);
    if (stale)
      {
        gint64 since = yz_station_last_known_since (
            yz_session_get_disconnected_since (self->session), yz_station_get_last_seen (station));
        g_autofree char *text = yz_format_last_known (since, g_get_real_time ());

        gtk_label_set_text (self->last_known_label, text);
        gtk_widget_remove_css_class (GTK_WIDGET (self->state_label), "error");
        gtk_widget_remove_css_class (GTK_WIDGET (self->state_label), "warning");
        gtk_widget_remove_css_class (GTK_WIDGET (self->state_label), "success");
        gtk_widget_add_css_class (GTK_WIDGET (self->state_label), "dim-label");
      }
  }
}

static void
connection_changed_cb (YzStationPanel *self)
{
  refresh (self);
  connection_state_cb (self);
}

static void
station_notify_cb (YzStationPanel *self)
{
  refresh (self);
  gtk_filter_changed (GTK_FILTER (self->alarm_filter), GTK_FILTER_CHANGE_DIFFERENT);
}

static gboolean
refresh_cb (gpointer user_data)
{
  YzStationPanel *self = user_data;

  /* "Last heard from" ages, and entries arrive: a slow tick while a station is shown. */
  refresh (self);
  if (self->entries != NULL)
    yz_entry_model_reload (self->entries);
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->cameras_list)); row != NULL;
       row = gtk_widget_get_next_sibling (row))
    if (YZ_IS_STATION_ROW (row))
      fetch_camera_picture (self, YZ_STATION_ROW (row));

  return G_SOURCE_CONTINUE;
}

/* The slow tick runs only while a station is shown and the panel is on screen (mapped):
 * a closed panel, or one on a page not shown, costs nothing. */
static void
update_refresh_timer (YzStationPanel *self)
{
  gboolean wanted = self->station != NULL && gtk_widget_get_mapped (GTK_WIDGET (self));

  if (wanted && self->refresh_id == 0)
    self->refresh_id = g_timeout_add_seconds (REFRESH_EVERY_S, refresh_cb, self);
  else if (!wanted)
    g_clear_handle_id (&self->refresh_id, g_source_remove);
}

static gboolean
alarm_matches (gpointer item, gpointer user_data)
{
  YzStationPanel *self = user_data;

  return self->station != NULL &&
         g_strcmp0 (yz_alarm_get_station_id (item), yz_station_get_id (self->station)) == 0 &&
         yz_alarm_get_state (item) != YZ_ALARM_STATE_RESOLVED;
}

static void
alarms_changed_cb (YzStationPanel *self)
{
  gtk_widget_set_visible (GTK_WIDGET (self->alarms_group),
                          g_list_model_get_n_items (G_LIST_MODEL (self->alarms)) > 0);
}

static void
close_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  yz_station_panel_set_station (YZ_STATION_PANEL (widget), NULL);
}

/* ---- GObject ---- */

static void
yz_station_panel_map (GtkWidget *widget)
{
  YzStationPanel *self = YZ_STATION_PANEL (widget);

  GTK_WIDGET_CLASS (yz_station_panel_parent_class)->map (widget);
  /* Back on screen: what aged while hidden, at once. */
  refresh (self);
  update_refresh_timer (self);
}

static void
yz_station_panel_unmap (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (yz_station_panel_parent_class)->unmap (widget);
  update_refresh_timer (YZ_STATION_PANEL (widget));
}

static void
yz_station_panel_dispose (GObject *object)
{
  YzStationPanel *self = YZ_STATION_PANEL (object);
  GtkWidget *child;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_handle_id (&self->refresh_id, g_source_remove);
  g_clear_object (&self->session_signals);
  g_clear_object (&self->station_signals);
  g_clear_object (&self->station);
  g_clear_object (&self->alarms);
  g_clear_object (&self->alarm_filter);
  g_clear_object (&self->last_entries);
  g_clear_object (&self->entries);
  g_clear_object (&self->session);
  gtk_widget_dispose_template (GTK_WIDGET (self), YZ_TYPE_STATION_PANEL);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))))
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (yz_station_panel_parent_class)->dispose (object);
}

static void
yz_station_panel_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  YzStationPanel *self = YZ_STATION_PANEL (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
yz_station_panel_set_property (GObject *object, guint prop_id, const GValue *value,
                               GParamSpec *pspec)
{
  YzStationPanel *self = YZ_STATION_PANEL (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      yz_station_panel_set_session (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
yz_station_panel_class_init (YzStationPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = yz_station_panel_dispose;
  object_class->get_property = yz_station_panel_get_property;
  object_class->set_property = yz_station_panel_set_property;
  widget_class->map = yz_station_panel_map;
  widget_class->unmap = yz_station_panel_unmap;

  properties[PROP_SESSION] =
      g_param_spec_object ("session", NULL, NULL, YZ_TYPE_SESSION,
                           (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/yz-station-panel.ui");
  gtk_widget_class_bind_template_child (widget_class, YzStationPanel, name_label);
  gtk_widget_class_bind_template_child (widget_class, YzStationPanel, state_label);
  gtk_widget_class_bind_template_child (widget_class, YzStationPanel, last_known_label);
  gtk_widget_class_bind_template_child (widget_class, YzStationPanel, alarms_group);
  gtk_widget_class_bind_template_child (widget_class, YzStationPanel, alarms_list);
  gtk_widget_class_bind_template_child (widget_class, YzStationPanel, doors_list);
  gtk_widget_class_bind_template_child (widget_class, YzStationPanel, occupancy_row);
  gtk_widget_class_bind_template_child (widget_class, YzStationPanel, occupancy_bar);
  gtk_widget_class_bind_template_child (widget_class, YzStationPanel, temperature_row);
  gtk_widget_class_bind_template_child (widget_class, YzStationPanel, heartbeat_row);
  gtk_widget_class_bind_template_child (widget_class, YzStationPanel, address_row);
  gtk_widget_class_bind_template_child (widget_class, YzStationPanel, kind_row);
  gtk_widget_class_bind_template_child (widget_class, YzStationPanel, cameras_list);
  gtk_widget_class_bind_template_child (widget_class, YzStationPanel, entries_list);
  gtk_widget_class_bind_template_child (widget_class, YzStationPanel, stock_list);
  gtk_widget_class_bind_template_child (widget_class, YzStationPanel, devices_list);
  gtk_widget_class_install_action (widget_class, "station.close", NULL, close_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "station.close", NULL);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "stationpanel");
}

static void
set_placeholder (GtkListBox *list, const char *text)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_widget_add_css_class (label, "dim-label");
  gtk_widget_set_margin_top (label, 12);
  gtk_widget_set_margin_bottom (label, 12);
  gtk_list_box_set_placeholder (list, label);
}

static void
yz_station_panel_init (YzStationPanel *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  self->session_signals = g_signal_group_new (YZ_TYPE_SESSION);
  g_signal_group_connect_swapped (self->session_signals, "notify::connection-state",
                                  G_CALLBACK (connection_changed_cb), self);
  g_signal_group_connect_swapped (self->session_signals, "notify::disconnected-since",
                                  G_CALLBACK (connection_changed_cb), self);
  self->station_signals = g_signal_group_new (YZ_TYPE_STATION);
  g_signal_group_connect_swapped (self->station_signals, "notify", G_CALLBACK (station_notify_cb),
                                  self);
  set_placeholder (self->doors_list, _("No doors"));
  set_placeholder (self->cameras_list, _("No cameras"));
  set_placeholder (self->entries_list, _("No entries yet"));
  set_placeholder (self->stock_list, _("No supplies listed"));
  set_placeholder (self->devices_list, _("No devices"));
}

/* ---- public ---- */

GtkWidget *
yz_station_panel_new (void)
{
  return g_object_new (YZ_TYPE_STATION_PANEL, NULL);
}

void
yz_station_panel_set_session (YzStationPanel *self, YzSession *session)
{
  g_return_if_fail (YZ_IS_STATION_PANEL (self));

  if (!g_set_object (&self->session, session))
    return;
  g_signal_group_set_target (self->session_signals, session);

  g_clear_object (&self->alarms);
  g_clear_object (&self->alarm_filter);
  g_clear_object (&self->last_entries);
  g_clear_object (&self->entries);
  if (session == NULL)
    {
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);
      return;
    }

  self->alarm_filter = gtk_custom_filter_new (alarm_matches, self, NULL);
  self->alarms = gtk_filter_list_model_new (g_object_ref (yz_session_get_alarms (session)),
                                            g_object_ref (GTK_FILTER (self->alarm_filter)));
  g_signal_connect_object (self->alarms, "items-changed", G_CALLBACK (alarms_changed_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_list_box_bind_model (self->alarms_list, G_LIST_MODEL (self->alarms), create_alarm_row, self,
                           NULL);
  if (yz_session_get_store (session) != NULL)
    {
      self->entries = yz_entry_model_new (yz_session_get_store (session));
      self->last_entries =
          gtk_slice_list_model_new (g_object_ref (G_LIST_MODEL (self->entries)), 0, N_ENTRIES);
      gtk_list_box_bind_model (self->entries_list, G_LIST_MODEL (self->last_entries),
                               create_entry_row, self, NULL);
    }
  yz_station_panel_set_station (self, self->station);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);
}

YzSession *
yz_station_panel_get_session (YzStationPanel *self)
{
  g_return_val_if_fail (YZ_IS_STATION_PANEL (self), NULL);

  return self->session;
}

void
yz_station_panel_set_station (YzStationPanel *self, YzStation *station)
{
  g_return_if_fail (YZ_IS_STATION_PANEL (self));

  if (g_set_object (&self->station, station))
    g_signal_group_set_target (self->station_signals, station);

  g_clear_handle_id (&self->refresh_id, g_source_remove);
  if (station == NULL)
    {
      gtk_list_box_bind_model (self->doors_list, NULL, NULL, NULL, NULL);
      gtk_list_box_bind_model (self->cameras_list, NULL, NULL, NULL, NULL);
      gtk_list_box_bind_model (self->stock_list, NULL, NULL, NULL, NULL);
      gtk_list_box_bind_model (self->devices_list, NULL, NULL, NULL, NULL);
      gtk_widget_activate_action (GTK_WIDGET (self), "map.close-panel", NULL);
      return;
    }

  gtk_list_box_bind_model (self->doors_list, yz_station_get_doors (station), create_door_row, self,
                           NULL);
  gtk_list_box_bind_model (self->cameras_list, yz_station_get_cameras (station), create_camera_row,
                           self, NULL);
  gtk_list_box_bind_model (self->stock_list, yz_station_get_stock (station), create_stock_row, self,
                           NULL);
  gtk_list_box_bind_model (self->devices_list, yz_station_get_devices (station), create_device_row,
                           self, NULL);
  if (self->entries != NULL)
    yz_entry_model_set_filter (self->entries, yz_station_get_id (station), G_MININT64, G_MAXINT64,
                               NULL, NULL);
  if (self->alarm_filter != NULL)
    {
      gtk_filter_changed (GTK_FILTER (self->alarm_filter), GTK_FILTER_CHANGE_DIFFERENT);
      alarms_changed_cb (self);
    }
  refresh (self);
  update_refresh_timer (self);
}

YzStation *
yz_station_panel_get_station (YzStationPanel *self)
{
  g_return_val_if_fail (YZ_IS_STATION_PANEL (self), NULL);

  return self->station;
}

/* Whether the slow tick (last heard from, entries, camera pictures) runs: only while a
 * station is shown on screen. */
gboolean
yz_station_panel_get_refreshing (YzStationPanel *self)
{
  g_return_val_if_fail (YZ_IS_STATION_PANEL (self), FALSE);

  return self->refresh_id != 0;
}

/* What the panel says about the age of the state shown, or %NULL while connected. */
const char *
yz_station_panel_get_last_known (YzStationPanel *self)
{
  g_return_val_if_fail (YZ_IS_STATION_PANEL (self), NULL);

  return gtk_widget_get_visible (GTK_WIDGET (self->last_known_label))
             ? gtk_label_get_text (self->last_known_label)
             : NULL;
}
