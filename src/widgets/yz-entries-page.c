/* yz-entries-page.c
 *
 * Entry records as a grid of snapshot cards over the session's windowed entries model
 * (rows come from SQLite a page at a time, so a year of records opens at once): the
 * picture (or "No picture"), the person (or "stranger"), the station, the time and how they
 * came in; strangers and denied entries stand out. Filters: person and station as typed,
 * result, method, and time (presets or a custom from–to range). A card opens the picture
 * large with its details, and the previous and next entries.
 *
 * Nothing moves under the pointer: while the view is scrolled away from the top or the
 * pointer is over it, the model holds new entries back (yz_entry_model_set_hold()) and a
 * "N new entries" button at the top of the view shows how many; clicking it, or being back
 * at the top with the pointer elsewhere, lets them in.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "yz-entries-page"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "yz-entries-page.h"
#include "yz-entry-card.h"
#include "yz-entry-model.h"
#include "yz-entry-viewer.h"
#include "yz-labels.h"
#include "yz-vocabulary.h"

/* Typed filters apply this long after the last key: a search per word, not per letter. */
#define TYPING_DELAY_MS 300

struct _YzEntriesPage
{
  GtkWidget parent_instance;

  GtkStack *stack;
  GtkSearchEntry *person_entry;
  GtkSearchEntry *station_entry;
  GtkDropDown *result_dropdown;
  GtkDropDown *time_dropdown;
  GtkStringList *time_choices;
  GtkDropDown *method_dropdown;
  GtkMenuButton *range_button;
  GtkPopover *range_popover;
  GtkCalendar *from_calendar;
  GtkSpinButton *from_hour;
  GtkSpinButton *from_minute;
  GtkCalendar *to_calendar;
  GtkSpinButton *to_hour;
  GtkSpinButton *to_minute;
  GtkLabel *range_error;
  GtkWidget *range_apply;
  GtkLabel *count_label;
  GtkStack *content_stack;
  AdwStatusPage *status_page;
  GtkWidget *overlay;
  GtkGridView *grid;
  GtkColumnView *list;
  GtkScrolledWindow *grid_scroller;
  GtkScrolledWindow *list_scroller;
  GtkStack *view_stack;
  GtkToggleButton *grid_button;
  GtkWidget *held_button;
  GtkLabel *held_label;

  YzSession *session;
  GSignalGroup *session_signals;
  GSignalGroup *entries_signals;  /* the session's entries model */
  GSignalGroup *stations_signals; /* the session's stations */
  GHashTable *names_by_id;
  GCancellable *cancellable;

  guint time_choice; /* the last preset, to go back to when a custom range is dropped */
  gboolean has_custom;
  gint64 custom_from;
  gint64 custom_to;

  gboolean pointer_over;
  guint n_viewers; /* open viewers step by position: hold while one is open */
  guint typing_id;
  guint hold_id;
};

G_DEFINE_FINAL_TYPE (YzEntriesPage, yz_entries_page, GTK_TYPE_WIDGET)

