/* yz-commands.c
 *
 * The audited commands, part of YzSession (yz-session-private.h): each checks the
 * connection and the operator's role, writes the audit request row, sends, and writes the
 * result row. Door commands complete when the door answers (its door.command_result
 * event, matched by command id, which may even come before the gateway's 202 reply) or
 * when it does not answer in time. The public yz_session_*_async() / _finish() functions
 * are implemented here, over the session's private struct.
 *
 * The backend calls take the caller's cancellable; a cancelled call still writes its
 * result row, so that the audit log never has a request without an outcome. The pages
 * pass no cancellable on purpose: once the request row is written, the command must reach
 * its result row (and a door its answer or its timeout) even when the dialog that asked
 * has closed; the callback's reference keeps the page alive until then.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "yz-session"

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "yz-door-reason.h"
#include "yz-items-private.h"
#include "yz-record.h"
#include "yz-session-private.h"
#include "yz-stats.h"
#include "yz-vocabulary.h"

/* ---- actions ---- */

static const char *
role_label (YzRole role)
{
  switch (role)
    {
    case YZ_ROLE_OBSERVER:
      return _("observer");
    case YZ_ROLE_OPERATOR:
      return _("operator");
    case YZ_ROLE_SUPERVISOR:
      return _("supervisor");
    case YZ_ROLE_NONE:
    default:
      return _("not logged in");
    }
}

static gboolean
may_act (YzSession *self, YzRole needed, gboolean needs_gateway, GError **error)
{
  if (needs_gateway && yz_session_get_connection_state (self) != YZ_CONNECTION_CONNECTED)
    {
      g_set_error (error, YZ_SESSION_ERROR, YZ_SESSION_ERROR_DISCONNECTED,
                   _("Not connected to the gateway: nothing was sent. Try again when the "
                      "connection is back."));
      return FALSE;
    }
  if (self->role < needed)
    {
      g_set_error (error, YZ_SESSION_ERROR, YZ_SESSION_ERROR_NOT_ALLOWED,
                   _("Your role (%s) does not allow this"), role_label (self->role));
      return FALSE;
    }
  if (self->store == NULL)
    {
      g_set_error (error, YZ_SESSION_ERROR, YZ_SESSION_ERROR_NO_AUDIT,
                   _("The local record is not available, so the action cannot be audited: nothing "
                      "was sent"));
      return FALSE;
    }
  return TRUE;
}

static char *
params_to_string (JsonBuilder *builder)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = json_builder_get_root (builder);

  json_generator_set_root (generator, root);
  return json_generator_to_data (generator, NULL);
}

static gboolean
audit (YzSession *self, const char *action, const char *target, const char *params,
       const char *phase, const char *result, GError **error)
{
  g_autoptr(GError) local_error = NULL;

  if (yz_store_audit_append (self->store, yz_session_now_ms (), self->operator_name, action, target,
                             params, phase, result, &local_error) > 0)
    return TRUE;

  g_warning ("Cannot write the audit log: %s", local_error->message);
  g_set_error (error, YZ_SESSION_ERROR, YZ_SESSION_ERROR_NO_AUDIT,
               _("The audit log cannot be written (%s): nothing was sent"), local_error->message);
  return FALSE;
}

/* What every action carries from its request to its result. */
typedef struct
{
  char *action;
  char *target;
  char *params;
  char *command_id;
  guint timeout_id;
  /* doors */
  char *command;
  char *request_id;
  gint64 expires_at; /* ms */
  char *unknown_why; /* why the outcome is not known */
} Op;

static void
op_free (Op *op)
{
  g_clear_handle_id (&op->timeout_id, g_source_remove);
  g_free (op->action);
  g_free (op->target);
  g_free (op->params);
  g_free (op->command_id);
  g_free (op->command);
  g_free (op->request_id);
  g_free (op->unknown_why);
  g_free (op);
}

static GTask *
start_op (YzSession *self, const char *action, const char *target, JsonBuilder *params,
          GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data,
          gpointer source_tag)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  Op *op = g_new0 (Op, 1);

  g_task_set_source_tag (task, source_tag);
  op->action = g_strdup (action);
  op->target = g_strdup (target);
  op->params = params_to_string (params);
  g_task_set_task_data (task, op, (GDestroyNotify)op_free);

  return task;
}

/* A failed action's result row begins with what became of it, so that the audit log can
 * name the outcome in any language: refused (by the door, the station or the gateway), not
 * carried out for its expiry, outcome unknown, no answer, or another error
 * (docs/schema.md). */
