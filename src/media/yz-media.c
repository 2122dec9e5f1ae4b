/* yz-media.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "yz-media"

#include "config.h"

#include <gst/gst.h>

#include "yz-media.h"

/**
 * yz_media_init:
 * @error: return location for a #GError
 *
 * Initialises GStreamer once for the process. The console still starts when this fails:
 * the video sections then say why they cannot play instead of the whole window refusing.
 *
 * Returns: %TRUE if GStreamer is usable
 */
gboolean
yz_media_init (GError **error)
{
  static gsize initialized = 0;
  static gboolean ok = FALSE;
  static GError *init_error = NULL;

  if (g_once_init_enter (&initialized))
    {
      ok = gst_init_check (NULL, NULL, &init_error);
      g_once_init_leave (&initialized, 1);
    }

  if (!ok && error != NULL)
    *error = g_error_copy (init_error);

  return ok;
}
