/* yz-sim-server-routes.c
 *
 * The simulator's REST side of docs/protocol.md: log-in with the three demo accounts, the
 * state, history pages with cursors, snapshots, commands (role, rate limit, faults) and the
 * simulator-only control endpoints. The event stream and the object are in yz-sim-server.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "yz-sim-server"

#include "config.h"

#include <stdio.h>
#include <string.h>

#include "yz-event.h"
#include "yz-sim-server-private.h"

static const Account accounts[] = {
  { "observer", "observer", "observer", "值班观察员", 0 },
  { "operator", "operator", "operator", "值班员王伟", 1 },
  { "supervisor", "supervisor", "supervisor", "值班长李娜", 2 },
};

/* --- HTTP helpers -------------------------------------------------------------------- */

static void
reply_node (SoupServerMessage *msg, guint status, JsonNode *node)
{
  g_autofree char *text = json_to_string (node, FALSE);

  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "application/json; charset=utf-8", SOUP_MEMORY_COPY, text,
                                    strlen (text));
}

static void
reply_object (SoupServerMessage *msg, guint status, JsonObject *object)
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);

  json_node_set_object (node, object);
  reply_node (msg, status, node);
}

void
yz_sim_server_reply_error (SoupServerMessage *msg, guint status, const char *code,
                           const char *message)
{
  g_autoptr(JsonObject) body = json_object_new ();
  JsonObject *error = json_object_new ();

  json_object_set_string_member (error, "code", code);
  json_object_set_string_member (error, "message", message);
  json_object_set_object_member (body, "error", error);
  reply_object (msg, status, body);
}

static void
reply_gerror (SoupServerMessage *msg, GError *error)
{
  static const struct
  {
    guint status;
    const char *code;
  } map[] = {
    [YZ_SIM_ERROR_NOT_FOUND] = { 404, "not-found" },
    [YZ_SIM_ERROR_CONFLICT] = { 409, "conflict" },
    [YZ_SIM_ERROR_STATION_OFFLINE] = { 409, "station-offline" },
    [YZ_SIM_ERROR_NOT_SWITCHABLE] = { 409, "not-switchable" },
    [YZ_SIM_ERROR_INVALID] = { 422, "invalid" },
    [YZ_SIM_ERROR_EXPIRED] = { 409, "expired" },
  };

  if (error->domain == YZ_SIM_ERROR && error->code >= 0 && error->code < (int)G_N_ELEMENTS (map))
    yz_sim_server_reply_error (msg, map[error->code].status, map[error->code].code, error->message);
  else
    yz_sim_server_reply_error (msg, 500, "internal", error->message);
}

static void
reply_list (SoupServerMessage *msg, GPtrArray *items, const char *station)
{
  g_autoptr(JsonObject) body = json_object_new ();
  JsonArray *array = json_array_new ();

  for (guint i = 0; i < items->len; i++)
    {
      JsonObject *item = g_ptr_array_index (items, i);

      if (station == NULL ||
          g_strcmp0 (json_object_get_string_member (item, "station_id"), station) == 0)
        json_array_add_object_element (array, json_object_ref (item));
    }
  json_object_set_array_member (body, "items", array);
  reply_object (msg, 200, body);
}

static const char *
bearer_token (SoupServerMessage *msg, GHashTable *query)
{
  const char *header =
      soup_message_headers_get_one (soup_server_message_get_request_headers (msg), "Authorization");

  if (header != NULL && g_ascii_strncasecmp (header, "Bearer ", 7) == 0)
    return header + 7;
  if (query != NULL)
    return g_hash_table_lookup (query, "token");

  return NULL;
}

Session *
yz_sim_server_authenticate (YzSimServer *self, SoupServerMessage *msg, GHashTable *query)
{
  const char *token = bearer_token (msg, query);
  Session *session = token ? g_hash_table_lookup (self->sessions, token) : NULL;

  if (session != NULL && session->expires < g_get_real_time () / 1000)
    {
      g_hash_table_remove (self->sessions, token);
      session = NULL;
    }

  return session;
}

static JsonObject *
parse_body (SoupServerMessage *msg)
{
  SoupMessageBody *body = soup_server_message_get_request_body (msg);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GBytes) bytes = NULL;
  JsonNode *root;

  if (body == NULL || body->length == 0)
    return json_object_new ();
  bytes = soup_message_body_flatten (body);
  if (!json_parser_load_from_data (parser, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                                   NULL))
    return NULL;
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return NULL;

  return json_object_ref (json_node_get_object (root));
}

