"""Meetings list and month view, and the agenda screen: keys in, service state out."""

from __future__ import annotations

import datetime as dt

from support import drive
from textual.widgets import Input, Select

from stadstafel.tui.modals import ConfirmScreen, ConflictScreen, PickerScreen
from stadstafel.tui.screens.agenda import AgendaScreen
from stadstafel.tui.screens.meetings import MeetingsScreen, MonthView
from stadstafel.tui.widgets.form import FormScreen

SIZE = (80, 24)
WONINGBOUW = "Samenwerkingstafel Woningbouw"


def next_woningbouw(ws):
    table = ws.tables.by_name(WONINGBOUW)
    return ws.meetings.next_meeting(table.id, "2027-01-04 09:00")


def text_of(screen) -> str:
    """Everything the screen shows, as plain text."""
    strips = screen._compositor.render_strips()
    return "\n".join("".join(seg.text for seg in strip) for strip in strips)


async def open_meetings(pilot) -> MeetingsScreen:
    await pilot.press("v")
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, MeetingsScreen)
    return screen


async def open_agenda(pilot, meeting_id: int) -> AgendaScreen:
    await open_meetings(pilot)
    pilot.app.push_screen(AgendaScreen(meeting_id))
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, AgendaScreen)
    return screen


def fill_form(form: FormScreen, **values) -> None:
    for name, value in values.items():
        widget = form.field_widget(name)
        if isinstance(widget, Select):
            widget.value = value
        elif isinstance(widget, Input):
            widget.value = str(value)
        else:
            widget.text = str(value)


def waiting_item(ws, meeting, title="Punt uit de stad"):
    """A submitted item on ``meeting`` (from the city: never late, so it stays there)."""
    return ws.agenda.submit(meeting.table_id, title, meeting_id=meeting.id, origin="stad")


async def move_to(pilot, screen: AgendaScreen, item_id: int) -> None:
    assert screen.table.select_key(item_id)
    await pilot.pause()


# -- meetings ------------------------------------------------------------------------------


@drive
async def test_list_starts_at_the_next_meeting_and_enter_opens_its_agenda(app, demo_ws):
    nxt = min(
        (m for m in demo_ws.meetings.list().rows if m.starts_at >= "2027-01-04"),
        key=lambda m: m.starts_at,
    )
    async with app().run_test(size=SIZE) as pilot:
        screen = await open_meetings(pilot)
        assert screen.list_view.current_record.id == nxt.id
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(pilot.app.screen, AgendaScreen)
        assert pilot.app.screen.meeting_id == nxt.id
        await pilot.press("escape")
        await pilot.pause()
        assert pilot.app.screen is screen


@drive
async def test_list_is_paged_and_loads_more_near_the_end(app, demo_ws):
    table = demo_ws.tables.by_name(WONINGBOUW)
    for start in ("2028-01-03 10:00", "2031-01-06 10:00", "2034-01-02 10:00"):
        demo_ws.meetings.create_series(table.id, start, "weeks:2", 60)
    total = demo_ws.meetings.list(limit=1).total
    async with app().run_test(size=SIZE) as pilot:
        screen = await open_meetings(pilot)
        view = screen.list_view
        assert view.total == total
        assert len(view.order) < total  # never everything at once
        loaded = len(view.order)
        view.move_cursor(row=loaded - 1)
        await pilot.pause()
        assert len(view.order) > loaded
        await pilot.press("ctrl+end")
        for _ in range(10):
            await pilot.press("ctrl+end")
            await pilot.pause()
        assert view.first + len(view.order) == total  # the end reached
        assert len(view.order) <= view.window  # the first pages dropped on the way


@drive
async def test_typing_filters_the_list(app, demo_ws):
    expected = demo_ws.meetings.list(filter="Stuurgroep").total
    assert 0 < expected < demo_ws.meetings.list().total
    async with app().run_test(size=SIZE) as pilot:
        screen = await open_meetings(pilot)
        await pilot.press(*"Stuurgroep")  # "S" is no key here: typing goes to the filter
        await pilot.pause()
        assert screen.query_one("#filter", Input).value == "Stuurgroep"
        assert screen.list_view.total == expected
        assert all("Stuurgroep" in r.title for r in screen.list_view.records.values())
        await pilot.press("escape")  # clears the filter and goes back to the list
        await pilot.pause()
        assert screen.list_view.total == demo_ws.meetings.list().total


