/* yz-soak.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A soak, shared by the suite's two-minute test (test-soak.c) and the hour-long benchmark
 * (bench/bench-soak.c): the simulator with every fault on (streams closed every 5 s,
 * malformed and unknown frames, REST 500s), bursts, cameras dropping and stations going
 * offline, and the console's session headless. Then the faults stop, the session catches up
 * and the gateway's journal is compared with the console's store.
 */

#include "config.h"

#include <sqlite3.h>
#include <stdio.h>

#include "yz-gateway-backend.h"
#include "yz-soak.h"
#include "yz-store-private.h"
#include "yz-test-fixture.h"
#include "yz-test-util.h"

#define TICK_MS 10

typedef struct
{
  gint64 last_us;
  gint64 longest_us;
} Stall;

static gboolean
tick_cb (gpointer data)
{
  Stall *stall = data;
  gint64 now = g_get_monotonic_time ();

  if (stall->last_us != 0)
    stall->longest_us = MAX (stall->longest_us, now - stall->last_us - TICK_MS * 1000);
  stall->last_us = now;
  return G_SOURCE_CONTINUE;
}

static guint64
rss_kb (void)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return 0;
  line = strstr (status, "VmRSS:");
  return line != NULL ? g_ascii_strtoull (line + 6, NULL, 10) : 0;
}

/* The stall being measured: a control request is synchronous, and the time the soak itself
 * holds the main loop in one is not the console's. */
static Stall *measured;

static void
control (YzTestFixture *fx, const char *what, const char *body)
{
  JsonNode *reply = yz_test_fixture_control (fx, what, body);

  g_clear_pointer (&reply, json_node_unref);
  if (measured != NULL)
    measured->last_us = g_get_monotonic_time ();
}

typedef struct
{
  YzSession *session;
  gint64 seq;
} Until;

static gboolean
reached_seq (gpointer data)
{
  Until *until = data;

  return yz_session_get_last_seq (until->session) >= until->seq;
}

/* The journal's last seq (of its current sequence: a new epoch starts again from 1). Only
 * the file's tail is read: parsing the whole journal would grow this process's RSS, which
 * the soak measures as the console's. */
static gint64
journal_last_seq (const char *path)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  char tail[65536];
  gint64 seq = 0;
  FILE *file = fopen (path, "rb");
  size_t n;
  char *end;
  char *line;

  if (file == NULL)
    return 0;
  if (fseek (file, 0, SEEK_END) == 0 && ftell (file) > (long)sizeof tail - 1)
    fseek (file, -(long)(sizeof tail - 1), SEEK_END);
  else
    fseek (file, 0, SEEK_SET);
  n = fread (tail, 1, sizeof tail - 1, file);
  fclose (file);
  tail[n] = '\0';

  /* The last whole line. */
  end = tail + n;
  while (end > tail && (end[-1] == '\n' || end[-1] == '\r'))
    *--end = '\0';
  line = strrchr (tail, '\n');
  line = line != NULL ? line + 1 : tail;
  if (json_parser_load_from_data (parser, line, -1, NULL) &&
      JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      JsonObject *last = json_node_get_object (json_parser_get_root (parser));

      /* The new sequence's first line has no seq: nothing is sent in it yet. */
      if (json_object_has_member (last, "seq"))
        seq = json_object_get_int_member (last, "seq");
    }
  return seq;
}

/* One key for a seq of the journal's Nth sequence. */
#define KEY(sequence, seq) (((gint64)(sequence) << 40) + (seq))

static gboolean
stored_once (YzStore *store, const char *sql, gint64 sequence, gint64 seq, const char *id)
{
  sqlite3_stmt *stmt = yz_store_prepare (store, sql, NULL);
  gboolean once;

  if (id != NULL)
    sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
  else
    {
      sqlite3_bind_int64 (stmt, 1, sequence);
      sqlite3_bind_int64 (stmt, 2, seq);
    }
  once = sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_int (stmt, 0) == 1;
  sqlite3_reset (stmt);
  return once;
}

/* Every journaled event of a known type stored once, under the sequence it was sent in;
 * nothing stored the gateway did not send; every entry in the entries table. The
 * simulator's journal marks a new sequence with an "x-sim-epoch" line; the store counts
 * its sequences in events.sequence (docs/schema.md). */
