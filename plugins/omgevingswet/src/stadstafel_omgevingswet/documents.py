"""The participatieplan and participatieverslag as Markdown, with the headings municipalities
use (Zundert for the plan, Maastricht/Velsen for the verslag; see the shared facts file)."""

from __future__ import annotations

from typing import Any

from stadstafel import neutralise

SERVICE = "omgevingswet.trajectories"


def _text(value: Any) -> str:
    """User text as data in Markdown: control characters neutralised, markup characters
    escaped so a title cannot add headings or links of its own."""
    text = neutralise(str(value if value not in (None, "") else "-"))
    for ch in "\\`*_[]<>#|":
        text = text.replace(ch, "\\" + ch)
    return text.replace("\n", " ")


def markdown(ws: Any, *, table_id: int | None = None) -> str:
    lines: list[str] = []
    for t in ws.service(SERVICE).list(table_id=table_id).rows:
        lines += [
            f"# {_text(t.title)}",
            "",
            f"- Instrument: {_text(t.instrument)}{' (BOPA)' if t.bopa else ''}",
            f"- Wettelijke grondslag: {_text(t.legal_basis)}",
            f"- Bevoegd gezag: {_text(t.bevoegd_gezag)}",
            f"- Initiatiefnemer: {_text(t.initiatiefnemer)}",
            f"- Tafel: {_text(t.table_name)}",
            f"- Fase: {_text(t.phase)}",
            "",
            "## Participatieplan",
            "",
            f"- Participatieniveau: {_text(t.rung)}",
            f"- Toelichting op het niveau: {_text(t.rung_rationale)}",
            f"- Belanghebbenden en beoogde groepen: {_text(', '.join(t.groups_meant or []))}",
            f"- Kennisgeving participatie: {_text(t.kennisgeving_date)}",
            f"- Start participatie: {_text(t.participation_start)}",
            f"- Uitnodiging en bijeenkomst: {_text(t.invitation_date)} / {_text(t.meeting_date)}",
            "",
            "## Participatieverslag",
            "",
            f"- Bereikte groepen: {_text(', '.join(t.groups_reached or []))}",
            f"- Verslag gedeeld met deelnemers: {_text(t.verslag_shared)}",
            f"- Ingediend of voorgelegd: {_text(t.submitted)}",
            "",
            "## Motivering",
            "",
            _text(t.motivering),
            "",
            "## Signalen",
            "",
        ]
        lines += [f"- {_text(f['text'])} (bron: {_text(f['source'])})" for f in t.flags] or [
            "- geen"
        ]
        lines.append("")
    return "\n".join(lines)
