"""Continuous replication with Litestream, as docs/deploy.md configures it: replicate to a file
replica while stadstafel writes, restore, and find every committed write in the restored copy.

Litestream is not bundled (admins install the upstream binary); without a ``litestream`` on the
PATH this test is skipped with that reason, and nothing is downloaded at test time.
"""

from __future__ import annotations

import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from stadstafel.config import load_config
from stadstafel.workspace import Workspace

BIN = Path(sys.executable).parent / "stadstafel"
LITESTREAM = shutil.which("litestream")

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(LITESTREAM is None, reason="no litestream binary on the PATH"),
]


def test_replicate_while_writing_then_restore(tmp_path):
    workspace = tmp_path / "leiden"
    subprocess.run([str(BIN), "demo", "--create", str(workspace)], check=True, capture_output=True)
    db = workspace / "stadstafel.db"
    replica = tmp_path / "replica"
    config = tmp_path / "litestream.yml"
    config.write_text(
        f"dbs:\n  - path: {db}\n    replica:\n      type: file\n      path: {replica}\n"
        "      sync-interval: 200ms\n"
    )
    daemon = subprocess.Popen(
        [LITESTREAM, "replicate", "-config", str(config)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        time.sleep(1.5)  # the first snapshot
        ws = Workspace.open(load_config(str(workspace / "stadstafel.toml")), login="beheer")
        try:
            for i in range(25):
                ws.organisations.create(name=f"Gerepliceerd {i}", kind="overig")
        finally:
            ws.close()
        time.sleep(2.0)  # a few sync intervals
    finally:
        daemon.send_signal(signal.SIGTERM)
        output = daemon.communicate(timeout=30)[0].decode(errors="replace")
    restored = tmp_path / "restored.db"
    result = subprocess.run(
        [LITESTREAM, "restore", "-config", str(config), "-o", str(restored), str(db)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr + output
    conn = sqlite3.connect(restored)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        names = {r[0] for r in conn.execute("SELECT name FROM organisations")}
    finally:
        conn.close()
    assert {f"Gerepliceerd {i}" for i in range(25)} <= names
