/* test-incident.c — alarms at one station close together are one incident.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "yz-incident.h"
#include "yz-items-private.h"

#define MIN_MS ((gint64)60 * 1000)

static void
add (GListStore *store, const char *id, const char *station, const char *type, const char *priority,
     gint64 minutes)
{
  YzAlarmData data = { 0 };
  g_autoptr(YzAlarm) alarm = NULL;

  data.id = (char *)id;
  data.station_id = (char *)station;
  data.type = type;
  data.priority = priority;
  data.state = "new";
  data.raised_at = 1700000000000 + minutes * MIN_MS;
  data.updated_at = data.raised_at;
  alarm = yz_alarm_new (&data, station, FALSE);
  g_list_store_append (store, alarm);
}

static void
test_incident_grouping (void)
{
  g_autoptr(GListStore) alarms = g_list_store_new (YZ_TYPE_ALARM);
  g_autoptr(GPtrArray) incidents = NULL;
  YzIncident *newest, *fall;

  /* hz-1: a fall, an SOS 10 min later, the door held open 25 min after that: one incident;
   * a smoking alarm 2 h later: another. hz-2: one alarm between them in time. */
  add (alarms, "a-3", "hz-1", "door-held-open", "medium", 35);
  add (alarms, "a-1", "hz-1", "fall", "critical", 0);
  add (alarms, "a-2", "hz-1", "sos", "critical", 10);
  add (alarms, "a-4", "hz-1", "smoking", "medium", 155);
  add (alarms, "a-5", "hz-2", "smoking", "medium", 20);

  incidents = yz_incidents_group (G_LIST_MODEL (alarms), YZ_INCIDENT_WINDOW_MS, NULL);
  g_assert_cmpuint (incidents->len, ==, 3);

  /* Newest first: hz-1's smoking; then hz-1's fall (last alarm at 35), then hz-2 (20). */
  newest = g_ptr_array_index (incidents, 0);
  g_assert_cmpstr (newest->station_id, ==, "hz-1");
  g_assert_cmpuint (newest->alarms->len, ==, 1);
  fall = g_ptr_array_index (incidents, 1);
  g_assert_cmpuint (fall->alarms->len, ==, 3);
  g_assert_cmpstr (yz_alarm_get_id (g_ptr_array_index (fall->alarms, 0)), ==, "a-1");
  g_assert_cmpstr (yz_alarm_get_id (g_ptr_array_index (fall->alarms, 2)), ==, "a-3");
  g_assert_cmpint (fall->worst, ==, YZ_PRIORITY_CRITICAL);
  g_assert_cmpint (fall->last - fall->first, ==, 35 * MIN_MS);
  g_assert_cmpstr (((YzIncident *)g_ptr_array_index (incidents, 2))->station_id, ==, "hz-2");

  /* A shorter window splits the fall from the door. */
  g_clear_pointer (&incidents, g_ptr_array_unref);
  incidents = yz_incidents_group (G_LIST_MODEL (alarms), 20 * MIN_MS, NULL);
  g_assert_cmpuint (incidents->len, ==, 4);

  /* The incident of one alarm. */
  {
    g_autoptr(YzAlarm) sos = g_list_model_get_item (G_LIST_MODEL (alarms), 2);
    g_autoptr(YzIncident) incident =
        yz_incident_for_alarm (G_LIST_MODEL (alarms), sos, YZ_INCIDENT_WINDOW_MS, NULL);

    g_assert_nonnull (incident);
    g_assert_cmpuint (incident->alarms->len, ==, 3);
  }

  /* An operator's links: the door alarm split off, hz-2's alarm merged with hz-1's smoking. */
  {
    g_autoptr(GHashTable) links = g_hash_table_new (g_str_hash, g_str_equal);
    g_autoptr(GPtrArray) linked = NULL;
    guint merged = 0;

    g_hash_table_insert (links, (gpointer) "a-3", (gpointer) "split:a-3");
    g_hash_table_insert (links, (gpointer) "a-4", (gpointer) "merged:a-5");
    g_hash_table_insert (links, (gpointer) "a-5", (gpointer) "merged:a-5");
    linked = yz_incidents_group (G_LIST_MODEL (alarms), YZ_INCIDENT_WINDOW_MS, links);
    g_assert_cmpuint (linked->len, ==, 3); /* fall+sos; the door alone; the two smokings */
    for (guint i = 0; i < linked->len; i++)
      {
        YzIncident *incident = g_ptr_array_index (linked, i);

        if (g_strcmp0 (incident->key, "merged:a-5") == 0)
          {
            merged++;
            g_assert_cmpuint (incident->alarms->len, ==, 2);
            /* in time order across stations: hz-2's (20) before hz-1's (155) */
            g_assert_cmpstr (yz_alarm_get_id (g_ptr_array_index (incident->alarms, 0)), ==, "a-5");
          }
        else if (g_strcmp0 (incident->key, "split:a-3") == 0)
          g_assert_cmpuint (incident->alarms->len, ==, 1);
        else
          g_assert_cmpuint (incident->alarms->len, ==, 2);
      }
    g_assert_cmpuint (merged, ==, 1);
  }
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/yizhan/incident/grouping", test_incident_grouping);

  return g_test_run ();
}
