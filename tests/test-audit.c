/* test-audit.c — the officer's actions and their record, against yizhan-sim: the station
 * panel's actions while disconnected (off, with the reason) and back; the door dialog
 * that keeps an error in view (not connected, refused by the gateway) and closes only once
 * the command is taken, its result then a toast; reason codes counted as one whatever the
 * language they were sent in; and the audit log window, read in the viewer's language.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <adwaita.h>
#include <sqlite3.h>

#include "yz-audit-window.h"
#include "yz-door-dialog.h"
#include "yz-door-reason.h"
#include "yz-labels.h"
#include "yz-secrets.h"
#include "yz-session.h"
#include "yz-station-panel.h"
#include "yz-station-row.h"
#include "yz-stats.h"
#include "yz-store-private.h"
#include "yz-test-fixture.h"
#include "yz-test-gtk.h"
#include "yz-test-util.h"

#define STATION "hz-0002"

typedef struct
{
  YzTestFixture fx;
  GtkWindow *window;
  YzStationPanel *panel;
} Fixture;

static gboolean
connected (gpointer data)
{
  Fixture *f = data;

  return yz_session_get_connection_state (f->fx.session) == YZ_CONNECTION_CONNECTED &&
         yz_session_lookup_station (f->fx.session, STATION) != NULL;
}

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  GtkWidget *overlay;

  yz_test_fixture_set_up (&f->fx, &(YzTestFixtureOptions){ .name = "audit",
                                                           .stations = 4,
                                                           .control = TRUE,
                                                           .journal = TRUE,
                                                           .ready = connected,
                                                           .ready_data = f });

  /* As in the window: the panel under a toast overlay. */
  overlay = adw_toast_overlay_new ();
  f->panel = YZ_STATION_PANEL (yz_station_panel_new ());
  gtk_widget_set_halign (GTK_WIDGET (f->panel), GTK_ALIGN_END);
  adw_toast_overlay_set_child (ADW_TOAST_OVERLAY (overlay), GTK_WIDGET (f->panel));
  f->window = yz_test_window_new (overlay, 1280, 800);
  yz_station_panel_set_session (f->panel, f->fx.session);
  yz_station_panel_set_station (f->panel, yz_session_lookup_station (f->fx.session, STATION));
  yz_test_window_show (f->window);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  gtk_window_destroy (f->window);
  yz_test_fixture_tear_down (&f->fx);
}

static void
control (Fixture *f, const char *what, const char *body)
{
  g_autoptr(JsonNode) reply = yz_test_fixture_control (&f->fx, what, body);
}

/* A panel row about an item of the type @key names ("door", "alarm", "device") that has an
 * action widget. */
static gboolean
acts_on (GtkWidget *widget, gconstpointer key)
{
  GType type = g_str_equal (key, "door")    ? YZ_TYPE_DOOR
               : g_str_equal (key, "alarm") ? YZ_TYPE_ALARM
                                            : YZ_TYPE_DEVICE;
  gpointer item;

  if (!YZ_IS_STATION_ROW (widget))
    return FALSE;
  item = yz_station_row_get_item (YZ_STATION_ROW (widget));
  return item != NULL && G_TYPE_CHECK_INSTANCE_TYPE (item, type) &&
         yz_station_row_get_action (YZ_STATION_ROW (widget)) != NULL;
}

/* The action widget of the panel's row about an item of that kind, or NULL. */
static GtkWidget *
find_action (Fixture *f, const char *key)
{
  GtkWidget *row = yz_test_find_widget (GTK_WIDGET (f->panel), acts_on, key);

  return row ? yz_station_row_get_action (YZ_STATION_ROW (row)) : NULL;
}

static gboolean
has_ack_button (gpointer data)
{
  Fixture *f = data;

  return find_action (f, "alarm") != NULL;
}

static const char *
not_connected_text (void)
{
  return yz_station_action_blocked (YZ_ROLE_OPERATOR, YZ_CONNECTION_DISCONNECTED, NULL);
}

