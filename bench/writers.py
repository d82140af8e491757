"""20 writer processes adding and editing agenda items on one workspace for N seconds.

``bench.py`` runs them on a copy of the workspace it measures (the large one in a full run):
a save there maintains the indexes and the full-text index of 200,000 agenda items."""

from __future__ import annotations

import math
import multiprocessing as mp
import os
import random
import statistics
import time
from types import SimpleNamespace


def _config(path: str):
    return SimpleNamespace(
        database=path,
        users={},
        language="nl",
        theme="stadstafel",
        workspace_name="bench",
        service_accounts=[],
        source=None,
    )


def _writer(path: str, worker: int, seconds: float, table_id: int, meeting_id: int, queue):
    from stadstafel.errors import BusyError, ConflictError
    from stadstafel.workspace import Workspace

    ws = Workspace.open(_config(path), login=f"writer{worker}")
    rnd = random.Random(worker)
    created, edited, conflicts, lock_errors, latencies = [], 0, 0, 0, []
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        t0 = time.perf_counter()
        try:
            if created and rnd.random() < 0.4:
                item_id = rnd.choice(created)
                item = ws.agenda.get(item_id)
                ws.agenda.update(item.id, item.version, description=f"bewerkt door {worker}")
                edited += 1
            else:
                item = ws.agenda.submit(
                    table_id,
                    f"bench {worker}-{len(created)}",
                    meeting_id=meeting_id,
                    description="schrijftest",
                )
                created.append(item.id)
        except ConflictError:
            conflicts += 1
        except BusyError:
            lock_errors += 1
        latencies.append(time.perf_counter() - t0)
    ws.close()
    queue.put(
        {
            "worker": worker,
            "created": created,
            "edited": edited,
            "conflicts": conflicts,
            "lock_errors": lock_errors,
            "latencies": latencies,
        }
    )


def run_writers(path: str, *, writers: int = 20, seconds: float = 30.0) -> dict:
    from stadstafel.workspace import Workspace

    ws = Workspace.open(_config(path), login="bench")
    table = ws.tables.create(name=f"Schrijftest {time.time_ns()}", kind="werkgroep")
    meeting = ws.meetings.create(table_id=table.id, starts_at="2030-01-01 10:00")
    ws.close()
    ctx = mp.get_context("spawn")
    queue = ctx.Queue()
    procs = [
        ctx.Process(target=_writer, args=(path, w, seconds, table.id, meeting.id, queue))
        for w in range(writers)
    ]
    for p in procs:
        p.start()
    reports = [queue.get(timeout=seconds + 120) for _ in procs]
    for p in procs:
        p.join()
    ws = Workspace.open(_config(path), login="bench")
    stored = {r.id for r in ws.agenda.list(table_id=table.id).rows}
    ws.close()
    created = [i for r in reports for i in r["created"]]
    latencies = sorted(x for r in reports for x in r["latencies"])
    writes = len(created) + sum(r["edited"] for r in reports)
    return {
        "writers": writers,
        "seconds": seconds,
        "writes": writes,
        "writes_per_second": writes / seconds,
        "p50_ms": statistics.median(latencies) * 1000,
        "p99_ms": latencies[max(0, math.ceil(len(latencies) * 0.99) - 1)] * 1000,  # nearest rank
        "size_mib": os.path.getsize(path) / 2**20,
        "lost_writes": len(set(created) - stored),
        "lock_errors": sum(r["lock_errors"] for r in reports),
        "conflicts": sum(r["conflicts"] for r in reports),
    }