/* A member that must be a string if present: FALSE (and *value untouched) when it is not. */
static gboolean
get_string (JsonObject *object, const char *member, const char **value)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL)
    return TRUE;
  if (JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (json_node_get_value_type (node) != G_TYPE_STRING)
    return FALSE;
  *value = json_node_get_string (node);
  return TRUE;
}

static gboolean
get_int (JsonObject *object, const char *member, gint64 *value, gboolean *present)
{
  JsonNode *node = json_object_get_member (object, member);

  *present = node != NULL && !JSON_NODE_HOLDS_NULL (node);
  if (!*present)
    return TRUE;
  if (json_node_get_value_type (node) != G_TYPE_INT64)
    return FALSE;
  *value = json_node_get_int (node);
  return TRUE;
}

/* --- history with cursors ------------------------------------------------------------ */

static void
reply_history (YzSimServer *self, SoupServerMessage *msg, GHashTable *query, YzSimKind kind)
{
  GPtrArray *list = yz_sim_city_list (self->city, kind);
  const char *time_member = kind == YZ_SIM_ENTRIES ? "time" : "raised_at";
  const char *station = query ? g_hash_table_lookup (query, "station") : NULL;
  const char *person = query ? g_hash_table_lookup (query, "person") : NULL;
  const char *result = query ? g_hash_table_lookup (query, "result") : NULL;
  const char *state = query ? g_hash_table_lookup (query, "state") : NULL;
  const char *from_text = query ? g_hash_table_lookup (query, "from") : NULL;
  const char *to_text = query ? g_hash_table_lookup (query, "to") : NULL;
  const char *limit_text = query ? g_hash_table_lookup (query, "limit") : NULL;
  const char *cursor = query ? g_hash_table_lookup (query, "cursor") : NULL;
  g_autoptr(JsonObject) body = json_object_new ();
  JsonArray *items = json_array_new ();
  gint64 from = G_MININT64;
  gint64 to = G_MAXINT64;
  guint64 limit = 100;
  gint64 start = (gint64)list->len - 1;

  if ((from_text && !yz_sim_parse_time (from_text, &from)) ||
      (to_text && !yz_sim_parse_time (to_text, &to)))
    {
      json_array_unref (items);
      yz_sim_server_reply_error (msg, 400, "bad-request", "from and to must be RFC 3339 times");
      return;
    }
  if (limit_text && (!g_ascii_string_to_unsigned (limit_text, 10, 1, MAX_PAGE, &limit, NULL)))
    {
      json_array_unref (items);
      yz_sim_server_reply_error (msg, 400, "bad-request", "limit must be 1–500");
      return;
    }
  if (cursor != NULL)
    {
      /* The cursor is the id of the last item sent (ids are URL-safe); lists are in the
       * order things happened. */
      JsonObject *last = yz_sim_city_lookup (self->city, kind, cursor);

      if (last == NULL)
        {
          json_array_unref (items);
          yz_sim_server_reply_error (msg, 400, "bad-request",
                                     "The cursor is not valid (or too old)");
          return;
        }
      if (!g_ptr_array_find (list, last, (guint *)&start))
        start = -1;
      start--;
    }

  for (gint64 i = start; i >= 0; i--)
    {
      JsonObject *item = g_ptr_array_index (list, i);
      gint64 t = 0;

      yz_sim_parse_time (json_object_get_string_member (item, time_member), &t);
      if (t < from || t >= to)
        continue;
      if (station && g_strcmp0 (json_object_get_string_member (item, "station_id"), station) != 0)
        continue;
      if (person && g_strcmp0 (json_object_get_string_member_with_default (item, "person_id", NULL),
                               person) != 0)
        continue;
      if (result && g_strcmp0 (json_object_get_string_member_with_default (item, "result", NULL),
                               result) != 0)
        continue;
      if (state &&
          g_strcmp0 (json_object_get_string_member_with_default (item, "state", NULL), state) != 0)
        continue;

      if (json_array_get_length (items) == limit)
        {
          JsonObject *last_sent = json_array_get_object_element (items, limit - 1);
          json_object_set_string_member (body, "next_cursor",
                                         json_object_get_string_member (last_sent, "id"));
          break;
        }
      json_array_add_object_element (items, json_object_ref (item));
    }

  if (!json_object_has_member (body, "next_cursor"))
    json_object_set_null_member (body, "next_cursor");
  json_object_set_array_member (body, "items", items);
  reply_object (msg, 200, body);
}

