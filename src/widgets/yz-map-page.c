/* yz-map-page.c
 *
 * The map of all stations: tiles (OpenStreetMap, an intranet server or an offline MBTiles
 * file, from the settings) over a plain graticule that shows when tiles cannot load, every
 * station in one layer above them, a search entry, and the side panel of the selected
 * station. The view (centre and zoom) is kept in the settings and restored on start; on the
 * very first start the map fits itself to the stations, at the size the map is given (the
 * fit waits for the map's first allocation: before it, its size is not known).
 *
 * While the session is not connected the marks, the panel and the summary say that the
 * states are the last known ones, not the present.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "yz-map-page"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <math.h>
#include <shumate/shumate.h>

#include "yz-base-layer.h"
#include "yz-labels.h"
#include "yz-map-page.h"
#include "yz-station-layer.h"
#include "yz-station-panel.h"
#include "yz-tile-source.h"

#define SAVE_VIEW_DELAY_MS 1000
#define FOCUS_ZOOM 15.0

struct _YzMapPage
{
  GtkWidget parent_instance;

  GtkStack *stack;
  AdwStatusPage *status_page;
  GtkWidget *setup_button;
  ShumateMap *map;
  GtkSearchEntry *search_entry;
  GtkRevealer *results_revealer;
  GtkListView *results_view;
  GtkWidget *tiles_box;
  GtkLabel *tiles_label;
  GtkLabel *summary_label;
  GtkLabel *legend_label;
  ShumateLicense *license;
  GtkRevealer *panel_revealer;
  YzStationPanel *panel;

  GSettings *settings;
  YzSession *session;
  GSignalGroup *session_signals;
  YzBaseLayer *base_layer;
  ShumateMapLayer *tile_layer;
  YzStationLayer *station_layer;
  YzTileSource *source;
  char *setup_problem; /* the tile settings cannot be used */
  GtkFilterListModel *results;
  GtkCustomFilter *search_filter;
  char *search_text; /* casefolded */
  gboolean fitted;
  gboolean fit_pending; /* stations are there; fit once the map has its size */
  guint refresh_id;
  guint save_view_id;
};

static void set_legend (YzMapPage *self, gboolean stale);

G_DEFINE_FINAL_TYPE (YzMapPage, yz_map_page, GTK_TYPE_WIDGET)

enum
{
  PROP_0,
  PROP_SESSION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* ---- tiles ---- */

static void
update_tile_notice (YzMapPage *self)
{
  const char *problem = yz_map_page_get_tile_problem (self);

  gtk_label_set_text (self->tiles_label, problem ? problem : "");
  gtk_widget_set_visible (self->tiles_box, problem != NULL);
}

static void
apply_tile_source (YzMapPage *self)
{
  ShumateViewport *viewport = shumate_map_get_viewport (self->map);
  g_autoptr(GError) error = NULL;
  g_autoptr(YzTileSource) source = NULL;
  int kind = g_settings_get_enum (self->settings, "tile-source");
  YzDatum datum =
      g_settings_get_enum (self->settings, "tile-datum") == 1 ? YZ_DATUM_GCJ02 : YZ_DATUM_WGS84;
  gboolean usable = TRUE;

  g_clear_pointer (&self->setup_problem, g_free);
  if (kind == 1)
    {
      g_autofree char *url = g_settings_get_string (self->settings, "tile-url");

      source = yz_tile_source_new_url (url, datum, &error);
    }
  else if (kind == 2)
    {
      g_autofree char *path = g_settings_get_string (self->settings, "mbtiles-file");

      source = yz_tile_source_new_mbtiles (path, datum, &error);
    }
  else
    source = yz_tile_source_new_url (YZ_OSM_URL_TEMPLATE, YZ_DATUM_WGS84, &error);

  if (source == NULL)
    {
      /* Still a projection to draw the stations with; no tiles. */
      self->setup_problem = g_strdup_printf (_("No map tiles: %s"), error->message);
      source = yz_tile_source_new_url (YZ_OSM_URL_TEMPLATE, YZ_DATUM_WGS84, NULL);
      usable = FALSE;
    }

  if (self->tile_layer != NULL)
    {
      shumate_map_remove_layer (self->map, SHUMATE_LAYER (self->tile_layer));
      self->tile_layer = NULL;
    }
  if (self->source != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->source, self);
      shumate_license_remove_map_source (self->license, SHUMATE_MAP_SOURCE (self->source));
    }
  g_set_object (&self->source, source);
  shumate_viewport_set_reference_map_source (viewport, SHUMATE_MAP_SOURCE (source));
  if (usable)
    {
      self->tile_layer = shumate_map_layer_new (SHUMATE_MAP_SOURCE (source), viewport);
      shumate_map_insert_layer_above (self->map, SHUMATE_LAYER (self->tile_layer),
                                      SHUMATE_LAYER (self->base_layer));
      shumate_license_append_map_source (self->license, SHUMATE_MAP_SOURCE (source));
      g_signal_connect_object (source, "notify::problem", G_CALLBACK (update_tile_notice), self,
                               G_CONNECT_SWAPPED);
    }
  yz_base_layer_set_datum (self->base_layer, yz_tile_source_get_datum (source));
  yz_station_layer_set_datum (self->station_layer, yz_tile_source_get_datum (source));
  update_tile_notice (self);
}

