"""``stadstafel woningbouw import FILE.csv [--skip-invalid]`` and ``... export [FILE]``.

Added to the ``stadstafel`` group by the ``cli_commands`` hook. Each command opens the
workspace the way the core's commands do (``ctx.obj.workspace()`` of the root context), so
``--config`` and ``--as`` work as everywhere else.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click
from stadstafel.textsafe import neutralise

from stadstafel_woningbouw.importer import (
    COLUMNS,
    PROGRESS_MIN_ROWS,
    export_csv,
    import_text,
    read_text,
)
from stadstafel_woningbouw.service import register_for


def _open_workspace() -> Any:
    root = click.get_current_context().find_root()
    obj = root.obj
    if obj is None or not hasattr(obj, "workspace"):
        raise click.UsageError("gebruik dit als 'stadstafel woningbouw …'")
    return obj.workspace()


def _columns_help() -> str:
    return "\n".join(f"{c}: {d}" for c, _, d in COLUMNS)


@click.group("woningbouw")
def woningbouw() -> None:
    """Woningbouwregister: projecten importeren en exporteren (CSV)."""


@woningbouw.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--skip-invalid",
    is_flag=True,
    help="Importeer de goede rijen en sla de foute over (die worden gemeld).",
)
def import_command(file: Path, skip_invalid: bool) -> None:
    """Lees projecten uit FILE (CSV, UTF-8, komma of puntkomma).

    Zonder --skip-invalid verandert er niets zodra één rij fout is; elke fout wordt gemeld met
    rij, kolom en probleem. Alles gebeurt in één transactie. Kolommen: zie README of de
    sjabloon config/woningbouw-projecten.csv.
    """
    try:
        text = read_text(file)
    except ValueError as exc:
        raise click.ClickException(str(exc)) from None
    approx_rows = max(0, text.count("\n") - 1)
    with _open_workspace() as ws:
        reg = register_for(ws)
        if approx_rows >= PROGRESS_MIN_ROWS:
            with click.progressbar(
                length=approx_rows,
                label=f"Importeren {file.name}",
                file=sys.stderr,
            ) as bar:
                report = import_text(reg, text, skip_invalid=skip_invalid, progress=bar.update)
        else:
            report = import_text(reg, text, skip_invalid=skip_invalid)
    for error in report.errors:
        click.echo(neutralise(error), err=True)
    click.echo(report.summary())
    if not report.applied:
        # sys.exit, not click's Exit: the core's main() runs click with standalone_mode=False,
        # where an Exit only becomes cli.main's return value and the status would be 0.
        sys.exit(1)


@woningbouw.command("export")
@click.argument("file", required=False, type=click.Path(dir_okay=False, path_type=Path))
def export_command(file: Path | None) -> None:
    """Schrijf het register als CSV naar FILE (of naar de standaarduitvoer).

    Het formaat is dat van de import: een geëxporteerd bestand kan weer worden ingelezen.
    """
    with _open_workspace() as ws:
        reg = register_for(ws)
        if file is None or str(file) == "-":
            export_csv(reg, sys.stdout)
            return
        with open(file, "w", encoding="utf-8", newline="") as out:
            count = export_csv(reg, out)
    click.echo(f"{count} projecten geschreven naar {file}", err=True)
