/* yz-chart-draw.c
 *
 * The chart's drawing: a measured frame (yz-chart-layout.c) into a GtkSnapshot — bars,
 * horizontal bars, lines and a heat map, the value axis, the legend, every label — in the
 * style's colours, or dark on white for print.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "yz-chart"

#include "config.h"

#include <math.h>
#include <string.h>
#include <glib/gi18n.h>

#include "yz-chart-private.h"

static GdkRGBA
with_alpha (const GdkRGBA *color, double alpha)
{
  GdkRGBA result = *color;

  result.alpha *= alpha;
  return result;
}

static GdkRGBA
lighten (const GdkRGBA *color)
{
  return (GdkRGBA){ color->red + (1 - color->red) * 0.35f,
                    color->green + (1 - color->green) * 0.35f,
                    color->blue + (1 - color->blue) * 0.35f, color->alpha };
}

/* Draws @text with its top left corner at (@x, @y); returns its width. */
static int
append_text (GtkSnapshot *snapshot, PangoLayout *layout, const GdkRGBA *color, const char *text,
             double max_width, double x, double y,
             double align) /* 0: @x is the left edge, 0.5: the centre, 1: the right */
{
  int width = 0;

  layout_set (layout, text, max_width);
  pango_layout_get_pixel_size (layout, &width, NULL);

  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (round (x - align * width), round (y)));
  gtk_snapshot_append_layout (snapshot, layout, color);
  gtk_snapshot_restore (snapshot);

  return width;
}

static void
append_rect (GtkSnapshot *snapshot, const GdkRGBA *color, double x, double y, double width,
             double height)
{
  gtk_snapshot_append_color (snapshot, color, &GRAPHENE_RECT_INIT (x, y, width, height));
}

static void
append_rounded (GtkSnapshot *snapshot, const GdkRGBA *color, const graphene_rect_t *rect,
                float top_left, float top_right, float bottom_right, float bottom_left)
{
  GskRoundedRect rounded;

  gsk_rounded_rect_init (&rounded, rect, &GRAPHENE_SIZE_INIT (top_left, top_left),
                         &GRAPHENE_SIZE_INIT (top_right, top_right),
                         &GRAPHENE_SIZE_INIT (bottom_right, bottom_right),
                         &GRAPHENE_SIZE_INIT (bottom_left, bottom_left));
  gtk_snapshot_push_rounded_clip (snapshot, &rounded);
  gtk_snapshot_append_color (snapshot, color, rect);
  gtk_snapshot_pop (snapshot);
}

static void
append_dot (GtkSnapshot *snapshot, const GdkRGBA *color, double cx, double cy, double radius)
{
  graphene_rect_t rect = GRAPHENE_RECT_INIT (cx - radius, cy - radius, 2 * radius, 2 * radius);

  append_rounded (snapshot, color, &rect, radius, radius, radius, radius);
}

/* GTK 4.8 has no paths: a segment is a thin rectangle, turned. Square caps close the joins. */
static void
append_segment (GtkSnapshot *snapshot, const GdkRGBA *color, double from_x, double from_y,
                double to_x, double to_y, double thickness)
{
  double length = hypot (to_x - from_x, to_y - from_y);

  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (from_x, from_y));
  gtk_snapshot_rotate (snapshot, atan2 (to_y - from_y, to_x - from_x) * 180 / G_PI);
  append_rect (snapshot, color, -thickness / 2, -thickness / 2, length + thickness, thickness);
  gtk_snapshot_restore (snapshot);
}

static void
placed_draw (const Placed *p, GtkSnapshot *snapshot, const GdkRGBA *color)
{
  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &p->pivot);
  if (p->angle != 0)
    gtk_snapshot_rotate (snapshot, -p->angle);
  gtk_snapshot_translate (snapshot, &p->origin);
  gtk_snapshot_append_layout (snapshot, p->layout, color);
  gtk_snapshot_restore (snapshot);
}

