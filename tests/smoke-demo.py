#!/usr/bin/env python3
"""The real `yizhan --demo`, as a user starts it, on the test's display: it connects to its
built-in simulator, goes through the six sections with Ctrl+1..6 and the wall display with
Shift+F11 and Escape, keys pressed through XTEST (xdotool); it stays up, shows each section,
logs no CRITICAL and no WARNING of its own (yz-*, yizhan*), and Ctrl+Q ends it with status 0
and no simulator left behind.

  smoke-demo.py YIZHAN

The environment is the tests' (meson's test_env: in-memory settings, the build's schemas,
YIZHAN_SIM_PATH, YIZHAN_LOCALEDIR, the language); HOME and the XDG dirs are made here, and the
console gets a session bus of its own when dbus-run-session is installed.
"""
import os, queue, re, shutil, subprocess, sys, tempfile, threading, time

# Seconds spent in each section and on the wall display before going on.
DWELL = 3
SECTIONS = ['map', 'video', 'alarms', 'entries', 'supplies', 'statistics']
OWN_DOMAIN = re.compile(r'^(yz-|yizhan)')
# "(yizhan:123): Gtk-WARNING **: 10:00:00.000: text", "** (yizhan:1): WARNING **: …",
# "yz-session-CRITICAL **: …"
LEVEL = re.compile(r'^(?:\*\* )?(?:\((?P<prog>[^)]*)\): )?(?:(?P<domain>\S+)-)?'
                   r'(?P<level>WARNING|CRITICAL) \*\*: (?P<text>.*)$')


class Failure(Exception):
    pass


class Console:
    def __init__(self, argv, env):
        self.lines = []          # every line the console printed, in order
        self.cursor = 0          # lines before this one were looked at by wait_for()
        self.queue = queue.Queue()
        self.process = subprocess.Popen(argv, env=env, stdin=subprocess.DEVNULL,
                                        stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                        text=True, errors='replace', start_new_session=True)
        for stream in (self.process.stdout, self.process.stderr):
            threading.Thread(target=self._read, args=(stream,), daemon=True).start()

    def _read(self, stream):
        for line in stream:
            self.queue.put(line.rstrip('\n'))
        self.queue.put(None)

    def pump(self, seconds):
        """Take in what the console prints for this many seconds."""
        deadline = time.monotonic() + seconds
        while True:
            try:
                line = self.queue.get(timeout=max(0, deadline - time.monotonic()))
            except queue.Empty:
                return
            if line is not None:
                print('| ' + line, flush=True)
                self.lines.append(line)
            if time.monotonic() >= deadline:
                return

    def alive(self):
        return self.process.poll() is None

    def check_alive(self, what):
        if not self.alive():
            self.pump(0.5)
            raise Failure(f'the console exited (status {self.process.returncode}) {what}')

    def wait_for(self, pattern, timeout, what):
        regex = re.compile(pattern)
        deadline = time.monotonic() + timeout
        while True:
            while self.cursor < len(self.lines):
                line = self.lines[self.cursor]
                self.cursor += 1
                m = regex.search(line)
                if m:
                    return m
            self.check_alive(f'while waiting for {what}')
            if time.monotonic() > deadline:
                raise Failure(f'no {what} within {timeout} s')
            self.pump(0.2)

    def kill(self):
        if self.alive():
            os.killpg(self.process.pid, 9)
            self.process.wait()


def processes():
    """{pid: (name, parent pid, state)} of every process."""
    out = {}
    for entry in os.listdir('/proc'):
        if not entry.isdigit():
            continue
        try:
            stat = open(f'/proc/{entry}/stat').read()
        except OSError:
            continue
        name = stat[stat.index('(') + 1:stat.rindex(')')]
        fields = stat[stat.rindex(')') + 2:].split()
        out[int(entry)] = (name, int(fields[1]), fields[0])
    return out


def descendants(root, name):
    table = processes()
    found = []
    for pid, (pname, _, state) in table.items():
        p = pid
        while p in table and p != root and p > 1:
            p = table[p][1]
        if p == root and pid != root and pname == name and state != 'Z':
            found.append(pid)
    return found


def xdotool(*args, timeout=30):
    run = subprocess.run(['xdotool', *args], capture_output=True, text=True, timeout=timeout)
    if run.returncode != 0 and args[0] != 'search':
        raise Failure(f'xdotool {" ".join(args)} failed: {run.stderr.strip()}')
    return run.stdout.split()


def visible_windows(pid):
    return xdotool('search', '--onlyvisible', '--pid', str(pid))


def wait_windows(console, pid, count, timeout, what):
    deadline = time.monotonic() + timeout
    while True:
        windows = visible_windows(pid)
        if len(windows) == count:
            return windows
        console.check_alive(f'while waiting for {what}')
        if time.monotonic() > deadline:
            raise Failure(f'{what}: {len(windows)} visible windows after {timeout} s, not {count}')
        console.pump(0.2)


def key(window, keys):
    """Focus the window (no window manager needed) and press the keys through XTEST."""
    xdotool('windowfocus', '--sync', window)
    xdotool('key', '--clearmodifiers', keys)


