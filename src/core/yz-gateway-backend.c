/* yz-gateway-backend.c
 *
 * YzBackend over the gateway protocol (docs/protocol.md) with libsoup 3: REST for log-in,
 * state and commands, YzEventStream for the events. Every reply body goes through the
 * checks in yz-event.c.
 *
 * TLS: the system's CAs by default; a CA file replaces them; a pinned SHA-256 fingerprint of
 * the gateway's certificate replaces CA trust altogether (only that certificate is accepted).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "yz-gateway-backend"

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <string.h>

#include "yz-event-stream.h"
#include "yz-gateway-backend.h"
#include "yz-picture.h"
#include "yz-vocabulary.h"

#define REQUEST_TIMEOUT_S 10 /* libsoup's: the longest wait for any one read */
/* The largest reply accepted, by kind (docs/protocol.md, "What the console accepts"). */
#define MAX_SNAPSHOT YZ_PICTURE_MAX_BYTES
#define MAX_STATE (32 * 1024 * 1024)
#define MAX_REPLY (1024 * 1024)     /* log-in, commands */
#define MAX_ERROR_REPLY (64 * 1024) /* an error's body; a longer one is not read */
/* The longest a whole exchange may take, by kind. */
#define DEFAULT_LONG_DEADLINE_MS 30000  /* state, pictures */
#define DEFAULT_SHORT_DEADLINE_MS 10000 /* log-in, commands */

struct _YzGatewayBackend
{
  GObject parent_instance;

  char *base_url;
  char *pinned; /* lower-case hex, no colons; NULL when not pinned */
  char *token;
  SoupSession *session;
  YzEventStream *stream;
  guint long_deadline_ms;
  guint short_deadline_ms;
  YzStore *audit_store; /* its signed audit head goes with every command (the witness) */
};

static void yz_gateway_backend_iface_init (YzBackendInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (YzGatewayBackend, yz_gateway_backend, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (YZ_TYPE_BACKEND,
                                                      yz_gateway_backend_iface_init))

enum
{
  PROP_0,
  PROP_STREAM_STATE,
  PROP_NEXT_ATTEMPT,
  PROP_STREAM_STATUS,
  N_PROPS
};

/* ---- TLS ---- */

char *
yz_certificate_sha256 (GTlsCertificate *certificate)
{
  g_autoptr(GByteArray) der = NULL;

  g_object_get (certificate, "certificate", &der, NULL);
  if (der == NULL)
    return NULL;

  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, der->data, der->len);
}

/**
 * yz_normalize_fingerprint:
 * @text: a SHA-256 fingerprint in hex, colons and spaces allowed
 *
 * Returns: (nullable): the 64 lower-case hex digits, or %NULL if @text is not one
 */
char *
yz_normalize_fingerprint (const char *text)
{
  GString *hex = g_string_new (NULL);

  for (const char *c = text; *c; c++)
    if (g_ascii_isxdigit (*c))
      g_string_append_c (hex, g_ascii_tolower (*c));
    else if (*c != ':' && *c != ' ')
      return (g_string_free (hex, TRUE), NULL);
  if (hex->len != 64)
    return (g_string_free (hex, TRUE), NULL);

  return g_string_free (hex, FALSE);
}

static gboolean
accept_certificate_cb (SoupMessage *msg, GTlsCertificate *certificate, GTlsCertificateFlags errors,
                       YzGatewayBackend *self)
{
  g_autofree char *fingerprint = NULL;

  if (self->pinned == NULL)
    return FALSE;
  fingerprint = yz_certificate_sha256 (certificate);
  if (g_strcmp0 (fingerprint, self->pinned) == 0)
    return TRUE;

  g_message ("The gateway's certificate (SHA-256 %s) is not the pinned one: refused", fingerprint);
  return FALSE;
}

static void
request_queued_cb (SoupSession *session, SoupMessage *msg, YzGatewayBackend *self)
{
  g_signal_connect_object (msg, "accept-certificate", G_CALLBACK (accept_certificate_cb), self, 0);
}

/* ---- requests ----
 *
 * A reply is read through a stream, never all at once: its Content-Length (when given) and
 * then a running count are held against the limit of its kind, and reading stops as soon as
 * it is passed. Every request also has an overall deadline besides libsoup's read timeout, so
 * that a gateway sending a byte every few seconds cannot hold it forever. Redirects are not
 * followed (docs/protocol.md, "What the console accepts"). */

#define READ_CHUNK (64 * 1024)

typedef gpointer (*ReplyParser) (const char *data, gsize length, GError **error);

typedef struct
{
  SoupMessage *msg;
  ReplyParser parse;
  GDestroyNotify free_func;
  gboolean is_login;
  gsize max_body;        /* of a successful reply */
  GCancellable *cancel;  /* ours: the caller's cancellable and the deadline cancel it */
  GCancellable *caller;  /* nullable */
  gulong caller_handler; /* on @caller */
  GSource *deadline;
  guint deadline_ms;
  gboolean timed_out;
  GInputStream *body_stream;
  GByteArray *body;
  gsize limit; /* of what is being read now */
} Request;

static void
request_free (Request *request)
{
  if (request->caller != NULL)
    g_cancellable_disconnect (request->caller, request->caller_handler);
  g_clear_object (&request->caller);
  if (request->deadline != NULL)
    {
      g_source_destroy (request->deadline);
      g_clear_pointer (&request->deadline, g_source_unref);
    }
  g_clear_object (&request->cancel);
  g_clear_object (&request->body_stream);
  g_clear_pointer (&request->body, g_byte_array_unref);
  g_clear_object (&request->msg);
  g_free (request);
}

