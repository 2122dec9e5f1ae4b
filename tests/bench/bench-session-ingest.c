/* bench-session-ingest.c
 *
 * End-to-end ingest: a gateway's WebSocket → parser → store (batched) → models, in events per
 * second, beside two baselines measured in the same run on this machine:
 *
 *   - the feed: a SoupServer in a thread of its own speaking the gateway protocol (log-in,
 *     /state, hello) sends N pre-serialised event frames as fast as the socket takes them.
 *     Its own rate is the same frames to a client that only counts them; it must be several
 *     times the console's, or the figure measures the feed (yizhan-sim sends ~21,000 events/s
 *     to one client, which is why the simulator is not the feed here);
 *   - raw SQLite writing the same journal rows and station updates in one transaction with
 *     statements prepared once.
 *
 * The console's per-batch cost is split: parse (yz_event_parse over the same frames; the
 * stream's own thread does it in the live path), store (journal and tables), statistics
 * rollups and model updates (timers in yz-ingest.c). Also the longest the main loop was
 * blocked (a 5 ms high-priority tick records its largest gap) during the replay, beside the
 * same tick with the session connected and nothing arriving.
 *
 * A second, mixed replay (entries, stock levels, doors, alarms) shows the rollups' share.
 * YZ_BENCH_EVENTS sets N (50,000).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>

#include "yz-gateway-backend.h"
#include "yz-ingest.h"
#include "yz-session.h"
#include "yz-store-private.h"
#include "yz-test-sim.h"
#include "yz-test-util.h"

#define N_STATIONS 580
#define TICK_MS 5
#define BASE_MS G_GINT64_CONSTANT (1795403701250) /* 2026-11-23T03:15:01.250Z */

/* ---- the feed: a gateway in a thread of its own ---- */

typedef struct
{
  GThread *thread;
  GMainContext *context;
  GMainLoop *loop;
  SoupServer *server;
  char *base_url;
  char *state;
  gint64 state_seq;
  GPtrArray *frames;             /* GBytes: the frames to send on go() */
  SoupWebsocketConnection *conn; /* the newest link; feed thread only */
  int links;                     /* links opened (atomic) */
} Feed;

static void
login_cb (SoupServer *server, SoupServerMessage *msg, const char *path, GHashTable *query,
          gpointer user_data)
{
  static const char login[] = "{\"token\": \"t-bench\", \"operator\": {\"name\": \"operator\", "
                              "\"display_name\": \"Operator\", \"role\": \"operator\"}, "
                              "\"expires_at\": \"2036-11-23T15:12:45.123Z\", "
                              "\"gateway\": {\"name\": \"bench\", \"version\": \"1.0\"}}";

  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_STATIC, login,
                                    strlen (login));
  soup_server_message_set_status (msg, SOUP_STATUS_CREATED, NULL);
}

static void
state_cb (SoupServer *server, SoupServerMessage *msg, const char *path, GHashTable *query,
          gpointer user_data)
{
  Feed *feed = user_data;

  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY, feed->state,
                                    strlen (feed->state));
  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
}

static void
events_cb (SoupServer *server, SoupServerMessage *msg, const char *path,
           SoupWebsocketConnection *conn, gpointer user_data)
{
  Feed *feed = user_data;
  g_autofree char *hello = g_strdup_printf ("{\"type\": \"hello\", \"last_seq\": %" G_GINT64_FORMAT
                                            ", \"oldest_seq\": 1, "
                                            "\"epoch\": \"bench\"}",
                                            feed->state_seq);

  g_clear_object (&feed->conn);
  feed->conn = g_object_ref (conn);
  soup_websocket_connection_set_keepalive_interval (conn, 0);
  soup_websocket_connection_send_text (conn, hello);
  g_atomic_int_inc (&feed->links);
}

static gboolean
send_all_cb (gpointer user_data)
{
  Feed *feed = user_data;

  g_assert_nonnull (feed->conn);
  for (guint i = 0; i < feed->frames->len; i++)
    soup_websocket_connection_send_message (feed->conn, SOUP_WEBSOCKET_DATA_TEXT,
                                            g_ptr_array_index (feed->frames, i));
  return G_SOURCE_REMOVE;
}

