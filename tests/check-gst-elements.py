#!/usr/bin/env python3
"""Every GStreamer element the code names exists on this machine, and build-aux/yizhan-dev
installs the Debian package that provides it.

A missing element does not fail where it is named: the simulator's cameras answer RTSP 503,
the video wall stays black and tests time out far away. This check reads the C sources for
element factory names — gst_element_factory_make/find calls (also through a small wrapper
such as `make (const char *factory)`) and gst-launch descriptions (any string with a `!`
link, and the strings given to gst_parse_launch and friends) — prints the list, and fails
at once, naming the package, when one is missing.

  check-gst-elements.py SOURCE_ROOT                 check src/ and tests/
  check-gst-elements.py SOURCE_ROOT --self-test FIXTURE
                                                    the checker's own behaviour, on a fixture
Options for the self-test (and for trying it by hand):
  --source FILE          scan these files instead of src/ and tests/ (repeatable)
  --table NAME=PACKAGE   an extra table entry (repeatable)
"""
import argparse, os, pathlib, re, shutil, subprocess, sys

# Element factory -> the Debian 12 package that provides it. Every element the code names
# must be here (an unknown one fails the check), so this table stays complete.
PACKAGES = {
    # GStreamer's core elements
    'queue': 'libgstreamer1.0-0',
    'capsfilter': 'libgstreamer1.0-0',
    'fakesink': 'libgstreamer1.0-0',
    'tee': 'libgstreamer1.0-0',
    # gst-plugins-base
    'appsink': 'gstreamer1.0-plugins-base',
    'videoconvertscale': 'gstreamer1.0-plugins-base',
    'appsrc': 'gstreamer1.0-plugins-base',
    'audioconvert': 'gstreamer1.0-plugins-base',
    'audioresample': 'gstreamer1.0-plugins-base',
    'decodebin': 'gstreamer1.0-plugins-base',
    'giosrc': 'gstreamer1.0-plugins-base',
    'playbin': 'gstreamer1.0-plugins-base',
    'uridecodebin': 'gstreamer1.0-plugins-base',
    'videoconvert': 'gstreamer1.0-plugins-base',
    'videoscale': 'gstreamer1.0-plugins-base',
    'videotestsrc': 'gstreamer1.0-plugins-base',
    # the Pango overlays of gst-plugins-base are packaged apart
    'clockoverlay': 'gstreamer1.0-x',
    'textoverlay': 'gstreamer1.0-x',
    'timeoverlay': 'gstreamer1.0-x',
    # gst-plugins-good
    'autoaudiosink': 'gstreamer1.0-plugins-good',
    'cairooverlay': 'gstreamer1.0-plugins-good',
    'jpegenc': 'gstreamer1.0-plugins-good',
    'rtph264depay': 'gstreamer1.0-plugins-good',
    'rtph264pay': 'gstreamer1.0-plugins-good',
    'rtspsrc': 'gstreamer1.0-plugins-good',
    'wavparse': 'gstreamer1.0-plugins-good',
    # gst-plugins-bad, -ugly, -libav
    'h264parse': 'gstreamer1.0-plugins-bad',
    'x264enc': 'gstreamer1.0-plugins-ugly',
    'avdec_h264': 'gstreamer1.0-libav',
}

# Elements no source names but the named ones pick at run time for this project's media.
IMPLIED = {
    'rtph264depay': 'decodebin, for the cameras\' H.264 over RTSP',
    'h264parse': 'decodebin, for the cameras\' H.264',
    'avdec_h264': 'decodebin, to decode the cameras\' H.264',
    'giosrc': 'playbin, to read the alarm sounds from resource:// URIs',
    'wavparse': 'playbin, the alarm sounds are WAV',
    'autoaudiosink': 'playbin, to play the alarm sounds',
}

# Packages that come with one build-aux/yizhan-dev installs, as its dependency.
PULLED_IN = {'libgstreamer1.0-0': 'libgstreamer1.0-dev'}

FACTORY_CALLS = {'gst_element_factory_make', 'gst_element_factory_find'}
LAUNCH_CALLS = {'gst_parse_launch', 'gst_parse_launch_full', 'gst_parse_bin_from_description',
                'gst_parse_bin_from_description_full', 'gst_rtsp_media_factory_set_launch'}
