/* yz-statistics-page.c
 *
 * What the network did over a range of days: visits and distinct workers, by occupation,
 * by station (busiest and quietest), by day and by weekday and hour; alarms by type and
 * priority, how fast they were acknowledged and resolved, and by whom; door commands by
 * reason; stock consumed by item. Read from the store's rollups (yz-stats.c), drawn by
 * YzChart; exported as CSV (one file per table) and as a PDF report (yz-statistics-export.c).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "yz-statistics-page"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "yz-labels.h"
#include "yz-report.h"
#include "yz-statistics-page-private.h"
#include "yz-widgets.h"

#define REFRESH_EVERY_S 30
#define MIN_MS (60.0 * 1000)

G_DEFINE_FINAL_TYPE (YzStatisticsPage, yz_statistics_page, GTK_TYPE_WIDGET)

enum
{
  PROP_0,
  PROP_SESSION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

const char *const yz_statistics_chart_titles[N_CHARTS] = {
  N_("Visits per Day"),
  N_("Visits and Workers by Occupation"),
  N_("Busiest Stations"),
  N_("Quietest Stations"),
  N_("Visits by Weekday and Hour"),
  N_("Alarms by Type"),
  N_("Alarms by Priority"),
  N_("Response Times (minutes)"),
  N_("Alarms Handled per Operator"),
  N_("Door Commands by Reason"),
  N_("Supplies Used and Restocked"),
};

const char *const yz_statistics_total_names[N_TOTALS] = {
  N_("Visits"),
  N_("Workers Served"),
  N_("Refused or Strangers"),
  N_("Alarms"),
  N_("Median Time to Acknowledge"),
  N_("Median Time to Resolve"),
};

static const char *const weekdays[7] = {
  NC_("weekday", "Mon"), NC_("weekday", "Tue"), NC_("weekday", "Wed"), NC_("weekday", "Thu"),
  NC_("weekday", "Fri"), NC_("weekday", "Sat"), NC_("weekday", "Sun"),
};

/* ---- the range ---- */

static guint32
today (YzStatisticsPage *self)
{
  return yz_stats_day_of (self->tz, g_get_real_time () / 1000);
}

static guint32
day_of_calendar (GtkCalendar *calendar)
{
  g_autoptr(GDateTime) date = gtk_calendar_get_date (calendar);

  return g_date_time_get_year (date) * 10000 + g_date_time_get_month (date) * 100 +
         g_date_time_get_day_of_month (date);
}

static void
compute_range (YzStatisticsPage *self, guint32 *from, guint32 *to)
{
  guint32 now = today (self);

  *to = now;
  switch (gtk_drop_down_get_selected (self->range_dropdown))
    {
    case 0:
      *from = now;
      break;
    case 1:
      *from = yz_stats_day_add (now, -6);
      break;
    case 2:
      *from = yz_stats_day_add (now, -29);
      break;
    case 3:
      *from = now / 100 * 100 + 1;
      break;
    case 4:
      *from = now / 10000 * 10000 + 101;
      break;
    default:
      *from = MIN (self->custom_from, self->custom_to);
      *to = MAX (self->custom_from, self->custom_to);
      break;
    }
}

char *
yz_statistics_format_day (guint32 day)
{
  g_autoptr(GDateTime) date =
      g_date_time_new_local (day / 10000, day / 100 % 100, day % 100, 12, 0, 0);

  /* TRANSLATORS: a day, as strftime; the Chinese translation is "%Y年%-m月%-d日" */
  return date ? g_date_time_format (date, _("%-d %B %Y")) : g_strdup ("");
}

static char *
format_minutes (gint64 ms)
{
  if (ms < 0)
    return g_strdup ("—");
  if (ms < 60 * 1000)
    return g_strdup_printf (_("%d s"), (int)(ms / 1000));
  return g_strdup_printf (_("%.1f min"), ms / MIN_MS);
}

/* ---- filling the charts ---- */

static void
set_bars (YzChart *chart, GPtrArray *labels, const char *series, GArray *values,
          const char *series2, GArray *values2)
{
  g_ptr_array_add (labels, NULL);
  yz_chart_clear_series (chart);
  yz_chart_set_categories (chart, (const char *const *)labels->pdata);
  if (values->len > 0)
    yz_chart_add_series (chart, series, (const double *)values->data, values->len);
  if (series2 != NULL && values2->len > 0)
    yz_chart_add_series (chart, series2, (const double *)values2->data, values2->len);
}

static void
append (GArray *values, double value)
{
  g_array_append_val (values, value);
}

