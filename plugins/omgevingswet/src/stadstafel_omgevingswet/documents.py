"""The participatieplan and the participatieverslag of a trajectory as a document, in the core's
formats (Markdown, ODT, PDF/A through ``stadstafel.render_document``).

Headings follow the municipalities in the shared facts file: the plan after Zundert
("Ik heb een idee voor de leefomgeving": niveau en toelichting, belanghebbenden, activiteiten,
hoe en wanneer betrokken, wat gebeurt met reacties, verslaglegging) with the kennisgeving's
content (VNG) and the kaders (Groningen, Noordwijk); the verslag after Maastricht ("Mijn
initiatief", "Direct betrokkenen", "Toetsen initiatief", "Wegen inbreng") with Velsen's
questions (aangepast? zo nee, waarom niet; draagvlak) and the belangenafweging. User text is
the renderers' to escape: it only ever becomes the text of a block."""

from __future__ import annotations

from typing import Any

from stadstafel import Document, Entry, Heading, L, ListBlock, Paragraph, language

from stadstafel_omgevingswet.rules import shown

SERVICE = "omgevingswet.trajectories"

_v = shown


def _facts(pairs: list[tuple[str, Any]]) -> ListBlock:
    return ListBlock(tuple(Entry(None, f"{k}: {_v(v)}") for k, v in pairs), numbered=False)


class Parts:
    """A trajectory with its parts, read through the module's services."""

    def __init__(self, ws: Any, trajectory: Any):
        self.t = trajectory
        tid = trajectory.id
        self.kennisgeving = ws.service("omgevingswet.kennisgevingen").one(tid)
        self.plan = ws.service("omgevingswet.plans").one(tid)
        self.verslag = ws.service("omgevingswet.verslagen").one(tid)
        self.activities = ws.service("omgevingswet.activities").of(tid)
        self.afwegingen = ws.service("omgevingswet.afwegingen").of(tid)

    def get(self, part: str, field: str) -> Any:
        record = getattr(self, part)
        return record[field] if record is not None else None


def _about(p: Parts) -> list:
    t = p.t
    return [
        _facts(
            [
                (L("Instrument", "Instrument"), t.instrument + (" (BOPA)" if t.bopa else "")),
                (L("Wettelijke grondslag", "Legal basis"), t.legal_basis),
                (L("Bevoegd gezag", "Competent authority"), t.bevoegd_gezag),
                (L("Initiatiefnemer", "Initiator"), t.initiatiefnemer),
                (L("Tafel", "Table"), t.table_name),
                (L("Fase", "Phase"), t.phase),
            ]
        )
    ]


def _activities(p: Parts) -> ListBlock | Paragraph:
    if not p.activities:
        return Paragraph(L("Nog geen activiteiten.", "No activities yet."))
    return ListBlock(
        tuple(
            Entry(
                None,
                f"{a.date} {_v(a.title)} ({_v(a.method)})",
                (
                    L(
                        f"uitnodiging {_v(a.invitation_date)}; opkomst {_v(a.turnout)};"
                        f" bereikt: {_v(a.groups_reached)}",
                        f"invitation {_v(a.invitation_date)}; turnout {_v(a.turnout)};"
                        f" reached: {_v(a.groups_reached)}",
                    ),
                ),
            )
            for a in p.activities
        ),
        numbered=False,
    )


def plan_blocks(p: Parts) -> list:
    g = p.get
    return [
        Heading(1, L(f"Participatieplan: {p.t.title}", f"Participation plan: {p.t.title}")),
        *_about(p),
        Heading(2, L("Kennisgeving participatie", "Participation notice")),
        _facts(
            [
                (L("Gepubliceerd op", "Published on"), g("kennisgeving", "date")),
                (L("Wie betrokken", "Who is involved"), g("kennisgeving", "involved")),
                (L("Waarover", "About what"), g("kennisgeving", "subject")),
                (L("Wanneer", "When"), g("kennisgeving", "timing")),
                (L("Rollen", "Roles"), g("kennisgeving", "roles")),
                (L("Informatie", "Information"), g("kennisgeving", "information")),
            ]
        ),
        Heading(2, L("Participatieniveau en toelichting", "Participation level and why")),
        Paragraph(f"{_v(g('plan', 'rung'))}: {_v(g('plan', 'rung_rationale'))}"),
        Heading(2, L("Belanghebbenden", "Stakeholders")),
        Paragraph(_v(g("plan", "stakeholders"))),
        _facts([(L("Groepen die we willen bereiken", "Groups meant"), g("plan", "groups_meant"))]),
        Heading(
            2, L("Vaste kaders en ruimte voor invloed", "Fixed frameworks and room for influence")
        ),
        _facts(
            [
                (L("Vaste kaders", "Fixed frameworks"), g("plan", "fixed_frameworks")),
                (L("Ruimte voor invloed", "Room for influence"), g("plan", "room_for_influence")),
            ]
        ),
        Heading(2, L("Activiteiten: hoe en wanneer betrokken", "Activities: how and when")),
        _activities(p),
        Heading(2, L("Wat gebeurt met de reacties", "What happens with reactions")),
        Paragraph(_v(g("plan", "reactions_handling"))),
        Heading(2, L("Verslaglegging", "Reporting")),
        Paragraph(_v(g("plan", "reporting"))),
    ]


