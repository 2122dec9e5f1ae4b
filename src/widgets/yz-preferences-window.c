/* yz-preferences-window.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "yz-preferences-window"

#include "config.h"

#include <glib/gi18n.h>

#include "yz-gateway-backend.h"
#include "yz-preferences-window.h"
#include "yz-tile-source.h"
#include "yz-url.h"
#include "yz-widgets.h"

struct _YzPreferencesWindow
{
  AdwPreferencesWindow parent_instance;

  GSettings *settings;

  AdwEntryRow *gateway_url_row;
  AdwEntryRow *operator_row;
  AdwActionRow *ca_file_row;
  GtkWidget *ca_file_clear_button;
  AdwEntryRow *pin_row;
  AdwComboRow *style_row;
  AdwComboRow *tile_source_row;
  AdwEntryRow *tile_url_row;
  AdwActionRow *mbtiles_row;
  AdwComboRow *tile_datum_row;
  AdwComboRow *alarm_video_row;
  AdwComboRow *renderer_row;
  GtkSwitch *rtsp_tcp_switch;
  GtkSpinButton *latency_spin;
  GtkSpinButton *incident_spin;
  GtkSwitch *alarm_sound_switch;
};

G_DEFINE_FINAL_TYPE (YzPreferencesWindow, yz_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

/* The order of the style row's items. */
static const char *const style_nicks[] = { "system", "dark", "light" };

static gboolean
style_get_mapping (GValue *value, GVariant *variant, gpointer user_data)
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
style_set_mapping (const GValue *value, const GVariantType *expected_type, gpointer user_data)
{
  guint i = g_value_get_uint (value);

  if (i >= G_N_ELEMENTS (style_nicks))
    return NULL;

  return g_variant_new_string (style_nicks[i]);
}

static void
gateway_url_apply_cb (YzPreferencesWindow *self, AdwEntryRow *row)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *normalized = NULL;
  const char *text = gtk_editable_get_text (GTK_EDITABLE (row));

  if (!yz_preferences_check_gateway_url (text, &normalized, &error))
    {
      gtk_widget_add_css_class (GTK_WIDGET (row), "error");
      yz_toast (GTK_WIDGET (self), error->message);
      return;
    }

  gtk_widget_remove_css_class (GTK_WIDGET (row), "error");
  g_settings_set_string (self->settings, "gateway-url", normalized);
  if (g_strcmp0 (text, normalized) != 0)
    gtk_editable_set_text (GTK_EDITABLE (row), normalized);
}

static void
clear_error_cb (YzPreferencesWindow *self, GParamSpec *pspec, AdwEntryRow *row)
{
  gtk_widget_remove_css_class (GTK_WIDGET (row), "error");
}

static void
operator_apply_cb (YzPreferencesWindow *self, AdwEntryRow *row)
{
  g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));

  g_settings_set_string (self->settings, "operator", name);
}

static void
update_ca_file_row (YzPreferencesWindow *self)
{
  g_autofree char *path = g_settings_get_string (self->settings, "ca-file");

  adw_action_row_set_subtitle (self->ca_file_row, path[0] != '\0' ? path : _("The system's"));
  gtk_widget_set_visible (self->ca_file_clear_button, path[0] != '\0');
}

/**
 * yz_preferences_set_ca_file:
 * @path: a PEM file of certificate authorities, or "" for the system's
 *
 * Stores @path as the CA file if it is readable and holds certificates; else leaves the
 * setting alone and says why.
 */
gboolean
yz_preferences_set_ca_file (GSettings *settings, const char *path, GError **error)
{
  if (path[0] != '\0')
    {
      g_autoptr(GError) local_error = NULL;
      g_autoptr(GTlsDatabase) database = g_tls_file_database_new (path, &local_error);

      if (database == NULL)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                       _("Cannot use %s as certificate authorities: %s"), path,
                       local_error->message);
          return FALSE;
        }
    }
  g_settings_set_string (settings, "ca-file", path);

  return TRUE;
}

