/* yz-report.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "yz-session.h"

G_BEGIN_DECLS

typedef struct
{
  gint64 time;
  char *text;
  char *snapshot_id; /* nullable: an entry's picture */
} YzTimelineItem;

void yz_timeline_item_free (YzTimelineItem *item);
GPtrArray *yz_report_incident_timeline (YzSession *session, YzAlarm *alarm);

void yz_report_write_pdf_async (YzSession *session, YzAlarm *alarm, const char *path,
                                GCancellable *cancellable, GAsyncReadyCallback callback,
                                gpointer user_data);
gboolean yz_report_write_pdf_finish (GAsyncResult *result, GError **error);
gboolean yz_report_write_csv (GListModel *alarms, const char *path, GError **error);

G_END_DECLS