/* --- routes -------------------------------------------------------------------------- */

/* The log-in reply; GET /session answers the same for the token it was asked with. */
static void
reply_session (SoupServerMessage *msg, guint status, const char *token, const Session *session)
{
  g_autoptr(JsonObject) reply = json_object_new ();
  JsonObject *op = json_object_new ();
  JsonObject *gateway = json_object_new ();
  g_autofree char *expires = yz_sim_format_time (session->expires);

  json_object_set_string_member (reply, "token", token);
  json_object_set_string_member (op, "name", session->account->name);
  json_object_set_string_member (op, "display_name", session->account->display_name);
  json_object_set_string_member (op, "role", session->account->role);
  json_object_set_object_member (reply, "operator", op);
  json_object_set_string_member (reply, "expires_at", expires);
  json_object_set_string_member (gateway, "name", "菏泽市总工会驿站网关（模拟）");
  json_object_set_string_member (gateway, "version", PACKAGE_VERSION);
  json_object_set_object_member (reply, "gateway", gateway);
  reply_object (msg, status, reply);
}

static void
handle_session (YzSimServer *self, SoupServerMessage *msg, const char *method, GHashTable *query)
{
  /* A console that kept its token asks whose it is (operator, role) before it acts. */
  if (g_str_equal (method, "GET"))
    {
      Session *session = yz_sim_server_authenticate (self, msg, query);

      if (session == NULL)
        yz_sim_server_reply_error (msg, 401, "unauthorized", "Not logged in");
      else
        reply_session (msg, 200, bearer_token (msg, query), session);
      return;
    }

  if (g_str_equal (method, "DELETE"))
    {
      const char *token = bearer_token (msg, query);

      if (token == NULL || !g_hash_table_remove (self->sessions, token))
        yz_sim_server_reply_error (msg, 401, "unauthorized", "Not logged in");
      else
        soup_server_message_set_status (msg, 204, NULL);
      return;
    }

  if (g_str_equal (method, "POST"))
    {
      g_autoptr(JsonObject) body = parse_body (msg);
      const char *name = NULL;
      const char *password = NULL;

      if (body == NULL || !get_string (body, "operator", &name) ||
          !get_string (body, "password", &password) || name == NULL || password == NULL)
        {
          yz_sim_server_reply_error (msg, 400, "bad-request",
                                     "Send {\"operator\": string, \"password\": string}");
          return;
        }

      for (guint i = 0; i < G_N_ELEMENTS (accounts); i++)
        {
          if (g_str_equal (accounts[i].name, name) && g_str_equal (accounts[i].password, password))
            {
              Session *session = g_new0 (Session, 1);
              char *token = g_strconcat (g_uuid_string_random (), NULL);
              g_autofree char *token2 = g_uuid_string_random ();

              /* 244 bits of randomness from two UUIDs, without the dashes. */
              g_autofree char *joined = g_strconcat (token, token2, NULL);
              GString *clean = g_string_new (NULL);

              for (const char *c = joined; *c; c++)
                if (*c != '-')
                  g_string_append_c (clean, *c);
              g_free (token);

              session->account = &accounts[i];
              session->expires = g_get_real_time () / 1000 + TOKEN_LIFETIME_MS;
              g_hash_table_insert (self->sessions, g_strdup (clean->str), session);

              reply_session (msg, 201, clean->str, session);
              g_string_free (clean, TRUE);
              return;
            }
        }

      yz_sim_server_reply_error (msg, 401, "bad-credentials", "Wrong operator name or password");
      return;
    }

  yz_sim_server_reply_error (msg, 404, "not-found", "No such method on /session");
}

