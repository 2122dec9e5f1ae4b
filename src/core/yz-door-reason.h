/* yz-door-reason.h
 *
 * Why a door was commanded (yz-door-reason.c), part of the protocol's vocabulary
 * (yz-vocabulary.h).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define YZ_DOOR_REASON_WORKER_LOCKED_OUT "worker-locked-out"
#define YZ_DOOR_REASON_MEDICAL "medical"
#define YZ_DOOR_REASON_MAINTENANCE "maintenance"
#define YZ_DOOR_REASON_RESTOCK "restock"
#define YZ_DOOR_REASON_OTHER "other"

const char *const *yz_door_reason_codes (void);
gboolean yz_door_reason_is_code (const char *code);
const char *yz_door_reason_label (const char *code);
char *yz_door_reason_parse (const char *recorded, char **words);
char *yz_door_reason_compose (const char *code, const char *words);

G_END_DECLS
