/* yz-entry-filter.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "yz-session.h"

G_BEGIN_DECLS

typedef enum
{
  YZ_ENTRIES_EMPTY_NONE,          /* there are entries to show */
  YZ_ENTRIES_EMPTY_NO_GATEWAY,    /* no session: no gateway is set up */
  YZ_ENTRIES_EMPTY_NOT_CONNECTED, /* not connected, nothing on record */
  YZ_ENTRIES_EMPTY_NO_ENTRIES,    /* connected, and simply none yet */
  YZ_ENTRIES_EMPTY_NO_MATCH,      /* none matches the filters */
} YzEntriesEmpty;

/* The "When" drop-down's choices, as in the entries page's template. */
typedef enum
{
  YZ_ENTRIES_TIME_ANY,
  YZ_ENTRIES_TIME_HOUR,
  YZ_ENTRIES_TIME_TODAY,
  YZ_ENTRIES_TIME_WEEK,
  YZ_ENTRIES_TIME_MONTH,
  YZ_ENTRIES_TIME_CUSTOM,
} YzEntriesTime;

YzEntriesEmpty yz_entries_page_empty_state (gboolean has_session, YzConnectionState state,
                                            guint n_items, gboolean filtered);
gboolean yz_entries_page_check_range (gint64 from, gint64 to, char **message);
void yz_entries_time_range (YzEntriesTime choice, gint64 now, gboolean has_custom,
                            gint64 custom_from, gint64 custom_to, gint64 *from, gint64 *to);

G_END_DECLS
