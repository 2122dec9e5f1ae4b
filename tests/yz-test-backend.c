/* yz-test-backend.c
 *
 * A scripted YzBackend (see yz-test-backend.h): a small world kept as the protocol's JSON,
 * answers through the real parsers, a journal of events replayed when the session follows.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "yz-test-backend"

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "yz-test-backend.h"
#include "yz-test-sim.h"

#define DOOR_ANSWER_MS 10

typedef struct _Pending Pending;
typedef void (*AnswerFunc) (YzTestBackend *self, GTask *task, YzTestCall *call);

/* How the calls of one name are answered. */
typedef struct
{
  guint fail_times; /* G_MAXUINT: every call */
  YzBackendError code;
  char *message;
  gboolean hold;
  GPtrArray *held; /* Pending */
} Script;

struct _Pending
{
  YzTestBackend *self;
  char *name;
  GTask *task;      /* NULL for follow */
  YzTestCall *call; /* owned by the calls array */
  AnswerFunc answer;
  GCancellable *cancellable;
  gulong cancel_id;
};

struct _YzTestBackend
{
  GObject parent_instance;

  JsonNode *world;       /* an object: gateway, stations, cameras, doors, stock, devices, alarms */
  GHashTable *snapshots; /* id -> GBytes */
  char *password;
  GHashTable *roles;        /* operator -> role */
  GHashTable *token_owners; /* token -> operator */
  char *token;
  char *operator_name;
  guint n_logins;
  guint n_commands;

  gint64 seq;         /* the last event's seq */
  gint64 oldest_seq;  /* the oldest seq the journal can still replay */
  GPtrArray *journal; /* YzEvent */
  gint64 delivered;   /* the last seq delivered on the stream */
  gint64 follow_after;
  YzConnectionState stream_state;
  gint64 next_attempt;
  guint connect_id;
  guint reconnect_id;

  GHashTable *scripts; /* call name -> Script */
  GPtrArray *calls;    /* YzTestCall */
  YzTestDoorAnswer door_answer;
  char *door_reason;
  gboolean echo;
};

static void yz_test_backend_iface_init (YzBackendInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (YzTestBackend, yz_test_backend, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (YZ_TYPE_BACKEND, yz_test_backend_iface_init))

enum
{
  PROP_0,
  PROP_STREAM_STATE,
  PROP_NEXT_ATTEMPT,
  N_PROPS
};

enum
{
  CALL,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const char *const lists[] = { "stations", "cameras", "doors", "stock",
                                     "devices",  "alarms",  NULL };

static void connect_stream (YzTestBackend *self, gint64 after);

/* ---- small helpers ---- */

static char *
format_time (gint64 ms)
{
  g_autoptr(GDateTime) time = g_date_time_new_from_unix_utc (ms / 1000);
  g_autofree char *text = g_date_time_format (time, "%Y-%m-%dT%H:%M:%S");

  return g_strdup_printf ("%s.%03dZ", text, (int)(ms % 1000));
}

static gint64
now_ms (void)
{
  return g_get_real_time () / 1000;
}

static JsonObject *
world (YzTestBackend *self)
{
  return json_node_get_object (self->world);
}

static JsonArray *
list (YzTestBackend *self, const char *name)
{
  return json_object_get_array_member (world (self), name);
}

static JsonObject *
object_from_text (const char *text)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = json_from_string (text, &error);

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    g_error ("yz-test-backend: not a JSON object (%s): %s", error ? error->message : "", text);

  return json_object_ref (json_node_get_object (node));
}

/* json_node_copy() shares objects and arrays: a copy that shares nothing. */
static JsonNode *
deep_copy (JsonNode *node)
{
  g_autofree char *text = json_to_string (node, FALSE);

  return json_from_string (text, NULL);
}

static JsonNode *
object_node (JsonObject *object)
{
  g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), object);

  return deep_copy (node);
}

static char *
object_to_text (JsonObject *object)
{
  g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), object);

  return json_to_string (node, FALSE);
}

static const char *
string_member (JsonObject *object, const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static void
set_nullable_string (JsonObject *object, const char *name, const char *value)
{
  if (value != NULL)
    json_object_set_string_member (object, name, value);
  else
    json_object_set_null_member (object, name);
}

static JsonObject *
find_in (YzTestBackend *self, const char *list_name, const char *id)
{
  JsonArray *array = list (self, list_name);

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *object = json_array_get_object_element (array, i);

      if (g_strcmp0 (string_member (object, "id"), id) == 0)
        return object;
    }

  return NULL;
}

static void
call_free (YzTestCall *call)
{
  g_free (call->name);
  g_free (call->target);
  g_free (call->command);
  g_free (call->text);
  g_free (call->to);
  g_free (call->category);
  g_free (call->command_id);
  g_free (call->request_id);
  g_free (call);
}

static void
script_free (Script *script)
{
  g_free (script->message);
  g_ptr_array_unref (script->held);
  g_free (script);
}

static void
pending_free (Pending *pending)
{
  if (pending->cancellable != NULL)
    {
      g_cancellable_disconnect (pending->cancellable, pending->cancel_id);
      g_object_unref (pending->cancellable);
    }
  g_clear_object (&pending->task);
  g_free (pending->name);
  g_free (pending);
}

static Script *
get_script (YzTestBackend *self, const char *name)
{
  Script *script = g_hash_table_lookup (self->scripts, name);

  if (script == NULL)
    {
      script = g_new0 (Script, 1);
      script->held = g_ptr_array_new_with_free_func ((GDestroyNotify)pending_free);
      g_hash_table_insert (self->scripts, g_strdup (name), script);
    }

  return script;
}

static YzTestCall *
record (YzTestBackend *self, const char *name, const char *target)
{
  YzTestCall *call = g_new0 (YzTestCall, 1);

  call->name = g_strdup (name);
  call->target = g_strdup (target);
  g_ptr_array_add (self->calls, call);

  return call;
}

/* ---- the stream ---- */

static void
set_stream (YzTestBackend *self, YzConnectionState state, gint64 next_attempt)
{
  if (self->next_attempt != next_attempt)
    {
      self->next_attempt = next_attempt;
      g_object_notify (G_OBJECT (self), "next-attempt");
    }
  if (self->stream_state != state)
    {
      self->stream_state = state;
      g_object_notify (G_OBJECT (self), "stream-state");
    }
}

static void
deliver (YzTestBackend *self, YzEvent *event)
{
  self->delivered = MAX (self->delivered, event->seq);
  g_signal_emit_by_name (self, "event", event);
}

/* Connected: the journal after @after (-1: nothing), then live events. */
static void
connect_stream (YzTestBackend *self, gint64 after)
{
  g_autoptr(GPtrArray) replay = g_ptr_array_new_with_free_func ((GDestroyNotify)yz_event_unref);

  if (after >= 0 && after + 1 < self->oldest_seq)
    {
      /* What the gateway does: resync-required, and the stream waits for a new follow. */
      set_stream (self, YZ_CONNECTION_CONNECTING, 0);
      g_signal_emit_by_name (self, "resync-required");
      return;
    }

  for (guint i = 0; i < self->journal->len && after >= 0; i++)
    {
      YzEvent *event = g_ptr_array_index (self->journal, i);

      if (event->seq > after)
        g_ptr_array_add (replay, yz_event_ref (event));
    }
  self->delivered = MAX (after, 0);
  set_stream (self, YZ_CONNECTION_CONNECTED, 0);
  for (guint i = 0; i < replay->len && self->stream_state == YZ_CONNECTION_CONNECTED; i++)
    deliver (self, g_ptr_array_index (replay, i));
  if (after < 0)
    self->delivered = self->seq;
}

