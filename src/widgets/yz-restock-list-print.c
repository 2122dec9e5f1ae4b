/* yz-restock-list-print.c
 *
 * The restock list on paper, for the van: A4, a title with when and what it covers, then by
 * district a line per item with a box to tick, the station, the item, its level, when it runs
 * out and what to bring. A district's heading never ends a page alone, and a district that
 * goes on over a page break is headed again "(continued)". Printing and the PDF export share
 * this one GtkPrintOperation.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "yz-restock-list-print"

#include "config.h"

#include <glib/gi18n.h>

#include "yz-labels.h"
#include "yz-restock-list-print.h"

#define PRINT_FONT "Noto Sans CJK SC"

typedef enum
{
  PRINT_TITLE,
  PRINT_CAPTIONS,
  PRINT_DISTRICT,
  PRINT_LINE,
  PRINT_NOTHING,
  N_PRINT_KINDS
} PrintKind;

typedef struct
{
  PrintKind kind;
  guint line;         /* index into the plan */
  gboolean continued; /* a district carried over from the page before */
} PrintItem;

typedef struct
{
  GPtrArray *plan;
  char *title;
  char *subtitle;
  char *nothing;
  GArray *items;       /* PrintItem */
  GArray *page_starts; /* guint: the first item of each page */
  double heights[N_PRINT_KINDS];
  double footer;
} PrintJob;

static void
print_job_free (PrintJob *job)
{
  g_ptr_array_unref (job->plan);
  g_free (job->title);
  g_free (job->subtitle);
  g_free (job->nothing);
  g_clear_pointer (&job->items, g_array_unref);
  g_clear_pointer (&job->page_starts, g_array_unref);
  g_free (job);
}

static PangoLayout *
print_layout (GtkPrintContext *context, const char *text, const char *font, double width,
              gboolean wrap)
{
  PangoLayout *layout = gtk_print_context_create_pango_layout (context);
  PangoFontDescription *desc = pango_font_description_from_string (font);

  pango_layout_set_font_description (layout, desc);
  pango_font_description_free (desc);
  if (width > 0)
    {
      pango_layout_set_width (layout, (int)(width * PANGO_SCALE));
      if (wrap)
        pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
      else
        pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
    }
  pango_layout_set_text (layout, text ? text : "", -1);
  return layout;
}

static double
layout_height (PangoLayout *layout)
{
  int width, height;

  pango_layout_get_size (layout, &width, &height);
  return height / (double)PANGO_SCALE;
}

static void
print_text (GtkPrintContext *context, const char *text, const char *font, double x, double y,
            double width, PangoAlignment alignment)
{
  cairo_t *cr = gtk_print_context_get_cairo_context (context);
  g_autoptr(PangoLayout) layout = print_layout (context, text, font, width, FALSE);

  pango_layout_set_alignment (layout, alignment);
  cairo_move_to (cr, x, y);
  pango_cairo_show_layout (cr, layout);
}

/* Where the columns start, as fractions of the width; the first is the tick box. */
static const double column_x[] = { 0, 0.035, 0.40, 0.58, 0.73, 0.86, 1.0 };

