"""The sociaal-domein part of the Leiden demo, through the services only.

A G32-style network of eight cities: Leiden and its four neighbours from the core demo, plus
Delft, Haarlem and Zoetermeer (created here when missing). Region codes are the CBS
gemeentecodes. Two leerkringen on the Platform31 thematafel, one with a confidential casus.
Five indicators named after the BBV beleidsindicatoren with their CBS tables (facts:
sociaal-domein.md); **every value is invented demo data**, in ranges around the national level
the facts give, some voorlopig and some definitief. Dates are relative to today.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import stadstafel

DEMO = "demo (verzonnen cijfers)"
TABLE = "Thematafels Platform31 en Leiden"

# name, CBS gemeentecode, level factor against the national level (invented)
CITIES = [
    ("Gemeente Leiden", "GM0546", 1.00),
    ("Gemeente Leiderdorp", "GM0547", 0.92),
    ("Gemeente Oegstgeest", "GM0579", 0.78),
    ("Gemeente Voorschoten", "GM0626", 0.85),
    ("Gemeente Zoeterwoude", "GM0638", 0.81),
    ("Gemeente Delft", "GM0503", 1.08),
    ("Gemeente Haarlem", "GM0392", 1.04),
    ("Gemeente Zoetermeer", "GM0637", 0.97),
]

WMO_CAVEAT = (
    "Wmo-cijfers zijn tussen gemeenten niet volledig vergelijkbaar: gemeenten kiezen zelf"
    " tussen algemene en maatwerkvoorzieningen (CBS, 'Ruim 1,1 miljoen mensen met"
    " Wmo-maatwerk in 2019', 2020)."
)
JEUGD_CAVEAT = (
    "Jeugdcijfers volgens het woonplaatsbeginsel: toegerekend aan de gemeente waar de jongere"
    " woont (CBS 82972NED)."
)

# name, unit, law, CBS table, BBV number, period type, national level (facts), yearly trend,
# higher is better, caveat
INDICATORS = [
    ("Wmo-cliënten met maatwerkarrangement", "per 1.000 inwoners", "Wmo 2015", "86050NED",
     "32", "jaar", 72.0, 0.02, False, WMO_CAVEAT),
    ("Jongeren met jeugdhulp", "% van 0-17 jaar", "Jeugdwet", "82972NED", "29", "halfjaar",
     12.2, 0.01, False, JEUGD_CAVEAT),
    ("Jongeren met jeugdbescherming", "% van 0-17 jaar", "Jeugdwet", "82972NED", "30",
     "halfjaar", 1.0, -0.02, False, JEUGD_CAVEAT),
    ("Personen met een bijstandsuitkering", "per 1.000 inwoners 18+", "Participatiewet",
     "82015NED", "27", "halfjaar", 27.0, -0.01, False, ""),
    ("Kinderen in uitkeringsgezin", "% van 0-17 jaar", "Participatiewet", "",
     "23", "jaar", 6.0, -0.015, False, ""),
]  # fmt: skip

YEARS = [2021, 2022, 2023, 2024]
# Cities whose latest year is already definitief (the rest voorlopig): shows the mark.
EARLY = {"Gemeente Delft", "Gemeente Haarlem", "Gemeente Leiderdorp"}


def build(ws: Any) -> None:
    table = ws.read.table_by_name(TABLE)
    if table is None or ws.service("sociaal-domein.leerkringen").list().total:
        return
    orgs = _cities(ws)
    _indicators(ws, table, orgs)
    _leerkringen(ws, table, orgs)
    _measures(ws, table, orgs)


def _cities(ws: Any) -> dict[str, int]:
    regions = ws.service("sociaal-domein.regions")
    ids = {}
    for name, code, _ in CITIES:
        org = ws.read.organisation_by_name(name)
        if org is None:
            org = ws.organisations.create(
                name=name, kind="gemeente", notes="Verzonnen deelnemer G32-netwerk (demo)."
            )
        ids[name] = org.id
        regions.set(code, org.id)
    return ids


def _periods(kind: str) -> list[str]:
    if kind == "jaar":
        return [f"{y}JJ00" for y in YEARS]
    return [f"{y}HJ0{h}" for y in YEARS for h in (1, 2)]


def _indicators(ws: Any, table: Any, orgs: dict[str, int]) -> None:
    indicators = ws.service("sociaal-domein.indicators")
    figures = ws.service("sociaal-domein.figures")
    today = stadstafel.today()
    for n, (name, unit, law, cbs, bbv, kind, level, trend, better, caveat) in enumerate(INDICATORS):
        ind = indicators.create(
            table_id=table.id, name=name, unit=unit, law=law, cbs_table=cbs or None,
            bbv_number=bbv, period_type=kind, higher_is_better=better, caveat=caveat or None,
            source=f"CBS StatLine {cbs}".strip() if cbs else "waarstaatjegemeente.nl",
        )  # fmt: skip
        periods = _periods(kind)
        for c, (city, _, factor) in enumerate(CITIES):
            for i, period in enumerate(periods):
                wobble = ((c * 7 + i * 3 + n) % 5 - 2) * 0.01
                value = round(level * factor * (1 + trend * i + wobble), 1)
                last_year = period.startswith(str(YEARS[-1]))
                status = "definitief"
                if last_year:
                    status = "definitief" if city in EARLY else "voorlopig"
                    if period.endswith("HJ02") and city not in EARLY:
                        status = "voorlopig"
                # history: a voorlopig figure first, then the definitive one replaces it
                # recorded long ago, except the definitive figures of the last year (this week)
                recorded = (today - dt.timedelta(days=400 - 40 * i)).isoformat()
                if status == "definitief" and last_year:
                    figures.put(ind.id, orgs[city], period, round(value * 0.97, 1),
                                "voorlopig", origin=DEMO, recorded_on=recorded)  # fmt: skip
                    recorded = (today - dt.timedelta(days=3)).isoformat()
                figures.put(ind.id, orgs[city], period, value, status, origin=DEMO,
                            recorded_on=recorded)  # fmt: skip


def _person(ws: Any, name: str, email: str) -> int | None:
    rows = ws.read.people(filter=name, limit=5).rows
    return next((p.id for p in rows if (p.email or "").lower() == email), None)


def _leerkringen(ws: Any, table: Any, orgs: dict[str, int]) -> None:
    kringen = ws.service("sociaal-domein.leerkringen")
    sessions = ws.service("sociaal-domein.sessions")
    outputs = ws.service("sociaal-domein.outputs")
    today = stadstafel.today()

    def day(days: int) -> str:
        return (today + dt.timedelta(days=days)).isoformat()

    people = {
        key: _person(ws, name, email)
        for key, name, email in [
            ("leiden", "Bas Hendriks", "b.hendriks@example.org"),
            ("leiderdorp", "Ilse Koster", "i.koster@example.org"),
            ("voorschoten", "Els van den Berg", "e.vandenberg@example.org"),
            ("oegstgeest", "Sander Blom", "s.blom@example.org"),
        ]
    }
    first = kringen.create(
        table_id=table.id,
        theme="Transformatie sociaal domein: jeugd, onderwijs en gezondheid",
        organisation_ids=[orgs[n] for n in ("Gemeente Leiden", "Gemeente Leiderdorp",
                                            "Gemeente Oegstgeest", "Gemeente Voorschoten")],
        person_ids=[p for p in people.values() if p],
        notes="Leerkring naar het model van Platform31: vier bijeenkomsten (demo).",
    )  # fmt: skip
    s1 = sessions.create(
        leerkring_id=first.id, date=day(-60), host_organisation_id=orgs["Gemeente Leiden"],
        guest_expert="onderzoeker jeugd (demo)", casus_by_person_id=people["leiden"],
        casus="Wijkteam en school: samen signaleren bij schoolverzuim (demo).",
        notes="Afspraak: de wijkteams delen hun werkwijze in bijeenkomst 2.",
    )  # fmt: skip
    sessions.close(s1.id, s1.version)
    s2 = sessions.create(
        leerkring_id=first.id, date=day(-25), host_organisation_id=orgs["Gemeente Leiderdorp"],
        confidential=True, casus_by_person_id=people["leiderdorp"],
        casus="Vastgelopen gezin met jeugdbescherming en schulden; casus geanonimiseerd (demo).",
        notes="Vertrouwelijk: besproken in intervisie, niet delen buiten de leerkring.",
    )  # fmt: skip
    sessions.close(s2.id, s2.version)
    sessions.create(
        leerkring_id=first.id, date=day(12), host_organisation_id=orgs["Gemeente Oegstgeest"],
        guest_expert="GGD Hollands Midden (demo)",
    )  # fmt: skip
    sessions.create(leerkring_id=first.id, date=day(50))
    outputs.create(
        leerkring_id=first.id, kind="kennisdocument",
        title="Lessen uit de wijkteams: samen signaleren (demo)",
    )  # fmt: skip
    second = kringen.create(
        table_id=table.id,
        theme="Bestaanszekerheid en schulden (Participatiewet)",
        organisation_ids=[orgs[n] for n in ("Gemeente Leiden", "Gemeente Delft",
                                            "Gemeente Haarlem", "Gemeente Zoetermeer")],
        person_ids=[people["leiden"]] if people["leiden"] else [],
        planned_sessions=3,
    )  # fmt: skip
    sessions.create(
        leerkring_id=second.id, date=day(30), host_organisation_id=orgs["Gemeente Delft"],
        casus="Vroegsignalering van betalingsachterstanden (demo).",
    )  # fmt: skip


# title, laws, Iv3 taakveld, owner city, status (all invented)
MEASURES = [
    ("Wijkteam op school: samen signaleren bij verzuim", ["Jeugdwet"], "6.2", "Gemeente Leiden",
     "lopend"),
    ("Minder uithuisplaatsingen: gezinshuizen in de regio", ["Jeugdwet"], "6.82",
     "Gemeente Leiderdorp", "idee"),
    ("Vroegsignalering betalingsachterstanden", ["Participatiewet"], "6.3", "Gemeente Delft",
     "lopend"),
    ("Beschut werk bij sociale ondernemers", ["Participatiewet"], "6.4", "Gemeente Haarlem",
     "lopend"),
    ("Mantelzorgondersteuning in de wijk", ["Wmo 2015"], "6.1", "Gemeente Oegstgeest",
     "afgerond"),
    ("Hulp bij het huishouden als algemene voorziening", ["Wmo 2015"], "6.71a",
     "Gemeente Voorschoten", "lopend"),
    ("Jongvolwassenen 18-/18+: geen breuk in de zorg", ["Jeugdwet", "Wmo 2015"], "6.72",
     "Gemeente Leiden", "idee"),
]  # fmt: skip


def _measures(ws: Any, table: Any, orgs: dict[str, int]) -> None:
    """Measures on the thematafel, one towards a goal measured from an indicator series
    (``sociaal-domein:bbv30``: Leiden's share of young people with jeugdbescherming)."""
    goal = ws.goals.create(
        table_id=table.id,
        description="Minder jongeren met jeugdbescherming in Leiden (demo)",
        target_value=0.9,
        unit="% van 0-17 jaar",
        indicator="sociaal-domein:bbv30",
    )
    measures = ws.service("sociaal-domein.measures")
    for title, laws, taakveld, owner, status in MEASURES:
        measures.create(
            table_id=table.id, title=f"{title} (demo)", laws=laws, taakveld=taakveld,
            owner_organisation_id=orgs[owner], status=status,
            goal_id=goal.id if "Jeugdwet" in laws else None,
        )  # fmt: skip
