/* yz-alarm-alerter.c
 *
 * Getting the duty officer's attention: while an alarm is new (not acknowledged), a sound
 * for its priority repeats — the worst one sets the sound and the pace (critical every 4 s,
 * high 8 s, medium 20 s, low once) — until it is acknowledged or the sound is switched off
 * (`alarm-sound`). A new alarm also raises a desktop notification when the window is not
 * the one in front. The oldest unacknowledged critical alarm is published for the window's
 * banner. The sounds are in the resources, played with GStreamer.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "yz-alarm-alerter"

#include "config.h"

#include <glib/gi18n.h>
#include <gst/gst.h>

#include "yz-alarm-alerter.h"
#include "yz-labels.h"

struct _YzAlarmAlerter
{
  GObject     parent_instance;

  YzSession  *session;
  GtkWindow  *window;       /* weak */
  GSettings  *settings;
  GstElement *player;
  gboolean    player_broken;

  YzAlarm    *critical;
  YzPriority  sounding;
  guint       repeat_id;
  guint       n_sounds;
  guint       n_notifications;
};

G_DEFINE_FINAL_TYPE (YzAlarmAlerter, yz_alarm_alerter, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_CRITICAL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

guint
yz_alarm_alerter_repeat_ms (YzPriority priority)
{
  switch (priority)
    {
    case YZ_PRIORITY_CRITICAL: return 4000;
    case YZ_PRIORITY_HIGH: return 8000;
    case YZ_PRIORITY_MEDIUM: return 20000;
    case YZ_PRIORITY_LOW:
    case YZ_PRIORITY_NONE:
    default: return 0;   /* once */
    }
}

/* ---- the sound ---- */

static gboolean
bus_cb (GstBus     *bus,
        GstMessage *message,
        gpointer    user_data)
{
  YzAlarmAlerter *self = user_data;

  if (GST_MESSAGE_TYPE (message) == GST_MESSAGE_EOS)
    gst_element_set_state (self->player, GST_STATE_READY);
  else if (GST_MESSAGE_TYPE (message) == GST_MESSAGE_ERROR)
    {
      g_autoptr(GError) error = NULL;

      gst_message_parse_error (message, &error, NULL);
      if (!self->player_broken)
        g_message ("Cannot play the alarm sound: %s", error->message);
      self->player_broken = TRUE;
      gst_element_set_state (self->player, GST_STATE_READY);
    }

  return G_SOURCE_CONTINUE;
}

static void
play (YzAlarmAlerter *self,
      YzPriority      priority)
{
  static const char * const names[] = { "low", "low", "medium", "high", "critical" };
  g_autofree char *uri = NULL;

  if (!g_settings_get_boolean (self->settings, "alarm-sound"))
    return;
  self->n_sounds++;
  if (self->player == NULL)
    {
      g_autoptr(GstBus) bus = NULL;

      if ((self->player = gst_element_factory_make ("playbin", NULL)) == NULL)
        return;
      gst_object_ref_sink (self->player);
      bus = gst_element_get_bus (self->player);
      gst_bus_add_watch (bus, bus_cb, self);
    }
  uri = g_strdup_printf ("resource://%s/sounds/alarm-%s.wav", RESOURCE_PATH, names[MIN (priority, 4)]);
  gst_element_set_state (self->player, GST_STATE_READY);
  g_object_set (self->player, "uri", uri, NULL);
  gst_element_set_state (self->player, GST_STATE_PLAYING);
}

static gboolean
repeat_cb (gpointer user_data)
{
  YzAlarmAlerter *self = user_data;

  play (self, self->sounding);

  return G_SOURCE_CONTINUE;
}

/* ---- what is new ---- */

static void
recompute (YzAlarmAlerter *self)
{
  GListModel *alarms = yz_session_get_alarms (self->session);
  YzPriority worst = YZ_PRIORITY_NONE;
  YzAlarm *critical = NULL;

  for (guint i = 0; i < g_list_model_get_n_items (alarms); i++)
    {
      g_autoptr(YzAlarm) alarm = g_list_model_get_item (alarms, i);

      if (yz_alarm_get_state (alarm) != YZ_ALARM_STATE_NEW)
        continue;
      worst = MAX (worst, yz_alarm_get_priority (alarm));
      if (yz_alarm_get_priority (alarm) == YZ_PRIORITY_CRITICAL &&
          (critical == NULL || yz_alarm_get_raised_at (alarm) < yz_alarm_get_raised_at (critical)))
        critical = alarm;   /* the model keeps it */
    }

  if (g_set_object (&self->critical, critical))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CRITICAL]);

  if (worst != self->sounding)
    {
      self->sounding = worst;
      g_clear_handle_id (&self->repeat_id, g_source_remove);
      if (yz_alarm_alerter_repeat_ms (worst) > 0)
        self->repeat_id = g_timeout_add (yz_alarm_alerter_repeat_ms (worst), repeat_cb, self);
    }
}