static void
ca_file_chosen_cb (GtkWidget *owner, const char *path, gpointer user_data)
{
  YzPreferencesWindow *self = YZ_PREFERENCES_WINDOW (owner);
  g_autoptr(GError) error = NULL;

  if (!yz_preferences_set_ca_file (self->settings, path, &error))
    yz_toast (owner, error->message);
}

static void
ca_file_choose_cb (YzPreferencesWindow *self)
{
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, _("PEM Certificates"));
  gtk_file_filter_add_pattern (filter, "*.pem");
  gtk_file_filter_add_pattern (filter, "*.crt");
  gtk_file_filter_add_mime_type (filter, "application/x-x509-ca-cert");
  yz_choose_file_filtered (GTK_WIDGET (self), GTK_FILE_CHOOSER_ACTION_OPEN,
                           _("Certificate Authorities"), _("_Use"), NULL, filter,
                           ca_file_chosen_cb, NULL, NULL);
}

static void
ca_file_clear_cb (YzPreferencesWindow *self)
{
  g_settings_set_string (self->settings, "ca-file", "");
}

static void
pin_apply_cb (YzPreferencesWindow *self, AdwEntryRow *row)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));
  g_autofree char *normalized = NULL;

  if (text[0] != '\0' && (normalized = yz_normalize_fingerprint (text)) == NULL)
    {
      gtk_widget_add_css_class (GTK_WIDGET (row), "error");
      yz_toast (GTK_WIDGET (self), _("A pinned certificate is its SHA-256 fingerprint: 64 "
                                      "hexadecimal digits, colons allowed."));
      return;
    }
  gtk_widget_remove_css_class (GTK_WIDGET (row), "error");
  g_settings_set_string (self->settings, "pinned-certificate", normalized ? normalized : "");
  gtk_editable_set_text (GTK_EDITABLE (row), normalized ? normalized : "");
}

/* ---- map tiles ---- */

static void
update_tile_rows (YzPreferencesWindow *self)
{
  int kind = g_settings_get_enum (self->settings, "tile-source");
  g_autofree char *path = g_settings_get_string (self->settings, "mbtiles-file");

  gtk_widget_set_visible (GTK_WIDGET (self->tile_url_row), kind == 1);
  gtk_widget_set_visible (GTK_WIDGET (self->mbtiles_row), kind == 2);
  /* OpenStreetMap is WGS-84 whatever the setting says. */
  gtk_widget_set_visible (GTK_WIDGET (self->tile_datum_row), kind != 0);
  adw_action_row_set_subtitle (self->mbtiles_row, path[0] != '\0' ? path : _("None chosen"));
}

static gboolean
enum_get_mapping (GValue *value, GVariant *variant, gpointer user_data)
{
  const char *const *nicks = user_data;
  const char *nick = g_variant_get_string (variant, NULL);

  for (guint i = 0; nicks[i] != NULL; i++)
    if (g_str_equal (nick, nicks[i]))
      {
        g_value_set_uint (value, i);
        return TRUE;
      }

  return FALSE;
}

static GVariant *
enum_set_mapping (const GValue *value, const GVariantType *expected_type, gpointer user_data)
{
  const char *const *nicks = user_data;
  guint i = g_value_get_uint (value);

  if (i >= g_strv_length ((char **)nicks))
    return NULL;

  return g_variant_new_string (nicks[i]);
}

static const char *const tile_source_nicks[] = { "openstreetmap", "url", "mbtiles", NULL };
static const char *const datum_nicks[] = { "wgs84", "gcj02", NULL };
static const char *const alarm_video_nicks[] = { "off", "tile", "wall", NULL };
static const char *const renderer_nicks[] = { "automatic", "opengl", "cairo", NULL };

