/* bench-alarms.c
 *
 * The alarm table over a year of history: 10,000 alarms (580 stations, every priority and
 * type, most of them resolved) and their alarm_history rows in a real SQLite store. A
 * session made over that store (the offline view: no gateway) and its YzAlarmsPage in a
 * 1400x900 window with the "All" filter, with the GL renderer GTK picks (llvmpipe under
 * Xvfb): the time from creating the session to the first painted rows beside a raw SQLite
 * query of the same rows in the page's order; the frame time while the table scrolls from
 * top to bottom; sorting by a column header. Beside each, in the same run, the floor GTK
 * sets: the same rows' text in a plain GtkColumnView (a GtkStringList, label cells, the
 * station column sorted by collation keys made once per row) in the same window.
 *
 * Each first paint is also given as the process's CPU time (llvmpipe's threads included):
 * the machine is shared, and the wall-clock time counts the other processes too. With
 * YIZHAN_BENCH_RENDERERS=gl,cairo (as `meson test --benchmark` runs it) the benchmark runs
 * itself once per renderer (GTK picks the renderer once per process) and ends with the
 * first paints side by side; YIZHAN_BENCH_QUICK=1 measures the first paints only (no
 * scrolling, no sorting).
 *
 * The session lists open alarms and those resolved in the last 24 h (RECENT_RESOLVED_MS in
 * yz-session.c), so "All" over a year of history is not 10,000 rows: the same store is
 * measured twice, as written, then with every resolved alarm closed within the last day so
 * that all 10,000 are listed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <locale.h>
#include <sys/resource.h>
#include <glib/gstdio.h>
#include <adwaita.h>

#include "yz-alarms-page.h"
#include "yz-gateway-backend.h"
#include "yz-labels.h"
#include "yz-session.h"
#include "yz-store-private.h"
#include "yz-test-gtk.h"
#include "yz-test-sim.h"
#include "yz-vocabulary.h"

#define N_ALARMS 10000
#define N_STATIONS 580
#define SCROLL_STEPS 200
#define HOUR_MS ((gint64)3600 * 1000)
#define DAY_MS (24 * HOUR_MS)
#define YEAR_MS (365 * DAY_MS)
#define TIMEOUT_MS 60000

/* The session's filter at creation: open alarms, and those resolved in the last day. */
#define LISTED_WHERE " WHERE state != 'resolved' OR updated_at >= ?1"

/* One window with a table in it, and what its frame clock did. */
typedef struct
{
  GtkWindow *window;
  GtkWidget *view;    /* the GtkColumnView */
  YzSession *session; /* the page's only */
  YzAlarmsPage *page;
  GdkFrameClock *clock;
  gulong handlers[3];
  gint64 before;   /* monotonic µs: the frame began */
  gint64 laid_out; /* monotonic µs: its layout phase ended */
  guint n_painted;
  double layout_ms;    /* of the last frame: styles, measuring, binding rows */
  double paint_ms;     /* of the last frame: snapshot and render */
  gint64 rows_painted; /* monotonic µs of the first frame that painted rows, or 0 */
  double cpu_start;    /* process CPU ms when the measure started */
  double cpu_painted;  /* ... and at the first frame that painted rows */
} Run;

/* Frame times of a scroll from top to bottom. */
typedef struct
{
  GArray *frame;  /* scroll step to painted, ms */
  GArray *layout; /* the step's own work and the frame's layout phase, ms */
  GArray *paint;  /* the frame's paint phase, ms */
} Scroll;

typedef struct
{
  const char *type;
  const char *priority;
  guint weight;
} Kind;

/* Roughly how often each kind comes in at the stations, with the priority the gateway gives it. */
static const Kind kinds[] = {
  { "fall", "critical", 4 },          { "sos", "critical", 3 },
  { "smoke", "critical", 1 },         { "altercation", "high", 4 },
  { "door-forced", "high", 2 },       { "high-temperature", "high", 2 },
  { "door-held-open", "medium", 14 }, { "smoking", "medium", 12 },
  { "station-offline", "medium", 6 }, { "camera-offline", "low", 8 },
  { "stock-low", "low", 44 },
};

static const char *const districts[] = {
  "西湖区", "上城区", "拱墅区", "滨江区", "萧山区",
  "余杭区", "临平区", "钱塘区", "富阳区", "临安区",
};

/* The process's CPU time, ms: every thread, llvmpipe's too. */
static double
process_cpu_ms (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return usage.ru_utime.tv_sec * 1000.0 + usage.ru_utime.tv_usec / 1000.0 +
         usage.ru_stime.tv_sec * 1000.0 + usage.ru_stime.tv_usec / 1000.0;
}

/* ---- the store ---- */

