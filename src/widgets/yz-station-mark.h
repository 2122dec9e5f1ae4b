/* yz-station-mark.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gdk/gdk.h>

#include "yz-items.h"

G_BEGIN_DECLS

/* A mark's size in logical px; an alarm's is larger (and the largest). */
#define YZ_MARK_SIZE 16.0
#define YZ_MARK_ALARM_SIZE 20.0

/* What a station's mark says, worst first: a test can ask without a display. */
typedef enum
{
  YZ_MARK_NORMAL,
  YZ_MARK_OFFLINE,
  YZ_MARK_DOOR,
  YZ_MARK_ALARM_LOW,
  YZ_MARK_ALARM_MEDIUM,
  YZ_MARK_ALARM_HIGH,
  YZ_MARK_ALARM_CRITICAL,
  YZ_N_MARKS
} YzMark;

YzMark yz_mark_for_values (gboolean online, YzPriority worst_priority, guint n_open_alarms,
                           gboolean door_alert);
YzMark yz_mark_for_station (YzStation *station);
void yz_mark_get_color (YzMark mark, GdkRGBA *color);
gboolean yz_mark_is_alarm (YzMark mark);
const char *yz_mark_describe (YzMark mark);
const char *yz_mark_style_class (YzMark mark);

G_END_DECLS
