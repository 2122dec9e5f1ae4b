/* yz-application.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "yz-application"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "yz-application.h"
#include "yz-demo.h"
#include "yz-gateway-backend.h"
#include "yz-secrets.h"
#include "yz-startup-report.h"
#include "yz-session.h"
#include "yz-media.h"
#include "yz-preferences-window.h"
#include "yz-record-audit.h"
#include "yz-renderer.h"
#include "yz-widgets.h"
#include "yz-url.h"
#include "yz-window.h"

struct _YzApplication
{
  AdwApplication parent_instance;

  GSettings *settings;
  YzStore *store;

  /* Why the store had to start afresh, shown once the window is up. */
  char *store_moved_to;
  GError *store_reason;
  GError *store_error;

  YzDemo *demo;
  gboolean demo_requested; /* --demo on this process's command line: no default record */
  gboolean media_started;  /* GStreamer's start, after the first window's first frame */
  gboolean demo_history_started;
  YzSession *session;
  char *gateway_url;
  char *operator_name;
  char *typed_password; /* kept until it worked, then to the keyring */
  GCancellable *cancellable;
  YzAuditKey *audit_key; /* signs the audit log; taken at the first real connection */
};

G_DEFINE_FINAL_TYPE (YzApplication, yz_application, ADW_TYPE_APPLICATION)

/* The backend of the demo's session before the simulator has a port: never asked. */
#define DEMO_OFFLINE_URL "http://127.0.0.1:9"

