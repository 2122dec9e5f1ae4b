/* test-tls.c — the gateway backend over HTTPS and wss:// against yizhan-sim with the test
 * certificate (tests/data/sim-tls.pem): trusted through a CA file, refused without one,
 * accepted by a pinned fingerprint, refused by a wrong one.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "yz-backend.h"
#include "yz-gateway-backend.h"
#include "yz-test-sim.h"

typedef struct
{
  GAsyncResult *result;
} Done;

static void
done_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  Done *done = user_data;

  done->result = g_object_ref (result);
}

static gboolean
is_done (gpointer user_data)
{
  return ((Done *)user_data)->result != NULL;
}

static gboolean
stream_connected (gpointer user_data)
{
  YzConnectionState state = YZ_CONNECTION_DISCONNECTED;

  g_object_get (user_data, "stream-state", &state, NULL);

  return state == YZ_CONNECTION_CONNECTED;
}

static YzTestSim *
start_tls_sim (void)
{
  g_autofree char *pem = g_test_build_filename (G_TEST_DIST, "data", "sim-tls.pem", NULL);
  g_autofree char *key = g_test_build_filename (G_TEST_DIST, "data", "sim-tls.key", NULL);
  g_autofree char *cert_arg = g_strconcat ("--tls-cert=", pem, NULL);
  g_autofree char *key_arg = g_strconcat ("--tls-key=", key, NULL);
  YzTestSim *sim = yz_test_sim_start ("--no-cameras", cert_arg, key_arg, NULL);

  g_assert_true (g_str_has_prefix (yz_test_sim_get_base_url (sim), "https://127.0.0.1:"));

  return sim;
}

/* Logs in; on success also follows the stream over wss:// until it is connected. */
static YzLoginData *
log_in_and_follow (YzGatewayBackend *backend, GError **error)
{
  Done done = { 0 };
  YzLoginData *login;

  yz_backend_log_in_async (YZ_BACKEND (backend), "observer", "observer", NULL, done_cb, &done);
  g_assert_true (yz_test_wait (is_done, &done, 20000));
  login = yz_backend_log_in_finish (YZ_BACKEND (backend), done.result, error);
  g_clear_object (&done.result);
  if (login == NULL)
    return NULL;

  yz_backend_set_token (YZ_BACKEND (backend), login->token);
  yz_backend_follow (YZ_BACKEND (backend), -1);
  g_assert_true (yz_test_wait (stream_connected, backend, 20000));
  yz_backend_stop (YZ_BACKEND (backend));

  return login;
}

/* The fixture's SHA-256, computed here independently, in the colon form people paste. */
static char *
fixture_fingerprint (void)
{
  g_autofree char *pem = g_test_build_filename (G_TEST_DIST, "data", "sim-tls.pem", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GTlsCertificate) certificate = g_tls_certificate_new_from_file (pem, &error);
  g_autoptr(GByteArray) der = NULL;
  g_autofree char *hex = NULL;
  GString *colons = g_string_new (NULL);

  g_assert_no_error (error);
  g_object_get (certificate, "certificate", &der, NULL);
  hex = g_compute_checksum_for_data (G_CHECKSUM_SHA256, der->data, der->len);
  for (guint i = 0; hex[i] != '\0'; i += 2)
    g_string_append_printf (colons, "%s%c%c", i > 0 ? ":" : "", g_ascii_toupper (hex[i]),
                            g_ascii_toupper (hex[i + 1]));

  return g_string_free (colons, FALSE);
}

static void
test_tls_ca_file (void)
{
  YzTestSim *sim = start_tls_sim ();
  g_autofree char *pem = g_test_build_filename (G_TEST_DIST, "data", "sim-tls.pem", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(YzGatewayBackend) backend = NULL;
  g_autoptr(YzLoginData) login = NULL;

  backend = yz_gateway_backend_new (yz_test_sim_get_base_url (sim), pem, NULL, &error);
  g_assert_no_error (error);
  login = log_in_and_follow (backend, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (login->role, ==, "observer");

  g_clear_object (&backend);
  yz_test_sim_stop (sim);
}

static void
test_tls_untrusted (void)
{
  YzTestSim *sim = start_tls_sim ();
  g_autoptr(GError) error = NULL;
  g_autoptr(YzGatewayBackend) backend = NULL;
  g_autoptr(YzLoginData) login = NULL;

  /* The system's CAs do not know the test certificate. */
  backend = yz_gateway_backend_new (yz_test_sim_get_base_url (sim), NULL, NULL, &error);
  g_assert_no_error (error);
  login = log_in_and_follow (backend, &error);
  g_assert_null (login);
  g_assert_error (error, YZ_BACKEND_ERROR, YZ_BACKEND_ERROR_CERTIFICATE);

  g_clear_object (&backend);
  yz_test_sim_stop (sim);
}

static void
test_tls_pinned (void)
{
  YzTestSim *sim = start_tls_sim ();
  g_autofree char *pin = fixture_fingerprint ();
  g_autoptr(GError) error = NULL;
  g_autoptr(YzGatewayBackend) backend = NULL;
  g_autoptr(YzLoginData) login = NULL;

  /* No CA file: the pin alone makes the certificate acceptable, for REST and the stream. */
  backend = yz_gateway_backend_new (yz_test_sim_get_base_url (sim), NULL, pin, &error);
  g_assert_no_error (error);
  login = log_in_and_follow (backend, &error);
  g_assert_no_error (error);
  g_assert_nonnull (login);

  g_clear_object (&backend);
  yz_test_sim_stop (sim);
}

static void
test_tls_wrong_pin (void)
{
  YzTestSim *sim = start_tls_sim ();
  g_autofree char *pem = g_test_build_filename (G_TEST_DIST, "data", "sim-tls.pem", NULL);
  g_autofree char *pin = fixture_fingerprint ();
  g_autoptr(GError) error = NULL;
  g_autoptr(YzGatewayBackend) backend = NULL;
  g_autoptr(YzLoginData) login = NULL;

  /* One nibble off; a CA file that would trust it does not override the pin. */
  pin[0] = pin[0] == '0' ? '1' : '0';
  backend = yz_gateway_backend_new (yz_test_sim_get_base_url (sim), pem, pin, &error);
  g_assert_no_error (error);
  login = log_in_and_follow (backend, &error);
  g_assert_null (login);
  g_assert_error (error, YZ_BACKEND_ERROR, YZ_BACKEND_ERROR_CERTIFICATE);
  g_clear_error (&error);

  /* A pin that is not a SHA-256 is refused when the backend is made. */
  g_clear_object (&backend);
  backend = yz_gateway_backend_new (yz_test_sim_get_base_url (sim), NULL, "12:34", &error);
  g_assert_null (backend);
  g_assert_error (error, YZ_BACKEND_ERROR, YZ_BACKEND_ERROR_CERTIFICATE);

  yz_test_sim_stop (sim);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/yizhan/tls/ca-file", test_tls_ca_file);
  g_test_add_func ("/yizhan/tls/untrusted", test_tls_untrusted);
  g_test_add_func ("/yizhan/tls/pinned", test_tls_pinned);
  g_test_add_func ("/yizhan/tls/wrong-pin", test_tls_wrong_pin);

  return g_test_run ();
}
