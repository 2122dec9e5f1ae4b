/* yz-entries-page.c
 *
 * Entry records as a grid of snapshot cards over the session's windowed entries model
 * (rows come from SQLite a page at a time, so a year of records opens at once): the
 * picture, the person (or "stranger"), the station, the time and how they came in;
 * strangers and denied entries stand out. Filters: person, station, result, time. A card
 * opens the picture large with its details, and the previous and next entries.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "yz-entries-page"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "yz-entries-page.h"
#include "yz-entry-model.h"
#include "yz-labels.h"

#define HOUR_MS ((gint64)3600 * 1000)

struct _YzEntriesPage
{
  GtkWidget      parent_instance;

  GtkStack      *stack;
  GtkSearchEntry *person_entry;
  GtkDropDown   *station_dropdown;
  GtkDropDown   *result_dropdown;
  GtkDropDown   *time_dropdown;
  GtkDropDown   *method_dropdown;
  GtkLabel      *count_label;
  GtkGridView   *grid;
  GtkColumnView *list;
  GtkStack      *view_stack;
  GtkToggleButton *grid_button;

  YzSession     *session;
  GtkStringList *station_names;
  GPtrArray     *station_ids;     /* parallel to station_names; [0] is "every station" */
  GHashTable    *names_by_id;
  GCancellable  *cancellable;
};

G_DEFINE_FINAL_TYPE (YzEntriesPage, yz_entries_page, GTK_TYPE_WIDGET)

static const char * const results[] = { NULL, "granted", "denied", "stranger" };
static const char * const methods[] = { NULL, "face", "qr", "card", "id-card" };

/* ---- filters ---- */

static void
update_count (YzEntriesPage *self)
{
  guint n = self->session ? g_list_model_get_n_items (G_LIST_MODEL (yz_session_get_entries (self->session))) : 0;
  g_autofree char *text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u entry", "%u entries", n), n);

  gtk_label_set_text (self->count_label, text);
}

static void
filter_changed_cb (YzEntriesPage *self)
{
  gint64 now = g_get_real_time () / 1000;
  gint64 from = G_MININT64;
  guint station = gtk_drop_down_get_selected (self->station_dropdown);
  guint result = gtk_drop_down_get_selected (self->result_dropdown);
  g_autofree char *person = NULL;

  if (self->session == NULL)
    return;
  switch (gtk_drop_down_get_selected (self->time_dropdown))
    {
    case 1: from = now - HOUR_MS; break;
    case 2:
      {
        g_autoptr(GDateTime) today = g_date_time_new_now_local ();
        g_autoptr(GDateTime) midnight = g_date_time_new_local (g_date_time_get_year (today), g_date_time_get_month (today),
                                                               g_date_time_get_day_of_month (today), 0, 0, 0);

        from = g_date_time_to_unix (midnight) * 1000;
      }
      break;
    case 3: from = now - 7 * 24 * HOUR_MS; break;
    case 4: from = now - 30 * 24 * HOUR_MS; break;
    default: break;
    }
  person = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->person_entry))));
  {
    guint method = gtk_drop_down_get_selected (self->method_dropdown);

    yz_entry_model_set_method (yz_session_get_entries (self->session),
                               method < G_N_ELEMENTS (methods) ? methods[method] : NULL);
  }
  yz_entry_model_set_filter (yz_session_get_entries (self->session),
                             station < self->station_ids->len ? g_ptr_array_index (self->station_ids, station) : NULL,
                             from, G_MAXINT64, result < G_N_ELEMENTS (results) ? results[result] : NULL, person);
  update_count (self);
}