@drive
async def test_table_selector_shows_one_table(app, demo_ws):
    table = demo_ws.tables.by_name(WONINGBOUW)
    expected = demo_ws.meetings.list(table_id=table.id).total
    async with app().run_test(size=SIZE) as pilot:
        screen = await open_meetings(pilot)
        await pilot.press("f")
        await pilot.pause()
        picker = pilot.app.screen
        assert isinstance(picker, PickerScreen)
        await pilot.press(*"Woningbouw", "enter")
        await pilot.pause()
        assert screen.table_id == table.id
        assert screen.list_view.total == expected
        assert {r.table_id for r in screen.list_view.records.values()} == {table.id}
        assert "Woningbouw" in text_of(screen)


@drive
async def test_month_view_toggles_and_pages_months(app, demo_ws):
    async with app().run_test(size=SIZE) as pilot:
        screen = await open_meetings(pilot)
        await pilot.press("m")
        await pilot.pause()
        view = screen.query_one(MonthView)
        assert view.display and not screen.list_view.display
        assert "januari 2027" in text_of(screen)
        jan = {d.day for d in view.meetings}
        assert 8 in jan  # the Woningbouw meeting of 8 January
        await pilot.press("right_square_bracket")
        await pilot.pause()
        assert view.day.month == 2
        assert "februari 2027" in text_of(screen)
        assert 19 in {d.day for d in view.meetings}
        await pilot.press("left_square_bracket", "left_square_bracket")
        await pilot.pause()
        assert (view.day.year, view.day.month) == (2026, 12)
        await pilot.press("m")
        await pilot.pause()
        assert screen.list_view.display and not view.display


@drive
async def test_month_view_enter_opens_the_days_meeting(app, demo_ws):
    nxt = next_woningbouw(demo_ws)
    async with app().run_test(size=SIZE) as pilot:
        screen = await open_meetings(pilot)
        await pilot.press("m")
        await pilot.pause()
        view = screen.query_one(MonthView)
        view.day = dt.date.fromisoformat(nxt.starts_at[:10])
        await pilot.pause()
        assert "Woningbouw" in text_of(screen)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(pilot.app.screen, AgendaScreen)
        assert pilot.app.screen.meeting_id == nxt.id


@drive
async def test_new_meeting_form_creates_a_meeting(app, demo_ws):
    table = demo_ws.tables.by_name(WONINGBOUW)
    before = demo_ws.meetings.list(table_id=table.id).total
    async with app().run_test(size=SIZE) as pilot:
        await open_meetings(pilot)
        await pilot.press("n")
        await pilot.pause()
        form = pilot.app.screen
        assert isinstance(form, FormScreen)
        fill_form(form, table_id=table.id, starts_at="2027-03-05 10:00", location="Stadhuis")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not isinstance(pilot.app.screen, FormScreen)
    rows = demo_ws.meetings.list(table_id=table.id, start="2027-03-05", end="2027-03-06").rows
    assert len(rows) == 1 and rows[0].location == "Stadhuis"
    assert demo_ws.meetings.list(table_id=table.id).total == before + 1


@drive
async def test_new_meeting_form_shows_a_bad_date(app, demo_ws):
    async with app().run_test(size=SIZE) as pilot:
        await open_meetings(pilot)
        await pilot.press("n")
        await pilot.pause()
        form = pilot.app.screen
        fill_form(form, starts_at="volgende week")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert pilot.app.screen is form  # not saved
        assert "starts_at" in form.errors


@drive
async def test_new_series_creates_meetings_in_a_rhythm(app, demo_ws):
    table = demo_ws.tables.by_name(WONINGBOUW)
    async with app().run_test(size=SIZE) as pilot:
        await open_meetings(pilot)
        await pilot.press("N")
        await pilot.pause()
        form = pilot.app.screen
        fill_form(
            form, table_id=table.id, starts_at="2028-01-10 14:00", rhythm="monthly", count="3"
        )
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not isinstance(pilot.app.screen, FormScreen)
    rows = demo_ws.meetings.list(table_id=table.id, start="2028-01-01", end="2028-12-31").rows
    assert [r.starts_at for r in rows] == [
        "2028-01-10 14:00",
        "2028-02-10 14:00",
        "2028-03-10 14:00",
    ]


