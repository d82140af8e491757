"""CLI commands about plugins: ``stadstafel plugins`` and ``stadstafel plugin new``.

Standalone click objects; the main group adds them::

    cli.add_command(plugins_command, "plugins")
    cli.add_command(plugin_group, "plugin")

They read ``ctx.obj.config`` (a ``stadstafel.config.Config``) and ``ctx.obj.strict``.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping, Sequence
from typing import Any

import click

# The hooks come last: that column is the widest and least needed at a glance.
COLUMNS = [  # (key, Dutch heading, English heading)
    ("name", "naam", "name"),
    ("version", "versie", "version"),
    ("source", "bron", "source"),
    ("status", "status", "status"),
    ("error", "fout / reden", "error / reason"),
    ("hooks", "hooks", "hooks"),
]


def _table(rows: list[dict]) -> str:
    from stadstafel.formats import render

    shown = []
    for row in rows:
        note = row["error"] or (f"({row['reason']})" if row.get("reason") else "")
        shown.append({**row, "error": note})
    from stadstafel.i18n import language

    english = language() == "en"
    return render(shown, [(key, en if english else nl) for key, nl, en in COLUMNS], "table")


@click.command("plugins")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json"]),
    default="table",
    show_default=True,
    help="Uitvoer als tabel of als JSON.",
)
@click.pass_context
def plugins_command(ctx: click.Context, fmt: str) -> None:
    """Toon elke plugin: naam, versie, bron, status, fout en hooks.

    Eindigt met status 2 bij een naamconflict tussen plugins, of (met --strict) bij een plugin
    die faalt.
    """
    from stadstafel.i18n import L
    from stadstafel.plugins import PluginError, PluginHost

    obj = ctx.obj
    host = PluginHost(obj.config, strict=bool(getattr(obj, "strict", False)))
    failure: PluginError | None = None
    try:
        host.load()
        host.themes()  # runs register_themes, so a failing or clashing theme shows up here
    except PluginError as exc:
        failure = exc
    rows = host.info()
    if fmt == "json":
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
    else:
        click.echo(_table(rows))
        for problem in host.problems():
            click.echo(f"{L('let op', 'note')}: {problem}", err=True)
    if failure is not None:
        click.echo(f"{L('Pluginfout', 'Plugin error')}: {failure.message}", err=True)
        ctx.exit(2)


@click.group("plugin")
def plugin_group() -> None:
    """Gereedschap voor plugin-auteurs."""


@plugin_group.command("new")
@click.argument("name")
@click.argument("directory", required=False)
@click.option(
    "--workspace/--standalone",
    default=None,
    help="Hoort de plugin bij de uv-workspace van de stadstafel-repository? (standaard: raden)",
)
@click.option(
    "--module",
    "module",
    is_flag=True,
    help="Een domeinmodule: service, recht, scherm, tafeltab, zoeken, export, demo, tests.",
)
def plugin_new(name: str, directory: str | None, workspace: bool | None, module: bool) -> None:
    """Maak een nieuwe plugin NAME in DIRECTORY (standaard ./stadstafel-NAME)."""
    from stadstafel.scaffold import ScaffoldError, check_name, names, scaffold

    try:
        check_name(name)
    except ScaffoldError as exc:
        raise click.BadParameter(str(exc), param_hint="NAME") from exc
    try:
        path = scaffold(name, directory, workspace=workspace, module=module)
    except ScaffoldError as exc:
        raise click.ClickException(str(exc)) from exc
    package = names(name)["module"]
    what = (
        "de hooks; service.py, screens.py, schema.py ernaast"
        if module
        else "de hooks (thema, visueel thema, instellingen)"
    )
    click.echo(
        f"Plugin '{name}' geschreven in {path}\n"
        f"  src/{package}/__init__.py   {what}\n"
        f"  tests/test_{names(name)['snake']}.py\n"
        "Verder (in de omgeving van stadstafel):\n"
        f"  uv pip install -e {path}\n"
        "  uv run stadstafel plugins\n"
        f"  uv run pytest {path}/tests"
    )


def config_arg(argv: list[str]) -> str | None:
    """The value of ``--config FILE`` or ``--config=FILE`` in ``argv`` (the last one, as click
    reads it), before click has parsed anything."""
    found = None
    for i, arg in enumerate(argv):
        if arg == "--config" and i + 1 < len(argv):
            found = argv[i + 1]
        elif arg.startswith("--config="):
            found = arg.split("=", 1)[1]
    return found


def install_plugin_cli(
    cli: click.Group,
    argv: Sequence[str] | None = None,
    env: Mapping[str, str] = os.environ,
    *,
    raise_errors: bool = False,
) -> Any:
    """Let enabled plugins add subcommands (``cli_commands`` hook) before ``cli`` runs.

    Looks for ``--config FILE`` in ``argv`` (else the usual lookup), builds a host and returns
    it, or None when the configuration cannot be read or a plugin clashes: the error then
    appears, with its proper exit status, when the command itself runs. With
    ``raise_errors`` that error is raised here instead: a plugin's command, which cannot be
    added then, has no later moment to report it.
    """
    from stadstafel.config import load_config
    from stadstafel.errors import StadstafelError
    from stadstafel.plugins import PluginHost

    args = list(argv or [])
    explicit = config_arg(args)
    try:
        config = load_config(explicit, env)
        host = PluginHost(config, strict="--strict" in args, env=env)
        host.load()
        host.add_cli_commands(cli)
    except StadstafelError:
        if raise_errors:
            raise
        return None
    return host
