/* test-supplies-logic.c — what the supplies page, the restock dialog and the restock list
 * decide from values alone (yz-supplies.c), without a display: a station's summary (how many
 * low or empty, when it runs out, whether it needs supplies), the item to restock first, how
 * a cell is marked (never colour alone), the words for levels and forecasts, and the empty
 * state that tells the truth in its three cases.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "yz-items-private.h"
#include "yz-supplies.h"

static YzStock *
stock_new (const char *item, gint64 level, gint64 capacity, gint64 low_threshold)
{
  g_autofree char *id = g_strdup_printf ("hz-1-%s", item);
  YzStockData data = { 0 };

  data.id = id;
  data.station_id = (char *)"hz-1";
  data.item = item;
  data.name = (char *)item;
  data.unit = (char *)"瓶";
  data.level = level;
  data.capacity = capacity;
  data.low_threshold = low_threshold;
  return yz_stock_new (&data);
}

static void
add (GListStore *store, YzStock *stock)
{
  g_list_store_append (store, stock);
  g_object_unref (stock);
}

static GHashTable *
rates_new (void)
{
  return g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

static void
set_rate (GHashTable *rates, YzStock *stock, double per_day)
{
  g_hash_table_insert (rates, g_strdup (yz_stock_get_id (stock)),
                       g_memdup2 (&per_day, sizeof per_day));
}

static YzStock *
nth (GListStore *store, guint position)
{
  g_autoptr(YzStock) stock = g_list_model_get_item (G_LIST_MODEL (store), position);

  return stock; /* the store keeps it */
}

/* Nothing used up: no forecast, full enough, nothing needed. */
static void
test_summary_quiet (void)
{
  g_autoptr(GListStore) store = g_list_store_new (YZ_TYPE_STOCK);
  YzSupplySummary summary;

  add (store, stock_new ("water", 40, 48, 12));
  add (store, stock_new ("mask", 100, 200, 20));
  add (store, stock_new ("aed", 1, 1, 0));
  yz_supplies_summarize (G_LIST_MODEL (store), NULL, 2, &summary);
  g_assert_cmpfloat (summary.days_left, ==, G_MAXDOUBLE);
  g_assert_cmpfloat (summary.fill, ==, 0.5);
  g_assert_cmpuint (summary.n_low, ==, 0);
  g_assert_cmpuint (summary.n_empty, ==, 0);
  g_assert_false (summary.needs);

  /* A station without items: the same, and no item to restock first. */
  yz_supplies_summarize (NULL, NULL, 2, &summary);
  g_assert_cmpfloat (summary.days_left, ==, G_MAXDOUBLE);
  g_assert_cmpfloat (summary.fill, ==, 1);
  g_assert_false (summary.needs);
  g_assert_null (yz_supplies_most_urgent (NULL, NULL));
}

/* Empty, low and an AED needing service are counted; the soonest empty sets the days. */
static void
test_summary_counts (void)
{
  g_autoptr(GListStore) store = g_list_store_new (YZ_TYPE_STOCK);
  g_autoptr(GHashTable) rates = rates_new ();
  YzSupplySummary summary;

  add (store, stock_new ("water", 24, 48, 12));    /* 12 a day: 2 days */
  add (store, stock_new ("cold-drink", 0, 24, 6)); /* empty */
  add (store, stock_new ("mask", 10, 200, 20));    /* low */
  add (store, stock_new ("aed", 0, 1, 0));         /* needs service */
  set_rate (rates, nth (store, 0), 12);
  yz_supplies_summarize (G_LIST_MODEL (store), rates, 2, &summary);
  g_assert_cmpuint (summary.n_empty, ==, 1);
  g_assert_cmpuint (summary.n_low, ==, 3); /* the empty drinks, the masks, the AED */
  g_assert_cmpfloat (summary.days_left, ==, 0);
  g_assert_cmpfloat (summary.fill, ==, 0);
  g_assert_true (summary.needs);

  /* The first to restock: the empty drinks, never the AED. */
  g_assert_true (yz_supplies_most_urgent (G_LIST_MODEL (store), rates) == nth (store, 1));
}

