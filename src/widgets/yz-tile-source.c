/* yz-tile-source.c
 *
 * Map tiles for the station map, from one of:
 *  - a URL template (OpenStreetMap by default, or an intranet tile server), fetched with
 *    libsoup and decoded off the main thread;
 *  - an MBTiles file (read by the core's YzTileCache), read and decoded in a worker thread.
 * Each source knows the datum its tiles are drawn in (OSM: WGS-84; Gaode/Tencent: GCJ-02).
 *
 * Control rooms are often offline, so a source says why tiles are missing: "problem" is a
 * translated sentence after tiles fail and none has loaded since, %NULL once one loads.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "yz-tile-source"

#include "config.h"

#include <glib/gi18n.h>
#include <libsoup/soup.h>

#include "yz-picture.h"
#include "yz-tile-cache.h"
#include "yz-tile-source.h"

#define MAX_TILE_BYTES YZ_TILE_MAX_BYTES

struct _YzTileSource
{
  ShumateMapSource parent_instance;

  char *url_template; /* or NULL */
  SoupSession *session;
  YzTileCache *mbtiles; /* or NULL; any thread */
  YzDatum datum;

  char *problem;
  guint n_loaded;
  guint n_failed;
};

G_DEFINE_FINAL_TYPE (YzTileSource, yz_tile_source, SHUMATE_TYPE_MAP_SOURCE)

enum
{
  PROP_0,
  PROP_PROBLEM,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
set_problem (YzTileSource *self, const char *problem)
{
  if (g_strcmp0 (self->problem, problem) == 0)
    return;
  g_free (self->problem);
  self->problem = g_strdup (problem);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROBLEM]);
}

/* Main thread: a tile came (or did not). */
static void
tile_done (YzTileSource *self, ShumateTile *tile, GdkTexture *texture, const GError *error)
{
  if (texture != NULL)
    {
      shumate_tile_set_paintable (tile, GDK_PAINTABLE (texture));
      shumate_tile_set_fade_in (tile, TRUE);
      self->n_loaded++;
      set_problem (self, NULL);
    }
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_autofree char *problem = NULL;

      self->n_failed++;
      if (self->n_failed == 1 || self->n_failed % 100 == 0)
        g_message ("Map tiles are failing (%u so far): %s", self->n_failed,
                   error ? error->message : "no data");
      if (self->mbtiles != NULL)
        problem = g_strdup_printf (_("The offline map has no tiles here: %s"),
                                   error ? error->message : _("not in the file"));
      else
        problem = g_strdup_printf (
            _("Map tiles cannot be loaded: %s. The stations are shown on a plain grid."),
            error ? error->message : _("no data"));
      set_problem (self, problem);
    }
  shumate_tile_set_state (tile, SHUMATE_STATE_DONE);
}

/* ---- decoding off the main thread ---- */

static void
decode_thread (GTask *task, gpointer source_object, gpointer task_data, GCancellable *cancellable)
{
  GBytes *bytes = task_data;
  GError *error = NULL;
  GdkTexture *texture = gdk_texture_new_from_bytes (bytes, &error);

  if (texture == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, texture, g_object_unref);
}

/* ---- MBTiles ---- */

typedef struct
{
  ShumateTile *tile;
  guint x, y, z;
} TileJob;

static void
tile_job_free (TileJob *job)
{
  g_object_unref (job->tile);
  g_free (job);
}

static void
mbtiles_thread (GTask *task, gpointer source_object, gpointer task_data, GCancellable *cancellable)
{
  TileJob *job = task_data;
  GError *error = NULL;
  g_autoptr(GBytes) bytes =
      yz_tile_cache_read (YZ_TILE_SOURCE (source_object)->mbtiles, job->x, job->y, job->z, &error);
  GdkTexture *texture;

  if (bytes == NULL)
    return g_task_return_error (task, error);
  if ((texture = gdk_texture_new_from_bytes (bytes, &error)) == NULL)
    return g_task_return_error (task, error);
  g_task_return_pointer (task, texture, g_object_unref);
}

