"""Layouts that use the width (issue 21, item 5): list columns grow with the terminal (the
longest text column takes the slack), a figure on a home card is never cut, at 80×24 every
key in a footer has its word (the less important keys are left out, to the help screen ?),
and the first screen shows how to quit. Snapshots at 80×24 and 120×40."""

from __future__ import annotations

import pytest
from support import drive, settle
from test_snapshots_agenda import next_woningbouw, with_agenda

from stadstafel import i18n
from stadstafel.testing import list_width_problems
from stadstafel.tui.screens.agenda import AgendaScreen
from stadstafel.tui.widgets.lists import RecordTable

LONG = "Stichting Huurdersbelangen Leiden en Omstreken"


def footer(pilot) -> str:
    return str(pilot.app.screen.footer.render())


def row_text(table: RecordTable, key) -> str:
    table.select_key(key)
    return " ".join(str(c) for c in table.get_row_at(table.cursor_row))


def shown(pilot) -> str:
    strips = pilot.app.screen._compositor.render_strips()
    return "\n".join("".join(seg.text for seg in strip) for strip in strips)


@drive
async def test_the_longest_column_takes_the_room_of_a_wide_terminal(app, demo_ws):
    org = demo_ws.organisations.create(name=LONG, kind="overig")
    for size, whole in [((80, 24), False), ((160, 40), True)]:
        async with app().run_test(size=size) as pilot:
            await pilot.press("p")
            await pilot.pause()
            table = pilot.app.screen.table
            table.select_key(org.id)
            await pilot.pause()
            name = table.ordered_columns[0]
            assert (name.width >= len(LONG)) is whole, size
            assert (LONG in shown(pilot)) is whole, size
            # the other columns keep their widths
            assert [c.width for c in table.ordered_columns[1:]] == [
                w for _label, w in table.columns_spec[1:]
            ]


@drive
async def test_a_figure_on_a_home_card_is_never_cut(app, demo_ws):
    card = {
        "title": "Harde plancapaciteit (woningen in vastgestelde plannen)",
        "value": "3.215 woningen",
        "detail": "stand 1 januari 2027",
    }
    demo_ws.plugin_dashboard_cards = lambda: [card]
    for size in [(80, 24), (200, 60)]:
        async with app().run_test(size=size) as pilot:
            await pilot.pause()
            text = shown(pilot)
            assert "3.215" in text and "woningen" in text, size


async def keys_and_words(pilot) -> tuple[str, list[tuple[str, str]], set[str]]:
    """(the footer line, (key, word) of every key it may show, the keys on the help screen)."""
    from stadstafel.tui.screens.help import binding_rows

    screen = pilot.app.screen
    hides = getattr(screen, "footer_hides", None)
    offered = []
    for b in screen.active_bindings.values():
        action = b.binding.action.split("(")[0]
        if b.binding.show and b.binding.group is None and not (hides and hides(action)):
            display = b.binding.key_display or pilot.app.get_key_display(b.binding)
            offered.append((display, b.binding.description))
    here, everywhere = binding_rows(screen)
    helped = {key for keys, _d in [*here, *everywhere] for key in keys.split(" / ")}
    return footer(pilot), offered, helped


@pytest.mark.parametrize("language", ["nl", "en"])
@drive
async def test_at_80_columns_every_key_in_the_footer_has_its_word(app, demo_ws, language):
    """A footer that runs out of room leaves the less important keys out (they are on the
    help screen, ?), and every key it shows says what it does: the screen's main keys, the
    sections, search and help first."""
    meeting = next_woningbouw(demo_ws)
    i18n.set_language(language)
    try:
        async with app().run_test(size=(80, 24)) as pilot:
            for step in ["h", "p", "t", "v", "a", "z", "agenda"]:
                if step == "agenda":
                    pilot.app.push_screen(AgendaScreen(meeting.id))
                else:
                    await pilot.press(step)
                await pilot.pause()
                await pilot.pause()
                line, offered, helped = await keys_and_words(pilot)
                words = line.split()
                for key, word in offered:
                    if key in words:
                        assert f" {key} {word} " in line, (step, key, line)
                    else:
                        assert key in helped, (step, key)  # left out: on the help screen
                assert offered[0][0] in words, (step, line)  # the main key stays
                help_word = "Help"
                search = "Zoeken" if language == "nl" else "Search"
                assert f"? {help_word}" in line and f"/ {search}" in line, (step, line)
                assert ("Secties" if language == "nl" else "Sections") in line, (step, line)
            # the agenda's keys the footer leaves out are all on its help screen
            assert {"V", "g", "c"} <= helped
    finally:
        i18n.set_language("nl")


