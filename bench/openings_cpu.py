"""Main-thread CPU of opening a table, a record screen, the table picker and the palette's
results, and of Escape back to the list from each (``esc NAME``), in-process (headless,
Pilot, 80×24): for judging a change on a loaded machine.

    uv run python bench/openings_cpu.py bench/.work/large/stadstafel.toml [ROUNDS]
    uv run --with pyinstrument python bench/openings_cpu.py CONFIG 3 --profile table
    ONLY=action uv run python bench/openings_cpu.py CONFIG 9   # one opening (and its Escape)

For each opening: ``time.thread_time()`` from the key to the app being idle again (the screen
built, filled, laid out and drawn), the widgets of the screen it opened, the style
applications (``Stylesheet.apply``) and the SQL statements it ran; the median of the rounds.
``--profile NAME`` prints a pyinstrument profile of that opening's rounds instead.
"""

from __future__ import annotations

import asyncio
import cProfile
import gc
import os
import pstats
import statistics
import sys
import time
from contextlib import asynccontextmanager, contextmanager

SORTS = os.environ.get("SORT", "tottime").split(",")
PHASES = ("styles", "layout", "render")
#: (section key, name, the key that opens it, one row down first)
OPENINGS = [
    ("t", "table", "enter", True),
    ("p", "partner", "enter", True),
    ("v", "meeting", "enter", True),
    ("a", "action", "enter", True),
    ("w", "project", "enter", True),  # woningbouw
    ("o", "trajectory", "enter", True),  # omgevingswet
    ("v", "picker", "f", False),
]
PALETTE_WORDS = ["voortgang", "stilgevallen", "hoog-contrast", "importeer"]


class Counts:
    def __init__(self) -> None:
        self.styles = 0
        self.sql = 0
        self.layouts = 0
        self.phases: dict[str, float] = {}
        self.frames = 0  # frames the app drew (``App._display`` with something to draw)
        self.first_frame: float | None = None  # thread_time() at the first one


COUNTS = Counts()


def _timed(cls: type, name: str, phase: str, count: str | None = None) -> None:
    """Add the main-thread CPU of ``cls.name`` to the phase (outermost calls only)."""
    method = getattr(cls, name)
    depth = [0]

    def timed(*args, **kwargs):
        if count:
            setattr(COUNTS, count, getattr(COUNTS, count) + 1)
        if depth[0]:
            return method(*args, **kwargs)
        depth[0] += 1
        start = time.thread_time()
        try:
            return method(*args, **kwargs)
        finally:
            depth[0] -= 1
            spent = time.thread_time() - start
            COUNTS.phases[phase] = COUNTS.phases.get(phase, 0.0) + spent

    setattr(cls, name, timed)


def _instrument() -> None:
    from textual._compositor import Compositor
    from textual.app import App
    from textual.css.stylesheet import Stylesheet
    from textual.screen import Screen

    display = App._display

    def counted_display(self, screen, renderable):
        if renderable is not None:
            COUNTS.frames += 1
            if COUNTS.first_frame is None:
                COUNTS.first_frame = time.thread_time()
        return display(self, screen, renderable)

    App._display = counted_display
    _timed(Stylesheet, "apply", "styles", "styles")
    _timed(Compositor, "reflow", "layout", "layouts")
    _timed(Screen, "_compositor_refresh", "render")


async def _idle(pilot) -> None:
    """Until nothing is pending: the app's messages handled and a frame drawn."""
    await pilot.pause()
    await pilot.wait_for_scheduled_animations()
    await pilot.pause()
    await pilot.pause()


class Meter:
    def __init__(self, profile: str | None) -> None:
        self.results: dict[str, list[tuple]] = {}
        self.screens: dict[str, str] = {}  # what each opening opened
        self.profile = profile
        self.profiler = None
        if profile and profile.endswith(":c"):  # cProfile: the functions that cost most
            import cProfile

            self.profile = profile[:-2]
            self.profiler = cProfile.Profile()
            self.profiler.start = self.profiler.enable
            self.profiler.stop = self.profiler.disable
        elif profile:
            from pyinstrument import Profiler

            self.profiler = Profiler(interval=0.0005, async_mode="disabled")

    @contextmanager
    def measure(self, name: str, app):
        profiling = self.profiler is not None and name == self.profile
        styles, sql, layouts, frames = COUNTS.styles, COUNTS.sql, COUNTS.layouts, COUNTS.frames
        COUNTS.phases = {}
        COUNTS.first_frame = None
        if profiling:
            self.profiler.start()
        cpu = time.thread_time()
        yield
        first = (COUNTS.first_frame or time.thread_time()) - cpu
        cpu = time.thread_time() - cpu
        if profiling:
            self.profiler.stop()
        widgets = len(list(app.screen.walk_children(with_self=True)))
        self.results.setdefault(name, []).append(
            (
                cpu * 1000,
                first * 1000,
                COUNTS.frames - frames,
                widgets,
                COUNTS.styles - styles,
                COUNTS.sql - sql,
                COUNTS.layouts - layouts,
                *(COUNTS.phases.get(p, 0.0) * 1000 for p in PHASES),
            )
        )