static sqlite3_stmt *
prepare (sqlite3 *db, const char *sql)
{
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);

  return stmt;
}

static void
fill (YzStore *store, gint64 now)
{
  sqlite3 *db = yz_store_get_db (store);
  sqlite3_stmt *station, *alarm, *history;
  g_autoptr(GRand) rand = g_rand_new_with_seed (20240517);
  guint total_weight = 0;

  for (guint k = 0; k < G_N_ELEMENTS (kinds); k++)
    total_weight += kinds[k].weight;

  g_assert_cmpint (sqlite3_exec (db, "BEGIN", NULL, NULL, NULL), ==, SQLITE_OK);
  station = prepare (db, "INSERT INTO stations (id, name, district, lat, lon, datum, kind, online)"
                         " VALUES (?1, ?2, ?3, ?4, ?5, 'wgs84', 'standard', 0)");
  alarm = prepare (db, "INSERT INTO alarms (id, station_id, camera_id, door_id, type, priority,"
                       " raised_at, state, owner, updated_at, category, note, snapshot_id)"
                       " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)");
  history = prepare (db, "INSERT INTO alarm_history (alarm_id, time, action, by, note)"
                         " VALUES (?1, ?2, ?3, ?4, ?5)");

  for (guint i = 0; i < N_STATIONS; i++)
    {
      char id[16], name[64];
      const char *district = districts[i % G_N_ELEMENTS (districts)];
      guint number = i / G_N_ELEMENTS (districts) + 1;

      g_snprintf (id, sizeof id, "hz-%04u", i + 1);
      g_snprintf (name, sizeof name, "%s环卫驿站 %u 号", district, number);
      sqlite3_bind_text (station, 1, id, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (station, 2, name, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (station, 3, district, -1, SQLITE_STATIC);
      sqlite3_bind_double (station, 4, 30.0 + g_rand_double_range (rand, 0.0, 0.6));
      sqlite3_bind_double (station, 5, 119.8 + g_rand_double_range (rand, 0.0, 0.7));
      g_assert_cmpint (sqlite3_step (station), ==, SQLITE_DONE);
      sqlite3_reset (station);
    }

  for (guint i = 0; i < N_ALARMS; i++)
    {
      char id[16], station_id[16], device[32], owner[32], snapshot[32];
      guint pick = g_rand_int_range (rand, 0, total_weight), k = 0;
      guint roll = g_rand_int_range (rand, 0, 100);
      /* 85 % resolved, the rest still new or acknowledged, as a year of history looks. */
      const char *state = roll < 85 ? "resolved" : roll < 93 ? "acknowledged" : "new";
      gint64 raised = now - YEAR_MS + YEAR_MS / N_ALARMS * i + g_rand_int_range (rand, 0, 600000);
      gint64 updated = raised;
      const char *category = NULL, *note = NULL;

      while (pick >= kinds[k].weight)
        pick -= kinds[k++].weight;
      raised = MIN (raised, now - 60000);
      g_snprintf (id, sizeof id, "a-%05u", i);
      g_snprintf (station_id, sizeof station_id, "hz-%04u",
                  g_rand_int_range (rand, 0, N_STATIONS) + 1);
      g_snprintf (owner, sizeof owner, "operator-%u", g_rand_int_range (rand, 1, 13));
      g_snprintf (snapshot, sizeof snapshot, "s-%05u", i);
      if (!g_str_equal (state, "new"))
        updated = MIN (raised + g_rand_int_range (rand, 30000, 600000), now);
      if (g_str_equal (state, "resolved"))
        {
          updated = MIN (updated + g_rand_int_range (rand, 60000, 90 * 60000), now);
          category =
              yz_resolution_categories ()[g_rand_int_range (rand, 0, YZ_N_RESOLUTION_CATEGORIES)];
          note = "到场处理，已恢复正常";
        }

      sqlite3_bind_text (alarm, 1, id, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (alarm, 2, station_id, -1, SQLITE_TRANSIENT);
      if (g_str_has_prefix (kinds[k].type, "door-"))
        {
          g_snprintf (device, sizeof device, "%s-door1", station_id);
          sqlite3_bind_null (alarm, 3);
          sqlite3_bind_text (alarm, 4, device, -1, SQLITE_TRANSIENT);
        }
      else
        {
          g_snprintf (device, sizeof device, "%s-cam1", station_id);
          sqlite3_bind_text (alarm, 3, device, -1, SQLITE_TRANSIENT);
          sqlite3_bind_null (alarm, 4);
        }
      sqlite3_bind_text (alarm, 5, kinds[k].type, -1, SQLITE_STATIC);
      sqlite3_bind_text (alarm, 6, kinds[k].priority, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (alarm, 7, raised);
      sqlite3_bind_text (alarm, 8, state, -1, SQLITE_STATIC);
      if (g_str_equal (state, "new"))
        sqlite3_bind_null (alarm, 9);
      else
        sqlite3_bind_text (alarm, 9, owner, -1, SQLITE_TRANSIENT);
      sqlite3_bind_int64 (alarm, 10, updated);
      sqlite3_bind_text (alarm, 11, category, -1, SQLITE_STATIC);
      sqlite3_bind_text (alarm, 12, note, -1, SQLITE_STATIC);
      sqlite3_bind_text (alarm, 13, snapshot, -1, SQLITE_TRANSIENT);
      g_assert_cmpint (sqlite3_step (alarm), ==, SQLITE_DONE);
      sqlite3_reset (alarm);

      /* What happened to it, step by step, as the session records it. */
      for (guint step = 0; step < 3; step++)
        {
          static const char *const actions[] = { "raised", "acknowledged", "resolved" };

          if (step == 1 && g_str_equal (state, "new"))
            break;
          if (step == 2 && !g_str_equal (state, "resolved"))
            break;
          sqlite3_bind_text (history, 1, id, -1, SQLITE_TRANSIENT);
          sqlite3_bind_int64 (history, 2,
                              step == 0   ? raised
                              : step == 1 ? MIN (raised + 30000, updated)
                                          : updated);
          sqlite3_bind_text (history, 3, actions[step], -1, SQLITE_STATIC);
          if (step == 0)
            sqlite3_bind_null (history, 4);
          else
            sqlite3_bind_text (history, 4, owner, -1, SQLITE_TRANSIENT);
          sqlite3_bind_text (history, 5, step == 2 ? note : NULL, -1, SQLITE_STATIC);
          g_assert_cmpint (sqlite3_step (history), ==, SQLITE_DONE);
          sqlite3_reset (history);
        }
    }

  sqlite3_finalize (station);
  sqlite3_finalize (alarm);
  sqlite3_finalize (history);
  g_assert_cmpint (sqlite3_exec (db, "COMMIT", NULL, NULL, NULL), ==, SQLITE_OK);
}

/* Every resolved alarm closed within the last day: the session then lists all of them. */
static void
resolve_recently (YzStore *store, gint64 now)
{
  g_autofree char *sql = g_strdup_printf ("UPDATE alarms SET updated_at = %" G_GINT64_FORMAT
                                          " - abs(random() %% %" G_GINT64_FORMAT ")"
                                          " WHERE state = 'resolved'",
                                          now, 23 * HOUR_MS);

  g_assert_cmpint (sqlite3_exec (yz_store_get_db (store), sql, NULL, NULL, NULL), ==, SQLITE_OK);
}

/* The floor: the rows the session loads, in the page's order, every column read. */
static double
raw_query_ms (YzStore *store, guint *n_rows)
{
  sqlite3 *db = yz_store_get_db (store);
  gint64 t0 = g_get_monotonic_time ();
  sqlite3_stmt *stmt = prepare (db, "SELECT id, station_id, camera_id, door_id, type, priority,"
                                    " raised_at, state, owner, updated_at, category, note,"
                                    " snapshot_id, derived FROM alarms" LISTED_WHERE
                                    " ORDER BY CASE priority WHEN 'critical' THEN 0"
                                    " WHEN 'high' THEN 1 WHEN 'medium' THEN 2 ELSE 3 END,"
                                    " raised_at DESC, id");
  /* As the session does: the last day counted from now. */
  sqlite3_bind_int64 (stmt, 1, g_get_real_time () / 1000 - DAY_MS);
  *n_rows = 0;
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      for (int c = 0; c < 14; c++)
        (void)sqlite3_column_text (stmt, c);
      (*n_rows)++;
    }
  sqlite3_finalize (stmt);

  return (g_get_monotonic_time () - t0) / 1000.0;
}

/* The floor for sorting by station: SQLite ordering the same rows by station name. */
static double
raw_sort_ms (YzStore *store)
{
  sqlite3 *db = yz_store_get_db (store);
  gint64 t0 = g_get_monotonic_time ();
  sqlite3_stmt *stmt = prepare (db, "SELECT a.id, s.name FROM alarms a"
                                    " LEFT JOIN stations s ON s.id = a.station_id" LISTED_WHERE
                                    " ORDER BY s.name, a.raised_at DESC");
  /* As the session does: the last day counted from now. */
  sqlite3_bind_int64 (stmt, 1, g_get_real_time () / 1000 - DAY_MS);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    (void)sqlite3_column_text (stmt, 1);
  sqlite3_finalize (stmt);

  return (g_get_monotonic_time () - t0) / 1000.0;
}

/* ---- frames ---- */

static gboolean
rows_mapped (GtkWidget *view)
{
  /* A GtkColumnView holds its header, then the list whose children are the rows (in no
   * particular order, and some kept unmapped). */
  GtkWidget *list = gtk_widget_get_last_child (view);
  GListModel *model = G_LIST_MODEL (gtk_column_view_get_model (GTK_COLUMN_VIEW (view)));

  if (model == NULL || g_list_model_get_n_items (model) == 0 || list == NULL)
    return FALSE;
  for (GtkWidget *row = gtk_widget_get_first_child (list); row;
       row = gtk_widget_get_next_sibling (row))
    if (gtk_widget_get_mapped (row) && gtk_widget_get_height (row) > 0)
      return TRUE;

  return FALSE;
}

static void
before_paint_cb (GdkFrameClock *clock, Run *run)
{
  run->before = run->laid_out = g_get_monotonic_time ();
}

/* Connected after GTK's own handler (at realize): runs when the layout phase is done. */
static void
layout_cb (GdkFrameClock *clock, Run *run)
{
  run->laid_out = g_get_monotonic_time ();
}

static void
after_paint_cb (GdkFrameClock *clock, Run *run)
{
  gint64 now = g_get_monotonic_time ();

  run->layout_ms = (run->laid_out - run->before) / 1000.0;
  run->paint_ms = (now - run->laid_out) / 1000.0;
  run->n_painted++;
  if (run->rows_painted == 0 && rows_mapped (run->view))
    {
      run->rows_painted = now;
      run->cpu_painted = process_cpu_ms ();
    }
}

static gboolean
rows_painted (gpointer data)
{
  return ((Run *)data)->rows_painted != 0;
}

typedef struct
{
  Run *run;
  guint n;
} Next;

static gboolean
next_painted (gpointer data)
{
  Next *next = data;

  return next->run->n_painted > next->n;
}

static void
wait_next_paint (Run *run, guint n_before)
{
  Next next = { run, n_before };

  g_assert_true (yz_test_wait (next_painted, &next, TIMEOUT_MS));
}

static GtkWidget *
find_column_view (GtkWidget *widget)
{
  if (GTK_IS_COLUMN_VIEW (widget))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_column_view (child);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static int
compare_double (gconstpointer a, gconstpointer b)
{
  double x = *(const double *)a, y = *(const double *)b;

  return (x > y) - (x < y);
}

typedef struct
{
  double median, p95, max;
} Stats;

static Stats
stats (GArray *ms)
{
  g_array_sort (ms, compare_double);

  return (Stats){
    g_array_index (ms, double, ms->len / 2),
    g_array_index (ms, double, MIN (ms->len - 1, ms->len * 95 / 100)),
    g_array_index (ms, double, ms->len - 1),
  };
}

/* ---- windows ---- */

/* Shows @content in a new 1400x900 window; returns the time to the first painted rows
 * counted from @start. */
static double
run_show (Run *run, GtkWidget *content, gint64 start)
{
  run->window = GTK_WINDOW (adw_window_new ());
  gtk_window_set_default_size (run->window, 1400, 900);
  adw_window_set_content (ADW_WINDOW (run->window), content);
  run->view = find_column_view (content);
  g_assert_nonnull (run->view);
  gtk_window_present (run->window);
  run->clock = gtk_widget_get_frame_clock (GTK_WIDGET (run->window));
  g_assert_nonnull (run->clock);
  run->handlers[0] =
      g_signal_connect (run->clock, "before-paint", G_CALLBACK (before_paint_cb), run);
  run->handlers[1] = g_signal_connect (run->clock, "layout", G_CALLBACK (layout_cb), run);
  run->handlers[2] = g_signal_connect (run->clock, "after-paint", G_CALLBACK (after_paint_cb), run);
  g_assert_true (yz_test_wait (rows_painted, run, TIMEOUT_MS));

  return (run->rows_painted - start) / 1000.0;
}

static void
run_stop (Run *run)
{
  for (guint i = 0; i < G_N_ELEMENTS (run->handlers); i++)
    g_clear_signal_handler (&run->handlers[i], run->clock);
  gtk_window_destroy (run->window);
  g_clear_object (&run->session);
  memset (run, 0, sizeof *run);
}

/* From creating the session (it reads the store) to the first frame that painted rows. */
static double
page_start (Run *run, YzStore *store, double *load_ms)
{
  g_autoptr(YzGatewayBackend) backend = NULL;
  g_autoptr(GError) error = NULL;
  gint64 start;

  /* Never started: nothing connects, the session shows what the store holds. */
  backend = yz_gateway_backend_new ("http://127.0.0.1:9", NULL, NULL, &error);
  g_assert_no_error (error);

  run->cpu_start = process_cpu_ms ();
  start = g_get_monotonic_time ();
  run->session = yz_session_new (store, YZ_BACKEND (backend));
  *load_ms = (g_get_monotonic_time () - start) / 1000.0;
  run->page = YZ_ALARMS_PAGE (yz_alarms_page_new ());
  yz_alarms_page_set_session (run->page, run->session);
  yz_alarms_page_set_filter (run->page, YZ_ALARM_FILTER_ALL, NULL);

  return run_show (run, GTK_WIDGET (run->page), start);
}

/* The page's rows as text, tab-separated, in the page's order. */
static GStrv
page_texts (YzAlarmsPage *page)
{
  GListModel *model = yz_alarms_page_get_model (page);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(YzAlarm) alarm = g_list_model_get_item (model, i);
      const char *station = yz_alarm_get_station_name (alarm);
      const char *owner = yz_alarm_get_owner (alarm);
      g_autofree char *raised = yz_format_time (yz_alarm_get_raised_at (alarm));
      g_autofree char *row =
          g_strjoin ("\t", yz_label_priority (yz_alarm_get_priority (alarm)),
                     yz_label_alarm_type (yz_alarm_get_alarm_type (alarm)),
                     station ? station : yz_alarm_get_station_id (alarm), raised,
                     yz_label_alarm_state (yz_alarm_get_state (alarm)), owner ? owner : "", NULL);

      g_strv_builder_add (builder, row);
    }

  return g_strv_builder_end (builder);
}

static char *
field (const char *row, guint column)
{
  const char *end;

  for (guint c = 0; c < column && row != NULL; c++)
    row = (row = strchr (row, '\t')) ? row + 1 : NULL;
  if (row == NULL)
    return g_strdup ("");
  end = strchr (row, '\t');

  return end ? g_strndup (row, end - row) : g_strdup (row);
}

static void
plain_setup_cb (GtkSignalListItemFactory *factory, GtkListItem *item, gpointer column)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_list_item_set_child (item, label);
}

static void
plain_bind_cb (GtkSignalListItemFactory *factory, GtkListItem *item, gpointer column)
{
  g_autofree char *text = field (gtk_string_object_get_string (gtk_list_item_get_item (item)),
                                 GPOINTER_TO_UINT (column));

  gtk_label_set_text (GTK_LABEL (gtk_list_item_get_child (item)), text);
}

/* What the page could do in GTK 4.8, whose GtkColumnViewSorter has no sort keys (each
 * comparison calls the column's sorter, a GtkStringSorter too): a collation key made once
 * per row, then strcmp (). */
static const char *
station_key (gpointer item)
{
  static GQuark quark;
  const char *key;

  if (quark == 0)
    quark = g_quark_from_static_string ("bench-station-key");
  if ((key = g_object_get_qdata (item, quark)) == NULL)
    {
      g_autofree char *station = field (gtk_string_object_get_string (item), 2);
      char *made = g_utf8_collate_key (station, -1);

      g_object_set_qdata_full (item, quark, made, g_free);
      key = made;
    }

  return key;
}

static int
compare_station_keys (gconstpointer a, gconstpointer b, gpointer user_data)
{
  return strcmp (station_key ((gpointer)a), station_key ((gpointer)b));
}

/* GTK's floor: the same text in a plain GtkColumnView, from its model to its first frame. */
static double
plain_start (Run *run, const char *const *texts)
{
  static const char *const titles[] = {
    "Priority", "Alarm", "Station", "Raised", "State", "Owner",
  };
  double cpu_start = process_cpu_ms ();
  gint64 start = g_get_monotonic_time ();
  GtkStringList *list = gtk_string_list_new (texts);
  GtkWidget *view = gtk_column_view_new (NULL);
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkSorter *sorter = gtk_column_view_get_sorter (GTK_COLUMN_VIEW (view));
  GtkSortListModel *sorted;
  GtkMultiSelection *selection;

  gtk_column_view_set_show_row_separators (GTK_COLUMN_VIEW (view), TRUE);
  gtk_widget_add_css_class (view, "data-table");
  for (guint c = 0; c < G_N_ELEMENTS (titles); c++)
    {
      GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
      GtkColumnViewColumn *column;

      g_signal_connect (factory, "setup", G_CALLBACK (plain_setup_cb), GUINT_TO_POINTER (c));
      g_signal_connect (factory, "bind", G_CALLBACK (plain_bind_cb), GUINT_TO_POINTER (c));
      column = gtk_column_view_column_new (titles[c], factory);
      gtk_column_view_column_set_expand (column, c == 2);
      gtk_column_view_column_set_resizable (column, TRUE);
      if (c == 2)
        {
          g_autoptr(GtkCustomSorter) keys = NULL;

          keys = gtk_custom_sorter_new (compare_station_keys, NULL, NULL);
          gtk_column_view_column_set_sorter (column, GTK_SORTER (keys));
        }
      gtk_column_view_append_column (GTK_COLUMN_VIEW (view), column);
      g_object_unref (column);
    }
  sorted = gtk_sort_list_model_new (G_LIST_MODEL (list), g_object_ref (sorter));
  selection = gtk_multi_selection_new (G_LIST_MODEL (sorted));
  gtk_column_view_set_model (GTK_COLUMN_VIEW (view), GTK_SELECTION_MODEL (selection));
  g_object_unref (selection);
  gtk_widget_set_vexpand (scrolled, TRUE);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), view);
  run->cpu_start = cpu_start;

  return run_show (run, scrolled, start);
}