static void
set_error_from_status (YzGatewayBackend *self, SoupMessage *msg, GBytes *body, gboolean is_login,
                       GError **error)
{
  guint status = soup_message_get_status (msg);
  g_autofree char *code = NULL;
  g_autofree char *message = NULL;
  YzBackendError kind = YZ_BACKEND_ERROR_BAD_REPLY;
  gsize length = 0;
  const char *data = body ? g_bytes_get_data (body, &length) : NULL;

  if (data == NULL || !yz_error_parse (data, length, &code, &message))
    message = g_strdup (soup_message_get_reason_phrase (msg));

  switch (status)
    {
    case SOUP_STATUS_BAD_REQUEST:
      kind = YZ_BACKEND_ERROR_INVALID;
      break;
    case SOUP_STATUS_UNAUTHORIZED:
      kind = is_login ? YZ_BACKEND_ERROR_BAD_CREDENTIALS : YZ_BACKEND_ERROR_UNAUTHORIZED;
      break;
    case SOUP_STATUS_FORBIDDEN:
      kind = YZ_BACKEND_ERROR_FORBIDDEN;
      break;
    case SOUP_STATUS_NOT_FOUND:
      kind = YZ_BACKEND_ERROR_NOT_FOUND;
      break;
    case SOUP_STATUS_CONFLICT:
      kind =
          g_strcmp0 (code, "expired") == 0 ? YZ_BACKEND_ERROR_EXPIRED : YZ_BACKEND_ERROR_CONFLICT;
      break;
    case SOUP_STATUS_UNPROCESSABLE_ENTITY:
      kind = YZ_BACKEND_ERROR_INVALID;
      break;
    case 429:
      kind = YZ_BACKEND_ERROR_RATE_LIMITED;
      break;
    default:
      if (status >= 500)
        kind = YZ_BACKEND_ERROR_UNAVAILABLE;
      break;
    }

  switch (kind)
    {
    case YZ_BACKEND_ERROR_BAD_CREDENTIALS:
      g_set_error (error, YZ_BACKEND_ERROR, kind, _("Wrong operator name or password"));
      break;
    case YZ_BACKEND_ERROR_UNAUTHORIZED:
      g_set_error (error, YZ_BACKEND_ERROR, kind,
                   _("The gateway no longer accepts this login; log in again"));
      break;
    case YZ_BACKEND_ERROR_FORBIDDEN:
      g_set_error (error, YZ_BACKEND_ERROR, kind, _("Your role does not allow this"));
      break;
    case YZ_BACKEND_ERROR_RATE_LIMITED:
      g_set_error (error, YZ_BACKEND_ERROR, kind,
                   _("Too many commands at once; try again in a moment"));
      break;
    case YZ_BACKEND_ERROR_UNAVAILABLE:
      g_set_error (error, YZ_BACKEND_ERROR, kind, _("The gateway failed (%u): %s"), status,
                   message ? message : "");
      break;
    case YZ_BACKEND_ERROR_EXPIRED:
      g_set_error (error, YZ_BACKEND_ERROR, kind,
                   _("Not carried out (expired): the command reached the gateway too late"));
      break;
    case YZ_BACKEND_ERROR_NOT_FOUND:
    case YZ_BACKEND_ERROR_CONFLICT:
    case YZ_BACKEND_ERROR_INVALID:
    case YZ_BACKEND_ERROR_BAD_REPLY:
    case YZ_BACKEND_ERROR_NETWORK:
    case YZ_BACKEND_ERROR_CERTIFICATE:
    default:
      g_set_error (error, YZ_BACKEND_ERROR, kind, _("The gateway refused (%u %s): %s"), status,
                   code ? code : "", message ? message : "");
      break;
    }

  if (kind == YZ_BACKEND_ERROR_UNAUTHORIZED)
    g_signal_emit_by_name (self, "unauthorized");
}

/* A transport failure: the deadline, a cancellation, TLS or the network. Takes @error. */
static void
return_transport_error (GTask *task, Request *request, GError *error)
{
  if (request->timed_out)
    {
      g_task_return_new_error (task, YZ_BACKEND_ERROR, YZ_BACKEND_ERROR_NETWORK,
                               _("The gateway did not answer within %u s"),
                               (request->deadline_ms + 999) / 1000);
      g_error_free (error);
    }
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_task_return_error (task, error);
  else if (error->domain == G_TLS_ERROR)
    {
      g_task_return_new_error (task, YZ_BACKEND_ERROR, YZ_BACKEND_ERROR_CERTIFICATE,
                               _("The gateway's certificate is not trusted: %s"), error->message);
      g_error_free (error);
    }
  else
    {
      g_task_return_new_error (task, YZ_BACKEND_ERROR, YZ_BACKEND_ERROR_NETWORK,
                               _("Cannot reach the gateway: %s"), error->message);
      g_error_free (error);
    }
}

/* Stops reading a reply that is not wanted (too large): the connection is dropped rather
 * than drained, so the gateway's remaining bytes are never read. */
static void
abandon_body (Request *request)
{
  g_cancellable_cancel (request->cancel);
  if (request->body_stream != NULL)
    g_input_stream_close (request->body_stream, request->cancel, NULL);
}

