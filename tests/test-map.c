/* test-map.c — the station map against a live yizhan-sim: marks where the projection puts
 * them (read back from rendered pixels), colours that follow an alarm raised through the
 * simulator, a click that opens the panel, search, the plain-grid fallback when tiles
 * cannot load, tiles from an MBTiles file, a tile server's bomb refused before decoding, and
 * the datum shift between tile kinds.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <sqlite3.h>
#include <shumate/shumate.h>

#include "yz-base-layer.h"
#include "yz-door-dialog.h"
#include "yz-store-private.h"
#include "yz-gateway-backend.h"
#include "yz-labels.h"
#include "yz-geo.h"
#include "yz-map-page.h"
#include "yz-session.h"
#include "yz-station-layer.h"
#include "yz-station-panel.h"
#include "yz-test-fixture.h"
#include "yz-test-gtk.h"
#include "yz-tile-source.h"

/* Nothing listens on port 9 of loopback: tiles fail at once, as in an offline room. */
#define DEAD_TILES "http://127.0.0.1:9/{z}/{x}/{y}.png"

typedef struct
{
  YzTestFixture fx;
  GSettings *settings;
  GtkWindow *window;
  YzMapPage *page;
  guint n_stations;
} Fixture;

static gboolean
has_stations (gpointer data)
{
  Fixture *f = data;

  return yz_session_get_connection_state (f->fx.session) == YZ_CONNECTION_CONNECTED &&
         g_list_model_get_n_items (yz_session_get_stations (f->fx.session)) == f->n_stations;
}

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  yz_test_tolerate_known_criticals ();
  /* @data: how many stations the city has (24 unless a test asks for a bigger one) */
  f->n_stations = data ? GPOINTER_TO_UINT (data) : 24;
  f->settings = g_settings_new (BASE_ID);
  g_settings_set_enum (f->settings, "tile-source", 1);
  g_settings_set_string (f->settings, "tile-url", DEAD_TILES);
  g_settings_reset (f->settings, "map-zoom");

  yz_test_fixture_set_up (&f->fx, &(YzTestFixtureOptions){ .name = "map",
                                                           .stations = f->n_stations,
                                                           .control = TRUE,
                                                           .ready = has_stations,
                                                           .ready_data = f });

  f->page = YZ_MAP_PAGE (yz_map_page_new ());
  f->window = yz_test_window_new (GTK_WIDGET (f->page), 1280, 800);
  yz_map_page_set_session (f->page, f->fx.session);
  yz_test_window_show (f->window);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  gtk_window_destroy (f->window);
  yz_test_fixture_tear_down (&f->fx);
  g_settings_reset (f->settings, "tile-source");
  g_settings_reset (f->settings, "tile-url");
  g_settings_reset (f->settings, "mbtiles-file");
  g_settings_reset (f->settings, "tile-datum");
  g_settings_reset (f->settings, "map-zoom");
  g_settings_reset (f->settings, "map-latitude");
  g_settings_reset (f->settings, "map-longitude");
  g_clear_object (&f->settings);
}

static YzStation *
station_by_id (Fixture *f, const char *id)
{
  GListModel *stations = yz_session_get_stations (f->fx.session);

  for (guint i = 0; i < g_list_model_get_n_items (stations); i++)
    {
      g_autoptr(YzStation) station = g_list_model_get_item (stations, i);

      if (g_str_equal (yz_station_get_id (station), id))
        return station; /* the model holds it */
    }
  g_assert_not_reached ();
}

/* Spherical Mercator, computed here rather than asked of libshumate: x, y in [0, 1). */
static void
mercator (double lat, double lon, double *x, double *y)
{
  double s = sin (lat * G_PI / 180.0);

  *x = (lon + 180.0) / 360.0;
  *y = 0.5 - log ((1 + s) / (1 - s)) / (4 * G_PI);
}

/* Where @station must be on the map widget at the current view, independently of the
 * layer: the tiles' datum, then Mercator around the viewport's centre. */
static void
expected_position (Fixture *f, YzStation *station, YzDatum tiles, double *px, double *py)
{
  GtkWidget *map = yz_map_page_get_map (f->page);
  ShumateViewport *viewport = shumate_map_get_viewport (SHUMATE_MAP (map));
  double scale = 256.0 * pow (2.0, shumate_viewport_get_zoom_level (viewport));
  double lat, lon, sx, sy, cx, cy;
  YzDatum from = YZ_DATUM_WGS84;

  g_assert_true (yz_datum_from_string (yz_station_get_datum (station), &from));
  yz_geo_convert (from, tiles, yz_station_get_lat (station), yz_station_get_lon (station), &lat,
                  &lon);
  mercator (lat, lon, &sx, &sy);
  mercator (shumate_location_get_latitude (SHUMATE_LOCATION (viewport)),
            shumate_location_get_longitude (SHUMATE_LOCATION (viewport)), &cx, &cy);
  *px = gtk_widget_get_width (map) / 2.0 + (sx - cx) * scale;
  *py = gtk_widget_get_height (map) / 2.0 + (sy - cy) * scale;
}

typedef struct
{
  guchar r, g, b;
} Rgb;

/* The window's pixel at a point of the map widget (rendered with the window's renderer). */
static Rgb
pixel_at (Fixture *f, double x, double y)
{
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree guchar *data = NULL;
  double wx = 0, wy = 0;
  int width, height, ix, iy;
  gsize stride;
  guchar *p;

  g_assert_true (gtk_widget_translate_coordinates (yz_map_page_get_map (f->page),
                                                   GTK_WIDGET (f->window), x, y, &wx, &wy));
  texture = yz_test_render (GTK_WIDGET (f->window));
  width = gdk_texture_get_width (texture);
  height = gdk_texture_get_height (texture);
  stride = (gsize)width * 4;
  data = g_malloc (stride * height);
  gdk_texture_download (texture, data, stride);
  ix = CLAMP ((int)round (wx), 0, width - 1);
  iy = CLAMP ((int)round (wy), 0, height - 1);
  p = data + iy * stride + ix * 4; /* cairo ARGB32: B, G, R, A in memory */

  return (Rgb){ p[2], p[1], p[0] };
}

