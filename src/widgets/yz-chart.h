/* yz-chart.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

typedef enum
{
  YZ_CHART_BARS,
  YZ_CHART_HBARS,
  YZ_CHART_LINE,
  YZ_CHART_HEATMAP,
} YzChartKind;

/* Where a label is drawn: see yz_chart_layout_labels(). */
typedef struct
{
  guint index;          /* a category; a heat map's rows follow its columns */
  const char *text;     /* the whole name (owned by the chart) */
  graphene_quad_t quad; /* its box as drawn, turned by @angle */
  double angle;         /* degrees up from level: 0, 45 or 90 */
  gboolean shortened;   /* ellipsized: the tooltip names it whole */
} YzChartLabel;

#define YZ_TYPE_CHART_KIND (yz_chart_kind_get_type ())
GType yz_chart_kind_get_type (void);

#define YZ_TYPE_CHART (yz_chart_get_type ())
G_DECLARE_FINAL_TYPE (YzChart, yz_chart, YZ, CHART, GtkWidget)

GtkWidget *yz_chart_new (YzChartKind kind);
YzChartKind yz_chart_get_kind (YzChart *self);
void yz_chart_set_kind (YzChart *self, YzChartKind kind);
void yz_chart_set_categories (YzChart *self, const char *const *labels);
void yz_chart_set_rows (YzChart *self, const char *const *labels);
void yz_chart_clear_series (YzChart *self);
void yz_chart_add_series (YzChart *self, const char *name, const double *values, guint n_values);
const char *yz_chart_get_value_format (YzChart *self);
void yz_chart_set_value_format (YzChart *self, const char *format);
const char *yz_chart_get_empty_text (YzChart *self);
void yz_chart_set_empty_text (YzChart *self, const char *text);
gboolean yz_chart_is_empty (YzChart *self);
char *yz_chart_describe_at (YzChart *self, double x, double y);
char *yz_chart_get_summary (YzChart *self);
GPtrArray *yz_chart_get_table (YzChart *self);
GArray *yz_chart_layout_labels (YzChart *self, double width, double height);
void yz_chart_snapshot_at_size (YzChart *self, GtkSnapshot *snapshot, double width, double height);
void yz_chart_snapshot_print (YzChart *self, GtkSnapshot *snapshot, double width, double height);

G_END_DECLS
