/* main.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "yizhan"

#include "config.h"

#include <locale.h>
#include <glib/gi18n.h>

#include "yz-application.h"
#include "yz-renderer.h"

int
main (int argc, char *argv[])
{
  g_autoptr(YzApplication) app = NULL;
  const char *localedir;

  /* An uninstalled build (meson devenv, the tests) points this at the build's po/. */
  localedir = g_getenv ("YIZHAN_LOCALEDIR");
  if (localedir == NULL || localedir[0] == '\0')
    localedir = LOCALEDIR;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, localedir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  g_set_prgname (PACKAGE_NAME);
  g_set_application_name (_("Yizhan"));

  /* The child a start asks whether OpenGL changed (yz-renderer.c). */
  if (argc == 2 && g_strcmp0 (argv[1], "--probe-renderer") == 0)
    return yz_renderer_probe_main ();

  /* Before GTK opens the display: cairo without a graphics processor, and then no OpenGL. */
  {
    g_autoptr(GSettings) settings = g_settings_new (BASE_ID);
    g_autofree char *renderer = g_settings_get_string (settings, "renderer");

    yz_renderer_choose_early (renderer);
  }

  app = yz_application_new ();

  return g_application_run (G_APPLICATION (app), argc, argv);
}
