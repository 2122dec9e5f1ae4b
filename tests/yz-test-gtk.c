/* yz-test-gtk.c
 *
 * Helpers for widget tests under a headless display: translations from the build tree,
 * waiting for a widget to be drawn, and screenshots into the build dir so that anyone can
 * look at what the tests saw.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "yz-test-gtk"

#include "config.h"

#include <locale.h>
#include <math.h>
#include <string.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <adwaita.h>

#include "yz-renderer.h"
#include "yz-test-gtk.h"
#include "yz-test-sim.h"
#include "yz-widgets.h"

/* GStreamer 1.22's rtspsrc now and then builds an event with no seqnum while a pipeline is
 * torn down during set-up (the video tests switch streams quickly): a CRITICAL inside
 * GStreamer, harmless to the console, that would abort a test at random. That one message,
 * and only it, is let through (still printed); every other critical stays fatal. */
static gboolean
fatal_log_cb (const char *log_domain, GLogLevelFlags log_level, const char *message,
              gpointer user_data)
{
  if (g_strcmp0 (log_domain, "GStreamer") == 0 && message != NULL &&
      strstr (message, "gst_event_set_seqnum: assertion 'seqnum != GST_SEQNUM_INVALID' failed") !=
          NULL)
    {
      g_printerr ("# tolerated: a known GStreamer rtspsrc critical on teardown\n");
      return FALSE;
    }
  return TRUE;
}

/**
 * yz_test_renderer_as_console:
 *
 * For benchmarks, first thing in main(): the renderer as `yizhan` chooses it at its usual
 * (second) start, from the probe an earlier start kept (yz-renderer.c), unless GSK_RENDERER
 * names one. The probe is this program run again with `--probe-renderer`, which main()
 * hands to yz_renderer_probe_main(); its cache is a directory of its own.
 */
void
yz_test_renderer_as_console (int argc, char **argv)
{
  const char *environment = g_getenv ("GSK_RENDERER");
  g_autofree char *cache = NULL;
  g_autofree char *self = g_file_read_link ("/proc/self/exe", NULL);
  const char *probe_argv[] = { self, "--probe-renderer", NULL };
  int status = 0;

  if (environment != NULL && environment[0] != '\0')
    return;
  cache = g_dir_make_tmp ("yizhan-renderer-XXXXXX", NULL);
  g_assert_nonnull (cache);
  g_setenv ("XDG_CACHE_HOME", cache, TRUE);
  g_assert_true (g_spawn_sync (NULL, (char **)probe_argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL, NULL,
                               NULL, NULL, NULL, &status, NULL));
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  yz_renderer_choose_early ("automatic");
}

void
yz_test_gtk_init (int *argc, char ***argv)
{
  const char *localedir = g_getenv ("YIZHAN_LOCALEDIR");
  g_autofree char *data_dirs = g_strdup (g_getenv ("XDG_DATA_DIRS"));

  if (setlocale (LC_ALL, "") == NULL)
    g_printerr ("# the locale %s is not installed: strings stay in English\n",
                g_getenv ("LANG") ? g_getenv ("LANG") : "(unset)");
  bindtextdomain (GETTEXT_PACKAGE, localedir ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  g_test_init (argc, argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  /* Isolation also hides the system's data dirs, and with them the icon theme and fonts'
   * configuration: give those back; the user's own dirs stay isolated. */
  g_setenv ("XDG_DATA_DIRS", data_dirs ? data_dirs : "/usr/local/share:/usr/share", TRUE);

  gtk_init ();
  adw_init ();
  yz_widgets_init ();

  /* The application's style sheet (AdwApplication loads it in the app), so that widgets
   * under test look as they do for the duty officer. */
  {
    g_autoptr(GtkCssProvider) css = gtk_css_provider_new ();

    gtk_css_provider_load_from_resource (css, RESOURCE_PATH "/style.css");
    gtk_style_context_add_provider_for_display (gdk_display_get_default (),
                                                GTK_STYLE_PROVIDER (css),
                                                GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  }
}

/**
 * yz_test_tolerate_known_criticals:
 *
 * For a test case that plays RTSP: GLib resets the fatal-log handler before each test case,
 * so a fixture calls this in its set-up.
 */
void
yz_test_tolerate_known_criticals (void)
{
  g_test_log_set_fatal_handler (fatal_log_cb, NULL);
}

const char *
yz_test_language (void)
{
  const char *language = g_getenv ("LANGUAGE");

  if (language == NULL || language[0] == '\0')
    language = g_getenv ("LANG");
  if (language != NULL && g_str_has_prefix (language, "zh"))
    return "zh_CN";

  return "en";
}

gboolean
yz_test_is_chinese (void)
{
  return g_str_equal (yz_test_language (), "zh_CN");
}

typedef struct
{
  guint frames;
} DrawWait;

static gboolean
count_frames_cb (GtkWidget *widget, GdkFrameClock *frame_clock, gpointer user_data)
{
  DrawWait *wait = user_data;

  wait->frames++;

  return G_SOURCE_CONTINUE;
}

static gboolean
frames_drawn (gpointer user_data)
{
  DrawWait *wait = user_data;

  /* Two frames: the first lays out, the second paints what the first settled. */
  return wait->frames >= 2;
}

/**
 * yz_test_wait_for_draw:
 * @widget: a widget in a presented window
 * @timeout_ms: how long to wait at most
 *
 * Returns: %TRUE once @widget is mapped and its frame clock has ticked twice
 */
gboolean
yz_test_wait_for_draw (GtkWidget *widget, guint timeout_ms)
{
  DrawWait wait = { 0 };
  guint tick_id;
  gboolean ok;

  tick_id = gtk_widget_add_tick_callback (widget, count_frames_cb, &wait, NULL);
  ok = yz_test_wait (frames_drawn, &wait, timeout_ms);
  gtk_widget_remove_tick_callback (widget, tick_id);

  return ok && gtk_widget_get_mapped (widget);
}

/**
 * yz_test_render:
 * @widget: a mapped widget
 *
 * Renders @widget with its window's renderer, as the screen would show it.
 *
 * Returns: (transfer full) (nullable): the pixels, or %NULL if nothing could be drawn
 */
GdkTexture *
yz_test_render (GtkWidget *widget)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  GskRenderer *renderer;
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);

  if (width <= 0 || height <= 0)
    return NULL;

  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  if (node == NULL)
    return NULL;

  renderer = gtk_native_get_renderer (gtk_widget_get_native (widget));

  return gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, width, height));
}

