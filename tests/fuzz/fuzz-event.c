/* fuzz-event.c — libFuzzer target for every wire parser in src/core/yz-event.c:
 * the event stream and each REST reply, history pages included. An input that starts
 * with '{' is a stream message, whole; otherwise the first byte picks the parser (byte % 9:
 * 0 a stream message, 1 /state, 2 a login, 3 an alarm, 4 stock, 5 a device, 6 an entries
 * page, 7 a command id, 8 an error) and the rest is the body, as the gateway would send it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdint.h>
#include <string.h>

#include "yz-event.h"
#include "yz-text.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

/* Exactly one of a result and an error: a parser never fails silently or half-way. */
#define CHECK_ONE(result, error)                                                                   \
  G_STMT_START                                                                                     \
  {                                                                                                \
    if (((result) == NULL) == ((error) == NULL))                                                   \
      __builtin_trap ();                                                                           \
  }                                                                                                \
  G_STMT_END

/* Every text a parser hands on to be shown is clean (yz-text.c): valid UTF-8, no control
 * or bidirectional formatting character, within its limit. NULL is an absent member. */
#define CHECK_TEXT(text, max, multiline)                                                           \
  G_STMT_START                                                                                     \
  {                                                                                                \
    if ((text) != NULL && (!yz_text_is_clean ((text), (max), (multiline)) || *(text) == '\0'))     \
      __builtin_trap ();                                                                           \
  }                                                                                                \
  G_STMT_END

static void
check_alarm (const YzAlarmData *alarm)
{
  if (alarm == NULL)
    return;
  CHECK_TEXT (alarm->owner, 64, FALSE);
  CHECK_TEXT (alarm->note, 2000, TRUE);
}

