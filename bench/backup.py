"""A backup in the middle of N writer processes, beside the same backup with nobody writing.

    uv run python bench/backup.py DATABASE [--writers 4] [--seconds 8]
    bench/run --parts backup          # the same on the benchmark's workspace

Three ways of copying the database, each timed idle and then under load (the writers of
``writers.py`` adding and editing agenda items; the backup starts a third of the way into
their run):

- ``one step`` — what ``stadstafel backup`` does: ``sqlite3_backup_step(-1)``, every page in
  one read snapshot (``stadstafel.backup.copy_database``);
- ``VACUUM INTO`` — a rebuilt, compacted copy, also in one read snapshot;
- ``steps of 256`` — the old way (256 pages a step, 5 ms apart): SQLite restarts such a copy
  whenever another connection commits between two steps, so under writers it ends only when
  they stop.

The machine's load average is printed beside the figures. No figure here is a test.
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import os
import shutil
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from writers import _config, _writer  # noqa: E402

METHODS = ("one step", "VACUUM INTO", "steps of 256")


def _copy(source: Path, dest: Path, method: str) -> float:
    """Copy ``source`` to ``dest`` with ``method``; the seconds it took."""
    from stadstafel.backup import copy_database

    for suffix in ("", "-journal"):
        Path(f"{dest}{suffix}").unlink(missing_ok=True)
    conn = sqlite3.connect(str(source), isolation_level=None)
    conn.execute("PRAGMA busy_timeout = 5000")
    try:
        t0 = time.perf_counter()
        if method == "one step":
            copy_database(conn, dest)
        elif method == "VACUUM INTO":
            copy_database(conn, dest, method="vacuum")
        else:
            target = sqlite3.connect(str(dest))
            try:
                conn.backup(target, pages=256, sleep=0.005)
            finally:
                target.close()
        return time.perf_counter() - t0
    finally:
        conn.close()


def _valid(path: Path) -> bool:
    conn = sqlite3.connect(str(path))
    try:
        return conn.execute("PRAGMA quick_check").fetchone()[0] == "ok"
    finally:
        conn.close()


def run_backup(database: str | Path, *, writers: int = 4, seconds: float = 8.0) -> list[dict]:
    """For each method: the backup's time idle and under ``writers`` writer processes."""
    from stadstafel.workspace import Workspace

    source = Path(database)
    work = Path(tempfile.mkdtemp(prefix="stadstafel-backup-bench-"))
    try:
        ws = Workspace.open(_config(str(source)), login="bench")
        table = ws.tables.create(name=f"Backuptest {time.time_ns()}", kind="werkgroep")
        meeting = ws.meetings.create(table_id=table.id, starts_at="2030-01-01 10:00")
        ws.close()
        size_mib = source.stat().st_size / 2**20
        results = []
        ctx = mp.get_context("spawn")
        for method in METHODS:
            idle = _copy(source, work / "idle.db", method)
            queue = ctx.Queue()
            procs = [
                ctx.Process(
                    target=_writer, args=(str(source), w, seconds, table.id, meeting.id, queue)
                )
                for w in range(writers)
            ]
            for p in procs:
                p.start()
            writers_end = time.monotonic() + seconds
            time.sleep(seconds / 3)  # the writers have started and are writing
            load = os.getloadavg()[0]
            started = time.monotonic()
            under_load = _copy(source, work / "load.db", method)
            finished_while_writing = time.monotonic() < writers_end
            reports = [queue.get(timeout=seconds + 120) for _ in procs]
            for p in procs:
                p.join()
            results.append(
                {
                    "method": method,
                    "idle_s": idle,
                    "load_s": under_load,
                    "finished_while_writing": finished_while_writing,
                    "started_after_s": started - (writers_end - seconds),
                    "writes": sum(len(r["created"]) + r["edited"] for r in reports),
                    "valid": _valid(work / "load.db"),
                    "load_avg": load,
                    "size_mib": size_mib,
                    "writers": writers,
                    "seconds": seconds,
                }
            )
        return results
    finally:
        shutil.rmtree(work, ignore_errors=True)


def rows(results: list[dict]) -> list[tuple[str, str, str, str, str]]:
    """Rows for bench.py's table: figure, under writers, idle, ratio, budget."""
    out = []
    for r in results:
        note = "" if r["finished_while_writing"] else " (ended after the writers)"
        out.append(
            (
                f"backup, {r['method']}, {r['writers']} writers (s)",
                f"{r['load_s']:.2f}{note}",
                f"{r['idle_s']:.2f}",
                f"load {r['load_avg']:.1f}",
                "completes" if r["method"] == "one step" else "",
            )
        )
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("database", help="a workspace database (a copy is not made: it is written)")
    parser.add_argument("--writers", type=int, default=4)
    parser.add_argument("--seconds", type=float, default=8.0)
    args = parser.parse_args()
    results = run_backup(args.database, writers=args.writers, seconds=args.seconds)
    first = results[0]
    print(
        f"database {first['size_mib']:.0f} MiB, {first['writers']} writers for"
        f" {first['seconds']:.0f} s, backup after {first['started_after_s']:.1f} s"
    )
    header = ("method", "under writers (s)", "idle (s)", "load avg", "writes", "copy valid")
    table = [
        (
            r["method"],
            f"{r['load_s']:.2f}" + ("" if r["finished_while_writing"] else " (after the writers)"),
            f"{r['idle_s']:.2f}",
            f"{r['load_avg']:.1f}",
            str(r["writes"]),
            "yes" if r["valid"] else "NO",
        )
        for r in results
    ]
    widths = [max(len(row[i]) for row in [header, *table]) for i in range(len(header))]
    for row in [header, tuple("-" * w for w in widths), *table]:
        print("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip())


if __name__ == "__main__":
    main()
