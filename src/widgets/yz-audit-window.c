/* yz-audit-window.c
 *
 * The audit log, newest first: who did what to which door, alarm, stock or device, why,
 * and what came of it (each action is two rows: the request, written before it was sent,
 * and the result). The rows are stored as the session wrote them (codes and JSON); the
 * table reads them in the viewer's language: the local date and time, the action's and
 * the outcome's names, the door or alarm by name, and the details as a sentence
 * (yz_audit_describe(), which the PDF report uses too). Searchable, in the stored words and
 * in the shown ones; "Check the Chain" runs the check `yizhan --verify-audit` runs (the
 * chain, the signatures, the signed head) and names the first row affected or the rows cut.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "yz-audit-window"

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <stdio.h>
#include <string.h>

#include "yz-audit-window.h"
#include "yz-door-reason.h"
#include "yz-labels.h"
#include "yz-record-audit.h"
#include "yz-vocabulary.h"

#define MAX_ROWS 5000

/* One row of the log, as the table shows it. */
#define YZ_TYPE_AUDIT_RECORD (yz_audit_record_get_type ())
G_DECLARE_FINAL_TYPE (YzAuditRecord, yz_audit_record, YZ, AUDIT_RECORD, GObject)

struct _YzAuditRecord
{
  GObject parent_instance;
  gint64 id;
  gint64 time;
  char *operator_name;
  char *action;
  char *target;
  char *params;
  char *phase;
  char *result;
  char *target_name; /* as the table shows it; the id when nothing is known of it */
};

G_DEFINE_FINAL_TYPE (YzAuditRecord, yz_audit_record, G_TYPE_OBJECT)

static void
yz_audit_record_finalize (GObject *object)
{
  YzAuditRecord *self = YZ_AUDIT_RECORD (object);

  g_free (self->operator_name);
  g_free (self->action);
  g_free (self->target);
  g_free (self->params);
  g_free (self->phase);
  g_free (self->result);
  g_free (self->target_name);

  G_OBJECT_CLASS (yz_audit_record_parent_class)->finalize (object);
}

static void
yz_audit_record_class_init (YzAuditRecordClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = yz_audit_record_finalize;
}

static void
yz_audit_record_init (YzAuditRecord *self)
{
}

struct _YzAuditWindow
{
  AdwWindow parent_instance;

  YzStore *store;
  GListStore *records;
  GtkSearchEntry *search;
  GtkLabel *verdict;
  GtkColumnView *view;
  char *verdict_text;
};

G_DEFINE_FINAL_TYPE (YzAuditWindow, yz_audit_window, ADW_TYPE_WINDOW)

typedef YzAuditColumn Column;

/* ---- reading a row ---- */

static const char *
member (JsonObject *object, const char *name)
{
  JsonNode *node = object ? json_object_get_member (object, name) : NULL;

  return node != NULL && JSON_NODE_HOLDS_VALUE (node) &&
                 json_node_get_value_type (node) == G_TYPE_STRING
             ? json_node_get_string (node)
             : NULL;
}

static gboolean
member_int (JsonObject *object, const char *name, gint64 *value)
{
  JsonNode *node = object ? json_object_get_member (object, name) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_INT64)
    return FALSE;
  *value = json_node_get_int (node);
  return TRUE;
}

/* A door command's reason: its name in the viewer's language, the officer's words after
 * it. Rows written before the codes hold the preset's text instead; it is read the same. */
static char *
describe_reason (JsonObject *params)
{
  g_autofree char *words = NULL;
  g_autofree char *code = yz_door_reason_parse (member (params, "reason"), &words);
  const char *details = member (params, "details");

  if (details != NULL && words == NULL)
    words = g_strdup (details);
  if (words == NULL)
    return g_strdup (yz_label_door_reason (code));
  return g_strdup_printf ("%s — %s", yz_label_door_reason (code), words);
}

