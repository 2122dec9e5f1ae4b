/* yz-wall-window.c
 *
 * The "big screen" a centre puts on the wall: full screen, large type, the day's totals,
 * the map of every station's state, and the open alarms, all live — the totals read from
 * the statistics every 30 seconds, the map and the alarms straight from the session's
 * models.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "yz-wall-window"

#include "config.h"

#include <glib/gi18n.h>
#include <shumate/shumate.h>

#include "yz-base-layer.h"
#include "yz-labels.h"
#include "yz-station-layer.h"
#include "yz-stats.h"
#include "yz-tile-source.h"
#include "yz-totals-card.h"
#include "yz-wall-window.h"

#define REFRESH_EVERY_S 30

typedef enum
{
  WALL_VISITS,
  WALL_WORKERS,
  WALL_STATIONS_ONLINE,
  WALL_OPEN_ALARMS,
  WALL_NEW_ALARMS,
  WALL_LOW_SUPPLIES,
  N_WALL_TOTALS
} WallTotal;

struct _YzWallWindow
{
  AdwWindow parent_instance;

  GtkLabel *title_label;
  GtkLabel *clock_label;
  GtkBox *totals_box;
  GtkFrame *map_frame;
  GtkLabel *alarms_title;
  GtkStack *alarms_stack;
  GtkListView *alarm_list;

  YzSession *session;
  GTimeZone *tz;
  ShumateMap *map;
  YzBaseLayer *base_layer;
  YzStationLayer *station_layer;
  GtkFilterListModel *open_alarms;
  YzTotalsCard *totals[N_WALL_TOTALS];
  GSignalGroup *session_signals;
  GSignalGroup *alarms_signals;
  guint clock_id;
  guint refresh_id;
};

G_DEFINE_FINAL_TYPE (YzWallWindow, yz_wall_window, ADW_TYPE_WINDOW)

enum
{
  PROP_0,
  PROP_SESSION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char *const total_names[N_WALL_TOTALS] = {
  N_("Visits Today"), N_("Workers Today"),    N_("Stations Online"),
  N_("Open Alarms"),  N_("Not Acknowledged"), N_("Supplies Low"),
};

static void
tick_clock (YzWallWindow *self)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  /* TRANSLATORS: the wall display's clock, as strftime; Chinese: "%Y年%-m月%-d日 %H:%M:%S" */
  g_autofree char *text = g_date_time_format (now, _("%-d %B %Y  %H:%M:%S"));

  gtk_label_set_label (self->clock_label, text);
}

static gboolean
clock_cb (gpointer user_data)
{
  tick_clock (user_data);
  return G_SOURCE_CONTINUE;
}

static void
set_value (YzWallWindow *self, WallTotal total, gint64 value)
{
  yz_totals_card_set_count (self->totals[total], value);
}

/* The day so far from the statistics, stations and supplies from the models: every 30 s,
 * not on every event. */
static void
refresh_day (YzWallWindow *self)
{
  GListModel *stations, *stock;
  YzStore *store;
  guint online = 0, n_stations, low = 0;
  g_autofree char *online_text = NULL;

  if (self->session == NULL)
    return;

  store = yz_session_get_store (self->session);
  if (store != NULL)
    {
      g_autoptr(GError) error = NULL;
      guint32 today = yz_stats_day_of (self->tz, g_get_real_time () / 1000);
      YzStatsFilter filter = { today, today, NULL, NULL };
      YzStatsVisits visits;

      if (yz_stats_visits (store, self->tz, &filter, &visits, &error))
        {
          set_value (self, WALL_VISITS, visits.granted);
          set_value (self, WALL_WORKERS, visits.workers);
          yz_stats_visits_clear (&visits);
        }
      else
        g_warning ("Cannot read today's visits: %s", error->message);
    }

  stations = yz_session_get_stations (self->session);
  n_stations = g_list_model_get_n_items (stations);
  for (guint i = 0; i < n_stations; i++)
    {
      g_autoptr(YzStation) station = g_list_model_get_item (stations, i);

      online += yz_station_get_online (station);
    }
  online_text = g_strdup_printf ("%u / %u", online, n_stations);
  yz_totals_card_set_value (self->totals[WALL_STATIONS_ONLINE], online_text);

  stock = yz_session_get_stock (self->session);
  for (guint i = 0; i < g_list_model_get_n_items (stock); i++)
    {
      g_autoptr(YzStock) item = g_list_model_get_item (stock, i);

      low += yz_stock_get_low (item);
    }
  set_value (self, WALL_LOW_SUPPLIES, low);
}

