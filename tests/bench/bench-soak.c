/* bench-soak.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The long soak: a city of 580 stations for an hour (YZ_SOAK_SECONDS, YZ_SOAK_STATIONS to
 * change it) with every fault on, a gateway that starts a new sequence half-way
 * (YZ_SOAK_NEW_EPOCH_AT seconds in; 0: never), and the
 * console's session headless. Prints the journal-to-store comparison, the console's RSS over
 * time and the longest main-loop stall beside the stall of an idle main loop measured first.
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "yz-soak.h"

static guint
env_uint (const char *name, guint fallback)
{
  const char *value = g_getenv (name);

  return value != NULL && value[0] != '\0' ? (guint)g_ascii_strtoull (value, NULL, 10) : fallback;
}

int
main (int argc, char *argv[])
{
  YzSoakResult result;
  guint seconds = env_uint ("YZ_SOAK_SECONDS", 3600);

  yz_soak_run (&(YzSoakOptions){ .stations = env_uint ("YZ_SOAK_STATIONS", 580),
                                 .seconds = seconds,
                                 .speed = 1,
                                 .burst_every_s = 60,
                                 .burst_size = 3000,
                                 .new_epoch_at_s = env_uint ("YZ_SOAK_NEW_EPOCH_AT", seconds / 2),
                                 .sample_every_s = MAX (seconds / 60, 1),
                                 .progress = TRUE },
               &result);
  yz_soak_result_print (&result);
  printf ("soak: RSS over time (KiB):");
  for (guint i = 0; i < result.rss_kb->len; i++)
    printf (" %" G_GUINT64_FORMAT, g_array_index (result.rss_kb, guint64, i));
  printf ("\n");

  yz_soak_result_clear (&result);
  return 0;
}
