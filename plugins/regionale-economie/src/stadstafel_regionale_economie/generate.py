"""The module's part of a generated workspace (``stadstafel demo --create DIR --size large``):
collaborations in proportion to the tables (20 a table: 10,000 at the large size; a gemeente
was in 33 on average in 2020), a year of control events for each GR, work locations with
figures under two definitions. Seeded, written in bulk (no audit rows), so the lists and
their filters are timed on a realistic amount of data."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

import stadstafel
from stadstafel import DEMO_SIZES as SIZES

from stadstafel_regionale_economie.economie import definitions
from stadstafel_regionale_economie.service import CONTROL_KINDS, GR_TYPES, TYPES

NAME = "regionale-economie"
PER_TABLE = 20
WORDS = [
    "Regio",
    "Werkorganisatie",
    "Veiligheidsregio",
    "Omgevingsdienst",
    "GGD",
    "Afval",
    "Sociale dienst",
    "Economie",
    "Bereikbaarheid",
    "Recreatieschap",
    "Belastingen",
]
FIELDS = ["economie", "veiligheid", "zorg", "milieu", "bedrijfsvoering", "mobiliteit"]
FULL = [{"orgaan": o, "leden": ["lid (gegenereerd)"]} for o in ("AB", "DB", "voorzitter")]


def generate(workspace: Any, size: str, seed: int) -> dict[str, int]:
    rnd = random.Random(seed + 19)  # not the core's sequence
    tables = workspace.read.tables(limit=SIZES[size]["tables"]).rows
    stamp = stadstafel.now().isoformat(sep=" ", timespec="minutes")
    meta = {"version": 1, "created_at": stamp, "updated_at": stamp, "updated_by": "generator"}
    today = stadstafel.today()
    verbanden = workspace.service(f"{NAME}.verbanden")
    rows = []
    for table in tables:
        for _ in range(PER_TABLE):
            kind = rnd.choice(TYPES)
            rows.append(
                {
                    "table_id": table.id,
                    "name": f"{rnd.choice(WORDS)} {len(rows) + 1}",
                    "type": kind,
                    "legal_personality": int(
                        kind in ("openbaar lichaam", "bedrijfsvoeringsorganisatie")
                    ),
                    "personnel": 0,
                    "mandaat_delegatie": int(kind == "centrumgemeenteregeling"),
                    "organen": FULL if kind == "openbaar lichaam" else [],
                    "deelnemers": [],
                    "taken": [],
                    "beleidsveld": rnd.choice(FIELDS),
                    "start": f"{rnd.randint(1990, 2024)}-01-01",
                    **meta,
                }
            )
    counts = {"regionale_economie_verbanden": verbanden.bulk_insert(rows)}
    grs = verbanden.query(
        "SELECT id, table_id FROM regionale_economie_verbanden WHERE type IN ("
        + ", ".join("?" for _ in GR_TYPES)
        + ")",
        GR_TYPES,
    )
    events = []
    for gr in grs:
        for kind in CONTROL_KINDS[:3]:
            deadline = today + dt.timedelta(days=rnd.randint(-200, 300))
            events.append(
                {
                    "table_id": gr["table_id"],
                    "verband_id": gr["id"],
                    "year": deadline.year + (kind == "ontwerp-begroting"),
                    "kind": kind,
                    "received": (deadline - dt.timedelta(days=56)).isoformat(),
                    "deadline": deadline.isoformat(),
                    "done": int(deadline < today and rnd.random() < 0.9),
                    "notes": None,
                    **meta,
                }
            )
    counts["regionale_economie_control"] = verbanden.bulk_insert(
        events, table="regionale_economie_control"
    )
    locs = [
        {
            "table_id": t.id,
            "name": f"Werklocatie {i + 1}",
            "gemeente": None,
            "area_ha": float(rnd.randint(5, 200)),
            "area_source": "gegenereerd",
            "area_date": "2024-01-01",
            "notes": None,
            **meta,
        }
        for i, t in enumerate(tables[::5])
    ]
    counts["regionale_economie_locaties"] = verbanden.bulk_insert(
        locs, table="regionale_economie_locaties"
    )
    loc_rows = verbanden.query("SELECT id, table_id FROM regionale_economie_locaties")
    defs = definitions()
    series = [
        {
            "table_id": loc["table_id"],
            "locatie_id": loc["id"],
            "definition": d,
            "measure": defs[d]["measure"],
            "notes": None,
            **meta,
        }
        for loc in loc_rows
        for d in ("cbs-banen", "lisa-werkzame-personen")
    ]
    counts["regionale_economie_reeksen"] = verbanden.bulk_insert(
        series, table="regionale_economie_reeksen"
    )
    figures = []
    for s in verbanden.query("SELECT id, table_id, definition FROM regionale_economie_reeksen"):
        d = defs[s["definition"]]
        base = rnd.randint(1_000, 30_000)
        for year in range(2015, 2025):
            day = dt.date(year, d.get("month", 1), d.get("day", 31 if d.get("month") == 12 else 1))
            figures.append(
                {
                    "table_id": s["table_id"],
                    "reeks_id": s["id"],
                    "peildatum": day.isoformat(),
                    "value": float(base + rnd.randint(-500, 900) * (year - 2014)),
                    "source": "gegenereerd",
                    "demo": 1,
                    "notes": None,
                    **meta,
                }
            )
    counts["regionale_economie_cijfers"] = verbanden.bulk_insert(
        figures, table="regionale_economie_cijfers"
    )
    return counts
