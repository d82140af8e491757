"""Every scope on every write: a right is checked where a record is and where a write puts it,
references across organisations and tables are validated, cascades are audited row by row, and
a refusal names every role that holds the right.

The property tests draw actors of every role and updates of every table-scoped record type
that change its scope fields (table, meeting, organisation, people) to random other values, and
new records referring to random others, and hold each outcome against an oracle written out
here from ``docs/permissions.md`` (not from the services' code): a write succeeds iff the right
holds at the old and the new scope and the references are valid; a refused write changes no
row and writes no audit row.
"""

from __future__ import annotations

import atexit
import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from support import make_config

from stadstafel import i18n, permissions
from stadstafel.errors import PermissionDenied, ValidationError
from stadstafel.workspace import Workspace

# login -> (person, global role). Tables A and B; organisations X (member of A), Y (of A and
# B), Z (of B) and G (the gemeente, of both; the secretaries work there).
USERS = {
    "beheer": (None, "beheerder"),
    "va": ("va@example.org", "gebruiker"),  # voorzitter of A
    "sa": ("sa@example.org", "gebruiker"),  # secretaris of A and voorzitter of B
    "sb": ("sb@example.org", "gebruiker"),  # secretaris of B
    "px": ("x1@example.org", "gebruiker"),  # partner, organisation X (member of A)
    "py": ("y1@example.org", "gebruiker"),  # partner, organisation Y (member of A and B)
    "lezer": ("x1@example.org", "lezer"),
}
ACTORS = list(USERS)


def _build(path: Path) -> dict:
    """The world, written to ``path``; returns the ids of everything in it."""
    ws = Workspace.open(make_config(path, users=USERS), login="system")
    ws.actor.global_role = "beheerder"
    ids: dict = {}
    orgs = {}
    for key, kind in (("X", "woningcorporatie"), ("Y", "woningcorporatie"),
                      ("Z", "huurdersorganisatie"), ("G", "gemeente"),
                      ("O", "overig")):  # fmt: skip
        orgs[key] = ws.organisations.create(name=f"Org {key}", kind=kind).id
    people = {}
    for key, org in (("x1", "X"), ("x2", "X"), ("y1", "Y"), ("y2", "Y"), ("z1", "Z"),
                     ("sa", "G"), ("sb", "G"), ("va", "O")):  # fmt: skip
        people[key] = ws.people.create(
            name=f"Persoon {key}", organisation_id=orgs[org], email=f"{key}@example.org"
        ).id
    tables = {
        "A": ws.tables.create(
            name="Tafel A",
            kind="samenwerkingstafel",
            chair_person_id=people["va"],
            secretary_person_id=people["sa"],
        ).id,
        "B": ws.tables.create(
            name="Tafel B",
            kind="samenwerkingstafel",
            chair_person_id=people["sa"],
            secretary_person_id=people["sb"],
        ).id,
    }
    A, B = tables["A"], tables["B"]
    members = {}
    for t, org, reps in (("A", "X", ["x1"]), ("A", "Y", ["y1"]), ("A", "G", []),
                         ("B", "Y", ["y2"]), ("B", "Z", ["z1"]), ("B", "G", [])):  # fmt: skip
        members[f"{t}{org}"] = ws.memberships.add(
            tables[t], orgs[org], representatives=[people[p] for p in reps]
        ).id
    meetings = {
        "A1": ws.meetings.create(table_id=A, starts_at="2027-03-01 14:00").id,
        "A2": ws.meetings.create(table_id=A, starts_at="2027-04-01 14:00").id,
        "B1": ws.meetings.create(table_id=B, starts_at="2027-03-02 14:00").id,
        "B2": ws.meetings.create(table_id=B, starts_at="2027-04-02 14:00").id,
    }
    items = {
        "A1x": ws.agenda.submit(A, "Punt X", meeting_id=meetings["A1"], org_id=orgs["X"],
                                person_id=people["x1"]).id,
        "Ay": ws.agenda.submit(A, "Backlog Y", org_id=orgs["Y"], person_id=people["y1"]).id,
        "A1y": ws.agenda.submit(A, "Punt Y", meeting_id=meetings["A1"], org_id=orgs["Y"]).id,
        "B1z": ws.agenda.submit(B, "Punt Z", meeting_id=meetings["B1"], org_id=orgs["Z"],
                                person_id=people["z1"]).id,
    }  # fmt: skip
    actions = {
        "Ax": ws.actions.create(table_id=A, text="Actie X", owner_org_id=orgs["X"],
                                owner_person_id=people["x1"]).id,
        "A1y": ws.actions.create(table_id=A, text="Actie bij punt", owner_org_id=orgs["Y"],
                                 meeting_id=meetings["A1"], agenda_item_id=items["A1y"]).id,
        "Bz": ws.actions.create(table_id=B, text="Actie Z", owner_org_id=orgs["Z"]).id,
    }  # fmt: skip
    # decisions are taken while a meeting's agenda is set (docs/record.md): set it, decide,
    # and open it again, the items back to ingediend, so the world starts as before
    open_items = [items["A1x"], items["A1y"], items["B1z"]]
    for item_id in open_items:
        ws.agenda.accept(item_id, ws.agenda.get(item_id).version)
    for key in ("A1", "B1"):
        ws.meetings.set_agenda(meetings[key], ws.meetings.get(meetings[key]).version)
    decisions = {
        "A1": ws.decisions.record_decision(meetings["A1"], "Besluit A").id,
        "A1x": ws.decisions.record_decision(
            meetings["A1"], "Besluit over punt", agenda_item_id=items["A1x"]
        ).id,
        "B1": ws.decisions.record_decision(meetings["B1"], "Besluit B").id,
    }
    for key in ("A1", "B1"):
        ws.meetings.reopen_agenda(meetings[key], ws.meetings.get(meetings[key]).version)
    for item_id in open_items:
        ws.agenda.unaccept(item_id, ws.agenda.get(item_id).version)
    goals = {t: ws.goals.create(table_id=tables[t], description=f"Doel {t}").id for t in "AB"}
    agreements = {
        t: ws.working_agreements.create(
            table_id=tables[t], subject="frequentie", text=f"Afspraak {t}"
        ).id
        for t in "AB"
    }
    initiatives = {
        t: ws.initiatives.create(table_id=tables[t], title=f"Initiatief {t}").id for t in "AB"
    }
    interests = {
        f"{t}{o}": ws.interests.create(
            table_id=tables[t], organisation_id=orgs[o], topic=f"thema {o}"
        ).id
        for t, o in (("A", "X"), ("A", "Y"), ("B", "Z"))
    }
    ws.close()
    ids.update(
        orgs=orgs,
        people=people,
        tables=tables,
        records={
            "membership": members,
            "meeting": meetings,
            "agenda_item": items,
            "action": actions,
            "decision": decisions,
            "goal": goals,
            "working_agreement": agreements,
            "initiative": initiatives,
            "interest": interests,
        },
    )
    return ids


