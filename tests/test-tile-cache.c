/* test-tile-cache.c — an MBTiles file from outside (yz-tile-cache.c): a damaged one is
 * refused with a reason that can be shown. Tiles that are no pictures are in test-picture.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "yz-tile-cache.h"

/* A file whose damaged schema names an object with bytes that are not UTF-8: SQLite quotes
 * them in its reason, which Preferences shows. Found by fuzz-mbtiles (its corpus holds the
 * input: a first byte, then the file). */
static void
test_tile_cache_damaged_schema (void)
{
  g_autofree char *found = g_test_build_filename (G_TEST_DIST, "fuzz", "corpus-mbtiles",
                                                  "found-schema-error-not-utf8", NULL);
  g_autofree char *dir = g_dir_make_tmp ("yizhan-tiles-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "城市.mbtiles", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(YzTileCache) cache = NULL;
  gsize length = 0;

  g_assert_true (g_file_get_contents (found, &contents, &length, NULL));
  g_assert_true (g_file_set_contents (path, contents + 1, length - 1, NULL));

  cache = yz_tile_cache_open (path, &error);
  g_assert_null (cache);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_test_message ("%s", error->message);
  g_assert_true (g_utf8_validate (error->message, -1, NULL));
  g_assert_nonnull (strstr (error->message, "城市.mbtiles"));
  g_assert_nonnull (strstr (error->message, "malformed"));

  g_unlink (path);
  g_rmdir (dir);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/yizhan/tile-cache/damaged-schema", test_tile_cache_damaged_schema);

  return g_test_run ();
}
