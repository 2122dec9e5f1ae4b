/* yz-chart-private.h
 *
 * What the chart's files share: the widget's fields, the measured frame (yz-chart-layout.c:
 * where everything goes, hit testing) and its drawing (yz-chart-draw.c). Nothing else
 * includes this.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "yz-chart.h"

G_BEGIN_DECLS

#define PAD 8.0         /* around the whole chart */
#define GAP 6.0         /* between a label and what it labels */
#define MAX_BAR 56.0    /* the thickest a vertical bar gets, however much room there is */
#define MAX_HBAR 28.0   /* ... and a horizontal one */
#define MAX_INTERVALS 5 /* on the value axis: 4 to 6 ticks */
#define SUMMARY_ITEMS 6 /* "label: value" pairs read out by a screen reader */
#define LABEL_BAND 0.45 /* turned category labels take at most this share of the height */
#define ROW_LABELS 0.4  /* the column of row names takes at most this share of the width */

typedef struct
{
  char *name;
  double *values;
  guint n_values;
} Series;

struct _YzChart
{
  GtkWidget parent_instance;

  YzChartKind kind;
  GStrv categories;
  guint n_categories;
  GStrv rows;
  guint n_rows;
  GPtrArray *series; /* of Series */
  char *value_format;
  double min_step; /* the format's resolution: no tick finer than it prints */
  char *empty_text;

  int hover_series; /* -1: none, or every series of the category (LINE) */
  int hover_item;   /* -1: nothing hovered */
};

/* What one drawing or one hit test at one size needs, measured once and used by both. */
typedef struct
{
  YzChart *self;
  double width;
  double height;
  gboolean print;
  int hover_series;
  int hover_item;
  GdkRGBA fg;
  PangoLayout *layout; /* labels, legend, the empty text */
  PangoLayout *small;  /* ticks and values */
  int text_height;
  int small_height;

  gboolean empty;
  guint n_series;
  guint n_items; /* categories; heat map: columns */
  guint n_rows;  /* heat map */
  double lo;     /* the value axis; heat map: 0 .. the largest value */
  double hi;
  double step;
  double data_lo; /* the values' own range */
  double data_hi;
  gboolean values_fit; /* values written at the end of every bar */

  graphene_rect_t legend; /* zero size when there is no legend */
  graphene_rect_t plot;
  double slot;        /* a category's width (BARS, LINE, heat map) or height (HBARS) */
  double cell_height; /* heat map */
  double group;       /* the bars of all series in one category */
  double bar;         /* one series' bar */
  double label_width; /* HBARS, heat map: the column of row labels */
  /* Every label is drawn, none skipped: category labels stay level while they fit their
   * slot, on one line or two; then they turn (45°, or upright when slots are narrower than
   * that needs), in the small type when even that is too tight; long ones are shortened
   * with an ellipsis and the tooltip names them whole. */
  double label_max;     /* category labels: the longest drawn, ellipsized beyond */
  double label_angle;   /* ... turned this many degrees up from level */
  int label_lines;      /* ... level: on this many lines */
  gboolean label_small; /* ... in the small type */
  double band;          /* ... the height they take under the plot */
  gboolean row_small;   /* row names (HBARS, heat map) in the small type */
} Frame;

/* One label as drawn: its layout set up, turned by @angle (degrees, counterclockwise) about
 * @pivot, its layout's origin at @origin from there. */
typedef struct
{
  guint index;
  const char *text;
  PangoLayout *layout;
  graphene_point_t pivot;
  double angle;
  graphene_point_t origin;
  PangoRectangle logical; /* in the layout, pixels */
  gboolean shortened;
} Placed;

#define RGB(hex)                                                                                   \
  {                                                                                                \
    ((hex) >> 16 & 0xff) / 255.f, ((hex) >> 8 & 0xff) / 255.f, ((hex)&0xff) / 255.f, 1.f           \
  }

/* The GNOME palette's middle shades read on both a light and a dark background. */
static const GdkRGBA palette[] = {
  RGB (0x3584e4), RGB (0xff7800), RGB (0x33d17a), RGB (0x9141ac), RGB (0xe01b24), RGB (0xe5a50a),
};
static const GdkRGBA accent = RGB (0x3584e4);
static const GdkRGBA print_fg = RGB (0x241f31);
static const GdkRGBA print_bg = RGB (0xffffff);

/* ---- yz-chart-layout.c: the frame, measured once for a size ---- */

G_GNUC_INTERNAL
const char *label_at (GStrv labels, guint n_labels, guint i);

G_GNUC_INTERNAL
double value_at (YzChart *self, guint s, guint i);

G_GNUC_INTERNAL
gboolean parse_value_format (const char *format, double *min_step);

G_GNUC_INTERNAL
char *format_value (YzChart *self, double value);

G_GNUC_INTERNAL
void layout_set (PangoLayout *layout, const char *text, double max_width);

G_GNUC_INTERNAL
int text_width (PangoLayout *layout, const char *text);

G_GNUC_INTERNAL
void frame_measure_data (Frame *f);

G_GNUC_INTERNAL
double frame_x (Frame *f, double value);

G_GNUC_INTERNAL
double frame_y (Frame *f, double value);

G_GNUC_INTERNAL
void layout_reset (PangoLayout *layout);

G_GNUC_INTERNAL
void frame_init (Frame *f, YzChart *self, double width, double height, gboolean print);

G_GNUC_INTERNAL
void frame_clear (Frame *f);

G_GNUC_INTERNAL
guint frame_n_labels (Frame *f);

G_GNUC_INTERNAL
void frame_place_label (Frame *f, guint k, Placed *p);

G_GNUC_INTERNAL
void placed_quad (const Placed *p, graphene_quad_t *quad);

G_GNUC_INTERNAL
int frame_label_at (Frame *f, double x, double y);

G_GNUC_INTERNAL
gboolean frame_bar_rect (Frame *f, guint s, guint i, graphene_rect_t *rect);

G_GNUC_INTERNAL
gboolean frame_hit (Frame *f, double x, double y, int *series, int *item);

G_GNUC_INTERNAL
char *frame_describe (Frame *f, int series, int item);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Frame, frame_clear)

/* ---- yz-chart-draw.c ---- */

G_GNUC_INTERNAL
void frame_draw (Frame *f, GtkSnapshot *snapshot);

G_END_DECLS
