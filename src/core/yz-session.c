/* yz-session.c
 *
 * The facade the UI talks to (yz-session.h): log-in and retry, the connection state
 * (notify_connection() is the one place its changes are told), the operator and role,
 * and the accessors for the parts. YzSession is one object split across files by job
 * (yz-session-private.h lists them): yz-ingest.c follows the gateway into the record
 * and the city, yz-commands.c sends the audited commands, yz-derived-alarms.c raises the
 * console's own alarms; the models are a YzCity's (yz-city.c), the SQL the record
 * layer's (yz-record.h).
 *
 * At start the city comes from the store (the offline view), then the session logs in,
 * loads the state, and follows the events after the last seq it stored.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "yz-session"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "yz-incident.h"
#include "yz-items-private.h"
#include "yz-session-private.h"
#include "yz-snapshot-cache.h"
#include "yz-stats.h"

#define FIRST_RETRY_MS 1000
#define MAX_RETRY_MS 30000

G_DEFINE_FINAL_TYPE (YzSession, yz_session, G_TYPE_OBJECT)

/* The quark's name is spelled as GLib registers it. */
/* clang-format off */
G_DEFINE_QUARK (yz-session-error-quark, yz_session_error)
/* clang-format on */

GParamSpec *yz_session_properties[YZ_SESSION_N_PROPS];
guint yz_session_signals[YZ_SESSION_N_SIGNALS];

static void connect_now (YzSession *self);
static void notify_connection (YzSession *self);

/* The reason stays while the console tries again, so the banner can say it beside the
 * countdown; the status moves on to "Logging in…". */
static void
set_problem (YzSession *self, const char *problem)
{
  if (g_strcmp0 (self->problem, problem) == 0)
    return;
  g_free (self->problem);
  self->problem = g_strdup (problem);
  g_object_notify_by_pspec (G_OBJECT (self), yz_session_properties[YZ_SESSION_PROP_STATUS]);
}

static void
set_status (YzSession *self, const char *status)
{
  if (g_strcmp0 (self->status, status) == 0)
    return;
  g_free (self->status);
  self->status = g_strdup (status);
  g_object_notify_by_pspec (G_OBJECT (self), yz_session_properties[YZ_SESSION_PROP_STATUS]);
}

/* The city's counts are the session's properties too. */
static void
city_n_stations_cb (YzCity *city, GParamSpec *pspec, YzSession *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), yz_session_properties[YZ_SESSION_PROP_N_STATIONS]);
}

static void
city_n_unacknowledged_cb (YzCity *city, GParamSpec *pspec, YzSession *self)
{
  g_object_notify_by_pspec (G_OBJECT (self),
                            yz_session_properties[YZ_SESSION_PROP_N_UNACKNOWLEDGED]);
}

/* ---- connecting ---- */

static YzConnectionState
compute_state (YzSession *self)
{
  YzConnectionState stream = YZ_CONNECTION_DISCONNECTED;

  if (!self->running)
    return YZ_CONNECTION_DISCONNECTED;
  if (self->loading || self->retry_id != 0)
    return YZ_CONNECTION_CONNECTING;
  g_object_get (self->backend, "stream-state", &stream, NULL);
  return stream;
}

/* Every change of the connection goes through here: the state, and since when it is lost. */
static void
notify_connection (YzSession *self)
{
  YzConnectionState state = compute_state (self);
  gint64 since = self->disconnected_since;

  if (state == YZ_CONNECTION_CONNECTED)
    {
      self->ever_connected = TRUE;
      since = 0;
    }
  else if (since == 0 && (self->ever_connected || self->failed))
    since = g_get_real_time ();
  if (since != self->disconnected_since)
    {
      self->disconnected_since = since;
      g_object_notify_by_pspec (G_OBJECT (self),
                                yz_session_properties[YZ_SESSION_PROP_DISCONNECTED_SINCE]);
    }
  g_object_notify_by_pspec (G_OBJECT (self),
                            yz_session_properties[YZ_SESSION_PROP_CONNECTION_STATE]);
  g_object_notify_by_pspec (G_OBJECT (self), yz_session_properties[YZ_SESSION_PROP_NEXT_ATTEMPT]);
}

