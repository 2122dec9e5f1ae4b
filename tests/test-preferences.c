/* test-preferences.c
 *
 * The preferences window is bound to GSettings both ways, and a gateway URL is checked
 * before it is stored.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "yz-application.h"
#include "yz-preferences-window.h"
#include "yz-renderer.h"
#include "yz-test-gtk.h"

static void
test_check_gateway_url (void)
{
  static const struct
  {
    const char *text;
    const char *normalized; /* NULL: refused */
  } cases[] = {
    { "", "" },
    { "   ", "" },
    { "https://gateway.example.cn", "https://gateway.example.cn" },
    { " https://gateway.example.cn:8443/ ", "https://gateway.example.cn:8443" },
    { "http://127.0.0.1:8080", "http://127.0.0.1:8080" },
    { "https://gw.example.cn/yizhan//", "https://gw.example.cn/yizhan" },
    { "gateway.example.cn", NULL },
    { "ftp://gateway.example.cn", NULL },
    { "https://", NULL },
    { "https://admin:secret@gateway.example.cn", NULL },
    { "https://gateway.example.cn/?token=x", NULL },
    { "https://gateway.example.cn/#top", NULL },
    { "not a url at all", NULL },
    /* Found by fuzz-url: a byte that is not UTF-8 in the path went into GSettings. */
    { "https://gateway.example/@ls:\327%aeen//", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *normalized = NULL;
      gboolean ok = yz_preferences_check_gateway_url (cases[i].text, &normalized, &error);

      if (cases[i].normalized != NULL)
        {
          g_assert_no_error (error);
          g_assert_true (ok);
          g_assert_cmpstr (normalized, ==, cases[i].normalized);
        }
      else
        {
          g_assert_false (ok);
          g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
          g_assert_null (normalized);
        }
    }
}

typedef struct
{
  YzApplication *app;
  GSettings *settings;
  GtkWidget *window;
} Fixture;

static void
fixture_set_up (Fixture *fixture, gconstpointer data)
{
  /* One application for the whole process: GApplication registers once. */
  static YzApplication *app;
  g_autoptr(GError) error = NULL;

  fixture->settings = g_settings_new (BASE_ID);
  if (app == NULL)
    {
      app = yz_application_new ();
      g_application_set_flags (G_APPLICATION (app), g_application_get_flags (G_APPLICATION (app)) |
                                                        G_APPLICATION_NON_UNIQUE);
      g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
      g_assert_no_error (error);
    }
  fixture->app = g_object_ref (app);

  fixture->window = yz_preferences_window_new (NULL);
  gtk_window_present (GTK_WINDOW (fixture->window));
  g_assert_true (yz_test_wait_for_draw (fixture->window, 5000));
}

static void
fixture_tear_down (Fixture *fixture, gconstpointer data)
{
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  g_settings_reset (fixture->settings, "gateway-url");
  g_settings_reset (fixture->settings, "style-variant");
  g_settings_reset (fixture->settings, "alarm-sound");
  g_settings_reset (fixture->settings, "ca-file");
  g_settings_reset (fixture->settings, "pinned-certificate");
  g_settings_reset (fixture->settings, "tile-source");
  g_settings_reset (fixture->settings, "tile-url");
  g_settings_reset (fixture->settings, "mbtiles-file");
  g_settings_reset (fixture->settings, "alarm-video");
  g_settings_reset (fixture->settings, "video-rtsp-tcp");
  g_settings_reset (fixture->settings, "renderer");
  g_clear_object (&fixture->settings);
  g_clear_object (&fixture->app);
}

static void
test_preferences_alarm_sound (Fixture *fixture, gconstpointer data)
{
  g_autoptr(GPtrArray) switches = g_ptr_array_new ();
  GtkSwitch *sw;
  GtkSwitch *tcp;

  /* Streams over TCP (video), then the alarm sound. */
  yz_test_collect (fixture->window, GTK_TYPE_SWITCH, switches);
  g_assert_cmpuint (switches->len, ==, 2);
  tcp = g_ptr_array_index (switches, 0);
  sw = g_ptr_array_index (switches, 1);
  g_assert_false (gtk_switch_get_active (tcp));
  gtk_switch_set_active (tcp, TRUE);
  g_assert_true (g_settings_get_boolean (fixture->settings, "video-rtsp-tcp"));
  g_assert_true (g_settings_get_boolean (fixture->settings, "alarm-sound"));
  g_assert_true (gtk_switch_get_active (sw));

  gtk_switch_set_active (sw, FALSE);
  g_assert_false (g_settings_get_boolean (fixture->settings, "alarm-sound"));

  g_settings_set_boolean (fixture->settings, "alarm-sound", TRUE);
  g_assert_true (gtk_switch_get_active (sw));
}

