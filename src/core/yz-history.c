/* yz-history.c
 *
 * A made-up past for the stations in a store: a day of visits, alarms with the operators'
 * acknowledgements and resolutions, stock running down and restocked, and door commands —
 * written to the same tables, through the same statistics rollups (yz-stats.c), as events
 * from a gateway. `yizhan --demo` gives its simulated city a month of it, so that the
 * statistics and the supply forecast have something to show; the statistics benchmark
 * builds a year with it. Ids start with "h-" and entries have no snapshot, so made-up rows
 * are never taken for a gateway's.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "yz-history"

#include "config.h"

#include <math.h>
#include <stdlib.h>

#include "yz-door-reason.h"
#include "yz-history.h"
#include "yz-stats.h"
#include "yz-record.h"
#include "yz-vocabulary.h"

#define PEOPLE_PER_STATION 40

/* Visits by hour of day: early shifts, lunch and the evening peak. */
static const double hour_weights[24] = {
  0.2, 0.15, 0.1, 0.1, 0.3, 0.8, 1.2, 1.4, 1.1, 1.0, 1.2, 1.8,
  2.0, 1.6,  1.1, 1.0, 1.2, 1.6, 1.5, 1.0, 0.7, 0.5, 0.4, 0.3,
};

static const char *const surnames[] = { "王", "李", "张", "刘", "陈", "杨", "赵", "黄",
                                        "周", "吴", "徐", "孙", "马", "朱", "胡", "郭" };
static const char *const given[] = {
  "建国", "秀英", "志强", "桂兰", "伟",   "芳",   "军",   "敏",
  "海燕", "立新", "红梅", "德胜", "玉兰", "国庆", "春花", "长江"
};
static const char *const operators[] = { "operator", "王值班", "李调度", "张班长" };
/* The protocol's words (yz-vocabulary.h, yz-door-reason.h); a word listed twice is drawn
 * twice as often. Reason codes are stored as the console stores them. */
static const char *const door_reasons[] = {
  YZ_DOOR_REASON_WORKER_LOCKED_OUT, YZ_DOOR_REASON_MEDICAL, YZ_DOOR_REASON_MAINTENANCE,
  YZ_DOOR_REASON_MAINTENANCE,       YZ_DOOR_REASON_RESTOCK,
};
static const char *const door_commands[] = {
  YZ_DOOR_CMD_OPEN,      YZ_DOOR_CMD_OPEN, YZ_DOOR_CMD_OPEN,
  YZ_DOOR_CMD_KEEP_OPEN, YZ_DOOR_CMD_LOCK, YZ_DOOR_CMD_NORMAL,
};

/* Each alarm type comes with its default priority (yz_alarm_type_default_priority). */
typedef struct
{
  const char *type;
  guint weight;
} AlarmKind;
static const AlarmKind alarm_kinds[] = {
  { YZ_ALARM_TYPE_SMOKING, 30 },
  { YZ_ALARM_TYPE_DOOR_HELD_OPEN, 20 },
  { YZ_ALARM_TYPE_CAMERA_OFFLINE, 10 },
  { YZ_ALARM_TYPE_ALTERCATION, 8 },
  { YZ_ALARM_TYPE_HIGH_TEMPERATURE, 6 },
  { YZ_ALARM_TYPE_STATION_OFFLINE, 5 },
  { YZ_ALARM_TYPE_FALL, 4 },
  { YZ_ALARM_TYPE_SOS, 3 },
  { YZ_ALARM_TYPE_DOOR_FORCED, 2 },
  { YZ_ALARM_TYPE_SMOKE, 1 },
};
static const char *const categories[] = {
  YZ_RESOLUTION_FALSE_ALARM,     YZ_RESOLUTION_HANDLED_ON_SITE, YZ_RESOLUTION_HANDLED_ON_SITE,
  YZ_RESOLUTION_EQUIPMENT_FAULT, YZ_RESOLUTION_OTHER,
};

