"""A paste from the terminal (bracketed paste: one ``Paste`` event) onto a list goes into the
list's filter, as typing the same letters does: only its printable text, on one line."""

from __future__ import annotations

import pytest
from support import drive
from textual import events
from textual.widgets import Input

from stadstafel.tui.sections import open_agenda_items
from stadstafel.tui.widgets.paged import FilterInput

SIZE = (80, 24)
HOSTILE = "Port\x1b[31maal\x07\r\n"  # an escape sequence, a bell, a line break


async def paste(pilot, text: str) -> None:
    pilot.app.post_message(events.Paste(text))
    await pilot.pause()
    await pilot.pause()


async def open_section(pilot, how: str) -> None:
    if how == "agenda items":
        open_agenda_items(pilot.app)
    else:
        await pilot.press(how)
    await pilot.pause()


@pytest.mark.parametrize("how", ["p", "a", "v", "agenda items"])
@drive
async def test_a_paste_on_a_list_goes_into_its_filter(app, demo_ws, how):
    async with app().run_test(size=SIZE) as pilot:
        await open_section(pilot, how)
        screen = pilot.app.screen
        filt = screen.query_one(FilterInput)
        lists = [w for w in screen.focus_chain if not isinstance(w, Input)]
        screen.set_focus(lists[0])  # the list, not the filter
        await pilot.pause()
        await paste(pilot, HOSTILE)
        assert pilot.app.screen is screen
        assert filt.value == "Port[31maal"
        assert filt.has_focus
        # pasted again, now into the filter itself: the same clean text, at the cursor
        filt.value = "Gemeente "
        filt.cursor_position = len(filt.value)
        await paste(pilot, "Lei\x1bden\n\nx")
        assert filt.value == "Gemeente Leiden x"


@drive
async def test_a_paste_where_no_list_filters_changes_nothing(app, demo_ws):
    async with app().run_test(size=SIZE) as pilot:
        screen = pilot.app.screen  # home
        await paste(pilot, "Portaal")
        assert pilot.app.screen is screen
        assert not any(i.value for i in screen.query(Input))


@drive
async def test_a_paste_right_behind_typed_keys_is_kept(app, demo_ws):
    """Keys and a paste sent at once (a terminal does so when a paste holds an escape
    sequence): the first key moves the focus to the filter before the paste, sent to the list,
    comes back up; it goes into the filter all the same, after the keys."""
    async with app().run_test(size=SIZE) as pilot:
        await open_section(pilot, "p")
        screen = pilot.app.screen
        screen.set_focus(screen.query_one("#organisations"))
        await pilot.pause()
        for key in "Po":
            pilot.app.post_message(events.Key(key, key))
        await paste(pilot, "rtaal")
        assert screen.query_one(FilterInput).value == "Portaal"
