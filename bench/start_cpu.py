"""Main-thread CPU of a start to the first frame, phase by phase, beside the minimal app's:
for judging a change to the start on a loaded machine (the pty figure of ``bench/run`` is wall
clock, and a load of 3-9 moves it by a third).

    uv run python bench/start_cpu.py bench/.work/small/stadstafel.toml [ROUNDS]

Each round starts the minimal app and stadstafel (as ``bench/first_frame.py`` does: headless,
80×24, what ``stadstafel --config CONFIG`` does up to the home screen's first frame) each in a
fresh interpreter, alternated. Per phase the median of ``time.thread_time()`` (ms): the
imports of ``stadstafel.start`` (what the command imports before ``main`` switches the
collector off), the configuration and the plugin host, the imports of Textual and the UI
(the read-ahead thread opens the workspace meanwhile), the app built, its first frame. Then
counts: modules imported by the first frame, SQL statements (on the main thread before the
first frame, on the read-ahead thread, and on any other thread before the first frame: the
modules' cards are read after it), collections while ``stadstafel.start`` was
imported, CSS rules parsed, and the read-ahead thread's own CPU.
"""

from __future__ import annotations

import os
import sys
import time

# Nothing else here: what this script imports before the start would count as the start's.

HERE = os.path.dirname(os.path.abspath(__file__))


def one(config: str) -> dict:
    """One start in this interpreter (the phases as they end, in ms of main-thread CPU)."""
    import gc

    collections: list[str] = []
    gc.callbacks.append(lambda phase, info: collections.append(phase))
    marks: dict[str, float] = {}
    every: dict[str, float] = {}  # CPU of all threads (the read-ahead's beside the main one)

    def mark(name: str) -> None:
        marks[name] = time.thread_time() * 1000
        every[name] = time.process_time() * 1000

    if config == "min":
        gc.disable()
        sys.path.insert(0, HERE)
        from minimal_app import MinimalApp

        mark("imports")
        app = MinimalApp()
        mark("app built")
        counts: dict = {}
    else:
        from stadstafel.start import Context, ReadAhead  # as the console script: gc still on

        mark("imports of stadstafel.start")
        counts = {"collections while stadstafel.start was imported": collections.count("start")}
        gc.disable()  # as main() does
        ctx = Context(config, None, False)
        host = ctx.host
        mark("config and plugin host")
        statements = {"main": 0, "read-ahead": 0, "other": 0}
        import threading

        import stadstafel.store as store

        connect = store._connect

        def traced(*args, **kwargs):
            conn = connect(*args, **kwargs)
            current = threading.current_thread()
            thread = (
                "main"
                if current is threading.main_thread()
                else "read-ahead"
                if current.name == "stadstafel-read-ahead"
                else "other"  # the modules' cards, on a connection of their own
            )
            conn.set_trace_callback(
                lambda _sql: statements.__setitem__(thread, statements[thread] + 1)
            )
            return conn

        store._connect = traced
        ahead_cpu: list[float] = []
        run = ReadAhead._run

        def timed_run(self):
            run(self)
            ahead_cpu.append(time.thread_time() * 1000)

        ReadAhead._run = timed_run  # type: ignore[method-assign]
        from stadstafel import memory

        memory.one_heap()  # as run_tui: one C heap before the read-ahead thread starts
        ahead = ReadAhead(ctx.workspace)
        from stadstafel.tui.app import StadstafelApp
        from stadstafel.tui.css_cache import ParsedCss, cache_file

        host.themes()
        parsed_css = ParsedCss(cache_file()).install()
        ws = ahead.workspace()
        mark("Textual and UI imports")
        at_join = dict(statements)
        app = StadstafelApp(ws, host=host, read_ahead=ahead)
        app.parsed_css = parsed_css
        mark("app built")
        counts["read-ahead thread CPU (ms)"] = ahead_cpu[0] if ahead_cpu else 0.0

    import textual.css.stylesheet as sheet

    parse = sheet.Stylesheet._parse_rules
    rules = [0]

    def counted(self, *args, **kwargs):
        found = parse(self, *args, **kwargs)
        rules[0] += len(found)
        return found

    sheet.Stylesheet._parse_rules = counted  # type: ignore[method-assign]

    def done() -> None:
        mark("first frame")
        counts["modules"] = len(sys.modules)
        counts["CSS rules (parsed or from the cache)"] = rules[0]
        if config != "min":
            counts["CSS sources parsed"] = parsed_css.parsed
            counts["CSS sources taken from the cache"] = parsed_css.taken
            counts["SQL on the main thread before the first frame"] = (
                statements["main"] - at_join["main"]
            )
            counts["SQL on the read-ahead thread"] = at_join["read-ahead"]
            counts["SQL on other threads before the first frame"] = statements["other"]
            parsed_css.save()  # as the app does right after: the next start reads it
        app.exit()

    app.call_after_refresh(done)
    app.run(headless=True, size=(80, 24))
    if config != "min":
        ws.close()
    counts["CPU of all threads to the first frame (ms)"] = every["first frame"]
    counts["collections before the first frame"] = len(collections) // 2
    return {"marks": marks, "counts": counts}


def main() -> None:
    import json

    if sys.argv[1] == "--one":
        print(json.dumps(one(sys.argv[2])))
        return
    import statistics
    import subprocess

    config, rounds = sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 9
    runs: dict[str, list[dict]] = {"min": [], "stadstafel": []}
    for _ in range(rounds):
        for label, arg in (("min", "min"), ("stadstafel", config)):
            out = subprocess.run(
                [sys.executable, __file__, "--one", arg], capture_output=True, text=True, check=True
            )
            runs[label].append(json.loads(out.stdout.splitlines()[-1]))
    print(f"load {os.getloadavg()[0]:.2f}; medians of {rounds} starts each, ms of main-thread CPU")
    for label, found in runs.items():
        print(f"\n{label}")
        previous = 0.0
        for phase in found[0]["marks"]:
            at = statistics.median(r["marks"][phase] for r in found)
            print(f"  {phase:40} {at - previous:7.1f}  (at {at:6.1f})")
            previous = at
        for name in found[0]["counts"]:
            value = statistics.median(r["counts"][name] for r in found)
            print(f"  {name:52} {value:g}")


if __name__ == "__main__":
    main()