static void
begin_print_cb (GtkPrintOperation *operation, GtkPrintContext *context, PrintJob *job)
{
  double width = gtk_print_context_get_width (context);
  double height = gtk_print_context_get_height (context);
  double y = 0;
  guint first = 0;
  PrintItem item = { 0 };

  {
    g_autoptr(PangoLayout) title =
        print_layout (context, job->title, PRINT_FONT " Bold 16", width, TRUE);
    g_autoptr(PangoLayout) subtitle =
        print_layout (context, job->subtitle, PRINT_FONT " 9", width, TRUE);
    g_autoptr(PangoLayout) caption =
        print_layout (context, "Ag 驿", PRINT_FONT " Bold 8", 0, FALSE);
    g_autoptr(PangoLayout) district =
        print_layout (context, "Ag 驿", PRINT_FONT " Bold 12", 0, FALSE);
    g_autoptr(PangoLayout) line = print_layout (context, "Ag 驿", PRINT_FONT " 10", 0, FALSE);
    g_autoptr(PangoLayout) footer = print_layout (context, "Ag 驿", PRINT_FONT " 8", 0, FALSE);
    g_autoptr(PangoLayout) nothing =
        print_layout (context, job->nothing, PRINT_FONT " 11", width, TRUE);

    job->heights[PRINT_TITLE] = layout_height (title) + 2 + layout_height (subtitle) + 14;
    job->heights[PRINT_CAPTIONS] = layout_height (caption) + 6;
    job->heights[PRINT_DISTRICT] = layout_height (district) + 10;
    job->heights[PRINT_LINE] = layout_height (line) + 8;
    job->heights[PRINT_NOTHING] = layout_height (nothing) + 8;
    job->footer = layout_height (footer) + 8;
  }
  height -= job->footer;

  g_array_set_size (job->items, 0);
  g_array_set_size (job->page_starts, 0);
  g_array_append_val (job->page_starts, first);

#define PUT(k, l, c)                                                                               \
  G_STMT_START                                                                                     \
  {                                                                                                \
    item.kind = (k);                                                                               \
    item.line = (l);                                                                               \
    item.continued = (c);                                                                          \
    g_array_append_val (job->items, item);                                                         \
    y += job->heights[k];                                                                          \
  }                                                                                                \
  G_STMT_END
#define NEW_PAGE()                                                                                 \
  G_STMT_START                                                                                     \
  {                                                                                                \
    guint start = job->items->len;                                                                 \
    g_array_append_val (job->page_starts, start);                                                  \
    y = 0;                                                                                         \
    PUT (PRINT_CAPTIONS, 0, FALSE);                                                                \
  }                                                                                                \
  G_STMT_END

  PUT (PRINT_TITLE, 0, FALSE);
  if (job->plan->len == 0)
    PUT (PRINT_NOTHING, 0, FALSE);
  else
    PUT (PRINT_CAPTIONS, 0, FALSE);
  for (guint i = 0; i < job->plan->len; i++)
    {
      YzSupplyLine *line = g_ptr_array_index (job->plan, i);
      YzSupplyLine *before = i > 0 ? g_ptr_array_index (job->plan, i - 1) : NULL;
      gboolean new_district = before == NULL || g_strcmp0 (line->district, before->district) != 0;

      /* A district's heading never ends a page alone. */
      if (new_district)
        {
          if (y + job->heights[PRINT_DISTRICT] + job->heights[PRINT_LINE] > height)
            NEW_PAGE ();
          PUT (PRINT_DISTRICT, i, FALSE);
        }
      else if (y + job->heights[PRINT_LINE] > height)
        {
          NEW_PAGE ();
          PUT (PRINT_DISTRICT, i, TRUE);
        }
      PUT (PRINT_LINE, i, FALSE);
    }
#undef NEW_PAGE
#undef PUT

  gtk_print_operation_set_n_pages (operation, job->page_starts->len);
}

static void
draw_line (GtkPrintContext *context, PrintJob *job, YzSupplyLine *line, double y)
{
  cairo_t *cr = gtk_print_context_get_cairo_context (context);
  double width = gtk_print_context_get_width (context);
  double h = job->heights[PRINT_LINE];
  g_autofree char *level = yz_supplies_format_level (line->stock);
  g_autofree char *days = yz_supplies_is_aed (line->stock)
                              ? g_strdup ("")
                              : yz_supplies_format_days_left (line->days_left);
  g_autofree char *bring = yz_supplies_bring_text (line);
  const char *texts[] = { line->station_name, yz_label_stock_item (yz_stock_get_item (line->stock)),
                          level, days, bring };

  /* A box to tick on the van. */
  cairo_set_source_rgb (cr, 0, 0, 0);
  cairo_set_line_width (cr, 0.6);
  cairo_rectangle (cr, 0.5, y + (h - 8) / 2 - 1, 8, 8);
  cairo_stroke (cr);
  for (guint c = 0; c < G_N_ELEMENTS (texts); c++)
    {
      double x = column_x[c + 1] * width;
      double w = (column_x[c + 2] - column_x[c + 1]) * width - 6;

      print_text (context, texts[c], c == 4 ? PRINT_FONT " Bold 10" : PRINT_FONT " 10", x, y + 2, w,
                  c == 4 ? PANGO_ALIGN_RIGHT : PANGO_ALIGN_LEFT);
    }
  cairo_set_source_rgb (cr, 0.75, 0.75, 0.75);
  cairo_set_line_width (cr, 0.4);
  cairo_move_to (cr, 0, y + h - 1.5);
  cairo_line_to (cr, width, y + h - 1.5);
  cairo_stroke (cr);
  cairo_set_source_rgb (cr, 0, 0, 0);
}

