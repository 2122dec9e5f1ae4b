/* yz-event.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define YZ_EVENT_ERROR (yz_event_error_quark ())

typedef enum
{
  YZ_EVENT_ERROR_MALFORMED, /* not JSON, or a member missing, of the wrong type or out of range */
  YZ_EVENT_ERROR_UNKNOWN_TYPE, /* well-formed, of a type this console does not know */
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
  char *id;
  char *station_id;
  char *door_id;     /* nullable */
  gint64 time;       /* ms since the epoch, UTC */
  char *person_id;   /* nullable (strangers) */
  char *person_name; /* nullable */
  const char *occupation;
  const char *method;
  const char *result;
  char *snapshot_id; /* nullable */
} YzEntryData;

typedef struct
{
  char *id;
  char *station_id;
  char *camera_id; /* nullable */
  char *door_id;   /* nullable */
  const char *type;
  const char *priority;
  gint64 raised_at;
  const char *state;
  char *owner; /* nullable */
  gint64 updated_at;
  const char *category; /* nullable */
  char *note;           /* nullable */
  char *snapshot_id;    /* nullable */
} YzAlarmData;

typedef struct
{
  gatomicrefcount ref_count; /* events cross from the stream thread */
  char *json;                /* the frame as received, for the journal */
  YzEventType type;
  gint64 seq; /* 0 for hello and resync-required */
  gint64 time;
  char *station_id; /* nullable */

  /* hello, resync-required */
  gint64 last_seq;
  gint64 oldest_seq;
  char *epoch; /* nullable: a gateway that predates epochs; the id syntax */

  /* station.status, camera.status, door.command-result */
  gboolean online;
  int occupancy;
  gboolean has_temperature;
  double temperature;
  gboolean ok;

  /* door.state, door.command-result, stock.level, device.state, camera.status */
  char *target_id;   /* door, stock, device or camera id */
  const char *state; /* door or device state */
  const char *mode;
  char *command_id;
  char *request_id; /* door.command-result: the console's id, nullable */
  char *reason;     /* nullable */
  char *by;         /* nullable */
  gint64 level;

  /* entry, alarm.* */
  YzEntryData *entry;
  YzAlarmData *alarm;
  const char *action; /* alarm.updated */
  char *note;         /* alarm.updated, nullable */
} YzEvent;

/* The objects of GET /api/v1/state and the command replies (docs/protocol.md, section 2). */
typedef struct
{
  char *id;
  char *name;
  char *district;
  char *address;
  double lat;
  double lon;
  const char *datum;   /* "wgs84" or "gcj02" */
  const char *kind;    /* "smart24" or "standard" */
  char *opening_hours; /* "HH:MM-HH:MM" */
  int capacity;
  char **facilities; /* the known ones only */
  gboolean online;
  int occupancy;
  gboolean has_temperature;
  double temperature;
  gint64 last_seen; /* 0 when the gateway never heard from it */
} YzStationData;

typedef struct
{
  char *id;
  char *station_id;
  char *name;
  char *main_url;
  char *sub_url;
  char *snapshot_url;
  gboolean online;
} YzCameraData;

typedef struct
{
  char *id;
  char *station_id;
  char *name;
  const char *state;
  const char *mode;
} YzDoorData;

typedef struct
{
  char *id;
  char *station_id;
  const char *item;
  char *name;
  char *unit;
  gint64 level;
  gint64 capacity;
  gint64 low_threshold;
} YzStockData;

typedef struct
{
  char *id;
  char *station_id;
  const char *kind;
  char *name;
  const char *state;
  gboolean switchable;
} YzDeviceData;

typedef struct
{
  gint64 seq;
  char *epoch; /* nullable (an older gateway); the id syntax */
  gint64 time;
  char *gateway_name;
  char *gateway_version;
  GPtrArray *stations; /* YzStationData */
  GPtrArray *cameras;  /* YzCameraData */
  GPtrArray *doors;    /* YzDoorData */
  GPtrArray *stock;    /* YzStockData */
  GPtrArray *devices;  /* YzDeviceData */
  GPtrArray *alarms;   /* YzAlarmData */
  guint n_skipped;     /* malformed items left out */
  guint n_cleaned;     /* items kept with some text cleaned (yz-text.c) */
} YzStateData;

typedef struct
{
  char *token;
  char *operator_name;
  char *display_name;
  const char *role; /* "observer", "operator" or "supervisor" */
  gint64 expires_at;
  char *gateway_name;
} YzLoginData;

/* One head of a console's audit chain as the gateway saw it (GET /api/v1/audit/witness). */
typedef struct
{
  char *operator_name; /* cleaned: it is shown */
  gint64 count;
  char *hash; /* 64 lower-case hex digits */
  gint64 time;
} YzAuditWitness;

GQuark yz_event_error_quark (void);
const char *yz_event_type_to_string (YzEventType type);
YzEvent *yz_event_parse (const char *data, gsize length, gint64 *seq_out, GError **error);
#define YZ_TYPE_EVENT (yz_event_get_type ())
GType yz_event_get_type (void) G_GNUC_CONST;
YzEvent *yz_event_ref (YzEvent *event);
void yz_event_unref (YzEvent *event);
void yz_entry_data_free (YzEntryData *entry);
void yz_alarm_data_free (YzAlarmData *alarm);
gboolean yz_parse_time (const char *text, gint64 *ms);
gboolean yz_is_id (const char *text);

YzStateData *yz_state_parse (const char *data, gsize length, GError **error);
YzLoginData *yz_login_parse (const char *data, gsize length, GError **error);
YzAlarmData *yz_alarm_data_parse (const char *data, gsize length, GError **error);
YzStockData *yz_stock_data_parse (const char *data, gsize length, GError **error);
YzDeviceData *yz_device_data_parse (const char *data, gsize length, GError **error);
YzDoorData *yz_door_data_parse (const char *data, gsize length, GError **error);
char *yz_time_to_wire (gint64 ms);
GPtrArray *yz_entries_page_parse (const char *data, gsize length, char **next_cursor,
                                  GError **error);
char *yz_command_id_parse (const char *data, gsize length, GError **error);
GPtrArray *yz_audit_witness_parse (const char *data, gsize length, char **console, GError **error);
void yz_audit_witness_free (YzAuditWitness *witness);
gboolean yz_error_parse (const char *data, gsize length, char **code, char **message);

void yz_station_data_free (YzStationData *data);
void yz_camera_data_free (YzCameraData *data);
void yz_door_data_free (YzDoorData *data);
void yz_stock_data_free (YzStockData *data);
void yz_device_data_free (YzDeviceData *data);
void yz_state_data_free (YzStateData *data);
void yz_login_data_free (YzLoginData *data);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (YzEvent, yz_event_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (YzEntryData, yz_entry_data_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (YzAlarmData, yz_alarm_data_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (YzStationData, yz_station_data_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (YzCameraData, yz_camera_data_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (YzDoorData, yz_door_data_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (YzStockData, yz_stock_data_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (YzDeviceData, yz_device_data_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (YzStateData, yz_state_data_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (YzLoginData, yz_login_data_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (YzAuditWitness, yz_audit_witness_free)

G_END_DECLS
