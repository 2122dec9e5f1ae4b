/* yz-test-sim.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

G_BEGIN_DECLS

typedef struct _YzTestSim YzTestSim;

YzTestSim *yz_test_sim_start (const char *first_arg, ...) G_GNUC_NULL_TERMINATED;
YzTestSim *yz_test_sim_startv (const char *const *args);
YzTestSim *yz_test_sim_attach (const char *base_url);
void yz_test_sim_stop (YzTestSim *sim);
guint yz_test_sim_get_http_port (YzTestSim *sim);
guint yz_test_sim_get_rtsp_port (YzTestSim *sim);
GPid yz_test_sim_get_pid (YzTestSim *sim);
const char *yz_test_sim_get_base_url (YzTestSim *sim);
SoupSession *yz_test_sim_get_session (YzTestSim *sim);
char *yz_test_sim_login (YzTestSim *sim, const char *name);
JsonNode *yz_test_sim_request (YzTestSim *sim, const char *method, const char *path,
                               const char *token, const char *body, guint *status);
GBytes *yz_test_sim_get_bytes (YzTestSim *sim, const char *path, const char *token, guint *status,
                               char **content_type);
GPtrArray *yz_test_sim_read_journal (const char *path);
void yz_test_run_for (double seconds);
gboolean yz_test_wait (gboolean (*condition) (gpointer user_data), gpointer user_data,
                       guint timeout_ms);

G_END_DECLS
