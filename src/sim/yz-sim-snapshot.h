/* yz-sim-snapshot.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

GBytes *yz_sim_snapshot_render (const char *station_name, const char *person_name, GDateTime *time,
                                guint32 seed, GError **error);

G_END_DECLS