_FOLDER = tempfile.mkdtemp(prefix="scope-")
atexit.register(shutil.rmtree, _FOLDER, ignore_errors=True)
_TEMPLATE = Path(_FOLDER) / "world.db"
WORLD = _build(_TEMPLATE)
ORGS, PEOPLE, TABLES = WORLD["orgs"], WORLD["people"], WORLD["tables"]
RECORDS = WORLD["records"]
ORG_OF_PERSON = {
    PEOPLE[p]: ORGS[o]
    for p, o in (("x1", "X"), ("x2", "X"), ("y1", "Y"), ("y2", "Y"), ("z1", "Z"),
                 ("sa", "G"), ("sb", "G"), ("va", "O"))
}  # fmt: skip
MEMBERS = {
    TABLES["A"]: {ORGS["X"], ORGS["Y"], ORGS["G"]},
    TABLES["B"]: {ORGS["Y"], ORGS["Z"], ORGS["G"]},
}
# Per actor: its organisation and its roles per table, as the world above makes them.
ACTOR_ORG = {"px": ORGS["X"], "py": ORGS["Y"], "va": ORGS["O"], "sa": ORGS["G"],
             "sb": ORGS["G"]}  # fmt: skip
# (The secretaries work at the gemeente, a partner at both tables.)
ROLES_AT = {
    "va": {TABLES["A"]: {"voorzitter"}},
    "sa": {TABLES["A"]: {"secretaris", "partner"}, TABLES["B"]: {"voorzitter", "partner"}},
    "sb": {TABLES["B"]: {"secretaris", "partner"}, TABLES["A"]: {"partner"}},
    "px": {TABLES["A"]: {"partner"}},
    "py": {TABLES["A"]: {"partner"}, TABLES["B"]: {"partner"}},
}


def holds(actor: str, perm: str, table: int | None, org: int | None) -> bool:
    """The matrix of docs/permissions.md for the rights a table-scoped update needs."""
    if actor == "beheer":
        return True
    if actor == "lezer" or table is None:
        return False
    roles = ROLES_AT[actor].get(table, set())
    if roles & {"voorzitter", "secretaris"}:
        return True
    if perm == "initiative.manage":
        return "partner" in roles
    if perm in ("interest.manage", "agenda.withdraw", "agenda.submit"):
        return "partner" in roles and org is not None and org == ACTOR_ORG[actor]
    return False