static void
refresh_stations (YzEntriesPage *self)
{
  GListModel *stations = yz_session_get_stations (self->session);
  guint n = g_list_model_get_n_items (stations);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);

  g_ptr_array_set_size (self->station_ids, 0);
  g_hash_table_remove_all (self->names_by_id);
  g_ptr_array_add (self->station_ids, NULL);
  g_ptr_array_add (names, g_strdup (_("Every Station")));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(YzStation) station = g_list_model_get_item (stations, i);

      g_ptr_array_add (self->station_ids, g_strdup (yz_station_get_id (station)));
      g_ptr_array_add (names, g_strdup (yz_station_get_name (station)));
      g_hash_table_insert (self->names_by_id, g_strdup (yz_station_get_id (station)),
                           g_strdup (yz_station_get_name (station)));
    }
  g_ptr_array_add (names, NULL);
  gtk_string_list_splice (self->station_names, 0,
                          g_list_model_get_n_items (G_LIST_MODEL (self->station_names)),
                          (const char * const *)names->pdata);
}

static void
entries_changed_cb (YzEntriesPage *self)
{
  update_count (self);
  gtk_stack_set_visible_child_name (self->stack, "grid");
}

/* ---- cards ---- */

static void
snapshot_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GtkWidget) picture = user_data;
  g_autoptr(GBytes) bytes = yz_session_fetch_snapshot_finish (YZ_SESSION (object), result, NULL);
  g_autoptr(GdkTexture) texture = NULL;

  if (bytes != NULL && (texture = gdk_texture_new_from_bytes (bytes, NULL)) != NULL &&
      g_object_get_data (G_OBJECT (picture), "wanted") != NULL &&
      g_strcmp0 (g_object_get_data (G_OBJECT (picture), "wanted"), g_object_get_data (G_OBJECT (picture), "asked")) == 0)
    gtk_picture_set_paintable (GTK_PICTURE (picture), GDK_PAINTABLE (texture));
}

static void
card_setup_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               YzEntriesPage            *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *picture = gtk_picture_new ();
  GtkWidget *who = gtk_label_new (NULL);
  GtkWidget *where = gtk_label_new (NULL);
  GtkWidget *when = gtk_label_new (NULL);

  gtk_widget_add_css_class (box, "entry-card");
  gtk_widget_set_size_request (picture, 192, 108);
  gtk_picture_set_content_fit (GTK_PICTURE (picture), GTK_CONTENT_FIT_COVER);
  gtk_widget_set_overflow (picture, GTK_OVERFLOW_HIDDEN);
  gtk_widget_add_css_class (picture, "entry-snapshot");
  gtk_label_set_xalign (GTK_LABEL (who), 0);
  gtk_label_set_ellipsize (GTK_LABEL (who), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (who, "heading");
  gtk_label_set_xalign (GTK_LABEL (where), 0);
  gtk_label_set_ellipsize (GTK_LABEL (where), PANGO_ELLIPSIZE_END);
  gtk_label_set_xalign (GTK_LABEL (when), 0);
  gtk_widget_add_css_class (when, "caption");
  gtk_widget_add_css_class (when, "dim-label");
  gtk_box_append (GTK_BOX (box), picture);
  gtk_box_append (GTK_BOX (box), who);
  gtk_box_append (GTK_BOX (box), where);
  gtk_box_append (GTK_BOX (box), when);
  gtk_list_item_set_child (item, box);
}

static void
card_bind_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              YzEntriesPage            *self)
{
  YzEntry *entry = gtk_list_item_get_item (item);
  GtkWidget *box = gtk_list_item_get_child (item);
  GtkWidget *picture = gtk_widget_get_first_child (box);
  GtkWidget *who = gtk_widget_get_next_sibling (picture);
  GtkWidget *where = gtk_widget_get_next_sibling (who);
  GtkWidget *when = gtk_widget_get_next_sibling (where);
  const char *person = yz_entry_get_person_name (entry);
  const char *station = g_hash_table_lookup (self->names_by_id, yz_entry_get_station_id (entry));
  g_autofree char *time = yz_format_time (yz_entry_get_time (entry));
  g_autofree char *who_text = NULL;
  g_autofree char *when_text = NULL;
  gboolean alert = g_strcmp0 (yz_entry_get_result (entry), "granted") != 0;

  who_text = person ? g_strdup_printf ("%s · %s", person, yz_label_occupation (yz_entry_get_occupation (entry)))
                    : g_strdup (_("Stranger"));
  when_text = g_strdup_printf ("%s · %s", time, yz_label_entry_result (yz_entry_get_result (entry)));
  gtk_label_set_text (GTK_LABEL (who), who_text);
  gtk_label_set_text (GTK_LABEL (where), station ? station : yz_entry_get_station_id (entry));
  gtk_label_set_text (GTK_LABEL (when), when_text);
  if (alert)
    gtk_widget_add_css_class (box, "alert");
  else
    gtk_widget_remove_css_class (box, "alert");

  gtk_picture_set_paintable (GTK_PICTURE (picture), NULL);
  g_object_set_data_full (G_OBJECT (picture), "wanted", g_strdup (yz_entry_get_snapshot_id (entry)), g_free);
  if (yz_entry_get_snapshot_id (entry) != NULL && self->session != NULL)
    {
      g_object_set_data_full (G_OBJECT (picture), "asked", g_strdup (yz_entry_get_snapshot_id (entry)), g_free);
      yz_session_fetch_snapshot_async (self->session, yz_entry_get_snapshot_id (entry), self->cancellable,
                                       snapshot_cb, g_object_ref (picture));
    }
}

