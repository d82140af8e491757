"""Opening a table, a record screen, the table picker and the palette's results: what they
show is right however they were made faster (drawn once, a windowed picker, narrowed palette
searches). No timing is asserted; counts of the work done are."""

from __future__ import annotations

import pytest
from support import built, drive, open_from_list

from stadstafel.testing import drawing_counted, opened_counted
from stadstafel.tui.modals import PickerScreen
from stadstafel.tui.screens.partners import PartnerDetailScreen
from stadstafel.tui.screens.table.detail import TableDetailScreen
from stadstafel.tui.textual_private import screen_text
from stadstafel.tui.widgets.lists import RecordTable

SIZE = (80, 24)


def names_in(table: RecordTable, column: int = 0) -> set[str]:
    return {str(table.get_row_at(i)[column]) for i in range(table.row_count)}


def table_members(ws) -> tuple[list, dict]:
    tables = [t for t in ws.tables.list() if ws.tables.members(t.id)]
    return tables, {t.id: {m.organisation_name for m in ws.tables.members(t.id)} for t in tables}


def partner_people(ws) -> tuple[list, dict]:
    orgs = [o for o in ws.organisations.list(limit=None).rows if o.people]
    return orgs, {o.id: {p.name for p in ws.people.of_organisation(o.id)} for o in orgs}


#: a table's and a partner's screen: the section, the screen, its first list, its records
EACH_RECORD_SCREEN = pytest.mark.parametrize(
    ("section", "kind", "list_id", "records"),
    [
        ("t", TableDetailScreen, "members", table_members),
        ("p", PartnerDetailScreen, "people", partner_people),
    ],
)


@EACH_RECORD_SCREEN
@drive
async def test_a_record_opened_after_another_shows_only_its_own(
    app, demo_ws, section, kind, list_id, records
):
    found, listed = records(demo_ws)
    first, second = found[0], found[1]
    only_first = listed[first.id] - listed[second.id]
    assert only_first, "the demo's first two records share every row"
    async with app().run_test(size=SIZE) as pilot:
        screen = await open_from_list(pilot, section, first.id, kind)
        assert names_in(screen.query_one(f"#{list_id}", RecordTable)) == listed[first.id]
        await pilot.press("escape")
        await pilot.pause()
        screen = await open_from_list(pilot, section, second.id, kind)
        shown = screen_text(screen)
        assert second.name in shown and first.name not in shown
        assert names_in(screen.query_one(f"#{list_id}", RecordTable)) == listed[second.id]
        assert not any(name in shown for name in only_first)


@drive
async def test_a_record_screen_is_drawn_whole_once_as_it_opens(app, demo_ws, monkeypatch):
    """Textual laid a new screen out and drew it whole as it showed, then drew it whole
    again, and its lists again once they had fitted their columns to the width: three times
    the drawing for one frame. Now the first frame is drawn once, the columns fitted."""
    from textual._compositor import Compositor

    full, lists = [], []
    render_full_update = Compositor.render_full_update
    render_lines = RecordTable.render_lines
    monkeypatch.setattr(
        Compositor,
        "render_full_update",
        lambda self, *a, **k: full.append(1) or render_full_update(self, *a, **k),
    )
    monkeypatch.setattr(
        RecordTable,
        "render_lines",
        lambda self, crop: lists.append(self.id) or render_lines(self, crop),
    )
    table = next(t for t in demo_ws.tables.list() if demo_ws.tables.members(t.id))
    org = next(o for o in demo_ws.organisations.list(limit=None).rows if o.people)
    async with app().run_test(size=(120, 30)) as pilot:
        await built(pilot)  # the sections built in pauses draw unseen: not this opening's
        for section, key, kind, list_id in [
            ("t", table.id, TableDetailScreen, "members"),
            ("p", org.id, PartnerDetailScreen, "people"),
        ]:
            await pilot.press(section)
            await pilot.pause()
            screen = await opened_counted(pilot, full, lists, row=key)
            assert isinstance(screen, kind)
            assert len(full) == 1, section
            assert lists.count(list_id) == 1, section
            # drawn once, and with its columns fitted to the 120 columns
            shown = screen.query_one(f"#{list_id}", RecordTable)
            widths = sum(c.get_render_width(shown) for c in shown.columns.values())
            assert widths == shown.size.width - 1  # all of it, less the scrollbar
            await pilot.press("escape")
            await pilot.pause()


