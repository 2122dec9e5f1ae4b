/* yz-window.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "yz-window"

#include "config.h"

#include <glib/gi18n.h>

#include "yz-alarm-alerter.h"
#include "yz-audit-window.h"
#include "yz-alarms-page.h"
#include "yz-door-dialog.h"
#include "yz-entries-page.h"
#include "yz-statistics-page.h"
#include "yz-supplies-page.h"
#include "yz-wall-window.h"
#include "yz-labels.h"
#include "yz-connection-indicator.h"
#include "yz-map-page.h"
#include "yz-media.h"
#include "yz-video-page.h"
#include "yz-window.h"

struct _YzWindow
{
  AdwApplicationWindow parent_instance;

  GSettings *settings;

  AdwToastOverlay *toast_overlay;
  AdwViewStack *stack;
  AdwViewStackPage *alarms_page;
  YzConnectionIndicator *connection_indicator;
  GtkButton *alarm_button;
  GtkLabel *alarm_count_label;
  YzMapPage *map_page;
  /* Every section but the map is built when first shown (or first asked for): the slot
   * holds it from then on. */
  AdwBin *video_slot;
  AdwBin *alarms_slot;
  AdwBin *entries_slot;
  AdwBin *supplies_slot;
  AdwBin *statistics_slot;
  YzVideoPage *video_page;
  YzAlarmsPage *alarms_view;
  YzEntriesPage *entries_view;
  YzSuppliesPage *supplies_view;
  YzStatisticsPage *statistics_view;
  GtkWidget *status_strip;
  GtkWidget *calm_box;
  GtkWidget *critical_box;
  GtkLabel *banner_label;
  GtkWidget *connection_box;
  GtkLabel *connection_label;
  GtkWidget *retry_button;
  guint connection_tick_id;
  GtkToggleButton *sound_button;
  YzAlarmAlerter *alerter;

  YzSession *session;

  guint unacknowledged_alarms;
};

G_DEFINE_FINAL_TYPE (YzWindow, yz_window, ADW_TYPE_APPLICATION_WINDOW)

enum
{
  PROP_0,
  PROP_SECTION,
  PROP_UNACKNOWLEDGED_ALARMS,
  PROP_SESSION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* In the order of the view switcher and of Ctrl+1..6. */
static const char *const section_names[] = { "map",      "video",      "alarms", "entries",
                                             "supplies", "statistics", NULL };

static gboolean
is_section_name (const char *name)
{
  return name != NULL && g_strv_contains (section_names, name);
}

static void
yz_window_update_alarm_counter (YzWindow *self)
{
  g_autofree char *count = g_strdup_printf ("%u", self->unacknowledged_alarms);
  g_autofree char *tooltip = NULL;

  if (self->unacknowledged_alarms == 0)
    tooltip = g_strdup (_("No unacknowledged alarms"));
  else
    tooltip = g_strdup_printf (
        g_dngettext (GETTEXT_PACKAGE, "%u unacknowledged alarm: show the alarms",
                     "%u unacknowledged alarms: show the alarms", self->unacknowledged_alarms),
        self->unacknowledged_alarms);

  gtk_label_set_label (self->alarm_count_label, count);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->alarm_button), tooltip);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->alarm_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, tooltip, -1);

  if (self->unacknowledged_alarms > 0)
    gtk_widget_add_css_class (GTK_WIDGET (self->alarm_button), "has-alarms");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->alarm_button), "has-alarms");

  adw_view_stack_page_set_badge_number (self->alarms_page, self->unacknowledged_alarms);
  adw_view_stack_page_set_needs_attention (self->alarms_page, self->unacknowledged_alarms > 0);
}

/* Builds @section's page the first time it is needed, bound to the window's session as the
 * map is in the template; returns the page (not its slot). A page that plays video waits
 * for GStreamer, which the application starts on a thread of its own. */