/* Not low, but gone within the horizon at the rate it is used: needed, and marked by a clock. */
static void
test_summary_forecast (void)
{
  g_autoptr(GListStore) store = g_list_store_new (YZ_TYPE_STOCK);
  g_autoptr(GHashTable) rates = rates_new ();
  YzSupplySummary summary;
  const char *state, *icon;

  add (store, stock_new ("water", 30, 48, 12));
  add (store, stock_new ("ice-cream", 20, 40, 5));
  set_rate (rates, nth (store, 0), 20); /* 1.5 days */
  set_rate (rates, nth (store, 1), 4);  /* 5 days */
  yz_supplies_summarize (G_LIST_MODEL (store), rates, 2, &summary);
  g_assert_cmpfloat (summary.days_left, ==, 1.5);
  g_assert_cmpuint (summary.n_low, ==, 0);
  g_assert_true (summary.needs);
  yz_supplies_summarize (G_LIST_MODEL (store), rates, 1, &summary);
  g_assert_false (summary.needs);
  g_assert_true (yz_supplies_most_urgent (G_LIST_MODEL (store), rates) == nth (store, 0));

  yz_supplies_item_status (nth (store, 0), 20, 2, &state, &icon);
  g_assert_cmpstr (state, ==, "warning");
  g_assert_cmpstr (icon, ==, "alarm-symbolic");
  yz_supplies_item_status (nth (store, 0), 40, 2, &state, &icon);
  g_assert_cmpstr (state, ==, "error");
  g_assert_cmpstr (icon, ==, "alarm-symbolic");
  yz_supplies_item_status (nth (store, 1), 4, 2, &state, &icon);
  g_assert_null (state);
  g_assert_null (icon);
}

/* Each state has its icon as well as its colour. */
static void
test_item_status (void)
{
  g_autoptr(YzStock) empty = stock_new ("water", 0, 48, 12);
  g_autoptr(YzStock) low = stock_new ("water", 12, 48, 12);
  g_autoptr(YzStock) ready = stock_new ("aed", 1, 1, 0);
  g_autoptr(YzStock) service = stock_new ("aed", 0, 1, 0);
  const char *state, *icon;

  yz_supplies_item_status (empty, 0, 2, &state, &icon);
  g_assert_cmpstr (state, ==, "error");
  g_assert_cmpstr (icon, ==, "dialog-error-symbolic");
  yz_supplies_item_status (low, 0, 2, &state, &icon);
  g_assert_cmpstr (state, ==, "warning");
  g_assert_cmpstr (icon, ==, "dialog-warning-symbolic");
  yz_supplies_item_status (ready, 0, 2, &state, &icon);
  g_assert_cmpstr (state, ==, "success");
  g_assert_cmpstr (icon, ==, "emblem-ok-symbolic");
  yz_supplies_item_status (service, 0, 2, &state, &icon);
  g_assert_cmpstr (state, ==, "error");
  g_assert_cmpstr (icon, ==, "dialog-error-symbolic");

  yz_supplies_runs_out_status (0.5, 2, &state, &icon);
  g_assert_cmpstr (state, ==, "error");
  g_assert_cmpstr (icon, ==, "dialog-error-symbolic");
  yz_supplies_runs_out_status (2, 2, &state, &icon);
  g_assert_cmpstr (state, ==, "warning");
  g_assert_cmpstr (icon, ==, "dialog-warning-symbolic");
  yz_supplies_runs_out_status (5, 2, &state, &icon);
  g_assert_null (state);
  g_assert_null (icon);
  yz_supplies_runs_out_status (G_MAXDOUBLE, 2, &state, &icon);
  g_assert_cmpstr (state, ==, "dim-label");
  g_assert_null (icon);
}

/* The words: days left, levels, the state of an item in a sentence, what to bring. */
static void
test_words (void)
{
  g_autoptr(YzStock) water = stock_new ("water", 8, 48, 12);
  g_autoptr(YzStock) aed = stock_new ("aed", 0, 1, 0);
  g_autoptr(GHashTable) rates = rates_new ();
  g_autofree char *never = yz_supplies_format_days_left (G_MAXDOUBLE);
  g_autofree char *empty = yz_supplies_format_days_left (0);
  g_autofree char *soon = yz_supplies_format_days_left (0.5);
  g_autofree char *two = yz_supplies_format_days_left (2.7);
  g_autofree char *long_ = yz_supplies_format_days_left (45);
  g_autofree char *level = yz_supplies_format_level (water);
  g_autofree char *aed_level = yz_supplies_format_level (aed);
  g_autofree char *quiet = yz_supplies_describe_stock (NULL, water);
  g_autofree char *used = NULL;
  YzSupplyLine line = { .stock = water, .bring = 46 };
  YzSupplyLine service = { .stock = aed, .bring = 1 };
  g_autofree char *bring = yz_supplies_bring_text (&line);
  g_autofree char *bring_aed = yz_supplies_bring_text (&service);

  g_assert_cmpstr (never, ==, "—");
  g_assert_cmpstr (empty, ==, "Empty");
  g_assert_cmpstr (soon, ==, "< 1 day");
  g_assert_cmpstr (two, ==, "2 days");
  g_assert_cmpstr (long_, ==, "Over a month");
  g_assert_cmpstr (level, ==, "8/48 瓶");
  g_assert_cmpstr (aed_level, ==, "Needs service");
  g_assert_cmpstr (quiet, ==, "8 of 48 瓶 · Low");
  set_rate (rates, water, 16);
  used = yz_supplies_describe_stock (rates, water);
  g_assert_cmpstr (used, ==, "8 of 48 瓶 · Low · runs out: < 1 day");
  g_assert_cmpstr (bring, ==, "Bring 46");
  g_assert_cmpstr (bring_aed, ==, "Service");
}