def verslag_blocks(p: Parts) -> list:
    g = p.get
    meant = g("plan", "groups_meant") or []
    reached = sorted({x for a in p.activities for x in (a.groups_reached or [])})
    missed = [x for x in meant if x not in reached]
    weighed = [
        Entry(
            None,
            f"{a.interest} ({_v(a.whose)}): {_v(a.weighing)}",
            (
                L(f"Afweging: {_v(a.reasoning)}", f"Weighed: {_v(a.reasoning)}"),
                L(
                    f"Uitleg teruggegeven ({_v(a.explained_on)}): {_v(a.explanation)}",
                    f"Explanation given ({_v(a.explained_on)}): {_v(a.explanation)}",
                ),
            ),
        )
        for a in p.afwegingen
    ]
    return [
        Heading(1, L(f"Participatieverslag: {p.t.title}", f"Participation report: {p.t.title}")),
        Heading(2, L("Mijn initiatief", "The initiative")),
        *_about(p),
        Heading(2, L("Direct betrokkenen", "Those directly involved")),
        _facts(
            [
                (L("Wie deed mee", "Who took part"), g("verslag", "participants")),
                (L("Beoogde groepen", "Groups meant"), meant),
                (L("Bereikte groepen", "Groups reached"), reached),
                (L("Niet bereikt", "Not reached"), missed),
            ]
        ),
        Heading(3, L("Hoe en wanneer", "How and when")),
        _activities(p),
        Heading(2, L("Toetsen initiatief", "Testing the initiative")),
        _facts(
            [
                (L("Belangen en bezwaren", "Interests and objections"), g("verslag", "interests")),
                (L("Ideeën en kennis", "Ideas and knowledge"), g("verslag", "ideas")),
            ]
        ),
        Heading(2, L("Wegen inbreng", "Weighing the input")),
        _facts(
            [
                (L("Inschatting draagvlak", "Estimated support"), g("verslag", "draagvlak")),
                (L("Wat is aangepast", "What was adjusted"), g("verslag", "adjusted")),
                (
                    L("Wat niet is aangepast, en waarom", "What was not adjusted, and why"),
                    g("verslag", "not_adjusted"),
                ),
            ]
        ),
        Heading(3, L("Belangenafweging", "Weighing of interests")),
        ListBlock(tuple(weighed), numbered=False)
        if weighed
        else Paragraph(L("Nog geen afweging vastgelegd.", "No weighing recorded yet.")),
        Heading(2, L("Reacties van deelnemers", "Participants' reactions")),
        _facts(
            [
                (L("Verslag gedeeld op", "Report shared on"), g("verslag", "shared")),
                (L("Reacties", "Reactions"), g("verslag", "reactions")),
            ]
        ),
        Heading(2, L("Motivering bij het besluit", "Motivation with the decision")),
        Paragraph(_v(p.t.motivering)),
        Heading(2, L("Signalen", "Flags")),
        ListBlock(
            tuple(
                Entry(None, f"{f['text']} ({L('bron', 'source')}: {f['source']})")
                for f in p.t.flags
            )
            or (Entry(None, L("geen", "none")),),
            numbered=False,
        ),
    ]


def trajectory_document(ws: Any, trajectory_id: int) -> Document:
    """The participatieplan and -verslag of one trajectory."""
    t = ws.service(SERVICE).detail(trajectory_id)
    p = Parts(ws, t)
    return Document(t.title, (*plan_blocks(p), *verslag_blocks(p)), language())


def workspace_document(ws: Any, *, table_id: int | None = None) -> Document:
    """Every trajectory's plan and verslag (of one table, or the whole workspace)."""
    blocks: list = []
    for t in ws.service(SERVICE).list(table_id=table_id).rows:
        p = Parts(ws, t)
        blocks += [*plan_blocks(p), *verslag_blocks(p)]
    title = L("Participatieplannen en -verslagen", "Participation plans and reports")
    return Document(title, tuple(blocks), language())
