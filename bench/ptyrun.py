"""Start a terminal program in a pseudo-terminal and time it from the outside.

``measure(cmd, marker)`` starts ``cmd`` on a fresh pty of 80×24, reads what it draws until the
bytes ``marker`` appear (the first frame that shows that text), then asks it to quit and
returns (seconds until the marker, peak RSS in MiB of the process).
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
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
    full_env = {**os.environ, "TERM": "xterm-256color", "COLORTERM": "truecolor", **(env or {})}
    t0 = time.perf_counter()
    proc = subprocess.Popen(
        cmd,
        stdin=slave,
        stdout=slave,
        stderr=slave,
        env=full_env,
        start_new_session=True,
        close_fds=True,
    )
    os.close(slave)
    seen = b""
    elapsed = None
    try:
        while time.perf_counter() - t0 < timeout:
            ready, _, _ = select.select([master], [], [], 0.02)
            if not ready:
                continue
            try:
                chunk = os.read(master, 1 << 16)
            except OSError:
                break
            if not chunk:
                break
            seen += chunk
            if marker in seen:
                elapsed = time.perf_counter() - t0
                break
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