static void
check_state (const YzStateData *state)
{
  CHECK_TEXT (state->gateway_name, 200, FALSE);
  CHECK_TEXT (state->gateway_version, 32, FALSE);
  if (state->epoch != NULL && !yz_is_id (state->epoch))
    __builtin_trap ();
  for (guint i = 0; i < state->stations->len; i++)
    {
      const YzStationData *station = g_ptr_array_index (state->stations, i);

      CHECK_TEXT (station->name, 200, FALSE);
      CHECK_TEXT (station->district, 200, FALSE);
      CHECK_TEXT (station->address, 200, FALSE);
      if (!yz_is_id (station->id))
        __builtin_trap ();
    }
  for (guint i = 0; i < state->cameras->len; i++)
    CHECK_TEXT (((YzCameraData *)g_ptr_array_index (state->cameras, i))->name, 200, FALSE);
  for (guint i = 0; i < state->doors->len; i++)
    CHECK_TEXT (((YzDoorData *)g_ptr_array_index (state->doors, i))->name, 200, FALSE);
  for (guint i = 0; i < state->stock->len; i++)
    {
      const YzStockData *stock = g_ptr_array_index (state->stock, i);

      CHECK_TEXT (stock->name, 200, FALSE);
      CHECK_TEXT (stock->unit, 16, FALSE);
    }
  for (guint i = 0; i < state->devices->len; i++)
    CHECK_TEXT (((YzDeviceData *)g_ptr_array_index (state->devices, i))->name, 200, FALSE);
  for (guint i = 0; i < state->alarms->len; i++)
    check_alarm (g_ptr_array_index (state->alarms, i));
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autoptr(GError) error = NULL;
  const char *body;
  gsize length;

  if (size == 0)
    return 0;

  body = (const char *)data + 1;
  length = size - 1;

  /* '{' is 123, 3 modulo 10: without this, every stream message of the corpus went to the
   * entries-page parser without its first byte, and none reached the event parser. */
  if (data[0] == '{')
    {
      body = (const char *)data;
      length = size;
    }

  switch (data[0] == '{' ? 0 : data[0] % 10)
    {
    case 0:
    default:
      {
        g_autoptr(YzEvent) event = NULL;
        gint64 seq = -1;

        event = yz_event_parse (body, length, &seq, &error);
        CHECK_ONE (event, error);
        if (seq < 0)
          __builtin_trap ();
        if (event != NULL)
          {
            CHECK_TEXT (event->reason, 200, FALSE);
            CHECK_TEXT (event->by, 64, FALSE);
            CHECK_TEXT (event->note, 2000, TRUE);
            if (event->epoch != NULL && !yz_is_id (event->epoch))
              __builtin_trap ();
            if (event->request_id != NULL && !yz_is_id (event->request_id))
              __builtin_trap ();
            if (event->entry != NULL)
              CHECK_TEXT (event->entry->person_name, 200, FALSE);
            check_alarm (event->alarm);
          }
      }
      break;
    case 1:
      {
        g_autoptr(YzStateData) state = yz_state_parse (body, length, &error);
        CHECK_ONE (state, error);
        if (state != NULL && state->stations == NULL)
          __builtin_trap ();
        if (state != NULL)
          check_state (state);
      }
      break;
    case 2:
      {
        g_autoptr(YzLoginData) login = yz_login_parse (body, length, &error);
        CHECK_ONE (login, error);
        if (login != NULL && (login->token == NULL || login->role == NULL))
          __builtin_trap ();
        if (login != NULL)
          {
            CHECK_TEXT (login->display_name, 200, FALSE);
            CHECK_TEXT (login->gateway_name, 200, FALSE);
          }
      }
      break;
    case 3:
      {
        g_autoptr(YzAlarmData) alarm = yz_alarm_data_parse (body, length, &error);
        CHECK_ONE (alarm, error);
        check_alarm (alarm);
      }
      break;
    case 4:
      {
        g_autoptr(YzStockData) stock = yz_stock_data_parse (body, length, &error);
        CHECK_ONE (stock, error);
      }
      break;
    case 5:
      {
        g_autoptr(YzDeviceData) device = yz_device_data_parse (body, length, &error);
        g_autoptr(YzDoorData) door = NULL;

        CHECK_ONE (device, error);
        /* The same kind of reply, one object: a door (the follow-up of a door command). */
        g_clear_error (&error);
        door = yz_door_data_parse (body, length, &error);
        CHECK_ONE (door, error);
        if (door != NULL)
          CHECK_TEXT (door->name, 200, FALSE);
      }
      break;
    case 6:
      {
        g_autoptr(GPtrArray) entries = NULL;
        g_autofree char *cursor = NULL;

        entries = yz_entries_page_parse (body, length, &cursor, &error);
        CHECK_ONE (entries, error);
        if (entries == NULL && cursor != NULL)
          __builtin_trap ();
      }
      break;
    case 7:
      {
        g_autofree char *id = yz_command_id_parse (body, length, &error);
        CHECK_ONE (id, error);
        if (id != NULL && !yz_is_id (id))
          __builtin_trap ();
      }
      break;
    case 8:
      {
        g_autofree char *code = NULL;
        g_autofree char *message = NULL;

        if (yz_error_parse (body, length, &code, &message) && code == NULL)
          __builtin_trap ();
        CHECK_TEXT (message, 2000, TRUE);
      }
      break;
    case 9:
      {
        g_autofree char *console = NULL;
        g_autoptr(GPtrArray) heads = yz_audit_witness_parse (body, length, &console, &error);

        CHECK_ONE (heads, error);
        if ((heads == NULL) != (console == NULL) || (console != NULL && !yz_is_id (console)))
          __builtin_trap ();
        for (guint i = 0; heads != NULL && i < heads->len; i++)
          {
            const YzAuditWitness *head = g_ptr_array_index (heads, i);

            CHECK_TEXT (head->operator_name, 64, FALSE);
            if (head->count < 1 || head->hash == NULL || strlen (head->hash) != 64)
              __builtin_trap ();
          }
      }
      break;
    }

  return 0;
}
