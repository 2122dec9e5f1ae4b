/* yz-entry-private.h
 *
 * How the core builds and changes a YzEntry. Not for the UI.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "yz-event.h"
#include "yz-entry.h"

G_BEGIN_DECLS

YzEntry *yz_entry_new (const YzEntryData *data);

G_END_DECLS
