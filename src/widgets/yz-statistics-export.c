/* yz-statistics-export.c
 *
 * The statistics page written out: CSV (one file per table, for programs: keys as stored,
 * column names not translated) and a PDF report (A4 landscape, for the monthly meeting: the
 * range, the totals, every chart, then the figures behind them). Both read what the page
 * last queried, so that the files say what the officer saw.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "yz-statistics-page"

#include "config.h"

#include <cairo-pdf.h>
#include <glib/gi18n.h>

#include "yz-csv.h"
#include "yz-statistics-page-private.h"

/* ---- CSV ---- */

/* A row of up to four fields; the first NULL ends it. */
static void
csv_row (GString *out, const char *a, const char *b, const char *c, const char *d)
{
  const char *fields[] = { a, b, c, d };
  guint n = 0;

  while (n < G_N_ELEMENTS (fields) && fields[n] != NULL)
    n++;
  yz_csv_append_row (out, fields, n);
}

static gboolean
write_csv (GFile *folder, const char *name, GString *text, GError **error)
{
  g_autoptr(GFile) file = g_file_get_child (folder, name);

  return g_file_replace_contents (file, text->str, text->len, NULL, FALSE,
                                  G_FILE_CREATE_REPLACE_DESTINATION, NULL, NULL, error);
}

static void
rows_csv (GString *out, GArray *rows, const char *header, gboolean with_label, gboolean with_second)
{
  g_string_append (out, header);
  for (guint i = 0; rows && i < rows->len; i++)
    {
      const YzStatsRow *row = &g_array_index (rows, YzStatsRow, i);
      g_autofree char *value = g_strdup_printf ("%" G_GINT64_FORMAT, row->value);
      g_autofree char *value2 = g_strdup_printf ("%" G_GINT64_FORMAT, row->value2);

      csv_row (out, row->key ? row->key : "", with_label ? (row->label ? row->label : "") : value,
               with_label ? value : (with_second ? value2 : NULL),
               with_label && with_second ? value2 : NULL);
    }
}

/**
 * yz_statistics_page_export_csv:
 * @folder: where to write: one file per table, named by the table
 *
 * The column names are for programs and not translated; values are the stored keys
 * (station ids, occupation and alarm type names as in the protocol).
 */