enum
{
  PROP_0,
  PROP_SESSION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The result and method drop-downs: "any" first, then the protocol's words in the order
 * of yz-vocabulary.h. */
static const char *
chosen_word (const char *const *words, guint selected)
{
  return selected > 0 && selected <= g_strv_length ((char **)words) ? words[selected - 1] : NULL;
}

/* ---- what the page says when there is nothing to show ---- */

static gboolean
is_filtered (YzEntriesPage *self)
{
  return *gtk_editable_get_text (GTK_EDITABLE (self->person_entry)) != '\0' ||
         *gtk_editable_get_text (GTK_EDITABLE (self->station_entry)) != '\0' ||
         gtk_drop_down_get_selected (self->result_dropdown) != 0 ||
         gtk_drop_down_get_selected (self->method_dropdown) != 0 ||
         gtk_drop_down_get_selected (self->time_dropdown) != YZ_ENTRIES_TIME_ANY;
}

static void
update_empty (YzEntriesPage *self)
{
  YzEntryModel *model = self->session ? yz_session_get_entries (self->session) : NULL;
  guint n =
      model ? g_list_model_get_n_items (G_LIST_MODEL (model)) + yz_entry_model_get_n_held (model)
            : 0;
  YzEntriesEmpty empty;

  empty = yz_entries_page_empty_state (
      self->session != NULL,
      self->session ? yz_session_get_connection_state (self->session) : YZ_CONNECTION_DISCONNECTED,
      n, is_filtered (self));
  gtk_stack_set_visible_child_name (self->stack,
                                    empty == YZ_ENTRIES_EMPTY_NO_GATEWAY ? "empty" : "grid");
  gtk_stack_set_visible_child_name (self->content_stack,
                                    empty == YZ_ENTRIES_EMPTY_NONE ? "views" : "empty");
  switch (empty)
    {
    case YZ_ENTRIES_EMPTY_NO_MATCH:
      adw_status_page_set_icon_name (self->status_page, "edit-find-symbolic");
      adw_status_page_set_title (self->status_page, _("No Matching Entries"));
      adw_status_page_set_description (self->status_page,
                                       _("No entry on record matches these filters."));
      break;
    case YZ_ENTRIES_EMPTY_NOT_CONNECTED:
      adw_status_page_set_icon_name (self->status_page, "network-offline-symbolic");
      adw_status_page_set_title (self->status_page, _("Not Connected"));
      adw_status_page_set_description (
          self->status_page,
          _("The console is not connected to the gateway and has no entries on record. "
             "They are shown here when the connection is back."));
      break;
    case YZ_ENTRIES_EMPTY_NO_ENTRIES:
      adw_status_page_set_icon_name (self->status_page, "system-users-symbolic");
      adw_status_page_set_title (self->status_page, _("No Entries Yet"));
      adw_status_page_set_description (self->status_page,
                                       _("No one has come in through a station door yet. Entries "
                                          "are shown here as they happen."));
      break;
    case YZ_ENTRIES_EMPTY_NONE:
    case YZ_ENTRIES_EMPTY_NO_GATEWAY:
    default:
      break;
    }
}

/* ---- filters ---- */

static void
update_count (YzEntriesPage *self)
{
  guint n = self->session
                ? g_list_model_get_n_items (G_LIST_MODEL (yz_session_get_entries (self->session)))
                : 0;
  g_autofree char *text =
      g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u entry", "%u entries", n), n);

  gtk_label_set_text (self->count_label, text);
}

static void
filter_changed_cb (YzEntriesPage *self)
{
  YzEntryModel *model;
  gint64 from, to;
  guint result = gtk_drop_down_get_selected (self->result_dropdown);
  guint method = gtk_drop_down_get_selected (self->method_dropdown);
  g_autofree char *person = NULL;
  g_autofree char *station = NULL;

  if (self->session == NULL)
    return;
  model = yz_session_get_entries (self->session);
  yz_entries_time_range (gtk_drop_down_get_selected (self->time_dropdown),
                         g_get_real_time () / 1000, self->has_custom, self->custom_from,
                         self->custom_to, &from, &to);
  person = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->person_entry))));
  station = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->station_entry))));
  yz_entry_model_set_method (model, chosen_word (yz_entry_methods (), method));
  yz_entry_model_set_station_text (model, station);
  yz_entry_model_set_filter (model, NULL, from, to, chosen_word (yz_entry_results (), result),
                             person);
  update_count (self);
  update_empty (self);
}

static gboolean
typing_done_cb (gpointer user_data)
{
  YzEntriesPage *self = user_data;

  self->typing_id = 0;
  filter_changed_cb (self);
  return G_SOURCE_REMOVE;
}

static void
typed_cb (YzEntriesPage *self)
{
  g_clear_handle_id (&self->typing_id, g_source_remove);
  self->typing_id = g_timeout_add (TYPING_DELAY_MS, typing_done_cb, self);
}

/* Enter: no need to wait. */
static void
typed_now_cb (YzEntriesPage *self)
{
  if (self->typing_id != 0)
    {
      g_clear_handle_id (&self->typing_id, g_source_remove);
      filter_changed_cb (self);
    }
}

/* ---- the custom time range ---- */

static gint64
read_moment (GtkCalendar *calendar, GtkSpinButton *hour, GtkSpinButton *minute)
{
  g_autoptr(GDateTime) day = gtk_calendar_get_date (calendar);
  g_autoptr(GDateTime) moment = g_date_time_new_local (
      g_date_time_get_year (day), g_date_time_get_month (day), g_date_time_get_day_of_month (day),
      gtk_spin_button_get_value_as_int (hour), gtk_spin_button_get_value_as_int (minute), 0);

  return g_date_time_to_unix (moment) * 1000;
}