@drive
async def test_the_first_screen_shows_how_to_quit_and_speaks_english(app, demo_ws):
    async with app().run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert " q Stoppen " in footer(pilot)
        await pilot.press("q")
        await pilot.pause()
        assert not pilot.app.is_running
    i18n.set_language("en")
    try:
        async with app().run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            line = footer(pilot)
            assert " q Quit " in line and "Sections" in line and "Secties" not in line
    finally:
        i18n.set_language("nl")


# -- snapshots ----------------------------------------------------------------------------------
def keys(*pressed: str):
    async def run_before(pilot) -> None:
        await pilot.pause()
        for key in pressed:
            await pilot.press(key)
            await pilot.pause()
        pilot.app.clear_notifications()
        await settle(pilot)

    return run_before


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
@pytest.mark.parametrize("screen", ["home", "partners", "tables"])
def test_sections_at_both_sizes(snap_compare, app, screen, size):
    pressed = {"home": (), "partners": ("p",), "tables": ("t",)}[screen]
    assert snap_compare(app(), terminal_size=size, run_before=keys(*pressed))


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
@pytest.mark.parametrize("view", ["agenda", "minutes"])
def test_agenda_and_minutes_at_both_sizes(snap_compare, app, demo_ws, view, size):
    run_before = with_agenda(demo_ws, *(("enter",) if view == "minutes" else ()))
    assert snap_compare(app(), terminal_size=size, run_before=run_before)


# -- every list: the longest text column grows, nothing is cut to a fixed width ----------------
def _decisions(ws):
    from stadstafel.tui.screens.decisions import DecisionsScreen

    return DecisionsScreen(ws.tables.by_name("Samenwerkingstafel Woningbouw").id)


def _items(ws):
    from stadstafel.tui.screens.items import AgendaItemsScreen

    return AgendaItemsScreen()


def _meetings(ws):
    from stadstafel.tui.screens.meetings import MeetingsScreen

    return MeetingsScreen()


def _actions(ws):
    from stadstafel.tui.screens.actions import ActionsScreen

    return ActionsScreen()


def _intake(ws):
    from stadstafel.tui.screens.intake import IntakeScreen

    return IntakeScreen()


def _carry(ws):
    from stadstafel.tui.screens.carry import CarryForwardScreen

    return CarryForwardScreen(next_woningbouw(ws).id)


LISTS = {
    "besluiten": _decisions,
    "agendapunten": _items,
    "vergaderingen": _meetings,
    "acties": _actions,
    "inbreng": _intake,
    "doorschuiven": _carry,
}


@pytest.mark.parametrize("name", list(LISTS))
def test_every_list_gives_its_longest_text_column_the_room(app, demo_ws, name):
    """At 80, 120 and 200 columns: the title-like column grows, figures, dates and statuses
    keep their widths, and a long text shows whole at 200 (no cell cut in code)."""

    def open_list(pilot):
        pilot.app.push_screen(LISTS[name](demo_ws))

    assert list_width_problems(app, open_list) == []


@drive
async def test_the_agendas_lines_are_cut_where_the_screen_ends_not_at_80(app, demo_ws):
    """The meeting line above the agenda and the item line under it: whole at 200 columns
    (they were cut at 78 characters whatever the width), cut at 80, and again after a
    resize."""
    meeting = next_woningbouw(demo_ws)
    assert meeting.location
    line = f"{meeting.title or 'Samenwerkingstafel Woningbouw'}"
    async with app().run_test(size=(80, 24)) as pilot:
        pilot.app.push_screen(AgendaScreen(meeting.id))
        await pilot.pause()
        await pilot.pause()
        assert meeting.location not in shown(pilot)  # 80 columns: the place is cut
        await pilot.resize_terminal(200, 60)
        await pilot.pause()
        await pilot.pause()
        text = shown(pilot)
        assert meeting.location in text and line in text
        item = pilot.app.screen.current
        assert item.origin_text and item.origin_text in text  # the item line, whole


@drive
@pytest.mark.parametrize("name", ["日本語の組織名テスト🏠🏠" * 2, "Leiden " + "漢字" * 30])
async def test_a_header_of_wide_characters_keeps_who_is_acting_and_its_width(app, demo_ws, name):
    """A workspace name of wide characters (two cells each): the header is shortened by the
    cells it takes, not its characters, so who is acting still shows at its right end."""
    from rich.cells import cell_len
    from textual.geometry import Region

    demo_ws.config.workspace_name = name
    async with app().run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = pilot.app.screen
        text = screen.header_text
        assert text.endswith(pilot.app.actor_label) and cell_len(text) == 80 - 4
        line = screen.render_lines(Region(0, 0, 80, 24))[0].text
        assert line.rstrip().endswith(pilot.app.actor_label)
