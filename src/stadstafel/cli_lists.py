"""``stadstafel <type> list`` for the record types without one in ``cli.py``, the audit log,
and the personal-data requests (AVG) on a person.

    stadstafel tables list --format json
    stadstafel people list --partner Portaal --format csv
    stadstafel agenda list --table "Leiden Kennisstad" --status ingediend
    stadstafel goals|initiatives|interests list [--table NAME]
    stadstafel audit list --type person --id 12 --login jdevries --from 2027-01-01 --to 2027-01-31
    stadstafel person export 12 > persoon-12.json
    stadstafel person erase 12 --yes

Conventions as every command: the data on stdout (``formats.render``: control characters
neutralised, CSV cells that a spreadsheet would run as a formula defused), messages on
stderr, exit 0 (done), 1 (refused by a service: a right, a record not found), 2 (bad use or
configuration). Column headings follow the workspace's language; JSON and CSV keep the
field names. Every read and write goes through the services, which check the rights.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterable, Sequence

import click

from stadstafel import i18n

FORMATS = ["table", "json", "csv"]

Column = tuple[str, ...]  # key, Dutch heading, English heading (or one heading for both)


def _t(nl: str, en: str) -> str:
    """A message in the workspace's language (known once the workspace was opened)."""
    return en if i18n.language() == "en" else nl


def _format_option(fn: Callable) -> Callable:
    return click.option(
        "--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True,
        help="table, json of csv.",
    )(fn)  # fmt: skip


def _table_option(fn: Callable) -> Callable:
    return click.option("--table", "table_name", default=None, help="Alleen deze tafel (naam).")(fn)


def echo_rows(rows: Iterable, columns: Sequence[Column], fmt: str) -> None:
    """The rows (a list, an iterator or a service's ``Rows``) on stdout, the headings in the
    workspace's language (set when it opened). Table, JSON and CSV go out piece by piece as
    the rows come, so a listing of any length takes the memory of one piece (a table's
    widths are those of its first ``formats.TABLE_WINDOW`` rows); markdown whole."""
    from stadstafel.formats import STREAMED, encoded_pieces, pieces, render

    english = i18n.language() == "en"
    heads = [(c[0], c[2] if english and len(c) > 2 else c[1]) for c in columns]  # or a pair
    if fmt not in STREAMED:
        click.echo(render([dict(r) for r in rows], heads, fmt))
        return
    # color=True: the text is neutralised (no escape sequence in it), so click need not
    # search every piece for one to strip when stdout is not a terminal (a pass over all
    # of a listing's text: 4 % of a JSON listing's time). JSON goes out as bytes made
    # without a pass of the UTF-8 encoder (``encoded_pieces``; click writes bytes to the
    # stream's buffer after flushing the text before them) where stdout writes UTF-8.
    if fmt == "json" and _writes_utf8(sys.stdout):
        written = encoded_pieces(rows, heads, fmt)
    else:
        written = pieces(rows, heads, fmt)
    for n, piece in enumerate(written):
        if n == 2:  # a listing of batches: memory one freed is kept for the next
            _keep_freed_memory()
        click.echo(piece, nl=False, color=True)
    click.echo()


def _keep_freed_memory() -> None:
    """Have C's ``malloc`` (glibc's; elsewhere nothing changes) keep the memory a batch of a
    listing freed for the next batch, rather than hand it back to the system and fault each
    page in again: a batch's text, its bytes and its pieces' list are a few hundred KiB
    each, which glibc takes by ``mmap`` or returns from the top of its heap once freed. All
    actions as JSON took 11,000 page faults, 2,200 after this (about 30 ms of 0.45 s of
    CPU); the peak is the same, as a batch takes what the one before it freed. For a
    process that ends when its listing does (the CLI), never for the terminal UI. Where the
    C library or ``ctypes`` cannot be asked (``memory._glibc``), nothing changes."""
    from stadstafel.memory import keep_freed

    keep_freed(4 << 20, 64 << 20)  # up to 4 MiB from the heap; up to 64 MiB kept at its top


