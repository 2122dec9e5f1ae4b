/* yz-entry-card.c
 *
 * One card of the entries page's grid: the picture (or "No picture"), the person (or
 * "Stranger") and their occupation, the station, the time and the result. Strangers and
 * denied entries stand out.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "yz-entry-card"

#include "config.h"

#include <glib/gi18n.h>

#include "yz-entry-card.h"
#include "yz-entry-picture.h"
#include "yz-labels.h"
#include "yz-vocabulary.h"

struct _YzEntryCard
{
  GtkWidget parent_instance;

  YzEntryPicture *pictures;
  GtkLabel *who;
  GtkLabel *where;
  GtkLabel *when;
  char *entry_id;
};

G_DEFINE_FINAL_TYPE (YzEntryCard, yz_entry_card, GTK_TYPE_WIDGET)

static void
yz_entry_card_dispose (GObject *object)
{
  YzEntryCard *self = YZ_ENTRY_CARD (object);
  GtkWidget *child;

  gtk_widget_dispose_template (GTK_WIDGET (object), YZ_TYPE_ENTRY_CARD);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (object))))
    gtk_widget_unparent (child);
  g_clear_pointer (&self->entry_id, g_free);

  G_OBJECT_CLASS (yz_entry_card_parent_class)->dispose (object);
}

static void
yz_entry_card_class_init (YzEntryCardClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = yz_entry_card_dispose;

  g_type_ensure (YZ_TYPE_ENTRY_PICTURE);
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/yz-entry-card.ui");
  gtk_widget_class_bind_template_child (widget_class, YzEntryCard, pictures);
  gtk_widget_class_bind_template_child (widget_class, YzEntryCard, who);
  gtk_widget_class_bind_template_child (widget_class, YzEntryCard, where);
  gtk_widget_class_bind_template_child (widget_class, YzEntryCard, when);
}

static void
yz_entry_card_init (YzEntryCard *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
yz_entry_card_new (void)
{
  return g_object_new (YZ_TYPE_ENTRY_CARD, NULL);
}

/**
 * yz_entry_card_bind:
 * @station_name: (nullable): the station's name, when it is known
 *
 * Shows @entry, and starts fetching its picture through @session.
 */
void
yz_entry_card_bind (YzEntryCard *self, YzEntry *entry, const char *station_name, YzSession *session,
                    GCancellable *cancellable)
{
  const char *person = yz_entry_get_person_name (entry);
  g_autofree char *time = yz_format_time (yz_entry_get_time (entry));
  g_autofree char *who_text = NULL;
  g_autofree char *when_text = NULL;
  gboolean alert = g_strcmp0 (yz_entry_get_result (entry), YZ_ENTRY_RESULT_GRANTED) != 0;

  g_return_if_fail (YZ_IS_ENTRY_CARD (self));

  who_text = person ? g_strdup_printf ("%s · %s", person,
                                       yz_label_occupation (yz_entry_get_occupation (entry)))
                    : g_strdup (_("Stranger"));
  when_text =
      g_strdup_printf ("%s · %s", time, yz_label_entry_result (yz_entry_get_result (entry)));
  gtk_label_set_text (self->who, who_text);
  gtk_label_set_text (self->where, station_name ? station_name : yz_entry_get_station_id (entry));
  gtk_label_set_text (self->when, when_text);
  if (alert)
    gtk_widget_add_css_class (GTK_WIDGET (self), "alert");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self), "alert");
  g_free (self->entry_id);
  self->entry_id = g_strdup (yz_entry_get_id (entry));
  yz_entry_picture_load (self->pictures, session, yz_entry_get_snapshot_id (entry), cancellable);
}

/* The id of the entry shown, or %NULL before one is. */
const char *
yz_entry_card_get_entry_id (YzEntryCard *self)
{
  g_return_val_if_fail (YZ_IS_ENTRY_CARD (self), NULL);

  return self->entry_id;
}
