/* yz-renderer.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

gboolean yz_renderer_is_software_gl (const char *gl_renderer);
const char *yz_renderer_decide (const char *environment, const char *preference, gboolean have_gl,
                                const char *gl_renderer, char **reason);
void yz_renderer_choose_early (const char *preference);
void yz_renderer_choose (GdkDisplay *display, const char *preference);
void yz_renderer_recheck (void);
void yz_renderer_recheck_later (guint seconds);
int yz_renderer_probe_main (void);
char *yz_renderer_describe (void);

G_END_DECLS