/* ---- the view ---- */

static gboolean
save_view_cb (gpointer user_data)
{
  YzMapPage *self = user_data;
  ShumateViewport *viewport = shumate_map_get_viewport (self->map);

  self->save_view_id = 0;
  g_settings_delay (self->settings);
  g_settings_set_double (self->settings, "map-latitude",
                         shumate_location_get_latitude (SHUMATE_LOCATION (viewport)));
  g_settings_set_double (self->settings, "map-longitude",
                         shumate_location_get_longitude (SHUMATE_LOCATION (viewport)));
  g_settings_set_double (self->settings, "map-zoom", shumate_viewport_get_zoom_level (viewport));
  g_settings_apply (self->settings);

  return G_SOURCE_REMOVE;
}

static void
viewport_changed_cb (YzMapPage *self)
{
  if (!self->fitted)
    return; /* not the operator's view yet */
  g_clear_handle_id (&self->save_view_id, g_source_remove);
  self->save_view_id = g_timeout_add (SAVE_VIEW_DELAY_MS, save_view_cb, self);
}

/* The first time stations arrive with no saved view: show them all. Only once the map has
 * been given its size; until then, ask for an allocation and fit in it. */
static void
fit_to_stations (YzMapPage *self)
{
  if (gtk_widget_get_width (GTK_WIDGET (self->map)) <= 0 ||
      gtk_widget_get_height (GTK_WIDGET (self->map)) <= 0)
    {
      self->fit_pending = TRUE;
      gtk_widget_queue_allocate (GTK_WIDGET (self));
      return;
    }
  self->fit_pending = FALSE;
  if (yz_station_layer_fit_map (self->station_layer, self->map,
                                yz_session_get_stations (self->session), 0.2))
    self->fitted = TRUE;
}

static void
page_measure (GtkWidget *widget, GtkOrientation orientation, int for_size, int *minimum,
              int *natural, int *minimum_baseline, int *natural_baseline)
{
  GtkWidget *child = gtk_widget_get_first_child (widget);

  *minimum = *natural = 0;
  if (child != NULL)
    gtk_widget_measure (child, orientation, for_size, minimum, natural, minimum_baseline,
                        natural_baseline);
}

/* The children first; then, with the map's real size known, a pending first fit. Changing
 * the view here makes GTK lay the map out again before this frame is drawn. */
static void
page_allocate (GtkWidget *widget, int width, int height, int baseline)
{
  YzMapPage *self = YZ_MAP_PAGE (widget);
  GtkWidget *child = gtk_widget_get_first_child (widget);

  if (child != NULL)
    gtk_widget_allocate (child, width, height, baseline, NULL);

  /* The notices over the map: district names keep out from under them. */
  {
    GtkWidget *covers[] = { gtk_widget_get_parent (GTK_WIDGET (self->search_entry)),
                            GTK_WIDGET (self->summary_label), GTK_WIDGET (self->legend_label),
                            self->tiles_box };
    graphene_rect_t boxes[G_N_ELEMENTS (covers)];
    guint n = 0;

    for (guint i = 0; i < G_N_ELEMENTS (covers); i++)
      if (gtk_widget_get_visible (covers[i]) &&
          gtk_widget_compute_bounds (covers[i], GTK_WIDGET (self->base_layer), &boxes[n]))
        n++;
    yz_base_layer_set_keep_clear (self->base_layer, boxes, n);
  }

  if (self->fit_pending && !self->fitted && self->session != NULL &&
      gtk_widget_get_width (GTK_WIDGET (self->map)) > 0 &&
      gtk_widget_get_height (GTK_WIDGET (self->map)) > 0)
    fit_to_stations (self);
}