static gboolean
connect_cb (gpointer user_data)
{
  YzTestBackend *self = user_data;

  self->connect_id = 0;
  connect_stream (self, self->follow_after);
  return G_SOURCE_REMOVE;
}

static gboolean
reconnect_cb (gpointer user_data)
{
  YzTestBackend *self = user_data;

  self->reconnect_id = 0;
  connect_stream (self, self->delivered);
  return G_SOURCE_REMOVE;
}

/* ---- the world ---- */

static void
apply_event (YzTestBackend *self, YzEvent *event, JsonObject *object)
{
  JsonObject *item;
  g_autofree char *time = format_time (event->time);

  switch (event->type)
    {
    case YZ_EVENT_STATION_STATUS:
      if ((item = find_in (self, "stations", event->station_id)) == NULL)
        break;
      json_object_set_boolean_member (item, "online", event->online);
      json_object_set_int_member (item, "occupancy", event->occupancy);
      if (event->has_temperature)
        json_object_set_double_member (item, "temperature", event->temperature);
      else
        json_object_set_null_member (item, "temperature");
      json_object_set_string_member (item, "last_seen", time);
      break;

    case YZ_EVENT_DOOR_STATE:
      if ((item = find_in (self, "doors", event->target_id)) == NULL)
        break;
      json_object_set_string_member (item, "state", event->state);
      json_object_set_string_member (item, "mode", event->mode);
      break;

    case YZ_EVENT_STOCK_LEVEL:
      if ((item = find_in (self, "stock", event->target_id)) != NULL)
        json_object_set_int_member (item, "level", event->level);
      break;

    case YZ_EVENT_DEVICE_STATE:
      if ((item = find_in (self, "devices", event->target_id)) != NULL)
        json_object_set_string_member (item, "state", event->state);
      break;

    case YZ_EVENT_CAMERA_STATUS:
      if ((item = find_in (self, "cameras", event->target_id)) != NULL)
        json_object_set_boolean_member (item, "online", event->online);
      break;

    case YZ_EVENT_ALARM_RAISED:
    case YZ_EVENT_ALARM_UPDATED:
      {
        JsonArray *alarms = list (self, "alarms");

        for (guint i = 0; i < json_array_get_length (alarms); i++)
          if (g_strcmp0 (string_member (json_array_get_object_element (alarms, i), "id"),
                         event->alarm->id) == 0)
            {
              json_array_remove_element (alarms, i);
              break;
            }
        json_array_add_element (alarms, deep_copy (json_object_get_member (object, "alarm")));
      }
      break;

    case YZ_EVENT_HELLO:
    case YZ_EVENT_RESYNC_REQUIRED:
    case YZ_EVENT_HEARTBEAT:
    case YZ_EVENT_DOOR_COMMAND_RESULT:
    case YZ_EVENT_ENTRY:
    default:
      break;
    }
}

/* Numbers @object (unless it has a seq), checks it as the session's parser would, applies
 * it to the world, journals it and delivers it when the stream is connected. */
static gint64
emit_object (YzTestBackend *self, JsonObject *object)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(YzEvent) event = NULL;
  g_autofree char *text = NULL;

  if (!json_object_has_member (object, "seq"))
    json_object_set_int_member (object, "seq", self->seq + 1);
  if (!json_object_has_member (object, "time"))
    {
      g_autofree char *time = format_time (now_ms ());

      json_object_set_string_member (object, "time", time);
    }
  text = object_to_text (object);
  event = yz_event_parse (text, strlen (text), NULL, &error);
  if (event == NULL)
    g_error ("yz-test-backend: the event does not follow the protocol (%s): %s", error->message,
             text);

  self->seq = MAX (self->seq, event->seq);
  apply_event (self, event, object);
  g_ptr_array_add (self->journal, yz_event_ref (event));
  if (self->stream_state == YZ_CONNECTION_CONNECTED && self->connect_id == 0)
    deliver (self, event);

  return event->seq;
}

/* ---- answering ---- */

static void
answer_now (YzTestBackend *self, const char *name, GTask *task, YzTestCall *call, AnswerFunc answer)
{
  Script *script = get_script (self, name);

  if (task != NULL && g_task_return_error_if_cancelled (task))
    return;
  if (script->fail_times > 0)
    {
      if (script->fail_times != G_MAXUINT)
        script->fail_times--;
      if (script->code == YZ_BACKEND_ERROR_UNAUTHORIZED)
        g_signal_emit_by_name (self, "unauthorized");
      if (task != NULL)
        g_task_return_new_error (task, YZ_BACKEND_ERROR, script->code, "%s", script->message);
      return;
    }
  answer (self, task, call);
}

static gboolean
return_cancelled_cb (gpointer user_data)
{
  g_autoptr(YzTestBackend) self = user_data;
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, self->scripts);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      Script *script = value;

      for (guint i = script->held->len; i > 0; i--)
        {
          Pending *pending = g_ptr_array_index (script->held, i - 1);

          if (pending->cancellable != NULL && g_cancellable_is_cancelled (pending->cancellable))
            {
              g_task_return_error_if_cancelled (pending->task);
              g_ptr_array_remove_index (script->held, i - 1);
            }
        }
    }

  return G_SOURCE_REMOVE;
}

static void
cancelled_cb (GCancellable *cancellable, Pending *pending)
{
  g_idle_add (return_cancelled_cb, g_object_ref (pending->self));
}

/* Announces the call, then answers it now or keeps it for yz_test_backend_release(). */
static void
dispatch (YzTestBackend *self, const char *name, GTask *task, YzTestCall *call, AnswerFunc answer)
{
  Script *script = get_script (self, name);

  g_signal_emit (self, signals[CALL], 0, call);
  if (script->hold)
    {
      Pending *pending = g_new0 (Pending, 1);
      GCancellable *cancellable = task ? g_task_get_cancellable (task) : NULL;

      pending->self = self;
      pending->name = g_strdup (name);
      pending->task = task ? g_object_ref (task) : NULL;
      pending->call = call;
      pending->answer = answer;
      g_ptr_array_add (script->held, pending);
      if (cancellable != NULL)
        {
          pending->cancellable = g_object_ref (cancellable);
          pending->cancel_id =
              g_cancellable_connect (cancellable, G_CALLBACK (cancelled_cb), pending, NULL);
        }
      return;
    }
  answer_now (self, name, task, call, answer);
}

static GTask *
new_task (YzTestBackend *self, GCancellable *cancellable, GAsyncReadyCallback callback,
          gpointer user_data, gpointer source_tag)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, source_tag);
  return task;
}

static gpointer
finish_pointer (YzBackend *backend, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, backend), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Emits an event after the reply, as the gateway's stream would. */
typedef struct
{
  YzTestBackend *self;
  JsonObject *object;
} Later;

static gboolean
emit_later_cb (gpointer user_data)
{
  Later *later = user_data;

  emit_object (later->self, later->object);
  json_object_unref (later->object);
  g_object_unref (later->self);
  g_free (later);
  return G_SOURCE_REMOVE;
}

static void
emit_later (YzTestBackend *self, guint delay_ms, JsonObject *object)
{
  Later *later = g_new0 (Later, 1);

  later->self = g_object_ref (self);
  later->object = object;
  if (delay_ms == 0)
    g_idle_add_full (G_PRIORITY_LOW, emit_later_cb, later, NULL);
  else
    g_timeout_add (delay_ms, emit_later_cb, later);
}

/* ---- YzBackend: log-in, state, stream ---- */