static const char *
outcome_of (const GError *error)
{
  if (g_error_matches (error, YZ_SESSION_ERROR, YZ_SESSION_ERROR_NO_ANSWER))
    return "no-answer";
  if (g_error_matches (error, YZ_SESSION_ERROR, YZ_SESSION_ERROR_OUTCOME_UNKNOWN))
    return "unknown";
  if (g_error_matches (error, YZ_SESSION_ERROR, YZ_SESSION_ERROR_EXPIRED) ||
      g_error_matches (error, YZ_BACKEND_ERROR, YZ_BACKEND_ERROR_EXPIRED))
    return "expired";
  if (g_error_matches (error, YZ_SESSION_ERROR, YZ_SESSION_ERROR_FAILED))
    return "refused";
  if (error->domain == YZ_BACKEND_ERROR &&
      (error->code == YZ_BACKEND_ERROR_FORBIDDEN || error->code == YZ_BACKEND_ERROR_CONFLICT ||
       error->code == YZ_BACKEND_ERROR_INVALID || error->code == YZ_BACKEND_ERROR_NOT_FOUND ||
       error->code == YZ_BACKEND_ERROR_RATE_LIMITED ||
       error->code == YZ_BACKEND_ERROR_UNAUTHORIZED))
    return "refused";
  return "error";
}

/* Writes the result row, then completes the task. */
static void
finish_op (YzSession *self, GTask *task, const GError *error, const char *result)
{
  Op *op = g_task_get_task_data (task);
  g_autofree char *text = error ? g_strdup_printf ("%s: %s", outcome_of (error), error->message)
                                : g_strdup (result ? result : "ok");

  audit (self, op->action, op->target, op->params, "result", text, NULL);
  if (error != NULL)
    g_task_return_error (task, g_error_copy (error));
  else
    g_task_return_boolean (task, TRUE);
}

/* Doors. A command is sent once, at once, or not at all: nothing is queued. It carries a
 * request id (a UUID, in both audit rows) and an expiry, DOOR_EXPIRY_MS after the click:
 * the gateway carries it out before then or not at all, and carries one request id out
 * once (docs/protocol.md, section 4). When the door's answer does not come in time (or the
 * gateway's reply is lost), the outcome is unknown, not failed: the result row says so, the
 * door's state is asked again, and the command is kept in self->unknown_doors so that its
 * answer, if it comes later, is audited (a further result row, `late: …`) and told
 * (YzSession::door-command-late-result). */

#define DOOR_EXPIRY_MS 20000
#define UNKNOWN_KEPT_MS (15 * 60 * 1000)
#define UNKNOWN_MAX 256

/* A door command whose outcome is not known: what a late answer is matched against. */
typedef struct
{
  char *request_id;
  char *command_id; /* nullable: the gateway's reply was lost */
  char *door_id;
  char *command;
  char *params;
  gint64 since; /* ms */
} Unknown;

static void
unknown_free (Unknown *unknown)
{
  g_free (unknown->request_id);
  g_free (unknown->command_id);
  g_free (unknown->door_id);
  g_free (unknown->command);
  g_free (unknown->params);
  g_free (unknown);
}

static void
remember_unknown (YzSession *self, Op *op)
{
  gint64 now = yz_session_now_ms ();
  Unknown *unknown = g_new0 (Unknown, 1);

  /* Kept for longer than any gateway keeps a command; the oldest go first. */
  while (self->unknown_doors->len > 0 &&
         (self->unknown_doors->len >= UNKNOWN_MAX ||
          now - ((Unknown *)g_ptr_array_index (self->unknown_doors, 0))->since > UNKNOWN_KEPT_MS))
    g_ptr_array_remove_index (self->unknown_doors, 0);
  unknown->request_id = g_strdup (op->request_id);
  unknown->command_id = g_strdup (op->command_id);
  unknown->door_id = g_strdup (op->target);
  unknown->command = g_strdup (op->command);
  unknown->params = g_strdup (op->params);
  unknown->since = now;
  g_ptr_array_add (self->unknown_doors, unknown);
}

static char *
expiry_text (gint64 ms)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (ms / 1000);
  g_autoptr(GDateTime) local = utc ? g_date_time_to_local (utc) : NULL;

  return local ? g_date_time_format (local, "%H:%M:%S") : g_strdup ("?");
}

/* The follow-up of an unknown outcome: the door as the gateway has it now. */
static void
door_checked_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(GTask) task = user_data;
  YzSession *self = g_task_get_source_object (task);
  Op *op = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(YzDoorData) data = yz_backend_fetch_door_finish (YZ_BACKEND (object), result, &error);
  YzDoor *door;

  if (data != NULL && g_strcmp0 (data->id, op->target) == 0)
    {
      if (self->store != NULL)
        yz_record_door (self->store, data);
      if ((door = yz_city_lookup_door (self->city, data->id)) != NULL)
        yz_door_update (door, data);
      g_task_return_new_error (task, YZ_SESSION_ERROR, YZ_SESSION_ERROR_OUTCOME_UNKNOWN, "%s",
                               op->unknown_why);
      return;
    }
  g_task_return_new_error (
      task, YZ_SESSION_ERROR, YZ_SESSION_ERROR_OUTCOME_UNKNOWN,
      /* TRANSLATORS: the first %s says why the outcome is unknown; the second, why the
       * door's state could not be read */
      _("%s The door's state could not be read again (%s): the state shown is the last known."),
      op->unknown_why, error ? error->message : _("the gateway sent another door"));
}

