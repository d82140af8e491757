"""The woningbouw register of a generated workspace (``stadstafel demo --size large``).

One project per five organisations (large: 2,000 projects), each with the phase changes that
brought it where it is, and a knelpunt for about one project in four. Seeded, so two runs give
the same register; written in bulk like the core's generator (no audit rows). The phases are
the configured ones, so the register's screens and figures work on the generated data.
"""

from __future__ import annotations

import datetime as dt
import json
import random
from typing import Any

import stadstafel
from stadstafel import DEMO_CITIES as CITIES
from stadstafel import DEMO_SIZES as SIZES

from stadstafel_woningbouw.model import SEGMENTS
from stadstafel_woningbouw.service import register_for, settings_for

AREAS = ["Binnenstad", "Stationsgebied", "Noord", "Zuid", "Oost", "West", "Haven", "Polder"]
KINDS = ["Woningen", "Appartementen", "Hofjes", "Woontoren", "Transformatie", "Herontwikkeling"]
KNELPUNTEN = [
    "Netcongestie: aansluiting op het elektriciteitsnet",
    "Stikstofdepositie onderbouwen voor de vergunning",
    "Aanbesteding: inschrijvingen boven budget",
    "Bodemsanering voormalig bedrijfsterrein",
    "Bezwaar tegen het bestemmingsplan",
]


def _change(project_id: int, on: dt.date, from_: str, to: str, meta: dict) -> dict:
    return {
        "project_id": project_id,
        "changed_on": on.isoformat(),
        "phase_from": from_,
        "phase_to": to,
        "delivery_year_from": None,
        "delivery_year_to": None,
        "note": None,
        **meta,
    }


def generate(workspace: Any, size: str, seed: int) -> dict[str, int]:
    """Write the register for ``size``; return rows written per table."""
    rnd = random.Random(seed + 1)  # not the core's sequence
    configured = settings_for(workspace).phases
    phases = [p for p in configured if p.kind != "dropped"]  # the way a project goes
    dropped = next((p for p in configured if p.kind == "dropped"), None)
    n_orgs = workspace.read.count("organisations")
    n_projects = max(5, SIZES[size]["organisations"] // 5)
    today = stadstafel.today()
    stamp = stadstafel.now().isoformat(sep=" ", timespec="minutes")
    meta = {"version": 1, "created_at": stamp, "updated_at": stamp, "updated_by": "generator"}
    projects, history, knelpunten = [], [], []
    for i in range(1, n_projects + 1):
        reached = rnd.randrange(len(phases))
        phase = phases[reached]
        since = today - dt.timedelta(days=rnd.randrange(30, 1500))
        changed = since  # of the phase change that led to `phase`
        if dropped is not None and phase.kind == "plan" and rnd.random() < 0.05:
            history.append(_change(i, since, phase.name, dropped.name, meta))
            phase, changed = dropped, since - dt.timedelta(days=rnd.randrange(30, 300))
        start = since.year + rnd.randrange(0, 3)
        delivery = start + rnd.randrange(1, 4)
        if phase.kind == "delivered":  # delivered in the year it entered that phase
            start, delivery = since.year - rnd.randrange(1, 4), since.year
        homes = {f"homes_{s}": rnd.choice((0, 0, 10, 20, 40, 80, 150)) for s in SEGMENTS}
        city = CITIES[rnd.randrange(len(CITIES))]
        projects.append(
            {
                "id": i,
                "name": f"{KINDS[rnd.randrange(len(KINDS))]} {city} {i:05d}",
                "area": f"{city} {AREAS[rnd.randrange(len(AREAS))]}",
                "location": None,
                "organisation_ids": json.dumps(
                    sorted({rnd.randint(1, n_orgs) for _ in range(rnd.randint(1, 2))})
                ),
                **homes,
                "phase": phase.name,
                "phase_since": since.isoformat(),
                "start_year": start,
                "delivery_year": delivery,
                "notes": None,
                **meta,
            }
        )
        for step in range(reached, 0, -1):  # the changes that led here, newest first
            history.append(_change(i, changed, phases[step - 1].name, phases[step].name, meta))
            changed -= dt.timedelta(days=rnd.randrange(60, 400))
        if rnd.random() < 0.25:
            due = today + dt.timedelta(days=rnd.randrange(-120, 180))
            knelpunten.append(
                {
                    "project_id": i,
                    "title": KNELPUNTEN[rnd.randrange(len(KNELPUNTEN))],
                    "description": None,
                    "owner_org_id": rnd.randint(1, n_orgs),
                    "due": due.isoformat(),
                    "status": "open" if due >= today or rnd.random() < 0.5 else "opgelost",
                    "resolved_on": None,
                    **meta,
                }
            )
    for k in knelpunten:
        if k["status"] == "opgelost":
            k["resolved_on"] = k["due"]
    reg = register_for(workspace)
    with reg.transaction():
        return {
            "woningbouw_projects": reg.bulk_insert(projects),
            "woningbouw_history": reg.bulk_insert(history, table="woningbouw_history"),
            "woningbouw_knelpunten": reg.bulk_insert(knelpunten, table="woningbouw_knelpunten"),
        }
