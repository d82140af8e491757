"""Hostile strings, as a partner could type them into any name, title or text, and the checks
that show they stayed data.

    from hostile import CORPUS, LONG, assert_no_control, shown, populate

``CORPUS`` (``stadstafel.testing.HOSTILE``) maps a short key to a string short enough for a
name (120 characters); ``LONG`` is a 5,000-character text for the fields that take it (an
agenda item's description); names and notes refuse it. ``shown(value)`` is what a screen or listing
must show for ``value`` on one line (control characters replaced, markup not interpreted).
``populate(ws)`` puts the corpus into every kind of record through the services.
"""

from __future__ import annotations

from types import SimpleNamespace

from stadstafel.testing import (  # noqa: F401 (assert_no_control: for the tests)
    HOSTILE,
    assert_no_control,
    drawn_text,
    hostile_shown,
)

CORPUS = HOSTILE  # the public corpus, for plugins too (stadstafel.testing)
LONG = "Lang " + "x" * 4989 + " einde"  # 5,000 characters (descriptions take 8,000)
assert len(LONG) == 5000

shown = hostile_shown


def populate(ws, *, table_name: str | None = None) -> SimpleNamespace:
    """Every hostile string in organisation and person names, a table, meetings, agenda items,
    actions and decisions, written through the services. Returns the records."""
    orgs, people, items, actions, decisions = [], [], [], [], []
    for text in CORPUS.values():
        org = ws.organisations.create(
            name=f"{text} org", kind="overig", notes=f"{text}\n{LONG[:3000]}"
        )
        orgs.append(org)
        people.append(ws.people.create(name=f"{text} persoon", organisation_id=org.id))
    table = ws.tables.create(
        name=table_name or CORPUS["close"] + " tafel",
        kind="samenwerkingstafel",
        topics=[CORPUS["bold"], CORPUS["clear"]],
        description=LONG[:4000],
    )
    for org in orgs[:4]:
        ws.memberships.add(table.id, org.id)
    meeting = ws.meetings.create(
        table_id=table.id,
        title=CORPUS["click"] + " vergadering",
        starts_at="2027-01-20 14:00",
        location=CORPUS["title"],
        notes=LONG[:4000],
    )
    for text in CORPUS.values():
        items.append(
            ws.agenda.submit(
                table.id,
                f"{text} punt",
                meeting_id=meeting.id,
                org_id=orgs[0].id,
                description=f"{text}\n{LONG}",
            )
        )
    # decisions are taken once the agenda is set (docs/record.md)
    items = [ws.agenda.accept(item.id, item.version) for item in items]
    meeting = ws.meetings.set_agenda(meeting.id, ws.meetings.get(meeting.id).version)
    for text, item in zip(CORPUS.values(), items, strict=True):
        actions.append(
            ws.actions.create(
                table_id=table.id,
                text=f"{text} actie",
                owner_org_id=orgs[1].id,
                due="2027-01-02",  # overdue on the frozen day: shows on home and review
                meeting_id=meeting.id,
                agenda_item_id=item.id,
            )
        )
        decisions.append(
            ws.decisions.record_decision(meeting.id, f"{text} besluit", agenda_item_id=item.id)
        )
    return SimpleNamespace(
        orgs=orgs,
        people=people,
        table=table,
        meeting=meeting,
        items=items,
        actions=actions,
        decisions=decisions,
    )


drawn = drawn_text