def _open(tmp: Path, actor: str) -> Workspace:
    """A fresh copy of the world (its own folder: no WAL file of an earlier copy)."""
    path = Path(tempfile.mkdtemp(dir=tmp)) / "ws.db"
    shutil.copy(_TEMPLATE, path)
    return Workspace.open(make_config(path, users=USERS), login=actor)


def _dump(ws: Workspace) -> dict:
    """Every row of every table (full-text shadow tables aside)."""
    names = [
        r["name"]
        for r in ws.store.query(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE '%fts%'"
            " AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '\\_%' ESCAPE '\\'"
        )
    ]
    return {n: ws.store.query(f"SELECT * FROM {n} ORDER BY rowid") for n in names}


# -- what each record type's update may change, and to what ---------------------------------------
MEETINGS = list(RECORDS["meeting"].values())
ITEMS = list(RECORDS["agenda_item"].values())
ORG_IDS = list(ORGS.values())
PERSON_IDS = list(PEOPLE.values())
table_ids = st.sampled_from(list(TABLES.values()))

CHANGES = {
    "goal": {"table_id": table_ids, "description": st.just("Ander doel")},
    "working_agreement": {"table_id": table_ids, "text": st.just("Andere afspraak")},
    "initiative": {"table_id": table_ids, "title": st.just("Ander initiatief")},
    "interest": {"table_id": table_ids, "organisation_id": st.sampled_from(ORG_IDS)},
    "membership": {
        "table_id": table_ids,
        "organisation_id": st.sampled_from(ORG_IDS),
        "representatives": st.lists(st.sampled_from(PERSON_IDS), max_size=2, unique=True),
    },
    "meeting": {"table_id": table_ids, "location": st.just("Stadhuis")},
    "agenda_item": {
        "table_id": table_ids,
        "meeting_id": st.sampled_from([*MEETINGS, None]),
        "submitted_by_org_id": st.sampled_from(ORG_IDS),
        "submitted_by_person_id": st.sampled_from([*PERSON_IDS, None]),
        "title": st.just("Andere titel"),
    },
    "action": {
        "table_id": table_ids,
        "meeting_id": st.sampled_from([*MEETINGS, None]),
        "agenda_item_id": st.sampled_from([*ITEMS, None]),
        "owner_org_id": st.sampled_from([*ORG_IDS, None]),
        "owner_person_id": st.sampled_from([*PERSON_IDS, None]),
    },
    "decision": {
        "meeting_id": st.sampled_from(MEETINGS),
        "agenda_item_id": st.sampled_from([*ITEMS, None]),
        "text": st.just("Ander besluit"),
    },
}
SERVICE = {
    "goal": "goals",
    "working_agreement": "working_agreements",
    "initiative": "initiatives",
    "interest": "interests",
    "membership": "memberships",
    "meeting": "meetings",
    "agenda_item": "agenda",
    "action": "actions",
    "decision": "decisions",
}
SQL = {
    "goal": "goals",
    "working_agreement": "working_agreements",
    "initiative": "initiatives",
    "interest": "interests",
    "membership": "memberships",
    "meeting": "meetings",
    "agenda_item": "agenda_items",
    "action": "actions",
    "decision": "decisions",
}


@st.composite
def updates(draw):
    kind = draw(st.sampled_from(sorted(CHANGES)))
    record_id = draw(st.sampled_from(sorted(RECORDS[kind].values())))
    fields = draw(st.permutations(sorted(CHANGES[kind])))
    keys = fields[: draw(st.integers(1, len(fields)))]
    changes = {k: draw(CHANGES[kind][k]) for k in sorted(keys)}
    return kind, record_id, changes


