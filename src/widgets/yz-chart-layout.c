/* yz-chart-layout.c
 *
 * The chart's measured frame: which values the axis spans, where the plot, the legend and
 * every label go at one size (labels level, wrapped, turned or shortened, none skipped), and
 * what is under a point. Drawing (yz-chart-draw.c), hit testing and the tests' label quads
 * all read the same frame.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "yz-chart"

#include "config.h"

#include <math.h>
#include <string.h>
#include <glib/gi18n.h>

#include "yz-chart-private.h"

const char *
label_at (GStrv labels, guint n_labels, guint i)
{
  return i < n_labels ? labels[i] : "";
}

double
value_at (YzChart *self, guint s, guint i)
{
  Series *series = g_ptr_array_index (self->series, s);

  return i < series->n_values ? series->values[i] : NAN;
}

/* Accepts text with exactly one conversion of a double (%f, %.1f, %g…) and %% escapes: the
 * format comes from code, but a wrong one must not read a missing argument. */
gboolean
parse_value_format (const char *format, double *min_step)
{
  guint conversions = 0;
  int precision = -1;
  char conversion = 0;

  for (const char *p = format; *p != '\0'; p++)
    {
      if (*p != '%')
        continue;
      p++;
      if (*p == '%')
        continue;
      while (*p != '\0' && strchr ("-+ #0'", *p) != NULL)
        p++;
      while (g_ascii_isdigit (*p))
        p++;
      if (*p == '.')
        {
          precision = 0;
          for (p++; g_ascii_isdigit (*p); p++)
            precision = MIN (precision * 10 + (*p - '0'), 99);
        }
      if (*p == '\0' || strchr ("eEfFgG", *p) == NULL)
        return FALSE;
      conversion = *p;
      conversions++;
    }

  if (conversions != 1)
    return FALSE;

  /* %f prints a fixed number of decimals: ticks finer than that would print alike. */
  if (min_step != NULL)
    *min_step = (conversion == 'f' || conversion == 'F')
                    ? pow (10, -MIN (precision < 0 ? 6 : precision, 15))
                    : 0;

  return TRUE;
}

