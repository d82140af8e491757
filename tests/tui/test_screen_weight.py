"""What every built screen holds (issue 23: memory after every section): no tooltip, a rack for
notifications only while it is shown (dropped in a pause once it is not), and a notification
still shown on every screen."""

from __future__ import annotations

import time

from support import built, drive
from textual.geometry import Region
from textual.widgets import Tooltip
from textual.widgets._toast import Toast, ToastRack

SIZE = (80, 24)


def _sections(app) -> list[str]:
    return [s.key for s in app.sections if s.key and s.key != "h"] + ["h"]


async def _each_section(pilot):
    """Every section built (as after a person's pauses), then opened in turn: yields its key
    with the section shown."""
    await pilot.pause()
    await built(pilot)
    for key in _sections(pilot.app):
        await pilot.press(key)
        await pilot.pause()
        yield key


def _racks(screen) -> list:
    return list(screen.query_children(ToastRack))


def _pause_of(app) -> None:
    """What the app does in a person's pause, now (its step on a timer)."""
    app.last_activity = time.monotonic() - 1
    app._collect_step()


@drive
async def test_built_sections_hold_no_tooltip_and_a_rack_only_when_shown(app):
    """Every section built (as after a person's pauses) and opened: no screen holds Textual's
    tooltip widget; the screen shown holds its one rack for notifications, and after a pause
    the screens not shown hold none (each gets one again as it is shown)."""
    async with app().run_test(size=SIZE, tooltips=True, notifications=True) as pilot:
        async for _key in _each_section(pilot):
            assert len(_racks(pilot.app.screen)) == 1, _key
        _pause_of(pilot.app)
        await pilot.pause()
        await pilot.pause()
        screens = [s for stack in pilot.app._screen_stacks.values() for s in stack]
        assert len(screens) >= 6
        for screen in screens:
            assert not list(screen.query(Tooltip)), screen
            assert len(_racks(screen)) == (screen is pilot.app.screen), screen
        await pilot.press("p")
        await pilot.pause()
        assert len(_racks(pilot.app.screen)) == 1


@drive
async def test_a_notification_raised_as_a_screen_is_left_shows_where_it_goes(app):
    """Racks dropped in a pause: a notification raised just as a section is left shows on
    the section switched to, stays on the first when switched back to (its rack showed it,
    so it is kept), and one raised on a section whose rack was dropped a moment before (not
    yet gone) shows there; one cleared while away is not shown on return."""
    async with app().run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        await built(pilot)
        for key in ("p", "t", "v", "h"):
            await pilot.press(key)
            await pilot.pause()
        _pause_of(pilot.app)
        await pilot.press("p")
        await pilot.pause()
        pilot.app.notify("eerste [b]x[/b]", markup=False, timeout=60)
        await pilot.press("t")  # left at once
        await pilot.pause()
        await pilot.pause()
        shown = " ".join(str(t.render()) for t in pilot.app.screen.query(Toast))
        assert "eerste [b]x[/b]" in shown, shown
        _pause_of(pilot.app)
        await pilot.press("p")
        await pilot.pause()
        await pilot.pause()
        shown = " ".join(str(t.render()) for t in pilot.app.screen.query(Toast))
        assert "eerste [b]x[/b]" in shown, shown
        pilot.app.clear_notifications()
        await pilot.pause()
        # dropped, and shown again before the dropped rack is gone: a rack of its own
        screen = pilot.app.screen
        await pilot.press("v")
        await pilot.pause()
        _pause_of(pilot.app)
        assert [rack._pruning for rack in _racks(screen)] == [True]  # going, not gone yet
        screen.put_rack()  # as the screen is shown (BatchAwareScreen._on_screen_resume)
        assert not screen.get_child_by_type(ToastRack)._pruning
        await pilot.press("p")
        pilot.app.notify("tweede", timeout=60)
        await pilot.pause()
        await pilot.pause()
        assert pilot.app.screen is screen
        assert [str(t.render()) for t in screen.query(Toast)] == ["tweede"]
        assert len(_racks(screen)) == 1
        # a notification cleared while the screen was away: not shown on return
        await pilot.press("v")
        await pilot.pause()
        pilot.app.clear_notifications()
        _pause_of(pilot.app)
        await pilot.press("p")
        await pilot.pause()
        await pilot.pause()
        assert not list(pilot.app.screen.query(Toast))