gboolean
yz_statistics_page_export_csv (YzStatisticsPage *self, GFile *folder, GError **error)
{
  g_autoptr(GString) out = g_string_new (NULL);
  char a[32], b[32];

  g_return_val_if_fail (YZ_IS_STATISTICS_PAGE (self), FALSE);

  g_string_truncate (out, 0);
  g_string_append (out, "measure,value\r\n");
  g_snprintf (a, sizeof a, "%u", self->filter.from_day);
  csv_row (out, "from_day", a, NULL, NULL);
  g_snprintf (a, sizeof a, "%u", self->filter.to_day);
  csv_row (out, "to_day", a, NULL, NULL);
  csv_row (out, "district", self->filter.district ? self->filter.district : "", NULL, NULL);
  csv_row (out, "station_id", self->filter.station_id ? self->filter.station_id : "", NULL, NULL);
#define MEASURE(name, value)                                                                       \
  G_STMT_START                                                                                     \
  {                                                                                                \
    g_snprintf (a, sizeof a, "%" G_GINT64_FORMAT, (gint64)(value));                                \
    csv_row (out, name, a, NULL, NULL);                                                            \
  }                                                                                                \
  G_STMT_END
  MEASURE ("visits", self->visits.granted);
  MEASURE ("workers", self->visits.workers);
  MEASURE ("refused", self->visits.denied);
  MEASURE ("alarms", self->alarms.raised);
  MEASURE ("acknowledged", self->alarms.acknowledged);
  MEASURE ("resolved", self->alarms.resolved);
  MEASURE ("ack_median_ms", self->alarms.ack_median_ms);
  MEASURE ("ack_p90_ms", self->alarms.ack_p90_ms);
  MEASURE ("resolve_median_ms", self->alarms.resolve_median_ms);
  MEASURE ("resolve_p90_ms", self->alarms.resolve_p90_ms);
#undef MEASURE
  if (!write_csv (folder, "summary.csv", out, error))
    return FALSE;

  g_string_truncate (out, 0);
  rows_csv (out, self->visits.trend, "day,visits\r\n", FALSE, FALSE);
  if (!write_csv (folder, "visits-by-day.csv", out, error))
    return FALSE;

  g_string_truncate (out, 0);
  rows_csv (out, self->visits.occupations, "occupation,visits,workers\r\n", FALSE, TRUE);
  if (!write_csv (folder, "visits-by-occupation.csv", out, error))
    return FALSE;

  g_string_truncate (out, 0);
  rows_csv (out, self->visits.stations, "station_id,station,visits,refused\r\n", TRUE, TRUE);
  if (!write_csv (folder, "visits-by-station.csv", out, error))
    return FALSE;

  g_string_truncate (out, 0);
  g_string_append (out, "weekday,hour,visits\r\n");
  for (guint d = 0; d < 7; d++)
    for (guint h = 0; h < 24; h++)
      {
        char c[32];

        g_snprintf (a, sizeof a, "%u", d + 1);
        g_snprintf (b, sizeof b, "%u", h);
        g_snprintf (c, sizeof c, "%" G_GINT64_FORMAT, self->visits.heat[d][h]);
        csv_row (out, a, b, c, NULL);
      }
  if (!write_csv (folder, "visits-by-weekday-hour.csv", out, error))
    return FALSE;

  g_string_truncate (out, 0);
  rows_csv (out, self->alarms.types, "type,alarms\r\n", FALSE, FALSE);
  if (!write_csv (folder, "alarms-by-type.csv", out, error))
    return FALSE;

  g_string_truncate (out, 0);
  g_string_append (out, "priority,alarms\r\n");
  for (guint p = 0; p < 4; p++)
    {
      g_snprintf (a, sizeof a, "%" G_GINT64_FORMAT, self->alarms.priorities[p]);
      csv_row (out, yz_priority_to_nick (YZ_PRIORITY_LOW + p), a, NULL, NULL);
    }
  if (!write_csv (folder, "alarms-by-priority.csv", out, error))
    return FALSE;

  g_string_truncate (out, 0);
  rows_csv (out, self->alarms.operators, "operator,acknowledged,resolved\r\n", FALSE, TRUE);
  if (!write_csv (folder, "alarms-by-operator.csv", out, error))
    return FALSE;

  g_string_truncate (out, 0);
  rows_csv (out, self->supplies.reasons, "reason,door_commands\r\n", FALSE, FALSE);
  if (!write_csv (folder, "door-commands-by-reason.csv", out, error))
    return FALSE;

  g_string_truncate (out, 0);
  rows_csv (out, self->supplies.items, "item,used,restocked\r\n", FALSE, TRUE);
  return write_csv (folder, "supplies-by-item.csv", out, error);
}

/* ---- PDF ---- */

static void
draw_text (cairo_t *cr, const char *text, const char *font, double x, double y, double width)
{
  PangoLayout *layout = pango_cairo_create_layout (cr);
  PangoFontDescription *desc = pango_font_description_from_string (font);

  pango_layout_set_font_description (layout, desc);
  pango_layout_set_width (layout, width * PANGO_SCALE);
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_text (layout, text, -1);
  cairo_move_to (cr, x, y);
  pango_cairo_show_layout (cr, layout);
  pango_font_description_free (desc);
  g_object_unref (layout);
}

static void
draw_chart (cairo_t *cr, YzChart *chart, double x, double y, double width, double height)
{
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  int min_width = 0;
  int min_height = 0;
  double scale;

  /* Never smaller than the chart asks for, where every label has room: a chart with many
   * categories is drawn larger and scaled down to its place. */
  gtk_widget_measure (GTK_WIDGET (chart), GTK_ORIENTATION_HORIZONTAL, -1, &min_width, NULL, NULL,
                      NULL);
  gtk_widget_measure (GTK_WIDGET (chart), GTK_ORIENTATION_VERTICAL, -1, &min_height, NULL, NULL,
                      NULL);
  scale = MIN (1, MIN (width / MAX (min_width, 1), height / MAX (min_height, 1)));
  yz_chart_snapshot_print (chart, snapshot, width / scale, height / scale);
  node = gtk_snapshot_free_to_node (snapshot);
  if (node == NULL)
    return;
  cairo_save (cr);
  cairo_translate (cr, x, y);
  cairo_rectangle (cr, 0, 0, width, height);
  cairo_clip (cr);
  cairo_scale (cr, scale, scale);
  gsk_render_node_draw (node, cr);
  cairo_restore (cr);
}

