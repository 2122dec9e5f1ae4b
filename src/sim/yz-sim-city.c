/* yz-sim-city.c
 *
 * A simulated city of stations: where they are, what they hold, and the life that goes on in
 * them — visits that follow the day, stock that runs down, alarms at realistic rates, doors
 * and devices that obey commands. Every change is emitted as an "event" (a JsonObject in the
 * shape of docs/protocol.md, without its seq: the server numbers events).
 *
 * Entities are kept as the JsonObjects the protocol sends, so what the simulator holds and
 * what it says can never drift apart. The commands the city obeys (doors, alarms, stock,
 * devices) are in yz-sim-city-commands.c, over yz-sim-city-private.h.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "yz-sim-city"

#include "config.h"

#include <math.h>
#include <string.h>

#include "yz-sim-city-private.h"
#include "yz-vocabulary.h"

#define MAX_ENTRIES 200000
#define MAX_ALARMS 100000

G_DEFINE_FINAL_TYPE (YzSimCity, yz_sim_city, G_TYPE_OBJECT)

/* The quark's name is spelled as GLib registers it. */
/* clang-format off */
G_DEFINE_QUARK (yz-sim-error-quark, yz_sim_error)
/* clang-format on */

enum
{
  EVENT,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

typedef struct
{
  const char *name;
  double lat;
  double lon;
  const char *datum;
  guint weight;
} District;

/* Heze's districts and counties, with their centres. Chinese sources give GCJ-02, GPS
 * surveys WGS-84: the simulator mixes both, as real data comes. */
static const District districts[] = {
  { "牡丹区", 35.2525, 115.4415, "gcj02", 30 }, { "定陶区", 35.0713, 115.5731, "wgs84", 9 },
  { "曹县", 34.8252, 115.5422, "gcj02", 10 },   { "单县", 34.7909, 116.0876, "wgs84", 9 },
  { "成武县", 34.9522, 115.8897, "gcj02", 7 },  { "巨野县", 35.3963, 116.0946, "wgs84", 9 },
  { "郓城县", 35.6000, 115.9437, "gcj02", 10 }, { "鄄城县", 35.5635, 115.5100, "wgs84", 8 },
  { "东明县", 35.2896, 115.0898, "gcj02", 8 },
};

static const char *const roads[] = {
  "华英路", "双河路", "中华路", "人民路", "长江路", "黄河路",   "和平路",   "八一路", "丹阳路",
  "牡丹路", "广州路", "重庆路", "南京路", "青年路", "昆明路",   "西安路",   "太原路", "解放大街",
  "建设路", "文化路", "站前街", "唐塔路", "湖滨路", "东明湖路", "菏泽大道", "育才路",
};

static const char *const surnames[] = {
  "王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙", "马", "朱", "胡",
  "郭", "何", "高", "林", "罗", "郑", "梁", "谢", "宋", "唐", "韩", "冯", "于", "董", "程",
};

static const char *const given_names[] = {
  "建国", "秀英", "伟",   "芳",   "强",   "敏",   "军",   "丽",   "磊",   "静",
  "勇",   "燕",   "杰",   "娟",   "涛",   "明",   "超",   "霞",   "平",   "刚",
  "桂英", "玉兰", "志强", "海燕", "建华", "红梅", "春生", "德胜", "小龙", "文博",
};

typedef struct
{
  const char *item;
  const char *name;
  const char *unit;
  int capacity;
  int low_threshold;
} StockKind;

static const StockKind stock_kinds[] = {
  { "water", "饮用水", "瓶", 48, 12 },    { "cold-drink", "冷饮", "瓶", 24, 6 },
  { "ice-cream", "冰淇淋", "支", 30, 8 }, { "medicine-kit", "药箱", "个", 2, 1 },
  { "mask", "口罩", "个", 100, 20 },      { "umbrella", "雨伞", "把", 10, 3 },
  { "sunscreen", "防晒霜", "支", 10, 3 }, { "aed", "AED", "台", 1, 1 },
};

typedef struct
{
  const char *kind;
  const char *suffix;
  const char *name;
  gboolean switchable;
} DeviceKind;

static const DeviceKind device_kinds[] = {
  { "air-conditioner", "ac", "空调", TRUE },
  { "water-dispenser", "dispenser", "饮水机", TRUE },
  { "microwave", "microwave", "微波炉", FALSE },
  { "lights", "lights", "照明", TRUE },
  { "tv", "tv", "电视", TRUE },
  { "lockers", "lockers", "储物柜", FALSE },
};

static const char *const camera_names[] = { "大厅", "门口", "休息区" };
static const char *const door_names[] = { "正门", "侧门" };

/* Every alarm type of the protocol (src/core/yz-vocabulary.h), with its default priority
 * from there. */
typedef struct
{
  const char *type;
  guint weight; /* relative frequency of spontaneous alarms */
} AlarmKind;

static const AlarmKind alarm_kinds[] = {
  { YZ_ALARM_TYPE_FALL, 8 },
  { YZ_ALARM_TYPE_SOS, 5 },
  { YZ_ALARM_TYPE_SMOKE, 2 },
  { YZ_ALARM_TYPE_DOOR_FORCED, 3 },
  { YZ_ALARM_TYPE_ALTERCATION, 10 },
  { YZ_ALARM_TYPE_HIGH_TEMPERATURE, 5 },
  { YZ_ALARM_TYPE_STATION_OFFLINE, 0 },
  { YZ_ALARM_TYPE_SMOKING, 30 },
  { YZ_ALARM_TYPE_DOOR_HELD_OPEN, 20 },
  { YZ_ALARM_TYPE_CAMERA_OFFLINE, 0 },
  { YZ_ALARM_TYPE_STOCK_LOW, 0 },
};

/* Visits by hour of day (local time): breakfast, lunch, dinner, and riders late at night. */
static const double hour_weights[24] = {
  1.0, 0.6, 0.4, 0.3, 0.5, 1.0, 2.0, 3.0, 2.5, 1.5, 2.0, 3.5,
  4.0, 3.0, 1.8, 1.5, 2.0, 3.0, 3.5, 2.5, 2.0, 2.0, 1.8, 1.4,
};

#define VISITS_PER_DAY 12.0
#define ALARMS_PER_DAY 0.3
#define CAMERA_DROPS_PER_DAY 0.05

/* --- helpers ------------------------------------------------------------------------- */

char *
yz_sim_format_time (gint64 ms)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (ms / 1000);
  g_autofree char *base = NULL;