/* Consumption per visit, by item; the AED is not consumed. */
typedef struct
{
  const char *item;
  double per_visit;
} Usage;
static const Usage usage[] = {
  { "water", 0.45 },    { "cold-drink", 0.15 }, { "ice-cream", 0.06 },    { "mask", 0.05 },
  { "umbrella", 0.01 }, { "sunscreen", 0.02 },  { "medicine-kit", 0.01 },
};

static guint
poisson (GRand *rand, double lambda)
{
  double l = exp (-lambda), p = 1.0;
  guint k = 0;

  if (lambda > 50)
    return (guint)MAX (0, lambda + sqrt (lambda) * (g_rand_double (rand) * 2 - 1) * 1.7);
  do
    {
      k++;
      p *= g_rand_double (rand);
    }
  while (p > l);
  return k - 1;
}

/* Minutes, log-normally spread around @median (a few take much longer). */
static gint64
delay_ms (GRand *rand, double median_minutes)
{
  double u1 = MAX (1e-9, g_rand_double (rand)), u2 = g_rand_double (rand);
  double normal = sqrt (-2 * log (u1)) * cos (2 * G_PI * u2);

  return (gint64)(median_minutes * exp (0.8 * normal) * 60 * 1000);
}

static int
pick_hour (GRand *rand)
{
  double total = 0, pick;

  for (guint i = 0; i < 24; i++)
    total += hour_weights[i];
  pick = g_rand_double (rand) * total;
  for (guint i = 0; i < 24; i++)
    {
      if (pick < hour_weights[i])
        return i;
      pick -= hour_weights[i];
    }
  return 12;
}

static const char *
occupation_of (guint person)
{
  guint k = person * 2654435761u % 10;

  return k < 4 ? "sanitation" : k < 7 ? "delivery" : k < 9 ? "courier" : "other";
}

typedef struct
{
  char *id;
  char *district;
  gboolean smart;
  double busy; /* how popular the station is, 0.3–1.7 */
} Station;

static void
station_clear (gpointer data)
{
  Station *s = data;

  g_free (s->id);
  g_free (s->district);
}

typedef struct
{
  char *id;
  char *station_id;
  char *item;
  gint64 capacity;
  gint64 threshold;
} Stock;

static void
stock_clear (gpointer data)
{
  Stock *s = data;

  g_free (s->id);
  g_free (s->station_id);
  g_free (s->item);
}

static gboolean
fail (YzStore *store, GError **error)
{
  g_set_error (error, YZ_STORE_ERROR, YZ_STORE_ERROR_FAILED, "Cannot write the history: %s",
               sqlite3_errmsg (yz_store_get_db (store)));
  yz_store_rollback (store);
  return FALSE;
}

/* One made-up day, written in slices (yz_history_fill_async()) or at once
 * (yz_history_generate_day()): the stations and stock it is made for, and where it is. */
typedef struct
{
  GTimeZone *tz;
  guint32 day;
  gint64 until_ms;
  gint64 day_start;
  int weekday;
  GRand *rand;
  GArray *stations;
  GArray *stock;
  GHashTable *visits_by_station;
  GHashTable *district_by_station;
  GArray *door_commands; /* DoorCommand, written with the stock at the end */
  guint next;            /* the next station to make up */
  guint n_entry;
} Day;

typedef struct
{
  const char *district; /* the station's, owned by Day's stations */
  const char *command;
  const char *reason;
  gint64 time;
} DoorCommand;

static gpointer
day_free (Day *d)
{
  g_clear_pointer (&d->tz, g_time_zone_unref);
  g_clear_pointer (&d->rand, g_rand_free);
  g_clear_pointer (&d->visits_by_station, g_hash_table_unref);
  g_clear_pointer (&d->district_by_station, g_hash_table_unref);
  g_clear_pointer (&d->door_commands, g_array_unref);
  g_clear_pointer (&d->stations, g_array_unref);
  g_clear_pointer (&d->stock, g_array_unref);
  g_free (d);
  return NULL;
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Day, day_free)

