/* yz-ingest.c
 *
 * What comes from the gateway, into the record and the city:
 *
 *   backend "event" ──> pending ──(one idle per main-loop pass)──> one transaction:
 *       journal row + table changes ──> commit ──> the city's items updated in place
 *
 * The state (at log-in and on a resync) replaces the city in one transaction; at start
 * the city comes from the record (the offline view). Old journal rows are pruned in
 * small batches. The statistics are kept up to date as the rows are written.
 *
 * A gateway's sequence may start again (rebuilt or restored: another epoch, or a state seq
 * below the last stored): the record then follows from the state's seq, keeps all it holds
 * and notes the change (meta gateway.*). A batch that cannot be written (the database is
 * read-only, the disk is full) is rolled back and said in "recording-problem"; the city
 * still follows. Each later batch tries a write; once one works, the events since the last
 * seq stored are asked for again (a replay), so the record has no gap.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "yz-session"

#include "config.h"

#include <glib/gi18n.h>
#include <time.h>

#include "yz-history.h"
#include "yz-items-private.h"
#include "yz-record.h"
#include "yz-session-private.h"
#include "yz-stats.h"

#define INGEST_BUDGET_US (8 * 1000) /* main-loop time one ingest pass may take */
#define WRITE_SHARE 70              /* percent of it for the transaction; the city after */
#define CLOCK_EVERY 16              /* events between two looks at the clock */
#define INGEST_PRIORITY (G_PRIORITY_DEFAULT_IDLE - 10)
#define GATHER_MS 5        /* how long the first event of a batch waits for others */
#define MAX_UNWRITTEN 2000 /* events one pass gives the city when nothing is written */
#define RECENT_RESOLVED_MS (24 * 3600 * 1000)
#define JOURNAL_KEEP_MS ((gint64)14 * 24 * 3600 * 1000) /* raw events kept for review */
#define PRUNE_EVERY_MS (10 * 60 * 1000)
#define PRUNE_BATCH 2000                            /* rows deleted per main-loop pass */
#define META_EPOCH "gateway.epoch"                  /* the epoch of the sequence followed */
#define META_RESTARTED "gateway.sequence-restarted" /* the last restart: when, what, to what */
#define META_RESTARTS "gateway.sequence-restarts"   /* how many restarts this record saw */

static gboolean prune_cb (gpointer user_data);
static void load_journal_sequence (YzSession *self);

/* ---- the store ---- */

/* @error set: the record is not being written, and why; NULL: it is again. */
static void
set_recording_problem (YzSession *self, const GError *error)
{
  g_autofree char *text = NULL;

  if (error != NULL)
    /* Translators: %s is the database's own reason, e.g. "attempt to write a readonly database" */
    text = g_strdup_printf (
        _("Not recording: what arrives is shown but not kept. The local record cannot be "
           "written (%s)."),
        error->message);
  if (g_strcmp0 (text, self->recording_problem) == 0)
    return;
  if (error != NULL)
    g_message ("Not recording after seq %" G_GINT64_FORMAT ": %s", self->last_seq, error->message);
  else
    g_message ("Recording again after seq %" G_GINT64_FORMAT, self->last_seq);
  g_free (self->recording_problem);
  self->recording_problem = g_steal_pointer (&text);
  g_object_notify_by_pspec (G_OBJECT (self),
                            yz_session_properties[YZ_SESSION_PROP_RECORDING_PROBLEM]);
}

static void
store_meta_seq (YzSession *self)
{
  g_autoptr(GError) error = NULL;

  if (!yz_record_last_seq (self->store, self->last_seq, &error))
    set_recording_problem (self, error);
}

/* A level going down is consumption, going up a restock (statistics, forecast). The old
 * level is the table's, which already holds the earlier events of the same batch. */
void
yz_ingest_record_stock_level (YzSession *self, const char *stock_id, gint64 level, gint64 time)
{
  g_autofree char *item = NULL;
  g_autofree char *station_id = NULL;
  gint64 old_level;

  if (yz_record_stock_before (self->store, stock_id, &old_level, &item, &station_id))
    {
      gint64 start = g_get_monotonic_time ();

      yz_stats_record_stock (self->store, self->tz, stock_id, item,
                             yz_city_district_of (self->city, station_id), old_level, level, time);
      self->timing.stats_us += g_get_monotonic_time () - start;
    }
}

