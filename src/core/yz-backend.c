/* yz-backend.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "yz-backend"

#include "config.h"

#include "yz-backend.h"

/* The quark's name is spelled as GLib registers it. */
/* clang-format off */
G_DEFINE_QUARK (yz-backend-error-quark, yz_backend_error)
/* clang-format on */

G_DEFINE_INTERFACE (YzBackend, yz_backend, G_TYPE_OBJECT)

static void
yz_backend_default_init (YzBackendInterface *iface)
{
  /**
   * YzBackend:stream-state:
   *
   * The event stream's connection: disconnected (stopped), connecting (also while waiting
   * to reconnect) or connected (hello received).
   */
  g_object_interface_install_property (
      iface, g_param_spec_enum (
                 "stream-state", NULL, NULL, YZ_TYPE_CONNECTION_STATE, YZ_CONNECTION_DISCONNECTED,
                 G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY));

  /**
   * YzBackend:next-attempt:
   *
   * While the event stream waits to reconnect after a drop: the real time (µs) of its
   * next try; else 0.
   */
  g_object_interface_install_property (
      iface,
      g_param_spec_int64 ("next-attempt", NULL, NULL, 0, G_MAXINT64, 0,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY));

  /**
   * YzBackend::event:
   * @event: a checked, new event (never one seen before on this backend)
   */
  g_signal_new ("event", G_TYPE_FROM_INTERFACE (iface), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                G_TYPE_NONE, 1, YZ_TYPE_EVENT | G_SIGNAL_TYPE_STATIC_SCOPE);

  /**
   * YzBackend::resync-required:
   *
   * The gateway no longer holds the events after the last one seen: reload the state and
   * follow again after its seq.
   */
  g_signal_new ("resync-required", G_TYPE_FROM_INTERFACE (iface), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                NULL, G_TYPE_NONE, 0);

  /**
   * YzBackend::unauthorized:
   *
   * The gateway refused the token (it expired or was revoked): log in again.
   */
  g_signal_new ("unauthorized", G_TYPE_FROM_INTERFACE (iface), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                NULL, G_TYPE_NONE, 0);
}

#define IFACE(self) YZ_BACKEND_GET_IFACE (self)

void
yz_backend_log_in_async (YzBackend *self, const char *operator_name, const char *password,
                         GCancellable *cancellable, GAsyncReadyCallback callback,
                         gpointer user_data)
{
  g_return_if_fail (YZ_IS_BACKEND (self));
  IFACE (self)->log_in_async (self, operator_name, password, cancellable, callback, user_data);
}

YzLoginData *
yz_backend_log_in_finish (YzBackend *self, GAsyncResult *result, GError **error)
{
  return IFACE (self)->log_in_finish (self, result, error);
}

/* Who the token given to set_token() belongs to (operator, role, gateway), without logging
 * in again: a console that starts with a kept token learns its role before it acts. The
 * reply's token is the same one. UNAUTHORIZED when the gateway no longer takes it. */
void
yz_backend_resume_async (YzBackend *self, GCancellable *cancellable, GAsyncReadyCallback callback,
                         gpointer user_data)
{
  g_return_if_fail (YZ_IS_BACKEND (self));
  IFACE (self)->resume_async (self, cancellable, callback, user_data);
}

YzLoginData *
yz_backend_resume_finish (YzBackend *self, GAsyncResult *result, GError **error)
{
  return IFACE (self)->resume_finish (self, result, error);
}

void
yz_backend_load_state_async (YzBackend *self, GCancellable *cancellable,
                             GAsyncReadyCallback callback, gpointer user_data)
{
  g_return_if_fail (YZ_IS_BACKEND (self));
  IFACE (self)->load_state_async (self, cancellable, callback, user_data);
}

YzStateData *
yz_backend_load_state_finish (YzBackend *self, GAsyncResult *result, GError **error)
{
  return IFACE (self)->load_state_finish (self, result, error);
}

/* A token kept from an earlier log-in (the keyring); log-in sets its own. */
void
yz_backend_set_token (YzBackend *self, const char *token)
{
  g_return_if_fail (YZ_IS_BACKEND (self));
  IFACE (self)->set_token (self, token);
}

/**
 * yz_backend_follow:
 * @after: the last seq stored, or -1 for live events only
 */
void
yz_backend_follow (YzBackend *self, gint64 after)
{
  g_return_if_fail (YZ_IS_BACKEND (self));
  IFACE (self)->follow (self, after);
}

void
yz_backend_stop (YzBackend *self)
{
  g_return_if_fail (YZ_IS_BACKEND (self));
  IFACE (self)->stop (self);
}

/* While the event stream waits to reconnect: try now. */
void
yz_backend_reconnect_now (YzBackend *self)
{
  g_return_if_fail (YZ_IS_BACKEND (self));
  if (IFACE (self)->reconnect_now != NULL)
    IFACE (self)->reconnect_now (self);
}

