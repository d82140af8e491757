"""The ``stadstafel`` command. Each subcommand is thin: it opens a workspace and calls services.

Errors never end in a traceback: a bad configuration exits 2 with the file and key path,
an error from a service exits 1 with its message.
"""

from __future__ import annotations

import gc
import os
import sys
from pathlib import Path

import click

from stadstafel import __version__
from stadstafel.cli_lists import _organisation_id, echo_rows, t
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
# "stadstafel 0.1.0": no words, so the same in both languages (click's message is worded when
# the option is declared, before the language is known)
@click.version_option(__version__, prog_name="stadstafel", message="%(prog)s %(version)s")
@click.pass_context
def cli(click_ctx: click.Context, config_path: str | None, login: str | None, strict: bool):
    """stadstafel: werkplaats voor samenwerkingstafels in de terminal."""
    click_ctx.obj = Context(config_path, login, strict)
    if click_ctx.invoked_subcommand is None:
        run_tui(click_ctx.obj)
    else:
        gc.enable()  # main() switched it off for the terminal UI's start-up only
        _speak_the_configured_language(click_ctx.obj)


def _speak_the_configured_language(ctx: Context) -> None:
    """Messages from the first option on in the configured language (the workspace sets it
    again when it opens). A configuration that cannot be read is reported where it is used."""
    from stadstafel import i18n

    try:
        i18n.set_language(getattr(ctx.config, "language", "nl") or "nl")
    except Exception:
        return


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

    def write(data: dict):
        config_file.write_text(
            "# Demo workspace of stadstafel: Leiden's samenwerkingstafels, invented people.\n"
            "# Try other roles with: stadstafel --config THIS_FILE --as portaal\n"
            + tomli_w.dumps(data),
            encoding="utf-8",
        )
        config = parse_config(config_file.read_text(encoding="utf-8"), config_file, os.environ)
        return config, make_host(config)

    config, host = write(data)
    # The plugins' own settings for the demo city (e.g. Leiden's net housing target).
    sections = {name: dict(s) for name, s in host.call("demo_settings") if s}
    if sections:
        config, host = write({**data, "plugins": sections})
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
    import tempfile  # here: 8 ms of every other command's start

    target = Path(tempfile.mkdtemp(prefix="stadstafel-demo-"))
    path = create_demo(target, size=size)
    ctx.config_path = str(path)
    ctx._config = None
    ctx._host = None
    run_tui(ctx)


# -- listings ----------------------------------------------------------------------------


_echo_rows = echo_rows  # (key, Dutch heading, English heading) columns, streamed


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
            ("id", "id", "id"),
            ("name", "naam", "name"),
            ("kind", "soort", "kind"),
            ("people", "mensen", "people"),
            ("tables", "tafels", "tables"),
            ("website", "website", "website"),
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
        _echo_rows(
            ws.meetings.each(table_id=table_id, start=start, end=end),
            [
                ("id", "id", "id"),
                ("starts_at", "begin", "starts"),
                ("table_name", "tafel", "table"),
                ("title", "titel", "title"),
                ("status", "status", "status"),
                ("items", "punten", "items"),
                ("submission_deadline", "deadline", "deadline"),
            ],
            fmt,
        )


