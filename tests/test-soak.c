/* test-soak.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Two minutes of a city with every fault on (tests/yz-soak.c) and a gateway rebuilt half-way
 * (a new epoch, its seqs from 1 again), then the gateway's journal against the console's store:
 * nothing lost, nothing twice, nothing stored above the gateway's last seq. The hour-long version
 * is tests/bench/bench-soak.c.
 */

#include "config.h"

#include "yz-soak.h"
#include "yz-test-sim.h"

static void
test_soak_two_minutes (void)
{
  YzSoakResult result;

  yz_soak_run (&(YzSoakOptions){ .stations = 60,
                                 .seconds = 120,
                                 .speed = 10,
                                 .burst_every_s = 20,
                                 .burst_size = 3000,
                                 .new_epoch_at_s = 50, /* between two bursts */
                                 .sample_every_s = 10 },
               &result);
  yz_soak_result_print (&result);

  /* The faults happened. */
  g_assert_cmpuint (result.n_connects, >=, 10);
  g_assert_cmpuint (result.n_malformed, >, 0);
  g_assert_cmpuint (result.n_unknown, >, 0);
  g_assert_cmpuint (result.n_bursts, >=, 4);
  g_assert_cmpuint (result.n_sent, >, result.n_bursts * 3000);
  g_assert_cmpuint (result.n_entries_sent, >, 0);
  /* The gateway was rebuilt half-way: a new epoch, its sequence from 1 again. */
  g_assert_cmpuint (result.n_epochs, ==, 2);

  /* Nothing lost, nothing twice, nothing the gateway did not send. */
  g_assert_cmpuint (result.n_missing, ==, 0);
  g_assert_cmpuint (result.n_stored, ==, result.n_sent);
  g_assert_cmpuint (result.n_extra, ==, 0);
  g_assert_cmpuint (result.n_entries_missing, ==, 0);
  g_assert_cmpint (result.stored_last_seq, <=, result.gateway_last_seq);

  yz_soak_result_clear (&result);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/yizhan/soak/two-minutes", test_soak_two_minutes);

  return g_test_run ();
}