/* An older copy of an alarm never overwrites a newer one (yz_record_alarm()). */
void
yz_ingest_store_alarm (YzSession *self, const YzAlarmData *a, gboolean derived)
{
  gint64 start;

  yz_record_alarm (self->store, a, derived);
  start = g_get_monotonic_time ();
  yz_stats_record_alarm (self->store, self->tz, a, yz_city_district_of (self->city, a->station_id));
  self->timing.stats_us += g_get_monotonic_time () - start;
}

void
yz_ingest_store_alarm_step (YzSession *self, const char *alarm_id, gint64 time, const char *action,
                            const char *by, const char *note)
{
  gint64 start;

  yz_record_alarm_step (self->store, alarm_id, time, action, by, note);
  start = g_get_monotonic_time ();
  yz_stats_record_alarm_action (self->store, alarm_id, action, by, time);
  self->timing.stats_us += g_get_monotonic_time () - start;
}

static void
store_entry (YzSession *self, const YzEntryData *e)
{
  if (yz_record_entry (self->store, e))
    {
      gint64 start = g_get_monotonic_time ();

      yz_stats_record_entry (self->store, self->tz, e,
                             yz_city_district_of (self->city, e->station_id));
      self->timing.stats_us += g_get_monotonic_time () - start;
    }
}

/* ---- loading from the store (the offline view) ---- */

static void
load_alarm_cb (const YzAlarmData *alarm, gboolean derived, gpointer user_data)
{
  gboolean is_new;

  yz_city_add_alarm (((YzSession *)user_data)->city, alarm, derived, &is_new);
}

void
yz_ingest_load_from_store (YzSession *self)
{
  g_autoptr(GPtrArray) stations =
      g_ptr_array_new_with_free_func ((GDestroyNotify)yz_station_data_free);
  g_autoptr(GPtrArray) cameras =
      g_ptr_array_new_with_free_func ((GDestroyNotify)yz_camera_data_free);
  g_autoptr(GPtrArray) doors = g_ptr_array_new_with_free_func ((GDestroyNotify)yz_door_data_free);
  g_autoptr(GPtrArray) stock = g_ptr_array_new_with_free_func ((GDestroyNotify)yz_stock_data_free);
  g_autoptr(GPtrArray) devices =
      g_ptr_array_new_with_free_func ((GDestroyNotify)yz_device_data_free);

  if (self->store == NULL)
    return;

  self->last_seq = yz_record_load_last_seq (self->store);
  load_journal_sequence (self);
  yz_record_load_city (self->store, stations, cameras, doors, stock, devices);
  yz_city_apply_state (self->city, stations, cameras, doors, stock, devices);
  yz_record_alarms_current (self->store, yz_session_now_ms () - RECENT_RESOLVED_MS, load_alarm_cb,
                            self);
  yz_city_update_alarm_counts (self->city);
}

/* ---- applying the state ---- */

static void
apply_state (YzSession *self, YzStateData *state)
{
  GPtrArray *stations = g_ptr_array_new ();
  gboolean is_new;

  /* Events received before the state was loaded are older than it: write them first. */
  yz_ingest_flush (self);

  if (self->store != NULL && yz_store_begin (self->store, NULL))
    {
      g_autoptr(GError) error = NULL;

      yz_record_replace_city (self->store, state);
      for (guint i = 0; i < state->alarms->len; i++)
        yz_ingest_store_alarm (self, g_ptr_array_index (state->alarms, i), FALSE);
      /* A fresh record (or one the gateway can no longer replay into) starts at the
       * state's seq; otherwise the replay fills the journal up to it. */
      if (self->last_seq == 0)
        {
          self->last_seq = state->seq;
          store_meta_seq (self);
        }
      if (!yz_store_commit (self->store, &error))
        {
          yz_store_rollback (self->store);
          set_recording_problem (self, error);
        }
    }

  g_ptr_array_extend (stations, state->stations, NULL, NULL);
  yz_city_apply_state (self->city, stations, state->cameras, state->doors, state->stock,
                       state->devices);
  g_ptr_array_unref (stations);

  for (guint i = 0; i < state->alarms->len; i++)
    {
      YzAlarmData *a = g_ptr_array_index (state->alarms, i);

      yz_city_add_alarm (self->city, a, FALSE, &is_new);
    }
  yz_city_update_alarm_counts (self->city);

  self->state_seq = state->seq;
  if (g_strcmp0 (self->gateway_name, state->gateway_name) != 0)
    {
      g_free (self->gateway_name);
      self->gateway_name = g_strdup (state->gateway_name);
      g_object_notify_by_pspec (G_OBJECT (self),
                                yz_session_properties[YZ_SESSION_PROP_GATEWAY_NAME]);
    }
  /* The parser has logged what it left out or cleaned (yz-event.c). */
}

