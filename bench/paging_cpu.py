"""Main-thread CPU of paging through a long list and back, in-process (a Pilot at 80×24).

    uv run python bench/paging_cpu.py CONFIG [--pages 60] [--section p] [--shown-anew]

Opens the section (Partners by default: 1,000 organisations on the large workspace), presses
page-down ``--pages`` times and page-up as often, and prints ``time.thread_time()`` per key
(from the key until the app is idle again) for each direction: median, p90, max. A paged list
keeps a window of pages (``PagedRecordTable.WINDOW_PAGES``); ``--shown-anew`` takes the way
the window moved before the sixth round (every row of the window made and drawn again each
time a page is read at either end) for a before/after on the same machine."""

from __future__ import annotations

import argparse
import asyncio
import gc
import os
import statistics
import time


async def run(args) -> None:
    from stadstafel.start import Context
    from stadstafel.tui.app import StadstafelApp

    if args.shown_anew:
        from stadstafel.tui.widgets import paged

        paged.move_table_rows = lambda *a, **k: False
    ctx = Context(args.config, None, False)
    ws = ctx.workspace()
    gc.disable()  # as a start does; collected between the keys, not in them
    app = StadstafelApp(ws, host=ctx.host)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press(args.section)
        await pilot.pause()
        times: dict[str, list[float]] = {"pagedown": [], "pageup": []}
        for key in ["pagedown"] * args.pages + ["pageup"] * args.pages:
            gc.collect()
            start = time.thread_time()
            await pilot.press(key)
            await pilot.pause()
            times[key].append((time.thread_time() - start) * 1000)
    ws.close()
    load = os.getloadavg()[0]
    for key, values in times.items():
        ordered = sorted(values)
        print(
            f"{key:9s} n={len(values)} median {statistics.median(values):5.1f} ms,"
            f" p90 {ordered[int(0.9 * len(ordered)) - 1]:5.1f}, max {max(values):5.1f}"
            f" (main-thread CPU; load {load:.2f})"
        )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("config")
    parser.add_argument("--pages", type=int, default=60)
    parser.add_argument("--section", default="p")
    parser.add_argument("--shown-anew", action="store_true")
    asyncio.run(run(parser.parse_args()))


if __name__ == "__main__":
    main()
