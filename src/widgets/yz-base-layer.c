/* yz-base-layer.c
 *
 * What is under the tiles: a plain background, a graticule (meridians and parallels at a
 * step that suits the zoom, labelled in degrees) and the names of the districts where their
 * stations are. When tiles load they cover it; when they cannot (an offline control room),
 * the stations still stand on a readable map.
 *
 * A district's name goes where no station mark or cluster is: above its stations, else
 * beside or below them, else it is left out at that zoom. The marks are above this layer
 * and carry the alarms, so a name is never drawn over them (not even with a halo): it
 * moves instead. The station layer tells where its marks go in this frame.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "yz-base-layer"

#include "config.h"

#include <math.h>

#include <adwaita.h>

#include "yz-base-layer.h"
#include "yz-items.h"
#include "yz-station-layer.h"

typedef struct
{
  char *name;
  double lat, lon; /* mean of its stations, in the tiles' datum */
  double top;      /* latitude of its northernmost station: the label goes above it */
  double bottom;   /* ... and of its southernmost */
} District;

struct _YzBaseLayer
{
  ShumateLayer parent_instance;

  GListModel *stations;
  GArray *districts; /* District */
  YzDatum datum;
  double grid_step;    /* degrees, as last drawn */
  GArray *label_boxes; /* graphene_rect_t: the district names as last drawn */
  GArray *keep_clear;  /* graphene_rect_t: where the page's notices cover the map */
  guint rebuild_id;
  GWeakRef marks; /* YzStationLayer */
};

G_DEFINE_FINAL_TYPE (YzBaseLayer, yz_base_layer, SHUMATE_TYPE_LAYER)

static void
district_clear (District *district)
{
  g_free (district->name);
}

static gboolean
rebuild_cb (gpointer user_data)
{
  YzBaseLayer *self = user_data;
  g_autoptr(GHashTable) sums = g_hash_table_new (g_str_hash, g_str_equal);
  guint n = self->stations ? g_list_model_get_n_items (self->stations) : 0;
  g_autoptr(GArray) acc = g_array_new (FALSE, TRUE, sizeof (double) * 3);

  self->rebuild_id = 0;
  g_array_set_size (self->districts, 0);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(YzStation) station = g_list_model_get_item (self->stations, i);
      const char *name = yz_station_get_district (station);
      YzDatum from = YZ_DATUM_WGS84;
      District *district;
      double lat, lon;
      gpointer found;
      guint k;

      if (name == NULL || name[0] == '\0')
        continue;
      yz_datum_from_string (yz_station_get_datum (station), &from);
      yz_geo_convert (from, self->datum, yz_station_get_lat (station), yz_station_get_lon (station),
                      &lat, &lon);
      if ((found = g_hash_table_lookup (sums, name)) == NULL)
        {
          District d = { g_strdup (name), 0, 0, -90, 90 };
          double zero[3] = { 0, 0, 0 };

          g_array_append_val (self->districts, d);
          g_array_append_vals (acc, zero, 1);
          k = self->districts->len - 1;
          g_hash_table_insert (sums, g_array_index (self->districts, District, k).name,
                               GUINT_TO_POINTER (k + 1));
        }
      else
        k = GPOINTER_TO_UINT (found) - 1;
      district = &g_array_index (self->districts, District, k);
      ((double *)acc->data)[k * 3 + 0] += lat;
      ((double *)acc->data)[k * 3 + 1] += lon;
      ((double *)acc->data)[k * 3 + 2] += 1;
      district->top = MAX (district->top, lat);
      district->bottom = MIN (district->bottom, lat);
    }
  for (guint k = 0; k < self->districts->len; k++)
    {
      District *district = &g_array_index (self->districts, District, k);
      double *a = &((double *)acc->data)[k * 3];

      district->lat = a[0] / a[2];
      district->lon = a[1] / a[2];
    }
  gtk_widget_queue_draw (GTK_WIDGET (self));

  return G_SOURCE_REMOVE;
}

static void
schedule_rebuild (YzBaseLayer *self)
{
  /* Station lists arrive whole: one rebuild after the burst. */
  if (self->rebuild_id == 0)
    self->rebuild_id = g_timeout_add (200, rebuild_cb, self);
}

/* A step in degrees giving lines roughly 100–250 px apart. */
static double
grid_step_for (double degrees_per_px)
{
  static const double steps[] = { 0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2,
                                  0.5,   1,     2,     5,    10,   15,   30 };

  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    if (steps[i] / degrees_per_px >= 120)
      return steps[i];

  return 30;
}