/**
 * yz_test_screenshot:
 * @widget: a mapped widget, usually a window
 * @name: what the picture shows, e.g. "window-empty"
 *
 * Writes `$G_TEST_BUILDDIR/screenshots/NAME-LANGUAGE.png`.
 *
 * Returns: (transfer full): the file's path
 */
char *
yz_test_screenshot (GtkWidget *widget, const char *name)
{
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *file = NULL;
  char *path;
  const char *builddir = g_getenv ("G_TEST_BUILDDIR");

  texture = yz_test_render (widget);
  g_assert_nonnull (texture);

  dir = g_build_filename (builddir ? builddir : ".", "screenshots", NULL);
  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  file = g_strdup_printf ("%s-%s.png", name, yz_test_language ());
  path = g_build_filename (dir, file, NULL);
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("screenshot: %s", path);

  return path;
}

/**
 * yz_test_window_new:
 * @content: what the window shows, usually the page under test
 * @width: the window's default width, -1 for the content's own
 * @height: its default height, -1 likewise
 *
 * Returns: (transfer none): a new AdwWindow holding @content, not yet shown (the test gives
 *   the page its session first, then calls yz_test_window_show()); gtk_window_destroy() it
 */
GtkWindow *
yz_test_window_new (GtkWidget *content, int width, int height)
{
  GtkWindow *window = GTK_WINDOW (adw_window_new ());

  gtk_window_set_default_size (window, width, height);
  adw_window_set_content (ADW_WINDOW (window), content);

  return window;
}

/* Presents @window and asserts it is drawn within five seconds. */
void
yz_test_window_show (GtkWindow *window)
{
  gtk_window_present (window);
  g_assert_true (yz_test_wait_for_draw (GTK_WIDGET (window), 5000));
}

/**
 * yz_test_find_widget:
 * @root: where to look
 * @match: whether a widget is the one
 * @data: for @match
 *
 * Depth first below @root, children in order; @root itself is not a candidate.
 *
 * Returns: (transfer none) (nullable): the first widget that matches
 */
GtkWidget *
yz_test_find_widget (GtkWidget *root, YzTestWidgetMatch match, gconstpointer data)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (match (child, data))
        return child;
      if ((found = yz_test_find_widget (child, match, data)) != NULL)
        return found;
    }
  return NULL;
}

/**
 * yz_test_collect:
 * @root: where to look
 * @type: what kind of widget
 * @found: (element-type GtkWidget): where to add them
 *
 * Adds every widget of @type below @root (not @root itself) to @found, depth first.
 */
void
yz_test_collect (GtkWidget *root, GType type, GPtrArray *found)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (G_TYPE_CHECK_INSTANCE_TYPE (child, type))
        g_ptr_array_add (found, child);
      yz_test_collect (child, type, found);
    }
}