static void
write_moment (gint64 ms, GtkCalendar *calendar, GtkSpinButton *hour, GtkSpinButton *minute)
{
  g_autoptr(GDateTime) moment = g_date_time_new_from_unix_local (ms / 1000);

  gtk_calendar_select_day (calendar, moment);
  gtk_spin_button_set_value (hour, g_date_time_get_hour (moment));
  gtk_spin_button_set_value (minute, g_date_time_get_minute (moment));
}

static void
range_edited_cb (YzEntriesPage *self)
{
  g_autofree char *message = NULL;
  gboolean ok = yz_entries_page_check_range (
      read_moment (self->from_calendar, self->from_hour, self->from_minute),
      read_moment (self->to_calendar, self->to_hour, self->to_minute), &message);

  gtk_label_set_text (self->range_error, message ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->range_error), !ok);
  gtk_widget_set_sensitive (self->range_apply, ok);
}

static gboolean
two_digits_cb (GtkSpinButton *spin)
{
  g_autofree char *text = g_strdup_printf ("%02d", gtk_spin_button_get_value_as_int (spin));

  if (g_strcmp0 (text, gtk_editable_get_text (GTK_EDITABLE (spin))) != 0)
    gtk_editable_set_text (GTK_EDITABLE (spin), text);
  return TRUE;
}

/* Opens on the range in use, else on today from midnight to the next minute. */
static void
range_popover_show_cb (YzEntriesPage *self)
{
  gint64 from = self->custom_from;
  gint64 to = self->custom_to;

  if (!self->has_custom)
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_local ();
      g_autoptr(GDateTime) midnight =
          g_date_time_new_local (g_date_time_get_year (now), g_date_time_get_month (now),
                                 g_date_time_get_day_of_month (now), 0, 0, 0);

      from = g_date_time_to_unix (midnight) * 1000;
      to = (g_date_time_to_unix (now) / 60 + 1) * 60 * 1000;
    }
  write_moment (from, self->from_calendar, self->from_hour, self->from_minute);
  write_moment (to, self->to_calendar, self->to_hour, self->to_minute);
  range_edited_cb (self);
}

static char *
format_range (gint64 from, gint64 to)
{
  g_autoptr(GDateTime) a = g_date_time_new_from_unix_local (from / 1000);
  g_autoptr(GDateTime) b = g_date_time_new_from_unix_local (to / 1000);
  /* Translators: one end of a custom time range in the "When" drop-down, as a
   * g_date_time_format() format: %m month, %d day, %H:%M hour and minute */
  /* xgettext:no-c-format */
  g_autofree char *first = g_date_time_format (a, C_("time range", "%m-%d %H:%M"));
  /* xgettext:no-c-format */
  g_autofree char *last = g_date_time_format (b, C_("time range", "%m-%d %H:%M"));

  /* Translators: a custom time range: from – to */
  return g_strdup_printf (C_("time range", "%s – %s"), first, last);
}

static void
set_custom_label (YzEntriesPage *self, const char *text)
{
  const char *items[] = { text, NULL };

  /* Keep the selection: replacing the selected item would unselect it. */
  g_signal_handlers_block_matched (self->time_dropdown, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL,
                                   self);
  gtk_string_list_splice (self->time_choices, YZ_ENTRIES_TIME_CUSTOM, 1, items);
  gtk_drop_down_set_selected (self->time_dropdown, YZ_ENTRIES_TIME_CUSTOM);
  g_signal_handlers_unblock_matched (self->time_dropdown, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL,
                                     self);
}

static void
range_apply_cb (YzEntriesPage *self)
{
  gint64 from = read_moment (self->from_calendar, self->from_hour, self->from_minute);
  gint64 to = read_moment (self->to_calendar, self->to_hour, self->to_minute);
  g_autofree char *label = NULL;

  if (!yz_entries_page_check_range (from, to, NULL))
    return;
  self->has_custom = TRUE;
  self->custom_from = from;
  self->custom_to = to;
  label = format_range (from, to);
  set_custom_label (self, label);
  gtk_popover_popdown (self->range_popover);
  filter_changed_cb (self);
}

/* Closed without a range: back to the preset that was in use. */
static void
range_popover_closed_cb (YzEntriesPage *self)
{
  if (!self->has_custom &&
      gtk_drop_down_get_selected (self->time_dropdown) == YZ_ENTRIES_TIME_CUSTOM)
    gtk_drop_down_set_selected (self->time_dropdown, self->time_choice);
}