/* The request: what was asked, as a sentence. */
static char *
describe_request (const char *action, const char *target_name, JsonObject *params)
{
  GString *text = g_string_new (NULL);
  const char *note = member (params, "note");
  gint64 n;

  if (g_strcmp0 (action, "door-command") == 0)
    {
      const char *command = member (params, "command");
      g_autofree char *what = NULL;
      g_autofree char *reason = describe_reason (params);

      if (g_strcmp0 (command, YZ_DOOR_CMD_KEEP_OPEN) == 0 && member_int (params, "minutes", &n))
        /* TRANSLATORS: a door command and for how long, e.g. "Keep Open for 30 min" */
        what = g_strdup_printf (_("%s for %d min"), yz_label_door_command (command), (int)n);
      else
        what = g_strdup (yz_label_door_command (command));
      /* TRANSLATORS: "Open Once, door 主门, reason: Worker locked out, identity confirmed" */
      g_string_append_printf (text, _("%s, door %s, reason: %s"), what,
                              target_name ? target_name : "", reason);
      return g_string_free (text, FALSE);
    }
  if (g_strcmp0 (action, "alarm-assign") == 0 && member (params, "to") != NULL)
    g_string_append_printf (text, _("To %s"), member (params, "to"));
  if (g_strcmp0 (action, "alarm-resolve") == 0 && member (params, "category") != NULL)
    g_string_append_printf (text, _("Resolved as: %s"),
                            yz_label_resolve_category (member (params, "category")));
  if (g_strcmp0 (action, "stock-restock") == 0 && member_int (params, "quantity", &n))
    g_string_append_printf (text, _("Delivered: %d"), (int)n);
  if (g_strcmp0 (action, "stock-threshold") == 0 && member_int (params, "low_threshold", &n))
    g_string_append_printf (text, _("Low at %d or fewer"), (int)n);
  if (g_strcmp0 (action, "device-power") == 0 && params != NULL &&
      json_object_has_member (params, "on"))
    g_string_append (text, json_object_get_boolean_member (params, "on") ? _("Switch on")
                                                                         : _("Switch off"));
  if (note != NULL)
    {
      if (text->len > 0)
        /* TRANSLATORS: between two parts of an audit row's details */
        g_string_append (text, C_("audit details", ", "));
      g_string_append_printf (text, _("note: %s"), note);
    }
  return g_string_free (text, FALSE);
}

/* The result: what came of it. A failure's words are the session's, in the language of
 * the console that wrote the row. */
static char *
describe_result (const char *action, const char *result)
{
  const char *colon;
  long level, threshold;

  if (result == NULL)
    return g_strdup ("");
  if (g_str_has_prefix (result, "refused: ") || g_str_has_prefix (result, "no-answer: ") ||
      g_str_has_prefix (result, "unknown: ") || g_str_has_prefix (result, "expired: ") ||
      g_str_has_prefix (result, "error: "))
    {
      colon = strchr (result, ':');
      return g_strdup (colon + 2);
    }
  if (g_strcmp0 (action, "door-command") == 0 && g_str_equal (result, "ok"))
    return g_strdup (_("The door carried out the command"));
  if (g_str_has_prefix (action ? action : "", "alarm-"))
    return g_strdup (yz_label_alarm_action (result));
  if (g_str_has_prefix (action ? action : "", "stock-") &&
      sscanf (result, "level %ld, threshold %ld", &level, &threshold) == 2)
    return g_strdup_printf (_("Level %ld, low at %ld or fewer"), level, threshold);
  if (g_strcmp0 (action, "device-power") == 0)
    return g_strdup (yz_label_device_state (result));
  return g_strdup (result);
}

/**
 * yz_audit_describe:
 * @target_name: (nullable): the door's (or alarm's, item's) name as shown
 *
 * An audit row's details as readable text in the viewer's language: for a request, what
 * was asked ("Open Once, door 主门, reason: Worker locked out, identity confirmed"); for a
 * result, what came of it. A row that is not what this version wrote is shown as stored.
 */