static gboolean
close_to (Rgb got, const char *hex)
{
  return yz_test_color_close_to (got.r, got.g, got.b, hex, 24);
}

static gboolean
view_settled (gpointer data)
{
  Fixture *f = data;

  return shumate_map_get_state (SHUMATE_MAP (yz_map_page_get_map (f->page))) !=
         SHUMATE_STATE_LOADING;
}

/* Zoom in on a station (no clusters at this zoom) and let the frame settle. */
static void
look_at (Fixture *f, YzStation *station, double zoom)
{
  GtkWidget *map = yz_map_page_get_map (f->page);
  double lat, lon;

  yz_station_layer_get_map_location (YZ_STATION_LAYER (yz_map_page_get_station_layer (f->page)),
                                     station, &lat, &lon);
  shumate_viewport_set_zoom_level (shumate_map_get_viewport (SHUMATE_MAP (map)), zoom);
  shumate_map_center_on (SHUMATE_MAP (map), lat + 0.0005, lon - 0.0007); /* not dead centre */
  g_assert_true (yz_test_wait_for_draw (map, 5000));
  yz_test_wait (view_settled, f, 2000);
}

static YzMark
mark_of (gpointer data)
{
  return yz_mark_for_station (data);
}

static gboolean
is_critical (gpointer data)
{
  return mark_of (data) == YZ_MARK_ALARM_CRITICAL;
}

static void
test_map_marks (Fixture *f, gconstpointer data)
{
  YzStationLayer *layer = YZ_STATION_LAYER (yz_map_page_get_station_layer (f->page));
  YzStation *station = station_by_id (f, "hz-0003");
  g_autofree char *hex = NULL;
  double ex, ey, lx, ly;
  GdkRGBA color;
  Rgb got;

  look_at (f, station, 15);
  expected_position (f, station, YZ_DATUM_WGS84, &ex, &ey);
  g_assert_true (yz_station_layer_get_position (layer, station, &lx, &ly));
  g_assert_cmpfloat (fabs (lx - ex), <, 1.0);
  g_assert_cmpfloat (fabs (ly - ey), <, 1.0);

  /* The pixels there are the mark's colour (3 px left of centre, clear of any glyph). */
  yz_mark_get_color (yz_mark_for_station (station), &color);
  hex = gdk_rgba_to_string (&color);
  got = pixel_at (f, ex - 3, ey);
  g_assert_cmpint (yz_mark_for_station (station), ==, YZ_MARK_NORMAL);
  g_assert_true (close_to (got, "#26a269"));
  /* ... and 40 px away there is no mark: the plain background. */
  got = pixel_at (f, ex - 40, ey - 40);
  g_assert_false (close_to (got, "#26a269"));

  /* An alarm raised through the simulator turns the same pixels red. */
  {
    g_autoptr(JsonNode) reply = NULL;
    guint status = 0;

    reply = yz_test_sim_request (f->fx.sim, "POST", "/api/v1/_control/alarm", f->fx.token,
                                 "{\"station_id\": \"hz-0003\", \"type\": \"fall\"}", &status);
    g_assert_cmpuint (status, ==, 201);
  }
  g_assert_true (yz_test_wait (is_critical, station, 10000));
  g_assert_true (yz_test_wait_for_draw (yz_map_page_get_map (f->page), 5000));
  expected_position (f, station, YZ_DATUM_WGS84, &ex, &ey);
  got = pixel_at (f, ex - 3, ey);
  g_assert_true (close_to (got, "#e01b24"));
  g_free (yz_test_screenshot (GTK_WIDGET (f->window), "map-alarm"));
}

static gboolean
camera_picture_shown (gpointer data)
{
  GtkWidget *picture = yz_test_find_by_css_class (data, "camera-snapshot");

  return picture != NULL && gtk_picture_get_paintable (GTK_PICTURE (picture)) != NULL;
}

static gboolean
panel_shown (gpointer data)
{
  Fixture *f = data;
  GtkWidget *revealer = gtk_widget_get_parent (yz_map_page_get_panel (f->page));

  return gtk_revealer_get_child_revealed (GTK_REVEALER (revealer));
}

static gboolean
has_results (gpointer data)
{
  return g_list_model_get_n_items (data) >= 1;
}

static gboolean
has_no_results (gpointer data)
{
  return g_list_model_get_n_items (data) == 0;
}

static gboolean
widget_unmapped (gpointer data)
{
  return !gtk_widget_get_mapped (data);
}

/* The panel's slow tick (last heard from, entries, pictures) runs only while a station is
 * shown on screen: a closed panel keeps its station but does no work. */
static void
test_map_panel_refresh (Fixture *f, gconstpointer data)
{
  YzStationPanel *panel = YZ_STATION_PANEL (yz_map_page_get_panel (f->page));

  g_assert_false (yz_station_panel_get_refreshing (panel));
  g_assert_true (yz_map_page_show_station (f->page, "hz-0005"));
  g_assert_true (yz_test_wait (panel_shown, f, 5000));
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (panel)));
  g_assert_true (yz_station_panel_get_refreshing (panel));

  gtk_widget_activate_action (GTK_WIDGET (f->page), "map.close-panel", NULL);
  g_assert_true (yz_test_wait (widget_unmapped, panel, 5000));
  g_assert_nonnull (yz_station_panel_get_station (panel));
  g_assert_false (yz_station_panel_get_refreshing (panel));

  g_assert_true (yz_map_page_show_station (f->page, "hz-0005"));
  g_assert_true (yz_test_wait (panel_shown, f, 5000));
  g_assert_true (yz_station_panel_get_refreshing (panel));

  /* Closed with Escape, the station goes too. */
  gtk_widget_activate_action (GTK_WIDGET (panel), "station.close", NULL);
  g_assert_null (yz_station_panel_get_station (panel));
  g_assert_false (yz_station_panel_get_refreshing (panel));
}

