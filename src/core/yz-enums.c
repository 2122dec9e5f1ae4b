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

G_DEFINE_ENUM_TYPE (YzPriority, yz_priority, G_DEFINE_ENUM_VALUE (YZ_PRIORITY_NONE, "none"),
                    G_DEFINE_ENUM_VALUE (YZ_PRIORITY_LOW, "low"),
                    G_DEFINE_ENUM_VALUE (YZ_PRIORITY_MEDIUM, "medium"),
                    G_DEFINE_ENUM_VALUE (YZ_PRIORITY_HIGH, "high"),
                    G_DEFINE_ENUM_VALUE (YZ_PRIORITY_CRITICAL, "critical"))

G_DEFINE_ENUM_TYPE (YzAlarmState, yz_alarm_state, G_DEFINE_ENUM_VALUE (YZ_ALARM_STATE_NEW, "new"),
                    G_DEFINE_ENUM_VALUE (YZ_ALARM_STATE_ACKNOWLEDGED, "acknowledged"),
                    G_DEFINE_ENUM_VALUE (YZ_ALARM_STATE_RESOLVED, "resolved"))

G_DEFINE_ENUM_TYPE (YzRole, yz_role, G_DEFINE_ENUM_VALUE (YZ_ROLE_NONE, "none"),
                    G_DEFINE_ENUM_VALUE (YZ_ROLE_OBSERVER, "observer"),
                    G_DEFINE_ENUM_VALUE (YZ_ROLE_OPERATOR, "operator"),
                    G_DEFINE_ENUM_VALUE (YZ_ROLE_SUPERVISOR, "supervisor"))

static int
value_from_nick (GType type, const char *nick, int fallback)
{
  g_autoptr(GEnumClass) klass = g_type_class_ref (type);
  GEnumValue *value = nick ? g_enum_get_value_by_nick (klass, nick) : NULL;

  return value ? value->value : fallback;
}

static const char *
nick_from_value (GType type, int value)
{
  g_autoptr(GEnumClass) klass = g_type_class_ref (type);
  GEnumValue *found = g_enum_get_value (klass, value);

  return found ? found->value_nick : NULL;
}

YzPriority
yz_priority_from_nick (const char *nick)
{
  return value_from_nick (YZ_TYPE_PRIORITY, nick, YZ_PRIORITY_NONE);
}

const char *
yz_priority_to_nick (YzPriority priority)
{
  return nick_from_value (YZ_TYPE_PRIORITY, priority);
}

YzAlarmState
yz_alarm_state_from_nick (const char *nick)
{
  return value_from_nick (YZ_TYPE_ALARM_STATE, nick, YZ_ALARM_STATE_NEW);
}

const char *
yz_alarm_state_to_nick (YzAlarmState state)
{
  return nick_from_value (YZ_TYPE_ALARM_STATE, state);
}

YzRole
yz_role_from_nick (const char *nick)
{
  return value_from_nick (YZ_TYPE_ROLE, nick, YZ_ROLE_NONE);
}
