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

G_END_DECLS