static void
mbtiles_done_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(GTask) outer = user_data;
  YzTileSource *self = YZ_TILE_SOURCE (object);
  TileJob *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  g_autoptr(GdkTexture) texture = g_task_propagate_pointer (G_TASK (result), &error);

  tile_done (self, job->tile, texture, error);
  if (texture != NULL)
    g_task_return_boolean (outer, TRUE);
  else
    g_task_return_error (outer, g_steal_pointer (&error));
}

/* ---- URL template ---- */

/**
 * yz_tile_source_expand_url:
 *
 * Fills `{x}`, `{y}`, `{z}` (and `{-y}`, the TMS row) in @url_template.
 */
char *
yz_tile_source_expand_url (const char *url_template, guint x, guint y, guint z)
{
  GString *url = g_string_new (url_template);
  g_autofree char *xs = g_strdup_printf ("%u", x);
  g_autofree char *ys = g_strdup_printf ("%u", y);
  g_autofree char *zs = g_strdup_printf ("%u", z);
  g_autofree char *tms = g_strdup_printf ("%" G_GINT64_FORMAT, ((gint64)1 << z) - 1 - y);

  g_string_replace (url, "{x}", xs, 0);
  g_string_replace (url, "{-y}", tms, 0);
  g_string_replace (url, "{y}", ys, 0);
  g_string_replace (url, "{z}", zs, 0);

  return g_string_free (url, FALSE);
}

static void
decoded_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(GTask) outer = user_data;
  TileJob *job = g_task_get_task_data (outer);
  g_autoptr(GError) error = NULL;
  g_autoptr(GdkTexture) texture = g_task_propagate_pointer (G_TASK (result), &error);

  tile_done (YZ_TILE_SOURCE (object), job->tile, texture, error);
  if (texture != NULL)
    g_task_return_boolean (outer, TRUE);
  else
    g_task_return_error (outer, g_steal_pointer (&error));
}

static void
fetched_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(GTask) outer = user_data;
  YzTileSource *self = g_task_get_source_object (outer);
  TileJob *job = g_task_get_task_data (outer);
  SoupMessage *msg = soup_session_get_async_result_message (SOUP_SESSION (object), result);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes =
      soup_session_send_and_read_finish (SOUP_SESSION (object), result, &error);
  GCancellable *cancellable;
  GTask *decode;

  if (bytes != NULL && !SOUP_STATUS_IS_SUCCESSFUL (soup_message_get_status (msg)))
    {
      g_set_error (&error, G_IO_ERROR, G_IO_ERROR_FAILED, _("the tile server answered %u %s"),
                   soup_message_get_status (msg), soup_message_get_reason_phrase (msg));
      g_clear_pointer (&bytes, g_bytes_unref);
    }
  else if (bytes != NULL &&
           !yz_picture_check (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                              MAX_TILE_BYTES, YZ_TILE_MAX_PIXELS, NULL, NULL, &error))
    g_clear_pointer (&bytes, g_bytes_unref);
  if (bytes == NULL)
    {
      tile_done (self, job->tile, NULL, error);
      return g_task_return_error (outer, g_steal_pointer (&error));
    }

  /* The cancellable is read before the task is handed on: the order in which a call's
   * arguments are evaluated is not defined, and the steal came first. */
  cancellable = g_task_get_cancellable (outer);
  decode = g_task_new (self, cancellable, decoded_cb, g_steal_pointer (&outer));
  g_task_set_source_tag (decode, decode_thread);
  g_task_set_task_data (decode, g_steal_pointer (&bytes), (GDestroyNotify)g_bytes_unref);
  g_task_run_in_thread (decode, decode_thread);
  g_object_unref (decode);
}

/* ---- ShumateMapSource ---- */

