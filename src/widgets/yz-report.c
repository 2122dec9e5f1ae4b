/* yz-report.c
 *
 * What leaves the console for a review: an alarm's incident report as PDF (cairo): the
 * station, the alarm, the picture taken when it was raised, what happened and who did it,
 * and the audit rows of every action on it with their hashes, so the paper can be checked
 * against the record. And the listed alarms as CSV (RFC 4180: quoted where needed, UTF-8).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "yz-report"

#include "config.h"

#include <cairo-pdf.h>
#include <errno.h>
#include <gdk/gdk.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <pango/pangocairo.h>

#include "yz-audit-window.h"
#include "yz-incident.h"
#include "yz-labels.h"
#include "yz-csv.h"
#include "yz-report.h"
#include "yz-record-audit.h"

#define PAGE_W 595.0 /* A4, points */
#define PAGE_H 842.0
#define MARGIN 56.0

typedef struct
{
  cairo_t *cr;
  double y;
} Page;

static void
paragraph (Page *page, const char *text, const char *font, double space_after)
{
  PangoLayout *layout = pango_cairo_create_layout (page->cr);
  PangoFontDescription *desc = pango_font_description_from_string (font);
  int width, height;

  pango_layout_set_font_description (layout, desc);
  pango_layout_set_width (layout, (int)((PAGE_W - 2 * MARGIN) * PANGO_SCALE));
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_text (layout, text, -1);
  pango_layout_get_pixel_size (layout, &width, &height);
  if (page->y + height > PAGE_H - MARGIN)
    {
      cairo_show_page (page->cr);
      page->y = MARGIN;
    }
  cairo_move_to (page->cr, MARGIN, page->y);
  pango_cairo_show_layout (page->cr, layout);
  page->y += height + space_after;
  pango_font_description_free (desc);
  g_object_unref (layout);
}

static void
picture (Page *page, GdkTexture *texture)
{
  int w = gdk_texture_get_width (texture), h = gdk_texture_get_height (texture);
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, w, h);
  double scale = MIN ((PAGE_W - 2 * MARGIN) / w, 260.0 / h);

  cairo_surface_flush (surface);
  gdk_texture_download (texture, cairo_image_surface_get_data (surface),
                        cairo_image_surface_get_stride (surface));
  cairo_surface_mark_dirty (surface);
  if (page->y + h * scale > PAGE_H - MARGIN)
    {
      cairo_show_page (page->cr);
      page->y = MARGIN;
    }
  cairo_save (page->cr);
  cairo_translate (page->cr, MARGIN, page->y);
  cairo_scale (page->cr, scale, scale);
  cairo_set_source_surface (page->cr, surface, 0, 0);
  cairo_paint (page->cr);
  cairo_restore (page->cr);
  page->y += h * scale + 12;
  cairo_surface_destroy (surface);
}

static YzStation *
find_station (YzSession *session, const char *id)
{
  GListModel *stations = yz_session_get_stations (session);

  for (guint i = 0; i < g_list_model_get_n_items (stations); i++)
    {
      g_autoptr(YzStation) station = g_list_model_get_item (stations, i);

      if (g_strcmp0 (yz_station_get_id (station), id) == 0)
        return station; /* the model keeps it */
    }
  return NULL;
}

void
yz_timeline_item_free (YzTimelineItem *item)
{
  if (item == NULL)
    return;
  g_free (item->text);
  g_free (item->snapshot_id);
  g_free (item);
}

static int
by_time (gconstpointer a, gconstpointer b)
{
  const YzTimelineItem *x = *(YzTimelineItem **)a, *y = *(YzTimelineItem **)b;

  return (x->time > y->time) - (x->time < y->time);
}

/**
 * yz_report_incident_timeline:
 *
 * What happened around @alarm's incident, in time order: each of its alarms' steps, and
 * the entries at the station from five minutes before the first alarm to half an hour after
 * the last (with their snapshots).
 *
 * Returns: (transfer full) (element-type YzTimelineItem)
 */