static void
frame_draw_empty (Frame *f, GtkSnapshot *snapshot)
{
  YzChart *self = f->self;
  GdkRGBA dim = with_alpha (&f->fg, 0.55);
  int height = 0;

  if (f->width < 2 * PAD || f->height < 2 * PAD)
    return;

  layout_set (f->layout, self->empty_text != NULL ? self->empty_text : _("No data"), -1);
  pango_layout_set_width (f->layout, (int)((f->width - 2 * PAD) * PANGO_SCALE));
  pango_layout_set_wrap (f->layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_alignment (f->layout, PANGO_ALIGN_CENTER);
  pango_layout_get_pixel_size (f->layout, NULL, &height);

  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (PAD, round ((f->height - height) / 2)));
  gtk_snapshot_append_layout (snapshot, f->layout, &dim);
  gtk_snapshot_restore (snapshot);
}

static void
frame_draw_legend (Frame *f, GtkSnapshot *snapshot)
{
  YzChart *self = f->self;
  double swatch = round (f->text_height * 0.6);
  double item_extra = swatch + 4 + 2 * GAP;
  double total = 0;
  double max_name = -1;
  double x;

  if (f->legend.size.width <= 0)
    return;

  for (guint s = 0; s < f->n_series; s++)
    {
      Series *series = g_ptr_array_index (self->series, s);

      total += text_width (f->layout, series->name) + item_extra;
    }
  if (total > f->legend.size.width)
    {
      max_name = MAX (f->legend.size.width / f->n_series - item_extra, swatch);
      total = f->legend.size.width;
    }

  /* Right-aligned above the plot. */
  x = f->legend.origin.x + f->legend.size.width - total + 2 * GAP;
  for (guint s = 0; s < f->n_series; s++)
    {
      Series *series = g_ptr_array_index (self->series, s);
      double top = round (f->legend.origin.y + (f->text_height - swatch) / 2);
      graphene_rect_t rect = GRAPHENE_RECT_INIT (x, top, swatch, swatch);

      append_rounded (snapshot, &palette[s % G_N_ELEMENTS (palette)], &rect, 2, 2, 2, 2);
      x += swatch + 4;
      x += append_text (snapshot, f->layout, &f->fg, series->name, max_name, x, f->legend.origin.y,
                        0);
      x += 2 * GAP;
    }
}

/* Grid lines and tick labels along the value axis: up the left side, or along the bottom
 * for horizontal bars. */
static void
frame_draw_value_axis (Frame *f, GtkSnapshot *snapshot)
{
  gboolean across = f->self->kind == YZ_CHART_HBARS;
  GdkRGBA grid = with_alpha (&f->fg, 0.12);
  GdkRGBA axis = with_alpha (&f->fg, 0.45);
  GdkRGBA muted = with_alpha (&f->fg, 0.7);
  guint n = (guint)round ((f->hi - f->lo) / f->step);
  double first = round (f->lo / f->step);

  for (guint k = 0; k <= n; k++)
    {
      double v = (first + k) * f->step;
      g_autofree char *text = format_value (f->self, v);
      const GdkRGBA *line = v == 0 ? &axis : &grid;

      if (across)
        {
          double x = floor (frame_x (f, v));

          append_rect (snapshot, line, x, f->plot.origin.y, 1, f->plot.size.height);
          append_text (snapshot, f->small, &muted, text, -1, x,
                       f->plot.origin.y + f->plot.size.height + 4, 0.5);
        }
      else
        {
          double y = floor (frame_y (f, v));

          append_rect (snapshot, line, f->plot.origin.x, y, f->plot.size.width, 1);
          append_text (snapshot, f->small, &muted, text, -1, f->plot.origin.x - GAP,
                       y - f->small_height / 2.0, 1);
        }
    }
}

/* Every label: category names under the plot (or on the left for HBARS), a heat map's
 * row names on the left. */
static void
frame_draw_labels (Frame *f, GtkSnapshot *snapshot)
{
  guint n = frame_n_labels (f);

  for (guint k = 0; k < n; k++)
    {
      Placed p;

      frame_place_label (f, k, &p);
      placed_draw (&p, snapshot, &f->fg);
    }
  layout_reset (f->layout);
  layout_reset (f->small);
}