static void
return_too_large (GTask *task, Request *request, guint64 size)
{
  g_autofree char *limit = g_format_size_full (request->max_body, G_FORMAT_SIZE_IEC_UNITS);

  abandon_body (request);
  if (size > 0)
    {
      g_autofree char *declared = g_format_size_full (size, G_FORMAT_SIZE_IEC_UNITS);

      /* Translators: both are sizes, like "200.0 MiB" */
      g_task_return_new_error (task, YZ_BACKEND_ERROR, YZ_BACKEND_ERROR_BAD_REPLY,
                               _("The gateway's reply is too large (%s; at most %s accepted)"),
                               declared, limit);
    }
  else
    /* Translators: %s is a size, like "32.0 MiB" */
    g_task_return_new_error (task, YZ_BACKEND_ERROR, YZ_BACKEND_ERROR_BAD_REPLY,
                             _("The gateway's reply is too large (more than %s accepted)"), limit);
}

/* The whole reply is read (or, for an error reply, as much of it as is worth reading). */
static void
finish_reply (GTask *task, Request *request, GBytes *body)
{
  YzGatewayBackend *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) parse_error = NULL;
  guint status = soup_message_get_status (request->msg);
  gpointer value;
  gsize length = 0;
  const char *data;

  if (!SOUP_STATUS_IS_SUCCESSFUL (status))
    {
      set_error_from_status (self, request->msg, body, request->is_login, &error);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (request->parse == NULL)
    {
      g_task_return_pointer (task, g_bytes_ref (body), (GDestroyNotify)g_bytes_unref);
      return;
    }

  data = g_bytes_get_data (body, &length);
  value = request->parse (data, length, &parse_error);
  if (value == NULL)
    {
      g_task_return_new_error (task, YZ_BACKEND_ERROR, YZ_BACKEND_ERROR_BAD_REPLY,
                               _("The gateway's reply does not follow the protocol: %s"),
                               parse_error ? parse_error->message : "");
      return;
    }
  g_task_return_pointer (task, value, request->free_func);
}

static void read_more (GTask *task);

static void
read_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(GTask) task = user_data;
  Request *request = g_task_get_task_data (task);
  GError *error = NULL;
  g_autoptr(GBytes) chunk = NULL;
  g_autoptr(GBytes) body = NULL;

  chunk = g_input_stream_read_bytes_finish (G_INPUT_STREAM (object), result, &error);
  if (chunk == NULL)
    {
      return_transport_error (task, request, error);
      return;
    }

  if (g_bytes_get_size (chunk) > 0)
    {
      g_byte_array_append (request->body, g_bytes_get_data (chunk, NULL), g_bytes_get_size (chunk));
      if (request->body->len <= request->limit)
        {
          read_more (g_steal_pointer (&task));
          return;
        }
      if (SOUP_STATUS_IS_SUCCESSFUL (soup_message_get_status (request->msg)))
        {
          return_too_large (task, request, 0);
          return;
        }
      /* An error reply too long to be the protocol's: its status is enough. */
      abandon_body (request);
      finish_reply (task, request, NULL);
      return;
    }

  body = g_byte_array_free_to_bytes (g_steal_pointer (&request->body));
  finish_reply (task, request, body);
}

static void
read_more (GTask *task)
{
  Request *request = g_task_get_task_data (task);

  g_input_stream_read_bytes_async (request->body_stream, READ_CHUNK, G_PRIORITY_DEFAULT,
                                   request->cancel, read_cb, task);
}

static void
send_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(GTask) task = user_data;
  Request *request = g_task_get_task_data (task);
  GError *error = NULL;
  SoupMessageHeaders *headers;
  guint status;

  request->body_stream = soup_session_send_finish (SOUP_SESSION (object), result, &error);
  if (request->body_stream == NULL)
    {
      return_transport_error (task, request, error);
      return;
    }

  status = soup_message_get_status (request->msg);
  headers = soup_message_get_response_headers (request->msg);
  if (SOUP_STATUS_IS_REDIRECTION (status))
    {
      const char *location = soup_message_headers_get_one (headers, "Location");

      abandon_body (request);
      g_task_return_new_error (task, YZ_BACKEND_ERROR, YZ_BACKEND_ERROR_BAD_REPLY,
                               _("The gateway redirected the request (%u) to %s; the console "
                                  "does not follow redirects"),
                               status, location ? location : "?");
      return;
    }

  request->limit = SOUP_STATUS_IS_SUCCESSFUL (status) ? request->max_body : MAX_ERROR_REPLY;
  if (soup_message_headers_get_encoding (headers) == SOUP_ENCODING_CONTENT_LENGTH &&
      (guint64)soup_message_headers_get_content_length (headers) > request->limit)
    {
      if (SOUP_STATUS_IS_SUCCESSFUL (status))
        return_too_large (task, request, soup_message_headers_get_content_length (headers));
      else
        {
          abandon_body (request);
          finish_reply (task, request, NULL);
        }
      return;
    }

  request->body = g_byte_array_new ();
  read_more (g_steal_pointer (&task));
}

static gboolean
deadline_cb (gpointer user_data)
{
  Request *request = user_data;

  g_clear_pointer (&request->deadline, g_source_unref);
  g_message ("A request to the gateway took longer than %u ms: abandoned", request->deadline_ms);
  request->timed_out = TRUE;
  g_cancellable_cancel (request->cancel);

  return G_SOURCE_REMOVE;
}

