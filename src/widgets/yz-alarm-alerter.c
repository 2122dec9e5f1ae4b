/* yz-alarm-alerter.c
 *
 * Getting the duty officer's attention: while an alarm is new (not acknowledged), a sound
 * for its priority repeats — the worst one sets the sound and the pace (critical every 4 s,
 * high 8 s, medium 20 s, low once) — until it is acknowledged or the sound is switched off
 * (`alarm-sound`). A new alarm also raises a desktop notification when the window is not
 * the one in front. The oldest unacknowledged critical alarm is published for the window's
 * banner. The sounds are in the resources, played with GStreamer.
 *
 * When the sound cannot play — no sound device (autoaudiosink then falls back to a fake
 * sink), or the sink fails to open — the alerter says so in its "sound-problem" property,
 * which the header bar's sound toggle shows, and logs it once, not on every repeat.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "yz-alarm-alerter"

#include "config.h"

#include <glib/gi18n.h>
#include <gst/gst.h>

#include "yz-alarm-alerter.h"
#include "yz-media.h"
#include "yz-labels.h"

struct _YzAlarmAlerter
{
  GObject parent_instance;

  YzSession *session;
  GtkWindow *window; /* weak */
  GSettings *settings;
  GstElement *player;
  GstElement *sink; /* the audio sink given to the player, kept */
  char *audio_sink; /* its launch description; NULL: autoaudiosink */
  char *sound_problem;
  char *sink_warning; /* what the sink last warned about */

  YzAlarm *critical;
  YzPriority sounding;
  guint repeat_id;
  guint n_sounds;
  guint n_notifications;
};

G_DEFINE_FINAL_TYPE (YzAlarmAlerter, yz_alarm_alerter, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_CRITICAL,
  PROP_AUDIO_SINK,
  PROP_SOUND_PROBLEM,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

guint
yz_alarm_alerter_repeat_ms (YzPriority priority)
{
  switch (priority)
    {
    case YZ_PRIORITY_CRITICAL:
      return 4000;
    case YZ_PRIORITY_HIGH:
      return 8000;
    case YZ_PRIORITY_MEDIUM:
      return 20000;
    case YZ_PRIORITY_LOW:
    case YZ_PRIORITY_NONE:
    default:
      return 0; /* once */
    }
}

/**
 * yz_alarm_alerter_describe_toggle:
 * @on: whether the alarm sound is switched on
 * @problem: (nullable): why it cannot play (#YzAlarmAlerter:sound-problem)
 * @icon_name: (out): the toggle's icon
 * @warning: (out): whether the toggle should look like a warning
 *
 * What the header bar's sound toggle shows: a plain function, for tests.
 *
 * Returns: (transfer full): its tooltip
 */
char *
yz_alarm_alerter_describe_toggle (gboolean on, const char *problem, const char **icon_name,
                                  gboolean *warning)
{
  *warning = on && problem != NULL;
  if (!on)
    {
      *icon_name = "audio-volume-muted-symbolic";
      return g_strdup (_("Alarm sound is off: click to switch it on"));
    }
  if (problem != NULL)
    {
      *icon_name = "dialog-warning-symbolic";
      return g_strdup_printf (_("Alarm sound cannot play: %s"), problem);
    }
  *icon_name = "audio-volume-high-symbolic";
  return g_strdup (_("Alarm Sound (on until acknowledged)"));
}

/* ---- the sound ---- */

/* Said once when it starts, not on every repeat; the toggle shows it as long as it lasts. */
static void
set_sound_problem (YzAlarmAlerter *self, const char *problem)
{
  if (g_strcmp0 (self->sound_problem, problem) == 0)
    return;
  if (problem != NULL && self->sound_problem == NULL)
    g_message ("Cannot play the alarm sound: %s", problem);
  else if (problem == NULL)
    g_message ("The alarm sound plays again");
  g_free (self->sound_problem);
  self->sound_problem = g_strdup (problem);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SOUND_PROBLEM]);
}

/* autoaudiosink plays into a fake sink when no real one opens: that is silence too. */
static gboolean
is_fake_sink (GstElement *element)
{
  GstElementFactory *factory = gst_element_get_factory (element);
  gboolean fake = factory != NULL && g_str_equal (GST_OBJECT_NAME (factory), "fakesink");

  if (!fake && GST_IS_BIN (element))
    {
      GstIterator *children = gst_bin_iterate_recurse (GST_BIN (element));
      GValue child = G_VALUE_INIT;

      while (!fake && gst_iterator_next (children, &child) == GST_ITERATOR_OK)
        {
          GstElementFactory *f = gst_element_get_factory (g_value_get_object (&child));

          fake = f != NULL && g_str_equal (GST_OBJECT_NAME (f), "fakesink");
          g_value_reset (&child);
        }
      g_value_unset (&child);
      gst_iterator_free (children);
    }

  return fake;
}