ELEMENT_NAME = re.compile(r'[a-z0-9][a-z0-9_-]*$')
ESCAPES = {'n': '\n', 't': '\t', '"': '"', '\\': '\\', "'": "'", '0': '\0'}


def tokens(text):
    """C tokens: ('str', value, line), ('id', name, line), ('p', char, line). Comments are
    dropped; adjacent strings are joined (a #define's string is read like any other)."""
    out = []
    i, line, n = 0, 1, len(text)
    while i < n:
        c = text[i]
        if c == '\n':
            line += 1
            i += 1
            continue
        if c in ' \t\r\f\v':
            i += 1
            continue
        if text.startswith('//', i):
            while i < n and text[i] != '\n':
                i += 1
            continue
        if text.startswith('/*', i):
            end = text.find('*/', i + 2)
            end = n if end < 0 else end + 2
            line += text.count('\n', i, end)
            i = end
            continue
        if c in '"\'':
            start_line = line
            j, value = i + 1, []
            while j < n and text[j] != c:
                if text[j] == '\\' and j + 1 < n:
                    value.append(ESCAPES.get(text[j + 1], text[j + 1]))
                    if text[j + 1] == '\n':
                        line += 1
                    j += 2
                    continue
                if text[j] == '\n':
                    line += 1
                value.append(text[j])
                j += 1
            i = j + 1
            if c == "'":
                out.append(('p', 'char', start_line))
            elif out and out[-1][0] == 'str':
                out[-1] = ('str', out[-1][1] + ''.join(value), out[-1][2])
            else:
                out.append(('str', ''.join(value), start_line))
            continue
        m = re.compile(r'[A-Za-z_][A-Za-z0-9_]*').match(text, i)
        if m:
            out.append(('id', m.group(), line))
            i = m.end()
            continue
        out.append(('p', c, line))
        i += 1
    return out


def call_args(toks, k):
    """The arguments of the call whose '(' is toks[k], each a list of tokens."""
    args, cur, depth = [], [], 0
    for t in toks[k + 1:]:
        if t[0] == 'p' and t[1] in '([{':
            depth += 1
        elif t[0] == 'p' and t[1] in ')]}':
            if depth == 0:
                args.append(cur)
                return args
            depth -= 1
        elif t[0] == 'p' and t[1] == ',' and depth == 0:
            args.append(cur)
            cur = []
            continue
        cur.append(t)
    return args


def functions(toks):
    """(name, parameter names, first token, last token) of each function definition."""
    out, depth, k = [], 0, 0
    while k < len(toks):
        t = toks[k]
        if t[0] == 'p' and t[1] == '{':
            depth += 1
        elif t[0] == 'p' and t[1] == '}':
            depth -= 1
        elif depth == 0 and t[0] == 'id' and k + 1 < len(toks) and toks[k + 1][1] == '(':
            args = call_args(toks, k + 1)
            close = k + 2 + sum(len(a) + 1 for a in args) - 1
            if close + 1 < len(toks) and toks[close + 1][1] == '{':
                params = [a[-1][1] for a in args if a and a[-1][0] == 'id']
                body_depth, end = 0, close + 1
                for end in range(close + 1, len(toks)):
                    if toks[end][1] == '{':
                        body_depth += 1
                    elif toks[end][1] == '}':
                        body_depth -= 1
                        if body_depth == 0:
                            break
                out.append((t[1], params, close + 1, end))
                k = end + 1
                continue
        k += 1
    return out


def split_unquoted(text, sep):
    parts, cur, quoted = [], [], False
    for c in text:
        if c == '"':
            quoted = not quoted
        if c == sep and not quoted:
            parts.append(''.join(cur))
            cur = []
        else:
            cur.append(c)
    parts.append(''.join(cur))
    return parts


def words(text):
    return re.findall(r'(?:[^\s"]|"[^"]*")+', text)


def is_launch(text):
    """A gst-launch description: a `!` link outside quoted values."""
    unquoted = re.sub(r'"[^"]*"', '""', text)
    return re.search(r'(^|\s)!(\s|$)|!\s+[a-z]', unquoted) is not None


