#!/usr/bin/env python3
"""Every string the user sees is translated: the strings xgettext finds in the files of
po/POTFILES.in (as `meson compile yizhan-pot` extracts them) all have a translation in
po/LANG.po that is neither missing nor fuzzy. Prints the ones that are.

Usage: check-translations.py SOURCE_ROOT LANG"""
import os, subprocess, sys, tempfile

root, lang = sys.argv[1], sys.argv[2]
# The keywords and flags of meson's i18n 'glib' preset (po/meson.build).
args = ['--from-code=UTF-8', '--add-comments', '--keyword=_', '--keyword=N_', '--keyword=C_:1c,2',
        '--keyword=NC_:1c,2', '--keyword=g_dcgettext:2', '--keyword=g_dngettext:2,3',
        '--keyword=g_dpgettext2:2c,3', '--flag=N_:1:pass-c-format', '--flag=C_:2:pass-c-format',
        '--flag=NC_:2:pass-c-format', '--flag=g_dngettext:2:pass-c-format',
        '--flag=g_strdup_printf:1:c-format']

with tempfile.TemporaryDirectory() as tmp:
    pot = os.path.join(tmp, 'yizhan.pot')
    merged = os.path.join(tmp, lang + '.po')
    subprocess.run(['xgettext', '--package-name=yizhan', '--directory=' + root,
                    '--files-from=' + os.path.join(root, 'po', 'POTFILES.in'), '-o', pot] + args,
                   check=True)
    subprocess.run(['msgmerge', '--quiet', '-o', merged, os.path.join(root, 'po', lang + '.po'), pot],
                   check=True)
    problems = []
    for what, flag in (('untranslated', '--untranslated'), ('fuzzy (changed in the source)', '--only-fuzzy')):
        out = subprocess.run(['msgattrib', flag, '--no-obsolete', '--no-location', '--no-wrap', merged],
                             check=True, capture_output=True, text=True).stdout
        for block in out.split('\n\n'):
            lines = [l for l in block.splitlines() if l.startswith(('msgid ', 'msgctxt '))]
            ids = [l for l in lines if l.startswith('msgid ')]
            if ids and ids[0] != 'msgid ""':
                problems.append(f'{what}: ' + ' '.join(lines))
    if problems:
        print(f'po/{lang}.po lacks {len(problems)} translation(s) of strings the user sees:')
        print('\n'.join('  ' + p for p in problems))
        print(f'Add them to po/{lang}.po (msgmerge po/{lang}.po po/yizhan.pot after `meson compile yizhan-pot` lists them).')
        sys.exit(1)
    print(f'every string in po/POTFILES.in is translated in po/{lang}.po')