/* The log-in reply for @operator_name with @token, through the real parser. */
static YzLoginData *
login_reply (YzTestBackend *self, const char *operator_name, const char *token)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) reply = json_object_new ();
  JsonObject *operator= json_object_new ();
  JsonObject *gateway = json_object_new ();
  g_autofree char *display = g_strdup_printf ("值班员%s", operator_name);
  g_autofree char *text = NULL;
  const char *role = g_hash_table_lookup (self->roles, operator_name);
  YzLoginData *login;

  if (role == NULL)
    role = g_strv_contains ((const char *const[]){ "observer", "operator", "supervisor", NULL },
                            operator_name)
               ? operator_name
               : "operator";
  json_object_set_string_member (reply, "token", token);
  json_object_set_string_member (operator, "name", operator_name);
  json_object_set_string_member (operator, "display_name", display);
  json_object_set_string_member (operator, "role", role);
  json_object_set_object_member (reply, "operator", operator);
  json_object_set_null_member (reply, "expires_at");
  json_object_set_string_member (
      gateway, "name",
      string_member (json_object_get_object_member (world (self), "gateway"), "name"));
  json_object_set_string_member (gateway, "version", "1.0");
  json_object_set_object_member (reply, "gateway", gateway);

  text = object_to_text (reply);
  login = yz_login_parse (text, strlen (text), &error);
  g_assert_no_error (error);
  return login;
}

static void
answer_log_in (YzTestBackend *self, GTask *task, YzTestCall *call)
{
  g_autofree char *token = NULL;
  YzLoginData *login;

  if (self->password != NULL && g_strcmp0 (call->text, self->password) != 0)
    {
      g_task_return_new_error (task, YZ_BACKEND_ERROR, YZ_BACKEND_ERROR_BAD_CREDENTIALS,
                               "Wrong operator name or password");
      return;
    }

  token = g_strdup_printf ("stub-token-%u", ++self->n_logins);
  login = login_reply (self, call->target, token);
  g_hash_table_insert (self->token_owners, g_strdup (token), g_strdup (call->target));
  g_free (self->token);
  self->token = g_strdup (login->token);
  g_free (self->operator_name);
  self->operator_name = g_strdup (login->operator_name);
  g_task_return_pointer (task, login, (GDestroyNotify)yz_login_data_free);
}

/* A token the stub did not issue belongs to "operator" unless set_token_owner said whose. */
static void
answer_resume (YzTestBackend *self, GTask *task, YzTestCall *call)
{
  const char *owner = self->token ? g_hash_table_lookup (self->token_owners, self->token) : NULL;

  if (self->token == NULL)
    {
      g_task_return_new_error (task, YZ_BACKEND_ERROR, YZ_BACKEND_ERROR_UNAUTHORIZED,
                               "Not logged in");
      return;
    }
  g_free (self->operator_name);
  self->operator_name = g_strdup (owner ? owner : "operator");
  g_task_return_pointer (task, login_reply (self, self->operator_name, self->token),
                         (GDestroyNotify)yz_login_data_free);
}

static void
resume_async (YzBackend *backend, GCancellable *cancellable, GAsyncReadyCallback callback,
              gpointer user_data)
{
  YzTestBackend *self = YZ_TEST_BACKEND (backend);
  g_autoptr(GTask) task = new_task (self, cancellable, callback, user_data, resume_async);
  YzTestCall *call = record (self, "resume", self->token);

  dispatch (self, "resume", task, call, answer_resume);
}

static YzLoginData *
resume_finish (YzBackend *backend, GAsyncResult *result, GError **error)
{
  return finish_pointer (backend, result, error);
}

static void
log_in_async (YzBackend *backend, const char *operator_name, const char *password,
              GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data)
{
  YzTestBackend *self = YZ_TEST_BACKEND (backend);
  g_autoptr(GTask) task = new_task (self, cancellable, callback, user_data, log_in_async);
  YzTestCall *call = record (self, "log-in", operator_name);

  call->text = g_strdup (password);
  dispatch (self, "log-in", task, call, answer_log_in);
}

static YzLoginData *
log_in_finish (YzBackend *backend, GAsyncResult *result, GError **error)
{
  return finish_pointer (backend, result, error);
}

static void
answer_load_state (YzTestBackend *self, GTask *task, YzTestCall *call)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) copy = deep_copy (self->world);
  JsonObject *state = json_node_get_object (copy);
  JsonArray *open = json_array_new ();
  JsonArray *alarms = json_object_get_array_member (state, "alarms");
  g_autofree char *time = format_time (now_ms ());
  g_autofree char *text = NULL;
  YzStateData *data;

  /* The state lists the alarms not resolved. */
  for (guint i = 0; i < json_array_get_length (alarms); i++)
    {
      JsonNode *alarm = json_array_get_element (alarms, i);

      if (g_strcmp0 (string_member (json_node_get_object (alarm), "state"), "resolved") != 0)
        json_array_add_element (open, deep_copy (alarm));
    }
  json_object_set_array_member (state, "alarms", open);
  json_object_set_int_member (state, "seq", self->seq);
  json_object_set_string_member (state, "time", time);

  text = json_to_string (copy, FALSE);
  data = yz_state_parse (text, strlen (text), &error);
  g_assert_no_error (error);
  g_task_return_pointer (task, data, (GDestroyNotify)yz_state_data_free);
}

static void
load_state_async (YzBackend *backend, GCancellable *cancellable, GAsyncReadyCallback callback,
                  gpointer user_data)
{
  YzTestBackend *self = YZ_TEST_BACKEND (backend);
  g_autoptr(GTask) task = new_task (self, cancellable, callback, user_data, load_state_async);

  dispatch (self, "load-state", task, record (self, "load-state", NULL), answer_load_state);
}

static YzStateData *
load_state_finish (YzBackend *backend, GAsyncResult *result, GError **error)
{
  return finish_pointer (backend, result, error);
}

static void
set_token (YzBackend *backend, const char *token)
{
  YzTestBackend *self = YZ_TEST_BACKEND (backend);

  record (self, "set-token", token);
  g_free (self->token);
  self->token = g_strdup (token);
}

static void
answer_follow (YzTestBackend *self, GTask *task, YzTestCall *call)
{
  g_clear_handle_id (&self->connect_id, g_source_remove);
  self->connect_id = g_idle_add (connect_cb, self);
}

static void
drop_held (YzTestBackend *self, const char *name)
{
  Script *script = get_script (self, name);

  g_ptr_array_set_size (script->held, 0);
}

static void
follow (YzBackend *backend, gint64 after)
{
  YzTestBackend *self = YZ_TEST_BACKEND (backend);
  YzTestCall *call = record (self, "follow", NULL);

  call->value = after;
  g_clear_handle_id (&self->connect_id, g_source_remove);
  g_clear_handle_id (&self->reconnect_id, g_source_remove);
  drop_held (self, "follow");
  self->follow_after = after;
  set_stream (self, YZ_CONNECTION_CONNECTING, 0);
  dispatch (self, "follow", NULL, call, answer_follow);
}

static void
stop (YzBackend *backend)
{
  YzTestBackend *self = YZ_TEST_BACKEND (backend);

  record (self, "stop", NULL);
  g_clear_handle_id (&self->connect_id, g_source_remove);
  g_clear_handle_id (&self->reconnect_id, g_source_remove);
  drop_held (self, "follow");
  set_stream (self, YZ_CONNECTION_DISCONNECTED, 0);
}

static void
reconnect_now (YzBackend *backend)
{
  YzTestBackend *self = YZ_TEST_BACKEND (backend);

  record (self, "reconnect-now", NULL);
  if (self->reconnect_id == 0)
    return;
  g_source_remove (self->reconnect_id);
  self->reconnect_id = g_idle_add (reconnect_cb, self);
}