static gboolean
bus_cb (GstBus *bus, GstMessage *message, gpointer user_data)
{
  YzAlarmAlerter *self = user_data;

  switch ((int)GST_MESSAGE_TYPE (message)) /* a flags type: most values are not ours */
    {
    case GST_MESSAGE_EOS:
      gst_element_set_state (self->player, GST_STATE_READY);
      break;

    case GST_MESSAGE_ERROR:
      {
        g_autoptr(GError) error = NULL;

        gst_message_parse_error (message, &error, NULL);
        set_sound_problem (self, error->message);
        /* From the start next time: the device may be back. */
        gst_element_set_state (self->player, GST_STATE_NULL);
      }
      break;

    case GST_MESSAGE_WARNING:
      {
        g_autoptr(GError) error = NULL;

        gst_message_parse_warning (message, &error, NULL);
        g_free (self->sink_warning);
        self->sink_warning = g_strdup (error->message);
      }
      break;

    case GST_MESSAGE_STATE_CHANGED:
      {
        GstState state;

        gst_message_parse_state_changed (message, NULL, &state, NULL);
        if (GST_MESSAGE_SRC (message) != GST_OBJECT (self->player) || state != GST_STATE_PLAYING)
          break;
        if (self->audio_sink == NULL && is_fake_sink (self->sink))
          {
            g_autofree char *problem =
                self->sink_warning ? g_strdup_printf (_("no sound device could be opened (%s)"),
                                                      self->sink_warning)
                                   : g_strdup (_("no sound device could be opened"));

            set_sound_problem (self, problem);
          }
        else
          set_sound_problem (self, NULL);
      }
      break;

    default:
      break;
    }

  return G_SOURCE_CONTINUE;
}

static gboolean
make_player (YzAlarmAlerter *self)
{
  g_autoptr(GstBus) bus = NULL;
  g_autoptr(GError) error = NULL;

  /* The application starts GStreamer on a thread: wait for it (at once when it is done). */
  yz_media_init (NULL);
  if ((self->player = gst_element_factory_make ("playbin", NULL)) == NULL)
    {
      set_sound_problem (self,
                         _("GStreamer’s playbin is missing (package gstreamer1.0-plugins-base)"));
      return FALSE;
    }
  gst_object_ref_sink (self->player);
  if (self->audio_sink != NULL)
    self->sink = gst_parse_bin_from_description (self->audio_sink, TRUE, &error);
  else
    self->sink = gst_element_factory_make ("autoaudiosink", NULL);
  if (self->sink == NULL)
    {
      g_autofree char *problem =
          error ? g_strdup (error->message)
                : g_strdup (_(
                      "GStreamer’s autoaudiosink is missing (package gstreamer1.0-plugins-good)"));

      set_sound_problem (self, problem);
      g_clear_pointer (&self->player, gst_object_unref);
      return FALSE;
    }
  /* Kept: autoaudiosink looks for a device when it starts, not on every sound. */
  gst_object_ref_sink (self->sink);
  g_object_set (self->player, "audio-sink", self->sink, NULL);
  bus = gst_element_get_bus (self->player);
  gst_bus_add_watch (bus, bus_cb, self);

  return TRUE;
}