static void
frame_draw_bars (Frame *f, GtkSnapshot *snapshot)
{
  YzChart *self = f->self;
  gboolean across = self->kind == YZ_CHART_HBARS;
  GdkRGBA muted = with_alpha (&f->fg, 0.8);

  if (f->hover_item >= 0 && (guint)f->hover_item < f->n_items)
    {
      GdkRGBA band = with_alpha (&f->fg, 0.06);

      if (across)
        append_rect (snapshot, &band, f->plot.origin.x, f->plot.origin.y + f->hover_item * f->slot,
                     f->plot.size.width, f->slot);
      else
        append_rect (snapshot, &band, f->plot.origin.x + f->hover_item * f->slot, f->plot.origin.y,
                     f->slot, f->plot.size.height);
    }

  frame_draw_value_axis (f, snapshot);

  for (guint s = 0; s < f->n_series; s++)
    for (guint i = 0; i < f->n_items; i++)
      {
        GdkRGBA color = palette[s % G_N_ELEMENTS (palette)];
        graphene_rect_t rect;
        double v = value_at (self, s, i);
        float radius;
        float far_end;
        float near_end;
        g_autofree char *text = NULL;

        if (!frame_bar_rect (f, s, i, &rect))
          continue;

        if ((int)s == f->hover_series && (int)i == f->hover_item)
          color = lighten (&color);

        /* Round the far end only: the bar stands on its axis. */
        radius = MIN (3.f, MIN (rect.size.width, rect.size.height) / 2);
        far_end = v < 0 ? 0 : radius;
        near_end = v < 0 ? radius : 0;
        if (across)
          append_rounded (snapshot, &color, &rect, near_end, far_end, far_end, near_end);
        else
          append_rounded (snapshot, &color, &rect, far_end, far_end, near_end, near_end);

        /* The value at the end of the bar, where there is room for it. */
        if (!f->values_fit)
          continue;
        text = format_value (self, v);
        if (across)
          {
            append_text (snapshot, f->small, &muted, text, -1,
                         v < 0 ? rect.origin.x - 4 : rect.origin.x + rect.size.width + 4,
                         rect.origin.y + (rect.size.height - f->small_height) / 2, v < 0 ? 1 : 0);
          }
        else
          {
            append_text (snapshot, f->small, &muted, text, -1, rect.origin.x + rect.size.width / 2,
                         v < 0 ? rect.origin.y + rect.size.height + 2
                               : rect.origin.y - 2 - f->small_height,
                         0.5);
          }
      }

  frame_draw_labels (f, snapshot);
  frame_draw_legend (f, snapshot);
}

static void
frame_draw_line (Frame *f, GtkSnapshot *snapshot)
{
  YzChart *self = f->self;
  GdkRGBA muted = with_alpha (&f->fg, 0.8);
  double radius = CLAMP (f->slot / 5, 1.5, 3.5);

  frame_draw_value_axis (f, snapshot);

  if (f->hover_item >= 0 && (guint)f->hover_item < f->n_items)
    {
      GdkRGBA guide = with_alpha (&f->fg, 0.3);

      append_rect (snapshot, &guide, floor (f->plot.origin.x + (f->hover_item + 0.5) * f->slot),
                   f->plot.origin.y, 1, f->plot.size.height);
    }

  for (guint s = 0; s < f->n_series; s++)
    {
      const GdkRGBA *color = &palette[s % G_N_ELEMENTS (palette)];
      gboolean have_previous = FALSE;
      double px = 0;
      double py = 0;

      /* Lines first, then the points over their joins; a missing value breaks the line. */
      for (guint i = 0; i < f->n_items; i++)
        {
          double v = value_at (self, s, i);
          double x = f->plot.origin.x + (i + 0.5) * f->slot;
          double y = frame_y (f, v);

          if (!isfinite (v))
            {
              have_previous = FALSE;
              continue;
            }
          if (have_previous)
            append_segment (snapshot, color, px, py, x, y, 2);
          have_previous = TRUE;
          px = x;
          py = y;
        }

      for (guint i = 0; i < f->n_items; i++)
        {
          double v = value_at (self, s, i);
          double x = f->plot.origin.x + (i + 0.5) * f->slot;
          gboolean hovered = (int)i == f->hover_item;

          if (!isfinite (v))
            continue;
          append_dot (snapshot, color, x, frame_y (f, v), hovered ? radius + 2 : radius);

          if (f->n_series == 1)
            {
              g_autofree char *text = format_value (self, v);

              if (text_width (f->small, text) + 4 <= f->slot)
                append_text (snapshot, f->small, &muted, text, -1, x,
                             frame_y (f, v) - radius - 2 - f->small_height, 0.5);
            }
        }
    }

  frame_draw_labels (f, snapshot);
  frame_draw_legend (f, snapshot);
}