static GtkWidget *
yz_window_ensure_page (YzWindow *self, const char *section)
{
  static const struct
  {
    const char *name;
    gsize slot_offset;
    gsize page_offset;
    gboolean media;
  } lazy[] = {
    { "video", G_STRUCT_OFFSET (YzWindow, video_slot), G_STRUCT_OFFSET (YzWindow, video_page),
      TRUE },
    { "alarms", G_STRUCT_OFFSET (YzWindow, alarms_slot), G_STRUCT_OFFSET (YzWindow, alarms_view),
      TRUE },
    { "entries", G_STRUCT_OFFSET (YzWindow, entries_slot), G_STRUCT_OFFSET (YzWindow, entries_view),
      FALSE },
    { "supplies", G_STRUCT_OFFSET (YzWindow, supplies_slot),
      G_STRUCT_OFFSET (YzWindow, supplies_view), FALSE },
    { "statistics", G_STRUCT_OFFSET (YzWindow, statistics_slot),
      G_STRUCT_OFFSET (YzWindow, statistics_view), FALSE },
  };

  if (g_strcmp0 (section, "map") == 0)
    return GTK_WIDGET (self->map_page);

  for (guint i = 0; i < G_N_ELEMENTS (lazy); i++)
    {
      AdwBin *slot = G_STRUCT_MEMBER (AdwBin *, self, lazy[i].slot_offset);
      GtkWidget **page = &G_STRUCT_MEMBER (GtkWidget *, self, lazy[i].page_offset);
      GType type;
      gint64 start;

      if (g_strcmp0 (section, lazy[i].name) != 0)
        continue;
      if (*page != NULL || slot == NULL)
        return *page;

      start = g_get_monotonic_time ();
      if (lazy[i].media)
        yz_media_init (NULL);
      type = g_str_equal (section, "video")      ? YZ_TYPE_VIDEO_PAGE
             : g_str_equal (section, "alarms")   ? YZ_TYPE_ALARMS_PAGE
             : g_str_equal (section, "entries")  ? YZ_TYPE_ENTRIES_PAGE
             : g_str_equal (section, "supplies") ? YZ_TYPE_SUPPLIES_PAGE
                                                 : YZ_TYPE_STATISTICS_PAGE;
      *page = g_object_new (type, NULL);
      g_object_bind_property (self, "session", *page, "session", G_BINDING_SYNC_CREATE);
      adw_bin_set_child (slot, *page);
      g_debug ("Built the %s section in %.1f ms", section,
               (g_get_monotonic_time () - start) / 1000.0);
      return *page;
    }

  return NULL;
}

static void
stack_visible_child_name_cb (YzWindow *self, GParamSpec *pspec, AdwViewStack *stack)
{
  g_debug ("Showing section %s", adw_view_stack_get_visible_child_name (stack));
  yz_window_ensure_page (self, adw_view_stack_get_visible_child_name (stack));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SECTION]);
}

/* win.audit: who did what, and whether the record is intact. */
static void
yz_window_audit_action (GtkWidget *widget, const char *action_name, GVariant *param)
{
  YzWindow *self = YZ_WINDOW (widget);
  YzStore *store = self->session ? yz_session_get_store (self->session) : NULL;

  if (store == NULL)
    {
      yz_window_add_toast (self, _("There is no local record to show"));
      return;
    }
  gtk_window_present (GTK_WINDOW (yz_audit_window_new (GTK_WINDOW (self), store)));
}

/* win.wall-display: the big screen, full screen (on whichever monitor the window is on;
 * drag it to the wall's monitor and press F11 to leave and enter again). */
static void
yz_window_wall_display_action (GtkWidget *widget, const char *action_name, GVariant *param)
{
  YzWindow *self = YZ_WINDOW (widget);
  GtkWidget *wall;

  if (self->session == NULL)
    {
      yz_window_add_toast (self, _("Connect to a gateway first"));
      return;
    }
  wall = yz_wall_window_new (self->session);
  gtk_window_set_application (GTK_WINDOW (wall), gtk_window_get_application (GTK_WINDOW (self)));
  gtk_window_fullscreen (GTK_WINDOW (wall));
  gtk_window_present (GTK_WINDOW (wall));
}

