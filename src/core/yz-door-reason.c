/* yz-door-reason.c
 *
 * Why a door was commanded, as a stable code ("worker-locked-out", "medical",
 * "maintenance", "restock", "other") and, for any of them, the officer's own words
 * (required for "other"). The code is what is stored and counted, so that one reason is
 * one reason whatever the language of the console that sent it; the words are kept as
 * they were typed. Before the codes, the reason was stored as the preset's text in the
 * sender's language, "preset: words", or the words alone; yz_door_reason_parse() reads
 * that form too (the audit log is append-only and is never rewritten). The screen's
 * names are yz_door_reason_label(), as the door dialog offers them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "yz-door-reason"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "yz-door-reason.h"

static const char *const codes[] = {
  YZ_DOOR_REASON_WORKER_LOCKED_OUT, YZ_DOOR_REASON_MEDICAL, YZ_DOOR_REASON_MAINTENANCE,
  YZ_DOOR_REASON_RESTOCK,           YZ_DOOR_REASON_OTHER,   NULL
};

/* The codes' names, in the order of codes[]. */
static const char *const labels[] = {
  N_("Worker locked out, identity confirmed"),
  N_("Medical help arriving"),
  N_("Cleaning or maintenance"),
  N_("Restocking supplies"),
  N_("Other"),
};

G_STATIC_ASSERT (G_N_ELEMENTS (labels) + 1 == G_N_ELEMENTS (codes));

/* The texts stored before the codes: the dialog's presets in English and in the zh_CN
 * translation, and the demo history's. Keep in step with migration 7 in yz-store.c. */
static const struct
{
  const char *text;
  const char *code;
} legacy[] = {
  { "Worker locked out, identity confirmed", "worker-locked-out" },
  { "劳动者被锁在门外，身份已确认", "worker-locked-out" },
  { "工人被锁在门外", "worker-locked-out" },
  { "Medical help arriving", "medical" },
  { "急救人员即将到达", "medical" },
  { "Cleaning or maintenance", "maintenance" },
  { "保洁或维修", "maintenance" },
  { "设备维修", "maintenance" },
  { "保洁", "maintenance" },
  { "Restocking supplies", "restock" },
  { "补充物资", "restock" },
};

const char *const *
yz_door_reason_codes (void)
{
  return codes;
}

gboolean
yz_door_reason_is_code (const char *code)
{
  return code != NULL && g_strv_contains (codes, code);
}

/**
 * yz_door_reason_label:
 *
 * What a reason code is called on screen (translated); an unknown code is shown as it
 * came, %NULL is "".
 */
const char *
yz_door_reason_label (const char *code)
{
  if (code == NULL)
    return "";
  for (guint i = 0; codes[i] != NULL; i++)
    if (g_str_equal (codes[i], code))
      return _(labels[i]);

  return code;
}

/* @text begins with @head, then ends or goes on with ": ". */
static const char *
after_head (const char *text, const char *head)
{
  gsize n = strlen (head);

  if (strncmp (text, head, n) != 0)
    return NULL;
  if (text[n] == '\0')
    return text + n;
  if (text[n] == ':' && text[n + 1] == ' ')
    return text + n + 2;
  return NULL;
}

/**
 * yz_door_reason_parse:
 * @recorded: (nullable): a reason as sent or stored: `code`, `code: words`, or an older
 *   free text
 * @words: (out) (optional): the officer's words, or %NULL when there are none
 *
 * Returns: (transfer full): the reason's code; `other` for a text that is no known code
 *   or preset (the text is then the words)
 */
char *
yz_door_reason_parse (const char *recorded, char **words)
{
  g_autofree char *text = g_strstrip (g_strdup (recorded ? recorded : ""));
  const char *rest = NULL;
  const char *code = NULL;

  for (guint i = 0; codes[i] != NULL && code == NULL; i++)
    if ((rest = after_head (text, codes[i])) != NULL)
      code = codes[i];
  for (guint i = 0; i < G_N_ELEMENTS (legacy) && code == NULL; i++)
    if ((rest = after_head (text, legacy[i].text)) != NULL)
      code = legacy[i].code;
  if (code == NULL)
    {
      code = YZ_DOOR_REASON_OTHER;
      rest = text;
    }

  if (words != NULL)
    {
      g_autofree char *w = g_strstrip (g_strdup (rest));

      *words = w[0] != '\0' ? g_steal_pointer (&w) : NULL;
    }
  return g_strdup (code);
}

/**
 * yz_door_reason_compose:
 *
 * The reason as the session takes it and the gateway receives it: `code`, or
 * `code: words`. %NULL when @code is unknown, or "other" comes without words.
 */
char *
yz_door_reason_compose (const char *code, const char *words)
{
  g_autofree char *clean = g_strstrip (g_strdup (words ? words : ""));

  if (!yz_door_reason_is_code (code))
    return NULL;
  if (clean[0] == '\0')
    return g_str_equal (code, YZ_DOOR_REASON_OTHER) ? NULL : g_strdup (code);

  return g_strdup_printf ("%s: %s", code, clean);
}
