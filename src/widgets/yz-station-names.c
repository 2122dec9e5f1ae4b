/* yz-station-names.c
 *
 * Which stations the map names, and where: at street level, a name under its mark where it
 * covers no mark and no name already placed, the most important first. Plain geometry on
 * values (no display), so that tests can ask; the station layer measures the names and draws
 * those chosen, the base layer keeps its district names clear of them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "yz-station-layer"

#include "config.h"

#include "yz-station-names.h"

#define NAME_GAP 1.0 /* px between the mark's box and its name */

/* Where a station's name goes, under its mark. */
graphene_rect_t
yz_station_label_box (const YzNameLabel *label)
{
  /* Centred under the mark, clear of the largest single mark. */
  return GRAPHENE_RECT_INIT (label->x - label->width / 2,
                             label->y + YZ_MARK_ALARM_SIZE / 2 + NAME_GAP, label->width,
                             label->height);
}

/**
 * yz_map_box_is_free:
 *
 * Whether @box overlaps none of @taken.
 */
gboolean
yz_map_box_is_free (const graphene_rect_t *box, const graphene_rect_t *taken, guint n_taken)
{
  for (guint i = 0; i < n_taken; i++)
    if (graphene_rect_intersection (box, &taken[i], NULL))
      return FALSE;

  return TRUE;
}

static int
compare_label_order (gconstpointer a, gconstpointer b, gpointer user_data)
{
  const YzNameLabel *labels = user_data;
  guint ia = *(const guint *)a, ib = *(const guint *)b;

  if (labels[ia].priority != labels[ib].priority)
    return labels[ib].priority - labels[ia].priority;

  return ia < ib ? -1 : ia > ib;
}

/**
 * yz_station_labels_choose:
 * @zoom: the map's zoom level
 * @labels: (array length=n_labels): one per station mark drawn, with its name's size
 * @shown: (out caller-allocates) (array length=n_labels): which names to draw
 *
 * Which stations are named on the map: none below street level (%YZ_LABEL_MIN_ZOOM); else
 * the most important first (the caller's priority: alarms before doors before the rest), a
 * name under its mark where it covers no mark and no name already placed, else none.
 *
 * Returns: how many are shown
 */
guint
yz_station_labels_choose (double zoom, const YzNameLabel *labels, guint n_labels, gboolean *shown)
{
  g_autoptr(GArray) taken = NULL;
  g_autofree guint *order = NULL;
  guint n_shown = 0;

  for (guint i = 0; i < n_labels; i++)
    shown[i] = FALSE;
  if (zoom < YZ_LABEL_MIN_ZOOM || n_labels == 0)
    return 0;

  /* Marks first: a name never hides a station. */
  taken = g_array_sized_new (FALSE, FALSE, sizeof (graphene_rect_t), n_labels * 2);
  for (guint i = 0; i < n_labels; i++)
    {
      graphene_rect_t mark = GRAPHENE_RECT_INIT (labels[i].x - YZ_MARK_ALARM_SIZE / 2,
                                                 labels[i].y - YZ_MARK_ALARM_SIZE / 2,
                                                 YZ_MARK_ALARM_SIZE, YZ_MARK_ALARM_SIZE);

      g_array_append_val (taken, mark);
    }
  order = g_new (guint, n_labels);
  for (guint i = 0; i < n_labels; i++)
    order[i] = i;
  g_qsort_with_data (order, n_labels, sizeof (guint), compare_label_order, (gpointer)labels);

  for (guint k = 0; k < n_labels; k++)
    {
      guint i = order[k];
      graphene_rect_t box = yz_station_label_box (&labels[i]);

      if (labels[i].width <= 0 ||
          !yz_map_box_is_free (&box, (const graphene_rect_t *)taken->data, taken->len))
        continue;
      shown[i] = TRUE;
      n_shown++;
      g_array_append_val (taken, box);
    }

  return n_shown;
}
