"""``stadstafel export``: every export format, the core's and the plugins', from one command.

    stadstafel export --list
    stadstafel export ics --table "Samenwerkingstafel Woningbouw" -o woningbouw.ics
    stadstafel export ics --mine
    stadstafel export verslag-odt --meeting 12 -o verslag.odt
    stadstafel export open-data -o leiden.json

Without ``-o`` the export goes to standard output (a binary format only when that is not a
terminal). ``-o FILE`` writes inside the configured exports folder (``[files] exports``), whole
or not at all: into a temporary file beside it, then renamed, so a web server serving a feed
never hands out half a file; ``--force`` replaces an existing file.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from stadstafel.start import Context

TEXT_TYPES = ("text/", "application/json")


def _l(nl: str, en: str) -> str:
    from stadstafel import i18n

    return en if i18n.language() == "en" else nl


def all_exporters(ctx: Context) -> list:
    """The core's formats, then every plugin's (registered through the ``exporters`` hook)."""
    from stadstafel.exports import CORE_EXPORTERS, SCOPES

    out = list(CORE_EXPORTERS)
    taken = {e.name for e in out}
    host = ctx.host
    # plugins' formats follow the same contract (stadstafel.exporting.Exporter)
    out += [e for e in (host.exporters() if host is not None else []) if e.name not in taken]
    assert all(s in SCOPES for e in out for s in e.scopes)
    return out


def _table_id(ws, value: str) -> int:
    from stadstafel.errors import NotFound

    if value.strip().isdigit():
        return ws.tables.get(int(value)).id
    table = ws.tables.by_name(value.strip())
    if table is None:
        raise NotFound("table", value)
    return table.id


def write_file(path: str, data: bytes, config, *, force: bool = False) -> Path:
    """Write ``data`` to ``path`` inside the configured exports folder (``[files] exports``;
    a relative path is taken there), whole or not at all.

    ``stadstafel.files.confined`` decides where a typed path may point (never outside the
    folder, never through a symbolic link, never a device); an existing file is replaced only
    with ``force``. The data goes to a temporary file in the same folder first and is then
    renamed over the target, so a reader (a web server serving a feed) sees the old file or
    the new one, never a part. The file gets the mode a new file gets under the umask (a
    service's ``UMask=``)."""
    from stadstafel.files import confined

    target = confined(path, "export", config)
    if target.exists() and not force:
        raise click.UsageError(
            _l(
                f"{target} bestaat al; kies een andere naam of overschrijf met --force",
                f"{target} already exists; choose another name or overwrite with --force",
            )
        )
    import tempfile  # here: 7 ms of every other command's start

    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        mask = os.umask(0)  # the mode a new file would get: 0666 less the umask
        os.umask(mask)
        os.chmod(tmp, 0o666 & ~mask)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target


@click.command("export")
@click.argument("format_name", metavar="FORMAT", required=False)
@click.option("--list", "list_", is_flag=True, help="Toon de exportformaten.")
@click.option("--table", "table", metavar="NAAM|ID", help="Per tafel (naam of id).")
@click.option("--meeting", type=int, metavar="ID", help="Per vergadering (id).")
@click.option("--mine", is_flag=True, help="De tafels van de gebruiker (--as of de login).")
@click.option(
    "-o",
    "--output",
    metavar="FILE",
    help="Schrijf naar FILE (in de exportmap) in plaats van stdout.",
)
@click.option("--force", is_flag=True, help="Overschrijf FILE als die al bestaat.")
@click.pass_obj
def export_command(
    ctx: Context,
    format_name: str | None,
    list_: bool,
    table: str | None,
    meeting: int | None,
    mine: bool,
    output: str | None,
    force: bool,
):
    """Exporteer als FORMAT: agenda, verslag en besluitenlijst (Markdown, ODT), kalender (ICS),
    open data (JSON), en de formaten van plugins. ``--list`` toont ze."""
    from stadstafel import i18n
    from stadstafel.exports import Scope, find, run

    exporters = all_exporters(ctx)
    if list_ or not format_name:
        en = i18n.language() == "en"
        whole = "workspace" if en else "werkplaats"
        for e in exporters:
            label = e.label_en if en else e.label_nl
            scopes = ", ".join(whole if s == "none" else f"--{s}" for s in e.scopes)
            click.echo(f"{e.name:24} {label}  [{scopes}; .{e.suffix}]")
        return
    given = [k for k, v in (("table", table), ("meeting", meeting), ("mine", mine)) if v]
    if len(given) > 1:
        raise click.UsageError(
            _l(
                "kies één van --table, --meeting en --mine",
                "choose one of --table, --meeting, --mine",
            )
        )
    exporter = find(format_name, exporters)
    with ctx.workspace() as ws:
        if table:
            scope = Scope("table", _table_id(ws, table))
        elif meeting is not None:
            scope = Scope("meeting", ws.meetings.get(meeting).id)
        elif mine:
            scope = Scope("mine")
        else:
            scope = Scope("none")
        data = run(ws, exporter, scope)
        config = ws.config
    if output:
        path = write_file(output, data, config, force=force)
        click.echo(_l(f"Geschreven: {path}", f"Written: {path}"), err=True)
        return
    textual = exporter.media_type.startswith(TEXT_TYPES)
    if not textual and sys.stdout.isatty():
        raise click.UsageError(
            _l(
                f"{exporter.name} is een binair formaat: geef -o BESTAND.{exporter.suffix}",
                f"{exporter.name} is a binary format: give -o FILE.{exporter.suffix}",
            )
        )
    stream = click.get_binary_stream("stdout")
    stream.write(data)
    stream.flush()
