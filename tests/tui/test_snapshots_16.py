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


# -- the other main screens at 16 colours: tables, the agenda and the minutes ----------------------
def test_tables_16_colours(snap_compare, app):
    shown = sixteen_colours(app(few_colours=True))
    assert snap_compare(shown, terminal_size=SIZE, run_before=steps("t"))


@pytest.mark.parametrize("view", ["agenda", "minutes"])
def test_agenda_and_minutes_16_colours(snap_compare, app, demo_ws, view):
    from test_snapshots_agenda import with_agenda

    run_before = with_agenda(demo_ws, *(("enter",) if view == "minutes" else ()))
    shown = sixteen_colours(app(few_colours=True))
    assert snap_compare(shown, terminal_size=SIZE, run_before=run_before)


@pytest.mark.parametrize("view", ["tables", "agenda"])
@drive
async def test_every_main_list_marks_its_cursor_row_by_more_than_bold(app, demo_ws, view):
    """The cursor row of the tables list and of the agenda's items is in reverse video at 16
    colours, unlike the header row (minutes mode shows one item, no list)."""
    from test_snapshots_agenda import with_agenda
    from textual.widgets import DataTable

    run_before = (
        steps("t")
        if view == "tables"
        else (with_agenda(demo_ws, *(("enter",) if view == "minutes" else ())))
    )
    async with sixteen_colours(app(few_colours=True)).run_test(size=SIZE) as pilot:
        await run_before(pilot)
        tables = [t for t in pilot.app.screen.query(DataTable) if t.row_count]
        assert tables, view
        for table in tables:
            styles = table.get_component_styles
            cursor = styles("datatable--cursor").text_style
            header = styles("datatable--header").text_style
            assert cursor.reverse and not header.reverse, (view, table.id)
