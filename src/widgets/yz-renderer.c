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
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "yz-renderer"

#include "config.h"

#include <epoxy/gl.h>
#include <glib/gi18n.h>

#include "yz-renderer.h"

static char *chosen;        /* the renderer, "" for GTK's choice */
static char *chosen_reason; /* translated */
static char *chosen_gl;     /* GL_RENDERER, or NULL */
static gint64 chosen_us;    /* how long the check took */

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
  gint64 start = g_get_monotonic_time ();

  g_clear_pointer (&chosen_gl, g_free);
  if ((environment == NULL || environment[0] == '\0') &&
      (preference == NULL || g_strcmp0 (preference, "automatic") == 0) && display != NULL)
    chosen_gl = probe_gl (display);
  renderer = yz_renderer_decide (environment, preference, chosen_gl != NULL, chosen_gl, &reason);
  g_free (chosen);
  chosen = g_strdup (renderer);
  g_free (chosen_reason);
  chosen_reason = g_steal_pointer (&reason);
  chosen_us = g_get_monotonic_time () - start;
  if (renderer[0] != '\0' && g_strcmp0 (renderer, environment) != 0)
    g_setenv ("GSK_RENDERER", renderer, TRUE);
  g_debug ("Renderer %s: %s (%.1f ms)", renderer[0] ? renderer : "GTK's choice", chosen_reason,
           chosen_us / 1000.0);
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
