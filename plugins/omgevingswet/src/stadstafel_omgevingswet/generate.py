"""Trajectories of a generated workspace (``stadstafel demo --size large``): four per table
(large: 2,000), each with a kennisgeving, a plan and one or two activities, a verslag for some;
seeded, written in bulk (no audit rows), so the list, its filters and the flags computed in the
database are timed on a realistic amount of data. Rungs are the configured ladder's."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

import stadstafel
from stadstafel import DEMO_SIZES as SIZES

from stadstafel_omgevingswet.rules import DRAAGVLAK, INSTRUMENTS, METHODS, PHASES

SERVICE = "omgevingswet.trajectories"
PLACES = ["Stationsgebied", "Binnenstad", "Noord", "Zuid", "Haven", "Park", "Polder", "Kade"]
PART_SERVICES = {
    "omgevingswet_kennisgevingen": "kennisgevingen",
    "omgevingswet_plans": "plans",
    "omgevingswet_activities": "activities",
    "omgevingswet_verslagen": "verslagen",
}
GROUPS = ["omwonenden", "jongeren", "ondernemers", "senioren", "statushouders"]


def generate(workspace: Any, size: str, seed: int) -> dict[str, int]:
    rnd = random.Random(seed + 17)  # not the core's sequence
    service = workspace.service(SERVICE)
    ladder = list(workspace.plugins.settings("omgevingswet")["ladder"])
    tables = workspace.read.tables(limit=SIZES[size]["tables"]).rows
    orgs = [o.id for o in workspace.read.organisations(limit=200).rows]
    stamp = stadstafel.now().isoformat(sep=" ", timespec="minutes")
    meta = {"version": 1, "created_at": stamp, "updated_at": stamp, "updated_by": "generator"}
    start = dt.date(2024, 1, 1)
    first = (service.scalar(f"SELECT max(id) FROM {service.table}") or 0) + 1
    rows: list[dict] = []
    parts: dict[str, list[dict]] = {
        "omgevingswet_kennisgevingen": [],
        "omgevingswet_plans": [],
        "omgevingswet_activities": [],
        "omgevingswet_verslagen": [],
    }
    for table in tables:
        for _ in range(4):
            tid = first + len(rows)
            instrument = rnd.choice(INSTRUMENTS)
            day = start + dt.timedelta(days=rnd.randrange(900))
            meeting = day + dt.timedelta(days=rnd.randrange(20, 90))
            meant = rnd.sample(GROUPS, rnd.randint(1, 3))
            submitted = meeting + dt.timedelta(days=rnd.randrange(30, 120))
            rows.append(
                {
                    "id": tid,
                    "table_id": table.id,
                    "title": f"{instrument.capitalize()} {rnd.choice(PLACES)} {len(rows) + 1}",
                    "instrument": instrument,
                    "bopa": int(instrument == "omgevingsvergunning" and rnd.random() < 0.5),
                    "dwellings": rnd.randrange(0, 120),
                    "bevoegd_gezag": rnd.choice(["raad", "college"]),
                    "initiatiefnemer_id": rnd.choice(orgs) if orgs else None,
                    "phase": rnd.choice(PHASES[:2]),
                    "verkenning_start": day.isoformat(),
                    "submitted": submitted.isoformat() if rnd.random() < 0.4 else None,
                    **meta,
                }
            )
            parts["omgevingswet_kennisgevingen"].append(
                {
                    "trajectory_id": tid,
                    "date": (day + dt.timedelta(days=rnd.randint(-10, 10))).isoformat(),
                    **meta,
                }
            )
            parts["omgevingswet_plans"].append(
                {"trajectory_id": tid, "rung": rnd.choice(ladder), "groups_meant": meant, **meta}
            )
            for n in range(rnd.randint(1, 2)):
                when = meeting + dt.timedelta(days=30 * n)
                parts["omgevingswet_activities"].append(
                    {
                        "trajectory_id": tid,
                        "date": when.isoformat(),
                        "title": f"Bijeenkomst {n + 1}",
                        "method": rnd.choice(METHODS),
                        "invitation_date": (
                            when - dt.timedelta(days=rnd.randint(5, 30))
                        ).isoformat(),
                        "turnout": rnd.randrange(5, 200),
                        "groups_reached": meant[: rnd.randint(0, len(meant))],
                        "notes": None,
                        **meta,
                    }
                )
            if rnd.random() < 0.5:
                parts["omgevingswet_verslagen"].append(
                    {
                        "trajectory_id": tid,
                        "interests": "Verkeer, groen en bouwhoogte",
                        "draagvlak": rnd.choice(DRAAGVLAK),
                        "shared": (submitted - dt.timedelta(days=rnd.randint(-10, 20))).isoformat(),
                        **meta,
                    }
                )
    counts = {service.table: service.bulk_insert(rows)}
    for name, part_rows in parts.items():
        # each part's own service: it knows its JSON columns
        part = workspace.service(f"omgevingswet.{PART_SERVICES[name]}")
        counts[name] = part.bulk_insert(part_rows)
    return counts