static const GOptionEntry main_entries[] = {
  { "demo", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("Run on the built-in simulator: a simulated city of stations, no hardware needed"), NULL },
  { "gateway", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("Connect to the gateway at URL instead of the one in the preferences"), N_("URL") },
  { "operator", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("Log in as NAME instead of the operator in the preferences"), N_("NAME") },
  { "open-stream", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("Open the video wall with the stream at URL (rtsp://, http:// MJPEG or a file) in its "
        "first tile"),
    N_("URL") },
  { "verify-audit", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("Check the audit log (its hash chain, signatures and signed head, and the gateway's "
        "witness when a gateway is set up), say what was removed or rewritten, and exit"),
    NULL },
  { "version", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Print the version and exit"), NULL },
  { NULL }
};

static void
yz_application_apply_style (YzApplication *self)
{
  AdwStyleManager *style_manager = adw_style_manager_get_default ();
  g_autofree char *style = g_settings_get_string (self->settings, "style-variant");
  AdwColorScheme scheme = ADW_COLOR_SCHEME_FORCE_DARK;

  if (g_str_equal (style, "system"))
    scheme = ADW_COLOR_SCHEME_DEFAULT;
  else if (g_str_equal (style, "light"))
    scheme = ADW_COLOR_SCHEME_FORCE_LIGHT;

  adw_style_manager_set_color_scheme (style_manager, scheme);
}

static void
style_variant_changed_cb (YzApplication *self, const char *key, GSettings *settings)
{
  yz_application_apply_style (self);
}

static void
yz_application_open_store_at (YzApplication *self, const char *path)
{
  g_clear_object (&self->store);
  self->store = yz_store_open_or_recover (path, &self->store_moved_to, &self->store_reason,
                                          &self->store_error);
  if (self->store_error != NULL)
    g_warning ("Cannot open the local record at %s: %s", path, self->store_error->message);
  else if (self->store_moved_to != NULL)
    g_warning ("The local record at %s could not be read (%s); kept it as %s and started afresh",
               path, self->store_reason->message, self->store_moved_to);
}

/* The audit rows are signed with a key kept outside the record (docs/schema.md), taken once
 * when the console first connects to a real gateway; without one they are written unsigned,
 * and the log says why. The demo never touches the keyring: its log stays unsigned. */
static void
yz_application_sign_store (YzApplication *self)
{
  g_autoptr(GError) error = NULL;

  if (self->store == NULL || self->demo != NULL)
    return;
  if (self->audit_key == NULL)
    {
      self->audit_key = yz_audit_key_get (TRUE, &error);
      if (self->audit_key == NULL)
        {
          g_warning ("The audit log cannot be signed: %s", error->message);
          return;
        }
      g_debug ("The audit log is signed with the key kept in %s", self->audit_key->where);
    }
  yz_store_set_audit_key (self->store, self->audit_key);
}

static void
yz_application_open_store (YzApplication *self)
{
  g_autofree char *path = yz_store_default_path ();

  yz_application_open_store_at (self, path);
}

static void
yz_application_report_store (YzApplication *self, GtkWindow *window)
{
  AdwMessageDialog *dialog;

  if (self->store_error != NULL)
    {
      dialog = ADW_MESSAGE_DIALOG (
          adw_message_dialog_new (window, _("The Local Record Cannot Be Opened"), NULL));
      adw_message_dialog_format_body (dialog,
                                      _("The console runs, but keeps no record of events, entries "
                                         "or operator actions until this is fixed: %s"),
                                      self->store_error->message);
    }
  else if (self->store_moved_to != NULL)
    {
      dialog = ADW_MESSAGE_DIALOG (
          adw_message_dialog_new (window, _("The Local Record Was Unreadable"), NULL));
      adw_message_dialog_format_body (
          dialog,
          _("%s\n\nThe old file was kept, not deleted, as:\n%s\n\nA new, empty record has been "
             "started; current state is loaded again from the gateway."),
          self->store_reason->message, self->store_moved_to);
    }
  else
    {
      return;
    }

  adw_message_dialog_add_response (dialog, "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));

  /* Say it once: the next window of this run does not repeat it. */
  g_clear_pointer (&self->store_moved_to, g_free);
  g_clear_error (&self->store_reason);
  g_clear_error (&self->store_error);
}

static void
preferences_action_cb (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  GtkApplication *app = GTK_APPLICATION (user_data);
  GtkWidget *preferences = yz_preferences_window_new (gtk_application_get_active_window (app));

  gtk_window_present (GTK_WINDOW (preferences));
}

static void
about_action_cb (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  GtkApplication *app = GTK_APPLICATION (user_data);
  static const char *developers[] = { "Yizhan developers", NULL };
  GtkWidget *about;
  g_autofree char *debug_info = yz_renderer_describe ();

  about =
      g_object_new (ADW_TYPE_ABOUT_WINDOW, "transient-for", gtk_application_get_active_window (app),
                    "application-name", _("Yizhan"), "application-icon", APP_ID, "developer-name",
                    _("Yizhan developers"), "version", PACKAGE_VERSION, "comments",
                    _("The duty officer's console for a city's rest stations for outdoor workers"),
                    "license-type", GTK_LICENSE_GPL_3_0, "developers", developers,
                    "translator-credits", _("translator-credits"), "debug-info", debug_info,
                    "debug-info-filename", "yizhan-troubleshooting.txt", NULL);
  gtk_window_present (GTK_WINDOW (about));
}

static void
quit_action_cb (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  GtkApplication *app = GTK_APPLICATION (user_data);
  /* A copy: closing a window takes it out of the application's list while we walk it. */
  GList *windows =
      g_list_copy_deep (gtk_application_get_windows (app), (GCopyFunc)g_object_ref, NULL);

  /* Close windows properly so they save their state. */
  for (GList *l = windows; l != NULL; l = l->next)
    gtk_window_close (GTK_WINDOW (l->data));
  g_list_free_full (windows, g_object_unref);

  g_application_quit (G_APPLICATION (app));
}

/* app.show-alarm(s): from a desktop notification, the alarm selected in the window. */
static void
show_alarm_action_cb (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (user_data));

  if (window == NULL)
    return;
  gtk_window_present (window);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-alarm", "s",
                              g_variant_get_string (parameter, NULL));
}

static const GActionEntry app_actions[] = {
  { "show-alarm", show_alarm_action_cb, "s" },
  { "preferences", preferences_action_cb },
  { "about", about_action_cb },
  { "quit", quit_action_cb },
};

