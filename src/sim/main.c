/* main.c — yizhan-sim, a simulated city of rest stations speaking docs/protocol.md
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "yizhan-sim"

#include "config.h"

#include <stdio.h>
#include <glib-unix.h>

#include "yz-event.h"
#include "yz-sim-city.h"
#include "yz-sim-server.h"
#ifdef HAVE_SIM_MEDIA
#include <gst/gst.h>
#include "yz-sim-rtsp.h"
#include "yz-sim-snapshot.h"
#endif

static gboolean
quit_cb (gpointer user_data)
{
  g_main_loop_quit (user_data);

  return G_SOURCE_REMOVE;
}

static GLogWriterOutput
quiet_writer (GLogLevelFlags log_level, const GLogField *fields, gsize n_fields, gpointer user_data)
{
  if (log_level & (G_LOG_LEVEL_MESSAGE | G_LOG_LEVEL_INFO | G_LOG_LEVEL_DEBUG))
    return G_LOG_WRITER_HANDLED;

  return g_log_writer_default (log_level, fields, n_fields, user_data);
}

#ifdef HAVE_SIM_MEDIA
static void
camera_online_cb (const char *camera_id, gboolean online, gpointer user_data)
{
  yz_sim_rtsp_set_camera_online (user_data, camera_id, online);
}
#endif

int
main (int argc, char *argv[])
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autoptr(YzSimCity) city = NULL;
  g_autoptr(YzSimServer) server = NULL;
  int port = 0;
  int rtsp_port = 0;
  int stations = 24;
  int seed = 1;
  int replay_window = 100000;
  double speed = 1.0;
  char *journal = NULL;
  char *epoch = NULL;
  char *tls_cert = NULL;
  char *tls_key = NULL;
  g_autoptr(GTlsCertificate) certificate = NULL;
  gboolean control = FALSE;
  gboolean no_cameras = FALSE;
  gboolean quiet = FALSE;
  gboolean stamp = FALSE;
  char *video = NULL;
  YzSimFaults faults = { 0 };
  int ws_close_every = 0;
  int latency_ms = 0;
  int door_delay_ms = 0;
  guint actual_rtsp_port = 0;
  const GOptionEntry entries[] = {
    { "port", 0, 0, G_OPTION_ARG_INT, &port, "HTTP port on 127.0.0.1 (0: any free port)", "N" },
    { "rtsp-port", 0, 0, G_OPTION_ARG_INT, &rtsp_port, "RTSP port on 127.0.0.1 (0: any free port)",
      "N" },
    { "stations", 0, 0, G_OPTION_ARG_INT, &stations, "How many stations the city has (default 24)",
      "N" },
    { "seed", 0, 0, G_OPTION_ARG_INT, &seed, "Seed of the city and its life, for repeatable runs",
      "N" },
    { "speed", 0, 0, G_OPTION_ARG_DOUBLE, &speed, "Run the clock X times faster than real time",
      "X" },
    { "journal", 0, 0, G_OPTION_ARG_FILENAME, &journal,
      "Append every event sent to FILE, one JSON line each", "FILE" },
    { "epoch", 0, 0, G_OPTION_ARG_STRING, &epoch,
      "The sequence's epoch (an id: 1–64 of A–Z a–z 0–9 _ -; default a random UUID)", "STR" },
    { "control", 0, 0, G_OPTION_ARG_NONE, &control,
      "Enable the test-control endpoints /api/v1/_control/*", NULL },
    { "replay-window", 0, 0, G_OPTION_ARG_INT, &replay_window,
      "Events kept for clients that resume (default 100000)", "N" },
    { "no-cameras", 0, 0, G_OPTION_ARG_NONE, &no_cameras, "Serve no RTSP streams", NULL },
    { "quiet", 0, 0, G_OPTION_ARG_NONE, &quiet, "Log only warnings", NULL },
    { "stamp", 0, 0, G_OPTION_ARG_NONE, &stamp,
      "Stamp every camera frame with the time it was drawn (for latency; implies --video=live)",
      NULL },
    { "video", 0, 0, G_OPTION_ARG_STRING, &video,
      "clip: loop a 4 s clip per stream shape, encoded once (default); live: encode every "
      "stream as it plays",
      "clip|live" },
    { "tls-cert", 0, 0, G_OPTION_ARG_FILENAME, &tls_cert,
      "Serve HTTPS and wss:// with this PEM certificate", "FILE" },
    { "tls-key", 0, 0, G_OPTION_ARG_FILENAME, &tls_key, "The PEM private key of --tls-cert",
      "FILE" },
    { "fault-ws-close-every", 0, 0, G_OPTION_ARG_INT, &ws_close_every,
      "Close every event stream each S seconds", "S" },
    { "fault-malformed", 0, 0, G_OPTION_ARG_DOUBLE, &faults.fault_malformed,
      "Share of events preceded by a malformed twin (0–1)", "SHARE" },
    { "fault-unknown", 0, 0, G_OPTION_ARG_DOUBLE, &faults.fault_unknown,
      "Share of events followed by one of an unknown type (0–1)", "SHARE" },
    { "fault-latency-ms", 0, 0, G_OPTION_ARG_INT, &latency_ms, "Delay every REST reply by N ms",
      "N" },
    { "fault-http-500", 0, 0, G_OPTION_ARG_DOUBLE, &faults.fault_http_500,
      "Share of REST requests answered 500 (0–1)", "SHARE" },
    { "fault-door-delay-ms", 0, 0, G_OPTION_ARG_INT, &door_delay_ms,
      "Every door answers a command N ms after it is accepted", "N" },
    { NULL }
  };

  context = g_option_context_new ("— a simulated city of rest stations");
  g_option_context_set_summary (
      context, "Serves the Yizhan gateway protocol (docs/protocol.md) on 127.0.0.1 for a\n"
               "simulated city, with RTSP cameras, so the console can be shown, tested\n"
               "and measured without hardware. Prints one JSON line with its ports.");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("yizhan-sim: %s\n", error->message);
      return 2;
    }
  if (port < 0 || port > 65535 || rtsp_port < 0 || rtsp_port > 65535 || stations < 1 ||
      stations > 20000 || speed <= 0 || speed > 1e6 || replay_window < 10 || ws_close_every < 0 ||
      latency_ms < 0 || door_delay_ms < 0 || door_delay_ms > 600000 ||
      (epoch != NULL && !yz_is_id (epoch)))
    {
      g_printerr ("yizhan-sim: an option is out of range (see --help)\n");
      return 2;
    }
  if (video != NULL && g_strcmp0 (video, "clip") != 0 && g_strcmp0 (video, "live") != 0)
    {
      g_printerr ("yizhan-sim: --video is clip or live\n");
      return 2;
    }
  if (stamp && g_strcmp0 (video, "clip") == 0)
    {
      g_printerr ("yizhan-sim: --stamp draws the time on live frames: it needs --video=live\n");
      return 2;
    }
  faults.fault_ws_close_every = ws_close_every;
  faults.fault_latency_ms = latency_ms;
  faults.fault_door_delay_ms = door_delay_ms;
  if (quiet)
    g_log_set_writer_func (quiet_writer, NULL, NULL);

  loop = g_main_loop_new (NULL, FALSE);
  city = yz_sim_city_new (stations, seed, speed);
  server = yz_sim_server_new (city, replay_window, control);
  yz_sim_server_set_faults (server, &faults);
  if (epoch != NULL)
    yz_sim_server_set_epoch (server, epoch);

  if (journal != NULL && !yz_sim_server_set_journal (server, journal, &error))
    {
      g_printerr ("yizhan-sim: %s\n", error->message);
      return 1;
    }

#ifdef HAVE_SIM_MEDIA
  {
    static YzSimRtsp *rtsp;

    gst_init (&argc, &argv);
    if (!no_cameras)
      {
        GPtrArray *cameras = yz_sim_city_list (city, YZ_SIM_CAMERAS);
        g_autofree char *base = NULL;

        rtsp = yz_sim_rtsp_new ();
        yz_sim_rtsp_set_stamp (rtsp, stamp);
        yz_sim_rtsp_set_live (rtsp, stamp || g_strcmp0 (video, "live") == 0);
        for (guint i = 0; i < cameras->len; i++)
          {
            JsonObject *camera = g_ptr_array_index (cameras, i);
            JsonObject *station = yz_sim_city_lookup (
                city, YZ_SIM_STATIONS, json_object_get_string_member (camera, "station_id"));

            yz_sim_rtsp_add_camera (rtsp, json_object_get_string_member (camera, "id"),
                                    json_object_get_string_member (station, "name"),
                                    json_object_get_string_member (camera, "name"));
          }
        if (!yz_sim_rtsp_start (rtsp, rtsp_port, &error))
          {
            g_printerr ("yizhan-sim: cannot serve RTSP: %s\n", error->message);
            return 1;
          }
        actual_rtsp_port = yz_sim_rtsp_get_port (rtsp);
        base = g_strdup_printf ("rtsp://127.0.0.1:%u", actual_rtsp_port);
        yz_sim_city_set_camera_urls (city, base);
        yz_sim_server_set_media (server, yz_sim_snapshot_render, camera_online_cb, rtsp);
      }
    else
      {
        yz_sim_server_set_media (server, yz_sim_snapshot_render, NULL, NULL);
      }
  }
#else
  if (!no_cameras)
    g_warning ("Built without GStreamer media: no cameras and no snapshots");
#endif

  if ((tls_cert == NULL) != (tls_key == NULL))
    {
      g_printerr ("yizhan-sim: --tls-cert and --tls-key go together\n");
      return 2;
    }
  if (tls_cert != NULL &&
      (certificate = g_tls_certificate_new_from_files (tls_cert, tls_key, &error)) == NULL)
    {
      g_printerr ("yizhan-sim: cannot use the TLS certificate: %s\n", error->message);
      return 2;
    }

  if (!yz_sim_server_listen (server, port, certificate, &error))
    {
      g_printerr ("yizhan-sim: cannot listen on 127.0.0.1:%d: %s\n", port,
                  error ? error->message : "no port");
      return 1;
    }

  yz_sim_city_start (city);

  g_print ("{\"yizhan-sim\":1,\"http_port\":%u,\"rtsp_port\":%u,\"tls\":%s}\n",
           yz_sim_server_get_port (server), actual_rtsp_port, certificate ? "true" : "false");
  fflush (stdout);
  g_message ("%d stations on %s://127.0.0.1:%u (seed %d, speed %g)", stations,
             certificate ? "https" : "http", yz_sim_server_get_port (server), seed, speed);

  g_unix_signal_add (SIGINT, quit_cb, loop);
  g_unix_signal_add (SIGTERM, quit_cb, loop);
  g_main_loop_run (loop);

  yz_sim_server_shutdown (server);
  g_free (journal);
  g_free (epoch);
  g_free (video);

  return 0;
}