/* ---- YzBackend: commands ---- */

static gint64
door_result (YzTestBackend *self, const char *command_id, gboolean ok, const char *reason,
             gboolean now)
{
  JsonObject *object = json_object_new ();
  const char *door_id = NULL;
  const char *request_id = NULL;
  JsonObject *door;

  for (guint i = 0; i < self->calls->len; i++)
    {
      YzTestCall *call = g_ptr_array_index (self->calls, i);

      if (g_strcmp0 (call->command_id, command_id) == 0)
        {
          door_id = call->target;
          request_id = call->request_id;
        }
    }
  g_assert_nonnull (door_id);
  door = find_in (self, "doors", door_id);
  g_assert_nonnull (door);

  json_object_set_string_member (object, "type", "door.command-result");
  json_object_set_string_member (object, "station_id", string_member (door, "station_id"));
  json_object_set_string_member (object, "command_id", command_id);
  json_object_set_string_member (object, "door_id", door_id);
  json_object_set_boolean_member (object, "ok", ok);
  set_nullable_string (object, "reason", ok ? NULL : (reason ? reason : "jammed"));
  set_nullable_string (object, "by", self->operator_name);
  if (request_id != NULL)
    json_object_set_string_member (object, "request_id", request_id);
  if (!now)
    {
      emit_later (self, DOOR_ANSWER_MS, object);
      return 0;
    }
  {
    gint64 seq = emit_object (self, object);

    json_object_unref (object);
    return seq;
  }
}

static void
answer_door_command (YzTestBackend *self, GTask *task, YzTestCall *call)
{
  if (find_in (self, "doors", call->target) == NULL)
    {
      g_task_return_new_error (task, YZ_BACKEND_ERROR, YZ_BACKEND_ERROR_NOT_FOUND, "No door %s",
                               call->target);
      return;
    }

  call->command_id = g_strdup_printf ("c-%06u", ++self->n_commands);
  if (self->door_answer == YZ_TEST_DOOR_ANSWER_EARLY)
    door_result (self, call->command_id, TRUE, NULL, TRUE);
  g_task_return_pointer (task, g_strdup (call->command_id), g_free);
  if (self->door_answer == YZ_TEST_DOOR_ANSWER_OK)
    door_result (self, call->command_id, TRUE, NULL, FALSE);
  else if (self->door_answer == YZ_TEST_DOOR_ANSWER_FAIL)
    door_result (self, call->command_id, FALSE, self->door_reason, FALSE);
}

static void
door_command_async (YzBackend *backend, const char *door_id, const char *command, int minutes,
                    const char *reason, const char *request_id, gint64 expires_at,
                    GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data)
{
  YzTestBackend *self = YZ_TEST_BACKEND (backend);
  g_autoptr(GTask) task = new_task (self, cancellable, callback, user_data, door_command_async);
  YzTestCall *call = record (self, "door-command", door_id);

  call->command = g_strdup (command);
  call->value = minutes;
  call->text = g_strdup (reason);
  call->request_id = g_strdup (request_id);
  call->expires_at = expires_at;
  dispatch (self, "door-command", task, call, answer_door_command);
}

static char *
door_command_finish (YzBackend *backend, GAsyncResult *result, GError **error)
{
  return finish_pointer (backend, result, error);
}

/* The door as the world has it, through the real parser. */
static void
answer_fetch_door (YzTestBackend *self, GTask *task, YzTestCall *call)
{
  JsonObject *door = find_in (self, "doors", call->target);
  g_autofree char *text = NULL;
  GError *error = NULL;
  YzDoorData *data;

  if (door == NULL)
    {
      g_task_return_new_error (task, YZ_BACKEND_ERROR, YZ_BACKEND_ERROR_NOT_FOUND, "No door %s",
                               call->target);
      return;
    }
  text = object_to_text (door);
  data = yz_door_data_parse (text, strlen (text), &error);
  if (data == NULL)
    return g_task_return_error (task, error);
  g_task_return_pointer (task, data, (GDestroyNotify)yz_door_data_free);
}

static void
fetch_door_async (YzBackend *backend, const char *door_id, GCancellable *cancellable,
                  GAsyncReadyCallback callback, gpointer user_data)
{
  YzTestBackend *self = YZ_TEST_BACKEND (backend);
  g_autoptr(GTask) task = new_task (self, cancellable, callback, user_data, fetch_door_async);

  dispatch (self, "fetch-door", task, record (self, "fetch-door", door_id), answer_fetch_door);
}

static YzDoorData *
fetch_door_finish (YzBackend *backend, GAsyncResult *result, GError **error)
{
  return finish_pointer (backend, result, error);
}

static const char *const action_nicks[] = { "acknowledge", "assign", "resolve", "reopen" };
static const char *const action_done[] = { "acknowledged", "assigned", "resolved", "reopened" };

static void
answer_alarm_action (YzTestBackend *self, GTask *task, YzTestCall *call)
{
  g_autoptr(GError) error = NULL;
  JsonObject *alarm = find_in (self, "alarms", call->target);
  g_autofree char *time = format_time (now_ms ());
  g_autofree char *text = NULL;
  const char *state;
  guint action = 0;

  while (action < G_N_ELEMENTS (action_nicks) &&
         g_strcmp0 (action_nicks[action], call->command) != 0)
    action++;
  if (alarm == NULL)
    {
      g_task_return_new_error (task, YZ_BACKEND_ERROR, YZ_BACKEND_ERROR_NOT_FOUND, "No alarm %s",
                               call->target);
      return;
    }
  state = string_member (alarm, "state");
  if ((action == YZ_ALARM_ACTION_ACKNOWLEDGE && g_strcmp0 (state, "new") != 0) ||
      (action == YZ_ALARM_ACTION_RESOLVE && g_strcmp0 (state, "resolved") == 0) ||
      (action == YZ_ALARM_ACTION_REOPEN && g_strcmp0 (state, "resolved") != 0))
    {
      g_task_return_new_error (task, YZ_BACKEND_ERROR, YZ_BACKEND_ERROR_CONFLICT,
                               "The gateway refused (409 conflict): the alarm is %s", state);
      return;
    }

  switch (action)
    {
    case YZ_ALARM_ACTION_ACKNOWLEDGE:
      json_object_set_string_member (alarm, "state", "acknowledged");
      json_object_set_string_member (alarm, "owner", self->operator_name);
      break;
    case YZ_ALARM_ACTION_ASSIGN:
      json_object_set_string_member (alarm, "owner", call->to);
      if (g_strcmp0 (state, "new") == 0)
        json_object_set_string_member (alarm, "state", "acknowledged");
      break;
    case YZ_ALARM_ACTION_RESOLVE:
      json_object_set_string_member (alarm, "state", "resolved");
      json_object_set_string_member (alarm, "category", call->category);
      json_object_set_string_member (alarm, "note", call->text);
      if (string_member (alarm, "owner") == NULL)
        json_object_set_string_member (alarm, "owner", self->operator_name);
      break;
    case YZ_ALARM_ACTION_REOPEN:
    default:
      json_object_set_string_member (alarm, "state", "acknowledged");
      break;
    }
  json_object_set_string_member (alarm, "updated_at", time);

  text = object_to_text (alarm);
  {
    YzAlarmData *data = yz_alarm_data_parse (text, strlen (text), &error);

    g_assert_no_error (error);
    g_task_return_pointer (task, data, (GDestroyNotify)yz_alarm_data_free);
  }

  if (self->echo)
    {
      JsonObject *event = json_object_new ();

      json_object_set_string_member (event, "type", "alarm.updated");
      json_object_set_string_member (event, "station_id", string_member (alarm, "station_id"));
      json_object_set_string_member (event, "action", action_done[action]);
      json_object_set_string_member (event, "by", self->operator_name);
      set_nullable_string (event, "note", call->text);
      json_object_set_member (event, "alarm", object_node (alarm));
      emit_later (self, 0, event);
    }
}

