"""A large, deterministic workspace for benchmarks: ``stadstafel demo --create DIR --size large``.

Sizes (large): 10,000 organisations, 20,000 people, 500 tables, 20,000 meetings, 200,000 agenda
items, 100,000 actions; ``medium`` is a tenth. The data is generated from a seeded random
generator, so two runs give the same database. Enabled plugins add their part in proportion
(hook ``generate_data``; woningbouw: a register of one project per five organisations).

This is a bulk load, not a series of user mutations: it writes through the services' bulk
path (``Service.bulk_insert``) in a few large transactions and writes no audit rows (an audit
of synthetic data would only double the file). Everything else — constraints, search index
triggers, versions — is as for real data, and the record's rules hold (docs/record.md): a
meeting's status follows its date (verslag vastgesteld, gehouden, agenda vastgesteld,
gepland; a few cancelled with a reason), its items are in a status that meeting may hold
(``vocab.ITEMS_IN_MEETING``, checked by ``Agenda.bulk_insert``), held meetings have
attendance, and actions come from meetings that were held.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import uuid
from collections.abc import Callable

from stadstafel import clock, vocab

SIZES = {
    "large": {
        "organisations": 10_000,
        "people": 20_000,
        "tables": 500,
        "meetings": 20_000,
        "agenda_items": 200_000,
        "actions": 100_000,
    },
    "medium": {
        "organisations": 1_000,
        "people": 2_000,
        "tables": 50,
        "meetings": 2_000,
        "agenda_items": 20_000,
        "actions": 10_000,
    },
    "tiny": {
        "organisations": 100,
        "people": 200,
        "tables": 5,
        "meetings": 200,
        "agenda_items": 2_000,
        "actions": 1_000,
    },
}

CITIES = [
    "Leiden",
    "Voorschoten",
    "Zoeterwoude",
    "Leiderdorp",
    "Oegstgeest",
    "Katwijk",
    "Alphen aan den Rijn",
    "Den Haag",
    "Delft",
    "Zoetermeer",
    "Gouda",
    "Haarlem",
    "Utrecht",
    "Amersfoort",
    "Dordrecht",
    "Tilburg",
    "Breda",
    "Nijmegen",
    "Arnhem",
    "Zwolle",
    "Deventer",
    "Enschede",
    "Groningen",
    "Leeuwarden",
    "Maastricht",
    "Venlo",
    "Helmond",
    "Eindhoven",
    "Schiedam",
    "Vlaardingen",
    "Hilversum",
    "Almere",
]
ORG_WORDS = [
    "Wonen",
    "Bouw",
    "Vastgoed",
    "Groep",
    "Ontwikkeling",
    "Stichting",
    "Netwerk",
    "Huurders",
    "Kennis",
    "Advies",
    "Zorg",
    "Onderwijs",
    "Buurt",
    "Coöperatie",
]
FIRST = [
    "Anne",
    "Bas",
    "Carla",
    "Daan",
    "Eva",
    "Fleur",
    "Gijs",
    "Hanna",
    "Iris",
    "Joost",
    "Karin",
    "Lars",
    "Mila",
    "Niels",
    "Olga",
    "Pieter",
    "Roos",
    "Sem",
    "Tess",
    "Wouter",
    "Yara",
    "Zoë",
    "Ruben",
    "Lotte",
    "Milan",
    "Noor",
    "Thijs",
    "Sanne",
]
LAST = [
    "de Vries",
    "Jansen",
    "van Dijk",
    "Bakker",
    "Visser",
    "Smit",
    "Meijer",
    "de Boer",
    "Mulder",
    "de Groot",
    "Bos",
    "Vos",
    "Peters",
    "Hendriks",
    "van Leeuwen",
    "Dekker",
    "Brouwer",
    "de Wit",
    "Dijkstra",
    "Smits",
    "de Graaf",
    "van der Meer",
    "Kok",
    "Prins",
]
TOPICS = [
    "doorstroming",
    "participatie",
    "functiemenging",
    "betaalbaarheid",
    "duurzaamheid",
    "omgevingswet",
    "sociaal domein",
    "regionale economie",
    "flexibel wonen",
    "studentenhuisvesting",
    "biodiversiteit",
    "erfgoed",
    "gezondheid",
    "arbeidsmarkt",
]
ITEM_WORDS = [
    "voortgang",
    "woningbouwprogramma",
    "plancapaciteit",
    "doorstroming senioren",
    "participatieplan",
    "knelpunten",
    "grondprijzen",
    "middenhuur",
    "sociale huur",
    "stikstof",
    "netcongestie",
    "woondeal",
    "evaluatie",
    "werkafspraken",
    "begroting",
    "monitor",
    "transformatie kantoren",
    "leerkring",
    "experiment",
    "symposium",
]


CANCELLED, VASTGESTELD = "geannuleerd", "verslag vastgesteld"
# The item statuses generated for a meeting in each status, drawn by one number 0-5 (the
# same draw as before the record's rules, so the rest of the data stays as it was). Each is
# one that ``vocab.ITEMS_IN_MEETING`` allows.
ITEM_STATUSES = {
    VASTGESTELD: ["behandeld", "behandeld", "behandeld", "behandeld", "doorgeschoven",
                  "ingetrokken"],
    "gehouden": ["behandeld", "behandeld", "geagendeerd", "behandeld", "doorgeschoven",
                 "ingetrokken"],
    "agenda vastgesteld": ["geagendeerd", "geagendeerd", "geagendeerd", "ingediend",
                           "doorgeschoven", "ingetrokken"],
    "gepland": ["geagendeerd", "geagendeerd", "ingediend", "ingediend", "doorgeschoven",
                "ingetrokken"],
    CANCELLED: ["doorgeschoven", "ingetrokken", "doorgeschoven", "ingetrokken", "doorgeschoven",
                "ingetrokken"],
}  # fmt: skip


def meeting_status(start: dt.datetime, now: dt.datetime, life: random.Random) -> str:
    """A generated meeting's status from its date: minutes adopted after six weeks, held
    before today, the agenda set within its last week, planned after that; one in fifty
    cancelled."""
    if life.random() < 0.02:
        return CANCELLED
    if start < now - dt.timedelta(weeks=6):
        return VASTGESTELD
    if start < now:
        return "gehouden"
    if start - dt.timedelta(days=7) < now:
        return "agenda vastgesteld"
    return "gepland"


def item_status(meeting_status: str, draw: int) -> str:
    return ITEM_STATUSES[meeting_status][draw]


def _stamp(moment: dt.datetime) -> str:
    return moment.isoformat(sep=" ", timespec="minutes")


def generate(
    ws,
    *,
    size: str = "large",
    seed: int = 20270104,
    progress: Callable[[str, int], None] | None = None,
) -> dict[str, int]:
    """Fill an empty workspace with generated data; return the counts written."""
    counts = SIZES[size]
    rnd = random.Random(seed)
    now = clock.now().replace(second=0)
    stamp = _stamp(now)
    meta = {"version": 1, "created_at": stamp, "updated_at": stamp, "updated_by": "generator"}
    conn = ws.store.conn
    report = progress or (lambda _what, _n: None)
    # the record's choices come from their own stream: names, titles and counts stay the same
    life = random.Random(f"{seed}:lifecycle")
    services = {
        "organisations": ws.organisations,
        "people": ws.people,
        "tables": ws.tables,
        "memberships": ws.memberships,
        "meetings": ws.meetings,
        "agenda_items": ws.agenda,
        "actions": ws.actions,
        "attendance": ws.attendance,
    }

    def insert(table: str, rows: list[dict]) -> None:
        if rows:
            report(table, services[table].bulk_insert(rows))

    n_org, n_people = counts["organisations"], counts["people"]
    with ws.store.write_lock():
        orgs = []
        for i in range(1, n_org + 1):
            kind = vocab.ORGANISATION_KINDS[rnd.randrange(len(vocab.ORGANISATION_KINDS))]
            city = CITIES[rnd.randrange(len(CITIES))]
            name = f"{ORG_WORDS[rnd.randrange(len(ORG_WORDS))]} {city} {i:05d}"
            orgs.append(
                {
                    "id": i,
                    "name": name,
                    "kind": kind,
                    "website": None,
                    "notes": f"Gegenereerde {kind} in {city}.",
                    **meta,
                }
            )
        insert("organisations", orgs)
        people = []
        for i in range(1, n_people + 1):
            org_id = (i - 1) % n_org + 1
            first, last = FIRST[rnd.randrange(len(FIRST))], LAST[rnd.randrange(len(LAST))]
            people.append(
                {
                    "id": i,
                    "name": f"{first} {last}",
                    "organisation_id": org_id,
                    "function": "medewerker",
                    "email": f"p{i:06d}@example.org",
                    "phone": None,
                    "notes": None,
                    **meta,
                }
            )
        insert("people", people)

        n_tables = counts["tables"]
        tables, memberships = [], []
        members_of: dict[int, list[int]] = {}
        for t in range(1, n_tables + 1):
            kind = vocab.TABLE_KINDS[t % len(vocab.TABLE_KINDS)]
            topics = rnd.sample(TOPICS, 3)
            tables.append(
                {
                    "id": t,
                    "name": f"{kind.capitalize()} {CITIES[t % len(CITIES)]} {t:04d}",
                    "kind": kind,
                    "topics": json.dumps(topics),
                    "description": f"Gegenereerde {kind} over {', '.join(topics)}.",
                    "chair_person_id": rnd.randint(1, n_people),
                    "secretary_person_id": rnd.randint(1, n_people),
                    "rhythm": "weeks:4",
                    "period_start": None,
                    "period_end": None,
                    "admission_min_partners": 3,
                    "default_minutes": 120,
                    **meta,
                }
            )
            chosen = rnd.sample(range(1, n_org + 1), min(n_org, rnd.randint(5, 20)))
            members_of[t] = chosen
            for org_id in chosen:
                memberships.append(
                    {
                        "table_id": t,
                        "organisation_id": org_id,
                        "role": "partner",
                        "representatives": "[]",
                        "since": None,
                        "until": None,
                        **meta,
                    }
                )
        insert("tables", tables)
        insert("memberships", memberships)

        n_meetings = counts["meetings"]
        per_table = max(1, n_meetings // n_tables)
        meetings, table_of_meeting = [], {}
        uid_rnd = random.Random(f"{seed}:meeting-uid")  # its own stream: the rest stays the same
        first_day = now - dt.timedelta(weeks=4 * per_table // 2)
        mid = 1
        for t in range(1, n_tables + 1):
            for k in range(per_table):
                if mid > n_meetings:
                    break
                start = first_day + dt.timedelta(weeks=4 * k, days=t % 20, hours=t % 5)
                start = start.replace(hour=9 + (t % 8), minute=0)
                status = meeting_status(start, now, life)
                meetings.append(
                    {
                        "id": mid,
                        "table_id": t,
                        "kind": "tafel",
                        "title": f"Overleg {k + 1}",
                        "starts_at": _stamp(start),
                        "ends_at": _stamp(start + dt.timedelta(hours=2)),
                        "location": "Stadhuis",
                        "status": status,
                        "submission_deadline": _stamp(start - dt.timedelta(days=7)),
                        "series": f"{t}:weeks:4",
                        "uid": str(uuid.UUID(int=uid_rnd.getrandbits(128), version=4)),
                        "notes": None,
                        "cancel_reason": "Te weinig agendapunten" if status == CANCELLED else None,
                        **meta,
                    }
                )
                table_of_meeting[mid] = t
                mid += 1
        insert("meetings", meetings)
        meeting_ids = list(table_of_meeting)
        status_of = {m["id"]: m["status"] for m in meetings}
        attendance = []
        for m in meetings:
            if m["status"] in ("gehouden", "verslag vastgesteld"):
                # a representative of three member organisations: person n works at org n
                for org_id in members_of[m["table_id"]][:3]:
                    attendance.append(
                        {
                            "meeting_id": m["id"],
                            "person_id": org_id,
                            "organisation_id": org_id,
                            "status": "afwezig met bericht" if life.random() < 0.2 else "aanwezig",
                            "note": None,
                            **meta,
                        }
                    )
        insert("attendance", attendance)

    # The two big tables in batches, each batch its own transaction.
    batch = 20_000
    n_items = counts["agenda_items"]
    purposes = vocab.AGENDA_PURPOSES
    position: dict[int, int] = {}
    for start in range(0, n_items, batch):
        rows = []
        for i in range(start + 1, min(n_items, start + batch) + 1):
            m = meeting_ids[rnd.randrange(len(meeting_ids))]
            t = table_of_meeting[m]
            org = members_of[t][rnd.randrange(len(members_of[t]))]
            position[m] = position.get(m, 0) + 1
            w1, w2 = ITEM_WORDS[rnd.randrange(len(ITEM_WORDS))], TOPICS[rnd.randrange(len(TOPICS))]
            rows.append(
                {
                    "id": i,
                    "table_id": t,
                    "meeting_id": m,
                    "title": f"{w1.capitalize()} {w2} #{i}",
                    "description": f"Bespreking van {w1} rond {w2}.",
                    "submitted_by_org_id": org,
                    "submitted_by_person_id": None,
                    "submitted_at": stamp,
                    "late": int(rnd.random() < 0.05),
                    "purpose": purposes[rnd.randrange(3)],
                    "duration_minutes": rnd.choice([5, 10, 15, 20, 30]),
                    "position": position[m],
                    "status": item_status(status_of[m], rnd.randrange(6)),
                    "origin": "partner",
                    "minutes": None,
                    "postponed_count": int(rnd.random() < 0.1),
                    "carried_from_id": None,
                    "source_key": None,
                    **meta,
                }
            )
        with ws.store.write_lock():
            insert("agenda_items", rows)

    n_actions = counts["actions"]
    for start in range(0, n_actions, batch):
        rows = []
        for i in range(start + 1, min(n_actions, start + batch) + 1):
            m = meeting_ids[rnd.randrange(len(meeting_ids))]
            t = table_of_meeting[m]
            due = (now + dt.timedelta(days=rnd.randint(-120, 180))).date().isoformat()
            status = "open" if rnd.random() < 0.4 else "gereed"
            rows.append(
                {
                    "id": i,
                    "table_id": t,
                    "kind": rnd.choice(vocab.ACTION_KINDS),
                    "text": f"{ITEM_WORDS[rnd.randrange(len(ITEM_WORDS))].capitalize()}"
                    f" uitwerken #{i}",
                    "owner_org_id": members_of[t][rnd.randrange(len(members_of[t]))],
                    "owner_person_id": None,
                    "due": due,
                    "status": status,
                    # from the minutes of a meeting that was held
                    "meeting_id": m if status_of[m] in ("gehouden", VASTGESTELD) else None,
                    "agenda_item_id": None,
                    "done_on": due if status == "gereed" else None,
                    **meta,
                }
            )
        with ws.store.write_lock():
            insert("actions", rows)
    written = {
        "organisations": n_org,
        "people": n_people,
        "tables": n_tables,
        "meetings": len(meetings),
        "agenda_items": n_items,
        "actions": n_actions,
    }
    # The plugins' part, in proportion (hook ``generate_data``): table name -> rows written.
    for name, result in ws.plugins.call("generate_data", workspace=ws, size=size, seed=seed):
        for table, n in (result or {}).items():
            written[table] = n
            report(f"{name}: {table}", n)
    conn.execute("ANALYZE")  # after the bulk load, of the full database
    return written
