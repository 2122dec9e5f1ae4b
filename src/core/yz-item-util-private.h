/* yz-item-util-private.h
 *
 * What the item types (yz-station.c, yz-camera.c, yz-door.c, yz-stock.c, yz-device.c,
 * yz-alarm.c, yz-entry.c) share: setters that notify only the properties whose value really
 * changed, so a burst of identical status events costs the UI nothing, and their read-only
 * property specs. The SET* macros expect the file's `properties` array.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* Enumerated values are interned: comparing and copying them is free. */
static inline gboolean
set_enum (const char **field, const char *value)
{
  const char *interned = g_intern_string (value);

  if (*field == interned)
    return FALSE;
  *field = interned;
  return TRUE;
}

static inline gboolean
set_string (char **field, const char *value)
{
  if (g_strcmp0 (*field, value) == 0)
    return FALSE;
  g_free (*field);
  *field = g_strdup (value);
  return TRUE;
}

#define SET(self, field, value, prop)                                                              \
  G_STMT_START                                                                                     \
  {                                                                                                \
    if ((self)->field != (value))                                                                  \
      {                                                                                            \
        (self)->field = (value);                                                                   \
        g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);                              \
      }                                                                                            \
  }                                                                                                \
  G_STMT_END
#define SET_STRING(self, field, value, prop)                                                       \
  G_STMT_START                                                                                     \
  {                                                                                                \
    if (set_string (&(self)->field, (value)))                                                      \
      g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);                                \
  }                                                                                                \
  G_STMT_END
#define SET_ENUM(self, field, value, prop)                                                         \
  G_STMT_START                                                                                     \
  {                                                                                                \
    if (set_enum (&(self)->field, (value)))                                                        \
      g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);                                \
  }                                                                                                \
  G_STMT_END

#define STRING_PROP(name, nick)                                                                    \
  g_param_spec_string (name, NULL, NULL, NULL,                                                     \
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY)
#define BOOL_PROP(name)                                                                            \
  g_param_spec_boolean (name, NULL, NULL, FALSE,                                                   \
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY)
#define INT_PROP(name)                                                                             \
  g_param_spec_int (name, NULL, NULL, 0, G_MAXINT, 0,                                              \
                    G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY)
#define UINT_PROP(name)                                                                            \
  g_param_spec_uint (name, NULL, NULL, 0, G_MAXUINT, 0,                                            \
                     G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY)
#define INT64_PROP(name)                                                                           \
  g_param_spec_int64 (name, NULL, NULL, G_MININT64, G_MAXINT64, 0,                                 \
                      G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY)
#define DOUBLE_PROP(name)                                                                          \
  g_param_spec_double (name, NULL, NULL, -G_MAXDOUBLE, G_MAXDOUBLE, 0,                             \
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY)
#define OBJECT_PROP(name, type)                                                                    \
  g_param_spec_object (name, NULL, NULL, type, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS)

G_END_DECLS
