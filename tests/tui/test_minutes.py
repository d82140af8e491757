"""Minutes mode and carry forward: record with one key, draft the next agenda."""

from __future__ import annotations

from support import drive
from textual.widgets import Input, Select

from stadstafel.tui.modals import ConfirmScreen
from stadstafel.tui.screens.agenda import AgendaScreen
from stadstafel.tui.screens.carry import ACCEPTED, DROPPED, CarryForwardScreen
from stadstafel.tui.screens.minutes import MinutesScreen
from stadstafel.tui.widgets.form import FormScreen

SIZE = (80, 24)
WONINGBOUW = "Samenwerkingstafel Woningbouw"


def next_woningbouw(ws):
    table = ws.tables.by_name(WONINGBOUW)
    return ws.meetings.next_meeting(table.id, "2027-01-04 09:00")


def text_of(screen) -> str:
    strips = screen._compositor.render_strips()
    return "\n".join("".join(seg.text for seg in strip) for strip in strips)


def fill_form(form: FormScreen, **values) -> None:
    for name, value in values.items():
        widget = form.field_widget(name)
        if isinstance(widget, Select):
            widget.value = value
        elif isinstance(widget, Input):
            widget.value = str(value)
        else:
            widget.text = str(value)


def ready(ws, meeting_id: int) -> None:
    """The meeting's agenda vastgesteld (minutes are taken from then on)."""
    for item in ws.agenda.of_meeting(meeting_id):
        if item.status == "ingediend":
            ws.agenda.accept(item.id, item.version)
    meeting = ws.meetings.get(meeting_id)
    ws.meetings.set_agenda(meeting.id, meeting.version)


async def open_minutes(pilot, meeting_id: int) -> MinutesScreen:
    await pilot.press("v")
    await pilot.pause()
    pilot.app.push_screen(AgendaScreen(meeting_id))
    await pilot.pause()
    await pilot.press("g")
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, MinutesScreen)
    return screen


async def open_carry(pilot, meeting_id: int) -> CarryForwardScreen:
    await pilot.press("v")
    await pilot.pause()
    pilot.app.push_screen(AgendaScreen(meeting_id))
    await pilot.pause()
    await pilot.press("c")
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, CarryForwardScreen)
    return screen


# -- minutes --------------------------------------------------------------------------------


@drive
async def test_minutes_walks_the_agenda(app, demo_ws):
    nxt = next_woningbouw(demo_ws)
    active = [
        i
        for i in demo_ws.agenda.of_meeting(nxt.id)
        if i.status not in ("ingetrokken", "doorgeschoven")
    ]
    async with app().run_test(size=SIZE) as pilot:
        screen = await open_minutes(pilot, nxt.id)
        assert screen.current.id == active[0].id
        assert active[0].title in text_of(screen)
        assert f"Punt 1 van {len(active)}" in text_of(screen)
        await pilot.press("n")
        await pilot.pause()
        assert screen.current.id == active[1].id
        assert active[1].title in text_of(screen)
        await pilot.press("down", "down")
        await pilot.pause()
        assert screen.current.id == active[3].id
        await pilot.press("p", "up")
        await pilot.pause()
        assert screen.current.id == active[1].id
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(pilot.app.screen, AgendaScreen)


@drive
async def test_record_a_decision(app, demo_ws):
    nxt = next_woningbouw(demo_ws)
    ready(demo_ws, nxt.id)
    async with app().run_test(size=SIZE) as pilot:
        screen = await open_minutes(pilot, nxt.id)
        item = screen.current
        before = len(demo_ws.decisions.of_meeting(nxt.id))
        await pilot.press("b")
        await pilot.pause()
        form = pilot.app.screen
        assert isinstance(form, FormScreen)
        fill_form(form, text="De tafel steunt het participatieplan.", review_date="2027-06-01")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert pilot.app.screen is screen
        decisions = demo_ws.decisions.of_meeting(nxt.id)
        assert len(decisions) == before + 1
        new = decisions[-1]
        assert new.agenda_item_id == item.id
        assert new.review_date == "2027-06-01"
        assert "Besluit: De tafel steunt het participatieplan." in text_of(screen)


