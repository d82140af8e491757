"""Keys that never change the record by accident (issue 15).

Enter opens or chooses, never mutates; every mutation has its own key; adopting an agenda or
the minutes asks first and shows what is unusual; and after the minutes are adopted no key
sequence changes the meeting's record. Also: the screens show the record as stored after the
session's own changes, without ``r``.
"""

from __future__ import annotations

import json

from support import drive

from stadstafel.tui.modals import ConfirmScreen
from stadstafel.tui.screens.agenda import AgendaScreen
from stadstafel.tui.screens.minutes import MinutesScreen

SIZE = (80, 24)
WONINGBOUW = "Samenwerkingstafel Woningbouw"


def record_of(ws) -> str:
    """Everything of every meeting's record, to compare before and after a key sequence."""
    rows = {}
    for table in ("meetings", "agenda_items", "decisions", "attendance", "corrections"):
        rows[table] = [dict(r) for r in ws.store.query(f"SELECT * FROM {table} ORDER BY id")]
    rows["actions"] = [
        dict(r)
        for r in ws.store.query("SELECT id, meeting_id, agenda_item_id FROM actions ORDER BY id")
    ]
    return json.dumps(rows, sort_keys=True, default=str)


def closed_meetings(ws):
    return [m for m in ws.meetings.list().rows if m.status in ("gehouden", "verslag vastgesteld")]


def text_of(screen) -> str:
    strips = screen._compositor.render_strips()
    return "\n".join("".join(seg.text for seg in strip) for strip in strips)


@drive
async def test_the_issues_key_sequences_change_nothing(app, demo_ws):
    """``v Up Up Enter Enter`` turned a behandeld item of a held meeting back into
    geagendeerd; ``v Up Up Up Enter Enter u g`` moved a decision out of adopted minutes."""
    before = record_of(demo_ws)
    async with app().run_test(size=SIZE) as pilot:
        await pilot.press("v", "up", "up", "enter", "enter")
        await pilot.pause()
        assert record_of(demo_ws) == before
        for _ in range(4):
            await pilot.press("escape")
            await pilot.pause()
        await pilot.press("v", "up", "up", "up", "enter", "enter", "u", "g")
        await pilot.pause()
        assert record_of(demo_ws) == before


@drive
async def test_enter_on_every_row_of_every_closed_meeting_changes_nothing(app, demo_ws):
    meetings = closed_meetings(demo_ws)
    assert {m.status for m in meetings} == {"gehouden", "verslag vastgesteld"}
    before = record_of(demo_ws)
    async with app().run_test(size=SIZE) as pilot:
        await pilot.press("v")
        await pilot.pause()
        for meeting in meetings:
            pilot.app.push_screen(AgendaScreen(meeting.id))
            await pilot.pause()
            agenda = pilot.app.screen
            for row in range(agenda.table.row_count):
                agenda.table.move_cursor(row=row)
                await pilot.press("enter")
                await pilot.pause()
                if isinstance(pilot.app.screen, MinutesScreen):
                    await pilot.press("enter", "enter")
                    await pilot.pause()
                    await pilot.press("escape")
                    await pilot.pause()
                assert pilot.app.screen is agenda
            await pilot.press("escape")
            await pilot.pause()
    assert record_of(demo_ws) == before


async def back_to(pilot, screen, key: str) -> None:
    """Answer whatever ``key`` opened with "yes" / submit, then go back to ``screen``."""
    for answer in ("j", "enter", "ctrl+s"):
        if pilot.app.screen is screen:
            return
        await pilot.press(answer)
        await pilot.pause()
    for _ in range(4):
        if pilot.app.screen is screen:
            return
        await pilot.press("escape")
        await pilot.pause()
        if isinstance(pilot.app.screen, ConfirmScreen):  # "throw your changes away?"
            await pilot.press("j")
            await pilot.pause()
    raise AssertionError(f"{key}: still on {pilot.app.screen!r}")


AGENDA_KEYS = ["o", "u", "x", "d", "V", "e", "K", "J", "b", "i"]
MINUTES_KEYS = ["h", "H", "b", "a", "t", "k", "w", "C", "G", "A"]


@drive
async def test_no_key_changes_adopted_minutes(app, demo_ws):
    """Every mutation key of the agenda and the minutes on a meeting whose minutes are
    adopted, each answered "yes" (and any form submitted as it comes): nothing changes."""
    adopted = [m for m in closed_meetings(demo_ws) if m.status == "verslag vastgesteld"]
    assert adopted
    meeting = adopted[-1]
    before = record_of(demo_ws)
    async with app().run_test(size=SIZE) as pilot:
        await pilot.press("v")
        await pilot.pause()
        pilot.app.push_screen(AgendaScreen(meeting.id))
        await pilot.pause()
        agenda = pilot.app.screen
        for key in AGENDA_KEYS:
            await pilot.press(key)
            await pilot.pause()
            await back_to(pilot, agenda, key)
        await pilot.press("g")
        await pilot.pause()
        minutes = pilot.app.screen
        assert isinstance(minutes, MinutesScreen)
        for key in MINUTES_KEYS:
            await pilot.press(key)
            await pilot.pause()
            await back_to(pilot, minutes, key)
    assert record_of(demo_ws) == before