char *
format_value (YzChart *self, double value)
{
  char *text;

  if (value == 0)
    value = 0; /* never "-0" */

    /* The format was checked by parse_value_format(): one conversion, of a double. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
  text = g_strdup_printf (self->value_format, value);
#pragma GCC diagnostic pop

  return text;
}

/* Steps of 1, 2 or 5 × 10ⁿ giving at most @max_intervals intervals over [lo, hi]. */
static void
nice_axis (double lo, double hi, double min_step, guint max_intervals, double *out_lo,
           double *out_hi, double *out_step)
{
  static const double multiples[] = { 1, 2, 5, 10, 20, 50, 100, 200, 500 };
  double base = pow (10, floor (log10 ((hi - lo) / MAX_INTERVALS)));
  double step = MAX (min_step, base * 500);

  max_intervals = MAX (max_intervals, 1);

  for (guint i = 0; i < G_N_ELEMENTS (multiples); i++)
    {
      double candidate = base * multiples[i];

      if (candidate < min_step)
        continue;
      if (ceil (hi / candidate - 1e-9) - floor (lo / candidate + 1e-9) <= max_intervals)
        {
          step = candidate;
          break;
        }
    }

  *out_step = step;
  *out_lo = floor (lo / step + 1e-9) * step;
  *out_hi = ceil (hi / step - 1e-9) * step;
  if (*out_hi <= *out_lo)
    *out_hi = *out_lo + step;
}

void
layout_set (PangoLayout *layout, const char *text, double max_width)
{
  pango_layout_set_height (layout, -1);
  pango_layout_set_alignment (layout, PANGO_ALIGN_LEFT);
  pango_layout_set_text (layout, text != NULL ? text : "", -1);
  pango_layout_set_width (layout, max_width > 0 ? (int)(max_width * PANGO_SCALE) : -1);
  pango_layout_set_ellipsize (layout, max_width > 0 ? PANGO_ELLIPSIZE_END : PANGO_ELLIPSIZE_NONE);
}

int
text_width (PangoLayout *layout, const char *text)
{
  int width = 0;

  layout_set (layout, text, -1);
  pango_layout_get_pixel_size (layout, &width, NULL);

  return width;
}

/* How many categories or rows there are, which values the axis spans and whether there is
 * anything to draw at all: what the data says, before any measuring of text. */
void
frame_measure_data (Frame *f)
{
  YzChart *self = f->self;
  double lo = 0;
  double hi = 0;
  guint n_values = 0;

  f->n_series = self->series->len;
  f->n_items = self->n_categories;

  if (self->kind == YZ_CHART_HEATMAP)
    {
      /* One grid: the first series, row-major. */
      f->n_series = MIN (f->n_series, 1);
      f->n_rows = self->n_rows;
      if (f->n_series > 0)
        {
          Series *series = g_ptr_array_index (self->series, 0);

          if (f->n_rows == 0 && f->n_items > 0)
            f->n_rows = (series->n_values + f->n_items - 1) / f->n_items;
          else if (f->n_items == 0 && f->n_rows > 0)
            f->n_items = (series->n_values + f->n_rows - 1) / f->n_rows;
        }
      n_values = f->n_items * f->n_rows;
    }
  else
    {
      for (guint s = 0; s < f->n_series && self->n_categories == 0; s++)
        {
          Series *series = g_ptr_array_index (self->series, s);

          f->n_items = MAX (f->n_items, series->n_values);
        }
      n_values = f->n_items;
    }

  for (guint s = 0; s < f->n_series; s++)
    for (guint i = 0; i < n_values; i++)
      {
        double v = value_at (self, s, i);

        if (isfinite (v))
          {
            lo = MIN (lo, v);
            hi = MAX (hi, v);
          }
      }

  f->empty = f->n_series == 0 || n_values == 0 || (lo == 0 && hi == 0);

  if (self->kind == YZ_CHART_HEATMAP)
    {
      f->empty = f->empty || hi <= 0;
      f->lo = 0;
      f->hi = hi;
      f->step = hi;
    }
  else if (!f->empty)
    {
      f->data_lo = lo;
      f->data_hi = hi;
      nice_axis (lo, hi, self->min_step, MAX_INTERVALS, &f->lo, &f->hi, &f->step);
    }
}

double
frame_x (Frame *f, double value)
{
  return f->plot.origin.x + f->plot.size.width * (value - f->lo) / (f->hi - f->lo);
}

double
frame_y (Frame *f, double value)
{
  return f->plot.origin.y + f->plot.size.height * (f->hi - value) / (f->hi - f->lo);
}

static double
frame_ticks_width (Frame *f)
{
  guint n = (guint)round ((f->hi - f->lo) / f->step);
  double first = round (f->lo / f->step);
  double widest = 0;

  for (guint k = 0; k <= n; k++)
    {
      g_autofree char *text = format_value (f->self, (first + k) * f->step);

      widest = MAX (widest, text_width (f->small, text));
    }

  return widest;
}

static double
frame_widest_value (Frame *f)
{
  YzChart *self = f->self;
  double widest = 0;

  for (guint s = 0; s < f->n_series; s++)
    for (guint i = 0; i < f->n_items; i++)
      {
        g_autofree char *text = NULL;
        double v = value_at (self, s, i);

        if (!isfinite (v))
          continue;
        text = format_value (self, v);
        widest = MAX (widest, text_width (f->small, text));
      }

  return widest;
}

/* Fewer ticks when their labels would crowd: a small chart gets two or three, not six
 * touching. */
static void
frame_fit_ticks (Frame *f, double length, double tick_size)
{
  guint intervals = (guint)round ((f->hi - f->lo) / f->step);
  guint fit = (guint)floor (length / tick_size);

  if (fit < intervals)
    nice_axis (f->data_lo, f->data_hi, f->self->min_step, fit, &f->lo, &f->hi, &f->step);
}

static double
frame_widest_label (Frame *f, GStrv labels, guint n_labels, guint n)
{
  double widest = 0;

  for (guint i = 0; i < n; i++)
    widest = MAX (widest, text_width (f->layout, label_at (labels, n_labels, i)));

  return widest;
}

static void
layout_set_wrapped (PangoLayout *layout, const char *text, double width, int lines)
{
  pango_layout_set_text (layout, text != NULL ? text : "", -1);
  pango_layout_set_width (layout, (int)(width * PANGO_SCALE));
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD);
  pango_layout_set_height (layout, -lines);
  pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
  pango_layout_set_alignment (layout, PANGO_ALIGN_CENTER);
}