static void
test_preferences_style (Fixture *fixture, gconstpointer data)
{
  g_autoptr(GPtrArray) combos = g_ptr_array_new ();
  AdwComboRow *row;
  AdwStyleManager *style_manager = adw_style_manager_get_default ();
  g_autofree char *path = NULL;

  /* Map tiles, their datum, the style, drawing, then the alarm's camera. */
  yz_test_collect (fixture->window, ADW_TYPE_COMBO_ROW, combos);
  g_assert_cmpuint (combos->len, ==, 5);
  row = g_ptr_array_index (combos, 2);

  /* Dark by default: a control room at night. */
  g_assert_cmpuint (adw_combo_row_get_selected (row), ==, 1);
  g_assert_cmpint (adw_style_manager_get_color_scheme (style_manager), ==,
                   ADW_COLOR_SCHEME_FORCE_DARK);

  path = yz_test_screenshot (fixture->window, "preferences");

  adw_combo_row_set_selected (row, 2);
  g_assert_cmpstr (g_settings_get_string (fixture->settings, "style-variant"), ==, "light");
  g_assert_cmpint (adw_style_manager_get_color_scheme (style_manager), ==,
                   ADW_COLOR_SCHEME_FORCE_LIGHT);

  g_settings_set_string (fixture->settings, "style-variant", "system");
  g_assert_cmpuint (adw_combo_row_get_selected (row), ==, 0);
  g_assert_cmpint (adw_style_manager_get_color_scheme (style_manager), ==,
                   ADW_COLOR_SCHEME_DEFAULT);
}

/* The renderer: the officer's variable, then the preference, then what OpenGL is. */
static void
test_renderer_decision (void)
{
  static const struct
  {
    const char *environment, *preference;
    gboolean have_gl;
    const char *gl_renderer, *expected;
  } cases[] = {
    { NULL, "automatic", TRUE, "llvmpipe (LLVM 15.0.6, 256 bits)", "cairo" },
    { NULL, "automatic", TRUE, "softpipe", "cairo" },
    { NULL, "automatic", TRUE, "Mesa Intel(R) UHD Graphics 620 (KBL GT2)", "" },
    { NULL, "automatic", TRUE, "AMD Radeon RX 6600 (navi23, LLVM 15.0.6, DRM 3.49)", "" },
    { NULL, "automatic", FALSE, NULL, "cairo" },
    { "", "automatic", TRUE, "llvmpipe", "cairo" },
    { NULL, "opengl", TRUE, "llvmpipe", "gl" },
    { NULL, "cairo", TRUE, "NVIDIA GeForce GTX 1650/PCIe/SSE2", "cairo" },
    { "gl", "automatic", TRUE, "llvmpipe", "gl" },
    { "ngl", "cairo", FALSE, NULL, "ngl" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *reason = NULL;
      const char *renderer = yz_renderer_decide (cases[i].environment, cases[i].preference,
                                                 cases[i].have_gl, cases[i].gl_renderer, &reason);

      g_assert_cmpstr (renderer, ==, cases[i].expected);
      g_assert_nonnull (reason);
      g_assert_cmpuint (strlen (reason), >, 0);
    }
  g_assert_false (yz_renderer_is_software_gl (NULL));
  g_assert_true (yz_renderer_is_software_gl ("Software Rasterizer"));
}

/* The drawing row is bound to the `renderer` setting, which the next start reads. */
static void
test_preferences_renderer (Fixture *fixture, gconstpointer data)
{
  g_autoptr(GPtrArray) combos = g_ptr_array_new ();
  AdwComboRow *row;

  yz_test_collect (fixture->window, ADW_TYPE_COMBO_ROW, combos);
  row = g_ptr_array_index (combos, 3);
  g_assert_cmpuint (adw_combo_row_get_selected (row), ==, 0);
  /* Tall enough to show it, for whoever checks the screenshots. */
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 640, 1060);
  g_assert_true (yz_test_wait_for_draw (fixture->window, 5000));
  g_free (yz_test_screenshot (fixture->window, "preferences-drawing"));
  adw_combo_row_set_selected (row, 2);
  g_assert_cmpstr (g_settings_get_string (fixture->settings, "renderer"), ==, "cairo");
  g_settings_set_string (fixture->settings, "renderer", "opengl");
  g_assert_cmpuint (adw_combo_row_get_selected (row), ==, 1);
}