def _table_id(ws, name: str | None) -> int | None:
    from stadstafel.cli_lists import _table

    table = _table(ws, name)
    return table.id if table is not None else None


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
    from stadstafel import i18n, vocab

    if fmt == "markdown":  # the agenda document: numbered without gaps, withdrawn apart
        from stadstafel.exports import documents, markdown

        with ctx.workspace() as ws:
            click.echo(markdown.render(documents.agenda(ws, meeting)), nl=False)
        return
    with ctx.workspace() as ws:
        data = ws.meetings.agenda(meeting)
    rows = [
        dict(
            item,
            submitter=" / ".join(filter(None, [item.submitter_org, item.submitter_person])),
            late_mark=t("te laat", "late") if item.late else "",
        )
        for item in data["items"]
    ]
    m = data["meeting"]
    if fmt == "table":
        from stadstafel.textsafe import neutralise

        title = neutralise(
            f"{m.title} — {i18n.format_datetime(m.starts_at)} ({m.status})", multiline=False
        )
        click.echo(title)
        total, planned = data["total_minutes"], data["meeting_minutes"]
        click.echo(
            t(f"Totaal {total} van {planned} minuten", f"Total {total} of {planned} minutes")
        )
        groups = [
            f"{n} {vocab.ORIGIN_GROUPS[g][0 if i18n.language() == 'nl' else 1]}"
            for g, n in data["groups"].items()
            if g not in ("partner", "standaard")
        ]
        head = t("Herkomst", "Origin")
        click.echo(f"{head}: {' · '.join(groups)}\n" if groups else "")
    _echo_rows(
        rows,
        [
            ("number", "#", "#"),
            ("title", "titel", "title"),
            ("purpose", "doel", "purpose"),
            ("submitter", "ingediend door", "submitted by"),
            ("duration_minutes", "min", "min"),
            ("status", "status", "status"),
            ("late_mark", "", ""),
            ("origin_text", "herkomst", "origin"),
        ],
        fmt,
    )


@agenda.command("attach")
@click.argument("item", type=int)
@click.argument("file", metavar="FILE")
@click.pass_obj
def agenda_attach(ctx: Context, item: int, file: str):
    """Voeg het stuk FILE (uit de importmap) toe aan agendapunt ITEM (id)."""
    with ctx.workspace() as ws:
        # the right first (a refused user learns nothing), then only inside [files] imports
        att = ws.attachments.add_from_imports(item, file)
    from stadstafel import i18n

    added = "Added" if i18n.language() == "en" else "Toegevoegd"
    click.echo(f"{added}: {att.filename} ({att.media_type}, {att.size} bytes)")


