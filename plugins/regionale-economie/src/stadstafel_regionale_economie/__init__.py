"""stadstafel domain module "regionale-economie": samenwerkingsverbanden, their control cycle
and Regio Deals.

Written on stadstafel's public API only (``stadstafel``, ``stadstafel.ui``,
``stadstafel.testing``; see docs/plugins.md):

- ``schema``   the module's migrations (tables ``regionale_economie_*``);
- ``service``  ``Verbanden``, ``Control``, ``Deals``: the only code that writes them;
- ``wgr.toml`` the Wgr rules' articles and sources (Regio Deal rules: the plugin's settings);
- ``economie`` ``Locaties``, ``Reeksen``, ``Cijfers``: work locations and their figures, one
  definition per series (``definitions.toml``); ``importer`` reads them from CSV;
- ``screens``  the collaborations list with a detail view, the deadlines calendar, Regio Deals,
  locations and indicators, the forms, and a tab on a table's screen;
- ``cli``      ``stadstafel regionale-economie list|deadlines|import|compare``;
- ``demo``     Holland Rijnland, Economie071, one Regio Deal, a year of control events, the Bio
  Science Park with figures from two sources; ``generate`` for the large workspace.

Textual is imported only inside the factories (many commands never start the interface).
"""

from __future__ import annotations

from typing import Any

from stadstafel import L, SchemaKey, csv_cell, hookimpl

__version__ = "0.1.0"

NAME = "regionale-economie"
VERBANDEN = f"{NAME}.verbanden"
CONTROL = f"{NAME}.control"
DEALS = f"{NAME}.deals"
PROJECTEN = f"{NAME}.projecten"
LOCATIES = f"{NAME}.locaties"
REEKSEN = f"{NAME}.reeksen"
CIJFERS = f"{NAME}.cijfers"
INDICATOR_PREFIX = f"{NAME}:"
RIGHT = f"{NAME}.edit"
TOPIC = "regionale economie"


@hookimpl
def config_schema():
    return {
        "rijk_share_max": SchemaKey(
            float, 0.5, "Regio Deal: the Rijk pays at most this share (Rijksoverheid 2022-2024)."
        ),
        "rijk_min_eur": SchemaKey(int, 5_000_000, "Regio Deal: least Rijk contribution (€)."),
        "rijk_max_eur": SchemaKey(int, 40_000_000, "Regio Deal: most Rijk contribution (€)."),
        "rijk_bounds_tranches": SchemaKey(
            list, [4, 5, 6], "Tranches the Rijk contribution bounds hold for.", item=int
        ),
        "regio_deal_source": SchemaKey(
            str,
            "Rijksoverheid, 'De Regio Deals: hoe werkt het?' (2022-2024),"
            " https://www.rijksoverheid.nl/onderwerpen/regio-deals/uitleg-regio-deals",
            "Where the Regio Deal rules come from (shown with each flag).",
        ),
        "dashboard_weeks": SchemaKey(int, 8, "The dashboard card counts deadlines this far ahead."),
    }


# -- data ----------------------------------------------------------------------------------------
@hookimpl
def migrations():
    from stadstafel_regionale_economie.schema import migrations as module_migrations

    return module_migrations


@hookimpl
def services(register):
    # named, not imported: each module is imported when one of its services is first used
    service, economie = f"{__name__}.service", f"{__name__}.economie"
    register("verbanden", f"{service}:Verbanden")
    register("control", f"{service}:Control")
    register("deals", f"{service}:Deals")
    register("projecten", f"{service}:DealProjecten")
    register("locaties", f"{economie}:Locaties")
    register("reeksen", f"{economie}:Reeksen")
    register("cijfers", f"{economie}:Cijfers")


@hookimpl
def record_labels(register):
    """The records' names and their fields' labels for the audit screen and audit list."""
    from stadstafel_regionale_economie.economie import Cijfers, Locaties, Reeksen
    from stadstafel_regionale_economie.service import Control, DealProjecten, Deals, Verbanden

    for cls in (Verbanden, Control, Deals, DealProjecten, Locaties, Reeksen, Cijfers):
        register.service(cls)


@hookimpl
def permissions(register):
    register(
        RIGHT,
        label=("regionale economie beheren", "manage regional economy"),
        roles=("voorzitter", "secretaris"),
    )


@hookimpl
def register_topics(register):
    from stadstafel_regionale_economie.definitions import definitions

    register.topic(TOPIC)
    # a goal measured from a series: "regionale-economie:<definition>" (see goal_indicators)
    register.vocabulary("goal_indicators", *(INDICATOR_PREFIX + d for d in sorted(definitions())))