/* No answer in time, the reply lost, or the console disconnected: the command may have been
 * carried out, or may yet be until its expiry. Says so in the result row, remembers it for
 * a late answer, asks for the door's state, and then completes the task. Takes the task. */
static void
outcome_unknown (YzSession *self, GTask *task, const char *why, gboolean check)
{
  Op *op = g_task_get_task_data (task);
  g_autofree char *until = expiry_text (op->expires_at);
  g_autofree char *text = NULL;

  g_clear_handle_id (&op->timeout_id, g_source_remove);
  /* TRANSLATORS: %s: why; then the time (HH:MM:SS) the command expires at */
  op->unknown_why = g_strdup_printf (_("%s Outcome unknown: the door may carry it out until %s. "
                                        "Its answer will be shown when it comes."),
                                     why, until);
  text = g_strdup_printf ("unknown: %s", op->unknown_why);
  audit (self, op->action, op->target, op->params, "result", text, NULL);
  remember_unknown (self, op);

  if (!check || yz_session_get_connection_state (self) != YZ_CONNECTION_CONNECTED)
    {
      g_task_return_new_error (
          task, YZ_SESSION_ERROR, YZ_SESSION_ERROR_OUTCOME_UNKNOWN,
          _("%s Not connected, so the door's state cannot be read again: the state shown is "
             "the last known."),
          op->unknown_why);
      g_object_unref (task);
      return;
    }
  yz_backend_fetch_door_async (self->backend, op->target, NULL, door_checked_cb, task);
}

static gboolean
door_timeout_cb (gpointer user_data)
{
  GTask *task = user_data;
  YzSession *self = g_task_get_source_object (task);
  Op *op = g_task_get_task_data (task);
  g_autofree char *why = g_strdup_printf (
      _("The gateway accepted the command, but the door did not answer within %u s."),
      (self->door_timeout_ms + 999) / 1000);

  op->timeout_id = 0;
  g_hash_table_steal (self->door_tasks, op->command_id);
  outcome_unknown (self, task, why, TRUE);
  return G_SOURCE_REMOVE;
}

static gboolean
is_expired (YzEvent *result)
{
  return !result->ok && g_strcmp0 (result->reason, "expired") == 0;
}

static void
complete_door (YzSession *self, GTask *task, YzEvent *result)
{
  g_autoptr(GError) error = NULL;

  if (result->ok)
    return finish_op (self, task, NULL, "ok");

  if (is_expired (result))
    error = g_error_new (YZ_SESSION_ERROR, YZ_SESSION_ERROR_EXPIRED,
                         _("Not carried out (expired): the command reached the door too late"));
  else
    error = g_error_new (YZ_SESSION_ERROR, YZ_SESSION_ERROR_FAILED,
                         _("The door reports a failure: %s"),
                         result->reason ? result->reason : _("no reason given"));
  finish_op (self, task, error, NULL);
}

/* A command of an unknown outcome that this session did not send (the console restarted
 * since): found in the audit log by its request id. */
static Unknown *
unknown_in_record (YzSession *self, const char *request_id)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  Unknown *unknown;
  JsonNode *root;
  char *door_id;
  char *params;

  if (request_id == NULL || self->store == NULL ||
      !yz_record_audit_unknown_door (self->store, request_id,
                                     yz_session_now_ms () - UNKNOWN_KEPT_MS, &door_id, &params))
    return NULL;
  unknown = g_new0 (Unknown, 1);
  unknown->request_id = g_strdup (request_id);
  unknown->door_id = door_id;
  unknown->params = params;
  if (json_parser_load_from_data (parser, params, -1, NULL) &&
      (root = json_parser_get_root (parser)) != NULL && JSON_NODE_HOLDS_OBJECT (root))
    unknown->command = g_strdup (
        json_object_get_string_member_with_default (json_node_get_object (root), "command", NULL));
  return unknown;
}