static void
handle_state (YzSimServer *self, SoupServerMessage *msg)
{
  static const struct
  {
    YzSimKind kind;
    const char *member;
  } parts[] = {
    { YZ_SIM_STATIONS, "stations" }, { YZ_SIM_CAMERAS, "cameras" }, { YZ_SIM_DOORS, "doors" },
    { YZ_SIM_STOCK, "stock" },       { YZ_SIM_DEVICES, "devices" },
  };
  g_autoptr(JsonObject) body = json_object_new ();
  g_autofree char *time = yz_sim_format_time (yz_sim_city_now (self->city));
  JsonObject *gateway = json_object_new ();
  JsonArray *alarms = json_array_new ();
  GPtrArray *all_alarms = yz_sim_city_list (self->city, YZ_SIM_ALARMS);

  json_object_set_int_member (body, "seq", self->last_seq);
  json_object_set_string_member (body, "epoch", self->epoch);
  json_object_set_string_member (body, "time", time);
  json_object_set_string_member (gateway, "name", "菏泽市总工会驿站网关（模拟）");
  json_object_set_string_member (gateway, "version", PACKAGE_VERSION);
  json_object_set_object_member (body, "gateway", gateway);

  for (guint p = 0; p < G_N_ELEMENTS (parts); p++)
    {
      GPtrArray *list = yz_sim_city_list (self->city, parts[p].kind);
      JsonArray *array = json_array_sized_new (list->len);

      for (guint i = 0; i < list->len; i++)
        json_array_add_object_element (array, json_object_ref (g_ptr_array_index (list, i)));
      json_object_set_array_member (body, parts[p].member, array);
    }

  for (guint i = 0; i < all_alarms->len; i++)
    {
      JsonObject *alarm = g_ptr_array_index (all_alarms, i);

      if (!g_str_equal (json_object_get_string_member (alarm, "state"), "resolved"))
        json_array_add_object_element (alarms, json_object_ref (alarm));
    }
  json_object_set_array_member (body, "alarms", alarms);

  reply_object (msg, 200, body);
}

static void
reply_jpeg (SoupServerMessage *msg, GBytes *jpeg)
{
  soup_server_message_set_status (msg, 200, NULL);
  soup_server_message_set_response (msg, "image/jpeg", SOUP_MEMORY_COPY,
                                    g_bytes_get_data (jpeg, NULL), g_bytes_get_size (jpeg));
}

static void
handle_snapshot (YzSimServer *self, SoupServerMessage *msg, const char *station_name,
                 const char *person_name, gint64 time_ms, guint32 seed)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) jpeg = NULL;
  g_autoptr(GDateTime) time = g_date_time_new_from_unix_utc (time_ms / 1000);

  if (self->snapshot_func == NULL)
    {
      yz_sim_server_reply_error (msg, 503, "unavailable",
                                 "This simulator was built without snapshots");
      return;
    }

  jpeg = self->snapshot_func (station_name, person_name, time, seed, &error);
  if (jpeg == NULL)
    yz_sim_server_reply_error (msg, 500, "internal", error ? error->message : "snapshot failed");
  else
    reply_jpeg (msg, jpeg);
}

static gboolean
allowed (SoupServerMessage *msg, Session *session, int rank)
{
  if (session->account->rank >= rank)
    return TRUE;

  yz_sim_server_reply_error (msg, 403, "forbidden", "Your role may not do this");
  return FALSE;
}

static gboolean
rate_ok (SoupServerMessage *msg, Session *session)
{
  gint64 now = g_get_real_time () / 1000;

  if (now - session->window_start >= 1000)
    {
      session->window_start = now;
      session->window_count = 0;
    }
  if (++session->window_count <= COMMANDS_PER_SECOND)
    return TRUE;

  soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Retry-After", "1");
  yz_sim_server_reply_error (msg, 429, "rate-limited", "More than 20 commands a second");
  return FALSE;
}

/* The head of the console's audit chain a command carries (`Yizhan-Console`,
 * `Yizhan-Audit-Head: COUNT:HASH`) is kept per console and operator: the highest count
 * seen, a lower one never replaces it (docs/protocol.md, "The audit witness"). */
static void
keep_witness (YzSimServer *self, SoupServerMessage *msg, Session *session)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  const char *console = soup_message_headers_get_one (headers, "Yizhan-Console");
  const char *head = soup_message_headers_get_one (headers, "Yizhan-Audit-Head");
  const char *colon = head ? strchr (head, ':') : NULL;
  g_autofree char *time = NULL;
  GHashTable *by_operator;
  JsonObject *kept;
  JsonObject *seen;
  char *end = NULL;
  gint64 count;

  if (console == NULL || colon == NULL || !yz_is_id (console) || strlen (colon + 1) != 64)
    return;
  count = g_ascii_strtoll (head, &end, 10);
  if (end != colon || count < 1)
    return;
  for (const char *c = colon + 1; *c; c++)
    if (!g_ascii_isdigit (*c) && !(*c >= 'a' && *c <= 'f'))
      return;

  by_operator = g_hash_table_lookup (self->witness, console);
  if (by_operator == NULL)
    {
      by_operator = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                           (GDestroyNotify)json_object_unref);
      g_hash_table_insert (self->witness, g_strdup (console), by_operator);
    }
  kept = g_hash_table_lookup (by_operator, session->account->name);
  if (kept != NULL && json_object_get_int_member (kept, "count") > count)
    return;

  time = yz_sim_format_time (g_get_real_time () / 1000);
  seen = json_object_new ();
  json_object_set_string_member (seen, "operator", session->account->name);
  json_object_set_int_member (seen, "count", count);
  json_object_set_string_member (seen, "hash", colon + 1);
  json_object_set_string_member (seen, "time", time);
  g_hash_table_replace (by_operator, g_strdup (session->account->name), seen);
}