static void
fill_charts (YzStatisticsPage *self)
{
  g_autoptr(GPtrArray) labels = NULL;
  g_autoptr(GArray) a = NULL;
  g_autoptr(GArray) b = NULL;
  const YzStatsVisits *v = &self->visits;
  const YzStatsAlarms *al = &self->alarms;
  const YzStatsSupplies *su = &self->supplies;
  guint n_days = v->trend ? v->trend->len : 0;
  guint n_stations = v->stations ? v->stations->len : 0;
  const char *visits_name = _("Visits");

#define RESET()                                                                                    \
  G_STMT_START                                                                                     \
  {                                                                                                \
    g_clear_pointer (&labels, g_ptr_array_unref);                                                  \
    g_clear_pointer (&a, g_array_unref);                                                           \
    g_clear_pointer (&b, g_array_unref);                                                           \
    labels = g_ptr_array_new_with_free_func (g_free);                                              \
    a = g_array_new (FALSE, FALSE, sizeof (double));                                               \
    b = g_array_new (FALSE, FALSE, sizeof (double));                                               \
  }                                                                                                \
  G_STMT_END

  /* Visits per day; per week (named by its first day) or per month over a longer range,
   * so that every bar keeps a label that can be read. */
  RESET ();
  if (n_days <= 31)
    for (guint i = 0; i < n_days; i++)
      {
        const YzStatsRow *row = &g_array_index (v->trend, YzStatsRow, i);
        guint32 day = atoi (row->key);

        g_ptr_array_add (labels, g_strdup_printf ("%02u-%02u", day / 100 % 100, day % 100));
        append (a, row->value);
      }
  else if (n_days <= 92)
    for (guint i = 0; i < n_days; i++)
      {
        const YzStatsRow *row = &g_array_index (v->trend, YzStatsRow, i);
        guint32 day = atoi (row->key);

        if (i % 7 == 0)
          {
            g_ptr_array_add (labels, g_strdup_printf ("%02u-%02u", day / 100 % 100, day % 100));
            append (a, 0);
          }
        g_array_index (a, double, a->len - 1) += row->value;
      }
  else
    for (guint i = 0; i < n_days; i++)
      {
        const YzStatsRow *row = &g_array_index (v->trend, YzStatsRow, i);
        guint32 day = atoi (row->key);
        g_autofree char *month = g_strdup_printf ("%04u-%02u", day / 10000, day / 100 % 100);

        if (labels->len == 0 || g_strcmp0 (g_ptr_array_index (labels, labels->len - 1), month) != 0)
          {
            g_ptr_array_add (labels, g_steal_pointer (&month));
            append (a, 0);
          }
        g_array_index (a, double, a->len - 1) += row->value;
      }
  set_bars (self->charts[CHART_TREND], labels, visits_name, a, NULL, NULL);

  RESET ();
  for (guint i = 0; v->occupations && i < v->occupations->len; i++)
    {
      const YzStatsRow *row = &g_array_index (v->occupations, YzStatsRow, i);

      g_ptr_array_add (labels, g_strdup (yz_label_occupation (row->key)));
      append (a, row->value);
      append (b, row->value2);
    }
  set_bars (self->charts[CHART_OCCUPATIONS], labels, visits_name, a, _("Workers"), b);

  RESET ();
  for (guint i = 0; i < MIN (10, n_stations); i++)
    {
      const YzStatsRow *row = &g_array_index (v->stations, YzStatsRow, i);

      g_ptr_array_add (labels, g_strdup (row->label ? row->label : row->key));
      append (a, row->value);
    }
  set_bars (self->charts[CHART_BUSIEST], labels, visits_name, a, NULL, NULL);

  /* The quietest, fewest first; only when there are more stations than the busiest list. */
  RESET ();
  for (guint i = 0; n_stations > 10 && i < MIN (10, n_stations - 10); i++)
    {
      const YzStatsRow *row = &g_array_index (v->stations, YzStatsRow, n_stations - 1 - i);

      g_ptr_array_add (labels, g_strdup (row->label ? row->label : row->key));
      append (a, row->value);
    }
  set_bars (self->charts[CHART_QUIETEST], labels, visits_name, a, NULL, NULL);

  /* Weekday × hour. */
  {
    const char *rows[8];
    char *hours[25];
    double cells[7 * 24];
    gboolean any = FALSE;

    for (guint d = 0; d < 7; d++)
      rows[d] = g_dpgettext2 (GETTEXT_PACKAGE, "weekday", weekdays[d]);
    rows[7] = NULL;
    for (guint h = 0; h < 24; h++)
      hours[h] = g_strdup_printf ("%u", h);
    hours[24] = NULL;
    for (guint d = 0; d < 7; d++)
      for (guint h = 0; h < 24; h++)
        any |= (cells[d * 24 + h] = v->heat[d][h]) > 0;
    yz_chart_clear_series (self->charts[CHART_HEAT]);
    yz_chart_set_rows (self->charts[CHART_HEAT], rows);
    yz_chart_set_categories (self->charts[CHART_HEAT], (const char *const *)hours);
    if (any)
      yz_chart_add_series (self->charts[CHART_HEAT], visits_name, cells, 7 * 24);
    for (guint h = 0; h < 24; h++)
      g_free (hours[h]);
  }

  RESET ();
  for (guint i = 0; al->types && i < al->types->len; i++)
    {
      const YzStatsRow *row = &g_array_index (al->types, YzStatsRow, i);

      g_ptr_array_add (labels, g_strdup (yz_label_alarm_type (row->key)));
      append (a, row->value);
    }
  set_bars (self->charts[CHART_ALARM_TYPES], labels, _("Alarms"), a, NULL, NULL);

  RESET ();
  for (int p = 3; p >= 0 && al->raised > 0; p--)
    {
      g_ptr_array_add (labels, g_strdup (yz_label_priority ((YzPriority)(YZ_PRIORITY_LOW + p))));
      append (a, al->priorities[p]);
    }
  set_bars (self->charts[CHART_PRIORITIES], labels, _("Alarms"), a, NULL, NULL);

  RESET ();
  if (al->acknowledged > 0)
    {
      g_ptr_array_add (labels, g_strdup (_("Acknowledge, median")));
      append (a, al->ack_median_ms / MIN_MS);
      g_ptr_array_add (labels, g_strdup (_("Acknowledge, 90 %")));
      append (a, al->ack_p90_ms / MIN_MS);
    }
  if (al->resolved > 0)
    {
      g_ptr_array_add (labels, g_strdup (_("Resolve, median")));
      append (a, al->resolve_median_ms / MIN_MS);
      g_ptr_array_add (labels, g_strdup (_("Resolve, 90 %")));
      append (a, al->resolve_p90_ms / MIN_MS);
    }
  set_bars (self->charts[CHART_RESPONSE], labels, _("Minutes"), a, NULL, NULL);

  RESET ();
  for (guint i = 0; al->operators && i < MIN (12, al->operators->len); i++)
    {
      const YzStatsRow *row = &g_array_index (al->operators, YzStatsRow, i);

      g_ptr_array_add (labels, g_strdup (row->key));
      append (a, row->value);
      append (b, row->value2);
    }
  set_bars (self->charts[CHART_OPERATORS], labels, _("Acknowledged"), a, _("Resolved"), b);

  RESET ();
  for (guint i = 0; su->reasons && i < MIN (10, su->reasons->len); i++)
    {
      const YzStatsRow *row = &g_array_index (su->reasons, YzStatsRow, i);

      /* A reason code, named in the viewer's language. */
      g_ptr_array_add (labels, g_strdup (yz_label_door_reason (row->key)));
      append (a, row->value);
    }
  set_bars (self->charts[CHART_DOOR_REASONS], labels, _("Door commands"), a, NULL, NULL);

  RESET ();
  for (guint i = 0; su->items && i < su->items->len; i++)
    {
      const YzStatsRow *row = &g_array_index (su->items, YzStatsRow, i);

      g_ptr_array_add (labels, g_strdup (yz_label_stock_item (row->key)));
      append (a, row->value);
      append (b, row->value2);
    }
  set_bars (self->charts[CHART_STOCK], labels, _("Used"), a, _("Restocked"), b);
#undef RESET
}

