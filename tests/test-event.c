/* test-event.c
 *
 * The event parser accepts the protocol's events and refuses, with a clear error and the
 * frame's seq where it has one, everything else.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "yz-event.h"
#include "yz-text.h"

static YzEvent *
parse_ok (const char *text)
{
  g_autoptr(GError) error = NULL;
  YzEvent *event = yz_event_parse (text, strlen (text), NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (event);

  return event;
}

static gboolean
rest_seed_parses (char parser, const char *body, gsize length)
{
  g_autoptr(GError) error = NULL;
  gboolean ok = FALSE;

  switch (parser)
    {
    case 1:
      {
        g_autoptr(YzStateData) state = yz_state_parse (body, length, &error);
        ok = state != NULL && state->stations->len > 0 && state->n_skipped == 0;
      }
      break;
    case 2:
      {
        g_autoptr(YzLoginData) login = yz_login_parse (body, length, &error);
        ok = login != NULL;
      }
      break;
    case 3:
      {
        g_autoptr(YzAlarmData) alarm = yz_alarm_data_parse (body, length, &error);
        ok = alarm != NULL;
      }
      break;
    case 4:
      {
        g_autoptr(YzStockData) stock = yz_stock_data_parse (body, length, &error);
        ok = stock != NULL;
      }
      break;
    case 5:
      {
        /* A device, or a door (fuzz-event reads both from this byte). */
        g_autoptr(YzDeviceData) device = yz_device_data_parse (body, length, NULL);
        g_autoptr(YzDoorData) door =
            device == NULL ? yz_door_data_parse (body, length, &error) : NULL;
        ok = device != NULL || door != NULL;
      }
      break;
    case 6:
      {
        g_autofree char *cursor = NULL;
        g_autoptr(GPtrArray) entries = yz_entries_page_parse (body, length, &cursor, &error);
        ok = entries != NULL && entries->len == 2 && g_strcmp0 (cursor, "e-000122") == 0;
      }
      break;
    case 7:
      {
        g_autofree char *id = yz_command_id_parse (body, length, &error);
        ok = id != NULL;
      }
      break;
    case 8:
      {
        g_autofree char *code = NULL;
        g_autofree char *message = NULL;
        ok =
            yz_error_parse (body, length, &code, &message) && g_str_equal (code, "bad-credentials");
      }
      break;
    case 9:
      {
        g_autofree char *console = NULL;
        g_autoptr(GPtrArray) heads = yz_audit_witness_parse (body, length, &console, &error);
        ok = heads != NULL && heads->len == 2 && g_strcmp0 (console, "3f2a9c1d0b7e4a65") == 0;
      }
      break;
    default:
      break;
    }
  g_assert_no_error (error);

  return ok;
}

#define HASH64 "9b1f0c3e5a7d2b4c6e8f0a1b3c5d7e9f1a2b3c4d5e6f708192a3b4c5d6e7f809"
#define HASH64_UPPER "9B1F0C3E5A7D2B4C6E8F0A1B3C5D7E9F1A2B3C4D5E6F708192A3B4C5D6E7F809"