/* Open alarms the state no longer lists were resolved while this console was away. The
 * record keeps them, marked resolved as of the state's time; the gateway's history
 * (GET /alarms) has the details. */
static void
close_missing_alarms (YzSession *self, YzStateData *state)
{
  g_autoptr(GHashTable) open_ids = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) gone = g_ptr_array_new ();

  for (guint i = 0; i < state->alarms->len; i++)
    g_hash_table_add (open_ids, ((YzAlarmData *)g_ptr_array_index (state->alarms, i))->id);

  for (guint i = 0; i < g_list_model_get_n_items (yz_city_get_alarms (self->city)); i++)
    {
      g_autoptr(YzAlarm) alarm = g_list_model_get_item (yz_city_get_alarms (self->city), i);

      if (!yz_alarm_get_derived (alarm) && yz_alarm_get_state (alarm) != YZ_ALARM_STATE_RESOLVED &&
          !g_hash_table_contains (open_ids, yz_alarm_get_id (alarm)))
        g_ptr_array_add (gone, alarm);
    }

  for (guint i = 0; i < gone->len; i++)
    {
      YzAlarm *alarm = g_ptr_array_index (gone, i);
      YzAlarmData data = {
        .id = (char *)yz_alarm_get_id (alarm),
        .station_id = (char *)yz_alarm_get_station_id (alarm),
        .camera_id = (char *)yz_alarm_get_camera_id (alarm),
        .door_id = (char *)yz_alarm_get_door_id (alarm),
        .type = yz_alarm_get_alarm_type (alarm),
        .priority = yz_priority_to_nick (yz_alarm_get_priority (alarm)),
        .raised_at = yz_alarm_get_raised_at (alarm),
        .state = "resolved",
        .owner = (char *)yz_alarm_get_owner (alarm),
        .updated_at = MAX (state->time, yz_alarm_get_updated_at (alarm)),
        .category = yz_alarm_get_category (alarm),
        .note = (char *)yz_alarm_get_note (alarm),
        .snapshot_id = (char *)yz_alarm_get_snapshot_id (alarm),
      };

      if (self->store != NULL)
        yz_ingest_store_alarm (self, &data, FALSE);
      yz_alarm_update (alarm, &data);
    }
}

/* The gateway's state, at log-in or after a resync: into the record and the city; open
 * alarms it no longer lists are closed. */
void
yz_ingest_apply_state (YzSession *self, YzStateData *state)
{
  apply_state (self, state);
  close_missing_alarms (self, state);
  yz_city_update_alarm_counts (self->city);
}

/* Where to follow from once @state is applied. A sequence started again (another epoch
 * than the stored one, or a state seq below the last stored seq: a gateway rebuilt or
 * restored from an older backup) is followed from the state's seq on; nothing stored is
 * deleted, and the change is noted in the record (docs/protocol.md, "Epochs"). */
/* Which of the gateway's sequences the journal rows are written under (docs/schema.md,
 * events). */
static void
load_journal_sequence (YzSession *self)
{
  g_autofree char *count = yz_record_meta_get (self->store, META_RESTARTS);

  self->journal_sequence = count != NULL ? g_ascii_strtoll (count, NULL, 10) : 0;
  g_free (self->journal_epoch);
  self->journal_epoch = yz_record_meta_get (self->store, META_EPOCH);
}

