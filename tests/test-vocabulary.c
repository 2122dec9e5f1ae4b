/* test-vocabulary.c
 *
 * The protocol's words are defined once (src/core/yz-vocabulary.c, yz-door-reason.c): each
 * list goes from wire word to label and back, an unknown word is shown as it came and
 * NULL as "", the parser takes every listed word and no other, and each label has its
 * Chinese translation. No display.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <locale.h>
#include <string.h>
#include <glib/gi18n.h>

#include "yz-door-reason.h"
#include "yz-event.h"
#include "yz-vocabulary.h"

typedef const char *(*LabelFunc) (const char *wire);

static const struct
{
  const char *name;
  const char *const *(*list) (void);
  LabelFunc label;
  guint length;
} lists[] = {
  { "alarm types", yz_alarm_types, yz_alarm_type_label, 11 },
  { "resolution categories", yz_resolution_categories, yz_resolution_category_label,
    YZ_N_RESOLUTION_CATEGORIES },
  { "door commands", yz_door_commands, yz_door_command_label, 4 },
  { "door reasons", yz_door_reason_codes, yz_door_reason_label, 5 },
  { "entry methods", yz_entry_methods, yz_entry_method_label, 4 },
  { "entry results", yz_entry_results, yz_entry_result_label, 3 },
};

/* Each list: its length, no word twice, a label that is not the word itself, and the
 * handling of an unknown word and of NULL that yz-labels.c always had. */
static void
test_vocabulary_round_trip (void)
{
  for (guint l = 0; l < G_N_ELEMENTS (lists); l++)
    {
      const char *const *words = lists[l].list ();
      g_autoptr(GHashTable) labels = g_hash_table_new (g_str_hash, g_str_equal);

      g_test_message ("%s", lists[l].name);
      g_assert_nonnull (words);
      g_assert_true (words == lists[l].list ()); /* made once */
      g_assert_cmpuint (g_strv_length ((char **)words), ==, lists[l].length);
      for (guint i = 0; words[i] != NULL; i++)
        {
          const char *label = lists[l].label (words[i]);

          g_assert_true (g_strv_contains (words + i + 1, words[i]) == FALSE);
          g_assert_nonnull (label);
          g_assert_cmpstr (label, !=, "");
          g_assert_cmpstr (label, !=, words[i]);
          /* two words are never called the same on screen */
          g_assert_false (g_hash_table_contains (labels, label));
          g_hash_table_add (labels, (gpointer)label);
        }
      g_assert_cmpstr (lists[l].label ("from-a-newer-gateway"), ==, "from-a-newer-gateway");
      g_assert_cmpstr (lists[l].label (NULL), ==, "");
    }

  /* The names the officer has always read (the English msgids). */
  g_assert_cmpstr (yz_resolution_category_label (YZ_RESOLUTION_FALSE_ALARM), ==, "False alarm");
  g_assert_cmpstr (yz_alarm_type_label (YZ_ALARM_TYPE_SOS), ==, "SOS Call");
  g_assert_cmpstr (yz_door_command_label (YZ_DOOR_CMD_OPEN), ==, "Open Once");
  g_assert_cmpstr (yz_door_reason_label (YZ_DOOR_REASON_OTHER), ==, "Other");
  g_assert_cmpstr (yz_entry_method_label (YZ_ENTRY_METHOD_ID_CARD), ==, "ID Card");
  g_assert_cmpstr (yz_entry_result_label (YZ_ENTRY_RESULT_STRANGER), ==, "Stranger");
}

