/* yz-stock.c
 *
 * A supply at a station: its level, capacity and low threshold.
 * Each setter notifies only the properties whose value really changed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "yz-stock"

#include "config.h"

#include "yz-item-util-private.h"
#include "yz-stock-private.h"

struct _YzStock
{
  GObject parent_instance;

  char *id;
  char *station_id;
  const char *item;
  char *name;
  char *unit;
  gint64 level;
  gint64 capacity;
  gint64 low_threshold;
};

G_DEFINE_FINAL_TYPE (YzStock, yz_stock, G_TYPE_OBJECT)

enum
{
  STOCK_PROP_0,
  STOCK_PROP_ID,
  STOCK_PROP_STATION_ID,
  STOCK_PROP_ITEM,
  STOCK_PROP_NAME,
  STOCK_PROP_UNIT,
  STOCK_PROP_LEVEL,
  STOCK_PROP_CAPACITY,
  STOCK_PROP_LOW_THRESHOLD,
  STOCK_PROP_LOW,
  STOCK_N_PROPS
};

static GParamSpec *properties[STOCK_N_PROPS];

static void
yz_stock_finalize (GObject *object)
{
  YzStock *self = YZ_STOCK (object);

  g_free (self->id);
  g_free (self->station_id);
  g_free (self->name);
  g_free (self->unit);

  G_OBJECT_CLASS (yz_stock_parent_class)->finalize (object);
}

static void
yz_stock_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  YzStock *self = YZ_STOCK (object);

  switch (prop_id)
    {
    case STOCK_PROP_ID:
      g_value_set_string (value, self->id);
      break;
    case STOCK_PROP_STATION_ID:
      g_value_set_string (value, self->station_id);
      break;
    case STOCK_PROP_ITEM:
      g_value_set_string (value, self->item);
      break;
    case STOCK_PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case STOCK_PROP_UNIT:
      g_value_set_string (value, self->unit);
      break;
    case STOCK_PROP_LEVEL:
      g_value_set_int64 (value, self->level);
      break;
    case STOCK_PROP_CAPACITY:
      g_value_set_int64 (value, self->capacity);
      break;
    case STOCK_PROP_LOW_THRESHOLD:
      g_value_set_int64 (value, self->low_threshold);
      break;
    case STOCK_PROP_LOW:
      g_value_set_boolean (value, yz_stock_get_low (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
yz_stock_class_init (YzStockClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = yz_stock_finalize;
  object_class->get_property = yz_stock_get_property;

  properties[STOCK_PROP_ID] = STRING_PROP ("id", NULL);
  properties[STOCK_PROP_STATION_ID] = STRING_PROP ("station-id", NULL);
  properties[STOCK_PROP_ITEM] = STRING_PROP ("item", NULL);
  properties[STOCK_PROP_NAME] = STRING_PROP ("name", NULL);
  properties[STOCK_PROP_UNIT] = STRING_PROP ("unit", NULL);
  properties[STOCK_PROP_LEVEL] = INT64_PROP ("level");
  properties[STOCK_PROP_CAPACITY] = INT64_PROP ("capacity");
  properties[STOCK_PROP_LOW_THRESHOLD] = INT64_PROP ("low-threshold");
  properties[STOCK_PROP_LOW] = BOOL_PROP ("low");

  g_object_class_install_properties (object_class, STOCK_N_PROPS, properties);
}

static void
yz_stock_init (YzStock *self)
{
}

YzStock *
yz_stock_new (const YzStockData *data)
{
  YzStock *self = g_object_new (YZ_TYPE_STOCK, NULL);

  self->id = g_strdup (data->id);
  self->station_id = g_strdup (data->station_id);
  yz_stock_update (self, data);

  return self;
}

void
yz_stock_update (YzStock *self, const YzStockData *data)
{
  gboolean low = yz_stock_get_low (self);

  g_object_freeze_notify (G_OBJECT (self));
  SET_ENUM (self, item, data->item, STOCK_PROP_ITEM);
  SET_STRING (self, name, data->name, STOCK_PROP_NAME);
  SET_STRING (self, unit, data->unit, STOCK_PROP_UNIT);
  SET (self, capacity, data->capacity, STOCK_PROP_CAPACITY);
  SET (self, low_threshold, data->low_threshold, STOCK_PROP_LOW_THRESHOLD);
  SET (self, level, data->level, STOCK_PROP_LEVEL);
  if (low != yz_stock_get_low (self))
    g_object_notify_by_pspec (G_OBJECT (self), properties[STOCK_PROP_LOW]);
  g_object_thaw_notify (G_OBJECT (self));
}

void
yz_stock_set_level (YzStock *self, gint64 level)
{
  gboolean low = yz_stock_get_low (self);

  g_object_freeze_notify (G_OBJECT (self));
  SET (self, level, level, STOCK_PROP_LEVEL);
  if (low != yz_stock_get_low (self))
    g_object_notify_by_pspec (G_OBJECT (self), properties[STOCK_PROP_LOW]);
  g_object_thaw_notify (G_OBJECT (self));
}

const char *
yz_stock_get_id (YzStock *self)
{
  return self->id;
}
const char *
yz_stock_get_station_id (YzStock *self)
{
  return self->station_id;
}
const char *
yz_stock_get_item (YzStock *self)
{
  return self->item;
}
const char *
yz_stock_get_name (YzStock *self)
{
  return self->name;
}
const char *
yz_stock_get_unit (YzStock *self)
{
  return self->unit;
}
gint64
yz_stock_get_level (YzStock *self)
{
  return self->level;
}
gint64
yz_stock_get_capacity (YzStock *self)
{
  return self->capacity;
}
gint64
yz_stock_get_low_threshold (YzStock *self)
{
  return self->low_threshold;
}

/* At or below its threshold (an AED at 0 needs service). */
gboolean
yz_stock_get_low (YzStock *self)
{
  if (self->item == NULL)
    return FALSE;
  if (g_str_equal (self->item, "aed"))
    return self->level < 1;
  return self->level <= self->low_threshold;
}
