/* yz-picture.h — a picture from outside (a snapshot, a camera's picture, a map tile) is
 * checked before anything decodes it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* The largest snapshot or camera picture taken from a gateway. */
#define YZ_PICTURE_MAX_BYTES (8 * 1024 * 1024)
/* 16 Mpx: a 12 MP camera's picture fits, and decoded (at most 8 bytes a pixel, 16-bit
 * PNG) it stays within 128 MB. */
#define YZ_PICTURE_MAX_PIXELS (4096 * 4096)

gboolean yz_picture_check (const guint8 *data, gsize length, gsize max_bytes, guint64 max_pixels,
                           guint *width, guint *height, GError **error);

G_END_DECLS