/* Back to one line, left-aligned: the layouts are shared by every text of a frame. */
void
layout_reset (PangoLayout *layout)
{
  pango_layout_set_height (layout, -1);
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD);
  pango_layout_set_alignment (layout, PANGO_ALIGN_LEFT);
}

/* Whether the layout's lines all start where a line may break: between words, or between
 * Chinese characters; never inside a word that did not fit. */
static gboolean
breaks_between_words (PangoLayout *layout)
{
  const char *text = pango_layout_get_text (layout);
  const PangoLogAttr *attrs;
  int n_attrs = 0;
  gboolean ok = TRUE;

  attrs = pango_layout_get_log_attrs_readonly (layout, &n_attrs);
  for (int i = 1; ok && i < pango_layout_get_line_count (layout); i++)
    {
      PangoLayoutLine *line = pango_layout_get_line_readonly (layout, i);
      glong offset = g_utf8_pointer_to_offset (text, text + line->start_index);

      ok = offset < n_attrs && attrs[offset].is_line_break;
    }

  return ok;
}

/* Whether every category label fits @lines lines of @width, whole. */
static gboolean
frame_labels_wrap (Frame *f, double width, int lines)
{
  YzChart *self = f->self;
  gboolean fit = TRUE;

  for (guint i = 0; fit && i < f->n_items; i++)
    {
      PangoRectangle logical;

      layout_set_wrapped (f->layout, label_at (self->categories, self->n_categories, i), width,
                          lines);
      pango_layout_get_pixel_extents (f->layout, NULL, &logical);
      fit = !pango_layout_is_ellipsized (f->layout) &&
            pango_layout_get_line_count (f->layout) <= lines && logical.width <= width &&
            breaks_between_words (f->layout);
    }
  layout_reset (f->layout);

  return fit;
}

/* How the labels along the category axis fit slots @slot wide with at most @max_band of
 * height under the plot: level on one line, level on two, turned 45°, upright, upright in
 * the small type. Sets the band they take and returns how far the first one reaches left
 * of its slot's centre (a turned label runs down to the left of its tick). */
static double
frame_fit_category_labels (Frame *f, double slot, double max_band)
{
  YzChart *self = f->self;
  double widest = frame_widest_label (f, self->categories, self->n_categories, f->n_items);
  double h = f->text_height;
  double sine;
  double cosine;

  f->label_small = FALSE;
  f->label_angle = 0;
  f->label_lines = 1;
  f->label_max = MAX (slot - GAP, 1);

  if (widest + GAP <= slot)
    {
      f->band = h;
      return 0;
    }
  if (slot - GAP >= 2 * h && 2 * h <= max_band && frame_labels_wrap (f, slot - GAP, 2))
    {
      f->label_lines = 2;
      f->band = 2 * h;
      return 0;
    }

  /* Turned: neighbours are slot · sin(angle) apart across their lines. */
  if (slot * G_SQRT2 / 2 >= h + 1)
    f->label_angle = 45;
  else
    {
      f->label_angle = 90;
      if (slot < h + 1)
        {
          f->label_small = TRUE;
          h = f->small_height;
          widest = 0;
          for (guint i = 0; i < f->n_items; i++)
            widest = MAX (
                widest, text_width (f->small, label_at (self->categories, self->n_categories, i)));
        }
    }
  sine = sin (f->label_angle * G_PI / 180);
  cosine = cos (f->label_angle * G_PI / 180);
  /* The band is the label's length · sin + its height · cos: long names are shortened to
   * what the band holds (the tooltip has them whole). */
  f->label_max = MAX (MIN (widest, (max_band - h * cosine) / sine), h);
  f->band = ceil (f->label_max * sine + h * cosine);

  return f->label_max * cosine + h / 2 * sine;
}

static double
frame_layout_legend (Frame *f, double top)
{
  if (f->n_series < 2)
    {
      f->legend = GRAPHENE_RECT_INIT (PAD, top, 0, 0);
      return top;
    }

  f->legend = GRAPHENE_RECT_INIT (PAD, top, f->width - 2 * PAD, f->text_height);

  return top + f->text_height + GAP;
}

