/* yz-audit-window.c
 *
 * The audit log, newest first: who did what to which door, alarm, stock or device, why,
 * and what came of it (each action is two rows: the request, written before it was sent,
 * and the result). Searchable; "Check the Chain" recomputes the hash chain, as
 * `yizhan --verify-audit` does, and names the first broken row.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "yz-audit-window"

#include "config.h"

#include <glib/gi18n.h>
#include <sqlite3.h>

#include "yz-audit-window.h"
#include "yz-labels.h"
#include "yz-store-private.h"

#define MAX_ROWS 5000

/* One row of the log, as the table shows it. */
#define YZ_TYPE_AUDIT_RECORD (yz_audit_record_get_type ())
G_DECLARE_FINAL_TYPE (YzAuditRecord, yz_audit_record, YZ, AUDIT_RECORD, GObject)

struct _YzAuditRecord
{
  GObject  parent_instance;
  gint64   id;
  gint64   time;
  char    *operator_name;
  char    *action;
  char    *target;
  char    *params;
  char    *phase;
  char    *result;
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
  AdwWindow       parent_instance;

  YzStore        *store;
  GListStore     *records;
  GtkSearchEntry *search;
  GtkLabel       *verdict;
  char           *verdict_text;
};

G_DEFINE_FINAL_TYPE (YzAuditWindow, yz_audit_window, ADW_TYPE_WINDOW)

typedef enum {
  COLUMN_TIME,
  COLUMN_OPERATOR,
  COLUMN_ACTION,
  COLUMN_TARGET,
  COLUMN_PHASE,
  COLUMN_DETAILS,
} Column;

static void
load (YzAuditWindow *self,
      const char    *text)
{
  sqlite3_stmt *stmt;
  g_autofree char *like = NULL;

  g_list_store_remove_all (self->records);
  if (text != NULL && text[0] != '\0')
    {
      stmt = yz_store_prepare (self->store,
                               "SELECT id, time, operator, action, target, params, phase, result FROM audit_log"
                               " WHERE operator LIKE ?1 OR action LIKE ?1 OR target LIKE ?1 OR params LIKE ?1"
                               " OR result LIKE ?1 ORDER BY id DESC LIMIT ?2", NULL);
      like = g_strdup_printf ("%%%s%%", text);
      if (stmt != NULL)
        sqlite3_bind_text (stmt, 1, like, -1, SQLITE_TRANSIENT);
    }
  else
    stmt = yz_store_prepare (self->store,
                             "SELECT id, time, operator, action, target, params, phase, result FROM audit_log"
                             " WHERE ?1 IS NULL ORDER BY id DESC LIMIT ?2", NULL);
  if (stmt == NULL)
    return;
  sqlite3_bind_int (stmt, 2, MAX_ROWS);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      YzAuditRecord *record = g_object_new (YZ_TYPE_AUDIT_RECORD, NULL);

      record->id = sqlite3_column_int64 (stmt, 0);
      record->time = sqlite3_column_int64 (stmt, 1);
      record->operator_name = g_strdup ((const char *)sqlite3_column_text (stmt, 2));
      record->action = g_strdup ((const char *)sqlite3_column_text (stmt, 3));
      record->target = g_strdup ((const char *)sqlite3_column_text (stmt, 4));
      record->params = g_strdup ((const char *)sqlite3_column_text (stmt, 5));
      record->phase = g_strdup ((const char *)sqlite3_column_text (stmt, 6));
      record->result = g_strdup ((const char *)sqlite3_column_text (stmt, 7));
      g_list_store_append (self->records, record);
      g_object_unref (record);
    }
  sqlite3_reset (stmt);
}

static void
search_changed_cb (YzAuditWindow *self)
{
  load (self, gtk_editable_get_text (GTK_EDITABLE (self->search)));
}

static void
cell_setup_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               gpointer                  user_data)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_list_item_set_child (item, label);
}

static void
cell_bind_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              gpointer                  user_data)
{
  YzAuditRecord *record = gtk_list_item_get_item (item);
  GtkLabel *label = GTK_LABEL (gtk_list_item_get_child (item));
  g_autofree char *text = NULL;

  switch ((Column)GPOINTER_TO_INT (user_data))
    {
    case COLUMN_TIME: text = yz_format_time (record->time); break;
    case COLUMN_OPERATOR: text = g_strdup (record->operator_name); break;
    case COLUMN_ACTION: text = g_strdup (record->action); break;
    case COLUMN_TARGET: text = g_strdup (record->target); break;
    case COLUMN_PHASE:
      text = g_strdup (g_strcmp0 (record->phase, "request") == 0 ? _("Asked") : _("Outcome"));
      break;
    case COLUMN_DETAILS:
      text = g_strdup (g_strcmp0 (record->phase, "request") == 0 ? record->params : record->result);
      break;
    default: break;
    }
  gtk_label_set_text (label, text ? text : "");
  gtk_widget_set_tooltip_text (GTK_WIDGET (label), text);
}

