/* yz-alarms-page.c
 *
 * The alarm table: a GtkColumnView over the session's alarms (sorted by priority, then the
 * newest; each column sorts), filtered by state and by text; the selected alarm's details
 * beside it — its camera live, the picture taken when it was raised, what happened to it and
 * who did it. Acknowledge (several at once), take, resolve (a category and a note are
 * required) and reopen, from the buttons, the keyboard (A, T, R) and a context menu. Every
 * action goes through the session, which writes the audit log before and after.
 *
 * The table follows what happens to the alarms it lists: an alarm whose state (or owner)
 * changes is filtered again at once (GtkFilterListModel re-filters only when its filter
 * changes, so the page watches the items and says the filter changed), and the selected
 * alarm's changes reach the buttons and the details without selecting it again. While the
 * console is not connected, the actions are off and their tooltips say why.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "yz-alarms-page"

#include "config.h"

#include <adwaita.h>
#include <string.h>
#include <glib/gi18n.h>

#include "yz-alarm-details.h"
#include "yz-alarm-filter.h"
#include "yz-alarms-page.h"
#include "yz-labels.h"
#include "yz-report.h"
#include "yz-resolve-dialog.h"
#include "yz-widgets.h"

struct _YzAlarmsPage
{
  GtkWidget parent_instance;

  GtkStack *stack;
  AdwStatusPage *empty_page;
  GtkWidget *setup_button;
  GtkWidget *details_pane;
  GtkWidget *action_buttons[4]; /* acknowledge, take, resolve, reopen */
  char *action_tooltips[4];     /* theirs, when the action is possible */
  GtkDropDown *state_dropdown;
  GtkDropDown *period_dropdown;
  GListModel *history; /* alarms further back than the session holds */
  GtkSearchEntry *search_entry;
  GtkLabel *count_label;
  GtkColumnView *view;
  YzAlarmDetails *alarm_details;
  GtkColumnViewColumn *priority_column;
  GtkColumnViewColumn *type_column;
  GtkColumnViewColumn *station_column;
  GtkColumnViewColumn *raised_column;
  GtkColumnViewColumn *state_column;
  GtkColumnViewColumn *owner_column;

  YzSession *session;
  GtkFilterListModel *filtered;
  GtkCustomFilter *filter;
  GtkSortListModel *sorted;
  GtkMultiSelection *selection;
  YzAlarm *shown;
  GSignalGroup *shown_signals; /* the shown alarm's changes */
  GSignalGroup *session_signals;
  GListModel *watched;     /* the session's alarms, whose items are watched */
  guint shown_position;    /* where the shown alarm was listed */
  gboolean shown_selected; /* ... and that it was selected there */
  guint refilter_id;
  gboolean details_dirty; /* the shown alarm changed since its details were made */
  gboolean following;     /* re-filtering because alarms changed, not the officer */
  char *folded_text;
};

G_DEFINE_FINAL_TYPE (YzAlarmsPage, yz_alarms_page, GTK_TYPE_WIDGET)

