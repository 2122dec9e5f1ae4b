/* yz-items-private.h
 *
 * How the core builds and changes the items (each type's -private.h). Not for the UI.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "yz-items.h"

#include "yz-alarm-private.h"
#include "yz-camera-private.h"
#include "yz-device-private.h"
#include "yz-door-private.h"
#include "yz-entry-private.h"
#include "yz-station-private.h"
#include "yz-stock-private.h"