gint64
yz_ingest_resume_point (YzSession *self, YzStateData *state)
{
  g_autofree char *stored = NULL;
  gint64 stored_seq = self->last_seq;

  yz_ingest_flush (self); /* what came before belongs to the earlier state */
  /* Events the city already has (taken while writing failed) are not applied twice. */
  self->replay_until = MAX (self->replay_until, self->city_seq);
  if (self->store != NULL)
    {
      stored = yz_record_meta_get (self->store, META_EPOCH);
      stored_seq = MAX (stored_seq, yz_record_load_last_seq (self->store));
    }
  if ((stored != NULL && state->epoch != NULL && !g_str_equal (stored, state->epoch)) ||
      stored_seq > state->seq)
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
      g_autofree char *when = g_date_time_format_iso8601 (now);
      g_autofree char *note = g_strdup_printf ("%s: epoch %s, last seq %" G_GINT64_FORMAT
                                               " -> epoch %s, seq %" G_GINT64_FORMAT,
                                               when, stored ? stored : "(none)", stored_seq,
                                               state->epoch ? state->epoch : "(none)", state->seq);

      g_message ("The gateway's sequence started again (%s): following from its state", note);
      self->last_seq = state->seq;
      self->replay_until = self->city_seq = 0;
      if (self->store != NULL)
        {
          g_autofree char *count = yz_record_meta_get (self->store, META_RESTARTS);
          g_autofree char *next = g_strdup_printf (
              "%" G_GINT64_FORMAT, (count ? g_ascii_strtoll (count, NULL, 10) : 0) + 1);

          yz_record_meta_set (self->store, META_RESTARTED, note);
          yz_record_meta_set (self->store, META_RESTARTS, next);
          store_meta_seq (self);
        }
      /* The new sequence's events are journaled beside the old ones, not instead. */
      self->journal_sequence++;
    }
  if (self->store != NULL && state->epoch != NULL && g_strcmp0 (stored, state->epoch) != 0)
    yz_record_meta_set (self->store, META_EPOCH, state->epoch);
  if (state->epoch != NULL && g_strcmp0 (self->journal_epoch, state->epoch) != 0)
    {
      g_free (self->journal_epoch);
      self->journal_epoch = g_strdup (state->epoch);
    }

  return self->last_seq > 0 ? self->last_seq : state->seq;
}

/* ---- applying events ---- */

/* Writes one event's changes to the store (inside the batch's transaction). Events the
 * loaded state already reflects (seq <= state_seq) only add what the state does not hold:
 * entries and alarm history. */
static void
store_event (YzSession *self, YzEvent *event)
{
  gboolean in_state = event->seq <= self->state_seq;

  switch (event->type)
    {
    case YZ_EVENT_STOCK_LEVEL:
      if (in_state)
        break;
      yz_ingest_record_stock_level (self, event->target_id, event->level, event->time);
      yz_record_event_state (self->store, event);
      break;

    case YZ_EVENT_STATION_STATUS:
    case YZ_EVENT_DOOR_STATE:
    case YZ_EVENT_DEVICE_STATE:
    case YZ_EVENT_CAMERA_STATUS:
      if (!in_state)
        yz_record_event_state (self->store, event);
      break;

    case YZ_EVENT_ENTRY:
      store_entry (self, event->entry);
      break;

    case YZ_EVENT_ALARM_RAISED:
      yz_ingest_store_alarm (self, event->alarm, FALSE);
      yz_ingest_store_alarm_step (self, event->alarm->id, event->alarm->raised_at, "raised", NULL,
                                  NULL);
      break;

    case YZ_EVENT_ALARM_UPDATED:
      yz_ingest_store_alarm (self, event->alarm, FALSE);
      yz_ingest_store_alarm_step (self, event->alarm->id, event->alarm->updated_at, event->action,
                                  event->by, event->note);
      break;

    case YZ_EVENT_HELLO:
    case YZ_EVENT_RESYNC_REQUIRED:
    case YZ_EVENT_HEARTBEAT:
    case YZ_EVENT_DOOR_COMMAND_RESULT:
    default:
      break;
    }
}

/* The event's change to the city; an alarm's is told (alarm-raised for a new one, and its
 * history has a new step), a door's result goes to the command waiting for it. */
static void
model_event (YzSession *self, YzEvent *event, gboolean *alarms_changed)
{
  gboolean in_state = event->seq <= self->state_seq;
  gboolean is_new;
  YzAlarm *alarm = yz_city_apply_event (self->city, event, in_state, &is_new);

  if (alarm != NULL)
    {
      *alarms_changed = TRUE;
      if (is_new && yz_alarm_get_state (alarm) == YZ_ALARM_STATE_NEW && !in_state)
        g_signal_emit (self, yz_session_signals[YZ_SESSION_ALARM_RAISED], 0, alarm);
      g_signal_emit (self, yz_session_signals[YZ_SESSION_ALARM_HISTORY_CHANGED], 0, alarm);
    }
  if (event->type == YZ_EVENT_DOOR_COMMAND_RESULT)
    yz_commands_door_result (self, event);
}

