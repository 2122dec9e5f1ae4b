/* bench-session-ingest.c
 *
 * End-to-end ingest: yizhan-sim → WebSocket → parser → store (batched) → models, in events
 * per second, beside raw SQLite writing the same journal rows and station updates in one
 * transaction on this machine in this run. Also the longest the main loop was blocked while
 * ingesting (a 5 ms high-priority tick records its largest gap).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>

#include "yz-gateway-backend.h"
#include "yz-session.h"
#include "yz-store-private.h"
#include "yz-test-sim.h"

#define N_EVENTS 50000

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

static double
raw_sqlite_baseline (const char *dir)
{
  g_autofree char *path = g_build_filename (dir, "raw.db", NULL);
  g_autoptr(YzStore) store = yz_store_open (path, NULL);
  sqlite3 *db = yz_store_get_db (store);
  sqlite3_stmt *journal, *status;
  gint64 start;

  g_assert_cmpint (sqlite3_exec (db, "INSERT INTO stations (id, name) VALUES ('hz-0001', 'x')",
                                 NULL, NULL, NULL),
                   ==, SQLITE_OK);
  sqlite3_prepare_v2 (
      db, "INSERT INTO events (seq, time, type, json) VALUES (?1, ?2, 'station.status', ?3)", -1,
      &journal, NULL);
  sqlite3_prepare_v2 (db,
                      "UPDATE stations SET online = 1, occupancy = ?2, temperature = 24.5, "
                      "last_seen = ?3 WHERE id = ?1",
                      -1, &status, NULL);

  start = g_get_monotonic_time ();
  sqlite3_exec (db, "BEGIN", NULL, NULL, NULL);
  for (int i = 1; i <= N_EVENTS; i++)
    {
      g_autofree char *json = g_strdup_printf (
          "{\"seq\":%d,\"time\":\"2026-11-23T03:15:01.250Z\",\"type\":\"station.status\","
          "\"station_id\":\"hz-0001\",\"online\":true,\"occupancy\":%d,\"temperature\":24.5}",
          i, i % 12);

      sqlite3_bind_int64 (journal, 1, i);
      sqlite3_bind_int64 (journal, 2, 1700000000000 + i);
      sqlite3_bind_text (journal, 3, json, -1, SQLITE_STATIC);
      sqlite3_step (journal);
      sqlite3_reset (journal);
      sqlite3_bind_text (status, 1, "hz-0001", -1, SQLITE_STATIC);
      sqlite3_bind_int (status, 2, i % 12);
      sqlite3_bind_int64 (status, 3, 1700000000000 + i);
      sqlite3_step (status);
      sqlite3_reset (status);
    }
  sqlite3_exec (db, "COMMIT", NULL, NULL, NULL);
  sqlite3_finalize (journal);
  sqlite3_finalize (status);

  return N_EVENTS / ((g_get_monotonic_time () - start) / (double)G_USEC_PER_SEC);
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

int
main (int argc, char *argv[])
{
  g_autofree char *dir = g_dir_make_tmp ("yizhan-bench-XXXXXX", NULL);
  g_autofree char *db = g_build_filename (dir, "yizhan.db", NULL);
  g_autoptr(YzStore) store = NULL;
  g_autoptr(YzGatewayBackend) backend = NULL;
  g_autoptr(YzSession) session = NULL;
  g_autoptr(JsonNode) reply = NULL;
  g_autofree char *token = NULL;
  YzTestSim *sim;
  Ticks ticks = { 0 };
  Until until = { 0 };
  guint tick_id;
  gint64 start;
  double raw, e2e;
  guint status = 0;

  raw = raw_sqlite_baseline (dir);

  sim = yz_test_sim_start ("--no-cameras", "--control", "--stations=580", NULL);
  token = yz_test_sim_login (sim, "operator");
  store = yz_store_open (db, NULL);
  backend = yz_gateway_backend_new (yz_test_sim_get_base_url (sim), NULL, NULL, NULL);
  session = yz_session_new (store, YZ_BACKEND (backend));
  yz_session_start (session, "operator", "operator", NULL);
  g_assert_true (yz_test_wait (connected, session, 30000));

  until.session = session;
  until.seq = yz_session_get_last_seq (session) + N_EVENTS;
  start = g_get_monotonic_time ();
  /* The helper's request runs the main loop while it waits, and the session ingests
   * during it: the ticks run from before it. */
  tick_id = g_timeout_add_full (G_PRIORITY_HIGH, 5, tick_cb, &ticks, NULL);
  reply = yz_test_sim_request (sim, "POST", "/api/v1/_control/burst", token,
                               "{\"count\": " G_STRINGIFY (N_EVENTS) "}", &status);
  g_assert_true (yz_test_wait (reached, &until, 120000));
  e2e = N_EVENTS / ((g_get_monotonic_time () - start) / (double)G_USEC_PER_SEC);
  g_source_remove (tick_id);

  g_print ("session ingest, %d station.status events from yizhan-sim (580 stations):\n", N_EVENTS);
  g_print ("  end to end (sim -> WebSocket -> parser -> store -> models): %8.0f events/s\n", e2e);
  g_print ("  raw SQLite, same journal rows + updates, one transaction:   %8.0f events/s\n", raw);
  g_print ("  ratio end-to-end / raw SQLite: %.3f   (target: >= 5000 events/s end to end)\n",
           e2e / raw);
  g_print ("  longest main-loop stall while ingesting: %.1f ms   (target: <= 50 ms)\n",
           (ticks.longest_gap - 5000) / 1000.0);

  g_clear_object (&session);
  yz_test_sim_stop (sim);
  return 0;
}