/* One chart's data as a table, its names whole (the chart may have shortened them): from
 * @y down, on new pages as needed. Returns where it ends. */
static double
draw_table (cairo_t *cr, YzChart *chart, const char *title, double y, double page_w, double page_h,
            double margin)
{
  g_autoptr(GPtrArray) table = yz_chart_get_table (chart);
  PangoLayout *layout = pango_cairo_create_layout (cr);
  PangoFontDescription *font = pango_font_description_from_string ("Sans 9");
  PangoFontDescription *bold = pango_font_description_from_string ("Sans Bold 9");
  double name_w;
  double value_w = 96;
  guint n_columns;

  if (table->len < 2)
    {
      g_object_unref (layout);
      pango_font_description_free (font);
      pango_font_description_free (bold);
      return y;
    }
  n_columns = g_strv_length (g_ptr_array_index (table, 0));
  /* The names get what the figures leave, up to a readable measure. */
  name_w = MIN (360, page_w - 2 * margin - (n_columns - 1) * value_w);
  if (y + 60 > page_h - margin)
    {
      cairo_show_page (cr);
      y = margin;
    }
  draw_text (cr, title, "Sans Bold 11", margin, y, page_w - 2 * margin);
  y += 20;
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  for (guint r = 0; r < table->len; r++)
    {
      GStrv row = g_ptr_array_index (table, r);
      int height = 0;
      int row_h = 0;

      pango_layout_set_font_description (layout, r == 0 ? bold : font);
      /* Measure the row (a very long name wraps within its column) before placing it. */
      pango_layout_set_width (layout, (int)(name_w - 8) * PANGO_SCALE);
      pango_layout_set_alignment (layout, PANGO_ALIGN_LEFT);
      pango_layout_set_text (layout, row[0], -1);
      pango_layout_get_pixel_size (layout, NULL, &row_h);
      if (y + row_h > page_h - margin)
        {
          cairo_show_page (cr);
          y = margin;
        }
      cairo_move_to (cr, margin, y);
      pango_cairo_show_layout (cr, layout);
      for (guint c = 1; row[c] != NULL; c++)
        {
          pango_layout_set_width (layout, (int)(value_w - 8) * PANGO_SCALE);
          pango_layout_set_alignment (layout, PANGO_ALIGN_RIGHT);
          pango_layout_set_text (layout, row[c], -1);
          pango_layout_get_pixel_size (layout, NULL, &height);
          row_h = MAX (row_h, height);
          cairo_move_to (cr, margin + name_w + (c - 1) * value_w, y);
          pango_cairo_show_layout (cr, layout);
        }
      y += row_h + 3;
    }
  g_object_unref (layout);
  pango_font_description_free (font);
  pango_font_description_free (bold);

  return y + 12;
}

/**
 * yz_statistics_page_export_pdf:
 *
 * The whole page as an A4 landscape report for the monthly meeting: the range and filter,
 * the totals, then every chart, two to a page.
 */
