/* yz-station-layer.c
 *
 * Every station on the map, drawn by one layer in one snapshot: a mark per station is one
 * texture node (the textures are made once per state and shape), so thousands of stations
 * pan as cheaply as a handful of widgets would. Zoomed out, stations that fall in the same
 * cell of a grid fixed to the world (not the screen, so that clusters do not churn while
 * panning) merge into one cluster with a count and the worst state of its members.
 *
 * Station coordinates arrive in WGS-84 or GCJ-02; they are converted once, when the
 * station or the tiles' datum changes, to the datum of the tiles under them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "yz-station-layer"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "yz-station-layer.h"

#define MARK_SIZE YZ_MARK_SIZE
#define ALARM_SIZE YZ_MARK_ALARM_SIZE
#define CLUSTER_MAX_ZOOM 12.5 /* at or above: every station on its own */
#define CLUSTER_CELL 48.0     /* px */
#define PICK_RADIUS 14.0
#define PULSE_MS 1400
#define PULSE_FRAME_MS 50
#define TEXTURE_PX 64       /* marks are drawn into 64 px textures and scaled down */
#define LABEL_MAX_WIDTH 160 /* px: a longer name is ellipsized */

typedef struct
{
  YzStation *station;
  double lat, lon; /* in the tiles' datum */
  YzMark mark;
  gboolean smart24;
  PangoLayout *label; /* the name, made when first drawn */
} Point;

typedef struct
{
  double x, y; /* widget coordinates */
  guint count;
  YzMark worst;
  guint point; /* the worst member (the only one when count == 1) */
  double size; /* px, the mark's width and height */
} Drawn;

struct _YzStationLayer
{
  ShumateLayer parent_instance;

  GListModel *stations;
  GArray *points;    /* Point, in model order */
  GHashTable *index; /* YzStation* -> index + 1 */
  GArray *drawn;     /* Drawn, from the last snapshot, worst last */
  YzDatum datum;
  YzStation *selected;
  gboolean stale; /* disconnected: the states shown are the last known */
  guint n_labels; /* names drawn in the last snapshot */

  /* What the last layout was made for: the base layer asks for it before this layer
   * draws, in the same frame, and both use one layout. */
  double laid_zoom, laid_lat, laid_lon;
  int laid_width, laid_height;
  gboolean laid_valid;

  GdkTexture *marks[2][YZ_N_MARKS][2]; /* [stale][mark][smart24] */
  GdkTexture *rings[YZ_N_MARKS];
  GdkTexture *clusters[2][YZ_N_MARKS]; /* [stale][mark] */
  GdkTexture *selection;
  guint pulse_id;
};

G_DEFINE_FINAL_TYPE (YzStationLayer, yz_station_layer, SHUMATE_TYPE_LAYER)