@drive
async def test_record_an_action_with_an_owner_from_the_table(app, demo_ws):
    nxt = next_woningbouw(demo_ws)
    ready(demo_ws, nxt.id)
    members = demo_ws.tables.members(nxt.table_id)
    owner = members[0]
    async with app().run_test(size=SIZE) as pilot:
        screen = await open_minutes(pilot, nxt.id)
        item = screen.current
        await pilot.press("a")
        await pilot.pause()
        form = pilot.app.screen
        assert isinstance(form, FormScreen)
        options = [v for _, v in form.fields[1].option_pairs()]
        assert sorted(options) == sorted(m.organisation_id for m in members)
        fill_form(
            form, text="Cijfers rondsturen", owner_org_id=owner.organisation_id, due="2027-02-01"
        )
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert pilot.app.screen is screen
        rows = demo_ws.actions.list(meeting_id=nxt.id, status=None).rows
        new = [a for a in rows if a.text == "Cijfers rondsturen"]
        assert len(new) == 1
        assert new[0].kind == "actie"
        assert new[0].owner_org_id == owner.organisation_id
        assert new[0].agenda_item_id == item.id
        assert new[0].due == "2027-02-01"
        assert "Actie: Cijfers rondsturen" in text_of(screen)


@drive
async def test_record_a_toezegging(app, demo_ws):
    nxt = next_woningbouw(demo_ws)
    ready(demo_ws, nxt.id)
    async with app().run_test(size=SIZE) as pilot:
        await open_minutes(pilot, nxt.id)
        await pilot.press("t")
        await pilot.pause()
        form = pilot.app.screen
        fill_form(form, text="De wethouder komt erop terug")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert pilot.app.screen is form  # a toezegging needs an owner and a due date
        assert {"owner_org_id", "due"} <= set(form.errors)
        gemeente = demo_ws.organisations.by_name("Gemeente Leiden")
        fill_form(form, owner_org_id=gemeente.id, due="2027-03-01")
        await pilot.press("ctrl+s")
        await pilot.pause()
    rows = demo_ws.actions.list(meeting_id=nxt.id, kind="toezegging").rows
    assert any(a.text == "De wethouder komt erop terug" for a in rows)


@drive
async def test_a_bad_due_date_is_shown_and_nothing_is_stored(app, demo_ws):
    nxt = next_woningbouw(demo_ws)
    before = demo_ws.actions.list(status=None).total
    async with app().run_test(size=SIZE) as pilot:
        await open_minutes(pilot, nxt.id)
        await pilot.press("a")
        await pilot.pause()
        form = pilot.app.screen
        fill_form(form, text="Iets doen", due="31-02-2027")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert pilot.app.screen is form
        assert "due" in form.errors
        assert "2027-01-07" in form.errors["due"]  # says what a date looks like
    assert demo_ws.actions.list(status=None).total == before


@drive
async def test_a_note_is_appended_to_the_minutes(app, demo_ws):
    nxt = next_woningbouw(demo_ws)
    ready(demo_ws, nxt.id)
    async with app().run_test(size=SIZE) as pilot:
        screen = await open_minutes(pilot, nxt.id)
        item = screen.current
        for key, note in (("k", "Eerste notitie"), ("N", "Tweede notitie")):
            await pilot.press(key)
            await pilot.pause()
            fill_form(pilot.app.screen, text=note)
            await pilot.press("ctrl+s")
            await pilot.pause()
        assert demo_ws.agenda.get(item.id).minutes.endswith("Eerste notitie\nTweede notitie")
        assert "Tweede notitie" in text_of(screen)


@drive
async def test_handled_marks_the_item_and_moves_on(app, demo_ws):
    nxt = next_woningbouw(demo_ws)
    ready(demo_ws, nxt.id)
    async with app().run_test(size=SIZE) as pilot:
        screen = await open_minutes(pilot, nxt.id)
        first = screen.current
        assert first.status == "geagendeerd"
        await pilot.press("h")
        await pilot.pause()
        assert demo_ws.agenda.get(first.id).status == "behandeld"
        assert screen.current.id != first.id
        await pilot.press("p")
        await pilot.pause()
        assert "✓ behandeld" in text_of(screen)


