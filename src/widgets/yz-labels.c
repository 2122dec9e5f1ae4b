/* yz-labels.c — the protocol's enum values as the duty officer reads them. An unknown
 * value (a newer gateway) is shown as it came rather than hidden. The protocol's
 * vocabulary (alarm types, priorities, resolution categories, door commands and reasons,
 * entry methods and results) is named in the core (src/core/yz-vocabulary.c,
 * yz-door-reason.c); these functions pass it on.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "yz-labels"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "yz-door-reason.h"
#include "yz-labels.h"
#include "yz-vocabulary.h"

typedef struct
{
  const char *value;
  const char *label;
} Label;

static const char *
lookup (const Label *labels, const char *value)
{
  if (value == NULL)
    return "";
  for (guint i = 0; labels[i].value != NULL; i++)
    if (g_str_equal (labels[i].value, value))
      return _(labels[i].label);

  return value;
}

const char *
yz_label_alarm_type (const char *type)
{
  return yz_alarm_type_label (type);
}

const char *
yz_label_priority (YzPriority priority)
{
  return yz_priority_label (priority);
}

const char *
yz_label_alarm_state (YzAlarmState state)
{
  switch (state)
    {
    case YZ_ALARM_STATE_NEW:
      return _("New");
    case YZ_ALARM_STATE_ACKNOWLEDGED:
      return _("Acknowledged");
    case YZ_ALARM_STATE_RESOLVED:
      return _("Resolved");
    default:
      return "";
    }
}

const char *
yz_label_door_state (const char *state)
{
  static const Label labels[] = {
    { "locked", N_("Locked") },       { "unlocked", N_("Released") },  { "open", N_("Open") },
    { "held-open", N_("Held Open") }, { "forced", N_("Forced Open") }, { NULL, NULL }
  };

  return lookup (labels, state);
}

const char *
yz_label_door_mode (const char *mode)
{
  static const Label labels[] = { { "normal", N_("Normal") },
                                  { "always-open", N_("Always Open") },
                                  { "always-closed", N_("Always Closed") },
                                  { NULL, NULL } };

  return lookup (labels, mode);
}

const char *
yz_label_device_state (const char *state)
{
  static const Label labels[] = {
    { "on", N_("On") }, { "off", N_("Off") }, { "fault", N_("Fault") }, { NULL, NULL }
  };

  return lookup (labels, state);
}

const char *
yz_label_entry_result (const char *result)
{
  return yz_entry_result_label (result);
}

const char *
yz_label_occupation (const char *occupation)
{
  static const Label labels[] = { { "sanitation", N_("Sanitation Worker") },
                                  { "delivery", N_("Delivery Rider") },
                                  { "courier", N_("Courier") },
                                  { "other", N_("Other Worker") },
                                  { "unknown", N_("Unknown") },
                                  { NULL, NULL } };

  return lookup (labels, occupation);
}

const char *
yz_label_stock_item (const char *item)
{
  static const Label labels[] = { { "water", N_("Drinking Water") },
                                  { "cold-drink", N_("Cold Drinks") },
                                  { "ice-cream", N_("Ice Cream") },
                                  { "medicine-kit", N_("Medicine Kit") },
                                  { "mask", N_("Masks") },
                                  { "umbrella", N_("Umbrellas") },
                                  { "sunscreen", N_("Sunscreen") },
                                  { "aed", N_("AED") },
                                  { NULL, NULL } };

  return lookup (labels, item);
}

const char *
yz_label_door_command (const char *command)
{
  return yz_door_command_label (command);
}

const char *
yz_label_station_kind (const char *kind)
{
  static const Label labels[] = { { "smart24", N_("Smart, open 24 hours") },
                                  { "standard", N_("Standard") },
                                  { NULL, NULL } };

  return lookup (labels, kind);
}

/* Local time (the console's time zone), with the date when it is not today. */
char *
yz_format_time (gint64 ms)
{
  g_autoptr(GDateTime) time = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  if (ms <= 0)
    return g_strdup (_("never"));
  time = g_date_time_new_from_unix_local (ms / 1000);
  if (time == NULL)
    return g_strdup ("?");
  if (g_date_time_get_year (time) == g_date_time_get_year (now) &&
      g_date_time_get_day_of_year (time) == g_date_time_get_day_of_year (now))
    return g_date_time_format (time, "%H:%M:%S");

  return g_date_time_format (time, "%Y-%m-%d %H:%M");
}

