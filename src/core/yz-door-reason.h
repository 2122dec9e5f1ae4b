/* yz-door-reason.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define YZ_DOOR_REASON_OTHER "other"

const char * const *yz_door_reason_codes   (void);
gboolean            yz_door_reason_is_code (const char  *code);
char               *yz_door_reason_parse   (const char  *recorded,
                                            char       **words);
char               *yz_door_reason_compose (const char  *code,
                                            const char  *words);

G_END_DECLS