/* This thread's CPU time (benchmarks: a pass's own cost on a loaded machine). */
static gint64
thread_cpu_us (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return (gint64)ts.tv_sec * G_USEC_PER_SEC + ts.tv_nsec / 1000;
}

/* Whether @budget_us (0: none) has been spent since @start; the clock is read every
 * CLOCK_EVERY events only. */
static gboolean
spent (gint64 start, gint64 budget_us, guint i)
{
  return budget_us > 0 && i % CLOCK_EVERY == 0 && g_get_monotonic_time () - start >= budget_us;
}

/* One transaction: the journal rows and the tables of the first events of @batch, as many as
 * @budget_us allows (0: all; at least one); their number in @n_written. Then the last seq,
 * and the commit. On failure nothing of it stays and the last seq is where it was. */
static gboolean
write_batch (YzSession *self, GPtrArray *batch, gint64 budget_us, guint *n_written, GError **error)
{
  gint64 start = g_get_monotonic_time ();
  gint64 last_seq = self->last_seq;
  guint i;

  *n_written = 0;
  if (!yz_store_begin (self->store, error))
    return FALSE;
  for (i = 0; i < batch->len && (i == 0 || !spent (start, budget_us, i)); i++)
    {
      YzEvent *event = g_ptr_array_index (batch, i);

      if (event->seq <= self->last_seq)
        continue;
      yz_record_journal (self->store, self->journal_sequence, self->journal_epoch, event);
      store_event (self, event);
      last_seq = MAX (last_seq, event->seq);
    }
  *n_written = i;
  if (!yz_record_last_seq (self->store, last_seq, error) || !yz_store_commit (self->store, error))
    {
      yz_store_rollback (self->store);
      return FALSE;
    }
  self->last_seq = last_seq;
  return TRUE;
}

/* While writing fails: whether a write works again (the last seq, rewritten). */
static gboolean
store_writable (YzSession *self)
{
  if (yz_store_begin (self->store, NULL) &&
      yz_record_last_seq (self->store, self->last_seq, NULL) && yz_store_commit (self->store, NULL))
    return TRUE;
  yz_store_rollback (self->store);
  return FALSE;
}

/* Writes the first pending events in one transaction, then applies them to the city: as many
 * as fit in about @budget_us of this main-loop pass (0: all of them). Returns whether some
 * are still pending. */
