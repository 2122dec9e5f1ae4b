/* main.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "yizhan"

#include "config.h"

#include <locale.h>
#include <glib/gi18n.h>

#include "yz-application.h"

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

  app = yz_application_new ();

  return g_application_run (G_APPLICATION (app), argc, argv);
}
