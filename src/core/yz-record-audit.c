/* yz-record-audit.c
 *
 * The audit log in the record: its writer and checker (yz_store_audit_append() and
 * yz_store_audit_verify(), declared in yz-store.h: every row is chained to the one
 * before by a SHA-256 and, once the store has a key, signed (HMAC-SHA-256 of its hash);
 * the chain's head is kept signed outside the database, so that a tail cut off is found;
 * docs/schema.md), the report `--verify-audit` prints (with the gateway's witness), and its
 * readers (yz-record-audit.h): the audit window's list and search, the report's rows for an
 * incident, and the entries the report's timeline shows.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "yz-record"

#include "config.h"

#include <errno.h>
#include <string.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "yz-record-audit.h"
#include "yz-record.h"
#include "yz-store-private.h"

#define GENESIS_HASH "0000000000000000000000000000000000000000000000000000000000000000"

/* ---- writing and checking the chain ---- */

/* The canonical form hashed for an audit row: every field length-prefixed, so that no two
 * different rows can produce the same text; NULL is "-". */
static void
hash_field (GChecksum *checksum, const char *value)
{
  g_autofree char *prefix = NULL;

  if (value == NULL)
    {
      g_checksum_update (checksum, (const guchar *)"-;", 2);
      return;
    }
  prefix = g_strdup_printf ("%zu:", strlen (value));
  g_checksum_update (checksum, (const guchar *)prefix, -1);
  g_checksum_update (checksum, (const guchar *)value, -1);
  g_checksum_update (checksum, (const guchar *)";", 1);
}

static char *
audit_hash (const char *prev_hash, gint64 id, gint64 time_ms, const char *operator_name,
            const char *action, const char *target, const char *params, const char *phase,
            const char *result)
{
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  g_autofree char *id_text = g_strdup_printf ("%" G_GINT64_FORMAT, id);
  g_autofree char *time_text = g_strdup_printf ("%" G_GINT64_FORMAT, time_ms);

  hash_field (checksum, prev_hash);
  hash_field (checksum, id_text);
  hash_field (checksum, time_text);
  hash_field (checksum, operator_name);
  hash_field (checksum, action);
  hash_field (checksum, target);
  hash_field (checksum, params);
  hash_field (checksum, phase);
  hash_field (checksum, result);

  return g_strdup (g_checksum_get_string (checksum));
}

/* ---- the signed head, outside the database ---- */

/* One file per database, `$XDG_CONFIG_HOME/yizhan/audit-heads/<name>.head` (a GKeyFile),
 * named by the SHA-256 of the database's path: the count and last hash of the chain when
 * the last row was written, the chain's id (the console id the gateway's witness is kept
 * under), the first signed row, and what was found wrong when a row was written. Signed
 * with the key, so that no one without it can write one. */
typedef struct
{
  char *chain;
  gint64 count;
  char *hash;
  gint64 first_signed;
  gint64 lost;      /* the head was missing or forged when row lost + 1 was written */
  gint64 cut_at;    /* row cut_at was written while the head counted cut_count rows */
  gint64 cut_count; /* so rows cut_at … cut_count had been removed */
} Head;

typedef enum
{
  HEAD_NONE,
  HEAD_VALID,
  HEAD_FORGED,    /* there, but its signature is not the key's */
  HEAD_UNCHECKED, /* there, but no key to check it */
} HeadStatus;

static void
head_clear (Head *head)
{
  g_clear_pointer (&head->chain, g_free);
  g_clear_pointer (&head->hash, g_free);
  memset (head, 0, sizeof *head);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Head, head_clear)

static char *
head_path (const char *db_path)
{
  g_autofree char *canonical = g_canonicalize_filename (db_path, NULL);
  g_autofree char *sum = g_compute_checksum_for_string (G_CHECKSUM_SHA256, canonical, -1);
  g_autofree char *dir = yz_audit_key_dir ();
  g_autofree char *name = g_strdup_printf ("%.32s.head", sum);

  return g_build_filename (dir, "audit-heads", name, NULL);
}

static char *
head_signed_text (const Head *head)
{
  return g_strdup_printf ("yizhan-audit-head 1\n%s\n%" G_GINT64_FORMAT "\n%s\n%" G_GINT64_FORMAT
                          "\n%" G_GINT64_FORMAT "\n%" G_GINT64_FORMAT "\n%" G_GINT64_FORMAT "\n",
                          head->chain, head->count, head->hash, head->first_signed, head->lost,
                          head->cut_at, head->cut_count);
}