def smoke(yizhan, tmp, state):
    env = dict(os.environ)
    for var, sub in (('HOME', 'home'), ('XDG_DATA_HOME', 'data'), ('XDG_CONFIG_HOME', 'config'),
                     ('XDG_CACHE_HOME', 'cache'), ('XDG_STATE_HOME', 'state'),
                     ('XDG_RUNTIME_DIR', 'runtime')):
        env[var] = os.path.join(tmp, sub)
        os.makedirs(env[var], mode=0o700)
    env['GSETTINGS_BACKEND'] = 'memory'
    env['G_MESSAGES_DEBUG'] = 'yz-window'
    if shutil.which('xdotool') is None:
        raise Failure('xdotool is missing: apt-get install xdotool')
    if 'DISPLAY' not in env:
        raise Failure('no DISPLAY: run under xvfb-run, as meson test does')
    for var in ('YIZHAN_SIM_PATH', 'YIZHAN_LOCALEDIR', 'GSETTINGS_SCHEMA_DIR'):
        if var not in env:
            raise Failure(f'{var} is not set: run it with meson test')

    argv = [yizhan, '--demo']
    if shutil.which('dbus-run-session'):
        argv = ['dbus-run-session', '--'] + argv   # its own bus: a console already open elsewhere is not asked
    print('running:', ' '.join(argv), 'in', os.environ.get('LANGUAGE', '(default language)'), flush=True)
    console = state['console'] = Console(argv, env)
    try:
        m = console.wait_for(r'Demo: simulator at (\S+)', 90, 'line "Demo: simulator at …"')
        print(f'== connected to the demo simulator at {m.group(1)}', flush=True)
        apps = descendants(console.process.pid, 'yizhan')
        sims = descendants(console.process.pid, 'yizhan-sim')
        if len(apps) != 1 or len(sims) != 1:
            raise Failure(f'expected one yizhan and one yizhan-sim process, found {apps} and {sims}')
        app, sim = apps[0], sims[0]

        window = wait_windows(console, app, 1, 30, 'the main window')[0]
        print(f'== window {window}', flush=True)
        for i in [1, 2, 3, 4, 5, 0]:
            key(window, f'ctrl+{i + 1}')
            console.wait_for(r'Showing section ' + SECTIONS[i] + r'\b', 30,
                             f'"Showing section {SECTIONS[i]}" after Ctrl+{i + 1}')
            print(f'== Ctrl+{i + 1}: {SECTIONS[i]} shown', flush=True)
            # Stay a while: what the section starts (streams, queries) has time to go wrong.
            console.pump(DWELL)
            console.check_alive(f'after Ctrl+{i + 1}')

        key(window, 'shift+F11')
        windows = wait_windows(console, app, 2, 30, 'the wall display after Shift+F11')
        wall = [w for w in windows if w != window][0]
        print(f'== Shift+F11: wall display {wall} open', flush=True)
        console.pump(DWELL)
        key(wall, 'Escape')
        wait_windows(console, app, 1, 30, 'the wall display to close after Escape')
        print('== Escape: wall display closed', flush=True)
        console.check_alive('after the wall display')

        # Let whatever the sections started settle, then leave.
        console.pump(2)
        console.check_alive('before Ctrl+Q')
        key(window, 'ctrl+q')
        try:
            status = console.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            raise Failure('still running 30 s after Ctrl+Q')
        console.pump(1)
        print(f'== Ctrl+Q: exited with status {status}', flush=True)
        problems = []
        if status != 0:
            problems.append(f'exit status {status}, not 0')
        table = processes()
        if sim in table and table[sim][0] == 'yizhan-sim' and table[sim][2] != 'Z':
            problems.append(f'the simulator (pid {sim}) is still running after the console exited')
            os.kill(sim, 15)
        else:
            print('== the simulator is gone', flush=True)
        return problems
    except BaseException:
        console.kill()
        console.pump(1)
        raise


def main():
    yizhan = os.path.abspath(sys.argv[1])
    tmp = tempfile.mkdtemp(prefix='yizhan-smoke-')
    state = {}
    problems = []
    try:
        problems = smoke(yizhan, tmp, state)
    except Failure as e:
        problems.append(str(e))
    except subprocess.TimeoutExpired as e:
        problems.append(f'timed out: {e}')
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

    console = state.get('console')
    if console is not None:
        seen = []
        for line in console.lines:
            m = LEVEL.match(line)
            if not m:
                continue
            seen.append(line)
            domain = m.group('domain') or ''
            if m.group('level') == 'CRITICAL':
                problems.append(f'a CRITICAL: {line}')
            elif OWN_DOMAIN.match(domain):
                problems.append(f'a WARNING of its own: {line}')
        print(f'{len(seen)} warnings and criticals logged' + (':' if seen else ''))
        for line in seen:
            print('  ' + line)
    if problems:
        print('FAILED:', *problems, sep='\n  ')
        sys.exit(1)
    print('the console stayed up through every section and the wall display, logged nothing '
          'of its own above a message, and quit cleanly')


if __name__ == '__main__':
    main()
