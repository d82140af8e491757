"""The omgevingswet module's part of ``bench/run``: its lists and their filters on the
workspace, as the screens call them (a page of 50), in-process.

Each figure is the median and p99 of the service call one key causes (the flags are computed
in the database for the page, the flagged filter runs in SQL), against the key budget of
DESIGN.md (16 ms median, 50 ms p99). Opening a trajectory reads it with its five parts.
``rows(workspace, rounds)`` is what the runner and the test call.
"""

from __future__ import annotations

import statistics
import time
from typing import Any

SERVICE = "omgevingswet.trajectories"
PAGE = 50


def _timed(fn: Any, rounds: int) -> tuple[float, float]:
    times = []
    for _ in range(rounds):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1000)
    times.sort()
    return statistics.median(times), times[min(len(times) - 1, int(len(times) * 0.99))]


def rows(ws: Any, rounds: int = 21) -> list[tuple[str, str, str, str, str]]:
    """(figure, "median / p99" in ms, "", trajectories, budget) for each call."""
    service = ws.service(SERVICE)
    total = service.scalar(f"SELECT count(*) FROM {service.table}")
    first = service.list(limit=1).rows
    tid = first[0].id if first else 0
    table_id = first[0].table_id if first else 0
    words = iter(["S", "St", "Sta", "Stat", "Stati", "Statio", "Station"] * rounds)

    def open_one() -> None:
        service.detail(tid)
        for name in ("kennisgevingen", "plans", "verslagen"):
            ws.service(f"omgevingswet.{name}").one(tid)
        for name in ("activities", "afwegingen"):
            ws.service(f"omgevingswet.{name}").of(tid)

    calls = [
        ("list, first page", lambda: service.list(limit=PAGE)),
        ("list, page 10", lambda: service.list(offset=9 * PAGE, limit=PAGE)),
        ("flagged only (!)", lambda: service.list(flagged=True, limit=PAGE)),
        ("flagged, phase ontwerp", lambda: service.list(flagged=True, phase="ontwerp", limit=PAGE)),
        ("title filter, per key", lambda: service.list(filter=next(words), limit=PAGE)),
        ("one table's tab", lambda: service.list(table_id=table_id)),
        ("open a trajectory", open_one),
    ]
    out = []
    for label, fn in calls:
        median, p99 = _timed(fn, rounds)
        out.append(
            (
                f"omgevingswet: {label}, median / p99 (ms)",
                f"{median:.1f} / {p99:.1f}",
                "",
                f"{total} trajecten",
                "≤ 16 / ≤ 50",
            )
        )
    return out


def run(config: Any, quick: bool) -> list[tuple[str, str, str, str, str]]:
    """The runner's entry: the workspace of ``config`` opened as the command opens it."""
    from stadstafel.start import Context

    ws = Context(str(config), None, False).workspace()
    try:
        return rows(ws, 5 if quick else 51)
    finally:
        ws.close()
