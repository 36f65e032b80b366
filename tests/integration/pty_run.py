#!/usr/bin/env python3
"""pty_run.py STEP... -- CMD...: run CMD on a pseudo-terminal, as a person at a
terminal would: each STEP is "send:TEXT" (typed; \\r, \\t, \\x7f escapes),
"wait:TEXT" (until the output holds TEXT, at most $PTY_RUN_TIMEOUT s, default 15)
or "sleep:S".
Prints everything CMD wrote; exits 3 when a wait timed out, else 0."""
import os, pty, sys, time, select
args = sys.argv[1:]
i = args.index('--')
script, cmd = args[:i], args[i+1:]
pid, fd = pty.fork()
if pid == 0:
    os.execvp(cmd[0], cmd)
buf = b''
def read_until(text, timeout):
    global buf
    end = time.time() + timeout
    while text.encode() not in buf:
        r, _, _ = select.select([fd], [], [], max(0, end - time.time()))
        if not r:
            return False
        try:
            data = os.read(fd, 4096)
        except OSError:
            return False
        if not data:
            return False
        buf += data
    return True
ok = True
for step in script:
    kind, _, arg = step.partition(':')
    if kind == 'send':
        os.write(fd, arg.encode().decode('unicode_escape').encode())
    elif kind == 'wait':
        if not read_until(arg, float(os.environ.get('PTY_RUN_TIMEOUT', '15'))):
            ok = False
            break
    elif kind == 'sleep':
        time.sleep(float(arg))
# the rest of the output, until CMD ends (at most 10 s more)
end = time.time() + 10
while time.time() < end:
    r, _, _ = select.select([fd], [], [], max(0, end - time.time()))
    try:
        data = os.read(fd, 4096) if r else b''
    except OSError:
        data = b''
    if not data:
        break
    buf += data
sys.stdout.write(buf.decode(errors='replace'))
if os.waitpid(pid, os.WNOHANG) == (0, 0):
    os.kill(pid, 15)
    os.waitpid(pid, 0)
sys.exit(0 if ok else 3)