static PangoLayout *
make_layout (GtkWidget *widget, const char *text, gboolean bold)
{
  PangoLayout *layout = gtk_widget_create_pango_layout (widget, text);

  if (bold)
    {
      PangoAttrList *attrs = pango_attr_list_new ();

      pango_attr_list_insert (attrs, pango_attr_weight_new (PANGO_WEIGHT_BOLD));
      pango_attr_list_insert (attrs, pango_attr_scale_new (1.2));
      pango_layout_set_attributes (layout, attrs);
      pango_attr_list_unref (attrs);
    }

  return layout;
}

static void
append_layout_at (GtkSnapshot *snapshot, PangoLayout *layout, double x, double y,
                  const GdkRGBA *color)
{
  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (x, y));
  gtk_snapshot_append_layout (snapshot, layout, color);
  gtk_snapshot_restore (snapshot);
}

static void
append_label (GtkWidget *widget, GtkSnapshot *snapshot, const char *text, double x, double y,
              const GdkRGBA *color, gboolean bold, gboolean centred)
{
  PangoLayout *layout = make_layout (widget, text, bold);
  int w, h;

  pango_layout_get_pixel_size (layout, &w, &h);
  append_layout_at (snapshot, layout, centred ? x - w / 2.0 : x, centred ? y - h / 2.0 : y, color);
  g_object_unref (layout);
}

/**
 * yz_base_layer_place_district:
 * @candidates: (array length=n_candidates): where the name could go, best first
 * @taken: (array length=n_taken): station marks and names already placed
 *
 * Returns: the first candidate that overlaps nothing taken, or -1
 */
int
yz_base_layer_place_district (const graphene_rect_t *candidates, guint n_candidates,
                              const graphene_rect_t *taken, guint n_taken)
{
  for (guint i = 0; i < n_candidates; i++)
    if (yz_map_box_is_free (&candidates[i], taken, n_taken))
      return i;

  return -1;
}

static void
append_districts (YzBaseLayer *self, GtkSnapshot *snapshot, int width, int height,
                  const GdkRGBA *color)
{
  GtkWidget *widget = GTK_WIDGET (self);
  ShumateViewport *viewport = shumate_layer_get_viewport (SHUMATE_LAYER (self));
  g_autoptr(YzStationLayer) marks = g_weak_ref_get (&self->marks);
  g_autoptr(GArray) taken = NULL;

  g_array_set_size (self->label_boxes, 0);
  taken = marks ? yz_station_layer_get_mark_boxes (marks, width, height)
                : g_array_new (FALSE, FALSE, sizeof (graphene_rect_t));
  g_array_append_vals (taken, self->keep_clear->data, self->keep_clear->len);
  {
    /* Outside the map: a name cut off at the edge reads no better than none. */
    graphene_rect_t edges[] = {
      GRAPHENE_RECT_INIT (-1e5, -1e5, 2e5 + width, 1e5),
      GRAPHENE_RECT_INIT (-1e5, height, 2e5 + width, 1e5),
      GRAPHENE_RECT_INIT (-1e5, -1e5, 1e5, 2e5 + height),
      GRAPHENE_RECT_INIT (width, -1e5, 1e5, 2e5 + height),
    };

    g_array_append_vals (taken, edges, G_N_ELEMENTS (edges));
  }

  for (guint i = 0; i < self->districts->len; i++)
    {
      District *district = &g_array_index (self->districts, District, i);
      g_autoptr(PangoLayout) layout = NULL;
      graphene_rect_t candidates[7];
      double cx, cy, tx, ty, bx, by;
      int w, h, chosen;

      shumate_viewport_location_to_widget_coords (viewport, widget, district->lat, district->lon,
                                                  &cx, &cy);
      shumate_viewport_location_to_widget_coords (viewport, widget, district->top, district->lon,
                                                  &tx, &ty);
      shumate_viewport_location_to_widget_coords (viewport, widget, district->bottom, district->lon,
                                                  &bx, &by);
      if (cx < -400 || ty > height + 100 || cx > width + 400 || by < -100)
        continue;
      layout = make_layout (widget, district->name, TRUE);
      pango_layout_get_pixel_size (layout, &w, &h);

      /* Above its stations (the old place, clear of its own marks), then beside the
       * middle, then below, then further out. */
      candidates[0] = GRAPHENE_RECT_INIT (tx - w / 2.0, ty - 28 - h / 2.0, w, h);
      candidates[1] = GRAPHENE_RECT_INIT (cx - w / 2.0, cy - h / 2.0, w, h);
      candidates[2] = GRAPHENE_RECT_INIT (cx + 30, cy - h / 2.0, w, h);
      candidates[3] = GRAPHENE_RECT_INIT (cx - 30 - w, cy - h / 2.0, w, h);
      candidates[4] = GRAPHENE_RECT_INIT (bx - w / 2.0, by + 28 - h / 2.0, w, h);
      candidates[5] = GRAPHENE_RECT_INIT (tx - w / 2.0, ty - 60 - h / 2.0, w, h);
      candidates[6] = GRAPHENE_RECT_INIT (bx - w / 2.0, by + 60 - h / 2.0, w, h);
      chosen = yz_base_layer_place_district (candidates, G_N_ELEMENTS (candidates),
                                             (const graphene_rect_t *)taken->data, taken->len);
      if (chosen < 0)
        continue; /* every place is under marks at this zoom: zoom in and it returns */
      g_array_append_val (taken, candidates[chosen]);
      append_layout_at (snapshot, layout, candidates[chosen].origin.x, candidates[chosen].origin.y,
                        color);
      g_array_append_val (self->label_boxes, candidates[chosen]);
    }
}