static void
test_map_click_and_search (Fixture *f, gconstpointer data)
{
  YzStationLayer *layer = YZ_STATION_LAYER (yz_map_page_get_station_layer (f->page));
  YzStation *station = station_by_id (f, "hz-0005");
  YzStation *other = station_by_id (f, "hz-0011");
  g_autoptr(GListModel) controllers = NULL;
  GtkGesture *click = NULL;
  double x, y;

  /* A click where the mark is drawn, through the layer's own click gesture. */
  look_at (f, station, 15);
  g_assert_true (yz_station_layer_get_position (layer, station, &x, &y));
  controllers = gtk_widget_observe_controllers (GTK_WIDGET (layer));
  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_GESTURE_CLICK (controller))
        click = GTK_GESTURE (controller);
    }
  g_assert_nonnull (click);
  g_assert_null (yz_map_page_get_selected (f->page));
  g_signal_emit_by_name (click, "released", 1, x + 4, y - 3);
  g_assert_true (yz_map_page_get_selected (f->page) == station);
  g_assert_true (
      yz_station_panel_get_station (YZ_STATION_PANEL (yz_map_page_get_panel (f->page))) == station);
  g_assert_true (yz_test_wait (panel_shown, f, 5000));
  /* The camera's current picture comes from the gateway into its row. */
  g_assert_true (yz_test_wait (camera_picture_shown, yz_map_page_get_panel (f->page), 10000));
  g_assert_true (yz_test_wait_for_draw (GTK_WIDGET (f->window), 5000));
  g_free (yz_test_screenshot (GTK_WIDGET (f->window), "map-panel"));

  /* Nothing under the pointer: nothing changes. */
  g_signal_emit_by_name (click, "released", 1, x + 150, y + 150);
  g_assert_true (yz_map_page_get_selected (f->page) == station);

  /* Search by part of the name finds it; Enter selects and flies there. */
  {
    GListModel *results = yz_map_page_get_search_results (f->page);
    g_autofree char *part = g_utf8_substring (yz_station_get_name (other), 0, 3);

    gtk_widget_activate_action (GTK_WIDGET (f->page), "map.search", NULL);
    yz_map_page_show_station (f->page, "no-such-station");
    g_assert_true (yz_map_page_get_selected (f->page) == station);

    /* Ctrl+F's action focused the search entry: type into it. */
    {
      GtkWidget *search = GTK_WIDGET (gtk_window_get_focus (f->window));

      g_assert_true (GTK_IS_TEXT (search) || GTK_IS_SEARCH_ENTRY (search));
      /* The entry reports changes after a short pause: wait for the results. */
      gtk_editable_set_text (GTK_EDITABLE (search), part);
      g_assert_true (yz_test_wait (has_results, results, 5000));
      gtk_editable_set_text (GTK_EDITABLE (search), "no station is called this");
      g_assert_true (yz_test_wait (has_no_results, results, 5000));
      gtk_editable_set_text (GTK_EDITABLE (search), yz_station_get_name (other));
      g_assert_true (yz_test_wait (has_results, results, 5000));
      g_signal_emit_by_name (gtk_widget_get_ancestor (search, GTK_TYPE_SEARCH_ENTRY), "activate");
    }
    g_assert_true (yz_map_page_get_selected (f->page) == other);
  }
}

static gboolean
tiles_failed (gpointer data)
{
  return yz_map_page_get_tile_problem (data) != NULL;
}

/* No tiles (an offline control room): the stations stay on a plain grid, and the page
 * says why. */
static void
test_map_offline (Fixture *f, gconstpointer data)
{
  YzBaseLayer *base = YZ_BASE_LAYER (yz_map_page_get_base_layer (f->page));
  YzStation *station = station_by_id (f, "hz-0001");
  double ex, ey;

  look_at (f, station, 12);
  g_assert_true (yz_test_wait (tiles_failed, f->page, 10000));
  g_assert_true (strstr (yz_map_page_get_tile_problem (f->page), "127.0.0.1") != NULL ||
                 strlen (yz_map_page_get_tile_problem (f->page)) > 10);
  g_assert_cmpfloat (yz_base_layer_get_grid_step (base), >, 0);
  g_assert_cmpuint (yz_base_layer_get_n_districts (base), >, 0);
  g_assert_true (yz_test_wait_for_draw (yz_map_page_get_map (f->page), 5000));
  expected_position (f, station, YZ_DATUM_WGS84, &ex, &ey);
  /* Some mark is there (clustered or not) and the background around is the plain one. */
  g_assert_false (close_to (pixel_at (f, ex - 3, ey), "#24292e") &&
                  close_to (pixel_at (f, ex - 3, ey), "#eceae4"));
  g_free (yz_test_screenshot (GTK_WIDGET (f->window), "map-offline"));

  /* A tile URL that is not one is refused with a reason, and the stations stay. */
  g_settings_set_string (f->settings, "tile-url", "tiles.example.cn/no-placeholders");
  g_assert_nonnull (yz_map_page_get_tile_problem (f->page));
  g_assert_true (
      yz_station_layer_get_position (YZ_STATION_LAYER (yz_map_page_get_station_layer (f->page)),
                                     station, &ex, &ey) ||
      g_list_model_get_n_items (yz_session_get_stations (f->fx.session)) == 24);
}

/* An MBTiles file of one magenta tile repeated: the map shows it, rows counted from the
 * south as MBTiles does. */