@drive
async def test_palette_results_of_a_growing_and_shrinking_query_equal_fresh_ones(app):
    """Each key narrows from the previous key's matches, and a backspace reuses that query's
    own: the hits, their scores and their order are those of a provider asked afresh."""
    from stadstafel.tui import commands

    queries = ["l", "le", "lei", "leid", "leide", "leid", "lei", "le", "l", "k", "ke", "ken"]
    queries += ["ken ", "ken m", "ken mi", "ken m", "ta", "taf", "tafel: ", "go", "ga n", "e", ""]
    async with app().run_test(size=SIZE) as pilot:
        screen = pilot.app.screen
        for kind in commands.PROVIDERS:
            kept = kind(screen)
            await kept.startup()
            for query in queries:
                fresh = kind(screen)
                await fresh.startup()
                want = [(str(h.text), h.score) async for h in fresh.search(query)]
                got = [(str(h.text), h.score) async for h in kept.search(query)]
                assert got == want, (kind.__name__, query)
        # the cache narrows: "ke" scores only what "k" matched
        tables = commands.TablesProvider(screen)
        await tables.startup()
        [h async for h in tables.search("k")]
        scored = []
        real = commands.fuzzy_match
        commands.fuzzy_match = lambda m, text: scored.append(text) or real(m, text)
        try:
            [h async for h in tables.search("ke")]
        finally:
            commands.fuzzy_match = real
        k_commands, k_names = tables._matches["k"], tables._table_matches["k"]
        assert len(k_commands) < len(tables._listed())
        everything = {c[3] for c in tables._listed()} | {n[2] for n in tables._names}
        assert len([t for t in scored if t in everything]) == len(k_commands) + len(k_names)


@drive
async def test_picker_of_many_options_holds_a_window_and_still_selects_and_filters(app):
    options = [(f"Tafel {i:03d}", i) for i in range(500)]
    fours = [i for label, i in options if "4" in label]  # what "Tafel 4" leaves
    chosen = []
    async with app().run_test(size=SIZE) as pilot:
        for value, keys, expected in [
            (None, ["pagedown"] * 3 + ["down"] * 5 + ["enter"], 35),
            (250, ["enter"], 250),
            (250, ["up"] * 20 + ["enter"], 230),
            (None, [*"Tafel 4", "pagedown", "pagedown", "down", "enter"], fours[21]),
            (None, [*"tafel 499", "enter"], 499),
        ]:
            picker = PickerScreen("Welke tafel?", options, value=value)
            pilot.app.push_screen(picker, chosen.append)
            await pilot.pause()
            assert picker.styles.background.a < 1  # a dialog: the screen behind it shows
            listed = picker.query_one("#options")
            assert listed.option_count == PickerScreen.WINDOW
            assert "van 500" in screen_text(picker)
            for key in keys[:-1]:
                await pilot.press(key)
            await pilot.pause()
            assert listed.option_count == min(PickerScreen.WINDOW, len(picker.shown))
            assert picker.shown[picker.highlighted] == options[expected]
            label = str(listed.get_option_at_index(listed.highlighted).prompt)
            assert label == options[expected][0]  # the option highlighted is the one chosen
            await pilot.press(keys[-1])
            await pilot.pause()
            assert chosen[-1] == expected
        picker = PickerScreen("Welke tafel?", options)
        pilot.app.push_screen(picker, chosen.append)
        await pilot.pause()
        await pilot.press(*"geen tafel")
        await pilot.pause()
        assert picker.query_one("#options").option_count == 0
        assert "Niets gevonden." in screen_text(picker)


