/* yz-session.c
 *
 * The session joins a backend, the store and the models:
 *
 *   backend "event" ──> pending ──(one idle per main-loop pass)──> one transaction:
 *       journal row + table changes ──> commit ──> models updated in place
 *
 * At start the models come from the store (the offline view), then the session logs in,
 * loads the state, and follows the events after the last seq it stored. Actions check the
 * connection and the role, write the audit row, send, and write the result.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "yz-session"

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <math.h>
#include <string.h>

#include "yz-door-reason.h"
#include "yz-history.h"
#include "yz-incident.h"
#include "yz-items-private.h"
#include "yz-session.h"
#include "yz-snapshot-cache.h"
#include "yz-stats.h"
#include "yz-record.h"

#define MAX_BATCH          1000     /* events written in one transaction at most */
#define MAX_BATCH_AGE_US   (25 * 1000)
#define RECENT_RESOLVED_MS (24 * 3600 * 1000)
#define FIRST_RETRY_MS     1000
#define MAX_RETRY_MS       30000
#define JOURNAL_KEEP_MS    ((gint64)14 * 24 * 3600 * 1000)   /* raw events kept for review */
#define PRUNE_EVERY_MS     (10 * 60 * 1000)
#define PRUNE_BATCH        2000     /* rows deleted per main-loop pass */

struct _YzSession
{
  GObject            parent_instance;

  YzStore           *store;
  YzBackend         *backend;
  GTimeZone         *tz;                /* the statistics' days */
  YzSnapshotCache   *snapshots;
  GCancellable      *cancellable;

  char              *operator_name;
  char              *display_name;
  char              *password;          /* in memory only, to log in again */
  YzRole             role;
  char              *gateway_name;
  gboolean           running;
  gboolean           loading;           /* logging in or loading state */
  gboolean           try_token;         /* a token was given: try it before the password */
  char              *status;
  guint              retry_id;
  guint              retry_ms;
  gint64             retry_at;          /* real time of the session's own next try */
  gboolean           ever_connected;    /* since start(): a loss is worth saying */
  gboolean           failed;            /* since start(): a try failed */
  gint64             disconnected_since; /* real time the connection was lost, or 0 */

  GListStore        *stations;
  GListStore        *cameras;
  GListStore        *stock;
  GListStore        *devices;
  GListStore        *alarms;
  YzEntryModel      *entries;
  GHashTable        *station_by_id;
  GHashTable        *camera_by_id;
  GHashTable        *door_by_id;
  GHashTable        *stock_by_id;
  GHashTable        *device_by_id;
  GHashTable        *alarm_by_id;
  guint              n_unacknowledged;

  GPtrArray         *pending;           /* YzEvent */
  guint              flush_id;
  gint64             first_pending_us;
  gint64             last_seq;          /* the last seq written to the store */
  gint64             state_seq;         /* the seq the loaded state is current as of */

  GHashTable        *door_tasks;        /* command id -> GTask */
  GHashTable        *early_results;     /* command id -> YzEvent, answers before the 202 */
  guint              door_timeout_ms;

  guint              derive_id;
  guint              prune_id;
  gint64             incident_window_ms;
  gint64             journal_keep_ms;
  guint              derive_check_ms;
  gint64             station_silent_ms;
  gint64             derive_grace_ms;
  GHashTable        *derive_since;      /* derived alarm id -> first time (ms) the condition held */
};

G_DEFINE_FINAL_TYPE (YzSession, yz_session, G_TYPE_OBJECT)

G_DEFINE_QUARK (yz-session-error-quark, yz_session_error)

enum {
  PROP_0,
  PROP_CONNECTION_STATE,
  PROP_DISCONNECTED_SINCE,
  PROP_NEXT_ATTEMPT,
  PROP_STATUS,
  PROP_OPERATOR_NAME,
  PROP_DISPLAY_NAME,
  PROP_ROLE,
  PROP_GATEWAY_NAME,
  PROP_N_STATIONS,
  PROP_N_UNACKNOWLEDGED,
  PROP_LAST_SEQ,
  N_PROPS
};

enum {
  ALARM_RAISED,
  LOGGED_IN,
  INCIDENTS_CHANGED,
  DOOR_COMMAND_SENT,
  ALARM_HISTORY_CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void connect_now (YzSession *self);
static void notify_connection (YzSession *self);
static void flush (YzSession *self);
static gboolean prune_cb (gpointer user_data);

static gint64
now_ms (void)
{
  return g_get_real_time () / 1000;
}

static void
set_status (YzSession  *self,
            const char *status)
{
  if (g_strcmp0 (self->status, status) == 0)
    return;
  g_free (self->status);
  self->status = g_strdup (status);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATUS]);
}

/* ---- the store ---- */

static void
store_meta_seq (YzSession *self)
{
  yz_record_last_seq (self->store, self->last_seq);
}

static const char *
district_of (YzSession  *self,
             const char *station_id)
{
  YzStation *station = station_id ? g_hash_table_lookup (self->station_by_id, station_id) : NULL;

  return station ? yz_station_get_district (station) : NULL;
}

/* A level going down is consumption, going up a restock (statistics, forecast). The old
 * level is the table's, which already holds the earlier events of the same batch. */
static void
record_stock_level (YzSession  *self,
                    const char *stock_id,
                    gint64      level,
                    gint64      time)
{
  g_autofree char *item = NULL;
  g_autofree char *station_id = NULL;
  gint64 old_level;

  if (yz_record_stock_before (self->store, stock_id, &old_level, &item, &station_id))
    yz_stats_record_stock (self->store, self->tz, stock_id, item, district_of (self, station_id),
                           old_level, level, time);
}

/* An older copy of an alarm never overwrites a newer one (yz_record_alarm()). */
static void
store_alarm (YzSession         *self,
             const YzAlarmData *a,
             gboolean           derived)
{
  yz_record_alarm (self->store, a, derived);
  yz_stats_record_alarm (self->store, self->tz, a, district_of (self, a->station_id));
}

static void
store_alarm_history (YzSession  *self,
                     const char *alarm_id,
                     gint64      time,
                     const char *action,
                     const char *by,
                     const char *note)
{
  yz_record_alarm_step (self->store, alarm_id, time, action, by, note);
  yz_stats_record_alarm_action (self->store, alarm_id, action, by, time);
}

static void
store_entry (YzSession         *self,
             const YzEntryData *e)
{
  if (yz_record_entry (self->store, e))
    yz_stats_record_entry (self->store, self->tz, e, district_of (self, e->station_id));
}

/* ---- the models ---- */

static void
update_alarm_counts (YzSession *self)
{
  g_autoptr(GHashTable) worst = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) counts = g_hash_table_new (g_str_hash, g_str_equal);
  guint n_new = 0;
  GHashTableIter iter;
  gpointer value;

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->alarms)); i++)
    {
      g_autoptr(YzAlarm) alarm = g_list_model_get_item (G_LIST_MODEL (self->alarms), i);
      const char *station_id = yz_alarm_get_station_id (alarm);
      YzPriority priority = yz_alarm_get_priority (alarm);

      if (yz_alarm_get_state (alarm) == YZ_ALARM_STATE_RESOLVED)
        continue;
      if (yz_alarm_get_state (alarm) == YZ_ALARM_STATE_NEW)
        n_new++;
      g_hash_table_insert (counts, (gpointer)station_id,
                           GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (counts, station_id)) + 1));
      if (priority > GPOINTER_TO_INT (g_hash_table_lookup (worst, station_id)))
        g_hash_table_insert (worst, (gpointer)station_id, GINT_TO_POINTER (priority));
    }

  g_hash_table_iter_init (&iter, self->station_by_id);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      const char *id = yz_station_get_id (value);

      yz_station_set_alarm_summary (value, GPOINTER_TO_UINT (g_hash_table_lookup (counts, id)),
                                    GPOINTER_TO_INT (g_hash_table_lookup (worst, id)));
    }

  if (n_new != self->n_unacknowledged)
    {
      self->n_unacknowledged = n_new;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_UNACKNOWLEDGED]);
    }
}

static int
compare_alarm_items (gconstpointer a,
                     gconstpointer b,
                     gpointer      user_data)
{
  return yz_alarm_compare (*(gpointer const *)a, *(gpointer const *)b, user_data);
}

static YzAlarm *
model_alarm (YzSession         *self,
             const YzAlarmData *data,
             gboolean           derived,
             gboolean          *is_new)
{
  YzAlarm *alarm = g_hash_table_lookup (self->alarm_by_id, data->id);
  YzStation *station;

  *is_new = FALSE;
  if (alarm != NULL)
    {
      if (data->updated_at >= yz_alarm_get_updated_at (alarm))
        yz_alarm_update (alarm, data);
      return alarm;
    }

  station = g_hash_table_lookup (self->station_by_id, data->station_id);
  alarm = yz_alarm_new (data, station ? yz_station_get_name (station) : NULL, derived);
  g_hash_table_insert (self->alarm_by_id, (char *)yz_alarm_get_id (alarm), alarm);
  g_list_store_insert_sorted (self->alarms, alarm, yz_alarm_compare, NULL);
  g_object_unref (alarm);
  *is_new = TRUE;

  return alarm;
}

static void
model_station_children (YzSession   *self,
                        GListStore  *station_list,
                        GListStore  *flat,
                        GHashTable  *by_id,
                        const char  *id,
                        gpointer     item)
{
  g_hash_table_insert (by_id, (gpointer)id, item);
  if (station_list != NULL)
    g_list_store_append (station_list, item);
  if (flat != NULL)
    g_list_store_append (flat, item);
}

/* Builds the station tree from arrays of data, updating the objects that already exist so
 * that views keep their rows; objects no longer present are dropped. */
static void
model_apply_state (YzSession   *self,
                   GPtrArray   *stations,
                   GPtrArray   *cameras,
                   GPtrArray   *doors,
                   GPtrArray   *stock,
                   GPtrArray   *devices)
{
  g_autoptr(GHashTable) old = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_object_unref);
  g_autoptr(GPtrArray) ordered = g_ptr_array_new_with_free_func (g_object_unref);
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, self->station_by_id);
  while (g_hash_table_iter_next (&iter, &key, &value))
    g_hash_table_insert (old, key, g_object_ref (value));

  /* Children are rebuilt: they are few and hang off their station. */
  g_list_store_remove_all (self->cameras);
  g_list_store_remove_all (self->stock);
  g_list_store_remove_all (self->devices);
  g_hash_table_remove_all (self->camera_by_id);
  g_hash_table_remove_all (self->door_by_id);
  g_hash_table_remove_all (self->stock_by_id);
  g_hash_table_remove_all (self->device_by_id);
  g_hash_table_remove_all (self->station_by_id);

  for (guint i = 0; i < stations->len; i++)
    {
      const YzStationData *data = g_ptr_array_index (stations, i);
      YzStation *station = g_hash_table_lookup (old, data->id);

      if (station != NULL)
        {
          g_object_ref (station);
          yz_station_update (station, data);
        }
      else
        {
          station = yz_station_new (data);
        }
      g_list_store_remove_all (G_LIST_STORE (yz_station_get_cameras (station)));
      g_list_store_remove_all (G_LIST_STORE (yz_station_get_doors (station)));
      g_list_store_remove_all (G_LIST_STORE (yz_station_get_stock (station)));
      g_list_store_remove_all (G_LIST_STORE (yz_station_get_devices (station)));
      g_hash_table_insert (self->station_by_id, (char *)yz_station_get_id (station), station);
      g_ptr_array_add (ordered, station);
    }