static void
frame_draw_heatmap (Frame *f, GtkSnapshot *snapshot)
{
  YzChart *self = f->self;
  GdkRGBA zero = with_alpha (&f->fg, 0.06);
  GdkRGBA muted = with_alpha (&f->fg, 0.7);
  double gap = f->slot >= 8 && f->cell_height >= 8 ? 2 : 1;
  graphene_rect_t hovered = GRAPHENE_RECT_INIT (0, 0, 0, 0);
  GskColorStop stops[2];
  graphene_rect_t scale;
  double legend_y;
  double scale_width;
  double x;
  g_autofree char *max_text = NULL;

  for (guint r = 0; r < f->n_rows; r++)
    for (guint c = 0; c < f->n_items; c++)
      {
        guint i = r * f->n_items + c;
        double v = value_at (self, 0, i);
        double left = round (f->plot.origin.x + c * f->slot + gap / 2);
        double top = round (f->plot.origin.y + r * f->cell_height + gap / 2);
        double right = round (f->plot.origin.x + (c + 1) * f->slot - gap / 2);
        double bottom = round (f->plot.origin.y + (r + 1) * f->cell_height - gap / 2);
        graphene_rect_t rect = GRAPHENE_RECT_INIT (left, top, right - left, bottom - top);
        float radius = MIN (3.f, MIN (rect.size.width, rect.size.height) / 4);
        GdkRGBA color;

        if (!isfinite (v))
          continue;
        color = v > 0 ? with_alpha (&accent, 0.15 + 0.85 * MIN (v / f->hi, 1)) : zero;
        append_rounded (snapshot, &color, &rect, radius, radius, radius, radius);
        if ((int)i == f->hover_item)
          hovered = rect;
      }

  if (hovered.size.width > 0)
    {
      GskRoundedRect outline;
      const float widths[4] = { 2, 2, 2, 2 };
      const GdkRGBA colors[4] = { f->fg, f->fg, f->fg, f->fg };

      gsk_rounded_rect_init_from_rect (&outline, &hovered, MIN (3.f, hovered.size.width / 4));
      gtk_snapshot_append_border (snapshot, &outline, widths, colors);
    }

  frame_draw_labels (f, snapshot);

  /* The scale, under the grid on the right: 0 ▭▭▭ the largest value. */
  legend_y = f->plot.origin.y + f->plot.size.height + 4 + f->band + GAP;
  max_text = format_value (self, f->hi);
  scale_width = MIN (96, f->plot.size.width / 3);
  x = f->plot.origin.x + f->plot.size.width;
  x -= append_text (snapshot, f->small, &muted, max_text, -1, x, legend_y, 1) + 4 + scale_width;
  stops[0] = (GskColorStop){ 0, with_alpha (&accent, 0.15) };
  stops[1] = (GskColorStop){ 1, accent };
  scale = GRAPHENE_RECT_INIT (x, round (legend_y + f->small_height * 0.2), scale_width,
                              round (f->small_height * 0.6));
  gtk_snapshot_append_linear_gradient (snapshot, &scale, &GRAPHENE_POINT_INIT (x, 0),
                                       &GRAPHENE_POINT_INIT (x + scale_width, 0), stops,
                                       G_N_ELEMENTS (stops));
  append_text (snapshot, f->small, &muted, "0", -1, x - 4, legend_y, 1);
}

void
frame_draw (Frame *f, GtkSnapshot *snapshot)
{
  if (f->print)
    append_rect (snapshot, &print_bg, 0, 0, f->width, f->height);

  if (f->empty)
    {
      frame_draw_empty (f, snapshot);
      return;
    }

  switch (f->self->kind)
    {
    case YZ_CHART_BARS:
    case YZ_CHART_HBARS:
      frame_draw_bars (f, snapshot);
      break;

    case YZ_CHART_LINE:
      frame_draw_line (f, snapshot);
      break;

    case YZ_CHART_HEATMAP:
      frame_draw_heatmap (f, snapshot);
      break;

    default:
      g_assert_not_reached ();
    }
}