/* GStreamer's start reads (on a fresh profile: builds, ~1 s, in helper processes) the plugin
 * registry: on a thread of its own, once the first window has painted, so that it takes
 * no CPU from that frame. yz_media_init() runs once: whoever needs GStreamer sooner calls
 * it and waits for this one to finish (or does it then). */
static gpointer
media_init_thread (gpointer data)
{
  g_autoptr(GError) media_error = NULL;

  if (!yz_media_init (&media_error))
    g_warning ("GStreamer is not usable, video will not play: %s", media_error->message);
  return NULL;
}

static void
media_after_paint_cb (GdkFrameClock *frame_clock, YzApplication *self)
{
  g_signal_handlers_disconnect_by_func (frame_clock, media_after_paint_cb, self);
  if (self->media_started)
    return;
  self->media_started = TRUE;
  g_thread_unref (g_thread_new ("yz-media-init", media_init_thread, NULL));
}

static void
media_window_realize_cb (GtkWidget *window, YzApplication *self)
{
  g_signal_connect_object (gtk_widget_get_frame_clock (window), "after-paint",
                           G_CALLBACK (media_after_paint_cb), self, 0);
}

static void
yz_application_startup (GApplication *app)
{
  YzApplication *self = YZ_APPLICATION (app);
  static const char *quit_accels[] = { "<Control>q", NULL };
  static const char *preferences_accels[] = { "<Control>comma", NULL };

  /* The resources first: AdwApplication loads style.css and GtkApplication the shortcuts
   * window from them as it starts up. */
  yz_widgets_init ();
  G_APPLICATION_CLASS (yz_application_parent_class)->startup (app);

  self->settings = g_settings_new (BASE_ID);
  /* Before the first window is realised: GTK reads GSK_RENDERER then. */
  {
    g_autofree char *renderer = g_settings_get_string (self->settings, "renderer");

    yz_renderer_choose (gdk_display_get_default (), renderer);
    yz_renderer_recheck_later (30);
  }
  g_signal_connect_object (self->settings, "changed::style-variant",
                           G_CALLBACK (style_variant_changed_cb), self, G_CONNECT_SWAPPED);
  yz_application_apply_style (self);

  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions, G_N_ELEMENTS (app_actions),
                                   self);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.preferences",
                                         preferences_accels);

  /* --demo keeps its record apart (yz_application_start_demo()): the default one would be
   * opened (on a first start: created) for nothing. */
  if (!self->demo_requested)
    yz_application_open_store (self);
}

static void
yz_application_activate (GApplication *app)
{
  YzApplication *self = YZ_APPLICATION (app);
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  if (window == NULL)
    {
      window = GTK_WINDOW (yz_window_new (GTK_APPLICATION (app)));
      yz_startup_report_watch (window);
      if (!self->media_started)
        g_signal_connect_object (window, "realize", G_CALLBACK (media_window_realize_cb), self, 0);
      if (self->session != NULL)
        yz_window_set_session (YZ_WINDOW (window), self->session);
    }

  gtk_window_present (window);
  yz_application_report_store (self, window);
}

/* ---- --verify-audit: the gateway's witness ---- */

typedef struct
{
  GMainContext *context;
  YzGatewayBackend *backend;
  YzLoginData *login;
  char *token;
  GPtrArray *witness;
  GError *error;
  gboolean done;
} Ask;

static void
ask_looked_up_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  Ask *ask = user_data;

  ask->token = yz_secrets_lookup_finish (result, NULL);
  ask->done = TRUE;
}

static void
ask_logged_in_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  Ask *ask = user_data;

  ask->login = yz_backend_log_in_finish (YZ_BACKEND (object), result, &ask->error);
  ask->done = TRUE;
}

static void
ask_witness_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  Ask *ask = user_data;

  ask->witness =
      yz_gateway_backend_fetch_witness_finish (YZ_GATEWAY_BACKEND (object), result, &ask->error);
  ask->done = TRUE;
}

