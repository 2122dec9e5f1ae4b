/* yz-session-private.h
 *
 * YzSession is one object split across files by job (as GNOME Text Editor splits its
 * window over editor-window-private.h):
 *
 *   yz-session.c          the facade: log-in and retry, the connection state, the operator
 *                         and role, the accessors; properties and signals
 *   yz-ingest.c           events -> pending -> one transaction -> the city; the state; the
 *                         offline view at start; the journal's pruning
 *   yz-commands.c         audited commands: role checks, audit rows, doors (matching their
 *                         results), alarms, stock, devices
 *   yz-derived-alarms.c   the alarms the console raises itself
 *   yz-alarm-review.c     an alarm's history, alarms further back
 *   yz-incident.c         the incident links operators make (beside the grouping)
 *
 * Snapshots go through a YzSnapshotCache (yz-snapshot-cache.c), which the facade hands the
 * backend; that file does not need this header.
 * The city's models live in a YzCity (yz-city.c, no SQL, no network); the SQL in the
 * record files (yz-record.h). For the core only.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "yz-city-private.h"
#include "yz-commands.h"
#include "yz-derived-alarms.h"
#include "yz-ingest.h"
#include "yz-session.h"
#include "yz-snapshot-cache.h"

G_BEGIN_DECLS

struct _YzSession
{
  GObject parent_instance;

  YzStore *store;
  YzBackend *backend;
  YzCity *city;
  GTimeZone *tz; /* the statistics' days */
  YzSnapshotCache *snapshots;
  GCancellable *cancellable;

  /* yz-session.c: the connection and the operator */
  char *operator_name;
  char *display_name;
  char *password; /* in memory only, to log in again */
  YzRole role;
  char *gateway_name;
  gboolean running;
  gboolean loading;   /* logging in or loading state */
  gboolean try_token; /* a token was given: try it before the password */
  char *status;
  char *problem; /* why the last try failed or the stream is stuck; NULL once connected */
  guint retry_id;
  guint retry_ms;
  gint64 retry_at;           /* real time of the session's own next try */
  gboolean ever_connected;   /* since start(): a loss is worth saying */
  gboolean failed;           /* since start(): a try failed */
  gint64 disconnected_since; /* real time the connection was lost, or 0 */

  /* yz-ingest.c */
  GPtrArray *pending; /* YzEvent */
  guint flush_id;
  gint64 last_seq;         /* the last seq written to the store */
  gint64 state_seq;        /* the seq the loaded state is current as of */
  gint64 city_seq;         /* the highest seq the city has taken, since the state */
  gint64 replay_until;     /* writing works again: events up to here already reached the city */
  char *recording_problem; /* why the record is not being written, or NULL */
  gint64 journal_sequence; /* the gateway's sequences this record followed before this one */
  char *journal_epoch;     /* the gateway's name of this sequence, or NULL */
  guint prune_id;
  gint64 journal_keep_ms;
  YzIngestTiming timing; /* the main-loop time ingest took, by stage (benchmarks) */

  /* yz-commands.c */
  GHashTable *door_tasks;    /* command id -> GTask */
  GHashTable *early_results; /* command id -> YzEvent, answers before the 202 */
  guint door_timeout_ms;
  guint door_expiry_ms;
  GPtrArray *unknown_doors; /* door commands whose outcome is not known (yz-commands.c) */

  /* yz-derived-alarms.c */
  guint derive_id;
  guint derive_check_ms;
  gint64 station_silent_ms;
  gint64 derive_grace_ms;
  GHashTable *derive_since; /* derived alarm id -> first time (ms) the condition held */

  /* yz-incident.c */
  gint64 incident_window_ms;
};

enum
{
  YZ_SESSION_PROP_0,
  YZ_SESSION_PROP_CONNECTION_STATE,
  YZ_SESSION_PROP_DISCONNECTED_SINCE,
  YZ_SESSION_PROP_NEXT_ATTEMPT,
  YZ_SESSION_PROP_STATUS,
  YZ_SESSION_PROP_OPERATOR_NAME,
  YZ_SESSION_PROP_DISPLAY_NAME,
  YZ_SESSION_PROP_ROLE,
  YZ_SESSION_PROP_GATEWAY_NAME,
  YZ_SESSION_PROP_N_STATIONS,
  YZ_SESSION_PROP_N_UNACKNOWLEDGED,
  YZ_SESSION_PROP_LAST_SEQ,
  YZ_SESSION_PROP_RECORDING_PROBLEM,
  YZ_SESSION_N_PROPS
};

enum
{
  YZ_SESSION_ALARM_RAISED,
  YZ_SESSION_LOGGED_IN,
  YZ_SESSION_INCIDENTS_CHANGED,
  YZ_SESSION_DOOR_COMMAND_SENT,
  YZ_SESSION_ALARM_HISTORY_CHANGED,
  YZ_SESSION_DOOR_COMMAND_LATE_RESULT,
  YZ_SESSION_N_SIGNALS
};

extern GParamSpec *yz_session_properties[YZ_SESSION_N_PROPS];
extern guint yz_session_signals[YZ_SESSION_N_SIGNALS];

static inline gint64
yz_session_now_ms (void)
{
  return g_get_real_time () / 1000;
}

G_END_DECLS