static void
test_map_mbtiles (Fixture *f, gconstpointer data)
{
  g_autofree char *path = g_build_filename (f->fx.dir, "city.mbtiles", NULL);
  YzStation *station = station_by_id (f, "hz-0002");
  GtkWidget *map = yz_map_page_get_map (f->page);
  ShumateViewport *viewport = shumate_map_get_viewport (SHUMATE_MAP (map));
  g_autoptr(GBytes) png = NULL;
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  double lat, lon, x, y, ex, ey;
  int z = 12, tx, ty;

  {
    g_autoptr(GBytes) pixels = NULL;
    g_autoptr(GdkTexture) tile = NULL;
    guchar *raw = g_malloc (256 * 256 * 4);

    for (int i = 0; i < 256 * 256; i++)
      {
        raw[i * 4 + 0] = 0xff;
        raw[i * 4 + 1] = 0x00;
        raw[i * 4 + 2] = 0xff;
        raw[i * 4 + 3] = 0xff;
      }
    pixels = g_bytes_new_take (raw, 256 * 256 * 4);
    tile = gdk_memory_texture_new (256, 256, GDK_MEMORY_R8G8B8A8, pixels, 256 * 4);
    png = gdk_texture_save_to_png_bytes (tile);
  }

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db,
                                 "CREATE TABLE tiles (zoom_level INTEGER, tile_column INTEGER,"
                                 " tile_row INTEGER, tile_data BLOB)",
                                 NULL, NULL, NULL),
                   ==, SQLITE_OK);
  g_assert_cmpint (
      sqlite3_prepare_v2 (db, "INSERT INTO tiles VALUES (?1, ?2, ?3, ?4)", -1, &stmt, NULL), ==,
      SQLITE_OK);

  /* Only the tiles around the station, each at its TMS row. */
  yz_station_layer_get_map_location (YZ_STATION_LAYER (yz_map_page_get_station_layer (f->page)),
                                     station, &lat, &lon);
  mercator (lat, lon, &x, &y);
  tx = (int)(x * (1 << z));
  ty = (int)(y * (1 << z));
  for (int dx = -4; dx <= 4; dx++)
    for (int dy = -4; dy <= 4; dy++)
      {
        sqlite3_bind_int (stmt, 1, z);
        sqlite3_bind_int (stmt, 2, tx + dx);
        sqlite3_bind_int (stmt, 3, (1 << z) - 1 - (ty + dy));
        sqlite3_bind_blob (stmt, 4, g_bytes_get_data (png, NULL), g_bytes_get_size (png),
                           SQLITE_STATIC);
        g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
        sqlite3_reset (stmt);
      }
  sqlite3_finalize (stmt);
  sqlite3_close (db);

  g_settings_set_string (f->settings, "mbtiles-file", path);
  g_settings_set_enum (f->settings, "tile-source", 2);
  shumate_viewport_set_zoom_level (viewport, z);
  shumate_map_center_on (SHUMATE_MAP (map), lat, lon);

  /* Wait until the tiles are in, then read a pixel 60 px from the station: magenta. */
  for (int tries = 0; tries < 50; tries++)
    {
      g_assert_true (yz_test_wait_for_draw (map, 2000));
      expected_position (f, station, YZ_DATUM_WGS84, &ex, &ey);
      if (close_to (pixel_at (f, ex + 60, ey + 60), "#ff00ff"))
        break;
    }
  g_assert_true (close_to (pixel_at (f, ex + 60, ey + 60), "#ff00ff"));
  g_assert_null (yz_map_page_get_tile_problem (f->page));

  /* A file that is not MBTiles: refused with a reason. */
  g_settings_set_string (f->settings, "mbtiles-file", "/nonexistent/city.mbtiles");
  g_assert_nonnull (yz_map_page_get_tile_problem (f->page));
}

/* On GCJ-02 tiles a WGS-84 station moves by the datum offset, and the layer follows. */
static void
test_map_datum (Fixture *f, gconstpointer data)
{
  YzStationLayer *layer = YZ_STATION_LAYER (yz_map_page_get_station_layer (f->page));
  GListModel *stations = yz_session_get_stations (f->fx.session);
  YzStation *wgs = NULL;
  double x1, y1, x2, y2, ex, ey;

  for (guint i = 0; i < g_list_model_get_n_items (stations) && wgs == NULL; i++)
    {
      g_autoptr(YzStation) s = g_list_model_get_item (stations, i);

      if (g_str_equal (yz_station_get_datum (s), "wgs84"))
        wgs = s;
    }
  g_assert_nonnull (wgs);

  look_at (f, wgs, 16);
  g_assert_true (yz_station_layer_get_position (layer, wgs, &x1, &y1));
  g_settings_set_enum (f->settings, "tile-datum", 1); /* the intranet server draws GCJ-02 */
  g_assert_true (yz_test_wait_for_draw (yz_map_page_get_map (f->page), 5000));
  g_assert_true (yz_station_layer_get_position (layer, wgs, &x2, &y2));
  expected_position (f, wgs, YZ_DATUM_GCJ02, &ex, &ey);
  g_assert_cmpfloat (fabs (x2 - ex), <, 1.0);
  g_assert_cmpfloat (fabs (y2 - ey), <, 1.0);
  /* At zoom 16 (~2 m a pixel here) a few hundred metres is a long way. */
  g_assert_cmpfloat (hypot (x2 - x1, y2 - y1), >, 40);
}

static gboolean
view_saved (gpointer data)
{
  Fixture *f = data;

  return fabs (g_settings_get_double (f->settings, "map-zoom") - 14.0) < 0.01;
}

