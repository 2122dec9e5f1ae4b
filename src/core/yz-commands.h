/* yz-commands.h
 *
 * The audited commands: the part of YzSession that acts (yz-session-private.h). The
 * public yz_session_*_async() / _finish() are declared in yz-session.h and implemented in
 * yz-commands.c; these are what the rest of the session calls. For the core only.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "yz-event.h"
#include "yz-session.h"

G_BEGIN_DECLS

void yz_commands_init (YzSession *self);
void yz_commands_clear (YzSession *self);
void yz_commands_door_result (YzSession *self, YzEvent *event);
void yz_commands_abandon_doors (YzSession *self);

G_END_DECLS