/* win.show-alarm(s): the alarm in the table, selected (from a notification, the banner). */
static void
yz_window_show_alarm_action (GtkWidget *widget, const char *action_name, GVariant *param)
{
  YzWindow *self = YZ_WINDOW (widget);

  yz_window_set_section (self, "alarms");
  yz_alarms_page_select (YZ_ALARMS_PAGE (yz_window_ensure_page (self, "alarms")),
                         g_variant_get_string (param, NULL));
}

static void
yz_window_show_critical_action (GtkWidget *widget, const char *action_name, GVariant *param)
{
  YzWindow *self = YZ_WINDOW (widget);
  YzAlarm *alarm = self->alerter ? yz_alarm_alerter_get_critical (self->alerter) : NULL;

  if (alarm != NULL)
    gtk_widget_activate_action (widget, "win.show-alarm", "s", yz_alarm_get_id (alarm));
}

static void
critical_changed_cb (YzWindow *self)
{
  YzAlarm *alarm = yz_alarm_alerter_get_critical (self->alerter);

  if (alarm != NULL)
    {
      g_autofree char *raised = yz_format_time (yz_alarm_get_raised_at (alarm));
      g_autofree char *text =
          g_strdup_printf (_("Critical alarm not acknowledged: %s at %s, since %s"),
                           yz_label_alarm_type (yz_alarm_get_alarm_type (alarm)),
                           yz_alarm_get_station_name (alarm) ? yz_alarm_get_station_name (alarm)
                                                             : yz_alarm_get_station_id (alarm),
                           raised);

      gtk_label_set_text (self->banner_label, text);
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->banner_label), text);
    }
  gtk_widget_set_visible (self->critical_box, alarm != NULL);
  gtk_widget_set_visible (self->calm_box, alarm == NULL);
}

/* The banner of a lost connection: since when, and the next try; or, connected or not, that
 * the record is not being written. Returns whether it shows. */
static gboolean
refresh_connection_banner (YzWindow *self)
{
  g_autofree char *text = NULL;
  gboolean can_retry = FALSE;

  if (self->session != NULL)
    text = yz_connection_describe_loss (yz_session_get_connection_state (self->session),
                                        yz_session_get_disconnected_since (self->session),
                                        yz_session_get_next_attempt (self->session),
                                        g_get_real_time (), yz_session_get_problem (self->session),
                                        &can_retry);
  if (text == NULL && self->session != NULL &&
      yz_session_get_recording_problem (self->session) != NULL)
    text = g_strdup (yz_session_get_recording_problem (self->session));
  /* Not "Connected" in green while nothing is kept. */
  yz_connection_indicator_set_recording (
      self->connection_indicator,
      self->session == NULL || yz_session_get_recording_problem (self->session) == NULL);
  gtk_widget_set_visible (self->connection_box, text != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.retry-now", can_retry);
  gtk_widget_set_visible (self->retry_button, can_retry);
  if (text != NULL)
    {
      gtk_label_set_text (self->connection_label, text);
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->connection_label), text);
    }
  return text != NULL;
}

/* Counts the next try down, each second while the banner shows. */
static gboolean
connection_tick_cb (gpointer user_data)
{
  YzWindow *self = user_data;

  if (refresh_connection_banner (self))
    return G_SOURCE_CONTINUE;
  self->connection_tick_id = 0;
  return G_SOURCE_REMOVE;
}

static void
update_connection_banner (YzWindow *self)
{
  if (!refresh_connection_banner (self))
    g_clear_handle_id (&self->connection_tick_id, g_source_remove);
  else if (self->connection_tick_id == 0)
    self->connection_tick_id = g_timeout_add (1000, connection_tick_cb, self);
}

/* win.retry-now: from the banner of a lost connection. */
static void
yz_window_retry_now_action (GtkWidget *widget, const char *action_name, GVariant *param)
{
  YzWindow *self = YZ_WINDOW (widget);

  if (self->session != NULL)
    yz_session_retry_now (self->session);
  update_connection_banner (self);
}