@EACH_RECORD_SCREEN
@drive
async def test_a_record_opens_with_its_list_focused_and_styled_once(
    app, demo_ws, monkeypatch, section, kind, list_id, records
):
    """The list that has the focus before the screen's first frame (a table's members, a
    partner's people) is styled with ``:focus`` as it mounts and not a second time when the
    focus arrives; its styles are those a restyle of it gives (the focused cursor, the
    tint)."""
    _frames, styled = drawing_counted(monkeypatch)
    record = records(demo_ws)[0][0]
    async with app().run_test(size=SIZE) as pilot:
        await built(pilot)
        await pilot.press(section)
        await pilot.pause()
        screen = await opened_counted(pilot, styled, row=record.id)
        assert isinstance(screen, kind)
        shown = screen.query_one(f"#{list_id}", RecordTable)
        assert screen.focused is shown and shown.has_focus
        assert sum(node is shown for node in styled) == 1
        cursor = shown.get_component_rich_style("datatable--cursor")
        tint = shown.styles.background_tint
        shown.update_node_styles(animate=False)  # what Textual's restyle on focus gives
        assert shown.get_component_rich_style("datatable--cursor") == cursor
        assert shown.styles.background_tint == tint
        # and what the list shows when blurred differs (the test can tell)
        screen.set_focus(None)
        await pilot.pause()
        assert shown.get_component_rich_style("datatable--cursor") != cursor


@drive
async def test_a_table_of_a_long_name_shows_its_summary_under_it(app, demo_ws):
    """The name and the summary are one widget of two lines: a name too long for the width
    is cut, and the summary stays on the second line."""
    table = next(t for t in demo_ws.tables.list() if demo_ws.tables.members(t.id))
    long_name = (
        "Een tafel met een naam die veel langer is dan de breedte van het scherm, en nog wat"
    )
    demo_ws.tables.update(table.id, table.version, name=long_name.strip())
    chair = demo_ws.people.find(table.chair_person_id)
    async with app().run_test(size=SIZE) as pilot:
        screen = await open_from_list(pilot, "t", table.id, TableDetailScreen)
        await pilot.pause()
        lines = screen_text(screen).splitlines()
        at = next(i for i, line in enumerate(lines) if line.strip().startswith("Een tafel met"))
        assert lines[at].rstrip().endswith("…")
        assert f"voorzitter {chair.name if chair else '—'}" in lines[at + 1]
        assert "Leden" in lines[at + 2]  # the tab bar right under it


@drive
async def test_a_meeting_agenda_opens_with_its_items_focused_and_styled_once(
    app, demo_ws, monkeypatch
):
    """The agenda's items (the screen's first focusable widget, focused before its first
    frame) are styled with ``:focus`` as they mount, not again as the focus arrives."""
    from stadstafel.tui.screens.agenda import AgendaScreen

    _frames, styled = drawing_counted(monkeypatch)
    meeting = next(
        m for m in demo_ws.meetings.list(limit=None).rows if demo_ws.meetings.agenda(m.id)["items"]
    )
    async with app().run_test(size=SIZE) as pilot:
        await built(pilot)
        show = pilot.app.push_screen
        screen = await opened_counted(pilot, styled, press=lambda: show(AgendaScreen(meeting.id)))
        items = screen.query_one("#items", RecordTable)
        assert screen.focused is items and items.has_focus and items.row_count
        assert sum(node is items for node in styled) == 1
        cursor = items.get_component_rich_style("datatable--cursor")
        items.update_node_styles(animate=False)  # what Textual's restyle on focus gives
        assert items.get_component_rich_style("datatable--cursor") == cursor


@drive
async def test_a_text_that_overflows_is_drawn_with_its_scrollbar_in_the_first_frame(monkeypatch):
    """A screen whose text turns out to overflow in its first layout (an omgevingswet
    trajectory's first tab at 80×24) is laid out again with its scrollbar before anything
    is drawn: the first frame is the complete one (Textual drew it without the scrollbar and
    the text at the wider width, then two more frames)."""
    from textual.app import App, ComposeResult
    from textual.containers import VerticalScroll
    from textual.widgets import Static

    from stadstafel.tui.textual_private import BatchAwareScreen

    words = " ".join(f"woord{i}" for i in range(400))  # wraps, and overflows 24 rows

    class LongText(BatchAwareScreen):
        def compose(self) -> ComposeResult:
            yield VerticalScroll(Static(words, markup=False), id="scroll")

    drawn: list[tuple[str, bool]] = []
    display = App._display

    def counted(self, screen, renderable):
        if renderable is not None and isinstance(screen, LongText):
            scroll = screen.query_one("#scroll", VerticalScroll)
            drawn.append((screen_text(screen), scroll.show_vertical_scrollbar))
        return display(self, screen, renderable)

    monkeypatch.setattr(App, "_display", counted)
    async with App().run_test(size=SIZE) as pilot:
        pilot.app.push_screen(LongText())
        await pilot.pause()
        await pilot.wait_for_scheduled_animations()
        await pilot.pause()
        final = screen_text(pilot.app.screen)
        assert pilot.app.screen.query_one("#scroll", VerticalScroll).show_vertical_scrollbar
        first_text, first_scrollbar = drawn[0]
        assert first_scrollbar and first_text == final
        assert len(drawn) <= 2  # the scrollbar's own repaint may follow; the text does not


