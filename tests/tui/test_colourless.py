"""NO_COLOR and TERM=dumb: the app draws without colour (no 24-bit or any colour codes), and
the list cursor stays visible in reverse video."""

from __future__ import annotations

import re

import pytest
from support import drive

from stadstafel.tui.app import colourless

SIZE = (80, 24)
# SGR colour parameters: 24-bit (38;2 / 48;2), 256 (38;5 / 48;5), the 16 colours (30-37,
# 40-47, 90-97, 100-107). 39 and 49 (the terminal's default colours) are not colour.
COLOUR = re.compile(r"\x1b\[([0-9;]*)m")


def colour_codes(output: str) -> set[str]:
    found = set()
    for params in COLOUR.findall(output):
        parts = params.split(";")
        i = 0
        while i < len(parts):
            p = parts[i]
            if p in ("38", "48"):
                found.add(";".join(parts[i : i + 3]))
                i += 5 if parts[i + 1 : i + 2] == ["2"] else 3
                continue
            if p.isdigit() and (30 <= int(p) <= 37 or 40 <= int(p) <= 47 or 90 <= int(p) <= 107):
                found.add(p)
            i += 1
    return found


def drawn_output(app) -> str:
    """The screen as the terminal would receive it: every strip rendered to escape codes."""
    return "".join(strip.render(app.console) for strip in app.screen._compositor.render_strips())


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({"TERM": "xterm-256color"}, False),
        ({"TERM": "dumb"}, True),
        ({"TERM": "xterm", "NO_COLOR": "1"}, True),
        ({}, False),
    ],
)
def test_colourless_reads_term_and_no_color(env, expected):
    assert colourless(env) is expected


@pytest.mark.parametrize("env", [{"TERM": "dumb"}, {"NO_COLOR": "1"}])
@drive
async def test_a_colourless_terminal_gets_no_colour_codes(app, monkeypatch, env):
    monkeypatch.delenv("NO_COLOR", raising=False)
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    async with app().run_test(size=SIZE) as pilot:
        await pilot.press("p")  # the partners list: a cursor row
        await pilot.pause()
        assert pilot.app.no_color
        output = drawn_output(pilot.app)
        assert colour_codes(output) == set(), sorted(colour_codes(output))[:5]
        assert "\x1b[7" in output or ";7m" in output or ";7;" in output  # reverse: the cursor


@drive
async def test_a_colour_terminal_still_gets_colour(app, monkeypatch):
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("TERM", "xterm-256color")
    async with app().run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert not pilot.app.no_color
        assert colour_codes(drawn_output(pilot.app))  # 256 colours here (no COLORTERM)
