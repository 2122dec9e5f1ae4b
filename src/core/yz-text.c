/* yz-text.c
 *
 * Cleaning of the texts a gateway sends to be shown: names, addresses, notes, reasons.
 * A text that is too long, carries control characters or bidirectional overrides (which
 * can make a name read backwards) or is not UTF-8 is repaired member by member, never
 * refused with its object (docs/protocol.md, section 5). Has a fuzz target through
 * tests/fuzz/fuzz-event.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "yz-text.h"

#define ELLIPSIS "…"

/* The embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069) and the marks
 * (U+200E, U+200F, U+061C). The console lays its texts out itself. */
static gboolean
is_bidi_format (gunichar c)
{
  return (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069) || c == 0x200e ||
         c == 0x200f || c == 0x061c;
}

static gboolean
is_control (gunichar c)
{
  return c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == 0x2028 || c == 0x2029;
}

/* Line breaks and tabs become a space in a one-line text, so that words stay apart. */
static gboolean
is_space_control (gunichar c)
{
  return c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f' || c == 0x85 ||
         c == 0x2028 || c == 0x2029;
}

/**
 * yz_text_clean:
 * @text: a text from the gateway, not necessarily UTF-8
 * @length: its length in bytes, or -1 when it ends with a NUL
 * @max_chars: the protocol's limit in characters (>= 2)
 * @multiline: keep line breaks ("\n"; "\r\n" becomes "\n"), for notes
 * @cleaned: (out) (optional): what was done, %YZ_TEXT_CLEAN_NONE when nothing
 *
 * Returns a valid UTF-8 copy without control characters (other than "\n" in a multi-line
 * text) or bidirectional formatting characters, of at most @max_chars characters: a longer
 * text is cut at a character boundary (never between a character and its combining marks)
 * and ends with "…". A text that needed cleaning also loses leading and trailing white
 * space. The result may be empty.
 *
 * Returns: (transfer full): the clean text
 */
char *
yz_text_clean (const char *text, gssize length, glong max_chars, gboolean multiline,
               YzTextCleaned *cleaned)
{
  g_autofree char *valid = NULL;
  YzTextCleaned what = YZ_TEXT_CLEAN_NONE;
  GString *out;
  glong n_chars = 0;
  const char *p;

  g_return_val_if_fail (max_chars >= 2, NULL);

  if (text == NULL)
    text = "";
  if (length < 0)
    length = strlen (text);
  if (!g_utf8_validate_len (text, length, NULL))
    {
      valid = g_utf8_make_valid (text, length);
      text = valid;
      length = strlen (valid);
      what |= YZ_TEXT_CLEAN_INVALID;
    }

  out = g_string_sized_new (MIN ((gsize)length, 4096) + 1);
  for (p = text; p < text + length; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (is_bidi_format (c))
        {
          what |= YZ_TEXT_CLEAN_BIDI;
          continue;
        }
      if (is_control (c))
        {
          if (multiline && c == '\n')
            ; /* kept */
          else if (multiline && c == '\r' && p + 1 < text + length && p[1] == '\n')
            continue; /* "\r\n" is a line break too: nothing to report */
          else
            {
              what |= YZ_TEXT_CLEAN_CONTROL;
              if (!is_space_control (c))
                continue;
              c = multiline && c != '\t' ? '\n' : ' ';
            }
        }
      if (n_chars == max_chars)
        {
          what |= YZ_TEXT_CLEAN_TRUNCATED;
          break;
        }
      g_string_append_unichar (out, c);
      n_chars++;
    }

  if (what & YZ_TEXT_CLEAN_TRUNCATED)
    {
      /* Make room for the ellipsis, never cutting a letter from its combining marks or a
       * sequence joined with U+200D: step back to the start of the cluster. */
      char *end = g_utf8_offset_to_pointer (out->str, max_chars - 1);

      while (end > out->str)
        {
          gunichar next = g_utf8_get_char (end);
          gunichar prev = g_utf8_get_char (g_utf8_prev_char (end));

          if (!g_unichar_ismark (next) && next != 0x200d && !(next >= 0xfe00 && next <= 0xfe0f) &&
              prev != 0x200d)
            break;
          end = g_utf8_prev_char (end);
        }
      g_string_truncate (out, end - out->str);
      g_string_append (out, ELLIPSIS);
    }
  if (what != YZ_TEXT_CLEAN_NONE)
    {
      g_strstrip (out->str);
      out->len = strlen (out->str);
    }

  if (cleaned != NULL)
    *cleaned = what;
  return g_string_free (out, FALSE);
}

