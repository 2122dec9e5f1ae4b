/* yz-event-data.c
 *
 * Freeing what src/core/yz-event.c parses.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "yz-event.h"

void
yz_entry_data_free (YzEntryData *entry)
{
  if (entry == NULL)
    return;
  g_free (entry->id);
  g_free (entry->station_id);
  g_free (entry->door_id);
  g_free (entry->person_id);
  g_free (entry->person_name);
  g_free (entry->snapshot_id);
  g_free (entry);
}

void
yz_alarm_data_free (YzAlarmData *alarm)
{
  if (alarm == NULL)
    return;
  g_free (alarm->id);
  g_free (alarm->station_id);
  g_free (alarm->camera_id);
  g_free (alarm->door_id);
  g_free (alarm->owner);
  g_free (alarm->note);
  g_free (alarm->snapshot_id);
  g_free (alarm);
}

void
yz_station_data_free (YzStationData *data)
{
  if (data == NULL)
    return;
  g_free (data->id);
  g_free (data->name);
  g_free (data->district);
  g_free (data->address);
  g_free (data->opening_hours);
  g_free (data->facilities);
  g_free (data);
}

void
yz_camera_data_free (YzCameraData *data)
{
  if (data == NULL)
    return;
  g_free (data->id);
  g_free (data->station_id);
  g_free (data->name);
  g_free (data->main_url);
  g_free (data->sub_url);
  g_free (data->snapshot_url);
  g_free (data);
}

void
yz_door_data_free (YzDoorData *data)
{
  if (data == NULL)
    return;
  g_free (data->id);
  g_free (data->station_id);
  g_free (data->name);
  g_free (data);
}

void
yz_stock_data_free (YzStockData *data)
{
  if (data == NULL)
    return;
  g_free (data->id);
  g_free (data->station_id);
  g_free (data->name);
  g_free (data->unit);
  g_free (data);
}

void
yz_device_data_free (YzDeviceData *data)
{
  if (data == NULL)
    return;
  g_free (data->id);
  g_free (data->station_id);
  g_free (data->name);
  g_free (data);
}

void
yz_state_data_free (YzStateData *data)
{
  if (data == NULL)
    return;
  g_free (data->gateway_name);
  g_free (data->gateway_version);
  g_free (data->epoch);
  g_clear_pointer (&data->stations, g_ptr_array_unref);
  g_clear_pointer (&data->cameras, g_ptr_array_unref);
  g_clear_pointer (&data->doors, g_ptr_array_unref);
  g_clear_pointer (&data->stock, g_ptr_array_unref);
  g_clear_pointer (&data->devices, g_ptr_array_unref);
  g_clear_pointer (&data->alarms, g_ptr_array_unref);
  g_free (data);
}

void
yz_login_data_free (YzLoginData *data)
{
  if (data == NULL)
    return;
  if (data->token != NULL)
    memset (data->token, 0, strlen (data->token));
  g_free (data->token);
  g_free (data->operator_name);
  g_free (data->display_name);
  g_free (data->gateway_name);
  g_free (data);
}