static HeadStatus
head_read (YzStore *self, Head *head)
{
  g_autofree char *path = head_path (yz_store_get_path (self));
  g_autoptr(GKeyFile) file = g_key_file_new ();
  const YzAuditKey *key = yz_store_get_audit_key (self);
  g_autofree char *mac = NULL;
  g_autofree char *text = NULL;
  g_autofree char *expected = NULL;

  memset (head, 0, sizeof *head);
  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    return HEAD_NONE;
  if (!g_key_file_load_from_file (file, path, G_KEY_FILE_NONE, NULL))
    return HEAD_FORGED;

  head->chain = g_key_file_get_string (file, "head", "chain", NULL);
  head->count = g_key_file_get_int64 (file, "head", "count", NULL);
  head->hash = g_key_file_get_string (file, "head", "hash", NULL);
  head->first_signed = g_key_file_get_int64 (file, "head", "first-signed", NULL);
  head->lost = g_key_file_get_int64 (file, "head", "lost", NULL);
  head->cut_at = g_key_file_get_int64 (file, "head", "cut-at", NULL);
  head->cut_count = g_key_file_get_int64 (file, "head", "cut-count", NULL);
  mac = g_key_file_get_string (file, "head", "mac", NULL);
  if (head->chain == NULL || head->hash == NULL || mac == NULL)
    return HEAD_FORGED;
  if (key == NULL)
    return HEAD_UNCHECKED;

  text = head_signed_text (head);
  expected = yz_audit_key_mac (key, text);

  return g_str_equal (expected, mac) ? HEAD_VALID : HEAD_FORGED;
}

static gboolean
head_write (YzStore *self, const Head *head, GError **error)
{
  g_autofree char *path = head_path (yz_store_get_path (self));
  g_autofree char *dir = g_path_get_dirname (path);
  g_autoptr(GKeyFile) file = g_key_file_new ();
  g_autofree char *text = head_signed_text (head);
  g_autofree char *mac = yz_audit_key_mac (yz_store_get_audit_key (self), text);
  g_autofree char *contents = NULL;

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved = errno;
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved), "Cannot create %s: %s",
                   dir, g_strerror (saved));
      return FALSE;
    }
  g_key_file_set_string (file, "head", "database", yz_store_get_path (self));
  g_key_file_set_string (file, "head", "chain", head->chain);
  g_key_file_set_int64 (file, "head", "count", head->count);
  g_key_file_set_string (file, "head", "hash", head->hash);
  g_key_file_set_int64 (file, "head", "first-signed", head->first_signed);
  g_key_file_set_int64 (file, "head", "lost", head->lost);
  g_key_file_set_int64 (file, "head", "cut-at", head->cut_at);
  g_key_file_set_int64 (file, "head", "cut-count", head->cut_count);
  g_key_file_set_string (file, "head", "mac", mac);
  contents = g_key_file_to_data (file, NULL, NULL);

  return g_file_set_contents_full (path, contents, -1, G_FILE_SET_CONTENTS_CONSISTENT, 0600, error);
}

static gint64
first_signed_row (YzStore *self)
{
  sqlite3_stmt *stmt =
      yz_store_prepare (self, "SELECT min (id) FROM audit_log WHERE mac IS NOT NULL", NULL);
  gint64 id = 0;

  if (stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW)
    id = sqlite3_column_int64 (stmt, 0);
  if (stmt != NULL)
    sqlite3_reset (stmt);
  return id;
}

/* After row @id (its @hash) is committed: the head moves on. What it finds wrong on the
 * way (no head though rows are signed, a forged one, a head ahead of the row just written)
 * it keeps in the head, so the next check reports it. */
static void
head_advance (YzStore *self, gint64 id, const char *hash)
{
  g_autoptr(GError) error = NULL;
  g_auto(Head) head = { 0 };
  HeadStatus status = head_read (self, &head);

  if (status != HEAD_VALID)
    {
      gint64 earlier = first_signed_row (self);

      head_clear (&head);
      if (earlier > 0 && earlier < id)
        {
          g_warning ("The signed head of the audit log in %s was %s: rows removed from its end "
                     "before row %" G_GINT64_FORMAT " cannot be seen",
                     yz_store_get_path (self), status == HEAD_NONE ? "missing" : "forged", id);
          head.lost = id - 1;
          head.first_signed = earlier;
        }
      else
        head.first_signed = id;
      head.chain = g_compute_checksum_for_string (G_CHECKSUM_SHA256, hash, -1);
      head.chain[16] = '\0';
    }
  else if (head.count >= id && head.cut_at == 0)
    {
      g_warning ("Row %" G_GINT64_FORMAT " of the audit log in %s was written while its signed "
                 "head counted %" G_GINT64_FORMAT " rows: the end of the log had been removed",
                 id, yz_store_get_path (self), head.count);
      head.cut_at = id;
      head.cut_count = head.count;
    }

  head.count = id;
  g_free (head.hash);
  head.hash = g_strdup (hash);
  if (!head_write (self, &head, &error))
    g_warning ("Cannot keep the audit log's signed head: %s", error->message);
}