/* An answer to a command whose outcome was unknown: audited as its own row and told. */
static gboolean
late_result (YzSession *self, YzEvent *event)
{
  Unknown *unknown = NULL;
  const char *outcome;
  g_autofree char *message = NULL;
  g_autofree char *text = NULL;
  guint i;

  for (i = 0; i < self->unknown_doors->len && unknown == NULL; i++)
    {
      Unknown *candidate = g_ptr_array_index (self->unknown_doors, i);

      if ((event->request_id != NULL &&
           g_strcmp0 (candidate->request_id, event->request_id) == 0) ||
          (candidate->command_id != NULL && g_str_equal (candidate->command_id, event->command_id)))
        unknown = candidate;
    }
  if (unknown == NULL && (unknown = unknown_in_record (self, event->request_id)) != NULL)
    {
      /* Kept where the in-memory ones are, so that the code below treats both alike. */
      g_ptr_array_add (self->unknown_doors, unknown);
      i = self->unknown_doors->len;
    }
  if (unknown == NULL)
    return FALSE;

  /* A second result row, after the "unknown: " one: "late: " and what the door said. */
  if (event->ok)
    {
      outcome = "carried-out";
      text = g_strdup ("late: ok");
    }
  else if (is_expired (event))
    {
      outcome = "expired";
      message = g_strdup (_("Not carried out (expired): the command reached the door too late"));
      text = g_strdup_printf ("late: expired: %s", message);
    }
  else
    {
      outcome = "refused";
      message = g_strdup_printf (_("The door reports a failure: %s"),
                                 event->reason ? event->reason : _("no reason given"));
      text = g_strdup_printf ("late: refused: %s", message);
    }
  audit (self, "door-command", unknown->door_id, unknown->params, "result", text, NULL);
  g_signal_emit (self, yz_session_signals[YZ_SESSION_DOOR_COMMAND_LATE_RESULT], 0, unknown->door_id,
                 unknown->command, outcome, message);
  g_ptr_array_remove_index (self->unknown_doors, i - 1);
  return TRUE;
}

void
yz_commands_door_result (YzSession *self, YzEvent *event)
{
  GTask *task;

  if (event->command_id == NULL)
    return;
  task = g_hash_table_lookup (self->door_tasks, event->command_id);
  if (task == NULL)
    {
      if (late_result (self, event))
        return;
      /* The answer may come before the gateway's 202 reply is read. */
      if (g_hash_table_size (self->early_results) > 256)
        g_hash_table_remove_all (self->early_results);
      g_hash_table_insert (self->early_results, g_strdup (event->command_id), yz_event_ref (event));
      return;
    }
  g_hash_table_steal (self->door_tasks, event->command_id);
  complete_door (self, task, event);
  g_object_unref (task);
}

/* Whether a failed send may still have reached the gateway: its reply was lost (the
 * deadline, the connection dropped, a reply that could not be read), as opposed to a
 * refusal the gateway sent or a connection never made. */
static gboolean
may_have_arrived (const GError *error)
{
  return g_error_matches (error, YZ_BACKEND_ERROR, YZ_BACKEND_ERROR_NETWORK) ||
         g_error_matches (error, YZ_BACKEND_ERROR, YZ_BACKEND_ERROR_BAD_REPLY);
}

/* An answer read before the gateway's reply, found by the request id (when the reply, and so
 * the command id, never came). */
static YzEvent *
early_by_request (YzSession *self, const char *request_id)
{
  GHashTableIter iter;
  YzEvent *event;

  yz_ingest_flush (self);
  g_hash_table_iter_init (&iter, self->early_results);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *)&event))
    if (event->request_id != NULL && g_strcmp0 (event->request_id, request_id) == 0)
      return event;
  return NULL;
}

static void
door_sent_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(GTask) task = user_data;
  YzSession *self = g_task_get_source_object (task);
  Op *op = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  YzEvent *early;

  op->command_id = yz_backend_door_command_finish (YZ_BACKEND (object), result, &error);
  if (op->command_id == NULL && may_have_arrived (error) &&
      (early = early_by_request (self, op->request_id)) != NULL)
    {
      /* The reply was lost, but the door's answer came: the outcome is known after all. */
      g_autoptr(YzEvent) answer = yz_event_ref (early);

      g_signal_emit (self, yz_session_signals[YZ_SESSION_DOOR_COMMAND_SENT], 0, op->target);
      g_hash_table_remove (self->early_results, answer->command_id);
      complete_door (self, task, answer);
      return;
    }
  if (op->command_id == NULL && may_have_arrived (error))
    {
      g_autofree char *why = g_strdup_printf (
          _("The gateway's reply was lost (%s): the command may have reached it."),
          error->message);

      /* Whoever asked may stop offering to send it again: a second click would be a second
       * command. */
      g_signal_emit (self, yz_session_signals[YZ_SESSION_DOOR_COMMAND_SENT], 0, op->target);
      outcome_unknown (self, g_steal_pointer (&task), why, TRUE);
      return;
    }
  if (op->command_id == NULL)
    {
      finish_op (self, task, error, NULL);
      return;
    }

  /* The gateway took it: whoever asked may stop offering to send it again. */
  g_signal_emit (self, yz_session_signals[YZ_SESSION_DOOR_COMMAND_SENT], 0, op->target);

  /* Both events and replies are read on the main loop; an answer may already be pending. */
  yz_ingest_flush (self);
  early = g_hash_table_lookup (self->early_results, op->command_id);
  if (early != NULL)
    {
      complete_door (self, task, early);
      g_hash_table_remove (self->early_results, op->command_id);
      return;
    }
  g_hash_table_insert (self->door_tasks, g_strdup (op->command_id), g_object_ref (task));
  op->timeout_id = g_timeout_add (self->door_timeout_ms, door_timeout_cb, task);
}

