/* gst-elements-fixture.c: not built. The source that tests/check-gst-elements.py --self-test
 * reads: it names an element no machine has (yzfakeoverlay), one the checker's table does
 * not know (yz-unknown-src), and the ways this project names elements.
 * gst_element_factory_make ("commentsrc", NULL) in a comment is not a use.
 */

#include <gst/gst.h>

#define STAMP "! cairooverlay name=stamp "

static GstElement *make (const char *factory);

static GstElement *
make (const char *factory)
{
  return gst_element_factory_make (factory, NULL);
}

static GstElement *
make_named (const char *name)
{
  /* Not a parameter of this function, nor a string: the checker cannot read it. */
  const char *factory = g_getenv ("FACTORY");

  return gst_element_factory_make (factory, name);
}

static void
build (GstRTSPMediaFactory *factory,
       const char          *station,
       gboolean             stamp)
{
  g_autofree char *launch = NULL;
  GstElement *a = make ("queue");
  GstElement *b = make ("yzfakeoverlay");
  GstElement *c = gst_element_factory_make ("appsink", "sink");
  GstElement *d = gst_element_factory_make ("playbin", NULL);
  GstElement *e = gst_parse_launch ("fakesink", NULL);
  GstElement *f = gst_parse_bin_from_description ("yz-unknown-src ! tee name=t t. ! queue ! fakesink", TRUE, NULL);
  char quote = '"';

  launch = g_strdup_printf ("( videotestsrc is-live=true pattern=ball "
                            "! video/x-raw,width=%d,height=%d,framerate=%d/1 "
                            "! textoverlay text=\"%s ! there\" font-desc=\"Noto Sans %d\" "
                            "%s"
                            "! videoconvert ! x264enc tune=zerolatency "
                            "! rtph264pay name=pay0 pt=96 config-interval=1 )",
                            640, 360, 15, station, 12, stamp ? STAMP : "");
  gst_rtsp_media_factory_set_launch (factory, launch);
  g_print ("Hello! This is not a pipeline.\n");
}
