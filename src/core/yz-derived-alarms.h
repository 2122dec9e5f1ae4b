/* yz-derived-alarms.h
 *
 * The alarms the console raises itself: the part of YzSession that watches the city
 * (yz-session-private.h). For the core only.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "yz-event.h"
#include "yz-session.h"

G_BEGIN_DECLS

void yz_derived_alarms_init (YzSession *self);
void yz_derived_alarms_clear (YzSession *self);
void yz_derived_alarms_start (YzSession *self);
void yz_derived_alarms_stop (YzSession *self);

G_END_DECLS
