/* yz-event.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define YZ_EVENT_ERROR (yz_event_error_quark ())

typedef enum
{
  YZ_EVENT_ERROR_MALFORMED,     /* not JSON, or a member missing, of the wrong type or out of range */
  YZ_EVENT_ERROR_UNKNOWN_TYPE,  /* well-formed, of a type this console does not know */
} YzEventError;

typedef enum
{
  YZ_EVENT_HELLO,
  YZ_EVENT_RESYNC_REQUIRED,
  YZ_EVENT_HEARTBEAT,
  YZ_EVENT_STATION_STATUS,
  YZ_EVENT_DOOR_STATE,
  YZ_EVENT_DOOR_COMMAND_RESULT,
  YZ_EVENT_ENTRY,
  YZ_EVENT_ALARM_RAISED,
  YZ_EVENT_ALARM_UPDATED,
  YZ_EVENT_STOCK_LEVEL,
  YZ_EVENT_DEVICE_STATE,
  YZ_EVENT_CAMERA_STATUS,
} YzEventType;

/* Enumerated values point into static tables (compare with g_str_equal or ==); ids and
 * free text are owned by the event. Every field was checked by yz_event_parse(). */
typedef struct
{
  char       *id;
  char       *station_id;
  char       *door_id;        /* nullable */
  gint64      time;           /* ms since the epoch, UTC */
  char       *person_id;      /* nullable (strangers) */
  char       *person_name;    /* nullable */
  const char *occupation;
  const char *method;
  const char *result;
  char       *snapshot_id;    /* nullable */
} YzEntry;

typedef struct
{
  char       *id;
  char       *station_id;
  char       *camera_id;      /* nullable */
  char       *door_id;        /* nullable */
  const char *type;
  const char *priority;
  gint64      raised_at;
  const char *state;
  char       *owner;          /* nullable */
  gint64      updated_at;
  const char *category;       /* nullable */
  char       *note;           /* nullable */
  char       *snapshot_id;    /* nullable */
} YzAlarm;

typedef struct
{
  YzEventType  type;
  gint64       seq;           /* 0 for hello and resync-required */
  gint64       time;
  char        *station_id;    /* nullable */

  /* hello, resync-required */
  gint64       last_seq;
  gint64       oldest_seq;

  /* station.status, camera.status, door.command-result */
  gboolean     online;
  int          occupancy;
  gboolean     has_temperature;
  double       temperature;
  gboolean     ok;

  /* door.state, door.command-result, stock.level, device.state, camera.status */
  char        *target_id;     /* door, stock, device or camera id */
  const char  *state;         /* door or device state */
  const char  *mode;
  char        *command_id;
  char        *reason;        /* nullable */
  char        *by;            /* nullable */
  gint64       level;

  /* entry, alarm.* */
  YzEntry     *entry;
  YzAlarm     *alarm;
  const char  *action;        /* alarm.updated */
  char        *note;          /* alarm.updated, nullable */
} YzEvent;

GQuark   yz_event_error_quark  (void);
YzEvent *yz_event_parse        (const char  *data,
                                gsize        length,
                                gint64      *seq_out,
                                GError     **error);
void     yz_event_free         (YzEvent     *event);
void     yz_entry_free         (YzEntry     *entry);
void     yz_alarm_free         (YzAlarm     *alarm);
gboolean yz_parse_time         (const char  *text,
                                gint64      *ms);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (YzEvent, yz_event_free)

G_END_DECLS
