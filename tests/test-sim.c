/* test-sim.c
 *
 * yizhan-sim through the protocol, as a console sees it: state, history pages, snapshots,
 * the event stream with resume and resync, every error code, a door command round trip,
 * and a camera stream read by a client the project did not write.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <glib/gstdio.h>
#include <glib-unix.h>

#include "yz-event.h"
#include "yz-test-sim.h"

/* --- an event-stream client ------------------------------------------------------------ */

typedef struct
{
  YzTestSim *sim;
  char *token;
  SoupWebsocketConnection *conn;
  GPtrArray *messages; /* JsonObject, in arrival order (hello included) */
  GHashTable *seqs;    /* seq -> count, for duplicates */
  gint64 last_seq;
  guint bad_frames;
  guint connects;
  gboolean connecting;
  gboolean closed;
  gushort close_code;
  GError *error;
} Stream;

static void
message_cb (SoupWebsocketConnection *conn, int type, GBytes *message, Stream *stream)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonNode *root;
  JsonObject *object;
  JsonNode *seq;

  if (!json_parser_load_from_data (parser, g_bytes_get_data (message, NULL),
                                   g_bytes_get_size (message), NULL) ||
      !JSON_NODE_HOLDS_OBJECT (root = json_parser_get_root (parser)))
    {
      stream->bad_frames++;
      return;
    }
  object = json_node_get_object (root);
  seq = json_object_get_member (object, "seq");
  if (seq != NULL && json_node_get_value_type (seq) != G_TYPE_INT64)
    {
      stream->bad_frames++;
      return;
    }
  if (seq != NULL)
    {
      gint64 s = json_node_get_int (seq);
      const char *time = json_object_get_string_member_with_default (object, "time", "");

      g_autoptr(GDateTime) parsed = g_date_time_new_from_iso8601 (time, NULL);
      const char *event_type = json_object_get_string_member_with_default (object, "type", "");

      /* A well-numbered event with a nonsense body is counted as bad and skipped, without
       * advancing: its real twin follows. (The console's parser checks every field; this
       * client checks the ones the simulator's faults break.) */
      if (parsed == NULL || json_object_get_int_member_with_default (object, "occupancy", 0) < 0 ||
          (g_str_equal (event_type, "door.state") &&
           !g_strv_contains (
               (const char *const[]){ "locked", "unlocked", "open", "held-open", "forced", NULL },
               json_object_get_string_member_with_default (object, "state", ""))))
        {
          stream->bad_frames++;
          return;
        }
      if (s <= stream->last_seq)
        return; /* already seen: ignore duplicates by seq */
      stream->last_seq = s;
      g_hash_table_insert (
          stream->seqs, GINT_TO_POINTER ((int)s),
          GINT_TO_POINTER (
              GPOINTER_TO_INT (g_hash_table_lookup (stream->seqs, GINT_TO_POINTER ((int)s))) + 1));
    }
  g_ptr_array_add (stream->messages, json_object_ref (object));
}

static void
closed_cb (SoupWebsocketConnection *conn, Stream *stream)
{
  stream->closed = TRUE;
  stream->close_code = soup_websocket_connection_get_close_code (conn);
}

static void
connect_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  Stream *stream = user_data;

  stream->conn =
      soup_session_websocket_connect_finish (SOUP_SESSION (object), result, &stream->error);
  stream->connecting = FALSE;
  if (stream->conn != NULL)
    {
      stream->connects++;
      stream->closed = FALSE;
      soup_websocket_connection_set_max_incoming_payload_size (stream->conn, 0);
      g_signal_connect (stream->conn, "message", G_CALLBACK (message_cb), stream);
      g_signal_connect (stream->conn, "closed", G_CALLBACK (closed_cb), stream);
    }
}

static gboolean
not_connecting (gpointer user_data)
{
  return !((Stream *)user_data)->connecting;
}

static void
stream_connect (Stream *stream, gint64 after)
{
  g_autofree char *url = NULL;
  g_autofree char *header = g_strconcat ("Bearer ", stream->token, NULL);
  g_autoptr(SoupMessage) msg = NULL;

  g_clear_object (&stream->conn);
  g_clear_error (&stream->error);
  url = after >= 0 ? g_strdup_printf ("%s/api/v1/events?after=%" G_GINT64_FORMAT,
                                      yz_test_sim_get_base_url (stream->sim), after)
                   : g_strdup_printf ("%s/api/v1/events", yz_test_sim_get_base_url (stream->sim));
  msg = soup_message_new ("GET", url);
  soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", header);
  stream->connecting = TRUE;
  soup_session_websocket_connect_async (yz_test_sim_get_session (stream->sim), msg, NULL, NULL,
                                        G_PRIORITY_DEFAULT, NULL, connect_cb, stream);
  g_assert_true (yz_test_wait (not_connecting, stream, 10000));
}

static gboolean
stream_closed (gpointer user_data)
{
  return ((Stream *)user_data)->closed;
}

static Stream *
stream_new (YzTestSim *sim, const char *role)
{
  Stream *stream = g_new0 (Stream, 1);

  stream->sim = sim;
  stream->token = yz_test_sim_login (sim, role);
  stream->messages = g_ptr_array_new_with_free_func ((GDestroyNotify)json_object_unref);
  stream->seqs = g_hash_table_new (NULL, NULL);

  return stream;
}

static void
stream_free (Stream *stream)
{
  if (stream->conn &&
      soup_websocket_connection_get_state (stream->conn) == SOUP_WEBSOCKET_STATE_OPEN)
    {
      soup_websocket_connection_close (stream->conn, SOUP_WEBSOCKET_CLOSE_NORMAL, NULL);
      yz_test_wait (stream_closed, stream, 5000);
    }
  g_clear_object (&stream->conn);
  g_clear_error (&stream->error);
  g_ptr_array_unref (stream->messages);
  g_hash_table_unref (stream->seqs);
  g_free (stream->token);
  g_free (stream);
}

