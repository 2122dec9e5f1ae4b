/* yz-backend.h
 *
 * What the session needs from a gateway: log in, load state, follow events, send commands,
 * fetch pictures. YzGatewayBackend speaks docs/protocol.md over HTTP(S) and WebSocket.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "yz-enums.h"
#include "yz-event.h"

G_BEGIN_DECLS

#define YZ_BACKEND_ERROR (yz_backend_error_quark ())

typedef enum
{
  YZ_BACKEND_ERROR_BAD_CREDENTIALS, /* wrong operator name or password */
  YZ_BACKEND_ERROR_UNAUTHORIZED,    /* no, unknown or expired token */
  YZ_BACKEND_ERROR_FORBIDDEN,       /* the role is too low */
  YZ_BACKEND_ERROR_NOT_FOUND,
  YZ_BACKEND_ERROR_CONFLICT, /* does not fit the current state (also station offline, not
                                switchable) */
  YZ_BACKEND_ERROR_INVALID,  /* a value out of range */
  YZ_BACKEND_ERROR_RATE_LIMITED,
  YZ_BACKEND_ERROR_UNAVAILABLE, /* the gateway failed (5xx) */
  YZ_BACKEND_ERROR_BAD_REPLY,   /* the reply is not what the protocol says */
  YZ_BACKEND_ERROR_NETWORK,     /* cannot reach the gateway */
  YZ_BACKEND_ERROR_CERTIFICATE, /* TLS: not trusted, or not the pinned certificate */
  YZ_BACKEND_ERROR_EXPIRED,     /* a door command arrived after its expiry: not carried out */
} YzBackendError;

typedef enum
{
  YZ_ALARM_ACTION_ACKNOWLEDGE,
  YZ_ALARM_ACTION_ASSIGN,
  YZ_ALARM_ACTION_RESOLVE,
  YZ_ALARM_ACTION_REOPEN,
} YzAlarmAction;

#define YZ_TYPE_BACKEND (yz_backend_get_type ())
G_DECLARE_INTERFACE (YzBackend, yz_backend, YZ, BACKEND, GObject)

struct _YzBackendInterface
{
  GTypeInterface parent_iface;

  void (*log_in_async) (YzBackend *self, const char *operator_name, const char *password,
                        GCancellable *cancellable, GAsyncReadyCallback callback,
                        gpointer user_data);
  YzLoginData *(*log_in_finish) (YzBackend *self, GAsyncResult *result, GError **error);
  void (*resume_async) (YzBackend *self, GCancellable *cancellable, GAsyncReadyCallback callback,
                        gpointer user_data);
  YzLoginData *(*resume_finish) (YzBackend *self, GAsyncResult *result, GError **error);
  void (*load_state_async) (YzBackend *self, GCancellable *cancellable,
                            GAsyncReadyCallback callback, gpointer user_data);
  YzStateData *(*load_state_finish) (YzBackend *self, GAsyncResult *result, GError **error);
  void (*set_token) (YzBackend *self, const char *token);
  void (*follow) (YzBackend *self, gint64 after);
  void (*stop) (YzBackend *self);
  void (*door_command_async) (YzBackend *self, const char *door_id, const char *command,
                              int minutes, const char *reason, const char *request_id,
                              gint64 expires_at, GCancellable *cancellable,
                              GAsyncReadyCallback callback, gpointer user_data);
  char *(*door_command_finish) (YzBackend *self, GAsyncResult *result, GError **error);
  void (*fetch_door_async) (YzBackend *self, const char *door_id, GCancellable *cancellable,
                            GAsyncReadyCallback callback, gpointer user_data);
  YzDoorData *(*fetch_door_finish) (YzBackend *self, GAsyncResult *result, GError **error);
  void (*alarm_action_async) (YzBackend *self, const char *alarm_id, YzAlarmAction action,
                              const char *to, const char *category, const char *note,
                              GCancellable *cancellable, GAsyncReadyCallback callback,
                              gpointer user_data);
  YzAlarmData *(*alarm_action_finish) (YzBackend *self, GAsyncResult *result, GError **error);
  void (*stock_async) (YzBackend *self, const char *stock_id, gboolean threshold, gint64 value,
                       const char *note, GCancellable *cancellable, GAsyncReadyCallback callback,
                       gpointer user_data);
  YzStockData *(*stock_finish) (YzBackend *self, GAsyncResult *result, GError **error);
  void (*device_power_async) (YzBackend *self, const char *device_id, gboolean on,
                              GCancellable *cancellable, GAsyncReadyCallback callback,
                              gpointer user_data);
  YzDeviceData *(*device_power_finish) (YzBackend *self, GAsyncResult *result, GError **error);
  void (*fetch_snapshot_async) (YzBackend *self, const char *snapshot_id, GCancellable *cancellable,
                                GAsyncReadyCallback callback, gpointer user_data);
  GBytes *(*fetch_snapshot_finish) (YzBackend *self, GAsyncResult *result, GError **error);
  void (*fetch_camera_snapshot_async) (YzBackend *self, const char *camera_id,
                                       GCancellable *cancellable, GAsyncReadyCallback callback,
                                       gpointer user_data);
  GBytes *(*fetch_camera_snapshot_finish) (YzBackend *self, GAsyncResult *result, GError **error);
  void (*reconnect_now) (YzBackend *self);
};