static void
assert_actions (Fixture *f, gboolean on)
{
  const char *keys[] = { "door", "alarm", "device" };

  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    {
      GtkWidget *widget = find_action (f, keys[i]);

      if (widget == NULL && g_str_equal (keys[i], "device"))
        continue; /* a station without a switchable device */
      g_assert_nonnull (widget);
      g_assert_cmpint (gtk_widget_get_sensitive (widget), ==, on);
      if (on)
        g_assert_cmpstr (gtk_widget_get_tooltip_text (widget), !=, not_connected_text ());
      else
        g_assert_cmpstr (gtk_widget_get_tooltip_text (widget), ==, not_connected_text ());
    }
}

/* Disconnected: the door command, the acknowledgement and the power switch are off, with
 * the reason in their tooltips; back: on. */
static void
test_audit_panel_disconnected (Fixture *f, gconstpointer data)
{
  control (f, "alarm", "{\"station_id\": \"" STATION "\", \"type\": \"sos\"}");
  g_assert_true (yz_test_wait (has_ack_button, f, 10000));
  assert_actions (f, TRUE);

  yz_session_stop (f->fx.session);
  assert_actions (f, FALSE);
  if (yz_test_is_chinese ())
    g_assert_cmpstr (not_connected_text (), !=, "Not connected to the gateway");
  g_assert_true (yz_test_wait_for_draw (GTK_WIDGET (f->window), 5000));
  g_free (yz_test_screenshot (GTK_WIDGET (f->window), "station-panel-disconnected"));

  yz_session_start (f->fx.session, "operator", "operator", NULL);
  g_assert_true (yz_test_wait (yz_test_session_is_connected, f->fx.session, 20000));
  g_assert_true (yz_test_wait (has_ack_button, f, 10000));
  assert_actions (f, TRUE);
}

static YzDoor *
first_door (Fixture *f)
{
  YzStation *station = yz_session_lookup_station (f->fx.session, STATION);
  g_autoptr(YzDoor) door = g_list_model_get_item (yz_station_get_doors (station), 0);

  g_assert_nonnull (door);
  return door; /* the station holds it */
}

static gboolean
status_says_disconnected (gpointer data)
{
  return g_strcmp0 (yz_door_dialog_get_status (data),
                    g_dgettext (GETTEXT_PACKAGE, "Not connected to the gateway: nothing was sent. "
                                                 "Try again when the connection is back.")) == 0;
}

/* The gateway's refusal names its status and code, in any language. */
static gboolean
status_says_refused (gpointer data)
{
  const char *status = yz_door_dialog_get_status (data);

  return status != NULL && strstr (status, "409") != NULL;
}

static gboolean
dialog_closed (gpointer data)
{
  return yz_door_dialog_is_closed (data);
}

static gboolean
outcome_told (gpointer data)
{
  return yz_door_dialog_is_closed (data) && yz_door_dialog_get_outcome (data) != NULL;
}

/* The session disconnects while the dialog is open: it stays open, says so, cannot send;
 * sent anyway, nothing goes and the error stays in view. Back: it can send again. */
static void
test_audit_dialog_disconnected (Fixture *f, gconstpointer data)
{
  YzDoorDialog *dialog = yz_door_dialog_new (
      f->window, f->fx.session, yz_session_lookup_station (f->fx.session, STATION), first_door (f));

  g_object_ref_sink (dialog);
  gtk_window_present (GTK_WINDOW (dialog));
  yz_door_dialog_set_reason (dialog, 0, "李明");
  g_assert_true (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), "send"));
  g_assert_null (yz_door_dialog_get_status (dialog));

  yz_session_stop (f->fx.session);
  g_assert_false (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), "send"));
  g_assert_nonnull (yz_door_dialog_get_status (dialog));
  g_signal_emit_by_name (dialog, "response", "send");
  g_assert_true (yz_test_wait (status_says_disconnected, dialog, 5000));
  g_assert_false (yz_door_dialog_is_closed (dialog));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (dialog)));
  g_assert_cmpint (
      yz_test_query_int (f->fx.store,
                         "SELECT COUNT (*) FROM audit_log WHERE action = 'door-command'"),
      ==, 0);
  g_assert_true (yz_test_wait_for_draw (GTK_WIDGET (dialog), 5000));
  g_free (yz_test_screenshot (GTK_WIDGET (dialog), "door-dialog-error"));

  yz_session_start (f->fx.session, "operator", "operator", NULL);
  g_assert_true (yz_test_wait (yz_test_session_is_connected, f->fx.session, 20000));
  g_assert_true (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), "send"));
  g_assert_null (yz_door_dialog_get_status (dialog));
  /* Closed as Escape or the window's close button closes it: cancelled, gone. */
  gtk_window_close (GTK_WINDOW (dialog));
  g_assert_true (yz_door_dialog_is_closed (dialog));
  g_object_unref (dialog);
}