enum
{
  PROP_0,
  PROP_SESSION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void update_actions (YzAlarmsPage *self);
static void show_details (YzAlarmsPage *self, YzAlarm *alarm);

/* ---- what is listed ---- */

static gboolean
filter_func (gpointer item, gpointer user_data)
{
  YzAlarmsPage *self = user_data;

  return yz_alarm_matches (item, gtk_drop_down_get_selected (self->state_dropdown),
                           self->folded_text);
}

static void
update_count (YzAlarmsPage *self)
{
  g_autofree char *text = NULL;
  guint n = self->filtered ? g_list_model_get_n_items (G_LIST_MODEL (self->filtered)) : 0;
  YzAlarmFilter filter = gtk_drop_down_get_selected (self->state_dropdown);
  YzConnectionState state =
      self->session ? yz_session_get_connection_state (self->session) : YZ_CONNECTION_DISCONNECTED;
  YzAlarmsShow show =
      yz_alarms_page_what_to_show (self->session != NULL, state, n, filter, self->folded_text);
  const char *icon = "dialog-warning-symbolic";
  const char *title = NULL;
  const char *description = NULL;

  switch (show)
    {
    case YZ_ALARMS_SHOW_NO_GATEWAY:
      icon = "network-offline-symbolic";
      title = _("No Gateway Is Set Up");
      description =
          _("Falls, SOS calls, forced doors, smoke and other alarms from the stations arrive "
             "here to be acknowledged and resolved once the console is connected to a gateway.");
      break;
    case YZ_ALARMS_SHOW_NOT_CONNECTED:
      icon = "network-offline-symbolic";
      title = _("Not Connected to the Gateway");
      description = state == YZ_CONNECTION_CONNECTING
                        ? _("Connecting to the gateway: alarms show here as soon as it answers.")
                        : _("The stations’ alarms show here when the connection is back.");
      break;
    case YZ_ALARMS_SHOW_ALL_CLEAR:
      icon = "emblem-ok-symbolic";
      title = _("No Alarms Need Attention");
      description = filter == YZ_ALARM_FILTER_NEW
                        ? _("No alarm is waiting to be acknowledged. New alarms from the stations "
                             "show here at once.")
                        : _("No alarm is open. New alarms from the stations show here at once.");
      break;
    case YZ_ALARMS_SHOW_NONE_IN_VIEW:
      icon = "edit-find-symbolic";
      title = _("No Alarms in This View");
      description = _("No alarm of this period is in the state chosen. Choose another state or a "
                       "longer period above.");
      break;
    case YZ_ALARMS_SHOW_NO_MATCH:
      icon = "edit-find-symbolic";
      title = _("No Matching Alarms");
      description = _("No alarm in this view matches the search by station, type or operator.");
      break;
    case YZ_ALARMS_SHOW_TABLE:
    default:
      break;
    }
  if (title != NULL)
    {
      adw_status_page_set_icon_name (self->empty_page, icon);
      adw_status_page_set_title (self->empty_page, title);
      adw_status_page_set_description (self->empty_page, description);
    }
  gtk_widget_set_visible (self->setup_button, show == YZ_ALARMS_SHOW_NO_GATEWAY);
  gtk_stack_set_visible_child_name (self->stack, show == YZ_ALARMS_SHOW_TABLE ? "table" : "empty");
  /* Nothing listed, nothing to detail: the empty state takes the whole width. */
  gtk_widget_set_visible (self->details_pane, show == YZ_ALARMS_SHOW_TABLE);

  text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u alarm", "%u alarms", n), n);
  gtk_label_set_text (self->count_label, text);
}

/* Now: the session's live alarms. Further back: read from the store once, on choosing. */
static void
period_changed_cb (YzAlarmsPage *self)
{
  static const int days[] = { 0, 7, 30, 365 };
  guint period = gtk_drop_down_get_selected (self->period_dropdown);

  g_clear_object (&self->history);
  if (self->session == NULL || self->filtered == NULL)
    return;
  if (period > 0 && period < G_N_ELEMENTS (days))
    {
      gint64 started = g_get_monotonic_time ();

      self->history = yz_session_load_alarm_history (
          self->session, g_get_real_time () / 1000 - (gint64)days[period] * 24 * 3600 * 1000,
          100000);
      g_debug ("%u alarms of the last %d days read in %.1f ms",
               g_list_model_get_n_items (self->history), days[period],
               (g_get_monotonic_time () - started) / 1000.0);
    }
  gtk_filter_list_model_set_model (
      self->filtered, self->history ? self->history : yz_session_get_alarms (self->session));
  update_count (self);
}

static void
filter_changed_cb (YzAlarmsPage *self)
{
  g_free (self->folded_text);
  self->folded_text =
      g_utf8_casefold (gtk_editable_get_text (GTK_EDITABLE (self->search_entry)), -1);
  if (self->filter != NULL)
    gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
  update_count (self);
}

/* ---- cells: the columns' signal factories in yz-alarms-page.ui ----
 * Made in C: a GtkBuilderListItemFactory parsed XML and bound expressions for every cell,
 * most of the first paint of 10,000 rows. A bound cell follows its alarm's "notify". */

/* A new alarm stands out in every column. */
static void
set_heading (GtkWidget *widget, YzAlarm *alarm)
{
  if (yz_alarm_get_state (alarm) == YZ_ALARM_STATE_NEW)
    gtk_widget_add_css_class (widget, "heading");
  else
    gtk_widget_remove_css_class (widget, "heading");
}

static void
set_label (GtkWidget *label, YzAlarm *alarm, const char *text)
{
  gtk_label_set_text (GTK_LABEL (label), text ? text : "");
  set_heading (label, alarm);
}

static void
label_setup_cb (GtkSignalListItemFactory *factory, GtkListItem *item, YzAlarmsPage *self)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_list_item_set_child (item, label);
}

/* Never colour alone: an icon and a word as well. */
static void
priority_setup_cb (GtkSignalListItemFactory *factory, GtkListItem *item, YzAlarmsPage *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_box_append (GTK_BOX (box), gtk_image_new ());
  gtk_box_append (GTK_BOX (box), label);
  gtk_list_item_set_child (item, box);
}

static void
priority_update_cb (YzAlarm *alarm, GParamSpec *pspec, GtkWidget *box)
{
  static const char *const looks[] = { "error", "warning", "accent" };
  YzPriority priority = yz_alarm_get_priority (alarm);
  const char *look = priority >= YZ_PRIORITY_HIGH     ? "error"
                     : priority == YZ_PRIORITY_MEDIUM ? "warning"
                                                      : "accent";
  GtkWidget *image = gtk_widget_get_first_child (box);

  for (guint i = 0; i < G_N_ELEMENTS (looks); i++)
    if (!g_str_equal (looks[i], look))
      gtk_widget_remove_css_class (box, looks[i]);
  gtk_widget_add_css_class (box, look);
  gtk_image_set_from_icon_name (GTK_IMAGE (image), priority >= YZ_PRIORITY_HIGH
                                                       ? "dialog-warning-symbolic"
                                                       : "dialog-information-symbolic");
  set_label (gtk_widget_get_next_sibling (image), alarm, yz_label_priority (priority));
}

static void
type_update_cb (YzAlarm *alarm, GParamSpec *pspec, GtkWidget *label)
{
  set_label (label, alarm, yz_label_alarm_type (yz_alarm_get_alarm_type (alarm)));
}

static void
station_update_cb (YzAlarm *alarm, GParamSpec *pspec, GtkWidget *label)
{
  const char *name = yz_alarm_get_station_name (alarm);

  set_label (label, alarm, name ? name : yz_alarm_get_station_id (alarm));
}

static void
raised_update_cb (YzAlarm *alarm, GParamSpec *pspec, GtkWidget *label)
{
  g_autofree char *text = yz_format_time (yz_alarm_get_raised_at (alarm));

  set_label (label, alarm, text);
}

static void
state_update_cb (YzAlarm *alarm, GParamSpec *pspec, GtkWidget *label)
{
  set_label (label, alarm, yz_label_alarm_state (yz_alarm_get_state (alarm)));
}