/* ---- the list ---- */

typedef enum {
  LIST_TIME,
  LIST_STATION,
  LIST_PERSON,
  LIST_OCCUPATION,
  LIST_METHOD,
  LIST_RESULT,
} ListColumn;

static void
list_setup_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               gpointer                  user_data)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_list_item_set_child (item, label);
}

static void
list_bind_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              YzEntriesPage            *self)
{
  YzEntry *entry = gtk_list_item_get_item (item);
  GtkWidget *label = gtk_list_item_get_child (item);
  ListColumn column = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (factory), "column"));
  g_autofree char *text = NULL;

  switch (column)
    {
    case LIST_TIME: text = yz_format_time (yz_entry_get_time (entry)); break;
    case LIST_STATION:
      text = g_strdup (g_hash_table_lookup (self->names_by_id, yz_entry_get_station_id (entry))
                       ? g_hash_table_lookup (self->names_by_id, yz_entry_get_station_id (entry))
                       : yz_entry_get_station_id (entry));
      break;
    case LIST_PERSON:
      text = g_strdup (yz_entry_get_person_name (entry) ? yz_entry_get_person_name (entry) : _("Stranger"));
      break;
    case LIST_OCCUPATION: text = g_strdup (yz_label_occupation (yz_entry_get_occupation (entry))); break;
    case LIST_METHOD: text = g_strdup (yz_entry_get_method (entry)); break;
    case LIST_RESULT: text = g_strdup (yz_label_entry_result (yz_entry_get_result (entry))); break;
    default: break;
    }
  gtk_label_set_text (GTK_LABEL (label), text ? text : "");
  if (g_strcmp0 (yz_entry_get_result (entry), "granted") != 0)
    gtk_widget_add_css_class (label, "warning");
  else
    gtk_widget_remove_css_class (label, "warning");
}

static void
add_list_column (YzEntriesPage *self,
                 ListColumn     column,
                 const char    *title,
                 gboolean       expand)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  GtkColumnViewColumn *view_column;

  g_object_set_data (G_OBJECT (factory), "column", GINT_TO_POINTER (column));
  g_signal_connect (factory, "setup", G_CALLBACK (list_setup_cb), self);
  g_signal_connect (factory, "bind", G_CALLBACK (list_bind_cb), self);
  view_column = gtk_column_view_column_new (title, factory);
  gtk_column_view_column_set_expand (view_column, expand);
  gtk_column_view_column_set_resizable (view_column, TRUE);
  gtk_column_view_append_column (self->list, view_column);
  g_object_unref (view_column);
}

static void
view_toggled_cb (YzEntriesPage *self)
{
  gtk_stack_set_visible_child_name (self->view_stack,
                                    gtk_toggle_button_get_active (self->grid_button) ? "grid" : "list");
}

/* ---- the viewer ---- */

typedef struct
{
  YzEntriesPage *page;
  guint          position;
  GtkPicture    *picture;
  GtkLabel      *details;
  GtkWindow     *window;
} Viewer;