@agenda.command("attachments")
@click.argument("item", type=int)
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True)
@click.pass_obj
def agenda_attachments(ctx: Context, item: int, fmt: str):
    """De stukken bij agendapunt ITEM (id)."""
    with ctx.workspace() as ws:
        ws.agenda.get(item)
        rows = ws.attachments.of_item(item)
    _echo_rows(
        rows,
        [
            ("id", "id", "id"),
            ("filename", "bestand", "file"),
            ("media_type", "soort", "kind"),
            ("size", "bytes", "bytes"),
            ("organisation_name", "organisatie", "organisation"),
            ("sha256", "sha256", "sha256"),
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
        org_id = _organisation_id(ws, partner)
        rows = ws.actions.each(
            overdue=overdue,
            owner_org_id=org_id,
            table_id=_table_id(ws, table_name),
            status=None if all_ else "open",
        )
        # overdue is the query's 0 or 1: the mark is read from a pair, by a call in C a row
        marks = ("", t("te laat", "late"))
        _echo_rows(
            rows.with_column("overdue_mark", "overdue", marks.__getitem__),
            [
                ("id", "id", "id"),
                ("kind", "soort", "kind"),
                ("text", "tekst", "text"),
                ("owner_org", "eigenaar", "owner"),
                ("owner_person", "persoon", "person"),
                ("due", "uiterlijk", "due"),
                ("status", "status", "status"),
                ("overdue_mark", "", ""),
                ("table_name", "tafel", "table"),
            ],
            fmt,
        )


@cli.group()
def decisions():
    """Besluiten (de besluitenlijst van een tafel)."""


@decisions.command("list")
@click.option("--table", "table_name", required=True, help="De tafel (naam).")
@click.option("--filter", "filter_", default="", help="Alleen besluiten met deze woorden.")
@click.option(
    "--format", "fmt", type=click.Choice([*FORMATS, "markdown"]), default="table", show_default=True
)
@click.pass_obj
def decisions_list(ctx: Context, table_name: str, filter_: str, fmt: str):
    """Alle besluiten van een tafel, nieuwste vergadering eerst, met vergadering en datum."""
    from stadstafel.textsafe import neutralise

    with ctx.workspace() as ws:
        table_id = _table_id(ws, table_name)
        rows = ws.decisions.list(table_id=table_id, filter=filter_).rows
    for row in rows:
        row["meeting_date"] = (row.get("meeting_starts_at") or "")[:10]
        for key in ("text", "meeting_title", "item_title", "table_name"):
            row[key] = neutralise(row.get(key), multiline=False) if row.get(key) else row.get(key)
    if fmt == "markdown":
        click.echo(
            f"# {t('Besluitenlijst', 'Decisions')} {neutralise(table_name, multiline=False)}\n"
        )
    _echo_rows(
        rows,
        [
            ("id", "id", "id"),
            ("meeting_date", "datum", "date"),
            ("meeting_title", "vergadering", "meeting"),
            ("text", "besluit", "decision"),
            ("item_title", "agendapunt", "agenda item"),
            ("review_date", "terugblik", "review"),
        ],
        fmt,
    )


@cli.group()
def mission():
    """De missie van een tafel en haar versies."""


@mission.command("show")
@click.option("--table", "table_name", required=True, help="De tafel (naam).")
@click.option(
    "--version", "revision", type=int, default=None, help="Deze versie (standaard de huidige)."
)
@click.option(
    "--diff", "show_diff", is_flag=True, help="Met de wijzigingen t.o.v. de vorige versie."
)
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json", "markdown"]), default="text",
    show_default=True,
)  # fmt: skip
@click.pass_obj
def mission_show(ctx: Context, table_name: str, revision: int | None, show_diff: bool, fmt: str):
    """Een versie van de missie met wie haar ondertekende; --diff: wat veranderde."""
    import json

    from stadstafel.services.missions import diff_text
    from stadstafel.textsafe import neutralise

    with ctx.workspace() as ws:
        table_id = _table_id(ws, table_name)
        data = ws.missions.version(table_id, revision)
        versions = [m.revision for m in ws.missions.revisions(table_id)]
    m = data["mission"]
    signatures = [
        {
            "organisation": neutralise(s.organisation_name, multiline=False),
            "person": neutralise(s.person_name, multiline=False) if s.person_name else None,
            "signed_on": s.signed_on,
        }
        for s in data["signatures"]
    ]
    if fmt == "json":
        out = {
            "table": neutralise(table_name, multiline=False),
            "version": m.revision,
            "versions": sorted(versions),
            "adopted_on": m.adopted_on,
            "statement": neutralise(m.statement),
            "signatures": signatures,
        }
        if show_diff:
            out["diff"] = [{"op": op, "text": neutralise(text)} for op, text in data["diff"]]
        click.echo(json.dumps(out, ensure_ascii=False, indent=2))
        return
    md = fmt == "markdown"
    name = neutralise(table_name, multiline=False)
    head = t(
        f"Missie {name} — versie {m.revision} van {max(versions)}",
        f"Mission {name} — version {m.revision} of {max(versions)}",
    )
    click.echo(f"# {head}" if md else head)
    adopted = t("Vastgesteld op", "Adopted on")
    click.echo(f"{'' if not md else chr(10)}{adopted} {m.adopted_on or '?'}\n")
    if show_diff:
        previous = data["previous"]
        click.echo(
            t(
                f"Wijzigingen t.o.v. versie {previous.revision} ([-weg-] {{+nieuw+}}):",
                f"Changes since version {previous.revision} ([-removed-] {{+new+}}):",
            )
            if previous
            else t(
                "Eerste versie: alles is nieuw ({+nieuw+}):", "First version: all new ({+new+}):"
            )
        )
        click.echo(neutralise(diff_text(data["diff"])))
    else:
        click.echo(neutralise(m.statement))
    click.echo(f"\n{'## ' if md else ''}{t('Ondertekend', 'Signed')} ({len(signatures)})")
    for sig in signatures:
        who = f" ({sig['person']})" if sig["person"] else ""
        click.echo(f"- {sig['organisation']}{who}, {sig['signed_on']}")
    if not signatures:
        click.echo(t("- nog door niemand", "- by nobody yet"))


@cli.command()
@click.argument("query")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True)
@click.pass_obj
def search(ctx: Context, query: str, fmt: str):
    """Zoek in elk soort record: partners, personen, tafels, missies, werkafspraken, doelen,
    belangen, initiatieven, vergaderingen, agendapunten, besluiten, acties en de records van
    de modules; per soort gegroepeerd, beste eerst (zoals ``/`` in de app)."""
    from stadstafel import i18n
    from stadstafel.cli_lists import echo_rows
    from stadstafel.services.review import SEARCH_LABELS

    with ctx.workspace() as ws:
        rows = ws.search.search(query)
        if fmt == "table":  # for people: the kind's name, as the app shows it
            english = i18n.language() == "en"
            getter = getattr(ws.plugins, "search_kinds", None)
            labels = {e.kind: e.label for e in getter()} if getter is not None else {}
            labels.update(SEARCH_LABELS)
            rows = [
                dict(r, kind=labels.get(r.kind, (r.kind, r.kind))[1 if english else 0])
                for r in rows
            ]
        echo_rows(rows, [
            ("kind", "soort", "kind"),
            ("id", "id", "id"),
            ("title", "titel", "title"),
            ("snippet", "fragment", "snippet"),
        ], fmt)  # fmt: skip


