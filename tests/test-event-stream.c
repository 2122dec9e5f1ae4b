/* test-event-stream.c
 *
 * The console's event stream against a live yizhan-sim: forced disconnects every second,
 * malformed and unknown events, a frozen gateway, and a resume point the gateway no longer
 * holds. Nothing lost, nothing twice.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <signal.h>
#include <glib/gstdio.h>

#include "yz-event-stream.h"
#include "yz-test-sim.h"

typedef struct
{
  GHashTable *seqs; /* seq -> times received */
  GArray *states;   /* YzConnectionState, every change */
  gint64 last;
  guint resyncs;
} Seen;

static void
event_cb (YzEventStream *stream, YzEvent *event, Seen *seen)
{
  gpointer key = GSIZE_TO_POINTER ((gsize)event->seq);

  g_hash_table_insert (
      seen->seqs, key,
      GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (seen->seqs, key)) + 1));
  seen->last = event->seq;
}

static void
state_cb (YzEventStream *stream, GParamSpec *pspec, Seen *seen)
{
  YzConnectionState state = yz_event_stream_get_state (stream);

  g_array_append_val (seen->states, state);
}

static void
resync_cb (YzEventStream *stream, Seen *seen)
{
  seen->resyncs++;
}

static gboolean
resynced (gpointer user_data)
{
  return ((Seen *)user_data)->resyncs > 0;
}

static void
seen_init (Seen *seen)
{
  seen->seqs = g_hash_table_new (NULL, NULL);
  seen->states = g_array_new (FALSE, FALSE, sizeof (YzConnectionState));
}

static void
seen_clear (Seen *seen)
{
  g_hash_table_unref (seen->seqs);
  g_array_unref (seen->states);
}

typedef struct
{
  YzEventStream *stream;
  YzConnectionState state;
  gint64 seq;
} Until;

static gboolean
in_state (gpointer user_data)
{
  Until *until = user_data;

  return yz_event_stream_get_state (until->stream) == until->state;
}

static gboolean
reached_seq (gpointer user_data)
{
  Until *until = user_data;

  return yz_event_stream_get_last_seq (until->stream) >= until->seq;
}

static gboolean
flag_cb (gpointer user_data)
{
  *(gboolean *)user_data = TRUE;
  return G_SOURCE_REMOVE;
}

static gboolean
flag_set (gpointer user_data)
{
  return *(gboolean *)user_data;
}

/* Runs the main loop for @ms: pacing, not waiting for a result. */
static void
run_main_loop_for (guint ms)
{
  gboolean done = FALSE;

  g_timeout_add (ms, flag_cb, &done);
  yz_test_wait (flag_set, &done, ms + 1000);
}

static void
test_stream_survives_drops (void)
{
  g_autofree char *journal =
      g_build_filename (g_get_tmp_dir (), "yizhan-stream-journal-XXXXXX", NULL);
  g_autofree char *journal_arg = NULL;
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(YzEventStream) stream = NULL;
  g_autofree char *token = NULL;
  YzTestSim *sim;
  Seen seen = { 0 };
  Until until = { 0 };
  guint status = 0;
  guint count = 0;
  guint unknown = 0;
  gint64 last;
  gint64 deadline;

  g_close (g_mkstemp (journal), NULL);
  journal_arg = g_strconcat ("--journal=", journal, NULL);
  sim = yz_test_sim_start ("--no-cameras", "--control", "--fault-ws-close-every=1",
                           "--fault-malformed=0.05", "--fault-unknown=0.05", journal_arg, NULL);
  token = yz_test_sim_login (sim, "observer");

  seen_init (&seen);
  stream =
      yz_event_stream_new (yz_test_sim_get_session (sim), yz_test_sim_get_base_url (sim), token);
  yz_event_stream_set_max_backoff (stream, 1000);
  g_signal_connect (stream, "event", G_CALLBACK (event_cb), &seen);
  g_signal_connect (stream, "notify::state", G_CALLBACK (state_cb), &seen);
  yz_event_stream_start (stream, 0);

  /* Bursts for a while, as a reconnecting terminal replays its log. */
  {
    g_autofree char *operator_token = yz_test_sim_login (sim, "operator");

    /* Paced (300 events every 50 ms over 8 s, through several forced drops) so the total
     * stays well inside the simulator's replay window and no resync is needed. */
    deadline = g_get_monotonic_time () + 8 * G_USEC_PER_SEC;
    while (g_get_monotonic_time () < deadline)
      {
        g_autoptr(JsonNode) nothing = yz_test_sim_request (
            sim, "POST", "/api/v1/_control/burst", operator_token, "{\"count\":300}", &status);
        g_assert_cmpuint (status, ==, 204);
        run_main_loop_for (50);
      }
  }

  events = yz_test_sim_read_journal (journal);
  count = events->len;
  last = count > 0 ? json_object_get_int_member (g_ptr_array_index (events, count - 1), "seq") : 0;
  until.stream = stream;
  until.seq = last;
  g_assert_true (yz_test_wait (reached_seq, &until, 30000));

  /* Every event the gateway sent arrived exactly once (unknown types are skipped, so they
   * are not delivered, but their seq is passed). */
  for (guint i = 0; i < events->len; i++)
    {
      JsonObject *object = g_ptr_array_index (events, i);
      gint64 seq;
      guint times;

      seq = json_object_get_int_member (object, "seq");
      if (seq > last)
        break;
      times = GPOINTER_TO_UINT (g_hash_table_lookup (seen.seqs, GSIZE_TO_POINTER ((gsize)seq)));
      if (g_str_equal (json_object_get_string_member (object, "type"), "x-sim-future"))
        {
          g_assert_cmpuint (times, ==, 0);
          unknown++;
        }
      else
        g_assert_cmpuint (times, ==, 1);
    }

  g_assert_cmpuint (count, >, 2000);
  g_assert_cmpuint (yz_event_stream_get_n_connects (stream), >=, 4);
  g_assert_cmpuint (yz_event_stream_get_n_malformed (stream), >, 0);
  g_assert_cmpuint (yz_event_stream_get_n_unknown (stream), >=, unknown);
  g_assert_cmpuint (unknown, >, 0);

  /* The UI saw every step: connecting, connected, disconnected, and back. */
  {
    guint connected = 0;
    guint disconnected = 0;

    for (guint i = 0; i < seen.states->len; i++)
      {
        YzConnectionState s = g_array_index (seen.states, YzConnectionState, i);

        connected += s == YZ_CONNECTION_CONNECTED;
        disconnected += s == YZ_CONNECTION_DISCONNECTED;
      }
    g_assert_cmpuint (connected, >=, 3);
    g_assert_cmpuint (disconnected, >=, 3);
  }

  yz_event_stream_stop (stream);
  g_assert_cmpint (yz_event_stream_get_state (stream), ==, YZ_CONNECTION_DISCONNECTED);
  seen_clear (&seen);
  yz_test_sim_stop (sim);
  g_unlink (journal);
}

