"""The sociaal-domein module's part of ``bench/run`` (``--parts sociaal_domein``).

In-process through Textual's Pilot on the benchmark's workspace (large: about a thousand
cities, ten years of figures for five indicators, four measures per table), each keystroke
timed with the runner's ``FrameClock`` from the key to the frame that shows its result:

- opening the section (``i``) from home;
- opening one indicator's comparison (Enter: the cities ranked, first page) and paging it;
- the per-city view (``g``: Leiden's rank across the indicators);
- typing in the measures' filter (paged and filtered in SQL);

and, beside them, the measures list with a law and a taakveld filter as a service call.
Budgets (DESIGN.md): a keystroke 16 ms median / 50 ms p99, opening a screen 32 ms.
"""

from __future__ import annotations

import asyncio
import gc
import os
import statistics
import sys
import time
from pathlib import Path
from types import ModuleType

MEASURE_WORDS = ["aanpak", "maatwerk", "jeugd", "inkomen"]


def run(config: Path, quick: bool) -> list[tuple[str, str, str, str, str]]:
    """The figures as rows of the runner's table (figure, ours, -, -, budget); the runner
    (bench/bench.py, run as the main module) lends its FrameClock and key helpers."""
    runner = sys.modules["__main__"]
    os.environ.setdefault("TEXTUAL_FPS", str(runner.KEY_FPS))  # as the runner's keys part
    rounds = 5 if quick else 30
    keys = asyncio.run(_measure(config, rounds, 20 if quick else 120, runner))
    out = []
    for label, name, budget in [
        ("open section (i)", "section", "≤ 16"),
        (f"comparison of {keys['cities']} cities (Enter)", "compare", "≤ 32"),
        ("comparison, page down", "page", "≤ 16"),
        ("per-city view (g)", "city", "≤ 32"),
        (f"filter {keys['measures']} measures", "filter", "≤ 16"),
    ]:
        values = keys[name]
        out.append((f"sociaal-domein: {label}, key→shown median (ms)",
                    f"{statistics.median(values) * 1000:.1f}", "", "", budget))  # fmt: skip
        if name in ("filter", "page"):
            out.append((f"sociaal-domein: {label}, key→shown p99 (ms)",
                        f"{runner.p99(values) * 1000:.1f}", "", "", "≤ 50"))  # fmt: skip
    out.append(("sociaal-domein: measures by law and taakveld, first page (ms)",
                f"{statistics.median(keys['query']) * 1000:.1f}", "", "", ""))  # fmt: skip
    return out


async def _measure(config: Path, rounds: int, keystrokes: int, runner: ModuleType) -> dict:
    from stadstafel.start import Context
    from stadstafel.tui.app import StadstafelApp

    clock = runner.FrameClock()
    timed: dict[str, list] = {k: [] for k in ("section", "compare", "page", "city", "filter")}
    gc.disable()
    ctx = Context(str(config), None, False)
    ws = ctx.workspace()
    measures = ws.service("sociaal-domein.measures")
    query = []
    for _ in range(rounds):
        t0 = time.perf_counter()
        measures.list(law="Jeugdwet", taakveld="6.7", limit=50)
        query.append(time.perf_counter() - t0)
    result = {
        "query": query,
        "cities": ws.service("sociaal-domein.regions").count("FROM sociaal_domein_regions"),
        "measures": measures.list(limit=1).total,
    }
    app = StadstafelApp(ws, host=ctx.host)
    async with app.run_test(size=(80, 24)) as pilot:

        async def settle() -> None:
            await pilot.pause()
            await app.workers.wait_for_complete()
            await pilot.pause()

        async def press(key: str, into: str | None) -> None:
            if into is None:
                await pilot.press(key)
                await settle()
                return
            bucket = runner._bucket()
            await runner._press(pilot, clock, key, bucket)
            timed[into].append(bucket["shown"][0])

        await settle()
        await asyncio.sleep(1.0)  # the user reads home; the app imports sections meanwhile
        for _ in range(rounds):
            await press("i", "section")
            await press("h", None)
        await press("i", None)
        for _ in range(rounds):
            await press("enter", "compare")
            for _ in range(3):
                await press("pagedown", "page")
            await press("escape", None)
        for _ in range(rounds):
            await press("g", "city")
            await press("escape", None)
        await press("m", None)
        app.screen.query_one("#filter").focus()
        runner._quiet_cursor(app)
        typed = 0
        while typed < keystrokes:
            for word in MEASURE_WORDS:
                for key in [*word, *["backspace"] * len(word)]:
                    await press(key, "filter")
                    typed += 1
    ws.close()
    gc.enable()
    return {**timed, **result}
