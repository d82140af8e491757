"""Contextual ``n``: on every tab, ``n`` makes the record that tab lists, or is not offered
there; never a person on a partner's Tafels or Acties tab."""

from __future__ import annotations

import pytest
from support import drive
from test_role_keys import KENNISSTAD, act_as, offered

from stadstafel.tui.modals import PickerScreen
from stadstafel.tui.sections import open_table
from stadstafel.tui.widgets.form import FormScreen

SIZE = (120, 30)

# (tab key, the pane, what n opens: the title of its form or picker, or None: not offered)
TABLE_TABS = [
    ("1", "leden", "Organisatie"),  # a member: pick the organisation first
    ("2", "werkafspraken", "Nieuwe werkafspraak"),
    ("3", "belangen", "Belang"),
    ("4", "missie", None),  # the mission is revised (r), not made anew
    ("5", "doelen", "Nieuw doel"),
    ("6", "initiatieven", "Nieuw initiatief"),
]


def title_of(screen) -> str:
    if isinstance(screen, FormScreen):
        return screen.form_title
    if isinstance(screen, PickerScreen):
        return screen.title_text
    return ""


@drive
async def test_n_on_each_table_tab_makes_what_the_tab_lists(app, demo_ws):
    table = demo_ws.tables.by_name(KENNISSTAD)
    async with app().run_test(size=SIZE) as pilot:
        open_table(pilot.app, table.id)
        await pilot.pause()
        detail = pilot.app.screen
        for key, pane, title in TABLE_TABS:
            await pilot.press(key)
            await pilot.pause()
            assert detail.active_tab == pane
            assert ("n" in offered(pilot.app)) == (title is not None), pane
            await pilot.press("n")
            await pilot.pause()
            opened = pilot.app.screen
            if title is None:
                assert opened is detail, pane
                continue
            assert opened is not detail, pane
            assert title.casefold() in title_of(opened).casefold(), (pane, title_of(opened))
            assert "persoon" not in title_of(opened).casefold()
            await pilot.press("escape")
            await pilot.pause()
            if pilot.app.screen is not detail:  # a form asks before throwing input away
                await pilot.press("j")
                await pilot.pause()
            assert pilot.app.screen is detail


async def open_partner(pilot, ws, name: str):
    await pilot.press("p")
    await pilot.pause()
    org = ws.organisations.by_name(name)
    assert pilot.app.screen.table.select_key(org.id)
    await pilot.press("enter")
    await pilot.pause()
    await pilot.pause()
    return pilot.app.screen, org


@drive
async def test_n_on_a_partners_tabs_never_makes_a_person_elsewhere(app, demo_ws):
    async with app().run_test(size=SIZE) as pilot:
        detail, org = await open_partner(pilot, demo_ws, "Portaal")
        people = len(demo_ws.people.of_organisation(org.id))
        for key, pane in [("2", "tafels"), ("3", "belangen"), ("5", "punten")]:
            await pilot.press(key)
            await pilot.pause()
            assert "n" not in offered(pilot.app), pane
            await pilot.press("n")
            await pilot.pause()
            assert pilot.app.screen is detail, pane
        assert len(demo_ws.people.of_organisation(org.id)) == people

        await pilot.press("1")
        await pilot.pause()
        assert "n" in offered(pilot.app)
        await pilot.press("n")
        await pilot.pause()
        assert "persoon" in title_of(pilot.app.screen).casefold()
        await pilot.press("escape")
        await pilot.pause()


@drive
async def test_n_on_a_partners_acties_tab_makes_an_action_they_own(app, demo_ws):
    async with app().run_test(size=SIZE) as pilot:
        detail, org = await open_partner(pilot, demo_ws, "Portaal")
        tables = {m.table_id for m in detail.detail["memberships"] if not m.until}
        await pilot.press("4")
        await pilot.pause()
        assert "n" in offered(pilot.app)
        await pilot.press("n")
        await pilot.pause()
        if isinstance(pilot.app.screen, PickerScreen):  # Portaal sits at several tables
            picker = pilot.app.screen
            assert {value for _, value in picker.options} <= tables
            await pilot.press("enter")
            await pilot.pause()
        form = pilot.app.screen
        assert isinstance(form, FormScreen)
        assert "actie" in form.form_title.casefold() and org.name in form.form_title
        assert form.field_widget("owner_org_id").value == org.id
        form.field_widget("text").text = "Bouwplanning delen"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert pilot.app.screen is detail
        made = [a for a in demo_ws.actions.list(limit=None).rows if a.text == "Bouwplanning delen"]
        assert len(made) == 1 and made[0].owner_org_id == org.id
        assert made[0].table_id in tables
        assert detail.query_one("#actions").current_record.id == made[0].id


@pytest.mark.parametrize("role", ["partner", "lezer"])
@drive
async def test_n_on_a_partners_acties_tab_follows_the_right(app, demo_ws, role):
    act_as(demo_ws, role)
    async with app().run_test(size=SIZE) as pilot:
        await open_partner(pilot, demo_ws, "Portaal")
        await pilot.press("4")
        await pilot.pause()
        assert "n" not in offered(pilot.app)
        await pilot.press("n")
        await pilot.pause()
        assert not isinstance(pilot.app.screen, FormScreen | PickerScreen)
        # refused naming the right of this tab's key, not that of Personen's n
        said = [str(n.message) for n in pilot.app._notifications]
        assert any("acties beheren" in m for m in said), said
        assert not any("persoon aanmaken" in m for m in said), said
