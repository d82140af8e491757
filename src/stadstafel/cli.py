"""The ``stadstafel`` command. Each subcommand is thin: it opens a workspace and calls services.

Errors never end in a traceback: a bad configuration exits 2 with the file and key path,
an error from a service exits 1 with its message.
"""

from __future__ import annotations

import gc
import os
import sys
import tempfile
from pathlib import Path

import click

from stadstafel import __version__
from stadstafel.errors import ConfigError
from stadstafel.start import _PRELOADED, Context, main, make_host, run_tui

__all__ = ["Context", "cli", "main", "make_host", "run_tui"]

FORMATS = ["table", "json", "csv"]


@click.group(invoke_without_command=True, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--config", "config_path", metavar="FILE", help="Configuratiebestand (TOML).")
@click.option(
    "--as", "login", metavar="LOGIN", help="Werk als deze gebruiker (alleen voor service-accounts)."
)
@click.option(
    "--strict", is_flag=True, help="Een fout in een plugin is fataal (voor plugin-auteurs)."
)
@click.version_option(__version__, prog_name="stadstafel")
@click.pass_context
def cli(click_ctx: click.Context, config_path: str | None, login: str | None, strict: bool):
    """stadstafel: werkplaats voor samenwerkingstafels in de terminal."""
    click_ctx.obj = Context(config_path, login, strict)
    if click_ctx.invoked_subcommand is None:
        run_tui(click_ctx.obj)
    else:
        gc.enable()  # main() switched it off for the terminal UI's start-up only


# -- demo --------------------------------------------------------------------------------


# The Dutch public holidays the demo's configuration names (a deployment names its own in
# [meetings] holidays): Nieuwjaarsdag, Pasen, Koningsdag, Bevrijdingsdag, Hemelvaart, Pinksteren
# and Kerstmis, 2026-2028.
DEMO_HOLIDAYS = (
    "2026-01-01", "2026-04-05", "2026-04-06", "2026-04-27", "2026-05-05", "2026-05-14",
    "2026-05-24", "2026-05-25", "2026-12-25", "2026-12-26",
    "2027-01-01", "2027-03-28", "2027-03-29", "2027-04-27", "2027-05-05", "2027-05-06",
    "2027-05-16", "2027-05-17", "2027-12-25", "2027-12-26",
    "2028-01-01", "2028-04-16", "2028-04-17", "2028-04-27", "2028-05-05", "2028-05-25",
    "2028-06-04", "2028-06-05", "2028-12-25", "2028-12-26",
)  # fmt: skip


def create_demo(target: Path, *, size: str = "small") -> Path:
    """Write the Leiden demo workspace (config + database) into ``target``; return the config."""
    import tomli_w

    from stadstafel.config import parse_config
    from stadstafel.demo import DEMO_USERS, build_demo
    from stadstafel.workspace import Workspace, os_login

    target.mkdir(parents=True, exist_ok=True)
    config_file = target / "stadstafel.toml"
    db_file = target / "stadstafel.db"
    if config_file.exists() or db_file.exists():
        raise ConfigError(
            str(target),
            "",
            "an empty directory for a new demo workspace",
            "an existing stadstafel.toml or stadstafel.db",
        )
    me = os_login()
    users = {login: {"person": email, "role": role} for login, (email, role) in DEMO_USERS.items()}
    secretary_email = DEMO_USERS["secretaris"][0]
    users.setdefault(me, {"person": secretary_email, "role": "beheerder"})
    data = {
        "workspace": {"name": "Leiden (demo)", "database": "stadstafel.db"},
        "ui": {"language": "nl", "theme": "stadstafel"},
        "ssh": {"service_accounts": [me], "idle_timeout_minutes": 0},
        "meetings": {
            "deadline_working_days": 5,
            "deadline_time": "17:00",
            "holidays": list(DEMO_HOLIDAYS),
        },
        "users": users,
    }
    config_file.write_text(
        "# Demo workspace of stadstafel: Leiden's samenwerkingstafels, invented people.\n"
        "# Try other roles with: stadstafel --config THIS_FILE --as portaal\n"
        + tomli_w.dumps(data),
        encoding="utf-8",
    )
    config = parse_config(config_file.read_text(encoding="utf-8"), config_file, os.environ)
    host = make_host(config)
    ws = Workspace.open(config, login="system", plugins=host)
    try:
        ws.actor.global_role = "beheerder"
        if size == "small":
            build_demo(ws)
            host.call("demo_data", workspace=ws)
        else:
            from stadstafel.demo.generate import generate

            generate(ws, size=size)
    finally:
        ws.close()
    return config_file


@cli.command()
@click.option("--create", "create_dir", metavar="DIR", help="Schrijf de demo naar DIR en stop.")
@click.option(
    "--size",
    type=click.Choice(["small", "medium", "large"]),
    default="small",
    show_default=True,
    help="Grootte van de demo-werkplaats.",
)
@click.pass_obj
def demo(ctx: Context, create_dir: str | None, size: str):
    """Open een verse kopie van de Leidse demo-werkplaats."""
    if create_dir:
        path = create_demo(Path(create_dir), size=size)
        click.echo(f"Demo-werkplaats geschreven: {path}")
        return
    target = Path(tempfile.mkdtemp(prefix="stadstafel-demo-"))
    path = create_demo(target, size=size)
    ctx.config_path = str(path)
    ctx._config = None
    ctx._host = None
    run_tui(ctx)


# -- listings ----------------------------------------------------------------------------


def _echo_rows(rows, columns, fmt: str) -> None:
    from stadstafel.formats import render

    click.echo(render(rows, columns, fmt))


@cli.group()
def partners():
    """Partners (organisaties)."""


@partners.command("list")
@click.option("--filter", "filter_", default="", help="Alleen namen die dit bevatten.")
@click.option("--kind", default=None, help="Alleen deze soort (bijv. woningcorporatie).")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True)
@click.pass_obj
def partners_list(ctx: Context, filter_: str, kind: str | None, fmt: str):
    """Alle organisaties met hun soort en aantal mensen."""
    with ctx.workspace() as ws:
        rows = ws.organisations.list(filter=filter_, kind=kind).rows
    _echo_rows(
        rows,
        [
            ("id", "id"),
            ("name", "naam"),
            ("kind", "soort"),
            ("people", "mensen"),
            ("tables", "tafels"),
            ("website", "website"),
        ],
        fmt,
    )


