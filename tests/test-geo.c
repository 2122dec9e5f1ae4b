/* test-geo.c — WGS-84 ↔ GCJ-02 against a published reference, both ways.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include "yz-geo.h"

/* The reference pair every implementation of the public transform agrees on (Tian'anmen):
 * WGS-84 (39.915, 116.404) → GCJ-02 (39.91640428150164, 116.41024449916938). */
static void
test_geo_reference (void)
{
  double lat, lon;

  yz_geo_wgs84_to_gcj02 (39.915, 116.404, &lat, &lon);
  g_assert_cmpfloat_with_epsilon (lat, 39.91640428150164, 1e-9);
  g_assert_cmpfloat_with_epsilon (lon, 116.41024449916938, 1e-9);

  /* The inverse finds the WGS-84 point again within half a metre (it does far better). */
  yz_geo_gcj02_to_wgs84 (39.91640428150164, 116.41024449916938, &lat, &lon);
  g_assert_cmpfloat (yz_geo_distance_m (lat, lon, 39.915, 116.404), <, 0.5);
  g_assert_cmpfloat (yz_geo_distance_m (lat, lon, 39.915, 116.404), <, 0.01);
}

/* Across the country (Heze, Hangzhou, Urumqi, Harbin, Sanya, Lhasa): the offset is in the
 * known 100–700 m band, and the round trip gets back within half a metre. */
static void
test_geo_round_trip (void)
{
  static const double points[][2] = {
    { 35.2468, 115.4612 }, { 30.2741, 120.1551 }, { 43.8256, 87.6168 },
    { 45.8038, 126.5350 }, { 18.2528, 109.5119 }, { 29.6520, 91.1721 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (points); i++)
    {
      double g_lat, g_lon, w_lat, w_lon, offset;

      yz_geo_wgs84_to_gcj02 (points[i][0], points[i][1], &g_lat, &g_lon);
      offset = yz_geo_distance_m (points[i][0], points[i][1], g_lat, g_lon);
      g_assert_cmpfloat (offset, >, 50.0);
      g_assert_cmpfloat (offset, <, 800.0);

      yz_geo_gcj02_to_wgs84 (g_lat, g_lon, &w_lat, &w_lon);
      g_assert_cmpfloat (yz_geo_distance_m (w_lat, w_lon, points[i][0], points[i][1]), <, 0.5);

      /* And from the GCJ-02 side: a GCJ-02 point taken as given. */
      yz_geo_gcj02_to_wgs84 (points[i][0], points[i][1], &w_lat, &w_lon);
      yz_geo_wgs84_to_gcj02 (w_lat, w_lon, &g_lat, &g_lon);
      g_assert_cmpfloat (yz_geo_distance_m (g_lat, g_lon, points[i][0], points[i][1]), <, 0.5);
    }
}

static void
test_geo_outside_china (void)
{
  static const double points[][2] = {
    { 51.5007, -0.1246 },  { 40.6892, -74.0445 }, { -33.8568, 151.2153 },
    { 35.6586, 139.7454 }, { 60.0, 100.0 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (points); i++)
    {
      double lat, lon;

      g_assert_false (yz_geo_in_china (points[i][0], points[i][1]));
      yz_geo_wgs84_to_gcj02 (points[i][0], points[i][1], &lat, &lon);
      g_assert_cmpfloat (lat, ==, points[i][0]);
      g_assert_cmpfloat (lon, ==, points[i][1]);
      yz_geo_gcj02_to_wgs84 (points[i][0], points[i][1], &lat, &lon);
      g_assert_cmpfloat (lat, ==, points[i][0]);
      g_assert_cmpfloat (lon, ==, points[i][1]);
    }
}

static void
test_geo_convert (void)
{
  YzDatum datum;
  double lat, lon;

  g_assert_true (yz_datum_from_string ("gcj02", &datum));
  g_assert_cmpint (datum, ==, YZ_DATUM_GCJ02);
  g_assert_true (yz_datum_from_string ("wgs84", &datum));
  g_assert_cmpint (datum, ==, YZ_DATUM_WGS84);
  g_assert_false (yz_datum_from_string ("bd09", &datum));
  g_assert_false (yz_datum_from_string (NULL, &datum));

  yz_geo_convert (YZ_DATUM_GCJ02, YZ_DATUM_GCJ02, 35.0, 115.0, &lat, &lon);
  g_assert_cmpfloat (lat, ==, 35.0);
  yz_geo_convert (YZ_DATUM_WGS84, YZ_DATUM_GCJ02, 39.915, 116.404, &lat, &lon);
  g_assert_cmpfloat_with_epsilon (lon, 116.41024449916938, 1e-9);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/yizhan/geo/reference", test_geo_reference);
  g_test_add_func ("/yizhan/geo/round-trip", test_geo_round_trip);
  g_test_add_func ("/yizhan/geo/outside-china", test_geo_outside_china);
  g_test_add_func ("/yizhan/geo/convert", test_geo_convert);

  return g_test_run ();
}
