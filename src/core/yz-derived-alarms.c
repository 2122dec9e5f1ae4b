/* yz-derived-alarms.c
 *
 * The alarms the console raises itself, part of YzSession (yz-session-private.h): a
 * station silent or offline, a camera offline, a stock item low. A condition must hold
 * for a grace time (the gateway may be about to say it), the gateway's own alarm for the
 * same thing wins, and the alarm resolves itself when the condition clears. They live in
 * this console only (derived = 1 in the record); acting on one changes the local record.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "yz-session"

#include "config.h"

#include <glib/gi18n.h>

#include "yz-items-private.h"
#include "yz-session-private.h"
#include "yz-vocabulary.h"
#include "yz-store-private.h"

/* ---- alarms the console derives itself ---- */

typedef struct
{
  char *id;
  const char *type; /* its priority is the type's default */
  const char *station_id;
  const char *camera_id;
} Condition;

/* The gateway's open alarms, as "type/station" and "type/station/camera" keys: built once
 * per check, so each condition is one lookup. */
static GHashTable *
open_gateway_alarms (YzSession *self)
{
  GHashTable *keys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; i < g_list_model_get_n_items (yz_city_get_alarms (self->city)); i++)
    {
      g_autoptr(YzAlarm) alarm = g_list_model_get_item (yz_city_get_alarms (self->city), i);

      if (yz_alarm_get_derived (alarm) || yz_alarm_get_state (alarm) == YZ_ALARM_STATE_RESOLVED)
        continue;
      g_hash_table_add (keys, g_strjoin ("/", yz_alarm_get_alarm_type (alarm),
                                         yz_alarm_get_station_id (alarm), NULL));
      if (yz_alarm_get_camera_id (alarm) != NULL)
        g_hash_table_add (keys, g_strjoin ("/", yz_alarm_get_alarm_type (alarm),
                                           yz_alarm_get_station_id (alarm),
                                           yz_alarm_get_camera_id (alarm), NULL));
    }

  return keys;
}

static void
set_derived_alarm (YzSession *self, GHashTable *gateway_open, const Condition *c, gboolean holds,
                   gint64 now)
{
  g_autofree char *key = g_strjoin ("/", c->type, c->station_id, c->camera_id, NULL);
  YzAlarm *alarm = yz_city_lookup_alarm (self->city, c->id);
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
            .id = c->id,
            .station_id = (char *)c->station_id,
            .camera_id = (char *)c->camera_id,
            .type = c->type,
            .priority = (char *)yz_priority_to_nick (yz_alarm_type_default_priority (c->type)),
            .raised_at = yz_alarm_get_raised_at (alarm),
            .state = "resolved",
            .owner = (char *)yz_alarm_get_owner (alarm),
            .updated_at = now,
            .category = "other",
            .note = (char *)_("The condition cleared"),
          };

          yz_ingest_store_alarm (self, &data, TRUE);
          yz_ingest_store_alarm_step (self, c->id, now, "resolved", "console", data.note);
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
      .id = c->id,
      .station_id = (char *)c->station_id,
      .camera_id = (char *)c->camera_id,
      .type = c->type,
      .priority = (char *)yz_priority_to_nick (yz_alarm_type_default_priority (c->type)),
      .raised_at = now,
      .state = "new",
      .updated_at = now,
    };
    gboolean is_new;

    yz_ingest_store_alarm (self, &data, TRUE);
    yz_ingest_store_alarm_step (self, c->id, now, "raised", "console", NULL);
    if (alarm != NULL)
      {
        /* Raised again: the same alarm is back in the queue as new, and is told as loudly
         * as the first time (sound, notification). */
        yz_alarm_update (alarm, &data);
      }
    else
      {
        alarm = yz_city_add_alarm (self->city, &data, TRUE, &is_new);
      }
    g_signal_emit (self, yz_session_signals[YZ_SESSION_ALARM_RAISED], 0, alarm);
  }
}

static gboolean
derive_cb (gpointer user_data)
{
  YzSession *self = user_data;
  gint64 now = yz_session_now_ms ();
  gboolean connected = yz_session_get_connection_state (self) == YZ_CONNECTION_CONNECTED;
  GListModel *stations = yz_city_get_stations (self->city);
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
      Condition silent = { silent_id, YZ_ALARM_TYPE_STATION_OFFLINE, sid, NULL };
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
          Condition c = { id, YZ_ALARM_TYPE_CAMERA_OFFLINE, sid, yz_camera_get_id (camera) };

          set_derived_alarm (self, gateway_open, &c, !yz_camera_get_online (camera), now);
        }
      for (guint k = 0; k < g_list_model_get_n_items (stock); k++)
        {
          g_autoptr(YzStock) item = g_list_model_get_item (stock, k);
          g_autofree char *id = g_strconcat ("local-stock-", yz_stock_get_id (item), NULL);
          Condition c = { id, YZ_ALARM_TYPE_STOCK_LOW, sid, NULL };

          set_derived_alarm (self, gateway_open, &c, yz_stock_get_low (item), now);
        }
    }

  if (self->store != NULL)
    yz_store_commit (self->store, NULL);
  yz_city_update_alarm_counts (self->city);

  return G_SOURCE_CONTINUE;
}

void
yz_derived_alarms_init (YzSession *self)
{
  self->derive_since = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->derive_check_ms = 30000;
  self->station_silent_ms = 10 * 60 * 1000;
  self->derive_grace_ms = 60000;
}

void
yz_derived_alarms_clear (YzSession *self)
{
  g_clear_handle_id (&self->derive_id, g_source_remove);
  g_clear_pointer (&self->derive_since, g_hash_table_unref);
}

void
yz_derived_alarms_start (YzSession *self)
{
  self->derive_id = g_timeout_add (self->derive_check_ms, derive_cb, self);
}

void
yz_derived_alarms_stop (YzSession *self)
{
  g_clear_handle_id (&self->derive_id, g_source_remove);
}

/* For tests: shorter timers. */
void
yz_session_set_derive_timing (YzSession *self, guint check_ms, guint station_silent_ms,
                              guint grace_ms)
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
