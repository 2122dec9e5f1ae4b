/* yz-url.c
 *
 * The URLs that come from outside, as plain functions (no GTK) that the tests and the
 * fuzz-url target call: the gateway URL the operator types (checked and normalised), and
 * camera URLs from the gateway, whose user and password are split off for the keyring and
 * never shown or logged (yz_uri_redact).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "yz-url"

#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "yz-url.h"

/**
 * yz_url_check_gateway:
 * @text: what the operator typed
 * @normalized: (out): the URL to store: trimmed, without a trailing slash
 * @error: why @text is not a usable gateway URL
 *
 * A gateway URL is http or https with a host, and carries no credentials (they belong in
 * the keyring), no query and no fragment. An empty text is valid: no gateway.
 */
gboolean
yz_url_check_gateway (const char *text, char **normalized, GError **error)
{
  g_autofree char *trimmed = NULL;
  g_autoptr(GUri) uri = NULL;
  const char *scheme;
  gsize len;

  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (normalized != NULL, FALSE);

  trimmed = g_strstrip (g_strdup (text));
  if (trimmed[0] == '\0')
    {
      *normalized = g_steal_pointer (&trimmed);
      return TRUE;
    }

  /* It is stored in GSettings and shown: text, not bytes. */
  if (!g_utf8_validate (trimmed, -1, NULL))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("The gateway URL contains bytes that are not text."));
      return FALSE;
    }

  for (const char *c = trimmed; *c != '\0'; c++)
    if (g_ascii_isspace (*c) || g_ascii_iscntrl (*c))
      {
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                     _("The gateway URL cannot contain spaces or control characters."));
        return FALSE;
      }

  uri = g_uri_parse (trimmed, G_URI_FLAGS_NONE, NULL);
  if (uri == NULL)
    {
      g_autofree char *shown = g_utf8_make_valid (trimmed, -1);

      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("“%s” is not a URL. Type it as https://host or https://host:port."), shown);
      return FALSE;
    }

  scheme = g_uri_get_scheme (uri);
  if (g_ascii_strcasecmp (scheme, "https") != 0 && g_ascii_strcasecmp (scheme, "http") != 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("The gateway URL must start with https:// or http://."));
      return FALSE;
    }

  if (g_uri_get_host (uri) == NULL || g_uri_get_host (uri)[0] == '\0')
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("The gateway URL has no host name."));
      return FALSE;
    }

  if (g_uri_get_userinfo (uri) != NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("Do not put a user name or password in the gateway URL: the console asks for "
                      "them and keeps them in the keyring."));
      return FALSE;
    }

  if (g_uri_get_query (uri) != NULL || g_uri_get_fragment (uri) != NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("The gateway URL cannot have a query (?…) or a fragment (#…)."));
      return FALSE;
    }

  len = strlen (trimmed);
  while (len > 0 && trimmed[len - 1] == '/')
    trimmed[--len] = '\0';

  *normalized = g_steal_pointer (&trimmed);
  return TRUE;
}

/**
 * yz_uri_redact:
 *
 * @uri without its user and password, for logs and the UI: always text (bytes that are not
 * UTF-8 become U+FFFD).
 */
char *
yz_uri_redact (const char *uri)
{
  g_autoptr(GUri) parsed = g_uri_parse (uri, G_URI_FLAGS_NONE, NULL);
  g_autofree char *joined = NULL;

  if (parsed == NULL)
    return g_strdup (_("(not a URL)"));
  if (g_uri_get_userinfo (parsed) == NULL)
    return g_utf8_make_valid (uri, -1);

  joined = g_uri_join (G_URI_FLAGS_NONE, g_uri_get_scheme (parsed), NULL, g_uri_get_host (parsed),
                       g_uri_get_port (parsed), g_uri_get_path (parsed), g_uri_get_query (parsed),
                       g_uri_get_fragment (parsed));

  return g_utf8_make_valid (joined, -1);
}

/* A user or password that can be kept and passed on: text, with no control character (the
 * keyring keeps "user\npassword"). */
static gboolean
usable_secret (const char *text)
{
  if (!g_utf8_validate (text, -1, NULL))
    return FALSE;
  for (const char *c = text; *c != '\0'; c++)
    if (g_ascii_iscntrl (*c))
      return FALSE;

  return TRUE;
}

/**
 * yz_url_split_credentials:
 * @url: (nullable): a camera URL, perhaps with `user:password@`
 * @user: (out): the user, or %NULL when @url carries none
 * @password: (out): the password ("" when the URL has a user only), or %NULL
 *
 * The user and password are taken as GUri decodes them, once. When they are not usable
 * text (invalid UTF-8, a control character such as a line break), they are dropped and
 * the log says so: the URL never carries them on either way.
 *
 * Returns: (transfer full) (nullable): @url without its credentials (yz_uri_redact()),
 * or @url itself when it carries none
 */
char *
yz_url_split_credentials (const char *url, char **user, char **password)
{
  g_autoptr(GUri) uri = NULL;
  const char *pass;
  char *redacted;

  g_return_val_if_fail (user != NULL && password != NULL, NULL);

  *user = NULL;
  *password = NULL;
  if (url == NULL || (uri = g_uri_parse (url, G_URI_FLAGS_HAS_PASSWORD, NULL)) == NULL ||
      g_uri_get_user (uri) == NULL)
    return g_strdup (url);

  redacted = yz_uri_redact (url);
  pass = g_uri_get_password (uri) ? g_uri_get_password (uri) : "";
  if (!usable_secret (g_uri_get_user (uri)) || !usable_secret (pass))
    {
      g_message ("%s: the user or password in the URL is not usable text; ignored", redacted);
      return redacted;
    }
  *user = g_strdup (g_uri_get_user (uri));
  *password = g_strdup (pass);

  return redacted;
}

/* scheme://host:port of a camera URL: what its credentials are filed under. */
char *
yz_url_camera_endpoint (const char *url)
{
  g_autoptr(GUri) uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);

  if (uri == NULL || g_uri_get_host (uri) == NULL)
    return NULL;
  return g_strdup_printf ("%s://%s:%d", g_uri_get_scheme (uri), g_uri_get_host (uri),
                          g_uri_get_port (uri) > 0 ? g_uri_get_port (uri) : 554);
}