static void
set_total (YzStatisticsPage *self, TotalId id, const char *text)
{
  yz_totals_card_set_value (self->totals[id], text);
}

static void
fill_totals (YzStatisticsPage *self)
{
  g_autofree char *visits = g_strdup_printf ("%" G_GINT64_FORMAT, self->visits.granted);
  g_autofree char *workers = g_strdup_printf ("%" G_GINT64_FORMAT, self->visits.workers);
  g_autofree char *refused = g_strdup_printf ("%" G_GINT64_FORMAT, self->visits.denied);
  g_autofree char *alarms = g_strdup_printf ("%" G_GINT64_FORMAT, self->alarms.raised);
  g_autofree char *ack = format_minutes (self->alarms.ack_median_ms);
  g_autofree char *resolve = format_minutes (self->alarms.resolve_median_ms);

  set_total (self, TOTAL_VISITS, visits);
  set_total (self, TOTAL_WORKERS, workers);
  set_total (self, TOTAL_REFUSED, refused);
  set_total (self, TOTAL_ALARMS, alarms);
  set_total (self, TOTAL_ACK, ack);
  set_total (self, TOTAL_RESOLVE, resolve);
}

static const char *
selected_district (YzStatisticsPage *self)
{
  guint i = gtk_drop_down_get_selected (self->district_dropdown);

  if (i == 0 || i == GTK_INVALID_LIST_POSITION)
    return NULL;
  return gtk_string_list_get_string (self->districts, i);
}

static const char *
selected_station (YzStatisticsPage *self)
{
  guint i = gtk_drop_down_get_selected (self->station_dropdown);

  if (self->station_ids == NULL || i == GTK_INVALID_LIST_POSITION || i >= self->station_ids->len)
    return NULL;
  return g_ptr_array_index (self->station_ids, i);
}