static void
play (YzAlarmAlerter *self, YzPriority priority)
{
  static const char *const names[] = { "low", "low", "medium", "high", "critical" };
  g_autofree char *uri = NULL;

  if (!g_settings_get_boolean (self->settings, "alarm-sound"))
    return;
  self->n_sounds++;
  if (self->player == NULL && !make_player (self))
    return;
  uri = g_strdup_printf ("resource://%s/sounds/alarm-%s.wav", RESOURCE_PATH,
                         names[MIN (priority, 4)]);
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
        critical = alarm; /* the model keeps it */
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
alarm_raised_cb (YzSession *session, YzAlarm *alarm, YzAlarmAlerter *self)
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

      title =
          g_strdup_printf (_("%s alarm: %s"), yz_label_priority (yz_alarm_get_priority (alarm)),
                           yz_label_alarm_type (yz_alarm_get_alarm_type (alarm)));
      notification = g_notification_new (title);
      g_notification_set_body (notification, yz_alarm_get_station_name (alarm)
                                                 ? yz_alarm_get_station_name (alarm)
                                                 : yz_alarm_get_station_id (alarm));
      g_notification_set_priority (notification,
                                   yz_alarm_get_priority (alarm) == YZ_PRIORITY_CRITICAL
                                       ? G_NOTIFICATION_PRIORITY_URGENT
                                       : G_NOTIFICATION_PRIORITY_HIGH);
      g_notification_set_default_action_and_target (notification, "app.show-alarm", "s",
                                                    yz_alarm_get_id (alarm));
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

/* The player and its sink go; the next sound makes them again. */
static void
drop_player (YzAlarmAlerter *self)
{
  if (self->player != NULL)
    {
      g_autoptr(GstBus) bus = gst_element_get_bus (self->player);

      gst_bus_remove_watch (bus);
      gst_element_set_state (self->player, GST_STATE_NULL);
      g_clear_pointer (&self->player, gst_object_unref);
    }
  g_clear_pointer (&self->sink, gst_object_unref);
}

static void
yz_alarm_alerter_dispose (GObject *object)
{
  YzAlarmAlerter *self = YZ_ALARM_ALERTER (object);

  g_clear_handle_id (&self->repeat_id, g_source_remove);
  drop_player (self);
  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_clear_object (&self->session);
  g_clear_object (&self->critical);
  g_clear_object (&self->settings);
  g_clear_weak_pointer (&self->window);

  G_OBJECT_CLASS (yz_alarm_alerter_parent_class)->dispose (object);
}

static void
yz_alarm_alerter_finalize (GObject *object)
{
  YzAlarmAlerter *self = YZ_ALARM_ALERTER (object);

  g_free (self->audio_sink);
  g_free (self->sound_problem);
  g_free (self->sink_warning);

  G_OBJECT_CLASS (yz_alarm_alerter_parent_class)->finalize (object);
}

static void
yz_alarm_alerter_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  YzAlarmAlerter *self = YZ_ALARM_ALERTER (object);

  switch (prop_id)
    {
    case PROP_CRITICAL:
      g_value_set_object (value, self->critical);
      break;
    case PROP_AUDIO_SINK:
      g_value_set_string (value, self->audio_sink);
      break;
    case PROP_SOUND_PROBLEM:
      g_value_set_string (value, self->sound_problem);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
yz_alarm_alerter_set_property (GObject *object, guint prop_id, const GValue *value,
                               GParamSpec *pspec)
{
  YzAlarmAlerter *self = YZ_ALARM_ALERTER (object);

  switch (prop_id)
    {
    case PROP_AUDIO_SINK:
      yz_alarm_alerter_set_audio_sink (self, g_value_get_string (value));
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
  object_class->finalize = yz_alarm_alerter_finalize;
  object_class->get_property = yz_alarm_alerter_get_property;
  object_class->set_property = yz_alarm_alerter_set_property;

  /**
   * YzAlarmAlerter:critical:
   *
   * The oldest critical alarm not acknowledged yet, or %NULL: the window's banner.
   */
  properties[PROP_CRITICAL] =
      g_param_spec_object ("critical", NULL, NULL, YZ_TYPE_ALARM,
                           (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  /**
   * YzAlarmAlerter:audio-sink:
   *
   * The audio sink as a GStreamer launch description ("alsasink device=hw:1"), or %NULL
   * for autoaudiosink. `$YIZHAN_AUDIO_SINK` sets it for a new alerter.
   */
  properties[PROP_AUDIO_SINK] =
      g_param_spec_string ("audio-sink", NULL, NULL, NULL,
                           (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  /**
   * YzAlarmAlerter:sound-problem:
   *
   * Why the alarm sound cannot play (for people), or %NULL when it plays or has not been
   * tried yet.
   */
  properties[PROP_SOUND_PROBLEM] =
      g_param_spec_string ("sound-problem", NULL, NULL, NULL,
                           (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
yz_alarm_alerter_init (YzAlarmAlerter *self)
{
  self->settings = g_settings_new (BASE_ID);
  self->audio_sink = g_strdup (g_getenv ("YIZHAN_AUDIO_SINK"));
}

YzAlarmAlerter *
yz_alarm_alerter_new (YzSession *session, GtkWindow *window)
{
  YzAlarmAlerter *self;

  g_return_val_if_fail (YZ_IS_SESSION (session), NULL);

  self = g_object_new (YZ_TYPE_ALARM_ALERTER, NULL);
  self->session = g_object_ref (session);
  g_set_weak_pointer (&self->window, window);
  g_signal_connect (session, "alarm-raised", G_CALLBACK (alarm_raised_cb), self);
  g_signal_connect_swapped (session, "notify::n-unacknowledged", G_CALLBACK (alarms_changed_cb),
                            self);
  g_signal_connect_object (yz_session_get_alarms (session), "items-changed",
                           G_CALLBACK (alarms_changed_cb), self, G_CONNECT_SWAPPED);
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

/* Why the alarm sound cannot play, or NULL. */
const char *
yz_alarm_alerter_get_sound_problem (YzAlarmAlerter *self)
{
  g_return_val_if_fail (YZ_IS_ALARM_ALERTER (self), NULL);

  return self->sound_problem;
}

const char *
yz_alarm_alerter_get_audio_sink (YzAlarmAlerter *self)
{
  g_return_val_if_fail (YZ_IS_ALARM_ALERTER (self), NULL);

  return self->audio_sink;
}

/* Another sink: the next sound builds the player again (and finds out whether it plays). */
void
yz_alarm_alerter_set_audio_sink (YzAlarmAlerter *self, const char *audio_sink)
{
  g_return_if_fail (YZ_IS_ALARM_ALERTER (self));

  if (audio_sink != NULL && audio_sink[0] == '\0')
    audio_sink = NULL;
  if (g_strcmp0 (self->audio_sink, audio_sink) == 0)
    return;
  g_free (self->audio_sink);
  self->audio_sink = g_strdup (audio_sink);
  drop_player (self);
  g_clear_pointer (&self->sink_warning, g_free);
  /* Not known yet for the new sink. */
  if (self->sound_problem != NULL)
    {
      g_clear_pointer (&self->sound_problem, g_free);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SOUND_PROBLEM]);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_AUDIO_SINK]);
}
