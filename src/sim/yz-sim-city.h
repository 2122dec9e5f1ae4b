/* yz-sim-city.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define YZ_SIM_ERROR (yz_sim_error_quark ())

typedef enum
{
  YZ_SIM_ERROR_NOT_FOUND,
  YZ_SIM_ERROR_CONFLICT,
  YZ_SIM_ERROR_STATION_OFFLINE,
  YZ_SIM_ERROR_NOT_SWITCHABLE,
  YZ_SIM_ERROR_INVALID,
  YZ_SIM_ERROR_EXPIRED,
} YzSimError;

typedef enum
{
  YZ_SIM_STATIONS,
  YZ_SIM_CAMERAS,
  YZ_SIM_DOORS,
  YZ_SIM_STOCK,
  YZ_SIM_DEVICES,
  YZ_SIM_ALARMS,
  YZ_SIM_ENTRIES,
  YZ_SIM_N_KINDS
} YzSimKind;

#define YZ_TYPE_SIM_CITY (yz_sim_city_get_type ())
G_DECLARE_FINAL_TYPE (YzSimCity, yz_sim_city, YZ, SIM_CITY, GObject)

GQuark yz_sim_error_quark (void);
char *yz_sim_format_time (gint64 ms);
gboolean yz_sim_parse_time (const char *text, gint64 *ms);

YzSimCity *yz_sim_city_new (guint n_stations, guint32 seed, double speed);
void yz_sim_city_set_camera_urls (YzSimCity *self, const char *rtsp_base);
void yz_sim_city_start (YzSimCity *self);
gint64 yz_sim_city_now (YzSimCity *self);
GPtrArray *yz_sim_city_list (YzSimCity *self, YzSimKind kind);
JsonObject *yz_sim_city_lookup (YzSimCity *self, YzSimKind kind, const char *id);
JsonObject *yz_sim_city_snapshot_entry (YzSimCity *self, const char *snapshot_id);

JsonObject *yz_sim_city_raise_alarm (YzSimCity *self, const char *station_id, const char *type,
                                     const char *camera_id, GError **error);
JsonObject *yz_sim_city_make_entry (YzSimCity *self, const char *station_id, const char *result,
                                    GError **error);
gboolean yz_sim_city_set_camera_online (YzSimCity *self, const char *camera_id, gboolean online,
                                        guint seconds, GError **error);
gboolean yz_sim_city_set_station_online (YzSimCity *self, const char *station_id, gboolean online,
                                         GError **error);
void yz_sim_city_burst (YzSimCity *self, guint count);
char *yz_sim_city_door_command (YzSimCity *self, const char *door_id, const char *command,
                                int minutes, const char *reason, const char *by,
                                const char *request_id, gint64 expires_at, GError **error);
void yz_sim_city_set_door_delay (YzSimCity *self, guint ms);
JsonObject *yz_sim_city_alarm_action (YzSimCity *self, const char *alarm_id, const char *action,
                                      const char *by, const char *to, const char *category,
                                      const char *note, GError **error);
JsonObject *yz_sim_city_restock (YzSimCity *self, const char *stock_id, int quantity,
                                 GError **error);
JsonObject *yz_sim_city_set_threshold (YzSimCity *self, const char *stock_id, int threshold,
                                       GError **error);
JsonObject *yz_sim_city_device_power (YzSimCity *self, const char *device_id, gboolean on,
                                      GError **error);

G_END_DECLS
