/* yz-entry-model.c
 *
 * A GListModel over the entries table, newest first, that holds only the pages the view
 * asks for. A page is read by keyset (after the last row of the page before it) when that
 * page is at hand, else by OFFSET over the (time, id) index; at most MAX_PAGES are kept.
 * So a million entries open at once and scroll like ten.
 *
 * Holding: while the officer looks further down the list, or has the pointer over it, new
 * entries must not push the cards away. In hold mode the model keeps to the rows at or
 * below an anchor (the top row when holding began); rows above it are only counted
 * (`n-held`) until yz_entry_model_set_hold() lets them in, all at once, at the top.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "yz-entry-model"

#include "config.h"

#include <string.h>

#include "yz-entry-model.h"
#include "yz-items-private.h"
#include "yz-record.h"

#define PAGE_SIZE 128
#define MAX_PAGES 32

struct _YzEntryModel
{
  GObject parent_instance;

  YzStore *store;
  guint n_items;
  GHashTable *pages; /* page number -> GPtrArray of YzEntry */
  GQueue lru;        /* page numbers, most recent first */
  guint n_queries;

  char *station_id;
  gint64 from;
  gint64 to;
  char *result;
  char *person;
  char *method;
  char *station_text;
  GHashTable *station_matches; /* ids of the stations @station_text matches */
  char *filter;                /* the filter as SQL, with ?1..?5, ?9, ?10 */
  char *where;                 /* the filter and, when anchored, the hold anchor (?11, ?12) */
  char *page_where;            /* the same for reading pages (see build_where) */

  gboolean hold;
  gboolean anchored;
  gint64 anchor_time;
  char *anchor_id;
  guint n_held;
};

enum
{
  PROP_0,
  PROP_N_HELD,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void yz_entry_model_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (YzEntryModel, yz_entry_model, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL,
                                                      yz_entry_model_list_model_init))

#define COLUMNS                                                                                    \
  "id, station_id, door_id, time, person_id, person_name, occupation, method, result, snapshot_id"

static void
bind_filter (YzEntryModel *self, sqlite3_stmt *stmt)
{
  if (self->station_id)
    YZ_RECORD_TEXT (stmt, 1, self->station_id);
  sqlite3_bind_int64 (stmt, 2, self->from);
  sqlite3_bind_int64 (stmt, 3, self->to);
  if (self->result)
    YZ_RECORD_TEXT (stmt, 4, self->result);
  if (self->person)
    {
      g_autofree char *like = g_strdup_printf ("%%%s%%", self->person);

      YZ_RECORD_TEXT (stmt, 5, like);
    }
  if (self->method)
    YZ_RECORD_TEXT (stmt, 9, self->method);
  if (self->station_text)
    {
      g_autofree char *like = g_strdup_printf ("%%%s%%", self->station_text);

      YZ_RECORD_TEXT (stmt, 10, like);
    }
  if (self->anchored)
    {
      sqlite3_bind_int64 (stmt, 11, self->anchor_time);
      YZ_RECORD_TEXT (stmt, 12, self->anchor_id);
    }
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
  if (self->station_text)
    g_string_append (where, " AND station_id IN (SELECT id FROM stations"
                            " WHERE name LIKE ?10 OR district LIKE ?10 OR id LIKE ?10)");
  g_free (self->filter);
  self->filter = g_strdup (where->str);
  if (self->anchored)
    g_string_append (where, " AND (time < ?11 OR (time = ?11 AND id <= ?12))");
  g_free (self->where);
  self->where = g_string_free (where, FALSE);
  /* Pages are read newest first: a station text that matches many stations must not make
   * SQLite pick the station index and sort every matching row for each page of 128. The
   * unary + keeps the (time, id) index for pages; counts keep the station index. */
  {
    GString *page_where = g_string_new (self->where);

    g_string_replace (page_where, " AND station_id IN (SELECT", " AND +station_id IN (SELECT", 0);
    g_free (self->page_where);
    self->page_where = g_string_free (page_where, FALSE);
  }
}

