/* yz-totals-card.c
 *
 * One total above the charts of the statistics page and on the wall display: a large
 * figure over what it counts, on a card. The statistics page shows it at page size; the
 * wall display sets "large" (type read from across the room, the wall's own classes) and
 * "alert" (a red card: alarms not acknowledged).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "yz-totals-card"

#include "config.h"

#include "yz-totals-card.h"

struct _YzTotalsCard
{
  GtkWidget parent_instance;

  GtkLabel *value_label;
  GtkLabel *title_label;

  gboolean large;
  gboolean alert;
};

G_DEFINE_FINAL_TYPE (YzTotalsCard, yz_totals_card, GTK_TYPE_WIDGET)

enum
{
  PROP_0,
  PROP_TITLE,
  PROP_VALUE,
  PROP_LARGE,
  PROP_ALERT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
yz_totals_card_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), YZ_TYPE_TOTALS_CARD);

  G_OBJECT_CLASS (yz_totals_card_parent_class)->dispose (object);
}

static void
yz_totals_card_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  YzTotalsCard *self = YZ_TOTALS_CARD (object);

  switch (prop_id)
    {
    case PROP_TITLE:
      g_value_set_string (value, yz_totals_card_get_title (self));
      break;

    case PROP_VALUE:
      g_value_set_string (value, yz_totals_card_get_value (self));
      break;

    case PROP_LARGE:
      g_value_set_boolean (value, self->large);
      break;

    case PROP_ALERT:
      g_value_set_boolean (value, self->alert);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
yz_totals_card_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  YzTotalsCard *self = YZ_TOTALS_CARD (object);

  switch (prop_id)
    {
    case PROP_TITLE:
      yz_totals_card_set_title (self, g_value_get_string (value));
      break;

    case PROP_VALUE:
      yz_totals_card_set_value (self, g_value_get_string (value));
      break;

    case PROP_LARGE:
      yz_totals_card_set_large (self, g_value_get_boolean (value));
      break;

    case PROP_ALERT:
      yz_totals_card_set_alert (self, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
yz_totals_card_class_init (YzTotalsCardClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = yz_totals_card_dispose;
  object_class->get_property = yz_totals_card_get_property;
  object_class->set_property = yz_totals_card_set_property;

  properties[PROP_TITLE] =
      g_param_spec_string ("title", NULL, NULL, NULL,
                           (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_VALUE] =
      g_param_spec_string ("value", NULL, NULL, NULL,
                           (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_LARGE] =
      g_param_spec_boolean ("large", NULL, NULL, FALSE,
                            (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_ALERT] =
      g_param_spec_boolean ("alert", NULL, NULL, FALSE,
                            (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/yz-totals-card.ui");
  gtk_widget_class_bind_template_child (widget_class, YzTotalsCard, value_label);
  gtk_widget_class_bind_template_child (widget_class, YzTotalsCard, title_label);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "totalscard");
}

static void
yz_totals_card_init (YzTotalsCard *self)
{
  GtkLayoutManager *layout;

  gtk_widget_init_template (GTK_WIDGET (self));
  layout = gtk_widget_get_layout_manager (GTK_WIDGET (self));
  gtk_orientable_set_orientation (GTK_ORIENTABLE (layout), GTK_ORIENTATION_VERTICAL);
  gtk_box_layout_set_spacing (GTK_BOX_LAYOUT (layout), 2);
}

/**
 * yz_totals_card_new:
 * @title: what the figure counts
 *
 * Returns: (transfer floating): a card showing "—" until a value is set
 */
GtkWidget *
yz_totals_card_new (const char *title)
{
  return g_object_new (YZ_TYPE_TOTALS_CARD, "title", title, NULL);
}

const char *
yz_totals_card_get_title (YzTotalsCard *self)
{
  g_return_val_if_fail (YZ_IS_TOTALS_CARD (self), NULL);

  return gtk_label_get_label (self->title_label);
}

void
yz_totals_card_set_title (YzTotalsCard *self, const char *title)
{
  g_return_if_fail (YZ_IS_TOTALS_CARD (self));

  if (g_strcmp0 (gtk_label_get_label (self->title_label), title ? title : "") == 0)
    return;
  gtk_label_set_label (self->title_label, title);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TITLE]);
}

const char *
yz_totals_card_get_value (YzTotalsCard *self)
{
  g_return_val_if_fail (YZ_IS_TOTALS_CARD (self), NULL);

  return gtk_label_get_label (self->value_label);
}

void
yz_totals_card_set_value (YzTotalsCard *self, const char *value)
{
  g_return_if_fail (YZ_IS_TOTALS_CARD (self));

  if (g_strcmp0 (gtk_label_get_label (self->value_label), value ? value : "") == 0)
    return;
  gtk_label_set_label (self->value_label, value);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VALUE]);
}

/* A count, as a plain integer. */
void
yz_totals_card_set_count (YzTotalsCard *self, gint64 count)
{
  g_autofree char *text = g_strdup_printf ("%" G_GINT64_FORMAT, count);

  yz_totals_card_set_value (self, text);
}

gboolean
yz_totals_card_get_large (YzTotalsCard *self)
{
  g_return_val_if_fail (YZ_IS_TOTALS_CARD (self), FALSE);

  return self->large;
}

/* The wall display's look (its style sheet rules under window.wall-display): larger type,
 * one line of title, no gap between figure and title. */
void
yz_totals_card_set_large (YzTotalsCard *self, gboolean large)
{
  GtkWidget *widget = GTK_WIDGET (self);

  g_return_if_fail (YZ_IS_TOTALS_CARD (self));

  large = !!large;
  if (self->large == large)
    return;
  self->large = large;

  gtk_box_layout_set_spacing (GTK_BOX_LAYOUT (gtk_widget_get_layout_manager (widget)),
                              large ? 0 : 2);
  gtk_widget_set_css_classes (widget, large ? (const char *[]){ "card", "wall-total", NULL }
                                            : (const char *[]){ "card", "total-card", NULL });
  gtk_widget_set_css_classes (GTK_WIDGET (self->value_label),
                              large ? (const char *[]){ "wall-value", NULL }
                                    : (const char *[]){ "total-value", NULL });
  gtk_widget_set_css_classes (GTK_WIDGET (self->title_label),
                              large ? (const char *[]){ "wall-name", NULL }
                                    : (const char *[]){ "dim-label", NULL });
  gtk_label_set_wrap (self->title_label, !large);
  gtk_label_set_justify (self->title_label, large ? GTK_JUSTIFY_LEFT : GTK_JUSTIFY_CENTER);
  if (self->alert)
    gtk_widget_add_css_class (widget, "wall-alert");
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LARGE]);
}

gboolean
yz_totals_card_get_alert (YzTotalsCard *self)
{
  g_return_val_if_fail (YZ_IS_TOTALS_CARD (self), FALSE);

  return self->alert;
}

/* A figure that needs someone now (on the wall: alarms not acknowledged). */
void
yz_totals_card_set_alert (YzTotalsCard *self, gboolean alert)
{
  g_return_if_fail (YZ_IS_TOTALS_CARD (self));

  alert = !!alert;
  if (self->alert == alert)
    return;
  self->alert = alert;
  if (alert)
    gtk_widget_add_css_class (GTK_WIDGET (self), "wall-alert");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self), "wall-alert");
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ALERT]);
}
