"""The write discipline every service follows.

validate → check permission → one transaction (``BEGIN IMMEDIATE``) → version check → write →
audit row → commit → ``on_change`` hook. Reads never take the write lock.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, Any, NamedTuple

from stadstafel import clock, i18n
from stadstafel.errors import ConflictError, NotFound, PermissionDenied, ValidationError
from stadstafel.permissions import MATRIX, require
from stadstafel.records import COUNT_CAP, JSON_LIST_COLUMNS, ChangeEvent, Page, Record, Rows
from stadstafel.textsafe import has_control, neutralise, neutralise_nested, strip_outer

if TYPE_CHECKING:
    from stadstafel.workspace import Workspace

SYSTEM_COLUMNS = {"id", "version", "created_at", "updated_at", "updated_by"}
EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
PHONE_RE = re.compile(r"^\+?[0-9 ()\-]{6,20}$")


def now() -> dt.datetime:
    return clock.now()


def now_text() -> str:
    return now().isoformat(sep=" ")


def parse_datetime(value: Any) -> dt.datetime:
    if isinstance(value, dt.datetime):
        return value.replace(microsecond=0)
    text = str(value).strip().replace("T", " ")
    return dt.datetime.fromisoformat(text)


def read_whole(select: str, source: str, where: str) -> str:
    """``select`` with ``source`` (``"FROM actions a "``) read by one scan of the table when
    ``where`` keeps every row (``"1=1"``): a listing of all rows in date order is cheaper as a
    scan and a sort than through the date index, which visits the rows in random order (for
    100,000 actions 0.40 against 0.53 s of SQLite's time; 20,000 meetings 0.08 against 0.13 s,
    and it grows faster than the table)."""
    if where != "1=1":
        return select
    source = source.rstrip()
    return re.sub(re.escape(source) + r"\b", source + " NOT INDEXED", select, count=1)


def fts_query(text: str) -> str:
    """Turn what a person types into a safe FTS5 query: every word must match, as a prefix."""
    words = re.findall(r"\w+", text, flags=re.UNICODE)
    return " ".join(f'"{w}"*' for w in words)


class Field(NamedTuple):
    """Validation rule for one input field.

    ``kind`` "list" and "json" are stored as JSON text and handed out decoded (a list, or any
    JSON value), whatever the column is called. ``label`` is the field's name in messages and
    forms, ``(Dutch, English)``; without it the core's label of that name is used. ``vocabulary``
    makes a choice field take the values of a named vocabulary, plugins' values included.
    """

    kind: str = "text"  # text|int|float|date|datetime|choice|email|phone|url|ref|list|json|bool
    required: bool = False
    max_len: int = 200
    choices: Callable[[], Iterable[str]] | Iterable[str] | None = None
    min: float = 0
    max: float = 1_000_000_000
    ref: str | None = None  # for kind=ref: SQL table the id must exist in
    # Whether newlines and tabs may stay (notes, descriptions, minutes); None: a text longer
    # than one line allows (max_len above 200) may, a name or title may not.
    multiline: bool | None = None
    label: tuple[str, str] | None = None
    vocabulary: str | None = None

    def allows_lines(self) -> bool:
        if self.multiline is not None:
            return self.multiline
        return self.kind == "text" and self.max_len > 200

    def choice_list(self) -> list[str]:
        c = self.choices() if callable(self.choices) else self.choices
        return list(c or [])


JSON_KINDS = ("list", "json")


def _empty(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


class Service:
    """Base class: generic get/list/create/update/delete for one SQL table.

    A plugin's service declares ``table`` (prefixed with the plugin's name), ``record`` (the
    record type in audit rows and change events), ``record_label`` ``(Dutch, English)`` and
    ``fields``; everything else (validation, permission check, transaction, version check,
    audit row, change event) is done here. See docs/plugins.md, "Services".
    """

    table: str = ""
    record: str = ""
    record_label: tuple[str, str] | None = None
    fields: dict[str, Field] = {}
    #: the plugin that registered this service (``workspace.service(...)`` sets it)
    plugin: str | None = None

    # -- scope: where a record's rights are checked (see ``check_write``) -------------------
    # The column holding the record's table; or (``via_meeting``) the column holding its
    # meeting, whose table is the record's table.
    table_field: str | None = None
    via_meeting: str | None = None
    # The organisation "partner:own" rules check (a partner may change its own records).
    org_field: str | None = None
    # person column (an id, or a list of ids) -> the organisation column it must belong to.
    # A person given without its organisation fills that organisation in.
    person_of: dict[str, str] = {}
    # column -> SQL table of a row that must belong to the record's own table.
    same_table: dict[str, str] = {}
    # A ``same_table`` column the record's table follows: setting it to a row of another
    # table (without naming the table) moves the record there.
    follows: str | None = None
    # SQL table -> column of rows that hang on this record and would be left behind at the
    # old table: moving the record to another table is refused while any exist.
    moves_with: dict[str, str] = {}

    def __init__(self, ws: Workspace):
        self.ws = ws
        self.store = ws.store
        self._json: frozenset[str] | None = None
        if self.record_label:
            i18n.register_labels(records={self.record: self.record_label})

    # -- reading ------------------------------------------------------------------------
    @property
    def json_columns(self) -> frozenset[str]:
        """Columns stored as JSON: the core's list columns and every "list"/"json" field."""
        if self._json is None:
            declared = {n for n, f in self.fields.items() if f.kind in JSON_KINDS}
            self._json = frozenset(JSON_LIST_COLUMNS | declared)
        return self._json

    def record_from(self, row: dict | None) -> Record | None:
        """A row as a Record, its JSON columns decoded."""
        rec = Record.from_row(row)
        if rec is None:
            return None
        for col in (self.json_columns - JSON_LIST_COLUMNS) & rec.keys():
            value = rec[col]
            if isinstance(value, str):
                value = json.loads(value) if value else self._json_empty(col)
            elif value is None:
                value = self._json_empty(col)
            # as Record.from_row does for the core's lists, and inside dicts at any depth
            rec[col] = neutralise_nested(value)
        return rec

    def _json_empty(self, col: str) -> Any:
        spec = self.fields.get(col)
        return None if spec is not None and spec.kind == "json" else []

    def get(self, id: int) -> Record:
        row = self.store.query_one(f"SELECT * FROM {self.table} WHERE id = ?", [id])
        if row is None:
            raise NotFound(self.record, id)
        return self.record_from(row)

    def find(self, id: int | None) -> Record | None:
        if id is None:
            return None
        return self.record_from(
            self.store.query_one(f"SELECT * FROM {self.table} WHERE id = ?", [id])
        )

    def count(self, from_where: str, params: Iterable = ()) -> int:
        """Count rows of ``FROM … WHERE …``, stopping at COUNT_CAP (cheap at any size)."""
        return self.store.scalar(
            f"SELECT count(*) FROM (SELECT 1 {from_where} LIMIT {COUNT_CAP})", list(params)
        )

    def rows(self, sql: str, params: Iterable | dict = ()) -> list[Record]:
        """Records of a query (on the service's own tables), JSON columns decoded."""
        return [self.record_from(r) for r in self.store.query(sql, params)]

    def query(self, sql: str, params: Iterable | dict = ()) -> list[dict]:
        """Plain rows of a read query on the service's own tables (sums, counts, groups)."""
        return self.store.query(sql, params)

    def scalar(self, sql: str, params: Iterable | dict = ()) -> Any:
        """The first column of the first row of a read query (None when there is none)."""
        return self.store.scalar(sql, params)

    # -- transactions ---------------------------------------------------------------------
    def transaction(self):
        """``with service.transaction():`` — several writes stored whole or not at all; the
        change events go out after the commit. Nested blocks join the outer one."""
        return self.store.write_lock()

    def in_batches(
        self,
        items,
        write,
        *,
        size: int | None = None,
        keep: bool = True,
        whole_up_to: int = 0,
    ) -> None:
        """A long write (an import) in transactions of ``size`` items (``BATCH_ROWS``):
        ``write(batch)`` for each batch, each stored whole; between two, other sessions'
        saves get their turn instead of waiting for the whole import. ``keep=False`` undoes
        each batch after it ran: a check pass before storing, so that a file with a bad row
        anywhere changes nothing. At most ``whole_up_to`` items: one transaction. See
        ``Store.write_batches``; ``stadstafel.store_import`` is an import's whole course."""
        from stadstafel.store import BATCH_ROWS

        self.store.write_batches(
            items, write, size=size or BATCH_ROWS, keep=keep, whole_up_to=whole_up_to
        )

    def savepoint(self):
        """``with service.savepoint():`` — a part of a transaction that is undone (writes and
        queued change events) when the block raises; the error goes on, the outer
        transaction continues. For imports that keep the good rows and report the bad."""
        return self.store.savepoint()

    def bulk_insert(self, rows: Iterable[dict], *, table: str | None = None) -> int:
        """Write many rows at once (generated data): no permission check, audit row or change
        event, so only for ``generate_data``. ``table`` defaults to the service's and must be
        one of its plugin's tables. Lists and dicts in JSON columns are encoded."""
        target = table or self.table
        if self.plugin is not None:
            from stadstafel.plugins import table_prefix

            if not target.startswith(table_prefix(self.plugin)):
                raise ValueError(f"bulk_insert: '{target}' is not a table of '{self.plugin}'")
        rows = list(rows)
        if not rows:
            return 0
        cols = list(rows[0])
        json_cols = self.json_columns

        def values(row: dict) -> list:
            return [
                json.dumps(row[c], ensure_ascii=False)
                if c in json_cols and isinstance(row[c], list | dict)
                else row[c]
                for c in cols
            ]

        with self.store.write_lock() as conn:
            conn.executemany(
                f"INSERT INTO {target} ({', '.join(cols)}) VALUES ({', '.join('?' for _ in cols)})",
                (values(r) for r in rows),
            )
        return len(rows)

    def each_row(
        self,
        sql: str,
        params: Iterable | dict = (),
        *,
        names: dict[str, str | tuple[str, str]] | None = None,
        unindexed: frozenset[str] | None = None,
    ) -> Rows:
        """The rows of ``sql`` one by one, from a cursor (``Store.batches``): a caller that
        writes each as it comes (a CLI listing) holds a few hundred rows at a time, however
        long the list. The query runs when the rows are first read.

        ``names`` maps a column of ``sql`` that holds an id (``a.table_id AS table_name``)
        to the table whose ``name`` it shows (``{"table_name": "tables"}``), or to a table
        and another of its columns (``("meetings", "title")``): looked up once per distinct
        id (``Rows``), cheaper than a join of every row, and a sort moves fewer bytes.

        ``unindexed``: the columns of ``sql`` that an index which gives its rows in order
        lacks (empty: it holds every column; None: there is no such index). When the rows
        are read without them (``Rows.only``, or all of them where it lacks none), ``sql``'s
        ``NOT INDEXED`` (``read_whole``) is left out, so SQLite reads that index instead of
        the table and a sort."""
        params = list(params) if not isinstance(params, dict) else params

        def read(columns: frozenset[str] | None) -> Iterator[tuple[list[str], list[tuple]]]:
            text = sql
            if unindexed is not None and (
                not unindexed if columns is None else columns.isdisjoint(unindexed)
            ):
                text = sql.replace(" NOT INDEXED", "", 1)
            return self.store.batches(self.store.projected(text, params, columns), params)

        lookups = tuple(
            (column, self._values_of(*((source, "name") if isinstance(source, str) else source)))
            for column, source in (names or {}).items()
        )
        return Rows(read, lookups=lookups, stored=True)  # SQLite's values: no flag

    def _values_of(self, table: str, column: str) -> Callable[[set], dict]:
        def fetch(ids: set) -> dict:
            rows = self.store.query(
                f"SELECT id, {column} AS value FROM {table}"
                " WHERE id IN (SELECT value FROM json_each(?))",
                [json.dumps(sorted(ids))],
            )
            return {row["id"]: row["value"] for row in rows}

        return fetch

    def paged(
        self,
        select: str,
        from_where: str,
        params: list,
        *,
        offset: int,
        limit: int | None,
        count_params: list | None = None,
    ) -> Page:
        """``select`` (its last placeholders ``LIMIT ? OFFSET ?``) for one page, and the
        list's total: counted (``FROM … WHERE …``, up to COUNT_CAP) only when the page is
        full. A page that comes back short ends the list, so its total is known without a
        second query: a filter that few rows match (most keystrokes) costs one query, not
        two."""
        rows = self.rows(select, [*params, -1 if limit is None else limit, offset])
        if limit is not None and len(rows) < limit and (rows or offset == 0):
            total = offset + len(rows)
        else:
            total = self.count(from_where, params if count_params is None else count_params)
        return Page(rows, total, offset, limit or total)

    # -- validation -----------------------------------------------------------------------
    def clean(self, values: dict, *, partial: bool = False) -> dict:
        """Check and normalise input; raise ValidationError naming every bad field."""
        errors: dict[str, str] = {}
        out: dict[str, Any] = {}
        for name, value in values.items():
            if name in SYSTEM_COLUMNS:
                continue
            spec = self.fields.get(name)
            if spec is None:
                errors[name] = i18n.t("unknown_field", field=name)
                continue
            try:
                out[name] = self._clean_one(name, self.label(name), spec, value)
            except ValidationError as exc:
                errors.update(exc.fields)
        if not partial:
            for name, spec in self.fields.items():
                if spec.required and _empty(out.get(name)) and name not in errors:
                    errors[name] = i18n.t("required", field=self.label(name))
        if errors:
            raise ValidationError(errors)
        return out

    def label(self, name: str) -> str:
        """A field's label in the current language: its ``Field.label``, else the core's."""
        spec = self.fields.get(name)
        if spec is not None and spec.label:
            return i18n.pick(spec.label)
        return i18n.field_label(name)

    def clean_value(self, name: str, value: Any) -> Any:
        """Check and normalise one value of declared field ``name`` (ValidationError)."""
        spec = self.fields.get(name)
        if spec is None:
            raise ValidationError({name: i18n.t("unknown_field", field=name)})
        return self._clean_one(name, self.label(name), spec, value)

    def _clean_one(self, name: str, label: str, spec: Field, value: Any) -> Any:
        def fail(key: str, **params: Any) -> ValidationError:
            return ValidationError({name: i18n.t(key, field=label, **params)})

        if _empty(value) and spec.kind != "list":
            if spec.required:
                raise fail("required")
            return None
        kind = spec.kind
        if kind in ("text", "email", "phone", "url"):
            # User text is data: no control character or bidi override is ever stored. Text
            # is neutralised; an address, number or link with one is refused. A tab that keeps
            # "=1+1" text stays (strip_outer) where the field keeps tabs.
            text = strip_outer(str(value))
            if kind == "text":
                text = strip_outer(neutralise(text, multiline=spec.allows_lines()))
            elif has_control(text):
                raise fail(f"bad_{kind}", value=neutralise(text))
            if len(text) > spec.max_len:
                raise fail("too_long", max=spec.max_len)
            if kind == "email" and not EMAIL_RE.match(text):
                raise fail("bad_email", value=text)
            if kind == "phone" and not PHONE_RE.match(text):
                raise fail("bad_phone", value=text)
            if kind == "url" and not text.startswith(("http://", "https://")):
                raise fail("bad_url", value=text)
            return text
        if kind == "choice":
            text = str(value).strip()
            choices = spec.choice_list()
            if spec.vocabulary:
                choices += [v for v in self.ws.vocabulary(spec.vocabulary) if v not in choices]
            match = next((c for c in choices if c.casefold() == text.casefold()), None)
            if match is None:
                raise fail("bad_choice", choices=", ".join(choices), value=text)
            return match
        if kind in ("int", "ref"):
            try:
                number = int(str(value).strip())
            except ValueError:
                raise fail("bad_int", min=int(spec.min), max=int(spec.max), value=value) from None
            if kind == "int" and not spec.min <= number <= spec.max:
                raise fail("bad_int", min=int(spec.min), max=int(spec.max), value=value)
            if kind == "ref" and spec.ref:
                exists = self.store.scalar(f"SELECT 1 FROM {spec.ref} WHERE id = ?", [number])
                if not exists:
                    raise ValidationError(
                        {name: i18n.t("not_found", record=label, id=number)}
                    ) from None
            return number
        if kind == "float":
            try:
                number = float(str(value).replace(",", ".").strip())
            except ValueError:
                raise fail("bad_number", value=value) from None
            return number
        if kind == "date":
            try:
                return dt.date.fromisoformat(str(value).strip()[:10]).isoformat()
            except ValueError:
                raise fail("bad_date", value=value) from None
        if kind == "datetime":
            try:
                return parse_datetime(value).isoformat(sep=" ", timespec="minutes")
            except ValueError:
                raise fail("bad_datetime", value=value) from None
        if kind == "list":
            if value is None:
                return []
            if isinstance(value, str):
                value = value.split(",")
            texts = (
                neutralise(v, multiline=False).strip() if isinstance(v, str)
                else neutralise_nested(v)
                for v in value
            )  # fmt: skip
            return [v for v in texts if v != ""]
        if kind == "json":
            try:
                json.dumps(value)
            except (TypeError, ValueError):
                raise fail("bad_choice", choices="JSON", value=type(value).__name__) from None
            return value
        if kind == "bool":
            return bool(value)
        raise AssertionError(kind)  # pragma: no cover

    # -- writing ------------------------------------------------------------------------
    def _encode(self, values: dict) -> dict:
        """Values as stored: lists as JSON, and every text neutralised once more, also the
        text a service writes without ``clean`` (minutes appended, a status note)."""
        out = {}
        cols = self.json_columns
        for k, v in values.items():
            spec = self.fields.get(k)
            if isinstance(v, str):
                v = neutralise(v, multiline=True if spec is None else spec.allows_lines())
            elif isinstance(v, list | dict):
                v = neutralise_nested(v)
            out[k] = json.dumps(v, ensure_ascii=False) if k in cols else v
        return out

    def _audit(
        self,
        action: str,
        record_id: int | None,
        before: dict | None,
        after: dict | None,
        record_type: str | None = None,
    ) -> None:
        self.store.conn.execute(
            "INSERT INTO audit (at, actor, action, record_type, record_id, before, after) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            [
                now_text(),
                self.ws.actor.login,
                action,
                record_type or self.record,
                record_id,
                json.dumps(before, ensure_ascii=False, default=str) if before else None,
                json.dumps(after, ensure_ascii=False, default=str) if after else None,
            ],
        )

    def _emit(
        self,
        action: str,
        record_id: int | None,
        before: dict | None,
        after: dict | None,
        record_type: str | None = None,
    ) -> None:
        event = ChangeEvent(
            action, record_type or self.record, record_id, self.ws.actor.login, before, after
        )
        if self.store.conn.in_transaction:
            self.store.pending_events.append(event)
        else:
            self.ws.emit(event)

    def require(self, action: str, *, table_id: int | None = None, org_id: int | None = None):
        """PermissionDenied unless the actor may do ``action`` (a core right, or one a plugin
        declared with the ``permissions`` hook) on table ``table_id``."""
        table_name = None
        if table_id is not None:
            table_name = self.store.scalar("SELECT name FROM tables WHERE id = ?", [table_id])
        rules = label = None
        if action not in MATRIX:
            getter = getattr(self.ws.plugins, "right", None)
            entry = getter(action) if getter is not None else None
            if entry is None:
                raise PermissionDenied(
                    i18n.L(f"Onbekend recht '{action}'.", f"Unknown right '{action}'.")
                )
            rules, label = entry.roles, entry.label
        require(
            self.ws.actor,
            action,
            table_id=table_id,
            org_id=org_id,
            table_name=table_name,
            rules=rules,
            label_pair=label,
        )

    # -- scope ------------------------------------------------------------------------------
    def table_of(self, record: dict) -> int | None:
        """The table a record belongs to (its own column, or its meeting's table)."""
        if self.table_field:
            return record.get(self.table_field)
        if self.via_meeting and record.get(self.via_meeting) is not None:
            return self.store.scalar(
                "SELECT table_id FROM meetings WHERE id = ?", [record[self.via_meeting]]
            )
        return None

    def scope_of(self, record: dict) -> dict:
        """``require``'s scope for ``record``: its table and the organisation it acts for."""
        org = record.get(self.org_field) if self.org_field else None
        return {"table_id": self.table_of(record), "org_id": org}

    def check_write(self, perm: str, current: dict | None, data: dict) -> dict:
        """Every right and reference a create (``current`` None) or update needs.

        ``perm`` is required at the current record's scope and, when the write changes it
        (another table, organisation or meeting), at the new scope too: a move needs the
        right at both ends. People must belong to the organisations they act for, and the
        meetings and items a record refers to to its table. Columns derived on the way (an
        organisation from its person, a table from its meeting) are filled into ``data``.
        Returns the record as it will be after the write.
        """
        if current is not None:
            self.require(perm, **self.scope_of(current))
        if (
            current is not None
            and self.follows
            and self.table_field
            and data.get(self.follows) is not None
            and self.table_field not in data
        ):
            target = self.same_table[self.follows]
            moved_to = self.store.scalar(
                f"SELECT table_id FROM {target} WHERE id = ?", [data[self.follows]]
            )
            if moved_to is not None:
                data[self.table_field] = moved_to
        merged = {**(current or {}), **data}
        self.check_references(merged, data, touched=None if current is None else set(data))
        new = self.scope_of(merged)
        if current is None or new != self.scope_of(current):
            self.require(perm, **new)
        if current is not None and new["table_id"] != self.table_of(current):
            self._check_movable(current)
        return merged

    def check_references(
        self, merged: dict, data: dict | None = None, *, touched: set[str] | None = None
    ) -> None:
        """People of the right organisation, rows of the right table (``person_of``,
        ``same_table``); only the pairs ``touched`` names, or all when None. An organisation
        left empty is filled from its person, in ``merged`` and ``data``."""
        scope_cols = {self.table_field, self.via_meeting} - {None}
        for person_col, org_col in self.person_of.items():
            if touched is not None and not touched & {person_col, org_col, *scope_cols}:
                continue
            value = merged.get(person_col)
            many = isinstance(value, list)
            for raw in value if many else [value]:
                if raw is None:
                    continue
                person = self._referenced_person(person_col, raw)
                org = merged.get(org_col)
                if org is None and not many:
                    if person.organisation_id is not None:
                        merged[org_col] = person.organisation_id
                        if data is not None:
                            data[org_col] = person.organisation_id
                    continue
                if person.organisation_id != org:
                    org_name = self.store.scalar(
                        "SELECT name FROM organisations WHERE id = ?", [org]
                    )
                    raise ValidationError(
                        {
                            person_col: i18n.t(
                                "person_not_of_org", person=person.name, org=org_name or org
                            )
                        }
                    )
        if not self.same_table:
            return
        table = self.table_of(merged)
        for col, target in self.same_table.items():
            if touched is not None and not touched & {col, *scope_cols}:
                continue
            ref = merged.get(col)
            if ref is None:
                continue
            other = self.store.scalar(f"SELECT table_id FROM {target} WHERE id = ?", [ref])
            if other != table:
                name = self.store.scalar("SELECT name FROM tables WHERE id = ?", [table])
                raise ValidationError(
                    {
                        col: i18n.t(
                            "wrong_table",
                            record=f"{i18n.field_label(col)} {ref}",
                            table=name or table,
                        )
                    }
                )

    def _referenced_person(self, col: str, value: Any) -> Record:
        try:
            person_id = int(value)
        except (TypeError, ValueError):
            raise ValidationError.one(col, "bad_int", min=1, max=10**9, value=value) from None
        row = self.store.query_one("SELECT * FROM people WHERE id = ?", [person_id])
        if row is None:
            raise ValidationError(
                {col: i18n.t("not_found", record=i18n.field_label(col), id=person_id)}
            )
        return Record.from_row(row)

    def _check_movable(self, current: dict) -> None:
        for child, col in self.moves_with.items():
            count = self.store.scalar(
                f"SELECT count(*) FROM {child} WHERE {col} = ?", [current["id"]]
            )
            if count:
                raise ValidationError(
                    i18n.t(
                        "moved_in_use",
                        record=i18n.record_label(self.record).capitalize(),
                        name=current.get("title") or current.get("name") or current["id"],
                        count=count,
                        what=i18n.plural_label(child),
                    )
                )

    # -- cascades ---------------------------------------------------------------------------
    def cascade(
        self,
        table: str,
        record_type: str,
        where: str,
        params: Iterable,
        *,
        changes: dict | None = None,
        action: str = "delete",
    ) -> int:
        """Change (``changes``) or delete the rows of ``table`` matching ``where``, each with
        its own audit row and change event, in the current (or a new) transaction. Returns the
        number of rows."""
        params = list(params)
        with self.store.write_lock():
            rows = self.store.query(f"SELECT * FROM {table} WHERE {where} ORDER BY id", params)
            if changes is None:
                # One statement: rows that refer to each other (an item carried from another)
                # go together, as the foreign keys require.
                self.store.conn.execute(f"DELETE FROM {table} WHERE {where}", params)
            for row in rows:
                before = dict(Record.from_row(row))
                after = None
                if changes is not None:
                    enc = self._encode(changes)
                    enc.update(updated_at=now_text(), updated_by=self.ws.actor.login)
                    sets = ", ".join(f"{k} = ?" for k in enc)
                    self.store.conn.execute(
                        f"UPDATE {table} SET {sets}, version = version + 1 WHERE id = ?",
                        [*enc.values(), row["id"]],
                    )
                    new = self.store.query_one(f"SELECT * FROM {table} WHERE id = ?", [row["id"]])
                    after = dict(Record.from_row(new))
                self._audit(action, row["id"], before, after, record_type)
                self._emit(action, row["id"], before, after, record_type)
        return len(rows)

    def insert(self, values: dict, *, action: str = "create") -> Record:
        """Insert a cleaned row inside the current (or a new) transaction, with audit."""
        stamp = now_text()
        row = {
            **self._encode(values),
            "version": 1,
            "created_at": stamp,
            "updated_at": stamp,
            "updated_by": self.ws.actor.login,
        }
        with self.store.write_lock():
            cols = ", ".join(row)
            marks = ", ".join("?" for _ in row)
            cur = self.store.conn.execute(
                f"INSERT INTO {self.table} ({cols}) VALUES ({marks})", list(row.values())
            )
            rec = self.get(cur.lastrowid)
            self._audit(action, rec.id, None, dict(rec))
            self._emit(action, rec.id, None, dict(rec))
        return rec

    def conflict(self, id: int, yours: dict) -> ConflictError:
        """The ConflictError for record ``id`` changed by someone else (raise it)."""
        return self._conflict(id, yours)

    def _conflict(self, id: int, yours: dict) -> ConflictError:
        current = self.find(id)
        name = i18n.record_label(self.record).capitalize()
        if current is None:
            return ConflictError(
                i18n.t("conflict_deleted", record=name), None, yours, record_type=self.record
            )
        who = self._who(current.updated_by)
        when = i18n.format_datetime(current.updated_at) if current.updated_at else "?"
        message = i18n.t("conflict", record=name, who=who, when=when)
        return ConflictError(message, current, yours, record_type=self.record)

    def _who(self, login: str | None) -> str:
        if not login:
            return "?"
        users = getattr(self.ws.config, "users", {}) or {}
        user = users.get(login)
        person = getattr(user, "person", None) if user else None
        return f"{person} ({login})" if person else login

    def write_update(
        self, id: int, version: int | None, changes: dict, *, action: str = "update"
    ) -> Record:
        """Update with an optimistic version check inside one transaction, with audit.

        ``version`` None skips the check (only for server-side bookkeeping such as positions).
        """
        with self.store.write_lock():
            before = self.get(id)
            if version is not None and before.version != version:
                raise self._conflict(id, changes)
            enc = self._encode(changes)
            enc.update(updated_at=now_text(), updated_by=self.ws.actor.login)
            sets = ", ".join(f"{k} = ?" for k in enc)
            cur = self.store.conn.execute(
                f"UPDATE {self.table} SET {sets}, version = version + 1 "
                f"WHERE id = ? AND version = ?",
                [*enc.values(), id, before.version],
            )
            if cur.rowcount != 1:  # pragma: no cover - guarded by the write lock
                raise self._conflict(id, changes)
            after = self.get(id)
            self._audit(action, id, dict(before), dict(after))
            self._emit(action, id, dict(before), dict(after))
        return after

    def references(self, id: int) -> list[tuple[str, int]]:
        """``(table, count)`` of rows that still refer to record ``id`` by a foreign key that
        stops its deletion (see ``Store.references``)."""
        counts = []
        for child, column in self.store.references(self.table):
            sql = f'SELECT count(*) FROM "{child}" WHERE "{column}" = ?'
            params: list = [id]
            if child == self.table:  # a row that refers to itself does not stop its delete
                sql += " AND id IS NOT ?"
                params.append(id)
            count = self.store.scalar(sql, params)
            if count:
                counts.append((child, count))
        return counts

    def plugin_references(self, id: int) -> list[tuple[Any, list[dict]]]:
        """``(declaration, rows)`` for every plugin table whose JSON list of ids (declared with
        the ``record_references`` hook) holds record ``id`` of this service's table."""
        getter = getattr(getattr(self.ws, "plugins", None), "record_references", None)
        if not callable(getter):
            return []
        found = []
        for ref in getter(self.table):
            exists = self.store.scalar(
                "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", [ref.table]
            )
            if not exists:  # the plugin's table is not there (yet)
                continue
            table, column = ref.table.replace('"', '""'), ref.column.replace('"', '""')
            rows = self.store.query(
                f'SELECT * FROM "{table}" WHERE EXISTS (SELECT 1 FROM'
                f' json_each("{table}"."{column}") WHERE value = ?) ORDER BY id',
                [id],
            )
            if rows:
                found.append((ref, rows))
        return found

    def refuse_if_referenced(self, record: dict) -> None:
        """A ValidationError naming everything that still refers to ``record``, instead of
        SQLite's bare "FOREIGN KEY constraint failed" at the delete: rows with a foreign key,
        and plugins' rows that hold its id in a list (``record_references``, "refuse"), those
        by name."""
        counts = self.references(record["id"])
        phrases = [i18n.count_phrase(counts)] if counts else []
        for ref, rows in self.plugin_references(record["id"]):
            if ref.on_delete != "refuse":
                continue
            names = [f"'{str(r.get('name') or '#' + str(r['id']))[:60]}'" for r in rows[:5]]
            more = len(rows) - len(names)
            if more:
                names.append(f"{more} {i18n.t('more')}")
            phrases.append(f"{i18n._pick(ref.label)} {', '.join(names)}")
        if not phrases:
            return
        name = record.get("name") or record.get("title") or record.get("text") or f"#{record['id']}"
        refs = (
            phrases[0]
            if len(phrases) == 1
            else (", ".join(phrases[:-1]) + f" {i18n.t('and')} {phrases[-1]}")
        )
        raise ValidationError(
            i18n.t(
                "in_use_refs",
                record=i18n.record_label(self.record).capitalize(),
                name=str(name)[:80],
                refs=refs,
            )
        )

    def clear_plugin_references(self, id: int) -> None:
        """Take ``id`` out of the plugins' lists declared with ``on_delete="clear"``: each
        changed row through a service of its table, so it is versioned and audited."""
        for ref, rows in self.plugin_references(id):
            if ref.on_delete != "clear":
                continue
            holder = type(
                "PluginReferenceHolder",
                (Service,),
                {"table": ref.table, "record": ref.record, "fields": {ref.column: Field("list")}},
            )(self.ws)
            for row in rows:
                current = json.loads(row[ref.column] or "[]")
                holder.write_update(row["id"], None, {ref.column: [v for v in current if v != id]})

    def write_delete(self, id: int, version: int | None) -> None:
        with self.store.write_lock():
            before = self.get(id)
            if version is not None and before.version != version:
                raise self._conflict(id, {})
            self.refuse_if_referenced(before)
            self.clear_plugin_references(id)
            self.store.conn.execute(f"DELETE FROM {self.table} WHERE id = ?", [id])
            self._audit("delete", id, dict(before), None)
            self._emit("delete", id, dict(before), None)

    def changed_only(self, current: Record, values: dict) -> dict:
        return {k: v for k, v in values.items() if current.get(k) != v}


class TableScoped(Service):
    """A record that belongs to one table, guarded by one permission for every change.

    ``perm`` names the permission; ``org_field``, when set, is the organisation column that
    "partner:own" rules check (a partner may change its own organisation's records).
    """

    perm: str = ""
    table_field: str | None = "table_id"

    def prepare(self, data: dict) -> dict:
        """Fill defaults of a new record before it is inserted."""
        return {k: v for k, v in data.items() if v is not None}

    def create(self, **values) -> Record:
        data = self.clean(values)
        self.check_write(self.perm, None, data)
        return self.insert(self.prepare(data))

    def update(self, id: int, version: int, **values) -> Record:
        current = self.get(id)
        data = self.clean(values, partial=True)
        self.check_write(self.perm, current, data)
        return self.write_update(id, version, self.changed_only(current, data))

    def delete(self, id: int, version: int | None = None) -> None:
        current = self.get(id)
        self.require(self.perm, **self.scope_of(current))
        self.write_delete(id, version)
