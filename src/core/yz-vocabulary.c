/* yz-vocabulary.c
 *
 * The protocol's words and their names on screen, one table per concept: the wire word
 * and its label side by side, so that a word added to the protocol is added once, with
 * its name. The lists that the parser and the simulator check against are made from the
 * same tables (once, on first use; the event stream's thread parses too).
 *
 * The labels keep the msgids they had in src/widgets/yz-labels.c and yz-entries-page.c,
 * so the existing translations still apply.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "yz-vocabulary"

#include "config.h"

#include <glib/gi18n.h>

#include "yz-vocabulary.h"

typedef struct
{
  const char *wire;
  const char *label;   /* N_(): translated where it is shown */
  YzPriority priority; /* alarm types: the protocol's default priority */
} Word;

static const char *const *
wires_of (const Word *words, gsize n_words, const char ***cache)
{
  if (g_once_init_enter (cache))
    {
      const char **wires = g_new0 (const char *, n_words + 1);

      for (gsize i = 0; i < n_words; i++)
        wires[i] = words[i].wire;
      g_once_init_leave (cache, wires);
    }

  return *cache;
}

/* An unknown word (a newer gateway's) is shown as it came rather than hidden. */
static const char *
label_of (const Word *words, gsize n_words, const char *wire)
{
  if (wire == NULL)
    return "";
  for (gsize i = 0; i < n_words; i++)
    if (g_str_equal (words[i].wire, wire))
      return _(words[i].label);

  return wire;
}

#define WIRES(words)                                                                               \
  G_STMT_START                                                                                     \
  {                                                                                                \
    static const char **cache = NULL;                                                              \
    return wires_of (words, G_N_ELEMENTS (words), &cache);                                         \
  }                                                                                                \
  G_STMT_END

/* ---- alarm types ---- */

static const Word alarm_types[] = {
  { YZ_ALARM_TYPE_FALL, N_("Fall"), YZ_PRIORITY_CRITICAL },
  { YZ_ALARM_TYPE_SMOKING, N_("Smoking"), YZ_PRIORITY_MEDIUM },
  { YZ_ALARM_TYPE_ALTERCATION, N_("Altercation"), YZ_PRIORITY_HIGH },
  { YZ_ALARM_TYPE_SOS, N_("SOS Call"), YZ_PRIORITY_CRITICAL },
  { YZ_ALARM_TYPE_DOOR_HELD_OPEN, N_("Door Held Open"), YZ_PRIORITY_MEDIUM },
  { YZ_ALARM_TYPE_DOOR_FORCED, N_("Door Forced"), YZ_PRIORITY_CRITICAL },
  { YZ_ALARM_TYPE_SMOKE, N_("Smoke"), YZ_PRIORITY_CRITICAL },
  { YZ_ALARM_TYPE_HIGH_TEMPERATURE, N_("High Temperature"), YZ_PRIORITY_HIGH },
  { YZ_ALARM_TYPE_STOCK_LOW, N_("Stock Low"), YZ_PRIORITY_LOW },
  { YZ_ALARM_TYPE_CAMERA_OFFLINE, N_("Camera Offline"), YZ_PRIORITY_MEDIUM },
  { YZ_ALARM_TYPE_STATION_OFFLINE, N_("Station Offline"), YZ_PRIORITY_HIGH },
};

const char *const *
yz_alarm_types (void)
{
  WIRES (alarm_types);
}

const char *
yz_alarm_type_label (const char *type)
{
  return label_of (alarm_types, G_N_ELEMENTS (alarm_types), type);
}

/**
 * yz_alarm_type_default_priority:
 *
 * Returns: the priority the protocol gives @type, or %YZ_PRIORITY_NONE for a type this
 *   console does not know
 */
YzPriority
yz_alarm_type_default_priority (const char *type)
{
  for (gsize i = 0; type != NULL && i < G_N_ELEMENTS (alarm_types); i++)
    if (g_str_equal (alarm_types[i].wire, type))
      return alarm_types[i].priority;

  return YZ_PRIORITY_NONE;
}

/* ---- priorities ---- */

static const Word priorities[] = {
  { "critical", N_("Critical") },
  { "high", N_("High") },
  { "medium", N_("Medium") },
  { "low", N_("Low") },
};

const char *const *
yz_priorities (void)
{
  WIRES (priorities);
}

/* "" for %YZ_PRIORITY_NONE. */
const char *
yz_priority_label (YzPriority priority)
{
  const char *nick = priority != YZ_PRIORITY_NONE ? yz_priority_to_nick (priority) : NULL;

  return nick != NULL ? label_of (priorities, G_N_ELEMENTS (priorities), nick) : "";
}

/* ---- resolution categories ---- */

static const Word resolution_categories[] = {
  { YZ_RESOLUTION_FALSE_ALARM, N_("False alarm") },
  { YZ_RESOLUTION_HANDLED_ON_SITE, N_("Handled on site") },
  { YZ_RESOLUTION_REFERRED_POLICE, N_("Referred to the police") },
  { YZ_RESOLUTION_REFERRED_AMBULANCE, N_("Referred to an ambulance") },
  { YZ_RESOLUTION_EQUIPMENT_FAULT, N_("Equipment fault") },
  { YZ_RESOLUTION_OTHER, N_("Other") },
};

G_STATIC_ASSERT (G_N_ELEMENTS (resolution_categories) == YZ_N_RESOLUTION_CATEGORIES);

const char *const *
yz_resolution_categories (void)
{
  WIRES (resolution_categories);
}

const char *
yz_resolution_category_label (const char *category)
{
  return label_of (resolution_categories, G_N_ELEMENTS (resolution_categories), category);
}

/* ---- door commands ---- */

static const Word door_commands[] = {
  { YZ_DOOR_CMD_OPEN, N_("Open Once") },
  { YZ_DOOR_CMD_KEEP_OPEN, N_("Keep Open") },
  { YZ_DOOR_CMD_LOCK, N_("Lock") },
  { YZ_DOOR_CMD_NORMAL, N_("Back to Normal") },
};

const char *const *
yz_door_commands (void)
{
  WIRES (door_commands);
}

const char *
yz_door_command_label (const char *command)
{
  return label_of (door_commands, G_N_ELEMENTS (door_commands), command);
}

/* ---- entries ---- */

static const Word entry_methods[] = {
  { YZ_ENTRY_METHOD_FACE, N_("Face") },
  { YZ_ENTRY_METHOD_QR, N_("QR Code") },
  { YZ_ENTRY_METHOD_CARD, N_("Card") },
  { YZ_ENTRY_METHOD_ID_CARD, N_("ID Card") },
};

const char *const *
yz_entry_methods (void)
{
  WIRES (entry_methods);
}

const char *
yz_entry_method_label (const char *method)
{
  return label_of (entry_methods, G_N_ELEMENTS (entry_methods), method);
}

static const Word entry_results[] = {
  { YZ_ENTRY_RESULT_GRANTED, N_("Granted") },
  { YZ_ENTRY_RESULT_DENIED, N_("Denied") },
  { YZ_ENTRY_RESULT_STRANGER, N_("Stranger") },
};

const char *const *
yz_entry_results (void)
{
  WIRES (entry_results);
}

const char *
yz_entry_result_label (const char *result)
{
  return label_of (entry_results, G_N_ELEMENTS (entry_results), result);
}
