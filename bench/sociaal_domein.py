"""The sociaal-domein module's part of ``bench/run`` (``--parts sociaal_domein``).

Measured from outside, as a person at the terminal sees it: the installed ``stadstafel`` on a
pseudo-terminal of 80×24 at Textual's default frame rate (``ptykeys.PtyApp``), on the
benchmark's workspace (large: every gemeente with ten years of figures for five indicators,
four measures per table). A keystroke's time runs from writing its bytes until the frame
showing its result has arrived (key→shown):

- opening the section (``i``) from home: its count line "… indicatoren";
- opening one indicator's comparison (Enter): the cities ranked, first page, with the own
  city's position line ("… staat Ne van M") drawn in the same frame;
- paging the comparison (page down): the first frame after the key;
- the per-city view (``g``): its heading "… plaats per indicator";
- typing in the measures' filter (paged and filtered in SQL): each key's frame shows the
  word typed so far.

Beside them, the measures list with a law and a taakveld filter as a service call. The load
average (1 minute, 2 cores on the shared machine) is taken beside each keystroke and its mean
is printed in each figure's label. Budgets (DESIGN.md): a keystroke 16 ms median / 50 ms p99,
opening a screen 32 ms to its complete first frame.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

MEASURE_WORDS = ["aanpak", "maatwerk", "jeugd", "inkomen"]
PAGE_DOWN = b"\x1b[6~"
ESCAPE = b"\x1b"
SHIFT_TAB = b"\x1b[Z"


def run(config: Path, quick: bool) -> list[tuple[str, str, str, str, str]]:
    """The figures as rows of the runner's table (figure, ours, -, -, budget); the runner
    (bench/bench.py, run as the main module) lends its installed command and home marker."""
    runner = sys.modules["__main__"]
    rounds = 5 if quick else 30
    keys = measure(config, runner.BIN, runner.HOME_MARKER, rounds, 20 if quick else 120)
    out = []
    for label, name, budget in [
        ("open section (i)", "section", "≤ 16"),
        (f"comparison of {keys['cities']} cities (Enter)", "compare", "≤ 32"),
        ("comparison, page down", "page", "≤ 16"),
        ("per-city view (g)", "city", "≤ 32"),
        (f"filter {keys['measures']} measures", "filter", "≤ 16"),
    ]:
        values, load = keys[name]["shown"], statistics.mean(keys[name]["load"])
        n = len(values)
        out.append((f"sociaal-domein: {label}, key→shown median (ms, pty, n={n}, load {load:.2f})",
                    f"{statistics.median(values) * 1000:.1f}", "", "", budget))  # fmt: skip
        if name in ("filter", "page"):
            out.append((f"sociaal-domein: {label}, key→shown p99 (ms, pty)",
                        f"{_p99(values) * 1000:.1f}", "", "", "≤ 50"))  # fmt: skip
    out.append(("sociaal-domein: measures by law and taakveld, first page (ms)",
                f"{statistics.median(keys['query']) * 1000:.1f}", "", "", ""))  # fmt: skip
    return out


def _p99(values: list[float]) -> float:
    from ptykeys import percentile

    return percentile(values, 99)


def measure(config: Path, bin_: Path, home: bytes, rounds: int, keystrokes: int) -> dict:
    from ptykeys import CLEAR, PtyApp, load

    from stadstafel.start import Context

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
    ws.close()
    timed = {k: {"shown": [], "load": []} for k in ("section", "compare", "page", "city", "filter")}
    app = PtyApp([str(bin_), "--config", str(config)])

    def key(data: bytes, expect: bytes | None, into: str | None) -> None:
        shown, _settled, _ = app.key(data, expect)
        if into is not None:
            timed[into]["shown"].append(shown)
            timed[into]["load"].append(load())

    try:
        app.wait_for(home)
        time.sleep(2.0)  # the user reads home; the app imports sections meanwhile
        for _ in range(rounds):
            key(b"i", b"indicatoren", "section")
            key(b"h", None, None)  # home
        key(b"i", b"indicatoren", None)
        for _ in range(rounds):
            key(b"\r", b"e van ", "compare")
            for _ in range(3):
                key(PAGE_DOWN, None, "page")
            key(ESCAPE, None, None)
        for _ in range(rounds):
            key(b"g", b"plaats per indicator", "city")
            key(ESCAPE, None, None)
        key(b"m", b"maatregelen", None)
        key(SHIFT_TAB, None, None)  # from the list up to its filter
        typed = 0
        while typed < keystrokes:
            for word in MEASURE_WORDS:
                for i in range(1, len(word) + 1):
                    key(word[i - 1].encode(), word[:i].encode(), "filter")
                    typed += 1
                key(CLEAR, None, None)
    finally:
        app.close()
    return {**timed, **result}