# -- set-up and maintenance -------------------------------------------------------------


@cli.command()
@click.argument("directory", required=False, default=".")
@click.pass_obj
def init(ctx: Context, directory: str):
    """Schrijf een start-configuratie (stadstafel.toml) en een lege database in DIRECTORY."""
    from stadstafel.config import load_config, write_starter
    from stadstafel.store import check_database_file
    from stadstafel.workspace import Workspace

    path = write_starter(Path(directory))
    config = load_config(path, user_settings=False)
    # The one explicit way to a new, empty workspace (besides [workspace] create = true):
    # a start never makes a missing database. An existing database is kept as it is.
    check_database_file(config.database, create=True)
    if not Path(config.database).exists() or Path(config.database).stat().st_size == 0:
        Workspace.open(config, login="system", plugins=make_host(config)).close()
        click.echo(f"Database gemaakt: {config.database}")
    click.echo(f"Geschreven: {path}\nControleer met: stadstafel --config {path} config check")


@cli.group("config")
def config_group():
    """Configuratie controleren en tonen."""


@config_group.command("check")
@click.pass_obj
def config_check(ctx: Context):
    """Controleer de configuratie, inclusief plugin-secties."""
    config = ctx.config
    if "serve" in config.raw:
        from stadstafel.serve import serve_settings

        serve_settings(config)  # a bad [serve] value is a ConfigError, like any other
    host = ctx.host
    problems = list(host.problems()) if host is not None else []
    where = config.source or "(standaardinstellingen)"
    errors = list(getattr(host, "config_errors", None) or [])
    if errors:  # a [plugins.<name>] value the plugin cannot use: as any other bad key
        for error in errors:
            click.echo(f"{t('Configuratiefout', 'Configuration error')}: {error.message}", err=True)
        sys.exit(2)
    if problems:
        for p in problems:
            click.echo(f"{t('let op', 'note')}: {p}", err=True)
    click.echo(f"{where}: {t('in orde', 'all right')} (database {config.database})")


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
@click.pass_obj
def check(ctx: Context):
    """Controleer de database (integrity_check, foreign_key_check); exit 1 bij problemen."""
    from stadstafel.store import check_file

    database = ctx.config.database
    problems = check_file(database)
    if not problems and str(database) != ":memory:":
        from stadstafel.migrations import core
        from stadstafel.store import schema_state

        newer, pending = schema_state(database, [core, *ctx.host.migration_sets()])
        if newer:
            problems.append(
                "geschreven door een nieuwere versie van stadstafel (onbekende migraties: "
                + ", ".join(newer)
                + "); werk stadstafel bij"
            )
        elif pending:
            click.echo(
                f"{database}: nog {len(pending)} migratie(s) toe te passen bij de volgende start"
            )
    for problem in problems:
        line = " ".join(problem.split())
        click.echo(line if line.startswith(str(database)) else f"{database}: {line}", err=True)
    if problems:
        click.get_current_context().exit(1)
    click.echo(f"{database}: in orde (integrity_check en foreign_key_check)")