def expect(ws: Workspace, actor: str, kind: str, current: dict, changes: dict):
    """(rights hold at both ends, references valid, the record after the write, moved to
    another table) by the rules in docs/permissions.md, read from the data with plain SQL."""

    def table_of_row(sql_table: str, id: int | None) -> int | None:
        if id is None:
            return None
        return ws.store.scalar(f"SELECT table_id FROM {sql_table} WHERE id = ?", [id])

    new = {**current, **changes}
    follows = kind in ("agenda_item", "action")
    if follows and changes.get("meeting_id") is not None and "table_id" not in changes:
        new["table_id"] = table_of_row("meetings", changes["meeting_id"])
    person_org = {"agenda_item": ("submitted_by_person_id", "submitted_by_org_id"),
                  "action": ("owner_person_id", "owner_org_id")}.get(kind)  # fmt: skip
    refs_ok = True
    if person_org:
        person_col, org_col = person_org
        if new[person_col] is not None:
            if new[org_col] is None:
                new[org_col] = ORG_OF_PERSON[new[person_col]]
            elif ORG_OF_PERSON[new[person_col]] != new[org_col]:
                refs_ok = False
    if kind == "membership":
        refs_ok &= all(ORG_OF_PERSON[p] == new["organisation_id"] for p in new["representatives"])
        moved = (new["table_id"], new["organisation_id"]) != (
            current["table_id"],
            current["organisation_id"],
        )
        # at most one current membership per organisation and table (all are current here)
        refs_ok &= not moved or not ws.store.scalar(
            "SELECT count(*) FROM memberships WHERE table_id = ? AND organisation_id = ?"
            " AND id != ?",
            [new["table_id"], new["organisation_id"], current["id"]],
        )

    def table_of(record: dict) -> int | None:
        if kind == "decision":
            return table_of_row("meetings", record["meeting_id"])
        return record["table_id"]

    old_table, new_table = table_of(current), table_of(new)
    for col, sql_table in (("meeting_id", "meetings"), ("agenda_item_id", "agenda_items")):
        if kind in ("agenda_item", "action", "decision") and col in new:
            if kind == "agenda_item" and col == "agenda_item_id":
                continue
            if new[col] is not None and table_of_row(sql_table, new[col]) != new_table:
                refs_ok = False
    hanging = {
        "meeting": ("SELECT count(*) FROM agenda_items WHERE meeting_id = ?",
                    "SELECT count(*) FROM actions WHERE meeting_id = ?"),
        "agenda_item": ("SELECT count(*) FROM actions WHERE agenda_item_id = ?",
                        "SELECT count(*) FROM decisions WHERE agenda_item_id = ?"),
    }.get(kind, ())  # fmt: skip
    if new_table != old_table and any(ws.store.scalar(q, [current["id"]]) for q in hanging):
        refs_ok = False

    perm = {
        "goal": "goal.manage",
        "working_agreement": "working_agreement.manage",
        "initiative": "initiative.manage",
        "interest": "interest.manage",
        "membership": "membership.manage",
        "meeting": "meeting.manage",
        "agenda_item": "agenda.manage",
        "action": "action.manage",
        "decision": "minutes.record",
    }[kind]
    org_col = {"interest": "organisation_id", "agenda_item": "submitted_by_org_id"}.get(kind)
    if kind == "agenda_item" and set(changes) <= {"title"} and current["status"] == "ingediend":
        perm = "agenda.withdraw"
    old_org = current[org_col] if org_col else None
    new_org = new[org_col] if org_col else None
    rights = holds(actor, perm, old_table, old_org) and holds(actor, perm, new_table, new_org)
    return rights, refs_ok, new, old_table != new_table