static void
draw_page_cb (GtkPrintOperation *operation, GtkPrintContext *context, int page_nr, PrintJob *job)
{
  cairo_t *cr = gtk_print_context_get_cairo_context (context);
  double width = gtk_print_context_get_width (context);
  double height = gtk_print_context_get_height (context);
  guint from = g_array_index (job->page_starts, guint, page_nr);
  guint to = (guint)page_nr + 1 < job->page_starts->len
                 ? g_array_index (job->page_starts, guint, page_nr + 1)
                 : job->items->len;
  double y = 0;

  cairo_set_source_rgb (cr, 0, 0, 0);
  for (guint i = from; i < to; i++)
    {
      PrintItem *item = &g_array_index (job->items, PrintItem, i);

      switch (item->kind)
        {
        case PRINT_TITLE:
          {
            g_autoptr(PangoLayout) title = NULL;
            g_autoptr(PangoLayout) subtitle = NULL;

            title = print_layout (context, job->title, PRINT_FONT " Bold 16", width, TRUE);
            subtitle = print_layout (context, job->subtitle, PRINT_FONT " 9", width, TRUE);
            cairo_move_to (cr, 0, y);
            pango_cairo_show_layout (cr, title);
            cairo_move_to (cr, 0, y + layout_height (title) + 2);
            pango_cairo_show_layout (cr, subtitle);
          }
          break;
        case PRINT_CAPTIONS:
          {
            const char *captions[] = { _("Station"), _("Item"), _("Level"), _("Runs Out"),
                                       _("Bring") };

            cairo_set_source_rgb (cr, 0.35, 0.35, 0.35);
            for (guint c = 0; c < G_N_ELEMENTS (captions); c++)
              print_text (context, captions[c], PRINT_FONT " Bold 8", column_x[c + 1] * width, y,
                          (column_x[c + 2] - column_x[c + 1]) * width - 6,
                          c == 4 ? PANGO_ALIGN_RIGHT : PANGO_ALIGN_LEFT);
            cairo_set_source_rgb (cr, 0, 0, 0);
          }
          break;
        case PRINT_DISTRICT:
          {
            YzSupplyLine *line = g_ptr_array_index (job->plan, item->line);
            const char *name =
                line->district && line->district[0] ? line->district : _("No District");
            /* TRANSLATORS: a district's heading on the next page of the printed list */
            g_autofree char *text =
                item->continued ? g_strdup_printf (_("%s (continued)"), name) : g_strdup (name);

            print_text (context, text, PRINT_FONT " Bold 12", 0, y + 4, width, PANGO_ALIGN_LEFT);
            cairo_set_line_width (cr, 0.8);
            cairo_move_to (cr, 0, y + job->heights[PRINT_DISTRICT] - 1);
            cairo_line_to (cr, width, y + job->heights[PRINT_DISTRICT] - 1);
            cairo_stroke (cr);
          }
          break;
        case PRINT_LINE:
          draw_line (context, job, g_ptr_array_index (job->plan, item->line), y);
          break;
        case PRINT_NOTHING:
          {
            g_autoptr(PangoLayout) layout = NULL;

            layout = print_layout (context, job->nothing, PRINT_FONT " 11", width, TRUE);
            cairo_move_to (cr, 0, y + 4);
            pango_cairo_show_layout (cr, layout);
          }
          break;
        case N_PRINT_KINDS:
        default:
          g_assert_not_reached ();
        }
      y += job->heights[item->kind];
    }

  {
    g_autofree char *footer =
        g_strdup_printf (_("Page %d of %d"), page_nr + 1, (int)job->page_starts->len);

    cairo_set_source_rgb (cr, 0.35, 0.35, 0.35);
    print_text (context, footer, PRINT_FONT " 8", 0, height - job->footer + 6, width,
                PANGO_ALIGN_CENTER);
  }
}

/**
 * yz_restock_list_print_new:
 * @plan: (element-type YzSupplyLine): the restock list, as yz_supplies_plan() makes it
 * @district: (nullable): the district it is for; %NULL: every district
 * @horizon_days: how far ahead it looks
 *
 * Returns: (transfer full): an operation that prints @plan (run it with a dialog to print,
 *   or export it to a PDF file)
 */
GtkPrintOperation *
yz_restock_list_print_new (GPtrArray *plan, const char *district, guint horizon_days)
{
  GtkPrintOperation *operation;
  g_autoptr(GtkPageSetup) setup = NULL;
  g_autoptr(GtkPaperSize) a4 = NULL;
  g_autoptr(GDateTime) now = NULL;
  PrintJob *job;

  g_return_val_if_fail (plan != NULL, NULL);

  operation = gtk_print_operation_new ();
  setup = gtk_page_setup_new ();
  a4 = gtk_paper_size_new (GTK_PAPER_NAME_A4);
  now = g_date_time_new_now_local ();
  job = g_new0 (PrintJob, 1);
  job->plan = g_ptr_array_ref (plan);
  job->title = g_strdup (_("Restock List"));
  job->subtitle = yz_supplies_plan_subtitle (now, district, horizon_days, plan->len);
  job->nothing = yz_supplies_nothing_to_bring (horizon_days);
  job->items = g_array_new (FALSE, FALSE, sizeof (PrintItem));
  job->page_starts = g_array_new (FALSE, FALSE, sizeof (guint));

  gtk_page_setup_set_paper_size_and_default_margins (setup, a4);
  gtk_print_operation_set_default_page_setup (operation, setup);
  gtk_print_operation_set_unit (operation, GTK_UNIT_POINTS);
  gtk_print_operation_set_job_name (operation, job->title);
  gtk_print_operation_set_embed_page_setup (operation, TRUE);
  /* The job lives as long as the operation: its first handler frees it. */
  g_signal_connect_data (operation, "begin-print", G_CALLBACK (begin_print_cb), job,
                         (GClosureNotify)print_job_free, 0);
  g_signal_connect (operation, "draw-page", G_CALLBACK (draw_page_cb), job);

  return operation;
}