/* ---- measures ---- */

static void
measure_scroll (Run *run, Scroll *scroll)
{
  GtkAdjustment *adjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (run->view));

  scroll->frame = g_array_new (FALSE, FALSE, sizeof (double));
  scroll->layout = g_array_new (FALSE, FALSE, sizeof (double));
  scroll->paint = g_array_new (FALSE, FALSE, sizeof (double));
  for (guint step = 1; step <= SCROLL_STEPS; step++)
    {
      /* The list estimates the height of rows it has not seen: ask for the end each time. */
      double end =
          gtk_adjustment_get_upper (adjustment) - gtk_adjustment_get_page_size (adjustment);
      double target = end * step / SCROLL_STEPS;
      guint n = run->n_painted;
      gint64 t0, t1;
      double ms;

      if (target <= gtk_adjustment_get_value (adjustment))
        continue;
      t0 = g_get_monotonic_time ();
      gtk_adjustment_set_value (adjustment, target);
      t1 = g_get_monotonic_time ();
      wait_next_paint (run, n);
      ms = (g_get_monotonic_time () - t0) / 1000.0;
      g_array_append_val (scroll->frame, ms);
      ms = (t1 - t0) / 1000.0 + run->layout_ms;
      g_array_append_val (scroll->layout, ms);
      g_array_append_val (scroll->paint, run->paint_ms);
    }
  g_assert_cmpfloat (gtk_adjustment_get_value (adjustment) +
                         gtk_adjustment_get_page_size (adjustment),
                     >=, gtk_adjustment_get_upper (adjustment) - 1);
}

