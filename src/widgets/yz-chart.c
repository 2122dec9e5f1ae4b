/* yz-chart.c
 *
 * Statistics charts drawn into one snapshot: vertical and horizontal bars, lines over
 * categories and a rows × columns heat map. The same drawing serves the screen and the PDF
 * report (yz_chart_snapshot_at_size()), and hit testing walks the same measured geometry, so
 * that what the tooltip names is what is under the pointer.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "yz-chart"

#include "config.h"

#include <math.h>
#include <string.h>
#include <glib/gi18n.h>

#include "yz-chart.h"

#define PAD           8.0   /* around the whole chart */
#define GAP           6.0   /* between a label and what it labels */
#define MAX_BAR       56.0  /* the thickest a vertical bar gets, however much room there is */
#define MAX_HBAR      28.0  /* ... and a horizontal one */
#define MAX_INTERVALS 5     /* on the value axis: 4 to 6 ticks */
#define SUMMARY_ITEMS 6     /* "label: value" pairs read out by a screen reader */
#define LABEL_BAND    0.45  /* turned category labels take at most this share of the height */
#define ROW_LABELS    0.4   /* the column of row names takes at most this share of the width */

typedef struct
{
  char   *name;
  double *values;
  guint   n_values;
} Series;

struct _YzChart
{
  GtkWidget    parent_instance;

  YzChartKind  kind;
  GStrv        categories;
  guint        n_categories;
  GStrv        rows;
  guint        n_rows;
  GPtrArray   *series;          /* of Series */
  char        *value_format;
  double       min_step;        /* the format's resolution: no tick finer than it prints */
  char        *empty_text;

  int          hover_series;    /* -1: none, or every series of the category (LINE) */
  int          hover_item;      /* -1: nothing hovered */
};

/* What one drawing or one hit test at one size needs, measured once and used by both. */
typedef struct
{
  YzChart         *self;
  double           width;
  double           height;
  gboolean         print;
  int              hover_series;
  int              hover_item;
  GdkRGBA          fg;
  PangoLayout     *layout;        /* labels, legend, the empty text */
  PangoLayout     *small;         /* ticks and values */
  int              text_height;
  int              small_height;

  gboolean         empty;
  guint            n_series;
  guint            n_items;       /* categories; heat map: columns */
  guint            n_rows;        /* heat map */
  double           lo;            /* the value axis; heat map: 0 .. the largest value */
  double           hi;
  double           step;
  double           data_lo;       /* the values' own range */
  double           data_hi;
  gboolean         values_fit;    /* values written at the end of every bar */

  graphene_rect_t  legend;        /* zero size when there is no legend */
  graphene_rect_t  plot;
  double           slot;          /* a category's width (BARS, LINE, heat map) or height (HBARS) */
  double           cell_height;   /* heat map */
  double           group;         /* the bars of all series in one category */
  double           bar;           /* one series' bar */
  double           label_width;   /* HBARS, heat map: the column of row labels */
  /* Every label is drawn, none skipped: category labels stay level while they fit their
   * slot, on one line or two; then they turn (45°, or upright when slots are narrower than
   * that needs), in the small type when even that is too tight; long ones are shortened
   * with an ellipsis and the tooltip names them whole. */
  double           label_max;     /* category labels: the longest drawn, ellipsized beyond */
  double           label_angle;   /* ... turned this many degrees up from level */
  int              label_lines;   /* ... level: on this many lines */
  gboolean         label_small;   /* ... in the small type */
  double           band;          /* ... the height they take under the plot */
  gboolean         row_small;     /* row names (HBARS, heat map) in the small type */
} Frame;

/* One label as drawn: its layout set up, turned by @angle (degrees, counterclockwise) about
 * @pivot, its layout's origin at @origin from there. */
typedef struct
{
  guint             index;
  const char       *text;
  PangoLayout      *layout;
  graphene_point_t  pivot;
  double            angle;
  graphene_point_t  origin;
  PangoRectangle    logical;      /* in the layout, pixels */
  gboolean          shortened;
} Placed;

static void frame_clear (Frame *f);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Frame, frame_clear)

G_DEFINE_ENUM_TYPE (YzChartKind, yz_chart_kind,
                    G_DEFINE_ENUM_VALUE (YZ_CHART_BARS, "bars"),
                    G_DEFINE_ENUM_VALUE (YZ_CHART_HBARS, "hbars"),
                    G_DEFINE_ENUM_VALUE (YZ_CHART_LINE, "line"),
                    G_DEFINE_ENUM_VALUE (YZ_CHART_HEATMAP, "heatmap"))

G_DEFINE_FINAL_TYPE (YzChart, yz_chart, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_KIND,
  PROP_VALUE_FORMAT,
  PROP_EMPTY_TEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

#define RGB(hex) \
  { ((hex) >> 16 & 0xff) / 255.f, ((hex) >> 8 & 0xff) / 255.f, ((hex) & 0xff) / 255.f, 1.f }

/* The GNOME palette's middle shades read on both a light and a dark background. */
static const GdkRGBA palette[] = {
  RGB (0x3584e4), RGB (0xff7800), RGB (0x33d17a), RGB (0x9141ac), RGB (0xe01b24), RGB (0xe5a50a),
};
static const GdkRGBA accent = RGB (0x3584e4);
static const GdkRGBA print_fg = RGB (0x241f31);
static const GdkRGBA print_bg = RGB (0xffffff);

#define DEFAULT_FORMAT "%.0f"

static void
series_free (gpointer data)
{
  Series *series = data;

  g_free (series->name);
  g_free (series->values);
  g_free (series);
}

static const char *
label_at (GStrv  labels,
          guint  n_labels,
          guint  i)
{
  return i < n_labels ? labels[i] : "";
}

static double
value_at (YzChart *self,
          guint    s,
          guint    i)
{
  Series *series = g_ptr_array_index (self->series, s);

  return i < series->n_values ? series->values[i] : NAN;
}

/* Accepts text with exactly one conversion of a double (%f, %.1f, %g…) and %% escapes: the
 * format comes from code, but a wrong one must not read a missing argument. */
static gboolean
parse_value_format (const char *format,
                    double     *min_step)
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
                ? pow (10, -MIN (precision < 0 ? 6 : precision, 15)) : 0;

  return TRUE;
}