@drive
async def test_meeting_held(app, demo_ws):
    nxt = next_woningbouw(demo_ws)
    ready(demo_ws, nxt.id)
    async with app().run_test(size=SIZE) as pilot:
        await open_minutes(pilot, nxt.id)
        await pilot.press("G")
        await pilot.pause()
        assert isinstance(pilot.app.screen, ConfirmScreen)
        await pilot.press("j")
        await pilot.pause()
    assert demo_ws.meetings.get(nxt.id).status == "gehouden"


# -- carry forward --------------------------------------------------------------------------


@drive
async def test_carry_forward_accept_creates_an_item_and_drop_does_not(app, demo_ws):
    nxt = next_woningbouw(demo_ws)
    after = demo_ws.meetings.next_meeting(nxt.table_id, nxt.starts_at)
    suggestions = demo_ws.carry_forward.suggestions(nxt.id)["suggestions"]
    assert len(suggestions) >= 2
    before = {i.id for i in demo_ws.agenda.of_meeting(after.id)}
    async with app().run_test(size=SIZE) as pilot:
        screen = await open_carry(pilot, nxt.id)
        assert "Naar: vrijdag 19 februari 2027" in text_of(screen)
        first, second = screen.suggestions[0], screen.suggestions[1]
        await pilot.press("space")
        await pilot.pause()
        assert screen.state[first["key"]] == ACCEPTED
        assert screen.table.current_record["key"] == second["key"]  # moved on
        await pilot.press("d")  # an unhandled item is dropped for good: with a reason
        await pilot.pause()
        if second.get("open_item"):
            fill_form(pilot.app.screen, reason="Niet meer nodig")
            await pilot.press("ctrl+s")
            await pilot.pause()
            assert "Niet meer nodig" in demo_ws.agenda.get(second["item_id"]).note
        assert screen.state[second["key"]] == DROPPED
        screen.refresh_data()  # e.g. another session committed
        await pilot.pause()
        assert screen.state[first["key"]] == ACCEPTED
        assert screen.state[second["key"]] == DROPPED
    items = demo_ws.agenda.of_meeting(after.id)
    added = [i for i in items if i.id not in before or i.id == first.get("item_id")]
    titles = {i.title for i in added}
    assert first["title"] in titles
    assert second["title"] not in titles
    assert demo_ws.carry_forward.suggestions(nxt.id)["suggestions"][0]["key"] != first["key"]


@drive
async def test_carry_forward_enter_changes_nothing(app, demo_ws):
    nxt = next_woningbouw(demo_ws)
    after = demo_ws.meetings.next_meeting(nxt.table_id, nxt.starts_at)
    count = len(demo_ws.agenda.of_meeting(after.id))
    statuses = [i.status for i in demo_ws.agenda.of_meeting(nxt.id)]
    async with app().run_test(size=SIZE) as pilot:
        await open_carry(pilot, nxt.id)
        await pilot.press("down", "enter", "enter")
        await pilot.pause()
    assert len(demo_ws.agenda.of_meeting(after.id)) == count
    assert [i.status for i in demo_ws.agenda.of_meeting(nxt.id)] == statuses


@drive
async def test_carry_forward_without_a_next_meeting_offers_to_plan_one(app, demo_ws):
    table = demo_ws.tables.by_name(WONINGBOUW)
    meetings = demo_ws.meetings.list(table_id=table.id).rows
    last = meetings[-1]
    async with app().run_test(size=SIZE) as pilot:
        screen = await open_carry(pilot, last.id)
        assert screen.next is None
        assert "nog geen volgende vergadering" in text_of(screen)
        await pilot.press("space")
        await pilot.pause()
        assert demo_ws.meetings.list(table_id=table.id).total == len(meetings)
        await pilot.press("n")
        await pilot.pause()
        form = pilot.app.screen
        assert isinstance(form, FormScreen)
        assert form.field_widget("starts_at").value > last.starts_at
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert screen.next is not None
        assert "Naar:" in text_of(screen)
    assert demo_ws.meetings.list(table_id=table.id).total == len(meetings) + 1