static void
yz_base_layer_snapshot (GtkWidget *widget, GtkSnapshot *snapshot)
{
  YzBaseLayer *self = YZ_BASE_LAYER (widget);
  ShumateViewport *viewport = shumate_layer_get_viewport (SHUMATE_LAYER (self));
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  AdwStyleManager *style = adw_style_manager_get_default ();
  gboolean dark = adw_style_manager_get_dark (style);
  GdkRGBA background, line, text, district_text;
  double lat0, lon0, lat1, lon1, step;

  if (shumate_viewport_get_reference_map_source (viewport) == NULL || width <= 0 || height <= 0)
    return;

  gdk_rgba_parse (&background, dark ? "#24292e" : "#eceae4");
  gdk_rgba_parse (&line, dark ? "rgba(255,255,255,0.10)" : "rgba(0,0,0,0.12)");
  gdk_rgba_parse (&text, dark ? "rgba(255,255,255,0.45)" : "rgba(0,0,0,0.45)");
  gdk_rgba_parse (&district_text, dark ? "rgba(255,255,255,0.70)" : "rgba(0,0,0,0.62)");
  gtk_snapshot_append_color (snapshot, &background, &GRAPHENE_RECT_INIT (0, 0, width, height));

  /* The visible box (no rotation in this console). */
  shumate_viewport_widget_coords_to_location (viewport, widget, 0, 0, &lat0, &lon0);
  shumate_viewport_widget_coords_to_location (viewport, widget, width, height, &lat1, &lon1);
  step = grid_step_for (fabs (lon1 - lon0) / width);
  self->grid_step = step;

  for (double lon = floor (MIN (lon0, lon1) / step) * step; lon <= MAX (lon0, lon1); lon += step)
    {
      double x, y;
      g_autofree char *label = g_strdup_printf ("%.*f°E", step < 0.01 ? 3 : step < 1 ? 2 : 0, lon);

      shumate_viewport_location_to_widget_coords (viewport, widget, lat0, lon, &x, &y);
      gtk_snapshot_append_color (snapshot, &line, &GRAPHENE_RECT_INIT (round (x), 0, 1, height));
      append_label (widget, snapshot, label, round (x) + 4, height - 64, &text, FALSE, FALSE);
    }
  for (double lat = floor (MIN (lat0, lat1) / step) * step; lat <= MAX (lat0, lat1); lat += step)
    {
      double x, y;
      g_autofree char *label = g_strdup_printf ("%.*f°N", step < 0.01 ? 3 : step < 1 ? 2 : 0, lat);

      shumate_viewport_location_to_widget_coords (viewport, widget, lat, lon0, &x, &y);
      gtk_snapshot_append_color (snapshot, &line, &GRAPHENE_RECT_INIT (0, round (y), width, 1));
      append_label (widget, snapshot, label, 4, round (y) + 2, &text, FALSE, FALSE);
    }

  append_districts (self, snapshot, width, height, &district_text);
}