static void
owner_update_cb (YzAlarm *alarm, GParamSpec *pspec, GtkWidget *label)
{
  set_label (label, alarm, yz_alarm_get_owner (alarm));
}

/* Fills the cell of @item now and whenever its alarm changes, until unbound. */
static void
cell_bind (GtkListItem *item, GCallback update)
{
  YzAlarm *alarm = gtk_list_item_get_item (item);
  GtkWidget *child = gtk_list_item_get_child (item);

  ((void (*) (YzAlarm *, GParamSpec *, GtkWidget *))update) (alarm, NULL, child);
  g_signal_connect_object (alarm, "notify", update, child, 0);
}

static void
priority_bind_cb (GtkSignalListItemFactory *factory, GtkListItem *item, YzAlarmsPage *self)
{
  cell_bind (item, G_CALLBACK (priority_update_cb));
}

static void
type_bind_cb (GtkSignalListItemFactory *factory, GtkListItem *item, YzAlarmsPage *self)
{
  cell_bind (item, G_CALLBACK (type_update_cb));
}

static void
station_bind_cb (GtkSignalListItemFactory *factory, GtkListItem *item, YzAlarmsPage *self)
{
  cell_bind (item, G_CALLBACK (station_update_cb));
}

static void
raised_bind_cb (GtkSignalListItemFactory *factory, GtkListItem *item, YzAlarmsPage *self)
{
  cell_bind (item, G_CALLBACK (raised_update_cb));
}

static void
state_bind_cb (GtkSignalListItemFactory *factory, GtkListItem *item, YzAlarmsPage *self)
{
  cell_bind (item, G_CALLBACK (state_update_cb));
}

static void
owner_bind_cb (GtkSignalListItemFactory *factory, GtkListItem *item, YzAlarmsPage *self)
{
  cell_bind (item, G_CALLBACK (owner_update_cb));
}

static void
cell_unbind_cb (GtkSignalListItemFactory *factory, GtkListItem *item, YzAlarmsPage *self)
{
  gpointer alarm = gtk_list_item_get_item (item);

  if (alarm != NULL)
    g_signal_handlers_disconnect_by_data (alarm, gtk_list_item_get_child (item));
}

static int
compare_priority (gconstpointer a, gconstpointer b, gpointer user_data)
{
  return yz_alarm_compare (a, b, NULL);
}

static int
compare_raised (gconstpointer a, gconstpointer b, gpointer user_data)
{
  gint64 x = yz_alarm_get_raised_at ((YzAlarm *)a), y = yz_alarm_get_raised_at ((YzAlarm *)b);

  return (x < y) - (x > y); /* newest first */
}

/* A column's text and its collation key, kept on the item: sorting 10,000 rows makes
 * ~130,000 comparisons, and g_utf8_collate on each was most of the time. The key is made
 * again only when the text changed. */
typedef struct
{
  char *text;
  char *key;
} CollateKey;

static void
collate_key_free (gpointer data)
{
  CollateKey *k = data;

  g_free (k->text);
  g_free (k->key);
  g_free (k);
}

static const char *
sort_text (YzAlarm *alarm, const char *property)
{
  if (g_str_equal (property, "station-name"))
    return yz_alarm_get_station_name (alarm) ? yz_alarm_get_station_name (alarm)
                                             : yz_alarm_get_station_id (alarm);
  if (g_str_equal (property, "owner"))
    return yz_alarm_get_owner (alarm);
  /* The type as the officer reads it, in the language shown. */
  return yz_label_alarm_type (yz_alarm_get_alarm_type (alarm));
}

static const char *
collate_key (YzAlarm *alarm, const char *property)
{
  GQuark quark = g_quark_from_static_string (property);
  CollateKey *k = g_object_get_qdata (G_OBJECT (alarm), quark);
  const char *text = sort_text (alarm, property);

  text = text ? text : "";
  if (k == NULL || g_strcmp0 (k->text, text) != 0)
    {
      k = g_new0 (CollateKey, 1);
      k->text = g_strdup (text);
      k->key = g_utf8_collate_key (text, -1);
      g_object_set_qdata_full (G_OBJECT (alarm), quark, k, collate_key_free);
    }
  return k->key;
}

static int
compare_text (gconstpointer a, gconstpointer b, gpointer user_data)
{
  return strcmp (collate_key ((YzAlarm *)a, user_data), collate_key ((YzAlarm *)b, user_data));
}

static int
compare_state (gconstpointer a, gconstpointer b, gpointer user_data)
{
  return (int)yz_alarm_get_state ((YzAlarm *)a) - (int)yz_alarm_get_state ((YzAlarm *)b);
}

static void
set_column_sorter (GtkColumnViewColumn *column, GtkCustomSorter *sorter)
{
  gtk_column_view_column_set_sorter (column, GTK_SORTER (sorter));
  g_object_unref (sorter);
}

/* ---- details ---- */

/* The details pane shows @alarm (or that nothing is selected); the page follows its changes. */
static void
show_details (YzAlarmsPage *self, YzAlarm *alarm)
{
  if (self->shown != alarm || alarm == NULL)
    {
      g_set_object (&self->shown, alarm);
      g_signal_group_set_target (self->shown_signals, alarm);
    }
  yz_alarm_details_show (self->alarm_details, self->session, alarm);
}

static YzAlarm *
first_selected (YzAlarmsPage *self)
{
  g_autoptr(GtkBitset) set = NULL;

  if (self->selection == NULL)
    return NULL;
  set = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));
  if (gtk_bitset_is_empty (set))
    return NULL;

  return g_list_model_get_item (G_LIST_MODEL (self->selection), gtk_bitset_get_minimum (set));
}