/* The line under a station's name, and the count above the table. */
static void
test_describe (void)
{
  YzSupplySummary quiet = { .days_left = G_MAXDOUBLE, .fill = 1 };
  YzSupplySummary low = { .days_left = G_MAXDOUBLE, .fill = 0.2, .n_low = 1, .needs = TRUE };
  YzSupplySummary soon = { .days_left = 0.5, .fill = 0.2, .needs = TRUE };
  g_autofree char *nothing = yz_supplies_describe_first_out (&quiet, "Drinking Water");
  g_autofree char *some_low = yz_supplies_describe_first_out (&low, NULL);
  g_autofree char *first = yz_supplies_describe_first_out (&soon, "Drinking Water");
  g_autofree char *all = yz_supplies_describe_count (6, 6, 2);
  g_autofree char *some = yz_supplies_describe_count (1, 6, 1);

  g_assert_cmpstr (nothing, ==, "Nothing is running out");
  g_assert_cmpstr (some_low, ==, "Some items are low; none is being used up quickly");
  g_assert_cmpstr (first, ==, "Runs out first: Drinking Water, < 1 day");
  g_assert_cmpstr (all, ==, "6 stations · 2 need supplies");
  g_assert_cmpstr (some, ==, "1 of 6 stations · 1 needs supplies");
}

/* No session: say no gateway is set up and offer to set one up; a session without a
 * connection and nothing stored: say so, no advice; connected and empty: say that. */
static void
test_describe_empty (void)
{
  const char *title, *description;
  gboolean offer_setup;

  yz_supplies_describe_empty (FALSE, FALSE, &title, &description, &offer_setup);
  g_assert_true (offer_setup);
  g_assert_cmpstr (title, ==, "No Gateway Is Set Up");
  yz_supplies_describe_empty (TRUE, FALSE, &title, &description, &offer_setup);
  g_assert_false (offer_setup);
  g_assert_cmpstr (title, ==, "Not Connected");
  g_assert_nonnull (strstr (description, "when the connection is back"));
  yz_supplies_describe_empty (TRUE, TRUE, &title, &description, &offer_setup);
  g_assert_false (offer_setup);
  g_assert_cmpstr (title, ==, "No Supplies Listed");
  g_assert_null (strstr (description, "Preferences"));
}

/* The restock list's heading: when, where, how far ahead, how many. */
static void
test_plan_words (void)
{
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  g_autoptr(GDateTime) now = g_date_time_new (utc, 2026, 7, 14, 8, 30, 0);
  g_autofree char *all = yz_supplies_plan_subtitle (now, NULL, 2, 12);
  g_autofree char *one = yz_supplies_plan_subtitle (now, "牡丹区", 1, 1);
  g_autofree char *nothing = yz_supplies_nothing_to_bring (7);

  g_assert_cmpstr (all, ==, "2026-07-14 08:30 · All Districts · Runs Out Within 2 Days · 12 items");
  g_assert_cmpstr (one, ==, "2026-07-14 08:30 · 牡丹区 · Runs Out Within 1 Day · 1 item");
  g_assert_cmpstr (nothing, ==, "No station is empty, low, or forecast to run out within 7 days.");
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/yizhan/supplies-logic/summary-quiet", test_summary_quiet);
  g_test_add_func ("/yizhan/supplies-logic/summary-counts", test_summary_counts);
  g_test_add_func ("/yizhan/supplies-logic/summary-forecast", test_summary_forecast);
  g_test_add_func ("/yizhan/supplies-logic/item-status", test_item_status);
  g_test_add_func ("/yizhan/supplies-logic/words", test_words);
  g_test_add_func ("/yizhan/supplies-logic/describe", test_describe);
  g_test_add_func ("/yizhan/supplies-logic/describe-empty", test_describe_empty);
  g_test_add_func ("/yizhan/supplies-logic/plan-words", test_plan_words);

  return g_test_run ();
}