static void
tile_url_apply_cb (YzPreferencesWindow *self, AdwEntryRow *row)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));
  g_autoptr(GError) error = NULL;
  g_autoptr(YzTileSource) source = yz_tile_source_new_url (text, YZ_DATUM_WGS84, &error);

  if (source == NULL)
    {
      gtk_widget_add_css_class (GTK_WIDGET (row), "error");
      yz_toast (GTK_WIDGET (self), error->message);
      return;
    }
  gtk_widget_remove_css_class (GTK_WIDGET (row), "error");
  g_settings_set_string (self->settings, "tile-url", text);
}

/**
 * yz_preferences_set_mbtiles_file:
 *
 * Stores @path as the offline map if it is an MBTiles file with tiles; else says why.
 */
gboolean
yz_preferences_set_mbtiles_file (GSettings *settings, const char *path, GError **error)
{
  g_autoptr(YzTileSource) source = yz_tile_source_new_mbtiles (path, YZ_DATUM_WGS84, error);

  if (source == NULL)
    return FALSE;
  g_settings_set_string (settings, "mbtiles-file", path);

  return TRUE;
}

static void
mbtiles_chosen_cb (GtkWidget *owner, const char *path, gpointer user_data)
{
  YzPreferencesWindow *self = YZ_PREFERENCES_WINDOW (owner);
  g_autoptr(GError) error = NULL;

  if (!yz_preferences_set_mbtiles_file (self->settings, path, &error))
    yz_toast (owner, error->message);
}

static void
mbtiles_choose_cb (YzPreferencesWindow *self)
{
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, _("MBTiles Maps"));
  gtk_file_filter_add_pattern (filter, "*.mbtiles");
  yz_choose_file_filtered (GTK_WIDGET (self), GTK_FILE_CHOOSER_ACTION_OPEN, _("Offline Map File"),
                           _("_Use"), NULL, filter, mbtiles_chosen_cb, NULL, NULL);
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
  gtk_widget_class_bind_template_child (widget_class, YzPreferencesWindow, ca_file_row);
  gtk_widget_class_bind_template_child (widget_class, YzPreferencesWindow, ca_file_clear_button);
  gtk_widget_class_bind_template_child (widget_class, YzPreferencesWindow, pin_row);
  gtk_widget_class_bind_template_callback (widget_class, ca_file_choose_cb);
  gtk_widget_class_bind_template_callback (widget_class, ca_file_clear_cb);
  gtk_widget_class_bind_template_callback (widget_class, pin_apply_cb);
  gtk_widget_class_bind_template_child (widget_class, YzPreferencesWindow, tile_source_row);
  gtk_widget_class_bind_template_child (widget_class, YzPreferencesWindow, tile_url_row);
  gtk_widget_class_bind_template_child (widget_class, YzPreferencesWindow, mbtiles_row);
  gtk_widget_class_bind_template_child (widget_class, YzPreferencesWindow, tile_datum_row);
  gtk_widget_class_bind_template_child (widget_class, YzPreferencesWindow, alarm_video_row);
  gtk_widget_class_bind_template_child (widget_class, YzPreferencesWindow, renderer_row);
  gtk_widget_class_bind_template_child (widget_class, YzPreferencesWindow, rtsp_tcp_switch);
  gtk_widget_class_bind_template_child (widget_class, YzPreferencesWindow, latency_spin);
  gtk_widget_class_bind_template_child (widget_class, YzPreferencesWindow, incident_spin);
  gtk_widget_class_bind_template_callback (widget_class, tile_url_apply_cb);
  gtk_widget_class_bind_template_callback (widget_class, mbtiles_choose_cb);
  gtk_widget_class_bind_template_child (widget_class, YzPreferencesWindow, alarm_sound_switch);
  gtk_widget_class_bind_template_callback (widget_class, gateway_url_apply_cb);
  gtk_widget_class_bind_template_callback (widget_class, clear_error_cb);
  gtk_widget_class_bind_template_callback (widget_class, operator_apply_cb);
}

