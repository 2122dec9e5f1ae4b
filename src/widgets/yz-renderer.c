/* yz-renderer.c
 *
 * Which GSK renderer draws the windows. A workstation without a GPU (a VM, a thin client,
 * Xvfb) is a normal place for this console. There OpenGL is Mesa's llvmpipe, rasterising on
 * the CPU: the GL renderer repaints the whole window for every frame, ~100 ms a paint for a
 * 1280×720 video wall, which caps nine tiles at about 9 paints a second. The cairo renderer
 * paints only what changed and draws the same window in 7–13 ms (docs/architecture.md,
 * "Drawing"). So: cairo when OpenGL is software or missing, GTK's own choice otherwise.
 *
 * The officer's preference (`renderer`: automatic, opengl, cairo) and the GSK_RENDERER
 * variable override the choice; GSK_RENDERER wins. GTK reads the variable once, when the
 * first window is realised, so the choice is made before that (yz_renderer_choose).
 *
 * Asking OpenGL what it is loads Mesa and, for llvmpipe, LLVM: ~50 MB resident and time at
 * every start, even when cairo then draws everything. So the answer is kept in the cache
 * (`$XDG_CACHE_HOME/yizhan/renderer`); a later start decides from it before GTK opens the
 * display (yz_renderer_choose_early) and, choosing cairo, keeps GTK from loading OpenGL at
 * all (GDK_DEBUG=gl-disable). A child process (`yizhan --probe-renderer`) checks the answer
 * again a while after each such start, for the next one (yz_renderer_recheck).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "yz-renderer"

#include "config.h"

#include <epoxy/gl.h>
#include <errno.h>
#include <glib/gstdio.h>
#include <glib/gi18n.h>

#include "yz-renderer.h"

static char *chosen;             /* the renderer, "" for GTK's choice */
static char *chosen_reason;      /* translated */
static char *chosen_gl;          /* GL_RENDERER, or NULL */
static gint64 chosen_us;         /* how long the check took */
static gboolean decided;         /* by yz_renderer_choose_early */
static gboolean from_cache;      /* from an earlier start's probe */
static char *original_gdk_debug; /* GDK_DEBUG before gl-disable was added */

/* llvmpipe, softpipe, swrast, lavapipe, Windows' basic renderer in a VM. */
gboolean
yz_renderer_is_software_gl (const char *gl_renderer)
{
  static const char *const software[] = { "llvmpipe",   "softpipe",
                                          "swrast",     "software rasterizer",
                                          "lavapipe",   "basic render",
                                          "swiftshader" };
  g_autofree char *lower = NULL;

  if (gl_renderer == NULL)
    return FALSE;
  lower = g_ascii_strdown (gl_renderer, -1);
  for (guint i = 0; i < G_N_ELEMENTS (software); i++)
    if (strstr (lower, software[i]) != NULL)
      return TRUE;

  return FALSE;
}

/**
 * yz_renderer_decide:
 * @environment: (nullable): GSK_RENDERER as the officer set it
 * @preference: the `renderer` setting: "automatic", "opengl" or "cairo"
 * @have_gl: whether an OpenGL context could be made (only read for "automatic")
 * @gl_renderer: (nullable): its GL_RENDERER string
 * @reason: (out): why, in words for the About window's troubleshooting text
 *
 * Returns: the value for GSK_RENDERER, or "" to leave the choice to GTK.
 */
const char *
yz_renderer_decide (const char *environment, const char *preference, gboolean have_gl,
                    const char *gl_renderer, char **reason)
{
  if (environment != NULL && environment[0] != '\0')
    {
      *reason = g_strdup_printf (_("set by the GSK_RENDERER variable (%s)"), environment);
      return environment;
    }
  if (g_strcmp0 (preference, "cairo") == 0)
    {
      *reason = g_strdup (_("chosen in Preferences"));
      return "cairo";
    }
  if (g_strcmp0 (preference, "opengl") == 0)
    {
      *reason = g_strdup (_("chosen in Preferences"));
      return "gl";
    }
  if (!have_gl)
    {
      *reason = g_strdup (_("automatic: OpenGL is not available"));
      return "cairo";
    }
  if (yz_renderer_is_software_gl (gl_renderer))
    {
      *reason = g_strdup_printf (_("automatic: OpenGL is drawn in software (%s), and cairo "
                                    "draws video faster there"),
                                 gl_renderer);
      return "cairo";
    }
  *reason = g_strdup_printf (_("automatic: OpenGL has a graphics processor (%s)"),
                             gl_renderer ? gl_renderer : "?");
  return "";
}

