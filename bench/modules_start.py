"""What the domain modules cost a start, in CPU and counts rather than wall-clock time.

    uv run python bench/modules_start.py CONFIG [--rounds 7]

Starts the terminal UI headless as ``bench/first_frame.py`` does (garbage collection off, as
the CLI starts it), ``--rounds`` times in fresh interpreters, each with every installed module
and with none (``STADSTAFEL_LOAD_PLUGINS=""``, on a copy of the workspace so that the schema
stamp of neither start is disturbed), alternated. Prints the medians of main-thread CPU to
the home screen's first frame (``time.thread_time``), CPU of all threads, the plugin host's
load, and the counts of modules imported and SQL statements run before the first frame. Then
each module's ``dashboard_cards`` on its own (CPU, statements), as the home screen reads them.
Every figure is printed with the 1-minute load beside it.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

CHILD = """
import gc, json, sqlite3, sys, threading, time
T0, P0 = time.thread_time(), time.process_time()
statements = []
_connect = sqlite3.connect
def connect(*args, **kwargs):
    conn = _connect(*args, **kwargs)
    conn.set_trace_callback(statements.append)
    return conn
sqlite3.connect = connect
gc.disable()
from stadstafel.start import Context, ReadAhead
ctx = Context(sys.argv[1], None, False)
ctx.config
t = time.thread_time()
host = ctx.host
host_ms = (time.thread_time() - t) * 1000
ahead = ReadAhead(ctx.workspace)
from stadstafel.tui.app import StadstafelApp
host.themes()
ws = ahead.workspace()
out = {"host_ms": host_ms}
app = StadstafelApp(ws, host=host, read_ahead=ahead)
def first_frame():
    out["thread_ms"] = (time.thread_time() - T0) * 1000
    out["process_ms"] = (time.process_time() - P0) * 1000
    out["statements"] = len(statements)
    out["modules"] = len(sys.modules)
    out["module_parts"] = sorted(m for m in sys.modules if m.startswith("stadstafel_"))
    app.exit()
app.call_after_refresh(first_frame)
app.run(headless=True, size=(80, 24))
if len(sys.argv) > 2:  # each module's cards on their own, warm, three times
    out["cards"] = {}
    for name, impl in [(i.plugin_name, i) for i in host._impls("dashboard_cards")]:
        runs = []
        for _ in range(3):
            n, t = len(statements), time.thread_time()
            impl.function(ws)
            runs.append(((time.thread_time() - t) * 1000, len(statements) - n))
        out["cards"][name] = min(runs)
ws.close()
print(json.dumps(out))
"""


def start(config: Path, env: dict, cards: bool = False) -> dict:
    args = [sys.executable, "-c", CHILD, str(config)] + (["cards"] if cards else [])
    done = subprocess.run(args, capture_output=True, text=True, env=env, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("config", type=Path)
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args()
    config = args.config.resolve()
    with tempfile.TemporaryDirectory() as tmp:
        bare = Path(tmp) / "ws"
        shutil.copytree(config.parent, bare)
        sides = {
            "every module": (config, dict(os.environ)),
            "no module": (bare / config.name, {**os.environ, "STADSTAFEL_LOAD_PLUGINS": ""}),
        }
        for path, env in sides.values():
            env.pop("STADSTAFEL_TRACE_PLUGINS", None)
            start(path, env)  # untimed: page cache, schema stamp
        runs: dict[str, list[dict]] = {name: [] for name in sides}
        loads = []
        for _ in range(args.rounds):
            for name, (path, env) in sides.items():
                runs[name].append(start(path, env))
            loads.append(os.getloadavg()[0])
        cards = start(config, sides["every module"][1], cards=True)["cards"]
    load = f"{min(loads):.2f}-{max(loads):.2f}"
    print(f"{config}, {args.rounds} starts each, alternated; 1-min load {load}")
    for name, rows in runs.items():

        def median(key: str, rows: list[dict] = rows) -> float:
            return statistics.median(r[key] for r in rows)

        parts = rows[-1]["module_parts"]
        print(
            f"  {name:13s} main-thread CPU {median('thread_ms'):6.1f} ms, all threads"
            f" {median('process_ms'):6.1f} ms, plugin host {median('host_ms'):5.1f} ms,"
            f" {rows[-1]['modules']} modules ({len(parts)} of the domain modules),"
            f" {rows[-1]['statements']} SQL statements before the first frame"
        )
        if parts:
            print(f"    {' '.join(parts)}")
    print("  dashboard cards, each on its own (best of 3: CPU, SQL statements):")
    for name, (ms, count) in cards.items():
        print(f"    {name:20s} {ms:6.1f} ms  {count} statements")


if __name__ == "__main__":
    main()
