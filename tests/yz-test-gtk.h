/* yz-test-gtk.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

void      yz_test_gtk_init         (int         *argc,
                                    char      ***argv);
gboolean  yz_test_wait_for_draw    (GtkWidget   *widget,
                                    guint        timeout_ms);
GdkTexture *yz_test_render         (GtkWidget   *widget);
char     *yz_test_screenshot       (GtkWidget   *widget,
                                    const char  *name);
const char *yz_test_language       (void);
void      yz_test_tolerate_known_criticals (void);
gboolean  yz_test_quads_overlap    (const graphene_quad_t *a,
                                    const graphene_quad_t *b);
gboolean  yz_test_is_chinese       (void);

G_END_DECLS