static void
yz_tile_source_fill_tile_async (ShumateMapSource *source, ShumateTile *tile,
                                GCancellable *cancellable, GAsyncReadyCallback callback,
                                gpointer user_data)
{
  YzTileSource *self = YZ_TILE_SOURCE (source);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  TileJob *job = g_new0 (TileJob, 1);

  g_task_set_source_tag (task, yz_tile_source_fill_tile_async);
  job->tile = g_object_ref (tile);
  job->x = shumate_tile_get_x (tile);
  job->y = shumate_tile_get_y (tile);
  job->z = shumate_tile_get_zoom_level (tile);
  g_task_set_task_data (task, job, (GDestroyNotify)tile_job_free);
  shumate_tile_set_state (tile, SHUMATE_STATE_LOADING);

  if (self->mbtiles != NULL)
    {
      GTask *read = g_task_new (self, cancellable, mbtiles_done_cb, g_steal_pointer (&task));
      TileJob *copy = g_new0 (TileJob, 1);

      g_task_set_source_tag (read, mbtiles_thread);
      *copy = *job;
      g_object_ref (copy->tile);
      g_task_set_task_data (read, copy, (GDestroyNotify)tile_job_free);
      g_task_run_in_thread (read, mbtiles_thread);
      g_object_unref (read);
    }
  else
    {
      g_autofree char *url = yz_tile_source_expand_url (self->url_template, job->x, job->y, job->z);
      g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);

      if (msg == NULL)
        {
          g_autoptr(GError) error = g_error_new (G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                                                  _("the tile URL %s is not valid"), url);

          tile_done (self, tile, NULL, error);
          return g_task_return_error (task, g_steal_pointer (&error));
        }
      soup_session_send_and_read_async (self->session, msg, G_PRIORITY_LOW, cancellable, fetched_cb,
                                        g_steal_pointer (&task));
    }
}