static void
viewer_snapshot_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GtkWidget) picture = user_data;
  g_autoptr(GBytes) bytes = yz_session_fetch_snapshot_finish (YZ_SESSION (object), result, NULL);
  g_autoptr(GdkTexture) texture = bytes ? gdk_texture_new_from_bytes (bytes, NULL) : NULL;

  gtk_picture_set_paintable (GTK_PICTURE (picture), texture ? GDK_PAINTABLE (texture) : NULL);
}

static void
viewer_show (Viewer *viewer)
{
  GListModel *model = G_LIST_MODEL (yz_session_get_entries (viewer->page->session));
  g_autoptr(YzEntry) entry = g_list_model_get_item (model, viewer->position);
  g_autofree char *time = NULL;
  g_autofree char *text = NULL;
  const char *station;

  if (entry == NULL)
    return;
  station = g_hash_table_lookup (viewer->page->names_by_id, yz_entry_get_station_id (entry));
  time = yz_format_time (yz_entry_get_time (entry));
  text = g_strdup_printf (_("%s · %s · %s\n%s · %s · %s"),
                          yz_entry_get_person_name (entry) ? yz_entry_get_person_name (entry) : _("Stranger"),
                          yz_label_occupation (yz_entry_get_occupation (entry)),
                          yz_label_entry_result (yz_entry_get_result (entry)),
                          station ? station : yz_entry_get_station_id (entry), time,
                          yz_entry_get_method (entry) ? yz_entry_get_method (entry) : "");
  gtk_label_set_text (viewer->details, text);
  gtk_picture_set_paintable (viewer->picture, NULL);
  if (yz_entry_get_snapshot_id (entry) != NULL)
    yz_session_fetch_snapshot_async (viewer->page->session, yz_entry_get_snapshot_id (entry), NULL,
                                     viewer_snapshot_cb, g_object_ref (GTK_WIDGET (viewer->picture)));
}

static void
viewer_step (GtkButton *button,
             Viewer    *viewer)
{
  int step = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (button), "step"));
  guint n = g_list_model_get_n_items (G_LIST_MODEL (yz_session_get_entries (viewer->page->session)));

  if ((step < 0 && viewer->position == 0) || (step > 0 && viewer->position + 1 >= n))
    return;
  viewer->position += step;
  viewer_show (viewer);
}

/* Fit to the window, or every pixel (scroll to look around). */
static void
viewer_zoom_cb (GtkToggleButton *button,
                Viewer          *viewer)
{
  gtk_picture_set_can_shrink (viewer->picture, !gtk_toggle_button_get_active (button));
}

static void
viewer_live_cb (GtkButton *button,
                Viewer    *viewer)
{
  GListModel *model = G_LIST_MODEL (yz_session_get_entries (viewer->page->session));
  g_autoptr(YzEntry) entry = g_list_model_get_item (model, viewer->position);
  GListModel *cameras = yz_session_get_cameras (viewer->page->session);

  if (entry == NULL)
    return;
  for (guint i = 0; i < g_list_model_get_n_items (cameras); i++)
    {
      g_autoptr(YzCamera) camera = g_list_model_get_item (cameras, i);

      if (g_strcmp0 (yz_camera_get_station_id (camera), yz_entry_get_station_id (entry)) == 0)
        {
          gtk_widget_activate_action (GTK_WIDGET (viewer->page), "win.show-camera", "s", yz_camera_get_id (camera));
          gtk_window_destroy (viewer->window);
          return;
        }
    }
}