@drive
async def test_a_meeting_agenda_is_drawn_in_one_frame_with_its_lines(app, demo_ws, monkeypatch):
    """The lines above and below the items are cut to the width as the agenda opens; the
    first layout (at the width guessed before it) and the list's first highlight no longer
    write them again, which drew a second frame. A resize still cuts them again."""
    from stadstafel.tui.screens.agenda import AgendaScreen

    meeting = next(
        m for m in demo_ws.meetings.list(limit=None).rows if demo_ws.meetings.agenda(m.id)["items"]
    )
    first = demo_ws.meetings.agenda(meeting.id)["items"][0]
    frames, _styled = drawing_counted(monkeypatch)
    async with app().run_test(size=SIZE) as pilot:
        await built(pilot)
        show = pilot.app.push_screen
        screen = await opened_counted(pilot, frames, press=lambda: show(AgendaScreen(meeting.id)))
        assert len(frames) == 1
        text = screen_text(screen)
        assert (meeting.title or meeting.table_name)[:30] in text
        assert first.title[:20] in text and "Totaal" in text
        detail = str(screen.query_one("#item-detail").render())
        await pilot.resize_terminal(60, 24)
        await pilot.pause()
        await pilot.pause()
        narrow = str(screen.query_one("#item-detail").render())
        assert len(narrow) < len(detail)  # cut again for 60 columns


@drive
async def test_the_footer_works_out_its_keys_once_as_a_record_screen_opens(
    app, demo_ws, monkeypatch
):
    """The screen's bindings are published as changed several times as it opens (the focus,
    the stack, the screen's own calls); the footer worked its keys out at each (five or six
    times an opening). Now its first drawing works them out, and the publications that came
    before it cost nothing; a change after it still shows (another tab's keys)."""
    from textual.app import App

    from stadstafel.tui.widgets.base import FooterKeys

    worked_out: list[str] = []
    items, display = FooterKeys._items, App._display
    monkeypatch.setattr(FooterKeys, "_items", lambda self: worked_out.append("keys") or items(self))
    monkeypatch.setattr(
        App,
        "_display",
        lambda self, s, r: (r is not None and worked_out.append("frame")) or display(self, s, r),
    )
    table = next(t for t in demo_ws.tables.list() if demo_ws.tables.members(t.id))
    async with app().run_test(size=SIZE) as pilot:
        await built(pilot)
        await pilot.press("t")
        await pilot.pause()
        assert pilot.app.screen.table.select_key(table.id)
        await pilot.pause()
        worked_out.clear()
        await pilot.press("enter")
        await pilot.pause()
        await pilot.wait_for_scheduled_animations()
        await pilot.pause()
        screen = pilot.app.screen
        assert isinstance(screen, TableDetailScreen)
        assert worked_out[: worked_out.index("frame")] == ["keys"]  # its drawing's
        assert worked_out.count("keys") <= 2
        members_keys = screen_text(screen).splitlines()[-1]
        await pilot.press("2")
        await pilot.pause()
        await pilot.pause()
        assert screen_text(screen).splitlines()[-1] != members_keys  # another tab's keys


