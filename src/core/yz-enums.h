/* yz-enums.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/**
 * YzConnectionState:
 * @YZ_CONNECTION_DISCONNECTED: no gateway, or the connection is down and not being retried yet
 * @YZ_CONNECTION_CONNECTING: logging in, loading state or waiting for the event stream
 * @YZ_CONNECTION_CONNECTED: following the gateway's event stream
 *
 * What the console knows of its link to the gateway; the header bar shows it.
 */
typedef enum
{
  YZ_CONNECTION_DISCONNECTED,
  YZ_CONNECTION_CONNECTING,
  YZ_CONNECTION_CONNECTED,
} YzConnectionState;

#define YZ_TYPE_CONNECTION_STATE (yz_connection_state_get_type ())
GType yz_connection_state_get_type (void) G_GNUC_CONST;

G_END_DECLS