/* The protocol's table of default priorities (docs/protocol.md, "Alarm"). */
static void
test_vocabulary_alarm_priorities (void)
{
  static const struct
  {
    const char *type;
    YzPriority priority;
  } table[] = {
    { "fall", YZ_PRIORITY_CRITICAL },         { "sos", YZ_PRIORITY_CRITICAL },
    { "smoke", YZ_PRIORITY_CRITICAL },        { "door-forced", YZ_PRIORITY_CRITICAL },
    { "altercation", YZ_PRIORITY_HIGH },      { "high-temperature", YZ_PRIORITY_HIGH },
    { "station-offline", YZ_PRIORITY_HIGH },  { "smoking", YZ_PRIORITY_MEDIUM },
    { "door-held-open", YZ_PRIORITY_MEDIUM }, { "camera-offline", YZ_PRIORITY_MEDIUM },
    { "stock-low", YZ_PRIORITY_LOW },
  };
  const char *const *priorities = yz_priorities ();

  g_assert_cmpuint (g_strv_length ((char **)yz_alarm_types ()), ==, G_N_ELEMENTS (table));
  for (guint i = 0; i < G_N_ELEMENTS (table); i++)
    {
      g_assert_true (g_strv_contains (yz_alarm_types (), table[i].type));
      g_assert_cmpint (yz_alarm_type_default_priority (table[i].type), ==, table[i].priority);
    }
  g_assert_cmpint (yz_alarm_type_default_priority ("from-a-newer-gateway"), ==, YZ_PRIORITY_NONE);
  g_assert_cmpint (yz_alarm_type_default_priority (NULL), ==, YZ_PRIORITY_NONE);

  /* Most urgent first; each is a YzPriority nick and has a label. */
  g_assert_cmpuint (g_strv_length ((char **)priorities), ==, 4);
  for (guint i = 0; priorities[i] != NULL; i++)
    {
      YzPriority priority = yz_priority_from_nick (priorities[i]);

      g_assert_cmpint (priority, ==, YZ_PRIORITY_CRITICAL - (int)i);
      g_assert_cmpstr (yz_priority_to_nick (priority), ==, priorities[i]);
      g_assert_cmpstr (yz_priority_label (priority), !=, "");
    }
  g_assert_cmpstr (yz_priority_label (YZ_PRIORITY_CRITICAL), ==, "Critical");
  g_assert_cmpstr (yz_priority_label (YZ_PRIORITY_NONE), ==, "");
  g_assert_cmpstr (yz_priority_label ((YzPriority)42), ==, "");
}

static YzAlarmData *
parse_alarm (const char *type, const char *priority, const char *category, GError **error)
{
  g_autofree char *json = NULL;

  json = g_strdup_printf ("{\"id\":\"a-000045\",\"station_id\":\"hz-0001\",\"camera_id\":null,"
                          "\"door_id\":null,\"type\":\"%s\",\"priority\":\"%s\","
                          "\"raised_at\":\"2026-11-23T03:14:02.500Z\",\"state\":\"resolved\","
                          "\"owner\":\"operator\",\"updated_at\":\"2026-11-23T03:20:00Z\","
                          "\"category\":\"%s\",\"note\":\"ok\",\"snapshot_id\":null}",
                          type, priority, category);
  return yz_alarm_data_parse (json, strlen (json), error);
}

static YzEvent *
parse_entry (const char *method, const char *result, GError **error)
{
  g_autofree char *json = NULL;

  json = g_strdup_printf ("{\"seq\":7,\"time\":\"2026-11-23T11:12:45.123+08:00\","
                          "\"type\":\"entry\",\"station_id\":\"hz-0001\",\"entry\":{\"id\":\"e-1\","
                          "\"station_id\":\"hz-0001\",\"door_id\":null,"
                          "\"time\":\"2026-11-23T03:12:45.123Z\",\"person_id\":null,"
                          "\"person_name\":null,\"occupation\":\"unknown\",\"method\":\"%s\","
                          "\"result\":\"%s\",\"snapshot_id\":null}}",
                          method, result);
  return yz_event_parse (json, strlen (json), NULL, error);
}

