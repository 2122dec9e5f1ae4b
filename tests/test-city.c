/* test-city.c — the city's models driven with plain values: no store, no network.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "yz-city-private.h"
#include "yz-items-private.h"

#define T0 ((gint64)1700000000000)

typedef struct
{
  GPtrArray *stations;
  GPtrArray *cameras;
  GPtrArray *doors;
  GPtrArray *stock;
  GPtrArray *devices;
} City;

static void
city_init (City *city)
{
  city->stations = g_ptr_array_new_with_free_func ((GDestroyNotify)yz_station_data_free);
  city->cameras = g_ptr_array_new_with_free_func ((GDestroyNotify)yz_camera_data_free);
  city->doors = g_ptr_array_new_with_free_func ((GDestroyNotify)yz_door_data_free);
  city->stock = g_ptr_array_new_with_free_func ((GDestroyNotify)yz_stock_data_free);
  city->devices = g_ptr_array_new_with_free_func ((GDestroyNotify)yz_device_data_free);
}

static void
city_clear (City *city)
{
  g_ptr_array_unref (city->stations);
  g_ptr_array_unref (city->cameras);
  g_ptr_array_unref (city->doors);
  g_ptr_array_unref (city->stock);
  g_ptr_array_unref (city->devices);
}

/* A station with one camera, one door, one stock item and one device, ids after @id. */
static void
add_station (City *city, const char *id, const char *district)
{
  YzStationData *s = g_new0 (YzStationData, 1);
  YzCameraData *c = g_new0 (YzCameraData, 1);
  YzDoorData *d = g_new0 (YzDoorData, 1);
  YzStockData *k = g_new0 (YzStockData, 1);
  YzDeviceData *v = g_new0 (YzDeviceData, 1);

  s->id = g_strdup (id);
  s->name = g_strconcat ("Station ", id, NULL);
  s->district = g_strdup (district);
  s->datum = "wgs84";
  s->kind = "standard";
  s->capacity = 20;
  s->facilities = g_new0 (char *, 1);
  s->online = TRUE;
  g_ptr_array_add (city->stations, s);

  c->id = g_strconcat (id, "-cam", NULL);
  c->station_id = g_strdup (id);
  c->name = g_strdup ("Entrance");
  c->online = TRUE;
  g_ptr_array_add (city->cameras, c);

  d->id = g_strconcat (id, "-door", NULL);
  d->station_id = g_strdup (id);
  d->name = g_strdup ("Main door");
  d->state = "locked";
  d->mode = "normal";
  g_ptr_array_add (city->doors, d);

  k->id = g_strconcat (id, "-water", NULL);
  k->station_id = g_strdup (id);
  k->item = "water";
  k->name = g_strdup ("Water");
  k->unit = g_strdup ("bottles");
  k->level = 40;
  k->capacity = 100;
  k->low_threshold = 10;
  g_ptr_array_add (city->stock, k);

  v->id = g_strconcat (id, "-ac", NULL);
  v->station_id = g_strdup (id);
  v->kind = "ac";
  v->name = g_strdup ("Air conditioner");
  v->state = "off";
  v->switchable = TRUE;
  g_ptr_array_add (city->devices, v);
}

static void
apply (YzCity *yz_city, City *city)
{
  yz_city_apply_state (yz_city, city->stations, city->cameras, city->doors, city->stock,
                       city->devices);
}

static void
count_notify (GObject *object, GParamSpec *pspec, guint *count)
{
  (*count)++;
}

static YzAlarmData
alarm_data (const char *id, const char *station_id, const char *priority, const char *state,
            gint64 updated_at)
{
  return (YzAlarmData){
    .id = (char *)id,
    .station_id = (char *)station_id,
    .type = "sos",
    .priority = priority,
    .raised_at = T0,
    .state = state,
    .updated_at = updated_at,
  };
}