static void
ask_wait (Ask *ask)
{
  while (!ask->done)
    g_main_context_iteration (ask->context, TRUE);
  ask->done = FALSE;
}

/* Asks the configured gateway for its witness of this console's audit chain, as the
 * operator in the settings (or --gateway/--operator): with the kept token, else a password
 * from YIZHAN_PASSWORD or the keyring. Returns: the heads, or %NULL with @note saying why
 * none were asked. */
static GPtrArray *
yz_application_ask_witness (YzStore *store, const char *url, const char *operator_name, char **note)
{
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autofree char *console = NULL;
  g_autofree char *hash = NULL;
  g_autofree char *normalized = NULL;
  g_autofree char *password = NULL;
  g_autoptr(GError) error = NULL;
  Ask ask = { context, NULL, NULL, NULL, NULL, NULL, FALSE };
  gint64 count = 0;
  GPtrArray *witness = NULL;

  *note = NULL;
  if (url == NULL || url[0] == '\0' || operator_name == NULL || operator_name[0] == '\0')
    {
      *note = g_strdup (_("No gateway is set up, so no witness was asked for."));
      return NULL;
    }
  if (!yz_store_audit_anchor (store, &console, &count, &hash))
    {
      *note = g_strdup (_("The gateway was not asked for its witness: this log has no signed "
                           "head to name it by."));
      return NULL;
    }
  if (!yz_url_check_gateway (url, &normalized, &error))
    {
      *note = g_strdup_printf (_("The gateway could not be asked for its witness: %s"),
                               error->message);
      return NULL;
    }

  g_main_context_push_thread_default (context);
  ask.backend = yz_gateway_backend_new (normalized, NULL, NULL, &error);
  if (ask.backend != NULL)
    {
      const char *env_password = g_getenv ("YIZHAN_PASSWORD");

      yz_secrets_lookup_async (YZ_SECRET_TOKEN, normalized, operator_name, NULL, ask_looked_up_cb,
                               &ask);
      ask_wait (&ask);
      if (env_password != NULL && env_password[0] != '\0')
        password = g_strdup (env_password);
      else if (ask.token == NULL)
        {
          yz_secrets_lookup_async (YZ_SECRET_PASSWORD, normalized, operator_name, NULL,
                                   ask_looked_up_cb, &ask);
          ask_wait (&ask);
          password = g_steal_pointer (&ask.token);
        }
      if (password != NULL)
        {
          yz_backend_log_in_async (YZ_BACKEND (ask.backend), operator_name, password, NULL,
                                   ask_logged_in_cb, &ask);
          ask_wait (&ask);
          memset (password, 0, strlen (password));
        }
      else if (ask.token != NULL)
        yz_gateway_backend_set_token (ask.backend, ask.token);
      else
        g_set_error (&ask.error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED,
                     _("no token or password is kept for %s"), operator_name);

      if (ask.error == NULL)
        {
          yz_gateway_backend_fetch_witness_async (ask.backend, console, NULL, ask_witness_cb, &ask);
          ask_wait (&ask);
        }
      if (ask.error != NULL)
        error = g_steal_pointer (&ask.error);
      witness = g_steal_pointer (&ask.witness);
    }
  g_clear_pointer (&ask.login, yz_login_data_free);
  g_clear_pointer (&ask.token, g_free);
  g_clear_object (&ask.backend);
  g_main_context_pop_thread_default (context);

  if (witness == NULL)
    *note = g_strdup_printf (_("The gateway could not be asked for its witness: %s"),
                             error ? error->message : "?");
  return witness;
}