/* A database moved aside (yz_store_open_or_recover) takes its head along. */
void
yz_store_audit_head_moved (const char *from, const char *to)
{
  g_autofree char *old_head = head_path (from);
  g_autofree char *new_head = head_path (to);

  if (g_file_test (old_head, G_FILE_TEST_EXISTS) && g_rename (old_head, new_head) != 0)
    g_warning ("Cannot move the audit log's signed head %s to %s", old_head, new_head);
}

/**
 * yz_store_audit_anchor:
 * @console: (out): the chain's id, the console id the gateway keeps its witness under
 * @count: (out): the rows the signed head counts
 * @hash: (out): the last one's hash
 *
 * The head as it is kept signed outside the database, which the console sends with its
 * commands (docs/protocol.md, "The audit witness").
 *
 * Returns: %FALSE when there is no key or no valid head
 */
gboolean
yz_store_audit_anchor (YzStore *self, char **console, gint64 *count, char **hash)
{
  g_auto(Head) head = { 0 };

  g_return_val_if_fail (YZ_IS_STORE (self), FALSE);

  if (yz_store_get_audit_key (self) == NULL || head_read (self, &head) != HEAD_VALID)
    return FALSE;
  *console = g_steal_pointer (&head.chain);
  *count = head.count;
  *hash = g_steal_pointer (&head.hash);
  return TRUE;
}

gint64
yz_store_audit_append (YzStore *self, gint64 time_ms, const char *operator_name, const char *action,
                       const char *target, const char *params_json, const char *phase,
                       const char *result, GError **error)
{
  g_autofree char *prev_hash = NULL;
  g_autofree char *hash = NULL;
  g_autofree char *mac = NULL;
  const YzAuditKey *key;
  sqlite3_stmt *stmt;
  gboolean own_transaction;
  gint64 id = 1;
  int rc;

  g_return_val_if_fail (YZ_IS_STORE (self), 0);
  g_return_val_if_fail (operator_name != NULL, 0);
  g_return_val_if_fail (action != NULL, 0);
  g_return_val_if_fail (g_strcmp0 (phase, "request") == 0 || g_strcmp0 (phase, "result") == 0, 0);

  own_transaction = sqlite3_get_autocommit (yz_store_get_db (self));
  if (own_transaction && !yz_store_begin (self, error))
    return 0;

  stmt = yz_store_prepare (self, "SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1", error);
  if (stmt == NULL)
    goto failed;
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      id = sqlite3_column_int64 (stmt, 0) + 1;
      prev_hash = g_strdup (yz_record_col (stmt, 1));
    }
  else
    {
      prev_hash = g_strdup (GENESIS_HASH);
    }
  sqlite3_reset (stmt);

  hash = audit_hash (prev_hash, id, time_ms, operator_name, action, target, params_json, phase,
                     result);
  key = yz_store_get_audit_key (self);
  if (key != NULL)
    mac = yz_audit_key_mac (key, hash);

  stmt = yz_store_prepare (self,
                           "INSERT INTO audit_log (id, time, operator, action, target, params, "
                           "phase, result, prev_hash, hash, mac)"
                           " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                           error);
  if (stmt == NULL)
    goto failed;
  sqlite3_bind_int64 (stmt, 1, id);
  sqlite3_bind_int64 (stmt, 2, time_ms);
  YZ_RECORD_TEXT (stmt, 3, operator_name);
  YZ_RECORD_TEXT (stmt, 4, action);
  YZ_RECORD_TEXT (stmt, 5, target);
  YZ_RECORD_TEXT (stmt, 6, params_json);
  YZ_RECORD_TEXT (stmt, 7, phase);
  YZ_RECORD_TEXT (stmt, 8, result);
  YZ_RECORD_TEXT (stmt, 9, prev_hash);
  YZ_RECORD_TEXT (stmt, 10, hash);
  YZ_RECORD_TEXT (stmt, 11, mac);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      yz_store_set_error (self, rc, "Cannot write the audit log", error);
      goto failed;
    }

  if (own_transaction && !yz_store_commit (self, error))
    goto failed;

  /* Only once the row is committed: a head ahead of the file would look like a cut. A row
   * written inside the caller's transaction is counted by the next head. */
  if (key != NULL && own_transaction)
    head_advance (self, id, hash);

  return id;

failed:
  if (own_transaction)
    yz_store_rollback (self);
  return 0;
}

