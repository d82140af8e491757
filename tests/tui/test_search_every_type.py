"""Search finds every record type (issue 21, item 7), grouped by kind, and ``/`` opens each
where it lives: the table on the tab that holds it (cursor on the record), the meeting's
agenda. ``stadstafel search`` shows the same hits (tests/test_cli.py)."""

from __future__ import annotations

import itertools

import pytest
from support import drive, searched

from stadstafel.records import Record
from stadstafel.services.review import SEARCH_KINDS, grouped
from stadstafel.tui.screens.agenda import AgendaScreen
from stadstafel.tui.screens.search import SearchScreen
from stadstafel.tui.screens.tables import TableDetailScreen
from stadstafel.tui.widgets.lists import RecordTable

SIZE = (80, 24)


def kinds_of(ws, query: str) -> set[str]:
    return {h.kind for h in ws.search.search(query, limit=200)}


def test_consensus_finds_the_werkafspraak(demo_ws):
    hits = demo_ws.search.search("consensus")
    assert [h.kind for h in hits] == ["working_agreement"]
    agreement = demo_ws.working_agreements.get(hits[0].id)
    assert "consensus" in agreement.text and hits[0].title == agreement.subject
    assert hits[0].table_id == agreement.table_id
    assert "[consensus]" in hits[0].snippet


@pytest.mark.parametrize(
    ("kind", "make"),
    [
        ("table", lambda ws, t: ws.tables.update(t.id, t.version, description="Zwaluwstaart")),
        ("mission", lambda ws, t: ws.missions.revise(t.id, "Wij bouwen zwaluwstaarten.")),
        (
            "working_agreement",
            lambda ws, t: ws.working_agreements.create(
                table_id=t.id, subject="overig", text="Zwaluwstaarten verbinden."
            ),
        ),
        (
            "goal",
            lambda ws, t: ws.goals.create(table_id=t.id, description="Zwaluwstaarten tellen"),
        ),
        (
            "interest",
            lambda ws, t: ws.interests.create(
                table_id=t.id,
                organisation_id=ws.tables.members(t.id)[0].organisation_id,
                topic="zwaluwstaart",
                text="Nestkasten.",
            ),
        ),
        (
            "initiative",
            lambda ws, t: ws.initiatives.create(table_id=t.id, title="Zwaluwstaart-route"),
        ),
        (
            "meeting",
            lambda ws, t: ws.meetings.create(
                table_id=t.id,
                title="Zwaluwstaart-sessie",
                starts_at="2027-02-01 10:00",
                ends_at="2027-02-01 12:00",
            ),
        ),
    ],
)
def test_each_record_type_is_found_by_a_word_in_it(demo_ws, kind, make):
    table = demo_ws.tables.by_name("Leiden Kennisstad")
    assert kinds_of(demo_ws, "zwaluwstaart") == set()
    make(demo_ws, table)
    hits = demo_ws.search.search("zwaluwstaart")
    assert {h.kind for h in hits} == {kind}
    assert all(h.title and h.snippet for h in hits)
    assert hits[0].table_id == table.id  # the screen opens the table from this


def test_every_core_kind_has_a_label_and_opens():
    from stadstafel.tui.screens.search import KINDS
    from stadstafel.tui.sections import TABLE_TAB_KINDS

    assert set(SEARCH_KINDS) <= set(KINDS)
    assert set(TABLE_TAB_KINDS) <= set(SEARCH_KINDS)


def test_hits_are_grouped_by_kind_in_the_order_of_each_kinds_best_hit():
    def hit(kind: str, rank: float) -> Record:
        return Record(kind=kind, id=int(rank * -10), rank=rank)

    ranked = [hit("a", -9), hit("b", -8), hit("a", -7), hit("c", -6), hit("b", -5)]
    assert [(h.kind, h.rank) for h in grouped(ranked)] == [
        ("a", -9), ("a", -7), ("b", -8), ("b", -5), ("c", -6)
    ]  # fmt: skip


