"""Role-aware keys (tui/rights.py): for each role, the keys a core screen offers are the rights
the role holds there, by the same permission matrix the services use; a key invoked anyway is
refused before any form opens, in words that name the right."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from support import drive

from stadstafel import permissions
from stadstafel.tui.modals import PickerScreen
from stadstafel.tui.sections import open_agenda, open_table
from stadstafel.tui.widgets.form import FormScreen

SIZE = (120, 30)
KENNISSTAD = "Leiden Kennisstad"
SECRETARY = "e.bosman@example.org"  # kennismakelaar: secretary of Kennisstad
PARTNER = "k.jacobs@example.org"  # mboRijnland: a partner of Kennisstad
ROLES = ["beheerder", "voorzitter", "secretaris", "partner", "lezer"]


def act_as(ws, role: str) -> None:
    """Sign in as someone holding ``role`` at Leiden Kennisstad."""
    table = ws.tables.by_name(KENNISSTAD)
    person = {
        "voorzitter": ws.people.get(table.chair_person_id).email,
        "secretaris": SECRETARY,
        "partner": PARTNER,
    }.get(role)
    config_role = role if role in ("beheerder", "lezer") else ""
    ws.config.users = {role: SimpleNamespace(person=person, role=config_role)}
    ws.act_as(role)


def offered(app) -> set[str]:
    """The keys the footer offers on the current screen."""
    items, _palette = app.screen.footer._items()
    return {item[0] for item in items}


def held(ws, right: str, table_id=None, org_id=None, any_table=False) -> bool:
    actor = ws.actor
    org = actor.organisation_id if org_id is None else org_id
    if permissions.allowed(actor, right, table_id=table_id, org_id=org):
        return True
    return any_table and any(
        permissions.allowed(actor, right, table_id=t, org_id=org) for t in actor.table_roles
    )


def messages(app) -> list[str]:
    return [str(n.message) for n in app._notifications]


# (tab, key, right): the table screen's tabs, at Leiden Kennisstad
TABLE_KEYS = [
    ("leden", "n", "membership.manage"),
    ("leden", "x", "membership.manage"),
    ("werkafspraken", "n", "working_agreement.manage"),
    ("werkafspraken", "d", "working_agreement.manage"),
    ("belangen", "n", "interest.manage"),
    ("missie", "o", "mission.sign"),
    ("missie", "O", "mission.record_signature"),
    ("missie", "r", "mission.revise"),
    ("doelen", "n", "goal.manage"),
    ("initiatieven", "n", "initiative.manage"),
    ("initiatieven", "k", "initiative.admit"),
    ("leden", "b", "table.update"),
]


@pytest.mark.parametrize("role", ROLES)
@drive
async def test_table_screen_offers_the_keys_of_the_rights_held(app, demo_ws, role):
    act_as(demo_ws, role)
    table = demo_ws.tables.by_name(KENNISSTAD)
    async with app().run_test(size=SIZE) as pilot:
        open_table(pilot.app, table.id)
        await pilot.pause()
        keys = ["leden", "werkafspraken", "belangen", "missie", "doelen", "initiatieven"]
        for tab in keys:
            await pilot.press(str(keys.index(tab) + 1))
            await pilot.pause()
            shown = offered(pilot.app)
            for where, key, right in TABLE_KEYS:
                if where == tab:
                    expected = held(demo_ws, right, table_id=table.id)
                    assert (key in shown) == expected, (role, tab, key, right)
            if tab == "missie":
                assert "g" in shown  # the versions: reading needs no right


@pytest.mark.parametrize("role", ROLES)
@drive
async def test_list_screens_offer_the_keys_of_the_rights_held(app, demo_ws, role):
    act_as(demo_ws, role)
    table = demo_ws.tables.by_name(KENNISSTAD)
    async with app().run_test(size=SIZE) as pilot:
        await pilot.press("p")
        await pilot.pause()
        partners = pilot.app.screen
        other = demo_ws.organisations.by_name("Universiteit Leiden")
        assert other.id != demo_ws.actor.organisation_id
        assert partners.table.select_key(other.id)
        await pilot.pause()
        shown = offered(pilot.app)
        assert ("n" in shown) == held(demo_ws, "organisation.create", any_table=True)
        assert ("e" in shown) == held(
            demo_ws, "organisation.update", org_id=other.id, any_table=True
        )
        assert ("d" in shown) == held(demo_ws, "organisation.delete")

        await pilot.press("t")
        await pilot.pause()
        assert pilot.app.screen.table.select_key(table.id)
        await pilot.pause()
        shown = offered(pilot.app)
        assert ("n" in shown) == held(demo_ws, "table.create")
        assert ("e" in shown) == held(demo_ws, "table.update", table_id=table.id)
        assert ("d" in shown) == held(demo_ws, "table.delete", table_id=table.id)


@pytest.mark.parametrize("role", ROLES)
@drive
async def test_the_agenda_offers_managing_keys_only_to_who_manages(app, demo_ws, role):
    act_as(demo_ws, role)
    table = demo_ws.tables.by_name(KENNISSTAD)
    meeting = next(
        m for m in demo_ws.meetings.list(table_id=table.id).rows if m.status == "gepland"
    )
    async with app().run_test(size=SIZE) as pilot:
        open_agenda(pilot.app, meeting.id)
        await pilot.pause()
        shown = offered(pilot.app)
        manage = held(demo_ws, "agenda.manage", table_id=table.id)
        for key in ("V", "o", "b", "u", "d", "K", "J"):
            if not manage:
                assert key not in shown, (role, key)
        if role == "lezer":
            assert not shown & {"i", "e", "x", "V", "o", "K", "J", "u", "d", "b"}
        if role in ("beheerder", "secretaris"):
            assert {"K", "J"} <= shown


def test_the_roles_differ_where_it_matters(demo_ws):
    """The fixtures above are what they claim: each role holds what its name says."""
    table = demo_ws.tables.by_name(KENNISSTAD)
    seen = {}
    for role in ROLES:
        act_as(demo_ws, role)
        seen[role] = (
            held(demo_ws, "organisation.create", any_table=True),
            held(demo_ws, "table.create"),
            held(demo_ws, "membership.manage", table_id=table.id),
            held(demo_ws, "interest.manage", table_id=table.id),
        )
    assert seen == {
        "beheerder": (True, True, True, True),
        "voorzitter": (True, False, True, True),
        "secretaris": (True, False, True, True),
        "partner": (False, False, False, True),
        "lezer": (False, False, False, False),
    }


# -- refused before any form opens -------------------------------------------------------------
@drive
async def test_a_lezer_pressing_n_on_partners_is_refused_before_the_form(app, demo_ws):
    act_as(demo_ws, "lezer")
    async with app().run_test(size=SIZE) as pilot:
        await pilot.press("p")
        await pilot.pause()
        partners = pilot.app.screen
        assert "n" not in offered(pilot.app)
        await pilot.press("n")
        await pilot.pause()
        assert pilot.app.screen is partners and not isinstance(pilot.app.screen, FormScreen)
        assert any("U mist het recht 'organisatie aanmaken'" in m for m in messages(pilot.app))


@drive
async def test_a_partner_adding_a_member_is_refused_before_the_picker_naming_the_right(
    app, demo_ws
):
    act_as(demo_ws, "partner")
    table = demo_ws.tables.by_name(KENNISSTAD)
    async with app().run_test(size=SIZE) as pilot:
        open_table(pilot.app, table.id)
        await pilot.pause()
        detail = pilot.app.screen
        await pilot.press("n")
        await pilot.pause()
        assert pilot.app.screen is detail and not isinstance(pilot.app.screen, PickerScreen)
        assert any(
            "U mist het recht 'leden beheren' voor deze tafel" in m for m in messages(pilot.app)
        )
        # the palette runs the same action: refused the same way
        before = len(messages(pilot.app))
        await pilot.app.run_action("add_member", detail.tab("leden"))
        await pilot.pause()
        assert pilot.app.screen is detail
        assert len(messages(pilot.app)) == before + 1


@drive
async def test_refusals_are_in_english_when_the_language_is(app, demo_ws):
    from stadstafel import i18n

    act_as(demo_ws, "secretaris")
    i18n.set_language("en")
    try:
        async with app().run_test(size=SIZE) as pilot:
            await pilot.press("t")
            await pilot.pause()
            assert "n" not in offered(pilot.app)
            await pilot.press("n")
            await pilot.pause()
            assert not isinstance(pilot.app.screen, FormScreen)
            assert any("You lack the right 'create table'" in m for m in messages(pilot.app))
    finally:
        i18n.set_language("nl")


@drive
async def test_a_partner_submits_only_for_its_own_organisation(app, demo_ws):
    from stadstafel.tui.screens.agenda import item_fields

    table = demo_ws.tables.by_name(KENNISSTAD)
    act_as(demo_ws, "partner")
    fields = {f.name: f for f in item_fields(demo_ws, table.id, None)}
    orgs = [value for _label, value in fields["submitted_by_org_id"].option_pairs()]
    assert orgs == [demo_ws.actor.organisation_id]
    act_as(demo_ws, "secretaris")
    fields = {f.name: f for f in item_fields(demo_ws, table.id, None)}
    assert len(fields["submitted_by_org_id"].option_pairs()) > 1


@pytest.mark.parametrize("role", ROLES)
@drive
async def test_meetings_actions_and_minutes_offer_the_keys_of_the_rights_held(app, demo_ws, role):
    from stadstafel.tui.screens.minutes import MinutesScreen

    act_as(demo_ws, role)
    table = demo_ws.tables.by_name(KENNISSTAD)
    async with app().run_test(size=SIZE) as pilot:
        await pilot.press("v")
        await pilot.pause()
        shown = offered(pilot.app)
        manage = held(demo_ws, "meeting.manage", any_table=True)
        assert ("n" in shown) == manage and ("N" in shown) == manage, role

        await pilot.press("a")
        await pilot.pause()
        assert ("n" in offered(pilot.app)) == held(demo_ws, "action.manage", any_table=True)

        meeting = next(
            m
            for m in demo_ws.meetings.list(table_id=table.id).rows
            if m.status in ("agenda vastgesteld", "gehouden")
        )
        pilot.app.push_screen(MinutesScreen(meeting.id))
        await pilot.pause()
        shown = offered(pilot.app)
        if not held(demo_ws, "minutes.record", table_id=table.id):
            assert not shown & {"b", "a", "t", "k", "h", "w", "G"}, (role, shown)
        else:
            assert shown & {"b", "a", "t"}, (role, shown)


@pytest.mark.parametrize("role", ["beheerder", "lezer"])
@drive
async def test_help_lists_only_the_keys_offered(app, demo_ws, role):
    from stadstafel.tui.screens.help import binding_rows

    act_as(demo_ws, role)
    async with app().run_test(size=SIZE) as pilot:
        await pilot.press("p")
        await pilot.pause()
        here, _everywhere = binding_rows(pilot.app.screen)
        described = {description for _keys, description in here}
        assert ("Nieuw" in described) == (role == "beheerder")
        assert ("Verwijder" in described) == (role == "beheerder")