/* BARS and LINE: categories across, values up. */
static void
frame_layout_columns (Frame *f)
{
  double top = frame_layout_legend (f, PAD);
  double ticks;
  double left;
  double bottom;

  /* Room above the top tick for its label's upper half and for the tallest bar's value. */
  top += f->small_height + 2;
  ticks = PAD + frame_ticks_width (f) + GAP;
  left = ticks;
  bottom = f->height - PAD - f->text_height - 4;

  /* The labels' room depends on the slots, the slots on the room the labels leave: a few
   * rounds settle it. */
  for (guint round = 0; round < 3; round++)
    {
      double reach;
      double new_left;
      double new_bottom;

      f->plot =
          GRAPHENE_RECT_INIT (left, top, MAX (f->width - PAD - left, 1), MAX (bottom - top, 1));
      f->slot = f->plot.size.width / f->n_items;
      reach = frame_fit_category_labels (f, f->slot, floor ((f->height - top - PAD) * LABEL_BAND));
      new_left = MAX (ticks, ceil (PAD + reach - f->slot / 2));
      new_bottom = f->height - PAD - f->band - 4;
      if (new_left == left && new_bottom == bottom)
        break;
      left = new_left;
      bottom = new_bottom;
    }
  f->plot = GRAPHENE_RECT_INIT (left, top, MAX (f->width - PAD - left, 1), MAX (bottom - top, 1));
  f->slot = f->plot.size.width / f->n_items;
  frame_fit_category_labels (f, f->slot, floor ((f->height - top - PAD) * LABEL_BAND));
  f->bar = MIN (f->slot * 0.72 / f->n_series, MAX_BAR);
  f->group = f->bar * f->n_series;
  frame_fit_ticks (f, f->plot.size.height, f->small_height + 4);
  /* Values on all bars or on none: where one series' fit and the other's do not, some
   * numbers and not others would read as a pattern that is not there. */
  f->values_fit = frame_widest_value (f) + 4 <= (f->n_series == 1 ? f->slot : f->bar + 2);
}

/* The column of row names: as wide as the longest, up to a share of the chart. */
static double
frame_row_label_width (Frame *f, GStrv labels, guint n_labels, guint n)
{
  double widest = frame_widest_label (f, labels, n_labels, n);

  return MIN (widest, floor (f->width * ROW_LABELS));
}

/* HBARS: a ranking, its (long) names on the left and values at the end of the bars. */
static void
frame_layout_rows (Frame *f)
{
  YzChart *self = f->self;
  double top = frame_layout_legend (f, PAD);
  double widest_value = frame_widest_value (f);
  double left;
  double right;
  double bottom;

  f->label_width = frame_row_label_width (f, self->categories, self->n_categories, f->n_items);
  left = PAD + f->label_width + GAP;
  /* The ticks' labels are centred on their lines: the last one needs half its width. */
  right = f->width - PAD - MAX (widest_value + 4, frame_ticks_width (f) / 2);
  bottom = f->height - PAD - f->small_height - 4;

  f->plot = GRAPHENE_RECT_INIT (left, top, MAX (right - left, 1), MAX (bottom - top, 1));
  f->slot = f->plot.size.height / f->n_items;
  f->bar = MIN (f->slot * 0.72 / f->n_series, MAX_BAR);
  f->group = f->bar * f->n_series;
  /* Every name, in the small type where rows are lower than the other's lines. */
  f->row_small = f->slot < f->text_height;
  frame_fit_ticks (f, f->plot.size.width, frame_ticks_width (f) + 2 * GAP);
  f->values_fit = f->n_series == 1 || f->bar >= f->small_height * 0.6;
}

