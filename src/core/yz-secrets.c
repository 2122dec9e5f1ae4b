/* yz-secrets.c
 *
 * Tokens and passwords in the keyring, and the audit log's signing key (in the keyring, or
 * a key file when there is none).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "yz-secrets"

#include "config.h"

#include <errno.h>
#include <string.h>
#include <sys/random.h>
#include <glib/gi18n.h>
#include <gio/gio.h>
#include <libsecret/secret.h>

#include "yz-secrets.h"

static const SecretSchema *
schema (void)
{
  static const SecretSchema the_schema = { BASE_ID ".Gateway",
                                           SECRET_SCHEMA_NONE,
                                           {
                                               { "gateway", SECRET_SCHEMA_ATTRIBUTE_STRING },
                                               { "operator", SECRET_SCHEMA_ATTRIBUTE_STRING },
                                               { "kind", SECRET_SCHEMA_ATTRIBUTE_STRING },
                                               { NULL, 0 },
                                           } };

  return &the_schema;
}

static const char *
kind_name (YzSecretKind kind)
{
  switch (kind)
    {
    case YZ_SECRET_TOKEN:
      return "token";
    case YZ_SECRET_CAMERA:
      return "camera";
    case YZ_SECRET_PASSWORD:
    default:
      return "password";
    }
}

static void
stored_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(GError) error = NULL;

  if (!secret_password_store_finish (result, &error))
    g_debug ("No keyring (%s): the secret stays in memory only", error->message);
}

void
yz_secrets_store_async (YzSecretKind kind, const char *gateway, const char *operator_name,
                        const char *secret)
{
  g_autofree char *label =
      g_strdup_printf ("Yizhan %s for %s at %s", kind_name (kind), operator_name, gateway);

  secret_password_store (schema (), SECRET_COLLECTION_DEFAULT, label, secret, NULL, stored_cb, NULL,
                         "gateway", gateway, "operator", operator_name, "kind", kind_name (kind),
                         NULL);
}

static void
looked_up_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  char *secret = secret_password_lookup_finish (result, &error);

  if (error != NULL)
    {
      g_debug ("No keyring (%s)", error->message);
      g_task_return_pointer (task, NULL, NULL);
      return;
    }
  g_task_return_pointer (task, secret, (GDestroyNotify)secret_password_free);
}

/* Completes with the secret, or NULL when there is none or no keyring. */
void
yz_secrets_lookup_async (YzSecretKind kind, const char *gateway, const char *operator_name,
                         GCancellable *cancellable, GAsyncReadyCallback callback,
                         gpointer user_data)
{
  GTask *task = g_task_new (NULL, cancellable, callback, user_data);

  g_task_set_source_tag (task, yz_secrets_lookup_async);
  secret_password_lookup (schema (), cancellable, looked_up_cb, task, "gateway", gateway,
                          "operator", operator_name, "kind", kind_name (kind), NULL);
}

char *
yz_secrets_lookup_finish (GAsyncResult *result, GError **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
cleared_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  secret_password_clear_finish (result, NULL);
}

void
yz_secrets_clear_async (YzSecretKind kind, const char *gateway, const char *operator_name)
{
  secret_password_clear (schema (), NULL, cleared_cb, NULL, "gateway", gateway, "operator",
                         operator_name, "kind", kind_name (kind), NULL);
}

/* ---- the audit log's key ---- */

/* One key per user signs every audit log the user's consoles keep (docs/schema.md,
 * "Signatures and the anchor"). It lives in the keyring when there is one; else in a file
 * 0600 under the user's config folder, never beside the database. The file
 * `$XDG_CONFIG_HOME/yizhan/audit-key` says which: "keyring ID" (the key is the keyring's
 * item with that id) or "file HEX" (the key itself). */

static const SecretSchema *
audit_key_schema (void)
{
  static const SecretSchema the_schema = { BASE_ID ".AuditKey",
                                           SECRET_SCHEMA_NONE,
                                           {
                                               { "purpose", SECRET_SCHEMA_ATTRIBUTE_STRING },
                                               { NULL, 0 },
                                           } };

  return &the_schema;
}

/**
 * yz_audit_key_dir:
 *
 * Returns: (transfer full): `$XDG_CONFIG_HOME/yizhan`, where the key file (or the note that
 *   the key is in the keyring) and the signed heads are kept
 */
char *
yz_audit_key_dir (void)
{
  return g_build_filename (g_get_user_config_dir (), "yizhan", NULL);
}

static char *
key_file_path (void)
{
  g_autofree char *dir = yz_audit_key_dir ();

  return g_build_filename (dir, "audit-key", NULL);
}

static char *
key_id (const guint8 *bytes)
{
  g_autofree char *sum = g_compute_checksum_for_data (G_CHECKSUM_SHA256, bytes, YZ_AUDIT_KEY_SIZE);

  return g_strndup (sum, 16);
}

static gboolean
key_from_hex (const char *hex, guint8 *bytes)
{
  if (hex == NULL || strlen (hex) != 2 * YZ_AUDIT_KEY_SIZE)
    return FALSE;
  for (guint i = 0; i < YZ_AUDIT_KEY_SIZE; i++)
    {
      int hi = g_ascii_xdigit_value (hex[2 * i]);
      int lo = g_ascii_xdigit_value (hex[2 * i + 1]);

      if (hi < 0 || lo < 0)
        return FALSE;
      bytes[i] = (guint8)(hi << 4 | lo);
    }
  return TRUE;
}

