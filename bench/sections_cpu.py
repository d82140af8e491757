"""Main-thread CPU of each section's first opening, in-process (a Pilot at 80×24).

    uv run python bench/sections_cpu.py CONFIG [--pause S] [--read S] [--as LOGIN] [--keys ptv]
        [--no-pause]

Starts the app as ``stadstafel`` does (the plugin host, the collector policy of a start),
waits ``--pause`` seconds on home (a person reading it: the app builds sections meanwhile),
then presses each section's key in turn, ``--read`` seconds apart: ``time.thread_time()``
from the key until the app is idle again (Pilot's pause), with the widgets and SQL
statements that opening cost, and the same for a later switch to it. ``--no-pause``: the
app never finds a pause to build a section in (``StadstafelApp.paused`` says no), as when
a person presses the keys right after start and one after the other: each first opening is
then a build. With
``--profile`` a pyinstrument profile of the first openings is written to ``openings.txt``.
For finding where a first opening's work goes; the figure a person sees is ``bench/run``'s
(``ptyuse.py``, from outside on a pty).
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import os
import statistics
import time


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("config")
    parser.add_argument("--pause", type=float, default=2.0, help="seconds on home first")
    parser.add_argument("--read", type=float, default=1.0, help="seconds on each section")
    parser.add_argument("--as", dest="login", default=None)
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--keys", default="")
    parser.add_argument("--no-pause", action="store_true", help="no section built in a pause")
    args = parser.parse_args()
    asyncio.run(run(args))


def rss_mib() -> float:
    with open(f"/proc/{os.getpid()}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


async def run(args) -> None:
    from stadstafel.start import Context
    from stadstafel.tui.app import StadstafelApp

    if args.no_pause:
        StadstafelApp.paused = lambda self: False  # type: ignore[method-assign]
    ctx = Context(args.config, args.login, False)
    ws = ctx.workspace()
    statements = [0]
    ws.store.conn.set_trace_callback(lambda _sql: statements.__setitem__(0, statements[0] + 1))
    gc.disable()  # as a start does (start.run_tui)
    app = StadstafelApp(ws, host=ctx.host)
    keys = [s.key for s in app.sections if s.key and s.key != "h"]
    if args.keys:
        keys = [k for k in keys if k in args.keys]
    profiler = None
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        rss_start = rss_mib()
        await asyncio.sleep(args.pause)
        await pilot.pause()
        rss_paused = rss_mib()
        if args.profile:
            from pyinstrument import Profiler

            profiler = Profiler(interval=0.0005, async_mode="disabled")
            profiler.start()
        cpu = {}
        for key in keys:
            before_sql = statements[0]
            before_widgets = sum(len(list(s.walk_children())) for s in _screens(app))
            start = time.thread_time()
            await pilot.press(key)
            await pilot.pause()
            cpu[key] = (
                (time.thread_time() - start) * 1000,
                statements[0] - before_sql,
                sum(len(list(s.walk_children())) for s in _screens(app)) - before_widgets,
            )
            await asyncio.sleep(args.read)  # the user reads the section
        if profiler is not None:
            profiler.stop()
            with open("openings.txt", "w") as out:
                out.write(profiler.output_text(show_all=False))
            profiler = None
        home = next((s.key for s in app.sections if s.id == "home"), "h")
        await pilot.press(home)
        await pilot.pause()
        switch = {}
        for key in keys:  # again: a switch to a section opened before
            start = time.thread_time()
            await pilot.press(key)
            await pilot.pause()
            switch[key] = (time.thread_time() - start) * 1000
        await asyncio.sleep(1.0)
        rss_all = rss_mib()
    ws.close()
    for key, (ms, sql, widgets) in cpu.items():
        print(
            f"{key}: {ms:6.1f} ms CPU, {sql:3d} statements, {widgets:4d} new widgets; "
            f"switch later {switch[key]:5.1f} ms"
        )
    print(
        f"median {statistics.median(v[0] for v in cpu.values()):.1f} ms, "
        f"switch {statistics.median(switch.values()):.1f} ms"
    )
    print(
        f"RSS after start {rss_start:.1f} MiB, after the pause {rss_paused:.1f}, "
        f"after every section {rss_all:.1f}; load {os.getloadavg()[0]:.2f}"
    )


def _screens(app):
    from stadstafel.tui.textual_private import screen_stacks

    return [s for stack in screen_stacks(app).values() for s in stack]


if __name__ == "__main__":
    main()