/* What a walk through the rows found. */
typedef struct
{
  gint64 rows; /* the last row's id: the count, when the chain holds */
  char *last_hash;
  gint64 first_broken;  /* the first row whose link, hash or signature is wrong; 0 */
  gboolean broken_sig;  /* that row's fault is its signature (missing or wrong), not the chain */
  gint64 unsigned_rows; /* rows 1 … unsigned_rows: written before the log was signed */
  gint64 first_signed;  /* 0: no row is signed */
  gboolean no_key;      /* signed rows, but no key to check them */
} Walk;

static void
walk_clear (Walk *walk)
{
  g_clear_pointer (&walk->last_hash, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Walk, walk_clear)

/* Recomputes the chain and, with the key, each signature; @signed_from: rows from here on
 * must be signed (the head's first signed row; 0 when unknown). Stops at the first broken
 * row. */
static gboolean
walk_rows (YzStore *self, gint64 signed_from, Walk *walk, GError **error)
{
  g_autofree char *expected_prev = g_strdup (GENESIS_HASH);
  const YzAuditKey *key = yz_store_get_audit_key (self);
  sqlite3_stmt *stmt;
  int rc;

  stmt = yz_store_prepare (
      self,
      "SELECT id, time, operator, action, target, params, phase, result, prev_hash, hash, mac"
      " FROM audit_log ORDER BY id",
      error);
  if (stmt == NULL)
    return FALSE;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      const char *mac = yz_record_col (stmt, 10);
      g_autofree char *hash =
          audit_hash (yz_record_col (stmt, 8), id, sqlite3_column_int64 (stmt, 1),
                      yz_record_col (stmt, 2), yz_record_col (stmt, 3), yz_record_col (stmt, 4),
                      yz_record_col (stmt, 5), yz_record_col (stmt, 6), yz_record_col (stmt, 7));

      if (g_strcmp0 (yz_record_col (stmt, 8), expected_prev) != 0 ||
          g_strcmp0 (yz_record_col (stmt, 9), hash) != 0)
        {
          walk->first_broken = id;
          break;
        }
      if (mac == NULL)
        {
          /* Unsigned rows are only the old ones, before the first signed row. */
          if (walk->first_signed > 0 || (signed_from > 0 && id >= signed_from))
            {
              walk->first_broken = id;
              walk->broken_sig = TRUE;
              break;
            }
          walk->unsigned_rows = id;
        }
      else
        {
          if (walk->first_signed == 0)
            walk->first_signed = id;
          if (key == NULL)
            walk->no_key = TRUE;
          else
            {
              g_autofree char *expected = yz_audit_key_mac (key, hash);

              if (!g_str_equal (expected, mac))
                {
                  walk->first_broken = id;
                  walk->broken_sig = TRUE;
                  break;
                }
            }
        }

      walk->rows = id;
      g_free (expected_prev);
      expected_prev = g_steal_pointer (&hash);
    }
  sqlite3_reset (stmt);

  if (rc != SQLITE_DONE && rc != SQLITE_ROW)
    return yz_store_set_error (self, rc, "Cannot read the audit log", error);

  walk->last_hash = g_steal_pointer (&expected_prev);
  return TRUE;
}

/* The stored hash of row @id, or NULL. */
static char *
row_hash (YzStore *self, gint64 id)
{
  sqlite3_stmt *stmt = yz_store_prepare (self, "SELECT hash FROM audit_log WHERE id = ?", NULL);
  char *hash = NULL;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    hash = g_strdup (yz_record_col (stmt, 0));
  sqlite3_reset (stmt);
  return hash;
}

/**
 * yz_store_audit_verify:
 * @first_broken: (out) (optional): the id of the first row whose hash, link or signature is
 *   wrong
 *
 * The rows alone: each row's hash matches its fields and links to the row before, and, when
 * the store has the key, each row written since the log was signed carries its signature.
 * A tail cut off is found by yz_store_audit_report(), which also reads the signed head.
 *
 * Returns: %TRUE if every row holds
 */
gboolean
yz_store_audit_verify (YzStore *self, gint64 *first_broken, GError **error)
{
  g_auto(Walk) walk = { 0 };

  g_return_val_if_fail (YZ_IS_STORE (self), FALSE);

  if (first_broken)
    *first_broken = 0;
  if (!walk_rows (self, 0, &walk, error))
    return FALSE;
  if (first_broken)
    *first_broken = walk.first_broken;

  return walk.first_broken == 0;
}

static char *
num (gint64 n)
{
  return g_strdup_printf ("%" G_GINT64_FORMAT, n);
}

/* Adds one sentence of the report. */
static void
say (GString *text, char *sentence)
{
  if (text->len > 0)
    g_string_append_c (text, ' ');
  g_string_append (text, sentence);
  g_free (sentence);
}

static void
say_into_message (char **message, GString *notes)
{
  char *joined;

  if (notes->len == 0)
    return;
  joined = g_strconcat (*message, " ", notes->str, NULL);
  g_free (*message);
  *message = joined;
}