static void
restore_view (YzMapPage *self)
{
  double zoom = g_settings_get_double (self->settings, "map-zoom");

  if (zoom <= 0)
    return;
  shumate_viewport_set_zoom_level (shumate_map_get_viewport (self->map), zoom);
  shumate_map_center_on (self->map, g_settings_get_double (self->settings, "map-latitude"),
                         g_settings_get_double (self->settings, "map-longitude"));
  self->fitted = TRUE;
}

/* ---- selection ---- */

static void
select_station (YzMapPage *self, YzStation *station, gboolean fly)
{
  yz_station_layer_set_selected (self->station_layer, station);
  yz_station_panel_set_station (self->panel, station);
  gtk_revealer_set_reveal_child (self->panel_revealer, station != NULL);
  if (station != NULL && fly)
    {
      double lat, lon;
      double zoom =
          MAX (shumate_viewport_get_zoom_level (shumate_map_get_viewport (self->map)), FOCUS_ZOOM);

      yz_station_layer_get_map_location (self->station_layer, station, &lat, &lon);
      shumate_map_go_to_full (self->map, lat, lon, zoom);
    }
}

static void
station_activated_cb (YzMapPage *self, YzStation *station)
{
  select_station (self, station, FALSE);
}

static void
cluster_activated_cb (YzMapPage *self, double lat, double lon)
{
  double zoom = shumate_viewport_get_zoom_level (shumate_map_get_viewport (self->map));

  shumate_map_go_to_full (self->map, lat, lon, MIN (zoom + 2, 18));
}

static void
close_panel_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  YzMapPage *self = YZ_MAP_PAGE (widget);

  yz_station_layer_set_selected (self->station_layer, NULL);
  gtk_revealer_set_reveal_child (self->panel_revealer, FALSE);
}

/* ---- search ---- */

static gboolean
contains_folded (const char *haystack, const char *needle)
{
  g_autofree char *folded = NULL;

  if (haystack == NULL)
    return FALSE;
  folded = g_utf8_casefold (haystack, -1);

  return strstr (folded, needle) != NULL;
}

static gboolean
station_matches (gpointer item, gpointer user_data)
{
  YzMapPage *self = user_data;

  if (self->search_text == NULL || self->search_text[0] == '\0')
    return FALSE;

  return contains_folded (yz_station_get_name (item), self->search_text) ||
         contains_folded (yz_station_get_district (item), self->search_text) ||
         contains_folded (yz_station_get_address (item), self->search_text) ||
         contains_folded (yz_station_get_id (item), self->search_text);
}

static void
search_changed_cb (YzMapPage *self)
{
  g_autofree char *text =
      g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->search_entry))));

  g_free (self->search_text);
  self->search_text = g_utf8_casefold (text, -1);
  gtk_filter_changed (GTK_FILTER (self->search_filter), GTK_FILTER_CHANGE_DIFFERENT);
  gtk_revealer_set_reveal_child (self->results_revealer,
                                 g_list_model_get_n_items (G_LIST_MODEL (self->results)) > 0);
}

static void
choose_result (YzMapPage *self, guint position)
{
  g_autoptr(YzStation) station = g_list_model_get_item (G_LIST_MODEL (self->results), position);

  if (station == NULL)
    return;
  select_station (self, station, TRUE);
  gtk_revealer_set_reveal_child (self->results_revealer, FALSE);
}

static void
search_activate_cb (YzMapPage *self)
{
  choose_result (self, 0);
}

static void
search_stop_cb (YzMapPage *self)
{
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  gtk_revealer_set_reveal_child (self->results_revealer, FALSE);
}

static void
result_activate_cb (YzMapPage *self, guint position)
{
  choose_result (self, position);
}

static void
search_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  gtk_widget_grab_focus (GTK_WIDGET (YZ_MAP_PAGE (widget)->search_entry));
}