/* Reads the stations and stock @day is made for. */
static Day *
day_new (YzStore *store, GTimeZone *tz, guint32 day, guint32 seed, gint64 until_ms, GError **error)
{
  Day *d = g_new0 (Day, 1);
  sqlite3_stmt *stmt;
  int rc;

  d->tz = g_time_zone_ref (tz);
  d->day = day;
  d->until_ms = until_ms;
  d->day_start = yz_stats_day_start (tz, day);
  d->weekday = yz_stats_day_weekday (day);
  d->rand = g_rand_new_with_seed (seed ^ (day * 2654435761u));
  d->visits_by_station = g_hash_table_new (g_str_hash, g_str_equal);
  d->district_by_station = g_hash_table_new (g_str_hash, g_str_equal);
  d->door_commands = g_array_new (FALSE, FALSE, sizeof (DoorCommand));
  d->stations = g_array_new (FALSE, TRUE, sizeof (Station));
  d->stock = g_array_new (FALSE, TRUE, sizeof (Stock));
  g_array_set_clear_func (d->stations, station_clear);
  g_array_set_clear_func (d->stock, stock_clear);

  if ((stmt = yz_store_prepare (store, "SELECT id, district, kind FROM stations ORDER BY id",
                                error)) == NULL)
    return day_free (d);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      Station s = {
        g_strdup ((const char *)sqlite3_column_text (stmt, 0)),
        g_strdup ((const char *)sqlite3_column_text (stmt, 1)),
        g_strcmp0 ((const char *)sqlite3_column_text (stmt, 2), "smart24") == 0,
        0.3 + (g_str_hash (sqlite3_column_text (stmt, 0)) % 1400) / 1000.0,
      };
      g_array_append_val (d->stations, s);
    }
  sqlite3_reset (stmt);
  for (guint i = 0; i < d->stations->len; i++)
    {
      Station *s = &g_array_index (d->stations, Station, i);

      g_hash_table_insert (d->district_by_station, s->id, s->district);
    }

  if ((stmt = yz_store_prepare (
           store, "SELECT id, station_id, item, capacity, low_threshold FROM stock ORDER BY id",
           error)) == NULL)
    return day_free (d);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      Stock s = {
        g_strdup ((const char *)sqlite3_column_text (stmt, 0)),
        g_strdup ((const char *)sqlite3_column_text (stmt, 1)),
        g_strdup ((const char *)sqlite3_column_text (stmt, 2)),
        sqlite3_column_int64 (stmt, 3),
        sqlite3_column_int64 (stmt, 4),
      };
      g_array_append_val (d->stock, s);
    }
  sqlite3_reset (stmt);

  return d;
}

/* Makes up the next stations' visits and alarms, in the transaction open, until
 * @deadline_us (monotonic) has passed (G_MAXINT64: all of them). */