@hookimpl
def goal_indicators(workspace, goal):
    """``regionale-economie:<definition>``: the latest figure of the series of that definition
    at a work location of the goal's table; the location named in the goal's description when
    the table follows more than one. The detail names definition, source and peildatum."""
    from stadstafel_regionale_economie.economie import definitions
    from stadstafel_regionale_economie.views import measured_goal

    indicator = (goal.get("indicator") or "").strip()
    if not indicator.startswith(INDICATOR_PREFIX):
        return None
    definition = indicator[len(INDICATOR_PREFIX) :]
    if definition not in definitions():
        return None
    return measured_goal(workspace, goal, definition)


# -- figures and the agenda ------------------------------------------------------------------------
def _follows_any(workspace: Any, table: Any) -> bool:
    return workspace.service(VERBANDEN).list(table_id=table.id, limit=1).total > 0


@hookimpl
def agenda_suggestions(workspace, table, meeting):
    """A zienswijze not yet planned before its deadline, and flagged Regio Deals of the table."""
    control = workspace.service(CONTROL)
    out = []
    for u in control.unplanned_zienswijzen(table_id=table.id):
        e = u["event"]
        if meeting is not None and meeting.starts_at[:10] >= e.deadline:
            continue  # this meeting is too late for the zienswijze
        out.append(control.suggestion(e))
    deals = workspace.service(DEALS)
    for d in deals.list(table_id=table.id).rows:
        flags = deals.flags(d)
        if flags:
            out.append(
                {
                    "key": f"{NAME}:deal:{d.id}:{'+'.join(f['rule'] for f in flags)}",
                    "title": L("Regio Deal {n}: signalering", "Regio Deal {n}: flagged").format(
                        n=d.name
                    ),
                    "description": "; ".join(f["text"] for f in flags),
                    "detail": flags[0]["source"],
                }
            )
    return out


@hookimpl
def dashboard_cards(workspace):
    import datetime as dt

    from stadstafel import today

    if workspace.service(VERBANDEN).list(limit=1).total == 0:
        return []  # no collaborations registered: no card (nothing to say)
    weeks = workspace.plugins.settings(NAME)["dashboard_weeks"]
    start = today()
    end = start + dt.timedelta(weeks=weeks)
    control = workspace.service(CONTROL)
    coming = control.deadlines(start=start.isoformat(), end=end.isoformat(), limit=1)
    unplanned = control.unplanned_count()
    return [
        {
            "title": L("GR-termijnen", "GR deadlines"),
            "value": coming.total,  # open ones, counted in the database
            "detail": L(
                "komende {w} weken; {n} zienswijze(n) niet geagendeerd",
                "next {w} weeks; {n} zienswijze(n) not planned",
            ).format(w=weeks, n=unplanned),
        }
    ]


# -- the app -------------------------------------------------------------------------------------
@hookimpl
def register_screens(register, workspace):
    def verbanden_screen(ws: Any):
        from stadstafel_regionale_economie.screens import VerbandenScreen

        return VerbandenScreen(ws)

    verbanden_screen.module = "stadstafel_regionale_economie.screens"  # type: ignore[attr-defined]
    register(VERBANDEN, "Samenwerkingsverbanden", verbanden_screen, key="g")


@hookimpl
def table_tabs(register):
    def verbanden_tab(workspace: Any, table: Any):
        from stadstafel_regionale_economie.screens import VerbandenTab

        return VerbandenTab(workspace, table)

    register(
        VERBANDEN,
        verbanden_tab,
        label=("Verbanden", "Collaborations"),
        applies=_follows_any,
    )


@hookimpl
def search_kinds(register):
    def search(workspace: Any, query: str, limit: int) -> list[dict]:
        return workspace.service(VERBANDEN).search(query, limit)

    def open_verband(app: Any, verband_id: int) -> None:
        from stadstafel_regionale_economie.details import VerbandScreen

        app.push_screen(VerbandScreen(app.workspace, verband_id))

    register(
        f"{NAME}.verband",
        search,
        label=("Samenwerkingsverband", "Collaboration"),
        open=open_verband,
    )


def register_rows(workspace: Any) -> list[list]:
    """The register, every collaboration: read page by page (with its next open control
    event from the list's own query), not one query per collaboration."""
    verbanden = workspace.service(VERBANDEN)
    rows, offset = [], 0
    while True:
        page = verbanden.list(offset=offset, limit=500)
        for v in page.rows:
            rows.append(
                [
                    v.name,
                    v.type,
                    "ja" if v.legal_personality else "nee",
                    v.beleidsveld or "",
                    v.start or "",
                    v.instrument or "",
                    ", ".join(verbanden.deelnemer_names(v)),
                    f"{v.next_kind} {v.next_deadline}" if v.next_deadline else "",
                    "; ".join(f"{f['text']} ({f['article']})" for f in verbanden.flags(v)),
                ]
            )
        offset += len(page.rows)
        if len(page.rows) < 500:
            return rows