static void
update_actions (YzAlarmsPage *self)
{
  g_autoptr(GPtrArray) selected = yz_alarms_page_get_selected (self);
  const char *blocked = yz_alarm_actions_blocked (
      self->session != NULL,
      self->session ? yz_session_get_connection_state (self->session) : YZ_CONNECTION_DISCONNECTED,
      self->session ? yz_session_get_role (self->session) : YZ_ROLE_NONE);
  gboolean may = blocked == NULL;
  gboolean any_new = FALSE, any_open = FALSE, any_resolved = FALSE;

  for (guint i = 0; i < selected->len; i++)
    {
      YzAlarmState state = yz_alarm_get_state (g_ptr_array_index (selected, i));

      any_new |= state == YZ_ALARM_STATE_NEW;
      any_open |= state != YZ_ALARM_STATE_RESOLVED;
      any_resolved |= state == YZ_ALARM_STATE_RESOLVED;
    }
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "alarm.acknowledge", may && any_new);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "alarm.take",
                                 may && selected->len == 1 && any_open);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "alarm.resolve",
                                 may && selected->len == 1 && any_open);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "alarm.reopen",
                                 may && selected->len == 1 && any_resolved);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "alarm.show-station", selected->len == 1);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "alarm.export-pdf", selected->len == 1);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "alarm.merge", selected->len >= 2);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "alarm.split", selected->len == 1);
  /* The buttons say why they are off when it is not just the selection. */
  for (guint i = 0; i < G_N_ELEMENTS (self->action_buttons); i++)
    gtk_widget_set_tooltip_text (self->action_buttons[i],
                                 blocked ? blocked : self->action_tooltips[i]);
}

static void
remember_selected (YzAlarmsPage *self)
{
  g_autoptr(GtkBitset) set = NULL;

  self->shown_selected = FALSE;
  if (self->selection == NULL)
    return;
  set = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));
  if (gtk_bitset_is_empty (set))
    return;
  self->shown_selected = TRUE;
  self->shown_position = gtk_bitset_get_minimum (set);
}

static void
selection_changed_cb (YzAlarmsPage *self)
{
  g_autoptr(YzAlarm) alarm = first_selected (self);

  show_details (self, alarm);
  update_actions (self);
  remember_selected (self);
}

/* Rows came and went. When the selected alarm left the view (resolved under "Not
 * Resolved", acknowledged under "New", or filtered out), the row that took its place is
 * selected — the next one, or the last when it was at the end — never one far away; when
 * nothing is left, nothing. */
static void
items_changed_cb (YzAlarmsPage *self, guint position, guint removed, guint added)
{
  g_autoptr(GtkBitset) set =
      gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->selection));

  update_count (self);
  if (self->shown_selected && gtk_bitset_is_empty (set) && removed > 0)
    {
      guint next = self->shown_position;

      /* Rows before it went too: stay beside the same neighbours. */
      if (next >= position + removed)
        next = next - removed + added;
      else if (next >= position + added)
        next = added > 0 ? position + added - 1 : position;
      self->shown_selected = FALSE;
      /* It moved on by itself (resolved, taken): stay on the same row. The officer's own
       * filter change lists other alarms there: select none. */
      if (n > 0 && self->following)
        {
          gtk_selection_model_select_item (GTK_SELECTION_MODEL (self->selection), MIN (next, n - 1),
                                           TRUE);
          return; /* selection-changed showed it */
        }
      show_details (self, NULL);
    }
  else
    remember_selected (self);
  update_actions (self);
}

/* An alarm's state or owner changed: what the filter says of it may have too. Once per
 * main-loop pass, however many alarms one batch of events changed, and before the frame. */
static gboolean
refilter_cb (gpointer user_data)
{
  YzAlarmsPage *self = user_data;

  self->refilter_id = 0;
  self->following = TRUE;
  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
  self->following = FALSE;
  if (self->details_dirty && self->shown != NULL)
    show_details (self, self->shown);
  self->details_dirty = FALSE;
  update_count (self);
  update_actions (self);

  return G_SOURCE_REMOVE;
}

static void
watched_alarm_changed_cb (YzAlarmsPage *self)
{
  if (self->refilter_id == 0 && self->filter != NULL)
    self->refilter_id = g_idle_add_full (G_PRIORITY_HIGH_IDLE, refilter_cb, self, NULL);
}

/* Its state or owner: one handler for both, as 10,000 alarms are watched at once. */
static void
watched_alarm_notify_cb (YzAlarm *alarm, GParamSpec *pspec, YzAlarmsPage *self)
{
  if (g_str_equal (pspec->name, "state") || g_str_equal (pspec->name, "owner"))
    watched_alarm_changed_cb (self);
}

static void
watch_alarms (YzAlarmsPage *self, guint position, guint added)
{
  for (guint i = position; i < position + added; i++)
    {
      g_autoptr(YzAlarm) alarm = g_list_model_get_item (self->watched, i);

      /* Once each, however often it comes back. */
      g_signal_handlers_disconnect_by_func (alarm, watched_alarm_notify_cb, self);
      g_signal_connect_object (alarm, "notify", G_CALLBACK (watched_alarm_notify_cb), self, 0);
    }
}

static void
watched_items_changed_cb (GListModel *model, guint position, guint removed, guint added,
                          YzAlarmsPage *self)
{
  watch_alarms (self, position, added);
  update_count (self);
}

