/* test-station-mark.c
 *
 * The mark a station gets on the map from its state, and how the station panel colours its
 * state line by it: plain functions of values, no display.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "yz-station-mark.h"

/* An open alarm outranks a door, a door outranks being offline; the worst priority open
 * decides the alarm's mark. */
static void
test_mark_for_values (void)
{
  g_assert_cmpint (yz_mark_for_values (TRUE, YZ_PRIORITY_NONE, 0, FALSE), ==, YZ_MARK_NORMAL);
  g_assert_cmpint (yz_mark_for_values (FALSE, YZ_PRIORITY_NONE, 0, FALSE), ==, YZ_MARK_OFFLINE);
  g_assert_cmpint (yz_mark_for_values (TRUE, YZ_PRIORITY_NONE, 0, TRUE), ==, YZ_MARK_DOOR);
  g_assert_cmpint (yz_mark_for_values (FALSE, YZ_PRIORITY_NONE, 0, TRUE), ==, YZ_MARK_DOOR);
  g_assert_cmpint (yz_mark_for_values (TRUE, YZ_PRIORITY_LOW, 1, FALSE), ==, YZ_MARK_ALARM_LOW);
  g_assert_cmpint (yz_mark_for_values (TRUE, YZ_PRIORITY_MEDIUM, 2, TRUE), ==,
                   YZ_MARK_ALARM_MEDIUM);
  g_assert_cmpint (yz_mark_for_values (FALSE, YZ_PRIORITY_HIGH, 1, TRUE), ==, YZ_MARK_ALARM_HIGH);
  g_assert_cmpint (yz_mark_for_values (FALSE, YZ_PRIORITY_CRITICAL, 3, FALSE), ==,
                   YZ_MARK_ALARM_CRITICAL);
  /* An alarm without a known priority is still an alarm. */
  g_assert_cmpint (yz_mark_for_values (TRUE, YZ_PRIORITY_NONE, 1, FALSE), ==, YZ_MARK_ALARM_LOW);
  /* A worst priority left over with no alarm open is no alarm. */
  g_assert_cmpint (yz_mark_for_values (TRUE, YZ_PRIORITY_CRITICAL, 0, FALSE), ==, YZ_MARK_NORMAL);
  g_assert_cmpint (yz_mark_for_values (FALSE, YZ_PRIORITY_CRITICAL, 0, FALSE), ==, YZ_MARK_OFFLINE);
}

/* Worse marks are larger values (clusters show their worst member), and only alarms pulse. */
static void
test_mark_order (void)
{
  static const YzPriority priorities[] = {
    YZ_PRIORITY_LOW,
    YZ_PRIORITY_MEDIUM,
    YZ_PRIORITY_HIGH,
    YZ_PRIORITY_CRITICAL,
  };
  YzMark last = yz_mark_for_values (TRUE, YZ_PRIORITY_NONE, 0, TRUE);

  g_assert_cmpint (last, >, yz_mark_for_values (FALSE, YZ_PRIORITY_NONE, 0, FALSE));
  g_assert_cmpint (yz_mark_for_values (FALSE, YZ_PRIORITY_NONE, 0, FALSE), >,
                   yz_mark_for_values (TRUE, YZ_PRIORITY_NONE, 0, FALSE));
  for (guint i = 0; i < G_N_ELEMENTS (priorities); i++)
    {
      YzMark mark = yz_mark_for_values (TRUE, priorities[i], 1, FALSE);

      g_assert_cmpint (mark, >, last);
      g_assert_true (yz_mark_is_alarm (mark));
      last = mark;
    }
  g_assert_false (yz_mark_is_alarm (YZ_MARK_NORMAL));
  g_assert_false (yz_mark_is_alarm (YZ_MARK_OFFLINE));
  g_assert_false (yz_mark_is_alarm (YZ_MARK_DOOR));
}

/* Every mark has its own colour and words. */
static void
test_mark_colors (void)
{
  for (YzMark a = 0; a < YZ_N_MARKS; a++)
    {
      GdkRGBA ca;

      yz_mark_get_color (a, &ca);
      g_assert_cmpfloat (ca.alpha, ==, 1.0);
      g_assert_nonnull (yz_mark_describe (a));
      for (YzMark b = a + 1; b < YZ_N_MARKS; b++)
        {
          GdkRGBA cb;

          yz_mark_get_color (b, &cb);
          g_assert_false (gdk_rgba_equal (&ca, &cb));
          g_assert_cmpstr (yz_mark_describe (a), !=, yz_mark_describe (b));
        }
    }
}

/* The panel's state line: red for high and critical alarms, amber for lesser alarms and
 * doors, dimmed offline, green otherwise. */
static void
test_mark_style_class (void)
{
  g_assert_cmpstr (yz_mark_style_class (YZ_MARK_ALARM_CRITICAL), ==, "error");
  g_assert_cmpstr (yz_mark_style_class (YZ_MARK_ALARM_HIGH), ==, "error");
  g_assert_cmpstr (yz_mark_style_class (YZ_MARK_ALARM_MEDIUM), ==, "warning");
  g_assert_cmpstr (yz_mark_style_class (YZ_MARK_ALARM_LOW), ==, "warning");
  g_assert_cmpstr (yz_mark_style_class (YZ_MARK_DOOR), ==, "warning");
  g_assert_cmpstr (yz_mark_style_class (YZ_MARK_OFFLINE), ==, "dim-label");
  g_assert_cmpstr (yz_mark_style_class (YZ_MARK_NORMAL), ==, "success");
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/yizhan/station-mark/for-values", test_mark_for_values);
  g_test_add_func ("/yizhan/station-mark/order", test_mark_order);
  g_test_add_func ("/yizhan/station-mark/colors", test_mark_colors);
  g_test_add_func ("/yizhan/station-mark/style-class", test_mark_style_class);

  return g_test_run ();
}
