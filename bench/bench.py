"""Measure stadstafel against the performance budgets of DESIGN.md.

Prints one table of medians, each beside the same figure for a minimal Textual app (Header,
DataTable, Footer) measured in the same run, alternating the two:

- start to first interactive frame, from outside on a pseudo-terminal, until the home
  screen's text appears (small demo and large workspace, all plugins enabled);
- peak memory (RSS) of both;
- keystroke latency while filtering the partners list and the agenda-items list, and for
  switching between the main screens (in-process, Textual's Pilot, large workspace): from
  sending the key to the last frame it caused, beside the same loop on a minimal filter app
  (an Input above a DataTable filtered in memory), and Pilot's whole round trip for both;
- N writer processes adding and editing agenda items: writes/s, p99 latency, lost writes and
  lock errors shown;
- a backup in the middle of N writers, beside the same backup idle (``backup.py``: one
  backup step, ``VACUUM INTO``, and the old copy in steps of 256 pages).

No figure here is a test: the script prints, and docs/benchmarks.md records what it printed.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
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

from backup import rows as backup_rows  # noqa: E402
from backup import run_backup  # noqa: E402
from ptyrun import measure  # noqa: E402
from writers import run_writers  # noqa: E402

BIN = Path(sys.executable).parent / "stadstafel"
HOME_MARKER = b"Vergaderingen, komende 4 weken"
MINIMAL_MARKER = b"Organisatie 1"
KEY_FPS = 1000  # Textual's frame cap while keystrokes are measured (see _keystrokes)


def p99(values: list[float]) -> float:
    """Exact nearest-rank 99th percentile (it was one rank lenient before)."""
    from ptykeys import percentile

    return percentile(values, 99)


def make_workspace(target: Path, size: str) -> Path:
    config = target / "stadstafel.toml"
    if config.exists():
        _migrate(config)
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


def _migrate(config: Path) -> None:
    """Open the workspace once, untimed: a workspace written by an older version is migrated
    (and backed up) here, not during the first timed start."""
    from stadstafel.start import Context

    Context(str(config), None, False).workspace().close()


def compile_bytecode() -> None:
    """Bytecode for every module either app imports, as an installed deployment has it.

    Without it a start compiles what has no current ``.pyc`` (a fresh install by uv, or any
    edited file when PYTHONDONTWRITEBYTECODE is set), and the figures measure the compiler."""
    import compileall
    import sysconfig

    for folder in {sysconfig.get_paths()["purelib"], str(ROOT / "src"), str(ROOT / "plugins")}:
        compileall.compile_dir(folder, quiet=1, workers=0)


def startup(configs: dict[str, Path], rounds: int) -> dict:
    """Start stadstafel on each workspace ``rounds`` times, each start right after a start of
    the minimal app: a pair a second apart, so the machine's speed is the same for both.

    One untimed start of each first, so every start finds the files in the page cache. Per
    workspace: the medians of time-to-text and peak RSS, the median of the per-pair ratios
    (robust against the machine's speed drifting) and their quartiles (how much one pair
    says: on a shared machine a single pair's ratio varies by a quarter)."""
    minimal = [sys.executable, str(HERE / "minimal_app.py")]
    commands = {label: [str(BIN), "--config", str(c)] for label, c in configs.items()}
    measure(minimal, MINIMAL_MARKER)
    for command in commands.values():
        measure(command, HOME_MARKER)
    pairs: dict[str, list[tuple[tuple[float, float], tuple[float, float]]]] = {
        label: [] for label in commands
    }
    for _ in range(rounds):
        for label, command in commands.items():
            base = measure(minimal, MINIMAL_MARKER)
            pairs[label].append((measure(command, HOME_MARKER), base))
    out = {}
    for label, runs in pairs.items():
        ratios = [t / b for (t, _), (b, _) in runs]
        quartiles = statistics.quantiles(ratios, n=4) if len(ratios) > 1 else ratios * 3
        out[label] = {
            "start_s": statistics.median(t for (t, _), _ in runs),
            "start_base_s": statistics.median(b for _, (b, _) in runs),
            "start_ratio": statistics.median(ratios),
            "start_ratio_quartiles": (quartiles[0], quartiles[-1]),
            "rss_mib": statistics.median(m for (_, m), _ in runs),
            "rss_base_mib": statistics.median(m for _, (_, m) in runs),
            "rss_ratio": statistics.median(m / b for (_, m), (_, b) in runs),
        }
    return out


class FrameClock:
    """Frames and table changes, timed in this process (wraps Textual's own methods).

    ``App.on_event`` receives the key; ``Screen._compositor_refresh`` composes a frame and
    ``App._display`` writes it (frames with something to draw only, and none while the app
    holds an update batch: Textual drops those); ``DataTable.clear``/``add_row`` change what a
    list shows. For one keystroke (``begin()`` … ``result()``), counted from the moment the app
    receives the key:

    - *shown*: → the end of the first frame composed after the last table change (after the
      key itself when no table changed): when the result is on the screen;
    - *settled*: → the end of the last frame before the app went idle (Textual schedules
      follow-up work, such as a table's new dimensions, for later frames);

    neither counts how Pilot delivers the key or the sleeps it adds while it waits for idle
    (the "Pilot round trip" figure has all of that).
    """

    def __init__(self) -> None:
        from textual import events
        from textual.app import App
        from textual.screen import Screen
        from textual.widgets import DataTable

        self.t0 = 0.0
        self.key_at: float | None = None
        self.changed = 0.0
        self.composing = 0.0
        self.frames: list[tuple[float, float]] = []
        clock = self
        refresh = Screen._compositor_refresh
        display = App._display

        def compositor_refresh(screen) -> None:
            clock.composing = time.perf_counter()
            refresh(screen)

        def displaying(app, screen, renderable) -> None:
            display(app, screen, renderable)
            # Only what reaches the terminal: nothing to draw is no frame, and App._display
            # drops a frame composed while the app holds an update batch.
            if renderable is not None and not app._batch_count:
                clock.frames.append((clock.composing, time.perf_counter()))

        Screen._compositor_refresh = compositor_refresh  # type: ignore[method-assign]
        App._display = displaying  # type: ignore[method-assign]
        on_event = App.on_event

        async def receiving(app, event) -> None:
            if isinstance(event, events.Key) and clock.key_at is None:
                clock.key_at = time.perf_counter()
            await on_event(app, event)

        App.on_event = receiving  # type: ignore[method-assign]
        for name in ("clear", "add_row"):
            method = getattr(DataTable, name)

            def changing(table, *args, _method=method, **kwargs):
                clock.changed = time.perf_counter()
                return _method(table, *args, **kwargs)

            setattr(DataTable, name, changing)

    def begin(self) -> None:
        self.frames.clear()
        self.key_at = None
        self.t0 = self.changed = time.perf_counter()

    def result(self, now: float) -> tuple[float, float]:
        """(shown, settled) in seconds since the app received the key."""
        t0 = self.t0 if self.key_at is None else self.key_at
        after = [end for start, end in self.frames if start >= max(self.changed, t0)]
        shown = (after[0] if after else now) - t0
        settled = (self.frames[-1][1] if self.frames else now) - t0
        return shown, max(shown, settled)


def _quiet_cursor(app) -> None:
    """No blinking cursor: a blink would be counted as the keystroke's frame."""
    from textual.widgets import Input

    for widget in app.screen.query(Input):
        widget.cursor_blink = False


async def _press(pilot, clock: FrameClock, key: str, out: dict) -> None:
    """Press one key, wait until the app is idle and its workers are done; record the
    figures of the keystroke."""
    clock.begin()
    await pilot.press(key)
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    now = time.perf_counter()
    shown, settled = clock.result(now)
    out["shown"].append(shown)
    out["settled"].append(settled)
    out["raw"].append(now - clock.t0)


async def _type(pilot, clock: FrameClock, words: list[str], keystrokes: int, out: dict) -> None:
    """Type ``words`` (each followed by as many backspaces) until ``keystrokes`` were sent."""
    _quiet_cursor(pilot.app)
    typed = 0
    while typed < keystrokes:
        for word in words:
            for key in [*word, *["backspace"] * len(word)]:
                await _press(pilot, clock, key, out)
                typed += 1


def _bucket() -> dict[str, list[float]]:
    return {"shown": [], "settled": [], "raw": []}


PARTNER_WORDS = ["wonen", "leiden", "bouw", "groep", "stichting", "utrecht", "advies", "zorg"]
ITEM_WORDS = ["monitor", "plancapaciteit", "woondeal", "stikstof"]


async def _keystrokes(config: Path, keystrokes: int) -> dict:
    """Pilot drives stadstafel (large workspace) and the minimal filter app alike.

    Textual paints at most MAX_FPS times a second: after a key it waits for its next frame
    tick (up to 1/60 s by default) before painting, however little the key cost. That wait is
    the same for every app and is not work, so this process lifts the cap (TEXTUAL_FPS, set in
    main() before Textual is imported) and the figures are the work a key causes."""
    from minimal_app import CollectingInPauses

    from stadstafel.start import Context
    from stadstafel.tui.app import StadstafelApp

    clock = FrameClock()
    results = {
        "partners": _bucket(),
        "agenda": _bucket(),
        "switch": _bucket(),
        "first": _bucket(),
        "base_partners": _bucket(),
        "base_agenda": _bucket(),
    }

    # Both apps under stadstafel's collector policy (stadstafel.start.main switches the
    # collector off for start-up; after the first frame the app freezes what start-up built
    # and collects in pauses; CollectingInPauses does the same), both warmed by one untimed
    # word first. The minimal app ran cold with the collector on before: that flattered us.
    gc.disable()
    minimal = CollectingInPauses()
    async with minimal.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await _type(pilot, clock, ["warm"], 8, _bucket())
        await _type(pilot, clock, PARTNER_WORDS, keystrokes, results["base_partners"])
        await _type(pilot, clock, ITEM_WORDS, keystrokes, results["base_agenda"])
    gc.collect()
    ctx = Context(str(config), None, False)
    ws = ctx.workspace()
    app = StadstafelApp(ws, host=ctx.host)
    async with app.run_test(size=(80, 24)) as pilot:

        async def settle() -> None:
            await pilot.pause()
            await app.workers.wait_for_complete()
            await pilot.pause()

        async def keys(*pressed: str) -> None:
            for key in pressed:
                await pilot.press(key)
                await settle()

        # The user reads the home screen first: in that pause the app builds the other
        # sections (StadstafelApp.prepare_in_pause). Then each section's first opening,
        # home last.
        await settle()
        await asyncio.sleep(2.0)
        sections = [s.key for s in app.sections if s.key and s.key != "h"] + ["h"]
        from ptykeys import READ_SECONDS

        for key in sections:
            await _press(pilot, clock, key, results["first"])
            await asyncio.sleep(READ_SECONDS)  # a person reads the section before the next
        await keys("p", "f")  # partners; f puts the cursor in the filter
        await _type(pilot, clock, ["warm"], 8, _bucket())  # warmed as the minimal app was
        await _type(pilot, clock, PARTNER_WORDS, keystrokes, results["partners"])
        await keys("escape")
        await keys("v", "l")  # meetings; l opens all agenda items, typing goes to the filter
        await _type(pilot, clock, ["warm"], 8, _bucket())
        await _type(pilot, clock, ITEM_WORDS, keystrokes, results["agenda"])
        await keys("escape")
        for _ in range(max(10, keystrokes // 10)):  # every section, round and round
            for key in sections:
                await _press(pilot, clock, key, results["switch"])
    ws.close()
    return {
        name: {kind: (statistics.median(v) * 1000, p99(v) * 1000, len(v)) for kind, v in b.items()}
        for name, b in results.items()
    }


def _key_rows(keys: dict) -> list[tuple[str, str, str, str, str]]:
    """Ours beside the minimal filter app's, the difference in the ratio column: key→shown
    (median, p99: the budget), key→settled and Pilot's whole round trip (medians)."""
    rows = []
    lists = [
        ("partners", "base_partners", "filter partners"),
        ("agenda", "base_agenda", "filter agenda items"),
        ("switch", None, "switch screens"),
        ("first", None, "first opening of a section"),
    ]
    for name, base, label in lists:
        ours, ref = keys[name], keys[base] if base else None
        # The frame budget is per keystroke on a list and per switch between sections; a first
        # opening (after the pauses in which the app builds the sections) has the median's.
        budgeted = name != "first"
        for kind, i, what, budget in [
            ("shown", 0, "key→shown median", "≤ 16"),
            ("shown", 1, "key→shown p99", "≤ 50" if budgeted else ""),
            ("settled", 0, "key→settled median", ""),
            ("raw", 0, "Pilot round trip median", ""),
        ]:
            n = f" (ms, n={ours[kind][2]})" if i == 0 and kind == "shown" else " (ms)"
            rows.append(
                (
                    f"{label}, {what}{n}",
                    f"{ours[kind][i]:.1f}",
                    f"{ref[kind][i]:.1f}" if ref else "",
                    f"{ours[kind][i] - ref[kind][i]:+.1f}" if ref else "",
                    budget,
                )
            )
    return rows


def _pty_rows(k: dict) -> list[tuple[str, tuple]]:
    """Rows of the pty part: (label, (figure, ours, minimal, diff/ratio, budget, load))."""
    out = []
    base = k["minimal"]

    def add(figure, ours, ref, budget, load, ratio=False):
        if ref is None:
            diff = ""
        elif ratio:
            diff = f"{ours / ref:.2f}"
        else:
            diff = f"{ours - ref:+.1f}"
        ref_text = "" if ref is None else f"{ref:.1f}"
        out.append((figure, (figure, f"{ours:.1f}", ref_text, diff, budget, f"{load:.2f}")))

    for name, label in [("search", "search screen"), ("partners", "filter partners")]:
        fig = k[name]
        n = fig["n"]
        add(
            f"pty {label}, key→shown median (ms, n={n})",
            fig["shown"][0],
            base["shown"][0],
            "≤ 16",
            fig["load"],
        )
        add(
            f"pty {label}, key→shown p99 (ms)",
            fig["shown"][1],
            base["shown"][1],
            "≤ 50",
            fig["load"],
        )
        add(
            f"pty {label}, key→settled median (ms)",
            fig["settled"][0],
            base["settled"][0],
            "",
            fig["load"],
        )
        if "results" in fig:
            add(
                f"pty {label}, last key→results median (ms)",
                fig["results"][0],
                None,
                "",
                fig["load"],
            )
            add(f"pty {label}, last key→results p99 (ms)", fig["results"][1], None, "", fig["load"])
    burst = k["burst"]
    add(
        f"pty search screen, a word at once→shown median (ms, n={burst['n']})",
        burst["shown"][0],
        None,
        "",
        burst["load"],
    )
    add(
        "pty search screen, a word at once→shown max (ms)",
        burst["shown"][2],
        None,
        "",
        burst["load"],
    )
    add(
        "pty search screen, a word at once→results median (ms)",
        burst["results"][0],
        None,
        "",
        burst["load"],
    )
    sections = k["sections"]
    add(
        f"pty first opening of a section, key→shown median (ms, n={sections['n']})",
        sections["shown"][0],
        None,
        "≤ 16",
        sections["load"],
    )
    add(
        "pty first opening of a section, key→shown max (ms)",
        sections["shown"][2],
        None,
        "",
        sections["load"],
    )
    # Memory is the use part's (bench/ptyuse.py): after every section, and after minutes of use.
    return out


# Domain modules' parts: bench/<module>.py, each with run(config, quick) -> rows. One name a
# module here is its registration.
MODULES = ("omgevingswet", "sociaal_domein", "regionale_economie")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small demo only, few rounds")
    parser.add_argument("--rounds", type=int, default=21, help="start-up pairs per workspace")
    parser.add_argument("--keystrokes", type=int, default=200)
    parser.add_argument(
        "--use-minutes",
        type=float,
        default=None,
        help="minutes of scripted use before memory is read (use part; 10, --quick 0.25)",
    )
    parser.add_argument("--writers", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--work", default=str(HERE / ".work"))
    parser.add_argument(
        "--parts",
        default=",".join(
            [
                "start",
                "pty",
                "use",
                "firsts",
                "openings",
                "keys",
                "cli",
                "writers",
                "backup",
                "browser",
                *MODULES,
            ]
        ),
        help="comma-separated: start (pty start-up, memory), pty (keystrokes and first openings"
        " measured from outside on a pseudo-terminal), use (every section opened, then minutes"
        " of use on a pty: memory after both, every section's opening and switch, modules'"
        " included), firsts (the pty part's first openings in many fresh processes, the"
        " database in the file cache and out of it, and with no pause), openings (a table, a"
        " record screen, the table picker, palette results and Escape, from outside), keys"
        " (keystrokes in-process through Pilot), cli (actions list"
        " --all in each format and meetings list, the installed command), writers,"
        " backup (a backup while writers write), browser (serve → home over the WebSocket),"
        " rappel (reminder digests); a domain module's own lists (bench/<module>.py)",
    )
    args = parser.parse_args()
    parts = set(args.parts.split(","))
    work = Path(args.work)
    work.mkdir(parents=True, exist_ok=True)
    rounds = 2 if args.quick else args.rounds

    rows: list[tuple[str, str, str, str, str]] = []
    loads: list[str] = []  # the 1-minute load average beside each row

    def loaded() -> None:
        """Rows added since the last call get the load average of now."""
        loads.extend([f"{os.getloadavg()[0]:.2f}"] * (len(rows) - len(loads)))

    def with_load(figures) -> None:
        """Rows that carry the load they were taken at as their sixth cell."""
        for fig in figures:
            rows.append(fig[:5])
            loads.append(fig[5])

    notes: list[str] = []
    small = make_workspace(work / "small", "small")
    target = small if args.quick else make_workspace(work / "large", "large")
    # Every part that starts a program runs it from bytecode, as a deployment has it (a start
    # without a current .pyc compiles: time and 4-5 MiB of memory that stay in the figures).
    compile_bytecode()
    if "start" in parts:
        workspaces = {"small demo": small} | ({} if args.quick else {"large": target})
        for label, s in startup(workspaces, rounds).items():
            low, high = s["start_ratio_quartiles"]
            notes.append(
                f"start, {label}: ratio of one pair between {low:.2f} and {high:.2f}"
                f" (quartiles of {rounds} pairs); the median is the figure above"
            )
            rows.append(
                (
                    f"start, {label} (s)",
                    f"{s['start_s']:.2f}",
                    f"{s['start_base_s']:.2f}",
                    f"{s['start_ratio']:.2f}",
                    "≤ 1.20",
                )
            )
            rows.append(
                (
                    f"peak RSS, {label} (MiB)",
                    f"{s['rss_mib']:.0f}",
                    f"{s['rss_base_mib']:.0f}",
                    f"{s['rss_ratio']:.2f}",
                    "≤ 1.50",
                )
            )
    loaded()
    if "pty" in parts:
        from ptykeys import measure_keys

        k = measure_keys(target, 20 if args.quick else args.keystrokes, BIN)
        with_load(fig for _label, fig in _pty_rows(k))
        notes.append(
            f"pty: {target.parent.name} workspace, installed command and minimal filter app"
            " (same collector policy) on a pty of 80×24 at Textual's default frame rate, word"
            " for word alternated; key→shown: the key written until its frame's text arrived"
        )
    if "use" in parts:
        from ptyuse import measure_use
        from ptyuse import rows as use_rows

        minutes = args.use_minutes if args.use_minutes is not None else (0.25 if args.quick else 10)
        with_load(use_rows(measure_use(target, BIN, minutes)))
        notes.append(
            f"use: {target.parent.name} workspace, every section opened, then {minutes:g} min of"
            " sections, search and partners filter on a pty; memory (VmRSS) of both apps after"
            " a 3 s pause (also right after the last section key)"
        )
    if "firsts" in parts:
        import first_openings

        runs = 2 if args.quick else 10
        for label, kwargs in [
            ("after 2 s on home, 1 s a section", {}),
            ("the same, database out of the file cache", {"cold": True}),
            ("no pause, database out of the file cache", {"cold": True, "pause": False}),
        ]:
            shown = first_openings.measure(target, BIN, runs, **kwargs)
            with_load(first_openings.rows(shown, label))
        notes.append(
            f"firsts: the pty part's first openings (p t v a w h) in {runs} fresh processes"
            " each, every pause moved by up to 0.5 s; out of the file cache: the database's"
            " pages dropped from the system's cache before each process (posix_fadvise)"
        )
    if "openings" in parts:
        from ptykeys import OPENING_ROUNDS, measure_openings, opening_rows

        rounds = 3 if args.quick else OPENING_ROUNDS
        with_load(opening_rows(measure_openings(target, rounds, BIN)))
        notes.append(
            "openings: the installed command on a pty of 80×24, a row not opened before each"
            " time; complete frame: the frame holding the screen's header, list and footer;"
            f" after one untimed opening of each (its first in the process: the last row),"
            f" {rounds} rounds that open every screen once in turn"
        )
    if "keys" in parts:
        # Lift Textual's frame cap for this process only (see _keystrokes); start-up above ran
        # in subprocesses at the default. Textual is first imported after this line.
        os.environ["TEXTUAL_FPS"] = str(KEY_FPS)
        keys = asyncio.run(_keystrokes(target, 40 if args.quick else args.keystrokes))
        from textual import constants

        notes.append(
            f"keystrokes: {target.parent.name} workspace, Textual frame cap {constants.MAX_FPS}/s"
            " (default 60/s: up to 16.7 ms more per key, for both apps alike)"
        )
        rows += _key_rows(keys)
    loaded()
    if "cli" in parts:
        from cli_lists import measure as measure_cli
        from cli_lists import rows as cli_rows

        with_load(cli_rows(measure_cli(target, BIN, 2 if args.quick else 7), target.parent.name))
        notes.append(
            f"cli: {target.parent.name} workspace, the installed command, output to /dev/null;"
            " median wall time of the rounds (commands alternated, one warm-up round), the"
            " highest peak RSS of one run"
        )
    if "writers" in parts:
        # Writers on a copy of the workspace measured (the large one; the demo when quick):
        # a save on a full database maintains its indexes and full-text index at that size.
        db = work / "writers.db"
        for suffix in ("", "-wal", "-shm", "-gate", "-gate-queue"):
            Path(f"{db}{suffix}").unlink(missing_ok=True)
        shutil.copyfile(target.parent / "stadstafel.db", db)
        w = run_writers(
            str(db),
            writers=4 if args.quick else args.writers,
            seconds=3.0 if args.quick else args.seconds,
        )
        n = w["writers"]
        rows.append((f"{n} writers: writes/s", f"{w['writes_per_second']:.0f}", "", "", ""))
        rows.append((f"{n} writers: p99 write (ms)", f"{w['p99_ms']:.1f}", "", "", "≤ 100"))
        rows.append(("lost writes", str(w["lost_writes"]), "", "", "= 0"))
        rows.append(("lock errors shown", str(w["lock_errors"]), "", "", "= 0"))
        notes.append(
            f"writers: {n} processes for {w['seconds']:g} s on a copy of the"
            f" {target.parent.name} workspace's database ({w['size_mib']:.0f} MiB)"
        )
    if "backup" in parts:
        db = work / "backup.db"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{db}{suffix}").unlink(missing_ok=True)
        shutil.copyfile(target.parent / "stadstafel.db", db)  # the workspace, written to
        b = run_backup(
            db, writers=2 if args.quick else 4, seconds=2.0 if args.quick else args.seconds / 3
        )
        rows += backup_rows(b)
        notes.append(
            f"backup: {b[0]['size_mib']:.0f} MiB, started {b[0]['started_after_s']:.1f} s into"
            " the writers' run; first column under writers, second idle, then the load average"
        )

    if "browser" in parts:
        from browser import browser_start

        b = browser_start(target, HOME_MARKER, 3 if args.quick else 7)
        rows.append(("browser: serve → home (s)", f"{b['browser_s']:.2f}", "", "", ""))
        rows.append(("browser: new session → home (s)", f"{b['session_s']:.2f}", "", "", ""))
        rows.append(("terminal start, same runs (s)", f"{b['terminal_s']:.2f}", "", "", ""))
        notes.append(f"browser: load average {b['load']:.2f} at the end of its runs")
    if "rappel" in parts:
        from browser import rappel_time

        r = rappel_time(target, 3 if args.quick else 5)
        rows.append(
            (f"rappel --dry-run, {r['digests']} digests (s)", f"{r['rappel_s']:.2f}", "", "", "")
        )
        notes.append(f"rappel: load average {r['load']:.2f} at the end of its runs")
    for module in MODULES:
        if module in parts:
            from importlib import import_module

            rows += import_module(module).run(target, args.quick)
    loaded()
    header = ("figure", "stadstafel", "minimal app", "ratio / diff", "budget", "load")
    table = [(*row, load) for row, load in zip(rows, loads, strict=True)]
    widths = [max(len(str(r[i])) for r in [header, *table]) for i in range(6)]
    for row in [header, tuple("-" * w for w in widths), *table]:
        print("  ".join(str(c).ljust(w) for c, w in zip(row, widths, strict=True)).rstrip())
    print("load: the 1-minute load average when the figure was taken (2 cores; mean over a")
    print("figure's keystrokes for the pty rows)")
    for note in notes:
        print(note)


if __name__ == "__main__":
    main()