/* ---- the summary ---- */

/**
 * yz_map_page_summary_text:
 * @connected: whether the session is connected; if not, the counts of states are last
 *   known ones and not given
 *
 * The line over the map: how many stations, and how many need attention.
 */
char *
yz_map_page_summary_text (guint n_stations, guint n_alarms, guint n_doors, guint n_offline,
                          gboolean connected)
{
  if (!connected)
    return g_strdup_printf (
        g_dngettext (GETTEXT_PACKAGE, "%u station · states unknown while disconnected",
                     "%u stations · states unknown while disconnected", n_stations),
        n_stations);

  return g_strdup_printf (
      g_dngettext (GETTEXT_PACKAGE, "%u station · %u with open alarms · %u doors open · %u offline",
                   "%u stations · %u with open alarms · %u doors open · %u offline", n_stations),
      n_stations, n_alarms, n_doors, n_offline);
}

/**
 * yz_map_page_describe_empty:
 * @has_session: whether a gateway is set up at all
 * @state: the session's connection state
 * @title: (out): @description: (out): what the empty page says
 *
 * What the page says when there is no station to show. Only without a gateway does it
 * offer to set one up.
 *
 * Returns: whether to offer "Set Up a Gateway"
 */
gboolean
yz_map_page_describe_empty (gboolean has_session, YzConnectionState state, const char **title,
                            const char **description)
{
  if (!has_session)
    {
      *title = _("No Gateway Is Set Up");
      *description =
          _("Every station of the city appears here on a map, marked by its state. Set up the "
             "gateway in Preferences, or start the console with --demo to watch the built-in "
             "simulator.");
      return TRUE;
    }
  if (state == YZ_CONNECTION_CONNECTED)
    {
      *title = _("No Stations");
      *description = _("The gateway lists no stations.");
      return FALSE;
    }
  if (state == YZ_CONNECTION_CONNECTING)
    {
      *title = _("Connecting to the Gateway");
      *description =
          _("No stations are stored on this computer yet. They appear on the map as soon as "
             "the gateway answers.");
      return FALSE;
    }
  *title = _("Not Connected");
  *description =
      _("The console is not connected to the gateway and has no stations stored yet. They "
         "appear on the map when the connection is back.");
  return FALSE;
}

static void
update_empty (YzMapPage *self)
{
  const char *title, *description;
  gboolean setup;

  setup = yz_map_page_describe_empty (
      self->session != NULL,
      self->session ? yz_session_get_connection_state (self->session) : YZ_CONNECTION_DISCONNECTED,
      &title, &description);
  adw_status_page_set_title (self->status_page, title);
  adw_status_page_set_description (self->status_page, description);
  gtk_widget_set_visible (self->setup_button, setup);
}

static gboolean
refresh_cb (gpointer user_data)
{
  YzMapPage *self = user_data;
  GListModel *stations = yz_session_get_stations (self->session);
  guint n = g_list_model_get_n_items (stations);
  guint n_alarms = 0, n_offline = 0, n_doors = 0;
  gboolean connected = yz_session_get_connection_state (self->session) == YZ_CONNECTION_CONNECTED;
  g_autofree char *summary = NULL;

  self->refresh_id = 0;
  update_empty (self);
  gtk_stack_set_visible_child_name (self->stack, n > 0 ? "map" : "empty");
  if (n == 0)
    return G_SOURCE_REMOVE;
  if (!self->fitted)
    fit_to_stations (self);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(YzStation) station = g_list_model_get_item (stations, i);

      n_alarms += yz_station_get_n_open_alarms (station) > 0;
      n_offline += !yz_station_get_online (station);
      n_doors += yz_station_get_door_alert (station);
    }

  summary = yz_map_page_summary_text (n, n_alarms, n_doors, n_offline, connected);
  gtk_label_set_text (self->summary_label, summary);
  if (connected)
    gtk_widget_remove_css_class (GTK_WIDGET (self->summary_label), "stale");
  else
    gtk_widget_add_css_class (GTK_WIDGET (self->summary_label), "stale");

  return G_SOURCE_REMOVE;
}