typedef struct
{
  Stream *stream;
  const char *type;
  const char *member;
  const char *value;
} Want;

static JsonObject *
find_message (Want *want)
{
  for (guint i = 0; i < want->stream->messages->len; i++)
    {
      JsonObject *object = g_ptr_array_index (want->stream->messages, i);

      if (g_strcmp0 (json_object_get_string_member_with_default (object, "type", NULL),
                     want->type) != 0)
        continue;
      if (want->member != NULL &&
          g_strcmp0 (json_object_get_string_member_with_default (object, want->member, NULL),
                     want->value) != 0)
        continue;
      return object;
    }

  return NULL;
}

static gboolean
have_message (gpointer user_data)
{
  return find_message (user_data) != NULL;
}

static JsonObject *
wait_for (Stream *stream, const char *type, const char *member, const char *value)
{
  Want want = { stream, type, member, value };

  g_assert_true (yz_test_wait (have_message, &want, 10000));

  return find_message (&want);
}

/* --- tests --------------------------------------------------------------------------- */

static void
test_sim_state (void)
{
  YzTestSim *sim = yz_test_sim_start ("--no-cameras", "--stations=30", "--seed=7", NULL);
  g_autofree char *token = yz_test_sim_login (sim, "observer");
  g_autoptr(JsonNode) state = NULL;
  g_autoptr(JsonNode) station = NULL;
  JsonObject *root;
  JsonArray *stations;
  guint datums[2] = { 0, 0 };
  guint status = 0;

  state = yz_test_sim_request (sim, "GET", "/api/v1/state", token, NULL, &status);
  g_assert_cmpuint (status, ==, 200);
  root = json_node_get_object (state);
  g_assert_true (json_object_has_member (root, "seq"));
  stations = json_object_get_array_member (root, "stations");
  g_assert_cmpuint (json_array_get_length (stations), ==, 30);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root, "cameras")), >=, 30);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root, "doors")), >=, 30);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root, "stock")), >=,
                    30 * 7);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root, "devices")), >=,
                    30 * 4);

  for (guint i = 0; i < json_array_get_length (stations); i++)
    {
      JsonObject *s = json_array_get_object_element (stations, i);
      JsonObject *location = json_object_get_object_member (s, "location");
      double lat = json_object_get_double_member (location, "lat");
      double lon = json_object_get_double_member (location, "lon");
      const char *datum = json_object_get_string_member (location, "datum");

      /* Heze: every station within the city's counties. */
      g_assert_cmpfloat (lat, >, 34.6);
      g_assert_cmpfloat (lat, <, 35.8);
      g_assert_cmpfloat (lon, >, 114.9);
      g_assert_cmpfloat (lon, <, 116.3);
      g_assert_true (g_str_equal (datum, "wgs84") || g_str_equal (datum, "gcj02"));
      datums[g_str_equal (datum, "gcj02")]++;
      g_assert_true (g_str_has_suffix (json_object_get_string_member (s, "name"), "工会驿站"));
    }
  /* Real data comes in both datums; so does the simulator's. */
  g_assert_cmpuint (datums[0], >, 0);
  g_assert_cmpuint (datums[1], >, 0);

  station = yz_test_sim_request (sim, "GET", "/api/v1/stations/hz-0001", token, NULL, &status);
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (station), "id"), ==,
                   "hz-0001");

  yz_test_sim_stop (sim);
}

static void
test_sim_seed_repeats (void)
{
  YzTestSim *a = yz_test_sim_start ("--no-cameras", "--seed=42", NULL);
  YzTestSim *b = yz_test_sim_start ("--no-cameras", "--seed=42", NULL);
  YzTestSim *c = yz_test_sim_start ("--no-cameras", "--seed=43", NULL);
  g_autofree char *ta = yz_test_sim_login (a, "observer");
  g_autofree char *tb = yz_test_sim_login (b, "observer");
  g_autofree char *tc = yz_test_sim_login (c, "observer");
  guint status;
  g_autoptr(JsonNode) sa = yz_test_sim_request (a, "GET", "/api/v1/stations", ta, NULL, &status);
  g_autoptr(JsonNode) sb = yz_test_sim_request (b, "GET", "/api/v1/stations", tb, NULL, &status);
  g_autoptr(JsonNode) sc = yz_test_sim_request (c, "GET", "/api/v1/stations", tc, NULL, &status);
  JsonObject *first_a = json_array_get_object_element (
      json_object_get_array_member (json_node_get_object (sa), "items"), 0);
  JsonObject *first_b = json_array_get_object_element (
      json_object_get_array_member (json_node_get_object (sb), "items"), 0);
  JsonObject *first_c = json_array_get_object_element (
      json_object_get_array_member (json_node_get_object (sc), "items"), 0);

  g_assert_cmpstr (json_object_get_string_member (first_a, "address"), ==,
                   json_object_get_string_member (first_b, "address"));
  g_assert_cmpstr (json_object_get_string_member (first_a, "address"), !=,
                   json_object_get_string_member (first_c, "address"));

  yz_test_sim_stop (a);
  yz_test_sim_stop (b);
  yz_test_sim_stop (c);
}