/* A tail cut off: the log holds @rows, something outside it saw @count. */
static char *
say_cut (gint64 rows, gint64 count, const char *who)
{
  g_autofree char *have = num (rows);
  g_autofree char *seen = num (count);

  /* TRANSLATORS: "…: it ends at row 5, but its signed head counted up to row 8; the rows
   * after 5 are missing." The second %s says who counted them. */
  return g_strdup_printf (_("The audit log was cut short: it ends at row %s, but %s counted up "
                             "to row %s; the rows after %s are missing."),
                          have, who, seen, have);
}

/**
 * yz_store_audit_report_full:
 * @witness: (nullable) (element-type YzAuditWitness): the heads the gateway keeps for this
 *   console (`GET /api/v1/audit/witness`); %NULL when it was not asked
 * @witness_note: (nullable): when @witness is %NULL, why (translated): no gateway, or the
 *   gateway could not be asked
 * @message: (out): what to tell the person who asked, translated
 *
 * The check `yizhan --verify-audit` runs, in words: the chain and the rows' signatures, the
 * signed head kept outside the database (a tail cut off), the gateway's witness, rows
 * written before the log was signed, which key signs it, and whether the log starts fresh
 * because a damaged record was set aside (and where that record is kept).
 *
 * Returns: the exit code: 0 intact, 1 broken (rewritten, cut short, or its signed head
 *   missing or forged), 2 cannot be checked (the file cannot be read, or its rows are signed
 *   and the key is not available), 3 intact but starting fresh after a damaged record was
 *   set aside (that file holds the earlier log)
 */