static gboolean
day_write_stations (Day *d, YzStore *store, gint64 deadline_us, YzHistoryCounts *counts,
                    GError **error)
{
  sqlite3_stmt *insert_entry, *insert_alarm, *insert_history;
  guint first = d->next;

  insert_entry = yz_store_prepare (
      store,
      "INSERT OR IGNORE INTO entries (id, station_id, door_id, time, person_id, person_name,"
      " occupation, method, result, snapshot_id) VALUES (?1, ?2, NULL, ?3, ?4, ?5, ?6, ?7, ?8, "
      "NULL)",
      error);
  insert_alarm =
      yz_store_prepare (store,
                        "INSERT OR IGNORE INTO alarms (id, station_id, type, priority, raised_at, "
                        "state, owner, updated_at,"
                        " category, note) VALUES (?1, ?2, ?3, ?4, ?5, 'resolved', ?6, ?7, ?8, ?9)",
                        error);
  insert_history = yz_store_prepare (
      store,
      "INSERT INTO alarm_history (alarm_id, time, action, by, note) VALUES (?1, ?2, ?3, ?4, ?5)",
      error);
  if (insert_entry == NULL || insert_alarm == NULL || insert_history == NULL)
    {
      yz_store_rollback (store);
      return FALSE;
    }

  /* At least one station a slice, however late. */
  for (; d->next < d->stations->len && (d->next == first || g_get_monotonic_time () < deadline_us);
       d->next++)
    {
      guint i = d->next;
      Station *s = &g_array_index (d->stations, Station, i);
      double lambda = (s->smart ? 14.0 : 9.0) * s->busy * (d->weekday >= 6 ? 0.75 : 1.0);
      guint visits = poisson (d->rand, lambda);
      guint granted = 0;
      guint alarms = poisson (d->rand, 0.25);

      for (guint v = 0; v < visits; v++)
        {
          gint64 time =
              d->day_start + pick_hour (d->rand) * 3600000 + g_rand_int_range (d->rand, 0, 3600000);
          gboolean skip = time > d->until_ms;
          double r = g_rand_double (d->rand);
          const char *result = r < 0.85   ? YZ_ENTRY_RESULT_GRANTED
                               : r < 0.93 ? YZ_ENTRY_RESULT_DENIED
                                          : YZ_ENTRY_RESULT_STRANGER;
          gboolean known = !g_str_equal (result, YZ_ENTRY_RESULT_STRANGER);
          guint person =
              g_rand_double (d->rand) < 0.9
                  ? i * PEOPLE_PER_STATION + g_rand_int_range (d->rand, 0, PEOPLE_PER_STATION)
                  : g_rand_int_range (d->rand, 0, MAX (1, d->stations->len) * PEOPLE_PER_STATION);
          g_autofree char *id = g_strdup_printf ("h-%u-%06u", d->day, ++d->n_entry);
          g_autofree char *person_id = g_strdup_printf ("w-%05u", person);
          g_autofree char *name = g_strconcat (surnames[person % G_N_ELEMENTS (surnames)],
                                               given[person / 7 % G_N_ELEMENTS (given)], NULL);
          double m = g_rand_double (d->rand);
          YzEntryData entry = {
            .id = id,
            .station_id = s->id,
            .time = time,
            .person_id = known ? person_id : NULL,
            .person_name = known ? name : NULL,
            .occupation = known ? occupation_of (person) : "unknown",
            .method = !known     ? YZ_ENTRY_METHOD_FACE
                      : m < 0.6  ? YZ_ENTRY_METHOD_FACE
                      : m < 0.9  ? YZ_ENTRY_METHOD_QR
                      : m < 0.97 ? YZ_ENTRY_METHOD_CARD
                                 : YZ_ENTRY_METHOD_ID_CARD,
            .result = result,
          };

          if (skip)
            continue;
          YZ_RECORD_TEXT (insert_entry, 1, entry.id);
          YZ_RECORD_TEXT (insert_entry, 2, entry.station_id);
          sqlite3_bind_int64 (insert_entry, 3, entry.time);
          YZ_RECORD_TEXT (insert_entry, 4, entry.person_id);
          YZ_RECORD_TEXT (insert_entry, 5, entry.person_name);
          YZ_RECORD_TEXT (insert_entry, 6, entry.occupation);
          YZ_RECORD_TEXT (insert_entry, 7, entry.method);
          YZ_RECORD_TEXT (insert_entry, 8, entry.result);
          if (!yz_record_step (insert_entry))
            return fail (store, error);
          if (sqlite3_changes (yz_store_get_db (store)) == 1)
            {
              yz_stats_record_entry (store, d->tz, &entry, s->district);
              counts->entries++;
              granted += g_str_equal (result, YZ_ENTRY_RESULT_GRANTED);
            }
        }
      g_hash_table_insert (d->visits_by_station, s->id, GUINT_TO_POINTER (granted));

      for (guint a = 0; a < alarms; a++)
        {
          guint total = 0, pick;
          const AlarmKind *kind = &alarm_kinds[0];
          g_autofree char *id = g_strdup_printf ("h-a-%u-%s-%u", d->day, s->id, a);
          const char *by = operators[g_rand_int_range (d->rand, 0, G_N_ELEMENTS (operators))];
          const char *category =
              categories[g_rand_int_range (d->rand, 0, G_N_ELEMENTS (categories))];
          YzAlarmData alarm = { .id = id, .station_id = s->id };
          YzPriority priority;
          gint64 ack, resolved;

          for (guint k = 0; k < G_N_ELEMENTS (alarm_kinds); k++)
            total += alarm_kinds[k].weight;
          pick = g_rand_int_range (d->rand, 0, total);
          for (guint k = 0; k < G_N_ELEMENTS (alarm_kinds); k++)
            {
              if (pick < alarm_kinds[k].weight)
                {
                  kind = &alarm_kinds[k];
                  break;
                }
              pick -= alarm_kinds[k].weight;
            }
          alarm.type = kind->type;
          priority = yz_alarm_type_default_priority (kind->type);
          alarm.priority = yz_priority_to_nick (priority);
          alarm.raised_at = d->day_start + g_rand_int_range (d->rand, 0, 24 * 3600) * (gint64)1000;
          /* Critical alarms are taken at once; the rest when the officer gets to them. */
          ack = alarm.raised_at + delay_ms (d->rand, priority == YZ_PRIORITY_CRITICAL ? 0.8 : 3.0);
          resolved = ack + delay_ms (d->rand, priority == YZ_PRIORITY_CRITICAL ? 20 : 35);
          if (resolved > d->until_ms)
            continue;

          YZ_RECORD_TEXT (insert_alarm, 1, id);
          YZ_RECORD_TEXT (insert_alarm, 2, s->id);
          YZ_RECORD_TEXT (insert_alarm, 3, alarm.type);
          YZ_RECORD_TEXT (insert_alarm, 4, alarm.priority);
          sqlite3_bind_int64 (insert_alarm, 5, alarm.raised_at);
          YZ_RECORD_TEXT (insert_alarm, 6, by);
          sqlite3_bind_int64 (insert_alarm, 7, resolved);
          YZ_RECORD_TEXT (insert_alarm, 8, category);
          YZ_RECORD_TEXT (insert_alarm, 9, "已处理");
          if (!yz_record_step (insert_alarm))
            return fail (store, error);
          if (sqlite3_changes (yz_store_get_db (store)) == 0)
            continue;

          YZ_RECORD_TEXT (insert_history, 1, id);
          sqlite3_bind_int64 (insert_history, 2, alarm.raised_at);
          YZ_RECORD_TEXT (insert_history, 3, "raised");
          if (!yz_record_step (insert_history))
            return fail (store, error);
          YZ_RECORD_TEXT (insert_history, 1, id);
          sqlite3_bind_int64 (insert_history, 2, ack);
          YZ_RECORD_TEXT (insert_history, 3, "acknowledged");
          YZ_RECORD_TEXT (insert_history, 4, by);
          if (!yz_record_step (insert_history))
            return fail (store, error);
          YZ_RECORD_TEXT (insert_history, 1, id);
          sqlite3_bind_int64 (insert_history, 2, resolved);
          YZ_RECORD_TEXT (insert_history, 3, "resolved");
          YZ_RECORD_TEXT (insert_history, 4, by);
          YZ_RECORD_TEXT (insert_history, 5, "已处理");
          if (!yz_record_step (insert_history))
            return fail (store, error);
          sqlite3_clear_bindings (insert_history);

          yz_stats_record_alarm (store, d->tz, &alarm, s->district);
          yz_stats_record_alarm_action (store, id, "acknowledged", by, ack);
          yz_stats_record_alarm_action (store, id, "resolved", by, resolved);
          counts->alarms++;
        }

      if (g_rand_double (d->rand) < 0.08)
        {
          const char *command =
              door_commands[g_rand_int_range (d->rand, 0, G_N_ELEMENTS (door_commands))];
          const char *reason =
              door_reasons[g_rand_int_range (d->rand, 0, G_N_ELEMENTS (door_reasons))];
          gint64 time = d->day_start + g_rand_int_range (d->rand, 0, 24 * 3600) * (gint64)1000;

          if (time <= d->until_ms)
            {
              DoorCommand c = { s->district, command, reason, time };

              /* Written with the day's last slice: counted once even when a slice is
               * made again after a stop half way through the day. */
              g_array_append_val (d->door_commands, c);
            }
        }
    }

  return TRUE;
}