static void
card_activate_cb (YzEntriesPage *self,
                  guint          position)
{
  Viewer *viewer = g_new0 (Viewer, 1);
  GtkWidget *box, *header, *buttons, *prev, *next;

  viewer->page = self;
  viewer->position = position;
  viewer->window = GTK_WINDOW (adw_window_new ());
  gtk_window_set_transient_for (viewer->window, GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))));
  gtk_window_set_modal (viewer->window, TRUE);
  gtk_window_set_default_size (viewer->window, 960, 700);
  gtk_window_set_title (viewer->window, _("Entry"));
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  header = adw_header_bar_new ();
  buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  gtk_widget_add_css_class (buttons, "linked");
  prev = gtk_button_new_from_icon_name ("go-previous-symbolic");
  gtk_widget_set_tooltip_text (prev, _("Newer Entry"));
  next = gtk_button_new_from_icon_name ("go-next-symbolic");
  gtk_widget_set_tooltip_text (next, _("Older Entry"));
  g_object_set_data (G_OBJECT (prev), "step", GINT_TO_POINTER (-1));
  g_object_set_data (G_OBJECT (next), "step", GINT_TO_POINTER (1));
  g_signal_connect (prev, "clicked", G_CALLBACK (viewer_step), viewer);
  g_signal_connect (next, "clicked", G_CALLBACK (viewer_step), viewer);
  gtk_box_append (GTK_BOX (buttons), prev);
  gtk_box_append (GTK_BOX (buttons), next);
  adw_header_bar_pack_start (ADW_HEADER_BAR (header), buttons);
  {
    /* No recordings from the gateway yet: the station's camera as it is now. */
    GtkWidget *live = gtk_button_new_with_mnemonic (_("Watch the Camera _Live"));

    g_signal_connect (live, "clicked", G_CALLBACK (viewer_live_cb), viewer);
    adw_header_bar_pack_end (ADW_HEADER_BAR (header), live);
  }
  viewer->picture = GTK_PICTURE (gtk_picture_new ());
  {
    GtkWidget *zoom = gtk_toggle_button_new ();

    gtk_button_set_icon_name (GTK_BUTTON (zoom), "zoom-original-symbolic");
    gtk_widget_set_tooltip_text (zoom, _("Full Size"));
    g_signal_connect (zoom, "toggled", G_CALLBACK (viewer_zoom_cb), viewer);
    adw_header_bar_pack_start (ADW_HEADER_BAR (header), zoom);
  }
  viewer->details = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_selectable (viewer->details, TRUE);
  gtk_widget_set_margin_bottom (GTK_WIDGET (viewer->details), 12);
  gtk_box_append (GTK_BOX (box), header);
  {
    GtkWidget *scrolled = gtk_scrolled_window_new ();

    gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), GTK_WIDGET (viewer->picture));
    gtk_widget_set_vexpand (scrolled, TRUE);
    gtk_box_append (GTK_BOX (box), scrolled);
  }
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (viewer->details));
  adw_window_set_content (ADW_WINDOW (viewer->window), box);
  g_object_set_data_full (G_OBJECT (viewer->window), "viewer", viewer, g_free);
  viewer_show (viewer);
  gtk_window_present (viewer->window);
}

/* ---- GObject ---- */

static void
yz_entries_page_dispose (GObject *object)
{
  YzEntriesPage *self = YZ_ENTRIES_PAGE (object);
  GtkWidget *child;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_clear_object (&self->session);
  gtk_widget_dispose_template (GTK_WIDGET (object), YZ_TYPE_ENTRIES_PAGE);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (object))))
    gtk_widget_unparent (child);
  g_clear_object (&self->station_names);

  G_OBJECT_CLASS (yz_entries_page_parent_class)->dispose (object);
}

static void
yz_entries_page_finalize (GObject *object)
{
  YzEntriesPage *self = YZ_ENTRIES_PAGE (object);

  g_ptr_array_unref (self->station_ids);
  g_hash_table_unref (self->names_by_id);

  G_OBJECT_CLASS (yz_entries_page_parent_class)->finalize (object);
}

