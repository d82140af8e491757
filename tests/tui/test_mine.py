"""Mijn werk: a partner's own actions, items, deadlines and signatures in one screen, and the
screen a partner starts on."""

from __future__ import annotations

from types import SimpleNamespace

from support import drive, settle

from stadstafel.services.mine import is_partner
from stadstafel.tui.screens.mine import MineScreen

SIZE = (120, 40)
PARTNER = ("portaal", "f.jansen@example.nl")  # Portaal: a member of the Woningbouw table
SECRETARY = ("secretaris", "m.vandijk@example.org")


def act_as(ws, login: str, email: str, role: str = "gebruiker") -> None:
    ws.config.users = {login: SimpleNamespace(person=email, role=role)}
    ws.act_as(login)


def rows(screen, name: str) -> list:
    return list(screen.query_one(f"#{name}").records.values())


def test_the_service_narrows_every_list_to_the_actor(demo_ws):
    act_as(demo_ws, *PARTNER)
    me = demo_ws.actor
    data = demo_ws.mine.overview()
    assert data["actions"], "the demo gives Portaal open actions"
    for action in data["actions"]:
        assert action.status == "open"
        assert me.organisation_id == action.owner_org_id or me.person_id == action.owner_person_id
    flags = [a.overdue for a in data["actions"]]
    assert flags == sorted(flags, reverse=True)  # overdue first
    for item in data["submitted"]:
        assert me.person_id == item.submitted_by_person_id or (
            me.organisation_id == item.submitted_by_org_id
        )
    member_of = {
        m["table_id"]
        for m in demo_ws.store.query(
            "SELECT table_id FROM memberships WHERE organisation_id = ?", [me.organisation_id]
        )
    }
    assert {m.table_id for m in data["deadlines"]} <= member_of
    for mission in data["unsigned"]:
        assert mission.table_id in member_of
        signed = demo_ws.store.scalar(
            "SELECT count(*) FROM signatures WHERE mission_id = ? AND organisation_id = ?",
            [mission.id, me.organisation_id],
        )
        assert signed == 0


def test_another_organisations_action_is_not_mine(demo_ws):
    act_as(demo_ws, *PARTNER)
    mine = {a.id for a in demo_ws.mine.actions()}
    others = demo_ws.actions.list(status="open").rows
    assert any(a.id not in mine for a in others)
    for action in others:
        if action.id not in mine:
            assert action.owner_org_id != demo_ws.actor.organisation_id


def test_every_open_action_and_item_of_the_person_or_the_organisation_is_mine(demo_ws):
    """Each side of the owner condition is read through its own index: none is left out,
    for an actor with a person and an organisation, and with an organisation alone."""
    act_as(demo_ws, *PARTNER)
    me = demo_ws.actor
    store = demo_ws.store
    action = demo_ws.actions.list(status="open").rows[0]
    store.conn.execute(  # an open action of the person alone, no organisation
        "UPDATE actions SET owner_person_id = ?, owner_org_id = NULL WHERE id = ?",
        [me.person_id, action.id],
    )

    def ids(sql: str) -> set[int]:
        return {r["id"] for r in store.query(sql, [me.person_id, me.organisation_id])}

    expected = ids(
        "SELECT id FROM actions WHERE status = 'open' AND (owner_person_id = ? OR owner_org_id = ?)"
    )
    assert action.id in expected
    assert {a.id for a in demo_ws.mine.actions()} == expected
    assert demo_ws.mine.action_counts()[0] == len(expected)
    items = ids(
        "SELECT id FROM agenda_items WHERE submitted_by_person_id = ? OR submitted_by_org_id = ?"
        " ORDER BY id DESC LIMIT 50"
    )
    assert items and {i.id for i in demo_ws.mine.submitted()} == items
    me.person_id = None  # an organisation alone: the person's action is not the org's
    assert {a.id for a in demo_ws.mine.actions()} == expected - {action.id}
    me.organisation_id = None  # neither: nothing, read from no row
    assert demo_ws.mine.actions() == [] and demo_ws.mine.submitted() == []
    assert demo_ws.mine.action_counts() == (0, 0)


