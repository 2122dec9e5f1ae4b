/* yz-sim-server-private.h
 *
 * What the simulator's server shares between its files: yz-sim-server.c (the event stream,
 * the replay window, the object) and yz-sim-server-routes.c (the REST routes, log-in,
 * history pages, commands and the control endpoints).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <stdio.h>

#include "yz-sim-server.h"

G_BEGIN_DECLS

#define COMMANDS_PER_SECOND 20
#define TOKEN_LIFETIME_MS (12 * 3600 * 1000)
#define HEARTBEAT_SECONDS 5
#define MAX_PAGE 500

typedef struct
{
  const char *name;
  const char *password;
  const char *role;
  const char *display_name;
  int rank;
} Account;

typedef struct
{
  const Account *account;
  gint64 expires;      /* real ms */
  gint64 window_start; /* real ms, for the command rate limit */
  guint window_count;
} Session;

typedef struct
{
  YzSimServer *server;
  SoupWebsocketConnection *conn;
  gint64 sent_seq;
  gboolean closed;
} Client;

struct _YzSimServer
{
  GObject parent_instance;

  YzSimCity *city;
  SoupServer *soup;
  guint port;
  gboolean control;

  GHashTable *sessions; /* token -> Session */
  GHashTable *witness;  /* console id -> (operator -> JsonObject head): docs/protocol.md */
  GPtrArray *clients;   /* Client */

  char *epoch;    /* the sequence's epoch: made at start, or --epoch; new on _control/new-epoch */
  GPtrArray *log; /* serialised events; log[0] has seq oldest_seq */
  gint64 oldest_seq;
  gint64 last_seq;
  guint replay_window;
  GPtrArray *batch;      /* non-NULL: the log has news for the next idle */
  GHashTable *malformed; /* seq -> the malformed twin sent just before it */
  guint flush_id;

  FILE *journal;
  gint64 journal_seq; /* the last seq written to the journal */
  YzSimFaults faults;
  guint heartbeat_id;
  guint ws_close_id;
  GRand *rand;

  YzSimSnapshotFunc snapshot_func;
  YzSimCameraFunc camera_func;
  gpointer camera_data;
};

void yz_sim_server_reply_error (SoupServerMessage *msg, guint status, const char *code,
                                const char *message);
Session *yz_sim_server_authenticate (YzSimServer *self, SoupServerMessage *msg, GHashTable *query);
void yz_sim_server_handle_request (SoupServer *soup, SoupServerMessage *msg, const char *path,
                                   GHashTable *query, gpointer user_data);

G_END_DECLS
