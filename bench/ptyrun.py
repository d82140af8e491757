"""Start a terminal program in a pseudo-terminal and time it from the outside.

``spawn(cmd, env)`` starts ``cmd`` on a new pty and ``read_until(master, marker, timeout)``
reads what it writes: the one way the benchmark and the tests that
drive a real terminal do it (``tests/support.py`` loads this file). ``measure(cmd, marker)``
starts ``cmd`` on a fresh pty of 80×24, reads what it draws until the bytes ``marker`` appear
(the first frame that shows that text), then asks it to quit and returns (seconds until the
marker, peak RSS in MiB of the process).
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import select
import signal
import struct
import subprocess
import termios
import time


def spawn(
    cmd: list[str], env: dict | None = None, *, cols: int = 80, rows: int = 24
) -> tuple[subprocess.Popen, int]:
    """Start ``cmd`` on a new pseudo-terminal of ``cols``×``rows``, in a session of its own,
    with the environment ``env`` (None: this one's); return the process and the terminal's
    master end, which the caller reads, writes and closes."""
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
    try:
        proc = subprocess.Popen(
            cmd,
            stdin=slave,
            stdout=slave,
            stderr=slave,
            env=env,
            start_new_session=True,
            close_fds=True,
        )
    finally:
        os.close(slave)
    return proc, master


def read_until(master: int, marker: bytes, timeout: float) -> bytes:
    """What the program on ``master`` writes until ``marker`` is in it, it ends, or
    ``timeout`` seconds passed (whether the marker came: ``marker in`` the result)."""
    seen = b""
    deadline = time.perf_counter() + timeout
    while marker not in seen and time.perf_counter() < deadline:
        ready, _, _ = select.select([master], [], [], 0.02)
        if not ready:
            continue
        try:
            chunk = os.read(master, 1 << 16)
        except OSError:  # the program ended
            break
        if not chunk:
            break
        seen += chunk
    return seen


def measure(
    cmd: list[str],
    marker: bytes,
    *,
    env: dict | None = None,
    cols: int = 80,
    rows: int = 24,
    timeout: float = 60.0,
    quit_keys: bytes = b"\x11",
) -> tuple[float, float]:
    full_env = {**os.environ, "TERM": "xterm-256color", "COLORTERM": "truecolor", **(env or {})}
    t0 = time.perf_counter()
    proc, master = spawn(cmd, full_env, cols=cols, rows=rows)
    try:
        seen = read_until(master, marker, timeout)
        elapsed = time.perf_counter() - t0 if marker in seen else None
        if elapsed is None:
            tail = seen[-2000:].decode("utf-8", "replace")
            raise RuntimeError(f"{cmd[0]}: never showed {marker!r} within {timeout} s: {tail!r}")
        time.sleep(0.3)  # let it settle before asking it to stop
        os.write(master, quit_keys)
        deadline = time.perf_counter() + 10
        while time.perf_counter() < deadline:
            pid, _status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            ready, _, _ = select.select([master], [], [], 0.05)
            if ready:
                with contextlib.suppress(OSError):
                    os.read(master, 1 << 16)
        else:
            os.killpg(proc.pid, signal.SIGKILL)
            pid, _status, usage = os.wait4(proc.pid, 0)
        return elapsed, usage.ru_maxrss / 1024
    finally:
        os.close(master)
        if proc.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
