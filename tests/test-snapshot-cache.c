/* test-snapshot-cache.c — the on-disk snapshot cache: size limit, least recently used out,
 * order kept across a restart, names only from checked ids.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <sys/stat.h>

#include "yz-snapshot-cache.h"

static GBytes *
blob (char fill, gsize size)
{
  char *data = g_malloc (size);

  memset (data, fill, size);

  return g_bytes_new_take (data, size);
}

static gboolean
cached (YzSnapshotCache *cache, const char *id)
{
  g_autoptr(GBytes) bytes = yz_snapshot_cache_lookup (cache, id);

  return bytes != NULL;
}

static void
test_cache_lru (void)
{
  g_autofree char *dir = g_build_filename (g_get_user_cache_dir (), "lru", NULL);
  g_autoptr(YzSnapshotCache) cache = yz_snapshot_cache_new (dir, 1000);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) a = blob ('a', 400);
  g_autoptr(GBytes) b = blob ('b', 400);
  g_autoptr(GBytes) c = blob ('c', 400);
  g_autoptr(GBytes) back = NULL;

  g_assert_true (yz_snapshot_cache_store (cache, "s-1", a, &error));
  g_assert_true (yz_snapshot_cache_store (cache, "s-2", b, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (yz_snapshot_cache_get_size (cache), ==, 800);

  /* s-1 is used again, so s-2 is the least recently used when s-3 needs room. */
  back = yz_snapshot_cache_lookup (cache, "s-1");
  g_assert_nonnull (back);
  g_assert_true (g_bytes_equal (back, a));
  g_assert_true (yz_snapshot_cache_store (cache, "s-3", c, &error));
  g_assert_cmpuint (yz_snapshot_cache_get_n_files (cache), ==, 2);
  g_assert_cmpuint (yz_snapshot_cache_get_size (cache), <=, 1000);
  g_assert_true (cached (cache, "s-1"));
  g_assert_false (cached (cache, "s-2"));
  g_assert_true (cached (cache, "s-3"));

  /* The evicted file is gone from the disk too. */
  {
    g_autofree char *gone = g_build_filename (dir, "s-2.jpg", NULL);
    g_autofree char *kept = g_build_filename (dir, "s-3.jpg", NULL);

    g_assert_false (g_file_test (gone, G_FILE_TEST_EXISTS));
    g_assert_true (g_file_test (kept, G_FILE_TEST_EXISTS));
  }

  /* Replacing a picture counts its size once. */
  g_assert_true (yz_snapshot_cache_store (cache, "s-3", b, &error));
  g_assert_cmpuint (yz_snapshot_cache_get_size (cache), ==, 800);
}

static void
test_cache_restart (void)
{
  g_autofree char *dir = g_build_filename (g_get_user_cache_dir (), "restart", NULL);
  g_autoptr(YzSnapshotCache) cache = yz_snapshot_cache_new (dir, 10000);
  g_autoptr(GBytes) a = blob ('a', 300);
  g_autofree char *stray = g_build_filename (dir, "notes.txt", NULL);

  g_assert_true (yz_snapshot_cache_store (cache, "s-10", a, NULL));
  g_assert_true (yz_snapshot_cache_store (cache, "s-11", a, NULL));
  g_assert_true (g_file_set_contents (stray, "not a snapshot", -1, NULL));
  g_clear_pointer (&cache, yz_snapshot_cache_free);

  /* A new console finds what the last one kept, and nothing else. */
  cache = yz_snapshot_cache_new (dir, 10000);
  g_assert_cmpuint (yz_snapshot_cache_get_n_files (cache), ==, 2);
  g_assert_cmpuint (yz_snapshot_cache_get_size (cache), ==, 600);
  g_assert_true (cached (cache, "s-10"));
  g_clear_pointer (&cache, yz_snapshot_cache_free);

  /* A smaller limit evicts on the next store, never the picture just stored. */
  cache = yz_snapshot_cache_new (dir, 700);
  g_assert_true (yz_snapshot_cache_store (cache, "s-12", a, NULL));
  g_assert_cmpuint (yz_snapshot_cache_get_size (cache), <=, 700);
  g_assert_true (cached (cache, "s-12"));
}

static void
test_cache_bad_ids (void)
{
  g_autofree char *root = g_build_filename (g_get_user_cache_dir (), "ids", NULL);
  g_autofree char *dir = g_build_filename (root, "snapshots", NULL);
  g_autoptr(YzSnapshotCache) cache = yz_snapshot_cache_new (dir, 10000);
  g_autoptr(GBytes) a = blob ('a', 10);
  const char *bad[] = { "", "../escape", "a/b", "..", ".hidden", "s 1", "s-1\n", "/etc/passwd" };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_false (yz_snapshot_cache_store (cache, bad[i], a, &error));
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_FILENAME);
      g_assert_false (cached (cache, bad[i]));
    }
  g_assert_cmpuint (yz_snapshot_cache_get_n_files (cache), ==, 0);

  /* Nothing was written beside the cache directory. */
  {
    g_autofree char *escaped = g_build_filename (root, "escape.jpg", NULL);

    g_assert_false (g_file_test (escaped, G_FILE_TEST_EXISTS));
  }
}

static int
file_mode (const char *path)
{
  GStatBuf st;

  g_assert_cmpint (g_stat (path, &st), ==, 0);

  return st.st_mode & 07777;
}

/* The pictures are the user's alone, whatever the umask; a cache left open to others by an
 * older version is tightened when it is opened. */
static void
test_cache_private (void)
{
  g_autofree char *dir = g_build_filename (g_get_user_cache_dir (), "private", NULL);
  g_autofree char *old_dir = g_build_filename (g_get_user_cache_dir (), "old", NULL);
  g_autofree char *file = g_build_filename (dir, "s-1.jpg", NULL);
  g_autofree char *old_file = g_build_filename (old_dir, "s-2.jpg", NULL);
  g_autoptr(YzSnapshotCache) cache = NULL;
  g_autoptr(GBytes) a = blob ('a', 10);
  mode_t saved = umask (022);

  cache = yz_snapshot_cache_new (dir, 10000);
  g_assert_true (yz_snapshot_cache_store (cache, "s-1", a, NULL));
  g_assert_cmpint (file_mode (dir), ==, 0700);
  g_assert_cmpint (file_mode (file), ==, 0600);
  g_clear_pointer (&cache, yz_snapshot_cache_free);

  g_assert_cmpint (g_mkdir_with_parents (old_dir, 0755), ==, 0);
  g_assert_true (g_file_set_contents (old_file, "picture", -1, NULL));
  g_assert_cmpint (g_chmod (old_file, 0644), ==, 0);
  g_test_expect_message ("yz-snapshot-cache", G_LOG_LEVEL_MESSAGE, "*old was readable*0755*");
  g_test_expect_message ("yz-snapshot-cache", G_LOG_LEVEL_MESSAGE, "*s-2.jpg was readable*0644*");
  cache = yz_snapshot_cache_new (old_dir, 10000);
  g_test_assert_expected_messages ();
  g_assert_cmpint (file_mode (old_dir), ==, 0700);
  g_assert_cmpint (file_mode (old_file), ==, 0600);
  g_assert_true (cached (cache, "s-2"));
  umask (saved);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/yizhan/snapshot-cache/lru", test_cache_lru);
  g_test_add_func ("/yizhan/snapshot-cache/restart", test_cache_restart);
  g_test_add_func ("/yizhan/snapshot-cache/bad-ids", test_cache_bad_ids);
  g_test_add_func ("/yizhan/snapshot-cache/private", test_cache_private);

  return g_test_run ();
}