static int
yz_application_handle_local_options (GApplication *app, GVariantDict *options)
{
  YZ_APPLICATION (app)->demo_requested = g_variant_dict_contains (options, "demo");
  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("%s %s\n", PACKAGE_NAME, PACKAGE_VERSION);
      return 0;
    }

  /* A gateway named on the command line is checked as Preferences checks it, before any
   * window opens. */
  {
    g_autofree char *url = NULL;

    if (g_variant_dict_lookup (options, "gateway", "s", &url))
      {
        g_autofree char *normalized = NULL;
        g_autoptr(GError) error = NULL;

        if (!yz_url_check_gateway (url, &normalized, &error))
          {
            g_printerr ("--gateway: %s\n", error->message);
            return 2;
          }
        g_variant_dict_insert (options, "gateway", "s", normalized);
      }
  }

  if (g_variant_dict_contains (options, "verify-audit"))
    {
      g_autofree char *path = yz_store_default_path ();
      g_autofree char *message = NULL;
      g_autofree char *witness_note = NULL;
      g_autoptr(GPtrArray) witness = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(GError) key_error = NULL;
      g_autoptr(YzStore) store = yz_store_open (path, &error);
      g_autoptr(YzAuditKey) key = NULL;
      g_autofree char *url = NULL;
      g_autofree char *operator_name = NULL;
      int code;

      if (store == NULL)
        {
          g_printerr (_("Cannot open the local record %s: %s\n"), path, error->message);
          return 2;
        }
      /* The check never makes a key: one that is not there is reported as such. */
      key = yz_audit_key_get (FALSE, &key_error);
      if (key != NULL)
        yz_store_set_audit_key (store, key);
      else if (!g_error_matches (key_error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
        g_printerr (_("The audit log's key is not available: %s\n"), key_error->message);

      if (!g_variant_dict_lookup (options, "gateway", "s", &url) ||
          !g_variant_dict_lookup (options, "operator", "s", &operator_name))
        {
          g_autoptr(GSettings) settings = g_settings_new (BASE_ID);

          if (url == NULL)
            url = g_settings_get_string (settings, "gateway-url");
          if (operator_name == NULL)
            operator_name = g_settings_get_string (settings, "operator");
        }
      witness = yz_application_ask_witness (store, url, operator_name, &witness_note);
      code = yz_store_audit_report_full (store, witness, witness_note, &message);
      if (code == 0)
        g_print ("%s\n", message);
      else
        g_printerr ("%s\n", message);
      return code;
    }

  return G_APPLICATION_CLASS (yz_application_parent_class)->handle_local_options (app, options);
}

static void
logged_in_cb (YzSession *session, const char *token, YzApplication *self)
{
  /* The demo's throwaway token does not belong in the keyring. */
  if (self->demo != NULL)
    return;
  yz_secrets_store_async (YZ_SECRET_TOKEN, self->gateway_url, self->operator_name, token);
}

static void
forget_typed_password (YzApplication *self)
{
  if (self->typed_password != NULL)
    memset (self->typed_password, 0, strlen (self->typed_password));
  g_clear_pointer (&self->typed_password, g_free);
}

/* A password the officer typed goes to the keyring once it has logged in. */
static void
remember_password_cb (YzSession *session, GParamSpec *pspec, YzApplication *self)
{
  if (self->typed_password == NULL ||
      yz_session_get_connection_state (session) != YZ_CONNECTION_CONNECTED)
    return;
  yz_secrets_store_async (YZ_SECRET_PASSWORD, self->gateway_url, self->operator_name,
                          self->typed_password);
  forget_typed_password (self);
}

/* Makes the session for @url and shows it in every window; it starts once a password is
 * known. */
static gboolean
yz_application_create_session (YzApplication *self, const char *url, const char *operator_name)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(YzGatewayBackend) backend = NULL;
  g_autofree char *ca_file = g_settings_get_string (self->settings, "ca-file");
  g_autofree char *pinned = g_settings_get_string (self->settings, "pinned-certificate");
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  backend =
      yz_gateway_backend_new (url, self->demo ? NULL : ca_file, self->demo ? NULL : pinned, &error);
  if (backend == NULL)
    {
      g_warning ("%s", error->message);
      if (YZ_IS_WINDOW (window))
        yz_window_add_toast (YZ_WINDOW (window), error->message);
      return FALSE;
    }

  if (self->session != NULL)
    yz_session_stop (self->session);
  g_clear_object (&self->session);
  forget_typed_password (self);
  g_free (self->gateway_url);
  self->gateway_url = g_strdup (url);
  g_free (self->operator_name);
  self->operator_name = g_strdup (operator_name);

  yz_application_sign_store (self);
  yz_gateway_backend_set_audit_store (backend, self->store);
  self->session = yz_session_new (self->store, YZ_BACKEND (backend));
  g_signal_connect_object (self->session, "logged-in", G_CALLBACK (logged_in_cb), self, 0);
  g_signal_connect_object (self->session, "notify::connection-state",
                           G_CALLBACK (remember_password_cb), self, 0);
  if (YZ_IS_WINDOW (window))
    yz_window_set_session (YZ_WINDOW (window), self->session);

  return TRUE;
}

