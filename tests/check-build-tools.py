#!/usr/bin/env python3
"""The programs `meson setup` and the build need come from build-aux/yizhan-dev's `packages`,
not only from its `test_packages`: `yizhan-dev demo` installs the first list alone, so a tool
that only the test list brings makes the README's demo command fail on a fresh machine (it
did: update-desktop-database, which gnome.post_install asks for, came with the test list).

For each tool: the Debian package that owns it here must be in the closure of `packages`
over Depends and Pre-Depends (with what a minimal Debian always has: Essential and
Priority required).

Usage: check-build-tools.py SOURCE_ROOT [--expect-missing PACKAGE]
  --expect-missing: the checker's own test: PACKAGE is left out of the list, and the check
  passes only if it then fails naming PACKAGE."""
import os, re, shutil, subprocess, sys

root = sys.argv[1]
drop = sys.argv[sys.argv.index('--expect-missing') + 1] if '--expect-missing' in sys.argv else None

script = open(os.path.join(root, 'build-aux', 'yizhan-dev'), encoding='utf-8').read()
block = re.search(r'^packages=\((.*?)\)', script, re.S | re.M).group(1)
listed = {w for line in block.splitlines() for w in line.split('#')[0].split()}
listed.discard(drop)

# The tools: what meson.build files find without `required: false`, what gnome.post_install,
# gnome.compile_resources and i18n run.
tools = {'glib-compile-resources': 'gnome.compile_resources', 'msgfmt': 'i18n',
         'xgettext': 'i18n (yizhan-pot)', 'glib-compile-schemas': 'gnome.post_install',
         'update-desktop-database': 'gnome.post_install',
         ('gtk4-update-icon-cache', 'gtk-update-icon-cache'): 'gnome.post_install'}
for dirpath, dirnames, filenames in os.walk(root):
    dirnames[:] = [d for d in dirnames if not d.startswith(('_build', 'build', '.'))]
    if 'meson.build' in filenames:
        path = os.path.join(dirpath, 'meson.build')
        for m in re.finditer(r"find_program\('([^'/]+)'([^)]*)\)", open(path, encoding='utf-8').read()):
            # python3 is meson's own interpreter: wherever meson runs, it is there.
            if 'required: false' not in m.group(2) and m.group(1) != 'python3':
                tools.setdefault(m.group(1), os.path.relpath(path, root))

# The installed packages' dependencies, and what a minimal root always has.
fmt = '${Package}\t${Essential}\t${Priority}\t${Provides}\t${Depends}, ${Pre-Depends}\n'
rows = subprocess.run(['dpkg-query', '-W', '-f', fmt], check=True, capture_output=True,
                      text=True).stdout.splitlines()
depends, providers, base = {}, {}, set()
def names(field):
    return [re.split(r'[\s(:]', alt.strip())[0] for part in field.split(',') for alt in part.split('|')
            if alt.strip()]
for row in rows:
    name, essential, priority, provides, deps = (row.split('\t') + [''] * 5)[:5]
    depends[name] = names(deps)
    for p in names(provides):
        providers.setdefault(p, []).append(name)
    if essential == 'yes' or priority == 'required':
        base.add(name)
closure, todo = set(), list(listed | base)
while todo:
    name = todo.pop()
    for real in [name] + providers.get(name, []):
        if real in depends and real not in closure:
            closure.add(real)
            todo.extend(depends[real])

failed = False
named_drop = False
for tool, why in sorted(tools.items(), key=lambda kv: str(kv[0])):
    candidates = tool if isinstance(tool, tuple) else (tool,)
    found = [shutil.which(c) for c in candidates if shutil.which(c)]
    if not found:
        print(f'{"/".join(candidates)} ({why}) is not installed here')
        failed = True
        continue
    path = os.path.realpath(found[0])
    owner = subprocess.run(['dpkg', '-S', path], capture_output=True, text=True).stdout
    if not owner:   # /bin vs /usr/bin on a merged-/usr system
        owner = subprocess.run(['dpkg', '-S', path.replace('/usr/bin/', '/bin/')],
                               capture_output=True, text=True).stdout
    package = owner.split(':')[0] if owner else None
    if package is None:
        print(f'{os.path.basename(path)} ({why}): {path} belongs to no package')
        failed = True
    elif package not in closure:
        print(f'{os.path.basename(path)} ({why}) comes from {package}, which build-aux/yizhan-dev\'s '
              f'packages do not bring: the demo command fails on a fresh machine; add {package}')
        failed = True
        named_drop = named_drop or package == drop
    else:
        print(f'ok  {os.path.basename(path):24} {package:28} ({why})')
if drop is not None:
    print(f'without {drop}: ' + ('caught, as it should be' if named_drop else 'NOT caught'))
    sys.exit(0 if named_drop else 1)
sys.exit(1 if failed else 0)