/**
 * yz_session_door_command_async:
 * @command: `open`, `keep-open`, `lock` or `normal`
 * @minutes: for `keep-open`, 1–240
 * @reason: why; required: a reason code (`worker-locked-out`, `medical`, `maintenance`,
 *   `restock`, `other`), optionally followed by `: ` and the officer's words (required for
 *   `other`); any other text is taken as `other` with that text (see yz-door-reason.c)
 *
 * Checks, writes the audit request row, sends (with a request id and an expiry); emits
 * #YzSession::door-command-sent once the gateway has accepted it; completes when the door
 * answers, after writing the result row. When it does not answer in time the task fails
 * with %YZ_SESSION_ERROR_OUTCOME_UNKNOWN once the door's state has been asked again (the
 * door item shows it); a command refused for its expiry fails with
 * %YZ_SESSION_ERROR_EXPIRED.
 */
void
yz_session_door_command_async (YzSession *self, YzDoor *door, const char *command, int minutes,
                               const char *reason, GCancellable *cancellable,
                               GAsyncReadyCallback callback, gpointer user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(JsonBuilder) params = json_builder_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *words = NULL;
  g_autofree char *code = yz_door_reason_parse (reason, &words);
  g_autofree char *wire_reason = yz_door_reason_compose (code, words);
  g_autofree char *request_id = g_uuid_string_random ();
  gint64 expires_at = yz_session_now_ms () + self->door_expiry_ms;
  g_autofree char *expires_text = yz_time_to_wire (expires_at);
  Op *op;

  g_return_if_fail (YZ_IS_SESSION (self));
  g_return_if_fail (YZ_IS_DOOR (door));

  /* The reason is kept as its code (counted as one whatever the language) and the
   * officer's words beside it; the request id and the expiry as the gateway got them. */
  json_builder_begin_object (params);
  json_builder_set_member_name (params, "station_id");
  json_builder_add_string_value (params, yz_door_get_station_id (door));
  json_builder_set_member_name (params, "command");
  json_builder_add_string_value (params, command);
  if (g_strcmp0 (command, YZ_DOOR_CMD_KEEP_OPEN) == 0)
    {
      json_builder_set_member_name (params, "minutes");
      json_builder_add_int_value (params, minutes);
    }
  json_builder_set_member_name (params, "reason");
  json_builder_add_string_value (params, code);
  if (words != NULL)
    {
      json_builder_set_member_name (params, "details");
      json_builder_add_string_value (params, words);
    }
  json_builder_set_member_name (params, "request_id");
  json_builder_add_string_value (params, request_id);
  json_builder_set_member_name (params, "expires_at");
  json_builder_add_string_value (params, expires_text);
  json_builder_end_object (params);
  task = start_op (self, "door-command", yz_door_get_id (door), params, cancellable, callback,
                   user_data, yz_session_door_command_async);
  op = g_task_get_task_data (task);
  op->command = g_strdup (command);
  op->request_id = g_strdup (request_id);
  op->expires_at = expires_at;

  if (!may_act (self, YZ_ROLE_OPERATOR, TRUE, &error))
    return g_task_return_error (task, g_steal_pointer (&error));
  if (command == NULL || !g_strv_contains (yz_door_commands (), command))
    return g_task_return_new_error (task, YZ_SESSION_ERROR, YZ_SESSION_ERROR_INVALID,
                                    _("Unknown door command"));
  if (wire_reason == NULL || g_utf8_strlen (wire_reason, -1) > 200)
    return g_task_return_new_error (
        task, YZ_SESSION_ERROR, YZ_SESSION_ERROR_INVALID,
        _("A reason (up to 200 characters) is required for a door command"));
  if (g_str_equal (command, YZ_DOOR_CMD_KEEP_OPEN) && (minutes < 1 || minutes > 240))
    return g_task_return_new_error (task, YZ_SESSION_ERROR, YZ_SESSION_ERROR_INVALID,
                                    _("Keep the door open for 1 to 240 minutes"));

  if (!audit (self, "door-command", yz_door_get_id (door), op->params, "request", NULL, &error))
    return g_task_return_error (task, g_steal_pointer (&error));
  yz_stats_record_door_command (self->store, self->tz,
                                yz_city_district_of (self->city, yz_door_get_station_id (door)),
                                command, code, yz_session_now_ms ());

  yz_backend_door_command_async (self->backend, yz_door_get_id (door), command, minutes,
                                 wire_reason, request_id, expires_at, cancellable, door_sent_cb,
                                 g_steal_pointer (&task));
}

gboolean
yz_session_door_command_finish (YzSession *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Alarms. */

static const char *const action_names[] = { "alarm-acknowledge", "alarm-assign", "alarm-resolve",
                                            "alarm-reopen" };

static void
alarm_sent_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(GTask) task = user_data;
  YzSession *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(YzAlarmData) alarm =
      yz_backend_alarm_action_finish (YZ_BACKEND (object), result, &error);
  gboolean is_new;

  if (alarm == NULL)
    {
      finish_op (self, task, error, NULL);
      return;
    }
  /* Show the change now; the gateway's alarm.updated event confirms it. */
  yz_ingest_store_alarm (self, alarm, FALSE);
  yz_city_add_alarm (self->city, alarm, FALSE, &is_new);
  yz_city_update_alarm_counts (self->city);
  finish_op (self, task, NULL, alarm->state);
}

