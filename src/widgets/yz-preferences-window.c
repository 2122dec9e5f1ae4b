/* yz-preferences-window.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "yz-preferences-window"

#include "config.h"

#include <glib/gi18n.h>

#include "yz-preferences-window.h"

struct _YzPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  GSettings            *settings;

  AdwEntryRow          *gateway_url_row;
  AdwEntryRow          *operator_row;
  AdwComboRow          *style_row;
  GtkSwitch            *alarm_sound_switch;
};

G_DEFINE_FINAL_TYPE (YzPreferencesWindow, yz_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

/* The order of the style row's items. */
static const char * const style_nicks[] = { "system", "dark", "light" };

static gboolean
style_get_mapping (GValue   *value,
                   GVariant *variant,
                   gpointer  user_data)
{
  const char *nick = g_variant_get_string (variant, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (style_nicks); i++)
    {
      if (g_str_equal (nick, style_nicks[i]))
        {
          g_value_set_uint (value, i);
          return TRUE;
        }
    }

  return FALSE;
}

static GVariant *
style_set_mapping (const GValue       *value,
                   const GVariantType *expected_type,
                   gpointer            user_data)
{
  guint i = g_value_get_uint (value);

  if (i >= G_N_ELEMENTS (style_nicks))
    return NULL;

  return g_variant_new_string (style_nicks[i]);
}

static void
gateway_url_apply_cb (YzPreferencesWindow *self,
                      AdwEntryRow         *row)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *normalized = NULL;
  const char *text = gtk_editable_get_text (GTK_EDITABLE (row));

  if (!yz_preferences_check_gateway_url (text, &normalized, &error))
    {
      gtk_widget_add_css_class (GTK_WIDGET (row), "error");
      adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self),
                                        adw_toast_new (error->message));
      return;
    }

  gtk_widget_remove_css_class (GTK_WIDGET (row), "error");
  g_settings_set_string (self->settings, "gateway-url", normalized);
  if (g_strcmp0 (text, normalized) != 0)
    gtk_editable_set_text (GTK_EDITABLE (row), normalized);
}

static void
gateway_url_changed_cb (YzPreferencesWindow *self,
                        GParamSpec          *pspec,
                        AdwEntryRow         *row)
{
  gtk_widget_remove_css_class (GTK_WIDGET (row), "error");
}

static void
operator_apply_cb (YzPreferencesWindow *self,
                   AdwEntryRow         *row)
{
  g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));

  g_settings_set_string (self->settings, "operator", name);
}

static void
yz_preferences_window_dispose (GObject *object)
{
  YzPreferencesWindow *self = (YzPreferencesWindow *)object;

  gtk_widget_dispose_template (GTK_WIDGET (self), YZ_TYPE_PREFERENCES_WINDOW);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (yz_preferences_window_parent_class)->dispose (object);
}

static void
yz_preferences_window_class_init (YzPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = yz_preferences_window_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PATH "/yz-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, YzPreferencesWindow, gateway_url_row);
  gtk_widget_class_bind_template_child (widget_class, YzPreferencesWindow, operator_row);
  gtk_widget_class_bind_template_child (widget_class, YzPreferencesWindow, style_row);
  gtk_widget_class_bind_template_child (widget_class, YzPreferencesWindow, alarm_sound_switch);
  gtk_widget_class_bind_template_callback (widget_class, gateway_url_apply_cb);
  gtk_widget_class_bind_template_callback (widget_class, gateway_url_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, operator_apply_cb);
}

static void
yz_preferences_window_init (YzPreferencesWindow *self)
{
  g_autofree char *gateway_url = NULL;
  g_autofree char *operator_name = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->settings = g_settings_new (BASE_ID);

  /* The text rows apply on Enter or their apply button, not on every keystroke: a half-typed
   * URL must not become the gateway the console tries to reach. */
  gateway_url = g_settings_get_string (self->settings, "gateway-url");
  gtk_editable_set_text (GTK_EDITABLE (self->gateway_url_row), gateway_url);
  operator_name = g_settings_get_string (self->settings, "operator");
  gtk_editable_set_text (GTK_EDITABLE (self->operator_row), operator_name);

  g_settings_bind_with_mapping (self->settings, "style-variant",
                                self->style_row, "selected",
                                G_SETTINGS_BIND_DEFAULT,
                                style_get_mapping, style_set_mapping,
                                NULL, NULL);
  g_settings_bind (self->settings, "alarm-sound",
                   self->alarm_sound_switch, "active",
                   G_SETTINGS_BIND_DEFAULT);
}

GtkWidget *
yz_preferences_window_new (GtkWindow *transient_for)
{
  return g_object_new (YZ_TYPE_PREFERENCES_WINDOW,
                       "transient-for", transient_for,
                       NULL);
}

/**
 * yz_preferences_check_gateway_url:
 * @text: what the operator typed
 * @normalized: (out): the URL to store: trimmed, without a trailing slash
 * @error: why @text is not a usable gateway URL
 *
 * A gateway URL is http or https with a host, and carries no credentials (they belong in
 * the keyring), no query and no fragment. An empty text is valid: no gateway.
 */
gboolean
yz_preferences_check_gateway_url (const char  *text,
                                  char       **normalized,
                                  GError     **error)
{
  g_autofree char *trimmed = NULL;
  g_autoptr(GUri) uri = NULL;
  const char *scheme;
  gsize len;

  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (normalized != NULL, FALSE);

  trimmed = g_strstrip (g_strdup (text));
  if (trimmed[0] == '\0')
    {
      *normalized = g_steal_pointer (&trimmed);
      return TRUE;
    }

  uri = g_uri_parse (trimmed, G_URI_FLAGS_NONE, NULL);
  if (uri == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("“%s” is not a URL. Type it as https://host or https://host:port."),
                   trimmed);
      return FALSE;
    }

  scheme = g_uri_get_scheme (uri);
  if (g_ascii_strcasecmp (scheme, "https") != 0 && g_ascii_strcasecmp (scheme, "http") != 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("The gateway URL must start with https:// or http://."));
      return FALSE;
    }

  if (g_uri_get_host (uri) == NULL || g_uri_get_host (uri)[0] == '\0')
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("The gateway URL has no host name."));
      return FALSE;
    }

  if (g_uri_get_userinfo (uri) != NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("Do not put a user name or password in the gateway URL: the console asks for them and keeps them in the keyring."));
      return FALSE;
    }

  if (g_uri_get_query (uri) != NULL || g_uri_get_fragment (uri) != NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("The gateway URL cannot have a query (?…) or a fragment (#…)."));
      return FALSE;
    }

  len = strlen (trimmed);
  while (len > 0 && trimmed[len - 1] == '/')
    trimmed[--len] = '\0';

  *normalized = g_steal_pointer (&trimmed);
  return TRUE;
}
