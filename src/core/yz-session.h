/* yz-session.h
 *
 * The one object the UI talks to: the connection, the operator, the list models and the
 * actions. It keeps the local store faithful to the gateway.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "yz-alarm-review.h"
#include "yz-backend.h"
#include "yz-city.h"
#include "yz-entry-model.h"
#include "yz-items.h"
#include "yz-store.h"

G_BEGIN_DECLS

#define YZ_SESSION_ERROR (yz_session_error_quark ())

typedef enum
{
  YZ_SESSION_ERROR_DISCONNECTED,    /* not connected: nothing was sent */
  YZ_SESSION_ERROR_NOT_ALLOWED,     /* the operator's role may not do this */
  YZ_SESSION_ERROR_INVALID,         /* a reason or note is missing, a value out of range */
  YZ_SESSION_ERROR_NO_AUDIT,        /* the audit row could not be written, so nothing was sent */
  YZ_SESSION_ERROR_NO_ANSWER,       /* no longer given: a door that does not answer in time is
                                       YZ_SESSION_ERROR_OUTCOME_UNKNOWN */
  YZ_SESSION_ERROR_FAILED,          /* the door or gateway answered that it failed */
  YZ_SESSION_ERROR_OUTCOME_UNKNOWN, /* a door command: no answer in time, or the reply lost;
                                       it may have been carried out */
  YZ_SESSION_ERROR_EXPIRED,         /* a door command not carried out: its expiry came first */
} YzSessionError;

#define YZ_TYPE_SESSION (yz_session_get_type ())
G_DECLARE_FINAL_TYPE (YzSession, yz_session, YZ, SESSION, GObject)

GQuark yz_session_error_quark (void);
YzSession *yz_session_new (YzStore *store, YzBackend *backend);
void yz_session_start (YzSession *self, const char *operator_name, const char *password,
                       const char *token);
void yz_session_stop (YzSession *self);

YzConnectionState yz_session_get_connection_state (YzSession *self);
const char *yz_session_get_status (YzSession *self);
const char *yz_session_get_problem (YzSession *self);
gint64 yz_session_get_disconnected_since (YzSession *self);
gint64 yz_session_get_next_attempt (YzSession *self);
gboolean yz_session_retry_now (YzSession *self);
const char *yz_session_get_operator_name (YzSession *self);
const char *yz_session_get_display_name (YzSession *self);
YzRole yz_session_get_role (YzSession *self);
const char *yz_session_get_gateway_name (YzSession *self);
guint yz_session_get_n_unacknowledged (YzSession *self);
gint64 yz_session_get_last_seq (YzSession *self);
const char *yz_session_get_recording_problem (YzSession *self);
YzStore *yz_session_get_store (YzSession *self);
YzBackend *yz_session_get_backend (YzSession *self);
YzCity *yz_session_get_city (YzSession *self);

GListModel *yz_session_get_stations (YzSession *self);
GListModel *yz_session_get_cameras (YzSession *self);
GListModel *yz_session_get_alarms (YzSession *self);
GListModel *yz_session_get_stock (YzSession *self);
GListModel *yz_session_get_devices (YzSession *self);
YzEntryModel *yz_session_get_entries (YzSession *self);
YzStation *yz_session_lookup_station (YzSession *self, const char *id);
YzAlarm *yz_session_lookup_alarm (YzSession *self, const char *id);
YzDoor *yz_session_lookup_door (YzSession *self, const char *id);
YzStock *yz_session_lookup_stock (YzSession *self, const char *id);
YzDevice *yz_session_lookup_device (YzSession *self, const char *id);

void yz_session_set_derive_timing (YzSession *self, guint check_ms, guint station_silent_ms,
                                   guint grace_ms);
void yz_session_set_journal_retention (YzSession *self, gint64 keep_ms);
guint yz_session_prune_journal (YzSession *self);
void yz_session_set_door_timeout (YzSession *self, guint ms);
void yz_session_set_door_expiry (YzSession *self, guint ms);

void yz_session_door_command_async (YzSession *self, YzDoor *door, const char *command, int minutes,
                                    const char *reason, GCancellable *cancellable,
                                    GAsyncReadyCallback callback, gpointer user_data);
gboolean yz_session_door_command_finish (YzSession *self, GAsyncResult *result, GError **error);
void yz_session_alarm_action_async (YzSession *self, YzAlarm *alarm, YzAlarmAction action,
                                    const char *to, const char *category, const char *note,
                                    GCancellable *cancellable, GAsyncReadyCallback callback,
                                    gpointer user_data);
gboolean yz_session_alarm_action_finish (YzSession *self, GAsyncResult *result, GError **error);
void yz_session_restock_async (YzSession *self, YzStock *stock, gint64 quantity, const char *note,
                               GCancellable *cancellable, GAsyncReadyCallback callback,
                               gpointer user_data);
void yz_session_set_threshold_async (YzSession *self, YzStock *stock, gint64 threshold,
                                     GCancellable *cancellable, GAsyncReadyCallback callback,
                                     gpointer user_data);
gboolean yz_session_stock_finish (YzSession *self, GAsyncResult *result, GError **error);
void yz_session_device_power_async (YzSession *self, YzDevice *device, gboolean on,
                                    GCancellable *cancellable, GAsyncReadyCallback callback,
                                    gpointer user_data);
gboolean yz_session_device_power_finish (YzSession *self, GAsyncResult *result, GError **error);
void yz_session_fetch_snapshot_async (YzSession *self, const char *snapshot_id,
                                      GCancellable *cancellable, GAsyncReadyCallback callback,
                                      gpointer user_data);
GBytes *yz_session_fetch_snapshot_finish (YzSession *self, GAsyncResult *result, GError **error);

void yz_session_fetch_camera_snapshot_async (YzSession *self, YzCamera *camera,
                                             GCancellable *cancellable,
                                             GAsyncReadyCallback callback, gpointer user_data);
GBytes *yz_session_fetch_camera_snapshot_finish (YzSession *self, GAsyncResult *result,
                                                 GError **error);

GPtrArray *yz_session_get_alarm_history (YzSession *self, const char *alarm_id);

typedef struct _YzIncident YzIncident;
GHashTable *yz_session_get_incident_links (YzSession *self);
YzIncident *yz_session_incident_for_alarm (YzSession *self, YzAlarm *alarm);
void yz_session_set_incident_window (YzSession *self, gint64 window_ms);
gint64 yz_session_get_incident_window (YzSession *self);
gboolean yz_session_merge_incidents (YzSession *self, GPtrArray *alarms, GError **error);
gboolean yz_session_split_alarm (YzSession *self, YzAlarm *alarm, GError **error);

GListModel *yz_session_load_alarm_history (YzSession *self, gint64 since_ms, guint limit);

void yz_session_entries_changed (YzSession *self);
void yz_session_fill_history_async (YzSession *self, guint days, GCancellable *cancellable,
                                    GAsyncReadyCallback callback, gpointer user_data);
gboolean yz_session_fill_history_finish (YzSession *self, GAsyncResult *result, GError **error);

G_END_DECLS