static void
unwatch_alarms (YzAlarmsPage *self)
{
  if (self->watched == NULL)
    return;
  g_signal_handlers_disconnect_by_func (self->watched, watched_items_changed_cb, self);
  for (guint i = 0; i < g_list_model_get_n_items (self->watched); i++)
    {
      g_autoptr(YzAlarm) alarm = g_list_model_get_item (self->watched, i);

      g_signal_handlers_disconnect_by_func (alarm, watched_alarm_notify_cb, self);
    }
  g_clear_object (&self->watched);
}

/* The shown alarm changed (its state, owner, note): its buttons and details, once for all
 * the properties one update changed. */
static void
shown_changed_cb (YzAlarmsPage *self)
{
  self->details_dirty = TRUE;
  watched_alarm_changed_cb (self);
}

/* A step of its history was stored (the gateway's event after the action's reply). */
static void
alarm_history_changed_cb (YzAlarmsPage *self, YzAlarm *alarm)
{
  if (alarm == self->shown)
    show_details (self, alarm);
}

static void
connection_changed_cb (YzAlarmsPage *self)
{
  update_count (self);
  update_actions (self);
}

/* ---- actions ---- */

static void
action_done_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(YzAlarmsPage) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!yz_session_alarm_action_finish (YZ_SESSION (object), result, &error))
    yz_toast (GTK_WIDGET (self), error->message);
  else if (self->shown != NULL)
    show_details (self, self->shown);
}

static void
acknowledge_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  YzAlarmsPage *self = YZ_ALARMS_PAGE (widget);
  g_autoptr(GPtrArray) selected = yz_alarms_page_get_selected (self);

  /* Several at once: each is its own audited action. */
  for (guint i = 0; i < selected->len; i++)
    {
      YzAlarm *alarm = g_ptr_array_index (selected, i);

      if (yz_alarm_get_state (alarm) == YZ_ALARM_STATE_NEW)
        yz_session_alarm_action_async (self->session, alarm, YZ_ALARM_ACTION_ACKNOWLEDGE, NULL,
                                       NULL, NULL, NULL, action_done_cb, g_object_ref (self));
    }
}

static void
take_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  YzAlarmsPage *self = YZ_ALARMS_PAGE (widget);
  g_autoptr(YzAlarm) alarm = first_selected (self);

  if (alarm != NULL)
    yz_session_alarm_action_async (self->session, alarm, YZ_ALARM_ACTION_ASSIGN,
                                   yz_session_get_operator_name (self->session), NULL, NULL, NULL,
                                   action_done_cb, g_object_ref (self));
}

static void
reopen_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  YzAlarmsPage *self = YZ_ALARMS_PAGE (widget);
  g_autoptr(YzAlarm) alarm = first_selected (self);

  if (alarm != NULL)
    yz_session_alarm_action_async (self->session, alarm, YZ_ALARM_ACTION_REOPEN, NULL, NULL, NULL,
                                   NULL, action_done_cb, g_object_ref (self));
}

static void
resolve_response_cb (YzResolveDialog *dialog, const char *response, YzAlarmsPage *self)
{
  g_autofree char *note = NULL;
  const char *category;

  if (!g_str_equal (response, "resolve") || self->session == NULL)
    return;
  note = yz_resolve_dialog_get_note (dialog);
  category = yz_resolve_dialog_get_category (dialog);
  if (yz_alarm_resolve_missing (category, note) != NULL)
    return;
  yz_session_alarm_action_async (self->session, yz_resolve_dialog_get_alarm (dialog),
                                 YZ_ALARM_ACTION_RESOLVE, NULL, category, note, NULL,
                                 action_done_cb, g_object_ref (self));
}

static void
resolve_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  YzAlarmsPage *self = YZ_ALARMS_PAGE (widget);
  g_autoptr(YzAlarm) alarm = first_selected (self);
  YzResolveDialog *dialog;

  if (alarm == NULL)
    return;
  dialog = yz_resolve_dialog_new (GTK_WINDOW (gtk_widget_get_root (widget)), alarm);
  g_signal_connect_object (dialog, "response", G_CALLBACK (resolve_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
show_station_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  YzAlarmsPage *self = YZ_ALARMS_PAGE (widget);
  g_autoptr(YzAlarm) alarm = first_selected (self);

  if (alarm != NULL)
    gtk_widget_activate_action (widget, "win.show-station", "s", yz_alarm_get_station_id (alarm));
}

/* ---- incidents ---- */

static void
merge_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  YzAlarmsPage *self = YZ_ALARMS_PAGE (widget);
  g_autoptr(GPtrArray) selected = yz_alarms_page_get_selected (self);
  g_autoptr(GError) error = NULL;

  if (!yz_session_merge_incidents (self->session, selected, &error))
    yz_toast (GTK_WIDGET (self), error->message);
}

static void
split_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  YzAlarmsPage *self = YZ_ALARMS_PAGE (widget);
  g_autoptr(YzAlarm) alarm = first_selected (self);
  g_autoptr(GError) error = NULL;

  if (alarm != NULL && !yz_session_split_alarm (self->session, alarm, &error))
    yz_toast (GTK_WIDGET (self), error->message);
}

static void
incidents_changed_cb (YzAlarmsPage *self)
{
  if (self->shown != NULL)
    show_details (self, self->shown);
}

/* ---- export ---- */

static void
pdf_written_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(YzAlarmsPage) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!yz_report_write_pdf_finish (result, &error))
    yz_toast (GTK_WIDGET (self), error->message);
  else
    yz_toast (GTK_WIDGET (self), _("The incident report is written"));
}