  if (dt == NULL)
    return g_strdup ("1970-01-01T00:00:00.000Z");
  base = g_date_time_format (dt, "%Y-%m-%dT%H:%M:%S");

  return g_strdup_printf ("%s.%03dZ", base, (int)(((ms % 1000) + 1000) % 1000));
}

gboolean
yz_sim_parse_time (const char *text, gint64 *ms)
{
  g_autoptr(GDateTime) dt = NULL;

  if (text == NULL)
    return FALSE;
  dt = g_date_time_new_from_iso8601 (text, NULL);
  if (dt == NULL)
    return FALSE;
  *ms = g_date_time_to_unix (dt) * 1000 + g_date_time_get_microsecond (dt) / 1000;

  return TRUE;
}

static gboolean
chance (YzSimCity *self, double p)
{
  return g_rand_double (self->rand) < p;
}

/* Poisson-distributed count with mean lambda (lambda is small per tick and station). */
static guint
poisson (YzSimCity *self, double lambda)
{
  double l;
  double p = 1.0;
  guint k = 0;

  if (lambda <= 0)
    return 0;
  if (lambda > 30)
    return (guint)MAX (0.0, lambda + sqrt (lambda) * (g_rand_double (self->rand) * 2 - 1) * 1.7);

  l = exp (-lambda);
  do
    {
      k++;
      p *= g_rand_double (self->rand);
    }
  while (p > l);

  return k - 1;
}

static void
add_entity (YzSimCity *self, YzSimKind kind, JsonObject *object)
{
  g_ptr_array_add (self->lists[kind], json_object_ref (object));
  g_hash_table_insert (self->index[kind], (gpointer)json_object_get_string_member (object, "id"),
                       object);
}

void
yz_sim_set_time_member (JsonObject *object, const char *member, gint64 ms)
{
  g_autofree char *text = yz_sim_format_time (ms);

  json_object_set_string_member (object, member, text);
}

JsonObject *
yz_sim_city_new_event (YzSimCity *self, const char *type, const char *station_id)
{
  JsonObject *event = json_object_new ();

  json_object_set_string_member (event, "type", type);
  yz_sim_set_time_member (event, "time", yz_sim_city_now (self));
  if (station_id != NULL)
    json_object_set_string_member (event, "station_id", station_id);

  return event;
}

void
yz_sim_city_emit (YzSimCity *self, JsonObject *event)
{
  g_signal_emit (self, signals[EVENT], 0, event);
  json_object_unref (event);
}

void
yz_sim_city_schedule (YzSimCity *self, gint64 at, PendingKind kind, const char *id)
{
  Pending pending = { at, kind, g_strdup (id) };

  g_array_append_val (self->pending, pending);
}

static int
local_hour (gint64 ms)
{
  return (int)(((ms / 3600000) + 8) % 24);
}

static gboolean
is_summer (gint64 ms)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (ms / 1000 + 8 * 3600);
  int month = dt ? g_date_time_get_month (dt) : 1;

  return month >= 6 && month <= 9;
}

static const AlarmKind *
find_alarm_kind (const char *type)
{
  for (guint i = 0; i < G_N_ELEMENTS (alarm_kinds); i++)
    if (g_strcmp0 (alarm_kinds[i].type, type) == 0)
      return &alarm_kinds[i];

  return NULL;
}

/* --- the city's make-up ---------------------------------------------------------------- */

static void
build_people (YzSimCity *self, guint n)
{
  for (guint i = 0; i < n; i++)
    {
      JsonObject *person = json_object_new ();
      g_autofree char *id = g_strdup_printf ("w-%05u", i + 1);
      g_autofree char *name = g_strconcat (
          surnames[g_rand_int_range (self->rand, 0, G_N_ELEMENTS (surnames))],
          given_names[g_rand_int_range (self->rand, 0, G_N_ELEMENTS (given_names))], NULL);
      double r = g_rand_double (self->rand);
      const char *occupation = r < 0.38   ? "sanitation"
                               : r < 0.70 ? "delivery"
                               : r < 0.90 ? "courier"
                                          : "other";

      json_object_set_string_member (person, "id", id);
      json_object_set_string_member (person, "name", name);
      json_object_set_string_member (person, "occupation", occupation);
      g_ptr_array_add (self->people, person);
    }
}