static void
test_stream_silence (void)
{
  YzTestSim *sim = yz_test_sim_start ("--no-cameras", NULL);
  g_autofree char *token = yz_test_sim_login (sim, "observer");
  g_autoptr(YzEventStream) stream = NULL;
  Until until = { 0 };
  GPid pid;

  stream =
      yz_event_stream_new (yz_test_sim_get_session (sim), yz_test_sim_get_base_url (sim), token);
  yz_event_stream_set_silence_timeout (stream, 1500);
  yz_event_stream_set_max_backoff (stream, 1000);
  yz_event_stream_start (stream, -1);
  until.stream = stream;
  until.state = YZ_CONNECTION_CONNECTED;
  g_assert_true (yz_test_wait (in_state, &until, 10000));

  /* Freeze the gateway: the socket stays open but says nothing. */
  pid = yz_test_sim_get_pid (sim);
  g_assert_cmpint (kill (pid, SIGSTOP), ==, 0);
  until.state = YZ_CONNECTION_DISCONNECTED;
  g_assert_true (yz_test_wait (in_state, &until, 10000));

  /* Thaw it: the stream comes back by itself. */
  g_assert_cmpint (kill (pid, SIGCONT), ==, 0);
  until.state = YZ_CONNECTION_CONNECTED;
  g_assert_true (yz_test_wait (in_state, &until, 15000));

  yz_event_stream_stop (stream);
  yz_test_sim_stop (sim);
}

static void
test_stream_resync (void)
{
  YzTestSim *sim = yz_test_sim_start ("--no-cameras", "--control", "--replay-window=50", NULL);
  g_autofree char *token = yz_test_sim_login (sim, "operator");
  g_autoptr(YzEventStream) stream = NULL;
  g_autoptr(JsonNode) nothing = NULL;
  g_autoptr(JsonNode) state = NULL;
  Seen seen = { 0 };
  Until until = { 0 };
  guint status = 0;

  nothing = yz_test_sim_request (sim, "POST", "/api/v1/_control/burst", token, "{\"count\":500}",
                                 &status);
  g_assert_cmpuint (status, ==, 204);

  seen_init (&seen);
  stream =
      yz_event_stream_new (yz_test_sim_get_session (sim), yz_test_sim_get_base_url (sim), token);
  g_signal_connect (stream, "resync-required", G_CALLBACK (resync_cb), &seen);
  g_signal_connect (stream, "event", G_CALLBACK (event_cb), &seen);
  yz_event_stream_start (stream, 1);
  g_assert_true (yz_test_wait (resynced, &seen, 10000));
  g_assert_cmpuint (seen.resyncs, ==, 1);
  g_assert_cmpuint (g_hash_table_size (seen.seqs), ==, 0);

  /* The owner reloads state and resumes from its seq; events flow again. */
  state = yz_test_sim_request (sim, "GET", "/api/v1/state", token, NULL, &status);
  g_assert_cmpuint (status, ==, 200);
  yz_event_stream_start (stream, json_object_get_int_member (json_node_get_object (state), "seq"));
  {
    g_autoptr(JsonNode) more = yz_test_sim_request (sim, "POST", "/api/v1/_control/burst", token,
                                                     "{\"count\":5}", &status);
  }
  until.stream = stream;
  until.seq = json_object_get_int_member (json_node_get_object (state), "seq") + 5;
  g_assert_true (yz_test_wait (reached_seq, &until, 10000));
  g_assert_cmpuint (seen.resyncs, ==, 1);

  yz_event_stream_stop (stream);
  seen_clear (&seen);
  yz_test_sim_stop (sim);
}