@drive
async def test_a_notification_raised_as_a_form_closes_shows_beneath_it(app):
    """A section whose rack was dropped while a dialog covered it: a notification raised as
    the dialog closes shows on the section beneath."""
    from textual.screen import ModalScreen

    async with app().run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("p")
        await pilot.pause()
        section = pilot.app.screen
        await pilot.app.push_screen(ModalScreen())
        await pilot.pause()
        _pause_of(pilot.app)
        await pilot.pause()
        await pilot.pause()
        assert not _racks(section)
        pilot.app.notify("Opgeslagen", timeout=60)
        pilot.app.pop_screen()
        await pilot.pause()
        await pilot.pause()
        assert pilot.app.screen is section
        assert [str(t.render()) for t in section.query(Toast)] == ["Opgeslagen"]


@drive
async def test_a_notification_shows_on_every_section(app):
    """A notification (how a fault reaches a person) is shown on whichever section is shown;
    switching away and back it is shown still."""
    async with app().run_test(size=SIZE, tooltips=True, notifications=True) as pilot:
        async for key in _each_section(pilot):
            pilot.app.notify(f"bericht {key} [b]x[/b]", markup=False, timeout=30)
            await pilot.pause()
            await pilot.pause()
            screen = pilot.app.screen
            shown = [str(t.render()) for t in screen.query(Toast)]
            assert any(f"bericht {key} [b]x[/b]" in text for text in shown), (key, shown)
            assert screen.query_one(ToastRack).display
        # back to the first section: its rack shows every notification still standing
        first = _sections(pilot.app)[0]
        await pilot.press(first)
        await pilot.pause()
        await pilot.pause()
        shown = " ".join(str(t.render()) for t in pilot.app.screen.query(Toast))
        assert "bericht h" in shown, shown


@drive
async def test_a_section_switched_back_to_shows_its_rows_and_cursor(app):
    """Left, a section's tables drop what they rendered (and hold their cells as strings);
    shown again, the list shows the same rows with the cursor where it was, and a move of the
    cursor draws the rows anew from those cells."""
    from stadstafel.tui.textual_private import screen_text

    async with app().run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("p")
        await pilot.pause()
        screen = pilot.app.screen
        table = screen.table
        await pilot.press("down", "down")
        await pilot.pause()
        row = table.cursor_row
        assert row == 2
        before = screen_text(screen)
        await pilot.press("t")
        await pilot.pause()
        assert not table._row_render_cache and not table._cell_render_cache  # dropped
        await pilot.press("p")
        await pilot.pause()
        assert pilot.app.screen is screen and table.cursor_row == row
        assert screen_text(screen) == before
        await pilot.press("down", "up")
        await pilot.pause()
        assert table.cursor_row == row
        assert screen_text(screen) == before


async def _partners_shown(pilot):
    """The partners list shown: its screen and the text on it."""
    from stadstafel.tui.textual_private import screen_text

    await pilot.pause()
    await pilot.press("p")
    await pilot.pause()
    return pilot.app.screen, screen_text(pilot.app.screen)


@drive
async def test_a_section_left_keeps_only_its_widgets_own_values(app):
    """Left, a section's screen and widgets keep in their own dicts only the values that
    differ from those read from ``Widget`` (the flags and None nearly every built widget
    holds), and share one set mounted-event; shown again, they work as before: a flag set
    later is the widget's own, the list moves, the footer shows its keys."""
    from textual.widget import Widget

    from stadstafel.tui.textual_private import _WIDGET_DEFAULTS, screen_text, widget_defaults

    assert widget_defaults()
    async with app().run_test(size=SIZE) as pilot:
        screen, before = await _partners_shown(pilot)
        await pilot.press("t")
        await pilot.pause()
        widgets = [screen, *screen.walk_children()]
        assert len(widgets) >= 3  # the screen, the filter, the list
        for widget in widgets:
            own = vars(widget)
            assert not [n for n in _WIDGET_DEFAULTS if n in own and own[n] is getattr(Widget, n)]
            assert widget._is_mounted and not widget._closed and widget._tooltip is None
        assert len({id(w._mounted_event) for w in widgets}) == 1
        assert widgets[0]._mounted_event.is_set()
        table = screen.table
        table._repaint_required = True  # the widget's own again
        assert vars(table)["_repaint_required"] and not Widget._repaint_required
        await pilot.press("p")
        await pilot.pause()
        assert pilot.app.screen is screen and screen_text(screen) == before
        await pilot.press("down")
        await pilot.pause()
        assert table.cursor_row == 1 and table._row_render_cache  # drawn anew