static void
add_column (GtkColumnView *view,
            Column         column,
            const char    *title,
            gboolean       expand)
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

  G_OBJECT_CLASS (yz_audit_window_parent_class)->dispose (object);
}

static void
yz_audit_window_class_init (YzAuditWindowClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = yz_audit_window_dispose;
}

static void
yz_audit_window_init (YzAuditWindow *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *header = adw_header_bar_new ();
  GtkWidget *check = gtk_button_new_with_mnemonic (_("_Check the Chain"));
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkWidget *view;
  g_autoptr(GtkNoSelection) selection = NULL;

  gtk_window_set_title (GTK_WINDOW (self), _("Audit Log"));
  gtk_window_set_default_size (GTK_WINDOW (self), 1100, 650);
  self->records = g_list_store_new (YZ_TYPE_AUDIT_RECORD);
  self->search = GTK_SEARCH_ENTRY (gtk_search_entry_new ());
  g_object_set (self->search, "placeholder-text", _("Operator, door, alarm or reason"), NULL);
  gtk_widget_set_size_request (GTK_WIDGET (self->search), 320, -1);
  g_signal_connect_swapped (self->search, "search-changed", G_CALLBACK (search_changed_cb), self);
  adw_header_bar_set_title_widget (ADW_HEADER_BAR (header), GTK_WIDGET (self->search));
  gtk_widget_set_tooltip_text (check, _("Recompute every row's hash, as yizhan --verify-audit does"));
  g_signal_connect_swapped (check, "clicked", G_CALLBACK (check_clicked_cb), self);
  adw_header_bar_pack_start (ADW_HEADER_BAR (header), check);

  self->verdict = GTK_LABEL (gtk_label_new (_("Each action is two rows: what was asked, written before it was sent, and its outcome.")));
  gtk_label_set_xalign (self->verdict, 0);
  gtk_label_set_wrap (self->verdict, TRUE);
  gtk_widget_set_margin_start (GTK_WIDGET (self->verdict), 12);
  gtk_widget_set_margin_end (GTK_WIDGET (self->verdict), 12);
  gtk_widget_set_margin_top (GTK_WIDGET (self->verdict), 6);
  gtk_widget_set_margin_bottom (GTK_WIDGET (self->verdict), 6);

  selection = gtk_no_selection_new (g_object_ref (G_LIST_MODEL (self->records)));
  view = gtk_column_view_new (GTK_SELECTION_MODEL (g_object_ref (selection)));
  gtk_column_view_set_show_row_separators (GTK_COLUMN_VIEW (view), TRUE);
  gtk_widget_add_css_class (view, "data-table");
  add_column (GTK_COLUMN_VIEW (view), COLUMN_TIME, _("Time"), FALSE);
  add_column (GTK_COLUMN_VIEW (view), COLUMN_OPERATOR, _("Operator"), FALSE);
  add_column (GTK_COLUMN_VIEW (view), COLUMN_ACTION, _("Action"), FALSE);
  add_column (GTK_COLUMN_VIEW (view), COLUMN_TARGET, _("Target"), FALSE);
  add_column (GTK_COLUMN_VIEW (view), COLUMN_PHASE, _("Row"), FALSE);
  add_column (GTK_COLUMN_VIEW (view), COLUMN_DETAILS, _("Details"), TRUE);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), view);
  gtk_widget_set_vexpand (scrolled, TRUE);

  gtk_box_append (GTK_BOX (box), header);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->verdict));
  gtk_box_append (GTK_BOX (box), scrolled);
  adw_window_set_content (ADW_WINDOW (self), box);
}

YzAuditWindow *
yz_audit_window_new (GtkWindow *parent,
                     YzStore   *store)
{
  YzAuditWindow *self;

  g_return_val_if_fail (YZ_IS_STORE (store), NULL);

  self = g_object_new (YZ_TYPE_AUDIT_WINDOW, "transient-for", parent, NULL);
  self->store = g_object_ref (store);
  load (self, NULL);

  return self;
}

void
yz_audit_window_search (YzAuditWindow *self,
                        const char    *text)
{
  gtk_editable_set_text (GTK_EDITABLE (self->search), text ? text : "");
  load (self, text);
}

GListModel *
yz_audit_window_get_model (YzAuditWindow *self)
{
  return G_LIST_MODEL (self->records);
}

/* Recomputes the chain; says whether it is whole, and shows the verdict. */
gboolean
yz_audit_window_check (YzAuditWindow *self)
{
  g_autoptr(GError) error = NULL;
  gint64 broken = 0;
  gboolean whole = yz_store_audit_verify (self->store, &broken, &error);

  g_free (self->verdict_text);
  if (error != NULL)
    self->verdict_text = g_strdup_printf (_("The audit log cannot be read: %s"), error->message);
  else if (whole)
    self->verdict_text = g_strdup (_("The chain is whole: no row was changed, removed or inserted."));
  else
    {
      g_autofree char *row = g_strdup_printf ("%" G_GINT64_FORMAT, broken);

      self->verdict_text = g_strdup_printf (_("The chain is broken at row %s: that row or one before it was changed."), row);
    }
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