static void
compare (YzTestFixture *fx, YzSoakResult *result)
{
  g_autoptr(GPtrArray) events = yz_test_sim_read_journal (fx->journal);
  g_autoptr(GHashTable) sent = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autoptr(GArray) keys = g_array_new (FALSE, FALSE, sizeof (gint64));
  sqlite3_stmt *stmt;
  guint sequence = 0;

  for (guint i = 0; i < events->len; i++)
    {
      JsonObject *event = g_ptr_array_index (events, i);
      const char *type = json_object_get_string_member (event, "type");
      gint64 seq;
      gint64 key;

      if (g_str_equal (type, "x-sim-epoch"))
        {
          sequence++;
          result->gateway_last_seq = 0;
          continue;
        }
      seq = json_object_get_int_member (event, "seq");
      result->gateway_last_seq = MAX (result->gateway_last_seq, seq);
      if (g_str_has_prefix (type, "x-sim-"))
        continue;
      key = KEY (sequence, seq);
      g_array_append_val (keys, key);
      if (stored_once (fx->store, "SELECT count(*) FROM events WHERE sequence = ?1 AND seq = ?2",
                       sequence, seq, NULL))
        result->n_stored++;
      else
        result->n_missing++;
      if (g_str_equal (type, "entry"))
        {
          JsonObject *entry = json_object_get_object_member (event, "entry");

          result->n_entries_sent++;
          if (!stored_once (fx->store, "SELECT count(*) FROM entries WHERE id = ?1", 0, 0,
                            json_object_get_string_member (entry, "id")))
            result->n_entries_missing++;
        }
    }
  for (guint i = 0; i < keys->len; i++)
    g_hash_table_add (sent, &g_array_index (keys, gint64, i));
  result->n_sent = keys->len;
  result->n_epochs = sequence + 1;

  stmt = yz_store_prepare (fx->store, "SELECT sequence, seq FROM events", NULL);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      gint64 key = KEY (sqlite3_column_int64 (stmt, 0), sqlite3_column_int64 (stmt, 1));

      if (sqlite3_column_int64 (stmt, 0) == sequence)
        result->stored_last_seq = MAX (result->stored_last_seq, sqlite3_column_int64 (stmt, 1));
      if (!g_hash_table_contains (sent, &key))
        result->n_extra++;
    }
  sqlite3_reset (stmt);
}

/**
 * yz_soak_run:
 *
 * Runs the soak and fills @result; asserts only that the set-up and the catching up work.
 * The caller judges the comparison.
 */
void
yz_soak_run (const YzSoakOptions *options, YzSoakResult *result)
{
  g_autofree char *stations = g_strdup_printf ("--stations=%u", options->stations);
  g_autofree char *speed = g_strdup_printf ("--speed=%g", options->speed);
  const char *sim_args[] = {
    stations, speed, "--fault-ws-close-every=5", "--fault-malformed=0.01", "--fault-unknown=0.01",
    NULL
  };
  YzTestFixture fx = { 0 };
  YzGatewayBackend *backend;
  Stall stall = { 0 };
  Until until = { 0 };
  guint tick_id;
  gint64 start;
  gint64 next_sample;
  gint64 next_burst;
  gint64 next_fault;
  gboolean epoch_done = FALSE;
  gint64 last = -1;

  memset (result, 0, sizeof *result);
  result->rss_kb = g_array_new (FALSE, FALSE, sizeof (guint64));

  /* The main loop's own noise on this machine, before there is anything to do. */
  tick_id = g_timeout_add (TICK_MS, tick_cb, &stall);
  yz_test_run_for (3);
  result->baseline_stall_us = stall.longest_us;
  stall = (Stall){ 0 };
  measured = &stall;

  yz_test_fixture_set_up (&fx, &(YzTestFixtureOptions){ .name = "soak",
                                                        .control = TRUE,
                                                        .journal = TRUE,
                                                        .sim_args = sim_args,
                                                        .stream_silence_ms = 15000,
                                                        .stream_backoff_ms = 500,
                                                        .ready_timeout_ms = 60000 });
  backend = YZ_GATEWAY_BACKEND (yz_session_get_backend (fx.session));
  control (&fx, "faults", "{\"fault_http_500\": 0.02}");
  /* The stall counts from here: the set-up waits for the simulator without the loop. */
  stall = (Stall){ 0 };

  start = g_get_monotonic_time ();
  next_sample = start;
  next_burst = start + (gint64)options->burst_every_s * G_USEC_PER_SEC;
  next_fault = start + 3 * G_USEC_PER_SEC;
  while (g_get_monotonic_time () - start < (gint64)options->seconds * G_USEC_PER_SEC)
    {
      gint64 now = g_get_monotonic_time ();

      if (now >= next_sample)
        {
          guint64 kb = rss_kb ();

          g_array_append_val (result->rss_kb, kb);
          if (options->progress)
            g_printerr ("soak %4" G_GINT64_FORMAT " s: RSS %" G_GUINT64_FORMAT
                        " KiB, stored seq %" G_GINT64_FORMAT ", connects %u\n",
                        (now - start) / G_USEC_PER_SEC, kb, yz_session_get_last_seq (fx.session),
                        yz_gateway_backend_get_n_connects (backend));
          next_sample = now + (gint64)MAX (options->sample_every_s, 1) * G_USEC_PER_SEC;
        }
      if (options->burst_every_s > 0 && now >= next_burst)
        {
          g_autofree char *body = g_strdup_printf ("{\"count\": %u}", options->burst_size);

          control (&fx, "burst", body);
          result->n_bursts++;
          next_burst = now + (gint64)options->burst_every_s * G_USEC_PER_SEC;
        }
      if (now >= next_fault)
        {
          /* A camera drops for a while, a station goes offline and comes back; a worker
           * comes in somewhere else (the city's own entries are too rare to count on). */
          guint station = g_random_int_range (1, options->stations + 1);
          g_autofree char *entry =
              g_strdup_printf ("{\"station_id\": \"hz-%04u\"}", station % options->stations + 1);
          g_autofree char *camera =
              g_strdup_printf ("{\"camera_id\": \"hz-%04u-cam1\", \"online\": false, "
                               "\"seconds\": 4}",
                               station);
          g_autofree char *down =
              g_strdup_printf ("{\"station_id\": \"hz-%04u\", \"online\": false}", station);
          g_autofree char *up =
              g_strdup_printf ("{\"station_id\": \"hz-%04u\", \"online\": true}", station);

          control (&fx, "camera", camera);
          result->n_camera_drops++;
          control (&fx, "station", down);
          yz_test_run_for (0.5);
          control (&fx, "station", up);
          result->n_station_flaps++;
          control (&fx, "entry", entry);
          next_fault = now + 3 * G_USEC_PER_SEC;
        }
      if (options->new_epoch_at_s > 0 && !epoch_done &&
          now - start >= (gint64)options->new_epoch_at_s * G_USEC_PER_SEC)
        {
          /* A rebuilt gateway cannot replay the old sequence: what the console had not
           * received by then is gone with it. So the drops pause, the console catches up,
           * and the sequence starts again while the stream is up. */
          control (&fx, "faults", "{\"fault_ws_close_every\": 0}");
          until.session = fx.session;
          until.seq = journal_last_seq (fx.journal);
          g_assert_true (yz_test_wait (reached_seq, &until, 60000));
          control (&fx, "new-epoch", "{}");
          control (&fx, "faults", "{\"fault_ws_close_every\": 5}");
          epoch_done = TRUE;
        }
      g_main_context_iteration (NULL, TRUE);
    }
  result->seconds = (double)(g_get_monotonic_time () - start) / G_USEC_PER_SEC;
  result->longest_stall_us = stall.longest_us;
  measured = NULL;

  /* The faults stop; the gateway's journal stops growing once its bursts are out; the
   * console catches up with it. */
  control (&fx, "faults",
           "{\"fault_ws_close_every\": 0, \"fault_malformed\": 0, \"fault_unknown\": 0, "
           "\"fault_http_500\": 0}");
  for (;;)
    {
      gint64 now_last;

      yz_test_run_for (1);
      now_last = journal_last_seq (fx.journal);
      until.session = fx.session;
      until.seq = now_last;
      if (now_last == last && yz_test_wait (reached_seq, &until, 1000))
        break;
      last = now_last;
      g_assert_true (yz_test_wait (reached_seq, &until, 120000));
    }
  /* The last batch is written. */
  yz_test_run_for (1);

  result->n_connects = yz_gateway_backend_get_n_connects (backend);
  result->n_malformed = yz_gateway_backend_get_n_malformed (backend);
  result->n_unknown = yz_gateway_backend_get_n_unknown (backend);
  compare (&fx, result);

  g_source_remove (tick_id);
  yz_session_stop (fx.session);
  yz_test_fixture_tear_down (&fx);
}

