#!/usr/bin/env python3
"""The layout the code keeps (docs/architecture.md), checked so that it stays so:

- no file in src/ passes MAX_LINES lines unless its opening comment says why, in a line that
  starts with "Long because";
- no widget, app or media file includes sqlite3.h, libpq or a -private.h of the core, or
  writes SQL: the widgets ask the core;
- in the core, SQL lives in the record files (yz-record*.c) and the few that own a store of
  their own (listed below, each with its reason).

Usage: check-layout.py SOURCE_ROOT
       check-layout.py --self-test    (the checker's own test, on a made-up tree)"""
import os
import re
import sys

MAX_LINES = 1200
# Core files that keep SQL of their own, and why.
SQL_OWNERS = {
    'yz-store.c': 'opens the store: schema and migrations',
    'yz-stats.c': 'the statistics tables and their rebuild',
    'yz-stats-views.c': 'the statistics views over those tables',
    'yz-entry-model.c': 'pages the entries table on demand',
    'yz-history.c': 'writes a demo year in bulk, faster than the record layer',
    'yz-tile-cache.c': 'its own cache file, not the store',
}
SQL = re.compile(r'"\s*(SELECT |INSERT |UPDATE \w+ SET|DELETE FROM|CREATE (TABLE|INDEX|UNIQUE)|'
                 r'DROP (TABLE|INDEX)|ALTER TABLE|PRAGMA |BEGIN|COMMIT)')
CORE_PRIVATE = re.compile(r'#include\s+"(yz-[\w-]+-private\.h)"')



def check(root):
    src = os.path.join(root, 'src')
    core_private = {f for f in os.listdir(os.path.join(src, 'core')) if f.endswith('-private.h')}
    problems = []

    for dirpath, _, filenames in os.walk(src):
        layer = os.path.relpath(dirpath, src).split(os.sep)[0]
        for name in sorted(filenames):
            if not name.endswith(('.c', '.h')):
                continue
            path = os.path.join(dirpath, name)
            rel = os.path.relpath(path, root)
            text = open(path, encoding='utf-8').read()
            lines = text.count('\n')
            head = text.split('*/', 1)[0]
            if lines > MAX_LINES and not re.search(r'^\s*\*?\s*Long because', head, re.M):
                problems.append('%s: %d lines; split it by job, or say at its top why not '
                                '("Long because …")' % (rel, lines))
            if layer in ('widgets', 'app', 'media'):
                if re.search(r'#include\s+[<"](sqlite3|libpq-fe)\.h[>"]', text):
                    problems.append('%s: a %s file includes the database; ask the core' % (rel, layer))
                for m in CORE_PRIVATE.finditer(text):
                    if m.group(1) in core_private:
                        problems.append('%s: includes the core\'s %s' % (rel, m.group(1)))
                if SQL.search(text):
                    problems.append('%s: SQL in a %s file; ask the core' % (rel, layer))
            if layer == 'core' and name.endswith('.c') and SQL.search(text):
                if not name.startswith('yz-record') and name not in SQL_OWNERS:
                    problems.append('%s: SQL outside the record layer (yz-record*.c)' % rel)
    return problems


def self_test():
    import tempfile
    with tempfile.TemporaryDirectory() as root:
        def write(rel, text):
            os.makedirs(os.path.dirname(os.path.join(root, rel)), exist_ok=True)
            open(os.path.join(root, rel), 'w', encoding='utf-8').write(text)
        write('src/core/yz-store-private.h', '')
        write('src/core/yz-record-city.c', '"SELECT id FROM stations"\n')
        write('src/core/yz-city.c', 'stmt = prepare ("DELETE FROM alarms");\n')
        write('src/widgets/yz-page.c', '#include <sqlite3.h>\n#include "yz-store-private.h"\n'
              'g_signal_connect (op, "begin-print", cb, NULL);\n')
        write('src/widgets/yz-long.c', '/* yz-long.c */\n' + 'x;\n' * (MAX_LINES + 1))
        write('src/widgets/yz-long-ok.c', '/* yz-long-ok.c\n * Long because it is a table.\n */\n'
              + 'x;\n' * (MAX_LINES + 1))
        def kind(problem):
            for word, k in (('lines;', 'long'), ('the database', 'database'),
                            ("the core's", 'private'), ('SQL', 'sql')):
                if word in problem:
                    return problem.split(':')[0] + ' ' + k
        got = sorted(kind(p) for p in check(root))
        want = sorted(['src/core/yz-city.c sql', 'src/widgets/yz-long.c long',
                       'src/widgets/yz-page.c database', 'src/widgets/yz-page.c private'])
        if got != want:
            print('self-test: expected %s, got %s' % (want, got))
            return 1
    print('self-test: the checker finds what it should')
    return 0


if __name__ == '__main__':
    if sys.argv[1:] == ['--self-test']:
        sys.exit(self_test())
    problems = check(sys.argv[1])
    for p in problems:
        print(p)
    print('layout: %d problem(s)' % len(problems))
    sys.exit(1 if problems else 0)