/* The gateway's witness of a console's audit chain: every head whole, or none. */
static void
test_event_audit_witness (void)
{
  static const char *const refused[] = {
    "{\"console\":\"c1\",\"heads\":{}}",
    "{\"console\":\"c 1\",\"heads\":[]}",
    "{\"console\":\"c1\",\"heads\":[{\"operator\":\"a\",\"count\":0,\"hash\":\"" HASH64
    "\",\"time\":\"2026-11-23T08:00:00Z\"}]}",
    "{\"console\":\"c1\",\"heads\":[{\"operator\":\"a\",\"count\":3,\"hash\":\"" HASH64 "\"}]}",
    "{\"console\":\"c1\",\"heads\":[{\"operator\":\"a\",\"count\":3,\"hash\":\"ABCD\","
    "\"time\":\"2026-11-23T08:00:00Z\"}]}",
    "{\"console\":\"c1\",\"heads\":[{\"operator\":\"a\",\"count\":3,\"hash\":\"" HASH64_UPPER
    "\",\"time\":\"2026-11-23T08:00:00Z\"}]}",
    "{\"console\":\"c1\",\"heads\":[7]}",
  };
  const char *good = "{\"console\":\"c1\",\"heads\":[{\"operator\":\"王伟\u202e\",\"count\":3,"
                     "\"hash\":\"" HASH64 "\",\"time\":\"2026-11-23T08:00:00Z\"}]}";
  g_autoptr(GError) error = NULL;
  g_autofree char *console = NULL;
  g_autoptr(GPtrArray) heads = yz_audit_witness_parse (good, strlen (good), &console, &error);
  const YzAuditWitness *head;

  g_assert_no_error (error);
  g_assert_cmpstr (console, ==, "c1");
  g_assert_cmpuint (heads->len, ==, 1);
  head = g_ptr_array_index (heads, 0);
  g_assert_cmpstr (head->operator_name, ==, "王伟"); /* the override is cleaned away */
  g_assert_cmpint (head->count, ==, 3);
  g_assert_cmpstr (head->hash, ==, HASH64);

  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_autoptr(GError) bad = NULL;
      g_autofree char *none = NULL;
      g_autoptr(GPtrArray) nothing =
          yz_audit_witness_parse (refused[i], strlen (refused[i]), &none, &bad);

      g_assert_null (nothing);
      g_assert_null (none);
      g_assert_error (bad, YZ_EVENT_ERROR, YZ_EVENT_ERROR_MALFORMED);
    }
}

/* A door's answer carries the console's request id when the command had one; a bad one is
 * left out, and the answer kept. */
static void
test_event_door_request_id (void)
{
  static const char good[] =
      "{\"seq\":7,\"time\":\"2026-11-23T03:15:02.250Z\",\"type\":\"door.command-result\","
      "\"station_id\":\"hz-0001\",\"command_id\":\"c-000018\",\"door_id\":\"hz-0001-door1\","
      "\"ok\":false,\"reason\":\"expired\",\"by\":\"operator\","
      "\"request_id\":\"5b0f6f3e-7d2a-4c51-9a0e-3c1d2f4b6a78\"}";
  static const char bad[] =
      "{\"seq\":8,\"time\":\"2026-11-23T03:15:02.250Z\",\"type\":\"door.command-result\","
      "\"station_id\":\"hz-0001\",\"command_id\":\"c-000019\",\"door_id\":\"hz-0001-door1\","
      "\"ok\":true,\"by\":\"operator\",\"request_id\":\"not an id!\"}";
  g_autoptr(GError) error = NULL;
  g_autoptr(YzEvent) with_id = yz_event_parse (good, strlen (good), NULL, &error);
  g_autoptr(YzEvent) without = NULL;

  g_assert_no_error (error);
  g_assert_cmpstr (with_id->request_id, ==, "5b0f6f3e-7d2a-4c51-9a0e-3c1d2f4b6a78");
  g_assert_cmpstr (with_id->reason, ==, "expired");
  without = yz_event_parse (bad, strlen (bad), NULL, &error);
  g_assert_no_error (error);
  g_assert_null (without->request_id);
  g_assert_cmpstr (without->command_id, ==, "c-000019");
}

static void
test_event_corpus_parses (void)
{
  g_autofree char *dir = g_test_build_filename (G_TEST_DIST, "fuzz", "corpus-event", NULL);
  g_autoptr(GDir) listing = g_dir_open (dir, 0, NULL);
  const char *name;
  guint parsed = 0;

  g_assert_nonnull (listing);
  while ((name = g_dir_read_name (listing)))
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autofree char *contents = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(YzEvent) event = NULL;
      gsize length;

      g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
      if (length > 0 && contents[0] >= 1 && contents[0] <= 9)
        {
          /* A REST reply: its first byte names the parser (see fuzz-event.c). */
          g_assert_true (rest_seed_parses (contents[0], contents + 1, length - 1));
          parsed++;
          continue;
        }
      event = yz_event_parse (contents, length, NULL, &error);
      if (g_str_equal (name, "unknown.json"))
        g_assert_error (error, YZ_EVENT_ERROR, YZ_EVENT_ERROR_UNKNOWN_TYPE);
      else
        {
          g_assert_no_error (error);
          parsed++;
        }
    }
  g_assert_cmpuint (parsed, >=, 16);
}

