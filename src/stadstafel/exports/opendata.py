"""The workspace as one open-data JSON document.

Shaped after Popolo (``organizations``, ``memberships``, ``posts``, ``persons``) and after
OpenBesluitvorming's meeting model (a ``Meeting`` with ``id``, ``type``, ``name``,
``start_date``, ``agenda[]`` of items with ``title``, ``order``, ``number``, ``documents[]``,
``organization``, ``committee``, ``location``, ``status``). The field names are mirrored, the
schema is our own: ``open-data.schema.json`` beside this module, which the tests validate
against.

What is published, and what is not:
- times in UTC (``2027-01-14T13:00:00Z``);
- a meeting's id is its UUID (stable across moves, never a row id); tables and organisations
  are ``tafel-<n>`` and ``organisatie-<n>``;
- agenda items only once the secretary put them on the agenda (``geagendeerd`` or
  ``behandeld``), numbered 1..n; submitted, withdrawn and postponed items are not published;
- decisions only of meetings whose minutes are adopted (``verslag vastgesteld``);
- people's names only when ``[exports] open_data_names = true``: representatives of partners
  are not public office holders. Without it there are no ``persons`` and posts carry no holder;
- Woo information categories as TOOI codes from the official value list (version 3).
"""

from __future__ import annotations

import datetime as dt
import json
from typing import TYPE_CHECKING, Any

from stadstafel import clock
from stadstafel.exports import Scope
from stadstafel.exports.documents import line, numbered_agenda, text
from stadstafel.exports.ics import ZONE, meeting_url

if TYPE_CHECKING:
    from stadstafel.records import Record
    from stadstafel.workspace import Workspace

SCHEMA_ID = "https://stadstafel.nl/schemas/open-data/1.json"
TOOI = "https://identifier.overheid.nl/tooi/def/thes/kern/"
WOO_MEETINGS = {"code": "c_db4862c3", "label": "vergaderstukken decentrale overheden"}
WOO_COVENANT = {"code": "c_8fc2335c", "label": "convenanten"}
PUBLISHED_ITEMS = ("geagendeerd", "behandeld")