/* A derived alarm lives in this console only: acting on it changes the local record. */
static void
act_on_derived (YzSession *self, GTask *task, YzAlarm *alarm, YzAlarmAction action, const char *to,
                const char *category, const char *note)
{
  const char *state = action == YZ_ALARM_ACTION_RESOLVE ? "resolved" : "acknowledged";
  YzAlarmData data = {
    .id = (char *)yz_alarm_get_id (alarm),
    .station_id = (char *)yz_alarm_get_station_id (alarm),
    .camera_id = (char *)yz_alarm_get_camera_id (alarm),
    .door_id = (char *)yz_alarm_get_door_id (alarm),
    .type = yz_alarm_get_alarm_type (alarm),
    .priority = yz_priority_to_nick (yz_alarm_get_priority (alarm)),
    .raised_at = yz_alarm_get_raised_at (alarm),
    .state = state,
    .owner = (char *)(action == YZ_ALARM_ACTION_ASSIGN ? to : self->operator_name),
    .updated_at = yz_session_now_ms (),
    .category = action == YZ_ALARM_ACTION_RESOLVE ? category : yz_alarm_get_category (alarm),
    .note = (char *)(note ? note : yz_alarm_get_note (alarm)),
    .snapshot_id = (char *)yz_alarm_get_snapshot_id (alarm),
  };
  static const char *const done[] = { "acknowledged", "assigned", "resolved", "reopened" };

  yz_ingest_store_alarm (self, &data, TRUE);
  yz_ingest_store_alarm_step (self, data.id, data.updated_at, done[action], self->operator_name,
                              note);
  yz_alarm_update (alarm, &data);
  yz_city_update_alarm_counts (self->city);
  g_signal_emit (self, yz_session_signals[YZ_SESSION_ALARM_HISTORY_CHANGED], 0, alarm);
  finish_op (self, task, NULL, state);
}

/**
 * yz_session_alarm_action_async:
 * @to: (nullable): for assign, the operator's name
 * @category: (nullable): for resolve, one of the protocol's categories
 * @note: (nullable): required for resolve
 */
void
yz_session_alarm_action_async (YzSession *self, YzAlarm *alarm, YzAlarmAction action,
                               const char *to, const char *category, const char *note,
                               GCancellable *cancellable, GAsyncReadyCallback callback,
                               gpointer user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(JsonBuilder) params = json_builder_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *clean_note = note ? g_strstrip (g_strdup (note)) : NULL;
  gboolean derived;

  g_return_if_fail (YZ_IS_SESSION (self));
  g_return_if_fail (YZ_IS_ALARM (alarm));
  g_return_if_fail (action <= YZ_ALARM_ACTION_REOPEN);

  derived = yz_alarm_get_derived (alarm);
  json_builder_begin_object (params);
  json_builder_set_member_name (params, "station_id");
  json_builder_add_string_value (params, yz_alarm_get_station_id (alarm));
  if (to)
    {
      json_builder_set_member_name (params, "to");
      json_builder_add_string_value (params, to);
    }
  if (category)
    {
      json_builder_set_member_name (params, "category");
      json_builder_add_string_value (params, category);
    }
  if (clean_note)
    {
      json_builder_set_member_name (params, "note");
      json_builder_add_string_value (params, clean_note);
    }
  json_builder_end_object (params);
  task = start_op (self, action_names[action], yz_alarm_get_id (alarm), params, cancellable,
                   callback, user_data, yz_session_alarm_action_async);

  if (!may_act (self, YZ_ROLE_OPERATOR, !derived, &error))
    return g_task_return_error (task, g_steal_pointer (&error));
  if (action == YZ_ALARM_ACTION_RESOLVE &&
      (category == NULL || !g_strv_contains (yz_resolution_categories (), category)))
    return g_task_return_new_error (task, YZ_SESSION_ERROR, YZ_SESSION_ERROR_INVALID,
                                    _("Choose how the alarm was resolved"));
  if (action == YZ_ALARM_ACTION_RESOLVE && (clean_note == NULL || clean_note[0] == '\0'))
    return g_task_return_new_error (task, YZ_SESSION_ERROR, YZ_SESSION_ERROR_INVALID,
                                    _("A note is required to resolve an alarm"));
  if (clean_note != NULL && g_utf8_strlen (clean_note, -1) > 2000)
    return g_task_return_new_error (task, YZ_SESSION_ERROR, YZ_SESSION_ERROR_INVALID,
                                    _("The note is longer than 2000 characters"));
  if (action == YZ_ALARM_ACTION_ASSIGN && (to == NULL || to[0] == '\0'))
    return g_task_return_new_error (task, YZ_SESSION_ERROR, YZ_SESSION_ERROR_INVALID,
                                    _("Name the operator to assign the alarm to"));

  if (!audit (self, action_names[action], yz_alarm_get_id (alarm),
              ((Op *)g_task_get_task_data (task))->params, "request", NULL, &error))
    return g_task_return_error (task, g_steal_pointer (&error));

  if (derived)
    {
      act_on_derived (self, task, alarm, action, to, category, clean_note);
      return;
    }
  yz_backend_alarm_action_async (self->backend, yz_alarm_get_id (alarm), action, to, category,
                                 clean_note, cancellable, alarm_sent_cb, g_steal_pointer (&task));
}

