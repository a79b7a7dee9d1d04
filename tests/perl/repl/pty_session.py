#!/usr/bin/env python3
"""trellis-perl on a pseudo-terminal (no arguments): the REPL starts by itself, shows its prompts, keeps `my`
variables between inputs, continues an incomplete input on the next line, survives an error, recalls the
previous input with the up arrow (libedit history) and ends at Ctrl-D. Usage: pty_session.py TRELLIS_PERL"""
import os
import pty
import select
import shutil
import sys
import tempfile
import time


def read_until(fd, needle, timeout=20.0):
    out = b""
    end = time.time() + timeout
    while needle not in out:
        left = end - time.time()
        if left <= 0:
            raise SystemExit("timed out waiting for %r; got %r" % (needle, out))
        r, _, _ = select.select([fd], [], [], left)
        if r:
            try:
                chunk = os.read(fd, 4096)
            except OSError:
                break
            if not chunk:
                break
            out += chunk
    return out


def main():
    exe = sys.argv[1]
    home = tempfile.mkdtemp(prefix="trellis_pty_")  # a history file of its own: runs may overlap
    env = dict(os.environ, HOME=home, TERM="dumb")
    pid, fd = pty.fork()
    if pid == 0:
        os.execve(exe, [exe], env)
    transcript = read_until(fd, b"perl> ")
    steps = [
        (b"my $y = 6;\r", b"perl> "),
        (b"$y * 7\r", b"perl> "),
        (b"\x1b[A\r", b"perl> "),          # up arrow: "$y * 7" again
        (b"my @l = (1,\r", b"  ... "),     # incomplete: continued
        (b"2, 3); scalar @l\r", b"perl> "),
        (b"die \"bad\\n\"\r", b"perl> "),
        (b"\"alive\"\r", b"perl> "),
    ]
    for send, wait in steps:
        os.write(fd, send)
        transcript += read_until(fd, wait)
    os.write(fd, b"\x04")  # Ctrl-D
    try:
        while True:
            r, _, _ = select.select([fd], [], [], 5)
            if not r:
                break
            chunk = os.read(fd, 4096)
            if not chunk:
                break
            transcript += chunk
    except OSError:
        pass
    # Ctrl-D ends the session; under load it can land while the terminal is between modes, so it is sent again
    # every 2 s, and a REPL still running after 30 s is killed and the test fails (never a hang)
    status, deadline, resend = None, time.time() + 30, time.time() + 2
    while status is None:
        done, st = os.waitpid(pid, os.WNOHANG)
        if done:
            status = st
        elif time.time() > deadline:
            os.kill(pid, 9)
            _, st = os.waitpid(pid, 0)
            status = st
            transcript += b"\n[the REPL did not exit within 30 s of Ctrl-D: killed]\n"
        else:
            if time.time() > resend:
                try:
                    os.write(fd, b"\x15\x04")  # (Ctrl-U first: an empty line)
                except OSError:
                    pass
                resend = time.time() + 2
            time.sleep(0.05)
    shutil.rmtree(home, ignore_errors=True)
    text = transcript.decode("utf-8", "replace").replace("\r", "")
    lines = [l.strip() for l in text.split("\n")]
    checks = [
        ("banner", any("REPL" in l for l in lines)),
        ("42 printed twice (the second from history)", sum(1 for l in lines if l.endswith("42")) >= 2),
        ("continued input gave 3", any(l == "3" or l.endswith(" 3") for l in lines)),
        ("die reported", any("bad" in l for l in lines)),
        ("session went on", any(l.endswith("alive") for l in lines)),
        ("exit status 0", os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0),
    ]
    failed = [name for name, ok in checks if not ok]
    for name, ok in checks:
        print(("ok   " if ok else "FAIL ") + name)
    if failed:
        print("transcript:\n" + text)
        sys.exit(1)


main()