def test_the_service_returns_its_hits_grouped(demo_ws):
    hits = demo_ws.search.search("corporaties", limit=100)
    kinds = [h.kind for h in hits]
    assert len(set(kinds)) >= 4
    # each kind's hits follow each other: the kind changes once per kind
    changes = sum(1 for a, b in itertools.pairwise(kinds) if a != b)
    assert changes == len(set(kinds)) - 1
    for kind in set(kinds):
        ranks = [h.rank for h in hits if h.kind == kind]
        assert ranks == sorted(ranks)


async def search_for(pilot, text: str) -> SearchScreen:
    await pilot.press("slash")
    await searched(pilot)
    for key in text:
        await pilot.press(key)
    await searched(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, SearchScreen)
    return screen


async def open_hit(pilot, screen: SearchScreen, kind: str, record_id: int) -> None:
    await pilot.press("down")
    assert screen.results.select_key(f"{kind}:{record_id}")
    await pilot.press("enter")
    await pilot.pause()
    await pilot.pause()


@drive
async def test_slash_consensus_opens_the_table_on_its_werkafspraken(app, demo_ws):
    hit = demo_ws.search.search("consensus")[0]
    async with app().run_test(size=SIZE) as pilot:
        screen = await search_for(pilot, "consensus")
        cells = [str(c) for c in screen.results.get_row_at(0)]
        assert cells[0] == "Werkafspraak"
        await open_hit(pilot, screen, "working_agreement", hit.id)
        detail = pilot.app.screen
        assert isinstance(detail, TableDetailScreen)
        assert detail.table_id == hit.table_id
        assert detail.active_tab == "werkafspraken"
        agreements = detail.query_one("#agreements", RecordTable)
        assert agreements.current_record.id == hit.id
        assert agreements.has_focus  # e edits it at once


@drive
async def test_slash_opens_goals_initiatives_mission_and_meetings_where_they_live(app, demo_ws):
    table = demo_ws.tables.by_name("Leiden Kennisstad")
    goal = demo_ws.goals.create(table_id=table.id, description="Zwaluwstaarten tellen")
    initiative = demo_ws.initiatives.create(table_id=table.id, title="Zwaluwstaart-route")
    meeting = demo_ws.meetings.create(
        table_id=table.id,
        title="Zwaluwstaart-sessie",
        starts_at="2027-02-01 10:00",
        ends_at="2027-02-01 12:00",
    )
    async with app().run_test(size=SIZE) as pilot:
        for kind, record, tab, list_id in [
            ("goal", goal, "doelen", "#goals"),
            ("initiative", initiative, "initiatieven", "#initiatives"),
        ]:
            screen = await search_for(pilot, "zwaluwstaart")
            kinds = [str(screen.results.get_row_at(i)[0]) for i in range(3)]
            assert sorted(k for k in kinds if k) == ["Doel", "Initiatief", "Vergadering"]
            await open_hit(pilot, screen, kind, record.id)
            detail = pilot.app.screen
            assert isinstance(detail, TableDetailScreen) and detail.active_tab == tab
            assert detail.query_one(list_id, RecordTable).current_record.id == record.id
            await pilot.press("escape")
            await pilot.press("escape")
            await pilot.pause()
        screen = await search_for(pilot, "zwaluwstaart")
        await open_hit(pilot, screen, "meeting", meeting.id)
        assert isinstance(pilot.app.screen, AgendaScreen)
        assert pilot.app.screen.meeting_id == meeting.id
        await pilot.press("escape")
        await pilot.press("escape")
        await pilot.pause()
        mission = demo_ws.missions.revise(table.id, "Wij bouwen samen aan kennisnesten.")
        screen = await search_for(pilot, "kennisnesten")
        await open_hit(pilot, screen, "mission", mission.id)
        assert isinstance(pilot.app.screen, TableDetailScreen)
        assert pilot.app.screen.active_tab == "missie"
