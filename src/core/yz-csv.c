/* yz-csv.c
 *
 * CSV as RFC 4180 has it, for every export (alarms, the restock list, the statistics'
 * tables): UTF-8, CRLF line ends, a field quoted when it holds a comma, a quote or a line
 * break, quotes doubled. A NULL field is empty.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "yz-csv.h"

static void
append_field (GString *out, const char *text)
{
  if (text == NULL)
    return;
  if (strpbrk (text, ",\"\r\n") == NULL)
    {
      g_string_append (out, text);
      return;
    }
  g_string_append_c (out, '"');
  for (const char *c = text; *c; c++)
    {
      if (*c == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *c);
    }
  g_string_append_c (out, '"');
}

void
yz_csv_append_row (GString *out, const char *const *fields, guint n_fields)
{
  for (guint i = 0; i < n_fields; i++)
    {
      if (i > 0)
        g_string_append_c (out, ',');
      append_field (out, fields[i]);
    }
  g_string_append (out, "\r\n");
}
