"""Tables (tafels), their memberships, working agreements, interests and initiatives."""

from __future__ import annotations

import datetime as dt
import re

from stadstafel import clock, i18n, rules, vocab
from stadstafel.errors import ValidationError
from stadstafel.records import Page, Record
from stadstafel.services.base import Field, Service, TableScoped


def rhythm_ok(value: str) -> str:
    """The rhythm unchanged when valid ('weeks:N', monthly, quarterly, yearly), else an error."""
    try:
        rules.parse_rhythm(value)
    except (ValueError, KeyError):
        raise ValidationError(
            {
                "rhythm": i18n.t(
                    "bad_choice",
                    field=i18n.field_label("rhythm"),
                    choices="weeks:N, monthly, quarterly, yearly",
                    value=value,
                )
            }
        ) from None
    return value


class Tables(Service):
    table = "tables"
    record = "table"

    @property
    def fields(self) -> dict[str, Field]:
        return {
            "name": Field(required=True, max_len=120),
            "kind": Field("choice", required=True, choices=vocab.TABLE_KINDS),
            "topics": Field("list"),
            "description": Field(max_len=4000),
            "chair_person_id": Field("ref", ref="people"),
            "secretary_person_id": Field("ref", ref="people"),
            "rhythm": Field(max_len=20),
            "period_start": Field("date"),
            "period_end": Field("date"),
            "admission_min_partners": Field("int", min=1, max=50),
            "default_minutes": Field("int", min=15, max=600),
            "deadline_working_days": Field("int", min=0, max=30),
            "meeting_weekday": Field("int", min=1, max=7),
            "meeting_time": Field(max_len=5),
            "standard_agenda": Field("list"),
        }

    def clean(self, values: dict, *, partial: bool = False) -> dict:
        if isinstance(values.get("standard_agenda"), str):  # one title per line
            values = {**values, "standard_agenda": values["standard_agenda"].splitlines()}
        data = super().clean(values, partial=partial)
        if data.get("rhythm"):
            data["rhythm"] = rhythm_ok(data["rhythm"])
        if data.get("meeting_time") and not re.fullmatch(
            r"([01][0-9]|2[0-3]):[0-5][0-9]", data["meeting_time"]
        ):
            raise ValidationError({"meeting_time": i18n.t("bad_time", value=data["meeting_time"])})
        if "standard_agenda" in data:
            data["standard_agenda"] = [
                str(t).strip()[:200] for t in data["standard_agenda"] if str(t).strip()
            ]
        if (
            data.get("period_start")
            and data.get("period_end")
            and (data["period_end"] < data["period_start"])
        ):
            raise ValidationError.one("period_end", "end_before_start")
        return data

    LISTED = (
        "SELECT t.*, c.name AS chair_name, s.name AS secretary_name,"
        " (SELECT count(*) FROM memberships m WHERE m.table_id = t.id"
        "   AND (m.until IS NULL OR m.until >= st_today())) AS members"
        " FROM tables t LEFT JOIN people c ON c.id = t.chair_person_id"
        " LEFT JOIN people s ON s.id = t.secretary_person_id ORDER BY t.name COLLATE NOCASE, t.id"
    )

    def list(self) -> list[Record]:
        """Every table by name, with chair, secretary and current member count."""
        return self.rows(self.LISTED)

    def page(self, *, offset: int = 0, limit: int | None = None) -> Page:
        """``list()`` a page at a time (the tables screen: a region may have hundreds)."""
        return self.paged(
            f"{self.LISTED} LIMIT ? OFFSET ?", "FROM tables", [], offset=offset, limit=limit
        )

    def by_name(self, name: str) -> Record | None:
        return Record.from_row(
            self.store.query_one("SELECT * FROM tables WHERE name = ? COLLATE NOCASE", [name])
        )

    def create(self, **values) -> Record:
        data = self.clean(values)
        self.require("table.create")
        if self.by_name(data["name"]):
            raise ValidationError(
                {
                    "name": i18n.t(
                        "duplicate_name", record=i18n.record_label("table"), value=data["name"]
                    )
                }
            )
        return self.insert(data)

    def update(self, id: int, version: int, **values) -> Record:
        current = self.get(id)
        data = self.clean(values, partial=True)
        self.require("table.update", table_id=id)
        other = self.by_name(data["name"]) if "name" in data else None
        if other and other.id != id:
            raise ValidationError(
                {
                    "name": i18n.t(
                        "duplicate_name", record=i18n.record_label("table"), value=data["name"]
                    )
                }
            )
        return self.write_update(id, version, self.changed_only(current, data))

    def delete(self, id: int, version: int | None = None) -> None:
        current = self.get(id)
        self.require("table.delete", table_id=id)
        n = self.store.scalar("SELECT count(*) FROM meetings WHERE table_id = ?", [id])
        if n:
            raise ValidationError(
                i18n.t(
                    "in_use",
                    record=i18n.record_label("table").capitalize(),
                    name=current.name,
                    count=n,
                    what="vergaderingen" if i18n.language() == "nl" else "meetings",
                )
            )
        with self.store.write_lock():
            for child in (
                "memberships",
                "working_agreements",
                "interests",
                "initiatives",
                "goals",
                "agenda_items",
                "actions",
            ):
                self.store.conn.execute(f"DELETE FROM {child} WHERE table_id = ?", [id])
            self.store.conn.execute(
                "DELETE FROM signatures WHERE mission_id IN (SELECT id FROM missions"
                " WHERE table_id = ?)",
                [id],
            )
            self.store.conn.execute("DELETE FROM missions WHERE table_id = ?", [id])
            self.write_delete(id, version)

    # -- members --------------------------------------------------------------------------
    def members(self, table_id: int, *, on: dt.date | None = None) -> list[Record]:
        """Current members (membership valid on ``on``, default today)."""
        day = (on or clock.today()).isoformat()
        return self.rows(
            "SELECT m.*, o.name AS organisation_name, o.kind AS organisation_kind"
            " FROM memberships m JOIN organisations o ON o.id = m.organisation_id"
            " WHERE m.table_id = ? AND (m.since IS NULL OR m.since <= ?)"
            " AND (m.until IS NULL OR m.until >= ?) ORDER BY o.name COLLATE NOCASE",
            [table_id, day, day],
        )

    def partner_ids(self, table_id: int) -> list[int]:
        return [m.organisation_id for m in self.members(table_id) if m.role == "partner"]

    def tables_of_organisation(self, org_id: int) -> list[Record]:
        return self.rows(
            "SELECT t.* FROM tables t JOIN memberships m ON m.table_id = t.id"
            " WHERE m.organisation_id = ? AND (m.until IS NULL OR m.until >= st_today())",
            [org_id],
        )