def launch_elements(text):
    """The element factories of a gst-launch description, and what it leaves to run time."""
    found, unknown = [], []
    for segment in split_unquoted(text, '!'):
        want_element = True
        for w in words(segment.replace('(', ' ').replace(')', ' ')):
            if '/' in w.split('=')[0].split(',')[0]:
                break                         # caps: the rest of the segment is theirs
            if '=' in w:
                continue                      # a property
            if '.' in w:
                want_element = True           # a reference to a named element's pad
                continue
            if w.startswith('%'):
                if want_element:
                    unknown.append(w)         # an element put in with printf
                want_element = False
                continue
            if want_element:
                (found if ELEMENT_NAME.match(w) else unknown).append(w)
                want_element = False
    return found, unknown


def scan(path, rel):
    """{element: [where, ...]}, problems."""
    text = path.read_text(encoding='utf-8', errors='replace')
    if 'gst_' not in text and 'gst/' not in text:
        return {}, []
    toks = tokens(text)
    found, problems = {}, []

    def add(name, line):
        found.setdefault(name, []).append(f'{rel}:{line}')

    funcs = functions(toks)

    def enclosing(k):
        for f in funcs:
            if f[2] <= k <= f[3]:
                return f
        return None

    wrappers = []   # (function name, argument index)
    for k, t in enumerate(toks):
        if t[0] != 'id' or k + 1 >= len(toks) or toks[k + 1][1] != '(':
            continue
        if t[1] in FACTORY_CALLS:
            args = call_args(toks, k + 1)
            arg = args[0] if args else []
            if len(arg) == 1 and arg[0][0] == 'str':
                add(arg[0][1], t[2])
                continue
            f = enclosing(k)
            if len(arg) == 1 and arg[0][0] == 'id' and f and arg[0][1] in f[1]:
                wrappers.append((f[0], f[1].index(arg[0][1]), f'{rel}:{t[2]}'))
                continue
            problems.append(f'{rel}:{t[2]}: {t[1]} with a name this check cannot read '
                            '(give it a string, or a parameter of a function called with strings)')
        elif t[1] in LAUNCH_CALLS:
            args = call_args(toks, k + 1)
            arg = args[0] if args else []
            if t[1] == 'gst_rtsp_media_factory_set_launch':
                arg = args[1] if len(args) > 1 else []
            # One with a `!` link is read below with every other launch description.
            if len(arg) == 1 and arg[0][0] == 'str' and not is_launch(arg[0][1]):
                names, unknown = launch_elements(arg[0][1])
                for name in names:
                    add(name, arg[0][2])

    for name, index, where in wrappers:
        calls = 0
        for k, t in enumerate(toks):
            if t[0] != 'id' or t[1] != name or k + 1 >= len(toks) or toks[k + 1][1] != '(':
                continue
            if enclosing(k) is None:
                continue  # the definition itself, or a prototype
            args = call_args(toks, k + 1)
            arg = args[index] if index < len(args) else []
            calls += 1
            if len(arg) == 1 and arg[0][0] == 'str':
                add(arg[0][1], t[2])
            else:
                problems.append(f'{rel}:{t[2]}: {name} (which makes an element, {where}) '
                                'with a name this check cannot read')
        if calls == 0:
            problems.append(f'{where}: makes elements through {name}, which this file never calls')

    for t in toks:
        if t[0] == 'str' and is_launch(t[1]):
            names, unknown = launch_elements(t[1])
            for name in names:
                add(name, t[2])
            for w in unknown:
                print(f'note: {rel}:{t[2]}: the launch description puts {w!r} in at run time: '
                      'this check cannot see which element that is')
    return found, problems


def install_lists(root):
    script = (root / 'build-aux' / 'yizhan-dev').read_text(encoding='utf-8')
    lists = {}
    for name in ('packages', 'test_packages'):
        m = re.search(r'^' + name + r'=\((.*?)^\)', script, re.S | re.M)
        body = re.sub(r'#.*', '', m.group(1)) if m else ''
        lists[name] = set(body.split())
    return lists


