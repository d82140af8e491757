"""Organisations and their people."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable

from stadstafel import i18n
from stadstafel.errors import ValidationError
from stadstafel.records import Page, Record
from stadstafel.services.base import Field, Service


def _scrub(text: str | None, erased: dict) -> str | None:
    """An audit row's JSON with the erased person's personal values replaced."""
    if not text:
        return text
    data = json.loads(text)
    if isinstance(data, dict):
        data.update({k: v for k, v in erased.items() if k in data})
    return json.dumps(data, ensure_ascii=False, default=str)


class Organisations(Service):
    table = "organisations"
    record = "organisation"

    @property
    def fields(self) -> dict[str, Field]:
        return {
            "name": Field(required=True, max_len=120),
            "kind": Field(
                "choice", required=True, choices=self.ws.vocabulary("organisation_kinds")
            ),
            "website": Field("url", max_len=200),
            "notes": Field(max_len=4000),
        }

    def list(
        self,
        *,
        filter: str = "",
        kind: str | None = None,
        order: str = "name",
        offset: int = 0,
        limit: int | None = None,
    ) -> Page:
        """A page of organisations, optionally filtered by a name fragment and kind."""
        where, params = ["1=1"], []
        if filter:
            where.append("(o.name LIKE ? OR o.kind LIKE ?)")
            params += [f"%{filter}%", f"%{filter}%"]
        if kind:
            where.append("o.kind = ?")
            params.append(kind)
        orders = {
            "name": "o.name COLLATE NOCASE",
            "kind": "o.kind, o.name COLLATE NOCASE",
            "people": "people DESC, o.name COLLATE NOCASE",
        }
        sql_where = " AND ".join(where)
        # By name, filtered: walk the name-and-kind index (m005), not the unique name index,
        # which would read every organisation's row to test its kind.
        source = (
            "organisations o INDEXED BY idx_organisations_name_kind"
            if (filter and order == "name")
            else "organisations o"
        )
        return self.paged(
            f"SELECT o.*, (SELECT count(*) FROM people p WHERE p.organisation_id = o.id) AS people,"
            f" (SELECT count(*) FROM memberships m WHERE m.organisation_id = o.id"
            f"   AND (m.until IS NULL OR m.until >= st_today())) AS tables"
            f" FROM {source} WHERE {sql_where} ORDER BY {orders.get(order, orders['name'])}"
            f" LIMIT ? OFFSET ?",
            f"FROM organisations o WHERE {sql_where}",
            params,
            offset=offset,
            limit=limit,
        )

    def all(self) -> list[Record]:
        return self.list().rows

    def by_name(self, name: str) -> Record | None:
        return Record.from_row(
            self.store.query_one(
                "SELECT * FROM organisations WHERE name = ? COLLATE NOCASE", [name]
            )
        )

    def _check_unique(self, name: str, exclude: int | None = None) -> None:
        other = self.by_name(name)
        if other is not None and other.id != exclude:
            raise ValidationError(
                {
                    "name": i18n.t(
                        "duplicate_name", record=i18n.record_label("organisation"), value=name
                    )
                }
            )

    def create(self, **values) -> Record:
        data = self.clean(values)
        self.require("organisation.create")
        self._check_unique(data["name"])
        try:
            return self.insert(data)
        except (sqlite3.IntegrityError, ValidationError):  # a concurrent insert of the name
            self._check_unique(data["name"])
            raise

    def update(self, id: int, version: int, **values) -> Record:
        current = self.get(id)
        data = self.clean(values, partial=True)
        self.require("organisation.update", org_id=id)
        if "name" in data:
            self._check_unique(data["name"], exclude=id)
        return self.write_update(id, version, self.changed_only(current, data))

    def delete(self, id: int, version: int | None = None) -> None:
        current = self.get(id)
        self.require("organisation.delete", org_id=id)
        self.refuse_if_referenced(current)  # people, memberships, items, actions, ...
        self.write_delete(id, version)

    def detail(self, id: int) -> dict:
        """Everything a partner's detail screen shows, in one call."""
        org = self.get(id)
        return {
            "organisation": org,
            "people": self.ws.people.of_organisation(id),
            "memberships": self.rows(
                "SELECT m.*, t.name AS table_name FROM memberships m JOIN tables t"
                " ON t.id = m.table_id WHERE m.organisation_id = ? ORDER BY t.name",
                [id],
            ),
            "interests": self.rows(
                "SELECT i.*, t.name AS table_name FROM interests i JOIN tables t"
                " ON t.id = i.table_id WHERE i.organisation_id = ? ORDER BY t.name, i.topic",
                [id],
            ),
            "actions": self.rows(
                "SELECT a.*, t.name AS table_name FROM actions a JOIN tables t ON t.id = a.table_id"
                " WHERE a.owner_org_id = ? ORDER BY a.status = 'open' DESC, a.due",
                [id],
            ),
            "items": self.rows(
                "SELECT ai.*, m.starts_at AS meeting_starts_at, t.name AS table_name"
                " FROM agenda_items ai JOIN tables t ON t.id = ai.table_id"
                " LEFT JOIN meetings m ON m.id = ai.meeting_id"
                " WHERE ai.submitted_by_org_id = ? ORDER BY ai.submitted_at DESC LIMIT 200",
                [id],
            ),
        }