/* HEATMAP: row labels on the left, column labels and the colour scale below. */
static void
frame_layout_grid (Frame *f)
{
  YzChart *self = f->self;
  double top = PAD;
  double left;
  double bottom;
  double scale = f->small_height + GAP;

  f->label_width = frame_row_label_width (f, self->rows, self->n_rows, f->n_rows);
  left = PAD + f->label_width + GAP;
  bottom = f->height - PAD - scale - f->text_height - 4;
  f->plot = GRAPHENE_RECT_INIT (left, top, MAX (f->width - PAD - left, 1), MAX (bottom - top, 1));
  f->slot = f->plot.size.width / f->n_items;
  frame_fit_category_labels (f, f->slot, floor ((f->height - top - PAD) * LABEL_BAND));
  bottom = f->height - PAD - scale - f->band - 4;
  f->plot.size.height = MAX (bottom - top, 1);

  /* Cells no taller than they look right: a tall widget gets room around the grid, which
   * stays in the middle, not tall cells. */
  f->cell_height = MIN (f->plot.size.height / f->n_rows, MAX (f->slot * 1.5, f->text_height + 4));
  f->plot.origin.y += floor ((f->plot.size.height - f->cell_height * f->n_rows) / 2);
  f->plot.size.height = f->cell_height * f->n_rows;
  f->row_small = f->cell_height < f->text_height;
}

void
frame_init (Frame *f, YzChart *self, double width, double height, gboolean print)
{
  g_autoptr(PangoAttrList) attrs = pango_attr_list_new ();

  memset (f, 0, sizeof *f);
  f->self = self;
  f->width = width;
  f->height = height;
  f->print = print;
  f->hover_series = print ? -1 : self->hover_series;
  f->hover_item = print ? -1 : self->hover_item;

  if (print)
    f->fg = print_fg;
  else
    gtk_style_context_get_color (gtk_widget_get_style_context (GTK_WIDGET (self)), &f->fg);

  f->layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), NULL);
  f->small = gtk_widget_create_pango_layout (GTK_WIDGET (self), NULL);
  pango_attr_list_insert (attrs, pango_attr_scale_new (PANGO_SCALE_SMALL));
  pango_layout_set_attributes (f->small, attrs);

  /* Chinese glyphs come from a fallback font with taller lines: measure with both. */
  layout_set (f->layout, "Ag驿", -1);
  pango_layout_get_pixel_size (f->layout, NULL, &f->text_height);
  layout_set (f->small, "Ag驿", -1);
  pango_layout_get_pixel_size (f->small, NULL, &f->small_height);

  frame_measure_data (f);

  /* Too small to show anything legibly: show nothing rather than a smear. */
  if (width < 4 * PAD + 2 * f->text_height || height < 4 * PAD + 2 * f->text_height)
    f->empty = TRUE;

  if (f->empty)
    return;

  switch (self->kind)
    {
    case YZ_CHART_BARS:
    case YZ_CHART_LINE:
      frame_layout_columns (f);
      break;

    case YZ_CHART_HBARS:
      frame_layout_rows (f);
      break;

    case YZ_CHART_HEATMAP:
      frame_layout_grid (f);
      break;

    default:
      g_assert_not_reached ();
    }
}

void
frame_clear (Frame *f)
{
  g_clear_object (&f->layout);
  g_clear_object (&f->small);
}

/* ---- labels: where each is drawn, for drawing, hit testing and tests alike ---- */

guint
frame_n_labels (Frame *f)
{
  if (f->empty)
    return 0;
  return f->n_items + (f->self->kind == YZ_CHART_HEATMAP ? f->n_rows : 0);
}

static void
frame_place_column_label (Frame *f, guint i, Placed *p)
{
  YzChart *self = f->self;
  double cx = f->plot.origin.x + (i + 0.5) * f->slot;
  double y = f->plot.origin.y + f->plot.size.height + 4;

  p->text = label_at (self->categories, self->n_categories, i);
  p->layout = f->label_small ? f->small : f->layout;
  p->angle = f->label_angle;
  p->origin = GRAPHENE_POINT_INIT (0, 0);
  if (f->label_angle == 0 && f->label_lines > 1)
    {
      layout_set_wrapped (p->layout, p->text, f->label_max, f->label_lines);
      pango_layout_get_pixel_extents (p->layout, NULL, &p->logical);
      p->pivot = GRAPHENE_POINT_INIT (round (cx - f->label_max / 2), round (y));
    }
  else if (f->label_angle == 0)
    {
      /* Centred on the slot, kept inside the widget. */
      layout_set (p->layout, p->text, f->label_max);
      pango_layout_get_pixel_extents (p->layout, NULL, &p->logical);
      p->pivot = GRAPHENE_POINT_INIT (
          round (CLAMP (cx - p->logical.width / 2.0, 0, MAX (f->width - p->logical.width, 0))),
          round (y));
    }
  else
    {
      double cosine = cos (f->label_angle * G_PI / 180);

      /* The end of the name at its tick, the rest running down to the left. */
      layout_set (p->layout, p->text, f->label_max);
      pango_layout_get_pixel_extents (p->layout, NULL, &p->logical);
      p->pivot = GRAPHENE_POINT_INIT (cx, y + p->logical.height / 2.0 * cosine);
      p->origin = GRAPHENE_POINT_INIT (-p->logical.width, -p->logical.height / 2.0);
    }
  p->shortened = pango_layout_is_ellipsized (p->layout);
}