static void
test_event_fields (void)
{
  g_autoptr(YzEvent) status =
      parse_ok ("{\"seq\":4,\"time\":\"2026-11-23T03:15:01.250Z\",\"type\":\"station.status\","
                "\"station_id\":\"hz-0001\",\"online\":true,\"occupancy\":3,\"temperature\":24}");
  g_autoptr(YzEvent) entry =
      parse_ok ("{\"seq\":7,\"time\":\"2026-11-23T11:12:45.123+08:00\",\"type\":\"entry\","
                "\"station_id\":\"hz-0001\","
                "\"entry\":{\"id\":\"e-1\",\"station_id\":\"hz-0001\",\"door_id\":null,"
                "\"time\":\"2026-11-23T03:12:45.123Z\",\"person_id\":null,\"person_name\":null,"
                "\"occupation\":\"unknown\",\"method\":\"face\",\"result\":\"stranger\",\"snapshot_"
                "id\":\"s-1\"}}");

  g_assert_cmpint (status->type, ==, YZ_EVENT_STATION_STATUS);
  g_assert_cmpint (status->seq, ==, 4);
  g_assert_cmpint (status->time, ==, G_GINT64_CONSTANT (1795403701250));
  g_assert_cmpstr (status->station_id, ==, "hz-0001");
  g_assert_true (status->online);
  g_assert_cmpint (status->occupancy, ==, 3);
  g_assert_true (status->has_temperature);
  g_assert_cmpfloat (status->temperature, ==, 24.0);

  g_assert_cmpint (entry->type, ==, YZ_EVENT_ENTRY);
  /* Offsets are honoured: +08:00 is the same instant as Z eight hours earlier. */
  g_assert_cmpint (entry->time, ==, G_GINT64_CONSTANT (1795403565123));
  g_assert_cmpstr (entry->entry->result, ==, "stranger");
  g_assert_null (entry->entry->person_id);
  g_assert_null (entry->entry->door_id);
}

