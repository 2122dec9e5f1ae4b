/* yz-secrets.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "yz-secrets"

#include "config.h"

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
