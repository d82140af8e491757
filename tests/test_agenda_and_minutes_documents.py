"""What a person reads of an agenda and its minutes: numbers without the gaps that withdrawn or
postponed items leave in the stored positions, and the attendance recorded in the minutes."""

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


def test_recorded_attendance_reaches_the_minutes_document(ws, table_setup):
    """The record's attendance register, as the verslag shows it (present and apologies)."""
    from stadstafel.exports import documents, markdown

    s = table_setup
    meeting = s.meetings[0]
    ws.attendance.set(meeting.id, s.partner.id, "aanwezig")
    ws.attendance.set(meeting.id, s.other.id, "afwezig met bericht")
    text = markdown.render(documents.minutes(ws, meeting.id))
    assert "## Aanwezig\n\n- Pim Portaal (Portaal)" in text
    assert "## Afwezig met bericht\n\n- Stella Sleutels (De Sleutels)" in text
