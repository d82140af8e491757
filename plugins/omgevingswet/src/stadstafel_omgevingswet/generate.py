"""Trajectories of a generated workspace (``stadstafel demo --size large``): four per table
(large: 2,000), seeded, written in bulk (no audit rows), so the list and its filters are timed
on a realistic amount of data. Rungs are the configured ladder's."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

import stadstafel
from stadstafel import DEMO_SIZES as SIZES

from stadstafel_omgevingswet.rules import INSTRUMENTS, PHASES

SERVICE = "omgevingswet.trajectories"
PLACES = ["Stationsgebied", "Binnenstad", "Noord", "Zuid", "Haven", "Park", "Polder", "Kade"]
GROUPS = ["omwonenden", "jongeren", "ondernemers", "senioren", "statushouders"]


def generate(workspace: Any, size: str, seed: int) -> dict[str, int]:
    rnd = random.Random(seed + 17)  # not the core's sequence
    ladder = list(workspace.plugins.settings("omgevingswet")["ladder"])
    tables = workspace.read.tables(limit=SIZES[size]["tables"]).rows
    orgs = [o.id for o in workspace.read.organisations(limit=200).rows]
    stamp = stadstafel.now().isoformat(sep=" ", timespec="minutes")
    start = dt.date(2024, 1, 1)
    rows = []
    for table in tables:
        for _ in range(4):
            instrument = rnd.choice(INSTRUMENTS)
            day = start + dt.timedelta(days=rnd.randrange(900))
            meeting = day + dt.timedelta(days=rnd.randrange(20, 90))
            meant = rnd.sample(GROUPS, rnd.randint(1, 3))
            rows.append(
                {
                    "table_id": table.id,
                    "title": f"{instrument.capitalize()} {rnd.choice(PLACES)} {len(rows) + 1}",
                    "instrument": instrument,
                    "bopa": int(instrument == "omgevingsvergunning" and rnd.random() < 0.5),
                    "dwellings": rnd.randrange(0, 120),
                    "bevoegd_gezag": rnd.choice(["raad", "college"]),
                    "initiatiefnemer_id": rnd.choice(orgs) if orgs else None,
                    "phase": rnd.choice(PHASES[:2]),
                    "verkenning_start": day.isoformat(),
                    "kennisgeving_date": (
                        day + dt.timedelta(days=rnd.randint(-10, 10))
                    ).isoformat(),
                    "participation_start": meeting.isoformat(),
                    "rung": rnd.choice(ladder),
                    "groups_meant": meant,
                    "groups_reached": meant[: rnd.randint(0, len(meant))],
                    "invitation_date": (
                        meeting - dt.timedelta(days=rnd.randint(5, 30))
                    ).isoformat(),
                    "meeting_date": meeting.isoformat(),
                    "version": 1,
                    "created_at": stamp,
                    "updated_at": stamp,
                    "updated_by": "generator",
                }
            )
    return {"omgevingswet_trajectories": workspace.service(SERVICE).bulk_insert(rows)}
