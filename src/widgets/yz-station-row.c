/* yz-station-row.c
 *
 * A row of the station panel's lists (an alarm, a door, a camera, an entry, a supply, a
 * device): the item it shows and the widgets the panel updates later, typed, instead of
 * names looked up on the row. An action widget (a button or a switch) follows the
 * connection and the role: the row keeps its tooltip, why the role may not, and whether
 * its last command is still on its way.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "yz-station-row"

#include "config.h"

#include "yz-station-row.h"

struct _YzStationRow
{
  AdwActionRow parent_instance;

  GObject *item;
  GtkWidget *action;   /* a child of the row, or NULL */
  const char *tooltip; /* static strings */
  const char *role_reason;
  gboolean busy;
  GtkPicture *picture; /* a child of the row, or NULL */
  GtkLevelBar *bar;    /* a child of the row, or NULL */
};

G_DEFINE_FINAL_TYPE (YzStationRow, yz_station_row, ADW_TYPE_ACTION_ROW)

static void
yz_station_row_dispose (GObject *object)
{
  YzStationRow *self = YZ_STATION_ROW (object);

  self->action = NULL;
  self->picture = NULL;
  self->bar = NULL;
  g_clear_object (&self->item);

  G_OBJECT_CLASS (yz_station_row_parent_class)->dispose (object);
}

static void
yz_station_row_class_init (YzStationRowClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = yz_station_row_dispose;
}

static void
yz_station_row_init (YzStationRow *self)
{
}

/**
 * yz_station_row_new:
 * @item: the station's alarm, door, camera, entry, stock or device the row shows
 */
GtkWidget *
yz_station_row_new (gpointer item)
{
  YzStationRow *self;

  g_return_val_if_fail (G_IS_OBJECT (item), NULL);

  self = g_object_new (YZ_TYPE_STATION_ROW, NULL);
  self->item = g_object_ref (item);

  return GTK_WIDGET (self);
}

gpointer
yz_station_row_get_item (YzStationRow *self)
{
  g_return_val_if_fail (YZ_IS_STATION_ROW (self), NULL);

  return self->item;
}

/**
 * yz_station_row_set_action:
 * @action: a button or switch already in the row
 * @tooltip: (nullable): its tooltip while it may be used (a static string)
 * @role_reason: why a role below operator may not use it (a static string)
 */
void
yz_station_row_set_action (YzStationRow *self, GtkWidget *action, const char *tooltip,
                           const char *role_reason)
{
  g_return_if_fail (YZ_IS_STATION_ROW (self));
  g_return_if_fail (gtk_widget_is_ancestor (action, GTK_WIDGET (self)));

  self->action = action;
  self->tooltip = tooltip;
  self->role_reason = role_reason;
}

GtkWidget *
yz_station_row_get_action (YzStationRow *self)
{
  g_return_val_if_fail (YZ_IS_STATION_ROW (self), NULL);

  return self->action;
}

const char *
yz_station_row_get_tooltip (YzStationRow *self)
{
  g_return_val_if_fail (YZ_IS_STATION_ROW (self), NULL);

  return self->tooltip;
}

const char *
yz_station_row_get_role_reason (YzStationRow *self)
{
  g_return_val_if_fail (YZ_IS_STATION_ROW (self), NULL);

  return self->role_reason;
}

/* The action's last command is on its way: the action stays off until it is answered. */
gboolean
yz_station_row_get_busy (YzStationRow *self)
{
  g_return_val_if_fail (YZ_IS_STATION_ROW (self), FALSE);

  return self->busy;
}

void
yz_station_row_set_busy (YzStationRow *self, gboolean busy)
{
  g_return_if_fail (YZ_IS_STATION_ROW (self));

  self->busy = !!busy;
}

GtkPicture *
yz_station_row_get_picture (YzStationRow *self)
{
  g_return_val_if_fail (YZ_IS_STATION_ROW (self), NULL);

  return self->picture;
}

void
yz_station_row_set_picture (YzStationRow *self, GtkPicture *picture)
{
  g_return_if_fail (YZ_IS_STATION_ROW (self));

  self->picture = picture;
}

GtkLevelBar *
yz_station_row_get_bar (YzStationRow *self)
{
  g_return_val_if_fail (YZ_IS_STATION_ROW (self), NULL);

  return self->bar;
}

void
yz_station_row_set_bar (YzStationRow *self, GtkLevelBar *bar)
{
  g_return_if_fail (YZ_IS_STATION_ROW (self));

  self->bar = bar;
}