static char *
format_value (YzChart *self,
              double   value)
{
  char *text;

  if (value == 0)
    value = 0;   /* never "-0" */

  /* The format was checked by parse_value_format(): one conversion, of a double. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
  text = g_strdup_printf (self->value_format, value);
#pragma GCC diagnostic pop

  return text;
}

/* Steps of 1, 2 or 5 × 10ⁿ giving at most @max_intervals intervals over [lo, hi]. */
static void
nice_axis (double  lo,
           double  hi,
           double  min_step,
           guint   max_intervals,
           double *out_lo,
           double *out_hi,
           double *out_step)
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

static GdkRGBA
with_alpha (const GdkRGBA *color,
            double         alpha)
{
  GdkRGBA result = *color;

  result.alpha *= alpha;
  return result;
}

static GdkRGBA
lighten (const GdkRGBA *color)
{
  return (GdkRGBA) { color->red + (1 - color->red) * 0.35f,
                     color->green + (1 - color->green) * 0.35f,
                     color->blue + (1 - color->blue) * 0.35f,
                     color->alpha };
}

static void
layout_set (PangoLayout *layout,
            const char  *text,
            double       max_width)
{
  pango_layout_set_height (layout, -1);
  pango_layout_set_alignment (layout, PANGO_ALIGN_LEFT);
  pango_layout_set_text (layout, text != NULL ? text : "", -1);
  pango_layout_set_width (layout, max_width > 0 ? (int)(max_width * PANGO_SCALE) : -1);
  pango_layout_set_ellipsize (layout, max_width > 0 ? PANGO_ELLIPSIZE_END : PANGO_ELLIPSIZE_NONE);
}

static int
text_width (PangoLayout *layout,
            const char  *text)
{
  int width = 0;

  layout_set (layout, text, -1);
  pango_layout_get_pixel_size (layout, &width, NULL);

  return width;
}

/* Draws @text with its top left corner at (@x, @y); returns its width. */
static int
append_text (GtkSnapshot   *snapshot,
             PangoLayout   *layout,
             const GdkRGBA *color,
             const char    *text,
             double         max_width,
             double         x,
             double         y,
             double         align)   /* 0: @x is the left edge, 0.5: the centre, 1: the right */
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
append_rect (GtkSnapshot   *snapshot,
             const GdkRGBA *color,
             double         x,
             double         y,
             double         width,
             double         height)
{
  gtk_snapshot_append_color (snapshot, color, &GRAPHENE_RECT_INIT (x, y, width, height));
}

static void
append_rounded (GtkSnapshot           *snapshot,
                const GdkRGBA         *color,
                const graphene_rect_t *rect,
                float                  top_left,
                float                  top_right,
                float                  bottom_right,
                float                  bottom_left)
{
  GskRoundedRect rounded;

  gsk_rounded_rect_init (&rounded, rect,
                         &GRAPHENE_SIZE_INIT (top_left, top_left),
                         &GRAPHENE_SIZE_INIT (top_right, top_right),
                         &GRAPHENE_SIZE_INIT (bottom_right, bottom_right),
                         &GRAPHENE_SIZE_INIT (bottom_left, bottom_left));
  gtk_snapshot_push_rounded_clip (snapshot, &rounded);
  gtk_snapshot_append_color (snapshot, color, rect);
  gtk_snapshot_pop (snapshot);
}

static void
append_dot (GtkSnapshot   *snapshot,
            const GdkRGBA *color,
            double         cx,
            double         cy,
            double         radius)
{
  graphene_rect_t rect = GRAPHENE_RECT_INIT (cx - radius, cy - radius, 2 * radius, 2 * radius);

  append_rounded (snapshot, color, &rect, radius, radius, radius, radius);
}

/* GTK 4.8 has no paths: a segment is a thin rectangle, turned. Square caps close the joins. */
static void
append_segment (GtkSnapshot   *snapshot,
                const GdkRGBA *color,
                double         from_x,
                double         from_y,
                double         to_x,
                double         to_y,
                double         thickness)
{
  double length = hypot (to_x - from_x, to_y - from_y);

  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (from_x, from_y));
  gtk_snapshot_rotate (snapshot, atan2 (to_y - from_y, to_x - from_x) * 180 / G_PI);
  append_rect (snapshot, color, -thickness / 2, -thickness / 2, length + thickness, thickness);
  gtk_snapshot_restore (snapshot);
}

/* How many categories or rows there are, which values the axis spans and whether there is
 * anything to draw at all: what the data says, before any measuring of text. */
static void
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

static double
frame_x (Frame  *f,
         double  value)
{
  return f->plot.origin.x + f->plot.size.width * (value - f->lo) / (f->hi - f->lo);
}