static void
build_station (YzSimCity *self, guint number, GHashTable *used_names)
{
  guint total = 0;
  guint pick;
  const District *district = &districts[0];
  JsonObject *station = json_object_new ();
  JsonObject *location = json_object_new ();
  JsonArray *facilities = json_array_new ();
  g_autofree char *id = g_strdup_printf ("hz-%04u", number);
  g_autofree char *name = NULL;
  g_autofree char *address = NULL;
  const char *road;
  gboolean smart;
  guint n_cameras;
  guint n_doors;

  for (guint i = 0; i < G_N_ELEMENTS (districts); i++)
    total += districts[i].weight;
  pick = g_rand_int_range (self->rand, 0, total);
  for (guint i = 0; i < G_N_ELEMENTS (districts); i++)
    {
      if (pick < districts[i].weight)
        {
          district = &districts[i];
          break;
        }
      pick -= districts[i].weight;
    }

  road = roads[g_rand_int_range (self->rand, 0, G_N_ELEMENTS (roads))];
  name = g_strdup_printf ("%s工会驿站", road);
  for (guint n = 2; g_hash_table_contains (used_names, name); n++)
    {
      g_free (name);
      name = g_strdup_printf ("%s%s第%u工会驿站", district->name, road, n);
    }
  g_hash_table_add (used_names, g_strdup (name));
  address =
      g_strdup_printf ("%s%s%d号", district->name, road, g_rand_int_range (self->rand, 1, 400));

  /* About one station in eight is a 24-hour smart station, as in Heze. The first ones
   * always are, so that a small demo city has some. */
  smart = number <= 3 || chance (self, 0.125);

  json_object_set_string_member (station, "id", id);
  json_object_set_string_member (station, "name", name);
  json_object_set_string_member (station, "district", district->name);
  json_object_set_string_member (station, "address", address);
  json_object_set_double_member (location, "lat",
                                 district->lat + (g_rand_double (self->rand) - 0.5) * 0.12);
  json_object_set_double_member (location, "lon",
                                 district->lon + (g_rand_double (self->rand) - 0.5) * 0.14);
  json_object_set_string_member (location, "datum", district->datum);
  json_object_set_object_member (station, "location", location);
  json_object_set_string_member (station, "kind", smart ? "smart24" : "standard");
  json_object_set_string_member (station, "opening_hours", smart ? "00:00-24:00" : "07:00-21:00");
  json_object_set_int_member (station, "capacity", g_rand_int_range (self->rand, 6, 25));
  json_array_add_string_element (facilities, "water-dispenser");
  json_array_add_string_element (facilities, "microwave");
  json_array_add_string_element (facilities, "air-conditioner");
  json_array_add_string_element (facilities, "charger");
  json_array_add_string_element (facilities, "medicine-kit");
  json_array_add_string_element (facilities, "wifi");
  if (smart)
    {
      json_array_add_string_element (facilities, "aed");
      json_array_add_string_element (facilities, "lockers");
      json_array_add_string_element (facilities, "tv");
    }
  if (chance (self, 0.5))
    json_array_add_string_element (facilities, "toilet");
  json_object_set_array_member (station, "facilities", facilities);
  json_object_set_boolean_member (station, "online", TRUE);
  json_object_set_int_member (station, "occupancy", 0);
  json_object_set_double_member (station, "temperature",
                                 round ((22 + g_rand_double (self->rand) * 5) * 10) / 10);
  yz_sim_set_time_member (station, "last_seen", yz_sim_city_now (self));
  add_entity (self, YZ_SIM_STATIONS, station);

  n_cameras = g_rand_int_range (self->rand, 1, 4);
  for (guint i = 0; i < n_cameras; i++)
    {
      JsonObject *camera = json_object_new ();
      g_autofree char *camera_id = g_strdup_printf ("%s-cam%u", id, i + 1);
      g_autofree char *snapshot_url = g_strdup_printf ("/api/v1/cameras/%s/snapshot", camera_id);

      json_object_set_string_member (camera, "id", camera_id);
      json_object_set_string_member (camera, "station_id", id);
      json_object_set_string_member (camera, "name", camera_names[i]);
      json_object_set_null_member (camera, "main_url");
      json_object_set_null_member (camera, "sub_url");
      json_object_set_string_member (camera, "snapshot_url", snapshot_url);
      json_object_set_boolean_member (camera, "online", TRUE);
      add_entity (self, YZ_SIM_CAMERAS, camera);
      json_object_unref (camera);
    }

  n_doors = smart ? g_rand_int_range (self->rand, 1, 3) : 1;
  for (guint i = 0; i < n_doors; i++)
    {
      JsonObject *door = json_object_new ();
      g_autofree char *door_id = g_strdup_printf ("%s-door%u", id, i + 1);

      json_object_set_string_member (door, "id", door_id);
      json_object_set_string_member (door, "station_id", id);
      json_object_set_string_member (door, "name", door_names[i]);
      json_object_set_string_member (door, "state", "locked");
      json_object_set_string_member (door, "mode", "normal");
      add_entity (self, YZ_SIM_DOORS, door);
      json_object_unref (door);
    }

  for (guint i = 0; i < G_N_ELEMENTS (stock_kinds); i++)
    {
      const StockKind *kind = &stock_kinds[i];
      JsonObject *stock;
      g_autofree char *stock_id = NULL;

      if (g_str_equal (kind->item, "aed") && !smart)
        continue;
      stock = json_object_new ();
      stock_id = g_strdup_printf ("%s-%s", id, kind->item);
      json_object_set_string_member (stock, "id", stock_id);
      json_object_set_string_member (stock, "station_id", id);
      json_object_set_string_member (stock, "item", kind->item);
      json_object_set_string_member (stock, "name", kind->name);
      json_object_set_string_member (stock, "unit", kind->unit);
      json_object_set_int_member (
          stock, "level",
          kind->capacity <= 2
              ? kind->capacity
              : g_rand_int_range (self->rand, kind->low_threshold + 1, kind->capacity + 1));
      json_object_set_int_member (stock, "capacity", kind->capacity);
      json_object_set_int_member (stock, "low_threshold", kind->low_threshold);
      add_entity (self, YZ_SIM_STOCK, stock);
      json_object_unref (stock);
    }

  for (guint i = 0; i < G_N_ELEMENTS (device_kinds); i++)
    {
      const DeviceKind *kind = &device_kinds[i];
      JsonObject *device;
      g_autofree char *device_id = NULL;

      if ((g_str_equal (kind->kind, "tv") || g_str_equal (kind->kind, "lockers")) && !smart)
        continue;
      device = json_object_new ();
      device_id = g_strdup_printf ("%s-%s", id, kind->suffix);
      json_object_set_string_member (device, "id", device_id);
      json_object_set_string_member (device, "station_id", id);
      json_object_set_string_member (device, "kind", kind->kind);
      json_object_set_string_member (device, "name", kind->name);
      json_object_set_string_member (device, "state", chance (self, 0.02) ? "fault" : "on");
      json_object_set_boolean_member (device, "switchable", kind->switchable);
      add_entity (self, YZ_SIM_DEVICES, device);
      json_object_unref (device);
    }

  json_object_unref (station);
}

