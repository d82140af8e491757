"""``stadstafel intake list|add``: input from the city (inbreng) of the tables the user
handles (right ``intake.manage``: a table's chair and secretary, the beheerder).

    stadstafel intake list [--table NAME] [--status nieuw] [--format table|json|csv]
    stadstafel intake add --table NAME --from "Buurtvereniging Morskwartier" \\
        --subject "Parkeren rond de nieuwbouw" --channel e-mail [--received 2027-01-03] \\
        [--description TEXT]

Conventions as ``cli_lists``: data on stdout, messages on stderr, exit 0/1/2.
"""

from __future__ import annotations

import click

from stadstafel import vocab
from stadstafel.cli_lists import _format_option, _t, _table, echo_rows


@click.group()
def intake():
    """Inbreng uit de stad: onderwerpen van inwoners en organisaties buiten de tafel."""


@intake.command("list")
@click.option("--table", "table_name", default=None, help="Alleen deze tafel (naam).")
@click.option("--status", type=click.Choice(vocab.INTAKE_STATUSES), default=None)
@_format_option
@click.pass_obj
def intake_list(ctx, table_name: str | None, status: str | None, fmt: str):
    """De inbreng van de tafels die u behandelt (voorzitter, secretaris), nieuwste eerst."""
    with ctx.workspace() as ws:
        table = _table(ws, table_name)
        rows = ws.intake.list(table_id=table.id if table else None, status=status)
        echo_rows(rows, [
            ("id", "id", "id"),
            ("received_on", "ontvangen", "received"),
            ("table_name", "tafel", "table"),
            ("sender", "van", "from"),
            ("subject", "onderwerp", "subject"),
            ("channel", "kanaal", "channel"),
            ("status", "status", "status"),
            ("meeting_starts_at", "vergadering", "meeting"),
            ("answered_on", "beantwoord", "answered"),
            ("answer", "antwoord", "answer"),
        ], fmt)  # fmt: skip


@intake.command("add")
@click.option("--table", "table_name", required=True, help="De tafel (naam).")
@click.option("--from", "sender", required=True, help="Wie: een naam of organisatie.")
@click.option("--subject", required=True, help="Het onderwerp.")
@click.option("--channel", type=click.Choice(vocab.INTAKE_CHANNELS), required=True)
@click.option("--received", default=None, help="Ontvangen op (JJJJ-MM-DD); standaard vandaag.")
@click.option("--description", default="", help="Toelichting.")
@click.pass_obj
def intake_add(ctx, table_name, sender, subject, channel, received, description):
    """Neem een onderwerp van buiten de tafel in."""
    with ctx.workspace() as ws:
        table = _table(ws, table_name)
        values = dict(
            table_id=table.id, sender=sender, subject=subject, channel=channel,
            description=description,
        )  # fmt: skip
        if received:
            values["received_on"] = received
        record = ws.intake.add(**values)
        click.echo(_t(f"Ingenomen: {record.id}", f"Taken in: {record.id}"), err=True)
        click.echo(record.id)
