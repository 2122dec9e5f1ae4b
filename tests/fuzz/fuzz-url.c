/* fuzz-url.c — libFuzzer target for the URLs from outside, in src/core/yz-url.c: the
 * gateway URL check (first byte even: '0' in the corpus) and a camera URL's credential
 * split and redaction (first byte odd: '1'). The rest is the text, as typed or as the
 * gateway sends it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdint.h>
#include <string.h>

#include "yz-url.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

#define CHECK(condition)                                                                           \
  G_STMT_START                                                                                     \
  {                                                                                                \
    if (!(condition))                                                                              \
      __builtin_trap ();                                                                           \
  }                                                                                                \
  G_STMT_END

/* A URL as shown or logged: text, and no user or password in it. */
static void
check_shown (const char *shown)
{
  g_autoptr(GUri) again = NULL;

  CHECK (shown != NULL && g_utf8_validate (shown, -1, NULL));
  again = g_uri_parse (shown, G_URI_FLAGS_NONE, NULL);
  CHECK (again == NULL || g_uri_get_userinfo (again) == NULL);
}

static void
check_gateway (const char *text)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *normalized = NULL;
  g_autofree char *again = NULL;
  g_autoptr(GUri) uri = NULL;
  const char *scheme;

  /* Exactly one of a URL and a reason, and the reason can be shown. */
  if (!yz_url_check_gateway (text, &normalized, &error))
    {
      CHECK (normalized == NULL && error != NULL);
      CHECK (g_utf8_validate (error->message, -1, NULL));
      return;
    }
  CHECK (normalized != NULL && error == NULL);
  /* It goes into GSettings, a string: text without NUL. */
  CHECK (g_utf8_validate (normalized, -1, NULL));
  if (normalized[0] == '\0')
    return;

  /* What is stored is a usable gateway URL, and checking it again changes nothing. */
  uri = g_uri_parse (normalized, G_URI_FLAGS_NONE, NULL);
  CHECK (uri != NULL);
  scheme = g_uri_get_scheme (uri);
  CHECK (g_ascii_strcasecmp (scheme, "https") == 0 || g_ascii_strcasecmp (scheme, "http") == 0);
  CHECK (g_uri_get_host (uri) != NULL && g_uri_get_host (uri)[0] != '\0');
  CHECK (g_uri_get_userinfo (uri) == NULL);
  CHECK (g_uri_get_query (uri) == NULL && g_uri_get_fragment (uri) == NULL);
  CHECK (yz_url_check_gateway (normalized, &again, NULL));
  CHECK (g_strcmp0 (again, normalized) == 0);
}

static void
check_camera (const char *url)
{
  g_autofree char *user = NULL;
  g_autofree char *password = NULL;
  g_autofree char *redacted = yz_uri_redact (url);
  g_autofree char *rest = yz_url_split_credentials (url, &user, &password);
  g_autofree char *endpoint = yz_url_camera_endpoint (url);

  check_shown (redacted);

  if (user == NULL)
    {
      CHECK (password == NULL);
      return;
    }
  /* Credentials taken: both are text, and the keyring's "user\npassword" reads back the
   * same two; the URL that goes on carries neither. */
  CHECK (password != NULL);
  CHECK (g_utf8_validate (user, -1, NULL) && g_utf8_validate (password, -1, NULL));
  CHECK (strchr (user, '\n') == NULL);
  check_shown (rest);
  CHECK (endpoint == NULL || g_utf8_validate (endpoint, -1, NULL));
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autofree char *text = NULL;

  if (size == 0)
    return 0;
  /* The text is a C string, as every caller passes it: it ends at the first NUL. */
  text = g_strndup ((const char *)data + 1, size - 1);

  if (data[0] % 2 == 0)
    check_gateway (text);
  else
    check_camera (text);

  return 0;
}