static void
caller_cancelled_cb (GCancellable *caller, GCancellable *ours)
{
  g_cancellable_cancel (ours);
}

/* @max_body: the largest successful reply accepted; @deadline_ms: the time the whole
 * exchange may take. */
static void
send_request (YzGatewayBackend *self, const char *method, const char *path, JsonBuilder *body,
              ReplyParser parse, GDestroyNotify free_func, gsize max_body, guint deadline_ms,
              GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data,
              gpointer source_tag)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  g_autofree char *url = g_strconcat (self->base_url, path, NULL);
  Request *request = g_new0 (Request, 1);

  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, request, (GDestroyNotify)request_free);
  request->parse = parse;
  request->free_func = free_func;
  request->is_login = g_str_equal (method, "POST") && g_str_equal (path, "/api/v1/session");
  request->max_body = max_body;
  request->deadline_ms = deadline_ms;

  request->msg = soup_message_new (method, url);
  if (request->msg == NULL)
    {
      g_task_return_new_error (task, YZ_BACKEND_ERROR, YZ_BACKEND_ERROR_NETWORK,
                               _("The gateway address is not a usable URL: %s"), self->base_url);
      return;
    }
  /* A redirect is refused (send_cb), never followed off the gateway. */
  soup_message_add_flags (request->msg, SOUP_MESSAGE_NO_REDIRECT);
  if (body != NULL)
    {
      g_autoptr(JsonGenerator) generator = json_generator_new ();
      g_autoptr(JsonNode) root = json_builder_get_root (body);
      gsize length = 0;
      char *text;

      json_generator_set_root (generator, root);
      text = json_generator_to_data (generator, &length);
      soup_message_set_request_body_from_bytes (request->msg, "application/json",
                                                g_bytes_new_take (text, length));
    }
  if (self->token != NULL && !request->is_login)
    {
      g_autofree char *header = g_strconcat ("Bearer ", self->token, NULL);

      soup_message_headers_replace (soup_message_get_request_headers (request->msg),
                                    "Authorization", header);
    }
  /* A command carries the head of this console's audit chain, which the gateway keeps as
   * its witness (docs/protocol.md, "The audit witness"). */
  if (body != NULL && !request->is_login && self->audit_store != NULL)
    {
      g_autofree char *console = NULL;
      g_autofree char *hash = NULL;
      gint64 count = 0;

      if (yz_store_audit_anchor (self->audit_store, &console, &count, &hash))
        {
          SoupMessageHeaders *headers = soup_message_get_request_headers (request->msg);
          g_autofree char *head = g_strdup_printf ("%" G_GINT64_FORMAT ":%s", count, hash);

          soup_message_headers_replace (headers, "Yizhan-Console", console);
          soup_message_headers_replace (headers, "Yizhan-Audit-Head", head);
        }
    }

  request->cancel = g_cancellable_new ();
  if (cancellable != NULL)
    {
      request->caller = g_object_ref (cancellable);
      request->caller_handler =
          g_cancellable_connect (cancellable, G_CALLBACK (caller_cancelled_cb),
                                 g_object_ref (request->cancel), g_object_unref);
    }
  request->deadline = g_timeout_source_new (deadline_ms);
  g_source_set_callback (request->deadline, deadline_cb, request, NULL);
  g_source_attach (request->deadline, g_main_context_get_thread_default ());

  soup_session_send_async (self->session, request->msg, G_PRIORITY_DEFAULT, request->cancel,
                           send_cb, g_steal_pointer (&task));
}