/**
 * yz_statistics_page_what_to_show:
 * @have_data: whether the record holds stations or anything counted
 *
 * The charts, or which empty state stands in for them: a plain function, for tests.
 */
YzStatisticsShow
yz_statistics_page_what_to_show (gboolean have_session, YzConnectionState state, gboolean have_data)
{
  if (!have_session)
    return YZ_STATISTICS_SHOW_NO_GATEWAY;
  if (have_data)
    return YZ_STATISTICS_SHOW_CHARTS;
  if (state != YZ_CONNECTION_CONNECTED)
    return YZ_STATISTICS_SHOW_NOT_CONNECTED;
  return YZ_STATISTICS_SHOW_NOTHING_YET;
}

static void
show_empty (YzStatisticsPage *self, gboolean have_session, gboolean have_data)
{
  YzConnectionState state =
      self->session ? yz_session_get_connection_state (self->session) : YZ_CONNECTION_DISCONNECTED;
  YzStatisticsShow show = yz_statistics_page_what_to_show (have_session, state, have_data);

  switch (show)
    {
    case YZ_STATISTICS_SHOW_NO_GATEWAY:
      adw_status_page_set_icon_name (self->empty_page, "network-offline-symbolic");
      adw_status_page_set_title (self->empty_page, _("No Gateway Is Set Up"));
      adw_status_page_set_description (
          self->empty_page,
          _("Visits, workers served by occupation and alarm response times are "
             "charted here from the console’s own record once it is connected to a gateway."));
      break;
    case YZ_STATISTICS_SHOW_NOT_CONNECTED:
      adw_status_page_set_icon_name (self->empty_page, "network-offline-symbolic");
      adw_status_page_set_title (self->empty_page, _("Not Connected to the Gateway"));
      adw_status_page_set_description (
          self->empty_page,
          _("Nothing is recorded yet. The statistics show when the connection is back."));
      break;
    case YZ_STATISTICS_SHOW_NOTHING_YET:
      adw_status_page_set_icon_name (self->empty_page, "x-office-spreadsheet-symbolic");
      adw_status_page_set_title (self->empty_page, _("Nothing Counted Yet"));
      adw_status_page_set_description (self->empty_page,
                                       _("Connected to the gateway: visits, workers and alarms "
                                          "are counted here as they arrive."));
      break;
    case YZ_STATISTICS_SHOW_CHARTS:
    default:
      break;
    }
  gtk_widget_set_visible (self->setup_button, show == YZ_STATISTICS_SHOW_NO_GATEWAY);
  gtk_stack_set_visible_child_name (self->stack,
                                    show == YZ_STATISTICS_SHOW_CHARTS ? "charts" : "empty");
}

static void
connection_changed_cb (YzStatisticsPage *self)
{
  /* Only the empty state depends on it: the charts are the record's. */
  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "empty") == 0)
    yz_statistics_page_refresh (self);
}

/**
 * yz_statistics_page_refresh:
 *
 * Reads every view again for the chosen range and filter.
 */
void
yz_statistics_page_refresh (YzStatisticsPage *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *from_text = NULL;
  g_autofree char *to_text = NULL;
  g_autofree char *range_text = NULL;
  YzStore *store;
  gint64 started;

  g_return_if_fail (YZ_IS_STATISTICS_PAGE (self));

  self->dirty = FALSE;
  store = self->session ? yz_session_get_store (self->session) : NULL;
  if (store == NULL)
    {
      show_empty (self, self->session != NULL, FALSE);
      return;
    }

  yz_stats_filter_clear (&self->filter);
  compute_range (self, &self->filter.from_day, &self->filter.to_day);
  self->filter.district = g_strdup (selected_district (self));
  self->filter.station_id = g_strdup (selected_station (self));

  yz_stats_visits_clear (&self->visits);
  yz_stats_alarms_clear (&self->alarms);
  yz_stats_supplies_clear (&self->supplies);
  started = g_get_monotonic_time ();
  if (!yz_stats_visits (store, self->tz, &self->filter, &self->visits, &error) ||
      !yz_stats_alarms (store, &self->filter, &self->alarms, &error) ||
      !yz_stats_supplies (store, &self->filter, &self->supplies, &error))
    {
      g_warning ("Cannot read the statistics: %s", error->message);
      gtk_label_set_label (self->range_label, error->message);
      return;
    }
  self->last_query_us = g_get_monotonic_time () - started;
  g_debug ("Statistics read in %.1f ms", self->last_query_us / 1000.0);

  from_text = yz_statistics_format_day (self->filter.from_day);
  to_text = yz_statistics_format_day (self->filter.to_day);
  range_text = self->filter.from_day == self->filter.to_day
                   ? g_strdup (from_text)
                   : g_strdup_printf (_("%s to %s"), from_text, to_text);
  gtk_label_set_label (self->range_label, range_text);

  fill_totals (self);
  fill_charts (self);
  show_empty (self, TRUE,
              g_list_model_get_n_items (yz_session_get_stations (self->session)) > 0 ||
                  self->visits.granted + self->visits.denied + self->alarms.raised > 0);
}