void
yz_soak_result_clear (YzSoakResult *result)
{
  g_clear_pointer (&result->rss_kb, g_array_unref);
}

void
yz_soak_result_print (const YzSoakResult *result)
{
  guint64 first = result->rss_kb->len > 0 ? g_array_index (result->rss_kb, guint64, 0) : 0;
  guint64 peak = 0;

  for (guint i = 0; i < result->rss_kb->len; i++)
    peak = MAX (peak, g_array_index (result->rss_kb, guint64, i));

  printf ("soak: %.0f s with faults: %u connects, %u malformed and %u unknown frames skipped, "
          "%u bursts, %u camera drops, %u station flaps, %u gateway sequence(s)\n",
          result->seconds, result->n_connects, result->n_malformed, result->n_unknown,
          result->n_bursts, result->n_camera_drops, result->n_station_flaps, result->n_epochs);
  printf ("soak: journal %u events, stored once %u, missing %u, stored but never sent %u; "
          "entries %u, missing %u\n",
          result->n_sent, result->n_stored, result->n_missing, result->n_extra,
          result->n_entries_sent, result->n_entries_missing);
  printf ("soak: gateway's last seq %" G_GINT64_FORMAT ", highest stored %" G_GINT64_FORMAT "\n",
          result->gateway_last_seq, result->stored_last_seq);
  printf ("soak: RSS %" G_GUINT64_FORMAT " KiB at start, peak %" G_GUINT64_FORMAT
          " KiB, at end %" G_GUINT64_FORMAT " KiB (%u samples)\n",
          first, peak,
          result->rss_kb->len > 0 ? g_array_index (result->rss_kb, guint64, result->rss_kb->len - 1)
                                  : 0,
          result->rss_kb->len);
  printf ("soak: longest main-loop stall %.1f ms (idle baseline %.1f ms, ratio %.1f)\n",
          result->longest_stall_us / 1000.0, result->baseline_stall_us / 1000.0,
          result->baseline_stall_us > 0
              ? (double)result->longest_stall_us / (double)result->baseline_stall_us
              : 0.0);
}