class People(Service):
    table = "people"
    record = "person"
    org_field = "organisation_id"
    fields = {
        "name": Field(required=True, max_len=120),
        "organisation_id": Field("ref", ref="organisations"),
        "function": Field(max_len=120),
        "email": Field("email", max_len=200),
        "phone": Field("phone", max_len=40),
        "notes": Field(max_len=4000),
    }

    def list(
        self,
        *,
        filter: str = "",
        organisation_id: int | None = None,
        offset: int = 0,
        limit: int | None = None,
    ) -> Page:
        where, params = ["1=1"], []
        if filter:
            where.append("(p.name LIKE ? OR o.name LIKE ? OR p.function LIKE ?)")
            params += [f"%{filter}%"] * 3
        if organisation_id is not None:
            where.append("p.organisation_id = ?")
            params.append(organisation_id)
        sql_where = " AND ".join(where)
        base = (
            f"FROM people p LEFT JOIN organisations o ON o.id = p.organisation_id WHERE {sql_where}"
        )
        return self.paged(
            f"SELECT p.*, o.name AS organisation_name {base} ORDER BY p.name COLLATE NOCASE"
            f" LIMIT ? OFFSET ?",
            base,
            params,
            offset=offset,
            limit=limit,
        )

    def of_organisation(self, org_id: int) -> list[Record]:
        return self.list(organisation_id=org_id).rows

    def of_organisations(self, org_ids: Iterable[int]) -> list[Record]:
        """``of_organisation`` of each in turn, in one query: each organisation's people by
        name, the organisations in the order given (a form's owner list asked two queries
        per member organisation of a table as the form opened)."""
        org_ids = list(org_ids)
        if not org_ids:
            return []
        groups: dict[int, list[Record]] = {}
        for person in self.rows(
            "SELECT p.*, o.name AS organisation_name FROM people p"
            " LEFT JOIN organisations o ON o.id = p.organisation_id"
            " WHERE p.organisation_id IN (SELECT value FROM json_each(?))"
            " ORDER BY p.name COLLATE NOCASE",
            [json.dumps(sorted(set(org_ids)))],
        ):
            groups.setdefault(person.organisation_id, []).append(person)
        return [person for org_id in org_ids for person in groups.get(org_id, [])]

    def create(self, **values) -> Record:
        data = self.clean(values)
        self.require("person.create", org_id=data.get("organisation_id"))
        self._guard_identity(data, None)
        return self.insert(data)

    def update(self, id: int, version: int, **values) -> Record:
        current = self.get(id)
        data = self.clean(values, partial=True)
        self.check_write("person.update", current, data)  # at the old and a new organisation
        self._guard_identity(data, current)
        return self.write_update(id, version, self.changed_only(current, data))

    def _guard_identity(self, data: dict, current: Record | None) -> None:
        """A login finds its person by the e-mail address or name in ``[users.<login>]
        person``. So an e-mail address belongs to one person only, and only the beheerder may
        give a person the address or name a login is mapped to: otherwise a partner could
        edit a person of its own organisation into someone else's identity."""
        email = data.get("email")
        if email and (current is None or (current.email or "").casefold() != email.casefold()):
            other = self.store.scalar(
                "SELECT id FROM people WHERE email = ? COLLATE NOCASE AND id IS NOT ?",
                [email, current.id if current is not None else None],
            )
            if other is not None:
                raise ValidationError({"email": i18n.t("email_taken", value=email)})
        if self.ws.actor.is_admin:
            return
        mapped = {
            str(getattr(u, "person", "") or "").casefold()
            for u in (getattr(self.ws.config, "users", {}) or {}).values()
        } - {""}
        for name in ("email", "name"):
            value = data.get(name)
            before = (current.get(name) or "") if current is not None else ""
            if value and value.casefold() in mapped and value.casefold() != before.casefold():
                raise ValidationError({name: i18n.t("identity_reserved", value=value)})

    def delete(self, id: int, version: int | None = None) -> None:
        self.get(id)
        self.require("person.delete")
        self.write_delete(id, version)

    # The columns of a person that are personal data; erase blanks them (name: a marker).
    PERSONAL = ("name", "email", "phone", "function", "notes")

    def erase(self, id: int) -> None:
        """Right to erasure: blank the personal data, keep the row so history stays linked.

        The audit trail keeps who changed the record when, and that it was erased (an audit
        row "erase"), but no longer the person's data: their values in the audit rows of this
        person (created, updated, erased) are blanked as well, in the same transaction."""
        self.get(id)
        self.require("person.delete")
        erased = {k: None for k in self.PERSONAL} | {"name": f"(verwijderd #{id})"}
        with self.store.write_lock() as conn:
            self.write_update(id, None, erased, action="erase")
            rows = conn.execute(
                "SELECT id, before, after FROM audit WHERE record_type = ? AND record_id = ?",
                [self.record, id],
            ).fetchall()
            for audit_id, before, after in rows:
                conn.execute(
                    "UPDATE audit SET before = ?, after = ? WHERE id = ?",
                    [_scrub(before, erased), _scrub(after, erased), audit_id],
                )

    def export_personal_data(self, id: int) -> dict:
        """Everything stored about one person (for a data-subject request). Handing out
        personal data is recorded in the audit log (action "export", no values)."""
        person = self.get(id)
        self.require("person.export")
        with self.store.write_lock():
            self._audit("export", id, None, None)
        return {
            "person": dict(person),
            "chairs": [
                dict(r)
                for r in self.rows(
                    "SELECT id, name FROM tables"
                    " WHERE chair_person_id = ? OR secretary_person_id = ?",
                    [id, id],
                )
            ],
            "agenda_items": [
                dict(r)
                for r in self.rows(
                    "SELECT id, title, submitted_at FROM agenda_items"
                    " WHERE submitted_by_person_id = ?",
                    [id],
                )
            ],
            "actions": [
                dict(r)
                for r in self.rows(
                    "SELECT id, text, due, status FROM actions WHERE owner_person_id = ?", [id]
                )
            ],
            "signatures": [
                dict(r)
                for r in self.rows(
                    "SELECT mission_id, signed_on FROM signatures WHERE person_id = ?", [id]
                )
            ],
        }