@settings(
    max_examples=400,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(actor=st.sampled_from([*ACTORS, "beheer", "sa"]), update=updates())  # more moves
def test_a_write_succeeds_iff_the_right_holds_at_both_ends(tmp_path, actor, update):
    kind, record_id, changes = update
    ws = _open(tmp_path, actor)
    try:
        service = getattr(ws, SERVICE[kind])
        current = dict(service.get(record_id))
        rights, refs_ok, new, moved = expect(ws, actor, kind, current, changes)
        before = _dump(ws)
        try:
            after = service.update(record_id, current["version"], **changes)
        except (PermissionDenied, ValidationError) as exc:
            event(f"{kind}: refused ({type(exc).__name__})")
            assert not (rights and refs_ok), f"refused although allowed: {exc.message}"
            if rights:
                assert isinstance(exc, ValidationError), exc.message
            if refs_ok:
                assert isinstance(exc, PermissionDenied), exc.message
            assert _dump(ws) == before, "a refused write changed something"
        else:
            event(f"{kind}: written{' (moved)' if moved else ''}")
            assert rights and refs_ok, f"{actor} may not {kind} {current} -> {new}"
            for col in new:
                if col not in ("version", "updated_at", "updated_by"):
                    assert after[col] == new[col], col
            stored = ws.store.query_one(f"SELECT * FROM {SQL[kind]} WHERE id = ?", [record_id])
            assert stored["version"] == current["version"] + 1
            last = ws.audit.recent(1)[0]
            assert (last.actor, last.record_type, last.record_id) == (actor, kind, record_id)
    finally:
        ws.close()


# -- and the same for new records that refer to others ------------------------------------------
maybe_meeting = st.sampled_from([*MEETINGS, None])
maybe_item = st.sampled_from([*ITEMS, None])
maybe_org = st.sampled_from([*ORG_IDS, None])
maybe_person = st.sampled_from([*PERSON_IDS, None])
CREATES = {
    "action": st.fixed_dictionaries(
        {"table_id": table_ids, "meeting_id": maybe_meeting, "agenda_item_id": maybe_item,
         "owner_org_id": maybe_org, "owner_person_id": maybe_person}
    ),
    "agenda_item": st.fixed_dictionaries(
        {"table_id": table_ids, "meeting_id": maybe_meeting, "org_id": maybe_org,
         "person_id": maybe_person}
    ),
    "decision": st.fixed_dictionaries(
        {"meeting_id": st.sampled_from(MEETINGS), "agenda_item_id": maybe_item}
    ),
    "interest": st.fixed_dictionaries(
        {"table_id": table_ids, "organisation_id": st.sampled_from(ORG_IDS)}
    ),
}  # fmt: skip


def create(ws: Workspace, kind: str, v: dict):
    if kind == "action":
        return ws.actions.create(text="Nieuw", **v)
    if kind == "agenda_item":
        return ws.agenda.submit(
            v["table_id"], "Nieuw", meeting_id=v["meeting_id"], org_id=v["org_id"],
            person_id=v["person_id"],
        )  # fmt: skip
    if kind == "decision":
        return ws.decisions.record_decision(
            v["meeting_id"], "Nieuw", agenda_item_id=v["agenda_item_id"]
        )
    return ws.interests.create(topic="nieuw", **v)


@settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    actor=st.sampled_from(ACTORS),
    kind_values=st.sampled_from(sorted(CREATES)).flatmap(
        lambda kind: st.tuples(st.just(kind), CREATES[kind])
    ),
)
def test_a_new_record_needs_the_right_at_its_scope_and_valid_references(
    tmp_path, actor, kind_values
):
    kind, v = kind_values
    ws = _open(tmp_path, actor)
    try:

        def table_of_row(sql_table: str, id: int | None) -> int | None:
            if id is None:
                return None
            return ws.store.scalar(f"SELECT table_id FROM {sql_table} WHERE id = ?", [id])

        v = dict(v)
        if kind == "agenda_item" and v["org_id"] is None and v["person_id"] is None:
            # a partner's submission without a submitter is its own organisation's
            v["org_id"] = ws.actor.organisation_id
            v["person_id"] = ws.actor.person_id
        person_col, org_col = {
            "action": ("owner_person_id", "owner_org_id"),
            "agenda_item": ("person_id", "org_id"),
        }.get(kind, (None, None))
        refs_ok = True
        if person_col and v[person_col] is not None:
            if v[org_col] is None:
                v[org_col] = ORG_OF_PERSON[v[person_col]]
            elif ORG_OF_PERSON[v[person_col]] != v[org_col]:
                refs_ok = False
        table = table_of_row("meetings", v["meeting_id"]) if kind == "decision" else v["table_id"]
        for col, sql_table in (("meeting_id", "meetings"), ("agenda_item_id", "agenda_items")):
            if v.get(col) is not None and table_of_row(sql_table, v[col]) != table:
                refs_ok = False
        perm = {
            "action": "action.manage",
            "agenda_item": "agenda.submit",
            "decision": "minutes.record",
            "interest": "interest.manage",
        }[kind]
        org = v.get("org_id") if kind == "agenda_item" else v.get("organisation_id")
        rights = holds(actor, perm, table, org)
        before = _dump(ws)
        try:
            rec = create(ws, kind, v)
        except (PermissionDenied, ValidationError) as exc:
            event(f"{kind}: refused ({type(exc).__name__})")
            assert not (rights and refs_ok), f"refused although allowed: {exc.message}"
            if rights:
                assert isinstance(exc, ValidationError), exc.message
            if refs_ok:
                assert isinstance(exc, PermissionDenied), exc.message
            assert _dump(ws) == before, "a refused write changed something"
        else:
            event(f"{kind}: written")
            assert rights and refs_ok, f"{actor} may not create {kind} {v}"
            if person_col:
                stored = "submitted_by_org_id" if kind == "agenda_item" else org_col
                assert rec[stored] == v[org_col]
    finally:
        ws.close()


# -- the examples of the issue, one by one --------------------------------------------------------
@pytest.fixture
def world(tmp_path):
    opened = []

    def open_as(actor: str) -> Workspace:
        ws = Workspace.open(make_config(tmp_path / "ws.db", users=USERS), login=actor)
        opened.append(ws)
        return ws

    shutil.copy(_TEMPLATE, tmp_path / "ws.db")
    yield open_as
    for ws in opened:
        ws.close()


def _audit_count(ws: Workspace) -> int:
    return ws.store.scalar("SELECT count(*) FROM audit")