static void
handle_witness (YzSimServer *self, SoupServerMessage *msg, GHashTable *query)
{
  const char *console = query ? g_hash_table_lookup (query, "console") : NULL;
  g_autoptr(JsonObject) reply = NULL;
  GHashTable *by_operator;
  JsonArray *heads;

  if (console == NULL || !yz_is_id (console))
    {
      yz_sim_server_reply_error (msg, 400, "bad-request", "console (an id) is required");
      return;
    }
  reply = json_object_new ();
  heads = json_array_new ();
  json_object_set_string_member (reply, "console", console);
  json_object_set_array_member (reply, "heads", heads);
  by_operator = g_hash_table_lookup (self->witness, console);
  if (by_operator != NULL)
    {
      g_autoptr(GList) names = g_hash_table_get_keys (by_operator);

      names = g_list_sort (names, (GCompareFunc)g_strcmp0);
      for (GList *l = names; l != NULL; l = l->next)
        json_array_add_object_element (
            heads, json_object_ref (g_hash_table_lookup (by_operator, l->data)));
    }
  reply_object (msg, 200, reply);
}

static void
handle_command (YzSimServer *self, SoupServerMessage *msg, Session *session, char **parts, guint n)
{
  g_autoptr(JsonObject) body = parse_body (msg);
  g_autoptr(GError) error = NULL;
  const char *by = session->account->name;
  JsonObject *result = NULL;

  if (body == NULL)
    {
      yz_sim_server_reply_error (msg, 400, "bad-request", "The body is not a JSON object");
      return;
    }

  /* doors/{id}/commands */
  if (n == 3 && g_str_equal (parts[0], "doors") && g_str_equal (parts[2], "commands"))
    {
      const char *command = NULL;
      const char *reason = NULL;
      const char *request_id = NULL;
      const char *expires = NULL;
      gint64 expires_at = 0;
      gint64 minutes = 0;
      gboolean has_minutes;
      g_autofree char *command_id = NULL;
      g_autoptr(JsonObject) reply = NULL;

      if (!allowed (msg, session, 1) || !rate_ok (msg, session))
        return;
      if (!get_string (body, "command", &command) || !get_string (body, "reason", &reason) ||
          !get_int (body, "minutes", &minutes, &has_minutes) || command == NULL ||
          !get_string (body, "request_id", &request_id) ||
          !get_string (body, "expires_at", &expires) ||
          (expires != NULL && !yz_sim_parse_time (expires, &expires_at)))
        {
          yz_sim_server_reply_error (msg, 400, "bad-request",
                                     "command (string), reason (string), minutes (integer), "
                                     "request_id (string) and expires_at (time) expected");
          return;
        }
      if (request_id != NULL && !yz_is_id (request_id))
        {
          yz_sim_server_reply_error (msg, 422, "invalid",
                                     "request_id must be 1–64 of A-Z a-z 0-9 _ -");
          return;
        }
      if (has_minutes && (minutes < G_MININT || minutes > G_MAXINT))
        minutes = -1;
      command_id =
          yz_sim_city_door_command (self->city, parts[1], command, has_minutes ? (int)minutes : 0,
                                    reason, by, request_id, expires_at, &error);
      if (command_id == NULL)
        {
          reply_gerror (msg, error);
          return;
        }
      reply = json_object_new ();
      json_object_set_string_member (reply, "command_id", command_id);
      reply_object (msg, 202, reply);
      return;
    }

  /* alarms/{id}/{action} */
  if (n == 3 && g_str_equal (parts[0], "alarms"))
    {
      const char *to = NULL;
      const char *category = NULL;
      const char *note = NULL;

      if (!allowed (msg, session, 1) || !rate_ok (msg, session))
        return;
      if (!get_string (body, "to", &to) || !get_string (body, "category", &category) ||
          !get_string (body, "note", &note))
        {
          yz_sim_server_reply_error (msg, 400, "bad-request",
                                     "to, category and note must be strings");
          return;
        }
      result =
          yz_sim_city_alarm_action (self->city, parts[1], parts[2], by, to, category, note, &error);
    }
  else if (n == 3 && g_str_equal (parts[0], "stock") && g_str_equal (parts[2], "restock"))
    {
      gint64 quantity = 0;
      gboolean has_quantity;
      const char *note = NULL;

      if (!allowed (msg, session, 1) || !rate_ok (msg, session))
        return;
      if (!get_int (body, "quantity", &quantity, &has_quantity) ||
          !get_string (body, "note", &note) || !has_quantity)
        {
          yz_sim_server_reply_error (msg, 400, "bad-request", "quantity (integer) is required");
          return;
        }
      if (note != NULL && g_utf8_strlen (note, -1) > 200)
        {
          yz_sim_server_reply_error (msg, 422, "invalid", "note is longer than 200 characters");
          return;
        }
      result =
          yz_sim_city_restock (self->city, parts[1], (int)CLAMP (quantity, -1, 100000), &error);
    }
  else if (n == 3 && g_str_equal (parts[0], "stock") && g_str_equal (parts[2], "threshold"))
    {
      gint64 threshold = 0;
      gboolean has_threshold;

      if (!allowed (msg, session, 2) || !rate_ok (msg, session))
        return;
      if (!get_int (body, "low_threshold", &threshold, &has_threshold) || !has_threshold)
        {
          yz_sim_server_reply_error (msg, 400, "bad-request",
                                     "low_threshold (integer) is required");
          return;
        }
      result = yz_sim_city_set_threshold (self->city, parts[1], (int)CLAMP (threshold, -1, 1000000),
                                          &error);
    }
  else if (n == 3 && g_str_equal (parts[0], "devices") && g_str_equal (parts[2], "power"))
    {
      JsonNode *on = json_object_get_member (body, "on");

      if (!allowed (msg, session, 1) || !rate_ok (msg, session))
        return;
      if (on == NULL || json_node_get_value_type (on) != G_TYPE_BOOLEAN)
        {
          yz_sim_server_reply_error (msg, 400, "bad-request", "on (boolean) is required");
          return;
        }
      result = yz_sim_city_device_power (self->city, parts[1], json_node_get_boolean (on), &error);
    }
  else
    {
      yz_sim_server_reply_error (msg, 404, "not-found", "No such command");
      return;
    }

  if (result == NULL)
    reply_gerror (msg, error);
  else
    reply_object (msg, 200, result);
}