static void
viewport_notify_cb (YzBaseLayer *self)
{
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
yz_base_layer_constructed (GObject *object)
{
  YzBaseLayer *self = YZ_BASE_LAYER (object);

  G_OBJECT_CLASS (yz_base_layer_parent_class)->constructed (object);
  g_signal_connect_object (shumate_layer_get_viewport (SHUMATE_LAYER (self)), "notify",
                           G_CALLBACK (viewport_notify_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (adw_style_manager_get_default (), "notify::dark",
                           G_CALLBACK (viewport_notify_cb), self, G_CONNECT_SWAPPED);
}

static void
yz_base_layer_dispose (GObject *object)
{
  YzBaseLayer *self = YZ_BASE_LAYER (object);

  g_clear_handle_id (&self->rebuild_id, g_source_remove);
  if (self->stations != NULL)
    g_signal_handlers_disconnect_by_data (self->stations, self);
  g_clear_object (&self->stations);
  g_weak_ref_set (&self->marks, NULL);

  G_OBJECT_CLASS (yz_base_layer_parent_class)->dispose (object);
}

static void
yz_base_layer_finalize (GObject *object)
{
  YzBaseLayer *self = YZ_BASE_LAYER (object);

  g_array_unref (self->districts);
  g_array_unref (self->label_boxes);
  g_array_unref (self->keep_clear);
  g_weak_ref_clear (&self->marks);

  G_OBJECT_CLASS (yz_base_layer_parent_class)->finalize (object);
}

static void
yz_base_layer_class_init (YzBaseLayerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = yz_base_layer_constructed;
  object_class->dispose = yz_base_layer_dispose;
  object_class->finalize = yz_base_layer_finalize;
  widget_class->snapshot = yz_base_layer_snapshot;
  gtk_widget_class_set_css_name (widget_class, "yz-base-layer");
}

static void
yz_base_layer_init (YzBaseLayer *self)
{
  self->districts = g_array_new (FALSE, TRUE, sizeof (District));
  g_array_set_clear_func (self->districts, (GDestroyNotify)district_clear);
  g_weak_ref_init (&self->marks, NULL);
  self->label_boxes = g_array_new (FALSE, FALSE, sizeof (graphene_rect_t));
  self->keep_clear = g_array_new (FALSE, FALSE, sizeof (graphene_rect_t));
  gtk_widget_set_can_target (GTK_WIDGET (self), FALSE);
}

YzBaseLayer *
yz_base_layer_new (ShumateViewport *viewport)
{
  return g_object_new (YZ_TYPE_BASE_LAYER, "viewport", viewport, NULL);
}

void
yz_base_layer_set_stations (YzBaseLayer *self, GListModel *stations)
{
  g_return_if_fail (YZ_IS_BASE_LAYER (self));

  if (self->stations != NULL)
    g_signal_handlers_disconnect_by_data (self->stations, self);
  g_set_object (&self->stations, stations);
  if (stations != NULL)
    g_signal_connect_object (stations, "items-changed", G_CALLBACK (schedule_rebuild), self,
                             G_CONNECT_SWAPPED);
  g_clear_handle_id (&self->rebuild_id, g_source_remove);
  rebuild_cb (self);
}

void
yz_base_layer_set_datum (YzBaseLayer *self, YzDatum datum)
{
  g_return_if_fail (YZ_IS_BASE_LAYER (self));

  self->datum = datum;
  g_clear_handle_id (&self->rebuild_id, g_source_remove);
  rebuild_cb (self);
}

/* The graticule's step in degrees, as last drawn (0 before the first frame). */
double
yz_base_layer_get_grid_step (YzBaseLayer *self)
{
  return self->grid_step;
}

guint
yz_base_layer_get_n_districts (YzBaseLayer *self)
{
  return self->districts->len;
}

/* District names drawn in the last snapshot (some may be left out where marks crowd). */
guint
yz_base_layer_get_n_district_labels (YzBaseLayer *self)
{
  return self->label_boxes->len;
}

/* Where they were drawn (graphene_rect_t, widget coordinates). */
const GArray *
yz_base_layer_get_district_label_boxes (YzBaseLayer *self)
{
  return self->label_boxes;
}

/**
 * yz_base_layer_set_marks:
 * @marks: (nullable): the station layer above, whose marks the names keep clear of
 */
void
yz_base_layer_set_marks (YzBaseLayer *self, YzStationLayer *marks)
{
  g_return_if_fail (YZ_IS_BASE_LAYER (self));

  g_weak_ref_set (&self->marks, marks);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/**
 * yz_base_layer_set_keep_clear:
 * @boxes: (array length=n_boxes): parts of the map covered by other widgets (the search,
 *   the summary, the legend), in the layer's coordinates
 *
 * District names are not put there.
 */
void
yz_base_layer_set_keep_clear (YzBaseLayer *self, const graphene_rect_t *boxes, guint n_boxes)
{
  g_return_if_fail (YZ_IS_BASE_LAYER (self));

  if (self->keep_clear->len == n_boxes &&
      (n_boxes == 0 ||
       memcmp (self->keep_clear->data, boxes, n_boxes * sizeof (graphene_rect_t)) == 0))
    return;
  g_array_set_size (self->keep_clear, 0);
  g_array_append_vals (self->keep_clear, boxes, n_boxes);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}