/* --- life ---------------------------------------------------------------------------- */

static void
emit_station_status (YzSimCity *self, JsonObject *station)
{
  const char *id = json_object_get_string_member (station, "id");
  JsonObject *event = yz_sim_city_new_event (self, "station.status", id);

  yz_sim_set_time_member (station, "last_seen", yz_sim_city_now (self));
  json_object_set_boolean_member (event, "online",
                                  json_object_get_boolean_member (station, "online"));
  json_object_set_int_member (event, "occupancy",
                              json_object_get_int_member (station, "occupancy"));
  json_object_set_double_member (event, "temperature",
                                 json_object_get_double_member (station, "temperature"));
  yz_sim_city_emit (self, event);
}

void
yz_sim_city_set_door_state (YzSimCity *self, JsonObject *door, const char *state, const char *mode)
{
  JsonObject *event;

  if (g_strcmp0 (json_object_get_string_member (door, "state"), state) == 0 &&
      (mode == NULL || g_strcmp0 (json_object_get_string_member (door, "mode"), mode) == 0))
    return;

  json_object_set_string_member (door, "state", state);
  if (mode != NULL)
    json_object_set_string_member (door, "mode", mode);

  event = yz_sim_city_new_event (self, "door.state",
                                 json_object_get_string_member (door, "station_id"));
  json_object_set_string_member (event, "door_id", json_object_get_string_member (door, "id"));
  json_object_set_string_member (event, "state", state);
  json_object_set_string_member (event, "mode", json_object_get_string_member (door, "mode"));
  yz_sim_city_emit (self, event);
}

void
yz_sim_city_set_stock_level (YzSimCity *self, JsonObject *stock, gint64 level)
{
  JsonObject *event;
  const char *id = json_object_get_string_member (stock, "id");

  level = CLAMP (level, 0, json_object_get_int_member (stock, "capacity"));
  if (level == json_object_get_int_member (stock, "level"))
    return;
  json_object_set_int_member (stock, "level", level);

  event = yz_sim_city_new_event (self, "stock.level",
                                 json_object_get_string_member (stock, "station_id"));
  json_object_set_string_member (event, "stock_id", id);
  json_object_set_int_member (event, "level", level);
  yz_sim_city_emit (self, event);

  if (level >= json_object_get_int_member (stock, "low_threshold"))
    g_hash_table_remove (self->stock_low_raised, id);
  else if (!g_hash_table_contains (self->stock_low_raised, id))
    {
      g_hash_table_add (self->stock_low_raised, g_strdup (id));
      yz_sim_city_raise_alarm (self, json_object_get_string_member (stock, "station_id"),
                               YZ_ALARM_TYPE_STOCK_LOW, NULL, NULL);
      /* The van comes within half a day. */
      yz_sim_city_schedule (
          self, yz_sim_city_now (self) + g_rand_int_range (self->rand, 4, 12) * 3600 * 1000,
          PENDING_RESTOCK, id);
    }
}

static JsonObject *
first_of_station (YzSimCity *self, YzSimKind kind, const char *station_id, guint nth)
{
  GPtrArray *list = self->lists[kind];

  for (guint i = 0; i < list->len; i++)
    {
      JsonObject *object = g_ptr_array_index (list, i);

      if (g_strcmp0 (json_object_get_string_member (object, "station_id"), station_id) == 0 &&
          nth-- == 0)
        return object;
    }

  return NULL;
}