/* The GL_RENDERER of a context GDK makes on @display, or %NULL if it cannot make one. */
static char *
probe_gl (GdkDisplay *display)
{
  g_autoptr(GdkGLContext) context = NULL;
  g_autoptr(GError) error = NULL;
  const char *name;
  char *result;

  context = gdk_display_create_gl_context (display, &error);
  if (context == NULL || !gdk_gl_context_realize (context, &error))
    {
      g_debug ("No OpenGL: %s", error ? error->message : "?");
      return NULL;
    }
  gdk_gl_context_make_current (context);
  name = (const char *)glGetString (GL_RENDERER);
  result = g_strdup (name ? name : "");
  gdk_gl_context_clear_current ();

  return result;
}

static char *
cache_path (void)
{
  return g_build_filename (g_get_user_cache_dir (), "yizhan", "renderer", NULL);
}

/* The probe's answer for the next start: GL_RENDERER, or an empty line for no OpenGL. */
static void
write_cache (const char *gl_renderer)
{
  g_autofree char *path = cache_path ();
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *text = g_strdup_printf ("%s\n", gl_renderer ? gl_renderer : "");
  g_autoptr(GError) error = NULL;

  if (g_mkdir_with_parents (dir, 0700) != 0 ||
      !g_file_set_contents_full (path, text, -1, G_FILE_SET_CONTENTS_CONSISTENT, 0600, &error))
    g_debug ("Cannot keep the renderer probe in %s: %s", path,
             error ? error->message : g_strerror (errno));
}

static void
set_renderer (const char *renderer)
{
  const char *environment = g_getenv ("GSK_RENDERER");

  if (renderer[0] != '\0' && g_strcmp0 (renderer, environment) != 0)
    g_setenv ("GSK_RENDERER", renderer, TRUE);
}

/**
 * yz_renderer_choose_early:
 * @preference: the `renderer` setting
 *
 * Before GTK opens the display (before the application runs): decides without asking
 * OpenGL when that can be done — the variable, a forced preference, or an earlier start's
 * probe — and, for cairo, keeps GTK from loading OpenGL. Otherwise yz_renderer_choose()
 * probes once the display is open.
 */
void
yz_renderer_choose_early (const char *preference)
{
  const char *environment = g_getenv ("GSK_RENDERER");
  g_autofree char *path = cache_path ();
  g_autofree char *cached = NULL;
  g_autofree char *reason = NULL;
  const char *renderer;

  g_clear_pointer (&original_gdk_debug, g_free);
  original_gdk_debug = g_strdup (g_getenv ("GDK_DEBUG"));
  if (g_strcmp0 (environment, "cairo") == 0)
    ; /* the officer's cairo: OpenGL is not needed either */
  else if ((environment == NULL || environment[0] == '\0') &&
           (preference == NULL || g_strcmp0 (preference, "automatic") == 0))
    {
      if (!g_file_get_contents (path, &cached, NULL, NULL))
        return; /* never probed here: yz_renderer_choose() will */
      g_strchomp (cached);
      g_clear_pointer (&chosen_gl, g_free);
      chosen_gl = cached[0] != '\0' ? g_strdup (cached) : NULL;
      from_cache = TRUE;
    }
  renderer = yz_renderer_decide (environment, preference, chosen_gl != NULL, chosen_gl, &reason);
  g_free (chosen);
  chosen = g_strdup (renderer);
  g_free (chosen_reason);
  chosen_reason = g_steal_pointer (&reason);
  decided = TRUE;
  set_renderer (renderer);
  if (g_strcmp0 (renderer, "cairo") == 0)
    {
      /* Nothing here needs OpenGL then (video comes through appsink, the map as textures). */
      g_autofree char *flags = original_gdk_debug && original_gdk_debug[0]
                                   ? g_strconcat (original_gdk_debug, ",gl-disable", NULL)
                                   : g_strdup ("gl-disable");

      g_setenv ("GDK_DEBUG", flags, TRUE);
    }
}

/**
 * yz_renderer_choose:
 * @display: the display the windows will open on
 * @preference: the `renderer` setting
 *
 * Before the first window is realised: sets GSK_RENDERER for this process (unless the
 * officer set it) and remembers why, for yz_renderer_describe(). Only "automatic" costs an
 * OpenGL probe (a few tens of milliseconds).
 */