static gboolean
refresh_cb (gpointer user_data)
{
  YzStatisticsPage *self = user_data;

  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    yz_statistics_page_refresh (self);
  else
    self->dirty = TRUE;
  return G_SOURCE_CONTINUE;
}

/* ---- filters ---- */

static void
rebuild_stations (YzStatisticsPage *self)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  const char *district = selected_district (self);
  GListModel *stations = self->session ? yz_session_get_stations (self->session) : NULL;
  GtkStringList *list;

  g_clear_pointer (&self->station_ids, g_ptr_array_unref);
  self->station_ids = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (self->station_ids, NULL);
  g_ptr_array_add (names, (gpointer)_("All Stations"));
  for (guint i = 0; stations && i < g_list_model_get_n_items (stations); i++)
    {
      g_autoptr(YzStation) station = g_list_model_get_item (stations, i);

      if (district != NULL && g_strcmp0 (district, yz_station_get_district (station)) != 0)
        continue;
      g_ptr_array_add (self->station_ids, g_strdup (yz_station_get_id (station)));
      g_ptr_array_add (names, (gpointer)yz_station_get_name (station));
    }
  g_ptr_array_add (names, NULL);
  list = gtk_string_list_new ((const char *const *)names->pdata);
  g_set_object (&self->stations, list);
  g_object_unref (list);
  gtk_drop_down_set_model (self->station_dropdown, G_LIST_MODEL (self->stations));
  gtk_drop_down_set_selected (self->station_dropdown, 0);
}

static int
compare_collated (gconstpointer a, gconstpointer b)
{
  return g_utf8_collate (*(const char *const *)a, *(const char *const *)b);
}

static void
rebuild_districts (YzStatisticsPage *self)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  g_autofree char *current = g_strdup (selected_district (self));
  GListModel *stations = self->session ? yz_session_get_stations (self->session) : NULL;
  GtkStringList *list;
  guint select = 0;

  for (guint i = 0; stations && i < g_list_model_get_n_items (stations); i++)
    {
      g_autoptr(YzStation) station = g_list_model_get_item (stations, i);
      const char *district = yz_station_get_district (station);

      if (district != NULL && district[0] != '\0' && g_hash_table_add (seen, (gpointer)district))
        g_ptr_array_add (names, (gpointer)district);
    }
  g_ptr_array_sort (names, compare_collated);
  g_ptr_array_insert (names, 0, (gpointer)_("All Districts"));
  g_ptr_array_add (names, NULL);
  for (guint i = 1; current && names->pdata[i]; i++)
    if (g_str_equal (current, names->pdata[i]))
      select = i;

  list = gtk_string_list_new ((const char *const *)names->pdata);
  g_set_object (&self->districts, list);
  g_object_unref (list);
  g_signal_handlers_block_matched (self->district_dropdown, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL,
                                   self);
  gtk_drop_down_set_model (self->district_dropdown, G_LIST_MODEL (self->districts));
  gtk_drop_down_set_selected (self->district_dropdown, select);
  g_signal_handlers_unblock_matched (self->district_dropdown, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL,
                                     self);
  rebuild_stations (self);
}

static void
update_custom_label (YzStatisticsPage *self)
{
  g_autofree char *from = yz_statistics_format_day (MIN (self->custom_from, self->custom_to));
  g_autofree char *to = yz_statistics_format_day (MAX (self->custom_from, self->custom_to));
  g_autofree char *label = g_strdup_printf ("%s – %s", from, to);
  guint32 days[2] = { MIN (self->custom_from, self->custom_to),
                      MAX (self->custom_from, self->custom_to) };
  GtkCalendar *calendars[2] = { self->from_calendar, self->to_calendar };

  gtk_menu_button_set_label (self->custom_button, label);
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(GDateTime) date =
          g_date_time_new_local (days[i] / 10000, days[i] / 100 % 100, days[i] % 100, 12, 0, 0);

      if (date != NULL)
        gtk_calendar_select_day (calendars[i], date);
    }
}

static void
range_changed_cb (YzStatisticsPage *self)
{
  gboolean custom = gtk_drop_down_get_selected (self->range_dropdown) == 5;

  gtk_widget_set_visible (GTK_WIDGET (self->custom_button), custom);
  if (custom)
    {
      update_custom_label (self);
      gtk_menu_button_popup (self->custom_button);
    }
  yz_statistics_page_refresh (self);
}