def _writes_utf8(stream: object) -> bool:
    """Whether ``stream`` is a text stream over a byte stream that writes UTF-8: bytes of
    UTF-8 written to its buffer are what writing the text would have written."""
    import codecs

    encoding = getattr(stream, "encoding", None)
    if getattr(stream, "buffer", None) is None or not isinstance(encoding, str):
        return False
    try:
        return codecs.lookup(encoding).name == "utf-8"
    except LookupError:
        return False


def t(nl: str, en: str) -> str:
    """A message or heading in the workspace's language (known once it was opened)."""
    return _t(nl, en)


def _table(ws, name: str | None):
    """The table named ``--table``, or a usage error (exit 2) that names it."""
    if not name:
        return None
    table = ws.tables.by_name(name)
    if table is None:
        raise click.BadParameter(
            _t(f"geen tafel met de naam '{name}'", f"no table named '{name}'"), param_hint="--table"
        )
    return table


def _organisation_id(ws, name: str | None) -> int | None:
    if not name:
        return None
    org = ws.organisations.by_name(name)
    if org is None:
        raise click.BadParameter(
            _t(f"geen organisatie met de naam '{name}'", f"no organisation named '{name}'"),
            param_hint="--partner",
        )
    return org.id


def _per_table(ws, table_name: str | None, read: Callable) -> list[dict]:
    """``read(table_id)`` for the named table or every table, each row with its table's name."""
    table = _table(ws, table_name)
    tables = [table] if table is not None else ws.tables.list()
    out: list[dict] = []
    for t in tables:
        out += [dict(r, table_name=t.name) for r in read(t.id)]
    return out


# -- lists --------------------------------------------------------------------------------------
@click.group()
def tables():
    """Tafels (samenwerkingstafels)."""


@tables.command("list")
@_format_option
@click.pass_obj
def tables_list(ctx, fmt: str):
    """Elke tafel met soort, voorzitter, secretaris en aantal leden."""
    from stadstafel import rules

    with ctx.workspace() as ws:
        rows = ws.tables.list()
        if fmt == "table":  # the rhythm as people say it; JSON and CSV keep the stored form
            rows = [dict(r, rhythm=_rhythm(rules, r.rhythm)) for r in rows]
        echo_rows(rows, [
            ("id", "id", "id"),
            ("name", "naam", "name"),
            ("kind", "soort", "kind"),
            ("chair_name", "voorzitter", "chair"),
            ("secretary_name", "secretaris", "secretary"),
            ("members", "leden", "members"),
            ("rhythm", "ritme", "rhythm"),
        ], fmt)  # fmt: skip


def _rhythm(rules, rhythm: str | None) -> str:
    try:
        return rules.describe_rhythm(rhythm, i18n.language()) if rhythm else ""
    except (ValueError, KeyError):
        return rhythm or ""


@click.group()
def people():
    """Personen bij de partners."""


@people.command("list")
@click.option("--filter", "filter_", default="", help="Alleen wie dit in naam of functie heeft.")
@click.option("--partner", default=None, help="Alleen van deze organisatie (naam).")
@_format_option
@click.pass_obj
def people_list(ctx, filter_: str, partner: str | None, fmt: str):
    """Alle personen met organisatie, functie en e-mail."""
    with ctx.workspace() as ws:
        rows = ws.people.list(filter=filter_, organisation_id=_organisation_id(ws, partner)).rows
        echo_rows(rows, [
            ("id", "id", "id"),
            ("name", "naam", "name"),
            ("organisation_name", "organisatie", "organisation"),
            ("function", "functie", "function"),
            ("email", "e-mail", "email"),
            ("phone", "telefoon", "phone"),
        ], fmt)  # fmt: skip


