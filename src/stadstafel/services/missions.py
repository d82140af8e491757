"""Missions (versioned), signatures per member organisation, and goals."""

from __future__ import annotations

import difflib
import re

from stadstafel import clock, i18n, permissions, rules
from stadstafel.errors import ValidationError
from stadstafel.records import Record
from stadstafel.services.base import Field, Service, TableScoped


def word_diff(old: str, new: str) -> list[tuple[str, str]]:
    """The change from ``old`` to ``new`` word by word (a mission is prose, one paragraph):
    ``[(op, text)]`` with op ``=`` (kept), ``-`` (removed) or ``+`` (added); whitespace
    stays with the word before it, so joining every kept and added text gives ``new``."""
    a = re.findall(r"\S+\s*", old or "")
    b = re.findall(r"\S+\s*", new or "")
    out: list[tuple[str, str]] = []
    matcher = difflib.SequenceMatcher(a=[w.strip() for w in a], b=[w.strip() for w in b],
                                      autojunk=False)  # fmt: skip
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            out.append(("=", "".join(b[j1:j2])))
            continue
        if i2 > i1:
            out.append(("-", "".join(a[i1:i2])))
        if j2 > j1:
            out.append(("+", "".join(b[j1:j2])))
    return out


def diff_text(diff: list[tuple[str, str]]) -> str:
    """A word diff as plain text: ``[-removed-]`` and ``{+added+}`` (as ``wdiff`` writes it),
    readable without colour."""
    parts = []
    for n, (op, text) in enumerate(diff):
        if op == "=":
            parts.append(text)
            continue
        core, tail = text.rstrip(), text[len(text.rstrip()) :]
        if op == "-" and not tail and n + 1 < len(diff):
            tail = " "  # the last word removed, and what replaced it
        parts.append(f"[-{core}-]{tail}" if op == "-" else f"{{+{core}+}}{tail}")
    return "".join(parts).strip()


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
        organisation_id: int | None = None,
        person_id: int | None = None,
        signed_on: str | None = None,
    ) -> Record:
        """The actor signs the current version for their own organisation, today, as
        themselves (``mission.sign``: a partner for its own organisation). Naming another
        organisation, another person or another day is recording a signature: that is
        ``record_signature`` (the secretary or beheerder), and refused as signing otherwise."""
        actor = self.ws.actor
        table = self.ws.tables.get(table_id)
        org_id = organisation_id if organisation_id is not None else actor.organisation_id
        today = clock.today().isoformat()
        own = (
            org_id is not None
            and org_id == actor.organisation_id
            and actor.person_id is not None
            and person_id in (None, actor.person_id)
            and (signed_on is None or str(signed_on)[:10] == today)
        )
        if not own:
            if permissions.allowed(actor, "mission.record_signature", table_id=table_id):
                if org_id is None:
                    raise ValidationError(i18n.t("sign_own_only", who=actor.label,
                                                 table=table.name))  # fmt: skip
                return self.record_signature(table_id, org_id, person_id, signed_on)
            self.require("mission.sign", table_id=table_id, org_id=org_id)
            key = "sign_self_today" if org_id == actor.organisation_id else "sign_own_only"
            raise ValidationError(i18n.t(key, who=actor.label, table=table.name))
        self.require("mission.sign", table_id=table_id, org_id=org_id)
        mission = self._signable(table, org_id)
        return self._insert_signature(mission, org_id, actor.person_id, today)

    def record_signature(
        self,
        table_id: int,
        organisation_id: int,
        person_id: int | None,
        signed_on: str | None = None,
    ) -> Record:
        """Record that ``person_id`` (a person of ``organisation_id``) signed the current
        version for that organisation on ``signed_on`` (default today; not in the future,
        not before the version was adopted). The secretary or beheerder
        (``mission.record_signature``); audited as ``sign`` with the person and the date."""
        table = self.ws.tables.get(table_id)
        self.require("mission.record_signature", table_id=table_id)
        org = self.ws.organisations.get(organisation_id)
        mission = self._signable(table, organisation_id)
        if person_id is None:
            raise ValidationError({"person_id": i18n.t("signer_required", org=org.name)})
        person = self.ws.people.get(person_id)
        if person.organisation_id != organisation_id:
            raise ValidationError(
                {"person_id": i18n.t("person_not_of_org", person=person.name, org=org.name)}
            )
        day = _Signatures(self.ws).clean({"signed_on": signed_on or clock.today()})["signed_on"]
        if day > clock.today().isoformat():
            raise ValidationError({"signed_on": i18n.t("signed_on_future", date=day)})
        if mission.adopted_on and day < mission.adopted_on:
            raise ValidationError(
                {
                    "signed_on": i18n.t(
                        "signed_before_adoption",
                        date=day,
                        revision=mission.revision,
                        adopted=mission.adopted_on,
                    )
                }
            )
        return self._insert_signature(mission, organisation_id, person_id, day)

    def _signable(self, table: Record, organisation_id: int) -> Record:
        """The current version, when ``organisation_id`` is a member that has not signed it."""
        mission = self.current(table.id)
        if mission is None:
            raise ValidationError(i18n.t("no_mission", table=table.name))
        org = self.ws.organisations.get(organisation_id)
        if organisation_id not in {m.organisation_id for m in self.ws.tables.members(table.id)}:
            raise ValidationError(i18n.t("not_member", org=org.name, table=table.name))
        if self.store.scalar(
            "SELECT 1 FROM signatures WHERE mission_id = ? AND organisation_id = ?",
            [mission.id, organisation_id],
        ):
            raise ValidationError(i18n.t("already_signed", org=org.name, revision=mission.revision))
        return mission

    def _insert_signature(
        self, mission: Record, organisation_id: int, person_id: int | None, day: str
    ) -> Record:
        signer = _Signatures(self.ws)
        row = {
            "mission_id": mission.id,
            "organisation_id": organisation_id,
            "person_id": person_id,
            "signed_on": day,
        }
        signer.check_references(row)  # the person signs for their own organisation
        return signer.insert(row, action="sign")

    # -- versions ---------------------------------------------------------------------------
    def version(self, table_id: int, revision: int | None = None) -> dict:
        """One version of the table's mission (default the current one) with its signatures
        and the word diff to the version before it:
        ``{"mission", "previous", "signatures", "diff"}``; ``diff`` is a list of
        ``(op, text)`` with op ``=``, ``-`` (only in the previous) or ``+`` (new here)."""
        table = self.ws.tables.get(table_id)
        versions = {m.revision: m for m in self.revisions(table_id)}
        if not versions:
            raise ValidationError(i18n.t("no_mission", table=table.name))
        revision = max(versions) if revision is None else int(revision)
        mission = versions.get(revision)
        if mission is None:
            raise ValidationError(i18n.t("no_revision", table=table.name, revision=revision))
        previous = versions.get(revision - 1)
        return {
            "mission": mission,
            "previous": previous,
            "signatures": self.signatures(mission.id),
            "diff": word_diff(previous.statement if previous else "", mission.statement),
        }

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
    fields = {"signed_on": Field("date", required=True)}


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