static void
yz_preferences_window_init (YzPreferencesWindow *self)
{
  g_autofree char *gateway_url = NULL;
  g_autofree char *operator_name = NULL;
  g_autofree char *pin = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->settings = g_settings_new (BASE_ID);

  /* The text rows apply on Enter or their apply button, not on every keystroke: a half-typed
   * URL must not become the gateway the console tries to reach. */
  gateway_url = g_settings_get_string (self->settings, "gateway-url");
  gtk_editable_set_text (GTK_EDITABLE (self->gateway_url_row), gateway_url);
  operator_name = g_settings_get_string (self->settings, "operator");
  gtk_editable_set_text (GTK_EDITABLE (self->operator_row), operator_name);
  pin = g_settings_get_string (self->settings, "pinned-certificate");
  gtk_editable_set_text (GTK_EDITABLE (self->pin_row), pin);
  g_signal_connect_object (self->settings, "changed::ca-file", G_CALLBACK (update_ca_file_row),
                           self, G_CONNECT_SWAPPED);
  update_ca_file_row (self);

  {
    g_autofree char *tile_url = g_settings_get_string (self->settings, "tile-url");

    gtk_editable_set_text (GTK_EDITABLE (self->tile_url_row), tile_url);
  }
  g_settings_bind_with_mapping (self->settings, "tile-source", self->tile_source_row, "selected",
                                G_SETTINGS_BIND_DEFAULT, enum_get_mapping, enum_set_mapping,
                                (gpointer)tile_source_nicks, NULL);
  g_settings_bind_with_mapping (self->settings, "tile-datum", self->tile_datum_row, "selected",
                                G_SETTINGS_BIND_DEFAULT, enum_get_mapping, enum_set_mapping,
                                (gpointer)datum_nicks, NULL);
  g_settings_bind (self->settings, "video-rtsp-tcp", self->rtsp_tcp_switch, "active",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "video-latency-ms",
                   gtk_spin_button_get_adjustment (self->latency_spin), "value",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "incident-window-minutes",
                   gtk_spin_button_get_adjustment (self->incident_spin), "value",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind_with_mapping (self->settings, "alarm-video", self->alarm_video_row, "selected",
                                G_SETTINGS_BIND_DEFAULT, enum_get_mapping, enum_set_mapping,
                                (gpointer)alarm_video_nicks, NULL);
  g_settings_bind_with_mapping (self->settings, "renderer", self->renderer_row, "selected",
                                G_SETTINGS_BIND_DEFAULT, enum_get_mapping, enum_set_mapping,
                                (gpointer)renderer_nicks, NULL);
  g_signal_connect_object (self->settings, "changed::tile-source", G_CALLBACK (update_tile_rows),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->settings, "changed::mbtiles-file", G_CALLBACK (update_tile_rows),
                           self, G_CONNECT_SWAPPED);
  update_tile_rows (self);

  g_settings_bind_with_mapping (self->settings, "style-variant", self->style_row, "selected",
                                G_SETTINGS_BIND_DEFAULT, style_get_mapping, style_set_mapping, NULL,
                                NULL);
  g_settings_bind (self->settings, "alarm-sound", self->alarm_sound_switch, "active",
                   G_SETTINGS_BIND_DEFAULT);
}

GtkWidget *
yz_preferences_window_new (GtkWindow *transient_for)
{
  return g_object_new (YZ_TYPE_PREFERENCES_WINDOW, "transient-for", transient_for, NULL);
}

/**
 * yz_preferences_check_gateway_url:
 * @text: what the operator typed
 * @normalized: (out): the URL to store: trimmed, without a trailing slash
 * @error: why @text is not a usable gateway URL
 *
 * yz_url_check_gateway() (src/core/yz-url.c, where fuzz-url calls it).
 */
gboolean
yz_preferences_check_gateway_url (const char *text, char **normalized, GError **error)
{
  return yz_url_check_gateway (text, normalized, error);
}