static void
test_sim_history (void)
{
  YzTestSim *sim = yz_test_sim_start ("--no-cameras", "--control", NULL);
  g_autofree char *token = yz_test_sim_login (sim, "operator");
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char *cursor = NULL;
  guint status = 0;
  guint pages = 0;

  for (int i = 0; i < 5; i++)
    {
      g_autoptr(JsonNode) made = yz_test_sim_request (sim, "POST", "/api/v1/_control/entry", token,
                                                       "{\"station_id\":\"hz-0002\"}", &status);
      g_assert_cmpuint (status, ==, 201);
    }

  do
    {
      g_autofree char *path =
          cursor ? g_strdup_printf ("/api/v1/entries?station=hz-0002&limit=2&cursor=%s", cursor)
                 : g_strdup ("/api/v1/entries?station=hz-0002&limit=2");
      g_autoptr(JsonNode) page = yz_test_sim_request (sim, "GET", path, token, NULL, &status);
      JsonObject *root = json_node_get_object (page);
      JsonArray *items = json_object_get_array_member (root, "items");

      g_assert_cmpuint (status, ==, 200);
      g_assert_cmpuint (json_array_get_length (items), <=, 2);
      for (guint i = 0; i < json_array_get_length (items); i++)
        {
          JsonObject *entry = json_array_get_object_element (items, i);

          g_assert_cmpstr (json_object_get_string_member (entry, "station_id"), ==, "hz-0002");
          g_assert_true (
              g_hash_table_add (seen, g_strdup (json_object_get_string_member (entry, "id"))));
        }
      g_clear_pointer (&cursor, g_free);
      cursor = g_strdup (json_object_get_string_member_with_default (root, "next_cursor", NULL));
      pages++;
    }
  while (cursor != NULL && pages < 50);

  /* Life may add visits of its own at hz-0002; the five made here are all there, once. */
  g_assert_cmpuint (g_hash_table_size (seen), >=, 5);
  g_assert_cmpuint (pages, >=, 3);

  /* A cursor that means nothing is a 400. */
  {
    g_autoptr(JsonNode) bad =
        yz_test_sim_request (sim, "GET", "/api/v1/entries?cursor=nonsense", token, NULL, &status);
    g_assert_cmpuint (status, ==, 400);
  }

  yz_test_sim_stop (sim);
}

static void
test_sim_snapshot (void)
{
  YzTestSim *sim = yz_test_sim_start ("--no-cameras", "--control", NULL);
  g_autofree char *token = yz_test_sim_login (sim, "operator");
  g_autoptr(JsonNode) entry = NULL;
  g_autoptr(GBytes) jpeg = NULL;
  g_autofree char *path = NULL;
  g_autofree char *content_type = NULL;
  const guint8 *data;
  gsize size;
  guint status = 0;
  gboolean found_sof = FALSE;

  entry = yz_test_sim_request (sim, "POST", "/api/v1/_control/entry", token,
                               "{\"station_id\":\"hz-0001\"}", &status);
  g_assert_cmpuint (status, ==, 201);
  path =
      g_strdup_printf ("/api/v1/snapshots/%s",
                       json_object_get_string_member (json_node_get_object (entry), "snapshot_id"));
  jpeg = yz_test_sim_get_bytes (sim, path, token, &status, &content_type);
  if (status == 503)
    {
      g_test_skip ("yizhan-sim was built without its media (snapshots)");
      yz_test_sim_stop (sim);
      return;
    }
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpstr (content_type, ==, "image/jpeg");

  /* A JPEG: SOI, a baseline or progressive frame header of 768×432, EOI. */
  data = g_bytes_get_data (jpeg, &size);
  g_assert_cmpuint (size, >, 10000);
  g_assert_cmpuint (size, <, 100000);
  g_assert_true (data[0] == 0xFF && data[1] == 0xD8);
  g_assert_true (data[size - 2] == 0xFF && data[size - 1] == 0xD9);
  for (gsize i = 2; i + 9 < size; i++)
    {
      if (data[i] == 0xFF && (data[i + 1] == 0xC0 || data[i + 1] == 0xC2))
        {
          g_assert_cmpuint ((data[i + 5] << 8) | data[i + 6], ==, 432);
          g_assert_cmpuint ((data[i + 7] << 8) | data[i + 8], ==, 768);
          found_sof = TRUE;
          break;
        }
    }
  g_assert_true (found_sof);

  yz_test_sim_stop (sim);
}

static void
test_sim_event_stream (void)
{
  YzTestSim *sim = yz_test_sim_start ("--no-cameras", "--control", NULL);
  Stream *stream = stream_new (sim, "observer");
  g_autofree char *token = yz_test_sim_login (sim, "operator");
  g_autoptr(JsonNode) alarm = NULL;
  JsonObject *hello;
  JsonObject *raised;
  guint status = 0;

  stream_connect (stream, -1);
  g_assert_no_error (stream->error);
  hello = wait_for (stream, "hello", NULL, NULL);
  g_assert_true (json_object_has_member (hello, "last_seq"));

  alarm = yz_test_sim_request (sim, "POST", "/api/v1/_control/alarm", token,
                               "{\"station_id\":\"hz-0003\",\"type\":\"fall\"}", &status);
  g_assert_cmpuint (status, ==, 201);

  raised = wait_for (stream, "alarm.raised", "station_id", "hz-0003");
  g_assert_cmpstr (
      json_object_get_string_member (json_object_get_object_member (raised, "alarm"), "id"), ==,
      json_object_get_string_member (json_node_get_object (alarm), "id"));
  g_assert_cmpstr (
      json_object_get_string_member (json_object_get_object_member (raised, "alarm"), "priority"),
      ==, "critical");
  g_assert_cmpint (json_object_get_int_member (raised, "seq"), >,
                   json_object_get_int_member (hello, "last_seq"));

  stream_free (stream);
  yz_test_sim_stop (sim);
}

/* The epoch: --epoch fixes it; hello and /state carry it; _control/new-epoch starts the
 * sequence again under a new one, closing the clients. */
static void
test_sim_epoch (void)
{
  YzTestSim *sim = yz_test_sim_start ("--no-cameras", "--control", "--epoch=fixed-1", NULL);
  Stream *stream = stream_new (sim, "observer");
  g_autofree char *token = yz_test_sim_login (sim, "operator");
  g_autoptr(JsonNode) state = NULL;
  g_autoptr(JsonNode) reply = NULL;
  g_autoptr(JsonNode) after = NULL;
  const char *epoch;
  JsonObject *hello;
  guint status = 0;

  stream_connect (stream, 0);
  g_assert_no_error (stream->error);
  hello = wait_for (stream, "hello", NULL, NULL);
  g_assert_cmpstr (json_object_get_string_member (hello, "epoch"), ==, "fixed-1");
  state = yz_test_sim_request (sim, "GET", "/api/v1/state", token, NULL, &status);
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (state), "epoch"), ==,
                   "fixed-1");

  reply = yz_test_sim_request (sim, "POST", "/api/v1/_control/new-epoch", token, "{}", &status);
  g_assert_cmpuint (status, ==, 200);
  epoch = json_object_get_string_member (json_node_get_object (reply), "epoch");
  g_assert_cmpstr (epoch, !=, "fixed-1");
  g_assert_true (yz_is_id (epoch));
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (reply), "last_seq"), ==, 0);
  g_assert_true (yz_test_wait (stream_closed, stream, 10000));

  after = yz_test_sim_request (sim, "GET", "/api/v1/state", token, NULL, &status);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (after), "epoch"), ==,
                   epoch);

  stream_free (stream);
  yz_test_sim_stop (sim);
}