@cli.command()
@click.argument("dest")
@click.option("--force", is_flag=True, help="Overschrijf een bestaand bestand.")
@click.pass_obj
def backup(ctx: Context, dest: str, force: bool):
    """Maak een online kopie van de database naar DEST (bestand of map).

    Alleen voor een beheerder. De kopie is alleen leesbaar voor de eigenaar (0600) en is
    klaar terwijl anderen doorwerken. Een bestaand bestand wordt niet overschreven, tenzij
    met --force. Terugzetten: stadstafel restore BESTAND.
    """
    with ctx.workspace() as ws:
        path = ws.maintenance.backup(dest, force=force)
        click.echo(f"Kopie geschreven: {path}")


@cli.command()
@click.argument("source")
@click.pass_obj
def restore(ctx: Context, source: str):
    """Zet de database terug uit een kopie SOURCE (gemaakt met stadstafel backup).

    Alleen voor een beheerder, en alleen als niemand anders de werkplaats open heeft. De
    kopie wordt eerst gecontroleerd (integrity_check, schemaversie); het huidige bestand
    blijft bewaard als <naam>.pre-restore-<tijd>.db.
    """
    from stadstafel import i18n
    from stadstafel.backup import known_migrations
    from stadstafel.backup import restore as restore_file
    from stadstafel.errors import PermissionDenied
    from stadstafel.files import confined
    from stadstafel.migrations import core
    from stadstafel.workspace import global_role

    config = ctx.config
    login = ctx.resolve_login()
    # Checked against the configuration alone: the database may be the broken thing.
    if global_role(config, login) != "beheerder":
        action = "de database terugzetten" if i18n.language() == "nl" else "restore the database"
        raise PermissionDenied(
            i18n.t("permission", who=login, action=action, where="", roles="beheerder")
        )
    if str(config.database) == ":memory:":
        raise click.ClickException("Deze werkplaats heeft geen databasebestand om terug te zetten.")
    src = confined(Path(source).expanduser(), "backup", config, reading=True)
    host = ctx.host
    sets = [core, *(host.migration_sets() if host is not None else [])]
    aside = restore_file(Path(config.database), src, known_migrations(sets))
    click.echo(f"Teruggezet uit {src} naar {config.database}.")
    if aside != Path(config.database):
        click.echo(f"Het vorige bestand staat in {aside}.")


@cli.command()
@click.option("--port", type=int, default=None, help="Poort (anders [serve] port, 8000).")
@click.option(
    "--insecure-local",
    is_flag=True,
    help="Zonder reverse proxy: alleen op 127.0.0.1, elke sessie als deze OS-gebruiker.",
)
@click.pass_obj
def serve(ctx: Context, port: int | None, insecure_local: bool):
    """Dezelfde app in de browser (achter de reverse proxy van de gemeente)."""
    from stadstafel.serve import build_server

    with ctx.workspace():
        pass  # the database opens (and is migrated) once here, not by the first session
    build_server(ctx.config, insecure_local=insecure_local, port=port).serve()


