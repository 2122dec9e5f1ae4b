/* yz-sim-server.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <libsoup/soup.h>

#include "yz-sim-city.h"

G_BEGIN_DECLS

typedef struct
{
  double fault_malformed;     /* share of events sent malformed first */
  double fault_unknown;       /* share of extra events of an unknown type */
  double fault_http_500;      /* share of REST requests answered 500 */
  guint fault_latency_ms;     /* added to every REST reply */
  guint fault_ws_close_every; /* seconds; 0 = never */
  guint fault_door_delay_ms;  /* every door answers after this long; 0 = 0.2–1.5 s */
} YzSimFaults;

#define YZ_TYPE_SIM_SERVER (yz_sim_server_get_type ())
G_DECLARE_FINAL_TYPE (YzSimServer, yz_sim_server, YZ, SIM_SERVER, GObject)

typedef GBytes *(*YzSimSnapshotFunc) (const char *station_name, const char *person_name,
                                      GDateTime *time, guint32 seed, GError **error);
typedef void (*YzSimCameraFunc) (const char *camera_id, gboolean online, gpointer user_data);

YzSimServer *yz_sim_server_new (YzSimCity *city, guint replay_window, gboolean control);
void yz_sim_server_set_faults (YzSimServer *self, const YzSimFaults *faults);
void yz_sim_server_set_media (YzSimServer *self, YzSimSnapshotFunc snapshot_func,
                              YzSimCameraFunc camera_func, gpointer camera_data);
gboolean yz_sim_server_set_journal (YzSimServer *self, const char *path, GError **error);
gboolean yz_sim_server_listen (YzSimServer *self, guint port, GTlsCertificate *certificate,
                               GError **error);
guint yz_sim_server_get_port (YzSimServer *self);
gint64 yz_sim_server_get_last_seq (YzSimServer *self);
void yz_sim_server_set_epoch (YzSimServer *self, const char *epoch);
const char *yz_sim_server_get_epoch (YzSimServer *self);
void yz_sim_server_new_epoch (YzSimServer *self);
void yz_sim_server_shutdown (YzSimServer *self);

G_END_DECLS