typedef struct
{
  Stream *stream;
  gint64 target;
} Reach;

static gboolean
reached (gpointer user_data)
{
  Reach *reach = user_data;

  return reach->stream->last_seq >= reach->target || reach->stream->closed;
}

static void
test_sim_resume (void)
{
  g_autofree char *journal =
      g_build_filename (g_get_tmp_dir (), "yizhan-test-journal-XXXXXX", NULL);
  g_autofree char *journal_arg = NULL;
  g_autoptr(GPtrArray) events = NULL;
  YzTestSim *sim;
  Stream *stream;
  g_autofree char *token = NULL;
  guint status = 0;
  gint64 journal_last = 0;
  guint journal_count = 0;
  gint64 deadline;

  g_close (g_mkstemp (journal), NULL);
  journal_arg = g_strconcat ("--journal=", journal, NULL);
  sim = yz_test_sim_start ("--no-cameras", "--control", "--fault-ws-close-every=1",
                           "--fault-malformed=0.05", "--fault-unknown=0.05", journal_arg, NULL);
  stream = stream_new (sim, "observer");
  token = yz_test_sim_login (sim, "operator");

  /* Bursts while the server closes the stream every second; the client resumes each time
   * with after=<last seq it kept>. */
  stream_connect (stream, 0);
  deadline = g_get_monotonic_time () + 6 * G_USEC_PER_SEC;
  while (g_get_monotonic_time () < deadline)
    {
      g_autoptr(JsonNode) nothing = yz_test_sim_request (sim, "POST", "/api/v1/_control/burst",
                                                          token, "{\"count\":500}", &status);
      g_assert_cmpuint (status, ==, 204);
      g_main_context_iteration (NULL, FALSE);
      if (stream->closed || stream->conn == NULL)
        stream_connect (stream, stream->last_seq);
    }

  /* Stop the faults, then catch up to the journal's end. */
  {
    g_autoptr(JsonNode) nothing = yz_test_sim_request (
        sim, "POST", "/api/v1/_control/faults", token, "{\"fault_ws_close_every\":0}", &status);
    g_assert_cmpuint (status, ==, 204);
  }
  if (stream->closed)
    stream_connect (stream, stream->last_seq);
  events = yz_test_sim_read_journal (journal);
  for (guint i = 0; i < events->len; i++)
    journal_last = json_object_get_int_member (g_ptr_array_index (events, i), "seq");
  journal_count = events->len;
  g_assert_cmpuint (journal_count, >, 2000);
  {
    Reach reach = { stream, journal_last };
    g_assert_true (yz_test_wait (reached, &reach, 20000));
  }
  g_assert_cmpint (stream->last_seq, >=, journal_last);
  g_assert_cmpuint (stream->connects, >=, 3);
  g_assert_cmpuint (stream->bad_frames, >, 0);

  /* Nothing lost, nothing twice: every seq of the journal arrived exactly once. */
  for (gint64 seq = 1; seq <= journal_last; seq++)
    g_assert_cmpint (
        GPOINTER_TO_INT (g_hash_table_lookup (stream->seqs, GINT_TO_POINTER ((int)seq))), ==, 1);

  stream_free (stream);
  yz_test_sim_stop (sim);
  g_unlink (journal);
}

/* The journal lists what was sent, not what was numbered: events made while no client is
 * connected are not in it until a client receives them, and then each once. */
static void
test_sim_journal_at_send (void)
{
  g_autofree char *journal =
      g_build_filename (g_get_tmp_dir (), "yizhan-test-journal-XXXXXX", NULL);
  g_autofree char *journal_arg = NULL;
  g_autoptr(GPtrArray) before = NULL;
  g_autoptr(GPtrArray) after = NULL;
  g_autoptr(GHashTable) listed = g_hash_table_new (NULL, NULL);
  g_autoptr(JsonNode) nothing = NULL;
  g_autofree char *token = NULL;
  YzTestSim *sim;
  Stream *stream;
  JsonObject *hello;
  guint status = 0;
  gint64 last;

  g_close (g_mkstemp (journal), NULL);
  journal_arg = g_strconcat ("--journal=", journal, NULL);
  sim = yz_test_sim_start ("--no-cameras", "--control", journal_arg, NULL);
  token = yz_test_sim_login (sim, "operator");

  /* 200 events numbered with nobody listening: none was sent. */
  nothing = yz_test_sim_request (sim, "POST", "/api/v1/_control/burst", token, "{\"count\":200}",
                                 &status);
  g_assert_cmpuint (status, ==, 204);
  before = yz_test_sim_read_journal (journal);
  g_assert_cmpuint (before->len, ==, 0);

  /* A client resumes from 0 and gets them: now the journal lists each once. */
  stream = stream_new (sim, "observer");
  stream_connect (stream, 0);
  hello = wait_for (stream, "hello", NULL, NULL);
  last = json_object_get_int_member (hello, "last_seq");
  g_assert_cmpint (last, >=, 200);
  {
    Reach reach = { stream, last };
    g_assert_true (yz_test_wait (reached, &reach, 10000));
  }

  /* The journal is written before the frame leaves, so it holds all the client has. */
  after = yz_test_sim_read_journal (journal);
  for (guint i = 0; i < after->len; i++)
    {
      gint64 seq = json_object_get_int_member (g_ptr_array_index (after, i), "seq");

      g_assert_false (g_hash_table_contains (listed, GINT_TO_POINTER ((int)seq)));
      g_hash_table_add (listed, GINT_TO_POINTER ((int)seq));
      /* Anything listed up to what the client has seen, it received (later: in flight). */
      if (seq <= stream->last_seq)
        g_assert_true (g_hash_table_contains (stream->seqs, GINT_TO_POINTER ((int)seq)));
    }
  for (gint64 seq = 1; seq <= stream->last_seq; seq++)
    g_assert_true (g_hash_table_contains (listed, GINT_TO_POINTER ((int)seq)));

  stream_free (stream);
  yz_test_sim_stop (sim);
  g_unlink (journal);
}