static void
alarm_action_async (YzBackend *backend, const char *alarm_id, YzAlarmAction action, const char *to,
                    const char *category, const char *note, GCancellable *cancellable,
                    GAsyncReadyCallback callback, gpointer user_data)
{
  YzTestBackend *self = YZ_TEST_BACKEND (backend);
  g_autoptr(GTask) task = new_task (self, cancellable, callback, user_data, alarm_action_async);
  YzTestCall *call = record (self, "alarm-action", alarm_id);

  g_assert_cmpuint (action, <, G_N_ELEMENTS (action_nicks));
  call->command = g_strdup (action_nicks[action]);
  call->to = g_strdup (to);
  call->category = g_strdup (category);
  call->text = g_strdup (note);
  dispatch (self, "alarm-action", task, call, answer_alarm_action);
}

static YzAlarmData *
alarm_action_finish (YzBackend *backend, GAsyncResult *result, GError **error)
{
  return finish_pointer (backend, result, error);
}

static void
answer_stock (YzTestBackend *self, GTask *task, YzTestCall *call)
{
  g_autoptr(GError) error = NULL;
  JsonObject *stock = find_in (self, "stock", call->target);
  g_autofree char *text = NULL;
  YzStockData *data;

  if (stock == NULL)
    {
      g_task_return_new_error (task, YZ_BACKEND_ERROR, YZ_BACKEND_ERROR_NOT_FOUND, "No stock %s",
                               call->target);
      return;
    }
  if (g_str_equal (call->command, "threshold"))
    json_object_set_int_member (stock, "low_threshold", call->value);
  else
    json_object_set_int_member (stock, "level",
                                MIN (json_object_get_int_member (stock, "level") + call->value,
                                     json_object_get_int_member (stock, "capacity")));

  text = object_to_text (stock);
  data = yz_stock_data_parse (text, strlen (text), &error);
  g_assert_no_error (error);
  g_task_return_pointer (task, data, (GDestroyNotify)yz_stock_data_free);

  if (self->echo && g_str_equal (call->command, "restock"))
    {
      JsonObject *event = json_object_new ();

      json_object_set_string_member (event, "type", "stock.level");
      json_object_set_string_member (event, "station_id", string_member (stock, "station_id"));
      json_object_set_string_member (event, "stock_id", call->target);
      json_object_set_int_member (event, "level", json_object_get_int_member (stock, "level"));
      emit_later (self, 0, event);
    }
}

static void
stock_async (YzBackend *backend, const char *stock_id, gboolean threshold, gint64 value,
             const char *note, GCancellable *cancellable, GAsyncReadyCallback callback,
             gpointer user_data)
{
  YzTestBackend *self = YZ_TEST_BACKEND (backend);
  g_autoptr(GTask) task = new_task (self, cancellable, callback, user_data, stock_async);
  YzTestCall *call = record (self, "stock", stock_id);

  call->command = g_strdup (threshold ? "threshold" : "restock");
  call->value = value;
  call->text = g_strdup (note);
  dispatch (self, "stock", task, call, answer_stock);
}

static YzStockData *
stock_finish (YzBackend *backend, GAsyncResult *result, GError **error)
{
  return finish_pointer (backend, result, error);
}

static void
answer_device_power (YzTestBackend *self, GTask *task, YzTestCall *call)
{
  g_autoptr(GError) error = NULL;
  JsonObject *device = find_in (self, "devices", call->target);
  g_autofree char *text = NULL;
  YzDeviceData *data;

  if (device == NULL)
    {
      g_task_return_new_error (task, YZ_BACKEND_ERROR, YZ_BACKEND_ERROR_NOT_FOUND, "No device %s",
                               call->target);
      return;
    }
  if (!json_object_get_boolean_member (device, "switchable"))
    {
      g_task_return_new_error (task, YZ_BACKEND_ERROR, YZ_BACKEND_ERROR_CONFLICT,
                               "The gateway refused (409 not-switchable)");
      return;
    }
  json_object_set_string_member (device, "state", call->command);

  text = object_to_text (device);
  data = yz_device_data_parse (text, strlen (text), &error);
  g_assert_no_error (error);
  g_task_return_pointer (task, data, (GDestroyNotify)yz_device_data_free);

  if (self->echo)
    {
      JsonObject *event = json_object_new ();

      json_object_set_string_member (event, "type", "device.state");
      json_object_set_string_member (event, "station_id", string_member (device, "station_id"));
      json_object_set_string_member (event, "device_id", call->target);
      json_object_set_string_member (event, "state", call->command);
      emit_later (self, 0, event);
    }
}

static void
device_power_async (YzBackend *backend, const char *device_id, gboolean on,
                    GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data)
{
  YzTestBackend *self = YZ_TEST_BACKEND (backend);
  g_autoptr(GTask) task = new_task (self, cancellable, callback, user_data, device_power_async);
  YzTestCall *call = record (self, "device-power", device_id);

  call->command = g_strdup (on ? "on" : "off");
  dispatch (self, "device-power", task, call, answer_device_power);
}

static YzDeviceData *
device_power_finish (YzBackend *backend, GAsyncResult *result, GError **error)
{
  return finish_pointer (backend, result, error);
}

static void
answer_snapshot (YzTestBackend *self, GTask *task, YzTestCall *call)
{
  GBytes *bytes = g_hash_table_lookup (self->snapshots, call->target);

  if (bytes == NULL)
    g_task_return_new_error (task, YZ_BACKEND_ERROR, YZ_BACKEND_ERROR_NOT_FOUND, "No snapshot %s",
                             call->target);
  else
    g_task_return_pointer (task, g_bytes_ref (bytes), (GDestroyNotify)g_bytes_unref);
}

static void
fetch_snapshot_async (YzBackend *backend, const char *snapshot_id, GCancellable *cancellable,
                      GAsyncReadyCallback callback, gpointer user_data)
{
  YzTestBackend *self = YZ_TEST_BACKEND (backend);
  g_autoptr(GTask) task = new_task (self, cancellable, callback, user_data, fetch_snapshot_async);

  dispatch (self, "snapshot", task, record (self, "snapshot", snapshot_id), answer_snapshot);
}

static GBytes *
fetch_snapshot_finish (YzBackend *backend, GAsyncResult *result, GError **error)
{
  return finish_pointer (backend, result, error);
}

static void
answer_camera_snapshot (YzTestBackend *self, GTask *task, YzTestCall *call)
{
  static const guchar jpeg[] = { 0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0xff, 0xd9 };

  if (find_in (self, "cameras", call->target) == NULL)
    g_task_return_new_error (task, YZ_BACKEND_ERROR, YZ_BACKEND_ERROR_NOT_FOUND, "No camera %s",
                             call->target);
  else
    g_task_return_pointer (task, g_bytes_new_static (jpeg, sizeof jpeg),
                           (GDestroyNotify)g_bytes_unref);
}

static void
fetch_camera_snapshot_async (YzBackend *backend, const char *camera_id, GCancellable *cancellable,
                             GAsyncReadyCallback callback, gpointer user_data)
{
  YzTestBackend *self = YZ_TEST_BACKEND (backend);
  g_autoptr(GTask) task =
      new_task (self, cancellable, callback, user_data, fetch_camera_snapshot_async);

  dispatch (self, "camera-snapshot", task, record (self, "camera-snapshot", camera_id),
            answer_camera_snapshot);
}

