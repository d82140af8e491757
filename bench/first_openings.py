"""Every section's first opening, in many fresh processes, from outside on a pty.

One run starts the installed command on the large workspace, waits for home, and opens the
sections a key at a time, each key timed to the first bytes of the frame that answers it
(``PtyApp.key``), as the pty part does. ``--pause``: HOME_SECONDS on home and READ_SECONDS a
section before the next key, each moved by a random offset of up to ``--jitter`` seconds (a
key lands at any moment of the pause work: a section half built, a collection, a trim);
``--no-pause``: each key as soon as the frame before is out. Prints the median, p99 and max
over every key of every run, and the slowest keys with their run. ``--cold``: before each
run the workspace's database is dropped from the system's file cache (``posix_fadvise``), as
after a reboot or when other work pushed it out: a build that reads much of a table then
reads it from the disk.

    uv run python bench/first_openings.py --runs 20 [--keys ptvawh] [--watch DIR]

``--watch DIR`` runs each process under ``stallwatch.py`` (samples of the main thread) and
with ``STADSTAFEL_TIMELINE`` (the app's own log of its pause work) into DIR, and prints what
the app was doing during the slowest keys."""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

from ptykeys import HOME_SECONDS, READ_SECONDS, PtyApp, load, percentile

HERE = Path(__file__).resolve().parent
HOME = b"Vergaderingen, komende 4 weken"


def evict(config: Path) -> None:
    """Drop the workspace's database files from the system's file cache (clean pages only)."""
    import tomllib

    folder = config.parent
    database = tomllib.loads(config.read_text())["workspace"]["database"]
    for name in (database, f"{database}-wal"):
        path = folder / name
        if path.exists():
            fd = os.open(path, os.O_RDONLY)
            try:
                os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
            finally:
                os.close(fd)


def one_run(
    cmd: list[str], keys: str, pause: bool, jitter: float, env: dict, rng: random.Random
) -> list[tuple[str, float, float, float]]:
    """(key, written at perf_counter, shown seconds, load) of each key of one fresh process."""
    app = PtyApp(cmd, env=env)
    out = []
    try:
        app.wait_for(HOME)
        if pause:
            time.sleep(HOME_SECONDS + rng.uniform(-jitter, jitter))
        for i, key in enumerate(keys):
            if pause and i:
                time.sleep(READ_SECONDS + rng.uniform(-jitter, jitter))
            app.idle()
            t0 = time.perf_counter()
            shown, _settled, _ = app.key(key.encode(), None, wait_idle=False)
            out.append((key, t0, shown, load()))
    finally:
        app.close()
    return out


def measure(
    config: Path,
    bin_: Path,
    runs: int,
    *,
    keys: str = "ptvawh",
    pause: bool = True,
    cold: bool = False,
    jitter: float = 0.5,
    seed: int = 1,
    watch: Path | None = None,
    report=None,
) -> list[tuple[float, int, str, float]]:
    """(shown ms, run, key, load) of every key of ``runs`` fresh processes (see the module)."""
    rng = random.Random(seed)
    shown = []
    for run in range(runs):
        env: dict = {}
        cmd = [str(bin_), "--config", str(config)]
        if watch is not None:
            watch.mkdir(parents=True, exist_ok=True)
            env = {
                "STALLWATCH": str(watch / f"samples-{run}.txt"),
                "STADSTAFEL_TIMELINE": str(watch / f"timeline-{run}.txt"),
            }
            cmd = [sys.executable, str(HERE / "stallwatch.py"), "--config", str(config)]
        if cold:
            evict(config)
        keyed = one_run(cmd, keys, pause, jitter, env, rng)
        shown += [(s * 1000, run, key, at) for key, _t0, s, at in keyed]
        if watch is not None:
            (watch / f"keys-{run}.txt").write_text(
                "".join(f"{t0:.6f}\t{key}\t{s * 1000:.1f}\n" for key, t0, s, _ in keyed)
            )
        if report:
            report(f"run {run}: " + " ".join(f"{k}={s * 1000:.1f}" for k, _, s, _ in keyed))
    return shown


def rows(shown: list, label: str) -> list[tuple[str, str, str, str, str, str]]:
    """bench.py's rows (figure, ours, minimal, diff, budget, load): median / p99 / max."""
    values = [s for s, *_ in shown]
    at = statistics.mean(a for *_, a in shown)
    runs = len({run for _, run, _, _ in shown})
    return [
        (
            f"pty first openings, {label}, key→shown median / p99 / max (ms, n={len(values)},"
            f" {runs} fresh processes)",
            f"{statistics.median(values):.1f} / {percentile(values, 99):.1f} / {max(values):.1f}",
            "",
            "",
            "≤ 16 median",
            f"{at:.2f}",
        )
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--config", default=str(HERE / ".work" / "large" / "stadstafel.toml"))
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--keys", default="ptvawh")
    parser.add_argument("--no-pause", action="store_true")
    parser.add_argument("--jitter", type=float, default=0.5)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--watch", default=None)
    parser.add_argument("--cold", action="store_true", help="database out of the file cache")
    args = parser.parse_args()
    shown = measure(
        Path(args.config),
        Path(sys.executable).parent / "stadstafel",
        args.runs,
        keys=args.keys,
        pause=not args.no_pause,
        cold=args.cold,
        jitter=args.jitter,
        seed=args.seed,
        watch=Path(args.watch) if args.watch else None,
        report=lambda line: print(line, flush=True),
    )
    values = [s for s, *_ in shown]
    print(
        f"first openings ({'no pause' if args.no_pause else 'pauses'}"
        f"{', cold file cache' if args.cold else ''}), n={len(values)}:"
        f" median {statistics.median(values):.1f} ms, p99 {percentile(values, 99):.1f},"
        f" max {max(values):.1f}; load {statistics.mean(a for *_, a in shown):.2f}"
    )
    for s, run, key, _load in sorted(shown, reverse=True)[:5]:
        print(f"  slowest: {s:.1f} ms, run {run}, key {key}")


if __name__ == "__main__":
    main()