char *
yz_audit_describe (const char *action, const char *target_name, const char *params,
                   const char *phase, const char *result)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonNode *root;

  if (g_strcmp0 (phase, "request") != 0 && result != NULL && g_str_has_prefix (result, "late: "))
    {
      g_autofree char *text = describe_result (action, result + strlen ("late: "));

      /* TRANSLATORS: an answer that came after the command's outcome was recorded as
       * unknown; %s: what it said */
      return g_strdup_printf (_("Late answer: %s"), text);
    }
  if (g_strcmp0 (phase, "request") != 0)
    return describe_result (action, result);
  if (params == NULL || !json_parser_load_from_data (parser, params, -1, NULL) ||
      (root = json_parser_get_root (parser)) == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return g_strdup (params ? params : "");

  return describe_request (action, target_name, json_node_get_object (root));
}

/* The target by name: the station, then the door, device, item or alarm type. */
static char *
target_label (const YzAuditRow *row)
{
  const char *target = row->target;
  const char *door = row->door_name;
  const char *device = row->device_name;
  const char *item = row->stock_item;
  const char *alarm = row->alarm_type;
  const char *station = row->station_name;
  const char *thing = door     ? door
                      : device ? device
                      : item   ? yz_label_stock_item (item)
                      : alarm  ? yz_label_alarm_type (alarm)
                               : NULL;

  if (thing == NULL)
    return g_strdup (target ? target : "");
  if (station == NULL)
    return g_strdup (thing);
  return g_strdup_printf ("%s · %s", station, thing);
}

/* The codes whose name in the viewer's language contains @folded, as a JSON array. */
static char *
codes_named (const char *const *codes, const char *(*label) (const char *), const char *folded)
{
  g_autoptr(GString) json = g_string_new ("[");

  for (guint i = 0; codes[i] != NULL; i++)
    {
      g_autofree char *name = g_utf8_casefold (label (codes[i]), -1);

      if (strstr (name, folded) != NULL)
        g_string_append_printf (json, "%s\"%s\"", json->len > 1 ? "," : "", codes[i]);
    }
  g_string_append_c (json, ']');
  return g_string_free (g_steal_pointer (&json), FALSE);
}

static void
load (YzAuditWindow *self, const char *text)
{
  static const char *const actions[] = { "door-command",    "alarm-acknowledge", "alarm-assign",
                                         "alarm-resolve",   "alarm-reopen",      "stock-restock",
                                         "stock-threshold", "device-power",      NULL };
  static const char *const outcomes[] = { "refused", "no-answer", "unknown",
                                          "expired", "error",     NULL };
  g_autoptr(GPtrArray) rows = NULL;

  g_list_store_remove_all (self->records);
  if (text != NULL && text[0] != '\0')
    {
      g_autofree char *folded = g_utf8_casefold (text, -1);
      g_autofree char *named_actions = codes_named (actions, yz_label_audit_action, folded);
      g_autofree char *named_reasons =
          codes_named (yz_door_reason_codes (), yz_label_door_reason, folded);
      g_autofree char *named_commands =
          codes_named (yz_door_commands (), yz_label_door_command, folded);
      g_autofree char *named_outcomes = codes_named (outcomes, yz_label_audit_outcome, folded);
      g_autofree char *requested = g_utf8_casefold (yz_label_audit_outcome ("requested"), -1);
      g_autofree char *carried_out = g_utf8_casefold (yz_label_audit_outcome ("carried-out"), -1);
      g_autofree char *like = g_strdup_printf ("%%%s%%", text);
      YzAuditSearch search = {
        .like = like,
        .actions = named_actions,
        .reasons = named_reasons,
        .commands = named_commands,
        .outcomes = named_outcomes,
        .requested = strstr (requested, folded) != NULL,
        .carried_out = strstr (carried_out, folded) != NULL,
      };

      rows = yz_record_audit_rows (self->store, &search, MAX_ROWS);
    }
  else
    rows = yz_record_audit_rows (self->store, NULL, MAX_ROWS);
  for (guint i = 0; i < rows->len; i++)
    {
      const YzAuditRow *row = g_ptr_array_index (rows, i);
      YzAuditRecord *record = g_object_new (YZ_TYPE_AUDIT_RECORD, NULL);

      record->id = row->id;
      record->time = row->time;
      record->operator_name = g_strdup (row->operator_name);
      record->action = g_strdup (row->action);
      record->target = g_strdup (row->target);
      record->params = g_strdup (row->params);
      record->phase = g_strdup (row->phase);
      record->result = g_strdup (row->result);
      record->target_name = target_label (row);
      g_list_store_append (self->records, record);
      g_object_unref (record);
    }
}