@pytest.mark.parametrize(
    "service, kind, key",
    [
        ("goals", "goal", "A"),
        ("working_agreements", "working_agreement", "A"),
        ("initiatives", "initiative", "A"),
        ("meetings", "meeting", "A2"),
        ("actions", "action", "Ax"),
        ("memberships", "membership", "AX"),
        ("interests", "interest", "AX"),
        ("agenda", "agenda_item", "Ay"),
    ],
)
def test_the_chair_of_one_table_cannot_move_its_records_to_another(world, service, kind, key):
    ws = world("va")
    svc = getattr(ws, service)
    rec = svc.get(RECORDS[kind][key])
    audits = _audit_count(ws)
    with pytest.raises(PermissionDenied, match="Tafel B"):
        svc.update(rec.id, rec.version, table_id=TABLES["B"])
    assert svc.get(rec.id) == rec
    assert _audit_count(ws) == audits
    # with the right at both tables, the same move goes through
    admin = world("beheer")
    moved = getattr(admin, service).update(rec.id, rec.version, table_id=TABLES["B"])
    assert moved.table_id == TABLES["B"]


def test_an_agenda_item_moved_to_a_meeting_of_another_table_needs_both(world):
    item = world("beheer").agenda.get(RECORDS["agenda_item"]["Ay"])
    with pytest.raises(PermissionDenied, match="Tafel B"):
        world("va").agenda.update(item.id, item.version, meeting_id=RECORDS["meeting"]["B1"])
    with pytest.raises(PermissionDenied, match="Tafel A"):
        world("sb").agenda.update(item.id, item.version, meeting_id=RECORDS["meeting"]["B1"])
    # secretaris of A and voorzitter of B: the right at both tables
    moved = world("sa").agenda.update(item.id, item.version, meeting_id=RECORDS["meeting"]["B1"])
    assert (moved.table_id, moved.meeting_id) == (TABLES["B"], RECORDS["meeting"]["B1"])


def test_a_meeting_of_another_table_cannot_be_named_without_moving(world):
    ws = world("beheer")
    item = ws.agenda.get(RECORDS["agenda_item"]["Ay"])
    with pytest.raises(ValidationError) as err:
        ws.agenda.update(
            item.id, item.version, table_id=TABLES["A"], meeting_id=RECORDS["meeting"]["B1"]
        )
    assert "meeting_id" in err.value.fields
    action = ws.actions.get(RECORDS["action"]["Ax"])
    with pytest.raises(ValidationError) as err:
        ws.actions.update(action.id, action.version, agenda_item_id=RECORDS["agenda_item"]["B1z"])
    assert "agenda_item_id" in err.value.fields


def test_a_decision_moved_to_a_meeting_of_another_table_needs_both(world):
    dec = world("beheer").decisions.get(RECORDS["decision"]["A1"])
    audits = _audit_count(world("beheer"))
    with pytest.raises(PermissionDenied, match="Tafel B"):
        world("va").decisions.update(dec.id, dec.version, meeting_id=RECORDS["meeting"]["B1"])
    assert world("beheer").decisions.get(dec.id) == dec
    assert _audit_count(world("beheer")) == audits


def test_a_partner_cannot_move_its_interest_to_another_organisation(world):
    ws = world("px")
    rec = ws.interests.get(RECORDS["interest"]["AX"])
    with pytest.raises(PermissionDenied):
        ws.interests.update(rec.id, rec.version, organisation_id=ORGS["Y"])
    assert ws.interests.get(rec.id) == rec
    # its own interest, its own organisation: still fine
    assert ws.interests.update(rec.id, rec.version, text="Meer woningen").text == "Meer woningen"


def test_a_signature_is_by_a_person_of_the_signing_organisation(world):
    ws = world("beheer")
    ws.missions.revise(TABLES["A"], "Samen bouwen")
    with pytest.raises(ValidationError) as err:
        ws.missions.sign(TABLES["A"], ORGS["X"], person_id=PEOPLE["y1"])
    assert "person_id" in err.value.fields
    assert not ws.store.scalar("SELECT count(*) FROM signatures")
    signed = ws.missions.sign(TABLES["A"], ORGS["X"], person_id=PEOPLE["x2"])
    assert signed.person_id == PEOPLE["x2"]