static void
test_preferences_gateway_url (Fixture *fixture, gconstpointer data)
{
  AdwEntryRow *row = ADW_ENTRY_ROW (yz_test_find_by_type (fixture->window, ADW_TYPE_ENTRY_ROW));

  g_assert_nonnull (row);
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), !=, "");

  /* Typing alone stores nothing: only apply does. */
  gtk_editable_set_text (GTK_EDITABLE (row), "https://gw.example.cn/");
  g_assert_cmpstr (g_settings_get_string (fixture->settings, "gateway-url"), ==, "");

  g_signal_emit_by_name (row, "apply");
  g_assert_cmpstr (g_settings_get_string (fixture->settings, "gateway-url"), ==,
                   "https://gw.example.cn");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (row)), ==, "https://gw.example.cn");
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (row), "error"));

  /* A bad URL is refused, marked, and the stored one stays. */
  gtk_editable_set_text (GTK_EDITABLE (row), "https://user:pw@gw.example.cn");
  g_signal_emit_by_name (row, "apply");
  g_assert_cmpstr (g_settings_get_string (fixture->settings, "gateway-url"), ==,
                   "https://gw.example.cn");
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (row), "error"));
}

static void
test_preferences_certificate (Fixture *fixture, gconstpointer data)
{
  g_autofree char *pem = g_test_build_filename (G_TEST_DIST, "data", "sim-tls.pem", NULL);
  g_autofree char *not_pem = g_test_build_filename (G_TEST_DIST, "test-preferences.c", NULL);
  g_autoptr(GPtrArray) entry_rows = g_ptr_array_new ();
  AdwEntryRow *pin_row;
  g_autoptr(GError) error = NULL;
  const char *pin = "29:9F:BB:35:EA:7F:81:A4:70:0C:B2:BC:4F:A3:3B:F6:"
                    "F3:EC:84:21:23:F2:26:F6:94:F6:E6:4B:D1:0C:4E:DC";

  /* A CA file is stored only if it holds certificates. */
  g_assert_true (yz_preferences_set_ca_file (fixture->settings, pem, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (g_settings_get_string (fixture->settings, "ca-file"), ==, pem);
  g_assert_false (yz_preferences_set_ca_file (fixture->settings, not_pem, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_assert_cmpstr (g_settings_get_string (fixture->settings, "ca-file"), ==, pem);
  g_clear_error (&error);
  g_assert_true (yz_preferences_set_ca_file (fixture->settings, "", &error));
  g_assert_cmpstr (g_settings_get_string (fixture->settings, "ca-file"), ==, "");

  /* The pin: pasted with colons, stored as plain hex; garbage refused and marked. */
  yz_test_collect (fixture->window, ADW_TYPE_ENTRY_ROW, entry_rows);
  g_assert_cmpuint (entry_rows->len, ==, 4); /* gateway URL, operator, pin, tile URL */
  pin_row = g_ptr_array_index (entry_rows, 2);
  gtk_editable_set_text (GTK_EDITABLE (pin_row), pin);
  g_signal_emit_by_name (pin_row, "apply");
  g_assert_cmpstr (g_settings_get_string (fixture->settings, "pinned-certificate"), ==,
                   "299fbb35ea7f81a4700cb2bc4fa33bf6f3ec842123f226f694f6e64bd10c4edc");
  gtk_editable_set_text (GTK_EDITABLE (pin_row), "29:9F:BB");
  g_signal_emit_by_name (pin_row, "apply");
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (pin_row), "error"));
  g_assert_cmpstr (g_settings_get_string (fixture->settings, "pinned-certificate"), ==,
                   "299fbb35ea7f81a4700cb2bc4fa33bf6f3ec842123f226f694f6e64bd10c4edc");
  gtk_editable_set_text (GTK_EDITABLE (pin_row), "");
  g_signal_emit_by_name (pin_row, "apply");
  g_assert_cmpstr (g_settings_get_string (fixture->settings, "pinned-certificate"), ==, "");
}

static void
test_preferences_map (Fixture *fixture, gconstpointer data)
{
  g_autoptr(GPtrArray) entry_rows = g_ptr_array_new ();
  g_autoptr(GPtrArray) combos = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *not_mbtiles = g_test_build_filename (G_TEST_DIST, "data", "sim-tls.pem", NULL);
  AdwEntryRow *url_row;
  AdwComboRow *source_row;

  yz_test_collect (fixture->window, ADW_TYPE_ENTRY_ROW, entry_rows);
  yz_test_collect (fixture->window, ADW_TYPE_COMBO_ROW, combos);
  url_row = g_ptr_array_index (entry_rows, 3);
  source_row = g_ptr_array_index (combos, 0);

  /* OpenStreetMap by default: no URL to type, no datum to choose. */
  g_assert_cmpint (g_settings_get_enum (fixture->settings, "tile-source"), ==, 0);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (url_row)));

  adw_combo_row_set_selected (source_row, 1);
  g_assert_cmpint (g_settings_get_enum (fixture->settings, "tile-source"), ==, 1);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (url_row)));

  /* A URL without the placeholders is refused; a good one is stored. */
  gtk_editable_set_text (GTK_EDITABLE (url_row), "https://tiles.example.cn/map.png");
  g_signal_emit_by_name (url_row, "apply");
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (url_row), "error"));
  g_assert_cmpstr (g_settings_get_string (fixture->settings, "tile-url"), ==, "");
  gtk_editable_set_text (GTK_EDITABLE (url_row), "https://tiles.example.cn/{z}/{x}/{y}.png");
  g_signal_emit_by_name (url_row, "apply");
  g_assert_cmpstr (g_settings_get_string (fixture->settings, "tile-url"), ==,
                   "https://tiles.example.cn/{z}/{x}/{y}.png");

  /* An offline map must be an MBTiles file. */
  g_assert_false (yz_preferences_set_mbtiles_file (fixture->settings, not_mbtiles, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_assert_cmpstr (g_settings_get_string (fixture->settings, "mbtiles-file"), ==, "");

  /* The alarm's camera on the wall: in the alarm tile by default. */
  g_assert_cmpuint (adw_combo_row_get_selected (g_ptr_array_index (combos, 4)), ==, 1);
  adw_combo_row_set_selected (g_ptr_array_index (combos, 4), 2);
  g_assert_cmpint (g_settings_get_enum (fixture->settings, "alarm-video"), ==, 2);
}

int
main (int argc, char *argv[])
{
  yz_test_gtk_init (&argc, &argv);

  g_test_add_func ("/yizhan/preferences/check-gateway-url", test_check_gateway_url);
  g_test_add_func ("/yizhan/preferences/renderer-decision", test_renderer_decision);
  g_test_add ("/yizhan/preferences/renderer", Fixture, NULL, fixture_set_up,
              test_preferences_renderer, fixture_tear_down);
  g_test_add ("/yizhan/preferences/alarm-sound", Fixture, NULL, fixture_set_up,
              test_preferences_alarm_sound, fixture_tear_down);
  g_test_add ("/yizhan/preferences/style", Fixture, NULL, fixture_set_up, test_preferences_style,
              fixture_tear_down);
  g_test_add ("/yizhan/preferences/gateway-url", Fixture, NULL, fixture_set_up,
              test_preferences_gateway_url, fixture_tear_down);
  g_test_add ("/yizhan/preferences/map", Fixture, NULL, fixture_set_up, test_preferences_map,
              fixture_tear_down);
  g_test_add ("/yizhan/preferences/certificate", Fixture, NULL, fixture_set_up,
              test_preferences_certificate, fixture_tear_down);

  return g_test_run ();
}
