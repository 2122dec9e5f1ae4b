/* yz-test-fixture.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "yz-session.h"
#include "yz-store.h"
#include "yz-test-sim.h"

G_BEGIN_DECLS

/* What a test needs of its city; zero is the usual answer for every field. */
typedef struct
{
  const char *name;            /* names the temporary directory: yizhan-NAME-XXXXXX */
  guint stations;              /* --stations=N; 0: the simulator's own number */
  guint seed;                  /* --seed=N; 0: the simulator's own seed */
  gboolean cameras;            /* FALSE: --no-cameras (no RTSP server, a faster start) */
  gboolean control;            /* --control, and the operator's token for it in ->token */
  gboolean journal;            /* --journal=DIR/journal.jsonl, its path in ->journal */
  const char *const *sim_args; /* further arguments for the simulator, NULL-terminated */
  gboolean store_only;         /* a directory and a store: no simulator, no session */
  const char *db_name;         /* the store's file in the directory; NULL: yizhan.db */
  const char *operator_name;   /* who the session logs in as; NULL: "operator" */
  guint stream_silence_ms;     /* with stream_backoff_ms: the event stream's timing */
  guint stream_backoff_ms;
  gboolean (*ready) (gpointer data); /* what set-up waits for; NULL: connected */
  gpointer ready_data;
  guint ready_timeout_ms; /* 0: 20 s */
} YzTestFixtureOptions;

/* A simulator, a store in a temporary directory and a session logged in to the simulator.
 * A test's own fixture holds one (as `fx`) beside its window and page. */
typedef struct
{
  YzTestSim *sim;
  char *dir; /* removed with what it holds on tear-down */
  char *db_path;
  char *journal; /* with options.journal */
  char *token;   /* with options.control */
  YzStore *store;
  YzSession *session;
  /* private: for the sessions yz_test_fixture_new_session() starts */
  char *operator_name;
  guint stream_silence_ms;
  guint stream_backoff_ms;
} YzTestFixture;

void yz_test_fixture_set_up (YzTestFixture *fx, const YzTestFixtureOptions *options);
void yz_test_fixture_tear_down (YzTestFixture *fx);
YzSession *yz_test_fixture_new_session (YzTestFixture *fx, const char *db_name,
                                        const char *operator_name);
void yz_test_fixture_restart_session (YzTestFixture *fx);
JsonNode *yz_test_fixture_control (YzTestFixture *fx, const char *what, const char *body);
gboolean yz_test_session_is_connected (gpointer session);

G_END_DECLS