/* A name in the column on the left (HBARS, heat map rows), right-aligned against the plot. */
static void
frame_place_row_label (Frame *f, const char *text, double centre_y, Placed *p)
{
  p->text = text;
  p->layout = f->row_small ? f->small : f->layout;
  layout_set (p->layout, text, f->label_width);
  pango_layout_get_pixel_extents (p->layout, NULL, &p->logical);
  p->angle = 0;
  p->pivot = GRAPHENE_POINT_INIT (round (f->plot.origin.x - GAP - p->logical.width),
                                  round (centre_y - p->logical.height / 2.0));
  p->origin = GRAPHENE_POINT_INIT (0, 0);
  p->shortened = pango_layout_is_ellipsized (p->layout);
}

/* Label @k: the categories first, then a heat map's rows. Leaves its layout set up. */
void
frame_place_label (Frame *f, guint k, Placed *p)
{
  YzChart *self = f->self;

  memset (p, 0, sizeof *p);
  p->index = k;
  if (self->kind == YZ_CHART_HBARS)
    frame_place_row_label (f, label_at (self->categories, self->n_categories, k),
                           f->plot.origin.y + (k + 0.5) * f->slot, p);
  else if (k < f->n_items)
    frame_place_column_label (f, k, p);
  else
    frame_place_row_label (f, label_at (self->rows, self->n_rows, k - f->n_items),
                           f->plot.origin.y + (k - f->n_items + 0.5) * f->cell_height, p);
}

static graphene_point_t
placed_point (const Placed *p, double x, double y)
{
  double a = -p->angle * G_PI / 180;

  x += p->origin.x;
  y += p->origin.y;
  return GRAPHENE_POINT_INIT (p->pivot.x + x * cos (a) - y * sin (a),
                              p->pivot.y + x * sin (a) + y * cos (a));
}

void
placed_quad (const Placed *p, graphene_quad_t *quad)
{
  double x = p->logical.x;
  double y = p->logical.y;
  double w = p->logical.width;
  double h = p->logical.height;
  graphene_point_t corners[4] = {
    placed_point (p, x, y),
    placed_point (p, x + w, y),
    placed_point (p, x + w, y + h),
    placed_point (p, x, y + h),
  };

  graphene_quad_init_from_points (quad, corners);
}

/* The label under (@x, @y), or -1. */
int
frame_label_at (Frame *f, double x, double y)
{
  guint n = frame_n_labels (f);

  for (guint k = 0; k < n; k++)
    {
      Placed p;
      graphene_quad_t quad;

      frame_place_label (f, k, &p);
      placed_quad (&p, &quad);
      if (graphene_quad_contains (&quad, &GRAPHENE_POINT_INIT (x, y)))
        return k;
    }

  return -1;
}

/* The bar of series @s in category @i, snapped to whole pixels so that its edges are crisp;
 * FALSE when the value is missing. */
gboolean
frame_bar_rect (Frame *f, guint s, guint i, graphene_rect_t *rect)
{
  double v = value_at (f->self, s, i);
  double gap = f->n_series > 1 && f->bar >= 4 ? 1 : 0;
  double start;
  double a;
  double b;

  if (!isfinite (v))
    return FALSE;

  start = (i + 0.5) * f->slot - f->group / 2 + s * f->bar;

  if (f->self->kind == YZ_CHART_HBARS)
    {
      double top = round (f->plot.origin.y + start);

      a = round (frame_x (f, 0));
      b = round (frame_x (f, v));
      *rect = GRAPHENE_RECT_INIT (MIN (a, b), top, fabs (b - a),
                                  round (f->plot.origin.y + start + f->bar - gap) - top);
    }
  else
    {
      double left = round (f->plot.origin.x + start);
      double right = round (f->plot.origin.x + start + f->bar - gap);

      a = round (frame_y (f, 0));
      b = round (frame_y (f, v));
      *rect = GRAPHENE_RECT_INIT (left, MIN (a, b), right - left, fabs (b - a));
    }

  return TRUE;
}