gboolean
yz_session_alarm_action_finish (YzSession *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Stock. */

static void
stock_sent_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(GTask) task = user_data;
  YzSession *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(YzStockData) data = yz_backend_stock_finish (YZ_BACKEND (object), result, &error);
  g_autofree char *text = NULL;
  YzStock *stock;

  if (data == NULL)
    {
      finish_op (self, task, error, NULL);
      return;
    }
  stock = yz_city_lookup_stock (self->city, data->id);
  yz_ingest_record_stock_level (self, data->id, data->level, yz_session_now_ms ());
  yz_record_stock (self->store, data);
  if (stock != NULL)
    {
      YzStation *station = yz_city_lookup_station (self->city, data->station_id);

      yz_stock_update (stock, data);
      if (station)
        yz_station_refresh (station);
    }
  text = g_strdup_printf ("level %" G_GINT64_FORMAT ", threshold %" G_GINT64_FORMAT, data->level,
                          data->low_threshold);
  finish_op (self, task, NULL, text);
}

static void
stock_action (YzSession *self, YzStock *stock, gboolean threshold, gint64 value, const char *note,
              GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(JsonBuilder) params = json_builder_new ();
  g_autoptr(GError) error = NULL;

  g_return_if_fail (YZ_IS_SESSION (self));
  g_return_if_fail (YZ_IS_STOCK (stock));

  json_builder_begin_object (params);
  json_builder_set_member_name (params, "station_id");
  json_builder_add_string_value (params, yz_stock_get_station_id (stock));
  json_builder_set_member_name (params, threshold ? "low_threshold" : "quantity");
  json_builder_add_int_value (params, value);
  if (note)
    {
      json_builder_set_member_name (params, "note");
      json_builder_add_string_value (params, note);
    }
  json_builder_end_object (params);
  task = start_op (self, threshold ? "stock-threshold" : "stock-restock", yz_stock_get_id (stock),
                   params, cancellable, callback, user_data, yz_session_stock_finish);

  if (!may_act (self, threshold ? YZ_ROLE_SUPERVISOR : YZ_ROLE_OPERATOR, TRUE, &error))
    return g_task_return_error (task, g_steal_pointer (&error));
  if (!threshold && (value < 1 || value > 10000))
    return g_task_return_new_error (task, YZ_SESSION_ERROR, YZ_SESSION_ERROR_INVALID,
                                    _("Restock between 1 and 10000 items"));
  if (threshold && (value < 0 || value > yz_stock_get_capacity (stock)))
    return g_task_return_new_error (task, YZ_SESSION_ERROR, YZ_SESSION_ERROR_INVALID,
                                    _("The threshold must be between 0 and the capacity"));
  if (note != NULL && g_utf8_strlen (note, -1) > 200)
    return g_task_return_new_error (task, YZ_SESSION_ERROR, YZ_SESSION_ERROR_INVALID,
                                    _("The note is longer than 200 characters"));

  if (!audit (self, threshold ? "stock-threshold" : "stock-restock", yz_stock_get_id (stock),
              ((Op *)g_task_get_task_data (task))->params, "request", NULL, &error))
    return g_task_return_error (task, g_steal_pointer (&error));

  yz_backend_stock_async (self->backend, yz_stock_get_id (stock), threshold, value, note,
                          cancellable, stock_sent_cb, g_steal_pointer (&task));
}

void
yz_session_restock_async (YzSession *self, YzStock *stock, gint64 quantity, const char *note,
                          GCancellable *cancellable, GAsyncReadyCallback callback,
                          gpointer user_data)
{
  stock_action (self, stock, FALSE, quantity, note, cancellable, callback, user_data);
}

void
yz_session_set_threshold_async (YzSession *self, YzStock *stock, gint64 threshold,
                                GCancellable *cancellable, GAsyncReadyCallback callback,
                                gpointer user_data)
{
  stock_action (self, stock, TRUE, threshold, NULL, cancellable, callback, user_data);
}