enum
{
  PROP_0,
  PROP_STALE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum
{
  STATION_ACTIVATED,
  CLUSTER_ACTIVATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* ---- textures ---- */

static GdkTexture *
texture_from_surface (cairo_surface_t *surface)
{
  g_autoptr(GBytes) bytes = NULL;
  int stride = cairo_image_surface_get_stride (surface);
  int height = cairo_image_surface_get_height (surface);

  cairo_surface_flush (surface);
  bytes = g_bytes_new (cairo_image_surface_get_data (surface), (gsize)stride * height);

  return gdk_memory_texture_new (cairo_image_surface_get_width (surface), height,
                                 GDK_MEMORY_B8G8R8A8_PREMULTIPLIED, bytes, stride);
}

static void
shape_path (cairo_t *cr, gboolean round, double inset)
{
  double s = TEXTURE_PX;

  if (round)
    cairo_arc (cr, s / 2, s / 2, s / 2 - inset, 0, 2 * G_PI);
  else
    {
      /* A standard (staffed, daytime) station: a rounded square. */
      double r = s / 5, a = inset, b = s - inset;

      cairo_new_sub_path (cr);
      cairo_arc (cr, b - r, a + r, r, -G_PI / 2, 0);
      cairo_arc (cr, b - r, b - r, r, 0, G_PI / 2);
      cairo_arc (cr, a + r, b - r, r, G_PI / 2, G_PI);
      cairo_arc (cr, a + r, a + r, r, G_PI, 3 * G_PI / 2);
      cairo_close_path (cr);
    }
}

/* A filled shape with a white rim and a dark hairline outside it, readable on any tile.
 * Stale (the console is disconnected, the state is the last known): the same mark washed
 * out towards grey and translucent, its glyph kept — unlike offline, which is a solid grey
 * with a slash, it says "we do not know now", not "this station is down". */
static GdkTexture *
make_mark (YzMark mark, gboolean round, gboolean glyph, gboolean stale)
{
  cairo_surface_t *surface =
      cairo_image_surface_create (CAIRO_FORMAT_ARGB32, TEXTURE_PX, TEXTURE_PX);
  cairo_t *cr = cairo_create (surface);
  GdkRGBA color;
  GdkTexture *texture;

  yz_mark_get_color (mark, &color);
  if (stale)
    {
      color.red = 0.3 * color.red + 0.7 * 0.60;
      color.green = 0.3 * color.green + 0.7 * 0.60;
      color.blue = 0.3 * color.blue + 0.7 * 0.59;
      cairo_push_group (cr);
    }
  shape_path (cr, round, 1);
  cairo_set_source_rgba (cr, 0, 0, 0, 0.55);
  cairo_fill (cr);
  shape_path (cr, round, 4);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_fill (cr);
  shape_path (cr, round, 12);
  gdk_cairo_set_source_rgba (cr, &color);
  cairo_fill (cr);
  if (!glyph)
    ; /* a cluster: its count is written on it */
  else if (mark == YZ_MARK_OFFLINE)
    {
      /* A slash, so offline does not rely on grey alone. */
      cairo_set_source_rgb (cr, 1, 1, 1);
      cairo_set_line_width (cr, 6);
      cairo_move_to (cr, TEXTURE_PX * 0.3, TEXTURE_PX * 0.7);
      cairo_line_to (cr, TEXTURE_PX * 0.7, TEXTURE_PX * 0.3);
      cairo_stroke (cr);
    }
  else if (mark == YZ_MARK_DOOR)
    {
      /* A door: an upright bar. */
      cairo_set_source_rgb (cr, 1, 1, 1);
      cairo_rectangle (cr, TEXTURE_PX * 0.4, TEXTURE_PX * 0.27, TEXTURE_PX * 0.2,
                       TEXTURE_PX * 0.46);
      cairo_fill (cr);
    }
  else if (yz_mark_is_alarm (mark))
    {
      /* An exclamation mark. */
      cairo_set_source_rgb (cr, 1, 1, 1);
      cairo_rectangle (cr, TEXTURE_PX * 0.44, TEXTURE_PX * 0.24, TEXTURE_PX * 0.12,
                       TEXTURE_PX * 0.32);
      cairo_arc (cr, TEXTURE_PX * 0.5, TEXTURE_PX * 0.69, TEXTURE_PX * 0.07, 0, 2 * G_PI);
      cairo_fill (cr);
    }
  if (stale)
    {
      cairo_pop_group_to_source (cr);
      cairo_paint_with_alpha (cr, 0.7);
    }
  cairo_destroy (cr);
  texture = texture_from_surface (surface);
  cairo_surface_destroy (surface);

  return texture;
}

static GdkTexture *
make_ring (const GdkRGBA *color, double width)
{
  cairo_surface_t *surface =
      cairo_image_surface_create (CAIRO_FORMAT_ARGB32, TEXTURE_PX, TEXTURE_PX);
  cairo_t *cr = cairo_create (surface);
  GdkTexture *texture;

  cairo_arc (cr, TEXTURE_PX / 2.0, TEXTURE_PX / 2.0, TEXTURE_PX / 2.0 - width / 2 - 1, 0, 2 * G_PI);
  gdk_cairo_set_source_rgba (cr, color);
  cairo_set_line_width (cr, width);
  cairo_stroke (cr);
  cairo_destroy (cr);
  texture = texture_from_surface (surface);
  cairo_surface_destroy (surface);

  return texture;
}

static void
ensure_textures (YzStationLayer *self)
{
  if (self->selection != NULL)
    return;

  for (guint m = 0; m < YZ_N_MARKS; m++)
    {
      GdkRGBA color;

      for (guint stale = 0; stale < 2; stale++)
        {
          self->marks[stale][m][0] = make_mark (m, FALSE, TRUE, stale);
          self->marks[stale][m][1] = make_mark (m, TRUE, TRUE, stale);
          self->clusters[stale][m] = make_mark (m, TRUE, FALSE, stale);
        }
      yz_mark_get_color (m, &color);
      self->rings[m] = make_ring (&color, 6);
    }
  self->selection = make_ring (&(GdkRGBA){ 0.21, 0.52, 0.89, 1.0 }, 8);
}

/* ---- points ---- */

static void
update_point (YzStationLayer *self, Point *point)
{
  YzDatum from = YZ_DATUM_WGS84;

  yz_datum_from_string (yz_station_get_datum (point->station), &from);
  yz_geo_convert (from, self->datum, yz_station_get_lat (point->station),
                  yz_station_get_lon (point->station), &point->lat, &point->lon);
  point->mark = yz_mark_for_station (point->station);
  point->smart24 = g_strcmp0 (yz_station_get_kind (point->station), "smart24") == 0;
}

static void
invalidate_layout (YzStationLayer *self)
{
  self->laid_valid = FALSE;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
station_notify_cb (YzStation *station, GParamSpec *pspec, YzStationLayer *self)
{
  guint i = GPOINTER_TO_UINT (g_hash_table_lookup (self->index, station));
  Point *point;

  if (i == 0)
    return;
  point = &g_array_index (self->points, Point, i - 1);
  update_point (self, point);
  if (g_str_equal (pspec->name, "name"))
    g_clear_object (&point->label);
  invalidate_layout (self);
}

static void
clear_points (YzStationLayer *self)
{
  for (guint i = 0; i < self->points->len; i++)
    {
      Point *point = &g_array_index (self->points, Point, i);

      g_signal_handlers_disconnect_by_func (point->station, station_notify_cb, self);
      g_object_unref (point->station);
      g_clear_object (&point->label);
    }
  g_array_set_size (self->points, 0);
  g_hash_table_remove_all (self->index);
  g_array_set_size (self->drawn, 0);
  self->laid_valid = FALSE;
}

static void
rebuild_points (YzStationLayer *self)
{
  guint n;

  clear_points (self);
  n = self->stations ? g_list_model_get_n_items (self->stations) : 0;
  for (guint i = 0; i < n; i++)
    {
      Point point = { 0 };

      point.station = g_list_model_get_item (self->stations, i);
      update_point (self, &point);
      g_array_append_val (self->points, point);
      g_hash_table_insert (self->index, point.station, GUINT_TO_POINTER (i + 1));
      g_signal_connect_object (point.station, "notify", G_CALLBACK (station_notify_cb), self, 0);
    }
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
items_changed_cb (YzStationLayer *self)
{
  rebuild_points (self);
}

/* ---- drawing ---- */

static int
compare_drawn (gconstpointer a, gconstpointer b)
{
  const Drawn *da = a, *db = b;

  return (int)da->worst - (int)db->worst;
}

static gboolean
pulse_cb (gpointer user_data)
{
  gtk_widget_queue_draw (user_data);
  return G_SOURCE_CONTINUE;
}

/* How big a mark is drawn: a cluster grows with its count (and its number). */
static double
drawn_size (const Drawn *d)
{
  double size = yz_mark_is_alarm (d->worst) ? ALARM_SIZE : MARK_SIZE;

  if (d->count > 1)
    {
      double digits = floor (log10 (d->count)) + 1;

      size = MAX (MIN (22.0 + 10.0 * log10 (d->count), 40.0), digits * 8.0 + 12.0) +
             (yz_mark_is_alarm (d->worst) ? 6 : 0);
    }

  return size;
}

/* Places every visible station (or cluster) in self->drawn, worst last; done again only
 * when the view, the size or a station changed since the last time. */
static void
layout_marks (YzStationLayer *self, int width, int height)
{
  ShumateViewport *viewport = shumate_layer_get_viewport (SHUMATE_LAYER (self));
  ShumateMapSource *source = shumate_viewport_get_reference_map_source (viewport);
  double zoom = shumate_viewport_get_zoom_level (viewport);
  double lat = shumate_location_get_latitude (SHUMATE_LOCATION (viewport));
  double lon = shumate_location_get_longitude (SHUMATE_LOCATION (viewport));
  gboolean cluster = zoom < CLUSTER_MAX_ZOOM;
  g_autoptr(GHashTable) cells = NULL;
  double left = 0, top = 0;
  const double margin = 2 * CLUSTER_CELL;

  if (self->laid_valid && self->laid_zoom == zoom && self->laid_lat == lat &&
      self->laid_lon == lon && self->laid_width == width && self->laid_height == height)
    return;
  self->laid_valid = TRUE;
  self->laid_zoom = zoom;
  self->laid_lat = lat;
  self->laid_lon = lon;
  self->laid_width = width;
  self->laid_height = height;

  g_array_set_size (self->drawn, 0);
  if (source == NULL || width <= 0 || height <= 0)
    {
      self->laid_valid = FALSE;
      return;
    }

  if (cluster)
    {
      ShumateLocation *centre = SHUMATE_LOCATION (viewport);

      cells = g_hash_table_new (g_int64_hash, g_int64_equal);
      /* World pixels of the widget's top-left corner: the grid is fixed to the world. */
      left = shumate_map_source_get_x (source, zoom, shumate_location_get_longitude (centre)) -
             width / 2.0;
      top = shumate_map_source_get_y (source, zoom, shumate_location_get_latitude (centre)) -
            height / 2.0;
    }

  for (guint i = 0; i < self->points->len; i++)
    {
      Point *point = &g_array_index (self->points, Point, i);
      double x, y;

      shumate_viewport_location_to_widget_coords (viewport, GTK_WIDGET (self), point->lat,
                                                  point->lon, &x, &y);
      if (x < -margin || y < -margin || x > width + margin || y > height + margin)
        continue;

      if (cluster && point->station != self->selected)
        {
          gint64 key = ((gint64)floor ((x + left) / CLUSTER_CELL) << 32) ^
                       (gint64)(guint32)floor ((y + top) / CLUSTER_CELL);
          gpointer found = g_hash_table_lookup (cells, &key);

          if (found != NULL)
            {
              Drawn *d = &g_array_index (self->drawn, Drawn, GPOINTER_TO_UINT (found) - 1);

              d->x += (x - d->x) / (d->count + 1);
              d->y += (y - d->y) / (d->count + 1);
              d->count++;
              if (point->mark > d->worst)
                {
                  d->worst = point->mark;
                  d->point = i;
                }
              continue;
            }
          else
            {
              Drawn d = { x, y, 1, point->mark, i, 0 };
              gint64 *stored = g_new (gint64, 1);

              *stored = key;
              g_array_append_val (self->drawn, d);
              /* keys are freed with the table below */
              g_hash_table_insert (cells, stored, GUINT_TO_POINTER (self->drawn->len));
              continue;
            }
        }
      else
        {
          Drawn d = { x, y, 1, point->mark, i, 0 };

          g_array_append_val (self->drawn, d);
        }
    }

  if (cells != NULL)
    {
      GHashTableIter iter;
      gpointer key;

      g_hash_table_iter_init (&iter, cells);
      while (g_hash_table_iter_next (&iter, &key, NULL))
        g_free (key);
    }
  g_array_sort (self->drawn, compare_drawn);
  for (guint i = 0; i < self->drawn->len; i++)
    {
      Drawn *d = &g_array_index (self->drawn, Drawn, i);

      d->size = drawn_size (d);
    }
}

/* ---- names (where they go: yz-station-names.c) ---- */

static PangoLayout *
ensure_label (YzStationLayer *self, Point *point)
{
  if (point->label == NULL)
    {
      PangoAttrList *attrs = pango_attr_list_new ();

      point->label =
          gtk_widget_create_pango_layout (GTK_WIDGET (self), yz_station_get_name (point->station));
      pango_attr_list_insert (attrs, pango_attr_scale_new (0.85));
      pango_attr_list_insert (attrs, pango_attr_weight_new (PANGO_WEIGHT_MEDIUM));
      pango_layout_set_attributes (point->label, attrs);
      pango_attr_list_unref (attrs);
      pango_layout_set_width (point->label, LABEL_MAX_WIDTH * PANGO_SCALE);
      pango_layout_set_ellipsize (point->label, PANGO_ELLIPSIZE_END);
      pango_layout_set_single_paragraph_mode (point->label, TRUE);
    }

  return point->label;
}

/* A station's name on a pale rounded plate, readable on tiles and on the plain grid. */
static void
append_names (YzStationLayer *self, GtkSnapshot *snapshot)
{
  ShumateViewport *viewport = shumate_layer_get_viewport (SHUMATE_LAYER (self));
  double zoom = shumate_viewport_get_zoom_level (viewport);
  guint n = self->drawn->len;
  g_autofree YzNameLabel *labels = NULL;
  g_autofree gboolean *shown = NULL;
  GdkRGBA plate = { 1, 1, 1, 0.82 };
  GdkRGBA ink = { 0.1, 0.1, 0.1, 1 };

  self->n_labels = 0;
  if (zoom < YZ_LABEL_MIN_ZOOM || n == 0)
    return;

  labels = g_new0 (YzNameLabel, n);
  shown = g_new0 (gboolean, n);
  for (guint i = 0; i < n; i++)
    {
      const Drawn *d = &g_array_index (self->drawn, Drawn, i);
      Point *point = &g_array_index (self->points, Point, d->point);
      int w = 0, h = 0;

      pango_layout_get_pixel_size (ensure_label (self, point), &w, &h);
      labels[i].x = d->x;
      labels[i].y = d->y;
      labels[i].width = w + 8;
      labels[i].height = h + 2;
      /* The selected station's name first, then by state: alarms, doors, offline, normal. */
      labels[i].priority = (point->station == self->selected ? YZ_N_MARKS : 0) + (int)d->worst;
    }
  self->n_labels = yz_station_labels_choose (zoom, labels, n, shown);

  for (guint i = 0; i < n; i++)
    {
      const Point *point =
          &g_array_index (self->points, Point, g_array_index (self->drawn, Drawn, i).point);
      graphene_rect_t box;
      GskRoundedRect rounded;

      if (!shown[i])
        continue;
      box = yz_station_label_box (&labels[i]);
      gsk_rounded_rect_init_from_rect (&rounded, &box, 4);
      gtk_snapshot_push_rounded_clip (snapshot, &rounded);
      gtk_snapshot_append_color (snapshot, &plate, &box);
      gtk_snapshot_pop (snapshot);
      gtk_snapshot_save (snapshot);
      gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (box.origin.x + 4, box.origin.y + 1));
      gtk_snapshot_append_layout (snapshot, point->label, &ink);
      gtk_snapshot_restore (snapshot);
    }
}

static void
append_texture_at (GtkSnapshot *snapshot, GdkTexture *texture, double x, double y, double size)
{
  gtk_snapshot_append_texture (snapshot, texture,
                               &GRAPHENE_RECT_INIT (x - size / 2, y - size / 2, size, size));
}

static void
yz_station_layer_snapshot (GtkWidget *widget, GtkSnapshot *snapshot)
{
  YzStationLayer *self = YZ_STATION_LAYER (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  double phase = (g_get_monotonic_time () / 1000 % PULSE_MS) / (double)PULSE_MS;
  gboolean any_alarm = FALSE;
  gboolean stale;
  const Drawn *selected = NULL;

  ensure_textures (self);
  layout_marks (self, width, height);
  stale = self->stale;

  for (guint i = 0; i < self->drawn->len; i++)
    {
      const Drawn *d = &g_array_index (self->drawn, Drawn, i);
      const Point *point = &g_array_index (self->points, Point, d->point);
      gboolean alarm = yz_mark_is_alarm (d->worst);
      double size = alarm ? ALARM_SIZE : MARK_SIZE;
      PangoLayout *layout = NULL;
      int lw = 0, lh = 0;

      if (d->count > 1)
        {
          g_autofree char *text = g_strdup_printf ("%u", d->count);
          PangoAttrList *attrs = pango_attr_list_new ();

          layout = gtk_widget_create_pango_layout (widget, text);
          pango_attr_list_insert (attrs, pango_attr_weight_new (PANGO_WEIGHT_BOLD));
          pango_layout_set_attributes (layout, attrs);
          pango_attr_list_unref (attrs);
          pango_layout_get_pixel_size (layout, &lw, &lh);
          /* Grows with the count, never narrower than the number. */
          size = MAX (MIN (22.0 + 10.0 * log10 (d->count), 40.0), lw + 12.0) + (alarm ? 6 : 0);
        }

      if (alarm && !stale)
        {
          /* The pulse: a ring that grows and fades, so an alarm catches the eye; not for an
           * alarm only known from before the connection was lost. */
          any_alarm = TRUE;
          gtk_snapshot_push_opacity (snapshot, 1.0 - phase);
          append_texture_at (snapshot, self->rings[d->worst], d->x, d->y, size + 6 + phase * 26);
          gtk_snapshot_pop (snapshot);
        }

      if (layout != NULL)
        {
          append_texture_at (snapshot, self->clusters[stale][d->worst], d->x, d->y, size);
          gtk_snapshot_save (snapshot);
          gtk_snapshot_translate (snapshot,
                                  &GRAPHENE_POINT_INIT (d->x - lw / 2.0, d->y - lh / 2.0));
          gtk_snapshot_append_layout (snapshot, layout, &(GdkRGBA){ 1, 1, 1, stale ? 0.8 : 1 });
          gtk_snapshot_restore (snapshot);
          g_object_unref (layout);
          continue;
        }

      append_texture_at (snapshot, self->marks[stale][d->worst][point->smart24], d->x, d->y, size);
      if (point->station == self->selected)
        selected = d;
    }

  if (selected != NULL)
    append_texture_at (snapshot, self->selection, selected->x, selected->y, ALARM_SIZE + 14);
  append_names (self, snapshot);

  if (any_alarm && self->pulse_id == 0)
    self->pulse_id = g_timeout_add (PULSE_FRAME_MS, pulse_cb, self);
  else if (!any_alarm)
    g_clear_handle_id (&self->pulse_id, g_source_remove);
}

/* ---- picking, hover, click ---- */

static const Drawn *
pick_drawn (YzStationLayer *self, double x, double y)
{
  const Drawn *best = NULL;
  double best_d2 = PICK_RADIUS * PICK_RADIUS;

  /* Worst last, so on a tie the one drawn on top wins. */
  for (guint i = 0; i < self->drawn->len; i++)
    {
      const Drawn *d = &g_array_index (self->drawn, Drawn, i);
      double r = d->count > 1 ? 20.0 : PICK_RADIUS;
      double d2 = (d->x - x) * (d->x - x) + (d->y - y) * (d->y - y);

      if (d2 <= MAX (best_d2, r * r) && (best == NULL || d2 <= best_d2))
        {
          best = d;
          best_d2 = d2;
        }
    }

  return best;
}

/**
 * yz_station_layer_pick:
 * @n_in_cluster: (out) (optional): how many stations the mark at (@x, @y) stands for
 *
 * Returns: (transfer none) (nullable): the station under (@x, @y) as last drawn (for a
 *   cluster, its worst member)
 */
YzStation *
yz_station_layer_pick (YzStationLayer *self, double x, double y, guint *n_in_cluster)
{
  const Drawn *d;

  g_return_val_if_fail (YZ_IS_STATION_LAYER (self), NULL);

  d = pick_drawn (self, x, y);
  if (n_in_cluster != NULL)
    *n_in_cluster = d ? d->count : 0;

  return d ? g_array_index (self->points, Point, d->point).station : NULL;
}

static gboolean
query_tooltip_cb (GtkWidget *widget, int x, int y, gboolean keyboard, GtkTooltip *tooltip,
                  YzStationLayer *self)
{
  const Drawn *d = pick_drawn (self, x, y);
  g_autofree char *text = NULL;
  YzStation *station;

  if (d == NULL)
    return FALSE;
  station = g_array_index (self->points, Point, d->point).station;
  if (d->count > 1)
    text = g_strdup_printf (
        g_dngettext (GETTEXT_PACKAGE, "%u station here, the worst: %s. Click to zoom in.",
                     "%u stations here, the worst: %s. Click to zoom in.", d->count),
        d->count, yz_mark_describe (d->worst));
  else
    text = g_strdup_printf (_("%s\n%s · %d of %d people inside"), yz_station_get_name (station),
                            yz_mark_describe (d->worst), yz_station_get_occupancy (station),
                            yz_station_get_capacity (station));
  if (self->stale)
    {
      char *last = g_strdup_printf ("%s\n%s", text, _("Last known state"));

      g_free (text);
      text = last;
    }
  gtk_tooltip_set_text (tooltip, text);
  gtk_tooltip_set_tip_area (tooltip, &(GdkRectangle){ d->x - 10, d->y - 10, 20, 20 });

  return TRUE;
}

static void
released_cb (GtkGestureClick *gesture, int n_press, double x, double y, YzStationLayer *self)
{
  const Drawn *d = pick_drawn (self, x, y);
  const Point *point;

  if (d == NULL || n_press != 1)
    return;
  point = &g_array_index (self->points, Point, d->point);
  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
  if (d->count > 1)
    {
      double lat, lon;
      ShumateViewport *viewport = shumate_layer_get_viewport (SHUMATE_LAYER (self));

      shumate_viewport_widget_coords_to_location (viewport, GTK_WIDGET (self), d->x, d->y, &lat,
                                                  &lon);
      g_signal_emit (self, signals[CLUSTER_ACTIVATED], 0, lat, lon);
      return;
    }
  yz_station_layer_set_selected (self, point->station);
  g_signal_emit (self, signals[STATION_ACTIVATED], 0, point->station);
}

static void
viewport_notify_cb (YzStationLayer *self)
{
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* ---- GObject ---- */

static void
yz_station_layer_constructed (GObject *object)
{
  YzStationLayer *self = YZ_STATION_LAYER (object);
  ShumateViewport *viewport;

  G_OBJECT_CLASS (yz_station_layer_parent_class)->constructed (object);

  viewport = shumate_layer_get_viewport (SHUMATE_LAYER (self));
  g_signal_connect_object (viewport, "notify", G_CALLBACK (viewport_notify_cb), self,
                           G_CONNECT_SWAPPED);
}

static void
yz_station_layer_dispose (GObject *object)
{
  YzStationLayer *self = YZ_STATION_LAYER (object);

  g_clear_handle_id (&self->pulse_id, g_source_remove);
  if (self->stations != NULL)
    g_signal_handlers_disconnect_by_data (self->stations, self);
  clear_points (self);
  g_clear_object (&self->stations);
  g_clear_object (&self->selected);
  for (guint m = 0; m < YZ_N_MARKS; m++)
    {
      for (guint stale = 0; stale < 2; stale++)
        {
          g_clear_object (&self->marks[stale][m][0]);
          g_clear_object (&self->marks[stale][m][1]);
          g_clear_object (&self->clusters[stale][m]);
        }
      g_clear_object (&self->rings[m]);
    }
  g_clear_object (&self->selection);

  G_OBJECT_CLASS (yz_station_layer_parent_class)->dispose (object);
}

static void
yz_station_layer_finalize (GObject *object)
{
  YzStationLayer *self = YZ_STATION_LAYER (object);

  g_array_unref (self->points);
  g_array_unref (self->drawn);
  g_hash_table_unref (self->index);

  G_OBJECT_CLASS (yz_station_layer_parent_class)->finalize (object);
}

static void
yz_station_layer_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  YzStationLayer *self = YZ_STATION_LAYER (object);

  switch (prop_id)
    {
    case PROP_STALE:
      g_value_set_boolean (value, self->stale);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
yz_station_layer_set_property (GObject *object, guint prop_id, const GValue *value,
                               GParamSpec *pspec)
{
  YzStationLayer *self = YZ_STATION_LAYER (object);

  switch (prop_id)
    {
    case PROP_STALE:
      yz_station_layer_set_stale (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
yz_station_layer_class_init (YzStationLayerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = yz_station_layer_get_property;
  object_class->set_property = yz_station_layer_set_property;
  object_class->constructed = yz_station_layer_constructed;
  object_class->dispose = yz_station_layer_dispose;
  object_class->finalize = yz_station_layer_finalize;
  widget_class->snapshot = yz_station_layer_snapshot;

  /**
   * YzStationLayer:stale:
   *
   * The console is not connected: the marks show the last known states, washed out, and
   * alarms do not pulse.
   */
  properties[PROP_STALE] =
      g_param_spec_boolean ("stale", NULL, NULL, FALSE,
                            G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * YzStationLayer::station-activated:
   * @station: the station clicked
   */
  signals[STATION_ACTIVATED] =
      g_signal_new ("station-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                    NULL, NULL, G_TYPE_NONE, 1, YZ_TYPE_STATION);
  /**
   * YzStationLayer::cluster-activated:
   * @lat: @lon: where the cluster is, in the tiles' datum
   */
  signals[CLUSTER_ACTIVATED] =
      g_signal_new ("cluster-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                    NULL, NULL, G_TYPE_NONE, 2, G_TYPE_DOUBLE, G_TYPE_DOUBLE);

  gtk_widget_class_set_css_name (widget_class, "yz-station-layer");
}

static void
yz_station_layer_init (YzStationLayer *self)
{
  GtkGesture *click = gtk_gesture_click_new ();

  self->points = g_array_new (FALSE, TRUE, sizeof (Point));
  self->drawn = g_array_new (FALSE, TRUE, sizeof (Drawn));
  self->index = g_hash_table_new (NULL, NULL);
  self->datum = YZ_DATUM_WGS84;

  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), GDK_BUTTON_PRIMARY);
  g_signal_connect (click, "released", G_CALLBACK (released_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));
  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);
  g_signal_connect (self, "query-tooltip", G_CALLBACK (query_tooltip_cb), self);
}

/* ---- public ---- */

YzStationLayer *
yz_station_layer_new (ShumateViewport *viewport)
{
  return g_object_new (YZ_TYPE_STATION_LAYER, "viewport", viewport, NULL);
}

void
yz_station_layer_set_stations (YzStationLayer *self, GListModel *stations)
{
  g_return_if_fail (YZ_IS_STATION_LAYER (self));

  if (self->stations != NULL)
    g_signal_handlers_disconnect_by_data (self->stations, self);
  g_set_object (&self->stations, stations);
  if (stations != NULL)
    g_signal_connect_object (stations, "items-changed", G_CALLBACK (items_changed_cb), self,
                             G_CONNECT_SWAPPED);
  rebuild_points (self);
}

/* The datum of the tiles under the layer: stations are converted to it. */
void
yz_station_layer_set_datum (YzStationLayer *self, YzDatum datum)
{
  g_return_if_fail (YZ_IS_STATION_LAYER (self));

  if (self->datum == datum)
    return;
  self->datum = datum;
  for (guint i = 0; i < self->points->len; i++)
    update_point (self, &g_array_index (self->points, Point, i));
  invalidate_layout (self);
}

void
yz_station_layer_set_selected (YzStationLayer *self, YzStation *station)
{
  g_return_if_fail (YZ_IS_STATION_LAYER (self));

  if (g_set_object (&self->selected, station))
    invalidate_layout (self); /* the selected station never joins a cluster */
}

YzStation *
yz_station_layer_get_selected (YzStationLayer *self)
{
  g_return_val_if_fail (YZ_IS_STATION_LAYER (self), NULL);

  return self->selected;
}

/* Where @station was drawn in the last snapshot; %FALSE when it is off the view or merged
 * into a cluster that another station leads. */
gboolean
yz_station_layer_get_position (YzStationLayer *self, YzStation *station, double *x, double *y)
{
  guint i;

  g_return_val_if_fail (YZ_IS_STATION_LAYER (self), FALSE);

  i = GPOINTER_TO_UINT (g_hash_table_lookup (self->index, station));
  if (i == 0)
    return FALSE;
  for (guint k = 0; k < self->drawn->len; k++)
    {
      const Drawn *d = &g_array_index (self->drawn, Drawn, k);

      if (d->point == i - 1)
        {
          *x = d->x;
          *y = d->y;
          return TRUE;
        }
    }

  return FALSE;
}

/* @station's coordinates in the tiles' datum (where it is drawn). */
void
yz_station_layer_get_map_location (YzStationLayer *self, YzStation *station, double *lat,
                                   double *lon)
{
  YzDatum from = YZ_DATUM_WGS84;

  g_return_if_fail (YZ_IS_STATION_LAYER (self));

  yz_datum_from_string (yz_station_get_datum (station), &from);
  yz_geo_convert (from, self->datum, yz_station_get_lat (station), yz_station_get_lon (station),
                  lat, lon);
}

void
yz_station_layer_set_stale (YzStationLayer *self, gboolean stale)
{
  g_return_if_fail (YZ_IS_STATION_LAYER (self));

  stale = !!stale;
  if (self->stale == stale)
    return;
  self->stale = stale;
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STALE]);
}

gboolean
yz_station_layer_get_stale (YzStationLayer *self)
{
  g_return_val_if_fail (YZ_IS_STATION_LAYER (self), FALSE);

  return self->stale;
}

/* Station names drawn in the last snapshot. */
guint
yz_station_layer_get_n_labels (YzStationLayer *self)
{
  g_return_val_if_fail (YZ_IS_STATION_LAYER (self), 0);

  return self->n_labels;
}

/**
 * yz_station_layer_get_mark_boxes:
 * @width: @height: the size of the map's layers (all layers have the map's size)
 *
 * Where the marks (stations and clusters) go at the current view, for a layer below that
 * must keep its own labels clear of them. Lays them out now if the view changed, so the
 * layer draws the same layout in this frame.
 *
 * Returns: (transfer full) (element-type graphene_rect_t): their boxes
 */
GArray *
yz_station_layer_get_mark_boxes (YzStationLayer *self, int width, int height)
{
  GArray *boxes;

  g_return_val_if_fail (YZ_IS_STATION_LAYER (self), NULL);

  layout_marks (self, width, height);
  boxes = g_array_sized_new (FALSE, FALSE, sizeof (graphene_rect_t), self->drawn->len);
  for (guint i = 0; i < self->drawn->len; i++)
    {
      const Drawn *d = &g_array_index (self->drawn, Drawn, i);
      graphene_rect_t box =
          GRAPHENE_RECT_INIT (d->x - d->size / 2, d->y - d->size / 2, d->size, d->size);

      g_array_append_val (boxes, box);
    }

  return boxes;
}

/* Marks (stations and clusters) in the last snapshot. */
guint
yz_station_layer_get_n_drawn (YzStationLayer *self)
{
  g_return_val_if_fail (YZ_IS_STATION_LAYER (self), 0);

  return self->drawn->len;
}

/**
 * yz_station_layer_fit_map:
 * @padding: how much room to leave around the stations, as a share (0.2 = a fifth)
 *
 * Zooms and centres @map so that all @stations (as this layer places them) are in view.
 *
 * Returns: FALSE when there are no stations
 */
gboolean
yz_station_layer_fit_map (YzStationLayer *self, ShumateMap *map, GListModel *stations,
                          double padding)
{
  guint n = g_list_model_get_n_items (stations);
  double min_lat = 90, max_lat = -90, min_lon = 180, max_lon = -180;
  double width = MAX (gtk_widget_get_width (GTK_WIDGET (map)), 600);
  double height = MAX (gtk_widget_get_height (GTK_WIDGET (map)), 400);
  double span_x, span_y, zoom;

  g_return_val_if_fail (YZ_IS_STATION_LAYER (self), FALSE);

  if (n == 0)
    return FALSE;
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(YzStation) station = g_list_model_get_item (stations, i);
      double lat, lon;

      yz_station_layer_get_map_location (self, station, &lat, &lon);
      min_lat = MIN (min_lat, lat);
      max_lat = MAX (max_lat, lat);
      min_lon = MIN (min_lon, lon);
      max_lon = MAX (max_lon, lon);
    }

  /* World pixels at zoom 0 (256 px for the whole world), padded. */
  span_x = MAX ((max_lon - min_lon) / 360.0 * 256.0, 1e-6) * (1 + padding);
  span_y = MAX (fabs (log (tan (G_PI / 4 + max_lat * G_PI / 360)) -
                      log (tan (G_PI / 4 + min_lat * G_PI / 360))) /
                    (2 * G_PI) * 256.0,
                1e-6) *
           (1 + padding);
  zoom = CLAMP (floor (log2 (MIN (width / span_x, height / span_y))), 3, 16);
  shumate_viewport_set_zoom_level (shumate_map_get_viewport (map), zoom);
  shumate_map_center_on (map, (min_lat + max_lat) / 2, (min_lon + max_lon) / 2);
  return TRUE;
}