/* The ids of the stations that the typed station text names, for entries as they arrive. */
static void
find_station_matches (YzEntryModel *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *like = NULL;
  sqlite3_stmt *stmt;

  g_clear_pointer (&self->station_matches, g_hash_table_unref);
  if (self->station_text == NULL)
    return;
  self->station_matches = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  if (self->store == NULL)
    return;
  stmt = yz_store_prepare (
      self->store, "SELECT id FROM stations WHERE name LIKE ?1 OR district LIKE ?1 OR id LIKE ?1",
      &error);
  if (stmt == NULL)
    {
      g_warning ("Cannot find stations: %s", error->message);
      return;
    }
  like = g_strdup_printf ("%%%s%%", self->station_text);
  YZ_RECORD_TEXT (stmt, 1, like);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_hash_table_add (self->station_matches, g_strdup (yz_record_col (stmt, 0)));
  sqlite3_reset (stmt);
}

static guint
count_where (YzEntryModel *self, const char *where)
{
  g_autofree char *sql = NULL;
  g_autoptr(GError) error = NULL;
  sqlite3_stmt *stmt;
  guint n = 0;

  if (self->store == NULL)
    return 0;
  sql = g_strdup_printf ("SELECT count(*) FROM entries WHERE %s", where);
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

/* The rows the view shows: at or below the anchor while holding. */
static guint
count_rows (YzEntryModel *self)
{
  return count_where (self, self->where);
}

/* The rows above the anchor: held back from the view. */
static guint
count_held (YzEntryModel *self)
{
  g_autofree char *where = NULL;

  if (!self->anchored)
    return 0;
  where = g_strdup_printf ("%s AND (time > ?11 OR (time = ?11 AND id > ?12))", self->filter);
  return count_where (self, where);
}

static void
set_n_held (YzEntryModel *self, guint n_held)
{
  if (self->n_held == n_held)
    return;
  self->n_held = n_held;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_HELD]);
}

static void
drop_pages (YzEntryModel *self)
{
  g_hash_table_remove_all (self->pages);
  g_queue_clear (&self->lru);
}