@pytest.mark.parametrize(
    "service, key, changes, field",
    [
        ("actions", "Ax", {"owner_person_id": "y1"}, "owner_person_id"),
        ("actions", "Ax", {"owner_org_id": "Y"}, "owner_person_id"),
        ("agenda", "A1x", {"submitted_by_person_id": "z1"}, "submitted_by_person_id"),
        ("memberships", "AX", {"representatives": ["x1", "y1"]}, "representatives"),
        ("memberships", "AX", {"organisation_id": "Y"}, "representatives"),
    ],
)
def test_people_belong_to_the_organisation_they_act_for(world, service, key, changes, field):
    ws = world("beheer")
    kind = {"actions": "action", "agenda": "agenda_item", "memberships": "membership"}[service]
    svc = getattr(ws, service)
    rec = svc.get(RECORDS[kind][key])
    values = {
        k: [PEOPLE[p] for p in v] if isinstance(v, list) else PEOPLE.get(v) or ORGS[v]
        for k, v in changes.items()
    }
    audits = _audit_count(ws)
    with pytest.raises(ValidationError) as err:
        svc.update(rec.id, rec.version, **values)
    assert field in err.value.fields
    assert svc.get(rec.id) == rec
    assert _audit_count(ws) == audits


def test_a_person_without_an_organisation_given_brings_its_own(world):
    ws = world("beheer")
    item = ws.agenda.submit(TABLES["A"], "Via persoon", person_id=PEOPLE["y1"])
    assert item.submitted_by_org_id == ORGS["Y"]
    action = ws.actions.create(table_id=TABLES["B"], text="Z", owner_person_id=PEOPLE["z1"])
    assert action.owner_org_id == ORGS["Z"]


def test_a_partner_cannot_submit_for_another_organisation_through_its_person(world):
    ws = world("px")
    with pytest.raises(PermissionDenied):
        ws.agenda.submit(TABLES["A"], "Namens Y", org_id=None, person_id=PEOPLE["y1"])


def test_a_membership_does_not_move_onto_another_of_the_same_organisation(world):
    ws = world("beheer")
    rec = ws.memberships.get(RECORDS["membership"]["AY"])  # Y is a member of B as well
    with pytest.raises(ValidationError, match="al lid"):
        ws.memberships.update(rec.id, rec.version, table_id=TABLES["B"], representatives=[])
    assert ws.memberships.get(rec.id) == rec


def test_an_initiative_moves_only_with_partners_of_its_new_table(world):
    ws = world("beheer")
    own = ws.initiatives.create(table_id=TABLES["A"], title="Samen", organisation_ids=[ORGS["X"]])
    with pytest.raises(ValidationError) as err:
        ws.initiatives.update(own.id, own.version, table_id=TABLES["B"])  # X is no member there
    assert "organisation_ids" in err.value.fields
    assert ws.initiatives.get(own.id).table_id == TABLES["A"]
    both = ws.initiatives.create(table_id=TABLES["A"], title="Beide", organisation_ids=[ORGS["Y"]])
    assert (
        ws.initiatives.update(both.id, both.version, table_id=TABLES["B"]).table_id == (TABLES["B"])
    )


def test_a_record_others_hang_on_does_not_move(world):
    ws = world("beheer")
    meeting = ws.meetings.get(RECORDS["meeting"]["A1"])
    with pytest.raises(ValidationError, match="agendapunten"):
        ws.meetings.update(meeting.id, meeting.version, table_id=TABLES["B"])
    item = ws.agenda.get(RECORDS["agenda_item"]["A1y"])
    with pytest.raises(ValidationError, match="acties"):
        ws.agenda.update(item.id, item.version, table_id=TABLES["B"], meeting_id=None)


# -- cascades -------------------------------------------------------------------------------------
def test_cancelling_a_meeting_audits_every_item_it_moves(world):
    ws = world("sa")
    events = []
    ws.plugins.call = lambda hook, **kw: events.append(kw.get("event")) or []
    meeting = ws.meetings.get(RECORDS["meeting"]["A1"])
    moved = [RECORDS["agenda_item"]["A1x"], RECORDS["agenda_item"]["A1y"]]
    before = {i: ws.agenda.get(i) for i in moved}
    ws.meetings.cancel(meeting.id, meeting.version, "Geen quorum")
    rows = ws.audit.recent(10, record_type="agenda_item")
    by_item = {r.record_id: r for r in rows if r.action == "meeting_cancelled"}
    assert set(by_item) == set(moved)
    for item_id in moved:
        row = by_item[item_id]
        assert row.actor == "sa"
        after = ws.agenda.get(item_id)
        assert after.meeting_id == RECORDS["meeting"]["A2"]
        assert after.version == before[item_id].version + 1
        assert f'"meeting_id": {RECORDS["meeting"]["A1"]}' in row.before
        assert f'"meeting_id": {RECORDS["meeting"]["A2"]}' in row.after
    changed = {(e.record_type, e.record_id) for e in events if e is not None}
    assert {("agenda_item", i) for i in moved} <= changed