/* The day's door commands and stock, once every station is made up, in the transaction
 * open. */
static gboolean
day_write_rest (Day *d, YzStore *store, YzHistoryCounts *counts, GError **error)
{
  g_assert (d->next == d->stations->len);

  for (guint i = 0; i < d->door_commands->len; i++)
    {
      DoorCommand *c = &g_array_index (d->door_commands, DoorCommand, i);

      yz_stats_record_door_command (store, d->tz, c->district, c->command, c->reason, c->time);
      counts->door_commands++;
    }

  /* Each item goes down with the day's visits and is restocked when it ran low. */
  for (guint i = 0; i < d->stock->len; i++)
    {
      Stock *s = &g_array_index (d->stock, Stock, i);
      guint visits = GPOINTER_TO_UINT (g_hash_table_lookup (d->visits_by_station, s->station_id));
      const char *district = g_hash_table_lookup (d->district_by_station, s->station_id);
      double per_visit = 0;
      gint64 level, used = 0;

      for (guint k = 0; k < G_N_ELEMENTS (usage); k++)
        if (g_strcmp0 (usage[k].item, s->item) == 0)
          per_visit = usage[k].per_visit;
      if (per_visit == 0 || s->capacity <= 0 ||
          d->day_start + 21 * 3600 * (gint64)1000 > d->until_ms)
        continue;

      /* Where the level stands this morning, the same every time for this day. */
      level = s->capacity * (30 + (g_str_hash (s->id) ^ d->day) % 71) / 100;
      for (guint v = 0; v < visits; v++)
        used += g_rand_double (d->rand) < per_visit;
      used = MIN (used, level);
      if (used > 0)
        {
          yz_stats_record_stock (store, d->tz, s->id, s->item, district, level, level - used,
                                 d->day_start + 20 * 3600 * (gint64)1000);
          counts->stock_changes++;
        }
      if (level - used < MAX (1, s->threshold))
        {
          yz_stats_record_stock (store, d->tz, s->id, s->item, district, level - used, s->capacity,
                                 d->day_start + 21 * 3600 * (gint64)1000);
          counts->stock_changes++;
        }
    }

  return TRUE;
}