@cli.group()
def meetings():
    """Vergaderingen."""


@meetings.command("list")
@click.option("--table", "table_name", default=None, help="Alleen deze tafel (naam).")
@click.option("--from", "start", default=None, help="Vanaf datum (JJJJ-MM-DD).")
@click.option("--to", "end", default=None, help="Tot datum (JJJJ-MM-DD).")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True)
@click.pass_obj
def meetings_list(
    ctx: Context, table_name: str | None, start: str | None, end: str | None, fmt: str
):
    """Vergaderingen in volgorde van datum."""
    with ctx.workspace() as ws:
        table_id = _table_id(ws, table_name)
        rows = ws.meetings.list(table_id=table_id, start=start, end=end).rows
    _echo_rows(
        rows,
        [
            ("id", "id"),
            ("starts_at", "begin"),
            ("table_name", "tafel"),
            ("title", "titel"),
            ("status", "status"),
            ("items", "punten"),
            ("submission_deadline", "deadline"),
        ],
        fmt,
    )


def _table_id(ws, name: str | None) -> int | None:
    if not name:
        return None
    table = ws.tables.by_name(name)
    if table is None:
        raise click.BadParameter(f"geen tafel met de naam '{name}'", param_hint="--table")
    return table.id


@cli.group()
def agenda():
    """Agenda's van vergaderingen."""


@agenda.command("show")
@click.argument("meeting", type=int)
@click.option(
    "--format", "fmt", type=click.Choice([*FORMATS, "markdown"]), default="table", show_default=True
)
@click.pass_obj
def agenda_show(ctx: Context, meeting: int, fmt: str):
    """De agenda van vergadering MEETING (id), in volgorde."""
    from stadstafel import i18n

    with ctx.workspace() as ws:
        data = ws.meetings.agenda(meeting)
    rows = [
        dict(
            item,
            submitter=" / ".join(filter(None, [item.submitter_org, item.submitter_person])),
            late_mark="te laat" if item.late else "",
        )
        for item in data["items"]
    ]
    m = data["meeting"]
    if fmt in ("table", "markdown"):
        title = f"{m.title} — {i18n.format_datetime(m.starts_at)} ({m.status})"
        click.echo(f"# {title}" if fmt == "markdown" else title)
        click.echo(f"Totaal {data['total_minutes']} van {data['meeting_minutes']} minuten\n")
    _echo_rows(
        rows,
        [
            ("position", "#"),
            ("title", "titel"),
            ("purpose", "doel"),
            ("submitter", "ingediend door"),
            ("duration_minutes", "min"),
            ("status", "status"),
            ("late_mark", ""),
        ],
        fmt,
    )


@cli.group()
def actions():
    """Acties en toezeggingen."""


@actions.command("list")
@click.option("--overdue", is_flag=True, help="Alleen acties over de datum.")
@click.option("--partner", default=None, help="Alleen van deze organisatie (naam).")
@click.option("--table", "table_name", default=None, help="Alleen van deze tafel (naam).")
@click.option("--all", "all_", is_flag=True, help="Ook afgeronde en vervallen acties.")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True)
@click.pass_obj
def actions_list(
    ctx: Context, overdue: bool, partner: str | None, table_name: str | None, all_: bool, fmt: str
):
    """Open acties en toezeggingen, op volgorde van deadline."""
    with ctx.workspace() as ws:
        org_id = None
        if partner:
            org = ws.organisations.by_name(partner)
            if org is None:
                raise click.BadParameter(f"geen organisatie '{partner}'", param_hint="--partner")
            org_id = org.id
        rows = ws.actions.list(
            overdue=overdue,
            owner_org_id=org_id,
            table_id=_table_id(ws, table_name),
            status=None if all_ else "open",
        ).rows
    for row in rows:
        row["overdue_mark"] = "te laat" if row.get("overdue") else ""
    _echo_rows(
        rows,
        [
            ("id", "id"),
            ("kind", "soort"),
            ("text", "tekst"),
            ("owner_org", "eigenaar"),
            ("owner_person", "persoon"),
            ("due", "uiterlijk"),
            ("status", "status"),
            ("overdue_mark", ""),
            ("table_name", "tafel"),
        ],
        fmt,
    )