def _compact(value: Any) -> Any:
    """Leave out what is unknown: no key with a null value anywhere."""
    if isinstance(value, dict):
        return {k: _compact(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_compact(v) for v in value]
    return value


def _woo(category: dict) -> dict:
    return {**category, "uri": TOOI + category["code"]}


def utc(value: str | dt.datetime | None) -> str | None:
    """A stored local time as ISO 8601 in UTC with ``Z``."""
    if not value:
        return None
    if not isinstance(value, dt.datetime):
        value = dt.datetime.fromisoformat(str(value).replace("T", " ")[:19])
    moment = value.replace(tzinfo=ZONE).astimezone(dt.UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def _org_id(org_id: int) -> str:
    return f"organisatie-{org_id}"


def _table_id(table_id: int) -> str:
    return f"tafel-{table_id}"


def _organizations(ws: Workspace, tables: list[Record], member_orgs: set[int]) -> list[dict]:
    out = []
    for t in tables:
        out.append(
            {
                "id": _table_id(t.id),
                "type": "Organization",
                "name": line(t.name),
                "classification": line(t.kind),
                "description": text(t.description) or None,
                "founding_date": t.period_start or None,
                "dissolution_date": t.period_end or None,
            }
        )
    for org_id in sorted(member_orgs):
        org = ws.organisations.get(org_id)
        out.append(
            {
                "id": _org_id(org.id),
                "type": "Organization",
                "name": line(org.name),
                "classification": line(org.kind),
                "links": [{"url": org.website}] if org.website else [],
            }
        )
    return out


def _people(ws: Workspace, ids: set[int]) -> dict[int, Record]:
    return {pid: ws.people.get(pid) for pid in sorted(ids)}


def _mission(ws: Workspace, table: Record, names: bool) -> dict | None:
    status = ws.missions.status(table.id)
    m = status["mission"]
    if m is None:
        return None
    signatories = []
    for row in status["members"]:
        sig = row["signature"]
        if not sig:
            continue
        entry = {"organization_id": _org_id(row["organisation_id"]), "signed_on": sig.signed_on}
        if names and sig.person_name:
            entry["person_name"] = line(sig.person_name)
        signatories.append(entry)
    return {
        "statement": text(m.statement),
        "revision": m.revision,
        "adopted_on": m.adopted_on or None,
        "fully_signed": bool(status["fully_signed"]),
        "signatories": signatories,
        "woo_category": _woo(WOO_COVENANT),
    }


def _meeting(ws: Workspace, meeting: Record) -> dict:
    agenda = numbered_agenda(ws, meeting.id)
    published = [item for _, item in agenda.items if item.status in PUBLISHED_ITEMS]
    adopted = meeting.status == "verslag vastgesteld"
    decisions = ws.decisions.of_meeting(meeting.id) if adopted else []
    items = []
    for order, item in enumerate(published, start=1):
        items.append(
            {
                "id": f"{meeting.uid}/{order}",
                "type": "AgendaItem",
                "title": line(item.title),
                "order": order,
                "number": str(order),
                "purpose": line(item.purpose),
                "submitted_by": _org_id(item.submitted_by_org_id)
                if item.submitted_by_org_id
                else None,
                "documents": [],
                "decisions": [text(d.text) for d in decisions if d.agenda_item_id == item.id],
            }
        )
    out = {
        "id": meeting.uid,
        "type": "Meeting",
        "name": line(meeting.title),
        "start_date": utc(meeting.starts_at),
        "end_date": utc(meeting.ends_at),
        "location": line(meeting.location) or None,
        "status": meeting.status,
        "organization": _table_id(meeting.table_id),
        "committee": _table_id(meeting.table_id),
        "submission_deadline": utc(meeting.submission_deadline),
        "agenda": items,
        "decisions": [text(d.text) for d in decisions if d.agenda_item_id is None],
        "woo_category": _woo(WOO_MEETINGS),
    }
    url = meeting_url(ws, meeting)
    if url:
        out["url"] = url
    return out


def document(ws: Workspace) -> dict[str, Any]:
    exports = getattr(ws.config, "exports", None) or {}
    names = bool(exports.get("open_data_names"))
    tables = ws.tables.list()
    memberships, posts, member_orgs, people_ids = [], [], set(), set()
    missions = {}
    for t in tables:
        for m in ws.tables.members(t.id):
            member_orgs.add(m.organisation_id)
            memberships.append(
                {
                    "id": f"lidmaatschap-{m.id}",
                    "organization_id": _table_id(t.id),
                    "member": {"type": "Organization", "id": _org_id(m.organisation_id)},
                    "role": m.role,
                    "start_date": m.since or None,
                    "end_date": m.until or None,
                }
            )
            if names:
                for pid in m.representatives or []:
                    people_ids.add(int(pid))
                    memberships.append(
                        {
                            "id": f"lidmaatschap-{m.id}-persoon-{pid}",
                            "organization_id": _table_id(t.id),
                            "person_id": f"persoon-{pid}",
                            "on_behalf_of_id": _org_id(m.organisation_id),
                            "role": "vertegenwoordiger",
                        }
                    )
        for role, column in (
            ("voorzitter", "chair_person_id"),
            ("secretaris", "secretary_person_id"),
        ):
            post = {
                "id": f"{_table_id(t.id)}-{role}",
                "organization_id": _table_id(t.id),
                "label": role,
                "role": role,
            }
            holder = t.get(column)
            if names and holder:
                people_ids.add(int(holder))
                post["holder_id"] = f"persoon-{holder}"
            posts.append(post)
        mission = _mission(ws, t, names)
        if mission:
            missions[_table_id(t.id)] = mission
    organizations = _organizations(ws, tables, member_orgs)
    for org in organizations:
        if org["id"] in missions:
            org["mission"] = missions[org["id"]]
    meetings = []
    for t in tables:
        meetings += [_meeting(ws, m) for m in ws.meetings.list(table_id=t.id).rows]
    meetings.sort(key=lambda m: (m["start_date"], m["id"]))
    out: dict[str, Any] = {
        "$schema": SCHEMA_ID,
        "publisher": line(getattr(ws.config, "workspace_name", "") or "stadstafel"),
        "generated_at": utc(clock.now()),
        "organizations": organizations,
        "memberships": memberships,
        "posts": posts,
        "meetings": meetings,
    }
    if names:
        out["persons"] = [
            {"id": f"persoon-{p.id}", "type": "Person", "name": line(p.name)}
            for p in _people(ws, people_ids).values()
        ]
    return out


def export(ws: Workspace, scope: Scope) -> bytes:
    data = json.dumps(_compact(document(ws)), ensure_ascii=False, indent=2)
    return (data + "\n").encode("utf-8")