static gboolean
popup_range_cb (gpointer user_data)
{
  YzEntriesPage *self = user_data;

  if (gtk_widget_get_mapped (GTK_WIDGET (self->range_button)))
    gtk_menu_button_popup (self->range_button);
  return G_SOURCE_REMOVE;
}

static void
time_changed_cb (YzEntriesPage *self)
{
  guint choice = gtk_drop_down_get_selected (self->time_dropdown);

  if (choice == YZ_ENTRIES_TIME_CUSTOM)
    {
      /* After the drop-down's own list has closed. */
      g_idle_add_full (G_PRIORITY_DEFAULT, popup_range_cb, g_object_ref (self), g_object_unref);
      if (!self->has_custom)
        return;
    }
  else
    {
      self->time_choice = choice;
    }
  filter_changed_cb (self);
}

/* ---- holding new entries ---- */

static gboolean
at_top (YzEntriesPage *self)
{
  GtkScrolledWindow *scroller =
      gtk_toggle_button_get_active (self->grid_button) ? self->grid_scroller : self->list_scroller;

  return gtk_adjustment_get_value (gtk_scrolled_window_get_vadjustment (scroller)) < 1.0;
}

static void
update_hold (YzEntriesPage *self)
{
  if (self->session == NULL)
    return;
  yz_entry_model_set_hold (yz_session_get_entries (self->session),
                           self->pointer_over || self->n_viewers > 0 || !at_top (self));
}

static void
update_held (YzEntriesPage *self)
{
  guint n = self->session ? yz_entry_model_get_n_held (yz_session_get_entries (self->session)) : 0;
  g_autofree char *text =
      g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u new entry", "%u new entries", n), n);

  gtk_label_set_text (self->held_label, text);
  gtk_widget_set_visible (self->held_button, n > 0);
}

/* A list view keeps its top item in place when rows are inserted above it; at the top of
 * the list, the officer wants to see the newest instead. Through the views' own action:
 * setting the adjustment before they have laid out the new rows upsets GTK 4.8's grid. */
static void
scroll_to_top (YzEntriesPage *self)
{
  GtkWidget *list_view = NULL;

  if (self->session == NULL ||
      g_list_model_get_n_items (G_LIST_MODEL (yz_session_get_entries (self->session))) == 0)
    return;
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->list)); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_LIST_VIEW (child))
      list_view = child;
  gtk_widget_activate_action (GTK_WIDGET (self->grid), "list.scroll-to-item", "u", 0);
  if (list_view != NULL)
    gtk_widget_activate_action (list_view, "list.scroll-to-item", "u", 0);
}

static gboolean
update_hold_cb (gpointer user_data)
{
  YzEntriesPage *self = user_data;

  self->hold_id = 0;
  update_hold (self);
  return G_SOURCE_REMOVE;
}

/* Scrolling happens during layout: decide once it is done. */
static void
scrolled_cb (YzEntriesPage *self)
{
  /* Nothing to hold without a session (nor while the page is disposed). */
  if (self->session != NULL && self->hold_id == 0)
    self->hold_id = g_idle_add (update_hold_cb, self);
}

static void
held_clicked_cb (YzEntriesPage *self)
{
  if (self->session == NULL)
    return;
  yz_entry_model_show_held (yz_session_get_entries (self->session));
  scroll_to_top (self);
  update_hold (self);
}

static void
pointer_motion_cb (YzEntriesPage *self)
{
  if (!self->pointer_over)
    {
      self->pointer_over = TRUE;
      update_hold (self);
    }
}

static void
pointer_leave_cb (YzEntriesPage *self)
{
  self->pointer_over = FALSE;
  update_hold (self);
}

/* ---- the model ---- */

static void
entries_changed_cb (YzEntriesPage *self, guint position, guint removed, guint added)
{
  YzEntryModel *model = yz_session_get_entries (self->session);

  /* New entries at the top while the officer is at the top (nothing held): show them. */
  if (position == 0 && added > removed && !yz_entry_model_get_hold (model))
    scroll_to_top (self);
  update_count (self);
  update_empty (self);
}

static void
refresh_stations (YzEntriesPage *self)
{
  GListModel *stations = yz_session_get_stations (self->session);
  guint n = g_list_model_get_n_items (stations);

  g_hash_table_remove_all (self->names_by_id);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(YzStation) station = g_list_model_get_item (stations, i);

      g_hash_table_insert (self->names_by_id, g_strdup (yz_station_get_id (station)),
                           g_strdup (yz_station_get_name (station)));
    }
}

