/* yz-geo.h — map datums used in China: WGS-84 (GPS, OpenStreetMap) and GCJ-02 (Gaode,
 * Tencent and most Chinese sources).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  YZ_DATUM_WGS84,
  YZ_DATUM_GCJ02,
} YzDatum;

gboolean yz_geo_in_china (double lat, double lon);
void yz_geo_wgs84_to_gcj02 (double lat, double lon, double *out_lat, double *out_lon);
void yz_geo_gcj02_to_wgs84 (double lat, double lon, double *out_lat, double *out_lon);
void yz_geo_convert (YzDatum from, YzDatum to, double lat, double lon, double *out_lat,
                     double *out_lon);
gboolean yz_datum_from_string (const char *text, YzDatum *datum);
double yz_geo_distance_m (double lat1, double lon1, double lat2, double lon2);

G_END_DECLS
