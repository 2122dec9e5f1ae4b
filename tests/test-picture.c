/* test-picture.c
 *
 * The check a picture from outside passes before GTK decodes it (yz-picture.c): a snapshot
 * or camera picture from a gateway played by a SoupServer on 127.0.0.1, and a tile from an
 * MBTiles file, and a snapshot kept on disk by an older version. A picture that declares more
 * pixels than it may have is refused before any decoder sees it: 1 KB of JPEG declaring 30,000 ×
 * 30,000 pixels made the console allocate 2.6 GB and decode for 16 s.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <libsoup/soup.h>
#include <sqlite3.h>
#include <string.h>

#include "yz-backend.h"
#include "yz-gateway-backend.h"
#include "yz-picture.h"
#include "yz-snapshot-cache.h"
#include "yz-tile-cache.h"
#include "yz-test-sim.h"
#include "yz-test-util.h"

/* A string literal and its length without the NUL. */
#define LITERAL(text) text, sizeof text - 1

/* A seed of fuzz-picture (tests/fuzz/corpus-picture/). */
static GBytes *
seed (const char *name)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "fuzz", "corpus-picture", name, NULL);
  g_autoptr(GError) error = NULL;
  char *contents = NULL;
  gsize length = 0;

  g_file_get_contents (path, &contents, &length, &error);
  g_assert_no_error (error);

  return g_bytes_new_take (contents, length);
}

/* @picture with its declared size (its first SOF, or its IHDR) set to @width × @height. */
static GBytes *
resized (GBytes *picture, guint width, guint height)
{
  gsize length = 0;
  guint8 *data = g_memdup2 (g_bytes_get_data (picture, &length), g_bytes_get_size (picture));

  if (data[0] == 0xff)
    {
      guint8 *sof = data + 2;

      /* Segment by segment, as the check walks them, to the first SOF0. */
      while (sof[1] != 0xc0)
        sof += 2 + ((sof[2] << 8) | sof[3]);
      sof[5] = height >> 8, sof[6] = height & 0xff;
      sof[7] = width >> 8, sof[8] = width & 0xff;
    }
  else
    {
      for (guint i = 0; i < 4; i++)
        {
          data[16 + i] = width >> (24 - 8 * i);
          data[20 + i] = height >> (24 - 8 * i);
        }
    }

  return g_bytes_new_take (data, length);
}

static gboolean
check (GBytes *picture, guint64 max_pixels, guint *width, guint *height, GError **error)
{
  return yz_picture_check (g_bytes_get_data (picture, NULL), g_bytes_get_size (picture),
                           YZ_PICTURE_MAX_BYTES, max_pixels, width, height, error);
}

/* ---- the check ---- */