/**
 * yz_history_generate_day:
 * @day: the local day (YYYYMMDD) to make up
 * @until_ms: nothing after this time (today's hours so far); G_MAXINT64 for the whole day
 *
 * Makes up one day for every station the store knows, in one transaction. The same @seed
 * and @day give the same day.
 */
gboolean
yz_history_generate_day (YzStore *store, GTimeZone *tz, guint32 day, guint32 seed, gint64 until_ms,
                         YzHistoryCounts *counts, GError **error)
{
  g_autoptr(Day) d = day_new (store, tz, day, seed, until_ms, error);

  if (d == NULL || !yz_store_begin (store, error))
    return FALSE;
  if (!day_write_stations (d, store, G_MAXINT64, counts, error) ||
      !day_write_rest (d, store, counts, error))
    return FALSE;
  return yz_store_commit (store, error);
}

/* ---- the demo's month ---- */

typedef struct
{
  GTimeZone *tz;
  guint32 day;
  guint32 last;
  gint64 until; /* today: up to when the city was made up */
  YzHistoryCounts counts;
  Day *current; /* the day being written, a slice per main-loop pass */
} Fill;

static void
fill_free (Fill *fill)
{
  g_clear_pointer (&fill->current, day_free);
  g_time_zone_unref (fill->tz);
  g_free (fill);
}

static void
set_meta_day (YzStore *store, guint32 day)
{
  sqlite3_stmt *stmt = yz_store_prepare (
      store, "INSERT OR REPLACE INTO meta (key, value) VALUES ('demo-history-until', ?1)", NULL);
  char text[16];

  if (stmt == NULL)
    return;
  g_snprintf (text, sizeof text, "%u", day);
  YZ_RECORD_TEXT (stmt, 1, text);
  yz_record_step (stmt);
}