static void
test_city_state (void)
{
  g_autoptr(YzCity) yz_city = yz_city_new (NULL);
  City city, smaller;
  YzStation *a;
  guint n_stations_notified = 0;

  g_signal_connect (yz_city, "notify::n-stations", G_CALLBACK (count_notify), &n_stations_notified);
  city_init (&city);
  add_station (&city, "s1", "Futian");
  add_station (&city, "s2", "Nanshan");
  apply (yz_city, &city);

  g_assert_cmpuint (g_list_model_get_n_items (yz_city_get_stations (yz_city)), ==, 2);
  g_assert_cmpuint (g_list_model_get_n_items (yz_city_get_cameras (yz_city)), ==, 2);
  g_assert_cmpuint (g_list_model_get_n_items (yz_city_get_stock (yz_city)), ==, 2);
  g_assert_cmpuint (g_list_model_get_n_items (yz_city_get_devices (yz_city)), ==, 2);
  g_assert_cmpuint (n_stations_notified, ==, 1);
  a = yz_city_lookup_station (yz_city, "s1");
  g_assert_nonnull (a);
  g_assert_cmpstr (yz_city_district_of (yz_city, "s2"), ==, "Nanshan");
  g_assert_null (yz_city_district_of (yz_city, "nowhere"));
  g_assert_nonnull (yz_city_lookup_door (yz_city, "s1-door"));
  g_assert_nonnull (yz_city_lookup_camera (yz_city, "s2-cam"));
  g_assert_nonnull (yz_city_lookup_stock (yz_city, "s1-water"));
  g_assert_nonnull (yz_city_lookup_device (yz_city, "s2-ac"));
  g_assert_cmpuint (g_list_model_get_n_items (yz_station_get_doors (a)), ==, 1);

  /* The same city again: the same station objects, the list untouched. */
  apply (yz_city, &city);
  g_assert_true (yz_city_lookup_station (yz_city, "s1") == a);
  g_assert_cmpuint (n_stations_notified, ==, 1);

  /* A station gone from the gateway goes, with its children. */
  city_init (&smaller);
  add_station (&smaller, "s1", "Futian");
  apply (yz_city, &smaller);
  g_assert_cmpuint (g_list_model_get_n_items (yz_city_get_stations (yz_city)), ==, 1);
  g_assert_cmpuint (n_stations_notified, ==, 2);
  g_assert_true (yz_city_lookup_station (yz_city, "s1") == a);
  g_assert_null (yz_city_lookup_station (yz_city, "s2"));
  g_assert_null (yz_city_lookup_door (yz_city, "s2-door"));
  g_assert_cmpuint (g_list_model_get_n_items (yz_city_get_cameras (yz_city)), ==, 1);

  city_clear (&city);
  city_clear (&smaller);
}

static void
test_city_alarms (void)
{
  g_autoptr(YzCity) yz_city = yz_city_new (NULL);
  City city;
  YzAlarmData low = alarm_data ("a1", "s1", "low", "new", T0);
  YzAlarmData high = alarm_data ("a2", "s1", "high", "new", T0 + 1000);
  YzAlarmData acked = alarm_data ("a1", "s1", "low", "acknowledged", T0 + 2000);
  YzAlarmData stale = alarm_data ("a1", "s1", "low", "new", T0 + 500);
  YzAlarmData resolved = alarm_data ("a2", "s1", "high", "resolved", T0 + 3000);
  YzStation *station;
  YzAlarm *alarm;
  gboolean is_new;
  guint n_notified = 0;

  g_signal_connect (yz_city, "notify::n-unacknowledged", G_CALLBACK (count_notify), &n_notified);
  city_init (&city);
  add_station (&city, "s1", "Futian");
  apply (yz_city, &city);
  station = yz_city_lookup_station (yz_city, "s1");

  alarm = yz_city_add_alarm (yz_city, &low, FALSE, &is_new);
  g_assert_true (is_new);
  g_assert_cmpstr (yz_alarm_get_station_name (alarm), ==, "Station s1");
  yz_city_add_alarm (yz_city, &high, FALSE, &is_new);
  yz_city_update_alarm_counts (yz_city);
  g_assert_cmpuint (yz_city_get_n_unacknowledged (yz_city), ==, 2);
  g_assert_cmpuint (n_notified, ==, 1);
  g_assert_cmpuint (yz_station_get_n_open_alarms (station), ==, 2);
  g_assert_cmpint (yz_station_get_worst_priority (station), ==, YZ_PRIORITY_HIGH);

  /* A newer copy updates the same item; an older one is ignored. */
  g_assert_true (yz_city_add_alarm (yz_city, &acked, FALSE, &is_new) == alarm);
  g_assert_false (is_new);
  yz_city_add_alarm (yz_city, &stale, FALSE, &is_new);
  g_assert_cmpint (yz_alarm_get_state (alarm), ==, YZ_ALARM_STATE_ACKNOWLEDGED);
  yz_city_update_alarm_counts (yz_city);
  g_assert_cmpuint (yz_city_get_n_unacknowledged (yz_city), ==, 1);

  /* A resolved alarm stays in the model but no longer counts. */
  yz_city_add_alarm (yz_city, &resolved, FALSE, &is_new);
  yz_city_update_alarm_counts (yz_city);
  g_assert_cmpuint (g_list_model_get_n_items (yz_city_get_alarms (yz_city)), ==, 2);
  g_assert_cmpuint (yz_city_get_n_unacknowledged (yz_city), ==, 0);
  g_assert_cmpuint (yz_station_get_n_open_alarms (station), ==, 1);
  g_assert_cmpint (yz_station_get_worst_priority (station), ==, YZ_PRIORITY_LOW);

  city_clear (&city);
}

