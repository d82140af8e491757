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
    rng = random.Random(args.seed)
    bin_ = Path(sys.executable).parent / "stadstafel"
    shown: list[tuple[float, int, str, float]] = []
    loads = []
    for run in range(args.runs):
        env: dict = {}
        cmd = [str(bin_), "--config", args.config]
        if args.watch:
            folder = Path(args.watch)
            folder.mkdir(parents=True, exist_ok=True)
            env = {
                "STALLWATCH": str(folder / f"samples-{run}.txt"),
                "STADSTAFEL_TIMELINE": str(folder / f"timeline-{run}.txt"),
            }
            cmd = [sys.executable, str(HERE / "stallwatch.py"), "--config", args.config]
        if args.cold:
            evict(Path(args.config))
        keys = one_run(cmd, args.keys, not args.no_pause, args.jitter, env, rng)
        for key, t0, s, at in keys:
            shown.append((s * 1000, run, key, t0))
            loads.append(at)
        if args.watch:
            (Path(args.watch) / f"keys-{run}.txt").write_text(
                "".join(f"{t0:.6f}\t{key}\t{s * 1000:.1f}\n" for key, t0, s, _ in keys)
            )
        print(f"run {run}: " + " ".join(f"{k}={s * 1000:.1f}" for k, _, s, _ in keys), flush=True)
    values = [s for s, *_ in shown]
    print(
        f"first openings ({'no pause' if args.no_pause else 'pauses'}"
        f"{', cold file cache' if args.cold else ''}), n={len(values)}:"
        f" median {statistics.median(values):.1f} ms, p99 {percentile(values, 99):.1f},"
        f" max {max(values):.1f}; load {statistics.mean(loads):.2f}"
    )
    for s, run, key, _t0 in sorted(shown, reverse=True)[:5]:
        print(f"  slowest: {s:.1f} ms, run {run}, key {key}")


if __name__ == "__main__":
    main()