/**
 * yz_backend_door_command_async:
 * @request_id: (nullable): the console's id for the command: the gateway carries out one
 *   id once (docs/protocol.md, section 4)
 * @expires_at: ms since the Unix epoch after which the command is not carried out; 0: none
 */
void
yz_backend_door_command_async (YzBackend *self, const char *door_id, const char *command,
                               int minutes, const char *reason, const char *request_id,
                               gint64 expires_at, GCancellable *cancellable,
                               GAsyncReadyCallback callback, gpointer user_data)
{
  g_return_if_fail (YZ_IS_BACKEND (self));
  IFACE (self)->door_command_async (self, door_id, command, minutes, reason, request_id, expires_at,
                                    cancellable, callback, user_data);
}

/* Returns: (transfer full): the gateway's command id; the door answers with an event */
char *
yz_backend_door_command_finish (YzBackend *self, GAsyncResult *result, GError **error)
{
  return IFACE (self)->door_command_finish (self, result, error);
}

/* One door as the gateway has it now (GET /api/v1/doors/{id}). */
void
yz_backend_fetch_door_async (YzBackend *self, const char *door_id, GCancellable *cancellable,
                             GAsyncReadyCallback callback, gpointer user_data)
{
  g_return_if_fail (YZ_IS_BACKEND (self));
  IFACE (self)->fetch_door_async (self, door_id, cancellable, callback, user_data);
}

/* Returns: (transfer full): the door */
YzDoorData *
yz_backend_fetch_door_finish (YzBackend *self, GAsyncResult *result, GError **error)
{
  return IFACE (self)->fetch_door_finish (self, result, error);
}

void
yz_backend_alarm_action_async (YzBackend *self, const char *alarm_id, YzAlarmAction action,
                               const char *to, const char *category, const char *note,
                               GCancellable *cancellable, GAsyncReadyCallback callback,
                               gpointer user_data)
{
  g_return_if_fail (YZ_IS_BACKEND (self));
  IFACE (self)->alarm_action_async (self, alarm_id, action, to, category, note, cancellable,
                                    callback, user_data);
}

YzAlarmData *
yz_backend_alarm_action_finish (YzBackend *self, GAsyncResult *result, GError **error)
{
  return IFACE (self)->alarm_action_finish (self, result, error);
}

/**
 * yz_backend_stock_async:
 * @threshold: %FALSE to restock @value items (with @note), %TRUE to set the low threshold
 */
void
yz_backend_stock_async (YzBackend *self, const char *stock_id, gboolean threshold, gint64 value,
                        const char *note, GCancellable *cancellable, GAsyncReadyCallback callback,
                        gpointer user_data)
{
  g_return_if_fail (YZ_IS_BACKEND (self));
  IFACE (self)->stock_async (self, stock_id, threshold, value, note, cancellable, callback,
                             user_data);
}

YzStockData *
yz_backend_stock_finish (YzBackend *self, GAsyncResult *result, GError **error)
{
  return IFACE (self)->stock_finish (self, result, error);
}

void
yz_backend_device_power_async (YzBackend *self, const char *device_id, gboolean on,
                               GCancellable *cancellable, GAsyncReadyCallback callback,
                               gpointer user_data)
{
  g_return_if_fail (YZ_IS_BACKEND (self));
  IFACE (self)->device_power_async (self, device_id, on, cancellable, callback, user_data);
}

YzDeviceData *
yz_backend_device_power_finish (YzBackend *self, GAsyncResult *result, GError **error)
{
  return IFACE (self)->device_power_finish (self, result, error);
}

void
yz_backend_fetch_snapshot_async (YzBackend *self, const char *snapshot_id,
                                 GCancellable *cancellable, GAsyncReadyCallback callback,
                                 gpointer user_data)
{
  g_return_if_fail (YZ_IS_BACKEND (self));
  IFACE (self)->fetch_snapshot_async (self, snapshot_id, cancellable, callback, user_data);
}

GBytes *
yz_backend_fetch_snapshot_finish (YzBackend *self, GAsyncResult *result, GError **error)
{
  return IFACE (self)->fetch_snapshot_finish (self, result, error);
}

/* A picture of what the camera sees now (not cached: it is live). */
void
yz_backend_fetch_camera_snapshot_async (YzBackend *self, const char *camera_id,
                                        GCancellable *cancellable, GAsyncReadyCallback callback,
                                        gpointer user_data)
{
  g_return_if_fail (YZ_IS_BACKEND (self));
  IFACE (self)->fetch_camera_snapshot_async (self, camera_id, cancellable, callback, user_data);
}

GBytes *
yz_backend_fetch_camera_snapshot_finish (YzBackend *self, GAsyncResult *result, GError **error)
{
  return IFACE (self)->fetch_camera_snapshot_finish (self, result, error);
}