static void
test_picture_check (void)
{
  g_autoptr(GBytes) camera = seed ("sim-camera.jpg");
  g_autoptr(GBytes) tile = seed ("tile-256.png");
  g_autoptr(GBytes) huge_jpeg = resized (camera, 30000, 30000);
  g_autoptr(GBytes) huge_png = resized (tile, 30000, 30000);
  g_autoptr(GBytes) wide = resized (camera, 65535, 257);
  g_autoptr(GBytes) empty = resized (camera, 768, 0);
  g_autoptr(GError) error = NULL;
  guint width = 0, height = 0;
  static const struct
  {
    const char *what;
    const char *data;
    gsize length;
  } refused[] = {
    { "a GIF", LITERAL ("GIF89a\x01\x00\x01\x00\x00\x00\x00;") },
    { "an XPM", LITERAL ("/* XPM */\nstatic char *x[] = {\"1 1 1 1\", \"a c #000\", \"a\"};") },
    { "a bare JPEG start", LITERAL ("\xff\xd8\xff") },
    { "a JPEG that is only its start", LITERAL ("\xff\xd8\xff\xe0 a picture") },
    { "a JPEG whose scan comes before its size", LITERAL ("\xff\xd8\xff\xda\x00\x02\xff\xd9") },
    { "a JPEG segment longer than the file", LITERAL ("\xff\xd8\xff\xe0\x40\x00JFIF") },
    { "a PNG without its IHDR", LITERAL ("\x89PNG\r\n\x1a\n\x00\x00\x00\x00IEND\xae\x42\x60\x82") },
    { "a PNG's first four bytes", LITERAL ("\x89PNG a picture") },
  };

  /* The simulator's snapshot and a map tile: their sizes, as the decoder will read them. */
  g_assert_true (check (camera, YZ_PICTURE_MAX_PIXELS, &width, &height, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (width, ==, 768);
  g_assert_cmpuint (height, ==, 432);
  g_assert_true (check (tile, YZ_TILE_MAX_PIXELS, &width, &height, &error));
  g_assert_cmpuint (width, ==, 256);
  g_assert_cmpuint (height, ==, 256);

  /* Too many pixels, however few bytes: refused with the size it declared. */
  g_assert_false (check (huge_jpeg, YZ_PICTURE_MAX_PIXELS, NULL, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_assert_nonnull (strstr (error->message, "30000"));
  g_clear_error (&error);
  g_assert_false (check (huge_png, YZ_PICTURE_MAX_PIXELS, NULL, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_clear_error (&error);
  g_assert_false (check (wide, YZ_PICTURE_MAX_PIXELS, NULL, NULL, &error));
  g_clear_error (&error);
  g_assert_false (check (empty, YZ_PICTURE_MAX_PIXELS, NULL, NULL, &error));
  g_clear_error (&error);
  /* A tile is held to a tile's size. */
  g_assert_false (check (camera, 512 * 256, NULL, NULL, &error));
  g_clear_error (&error);

  /* Over the size in bytes. */
  g_assert_false (yz_picture_check (g_bytes_get_data (camera, NULL), g_bytes_get_size (camera),
                                    1024, YZ_PICTURE_MAX_PIXELS, NULL, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_clear_error (&error);

  /* Anything else, or a header the check cannot read, never reaches a decoder. */
  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_test_message ("%s", refused[i].what);
      g_assert_false (yz_picture_check ((const guint8 *)refused[i].data, refused[i].length,
                                        YZ_PICTURE_MAX_BYTES, YZ_PICTURE_MAX_PIXELS, NULL, NULL,
                                        &error));
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
      g_assert_true (g_utf8_validate (error->message, -1, NULL));
      g_clear_error (&error);
    }
}

/* ---- from a gateway ---- */

typedef struct
{
  SoupServer *server;
  char *base_url;
  GBytes *picture;
} Gateway;

static void
picture_cb (SoupServer *server, SoupServerMessage *msg, const char *path, GHashTable *query,
            gpointer user_data)
{
  Gateway *gateway = user_data;

  soup_server_message_set_response (msg, "image/jpeg", SOUP_MEMORY_COPY,
                                    g_bytes_get_data (gateway->picture, NULL),
                                    g_bytes_get_size (gateway->picture));
  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
}

/* A gateway on 127.0.0.1 that answers every snapshot and camera picture with its picture. */
static void
gateway_start (Gateway *gateway)
{

  gateway->server = yz_test_loopback_server_new (&gateway->base_url);
  soup_server_add_handler (gateway->server, "/api/v1/snapshots", picture_cb, gateway, NULL);
  soup_server_add_handler (gateway->server, "/api/v1/cameras", picture_cb, gateway, NULL);
}

static void
gateway_stop (Gateway *gateway)
{
  soup_server_disconnect (gateway->server);
  g_object_unref (gateway->server);
  g_free (gateway->base_url);
  g_clear_pointer (&gateway->picture, g_bytes_unref);
}

typedef struct
{
  GAsyncResult *result;
} Done;

static void
done_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  ((Done *)user_data)->result = g_object_ref (result);
}

static gboolean
is_done (gpointer user_data)
{
  return ((Done *)user_data)->result != NULL;
}

/* The picture @gateway serves, fetched as an entry's snapshot and as a camera's. */
static void
fetch_both (Gateway *gateway, GBytes **snapshot, GError **snapshot_error, GBytes **camera,
            GError **camera_error)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(YzGatewayBackend) backend =
      yz_gateway_backend_new (gateway->base_url, NULL, NULL, &error);
  Done done = { 0 };

  g_assert_no_error (error);
  yz_gateway_backend_set_token (backend, "t-picture");

  yz_backend_fetch_snapshot_async (YZ_BACKEND (backend), "s-000001", NULL, done_cb, &done);
  g_assert_true (yz_test_wait (is_done, &done, 20000));
  *snapshot = yz_backend_fetch_snapshot_finish (YZ_BACKEND (backend), done.result, snapshot_error);
  g_clear_object (&done.result);

  yz_backend_fetch_camera_snapshot_async (YZ_BACKEND (backend), "hz-0001-cam1", NULL, done_cb,
                                          &done);
  g_assert_true (yz_test_wait (is_done, &done, 20000));
  *camera =
      yz_backend_fetch_camera_snapshot_finish (YZ_BACKEND (backend), done.result, camera_error);
  g_clear_object (&done.result);
}

static void
test_picture_gateway (void)
{
  Gateway gateway = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) camera = seed ("sim-camera.jpg");

  gateway_start (&gateway);

  /* The simulator's picture comes through as it was sent. */
  {
    g_autoptr(GBytes) snapshot = NULL;
    g_autoptr(GBytes) picture = NULL;
    g_autoptr(GError) camera_error = NULL;

    gateway.picture = g_bytes_ref (camera);
    fetch_both (&gateway, &snapshot, &error, &picture, &camera_error);
    g_assert_no_error (error);
    g_assert_no_error (camera_error);
    g_assert_true (g_bytes_equal (snapshot, camera));
    g_assert_true (g_bytes_equal (picture, camera));
    g_clear_pointer (&gateway.picture, g_bytes_unref);
  }

  /* The same picture declaring 30,000 × 30,000 pixels: a bad reply, from either route. */
  {
    g_autoptr(GBytes) snapshot = NULL;
    g_autoptr(GBytes) picture = NULL;
    g_autoptr(GError) camera_error = NULL;

    gateway.picture = resized (camera, 30000, 30000);
    fetch_both (&gateway, &snapshot, &error, &picture, &camera_error);
    g_assert_null (snapshot);
    g_assert_error (error, YZ_BACKEND_ERROR, YZ_BACKEND_ERROR_BAD_REPLY);
    g_test_message ("%s", error->message);
    g_assert_nonnull (strstr (error->message, "30000"));
    g_assert_null (picture);
    g_assert_error (camera_error, YZ_BACKEND_ERROR, YZ_BACKEND_ERROR_BAD_REPLY);
    g_clear_error (&error);
    g_clear_pointer (&gateway.picture, g_bytes_unref);
  }

  gateway_stop (&gateway);
}

/* ---- from an MBTiles file ---- */

static void
add_tile (sqlite3 *db, int z, int x, int y, GBytes *data)
{
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (
      sqlite3_prepare_v2 (db, "INSERT INTO tiles VALUES (?1, ?2, ?3, ?4)", -1, &stmt, NULL), ==,
      SQLITE_OK);
  sqlite3_bind_int (stmt, 1, z);
  sqlite3_bind_int (stmt, 2, x);
  sqlite3_bind_int (stmt, 3, ((1 << z) - 1) - y);
  sqlite3_bind_blob (stmt, 4, g_bytes_get_data (data, NULL), g_bytes_get_size (data),
                     SQLITE_TRANSIENT);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
  sqlite3_finalize (stmt);
}

static void
test_picture_mbtiles (void)
{
  g_autofree char *dir = g_dir_make_tmp ("yizhan-picture-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "city.mbtiles", NULL);
  g_autoptr(GBytes) tile = seed ("tile-256.png");
  g_autoptr(GBytes) huge = resized (tile, 30000, 30000);
  g_autoptr(GBytes) big = resized (tile, 2048, 2048);
  g_autoptr(GBytes) xpm =
      g_bytes_new_static (LITERAL ("/* XPM */\nstatic char *x[] = {\"1 1 1 1\"};"));
  g_autoptr(YzTileCache) cache = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) read = NULL;
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db,
                                 "CREATE TABLE tiles (zoom_level INTEGER, tile_column INTEGER,"
                                 " tile_row INTEGER, tile_data BLOB)",
                                 NULL, NULL, NULL),
                   ==, SQLITE_OK);
  add_tile (db, 1, 0, 0, tile);
  add_tile (db, 1, 1, 0, huge);
  add_tile (db, 1, 0, 1, big);
  add_tile (db, 1, 1, 1, xpm);
  sqlite3_close (db);

  cache = yz_tile_cache_open (path, &error);
  g_assert_no_error (error);

  read = yz_tile_cache_read (cache, 0, 0, 1, &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (read, tile));
  g_clear_pointer (&read, g_bytes_unref);

  /* A tile declaring 30,000 × 30,000 pixels, one of 2048 × 2048 (the map decodes dozens at
   * once) and an XPM (which GTK would hand to gdk-pixbuf's loaders) stay in the file, each
   * with its reason. */
  read = yz_tile_cache_read (cache, 1, 0, 1, &error);
  g_assert_null (read);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_clear_error (&error);
  read = yz_tile_cache_read (cache, 0, 1, 1, &error);
  g_assert_null (read);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_clear_error (&error);
  read = yz_tile_cache_read (cache, 1, 1, 1, &error);
  g_assert_null (read);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_test_message ("%s", error->message);
  g_clear_error (&error);

  /* A tile the file lacks is still just missing. */
  read = yz_tile_cache_read (cache, 5, 5, 3, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);

  g_clear_pointer (&cache, yz_tile_cache_free);
  g_unlink (path);
  g_rmdir (dir);
}

/* ---- from the snapshot cache ---- */

/* A bomb kept on disk by a version that took it (or put there by someone else) is dropped
 * as it is read and fetched anew from the gateway; a good picture is served from the disk. */
static void
test_picture_cache (void)
{
  Gateway gateway = { 0 };
  g_autofree char *dir = g_dir_make_tmp ("yizhan-picture-XXXXXX", NULL);
  g_autofree char *good_path = g_build_filename (dir, "s-000001.jpg", NULL);
  g_autofree char *bomb_path = g_build_filename (dir, "s-000002.jpg", NULL);
  g_autoptr(GBytes) small = seed ("sim-camera-64x36.jpg");
  g_autoptr(GBytes) camera = seed ("sim-camera.jpg");
  g_autoptr(GBytes) bomb = resized (camera, 30000, 30000);
  g_autoptr(YzGatewayBackend) backend = NULL;
  g_autoptr(YzSnapshotCache) cache = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *on_disk = NULL;
  gsize length = 0;
  Done done = { 0 };

  gateway_start (&gateway);
  gateway.picture = g_bytes_ref (camera);
  backend = yz_gateway_backend_new (gateway.base_url, NULL, NULL, &error);
  g_assert_no_error (error);
  yz_gateway_backend_set_token (backend, "t-picture");

  g_assert_true (g_file_set_contents (good_path, g_bytes_get_data (small, NULL),
                                      g_bytes_get_size (small), NULL));
  g_assert_true (g_file_set_contents (bomb_path, g_bytes_get_data (bomb, NULL),
                                      g_bytes_get_size (bomb), NULL));
  cache = yz_snapshot_cache_new (dir, 64 * 1024 * 1024);
  g_assert_cmpuint (yz_snapshot_cache_get_n_files (cache), ==, 2);

  /* The good one from the disk (the gateway would have sent the larger picture). */
  {
    g_autoptr(GBytes) picture = NULL;

    yz_snapshot_cache_fetch_async (cache, YZ_BACKEND (backend), NULL, "s-000001", NULL, done_cb,
                                   &done);
    g_assert_true (yz_test_wait (is_done, &done, 20000));
    picture = yz_snapshot_cache_fetch_finish (done.result, &error);
    g_assert_no_error (error);
    g_assert_true (g_bytes_equal (picture, small));
    g_clear_object (&done.result);
  }

  /* The bomb is not handed out: the gateway's picture is, and replaces it on the disk. */
  {
    g_autoptr(GBytes) picture = NULL;

    g_test_expect_message ("yz-snapshot-cache", G_LOG_LEVEL_MESSAGE, "*s-000002*30000*");
    yz_snapshot_cache_fetch_async (cache, YZ_BACKEND (backend), NULL, "s-000002", NULL, done_cb,
                                   &done);
    g_assert_true (yz_test_wait (is_done, &done, 20000));
    g_test_assert_expected_messages ();
    picture = yz_snapshot_cache_fetch_finish (done.result, &error);
    g_assert_no_error (error);
    g_assert_true (g_bytes_equal (picture, camera));
    g_clear_object (&done.result);
  }
  g_assert_true (g_file_get_contents (bomb_path, &on_disk, &length, NULL));
  g_assert_cmpmem (on_disk, length, g_bytes_get_data (camera, NULL), g_bytes_get_size (camera));
  g_assert_cmpuint (yz_snapshot_cache_get_n_files (cache), ==, 2);
  g_assert_cmpuint (yz_snapshot_cache_get_size (cache), ==,
                    g_bytes_get_size (small) + g_bytes_get_size (camera));

  g_clear_pointer (&cache, yz_snapshot_cache_free);
  g_clear_object (&backend);
  gateway_stop (&gateway);
  g_unlink (good_path);
  g_unlink (bomb_path);
  g_rmdir (dir);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/yizhan/picture/check", test_picture_check);
  g_test_add_func ("/yizhan/picture/gateway", test_picture_gateway);
  g_test_add_func ("/yizhan/picture/mbtiles", test_picture_mbtiles);
  g_test_add_func ("/yizhan/picture/cache", test_picture_cache);

  return g_test_run ();
}