def agenda_list_command() -> click.Command:
    """``agenda list``: added to ``cli.py``'s ``agenda`` group (which has ``show``)."""

    @click.command("list")
    @_table_option
    @click.option("--status", default=None, help="Alleen deze status (bijv. ingediend).")
    @click.option("--partner", default=None, help="Alleen ingediend door deze organisatie.")
    @click.option("--filter", "filter_", default="", help="Alleen punten met deze woorden.")
    @_format_option
    @click.pass_obj
    def agenda_list(ctx, table_name, status, partner, filter_, fmt):
        """Alle agendapunten, nieuwste eerst, met status, indiener en vergadering."""
        with ctx.workspace() as ws:
            table = _table(ws, table_name)
            rows = ws.agenda.each(
                filter=filter_,
                table_id=table.id if table is not None else None,
                status=status,
                org_id=_organisation_id(ws, partner),
            )
            echo_rows(rows, [
                ("id", "id", "id"),
                ("table_name", "tafel", "table"),
                ("title", "titel", "title"),
                ("status", "status", "status"),
                ("submitter_org", "ingediend door", "submitted by"),
                ("meeting_starts_at", "vergadering", "meeting"),
                ("purpose", "doel", "purpose"),
            ], fmt)  # fmt: skip

    return agenda_list


@click.group()
def goals():
    """Doelen van de tafels."""


@goals.command("list")
@_table_option
@_format_option
@click.pass_obj
def goals_list(ctx, table_name: str | None, fmt: str):
    """Doelen per tafel, met streefwaarde en stand."""
    with ctx.workspace() as ws:
        rows = _per_table(ws, table_name, ws.goals.of_table)
        echo_rows(rows, [
            ("id", "id", "id"),
            ("table_name", "tafel", "table"),
            ("description", "doel", "goal"),
            ("target_value", "streefwaarde", "target"),
            ("current_value", "stand", "current"),
            ("unit", "eenheid", "unit"),
            ("deadline", "uiterlijk", "deadline"),
        ], fmt)  # fmt: skip


@click.group()
def initiatives():
    """Initiatieven van de tafels."""


@initiatives.command("list")
@_table_option
@_format_option
@click.pass_obj
def initiatives_list(ctx, table_name: str | None, fmt: str):
    """Initiatieven per tafel, met thema en status."""
    with ctx.workspace() as ws:
        rows = _per_table(ws, table_name, ws.initiatives.of_table)
        echo_rows(rows, [
            ("id", "id", "id"),
            ("table_name", "tafel", "table"),
            ("title", "titel", "title"),
            ("topic", "thema", "topic"),
            ("status", "status", "status"),
        ], fmt)  # fmt: skip


@click.group()
def interests():
    """Belangen van de partners per tafel."""


@interests.command("list")
@_table_option
@_format_option
@click.pass_obj
def interests_list(ctx, table_name: str | None, fmt: str):
    """Belangen per tafel: organisatie, thema en tekst."""
    with ctx.workspace() as ws:
        rows = _per_table(ws, table_name, ws.interests.of_table)
        echo_rows(rows, [
            ("id", "id", "id"),
            ("table_name", "tafel", "table"),
            ("organisation_name", "organisatie", "organisation"),
            ("topic", "thema", "topic"),
            ("text", "belang", "interest"),
        ], fmt)  # fmt: skip


def _date(_ctx, param, value: str | None) -> str | None:
    """A YYYY-MM-DD option, or a usage error (exit 2) naming it."""
    import datetime as dt

    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value.strip()).isoformat()
    except ValueError:
        raise click.BadParameter(
            _t(
                f"'{value}' is geen datum als 2027-01-31",
                f"'{value}' is not a date like 2027-01-31",
            )
        ) from None


def _json(text: str | None):
    return json.loads(text) if text else None


# -- audit --------------------------------------------------------------------------------------
@click.group()
def audit():
    """Het auditlog: wie wat wanneer wijzigde (alleen de beheerder)."""