/* The view is saved when it settles, and a new map page starts from it. */
static void
test_map_view_restored (Fixture *f, gconstpointer data)
{
  ShumateMap *map = SHUMATE_MAP (yz_map_page_get_map (f->page));
  ShumateViewport *viewport = shumate_map_get_viewport (map);
  YzMapPage *again;
  ShumateViewport *restored;

  /* The first start fitted the map to the stations: a city, not the world. */
  g_assert_cmpfloat (shumate_viewport_get_zoom_level (viewport), >=, 8);
  g_assert_cmpfloat (fabs (shumate_location_get_latitude (SHUMATE_LOCATION (viewport)) - 35.25), <,
                     1.0);

  shumate_viewport_set_zoom_level (viewport, 14);
  shumate_map_center_on (map, 35.3, 115.5);
  g_assert_true (yz_test_wait (view_saved, f, 5000));
  g_assert_cmpfloat (fabs (g_settings_get_double (f->settings, "map-latitude") - 35.3), <, 1e-6);

  again = YZ_MAP_PAGE (yz_map_page_new ());
  g_object_ref_sink (again);
  restored = shumate_map_get_viewport (SHUMATE_MAP (yz_map_page_get_map (again)));
  g_assert_cmpfloat (fabs (shumate_viewport_get_zoom_level (restored) - 14), <, 0.01);
  g_assert_cmpfloat (fabs (shumate_location_get_latitude (SHUMATE_LOCATION (restored)) - 35.3), <,
                     1e-6);
  g_assert_cmpfloat (fabs (shumate_location_get_longitude (SHUMATE_LOCATION (restored)) - 115.5), <,
                     1e-6);
  g_object_unref (again);
}

static gint64
audit_rows (Fixture *f, const char *phase)
{
  sqlite3_stmt *stmt =
      yz_store_prepare (yz_session_get_store (f->fx.session),
                        "SELECT COUNT(*) FROM audit_log WHERE action = 'door-command'"
                        " AND phase = ?1 AND params LIKE '%keep-open%' AND params LIKE '%10%'",
                        NULL);
  gint64 n;

  g_assert_nonnull (stmt);
  sqlite3_bind_text (stmt, 1, phase, -1, SQLITE_STATIC);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  n = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);

  return n;
}

static gboolean
door_result_audited (gpointer data)
{
  return audit_rows (data, "result") == 1;
}

/* The door dialog: no reason, no sending; "keep open 10 minutes" with a preset reason goes
 * to the gateway, audited before and after. */
static void
test_map_door_dialog (Fixture *f, gconstpointer data)
{
  YzStation *station = station_by_id (f, "hz-0002");
  g_autoptr(YzDoor) door = g_list_model_get_item (yz_station_get_doors (station), 0);
  YzDoorDialog *dialog;
  g_autofree char *reason = NULL;

  g_assert_nonnull (door);
  dialog = g_object_ref (yz_door_dialog_new (f->window, f->fx.session, station, door));
  gtk_window_present (GTK_WINDOW (dialog));

  /* "Other" with no words: nothing to send. */
  yz_door_dialog_set_reason (dialog, 4, "");
  g_assert_false (yz_door_dialog_can_send (dialog));
  g_assert_false (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), "send"));
  yz_door_dialog_set_reason (dialog, 4, "   ");
  g_assert_false (yz_door_dialog_can_send (dialog));
  yz_door_dialog_set_reason (dialog, 0, "Li Ming, phoned the team leader");
  g_assert_true (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), "send"));
  reason = yz_door_dialog_get_reason (dialog);
  g_assert_nonnull (strstr (reason, "Li Ming"));

  yz_door_dialog_set_command (dialog, YZ_DOOR_COMMAND_KEEP_OPEN, 10);
  g_assert_cmpint (audit_rows (f, "request"), ==, 0);
  g_signal_emit_by_name (dialog, "response", "send");
  g_assert_cmpint (audit_rows (f, "request"), ==, 1); /* written before it is sent */
  g_assert_true (yz_test_wait (door_result_audited, f, 20000));
  /* Taken by the gateway: the dialog closed itself; the result was told as a toast. */
  g_assert_true (yz_door_dialog_is_closed (dialog));
  g_object_unref (dialog);
}

/* The first view (no saved one) fits every station into the map as the window sized it,
 * and not loosely: at the next zoom level they would not fit. */
static void
test_map_first_view (Fixture *f, gconstpointer data)
{
  GtkWidget *map = yz_map_page_get_map (f->page);
  GListModel *stations = yz_session_get_stations (f->fx.session);
  int width = gtk_widget_get_width (map);
  int height = gtk_widget_get_height (map);
  double min_x = G_MAXDOUBLE, max_x = -G_MAXDOUBLE, min_y = G_MAXDOUBLE, max_y = -G_MAXDOUBLE;

  g_assert_cmpint (width, >, 600);
  g_assert_true (yz_test_wait_for_draw (map, 5000));
  for (guint i = 0; i < g_list_model_get_n_items (stations); i++)
    {
      g_autoptr(YzStation) station = g_list_model_get_item (stations, i);
      double x, y;

      expected_position (f, station, YZ_DATUM_WGS84, &x, &y);
      g_assert_cmpfloat (x, >=, 0);
      g_assert_cmpfloat (x, <=, width);
      g_assert_cmpfloat (y, >=, 0);
      g_assert_cmpfloat (y, <=, height);
      min_x = MIN (min_x, x);
      max_x = MAX (max_x, x);
      min_y = MIN (min_y, y);
      max_y = MAX (max_y, y);
    }
  /* Zoom levels are whole: one more would double the spread, so it is at least ~40 %. */
  g_assert_cmpfloat (MAX ((max_x - min_x) / width, (max_y - min_y) / height), >, 0.4);

  /* A window that is resized before anything is saved does not matter: the fit was made
   * at this size, once. */
  g_assert_cmpfloat (shumate_viewport_get_zoom_level (shumate_map_get_viewport (SHUMATE_MAP (map))),
                     >=, 8);
}