static void
password_response_cb (AdwMessageDialog *dialog, const char *response, YzApplication *self)
{
  GtkEditable *entry = GTK_EDITABLE (adw_message_dialog_get_extra_child (dialog));
  const char *password = gtk_editable_get_text (entry);

  if (g_str_equal (response, "log-in") && self->session != NULL && password[0] != '\0')
    {
      forget_typed_password (self);
      self->typed_password = g_strdup (password);
      yz_session_start (self->session, self->operator_name, password, NULL);
    }
  gtk_editable_set_text (entry, "");
}

static void
yz_application_ask_password (YzApplication *self)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));
  AdwMessageDialog *dialog;
  GtkWidget *entry = gtk_password_entry_new ();

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (window, _("Log In to the Gateway"), NULL));
  adw_message_dialog_format_body (dialog, _("Password for %s at %s"), self->operator_name,
                                  self->gateway_url);
  gtk_password_entry_set_show_peek_icon (GTK_PASSWORD_ENTRY (entry), TRUE);
  g_object_set (entry, "activates-default", TRUE, NULL);
  adw_message_dialog_set_extra_child (dialog, entry);
  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "log-in", _("_Log In"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "log-in", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (dialog, "log-in");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (password_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (entry);
}

typedef struct
{
  YzApplication *self;
  char *token;
} Lookup;

static void
lookup_free (Lookup *lookup)
{
  g_application_release (G_APPLICATION (lookup->self));
  g_object_unref (lookup->self);
  g_free (lookup->token);
  g_free (lookup);
}

static void
password_looked_up_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  Lookup *lookup = user_data;
  YzApplication *self = lookup->self;
  g_autofree char *password = yz_secrets_lookup_finish (result, NULL);

  if (self->session != NULL)
    {
      if (password != NULL || lookup->token != NULL)
        yz_session_start (self->session, self->operator_name, password, lookup->token);
      else
        yz_application_ask_password (self);
    }
  lookup_free (lookup);
}

static void
token_looked_up_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  Lookup *lookup = user_data;
  YzApplication *self = lookup->self;
  const char *env_password = g_getenv ("YIZHAN_PASSWORD");

  lookup->token = yz_secrets_lookup_finish (result, NULL);
  if (self->session == NULL)
    {
      lookup_free (lookup);
      return;
    }
  /* A scripted run names its password; else the keyring; else the officer types it. */
  if (env_password != NULL && env_password[0] != '\0')
    {
      yz_session_start (self->session, self->operator_name, env_password, lookup->token);
      lookup_free (lookup);
      return;
    }
  yz_secrets_lookup_async (YZ_SECRET_PASSWORD, self->gateway_url, self->operator_name,
                           self->cancellable, password_looked_up_cb, lookup);
}

/* Connects to a real gateway: the token and password from the keyring when there. */
static void
yz_application_connect (YzApplication *self, const char *url, const char *operator_name)
{
  Lookup *lookup;

  if (!yz_application_create_session (self, url, operator_name))
    return;

  lookup = g_new0 (Lookup, 1);
  lookup->self = g_object_ref (self);
  g_application_hold (G_APPLICATION (self));
  yz_secrets_lookup_async (YZ_SECRET_TOKEN, url, operator_name, self->cancellable,
                           token_looked_up_cb, lookup);
}