# -- agenda ---------------------------------------------------------------------------------


@drive
async def test_agenda_shows_items_totals_and_late_marker(app, demo_ws):
    nxt = next_woningbouw(demo_ws)
    (waiting,) = demo_ws.agenda.late_for(nxt.id)  # the demo's late item, on the backlog
    demo_ws.agenda.schedule(waiting.id, waiting.version, nxt.id)  # placed by the secretary
    data = demo_ws.meetings.agenda(nxt.id)
    late = [i for i in data["items"] if i.late]
    assert late
    async with app().run_test(size=SIZE) as pilot:
        screen = await open_agenda(pilot, nxt.id)
        text = text_of(screen)
        assert f"Totaal {data['total_minutes']} van {data['meeting_minutes']} minuten" in text
        assert "! = te laat ingediend" in text
        row = screen.table.get_row(str(late[0].id))
        assert str(row[-1]) == "!"
        assert len(screen.table.order) == len(data["items"])


@drive
async def test_a_late_item_goes_to_the_backlog_until_placed(app, demo_ws):
    nxt = next_woningbouw(demo_ws)
    portaal = demo_ws.organisations.by_name("Portaal")
    async with app().run_test(size=SIZE) as pilot:
        screen = await open_agenda(pilot, nxt.id)
        await pilot.press("i")
        await pilot.pause()
        form = pilot.app.screen
        assert isinstance(form, FormScreen)
        await pilot.press(*"Nieuwe huurders")  # the title field has focus
        fill_form(form, submitted_by_org_id=portaal.id, duration_minutes=25)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert pilot.app.screen is screen
        items = demo_ws.agenda.of_meeting(nxt.id)
        new = [i for i in items if i.title == "Nieuwe huurders"]
        backlog = [i for i in demo_ws.agenda.backlog(nxt.table_id) if i.title == "Nieuwe huurders"]
        # the deadline of this meeting has passed: the item waits on the backlog, with a note
        assert new == [] and len(backlog) == 1
        assert backlog[0].submitted_by_org_id == portaal.id
        assert backlog[0].duration_minutes == 25
        assert (backlog[0].status, backlog[0].late) == ("ingediend", 1)
        assert backlog[0].requested_meeting_id == nxt.id
        # the secretary places it explicitly: b, and the late item is offered first
        await pilot.press("b")
        await pilot.pause()
        picker = pilot.app.screen
        assert isinstance(picker, PickerScreen)
        late = [value for label, value in picker.options if label.startswith("! ")]
        assert backlog[0].id in late and len(late) == 2  # the demo's late item and this one
        for _ in range(late.index(backlog[0].id)):
            await pilot.press("down")
        await pilot.press("enter")
        await pilot.pause()
        assert demo_ws.agenda.get(backlog[0].id).meeting_id == nxt.id


@drive
async def test_reorder_moves_an_item(app, demo_ws):
    nxt = next_woningbouw(demo_ws)
    active = [
        i
        for i in demo_ws.agenda.of_meeting(nxt.id)
        if i.status not in ("ingetrokken", "doorgeschoven")
    ]
    first, second = active[0], active[1]
    async with app().run_test(size=SIZE) as pilot:
        screen = await open_agenda(pilot, nxt.id)
        await move_to(pilot, screen, second.id)
        await pilot.press("K")
        await pilot.pause()
        assert demo_ws.agenda.get(second.id).position == 1
        assert demo_ws.agenda.get(first.id).position == 2
        assert screen.table.current_record.id == second.id  # the cursor went along
        await pilot.press("ctrl+down", "ctrl+down")
        await pilot.pause()
        assert demo_ws.agenda.get(second.id).position == 3