static gpointer
feed_main (gpointer user_data)
{
  Feed *feed = user_data;

  g_main_context_push_thread_default (feed->context);
  g_main_loop_run (feed->loop);
  g_clear_object (&feed->conn);
  g_clear_object (&feed->server);
  g_main_context_pop_thread_default (feed->context);
  return NULL;
}

static char *
state_json (gint64 seq)
{
  GString *s = g_string_new (NULL);

  g_string_append_printf (s,
                          "{\"seq\": %" G_GINT64_FORMAT ", \"epoch\": \"bench\", "
                          "\"time\": \"2026-11-23T03:15:00.000Z\", "
                          "\"gateway\": {\"name\": \"bench\", \"version\": \"1.0\"}, "
                          "\"stations\": [",
                          seq);
  for (int i = 1; i <= N_STATIONS; i++)
    g_string_append_printf (
        s,
        "%s{\"id\": \"hz-%04d\", \"name\": \"驿站%d\", \"district\": \"牡丹区\", "
        "\"address\": \"牡丹区华英路%d号\", \"location\": {\"lat\": %.4f, \"lon\": %.4f, "
        "\"datum\": \"gcj02\"}, \"kind\": \"smart24\", \"opening_hours\": \"00:00-24:00\", "
        "\"capacity\": 12, \"facilities\": [\"water-dispenser\"], \"online\": true, "
        "\"occupancy\": 3, \"temperature\": 24.5, \"last_seen\": \"2026-11-23T03:12:40.000Z\"}",
        i > 1 ? ", " : "", i, i, i, 35.2 + i * 0.0003, 115.4 + i * 0.0003);
  g_string_append (s, "], \"cameras\": [], \"doors\": [");
  for (int i = 1; i <= N_STATIONS; i++)
    g_string_append_printf (s,
                            "%s{\"id\": \"hz-%04d-door1\", \"station_id\": \"hz-%04d\", "
                            "\"name\": \"正门\", \"state\": \"locked\", \"mode\": \"normal\"}",
                            i > 1 ? ", " : "", i, i);
  g_string_append (s, "], \"stock\": [");
  for (int i = 1; i <= N_STATIONS; i++)
    g_string_append_printf (s,
                            "%s{\"id\": \"hz-%04d-water\", \"station_id\": \"hz-%04d\", "
                            "\"item\": \"water\", \"name\": \"饮用水\", \"unit\": \"瓶\", "
                            "\"level\": 36, \"capacity\": 48, \"low_threshold\": 2}",
                            i > 1 ? ", " : "", i, i);
  g_string_append (s, "], \"devices\": [], \"alarms\": []}");
  return g_string_free (s, FALSE);
}

static Feed *
feed_new (void)
{
  Feed *feed = g_new0 (Feed, 1);

  feed->context = g_main_context_new ();
  feed->loop = g_main_loop_new (feed->context, FALSE);
  feed->frames = g_ptr_array_new_with_free_func ((GDestroyNotify)g_bytes_unref);
  feed->state = state_json (0);
  g_main_context_push_thread_default (feed->context);
  feed->server = yz_test_loopback_server_new (&feed->base_url);
  soup_server_add_handler (feed->server, "/api/v1/session", login_cb, feed, NULL);
  soup_server_add_handler (feed->server, "/api/v1/state", state_cb, feed, NULL);
  soup_server_add_websocket_handler (feed->server, "/api/v1/events", NULL, NULL, events_cb, feed,
                                     NULL);
  g_main_context_pop_thread_default (feed->context);
  feed->thread = g_thread_new ("bench feed", feed_main, feed);
  return feed;
}

static void
feed_free (Feed *feed)
{
  g_main_context_invoke (feed->context, (GSourceFunc)(void (*) (void))g_main_loop_quit, feed->loop);
  g_thread_join (feed->thread);
  g_main_loop_unref (feed->loop);
  g_main_context_unref (feed->context);
  g_ptr_array_unref (feed->frames);
  g_free (feed->state);
  g_free (feed->base_url);
  g_free (feed);
}

/* Sends every frame to the newest link, from the feed's thread. */
static void
feed_go (Feed *feed)
{
  g_main_context_invoke (feed->context, send_all_cb, feed);
}

static void
frame_time (gint64 seq, char out[32])
{
  gint64 ms = BASE_MS + seq * 7;
  g_autoptr(GDateTime) t = g_date_time_new_from_unix_utc (ms / 1000);
  g_autofree char *text = g_date_time_format (t, "%Y-%m-%dT%H:%M:%S");

  g_snprintf (out, 32, "%s.%03dZ", text, (int)(ms % 1000));
}