@cli.command()
@click.option("--dry-run", "dry_run", is_flag=True, help="Toon de rappels; verstuur niets.")
@click.option("--send", is_flag=True, help="Verstuur de rappels via [mail].")
@click.option(
    "--days",
    type=click.IntRange(0, 60),
    default=7,
    show_default=True,
    help="Ook wat binnen zoveel dagen moet.",
)
@click.pass_obj
def rappel(ctx: Context, dry_run: bool, send: bool, days: int):
    """Rappels: per persoon een overzicht van open acties, toezeggingen en indientermijnen.

    Zonder --send alleen tonen. Wat vandaag al verstuurd is, gaat niet nog eens."""
    from stadstafel import clock
    from stadstafel.mail import mail_settings
    from stadstafel.mail import send as send_mail
    from stadstafel.services.reminders import Reminders, build_message, render
    from stadstafel.textsafe import neutralise

    if dry_run and send:
        raise click.UsageError("--dry-run en --send gaan niet samen.")
    settings = mail_settings(ctx.config) if send else None
    users = (ctx.config.raw or {}).get("users", {}) or {}
    languages = {
        str(u.get("person")): u["language"]
        for u in users.values()
        if isinstance(u, dict) and u.get("person") and u.get("language")
    }
    day = clock.today().isoformat()
    name = ctx.config.workspace_name
    with ctx.workspace() as ws:
        reminders = Reminders(ws)
        digests, orphans = reminders.digests(days=days, languages=languages)
        sent = skipped = failed = 0
        for digest in digests:
            if not send:
                subject, body = render(digest, workspace=name, day=day, days=days)
                to = neutralise(f"{digest.name} <{digest.email}>", multiline=False)
                click.echo(f"Aan: {to}\nOnderwerp: {subject}\n")
                click.echo(body)
                continue
            if reminders.already_sent(digest.email, day):
                skipped += 1
                continue
            msg = build_message(
                digest,
                sender=settings.sender,
                workspace=name,
                day=day,
                days=days,
                domain=settings.domain,
            )
            try:
                send_mail(settings, msg)
            except (OSError, smtplib_error(), subprocess_error()) as exc:
                failed += 1
                click.echo(f"niet verstuurd aan {digest.email}: {exc}", err=True)
                continue
            reminders.log_sent(digest, msg["Message-ID"])
            sent += 1
        for entry in orphans:
            what = neutralise(f"[{entry.table}] {entry.text}", multiline=False)
            click.echo(f"let op: geen ontvanger met e-mailadres voor {what}", err=True)
        if send:
            click.echo(f"{sent} verstuurd, {skipped} vandaag al verstuurd, {failed} mislukt")
        if failed:
            raise SystemExit(1)


def smtplib_error() -> type[Exception]:
    import smtplib

    return smtplib.SMTPException


def subprocess_error() -> type[Exception]:
    import subprocess

    return subprocess.SubprocessError


def _add_plugin_commands() -> None:
    try:
        from stadstafel.cli_plugins import plugin_group, plugins_command
    except ImportError:  # pragma: no cover - during development only
        return
    cli.add_command(plugins_command, "plugins")
    cli.add_command(plugin_group, "plugin")


_add_plugin_commands()


def _add_list_commands() -> None:
    from stadstafel.cli_lists import add_list_commands

    add_list_commands(cli, agenda)


_add_list_commands()


def _add_intake_command() -> None:
    from stadstafel.cli_intake import intake

    cli.add_command(intake, "intake")


_add_intake_command()


def _add_export_command() -> None:
    from stadstafel.cli_export import export_command

    cli.add_command(export_command, "export")


_add_export_command()


def _first_word(argv: list[str]) -> str | None:
    """The subcommand ``argv`` names, or ``-h``/``--help`` when help comes first; None for
    neither (the global options' values are skipped)."""
    takes_value = {"--config", "--as"}
    skip = False
    for arg in argv:
        if skip:
            skip = False
        elif arg in takes_value:
            skip = True
        elif arg in ("-h", "--help") or not arg.startswith("-"):
            return arg
    return None


