/* yz-items.h
 *
 * The objects in the session's list models, one file pair per type: yz-station.h,
 * yz-camera.h, yz-door.h, yz-stock.h, yz-device.h, yz-alarm.h, yz-entry.h. Their properties
 * notify when an event changes them; the same object stays in the model for its whole
 * life. Only the core changes them (yz-items-private.h).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "yz-alarm.h"
#include "yz-camera.h"
#include "yz-device.h"
#include "yz-door.h"
#include "yz-entry.h"
#include "yz-station.h"
#include "yz-stock.h"
