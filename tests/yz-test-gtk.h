/* yz-test-gtk.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

void yz_test_gtk_init (int *argc, char ***argv);
void yz_test_renderer_as_console (int argc, char **argv);
gboolean yz_test_wait_for_draw (GtkWidget *widget, guint timeout_ms);
GdkTexture *yz_test_render (GtkWidget *widget);
char *yz_test_screenshot (GtkWidget *widget, const char *name);
const char *yz_test_language (void);
void yz_test_tolerate_known_criticals (void);
gboolean yz_test_quads_overlap (const graphene_quad_t *a, const graphene_quad_t *b);
gboolean yz_test_is_chinese (void);
gboolean yz_test_color_close_to (int r, int g, int b, const char *hex, int tolerance);

GtkWindow *yz_test_window_new (GtkWidget *content, int width, int height);
void yz_test_window_show (GtkWindow *window);

typedef gboolean (*YzTestWidgetMatch) (GtkWidget *widget, gconstpointer data);

GtkWidget *yz_test_find_widget (GtkWidget *root, YzTestWidgetMatch match, gconstpointer data);
void yz_test_collect (GtkWidget *root, GType type, GPtrArray *found);
GtkWidget *yz_test_find_by_type (GtkWidget *root, GType type);
GtkWidget *yz_test_find_by_css_class (GtkWidget *root, const char *css_class);
GtkWidget *yz_test_find_by_name (GtkWidget *root, const char *name);
GtkWidget *yz_test_find_button (GtkWidget *root, const char *label);
GtkWidget *yz_test_find_action_button (GtkWidget *root, const char *action_name);
GtkWidget *yz_test_find_label (GtkWidget *root, const char *text);
GtkWindow *yz_test_find_toplevel (GType type, gboolean visible_only);

G_END_DECLS
