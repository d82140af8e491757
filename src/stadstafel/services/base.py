"""The write discipline every service follows.

validate → check permission → one transaction (``BEGIN IMMEDIATE``) → version check → write →
audit row → commit → ``on_change`` hook. Reads never take the write lock.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any, NamedTuple

from stadstafel import clock, i18n
from stadstafel.errors import ConflictError, NotFound, ValidationError
from stadstafel.permissions import require
from stadstafel.records import COUNT_CAP, JSON_LIST_COLUMNS, ChangeEvent, Page, Record
from stadstafel.textsafe import has_control, neutralise, strip_outer

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


def fts_query(text: str) -> str:
    """Turn what a person types into a safe FTS5 query: every word must match, as a prefix."""
    words = re.findall(r"\w+", text, flags=re.UNICODE)
    return " ".join(f'"{w}"*' for w in words)


class Field(NamedTuple):
    """Validation rule for one input field."""

    kind: str = "text"  # text|int|float|date|datetime|choice|email|phone|url|ref|list|bool
    required: bool = False
    max_len: int = 200
    choices: Callable[[], Iterable[str]] | Iterable[str] | None = None
    min: float = 0
    max: float = 1_000_000_000
    ref: str | None = None  # for kind=ref: SQL table the id must exist in
    # Whether newlines and tabs may stay (notes, descriptions, minutes); None: a text longer
    # than one line allows (max_len above 200) may, a name or title may not.
    multiline: bool | None = None

    def allows_lines(self) -> bool:
        if self.multiline is not None:
            return self.multiline
        return self.kind == "text" and self.max_len > 200

    def choice_list(self) -> list[str]:
        c = self.choices() if callable(self.choices) else self.choices
        return list(c or [])


def _empty(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


class Service:
    """Base class: generic get/list/create/update/delete for one SQL table."""

    table: str = ""
    record: str = ""
    fields: dict[str, Field] = {}

    def __init__(self, ws: Workspace):
        self.ws = ws
        self.store = ws.store

    # -- reading ------------------------------------------------------------------------
    def get(self, id: int) -> Record:
        row = self.store.query_one(f"SELECT * FROM {self.table} WHERE id = ?", [id])
        if row is None:
            raise NotFound(self.record, id)
        return Record.from_row(row)

    def find(self, id: int | None) -> Record | None:
        if id is None:
            return None
        return Record.from_row(
            self.store.query_one(f"SELECT * FROM {self.table} WHERE id = ?", [id])
        )

    def count(self, from_where: str, params: Iterable = ()) -> int:
        """Count rows of ``FROM … WHERE …``, stopping at COUNT_CAP (cheap at any size)."""
        return self.store.scalar(
            f"SELECT count(*) FROM (SELECT 1 {from_where} LIMIT {COUNT_CAP})", list(params)
        )

    def rows(self, sql: str, params: Iterable | dict = ()) -> list[Record]:
        return [Record.from_row(r) for r in self.store.query(sql, params)]

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
            label = i18n.field_label(name)
            try:
                out[name] = self._clean_one(name, label, spec, value)
            except ValidationError as exc:
                errors.update(exc.fields)
        if not partial:
            for name, spec in self.fields.items():
                if spec.required and _empty(out.get(name)) and name not in errors:
                    errors[name] = i18n.t("required", field=i18n.field_label(name))
        if errors:
            raise ValidationError(errors)
        return out

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
                neutralise(v, multiline=False).strip() if isinstance(v, str) else v for v in value
            )
            return [v for v in texts if v != ""]
        if kind == "bool":
            return bool(value)
        raise AssertionError(kind)  # pragma: no cover

    # -- writing ------------------------------------------------------------------------
    def _encode(self, values: dict) -> dict:
        """Values as stored: lists as JSON, and every text neutralised once more, also the
        text a service writes without ``clean`` (minutes appended, a status note)."""
        out = {}
        for k, v in values.items():
            spec = self.fields.get(k)
            if isinstance(v, str):
                v = neutralise(v, multiline=True if spec is None else spec.allows_lines())
            elif isinstance(v, list):
                v = [neutralise(x, multiline=False) if isinstance(x, str) else x for x in v]
            out[k] = json.dumps(v, ensure_ascii=False) if k in JSON_LIST_COLUMNS else v
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
        table_name = None
        if table_id is not None:
            table_name = self.store.scalar("SELECT name FROM tables WHERE id = ?", [table_id])
        require(self.ws.actor, action, table_id=table_id, org_id=org_id, table_name=table_name)

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

    def _conflict(self, id: int, yours: dict) -> ConflictError:
        current = self.find(id)
        name = i18n.record_label(self.record).capitalize()
        if current is None:
            return ConflictError(i18n.t("conflict_deleted", record=name), None, yours)
        who = self._who(current.updated_by)
        when = i18n.format_datetime(current.updated_at) if current.updated_at else "?"
        return ConflictError(i18n.t("conflict", record=name, who=who, when=when), current, yours)

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

    def refuse_if_referenced(self, record: dict) -> None:
        """A ValidationError naming everything that still refers to ``record``, instead of
        SQLite's bare "FOREIGN KEY constraint failed" at the delete."""
        counts = self.references(record["id"])
        if not counts:
            return
        name = record.get("name") or record.get("title") or record.get("text") or f"#{record['id']}"
        raise ValidationError(
            i18n.t(
                "in_use_refs",
                record=i18n.record_label(self.record).capitalize(),
                name=str(name)[:80],
                refs=i18n.count_phrase(counts),
            )
        )

    def write_delete(self, id: int, version: int | None) -> None:
        with self.store.write_lock():
            before = self.get(id)
            if version is not None and before.version != version:
                raise self._conflict(id, {})
            self.refuse_if_referenced(before)
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
    org_field: str | None = None

    def _scope(self, record: dict) -> dict:
        org_id = record.get(self.org_field) if self.org_field else None
        return {"table_id": record["table_id"], "org_id": org_id}

    def prepare(self, data: dict) -> dict:
        """Fill defaults of a new record before it is inserted."""
        return {k: v for k, v in data.items() if v is not None}

    def create(self, **values) -> Record:
        data = self.clean(values)
        self.require(self.perm, **self._scope(data))
        return self.insert(self.prepare(data))

    def update(self, id: int, version: int, **values) -> Record:
        current = self.get(id)
        data = self.clean(values, partial=True)
        self.require(self.perm, **self._scope(current))
        return self.write_update(id, version, self.changed_only(current, data))

    def delete(self, id: int, version: int | None = None) -> None:
        current = self.get(id)
        self.require(self.perm, **self._scope(current))
        self.write_delete(id, version)