#define ADD_CHILDREN(array, Type, new_func, id_func, getter, flat, by_id) \
  for (guint i = 0; i < (array)->len; i++) \
    { \
      const Type *data = g_ptr_array_index ((array), i); \
      YzStation *station = g_hash_table_lookup (self->station_by_id, data->station_id); \
      g_autoptr(GObject) item = NULL; \
      if (station == NULL) \
        continue; \
      item = G_OBJECT (new_func (data)); \
      model_station_children (self, G_LIST_STORE (getter (station)), (flat), (by_id), \
                              id_func ((gpointer)item), item); \
    }
  ADD_CHILDREN (cameras, YzCameraData, yz_camera_new, yz_camera_get_id, yz_station_get_cameras, self->cameras, self->camera_by_id);
  ADD_CHILDREN (doors, YzDoorData, yz_door_new, yz_door_get_id, yz_station_get_doors, NULL, self->door_by_id);
  ADD_CHILDREN (stock, YzStockData, yz_stock_new, yz_stock_get_id, yz_station_get_stock, self->stock, self->stock_by_id);
  ADD_CHILDREN (devices, YzDeviceData, yz_device_new, yz_device_get_id, yz_station_get_devices, self->devices, self->device_by_id);
#undef ADD_CHILDREN

  for (guint i = 0; i < ordered->len; i++)
    yz_station_refresh (g_ptr_array_index (ordered, i));

  /* Replace the station list only when its members changed: a reload of the same city
   * leaves the rows (and the map) as they are. */
  {
    gboolean same = g_list_model_get_n_items (G_LIST_MODEL (self->stations)) == ordered->len;

    for (guint i = 0; same && i < ordered->len; i++)
      {
        g_autoptr(YzStation) current = g_list_model_get_item (G_LIST_MODEL (self->stations), i);

        same = current == g_ptr_array_index (ordered, i);
      }
    if (!same)
      {
        g_list_store_splice (self->stations, 0, g_list_model_get_n_items (G_LIST_MODEL (self->stations)),
                             ordered->pdata, ordered->len);
        g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_STATIONS]);
      }
  }
}

/* ---- loading from the store (the offline view) ---- */

static void
load_alarm_cb (const YzAlarmData *alarm,
               gboolean           derived,
               gpointer           user_data)
{
  gboolean is_new;

  model_alarm (user_data, alarm, derived, &is_new);
}

static void
load_from_store (YzSession *self)
{
  g_autoptr(GPtrArray) stations = g_ptr_array_new_with_free_func ((GDestroyNotify)yz_station_data_free);
  g_autoptr(GPtrArray) cameras = g_ptr_array_new_with_free_func ((GDestroyNotify)yz_camera_data_free);
  g_autoptr(GPtrArray) doors = g_ptr_array_new_with_free_func ((GDestroyNotify)yz_door_data_free);
  g_autoptr(GPtrArray) stock = g_ptr_array_new_with_free_func ((GDestroyNotify)yz_stock_data_free);
  g_autoptr(GPtrArray) devices = g_ptr_array_new_with_free_func ((GDestroyNotify)yz_device_data_free);

  if (self->store == NULL)
    return;

  self->last_seq = yz_record_load_last_seq (self->store);
  yz_record_load_city (self->store, stations, cameras, doors, stock, devices);
  model_apply_state (self, stations, cameras, doors, stock, devices);
  yz_record_alarms_current (self->store, now_ms () - RECENT_RESOLVED_MS, load_alarm_cb, self);
  update_alarm_counts (self);
}

/* ---- applying the state ---- */

static void
apply_state (YzSession   *self,
             YzStateData *state)
{
  GPtrArray *stations = g_ptr_array_new ();
  gboolean is_new;

  /* Events received before the state was loaded are older than it: write them first. */
  flush (self);

  if (self->store != NULL && yz_store_begin (self->store, NULL))
    {
      g_autoptr(GError) error = NULL;

      yz_record_replace_city (self->store, state);
      for (guint i = 0; i < state->alarms->len; i++)
        store_alarm (self, g_ptr_array_index (state->alarms, i), FALSE);
      /* A fresh record (or one the gateway can no longer replay into) starts at the
       * state's seq; otherwise the replay fills the journal up to it. */
      if (self->last_seq == 0)
        {
          self->last_seq = state->seq;
          store_meta_seq (self);
        }
      if (!yz_store_commit (self->store, &error))
        g_warning ("Cannot store the state: %s", error->message);
    }

  g_ptr_array_extend (stations, state->stations, NULL, NULL);
  model_apply_state (self, stations, state->cameras, state->doors, state->stock, state->devices);
  g_ptr_array_unref (stations);

  for (guint i = 0; i < state->alarms->len; i++)
    {
      YzAlarmData *a = g_ptr_array_index (state->alarms, i);

      model_alarm (self, a, FALSE, &is_new);
    }
  update_alarm_counts (self);

  self->state_seq = state->seq;
  if (g_strcmp0 (self->gateway_name, state->gateway_name) != 0)
    {
      g_free (self->gateway_name);
      self->gateway_name = g_strdup (state->gateway_name);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_GATEWAY_NAME]);
    }
  if (state->n_skipped > 0)
    g_message ("The gateway's state had %u malformed items; they were left out", state->n_skipped);
}

/* Open alarms the state no longer lists were resolved while this console was away. The
 * record keeps them, marked resolved as of the state's time; the gateway's history
 * (GET /alarms) has the details. */
static void
close_missing_alarms (YzSession   *self,
                      YzStateData *state)
{
  g_autoptr(GHashTable) open_ids = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) gone = g_ptr_array_new ();

  for (guint i = 0; i < state->alarms->len; i++)
    g_hash_table_add (open_ids, ((YzAlarmData *)g_ptr_array_index (state->alarms, i))->id);

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->alarms)); i++)
    {
      g_autoptr(YzAlarm) alarm = g_list_model_get_item (G_LIST_MODEL (self->alarms), i);

      if (!yz_alarm_get_derived (alarm) && yz_alarm_get_state (alarm) != YZ_ALARM_STATE_RESOLVED &&
          !g_hash_table_contains (open_ids, yz_alarm_get_id (alarm)))
        g_ptr_array_add (gone, alarm);
    }

  for (guint i = 0; i < gone->len; i++)
    {
      YzAlarm *alarm = g_ptr_array_index (gone, i);
      YzAlarmData data = {
        .id = (char *)yz_alarm_get_id (alarm), .station_id = (char *)yz_alarm_get_station_id (alarm),
        .camera_id = (char *)yz_alarm_get_camera_id (alarm), .door_id = (char *)yz_alarm_get_door_id (alarm),
        .type = yz_alarm_get_alarm_type (alarm), .priority = yz_priority_to_nick (yz_alarm_get_priority (alarm)),
        .raised_at = yz_alarm_get_raised_at (alarm), .state = "resolved",
        .owner = (char *)yz_alarm_get_owner (alarm), .updated_at = MAX (state->time, yz_alarm_get_updated_at (alarm)),
        .category = yz_alarm_get_category (alarm), .note = (char *)yz_alarm_get_note (alarm),
        .snapshot_id = (char *)yz_alarm_get_snapshot_id (alarm),
      };

      if (self->store != NULL)
        store_alarm (self, &data, FALSE);
      yz_alarm_update (alarm, &data);
    }
}

/* ---- applying events ---- */

/* Writes one event's changes to the store (inside the batch's transaction). Events the
 * loaded state already reflects (seq <= state_seq) only add what the state does not hold:
 * entries and alarm history. */