/* A slice of a day per pass of the main loop, at most FILL_SLICE_US of it (a day of 580
 * stations is 150–900 ms here), each in its own transaction, so that a frame or a section
 * switch never waits on it and the ingest's transactions come between. A day is marked done
 * (`demo-history-until`) in the transaction of its last slice; a day stopped half way is made
 * again from its start: its entries and alarms are kept by id (INSERT OR IGNORE, counted
 * once), its door commands and stock are written only with the last slice. */
#define FILL_SLICE_US 8000

static gboolean
fill_day_cb (gpointer user_data)
{
  GTask *task = user_data;
  Fill *fill = g_task_get_task_data (task);
  YzStore *store = g_task_get_source_object (task);
  GError *error = NULL;
  gint64 deadline = g_get_monotonic_time () + FILL_SLICE_US;

  if (g_task_return_error_if_cancelled (task))
    return G_SOURCE_REMOVE;
  if (fill->current == NULL && fill->day > fill->last)
    {
      g_message ("Demo history: %" G_GUINT64_FORMAT " entries, %" G_GUINT64_FORMAT " alarms",
                 fill->counts.entries, fill->counts.alarms);
      g_task_return_boolean (task, TRUE);
      return G_SOURCE_REMOVE;
    }
  if (fill->current == NULL &&
      (fill->current = day_new (store, fill->tz, fill->day, 2024,
                                fill->day == fill->last ? fill->until : G_MAXINT64, &error)) ==
          NULL)
    {
      g_task_return_error (task, error);
      return G_SOURCE_REMOVE;
    }
  if (!yz_store_begin (store, &error) ||
      !day_write_stations (fill->current, store, deadline, &fill->counts, &error))
    {
      g_task_return_error (task, error);
      return G_SOURCE_REMOVE;
    }
  if (fill->current->next == fill->current->stations->len)
    {
      if (!day_write_rest (fill->current, store, &fill->counts, &error))
        {
          g_task_return_error (task, error);
          return G_SOURCE_REMOVE;
        }
      set_meta_day (store, fill->day);
      g_clear_pointer (&fill->current, day_free);
      fill->day = yz_stats_day_add (fill->day, 1);
    }
  if (!yz_store_commit (store, &error))
    {
      yz_store_rollback (store);
      g_task_return_error (task, error);
      return G_SOURCE_REMOVE;
    }
  return G_SOURCE_CONTINUE;
}

/**
 * yz_history_fill_async:
 * @days: how many days before today
 *
 * Makes up the days before today, and today up to now, that the store does not have yet
 * (it remembers the last
 * one in `meta`), for the stations it knows — for `--demo` only.
 */
void
yz_history_fill_async (YzStore *store, guint days, GCancellable *cancellable,
                       GAsyncReadyCallback callback, gpointer user_data)
{
  GTask *task = g_task_new (store, cancellable, callback, user_data);
  Fill *fill = g_new0 (Fill, 1);
  sqlite3_stmt *stmt;
  guint32 today;

  g_task_set_source_tag (task, yz_history_fill_async);
  fill->tz = g_time_zone_new_local ();
  today = yz_stats_day_of (fill->tz, g_get_real_time () / 1000);
  fill->day = yz_stats_day_add (today, -(int)days);
  /* Today too, up to now: the live simulator carries on from there. */
  fill->last = today;
  fill->until = g_get_real_time () / 1000;
  if ((stmt = yz_store_prepare (store, "SELECT value FROM meta WHERE key = 'demo-history-until'",
                                NULL)) != NULL)
    {
      if (sqlite3_step (stmt) == SQLITE_ROW)
        fill->day = MAX (fill->day,
                         yz_stats_day_add (atoi ((const char *)sqlite3_column_text (stmt, 0)), 1));
      sqlite3_reset (stmt);
    }
  g_task_set_task_data (task, fill, (GDestroyNotify)fill_free);
  g_idle_add_full (G_PRIORITY_LOW, fill_day_cb, task, g_object_unref);
}

gboolean
yz_history_fill_finish (YzStore *store, GAsyncResult *result, GError **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}
