/* yz-soak.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A soak: the simulator with every fault on, the console's session headless, for a while. */
typedef struct
{
  guint stations;
  guint seconds;       /* how long the faults run */
  double speed;        /* the simulator's clock; 1: real time */
  guint burst_every_s; /* a burst of burst_size events this often; 0: none */
  guint burst_size;
  guint new_epoch_at_s; /* the gateway starts a new sequence then (0: never) */
  guint sample_every_s; /* the console's RSS is sampled this often */
  gboolean progress;    /* print a line per sample */
} YzSoakOptions;

typedef struct
{
  /* The comparison of the gateway's journal with the console's store. */
  guint n_sent;         /* events of the types the console knows, as journaled */
  guint n_stored;       /* of those, stored once */
  guint n_missing;      /* sent and not stored */
  guint n_extra;        /* stored and never sent */
  guint n_entries_sent; /* entries journaled */
  guint n_entries_missing;
  gint64 gateway_last_seq; /* of the current sequence */
  gint64 stored_last_seq;
  guint n_epochs; /* sequences the gateway went through */
  /* What the faults did. */
  guint n_connects;
  guint n_malformed;
  guint n_unknown;
  guint n_bursts;
  guint n_camera_drops;
  guint n_station_flaps;
  /* The console. */
  gint64 longest_stall_us;  /* the longest the main loop was away, beyond its tick */
  gint64 baseline_stall_us; /* the same, measured before the session started */
  GArray *rss_kb;           /* guint64 per sample */
  double seconds;           /* wall time of the fault phase */
} YzSoakResult;

void yz_soak_run (const YzSoakOptions *options, YzSoakResult *result);
void yz_soak_result_clear (YzSoakResult *result);
void yz_soak_result_print (const YzSoakResult *result);

G_END_DECLS