def open_counted(config: str):
    """The context and workspace of ``config``, its SQL counted and Textual's phases timed."""
    from stadstafel.start import Context

    ctx = Context(config, None, False)
    ws = ctx.workspace()
    ws.store.conn.set_trace_callback(lambda _s: setattr(COUNTS, "sql", COUNTS.sql + 1))
    _instrument()
    return ctx, ws


async def settled(app, pilot) -> None:
    """Until the sections the app builds in the user's first pauses are built (before
    measuring), with the collector off: its collections in pauses are not what is measured."""
    await _idle(pilot)
    for _ in range(100):
        if not getattr(app, "_unprepared", None):
            break
        await pilot.pause(0.6)
    await _idle(pilot)
    gc.collect()
    gc.disable()


@asynccontextmanager
async def measured_app(config: str, profile: str | None):
    """``(app, pilot, meter)``: the app on the workspace of ``config`` with its SQL counted,
    run headless at 80×24 and settled; the collector on again and the workspace closed after."""
    ctx, ws = open_counted(config)
    from stadstafel.tui.app import StadstafelApp

    meter = Meter(profile)
    app = StadstafelApp(ws, host=ctx.host)
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await settled(app, pilot)
            yield app, pilot, meter
            gc.enable()
    finally:
        ws.close()


async def run(config: str, rounds: int, profile: str | None) -> Meter:
    only = os.environ.get("ONLY", "").split(",")  # ONLY=action: that opening alone
    async with measured_app(config, profile) as (app, pilot, meter):
        for section, name, key, down in OPENINGS:
            if only != [""] and name not in only:
                continue
            await pilot.press(section)
            await _idle(pilot)
            for _ in range(rounds):
                if down:  # a record not opened before
                    await pilot.press("down")
                    await _idle(pilot)
                with meter.measure(name, app):
                    await pilot.press(key)
                    await _idle(pilot)
                meter.screens[name] = type(app.screen).__name__
                with meter.measure(f"esc {name}", app):  # back to the list
                    await pilot.press("escape")
                    await _idle(pilot)
                meter.screens[f"esc {name}"] = type(app.screen).__name__
        for i in range(rounds if only == [""] else 0):
            word = PALETTE_WORDS[i % len(PALETTE_WORDS)]
            await pilot.press("ctrl+p")
            await _idle(pilot)
            for letter in word:
                with meter.measure("palette key", app):
                    await pilot.press(letter)
                    await _palette_done(pilot)
            await pilot.press("escape")
            await _idle(pilot)
    return meter


async def _palette_done(pilot) -> None:
    """Until the palette's search for the current text has finished and been drawn."""
    await _idle(pilot)
    for _ in range(500):
        if all(w.is_finished for w in pilot.app.screen.workers):
            break
        await asyncio.sleep(0.002)
    await _idle(pilot)


def print_table(meter: Meter, rounds: int, what: str) -> None:
    """The medians of each measured key or opening, one row each, with the load."""
    load = os.getloadavg()[0]
    print(f"main-thread CPU in ms, medians of {rounds} (load {load:.2f})")
    head = [what, "cpu", "min", "max", "to frame", "frames", "widgets", "styled", "sql"]
    head += ["layouts"]
    head += [f"{p} ms" for p in PHASES]
    print(" ".join(f"{h:>8}" if i else f"{h:12}" for i, h in enumerate(head)))
    for name, rows in meter.results.items():
        cpu = [r[0] for r in rows]
        cols = [statistics.median(cpu), min(cpu), max(cpu)]
        cols += [statistics.median(r[i] for r in rows) for i in range(1, len(rows[0]))]
        shown = meter.screens.get(name, "")
        print(f"{name:12} " + " ".join(f"{c:8.1f}" for c in cols) + f"  {shown}")


def main(measure=None, what: str = "opening") -> None:
    """The command line of this tool, and of ``modules_cpu.py`` (its own ``measure``)."""
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    profile = None
    if "--profile" in sys.argv:
        profile = sys.argv[sys.argv.index("--profile") + 1]
        args.remove(profile)
    config = args[0]
    rounds = int(args[1]) if len(args) > 1 else 5
    meter = asyncio.run((measure or run)(config, rounds, profile))
    print_table(meter, rounds, what)
    if isinstance(meter.profiler, cProfile.Profile):
        stats = pstats.Stats(meter.profiler).sort_stats(*SORTS)
        callers = os.environ.get("CALLERS")
        if callers:
            stats.print_callers(callers)
        else:
            stats.print_stats(45)
    elif meter.profiler is not None:
        print(meter.profiler.output_text(unicode=True, color=False, show_all=False))


if __name__ == "__main__":
    main()