static void
alarm_raised_cb (YzSession      *session,
                 YzAlarm        *alarm,
                 YzAlarmAlerter *self)
{
  recompute (self);
  play (self, yz_alarm_get_priority (alarm));

  /* Not the window in front: the desktop tells. */
  if (self->window == NULL || !gtk_window_is_active (self->window))
    {
      GApplication *app = g_application_get_default ();
      g_autoptr(GNotification) notification = NULL;
      g_autofree char *title = NULL;
      g_autofree char *id = NULL;

      title = g_strdup_printf (_("%s alarm: %s"), yz_label_priority (yz_alarm_get_priority (alarm)),
                               yz_label_alarm_type (yz_alarm_get_alarm_type (alarm)));
      notification = g_notification_new (title);
      g_notification_set_body (notification, yz_alarm_get_station_name (alarm) ? yz_alarm_get_station_name (alarm)
                                                                                : yz_alarm_get_station_id (alarm));
      g_notification_set_priority (notification, yz_alarm_get_priority (alarm) == YZ_PRIORITY_CRITICAL
                                   ? G_NOTIFICATION_PRIORITY_URGENT : G_NOTIFICATION_PRIORITY_HIGH);
      g_notification_set_default_action_and_target (notification, "app.show-alarm", "s", yz_alarm_get_id (alarm));
      id = g_strconcat ("alarm-", yz_alarm_get_id (alarm), NULL);
      self->n_notifications++;
      if (app != NULL && g_application_get_is_registered (app))
        g_application_send_notification (app, id, notification);
    }
}

static void
alarms_changed_cb (YzAlarmAlerter *self)
{
  recompute (self);
}

/* ---- GObject ---- */

static void
yz_alarm_alerter_dispose (GObject *object)
{
  YzAlarmAlerter *self = YZ_ALARM_ALERTER (object);

  g_clear_handle_id (&self->repeat_id, g_source_remove);
  if (self->player != NULL)
    {
      g_autoptr(GstBus) bus = gst_element_get_bus (self->player);

      gst_bus_remove_watch (bus);
      gst_element_set_state (self->player, GST_STATE_NULL);
      g_clear_pointer (&self->player, gst_object_unref);
    }
  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_clear_object (&self->session);
  g_clear_object (&self->critical);
  g_clear_object (&self->settings);
  g_clear_weak_pointer (&self->window);

  G_OBJECT_CLASS (yz_alarm_alerter_parent_class)->dispose (object);
}

static void
yz_alarm_alerter_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  YzAlarmAlerter *self = YZ_ALARM_ALERTER (object);

  switch (prop_id)
    {
    case PROP_CRITICAL:
      g_value_set_object (value, self->critical);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
yz_alarm_alerter_class_init (YzAlarmAlerterClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = yz_alarm_alerter_dispose;
  object_class->get_property = yz_alarm_alerter_get_property;

  /**
   * YzAlarmAlerter:critical:
   *
   * The oldest critical alarm not acknowledged yet, or %NULL: the window's banner.
   */
  properties[PROP_CRITICAL] =
    g_param_spec_object ("critical", NULL, NULL, YZ_TYPE_ALARM,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
yz_alarm_alerter_init (YzAlarmAlerter *self)
{
  self->settings = g_settings_new (BASE_ID);
}

YzAlarmAlerter *
yz_alarm_alerter_new (YzSession *session,
                      GtkWindow *window)
{
  YzAlarmAlerter *self;

  g_return_val_if_fail (YZ_IS_SESSION (session), NULL);

  self = g_object_new (YZ_TYPE_ALARM_ALERTER, NULL);
  self->session = g_object_ref (session);
  g_set_weak_pointer (&self->window, window);
  g_signal_connect (session, "alarm-raised", G_CALLBACK (alarm_raised_cb), self);
  g_signal_connect_swapped (session, "notify::n-unacknowledged", G_CALLBACK (alarms_changed_cb), self);
  g_signal_connect_object (yz_session_get_alarms (session), "items-changed", G_CALLBACK (alarms_changed_cb),
                           self, G_CONNECT_SWAPPED);
  recompute (self);

  return self;
}

YzAlarm *
yz_alarm_alerter_get_critical (YzAlarmAlerter *self)
{
  return self->critical;
}

/* The priority whose sound repeats now (NONE: silence). */
YzPriority
yz_alarm_alerter_get_sounding (YzAlarmAlerter *self)
{
  return self->sounding;
}

/* How often the player was asked to play (for tests: there may be no sound card). */
guint
yz_alarm_alerter_get_n_sounds (YzAlarmAlerter *self)
{
  return self->n_sounds;
}

guint
yz_alarm_alerter_get_n_notifications (YzAlarmAlerter *self)
{
  return self->n_notifications;
}
