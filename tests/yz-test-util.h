/* yz-test-util.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "yz-store.h"

G_BEGIN_DECLS

gint64 yz_test_query_int (YzStore *store, const char *sql);
void yz_test_exec_sql (YzStore *store, const char *sql);
GPtrArray *yz_test_parse_csv (const char *text);
void yz_test_remove_tree (const char *path);

G_END_DECLS
