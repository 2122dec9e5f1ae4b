/* bench-sim-video.c
 *
 * What yizhan-sim's cameras cost it: its CPU while 16 clients each play the sub stream
 * (640×360, 15 fps) of a different camera, with its pictures from a looped clip (--video=clip,
 * the default) against encoding them live (--video=live, the baseline, measured in the same
 * run). The clients are one gst-launch-1.0 process, rtspsrc ! rtph264depay ! fakesink per
 * stream, that does not decode; the frames they get are counted, so a figure for a mode that
 * stopped sending is not printed as a saving.
 *
 * YZ_BENCH_SECONDS (default 10): the measured window, after every stream has its first frame.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <unistd.h>

#include "yz-test-sim.h"

#define STREAMS 16

typedef struct
{
  GDataInputStream *lines;
  guint frames[STREAMS];
  gboolean closed;
} Clients;

typedef struct
{
  double sim_cpu;     /* share of one core */
  double clients_cpu; /* share of one core */
  double fps;         /* per stream */
  double start_s;     /* from the client's start to every stream's first frame */
} Result;

/* utime + stime of a process, in seconds. */
static double
process_cpu (GPid pid)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d/stat", (int)pid);
  g_autofree char *text = NULL;
  g_auto(GStrv) fields = NULL;
  const char *rest;

  if (!g_file_get_contents (path, &text, NULL, NULL))
    return 0;
  rest = strrchr (text, ')');
  g_assert_nonnull (rest);
  /* After "pid (comm) ": state is field 3, utime 14, stime 15. */
  fields = g_strsplit (rest + 2, " ", -1);
  g_assert_cmpuint (g_strv_length (fields), >, 13);

  return (g_ascii_strtod (fields[11], NULL) + g_ascii_strtod (fields[12], NULL)) /
         sysconf (_SC_CLK_TCK);
}

static guint
total_frames (Clients *clients)
{
  guint total = 0;

  for (guint i = 0; i < STREAMS; i++)
    total += clients->frames[i];

  return total;
}

static void read_line_cb (GObject *object, GAsyncResult *result, gpointer user_data);

static void
read_next (Clients *clients)
{
  g_data_input_stream_read_line_async (clients->lines, G_PRIORITY_DEFAULT, NULL, read_line_cb,
                                       clients);
}

/* gst-launch -v prints a fakesink's last-message, "…/GstFakeSink:sN: last-message = chain …",
 * once per buffer: one access unit, a frame. */
static void
read_line_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  Clients *clients = user_data;
  g_autofree char *line =
      g_data_input_stream_read_line_finish_utf8 (G_DATA_INPUT_STREAM (object), result, NULL, NULL);
  const char *sink;
  guint64 index;

  if (line == NULL)
    {
      clients->closed = TRUE;
      return;
    }
  sink = strstr (line, "GstFakeSink:s");
  if (sink != NULL && strstr (line, "last-message = chain") != NULL)
    {
      index = g_ascii_strtoull (sink + strlen ("GstFakeSink:s"), NULL, 10);
      if (index < STREAMS)
        clients->frames[index]++;
    }
  read_next (clients);
}

static gboolean
all_playing (gpointer user_data)
{
  Clients *clients = user_data;

  if (clients->closed)
    return TRUE;
  for (guint i = 0; i < STREAMS; i++)
    if (clients->frames[i] == 0)
      return FALSE;

  return TRUE;
}

static gboolean
never (gpointer user_data)
{
  return ((Clients *)user_data)->closed;
}

