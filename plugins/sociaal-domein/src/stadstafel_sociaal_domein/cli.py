"""``stadstafel sociaal-domein import INDICATOR FILE`` and ``... vergelijk INDICATOR``."""

from __future__ import annotations

from typing import Any

import click
from stadstafel import command_workspace, neutralise, read_import_text

NAME = "sociaal-domein"


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
    """Sociaal domein: indicatoren importeren (CBS StatLine-CSV) en vergelijken."""


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
