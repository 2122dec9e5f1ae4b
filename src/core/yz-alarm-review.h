/* yz-alarm-review.h
 *
 * Looking back at alarms: an alarm's history of steps, and the alarms raised since a time
 * (further back than the session's model holds). The functions are the session's
 * (yz-session.h); this header has the types they hand out.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* One line of an alarm's history: who did what, when. */
typedef struct
{
  gint64 time;
  char *action; /* raised, acknowledged, assigned, resolved, reopened, updated */
  char *by;     /* an operator, or NULL for the station */
  char *note;
} YzAlarmStep;

void yz_alarm_step_free (YzAlarmStep *step);

G_END_DECLS
