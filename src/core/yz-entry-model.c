/* yz-entry-model.c
 *
 * A GListModel over the entries table, newest first, that holds only the pages the view
 * asks for. A page is read by keyset (after the last row of the page before it) when that
 * page is at hand, else by OFFSET over the (time, id) index; at most MAX_PAGES are kept.
 * So a million entries open at once and scroll like ten.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "yz-entry-model"

#include "config.h"

#include <string.h>

#include "yz-entry-model.h"
#include "yz-items-private.h"
#include "yz-store-private.h"

#define PAGE_SIZE 128
#define MAX_PAGES 32

struct _YzEntryModel
{
  GObject      parent_instance;

  YzStore     *store;
  guint        n_items;
  GHashTable  *pages;        /* page number -> GPtrArray of YzEntry */
  GQueue       lru;          /* page numbers, most recent first */
  guint        n_queries;

  char        *station_id;
  gint64       from;
  gint64       to;
  char        *result;
  char        *person;
  char        *method;
  char        *where;        /* the filter as SQL, with ?1..?5 */
};

static void yz_entry_model_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (YzEntryModel, yz_entry_model, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, yz_entry_model_list_model_init))

#define COLUMNS "id, station_id, door_id, time, person_id, person_name, occupation, method, result, snapshot_id"

static void
bind_filter (YzEntryModel *self,
             sqlite3_stmt *stmt)
{
  if (self->station_id)
    sqlite3_bind_text (stmt, 1, self->station_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, self->from);
  sqlite3_bind_int64 (stmt, 3, self->to);
  if (self->result)
    sqlite3_bind_text (stmt, 4, self->result, -1, SQLITE_TRANSIENT);
  if (self->person)
    {
      g_autofree char *like = g_strdup_printf ("%%%s%%", self->person);

      sqlite3_bind_text (stmt, 5, like, -1, SQLITE_TRANSIENT);
    }
  if (self->method)
    sqlite3_bind_text (stmt, 9, self->method, -1, SQLITE_TRANSIENT);
}

static void
rebuild_where (YzEntryModel *self)
{
  /* Only the filters in use: a bare count(*) runs on the smallest index, while an
   * open-ended time range still scans all of it (40 ms for a million rows). */
  GString *where = g_string_new ("1");

  if (self->from != G_MININT64)
    g_string_append (where, " AND time >= ?2");
  if (self->to != G_MAXINT64)
    g_string_append (where, " AND time < ?3");
  if (self->station_id)
    g_string_append (where, " AND station_id = ?1");
  if (self->result)
    g_string_append (where, " AND result = ?4");
  if (self->person)
    g_string_append (where, " AND (person_name LIKE ?5 OR person_id LIKE ?5)");
  if (self->method)
    g_string_append (where, " AND method = ?9");
  g_free (self->where);
  self->where = g_string_free (where, FALSE);
}

static guint
count_rows (YzEntryModel *self)
{
  g_autofree char *sql = NULL;
  g_autoptr(GError) error = NULL;
  sqlite3_stmt *stmt;
  guint n = 0;

  if (self->store == NULL)
    return 0;
  sql = g_strdup_printf ("SELECT count(*) FROM entries WHERE %s", self->where);
  stmt = yz_store_prepare (self->store, sql, &error);
  if (stmt == NULL)
    {
      g_warning ("Cannot count entries: %s", error->message);
      return 0;
    }
  bind_filter (self, stmt);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    n = (guint)sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  self->n_queries++;

  return n;
}

static void
drop_pages (YzEntryModel *self)
{
  g_hash_table_remove_all (self->pages);
  g_queue_clear (&self->lru);
}

static const char *
column_text (sqlite3_stmt *stmt,
             int           column)
{
  return (const char *)sqlite3_column_text (stmt, column);
}