static void
next_attempt_cb (YzBackend *backend, GParamSpec *pspec, YzSession *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), yz_session_properties[YZ_SESSION_PROP_NEXT_ATTEMPT]);
}

/* What keeps the event stream from working (YzGatewayBackend:stream-status), or NULL. */
static char *
dup_stream_problem (YzSession *self)
{
  char *problem = NULL;

  if (g_object_class_find_property (G_OBJECT_GET_CLASS (self->backend), "stream-status") != NULL)
    g_object_get (self->backend, "stream-status", &problem, NULL);
  return problem;
}

static void
stream_state_cb (YzBackend *backend, GParamSpec *pspec, YzSession *self)
{
  YzConnectionState state = compute_state (self);
  g_autofree char *problem = dup_stream_problem (self);

  if (state == YZ_CONNECTION_CONNECTED)
    {
      self->retry_ms = FIRST_RETRY_MS;
      set_status (self, NULL);
      set_problem (self, NULL);
    }
  else if (problem != NULL && !self->loading)
    {
      set_status (self, problem);
      set_problem (self, problem);
    }
  else if (state == YZ_CONNECTION_CONNECTING && !self->loading)
    set_status (self, _("Connection lost; reconnecting…"));
  notify_connection (self);
}

static gboolean
retry_cb (gpointer user_data)
{
  YzSession *self = user_data;

  self->retry_id = 0;
  self->retry_at = 0;
  connect_now (self);
  return G_SOURCE_REMOVE;
}

static void
fail (YzSession *self, const GError *error)
{
  gboolean retry;

  self->loading = FALSE;
  self->failed = TRUE;
  /* Wrong credentials do not get better by trying again. */
  retry = !g_error_matches (error, YZ_BACKEND_ERROR, YZ_BACKEND_ERROR_BAD_CREDENTIALS) &&
          !g_error_matches (error, YZ_BACKEND_ERROR, YZ_BACKEND_ERROR_CERTIFICATE) &&
          !g_error_matches (error, YZ_BACKEND_ERROR, YZ_BACKEND_ERROR_UNAUTHORIZED);
  set_status (self, error->message);
  set_problem (self, error->message);
  g_message ("Cannot connect: %s", error->message);
  if (retry && self->running)
    {
      guint delay = self->retry_ms + g_random_int_range (0, self->retry_ms / 4 + 1);

      self->retry_ms = MIN (self->retry_ms * 2, MAX_RETRY_MS);
      self->retry_id = g_timeout_add (delay, retry_cb, self);
      self->retry_at = g_get_real_time () + (gint64)delay * 1000;
    }
  else
    {
      self->running = FALSE;
    }
  notify_connection (self);
}

/* A refused kept token (the keyring's) is not a failure while there is a password: log in
 * with it instead. */
static void
fail_or_use_password (YzSession *self, const GError *error)
{
  if (g_error_matches (error, YZ_BACKEND_ERROR, YZ_BACKEND_ERROR_UNAUTHORIZED) && self->try_token &&
      self->password != NULL)
    {
      self->try_token = FALSE;
      connect_now (self);
      return;
    }
  fail (self, error);
}

static void
state_loaded_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  YzSession *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(YzStateData) state =
      yz_backend_load_state_finish (YZ_BACKEND (object), result, &error);
  gint64 after;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (state == NULL)
    {
      fail_or_use_password (self, error);
      return;
    }

  /* Resume after what the store holds when the gateway can still replay it, so that the
   * journal has no gap; else after the state (also when its sequence started again). */
  after = yz_ingest_resume_point (self, state);
  yz_ingest_apply_state (self, state);
  self->loading = FALSE;
  /* Following first: while the status changes, the state is "connecting", not a failure
   * the window would tell in a toast. */
  yz_backend_follow (self->backend, after);
  set_status (self, _("Connecting to the event stream…"));
  notify_connection (self);
}

static void
load_state (YzSession *self)
{
  self->loading = TRUE;
  set_status (self, _("Loading the stations…"));
  notify_connection (self);
  yz_backend_load_state_async (self->backend, self->cancellable, state_loaded_cb, self);
}