GPtrArray *
yz_report_incident_timeline (YzSession *session, YzAlarm *alarm)
{
  GPtrArray *items = g_ptr_array_new_with_free_func ((GDestroyNotify)yz_timeline_item_free);
  g_autoptr(YzIncident) incident = yz_session_incident_for_alarm (session, alarm);
  g_autoptr(GPtrArray) own = g_ptr_array_new ();
  GPtrArray *alarms = incident ? incident->alarms : own;
  YzStore *store = yz_session_get_store (session);
  gint64 from, to;

  if (incident == NULL)
    g_ptr_array_add (own, alarm);
  from = yz_alarm_get_raised_at (g_ptr_array_index (alarms, 0)) - 5 * 60 * 1000;
  to = yz_alarm_get_raised_at (g_ptr_array_index (alarms, alarms->len - 1)) +
       yz_session_get_incident_window (session);

  for (guint i = 0; i < alarms->len; i++)
    {
      YzAlarm *a = g_ptr_array_index (alarms, i);
      g_autoptr(GPtrArray) steps = yz_session_get_alarm_history (session, yz_alarm_get_id (a));

      for (guint k = 0; k < steps->len; k++)
        {
          YzAlarmStep *step = g_ptr_array_index (steps, k);
          YzTimelineItem *item = g_new0 (YzTimelineItem, 1);

          item->time = step->time;
          item->text = g_strdup_printf (
              "%s · %s%s%s%s%s", yz_label_alarm_type (yz_alarm_get_alarm_type (a)),
              yz_label_alarm_action (step->action), step->by ? " · " : "", step->by ? step->by : "",
              step->note ? " · " : "", step->note ? step->note : "");
          g_ptr_array_add (items, item);
        }
    }
  if (store != NULL)
    {
      g_autoptr(GPtrArray) entries =
          yz_record_entries_at_station (store, yz_alarm_get_station_id (alarm), from, to, 200);

      for (guint i = 0; i < entries->len; i++)
        {
          YzEntryData *entry = g_ptr_array_index (entries, i);
          YzTimelineItem *item = g_new0 (YzTimelineItem, 1);

          item->time = entry->time;
          item->text = g_strdup_printf ("%s · %s · %s", _("entry"),
                                        entry->person_name ? entry->person_name : _("Stranger"),
                                        yz_label_entry_result (entry->result));
          item->snapshot_id = g_strdup (entry->snapshot_id);
          g_ptr_array_add (items, item);
        }
    }
  g_ptr_array_sort (items, by_time);

  return items;
}

