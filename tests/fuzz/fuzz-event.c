/* fuzz-event.c — libFuzzer target for the gateway event parser (src/core/yz-event.c)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdint.h>

#include "yz-event.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(YzEvent) event = NULL;
  gint64 seq = -1;

  event = yz_event_parse ((const char *)data, size, &seq, &error);

  /* Exactly one of an event and an error, and a seq never made up. */
  if ((event == NULL) == (error == NULL))
    __builtin_trap ();
  if (seq < 0)
    __builtin_trap ();

  return 0;
}