static void
consume (YzSimCity *self, const char *station_id, const char *item, double p)
{
  g_autofree char *id = g_strdup_printf ("%s-%s", station_id, item);
  JsonObject *stock = g_hash_table_lookup (self->index[YZ_SIM_STOCK], id);

  if (stock != NULL && chance (self, p))
    yz_sim_city_set_stock_level (self, stock, json_object_get_int_member (stock, "level") - 1);
}

static void
trim (YzSimCity *self, YzSimKind kind, guint max)
{
  GPtrArray *list = self->lists[kind];
  guint drop;

  if (list->len <= max)
    return;

  drop = list->len - max + max / 10;
  for (guint i = 0; i < drop; i++)
    {
      JsonObject *object = g_ptr_array_index (list, i);

      g_hash_table_remove (self->index[kind], json_object_get_string_member (object, "id"));
      if (kind == YZ_SIM_ENTRIES &&
          json_object_get_string_member_with_default (object, "snapshot_id", NULL))
        g_hash_table_remove (self->snapshots,
                             json_object_get_string_member (object, "snapshot_id"));
    }
  g_ptr_array_remove_range (list, 0, drop);
}

static JsonObject *
visit (YzSimCity *self, JsonObject *station, const char *result)
{
  const char *station_id = json_object_get_string_member (station, "id");
  JsonObject *door = first_of_station (self, YZ_SIM_DOORS, station_id, 0);
  JsonObject *entry = json_object_new ();
  JsonObject *event;
  JsonObject *person = NULL;
  g_autofree char *entry_id = NULL;
  g_autofree char *snapshot_id = NULL;
  gint64 now = yz_sim_city_now (self);
  double r = g_rand_double (self->rand);
  const char *method;

  if (result == NULL)
    result = r < 0.85   ? YZ_ENTRY_RESULT_GRANTED
             : r < 0.92 ? YZ_ENTRY_RESULT_DENIED
                        : YZ_ENTRY_RESULT_STRANGER;
  r = g_rand_double (self->rand);
  method = r < 0.6    ? YZ_ENTRY_METHOD_FACE
           : r < 0.9  ? YZ_ENTRY_METHOD_QR
           : r < 0.97 ? YZ_ENTRY_METHOD_CARD
                      : YZ_ENTRY_METHOD_ID_CARD;
  if (!g_str_equal (result, YZ_ENTRY_RESULT_STRANGER))
    person = g_ptr_array_index (self->people, g_rand_int_range (self->rand, 0, self->people->len));
  else
    method = YZ_ENTRY_METHOD_FACE;

  self->next_entry++;
  entry_id = g_strdup_printf ("e-%06u", self->next_entry);
  snapshot_id = g_strdup_printf ("s-%06u", self->next_entry);
  json_object_set_string_member (entry, "id", entry_id);
  json_object_set_string_member (entry, "station_id", station_id);
  if (door)
    json_object_set_string_member (entry, "door_id", json_object_get_string_member (door, "id"));
  else
    json_object_set_null_member (entry, "door_id");
  yz_sim_set_time_member (entry, "time", now);
  if (person)
    {
      json_object_set_string_member (entry, "person_id",
                                     json_object_get_string_member (person, "id"));
      json_object_set_string_member (entry, "person_name",
                                     json_object_get_string_member (person, "name"));
      json_object_set_string_member (entry, "occupation",
                                     json_object_get_string_member (person, "occupation"));
    }
  else
    {
      json_object_set_null_member (entry, "person_id");
      json_object_set_null_member (entry, "person_name");
      json_object_set_string_member (entry, "occupation", "unknown");
    }
  json_object_set_string_member (entry, "method", method);
  json_object_set_string_member (entry, "result", result);
  json_object_set_string_member (entry, "snapshot_id", snapshot_id);
  add_entity (self, YZ_SIM_ENTRIES, entry);
  g_hash_table_insert (self->snapshots, g_strdup (snapshot_id), entry);

  event = yz_sim_city_new_event (self, "entry", station_id);
  json_object_set_object_member (event, "entry", json_object_ref (entry));
  yz_sim_city_emit (self, event);

  if (g_str_equal (result, YZ_ENTRY_RESULT_GRANTED) &&
      json_object_get_boolean_member (station, "online"))
    {
      if (door && g_str_equal (json_object_get_string_member (door, "mode"), "normal"))
        {
          yz_sim_city_set_door_state (self, door, "open", NULL);
          yz_sim_city_schedule (self, now + 5000, PENDING_DOOR_LOCK,
                                json_object_get_string_member (door, "id"));
        }
      json_object_set_int_member (station, "occupancy",
                                  json_object_get_int_member (station, "occupancy") + 1);
      emit_station_status (self, station);
      yz_sim_city_schedule (self, now + g_rand_int_range (self->rand, 10, 45) * 60 * 1000,
                            PENDING_LEAVE, station_id);

      consume (self, station_id, "water", 0.4);
      consume (self, station_id, "cold-drink", is_summer (now) ? 0.3 : 0.05);
      consume (self, station_id, "ice-cream", is_summer (now) ? 0.2 : 0.02);
      consume (self, station_id, "mask", 0.05);
    }

  trim (self, YZ_SIM_ENTRIES, MAX_ENTRIES);
  json_object_unref (entry);

  return entry;
}