int
yz_store_audit_report_full (YzStore *self, GPtrArray *witness, const char *witness_note,
                            char **message)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) problems = g_string_new (NULL);
  g_autoptr(GString) notes = g_string_new (NULL);
  g_autofree char *aside = NULL;
  g_auto(Walk) walk = { 0 };
  g_auto(Head) head = { 0 };
  const YzAuditKey *key;
  HeadStatus status;
  g_autofree char *head_file = NULL;

  g_return_val_if_fail (YZ_IS_STORE (self), 2);
  g_return_val_if_fail (message != NULL, 2);

  key = yz_store_get_audit_key (self);
  status = head_read (self, &head);
  head_file = head_path (yz_store_get_path (self));

  if (!walk_rows (self, status == HEAD_VALID ? head.first_signed : 0, &walk, &error))
    {
      *message = g_strdup_printf (_("Cannot check the audit log: %s"), error->message);
      return 2;
    }

  if ((walk.no_key || status == HEAD_UNCHECKED) && walk.first_broken == 0)
    {
      *message = g_strdup_printf (_("The audit log in %s cannot be checked: its rows are signed, "
                                     "but the key that signed them is not available."),
                                  yz_store_get_path (self));
      return 2;
    }

  /* The rows themselves. */
  if (walk.first_broken > 0)
    {
      g_autofree char *row = num (walk.first_broken);

      if (walk.broken_sig)
        say (problems, g_strdup_printf (_("The audit log was rewritten: row %s does not carry a "
                                           "valid signature, so it and the rows after it were "
                                           "changed or written again without the key."),
                                        row));
      else
        say (problems,
             g_strdup_printf (_("The audit log is broken: row %s does not match the "
                                 "chain. It, or a row before it, was changed or removed."),
                              row));
    }

  /* The head outside the file. */
  if (status == HEAD_FORGED)
    say (problems, g_strdup_printf (_("The signed head of the audit log (%s) does not carry a "
                                       "valid signature."),
                                    head_file));
  else if (status == HEAD_NONE && walk.first_signed > 0)
    say (problems, g_strdup_printf (_("The signed head of the audit log (%s) is missing, though "
                                       "its rows are signed: rows may have been removed from its "
                                       "end."),
                                    head_file));
  else if (status == HEAD_VALID && walk.first_broken == 0)
    {
      if (head.count > walk.rows)
        say (problems, say_cut (walk.rows, head.count, _("its signed head")));
      else
        {
          g_autofree char *stored = row_hash (self, head.count);

          if (g_strcmp0 (stored, head.hash) != 0)
            {
              g_autofree char *row = num (head.count);

              say (problems,
                   g_strdup_printf (_("The audit log was rewritten at or before row %s: "
                                       "its signed head holds another hash for that row."),
                                    row));
            }
        }
    }
  if (status == HEAD_VALID && head.cut_at > 0)
    {
      g_autofree char *from = num (head.cut_at);
      g_autofree char *to = num (head.cut_count);

      say (problems, g_strdup_printf (_("Rows %s to %s of the audit log had been removed: row %s "
                                         "was written again while its signed head still counted "
                                         "%s rows."),
                                      from, to, from, to));
    }
  if (status == HEAD_VALID && head.lost > 0)
    {
      g_autofree char *row = num (head.lost + 1);

      say (problems, g_strdup_printf (_("The signed head of the audit log was missing or forged "
                                         "when row %s was written: rows removed from its end "
                                         "before then cannot be seen."),
                                      row));
    }

  /* The gateway's witness. */
  if (witness != NULL)
    {
      const YzAuditWitness *highest = NULL;
      gboolean agrees = TRUE;

      for (guint i = 0; i < witness->len; i++)
        {
          const YzAuditWitness *seen = g_ptr_array_index (witness, i);
          g_autofree char *who = g_strdup_printf (_("the gateway (for %s)"), seen->operator_name);

          if (highest == NULL || seen->count > highest->count)
            highest = seen;
          if (seen->count > walk.rows)
            {
              /* Past a broken row, the rows after it are not the log's: only a cut is
               * told, and no agreement claimed. */
              agrees = FALSE;
              if (walk.first_broken == 0)
                say (problems, say_cut (walk.rows, seen->count, who));
            }
          else if (seen->count <= walk.rows)
            {
              g_autofree char *stored = row_hash (self, seen->count);

              if (g_strcmp0 (stored, seen->hash) != 0)
                {
                  g_autofree char *row = num (seen->count);

                  agrees = FALSE;
                  say (problems,
                       g_strdup_printf (_("The audit log was rewritten at or before row %s: %s "
                                           "saw another hash for that row."),
                                        row, who));
                }
            }
        }
      if (highest == NULL)
        say (notes, g_strdup (_("The gateway holds no witness for this console yet.")));
      else if (agrees)
        {
          g_autofree char *count = num (highest->count);

          say (notes,
               g_strdup_printf (_("The gateway's witness agrees (it saw %s rows)."), count));
        }
    }
  else if (witness_note != NULL)
    say (notes, g_strdup (witness_note));

  /* What vouches for the rows. */
  if (walk.unsigned_rows > 0)
    {
      g_autofree char *last = num (walk.unsigned_rows);

      say (notes, g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                "Row 1 was written before the log was signed: "
                                                "only the hash chain vouches for it.",
                                                "Rows 1 to %s were written before the log was "
                                                "signed: only the hash chain vouches for them.",
                                                (gulong)MIN (walk.unsigned_rows, G_MAXULONG)),
                                   last));
    }
  if (key != NULL)
    say (notes, g_strdup_printf (_("Signed with the key kept in %s."), key->where));
  else
    say (notes, g_strdup (_("The log is not signed: no key has been made yet.")));

  if (problems->len > 0)
    {
      g_string_append_c (problems, ' ');
      g_string_append (problems, notes->str);
      *message = g_strdup (problems->str);
      return 1;
    }

  aside = yz_record_meta_get (self, "set-aside-path");
  if (aside != NULL)
    {
      g_autofree char *when = yz_record_meta_get (self, "set-aside-at");
      g_autofree char *reason = yz_record_meta_get (self, "set-aside-reason");

      *message = g_strdup_printf (_("The audit log in %s is intact, but it starts fresh on %s: "
                                     "the earlier record could not be read (%s) and was set "
                                     "aside as %s, which holds the log before that. Check that "
                                     "file separately."),
                                  yz_store_get_path (self), when ? when : "?",
                                  reason ? reason : "?", aside);
      say_into_message (message, notes);
      return 3;
    }

  *message = g_strdup_printf (_("The audit log in %s is intact."), yz_store_get_path (self));
  say_into_message (message, notes);
  return 0;
}

/**
 * yz_store_audit_report:
 *
 * yz_store_audit_report_full() without asking the gateway.
 */
int
yz_store_audit_report (YzStore *self, char **message)
{
  return yz_store_audit_report_full (self, NULL, NULL, message);
}

/* ---- reading ---- */

void
yz_audit_row_free (YzAuditRow *row)
{
  if (row == NULL)
    return;
  g_free (row->operator_name);
  g_free (row->action);
  g_free (row->target);
  g_free (row->params);
  g_free (row->phase);
  g_free (row->result);
  g_free (row->hash);
  g_free (row->door_name);
  g_free (row->device_name);
  g_free (row->stock_item);
  g_free (row->alarm_type);
  g_free (row->station_name);
  g_free (row);
}

#define SELECT_ROWS                                                                                \
  "SELECT a.id, a.time, a.operator, a.action, a.target, a.params, a.phase, a.result,"              \
  " d.name, v.name, k.item, al.type, s.name, a.hash"                                               \
  " FROM audit_log a LEFT JOIN doors d ON d.id = a.target LEFT JOIN devices v ON v.id = a.target"  \
  " LEFT JOIN stock k ON k.id = a.target LEFT JOIN alarms al ON al.id = a.target"                  \
  " LEFT JOIN stations s ON s.id = COALESCE (d.station_id, v.station_id, k.station_id, "           \
  "al.station_id)"

