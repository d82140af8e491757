"""Where the memory of a session is, read inside the running terminal UI.

    uv run python bench/memprobe.py [CONFIG] [ROUNDS] [BURST]

Drives the app on a pty of 80×24 as ``bench/ptyuse.py`` does (home, every section opened and
read, then rounds of use, ``ptyuse.REST`` seconds of rest before each reading), started
through ``bench/memhook.py``, and prints per reading: RSS, the interpreter's object arenas,
the bytes live and free in them, each C heap's mapped and free size, SQLite's memory and the
live DOM nodes. Add ``PYTHONTRACEMALLOC=N`` to the environment to compare ``tracemalloc``
snapshots the same way (the hook is the place to take them). Not part of ``bench/run``: a
tool to see where MiB are, as in docs/benchmarks.md, "Sixth round (2026-12-06): memory".
``BURST`` rounds (default 1) run back to back between two readings, as ``bench/run --parts
use`` runs all of its rounds: no rest, so no full collection, until the reading.
"""

from __future__ import annotations

import json
import signal
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from ptykeys import HOME_SECONDS, READ_SECONDS, PtyApp  # noqa: E402
from ptyuse import HOME, REST, sections, use_round  # noqa: E402


def read(app: PtyApp, out: Path, mark: str) -> dict:
    Path(f"{out}.mark").write_text(mark, encoding="utf-8")
    before = out.read_text(encoding="utf-8").count("\n") if out.exists() else 0
    app.proc.send_signal(signal.SIGUSR1)
    deadline = time.monotonic() + 60  # a tracemalloc snapshot takes its time
    while time.monotonic() < deadline:
        app.idle(0.2)
        if out.exists() and out.read_text(encoding="utf-8").count("\n") > before:
            break
    return json.loads(out.read_text(encoding="utf-8").splitlines()[-1])


def line(r: dict) -> str:
    r = {"arenas": 0, "arena_live_bytes": 0, "arena_free_bytes": 0} | r  # none under tracemalloc
    heaps = " ".join(f"{n}:{h['mapped_kib']}/{h['free_kib']}" for n, h in r["heaps"].items())
    return (
        f"{r['mark']:10s} RSS {r['VmRSS']:5.1f} MiB (anon {r['RssAnon']:5.1f}, files "
        f"{r['RssFile']:4.1f})  arenas {r['arenas']:3d}, live {r['arena_live_bytes'] / 1e6:5.2f} "
        f"MB, free {r['arena_free_bytes'] / 1e6:4.2f} MB  C heaps mapped/free KiB {heaps}  "
        f"SQLite {r.get('sqlite_kib', '?')} KiB (high {r.get('sqlite_highwater_kib', '?')})  "
        f"DOM nodes {sum(r['dom_nodes'].values())}"
    )


def main() -> None:
    config = Path(sys.argv[1] if len(sys.argv) > 1 else HERE / ".work/large/stadstafel.toml")
    rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    burst = int(sys.argv[3]) if len(sys.argv) > 3 else 1
    keys = sections(config)
    home = next((k for k, *_ in keys if k == "h"), "h")
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "memprobe.jsonl"
        app = PtyApp(
            [sys.executable, str(HERE / "memhook.py"), "--config", str(config)],
            env={"STADSTAFEL_MEMPROBE": str(out)},
        )
        try:
            app.wait_for(HOME)
            time.sleep(HOME_SECONDS)
            for key in [k for k, *_ in keys if k != home] + [home]:
                app.key(key.encode(), None)
                time.sleep(READ_SECONDS)
            time.sleep(REST)
            print(line(read(app, out, "sections")), flush=True)
            for n in range(rounds):
                for b in range(burst):
                    use_round(app, keys, n * burst + b, {}, {})
                time.sleep(REST)
                reading = read(app, out, f"round {(n + 1) * burst}")
                print(line(reading), flush=True)
                if "in_new_pools" in reading:
                    print(f"  in {reading['new_pools']} new pools:", reading["in_new_pools"])
                print("  fullest lru caches:", ", ".join(reading.get("lru_caches", [])))
                if "traced_top" in reading:
                    print(
                        f"  Python allocations grown since every section: "
                        f"{reading['traced_growth_kb']} KB; by line:"
                    )
                    for entry in reading["traced_top"]:
                        print("   ", entry)
                if "garbage" in reading:
                    size = reading["garbage_bytes"] / 1e6
                    print(f"  cyclic garbage ({size:.2f} MB, shallow):", reading["garbage"])
            nodes = json.loads(out.read_text(encoding="utf-8").splitlines()[-1])["dom_nodes"]
            print("live DOM nodes by class:", ", ".join(f"{k} {v}" for k, v in nodes.items()))
        finally:
            app.close()


if __name__ == "__main__":
    main()
