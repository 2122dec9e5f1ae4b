/* yz-snapshot-cache.c
 *
 * Entry and alarm pictures on disk under the cache dir, fetched once, kept within a size
 * limit; the least recently used go first. A file's name is the snapshot id (checked
 * against the id syntax here again) plus ".jpg": nothing from the wire becomes a path.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "yz-snapshot-cache"

#include "config.h"

#include <errno.h>
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <utime.h>
#include <string.h>

#include "yz-event.h"
#include "yz-picture.h"
#include "yz-snapshot-cache.h"

typedef struct
{
  guint64 size;
  gint64 used; /* monotonic counter of the last use */
} Item;

struct _YzSnapshotCache
{
  char *dir;
  guint64 max_bytes;
  guint64 size;
  gint64 clock;
  GHashTable *items; /* id -> Item */
};

char *
yz_snapshot_cache_default_dir (void)
{
  return g_build_filename (g_get_user_cache_dir (), "yizhan", "snapshots", NULL);
}

/* The pictures are the user's alone: a directory or file found readable by others (an older
 * version, a copied profile) is tightened, and the log says so. */
static void
restrict_mode (const char *path, int mode)
{
  GStatBuf st;

  if (g_stat (path, &st) != 0 || (st.st_mode & 0077) == 0)
    return;
  if (g_chmod (path, mode) != 0)
    g_warning ("Cannot restrict the permissions of %s: %s", path, g_strerror (errno));
  else
    g_message ("%s was readable by others (mode %04o); now only by its owner (%04o)", path,
               (unsigned)(st.st_mode & 07777), (unsigned)mode);
}

/**
 * yz_snapshot_cache_new:
 *
 * Opens (and creates) the cache in @dir. Files already there count, oldest first by
 * modification time.
 */
YzSnapshotCache *
yz_snapshot_cache_new (const char *dir, guint64 max_bytes)
{
  YzSnapshotCache *self = g_new0 (YzSnapshotCache, 1);
  g_autoptr(GDir) listing = NULL;
  g_autoptr(GPtrArray) found = g_ptr_array_new ();
  const char *name;

  self->dir = g_strdup (dir);
  self->max_bytes = max_bytes;
  self->items = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  if (g_mkdir_with_parents (dir, 0700) != 0)
    g_warning ("Cannot create the snapshot cache %s: %s", dir, g_strerror (errno));
  restrict_mode (dir, 0700);

  listing = g_dir_open (dir, 0, NULL);
  while (listing != NULL && (name = g_dir_read_name (listing)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autofree char *id = NULL;
      GStatBuf st;
      Item *item;

      if (!g_str_has_suffix (name, ".jpg") || g_stat (path, &st) != 0)
        continue;
      id = g_strndup (name, strlen (name) - 4);
      if (!yz_is_id (id))
        continue;
      restrict_mode (path, 0600);
      item = g_new0 (Item, 1);
      item->size = st.st_size;
      item->used = st.st_mtime;
      self->size += item->size;
      g_hash_table_insert (self->items, g_steal_pointer (&id), item);
    }
  /* Uses from now on rank after every file found. */
  {
    GHashTableIter iter;
    gpointer value;

    g_hash_table_iter_init (&iter, self->items);
    while (g_hash_table_iter_next (&iter, NULL, &value))
      self->clock = MAX (self->clock, ((Item *)value)->used);
  }

  return self;
}

void
yz_snapshot_cache_free (YzSnapshotCache *self)
{
  if (self == NULL)
    return;
  g_hash_table_unref (self->items);
  g_free (self->dir);
  g_free (self);
}

static char *
path_for (YzSnapshotCache *self, const char *id)
{
  g_autofree char *name = g_strconcat (id, ".jpg", NULL);

  return g_build_filename (self->dir, name, NULL);
}

static void
evict (YzSnapshotCache *self)
{
  while (self->size > self->max_bytes && g_hash_table_size (self->items) > 0)
    {
      GHashTableIter iter;
      gpointer key, value;
      const char *oldest = NULL;
      gint64 oldest_used = G_MAXINT64;
      g_autofree char *path = NULL;

      g_hash_table_iter_init (&iter, self->items);
      while (g_hash_table_iter_next (&iter, &key, &value))
        if (((Item *)value)->used < oldest_used)
          {
            oldest = key;
            oldest_used = ((Item *)value)->used;
          }
      path = path_for (self, oldest);
      g_unlink (path);
      self->size -= ((Item *)g_hash_table_lookup (self->items, oldest))->size;
      g_hash_table_remove (self->items, oldest);
    }
}

static void
drop (YzSnapshotCache *self, const char *id)
{
  g_autofree char *path = path_for (self, id);
  Item *item = g_hash_table_lookup (self->items, id);

  g_unlink (path);
  if (item != NULL)
    {
      self->size -= item->size;
      g_hash_table_remove (self->items, id);
    }
}

/* Returns: (transfer full) (nullable): the picture, or %NULL when not cached */
GBytes *
yz_snapshot_cache_lookup (YzSnapshotCache *self, const char *id)
{
  g_autofree char *path = NULL;
  g_autofree char *contents = NULL;
  gsize length = 0;
  Item *item;

  if (!yz_is_id (id) || (item = g_hash_table_lookup (self->items, id)) == NULL)
    return NULL;
  path = path_for (self, id);
  if (!g_file_get_contents (path, &contents, &length, NULL))
    {
      self->size -= item->size;
      g_hash_table_remove (self->items, id);
      return NULL;
    }
  item->used = ++self->clock;
  /* The order survives a restart through the file's time. */
  g_utime (path, NULL);

  return g_bytes_new_take (g_steal_pointer (&contents), length);
}

gboolean
yz_snapshot_cache_store (YzSnapshotCache *self, const char *id, GBytes *bytes, GError **error)
{
  g_autofree char *path = NULL;
  gsize length = 0;
  const char *data = g_bytes_get_data (bytes, &length);
  Item *item;

  if (!yz_is_id (id))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_FILENAME, "“%s” is not a snapshot id", id);
      return FALSE;
    }
  path = path_for (self, id);
  if (!g_file_set_contents_full (path, data, length, G_FILE_SET_CONTENTS_CONSISTENT, 0600, error))
    return FALSE;

  item = g_hash_table_lookup (self->items, id);
  if (item == NULL)
    {
      item = g_new0 (Item, 1);
      g_hash_table_insert (self->items, g_strdup (id), item);
    }
  else
    {
      self->size -= item->size;
    }
  item->size = length;
  item->used = ++self->clock;
  self->size += length;
  evict (self);

  return TRUE;
}