static GBytes *
fetch_camera_snapshot_finish (YzBackend *backend, GAsyncResult *result, GError **error)
{
  return finish_pointer (backend, result, error);
}

static void
yz_test_backend_iface_init (YzBackendInterface *iface)
{
  iface->log_in_async = log_in_async;
  iface->log_in_finish = log_in_finish;
  iface->resume_async = resume_async;
  iface->resume_finish = resume_finish;
  iface->load_state_async = load_state_async;
  iface->load_state_finish = load_state_finish;
  iface->set_token = set_token;
  iface->follow = follow;
  iface->stop = stop;
  iface->reconnect_now = reconnect_now;
  iface->door_command_async = door_command_async;
  iface->door_command_finish = door_command_finish;
  iface->fetch_door_async = fetch_door_async;
  iface->fetch_door_finish = fetch_door_finish;
  iface->alarm_action_async = alarm_action_async;
  iface->alarm_action_finish = alarm_action_finish;
  iface->stock_async = stock_async;
  iface->stock_finish = stock_finish;
  iface->device_power_async = device_power_async;
  iface->device_power_finish = device_power_finish;
  iface->fetch_snapshot_async = fetch_snapshot_async;
  iface->fetch_snapshot_finish = fetch_snapshot_finish;
  iface->fetch_camera_snapshot_async = fetch_camera_snapshot_async;
  iface->fetch_camera_snapshot_finish = fetch_camera_snapshot_finish;
}

/* ---- GObject ---- */

static void
yz_test_backend_dispose (GObject *object)
{
  YzTestBackend *self = YZ_TEST_BACKEND (object);

  g_clear_handle_id (&self->connect_id, g_source_remove);
  g_clear_handle_id (&self->reconnect_id, g_source_remove);
  if (self->scripts != NULL)
    g_hash_table_remove_all (self->scripts);

  G_OBJECT_CLASS (yz_test_backend_parent_class)->dispose (object);
}

static void
yz_test_backend_finalize (GObject *object)
{
  YzTestBackend *self = YZ_TEST_BACKEND (object);

  g_clear_pointer (&self->world, json_node_unref);
  g_clear_pointer (&self->snapshots, g_hash_table_unref);
  g_clear_pointer (&self->roles, g_hash_table_unref);
  g_clear_pointer (&self->token_owners, g_hash_table_unref);
  g_clear_pointer (&self->scripts, g_hash_table_unref);
  g_clear_pointer (&self->calls, g_ptr_array_unref);
  g_clear_pointer (&self->journal, g_ptr_array_unref);
  g_free (self->password);
  g_free (self->token);
  g_free (self->operator_name);
  g_free (self->door_reason);

  G_OBJECT_CLASS (yz_test_backend_parent_class)->finalize (object);
}

static void
yz_test_backend_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  YzTestBackend *self = YZ_TEST_BACKEND (object);

  switch (prop_id)
    {
    case PROP_STREAM_STATE:
      g_value_set_enum (value, self->stream_state);
      break;
    case PROP_NEXT_ATTEMPT:
      g_value_set_int64 (value, self->next_attempt);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
yz_test_backend_class_init (YzTestBackendClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = yz_test_backend_dispose;
  object_class->finalize = yz_test_backend_finalize;
  object_class->get_property = yz_test_backend_get_property;

  g_object_class_override_property (object_class, PROP_STREAM_STATE, "stream-state");
  g_object_class_override_property (object_class, PROP_NEXT_ATTEMPT, "next-attempt");

  /**
   * YzTestBackend::call:
   * @call: (type gpointer): the #YzTestCall, before it is answered
   */
  signals[CALL] = g_signal_new ("call", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                                NULL, G_TYPE_NONE, 1, G_TYPE_POINTER);
}

static void
yz_test_backend_init (YzTestBackend *self)
{
  JsonObject *object = json_object_new ();
  JsonObject *gateway = json_object_new ();

  json_object_set_string_member (gateway, "name", "测试驿站网关");
  json_object_set_string_member (gateway, "version", "1.0");
  json_object_set_object_member (object, "gateway", gateway);
  for (guint i = 0; lists[i] != NULL; i++)
    json_object_set_array_member (object, lists[i], json_array_new ());
  self->world = json_node_init_object (json_node_alloc (), object);
  json_object_unref (object);

  self->snapshots =
      g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify)g_bytes_unref);
  self->roles = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->token_owners = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->scripts =
      g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify)script_free);
  self->calls = g_ptr_array_new_with_free_func ((GDestroyNotify)call_free);
  self->journal = g_ptr_array_new_with_free_func ((GDestroyNotify)yz_event_unref);
  self->oldest_seq = 1;
  self->follow_after = -1;
  self->stream_state = YZ_CONNECTION_DISCONNECTED;
  self->door_answer = YZ_TEST_DOOR_ANSWER_OK;
  self->echo = TRUE;
}

/* ---- public ---- */

YzTestBackend *
yz_test_backend_new (void)
{
  return g_object_new (YZ_TYPE_TEST_BACKEND, NULL);
}

/**
 * yz_test_backend_new_city:
 *
 * Stations hz-0001 … with, each, a camera (-cam1), a door (-door1), water (-water: 36 of
 * 48, low at 12) and two devices: the air conditioner (-ac, on, switchable) and the lockers
 * (-lockers, on, not switchable). Districts alternate 牡丹区 and 定陶区.
 */
YzTestBackend *
yz_test_backend_new_city (guint n_stations)
{
  YzTestBackend *self = yz_test_backend_new ();

  for (guint i = 1; i <= n_stations; i++)
    {
      g_autofree char *id = g_strdup_printf ("hz-%04u", i);
      g_autofree char *name = g_strdup_printf ("测试驿站%u号", i);

      yz_test_backend_add_station (self, id, name, i % 2 ? "牡丹区" : "定陶区");
    }

  return self;
}

static void
add_object (YzTestBackend *self, const char *list_name, char *text)
{
  JsonObject *object = object_from_text (text);

  json_array_add_object_element (list (self, list_name), object);
  g_free (text);
}

void
yz_test_backend_add_station (YzTestBackend *self, const char *id, const char *name,
                             const char *district)
{
  guint n = json_array_get_length (list (self, "stations"));

  g_return_if_fail (YZ_IS_TEST_BACKEND (self));

  add_object (
      self, "stations",
      g_strdup_printf (
          "{\"id\": \"%s\", \"name\": \"%s\", \"district\": \"%s\", \"address\": \"%s测试路%u号\","
          " \"location\": {\"lat\": %.4f, \"lon\": %.4f, \"datum\": \"gcj02\"}, \"kind\": "
          "\"smart24\","
          " \"opening_hours\": \"00:00-24:00\", \"capacity\": 12, \"facilities\": "
          "[\"water-dispenser\", \"aed\"],"
          " \"online\": true, \"occupancy\": 0, \"temperature\": 24.5, \"last_seen\": null}",
          id, name, district, district, n + 1, 35.20 + n * 0.01, 115.40 + n * 0.01));
  add_object (
      self, "cameras",
      g_strdup_printf (
          "{\"id\": \"%s-cam1\", \"station_id\": \"%s\", \"name\": \"大厅\", \"main_url\": null,"
          " \"sub_url\": null, \"snapshot_url\": \"/api/v1/cameras/%s-cam1/snapshot\", \"online\": "
          "true}",
          id, id, id));
  add_object (self, "doors",
              g_strdup_printf ("{\"id\": \"%s-door1\", \"station_id\": \"%s\", \"name\": \"正门\", "
                               "\"state\": \"locked\","
                               " \"mode\": \"normal\"}",
                               id, id));
  add_object (
      self, "stock",
      g_strdup_printf ("{\"id\": \"%s-water\", \"station_id\": \"%s\", \"item\": \"water\", "
                       "\"name\": \"饮用水\","
                       " \"unit\": \"瓶\", \"level\": 36, \"capacity\": 48, \"low_threshold\": 12}",
                       id, id));
  add_object (self, "devices",
              g_strdup_printf ("{\"id\": \"%s-ac\", \"station_id\": \"%s\", \"kind\": "
                               "\"air-conditioner\", \"name\": \"空调\","
                               " \"state\": \"on\", \"switchable\": true}",
                               id, id));
  add_object (self, "devices",
              g_strdup_printf ("{\"id\": \"%s-lockers\", \"station_id\": \"%s\", \"kind\": "
                               "\"lockers\", \"name\": \"储物柜\","
                               " \"state\": \"on\", \"switchable\": false}",
                               id, id));
}

