"""Tables (tafels), their memberships, working agreements, interests and initiatives."""

from __future__ import annotations

import datetime as dt
import re

from stadstafel import clock, i18n, rules, vocab
from stadstafel.errors import ValidationError
from stadstafel.records import Page, Record
from stadstafel.services.base import Field, Service, TableScoped


def rhythm_ok(value: str) -> str:
    """The rhythm in its stored form ('weeks:N', monthly, quarterly, yearly), read from what
    people write ("elke 6 weken", "maandelijks", "every quarter"), else an error."""
    try:
        rules.parse_rhythm(value)
        return rules.canonical_rhythm(value)
    except (ValueError, KeyError):
        raise ValidationError(
            {
                "rhythm": i18n.t(
                    "bad_choice",
                    field=i18n.field_label("rhythm"),
                    choices=i18n.pick(
                        (
                            "elke N weken, maandelijks, elk kwartaal, jaarlijks",
                            "every N weeks, monthly, quarterly, yearly",
                        )
                    ),
                    value=value,
                )
            }
        ) from None


class Tables(Service):
    table = "tables"
    record = "table"

    @property
    def fields(self) -> dict[str, Field]:
        return {
            "name": Field(required=True, max_len=120),
            "kind": Field(
                "choice", required=True, choices=vocab.TABLE_KINDS, vocabulary="table_kinds"
            ),
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

    def names(self) -> list[tuple[str, int]]:
        """Every table as (name, id), in ``list()``'s order: what a choice of table shows
        (the table picker of 500 tables read its whole records: 6 of its 40 ms)."""
        sql = "SELECT name, id FROM tables ORDER BY name COLLATE NOCASE, id"
        names: list[tuple[str, int]] = []
        for columns, batch in self.store.batches(sql):  # tuples, neutralised as records are
            names += Record.clean_tuples(columns, batch)  # (a Record a row was 1.4 of 1.6 ms)
        return names

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
            # Every row removed with the table gets its own audit row and change event.
            self.cascade(
                "attachments",
                "attachment",
                "agenda_item_id IN (SELECT id FROM agenda_items WHERE table_id = ?)",
                [id],
            )
            self.store.conn.execute(
                "DELETE FROM attachment_blobs WHERE sha256 NOT IN (SELECT sha256 FROM attachments)"
            )
            for child, record_type in (
                ("actions", "action"),
                ("agenda_items", "agenda_item"),
                ("memberships", "membership"),
                ("working_agreements", "working_agreement"),
                ("interests", "interest"),
                ("initiatives", "initiative"),
                ("goals", "goal"),
            ):
                self.cascade(child, record_type, "table_id = ?", [id])
            self.cascade(
                "signatures",
                "signature",
                "mission_id IN (SELECT id FROM missions WHERE table_id = ?)",
                [id],
            )
            self.cascade("missions", "mission", "table_id = ?", [id])
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
    table_field = "table_id"
    person_of = {"representatives": "organisation_id"}
    fields = {
        "table_id": Field("ref", required=True, ref="tables"),
        "organisation_id": Field("ref", required=True, ref="organisations"),
        "role": Field(
            "choice", required=True, choices=vocab.MEMBERSHIP_ROLES, vocabulary="membership_roles"
        ),
        "representatives": Field("list"),
        "since": Field("date"),
        "until": Field("date"),
    }

    def add(self, table_id: int, organisation_id: int, role: str = "partner", **values) -> Record:
        data = self.clean(
            {"table_id": table_id, "organisation_id": organisation_id, "role": role, **values}
        )
        self.check_write("membership.manage", None, data)
        self._check_not_member(table_id, organisation_id)
        return self.insert(data)

    def _check_not_member(self, table_id: int, organisation_id: int, other_than: int = 0) -> None:
        current = [
            m
            for m in self.ws.tables.members(table_id)
            if m.organisation_id == organisation_id and m.id != other_than
        ]
        if current:
            raise ValidationError(
                i18n.t(
                    "already_member",
                    org=current[0].organisation_name,
                    table=self.ws.tables.get(table_id).name,
                )
            )

    def update(self, id: int, version: int, **values) -> Record:
        current = self.get(id)
        data = self.clean(values, partial=True)
        new = self.check_write("membership.manage", current, data)
        if (new["table_id"], new["organisation_id"]) != (current.table_id, current.organisation_id):
            self._check_not_member(new["table_id"], new["organisation_id"], other_than=id)
        with self.store.write_lock():
            after = self.write_update(id, version, self.changed_only(current, data))
            for table_id in {current.table_id, after.table_id}:
                self.ws.initiatives.recheck(table_id)  # ex-members no longer count
        return after

    def end(self, id: int, version: int, until: dt.date | str | None = None) -> Record:
        """End a membership (kept for history) rather than deleting it."""
        day = until or (clock.today() - dt.timedelta(days=1))
        return self.update(id, version, until=str(day))

    def remove(self, id: int, version: int | None = None) -> None:
        current = self.get(id)
        self.require("membership.manage", table_id=current.table_id)
        with self.store.write_lock():
            self.write_delete(id, version)
            self.ws.initiatives.recheck(current.table_id)


class WorkingAgreements(TableScoped):
    table = "working_agreements"
    perm = "working_agreement.manage"
    record = "working_agreement"
    fields = {
        "table_id": Field("ref", required=True, ref="tables"),
        "subject": Field(
            "choice",
            required=True,
            choices=vocab.WORKING_AGREEMENT_SUBJECTS,
            vocabulary="working_agreement_subjects",
        ),
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
    """Initiatives and their admission to the table's frame.

    An initiative starts as ``voorstel``. It becomes ``lopend`` only through ``admit()``: an
    explicit, audited step by the chair or secretary (``initiative.admit``), allowed when the
    table's rule holds with the *current* member organisations (``rules.admission_holds``:
    at least ``admission_min_partners`` partners, a topic of the table). Only current members
    can be named; an organisation that left stays listed (history) but no longer counts, and
    a running initiative that falls below the rule (a membership ends, a partner is taken off)
    goes back to ``voorstel`` with an ``admission_note`` saying why (``recheck``).
    """

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

    def admission(
        self, initiative: Record, *, table: Record | None = None, partners: list[int] | None = None
    ) -> tuple[bool, list[str]]:
        """Does the table's rule hold for ``initiative`` today (current partners only)?
        ``table`` and ``partners`` (its current partner ids), when the caller has them."""
        table = table or self.ws.tables.get(initiative.table_id)
        return rules.admission_holds(
            initiative.organisation_ids,
            self.ws.tables.partner_ids(table.id) if partners is None else partners,
            table.admission_min_partners or 1,
            initiative.topic,
            table.topics,
            i18n.language(),
        )

    def of_table(self, table_id: int) -> list[Record]:
        """The table's initiatives by title, each with ``meets_rule`` and
        ``admission_reasons`` (the rule today), ``admitted`` (went through admission:
        lopend or afgerond), ``partners_counted`` (involved current partners),
        ``not_members`` (involved organisations that are no member now) and ``flagged``
        (running outside the frame, or sent back to voorstel with an ``admission_note``)."""
        table = self.ws.tables.get(table_id)
        members = {m.organisation_id: m for m in self.ws.tables.members(table_id)}
        partners = [o for o, m in members.items() if m.role == "partner"]
        out = []
        for rec in self.rows(
            "SELECT * FROM initiatives WHERE table_id = ? ORDER BY title", [table_id]
        ):
            ok, reasons = self.admission(rec, table=table, partners=partners)
            involved = rec.organisation_ids or []
            rec["meets_rule"], rec["admission_reasons"] = ok, reasons
            rec["admitted"] = rec.status in ("lopend", "afgerond")
            rec["partners_counted"] = sum(1 for o in involved if o in partners)
            rec["not_members"] = [o for o in involved if o not in members]
            rec["flagged"] = (rec.status == "lopend" and not ok) or (
                rec.status == "voorstel" and bool(rec.admission_note)
            )
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

    def _members_only(self, table_id: int, ids: list[int], kept: list[int] = ()) -> None:
        """Refuse an organisation that is no current member of the table (``kept``: ids the
        initiative already names, which may stay as history)."""
        members = {m.organisation_id for m in self.ws.tables.members(table_id)}
        for org_id in ids:
            if org_id not in members and org_id not in kept:
                org = self.ws.organisations.find(org_id)
                raise ValidationError(
                    {
                        "organisation_ids": i18n.t(
                            "initiative_not_member",
                            org=org.name if org else f"#{org_id}",
                            table=self.ws.tables.get(table_id).name,
                        )
                    }
                )

    def create(self, **values) -> Record:
        data = self.clean(values)
        self.check_write(self.perm, None, data)
        if data.get("status") not in (None, "voorstel"):
            raise ValidationError({"status": i18n.t("initiative_starts_as_proposal")})
        self._members_only(data["table_id"], data.get("organisation_ids") or [])
        return self.insert(self.prepare(data))

    def update(self, id: int, version: int, **values) -> Record:
        current = self.get(id)
        data = self.clean(values, partial=True)
        new = self.check_write(self.perm, current, data)  # a move: the right at both tables
        changes = self.changed_only(current, data)
        if "status" in changes:
            self._check_transition(current.status, changes["status"])
        if new["table_id"] != current.table_id:  # at its new table, only that table's members
            self._members_only(new["table_id"], new["organisation_ids"] or [])
        elif "organisation_ids" in changes:
            self._members_only(
                current.table_id, changes["organisation_ids"], current.organisation_ids or []
            )
        after = Record({**current, **changes})
        if after.status == "lopend":
            ok, reasons = self.admission(after)
            if not ok:  # no longer inside the frame: back to needing admission
                changes.update(self._lapse(reasons))
        return self.write_update(id, version, changes)

    @staticmethod
    def _check_transition(old: str, new: str) -> None:
        if new == "lopend" and old == "voorstel":
            raise ValidationError({"status": i18n.t("initiative_admit_instead")})
        if new not in vocab.INITIATIVE_TRANSITIONS.get(old, set()):
            raise ValidationError({"status": i18n.t("initiative_bad_status", old=old, new=new)})

    @staticmethod
    def _lapse(reasons: list[str]) -> dict:
        note = i18n.t(
            "admission_lapsed", date=clock.today().isoformat(), reasons="; ".join(reasons)
        )
        return {"status": "voorstel", "admission_note": note}

    def admit(self, id: int, version: int) -> Record:
        """Admit a voorstel that meets the table's rule: it becomes ``lopend``; who admitted
        it and when are kept (and audited as ``admit``). Chair, secretary or beheerder."""
        current = self.get(id)
        self.require("initiative.admit", table_id=current.table_id)
        if current.status != "voorstel":
            raise ValidationError(
                i18n.t("initiative_not_proposal", title=current.title, status=current.status)
            )
        ok, reasons = self.admission(current)
        if not ok:
            raise ValidationError(
                i18n.t(
                    "initiative_outside_frame",
                    title=current.title,
                    table=self.ws.tables.get(current.table_id).name,
                    reasons="; ".join(reasons),
                )
            )
        return self.write_update(
            id,
            version,
            {
                "status": "lopend",
                "admitted_on": clock.today().isoformat(),
                "admitted_by": self.ws.actor.login,
                "admission_note": None,
            },
            action="admit",
        )

    def recheck(self, table_id: int) -> list[Record]:
        """Send every running initiative of the table that no longer meets its rule back to
        ``voorstel`` with a note (audited as ``admission_lapsed``). The membership service
        calls this after a membership ends or changes; returns the initiatives sent back."""
        out = []
        with self.store.write_lock():
            for rec in self.rows(
                "SELECT * FROM initiatives WHERE table_id = ? AND status = 'lopend'", [table_id]
            ):
                ok, reasons = self.admission(rec)
                if not ok:
                    out.append(
                        self.write_update(rec.id, None, self._lapse(reasons),
                                          action="admission_lapsed")
                    )  # fmt: skip
        return out

    def prepare(self, data: dict) -> dict:
        data["status"] = "voorstel"
        return super().prepare(data)