gboolean
yz_statistics_page_export_pdf (YzStatisticsPage *self, const char *path, GError **error)
{
  const double page_w = 842, page_h = 595, margin = 36;
  cairo_surface_t *surface;
  cairo_t *cr;
  cairo_status_t status;
  g_autofree char *from = yz_statistics_format_day (self->filter.from_day);
  g_autofree char *to = yz_statistics_format_day (self->filter.to_day);
  g_autofree char *gateway = NULL;
  g_autofree char *where = NULL;
  g_autofree char *subtitle = NULL;
  g_autoptr(GString) totals = g_string_new (NULL);
  const char *station = NULL;

  g_return_val_if_fail (YZ_IS_STATISTICS_PAGE (self), FALSE);

  for (guint i = 1; self->station_ids && i < self->station_ids->len; i++)
    if (g_strcmp0 (g_ptr_array_index (self->station_ids, i), self->filter.station_id) == 0)
      station = gtk_string_list_get_string (self->stations, i);
  where = station                 ? g_strdup (station)
          : self->filter.district ? g_strdup (self->filter.district)
                                  : g_strdup (_("All Stations"));
  gateway = g_strdup (self->session ? yz_session_get_gateway_name (self->session) : NULL);
  subtitle = g_strdup_printf ("%s — %s — %s", from, to, where);

  surface = cairo_pdf_surface_create (path, page_w, page_h);
  cr = cairo_create (surface);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE,
                                  _("Station Network Statistics"));
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "Yizhan " PACKAGE_VERSION);

  cairo_set_source_rgb (cr, 0, 0, 0);
  draw_text (cr, _("Station Network Statistics"), "Sans Bold 20", margin, margin,
             page_w - 2 * margin);
  draw_text (cr, subtitle, "Sans 12", margin, margin + 34, page_w - 2 * margin);
  if (gateway && gateway[0])
    draw_text (cr, gateway, "Sans 10", margin, margin + 54, page_w - 2 * margin);

  for (guint i = 0; i < N_TOTALS; i++)
    g_string_append_printf (totals, "%s: %s\n", yz_totals_card_get_title (self->totals[i]),
                            yz_totals_card_get_value (self->totals[i]));
  draw_text (cr, totals->str, "Sans 13", margin, margin + 84, (page_w - 2 * margin) / 2);
  draw_chart (cr, self->charts[CHART_TREND], page_w / 2, margin + 84, page_w / 2 - margin, 220);
  draw_text (cr, _(yz_statistics_chart_titles[CHART_TREND]), "Sans Bold 11", page_w / 2,
             margin + 66, page_w / 2 - margin);
  draw_chart (cr, self->charts[CHART_OCCUPATIONS], margin, margin + 330, page_w / 2 - margin - 12,
              200);
  draw_text (cr, _(yz_statistics_chart_titles[CHART_OCCUPATIONS]), "Sans Bold 11", margin,
             margin + 312, page_w / 2);
  draw_chart (cr, self->charts[CHART_HEAT], page_w / 2, margin + 330, page_w / 2 - margin, 200);
  draw_text (cr, _(yz_statistics_chart_titles[CHART_HEAT]), "Sans Bold 11", page_w / 2,
             margin + 312, page_w / 2 - margin);

  for (guint i = CHART_BUSIEST; i < N_CHARTS; i++)
    {
      static const guint order[] = { CHART_BUSIEST,      CHART_QUIETEST, CHART_ALARM_TYPES,
                                     CHART_PRIORITIES,   CHART_RESPONSE, CHART_OPERATORS,
                                     CHART_DOOR_REASONS, CHART_STOCK };
      guint k = i - CHART_BUSIEST;
      double x, y;

      if (k >= G_N_ELEMENTS (order))
        break;
      if (k % 4 == 0)
        cairo_show_page (cr);
      x = k % 2 ? page_w / 2 + 6 : margin;
      y = (k % 4) < 2 ? margin : page_h / 2 + 6;
      draw_text (cr, _(yz_statistics_chart_titles[order[k]]), "Sans Bold 11", x, y,
                 page_w / 2 - margin - 6);
      draw_chart (cr, self->charts[order[k]], x, y + 20, page_w / 2 - margin - 6,
                  page_h / 2 - margin - 30);
    }

  /* The figures behind the charts, every name whole. */
  {
    double y;

    cairo_show_page (cr);
    draw_text (cr, _("The Figures"), "Sans Bold 16", margin, margin, page_w - 2 * margin);
    y = margin + 32;
    for (guint i = 0; i < N_CHARTS; i++)
      if (i != CHART_HEAT)
        y = draw_table (cr, self->charts[i], _(yz_statistics_chart_titles[i]), y, page_w, page_h,
                        margin);
  }

  cairo_destroy (cr);
  cairo_surface_finish (surface);
  status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("Cannot write %s: %s"), path,
                   cairo_status_to_string (status));
      return FALSE;
    }
  return TRUE;
}