/* Who is logged in, from a log-in or a kept token's resume. */
static void
take_login (YzSession *self, YzLoginData *login)
{
  g_free (self->display_name);
  self->display_name = g_strdup (login->display_name ? login->display_name : login->operator_name);
  self->role = yz_role_from_nick (login->role);
  g_free (self->gateway_name);
  self->gateway_name = g_strdup (login->gateway_name);
  g_object_notify_by_pspec (G_OBJECT (self), yz_session_properties[YZ_SESSION_PROP_DISPLAY_NAME]);
  g_object_notify_by_pspec (G_OBJECT (self), yz_session_properties[YZ_SESSION_PROP_ROLE]);
  g_object_notify_by_pspec (G_OBJECT (self), yz_session_properties[YZ_SESSION_PROP_GATEWAY_NAME]);
}

static void
logged_in_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  YzSession *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(YzLoginData) login = yz_backend_log_in_finish (YZ_BACKEND (object), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (login == NULL)
    {
      fail (self, error);
      return;
    }

  take_login (self, login);
  g_signal_emit (self, yz_session_signals[YZ_SESSION_LOGGED_IN], 0, login->token);

  load_state (self);
}

/* A kept token: the gateway says whose it is, so the role is known before any action. */
static void
resumed_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  YzSession *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(YzLoginData) login = yz_backend_resume_finish (YZ_BACKEND (object), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (login == NULL)
    {
      fail_or_use_password (self, error);
      return;
    }

  take_login (self, login);
  load_state (self);
}

static void
connect_now (YzSession *self)
{
  if (!self->running)
    return;

  self->loading = TRUE;
  notify_connection (self);
  if (self->try_token)
    {
      /* A token from the keyring: ask whose it is, then the state; no password sent. */
      set_status (self, _("Logging in…"));
      yz_backend_resume_async (self->backend, self->cancellable, resumed_cb, self);
      return;
    }
  if (self->password == NULL)
    {
      g_autoptr(GError) error = g_error_new (YZ_BACKEND_ERROR, YZ_BACKEND_ERROR_BAD_CREDENTIALS,
                                              _("A password is needed to log in"));

      fail (self, error);
      return;
    }
  set_status (self, _("Logging in…"));
  yz_backend_log_in_async (self->backend, self->operator_name, self->password, self->cancellable,
                           logged_in_cb, self);
}

static void
resync_cb (YzBackend *backend, YzSession *self)
{
  yz_ingest_flush (self);
  /* The gateway cannot replay what this store lacks: forget the resume point. */
  self->last_seq = 0;
  load_state (self);
}

static void
unauthorized_cb (YzBackend *backend, YzSession *self)
{
  if (!self->running || self->loading || self->password == NULL)
    return;
  self->try_token = FALSE;
  g_message ("The gateway refused the token; logging in again");
  yz_backend_stop (self->backend);
  connect_now (self);
}

/* ---- GObject ---- */

static void
yz_session_dispose (GObject *object)
{
  YzSession *self = YZ_SESSION (object);

  yz_session_stop (self);
  yz_ingest_clear (self);
  if (self->backend != NULL)
    g_signal_handlers_disconnect_by_data (self->backend, self);
  g_clear_object (&self->backend);
  yz_commands_clear (self);
  yz_derived_alarms_clear (self);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (yz_session_parent_class)->dispose (object);
}

static void
yz_session_finalize (GObject *object)
{
  YzSession *self = YZ_SESSION (object);

  g_clear_pointer (&self->pending, g_ptr_array_unref);
  g_clear_pointer (&self->recording_problem, g_free);
  g_clear_pointer (&self->journal_epoch, g_free);
  g_clear_pointer (&self->snapshots, yz_snapshot_cache_free);
  g_clear_pointer (&self->tz, g_time_zone_unref);
  g_clear_object (&self->cancellable);
  g_free (self->operator_name);
  g_free (self->display_name);
  if (self->password != NULL)
    memset (self->password, 0, strlen (self->password));
  g_free (self->password);
  g_free (self->gateway_name);
  g_free (self->status);
  g_free (self->problem);
  g_clear_object (&self->city);

  G_OBJECT_CLASS (yz_session_parent_class)->finalize (object);
}