static void
scroll_clear (Scroll *scroll)
{
  g_clear_pointer (&scroll->frame, g_array_unref);
  g_clear_pointer (&scroll->layout, g_array_unref);
  g_clear_pointer (&scroll->paint, g_array_unref);
}

static void
print_scroll (const char *what, Scroll *scroll)
{
  Stats frame = stats (scroll->frame);
  Stats layout = stats (scroll->layout);
  Stats paint = stats (scroll->paint);

  g_print ("    %-11s frame %5.1f ms median, %5.1f p95, %5.1f max (layout %5.1f / %5.1f / %5.1f,"
           " paint %5.1f / %5.1f / %5.1f)\n",
           what, frame.median, frame.p95, frame.max, layout.median, layout.p95, layout.max,
           paint.median, paint.p95, paint.max);
}

/* As a click on the header does: the sort itself, then to the frame that shows it. */
static void
sort_by (Run *run, guint column, double *sync_ms, double *painted_ms)
{
  GListModel *columns = gtk_column_view_get_columns (GTK_COLUMN_VIEW (run->view));
  g_autoptr(GtkColumnViewColumn) view_column = g_list_model_get_item (columns, column);
  guint n = run->n_painted;
  gint64 t0 = g_get_monotonic_time ();

  gtk_column_view_sort_by_column (GTK_COLUMN_VIEW (run->view), view_column, GTK_SORT_ASCENDING);
  *sync_ms = (g_get_monotonic_time () - t0) / 1000.0;
  wait_next_paint (run, n);
  *painted_ms = (g_get_monotonic_time () - t0) / 1000.0;
}