static GPtrArray *
load_page (YzEntryModel *self,
           guint         page)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *sql = NULL;
  GPtrArray *before = g_hash_table_lookup (self->pages, GUINT_TO_POINTER (page - 1));
  GPtrArray *rows = g_ptr_array_new_with_free_func (g_object_unref);
  sqlite3_stmt *stmt;

  if (page > 0 && before != NULL && before->len == PAGE_SIZE)
    sql = g_strdup_printf ("SELECT " COLUMNS " FROM entries WHERE %s AND (time < ?6 OR (time = ?6 AND id < ?7))"
                           " ORDER BY time DESC, id DESC LIMIT %d", self->where, PAGE_SIZE);
  else
    sql = g_strdup_printf ("SELECT " COLUMNS " FROM entries WHERE %s"
                           " ORDER BY time DESC, id DESC LIMIT %d OFFSET ?8", self->where, PAGE_SIZE);

  stmt = yz_store_prepare (self->store, sql, &error);
  if (stmt == NULL)
    {
      g_warning ("Cannot read entries: %s", error->message);
      return rows;
    }
  bind_filter (self, stmt);
  if (page > 0 && before != NULL && before->len == PAGE_SIZE)
    {
      YzEntry *last = g_ptr_array_index (before, before->len - 1);

      sqlite3_bind_int64 (stmt, 6, yz_entry_get_time (last));
      sqlite3_bind_text (stmt, 7, yz_entry_get_id (last), -1, SQLITE_TRANSIENT);
    }
  else
    {
      sqlite3_bind_int64 (stmt, 8, (gint64)page * PAGE_SIZE);
    }

  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      YzEntryData data = {
        .id = (char *)column_text (stmt, 0),
        .station_id = (char *)column_text (stmt, 1),
        .door_id = (char *)column_text (stmt, 2),
        .time = sqlite3_column_int64 (stmt, 3),
        .person_id = (char *)column_text (stmt, 4),
        .person_name = (char *)column_text (stmt, 5),
        .occupation = column_text (stmt, 6),
        .method = column_text (stmt, 7),
        .result = column_text (stmt, 8),
        .snapshot_id = (char *)column_text (stmt, 9),
      };

      g_ptr_array_add (rows, yz_entry_new (&data));
    }
  sqlite3_reset (stmt);
  self->n_queries++;

  return rows;
}

static GType
get_item_type (GListModel *model)
{
  return YZ_TYPE_ENTRY;
}

static guint
get_n_items (GListModel *model)
{
  return YZ_ENTRY_MODEL (model)->n_items;
}

static gpointer
get_item (GListModel *model,
          guint       position)
{
  YzEntryModel *self = YZ_ENTRY_MODEL (model);
  guint page = position / PAGE_SIZE;
  GPtrArray *rows;

  if (position >= self->n_items)
    return NULL;

  rows = g_hash_table_lookup (self->pages, GUINT_TO_POINTER (page));
  if (rows == NULL)
    {
      rows = load_page (self, page);
      g_hash_table_insert (self->pages, GUINT_TO_POINTER (page), rows);
      g_queue_push_head (&self->lru, GUINT_TO_POINTER (page));
      while (self->lru.length > MAX_PAGES)
        g_hash_table_remove (self->pages, g_queue_pop_tail (&self->lru));
    }
  else if (self->lru.head->data != GUINT_TO_POINTER (page))
    {
      g_queue_remove (&self->lru, GUINT_TO_POINTER (page));
      g_queue_push_head (&self->lru, GUINT_TO_POINTER (page));
    }

  if (position % PAGE_SIZE >= rows->len)
    return NULL;

  return g_object_ref (g_ptr_array_index (rows, position % PAGE_SIZE));
}

static void
yz_entry_model_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = get_item_type;
  iface->get_n_items = get_n_items;
  iface->get_item = get_item;
}

static void
yz_entry_model_finalize (GObject *object)
{
  YzEntryModel *self = YZ_ENTRY_MODEL (object);

  g_clear_object (&self->store);
  g_hash_table_unref (self->pages);
  g_queue_clear (&self->lru);
  g_free (self->station_id);
  g_free (self->result);
  g_free (self->person);
  g_free (self->method);
  g_free (self->where);

  G_OBJECT_CLASS (yz_entry_model_parent_class)->finalize (object);
}

static void
yz_entry_model_class_init (YzEntryModelClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = yz_entry_model_finalize;
}

static void
yz_entry_model_init (YzEntryModel *self)
{
  self->pages = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify)g_ptr_array_unref);
  self->from = G_MININT64;
  self->to = G_MAXINT64;
  rebuild_where (self);
}

/**
 * yz_entry_model_new:
 * @store: (nullable): without a store the model stays empty
 */