static double
frame_y (Frame  *f,
         double  value)
{
  return f->plot.origin.y + f->plot.size.height * (f->hi - value) / (f->hi - f->lo);
}

static double
frame_ticks_width (Frame *f)
{
  guint n = (guint) round ((f->hi - f->lo) / f->step);
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
frame_fit_ticks (Frame  *f,
                 double  length,
                 double  tick_size)
{
  guint intervals = (guint) round ((f->hi - f->lo) / f->step);
  guint fit = (guint) floor (length / tick_size);

  if (fit < intervals)
    nice_axis (f->data_lo, f->data_hi, f->self->min_step, fit, &f->lo, &f->hi, &f->step);
}

static double
frame_widest_label (Frame *f,
                    GStrv  labels,
                    guint  n_labels,
                    guint  n)
{
  double widest = 0;

  for (guint i = 0; i < n; i++)
    widest = MAX (widest, text_width (f->layout, label_at (labels, n_labels, i)));

  return widest;
}

static void
layout_set_wrapped (PangoLayout *layout,
                    const char  *text,
                    double       width,
                    int          lines)
{
  pango_layout_set_text (layout, text != NULL ? text : "", -1);
  pango_layout_set_width (layout, (int) (width * PANGO_SCALE));
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD);
  pango_layout_set_height (layout, -lines);
  pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
  pango_layout_set_alignment (layout, PANGO_ALIGN_CENTER);
}

/* Back to one line, left-aligned: the layouts are shared by every text of a frame. */
static void
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
frame_labels_wrap (Frame  *f,
                   double  width,
                   int     lines)
{
  YzChart *self = f->self;
  gboolean fit = TRUE;

  for (guint i = 0; fit && i < f->n_items; i++)
    {
      PangoRectangle logical;

      layout_set_wrapped (f->layout, label_at (self->categories, self->n_categories, i), width, lines);
      pango_layout_get_pixel_extents (f->layout, NULL, &logical);
      fit = !pango_layout_is_ellipsized (f->layout) && pango_layout_get_line_count (f->layout) <= lines &&
            logical.width <= width && breaks_between_words (f->layout);
    }
  layout_reset (f->layout);

  return fit;
}

/* How the labels along the category axis fit slots @slot wide with at most @max_band of
 * height under the plot: level on one line, level on two, turned 45°, upright, upright in
 * the small type. Sets the band they take and returns how far the first one reaches left
 * of its slot's centre (a turned label runs down to the left of its tick). */
static double
frame_fit_category_labels (Frame  *f,
                           double  slot,
                           double  max_band)
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
            widest = MAX (widest, text_width (f->small, label_at (self->categories, self->n_categories, i)));
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
frame_layout_legend (Frame  *f,
                     double  top)
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

      f->plot = GRAPHENE_RECT_INIT (left, top, MAX (f->width - PAD - left, 1), MAX (bottom - top, 1));
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
frame_row_label_width (Frame *f,
                       GStrv  labels,
                       guint  n_labels,
                       guint  n)
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

static void
frame_init (Frame     *f,
            YzChart   *self,
            double     width,
            double     height,
            gboolean   print)
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

static void
frame_clear (Frame *f)
{
  g_clear_object (&f->layout);
  g_clear_object (&f->small);
}

/* ---- labels: where each is drawn, for drawing, hit testing and tests alike ---- */

static guint
frame_n_labels (Frame *f)
{
  if (f->empty)
    return 0;
  return f->n_items + (f->self->kind == YZ_CHART_HEATMAP ? f->n_rows : 0);
}

static void
frame_place_column_label (Frame  *f,
                          guint   i,
                          Placed *p)
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
      p->pivot = GRAPHENE_POINT_INIT (round (CLAMP (cx - p->logical.width / 2.0, 0,
                                                    MAX (f->width - p->logical.width, 0))),
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
frame_place_row_label (Frame       *f,
                       const char  *text,
                       double       centre_y,
                       Placed      *p)
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
static void
frame_place_label (Frame  *f,
                   guint   k,
                   Placed *p)
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
placed_point (const Placed *p,
              double        x,
              double        y)
{
  double a = -p->angle * G_PI / 180;

  x += p->origin.x;
  y += p->origin.y;
  return GRAPHENE_POINT_INIT (p->pivot.x + x * cos (a) - y * sin (a),
                              p->pivot.y + x * sin (a) + y * cos (a));
}

static void
placed_quad (const Placed    *p,
             graphene_quad_t *quad)
{
  double x = p->logical.x;
  double y = p->logical.y;
  double w = p->logical.width;
  double h = p->logical.height;
  graphene_point_t corners[4] = {
    placed_point (p, x, y), placed_point (p, x + w, y),
    placed_point (p, x + w, y + h), placed_point (p, x, y + h),
  };

  graphene_quad_init_from_points (quad, corners);
}

static void
placed_draw (const Placed  *p,
             GtkSnapshot   *snapshot,
             const GdkRGBA *color)
{
  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &p->pivot);
  if (p->angle != 0)
    gtk_snapshot_rotate (snapshot, -p->angle);
  gtk_snapshot_translate (snapshot, &p->origin);
  gtk_snapshot_append_layout (snapshot, p->layout, color);
  gtk_snapshot_restore (snapshot);
}

/* The label under (@x, @y), or -1. */
static int
frame_label_at (Frame  *f,
                double  x,
                double  y)
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
static gboolean
frame_bar_rect (Frame           *f,
                guint            s,
                guint            i,
                graphene_rect_t *rect)
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