static void
pdf_chosen_cb (GtkWidget *owner, const char *path, gpointer user_data)
{
  YzAlarmsPage *self = YZ_ALARMS_PAGE (owner);
  g_autoptr(YzAlarm) alarm = first_selected (self);

  if (alarm != NULL)
    yz_report_write_pdf_async (self->session, alarm, path, NULL, pdf_written_cb,
                               g_object_ref (self));
}

static void
csv_chosen_cb (GtkWidget *owner, const char *path, gpointer user_data)
{
  YzAlarmsPage *self = YZ_ALARMS_PAGE (owner);
  g_autoptr(GError) error = NULL;

  if (!yz_report_write_csv (yz_alarms_page_get_model (self), path, &error))
    yz_toast (owner, error->message);
  else
    yz_toast (owner, _("The alarms are written as CSV"));
}

static void
export_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  YzAlarmsPage *self = YZ_ALARMS_PAGE (widget);
  gboolean pdf = g_str_equal (action_name, "alarm.export-pdf");
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *stamp = g_date_time_format (now, "%Y%m%d-%H%M");
  g_autofree char *name = NULL;

  if (pdf)
    {
      g_autoptr(YzAlarm) alarm = first_selected (self);

      name = g_strdup_printf ("%s-%s.pdf", alarm ? yz_alarm_get_id (alarm) : "incident", stamp);
    }
  else
    name = g_strdup_printf ("alarms-%s.csv", stamp);
  yz_choose_file (widget, GTK_FILE_CHOOSER_ACTION_SAVE,
                  pdf ? _("Save the Incident Report") : _("Save the Alarms as CSV"), _("_Save"),
                  name, pdf ? pdf_chosen_cb : csv_chosen_cb, NULL, NULL);
}

static void
context_pressed_cb (GtkGestureClick *gesture, int n_press, double x, double y, YzAlarmsPage *self)
{
  g_autoptr(GMenu) menu = g_menu_new ();
  GtkWidget *popover;

  g_menu_append (menu, _("_Acknowledge"), "alarm.acknowledge");
  g_menu_append (menu, _("_Take"), "alarm.take");
  g_menu_append (menu, _("_Resolve…"), "alarm.resolve");
  g_menu_append (menu, _("Re_open"), "alarm.reopen");
  g_menu_append (menu, _("Show the Station on the _Map"), "alarm.show-station");
  g_menu_append (menu, _("Merge into One _Incident"), "alarm.merge");
  g_menu_append (menu, _("Take Out of Its Incident"), "alarm.split");
  g_menu_append (menu, _("Incident Report (_PDF)…"), "alarm.export-pdf");
  g_menu_append (menu, _("Listed Alarms as _CSV…"), "alarm.export-csv");
  popover = gtk_popover_menu_new_from_model (G_MENU_MODEL (menu));
  gtk_widget_set_parent (popover, GTK_WIDGET (self->view));
  gtk_popover_set_pointing_to (GTK_POPOVER (popover), &(GdkRectangle){ x, y, 1, 1 });
  gtk_popover_set_has_arrow (GTK_POPOVER (popover), FALSE);
  g_signal_connect (popover, "closed", G_CALLBACK (gtk_widget_unparent), NULL);
  gtk_popover_popup (GTK_POPOVER (popover));
}

/* ---- GObject ---- */

static void
yz_alarms_page_dispose (GObject *object)
{
  YzAlarmsPage *self = YZ_ALARMS_PAGE (object);
  GtkWidget *child;

  g_clear_handle_id (&self->refilter_id, g_source_remove);
  unwatch_alarms (self);
  if (self->shown_signals != NULL)
    g_signal_group_set_target (self->shown_signals, NULL);
  g_clear_object (&self->shown_signals);
  if (self->session_signals != NULL)
    g_signal_group_set_target (self->session_signals, NULL);
  g_clear_object (&self->session_signals);
  /* Before the columns go: removing a sorted column re-sorts, and the page's handlers
   * would then update a half-disposed stack. */
  if (self->view != NULL)
    gtk_column_view_set_model (self->view, NULL);
  if (self->selection != NULL)
    g_signal_handlers_disconnect_by_data (self->selection, self);
  if (self->sorted != NULL)
    g_signal_handlers_disconnect_by_data (self->sorted, self);
  if (self->filtered != NULL)
    g_signal_handlers_disconnect_by_data (self->filtered, self);
  g_clear_object (&self->shown);
  g_clear_object (&self->history);
  g_clear_object (&self->selection);
  g_clear_object (&self->sorted);
  g_clear_object (&self->filtered);
  g_clear_object (&self->filter);
  g_clear_object (&self->session);
  gtk_widget_dispose_template (GTK_WIDGET (object), YZ_TYPE_ALARMS_PAGE);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (object))))
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (yz_alarms_page_parent_class)->dispose (object);
}

static void
yz_alarms_page_finalize (GObject *object)
{
  YzAlarmsPage *self = YZ_ALARMS_PAGE (object);

  g_free (self->folded_text);
  for (guint i = 0; i < G_N_ELEMENTS (self->action_tooltips); i++)
    g_free (self->action_tooltips[i]);

  G_OBJECT_CLASS (yz_alarms_page_parent_class)->finalize (object);
}