static void
handle_control (YzSimServer *self, SoupServerMessage *msg, const char *what)
{
  g_autoptr(JsonObject) body = parse_body (msg);
  g_autoptr(GError) error = NULL;
  const char *station_id = NULL;
  const char *camera_id = NULL;
  const char *type = NULL;
  const char *result = NULL;
  JsonObject *made = NULL;

  if (body == NULL || !get_string (body, "station_id", &station_id) ||
      !get_string (body, "camera_id", &camera_id) || !get_string (body, "type", &type) ||
      !get_string (body, "result", &result))
    {
      yz_sim_server_reply_error (msg, 400, "bad-request",
                                 "The body is not a JSON object of the expected shape");
      return;
    }

  if (g_str_equal (what, "alarm"))
    made = yz_sim_city_raise_alarm (self->city, station_id, type, camera_id, &error);
  else if (g_str_equal (what, "entry"))
    made = yz_sim_city_make_entry (self->city, station_id, result, &error);
  else if (g_str_equal (what, "camera") || g_str_equal (what, "station"))
    {
      JsonNode *online = json_object_get_member (body, "online");
      gint64 seconds = 0;
      gboolean has_seconds;
      gboolean ok;

      if (online == NULL || json_node_get_value_type (online) != G_TYPE_BOOLEAN ||
          !get_int (body, "seconds", &seconds, &has_seconds))
        {
          yz_sim_server_reply_error (msg, 400, "bad-request",
                                     "online (boolean) is required; seconds is an integer");
          return;
        }
      if (g_str_equal (what, "camera"))
        ok = yz_sim_city_set_camera_online (self->city, camera_id, json_node_get_boolean (online),
                                            (guint)CLAMP (seconds, 0, 86400), &error);
      else
        ok = yz_sim_city_set_station_online (self->city, station_id, json_node_get_boolean (online),
                                             &error);
      if (!ok)
        reply_gerror (msg, error);
      else
        soup_server_message_set_status (msg, 204, NULL);
      return;
    }
  else if (g_str_equal (what, "burst"))
    {
      gint64 count = 0;
      gboolean has_count;

      if (!get_int (body, "count", &count, &has_count) || !has_count || count < 1 ||
          count > 1000000)
        {
          yz_sim_server_reply_error (msg, 422, "invalid", "count must be 1–1000000");
          return;
        }
      yz_sim_city_burst (self->city, (guint)count);
      soup_server_message_set_status (msg, 204, NULL);
      return;
    }
  else if (g_str_equal (what, "new-epoch"))
    {
      g_autoptr(JsonObject) reply = json_object_new ();

      yz_sim_server_new_epoch (self);
      json_object_set_string_member (reply, "epoch", self->epoch);
      json_object_set_int_member (reply, "last_seq", self->last_seq);
      reply_object (msg, 200, reply);
      return;
    }
  else if (g_str_equal (what, "faults"))
    {
      YzSimFaults faults = self->faults;
      JsonNode *node;

      if ((node = json_object_get_member (body, "fault_malformed")))
        faults.fault_malformed = json_node_get_double (node);
      if ((node = json_object_get_member (body, "fault_unknown")))
        faults.fault_unknown = json_node_get_double (node);
      if ((node = json_object_get_member (body, "fault_http_500")))
        faults.fault_http_500 = json_node_get_double (node);
      if ((node = json_object_get_member (body, "fault_latency_ms")))
        faults.fault_latency_ms = (guint)CLAMP (json_node_get_int (node), 0, 60000);
      if ((node = json_object_get_member (body, "fault_ws_close_every")))
        faults.fault_ws_close_every = (guint)CLAMP (json_node_get_int (node), 0, 86400);
      if ((node = json_object_get_member (body, "fault_door_delay_ms")))
        faults.fault_door_delay_ms = (guint)CLAMP (json_node_get_int (node), 0, 600000);
      yz_sim_server_set_faults (self, &faults);
      soup_server_message_set_status (msg, 204, NULL);
      return;
    }
  else
    {
      yz_sim_server_reply_error (msg, 404, "not-found", "No such control");
      return;
    }

  if (made == NULL)
    reply_gerror (msg, error);
  else
    reply_object (msg, 201, made);
}