static void
test_event_refused (void)
{
  static const struct
  {
    const char *text;
    int code;
    gint64 seq;
  } cases[] = {
    { "", YZ_EVENT_ERROR_MALFORMED, 0 },
    { "not json", YZ_EVENT_ERROR_MALFORMED, 0 },
    { "[1,2,3]", YZ_EVENT_ERROR_MALFORMED, 0 },
    { "{\"seq\": 12, \"type\": \"station.status\", \"online\": tru", YZ_EVENT_ERROR_MALFORMED, 0 },
    { "{\"seq\":\"not-a-number\",\"type\":\"heartbeat\",\"time\":\"2026-11-23T03:15:01Z\"}",
      YZ_EVENT_ERROR_MALFORMED, 0 },
    { "{\"seq\":0,\"type\":\"heartbeat\",\"time\":\"2026-11-23T03:15:01Z\"}",
      YZ_EVENT_ERROR_MALFORMED, 0 },
    { "{\"seq\":5,\"type\":\"heartbeat\",\"time\":\"yesterday at noon\"}", YZ_EVENT_ERROR_MALFORMED,
      5 },
    { "{\"seq\":5,\"type\":\"heartbeat\",\"time\":\"2026-11-23T03:15:01\"}",
      YZ_EVENT_ERROR_MALFORMED, 5 },
    { "{\"seq\":6,\"type\":\"station.status\",\"time\":\"2026-11-23T03:15:01Z\",\"station_id\":"
      "\"hz-0001\",\"online\":true,\"occupancy\":-5}",
      YZ_EVENT_ERROR_MALFORMED, 6 },
    { "{\"seq\":6,\"type\":\"station.status\",\"time\":\"2026-11-23T03:15:01Z\",\"station_id\":"
      "\"hz-0001\",\"online\":1,\"occupancy\":5}",
      YZ_EVENT_ERROR_MALFORMED, 6 },
    { "{\"seq\":7,\"type\":\"door.state\",\"time\":\"2026-11-23T03:15:01Z\",\"station_id\":\"hz-"
      "0001\",\"door_id\":\"hz-0001-door1\",\"state\":\"ajar-and-singing\",\"mode\":\"normal\"}",
      YZ_EVENT_ERROR_MALFORMED, 7 },
    { "{\"seq\":8,\"type\":\"door.state\",\"time\":\"2026-11-23T03:15:01Z\",\"station_id\":\"../../"
      "etc/passwd\",\"door_id\":\"d\",\"state\":\"open\",\"mode\":\"normal\"}",
      YZ_EVENT_ERROR_MALFORMED, 8 },
    { "{\"seq\":9,\"type\":\"entry\",\"time\":\"2026-11-23T03:15:01Z\",\"station_id\":\"hz-0001\","
      "\"entry\":\"e-1\"}",
      YZ_EVENT_ERROR_MALFORMED, 9 },
    { "{\"seq\":10,\"type\":\"x-sim-future\",\"time\":\"2026-11-23T03:15:01Z\"}",
      YZ_EVENT_ERROR_UNKNOWN_TYPE, 10 },
    { "{\"seq\":11,\"time\":\"2026-11-23T03:15:01Z\"}", YZ_EVENT_ERROR_MALFORMED, 0 },
    { "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]"
      "]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]",
      YZ_EVENT_ERROR_MALFORMED, 0 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(YzEvent) event = NULL;
      gint64 seq = -1;

      event = yz_event_parse (cases[i].text, strlen (cases[i].text), &seq, &error);
      g_assert_null (event);
      g_assert_error (error, YZ_EVENT_ERROR, cases[i].code);
      g_assert_cmpstr (error->message, !=, "");
      g_assert_cmpint (seq, ==, cases[i].seq);
    }
}

/* ---- /state: a bad item is skipped, a bad text is cleaned, the rest is taken ---- */

#define ELLIPSIS "…"

/* A station of the protocol with @name spliced in as it is (already JSON-escaped). */
static char *
station_json (const char *id, const char *name, const char *capacity)
{
  return g_strdup_printf (
      "{\"id\":\"%s\",\"name\":\"%s\",\"district\":\"牡丹区\",\"address\":\"中华路1号\","
      "\"location\":{\"lat\":35.2,\"lon\":115.4,\"datum\":\"gcj02\"},\"kind\":\"smart24\","
      "\"opening_hours\":\"00:00-24:00\",\"capacity\":%s,\"facilities\":[\"wifi\"],"
      "\"online\":true,\"occupancy\":2,\"temperature\":null,\"last_seen\":null}",
      id, name, capacity);
}

static char *
camera_json (const char *id, const char *station_id)
{
  return g_strdup_printf ("{\"id\":\"%s\",\"station_id\":\"%s\",\"name\":\"门口\",\"main_url\":"
                          "null,\"sub_url\":null,\"snapshot_url\":null,\"online\":true}",
                          id, station_id);
}

static char *
door_json (const char *id, const char *station_id, const char *name)
{
  return g_strdup_printf ("{\"id\":\"%s\",\"station_id\":\"%s\",\"name\":\"%s\",\"state\":"
                          "\"locked\",\"mode\":\"normal\"}",
                          id, station_id, name);
}

static char *
state_json (const char *version, const char *stations, const char *cameras, const char *doors)
{
  return g_strdup_printf ("{\"seq\":5,\"time\":\"2026-11-23T03:15:01Z\",\"gateway\":{\"name\":"
                          "\"网关\",\"version\":%s},\"stations\":[%s],\"cameras\":[%s],"
                          "\"doors\":[%s],\"stock\":[],\"devices\":[],\"alarms\":[]}",
                          version, stations, cameras, doors);
}

static YzStationData *
find_station (YzStateData *state, const char *id)
{
  for (guint i = 0; i < state->stations->len; i++)
    {
      YzStationData *station = g_ptr_array_index (state->stations, i);

      if (g_str_equal (station->id, id))
        return station;
    }

  return NULL;
}

/* One invalid UTF-8 byte, one wrong-typed member, one id that is not an id: each costs its
 * item (or only its member), never the city. */
static void
test_event_state_bad_item (void)
{
  g_autofree char *a = station_json ("hz-0001", "东明湖路工会驿站", "8");
  g_autofree char *b = station_json ("hz-0002", "中华路驿站", "\"eight\"");
  g_autofree char *c = station_json ("hz-0003", "西城\xff驿站", "8");
  /* An escaped lone surrogate at the end of a string: json-glib refuses the document. */
  g_autofree char *d = station_json ("hz-0004", "南站\\ud800", "8");
  g_autofree char *stations = g_strjoin (",", a, b, c, d, NULL);
  g_autofree char *cam_a = camera_json ("hz-0001-cam1", "hz-0001");
  g_autofree char *cam_c = camera_json ("hz-0003-cam1", "hz-0003");
  g_autofree char *cameras = g_strjoin (",", cam_a, cam_c, NULL);
  g_autofree char *door_a = door_json ("hz-0001-door1", "hz-0001", "正门");
  g_autofree char *door_bad = door_json ("hz-0003-d\xc3", "hz-0003", "侧门");
  g_autofree char *door_c = door_json ("hz-0003-door1", "hz-0003", "正门\xe2\x80");
  g_autofree char *doors = g_strjoin (",", door_a, door_bad, door_c, NULL);
  g_autofree char *json = state_json ("3", stations, cameras, doors);
  g_autoptr(GError) error = NULL;
  g_autoptr(YzStateData) state = yz_state_parse (json, strlen (json), &error);
  YzStationData *station;

  g_assert_no_error (error);
  g_assert_nonnull (state);
  g_assert_cmpuint (state->stations->len, ==, 3);
  g_assert_nonnull (find_station (state, "hz-0001"));
  g_assert_cmpstr (find_station (state, "hz-0004")->name, ==, "南站\xef\xbf\xbd");
  g_assert_null (find_station (state, "hz-0002"));
  station = find_station (state, "hz-0003");
  g_assert_nonnull (station);
  g_assert_cmpstr (station->name, ==, "西城\xef\xbf\xbd驿站");
  g_assert_cmpuint (state->cameras->len, ==, 2);
  g_assert_cmpuint (state->doors->len, ==, 2);
  g_assert_cmpstr (((YzDoorData *)g_ptr_array_index (state->doors, 1))->name, ==,
                   "正门\xef\xbf\xbd\xef\xbf\xbd"); /* one U+FFFD a byte */
  /* The version is only shown: of the wrong type, it is left out, not the state. */
  g_assert_cmpstr (state->gateway_name, ==, "网关");
  g_assert_null (state->gateway_version);
  /* hz-0002, the door whose id is broken, and the version; hz-0003, hz-0004 and the door
   * cleaned. */
  g_assert_cmpuint (state->n_skipped, ==, 3);
  g_assert_cmpuint (state->n_cleaned, ==, 3);
}

/* A name over the protocol's 200 characters costs its end, not the station with its cameras
 * and doors. */
static void
test_event_state_long_name (void)
{
  g_autoptr(GString) name = g_string_new (NULL);
  g_autofree char *station = NULL;
  g_autofree char *camera = camera_json ("hz-0001-cam1", "hz-0001");
  g_autofree char *door = door_json ("hz-0001-door1", "hz-0001", "正门");
  g_autofree char *json = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(YzStateData) state = NULL;
  YzStationData *data;

  for (guint i = 0; i < 300; i++)
    g_string_append (name, i % 2 ? "站" : "a");
  station = station_json ("hz-0001", name->str, "8");
  json = state_json ("\"1.0\"", station, camera, door);
  state = yz_state_parse (json, strlen (json), &error);

  g_assert_no_error (error);
  g_assert_cmpuint (state->stations->len, ==, 1);
  g_assert_cmpuint (state->cameras->len, ==, 1);
  g_assert_cmpuint (state->doors->len, ==, 1);
  data = g_ptr_array_index (state->stations, 0);
  g_assert_cmpint (g_utf8_strlen (data->name, -1), ==, 200);
  g_assert_true (g_str_has_suffix (data->name, ELLIPSIS));
  g_assert_true (g_str_has_prefix (data->name, "a站a站"));
  g_assert_cmpuint (state->n_skipped, ==, 0);
  g_assert_cmpuint (state->n_cleaned, ==, 1);
}

/* A NUL no longer cuts a name, and control and bidirectional formatting characters (which
 * can make a name read backwards) are removed, in the state and in events alike. */
static void
test_event_text_cleaned (void)
{
  g_autofree char *station = station_json (
      "hz-0001", "东明\\u0000湖路\\u202e站驿\\u202c会工\\u0007\\u2066x\\u2069\\n", "8");
  g_autofree char *json = state_json ("null", station, "", "");
  g_autoptr(GError) error = NULL;
  g_autoptr(YzStateData) state = yz_state_parse (json, strlen (json), &error);
  g_autoptr(YzEvent) alarm = NULL;
  g_autoptr(YzEvent) entry = NULL;
  g_autofree char *cut = NULL;
  YzTextCleaned cleaned;

  g_assert_no_error (error);
  g_assert_cmpstr (((YzStationData *)g_ptr_array_index (state->stations, 0))->name, ==,
                   "东明湖路站驿会工x");
  g_assert_cmpuint (state->n_cleaned, ==, 1);

  alarm = parse_ok (
      "{\"seq\":9,\"time\":\"2026-11-23T03:15:01Z\",\"type\":\"alarm.raised\",\"station_id\":"
      "\"hz-0001\",\"alarm\":{\"id\":\"a-1\",\"station_id\":\"hz-0001\",\"camera_id\":null,"
      "\"door_id\":null,\"type\":\"fall\",\"priority\":\"high\",\"raised_at\":\"2026-11-23T03:"
      "15:01Z\",\"state\":\"new\",\"owner\":\"li\\u202ewei\",\"updated_at\":\"2026-11-23T03:15:"
      "01Z\",\"category\":null,\"note\":\"第一行\\r\\n第二行\\u0000\\u001b[31m\",\"snapshot_id\":"
      "null}}");
  g_assert_cmpstr (alarm->alarm->owner, ==, "liwei");
  g_assert_cmpstr (alarm->alarm->note, ==, "第一行\n第二行[31m");

  /* A text that is nothing but what is removed is no text: the member is left out. */
  entry = parse_ok ("{\"seq\":7,\"time\":\"2026-11-23T03:12:45Z\",\"type\":\"entry\",\"station_"
                    "id\":\"hz-0001\",\"entry\":{\"id\":\"e-1\",\"station_id\":\"hz-0001\","
                    "\"door_id\":null,\"time\":\"2026-11-23T03:12:45Z\",\"person_id\":\"p-1\","
                    "\"person_name\":\"\\u202e\\u0000\",\"occupation\":\"courier\",\"method\":"
                    "\"face\",\"result\":\"granted\",\"snapshot_id\":null}}");
  g_assert_null (entry->entry->person_name);

  /* The cut never leaves a combining mark without its letter. */
  cut = yz_text_clean ("abcde\xcc\x81"
                       "fgh",
                       -1, 6, FALSE, &cleaned);
  g_assert_cmpstr (cut, ==, "abcd" ELLIPSIS);
  g_assert_cmpint (cleaned, ==, YZ_TEXT_CLEAN_TRUNCATED);
  g_clear_pointer (&cut, g_free);
  cut = yz_text_clean ("a\x80\tb", 4, 10, FALSE, &cleaned);
  g_assert_cmpstr (cut, ==, "a\xef\xbf\xbd b");
  g_assert_cmpint (cleaned, ==, YZ_TEXT_CLEAN_INVALID | YZ_TEXT_CLEAN_CONTROL);
  g_assert_true (yz_text_is_clean (cut, 10, FALSE));
  g_assert_false (yz_text_is_clean ("a\xe2\x80\xae"
                                    "b",
                                    10, FALSE));
}

/* What was left out and what was cleaned reaches the log: how many, and the first. */
static void
test_event_state_reported (void)
{
  g_autofree char *a = station_json ("hz-0001", "东明湖路\\u202e工会驿站", "8");
  g_autofree char *b = station_json ("hz-0002", "中华路驿站", "-1");
  g_autofree char *c = station_json ("hz-0003", "西城驿站", "true");
  g_autofree char *stations = g_strjoin (",", a, b, c, NULL);
  g_autofree char *json = state_json ("\"1.0\"", stations, "", "");
  g_autoptr(GError) error = NULL;
  g_autoptr(YzStateData) state = NULL;

  g_test_expect_message ("yz-event", G_LOG_LEVEL_MESSAGE,
                         "*2 malformed item(s)*first: stations[1]: “capacity” is out of range*");
  g_test_expect_message ("yz-event", G_LOG_LEVEL_MESSAGE,
                         "*1 item(s) with texts cleaned*first: stations[0] “name” "
                         "bidirectional formatting characters removed*");
  state = yz_state_parse (json, strlen (json), &error);
  g_test_assert_expected_messages ();

  g_assert_no_error (error);
  g_assert_cmpuint (state->stations->len, ==, 1);
  g_assert_cmpuint (state->n_skipped, ==, 2);
  g_assert_cmpuint (state->n_cleaned, ==, 1);
}

/* The epoch (docs/protocol.md, "Epochs"): optional in hello and /state, an id when given. */
static void
test_event_epoch (void)
{
  static const char state[] = "{\"seq\": 3, %s\"time\": \"2026-11-23T03:15:00.000Z\", "
                              "\"gateway\": {\"name\": \"g\"}, \"stations\": [], "
                              "\"cameras\": [], \"doors\": [], \"stock\": [], "
                              "\"devices\": [], \"alarms\": []}";
  static const char bad_hello[] =
      "{\"type\":\"hello\",\"last_seq\":3,\"oldest_seq\":1,\"epoch\":\"../x\"}";
  g_autoptr(YzEvent) hello =
      parse_ok ("{\"type\":\"hello\",\"last_seq\":3,\"oldest_seq\":1,\"epoch\":\"9f1c-a\"}");
  g_autoptr(YzEvent) old = parse_ok ("{\"type\":\"hello\",\"last_seq\":3,\"oldest_seq\":1}");
  g_autoptr(GError) error = NULL;
  g_autoptr(YzEvent) bad = NULL;
  g_autoptr(YzStateData) with = NULL;
  g_autoptr(YzStateData) without = NULL;
  g_autoptr(YzStateData) refused = NULL;
  g_autofree char *text = NULL;

  g_assert_cmpstr (hello->epoch, ==, "9f1c-a");
  g_assert_null (old->epoch);
  bad = yz_event_parse (bad_hello, strlen (bad_hello), NULL, &error);
  g_assert_null (bad);
  g_assert_error (error, YZ_EVENT_ERROR, YZ_EVENT_ERROR_MALFORMED);
  g_clear_error (&error);

  text = g_strdup_printf (state, "\"epoch\": \"e-2\", ");
  with = yz_state_parse (text, strlen (text), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (with->epoch, ==, "e-2");
  g_free (text);
  text = g_strdup_printf (state, "");
  without = yz_state_parse (text, strlen (text), &error);
  g_assert_no_error (error);
  g_assert_null (without->epoch);
  g_free (text);
  text = g_strdup_printf (state, "\"epoch\": 5, ");
  refused = yz_state_parse (text, strlen (text), &error);
  g_assert_null (refused);
  g_assert_error (error, YZ_EVENT_ERROR, YZ_EVENT_ERROR_MALFORMED);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/yizhan/event/door-request-id", test_event_door_request_id);
  g_test_add_func ("/yizhan/event/corpus-parses", test_event_corpus_parses);
  g_test_add_func ("/yizhan/event/audit-witness", test_event_audit_witness);
  g_test_add_func ("/yizhan/event/fields", test_event_fields);
  g_test_add_func ("/yizhan/event/refused", test_event_refused);
  g_test_add_func ("/yizhan/event/state-bad-item", test_event_state_bad_item);
  g_test_add_func ("/yizhan/event/state-long-name", test_event_state_long_name);
  g_test_add_func ("/yizhan/event/text-cleaned", test_event_text_cleaned);
  g_test_add_func ("/yizhan/event/state-reported", test_event_state_reported);
  g_test_add_func ("/yizhan/event/epoch", test_event_epoch);

  return g_test_run ();
}