/**
 * yz_text_cleaned_describe:
 *
 * Says in English, for the log, what yz_text_clean() did: "control characters removed,
 * cut to 200 characters".
 */
char *
yz_text_cleaned_describe (YzTextCleaned cleaned, glong max_chars)
{
  GString *text = g_string_new (NULL);

  if (cleaned & YZ_TEXT_CLEAN_INVALID)
    g_string_append (text, "invalid UTF-8 replaced with U+FFFD, ");
  if (cleaned & YZ_TEXT_CLEAN_CONTROL)
    g_string_append (text, "control characters removed, ");
  if (cleaned & YZ_TEXT_CLEAN_BIDI)
    g_string_append (text, "bidirectional formatting characters removed, ");
  if (cleaned & YZ_TEXT_CLEAN_TRUNCATED)
    g_string_append_printf (text, "cut to %ld characters, ", max_chars);
  if (text->len >= 2)
    g_string_truncate (text, text->len - 2);

  return g_string_free (text, FALSE);
}

/* The value of a "\uXXXX" escape at @text, or -1. */
static int
escape_value (const char *text, gsize left)
{
  int value = 0;

  if (left < 6 || text[0] != '\\' || text[1] != 'u')
    return -1;
  for (int k = 2; k < 6; k++)
    {
      int digit = g_ascii_xdigit_value (text[k]);

      if (digit < 0)
        return -1;
      value = value * 16 + digit;
    }

  return value;
}

/**
 * yz_text_repair_json:
 * @data: a JSON body from the gateway
 * @length: its length in bytes
 * @repaired: (out): whether it held invalid UTF-8 (or lone surrogates)
 *
 * json-glib refuses a whole document for one invalid byte, and cuts a string at an
 * escaped NUL ("\u0000"), and refuses or mangles an escaped lone surrogate ("\ud800"). This
 * prepares a body so that only the members concerned suffer: invalid UTF-8 becomes U+FFFD
 * (g_utf8_make_valid()), so does a lone surrogate, and each "\u0000" inside a string
 * becomes "\u0001", a control character that yz_text_clean() removes (an id holding it is
 * refused, as it would have been).
 *
 * Returns: (transfer full) (nullable): the repaired copy, %NULL when @data is fine as it is
 */
char *
yz_text_repair_json (const char *data, gsize length, gboolean *repaired)
{
  char *copy = NULL;
  gboolean in_string = FALSE;

  *repaired = FALSE;
  if (!g_utf8_validate_len (data, length, NULL))
    {
      copy = g_utf8_make_valid (data, length);
      length = strlen (copy);
      *repaired = TRUE;
    }
  for (gsize i = 0; i < length; i++)
    {
      const char *text = copy != NULL ? copy : data;
      const char *with = NULL;
      int value;

      if (!in_string)
        {
          in_string = text[i] == '"';
          continue;
        }
      if (text[i] == '"')
        {
          in_string = FALSE;
          continue;
        }
      if (text[i] != '\\')
        continue;
      value = escape_value (text + i, length - i);
      if (value >= 0xd800 && value <= 0xdbff)
        {
          int low = escape_value (text + i + 6, length - i - 6);

          if (low >= 0xdc00 && low <= 0xdfff)
            {
              i += 11; /* a pair: one character */
              continue;
            }
        }
      if (value == 0)
        with = "\\u0001";
      else if (value >= 0xd800 && value <= 0xdfff)
        with = "\\ufffd"; /* json-glib refuses or mangles a lone surrogate */
      if (with != NULL)
        {
          if (copy == NULL)
            copy = g_strndup (data, length);
          memcpy (copy + i, with, 6);
          *repaired |= value != 0;
          i += 5;
        }
      else
        i++;
    }

  return copy;
}

/**
 * yz_text_is_clean:
 *
 * Whether @text is what yz_text_clean() returns: valid UTF-8, no control or bidirectional
 * formatting character, at most @max_chars characters. For tests and the fuzz target.
 */
gboolean
yz_text_is_clean (const char *text, glong max_chars, gboolean multiline)
{
  if (text == NULL || !g_utf8_validate (text, -1, NULL) || g_utf8_strlen (text, -1) > max_chars)
    return FALSE;
  for (const char *p = text; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (is_bidi_format (c) || (is_control (c) && !(multiline && c == '\n')))
        return FALSE;
    }

  return TRUE;
}
