/* yz-sim-rtsp.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define YZ_TYPE_SIM_RTSP (yz_sim_rtsp_get_type ())
G_DECLARE_FINAL_TYPE (YzSimRtsp, yz_sim_rtsp, YZ, SIM_RTSP, GObject)

YzSimRtsp *yz_sim_rtsp_new (void);
void yz_sim_rtsp_set_stamp (YzSimRtsp *self, gboolean stamp);
void yz_sim_rtsp_set_live (YzSimRtsp *self, gboolean live);
gboolean yz_sim_rtsp_start (YzSimRtsp *self, guint port, GError **error);
guint yz_sim_rtsp_get_port (YzSimRtsp *self);
void yz_sim_rtsp_add_camera (YzSimRtsp *self, const char *camera_id, const char *station_name,
                             const char *camera_name);
void yz_sim_rtsp_set_camera_online (YzSimRtsp *self, const char *camera_id, gboolean online);
char *yz_sim_rtsp_get_url (YzSimRtsp *self, const char *camera_id, gboolean main_stream);

G_END_DECLS
