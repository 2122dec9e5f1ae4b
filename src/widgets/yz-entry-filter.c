/* yz-entry-filter.c
 *
 * What the entries page shows, as plain functions of values that a test calls without a
 * display: the time a "When" choice covers, whether a custom range is one to look in, and
 * which empty state stands in for the grid.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "yz-entry-filter"

#include "config.h"

#include <glib/gi18n.h>

#include "yz-entry-filter.h"

#define HOUR_MS ((gint64)3600 * 1000)

/**
 * yz_entries_time_range:
 * @choice: the "When" drop-down's choice
 * @now: the time now (ms)
 * @has_custom: whether a custom range was applied
 * @custom_from: its first moment (ms)
 * @custom_to: the moment after its last (ms)
 * @from: (out): the first moment to list (ms), %G_MININT64 for no bound
 * @to: (out): the moment after the last to list (ms), %G_MAXINT64 for no bound
 *
 * The time @choice covers at @now. "Today" starts at the local midnight; a custom range not
 * applied yet covers all time, as "Any Time" does.
 */
void
yz_entries_time_range (YzEntriesTime choice, gint64 now, gboolean has_custom, gint64 custom_from,
                       gint64 custom_to, gint64 *from, gint64 *to)
{
  g_return_if_fail (from != NULL && to != NULL);

  *from = G_MININT64;
  *to = G_MAXINT64;
  switch (choice)
    {
    case YZ_ENTRIES_TIME_HOUR:
      *from = now - HOUR_MS;
      break;
    case YZ_ENTRIES_TIME_TODAY:
      {
        g_autoptr(GDateTime) today = g_date_time_new_from_unix_local (now / 1000);
        g_autoptr(GDateTime) midnight =
            g_date_time_new_local (g_date_time_get_year (today), g_date_time_get_month (today),
                                   g_date_time_get_day_of_month (today), 0, 0, 0);

        *from = g_date_time_to_unix (midnight) * 1000;
      }
      break;
    case YZ_ENTRIES_TIME_WEEK:
      *from = now - 7 * 24 * HOUR_MS;
      break;
    case YZ_ENTRIES_TIME_MONTH:
      *from = now - 30 * 24 * HOUR_MS;
      break;
    case YZ_ENTRIES_TIME_CUSTOM:
      if (has_custom)
        {
          *from = custom_from;
          *to = custom_to;
        }
      break;
    case YZ_ENTRIES_TIME_ANY:
    default:
      break;
    }
}

/**
 * yz_entries_page_check_range:
 * @from: the first moment (ms)
 * @to: the moment after the last (ms)
 * @message: (out) (optional) (transfer full): what is wrong, for the officer
 *
 * Returns: whether @from to @to is a range to look in
 */
gboolean
yz_entries_page_check_range (gint64 from, gint64 to, char **message)
{
  if (from < to)
    return TRUE;
  if (message != NULL)
    *message = g_strdup (from == to ? _("The range is empty: “From” and “To” are the same moment.")
                                    : _("“From” is after “To”. Choose a start before the end."));
  return FALSE;
}

/**
 * yz_entries_page_empty_state:
 * @has_session: whether a gateway is set up at all
 * @state: the session's connection
 * @n_items: the entries the filters let through
 * @filtered: whether any filter is in use
 *
 * Returns: which empty state to show, or %YZ_ENTRIES_EMPTY_NONE when there are entries
 */
YzEntriesEmpty
yz_entries_page_empty_state (gboolean has_session, YzConnectionState state, guint n_items,
                             gboolean filtered)
{
  if (!has_session)
    return YZ_ENTRIES_EMPTY_NO_GATEWAY;
  if (n_items > 0)
    return YZ_ENTRIES_EMPTY_NONE;
  if (filtered)
    return YZ_ENTRIES_EMPTY_NO_MATCH;
  if (state != YZ_CONNECTION_CONNECTED)
    return YZ_ENTRIES_EMPTY_NOT_CONNECTED;
  return YZ_ENTRIES_EMPTY_NO_ENTRIES;
}