static gpointer
finish_pointer (YzGatewayBackend *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

static char *
escaped_path (const char *format_prefix, const char *id, const char *suffix)
{
  g_autofree char *escaped = g_uri_escape_string (id, NULL, FALSE);

  return g_strconcat (format_prefix, escaped, suffix, NULL);
}

/* ---- YzBackend ---- */

static void
log_in_async (YzBackend *backend, const char *operator_name, const char *password,
              GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data)
{
  YzGatewayBackend *self = YZ_GATEWAY_BACKEND (backend);
  g_autoptr(JsonBuilder) body = json_builder_new ();

  json_builder_begin_object (body);
  json_builder_set_member_name (body, "operator");
  json_builder_add_string_value (body, operator_name);
  json_builder_set_member_name (body, "password");
  json_builder_add_string_value (body, password);
  json_builder_end_object (body);

  send_request (self, "POST", "/api/v1/session", body, (ReplyParser)yz_login_parse,
                (GDestroyNotify)yz_login_data_free, MAX_REPLY, self->short_deadline_ms, cancellable,
                callback, user_data, log_in_async);
}

static YzLoginData *
log_in_finish (YzBackend *backend, GAsyncResult *result, GError **error)
{
  YzGatewayBackend *self = YZ_GATEWAY_BACKEND (backend);
  YzLoginData *login = finish_pointer (self, result, error);

  if (login != NULL)
    yz_gateway_backend_set_token (self, login->token);

  return login;
}

static void
resume_async (YzBackend *backend, GCancellable *cancellable, GAsyncReadyCallback callback,
              gpointer user_data)
{
  YzGatewayBackend *self = YZ_GATEWAY_BACKEND (backend);

  send_request (self, "GET", "/api/v1/session", NULL, (ReplyParser)yz_login_parse,
                (GDestroyNotify)yz_login_data_free, MAX_REPLY, self->short_deadline_ms, cancellable,
                callback, user_data, resume_async);
}

static YzLoginData *
resume_finish (YzBackend *backend, GAsyncResult *result, GError **error)
{
  return finish_pointer (YZ_GATEWAY_BACKEND (backend), result, error);
}

static void
load_state_async (YzBackend *backend, GCancellable *cancellable, GAsyncReadyCallback callback,
                  gpointer user_data)
{
  YzGatewayBackend *self = YZ_GATEWAY_BACKEND (backend);

  send_request (self, "GET", "/api/v1/state", NULL, (ReplyParser)yz_state_parse,
                (GDestroyNotify)yz_state_data_free, MAX_STATE, self->long_deadline_ms, cancellable,
                callback, user_data, load_state_async);
}

/* The stream compares each hello's epoch with the loaded state's (docs/protocol.md). */
static YzStateData *
load_state_finish (YzBackend *backend, GAsyncResult *result, GError **error)
{
  YzStateData *state = finish_pointer (YZ_GATEWAY_BACKEND (backend), result, error);

  if (state != NULL)
    yz_event_stream_set_epoch (YZ_GATEWAY_BACKEND (backend)->stream, state->epoch);
  return state;
}

static void
event_cb (YzEventStream *stream, YzEvent *event, YzGatewayBackend *self)
{
  g_signal_emit_by_name (self, "event", event);
}

static void
resync_cb (YzEventStream *stream, YzGatewayBackend *self)
{
  g_signal_emit_by_name (self, "resync-required");
}

static void
stream_unauthorized_cb (YzEventStream *stream, YzGatewayBackend *self)
{
  g_signal_emit_by_name (self, "unauthorized");
}

static void
stream_state_cb (YzEventStream *stream, GParamSpec *pspec, YzGatewayBackend *self)
{
  g_object_notify (G_OBJECT (self), "stream-state");
}

static void
follow (YzBackend *backend, gint64 after)
{
  YzGatewayBackend *self = YZ_GATEWAY_BACKEND (backend);

  yz_event_stream_set_token (self->stream, self->token);
  yz_event_stream_start (self->stream, after);
}

static void
stop (YzBackend *backend)
{
  yz_event_stream_stop (YZ_GATEWAY_BACKEND (backend)->stream);
}

static void
reconnect_now (YzBackend *backend)
{
  yz_event_stream_reconnect_now (YZ_GATEWAY_BACKEND (backend)->stream);
}

static void
stream_next_attempt_cb (YzEventStream *stream, GParamSpec *pspec, YzGatewayBackend *self)
{
  g_object_notify (G_OBJECT (self), "next-attempt");
}

static void
stream_status_cb (YzEventStream *stream, GParamSpec *pspec, YzGatewayBackend *self)
{
  g_object_notify (G_OBJECT (self), "stream-status");
}

static void
door_command_async (YzBackend *backend, const char *door_id, const char *command, int minutes,
                    const char *reason, const char *request_id, gint64 expires_at,
                    GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data)
{
  g_autoptr(JsonBuilder) body = json_builder_new ();
  g_autofree char *path = escaped_path ("/api/v1/doors/", door_id, "/commands");

  json_builder_begin_object (body);
  json_builder_set_member_name (body, "command");
  json_builder_add_string_value (body, command);
  if (g_str_equal (command, YZ_DOOR_CMD_KEEP_OPEN))
    {
      json_builder_set_member_name (body, "minutes");
      json_builder_add_int_value (body, minutes);
    }
  json_builder_set_member_name (body, "reason");
  json_builder_add_string_value (body, reason);
  if (request_id != NULL)
    {
      json_builder_set_member_name (body, "request_id");
      json_builder_add_string_value (body, request_id);
    }
  if (expires_at > 0)
    {
      g_autofree char *when = yz_time_to_wire (expires_at);

      json_builder_set_member_name (body, "expires_at");
      json_builder_add_string_value (body, when);
    }
  json_builder_end_object (body);

  send_request (YZ_GATEWAY_BACKEND (backend), "POST", path, body, (ReplyParser)yz_command_id_parse,
                g_free, MAX_REPLY, YZ_GATEWAY_BACKEND (backend)->short_deadline_ms, cancellable,
                callback, user_data, door_command_async);
}

static char *
door_command_finish (YzBackend *backend, GAsyncResult *result, GError **error)
{
  return finish_pointer (YZ_GATEWAY_BACKEND (backend), result, error);
}

static void
fetch_door_async (YzBackend *backend, const char *door_id, GCancellable *cancellable,
                  GAsyncReadyCallback callback, gpointer user_data)
{
  g_autofree char *path = escaped_path ("/api/v1/doors/", door_id, "");

  send_request (YZ_GATEWAY_BACKEND (backend), "GET", path, NULL, (ReplyParser)yz_door_data_parse,
                (GDestroyNotify)yz_door_data_free, MAX_REPLY,
                YZ_GATEWAY_BACKEND (backend)->short_deadline_ms, cancellable, callback, user_data,
                fetch_door_async);
}

static YzDoorData *
fetch_door_finish (YzBackend *backend, GAsyncResult *result, GError **error)
{
  return finish_pointer (YZ_GATEWAY_BACKEND (backend), result, error);
}

static void
alarm_action_async (YzBackend *backend, const char *alarm_id, YzAlarmAction action, const char *to,
                    const char *category, const char *note, GCancellable *cancellable,
                    GAsyncReadyCallback callback, gpointer user_data)
{
  static const char *const verbs[] = { "/acknowledge", "/assign", "/resolve", "/reopen" };
  g_autoptr(JsonBuilder) body = json_builder_new ();
  g_autofree char *path = escaped_path ("/api/v1/alarms/", alarm_id, verbs[action]);

  json_builder_begin_object (body);
  if (action == YZ_ALARM_ACTION_ASSIGN)
    {
      json_builder_set_member_name (body, "to");
      json_builder_add_string_value (body, to);
    }
  if (action == YZ_ALARM_ACTION_RESOLVE)
    {
      json_builder_set_member_name (body, "category");
      json_builder_add_string_value (body, category);
    }
  if (note != NULL && action != YZ_ALARM_ACTION_REOPEN && action != YZ_ALARM_ACTION_ASSIGN)
    {
      json_builder_set_member_name (body, "note");
      json_builder_add_string_value (body, note);
    }
  json_builder_end_object (body);

  send_request (YZ_GATEWAY_BACKEND (backend), "POST", path, body, (ReplyParser)yz_alarm_data_parse,
                (GDestroyNotify)yz_alarm_data_free, MAX_REPLY,
                YZ_GATEWAY_BACKEND (backend)->short_deadline_ms, cancellable, callback, user_data,
                alarm_action_async);
}

static YzAlarmData *
alarm_action_finish (YzBackend *backend, GAsyncResult *result, GError **error)
{
  return finish_pointer (YZ_GATEWAY_BACKEND (backend), result, error);
}

static void
stock_async (YzBackend *backend, const char *stock_id, gboolean threshold, gint64 value,
             const char *note, GCancellable *cancellable, GAsyncReadyCallback callback,
             gpointer user_data)
{
  g_autoptr(JsonBuilder) body = json_builder_new ();
  g_autofree char *path =
      escaped_path ("/api/v1/stock/", stock_id, threshold ? "/threshold" : "/restock");

  json_builder_begin_object (body);
  json_builder_set_member_name (body, threshold ? "low_threshold" : "quantity");
  json_builder_add_int_value (body, value);
  if (!threshold && note != NULL)
    {
      json_builder_set_member_name (body, "note");
      json_builder_add_string_value (body, note);
    }
  json_builder_end_object (body);

  send_request (YZ_GATEWAY_BACKEND (backend), threshold ? "PUT" : "POST", path, body,
                (ReplyParser)yz_stock_data_parse, (GDestroyNotify)yz_stock_data_free, MAX_REPLY,
                YZ_GATEWAY_BACKEND (backend)->short_deadline_ms, cancellable, callback, user_data,
                stock_async);
}

static YzStockData *
stock_finish (YzBackend *backend, GAsyncResult *result, GError **error)
{
  return finish_pointer (YZ_GATEWAY_BACKEND (backend), result, error);
}

static void
device_power_async (YzBackend *backend, const char *device_id, gboolean on,
                    GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data)
{
  g_autoptr(JsonBuilder) body = json_builder_new ();
  g_autofree char *path = escaped_path ("/api/v1/devices/", device_id, "/power");

  json_builder_begin_object (body);
  json_builder_set_member_name (body, "on");
  json_builder_add_boolean_value (body, on);
  json_builder_end_object (body);

  send_request (YZ_GATEWAY_BACKEND (backend), "POST", path, body, (ReplyParser)yz_device_data_parse,
                (GDestroyNotify)yz_device_data_free, MAX_REPLY,
                YZ_GATEWAY_BACKEND (backend)->short_deadline_ms, cancellable, callback, user_data,
                device_power_async);
}

static YzDeviceData *
device_power_finish (YzBackend *backend, GAsyncResult *result, GError **error)
{
  return finish_pointer (YZ_GATEWAY_BACKEND (backend), result, error);
}

/* A picture is at most MAX_SNAPSHOT bytes, a JPEG or PNG whose size may be decoded. */
static gpointer
check_picture (const char *data, gsize length, GError **error)
{
  if (!yz_picture_check ((const guint8 *)data, length, MAX_SNAPSHOT, YZ_PICTURE_MAX_PIXELS, NULL,
                         NULL, error))
    return NULL;

  return g_bytes_new (data, length);
}

static void
fetch_snapshot_async (YzBackend *backend, const char *snapshot_id, GCancellable *cancellable,
                      GAsyncReadyCallback callback, gpointer user_data)
{
  g_autofree char *path = escaped_path ("/api/v1/snapshots/", snapshot_id, "");

  send_request (YZ_GATEWAY_BACKEND (backend), "GET", path, NULL, check_picture,
                (GDestroyNotify)g_bytes_unref, MAX_SNAPSHOT,
                YZ_GATEWAY_BACKEND (backend)->long_deadline_ms, cancellable, callback, user_data,
                fetch_snapshot_async);
}

static GBytes *
fetch_snapshot_finish (YzBackend *backend, GAsyncResult *result, GError **error)
{
  return finish_pointer (YZ_GATEWAY_BACKEND (backend), result, error);
}

static void
fetch_camera_snapshot_async (YzBackend *backend, const char *camera_id, GCancellable *cancellable,
                             GAsyncReadyCallback callback, gpointer user_data)
{
  g_autofree char *path = escaped_path ("/api/v1/cameras/", camera_id, "/snapshot");

  send_request (YZ_GATEWAY_BACKEND (backend), "GET", path, NULL, check_picture,
                (GDestroyNotify)g_bytes_unref, MAX_SNAPSHOT,
                YZ_GATEWAY_BACKEND (backend)->long_deadline_ms, cancellable, callback, user_data,
                fetch_camera_snapshot_async);
}

static GBytes *
fetch_camera_snapshot_finish (YzBackend *backend, GAsyncResult *result, GError **error)
{
  return finish_pointer (YZ_GATEWAY_BACKEND (backend), result, error);
}

static void
yz_gateway_backend_iface_init (YzBackendInterface *iface)
{
  iface->log_in_async = log_in_async;
  iface->log_in_finish = log_in_finish;
  iface->resume_async = resume_async;
  iface->resume_finish = resume_finish;
  iface->load_state_async = load_state_async;
  iface->load_state_finish = load_state_finish;
  iface->set_token = (void (*) (YzBackend *, const char *))yz_gateway_backend_set_token;
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
yz_gateway_backend_dispose (GObject *object)
{
  YzGatewayBackend *self = YZ_GATEWAY_BACKEND (object);

  if (self->stream != NULL)
    {
      yz_event_stream_stop (self->stream);
      g_signal_handlers_disconnect_by_data (self->stream, self);
      g_clear_object (&self->stream);
    }
  if (self->session != NULL)
    soup_session_abort (self->session);
  g_clear_object (&self->session);
  g_clear_object (&self->audit_store);

  G_OBJECT_CLASS (yz_gateway_backend_parent_class)->dispose (object);
}

static void
yz_gateway_backend_finalize (GObject *object)
{
  YzGatewayBackend *self = YZ_GATEWAY_BACKEND (object);

  g_free (self->base_url);
  g_free (self->pinned);
  if (self->token != NULL)
    memset (self->token, 0, strlen (self->token));
  g_free (self->token);

  G_OBJECT_CLASS (yz_gateway_backend_parent_class)->finalize (object);
}

static void
yz_gateway_backend_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  YzGatewayBackend *self = YZ_GATEWAY_BACKEND (object);

  switch (prop_id)
    {
    case PROP_STREAM_STATE:
      g_value_set_enum (value, self->stream ? yz_event_stream_get_state (self->stream)
                                            : YZ_CONNECTION_DISCONNECTED);
      break;
    case PROP_NEXT_ATTEMPT:
      g_value_set_int64 (value, self->stream ? yz_event_stream_get_next_attempt (self->stream) : 0);
      break;
    case PROP_STREAM_STATUS:
      g_value_set_string (value, self->stream ? yz_event_stream_get_status (self->stream) : NULL);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
yz_gateway_backend_class_init (YzGatewayBackendClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = yz_gateway_backend_dispose;
  object_class->finalize = yz_gateway_backend_finalize;
  object_class->get_property = yz_gateway_backend_get_property;

  g_object_class_override_property (object_class, PROP_STREAM_STATE, "stream-state");
  g_object_class_override_property (object_class, PROP_NEXT_ATTEMPT, "next-attempt");
  /* What keeps the event stream from working, for people (YzEventStream:status), or NULL. */
  g_object_class_install_property (
      object_class, PROP_STREAM_STATUS,
      g_param_spec_string ("stream-status", NULL, NULL, NULL,
                           (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS)));
}

static void
yz_gateway_backend_init (YzGatewayBackend *self)
{
  self->long_deadline_ms = DEFAULT_LONG_DEADLINE_MS;
  self->short_deadline_ms = DEFAULT_SHORT_DEADLINE_MS;
}

/**
 * yz_gateway_backend_new:
 * @base_url: `http://host:port` or `https://host:port`, no trailing path
 * @ca_file: (nullable): PEM file of the CAs to trust instead of the system's
 * @pinned_sha256: (nullable): the SHA-256 of the gateway certificate (hex, colons allowed);
 *   when set, only that certificate is accepted
 */
YzGatewayBackend *
yz_gateway_backend_new (const char *base_url, const char *ca_file, const char *pinned_sha256,
                        GError **error)
{
  g_autoptr(YzGatewayBackend) self = NULL;
  g_autoptr(GUri) uri = NULL;

  g_return_val_if_fail (base_url != NULL, NULL);

  uri = g_uri_parse (base_url, G_URI_FLAGS_NONE, NULL);
  if (uri == NULL || g_uri_get_host (uri) == NULL ||
      (g_strcmp0 (g_uri_get_scheme (uri), "http") != 0 &&
       g_strcmp0 (g_uri_get_scheme (uri), "https") != 0))
    {
      g_set_error (error, YZ_BACKEND_ERROR, YZ_BACKEND_ERROR_NETWORK,
                   _("“%s” is not an http:// or https:// address"), base_url);
      return NULL;
    }

  self = g_object_new (YZ_TYPE_GATEWAY_BACKEND, NULL);
  self->base_url = g_strdup (base_url);
  while (g_str_has_suffix (self->base_url, "/"))
    self->base_url[strlen (self->base_url) - 1] = '\0';

  self->session = soup_session_new_with_options ("timeout", REQUEST_TIMEOUT_S, "user-agent",
                                                 "Yizhan/" PACKAGE_VERSION " ", NULL);
  if (pinned_sha256 != NULL && pinned_sha256[0] != '\0')
    {
      self->pinned = yz_normalize_fingerprint (pinned_sha256);
      if (self->pinned == NULL)
        {
          g_set_error (error, YZ_BACKEND_ERROR, YZ_BACKEND_ERROR_CERTIFICATE,
                       _("The pinned fingerprint is not a SHA-256 in hex"));
          return NULL;
        }
      /* Trust no CA: every certificate goes through accept-certificate and the pin. */
      soup_session_set_tls_database (self->session, NULL);
    }
  else if (ca_file != NULL && ca_file[0] != '\0')
    {
      g_autoptr(GError) local_error = NULL;
      g_autoptr(GTlsDatabase) database = g_tls_file_database_new (ca_file, &local_error);

      if (database == NULL)
        {
          g_set_error (error, YZ_BACKEND_ERROR, YZ_BACKEND_ERROR_CERTIFICATE,
                       _("Cannot read the CA file %s: %s"), ca_file, local_error->message);
          return NULL;
        }
      soup_session_set_tls_database (self->session, database);
    }
  g_signal_connect_object (self->session, "request-queued", G_CALLBACK (request_queued_cb), self,
                           0);

  self->stream = yz_event_stream_new (self->session, self->base_url, "");
  g_signal_connect (self->stream, "event", G_CALLBACK (event_cb), self);
  g_signal_connect (self->stream, "resync-required", G_CALLBACK (resync_cb), self);
  g_signal_connect (self->stream, "unauthorized", G_CALLBACK (stream_unauthorized_cb), self);
  g_signal_connect (self->stream, "notify::state", G_CALLBACK (stream_state_cb), self);
  g_signal_connect (self->stream, "notify::next-attempt", G_CALLBACK (stream_next_attempt_cb),
                    self);
  g_signal_connect (self->stream, "notify::status", G_CALLBACK (stream_status_cb), self);

  return g_steal_pointer (&self);
}

const char *
yz_gateway_backend_get_base_url (YzGatewayBackend *self)
{
  return self->base_url;
}

/* A token from the keyring, or the one a log-in returned. */
void
yz_gateway_backend_set_token (YzGatewayBackend *self, const char *token)
{
  if (self->token != NULL)
    memset (self->token, 0, strlen (self->token));
  g_free (self->token);
  self->token = g_strdup (token);
  yz_event_stream_set_token (self->stream, token);
}

void
yz_gateway_backend_set_stream_timing (YzGatewayBackend *self, guint silence_ms,
                                      guint max_backoff_ms)
{
  yz_event_stream_set_silence_timeout (self->stream, silence_ms);
  yz_event_stream_set_max_backoff (self->stream, max_backoff_ms);
}

guint
yz_gateway_backend_get_n_malformed (YzGatewayBackend *self)
{
  return yz_event_stream_get_n_malformed (self->stream);
}
guint
yz_gateway_backend_get_n_unknown (YzGatewayBackend *self)
{
  return yz_event_stream_get_n_unknown (self->stream);
}
guint
yz_gateway_backend_get_n_connects (YzGatewayBackend *self)
{
  return yz_event_stream_get_n_connects (self->stream);
}

/**
 * yz_gateway_backend_set_deadlines:
 * @long_ms: the longest a state or picture request may take (30 s by default)
 * @short_ms: the longest a log-in or command may take (10 s by default), and the event
 *   stream's handshake
 *
 * Applies to requests sent from now on; tests shorten them.
 */
void
yz_gateway_backend_set_deadlines (YzGatewayBackend *self, guint long_ms, guint short_ms)
{
  g_return_if_fail (YZ_IS_GATEWAY_BACKEND (self));

  self->long_deadline_ms = MAX (long_ms, 1);
  self->short_deadline_ms = MAX (short_ms, 1);
  yz_event_stream_set_handshake_timeout (self->stream, self->short_deadline_ms);
}

/**
 * yz_gateway_backend_set_audit_store:
 * @store: (nullable): the record whose signed audit head each command carries
 */
void
yz_gateway_backend_set_audit_store (YzGatewayBackend *self, YzStore *store)
{
  g_return_if_fail (YZ_IS_GATEWAY_BACKEND (self));

  g_set_object (&self->audit_store, store);
}

static gpointer
parse_witness (const char *data, gsize length, GError **error)
{
  g_autofree char *console = NULL;

  return yz_audit_witness_parse (data, length, &console, error);
}

/* The heads the gateway keeps for @console (GET /api/v1/audit/witness), for
 * `--verify-audit`. */
void
yz_gateway_backend_fetch_witness_async (YzGatewayBackend *self, const char *console,
                                        GCancellable *cancellable, GAsyncReadyCallback callback,
                                        gpointer user_data)
{
  g_autofree char *escaped = g_uri_escape_string (console, NULL, FALSE);
  g_autofree char *path = g_strconcat ("/api/v1/audit/witness?console=", escaped, NULL);

  g_return_if_fail (YZ_IS_GATEWAY_BACKEND (self));

  send_request (self, "GET", path, NULL, parse_witness, (GDestroyNotify)g_ptr_array_unref,
                MAX_REPLY, self->short_deadline_ms, cancellable, callback, user_data,
                yz_gateway_backend_fetch_witness_async);
}

/**
 * yz_gateway_backend_fetch_witness_finish:
 *
 * Returns: (transfer full) (element-type YzAuditWitness): the heads, maybe none
 */
GPtrArray *
yz_gateway_backend_fetch_witness_finish (YzGatewayBackend *self, GAsyncResult *result,
                                         GError **error)
{
  return finish_pointer (self, result, error);
}
