"""What secretaries see at 80×24: meetings, month, agenda, minutes, carry forward, actions.

The clock is frozen at 4 January 2027 and the workspace is the Leiden demo; regenerate with
``uv run pytest tests/tui/test_snapshots_agenda.py --snapshot-update`` and look at the SVGs.
"""

from __future__ import annotations

from stadstafel.tui.screens.agenda import AgendaScreen

SIZE = (80, 24)


def next_woningbouw(ws):
    table = ws.tables.by_name("Samenwerkingstafel Woningbouw")
    return ws.meetings.next_meeting(table.id, "2027-01-04 09:00")


def last_held_woningbouw(ws):
    table = ws.tables.by_name("Samenwerkingstafel Woningbouw")
    return ws.meetings.list(table_id=table.id, status="gehouden").rows[-1]


def with_agenda(ws, *keys: str, meeting=None):
    """run_before: the meetings section, the next Woningbouw agenda (or ``meeting``'s), then
    ``keys``."""
    meeting = meeting or next_woningbouw(ws)

    async def run_before(pilot) -> None:
        await pilot.press("v")
        await pilot.pause()
        pilot.app.push_screen(AgendaScreen(meeting.id))
        await pilot.pause()
        if keys:
            await pilot.press(*keys)
        await pilot.pause()
        pilot.app.clear_notifications()  # what stays on the screen, not the passing toasts
        await pilot.pause()

    return run_before


def keys(*keys: str):
    """run_before: press ``keys`` one by one, letting each screen settle."""

    async def run_before(pilot) -> None:
        for key in keys:
            await pilot.press(key)
            await pilot.pause()
        pilot.app.clear_notifications()
        await pilot.pause()

    return run_before


def test_meetings_list(snap_compare, app):
    assert snap_compare(app(), run_before=keys("v"), terminal_size=SIZE)


def test_meetings_month(snap_compare, app):
    assert snap_compare(app(), run_before=keys("v", "m"), terminal_size=SIZE)


def test_agenda(snap_compare, app, demo_ws):
    assert snap_compare(app(), run_before=with_agenda(demo_ws), terminal_size=SIZE)


def test_agenda_set_asks_and_shows_what_is_unusual(snap_compare, app, demo_ws):
    assert snap_compare(app(), run_before=with_agenda(demo_ws, "V"), terminal_size=SIZE)


def test_agenda_of_a_held_meeting_offers_no_changes(snap_compare, app, demo_ws):
    meeting = last_held_woningbouw(demo_ws)
    assert snap_compare(app(), run_before=with_agenda(demo_ws, meeting=meeting), terminal_size=SIZE)


def test_minutes_mode(snap_compare, app, demo_ws):
    assert snap_compare(app(), run_before=with_agenda(demo_ws, "g", "n"), terminal_size=SIZE)


def test_carry_forward(snap_compare, app, demo_ws):
    keys = ("c", "space", "d")  # accept the first suggestion, drop the second
    meeting = last_held_woningbouw(demo_ws)  # carried forward to the next one
    assert snap_compare(
        app(), run_before=with_agenda(demo_ws, *keys, meeting=meeting), terminal_size=SIZE
    )


def test_actions_list(snap_compare, app):
    assert snap_compare(app(), run_before=keys("a"), terminal_size=SIZE)


def test_actions_overdue_only(snap_compare, app):
    assert snap_compare(app(), run_before=keys("a", "o"), terminal_size=SIZE)


def test_stuck_review(snap_compare, app):
    assert snap_compare(app(), run_before=keys("a", "s"), terminal_size=SIZE)
