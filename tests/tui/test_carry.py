"""The carry-forward dialog (``c`` on an agenda) at 80×24: every group a held meeting leaves
behind, each settled with its own key, and the next agenda saying where each item came from."""

from __future__ import annotations

from support import drive
from test_minutes import fill_form, next_woningbouw, open_carry, ready, text_of

from stadstafel.tui.screens.agenda import AgendaScreen
from stadstafel.tui.screens.carry import ACCEPTED, BACKLOG, DROPPED
from stadstafel.tui.widgets.form import FormScreen

SIZE = (80, 24)


def held_with_leftovers(ws):
    """The next Woningbouw meeting held with two items left unhandled, a toezegging due and a
    decision to look back on before the meeting after it."""
    meeting = next_woningbouw(ws)
    ready(ws, meeting.id)
    m = ws.meetings.get(meeting.id)
    ws.meetings.held(m.id, m.version)
    items = [i for i in ws.agenda.of_meeting(meeting.id) if i.origin != "standaard"]
    for item in items[:-2]:
        ws.agenda.handled(item.id, item.version)
    after = ws.meetings.next_meeting(meeting.table_id, meeting.starts_at)
    org = items[0].submitted_by_org_id
    promise = ws.actions.create(
        table_id=meeting.table_id,
        kind="toezegging",
        text="Wethouder informeert de tafel",
        owner_org_id=org,
        due=after.starts_at[:10],
        meeting_id=meeting.id,
    )
    decision = ws.decisions.record_decision(
        meeting.id, "Proef met flexwonen", review_date=after.starts_at[:10]
    )
    return meeting, after, items[-2:], promise, decision


@drive
async def test_the_carry_dialog_settles_each_group_and_the_next_agenda_names_the_origin(
    app, demo_ws
):
    meeting, after, (first, second), promise, decision = held_with_leftovers(demo_ws)
    async with app().run_test(size=SIZE) as pilot:
        screen = await open_carry(pilot, meeting.id)
        shown = text_of(screen)
        for origin in ("niet behandeld", "actie", "terugblik", "backlog"):
            assert origin in shown, origin
        keys = [s["key"] for s in screen.suggestions]
        assert keys[:2] == [f"open:{first.id}", f"open:{second.id}"]  # unhandled first
        await pilot.press("B")  # the first unhandled item back to the backlog
        await pilot.pause()
        assert screen.state[f"open:{first.id}"] == BACKLOG
        await pilot.press("d")  # the second dropped, with a reason
        await pilot.pause()
        assert isinstance(pilot.app.screen, FormScreen)
        fill_form(pilot.app.screen, reason="Buiten de tafel opgelost")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert screen.state[f"open:{second.id}"] == DROPPED
        for key in (f"action:{promise.id}", f"decision:{decision.id}"):
            screen.table.select_key(key)
            await pilot.pause()
            await pilot.press("space")
            await pilot.pause()
            assert screen.state[key] == ACCEPTED
        assert "[x] opgenomen: 2 · [-] geschrapt: 1 · [b] backlog: 1" in text_of(screen)
        await pilot.press("escape")
        await pilot.pause()
        pilot.app.push_screen(AgendaScreen(after.id))
        await pilot.pause()
        agenda = pilot.app.screen
        titles = {i.title: i for i in agenda.items}
        review = titles["Terugblik besluit: Proef met flexwonen"]
        agenda.table.select_key(review.id)
        await pilot.pause()
        shown = text_of(agenda)
        assert "terugblik op het besluit van 8 januari 2027" in shown
        assert "1 actie · 1 terugblik" in shown
        assert "toezegging" in shown  # the Herkomst column
    assert demo_ws.agenda.get(first.id).status == "doorgeschoven"
    assert demo_ws.agenda.get(second.id).status == "ingetrokken"
    assert "Buiten de tafel opgelost" in demo_ws.agenda.get(second.id).note
    assert {
        s["key"] for s in demo_ws.carry_forward.suggestions(meeting.id)["suggestions"]
    }.isdisjoint(
        {f"open:{first.id}", f"open:{second.id}", f"action:{promise.id}", f"decision:{decision.id}"}
    )