static void
test_sim_resync (void)
{
  YzTestSim *sim = yz_test_sim_start ("--no-cameras", "--control", "--replay-window=50", NULL);
  Stream *stream = stream_new (sim, "observer");
  g_autofree char *token = yz_test_sim_login (sim, "operator");
  g_autoptr(JsonNode) nothing = NULL;
  JsonObject *resync;
  guint status = 0;

  nothing = yz_test_sim_request (sim, "POST", "/api/v1/_control/burst", token, "{\"count\":300}",
                                 &status);
  g_assert_cmpuint (status, ==, 204);

  stream_connect (stream, 1);
  resync = wait_for (stream, "resync-required", NULL, NULL);
  g_assert_cmpint (json_object_get_int_member (resync, "oldest_seq"), >, 2);
  g_assert_true (yz_test_wait (stream_closed, stream, 10000));
  g_assert_cmpuint (stream->close_code, ==, 4000);

  stream_free (stream);
  yz_test_sim_stop (sim);
}

static guint
status_of (YzTestSim *sim, const char *method, const char *path, const char *token,
           const char *body, const char *expected_code)
{
  guint status = 0;
  g_autoptr(JsonNode) reply = yz_test_sim_request (sim, method, path, token, body, &status);

  if (expected_code != NULL)
    {
      JsonObject *error;

      g_assert_nonnull (reply);
      error = json_object_get_object_member (json_node_get_object (reply), "error");
      g_assert_nonnull (error);
      g_assert_cmpstr (json_object_get_string_member (error, "code"), ==, expected_code);
      g_assert_cmpstr (json_object_get_string_member (error, "message"), !=, "");
    }

  return status;
}

static void
test_sim_errors (void)
{
  YzTestSim *sim = yz_test_sim_start ("--no-cameras", "--control", NULL);
  g_autofree char *observer = yz_test_sim_login (sim, "observer");
  g_autofree char *op = yz_test_sim_login (sim, "operator");
  g_autoptr(JsonNode) alarm = NULL;
  g_autofree char *resolve = NULL;
  const char *good = "{\"category\":\"false-alarm\",\"note\":\"看了录像，没有人摔倒\"}";
  guint status = 0;
  guint limited = 0;

  g_assert_cmpuint (status_of (sim, "POST", "/api/v1/session", NULL, "{not json", "bad-request"),
                    ==, 400);
  g_assert_cmpuint (status_of (sim, "POST", "/api/v1/session", NULL,
                               "{\"operator\":\"operator\",\"password\":\"x\"}", "bad-credentials"),
                    ==, 401);
  g_assert_cmpuint (status_of (sim, "GET", "/api/v1/state", NULL, NULL, "unauthorized"), ==, 401);
  g_assert_cmpuint (status_of (sim, "GET", "/api/v1/state", "not-a-token", NULL, "unauthorized"),
                    ==, 401);
  g_assert_cmpuint (status_of (sim, "POST", "/api/v1/doors/hz-0001-door1/commands", observer,
                               "{\"command\":\"open\",\"reason\":\"test\"}", "forbidden"),
                    ==, 403);
  g_assert_cmpuint (status_of (sim, "PUT", "/api/v1/stock/hz-0001-water/threshold", op,
                               "{\"low_threshold\":5}", "forbidden"),
                    ==, 403);
  g_assert_cmpuint (status_of (sim, "GET", "/api/v1/nowhere", op, NULL, "not-found"), ==, 404);
  g_assert_cmpuint (status_of (sim, "GET", "/api/v1/stations/hz-9999", op, NULL, "not-found"), ==,
                    404);
  g_assert_cmpuint (status_of (sim, "POST", "/api/v1/doors/hz-0001-door1/commands", op,
                               "{\"command\":\"open\"}", "invalid"),
                    ==, 422);
  g_assert_cmpuint (status_of (sim, "POST", "/api/v1/doors/hz-0001-door1/commands", op,
                               "{\"command\":\"keep-open\",\"minutes\":0,\"reason\":\"x\"}",
                               "invalid"),
                    ==, 422);
  g_assert_cmpuint (status_of (sim, "POST", "/api/v1/doors/hz-0001-door1/commands", op,
                               "{\"command\":42,\"reason\":\"x\"}", "bad-request"),
                    ==, 400);
  g_assert_cmpuint (status_of (sim, "POST", "/api/v1/devices/hz-0001-microwave/power", op,
                               "{\"on\":false}", "not-switchable"),
                    ==, 409);

  alarm = yz_test_sim_request (sim, "POST", "/api/v1/_control/alarm", op,
                               "{\"station_id\":\"hz-0001\",\"type\":\"smoking\"}", &status);
  g_assert_cmpuint (status, ==, 201);
  resolve = g_strdup_printf ("/api/v1/alarms/%s/resolve",
                             json_object_get_string_member (json_node_get_object (alarm), "id"));
  g_assert_cmpuint (
      status_of (sim, "POST", resolve, op, "{\"category\":\"false-alarm\"}", "invalid"), ==, 422);
  g_assert_cmpuint (status_of (sim, "POST", resolve, op, good, NULL), ==, 200);
  g_assert_cmpuint (status_of (sim, "POST", resolve, op, good, "conflict"), ==, 409);

  /* More than 20 commands a second on one token. */
  for (int i = 0; i < 40; i++)
    if (status_of (sim, "POST", "/api/v1/devices/hz-0001-lights/power", op, "{\"on\":true}",
                   NULL) == 429)
      limited++;
  g_assert_cmpuint (limited, >, 0);

  /* The server failing. */
  g_assert_cmpuint (
      status_of (sim, "POST", "/api/v1/_control/faults", op, "{\"fault_http_500\":1.0}", NULL), ==,
      204);
  g_assert_cmpuint (status_of (sim, "GET", "/api/v1/state", op, NULL, "internal"), ==, 500);
  g_assert_cmpuint (
      status_of (sim, "POST", "/api/v1/_control/faults", op, "{\"fault_http_500\":0.0}", NULL), ==,
      204);
  g_assert_cmpuint (status_of (sim, "GET", "/api/v1/stations/hz-0001", op, NULL, NULL), ==, 200);

  yz_test_sim_stop (sim);
}

