/* yz-stream.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "yz-stream-paintable.h"
#include "yz-url.h"

G_BEGIN_DECLS

typedef enum
{
  YZ_STREAM_IDLE,
  YZ_STREAM_CONNECTING,
  YZ_STREAM_PLAYING,
  YZ_STREAM_STALLED,
  YZ_STREAM_RECONNECTING,
  YZ_STREAM_FAILED,
} YzStreamState;

typedef enum
{
  YZ_STREAM_PROBLEM_NONE,
  YZ_STREAM_PROBLEM_UNAUTHORIZED,
  YZ_STREAM_PROBLEM_NOT_FOUND,
  YZ_STREAM_PROBLEM_UNREACHABLE,
  YZ_STREAM_PROBLEM_UNSUPPORTED,
  YZ_STREAM_PROBLEM_ENDED,
  YZ_STREAM_PROBLEM_STALLED,
  YZ_STREAM_PROBLEM_OTHER,
} YzStreamProblem;

typedef struct
{
  double fps;        /* frames decoded per second, last second */
  guint64 frames;    /* decoded since play */
  guint64 dropped;   /* decoded but replaced before they were shown */
  double kbps;       /* encoded bitrate, last second */
  int width, height; /* as decoded (before scaling) */
  char codec[64];    /* the decoder, e.g. "avdec_h264" */
} YzStreamStats;

#define YZ_TYPE_STREAM_STATE (yz_stream_state_get_type ())
GType yz_stream_state_get_type (void) G_GNUC_CONST;

#define YZ_TYPE_STREAM (yz_stream_get_type ())
G_DECLARE_FINAL_TYPE (YzStream, yz_stream, YZ, STREAM, GObject)

YzStream *yz_stream_new (const char *uri);
const char *yz_stream_get_uri (YzStream *self);
void yz_stream_set_size (YzStream *self, int width, int height);
void yz_stream_get_size (YzStream *self, int *width, int *height);
void yz_stream_set_decoder_threads (YzStream *self, guint threads);
void yz_stream_set_latency (YzStream *self, guint ms);
void yz_stream_set_tcp (YzStream *self, gboolean tcp);
void yz_stream_set_credentials (YzStream *self, const char *user, const char *password);
void yz_stream_set_persistent (YzStream *self, gboolean persistent);
void yz_stream_play (YzStream *self);
void yz_stream_stop (YzStream *self);
YzStreamState yz_stream_get_state (YzStream *self);
YzStreamProblem yz_stream_get_problem (YzStream *self);
const char *yz_stream_get_message (YzStream *self);
YzStreamPaintable *yz_stream_get_paintable (YzStream *self);
void yz_stream_get_stats (YzStream *self, YzStreamStats *stats);
void yz_stream_set_timing (YzStream *self, guint stall_ms, guint reconnect_after_stall_ms,
                           guint max_backoff_ms);

G_END_DECLS
