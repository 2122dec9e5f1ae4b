/* yz-text.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* What yz_text_clean() had to do to a text (docs/protocol.md, section 5). */
typedef enum
{
  YZ_TEXT_CLEAN_NONE = 0,
  YZ_TEXT_CLEAN_INVALID = 1 << 0,   /* invalid UTF-8 replaced with U+FFFD */
  YZ_TEXT_CLEAN_CONTROL = 1 << 1,   /* C0/C1 control characters removed (or made spaces) */
  YZ_TEXT_CLEAN_BIDI = 1 << 2,      /* bidirectional formatting characters removed */
  YZ_TEXT_CLEAN_TRUNCATED = 1 << 3, /* cut at the limit, ending with "…" */
} YzTextCleaned;

char *yz_text_clean (const char *text, gssize length, glong max_chars, gboolean multiline,
                     YzTextCleaned *cleaned);
char *yz_text_cleaned_describe (YzTextCleaned cleaned, glong max_chars);
char *yz_text_repair_json (const char *data, gsize length, gboolean *repaired);
gboolean yz_text_is_clean (const char *text, glong max_chars, gboolean multiline);

G_END_DECLS
