/* yz-alarm-review.c
 *
 * Looking back at alarms, part of YzSession (yz-session-private.h): an alarm's history
 * of steps, and the alarms raised since a time (the alarms model holds what is open and
 * what was resolved in the last day; review looks further back).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "yz-session"

#include "config.h"

#include "yz-alarm-review.h"
#include "yz-items-private.h"
#include "yz-record.h"
#include "yz-session-private.h"

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
yz_session_get_alarm_history (YzSession *self, const char *alarm_id)
{
  g_return_val_if_fail (YZ_IS_SESSION (self), NULL);

  if (self->store == NULL || alarm_id == NULL)
    return g_ptr_array_new_with_free_func ((GDestroyNotify)yz_alarm_step_free);
  return yz_record_alarm_steps (self->store, alarm_id);
}

static int
compare_alarm_items (gconstpointer a, gconstpointer b, gpointer user_data)
{
  return yz_alarm_compare (*(gpointer const *)a, *(gpointer const *)b, user_data);
}

typedef struct
{
  YzSession *self;
  GPtrArray *items;
} ReviewLoad;

/* Alarms the session holds are the same live items; older ones as last recorded. */
static void
review_alarm_cb (const YzAlarmData *a, gboolean derived, gpointer user_data)
{
  ReviewLoad *load = user_data;
  YzAlarm *live;
  YzStation *station;

  if ((live = yz_city_lookup_alarm (load->self->city, a->id)) != NULL)
    {
      g_ptr_array_add (load->items, g_object_ref (live));
      return;
    }
  station = yz_city_lookup_station (load->self->city, a->station_id);
  g_ptr_array_add (load->items,
                   yz_alarm_new (a, station ? yz_station_get_name (station) : NULL, derived));
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
yz_session_load_alarm_history (YzSession *self, gint64 since_ms, guint limit)
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