static void
store_event (YzSession *self,
             YzEvent   *event)
{
  gboolean in_state = event->seq <= self->state_seq;

  switch (event->type)
    {
    case YZ_EVENT_STOCK_LEVEL:
      if (in_state)
        break;
      record_stock_level (self, event->target_id, event->level, event->time);
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
      store_alarm (self, event->alarm, FALSE);
      store_alarm_history (self, event->alarm->id, event->alarm->raised_at, "raised", NULL, NULL);
      break;

    case YZ_EVENT_ALARM_UPDATED:
      store_alarm (self, event->alarm, FALSE);
      store_alarm_history (self, event->alarm->id, event->alarm->updated_at, event->action,
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

static void door_result_arrived (YzSession *self, YzEvent *event);

static void
model_event (YzSession *self,
             YzEvent   *event,
             gboolean  *alarms_changed)
{
  YzStation *station = event->station_id ? g_hash_table_lookup (self->station_by_id, event->station_id) : NULL;
  gboolean in_state = event->seq <= self->state_seq;
  gboolean is_new;

  if (station != NULL)
    yz_station_set_last_seen (station, event->time);

  switch (event->type)
    {
    case YZ_EVENT_STATION_STATUS:
      if (station != NULL && !in_state)
        yz_station_set_status (station, event->online, event->occupancy, event->has_temperature,
                               event->temperature, event->time);
      break;

    case YZ_EVENT_DOOR_STATE:
      {
        YzDoor *door = g_hash_table_lookup (self->door_by_id, event->target_id);

        if (door != NULL && !in_state)
          {
            yz_door_set_state (door, event->state, event->mode);
            if (station != NULL)
              yz_station_refresh (station);
          }
      }
      break;

    case YZ_EVENT_STOCK_LEVEL:
      {
        YzStock *stock = g_hash_table_lookup (self->stock_by_id, event->target_id);

        if (stock != NULL && !in_state)
          {
            yz_stock_set_level (stock, event->level);
            if (station != NULL)
              yz_station_refresh (station);
          }
      }
      break;

    case YZ_EVENT_DEVICE_STATE:
      {
        YzDevice *device = g_hash_table_lookup (self->device_by_id, event->target_id);

        if (device != NULL && !in_state)
          yz_device_set_state (device, event->state);
      }
      break;

    case YZ_EVENT_CAMERA_STATUS:
      {
        YzCamera *camera = g_hash_table_lookup (self->camera_by_id, event->target_id);

        if (camera != NULL && !in_state)
          yz_camera_set_online (camera, event->online);
      }
      break;

    case YZ_EVENT_ALARM_RAISED:
    case YZ_EVENT_ALARM_UPDATED:
      {
        YzAlarm *alarm = model_alarm (self, event->alarm, FALSE, &is_new);

        *alarms_changed = TRUE;
        if (is_new && yz_alarm_get_state (alarm) == YZ_ALARM_STATE_NEW && !in_state)
          g_signal_emit (self, signals[ALARM_RAISED], 0, alarm);
        g_signal_emit (self, signals[ALARM_HISTORY_CHANGED], 0, alarm);
      }
      break;

    case YZ_EVENT_DOOR_COMMAND_RESULT:
      door_result_arrived (self, event);
      break;

    case YZ_EVENT_ENTRY:
    case YZ_EVENT_HELLO:
    case YZ_EVENT_RESYNC_REQUIRED:
    case YZ_EVENT_HEARTBEAT:
    default:
      break;
    }
}

/* Writes everything pending in one transaction, then updates the models. */
static void
flush (YzSession *self)
{
  g_autoptr(GPtrArray) batch = self->pending;
  g_autoptr(GPtrArray) entries = g_ptr_array_new ();
  gboolean alarms_changed = FALSE;
  gint64 last_seq = self->last_seq;

  g_clear_handle_id (&self->flush_id, g_source_remove);
  self->pending = g_ptr_array_new_with_free_func ((GDestroyNotify)yz_event_unref);
  if (batch->len == 0)
    return;

  if (self->store != NULL)
    {
      g_autoptr(GError) error = NULL;

      if (!yz_store_begin (self->store, &error))
        g_warning ("Cannot write events: %s", error->message);
      else
        {
          for (guint i = 0; i < batch->len; i++)
            {
              YzEvent *event = g_ptr_array_index (batch, i);

              if (event->seq <= self->last_seq)
                continue;
              yz_record_journal (self->store, event);
              store_event (self, event);
              last_seq = MAX (last_seq, event->seq);
            }
          self->last_seq = last_seq;
          store_meta_seq (self);
          if (!yz_store_commit (self->store, &error))
            g_warning ("Cannot write events: %s", error->message);
        }
    }

  for (guint i = 0; i < batch->len; i++)
    {
      YzEvent *event = g_ptr_array_index (batch, i);

      if (self->store == NULL)
        self->last_seq = MAX (self->last_seq, event->seq);
      if (event->type == YZ_EVENT_ENTRY)
        g_ptr_array_add (entries, event->entry);
      model_event (self, event, &alarms_changed);
    }

  if (entries->len > 0)
    yz_entry_model_added (self->entries, entries);
  if (alarms_changed)
    update_alarm_counts (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAST_SEQ]);
}

static gboolean
flush_cb (gpointer user_data)
{
  YzSession *self = user_data;

  self->flush_id = 0;
  flush (self);
  return G_SOURCE_REMOVE;
}

static void
event_cb (YzBackend *backend,
          YzEvent   *event,
          YzSession *self)
{
  g_ptr_array_add (self->pending, yz_event_ref (event));
  if (self->pending->len == 1)
    self->first_pending_us = g_get_monotonic_time ();

  /* A burst is written in batches of at most MAX_BATCH events or MAX_BATCH_AGE_US, so the
   * main loop never waits long on one commit; otherwise once the burst pauses. */
  if (self->pending->len >= MAX_BATCH ||
      g_get_monotonic_time () - self->first_pending_us > MAX_BATCH_AGE_US)
    flush (self);
  else if (self->flush_id == 0)
    self->flush_id = g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, flush_cb, self, NULL);
}

/* ---- connecting ---- */

static YzConnectionState
compute_state (YzSession *self)
{
  YzConnectionState stream = YZ_CONNECTION_DISCONNECTED;

  if (!self->running)
    return YZ_CONNECTION_DISCONNECTED;
  if (self->loading || self->retry_id != 0)
    return YZ_CONNECTION_CONNECTING;
  g_object_get (self->backend, "stream-state", &stream, NULL);
  return stream;
}

/* Every change of the connection goes through here: the state, and since when it is lost. */
static void
notify_connection (YzSession *self)
{
  YzConnectionState state = compute_state (self);
  gint64 since = self->disconnected_since;

  if (state == YZ_CONNECTION_CONNECTED)
    {
      self->ever_connected = TRUE;
      since = 0;
    }
  else if (since == 0 && (self->ever_connected || self->failed))
    since = g_get_real_time ();
  if (since != self->disconnected_since)
    {
      self->disconnected_since = since;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DISCONNECTED_SINCE]);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONNECTION_STATE]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NEXT_ATTEMPT]);
}

static void
next_attempt_cb (YzBackend  *backend,
                 GParamSpec *pspec,
                 YzSession  *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NEXT_ATTEMPT]);
}

static void
stream_state_cb (YzBackend  *backend,
                 GParamSpec *pspec,
                 YzSession  *self)
{
  YzConnectionState state = compute_state (self);

  if (state == YZ_CONNECTION_CONNECTED)
    {
      self->retry_ms = FIRST_RETRY_MS;
      set_status (self, NULL);
    }
  else if (state == YZ_CONNECTION_CONNECTING && !self->loading)
    set_status (self, _("Connection lost; reconnecting…"));
  notify_connection (self);
}

static gboolean
retry_cb (gpointer user_data)
{
  YzSession *self = user_data;

  self->retry_id = 0;
  self->retry_at = 0;
  connect_now (self);
  return G_SOURCE_REMOVE;
}

static void
fail (YzSession    *self,
      const GError *error)
{
  gboolean retry;

  self->loading = FALSE;
  self->failed = TRUE;
  /* Wrong credentials do not get better by trying again. */
  retry = !g_error_matches (error, YZ_BACKEND_ERROR, YZ_BACKEND_ERROR_BAD_CREDENTIALS) &&
          !g_error_matches (error, YZ_BACKEND_ERROR, YZ_BACKEND_ERROR_CERTIFICATE) &&
          !g_error_matches (error, YZ_BACKEND_ERROR, YZ_BACKEND_ERROR_UNAUTHORIZED);
  set_status (self, error->message);
  g_message ("Cannot connect: %s", error->message);
  if (retry && self->running)
    {
      guint delay = self->retry_ms + g_random_int_range (0, self->retry_ms / 4 + 1);

      self->retry_ms = MIN (self->retry_ms * 2, MAX_RETRY_MS);
      self->retry_id = g_timeout_add (delay, retry_cb, self);
      self->retry_at = g_get_real_time () + (gint64)delay * 1000;
    }
  else
    {
      self->running = FALSE;
    }
  notify_connection (self);
}

static void
state_loaded_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  YzSession *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(YzStateData) state = yz_backend_load_state_finish (YZ_BACKEND (object), result, &error);
  gint64 after;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (state == NULL)
    {
      /* A token from the keyring that no longer works: log in with the password. */
      if (g_error_matches (error, YZ_BACKEND_ERROR, YZ_BACKEND_ERROR_UNAUTHORIZED) &&
          self->try_token && self->password != NULL)
        {
          self->try_token = FALSE;
          connect_now (self);
          return;
        }
      fail (self, error);
      return;
    }

  /* Resume after what the store holds when the gateway can still replay it, so that the
   * journal has no gap; else after the state. */
  after = self->last_seq > 0 && self->last_seq <= state->seq ? self->last_seq : state->seq;
  apply_state (self, state);
  close_missing_alarms (self, state);
  update_alarm_counts (self);
  self->loading = FALSE;
  /* Following first: while the status changes, the state is "connecting", not a failure
   * the window would tell in a toast. */
  yz_backend_follow (self->backend, after);
  set_status (self, _("Connecting to the event stream…"));
  notify_connection (self);
}

static void
load_state (YzSession *self)
{
  self->loading = TRUE;
  set_status (self, _("Loading the stations…"));
  notify_connection (self);
  yz_backend_load_state_async (self->backend, self->cancellable, state_loaded_cb, self);
}

static void
logged_in_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  YzSession *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(YzLoginData) login = yz_backend_log_in_finish (YZ_BACKEND (object), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (login == NULL)
    {
      fail (self, error);
      return;
    }

  g_free (self->display_name);
  self->display_name = g_strdup (login->display_name ? login->display_name : login->operator_name);
  self->role = yz_role_from_nick (login->role);
  g_free (self->gateway_name);
  self->gateway_name = g_strdup (login->gateway_name);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DISPLAY_NAME]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ROLE]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_GATEWAY_NAME]);
  g_signal_emit (self, signals[LOGGED_IN], 0, login->token);

  load_state (self);
}

static void
connect_now (YzSession *self)
{
  if (!self->running)
    return;

  self->loading = TRUE;
  notify_connection (self);
  if (self->try_token)
    {
      /* A token from the keyring: go straight to the state. */
      load_state (self);
      return;
    }
  if (self->password == NULL)
    {
      g_autoptr(GError) error = g_error_new (YZ_BACKEND_ERROR, YZ_BACKEND_ERROR_BAD_CREDENTIALS,
                                             _("A password is needed to log in"));

      fail (self, error);
      return;
    }
  set_status (self, _("Logging in…"));
  yz_backend_log_in_async (self->backend, self->operator_name, self->password,
                           self->cancellable, logged_in_cb, self);
}

static void
resync_cb (YzBackend *backend,
           YzSession *self)
{
  flush (self);
  /* The gateway cannot replay what this store lacks: forget the resume point. */
  self->last_seq = 0;
  load_state (self);
}

static void
unauthorized_cb (YzBackend *backend,
                 YzSession *self)
{
  if (!self->running || self->loading || self->password == NULL)
    return;
  self->try_token = FALSE;
  g_message ("The gateway refused the token; logging in again");
  yz_backend_stop (self->backend);
  connect_now (self);
}

/* ---- actions ---- */

static const char *
role_label (YzRole role)
{
  switch (role)
    {
    case YZ_ROLE_OBSERVER: return _("observer");
    case YZ_ROLE_OPERATOR: return _("operator");
    case YZ_ROLE_SUPERVISOR: return _("supervisor");
    case YZ_ROLE_NONE:
    default: return _("not logged in");
    }
}

static gboolean
may_act (YzSession  *self,
         YzRole      needed,
         gboolean    needs_gateway,
         GError    **error)
{
  if (needs_gateway && compute_state (self) != YZ_CONNECTION_CONNECTED)
    {
      g_set_error (error, YZ_SESSION_ERROR, YZ_SESSION_ERROR_DISCONNECTED,
                   _("Not connected to the gateway: nothing was sent. Try again when the connection is back."));
      return FALSE;
    }
  if (self->role < needed)
    {
      g_set_error (error, YZ_SESSION_ERROR, YZ_SESSION_ERROR_NOT_ALLOWED,
                   _("Your role (%s) does not allow this"), role_label (self->role));
      return FALSE;
    }
  if (self->store == NULL)
    {
      g_set_error (error, YZ_SESSION_ERROR, YZ_SESSION_ERROR_NO_AUDIT,
                   _("The local record is not available, so the action cannot be audited: nothing was sent"));
      return FALSE;
    }
  return TRUE;
}

static char *
params_to_string (JsonBuilder *builder)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = json_builder_get_root (builder);

  json_generator_set_root (generator, root);
  return json_generator_to_data (generator, NULL);
}