@cli.command()
@click.argument("query")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True)
@click.pass_obj
def search(ctx: Context, query: str, fmt: str):
    """Zoek in organisaties, personen, agendapunten, besluiten en acties."""
    with ctx.workspace() as ws:
        rows = ws.search.search(query)
    _echo_rows(
        rows, [("kind", "soort"), ("id", "id"), ("title", "titel"), ("snippet", "fragment")], fmt
    )


# -- set-up and maintenance -------------------------------------------------------------


@cli.command()
@click.argument("directory", required=False, default=".")
@click.pass_obj
def init(ctx: Context, directory: str):
    """Schrijf een start-configuratie (stadstafel.toml) in DIRECTORY."""
    from stadstafel.config import write_starter

    path = write_starter(Path(directory))
    click.echo(f"Geschreven: {path}\nControleer met: stadstafel --config {path} config check")


@cli.group("config")
def config_group():
    """Configuratie controleren en tonen."""


@config_group.command("check")
@click.pass_obj
def config_check(ctx: Context):
    """Controleer de configuratie, inclusief plugin-secties."""
    config = ctx.config
    host = ctx.host
    problems = list(host.problems()) if host is not None else []
    where = config.source or "(standaardinstellingen)"
    if problems:
        for p in problems:
            click.echo(f"let op: {p}", err=True)
    click.echo(f"{where}: in orde (database {config.database})")


@config_group.command("show")
@click.pass_obj
def config_show(ctx: Context):
    """Toon de geldende configuratie; geheimen worden verborgen."""
    import tomli_w

    from stadstafel.config import show

    data = show(ctx.config)
    host = ctx.host
    for dotted in getattr(host, "secret_keys", lambda: set())():
        node = data
        *parents, last = dotted.split(".")
        for p in parents:
            node = node.get(p, {}) if isinstance(node, dict) else {}
        if isinstance(node, dict) and last in node:
            node[last] = "***"
    click.echo(tomli_w.dumps(_toml_safe(data)))


def _toml_safe(value):
    if isinstance(value, dict):
        return {str(k): _toml_safe(v) for k, v in value.items() if v is not None}
    if isinstance(value, list | tuple | set):
        return [_toml_safe(v) for v in value]
    if isinstance(value, Path):
        return str(value)
    return value


@cli.command()
@click.argument("dest")
@click.pass_obj
def backup(ctx: Context, dest: str):
    """Maak een online kopie van de database naar DEST (bestand of map)."""
    with ctx.workspace() as ws:
        path = ws.store.backup(dest)
        click.echo(f"Kopie geschreven: {path}")


def _add_plugin_commands() -> None:
    try:
        from stadstafel.cli_plugins import plugin_group, plugins_command
    except ImportError:  # pragma: no cover - during development only
        return
    cli.add_command(plugins_command, "plugins")
    cli.add_command(plugin_group, "plugin")


_add_plugin_commands()


def _names_a_subcommand(argv: list[str]) -> bool:
    """Does ``argv`` name a subcommand, or ask for help (which lists them)? Without one the
    terminal UI starts, and that needs no plugin subcommands."""
    takes_value = {"--config", "--as"}
    skip = False
    for arg in argv:
        if skip:
            skip = False
        elif arg in takes_value:
            skip = True
        elif arg in ("-h", "--help") or not arg.startswith("-"):
            return True
    return False


def _preload_plugin_commands(argv: list[str]) -> None:
    """Let enabled plugins add their subcommands (``cli_commands``) before click parses.

    Only when a subcommand is named: starting the terminal UI imports no plugin's CLI. The
    host built here is the one ``Context.host`` hands out later (plugins load once)."""
    if not argv or argv[0] in ("-h", "--help", "--version", "init"):
        return
    if not _names_a_subcommand(argv):
        return
    from stadstafel.cli_plugins import config_arg, install_plugin_cli

    host = install_plugin_cli(cli, argv)
    if host is not None:
        _PRELOADED.update(host=host, config_path=config_arg(argv))


def run_click(args: list[str]) -> object:
    """The command line with a subcommand (or help, or options the terminal UI start does
    not take): click parses it. Called by ``stadstafel.start.main``, which turns the errors
    that are not click's into messages and exit statuses."""
    _preload_plugin_commands(args)
    try:
        return cli.main(args=args, prog_name="stadstafel", standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("Afgebroken.", err=True)
        sys.exit(1)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