class Memberships(Service):
    table = "memberships"
    record = "membership"
    fields = {
        "table_id": Field("ref", required=True, ref="tables"),
        "organisation_id": Field("ref", required=True, ref="organisations"),
        "role": Field("choice", required=True, choices=vocab.MEMBERSHIP_ROLES),
        "representatives": Field("list"),
        "since": Field("date"),
        "until": Field("date"),
    }

    def add(self, table_id: int, organisation_id: int, role: str = "partner", **values) -> Record:
        data = self.clean(
            {"table_id": table_id, "organisation_id": organisation_id, "role": role, **values}
        )
        self.require("membership.manage", table_id=table_id)
        current = [
            m for m in self.ws.tables.members(table_id) if m.organisation_id == organisation_id
        ]
        if current:
            raise ValidationError(
                i18n.t(
                    "already_member",
                    org=current[0].organisation_name,
                    table=self.ws.tables.get(table_id).name,
                )
            )
        return self.insert(data)

    def update(self, id: int, version: int, **values) -> Record:
        current = self.get(id)
        data = self.clean(values, partial=True)
        self.require("membership.manage", table_id=current.table_id)
        return self.write_update(id, version, self.changed_only(current, data))

    def end(self, id: int, version: int, until: dt.date | str | None = None) -> Record:
        """End a membership (kept for history) rather than deleting it."""
        day = until or (clock.today() - dt.timedelta(days=1))
        return self.update(id, version, until=str(day))

    def remove(self, id: int, version: int | None = None) -> None:
        current = self.get(id)
        self.require("membership.manage", table_id=current.table_id)
        self.write_delete(id, version)


