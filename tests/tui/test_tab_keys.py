"""A key typed right after another tab's number (both at once, as a fast typist does) never
acts on the tab just hidden: its body is built and focused only once it is mounted, and until
then its keys are not there, nor are the hidden tab's."""

from __future__ import annotations

from support import drive

from stadstafel.testing import burst
from stadstafel.tui.modals import PickerScreen
from stadstafel.tui.screens.table.detail import TableDetailScreen
from stadstafel.tui.widgets.form import FormScreen

SIZE = (80, 24)


@drive
async def test_a_key_right_after_a_new_tab_does_not_act_on_the_hidden_one(app, demo_ws):
    table = demo_ws.tables.list()[0]
    async with app().run_test(size=SIZE) as pilot:
        await pilot.pause()
        pilot.app.push_screen(TableDetailScreen(table.id))
        await pilot.pause()
        screen = pilot.app.screen
        assert screen.focused is not None and screen.focused.id == "members"
        # 3 (Belangen), then n at once: n is "Lid toevoegen" on the Leden tab just hidden
        await burst(pilot, "3", "n")
        await pilot.pause()
        assert not isinstance(pilot.app.screen, PickerScreen), "a member was about to be added"
        assert screen.active_tab == "belangen"
        await pilot.pause()
        # once the tab is there, its keys are: n records an interest
        assert screen.focused is not None and screen.query_one("#belangen") in (
            screen.focused.ancestors_with_self
        )
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(pilot.app.screen, FormScreen)
