/* yz-connection-indicator.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "yz-connection-indicator"

#include "config.h"

#include <glib/gi18n.h>

#include "yz-connection-indicator.h"

struct _YzConnectionIndicator
{
  GtkWidget parent_instance;

  GtkImage *image;
  GtkLabel *label;
  GtkLabel *gateway_label;
  char *text;

  YzConnectionState state;
  char *gateway_name;
  gboolean not_recording; /* connected, but what arrives cannot be written */
};

G_DEFINE_FINAL_TYPE (YzConnectionIndicator, yz_connection_indicator, GTK_TYPE_WIDGET)

enum
{
  PROP_0,
  PROP_STATE,
  PROP_GATEWAY_NAME,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char *const state_classes[] = { "disconnected", "connecting", "connected",
                                             "not-recording" };

static void
yz_connection_indicator_update (YzConnectionIndicator *self)
{
  g_autofree char *state_text = NULL;
  g_autofree char *tooltip = NULL;
  const char *icon_name = NULL;
  const char *css_class = NULL;
  gboolean named = self->gateway_name != NULL && self->gateway_name[0] != '\0';

  g_free (self->text);
  self->text = yz_connection_indicator_describe (
      self->state, self->gateway_name, !self->not_recording, &icon_name, &css_class, &tooltip);
  /* The state on one line, the gateway's name under it: a city's gateway name is long and
   * the view switcher leaves the header little room. */
  state_text = yz_connection_indicator_describe (self->state, NULL, !self->not_recording,
                                                 &icon_name, &css_class, NULL);

  gtk_label_set_label (self->label, state_text);
  gtk_label_set_label (self->gateway_label, named ? self->gateway_name : "");
  gtk_widget_set_visible (GTK_WIDGET (self->gateway_label), named);
  gtk_image_set_from_icon_name (self->image, icon_name);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self), tooltip);

  for (guint i = 0; i < G_N_ELEMENTS (state_classes); i++)
    gtk_widget_remove_css_class (GTK_WIDGET (self), state_classes[i]);
  gtk_widget_add_css_class (GTK_WIDGET (self), css_class);

  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, tooltip,
                                  -1);
}

static void
yz_connection_indicator_dispose (GObject *object)
{
  GtkWidget *child;

  gtk_widget_dispose_template (GTK_WIDGET (object), YZ_TYPE_CONNECTION_INDICATOR);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (object))))
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (yz_connection_indicator_parent_class)->dispose (object);
}

static void
yz_connection_indicator_finalize (GObject *object)
{
  YzConnectionIndicator *self = (YzConnectionIndicator *)object;

  g_clear_pointer (&self->gateway_name, g_free);
  g_clear_pointer (&self->text, g_free);

  G_OBJECT_CLASS (yz_connection_indicator_parent_class)->finalize (object);
}