@audit.command("list")
@click.option("--type", "record_type", default=None, help="Soort record (bijv. person, action).")
@click.option("--id", "record_id", type=int, default=None, help="Id van het record.")
@click.option("--login", default=None, help="Alleen wijzigingen door deze login.")
@click.option("--from", "start", default=None, callback=_date, help="Vanaf datum (JJJJ-MM-DD).")
@click.option("--to", "end", default=None, callback=_date, help="Tot en met (JJJJ-MM-DD).")
@click.option("--limit", type=click.IntRange(min=1), default=None, help="Hoogstens zoveel rijen.")
@_format_option
@click.pass_obj
def audit_list(ctx, record_type, record_id, login, start, end, limit, fmt):
    """Wijzigingen, nieuwste eerst; JSON en CSV met de waarden ervoor en erna."""
    with ctx.workspace() as ws:
        rows = ws.audit.list(record_type=record_type, record_id=record_id, login=login,
                             start=start, end=end, limit=limit)  # fmt: skip
        if fmt == "json":  # the values before and after as JSON, not as strings in it
            rows = [dict(r, before=_json(r.before), after=_json(r.after)) for r in rows]
        elif fmt == "table":  # for people: the record type and changed fields by their names
            rows = [_audit_words(ws, r) for r in rows]
        echo_rows(rows, [
            ("id", "id", "id"),
            ("at", "wanneer", "when"),
            ("actor", "door", "by"),
            ("action", "actie", "action"),
            ("record_type", "soort", "type"),
            ("record_id", "record", "record"),
            *([("before", "ervoor", "before"), ("after", "erna", "after")] if fmt != "table"
              else [("fields", "velden", "fields")]),
        ], fmt)  # fmt: skip


def _audit_words(ws, row) -> dict:
    """An audit row as the table shows it: the record type by its label, the fields an update
    changed by theirs (a plugin's through its ``record_labels``)."""
    from stadstafel.tui.values import changed_fields, field_label, record_label

    fields = ""
    if row.action == "update":
        changed = changed_fields(_json(row.before), _json(row.after))
        fields = ", ".join(field_label(ws, row.record_type, f) for f in changed)
    return dict(row, record_type=record_label(ws, row.record_type), fields=fields)


# -- personal data (AVG) ------------------------------------------------------------------------
@click.group()
def person():
    """Verzoeken over persoonsgegevens (AVG): inzage en verwijdering."""


@person.command("export")
@click.argument("person_id", metavar="ID", type=int)
@click.pass_obj
def person_export(ctx, person_id: int):
    """Alles wat over persoon ID is opgeslagen, als JSON (inzageverzoek)."""
    from stadstafel.textsafe import neutralise

    with ctx.workspace() as ws:
        data = ws.people.export_personal_data(person_id)
    text = json.dumps(data, ensure_ascii=False, indent=2, default=str)
    click.echo(neutralise(text, multiline=True))


@person.command("erase")
@click.argument("person_id", metavar="ID", type=int)
@click.option("--yes", is_flag=True, help="Niet vragen: verwijder meteen.")
@click.pass_obj
def person_erase(ctx, person_id: int, yes: bool):
    """Verwijder de persoonsgegevens van persoon ID (AVG); de geschiedenis van het record
    blijft, zonder die gegevens. Vastgelegd in het auditlog."""
    with ctx.workspace() as ws:
        ws.people.get(person_id)  # an unknown id: a message before the question
        if not yes:
            click.confirm(
                _t(
                    f"Persoonsgegevens van #{person_id} verwijderen? Dit kan niet ongedaan.",
                    f"Erase the personal data of #{person_id}? This cannot be undone.",
                ),
                abort=True,
                err=True,
            )
        ws.people.erase(person_id)
        done = _t(
            f"Persoonsgegevens van #{person_id} verwijderd.", f"Personal data erased: #{person_id}."
        )
    click.echo(done, err=True)


def add_list_commands(cli: click.Group, agenda: click.Group) -> None:
    """Register the commands of this module on the ``stadstafel`` group."""
    for group in (tables, people, goals, initiatives, interests, audit, person):
        cli.add_command(group)
    agenda.add_command(agenda_list_command())