static void
custom_apply_cb (YzStatisticsPage *self)
{
  self->custom_from = day_of_calendar (self->from_calendar);
  self->custom_to = day_of_calendar (self->to_calendar);
  update_custom_label (self);
  gtk_popover_popdown (self->custom_popover);
  yz_statistics_page_refresh (self);
}

static void
district_changed_cb (YzStatisticsPage *self)
{
  g_signal_handlers_block_matched (self->station_dropdown, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL,
                                   self);
  rebuild_stations (self);
  g_signal_handlers_unblock_matched (self->station_dropdown, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL,
                                     self);
  yz_statistics_page_refresh (self);
}

static void
stations_changed_cb (YzStatisticsPage *self)
{
  g_signal_handlers_block_matched (self->station_dropdown, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL,
                                   self);
  rebuild_districts (self);
  g_signal_handlers_unblock_matched (self->station_dropdown, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL,
                                     self);
  self->dirty = TRUE;
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    yz_statistics_page_refresh (self);
}

/* ---- export actions ---- */

static void
csv_chosen_cb (GtkWidget *owner, const char *path, gpointer user_data)
{
  YzStatisticsPage *self = YZ_STATISTICS_PAGE (owner);
  g_autoptr(GFile) folder = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autofree char *name = g_file_get_parse_name (folder);
  g_autofree char *text = NULL;

  if (yz_statistics_page_export_csv (self, folder, &error))
    text = g_strdup_printf (_("Tables written to %s"), name);
  else
    text = g_strdup_printf (_("Cannot write the tables: %s"), error->message);
  yz_toast (owner, text);
}

static void
export_csv_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  yz_choose_file (widget, GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER,
                  _("Export the Tables to a Folder"), _("_Export"), NULL, csv_chosen_cb, NULL,
                  NULL);
}

static void
pdf_chosen_cb (GtkWidget *owner, const char *path, gpointer user_data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  if (yz_statistics_page_export_pdf (YZ_STATISTICS_PAGE (owner), path, &error))
    text = g_strdup_printf (_("Report written to %s"), path);
  else
    text = g_strdup_printf (_("Cannot write the report: %s"), error->message);
  yz_toast (owner, text);
}

static void
export_pdf_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  YzStatisticsPage *self = YZ_STATISTICS_PAGE (widget);
  g_autofree char *name = g_strdup_printf ("%s-%u-%u.pdf", _("statistics"), self->filter.from_day,
                                           self->filter.to_day);

  yz_choose_file (widget, GTK_FILE_CHOOSER_ACTION_SAVE, _("Export the Statistics Report"),
                  _("_Export"), name, pdf_chosen_cb, NULL, NULL);
}

/* ---- building ---- */

static GtkWidget *
card (YzStatisticsPage *self, ChartId id, YzChartKind kind, int height)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *title = gtk_label_new (_(yz_statistics_chart_titles[id]));
  GtkWidget *chart = yz_chart_new (kind);

  gtk_widget_add_css_class (box, "card");
  gtk_widget_add_css_class (box, "chart-card");
  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_widget_add_css_class (title, "heading");
  gtk_widget_set_margin_start (title, 12);
  gtk_widget_set_margin_top (title, 12);
  gtk_widget_set_size_request (chart, -1, height);
  gtk_widget_set_margin_start (chart, 6);
  gtk_widget_set_margin_end (chart, 6);
  gtk_widget_set_margin_bottom (chart, 6);
  gtk_widget_set_vexpand (chart, TRUE);
  yz_chart_set_empty_text (YZ_CHART (chart), _("Nothing in this range"));
  gtk_box_append (GTK_BOX (box), title);
  gtk_box_append (GTK_BOX (box), chart);
  self->charts[id] = YZ_CHART (chart);

  return box;
}

static void
build (YzStatisticsPage *self)
{
  static const struct
  {
    ChartId id;
    YzChartKind kind;
    int col, row, width, height;
  } layout[] = {
    { CHART_TREND, YZ_CHART_BARS, 0, 0, 2, 240 },
    { CHART_OCCUPATIONS, YZ_CHART_BARS, 0, 1, 1, 240 },
    { CHART_HEAT, YZ_CHART_HEATMAP, 1, 1, 1, 240 },
    { CHART_BUSIEST, YZ_CHART_HBARS, 0, 2, 1, 300 },
    { CHART_QUIETEST, YZ_CHART_HBARS, 1, 2, 1, 300 },
    { CHART_ALARM_TYPES, YZ_CHART_HBARS, 0, 3, 1, 280 },
    { CHART_PRIORITIES, YZ_CHART_BARS, 1, 3, 1, 280 },
    { CHART_RESPONSE, YZ_CHART_BARS, 0, 4, 1, 240 },
    { CHART_OPERATORS, YZ_CHART_BARS, 1, 4, 1, 240 },
    { CHART_DOOR_REASONS, YZ_CHART_HBARS, 0, 5, 1, 240 },
    { CHART_STOCK, YZ_CHART_BARS, 1, 5, 1, 240 },
  };

  for (guint i = 0; i < N_TOTALS; i++)
    {
      GtkWidget *card = yz_totals_card_new (_(yz_statistics_total_names[i]));

      gtk_box_append (self->totals_box, card);
      self->totals[i] = YZ_TOTALS_CARD (card);
    }

  for (guint i = 0; i < G_N_ELEMENTS (layout); i++)
    gtk_grid_attach (self->grid, card (self, layout[i].id, layout[i].kind, layout[i].height),
                     layout[i].col, layout[i].row, layout[i].width, 1);

  yz_chart_set_value_format (self->charts[CHART_RESPONSE], "%.1f");
}

