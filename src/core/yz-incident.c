/* yz-incident.c
 *
 * Incidents: alarms at the same station where each comes within the window (30 minutes by
 * default) of the one before are one incident — a fall, then an SOS, then the door held open
 * for the ambulance. Computed from the alarms; only what an operator changed is stored:
 * `links` (alarm id -> incident key) puts alarms together (merge) or apart (split) whatever
 * their times say.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "yz-incident"

#include "config.h"

#include "yz-incident.h"

void
yz_incident_free (YzIncident *incident)
{
  if (incident == NULL)
    return;
  g_free (incident->key);
  g_free (incident->station_id);
  g_ptr_array_unref (incident->alarms);
  g_free (incident);
}

static int
by_station_then_time (gconstpointer a,
                      gconstpointer b)
{
  YzAlarm *x = *(YzAlarm **)a, *y = *(YzAlarm **)b;
  int c = g_strcmp0 (yz_alarm_get_station_id (x), yz_alarm_get_station_id (y));
  gint64 tx, ty;

  if (c != 0)
    return c;
  tx = yz_alarm_get_raised_at (x);
  ty = yz_alarm_get_raised_at (y);
  if (tx != ty)
    return tx < ty ? -1 : 1;
  return g_strcmp0 (yz_alarm_get_id (x), yz_alarm_get_id (y));
}

static int
by_time (gconstpointer a,
         gconstpointer b)
{
  gint64 x = yz_alarm_get_raised_at (*(YzAlarm **)a), y = yz_alarm_get_raised_at (*(YzAlarm **)b);

  return (x > y) - (x < y);
}

static int
newest_first (gconstpointer a,
              gconstpointer b)
{
  const YzIncident *x = *(YzIncident **)a, *y = *(YzIncident **)b;

  return x->last == y->last ? g_strcmp0 (x->station_id, y->station_id) : (x->last > y->last ? -1 : 1);
}

/**
 * yz_incidents_group:
 * @alarms: (element-type YzAlarm)
 * @window_ms: the longest gap between two alarms of one incident
 *
 * Returns: (transfer full) (element-type YzIncident): the incidents, the newest first
 */
GPtrArray *
yz_incidents_group (GListModel *alarms,
                    gint64      window_ms,
                    GHashTable *links)
{
  g_autoptr(GPtrArray) sorted = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GHashTable) linked = g_hash_table_new (g_str_hash, g_str_equal);   /* key -> YzIncident */
  GPtrArray *incidents = g_ptr_array_new_with_free_func ((GDestroyNotify)yz_incident_free);
  YzIncident *current = NULL;

  for (guint i = 0; i < g_list_model_get_n_items (alarms); i++)
    g_ptr_array_add (sorted, g_list_model_get_item (alarms, i));
  g_ptr_array_sort (sorted, by_station_then_time);

  for (guint i = 0; i < sorted->len; i++)
    {
      YzAlarm *alarm = g_ptr_array_index (sorted, i);
      const char *key = links ? g_hash_table_lookup (links, yz_alarm_get_id (alarm)) : NULL;
      YzIncident *incident;

      if (key != NULL)
        {
          /* What an operator put together stays together. */
          if ((incident = g_hash_table_lookup (linked, key)) == NULL)
            {
              incident = g_new0 (YzIncident, 1);
              incident->key = g_strdup (key);
              incident->station_id = g_strdup (yz_alarm_get_station_id (alarm));
              incident->first = yz_alarm_get_raised_at (alarm);
              incident->alarms = g_ptr_array_new_with_free_func (g_object_unref);
              g_ptr_array_add (incidents, incident);
              g_hash_table_insert (linked, incident->key, incident);
            }
        }
      else
        {
          if (current == NULL || g_strcmp0 (current->station_id, yz_alarm_get_station_id (alarm)) != 0 ||
              yz_alarm_get_raised_at (alarm) - current->last > window_ms)
            {
              current = g_new0 (YzIncident, 1);
              current->station_id = g_strdup (yz_alarm_get_station_id (alarm));
              current->first = yz_alarm_get_raised_at (alarm);
              current->alarms = g_ptr_array_new_with_free_func (g_object_unref);
              g_ptr_array_add (incidents, current);
            }
          incident = current;
        }
      g_ptr_array_add (incident->alarms, g_object_ref (alarm));
      incident->first = MIN (incident->first, yz_alarm_get_raised_at (alarm));
      incident->last = MAX (incident->last, yz_alarm_get_raised_at (alarm));
      incident->worst = MAX (incident->worst, yz_alarm_get_priority (alarm));
    }
  /* Linked incidents may span stations: their alarms in time order. */
  for (guint i = 0; i < incidents->len; i++)
    {
      YzIncident *incident = g_ptr_array_index (incidents, i);

      if (incident->key != NULL)
        g_ptr_array_sort (incident->alarms, by_time);
    }
  g_ptr_array_sort (incidents, newest_first);

  return incidents;
}

/**
 * yz_incident_for_alarm:
 *
 * Returns: (transfer full) (nullable): the incident @alarm belongs to
 */
YzIncident *
yz_incident_for_alarm (GListModel *alarms,
                       YzAlarm    *alarm,
                       gint64      window_ms,
                       GHashTable *links)
{
  g_autoptr(GPtrArray) incidents = yz_incidents_group (alarms, window_ms, links);

  for (guint i = 0; i < incidents->len; i++)
    {
      YzIncident *incident = g_ptr_array_index (incidents, i);

      for (guint k = 0; k < incident->alarms->len; k++)
        if (g_ptr_array_index (incident->alarms, k) == alarm ||
            g_strcmp0 (yz_alarm_get_id (g_ptr_array_index (incident->alarms, k)), yz_alarm_get_id (alarm)) == 0)
          return g_ptr_array_steal_index (incidents, i);
    }

  return NULL;
}