static gboolean
audit (YzSession   *self,
       const char  *action,
       const char  *target,
       const char  *params,
       const char  *phase,
       const char  *result,
       GError     **error)
{
  g_autoptr(GError) local_error = NULL;

  if (yz_store_audit_append (self->store, now_ms (), self->operator_name, action, target,
                             params, phase, result, &local_error) > 0)
    return TRUE;

  g_warning ("Cannot write the audit log: %s", local_error->message);
  g_set_error (error, YZ_SESSION_ERROR, YZ_SESSION_ERROR_NO_AUDIT,
               _("The audit log cannot be written (%s): nothing was sent"), local_error->message);
  return FALSE;
}

/* What every action carries from its request to its result. */
typedef struct
{
  char     *action;
  char     *target;
  char     *params;
  char     *command_id;
  guint     timeout_id;
} Op;

static void
op_free (Op *op)
{
  g_clear_handle_id (&op->timeout_id, g_source_remove);
  g_free (op->action);
  g_free (op->target);
  g_free (op->params);
  g_free (op->command_id);
  g_free (op);
}

static GTask *
start_op (YzSession    *self,
          const char   *action,
          const char   *target,
          JsonBuilder  *params,
          GCancellable *cancellable,
          GAsyncReadyCallback callback,
          gpointer      user_data,
          gpointer      source_tag)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  Op *op = g_new0 (Op, 1);

  g_task_set_source_tag (task, source_tag);
  op->action = g_strdup (action);
  op->target = g_strdup (target);
  op->params = params_to_string (params);
  g_task_set_task_data (task, op, (GDestroyNotify)op_free);

  return task;
}

/* A failed action's result row begins with what became of it, so that the audit log can
 * name the outcome in any language: refused (by the door, the station or the gateway), no
 * answer, or another error (docs/schema.md). */
static const char *
outcome_of (const GError *error)
{
  if (g_error_matches (error, YZ_SESSION_ERROR, YZ_SESSION_ERROR_NO_ANSWER))
    return "no-answer";
  if (g_error_matches (error, YZ_SESSION_ERROR, YZ_SESSION_ERROR_FAILED))
    return "refused";
  if (error->domain == YZ_BACKEND_ERROR &&
      (error->code == YZ_BACKEND_ERROR_FORBIDDEN || error->code == YZ_BACKEND_ERROR_CONFLICT ||
       error->code == YZ_BACKEND_ERROR_INVALID || error->code == YZ_BACKEND_ERROR_NOT_FOUND ||
       error->code == YZ_BACKEND_ERROR_RATE_LIMITED || error->code == YZ_BACKEND_ERROR_UNAUTHORIZED))
    return "refused";
  return "error";
}

/* Writes the result row, then completes the task. */
static void
finish_op (YzSession    *self,
           GTask        *task,
           const GError *error,
           const char   *result)
{
  Op *op = g_task_get_task_data (task);
  g_autofree char *text = error ? g_strdup_printf ("%s: %s", outcome_of (error), error->message)
                                : g_strdup (result ? result : "ok");

  audit (self, op->action, op->target, op->params, "result", text, NULL);
  if (error != NULL)
    g_task_return_error (task, g_error_copy (error));
  else
    g_task_return_boolean (task, TRUE);
}

/* Doors. A command is sent once, at once, or not at all: nothing is queued. */

static const char * const door_commands[] = { "open", "keep-open", "lock", "normal", NULL };

static gboolean
door_timeout_cb (gpointer user_data)
{
  GTask *task = user_data;
  YzSession *self = g_task_get_source_object (task);
  Op *op = g_task_get_task_data (task);
  g_autoptr(GError) error = g_error_new (YZ_SESSION_ERROR, YZ_SESSION_ERROR_NO_ANSWER,
                                         _("The gateway accepted the command, but the door did not answer within %u s"),
                                         (self->door_timeout_ms + 999) / 1000);

  op->timeout_id = 0;
  g_hash_table_steal (self->door_tasks, op->command_id);
  finish_op (self, task, error, NULL);
  g_object_unref (task);
  return G_SOURCE_REMOVE;
}

static void
complete_door (YzSession *self,
               GTask     *task,
               YzEvent   *result)
{
  if (result->ok)
    {
      finish_op (self, task, NULL, "ok");
    }
  else
    {
      g_autoptr(GError) error = g_error_new (YZ_SESSION_ERROR, YZ_SESSION_ERROR_FAILED,
                                             _("The door reports a failure: %s"),
                                             result->reason ? result->reason : _("no reason given"));

      finish_op (self, task, error, NULL);
    }
}

static void
door_result_arrived (YzSession *self,
                     YzEvent   *event)
{
  GTask *task;

  if (event->command_id == NULL)
    return;
  task = g_hash_table_lookup (self->door_tasks, event->command_id);
  if (task == NULL)
    {
      /* The answer may come before the gateway's 202 reply is read. */
      if (g_hash_table_size (self->early_results) > 256)
        g_hash_table_remove_all (self->early_results);
      g_hash_table_insert (self->early_results, g_strdup (event->command_id), yz_event_ref (event));
      return;
    }
  g_hash_table_steal (self->door_tasks, event->command_id);
  complete_door (self, task, event);
  g_object_unref (task);
}

static void
door_sent_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  YzSession *self = g_task_get_source_object (task);
  Op *op = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  YzEvent *early;

  op->command_id = yz_backend_door_command_finish (YZ_BACKEND (object), result, &error);
  if (op->command_id == NULL)
    {
      finish_op (self, task, error, NULL);
      return;
    }

  /* The gateway took it: whoever asked may stop offering to send it again. */
  g_signal_emit (self, signals[DOOR_COMMAND_SENT], 0, op->target);

  /* Both events and replies are read on the main loop; an answer may already be pending. */
  flush (self);
  early = g_hash_table_lookup (self->early_results, op->command_id);
  if (early != NULL)
    {
      complete_door (self, task, early);
      g_hash_table_remove (self->early_results, op->command_id);
      return;
    }
  g_hash_table_insert (self->door_tasks, g_strdup (op->command_id), g_object_ref (task));
  op->timeout_id = g_timeout_add (self->door_timeout_ms, door_timeout_cb, task);
}

/**
 * yz_session_door_command_async:
 * @command: `open`, `keep-open`, `lock` or `normal`
 * @minutes: for `keep-open`, 1–240
 * @reason: why; required: a reason code (`worker-locked-out`, `medical`, `maintenance`,
 *   `restock`, `other`), optionally followed by `: ` and the officer's words (required for
 *   `other`); any other text is taken as `other` with that text (see yz-door-reason.c)
 *
 * Checks, writes the audit request row, sends; emits #YzSession::door-command-sent once
 * the gateway has accepted it; completes when the door answers (or does not answer in
 * time), after writing the result row.
 */
void
yz_session_door_command_async (YzSession           *self,
                               YzDoor              *door,
                               const char          *command,
                               int                  minutes,
                               const char          *reason,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(JsonBuilder) params = json_builder_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *words = NULL;
  g_autofree char *code = yz_door_reason_parse (reason, &words);
  g_autofree char *wire_reason = yz_door_reason_compose (code, words);

  g_return_if_fail (YZ_IS_SESSION (self));
  g_return_if_fail (YZ_IS_DOOR (door));

  /* The reason is kept as its code (counted as one whatever the language) and the
   * officer's words beside it. */
  json_builder_begin_object (params);
  json_builder_set_member_name (params, "station_id");
  json_builder_add_string_value (params, yz_door_get_station_id (door));
  json_builder_set_member_name (params, "command");
  json_builder_add_string_value (params, command);
  if (g_strcmp0 (command, "keep-open") == 0)
    {
      json_builder_set_member_name (params, "minutes");
      json_builder_add_int_value (params, minutes);
    }
  json_builder_set_member_name (params, "reason");
  json_builder_add_string_value (params, code);
  if (words != NULL)
    {
      json_builder_set_member_name (params, "details");
      json_builder_add_string_value (params, words);
    }
  json_builder_end_object (params);
  task = start_op (self, "door-command", yz_door_get_id (door), params, cancellable, callback,
                   user_data, yz_session_door_command_async);

  if (!may_act (self, YZ_ROLE_OPERATOR, TRUE, &error))
    return g_task_return_error (task, g_steal_pointer (&error));
  if (command == NULL || !g_strv_contains (door_commands, command))
    return g_task_return_new_error (task, YZ_SESSION_ERROR, YZ_SESSION_ERROR_INVALID,
                                    _("Unknown door command"));
  if (wire_reason == NULL || g_utf8_strlen (wire_reason, -1) > 200)
    return g_task_return_new_error (task, YZ_SESSION_ERROR, YZ_SESSION_ERROR_INVALID,
                                    _("A reason (up to 200 characters) is required for a door command"));
  if (g_str_equal (command, "keep-open") && (minutes < 1 || minutes > 240))
    return g_task_return_new_error (task, YZ_SESSION_ERROR, YZ_SESSION_ERROR_INVALID,
                                    _("Keep the door open for 1 to 240 minutes"));

  if (!audit (self, "door-command", yz_door_get_id (door), ((Op *)g_task_get_task_data (task))->params,
              "request", NULL, &error))
    return g_task_return_error (task, g_steal_pointer (&error));
  yz_stats_record_door_command (self->store, self->tz, district_of (self, yz_door_get_station_id (door)),
                                command, code, now_ms ());

  yz_backend_door_command_async (self->backend, yz_door_get_id (door), command, minutes,
                                 wire_reason, cancellable, door_sent_cb, g_steal_pointer (&task));
}

gboolean
yz_session_door_command_finish (YzSession     *self,
                                GAsyncResult  *result,
                                GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Alarms. */

static const char * const categories[] = {
  "false-alarm", "handled-on-site", "referred-police", "referred-ambulance", "equipment-fault", "other", NULL
};
static const char * const action_names[] = { "alarm-acknowledge", "alarm-assign", "alarm-resolve", "alarm-reopen" };

static void
alarm_sent_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  YzSession *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(YzAlarmData) alarm = yz_backend_alarm_action_finish (YZ_BACKEND (object), result, &error);
  gboolean is_new;

  if (alarm == NULL)
    {
      finish_op (self, task, error, NULL);
      return;
    }
  /* Show the change now; the gateway's alarm.updated event confirms it. */
  store_alarm (self, alarm, FALSE);
  model_alarm (self, alarm, FALSE, &is_new);
  update_alarm_counts (self);
  finish_op (self, task, NULL, alarm->state);
}