static void
yz_session_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  YzSession *self = YZ_SESSION (object);

  switch (prop_id)
    {
    case YZ_SESSION_PROP_CONNECTION_STATE:
      g_value_set_enum (value, compute_state (self));
      break;
    case YZ_SESSION_PROP_DISCONNECTED_SINCE:
      g_value_set_int64 (value, self->disconnected_since);
      break;
    case YZ_SESSION_PROP_NEXT_ATTEMPT:
      g_value_set_int64 (value, yz_session_get_next_attempt (self));
      break;
    case YZ_SESSION_PROP_STATUS:
      g_value_set_string (value, self->status);
      break;
    case YZ_SESSION_PROP_OPERATOR_NAME:
      g_value_set_string (value, self->operator_name);
      break;
    case YZ_SESSION_PROP_DISPLAY_NAME:
      g_value_set_string (value, self->display_name);
      break;
    case YZ_SESSION_PROP_ROLE:
      g_value_set_enum (value, self->role);
      break;
    case YZ_SESSION_PROP_GATEWAY_NAME:
      g_value_set_string (value, self->gateway_name);
      break;
    case YZ_SESSION_PROP_N_STATIONS:
      g_value_set_uint (value, g_list_model_get_n_items (yz_city_get_stations (self->city)));
      break;
    case YZ_SESSION_PROP_N_UNACKNOWLEDGED:
      g_value_set_uint (value, yz_city_get_n_unacknowledged (self->city));
      break;
    case YZ_SESSION_PROP_LAST_SEQ:
      g_value_set_int64 (value, self->last_seq);
      break;
    case YZ_SESSION_PROP_RECORDING_PROBLEM:
      g_value_set_string (value, self->recording_problem);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
yz_session_class_init (YzSessionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->dispose = yz_session_dispose;
  object_class->finalize = yz_session_finalize;
  object_class->get_property = yz_session_get_property;

  yz_session_properties[YZ_SESSION_PROP_CONNECTION_STATE] = g_param_spec_enum (
      "connection-state", NULL, NULL, YZ_TYPE_CONNECTION_STATE, YZ_CONNECTION_DISCONNECTED, flags);
  /* What is happening or went wrong, for people; NULL when connected */
  /* The real time (µs) the connection was lost (or the first try failed), 0 while connected
   * or before the first try has had its answer. */
  yz_session_properties[YZ_SESSION_PROP_DISCONNECTED_SINCE] =
      g_param_spec_int64 ("disconnected-since", NULL, NULL, 0, G_MAXINT64, 0, flags);
  /* The real time (µs) of the next try to connect while waiting for it, else 0. */
  yz_session_properties[YZ_SESSION_PROP_NEXT_ATTEMPT] =
      g_param_spec_int64 ("next-attempt", NULL, NULL, 0, G_MAXINT64, 0, flags);
  yz_session_properties[YZ_SESSION_PROP_STATUS] =
      g_param_spec_string ("status", NULL, NULL, NULL, flags);
  yz_session_properties[YZ_SESSION_PROP_OPERATOR_NAME] =
      g_param_spec_string ("operator-name", NULL, NULL, NULL, flags);
  yz_session_properties[YZ_SESSION_PROP_DISPLAY_NAME] =
      g_param_spec_string ("display-name", NULL, NULL, NULL, flags);
  yz_session_properties[YZ_SESSION_PROP_ROLE] =
      g_param_spec_enum ("role", NULL, NULL, YZ_TYPE_ROLE, YZ_ROLE_NONE, flags);
  yz_session_properties[YZ_SESSION_PROP_GATEWAY_NAME] =
      g_param_spec_string ("gateway-name", NULL, NULL, NULL, flags);
  yz_session_properties[YZ_SESSION_PROP_N_STATIONS] =
      g_param_spec_uint ("n-stations", NULL, NULL, 0, G_MAXUINT, 0, flags);
  yz_session_properties[YZ_SESSION_PROP_N_UNACKNOWLEDGED] =
      g_param_spec_uint ("n-unacknowledged", NULL, NULL, 0, G_MAXUINT, 0, flags);
  yz_session_properties[YZ_SESSION_PROP_LAST_SEQ] =
      g_param_spec_int64 ("last-seq", NULL, NULL, 0, G_MAXINT64, 0, flags);
  /* Connected or not, what arrives is not being kept (a write to the store failed): why,
   * for people; NULL while the record is written. */
  yz_session_properties[YZ_SESSION_PROP_RECORDING_PROBLEM] =
      g_param_spec_string ("recording-problem", NULL, NULL, NULL, flags);
  g_object_class_install_properties (object_class, YZ_SESSION_N_PROPS, yz_session_properties);

  /**
   * YzSession::alarm-raised:
   * @alarm: a new, unacknowledged alarm (from the gateway or derived)
   *
   * For getting attention: sound, notification, banner.
   */
  yz_session_signals[YZ_SESSION_ALARM_RAISED] =
      g_signal_new ("alarm-raised", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                    NULL, G_TYPE_NONE, 1, YZ_TYPE_ALARM);
  /**
   * YzSession::logged-in:
   * @token: the gateway's token, for the keyring
   */
  yz_session_signals[YZ_SESSION_LOGGED_IN] =
      g_signal_new ("logged-in", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                    G_TYPE_NONE, 1, G_TYPE_STRING);
  /**
   * YzSession::incidents-changed:
   *
   * An operator merged or split incidents.
   */
  yz_session_signals[YZ_SESSION_INCIDENTS_CHANGED] =
      g_signal_new ("incidents-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                    NULL, NULL, G_TYPE_NONE, 0);
  /**
   * YzSession::door-command-sent:
   * @door_id: the door's id
   *
   * The gateway accepted a door command (its answer comes later, as the command's
   * result): the door dialog closes then, and only then.
   */
  yz_session_signals[YZ_SESSION_DOOR_COMMAND_SENT] =
      g_signal_new ("door-command-sent", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                    NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  /**
   * YzSession::alarm-history-changed:
   * @alarm: the alarm whose history (yz_session_get_alarm_history()) has a new step
   *
   * A step can be stored after the alarm item already changed (the reply to an action
   * updates the item; the gateway's alarm.updated event brings the step), so the item's
   * notify alone does not say that the history is complete.
   */
  yz_session_signals[YZ_SESSION_ALARM_HISTORY_CHANGED] =
      g_signal_new ("alarm-history-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                    NULL, NULL, G_TYPE_NONE, 1, YZ_TYPE_ALARM);
  /**
   * YzSession::door-command-late-result:
   * @door_id: the door's id
   * @command: the command (`open`, `keep-open`, `lock`, `normal`)
   * @outcome: `carried-out`, `refused` or `expired` (not carried out)
   * @message: (nullable): the session's words for a refusal or an expiry
   *
   * The answer to a door command whose outcome was unknown (no answer in time, the reply
   * lost, the console disconnected) came after all; its audit row (a further result row,
   * `late: …`) is written. The window tells the officer.
   */
  yz_session_signals[YZ_SESSION_DOOR_COMMAND_LATE_RESULT] = g_signal_new (
      "door-command-late-result", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
      G_TYPE_NONE, 4, G_TYPE_STRING, G_TYPE_STRING, G_TYPE_STRING, G_TYPE_STRING);
}

static void
yz_session_init (YzSession *self)
{
  self->tz = g_time_zone_new_local ();
  yz_ingest_init (self);
  yz_commands_init (self);
  yz_derived_alarms_init (self);
  self->incident_window_ms = YZ_INCIDENT_WINDOW_MS;
  self->retry_ms = FIRST_RETRY_MS;
}

/**
 * yz_session_new:
 * @store: (nullable): the local record; without it the console shows live data but refuses
 *   actions (they could not be audited)
 * @backend: the gateway
 *
 * The models are filled from @store at once: the last known state, before any connection.
 */
YzSession *
yz_session_new (YzStore *store, YzBackend *backend)
{
  YzSession *self;
  g_autofree char *cache_dir = yz_snapshot_cache_default_dir ();

  g_return_val_if_fail (store == NULL || YZ_IS_STORE (store), NULL);
  g_return_val_if_fail (YZ_IS_BACKEND (backend), NULL);

  self = g_object_new (YZ_TYPE_SESSION, NULL);
  self->store = store ? g_object_ref (store) : NULL;
  self->backend = g_object_ref (backend);
  self->snapshots = yz_snapshot_cache_new (cache_dir, 256 * 1024 * 1024);
  self->city = yz_city_new (store);
  g_signal_connect_object (self->city, "notify::n-stations", G_CALLBACK (city_n_stations_cb), self,
                           0);
  g_signal_connect_object (self->city, "notify::n-unacknowledged",
                           G_CALLBACK (city_n_unacknowledged_cb), self, 0);

  g_signal_connect (backend, "event", G_CALLBACK (yz_ingest_event_cb), self);
  g_signal_connect (backend, "resync-required", G_CALLBACK (resync_cb), self);
  g_signal_connect (backend, "unauthorized", G_CALLBACK (unauthorized_cb), self);
  g_signal_connect (backend, "notify::stream-state", G_CALLBACK (stream_state_cb), self);
  g_signal_connect (backend, "notify::next-attempt", G_CALLBACK (next_attempt_cb), self);

  yz_ingest_load_from_store (self);
  if (self->store != NULL)
    yz_stats_rebuild_if_asked (self->store, self->tz);

  return self;
}

/**
 * yz_session_start:
 * @password: (nullable): kept in memory only, to log in again when the token expires
 * @token: (nullable): a token kept from an earlier log-in; tried first
 */
void
yz_session_start (YzSession *self, const char *operator_name, const char *password,
                  const char *token)
{
  g_return_if_fail (YZ_IS_SESSION (self));
  g_return_if_fail (operator_name != NULL);

  yz_session_stop (self);
  g_free (self->operator_name);
  self->operator_name = g_strdup (operator_name);
  g_free (self->password);
  self->password = g_strdup (password);
  self->try_token = token != NULL;
  if (token != NULL)
    yz_backend_set_token (self->backend, token);
  g_object_notify_by_pspec (G_OBJECT (self), yz_session_properties[YZ_SESSION_PROP_OPERATOR_NAME]);

  self->cancellable = g_cancellable_new ();
  self->running = TRUE;
  self->ever_connected = FALSE;
  self->failed = FALSE;
  self->disconnected_since = 0;
  self->retry_ms = FIRST_RETRY_MS;
  yz_derived_alarms_start (self);
  yz_ingest_start_pruning (self);
  connect_now (self);
}

gint64
yz_session_get_disconnected_since (YzSession *self)
{
  g_return_val_if_fail (YZ_IS_SESSION (self), 0);

  return self->disconnected_since;
}

gint64
yz_session_get_next_attempt (YzSession *self)
{
  gint64 next = 0;

  g_return_val_if_fail (YZ_IS_SESSION (self), 0);

  if (!self->running)
    return 0;
  if (self->retry_id != 0)
    return self->retry_at;
  if (self->backend != NULL && !self->loading)
    g_object_get (self->backend, "next-attempt", &next, NULL);
  return next;
}

/**
 * yz_session_retry_now:
 *
 * While waiting to try the gateway again (after a failed log-in or a dropped event
 * stream), tries at once. Returns: %FALSE when there is nothing to retry (connected,
 * already trying, or stopped for a reason retrying cannot mend, such as a wrong password)
 */
gboolean
yz_session_retry_now (YzSession *self)
{
  g_return_val_if_fail (YZ_IS_SESSION (self), FALSE);

  if (!self->running)
    return FALSE;
  if (self->retry_id != 0)
    {
      g_clear_handle_id (&self->retry_id, g_source_remove);
      self->retry_at = 0;
      self->retry_ms = FIRST_RETRY_MS;
      connect_now (self);
      return TRUE;
    }
  if (yz_session_get_next_attempt (self) != 0)
    {
      yz_backend_reconnect_now (self->backend);
      return TRUE;
    }
  return FALSE;
}

/* Stops following; the models keep the last known state. Door commands waiting for an
 * answer end with "no answer". */
void
yz_session_stop (YzSession *self)
{
  g_return_if_fail (YZ_IS_SESSION (self));

  self->running = FALSE;
  self->loading = FALSE;
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_handle_id (&self->retry_id, g_source_remove);
  self->retry_at = 0;
  yz_derived_alarms_stop (self);
  g_clear_handle_id (&self->flush_id, g_source_remove);
  if (self->backend != NULL)
    yz_backend_stop (self->backend);
  yz_commands_abandon_doors (self);
  notify_connection (self);
}

YzConnectionState
yz_session_get_connection_state (YzSession *self)
{
  return compute_state (self);
}
const char *
yz_session_get_status (YzSession *self)
{
  return self->status;
}
const char *
yz_session_get_operator_name (YzSession *self)
{
  return self->operator_name;
}
const char *
yz_session_get_display_name (YzSession *self)
{
  return self->display_name;
}
YzRole
yz_session_get_role (YzSession *self)
{
  return self->role;
}
const char *
yz_session_get_gateway_name (YzSession *self)
{
  return self->gateway_name;
}
guint
yz_session_get_n_unacknowledged (YzSession *self)
{
  return yz_city_get_n_unacknowledged (self->city);
}
gint64
yz_session_get_last_seq (YzSession *self)
{
  return self->last_seq;
}

/* Why what arrives is not being kept (the store refuses writes), or NULL. */
const char *
yz_session_get_recording_problem (YzSession *self)
{
  g_return_val_if_fail (YZ_IS_SESSION (self), NULL);

  return self->recording_problem;
}
YzStore *
yz_session_get_store (YzSession *self)
{
  return self->store;
}
YzBackend *
yz_session_get_backend (YzSession *self)
{
  return self->backend;
}
GListModel *
yz_session_get_stations (YzSession *self)
{
  return yz_city_get_stations (self->city);
}
GListModel *
yz_session_get_cameras (YzSession *self)
{
  return yz_city_get_cameras (self->city);
}
GListModel *
yz_session_get_alarms (YzSession *self)
{
  return yz_city_get_alarms (self->city);
}
GListModel *
yz_session_get_stock (YzSession *self)
{
  return yz_city_get_stock (self->city);
}
GListModel *
yz_session_get_devices (YzSession *self)
{
  return yz_city_get_devices (self->city);
}
YzEntryModel *
yz_session_get_entries (YzSession *self)
{
  return yz_city_get_entries (self->city);
}
YzStation *
yz_session_lookup_station (YzSession *self, const char *id)
{
  return yz_city_lookup_station (self->city, id);
}
YzAlarm *
yz_session_lookup_alarm (YzSession *self, const char *id)
{
  return yz_city_lookup_alarm (self->city, id);
}
YzDoor *
yz_session_lookup_door (YzSession *self, const char *id)
{
  return yz_city_lookup_door (self->city, id);
}
YzStock *
yz_session_lookup_stock (YzSession *self, const char *id)
{
  return yz_city_lookup_stock (self->city, id);
}
YzDevice *
yz_session_lookup_device (YzSession *self, const char *id)
{
  return yz_city_lookup_device (self->city, id);
}
YzCity *
yz_session_get_city (YzSession *self)
{
  return self->city;
}

/* Snapshots: from the cache, else from the gateway into the cache (yz-snapshot-cache.c). */
void
yz_session_fetch_snapshot_async (YzSession *self, const char *snapshot_id,
                                 GCancellable *cancellable, GAsyncReadyCallback callback,
                                 gpointer user_data)
{
  g_return_if_fail (YZ_IS_SESSION (self));

  yz_snapshot_cache_fetch_async (self->snapshots, self->backend, self, snapshot_id, cancellable,
                                 callback, user_data);
}

GBytes *
yz_session_fetch_snapshot_finish (YzSession *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return yz_snapshot_cache_fetch_finish (result, error);
}

/**
 * yz_session_get_problem:
 *
 * Why the last try to connect failed, or what keeps the event stream from working (a
 * frame over the size limit, a refused token), while the console tries again; %NULL once
 * it is connected. Told with notify::status.
 */
const char *
yz_session_get_problem (YzSession *self)
{
  g_return_val_if_fail (YZ_IS_SESSION (self), NULL);

  return self->problem;
}