/**
 * yz_test_backend_set_state_json:
 * @json: a GET /api/v1/state body (seq and time are the stub's own; missing lists are empty)
 */
void
yz_test_backend_set_state_json (YzTestBackend *self, const char *json)
{
  g_autoptr(JsonObject) object = object_from_text (json);

  g_return_if_fail (YZ_IS_TEST_BACKEND (self));

  if (!json_object_has_member (object, "gateway"))
    json_object_set_member (object, "gateway",
                            deep_copy (json_object_get_member (world (self), "gateway")));
  for (guint i = 0; lists[i] != NULL; i++)
    if (!json_object_has_member (object, lists[i]))
      json_object_set_array_member (object, lists[i], json_array_new ());
  if (json_object_has_member (object, "seq"))
    self->seq = MAX (self->seq, json_object_get_int_member (object, "seq"));
  json_node_unref (self->world);
  self->world = json_node_init_object (json_node_alloc (), object);
}

/* Returns: (transfer none) (nullable): the world's station, camera, door, stock item,
 * device or alarm with this id, to change it in place (the next state shows it) */
JsonObject *
yz_test_backend_lookup (YzTestBackend *self, const char *id)
{
  g_return_val_if_fail (YZ_IS_TEST_BACKEND (self), NULL);

  for (guint i = 0; lists[i] != NULL; i++)
    {
      JsonObject *object = find_in (self, lists[i], id);

      if (object != NULL)
        return object;
    }

  return NULL;
}

/* Removes an item from the world; a station goes with everything at it. */
void
yz_test_backend_remove (YzTestBackend *self, const char *id)
{
  g_return_if_fail (YZ_IS_TEST_BACKEND (self));

  for (guint i = 0; lists[i] != NULL; i++)
    {
      JsonArray *array = list (self, lists[i]);

      for (guint k = json_array_get_length (array); k > 0; k--)
        {
          JsonObject *object = json_array_get_object_element (array, k - 1);

          if (g_strcmp0 (string_member (object, "id"), id) == 0 ||
              g_strcmp0 (string_member (object, "station_id"), id) == 0)
            json_array_remove_element (array, k - 1);
        }
    }
}

void
yz_test_backend_add_snapshot (YzTestBackend *self, const char *snapshot_id, GBytes *bytes)
{
  g_return_if_fail (YZ_IS_TEST_BACKEND (self));

  g_hash_table_insert (self->snapshots, g_strdup (snapshot_id), g_bytes_ref (bytes));
}

/* Log-ins with another password fail with BAD_CREDENTIALS; %NULL: any password. */
void
yz_test_backend_set_password (YzTestBackend *self, const char *password)
{
  g_return_if_fail (YZ_IS_TEST_BACKEND (self));

  g_free (self->password);
  self->password = g_strdup (password);
}

/* A token kept from an earlier log-in (the keyring): whose it is when the session resumes. */
void
yz_test_backend_set_token_owner (YzTestBackend *self, const char *token, const char *operator_name)
{
  g_return_if_fail (YZ_IS_TEST_BACKEND (self));

  g_hash_table_insert (self->token_owners, g_strdup (token), g_strdup (operator_name));
}

void
yz_test_backend_set_role (YzTestBackend *self, const char *operator_name, const char *role)
{
  g_return_if_fail (YZ_IS_TEST_BACKEND (self));

  g_hash_table_insert (self->roles, g_strdup (operator_name), g_strdup (role));
}

/**
 * yz_test_backend_emit_json:
 * @format: printf-style JSON of one event, as on the wire; seq and time are added when
 *   missing (the next seq, now)
 *
 * Returns: the event's seq
 */
gint64
yz_test_backend_emit_json (YzTestBackend *self, const char *format, ...)
{
  g_autofree char *text = NULL;
  g_autoptr(JsonObject) object = NULL;
  va_list args;

  g_return_val_if_fail (YZ_IS_TEST_BACKEND (self), 0);

  va_start (args, format);
  text = g_strdup_vprintf (format, args);
  va_end (args);
  object = object_from_text (text);

  return emit_object (self, object);
}

/* Delivers @event as it is (no checks, no world change), as a live event. */
void
yz_test_backend_emit (YzTestBackend *self, YzEvent *event)
{
  g_return_if_fail (YZ_IS_TEST_BACKEND (self));

  self->seq = MAX (self->seq, event->seq);
  g_ptr_array_add (self->journal, yz_event_ref (event));
  if (self->stream_state == YZ_CONNECTION_CONNECTED && self->connect_id == 0)
    deliver (self, event);
}

gint64
yz_test_backend_station_status (YzTestBackend *self, const char *station_id, gboolean online,
                                int occupancy)
{
  return yz_test_backend_emit_json (self,
                                    "{\"type\": \"station.status\", \"station_id\": \"%s\","
                                    " \"online\": %s, \"occupancy\": %d, \"temperature\": 25.0}",
                                    station_id, online ? "true" : "false", occupancy);
}

/* A new alarm, raised now; @camera_id may be %NULL. */
gint64
yz_test_backend_raise_alarm (YzTestBackend *self, const char *alarm_id, const char *station_id,
                             const char *camera_id, const char *type, const char *priority)
{
  g_autofree char *time = format_time (now_ms ());
  g_autofree char *camera = camera_id ? g_strdup_printf ("\"%s\"", camera_id) : g_strdup ("null");

  return yz_test_backend_emit_json (
      self,
      "{\"type\": \"alarm.raised\", \"station_id\": \"%s\", \"alarm\": {\"id\": \"%s\","
      " \"station_id\": \"%s\", \"camera_id\": %s, \"door_id\": null, \"type\": \"%s\","
      " \"priority\": \"%s\", \"raised_at\": \"%s\", \"state\": \"new\", \"owner\": null,"
      " \"updated_at\": \"%s\", \"category\": null, \"note\": null, \"snapshot_id\": null}}",
      station_id, alarm_id, station_id, camera, type, priority, time, time);
}

/* A pass through the station's door, now: @result granted, denied or stranger. */
gint64
yz_test_backend_entry (YzTestBackend *self, const char *entry_id, const char *station_id,
                       const char *result)
{
  g_autofree char *time = format_time (now_ms ());
  gboolean stranger = g_strcmp0 (result, "stranger") == 0;

  return yz_test_backend_emit_json (
      self,
      "{\"type\": \"entry\", \"station_id\": \"%s\", \"entry\": {\"id\": \"%s\", \"station_id\": "
      "\"%s\","
      " \"door_id\": \"%s-door1\", \"time\": \"%s\", \"person_id\": %s, \"person_name\": %s,"
      " \"occupation\": \"%s\", \"method\": \"face\", \"result\": \"%s\", \"snapshot_id\": null}}",
      station_id, entry_id, station_id, station_id, time, stranger ? "null" : "\"w-00001\"",
      stranger ? "null" : "\"张建国\"", stranger ? "unknown" : "sanitation", result);
}