static GPtrArray *
read_rows (sqlite3_stmt *stmt)
{
  GPtrArray *rows = g_ptr_array_new_with_free_func ((GDestroyNotify)yz_audit_row_free);

  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      YzAuditRow *row = g_new0 (YzAuditRow, 1);

      row->id = sqlite3_column_int64 (stmt, 0);
      row->time = sqlite3_column_int64 (stmt, 1);
      row->operator_name = g_strdup (yz_record_col (stmt, 2));
      row->action = g_strdup (yz_record_col (stmt, 3));
      row->target = g_strdup (yz_record_col (stmt, 4));
      row->params = g_strdup (yz_record_col (stmt, 5));
      row->phase = g_strdup (yz_record_col (stmt, 6));
      row->result = g_strdup (yz_record_col (stmt, 7));
      row->door_name = g_strdup (yz_record_col (stmt, 8));
      row->device_name = g_strdup (yz_record_col (stmt, 9));
      row->stock_item = g_strdup (yz_record_col (stmt, 10));
      row->alarm_type = g_strdup (yz_record_col (stmt, 11));
      row->station_name = g_strdup (yz_record_col (stmt, 12));
      row->hash = g_strdup (yz_record_col (stmt, 13));
      g_ptr_array_add (rows, row);
    }
  sqlite3_reset (stmt);

  return rows;
}

/**
 * yz_record_audit_rows:
 * @search: (nullable): what to look for; %NULL for every row
 * @limit: at most this many, the newest
 *
 * Returns: (transfer full) (element-type YzAuditRow): the rows, newest first
 */
GPtrArray *
yz_record_audit_rows (YzStore *store, const YzAuditSearch *search, guint limit)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (YZ_IS_STORE (store), NULL);

  if (search != NULL)
    {
      /* The stored words (ids, names, the officer's own words), and the codes whose shown
       * names match: a search for "开门" or "Door command" finds the rows, in any language. */
      stmt = yz_record_prepare (
          store, SELECT_ROWS
          " WHERE a.operator LIKE ?1 OR a.action LIKE ?1 OR a.target LIKE ?1"
          " OR a.params LIKE ?1 OR a.result LIKE ?1 OR d.name LIKE ?1 OR v.name LIKE ?1"
          " OR s.name LIKE ?1 OR a.action IN (SELECT value FROM json_each (?3))"
          " OR (json_valid (a.params) AND"
          "     (json_extract (a.params, '$.reason') IN (SELECT value FROM json_each (?4))"
          "      OR json_extract (a.params, '$.command') IN (SELECT value FROM json_each (?5))))"
          " OR EXISTS (SELECT 1 FROM json_each (?6) o WHERE a.result LIKE o.value || ': %'"
          "            OR a.result LIKE 'late: ' || o.value || ': %')"
          " OR (?7 AND a.phase = 'request')"
          " OR (?8 AND a.phase = 'result' AND a.result NOT LIKE 'refused: %'"
          "     AND a.result NOT LIKE 'no-answer: %' AND a.result NOT LIKE 'error: %'"
          "     AND a.result NOT LIKE 'unknown: %' AND a.result NOT LIKE 'expired: %'"
          "     AND a.result NOT LIKE 'late: refused: %' AND a.result NOT LIKE 'late: expired: %')"
          " ORDER BY a.id DESC LIMIT ?2");
      if (stmt != NULL)
        {
          YZ_RECORD_TEXT (stmt, 1, search->like);
          YZ_RECORD_TEXT (stmt, 3, search->actions);
          YZ_RECORD_TEXT (stmt, 4, search->reasons);
          YZ_RECORD_TEXT (stmt, 5, search->commands);
          YZ_RECORD_TEXT (stmt, 6, search->outcomes);
          sqlite3_bind_int (stmt, 7, search->requested);
          sqlite3_bind_int (stmt, 8, search->carried_out);
        }
    }
  else
    stmt = yz_record_prepare (store, SELECT_ROWS " WHERE ?1 IS NULL ORDER BY a.id DESC LIMIT ?2");
  if (stmt == NULL)
    return g_ptr_array_new_with_free_func ((GDestroyNotify)yz_audit_row_free);
  sqlite3_bind_int (stmt, 2, limit);

  return read_rows (stmt);
}