static void
run_pending (YzSimCity *self, gint64 now)
{
  for (guint i = 0; i < self->pending->len;)
    {
      Pending p = g_array_index (self->pending, Pending, i);
      JsonObject *object;

      if (p.at > now)
        {
          i++;
          continue;
        }
      g_array_remove_index_fast (self->pending, i);

      switch (p.kind)
        {
        case PENDING_DOOR_LOCK:
          if ((object = g_hash_table_lookup (self->index[YZ_SIM_DOORS], p.id)) &&
              g_str_equal (json_object_get_string_member (object, "mode"), "normal"))
            yz_sim_city_set_door_state (self, object, "locked", NULL);
          break;

        case PENDING_DOOR_NORMAL:
          if ((object = g_hash_table_lookup (self->index[YZ_SIM_DOORS], p.id)))
            yz_sim_city_set_door_state (self, object, "locked", "normal");
          break;

        case PENDING_LEAVE:
          if ((object = g_hash_table_lookup (self->index[YZ_SIM_STATIONS], p.id)) &&
              json_object_get_int_member (object, "occupancy") > 0)
            {
              json_object_set_int_member (object, "occupancy",
                                          json_object_get_int_member (object, "occupancy") - 1);
              emit_station_status (self, object);
            }
          break;

        case PENDING_RESTOCK:
          if ((object = g_hash_table_lookup (self->index[YZ_SIM_STOCK], p.id)))
            yz_sim_city_set_stock_level (self, object,
                                         json_object_get_int_member (object, "capacity"));
          break;

        case PENDING_CAMERA_ONLINE:
          yz_sim_city_set_camera_online (self, p.id, TRUE, 0, NULL);
          break;

        case PENDING_STATION_ONLINE:
          yz_sim_city_set_station_online (self, p.id, TRUE, NULL);
          break;

        default:
          break;
        }

      g_free (p.id);
    }
}

static const char *
pick_alarm_type (YzSimCity *self)
{
  guint total = 0;
  guint pick;

  for (guint i = 0; i < G_N_ELEMENTS (alarm_kinds); i++)
    total += alarm_kinds[i].weight;
  pick = g_rand_int_range (self->rand, 0, total);
  for (guint i = 0; i < G_N_ELEMENTS (alarm_kinds); i++)
    {
      if (pick < alarm_kinds[i].weight)
        return alarm_kinds[i].type;
      pick -= alarm_kinds[i].weight;
    }

  return YZ_ALARM_TYPE_SMOKING;
}

static gboolean
tick_cb (gpointer user_data)
{
  YzSimCity *self = user_data;
  gint64 now = yz_sim_city_now (self);
  double dt_days = (now - self->last_tick) / (24.0 * 3600 * 1000);
  double day_share = hour_weights[local_hour (now)];
  double weight_sum = 0;
  GPtrArray *stations = self->lists[YZ_SIM_STATIONS];
  GPtrArray *cameras = self->lists[YZ_SIM_CAMERAS];

  for (guint i = 0; i < 24; i++)
    weight_sum += hour_weights[i];
  day_share = day_share * 24 / weight_sum;

  self->last_tick = now;
  run_pending (self, now);

  for (guint i = 0; i < stations->len; i++)
    {
      JsonObject *station = g_ptr_array_index (stations, i);
      const char *id = json_object_get_string_member (station, "id");
      guint visits;
      guint alarms;

      if (!json_object_get_boolean_member (station, "online"))
        continue;

      visits = poisson (self, VISITS_PER_DAY * day_share * dt_days);
      for (guint v = 0; v < visits; v++)
        visit (self, station, NULL);

      alarms = poisson (self, ALARMS_PER_DAY * dt_days);
      for (guint a = 0; a < alarms; a++)
        yz_sim_city_raise_alarm (self, id, pick_alarm_type (self), NULL, NULL);
    }

  for (guint i = 0; i < cameras->len; i++)
    {
      JsonObject *camera = g_ptr_array_index (cameras, i);

      if (json_object_get_boolean_member (camera, "online") &&
          chance (self, CAMERA_DROPS_PER_DAY * dt_days))
        yz_sim_city_set_camera_online (self, json_object_get_string_member (camera, "id"), FALSE,
                                       g_rand_int_range (self->rand, 60, 900), NULL);
    }

  return G_SOURCE_CONTINUE;
}

/* --- GObject ------------------------------------------------------------------------- */

static void
yz_sim_city_finalize (GObject *object)
{
  YzSimCity *self = (YzSimCity *)object;

  g_clear_handle_id (&self->tick_id, g_source_remove);
  for (guint i = 0; i < self->pending->len; i++)
    g_free (g_array_index (self->pending, Pending, i).id);
  g_array_unref (self->pending);
  for (guint i = 0; i < YZ_SIM_N_KINDS; i++)
    {
      g_hash_table_unref (self->index[i]);
      g_ptr_array_unref (self->lists[i]);
    }
  g_hash_table_unref (self->snapshots);
  g_hash_table_unref (self->stock_low_raised);
  yz_sim_city_forget_door_requests (self);
  g_ptr_array_unref (self->people);
  g_rand_free (self->rand);

  G_OBJECT_CLASS (yz_sim_city_parent_class)->finalize (object);
}