char *
yz_format_ago (gint64 ms)
{
  gint64 seconds;

  if (ms <= 0)
    return g_strdup (_("never"));
  seconds = MAX (0, (g_get_real_time () / 1000 - ms) / 1000);
  if (seconds < 60)
    return g_strdup_printf (
        g_dngettext (GETTEXT_PACKAGE, "%u second ago", "%u seconds ago", (gulong)seconds),
        (guint)seconds);
  if (seconds < 3600)
    return g_strdup_printf (
        g_dngettext (GETTEXT_PACKAGE, "%u minute ago", "%u minutes ago", (gulong)(seconds / 60)),
        (guint)(seconds / 60));

  return yz_format_time (ms);
}

/* What was done to an alarm (its history's action). */
const char *
yz_label_alarm_action (const char *action)
{
  static const struct
  {
    const char *action;
    const char *label;
  } labels[] = {
    { "raised", N_("Alarm raised") }, { "acknowledged", N_("Acknowledged") },
    { "assigned", N_("Taken") },      { "resolved", N_("Resolved") },
    { "reopened", N_("Reopened") },   { "updated", N_("Updated") },
  };

  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    if (g_strcmp0 (action, labels[i].action) == 0)
      return _(labels[i].label);

  return action ? action : "";
}

/* Why a door was commanded: a reason code (src/core/yz-door-reason.c). */
const char *
yz_label_door_reason (const char *code)
{
  return yz_door_reason_label (code);
}

/* An audit row's action (the session's names for what an operator did). */
const char *
yz_label_audit_action (const char *action)
{
  static const Label labels[] = { { "door-command", N_("Door command") },
                                  { "alarm-acknowledge", N_("Acknowledge alarm") },
                                  { "alarm-assign", N_("Take alarm") },
                                  { "alarm-resolve", N_("Resolve alarm") },
                                  { "alarm-reopen", N_("Reopen alarm") },
                                  { "stock-restock", N_("Restock") },
                                  { "stock-threshold", N_("Set low threshold") },
                                  { "device-power", N_("Switch device") },
                                  { NULL, NULL } };

  return lookup (labels, action);
}

/**
 * yz_audit_outcome_of:
 *
 * The outcome an audit row records, as a word: `requested` (the request row), or from a
 * result row's text (`ok` or a new state: `carried-out`; `refused: …`, `no-answer: …`,
 * `unknown: …`, `expired: …`, `error: …`: those). A late answer (`late: …`) is read as what it
 * says.
 */
const char *
yz_audit_outcome_of (const char *phase, const char *result)
{
  if (g_strcmp0 (phase, "request") == 0)
    return "requested";
  if (result == NULL)
    return "carried-out";
  /* A door's answer that came after "outcome unknown": what it said. */
  if (g_str_has_prefix (result, "late: "))
    result += strlen ("late: ");
  if (g_str_has_prefix (result, "refused: "))
    return "refused";
  if (g_str_has_prefix (result, "no-answer: "))
    return "no-answer";
  if (g_str_has_prefix (result, "unknown: "))
    return "unknown";
  if (g_str_has_prefix (result, "expired: "))
    return "expired";
  if (g_str_has_prefix (result, "error: "))
    return "error";
  return "carried-out";
}

const char *
yz_label_audit_outcome (const char *outcome)
{
  static const Label labels[] = { { "requested", N_("Requested") },
                                  { "carried-out", N_("Carried out") },
                                  { "refused", N_("Refused") },
                                  { "no-answer", N_("No answer") },
                                  { "error", N_("Failed") },
                                  { "unknown", N_("Outcome unknown") },
                                  { "expired", N_("Not carried out (expired)") },
                                  { NULL, NULL } };

  return lookup (labels, outcome);
}

/**
 * yz_format_last_known:
 * @since_us: real time (µs) the state was last known to be true, or 0 when not known
 * @now_us: the real time now
 *
 * What a state shown while the console is disconnected is: "Last known state, 4 min ago".
 */
char *
yz_format_last_known (gint64 since_us, gint64 now_us)
{
  gint64 minutes;

  if (since_us <= 0)
    return g_strdup (_("Last known state"));
  minutes = MAX (0, now_us - since_us) / G_USEC_PER_SEC / 60;
  if (minutes < 1)
    return g_strdup (_("Last known state, less than a minute ago"));
  if (minutes < 120)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Last known state, %u min ago",
                                         "Last known state, %u min ago", (gulong)minutes),
                            (guint)minutes);
  {
    g_autofree char *when = yz_format_time (since_us / 1000);

    /* TRANSLATORS: %s is a date and time */
    return g_strdup_printf (_("Last known state, as of %s"), when);
  }
}

/* What an alarm was, as the officer said when resolving it (the protocol's categories). */
const char *
yz_label_resolve_category (const char *category)
{
  return yz_resolution_category_label (category);
}
