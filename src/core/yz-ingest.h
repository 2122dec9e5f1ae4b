/* yz-ingest.h
 *
 * The pending queue, the batch transaction, the state, the offline view, the journal's
 * pruning: the part of YzSession that follows the gateway (yz-session-private.h). For the core
 * only.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "yz-event.h"
#include "yz-session.h"

G_BEGIN_DECLS

/* The main-loop time events took in the session, by stage: the benchmark's split
 * (tests/bench/bench-session-ingest.c). Parsing is the stream's thread's. */
typedef struct
{
  gint64 n_events;            /* events through the record and the models */
  gint64 n_passes;            /* main-loop passes that wrote and applied events */
  gint64 store_us;            /* transactions: journal rows, tables, last seq, commit */
  gint64 stats_us;            /* the statistics rollups (inside those transactions) */
  gint64 model_us;            /* the city's items, models, signals, notifies */
  gint64 longest_pass_us;     /* the longest of those passes */
  gint64 longest_pass_cpu_us; /* the same in the thread's CPU time: what a loaded machine's
                               * other processes do not lengthen */
} YzIngestTiming;

void yz_session_get_ingest_timing (YzSession *self, YzIngestTiming *timing);
void yz_session_reset_ingest_timing (YzSession *self);

void yz_ingest_init (YzSession *self);
void yz_ingest_clear (YzSession *self);
void yz_ingest_load_from_store (YzSession *self);
void yz_ingest_event_cb (YzBackend *backend, YzEvent *event, YzSession *self);
void yz_ingest_flush (YzSession *self);
void yz_ingest_apply_state (YzSession *self, YzStateData *state);
gint64 yz_ingest_resume_point (YzSession *self, YzStateData *state);
void yz_ingest_start_pruning (YzSession *self);
void yz_ingest_store_alarm (YzSession *self, const YzAlarmData *a, gboolean derived);
void yz_ingest_store_alarm_step (YzSession *self, const char *alarm_id, gint64 time,
                                 const char *action, const char *by, const char *note);
void yz_ingest_record_stock_level (YzSession *self, const char *stock_id, gint64 level,
                                   gint64 time);

G_END_DECLS
