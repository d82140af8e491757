"""End to end: hostile text that one login stored, viewed by another login in the installed
command on a real pseudo-terminal. The bytes the app writes must hold no escape sequence that
came from the text (terminal title, clipboard, clear screen) and no control character of it,
while the text itself is shown (neutralised)."""

from __future__ import annotations

import datetime as dt
import os
import re
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hostile import CORPUS
from support import pty_read_until, pty_spawn

pytestmark = pytest.mark.e2e
EXE = Path(sys.executable).with_name("stadstafel")
TODAY = "2027-01-04"


def session(command: list[str], env: dict, steps: list[tuple[bytes, bytes]]) -> bytes:
    """Run ``command`` on an 80x24 pseudo-terminal; for each (wait_for, keys) read until
    ``wait_for`` was written (30 s at most), then type ``keys``. Returns every byte written."""
    proc, master = pty_spawn(command, {**os.environ, "TERM": "xterm-256color", **env})
    seen = b""
    try:
        for marker, keys in steps:
            chunk = pty_read_until(master, marker)
            seen += chunk
            assert marker in chunk, seen[-3000:].decode("utf-8", "replace")
            os.write(master, keys)
        time.sleep(0.3)
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    finally:
        os.close(master)
    return seen


def test_hostile_names_reach_another_login_as_plain_text(tmp_path):
    from stadstafel import clock
    from stadstafel.config import load_config
    from stadstafel.store import with_functions
    from stadstafel.workspace import Workspace

    env = {
        "STADSTAFEL_TODAY": TODAY,
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "XDG_DATA_HOME": str(tmp_path / "data"),
        "XDG_STATE_HOME": str(tmp_path / "state"),
        "STADSTAFEL_CONFIG": "",
    }
    demo = tmp_path / "demo"
    done = subprocess.run(
        [str(EXE), "demo", "--create", str(demo)],
        env={**os.environ, **env},
        capture_output=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    # One login (a partner's secretary) stores the text through the services ...
    clock.freeze(dt.datetime(2027, 1, 4, 9, 0))
    try:
        config = load_config(demo / "stadstafel.toml", env={"HOME": str(tmp_path)})
        ws = Workspace.open(config, login="beheer")
        try:
            table = ws.tables.list()[0]
            for key in ("title", "clipboard", "clear", "bold", "click"):
                org = ws.organisations.create(name=f"{CORPUS[key]} org", kind="overig")
                ws.memberships.add(table.id, org.id)
                ws.actions.create(
                    table_id=table.id, text=f"{CORPUS[key]} actie", owner_org_id=org.id,
                    due="2027-01-02",
                )  # fmt: skip
        finally:
            ws.close()
    finally:
        clock.freeze(None)
    # ... and one name went around them, as an older version could have stored it.
    with with_functions(sqlite3.connect(demo / "stadstafel.db")) as conn:
        conn.execute(
            "UPDATE organisations SET name = ? WHERE name LIKE 'Wis%'",
            ["Oud\x1b]52;c;b3Bz\x07\x1b]0;oud\x07\x1b[2J"],
        )
    # Another login views the home screen and the partners list.
    seen = session(
        [str(EXE), "--config", str(demo / "stadstafel.toml")],
        env,
        [(b"Te late acties", b"p"), (b"[@click=app.screenshot(", b"\x11")],
    )
    text = seen.decode("utf-8", "replace")
    for raw in (b"\x1b]0;pwned", b"\x1b]52;c;aGk=", b"\x1b]52;c;b3Bz", b"\x1b]0;oud", b"pwned\x07"):
        assert raw not in seen, raw
    # The only operating-system commands are Textual's own (22: the mouse pointer's shape).
    assert set(re.findall(rb"\x1b\](\d+);", seen)) <= {b"22"}
    assert "\ufffd" in text  # a name with control characters is shown, neutralised