static void
incident_window_cb (YzWindow *self)
{
  if (self->session != NULL)
    yz_session_set_incident_window (
        self->session,
        (gint64)g_settings_get_uint (self->settings, "incident-window-minutes") * 60 * 1000);
}

static void
sound_button_cb (YzWindow *self)
{
  gboolean on = gtk_toggle_button_get_active (self->sound_button);
  const char *problem = self->alerter ? yz_alarm_alerter_get_sound_problem (self->alerter) : NULL;
  const char *icon_name = NULL;
  gboolean warning = FALSE;
  g_autofree char *tooltip = yz_alarm_alerter_describe_toggle (on, problem, &icon_name, &warning);

  gtk_button_set_icon_name (GTK_BUTTON (self->sound_button), icon_name);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->sound_button), tooltip);
  if (warning)
    gtk_widget_add_css_class (GTK_WIDGET (self->sound_button), "warning");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->sound_button), "warning");
}

/* win.show-station(s): a station on the map with its panel open (from an alarm). */
static void
yz_window_show_station_action (GtkWidget *widget, const char *action_name, GVariant *param)
{
  YzWindow *self = YZ_WINDOW (widget);

  yz_window_set_section (self, "map");
  if (!yz_map_page_show_station (self->map_page, g_variant_get_string (param, NULL)))
    yz_window_add_toast (self, _("That station is not known to the gateway"));
}

/* win.show-camera(s): a camera on the video wall, from anywhere (the station panel). */
static void
yz_window_show_camera_action (GtkWidget *widget, const char *action_name, GVariant *param)
{
  YzWindow *self = YZ_WINDOW (widget);

  yz_window_set_section (self, "video");
  if (!yz_video_page_show_camera (YZ_VIDEO_PAGE (yz_window_ensure_page (self, "video")),
                                  g_variant_get_string (param, NULL), -1))
    yz_window_add_toast (self, _("That camera is not known to the gateway"));
}

static void
yz_window_fullscreen_action (GtkWidget *widget, const char *action_name, GVariant *param)
{
  GtkWindow *window = GTK_WINDOW (widget);

  if (gtk_window_is_fullscreen (window))
    gtk_window_unfullscreen (window);
  else
    gtk_window_fullscreen (window);
}

static void
yz_window_save_state (YzWindow *self)
{
  int width = 0;
  int height = 0;

  /* Keep the last unmaximized size, so that unmaximizing next time gives a sane window. */
  if (!gtk_window_is_maximized (GTK_WINDOW (self)) && !gtk_window_is_fullscreen (GTK_WINDOW (self)))
    {
      gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);
      if (width > 0 && height > 0)
        {
          g_settings_set_int (self->settings, "window-width", width);
          g_settings_set_int (self->settings, "window-height", height);
        }
    }

  g_settings_set_boolean (self->settings, "window-maximized",
                          gtk_window_is_maximized (GTK_WINDOW (self)));
}

static gboolean
yz_window_close_request (GtkWindow *window)
{
  yz_window_save_state (YZ_WINDOW (window));

  return GTK_WINDOW_CLASS (yz_window_parent_class)->close_request (window);
}

static void
yz_window_constructed (GObject *object)
{
  YzWindow *self = (YzWindow *)object;

  G_OBJECT_CLASS (yz_window_parent_class)->constructed (object);

  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (self->settings, "window-width"),
                               g_settings_get_int (self->settings, "window-height"));
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));

  g_settings_bind (self->settings, "last-section", self, "section", G_SETTINGS_BIND_DEFAULT);

  if (g_strcmp0 (PROFILE, "Devel") == 0)
    gtk_widget_add_css_class (GTK_WIDGET (self), "devel");
}

static void
yz_window_dispose (GObject *object)
{
  YzWindow *self = (YzWindow *)object;

  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_clear_handle_id (&self->connection_tick_id, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), YZ_TYPE_WINDOW);
  /* Their slots held them. */
  self->video_page = NULL;
  self->alarms_view = NULL;
  self->entries_view = NULL;
  self->supplies_view = NULL;
  self->statistics_view = NULL;
  if (self->alerter != NULL)
    g_signal_handlers_disconnect_by_data (self->alerter, self);
  g_clear_object (&self->alerter);
  g_clear_object (&self->settings);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (yz_window_parent_class)->dispose (object);
}

