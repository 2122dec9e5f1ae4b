/* yz-secrets.h
 *
 * Tokens and passwords in the user's keyring (libsecret), never in GSettings or the
 * database. Without a keyring they stay in memory only: every call fails softly.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef enum
{
  YZ_SECRET_TOKEN,
  YZ_SECRET_PASSWORD,
  YZ_SECRET_CAMERA, /* "gateway" is the camera's scheme://host:port; the secret is "user\npassword"
                     */
} YzSecretKind;

void yz_secrets_store_async (YzSecretKind kind, const char *gateway, const char *operator_name,
                             const char *secret);
void yz_secrets_lookup_async (YzSecretKind kind, const char *gateway, const char *operator_name,
                              GCancellable *cancellable, GAsyncReadyCallback callback,
                              gpointer user_data);
char *yz_secrets_lookup_finish (GAsyncResult *result, GError **error);
void yz_secrets_clear_async (YzSecretKind kind, const char *gateway, const char *operator_name);

/* The audit log's signing key: where it is kept. */
typedef enum
{
  YZ_AUDIT_KEY_KEYRING,
  YZ_AUDIT_KEY_FILE, /* no keyring answered when it was made: a file 0600 in the config dir */
} YzAuditKeyAnchor;

#define YZ_AUDIT_KEY_SIZE 32

typedef struct
{
  guint8 bytes[YZ_AUDIT_KEY_SIZE];
  YzAuditKeyAnchor anchor;
  char *where; /* "the keyring" (translated) or the key file's path */
  char *id;    /* 16 hex digits of the key's SHA-256: names it, reveals nothing */
} YzAuditKey;

char *yz_audit_key_dir (void);
YzAuditKey *yz_audit_key_get (gboolean create, GError **error);
YzAuditKey *yz_audit_key_copy (const YzAuditKey *key);
void yz_audit_key_free (YzAuditKey *key);
char *yz_audit_key_mac (const YzAuditKey *key, const char *text);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (YzAuditKey, yz_audit_key_free)

G_END_DECLS
