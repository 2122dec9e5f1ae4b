#!/usr/bin/env python3
"""Every source file with translatable strings is listed in po/POTFILES.in (else its strings
never reach the translators, and the console shows English to Chinese readers)."""
import pathlib, re, sys

root = pathlib.Path(sys.argv[1])
listed = {l.strip() for l in (root / 'po' / 'POTFILES.in').read_text().splitlines()
          if l.strip() and not l.startswith('#')}
marks = re.compile(r'\b(N?_|C_|g_dngettext|ngettext)\s*\(\s*"|translatable="yes"')
missing = []
for pattern in ('src/**/*.c', 'ui/*.ui', 'data/*.xml', 'data/*.in'):
    for path in root.glob(pattern):
        rel = path.relative_to(root).as_posix()
        if rel.startswith('src/sim/'):
            continue  # the simulator speaks to developers, in English
        if marks.search(path.read_text(encoding='utf-8')) and rel not in listed:
            missing.append(rel)
for rel in sorted(listed):
    if not (root / rel).exists():
        missing.append(rel + ' (listed but gone)')
if missing:
    print('po/POTFILES.in lacks:', *missing, sep='\n  ')
    sys.exit(1)
print(f'{len(listed)} files listed, none missing')