static void
yz_sim_city_class_init (YzSimCityClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = yz_sim_city_finalize;

  /**
   * YzSimCity::event:
   * @event: the event, without its seq; valid only during emission
   */
  signals[EVENT] =
      g_signal_new ("event", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                    G_TYPE_NONE, 1, JSON_TYPE_OBJECT | G_SIGNAL_TYPE_STATIC_SCOPE);
}

static void
yz_sim_city_init (YzSimCity *self)
{
  for (guint i = 0; i < YZ_SIM_N_KINDS; i++)
    {
      self->lists[i] = g_ptr_array_new_with_free_func ((GDestroyNotify)json_object_unref);
      self->index[i] = g_hash_table_new (g_str_hash, g_str_equal);
    }
  self->snapshots = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->stock_low_raised = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->people = g_ptr_array_new_with_free_func ((GDestroyNotify)json_object_unref);
  self->pending = g_array_new (FALSE, FALSE, sizeof (Pending));
}

/* --- public -------------------------------------------------------------------------- */

YzSimCity *
yz_sim_city_new (guint n_stations, guint32 seed, double speed)
{
  YzSimCity *self = g_object_new (YZ_TYPE_SIM_CITY, NULL);
  g_autoptr(GHashTable) used_names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  self->rand = g_rand_new_with_seed (seed);
  self->speed = speed > 0 ? speed : 1.0;
  self->start_real_ms = g_get_real_time () / 1000;
  self->start_mono_us = g_get_monotonic_time ();
  self->last_tick = self->start_real_ms;

  build_people (self, MAX (50, n_stations * 40));
  for (guint i = 1; i <= n_stations; i++)
    build_station (self, i, used_names);

  return self;
}

void
yz_sim_city_set_camera_urls (YzSimCity *self, const char *rtsp_base)
{
  GPtrArray *cameras = self->lists[YZ_SIM_CAMERAS];

  for (guint i = 0; i < cameras->len; i++)
    {
      JsonObject *camera = g_ptr_array_index (cameras, i);
      const char *id = json_object_get_string_member (camera, "id");
      g_autofree char *main_url = g_strdup_printf ("%s/cam/%s/main", rtsp_base, id);
      g_autofree char *sub_url = g_strdup_printf ("%s/cam/%s/sub", rtsp_base, id);

      json_object_set_string_member (camera, "main_url", main_url);
      json_object_set_string_member (camera, "sub_url", sub_url);
    }
}

void
yz_sim_city_start (YzSimCity *self)
{
  g_return_if_fail (YZ_IS_SIM_CITY (self));

  if (self->tick_id == 0)
    self->tick_id = g_timeout_add (1000, tick_cb, self);
}

gint64
yz_sim_city_now (YzSimCity *self)
{
  gint64 elapsed_us = g_get_monotonic_time () - self->start_mono_us;

  return self->start_real_ms + (gint64)(elapsed_us / 1000.0 * self->speed);
}

GPtrArray *
yz_sim_city_list (YzSimCity *self, YzSimKind kind)
{
  return self->lists[kind];
}

JsonObject *
yz_sim_city_lookup (YzSimCity *self, YzSimKind kind, const char *id)
{
  return id ? g_hash_table_lookup (self->index[kind], id) : NULL;
}

JsonObject *
yz_sim_city_snapshot_entry (YzSimCity *self, const char *snapshot_id)
{
  return g_hash_table_lookup (self->snapshots, snapshot_id);
}