static void
yz_entries_page_class_init (YzEntriesPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = yz_entries_page_dispose;
  object_class->finalize = yz_entries_page_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/yz-entries-page.ui");
  gtk_widget_class_bind_template_child (widget_class, YzEntriesPage, stack);
  gtk_widget_class_bind_template_child (widget_class, YzEntriesPage, person_entry);
  gtk_widget_class_bind_template_child (widget_class, YzEntriesPage, station_dropdown);
  gtk_widget_class_bind_template_child (widget_class, YzEntriesPage, result_dropdown);
  gtk_widget_class_bind_template_child (widget_class, YzEntriesPage, time_dropdown);
  gtk_widget_class_bind_template_child (widget_class, YzEntriesPage, method_dropdown);
  gtk_widget_class_bind_template_child (widget_class, YzEntriesPage, count_label);
  gtk_widget_class_bind_template_child (widget_class, YzEntriesPage, grid);
  gtk_widget_class_bind_template_child (widget_class, YzEntriesPage, list);
  gtk_widget_class_bind_template_child (widget_class, YzEntriesPage, view_stack);
  gtk_widget_class_bind_template_child (widget_class, YzEntriesPage, grid_button);
  gtk_widget_class_bind_template_callback (widget_class, view_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, filter_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, card_activate_cb);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
yz_entries_page_init (YzEntriesPage *self)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  self->station_ids = g_ptr_array_new_with_free_func (g_free);
  self->names_by_id = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->station_names = gtk_string_list_new (NULL);
  gtk_drop_down_set_model (self->station_dropdown, G_LIST_MODEL (self->station_names));
  g_signal_connect (factory, "setup", G_CALLBACK (card_setup_cb), self);
  g_signal_connect (factory, "bind", G_CALLBACK (card_bind_cb), self);
  gtk_grid_view_set_factory (self->grid, factory);
  g_object_unref (factory);

  add_list_column (self, LIST_TIME, _("Time"), FALSE);
  add_list_column (self, LIST_STATION, _("Station"), TRUE);
  add_list_column (self, LIST_PERSON, _("Person"), TRUE);
  add_list_column (self, LIST_OCCUPATION, _("Occupation"), FALSE);
  add_list_column (self, LIST_METHOD, _("Method"), FALSE);
  add_list_column (self, LIST_RESULT, _("Result"), FALSE);
  gtk_stack_set_visible_child_name (self->view_stack, "grid");
}

/* ---- public ---- */

GtkWidget *
yz_entries_page_new (void)
{
  return g_object_new (YZ_TYPE_ENTRIES_PAGE, NULL);
}

void
yz_entries_page_set_session (YzEntriesPage *self,
                             YzSession     *session)
{
  g_return_if_fail (YZ_IS_ENTRIES_PAGE (self));

  if (!g_set_object (&self->session, session) || session == NULL)
    return;
  {
    g_autoptr(GtkSingleSelection) selection =
      gtk_single_selection_new (g_object_ref (G_LIST_MODEL (yz_session_get_entries (session))));

    gtk_single_selection_set_autoselect (selection, FALSE);
    gtk_grid_view_set_model (self->grid, GTK_SELECTION_MODEL (selection));
    gtk_column_view_set_model (self->list, GTK_SELECTION_MODEL (selection));
  }
  g_signal_connect_object (yz_session_get_stations (session), "items-changed",
                           G_CALLBACK (refresh_stations), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (yz_session_get_entries (session), "items-changed",
                           G_CALLBACK (entries_changed_cb), self, G_CONNECT_SWAPPED);
  refresh_stations (self);
  if (g_list_model_get_n_items (G_LIST_MODEL (yz_session_get_entries (session))) > 0)
    entries_changed_cb (self);
  update_count (self);
}

/* For tests: @result and @when as the drop-downs count them. */
void
yz_entries_page_set_filter (YzEntriesPage *self,
                            const char    *person,
                            guint          result,
                            guint          when)
{
  gtk_editable_set_text (GTK_EDITABLE (self->person_entry), person ? person : "");
  gtk_drop_down_set_selected (self->result_dropdown, result);
  gtk_drop_down_set_selected (self->time_dropdown, when);
  filter_changed_cb (self);
}

GListModel *
yz_entries_page_get_model (YzEntriesPage *self)
{
  return self->session ? G_LIST_MODEL (yz_session_get_entries (self->session)) : NULL;
}

GtkWidget *
yz_entries_page_get_grid (YzEntriesPage *self)
{
  return GTK_WIDGET (self->grid);
}