static void
measure (const char *video, double seconds, Result *result)
{
  g_autofree char *video_arg = g_strconcat ("--video=", video, NULL);
  YzTestSim *sim = yz_test_sim_start ("--stations=16", "--quiet", video_arg, NULL);
  g_autofree char *token = yz_test_sim_login (sim, "observer");
  g_autoptr(JsonNode) state = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GSubprocess) launch = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDataInputStream) lines = NULL;
  Clients clients = { 0 };
  JsonArray *cameras;
  guint status = 0;
  gint64 start;
  double sim_cpu;
  double clients_cpu;
  guint frames;

  state = yz_test_sim_request (sim, "GET", "/api/v1/state", token, NULL, &status);
  g_assert_cmpuint (status, ==, 200);
  cameras = json_object_get_array_member (json_node_get_object (state), "cameras");
  g_assert_cmpuint (json_array_get_length (cameras), >=, STREAMS);

  g_ptr_array_add (argv, g_strdup ("gst-launch-1.0"));
  g_ptr_array_add (argv, g_strdup ("-v"));
  for (guint i = 0; i < STREAMS; i++)
    {
      JsonObject *camera = json_array_get_object_element (cameras, i);
      const char *url = json_object_get_string_member (camera, "sub_url");

      g_ptr_array_add (argv, g_strdup ("rtspsrc"));
      g_ptr_array_add (argv, g_strdup_printf ("location=%s", url));
      g_ptr_array_add (argv, g_strdup ("latency=100"));
      g_ptr_array_add (argv, g_strdup ("!"));
      g_ptr_array_add (argv, g_strdup ("rtph264depay"));
      g_ptr_array_add (argv, g_strdup ("!"));
      g_ptr_array_add (argv, g_strdup ("fakesink"));
      g_ptr_array_add (argv, g_strdup_printf ("name=s%u", i));
      g_ptr_array_add (argv, g_strdup ("silent=false"));
      g_ptr_array_add (argv, g_strdup ("sync=false"));
    }
  g_ptr_array_add (argv, NULL);

  start = g_get_monotonic_time ();
  launch = g_subprocess_newv ((const char *const *)argv->pdata,
                              G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_SILENCE,
                              &error);
  g_assert_no_error (error);
  lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (launch));
  clients.lines = lines;
  read_next (&clients);

  /* Connection and, in clip mode, the clip's encoding are not what is measured. */
  g_assert_true (yz_test_wait (all_playing, &clients, 60000));
  g_assert_false (clients.closed);
  result->start_s = (g_get_monotonic_time () - start) / 1e6;
  /* A second for every stream to settle, then the window. */
  yz_test_wait (never, &clients, 1000);

  start = g_get_monotonic_time ();
  sim_cpu = process_cpu (yz_test_sim_get_pid (sim));
  clients_cpu = process_cpu (atoi (g_subprocess_get_identifier (launch)));
  frames = total_frames (&clients);
  yz_test_wait (never, &clients, (guint)(seconds * 1000));
  g_assert_false (clients.closed);
  seconds = (g_get_monotonic_time () - start) / 1e6;
  result->sim_cpu = (process_cpu (yz_test_sim_get_pid (sim)) - sim_cpu) / seconds;
  result->clients_cpu =
      (process_cpu (atoi (g_subprocess_get_identifier (launch))) - clients_cpu) / seconds;
  result->fps = (total_frames (&clients) - frames) / (double)STREAMS / seconds;

  g_subprocess_force_exit (launch);
  g_subprocess_wait (launch, NULL, NULL);
  yz_test_wait (never, &clients, 5000);
  yz_test_sim_stop (sim);
}

int
main (int argc, char *argv[])
{
  const char *env = g_getenv ("YZ_BENCH_SECONDS");
  double seconds = env != NULL ? g_ascii_strtod (env, NULL) : 10;
  Result clip = { 0 };
  Result live = { 0 };

  g_test_init (&argc, &argv, NULL);
  if (g_find_program_in_path ("gst-launch-1.0") == NULL)
    {
      g_print ("bench-sim-video: gst-launch-1.0 is missing (gstreamer1.0-tools)\n");
      return 77;
    }

  measure ("live", seconds, &live);
  measure ("clip", seconds, &clip);

  g_print ("yizhan-sim video: %d clients of the sub stream (640x360, 15 fps), %.0f s\n", STREAMS,
           seconds);
  g_print ("  live encoding (baseline): sim CPU %6.1f %% of a core, %5.1f fps per stream, "
           "clients %5.1f %%, first frames after %.1f s\n",
           100 * live.sim_cpu, live.fps, 100 * live.clients_cpu, live.start_s);
  g_print ("  looped clip:              sim CPU %6.1f %% of a core, %5.1f fps per stream, "
           "clients %5.1f %%, first frames after %.1f s\n",
           100 * clip.sim_cpu, clip.fps, 100 * clip.clients_cpu, clip.start_s);
  g_print ("  ratio sim CPU clip/live:  %6.3f\n", clip.sim_cpu / MAX (live.sim_cpu, 1e-6));

  /* The clip must serve the streams at their rate, or its saving means nothing. Live may fall
   * behind on a small machine: that is its cost showing, and said. */
  if (live.fps < 15 * 0.8)
    g_print ("  (live encoding did not keep up: its CPU is what the machine had to give)\n");
  g_assert_cmpfloat (clip.fps, >, 15 * 0.8);

  return 0;
}
