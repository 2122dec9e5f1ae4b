/* yz-enums.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "yz-enums"

#include "config.h"

#include "yz-enums.h"

G_DEFINE_ENUM_TYPE (YzConnectionState, yz_connection_state,
                    G_DEFINE_ENUM_VALUE (YZ_CONNECTION_DISCONNECTED, "disconnected"),
                    G_DEFINE_ENUM_VALUE (YZ_CONNECTION_CONNECTING, "connecting"),
                    G_DEFINE_ENUM_VALUE (YZ_CONNECTION_CONNECTED, "connected"))