static gboolean
frame_hit (Frame  *f,
           double  x,
           double  y,
           int    *series,
           int    *item)
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
  if (self->kind != YZ_CHART_HEATMAP && !graphene_rect_contains_point (&f->plot, &GRAPHENE_POINT_INIT (x, y)))
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
      if (px < 0 || px >= f->plot.size.width ||
          py < -f->small_height || py > f->plot.size.height + f->band + 4)
        return FALSE;
      *item = MIN ((guint) (px / f->slot), f->n_items - 1);
      along = px - (*item + 0.5) * f->slot + f->group / 2;
      break;

    case YZ_CHART_HBARS:
      /* The whole row, its name included. */
      if (x < 0 || x >= f->width || py < 0 || py >= f->plot.size.height)
        return FALSE;
      *item = MIN ((guint) (py / f->slot), f->n_items - 1);
      along = py - (*item + 0.5) * f->slot + f->group / 2;
      break;

    case YZ_CHART_HEATMAP:
      if (px < 0 || px >= f->plot.size.width || py < 0 || py >= f->plot.size.height)
        return FALSE;
      *series = 0;
      *item = MIN ((guint) (py / f->cell_height), f->n_rows - 1) * f->n_items +
              MIN ((guint) (px / f->slot), f->n_items - 1);
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
  *series = CLAMP ((int) floor (along / f->bar), 0, (int) f->n_series - 1);

  return isfinite (value_at (self, *series, *item));
}

static char *
frame_describe (Frame *f,
                int    series,
                int    item)
{
  YzChart *self = f->self;
  const char *label;

  if (self->kind == YZ_CHART_HEATMAP)
    {
      g_autofree char *value = format_value (self, value_at (self, 0, item));

      return g_strdup_printf ("%s %s: %s",
                              label_at (self->rows, self->n_rows, item / f->n_items),
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

static void
frame_draw_empty (Frame       *f,
                  GtkSnapshot *snapshot)
{
  YzChart *self = f->self;
  GdkRGBA dim = with_alpha (&f->fg, 0.55);
  int height = 0;

  if (f->width < 2 * PAD || f->height < 2 * PAD)
    return;

  layout_set (f->layout, self->empty_text != NULL ? self->empty_text : _("No data"), -1);
  pango_layout_set_width (f->layout, (int) ((f->width - 2 * PAD) * PANGO_SCALE));
  pango_layout_set_wrap (f->layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_alignment (f->layout, PANGO_ALIGN_CENTER);
  pango_layout_get_pixel_size (f->layout, NULL, &height);

  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (PAD, round ((f->height - height) / 2)));
  gtk_snapshot_append_layout (snapshot, f->layout, &dim);
  gtk_snapshot_restore (snapshot);
}

static void
frame_draw_legend (Frame       *f,
                   GtkSnapshot *snapshot)
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
      x += append_text (snapshot, f->layout, &f->fg, series->name, max_name,
                        x, f->legend.origin.y, 0);
      x += 2 * GAP;
    }
}

/* Grid lines and tick labels along the value axis: up the left side, or along the bottom
 * for horizontal bars. */
static void
frame_draw_value_axis (Frame       *f,
                       GtkSnapshot *snapshot)
{
  gboolean across = f->self->kind == YZ_CHART_HBARS;
  GdkRGBA grid = with_alpha (&f->fg, 0.12);
  GdkRGBA axis = with_alpha (&f->fg, 0.45);
  GdkRGBA muted = with_alpha (&f->fg, 0.7);
  guint n = (guint) round ((f->hi - f->lo) / f->step);
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
          append_text (snapshot, f->small, &muted, text, -1,
                       x, f->plot.origin.y + f->plot.size.height + 4, 0.5);
        }
      else
        {
          double y = floor (frame_y (f, v));

          append_rect (snapshot, line, f->plot.origin.x, y, f->plot.size.width, 1);
          append_text (snapshot, f->small, &muted, text, -1,
                       f->plot.origin.x - GAP, y - f->small_height / 2.0, 1);
        }
    }
}

/* Every label: category names under the plot (or on the left for HBARS), a heat map's
 * row names on the left. */
static void
frame_draw_labels (Frame       *f,
                   GtkSnapshot *snapshot)
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
frame_draw_bars (Frame       *f,
                 GtkSnapshot *snapshot)
{
  YzChart *self = f->self;
  gboolean across = self->kind == YZ_CHART_HBARS;
  GdkRGBA muted = with_alpha (&f->fg, 0.8);

  if (f->hover_item >= 0 && (guint) f->hover_item < f->n_items)
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

        if ((int) s == f->hover_series && (int) i == f->hover_item)
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
            append_text (snapshot, f->small, &muted, text, -1,
                         rect.origin.x + rect.size.width / 2,
                         v < 0 ? rect.origin.y + rect.size.height + 2
                               : rect.origin.y - 2 - f->small_height, 0.5);
          }
      }

  frame_draw_labels (f, snapshot);
  frame_draw_legend (f, snapshot);
}

static void
frame_draw_line (Frame       *f,
                 GtkSnapshot *snapshot)
{
  YzChart *self = f->self;
  GdkRGBA muted = with_alpha (&f->fg, 0.8);
  double radius = CLAMP (f->slot / 5, 1.5, 3.5);

  frame_draw_value_axis (f, snapshot);

  if (f->hover_item >= 0 && (guint) f->hover_item < f->n_items)
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
          gboolean hovered = (int) i == f->hover_item;

          if (!isfinite (v))
            continue;
          append_dot (snapshot, color, x, frame_y (f, v), hovered ? radius + 2 : radius);

          if (f->n_series == 1)
            {
              g_autofree char *text = format_value (self, v);

              if (text_width (f->small, text) + 4 <= f->slot)
                append_text (snapshot, f->small, &muted, text, -1,
                             x, frame_y (f, v) - radius - 2 - f->small_height, 0.5);
            }
        }
    }

  frame_draw_labels (f, snapshot);
  frame_draw_legend (f, snapshot);
}