def test_a_new_mission_waits_for_the_signature_until_signed(demo_ws):
    act_as(demo_ws, *PARTNER)
    table_id = next(iter(demo_ws.actor.table_roles))
    act_as(demo_ws, "beheer", "n.kuipers@example.org", "beheerder")
    mission = demo_ws.missions.revise(table_id, "Samen sneller bouwen, ook voor starters.")
    act_as(demo_ws, *PARTNER)
    assert mission.id in {m.id for m in demo_ws.mine.unsigned_missions()}
    demo_ws.missions.sign(table_id)
    assert mission.id not in {m.id for m in demo_ws.mine.unsigned_missions()}


def test_who_is_a_partner():
    assert is_partner(SimpleNamespace(global_role="gebruiker", organisation_id=3,
                                      table_roles={1: {"partner"}}))  # fmt: skip
    assert not is_partner(SimpleNamespace(global_role="gebruiker", organisation_id=3,
                                          table_roles={1: {"partner", "secretaris"}}))  # fmt: skip
    assert not is_partner(SimpleNamespace(global_role="lezer", organisation_id=3, table_roles={}))
    assert not is_partner(SimpleNamespace(global_role="gebruiker", organisation_id=None,
                                          table_roles={}))  # fmt: skip


@drive
async def test_a_partner_starts_on_mijn_werk_and_sees_their_own_work(app, demo_ws):
    act_as(demo_ws, *PARTNER)
    async with app().run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, MineScreen)
        assert pilot.app.current_mode == "mine"
        actions = rows(screen, "actions")
        assert actions == demo_ws.mine.actions()
        assert "Portaal" in str(screen.query_one("#who").render())
        await pilot.press("h")  # the overview is one key away
        await settle(pilot)
        assert pilot.app.current_mode == "home"
        await pilot.press("z")
        await settle(pilot)
        assert pilot.app.current_mode == "mine"


@drive
async def test_a_secretary_starts_on_the_overview_and_finds_mijn_werk_under_z(app, demo_ws):
    act_as(demo_ws, *SECRETARY)
    async with app().run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert pilot.app.current_mode == "home"
        await pilot.press("z")
        await settle(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, MineScreen)
        assert rows(screen, "actions") == demo_ws.mine.actions()
        assert rows(screen, "submitted") == demo_ws.mine.submitted()


@drive
async def test_enter_on_an_action_opens_it(app, demo_ws):
    act_as(demo_ws, *PARTNER)
    async with app().run_test(size=SIZE) as pilot:
        await settle(pilot)
        before = pilot.app.screen
        table = before.query_one("#actions")
        table.focus()
        await pilot.press("enter")
        await settle(pilot)
        assert pilot.app.screen is not before or pilot.app._notifications


def test_snapshot_mijn_werk_of_a_partner(snap_compare, app, demo_ws):
    """What a partner sees first at 80x24."""
    act_as(demo_ws, *PARTNER)

    async def run_before(pilot) -> None:
        await settle(pilot)

    assert snap_compare(app(), terminal_size=(80, 24), run_before=run_before)


@drive
async def test_mijn_werk_shows_a_page_of_actions_and_counts_them_all(app, demo_ws, monkeypatch):
    """The screen reads the first page of open actions; its title counts all of them (and
    the overdue ones) and says that it shows the first."""
    import stadstafel.services.mine as mine

    first = demo_ws.actions.get_full(demo_ws.store.scalar(
        "SELECT a.id FROM actions a JOIN organisations o ON o.id = a.owner_org_id"
        " WHERE o.name = 'Portaal' AND a.status = 'open'"
    ))  # fmt: skip
    for due in ("2026-12-01", "2027-02-01"):  # one overdue, one not; made by the beheerder
        demo_ws.actions.create(
            table_id=first.table_id, kind="actie", text=f"Vóór {due}",
            owner_org_id=first.owner_org_id, due=due,
        )  # fmt: skip
    act_as(demo_ws, *PARTNER)
    every = demo_ws.mine.actions()
    assert len(every) >= 3
    late = sum(1 for a in every if a.overdue)
    assert demo_ws.mine.action_counts() == (len(every), late)
    monkeypatch.setattr(mine, "ACTION_ROWS", 2)
    monkeypatch.setattr(mine.Mine.overview, "__defaults__", (2,))
    data = demo_ws.mine.overview()
    assert data["actions"] == every[:2]
    assert data["action_counts"] == (len(every), late)
    async with app().run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, MineScreen)
        assert rows(screen, "actions") == every[:2]
        title = str(screen.query_one("#actions-title").render())
        assert f"({len(every)}, {late} te laat; de eerste 2)" in title