/* A derived alarm lives in this console only: acting on it changes the local record. */
static void
act_on_derived (YzSession     *self,
                GTask         *task,
                YzAlarm       *alarm,
                YzAlarmAction  action,
                const char    *to,
                const char    *category,
                const char    *note)
{
  const char *state = action == YZ_ALARM_ACTION_RESOLVE ? "resolved" : "acknowledged";
  YzAlarmData data = {
    .id = (char *)yz_alarm_get_id (alarm), .station_id = (char *)yz_alarm_get_station_id (alarm),
    .camera_id = (char *)yz_alarm_get_camera_id (alarm), .door_id = (char *)yz_alarm_get_door_id (alarm),
    .type = yz_alarm_get_alarm_type (alarm), .priority = yz_priority_to_nick (yz_alarm_get_priority (alarm)),
    .raised_at = yz_alarm_get_raised_at (alarm), .state = state,
    .owner = (char *)(action == YZ_ALARM_ACTION_ASSIGN ? to : self->operator_name),
    .updated_at = now_ms (), .category = action == YZ_ALARM_ACTION_RESOLVE ? category : yz_alarm_get_category (alarm),
    .note = (char *)(note ? note : yz_alarm_get_note (alarm)),
    .snapshot_id = (char *)yz_alarm_get_snapshot_id (alarm),
  };
  static const char * const done[] = { "acknowledged", "assigned", "resolved", "reopened" };

  store_alarm (self, &data, TRUE);
  store_alarm_history (self, data.id, data.updated_at, done[action], self->operator_name, note);
  yz_alarm_update (alarm, &data);
  update_alarm_counts (self);
  g_signal_emit (self, signals[ALARM_HISTORY_CHANGED], 0, alarm);
  finish_op (self, task, NULL, state);
}

/**
 * yz_session_alarm_action_async:
 * @to: (nullable): for assign, the operator's name
 * @category: (nullable): for resolve, one of the protocol's categories
 * @note: (nullable): required for resolve
 */
void
yz_session_alarm_action_async (YzSession           *self,
                               YzAlarm             *alarm,
                               YzAlarmAction        action,
                               const char          *to,
                               const char          *category,
                               const char          *note,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(JsonBuilder) params = json_builder_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *clean_note = note ? g_strstrip (g_strdup (note)) : NULL;
  gboolean derived;

  g_return_if_fail (YZ_IS_SESSION (self));
  g_return_if_fail (YZ_IS_ALARM (alarm));
  g_return_if_fail (action <= YZ_ALARM_ACTION_REOPEN);

  derived = yz_alarm_get_derived (alarm);
  json_builder_begin_object (params);
  json_builder_set_member_name (params, "station_id");
  json_builder_add_string_value (params, yz_alarm_get_station_id (alarm));
  if (to)
    {
      json_builder_set_member_name (params, "to");
      json_builder_add_string_value (params, to);
    }
  if (category)
    {
      json_builder_set_member_name (params, "category");
      json_builder_add_string_value (params, category);
    }
  if (clean_note)
    {
      json_builder_set_member_name (params, "note");
      json_builder_add_string_value (params, clean_note);
    }
  json_builder_end_object (params);
  task = start_op (self, action_names[action], yz_alarm_get_id (alarm), params, cancellable,
                   callback, user_data, yz_session_alarm_action_async);

  if (!may_act (self, YZ_ROLE_OPERATOR, !derived, &error))
    return g_task_return_error (task, g_steal_pointer (&error));
  if (action == YZ_ALARM_ACTION_RESOLVE &&
      (category == NULL || !g_strv_contains (categories, category)))
    return g_task_return_new_error (task, YZ_SESSION_ERROR, YZ_SESSION_ERROR_INVALID,
                                    _("Choose how the alarm was resolved"));
  if (action == YZ_ALARM_ACTION_RESOLVE && (clean_note == NULL || clean_note[0] == '\0'))
    return g_task_return_new_error (task, YZ_SESSION_ERROR, YZ_SESSION_ERROR_INVALID,
                                    _("A note is required to resolve an alarm"));
  if (clean_note != NULL && g_utf8_strlen (clean_note, -1) > 2000)
    return g_task_return_new_error (task, YZ_SESSION_ERROR, YZ_SESSION_ERROR_INVALID,
                                    _("The note is longer than 2000 characters"));
  if (action == YZ_ALARM_ACTION_ASSIGN && (to == NULL || to[0] == '\0'))
    return g_task_return_new_error (task, YZ_SESSION_ERROR, YZ_SESSION_ERROR_INVALID,
                                    _("Name the operator to assign the alarm to"));

  if (!audit (self, action_names[action], yz_alarm_get_id (alarm),
              ((Op *)g_task_get_task_data (task))->params, "request", NULL, &error))
    return g_task_return_error (task, g_steal_pointer (&error));

  if (derived)
    {
      act_on_derived (self, task, alarm, action, to, category, clean_note);
      return;
    }
  yz_backend_alarm_action_async (self->backend, yz_alarm_get_id (alarm), action, to, category,
                                 clean_note, cancellable, alarm_sent_cb, g_steal_pointer (&task));
}

gboolean
yz_session_alarm_action_finish (YzSession     *self,
                                GAsyncResult  *result,
                                GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Stock. */

static void
stock_sent_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  YzSession *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(YzStockData) data = yz_backend_stock_finish (YZ_BACKEND (object), result, &error);
  g_autofree char *text = NULL;
  YzStock *stock;

  if (data == NULL)
    {
      finish_op (self, task, error, NULL);
      return;
    }
  stock = g_hash_table_lookup (self->stock_by_id, data->id);
  record_stock_level (self, data->id, data->level, now_ms ());
  yz_record_stock (self->store, data);
  if (stock != NULL)
    {
      YzStation *station = g_hash_table_lookup (self->station_by_id, data->station_id);

      yz_stock_update (stock, data);
      if (station)
        yz_station_refresh (station);
    }
  text = g_strdup_printf ("level %" G_GINT64_FORMAT ", threshold %" G_GINT64_FORMAT,
                          data->level, data->low_threshold);
  finish_op (self, task, NULL, text);
}

static void
stock_action (YzSession           *self,
              YzStock             *stock,
              gboolean             threshold,
              gint64               value,
              const char          *note,
              GCancellable        *cancellable,
              GAsyncReadyCallback  callback,
              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(JsonBuilder) params = json_builder_new ();
  g_autoptr(GError) error = NULL;

  g_return_if_fail (YZ_IS_SESSION (self));
  g_return_if_fail (YZ_IS_STOCK (stock));

  json_builder_begin_object (params);
  json_builder_set_member_name (params, "station_id");
  json_builder_add_string_value (params, yz_stock_get_station_id (stock));
  json_builder_set_member_name (params, threshold ? "low_threshold" : "quantity");
  json_builder_add_int_value (params, value);
  if (note)
    {
      json_builder_set_member_name (params, "note");
      json_builder_add_string_value (params, note);
    }
  json_builder_end_object (params);
  task = start_op (self, threshold ? "stock-threshold" : "stock-restock", yz_stock_get_id (stock),
                   params, cancellable, callback, user_data, yz_session_stock_finish);

  if (!may_act (self, threshold ? YZ_ROLE_SUPERVISOR : YZ_ROLE_OPERATOR, TRUE, &error))
    return g_task_return_error (task, g_steal_pointer (&error));
  if (!threshold && (value < 1 || value > 10000))
    return g_task_return_new_error (task, YZ_SESSION_ERROR, YZ_SESSION_ERROR_INVALID,
                                    _("Restock between 1 and 10000 items"));
  if (threshold && (value < 0 || value > yz_stock_get_capacity (stock)))
    return g_task_return_new_error (task, YZ_SESSION_ERROR, YZ_SESSION_ERROR_INVALID,
                                    _("The threshold must be between 0 and the capacity"));
  if (note != NULL && g_utf8_strlen (note, -1) > 200)
    return g_task_return_new_error (task, YZ_SESSION_ERROR, YZ_SESSION_ERROR_INVALID,
                                    _("The note is longer than 200 characters"));

  if (!audit (self, threshold ? "stock-threshold" : "stock-restock", yz_stock_get_id (stock),
              ((Op *)g_task_get_task_data (task))->params, "request", NULL, &error))
    return g_task_return_error (task, g_steal_pointer (&error));

  yz_backend_stock_async (self->backend, yz_stock_get_id (stock), threshold, value, note,
                          cancellable, stock_sent_cb, g_steal_pointer (&task));
}

void
yz_session_restock_async (YzSession           *self,
                          YzStock             *stock,
                          gint64               quantity,
                          const char          *note,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  stock_action (self, stock, FALSE, quantity, note, cancellable, callback, user_data);
}

void
yz_session_set_threshold_async (YzSession           *self,
                                YzStock             *stock,
                                gint64               threshold,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  stock_action (self, stock, TRUE, threshold, NULL, cancellable, callback, user_data);
}

gboolean
yz_session_stock_finish (YzSession     *self,
                         GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Devices. */

static void
device_sent_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  YzSession *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(YzDeviceData) data = yz_backend_device_power_finish (YZ_BACKEND (object), result, &error);
  YzDevice *device;

  if (data == NULL)
    {
      finish_op (self, task, error, NULL);
      return;
    }
  yz_record_device (self->store, data);
  if ((device = g_hash_table_lookup (self->device_by_id, data->id)) != NULL)
    yz_device_update (device, data);
  finish_op (self, task, NULL, data->state);
}

void
yz_session_device_power_async (YzSession           *self,
                               YzDevice            *device,
                               gboolean             on,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(JsonBuilder) params = json_builder_new ();
  g_autoptr(GError) error = NULL;

  g_return_if_fail (YZ_IS_SESSION (self));
  g_return_if_fail (YZ_IS_DEVICE (device));

  json_builder_begin_object (params);
  json_builder_set_member_name (params, "station_id");
  json_builder_add_string_value (params, yz_device_get_station_id (device));
  json_builder_set_member_name (params, "on");
  json_builder_add_boolean_value (params, on);
  json_builder_end_object (params);
  task = start_op (self, "device-power", yz_device_get_id (device), params, cancellable, callback,
                   user_data, yz_session_device_power_async);

  if (!may_act (self, YZ_ROLE_OPERATOR, TRUE, &error))
    return g_task_return_error (task, g_steal_pointer (&error));
  if (!yz_device_get_switchable (device))
    return g_task_return_new_error (task, YZ_SESSION_ERROR, YZ_SESSION_ERROR_INVALID,
                                    _("This device cannot be switched remotely"));
  if (!audit (self, "device-power", yz_device_get_id (device),
              ((Op *)g_task_get_task_data (task))->params, "request", NULL, &error))
    return g_task_return_error (task, g_steal_pointer (&error));

  yz_backend_device_power_async (self->backend, yz_device_get_id (device), on, cancellable,
                                 device_sent_cb, g_steal_pointer (&task));
}

gboolean
yz_session_device_power_finish (YzSession     *self,
                                GAsyncResult  *result,
                                GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Snapshots: from the cache, else from the gateway into the cache. */

static void
snapshot_fetched_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  YzSession *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = yz_backend_fetch_snapshot_finish (YZ_BACKEND (object), result, &error);
  g_autoptr(GError) cache_error = NULL;

  if (bytes == NULL)
    return g_task_return_error (task, g_steal_pointer (&error));
  if (self->snapshots != NULL &&
      !yz_snapshot_cache_store (self->snapshots, g_task_get_task_data (task), bytes, &cache_error))
    g_message ("Cannot cache a snapshot: %s", cache_error->message);
  g_task_return_pointer (task, g_steal_pointer (&bytes), (GDestroyNotify)g_bytes_unref);
}

