"""``stadstafel sociaal-domein import INDICATOR FILE``, ``... vergelijk INDICATOR`` and
``... sessions`` (the leerkringen's sessions; a confidential casus only for who may read it)."""

from __future__ import annotations

from typing import Any

import click
from stadstafel import L, command_workspace, neutralise, read_import_text, render_rows

NAME = "sociaal-domein"
FORMATS = ["table", "json", "csv"]


def _indicator(ws: Any, text: str) -> Any:
    indicators = ws.service("sociaal-domein.indicators")
    if text.isdigit() and indicators.find(int(text)) is not None:
        return indicators.get(int(text))
    hits = [i for i in indicators.list(filter=text).rows]
    if len(hits) != 1:
        names = "; ".join(neutralise(i.name) for i in hits[:5]) or "geen"
        raise click.ClickException(f"indicator '{neutralise(text)}' niet eenduidig: {names}")
    return hits[0]


@click.group("sociaal-domein")
def sociaal_domein() -> None:
    """Sociaal domein: indicatoren importeren (CBS StatLine-CSV) en vergelijken, bijeenkomsten
    van leerkringen."""


@sociaal_domein.command("import")
@click.argument("indicator")
@click.argument("file")
def import_command(indicator: str, file: str) -> None:
    """Lees cijfers van INDICATOR (id of naam) uit FILE (CBS StatLine-CSV) in de importmap.

    Alles of niets: bij één foute rij verandert er niets en wordt elke fout gemeld met rij en
    kolom. Een nieuwere status (voorlopig → nader voorlopig → definitief) vervangt het cijfer;
    het oude blijft als geschiedenis bewaard.
    """
    from stadstafel_sociaal_domein.importer import import_text

    with command_workspace(NAME) as ws:
        ind = _indicator(ws, indicator)
        text = read_import_text(file, ws.config)
        report = import_text(
            ws, ind.id, text, origin=str(file)[:200]
        )  # a refusal: every problem, exit 1
    click.echo(report.summary())


@sociaal_domein.command("vergelijk")
@click.argument("indicator")
@click.option("--gemeente", default="Gemeente Leiden", help="De gemeente om te plaatsen.")
def compare_command(indicator: str, gemeente: str) -> None:
    """Eén indicator over de gemeenten en perioden; * = voorlopig naast definitief."""
    from stadstafel_sociaal_domein.views import comparison_lines

    with command_workspace(NAME) as ws:
        ind = _indicator(ws, indicator)
        org = ws.read.organisation_by_name(gemeente)
        data = ws.service("sociaal-domein.figures").compare(ind.id, focus=org.id if org else None)
        for line in comparison_lines(data, org.name if org else gemeente):
            click.echo(neutralise(line))


@sociaal_domein.command("sessions")
@click.option("--leerkring", "theme", default="", help="Alleen leerkringen met dit in het thema.")
@click.option("--gepland", "planned", is_flag=True, help="Alleen bijeenkomsten die nog komen.")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True,
              help="table, json of csv.")  # fmt: skip
def sessions_command(theme: str, planned: bool, fmt: str) -> None:
    """De bijeenkomsten van de leerkringen: datum, gastgemeente, status, casus, gastexpert.

    Een vertrouwelijke casus staat er alleen voor de deelnemers van de leerkring (of wie het
    recht sociaal-domein.vertrouwelijk heeft); ieder ander ziet "(vertrouwelijk)".
    """
    with command_workspace(NAME) as ws:
        kringen = ws.service(f"{NAME}.leerkringen")
        sessions = ws.service(f"{NAME}.sessions")
        found = [(k, sessions.of_leerkring(k.id)) for k in kringen.list(filter=theme).rows]
        hosts = ws.read.organisation_names(
            {s.host_organisation_id for _k, rows in found for s in rows} - {None}
        )
        hidden = L("(vertrouwelijk)", "(confidential)")
        rows = [
            {
                "id": s.id, "leerkring": k.theme, "number": s.number, "date": s.date,
                "host": hosts.get(s.host_organisation_id), "status": s.status,
                "confidential": bool(s.confidential),
                "casus": hidden if s.get("hidden") else s.casus,
                "guest_expert": s.guest_expert,
            }
            for k, kring_sessions in found
            for s in kring_sessions
            if not planned or s.status != "gesloten"
        ]  # fmt: skip
    columns = [
        ("leerkring", L("leerkring", "learning circle")),
        ("number", "#"),
        ("date", L("datum", "date")),
        ("host", L("gastgemeente", "host")),
        ("status", L("status", "status")),
        ("casus", L("casus", "case")),
        ("guest_expert", L("gastexpert", "guest expert")),
    ]
    click.echo(render_rows(rows, columns, fmt))