@drive
async def test_set_agenda_says_which_items_wait_then_sets_it(app, demo_ws):
    nxt = next_woningbouw(demo_ws)
    waiting = [waiting_item(demo_ws, nxt)]
    async with app().run_test(size=SIZE) as pilot:
        screen = await open_agenda(pilot, nxt.id)
        await pilot.press("V")
        await pilot.pause()
        confirm = pilot.app.screen
        assert isinstance(confirm, ConfirmScreen)
        # what is unusual, before anything is set
        assert "1 ingediend punt(en) nog niet opgenomen" in confirm.question
        assert "te laat ingediend punt(en) op de backlog" in confirm.question
        await pilot.press("j")
        await pilot.pause()
        assert demo_ws.meetings.get(nxt.id).status == "gepland"
        assert "wachten nog op een besluit" in text_of(screen)
        for item in waiting:
            await move_to(pilot, screen, item.id)
            await pilot.press("o")
            await pilot.pause()
            assert demo_ws.agenda.get(item.id).status == "geagendeerd"
        await pilot.press("V")
        await pilot.pause()
        await pilot.press("enter")  # Enter on the dialog means "no"
        await pilot.pause()
        assert demo_ws.meetings.get(nxt.id).status == "gepland"
        await pilot.press("V")
        await pilot.pause()
        await pilot.press("j")
        await pilot.pause()
        assert demo_ws.meetings.get(nxt.id).status == "agenda vastgesteld"
        assert "wachten nog" not in text_of(screen)
        assert "agenda vastgesteld" in text_of(screen)


@drive
async def test_enter_opens_a_submitted_item_and_changes_nothing(app, demo_ws):
    from stadstafel.tui.screens.minutes import MinutesScreen

    nxt = next_woningbouw(demo_ws)
    waiting = waiting_item(demo_ws, nxt)
    async with app().run_test(size=SIZE) as pilot:
        screen = await open_agenda(pilot, nxt.id)
        await move_to(pilot, screen, waiting.id)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(pilot.app.screen, MinutesScreen)
        assert pilot.app.screen.current.id == waiting.id
        assert demo_ws.agenda.get(waiting.id).status == "ingediend"
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("o")  # accepting has its own key
        await pilot.pause()
        assert demo_ws.agenda.get(waiting.id).status == "geagendeerd"


@drive
async def test_postpone_carries_a_copy_to_the_next_meeting(app, demo_ws):
    nxt = next_woningbouw(demo_ws)
    after = demo_ws.meetings.next_meeting(nxt.table_id, nxt.starts_at)
    item = next(i for i in demo_ws.agenda.of_meeting(nxt.id) if i.status == "geagendeerd")
    async with app().run_test(size=SIZE) as pilot:
        screen = await open_agenda(pilot, nxt.id)
        await move_to(pilot, screen, item.id)
        await pilot.press("u")
        await pilot.pause()
        assert demo_ws.agenda.get(item.id).status == "doorgeschoven"
        copies = [i for i in demo_ws.agenda.of_meeting(after.id) if i.carried_from_id == item.id]
        assert len(copies) == 1 and copies[0].title == item.title
        assert "doorgeschoven" in text_of(screen)


@drive
async def test_withdraw_asks_first(app, demo_ws):
    nxt = next_woningbouw(demo_ws)
    item = next(i for i in demo_ws.agenda.of_meeting(nxt.id) if i.status == "geagendeerd")
    async with app().run_test(size=SIZE) as pilot:
        screen = await open_agenda(pilot, nxt.id)
        await move_to(pilot, screen, item.id)
        await pilot.press("x")
        await pilot.pause()
        assert isinstance(pilot.app.screen, ConfirmScreen)
        await pilot.press("n")
        await pilot.pause()
        assert demo_ws.agenda.get(item.id).status == "geagendeerd"
        await pilot.press("x")
        await pilot.pause()
        await pilot.press("j")
        await pilot.pause()
        assert demo_ws.agenda.get(item.id).status == "ingetrokken"


@drive
async def test_edit_an_item(app, demo_ws):
    nxt = next_woningbouw(demo_ws)
    item = next(i for i in demo_ws.agenda.of_meeting(nxt.id) if i.status == "geagendeerd")
    async with app().run_test(size=SIZE) as pilot:
        screen = await open_agenda(pilot, nxt.id)
        await move_to(pilot, screen, item.id)
        await pilot.press("e")
        await pilot.pause()
        form = pilot.app.screen
        assert isinstance(form, FormScreen)
        assert form.field_widget("title").value == item.title
        fill_form(form, duration_minutes=5)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert demo_ws.agenda.get(item.id).duration_minutes == 5