static void
frame_draw_heatmap (Frame       *f,
                    GtkSnapshot *snapshot)
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
        if ((int) i == f->hover_item)
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
  stops[0] = (GskColorStop) { 0, with_alpha (&accent, 0.15) };
  stops[1] = (GskColorStop) { 1, accent };
  scale = GRAPHENE_RECT_INIT (x, round (legend_y + f->small_height * 0.2),
                              scale_width, round (f->small_height * 0.6));
  gtk_snapshot_append_linear_gradient (snapshot, &scale,
                                       &GRAPHENE_POINT_INIT (x, 0),
                                       &GRAPHENE_POINT_INIT (x + scale_width, 0),
                                       stops, G_N_ELEMENTS (stops));
  append_text (snapshot, f->small, &muted, "0", -1, x - 4, legend_y, 1);
}

static void
frame_draw (Frame       *f,
            GtkSnapshot *snapshot)
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

static void
yz_chart_set_hover (YzChart *self,
                    int      series,
                    int      item)
{
  if (self->hover_series == series && self->hover_item == item)
    return;

  self->hover_series = series;
  self->hover_item = item;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* The data changed: redraw, forget what was hovered, tell screen readers. */
static void
yz_chart_changed (YzChart *self)
{
  g_autofree char *summary = yz_chart_get_summary (self);

  self->hover_series = -1;
  self->hover_item = -1;
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, summary,
                                  -1);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
motion_cb (GtkEventControllerMotion *motion,
           double                    x,
           double                    y,
           YzChart                  *self)
{
  g_auto(Frame) f = { 0 };
  int series;
  int item;

  frame_init (&f, self, gtk_widget_get_width (GTK_WIDGET (self)),
              gtk_widget_get_height (GTK_WIDGET (self)), FALSE);
  frame_hit (&f, x, y, &series, &item);
  yz_chart_set_hover (self, series, item);
}

static void
leave_cb (GtkEventControllerMotion *motion,
          YzChart                  *self)
{
  yz_chart_set_hover (self, -1, -1);
}

static gboolean
yz_chart_query_tooltip (GtkWidget  *widget,
                        int         x,
                        int         y,
                        gboolean    keyboard_tooltip,
                        GtkTooltip *tooltip)
{
  g_autofree char *text = NULL;

  if (keyboard_tooltip)
    return FALSE;

  text = yz_chart_describe_at (YZ_CHART (widget), x, y);
  if (text == NULL)
    return FALSE;

  gtk_tooltip_set_text (tooltip, text);

  return TRUE;
}

static void
yz_chart_measure (GtkWidget      *widget,
                  GtkOrientation  orientation,
                  int             for_size,
                  int            *minimum,
                  int            *natural,
                  int            *minimum_baseline,
                  int            *natural_baseline)
{
  YzChart *self = YZ_CHART (widget);
  g_autoptr(PangoLayout) small = gtk_widget_create_pango_layout (widget, "Ag驿");
  g_autoptr(PangoAttrList) attrs = pango_attr_list_new ();
  int line = 0;

  /* Every label is drawn: at least an upright line of small type for each. */
  pango_attr_list_insert (attrs, pango_attr_scale_new (PANGO_SCALE_SMALL));
  pango_layout_set_attributes (small, attrs);
  pango_layout_get_pixel_size (small, NULL, &line);
  line += 1;

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = 240;
      *natural = 480;
      if (self->kind != YZ_CHART_HBARS)
        *minimum = MAX (*minimum, (int) self->n_categories * line + 120);
      *natural = MAX (*natural, *minimum);
    }
  else
    {
      *minimum = 160;
      *natural = 280;
      /* A ranking would like a line for each name, and needs a small one. */
      if (self->kind == YZ_CHART_HBARS)
        {
          *minimum = MAX (*minimum, (int) self->n_categories * line + 4 * line + 2 * (int) PAD);
          *natural = MAX (*natural, (int) self->n_categories * 24 + 48);
        }
      if (self->kind == YZ_CHART_HEATMAP)
        *minimum = MAX (*minimum, (int) self->n_rows * line + 8 * line);
      *natural = MAX (*natural, *minimum);
    }
}

static void
yz_chart_snapshot (GtkWidget   *widget,
                   GtkSnapshot *snapshot)
{
  g_auto(Frame) f = { 0 };

  frame_init (&f, YZ_CHART (widget), gtk_widget_get_width (widget), gtk_widget_get_height (widget),
              FALSE);
  frame_draw (&f, snapshot);
}

static void
yz_chart_css_changed (GtkWidget         *widget,
                      GtkCssStyleChange *change)
{
  GTK_WIDGET_CLASS (yz_chart_parent_class)->css_changed (widget, change);

  /* Colours and fonts are read at drawing time: a new style (dark, larger text) redraws. */
  gtk_widget_queue_draw (widget);
}

static void
yz_chart_finalize (GObject *object)
{
  YzChart *self = (YzChart *)object;

  g_clear_pointer (&self->categories, g_strfreev);
  g_clear_pointer (&self->rows, g_strfreev);
  g_clear_pointer (&self->series, g_ptr_array_unref);
  g_clear_pointer (&self->value_format, g_free);
  g_clear_pointer (&self->empty_text, g_free);

  G_OBJECT_CLASS (yz_chart_parent_class)->finalize (object);
}