void
yz_session_fetch_snapshot_async (YzSession           *self,
                                 const char          *snapshot_id,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  GBytes *cached;

  g_task_set_source_tag (task, yz_session_fetch_snapshot_async);
  g_task_set_task_data (task, g_strdup (snapshot_id), g_free);
  if (self->snapshots != NULL && (cached = yz_snapshot_cache_lookup (self->snapshots, snapshot_id)) != NULL)
    return g_task_return_pointer (task, cached, (GDestroyNotify)g_bytes_unref);
  yz_backend_fetch_snapshot_async (self->backend, snapshot_id, cancellable, snapshot_fetched_cb,
                                   g_steal_pointer (&task));
}

GBytes *
yz_session_fetch_snapshot_finish (YzSession     *self,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
camera_snapshot_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  GBytes *bytes = yz_backend_fetch_camera_snapshot_finish (YZ_BACKEND (object), result, &error);

  if (bytes == NULL)
    return g_task_return_error (task, g_steal_pointer (&error));
  g_task_return_pointer (task, bytes, (GDestroyNotify)g_bytes_unref);
}

/**
 * yz_session_fetch_camera_snapshot_async:
 *
 * What @camera sees now, as a JPEG or PNG (not cached). Needs the gateway.
 */
void
yz_session_fetch_camera_snapshot_async (YzSession           *self,
                                        YzCamera            *camera,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

  g_return_if_fail (YZ_IS_CAMERA (camera));

  g_task_set_source_tag (task, yz_session_fetch_camera_snapshot_async);
  if (compute_state (self) != YZ_CONNECTION_CONNECTED)
    return g_task_return_new_error (task, YZ_SESSION_ERROR, YZ_SESSION_ERROR_DISCONNECTED,
                                    _("Not connected to the gateway"));
  yz_backend_fetch_camera_snapshot_async (self->backend, yz_camera_get_id (camera), cancellable,
                                          camera_snapshot_cb, g_steal_pointer (&task));
}

GBytes *
yz_session_fetch_camera_snapshot_finish (YzSession     *self,
                                         GAsyncResult  *result,
                                         GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ---- alarms the console derives itself ---- */

typedef struct
{
  char        *id;
  const char  *type;
  const char  *priority;
  const char  *station_id;
  const char  *camera_id;
} Condition;

/* The gateway's open alarms, as "type/station" and "type/station/camera" keys: built once
 * per check, so each condition is one lookup. */
static GHashTable *
open_gateway_alarms (YzSession *self)
{
  GHashTable *keys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->alarms)); i++)
    {
      g_autoptr(YzAlarm) alarm = g_list_model_get_item (G_LIST_MODEL (self->alarms), i);

      if (yz_alarm_get_derived (alarm) || yz_alarm_get_state (alarm) == YZ_ALARM_STATE_RESOLVED)
        continue;
      g_hash_table_add (keys, g_strjoin ("/", yz_alarm_get_alarm_type (alarm),
                                         yz_alarm_get_station_id (alarm), NULL));
      if (yz_alarm_get_camera_id (alarm) != NULL)
        g_hash_table_add (keys, g_strjoin ("/", yz_alarm_get_alarm_type (alarm), yz_alarm_get_station_id (alarm),
                                           yz_alarm_get_camera_id (alarm), NULL));
    }

  return keys;
}

static void
set_derived_alarm (YzSession       *self,
                   GHashTable      *gateway_open,
                   const Condition *c,
                   gboolean         holds,
                   gint64           now)
{
  g_autofree char *key = g_strjoin ("/", c->type, c->station_id, c->camera_id, NULL);
  YzAlarm *alarm = g_hash_table_lookup (self->alarm_by_id, c->id);
  gboolean open = alarm != NULL && yz_alarm_get_state (alarm) != YZ_ALARM_STATE_RESOLVED;
  gpointer since;

  /* The gateway's own alarm for the same thing wins. */
  if (holds && g_hash_table_contains (gateway_open, key))
    holds = FALSE;

  if (!holds)
    {
      g_hash_table_remove (self->derive_since, c->id);
      if (open)
        {
          YzAlarmData data = {
            .id = c->id, .station_id = (char *)c->station_id, .camera_id = (char *)c->camera_id,
            .type = c->type, .priority = c->priority, .raised_at = yz_alarm_get_raised_at (alarm),
            .state = "resolved", .owner = (char *)yz_alarm_get_owner (alarm), .updated_at = now,
            .category = "other", .note = (char *)_("The condition cleared"),
          };

          store_alarm (self, &data, TRUE);
          store_alarm_history (self, c->id, now, "resolved", "console", data.note);
          yz_alarm_update (alarm, &data);
        }
      return;
    }

  if (open)
    return;
  if (!g_hash_table_lookup_extended (self->derive_since, c->id, NULL, &since))
    {
      g_hash_table_insert (self->derive_since, g_strdup (c->id), g_memdup2 (&now, sizeof now));
      return;
    }
  /* Only a condition that holds for the grace time: the gateway may be about to say it. */
  if (now - *(gint64 *)since < self->derive_grace_ms)
    return;

  {
    YzAlarmData data = {
      .id = c->id, .station_id = (char *)c->station_id, .camera_id = (char *)c->camera_id,
      .type = c->type, .priority = c->priority, .raised_at = now, .state = "new", .updated_at = now,
    };
    gboolean is_new;

    store_alarm (self, &data, TRUE);
    store_alarm_history (self, c->id, now, "raised", "console", NULL);
    if (alarm != NULL)
      {
        /* Raised again: the same alarm is back in the queue as new. */
        yz_alarm_update (alarm, &data);
      }
    else
      {
        alarm = model_alarm (self, &data, TRUE, &is_new);
        g_signal_emit (self, signals[ALARM_RAISED], 0, alarm);
      }
  }
}

static gboolean
derive_cb (gpointer user_data)
{
  YzSession *self = user_data;
  gint64 now = now_ms ();
  gboolean connected = compute_state (self) == YZ_CONNECTION_CONNECTED;
  GListModel *stations = G_LIST_MODEL (self->stations);
  g_autoptr(GHashTable) gateway_open = NULL;

  /* Without the gateway nothing is known to be wrong with a station: the indicator says so. */
  if (!connected)
    return G_SOURCE_CONTINUE;

  gateway_open = open_gateway_alarms (self);
  if (self->store != NULL)
    yz_store_begin (self->store, NULL);

  for (guint i = 0; i < g_list_model_get_n_items (stations); i++)
    {
      g_autoptr(YzStation) station = g_list_model_get_item (stations, i);
      const char *sid = yz_station_get_id (station);
      gint64 last_seen = yz_station_get_last_seen (station);
      g_autofree char *silent_id = g_strconcat ("local-silent-", sid, NULL);
      Condition silent = { silent_id, "station-offline", "high", sid, NULL };
      GListModel *cameras = yz_station_get_cameras (station);
      GListModel *stock = yz_station_get_stock (station);

      set_derived_alarm (self, gateway_open, &silent,
                         !yz_station_get_online (station) ||
                         (last_seen > 0 && now - last_seen > self->station_silent_ms),
                         now);

      for (guint k = 0; k < g_list_model_get_n_items (cameras); k++)
        {
          g_autoptr(YzCamera) camera = g_list_model_get_item (cameras, k);
          g_autofree char *id = g_strconcat ("local-cam-", yz_camera_get_id (camera), NULL);
          Condition c = { id, "camera-offline", "medium", sid, yz_camera_get_id (camera) };

          set_derived_alarm (self, gateway_open, &c, !yz_camera_get_online (camera), now);
        }
      for (guint k = 0; k < g_list_model_get_n_items (stock); k++)
        {
          g_autoptr(YzStock) item = g_list_model_get_item (stock, k);
          g_autofree char *id = g_strconcat ("local-stock-", yz_stock_get_id (item), NULL);
          Condition c = { id, "stock-low", "low", sid, NULL };

          set_derived_alarm (self, gateway_open, &c, yz_stock_get_low (item), now);
        }
    }

  if (self->store != NULL)
    yz_store_commit (self->store, NULL);
  update_alarm_counts (self);

  return G_SOURCE_CONTINUE;
}

/* ---- GObject ---- */

static void
yz_session_dispose (GObject *object)
{
  YzSession *self = YZ_SESSION (object);

  yz_session_stop (self);
  g_clear_handle_id (&self->prune_id, g_source_remove);
  if (self->pending != NULL)
    flush (self);
  if (self->backend != NULL)
    g_signal_handlers_disconnect_by_data (self->backend, self);
  g_clear_object (&self->backend);
  g_clear_pointer (&self->door_tasks, g_hash_table_unref);
  g_clear_pointer (&self->early_results, g_hash_table_unref);
  g_clear_object (&self->entries);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (yz_session_parent_class)->dispose (object);
}

static void
yz_session_finalize (GObject *object)
{
  YzSession *self = YZ_SESSION (object);

  g_clear_pointer (&self->pending, g_ptr_array_unref);
  g_clear_pointer (&self->snapshots, yz_snapshot_cache_free);
  g_clear_pointer (&self->tz, g_time_zone_unref);
  g_clear_object (&self->cancellable);
  g_free (self->operator_name);
  g_free (self->display_name);
  if (self->password != NULL)
    memset (self->password, 0, strlen (self->password));
  g_free (self->password);
  g_free (self->gateway_name);
  g_free (self->status);
  g_hash_table_unref (self->station_by_id);
  g_hash_table_unref (self->camera_by_id);
  g_hash_table_unref (self->door_by_id);
  g_hash_table_unref (self->stock_by_id);
  g_hash_table_unref (self->device_by_id);
  g_hash_table_unref (self->alarm_by_id);
  g_hash_table_unref (self->derive_since);
  g_clear_object (&self->stations);
  g_clear_object (&self->cameras);
  g_clear_object (&self->stock);
  g_clear_object (&self->devices);
  g_clear_object (&self->alarms);

  G_OBJECT_CLASS (yz_session_parent_class)->finalize (object);
}

