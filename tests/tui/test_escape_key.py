"""Escape on a real pseudo-terminal, read by ``QuickEscapeApp``'s driver.

A small app built on ``QuickEscapeApp`` runs in a subprocess on a pty and writes every key,
paste and mouse press it receives to a file. A lone ESC must arrive as Escape (the driver
hands it on after a short grace instead of Textual's 100-200 ms), and escape sequences that
start with the same byte (an arrow, a function key, Escape followed at once by an arrow, a
bracketed paste, a mouse report) must still arrive as the one event each stands for, with no
stray keys from a sequence broken apart. No timing is asserted: only what arrives, in order.
"""

from __future__ import annotations

import contextlib
import os
import select
import signal
import sys
import time
from pathlib import Path

import pytest
from support import pty_spawn

from stadstafel.tui.app import StadstafelApp
from stadstafel.tui.textual_private import SUPPORTED, QuickEscapeApp, escape_grace

APP = """
import sys
from stadstafel.tui.textual_private import QuickEscapeApp

class Keys(QuickEscapeApp):
    def on_mount(self):
        self.out = open(sys.argv[1], "a", buffering=1)
        self.out.write("ready " + self.driver_class.__name__ + "\\n")
    def on_key(self, event):
        self.out.write("key " + event.key + "\\n")
    def on_paste(self, event):
        self.out.write("paste " + event.text + "\\n")
    def on_mouse_down(self, event):
        self.out.write(f"mouse {event.screen_x} {event.screen_y}\\n")

Keys().run()
"""


class Session:
    def __init__(self, tmp: Path, env: dict[str, str]):
        script = tmp / "keys_app.py"
        script.write_text(APP, encoding="utf-8")
        self.log = tmp / "keys.log"
        full = {**os.environ, "TERM": "xterm-256color", **env}
        full.pop("ESCDELAY", None)
        full.pop("TEXTUAL_DRIVER", None)
        for name in ("SSH_CONNECTION", "SSH_TTY"):
            full.pop(name, None)
        full.update(env)
        self.proc, self.master = pty_spawn([sys.executable, str(script), str(self.log)], full)

    def lines(self) -> list[str]:
        return self.log.read_text(encoding="utf-8").splitlines() if self.log.exists() else []

    def until(self, count: int, timeout: float = 20.0) -> list[str]:
        """Drain the terminal until the log has ``count`` lines; those lines."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            ready, _, _ = select.select([self.master], [], [], 0.02)
            if ready:
                with contextlib.suppress(OSError):
                    os.read(self.master, 1 << 16)
            if len(self.lines()) >= count:
                time.sleep(0.3)  # anything stray after it arrives too
                while select.select([self.master], [], [], 0.05)[0]:
                    with contextlib.suppress(OSError):
                        os.read(self.master, 1 << 16)
                return self.lines()
        return self.lines()

    def close(self) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.proc.pid, signal.SIGKILL)
        self.proc.wait()
        os.close(self.master)


@pytest.mark.skipif(os.name != "posix", reason="a pseudo-terminal")
@pytest.mark.parametrize("env", [{}, {"SSH_CONNECTION": "10.0.0.1 1 10.0.0.2 22"}])
def test_escape_arrives_and_sequences_still_parse(tmp_path, env):
    session = Session(tmp_path, env)
    try:
        lines = session.until(1)
        assert lines and lines[0].startswith("ready "), lines
        if SUPPORTED:
            assert lines[0] == "ready QuickEscapeDriver"
        steps = [
            (b"\x1b", ["key escape"]),  # a lone ESC: Escape, handed on after the grace
            (b"\x1b[A", ["key up"]),  # an arrow
            (b"\x1bOP", ["key f1"]),  # a function key
            (b"\x1b\x1b[B", ["key escape", "key down"]),  # Escape, then at once an arrow
            (b"\x1b[200~hallo wereld\x1b[201~", ["paste hallo wereld"]),  # bracketed paste
            (b"\x1b[<0;5;3M\x1b[<0;5;3m", ["mouse 4 2"]),  # SGR mouse press and release
            (b"x", ["key x"]),  # a plain key after them: nothing left pending
            (b"\x1b", ["key escape"]),  # and Escape again
        ]
        expected = [lines[0]]
        for data, events in steps:
            os.write(session.master, data)
            expected += events
            got = session.until(len(expected))
            assert got == expected, (data, got)
    finally:
        session.close()


def test_grace_is_short_locally_and_textuals_over_ssh_or_when_set(monkeypatch):
    for name in ("ESCDELAY", "SSH_CONNECTION", "SSH_TTY"):
        monkeypatch.delenv(name, raising=False)
    assert escape_grace() <= 0.003
    monkeypatch.setenv("SSH_CONNECTION", "10.0.0.1 1 10.0.0.2 22")
    assert escape_grace() == 0.1
    monkeypatch.delenv("SSH_CONNECTION")
    monkeypatch.setenv("ESCDELAY", "25")
    from textual import constants

    assert escape_grace() == constants.ESCAPE_DELAY


def test_the_app_reads_its_terminal_with_the_quick_escape_driver(monkeypatch):
    assert issubclass(StadstafelApp, QuickEscapeApp)
    from textual import constants

    monkeypatch.setattr(constants, "DRIVER", None)
    chosen = QuickEscapeApp.get_driver_class(QuickEscapeApp.__new__(QuickEscapeApp))
    assert chosen.__name__ == ("QuickEscapeDriver" if SUPPORTED else "LinuxDriver")
    # a driver named in TEXTUAL_DRIVER is left as it is
    monkeypatch.setattr(constants, "DRIVER", "textual.drivers.linux_driver:LinuxDriver")
    chosen = QuickEscapeApp.get_driver_class(QuickEscapeApp.__new__(QuickEscapeApp))
    assert chosen.__name__ == "LinuxDriver"