static void
search_changed_cb (YzAuditWindow *self)
{
  load (self, gtk_editable_get_text (GTK_EDITABLE (self->search)));
}

/* What one cell shows. */
static char *
cell_text (YzAuditRecord *record, Column column)
{
  g_autoptr(GDateTime) time = NULL;

  switch (column)
    {
    case YZ_AUDIT_COLUMN_TIME:
      /* The date always: the log spans days, and a row is evidence. */
      time = g_date_time_new_from_unix_local (record->time / 1000);
      return time ? g_date_time_format (time, "%Y-%m-%d %H:%M:%S") : g_strdup ("?");
    case YZ_AUDIT_COLUMN_OPERATOR:
      return g_strdup (record->operator_name);
    case YZ_AUDIT_COLUMN_ACTION:
      return g_strdup (yz_label_audit_action (record->action));
    case YZ_AUDIT_COLUMN_TARGET:
      return g_strdup (record->target_name);
    case YZ_AUDIT_COLUMN_OUTCOME:
      return g_strdup (
          yz_label_audit_outcome (yz_audit_outcome_of (record->phase, record->result)));
    case YZ_AUDIT_COLUMN_DETAILS:
      return yz_audit_describe (record->action, record->target_name, record->params, record->phase,
                                record->result);
    default:
      return NULL;
    }
}

static void
cell_setup_cb (GtkSignalListItemFactory *factory, GtkListItem *item, gpointer user_data)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_list_item_set_child (item, label);
}

static void
cell_bind_cb (GtkSignalListItemFactory *factory, GtkListItem *item, gpointer user_data)
{
  YzAuditRecord *record = gtk_list_item_get_item (item);
  GtkLabel *label = GTK_LABEL (gtk_list_item_get_child (item));
  g_autofree char *text = cell_text (record, (Column)GPOINTER_TO_INT (user_data));

  gtk_label_set_text (label, text ? text : "");
  gtk_widget_set_tooltip_text (GTK_WIDGET (label), text);
}

static void
add_column (GtkColumnView *view, Column column, const char *title, gboolean expand)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  GtkColumnViewColumn *view_column;

  g_signal_connect (factory, "setup", G_CALLBACK (cell_setup_cb), GINT_TO_POINTER (column));
  g_signal_connect (factory, "bind", G_CALLBACK (cell_bind_cb), GINT_TO_POINTER (column));
  view_column = gtk_column_view_column_new (title, factory);
  gtk_column_view_column_set_expand (view_column, expand);
  gtk_column_view_column_set_resizable (view_column, TRUE);
  gtk_column_view_append_column (view, view_column);
  g_object_unref (view_column);
}

static void
check_clicked_cb (YzAuditWindow *self)
{
  yz_audit_window_check (self);
}

static void
yz_audit_window_dispose (GObject *object)
{
  YzAuditWindow *self = YZ_AUDIT_WINDOW (object);

  g_clear_object (&self->store);
  g_clear_object (&self->records);
  g_clear_pointer (&self->verdict_text, g_free);
  gtk_widget_dispose_template (GTK_WIDGET (object), YZ_TYPE_AUDIT_WINDOW);

  G_OBJECT_CLASS (yz_audit_window_parent_class)->dispose (object);
}

