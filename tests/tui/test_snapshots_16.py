"""What people see in a 16-colour terminal (``env -u COLORTERM TERM=xterm-16color``, common
over SSH): the cursor row must stand out by more than bold, in every theme.

Update after a deliberate change: ``uv run pytest tests/tui/test_snapshots_16.py
--snapshot-update``, then look at the SVGs under ``__snapshots__/``.
"""

from __future__ import annotations

import pytest
from support import drive, settle, sixteen_colours
from test_snapshots_core import SIZE, steps

THEMES = ["stadstafel", "leiden", "hoog-contrast"]


def test_home_16_colours(snap_compare, app):
    assert snap_compare(
        sixteen_colours(app(few_colours=True)), terminal_size=SIZE, run_before=steps()
    )


@pytest.mark.parametrize("theme", THEMES)
def test_partners_16_colours(snap_compare, app, theme):
    shown = sixteen_colours(app(theme=theme, few_colours=True))
    assert snap_compare(shown, terminal_size=SIZE, run_before=steps("p"))


@pytest.mark.parametrize("theme", THEMES)
@drive
async def test_the_cursor_row_is_not_told_apart_by_bold_alone(app, theme):
    async with sixteen_colours(app(theme=theme, few_colours=True)).run_test(size=SIZE) as pilot:
        await steps("p")(pilot)
        table = pilot.app.screen.table
        styles = table.get_component_styles
        cursor = styles("datatable--cursor").text_style
        header = styles("datatable--header").text_style
        assert cursor.reverse and not header.reverse  # reverse video, not only bold
        table.blur()
        await settle(pilot)
        assert styles("datatable--cursor").text_style.underline  # no focus: underlined


@drive
async def test_full_colour_terminals_keep_the_themes_cursor(app):
    async with app(few_colours=False).run_test(size=SIZE) as pilot:
        await steps("p")(pilot)
        cursor = pilot.app.screen.table.get_component_styles("datatable--cursor").text_style
        assert cursor.bold and not cursor.reverse
