/* yz-gateway-backend.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "yz-backend.h"
#include "yz-store.h"

G_BEGIN_DECLS

#define YZ_TYPE_GATEWAY_BACKEND (yz_gateway_backend_get_type ())
G_DECLARE_FINAL_TYPE (YzGatewayBackend, yz_gateway_backend, YZ, GATEWAY_BACKEND, GObject)

YzGatewayBackend *yz_gateway_backend_new (const char *base_url, const char *ca_file,
                                          const char *pinned_sha256, GError **error);
const char *yz_gateway_backend_get_base_url (YzGatewayBackend *self);
void yz_gateway_backend_set_token (YzGatewayBackend *self, const char *token);
void yz_gateway_backend_set_stream_timing (YzGatewayBackend *self, guint silence_ms,
                                           guint max_backoff_ms);
void yz_gateway_backend_set_deadlines (YzGatewayBackend *self, guint long_ms, guint short_ms);
guint yz_gateway_backend_get_n_malformed (YzGatewayBackend *self);
guint yz_gateway_backend_get_n_unknown (YzGatewayBackend *self);
guint yz_gateway_backend_get_n_connects (YzGatewayBackend *self);
void yz_gateway_backend_set_audit_store (YzGatewayBackend *self, YzStore *store);
void yz_gateway_backend_fetch_witness_async (YzGatewayBackend *self, const char *console,
                                             GCancellable *cancellable,
                                             GAsyncReadyCallback callback, gpointer user_data);
GPtrArray *yz_gateway_backend_fetch_witness_finish (YzGatewayBackend *self, GAsyncResult *result,
                                                    GError **error);
char *yz_certificate_sha256 (GTlsCertificate *certificate);
char *yz_normalize_fingerprint (const char *text);

G_END_DECLS