/* Which names are drawn: a plain function of the marks and the names' sizes. */
static void
test_map_labels_choose (void)
{
  YzNameLabel two_close[] = {
    { 100, 100, 80, 16, YZ_MARK_NORMAL },
    { 110, 102, 80, 16, YZ_MARK_ALARM_HIGH }, /* overlaps the first's name; an alarm */
  };
  YzNameLabel apart[] = {
    { 100, 100, 80, 16, YZ_MARK_NORMAL },
    { 300, 100, 80, 16, YZ_MARK_NORMAL },
    { 300, 118, 80, 16, YZ_MARK_NORMAL }, /* its mark sits on the second's name */
  };
  gboolean shown[3];

  /* Overlapping: one name, the alarm's. */
  g_assert_cmpuint (yz_station_labels_choose (15, two_close, 2, shown), ==, 1);
  g_assert_false (shown[0]);
  g_assert_true (shown[1]);

  /* Zoomed out: no names at all. */
  g_assert_cmpuint (yz_station_labels_choose (YZ_LABEL_MIN_ZOOM - 0.5, two_close, 2, shown), ==, 0);
  g_assert_false (shown[0] || shown[1]);
  g_assert_cmpuint (yz_station_labels_choose (10, apart, 3, shown), ==, 0);

  /* Apart: both; a name never covers another station's mark, so the second's goes. */
  g_assert_cmpuint (yz_station_labels_choose (16, apart, 3, shown), ==, 2);
  g_assert_true (shown[0]);
  g_assert_false (shown[1]);
  g_assert_true (shown[2]);

  /* A district name takes the first free place. */
  {
    graphene_rect_t candidates[] = {
      GRAPHENE_RECT_INIT (0, 0, 50, 20),
      GRAPHENE_RECT_INIT (0, 40, 50, 20),
      GRAPHENE_RECT_INIT (0, 80, 50, 20),
    };
    graphene_rect_t cluster = GRAPHENE_RECT_INIT (10, 5, 30, 40); /* covers the first two */

    g_assert_cmpint (yz_base_layer_place_district (candidates, 3, &cluster, 1), ==, 2);
    g_assert_cmpint (yz_base_layer_place_district (candidates, 3, NULL, 0), ==, 0);
    g_assert_cmpint (yz_base_layer_place_district (candidates, 2, &cluster, 1), ==, -1);
  }
}

static void
test_map_summary_text (void)
{
  g_autofree char *connected = yz_map_page_summary_text (580, 3, 1, 0, TRUE);
  g_autofree char *unknown = yz_map_page_summary_text (580, 3, 1, 0, FALSE);
  const char *title, *description;

  g_assert_nonnull (strstr (connected, "580"));
  g_assert_nonnull (strstr (unknown, "580"));
  if (!yz_test_is_chinese ())
    {
      g_assert_cmpstr (connected, ==,
                       "580 stations · 3 with open alarms · 1 doors open · 0 offline");
      g_assert_cmpstr (unknown, ==, "580 stations · states unknown while disconnected");
    }
  /* Disconnected, no count of states is given: not "0 offline". */
  g_assert_null (strstr (unknown, " 0 "));
  g_assert_null (strstr (unknown, " 3 "));

  /* Empty page: the gateway set-up is offered only when there is none. */
  g_assert_true (
      yz_map_page_describe_empty (FALSE, YZ_CONNECTION_DISCONNECTED, &title, &description));
  g_assert_false (yz_map_page_describe_empty (TRUE, YZ_CONNECTION_CONNECTED, &title, &description));
  if (!yz_test_is_chinese ())
    g_assert_cmpstr (description, ==, "The gateway lists no stations.");
  g_assert_false (
      yz_map_page_describe_empty (TRUE, YZ_CONNECTION_DISCONNECTED, &title, &description));
  if (!yz_test_is_chinese ())
    g_assert_nonnull (strstr (description, "when the connection is back"));
}

static gboolean
labels_drawn (gpointer data)
{
  return yz_station_layer_get_n_labels (data) > 0;
}

static gboolean
districts_drawn (gpointer data)
{
  return yz_base_layer_get_n_district_labels (data) > 0;
}

/* Street level: stations are named. Zoomed out: clusters, no station names, and the
 * district names kept clear of the marks. */
static void
test_map_street_names (Fixture *f, gconstpointer data)
{
  YzStationLayer *layer = YZ_STATION_LAYER (yz_map_page_get_station_layer (f->page));
  YzBaseLayer *base = YZ_BASE_LAYER (yz_map_page_get_base_layer (f->page));
  GtkWidget *map = yz_map_page_get_map (f->page);
  ShumateViewport *viewport = shumate_map_get_viewport (SHUMATE_MAP (map));
  GListModel *stations = yz_session_get_stations (f->fx.session);
  YzStation *station = NULL;
  guint best = 0;
  double lat, lon;

  /* The busiest street: the station with the most others within about a kilometre. */
  for (guint i = 0; i < g_list_model_get_n_items (stations); i++)
    {
      g_autoptr(YzStation) a = g_list_model_get_item (stations, i);
      guint near = 0;

      for (guint k = 0; k < g_list_model_get_n_items (stations); k++)
        {
          g_autoptr(YzStation) b = g_list_model_get_item (stations, k);

          near += fabs (yz_station_get_lat (a) - yz_station_get_lat (b)) < 0.008 &&
                  fabs (yz_station_get_lon (a) - yz_station_get_lon (b)) < 0.01;
        }
      if (near > best)
        {
          best = near;
          station = a; /* the model holds it */
        }
    }
  g_assert_nonnull (station);

  look_at (f, station, 14.5);
  g_assert_true (yz_test_wait (labels_drawn, layer, 5000));
  g_assert_cmpuint (yz_station_layer_get_n_labels (layer), <=,
                    yz_station_layer_get_n_drawn (layer));
  g_free (yz_test_screenshot (GTK_WIDGET (f->window), "map-street-names"));

  /* Zoomed out over the whole city: clusters, and not one station name. */
  yz_station_layer_get_map_location (layer, station, &lat, &lon);
  shumate_viewport_set_zoom_level (viewport, 11);
  shumate_map_center_on (SHUMATE_MAP (map), lat, lon);
  g_assert_true (yz_test_wait_for_draw (map, 5000));
  g_assert_cmpuint (yz_station_layer_get_n_labels (layer), ==, 0);
  g_assert_cmpuint (yz_station_layer_get_n_drawn (layer), <, f->n_stations);
  g_assert_true (yz_test_wait (districts_drawn, base, 5000));

  /* Every district name drawn is clear of every mark: read back from the layers. */
  {
    g_autoptr(GArray) marks =
        yz_station_layer_get_mark_boxes (layer, gtk_widget_get_width (GTK_WIDGET (layer)),
                                         gtk_widget_get_height (GTK_WIDGET (layer)));

    const GArray *names = yz_base_layer_get_district_label_boxes (base);

    g_assert_cmpuint (marks->len, ==, yz_station_layer_get_n_drawn (layer));
    g_assert_cmpuint (names->len, >, 0);
    for (guint i = 0; i < names->len; i++)
      g_assert_true (yz_map_box_is_free (&g_array_index (names, graphene_rect_t, i),
                                         (const graphene_rect_t *)marks->data, marks->len));
  }
  g_free (yz_test_screenshot (GTK_WIDGET (f->window), "map-districts"));
}

