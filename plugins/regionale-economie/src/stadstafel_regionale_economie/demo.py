"""The module's part of the Leiden demo.

Real: Holland Rijnland (GR openbaar lichaam of 13 gemeenten, founded 2004) and Economie071
(convenant, triple helix, signed 12 Feb 2014), from the facts file. Invented and marked
"(demo)": the organen's seats, the Regio Deal and its figures, the bedrijfsvoeringsorganisatie,
and every control event and date (relative to the day the demo is built).

The Leiden Bio Science Park: the area (110 ha, LBSP Vastgoed), the 2024 figures (430 companies,
11,700 working for them, over 25,000 incl. knowledge institutions; LBSP report 2024) and the
older 180 companies and institutions are from the facts file, each with its source and
definition. The earlier years, every LISA figure and the Leiden-wide CBS and LISA series are
invented and marked demo (the facts file found no LISA or CBS values for Leiden).
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
    projecten = ws.service("regionale-economie.projecten")
    out["projecten"] = [
        projecten.create(deal_id=out["deal"].id, name=n, status=st, progress=pr, notes="(demo)")
        for n, st, pr in (
            ("Talent voor life sciences (demo)", "lopend", 40),
            ("Broedplaats Stationsgebied (demo)", "vertraagd", 15),
            ("Regionale energiehub (demo)", "gepland", 0),
        )
    ]
    out.update(build_locations(ws, table))
    return out


LBSP_REPORT = (
    "Leiden Bio Science Park, 'Report 2024 campus growth' (BCI, 2024-12),"
    " https://leidenbiosciencepark.nl/news/report-2024-campus-growth/"
)
LBSP_VASTGOED = "LBSP Vastgoed, https://www.lbspvastgoed.nl/en/Home (undated, c. 2017-2019)"


def build_locations(ws: Any, table: Any) -> dict:
    """The Bio Science Park with figures from two sources side by side, and Leiden as a whole
    with CBS banen beside LISA werkzame personen (invented, marked demo)."""
    locaties = ws.service("regionale-economie.locaties")
    reeksen = ws.service("regionale-economie.reeksen")
    cijfers = ws.service("regionale-economie.cijfers")
    lbsp = locaties.create(
        table_id=table.id,
        name="Leiden Bio Science Park",
        gemeente="Leiden",
        area_ha=110,
        area_source=LBSP_VASTGOED,
        area_date="2019-01-01",
        notes="Sinds 1984; grootste gespecialiseerde campus van Nederland (LBSP, 2024).",
    )
    leiden = locaties.create(
        table_id=table.id,
        name="Gemeente Leiden (hele gemeente)",
        gemeente="Leiden",
        notes="Vergelijking van definities; alle cijfers verzonnen (demo).",
    )
    figures = {
        (lbsp.id, "campus-werkzaam-bedrijven"): [
            ("2021-12-01", 9_800, "(demo)", True),
            ("2022-12-01", 10_500, "(demo)", True),
            ("2023-12-01", 11_100, "(demo)", True),
            ("2024-12-04", 11_700, LBSP_REPORT, False),
        ],
        (lbsp.id, "campus-werkzaam-totaal"): [
            ("2021-12-01", 22_000, "(demo)", True),
            ("2022-12-01", 23_200, "(demo)", True),
            ("2023-12-01", 24_100, "(demo)", True),
            ("2024-12-04", 25_000, LBSP_REPORT, False),
        ],
        (lbsp.id, "lisa-werkzame-personen"): [
            ("2021-04-01", 21_400, "LISA (demo)", True),
            ("2022-04-01", 22_300, "LISA (demo)", True),
            ("2023-04-01", 23_500, "LISA (demo)", True),
            ("2024-04-01", 24_200, "LISA (demo)", True),
        ],
        (lbsp.id, "campus-bedrijven"): [("2024-12-04", 430, LBSP_REPORT, False)],
        (lbsp.id, "campus-bedrijven-instellingen"): [("2019-01-01", 180, LBSP_VASTGOED, False)],
        (lbsp.id, "lisa-vestigingen"): [("2024-04-01", 470, "LISA (demo)", True)],
        (leiden.id, "cbs-banen"): [
            ("2021-12-31", 88_000, "CBS 83582NED (demo)", True),
            ("2022-12-31", 90_500, "CBS 83582NED (demo)", True),
            ("2023-12-31", 91_700, "CBS 83582NED (demo)", True),
        ],
        (leiden.id, "lisa-werkzame-personen"): [
            ("2022-04-01", 101_000, "LISA (demo)", True),
            ("2023-04-01", 104_300, "LISA (demo)", True),
            ("2024-04-01", 106_900, "LISA (demo)", True),
        ],
    }
    for (loc, definition), rows in figures.items():
        series = reeksen.create(locatie_id=loc, definition=definition)
        for day, value, source, demo in rows:
            cijfers.create(
                reeks_id=series.id,
                definition=definition,
                peildatum=day,
                value=value,
                source="verzonnen (demo)" if source == "(demo)" else source,
                demo=demo,
            )
    goal = ws.goals.create(
        table_id=table.id,
        description="Werkgelegenheid Leiden Bio Science Park naar 27.000 (doel: demo)",
        target_value=27_000,
        unit="werkzame personen",
        deadline="2030-12-31",
        indicator="regionale-economie:campus-werkzaam-totaal",
    )
    return {"lbsp": lbsp, "leiden": leiden, "goal": goal}
