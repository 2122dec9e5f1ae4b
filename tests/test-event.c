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
        g_autoptr(YzDeviceData) device = yz_device_data_parse (body, length, &error);
        ok = device != NULL;
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
    default:
      break;
    }
  g_assert_no_error (error);

  return ok;
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
      if (length > 0 && contents[0] >= 1 && contents[0] <= 8)
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

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/yizhan/event/corpus-parses", test_event_corpus_parses);
  g_test_add_func ("/yizhan/event/fields", test_event_fields);
  g_test_add_func ("/yizhan/event/refused", test_event_refused);

  return g_test_run ();
}
