"""Missions (versioned), signatures per member organisation, and goals."""

from __future__ import annotations

from stadstafel import clock, i18n, rules
from stadstafel.errors import ValidationError
from stadstafel.records import Record
from stadstafel.services.base import Field, Service, TableScoped


class Missions(Service):
    table = "missions"
    record = "mission"
    fields = {
        "statement": Field(required=True, max_len=4000),
        "adopted_on": Field("date"),
    }

    def current(self, table_id: int) -> Record | None:
        return Record.from_row(
            self.store.query_one(
                "SELECT * FROM missions WHERE table_id = ? ORDER BY revision DESC LIMIT 1",
                [table_id],
            )
        )

    def revisions(self, table_id: int) -> list[Record]:
        return self.rows(
            "SELECT * FROM missions WHERE table_id = ? ORDER BY revision DESC", [table_id]
        )

    def revise(self, table_id: int, statement: str, adopted_on: str | None = None) -> Record:
        """Adopt a new version of the table's mission; signatures start anew."""
        data = self.clean({"statement": statement, "adopted_on": adopted_on})
        self.require("mission.revise", table_id=table_id)
        self.ws.tables.get(table_id)
        with self.store.write_lock():
            last = self.current(table_id)
            revision = (last.revision if last else 0) + 1
            return self.insert(
                {
                    "table_id": table_id,
                    "revision": revision,
                    "statement": data["statement"],
                    "adopted_on": data.get("adopted_on") or clock.today().isoformat(),
                }
            )

    def signatures(self, mission_id: int) -> list[Record]:
        return self.rows(
            "SELECT s.*, o.name AS organisation_name, p.name AS person_name FROM signatures s"
            " JOIN organisations o ON o.id = s.organisation_id"
            " LEFT JOIN people p ON p.id = s.person_id WHERE s.mission_id = ?"
            " ORDER BY o.name",
            [mission_id],
        )

    def status(self, table_id: int) -> dict:
        """Per current member: signed the current version or not; and fully signed."""
        mission = self.current(table_id)
        members = self.ws.tables.members(table_id)
        signed = {s.organisation_id: s for s in self.signatures(mission.id)} if mission else {}
        rows = [
            {
                "organisation_id": m.organisation_id,
                "organisation_name": m.organisation_name,
                "role": m.role,
                "signature": signed.get(m.organisation_id),
            }
            for m in members
        ]
        return {
            "mission": mission,
            "members": rows,
            "signed": sum(1 for r in rows if r["signature"]),
            "fully_signed": bool(mission)
            and rules.fully_signed([m.organisation_id for m in members], signed),
        }

    def sign(
        self,
        table_id: int,
        organisation_id: int,
        person_id: int | None = None,
        signed_on: str | None = None,
    ) -> Record:
        """Record that ``organisation_id`` signs the current version of the mission."""
        table = self.ws.tables.get(table_id)
        mission = self.current(table_id)
        if mission is None:
            raise ValidationError(i18n.t("no_mission", table=table.name))
        org = self.ws.organisations.get(organisation_id)
        self.require("mission.sign", table_id=table_id, org_id=organisation_id)
        if organisation_id not in {m.organisation_id for m in self.ws.tables.members(table_id)}:
            raise ValidationError(i18n.t("not_member", org=org.name, table=table.name))
        if self.store.scalar(
            "SELECT 1 FROM signatures WHERE mission_id = ? AND organisation_id = ?",
            [mission.id, organisation_id],
        ):
            raise ValidationError(i18n.t("already_signed", org=org.name, revision=mission.revision))
        if person_id is None and self.ws.actor.organisation_id == organisation_id:
            person_id = self.ws.actor.person_id
        signer = _Signatures(self.ws)
        row = {
            "mission_id": mission.id,
            "organisation_id": organisation_id,
            "person_id": person_id,
            "signed_on": signed_on or clock.today().isoformat(),
        }
        signer.check_references(row)  # the person signs for their own organisation
        return signer.insert(row, action="sign")

    def unsigned_tables(self, limit: int | None = None) -> list[Record]:
        """Tables whose current mission is not signed by every current member (``status()``'s
        ``fully_signed`` for every table at once, in one query), ordered by name; each with
        ``signed`` and ``member_count``."""
        day = clock.today().isoformat()
        return self.rows(
            "WITH mission AS ("
            "  SELECT m.id, m.table_id FROM missions m WHERE m.revision ="
            "   (SELECT max(revision) FROM missions r WHERE r.table_id = m.table_id)),"
            " member AS ("
            "  SELECT ms.table_id, ms.organisation_id FROM memberships ms"
            "  JOIN organisations o ON o.id = ms.organisation_id"
            "  WHERE (ms.since IS NULL OR ms.since <= :day)"
            "   AND (ms.until IS NULL OR ms.until >= :day)),"
            " tally AS ("
            "  SELECT mi.table_id, count(me.organisation_id) AS member_count,"
            "   count(sg.id) AS signed, count(me.organisation_id) - count(sg.id) AS missing"
            "  FROM mission mi LEFT JOIN member me ON me.table_id = mi.table_id"
            "  LEFT JOIN signatures sg ON sg.mission_id = mi.id"
            "   AND sg.organisation_id = me.organisation_id"
            "  GROUP BY mi.table_id)"
            " SELECT t.*, c.name AS chair_name, s.name AS secretary_name,"
            " (SELECT count(*) FROM memberships m WHERE m.table_id = t.id"
            "   AND (m.until IS NULL OR m.until >= st_today())) AS members,"
            " tally.signed, tally.member_count"
            " FROM tally JOIN tables t ON t.id = tally.table_id"
            " LEFT JOIN people c ON c.id = t.chair_person_id"
            " LEFT JOIN people s ON s.id = t.secretary_person_id"
            " WHERE tally.member_count = 0 OR tally.missing > 0"
            " ORDER BY t.name COLLATE NOCASE LIMIT :limit",
            {"day": day, "limit": -1 if limit is None else limit},
        )


class _Signatures(Service):
    table = "signatures"
    record = "signature"
    person_of = {"person_id": "organisation_id"}


class Goals(TableScoped):
    table = "goals"
    record = "goal"
    perm = "goal.manage"
    fields = {
        "table_id": Field("ref", required=True, ref="tables"),
        "description": Field(required=True, max_len=400),
        "target_value": Field("float"),
        "unit": Field(max_len=40),
        "deadline": Field("date"),
        "indicator": Field(max_len=80),
        "current_value": Field("float"),
        "position": Field("int", min=0, max=10_000),
    }

    def of_table(self, table_id: int) -> list[Record]:
        return self.rows("SELECT * FROM goals WHERE table_id = ? ORDER BY position, id", [table_id])

    def progress(self, goal: Record) -> dict:
        """Measured value: a plugin indicator when one is configured, else the manual value."""
        measured = None
        source = "manual"
        if goal.indicator and goal.indicator != "manual":
            measured = self.ws.measure_goal(goal)
            if measured is not None:
                source = goal.indicator
        value = measured.get("value") if measured else goal.current_value
        target = goal.target_value
        ratio = (value / target) if (value is not None and target) else None
        return {
            "value": value,
            "target": target,
            "unit": goal.unit,
            "ratio": ratio,
            "source": source,
            "detail": (measured or {}).get("detail"),
        }