JsonObject *
yz_sim_city_raise_alarm (YzSimCity *self, const char *station_id, const char *type,
                         const char *camera_id, GError **error)
{
  const AlarmKind *kind = find_alarm_kind (type);
  JsonObject *station = yz_sim_city_lookup (self, YZ_SIM_STATIONS, station_id);
  JsonObject *alarm;
  JsonObject *event;
  JsonObject *camera;
  JsonObject *door;
  g_autofree char *id = NULL;
  gint64 now = yz_sim_city_now (self);

  if (station == NULL)
    {
      g_set_error (error, YZ_SIM_ERROR, YZ_SIM_ERROR_NOT_FOUND, "No station %s", station_id);
      return NULL;
    }
  if (kind == NULL)
    {
      g_set_error (error, YZ_SIM_ERROR, YZ_SIM_ERROR_INVALID, "Unknown alarm type %s", type);
      return NULL;
    }

  if (camera_id != NULL)
    {
      camera = yz_sim_city_lookup (self, YZ_SIM_CAMERAS, camera_id);
      if (camera == NULL ||
          !g_str_equal (json_object_get_string_member (camera, "station_id"), station_id))
        {
          g_set_error (error, YZ_SIM_ERROR, YZ_SIM_ERROR_NOT_FOUND, "No camera %s at %s", camera_id,
                       station_id);
          return NULL;
        }
    }
  else if (g_strv_contains ((const char *const[]){ YZ_ALARM_TYPE_FALL, YZ_ALARM_TYPE_SMOKING,
                                                   YZ_ALARM_TYPE_ALTERCATION, YZ_ALARM_TYPE_SMOKE,
                                                   NULL },
                            type))
    {
      camera = first_of_station (self, YZ_SIM_CAMERAS, station_id, 0);
    }
  else
    {
      camera = NULL;
    }
  door = g_str_has_prefix (type, "door-") ? first_of_station (self, YZ_SIM_DOORS, station_id, 0)
                                          : NULL;

  self->next_alarm++;
  id = g_strdup_printf ("a-%06u", self->next_alarm);
  alarm = json_object_new ();
  json_object_set_string_member (alarm, "id", id);
  json_object_set_string_member (alarm, "station_id", station_id);
  if (camera)
    json_object_set_string_member (alarm, "camera_id",
                                   json_object_get_string_member (camera, "id"));
  else
    json_object_set_null_member (alarm, "camera_id");
  if (door)
    json_object_set_string_member (alarm, "door_id", json_object_get_string_member (door, "id"));
  else
    json_object_set_null_member (alarm, "door_id");
  json_object_set_string_member (alarm, "type", kind->type);
  json_object_set_string_member (alarm, "priority",
                                 yz_priority_to_nick (yz_alarm_type_default_priority (kind->type)));
  yz_sim_set_time_member (alarm, "raised_at", now);
  json_object_set_string_member (alarm, "state", "new");
  json_object_set_null_member (alarm, "owner");
  yz_sim_set_time_member (alarm, "updated_at", now);
  json_object_set_null_member (alarm, "category");
  json_object_set_null_member (alarm, "note");
  json_object_set_null_member (alarm, "snapshot_id");
  add_entity (self, YZ_SIM_ALARMS, alarm);

  if (door && g_str_equal (type, YZ_ALARM_TYPE_DOOR_HELD_OPEN))
    yz_sim_city_set_door_state (self, door, "held-open", NULL);
  else if (door && g_str_equal (type, YZ_ALARM_TYPE_DOOR_FORCED))
    yz_sim_city_set_door_state (self, door, "forced", NULL);
  if (door)
    yz_sim_city_schedule (self, now + 120 * 1000, PENDING_DOOR_LOCK,
                          json_object_get_string_member (door, "id"));

  event = yz_sim_city_new_event (self, "alarm.raised", station_id);
  json_object_set_object_member (event, "alarm", json_object_ref (alarm));
  yz_sim_city_emit (self, event);

  trim (self, YZ_SIM_ALARMS, MAX_ALARMS);
  json_object_unref (alarm);

  return alarm;
}

JsonObject *
yz_sim_city_make_entry (YzSimCity *self, const char *station_id, const char *result, GError **error)
{
  JsonObject *station = yz_sim_city_lookup (self, YZ_SIM_STATIONS, station_id);

  if (station == NULL)
    {
      g_set_error (error, YZ_SIM_ERROR, YZ_SIM_ERROR_NOT_FOUND, "No station %s", station_id);
      return NULL;
    }
  if (result != NULL && !g_strv_contains (yz_entry_results (), result))
    {
      g_set_error (error, YZ_SIM_ERROR, YZ_SIM_ERROR_INVALID, "Unknown result %s", result);
      return NULL;
    }

  return visit (self, station, result);
}

gboolean
yz_sim_city_set_camera_online (YzSimCity *self, const char *camera_id, gboolean online,
                               guint seconds, GError **error)
{
  JsonObject *camera = yz_sim_city_lookup (self, YZ_SIM_CAMERAS, camera_id);
  const char *station_id;
  JsonObject *event;

  if (camera == NULL)
    {
      g_set_error (error, YZ_SIM_ERROR, YZ_SIM_ERROR_NOT_FOUND, "No camera %s", camera_id);
      return FALSE;
    }

  station_id = json_object_get_string_member (camera, "station_id");
  if (json_object_get_boolean_member (camera, "online") != online)
    {
      json_object_set_boolean_member (camera, "online", online);
      event = yz_sim_city_new_event (self, "camera.status", station_id);
      json_object_set_string_member (event, "camera_id", camera_id);
      json_object_set_boolean_member (event, "online", online);
      yz_sim_city_emit (self, event);
      if (!online)
        yz_sim_city_raise_alarm (self, station_id, YZ_ALARM_TYPE_CAMERA_OFFLINE, camera_id, NULL);
    }

  if (!online && seconds > 0)
    yz_sim_city_schedule (self, yz_sim_city_now (self) + (gint64)(seconds * 1000 * self->speed),
                          PENDING_CAMERA_ONLINE, camera_id);

  return TRUE;
}

gboolean
yz_sim_city_set_station_online (YzSimCity *self, const char *station_id, gboolean online,
                                GError **error)
{
  JsonObject *station = yz_sim_city_lookup (self, YZ_SIM_STATIONS, station_id);

  if (station == NULL)
    {
      g_set_error (error, YZ_SIM_ERROR, YZ_SIM_ERROR_NOT_FOUND, "No station %s", station_id);
      return FALSE;
    }

  if (json_object_get_boolean_member (station, "online") == online)
    return TRUE;

  json_object_set_boolean_member (station, "online", online);
  emit_station_status (self, station);
  if (!online)
    yz_sim_city_raise_alarm (self, station_id, YZ_ALARM_TYPE_STATION_OFFLINE, NULL, NULL);

  return TRUE;
}

void
yz_sim_city_burst (YzSimCity *self, guint count)
{
  GPtrArray *stations = self->lists[YZ_SIM_STATIONS];

  for (guint i = 0; i < count && stations->len > 0; i++)
    emit_station_status (self, g_ptr_array_index (stations, i % stations->len));
}