@drive
async def test_adopted_minutes_open_no_form_that_could_only_be_refused(app, demo_ws):
    """b, a, t, k and w on adopted minutes say at once that the record is closed; none opens
    a form or a picker (found walking the cycle in a terminal: ``b`` opened the decision
    form and refused only on saving)."""
    meeting = [m for m in closed_meetings(demo_ws) if m.status == "verslag vastgesteld"][-1]
    async with app().run_test(size=SIZE) as pilot:
        await pilot.press("v")
        await pilot.pause()
        pilot.app.push_screen(AgendaScreen(meeting.id))
        await pilot.pause()
        await pilot.press("g")
        await pilot.pause()
        minutes = pilot.app.screen
        assert isinstance(minutes, MinutesScreen)
        for key in ("b", "a", "t", "k", "w"):
            pilot.app.clear_notifications()
            await pilot.press(key)
            await pilot.pause()
            assert pilot.app.screen is minutes, key
            shown = [str(n.message) for n in pilot.app._notifications]
            assert any("verslag ligt vast" in m for m in shown), (key, shown)


@drive
async def test_adopting_the_minutes_asks_shows_what_is_open_and_closes_the_meeting(app, demo_ws):
    table = demo_ws.tables.by_name(WONINGBOUW)
    held = next(
        m for m in closed_meetings(demo_ws) if m.status == "gehouden" and m.table_id == table.id
    )
    extra = next(i for i in demo_ws.agenda.of_meeting(held.id) if i.status == "behandeld")
    extra = demo_ws.agenda.unhandle(extra.id, extra.version)  # open again, before adoption
    async with app().run_test(size=SIZE) as pilot:
        await pilot.press("v")
        await pilot.pause()
        pilot.app.push_screen(MinutesScreen(held.id))
        await pilot.pause()
        screen = pilot.app.screen
        assert " A Vaststellen " in text_of(screen).splitlines()[-1]  # in the footer
        await pilot.press("A")
        await pilot.pause()
        confirm = pilot.app.screen
        assert isinstance(confirm, ConfirmScreen)
        assert "1 agendapunt(en) staan nog open" in confirm.question
        await pilot.press("j")
        await pilot.pause()
        assert demo_ws.meetings.get(held.id).status == "gehouden"  # refused: an item is open
        extra = demo_ws.agenda.get(extra.id)
        demo_ws.agenda.drop(extra.id, extra.version, "Niet besproken")
        await pilot.press("A")
        await pilot.pause()
        await pilot.press("n")  # no: nothing happens
        await pilot.pause()
        assert demo_ws.meetings.get(held.id).status == "gehouden"
        await pilot.press("A")
        await pilot.pause()
        assert "Niets bijzonders" in pilot.app.screen.question
        await pilot.press("j")
        await pilot.pause()
    assert demo_ws.meetings.get(held.id).status == "verslag vastgesteld"


@drive
async def test_the_agenda_shows_what_the_minutes_changed_without_r(app, demo_ws):
    """Issue 15: the session that took the minutes showed stale statuses on the agenda."""
    table = demo_ws.tables.by_name(WONINGBOUW)
    nxt = demo_ws.meetings.next_meeting(table.id, "2027-01-04 09:00")
    m = demo_ws.meetings.get(nxt.id)
    demo_ws.meetings.set_agenda(m.id, m.version)
    async with app().run_test(size=SIZE) as pilot:
        await pilot.press("v")
        await pilot.pause()
        pilot.app.push_screen(AgendaScreen(nxt.id))
        await pilot.pause()
        agenda = pilot.app.screen
        first = agenda.table.current_record
        assert first.status == "geagendeerd"
        await pilot.press("g")
        await pilot.pause()
        minutes = pilot.app.screen
        assert minutes.current.id == first.id
        await pilot.press("h")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert pilot.app.screen is agenda
        row = agenda.table.get_row(str(first.id))
        assert str(row[5]) == "behandeld"
        assert agenda.meeting.status == "agenda vastgesteld"


def fill_form(form, **values) -> None:
    from textual.widgets import Input

    for name, value in values.items():
        widget = form.field_widget(name)
        if isinstance(widget, Input):
            widget.value = str(value)
        else:
            widget.text = str(value)


@drive
async def test_move_and_cancel_a_meeting_from_the_list(app, demo_ws):
    from stadstafel.tui.widgets.form import FormScreen

    async with app().run_test(size=SIZE) as pilot:
        await pilot.press("v")
        await pilot.pause()
        screen = pilot.app.screen
        meeting = demo_ws.meetings.get(screen.list_view.current_record.id)
        items = [i.id for i in demo_ws.agenda.of_meeting(meeting.id)]
        await pilot.press("e")
        await pilot.pause()
        form = pilot.app.screen
        assert isinstance(form, FormScreen)
        new_start = meeting.starts_at.replace(meeting.starts_at[11:], "10:00")
        fill_form(form, starts_at=new_start)
        await pilot.press("ctrl+s")
        await pilot.pause()
        moved = demo_ws.meetings.get(meeting.id)
        assert moved.starts_at == new_start and moved.ends_at[11:] == "12:00"
        assert [i.id for i in demo_ws.agenda.of_meeting(meeting.id)] == items  # they follow
        await pilot.press("X")
        await pilot.pause()
        form = pilot.app.screen
        await pilot.press("ctrl+s")  # a reason is required
        await pilot.pause()
        assert pilot.app.screen is form
        assert demo_ws.meetings.get(meeting.id).status == "gepland"
        fill_form(form, cancel_reason="Wethouder verhinderd")
        await pilot.press("ctrl+s")
        await pilot.pause()
    cancelled = demo_ws.meetings.get(meeting.id)
    assert (cancelled.status, cancelled.cancel_reason) == ("geannuleerd", "Wethouder verhinderd")