/* Refused by the gateway (the station is offline): the dialog stays open with the reason.
 * Online again and sent: the dialog closes, and the door's answer is a toast. */
static void
test_audit_dialog_refused_then_sent (Fixture *f, gconstpointer data)
{
  YzDoor *door = first_door (f);
  YzDoorDialog *dialog = yz_door_dialog_new (
      f->window, f->fx.session, yz_session_lookup_station (f->fx.session, STATION), door);
  g_autofree char *carried_out = NULL;

  g_object_ref_sink (dialog);
  gtk_window_present (GTK_WINDOW (dialog));
  yz_door_dialog_set_reason (dialog, 1, NULL);

  control (f, "station", "{\"station_id\": \"" STATION "\", \"online\": false}");
  /* Clicked, as the officer does: AdwMessageDialog would close itself; this one waits. */
  g_signal_emit_by_name (
      yz_test_find_button (GTK_WIDGET (dialog), g_dgettext (GETTEXT_PACKAGE, "_Send to the Door")),
      "clicked");
  g_assert_true (yz_test_wait (status_says_refused, dialog, 10000));
  g_assert_false (yz_door_dialog_is_closed (dialog));
  g_assert_true (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), "send"));
  g_assert_cmpint (yz_test_query_int (
                       f->fx.store, "SELECT COUNT (*) FROM audit_log WHERE action = 'door-command'"
                                    " AND phase = 'result' AND result LIKE 'refused: %'"),
                   ==, 1);

  g_assert_true (yz_test_wait_for_draw (GTK_WIDGET (dialog), 5000));
  g_free (yz_test_screenshot (GTK_WIDGET (dialog), "door-dialog-refused"));

  /* No animation: the toast is shown where it stays. */
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);
  control (f, "station", "{\"station_id\": \"" STATION "\", \"online\": true}");
  g_signal_emit_by_name (dialog, "response", "send");
  g_assert_true (yz_test_wait (dialog_closed, dialog, 10000));
  g_assert_true (yz_test_wait (outcome_told, dialog, 20000));
  carried_out = g_strdup_printf (g_dgettext (GETTEXT_PACKAGE, "Door %s: carried out (%s)"),
                                 yz_door_get_name (door), yz_label_door_command ("open"));
  g_assert_cmpstr (yz_door_dialog_get_outcome (dialog), ==, carried_out);
  g_assert_true (yz_test_wait_for_draw (GTK_WIDGET (f->window), 5000));
  g_free (yz_test_screenshot (GTK_WIDGET (f->window), "door-toast"));
  g_object_unref (dialog);
}

/* A toast (or any label) in the window that says exactly @text. */
static gboolean
window_says (GtkWindow *window, const char *text)
{
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();

  yz_test_collect (GTK_WIDGET (window), GTK_TYPE_LABEL, labels);
  for (guint i = 0; i < labels->len; i++)
    if (g_strcmp0 (gtk_label_get_label (g_ptr_array_index (labels, i)), text) == 0)
      return TRUE;
  return FALSE;
}

typedef struct
{
  Fixture *f;
  const char *like; /* a result row of a door command LIKE this */
} Row;

static gboolean
has_row (gpointer data)
{
  Row *row = data;

  return yz_test_store_int (row->f->fx.store,
                            "SELECT COUNT (*) FROM audit_log WHERE action = 'door-command'"
                            " AND phase = 'result' AND result LIKE '%s'",
                            row->like) == 1;
}

typedef struct
{
  GtkWindow *window;
  const char *text;
} Says;

static gboolean
says (gpointer data)
{
  Says *s = data;

  return window_says (s->window, s->text);
}