class WorkingAgreements(TableScoped):
    table = "working_agreements"
    perm = "working_agreement.manage"
    record = "working_agreement"
    fields = {
        "table_id": Field("ref", required=True, ref="tables"),
        "subject": Field("choice", required=True, choices=vocab.WORKING_AGREEMENT_SUBJECTS),
        "text": Field(required=True, max_len=4000),
        "position": Field("int", min=0, max=10_000),
    }

    def of_table(self, table_id: int) -> list[Record]:
        return self.rows(
            "SELECT * FROM working_agreements WHERE table_id = ? ORDER BY position, id", [table_id]
        )

    def prepare(self, data: dict) -> dict:
        if data.get("position") is None:
            data["position"] = len(self.of_table(data["table_id"]))
        return super().prepare(data)


class Interests(TableScoped):
    table = "interests"
    perm = "interest.manage"
    org_field = "organisation_id"
    record = "interest"
    fields = {
        "table_id": Field("ref", required=True, ref="tables"),
        "organisation_id": Field("ref", required=True, ref="organisations"),
        "topic": Field(required=True, max_len=120),
        "text": Field(max_len=4000),
    }

    def of_table(self, table_id: int) -> list[Record]:
        return self.rows(
            "SELECT i.*, o.name AS organisation_name FROM interests i JOIN organisations o"
            " ON o.id = i.organisation_id WHERE i.table_id = ? ORDER BY o.name, i.topic",
            [table_id],
        )

    def matrix(self, table_id: int) -> dict:
        """Partner × topic: {"topics": [...], "rows": [(org name, {topic: text})]}."""
        table = self.ws.tables.get(table_id)
        interests = self.of_table(table_id)
        topics = list(table.topics)
        for i in interests:
            if i.topic not in topics:
                topics.append(i.topic)
        by_org: dict[str, dict[str, str]] = {}
        for m in self.ws.tables.members(table_id):
            by_org[m.organisation_name] = {}
        for i in interests:
            by_org.setdefault(i.organisation_name, {})[i.topic] = i.text or "•"
        return {"topics": topics, "rows": sorted(by_org.items())}


class Initiatives(TableScoped):
    table = "initiatives"
    perm = "initiative.manage"
    record = "initiative"
    fields = {
        "table_id": Field("ref", required=True, ref="tables"),
        "title": Field(required=True, max_len=200),
        "topic": Field(max_len=120),
        "description": Field(max_len=4000),
        "status": Field("choice", choices=vocab.INITIATIVE_STATUSES),
        "organisation_ids": Field("list"),
    }

    def admission(self, initiative: Record) -> tuple[bool, list[str]]:
        table = self.ws.tables.get(initiative.table_id)
        return rules.admission_holds(
            initiative.organisation_ids,
            self.ws.tables.partner_ids(table.id),
            table.admission_min_partners or 1,
            initiative.topic,
            table.topics,
        )

    def of_table(self, table_id: int) -> list[Record]:
        out = []
        for rec in self.rows(
            "SELECT * FROM initiatives WHERE table_id = ? ORDER BY title", [table_id]
        ):
            ok, reasons = self.admission(rec)
            rec["admitted"], rec["admission_reasons"] = ok, reasons
            out.append(rec)
        return out

    def clean(self, values: dict, *, partial: bool = False) -> dict:
        data = super().clean(values, partial=partial)
        if "organisation_ids" in data:
            ids = []
            for v in data["organisation_ids"]:
                try:
                    ids.append(int(v))
                except (TypeError, ValueError):
                    raise ValidationError.one(
                        "organisation_ids", "bad_int", min=1, max=10**9, value=v
                    ) from None
            data["organisation_ids"] = sorted(set(ids))
        return data

    def prepare(self, data: dict) -> dict:
        data.setdefault("status", "voorstel")
        data["status"] = data["status"] or "voorstel"
        return super().prepare(data)