static GBytes *
frame_bytes (char *text)
{
  return g_bytes_new_take (text, strlen (text));
}

static GBytes *
status_frame (gint64 seq)
{
  char time[32];

  frame_time (seq, time);
  return frame_bytes (
      g_strdup_printf ("{\"seq\": %" G_GINT64_FORMAT ", \"time\": \"%s\", \"type\": "
                       "\"station.status\", \"station_id\": \"hz-%04d\", \"online\": true, "
                       "\"occupancy\": %d, \"temperature\": 24.5}",
                       seq, time, (int)(seq % N_STATIONS) + 1, (int)(seq % 12)));
}

/* A busier city's mix: 55% station.status, 25% entries, 10% stock levels, 9.5% doors,
 * 0.5% alarms raised. */
static GBytes *
mixed_frame (gint64 seq)
{
  int station = (int)(seq % N_STATIONS) + 1;
  int kind = (int)(seq % 200);
  char time[32];

  frame_time (seq, time);
  if (kind < 50)
    return frame_bytes (g_strdup_printf (
        "{\"seq\": %" G_GINT64_FORMAT ", \"time\": \"%s\", \"type\": \"entry\", "
        "\"station_id\": \"hz-%04d\", \"entry\": {\"id\": \"e-%" G_GINT64_FORMAT "\", "
        "\"station_id\": \"hz-%04d\", \"door_id\": \"hz-%04d-door1\", \"time\": \"%s\", "
        "\"person_id\": \"w-%d\", \"person_name\": \"张建国\", \"occupation\": "
        "\"sanitation\", \"method\": \"face\", \"result\": \"granted\", "
        "\"snapshot_id\": null}}",
        seq, time, station, seq, station, station, time, (int)(seq % 3000)));
  if (kind < 70)
    return frame_bytes (
        g_strdup_printf ("{\"seq\": %" G_GINT64_FORMAT ", \"time\": \"%s\", \"type\": "
                         "\"stock.level\", \"station_id\": \"hz-%04d\", \"stock_id\": "
                         "\"hz-%04d-water\", \"level\": %d}",
                         seq, time, station, station, (int)(48 - seq % 40)));
  if (kind < 89)
    return frame_bytes (
        g_strdup_printf ("{\"seq\": %" G_GINT64_FORMAT ", \"time\": \"%s\", \"type\": "
                         "\"door.state\", \"station_id\": \"hz-%04d\", \"door_id\": "
                         "\"hz-%04d-door1\", \"state\": \"%s\", \"mode\": \"normal\"}",
                         seq, time, station, station, seq % 2 ? "open" : "locked"));
  if (kind == 89)
    return frame_bytes (g_strdup_printf (
        "{\"seq\": %" G_GINT64_FORMAT ", \"time\": \"%s\", \"type\": \"alarm.raised\", "
        "\"station_id\": \"hz-%04d\", \"alarm\": {\"id\": \"a-%" G_GINT64_FORMAT "\", "
        "\"station_id\": \"hz-%04d\", \"camera_id\": null, \"door_id\": null, \"type\": "
        "\"smoking\", \"priority\": \"medium\", \"raised_at\": \"%s\", \"state\": \"new\", "
        "\"owner\": null, \"updated_at\": \"%s\", \"category\": null, \"note\": null, "
        "\"snapshot_id\": null}}",
        seq, time, station, seq, station, time, time));
  return status_frame (seq);
}

/* ---- the feed alone: a client that only counts ---- */

typedef struct
{
  guint n;
  gint64 last_at;
} Counter;

static void
count_cb (SoupWebsocketConnection *conn, int type, GBytes *message, Counter *counter)
{
  counter->n++;
  counter->last_at = g_get_monotonic_time ();
}

static void
connected_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  SoupWebsocketConnection **conn = user_data;

  *conn = soup_session_websocket_connect_finish (SOUP_SESSION (object), result, NULL);
  g_assert_nonnull (*conn);
}

static gboolean
nonnull (gpointer data)
{
  return *(gpointer *)data != NULL;
}

typedef struct
{
  Counter counter;
  guint target;
} CountUntil;

