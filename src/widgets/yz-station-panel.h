/* yz-station-panel.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "yz-session.h"

G_BEGIN_DECLS

#define YZ_TYPE_STATION_PANEL (yz_station_panel_get_type ())
G_DECLARE_FINAL_TYPE (YzStationPanel, yz_station_panel, YZ, STATION_PANEL, GtkWidget)

GtkWidget *yz_station_panel_new (void);
void yz_station_panel_set_session (YzStationPanel *self, YzSession *session);
YzSession *yz_station_panel_get_session (YzStationPanel *self);
void yz_station_panel_set_station (YzStationPanel *self, YzStation *station);
YzStation *yz_station_panel_get_station (YzStationPanel *self);
void yz_station_panel_door_command (YzStationPanel *self, YzDoor *door);
char *yz_station_state_text (YzStation *station);
const char *yz_station_action_blocked (YzRole role, YzConnectionState state,
                                       const char *role_reason);
gint64 yz_station_last_known_since (gint64 disconnected_since, gint64 last_seen_ms);
const char *yz_station_panel_get_last_known (YzStationPanel *self);
gboolean yz_station_panel_get_refreshing (YzStationPanel *self);

G_END_DECLS
