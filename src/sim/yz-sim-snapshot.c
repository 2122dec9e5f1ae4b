/* yz-sim-snapshot.c
 *
 * The picture a face terminal takes at the door: 768×432 JPEG of about 30 KB, here a
 * synthetic one that carries the person's name, the station and the time, so that a test or
 * a reviewer can tell which entry it belongs to.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "yz-sim-snapshot"

#include "config.h"

#include <math.h>
#include <gdk-pixbuf/gdk-pixbuf.h>
#include <pango/pangocairo.h>

#include "yz-sim-snapshot.h"

#define WIDTH 768
#define HEIGHT 432

static void
draw_text (cairo_t *cr, const char *text, const char *font, double x, double y)
{
  PangoLayout *layout = pango_cairo_create_layout (cr);
  PangoFontDescription *desc = pango_font_description_from_string (font);

  pango_layout_set_font_description (layout, desc);
  pango_layout_set_text (layout, text, -1);
  cairo_move_to (cr, x + 2, y + 2);
  cairo_set_source_rgba (cr, 0, 0, 0, 0.7);
  pango_cairo_show_layout (cr, layout);
  cairo_move_to (cr, x, y);
  cairo_set_source_rgb (cr, 1, 1, 1);
  pango_cairo_show_layout (cr, layout);

  pango_font_description_free (desc);
  g_object_unref (layout);
}

GBytes *
yz_sim_snapshot_render (const char *station_name, const char *person_name, GDateTime *time,
                        guint32 seed, GError **error)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  g_autoptr(GDateTime) local = NULL;
  g_autoptr(GTimeZone) shanghai = g_time_zone_new_offset (8 * 3600);
  g_autoptr(GdkPixbuf) pixbuf = NULL;
  g_autofree char *stamp = NULL;
  g_autofree char *label = NULL;
  cairo_surface_t *surface;
  cairo_t *cr;
  cairo_pattern_t *gradient;
  const guint8 *src;
  guint8 *dst;
  int src_stride;
  int dst_stride;
  gchar *buffer = NULL;
  gsize size = 0;
  double hue = g_rand_double (rand);

  g_return_val_if_fail (station_name != NULL, NULL);
  g_return_val_if_fail (time != NULL, NULL);

  surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, WIDTH, HEIGHT);
  cr = cairo_create (surface);

  /* A lobby: a wall gradient, a floor, and some texture so the JPEG is realistic in size. */
  gradient = cairo_pattern_create_linear (0, 0, 0, HEIGHT);
  cairo_pattern_add_color_stop_rgb (gradient, 0, 0.35 + 0.2 * hue, 0.38, 0.42 + 0.2 * (1 - hue));
  cairo_pattern_add_color_stop_rgb (gradient, 0.7, 0.22, 0.24, 0.28);
  cairo_pattern_add_color_stop_rgb (gradient, 1, 0.15, 0.15, 0.17);
  cairo_set_source (cr, gradient);
  cairo_paint (cr);
  cairo_pattern_destroy (gradient);

  for (int i = 0; i < 700; i++)
    {
      double g = g_rand_double (rand);

      cairo_set_source_rgba (cr, g, g, g, 0.10);
      cairo_rectangle (cr, g_rand_double_range (rand, 0, WIDTH),
                       g_rand_double_range (rand, 0, HEIGHT), g_rand_double_range (rand, 2, 14),
                       g_rand_double_range (rand, 2, 14));
      cairo_fill (cr);
    }

  /* The person: head and shoulders, in a work vest for the known, grey for a stranger. */
  if (person_name != NULL)
    cairo_set_source_rgb (cr, 0.95, 0.45 + 0.2 * hue, 0.1);
  else
    cairo_set_source_rgb (cr, 0.45, 0.45, 0.48);
  cairo_arc (cr, WIDTH / 2.0, HEIGHT + 40, 170, M_PI, 2 * M_PI);
  cairo_fill (cr);
  cairo_set_source_rgb (cr, 0.85, 0.72, 0.6);
  cairo_arc (cr, WIDTH / 2.0, 190, 70, 0, 2 * M_PI);
  cairo_fill (cr);
  cairo_set_source_rgb (cr, 0.12, 0.1, 0.1);
  cairo_arc (cr, WIDTH / 2.0, 170, 72, M_PI, 2 * M_PI);
  cairo_fill (cr);

  /* The face box the terminal draws. */
  cairo_set_source_rgb (cr, person_name ? 0.2 : 0.95, person_name ? 0.9 : 0.25, 0.3);
  cairo_set_line_width (cr, 3);
  cairo_rectangle (cr, WIDTH / 2.0 - 95, 100, 190, 190);
  cairo_stroke (cr);

  local = g_date_time_to_timezone (time, shanghai);
  stamp = g_date_time_format (local, "%Y-%m-%d %H:%M:%S");
  label = g_strdup (person_name ? person_name : "陌生人 Stranger");
  draw_text (cr, station_name, "Noto Sans CJK SC Bold 22", 20, 14);
  draw_text (cr, stamp, "Noto Sans Mono CJK SC 18", 20, 52);
  draw_text (cr, label, "Noto Sans CJK SC Bold 26", 20, HEIGHT - 60);

  cairo_destroy (cr);
  cairo_surface_flush (surface);

  if (cairo_surface_status (surface) != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "Cannot draw the snapshot: %s",
                   cairo_status_to_string (cairo_surface_status (surface)));
      cairo_surface_destroy (surface);
      return NULL;
    }

  /* RGB24 is xRGB in native-endian words; gdk-pixbuf wants packed RGB. */
  pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, WIDTH, HEIGHT);
  src = cairo_image_surface_get_data (surface);
  src_stride = cairo_image_surface_get_stride (surface);
  dst = gdk_pixbuf_get_pixels (pixbuf);
  dst_stride = gdk_pixbuf_get_rowstride (pixbuf);
  for (int y = 0; y < HEIGHT; y++)
    {
      const guint32 *row = (const guint32 *)(gconstpointer)(src + y * src_stride);
      guint8 *out = dst + y * dst_stride;

      for (int x = 0; x < WIDTH; x++)
        {
          out[3 * x] = (row[x] >> 16) & 0xff;
          out[3 * x + 1] = (row[x] >> 8) & 0xff;
          out[3 * x + 2] = row[x] & 0xff;
        }
    }
  cairo_surface_destroy (surface);

  if (!gdk_pixbuf_save_to_buffer (pixbuf, &buffer, &size, "jpeg", error, "quality", "85", NULL))
    return NULL;

  return g_bytes_new_take (buffer, size);
}