static GPtrArray *
load_page (YzEntryModel *self, guint page)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *sql = NULL;
  GPtrArray *before = g_hash_table_lookup (self->pages, GUINT_TO_POINTER (page - 1));
  GPtrArray *rows = g_ptr_array_new_with_free_func (g_object_unref);
  sqlite3_stmt *stmt;

  if (page > 0 && before != NULL && before->len == PAGE_SIZE)
    sql = g_strdup_printf ("SELECT " COLUMNS
                           " FROM entries WHERE %s AND (time < ?6 OR (time = ?6 AND id < ?7))"
                           " ORDER BY time DESC, id DESC LIMIT %d",
                           self->page_where, PAGE_SIZE);
  else
    sql = g_strdup_printf ("SELECT " COLUMNS " FROM entries WHERE %s"
                           " ORDER BY time DESC, id DESC LIMIT %d OFFSET ?8",
                           self->page_where, PAGE_SIZE);

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
      YZ_RECORD_TEXT (stmt, 7, yz_entry_get_id (last));
    }
  else
    {
      sqlite3_bind_int64 (stmt, 8, (gint64)page * PAGE_SIZE);
    }

  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      YzEntryData data = {
        .id = (char *)yz_record_col (stmt, 0),
        .station_id = (char *)yz_record_col (stmt, 1),
        .door_id = (char *)yz_record_col (stmt, 2),
        .time = sqlite3_column_int64 (stmt, 3),
        .person_id = (char *)yz_record_col (stmt, 4),
        .person_name = (char *)yz_record_col (stmt, 5),
        .occupation = yz_record_col (stmt, 6),
        .method = yz_record_col (stmt, 7),
        .result = yz_record_col (stmt, 8),
        .snapshot_id = (char *)yz_record_col (stmt, 9),
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
get_item (GListModel *model, guint position)
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
yz_entry_model_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  YzEntryModel *self = YZ_ENTRY_MODEL (object);

  switch (prop_id)
    {
    case PROP_N_HELD:
      g_value_set_uint (value, self->n_held);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
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
  g_free (self->station_text);
  g_clear_pointer (&self->station_matches, g_hash_table_unref);
  g_free (self->filter);
  g_free (self->where);
  g_free (self->page_where);
  g_free (self->anchor_id);

  G_OBJECT_CLASS (yz_entry_model_parent_class)->finalize (object);
}

static void
yz_entry_model_class_init (YzEntryModelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = yz_entry_model_finalize;
  object_class->get_property = yz_entry_model_get_property;

  /**
   * YzEntryModel:n-held:
   *
   * How many entries that match the filter are held back above the top (hold mode).
   */
  properties[PROP_N_HELD] =
      g_param_spec_uint ("n-held", NULL, NULL, 0, G_MAXUINT, 0,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
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

static gboolean
above_anchor (YzEntryModel *self, gint64 time, const char *id)
{
  return self->anchored && (time > self->anchor_time ||
                            (time == self->anchor_time && g_strcmp0 (id, self->anchor_id) > 0));
}

/* The top row becomes the anchor. Only called while nothing is held, so the rows the view
 * shows stay the same; with no rows at all there is no card to keep in place. */
static void
anchor_at_top (YzEntryModel *self)
{
  g_autoptr(YzEntry) top = NULL;

  g_assert (self->n_held == 0);

  self->anchored = FALSE;
  g_clear_pointer (&self->anchor_id, g_free);
  if (self->n_items > 0 && (top = get_item (G_LIST_MODEL (self), 0)) != NULL)
    {
      self->anchored = TRUE;
      self->anchor_time = yz_entry_get_time (top);
      self->anchor_id = g_strdup (yz_entry_get_id (top));
    }
  rebuild_where (self);
}

/* Lets the held rows in at the top; they are all newer than every row shown. */
static void
release_held (YzEntryModel *self)
{
  guint old = self->n_items;

  if (!self->anchored)
    return;
  self->anchored = FALSE;
  g_clear_pointer (&self->anchor_id, g_free);
  rebuild_where (self);
  drop_pages (self);
  self->n_items = count_rows (self);
  set_n_held (self, 0);
  if (self->n_items == old)
    return;
  if (self->n_items > old)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, 0, self->n_items - old);
  else
    g_list_model_items_changed (G_LIST_MODEL (self), 0, old, self->n_items);
}

/* Counts again and tells the view everything changed: after a filter change, a resync, or
 * rows written to the store behind the session's back (the demo's made-up history). */
void
yz_entry_model_reload (YzEntryModel *self)
{
  guint old = self->n_items;

  g_return_if_fail (YZ_IS_ENTRY_MODEL (self));

  drop_pages (self);
  self->n_items = count_rows (self);
  set_n_held (self, count_held (self));
  g_list_model_items_changed (G_LIST_MODEL (self), 0, old, self->n_items);
  if (self->hold && !self->anchored)
    anchor_at_top (self);
}

/* A new filter shows its newest rows: nothing is held from before. */
static void
filter_changed (YzEntryModel *self)
{
  self->anchored = FALSE;
  g_clear_pointer (&self->anchor_id, g_free);
  rebuild_where (self);
  yz_entry_model_reload (self);
}

/**
 * yz_entry_model_set_method:
 * @method: (nullable): `face`, `qr`, `card`, `id-card`, or all
 *
 * One more filter, kept apart from yz_entry_model_set_filter()'s five.
 */
void
yz_entry_model_set_method (YzEntryModel *self, const char *method)
{
  g_return_if_fail (YZ_IS_ENTRY_MODEL (self));

  if (method != NULL && *method == '\0')
    method = NULL;
  if (g_strcmp0 (self->method, method) == 0)
    return;
  g_free (self->method);
  self->method = g_strdup (method);
  filter_changed (self);
}

/**
 * yz_entry_model_set_station_text:
 * @text: (nullable): part of a station's name, district or id, or all
 *
 * Entries at every station that @text names, as the officer types it.
 */
void
yz_entry_model_set_station_text (YzEntryModel *self, const char *text)
{
  g_return_if_fail (YZ_IS_ENTRY_MODEL (self));

  if (text != NULL && *text == '\0')
    text = NULL;
  if (g_strcmp0 (self->station_text, text) == 0)
    return;
  g_free (self->station_text);
  self->station_text = g_strdup (text);
  find_station_matches (self);
  filter_changed (self);
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
yz_entry_model_set_filter (YzEntryModel *self, const char *station_id, gint64 from, gint64 to,
                           const char *result, const char *person)
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
  filter_changed (self);
}

static gboolean
matches (YzEntryModel *self, const YzEntryData *entry)
{
  return (self->station_id == NULL || g_strcmp0 (self->station_id, entry->station_id) == 0) &&
         entry->time >= self->from && entry->time < self->to &&
         (self->result == NULL || g_strcmp0 (self->result, entry->result) == 0) &&
         (self->method == NULL || g_strcmp0 (self->method, entry->method) == 0) &&
         (self->station_matches == NULL ||
          (entry->station_id &&
           g_hash_table_contains (self->station_matches, entry->station_id))) &&
         (self->person == NULL ||
          (entry->person_name && strstr (entry->person_name, self->person)) ||
          (entry->person_id && strstr (entry->person_id, self->person)));
}

/**
 * yz_entry_model_added:
 * @entries: (element-type YzEntryData): entries just written to the store
 *
 * Called by the session after each batch. New entries are normally the newest: they are
 * inserted at the top without touching the rest, or only counted while holding. Anything
 * else recounts.
 */
void
yz_entry_model_added (YzEntryModel *self, GPtrArray *entries)
{
  guint n_new = 0;
  guint n_held = 0;
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
      if (above_anchor (self, entry->time, entry->id))
        {
          n_held++;
          continue;
        }
      n_new++;
      if (top != NULL &&
          (entry->time < top_time ||
           (entry->time == top_time && g_strcmp0 (entry->id, yz_entry_get_id (top)) <= 0)))
        all_newest = FALSE;
    }
  if (n_held > 0)
    set_n_held (self, self->n_held + n_held);
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
  if (self->hold && !self->anchored)
    anchor_at_top (self);
}

/**
 * yz_entry_model_set_hold:
 * @hold: whether new entries wait above the top
 *
 * While holding, the rows shown stay as they are: entries newer than the top row are
 * counted in #YzEntryModel:n-held instead. Ending the hold inserts them at the top.
 */
void
yz_entry_model_set_hold (YzEntryModel *self, gboolean hold)
{
  g_return_if_fail (YZ_IS_ENTRY_MODEL (self));

  hold = !!hold;
  if (self->hold == hold)
    return;
  self->hold = hold;
  if (hold)
    anchor_at_top (self);
  else
    release_held (self);
}

gboolean
yz_entry_model_get_hold (YzEntryModel *self)
{
  g_return_val_if_fail (YZ_IS_ENTRY_MODEL (self), FALSE);

  return self->hold;
}

guint
yz_entry_model_get_n_held (YzEntryModel *self)
{
  g_return_val_if_fail (YZ_IS_ENTRY_MODEL (self), 0);

  return self->n_held;
}

/* Shows what was held and, still holding, holds from the new top. */
void
yz_entry_model_show_held (YzEntryModel *self)
{
  g_return_if_fail (YZ_IS_ENTRY_MODEL (self));

  release_held (self);
  if (self->hold)
    anchor_at_top (self);
}

/* The filter as set, for tests. */
const char *
yz_entry_model_get_person (YzEntryModel *self)
{
  return self->person;
}

const char *
yz_entry_model_get_station_text (YzEntryModel *self)
{
  return self->station_text;
}

void
yz_entry_model_get_range (YzEntryModel *self, gint64 *from, gint64 *to)
{
  *from = self->from;
  *to = self->to;
}

/* For tests and benchmarks: how many SQL queries the model has made. */
guint
yz_entry_model_get_n_queries (YzEntryModel *self)
{
  return self->n_queries;
}