static char *
key_to_hex (const guint8 *bytes)
{
  GString *hex = g_string_sized_new (2 * YZ_AUDIT_KEY_SIZE);

  for (guint i = 0; i < YZ_AUDIT_KEY_SIZE; i++)
    g_string_append_printf (hex, "%02x", bytes[i]);
  return g_string_free (hex, FALSE);
}

static gboolean
write_key_file (const char *contents, GError **error)
{
  g_autofree char *dir = yz_audit_key_dir ();
  g_autofree char *path = key_file_path ();

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved = errno;
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
                   "Cannot create the folder %s: %s", dir, g_strerror (saved));
      return FALSE;
    }
  return g_file_set_contents_full (path, contents, -1, G_FILE_SET_CONTENTS_CONSISTENT, 0600, error);
}

static YzAuditKey *
key_new (const guint8 *bytes, YzAuditKeyAnchor anchor, const char *where)
{
  YzAuditKey *key = g_new0 (YzAuditKey, 1);

  memcpy (key->bytes, bytes, YZ_AUDIT_KEY_SIZE);
  key->anchor = anchor;
  key->where = g_strdup (where);
  key->id = key_id (bytes);
  return key;
}

/**
 * yz_audit_key_get:
 * @create: make a key when there is none (the console does; `--verify-audit` does not)
 * @error: why there is no key: none made yet (%G_IO_ERROR_NOT_FOUND), or the keyring that
 *   holds it cannot be reached or lost it
 *
 * Finds the key that signs the audit log, in the keyring or the key file. A new key goes to
 * the keyring when one answers, else to the key file. Blocking: call it once, at start.
 *
 * Returns: (transfer full) (nullable): the key
 */
YzAuditKey *
yz_audit_key_get (gboolean create, GError **error)
{
  g_autofree char *path = key_file_path ();
  g_autofree char *contents = NULL;
  g_autoptr(GError) keyring_error = NULL;
  g_autofree char *hex = NULL;
  guint8 bytes[YZ_AUDIT_KEY_SIZE];

  if (g_file_get_contents (path, &contents, NULL, NULL))
    {
      g_strstrip (contents);
      if (g_str_has_prefix (contents, "file ") && key_from_hex (contents + 5, bytes))
        return key_new (bytes, YZ_AUDIT_KEY_FILE, path);
      if (!g_str_has_prefix (contents, "keyring "))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       "The audit key file %s is not one the console wrote", path);
          return NULL;
        }
    }

  hex = secret_password_lookup_sync (audit_key_schema (), NULL, &keyring_error, "purpose",
                                     "audit-key", NULL);
  if (hex != NULL && key_from_hex (hex, bytes))
    {
      g_autofree char *id = key_id (bytes);
      g_autofree char *note = g_strdup_printf ("keyring %s\n", id);

      secret_password_free (g_steal_pointer (&hex));
      if (contents == NULL)
        write_key_file (note, NULL);
      else if (!g_str_equal (contents + strlen ("keyring "), id))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       "The keyring's audit key (%s) is not the one %s names (%s)", id, path,
                       contents + strlen ("keyring "));
          return NULL;
        }
      return key_new (bytes, YZ_AUDIT_KEY_KEYRING, _("the keyring"));
    }
  g_clear_pointer (&hex, secret_password_free);

  if (contents != NULL)
    {
      /* Made in the keyring, which does not answer now or lost it: a new key would make
       * every signed row look forged. */
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_CONNECTED,
                   "The audit key is kept in the keyring (%s), which %s", path,
                   keyring_error ? keyring_error->message : "no longer holds it");
      return NULL;
    }
  if (!create)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "No audit key has been made yet");
      return NULL;
    }

  g_clear_error (&keyring_error);
  /* The kernel's generator: GRand is not made for keys. */
  if (getrandom (bytes, sizeof bytes, 0) != (ssize_t)sizeof bytes)
    {
      int saved = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   "No random bytes for a key: %s", g_strerror (saved));
      return NULL;
    }
  {
    g_autofree char *new_hex = key_to_hex (bytes);
    g_autofree char *id = key_id (bytes);

    if (secret_password_store_sync (audit_key_schema (), SECRET_COLLECTION_DEFAULT,
                                    "Yizhan audit log key", new_hex, NULL, &keyring_error,
                                    "purpose", "audit-key", NULL))
      {
        g_autofree char *note = g_strdup_printf ("keyring %s\n", id);

        if (!write_key_file (note, error))
          return NULL;
        return key_new (bytes, YZ_AUDIT_KEY_KEYRING, _("the keyring"));
      }
    else
      {
        g_autofree char *line = g_strdup_printf ("file %s\n", new_hex);

        g_message ("No keyring (%s): the audit log's key is kept in %s", keyring_error->message,
                   path);
        if (!write_key_file (line, error))
          return NULL;
        return key_new (bytes, YZ_AUDIT_KEY_FILE, path);
      }
  }
}

void
yz_audit_key_free (YzAuditKey *key)
{
  if (key == NULL)
    return;
  memset (key->bytes, 0, sizeof key->bytes);
  g_free (key->where);
  g_free (key->id);
  g_free (key);
}

YzAuditKey *
yz_audit_key_copy (const YzAuditKey *key)
{
  return key ? key_new (key->bytes, key->anchor, key->where) : NULL;
}

/**
 * yz_audit_key_mac:
 *
 * Returns: (transfer full): HMAC-SHA-256 of @text under @key, in hex
 */
char *
yz_audit_key_mac (const YzAuditKey *key, const char *text)
{
  return g_compute_hmac_for_string (G_CHECKSUM_SHA256, key->bytes, YZ_AUDIT_KEY_SIZE, text, -1);
}
