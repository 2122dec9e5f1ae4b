/* yz-chart.c
 *
 * Statistics charts drawn into one snapshot: vertical and horizontal bars, lines over
 * categories and a rows × columns heat map. The same drawing serves the screen and the PDF
 * report (yz_chart_snapshot_at_size()), and hit testing walks the same measured geometry, so
 * that what the tooltip names is what is under the pointer. This file is the widget (data,
 * hover, tooltip, accessible summary, public API); yz-chart-layout.c measures the frame and
 * places every label; yz-chart-draw.c draws it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "yz-chart"

#include "config.h"

#include <math.h>
#include <string.h>
#include <glib/gi18n.h>

#include "yz-chart-private.h"

G_DEFINE_ENUM_TYPE (YzChartKind, yz_chart_kind, G_DEFINE_ENUM_VALUE (YZ_CHART_BARS, "bars"),
                    G_DEFINE_ENUM_VALUE (YZ_CHART_HBARS, "hbars"),
                    G_DEFINE_ENUM_VALUE (YZ_CHART_LINE, "line"),
                    G_DEFINE_ENUM_VALUE (YZ_CHART_HEATMAP, "heatmap"))

G_DEFINE_FINAL_TYPE (YzChart, yz_chart, GTK_TYPE_WIDGET)

enum
{
  PROP_0,
  PROP_KIND,
  PROP_VALUE_FORMAT,
  PROP_EMPTY_TEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

#define DEFAULT_FORMAT "%.0f"

static void
series_free (gpointer data)
{
  Series *series = data;

  g_free (series->name);
  g_free (series->values);
  g_free (series);
}

static void
yz_chart_set_hover (YzChart *self, int series, int item)
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
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  summary, -1);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
motion_cb (GtkEventControllerMotion *motion, double x, double y, YzChart *self)
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
leave_cb (GtkEventControllerMotion *motion, YzChart *self)
{
  yz_chart_set_hover (self, -1, -1);
}

static gboolean
yz_chart_query_tooltip (GtkWidget *widget, int x, int y, gboolean keyboard_tooltip,
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
yz_chart_measure (GtkWidget *widget, GtkOrientation orientation, int for_size, int *minimum,
                  int *natural, int *minimum_baseline, int *natural_baseline)
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
        *minimum = MAX (*minimum, (int)self->n_categories * line + 120);
      *natural = MAX (*natural, *minimum);
    }
  else
    {
      *minimum = 160;
      *natural = 280;
      /* A ranking would like a line for each name, and needs a small one. */
      if (self->kind == YZ_CHART_HBARS)
        {
          *minimum = MAX (*minimum, (int)self->n_categories * line + 4 * line + 2 * (int)PAD);
          *natural = MAX (*natural, (int)self->n_categories * 24 + 48);
        }
      if (self->kind == YZ_CHART_HEATMAP)
        *minimum = MAX (*minimum, (int)self->n_rows * line + 8 * line);
      *natural = MAX (*natural, *minimum);
    }
}

static void
yz_chart_snapshot (GtkWidget *widget, GtkSnapshot *snapshot)
{
  g_auto(Frame) f = { 0 };

  frame_init (&f, YZ_CHART (widget), gtk_widget_get_width (widget), gtk_widget_get_height (widget),
              FALSE);
  frame_draw (&f, snapshot);
}

static void
yz_chart_css_changed (GtkWidget *widget, GtkCssStyleChange *change)
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
yz_chart_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
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
yz_chart_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
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
      g_param_spec_enum ("kind", NULL, NULL, YZ_TYPE_CHART_KIND, YZ_CHART_BARS,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_VALUE_FORMAT] =
      g_param_spec_string ("value-format", NULL, NULL, DEFAULT_FORMAT,
                           (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_EMPTY_TEXT] =
      g_param_spec_string ("empty-text", NULL, NULL, NULL,
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
yz_chart_set_kind (YzChart *self, YzChartKind kind)
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
yz_chart_set_categories (YzChart *self, const char *const *labels)
{
  g_return_if_fail (YZ_IS_CHART (self));

  g_strfreev (self->categories);
  self->categories = g_strdupv ((char **)labels);
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
yz_chart_set_rows (YzChart *self, const char *const *labels)
{
  g_return_if_fail (YZ_IS_CHART (self));

  g_strfreev (self->rows);
  self->rows = g_strdupv ((char **)labels);
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
yz_chart_add_series (YzChart *self, const char *name, const double *values, guint n_values)
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
yz_chart_set_value_format (YzChart *self, const char *format)
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
yz_chart_set_empty_text (YzChart *self, const char *text)
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
yz_chart_describe_at (YzChart *self, double x, double y)
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
yz_chart_layout_labels (YzChart *self, double width, double height)
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
          int current = (int)i;

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
yz_chart_snapshot_at_size (YzChart *self, GtkSnapshot *snapshot, double width, double height)
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
yz_chart_snapshot_print (YzChart *self, GtkSnapshot *snapshot, double width, double height)
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
  GPtrArray *table = g_ptr_array_new_with_free_func ((GDestroyNotify)g_strfreev);
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