static void
test_sim_door_command (void)
{
  YzTestSim *sim = yz_test_sim_start ("--no-cameras", NULL);
  Stream *stream = stream_new (sim, "observer");
  g_autofree char *token = yz_test_sim_login (sim, "operator");
  g_autoptr(JsonNode) accepted = NULL;
  g_autoptr(JsonNode) door = NULL;
  JsonObject *result;
  JsonObject *state;
  const char *command_id;
  guint status = 0;

  stream_connect (stream, -1);
  wait_for (stream, "hello", NULL, NULL);

  accepted = yz_test_sim_request (
      sim, "POST", "/api/v1/doors/hz-0001-door1/commands", token,
      "{\"command\":\"keep-open\",\"minutes\":30,\"reason\":\"救护人员即将到达\"}", &status);
  g_assert_cmpuint (status, ==, 202);
  command_id = json_object_get_string_member (json_node_get_object (accepted), "command_id");
  g_assert_nonnull (command_id);

  result = wait_for (stream, "door.command-result", "command_id", command_id);
  g_assert_true (json_object_get_boolean_member (result, "ok"));
  g_assert_cmpstr (json_object_get_string_member (result, "by"), ==, "operator");
  state = wait_for (stream, "door.state", "door_id", "hz-0001-door1");
  g_assert_cmpstr (json_object_get_string_member (state, "mode"), ==, "always-open");

  door = yz_test_sim_request (sim, "GET", "/api/v1/doors/hz-0001-door1", token, NULL, &status);
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (door), "mode"), ==,
                   "always-open");

  stream_free (stream);
  yz_test_sim_stop (sim);
}

/* How many events of @type about @door_id (and, with @command_id, that command) the
 * journal holds. */
static guint
journal_count (const char *journal, const char *type, const char *door_id, const char *command_id)
{
  g_autoptr(GPtrArray) events = yz_test_sim_read_journal (journal);
  guint n = 0;

  for (guint i = 0; i < events->len; i++)
    {
      JsonObject *event = g_ptr_array_index (events, i);

      if (g_strcmp0 (json_object_get_string_member_with_default (event, "type", NULL), type) == 0 &&
          g_strcmp0 (json_object_get_string_member_with_default (event, "door_id", NULL),
                     door_id) == 0 &&
          (command_id == NULL ||
           g_strcmp0 (json_object_get_string_member_with_default (event, "command_id", NULL),
                      command_id) == 0))
        n++;
    }
  return n;
}

static char *
door_body (const char *command, const char *request_id, gint64 expires_in_ms)
{
  gint64 at = g_get_real_time () / 1000 + expires_in_ms;
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (at / 1000);
  g_autofree char *seconds = g_date_time_format (utc, "%Y-%m-%dT%H:%M:%S");

  return g_strdup_printf ("{\"command\":\"%s\",%s\"reason\":\"medical\",\"request_id\":\"%s\","
                          "\"expires_at\":\"%s.%03dZ\"}",
                          command, g_str_equal (command, "keep-open") ? "\"minutes\":30," : "",
                          request_id, seconds, (int)(at % 1000));
}

/* The id and expiry of a door command (docs/protocol.md, section 4): the same request id
 * twice is carried out once and answered with the same command id; a command that arrives
 * after its expiry is refused (409 expired); one whose door would act after it is answered
 * "expired" and not carried out: no door.state follows. */
