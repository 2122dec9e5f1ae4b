/* yz-station-mark.c
 *
 * What a station's mark on the map says about its state (an open alarm and how bad, a door
 * open or held open, offline, normal), its colour and its words: plain functions of values,
 * so that a test can ask without a display. The map's layers draw the marks; the station
 * panel colours its state line by the same mark.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "yz-station-mark"

#include "config.h"

#include <glib/gi18n.h>

#include "yz-station-mark.h"

/**
 * yz_mark_for_values:
 *
 * The mark a station gets from its state: an open alarm (by the worst priority open) before
 * a door that is open or held open, before being offline; normal otherwise.
 */
YzMark
yz_mark_for_values (gboolean online, YzPriority worst_priority, guint n_open_alarms,
                    gboolean door_alert)
{
  if (n_open_alarms > 0)
    {
      switch (worst_priority)
        {
        case YZ_PRIORITY_CRITICAL:
          return YZ_MARK_ALARM_CRITICAL;
        case YZ_PRIORITY_HIGH:
          return YZ_MARK_ALARM_HIGH;
        case YZ_PRIORITY_MEDIUM:
          return YZ_MARK_ALARM_MEDIUM;
        case YZ_PRIORITY_LOW:
        case YZ_PRIORITY_NONE:
        default:
          return YZ_MARK_ALARM_LOW;
        }
    }
  if (door_alert)
    return YZ_MARK_DOOR;
  if (!online)
    return YZ_MARK_OFFLINE;

  return YZ_MARK_NORMAL;
}

YzMark
yz_mark_for_station (YzStation *station)
{
  return yz_mark_for_values (
      yz_station_get_online (station), yz_station_get_worst_priority (station),
      yz_station_get_n_open_alarms (station), yz_station_get_door_alert (station));
}

/* GNOME palette: green normal, grey offline, purple door, blue/yellow/orange/red alarms. */
void
yz_mark_get_color (YzMark mark, GdkRGBA *color)
{
  static const char *const colors[YZ_N_MARKS] = {
    [YZ_MARK_NORMAL] = "#26a269",         [YZ_MARK_OFFLINE] = "#77767b",
    [YZ_MARK_DOOR] = "#9141ac",           [YZ_MARK_ALARM_LOW] = "#3584e4",
    [YZ_MARK_ALARM_MEDIUM] = "#e5a50a",   [YZ_MARK_ALARM_HIGH] = "#ff7800",
    [YZ_MARK_ALARM_CRITICAL] = "#e01b24",
  };

  g_assert (mark < YZ_N_MARKS);
  gdk_rgba_parse (color, colors[mark]);
}

/* An open alarm, of any priority: alarm marks are drawn larger and pulse. */
gboolean
yz_mark_is_alarm (YzMark mark)
{
  return mark >= YZ_MARK_ALARM_LOW;
}

/* What a mark means, as its tooltip says it. */
const char *
yz_mark_describe (YzMark mark)
{
  switch (mark)
    {
    case YZ_MARK_OFFLINE:
      return _("Offline");
    case YZ_MARK_DOOR:
      return _("Door open or held open");
    case YZ_MARK_ALARM_LOW:
      return _("Open alarm (low)");
    case YZ_MARK_ALARM_MEDIUM:
      return _("Open alarm (medium)");
    case YZ_MARK_ALARM_HIGH:
      return _("Open alarm (high)");
    case YZ_MARK_ALARM_CRITICAL:
      return _("Open alarm (critical)");
    case YZ_MARK_NORMAL:
    case YZ_N_MARKS:
    default:
      return _("Normal");
    }
}

/**
 * yz_mark_style_class:
 *
 * The style class the station panel gives its state line for @mark: "error" for a high or
 * critical alarm, "warning" for a lesser alarm or a door, "dim-label" offline, "success"
 * otherwise.
 */
const char *
yz_mark_style_class (YzMark mark)
{
  switch (mark)
    {
    case YZ_MARK_ALARM_CRITICAL:
    case YZ_MARK_ALARM_HIGH:
      return "error";
    case YZ_MARK_ALARM_MEDIUM:
    case YZ_MARK_ALARM_LOW:
    case YZ_MARK_DOOR:
      return "warning";
    case YZ_MARK_OFFLINE:
      return "dim-label";
    case YZ_MARK_NORMAL:
    case YZ_N_MARKS:
    default:
      return "success";
    }
}