/* How many door.state events about @door_id setting @mode the simulator's journal holds. */
static guint
journal_door_states (Fixture *f, const char *door_id, const char *mode)
{
  g_autoptr(GPtrArray) events = yz_test_sim_read_journal (f->fx.journal);
  guint n = 0;

  for (guint i = 0; i < events->len; i++)
    {
      JsonObject *event = g_ptr_array_index (events, i);

      if (g_strcmp0 (json_object_get_string_member_with_default (event, "type", NULL),
                     "door.state") == 0 &&
          g_strcmp0 (json_object_get_string_member_with_default (event, "door_id", NULL),
                     door_id) == 0 &&
          g_strcmp0 (json_object_get_string_member_with_default (event, "mode", NULL), mode) == 0)
        n++;
    }
  return n;
}

typedef struct
{
  GtkWindow *except; /* the door dialog itself */
  AdwMessageDialog *dialog;
} Shown;

/* A message dialog other than the door dialog is on screen. */
static gboolean
details_shown (gpointer data)
{
  Shown *shown = data;
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (window) && window != shown->except &&
          !YZ_IS_DOOR_DIALOG (window) && gtk_widget_get_visible (GTK_WIDGET (window)))
        {
          shown->dialog = ADW_MESSAGE_DIALOG (window);
          return TRUE;
        }
    }
  return FALSE;
}

/* The gateway takes the command and the door answers after the console stopped waiting:
 * the dialog has closed, and the toast says the outcome is unknown and what state the door
 * is in, asked again; written as "unknown". The answer, when it comes, is written as a
 * further result row and told in a toast that stays. */
static void
test_audit_dialog_outcome_unknown (Fixture *f, gconstpointer data)
{
  YzDoor *door = first_door (f);
  YzDoorDialog *dialog = yz_door_dialog_new (
      f->window, f->fx.session, yz_session_lookup_station (f->fx.session, STATION), door);
  g_autofree char *late =
      yz_door_late_result_text (yz_door_get_name (door), "open", "carried-out", NULL);
  Row unknown = { f, "unknown: %" };
  Row carried_out = { f, "late: ok" };
  Says late_told = { f->window, late };
  Shown shown = { (GtkWindow *)dialog, NULL };
  GtkWidget *details;
  const char *outcome;

  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);
  yz_door_dialog_watch_late_results (f->fx.session, GTK_WIDGET (f->panel));
  control (f, "faults", "{\"fault_door_delay_ms\": 1500}");
  g_object_ref_sink (dialog);
  gtk_window_present (GTK_WINDOW (dialog));
  yz_session_set_door_timeout (f->fx.session, 300); /* ms: before the door answers */
  yz_door_dialog_set_reason (dialog, 2, NULL);
  g_signal_emit_by_name (dialog, "response", "send");
  g_assert_true (yz_test_wait (outcome_told, dialog, 10000));
  g_assert_true (has_row (&unknown));
  outcome = yz_door_dialog_get_outcome (dialog);
  g_test_message ("told: %s", outcome);
  /* Not "carried out", not "failed": unknown, with the door's state as asked again. */
  g_assert_nonnull (strstr (outcome, yz_door_get_name (door)));
  g_assert_nonnull (strstr (outcome, yz_label_door_state (yz_door_get_state (door))));
  g_assert_true (window_says (f->window, outcome));
  g_assert_true (yz_test_wait_for_draw (GTK_WIDGET (f->window), 5000));
  g_free (yz_test_screenshot (GTK_WIDGET (f->window), "door-outcome-unknown"));

  /* Why, and until when the door may still act: behind the toast's "Details". */
  details = yz_test_find_button (GTK_WIDGET (f->window), g_dgettext (GETTEXT_PACKAGE, "_Details"));
  g_assert_nonnull (details);
  g_signal_emit_by_name (details, "clicked");
  g_assert_true (yz_test_wait (details_shown, &shown, 5000));
  g_assert_cmpstr (adw_message_dialog_get_heading (shown.dialog), ==, outcome);
  g_assert_cmpuint (strlen (adw_message_dialog_get_body (shown.dialog)), >, 0);
  g_assert_true (yz_test_wait_for_draw (GTK_WIDGET (shown.dialog), 5000));
  g_free (yz_test_screenshot (GTK_WIDGET (shown.dialog), "door-outcome-details"));
  gtk_window_destroy (GTK_WINDOW (shown.dialog));

  g_assert_true (yz_test_wait (has_row, &carried_out, 10000));
  g_assert_true (yz_test_wait (says, &late_told, 5000));
  g_assert_true (yz_test_wait_for_draw (GTK_WIDGET (f->window), 5000));
  g_free (yz_test_screenshot (GTK_WIDGET (f->window), "door-late-result"));
  g_assert_true (yz_store_audit_verify (f->fx.store, NULL, NULL));
  g_object_unref (dialog);
}