@drive
async def test_backlog_item_is_scheduled_on_this_meeting(app, demo_ws):
    nxt = next_woningbouw(demo_ws)
    backlog = demo_ws.agenda.late_for(nxt.id)  # listed first in the picker
    assert backlog, "the demo has a late item for Woningbouw on the backlog"
    async with app().run_test(size=SIZE) as pilot:
        await open_agenda(pilot, nxt.id)
        await pilot.press("b")
        await pilot.pause()
        assert isinstance(pilot.app.screen, PickerScreen)
        await pilot.press("enter")
        await pilot.pause()
        assert demo_ws.agenda.get(backlog[0].id).meeting_id == nxt.id


@drive
async def test_a_conflict_opens_the_conflict_dialog(app, demo_ws):
    nxt = next_woningbouw(demo_ws)
    waiting = waiting_item(demo_ws, nxt)
    async with app().run_test(size=SIZE) as pilot:
        screen = await open_agenda(pilot, nxt.id)
        await move_to(pilot, screen, waiting.id)
        # somebody else edits the item meanwhile
        demo_ws.agenda.update(waiting.id, waiting.version, duration_minutes=7)
        await pilot.press("o")
        await pilot.pause()
        assert isinstance(pilot.app.screen, ConflictScreen)
        await pilot.press("m")  # apply my change again, on the stored version
        await pilot.pause()
        assert demo_ws.agenda.get(waiting.id).status == "geagendeerd"
        assert screen.table.current_record.duration_minutes == 7


@drive
async def test_service_errors_are_shown_not_raised(app, demo_ws):
    nxt = next_woningbouw(demo_ws)
    item = next(i for i in demo_ws.agenda.of_meeting(nxt.id) if i.status == "geagendeerd")
    async with app().run_test(size=SIZE) as pilot:
        screen = await open_agenda(pilot, nxt.id)
        await move_to(pilot, screen, item.id)
        await pilot.press("o")  # already geagendeerd: not a valid change
        await pilot.pause()
        assert pilot.app.screen is screen
        messages = [n.message for n in pilot.app._notifications]
        assert any("kan niet naar" in m for m in messages)


@drive
async def test_refresh_data_keeps_the_cursor(app, demo_ws):
    nxt = next_woningbouw(demo_ws)
    items = demo_ws.agenda.of_meeting(nxt.id)
    target = items[3]
    async with app().run_test(size=SIZE) as pilot:
        screen = await open_agenda(pilot, nxt.id)
        await move_to(pilot, screen, target.id)
        waiting_item(demo_ws, nxt, "Van een andere sessie")
        screen.refresh_data()
        await pilot.pause()
        assert screen.table.current_record.id == target.id
        assert any(r.title == "Van een andere sessie" for r in screen.table.records.values())
        meetings = pilot.app.screen_stack[0]
        assert isinstance(meetings, MeetingsScreen)
        meetings.refresh_data()
        assert meetings.list_view.current_record is not None


@drive
async def test_english_agenda(app, demo_ws):
    from stadstafel import i18n

    nxt = next_woningbouw(demo_ws)
    i18n.set_language("en")  # the demo_ws fixture switches back to Dutch afterwards
    async with app().run_test(size=SIZE) as pilot:
        screen = await open_agenda(pilot, nxt.id)
        text = text_of(screen)
        assert "Total " in text and " minutes" in text
        assert "on agenda" in text and "V Adopt" in text
        assert "Friday 8 January 2027" in text
        await pilot.press("g")
        await pilot.pause()
        assert "Item 1 of" in text_of(pilot.app.screen)
        await pilot.press("escape", "c")
        await pilot.pause()
        assert "From:" in text_of(pilot.app.screen)
        await pilot.press("escape", "escape", "m")
        await pilot.pause()
        assert "January 2027" in text_of(pilot.app.screen)
        await pilot.press("a")
        await pilot.pause()
        assert "overdue" in text_of(pilot.app.screen)