/* ---- cards ---- */

static void
card_setup_cb (GtkSignalListItemFactory *factory, GtkListItem *item, YzEntriesPage *self)
{
  gtk_list_item_set_child (item, yz_entry_card_new ());
}

static void
card_bind_cb (GtkSignalListItemFactory *factory, GtkListItem *item, YzEntriesPage *self)
{
  YzEntry *entry = gtk_list_item_get_item (item);

  yz_entry_card_bind (YZ_ENTRY_CARD (gtk_list_item_get_child (item)), entry,
                      g_hash_table_lookup (self->names_by_id, yz_entry_get_station_id (entry)),
                      self->session, self->cancellable);
}

/* ---- the list ---- */

/* The list's cells: <closure>s in yz-entries-page.ui, and the station by name. */

static char *
entry_time_label (gpointer item, gint64 time)
{
  return yz_format_time (time);
}

static char *
entry_person_label (gpointer item, const char *person_name)
{
  return g_strdup (person_name ? person_name : _("Stranger"));
}

static char *
entry_occupation_label (gpointer item, const char *occupation)
{
  return g_strdup (yz_label_occupation (occupation));
}

static char *
entry_method_label (gpointer item, const char *method)
{
  return g_strdup (yz_entry_method_label (method));
}

static char *
entry_result_label (gpointer item, const char *result)
{
  return g_strdup (yz_label_entry_result (result));
}

/* Strangers and denied entries stand out. */
static char **
entry_result_classes (gpointer item, const char *result)
{
  const char *classes[] = { g_strcmp0 (result, YZ_ENTRY_RESULT_GRANTED) != 0 ? "warning" : NULL,
                            NULL };

  return g_strdupv ((char **)classes);
}

static void
list_setup_cb (GtkSignalListItemFactory *factory, GtkListItem *item, YzEntriesPage *self)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_list_item_set_child (item, label);
}

static void
list_station_bind_cb (GtkSignalListItemFactory *factory, GtkListItem *item, YzEntriesPage *self)
{
  YzEntry *entry = gtk_list_item_get_item (item);
  GtkWidget *label = gtk_list_item_get_child (item);
  const char *name = g_hash_table_lookup (self->names_by_id, yz_entry_get_station_id (entry));
  g_auto(GStrv) classes = entry_result_classes (item, yz_entry_get_result (entry));

  gtk_label_set_text (GTK_LABEL (label), name ? name : yz_entry_get_station_id (entry));
  gtk_widget_set_css_classes (label, (const char **)classes);
}

static void
view_toggled_cb (YzEntriesPage *self)
{
  gtk_stack_set_visible_child_name (
      self->view_stack, gtk_toggle_button_get_active (self->grid_button) ? "grid" : "list");
  /* The other view may be elsewhere in the list. */
  scrolled_cb (self);
}

/* ---- the viewer ---- */

static void
viewer_closed_cb (YzEntriesPage *self)
{
  self->n_viewers--;
  update_hold (self);
}

static void
viewer_show_camera_cb (YzEntriesPage *self, const char *camera_id)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "win.show-camera", "s", camera_id);
}

static void
card_activate_cb (YzEntriesPage *self, guint position)
{
  YzEntryViewer *viewer;

  if (self->session == NULL)
    return;
  viewer = yz_entry_viewer_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))), self->session,
                                self->names_by_id, position, self->cancellable);
  self->n_viewers++;
  update_hold (self);
  g_signal_connect_object (viewer, "destroy", G_CALLBACK (viewer_closed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (viewer, "show-camera", G_CALLBACK (viewer_show_camera_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (viewer));
}

/* ---- GObject ---- */

static void
yz_entries_page_dispose (GObject *object)
{
  YzEntriesPage *self = YZ_ENTRIES_PAGE (object);
  GtkWidget *child;

  /* The views let go of the model first, so that releasing held entries binds no card
   * and starts no picture fetch on a page that is going away; then nothing is pending. */
  if (self->grid != NULL)
    gtk_grid_view_set_model (self->grid, NULL);
  if (self->list != NULL)
    gtk_column_view_set_model (self->list, NULL);
  if (self->session_signals != NULL)
    {
      g_signal_group_set_target (self->session_signals, NULL);
      g_signal_group_set_target (self->entries_signals, NULL);
      g_signal_group_set_target (self->stations_signals, NULL);
    }
  g_clear_object (&self->session_signals);
  g_clear_object (&self->entries_signals);
  g_clear_object (&self->stations_signals);
  if (self->session != NULL)
    yz_entry_model_set_hold (yz_session_get_entries (self->session), FALSE);
  g_clear_object (&self->session);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_handle_id (&self->typing_id, g_source_remove);
  g_clear_handle_id (&self->hold_id, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (object), YZ_TYPE_ENTRIES_PAGE);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (object))))
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (yz_entries_page_parent_class)->dispose (object);
}

