/* yz-entry.h
 *
 * YzEntry, an item of the session's list models. Only the core changes it
 * (yz-entry-private.h).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
G_BEGIN_DECLS

#define YZ_TYPE_ENTRY (yz_entry_get_type ())
G_DECLARE_FINAL_TYPE (YzEntry, yz_entry, YZ, ENTRY, GObject)

const char *yz_entry_get_id (YzEntry *self);
const char *yz_entry_get_station_id (YzEntry *self);
const char *yz_entry_get_door_id (YzEntry *self);
gint64 yz_entry_get_time (YzEntry *self);
const char *yz_entry_get_person_id (YzEntry *self);
const char *yz_entry_get_person_name (YzEntry *self);
const char *yz_entry_get_occupation (YzEntry *self);
const char *yz_entry_get_method (YzEntry *self);
const char *yz_entry_get_result (YzEntry *self);
const char *yz_entry_get_snapshot_id (YzEntry *self);

G_END_DECLS