static void
yz_alarms_page_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  YzAlarmsPage *self = YZ_ALARMS_PAGE (object);

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
yz_alarms_page_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  YzAlarmsPage *self = YZ_ALARMS_PAGE (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      yz_alarms_page_set_session (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
yz_alarms_page_class_init (YzAlarmsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = yz_alarms_page_dispose;
  object_class->finalize = yz_alarms_page_finalize;
  object_class->get_property = yz_alarms_page_get_property;
  object_class->set_property = yz_alarms_page_set_property;

  /**
   * YzAlarmsPage:session: (nullable)
   *
   * The session the page shows; %NULL when no gateway is set up.
   */
  properties[PROP_SESSION] =
      g_param_spec_object ("session", NULL, NULL, YZ_TYPE_SESSION,
                           (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (YZ_TYPE_ALARM_DETAILS);
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/yz-alarms-page.ui");
  gtk_widget_class_bind_template_child (widget_class, YzAlarmsPage, stack);
  gtk_widget_class_bind_template_child (widget_class, YzAlarmsPage, empty_page);
  gtk_widget_class_bind_template_child (widget_class, YzAlarmsPage, setup_button);
  gtk_widget_class_bind_template_child (widget_class, YzAlarmsPage, details_pane);
  gtk_widget_class_bind_template_child_full (widget_class, "acknowledge_button", FALSE,
                                             G_STRUCT_OFFSET (YzAlarmsPage, action_buttons[0]));
  gtk_widget_class_bind_template_child_full (widget_class, "take_button", FALSE,
                                             G_STRUCT_OFFSET (YzAlarmsPage, action_buttons[1]));
  gtk_widget_class_bind_template_child_full (widget_class, "resolve_button", FALSE,
                                             G_STRUCT_OFFSET (YzAlarmsPage, action_buttons[2]));
  gtk_widget_class_bind_template_child_full (widget_class, "reopen_button", FALSE,
                                             G_STRUCT_OFFSET (YzAlarmsPage, action_buttons[3]));
  gtk_widget_class_bind_template_child (widget_class, YzAlarmsPage, state_dropdown);
  gtk_widget_class_bind_template_child (widget_class, YzAlarmsPage, period_dropdown);
  gtk_widget_class_bind_template_child (widget_class, YzAlarmsPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, YzAlarmsPage, count_label);
  gtk_widget_class_bind_template_child (widget_class, YzAlarmsPage, view);
  gtk_widget_class_bind_template_child (widget_class, YzAlarmsPage, alarm_details);
  gtk_widget_class_bind_template_child (widget_class, YzAlarmsPage, priority_column);
  gtk_widget_class_bind_template_child (widget_class, YzAlarmsPage, type_column);
  gtk_widget_class_bind_template_child (widget_class, YzAlarmsPage, station_column);
  gtk_widget_class_bind_template_child (widget_class, YzAlarmsPage, raised_column);
  gtk_widget_class_bind_template_child (widget_class, YzAlarmsPage, state_column);
  gtk_widget_class_bind_template_child (widget_class, YzAlarmsPage, owner_column);
  gtk_widget_class_bind_template_callback (widget_class, filter_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, period_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, label_setup_cb);
  gtk_widget_class_bind_template_callback (widget_class, priority_setup_cb);
  gtk_widget_class_bind_template_callback (widget_class, priority_bind_cb);
  gtk_widget_class_bind_template_callback (widget_class, type_bind_cb);
  gtk_widget_class_bind_template_callback (widget_class, station_bind_cb);
  gtk_widget_class_bind_template_callback (widget_class, raised_bind_cb);
  gtk_widget_class_bind_template_callback (widget_class, state_bind_cb);
  gtk_widget_class_bind_template_callback (widget_class, owner_bind_cb);
  gtk_widget_class_bind_template_callback (widget_class, cell_unbind_cb);

  gtk_widget_class_install_action (widget_class, "alarm.acknowledge", NULL, acknowledge_action);
  gtk_widget_class_install_action (widget_class, "alarm.take", NULL, take_action);
  gtk_widget_class_install_action (widget_class, "alarm.resolve", NULL, resolve_action);
  gtk_widget_class_install_action (widget_class, "alarm.reopen", NULL, reopen_action);
  gtk_widget_class_install_action (widget_class, "alarm.show-station", NULL, show_station_action);
  gtk_widget_class_install_action (widget_class, "alarm.export-pdf", NULL, export_action);
  gtk_widget_class_install_action (widget_class, "alarm.merge", NULL, merge_action);
  gtk_widget_class_install_action (widget_class, "alarm.split", NULL, split_action);
  gtk_widget_class_install_action (widget_class, "alarm.export-csv", NULL, export_action);
  /* Plain letters: a text field with the focus takes them first. */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_a, 0, "alarm.acknowledge", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_t, 0, "alarm.take", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_r, 0, "alarm.resolve", NULL);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
yz_alarms_page_init (YzAlarmsPage *self)
{
  GtkGesture *context = gtk_gesture_click_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
  self->filter = gtk_custom_filter_new (filter_func, self, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (self->action_buttons); i++)
    self->action_tooltips[i] = g_strdup (gtk_widget_get_tooltip_text (self->action_buttons[i]));

  self->shown_signals = g_signal_group_new (YZ_TYPE_ALARM);
  g_signal_group_connect_swapped (self->shown_signals, "notify", G_CALLBACK (shown_changed_cb),
                                  self);
  self->session_signals = g_signal_group_new (YZ_TYPE_SESSION);
  g_signal_group_connect_swapped (self->session_signals, "notify::role",
                                  G_CALLBACK (update_actions), self);
  g_signal_group_connect_swapped (self->session_signals, "notify::connection-state",
                                  G_CALLBACK (connection_changed_cb), self);
  g_signal_group_connect_swapped (self->session_signals, "incidents-changed",
                                  G_CALLBACK (incidents_changed_cb), self);
  g_signal_group_connect_swapped (self->session_signals, "alarm-history-changed",
                                  G_CALLBACK (alarm_history_changed_cb), self);

  /* The columns are in the template; their sorters compare what the cells show. */
  set_column_sorter (self->priority_column, gtk_custom_sorter_new (compare_priority, NULL, NULL));
  set_column_sorter (self->type_column,
                     gtk_custom_sorter_new (compare_text, (gpointer) "alarm-type", NULL));
  set_column_sorter (self->station_column,
                     gtk_custom_sorter_new (compare_text, (gpointer) "station-name", NULL));
  set_column_sorter (self->raised_column, gtk_custom_sorter_new (compare_raised, NULL, NULL));
  set_column_sorter (self->state_column, gtk_custom_sorter_new (compare_state, NULL, NULL));
  set_column_sorter (self->owner_column,
                     gtk_custom_sorter_new (compare_text, (gpointer) "owner", NULL));

  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (context), GDK_BUTTON_SECONDARY);
  g_signal_connect (context, "pressed", G_CALLBACK (context_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->view), GTK_EVENT_CONTROLLER (context));

  show_details (self, NULL);
  update_actions (self);
  update_count (self);
}

/* ---- public ---- */

GtkWidget *
yz_alarms_page_new (void)
{
  return g_object_new (YZ_TYPE_ALARMS_PAGE, NULL);
}

/**
 * yz_alarms_page_set_session:
 * @session: (nullable): the session to show
 *
 * The #YzAlarmsPage:session property's setter.
 */
void
yz_alarms_page_set_session (YzAlarmsPage *self, YzSession *session)
{
  g_return_if_fail (YZ_IS_ALARMS_PAGE (self));

  if (!g_set_object (&self->session, session))
    return;
  g_signal_group_set_target (self->session_signals, session);
  unwatch_alarms (self);
  g_clear_handle_id (&self->refilter_id, g_source_remove);
  gtk_column_view_set_model (self->view, NULL);
  if (self->selection != NULL)
    g_signal_handlers_disconnect_by_data (self->selection, self);
  g_clear_object (&self->selection);
  g_clear_object (&self->sorted);
  g_clear_object (&self->filtered);
  g_clear_object (&self->history);
  show_details (self, NULL);
  self->shown_selected = FALSE;
  if (session == NULL)
    {
      update_count (self);
      update_actions (self);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);
      return;
    }

  self->filtered = gtk_filter_list_model_new (g_object_ref (yz_session_get_alarms (session)),
                                              g_object_ref (GTK_FILTER (self->filter)));
  self->sorted = gtk_sort_list_model_new (g_object_ref (G_LIST_MODEL (self->filtered)),
                                          g_object_ref (gtk_column_view_get_sorter (self->view)));
  self->selection = gtk_multi_selection_new (g_object_ref (G_LIST_MODEL (self->sorted)));
  gtk_column_view_set_model (self->view, GTK_SELECTION_MODEL (self->selection));
  g_signal_connect_object (self->selection, "selection-changed", G_CALLBACK (selection_changed_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->selection, "items-changed", G_CALLBACK (items_changed_cb), self,
                           G_CONNECT_SWAPPED);
  /* The live alarms are the ones that change (the record's older ones are the same items
   * when they are live). */
  self->watched = g_object_ref (yz_session_get_alarms (session));
  g_signal_connect_object (self->watched, "items-changed", G_CALLBACK (watched_items_changed_cb),
                           self, 0);
  watch_alarms (self, 0, g_list_model_get_n_items (self->watched));
  period_changed_cb (self);
  update_count (self);
  update_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);
}

/* Review further back than the session holds: 0 now, 1 seven days, 2 thirty, 3 a year. */
void
yz_alarms_page_set_period (YzAlarmsPage *self, guint period)
{
  g_return_if_fail (YZ_IS_ALARMS_PAGE (self));

  gtk_drop_down_set_selected (self->period_dropdown, period);
}

/* The alarms as listed (filtered and sorted). */
GListModel *
yz_alarms_page_get_model (YzAlarmsPage *self)
{
  return self->selection ? G_LIST_MODEL (self->selection) : NULL;
}

void
yz_alarms_page_set_filter (YzAlarmsPage *self, YzAlarmFilter filter, const char *text)
{
  gtk_drop_down_set_selected (self->state_dropdown, filter);
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), text ? text : "");
  filter_changed_cb (self);
}

/* Selects (only) the alarm with @alarm_id if it is listed. */
void
yz_alarms_page_select (YzAlarmsPage *self, const char *alarm_id)
{
  GListModel *model = yz_alarms_page_get_model (self);

  for (guint i = 0; model != NULL && i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(YzAlarm) alarm = g_list_model_get_item (model, i);

      if (g_strcmp0 (yz_alarm_get_id (alarm), alarm_id) == 0)
        {
          gtk_selection_model_select_item (GTK_SELECTION_MODEL (self->selection), i, TRUE);
          return;
        }
    }
}

/**
 * yz_alarms_page_get_selected:
 *
 * Returns: (transfer container) (element-type YzAlarm): the selected alarms, in table order
 */
GPtrArray *
yz_alarms_page_get_selected (YzAlarmsPage *self)
{
  GPtrArray *selected = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GtkBitset) set = NULL;
  GtkBitsetIter iter;
  guint position;

  if (self->selection == NULL)
    return selected;
  set = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));
  if (gtk_bitset_iter_init_first (&iter, set, &position))
    do
      g_ptr_array_add (selected, g_list_model_get_item (G_LIST_MODEL (self->selection), position));
    while (gtk_bitset_iter_next (&iter, &position));

  return selected;
}