/* Connected or not: the marks go stale or come back at once, and the summary follows. */
static void
connection_changed_cb (YzMapPage *self)
{
  gboolean connected = yz_session_get_connection_state (self->session) == YZ_CONNECTION_CONNECTED;

  yz_station_layer_set_stale (self->station_layer, !connected);
  set_legend (self, !connected);
  g_clear_handle_id (&self->refresh_id, g_source_remove);
  refresh_cb (self);
}

static void
changed_cb (YzMapPage *self)
{
  if (self->refresh_id == 0)
    self->refresh_id = g_timeout_add (300, refresh_cb, self);
}

static void
set_legend (YzMapPage *self, gboolean stale)
{
  static const struct
  {
    YzMark mark;
    const char *label;
  } items[] = {
    { YZ_MARK_ALARM_CRITICAL, N_("Alarm") },
    { YZ_MARK_DOOR, N_("Door open") },
    { YZ_MARK_OFFLINE, N_("Offline") },
    { YZ_MARK_NORMAL, N_("Normal") },
  };
  GString *markup = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (items); i++)
    {
      GdkRGBA color;
      g_autofree char *hex = NULL;
      g_autofree char *label = g_markup_escape_text (_(items[i].label), -1);

      yz_mark_get_color (items[i].mark, &color);
      hex = g_strdup_printf ("#%02x%02x%02x", (int)(color.red * 255), (int)(color.green * 255),
                             (int)(color.blue * 255));
      g_string_append_printf (markup, "<span foreground=\"%s\" size=\"large\">●</span> %s   ", hex,
                              label);
    }
  {
    g_autofree char *round = g_markup_escape_text (_("● 24-hour smart"), -1);
    g_autofree char *square = g_markup_escape_text (_("■ standard"), -1);

    g_string_append_printf (markup, "<span alpha=\"70%%\">%s   %s</span>", round, square);
  }
  if (stale)
    {
      g_autofree char *last = g_markup_escape_text (_("Washed out: last known state"), -1);

      g_string_append_printf (markup, "   <span foreground=\"#a8b4ae\" size=\"large\">●</span> %s",
                              last);
    }
  gtk_label_set_markup (self->legend_label, markup->str);
  g_string_free (markup, TRUE);
}

/* ---- GObject ---- */

static void
yz_map_page_dispose (GObject *object)
{
  YzMapPage *self = YZ_MAP_PAGE (object);
  GtkWidget *child;

  if (self->save_view_id != 0)
    {
      g_clear_handle_id (&self->save_view_id, g_source_remove);
      save_view_cb (self);
    }
  g_clear_handle_id (&self->refresh_id, g_source_remove);
  g_clear_object (&self->session_signals);
  g_clear_object (&self->session);
  g_clear_object (&self->results);
  g_clear_object (&self->search_filter);
  g_clear_object (&self->source);
  g_clear_object (&self->settings);
  gtk_widget_dispose_template (GTK_WIDGET (object), YZ_TYPE_MAP_PAGE);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (object))))
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (yz_map_page_parent_class)->dispose (object);
}

static void
yz_map_page_finalize (GObject *object)
{
  YzMapPage *self = YZ_MAP_PAGE (object);

  g_free (self->search_text);
  g_free (self->setup_problem);

  G_OBJECT_CLASS (yz_map_page_parent_class)->finalize (object);
}

