/* yz-test-backend.h
 *
 * A YzBackend that a test scripts, for fast tests of the session without a simulator.
 *
 * The stub keeps a small world as the protocol's JSON (docs/protocol.md, section 2): the
 * state it serves, the items its command replies come from. Everything it hands to the
 * session goes through the real parsers (yz_state_parse(), yz_event_parse(), ...), so the
 * session sees what a gateway would send.
 *
 * - Log-in: any password unless yz_test_backend_set_password(); the role is the operator's
 *   name when that is a role (observer, operator, supervisor), else set_role() or operator.
 * - Events: yz_test_backend_emit_json() numbers an event, applies it to the world, keeps
 *   it in a journal and delivers it while the stream is connected; the rest is replayed
 *   when the session follows again after a seq (or asked to resync when the journal no
 *   longer reaches back: yz_test_backend_forget_events()).
 * - Stream: follow() connects on the next main-loop pass; yz_test_backend_drop() loses
 *   the connection and reconnects after a delay (or on reconnect_now).
 * - Answers: every call is recorded (yz_test_backend_get_calls()) and announced with the
 *   "call" signal before it is answered; yz_test_backend_fail() makes the next calls of a
 *   kind fail with an error; yz_test_backend_hold() keeps them pending until
 *   yz_test_backend_release(). Door commands answer with a door.command-result event
 *   after the reply, before it, with a failure, or never (yz_test_backend_set_door_answer()).
 *   Alarm, stock and device commands change the world and are echoed as the gateway's
 *   event (alarm.updated, stock.level, device.state) unless yz_test_backend_set_echo().
 *
 * Call names: "log-in", "set-token", "load-state", "follow", "stop", "reconnect-now",
 * "door-command", "fetch-door", "alarm-action", "stock", "device-power", "snapshot",
 * "camera-snapshot".
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "yz-backend.h"
#include "yz-session.h"
#include "yz-store.h"

#include "yz-test-util.h"

G_BEGIN_DECLS

/* One call the session made, as the stub received it. */
typedef struct
{
  char *name;        /* see above */
  char *target;      /* operator (log-in), token (set-token), door, alarm, stock, device,
                        snapshot or camera id */
  char *command;     /* door command; acknowledge, assign, resolve or reopen; restock or
                        threshold; on or off */
  gint64 value;      /* follow's after; keep-open minutes; restock quantity; threshold */
  char *text;        /* password (log-in); door reason; alarm or restock note */
  char *to;          /* assign */
  char *category;    /* resolve */
  char *command_id;  /* door-command: the id the stub answered with */
  char *request_id;  /* door-command: the console's id for it */
  gint64 expires_at; /* door-command: its expiry (ms), 0 when none was sent */
} YzTestCall;

typedef enum
{
  YZ_TEST_DOOR_ANSWER_OK,    /* door.command-result ok, a little after the 202 */
  YZ_TEST_DOOR_ANSWER_EARLY, /* door.command-result ok, before the 202 is read */
  YZ_TEST_DOOR_ANSWER_FAIL,  /* door.command-result not ok, with a reason */
  YZ_TEST_DOOR_ANSWER_NEVER, /* the door never answers (yz_test_backend_door_result()) */
} YzTestDoorAnswer;

#define YZ_TYPE_TEST_BACKEND (yz_test_backend_get_type ())
G_DECLARE_FINAL_TYPE (YzTestBackend, yz_test_backend, YZ, TEST_BACKEND, GObject)

YzTestBackend *yz_test_backend_new (void);
YzTestBackend *yz_test_backend_new_city (guint n_stations);

/* The world */
void yz_test_backend_add_station (YzTestBackend *self, const char *id, const char *name,
                                  const char *district);
void yz_test_backend_set_state_json (YzTestBackend *self, const char *json);
JsonObject *yz_test_backend_lookup (YzTestBackend *self, const char *id);
void yz_test_backend_remove (YzTestBackend *self, const char *id);
void yz_test_backend_add_snapshot (YzTestBackend *self, const char *snapshot_id, GBytes *bytes);

/* Log-in */
void yz_test_backend_set_password (YzTestBackend *self, const char *password);
void yz_test_backend_set_role (YzTestBackend *self, const char *operator_name, const char *role);
void yz_test_backend_set_token_owner (YzTestBackend *self, const char *token,
                                      const char *operator_name);

/* Events and the stream */
gint64 yz_test_backend_emit_json (YzTestBackend *self, const char *format, ...)
    G_GNUC_PRINTF (2, 3);
void yz_test_backend_emit (YzTestBackend *self, YzEvent *event);
gint64 yz_test_backend_station_status (YzTestBackend *self, const char *station_id, gboolean online,
                                       int occupancy);
gint64 yz_test_backend_raise_alarm (YzTestBackend *self, const char *alarm_id,
                                    const char *station_id, const char *camera_id, const char *type,
                                    const char *priority);
gint64 yz_test_backend_entry (YzTestBackend *self, const char *entry_id, const char *station_id,
                              const char *result);
gint64 yz_test_backend_door_result (YzTestBackend *self, const char *command_id, gboolean ok,
                                    const char *reason);
gint64 yz_test_backend_get_seq (YzTestBackend *self);
void yz_test_backend_forget_events (YzTestBackend *self);
void yz_test_backend_drop (YzTestBackend *self, guint reconnect_ms);
void yz_test_backend_require_resync (YzTestBackend *self);
void yz_test_backend_emit_unauthorized (YzTestBackend *self);
YzConnectionState yz_test_backend_get_stream_state (YzTestBackend *self);

/* Answers */
void yz_test_backend_fail (YzTestBackend *self, const char *call, guint times, YzBackendError code,
                           const char *message);
void yz_test_backend_hold (YzTestBackend *self, const char *call, gboolean hold);
guint yz_test_backend_get_n_held (YzTestBackend *self, const char *call);
void yz_test_backend_release (YzTestBackend *self, const char *call);
void yz_test_backend_set_door_answer (YzTestBackend *self, YzTestDoorAnswer answer,
                                      const char *reason);
void yz_test_backend_set_echo (YzTestBackend *self, gboolean echo);

/* What the session asked */
GPtrArray *yz_test_backend_get_calls (YzTestBackend *self);
guint yz_test_backend_count_calls (YzTestBackend *self, const char *name);
YzTestCall *yz_test_backend_last_call (YzTestBackend *self, const char *name);
void yz_test_backend_clear_calls (YzTestBackend *self);

/* A session on the stub, with a real store (in the test's own data directory, which
 * G_TEST_OPTION_ISOLATE_DIRS removes after the test); @db_name names the file, so a second
 * session can open the same record. Not started. */
YzSession *yz_test_backend_new_session (YzTestBackend *self, const char *db_name);
gboolean yz_test_session_wait_state (YzSession *session, YzConnectionState state, guint timeout_ms);

G_END_DECLS
