"""The module's part of the Leiden demo.

Real: Holland Rijnland (GR openbaar lichaam of 13 gemeenten, founded 2004) and Economie071
(convenant, triple helix, signed 12 Feb 2014), from the facts file. Invented and marked
"(demo)": the organen's seats, the Regio Deal and its figures, the bedrijfsvoeringsorganisatie,
and every control event and date (relative to the day the demo is built).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from stadstafel import today

TABLE = "Leiden Kennisstad"  # the demo table that follows these collaborations

HOLLAND_RIJNLAND = [
    "Alphen aan den Rijn",
    "Hillegom",
    "Kaag en Braassem",
    "Katwijk",
    "Leiden",
    "Leiderdorp",
    "Lisse",
    "Nieuwkoop",
    "Noordwijk",
    "Oegstgeest",
    "Teylingen",
    "Voorschoten",
    "Zoeterwoude",
]
ECONOMIE071_GEMEENTEN = [
    "Katwijk",
    "Leiden",
    "Leiderdorp",
    "Oegstgeest",
    "Voorschoten",
    "Zoeterwoude",
]
ECONOMIE071_KENNIS = ["Universiteit Leiden", "Hogeschool Leiden", "mboRijnland"]


def _org(ws: Any, name: str, kind: str) -> int:
    org = ws.read.organisation_by_name(name)
    if org is None:
        org = ws.organisations.create(
            name=name, kind=kind, notes="Toegevoegd voor de module regionale economie (demo)."
        )
    return org.id


def build(ws: Any, day: dt.date | None = None) -> dict:
    """Writes the demo records through the module's services; returns them by key."""
    table = ws.read.table_by_name(TABLE) or ws.read.tables(limit=1).rows[0]
    day = day or today()

    def d(offset: int) -> str:
        return (day + dt.timedelta(days=offset)).isoformat()

    verbanden = ws.service("regionale-economie.verbanden")
    control = ws.service("regionale-economie.control")
    deals = ws.service("regionale-economie.deals")
    gemeenten = {n: _org(ws, f"Gemeente {n}", "gemeente") for n in HOLLAND_RIJNLAND}
    out: dict[str, Any] = {}
    out["hr"] = verbanden.create(
        table_id=table.id,
        name="Holland Rijnland",
        type="openbaar lichaam",
        legal_personality=True,
        personnel=True,
        organen=[
            {"orgaan": "AB", "leden": [f"lid namens {n} (demo)" for n in HOLLAND_RIJNLAND]},
            {
                "orgaan": "DB",
                "leden": [
                    "2 leden per cluster: Duin- en Bollenstreek, Leidse regio,"
                    " Rijn- en Veenstreek (demo)"
                ],
            },
            {"orgaan": "voorzitter", "leden": ["voorzitter (demo)"]},
        ],
        deelnemers=list(gemeenten.values()),
        taken=[{"taak": "Regionaal Investeringsfonds (RIF)", "beleidsarm": False, "van": "raad"}],
        beleidsveld="regionale samenwerking",
        start="2004-01-01",
        instrument="Gemeenschappelijke regeling Holland Rijnland (vindplaats: demo)",
        notes="Openbaar lichaam (Wgr), 13 gemeenten; bron: hollandrijnland.nl/over-ons.",
    )
    kennis = [_org(ws, n, "kennisinstelling") for n in ECONOMIE071_KENNIS]
    out["e071"] = verbanden.create(
        table_id=table.id,
        name="Economie071",
        type="convenant",
        deelnemers=[gemeenten[n] for n in ECONOMIE071_GEMEENTEN] + kennis,
        beleidsveld="economie",
        start="2014-02-12",
        instrument="Convenant economische agenda Leidse regio (12 februari 2014)",
        notes="Triple helix: ondernemers, onderwijs/kennis, overheid; bron: economie071.nl.",
    )
    out["bvo"] = verbanden.create(
        table_id=table.id,
        name="Bedrijfsvoering Leidse regio (demo)",
        type="bedrijfsvoeringsorganisatie",
        legal_personality=True,
        personnel=True,
        deelnemers=[gemeenten[n] for n in ("Leiden", "Leiderdorp", "Oegstgeest")],
        taken=[
            {"taak": "ICT en inkoop", "beleidsarm": True, "van": "college"},
            {"taak": "salarisadministratie", "beleidsarm": True, "van": "college"},
        ],
        beleidsveld="bedrijfsvoering",
        notes="Verzonnen regeling voor de demo.",
    )
    hr, bvo = out["hr"].id, out["bvo"].id
    y = day.year
    events = [
        # last year's cycle for Holland Rijnland, handled
        (hr, y, "ontwerp-begroting", d(-330), d(-280), True, "Zienswijze ingediend (demo)."),
        (hr, y - 1, "jaarrekening", d(-250), d(-200), True, "Jaarrekening behandeld (demo)."),
        (hr, y, "verantwoording vertegenwoordiger", None, d(-120), True, "Verslag AB-lid (demo)."),
        # this year's ontwerp-begroting: the deadline passed without a zienswijze on an agenda
        (
            hr,
            y + 1,
            "ontwerp-begroting",
            d(-70),
            d(-14),
            False,
            "Gemiste zienswijze: niet op een vergadering vóór de termijn (demo).",
        ),
        (hr, y, "jaarrekening", d(-5), d(45), False, "Jaarrekening ontvangen (demo)."),
        (
            hr,
            y,
            "wijziging/toetreding/uittreding",
            None,
            d(90),
            False,
            "Wijziging regeling: instemming van de raden nodig, Wgr art. 1 (demo).",
        ),
        # the bvo's ontwerp-begroting: still to be planned
        (bvo, y + 1, "ontwerp-begroting", d(-7), d(40), False, "Nog te agenderen (demo)."),
    ]
    out["events"] = [
        control.create(
            verband_id=v, year=year, kind=kind, received=rec, deadline=dl, done=done, notes=notes
        )
        for v, year, kind, rec, dl, done, notes in events
    ]
    out["deal"] = deals.create(
        table_id=table.id,
        name="Regio Deal Leidse regio (demo)",
        tranche=5,
        year=2024,
        region="Leidse regio",
        themes=["brede welvaart", "kennis en innovatie"],
        start="2024-11-01",
        end="2028-12-31",
        rijk_eur=12_000_000,
        regio_eur=10_000_000,
        notes="Verzonnen Regio Deal; bedragen zijn demo-gegevens.",
    )
    return out
