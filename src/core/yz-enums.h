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

/* Ordered: a higher value needs attention sooner. */
typedef enum
{
  YZ_PRIORITY_NONE,
  YZ_PRIORITY_LOW,
  YZ_PRIORITY_MEDIUM,
  YZ_PRIORITY_HIGH,
  YZ_PRIORITY_CRITICAL,
} YzPriority;

#define YZ_TYPE_PRIORITY (yz_priority_get_type ())
GType yz_priority_get_type (void) G_GNUC_CONST;
YzPriority yz_priority_from_nick (const char *nick);
const char *yz_priority_to_nick (YzPriority priority);

typedef enum
{
  YZ_ALARM_STATE_NEW,
  YZ_ALARM_STATE_ACKNOWLEDGED,
  YZ_ALARM_STATE_RESOLVED,
} YzAlarmState;

#define YZ_TYPE_ALARM_STATE (yz_alarm_state_get_type ())
GType yz_alarm_state_get_type (void) G_GNUC_CONST;
YzAlarmState yz_alarm_state_from_nick (const char *nick);
const char *yz_alarm_state_to_nick (YzAlarmState state);

typedef enum
{
  YZ_ROLE_NONE,
  YZ_ROLE_OBSERVER,
  YZ_ROLE_OPERATOR,
  YZ_ROLE_SUPERVISOR,
} YzRole;

#define YZ_TYPE_ROLE (yz_role_get_type ())
GType yz_role_get_type (void) G_GNUC_CONST;
YzRole yz_role_from_nick (const char *nick);

G_END_DECLS