static void
yz_chart_get_property (GObject    *object,
                       guint       prop_id,
                       GValue     *value,
                       GParamSpec *pspec)
{
  YzChart *self = YZ_CHART (object);

  switch (prop_id)
    {
    case PROP_KIND:
      g_value_set_enum (value, self->kind);
      break;

    case PROP_VALUE_FORMAT:
      g_value_set_string (value, self->value_format);
      break;

    case PROP_EMPTY_TEXT:
      g_value_set_string (value, self->empty_text);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
yz_chart_set_property (GObject      *object,
                       guint         prop_id,
                       const GValue *value,
                       GParamSpec   *pspec)
{
  YzChart *self = YZ_CHART (object);

  switch (prop_id)
    {
    case PROP_KIND:
      yz_chart_set_kind (self, g_value_get_enum (value));
      break;

    case PROP_VALUE_FORMAT:
      yz_chart_set_value_format (self, g_value_get_string (value));
      break;

    case PROP_EMPTY_TEXT:
      yz_chart_set_empty_text (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
yz_chart_class_init (YzChartClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = yz_chart_finalize;
  object_class->get_property = yz_chart_get_property;
  object_class->set_property = yz_chart_set_property;

  widget_class->measure = yz_chart_measure;
  widget_class->snapshot = yz_chart_snapshot;
  widget_class->query_tooltip = yz_chart_query_tooltip;
  widget_class->css_changed = yz_chart_css_changed;

  properties[PROP_KIND] =
    g_param_spec_enum ("kind", NULL, NULL,
                       YZ_TYPE_CHART_KIND,
                       YZ_CHART_BARS,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_VALUE_FORMAT] =
    g_param_spec_string ("value-format", NULL, NULL,
                         DEFAULT_FORMAT,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_EMPTY_TEXT] =
    g_param_spec_string ("empty-text", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_css_name (widget_class, "chart");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
yz_chart_init (YzChart *self)
{
  GtkEventController *motion;

  self->series = g_ptr_array_new_with_free_func (series_free);
  self->value_format = g_strdup (DEFAULT_FORMAT);
  self->min_step = 1;
  self->hover_series = -1;
  self->hover_item = -1;

  gtk_widget_set_hexpand (GTK_WIDGET (self), TRUE);
  gtk_widget_set_vexpand (GTK_WIDGET (self), TRUE);
  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);

  motion = gtk_event_controller_motion_new ();
  g_signal_connect (motion, "enter", G_CALLBACK (motion_cb), self);
  g_signal_connect (motion, "motion", G_CALLBACK (motion_cb), self);
  g_signal_connect (motion, "leave", G_CALLBACK (leave_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), motion);

  yz_chart_changed (self);
}

GtkWidget *
yz_chart_new (YzChartKind kind)
{
  return g_object_new (YZ_TYPE_CHART, "kind", kind, NULL);
}

YzChartKind
yz_chart_get_kind (YzChart *self)
{
  g_return_val_if_fail (YZ_IS_CHART (self), YZ_CHART_BARS);

  return self->kind;
}

void
yz_chart_set_kind (YzChart     *self,
                   YzChartKind  kind)
{
  g_return_if_fail (YZ_IS_CHART (self));
  g_return_if_fail (kind <= YZ_CHART_HEATMAP);

  if (self->kind == kind)
    return;

  self->kind = kind;
  yz_chart_changed (self);
  gtk_widget_queue_resize (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_KIND]);
}

/**
 * yz_chart_set_categories:
 * @self: a chart
 * @labels: (nullable) (array zero-terminated=1): the labels
 *
 * The labels along the category axis: under the bars and points, beside horizontal bars, and
 * under the columns of a heat map.
 */
void
yz_chart_set_categories (YzChart            *self,
                         const char * const *labels)
{
  g_return_if_fail (YZ_IS_CHART (self));

  g_strfreev (self->categories);
  self->categories = g_strdupv ((char **) labels);
  self->n_categories = labels != NULL ? g_strv_length (self->categories) : 0;
  yz_chart_changed (self);
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

/**
 * yz_chart_set_rows:
 * @self: a chart
 * @labels: (nullable) (array zero-terminated=1): the labels
 *
 * The labels of a heat map's rows.
 */
void
yz_chart_set_rows (YzChart            *self,
                   const char * const *labels)
{
  g_return_if_fail (YZ_IS_CHART (self));

  g_strfreev (self->rows);
  self->rows = g_strdupv ((char **) labels);
  self->n_rows = labels != NULL ? g_strv_length (self->rows) : 0;
  yz_chart_changed (self);
}

void
yz_chart_clear_series (YzChart *self)
{
  g_return_if_fail (YZ_IS_CHART (self));

  if (self->series->len == 0)
    return;

  g_ptr_array_set_size (self->series, 0);
  yz_chart_changed (self);
}

/**
 * yz_chart_add_series:
 * @self: a chart
 * @name: (nullable): the series' name, for the legend and the tooltips
 * @values: (array length=n_values): one value per category (a heat map: rows × columns,
 *   row-major); NAN where there is none
 * @n_values: the number of values
 */
void
yz_chart_add_series (YzChart      *self,
                     const char   *name,
                     const double *values,
                     guint         n_values)
{
  Series *series;

  g_return_if_fail (YZ_IS_CHART (self));
  g_return_if_fail (values != NULL || n_values == 0);

  series = g_new0 (Series, 1);
  series->name = g_strdup (name != NULL ? name : "");
  series->values = g_memdup2 (values, sizeof (double) * n_values);
  series->n_values = n_values;
  g_ptr_array_add (self->series, series);
  yz_chart_changed (self);
}

const char *
yz_chart_get_value_format (YzChart *self)
{
  g_return_val_if_fail (YZ_IS_CHART (self), NULL);

  return self->value_format;
}

/**
 * yz_chart_set_value_format:
 * @self: a chart
 * @format: (nullable): a printf format for one double, e.g. "%.1f min"; %NULL for "%.0f"
 *
 * How values are written on bars, axis ticks and in tooltips.
 */
void
yz_chart_set_value_format (YzChart    *self,
                           const char *format)
{
  double min_step = 1;

  g_return_if_fail (YZ_IS_CHART (self));

  if (format == NULL)
    format = DEFAULT_FORMAT;
  g_return_if_fail (parse_value_format (format, &min_step));

  if (g_strcmp0 (self->value_format, format) == 0)
    return;

  g_free (self->value_format);
  self->value_format = g_strdup (format);
  self->min_step = min_step;
  yz_chart_changed (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VALUE_FORMAT]);
}

const char *
yz_chart_get_empty_text (YzChart *self)
{
  g_return_val_if_fail (YZ_IS_CHART (self), NULL);

  return self->empty_text;
}

/**
 * yz_chart_set_empty_text:
 * @self: a chart
 * @text: (nullable): what to say when there is nothing to chart; %NULL for "No data"
 */
void
yz_chart_set_empty_text (YzChart    *self,
                         const char *text)
{
  g_return_if_fail (YZ_IS_CHART (self));

  if (g_strcmp0 (self->empty_text, text) == 0)
    return;

  g_free (self->empty_text);
  self->empty_text = g_strdup (text);
  yz_chart_changed (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EMPTY_TEXT]);
}

/**
 * yz_chart_is_empty:
 * @self: a chart
 *
 * Returns: %TRUE when the chart shows its empty text: no series, or only zeros
 */
gboolean
yz_chart_is_empty (YzChart *self)
{
  Frame f = { .self = self };

  g_return_val_if_fail (YZ_IS_CHART (self), TRUE);

  frame_measure_data (&f);

  return f.empty;
}

/**
 * yz_chart_describe_at:
 * @self: a chart
 * @x: a point in the widget's coordinates
 * @y: a point in the widget's coordinates
 *
 * What the tooltip says at a point, e.g. "华英路工会驿站: 123".
 *
 * Returns: (transfer full) (nullable): the text, or %NULL when no value is there
 */
char *
yz_chart_describe_at (YzChart *self,
                      double   x,
                      double   y)
{
  g_auto(Frame) f = { 0 };
  int series;
  int item;

  g_return_val_if_fail (YZ_IS_CHART (self), NULL);

  frame_init (&f, self, gtk_widget_get_width (GTK_WIDGET (self)),
              gtk_widget_get_height (GTK_WIDGET (self)), FALSE);
  /* A heat map's row or column name: itself, whole. */
  if (self->kind == YZ_CHART_HEATMAP && (item = frame_label_at (&f, x, y)) >= 0)
    {
      Placed p;

      frame_place_label (&f, item, &p);
      return g_strdup (p.text);
    }
  if (!frame_hit (&f, x, y, &series, &item))
    return NULL;

  return frame_describe (&f, series, item);
}

/**
 * yz_chart_layout_labels:
 * @self: a chart
 * @width: the width to lay out at
 * @height: the height to lay out at
 *
 * Where every label goes at a size — category names, a heat map's row and column names —
 * as drawn (turned ones as turned quadrilaterals), so that a test can check that all are
 * there, none overlaps another and none is cut off by the edge.
 *
 * Returns: (transfer full) (element-type YzChartLabel): the labels; none for an empty chart
 */
GArray *
yz_chart_layout_labels (YzChart *self,
                        double   width,
                        double   height)
{
  g_auto(Frame) f = { 0 };
  GArray *labels = g_array_new (FALSE, TRUE, sizeof (YzChartLabel));
  guint n;

  g_return_val_if_fail (YZ_IS_CHART (self), labels);

  frame_init (&f, self, width, height, FALSE);
  n = frame_n_labels (&f);
  for (guint k = 0; k < n; k++)
    {
      YzChartLabel label = { .index = k };
      Placed p;

      frame_place_label (&f, k, &p);
      placed_quad (&p, &label.quad);
      label.angle = p.angle;
      label.shortened = p.shortened;
      label.text = p.text;
      g_array_append_val (labels, label);
    }

  return labels;
}

/**
 * yz_chart_get_summary:
 * @self: a chart
 *
 * The chart in words, as screen readers get it: the first values of each series, or a heat
 * map's largest cells.
 *
 * Returns: (transfer full): the summary
 */
char *
yz_chart_get_summary (YzChart *self)
{
  Frame f = { .self = self };
  GString *text;

  g_return_val_if_fail (YZ_IS_CHART (self), NULL);

  frame_measure_data (&f);
  if (f.empty)
    return g_strdup (self->empty_text != NULL ? self->empty_text : _("No data"));

  text = g_string_new (NULL);

  if (self->kind == YZ_CHART_HEATMAP)
    {
      /* The hottest cells, largest first. */
      guint n = f.n_items * f.n_rows;
      int best[3] = { -1, -1, -1 };

      for (guint i = 0; i < n; i++)
        {
          double v = value_at (self, 0, i);
          int current = (int) i;

          if (!isfinite (v) || v <= 0)
            continue;
          for (guint k = 0; k < G_N_ELEMENTS (best); k++)
            if (best[k] < 0 || v > value_at (self, 0, best[k]))
              {
                int swap = best[k];

                best[k] = current;
                current = swap;
                if (current < 0)
                  break;
                v = value_at (self, 0, current);
              }
        }

      for (guint k = 0; k < G_N_ELEMENTS (best) && best[k] >= 0; k++)
        {
          g_autofree char *cell = frame_describe (&f, 0, best[k]);

          g_string_append_printf (text, "%s%s", k > 0 ? ", " : "", cell);
        }

      return g_string_free (text, FALSE);
    }

  for (guint s = 0; s < f.n_series; s++)
    {
      Series *series = g_ptr_array_index (self->series, s);
      guint shown = 0;

      if (s > 0)
        g_string_append (text, "; ");
      if (f.n_series > 1)
        g_string_append_printf (text, "%s — ", series->name);

      for (guint i = 0; i < f.n_items; i++)
        {
          double v = value_at (self, s, i);
          g_autofree char *value = NULL;

          if (!isfinite (v))
            continue;
          if (shown == SUMMARY_ITEMS)
            {
              g_string_append (text, ", …");
              break;
            }
          value = format_value (self, v);
          g_string_append_printf (text, "%s%s: %s", shown > 0 ? ", " : "",
                                  label_at (self->categories, self->n_categories, i), value);
          shown++;
        }
    }

  return g_string_free (text, FALSE);
}

/**
 * yz_chart_snapshot_at_size:
 * @self: a chart
 * @snapshot: where to draw
 * @width: the width to draw at
 * @height: the height to draw at
 *
 * Draws the whole chart at any size, e.g. for the PDF report: turn @snapshot into a
 * #GskRenderNode and draw it on a cairo surface with gsk_render_node_draw(). A chart that is
 * on screen draws in its style's colours; one that is not, dark on white, as for paper.
 */
void
yz_chart_snapshot_at_size (YzChart     *self,
                           GtkSnapshot *snapshot,
                           double       width,
                           double       height)
{
  g_auto(Frame) f = { 0 };

  g_return_if_fail (YZ_IS_CHART (self));
  g_return_if_fail (GTK_IS_SNAPSHOT (snapshot));

  frame_init (&f, self, width, height, !gtk_widget_get_realized (GTK_WIDGET (self)));
  frame_draw (&f, snapshot);
}

/**
 * yz_chart_snapshot_print:
 * @self: a chart
 * @snapshot: where to draw
 * @width: the width to draw at
 * @height: the height to draw at
 *
 * Like yz_chart_snapshot_at_size(), but always dark on white, without the hover highlight:
 * for printing a chart that is also on screen, whatever the style there.
 */
void
yz_chart_snapshot_print (YzChart     *self,
                         GtkSnapshot *snapshot,
                         double       width,
                         double       height)
{
  g_auto(Frame) f = { 0 };

  g_return_if_fail (YZ_IS_CHART (self));
  g_return_if_fail (GTK_IS_SNAPSHOT (snapshot));

  frame_init (&f, self, width, height, TRUE);
  frame_draw (&f, snapshot);
}

/**
 * yz_chart_get_table:
 * @self: a chart
 *
 * The chart's data as a table, for a report: a header (an empty cell, then the series'
 * names), then one row for each category: its whole name and its values as the chart
 * writes them. A heat map has one row per row name, a value per column.
 *
 * Returns: (transfer full) (element-type GStrv): the rows
 */
GPtrArray *
yz_chart_get_table (YzChart *self)
{
  GPtrArray *table = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  g_autoptr(GStrvBuilder) header = g_strv_builder_new ();
  Frame f = { .self = self };

  g_return_val_if_fail (YZ_IS_CHART (self), table);

  frame_measure_data (&f);
  if (f.n_series == 0)
    return table;

  g_strv_builder_add (header, "");
  if (self->kind == YZ_CHART_HEATMAP)
    for (guint c = 0; c < f.n_items; c++)
      g_strv_builder_add (header, label_at (self->categories, self->n_categories, c));
  else
    for (guint s = 0; s < f.n_series; s++)
      {
        Series *series = g_ptr_array_index (self->series, s);

        g_strv_builder_add (header, series->name ? series->name : "");
      }
  g_ptr_array_add (table, g_strv_builder_end (header));

  for (guint r = 0; r < (self->kind == YZ_CHART_HEATMAP ? f.n_rows : f.n_items); r++)
    {
      g_autoptr(GStrvBuilder) row = g_strv_builder_new ();

      if (self->kind == YZ_CHART_HEATMAP)
        {
          g_strv_builder_add (row, label_at (self->rows, self->n_rows, r));
          for (guint c = 0; c < f.n_items; c++)
            {
              double v = value_at (self, 0, r * f.n_items + c);
              g_autofree char *text = isfinite (v) ? format_value (self, v) : g_strdup ("");

              g_strv_builder_add (row, text);
            }
        }
      else
        {
          g_strv_builder_add (row, label_at (self->categories, self->n_categories, r));
          for (guint s = 0; s < f.n_series; s++)
            {
              double v = value_at (self, s, r);
              g_autofree char *text = isfinite (v) ? format_value (self, v) : g_strdup ("—");

              g_strv_builder_add (row, text);
            }
        }
      g_ptr_array_add (table, g_strv_builder_end (row));
    }

  return table;
}