/* The door would act after the command's expiry: the simulator does not carry it out (no
 * door.state in its journal, the door as it was), and the console, which stopped waiting,
 * tells the late answer: not carried out (expired). */
static void
test_audit_dialog_expired_late (Fixture *f, gconstpointer data)
{
  YzDoor *door = first_door (f);
  YzDoorDialog *dialog = yz_door_dialog_new (
      f->window, f->fx.session, yz_session_lookup_station (f->fx.session, STATION), door);
  g_autofree char *late =
      yz_door_late_result_text (yz_door_get_name (door), "keep-open", "expired", NULL);
  Row expired = { f, "late: expired: %" };
  Says late_told = { f->window, late };

  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);
  yz_door_dialog_watch_late_results (f->fx.session, GTK_WIDGET (f->panel));
  control (f, "faults", "{\"fault_door_delay_ms\": 2500}");
  g_object_ref_sink (dialog);
  gtk_window_present (GTK_WINDOW (dialog));
  yz_session_set_door_timeout (f->fx.session, 300);
  yz_session_set_door_expiry (f->fx.session, 1000); /* before the door answers */
  yz_door_dialog_set_command (dialog, YZ_DOOR_COMMAND_KEEP_OPEN, 30);
  yz_door_dialog_set_reason (dialog, 2, NULL);
  g_signal_emit_by_name (dialog, "response", "send");
  g_assert_true (yz_test_wait (outcome_told, dialog, 10000));
  g_assert_true (yz_test_wait (has_row, &expired, 10000));
  g_assert_true (yz_test_wait (says, &late_told, 5000));
  g_assert_cmpuint (journal_door_states (f, yz_door_get_id (door), "always-open"), ==, 0);
  g_assert_cmpstr (yz_door_get_mode (door), !=, "always-open");
  g_assert_true (yz_test_wait_for_draw (GTK_WIDGET (f->window), 5000));
  g_free (yz_test_screenshot (GTK_WIDGET (f->window), "door-late-expired"));
  g_object_unref (dialog);
}

static gboolean
status_says_expired (gpointer data)
{
  const char *status = yz_door_dialog_get_status (data);

  return status != NULL &&
         g_str_equal (status, g_dgettext (GETTEXT_PACKAGE, "Not carried out (expired): the "
                                                           "command reached the gateway too late"));
}

/* The command reaches the gateway after its expiry (every reply is slower than that): refused,
 * not carried out; the dialog, still open, says so, and the row is written as expired. */
static void
test_audit_dialog_expired (Fixture *f, gconstpointer data)
{
  YzDoor *door = first_door (f);
  YzDoorDialog *dialog = yz_door_dialog_new (
      f->window, f->fx.session, yz_session_lookup_station (f->fx.session, STATION), door);
  Row expired = { f, "expired: %" };

  control (f, "faults", "{\"fault_latency_ms\": 1200}");
  g_object_ref_sink (dialog);
  gtk_window_present (GTK_WINDOW (dialog));
  yz_session_set_door_expiry (f->fx.session, 300);
  yz_door_dialog_set_reason (dialog, 2, NULL);
  g_signal_emit_by_name (dialog, "response", "send");
  g_assert_true (yz_test_wait (status_says_expired, dialog, 10000));
  g_assert_false (yz_door_dialog_is_closed (dialog));
  g_assert_true (has_row (&expired));
  control (f, "faults", "{\"fault_latency_ms\": 0}");
  g_assert_true (yz_test_wait_for_draw (GTK_WIDGET (dialog), 5000));
  g_free (yz_test_screenshot (GTK_WIDGET (dialog), "door-dialog-expired"));
  gtk_window_close (GTK_WINDOW (dialog));
  g_object_unref (dialog);
}