/* The time from nothing to the first frame of an alarms page with no session: the first
 * window of the process, which also pays for starting the renderer. */
static double
empty_first_frame_ms (void)
{
  GtkWindow *window = GTK_WINDOW (adw_window_new ());
  Run run = { 0 };
  gint64 start = g_get_monotonic_time ();
  double ms;

  gtk_window_set_default_size (window, 1400, 900);
  adw_window_set_content (ADW_WINDOW (window), yz_alarms_page_new ());
  gtk_window_present (window);
  run.clock = gtk_widget_get_frame_clock (GTK_WIDGET (window));
  run.handlers[0] = g_signal_connect (run.clock, "after-paint", G_CALLBACK (after_paint_cb), &run);
  run.view = find_column_view (GTK_WIDGET (window));
  wait_next_paint (&run, 0);
  ms = (g_get_monotonic_time () - start) / 1000.0;
  g_clear_signal_handler (&run.handlers[0], run.clock);
  gtk_window_destroy (window);

  return ms;
}

static void
bench_case (YzStore *store, const char *title, gboolean sort)
{
  Run run = { 0 };
  Scroll page_scroll = { 0 }, plain_scroll = { 0 };
  g_auto(GStrv) texts = NULL;
  double raw, load, first, plain_first, page_sort[5][2] = { { 0 } }, plain_sort[2] = { 0 };
  double first_cpu, plain_cpu;
  gboolean quick = g_getenv ("YIZHAN_BENCH_QUICK") != NULL;
  guint n_raw, n_listed;
  g_autofree char *collation = g_strdup (setlocale (LC_COLLATE, NULL));
  gboolean zh = FALSE;

  raw = raw_query_ms (store, &n_raw);
  first = page_start (&run, store, &load);
  n_listed = g_list_model_get_n_items (yz_alarms_page_get_model (run.page));
  g_assert_cmpuint (n_listed, ==, n_raw);
  first_cpu = run.cpu_painted - run.cpu_start;
  if (!quick)
    measure_scroll (&run, &page_scroll);
  if (sort && !quick)
    {
      sort_by (&run, 3, &page_sort[0][0], &page_sort[0][1]); /* Raised */
      sort_by (&run, 0, &page_sort[1][0], &page_sort[1][1]); /* Priority */
      sort_by (&run, 5, &page_sort[2][0], &page_sort[2][1]); /* Owner */
      sort_by (&run, 2, &page_sort[3][0], &page_sort[3][1]); /* Station */
      /* The duty officers' locale: g_utf8_collate () goes through its collation tables.
       * By another column first: GTK's sort is adaptive, a sorted list sorts in no time. */
      if ((zh = setlocale (LC_COLLATE, "zh_CN.UTF-8") != NULL))
        {
          sort_by (&run, 3, &page_sort[4][0], &page_sort[4][1]);
          sort_by (&run, 2, &page_sort[4][0], &page_sort[4][1]);
          setlocale (LC_COLLATE, collation);
        }
      /* Unsorted again before the window goes: the page's dispose removes the columns while
       * its model is still set, and removing the sorted one resorts into a half-disposed page
       * (a Gtk-WARNING from update_count (): "Child name 'empty' not found in GtkStack"). */
      gtk_column_view_sort_by_column (GTK_COLUMN_VIEW (run.view), NULL, GTK_SORT_ASCENDING);
    }
  texts = page_texts (run.page);
  run_stop (&run);

  plain_first = plain_start (&run, (const char *const *)texts);
  plain_cpu = run.cpu_painted - run.cpu_start;
  if (!quick)
    measure_scroll (&run, &plain_scroll);
  if (sort && !quick)
    sort_by (&run, 2, &plain_sort[0], &plain_sort[1]);
  run_stop (&run);

  g_print ("  %s: %u of %d alarms listed under \"All\"\n", title, n_listed, N_ALARMS);
  g_print ("    first painted rows: %6.0f ms from creating the session (reading the store %.0f ms);"
           " raw SQLite query %.1f ms, ratio %.0f; plain GtkColumnView %.0f ms, ratio %.2f\n",
           first, load, raw, first / MAX (raw, 0.001), plain_first, first / plain_first);
  g_print ("    the same in CPU time of the process: page %.0f ms, plain GtkColumnView %.0f ms,"
           " ratio %.2f\n",
           first_cpu, plain_cpu, first_cpu / MAX (plain_cpu, 0.001));
  /* For the summary of a run per renderer (main ()). */
  if (n_listed == N_ALARMS)
    g_print ("FIRST-PAINT %.0f %.0f %.0f %.0f\n", first, first_cpu, plain_first, plain_cpu);
  if (quick)
    return;
  g_print ("    scrolling top to bottom in %d steps, each to its painted frame:\n", SCROLL_STEPS);
  print_scroll ("page:", &page_scroll);
  print_scroll ("plain view:", &plain_scroll);
  if (sort)
    {
      g_print ("    sort (click a header), sorted / painted: Raised %.0f / %.0f ms,"
               " Priority %.0f / %.0f ms, Owner %.0f / %.0f ms\n",
               page_sort[0][0], page_sort[0][1], page_sort[1][0], page_sort[1][1], page_sort[2][0],
               page_sort[2][1]);
      g_print ("    sort by Station: page %.0f / %.0f ms (collation %s)", page_sort[3][0],
               page_sort[3][1], collation);
      if (zh)
        g_print (", %.0f / %.0f ms (zh_CN.UTF-8)", page_sort[4][0], page_sort[4][1]);
      g_print ("; plain view, collation keys %.0f / %.0f ms; raw SQLite ORDER BY name %.1f ms\n",
               plain_sort[0], plain_sort[1], raw_sort_ms (store));
    }
  scroll_clear (&page_scroll);
  scroll_clear (&plain_scroll);
}

