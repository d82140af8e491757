"""The module's documents, built as the core's document model and rendered by the core in
every format it has (Markdown, ODT, PDF/A): a leerkring's output document and the indicators
compared across cities.

Everything is read through the services as the actor may see it: a confidential session's
casus and notes are blanked by ``Sessions.record_from`` for whoever is no participant, so the
document says "vertrouwelijk" where they would be. User text is neutralised here; each format
escapes it for its own syntax.
"""

from __future__ import annotations

from typing import Any

from stadstafel import (
    Document,
    Entry,
    Heading,
    L,
    ListBlock,
    Paragraph,
    language,
    neutralise,
)

from stadstafel_sociaal_domein.service import period_label
from stadstafel_sociaal_domein.views import MARK, cell

NAME = "sociaal-domein"


def _line(value: Any) -> str:
    return neutralise(value, multiline=False).strip()


def leerkring_blocks(ws: Any, leerkring_id: int) -> list:
    """One leerkring: participants, each session (host, parts, guest expert, casus or
    "vertrouwelijk", notes) and its outputs."""
    kring = ws.service(f"{NAME}.leerkringen").get(leerkring_id)
    sessions = ws.service(f"{NAME}.sessions").of_leerkring(kring.id)
    names = ws.read.organisation_names(
        [*kring.organisation_ids, *[s.host_organisation_id for s in sessions]]
    )
    cities = ", ".join(names.get(i, "?") for i in kring.organisation_ids)
    blocks: list = [
        Heading(1, L("Leerkring: {t}", "Learning circle: {t}").format(t=_line(kring.theme))),
        Paragraph(L("Deelnemers: {c}", "Participants: {c}").format(c=_line(cities) or "-")),
    ]
    for s in sessions:
        when = s.date or L("datum volgt", "date to follow")
        blocks.append(Heading(2, L("Bijeenkomst {n} ({d}, {s})", "Session {n} ({d}, {s})")
                              .format(n=s.number, d=when, s=s.status)))  # fmt: skip
        host = names.get(s.host_organisation_id, "-") if s.host_organisation_id else "-"
        entries = [
            Entry(None, L("Gastgemeente: {h}", "Host city: {h}").format(h=_line(host))),
            Entry(None, L("Onderdelen: {p}", "Parts: {p}").format(p=", ".join(s.parts or []))),
        ]
        if s.guest_expert:
            entries.append(Entry(None, L("Gastexpert: {g}", "Guest expert: {g}").format(
                g=_line(s.guest_expert))))  # fmt: skip
        if s.get("hidden"):
            entries.append(Entry(None, L("Casus: vertrouwelijk", "Case: confidential")))
        else:
            by = ws.read.person(s.casus_by_person_id) if s.casus_by_person_id else None
            text = L("Casus: {c}", "Case: {c}").format(c=_line(s.casus or "-"))
            if by is not None:
                text += L(" (van {p})", " (by {p})").format(p=_line(by.name))
            entries.append(Entry(None, text))
        blocks.append(ListBlock(tuple(entries), numbered=False))
        if s.notes and not s.get("hidden"):
            blocks.append(Paragraph(neutralise(s.notes).strip()))
    outputs = ws.service(f"{NAME}.outputs").of_leerkring(kring.id)
    if outputs:
        blocks.append(Heading(2, L("Opbrengsten", "Outputs")))
        blocks.append(ListBlock(tuple(
            Entry(None, f"{o.kind}: {_line(o.title)}" + (f" ({_line(o.url)})" if o.url else ""))
            for o in outputs
        ), numbered=False))  # fmt: skip
    return blocks


def leerkringen_document(ws: Any, table_id: int | None) -> Document:
    kringen = ws.service(f"{NAME}.leerkringen").list(table_id=table_id).rows
    blocks: list = []
    for k in kringen:
        blocks += leerkring_blocks(ws, k.id)
    title = L("Leerkringen: opbrengstdocument", "Learning circles: output document")
    if not blocks:
        blocks = [Heading(1, title), Paragraph(L("Geen leerkringen.", "No learning circles."))]
    return Document(title, tuple(blocks), language())


def comparison_blocks(ws: Any, indicator_id: int, focus: Any = None) -> list:
    """One indicator across the cities: per city its figures by period, a mark on a voorlopig
    figure beside definitive ones, the caveat and the focus city's position."""
    data = ws.service(f"{NAME}.figures").compare(indicator_id, focus=focus.id if focus else None)
    ind = data["indicator"]
    blocks: list = [Heading(2, f"{_line(ind.name)} ({_line(ind.unit or '-')})")]
    facts = [f"{L('Wet', 'Law')}: {ind.law or '-'}",
             f"{L('Bron', 'Source')}: {_line(ind.source or ind.cbs_table or '-')}"]  # fmt: skip
    blocks.append(Paragraph("\n".join(facts)))
    entries = []
    for row in data["rows"]:
        cells = [
            f"{period_label(p)}: {cell(*row['values'][p], data['mixed'][p])}"
            for p in data["periods"][-6:]
            if p in row["values"]
        ]
        entries.append(Entry(None, f"{_line(row['city'])}: {'; '.join(cells)}"))
    if entries:
        blocks.append(ListBlock(tuple(entries), numbered=False))
    notes = []
    if any(data["mixed"].values()):
        notes.append(L(
            f"{MARK} voorlopig naast definitieve cijfers van andere gemeenten: niet gelijkwaardig.",
            f"{MARK} provisional next to other cities' definitive figures: not like for like.",
        ))  # fmt: skip
    if data["position"] and focus is not None:
        rank, total, period = data["position"]
        notes.append(L("{c} staat {r}e van {t} ({p}).", "{c} ranks {r} of {t} ({p}).").format(
            c=_line(focus.name), r=rank, t=total, p=period_label(period)))  # fmt: skip
    if data["caveat"]:
        notes.append(_line(data["caveat"]))
    if notes:
        blocks.append(Paragraph("\n".join(notes)))
    return blocks


def comparison_document(ws: Any, focus: Any = None) -> Document:
    title = L("Indicatoren sociaal domein vergeleken", "Sociaal domein indicators compared")
    blocks: list = [Heading(1, title)]
    for ind in ws.service(f"{NAME}.indicators").list(limit=200).rows:
        blocks += comparison_blocks(ws, ind.id, focus)
    return Document(title, tuple(blocks), language())