@drive
async def test_the_table_picker_opens_in_one_frame_with_its_filter_focused_and_styled_once(
    app, monkeypatch
):
    """The picker drew a second frame of the same lines (its list's virtual size set as it
    first drew, and its lines thrown away at the Resize after the first frame) and styled its
    filter twice (as it mounted, then with the focus). Now one frame, styled once, and the
    lines it keeps are those a fresh drawing gives; at another width they are drawn anew."""
    from textual.widgets import Input

    from stadstafel.testing import drawing_counted
    from stadstafel.tui.textual_private import screen_strips

    options = [(f"Tafel {i:03d}", i) for i in range(500)]
    frames, styled = drawing_counted(monkeypatch)
    async with app().run_test(size=SIZE) as pilot:
        await built(pilot)
        frames.clear()
        picker = PickerScreen("Welke tafel?", options, value=3)
        pilot.app.push_screen(picker)
        await pilot.pause()
        await pilot.wait_for_scheduled_animations()
        await pilot.pause()
        assert frames == [picker]
        field = picker.query_one("#filter", Input)
        assert picker.focused is field and sum(node is field for node in styled) == 1
        drawn = [strip.text for strip in screen_strips(pilot.app)]
        assert "Tafel 003" in "\n".join(drawn)
        listed = picker.query_one("#options")
        listed._clear_caches()  # what Textual's Resize did: drawn anew, the same lines
        await pilot.pause()
        assert [strip.text for strip in screen_strips(pilot.app)] == drawn
        await pilot.resize_terminal(60, 24)
        await pilot.pause()
        await pilot.pause()
        width = listed.scrollable_content_region.width
        assert listed.render_line(0).cell_length == width < 58  # drawn anew at its new width


@drive
async def test_a_dialog_tints_the_screen_behind_it_as_a_fresh_tint_does(app):
    """The styles a dialog tinted are kept for the next dialog of the same colour and base
    style; what it draws is what tinting anew draws, and another colour tints anew."""
    from textual.color import Color
    from textual.style import Style

    from stadstafel.tui import textual_private

    async with app().run_test(size=SIZE) as pilot:
        await pilot.press("v")
        await pilot.pause()
        screen = pilot.app.screen

        def tinted(color: Color, *, fresh: bool) -> list:
            if fresh:
                textual_private._TINTED[:] = [None, {}]
            drawn = textual_private._TintedScreen(screen, color).render_strips(
                SIZE[0], SIZE[1], Style(), None
            )
            return [list(strip) for strip in drawn]

        dark, red = Color(0, 0, 0, 0.6), Color(255, 0, 0, 0.6)
        assert tinted(dark, fresh=True) == tinted(dark, fresh=False)
        assert tinted(red, fresh=False) == tinted(red, fresh=True) != tinted(dark, fresh=True)


@drive
async def test_a_footer_of_the_same_keys_uses_the_line_drawn_before(app, demo_ws, monkeypatch):
    """A record opened after another shows the same keys in its footer: the line drawn for
    them is used again (not rendered anew), and it is the line a fresh drawing gives; a
    change of keys or of theme draws anew."""
    from stadstafel.tui.textual_private import screen_strips
    from stadstafel.tui.widgets import base
    from stadstafel.tui.widgets.base import FooterKeys

    rendered: list = []
    render = FooterKeys.render
    monkeypatch.setattr(
        FooterKeys, "render", lambda self, *a: rendered.append(self) or render(self, *a)
    )
    first, second = table_members(demo_ws)[0][:2]

    def footer_line(pilot) -> list:
        return list(screen_strips(pilot.app)[-1])

    async with app().run_test(size=SIZE) as pilot:
        await built(pilot)
        lines = []
        for table in (first, second):
            screen = await open_from_list(pilot, "t", table.id, TableDetailScreen)
            await pilot.pause()
            lines.append(footer_line(pilot))
            if table is first:
                await pilot.press("escape")
                await pilot.pause()
        assert screen.footer not in rendered  # the line drawn for the first
        base._FOOTER_LINES.clear()
        screen.footer.refresh()
        await pilot.pause()
        assert footer_line(pilot) == lines[0] == lines[1]  # what a fresh drawing gives
        pilot.app.theme = "textual-light"
        await pilot.pause()
        await pilot.pause()
        assert footer_line(pilot) != lines[1]
        light = footer_line(pilot)
        base._FOOTER_LINES.clear()
        screen.footer.refresh()
        await pilot.pause()
        assert footer_line(pilot) == light