HEADER = [
    "naam",
    "vorm",
    "rechtspersoon",
    "beleidsveld",
    "start",
    "instrument",
    "deelnemers",
    "eerstvolgende termijn",
    "signaleringen",
]


@hookimpl
def exporters(register):
    def register_csv(workspace: Any, scope: Any) -> bytes:
        import csv  # here, not at every start
        import io

        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(HEADER)
        for row in register_rows(workspace):
            writer.writerow([csv_cell(c) for c in row])
        return out.getvalue().encode("utf-8")

    def register_md(workspace: Any, scope: Any) -> bytes:
        def cell(c: Any) -> str:
            return str(c).replace("|", "\\|").replace("\n", " ")

        lines = [
            "# Register samenwerkingsverbanden",
            "",
            "| " + " | ".join(HEADER) + " |",
            "|" + "---|" * len(HEADER),
        ]
        lines += [
            "| " + " | ".join(cell(c) for c in row) + " |" for row in register_rows(workspace)
        ]
        return ("\n".join(lines) + "\n").encode("utf-8")

    register(
        f"{NAME}-register-csv",
        register_csv,
        label=("Register samenwerkingsverbanden (CSV)", "Register of collaborations (CSV)"),
        media_type="text/csv",
        suffix="csv",
    )

    def register_odt(workspace: Any, scope: Any) -> bytes:
        from stadstafel import Document, Entry, Heading, ListBlock, language, render_document

        entries = tuple(
            Entry(
                None,
                f"{row[0]} ({row[1]})",
                tuple(
                    f"{head}: {value}" for head, value in zip(HEADER[2:], row[2:], strict=True)
                    if value
                ),
            )
            for row in register_rows(workspace)
        )  # fmt: skip
        title = L("Register samenwerkingsverbanden", "Register of collaborations")
        doc = Document(title, (Heading(1, title), ListBlock(entries, False)), language())
        return render_document(workspace, doc, "odt")

    register(
        f"{NAME}-register-odt",
        register_odt,
        label=("Register samenwerkingsverbanden (ODT)", "Register of collaborations (ODT)"),
        media_type="application/vnd.oasis.opendocument.text",
        suffix="odt",
    )

    def deadlines_ics(workspace: Any, scope: Any) -> bytes:
        from stadstafel import ics_date_calendar

        control = workspace.service(CONTROL)
        table_id = scope.id if scope.kind == "table" else None
        entries = []
        for e in control.events(table_id=table_id, limit=10_000):
            if not e.deadline:
                continue
            entries.append(
                {
                    "uid": f"control-{e.id}@{NAME}.stadstafel",
                    "date": e.deadline,
                    "summary": f"{e.verband}: {e.kind}" + (f" {e.year}" if e.year else ""),
                    "description": "\n".join(
                        x
                        for x in (
                            L("Termijn", "Deadline") + f": {e.deadline}",
                            (L("Ontvangen", "Received") + f": {e.received}") if e.received else "",
                            L("Afgehandeld", "Done") if e.done else "",
                            e.notes or "",
                        )
                        if x
                    ),
                    "sequence": e.version,
                    "stamp": e.updated_at or e.created_at,
                }
            )
        name = L("Controltermijnen samenwerkingsverbanden", "Collaboration control deadlines")
        if scope.kind == "table":
            name += f" · {scope.record.name}"
        return ics_date_calendar(name, entries)

    register(
        f"{NAME}-deadlines-ics",
        deadlines_ics,
        label=("Controltermijnen (ICS)", "Control deadlines (ICS)"),
        media_type="text/calendar",
        suffix="ics",
        scopes=("none", "table"),
    )
    register(
        f"{NAME}-register-md",
        register_md,
        label=(
            "Register samenwerkingsverbanden (Markdown)",
            "Register of collaborations (Markdown)",
        ),
        media_type="text/markdown",
        suffix="md",
    )


@hookimpl
def cli_commands(cli):
    from stadstafel_regionale_economie.cli import regionale_economie

    cli.add_command(regionale_economie)


@hookimpl
def generate_data(workspace, size, seed):
    from stadstafel_regionale_economie.generate import generate

    return generate(workspace, size, seed)


@hookimpl
def demo_data(workspace):
    from stadstafel_regionale_economie.demo import build

    build(workspace)
