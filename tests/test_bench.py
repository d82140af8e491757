"""The benchmark's own parts: the generator is deterministic, ``bench/run --quick`` runs.

No assertion here is about a duration: the figures are for docs/benchmarks.md, not for tests.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

from stadstafel import clock
from stadstafel.demo.generate import SIZES, generate
from stadstafel.workspace import Workspace

ROOT = Path(__file__).resolve().parent.parent
TABLES = ["organisations", "people", "tables", "meetings", "agenda_items", "actions"]

FIGURES = [
    "start, small demo (s)",
    "peak RSS, small demo (MiB)",
    "pty search screen, key→shown median",
    "pty search screen, key→shown p99",
    "pty search screen, last key→results median",
    "pty search screen, a word at once→shown median",
    "pty filter partners, key→shown median",
    "pty first opening of a section, key→shown median",
    "pty open a table (Tables → Enter), key→complete frame median",
    "pty open a partner (Partners → Enter), key→complete frame median",
    "pty meetings' table picker (f), key→complete frame median",
    "pty palette, a word→its results median",
    "pty Escape back to the list, key→shown median",
    "pty first opening of each of the above in the process, key→complete frame median",
    "RSS right after the last section's key (MiB)",
    "RSS after opening every section and",
    "min of use",
    "pty first opening of a section, every section, key→shown median",
    "pty first opening of a section, no pause, key→shown median",
    "pty first openings, after 2 s on home, 1 s a section, key→shown median / p99 / max",
    "pty first openings, the same, database out of the file cache",
    "pty first openings, no pause, database out of the file cache",
    "switch→shown median / p99",
    "filter partners, key→shown median",
    "filter partners, key→shown p99",
    "filter partners, key→settled median",
    "filter partners, Pilot round trip median",
    "filter agenda items, key→shown median",
    "filter agenda items, key→shown p99",
    "filter agenda items, key→settled median",
    "filter agenda items, Pilot round trip median",
    "switch screens, key→shown median",
    "switch screens, key→shown p99",
    "switch screens, key→settled median",
    "cli actions list --all, table, small (s)",
    "cli actions list --all, csv, small (s)",
    "cli actions list --all, json, small (s)",
    "cli meetings list, table, small (s)",
    "cli actions list --all, table, small, peak RSS (MiB)",
    "cli actions list --all, csv, small, peak RSS (MiB)",
    "cli actions list --all, json, small, peak RSS (MiB)",
    "cli meetings list, table, small, peak RSS (MiB)",
    "writers: writes/s",
    "writers: p99 write (ms)",
    "lost writes",
    "lock errors shown",
    "backup, one step, 2 writers (s)",
    "backup, VACUUM INTO, 2 writers (s)",
    "collaborations list, first page (ms)",
    "browser: serve → home (s)",
    "browser: new session → home (s)",
    "collaborations filter, key→shown (ms)",
]


def _generated() -> tuple[dict, dict, str]:
    """(what generate() reported, the row counts, a checksum of names and titles)."""
    config = SimpleNamespace(database=":memory:", users={}, language="nl", workspace_name="b")
    ws = Workspace.open(config, login="system")
    try:
        ws.actor.global_role = "beheerder"
        reported = generate(ws, size="tiny")
        counts = {t: ws.store.scalar(f"SELECT count(*) FROM {t}") for t in TABLES}
        digest = hashlib.sha256()
        for sql in (
            "SELECT id, name, kind FROM organisations ORDER BY id",
            "SELECT id, title, meeting_id, status FROM agenda_items ORDER BY id",
            "SELECT id, starts_at, table_id FROM meetings ORDER BY id",
        ):
            for row in ws.store.conn.execute(sql):
                digest.update(repr(row).encode())
        return reported, counts, digest.hexdigest()
    finally:
        ws.close()


def test_generator_counts_and_determinism():
    clock.freeze(dt.datetime(2027, 1, 4, 9, 0))
    try:
        first = _generated()
        second = _generated()
    finally:
        clock.freeze(None)
    reported, counts, _ = first
    expected = SIZES["tiny"]
    for table in TABLES:
        assert counts[table] == expected[table], table
        assert reported.get(table, counts[table]) == counts[table], table
    assert first == second  # same seed, same clock: the same rows, in the same order


def test_bench_run_quick_prints_every_figure(tmp_path):
    """The quick run (small demo, a few rounds) end to end; only that it prints each figure."""
    if shutil.which("uv"):
        command = [str(ROOT / "bench" / "run"), "--quick", "--work", str(tmp_path)]
    else:  # pragma: no cover - uv runs the tests here
        command = [sys.executable, str(ROOT / "bench" / "bench.py"), "--quick"]
        command += ["--work", str(tmp_path)]
    done = subprocess.run(
        command,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=900,
        env={**os.environ, "PYTHONUTF8": "1"},
    )
    assert done.returncode == 0, done.stderr[-3000:]
    for figure in FIGURES:
        assert figure in done.stdout, f"{figure!r} missing in:\n{done.stdout}"
    assert "minimal app" in done.stdout
    assert "load" in done.stdout.splitlines()[0]  # the load average beside every figure
    assert "start, small demo: ratio of one pair between" in done.stdout  # the spread too


def test_memory_probe_reads_arenas_heaps_and_nodes(tmp_path, monkeypatch):
    """``bench/memhook.py``'s probe writes one reading a call, with the interpreter's arenas,
    the C heaps (glibc) and the live DOM nodes it reads inside the process."""
    sys.path.insert(0, str(ROOT / "bench"))
    try:
        import memhook
    finally:
        sys.path.remove(str(ROOT / "bench"))
    from textual.widgets import Static

    out = tmp_path / "probe.jsonl"
    monkeypatch.setattr(memhook, "OUT", str(out))
    (tmp_path / "probe.jsonl.mark").write_text("here", encoding="utf-8")
    kept = Static("alive")  # a DOM node made after any freeze: counted
    memhook.probe()
    memhook.probe()
    lines = out.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 2
    import json

    reading = json.loads(lines[-1])
    assert reading["mark"] == "here"
    assert reading["VmRSS"] > 10 and reading["RssAnon"] > 0
    assert reading["arenas"] > 0 and reading["arena_live_bytes"] > 1_000_000
    assert reading["arena_free_bytes"] >= 0
    if sys.platform.startswith("linux") and os.path.exists("/lib/x86_64-linux-gnu/libc.so.6"):
        assert reading["heaps"]["0"]["mapped_kib"] > 0  # glibc's main heap
    assert reading["dom_nodes"].get("Static", 0) >= 1
    del kept