/* The parser's validation is the vocabulary: every word passes, an unknown one does not. */
static void
test_vocabulary_parser (void)
{
  g_autoptr(GError) error = NULL;

  for (const char *const *type = yz_alarm_types (); *type != NULL; type++)
    for (const char *const *priority = yz_priorities (); *priority != NULL; priority++)
      for (const char *const *cat = yz_resolution_categories (); *cat != NULL; cat++)
        {
          g_autoptr(YzAlarmData) alarm = parse_alarm (*type, *priority, *cat, &error);

          g_assert_no_error (error);
          g_assert_cmpstr (alarm->type, ==, *type);
          g_assert_cmpstr (alarm->priority, ==, *priority);
          g_assert_cmpstr (alarm->category, ==, *cat);
        }
  for (const char *const *method = yz_entry_methods (); *method != NULL; method++)
    for (const char *const *result = yz_entry_results (); *result != NULL; result++)
      {
        g_autoptr(YzEvent) event = parse_entry (*method, *result, &error);

        g_assert_no_error (error);
        g_assert_cmpstr (event->entry->method, ==, *method);
        g_assert_cmpstr (event->entry->result, ==, *result);
      }

  g_assert_null (parse_alarm ("landslide", "high", YZ_RESOLUTION_OTHER, &error));
  g_assert_error (error, YZ_EVENT_ERROR, YZ_EVENT_ERROR_MALFORMED);
  g_clear_error (&error);
  g_assert_null (parse_alarm (YZ_ALARM_TYPE_FALL, "none", YZ_RESOLUTION_OTHER, &error));
  g_assert_error (error, YZ_EVENT_ERROR, YZ_EVENT_ERROR_MALFORMED);
  g_clear_error (&error);
  g_assert_null (parse_alarm (YZ_ALARM_TYPE_FALL, "high", "prank", &error));
  g_assert_error (error, YZ_EVENT_ERROR, YZ_EVENT_ERROR_MALFORMED);
  g_clear_error (&error);
  g_assert_null (parse_entry ("fingerprint", YZ_ENTRY_RESULT_GRANTED, &error));
  g_assert_error (error, YZ_EVENT_ERROR, YZ_EVENT_ERROR_MALFORMED);
  g_clear_error (&error);
  g_assert_null (parse_entry (YZ_ENTRY_METHOD_FACE, "maybe", &error));
  g_assert_error (error, YZ_EVENT_ERROR, YZ_EVENT_ERROR_MALFORMED);
}

/* Moving the labels into the core kept their msgids: each has its Chinese translation. */
static void
test_vocabulary_translated (void)
{
  const char *localedir = g_getenv ("YIZHAN_LOCALEDIR");
  g_autofree char *mo = NULL;
  g_autofree char *saved = g_strdup (setlocale (LC_ALL, NULL));

  if (localedir == NULL)
    localedir = LOCALEDIR;
  mo = g_build_filename (localedir, "zh_CN", "LC_MESSAGES", GETTEXT_PACKAGE ".mo", NULL);
  if (!g_file_test (mo, G_FILE_TEST_EXISTS) || setlocale (LC_ALL, "zh_CN.UTF-8") == NULL)
    {
      g_test_skip ("no zh_CN.UTF-8 locale or no compiled zh_CN catalogue");
      return;
    }
  g_setenv ("LANGUAGE", "zh_CN", TRUE);
  bindtextdomain (GETTEXT_PACKAGE, localedir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  for (guint l = 0; l < G_N_ELEMENTS (lists); l++)
    for (const char *const *word = lists[l].list (); *word != NULL; word++)
      {
        const char *label = lists[l].label (*word);

        g_test_message ("%s: %s → %s", lists[l].name, *word, label);
        /* Chinese text, not the English msgid */
        g_assert_false (g_str_is_ascii (label));
      }
  for (YzPriority p = YZ_PRIORITY_LOW; p <= YZ_PRIORITY_CRITICAL; p++)
    g_assert_false (g_str_is_ascii (yz_priority_label (p)));
  g_assert_cmpstr (yz_resolution_category_label (YZ_RESOLUTION_FALSE_ALARM), !=, "False alarm");

  setlocale (LC_ALL, saved);
  g_unsetenv ("LANGUAGE");
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/yizhan/vocabulary/round-trip", test_vocabulary_round_trip);
  g_test_add_func ("/yizhan/vocabulary/alarm-priorities", test_vocabulary_alarm_priorities);
  g_test_add_func ("/yizhan/vocabulary/parser", test_vocabulary_parser);
  g_test_add_func ("/yizhan/vocabulary/translated", test_vocabulary_translated);

  return g_test_run ();
}