static gboolean
summary_is (gpointer data)
{
  Fixture *f = data;
  const char *want = g_object_get_data (G_OBJECT (f->page), "want-summary");

  return g_strcmp0 (yz_map_page_get_summary (f->page), want) == 0;
}

static gboolean
summary_states_known (gpointer data)
{
  Fixture *f = data;
  g_autofree char *unknown = yz_map_page_summary_text (f->n_stations, 0, 0, 0, FALSE);

  return g_strcmp0 (yz_map_page_get_summary (f->page), unknown) != 0 &&
         strstr (yz_map_page_get_summary (f->page), "24") != NULL;
}

/* Disconnected: the marks are the last known (stale), the summary gives no counts of
 * states, the panel says the state is the last known and how old; connected again, all
 * of it goes back. */
static void
test_map_disconnected (Fixture *f, gconstpointer data)
{
  YzStationLayer *layer = YZ_STATION_LAYER (yz_map_page_get_station_layer (f->page));
  YzStationPanel *panel = YZ_STATION_PANEL (yz_map_page_get_panel (f->page));
  g_autofree char *unknown = yz_map_page_summary_text (24, 0, 0, 0, FALSE);
  YzStation *station = station_by_id (f, "hz-0003");

  g_assert_false (yz_station_layer_get_stale (layer));
  g_assert_null (yz_station_panel_get_last_known (panel));
  g_assert_cmpint (yz_session_get_disconnected_since (f->fx.session), ==, 0);
  yz_map_page_show_station (f->page, "hz-0003");
  g_assert_true (yz_test_wait (panel_shown, f, 5000));
  look_at (f, station, 13);

  yz_session_stop (f->fx.session);
  g_assert_cmpint (yz_session_get_disconnected_since (f->fx.session), >, 0);
  g_assert_cmpint (yz_session_get_disconnected_since (f->fx.session), <=, g_get_real_time ());
  g_assert_true (yz_station_layer_get_stale (layer));
  g_object_set_data (G_OBJECT (f->page), "want-summary", unknown);
  g_assert_true (yz_test_wait (summary_is, f, 5000));
  g_assert_nonnull (yz_station_panel_get_last_known (panel));
  if (!yz_test_is_chinese ())
    g_assert_cmpstr (yz_station_panel_get_last_known (panel), ==,
                     "Last known state, less than a minute ago");
  g_assert_true (yz_test_wait_for_draw (GTK_WIDGET (f->window), 5000));
  g_free (yz_test_screenshot (GTK_WIDGET (f->window), "map-disconnected"));

  yz_session_start (f->fx.session, "operator", "operator", NULL);
  g_assert_true (yz_test_wait (yz_test_session_is_connected, f->fx.session, 20000));
  g_assert_false (yz_station_layer_get_stale (layer));
  g_assert_cmpint (yz_session_get_disconnected_since (f->fx.session), ==, 0);
  g_assert_true (yz_test_wait (summary_states_known, f, 5000));
  g_assert_null (yz_station_panel_get_last_known (panel));
}

static void
test_last_known_text (void)
{
  gint64 now = g_get_real_time ();
  g_autofree char *none = yz_format_last_known (0, now);
  g_autofree char *fresh = yz_format_last_known (now - 20 * G_USEC_PER_SEC, now);
  g_autofree char *five = yz_format_last_known (now - 5 * 60 * G_USEC_PER_SEC - 3, now);

  g_assert_nonnull (strstr (five, "5"));
  if (!yz_test_is_chinese ())
    {
      g_assert_cmpstr (none, ==, "Last known state");
      g_assert_cmpstr (fresh, ==, "Last known state, less than a minute ago");
      g_assert_cmpstr (five, ==, "Last known state, 5 min ago");
    }
  /* The age is that of the connection lost; without one, of the station's last word. */
  g_assert_cmpint (yz_station_last_known_since (now, 1000), ==, now);
  g_assert_cmpint (yz_station_last_known_since (0, 1000), ==, 1000 * 1000);
  g_assert_cmpint (yz_station_last_known_since (0, 0), ==, 0);
}

/* No gateway at all: the page says so and offers to set one up. */
static void
test_map_no_session (void)
{
  YzMapPage *page = YZ_MAP_PAGE (yz_map_page_new ());
  GtkWindow *window = yz_test_window_new (GTK_WIDGET (page), 1280, 800);

  yz_map_page_set_session (page, NULL);
  yz_test_window_show (window);
  g_free (yz_test_screenshot (GTK_WIDGET (window), "map-no-gateway"));
  gtk_window_destroy (window);
}

static void
test_tile_url (void)
{
  g_autofree char *a = yz_tile_source_expand_url ("https://t.example.cn/{z}/{x}/{y}.png", 3, 5, 4);
  g_autofree char *b = yz_tile_source_expand_url ("https://t.example.cn/{z}/{x}/{-y}.png", 3, 5, 4);
  g_autoptr(GError) error = NULL;
  g_autoptr(YzTileSource) bad = NULL;

  g_assert_cmpstr (a, ==, "https://t.example.cn/4/3/5.png");
  g_assert_cmpstr (b, ==, "https://t.example.cn/4/3/10.png");
  bad = yz_tile_source_new_url ("file:///tmp/{z}/{x}/{y}.png", YZ_DATUM_WGS84, &error);
  g_assert_null (bad);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
}