static void
bench_alarms (void)
{
  g_autofree char *dir = g_dir_make_tmp ("yizhan-bench-alarms-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "yizhan.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(YzStore) store = yz_store_open (path, &error);
  gint64 now = g_get_real_time () / 1000;
  gint64 t0 = g_get_monotonic_time ();
  double write_ms, empty_ms;

  g_assert_no_error (error);
  fill (store, now);
  write_ms = (g_get_monotonic_time () - t0) / 1000.0;
  /* The first session over a new store computes the statistics from its history, once:
   * not what a start costs after that. */
  {
    g_autoptr(YzGatewayBackend) backend = NULL;
    g_autoptr(YzSession) session = NULL;

    backend = yz_gateway_backend_new ("http://127.0.0.1:9", NULL, NULL, NULL);
    session = yz_session_new (store, YZ_BACKEND (backend));
  }
  empty_ms = empty_first_frame_ms ();
  g_print ("alarm table, %d alarms and their history at %d stations over a year, 1400x900"
           " (renderer: %s):\n  written in %.0f ms; the first window (an empty alarms page,"
           " the renderer starting) %.0f ms\n",
           N_ALARMS, N_STATIONS,
           g_getenv ("GSK_RENDERER") ? g_getenv ("GSK_RENDERER") : "GTK's choice", write_ms,
           empty_ms);

  /* Quick or not: the first window with rows pays for the renderer's glyphs and shaders,
   * which the 10,000 rows' page and plain view would otherwise not pay alike. */
  bench_case (store, "a year of history as written", FALSE);
  resolve_recently (store, now);
  bench_case (store, "every resolved alarm closed in the last day", TRUE);

  g_clear_object (&store);
  {
    g_autofree char *wal = g_strconcat (path, "-wal", NULL);
    g_autofree char *shm = g_strconcat (path, "-shm", NULL);

    g_unlink (path);
    g_unlink (wal);
    g_unlink (shm);
    g_rmdir (dir);
  }
}

/* This benchmark again for each renderer named in YIZHAN_BENCH_RENDERERS, its output
 * passed on, then their first paints of the 10,000 rows side by side. */
static int
run_per_renderer (const char *program, const char *renderers)
{
  g_auto(GStrv) names = g_strsplit (renderers, ",", -1);
  g_autoptr(GString) summary = g_string_new (NULL);
  int status = 0;

  for (guint i = 0; names[i] != NULL; i++)
    {
      g_auto(GStrv) env = g_environ_unsetenv (g_get_environ (), "YIZHAN_BENCH_RENDERERS");
      const char *child_argv[] = { program, NULL };
      g_autofree char *out = NULL;
      g_autoptr(GError) error = NULL;
      g_auto(GStrv) lines = NULL;
      int wait_status = 0;

      env = g_environ_setenv (env, "GSK_RENDERER", names[i], TRUE);
      if (!g_spawn_sync (NULL, (char **)child_argv, env, G_SPAWN_CHILD_INHERITS_STDERR, NULL, NULL,
                         &out, NULL, &wait_status, &error) ||
          !g_spawn_check_wait_status (wait_status, &error))
        {
          g_printerr ("bench-alarms with GSK_RENDERER=%s: %s\n", names[i], error->message);
          status = 1;
        }
      lines = g_strsplit (out ? out : "", "\n", -1);
      for (guint l = 0; lines[l] != NULL; l++)
        {
          double page, page_cpu, plain, plain_cpu;

          if (sscanf (lines[l], "FIRST-PAINT %lf %lf %lf %lf", &page, &page_cpu, &plain,
                      &plain_cpu) == 4)
            g_string_append_printf (summary,
                                    "  %-6s page %5.0f ms (CPU %5.0f ms), plain GtkColumnView"
                                    " %5.0f ms (CPU %5.0f ms), ratio %.2f\n",
                                    names[i], page, page_cpu, plain, plain_cpu, page / plain);
          else if (lines[l][0] != '\0')
            g_print ("%s\n", lines[l]);
        }
    }
  g_print ("first painted rows, %d alarms listed, by renderer:\n%s", N_ALARMS, summary->str);

  return status;
}

int
main (int argc, char *argv[])
{
  const char *renderers = g_getenv ("YIZHAN_BENCH_RENDERERS");

  if (renderers != NULL && *renderers != '\0')
    return run_per_renderer (argv[0], renderers);

  yz_test_gtk_init (&argc, &argv);
  /* Inside a test case: its own cache and data directories. */
  g_test_add_func ("/yizhan/bench/alarms", bench_alarms);

  return g_test_run ();
}