void
yz_renderer_choose (GdkDisplay *display, const char *preference)
{
  const char *environment = g_getenv ("GSK_RENDERER");
  g_autofree char *reason = NULL;
  const char *renderer;
  gboolean probe;
  gint64 start = g_get_monotonic_time ();

  if (decided)
    return;
  g_clear_pointer (&chosen_gl, g_free);
  probe = (environment == NULL || environment[0] == '\0') &&
          (preference == NULL || g_strcmp0 (preference, "automatic") == 0) && display != NULL;
  if (probe)
    chosen_gl = probe_gl (display);
  renderer = yz_renderer_decide (environment, preference, chosen_gl != NULL, chosen_gl, &reason);
  g_free (chosen);
  chosen = g_strdup (renderer);
  g_free (chosen_reason);
  chosen_reason = g_steal_pointer (&reason);
  chosen_us = g_get_monotonic_time () - start;
  set_renderer (renderer);
  if (probe)
    write_cache (chosen_gl);
  g_debug ("Renderer %s: %s (%.1f ms)", renderer[0] ? renderer : "GTK's choice", chosen_reason,
           chosen_us / 1000.0);
}

/**
 * yz_renderer_probe_main:
 *
 * `yizhan --probe-renderer`: opens the display, keeps OpenGL's GL_RENDERER in the cache for
 * the next start and prints it (an empty line if there is no OpenGL); returns the exit
 * status.
 */
int
yz_renderer_probe_main (void)
{
  g_autofree char *gl_renderer = NULL;

  if (!gtk_init_check ())
    return 1;
  gl_renderer = probe_gl (gdk_display_get_default ());
  write_cache (gl_renderer);
  g_print ("%s\n", gl_renderer ? gl_renderer : "");

  return 0;
}

static void
rechecked_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autofree char *out = NULL;
  g_autoptr(GError) error = NULL;

  if (!g_subprocess_communicate_utf8_finish (G_SUBPROCESS (object), result, &out, NULL, &error) ||
      !g_subprocess_get_if_exited (G_SUBPROCESS (object)) ||
      g_subprocess_get_exit_status (G_SUBPROCESS (object)) != 0 || out == NULL)
    {
      g_debug ("The renderer probe did not answer: %s", error ? error->message : "");
      return;
    }
  g_strchomp (out);
  if (g_strcmp0 (out[0] ? out : NULL, chosen_gl) != 0)
    g_message ("OpenGL is now %s (was %s): the next start chooses for it", out[0] ? out : "missing",
               chosen_gl ? chosen_gl : "missing");
}

static gboolean
recheck_cb (gpointer user_data)
{
  yz_renderer_recheck ();
  return G_SOURCE_REMOVE;
}

/* yz_renderer_recheck() in @seconds, once the start is well over. */
void
yz_renderer_recheck_later (guint seconds)
{
  if (from_cache)
    g_timeout_add_seconds_full (G_PRIORITY_LOW, seconds, recheck_cb, NULL, NULL);
}

/**
 * yz_renderer_recheck:
 *
 * After a start that decided from the cache: asks OpenGL again in a child process
 * (`yizhan --probe-renderer`, with the variables as the officer set them), so that the next
 * start follows a graphics processor added or taken away. Does nothing otherwise.
 */
void
yz_renderer_recheck (void)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *self = NULL;

  if (!from_cache || (self = g_file_read_link ("/proc/self/exe", NULL)) == NULL)
    return;
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                        G_SUBPROCESS_FLAGS_STDERR_SILENCE);
  g_subprocess_launcher_unsetenv (launcher, "GSK_RENDERER");
  if (original_gdk_debug != NULL)
    g_subprocess_launcher_setenv (launcher, "GDK_DEBUG", original_gdk_debug, TRUE);
  else
    g_subprocess_launcher_unsetenv (launcher, "GDK_DEBUG");
  process = g_subprocess_launcher_spawn (launcher, &error, self, "--probe-renderer", NULL);
  if (process == NULL)
    {
      g_debug ("Cannot check the renderer again: %s", error->message);
      return;
    }
  g_subprocess_communicate_utf8_async (process, NULL, NULL, rechecked_cb, NULL);
}

/* For the About window's troubleshooting text: the renderer in use and why. */
char *
yz_renderer_describe (void)
{
  const char *renderer = g_getenv ("GSK_RENDERER");

  return g_strdup_printf ("%s: %s\n%s: %s\n%s: %s\n", _("Renderer"),
                          renderer && renderer[0] ? renderer : _("GTK's choice"), _("Why"),
                          chosen_reason ? chosen_reason : _("not chosen by Yizhan"), _("OpenGL"),
                          chosen_gl ? chosen_gl : _("not probed"));
}