/* A tile server: /0/0/0.png is a PNG declaring 30,000 × 30,000 pixels in 74 bytes, any
 * other tile a good one. */
static void
tile_server_cb (SoupServer *server, SoupServerMessage *msg, const char *path, GHashTable *query,
                gpointer user_data)
{
  GBytes **tiles = user_data;
  GBytes *tile = g_str_equal (path, "/0/0/0.png") ? tiles[0] : tiles[1];

  soup_server_message_set_response (msg, "image/png", SOUP_MEMORY_COPY,
                                    g_bytes_get_data (tile, NULL), g_bytes_get_size (tile));
  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
}

static void
tile_filled_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  *(GAsyncResult **)user_data = g_object_ref (result);
}

static gboolean
is_set (gpointer data)
{
  return *(gpointer *)data != NULL;
}

static GBytes *
picture_seed (const char *name)
{
  g_autofree char *file = g_test_build_filename (G_TEST_DIST, "fuzz", "corpus-picture", name, NULL);
  char *contents = NULL;
  gsize length = 0;

  g_assert_true (g_file_get_contents (file, &contents, &length, NULL));
  return g_bytes_new_take (contents, length);
}

/* One tile from @source, its result when it is done. */
static gboolean
fill_tile (YzTileSource *source, ShumateTile *tile, GError **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  shumate_map_source_fill_tile_async (SHUMATE_MAP_SOURCE (source), tile, NULL, tile_filled_cb,
                                      &result);
  g_assert_true (yz_test_wait (is_set, &result, 10000));
  return shumate_map_source_fill_tile_finish (SHUMATE_MAP_SOURCE (source), result, error);
}

/* The tile that declares too many pixels is refused before GTK decodes it, and the map says
 * why; a good one from the same server is shown (and its decode keeps the request's
 * cancellable). */
static void
test_tile_server_bomb (void)
{
  g_autoptr(GBytes) bomb = picture_seed ("bomb-png-30000x30000.png");
  g_autoptr(GBytes) good = picture_seed ("tile-256.png");
  GBytes *tiles[] = { bomb, good };
  g_autoptr(SoupServer) server = soup_server_new (NULL, NULL);
  g_autoptr(YzTileSource) source = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  ShumateTile *tile;
  GSList *uris;

  g_assert_true (soup_server_listen_local (server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error));
  soup_server_add_handler (server, NULL, tile_server_cb, tiles, NULL);
  uris = soup_server_get_uris (server);
  url = g_strdup_printf ("http://127.0.0.1:%d/{z}/{x}/{y}.png", g_uri_get_port (uris->data));
  g_slist_free_full (uris, (GDestroyNotify)g_uri_unref);
  source = yz_tile_source_new_url (url, YZ_DATUM_WGS84, &error);
  g_assert_no_error (error);

  tile = g_object_ref_sink (shumate_tile_new_full (0, 0, 256, 0));
  g_assert_false (fill_tile (source, tile, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_clear_error (&error);
  g_assert_null (shumate_tile_get_paintable (tile));
  g_test_message ("%s", yz_tile_source_get_problem (source));
  g_assert_nonnull (strstr (yz_tile_source_get_problem (source), "30000"));
  g_object_unref (tile);

  tile = g_object_ref_sink (shumate_tile_new_full (0, 0, 256, 1));
  g_assert_true (fill_tile (source, tile, &error));
  g_assert_no_error (error);
  g_assert_nonnull (shumate_tile_get_paintable (tile));
  g_assert_null (yz_tile_source_get_problem (source));
  g_object_unref (tile);

  soup_server_disconnect (server);
}

int
main (int argc, char *argv[])
{
  yz_test_gtk_init (&argc, &argv);

  g_test_add_func ("/yizhan/map/tile-url", test_tile_url);
  g_test_add_func ("/yizhan/map/tile-server-bomb", test_tile_server_bomb);
  g_test_add_func ("/yizhan/map/labels-choose", test_map_labels_choose);
  g_test_add_func ("/yizhan/map/summary-text", test_map_summary_text);
  g_test_add_func ("/yizhan/map/last-known-text", test_last_known_text);
  g_test_add_func ("/yizhan/map/no-session", test_map_no_session);
  g_test_add ("/yizhan/map/first-view", Fixture, NULL, fixture_set_up, test_map_first_view,
              fixture_tear_down);
  g_test_add ("/yizhan/map/street-names", Fixture, GUINT_TO_POINTER (240), fixture_set_up,
              test_map_street_names, fixture_tear_down);
  g_test_add ("/yizhan/map/disconnected", Fixture, NULL, fixture_set_up, test_map_disconnected,
              fixture_tear_down);
  g_test_add ("/yizhan/map/marks", Fixture, NULL, fixture_set_up, test_map_marks,
              fixture_tear_down);
  g_test_add ("/yizhan/map/click-and-search", Fixture, NULL, fixture_set_up,
              test_map_click_and_search, fixture_tear_down);
  g_test_add ("/yizhan/map/panel-refresh", Fixture, NULL, fixture_set_up, test_map_panel_refresh,
              fixture_tear_down);
  g_test_add ("/yizhan/map/offline", Fixture, NULL, fixture_set_up, test_map_offline,
              fixture_tear_down);
  g_test_add ("/yizhan/map/mbtiles", Fixture, NULL, fixture_set_up, test_map_mbtiles,
              fixture_tear_down);
  g_test_add ("/yizhan/map/view-restored", Fixture, NULL, fixture_set_up, test_map_view_restored,
              fixture_tear_down);
  g_test_add ("/yizhan/map/door-dialog", Fixture, NULL, fixture_set_up, test_map_door_dialog,
              fixture_tear_down);
  g_test_add ("/yizhan/map/datum", Fixture, NULL, fixture_set_up, test_map_datum,
              fixture_tear_down);

  return g_test_run ();
}