static void
history_filled_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(GError) error = NULL;

  if (!yz_session_fill_history_finish (YZ_SESSION (object), result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_warning ("Cannot make up the demo's history: %s", error->message);
}

/* Once the simulated city's stations are stored, give it a past month, so that the
 * statistics and the supplies forecast have something to show. */
static void
demo_connected_cb (YzSession *session, GParamSpec *pspec, YzApplication *self)
{
  if (self->demo_history_started || self->store == NULL ||
      yz_session_get_connection_state (session) != YZ_CONNECTION_CONNECTED)
    return;
  self->demo_history_started = TRUE;
  /* Through the session, so that the entries page shows the month once it is written. */
  yz_session_fill_history_async (session, 30, self->cancellable, history_filled_cb, self);
}

static void
demo_started_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  YzApplication *self = user_data;
  g_autoptr(GError) error = NULL;
  GtkWindow *window;

  if (!yz_demo_start_finish (YZ_DEMO (object), result, &error) &&
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    goto out;

  window = gtk_application_get_active_window (GTK_APPLICATION (self));
  if (error != NULL)
    {
      g_autofree char *message =
          g_strdup_printf (_("The built-in simulator did not start: %s"), error->message);

      g_warning ("%s", message);
      if (YZ_IS_WINDOW (window))
        {
          yz_window_set_connection (YZ_WINDOW (window), YZ_CONNECTION_DISCONNECTED, NULL);
          yz_window_add_toast (YZ_WINDOW (window), message);
        }
      goto out;
    }

  g_message ("Demo: simulator at %s", yz_demo_get_base_url (YZ_DEMO (object)));

  /* The simulator's built-in operator; nothing goes to the keyring. The demo's start logged
   * in already: the session resumes with that token (as a console with a kept token does),
   * the password is there for when the token no longer works. */
  if (yz_application_create_session (self, yz_demo_get_base_url (YZ_DEMO (object)), "operator"))
    {
      g_signal_connect_object (self->session, "notify::connection-state",
                               G_CALLBACK (demo_connected_cb), self, 0);
      yz_session_start (self->session, "operator", "operator",
                        yz_demo_get_token (YZ_DEMO (object)));
    }

out:
  g_application_release (G_APPLICATION (self));
}

static void
yz_application_start_demo (YzApplication *self)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));
  g_autofree char *demo_path = g_build_filename (g_get_user_data_dir (), "yizhan", "demo.db", NULL);

  if (self->demo != NULL)
    return;

  /* The simulated city is kept apart from the record of the real one. */
  yz_application_open_store_at (self, demo_path);
  self->demo = yz_demo_new ();
  /* The city the record holds shows at once, in the window's first frame, while the
   * simulator starts: a session over the record that is not started (its backend has no
   * gateway yet); demo_started_cb() replaces it with the one that connects. */
  if (self->session == NULL && self->store != NULL &&
      yz_application_create_session (self, DEMO_OFFLINE_URL, "operator"))
    g_clear_pointer (&self->gateway_url, g_free);
  if (YZ_IS_WINDOW (window))
    yz_window_set_connection (YZ_WINDOW (window), YZ_CONNECTION_CONNECTING,
                              _("Built-in simulator"));

  g_application_hold (G_APPLICATION (self));
  yz_demo_start_async (self->demo, NULL, self->cancellable, demo_started_cb, self);
}