static void
count_cb (gpointer instance, guint *count)
{
  (*count)++;
}

static void
count_event_cb (YzEventStream *stream, YzEvent *event, guint *count)
{
  (*count)++;
}

static gboolean
count_positive (gpointer user_data)
{
  return *(guint *)user_data > 0;
}

/* A token the gateway no longer accepts stops the stream with "unauthorized" instead of
 * retrying it forever; after stop(), nothing more is delivered. */
static void
test_stream_unauthorized (void)
{
  YzTestSim *sim = yz_test_sim_start ("--no-cameras", "--control", NULL);
  g_autofree char *token = yz_test_sim_login (sim, "operator");
  g_autofree char *control_token = yz_test_sim_login (sim, "supervisor");
  g_autoptr(YzEventStream) stream = NULL;
  g_autoptr(JsonNode) nothing = NULL;
  Until until = { 0 };
  guint unauthorized = 0;
  guint events = 0;
  guint connects;
  guint status = 0;

  stream =
      yz_event_stream_new (yz_test_sim_get_session (sim), yz_test_sim_get_base_url (sim), token);
  yz_event_stream_set_max_backoff (stream, 500);
  g_signal_connect (stream, "unauthorized", G_CALLBACK (count_cb), &unauthorized);
  g_signal_connect (stream, "event", G_CALLBACK (count_event_cb), &events);
  yz_event_stream_start (stream, -1);
  until.stream = stream;
  until.state = YZ_CONNECTION_CONNECTED;
  g_assert_true (yz_test_wait (in_state, &until, 10000));

  /* Log the stream's token out, then make the gateway drop every stream. */
  nothing = yz_test_sim_request (sim, "DELETE", "/api/v1/session", token, NULL, &status);
  g_assert_cmpuint (status, ==, 204);
  g_clear_pointer (&nothing, json_node_unref);
  nothing = yz_test_sim_request (sim, "POST", "/api/v1/_control/faults", control_token,
                                 "{\"fault_ws_close_every\": 1}", &status);
  g_assert_cmpuint (status, ==, 204);
  g_assert_true (yz_test_wait (count_positive, &unauthorized, 15000));
  g_assert_cmpint (yz_event_stream_get_state (stream), ==, YZ_CONNECTION_DISCONNECTED);
  connects = yz_event_stream_get_n_connects (stream);

  /* It does not retry the dead token. */
  run_main_loop_for (1500);
  g_assert_cmpuint (unauthorized, ==, 1);
  g_assert_cmpuint (yz_event_stream_get_n_connects (stream), ==, connects);

  /* With a new token it follows again; after stop() nothing more arrives. */
  g_clear_pointer (&nothing, json_node_unref);
  nothing = yz_test_sim_request (sim, "POST", "/api/v1/_control/faults", control_token,
                                 "{\"fault_ws_close_every\": 0}", &status);
  g_free (token);
  token = yz_test_sim_login (sim, "operator");
  yz_event_stream_set_token (stream, token);
  yz_event_stream_start (stream, -1);
  until.state = YZ_CONNECTION_CONNECTED;
  g_assert_true (yz_test_wait (in_state, &until, 10000));
  g_clear_pointer (&nothing, json_node_unref);
  nothing = yz_test_sim_request (sim, "POST", "/api/v1/_control/burst", control_token,
                                 "{\"count\":2000}", &status);
  g_assert_cmpuint (status, ==, 204);
  g_assert_true (yz_test_wait (count_positive, &events, 10000));
  yz_event_stream_stop (stream);
  events = 0;
  run_main_loop_for (500);
  g_assert_cmpuint (events, ==, 0);
  g_assert_cmpint (yz_event_stream_get_state (stream), ==, YZ_CONNECTION_DISCONNECTED);

  yz_test_sim_stop (sim);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/yizhan/event-stream/survives-drops", test_stream_survives_drops);
  g_test_add_func ("/yizhan/event-stream/silence", test_stream_silence);
  g_test_add_func ("/yizhan/event-stream/resync", test_stream_resync);

  g_test_add_func ("/yizhan/event-stream/unauthorized", test_stream_unauthorized);

  return g_test_run ();
}