/**
 * yz_record_audit_for_incident:
 * @store: (nullable): the record; without one, no rows
 * @alarm_ids_json: the incident's alarm ids, as a JSON array
 *
 * The rows about the incident's alarms, and about the station's doors from @from to @to
 * (door ids start with the station's id and a dash), in the order they were written.
 *
 * Returns: (transfer full) (element-type YzAuditRow)
 */
GPtrArray *
yz_record_audit_for_incident (YzStore *store, const char *alarm_ids_json, const char *station_id,
                              gint64 from, gint64 to)
{
  g_autofree char *doors = g_strconcat (station_id, "-%", NULL);
  sqlite3_stmt *stmt;

  /* Without a record there is nothing audited to show. */
  if (store == NULL)
    return g_ptr_array_new_with_free_func ((GDestroyNotify)yz_audit_row_free);

  stmt = yz_record_prepare (
      store, SELECT_ROWS " WHERE a.target IN (SELECT value FROM json_each (?4))"
                         " OR (a.target LIKE ?1 AND a.time >= ?2 AND a.time < ?3) ORDER BY a.id");
  if (stmt == NULL)
    return g_ptr_array_new_with_free_func ((GDestroyNotify)yz_audit_row_free);
  YZ_RECORD_TEXT (stmt, 4, alarm_ids_json);
  YZ_RECORD_TEXT (stmt, 1, doors);
  sqlite3_bind_int64 (stmt, 2, from);
  sqlite3_bind_int64 (stmt, 3, to);

  return read_rows (stmt);
}

/**
 * yz_record_entries_at_station:
 *
 * Returns: (transfer full) (element-type YzEntryData): at most @limit entries at the
 *   station from @from to @to (time, person_name, result and snapshot_id set), oldest first
 */
GPtrArray *
yz_record_entries_at_station (YzStore *store, const char *station_id, gint64 from, gint64 to,
                              guint limit)
{
  GPtrArray *entries = g_ptr_array_new_with_free_func ((GDestroyNotify)yz_entry_data_free);
  sqlite3_stmt *stmt;

  g_return_val_if_fail (YZ_IS_STORE (store), entries);

  stmt = yz_record_prepare (
      store, "SELECT time, person_name, result, snapshot_id FROM entries WHERE station_id = ?1"
             " AND time >= ?2 AND time < ?3 ORDER BY time LIMIT ?4");
  if (stmt == NULL)
    return entries;
  YZ_RECORD_TEXT (stmt, 1, station_id);
  sqlite3_bind_int64 (stmt, 2, from);
  sqlite3_bind_int64 (stmt, 3, to);
  sqlite3_bind_int (stmt, 4, limit);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      YzEntryData *entry = g_new0 (YzEntryData, 1);

      entry->time = sqlite3_column_int64 (stmt, 0);
      entry->person_name = g_strdup (yz_record_col (stmt, 1));
      entry->result = g_intern_string (yz_record_col (stmt, 2));
      entry->snapshot_id = g_strdup (yz_record_col (stmt, 3));
      g_ptr_array_add (entries, entry);
    }
  sqlite3_reset (stmt);

  return entries;
}

/**
 * yz_record_audit_unknown_door:
 * @request_id: a door command's request id (its params' `request_id`)
 * @since: only a command requested at or after this time (ms)
 * @door_id: (out): its door
 * @params: (out): its params, as its rows hold them
 *
 * Whether the door command sent with @request_id ended, as its last result row says, with
 * an unknown outcome: the command a late answer is for, found even after the console
 * restarted (yz-commands.c).
 */
gboolean
yz_record_audit_unknown_door (YzStore *store, const char *request_id, gint64 since, char **door_id,
                              char **params)
{
  sqlite3_stmt *stmt;
  gboolean found = FALSE;

  *door_id = *params = NULL;
  g_return_val_if_fail (YZ_IS_STORE (store), FALSE);

  stmt = yz_record_prepare (
      store, "SELECT r.target, r.params FROM audit_log r"
             " WHERE r.time >= ?2 AND r.action = 'door-command' AND r.phase = 'request'"
             " AND json_valid (r.params) AND json_extract (r.params, '$.request_id') = ?1"
             " AND (SELECT x.result FROM audit_log x WHERE x.id > r.id"
             "      AND x.action = 'door-command' AND x.phase = 'result'"
             "      AND x.target = r.target AND x.params = r.params"
             "      ORDER BY x.id DESC LIMIT 1) LIKE 'unknown: %'"
             " ORDER BY r.id DESC LIMIT 1");
  if (stmt == NULL)
    return FALSE;
  YZ_RECORD_TEXT (stmt, 1, request_id);
  sqlite3_bind_int64 (stmt, 2, since);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      *door_id = g_strdup (yz_record_col (stmt, 0));
      *params = g_strdup (yz_record_col (stmt, 1));
      found = TRUE;
    }
  sqlite3_reset (stmt);

  return found;
}
