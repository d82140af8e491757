"""The content of the documents a table sends out, independent of the file format.

A document is a list of blocks: a heading, a paragraph, a numbered or bulleted list. The
builders here read the workspace through its services and return blocks whose text is the
user's text as data (control characters neutralised); the format modules (``markdown``,
``odt``) turn blocks into a file and escape for their own syntax. Nothing here knows a format.

Numbering: the items that are on the agenda (not withdrawn, not postponed) are numbered 1..n in
their order with no gaps; withdrawn and postponed items are listed apart, unnumbered. The
agenda, the minutes and the besluitenlijst use the same numbers.

Sections of the minutes are functions in ``MINUTES_SECTIONS``; a new part of the minutes (such
as attendance) is one more function there.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, NamedTuple

from stadstafel import i18n
from stadstafel.textsafe import neutralise

if TYPE_CHECKING:
    from stadstafel.records import Record
    from stadstafel.workspace import Workspace

ACTIVE_OUT = ("ingetrokken", "doorgeschoven")


class Heading(NamedTuple):
    level: int
    text: str


class Paragraph(NamedTuple):
    text: str  # may hold newlines: each is a line break


class Entry(NamedTuple):
    """One list entry: its number (None: unnumbered), its text and indented detail lines."""

    number: str | None
    text: str
    details: tuple[str, ...] = ()


class ListBlock(NamedTuple):
    entries: tuple[Entry, ...]
    numbered: bool


Block = Heading | Paragraph | ListBlock


class Document(NamedTuple):
    title: str
    blocks: tuple[Block, ...]
    language: str  # "nl" | "en", for the file's metadata


def tr(nl: str, en: str) -> str:
    return nl if i18n.language() == "nl" else en


def text(value: object) -> str:
    """User text as data: control characters neutralised, newlines kept."""
    return neutralise(value).strip()


def line(value: object) -> str:
    """User text on one line."""
    return neutralise(value, multiline=False).strip()


# -- agenda numbering ---------------------------------------------------------------------


class NumberedAgenda(NamedTuple):
    meeting: Record
    items: list[tuple[int, Record]]  # (number, item): on the agenda, numbered without gaps
    withdrawn: list[Record]
    postponed: list[Record]
    total_minutes: int
    meeting_minutes: int


def numbered_agenda(ws: Workspace, meeting_id: int) -> NumberedAgenda:
    data = ws.meetings.agenda(meeting_id)
    active = [i for i in data["items"] if i.status not in ACTIVE_OUT]
    active.sort(key=lambda i: (i.position or 0, i.id))
    return NumberedAgenda(
        data["meeting"],
        list(enumerate(active, start=1)),
        [i for i in data["items"] if i.status == "ingetrokken"],
        [i for i in data["items"] if i.status == "doorgeschoven"],
        data["total_minutes"],
        data["meeting_minutes"],
    )


def _when(meeting: Record) -> str:
    start = i18n.format_datetime(meeting.starts_at)
    end = (meeting.ends_at or "")[11:16]
    return f"{start}–{end}" if end else start


def _submitter(item: Record) -> str:
    return " / ".join(line(v) for v in (item.submitter_org, item.submitter_person) if v)


def _meeting_facts(meeting: Record) -> Paragraph:
    facts = [
        f"{tr('Tafel', 'Table')}: {line(meeting.table_name)}",
        f"{tr('Datum', 'Date')}: {_when(meeting)}",
    ]
    if meeting.location:
        facts.append(f"{tr('Plaats', 'Location')}: {line(meeting.location)}")
    if meeting.status == "geannuleerd":
        facts.append(tr("Deze vergadering is geannuleerd.", "This meeting is cancelled."))
    return Paragraph("\n".join(facts))


def _apart(agenda: NumberedAgenda) -> list[Block]:
    """Withdrawn and postponed items, unnumbered, after the numbered ones."""
    blocks: list[Block] = []
    for items, nl, en in (
        (agenda.withdrawn, "Ingetrokken", "Withdrawn"),
        (agenda.postponed, "Doorgeschoven naar een volgende vergadering", "Postponed"),
    ):
        if items:
            blocks.append(Heading(2, tr(nl, en)))
            entries = [Entry(None, _title_by(i)) for i in items]
            blocks.append(ListBlock(tuple(entries), numbered=False))
    return blocks


def _by_and_origin(item: Record) -> list[str]:
    """Who submitted an item and, unless a partner brought it itself, where it came from
    (``origin_text`` of ``Agenda.origin``: postponed, an action, a review, a module, …)."""
    out = []
    if _submitter(item):
        out.append(f"{tr('Ingediend door', 'Submitted by')}: {_submitter(item)}")
    if item.get("origin_text"):
        out.append(f"{tr('Herkomst', 'Origin')}: {line(item.origin_text)}")
    return out


def _title_by(item: Record) -> str:
    who = _submitter(item)
    return f"{line(item.title)} ({who})" if who else line(item.title)


# -- agenda ---------------------------------------------------------------------------------


def agenda(ws: Workspace, meeting_id: int) -> Document:
    ag = numbered_agenda(ws, meeting_id)
    m = ag.meeting
    title = f"{tr('Agenda', 'Agenda')} {line(m.title)}"
    blocks: list[Block] = [Heading(1, title), _meeting_facts(m)]
    if m.submission_deadline:
        blocks.append(
            Paragraph(
                f"{tr('Agendapunten indienen tot', 'Submit agenda items by')}: "
                f"{i18n.format_datetime(m.submission_deadline)}"
            )
        )
    entries = []
    for number, item in ag.items:
        details = [
            f"{tr('Doel', 'Purpose')}: {line(item.purpose)}"
            f" · {item.duration_minutes or 0} {tr('min.', 'min.')}"
        ]
        details += _by_and_origin(item)
        if item.description:
            details.append(text(item.description))
        entries.append(Entry(f"{number}.", line(item.title), tuple(details)))
    blocks.append(Heading(2, tr("Agendapunten", "Agenda items")))
    if entries:
        blocks.append(ListBlock(tuple(entries), numbered=True))
    else:
        blocks.append(Paragraph(tr("Nog geen agendapunten.", "No agenda items yet.")))
    blocks.append(
        Paragraph(
            tr(
                f"Totaal {ag.total_minutes} van {ag.meeting_minutes} minuten.",
                f"Total {ag.total_minutes} of {ag.meeting_minutes} minutes.",
            )
        )
    )
    blocks += _apart(ag)
    return Document(title, tuple(blocks), i18n.language())


# -- minutes (verslag) ----------------------------------------------------------------------


class MinutesContext(NamedTuple):
    ws: Workspace
    agenda: NumberedAgenda
    decisions: list[Record]
    actions: list[Record]


def _decision_entry(d: Record, number: int, numbers: dict[int, int]) -> Entry:
    details = []
    if d.agenda_item_id in numbers:
        details.append(f"{tr('Bij agendapunt', 'On agenda item')} {numbers[d.agenda_item_id]}")
    if d.review_date:
        details.append(f"{tr('Evalueren op', 'Review on')}: {i18n.format_date(d.review_date)}")
    return Entry(f"B{number}.", text(d.text), tuple(details))


def _action_entry(a: Record, number: int) -> Entry:
    kind = tr("Toezegging", "Commitment") if a.kind == "toezegging" else tr("Actie", "Action")
    owner = " / ".join(line(v) for v in (a.owner_org, a.owner_person) if v)
    details = [f"{kind} · {tr('status', 'status')}: {line(a.status)}"]
    if owner:
        details.append(f"{tr('Wie', 'Who')}: {owner}")
    if a.due:
        details.append(f"{tr('Uiterlijk', 'Due')}: {i18n.format_date(a.due)}")
    return Entry(f"A{number}.", text(a.text), tuple(details))


def _minutes_context(ws: Workspace, meeting_id: int) -> MinutesContext:
    ag = numbered_agenda(ws, meeting_id)
    actions = ws.actions.list(meeting_id=meeting_id, status=None).rows
    actions.sort(key=lambda a: a.id)
    return MinutesContext(ws, ag, ws.decisions.of_meeting(meeting_id), actions)


def _minutes_attendance(ctx: MinutesContext) -> list[Block]:
    """Who was there, from the attendance register (``ws.attendance.of_meeting``: the
    representatives, chair and secretary with the recorded ``status`` — aanwezig, afwezig met
    bericht, afwezig — or None when nothing was recorded). Nothing is shown while the
    workspace has no register or nothing was recorded."""
    service = getattr(ctx.ws, "attendance", None)
    if service is None:
        return []
    groups: dict[str, list[Entry]] = {}
    for r in service.of_meeting(ctx.agenda.meeting.id):
        if not r.get("status"):
            continue
        who = line(r.get("person_name") or "")
        org = line(r.get("organisation_name") or "")
        label = f"{who} ({org})" if who and org else who or org
        groups.setdefault(r["status"], []).append(Entry(None, label))
    blocks: list[Block] = []
    for status, nl, en in (
        ("aanwezig", "Aanwezig", "Present"),
        ("afwezig met bericht", "Afwezig met bericht", "Apologies"),
        ("afwezig", "Afwezig", "Absent"),
    ):
        if groups.get(status):
            blocks += [Heading(2, tr(nl, en)), ListBlock(tuple(groups[status]), numbered=False)]
    return blocks


def _minutes_items(ctx: MinutesContext) -> list[Block]:
    decision_no = {d.id: i for i, d in enumerate(ctx.decisions, start=1)}
    action_no = {a.id: i for i, a in enumerate(ctx.actions, start=1)}
    entries = []
    for number, item in ctx.agenda.items:
        details = []
        details += _by_and_origin(item)
        details.append(text(item.minutes) or tr("(geen verslag)", "(no minutes)"))
        for d in ctx.decisions:
            if d.agenda_item_id == item.id:
                details.append(f"{tr('Besluit', 'Decision')} B{decision_no[d.id]}: {text(d.text)}")
        for a in ctx.actions:
            if a.agenda_item_id == item.id:
                details.append(f"{tr('Actie', 'Action')} A{action_no[a.id]}: {text(a.text)}")
        entries.append(Entry(f"{number}.", line(item.title), tuple(details)))
    blocks: list[Block] = [Heading(2, tr("Verslag per agendapunt", "Minutes per agenda item"))]
    if entries:
        blocks.append(ListBlock(tuple(entries), numbered=True))
    else:
        blocks.append(Paragraph(tr("Geen agendapunten.", "No agenda items.")))
    return blocks


def _decisions_and_actions(ctx: MinutesContext) -> list[Block]:
    numbers = {item.id: n for n, item in ctx.agenda.items}
    blocks: list[Block] = [Heading(2, tr("Besluiten", "Decisions"))]
    if ctx.decisions:
        entries = [_decision_entry(d, i, numbers) for i, d in enumerate(ctx.decisions, start=1)]
        blocks.append(ListBlock(tuple(entries), numbered=True))
    else:
        blocks.append(Paragraph(tr("Geen besluiten.", "No decisions.")))
    blocks.append(Heading(2, tr("Acties en toezeggingen", "Actions and commitments")))
    if ctx.actions:
        entries = [_action_entry(a, i) for i, a in enumerate(ctx.actions, start=1)]
        blocks.append(ListBlock(tuple(entries), numbered=True))
    else:
        blocks.append(Paragraph(tr("Geen acties of toezeggingen.", "No actions or commitments.")))
    return blocks


def _minutes_apart(ctx: MinutesContext) -> list[Block]:
    return _apart(ctx.agenda)


MINUTES_SECTIONS: list[Callable[[MinutesContext], list[Block]]] = [
    _minutes_attendance,
    _minutes_items,
    _decisions_and_actions,
    _minutes_apart,
]


def minutes(ws: Workspace, meeting_id: int) -> Document:
    ctx = _minutes_context(ws, meeting_id)
    m = ctx.agenda.meeting
    title = f"{tr('Verslag', 'Minutes')} {line(m.title)}"
    blocks: list[Block] = [Heading(1, title), _meeting_facts(m)]
    if m.status != "verslag vastgesteld":
        blocks.append(
            Paragraph(
                tr(
                    "Concept: het verslag is nog niet vastgesteld.",
                    "Draft: the minutes are not yet adopted.",
                )
            )
        )
    for section in MINUTES_SECTIONS:
        blocks += section(ctx)
    return Document(title, tuple(blocks), i18n.language())


def decisions(ws: Workspace, meeting_id: int) -> Document:
    """The besluitenlijst: decisions, actions and toezeggingen of one meeting."""
    ctx = _minutes_context(ws, meeting_id)
    m = ctx.agenda.meeting
    title = f"{tr('Besluitenlijst', 'Decisions list')} {line(m.title)}"
    blocks: list[Block] = [Heading(1, title), _meeting_facts(m), *_decisions_and_actions(ctx)]
    return Document(title, tuple(blocks), i18n.language())


# -- mission and signatories ----------------------------------------------------------------


def mission(ws: Workspace, table_id: int) -> Document:
    table = ws.tables.get(table_id)
    status = ws.missions.status(table_id)
    title = f"{tr('Missie', 'Mission')} {line(table.name)}"
    blocks: list[Block] = [Heading(1, title)]
    m = status["mission"]
    if m is None:
        blocks.append(
            Paragraph(tr("Deze tafel heeft nog geen missie.", "This table has no mission yet."))
        )
        return Document(title, tuple(blocks), i18n.language())
    blocks.append(Paragraph(text(m.statement)))
    adopted = i18n.format_date(m.adopted_on, weekday=False) if m.adopted_on else "—"
    blocks.append(
        Paragraph(
            f"{tr('Versie', 'Version')} {m.revision}, "
            f"{tr('vastgesteld op', 'adopted on')} {adopted}"
        )
    )
    signed, unsigned = [], []
    for row in status["members"]:
        sig = row["signature"]
        org = line(row["organisation_name"])
        if sig:
            who = line(sig.person_name) if sig.person_name else ""
            when = i18n.format_date(sig.signed_on, weekday=False)
            signed.append(
                Entry(
                    None,
                    f"{org}" + (f", {who}" if who else ""),
                    (f"{tr('ondertekend op', 'signed on')} {when}",),
                )
            )
        else:
            unsigned.append(Entry(None, org))
    blocks.append(Heading(2, tr("Ondertekend door", "Signed by")))
    if signed:
        blocks.append(ListBlock(tuple(signed), numbered=False))
    else:
        blocks.append(Paragraph(tr("Nog door niemand ondertekend.", "Not signed by anyone yet.")))
    if unsigned:
        blocks.append(Heading(2, tr("Nog niet ondertekend", "Not yet signed")))
        blocks.append(ListBlock(tuple(unsigned), numbered=False))
    return Document(title, tuple(blocks), i18n.language())


BUILDERS: dict[str, tuple[str, Callable[[Workspace, int], Document]]] = {
    "agenda": ("meeting", agenda),
    "verslag": ("meeting", minutes),
    "besluitenlijst": ("meeting", decisions),
    "missie": ("table", mission),
}


def build(ws: Workspace, kind: str, scope_id: int) -> Document:
    return BUILDERS[kind][1](ws, scope_id)