static void
yz_statistics_page_map (GtkWidget *widget)
{
  YzStatisticsPage *self = YZ_STATISTICS_PAGE (widget);

  GTK_WIDGET_CLASS (yz_statistics_page_parent_class)->map (widget);
  if (self->dirty)
    yz_statistics_page_refresh (self);
}

static void
yz_statistics_page_dispose (GObject *object)
{
  YzStatisticsPage *self = YZ_STATISTICS_PAGE (object);
  GtkWidget *child;

  yz_statistics_page_set_session (self, NULL);
  g_clear_handle_id (&self->refresh_id, g_source_remove);
  g_clear_object (&self->session_signals);
  g_clear_object (&self->stations_signals);
  gtk_widget_dispose_template (GTK_WIDGET (object), YZ_TYPE_STATISTICS_PAGE);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (object))))
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (yz_statistics_page_parent_class)->dispose (object);
}

static void
yz_statistics_page_finalize (GObject *object)
{
  YzStatisticsPage *self = YZ_STATISTICS_PAGE (object);

  yz_stats_filter_clear (&self->filter);
  yz_stats_visits_clear (&self->visits);
  yz_stats_alarms_clear (&self->alarms);
  yz_stats_supplies_clear (&self->supplies);
  g_clear_pointer (&self->station_ids, g_ptr_array_unref);
  g_clear_object (&self->districts);
  g_clear_object (&self->stations);
  g_clear_pointer (&self->tz, g_time_zone_unref);

  G_OBJECT_CLASS (yz_statistics_page_parent_class)->finalize (object);
}

