/* yz-geo.c — WGS-84 ↔ GCJ-02.
 *
 * GCJ-02 is WGS-84 shifted by a published, deliberately irregular offset (100–700 m) inside
 * mainland China. The forward transform is the public one: the Krasovsky ellipsoid
 * (a = 6378245.0 m, e² = 0.00669342162296594323) and two fixed series in x = lon − 105,
 * y = lat − 35. Points outside China are left alone. The inverse has no closed form: it is
 * found by fixed-point iteration (each round shrinks the error ~100×; a few rounds reach
 * millimetres).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include "yz-geo.h"

#define KRASOVSKY_A 6378245.0
#define KRASOVSKY_EE 0.00669342162296594323
#define EARTH_R 6371008.8 /* mean radius, for distances */

/* The rough box the transform applies to (as every implementation of it uses). */
gboolean
yz_geo_in_china (double lat, double lon)
{
  return lon >= 72.004 && lon <= 137.8347 && lat >= 0.8293 && lat <= 55.8271;
}

static double
shift_lat (double x, double y)
{
  double r = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * sqrt (fabs (x));

  r += (20.0 * sin (6.0 * x * G_PI) + 20.0 * sin (2.0 * x * G_PI)) * 2.0 / 3.0;
  r += (20.0 * sin (y * G_PI) + 40.0 * sin (y / 3.0 * G_PI)) * 2.0 / 3.0;
  r += (160.0 * sin (y / 12.0 * G_PI) + 320.0 * sin (y * G_PI / 30.0)) * 2.0 / 3.0;

  return r;
}

static double
shift_lon (double x, double y)
{
  double r = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * sqrt (fabs (x));

  r += (20.0 * sin (6.0 * x * G_PI) + 20.0 * sin (2.0 * x * G_PI)) * 2.0 / 3.0;
  r += (20.0 * sin (x * G_PI) + 40.0 * sin (x / 3.0 * G_PI)) * 2.0 / 3.0;
  r += (150.0 * sin (x / 12.0 * G_PI) + 300.0 * sin (x / 30.0 * G_PI)) * 2.0 / 3.0;

  return r;
}

void
yz_geo_wgs84_to_gcj02 (double lat, double lon, double *out_lat, double *out_lon)
{
  double d_lat, d_lon, rad_lat, magic, sqrt_magic;

  if (!yz_geo_in_china (lat, lon))
    {
      *out_lat = lat;
      *out_lon = lon;
      return;
    }

  d_lat = shift_lat (lon - 105.0, lat - 35.0);
  d_lon = shift_lon (lon - 105.0, lat - 35.0);
  rad_lat = lat / 180.0 * G_PI;
  magic = sin (rad_lat);
  magic = 1.0 - KRASOVSKY_EE * magic * magic;
  sqrt_magic = sqrt (magic);
  d_lat = (d_lat * 180.0) / ((KRASOVSKY_A * (1.0 - KRASOVSKY_EE)) / (magic * sqrt_magic) * G_PI);
  d_lon = (d_lon * 180.0) / (KRASOVSKY_A / sqrt_magic * cos (rad_lat) * G_PI);

  *out_lat = lat + d_lat;
  *out_lon = lon + d_lon;
}

void
yz_geo_gcj02_to_wgs84 (double lat, double lon, double *out_lat, double *out_lon)
{
  double w_lat = lat, w_lon = lon;

  if (!yz_geo_in_china (lat, lon))
    {
      *out_lat = lat;
      *out_lon = lon;
      return;
    }

  /* Find w with forward(w) = g: w ← w + (g − forward(w)). */
  for (guint i = 0; i < 30; i++)
    {
      double f_lat, f_lon, e_lat, e_lon;

      yz_geo_wgs84_to_gcj02 (w_lat, w_lon, &f_lat, &f_lon);
      e_lat = lat - f_lat;
      e_lon = lon - f_lon;
      w_lat += e_lat;
      w_lon += e_lon;
      if (fabs (e_lat) < 1e-10 && fabs (e_lon) < 1e-10) /* ~0.01 mm */
        break;
    }

  *out_lat = w_lat;
  *out_lon = w_lon;
}

void
yz_geo_convert (YzDatum from, YzDatum to, double lat, double lon, double *out_lat, double *out_lon)
{
  if (from == to)
    {
      *out_lat = lat;
      *out_lon = lon;
    }
  else if (from == YZ_DATUM_WGS84)
    yz_geo_wgs84_to_gcj02 (lat, lon, out_lat, out_lon);
  else
    yz_geo_gcj02_to_wgs84 (lat, lon, out_lat, out_lon);
}

gboolean
yz_datum_from_string (const char *text, YzDatum *datum)
{
  if (g_strcmp0 (text, "wgs84") == 0)
    *datum = YZ_DATUM_WGS84;
  else if (g_strcmp0 (text, "gcj02") == 0)
    *datum = YZ_DATUM_GCJ02;
  else
    return FALSE;

  return TRUE;
}

/* Great-circle distance (haversine), metres. */
double
yz_geo_distance_m (double lat1, double lon1, double lat2, double lon2)
{
  double p1 = lat1 * G_PI / 180.0, p2 = lat2 * G_PI / 180.0;
  double dp = p2 - p1, dl = (lon2 - lon1) * G_PI / 180.0;
  double h = sin (dp / 2) * sin (dp / 2) + cos (p1) * cos (p2) * sin (dl / 2) * sin (dl / 2);

  return 2.0 * EARTH_R * asin (MIN (1.0, sqrt (h)));
}
