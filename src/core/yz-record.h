/* yz-record.h
 *
 * The record layer: every SQL statement of the core that is not the store's own (schema,
 * migrations: yz-store.c) or a self-contained job's (the statistics'
 * rollups: yz-stats.c, the entries' pages: yz-entry-model.c, the made-up past:
 * yz-history.c) lives in a yz-record-*.c file, one per domain:
 *
 *   yz-record.c          the helpers every statement uses: prepare, run, bind text, a column
 *   yz-record-city.c     stations, cameras, doors, stock, devices, entries; the offline view
 *   yz-record-alarms.c   alarms, their history, incident links
 *   yz-record-journal.c  the events journal, the meta keys (last seq), pruning
 *   yz-record-audit.c    the audit chain (append, verify), the audit window's search and the
 *                        report's queries (yz-record-audit.h, which widgets may include)
 *
 * For the core only: widgets ask the session or the functions here, never SQLite.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <sqlite3.h>

#include "yz-event.h"
#include "yz-store-private.h"

G_BEGIN_DECLS

/* ---- helpers (yz-record.c) ---- */

#define YZ_RECORD_TEXT(stmt, i, value) sqlite3_bind_text (stmt, i, value, -1, SQLITE_TRANSIENT)

static inline const char *
yz_record_col (sqlite3_stmt *stmt, int i)
{
  return (const char *)sqlite3_column_text (stmt, i);
}

sqlite3_stmt *yz_record_prepare (YzStore *store, const char *sql);
gboolean yz_record_step (sqlite3_stmt *stmt);
gboolean yz_record_run (YzStore *store, sqlite3_stmt *stmt);
gboolean yz_record_exec (YzStore *store, const char *sql, GError **error);
int yz_record_changes (YzStore *store);

/* ---- the city (yz-record-city.c) ---- */

void yz_record_station (YzStore *store, const YzStationData *s);
void yz_record_camera (YzStore *store, const YzCameraData *c);
void yz_record_door (YzStore *store, const YzDoorData *d);
void yz_record_stock (YzStore *store, const YzStockData *s);
void yz_record_device (YzStore *store, const YzDeviceData *d);
void yz_record_replace_city (YzStore *store, YzStateData *state);
gboolean yz_record_stock_before (YzStore *store, const char *stock_id, gint64 *level, char **item,
                                 char **station_id);
void yz_record_event_state (YzStore *store, const YzEvent *event);
gboolean yz_record_entry (YzStore *store, const YzEntryData *e);
void yz_record_load_city (YzStore *store, GPtrArray *stations, GPtrArray *cameras, GPtrArray *doors,
                          GPtrArray *stock, GPtrArray *devices);

/* ---- alarms (yz-record-alarms.c) ---- */

/* One alarm row; @alarm points into the row and is valid during the call only. */
typedef void (*YzRecordAlarmFunc) (const YzAlarmData *alarm, gboolean derived, gpointer user_data);

void yz_record_alarm (YzStore *store, const YzAlarmData *a, gboolean derived);
void yz_record_alarm_step (YzStore *store, const char *alarm_id, gint64 time, const char *action,
                           const char *by, const char *note);
void yz_record_alarms_current (YzStore *store, gint64 resolved_since, YzRecordAlarmFunc func,
                               gpointer user_data);
void yz_record_alarms_raised_since (YzStore *store, gint64 since_ms, guint limit,
                                    YzRecordAlarmFunc func, gpointer user_data);
GPtrArray *yz_record_alarm_steps (YzStore *store, const char *alarm_id);
GHashTable *yz_record_incident_links (YzStore *store);
gboolean yz_record_link_incident (YzStore *store, GPtrArray *alarm_ids, const char *key,
                                  GError **error);

/* ---- the journal and the meta keys (yz-record-journal.c) ---- */

gint64 yz_record_load_last_seq (YzStore *store);
gboolean yz_record_last_seq (YzStore *store, gint64 seq, GError **error);
void yz_record_journal (YzStore *store, gint64 sequence, const char *epoch, const YzEvent *event);
guint yz_record_prune_journal (YzStore *store, gint64 before_ms, guint limit);
gboolean yz_record_meta_has (YzStore *store, const char *key);
void yz_record_meta_remove (YzStore *store, const char *key);
char *yz_record_meta_get (YzStore *store, const char *key);
void yz_record_meta_set (YzStore *store, const char *key, const char *value);

/* ---- the audit log (yz-record-audit.c; appending is yz_store_audit_append()) ---- */

gboolean yz_record_audit_unknown_door (YzStore *store, const char *request_id, gint64 since,
                                       char **door_id, char **params);

G_END_DECLS
