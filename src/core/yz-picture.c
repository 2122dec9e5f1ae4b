/* yz-picture.c
 *
 * The check a picture from outside passes before it is decoded: a snapshot or a camera's
 * picture from the gateway, a map tile from an MBTiles file or a tile server. It is a JPEG
 * or a PNG by its signature (so GTK decodes it with its own JPEG or PNG loader, never with
 * one of gdk-pixbuf's other loaders), within a size in bytes, and the size in pixels its
 * header declares is within a limit (YZ_PICTURE_MAX_PIXELS, less for a map tile): a JPEG of
 * 1 KB can declare 30,000 × 30,000 pixels, which GTK allocates (2.6 GB) and fills (16 s).
 *
 * The header is read as the decoders read it: a PNG's first chunk is its IHDR; a JPEG's
 * size is in its first SOF segment, reached by the segments' lengths before the first scan.
 * A header this check cannot read is refused, not guessed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "yz-picture"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "yz-picture.h"

static const guint8 png_signature[] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };

static guint
be16 (const guint8 *p)
{
  return ((guint)p[0] << 8) | p[1];
}

static guint32
be32 (const guint8 *p)
{
  return ((guint32)p[0] << 24) | ((guint32)p[1] << 16) | ((guint32)p[2] << 8) | p[3];
}

/* The signature, then IHDR: length 13, "IHDR", width, height (big-endian, 31 bits). */
static gboolean
png_size (const guint8 *data, gsize length, guint32 *width, guint32 *height)
{
  if (length < 8 + 8 + 13 || be32 (data + 8) != 13 || memcmp (data + 12, "IHDR", 4) != 0)
    return FALSE;
  *width = be32 (data + 16);
  *height = be32 (data + 20);

  return *width <= G_MAXINT32 && *height <= G_MAXINT32;
}

/* SOI, then segments (0xFF, a marker, a 16-bit length that counts itself) up to the first
 * SOFn, whose body is precision, height, width. Markers without a length (TEM, RSTn) and
 * 0xFF fill bytes are stepped over as libjpeg does; a scan (SOS) or the end (EOI) before any
 * SOF leaves the size unknown. */
static gboolean
jpeg_size (const guint8 *data, gsize length, guint32 *width, guint32 *height)
{
  gsize i = 2;

  while (i < length)
    {
      guint marker, segment;

      if (data[i] != 0xff)
        return FALSE;
      while (i < length && data[i] == 0xff)
        i++;
      if (i >= length)
        return FALSE;
      marker = data[i++];
      if (marker == 0x01 || (marker >= 0xd0 && marker <= 0xd7))
        continue;
      if (marker == 0x00 || marker == 0xd8 || marker == 0xd9 || marker == 0xda || i + 2 > length)
        return FALSE;
      segment = be16 (data + i);
      if (segment < 2 || i + segment > length)
        return FALSE;
      if (marker >= 0xc0 && marker <= 0xcf && marker != 0xc4 && marker != 0xc8 && marker != 0xcc)
        {
          if (segment < 2 + 5)
            return FALSE;
          *height = be16 (data + i + 3);
          *width = be16 (data + i + 5);
          return TRUE;
        }
      i += segment;
    }

  return FALSE;
}

/**
 * yz_picture_check:
 * @max_bytes: the largest picture taken, in bytes
 * @max_pixels: the largest size taken, width × height
 * @width: (out) (optional): @height: (out) (optional): the size the header declares
 *
 * Returns: whether @data is a JPEG or PNG picture that may be decoded; if not, @error says
 *   why (%G_IO_ERROR_INVALID_DATA)
 */
gboolean
yz_picture_check (const guint8 *data, gsize length, gsize max_bytes, guint64 max_pixels,
                  guint *width, guint *height, GError **error)
{
  guint32 w = 0, h = 0;
  gboolean known;

  g_return_val_if_fail (data != NULL || length == 0, FALSE);

  if (length > max_bytes)
    {
      g_autofree char *limit = g_format_size_full (max_bytes, G_FORMAT_SIZE_IEC_UNITS);

      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, _("a picture larger than %s"),
                   limit);
      return FALSE;
    }
  if (length > sizeof png_signature && memcmp (data, png_signature, sizeof png_signature) == 0)
    known = png_size (data, length, &w, &h);
  else if (length > 3 && data[0] == 0xff && data[1] == 0xd8 && data[2] == 0xff)
    known = jpeg_size (data, length, &w, &h);
  else
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, _("not a JPEG or PNG picture"));
      return FALSE;
    }
  if (!known || w == 0 || h == 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("a picture whose size cannot be read"));
      return FALSE;
    }
  if ((guint64)w * h > max_pixels)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("a picture of %u × %u pixels, over the %u pixels it may have"), w, h,
                   (guint)MIN (max_pixels, G_MAXUINT));
      return FALSE;
    }
  if (width != NULL)
    *width = w;
  if (height != NULL)
    *height = h;

  return TRUE;
}