/* The door's answer to a command the stub accepted (see YzTestCall.command_id), now. */
gint64
yz_test_backend_door_result (YzTestBackend *self, const char *command_id, gboolean ok,
                             const char *reason)
{
  g_return_val_if_fail (YZ_IS_TEST_BACKEND (self), 0);

  return door_result (self, command_id, ok, reason, TRUE);
}

gint64
yz_test_backend_get_seq (YzTestBackend *self)
{
  return self->seq;
}

/* The gateway no longer holds the events so far: a follow after an older seq is asked to
 * resync. */
void
yz_test_backend_forget_events (YzTestBackend *self)
{
  g_return_if_fail (YZ_IS_TEST_BACKEND (self));

  g_ptr_array_set_size (self->journal, 0);
  self->oldest_seq = self->seq + 1;
}

/**
 * yz_test_backend_drop:
 * @reconnect_ms: when the stream tries again (next-attempt); reconnect_now() tries at once
 *
 * The connected stream drops. Events emitted meanwhile come when it is back.
 */
void
yz_test_backend_drop (YzTestBackend *self, guint reconnect_ms)
{
  g_return_if_fail (YZ_IS_TEST_BACKEND (self));
  g_return_if_fail (self->stream_state == YZ_CONNECTION_CONNECTED);

  g_clear_handle_id (&self->reconnect_id, g_source_remove);
  self->reconnect_id = g_timeout_add (reconnect_ms, reconnect_cb, self);
  set_stream (self, YZ_CONNECTION_CONNECTING, g_get_real_time () + (gint64)reconnect_ms * 1000);
}

/* As the stream does on the gateway's resync-required: connecting, waiting for a follow. */
void
yz_test_backend_require_resync (YzTestBackend *self)
{
  g_return_if_fail (YZ_IS_TEST_BACKEND (self));

  g_clear_handle_id (&self->connect_id, g_source_remove);
  g_clear_handle_id (&self->reconnect_id, g_source_remove);
  set_stream (self, YZ_CONNECTION_CONNECTING, 0);
  g_signal_emit_by_name (self, "resync-required");
}

void
yz_test_backend_emit_unauthorized (YzTestBackend *self)
{
  g_return_if_fail (YZ_IS_TEST_BACKEND (self));

  g_signal_emit_by_name (self, "unauthorized");
}

YzConnectionState
yz_test_backend_get_stream_state (YzTestBackend *self)
{
  return self->stream_state;
}

/**
 * yz_test_backend_fail:
 * @call: a call name ("log-in", "load-state", "door-command", ...)
 * @times: how many of the next calls fail; %G_MAXUINT: all; 0: none any more
 * @message: (nullable): the error's message
 *
 * An UNAUTHORIZED failure also emits YzBackend::unauthorized, as the gateway backend does.
 */
void
yz_test_backend_fail (YzTestBackend *self, const char *call, guint times, YzBackendError code,
                      const char *message)
{
  Script *script;

  g_return_if_fail (YZ_IS_TEST_BACKEND (self));

  script = get_script (self, call);
  script->fail_times = times;
  script->code = code;
  g_free (script->message);
  script->message = g_strdup (message ? message : "The stub was told to fail");
}

/* While held, calls of @call (also "follow": the stream stays connecting) wait for
 * yz_test_backend_release(). */
void
yz_test_backend_hold (YzTestBackend *self, const char *call, gboolean hold)
{
  g_return_if_fail (YZ_IS_TEST_BACKEND (self));

  get_script (self, call)->hold = hold;
}

guint
yz_test_backend_get_n_held (YzTestBackend *self, const char *call)
{
  g_return_val_if_fail (YZ_IS_TEST_BACKEND (self), 0);

  return get_script (self, call)->held->len;
}

/* Answers the held calls of @call now (as scripted at this moment), oldest first. */
void
yz_test_backend_release (YzTestBackend *self, const char *call)
{
  Script *script;
  g_autoptr(GPtrArray) held = NULL;

  g_return_if_fail (YZ_IS_TEST_BACKEND (self));

  script = get_script (self, call);
  held = g_steal_pointer (&script->held);
  script->held = g_ptr_array_new_with_free_func ((GDestroyNotify)pending_free);
  for (guint i = 0; i < held->len; i++)
    {
      Pending *pending = g_ptr_array_index (held, i);

      answer_now (self, pending->name, pending->task, pending->call, pending->answer);
    }
}

/* How doors answer the next commands; @reason for YZ_TEST_DOOR_ANSWER_FAIL. */
void
yz_test_backend_set_door_answer (YzTestBackend *self, YzTestDoorAnswer answer, const char *reason)
{
  g_return_if_fail (YZ_IS_TEST_BACKEND (self));

  self->door_answer = answer;
  g_free (self->door_reason);
  self->door_reason = g_strdup (reason);
}

/* Whether command replies are followed by the gateway's event (default: yes). */
void
yz_test_backend_set_echo (YzTestBackend *self, gboolean echo)
{
  g_return_if_fail (YZ_IS_TEST_BACKEND (self));

  self->echo = echo;
}

/* Returns: (transfer none) (element-type YzTestCall): every call, oldest first */
GPtrArray *
yz_test_backend_get_calls (YzTestBackend *self)
{
  return self->calls;
}

guint
yz_test_backend_count_calls (YzTestBackend *self, const char *name)
{
  guint n = 0;

  for (guint i = 0; i < self->calls->len; i++)
    n += g_strcmp0 (((YzTestCall *)g_ptr_array_index (self->calls, i))->name, name) == 0;

  return n;
}

/* Returns: (transfer none) (nullable): the last call of that name */
YzTestCall *
yz_test_backend_last_call (YzTestBackend *self, const char *name)
{
  for (guint i = self->calls->len; i > 0; i--)
    {
      YzTestCall *call = g_ptr_array_index (self->calls, i - 1);

      if (g_strcmp0 (call->name, name) == 0)
        return call;
    }

  return NULL;
}

/* Forgets the calls so far (held ones still answer). */
void
yz_test_backend_clear_calls (YzTestBackend *self)
{
  GHashTableIter iter;
  gpointer value;

  /* Held calls point into the array: keep those. */
  g_hash_table_iter_init (&iter, self->scripts);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    g_return_if_fail (((Script *)value)->held->len == 0);
  g_ptr_array_set_size (self->calls, 0);
}

/* ---- a session on the stub ---- */

YzSession *
yz_test_backend_new_session (YzTestBackend *self, const char *db_name)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(YzStore) store = NULL;
  g_autofree char *path = g_build_filename (g_get_user_data_dir (), db_name, NULL);

  g_assert_cmpint (g_mkdir_with_parents (g_get_user_data_dir (), 0700), ==, 0);
  store = yz_store_open (path, &error);
  g_assert_no_error (error);

  return yz_session_new (store, YZ_BACKEND (self));
}

typedef struct
{
  YzSession *session;
  YzConnectionState state;
} StateWait;

static gboolean
in_state (gpointer user_data)
{
  StateWait *wait = user_data;

  return yz_session_get_connection_state (wait->session) == wait->state;
}

gboolean
yz_test_session_wait_state (YzSession *session, YzConnectionState state, guint timeout_ms)
{
  StateWait wait = { session, state };

  return yz_test_wait (in_state, &wait, timeout_ms);
}