static gboolean
ingest_some (YzSession *self, gint64 budget_us)
{
  g_autoptr(GPtrArray) batch = self->pending;
  g_autoptr(GPtrArray) entries = g_ptr_array_new ();
  gboolean alarms_changed = FALSE;
  gboolean writable_again = FALSE;
  gint64 start = g_get_monotonic_time (), stats_before = self->timing.stats_us, stored, now;
  gint64 cpu_start = thread_cpu_us ();
  guint n = batch->len;

  self->pending = g_ptr_array_new_with_free_func ((GDestroyNotify)yz_event_unref);
  if (n == 0)
    return FALSE;

  if (self->store != NULL)
    {
      g_autoptr(GError) error = NULL;

      /* After a failed write nothing is written past the gap: once a write works again,
       * the gateway replays from the last seq stored (below), and the city takes all that
       * is pending (the replay skips what it has). */
      if (self->recording_problem != NULL)
        writable_again = store_writable (self);
      else if (!write_batch (self, batch, budget_us * WRITE_SHARE / 100, &n, &error))
        set_recording_problem (self, error);
    }
  /* Nothing written (no record, or not recording): the city's share only. */
  if (budget_us > 0 && !writable_again && (self->store == NULL || self->recording_problem != NULL))
    n = MIN (n, MAX_UNWRITTEN);
  stored = g_get_monotonic_time ();
  self->timing.store_us += stored - start - (self->timing.stats_us - stats_before);

  /* The rest goes back to the head of the queue before anything else can run (the models'
   * handlers may flush), so the order holds. */
  if (n < batch->len)
    {
      GPtrArray *rest = g_ptr_array_new_full (batch->len - n, (GDestroyNotify)yz_event_unref);

      for (guint i = n; i < batch->len; i++)
        g_ptr_array_add (rest, yz_event_ref (g_ptr_array_index (batch, i)));
      g_ptr_array_remove_range (batch, n, batch->len - n);
      g_ptr_array_extend_and_steal (rest, g_steal_pointer (&self->pending));
      self->pending = rest;
    }

  for (guint i = 0; i < batch->len; i++)
    {
      YzEvent *event = g_ptr_array_index (batch, i);

      if (self->store == NULL)
        self->last_seq = MAX (self->last_seq, event->seq);
      if (event->seq <= self->replay_until)
        continue; /* the replay after a failed write: the city has it */
      self->city_seq = MAX (self->city_seq, event->seq);
      if (event->type == YZ_EVENT_ENTRY)
        g_ptr_array_add (entries, event->entry);
      model_event (self, event, &alarms_changed);
    }

  if (entries->len > 0)
    yz_entry_model_added (yz_city_get_entries (self->city), entries);
  if (alarms_changed)
    yz_city_update_alarm_counts (self->city);
  g_object_notify_by_pspec (G_OBJECT (self), yz_session_properties[YZ_SESSION_PROP_LAST_SEQ]);
  now = g_get_monotonic_time ();
  self->timing.model_us += now - stored;
  self->timing.n_events += batch->len;
  self->timing.n_passes++;
  self->timing.longest_pass_us = MAX (self->timing.longest_pass_us, now - start);
  self->timing.longest_pass_cpu_us =
      MAX (self->timing.longest_pass_cpu_us, thread_cpu_us () - cpu_start);

  if (writable_again)
    {
      self->replay_until = self->city_seq;
      set_recording_problem (self, NULL);
      /* Stopped, the next start resumes after the last seq stored anyway. */
      if (self->running && !self->loading)
        yz_backend_follow (self->backend, self->last_seq > 0 ? self->last_seq : self->state_seq);
    }
  return self->pending->len > 0;
}

/* Writes everything pending in one transaction, then updates the models (the state is
 * about to be applied, a command looks for its answer, the session stops). */
void
yz_ingest_flush (YzSession *self)
{
  g_clear_handle_id (&self->flush_id, g_source_remove);
  while (ingest_some (self, 0))
    ;
}

/* One main-loop pass of a burst: INGEST_BUDGET_US of work, the rest in the next pass. */
static gboolean
flush_cb (gpointer user_data)
{
  YzSession *self = user_data;

  self->flush_id = 0;
  if (ingest_some (self, INGEST_BUDGET_US))
    self->flush_id = g_idle_add_full (INGEST_PRIORITY, flush_cb, self, NULL);
  return G_SOURCE_REMOVE;
}

/* Events are gathered for GATHER_MS after the first, so that a burst is written in
 * transactions of hundreds (a commit costs what tens of events cost), then written and
 * applied at a priority just above the stream's delivery (yz-event-stream.c,
 * G_PRIORITY_DEFAULT_IDLE), so that one main-loop pass either delivers (at most 8 ms) or
 * ingests (about INGEST_BUDGET_US), never both; a backlog goes on in the next pass at once.
 * Below GTK's drawing, so frames are still painted during a replay. */
void
yz_ingest_event_cb (YzBackend *backend, YzEvent *event, YzSession *self)
{
  g_ptr_array_add (self->pending, yz_event_ref (event));
  if (self->flush_id == 0)
    self->flush_id = g_timeout_add_full (INGEST_PRIORITY, GATHER_MS, flush_cb, self, NULL);
}

void
yz_session_get_ingest_timing (YzSession *self, YzIngestTiming *timing)
{
  g_return_if_fail (YZ_IS_SESSION (self));

  *timing = self->timing;
}

void
yz_session_reset_ingest_timing (YzSession *self)
{
  g_return_if_fail (YZ_IS_SESSION (self));

  self->timing = (YzIngestTiming){ 0 };
}

/* ---- the journal's retention ---- */

/* Deletes one batch of journal rows older than the retention; returns how many. The rows
 * are found from the start of the seq order, where the old ones are, so a batch costs
 * what it deletes, not a scan of the table. */
static guint
prune_batch (YzSession *self)
{
  gint64 cutoff = g_get_real_time () / 1000 - self->journal_keep_ms;

  if (self->store == NULL)
    return 0;
  return yz_record_prune_journal (self->store, cutoff, PRUNE_BATCH);
}