/* One preset reason, sent by a Chinese and an English console (before the codes: as the
 * preset's text; now: as the code), is one reason in the statistics, and is named in the
 * viewer's language. */
static void
test_audit_reason_codes (Fixture *f, gconstpointer data)
{
  YzStore *store = yz_session_get_store (f->fx.session);
  g_autoptr(GTimeZone) tz = g_time_zone_new_local ();
  g_autofree char *reason = yz_door_reason_text (0, NULL);
  g_autofree char *words = NULL;
  g_autofree char *code = NULL;
  YzStatsFilter filter = { 0 };
  YzStatsSupplies supplies;
  g_autoptr(GError) error = NULL;
  gint64 now = g_get_real_time () / 1000;
  guint n = 0;

  g_assert_cmpstr (reason, ==, "worker-locked-out");
  code = yz_door_reason_parse ("劳动者被锁在门外，身份已确认: 李明", &words);
  g_assert_cmpstr (code, ==, "worker-locked-out");
  g_assert_cmpstr (words, ==, "李明");
  g_clear_pointer (&code, g_free);
  code = yz_door_reason_parse ("the van is here", &words);
  g_assert_cmpstr (code, ==, "other");
  g_assert_cmpstr (words, ==, "the van is here");

  yz_stats_record_door_command (store, tz, "拱墅区", "open", reason, now);
  yz_stats_record_door_command (store, tz, "拱墅区", "open",
                                "Worker locked out, identity confirmed", now);
  yz_stats_record_door_command (store, tz, "拱墅区", "open", "劳动者被锁在门外，身份已确认", now);
  filter.from_day = yz_stats_day_of (tz, now);
  filter.to_day = filter.from_day;
  g_assert_true (yz_stats_supplies (store, &filter, &supplies, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < supplies.reasons->len; i++)
    {
      YzStatsRow *row = &g_array_index (supplies.reasons, YzStatsRow, i);

      g_assert_cmpstr (row->key, ==, "worker-locked-out");
      n += row->value;
    }
  g_assert_cmpuint (supplies.reasons->len, ==, 1);
  g_assert_cmpuint (n, ==, 3);
  yz_stats_supplies_clear (&supplies);

  if (yz_test_is_chinese ())
    g_assert_cmpstr (yz_label_door_reason ("worker-locked-out"), ==,
                     "劳动者被锁在门外，身份已确认");
  else
    g_assert_cmpstr (yz_label_door_reason ("worker-locked-out"), ==,
                     "Worker locked out, identity confirmed");
}

static gboolean
door_result_written (gpointer data)
{
  return yz_test_query_int (
             ((Fixture *)data)->fx.store,
             "SELECT COUNT (*) FROM audit_log WHERE action = 'door-command' AND phase = 'result'") >
         0;
}

/* The audit log window: date and time, the action's and the outcome's names and the
 * details in the viewer's language; a search for a shown word finds the rows. */
static void
test_audit_window (Fixture *f, gconstpointer data)
{
  YzDoor *door = first_door (f);
  YzDoorDialog *dialog = yz_door_dialog_new (
      f->window, f->fx.session, yz_session_lookup_station (f->fx.session, STATION), door);
  YzAuditWindow *audit;
  g_autofree char *time = NULL;
  g_autofree char *action = NULL;
  g_autofree char *request = NULL;
  g_autofree char *outcome = NULL;
  g_autofree char *details = NULL;
  g_autofree char *target = NULL;
  g_autoptr(GRegex) date_time =
      g_regex_new ("^\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}$", 0, 0, NULL);
  /* Signed, as a console connected to a real gateway signs its log (the key file: no
   * Secret Service in the tests' D-Bus session). */
  g_autoptr(YzAuditKey) key = yz_audit_key_get (TRUE, NULL);

  g_assert_nonnull (key);
  yz_store_set_audit_key (f->fx.store, key);
  gtk_window_present (GTK_WINDOW (dialog));
  yz_door_dialog_set_reason (dialog, 0, "李明");
  g_signal_emit_by_name (dialog, "response", "send");
  g_assert_true (yz_test_wait (door_result_written, f, 20000));

  audit = yz_audit_window_new (f->window, yz_session_get_store (f->fx.session));
  gtk_window_set_default_size (GTK_WINDOW (audit), 1280, 800);
  gtk_window_present (GTK_WINDOW (audit));
  g_assert_cmpuint (g_list_model_get_n_items (yz_audit_window_get_model (audit)), ==, 2);

  /* Newest first: the result, then the request. */
  time = yz_audit_window_get_cell_text (audit, 1, YZ_AUDIT_COLUMN_TIME);
  g_assert_true (g_regex_match (date_time, time, 0, NULL));
  action = yz_audit_window_get_cell_text (audit, 1, YZ_AUDIT_COLUMN_ACTION);
  g_assert_cmpstr (action, ==, yz_label_audit_action ("door-command"));
  if (yz_test_is_chinese ())
    g_assert_cmpstr (action, !=, "Door command");
  target = yz_audit_window_get_cell_text (audit, 1, YZ_AUDIT_COLUMN_TARGET);
  g_assert_nonnull (strstr (target, yz_door_get_name (door)));
  request = yz_audit_window_get_cell_text (audit, 1, YZ_AUDIT_COLUMN_OUTCOME);
  g_assert_cmpstr (request, ==, yz_label_audit_outcome ("requested"));
  outcome = yz_audit_window_get_cell_text (audit, 0, YZ_AUDIT_COLUMN_OUTCOME);
  g_assert_cmpstr (outcome, ==, yz_label_audit_outcome ("carried-out"));
  details = yz_audit_window_get_cell_text (audit, 1, YZ_AUDIT_COLUMN_DETAILS);
  g_assert_nonnull (strstr (details, yz_label_door_reason ("worker-locked-out")));
  g_assert_nonnull (strstr (details, yz_label_door_command ("open")));
  g_assert_nonnull (strstr (details, yz_door_get_name (door)));
  g_assert_nonnull (strstr (details, "李明"));
  g_assert_null (strchr (details, '{'));

  g_assert_true (yz_test_wait_for_draw (GTK_WIDGET (audit), 5000));
  g_free (yz_test_screenshot (GTK_WIDGET (audit), "audit-window"));

  /* Searched by the words shown, in this language. */
  yz_audit_window_search (audit, yz_label_audit_action ("door-command"));
  g_assert_cmpuint (g_list_model_get_n_items (yz_audit_window_get_model (audit)), ==, 2);
  /* Both rows of the action carry its parameters. */
  yz_audit_window_search (audit, yz_label_door_reason ("worker-locked-out"));
  g_assert_cmpuint (g_list_model_get_n_items (yz_audit_window_get_model (audit)), ==, 2);
  yz_audit_window_search (audit, "李明");
  g_assert_cmpuint (g_list_model_get_n_items (yz_audit_window_get_model (audit)), ==, 2);
  yz_audit_window_search (audit, yz_label_audit_outcome ("carried-out"));
  g_assert_cmpuint (g_list_model_get_n_items (yz_audit_window_get_model (audit)), ==, 1);
  yz_audit_window_search (audit, yz_label_audit_outcome ("requested"));
  g_assert_cmpuint (g_list_model_get_n_items (yz_audit_window_get_model (audit)), ==, 1);
  yz_audit_window_search (audit, "nothing was ever done to this");
  g_assert_cmpuint (g_list_model_get_n_items (yz_audit_window_get_model (audit)), ==, 0);
  g_assert_true (yz_audit_window_check (audit));

  /* The last row deleted behind the console's back (its trigger dropped): what is left is a
   * whole chain, and the check still finds the cut against the signed head. */
  {
    g_autofree char *intact = g_strdup (yz_audit_window_get_verdict (audit));

    yz_test_exec_sql (f->fx.store, "DROP TRIGGER audit_log_no_delete");
    yz_test_exec_sql (f->fx.store,
                      "DELETE FROM audit_log WHERE id = (SELECT max(id) FROM audit_log)");
    g_assert_true (yz_store_audit_verify (f->fx.store, NULL, NULL));
    g_assert_false (yz_audit_window_check (audit));
    g_assert_cmpstr (yz_audit_window_get_verdict (audit), !=, intact);
    if (!yz_test_is_chinese ())
      g_assert_nonnull (strstr (yz_audit_window_get_verdict (audit), "missing"));
    g_assert_true (yz_test_wait_for_draw (GTK_WIDGET (audit), 5000));
    g_free (yz_test_screenshot (GTK_WIDGET (audit), "audit-window-cut"));
  }

  gtk_window_destroy (GTK_WINDOW (audit));
}

/* The words of a door command's outcomes, as the audit window and the toasts say them: an
 * unknown outcome, an expiry, and a late answer read as what it says. */
static void
test_audit_outcome_words (void)
{
  g_autofree char *late_ok = yz_audit_describe ("door-command", NULL, NULL, "result", "late: ok");
  g_autofree char *late_expired =
      yz_audit_describe ("door-command", NULL, NULL, "result", "late: expired: too late");
  g_autofree char *unknown =
      yz_audit_describe ("door-command", NULL, NULL, "result", "unknown: no answer in 15 s");
  g_autofree char *carried_out =
      g_strdup_printf (g_dgettext (GETTEXT_PACKAGE, "Late answer: %s"),
                       g_dgettext (GETTEXT_PACKAGE, "The door carried out the command"));
  g_autofree char *expired_words =
      g_strdup_printf (g_dgettext (GETTEXT_PACKAGE, "Late answer: %s"), "too late");
  g_autofree char *late_text = yz_door_late_result_text ("正门", "open", "expired", NULL);

  g_assert_cmpstr (yz_audit_outcome_of ("result", "unknown: x"), ==, "unknown");
  g_assert_cmpstr (yz_audit_outcome_of ("result", "expired: x"), ==, "expired");
  g_assert_cmpstr (yz_audit_outcome_of ("result", "late: ok"), ==, "carried-out");
  g_assert_cmpstr (yz_audit_outcome_of ("result", "late: refused: jammed"), ==, "refused");
  g_assert_cmpstr (yz_audit_outcome_of ("result", "late: expired: x"), ==, "expired");
  g_assert_cmpstr (yz_label_audit_outcome ("unknown"), ==,
                   g_dgettext (GETTEXT_PACKAGE, "Outcome unknown"));
  g_assert_cmpstr (yz_label_audit_outcome ("expired"), ==,
                   g_dgettext (GETTEXT_PACKAGE, "Not carried out (expired)"));
  g_assert_cmpstr (late_ok, ==, carried_out);
  g_assert_cmpstr (late_expired, ==, expired_words);
  g_assert_cmpstr (unknown, ==, "no answer in 15 s");
  g_assert_nonnull (strstr (late_text, "正门"));
  g_assert_nonnull (strstr (late_text, yz_label_door_command ("open")));
}

int
main (int argc, char *argv[])
{
  yz_test_gtk_init (&argc, &argv);

  g_test_add_func ("/yizhan/audit/outcome-words", test_audit_outcome_words);
  g_test_add ("/yizhan/audit/panel-disconnected", Fixture, NULL, fixture_set_up,
              test_audit_panel_disconnected, fixture_tear_down);
  g_test_add ("/yizhan/audit/dialog-disconnected", Fixture, NULL, fixture_set_up,
              test_audit_dialog_disconnected, fixture_tear_down);
  g_test_add ("/yizhan/audit/dialog-refused-then-sent", Fixture, NULL, fixture_set_up,
              test_audit_dialog_refused_then_sent, fixture_tear_down);
  g_test_add ("/yizhan/audit/dialog-outcome-unknown", Fixture, NULL, fixture_set_up,
              test_audit_dialog_outcome_unknown, fixture_tear_down);
  g_test_add ("/yizhan/audit/dialog-expired-late", Fixture, NULL, fixture_set_up,
              test_audit_dialog_expired_late, fixture_tear_down);
  g_test_add ("/yizhan/audit/dialog-expired", Fixture, NULL, fixture_set_up,
              test_audit_dialog_expired, fixture_tear_down);
  g_test_add ("/yizhan/audit/reason-codes", Fixture, NULL, fixture_set_up, test_audit_reason_codes,
              fixture_tear_down);
  g_test_add ("/yizhan/audit/window", Fixture, NULL, fixture_set_up, test_audit_window,
              fixture_tear_down);

  return g_test_run ();
}