static void
yz_statistics_page_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  YzStatisticsPage *self = YZ_STATISTICS_PAGE (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
yz_statistics_page_set_property (GObject *object, guint prop_id, const GValue *value,
                                 GParamSpec *pspec)
{
  YzStatisticsPage *self = YZ_STATISTICS_PAGE (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      yz_statistics_page_set_session (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
yz_statistics_page_class_init (YzStatisticsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = yz_statistics_page_dispose;
  object_class->finalize = yz_statistics_page_finalize;
  object_class->get_property = yz_statistics_page_get_property;
  object_class->set_property = yz_statistics_page_set_property;
  widget_class->map = yz_statistics_page_map;

  properties[PROP_SESSION] =
      g_param_spec_object ("session", NULL, NULL, YZ_TYPE_SESSION,
                           (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (YZ_TYPE_CHART);
  g_type_ensure (YZ_TYPE_TOTALS_CARD);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PATH "/yz-statistics-page.ui");
  gtk_widget_class_bind_template_child (widget_class, YzStatisticsPage, range_dropdown);
  gtk_widget_class_bind_template_child (widget_class, YzStatisticsPage, empty_page);
  gtk_widget_class_bind_template_child (widget_class, YzStatisticsPage, setup_button);
  gtk_widget_class_bind_template_child (widget_class, YzStatisticsPage, custom_button);
  gtk_widget_class_bind_template_child (widget_class, YzStatisticsPage, custom_popover);
  gtk_widget_class_bind_template_child (widget_class, YzStatisticsPage, from_calendar);
  gtk_widget_class_bind_template_child (widget_class, YzStatisticsPage, to_calendar);
  gtk_widget_class_bind_template_child (widget_class, YzStatisticsPage, custom_apply);
  gtk_widget_class_bind_template_child (widget_class, YzStatisticsPage, district_dropdown);
  gtk_widget_class_bind_template_child (widget_class, YzStatisticsPage, station_dropdown);
  gtk_widget_class_bind_template_child (widget_class, YzStatisticsPage, range_label);
  gtk_widget_class_bind_template_child (widget_class, YzStatisticsPage, stack);
  gtk_widget_class_bind_template_child (widget_class, YzStatisticsPage, totals_box);
  gtk_widget_class_bind_template_child (widget_class, YzStatisticsPage, grid);
  gtk_widget_class_install_action (widget_class, "statistics.export-csv", NULL, export_csv_action);
  gtk_widget_class_install_action (widget_class, "statistics.export-pdf", NULL, export_pdf_action);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
yz_statistics_page_init (YzStatisticsPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  /* Followed while it is the page's: no connect/disconnect pairs to keep in step. */
  self->session_signals = g_signal_group_new (YZ_TYPE_SESSION);
  g_signal_group_connect_swapped (self->session_signals, "notify::connection-state",
                                  G_CALLBACK (connection_changed_cb), self);
  self->stations_signals = g_signal_group_new (G_TYPE_LIST_MODEL);
  g_signal_group_connect_swapped (self->stations_signals, "items-changed",
                                  G_CALLBACK (stations_changed_cb), self);

  self->tz = g_time_zone_new_local ();
  self->custom_to = today (self);
  self->custom_from = yz_stats_day_add (self->custom_to, -6);
  self->dirty = TRUE;
  build (self);
  rebuild_districts (self);
  gtk_drop_down_set_selected (self->range_dropdown, 2);

  g_signal_connect_swapped (self->range_dropdown, "notify::selected", G_CALLBACK (range_changed_cb),
                            self);
  g_signal_connect_swapped (self->custom_apply, "clicked", G_CALLBACK (custom_apply_cb), self);
  g_signal_connect_swapped (self->district_dropdown, "notify::selected",
                            G_CALLBACK (district_changed_cb), self);
  g_signal_connect_swapped (self->station_dropdown, "notify::selected",
                            G_CALLBACK (yz_statistics_page_refresh), self);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "statistics.export-csv", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "statistics.export-pdf", FALSE);
}

GtkWidget *
yz_statistics_page_new (void)
{
  return g_object_new (YZ_TYPE_STATISTICS_PAGE, NULL);
}

void
yz_statistics_page_set_session (YzStatisticsPage *self, YzSession *session)
{
  g_return_if_fail (YZ_IS_STATISTICS_PAGE (self));

  if (self->session == session)
    return;
  g_clear_handle_id (&self->refresh_id, g_source_remove);
  g_set_object (&self->session, session);
  g_signal_group_set_target (self->session_signals, session);
  g_signal_group_set_target (self->stations_signals,
                             session ? yz_session_get_stations (session) : NULL);
  if (session != NULL)
    self->refresh_id = g_timeout_add_seconds (REFRESH_EVERY_S, refresh_cb, self);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "statistics.export-csv", session != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "statistics.export-pdf", session != NULL);
  rebuild_districts (self);
  yz_statistics_page_refresh (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);
}

YzSession *
yz_statistics_page_get_session (YzStatisticsPage *self)
{
  g_return_val_if_fail (YZ_IS_STATISTICS_PAGE (self), NULL);

  return self->session;
}

/* For tests and the benchmark. */
void
yz_statistics_page_set_range (YzStatisticsPage *self, guint32 from_day, guint32 to_day)
{
  g_return_if_fail (YZ_IS_STATISTICS_PAGE (self));

  self->custom_from = from_day;
  self->custom_to = to_day;
  g_signal_handlers_block_matched (self->range_dropdown, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL,
                                   self);
  gtk_drop_down_set_selected (self->range_dropdown, 5);
  g_signal_handlers_unblock_matched (self->range_dropdown, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL,
                                     self);
  gtk_widget_set_visible (GTK_WIDGET (self->custom_button), TRUE);
  update_custom_label (self);
  yz_statistics_page_refresh (self);
}

void
yz_statistics_page_set_district (YzStatisticsPage *self, const char *district)
{
  g_return_if_fail (YZ_IS_STATISTICS_PAGE (self));

  for (guint i = 1; i < g_list_model_get_n_items (G_LIST_MODEL (self->districts)); i++)
    if (g_strcmp0 (gtk_string_list_get_string (self->districts, i), district) == 0)
      {
        gtk_drop_down_set_selected (self->district_dropdown, i);
        return;
      }
  gtk_drop_down_set_selected (self->district_dropdown, 0);
}

YzChart *
yz_statistics_page_get_chart (YzStatisticsPage *self, const char *name)
{
  static const char *const names[N_CHARTS] = {
    "trend",      "occupations", "busiest",   "quietest",     "heat",  "alarm-types",
    "priorities", "response",    "operators", "door-reasons", "stock",
  };

  g_return_val_if_fail (YZ_IS_STATISTICS_PAGE (self), NULL);

  for (guint i = 0; i < N_CHARTS; i++)
    if (g_str_equal (names[i], name))
      return self->charts[i];
  return NULL;
}

const YzStatsVisits *
yz_statistics_page_get_visits (YzStatisticsPage *self)
{
  return &self->visits;
}

const YzStatsAlarms *
yz_statistics_page_get_alarms (YzStatisticsPage *self)
{
  return &self->alarms;
}

gint64
yz_statistics_page_get_last_query_us (YzStatisticsPage *self)
{
  return self->last_query_us;
}