static gboolean
prune_cb (gpointer user_data)
{
  YzSession *self = user_data;
  guint deleted = prune_batch (self);

  /* The forecast looks back two weeks at most; a quarter is plenty. */
  if (self->store != NULL && deleted < PRUNE_BATCH)
    yz_stats_prune_usage (
        self->store,
        yz_stats_day_of (self->tz, g_get_real_time () / 1000 - 92 * 24 * 3600 * (gint64)1000));

  if (deleted > 0)
    g_debug ("Pruned %u journal rows older than %" G_GINT64_FORMAT " ms", deleted,
             self->journal_keep_ms);
  /* A full batch: more to do, one batch per idle pass so the main loop stays free. */
  g_clear_handle_id (&self->prune_id, g_source_remove);
  if (deleted == PRUNE_BATCH)
    self->prune_id = g_idle_add_full (G_PRIORITY_LOW, prune_cb, self, NULL);
  else
    self->prune_id = g_timeout_add (PRUNE_EVERY_MS, prune_cb, self);

  return G_SOURCE_REMOVE;
}

/* One batch now (tests, maintenance): returns the rows deleted, at most 2000. */
guint
yz_session_prune_journal (YzSession *self)
{
  g_return_val_if_fail (YZ_IS_SESSION (self), 0);

  return prune_batch (self);
}

/**
 * yz_session_set_journal_retention:
 * @keep_ms: how long raw events stay in the journal (`events` table)
 *
 * Entries, alarms, their history and the audit log are not affected: only the raw journal,
 * which grows by every heartbeat, is pruned (checked every 10 minutes, and now).
 */
void
yz_session_set_journal_retention (YzSession *self, gint64 keep_ms)
{
  g_return_if_fail (YZ_IS_SESSION (self));

  self->journal_keep_ms = MAX (keep_ms, 0);
  g_clear_handle_id (&self->prune_id, g_source_remove);
  self->prune_id = g_idle_add_full (G_PRIORITY_LOW, prune_cb, self, NULL);
}

/* ---- a made-up past (`--demo`) ---- */

/**
 * yz_session_entries_changed:
 *
 * Entries were written to the store behind the session's back (in bulk, not as events):
 * the entries model counts again, so the views and their counts show them.
 */
void
yz_session_entries_changed (YzSession *self)
{
  g_return_if_fail (YZ_IS_SESSION (self));

  yz_entry_model_reload (yz_city_get_entries (self->city));
}

static void
history_filled_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(GTask) task = user_data;
  YzSession *self = g_task_get_source_object (task);
  GError *error = NULL;
  gboolean ok = yz_history_fill_finish (YZ_STORE (object), result, &error);

  /* Even a fill that stopped half way has written whole days. */
  if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    yz_session_entries_changed (self);
  if (ok)
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

/**
 * yz_session_fill_history_async:
 * @days: how many days before today
 *
 * Makes up a past for the stations in the session's store (yz_history_fill_async(), for
 * `--demo`), then shows it: the entries model reloads once the days are written.
 */
void
yz_session_fill_history_async (YzSession *self, guint days, GCancellable *cancellable,
                               GAsyncReadyCallback callback, gpointer user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

  g_return_if_fail (YZ_IS_SESSION (self));

  g_task_set_source_tag (task, yz_session_fill_history_async);
  if (self->store == NULL)
    return g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED, "No store to fill");
  yz_history_fill_async (self->store, days, cancellable, history_filled_cb,
                         g_steal_pointer (&task));
}

gboolean
yz_session_fill_history_finish (YzSession *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* ---- set-up ---- */

void
yz_ingest_init (YzSession *self)
{
  self->pending = g_ptr_array_new_with_free_func ((GDestroyNotify)yz_event_unref);
  self->journal_keep_ms = JOURNAL_KEEP_MS;
}

/* Writes what is still pending; no more pruning. */
void
yz_ingest_clear (YzSession *self)
{
  g_clear_handle_id (&self->prune_id, g_source_remove);
  g_clear_handle_id (&self->flush_id, g_source_remove);
  if (self->pending != NULL)
    yz_ingest_flush (self);
}

/* Pruning runs from the first start on, once a minute at first. */
void
yz_ingest_start_pruning (YzSession *self)
{
  if (self->prune_id == 0)
    self->prune_id = g_timeout_add_seconds (60, prune_cb, self);
}