def test_deleting_a_table_audits_every_row_it_removes(world):
    ws = world("beheer")
    t = ws.tables.create(name="Tafel C", kind="werkgroep")
    ws.memberships.add(t.id, ORGS["X"], representatives=[PEOPLE["x1"]])
    goal = ws.goals.create(table_id=t.id, description="Doel C")
    wa = ws.working_agreements.create(table_id=t.id, subject="frequentie", text="Maandelijks")
    ws.interests.create(table_id=t.id, organisation_id=ORGS["X"], topic="wonen")
    ws.initiatives.create(table_id=t.id, title="Idee C")
    first = ws.agenda.submit(t.id, "Backlog", org_id=ORGS["X"])
    ws.attachments.add(first.id, "notitie.pdf", b"%PDF-1.4 notitie")
    ws.agenda.postpone(first.id, first.version)  # a carried copy that refers to it
    ws.actions.create(table_id=t.id, text="Actie C")
    mission = ws.missions.revise(t.id, "Missie C")
    ws.missions.sign(t.id, ORGS["X"], person_id=PEOPLE["x1"])
    counts = {
        kind: ws.store.scalar(f"SELECT count(*) FROM {sql} WHERE table_id = ?", [t.id])
        for kind, sql in (("membership", "memberships"), ("goal", "goals"),
                          ("working_agreement", "working_agreements"), ("interest", "interests"),
                          ("initiative", "initiatives"), ("agenda_item", "agenda_items"),
                          ("action", "actions"), ("mission", "missions"))
    }  # fmt: skip
    counts["signature"] = 1
    counts["attachment"] = 1
    assert counts["agenda_item"] == 2
    mark = ws.store.scalar("SELECT max(id) FROM audit")
    ws.tables.delete(t.id)
    rows = ws.store.query(
        "SELECT record_type, record_id, action, before, after FROM audit WHERE id > ?", [mark]
    )
    deleted = {}
    for r in rows:
        assert r["action"] == "delete" and r["before"] and r["after"] is None
        deleted[r["record_type"]] = deleted.get(r["record_type"], 0) + 1
    assert deleted == {**counts, "table": 1}
    assert not ws.store.scalar("SELECT count(*) FROM attachment_blobs")  # no orphaned content
    assert ("goal", goal.id) in {(r["record_type"], r["record_id"]) for r in rows}
    assert ("working_agreement", wa.id) in {(r["record_type"], r["record_id"]) for r in rows}
    assert ("mission", mission.id) in {(r["record_type"], r["record_id"]) for r in rows}


# -- refusals -------------------------------------------------------------------------------------
@pytest.mark.parametrize("lang", ["nl", "en"])
def test_a_refusal_names_every_role_that_holds_the_right(world, lang):
    ws = world("lezer")
    i18n.set_language(lang)
    try:
        with pytest.raises(PermissionDenied) as err:
            ws.organisations.create(name="Nieuw", kind="overig")
        message = err.value.message
        any_table = "bij elke tafel" if lang == "nl" else "at any table"
        assert f"voorzitter ({any_table})" in message
        assert f"secretaris ({any_table})" in message
        assert "beheerder" in message
        with pytest.raises(PermissionDenied) as err:
            ws.actions.close(RECORDS["action"]["Ax"], 1)
        own = "eigen organisatie" if lang == "nl" else "own organisation"
        assert err.value.message.endswith(f"beheerder, voorzitter, secretaris, partner ({own}).")
    finally:
        i18n.set_language("nl")


def test_every_holder_of_a_right_may_use_it():
    """The roles a refusal names are exactly those the check lets through."""
    chair_any = permissions.Actor("c", person_id=1, table_roles={7: {"voorzitter"}})
    secretary_any = permissions.Actor("s", person_id=2, table_roles={7: {"secretaris"}})
    for action in permissions.MATRIX:
        named = dict(permissions.holders(action))
        for role, actor in (("voorzitter", chair_any), ("secretaris", secretary_any)):
            scope = named.get(role)
            if scope == "any":
                assert permissions.allowed(actor, action), (action, role)
            elif scope == "":
                assert permissions.allowed(actor, action, table_id=7), (action, role)
            else:
                assert not permissions.allowed(actor, action, table_id=7), (action, role)


def test_the_world_is_as_the_oracle_says(world):
    """The oracle's roles are the data's: where the property test's assumptions are checked."""
    for actor, roles in ROLES_AT.items():
        ws = world(actor)
        assert ws.actor.table_roles == roles, actor
        assert ws.actor.organisation_id == ACTOR_ORG[actor]
    ws = world("beheer")
    for table, orgs in MEMBERS.items():
        rows = ws.store.query("SELECT organisation_id FROM memberships WHERE table_id = ?", [table])
        assert {r["organisation_id"] for r in rows} == orgs
    for person, org in ORG_OF_PERSON.items():
        assert ws.people.get(person).organisation_id == org