static int
yz_application_command_line (GApplication *app, GApplicationCommandLine *command_line)
{
  YzApplication *self = YZ_APPLICATION (app);
  GVariantDict *options = g_application_command_line_get_options_dict (command_line);

  g_application_activate (app);

  if (g_variant_dict_contains (options, "demo"))
    {
      yz_application_start_demo (self);
    }
  else
    {
      g_autofree char *url = NULL;
      g_autofree char *operator_name = NULL;

      if (!g_variant_dict_lookup (options, "gateway", "s", &url))
        url = g_settings_get_string (self->settings, "gateway-url");
      if (!g_variant_dict_lookup (options, "operator", "s", &operator_name))
        operator_name = g_settings_get_string (self->settings, "operator");
      if (url[0] != '\0' && operator_name[0] != '\0' &&
          (self->session == NULL || g_strcmp0 (url, self->gateway_url) != 0))
        yz_application_connect (self, url, operator_name);
      else if (url[0] != '\0' && operator_name[0] == '\0')
        g_application_command_line_printerr (
            command_line, "%s\n",
            _("Name the operator (--operator or Preferences) to connect to the gateway"));
    }

  {
    g_autofree char *stream = NULL;

    if (g_variant_dict_lookup (options, "open-stream", "s", &stream))
      {
        GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));
        g_autoptr(GError) error = NULL;
        g_autofree char *target = NULL;

        /* A relative file name is relative to where the command ran. */
        if (strstr (stream, "://") == NULL)
          {
            g_autoptr(GFile) file =
                g_application_command_line_create_file_for_arg (command_line, stream);

            target = g_file_get_path (file);
          }
        else
          target = g_strdup (stream);
        if (window == NULL || !yz_window_open_stream (YZ_WINDOW (window), target, &error))
          {
            g_application_command_line_printerr (command_line, "%s\n",
                                                 error ? error->message
                                                       : _("No window to show the stream in"));
            return 1;
          }
      }
  }

  return 0;
}

static void
yz_application_shutdown (GApplication *app)
{
  YzApplication *self = YZ_APPLICATION (app);

  /* Quitting the console stops the simulator it started. */
  g_cancellable_cancel (self->cancellable);
  if (self->session != NULL)
    yz_session_stop (self->session);
  if (self->demo != NULL)
    yz_demo_stop (self->demo);

  G_APPLICATION_CLASS (yz_application_parent_class)->shutdown (app);
}

static void
yz_application_dispose (GObject *object)
{
  YzApplication *self = (YzApplication *)object;

  g_clear_object (&self->store);
  g_clear_object (&self->settings);
  g_clear_object (&self->session);
  g_clear_object (&self->demo);
  g_clear_pointer (&self->audit_key, yz_audit_key_free);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->gateway_url, g_free);
  g_clear_pointer (&self->operator_name, g_free);
  forget_typed_password (self);
  g_clear_pointer (&self->store_moved_to, g_free);
  g_clear_error (&self->store_reason);
  g_clear_error (&self->store_error);

  G_OBJECT_CLASS (yz_application_parent_class)->dispose (object);
}

static void
yz_application_class_init (YzApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = yz_application_dispose;

  app_class->startup = yz_application_startup;
  app_class->activate = yz_application_activate;
  app_class->command_line = yz_application_command_line;
  app_class->shutdown = yz_application_shutdown;
  app_class->handle_local_options = yz_application_handle_local_options;
}

static void
yz_application_init (YzApplication *self)
{
  self->cancellable = g_cancellable_new ();
  g_application_add_main_option_entries (G_APPLICATION (self), main_entries);
  g_application_set_option_context_parameter_string (G_APPLICATION (self), NULL);
  g_application_set_option_context_summary (
      G_APPLICATION (self), _("The duty officer's console for a city's rest stations."));
}

YzApplication *
yz_application_new (void)
{
  return g_object_new (YZ_TYPE_APPLICATION, "application-id", APP_ID, "flags",
                       G_APPLICATION_HANDLES_COMMAND_LINE, "resource-base-path", RESOURCE_PATH,
                       NULL);
}

YzStore *
yz_application_get_store (YzApplication *self)
{
  g_return_val_if_fail (YZ_IS_APPLICATION (self), NULL);

  return self->store;
}

/* The gateway the console follows (the built-in simulator's address under --demo). */
const char *
yz_application_get_gateway_url (YzApplication *self)
{
  g_return_val_if_fail (YZ_IS_APPLICATION (self), NULL);

  return self->gateway_url;
}