gboolean
frame_hit (Frame *f, double x, double y, int *series, int *item)
{
  YzChart *self = f->self;
  double px = x - f->plot.origin.x;
  double py = y - f->plot.origin.y;
  double along;

  *series = -1;
  *item = -1;

  if (f->empty)
    return FALSE;

  /* On a category's name (turned ones lean over their neighbours' columns): that category,
   * every series. A heat map's names are answered by yz_chart_describe_at(). */
  /* Labels are outside the plot: no need to lay them out for a point inside it. */
  if (self->kind != YZ_CHART_HEATMAP &&
      !graphene_rect_contains_point (&f->plot, &GRAPHENE_POINT_INIT (x, y)))
    {
      int label = frame_label_at (f, x, y);

      if (label >= 0)
        {
          *item = label;
          for (guint s = 0; s < f->n_series; s++)
            if (isfinite (value_at (self, s, label)))
              return TRUE;
          return FALSE;
        }
    }

  switch (self->kind)
    {
    case YZ_CHART_BARS:
    case YZ_CHART_LINE:
      /* The whole column, labels included: short bars are easy to point at too. */
      if (px < 0 || px >= f->plot.size.width || py < -f->small_height ||
          py > f->plot.size.height + f->band + 4)
        return FALSE;
      *item = MIN ((guint)(px / f->slot), f->n_items - 1);
      along = px - (*item + 0.5) * f->slot + f->group / 2;
      break;

    case YZ_CHART_HBARS:
      /* The whole row, its name included. */
      if (x < 0 || x >= f->width || py < 0 || py >= f->plot.size.height)
        return FALSE;
      *item = MIN ((guint)(py / f->slot), f->n_items - 1);
      along = py - (*item + 0.5) * f->slot + f->group / 2;
      break;

    case YZ_CHART_HEATMAP:
      if (px < 0 || px >= f->plot.size.width || py < 0 || py >= f->plot.size.height)
        return FALSE;
      *series = 0;
      *item = MIN ((guint)(py / f->cell_height), f->n_rows - 1) * f->n_items +
              MIN ((guint)(px / f->slot), f->n_items - 1);
      return isfinite (value_at (self, 0, *item));

    default:
      g_assert_not_reached ();
    }

  if (self->kind == YZ_CHART_LINE)
    {
      for (guint s = 0; s < f->n_series; s++)
        if (isfinite (value_at (self, s, *item)))
          return TRUE;
      return FALSE;
    }

  /* Between the bars of a group, the nearest one. */
  *series = CLAMP ((int)floor (along / f->bar), 0, (int)f->n_series - 1);

  return isfinite (value_at (self, *series, *item));
}

char *
frame_describe (Frame *f, int series, int item)
{
  YzChart *self = f->self;
  const char *label;

  if (self->kind == YZ_CHART_HEATMAP)
    {
      g_autofree char *value = format_value (self, value_at (self, 0, item));

      return g_strdup_printf ("%s %s: %s", label_at (self->rows, self->n_rows, item / f->n_items),
                              label_at (self->categories, self->n_categories, item % f->n_items),
                              value);
    }

  label = label_at (self->categories, self->n_categories, item);

  if (series < 0)
    {
      GString *text = g_string_new (label);

      for (guint s = 0; s < f->n_series; s++)
        {
          Series *one = g_ptr_array_index (self->series, s);
          double v = value_at (self, s, item);
          g_autofree char *value = NULL;

          if (!isfinite (v))
            continue;
          value = format_value (self, v);
          if (f->n_series == 1)
            g_string_append_printf (text, ": %s", value);
          else
            g_string_append_printf (text, "\n%s: %s", one->name, value);
        }

      return g_string_free (text, FALSE);
    }
  else
    {
      Series *one = g_ptr_array_index (self->series, series);
      g_autofree char *value = format_value (self, value_at (self, series, item));

      if (f->n_series == 1)
        return g_strdup_printf ("%s: %s", label, value);

      return g_strdup_printf ("%s · %s: %s", label, one->name, value);
    }
}