static void
yz_session_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  YzSession *self = YZ_SESSION (object);

  switch (prop_id)
    {
    case PROP_CONNECTION_STATE: g_value_set_enum (value, compute_state (self)); break;
    case PROP_DISCONNECTED_SINCE: g_value_set_int64 (value, self->disconnected_since); break;
    case PROP_NEXT_ATTEMPT: g_value_set_int64 (value, yz_session_get_next_attempt (self)); break;
    case PROP_STATUS: g_value_set_string (value, self->status); break;
    case PROP_OPERATOR_NAME: g_value_set_string (value, self->operator_name); break;
    case PROP_DISPLAY_NAME: g_value_set_string (value, self->display_name); break;
    case PROP_ROLE: g_value_set_enum (value, self->role); break;
    case PROP_GATEWAY_NAME: g_value_set_string (value, self->gateway_name); break;
    case PROP_N_STATIONS: g_value_set_uint (value, g_list_model_get_n_items (G_LIST_MODEL (self->stations))); break;
    case PROP_N_UNACKNOWLEDGED: g_value_set_uint (value, self->n_unacknowledged); break;
    case PROP_LAST_SEQ: g_value_set_int64 (value, self->last_seq); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
yz_session_class_init (YzSessionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->dispose = yz_session_dispose;
  object_class->finalize = yz_session_finalize;
  object_class->get_property = yz_session_get_property;

  properties[PROP_CONNECTION_STATE] =
    g_param_spec_enum ("connection-state", NULL, NULL, YZ_TYPE_CONNECTION_STATE, YZ_CONNECTION_DISCONNECTED, flags);
  /* What is happening or went wrong, for people; NULL when connected */
  /* The real time (µs) the connection was lost (or the first try failed), 0 while connected
   * or before the first try has had its answer. */
  properties[PROP_DISCONNECTED_SINCE] = g_param_spec_int64 ("disconnected-since", NULL, NULL, 0, G_MAXINT64, 0, flags);
  /* The real time (µs) of the next try to connect while waiting for it, else 0. */
  properties[PROP_NEXT_ATTEMPT] = g_param_spec_int64 ("next-attempt", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_STATUS] = g_param_spec_string ("status", NULL, NULL, NULL, flags);
  properties[PROP_OPERATOR_NAME] = g_param_spec_string ("operator-name", NULL, NULL, NULL, flags);
  properties[PROP_DISPLAY_NAME] = g_param_spec_string ("display-name", NULL, NULL, NULL, flags);
  properties[PROP_ROLE] = g_param_spec_enum ("role", NULL, NULL, YZ_TYPE_ROLE, YZ_ROLE_NONE, flags);
  properties[PROP_GATEWAY_NAME] = g_param_spec_string ("gateway-name", NULL, NULL, NULL, flags);
  properties[PROP_N_STATIONS] = g_param_spec_uint ("n-stations", NULL, NULL, 0, G_MAXUINT, 0, flags);
  properties[PROP_N_UNACKNOWLEDGED] = g_param_spec_uint ("n-unacknowledged", NULL, NULL, 0, G_MAXUINT, 0, flags);
  properties[PROP_LAST_SEQ] = g_param_spec_int64 ("last-seq", NULL, NULL, 0, G_MAXINT64, 0, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * YzSession::alarm-raised:
   * @alarm: a new, unacknowledged alarm (from the gateway or derived)
   *
   * For getting attention: sound, notification, banner.
   */
  signals[ALARM_RAISED] = g_signal_new ("alarm-raised", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                        0, NULL, NULL, NULL, G_TYPE_NONE, 1, YZ_TYPE_ALARM);
  /**
   * YzSession::logged-in:
   * @token: the gateway's token, for the keyring
   */
  signals[LOGGED_IN] = g_signal_new ("logged-in", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                     0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  /**
   * YzSession::incidents-changed:
   *
   * An operator merged or split incidents.
   */
  signals[INCIDENTS_CHANGED] = g_signal_new ("incidents-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                             0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  /**
   * YzSession::door-command-sent:
   * @door_id: the door's id
   *
   * The gateway accepted a door command (its answer comes later, as the command's
   * result): the door dialog closes then, and only then.
   */
  signals[DOOR_COMMAND_SENT] = g_signal_new ("door-command-sent", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                             0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  /**
   * YzSession::alarm-history-changed:
   * @alarm: the alarm whose history (yz_session_get_alarm_history()) has a new step
   *
   * A step can be stored after the alarm item already changed (the reply to an action
   * updates the item; the gateway's alarm.updated event brings the step), so the item's
   * notify alone does not say that the history is complete.
   */
  signals[ALARM_HISTORY_CHANGED] = g_signal_new ("alarm-history-changed", G_TYPE_FROM_CLASS (klass),
                                                 G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                                 G_TYPE_NONE, 1, YZ_TYPE_ALARM);
}

static void
yz_session_init (YzSession *self)
{
  self->tz = g_time_zone_new_local ();
  self->stations = g_list_store_new (YZ_TYPE_STATION);
  self->cameras = g_list_store_new (YZ_TYPE_CAMERA);
  self->stock = g_list_store_new (YZ_TYPE_STOCK);
  self->devices = g_list_store_new (YZ_TYPE_DEVICE);
  self->alarms = g_list_store_new (YZ_TYPE_ALARM);
  /* Keys are the items' own ids: the items live in the models. */
  self->station_by_id = g_hash_table_new (g_str_hash, g_str_equal);
  self->camera_by_id = g_hash_table_new (g_str_hash, g_str_equal);
  self->door_by_id = g_hash_table_new (g_str_hash, g_str_equal);
  self->stock_by_id = g_hash_table_new (g_str_hash, g_str_equal);
  self->device_by_id = g_hash_table_new (g_str_hash, g_str_equal);
  self->alarm_by_id = g_hash_table_new (g_str_hash, g_str_equal);
  self->derive_since = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->pending = g_ptr_array_new_with_free_func ((GDestroyNotify)yz_event_unref);
  self->door_tasks = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  self->early_results = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify)yz_event_unref);
  self->door_timeout_ms = 15000;
  self->derive_check_ms = 30000;
  self->journal_keep_ms = JOURNAL_KEEP_MS;
  self->incident_window_ms = YZ_INCIDENT_WINDOW_MS;
  self->station_silent_ms = 10 * 60 * 1000;
  self->derive_grace_ms = 60000;
  self->retry_ms = FIRST_RETRY_MS;
}

/**
 * yz_session_new:
 * @store: (nullable): the local record; without it the console shows live data but refuses
 *   actions (they could not be audited)
 * @backend: the gateway
 *
 * The models are filled from @store at once: the last known state, before any connection.
 */
YzSession *
yz_session_new (YzStore   *store,
                YzBackend *backend)
{
  YzSession *self;
  g_autofree char *cache_dir = yz_snapshot_cache_default_dir ();

  g_return_val_if_fail (store == NULL || YZ_IS_STORE (store), NULL);
  g_return_val_if_fail (YZ_IS_BACKEND (backend), NULL);

  self = g_object_new (YZ_TYPE_SESSION, NULL);
  self->store = store ? g_object_ref (store) : NULL;
  self->backend = g_object_ref (backend);
  self->snapshots = yz_snapshot_cache_new (cache_dir, 256 * 1024 * 1024);
  self->entries = yz_entry_model_new (store);

  g_signal_connect (backend, "event", G_CALLBACK (event_cb), self);
  g_signal_connect (backend, "resync-required", G_CALLBACK (resync_cb), self);
  g_signal_connect (backend, "unauthorized", G_CALLBACK (unauthorized_cb), self);
  g_signal_connect (backend, "notify::stream-state", G_CALLBACK (stream_state_cb), self);
  g_signal_connect (backend, "notify::next-attempt", G_CALLBACK (next_attempt_cb), self);

  load_from_store (self);
  if (self->store != NULL)
    yz_stats_rebuild_if_asked (self->store, self->tz);

  return self;
}

/**
 * yz_session_start:
 * @password: (nullable): kept in memory only, to log in again when the token expires
 * @token: (nullable): a token kept from an earlier log-in; tried first
 */
void
yz_session_start (YzSession  *self,
                  const char *operator_name,
                  const char *password,
                  const char *token)
{
  g_return_if_fail (YZ_IS_SESSION (self));
  g_return_if_fail (operator_name != NULL);

  yz_session_stop (self);
  g_free (self->operator_name);
  self->operator_name = g_strdup (operator_name);
  g_free (self->password);
  self->password = g_strdup (password);
  self->try_token = token != NULL;
  if (token != NULL)
    yz_backend_set_token (self->backend, token);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_OPERATOR_NAME]);

  self->cancellable = g_cancellable_new ();
  self->running = TRUE;
  self->ever_connected = FALSE;
  self->failed = FALSE;
  self->disconnected_since = 0;
  self->retry_ms = FIRST_RETRY_MS;
  self->derive_id = g_timeout_add (self->derive_check_ms, derive_cb, self);
  if (self->prune_id == 0)
    self->prune_id = g_timeout_add_seconds (60, prune_cb, self);
  connect_now (self);
}

gint64
yz_session_get_disconnected_since (YzSession *self)
{
  g_return_val_if_fail (YZ_IS_SESSION (self), 0);

  return self->disconnected_since;
}

gint64
yz_session_get_next_attempt (YzSession *self)
{
  gint64 next = 0;

  g_return_val_if_fail (YZ_IS_SESSION (self), 0);

  if (!self->running)
    return 0;
  if (self->retry_id != 0)
    return self->retry_at;
  if (self->backend != NULL && !self->loading)
    g_object_get (self->backend, "next-attempt", &next, NULL);
  return next;
}

/**
 * yz_session_retry_now:
 *
 * While waiting to try the gateway again (after a failed log-in or a dropped event
 * stream), tries at once. Returns: %FALSE when there is nothing to retry (connected,
 * already trying, or stopped for a reason retrying cannot mend, such as a wrong password)
 */
gboolean
yz_session_retry_now (YzSession *self)
{
  g_return_val_if_fail (YZ_IS_SESSION (self), FALSE);

  if (!self->running)
    return FALSE;
  if (self->retry_id != 0)
    {
      g_clear_handle_id (&self->retry_id, g_source_remove);
      self->retry_at = 0;
      self->retry_ms = FIRST_RETRY_MS;
      connect_now (self);
      return TRUE;
    }
  if (yz_session_get_next_attempt (self) != 0)
    {
      yz_backend_reconnect_now (self->backend);
      return TRUE;
    }
  return FALSE;
}

/* Stops following; the models keep the last known state. Door commands waiting for an
 * answer end with "no answer". */
void
yz_session_stop (YzSession *self)
{
  g_return_if_fail (YZ_IS_SESSION (self));

  self->running = FALSE;
  self->loading = FALSE;
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_handle_id (&self->retry_id, g_source_remove);
  self->retry_at = 0;
  g_clear_handle_id (&self->derive_id, g_source_remove);
  g_clear_handle_id (&self->flush_id, g_source_remove);
  if (self->backend != NULL)
    yz_backend_stop (self->backend);
  if (self->door_tasks != NULL)
    {
      GHashTableIter iter;
      gpointer value;

      g_hash_table_iter_init (&iter, self->door_tasks);
      while (g_hash_table_iter_next (&iter, NULL, &value))
        {
          Op *op = g_task_get_task_data (value);
          g_autoptr(GError) error = g_error_new (YZ_SESSION_ERROR, YZ_SESSION_ERROR_NO_ANSWER,
                                                 _("The console disconnected before the door answered"));

          g_clear_handle_id (&op->timeout_id, g_source_remove);
          finish_op (self, value, error, NULL);
          g_object_unref (value);
          g_hash_table_iter_steal (&iter);
        }
    }
  notify_connection (self);
}

/* ---- an alarm's history ---- */

void
yz_alarm_step_free (YzAlarmStep *step)
{
  if (step == NULL)
    return;
  g_free (step->action);
  g_free (step->by);
  g_free (step->note);
  g_free (step);
}

/**
 * yz_session_get_alarm_history:
 *
 * Returns: (transfer full) (element-type YzAlarmStep): what happened to the alarm, oldest
 *   first (from the store; empty without one)
 */
GPtrArray *
yz_session_get_alarm_history (YzSession  *self,
                              const char *alarm_id)
{
  g_return_val_if_fail (YZ_IS_SESSION (self), NULL);

  if (self->store == NULL || alarm_id == NULL)
    return g_ptr_array_new_with_free_func ((GDestroyNotify)yz_alarm_step_free);
  return yz_record_alarm_steps (self->store, alarm_id);
}

/* ---- incidents: what the operators merged or split ---- */

/**
 * yz_session_get_incident_links:
 *
 * Returns: (transfer full): alarm id -> incident key, for the alarms an operator put in an
 *   incident by hand (see yz_incidents_group())
 */
GHashTable *
yz_session_get_incident_links (YzSession *self)
{
  g_return_val_if_fail (YZ_IS_SESSION (self), NULL);

  if (self->store == NULL)
    return g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  return yz_record_incident_links (self->store);
}

/* The incident @alarm is in now, operators' merges and splits included. */
YzIncident *
yz_session_incident_for_alarm (YzSession *self,
                               YzAlarm   *alarm)
{
  g_autoptr(GHashTable) links = yz_session_get_incident_links (self);

  return yz_incident_for_alarm (G_LIST_MODEL (self->alarms), alarm, self->incident_window_ms, links);
}

/* The longest gap between two alarms of one incident (the `incident-window-minutes` setting). */
void
yz_session_set_incident_window (YzSession *self,
                                gint64     window_ms)
{
  g_return_if_fail (YZ_IS_SESSION (self));

  if (self->incident_window_ms == window_ms)
    return;
  self->incident_window_ms = MAX (window_ms, 60 * 1000);
  g_signal_emit (self, signals[INCIDENTS_CHANGED], 0);
}

gint64
yz_session_get_incident_window (YzSession *self)
{
  return self->incident_window_ms;
}

static gboolean
write_links (YzSession  *self,
             GPtrArray  *alarm_ids,
             const char *key,
             GError    **error)
{
  if (self->store == NULL)
    {
      g_set_error (error, YZ_SESSION_ERROR, YZ_SESSION_ERROR_NO_AUDIT, _("There is no local record to change"));
      return FALSE;
    }
  if (!yz_record_link_incident (self->store, alarm_ids, key, error))
    return FALSE;
  g_signal_emit (self, signals[INCIDENTS_CHANGED], 0);

  return TRUE;
}

/**
 * yz_session_merge_incidents:
 * @alarms: (element-type YzAlarm): alarms whose incidents become one
 *
 * Their incidents, whole, become one incident (kept in the local record).
 */
gboolean
yz_session_merge_incidents (YzSession  *self,
                            GPtrArray  *alarms,
                            GError    **error)
{
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  YzAlarm *oldest = NULL;
  g_autofree char *key = NULL;

  g_return_val_if_fail (YZ_IS_SESSION (self), FALSE);

  for (guint i = 0; i < alarms->len; i++)
    {
      g_autoptr(YzIncident) incident = yz_session_incident_for_alarm (self, g_ptr_array_index (alarms, i));

      for (guint k = 0; incident != NULL && k < incident->alarms->len; k++)
        {
          YzAlarm *a = g_ptr_array_index (incident->alarms, k);

          if (g_hash_table_add (seen, (gpointer)yz_alarm_get_id (a)))
            g_ptr_array_add (ids, g_strdup (yz_alarm_get_id (a)));
          if (oldest == NULL || yz_alarm_get_raised_at (a) < yz_alarm_get_raised_at (oldest))
            oldest = a;
        }
    }
  if (ids->len < 2 || oldest == NULL)
    {
      g_set_error (error, YZ_SESSION_ERROR, YZ_SESSION_ERROR_INVALID, _("Choose alarms of at least two incidents to merge"));
      return FALSE;
    }
  key = g_strconcat ("merged:", yz_alarm_get_id (oldest), NULL);

  return write_links (self, ids, key, error);
}

/* @alarm leaves its incident and stands alone. */
gboolean
yz_session_split_alarm (YzSession  *self,
                        YzAlarm    *alarm,
                        GError    **error)
{
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *key = NULL;

  g_return_val_if_fail (YZ_IS_SESSION (self), FALSE);

  g_ptr_array_add (ids, g_strdup (yz_alarm_get_id (alarm)));
  key = g_strconcat ("split:", yz_alarm_get_id (alarm), NULL);

  return write_links (self, ids, key, error);
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
    yz_stats_prune_usage (self->store, yz_stats_day_of (self->tz, g_get_real_time () / 1000 - 92 * 24 * 3600 * (gint64)1000));

  if (deleted > 0)
    g_debug ("Pruned %u journal rows older than %" G_GINT64_FORMAT " ms", deleted, self->journal_keep_ms);
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
yz_session_set_journal_retention (YzSession *self,
                                  gint64     keep_ms)
{
  g_return_if_fail (YZ_IS_SESSION (self));

  self->journal_keep_ms = MAX (keep_ms, 0);
  g_clear_handle_id (&self->prune_id, g_source_remove);
  self->prune_id = g_idle_add_full (G_PRIORITY_LOW, prune_cb, self, NULL);
}

/* For tests: shorter timers. */
void
yz_session_set_derive_timing (YzSession *self,
                              guint      check_ms,
                              guint      station_silent_ms,
                              guint      grace_ms)
{
  self->derive_check_ms = check_ms;
  self->station_silent_ms = station_silent_ms;
  self->derive_grace_ms = grace_ms;
  if (self->derive_id != 0)
    {
      g_source_remove (self->derive_id);
      self->derive_id = g_timeout_add (check_ms, derive_cb, self);
    }
}

void
yz_session_set_door_timeout (YzSession *self,
                             guint      ms)
{
  self->door_timeout_ms = ms;
}

YzConnectionState yz_session_get_connection_state (YzSession *self) { return compute_state (self); }
const char *yz_session_get_status (YzSession *self) { return self->status; }
const char *yz_session_get_operator_name (YzSession *self) { return self->operator_name; }
const char *yz_session_get_display_name (YzSession *self) { return self->display_name; }
YzRole yz_session_get_role (YzSession *self) { return self->role; }
const char *yz_session_get_gateway_name (YzSession *self) { return self->gateway_name; }
guint yz_session_get_n_unacknowledged (YzSession *self) { return self->n_unacknowledged; }
gint64 yz_session_get_last_seq (YzSession *self) { return self->last_seq; }
YzStore *yz_session_get_store (YzSession *self) { return self->store; }
YzBackend *yz_session_get_backend (YzSession *self) { return self->backend; }
GListModel *yz_session_get_stations (YzSession *self) { return G_LIST_MODEL (self->stations); }
GListModel *yz_session_get_cameras (YzSession *self) { return G_LIST_MODEL (self->cameras); }
GListModel *yz_session_get_alarms (YzSession *self) { return G_LIST_MODEL (self->alarms); }
GListModel *yz_session_get_stock (YzSession *self) { return G_LIST_MODEL (self->stock); }
GListModel *yz_session_get_devices (YzSession *self) { return G_LIST_MODEL (self->devices); }
YzEntryModel *yz_session_get_entries (YzSession *self) { return self->entries; }
YzStation *yz_session_lookup_station (YzSession *self, const char *id) { return g_hash_table_lookup (self->station_by_id, id); }
YzAlarm *yz_session_lookup_alarm (YzSession *self, const char *id) { return g_hash_table_lookup (self->alarm_by_id, id); }

typedef struct
{
  YzSession *self;
  GPtrArray *items;
} ReviewLoad;

/* Alarms the session holds are the same live items; older ones as last recorded. */
static void
review_alarm_cb (const YzAlarmData *a,
                 gboolean           derived,
                 gpointer           user_data)
{
  ReviewLoad *load = user_data;
  YzAlarm *live;
  YzStation *station;

  if ((live = g_hash_table_lookup (load->self->alarm_by_id, a->id)) != NULL)
    {
      g_ptr_array_add (load->items, g_object_ref (live));
      return;
    }
  station = g_hash_table_lookup (load->self->station_by_id, a->station_id);
  g_ptr_array_add (load->items, yz_alarm_new (a, station ? yz_station_get_name (station) : NULL, derived));
}

/**
 * yz_session_load_alarm_history:
 * @since_ms: alarms raised at or after this time
 * @limit: at most this many, the newest
 *
 * The alarms model holds what is open and what was resolved in the last day; review looks
 * further back. Alarms the session holds are the same live items; older ones are read
 * from the store as they were last recorded.
 *
 * Returns: (transfer full): a new list of #YzAlarm in the model's order
 */
GListModel *
yz_session_load_alarm_history (YzSession *self,
                               gint64     since_ms,
                               guint      limit)
{
  GListStore *history = g_list_store_new (YZ_TYPE_ALARM);
  ReviewLoad load = { self, g_ptr_array_new_with_free_func (g_object_unref) };

  g_return_val_if_fail (YZ_IS_SESSION (self), G_LIST_MODEL (history));

  if (self->store == NULL)
    {
      g_ptr_array_unref (load.items);
      return G_LIST_MODEL (history);
    }
  yz_record_alarms_raised_since (self->store, since_ms, limit, review_alarm_cb, &load);
  g_ptr_array_sort_with_data (load.items, (GCompareDataFunc)compare_alarm_items, NULL);
  g_list_store_splice (history, 0, 0, load.items->pdata, load.items->len);
  g_ptr_array_unref (load.items);

  return G_LIST_MODEL (history);
}
YzDoor *yz_session_lookup_door (YzSession *self, const char *id) { return g_hash_table_lookup (self->door_by_id, id); }
YzStock *yz_session_lookup_stock (YzSession *self, const char *id) { return g_hash_table_lookup (self->stock_by_id, id); }
YzDevice *yz_session_lookup_device (YzSession *self, const char *id) { return g_hash_table_lookup (self->device_by_id, id); }

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

  yz_entry_model_reload (self->entries);
}

static void
history_filled_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
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
yz_session_fill_history_async (YzSession           *self,
                               guint                days,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

  g_return_if_fail (YZ_IS_SESSION (self));

  g_task_set_source_tag (task, yz_session_fill_history_async);
  if (self->store == NULL)
    return g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED, "No store to fill");
  yz_history_fill_async (self->store, days, cancellable, history_filled_cb, g_steal_pointer (&task));
}

gboolean
yz_session_fill_history_finish (YzSession     *self,
                                GAsyncResult  *result,
                                GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
