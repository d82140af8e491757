"""The number a person sees on an agenda: the active items 1, 2, 3 … without the gaps that a
withdrawn or postponed item leaves in the stored positions (screen, CLI and documents alike)."""

from __future__ import annotations


def test_numbers_skip_withdrawn_items(ws, table_setup):
    s = table_setup
    meeting = s.meetings[0]
    items = [
        ws.agenda.submit(s.table.id, title, meeting_id=meeting.id, org_id=s.portaal.id)
        for title in ("Eerste", "Tweede", "Derde")
    ]
    for item in items:
        ws.agenda.accept(item.id, ws.agenda.get(item.id).version)
    first = ws.agenda.get(items[0].id)
    ws.agenda.withdraw(first.id, first.version)
    shown = ws.meetings.agenda(meeting.id)["items"]
    numbers = {i.title: i.get("number") for i in shown}
    assert numbers == {"Tweede": 1, "Derde": 2, "Eerste": None}
    assert [i.position for i in shown if i.title != "Eerste"] != [1, 2]  # stored ones have a gap