def _names_a_subcommand(argv: list[str]) -> bool:
    """Does ``argv`` name a subcommand, or ask for help (which lists them)? Without one the
    terminal UI starts, and that needs no plugin subcommands."""
    return _first_word(argv) is not None


def _preload_plugin_commands(argv: list[str]) -> None:
    """Let enabled plugins add their subcommands (``cli_commands``) before click parses.

    Only when a subcommand is named: starting the terminal UI imports no plugin's CLI. The
    host built here is the one ``Context.host`` hands out later (plugins load once).

    When the configuration cannot be read (or a plugin fails with ``--strict``) no plugin
    command can be added: a core command reports that error itself when it needs the
    configuration, but any other word may be a plugin's command, so the error is raised
    here (one line, exit 2, as for the core's commands) instead of click's "No such
    command"."""
    if not argv or argv[0] in ("-h", "--help", "--version", "init"):
        return
    if not _names_a_subcommand(argv):
        return
    if _first_word(argv) in cli.commands:
        # A core command needs no plugin's subcommand: the host is made when the command
        # opens the workspace (``Context.host``), without the plugins' CLI modules.
        return
    from stadstafel.cli_plugins import config_arg, install_plugin_cli
    from stadstafel.errors import StadstafelError

    try:
        host = install_plugin_cli(cli, argv, raise_errors=True)
    except StadstafelError:
        if _first_word(argv) in cli.commands or _first_word(argv) in ("-h", "--help"):
            return
        raise
    if host is not None:
        _PRELOADED.update(host=host, config_path=config_arg(argv))


def run_click(args: list[str]) -> object:
    """The command line with a subcommand (or help, or options the terminal UI start does
    not take): click parses it. Called by ``stadstafel.start.main``, which turns the errors
    that are not click's into messages and exit statuses."""
    # The configuration is read once for this command line: for click's language and then
    # for the command (start._deployment_config).
    _PRELOADED["deployment"] = {}
    try:
        return _run_click(args)
    finally:
        _PRELOADED.pop("deployment", None)


def _run_click(args: list[str]) -> object:
    from stadstafel.cli_help import use_english, wants_english
    from stadstafel.cli_plugins import config_arg
    from stadstafel.cli_words import error_line, speak_dutch_in_click

    _preload_plugin_commands(args)
    # Click's own messages (usage errors) in the configured language, from the first word on;
    # the group's callback sets it again once it has read the options.
    english = wants_english(config_arg(args))
    _speak(english)
    speak_dutch_in_click(cli)
    if english and ("--help" in args or "-h" in args):
        use_english(cli)
    try:
        return cli.main(args=args, prog_name="stadstafel", standalone_mode=False)
    except click.exceptions.Abort:
        click.echo(t("Afgebroken.", "Aborted."), err=True)
        sys.exit(1)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except click.ClickException as exc:
        host = _PRELOADED.get("host")
        off = _switched_off(host, args) if isinstance(exc, click.UsageError) else None
        if off is not None:  # the command of a plugin that is switched off: say so, in words
            click.echo(
                t(
                    f"'{off.name}' werkt nu niet: plugin '{off.name}' staat uit ({off.error}).",
                    f"'{off.name}' does not work now: plugin '{off.name}' is off ({off.error}).",
                ),
                err=True,
            )
            sys.exit(2)
        click.echo(error_line(exc), err=True)  # one line, in the configured language
        if isinstance(exc, click.UsageError) and host is not None:  # e.g. a plugin switched off
            for problem in host.problems():
                click.echo(f"{t('let op', 'note')}: {problem}", err=True)
        sys.exit(exc.exit_code)


def _speak(english: bool) -> None:
    from stadstafel import i18n

    i18n.set_language("en" if english else "nl")


def _switched_off(host: object, argv: list[str]) -> object | None:
    """The plugin whose name ``argv`` gives as its subcommand, when it failed to start (a bad
    setting, say); None otherwise."""
    word = _first_word(argv)
    record = host.record(word) if host is not None and word else None
    return record if record is not None and record.status == "error" else None