static gboolean
write_pdf (YzSession *session, YzAlarm *alarm, GBytes *snapshot, const char *path, GError **error)
{
  YzStation *station = find_station (session, yz_alarm_get_station_id (alarm));
  g_autoptr(GPtrArray) history = yz_session_get_alarm_history (session, yz_alarm_get_id (alarm));
  g_autofree char *raised = yz_format_time (yz_alarm_get_raised_at (alarm));
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *printed = g_date_time_format (now, "%Y-%m-%d %H:%M:%S");
  g_autofree char *tmp = g_strconcat (path, ".part", NULL);
  cairo_surface_t *surface;
  cairo_status_t status;
  Page page = { NULL, MARGIN };
  GString *text = g_string_new (NULL);

  surface = cairo_pdf_surface_create (tmp, PAGE_W, PAGE_H);
  if (cairo_surface_status (surface) != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("Cannot write %s: %s"), path,
                   cairo_status_to_string (cairo_surface_status (surface)));
      cairo_surface_destroy (surface);
      g_string_free (text, TRUE);
      return FALSE;
    }
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, _("Incident Report"));
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "Yizhan " PACKAGE_VERSION);
  page.cr = cairo_create (surface);
  cairo_set_source_rgb (page.cr, 0, 0, 0);

  paragraph (&page, _("Incident Report"), "Noto Sans CJK SC Bold 18", 4);
  {
    g_autofree char *line = g_strdup_printf (
        _("Printed %s by %s · alarm %s"), printed,
        yz_session_get_operator_name (session) ? yz_session_get_operator_name (session) : "?",
        yz_alarm_get_id (alarm));
    paragraph (&page, line, "Noto Sans CJK SC 9", 16);
  }

  paragraph (&page, _("Station"), "Noto Sans CJK SC Bold 12", 4);
  g_string_printf (
      text, "%s (%s)\n%s",
      station ? yz_station_get_name (station)
              : (yz_alarm_get_station_name (alarm) ? yz_alarm_get_station_name (alarm) : ""),
      yz_alarm_get_station_id (alarm), station ? yz_station_get_address (station) : "");
  paragraph (&page, text->str, "Noto Sans CJK SC 10", 12);

  {
    g_autoptr(YzIncident) incident = yz_session_incident_for_alarm (session, alarm);
    GPtrArray *alarms = incident ? incident->alarms : NULL;
    g_autoptr(GPtrArray) own = g_ptr_array_new ();
    g_autoptr(GString) targets = g_string_new (NULL);
    gint64 from, to;

    if (alarms == NULL)
      {
        g_ptr_array_add (own, alarm);
        alarms = own;
      }
    from = yz_alarm_get_raised_at (g_ptr_array_index (alarms, 0)) - 5 * 60 * 1000;
    to = yz_alarm_get_raised_at (g_ptr_array_index (alarms, alarms->len - 1)) +
         yz_session_get_incident_window (session);

    g_string_printf (
        text,
        g_dngettext (GETTEXT_PACKAGE, "Incident: %u alarm", "Incident: %u alarms", alarms->len),
        alarms->len);
    paragraph (&page, text->str, "Noto Sans CJK SC Bold 12", 4);
    for (guint i = 0; i < alarms->len; i++)
      {
        YzAlarm *a = g_ptr_array_index (alarms, i);
        g_autofree char *when = yz_format_time (yz_alarm_get_raised_at (a));

        g_string_printf (text, _("%s · %s priority · raised %s\nState: %s%s%s"),
                         yz_label_alarm_type (yz_alarm_get_alarm_type (a)),
                         yz_label_priority (yz_alarm_get_priority (a)), when,
                         yz_label_alarm_state (yz_alarm_get_state (a)),
                         yz_alarm_get_owner (a) ? " · " : "",
                         yz_alarm_get_owner (a) ? yz_alarm_get_owner (a) : "");
        if (yz_alarm_get_category (a) != NULL)
          g_string_append_printf (text, _("\nCategory: %s"), yz_alarm_get_category (a));
        if (yz_alarm_get_note (a) != NULL)
          g_string_append_printf (text, _("\nNote: %s"), yz_alarm_get_note (a));
        paragraph (&page, text->str,
                   a == alarm ? "Noto Sans CJK SC Bold 10" : "Noto Sans CJK SC 10", 8);
        {
          g_autofree char *quoted = g_strescape (yz_alarm_get_id (a), NULL);

          g_string_append_printf (targets, "%s\"%s\"", targets->len ? "," : "", quoted);
        }
      }

    if (snapshot != NULL)
      {
        g_autoptr(GdkTexture) texture = gdk_texture_new_from_bytes (snapshot, NULL);

        if (texture != NULL)
          {
            paragraph (&page, _("Picture taken when the alarm was raised"),
                       "Noto Sans CJK SC Bold 12", 4);
            picture (&page, texture);
          }
      }

    /* One timeline: what happened to each alarm, and who came through the doors. */
    paragraph (&page, _("Timeline"), "Noto Sans CJK SC Bold 12", 4);
    {
      g_autoptr(GPtrArray) items = yz_report_incident_timeline (session, alarm);

      g_string_truncate (text, 0);
      for (guint i = 0; i < items->len; i++)
        {
          YzTimelineItem *item = g_ptr_array_index (items, i);
          g_autofree char *when = yz_format_time (item->time);

          g_string_append_printf (text, "%s  %s\n", when, item->text);
        }
      paragraph (&page, text->len > 0 ? text->str : "—", "Noto Sans CJK SC 10", 12);
    }

    paragraph (&page, _("Operator actions in the audit log (with each row's hash)"),
               "Noto Sans CJK SC Bold 12", 4);
    g_string_truncate (text, 0);
    {
      /* The incident's alarms, and the station's doors during it. */
      g_autofree char *ids = g_strdup_printf ("[%s]", targets->str);
      g_autoptr(GPtrArray) rows = yz_record_audit_for_incident (
          yz_session_get_store (session), ids, yz_alarm_get_station_id (alarm), from, to);

      for (guint i = 0; i < rows->len; i++)
        {
          const YzAuditRow *row = g_ptr_array_index (rows, i);
          g_autoptr(GDateTime) time = g_date_time_new_from_unix_local (row->time / 1000);
          g_autofree char *when =
              time ? g_date_time_format (time, "%Y-%m-%d %H:%M:%S") : g_strdup ("?");
          g_autofree char *details =
              yz_audit_describe (row->action, row->door_name ? row->door_name : row->target,
                                 row->params, row->phase, row->result);

          /* The same readable row as the audit log window, then the hash to check it by. */
          g_string_append_printf (
              text, "#%" G_GINT64_FORMAT "  %s  %s  %s · %s\n   %s\n   %s\n", row->id, when,
              row->operator_name, yz_label_audit_action (row->action),
              yz_label_audit_outcome (yz_audit_outcome_of (row->phase, row->result)), details,
              row->hash);
        }
    }
    paragraph (&page, text->len > 0 ? text->str : "—", "Noto Sans Mono 8", 12);
  }

  cairo_destroy (page.cr);
  cairo_surface_finish (surface);
  status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);
  g_string_free (text, TRUE);
  if (status != CAIRO_STATUS_SUCCESS || g_rename (tmp, path) != 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("Cannot write %s: %s"), path,
                   status != CAIRO_STATUS_SUCCESS ? cairo_status_to_string (status)
                                                  : g_strerror (errno));
      g_unlink (tmp);
      return FALSE;
    }

  return TRUE;
}

