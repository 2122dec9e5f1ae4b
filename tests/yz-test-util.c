/* yz-test-util.c
 *
 * Small helpers that several tests share: one number from the store, a statement that must
 * run, a CSV document split into fields, a temporary directory removed with what it holds.
 * GTK-free, so core tests link them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "yz-test-util"

#include "config.h"

#include <glib/gstdio.h>

#include "yz-store-private.h"
#include <time.h>
#include <unistd.h>

#include "yz-test-util.h"

static sqlite3_stmt *
query (YzStore *store, const char *format, va_list args)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *sql = g_strdup_vprintf (format, args);
  sqlite3_stmt *stmt = yz_store_prepare (store, sql, &error);

  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  return stmt;
}

/* yz_test_query_int() with the query made by printf from @format. */
gint64
yz_test_store_int (YzStore *store, const char *format, ...)
{
  sqlite3_stmt *stmt;
  gint64 value;
  va_list args;

  va_start (args, format);
  stmt = query (store, format, args);
  va_end (args);
  value = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);

  return value;
}

/* Returns: (nullable): the text, %NULL for NULL */
char *
yz_test_store_text (YzStore *store, const char *format, ...)
{
  sqlite3_stmt *stmt;
  char *value;
  va_list args;

  va_start (args, format);
  stmt = query (store, format, args);
  va_end (args);
  value = g_strdup ((const char *)sqlite3_column_text (stmt, 0));
  sqlite3_reset (stmt);

  return value;
}

/**
 * yz_test_query_int:
 * @store: a store
 * @sql: a query whose first row's first column is a number
 *
 * Returns: that number; the query must return a row
 */
gint64
yz_test_query_int (YzStore *store, const char *sql)
{
  return yz_test_store_int (store, "%s", sql);
}

/* Runs @sql (one or more statements); a failure ends the test with SQLite's message. */
void
yz_test_exec_sql (YzStore *store, const char *sql)
{
  char *message = NULL;

  if (sqlite3_exec (yz_store_get_db (store), sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s: %s", sql, message);
}

/**
 * yz_test_parse_csv:
 * @text: one CSV document (RFC 4180)
 *
 * Splits @text into rows of fields.
 *
 * Returns: (transfer full) (element-type GPtrArray): the rows, each an array of strings
 */
GPtrArray *
yz_test_parse_csv (const char *text)
{
  GPtrArray *rows = g_ptr_array_new_with_free_func ((GDestroyNotify)g_ptr_array_unref);
  GPtrArray *row = g_ptr_array_new_with_free_func (g_free);
  GString *field = g_string_new (NULL);
  gboolean quoted = FALSE;

  for (const char *c = text; *c; c++)
    {
      if (quoted)
        {
          if (*c == '"' && c[1] == '"')
            g_string_append_c (field, '"'), c++;
          else if (*c == '"')
            quoted = FALSE;
          else
            g_string_append_c (field, *c);
        }
      else if (*c == '"')
        quoted = TRUE;
      else if (*c == ',')
        g_ptr_array_add (row, g_string_free (g_steal_pointer (&field), FALSE)),
            field = g_string_new (NULL);
      else if (*c == '\r')
        ;
      else if (*c == '\n')
        {
          g_ptr_array_add (row, g_string_free (g_steal_pointer (&field), FALSE));
          field = g_string_new (NULL);
          g_ptr_array_add (rows, row);
          row = g_ptr_array_new_with_free_func (g_free);
        }
      else
        g_string_append_c (field, *c);
    }
  g_string_free (field, TRUE);
  g_ptr_array_unref (row);

  return rows;
}

/* Removes @path and, if it is a directory, everything below it; links are removed, never
 * followed. A path that is not there is fine. */
void
yz_test_remove_tree (const char *path)
{
  if (g_file_test (path, G_FILE_TEST_IS_DIR) && !g_file_test (path, G_FILE_TEST_IS_SYMLINK))
    {
      g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
      const char *name;

      while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);

          yz_test_remove_tree (child);
        }
      g_assert_cmpint (g_rmdir (path), ==, 0);
    }
  else if (g_file_test (path, G_FILE_TEST_EXISTS) || g_file_test (path, G_FILE_TEST_IS_SYMLINK))
    g_assert_cmpint (g_unlink (path), ==, 0);
}

/**
 * yz_test_loopback_server_new:
 * @base_url: (out): `http://127.0.0.1:PORT`, where it listens
 *
 * A SoupServer on a free port of 127.0.0.1, for a test that plays a gateway or a tile
 * server itself. The caller adds its handlers.
 */
SoupServer *
yz_test_loopback_server_new (char **base_url)
{
  g_autoptr(GError) error = NULL;
  SoupServer *server = soup_server_new (NULL, NULL);
  GSList *uris;

  g_assert_true (soup_server_listen_local (server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error));
  g_assert_no_error (error);
  uris = soup_server_get_uris (server);
  g_assert_nonnull (uris);
  *base_url = g_strdup_printf ("http://127.0.0.1:%d", g_uri_get_port (uris->data));
  g_slist_free_full (uris, (GDestroyNotify)g_uri_unref);
  return server;
}

/* A process's CPU time so far (user + system, seconds) and resident memory (MB), from /proc. */
void
yz_test_proc_usage (GPid pid, double *cpu_s, double *rss_mb)
{
  g_autofree char *stat_path = g_strdup_printf ("/proc/%d/stat", pid);
  g_autofree char *statm_path = g_strdup_printf ("/proc/%d/statm", pid);
  g_autofree char *stat = NULL;
  g_autofree char *statm = NULL;
  g_auto(GStrv) fields = NULL;
  g_auto(GStrv) pages = NULL;

  g_assert_true (g_file_get_contents (stat_path, &stat, NULL, NULL));
  g_assert_true (g_file_get_contents (statm_path, &statm, NULL, NULL));
  /* Past "pid (comm) "; then utime and stime are fields 14 and 15 of stat. */
  fields = g_strsplit (strrchr (stat, ')') + 2, " ", -1);
  *cpu_s = (g_ascii_strtoull (fields[11], NULL, 10) + g_ascii_strtoull (fields[12], NULL, 10)) /
           (double)sysconf (_SC_CLK_TCK);
  pages = g_strsplit (statm, " ", -1);
  *rss_mb = g_ascii_strtoull (pages[1], NULL, 10) * sysconf (_SC_PAGESIZE) / 1048576.0;
}

/* This thread's CPU time (µs): a pass's own cost, whatever else the machine runs. */
gint64
yz_test_thread_cpu_us (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return (gint64)ts.tv_sec * G_USEC_PER_SEC + ts.tv_nsec / 1000;
}
