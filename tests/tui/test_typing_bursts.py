"""A word typed fast (or pasted) into a list's filter keeps every letter, in every filterable
list: the keys that reach the app before the filter has the focus go into it too, section
keys and the list's own keys among them."""

from __future__ import annotations

import pytest
from support import drive
from textual.widgets import Input

from stadstafel.testing import burst
from stadstafel.tui.sections import open_agenda_items

SIZE = (80, 24)
WORD = "Portaal"  # o, t, a: section keys; o: the actions' "overdue only"


async def on_the_list(pilot, screen, list_id: str) -> None:
    screen.set_focus(screen.query_one(f"#{list_id}"))
    await pilot.pause()


@pytest.mark.parametrize(
    ("section", "list_id"), [("a", "actions"), ("v", "meetings")], ids=["actions", "meetings"]
)
@drive
async def test_typing_on_a_section_list(app, demo_ws, section, list_id):
    async with app().run_test(size=SIZE) as pilot:
        await pilot.press(section)
        await pilot.pause()
        screen = pilot.app.screen
        await on_the_list(pilot, screen, list_id)
        await burst(pilot, *WORD)
        assert pilot.app.screen is screen
        assert screen.query_one("#filter", Input).value == WORD
        # ctrl+f from the list, then a word typed fast
        await on_the_list(pilot, screen, list_id)
        screen.query_one("#filter", Input).value = ""
        await burst(pilot, "ctrl+f", *WORD)
        assert pilot.app.screen is screen
        assert screen.query_one("#filter", Input).value == WORD


@drive
async def test_typing_on_the_agenda_items(app, demo_ws):
    async with app().run_test(size=SIZE) as pilot:
        open_agenda_items(pilot.app)
        await pilot.pause()
        screen = pilot.app.screen
        await on_the_list(pilot, screen, screen.LIST_ID)
        await burst(pilot, *WORD)
        assert pilot.app.screen is screen
        assert screen.query_one("#filter", Input).value == WORD
        await on_the_list(pilot, screen, screen.LIST_ID)
        screen.query_one("#filter", Input).value = ""
        await burst(pilot, "ctrl+f", *WORD)
        assert screen.query_one("#filter", Input).value == WORD