static void
yz_connection_indicator_get_property (GObject *object, guint prop_id, GValue *value,
                                      GParamSpec *pspec)
{
  YzConnectionIndicator *self = YZ_CONNECTION_INDICATOR (object);

  switch (prop_id)
    {
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;

    case PROP_GATEWAY_NAME:
      g_value_set_string (value, self->gateway_name);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
yz_connection_indicator_set_property (GObject *object, guint prop_id, const GValue *value,
                                      GParamSpec *pspec)
{
  YzConnectionIndicator *self = YZ_CONNECTION_INDICATOR (object);

  switch (prop_id)
    {
    case PROP_STATE:
      yz_connection_indicator_set_state (self, g_value_get_enum (value));
      break;

    case PROP_GATEWAY_NAME:
      yz_connection_indicator_set_gateway_name (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
yz_connection_indicator_class_init (YzConnectionIndicatorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = yz_connection_indicator_dispose;
  object_class->finalize = yz_connection_indicator_finalize;
  object_class->get_property = yz_connection_indicator_get_property;
  object_class->set_property = yz_connection_indicator_set_property;

  properties[PROP_STATE] =
      g_param_spec_enum ("state", NULL, NULL, YZ_TYPE_CONNECTION_STATE, YZ_CONNECTION_DISCONNECTED,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_GATEWAY_NAME] =
      g_param_spec_string ("gateway-name", NULL, NULL, NULL,
                           (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PATH "/yz-connection-indicator.ui");
  gtk_widget_class_bind_template_child (widget_class, YzConnectionIndicator, image);
  gtk_widget_class_bind_template_child (widget_class, YzConnectionIndicator, label);
  gtk_widget_class_bind_template_child (widget_class, YzConnectionIndicator, gateway_label);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "connectionindicator");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_STATUS);
}

static void
yz_connection_indicator_init (YzConnectionIndicator *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  yz_connection_indicator_update (self);
}

GtkWidget *
yz_connection_indicator_new (void)
{
  return g_object_new (YZ_TYPE_CONNECTION_INDICATOR, NULL);
}

YzConnectionState
yz_connection_indicator_get_state (YzConnectionIndicator *self)
{
  g_return_val_if_fail (YZ_IS_CONNECTION_INDICATOR (self), YZ_CONNECTION_DISCONNECTED);

  return self->state;
}

void
yz_connection_indicator_set_state (YzConnectionIndicator *self, YzConnectionState state)
{
  g_return_if_fail (YZ_IS_CONNECTION_INDICATOR (self));
  g_return_if_fail (state <= YZ_CONNECTION_CONNECTED);

  if (self->state == state)
    return;

  self->state = state;
  yz_connection_indicator_update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

/**
 * yz_connection_indicator_set_recording:
 * @recording: whether what arrives is written to the local record
 *
 * A console connected but not recording does not say "Connected" in green: the banner says
 * why (YzSession:recording-problem), the indicator says that it is not recording.
 */
void
yz_connection_indicator_set_recording (YzConnectionIndicator *self, gboolean recording)
{
  g_return_if_fail (YZ_IS_CONNECTION_INDICATOR (self));

  if (self->not_recording == !recording)
    return;
  self->not_recording = !recording;
  yz_connection_indicator_update (self);
}

const char *
yz_connection_indicator_get_gateway_name (YzConnectionIndicator *self)
{
  g_return_val_if_fail (YZ_IS_CONNECTION_INDICATOR (self), NULL);

  return self->gateway_name;
}

void
yz_connection_indicator_set_gateway_name (YzConnectionIndicator *self, const char *gateway_name)
{
  g_return_if_fail (YZ_IS_CONNECTION_INDICATOR (self));

  if (g_strcmp0 (self->gateway_name, gateway_name) == 0)
    return;

  g_free (self->gateway_name);
  self->gateway_name = g_strdup (gateway_name);
  yz_connection_indicator_update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_GATEWAY_NAME]);
}

const char *
yz_connection_indicator_get_label (YzConnectionIndicator *self)
{
  g_return_val_if_fail (YZ_IS_CONNECTION_INDICATOR (self), NULL);

  return self->text;
}

/**
 * yz_connection_indicator_describe:
 * @state: the connection state
 * @gateway_name: (nullable): the gateway's name, or %NULL when none is configured
 * @recording: whether what arrives is written to the local record
 * @icon_name: (out): the icon for the state
 * @css_class: (out): the style class for the state
 * @tooltip: (out) (optional): a full sentence for the tooltip and screen readers
 *
 * Returns: (transfer full): the short text shown in the header bar
 */
char *
yz_connection_indicator_describe (YzConnectionState state, const char *gateway_name,
                                  gboolean recording, const char **icon_name,
                                  const char **css_class, char **tooltip)
{
  gboolean named = gateway_name != NULL && gateway_name[0] != '\0';
  char *text = NULL;
  char *tip = NULL;

  g_return_val_if_fail (icon_name != NULL, NULL);
  g_return_val_if_fail (css_class != NULL, NULL);

  switch (state)
    {
    case YZ_CONNECTION_CONNECTED:
      if (!recording)
        {
          *icon_name = "dialog-warning-symbolic";
          *css_class = state_classes[G_N_ELEMENTS (state_classes) - 1];
          /* Translators: shown in the header bar while events arrive but cannot be stored */
          text = g_strdup (_("Connected, not recording"));
          tip = g_strdup (_("Connected to the gateway, but what arrives cannot be written to the "
                             "local record. The banner says why."));
          break;
        }
      *icon_name = "network-wired-symbolic";
      if (named)
        /* Translators: the gateway's name follows; shown in the header bar */
        text = g_strdup_printf (_("Connected · %s"), gateway_name);
      else
        text = g_strdup (_("Connected"));
      tip = named ? g_strdup_printf (_("Connected to the gateway “%s”. Events arrive live."),
                                     gateway_name)
                  : g_strdup (_("Connected to the gateway. Events arrive live."));
      break;

    case YZ_CONNECTION_CONNECTING:
      *icon_name = "network-wired-acquiring-symbolic";
      text = named ? g_strdup_printf (_("Connecting to %s…"), gateway_name)
                   : g_strdup (_("Connecting…"));
      tip = g_strdup (_("Connecting to the gateway. What is shown may be out of date."));
      break;

    case YZ_CONNECTION_DISCONNECTED:
    default:
      state = YZ_CONNECTION_DISCONNECTED;
      *icon_name = "network-wired-disconnected-symbolic";
      text = g_strdup (_("Disconnected"));
      tip = named ? g_strdup_printf (
                        _("Not connected to the gateway “%s”. What is shown may be out of date."),
                        gateway_name)
                  : g_strdup (_("No gateway is configured. Set one in Preferences."));
      break;
    }

  if (state != YZ_CONNECTION_CONNECTED || recording)
    *css_class = state_classes[state];

  if (tooltip != NULL)
    *tooltip = tip;
  else
    g_free (tip);

  return text;
}

/**
 * yz_connection_describe_loss:
 * @state: the session's connection state
 * @since_us: real time (µs) the connection was lost, 0 if it is not lost
 * @next_us: real time (µs) of the next try, 0 if none is waiting
 * @now_us: the real time now (µs)
 * @reason: (nullable): why: the last try's failure (a wrong password, a refused address)
 *   or what keeps the event stream from working (a frame too large); said with the countdown
 * @can_retry: (out) (optional): whether "Retry Now" has something to do
 *
 * What the banner shown in every section says while the gateway is lost: since when, why,
 * and when the console tries again. A plain function of values, for tests.
 *
 * Returns: (transfer full) (nullable): the banner's text, or %NULL when there is no loss
 *   to tell (connected, or still on the first try)
 */
char *
yz_connection_describe_loss (YzConnectionState state, gint64 since_us, gint64 next_us,
                             gint64 now_us, const char *reason, gboolean *can_retry)
{
  g_autoptr(GDateTime) since = NULL;
  g_autofree char *clock = NULL;
  g_autofree char *lost = NULL;
  gint64 minutes;

  if (can_retry != NULL)
    *can_retry = FALSE;
  if (state == YZ_CONNECTION_CONNECTED || since_us <= 0)
    return NULL;

  since = g_date_time_new_from_unix_local (since_us / G_USEC_PER_SEC);
  /* A time of day; with the date after a day or more */
  clock = g_date_time_format (
      since, now_us - since_us >= (gint64)24 * 3600 * G_USEC_PER_SEC ? "%m-%d %H:%M" : "%H:%M");
  minutes = MAX (0, (now_us - since_us) / ((gint64)60 * G_USEC_PER_SEC));
  if (minutes < 1)
    /* Translators: %s is a time of day */
    lost = g_strdup_printf (_("No connection to the gateway since %s."), clock);
  else
    /* Translators: %s is a time of day, %u a number of minutes */
    lost = g_strdup_printf (
        g_dngettext (GETTEXT_PACKAGE, "No connection to the gateway since %s (%u minute).",
                     "No connection to the gateway since %s (%u minutes).", (gulong)minutes),
        clock, (guint)MIN (minutes, G_MAXUINT));

  if (reason != NULL && reason[0] != '\0')
    {
      char *with_reason = g_strdup_printf ("%s %s", lost, reason);

      g_free (lost);
      lost = with_reason;
    }

  /* A try waiting (the session's own log-in retry says "connecting" meanwhile): count down. */
  if (next_us > 0)
    {
      guint seconds = (guint)MAX (1, (next_us - now_us + G_USEC_PER_SEC - 1) / G_USEC_PER_SEC);
      g_autofree char *next = NULL;

      /* Translators: the console tries to connect again after this many seconds */
      next = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Next try in %u second.",
                                           "Next try in %u seconds.", seconds),
                              seconds);

      if (can_retry != NULL)
        *can_retry = TRUE;
      return g_strdup_printf ("%s %s", lost, next);
    }
  if (state == YZ_CONNECTION_CONNECTING)
    return g_strdup_printf ("%s %s", lost, _("Trying again now…"));
  return g_steal_pointer (&lost);
}
