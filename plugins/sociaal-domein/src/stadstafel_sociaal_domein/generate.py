"""The sociaal-domein part of a generated workspace (``stadstafel demo --size large``).

Every generated organisation of kind gemeente (large: about a thousand) gets a region code and,
for the five demo indicators on the first table, ten years of figures (half years for the
half-year indicators): definitief except the last year, voorlopig. Every table gets four
measures (law, Iv3 taakveld, an owner city, a status). Seeded, written in bulk (no audit
rows). Every value is invented.
"""

from __future__ import annotations

import random
from typing import Any

import stadstafel

from stadstafel_sociaal_domein.demo import INDICATORS

YEARS = list(range(2015, 2025))


def _code(i: int) -> str:
    """The first city gets Leiden's code (GM0546, the module's own city by default), so the
    per-city view and the agenda have a city at every size; the others invented codes."""
    if i == 0:
        return "GM0546"
    return f"GM{9000 + i:04d}" if i < 1000 else f"GM{i:05d}"


def generate(workspace: Any, size: str, seed: int) -> dict:
    rnd = random.Random(seed)
    tables = workspace.read.tables(limit=1).rows
    if not tables:
        return {}
    cities, offset = [], 0
    while True:
        page = workspace.read.organisations(kind="gemeente", offset=offset, limit=500).rows
        cities += page
        offset += len(page)
        if len(page) < 500:
            break
    stamp = stadstafel.now().isoformat(sep=" ", timespec="seconds")
    book = {"version": 1, "created_at": stamp, "updated_at": stamp, "updated_by": "system"}
    figures = workspace.service("sociaal-domein.figures")
    regions = [
        {"code": _code(i), "organisation_id": c.id, **book}
        for i, c in enumerate(cities)
    ]  # fmt: skip
    indicators, values = [], []
    for n, (name, unit, law, cbs, bbv, kind, *_rest) in enumerate(INDICATORS, start=1):
        indicators.append(
            {"id": n, "table_id": tables[0].id, "name": name, "unit": unit, "law": law,
             "cbs_table": cbs or None, "bbv_number": bbv, "period_type": kind,
             "higher_is_better": 0, "source": "gegenereerd", **book}
        )  # fmt: skip
    with figures.transaction():
        written = {
            "sociaal_domein_indicators": figures.bulk_insert(
                indicators, table="sociaal_domein_indicators"
            ),
            "sociaal_domein_regions": figures.bulk_insert(regions, table="sociaal_domein_regions"),
        }
        for n, (_, _, _, _, _, kind, level, trend, *_rest) in enumerate(INDICATORS, start=1):
            periods = (
                [f"{y}JJ00" for y in YEARS]
                if kind == "jaar"
                else [f"{y}HJ0{h}" for y in YEARS for h in (1, 2)]
            )
            for c in cities:
                factor = rnd.uniform(0.7, 1.3)
                for i, period in enumerate(periods):
                    values.append(
                        {"indicator_id": n, "organisation_id": c.id, "period": period,
                         "value": round(level * factor * (1 + trend * i / 2), 1),
                         "status": "voorlopig" if period.startswith(str(YEARS[-1]))
                         else "definitief",
                         "current": 1, "recorded_on": stamp[:10], "origin": "gegenereerd",
                         **book}
                    )  # fmt: skip
        written["sociaal_domein_values"] = figures.bulk_insert(values)
        written["sociaal_domein_measures"] = _measures(workspace, rnd, cities, book)
    return written


def _measures(workspace: Any, rnd: random.Random, cities: list, book: dict) -> int:
    """Four measures per table, tagged with one or two laws and a taakveld."""
    from stadstafel_sociaal_domein.iv3 import TAAKVELDEN
    from stadstafel_sociaal_domein.service import LAWS, MEASURE_STATUSES

    measures = workspace.service("sociaal-domein.measures")
    rows, offset = [], 0
    while True:
        tables = workspace.read.tables(offset=offset, limit=500).rows
        for t in tables:
            for n in range(4):
                code, name = TAAKVELDEN[rnd.randrange(len(TAAKVELDEN))]
                rows.append(
                    {"table_id": t.id, "title": f"{name}: aanpak {t.id}-{n + 1}",
                     "description": "Gegenereerde maatregel.",
                     "laws": sorted(rnd.sample(LAWS, rnd.choice((1, 1, 2)))),
                     "taakveld": code,
                     "owner_organisation_id": rnd.choice(cities).id if cities else None,
                     "goal_id": None, "status": rnd.choice(MEASURE_STATUSES), **book}
                )  # fmt: skip
        offset += len(tables)
        if len(tables) < 500:
            break
    return measures.bulk_insert(rows)
