/* fuzz-picture.c — libFuzzer target for a picture from outside: a snapshot or a camera's
 * picture from the gateway, a map tile from an MBTiles file or a tile server. The input is
 * the picture. It goes through the check the console makes (yz_picture_check() in
 * src/core/yz-picture.c) and, when the check passes it, through the decoder the console uses
 * (gdk_texture_new_from_bytes(), GTK's own JPEG and PNG loaders; no display is opened).
 *
 * GTK's loaders and libjpeg/libpng are not instrumented: libFuzzer is guided by the check
 * alone, and AddressSanitizer sees the decoders' allocations and copies, not their reads.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <gtk/gtk.h>
#include <stdint.h>

#include "yz-picture.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

#define CHECK(condition)                                                                           \
  G_STMT_START                                                                                     \
  {                                                                                                \
    if (!(condition))                                                                              \
      __builtin_trap ();                                                                           \
  }                                                                                                \
  G_STMT_END

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  guint width = 0, height = 0;

  /* Exactly one of a size and a reason, and the reason can be shown. */
  if (!yz_picture_check (data, size, YZ_PICTURE_MAX_BYTES, YZ_PICTURE_MAX_PIXELS, &width, &height,
                         &error))
    {
      CHECK (error != NULL && g_utf8_validate (error->message, -1, NULL));
      return 0;
    }
  CHECK (error == NULL);
  CHECK (width > 0 && height > 0 && (guint64)width * height <= YZ_PICTURE_MAX_PIXELS);

  /* What the check passed, the decoder reads as the same size, or refuses: the check's
   * limit holds for what is really allocated. */
  bytes = g_bytes_new_static (data, size);
  texture = gdk_texture_new_from_bytes (bytes, &error);
  CHECK ((texture == NULL) != (error == NULL));
  if (texture != NULL)
    {
      CHECK (gdk_texture_get_width (texture) == (int)width);
      CHECK (gdk_texture_get_height (texture) == (int)height);
    }

  return 0;
}
