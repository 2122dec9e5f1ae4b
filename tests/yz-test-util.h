/* yz-test-util.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <libsoup/soup.h>

#include "yz-store.h"

G_BEGIN_DECLS

/* The first column of the first row of a query on the store (the query must give a row). */
gint64 yz_test_query_int (YzStore *store, const char *sql);
gint64 yz_test_store_int (YzStore *store, const char *format, ...) G_GNUC_PRINTF (2, 3);
/* Returns: (nullable): the text, %NULL for NULL */
char *yz_test_store_text (YzStore *store, const char *format, ...) G_GNUC_PRINTF (2, 3);
void yz_test_exec_sql (YzStore *store, const char *sql);
GPtrArray *yz_test_parse_csv (const char *text);
void yz_test_remove_tree (const char *path);
SoupServer *yz_test_loopback_server_new (char **base_url);
void yz_test_proc_usage (GPid pid, double *cpu_s, double *rss_mb);
gint64 yz_test_thread_cpu_us (void);

G_END_DECLS