def element_exists(name):
    return subprocess.run(['gst-inspect-1.0', '--exists', name],
                          stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode == 0


def check(root, sources, table):
    failures = []
    found = {}
    for path in sources:
        rel = os.path.relpath(path, root)
        names, problems = scan(path, rel)
        failures += problems
        for name, where in names.items():
            found.setdefault(name, []).extend(where)
    for name, why in IMPLIED.items():
        found.setdefault(name, []).append(f'(used by {why})')

    lists = install_lists(root)
    print(f'{len(found)} GStreamer elements the code names or needs:')
    if shutil.which('gst-inspect-1.0') is None:
        failures.append('gst-inspect-1.0 is missing: apt-get install gstreamer1.0-tools')
        inspect = False
    else:
        inspect = True
    for name in sorted(found):
        package = table.get(name)
        wheres = found[name]
        only_tests = all(w.startswith('tests/') for w in wheres)
        status = 'ok'
        if package is None:
            status = 'NOT IN THE TABLE'
            failures.append(f'{name} ({wheres[0]}): the code names it but the table in '
                            'tests/check-gst-elements.py does not say which Debian package provides it')
        else:
            if inspect and not element_exists(name):
                status = 'MISSING'
                failures.append(f'{name} is missing: apt-get install {package}')
            wanted = lists['packages'] | (lists['test_packages'] if only_tests else set())
            if package not in wanted and PULLED_IN.get(package) not in wanted:
                failures.append(f'{name} comes from {package}, which build-aux/yizhan-dev does not '
                                f'install: add it to {"test_packages" if only_tests else "packages"}')
        print(f'  {name:16} {package or "?":28} {status:8} {", ".join(wheres)}')
    for failure in failures:
        print(failure, file=sys.stderr)
    return failures


def self_test(root, fixture, script):
    """Run the check over a fixture that names a missing element, an element the table does
    not know, and one made through a wrapper; it must fail and say so."""
    run = subprocess.run([sys.executable, script, str(root), '--source', str(fixture),
                          '--table', 'yzfakeoverlay=gstreamer1.0-yz-fake'],
                         capture_output=True, text=True)
    print(run.stdout)
    print(run.stderr)
    ok = True

    def expect(condition, what):
        nonlocal ok
        print(('ok   ' if condition else 'FAIL ') + what)
        ok = ok and condition

    expect(run.returncode == 1, 'exits 1')
    expect('yzfakeoverlay is missing: apt-get install gstreamer1.0-yz-fake' in run.stderr,
           'names the missing element and its package')
    expect('yz-unknown-src' in run.stderr and 'does not say which Debian package' in run.stderr,
           'fails on an element that is not in the table')
    expect('yzfakeoverlay comes from gstreamer1.0-yz-fake, which build-aux/yizhan-dev does not '
           'install' in run.stderr, 'fails on a package the install list lacks')
    listed = set(re.findall(r'^  (\S+) ', run.stdout, re.M))
    for name in ('queue', 'videoconvert', 'videotestsrc', 'textoverlay', 'x264enc',
                 'rtph264pay', 'cairooverlay', 'yzfakeoverlay', 'yz-unknown-src', 'fakesink',
                 'appsink', 'playbin', 'tee'):
        expect(name in listed, f'finds {name}')
    for name in ('commentsrc', 'there', 'video', 'pay0', 'x-raw', 'Hello', 'make', 'factory'):
        expect(name not in listed, f'does not take {name!r} for an element')
    expect('with a name this check cannot read' in run.stderr,
           'fails on a factory name it cannot read')
    return ok


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('root')
    parser.add_argument('--source', action='append', default=[])
    parser.add_argument('--table', action='append', default=[])
    parser.add_argument('--self-test', metavar='FIXTURE')
    options = parser.parse_args()
    root = pathlib.Path(options.root).resolve()

    if options.self_test:
        sys.exit(0 if self_test(root, pathlib.Path(options.self_test), __file__) else 1)

    table = dict(PACKAGES)
    for entry in options.table:
        name, _, package = entry.partition('=')
        table[name] = package
    if options.source:
        sources = [pathlib.Path(s).resolve() for s in options.source]
    else:
        sources = sorted(p for d in ('src', 'tests') for p in (root / d).rglob('*.[ch]'))
        sources = [p for p in sources if 'tests/data' not in p.as_posix()]
    failures = check(root, sources, table)
    if failures:
        sys.exit(1)
    print('every element is there, and build-aux/yizhan-dev installs its package')


if __name__ == '__main__':
    main()