static gboolean
count_reached (gpointer data)
{
  CountUntil *until = data;

  return until->counter.n >= until->target;
}

/* Events per second the feed sends to a client that only counts (1 + N messages: the hello
 * and the frames). */
static double
feed_rate (Feed *feed)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autofree char *url =
      g_strdup_printf ("%s/api/v1/events?after=%" G_GINT64_FORMAT, feed->base_url, feed->state_seq);
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);
  SoupWebsocketConnection *conn = NULL;
  CountUntil until = { { 0 }, 1 + feed->frames->len };
  int links = g_atomic_int_get (&feed->links);
  gint64 start;

  soup_session_websocket_connect_async (session, msg, NULL, NULL, G_PRIORITY_DEFAULT, NULL,
                                        connected_cb, &conn);
  g_assert_true (yz_test_wait (nonnull, &conn, 10000));
  soup_websocket_connection_set_max_incoming_payload_size (conn, 0);
  g_signal_connect (conn, "message", G_CALLBACK (count_cb), &until.counter);
  while (g_atomic_int_get (&feed->links) == links)
    g_main_context_iteration (NULL, FALSE);
  start = g_get_monotonic_time ();
  feed_go (feed);
  g_assert_true (yz_test_wait (count_reached, &until, 120000));
  soup_websocket_connection_close (conn, SOUP_WEBSOCKET_CLOSE_NORMAL, NULL);
  g_object_unref (conn);
  return feed->frames->len / ((until.counter.last_at - start) / (double)G_USEC_PER_SEC);
}

/* ---- raw SQLite: the same rows, one transaction, prepared once ---- */

static double
raw_sqlite_baseline (const char *dir, GPtrArray *frames)
{
  g_autofree char *path = g_build_filename (dir, "raw.db", NULL);
  g_autoptr(YzStore) store = yz_store_open (path, NULL);
  sqlite3 *db = yz_store_get_db (store);
  sqlite3_stmt *station, *journal, *status;
  gint64 start;

  sqlite3_prepare_v2 (db, "INSERT INTO stations (id, name) VALUES (?1, 'x')", -1, &station, NULL);
  for (int i = 1; i <= N_STATIONS; i++)
    {
      g_autofree char *id = g_strdup_printf ("hz-%04d", i);

      sqlite3_bind_text (station, 1, id, -1, SQLITE_TRANSIENT);
      g_assert_cmpint (sqlite3_step (station), ==, SQLITE_DONE);
      sqlite3_reset (station);
    }
  sqlite3_finalize (station);
  sqlite3_prepare_v2 (db,
                      "INSERT OR IGNORE INTO events (sequence, epoch, seq, time, type, json)"
                      " VALUES (0, 'bench', ?1, ?2, 'station.status', ?3)",
                      -1, &journal, NULL);
  sqlite3_prepare_v2 (db,
                      "UPDATE stations SET online = 1, occupancy = ?2, temperature = 24.5, "
                      "last_seen = ?3 WHERE id = ?1",
                      -1, &status, NULL);

  start = g_get_monotonic_time ();
  sqlite3_exec (db, "BEGIN", NULL, NULL, NULL);
  for (guint i = 0; i < frames->len; i++)
    {
      gint64 seq = i + 1;
      gsize length;
      const char *json = g_bytes_get_data (g_ptr_array_index (frames, i), &length);
      char id[16];

      g_snprintf (id, sizeof id, "hz-%04d", (int)(seq % N_STATIONS) + 1);
      sqlite3_bind_int64 (journal, 1, seq);
      sqlite3_bind_int64 (journal, 2, BASE_MS + seq * 7);
      sqlite3_bind_text (journal, 3, json, (int)length, SQLITE_STATIC);
      g_assert_cmpint (sqlite3_step (journal), ==, SQLITE_DONE);
      sqlite3_reset (journal);
      sqlite3_bind_text (status, 1, id, -1, SQLITE_STATIC);
      sqlite3_bind_int (status, 2, (int)(seq % 12));
      sqlite3_bind_int64 (status, 3, BASE_MS + seq * 7);
      g_assert_cmpint (sqlite3_step (status), ==, SQLITE_DONE);
      sqlite3_reset (status);
    }
  sqlite3_exec (db, "COMMIT", NULL, NULL, NULL);
  sqlite3_finalize (journal);
  sqlite3_finalize (status);

  return frames->len / ((g_get_monotonic_time () - start) / (double)G_USEC_PER_SEC);
}