static void
test_sim_door_expiry (void)
{
  g_autofree char *journal =
      g_build_filename (g_get_tmp_dir (), "yizhan-test-journal-XXXXXX", NULL);
  g_autofree char *journal_arg = NULL;
  YzTestSim *sim;
  Stream *stream;
  g_autofree char *token = NULL;
  g_autofree char *once = door_body ("keep-open", "req-once", 20000);
  g_autofree char *other = door_body ("lock", "req-once", 20000);
  g_autofree char *sentinel = door_body ("keep-open", "req-sentinel", 20000);
  g_autofree char *late = door_body ("keep-open", "req-late", -1000);
  g_autofree char *far = door_body ("keep-open", "req-far", 3600 * 1000);
  g_autofree char *queued = NULL;
  g_autofree char *first_id = NULL;
  g_autofree char *queued_id = NULL;
  g_autoptr(JsonNode) first = NULL;
  g_autoptr(JsonNode) again = NULL;
  g_autoptr(JsonNode) taken = NULL;
  g_autoptr(JsonNode) door = NULL;
  JsonObject *result;
  guint status = 0;

  g_close (g_mkstemp (journal), NULL);
  journal_arg = g_strconcat ("--journal=", journal, NULL);
  sim = yz_test_sim_start ("--no-cameras", "--control", journal_arg, NULL);
  stream = stream_new (sim, "observer");
  token = yz_test_sim_login (sim, "operator");
  stream_connect (stream, -1);
  wait_for (stream, "hello", NULL, NULL);
  for (guint i = 1; i <= 4; i++)
    {
      g_autofree char *online = g_strdup_printf ("{\"station_id\":\"hz-%04u\",\"online\":true}", i);

      g_assert_cmpuint (status_of (sim, "POST", "/api/v1/_control/station", token, online, NULL),
                        ==, 204);
    }
  /* Every door answers after 0.3 s: a retry carried out would answer before the sentinel. */
  g_assert_cmpuint (status_of (sim, "POST", "/api/v1/_control/faults", token,
                               "{\"fault_door_delay_ms\":300}", NULL),
                    ==, 204);

  first = yz_test_sim_request (sim, "POST", "/api/v1/doors/hz-0001-door1/commands", token, once,
                               &status);
  g_assert_cmpuint (status, ==, 202);
  first_id = g_strdup (json_object_get_string_member (json_node_get_object (first), "command_id"));
  again = yz_test_sim_request (sim, "POST", "/api/v1/doors/hz-0001-door1/commands", token, once,
                               &status);
  g_assert_cmpuint (status, ==, 202);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (again), "command_id"), ==,
                   first_id);
  g_assert_cmpuint (
      status_of (sim, "POST", "/api/v1/doors/hz-0001-door1/commands", token, other, "conflict"), ==,
      409);
  result = wait_for (stream, "door.command-result", "command_id", first_id);
  g_assert_true (json_object_get_boolean_member (result, "ok"));
  g_assert_cmpstr (json_object_get_string_member (result, "request_id"), ==, "req-once");
  taken = yz_test_sim_request (sim, "POST", "/api/v1/doors/hz-0002-door1/commands", token, sentinel,
                               &status);
  g_assert_cmpuint (status, ==, 202);
  wait_for (stream, "door.command-result", "door_id", "hz-0002-door1");
  g_assert_cmpuint (journal_count (journal, "door.command-result", "hz-0001-door1", NULL), ==, 1);
  g_assert_cmpuint (journal_count (journal, "door.state", "hz-0001-door1", NULL), ==, 1);

  /* Too late on arrival; an expiry too far ahead. */
  g_assert_cmpuint (
      status_of (sim, "POST", "/api/v1/doors/hz-0003-door1/commands", token, late, "expired"), ==,
      409);
  g_assert_cmpuint (
      status_of (sim, "POST", "/api/v1/doors/hz-0003-door1/commands", token, far, "invalid"), ==,
      422);

  /* Taken, but the door would act after the expiry. */
  g_assert_cmpuint (status_of (sim, "POST", "/api/v1/_control/faults", token,
                               "{\"fault_door_delay_ms\":1500}", NULL),
                    ==, 204);
  g_clear_pointer (&taken, json_node_unref);
  queued = door_body ("keep-open", "req-queued", 400); /* made now: the clock runs */
  taken = yz_test_sim_request (sim, "POST", "/api/v1/doors/hz-0003-door1/commands", token, queued,
                               &status);
  g_assert_cmpuint (status, ==, 202);
  queued_id = g_strdup (json_object_get_string_member (json_node_get_object (taken), "command_id"));
  result = wait_for (stream, "door.command-result", "command_id", queued_id);
  g_assert_false (json_object_get_boolean_member (result, "ok"));
  g_assert_cmpstr (json_object_get_string_member (result, "reason"), ==, "expired");
  /* A later command's answer: anything the expired one did would be in the journal by now. */
  g_clear_pointer (&taken, json_node_unref);
  g_free (sentinel);
  sentinel = door_body ("keep-open", "req-sentinel-2", 20000);
  taken = yz_test_sim_request (sim, "POST", "/api/v1/doors/hz-0004-door1/commands", token, sentinel,
                               &status);
  g_assert_cmpuint (status, ==, 202);
  wait_for (stream, "door.command-result", "door_id", "hz-0004-door1");
  g_assert_cmpuint (journal_count (journal, "door.state", "hz-0003-door1", NULL), ==, 0);
  door = yz_test_sim_request (sim, "GET", "/api/v1/doors/hz-0003-door1", token, NULL, &status);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (door), "mode"), !=,
                   "always-open");

  stream_free (stream);
  yz_test_sim_stop (sim);
  g_unlink (journal);
}

typedef struct
{
  gboolean done;
  char *output;
  int exit_status;
} Child;

static void
communicate_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  Child *child = user_data;

  g_subprocess_communicate_utf8_finish (G_SUBPROCESS (object), result, &child->output, NULL, NULL);
  child->exit_status = g_subprocess_get_if_exited (G_SUBPROCESS (object))
                           ? g_subprocess_get_exit_status (G_SUBPROCESS (object))
                           : -1;
  child->done = TRUE;
}

static gboolean
child_done (gpointer user_data)
{
  return ((Child *)user_data)->done;
}

static void
test_sim_camera_stream (void)
{
  g_autofree char *discoverer = g_find_program_in_path ("gst-discoverer-1.0");
  YzTestSim *sim;
  g_autofree char *token = NULL;
  g_autoptr(JsonNode) camera = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  Child child = { 0 };
  guint status = 0;
  const char *url;

  if (discoverer == NULL)
    {
      g_test_skip ("gst-discoverer-1.0 is not installed (gstreamer1.0-plugins-base-apps)");
      return;
    }

  sim = yz_test_sim_start ("--stations=2", NULL);
  if (yz_test_sim_get_rtsp_port (sim) == 0)
    {
      g_test_skip ("yizhan-sim was built without its cameras");
      yz_test_sim_stop (sim);
      return;
    }
  token = yz_test_sim_login (sim, "observer");
  camera = yz_test_sim_request (sim, "GET", "/api/v1/cameras/hz-0001-cam1", token, NULL, &status);
  g_assert_cmpuint (status, ==, 200);
  url = json_object_get_string_member (json_node_get_object (camera), "sub_url");
  g_assert_true (g_str_has_prefix (url, "rtsp://127.0.0.1:"));

  process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_MERGE,
                              &error, discoverer, "-v", "-t", "20", url, NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8_async (process, NULL, NULL, communicate_cb, &child);
  g_assert_true (yz_test_wait (child_done, &child, 40000));
  g_test_message ("%s", child.output);
  g_assert_cmpint (child.exit_status, ==, 0);
  g_assert_nonnull (strstr (child.output, "H.264"));
  g_assert_nonnull (strstr (child.output, "Width: 640"));
  g_assert_nonnull (strstr (child.output, "Height: 360"));
  g_free (child.output);

  yz_test_sim_stop (sim);
}