static void
yz_entries_page_finalize (GObject *object)
{
  YzEntriesPage *self = YZ_ENTRIES_PAGE (object);

  g_hash_table_unref (self->names_by_id);

  G_OBJECT_CLASS (yz_entries_page_parent_class)->finalize (object);
}

static void
yz_entries_page_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  YzEntriesPage *self = YZ_ENTRIES_PAGE (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
yz_entries_page_set_property (GObject *object, guint prop_id, const GValue *value,
                              GParamSpec *pspec)
{
  YzEntriesPage *self = YZ_ENTRIES_PAGE (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      yz_entries_page_set_session (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
yz_entries_page_class_init (YzEntriesPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = yz_entries_page_dispose;
  object_class->finalize = yz_entries_page_finalize;
  object_class->get_property = yz_entries_page_get_property;
  object_class->set_property = yz_entries_page_set_property;

  /**
   * YzEntriesPage:session: (nullable)
   *
   * The session the page shows; %NULL when no gateway is set up.
   */
  properties[PROP_SESSION] =
      g_param_spec_object ("session", NULL, NULL, YZ_TYPE_SESSION,
                           (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/yz-entries-page.ui");
  gtk_widget_class_bind_template_child (widget_class, YzEntriesPage, stack);
  gtk_widget_class_bind_template_child (widget_class, YzEntriesPage, person_entry);
  gtk_widget_class_bind_template_child (widget_class, YzEntriesPage, station_entry);
  gtk_widget_class_bind_template_child (widget_class, YzEntriesPage, result_dropdown);
  gtk_widget_class_bind_template_child (widget_class, YzEntriesPage, time_dropdown);
  gtk_widget_class_bind_template_child (widget_class, YzEntriesPage, time_choices);
  gtk_widget_class_bind_template_child (widget_class, YzEntriesPage, method_dropdown);
  gtk_widget_class_bind_template_child (widget_class, YzEntriesPage, range_button);
  gtk_widget_class_bind_template_child (widget_class, YzEntriesPage, range_popover);
  gtk_widget_class_bind_template_child (widget_class, YzEntriesPage, from_calendar);
  gtk_widget_class_bind_template_child (widget_class, YzEntriesPage, from_hour);
  gtk_widget_class_bind_template_child (widget_class, YzEntriesPage, from_minute);
  gtk_widget_class_bind_template_child (widget_class, YzEntriesPage, to_calendar);
  gtk_widget_class_bind_template_child (widget_class, YzEntriesPage, to_hour);
  gtk_widget_class_bind_template_child (widget_class, YzEntriesPage, to_minute);
  gtk_widget_class_bind_template_child (widget_class, YzEntriesPage, range_error);
  gtk_widget_class_bind_template_child (widget_class, YzEntriesPage, range_apply);
  gtk_widget_class_bind_template_child (widget_class, YzEntriesPage, count_label);
  gtk_widget_class_bind_template_child (widget_class, YzEntriesPage, content_stack);
  gtk_widget_class_bind_template_child (widget_class, YzEntriesPage, status_page);
  gtk_widget_class_bind_template_child (widget_class, YzEntriesPage, overlay);
  gtk_widget_class_bind_template_child (widget_class, YzEntriesPage, grid);
  gtk_widget_class_bind_template_child (widget_class, YzEntriesPage, list);
  gtk_widget_class_bind_template_child (widget_class, YzEntriesPage, grid_scroller);
  gtk_widget_class_bind_template_child (widget_class, YzEntriesPage, list_scroller);
  gtk_widget_class_bind_template_child (widget_class, YzEntriesPage, view_stack);
  gtk_widget_class_bind_template_child (widget_class, YzEntriesPage, grid_button);
  gtk_widget_class_bind_template_child (widget_class, YzEntriesPage, held_button);
  gtk_widget_class_bind_template_child (widget_class, YzEntriesPage, held_label);
  gtk_widget_class_bind_template_callback (widget_class, view_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, filter_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, time_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, typed_cb);
  gtk_widget_class_bind_template_callback (widget_class, typed_now_cb);
  gtk_widget_class_bind_template_callback (widget_class, range_edited_cb);
  gtk_widget_class_bind_template_callback (widget_class, range_apply_cb);
  gtk_widget_class_bind_template_callback (widget_class, range_popover_show_cb);
  gtk_widget_class_bind_template_callback (widget_class, range_popover_closed_cb);
  gtk_widget_class_bind_template_callback (widget_class, two_digits_cb);
  gtk_widget_class_bind_template_callback (widget_class, held_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, card_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, card_setup_cb);
  gtk_widget_class_bind_template_callback (widget_class, card_bind_cb);
  gtk_widget_class_bind_template_callback (widget_class, list_setup_cb);
  gtk_widget_class_bind_template_callback (widget_class, list_station_bind_cb);
  gtk_widget_class_bind_template_callback (widget_class, entry_time_label);
  gtk_widget_class_bind_template_callback (widget_class, entry_person_label);
  gtk_widget_class_bind_template_callback (widget_class, entry_occupation_label);
  gtk_widget_class_bind_template_callback (widget_class, entry_method_label);
  gtk_widget_class_bind_template_callback (widget_class, entry_result_label);
  gtk_widget_class_bind_template_callback (widget_class, entry_result_classes);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
yz_entries_page_init (YzEntriesPage *self)
{
  GtkEventController *motion = gtk_event_controller_motion_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  /* Following the session: its connection, its entries and the stations' names. */
  self->session_signals = g_signal_group_new (YZ_TYPE_SESSION);
  g_signal_group_connect_swapped (self->session_signals, "notify::connection-state",
                                  G_CALLBACK (update_empty), self);
  self->entries_signals = g_signal_group_new (YZ_TYPE_ENTRY_MODEL);
  g_signal_group_connect_swapped (self->entries_signals, "items-changed",
                                  G_CALLBACK (entries_changed_cb), self);
  g_signal_group_connect_swapped (self->entries_signals, "notify::n-held", G_CALLBACK (update_held),
                                  self);
  g_signal_group_connect_swapped (self->entries_signals, "notify::n-held",
                                  G_CALLBACK (update_empty), self);
  self->stations_signals = g_signal_group_new (G_TYPE_LIST_MODEL);
  g_signal_group_connect_swapped (self->stations_signals, "items-changed",
                                  G_CALLBACK (refresh_stations), self);
  self->names_by_id = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  gtk_stack_set_visible_child_name (self->view_stack, "grid");

  /* Only a pointer that moves over the view holds entries: a window that opens under a
   * resting pointer does not. */
  g_signal_connect_swapped (motion, "motion", G_CALLBACK (pointer_motion_cb), self);
  g_signal_connect_swapped (motion, "leave", G_CALLBACK (pointer_leave_cb), self);
  gtk_widget_add_controller (self->overlay, motion);
  g_signal_connect_object (gtk_scrolled_window_get_vadjustment (self->grid_scroller),
                           "value-changed", G_CALLBACK (scrolled_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (gtk_scrolled_window_get_vadjustment (self->list_scroller),
                           "value-changed", G_CALLBACK (scrolled_cb), self, G_CONNECT_SWAPPED);
  update_held (self);
  update_empty (self);
}

/* ---- public ---- */

GtkWidget *
yz_entries_page_new (void)
{
  return g_object_new (YZ_TYPE_ENTRIES_PAGE, NULL);
}

/**
 * yz_entries_page_set_session:
 * @session: (nullable): the session to show
 *
 * The #YzEntriesPage:session property's setter.
 */
void
yz_entries_page_set_session (YzEntriesPage *self, YzSession *session)
{
  YzEntryModel *model;

  g_return_if_fail (YZ_IS_ENTRIES_PAGE (self));

  if (self->session == session)
    return;
  g_signal_group_set_target (self->session_signals, NULL);
  g_signal_group_set_target (self->entries_signals, NULL);
  g_signal_group_set_target (self->stations_signals, NULL);
  if (self->session != NULL)
    {
      /* Let go of the old session's models. */
      yz_entry_model_set_hold (yz_session_get_entries (self->session), FALSE);
      gtk_grid_view_set_model (self->grid, NULL);
      gtk_column_view_set_model (self->list, NULL);
    }
  g_set_object (&self->session, session);
  if (session == NULL)
    {
      update_count (self);
      update_held (self);
      update_empty (self);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);
      return;
    }
  model = yz_session_get_entries (session);
  {
    g_autoptr(GtkSingleSelection) selection =
        gtk_single_selection_new (g_object_ref (G_LIST_MODEL (model)));

    gtk_single_selection_set_autoselect (selection, FALSE);
    gtk_grid_view_set_model (self->grid, GTK_SELECTION_MODEL (selection));
    gtk_column_view_set_model (self->list, GTK_SELECTION_MODEL (selection));
  }
  /* After the views: they take new entries in before the page scrolls to them. */
  g_signal_group_set_target (self->stations_signals, yz_session_get_stations (session));
  g_signal_group_set_target (self->entries_signals, model);
  g_signal_group_set_target (self->session_signals, session);
  refresh_stations (self);
  update_count (self);
  update_held (self);
  update_empty (self);
  update_hold (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);
}

/* For tests: @result and @when as the drop-downs count them; applied at once. */
void
yz_entries_page_set_filter (YzEntriesPage *self, const char *person, guint result, guint when)
{
  gtk_editable_set_text (GTK_EDITABLE (self->person_entry), person ? person : "");
  g_clear_handle_id (&self->typing_id, g_source_remove);
  gtk_drop_down_set_selected (self->result_dropdown, result);
  gtk_drop_down_set_selected (self->time_dropdown, when);
  filter_changed_cb (self);
}

/* For tests: what the officer types, as the officer types it (the search waits). */
void
yz_entries_page_type_filter (YzEntriesPage *self, const char *person, const char *station)
{
  if (person != NULL)
    gtk_editable_set_text (GTK_EDITABLE (self->person_entry), person);
  if (station != NULL)
    gtk_editable_set_text (GTK_EDITABLE (self->station_entry), station);
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

/* For tests: the pointer is over the view (or not), as a moving pointer would say. */
void
yz_entries_page_set_pointer_over (YzEntriesPage *self, gboolean over)
{
  if (over)
    pointer_motion_cb (self);
  else
    pointer_leave_cb (self);
}

/* For tests: the "N new entries" button, and the grid's scrolling. */
GtkWidget *
yz_entries_page_get_held_button (YzEntriesPage *self)
{
  return self->held_button;
}

GtkAdjustment *
yz_entries_page_get_vadjustment (YzEntriesPage *self)
{
  return gtk_scrolled_window_get_vadjustment (self->grid_scroller);
}

/* For tests: the custom range popover and its fields. */
GtkPopover *
yz_entries_page_get_range_popover (YzEntriesPage *self)
{
  return self->range_popover;
}

void
yz_entries_page_edit_range (YzEntriesPage *self, gint64 from, gint64 to)
{
  write_moment (from, self->from_calendar, self->from_hour, self->from_minute);
  write_moment (to, self->to_calendar, self->to_hour, self->to_minute);
}

/* Returns: (nullable): the error the popover shows, or %NULL */
const char *
yz_entries_page_get_range_error (YzEntriesPage *self)
{
  return gtk_widget_get_visible (GTK_WIDGET (self->range_error))
             ? gtk_label_get_text (self->range_error)
             : NULL;
}

GtkWidget *
yz_entries_page_get_range_apply (YzEntriesPage *self)
{
  return self->range_apply;
}

void
yz_entries_page_choose_time (YzEntriesPage *self, guint when)
{
  gtk_drop_down_set_selected (self->time_dropdown, when);
}

const char *
yz_entries_page_get_time_label (YzEntriesPage *self)
{
  return gtk_string_list_get_string (self->time_choices,
                                     gtk_drop_down_get_selected (self->time_dropdown));
}

/* For tests: the status page's title when the page says why it is empty, else %NULL. */
const char *
yz_entries_page_get_empty_title (YzEntriesPage *self)
{
  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "empty") == 0)
    return adw_status_page_get_title (ADW_STATUS_PAGE (gtk_stack_get_visible_child (self->stack)));
  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->content_stack), "empty") == 0)
    return adw_status_page_get_title (self->status_page);
  return NULL;
}
