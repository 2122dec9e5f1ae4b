/* yz-record-audit.h
 *
 * What the audit log window and the incident report read from the record, asked of the
 * core (the widgets never touch SQLite): audit rows with the names of what they act on,
 * and the entries at a station during an incident. The rows are written by the session
 * through yz_store_audit_append() (yz-store.h), which keeps the hash chain; both are in
 * yz-record-audit.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "yz-event.h"
#include "yz-store.h"

G_BEGIN_DECLS

/* One audit row as stored, with the names the joins found (each NULL when none). */
typedef struct
{
  gint64 id;
  gint64 time;
  char *operator_name;
  char *action;
  char *target;
  char *params;
  char *phase;
  char *result;
  char *hash;
  char *door_name;
  char *device_name;
  char *stock_item;
  char *alarm_type;
  char *station_name;
} YzAuditRow;

/* A search in the audit log: @like (`%words%`) over the stored words, and the codes
 * (JSON arrays) whose names in the viewer's language match. */
typedef struct
{
  const char *like;
  const char *actions;  /* JSON array of action codes */
  const char *reasons;  /* JSON array of door reason codes */
  const char *commands; /* JSON array of door commands */
  const char *outcomes; /* JSON array of outcome codes (refused, no-answer, unknown, expired,
                           error) */
  gboolean requested;   /* the word for "requested" matches: every request row */
  gboolean carried_out; /* the word for "carried out" matches: every successful result */
} YzAuditSearch;

void yz_audit_row_free (YzAuditRow *row);
GPtrArray *yz_record_audit_rows (YzStore *store, const YzAuditSearch *search, guint limit);
GPtrArray *yz_record_audit_for_incident (YzStore *store, const char *alarm_ids_json,
                                         const char *station_id, gint64 from, gint64 to);
int yz_store_audit_report_full (YzStore *self, GPtrArray *witness, const char *witness_note,
                                char **message);
GPtrArray *yz_record_entries_at_station (YzStore *store, const char *station_id, gint64 from,
                                         gint64 to, guint limit);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (YzAuditRow, yz_audit_row_free)

G_END_DECLS
