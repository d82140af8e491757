"""``stadstafel regionale-economie list|deadlines|import|compare``.

Data on stdout (``render_rows``: user text as data), messages on stderr; exit 1 when a service
refuses (a right, a bad file), 2 for bad use.
"""

from __future__ import annotations

import click
from stadstafel import (
    L,
    command_workspace,
    neutralise,
    read_import_text,
    render_rows,
)

NAME = "regionale-economie"
FORMATS = ["table", "json", "csv"]


def _format(fn):
    return click.option(
        "--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True,
        help="table, json of csv.",
    )(fn)  # fmt: skip


@click.group(NAME)
def regionale_economie() -> None:
    """Regionale economie: samenwerkingsverbanden, controltermijnen, economische cijfers."""


@regionale_economie.command("list")
@click.option("--type", "kind", default=None, help="Alleen deze vorm (bv. 'openbaar lichaam').")
@click.option("--filter", "text", default="", help="Deel van de naam of het beleidsveld.")
@_format
def list_command(kind: str | None, text: str, fmt: str) -> None:
    """Elk samenwerkingsverband met vorm, volgende termijn en signaleringen."""
    with command_workspace(NAME) as ws:
        verbanden = ws.service(f"{NAME}.verbanden")
        rows = []
        offset = 0
        while True:  # page from the database; the filter runs there too
            page = verbanden.list(type=kind, filter=text, offset=offset, limit=500)
            for v in page.rows:
                rows.append(
                    {
                        "id": v.id,
                        "name": v.name,
                        "type": v.type,
                        "table_id": v.table_id,
                        "beleidsveld": v.beleidsveld,
                        "start": v.start,
                        "next_deadline": v.next_deadline,
                        "flags": [f"{f['text']} ({f['article']})" for f in verbanden.flags(v)],
                    }
                )
            offset += len(page.rows)
            if len(page.rows) < 500:
                break
        columns = [
            ("name", L("naam", "name")),
            ("type", L("vorm", "type")),
            ("beleidsveld", L("beleidsveld", "policy field")),
            ("next_deadline", L("volgende termijn", "next deadline")),
            ("flags", L("signaleringen", "flags")),
        ]
        click.echo(render_rows(rows, columns, fmt))


@regionale_economie.command("deadlines")
@click.option("--all", "everything", is_flag=True, help="Ook afgehandelde termijnen.")
@click.option("--from", "start", default=None, help="Vanaf deze datum (standaard: dit kwartaal).")
@click.option("--to", "end", default=None, help="Tot deze datum.")
@_format
def deadlines_command(everything: bool, start: str | None, end: str | None, fmt: str) -> None:
    """De controltermijnen, dit kwartaal eerst (open termijnen die al verstreken zijn ervoor)."""
    from stadstafel import today

    with command_workspace(NAME) as ws:
        control = ws.service(f"{NAME}.control")
        page = control.deadlines(start=start, end=end, open_only=not everything, limit=5000)
        planning = control.planning_among(page.rows)  # begroting → planned meeting's date
        now = today().isoformat()
        rows = [
            {
                "id": e.id,
                "deadline": e.deadline,
                "verband": e.verband,
                "kind": e.kind,
                "year": e.year,
                "done": bool(e.done),
                "missed": bool(not e.done and e.deadline < now),
                "zienswijze_unplanned": e.id in planning and planning[e.id] is None,
                "zienswijze_planned": planning.get(e.id),
                "notes": e.notes,
            }
            for e in page.rows
        ]
        for r in rows:
            r["state"] = (
                L("afgehandeld", "done") if r["done"]
                else L("verstreken", "missed") if r["missed"]
                else L("niet geagendeerd", "not planned") if r["zienswijze_unplanned"]
                else L("geagendeerd {d}", "planned {d}").format(d=r["zienswijze_planned"])
                if r["zienswijze_planned"] else ""
            )  # fmt: skip
        columns = [
            ("deadline", L("termijn", "deadline")),
            ("verband", L("samenwerkingsverband", "collaboration")),
            ("kind", L("soort", "kind")),
            ("year", L("jaar", "year")),
            ("state", L("stand", "state")),
        ]
        click.echo(render_rows(rows, columns, fmt))


@regionale_economie.command("import")
@click.argument("file")
def import_command(file: str) -> None:
    """Lees economische cijfers uit FILE (CSV in de importmap, [files] imports).

    Kolommen: locatie, definitie, peildatum, waarde, bron (en demo, notitie). Alles of niets:
    bij één foute rij verandert er niets en wordt elke fout gemeld met rij en kolom.
    """
    from stadstafel_regionale_economie.importer import import_text

    with command_workspace(NAME) as ws:
        text = read_import_text(file, ws.config)
        report = import_text(ws, text)  # a refusal: every problem, exit 1
    click.echo(report.summary())


@regionale_economie.command("compare")
@click.argument("location")
@click.option("--measure", default=None, help="banen, werkzame personen, bedrijven, vestigingen")
def compare_command(location: str, measure: str | None) -> None:
    """De reeksen van LOCATION naast elkaar, één per definitie (nooit opgeteld)."""
    from stadstafel_regionale_economie.views import comparison_lines

    with command_workspace(NAME) as ws:
        loc = ws.service(f"{NAME}.locaties").by_name(location)
        if loc is None:
            raise click.BadParameter(
                L("geen werklocatie '{n}'", "no work location '{n}'").format(n=neutralise(location))
            )
        for line in comparison_lines(ws, loc, [measure] if measure else None):
            click.echo(neutralise(line))
