/* yz-stats.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "yz-event.h"
#include "yz-store.h"

G_BEGIN_DECLS

/* Days are local calendar days in the time zone the statistics are kept in, written as
 * YYYYMMDD (20261123). */
guint32 yz_stats_day_of (GTimeZone *tz, gint64 time_ms);
int yz_stats_hour_of (GTimeZone *tz, gint64 time_ms);
gint64 yz_stats_day_start (GTimeZone *tz, guint32 day);
guint32 yz_stats_day_add (guint32 day, int days);
int yz_stats_day_weekday (guint32 day);               /* 1 = Monday … 7 = Sunday */
int yz_stats_days_between (guint32 from, guint32 to); /* to - from, in days */

/* --- keeping the rollups, as events arrive (inside the caller's transaction) --- */

void yz_stats_record_entry (YzStore *store, GTimeZone *tz, const YzEntryData *entry,
                            const char *district);
void yz_stats_record_alarm (YzStore *store, GTimeZone *tz, const YzAlarmData *alarm,
                            const char *district);
void yz_stats_record_alarm_action (
    YzStore *store, const char *alarm_id,
    const char *action, /* acknowledged, assigned, resolved, reopened; others are ignored */
    const char *by, gint64 time_ms);
void yz_stats_record_stock (YzStore *store, GTimeZone *tz, const char *stock_id, const char *item,
                            const char *district, gint64 old_level, gint64 new_level,
                            gint64 time_ms);
void yz_stats_record_door_command (YzStore *store, GTimeZone *tz, const char *district,
                                   const char *command, const char *reason, gint64 time_ms);
gboolean yz_stats_rebuild (YzStore *store, GTimeZone *tz, GError **error);
void yz_stats_rebuild_if_asked (YzStore *store, GTimeZone *tz);
void yz_stats_prune_usage (YzStore *store, guint32 before_day);

/* --- the views --- */

typedef struct
{
  guint32 from_day; /* inclusive */
  guint32 to_day;   /* inclusive */
  char *district;   /* nullable: every district */
  char *station_id; /* nullable: every station (of the district) */
} YzStatsFilter;

typedef struct
{
  char *key;   /* an id, an enum value, an operator's name */
  char *label; /* a name to show (a station's name), or NULL */
  gint64 value;
  gint64 value2; /* a second figure where the view has one */
} YzStatsRow;

typedef struct
{
  gint64 granted;
  gint64 denied;       /* denied and strangers */
  gint64 workers;      /* distinct people among the granted */
  GArray *occupations; /* YzStatsRow: occupation, visits (value), workers (value2) */
  GArray *stations;    /* YzStatsRow: station id, name, visits — every station, most first */
  GArray *trend;       /* YzStatsRow: day ("20261123"), visits — every day of the range */
  gint64 heat[7][24];  /* visits by weekday (Monday first) and hour */
} YzStatsVisits;

typedef struct
{
  gint64 raised;
  gint64 acknowledged;
  gint64 resolved;
  GArray *types;        /* YzStatsRow: type, count */
  gint64 priorities[4]; /* low, medium, high, critical */
  gint64 ack_median_ms; /* -1 when nothing was acknowledged */
  gint64 ack_p90_ms;
  gint64 resolve_median_ms;
  gint64 resolve_p90_ms;
  GArray *operators; /* YzStatsRow: operator, acknowledged (value), resolved (value2) */
} YzStatsAlarms;

typedef struct
{
  GArray *reasons;  /* YzStatsRow: reason, count */
  GArray *commands; /* YzStatsRow: command, count */
  GArray *items;    /* YzStatsRow: stock item, consumed (value), restocked (value2) */
} YzStatsSupplies;

void yz_stats_filter_clear (YzStatsFilter *filter);
void yz_stats_visits_clear (YzStatsVisits *visits);
void yz_stats_alarms_clear (YzStatsAlarms *alarms);
void yz_stats_supplies_clear (YzStatsSupplies *supplies);

gboolean yz_stats_visits (YzStore *store, GTimeZone *tz, const YzStatsFilter *filter,
                          YzStatsVisits *out, GError **error);
gboolean yz_stats_visits_from_entries (YzStore *store, GTimeZone *tz, const YzStatsFilter *filter,
                                       YzStatsVisits *out, GError **error);
gboolean yz_stats_alarms (YzStore *store, const YzStatsFilter *filter, YzStatsAlarms *out,
                          GError **error);
gboolean yz_stats_supplies (YzStore *store, const YzStatsFilter *filter, YzStatsSupplies *out,
                            GError **error);

/* Average consumption per day of every stock item over the last @days days (or since the
 * item was first seen, if later): stock id -> a pointer to a double, owned by the table. */
GHashTable *yz_stats_consumption_rates (YzStore *store, GTimeZone *tz, gint64 now_ms, guint days,
                                        GError **error);

G_END_DECLS