guint64
yz_snapshot_cache_get_size (YzSnapshotCache *self)
{
  return self->size;
}

guint
yz_snapshot_cache_get_n_files (YzSnapshotCache *self)
{
  return g_hash_table_size (self->items);
}

/* ---- fetching through the cache ---- */

typedef struct
{
  YzSnapshotCache *cache; /* owned by the task's source object, which the task holds */
  char *snapshot_id;
} Fetch;

static void
fetch_free (Fetch *fetch)
{
  g_free (fetch->snapshot_id);
  g_free (fetch);
}

static void
snapshot_fetched_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(GTask) task = user_data;
  Fetch *fetch = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = yz_backend_fetch_snapshot_finish (YZ_BACKEND (object), result, &error);
  g_autoptr(GError) cache_error = NULL;

  if (bytes == NULL)
    return g_task_return_error (task, g_steal_pointer (&error));
  if (fetch->cache != NULL &&
      !yz_snapshot_cache_store (fetch->cache, fetch->snapshot_id, bytes, &cache_error))
    g_message ("Cannot cache a snapshot: %s", cache_error->message);
  g_task_return_pointer (task, g_steal_pointer (&bytes), (GDestroyNotify)g_bytes_unref);
}

/**
 * yz_snapshot_cache_fetch_async:
 * @self: (nullable): the cache; without one, every snapshot comes from @backend
 * @source_object: the task's source object (the session), which owns @self
 *
 * A snapshot from the cache, else from the gateway into the cache.
 */
void
yz_snapshot_cache_fetch_async (YzSnapshotCache *self, YzBackend *backend, gpointer source_object,
                               const char *snapshot_id, GCancellable *cancellable,
                               GAsyncReadyCallback callback, gpointer user_data)
{
  g_autoptr(GTask) task = g_task_new (source_object, cancellable, callback, user_data);
  Fetch *fetch = g_new0 (Fetch, 1);
  GBytes *cached;

  g_task_set_source_tag (task, yz_snapshot_cache_fetch_async);
  fetch->cache = self;
  fetch->snapshot_id = g_strdup (snapshot_id);
  g_task_set_task_data (task, fetch, (GDestroyNotify)fetch_free);
  if (self != NULL && (cached = yz_snapshot_cache_lookup (self, snapshot_id)) != NULL)
    {
      g_autoptr(GError) error = NULL;

      /* Checked again as it leaves the disk: a file kept by an older version, which took
       * any size a header declared, or put there by someone else, is dropped and fetched
       * anew. */
      if (yz_picture_check (g_bytes_get_data (cached, NULL), g_bytes_get_size (cached),
                            YZ_PICTURE_MAX_BYTES, YZ_PICTURE_MAX_PIXELS, NULL, NULL, &error))
        return g_task_return_pointer (task, cached, (GDestroyNotify)g_bytes_unref);
      g_message ("The cached snapshot %s is dropped: %s", snapshot_id, error->message);
      g_bytes_unref (cached);
      drop (self, snapshot_id);
    }
  yz_backend_fetch_snapshot_async (backend, snapshot_id, cancellable, snapshot_fetched_cb,
                                   g_steal_pointer (&task));
}

GBytes *
yz_snapshot_cache_fetch_finish (GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (G_IS_TASK (result), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