gboolean
yz_session_stock_finish (YzSession *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Devices. */

static void
device_sent_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(GTask) task = user_data;
  YzSession *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(YzDeviceData) data =
      yz_backend_device_power_finish (YZ_BACKEND (object), result, &error);
  YzDevice *device;

  if (data == NULL)
    {
      finish_op (self, task, error, NULL);
      return;
    }
  yz_record_device (self->store, data);
  if ((device = yz_city_lookup_device (self->city, data->id)) != NULL)
    yz_device_update (device, data);
  finish_op (self, task, NULL, data->state);
}

void
yz_session_device_power_async (YzSession *self, YzDevice *device, gboolean on,
                               GCancellable *cancellable, GAsyncReadyCallback callback,
                               gpointer user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(JsonBuilder) params = json_builder_new ();
  g_autoptr(GError) error = NULL;

  g_return_if_fail (YZ_IS_SESSION (self));
  g_return_if_fail (YZ_IS_DEVICE (device));

  json_builder_begin_object (params);
  json_builder_set_member_name (params, "station_id");
  json_builder_add_string_value (params, yz_device_get_station_id (device));
  json_builder_set_member_name (params, "on");
  json_builder_add_boolean_value (params, on);
  json_builder_end_object (params);
  task = start_op (self, "device-power", yz_device_get_id (device), params, cancellable, callback,
                   user_data, yz_session_device_power_async);

  if (!may_act (self, YZ_ROLE_OPERATOR, TRUE, &error))
    return g_task_return_error (task, g_steal_pointer (&error));
  if (!yz_device_get_switchable (device))
    return g_task_return_new_error (task, YZ_SESSION_ERROR, YZ_SESSION_ERROR_INVALID,
                                    _("This device cannot be switched remotely"));
  if (!audit (self, "device-power", yz_device_get_id (device),
              ((Op *)g_task_get_task_data (task))->params, "request", NULL, &error))
    return g_task_return_error (task, g_steal_pointer (&error));

  yz_backend_device_power_async (self->backend, yz_device_get_id (device), on, cancellable,
                                 device_sent_cb, g_steal_pointer (&task));
}

gboolean
yz_session_device_power_finish (YzSession *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* A camera's picture now: not audited, not cached, but it needs the gateway. */

static void
camera_snapshot_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  GBytes *bytes = yz_backend_fetch_camera_snapshot_finish (YZ_BACKEND (object), result, &error);

  if (bytes == NULL)
    return g_task_return_error (task, g_steal_pointer (&error));
  g_task_return_pointer (task, bytes, (GDestroyNotify)g_bytes_unref);
}

/**
 * yz_session_fetch_camera_snapshot_async:
 *
 * What @camera sees now, as a JPEG or PNG (not cached). Needs the gateway.
 */
void
yz_session_fetch_camera_snapshot_async (YzSession *self, YzCamera *camera,
                                        GCancellable *cancellable, GAsyncReadyCallback callback,
                                        gpointer user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

  g_return_if_fail (YZ_IS_CAMERA (camera));

  g_task_set_source_tag (task, yz_session_fetch_camera_snapshot_async);
  if (yz_session_get_connection_state (self) != YZ_CONNECTION_CONNECTED)
    return g_task_return_new_error (task, YZ_SESSION_ERROR, YZ_SESSION_ERROR_DISCONNECTED,
                                    _("Not connected to the gateway"));
  yz_backend_fetch_camera_snapshot_async (self->backend, yz_camera_get_id (camera), cancellable,
                                          camera_snapshot_cb, g_steal_pointer (&task));
}

GBytes *
yz_session_fetch_camera_snapshot_finish (YzSession *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ---- set-up ---- */

void
yz_commands_init (YzSession *self)
{
  self->door_tasks = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  self->early_results =
      g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify)yz_event_unref);
  self->unknown_doors = g_ptr_array_new_with_free_func ((GDestroyNotify)unknown_free);
  self->door_timeout_ms = 15000;
  self->door_expiry_ms = DOOR_EXPIRY_MS;
}

void
yz_commands_clear (YzSession *self)
{
  g_clear_pointer (&self->door_tasks, g_hash_table_unref);
  g_clear_pointer (&self->early_results, g_hash_table_unref);
  g_clear_pointer (&self->unknown_doors, g_ptr_array_unref);
}

/* The session stops: door commands waiting for an answer end with "outcome unknown" (their
 * answer, when the session is back, is a late result). */
void
yz_commands_abandon_doors (YzSession *self)
{
  GHashTableIter iter;
  gpointer value;

  if (self->door_tasks == NULL)
    return;
  g_hash_table_iter_init (&iter, self->door_tasks);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      g_hash_table_iter_steal (&iter);
      outcome_unknown (self, value, _("The console disconnected before the door answered."),
                       FALSE);
    }
}

void
yz_session_set_door_timeout (YzSession *self, guint ms)
{
  self->door_timeout_ms = ms;
}

/* How long after the click a door command expires (docs/protocol.md, section 4); tests
 * shorten it. */
void
yz_session_set_door_expiry (YzSession *self, guint ms)
{
  self->door_expiry_ms = ms;
}