static void
dispatch (YzSimServer *self, SoupServerMessage *msg, const char *path, GHashTable *query)
{
  const char *method = soup_server_message_get_method (msg);
  g_auto(GStrv) parts = NULL;
  Session *session;
  guint n;

  if (!g_str_has_prefix (path, "/api/v1/"))
    {
      yz_sim_server_reply_error (msg, 404, "not-found", "Paths start with /api/v1/");
      return;
    }
  parts = g_strsplit (path + strlen ("/api/v1/"), "/", -1);
  n = g_strv_length (parts);
  while (n > 0 && parts[n - 1][0] == '\0')
    g_clear_pointer (&parts[--n], g_free);

  if (n == 1 && g_str_equal (parts[0], "session"))
    {
      handle_session (self, msg, method, query);
      return;
    }

  session = yz_sim_server_authenticate (self, msg, query);
  if (session == NULL)
    {
      yz_sim_server_reply_error (msg, 401, "unauthorized", "Log in first: POST /api/v1/session");
      return;
    }

  if (n == 2 && g_str_equal (parts[0], "_control"))
    {
      if (!self->control)
        yz_sim_server_reply_error (msg, 404, "not-found", "Control endpoints need --control");
      else if (allowed (msg, session, 1))
        handle_control (self, msg, parts[1]);
      return;
    }

  if (self->faults.fault_http_500 > 0 && g_rand_double (self->rand) < self->faults.fault_http_500)
    {
      yz_sim_server_reply_error (msg, 500, "internal", "fault: simulated server error");
      return;
    }

  if (g_str_equal (method, "POST") || g_str_equal (method, "PUT"))
    {
      keep_witness (self, msg, session);
      handle_command (self, msg, session, parts, n);
      return;
    }

  if (!g_str_equal (method, "GET") && !g_str_equal (method, "HEAD"))
    {
      yz_sim_server_reply_error (msg, 404, "not-found", "No such method");
      return;
    }

  if (n == 1 && g_str_equal (parts[0], "state"))
    handle_state (self, msg);
  else if (n == 2 && g_str_equal (parts[0], "audit") && g_str_equal (parts[1], "witness"))
    handle_witness (self, msg, query);
  else if (n == 1 && g_str_equal (parts[0], "entries"))
    reply_history (self, msg, query, YZ_SIM_ENTRIES);
  else if (n == 1 && g_str_equal (parts[0], "alarms"))
    reply_history (self, msg, query, YZ_SIM_ALARMS);
  else if ((n == 1 || n == 2) &&
           (g_str_equal (parts[0], "stations") || g_str_equal (parts[0], "cameras") ||
            g_str_equal (parts[0], "doors") || g_str_equal (parts[0], "stock") ||
            g_str_equal (parts[0], "devices")))
    {
      YzSimKind kind = g_str_equal (parts[0], "stations")  ? YZ_SIM_STATIONS
                       : g_str_equal (parts[0], "cameras") ? YZ_SIM_CAMERAS
                       : g_str_equal (parts[0], "doors")   ? YZ_SIM_DOORS
                       : g_str_equal (parts[0], "stock")   ? YZ_SIM_STOCK
                                                           : YZ_SIM_DEVICES;

      if (n == 1)
        reply_list (msg, yz_sim_city_list (self->city, kind),
                    query ? g_hash_table_lookup (query, "station") : NULL);
      else
        {
          JsonObject *object = yz_sim_city_lookup (self->city, kind, parts[1]);

          if (object == NULL)
            yz_sim_server_reply_error (msg, 404, "not-found", "No such id");
          else
            reply_object (msg, 200, object);
        }
    }
  else if (n == 2 && g_str_equal (parts[0], "snapshots"))
    {
      JsonObject *entry = yz_sim_city_snapshot_entry (self->city, parts[1]);
      JsonObject *station;
      gint64 t = 0;

      if (entry == NULL)
        {
          yz_sim_server_reply_error (msg, 404, "not-found", "No such snapshot");
          return;
        }
      station = yz_sim_city_lookup (self->city, YZ_SIM_STATIONS,
                                    json_object_get_string_member (entry, "station_id"));
      yz_sim_parse_time (json_object_get_string_member (entry, "time"), &t);
      handle_snapshot (self, msg, json_object_get_string_member (station, "name"),
                       json_object_get_string_member_with_default (entry, "person_name", NULL), t,
                       g_str_hash (parts[1]));
    }
  else if (n == 3 && g_str_equal (parts[0], "cameras") && g_str_equal (parts[2], "snapshot"))
    {
      JsonObject *camera = yz_sim_city_lookup (self->city, YZ_SIM_CAMERAS, parts[1]);
      JsonObject *station;

      if (camera == NULL)
        {
          yz_sim_server_reply_error (msg, 404, "not-found", "No such camera");
          return;
        }
      station = yz_sim_city_lookup (self->city, YZ_SIM_STATIONS,
                                    json_object_get_string_member (camera, "station_id"));
      handle_snapshot (self, msg, json_object_get_string_member (station, "name"), NULL,
                       yz_sim_city_now (self->city), g_str_hash (parts[1]));
    }
  else
    {
      yz_sim_server_reply_error (msg, 404, "not-found", "No such path");
    }
}

typedef struct
{
  YzSimServer *server;
  SoupServerMessage *msg;
  char *path;
  GHashTable *query;
} Delayed;

static gboolean
delayed_cb (gpointer data)
{
  Delayed *delayed = data;

  dispatch (delayed->server, delayed->msg, delayed->path, delayed->query);
  soup_server_message_unpause (delayed->msg);

  g_object_unref (delayed->msg);
  g_free (delayed->path);
  g_clear_pointer (&delayed->query, g_hash_table_unref);
  g_free (delayed);

  return G_SOURCE_REMOVE;
}

void
yz_sim_server_handle_request (SoupServer *soup, SoupServerMessage *msg, const char *path,
                              GHashTable *query, gpointer user_data)
{
  YzSimServer *self = user_data;

  if (self->faults.fault_latency_ms > 0)
    {
      Delayed *delayed = g_new0 (Delayed, 1);

      delayed->server = self;
      delayed->msg = g_object_ref (msg);
      delayed->path = g_strdup (path);
      delayed->query = query ? g_hash_table_ref (query) : NULL;
      soup_server_message_pause (msg);
      g_timeout_add (self->faults.fault_latency_ms, delayed_cb, delayed);
      return;
    }

  dispatch (self, msg, path, query);
}