static void
yz_audit_window_class_init (YzAuditWindowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = yz_audit_window_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/yz-audit-window.ui");
  gtk_widget_class_bind_template_child (widget_class, YzAuditWindow, search);
  gtk_widget_class_bind_template_child (widget_class, YzAuditWindow, verdict);
  gtk_widget_class_bind_template_child (widget_class, YzAuditWindow, view);
  gtk_widget_class_bind_template_callback (widget_class, check_clicked_cb);
}

static void
yz_audit_window_init (YzAuditWindow *self)
{
  g_autoptr(GtkNoSelection) selection = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));
  self->records = g_list_store_new (YZ_TYPE_AUDIT_RECORD);
  g_signal_connect_swapped (self->search, "search-changed", G_CALLBACK (search_changed_cb), self);

  selection = gtk_no_selection_new (g_object_ref (G_LIST_MODEL (self->records)));
  gtk_column_view_set_model (self->view, GTK_SELECTION_MODEL (selection));
  add_column (self->view, YZ_AUDIT_COLUMN_TIME, _("Time"), FALSE);
  add_column (self->view, YZ_AUDIT_COLUMN_OPERATOR, _("Operator"), FALSE);
  add_column (self->view, YZ_AUDIT_COLUMN_ACTION, _("Action"), FALSE);
  add_column (self->view, YZ_AUDIT_COLUMN_TARGET, _("Target"), FALSE);
  add_column (self->view, YZ_AUDIT_COLUMN_OUTCOME, _("Outcome"), FALSE);
  add_column (self->view, YZ_AUDIT_COLUMN_DETAILS, _("Details"), TRUE);
}

YzAuditWindow *
yz_audit_window_new (GtkWindow *parent, YzStore *store)
{
  YzAuditWindow *self;

  g_return_val_if_fail (YZ_IS_STORE (store), NULL);

  self = g_object_new (YZ_TYPE_AUDIT_WINDOW, "transient-for", parent, NULL);
  self->store = g_object_ref (store);
  load (self, NULL);

  return self;
}

void
yz_audit_window_search (YzAuditWindow *self, const char *text)
{
  gtk_editable_set_text (GTK_EDITABLE (self->search), text ? text : "");
  load (self, text);
}

GListModel *
yz_audit_window_get_model (YzAuditWindow *self)
{
  return G_LIST_MODEL (self->records);
}

/* The check `yizhan --verify-audit` runs, without asking the gateway: the chain, the rows'
 * signatures and the signed head kept outside the database (a tail cut off). Says whether
 * the log is intact, and shows the verdict in its words. */
gboolean
yz_audit_window_check (YzAuditWindow *self)
{
  int code;

  g_free (self->verdict_text);
  code = yz_store_audit_report (self->store, &self->verdict_text);
  gboolean whole = code == 0 || code == 3;

  gtk_label_set_text (self->verdict, self->verdict_text);
  if (whole)
    gtk_widget_remove_css_class (GTK_WIDGET (self->verdict), "error");
  else
    gtk_widget_add_css_class (GTK_WIDGET (self->verdict), "error");

  return whole;
}

const char *
yz_audit_window_get_verdict (YzAuditWindow *self)
{
  return self->verdict_text;
}

/* The text of one cell, as the table shows it (for tests and the report). */
char *
yz_audit_window_get_cell_text (YzAuditWindow *self, guint position, YzAuditColumn column)
{
  g_autoptr(YzAuditRecord) record = NULL;

  g_return_val_if_fail (YZ_IS_AUDIT_WINDOW (self), NULL);

  record = g_list_model_get_item (G_LIST_MODEL (self->records), position);
  return record ? cell_text (record, column) : NULL;
}