/* The alarms, as they change. */
static void
refresh_alarms (YzWallWindow *self)
{
  g_autofree char *alarms_title = NULL;
  guint n_open;

  if (self->session == NULL)
    return;

  n_open = g_list_model_get_n_items (G_LIST_MODEL (self->open_alarms));
  set_value (self, WALL_OPEN_ALARMS, n_open);
  set_value (self, WALL_NEW_ALARMS, yz_session_get_n_unacknowledged (self->session));
  yz_totals_card_set_alert (self->totals[WALL_NEW_ALARMS],
                            yz_session_get_n_unacknowledged (self->session) > 0);
  alarms_title = g_strdup_printf (
      g_dngettext (GETTEXT_PACKAGE, "%u Open Alarm", "%u Open Alarms", n_open), n_open);
  gtk_label_set_label (self->alarms_title, alarms_title);
  gtk_stack_set_visible_child_name (self->alarms_stack, n_open > 0 ? "list" : "none");
}

static gboolean
refresh_cb (gpointer user_data)
{
  refresh_day (user_data);
  return G_SOURCE_CONTINUE;
}

static void
open_alarms_changed_cb (YzWallWindow *self)
{
  refresh_alarms (self);
}

/* An alarm acknowledged or resolved in place changes no item of the session's model: look
 * again at which are open (the filter model then tells what changed). */
static void
alarms_changed_cb (YzWallWindow *self)
{
  gtk_filter_changed (gtk_filter_list_model_get_filter (self->open_alarms),
                      GTK_FILTER_CHANGE_DIFFERENT);
  refresh_alarms (self);
}

static gboolean
is_open (gpointer item, gpointer user_data)
{
  return yz_alarm_get_state (item) != YZ_ALARM_STATE_RESOLVED;
}

/* ---- the alarm rows ---- */