static void
yz_map_page_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  YzMapPage *self = YZ_MAP_PAGE (object);

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
yz_map_page_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  YzMapPage *self = YZ_MAP_PAGE (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      yz_map_page_set_session (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
yz_map_page_class_init (YzMapPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = yz_map_page_dispose;
  object_class->finalize = yz_map_page_finalize;
  object_class->get_property = yz_map_page_get_property;
  object_class->set_property = yz_map_page_set_property;

  properties[PROP_SESSION] =
      g_param_spec_object ("session", NULL, NULL, YZ_TYPE_SESSION,
                           (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (SHUMATE_TYPE_MAP);
  g_type_ensure (SHUMATE_TYPE_LICENSE);
  g_type_ensure (YZ_TYPE_STATION_PANEL);
  g_type_ensure (YZ_TYPE_STATION);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/yz-map-page.ui");
  gtk_widget_class_bind_template_child (widget_class, YzMapPage, stack);
  gtk_widget_class_bind_template_child (widget_class, YzMapPage, status_page);
  gtk_widget_class_bind_template_child (widget_class, YzMapPage, setup_button);
  gtk_widget_class_bind_template_child (widget_class, YzMapPage, map);
  gtk_widget_class_bind_template_child (widget_class, YzMapPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, YzMapPage, results_revealer);
  gtk_widget_class_bind_template_child (widget_class, YzMapPage, results_view);
  gtk_widget_class_bind_template_child (widget_class, YzMapPage, tiles_box);
  gtk_widget_class_bind_template_child (widget_class, YzMapPage, tiles_label);
  gtk_widget_class_bind_template_child (widget_class, YzMapPage, summary_label);
  gtk_widget_class_bind_template_child (widget_class, YzMapPage, legend_label);
  gtk_widget_class_bind_template_child (widget_class, YzMapPage, license);
  gtk_widget_class_bind_template_child (widget_class, YzMapPage, panel_revealer);
  gtk_widget_class_bind_template_child (widget_class, YzMapPage, panel);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_stop_cb);
  gtk_widget_class_bind_template_callback (widget_class, result_activate_cb);
  gtk_widget_class_install_action (widget_class, "map.close-panel", NULL, close_panel_action);
  gtk_widget_class_install_action (widget_class, "map.search", NULL, search_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "map.search",
                                       NULL);
}

static void
yz_map_page_init (YzMapPage *self)
{
  ShumateViewport *viewport;

  gtk_widget_set_layout_manager (GTK_WIDGET (self),
                                 gtk_custom_layout_new (NULL, page_measure, page_allocate));
  gtk_widget_init_template (GTK_WIDGET (self));
  self->settings = g_settings_new (BASE_ID);
  viewport = shumate_map_get_viewport (self->map);
  shumate_viewport_set_min_zoom_level (viewport, 3);
  shumate_viewport_set_max_zoom_level (viewport, 19);

  /* Bottom to top: graticule and districts, tiles, stations. */
  self->base_layer = yz_base_layer_new (viewport);
  shumate_map_add_layer (self->map, SHUMATE_LAYER (self->base_layer));
  self->station_layer = yz_station_layer_new (viewport);
  shumate_map_add_layer (self->map, SHUMATE_LAYER (self->station_layer));
  yz_base_layer_set_marks (self->base_layer, self->station_layer);
  g_signal_connect_object (self->station_layer, "station-activated",
                           G_CALLBACK (station_activated_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->station_layer, "cluster-activated",
                           G_CALLBACK (cluster_activated_cb), self, G_CONNECT_SWAPPED);
  apply_tile_source (self);
  g_signal_connect_object (self->settings, "changed::tile-source", G_CALLBACK (apply_tile_source),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->settings, "changed::tile-url", G_CALLBACK (apply_tile_source),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->settings, "changed::mbtiles-file", G_CALLBACK (apply_tile_source),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->settings, "changed::tile-datum", G_CALLBACK (apply_tile_source),
                           self, G_CONNECT_SWAPPED);

  shumate_viewport_set_zoom_level (viewport, 11);
  restore_view (self);
  g_signal_connect_object (viewport, "notify::latitude", G_CALLBACK (viewport_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (viewport, "notify::longitude", G_CALLBACK (viewport_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (viewport, "notify::zoom-level", G_CALLBACK (viewport_changed_cb), self,
                           G_CONNECT_SWAPPED);

  /* The session's changes, while it is the page's; the panel shows the same session. */
  self->session_signals = g_signal_group_new (YZ_TYPE_SESSION);
  g_signal_group_connect_swapped (self->session_signals, "notify::last-seq",
                                  G_CALLBACK (changed_cb), self);
  g_signal_group_connect_swapped (self->session_signals, "notify::n-stations",
                                  G_CALLBACK (changed_cb), self);
  g_signal_group_connect_swapped (self->session_signals, "notify::n-unacknowledged",
                                  G_CALLBACK (changed_cb), self);
  g_signal_group_connect_swapped (self->session_signals, "notify::connection-state",
                                  G_CALLBACK (connection_changed_cb), self);
  g_object_bind_property (self, "session", self->panel, "session", G_BINDING_SYNC_CREATE);

  self->search_filter = gtk_custom_filter_new (station_matches, self, NULL);
  set_legend (self, FALSE);
  update_empty (self);
}

/* ---- public ---- */

GtkWidget *
yz_map_page_new (void)
{
  return g_object_new (YZ_TYPE_MAP_PAGE, NULL);
}

void
yz_map_page_set_session (YzMapPage *self, YzSession *session)
{
  gboolean changed;

  g_return_if_fail (YZ_IS_MAP_PAGE (self));
  g_return_if_fail (session == NULL || YZ_IS_SESSION (session));

  /* Set up again even for the same session (as always); notified only when it changes. */
  changed = g_set_object (&self->session, session);
  g_signal_group_set_target (self->session_signals, session);
  g_clear_object (&self->results);
  if (session == NULL)
    {
      yz_station_layer_set_stations (self->station_layer, NULL);
      yz_base_layer_set_stations (self->base_layer, NULL);
      yz_station_layer_set_stale (self->station_layer, FALSE);
      update_empty (self);
      gtk_stack_set_visible_child_name (self->stack, "empty");
      if (changed)
        g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);
      return;
    }

  yz_station_layer_set_stations (self->station_layer, yz_session_get_stations (session));
  yz_base_layer_set_stations (self->base_layer, yz_session_get_stations (session));
  self->results = gtk_filter_list_model_new (g_object_ref (yz_session_get_stations (session)),
                                             g_object_ref (GTK_FILTER (self->search_filter)));
  {
    g_autoptr(GtkSingleSelection) selection =
        gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->results)));

    gtk_single_selection_set_autoselect (selection, FALSE);
    gtk_single_selection_set_can_unselect (selection, TRUE);
    gtk_list_view_set_model (self->results_view, GTK_SELECTION_MODEL (selection));
  }
  connection_changed_cb (self);
  if (changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);
}

YzSession *
yz_map_page_get_session (YzMapPage *self)
{
  g_return_val_if_fail (YZ_IS_MAP_PAGE (self), NULL);

  return self->session;
}

/**
 * yz_map_page_show_station:
 *
 * Selects a station (from an alarm, a search, another section), opens its panel and flies
 * the map to it. Returns %FALSE if no station has @station_id.
 */
gboolean
yz_map_page_show_station (YzMapPage *self, const char *station_id)
{
  GListModel *stations;

  g_return_val_if_fail (YZ_IS_MAP_PAGE (self), FALSE);

  if (self->session == NULL)
    return FALSE;
  stations = yz_session_get_stations (self->session);
  for (guint i = 0; i < g_list_model_get_n_items (stations); i++)
    {
      g_autoptr(YzStation) station = g_list_model_get_item (stations, i);

      if (g_strcmp0 (yz_station_get_id (station), station_id) == 0)
        {
          select_station (self, station, TRUE);
          return TRUE;
        }
    }

  return FALSE;
}

YzStation *
yz_map_page_get_selected (YzMapPage *self)
{
  g_return_val_if_fail (YZ_IS_MAP_PAGE (self), NULL);

  return gtk_revealer_get_reveal_child (self->panel_revealer)
             ? yz_station_layer_get_selected (self->station_layer)
             : NULL;
}

GtkWidget *
yz_map_page_get_map (YzMapPage *self)
{
  return GTK_WIDGET (self->map);
}
GtkWidget *
yz_map_page_get_station_layer (YzMapPage *self)
{
  return GTK_WIDGET (self->station_layer);
}
GtkWidget *
yz_map_page_get_base_layer (YzMapPage *self)
{
  return GTK_WIDGET (self->base_layer);
}
GtkWidget *
yz_map_page_get_panel (YzMapPage *self)
{
  return GTK_WIDGET (self->panel);
}
GListModel *
yz_map_page_get_search_results (YzMapPage *self)
{
  return G_LIST_MODEL (self->results);
}
const char *
yz_map_page_get_summary (YzMapPage *self)
{
  return gtk_label_get_text (self->summary_label);
}

/* Why tiles are missing (settings that cannot be used, or tiles failing), or %NULL. */
const char *
yz_map_page_get_tile_problem (YzMapPage *self)
{
  g_return_val_if_fail (YZ_IS_MAP_PAGE (self), NULL);

  if (self->setup_problem != NULL)
    return self->setup_problem;

  return self->source ? yz_tile_source_get_problem (self->source) : NULL;
}
