"""``stadstafel woningbouw import FILE.csv [--skip-invalid]`` and ``... export [FILE]``.

Added to the ``stadstafel`` group by the ``cli_commands`` hook. Each command opens the
workspace the way the core's commands do (``ctx.obj.workspace()`` of the root context), so
``--config`` and ``--as`` work as everywhere else.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

import click
from stadstafel import command_workspace, neutralise

from stadstafel_woningbouw.importer import (
    COLUMNS,
    PROGRESS_MIN_ROWS,
    ImportJob,
    export_csv,
    read_text,
)
from stadstafel_woningbouw.service import register_for


def _columns_help() -> str:
    return "\n".join(f"{c}: {d}" for c, _, d in COLUMNS)


@click.group("woningbouw")
def woningbouw() -> None:
    """Woningbouwregister: projecten importeren en exporteren (CSV)."""


@woningbouw.command("import")
@click.argument("file")
@click.option(
    "--skip-invalid",
    is_flag=True,
    help="Importeer de goede rijen en sla de foute over (die worden gemeld).",
)
@click.option(
    "--mapping",
    "mapping_file",
    default=None,
    help="Koppeling (TOML, in de importmap) voor de eigen projectlijst van de gemeente;"
    " zie config/woningbouw-koppeling-gemeente.toml.",
)
def import_command(file: str, skip_invalid: bool, mapping_file: str | None) -> None:
    """Lees projecten uit FILE (CSV, UTF-8, komma of puntkomma) in de importmap.

    FILE is een naam in de map [files] imports van de configuratie (of een pad daarbinnen).
    Zonder --skip-invalid verandert er niets zodra één rij fout is; elke fout wordt gemeld met
    rij, kolom en probleem. Een groot bestand wordt in delen van 500 rijen opgeslagen, zodat
    anderen tussendoor kunnen werken. Kolommen: zie README of de sjabloon
    config/woningbouw-projecten.csv.
    """
    with command_workspace("woningbouw") as ws:
        reg = register_for(ws)
        reg.check_permission()  # before the file is even looked at
        try:
            text = read_text(file, config=ws.config)
            if mapping_file:
                from stadstafel_woningbouw.mapping import apply_mapping, load_mapping

                mapping = load_mapping(read_text(mapping_file, config=ws.config))
                text, problems = apply_mapping(text, mapping)
                if problems:
                    for error in problems:
                        click.echo(neutralise(error), err=True)
                    click.echo(
                        f"Niets geïmporteerd: {len(problems)} fout(en) in de koppeling;"
                        " er is niets gewijzigd."
                    )
                    sys.exit(1)
            job = ImportJob(reg, text, skip_invalid=skip_invalid)
        except ValueError as exc:
            raise click.ClickException(str(exc)) from None
        if job.total >= PROGRESS_MIN_ROWS:
            with click.progressbar(
                length=job.total,
                label=f"Importeren {Path(file).name}",
                file=sys.stderr,
            ) as bar:
                report = job.run(bar.update)
        else:
            report = job.run()
    for error in report.errors:
        click.echo(neutralise(error), err=True)
    click.echo(report.summary())
    if not report.complete:
        # sys.exit, not click's Exit: the core's main() runs click with standalone_mode=False,
        # where an Exit only becomes cli.main's return value and the status would be 0.
        sys.exit(1)


@woningbouw.command("export")
@click.argument("file", required=False)
@click.option("--force", is_flag=True, help="Overschrijf een bestaand bestand.")
def export_command(file: str | None, force: bool) -> None:
    """Schrijf het register als CSV naar FILE in de exportmap (of naar de standaarduitvoer).

    FILE is een naam in de map [files] exports van de configuratie; een bestaand bestand
    wordt alleen met --force overschreven. Het formaat is dat van de import: een
    geëxporteerd bestand kan weer worden ingelezen.
    """
    from stadstafel import confined, create_for_writing

    with command_workspace("woningbouw") as ws:
        reg = register_for(ws)
        if file is None or file == "-":
            export_csv(reg, sys.stdout)
            return
        out = io.StringIO()
        count = export_csv(reg, out)
        target = confined(file, "export", ws.config)
        with create_for_writing(target, "export", ws.config, force=force) as fh:
            fh.write(out.getvalue().encode("utf-8"))
    click.echo(f"{count} projecten geschreven naar {target}", err=True)


@woningbouw.group("cbs")
def cbs_group() -> None:
    """CBS-cijfers (StatLine) voor de vergelijking met het register."""


@cbs_group.command("import")
@click.argument("file")
@click.option(
    "--table",
    "table_id",
    default="86098NED",
    show_default=True,
    help="De CBS-tabel waaruit het bestand komt (86098NED, 82211NED, …).",
)
def cbs_import_command(file: str, table_id: str) -> None:
    """Lees een CSV die van CBS StatLine is gedownload (in de importmap).

    Regiocodes met spaties ('GM0546    '), perioden als 2024JJ00 of 2024MM03 en de status
    (Voorlopig, Nader voorlopig, Definitief) worden gelezen; bij één fout verandert er niets.
    De voortgang toont daarna register en CBS per jaar, met 'Bron: CBS'.
    """
    import stadstafel

    with command_workspace("woningbouw") as ws:
        reg = register_for(ws)
        reg.check_permission()  # before the file is even looked at
        try:
            text = read_text(file, config=ws.config)
        except ValueError as exc:
            raise click.ClickException(str(exc)) from None
        meta = {
            "retrieved": stadstafel.today().isoformat(),
            "licence": "CC BY 4.0",
            "file": Path(file).name,
        }
        result = reg.import_cbs(text, table_id=table_id.strip().upper(), meta=meta)
    for error in result.errors:
        click.echo(neutralise(error), err=True)
    if not result.applied:
        click.echo(f"Niets geïmporteerd: {len(result.errors)} fout(en); er is niets gewijzigd.")
        sys.exit(1)
    click.echo(
        f"{result.created} nieuw, {result.updated} bijgewerkt, {result.unchanged} ongewijzigd"
        f" (CBS {table_id}; Bron: CBS, CC BY 4.0)."
    )