@drive
async def test_every_section_draws_its_header_and_footer_itself(app):
    """Every section's header and footer are lines its screen draws, not widgets (two
    message pumps less a screen): nothing of the screen's sits on its first or last line,
    which show the workspace and section, and the screen's keys."""
    from stadstafel.tui.textual_private import screen_text

    async with app().run_test(size=SIZE) as pilot:
        async for key in _each_section(pilot):
            screen = pilot.app.screen
            lines = screen_text(screen).splitlines()
            assert lines[0].startswith(" Leiden (demo) · "), key
            assert "demo · beheerder" in lines[0]
            assert lines[-1].startswith(" ") and "Help" in lines[-1], key
            for y in (0, SIZE[1] - 1):
                for x in (0, SIZE[0] // 2, SIZE[0] - 1):
                    assert pilot.app.get_widget_at(x, y)[0] is screen, (key, x, y)


@drive
async def test_a_heading_set_later_is_drawn_literally_and_shortened(app):
    """``set_heading`` draws the header's line again: a name with markup or a terminal
    control shows as written (neutralised), and a long one is cut to the width with the
    one acting kept."""
    from stadstafel.tui.textual_private import screen_text

    async with app().run_test(size=SIZE) as pilot:
        await pilot.press("p")
        await pilot.pause()
        screen = pilot.app.screen
        screen.set_heading("[b]Vet[/b] \x1b[31mrood")
        await pilot.pause()
        first = screen_text(screen).splitlines()[0]
        assert "Leiden (demo) · [b]Vet[/b] " in first and "\x1b" not in first
        assert first.rstrip().endswith("demo · beheerder")
        screen.set_heading("x" * 200)
        await pilot.pause()
        first = screen_text(screen).splitlines()[0]
        assert len(first) == SIZE[0] and "…" in first
        assert first.rstrip().endswith("demo · beheerder")


@drive
async def test_a_toast_shows_just_above_the_footer(app):
    """The rack of notifications sits above the footer's line, as it did above the footer
    widget: the toast's last line is the line above the footer."""
    async with app().run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("p")
        await pilot.pause()
        pilot.app.notify("Opgeslagen", timeout=30)
        await pilot.pause()
        await pilot.pause()
        toast = pilot.app.screen.query_one(Toast)
        assert toast.region.bottom == SIZE[1] - 1


@drive
async def test_count_and_status_lines_are_drawn_by_their_screen(app):
    """A section's count line (above its list) and status line (above the footer) are lines
    its screen draws, not widgets: nothing of the screen's sits on them, and they show the
    count and the status where the one-line widgets showed them."""
    from textual.widgets import Static

    from stadstafel.tui.textual_private import screen_text

    async with app().run_test(size=SIZE) as pilot:
        await pilot.pause()
        for section, name, row, text in (
            ("partners", "count", 4, " 21 partners · 21 geladen · sortering: naam (s)"),
            ("actions", "status", SIZE[1] - 2, " 17 acties en toezeggingen (17 geladen)"),
            ("meetings", "status", SIZE[1] - 2, " 21 vergaderingen (21 geladen)"),
            ("intake", "status", SIZE[1] - 2, " 4 onderwerpen, 2 nieuw"),
        ):
            key = section
            await pilot.app.run_action(f"section({section!r})")
            await pilot.pause()
            screen = pilot.app.screen
            assert not [w for w in screen.query(Static) if w.id in ("count", "status")], key
            line = screen_text(screen).splitlines()[row]
            assert line.startswith(text) and screen.line_text(name) in line, (key, line)
            for x in (0, SIZE[0] // 2, SIZE[0] - 1):
                assert pilot.app.get_widget_at(x, row)[0] is screen, (key, x)


@drive
async def test_a_count_line_set_later_is_drawn_literally_and_on_one_line(app):
    """``set_count`` draws the count line again (only that row): user text with markup or
    a terminal control shows as written (neutralised); a long text shows the first line it
    wraps to, as the one-line widget showed it."""
    from stadstafel.tui.textual_private import screen_text

    async with app().run_test(size=SIZE) as pilot:
        await pilot.press("p")
        await pilot.pause()
        screen = pilot.app.screen
        await pilot.press("f", *"[b]x")
        await pilot.pause()
        assert "filter: '[b]x'" in screen_text(screen).splitlines()[4]
        screen.set_count("[b]Vet[/b] \x1b[31mrood")
        assert screen._repaint_regions == {Region(0, 4, SIZE[0], 1)}
        await pilot.pause()
        lines = screen_text(screen).splitlines()
        assert lines[4] == " [b]Vet[/b] \ufffd[31mrood".ljust(SIZE[0])
        assert lines[5].startswith(" Naam")  # the list stays where it was
        screen.set_count("woord " * 20)
        await pilot.pause()
        assert screen_text(screen).splitlines()[4] == (" " + "woord " * 13).ljust(SIZE[0])


def _copies(widget) -> int:
    """How many lines kept by ``widget`` and its scrollbars hold, in their cache, a filtered
    form that is a copy of themselves (the same segments)."""
    from stadstafel.tui.textual_private import _FILTER_MARKS

    slot = _FILTER_MARKS[1]

    def copied(strip) -> bool:
        try:
            cache = slot.__get__(strip, None)
        except AttributeError:
            return False
        entries = getattr(cache, "_cache", {})
        return any(getattr(v, "_segments", None) == strip._segments for v in entries.values())

    parts = [widget, *widget._get_virtual_dom()]
    return sum(copied(strip) for part in parts for strip in part._styles_cache._cache.values())


@drive
async def test_a_line_the_truecolour_filter_leaves_alone_is_not_copied(app):
    """Every widget's line is filtered for the terminal as it is drawn, and the result kept
    in the line's cache: a list's lines and its scrollbar's, in true colours, are their own
    result, not a copy kept beside them; the screen shows the same, and so do lines drawn
    anew (the cursor moved)."""
    from stadstafel.tui.textual_private import filtered_lines_once, screen_text

    assert filtered_lines_once()
    async with app().run_test(size=SIZE) as pilot:
        screen, before = await _partners_shown(pilot)
        table = screen.table
        assert table._get_virtual_dom() and len(table._styles_cache._cache) > 10  # a scrollbar
        assert _copies(table) == 0
        await pilot.press("down", "up")
        await pilot.pause()
        assert _copies(table) == 0 and screen_text(screen) == before


def test_the_truecolour_filter_copies_only_what_it_changes():
    """A line in true colours is its own truecolour form (one shared cache object for all
    such lines); a line with an ANSI colour or a control code is filtered into a new line as
    Textual does; another filter after it still makes its own form."""
    from rich.segment import Segment
    from rich.style import Style
    from rich.terminal_theme import DEFAULT_TERMINAL_THEME
    from textual.color import Color
    from textual.filter import ANSIToTruecolor, NoColor
    from textual.strip import Strip

    from stadstafel.tui.textual_private import _FILTER_MARKS

    truecolor, nocolor, background = (
        ANSIToTruecolor(DEFAULT_TERMINAL_THEME),
        NoColor(),
        Color(0, 0, 0),
    )
    plain = [Segment("ab", Style(color="#ff0000", bgcolor="#000000")), Segment("c", None)]
    one, two = Strip(list(plain)), Strip(list(plain))
    assert one.apply_filter(truecolor, background) is one
    assert two.apply_filter(truecolor, background) is two
    assert _FILTER_MARKS[1].__get__(one, None) is _FILTER_MARKS[1].__get__(two, None)
    assert one.apply_filter(truecolor, background) is one  # from its cache
    colourless = one.apply_filter(nocolor, background)
    assert colourless is not one and colourless.text == "abc"
    assert colourless._segments[0].style.color.is_default
    assert one.apply_filter(truecolor, background) is one
    assert one.apply_filter(nocolor, background) is colourless
    ansi = Strip([Segment("x", Style(color="red"))])
    made = ansi.apply_filter(truecolor, background)
    assert made is not ansi and made._segments[0].style.color.triplet is not None
    equal = Style(color="#ff0000", bgcolor="#000000")  # equal to the first, another object
    again = Strip([Segment("ab", equal)])
    assert again.apply_filter(truecolor, background) is again
    assert again._segments[0].style is plain[0].style  # the filter's own, as its copy had
    control = Strip([Segment("y", Style(color="#ff0000"), [(1,)])])
    assert control.apply_filter(truecolor, background) is not control
