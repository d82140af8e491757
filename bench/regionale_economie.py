"""The regionale-economie module's lists (``bench/run --parts regionale_economie``).

What a key costs in the module's screens, in-process on the workspace ``bench/run`` uses
(large: 10,000 collaborations, a year of control events for each GR), medians and p99 over
repeated runs:

- the collaborations list: its first page and the cells it shows (flags per row), as the
  screen asks for it on opening and on every key in its filter (filter in the database);
- the deadlines calendar: its first page (open deadlines, this quarter first);
- a key in the collaborations filter through the app (Pilot): key → shown, with ``bench.py``'s
  frame clock, beside Pilot's whole round trip;
- the same from outside on a pseudo-terminal (``ptykeys.py``): the installed command at 80×24
  and Textual's default frame rate, key written until its frame arrived, beside the core's
  partners filter in a second instance, word for word alternated, with the load beside.

The figures are printed by ``bench/run``; the module's README records one with its load.
"""

from __future__ import annotations

import asyncio
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent

NAME = "regionale-economie"
BUDGET_MS = 16.0  # DESIGN.md: a key's work in one frame (median)


def _ms(fn, rounds: int) -> list[float]:
    out = []
    for _ in range(rounds):
        t0 = time.perf_counter()
        fn()
        out.append(1000 * (time.perf_counter() - t0))
    return out


def _p99(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(0.99 * len(ordered)) - 1))]


def _row(label: str, values: list[float]) -> tuple[str, str, str, str, str]:
    return (
        f"{label} (ms)",
        f"{statistics.median(values):.1f}",
        "",
        f"p99 {_p99(values):.1f}",
        f"≤ {BUDGET_MS:.0f}",
    )


async def _keys(ws, words: list[str], keystrokes: int) -> dict:
    """Key → shown in the collaborations screen's filter, through Pilot, with the frame clock
    and typing loop of ``bench.py`` (words typed and erased again)."""
    if str(HERE) not in sys.path:
        sys.path.insert(0, str(HERE))
    from bench import FrameClock, _bucket, _type
    from stadstafel.tui.app import StadstafelApp

    clock = FrameClock()
    out = _bucket()
    app = StadstafelApp(ws, host=ws.plugins)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("g", "f")
        await pilot.pause()
        await _type(pilot, clock, words, keystrokes, out)
    return out


VERBAND_WORDS = ["regio", "ggd", "afval", "economie", "werkorganisatie", "sociale"]
PARTNER_WORDS = ["wonen", "leiden", "bouw", "groep", "stichting", "utrecht"]


def pty_keys(config: Path, keystrokes: int) -> dict:
    """Key → shown from outside: the collaborations filter (``g``, ``f``) and the partners
    filter (``p``, ``f``), each in its own instance of the installed command on a pty of
    80×24, word for word alternated so that both see the same load."""
    if str(HERE) not in sys.path:
        sys.path.insert(0, str(HERE))
    from ptykeys import PtyApp, _bucket, _type_word, summary

    binary = Path(sys.executable).parent / "stadstafel"
    ours = PtyApp([str(binary), "--config", str(config)])
    core = PtyApp([str(binary), "--config", str(config)])
    out = {"verbanden": _bucket(), "partners": _bucket()}
    try:
        for app, section in ((ours, b"g"), (core, b"p")):
            app.wait_for(b"Vergaderingen, komende 4 weken")
            app.key(section, None)
            app.key(b"f", None)
            _type_word(app, "warm", _bucket())
        typed = 0
        while typed < keystrokes:
            for mine, theirs in zip(VERBAND_WORDS, PARTNER_WORDS, strict=True):
                _type_word(ours, mine, out["verbanden"])
                _type_word(core, theirs, out["partners"])
                typed += len(mine)
    finally:
        ours.close()
        core.close()
    return {name: summary(bucket) for name, bucket in out.items()}


def run(config: Path, quick: bool) -> list[tuple]:
    """Rows for ``bench/run``'s table (the first says what was measured on)."""
    from stadstafel.start import Context

    rounds = 5 if quick else 50
    ws = Context(str(config), None, False).workspace()
    try:
        verbanden = ws.service(f"{NAME}.verbanden")
        control = ws.service(f"{NAME}.control")
        total = verbanden.list(limit=1).total

        def first_page(text: str = "") -> None:
            page = verbanden.list(filter=text, limit=50)
            for v in page.rows:
                verbanden.flags(v)

        rows = [
            _row("collaborations list, first page", _ms(first_page, rounds)),
            _row("collaborations filter 'Regio 1'", _ms(lambda: first_page("Regio 1"), rounds)),
            _row(
                "deadlines calendar, first page",
                _ms(lambda: control.deadlines(limit=50), rounds),
            ),
        ]
        words = ["regio", "ggd", "afval", "economie", "werkorganisatie"]
        keys = asyncio.run(_keys(ws, words, 20 if quick else 200))
        ms = {kind: [1000 * v for v in values] for kind, values in keys.items()}
        rows.append(_row("collaborations filter, key→shown", ms["shown"]))
        rows.append(
            (
                "collaborations filter, Pilot round trip median (ms)",
                f"{statistics.median(ms['raw']):.1f}",
                "",
                "",
                "",
            )
        )
    finally:
        ws.close()
    pty = pty_keys(config, 20 if quick else 200)
    for name, label in (("verbanden", "collaborations"), ("partners", "core's partners")):
        shown = pty[name]["shown"]
        rows.append(
            (
                f"pty {label} filter, key→shown median / p99 (ms, n={pty[name]['n']},"
                f" load {pty[name]['load']:.2f})",
                f"{shown[0]:.1f}",
                "",
                f"p99 {shown[1]:.1f}",
                f"≤ {BUDGET_MS:.0f} / 50",
            )
        )
    head = (
        f"regionale-economie: collaborations ({rounds} rounds, {len(ms['shown'])} keys)",
        str(total),
        "",
        "",
        "",
    )
    return [head, *rows]
