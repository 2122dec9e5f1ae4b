/* yz-incident.c
 *
 * Incidents: alarms at the same station where each comes within the window (30 minutes by
 * default) of the one before are one incident — a fall, then an SOS, then the door held open
 * for the ambulance. Computed from the alarms; only what an operator changed is stored:
 * `links` (alarm id -> incident key) puts alarms together (merge) or apart (split) whatever
 * their times say.
 *
 * The second half is YzSession's (yz-session-private.h): the links in the record, merging
 * and splitting, and the incident window setting.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "yz-incident"

#include "config.h"

#include <glib/gi18n.h>

#include "yz-incident.h"
#include "yz-record.h"
#include "yz-session-private.h"

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
by_station_then_time (gconstpointer a, gconstpointer b)
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
by_time (gconstpointer a, gconstpointer b)
{
  gint64 x = yz_alarm_get_raised_at (*(YzAlarm **)a), y = yz_alarm_get_raised_at (*(YzAlarm **)b);

  return (x > y) - (x < y);
}

static int
newest_first (gconstpointer a, gconstpointer b)
{
  const YzIncident *x = *(YzIncident **)a, *y = *(YzIncident **)b;

  return x->last == y->last ? g_strcmp0 (x->station_id, y->station_id)
                            : (x->last > y->last ? -1 : 1);
}

/**
 * yz_incidents_group:
 * @alarms: (element-type YzAlarm)
 * @window_ms: the longest gap between two alarms of one incident
 *
 * Returns: (transfer full) (element-type YzIncident): the incidents, the newest first
 */
GPtrArray *
yz_incidents_group (GListModel *alarms, gint64 window_ms, GHashTable *links)
{
  g_autoptr(GPtrArray) sorted = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GHashTable) linked =
      g_hash_table_new (g_str_hash, g_str_equal); /* key -> YzIncident */
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
          if (current == NULL ||
              g_strcmp0 (current->station_id, yz_alarm_get_station_id (alarm)) != 0 ||
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
yz_incident_for_alarm (GListModel *alarms, YzAlarm *alarm, gint64 window_ms, GHashTable *links)
{
  g_autoptr(GPtrArray) incidents = yz_incidents_group (alarms, window_ms, links);

  for (guint i = 0; i < incidents->len; i++)
    {
      YzIncident *incident = g_ptr_array_index (incidents, i);

      for (guint k = 0; k < incident->alarms->len; k++)
        if (g_ptr_array_index (incident->alarms, k) == alarm ||
            g_strcmp0 (yz_alarm_get_id (g_ptr_array_index (incident->alarms, k)),
                       yz_alarm_get_id (alarm)) == 0)
          return g_ptr_array_steal_index (incidents, i);
    }

  return NULL;
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
yz_session_incident_for_alarm (YzSession *self, YzAlarm *alarm)
{
  g_autoptr(GHashTable) links = yz_session_get_incident_links (self);

  return yz_incident_for_alarm (yz_city_get_alarms (self->city), alarm, self->incident_window_ms,
                                links);
}

/* The longest gap between two alarms of one incident (the `incident-window-minutes` setting). */
void
yz_session_set_incident_window (YzSession *self, gint64 window_ms)
{
  g_return_if_fail (YZ_IS_SESSION (self));

  if (self->incident_window_ms == window_ms)
    return;
  self->incident_window_ms = MAX (window_ms, 60 * 1000);
  g_signal_emit (self, yz_session_signals[YZ_SESSION_INCIDENTS_CHANGED], 0);
}

gint64
yz_session_get_incident_window (YzSession *self)
{
  return self->incident_window_ms;
}

static gboolean
write_links (YzSession *self, GPtrArray *alarm_ids, const char *key, GError **error)
{
  if (self->store == NULL)
    {
      g_set_error (error, YZ_SESSION_ERROR, YZ_SESSION_ERROR_NO_AUDIT,
                   _("There is no local record to change"));
      return FALSE;
    }
  if (!yz_record_link_incident (self->store, alarm_ids, key, error))
    return FALSE;
  g_signal_emit (self, yz_session_signals[YZ_SESSION_INCIDENTS_CHANGED], 0);

  return TRUE;
}

/**
 * yz_session_merge_incidents:
 * @alarms: (element-type YzAlarm): alarms whose incidents become one
 *
 * Their incidents, whole, become one incident (kept in the local record).
 */
gboolean
yz_session_merge_incidents (YzSession *self, GPtrArray *alarms, GError **error)
{
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  YzAlarm *oldest = NULL;
  g_autofree char *key = NULL;

  g_return_val_if_fail (YZ_IS_SESSION (self), FALSE);

  for (guint i = 0; i < alarms->len; i++)
    {
      g_autoptr(YzIncident) incident =
          yz_session_incident_for_alarm (self, g_ptr_array_index (alarms, i));

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
      g_set_error (error, YZ_SESSION_ERROR, YZ_SESSION_ERROR_INVALID,
                   _("Choose alarms of at least two incidents to merge"));
      return FALSE;
    }
  key = g_strconcat ("merged:", yz_alarm_get_id (oldest), NULL);

  return write_links (self, ids, key, error);
}

/* @alarm leaves its incident and stands alone. */
gboolean
yz_session_split_alarm (YzSession *self, YzAlarm *alarm, GError **error)
{
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *key = NULL;

  g_return_val_if_fail (YZ_IS_SESSION (self), FALSE);

  g_ptr_array_add (ids, g_strdup (yz_alarm_get_id (alarm)));
  key = g_strconcat ("split:", yz_alarm_get_id (alarm), NULL);

  return write_links (self, ids, key, error);
}