/* Microseconds yz_event_parse() takes per frame, on this thread. */
static double
parse_us (GPtrArray *frames)
{
  gint64 start = g_get_monotonic_time ();

  for (guint i = 0; i < frames->len; i++)
    {
      gsize length;
      const char *data = g_bytes_get_data (g_ptr_array_index (frames, i), &length);
      g_autoptr(GError) error = NULL;
      YzEvent *event = yz_event_parse (data, length, NULL, &error);

      g_assert_no_error (error);
      yz_event_unref (event);
    }
  return (g_get_monotonic_time () - start) / (double)frames->len;
}

/* ---- the console ---- */

typedef struct
{
  gint64 last_tick;
  gint64 longest_gap;
} Ticks;

static gboolean
tick_cb (gpointer user_data)
{
  Ticks *ticks = user_data;
  gint64 now = g_get_monotonic_time ();

  if (ticks->last_tick > 0)
    ticks->longest_gap = MAX (ticks->longest_gap, now - ticks->last_tick);
  ticks->last_tick = now;
  return G_SOURCE_CONTINUE;
}

static gboolean
connected (gpointer data)
{
  return yz_session_get_connection_state (data) == YZ_CONNECTION_CONNECTED;
}

typedef struct
{
  YzSession *session;
  gint64 seq;
} Until;

static gboolean
reached (gpointer data)
{
  Until *until = data;

  return yz_session_get_last_seq (until->session) >= until->seq;
}

static gboolean
done_cb (gpointer data)
{
  *(gboolean *)data = TRUE;
  return G_SOURCE_REMOVE;
}