static void
test_city_events (void)
{
  g_autoptr(YzCity) yz_city = yz_city_new (NULL);
  City city;
  YzAlarmData raised = alarm_data ("a9", "s1", "medium", "new", T0);
  YzEvent status = {
    .type = YZ_EVENT_STATION_STATUS,
    .seq = 5,
    .time = T0,
    .station_id = (char *)"s1",
    .online = FALSE,
    .occupancy = 7,
  };
  YzEvent door = {
    .type = YZ_EVENT_DOOR_STATE,
    .seq = 6,
    .time = T0,
    .station_id = (char *)"s1",
    .target_id = (char *)"s1-door",
    .state = "open",
    .mode = "keep-open",
  };
  YzEvent level = {
    .type = YZ_EVENT_STOCK_LEVEL,
    .seq = 7,
    .time = T0,
    .station_id = (char *)"s1",
    .target_id = (char *)"s1-water",
    .level = 5,
  };
  YzEvent alarm_event = {
    .type = YZ_EVENT_ALARM_RAISED,
    .seq = 8,
    .time = T0,
    .station_id = (char *)"s1",
    .alarm = &raised,
  };
  YzStation *station;
  YzAlarm *alarm;
  gboolean is_new;

  city_init (&city);
  add_station (&city, "s1", "Futian");
  apply (yz_city, &city);
  station = yz_city_lookup_station (yz_city, "s1");

  /* What the loaded state already reflects changes nothing but the last-seen time. */
  g_assert_null (yz_city_apply_event (yz_city, &status, TRUE, &is_new));
  g_assert_true (yz_station_get_online (station));
  g_assert_cmpint (yz_station_get_last_seen (station), ==, T0);

  g_assert_null (yz_city_apply_event (yz_city, &status, FALSE, &is_new));
  g_assert_false (yz_station_get_online (station));
  g_assert_cmpint (yz_station_get_occupancy (station), ==, 7);

  yz_city_apply_event (yz_city, &door, FALSE, &is_new);
  g_assert_cmpstr (yz_door_get_state (yz_city_lookup_door (yz_city, "s1-door")), ==, "open");
  g_assert_cmpstr (yz_door_get_mode (yz_city_lookup_door (yz_city, "s1-door")), ==, "keep-open");

  yz_city_apply_event (yz_city, &level, FALSE, &is_new);
  g_assert_cmpint (yz_stock_get_level (yz_city_lookup_stock (yz_city, "s1-water")), ==, 5);
  g_assert_true (yz_stock_get_low (yz_city_lookup_stock (yz_city, "s1-water")));

  alarm = yz_city_apply_event (yz_city, &alarm_event, FALSE, &is_new);
  g_assert_nonnull (alarm);
  g_assert_true (is_new);
  g_assert_true (yz_city_lookup_alarm (yz_city, "a9") == alarm);

  city_clear (&city);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/yizhan/city/state", test_city_state);
  g_test_add_func ("/yizhan/city/alarms", test_city_alarms);
  g_test_add_func ("/yizhan/city/events", test_city_events);

  return g_test_run ();
}