static void
setup_row (GtkSignalListItemFactory *factory, GtkListItem *item, gpointer user_data)
{
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *badge = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *icon = gtk_image_new ();
  GtkWidget *priority = gtk_label_new (NULL);
  GtkWidget *text = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *what = gtk_label_new (NULL);
  GtkWidget *where = gtk_label_new (NULL);
  GtkWidget *when = gtk_label_new (NULL);

  gtk_widget_add_css_class (row, "wall-alarm");
  gtk_widget_add_css_class (badge, "wall-badge");
  gtk_widget_set_valign (badge, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (badge), icon);
  gtk_box_append (GTK_BOX (badge), priority);
  gtk_label_set_xalign (GTK_LABEL (what), 0);
  gtk_label_set_xalign (GTK_LABEL (where), 0);
  gtk_label_set_ellipsize (GTK_LABEL (where), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (what, "wall-alarm-type");
  gtk_widget_add_css_class (where, "wall-alarm-station");
  gtk_widget_set_hexpand (text, TRUE);
  gtk_box_append (GTK_BOX (text), what);
  gtk_box_append (GTK_BOX (text), where);
  gtk_widget_add_css_class (when, "wall-alarm-age");
  gtk_box_append (GTK_BOX (row), badge);
  gtk_box_append (GTK_BOX (row), text);
  gtk_box_append (GTK_BOX (row), when);
  gtk_list_item_set_child (item, row);
  gtk_list_item_set_activatable (item, FALSE);
}

static void
bind_row (GtkSignalListItemFactory *factory, GtkListItem *item, gpointer user_data)
{
  YzAlarm *alarm = gtk_list_item_get_item (item);
  GtkWidget *row = gtk_list_item_get_child (item);
  GtkWidget *badge = gtk_widget_get_first_child (row);
  GtkWidget *text = gtk_widget_get_next_sibling (badge);
  GtkWidget *when = gtk_widget_get_next_sibling (text);
  YzPriority priority = yz_alarm_get_priority (alarm);
  const char *station = yz_alarm_get_station_name (alarm);
  g_autofree char *ago = yz_format_ago (yz_alarm_get_raised_at (alarm));
  g_autofree char *type = NULL;
  static const char *const classes[] = { "critical", "high", "medium", "low" };

  for (guint i = 0; i < G_N_ELEMENTS (classes); i++)
    gtk_widget_remove_css_class (badge, classes[i]);
  gtk_widget_add_css_class (badge, yz_priority_to_nick (priority));
  gtk_image_set_from_icon_name (GTK_IMAGE (gtk_widget_get_first_child (badge)),
                                priority >= YZ_PRIORITY_HIGH ? "dialog-warning-symbolic"
                                                             : "dialog-information-symbolic");
  gtk_label_set_label (GTK_LABEL (gtk_widget_get_last_child (badge)), yz_label_priority (priority));
  type = yz_alarm_get_state (alarm) == YZ_ALARM_STATE_NEW
             ? g_strdup_printf (_("%s — not acknowledged"),
                                yz_label_alarm_type (yz_alarm_get_alarm_type (alarm)))
             : g_strdup (yz_label_alarm_type (yz_alarm_get_alarm_type (alarm)));
  gtk_label_set_label (GTK_LABEL (gtk_widget_get_first_child (text)), type);
  gtk_label_set_label (GTK_LABEL (gtk_widget_get_last_child (text)),
                       station ? station : yz_alarm_get_station_id (alarm));
  gtk_label_set_label (GTK_LABEL (when), ago);
}

/* ---- the map ---- */

static void
fit_map (YzWallWindow *self)
{
  yz_station_layer_fit_map (self->station_layer, self->map, yz_session_get_stations (self->session),
                            0.1);
}

/* Once the map has its size (and again when the stations arrive): all of them in view. */
static gboolean
fit_tick_cb (GtkWidget *widget, GdkFrameClock *clock, gpointer user_data)
{
  YzWallWindow *self = user_data;

  if (self->session == NULL || gtk_widget_get_width (widget) <= 0 ||
      g_list_model_get_n_items (yz_session_get_stations (self->session)) == 0)
    return G_SOURCE_CONTINUE;
  fit_map (self);
  return G_SOURCE_REMOVE;
}

static void
build_map (YzWallWindow *self)
{
  ShumateViewport *viewport;
  g_autoptr(YzTileSource) reference = NULL;

  self->map = shumate_map_new ();
  viewport = shumate_map_get_viewport (self->map);
  /* Only for the projection: the wall shows the stations on a plain map, no tiles. */
  reference = yz_tile_source_new_url (YZ_OSM_URL_TEMPLATE, YZ_DATUM_WGS84, NULL);
  shumate_viewport_set_reference_map_source (viewport, SHUMATE_MAP_SOURCE (reference));
  self->base_layer = yz_base_layer_new (viewport);
  self->station_layer = yz_station_layer_new (viewport);
  shumate_map_add_layer (self->map, SHUMATE_LAYER (self->base_layer));
  shumate_map_add_layer (self->map, SHUMATE_LAYER (self->station_layer));
  gtk_frame_set_child (self->map_frame, GTK_WIDGET (self->map));
  gtk_widget_add_tick_callback (GTK_WIDGET (self->map), fit_tick_cb, self, NULL);
}

/* ---- life ---- */

static gboolean
key_pressed_cb (GtkEventControllerKey *controller, guint keyval, guint keycode,
                GdkModifierType state, YzWallWindow *self)
{
  if (keyval == GDK_KEY_Escape || keyval == GDK_KEY_F11)
    {
      gtk_window_close (GTK_WINDOW (self));
      return TRUE;
    }
  return FALSE;
}

static void
yz_wall_window_dispose (GObject *object)
{
  YzWallWindow *self = YZ_WALL_WINDOW (object);

  g_clear_handle_id (&self->clock_id, g_source_remove);
  g_clear_handle_id (&self->refresh_id, g_source_remove);
  g_clear_object (&self->session_signals);
  g_clear_object (&self->alarms_signals);
  if (self->open_alarms != NULL)
    g_signal_handlers_disconnect_by_data (self->open_alarms, self);
  g_clear_object (&self->open_alarms);
  g_clear_object (&self->session);
  g_clear_pointer (&self->tz, g_time_zone_unref);

  G_OBJECT_CLASS (yz_wall_window_parent_class)->dispose (object);
}

static void
yz_wall_window_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  YzWallWindow *self = YZ_WALL_WINDOW (object);

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
yz_wall_window_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  YzWallWindow *self = YZ_WALL_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      yz_wall_window_set_session (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
yz_wall_window_class_init (YzWallWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = yz_wall_window_dispose;
  object_class->get_property = yz_wall_window_get_property;
  object_class->set_property = yz_wall_window_set_property;

  properties[PROP_SESSION] =
      g_param_spec_object ("session", NULL, NULL, YZ_TYPE_SESSION,
                           (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/yz-wall-window.ui");
  gtk_widget_class_bind_template_child (widget_class, YzWallWindow, title_label);
  gtk_widget_class_bind_template_child (widget_class, YzWallWindow, clock_label);
  gtk_widget_class_bind_template_child (widget_class, YzWallWindow, totals_box);
  gtk_widget_class_bind_template_child (widget_class, YzWallWindow, map_frame);
  gtk_widget_class_bind_template_child (widget_class, YzWallWindow, alarms_title);
  gtk_widget_class_bind_template_child (widget_class, YzWallWindow, alarms_stack);
  gtk_widget_class_bind_template_child (widget_class, YzWallWindow, alarm_list);
}

static void
yz_wall_window_init (YzWallWindow *self)
{
  GtkEventController *keys = gtk_event_controller_key_new ();
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  GtkNoSelection *selection;

  gtk_widget_init_template (GTK_WIDGET (self));
  self->tz = g_time_zone_new_local ();

  for (guint i = 0; i < N_WALL_TOTALS; i++)
    {
      GtkWidget *card = yz_totals_card_new (_(total_names[i]));

      yz_totals_card_set_large (YZ_TOTALS_CARD (card), TRUE);
      gtk_box_append (self->totals_box, card);
      self->totals[i] = YZ_TOTALS_CARD (card);
    }

  build_map (self);
  g_signal_connect (factory, "setup", G_CALLBACK (setup_row), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row), NULL);
  gtk_list_view_set_factory (self->alarm_list, factory);
  g_object_unref (factory);

  /* The open alarms of whichever session the wall shows. */
  self->open_alarms =
      gtk_filter_list_model_new (NULL, GTK_FILTER (gtk_custom_filter_new (is_open, NULL, NULL)));
  selection = gtk_no_selection_new (g_object_ref (G_LIST_MODEL (self->open_alarms)));
  gtk_list_view_set_model (self->alarm_list, GTK_SELECTION_MODEL (selection));
  g_object_unref (selection);
  g_signal_connect_swapped (self->open_alarms, "items-changed", G_CALLBACK (open_alarms_changed_cb),
                            self);
  self->alarms_signals = g_signal_group_new (G_TYPE_LIST_MODEL);
  g_signal_group_connect_swapped (self->alarms_signals, "items-changed",
                                  G_CALLBACK (alarms_changed_cb), self);
  self->session_signals = g_signal_group_new (YZ_TYPE_SESSION);
  g_signal_group_connect_swapped (self->session_signals, "notify::n-unacknowledged",
                                  G_CALLBACK (alarms_changed_cb), self);

  g_signal_connect (keys, "key-pressed", G_CALLBACK (key_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), keys);

  tick_clock (self);
  self->clock_id = g_timeout_add_seconds (1, clock_cb, self);
  self->refresh_id = g_timeout_add_seconds (REFRESH_EVERY_S, refresh_cb, self);
}

/**
 * yz_wall_window_new:
 *
 * Returns: (transfer full): the wall display for @session; present it with
 *   gtk_window_fullscreen() for the wall
 */
GtkWidget *
yz_wall_window_new (YzSession *session)
{
  return g_object_new (YZ_TYPE_WALL_WINDOW, "session", session, NULL);
}

void
yz_wall_window_set_session (YzWallWindow *self, YzSession *session)
{
  const char *gateway;
  g_autofree char *title = NULL;
  GListModel *stations;

  g_return_if_fail (YZ_IS_WALL_WINDOW (self));
  g_return_if_fail (session == NULL || YZ_IS_SESSION (session));

  if (!g_set_object (&self->session, session))
    return;

  gateway = session ? yz_session_get_gateway_name (session) : NULL;
  title = g_strdup_printf (_("%s — Today"), gateway && gateway[0] ? gateway : _("Rest Stations"));
  gtk_label_set_label (self->title_label, title);
  stations = session ? yz_session_get_stations (session) : NULL;
  yz_station_layer_set_stations (self->station_layer, stations);
  yz_base_layer_set_stations (self->base_layer, stations);

  g_signal_group_set_target (self->session_signals, session);
  g_signal_group_set_target (self->alarms_signals,
                             session ? yz_session_get_alarms (session) : NULL);
  gtk_filter_list_model_set_model (self->open_alarms,
                                   session ? yz_session_get_alarms (session) : NULL);

  refresh_day (self);
  refresh_alarms (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);
}

YzSession *
yz_wall_window_get_session (YzWallWindow *self)
{
  g_return_val_if_fail (YZ_IS_WALL_WINDOW (self), NULL);

  return self->session;
}

const char *
yz_wall_window_get_value (YzWallWindow *self, guint index)
{
  g_return_val_if_fail (YZ_IS_WALL_WINDOW (self) && index < N_WALL_TOTALS, NULL);

  return yz_totals_card_get_value (self->totals[index]);
}

GListModel *
yz_wall_window_get_open_alarms (YzWallWindow *self)
{
  return G_LIST_MODEL (self->open_alarms);
}