static gboolean
is_of_type (GtkWidget *widget, gconstpointer data)
{
  return G_TYPE_CHECK_INSTANCE_TYPE (widget, GPOINTER_TO_SIZE (data));
}

GtkWidget *
yz_test_find_by_type (GtkWidget *root, GType type)
{
  return yz_test_find_widget (root, is_of_type, GSIZE_TO_POINTER (type));
}

static gboolean
has_css_class (GtkWidget *widget, gconstpointer data)
{
  return gtk_widget_has_css_class (widget, data);
}

GtkWidget *
yz_test_find_by_css_class (GtkWidget *root, const char *css_class)
{
  return yz_test_find_widget (root, has_css_class, css_class);
}

static gboolean
is_named (GtkWidget *widget, gconstpointer data)
{
  return g_strcmp0 (gtk_widget_get_name (widget), data) == 0;
}

/* The widget whose name (the `name` property a template gives it) is @name. */
GtkWidget *
yz_test_find_by_name (GtkWidget *root, const char *name)
{
  return yz_test_find_widget (root, is_named, name);
}

static gboolean
is_button_labelled (GtkWidget *widget, gconstpointer data)
{
  return GTK_IS_BUTTON (widget) &&
         g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), data) == 0;
}

GtkWidget *
yz_test_find_button (GtkWidget *root, const char *label)
{
  return yz_test_find_widget (root, is_button_labelled, label);
}

static gboolean
is_button_for_action (GtkWidget *widget, gconstpointer data)
{
  return GTK_IS_BUTTON (widget) &&
         g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (widget)), data) == 0;
}

GtkWidget *
yz_test_find_action_button (GtkWidget *root, const char *action_name)
{
  return yz_test_find_widget (root, is_button_for_action, action_name);
}

static gboolean
is_label_saying (GtkWidget *widget, gconstpointer data)
{
  return GTK_IS_LABEL (widget) && g_strcmp0 (gtk_label_get_text (GTK_LABEL (widget)), data) == 0;
}

/* The label whose text is exactly @text, shown or not. */
GtkWidget *
yz_test_find_label (GtkWidget *root, const char *text)
{
  return yz_test_find_widget (root, is_label_saying, text);
}

/**
 * yz_test_find_toplevel:
 * @type: what kind of window
 * @visible_only: whether to pass over hidden windows
 *
 * Returns: (transfer none) (nullable): the first of GTK's toplevels of @type
 */
GtkWindow *
yz_test_find_toplevel (GType type, gboolean visible_only)
{
  GListModel *toplevels = gtk_window_get_toplevels (); /* (transfer none) */

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (window, type) &&
          (!visible_only || gtk_widget_get_visible (GTK_WIDGET (window))))
        return window;
    }
  return NULL;
}

/* Whether the colour (@r, @g, @b), 0 to 255 each, is within @tolerance of @hex in each
 * channel. */
gboolean
yz_test_color_close_to (int r, int g, int b, const char *hex, int tolerance)
{
  GdkRGBA want;

  g_assert_true (gdk_rgba_parse (&want, hex));
  return ABS (r - (int)round (want.red * 255)) <= tolerance &&
         ABS (g - (int)round (want.green * 255)) <= tolerance &&
         ABS (b - (int)round (want.blue * 255)) <= tolerance;
}

/* Whether two convex quadrilaterals overlap by more than a hair (separating axes). */
gboolean
yz_test_quads_overlap (const graphene_quad_t *a, const graphene_quad_t *b)
{
  const graphene_quad_t *quads[2] = { a, b };

  for (guint q = 0; q < 2; q++)
    for (guint e = 0; e < 4; e++)
      {
        const graphene_point_t *p0 = graphene_quad_get_point (quads[q], e);
        const graphene_point_t *p1 = graphene_quad_get_point (quads[q], (e + 1) % 4);
        double nx = -(p1->y - p0->y);
        double ny = p1->x - p0->x;
        double length = hypot (nx, ny);
        double lo[2] = { INFINITY, INFINITY };
        double hi[2] = { -INFINITY, -INFINITY };

        if (length < 1e-6)
          continue;
        for (guint k = 0; k < 2; k++)
          for (guint c = 0; c < 4; c++)
            {
              const graphene_point_t *p = graphene_quad_get_point (quads[k], c);
              double d = (p->x * nx + p->y * ny) / length;

              lo[k] = MIN (lo[k], d);
              hi[k] = MAX (hi[k], d);
            }
        /* Touching is not overlapping: half a pixel of slack. */
        if (hi[0] <= lo[1] + 0.5 || hi[1] <= lo[0] + 0.5)
          return FALSE;
      }

  return TRUE;
}
