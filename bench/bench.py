"""Measure stadstafel against the performance budgets of DESIGN.md.

Prints one table of medians, each beside the same figure for a minimal Textual app (Header,
DataTable, Footer) measured in the same run, alternating the two:

- start to first interactive frame, from outside on a pseudo-terminal, until the home
  screen's text appears (small demo and large workspace, all plugins enabled);
- peak memory (RSS) of both;
- keystroke latency while filtering the partners list and the agenda-items list, and for
  switching between the main screens (in-process, Textual's Pilot, large workspace);
- N writer processes adding and editing agenda items: writes/s, p99 latency, lost writes and
  lock errors shown.

No figure here is a test: the script prints, and docs/benchmarks.md records what it printed.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from ptyrun import measure  # noqa: E402
from writers import run_writers  # noqa: E402

BIN = Path(sys.executable).parent / "stadstafel"
HOME_MARKER = b"Vergaderingen, komende 4 weken"
MINIMAL_MARKER = b"Organisatie 1"


def p99(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[max(0, int(len(ordered) * 0.99) - 1)]


def make_workspace(target: Path, size: str) -> Path:
    config = target / "stadstafel.toml"
    if config.exists():
        return config
    if target.exists():
        shutil.rmtree(target)
    t0 = time.perf_counter()
    subprocess.run(
        [str(BIN), "demo", "--create", str(target), "--size", size], check=True, capture_output=True
    )
    print(
        f"  {size} workspace written in {time.perf_counter() - t0:.1f} s: {target}", file=sys.stderr
    )
    return config


def startup(config: Path, rounds: int) -> dict:
    """Alternate stadstafel and the minimal app; medians of time-to-text and peak RSS."""
    ours_t, ours_m, base_t, base_m = [], [], [], []
    minimal = [sys.executable, str(HERE / "minimal_app.py")]
    for _ in range(rounds):
        t, m = measure(minimal, MINIMAL_MARKER)
        base_t.append(t)
        base_m.append(m)
        t, m = measure([str(BIN), "--config", str(config)], HOME_MARKER)
        ours_t.append(t)
        ours_m.append(m)
    return {
        "start_s": statistics.median(ours_t),
        "start_base_s": statistics.median(base_t),
        "rss_mib": statistics.median(ours_m),
        "rss_base_mib": statistics.median(base_m),
    }


async def _keystrokes(config: Path, keystrokes: int) -> dict:
    from stadstafel.cli import Context
    from stadstafel.tui.app import StadstafelApp

    ctx = Context(str(config), None, False)
    ws = ctx.workspace()
    app = StadstafelApp(ws, host=ctx.host)
    results: dict[str, list[float]] = {"partners": [], "agenda": [], "switch": []}
    words = ["wonen", "leiden", "bouw", "groep", "stichting", "utrecht", "advies", "zorg"]
    async with app.run_test(size=(80, 24)) as pilot:

        async def settle() -> None:
            await pilot.pause()
            await app.workers.wait_for_complete()
            await pilot.pause()

        async def typing(section_key: str, focus_key: str, bucket: str, vocabulary: list[str]):
            await pilot.press(section_key)
            await settle()
            await pilot.press(focus_key)
            await settle()
            typed = 0
            while typed < keystrokes:
                for word in vocabulary:
                    for ch in word:
                        t0 = time.perf_counter()
                        await pilot.press(ch)
                        await settle()
                        results[bucket].append(time.perf_counter() - t0)
                        typed += 1
                    for _ in word:
                        t0 = time.perf_counter()
                        await pilot.press("backspace")
                        await settle()
                        results[bucket].append(time.perf_counter() - t0)
                        typed += 1
            await pilot.press("escape")
            await settle()

        await typing("p", "f", "partners", words)
        agenda_section = os.environ.get("BENCH_AGENDA_KEYS", "v,i").split(",")
        await typing(
            agenda_section[0],
            agenda_section[1],
            "agenda",
            ["monitor", "plancapaciteit", "woondeal", "stikstof"],
        )
        for _ in range(max(10, keystrokes // 10)):
            for key in "hptva":
                t0 = time.perf_counter()
                await pilot.press(key)
                await settle()
                results["switch"].append(time.perf_counter() - t0)
    ws.close()
    return {k: (statistics.median(v) * 1000, p99(v) * 1000, len(v)) for k, v in results.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small demo only, few rounds")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--keystrokes", type=int, default=200)
    parser.add_argument("--writers", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--work", default=str(HERE / ".work"))
    args = parser.parse_args()
    work = Path(args.work)
    work.mkdir(parents=True, exist_ok=True)
    rounds = 2 if args.quick else args.rounds

    rows: list[tuple[str, str, str, str, str]] = []
    small = make_workspace(work / "small", "small")
    s = startup(small, rounds)
    rows.append(
        (
            "start, small demo (s)",
            f"{s['start_s']:.2f}",
            f"{s['start_base_s']:.2f}",
            f"{s['start_s'] / s['start_base_s']:.2f}",
            "≤ 1.20",
        )
    )
    rows.append(
        (
            "peak RSS, small demo (MiB)",
            f"{s['rss_mib']:.0f}",
            f"{s['rss_base_mib']:.0f}",
            f"{s['rss_mib'] / s['rss_base_mib']:.2f}",
            "≤ 1.50",
        )
    )
    target = small
    if not args.quick:
        target = make_workspace(work / "large", "large")
        big = startup(target, rounds)
        rows.append(
            (
                "start, large (s)",
                f"{big['start_s']:.2f}",
                f"{big['start_base_s']:.2f}",
                f"{big['start_s'] / big['start_base_s']:.2f}",
                "≤ 1.20",
            )
        )
        rows.append(
            (
                "peak RSS, large (MiB)",
                f"{big['rss_mib']:.0f}",
                f"{big['rss_base_mib']:.0f}",
                f"{big['rss_mib'] / big['rss_base_mib']:.2f}",
                "≤ 1.50",
            )
        )
    keys = asyncio.run(_keystrokes(target, 40 if args.quick else args.keystrokes))
    for name, label in [
        ("partners", "filter partners"),
        ("agenda", "filter agenda items"),
        ("switch", "switch screens"),
    ]:
        med, high, n = keys[name]
        rows.append((f"{label}, median (ms, n={n})", f"{med:.1f}", "", "", "≤ 16"))
        rows.append((f"{label}, p99 (ms)", f"{high:.1f}", "", "", "≤ 50"))
    db = work / "writers.db"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    w = run_writers(
        str(db),
        writers=4 if args.quick else args.writers,
        seconds=3.0 if args.quick else args.seconds,
    )
    rows.append((f"{w['writers']} writers: writes/s", f"{w['writes_per_second']:.0f}", "", "", ""))
    rows.append((f"{w['writers']} writers: p99 write (ms)", f"{w['p99_ms']:.1f}", "", "", ""))
    rows.append(("lost writes", str(w["lost_writes"]), "", "", "= 0"))
    rows.append(("lock errors shown", str(w["lock_errors"]), "", "", "= 0"))

    header = ("figure", "stadstafel", "minimal app", "ratio", "budget")
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(5)]
    for row in [header, tuple("-" * w for w in widths), *rows]:
        print("  ".join(str(c).ljust(w) for c, w in zip(row, widths, strict=True)).rstrip())


if __name__ == "__main__":
    main()