YzEntryModel *
yz_entry_model_new (YzStore *store)
{
  YzEntryModel *self = g_object_new (YZ_TYPE_ENTRY_MODEL, NULL);

  if (store != NULL)
    self->store = g_object_ref (store);
  self->n_items = count_rows (self);

  return self;
}

/* Counts again and tells the view everything changed: after a filter change or a resync. */
void
yz_entry_model_reload (YzEntryModel *self)
{
  guint old = self->n_items;

  drop_pages (self);
  self->n_items = count_rows (self);
  g_list_model_items_changed (G_LIST_MODEL (self), 0, old, self->n_items);
}

/**
 * yz_entry_model_set_method:
 * @method: (nullable): `face`, `qr`, `card`, `id-card`, or all
 *
 * One more filter, kept apart from yz_entry_model_set_filter()'s five.
 */
void
yz_entry_model_set_method (YzEntryModel *self,
                           const char   *method)
{
  g_return_if_fail (YZ_IS_ENTRY_MODEL (self));

  g_free (self->method);
  self->method = method && *method ? g_strdup (method) : NULL;
  rebuild_where (self);
  yz_entry_model_reload (self);
}

/**
 * yz_entry_model_set_filter:
 * @station_id: (nullable): one station, or all
 * @from: the first time (ms) included, or %G_MININT64
 * @to: the first time (ms) excluded, or %G_MAXINT64
 * @result: (nullable): `granted`, `denied` or `stranger`, or all
 * @person: (nullable): part of a person's name or id
 */
void
yz_entry_model_set_filter (YzEntryModel *self,
                           const char   *station_id,
                           gint64        from,
                           gint64        to,
                           const char   *result,
                           const char   *person)
{
  g_return_if_fail (YZ_IS_ENTRY_MODEL (self));

  g_free (self->station_id);
  self->station_id = station_id && *station_id ? g_strdup (station_id) : NULL;
  self->from = from;
  self->to = to;
  g_free (self->result);
  self->result = result && *result ? g_strdup (result) : NULL;
  g_free (self->person);
  self->person = person && *person ? g_strdup (person) : NULL;
  rebuild_where (self);
  yz_entry_model_reload (self);
}

static gboolean
matches (YzEntryModel      *self,
         const YzEntryData *entry)
{
  return (self->station_id == NULL || g_strcmp0 (self->station_id, entry->station_id) == 0) &&
         entry->time >= self->from && entry->time < self->to &&
         (self->result == NULL || g_strcmp0 (self->result, entry->result) == 0) &&
         (self->method == NULL || g_strcmp0 (self->method, entry->method) == 0) &&
         (self->person == NULL ||
          (entry->person_name && strstr (entry->person_name, self->person)) ||
          (entry->person_id && strstr (entry->person_id, self->person)));
}

/**
 * yz_entry_model_added:
 * @entries: (element-type YzEntryData): entries just written to the store
 *
 * Called by the session after each batch. New entries are normally the newest: they are
 * inserted at the top without touching the rest. Anything else recounts.
 */
void
yz_entry_model_added (YzEntryModel *self,
                      GPtrArray    *entries)
{
  guint n_new = 0;
  gboolean all_newest = TRUE;
  gint64 top_time = G_MININT64;
  g_autoptr(YzEntry) top = NULL;

  if (self->n_items > 0)
    {
      top = get_item (G_LIST_MODEL (self), 0);
      if (top != NULL)
        top_time = yz_entry_get_time (top);
    }

  for (guint i = 0; i < entries->len; i++)
    {
      const YzEntryData *entry = g_ptr_array_index (entries, i);

      if (!matches (self, entry))
        continue;
      n_new++;
      if (top != NULL &&
          (entry->time < top_time ||
           (entry->time == top_time && g_strcmp0 (entry->id, yz_entry_get_id (top)) <= 0)))
        all_newest = FALSE;
    }
  if (n_new == 0)
    return;

  if (!all_newest)
    {
      yz_entry_model_reload (self);
      return;
    }

  drop_pages (self);
  self->n_items += n_new;
  g_list_model_items_changed (G_LIST_MODEL (self), 0, 0, n_new);
}

/* For tests and benchmarks: how many SQL queries the model has made. */
guint
yz_entry_model_get_n_queries (YzEntryModel *self)
{
  return self->n_queries;
}