static void
yz_window_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  YzWindow *self = YZ_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SECTION:
      /* The stack notifies while the template is still being built. */
      g_value_set_string (value, self->stack && yz_window_get_section (self)
                                     ? yz_window_get_section (self)
                                     : "map");
      break;

    case PROP_UNACKNOWLEDGED_ALARMS:
      g_value_set_uint (value, self->unacknowledged_alarms);
      break;

    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
yz_window_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  YzWindow *self = YZ_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SECTION:
      yz_window_set_section (self, g_value_get_string (value));
      break;

    case PROP_UNACKNOWLEDGED_ALARMS:
      yz_window_set_unacknowledged_alarms (self, g_value_get_uint (value));
      break;

    case PROP_SESSION:
      yz_window_set_session (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
yz_window_class_init (YzWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->constructed = yz_window_constructed;
  object_class->dispose = yz_window_dispose;
  object_class->get_property = yz_window_get_property;
  object_class->set_property = yz_window_set_property;

  window_class->close_request = yz_window_close_request;

  properties[PROP_SECTION] =
      g_param_spec_string ("section", NULL, NULL, "map",
                           (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_UNACKNOWLEDGED_ALARMS] =
      g_param_spec_uint ("unacknowledged-alarms", NULL, NULL, 0, G_MAXUINT, 0,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /* Every page binds its own "session" to it in the template. */
  properties[PROP_SESSION] =
      g_param_spec_object ("session", NULL, NULL, YZ_TYPE_SESSION,
                           (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/yz-window.ui");
  gtk_widget_class_bind_template_child (widget_class, YzWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, YzWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, YzWindow, alarms_page);
  gtk_widget_class_bind_template_child (widget_class, YzWindow, connection_indicator);
  gtk_widget_class_bind_template_child (widget_class, YzWindow, alarm_button);
  gtk_widget_class_bind_template_child (widget_class, YzWindow, alarm_count_label);
  gtk_widget_class_bind_template_child (widget_class, YzWindow, map_page);
  gtk_widget_class_bind_template_child (widget_class, YzWindow, video_slot);
  gtk_widget_class_bind_template_child (widget_class, YzWindow, alarms_slot);
  gtk_widget_class_bind_template_child (widget_class, YzWindow, entries_slot);
  gtk_widget_class_bind_template_child (widget_class, YzWindow, supplies_slot);
  gtk_widget_class_bind_template_child (widget_class, YzWindow, statistics_slot);
  gtk_widget_class_bind_template_child (widget_class, YzWindow, status_strip);
  gtk_widget_class_bind_template_child (widget_class, YzWindow, calm_box);
  gtk_widget_class_bind_template_child (widget_class, YzWindow, critical_box);
  gtk_widget_class_bind_template_child (widget_class, YzWindow, banner_label);
  gtk_widget_class_bind_template_child (widget_class, YzWindow, connection_box);
  gtk_widget_class_bind_template_child (widget_class, YzWindow, connection_label);
  gtk_widget_class_bind_template_child (widget_class, YzWindow, retry_button);
  gtk_widget_class_bind_template_child (widget_class, YzWindow, sound_button);
  gtk_widget_class_bind_template_callback (widget_class, stack_visible_child_name_cb);

  /* win.section is stateful and carries the section's name, so that the view switcher, the
   * alarm counter, menus and Ctrl+1..6 all go through one path. */
  gtk_widget_class_install_property_action (widget_class, "win.section", "section");
  gtk_widget_class_install_action (widget_class, "win.fullscreen", NULL,
                                   yz_window_fullscreen_action);
  gtk_widget_class_install_action (widget_class, "win.show-camera", "s",
                                   yz_window_show_camera_action);
  gtk_widget_class_install_action (widget_class, "win.show-station", "s",
                                   yz_window_show_station_action);
  gtk_widget_class_install_action (widget_class, "win.show-alarm", "s",
                                   yz_window_show_alarm_action);
  gtk_widget_class_install_action (widget_class, "win.audit", NULL, yz_window_audit_action);
  gtk_widget_class_install_action (widget_class, "win.wall-display", NULL,
                                   yz_window_wall_display_action);
  gtk_widget_class_install_action (widget_class, "win.show-critical", NULL,
                                   yz_window_show_critical_action);
  gtk_widget_class_install_action (widget_class, "win.retry-now", NULL, yz_window_retry_now_action);

  for (guint i = 0; section_names[i] != NULL; i++)
    gtk_widget_class_add_binding_action (widget_class, GDK_KEY_1 + i, GDK_CONTROL_MASK,
                                         "win.section", "s", section_names[i]);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F11, 0, "win.fullscreen", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F11, GDK_SHIFT_MASK,
                                       "win.wall-display", NULL);
}

static void
yz_window_init (YzWindow *self)
{
  self->settings = g_settings_new (BASE_ID);

  gtk_widget_init_template (GTK_WIDGET (self));

  g_settings_bind (self->settings, "alarm-sound", self->sound_button, "active",
                   G_SETTINGS_BIND_DEFAULT);
  g_signal_connect_object (self->settings, "changed::incident-window-minutes",
                           G_CALLBACK (incident_window_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->sound_button, "notify::active", G_CALLBACK (sound_button_cb), self,
                           G_CONNECT_SWAPPED);
  sound_button_cb (self);
  yz_window_update_alarm_counter (self);
}

YzWindow *
yz_window_new (GtkApplication *application)
{
  g_return_val_if_fail (GTK_IS_APPLICATION (application), NULL);

  return g_object_new (YZ_TYPE_WINDOW, "application", application, NULL);
}

/**
 * yz_window_get_section_names:
 *
 * Returns: (transfer none): the sections' names, in the order of Ctrl+1..6
 */
const char *const *
yz_window_get_section_names (void)
{
  return section_names;
}

const char *
yz_window_get_section (YzWindow *self)
{
  g_return_val_if_fail (YZ_IS_WINDOW (self), NULL);

  return adw_view_stack_get_visible_child_name (self->stack);
}

void
yz_window_set_section (YzWindow *self, const char *section)
{
  g_return_if_fail (YZ_IS_WINDOW (self));

  if (!is_section_name (section))
    {
      g_warning ("Unknown section “%s”, ignored", section ? section : "(null)");
      return;
    }

  /* The stack notifies, and stack_visible_child_name_cb() passes it on. */
  adw_view_stack_set_visible_child_name (self->stack, section);
}

guint
yz_window_get_unacknowledged_alarms (YzWindow *self)
{
  g_return_val_if_fail (YZ_IS_WINDOW (self), 0);

  return self->unacknowledged_alarms;
}

void
yz_window_set_unacknowledged_alarms (YzWindow *self, guint count)
{
  g_return_if_fail (YZ_IS_WINDOW (self));

  if (self->unacknowledged_alarms == count)
    return;

  self->unacknowledged_alarms = count;
  yz_window_update_alarm_counter (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_UNACKNOWLEDGED_ALARMS]);
}

void
yz_window_set_connection (YzWindow *self, YzConnectionState state, const char *gateway_name)
{
  g_return_if_fail (YZ_IS_WINDOW (self));

  yz_connection_indicator_set_gateway_name (self->connection_indicator, gateway_name);
  yz_connection_indicator_set_state (self->connection_indicator, state);
}

void
yz_window_add_toast (YzWindow *self, const char *title)
{
  g_return_if_fail (YZ_IS_WINDOW (self));
  g_return_if_fail (title != NULL);

  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (title));
}

static void
session_connection_cb (YzWindow *self)
{
  yz_window_set_connection (self, yz_session_get_connection_state (self->session),
                            yz_session_get_gateway_name (self->session));
  update_connection_banner (self);
}

/* A failure the session gives up on (a wrong password, an untrusted certificate) is said
 * once in a toast; while reconnecting, the banner says why beside its countdown. */
static void
session_status_cb (YzWindow *self)
{
  const char *status = yz_session_get_status (self->session);

  update_connection_banner (self);
  if (status != NULL &&
      yz_session_get_connection_state (self->session) == YZ_CONNECTION_DISCONNECTED)
    yz_window_add_toast (self, status);
}

YzAlarmAlerter *
yz_window_get_alerter (YzWindow *self)
{
  return self->alerter;
}

/**
 * yz_window_open_stream:
 *
 * `yizhan --open-stream URL`: the video wall with @url in its first tile.
 */
gboolean
yz_window_open_stream (YzWindow *self, const char *url, GError **error)
{
  g_return_val_if_fail (YZ_IS_WINDOW (self), FALSE);

  yz_window_set_section (self, "video");
  return yz_video_page_open_url (YZ_VIDEO_PAGE (yz_window_ensure_page (self, "video")), url, error);
}

/**
 * yz_window_set_session:
 *
 * Shows @session: the connection indicator, the alarm counter and the sections follow it.
 */
void
yz_window_set_session (YzWindow *self, YzSession *session)
{
  gboolean changed;

  g_return_if_fail (YZ_IS_WINDOW (self));

  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  changed = g_set_object (&self->session, session);
  /* Every page binds its "session" to the window's in the template: notifying is handing
   * the session to the sections. */
  if (changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);
  if (self->alerter != NULL)
    g_signal_handlers_disconnect_by_data (self->alerter, self);
  g_clear_object (&self->alerter);
  gtk_widget_set_visible (self->status_strip, session != NULL);
  gtk_widget_set_visible (self->critical_box, FALSE);
  gtk_widget_set_visible (self->calm_box, TRUE);
  update_connection_banner (self);
  if (session == NULL)
    return;

  yz_session_set_incident_window (
      session, (gint64)g_settings_get_uint (self->settings, "incident-window-minutes") * 60 * 1000);
  self->alerter = yz_alarm_alerter_new (session, GTK_WINDOW (self));
  g_signal_connect_object (self->alerter, "notify::critical", G_CALLBACK (critical_changed_cb),
                           self, G_CONNECT_SWAPPED);
  critical_changed_cb (self);
  g_signal_connect_object (self->alerter, "notify::sound-problem", G_CALLBACK (sound_button_cb),
                           self, G_CONNECT_SWAPPED);
  sound_button_cb (self);

  g_signal_connect_object (session, "notify::connection-state", G_CALLBACK (session_connection_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (session, "notify::gateway-name", G_CALLBACK (session_connection_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (session, "notify::status", G_CALLBACK (session_status_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (session, "notify::disconnected-since",
                           G_CALLBACK (update_connection_banner), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (session, "notify::next-attempt", G_CALLBACK (update_connection_banner),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (session, "notify::recording-problem",
                           G_CALLBACK (update_connection_banner), self, G_CONNECT_SWAPPED);
  g_object_bind_property (session, "n-unacknowledged", self, "unacknowledged-alarms",
                          G_BINDING_SYNC_CREATE);
  /* A door's answer that comes after "outcome unknown" is told here, in a toast. */
  yz_door_dialog_watch_late_results (session, GTK_WIDGET (self));
  session_connection_cb (self);
}

YzSession *
yz_window_get_session (YzWindow *self)
{
  g_return_val_if_fail (YZ_IS_WINDOW (self), NULL);

  return self->session;
}

/**
 * yz_window_get_page:
 * @section: a section's name (yz_window_get_section_names())
 *
 * The page is built now if it was not shown yet.
 *
 * Returns: (transfer none) (nullable): the section's page widget
 */
GtkWidget *
yz_window_get_page (YzWindow *self, const char *section)
{
  g_return_val_if_fail (YZ_IS_WINDOW (self), NULL);

  return section != NULL ? yz_window_ensure_page (self, section) : NULL;
}