/* A command with the head of a console's audit chain (docs/protocol.md, "The audit
 * witness"): sent synchronously on a session of its own. Returns: the status */
static guint
post_with_head (YzTestSim *sim, const char *token, const char *console, const char *head)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autofree char *url =
      g_strconcat (yz_test_sim_get_base_url (sim), "/api/v1/doors/hz-0001-door1/commands", NULL);
  g_autoptr(SoupMessage) msg = soup_message_new ("POST", url);
  g_autofree char *bearer = g_strconcat ("Bearer ", token, NULL);
  const char *body = "{\"command\":\"lock\",\"reason\":\"maintenance\"}";
  g_autoptr(GBytes) request = g_bytes_new_static (body, strlen (body));
  g_autoptr(GBytes) reply = NULL;
  SoupMessageHeaders *headers = soup_message_get_request_headers (msg);

  soup_message_headers_replace (headers, "Authorization", bearer);
  soup_message_headers_replace (headers, "Yizhan-Console", console);
  soup_message_headers_replace (headers, "Yizhan-Audit-Head", head);
  soup_message_set_request_body_from_bytes (msg, "application/json", request);
  reply = soup_session_send_and_read (session, msg, NULL, NULL);

  return soup_message_get_status (msg);
}

static JsonArray *
witness_heads (YzTestSim *sim, const char *token, const char *console, JsonNode **reply)
{
  g_autofree char *path = g_strconcat ("/api/v1/audit/witness?console=", console, NULL);
  guint status = 0;

  *reply = yz_test_sim_request (sim, "GET", path, token, NULL, &status);
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (*reply), "console"), ==,
                   console);
  return json_object_get_array_member (json_node_get_object (*reply), "heads");
}

#define HASH_A "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
#define HASH_B "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"

/* The simulator keeps, per console and operator, the highest head a command carried; a
 * lower one, or a header not in form, changes nothing and refuses nothing. */
static void
test_sim_audit_witness (void)
{
  YzTestSim *sim = yz_test_sim_start ("--no-cameras", NULL);
  g_autofree char *op = yz_test_sim_login (sim, "operator");
  g_autofree char *boss = yz_test_sim_login (sim, "supervisor");
  g_autoptr(JsonNode) reply = NULL;
  JsonArray *heads;
  JsonObject *head;

  heads = witness_heads (sim, op, "c0ffee0123456789", &reply);
  g_assert_cmpuint (json_array_get_length (heads), ==, 0);
  g_clear_pointer (&reply, json_node_unref);

  g_assert_cmpuint (post_with_head (sim, op, "c0ffee0123456789", "5:" HASH_A), ==, 202);
  g_assert_cmpuint (post_with_head (sim, op, "c0ffee0123456789", "3:" HASH_B), ==, 202);
  g_assert_cmpuint (post_with_head (sim, op, "c0ffee0123456789", "7:" HASH_A "0"), ==, 202);
  g_assert_cmpuint (post_with_head (sim, op, "c0ffee0123456789", "x:" HASH_A), ==, 202);
  g_assert_cmpuint (post_with_head (sim, boss, "c0ffee0123456789", "6:" HASH_B), ==, 202);
  g_assert_cmpuint (post_with_head (sim, op, "another-console", "9:" HASH_B), ==, 202);

  heads = witness_heads (sim, op, "c0ffee0123456789", &reply);
  g_assert_cmpuint (json_array_get_length (heads), ==, 2);
  head = json_array_get_object_element (heads, 0);
  g_assert_cmpstr (json_object_get_string_member (head, "operator"), ==, "operator");
  g_assert_cmpint (json_object_get_int_member (head, "count"), ==, 5);
  g_assert_cmpstr (json_object_get_string_member (head, "hash"), ==, HASH_A);
  head = json_array_get_object_element (heads, 1);
  g_assert_cmpstr (json_object_get_string_member (head, "operator"), ==, "supervisor");
  g_assert_cmpint (json_object_get_int_member (head, "count"), ==, 6);

  g_assert_cmpuint (status_of (sim, "GET", "/api/v1/audit/witness", op, NULL, "bad-request"), ==,
                    400);
  g_assert_cmpuint (status_of (sim, "GET", "/api/v1/audit/witness?console=c0ffee0123456789", NULL,
                               NULL, "unauthorized"),
                    ==, 401);

  yz_test_sim_stop (sim);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/yizhan/sim/state", test_sim_state);
  g_test_add_func ("/yizhan/sim/seed-repeats", test_sim_seed_repeats);
  g_test_add_func ("/yizhan/sim/history", test_sim_history);
  g_test_add_func ("/yizhan/sim/snapshot", test_sim_snapshot);
  g_test_add_func ("/yizhan/sim/event-stream", test_sim_event_stream);
  g_test_add_func ("/yizhan/sim/resume", test_sim_resume);
  g_test_add_func ("/yizhan/sim/journal-at-send", test_sim_journal_at_send);
  g_test_add_func ("/yizhan/sim/resync", test_sim_resync);
  g_test_add_func ("/yizhan/sim/epoch", test_sim_epoch);
  g_test_add_func ("/yizhan/sim/errors", test_sim_errors);
  g_test_add_func ("/yizhan/sim/door-command", test_sim_door_command);
  g_test_add_func ("/yizhan/sim/audit-witness", test_sim_audit_witness);
  g_test_add_func ("/yizhan/sim/door-expiry", test_sim_door_expiry);
  g_test_add_func ("/yizhan/sim/camera-stream", test_sim_camera_stream);

  return g_test_run ();
}
