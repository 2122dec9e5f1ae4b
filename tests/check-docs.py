#!/usr/bin/env python3
"""Every file the docs name exists (so that docs/ stays true as files move). Checks README.md and docs/*.md for
 - yz-*.c/.h/.ui, test-*.c, check-*.py … (found anywhere in the tree),
 - paths under src/, tests/, build-aux/, data/, docs/, ui/, po/, flatpak/,
 - bare yz-NAME words (a file yz-NAME.c, .h or .ui, or a G_LOG_DOMAIN),
 - `[ch]` pairs expanded. Names of files still to be written (FUTURE) are allowed."""
import pathlib, re, sys

def check(root):
    FUTURE = {'yz-worker.c', 'yz-worker.h', 'yz-worker-private.h', 'yz-record-workers.c',
              'src/devices/', 'src/gateway/', 'yz-thing.c', 'yz-thing.h', 'ui/yz-thing.ui',
              'yz-thing', 'yz-worker', 'yz-record-workers'}
    docs = [root / 'README.md'] + sorted((root / 'docs').glob('*.md'))
    files = {p.relative_to(root).as_posix() for p in root.rglob('*')
             if '_build' not in p.parts and '.git' not in p.parts}
    base = {f.rsplit('/', 1)[-1] for f in files}
    domains = set()
    for f in files:
        if f.endswith('.c'):
            domains |= set(re.findall(r'G_LOG_DOMAIN "([^"]+)"', (root / f).read_text(errors='ignore')))
    named = re.compile(r'(?<![\w/~.-])((?:\.\./)?(?:src|tests|build-aux|data|docs|ui|po|flatpak)/[\w./-]*[\w/]'
                       r'|[\w-]*(?:yz-|test-|check-|bench-|smoke-|fuzz-)[\w-]*(?:\.\[ch\]|\.c|\.h|\.ui|\.py|\.pem)'
                       r'|yz-[a-z][a-z-]*[a-z])')
    bad = 0
    for doc in docs:
        for n, line in enumerate(doc.read_text().splitlines(), 1):
            for mo in named.finditer(line):
                m = mo.group(1)
                if line[mo.end():].startswith(('<', '*', '-<', '-*')):
                    continue  # a pattern such as yz-<name>-page or yz-video-*.c
                if m.startswith('../') or '<' in m or m in FUTURE:
                    continue
                names = [m[:-5] + '.c', m[:-5] + '.h'] if m.endswith('.[ch]') else [m]
                for name in names:
                    if name in FUTURE:
                        continue
                    if '/' in name:
                        ok = (name in files or any(f.startswith(name.rstrip('/') + '/') for f in files)
                              or name + '.c' in files)
                    elif re.fullmatch(r'yz-[a-z-]+', name):
                        ok = (any(name + e in base for e in ('.c', '.h', '.ui', '-private.h'))
                              or name in domains)
                    else:
                        ok = name in base
                    if not ok:
                        print(f'{doc.relative_to(root)}:{n}: {name} does not exist')
                        bad += 1
    print(f'{bad} missing', file=sys.stderr)
    return bad


def self_test():
    import tempfile
    with tempfile.TemporaryDirectory() as tmp:
        root = pathlib.Path(tmp)
        (root / 'docs').mkdir()
        (root / 'src').mkdir()
        (root / 'src' / 'yz-real.c').write_text('#define G_LOG_DOMAIN "yz-real"\n')
        (root / 'README.md').write_text('See src/yz-real.c and yz-real.\n')
        (root / 'docs' / 'a.md').write_text('yz-gone.c and src/yz-real.c\n')
        if check(root) != 1:
            print('self-test: a missing file was not found')
            return 1
    print('self-test: the check finds what it should')
    return 0


if __name__ == '__main__':
    if sys.argv[1:] == ['--self-test']:
        sys.exit(self_test())
    sys.exit(1 if check(pathlib.Path(sys.argv[1])) else 0)