/* The longest gap of the tick beyond its period, in ms, over @ms with nothing arriving. */
static double
idle_stall (guint ms)
{
  Ticks ticks = { 0 };
  gboolean done = FALSE;
  guint tick_id = g_timeout_add_full (G_PRIORITY_HIGH, TICK_MS, tick_cb, &ticks, NULL);

  g_timeout_add (ms, done_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (tick_id);
  return (ticks.longest_gap - TICK_MS * 1000) / 1000.0;
}

typedef struct
{
  double rate;     /* events/s */
  double stall_ms; /* the tick's longest gap beyond its period */
  YzIngestTiming timing;
} Replay;

/* The feed's frames into the session, from the go to the last seq stored. */
static void
replay (Feed *feed, YzSession *session, Replay *out)
{
  Ticks ticks = { 0 };
  Until until = { session, yz_session_get_last_seq (session) + feed->frames->len };
  YzIngestTiming before, after;
  guint tick_id;
  gint64 start;

  yz_session_reset_ingest_timing (session);
  yz_session_get_ingest_timing (session, &before);
  tick_id = g_timeout_add_full (G_PRIORITY_HIGH, TICK_MS, tick_cb, &ticks, NULL);
  start = g_get_monotonic_time ();
  feed_go (feed);
  g_assert_true (yz_test_wait (reached, &until, 300000));
  out->rate = feed->frames->len / ((g_get_monotonic_time () - start) / (double)G_USEC_PER_SEC);
  g_source_remove (tick_id);
  out->stall_ms = (ticks.longest_gap - TICK_MS * 1000) / 1000.0;
  yz_session_get_ingest_timing (session, &after);
  out->timing.n_events = after.n_events - before.n_events;
  out->timing.n_passes = after.n_passes - before.n_passes;
  out->timing.store_us = after.store_us - before.store_us;
  out->timing.stats_us = after.stats_us - before.stats_us;
  out->timing.model_us = after.model_us - before.model_us;
  out->timing.longest_pass_us = after.longest_pass_us;
  out->timing.longest_pass_cpu_us = after.longest_pass_cpu_us;
}

static void
print_split (const Replay *r, double parse)
{
  double n = MAX (r->timing.n_events, 1);

  g_print ("  per event, us: parse %.2f (stream thread) | store %.2f | rollups %.2f | "
           "models %.2f   (main loop total %.2f)\n",
           parse, r->timing.store_us / n, r->timing.stats_us / n, r->timing.model_us / n,
           (r->timing.store_us + r->timing.stats_us + r->timing.model_us) / n);
  g_print ("  main-loop passes: %" G_GINT64_FORMAT " (%.0f events each), longest %.1f ms "
           "(%.1f ms of its CPU: the work, without the load's preemption)\n",
           r->timing.n_passes, n / MAX (r->timing.n_passes, 1), r->timing.longest_pass_us / 1000.0,
           r->timing.longest_pass_cpu_us / 1000.0);
}

static void
fill (GPtrArray *frames, gint64 first_seq, guint n, GBytes *(*make) (gint64 seq))
{
  g_ptr_array_set_size (frames, 0);
  for (guint i = 0; i < n; i++)
    g_ptr_array_add (frames, make (first_seq + i));
}

int
main (int argc, char *argv[])
{
  const char *env = g_getenv ("YZ_BENCH_EVENTS");
  guint n_events = env != NULL ? (guint)g_ascii_strtoull (env, NULL, 10) : 50000;
  guint n_mixed = MAX (n_events * 2 / 5, 1);
  g_autofree char *dir = g_dir_make_tmp ("yizhan-bench-XXXXXX", NULL);
  g_autofree char *db = g_build_filename (dir, "yizhan.db", NULL);
  g_autoptr(YzStore) store = NULL;
  g_autoptr(YzGatewayBackend) backend = NULL;
  g_autoptr(YzSession) session = NULL;
  Feed *feed = feed_new ();
  Replay status = { 0 }, mixed = { 0 };
  double raw, feed_status, feed_mixed, parse_status, parse_mixed, stall_idle;

  /* Both baselines, then the console: nothing else runs while one is measured. */
  fill (feed->frames, 1, n_events, status_frame);
  raw = raw_sqlite_baseline (dir, feed->frames);
  parse_status = parse_us (feed->frames);
  feed_status = feed_rate (feed);
  fill (feed->frames, n_events + 1, n_mixed, mixed_frame);
  parse_mixed = parse_us (feed->frames);
  feed_mixed = feed_rate (feed);

  store = yz_store_open (db, NULL);
  backend = yz_gateway_backend_new (feed->base_url, NULL, NULL, NULL);
  session = yz_session_new (store, YZ_BACKEND (backend));
  yz_session_start (session, "operator", "operator", NULL);
  g_assert_true (yz_test_wait (connected, session, 30000));
  stall_idle = idle_stall (1000);

  fill (feed->frames, 1, n_events, status_frame);
  replay (feed, session, &status);
  fill (feed->frames, n_events + 1, n_mixed, mixed_frame);
  replay (feed, session, &mixed);
  g_assert_cmpint (yz_test_query_int (store, "SELECT count(*) FROM events"), ==,
                   n_events + n_mixed);

  g_print ("session ingest, %u station.status events over a loopback WebSocket (%d stations):\n",
           n_events, N_STATIONS);
  g_print ("  the feed alone (same frames, a client that only counts):  %8.0f events/s\n",
           feed_status);
  g_print ("  end to end (WebSocket -> parser -> store -> models):       %8.0f events/s\n",
           status.rate);
  g_print ("  raw SQLite, same journal rows + updates, one transaction: %8.0f events/s\n", raw);
  g_print ("  ratio end-to-end / raw SQLite: %.3f   (target: >= 0.5)\n", status.rate / raw);
  g_print ("  ratio feed / end-to-end: %.1f   (the feed must be the faster, >= 2)\n",
           feed_status / status.rate);
  print_split (&status, parse_status);
  g_print ("  longest main-loop stall while ingesting: %.1f ms   (target: <= 16 ms)\n",
           status.stall_ms);
  g_print ("  the same tick connected, nothing arriving (baseline): %.1f ms\n", stall_idle);

  g_print ("mixed replay, %u events (55%% status, 25%% entries, 10%% stock, 9.5%% doors, "
           "0.5%% alarms):\n",
           n_mixed);
  g_print ("  the feed alone: %8.0f events/s; end to end: %8.0f events/s (ratio feed/e2e %.1f)\n",
           feed_mixed, mixed.rate, feed_mixed / mixed.rate);
  print_split (&mixed, parse_mixed);
  g_print ("  longest main-loop stall while ingesting: %.1f ms   (target: <= 16 ms)\n",
           mixed.stall_ms);

  g_clear_object (&session);
  g_clear_object (&backend);
  feed_free (feed);
  yz_test_remove_tree (dir);
  return 0;
}