static gboolean
yz_tile_source_fill_tile_finish (ShumateMapSource *source, GAsyncResult *result, GError **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
yz_tile_source_dispose (GObject *object)
{
  YzTileSource *self = YZ_TILE_SOURCE (object);

  if (self->session != NULL)
    soup_session_abort (self->session);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (yz_tile_source_parent_class)->dispose (object);
}

static void
yz_tile_source_finalize (GObject *object)
{
  YzTileSource *self = YZ_TILE_SOURCE (object);

  g_free (self->url_template);
  g_free (self->problem);
  g_clear_pointer (&self->mbtiles, yz_tile_cache_free);

  G_OBJECT_CLASS (yz_tile_source_parent_class)->finalize (object);
}

static void
yz_tile_source_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  YzTileSource *self = YZ_TILE_SOURCE (object);

  switch (prop_id)
    {
    case PROP_PROBLEM:
      g_value_set_string (value, self->problem);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
yz_tile_source_class_init (YzTileSourceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  ShumateMapSourceClass *source_class = SHUMATE_MAP_SOURCE_CLASS (klass);

  object_class->dispose = yz_tile_source_dispose;
  object_class->finalize = yz_tile_source_finalize;
  object_class->get_property = yz_tile_source_get_property;
  source_class->fill_tile_async = yz_tile_source_fill_tile_async;
  source_class->fill_tile_finish = yz_tile_source_fill_tile_finish;

  properties[PROP_PROBLEM] =
      g_param_spec_string ("problem", NULL, NULL, NULL,
                           (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
yz_tile_source_init (YzTileSource *self)
{
  shumate_map_source_set_tile_size (SHUMATE_MAP_SOURCE (self), 256);
  shumate_map_source_set_min_zoom_level (SHUMATE_MAP_SOURCE (self), 0);
  shumate_map_source_set_max_zoom_level (SHUMATE_MAP_SOURCE (self), 19);
  shumate_map_source_set_projection (SHUMATE_MAP_SOURCE (self), SHUMATE_MAP_PROJECTION_MERCATOR);
}

/**
 * yz_tile_source_new_url:
 * @url_template: `https://…/{z}/{x}/{y}.png` (http and https only)
 * @datum: what the tiles are drawn in
 */
YzTileSource *
yz_tile_source_new_url (const char *url_template, YzDatum datum, GError **error)
{
  YzTileSource *self;
  g_autofree char *sample = NULL;
  g_autoptr(GUri) uri = NULL;

  g_return_val_if_fail (url_template != NULL, NULL);

  sample = yz_tile_source_expand_url (url_template, 1, 2, 3);
  uri = g_uri_parse (sample, G_URI_FLAGS_NONE, NULL);
  if (uri == NULL || g_uri_get_host (uri) == NULL ||
      (g_strcmp0 (g_uri_get_scheme (uri), "http") != 0 &&
       g_strcmp0 (g_uri_get_scheme (uri), "https") != 0) ||
      strstr (url_template, "{x}") == NULL || strstr (url_template, "{z}") == NULL ||
      (strstr (url_template, "{y}") == NULL && strstr (url_template, "{-y}") == NULL))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("A tile URL starts with http:// or https:// and has {x}, {y} and {z} in it, "
                      "for example %s"),
                   YZ_OSM_URL_TEMPLATE);
      return NULL;
    }

  self = g_object_new (YZ_TYPE_TILE_SOURCE, NULL);
  self->url_template = g_strdup (url_template);
  self->datum = datum;
  self->session =
      soup_session_new_with_options ("timeout", 15, "max-conns-per-host", 4, "user-agent",
                                     "Yizhan/" PACKAGE_VERSION " (rest-station console)", NULL);
  shumate_map_source_set_id (SHUMATE_MAP_SOURCE (self), url_template);
  if (g_str_equal (url_template, YZ_OSM_URL_TEMPLATE))
    {
      shumate_map_source_set_name (SHUMATE_MAP_SOURCE (self), "OpenStreetMap");
      shumate_map_source_set_license (SHUMATE_MAP_SOURCE (self), "© OpenStreetMap contributors");
      shumate_map_source_set_license_uri (SHUMATE_MAP_SOURCE (self),
                                          "https://www.openstreetmap.org/copyright");
    }
  else
    shumate_map_source_set_name (SHUMATE_MAP_SOURCE (self), g_uri_get_host (uri));

  return self;
}

/**
 * yz_tile_source_new_mbtiles:
 * @path: an MBTiles file (opened read-only)
 */
YzTileSource *
yz_tile_source_new_mbtiles (const char *path, YzDatum datum, GError **error)
{
  YzTileSource *self;
  YzTileCache *tiles;
  int min_zoom = 0, max_zoom = 19;

  g_return_val_if_fail (path != NULL, NULL);

  if ((tiles = yz_tile_cache_open (path, error)) == NULL)
    return NULL;
  yz_tile_cache_get_zoom_range (tiles, &min_zoom, &max_zoom);

  self = g_object_new (YZ_TYPE_TILE_SOURCE, NULL);
  self->mbtiles = tiles;
  self->datum = datum;
  shumate_map_source_set_id (SHUMATE_MAP_SOURCE (self), path);
  shumate_map_source_set_name (SHUMATE_MAP_SOURCE (self), path);
  shumate_map_source_set_min_zoom_level (SHUMATE_MAP_SOURCE (self), min_zoom);
  shumate_map_source_set_max_zoom_level (SHUMATE_MAP_SOURCE (self), max_zoom);

  return self;
}

YzDatum
yz_tile_source_get_datum (YzTileSource *self)
{
  g_return_val_if_fail (YZ_IS_TILE_SOURCE (self), YZ_DATUM_WGS84);

  return self->datum;
}

/* Why tiles are missing, or %NULL while they load. */
const char *
yz_tile_source_get_problem (YzTileSource *self)
{
  g_return_val_if_fail (YZ_IS_TILE_SOURCE (self), NULL);

  return self->problem;
}

guint
yz_tile_source_get_n_loaded (YzTileSource *self)
{
  return self->n_loaded;
}

guint
yz_tile_source_get_n_failed (YzTileSource *self)
{
  return self->n_failed;
}
