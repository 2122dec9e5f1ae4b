/* yz-event-stream.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <libsoup/soup.h>

#include "yz-enums.h"
#include "yz-event.h"

G_BEGIN_DECLS

#define YZ_TYPE_EVENT_STREAM (yz_event_stream_get_type ())
G_DECLARE_FINAL_TYPE (YzEventStream, yz_event_stream, YZ, EVENT_STREAM, GObject)

YzEventStream *yz_event_stream_new (SoupSession *session, const char *base_url, const char *token);
void yz_event_stream_start (YzEventStream *self, gint64 after);
void yz_event_stream_stop (YzEventStream *self);
void yz_event_stream_reconnect_now (YzEventStream *self);
gint64 yz_event_stream_get_next_attempt (YzEventStream *self);
void yz_event_stream_set_token (YzEventStream *self, const char *token);
void yz_event_stream_set_epoch (YzEventStream *self, const char *epoch);
YzConnectionState yz_event_stream_get_state (YzEventStream *self);
const char *yz_event_stream_get_status (YzEventStream *self);
gint64 yz_event_stream_get_last_seq (YzEventStream *self);
void yz_event_stream_set_silence_timeout (YzEventStream *self, guint ms);
void yz_event_stream_set_max_backoff (YzEventStream *self, guint ms);
void yz_event_stream_set_handshake_timeout (YzEventStream *self, guint ms);
guint yz_event_stream_get_n_malformed (YzEventStream *self);
guint yz_event_stream_get_n_unknown (YzEventStream *self);
guint yz_event_stream_get_n_duplicates (YzEventStream *self);
guint yz_event_stream_get_n_connects (YzEventStream *self);
guint yz_event_stream_get_n_refused_seqs (YzEventStream *self);

G_END_DECLS