typedef struct
{
  YzAlarm *alarm;
  char *path;
} Job;

static void
job_free (Job *job)
{
  g_object_unref (job->alarm);
  g_free (job->path);
  g_free (job);
}

static void
snapshot_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(GTask) task = user_data;
  Job *job = g_task_get_task_data (task);
  g_autoptr(GBytes) bytes = yz_session_fetch_snapshot_finish (YZ_SESSION (object), result, NULL);
  GError *error = NULL;

  /* No picture (offline, expired): the report goes out without it. */
  if (write_pdf (YZ_SESSION (object), job->alarm, bytes, job->path, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

/**
 * yz_report_write_pdf_async:
 *
 * Writes @alarm's incident report to @path (atomically: a .part file renamed at the end).
 */
void
yz_report_write_pdf_async (YzSession *session, YzAlarm *alarm, const char *path,
                           GCancellable *cancellable, GAsyncReadyCallback callback,
                           gpointer user_data)
{
  g_autoptr(GTask) task = g_task_new (session, cancellable, callback, user_data);
  Job *job = g_new0 (Job, 1);
  GError *error = NULL;

  g_task_set_source_tag (task, yz_report_write_pdf_async);
  job->alarm = g_object_ref (alarm);
  job->path = g_strdup (path);
  g_task_set_task_data (task, job, (GDestroyNotify)job_free);
  if (yz_alarm_get_snapshot_id (alarm) != NULL)
    {
      yz_session_fetch_snapshot_async (session, yz_alarm_get_snapshot_id (alarm), cancellable,
                                       snapshot_cb, g_steal_pointer (&task));
      return;
    }
  if (write_pdf (session, alarm, NULL, path, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

gboolean
yz_report_write_pdf_finish (GAsyncResult *result, GError **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * yz_report_write_csv:
 * @alarms: (element-type YzAlarm): the alarms as listed
 */
gboolean
yz_report_write_csv (GListModel *alarms, const char *path, GError **error)
{
  GString *csv =
      g_string_new ("id,station_id,station,type,priority,raised_at,state,owner,category,note\r\n");
  gboolean ok;

  for (guint i = 0; i < g_list_model_get_n_items (alarms); i++)
    {
      g_autoptr(YzAlarm) alarm = g_list_model_get_item (alarms, i);
      g_autoptr(GDateTime) raised =
          g_date_time_new_from_unix_local (yz_alarm_get_raised_at (alarm) / 1000);
      g_autofree char *when = raised ? g_date_time_format_iso8601 (raised) : g_strdup ("");
      const char *fields[] = {
        yz_alarm_get_id (alarm),
        yz_alarm_get_station_id (alarm),
        yz_alarm_get_station_name (alarm),
        yz_alarm_get_alarm_type (alarm),
        yz_priority_to_nick (yz_alarm_get_priority (alarm)),
        when,
        yz_alarm_state_to_nick (yz_alarm_get_state (alarm)),
        yz_alarm_get_owner (alarm),
        yz_alarm_get_category (alarm),
        yz_alarm_get_note (alarm),
      };

      yz_csv_append_row (csv, fields, G_N_ELEMENTS (fields));
    }
  ok = g_file_set_contents_full (path, csv->str, csv->len, G_FILE_SET_CONTENTS_CONSISTENT, 0644,
                                 error);
  g_string_free (csv, TRUE);

  return ok;
}
