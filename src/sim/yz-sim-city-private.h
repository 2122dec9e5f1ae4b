/* yz-sim-city-private.h
 *
 * What the simulated city shares between yz-sim-city.c (its make-up and its life) and
 * yz-sim-city-commands.c (the commands it obeys).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "yz-sim-city.h"

G_BEGIN_DECLS

typedef enum
{
  PENDING_DOOR_LOCK,
  PENDING_DOOR_NORMAL,
  PENDING_LEAVE,
  PENDING_RESTOCK,
  PENDING_CAMERA_ONLINE,
  PENDING_STATION_ONLINE,
} PendingKind;

typedef struct
{
  gint64 at; /* simulated ms */
  PendingKind kind;
  char *id;
} Pending;

struct _YzSimCity
{
  GObject parent_instance;

  GRand *rand;
  double speed;
  gint64 start_real_ms;
  gint64 start_mono_us;
  gint64 last_tick;

  GPtrArray *lists[YZ_SIM_N_KINDS];
  GHashTable *index[YZ_SIM_N_KINDS];
  GHashTable *snapshots;        /* snapshot id -> entry */
  GHashTable *stock_low_raised; /* stock id -> alarm raised and not restocked */
  GPtrArray *people;            /* JsonObject {id, name, occupation} */
  GArray *pending;              /* Pending */

  guint next_entry;
  guint next_alarm;
  guint next_command;
  guint tick_id;
  guint door_delay_ms;       /* 0: a door answers in 0.2–1.5 s */
  GHashTable *door_requests; /* request_id -> DoorRequest (yz-sim-city-commands.c) */
};

void yz_sim_set_time_member (JsonObject *object, const char *member, gint64 ms);
JsonObject *yz_sim_city_new_event (YzSimCity *self, const char *type, const char *station_id);
void yz_sim_city_emit (YzSimCity *self, JsonObject *event);
void yz_sim_city_schedule (YzSimCity *self, gint64 at, PendingKind kind, const char *id);
void yz_sim_city_set_door_state (YzSimCity *self, JsonObject *door, const char *state,
                                 const char *mode);
void yz_sim_city_forget_door_requests (YzSimCity *self);
void yz_sim_city_set_stock_level (YzSimCity *self, JsonObject *stock, gint64 level);

G_END_DECLS