GQuark yz_backend_error_quark (void);

void yz_backend_log_in_async (YzBackend *self, const char *operator_name, const char *password,
                              GCancellable *cancellable, GAsyncReadyCallback callback,
                              gpointer user_data);
YzLoginData *yz_backend_log_in_finish (YzBackend *self, GAsyncResult *result, GError **error);
void yz_backend_resume_async (YzBackend *self, GCancellable *cancellable,
                              GAsyncReadyCallback callback, gpointer user_data);
YzLoginData *yz_backend_resume_finish (YzBackend *self, GAsyncResult *result, GError **error);
void yz_backend_load_state_async (YzBackend *self, GCancellable *cancellable,
                                  GAsyncReadyCallback callback, gpointer user_data);
YzStateData *yz_backend_load_state_finish (YzBackend *self, GAsyncResult *result, GError **error);
void yz_backend_set_token (YzBackend *self, const char *token);
void yz_backend_follow (YzBackend *self, gint64 after);
void yz_backend_stop (YzBackend *self);
void yz_backend_reconnect_now (YzBackend *self);
void yz_backend_door_command_async (YzBackend *self, const char *door_id, const char *command,
                                    int minutes, const char *reason, const char *request_id,
                                    gint64 expires_at, GCancellable *cancellable,
                                    GAsyncReadyCallback callback, gpointer user_data);
char *yz_backend_door_command_finish (YzBackend *self, GAsyncResult *result, GError **error);
void yz_backend_fetch_door_async (YzBackend *self, const char *door_id, GCancellable *cancellable,
                                  GAsyncReadyCallback callback, gpointer user_data);
YzDoorData *yz_backend_fetch_door_finish (YzBackend *self, GAsyncResult *result, GError **error);
void yz_backend_alarm_action_async (YzBackend *self, const char *alarm_id, YzAlarmAction action,
                                    const char *to, const char *category, const char *note,
                                    GCancellable *cancellable, GAsyncReadyCallback callback,
                                    gpointer user_data);
YzAlarmData *yz_backend_alarm_action_finish (YzBackend *self, GAsyncResult *result, GError **error);
void yz_backend_stock_async (YzBackend *self, const char *stock_id, gboolean threshold,
                             gint64 value, const char *note, GCancellable *cancellable,
                             GAsyncReadyCallback callback, gpointer user_data);
YzStockData *yz_backend_stock_finish (YzBackend *self, GAsyncResult *result, GError **error);
void yz_backend_device_power_async (YzBackend *self, const char *device_id, gboolean on,
                                    GCancellable *cancellable, GAsyncReadyCallback callback,
                                    gpointer user_data);
YzDeviceData *yz_backend_device_power_finish (YzBackend *self, GAsyncResult *result,
                                              GError **error);
void yz_backend_fetch_snapshot_async (YzBackend *self, const char *snapshot_id,
                                      GCancellable *cancellable, GAsyncReadyCallback callback,
                                      gpointer user_data);
void yz_backend_fetch_camera_snapshot_async (YzBackend *self, const char *camera_id,
                                             GCancellable *cancellable,
                                             GAsyncReadyCallback callback, gpointer user_data);
GBytes *yz_backend_fetch_camera_snapshot_finish (YzBackend *self, GAsyncResult *result,
                                                 GError **error);
GBytes *yz_backend_fetch_snapshot_finish (YzBackend *self, GAsyncResult *result, GError **error);

G_END_DECLS
