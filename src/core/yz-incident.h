/* yz-incident.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "yz-items.h"

G_BEGIN_DECLS

#define YZ_INCIDENT_WINDOW_MS ((gint64)30 * 60 * 1000)

/* Alarms at one station close together in time: one thing that happened. */
typedef struct _YzIncident YzIncident;
struct _YzIncident
{
  char *key; /* an operator's link, or NULL for a group by time */
  char *station_id;
  gint64 first;      /* the first alarm's raised_at */
  gint64 last;       /* the last alarm's raised_at */
  GPtrArray *alarms; /* YzAlarm, oldest first */
  YzPriority worst;
};

void yz_incident_free (YzIncident *incident);
GPtrArray *yz_incidents_group (GListModel *alarms, gint64 window_ms, GHashTable *links);
YzIncident *yz_incident_for_alarm (GListModel *alarms, YzAlarm *alarm, gint64 window_ms,
                                   GHashTable *links);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (YzIncident, yz_incident_free)

G_END_DECLS
