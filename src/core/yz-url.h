/* yz-url.h — the URLs that come from outside: the gateway URL the operator types, and the
 * camera URLs the gateway sends (their credentials split off, and redacted for logs).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

gboolean yz_url_check_gateway (const char *text, char **normalized, GError **error);
char *yz_uri_redact (const char *uri);
char *yz_url_split_credentials (const char *url, char **user, char **password);
char *yz_url_camera_endpoint (const char *url);

G_END_DECLS
