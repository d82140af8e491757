"""The module's part of the Leiden demo. DEMO DATA: every trajectory, date, group and text below
is invented for the demo (plausible, not real Leiden decisions); the tables and partners are the
demo's own (Samenwerkingstafel Woningbouw, Thematafels Platform31 en Leiden)."""

from __future__ import annotations

from typing import Any

SERVICE = "omgevingswet.trajectories"
WONINGBOUW = "Samenwerkingstafel Woningbouw"
PLATFORM31 = "Thematafels Platform31 en Leiden"

# (table, initiatiefnemer, trajectory, parts) — invented demo data. Parts: "kennisgeving",
# "plan", "verslag" (one each), "activities", "afwegingen" (lists).
TRAJECTORIES: list[tuple[str, str, dict, dict]] = [
    (
        PLATFORM31,
        "Gemeente Leiden",
        {
            "title": "Omgevingsplanwijziging Stationsgebied (demo)",
            "instrument": "omgevingsplan",
            "bevoegd_gezag": "raad",
            "phase": "ontwerp",
            "verkenning_start": "2026-03-02",
            "ontwerp_published": "2026-09-01",
        },
        {
            "kennisgeving": {
                "date": "2026-04-15",
                "involved": "Omwonenden, reizigers, ondernemers Stationsplein, Fietsersbond",
                "subject": "Openbare ruimte, fietsparkeren en bouwhoogtes rond het station",
                "timing": "Mei-juni 2026: twee bijeenkomsten en een online enquête",
                "roles": "De raad stelt vast; het college organiseert de participatie",
                "information": "Projectpagina op het participatieplatform en het Stadhuis",
            },
            "plan": {
                "date": "2026-04-10",
                "rung": "adviseren",
                "rung_rationale": "Kaders liggen vast (bouwhoogte, OV-knoop); ruimte voor advies "
                "over openbare ruimte en fietsparkeren.",
                "stakeholders": "Omwonenden Stationsweg en Schipholweg, reizigers, ondernemers, "
                "NS en ProRail, Fietsersbond",
                "groups_meant": ["omwonenden", "reizigers", "jongeren", "ondernemers"],
                "fixed_frameworks": "Maximale bouwhoogte 70 m; busstation blijft aan de noordzijde.",
                "room_for_influence": "Inrichting pleinen, groen, plaats en soort fietsparkeren.",
                "reactions_handling": "Elke reactie krijgt een antwoord in het verslag; de "
                "afweging staat per belang in de nota.",
                "reporting": "Participatieverslag bij het ontwerp, gedeeld met alle deelnemers.",
            },
            "activities": [
                {
                    "date": "2026-05-12",
                    "title": "Inloopavond Stationsgebied",
                    "method": "inloopavond",
                    "invitation_date": "2026-05-01",
                    "turnout": 64,
                    "groups_reached": ["omwonenden", "ondernemers"],
                },
                {
                    "date": "2026-06-02",
                    "title": "Online enquête fietsparkeren",
                    "method": "online enquête",
                    "invitation_date": "2026-05-12",
                    "turnout": 412,
                    "groups_reached": ["reizigers"],
                },
            ],
        },
    ),
    (
        WONINGBOUW,
        "Portaal",
        {
            "title": "BOPA 48 sociale huurwoningen Lammenschans (demo)",
            "instrument": "omgevingsvergunning",
            "bopa": True,
            "dwellings": 48,
            "bevoegd_gezag": "college",
            "phase": "verkenning",
            "verkenning_start": "2026-06-01",
            "submitted": "2026-11-20",
        },
        {
            "plan": {
                "rung": "raadplegen",
                "rung_rationale": "Aanvraag buiten het omgevingsplan; buren en wijkvereniging "
                "raadplegen.",
                "stakeholders": "Direct omwonenden Lammenschansweg, wijkvereniging, school",
                "groups_meant": ["direct omwonenden", "wijkvereniging"],
                "fixed_frameworks": "48 sociale huurwoningen; bouwblok vast.",
                "room_for_influence": "Binnentuin, parkeren, bouwverkeer.",
            },
        },
    ),
    (
        WONINGBOUW,
        "Ons Doel",
        {
            "title": "Nieuwbouw seniorenwoningen Merenwijk (demo)",
            "instrument": "omgevingsvergunning",
            "bopa": True,
            "dwellings": 36,
            "bevoegd_gezag": "college",
            "phase": "ontwerp",
            "verkenning_start": "2026-02-01",
            "submitted": "2026-04-15",
            "application_participation": "ja",
            "application_how": "Twee bijeenkomsten met senioren en omwonenden; zie verslag.",
        },
        {
            "plan": {
                "date": "2026-02-10",
                "rung": "adviseren",
                "rung_rationale": "Senioren adviseren over woningtypen en ontmoetingsruimte.",
                "stakeholders": "Senioren uit de wijk, omwonenden, ouderenbond",
                "groups_meant": ["senioren", "omwonenden"],
                "fixed_frameworks": "36 woningen, sociale huur",
                "room_for_influence": "Woningtypen, ontmoetingsruimte, tuin",
                "reactions_handling": "Verwerkt in het ontwerp of uitgelegd in het verslag",
                "reporting": "Verslag bij de aanvraag, vooraf gedeeld",
            },
            "activities": [
                {
                    "date": "2026-03-10",
                    "title": "Ontwerpavond in buurthuis De Kooi",
                    "method": "werkatelier",
                    "invitation_date": "2026-02-20",
                    "turnout": 38,
                    "groups_reached": ["senioren", "omwonenden"],
                }
            ],
            "verslag": {
                "date": "2026-03-25",
                "participants": "38 deelnemers: 26 senioren, 12 omwonenden",
                "interests": "Gelijkvloers wonen; zorgen over parkeerdruk in de straat",
                "ideas": "Gezamenlijke tuin; scootmobielberging",
                "adjusted": "Scootmobielberging en gezamenlijke tuin opgenomen",
                "not_adjusted": "Minder woningen: niet, de opgave vraagt er 36",
                "draagvlak": "groot",
                "shared": "2026-04-02",
                "reactions": "Twee reacties: instemmend; één vraag over de bouwtijd",
            },
            "afwegingen": [
                {
                    "interest": "Parkeerdruk in de straat",
                    "whose": "omwonenden",
                    "weighing": "deels overgenomen",
                    "reasoning": "Deelauto's en een kleinere parkeernorm; geen extra plekken",
                    "explanation": "Uitgelegd in de tweede bijeenkomst en in het verslag",
                    "explained_on": "2026-04-02",
                }
            ],
        },
    ),
    (
        PLATFORM31,
        "Gemeente Leiden",
        {
            "title": "Herinrichting Roomburgerpark (demo)",
            "instrument": "programma",
            "bevoegd_gezag": "college",
            "phase": "ontwerp",
            "verkenning_start": "2026-01-12",
        },
        {
            "plan": {
                "rung": "coproduceren",
                "rung_rationale": "Online enquête op het participatieplatform en twee "
                "ontwerpateliers.",
                "stakeholders": "Parkgebruikers, speeltuinvereniging, jongeren, statushouders",
                "groups_meant": ["parkgebruikers", "jongeren", "statushouders"],
            },
            "activities": [
                {
                    "date": "2026-02-01",
                    "title": "Online enquête op het participatieplatform",
                    "method": "online enquête",
                    "turnout": 950,
                    "groups_reached": ["parkgebruikers"],
                },
                {
                    "date": "2026-03-03",
                    "title": "Ontwerpatelier in het park",
                    "method": "werkatelier",
                    "invitation_date": "2026-02-24",
                    "turnout": 31,
                    "groups_reached": ["parkgebruikers"],
                },
            ],
        },
    ),
    (
        PLATFORM31,
        "Gemeente Leiden",
        {
            "title": "Omgevingsvisie Leiden 2040 actualisatie (demo)",
            "instrument": "omgevingsvisie",
            "bevoegd_gezag": "raad",
            "phase": "vaststelling",
            "verkenning_start": "2025-09-01",
            "submitted": "2026-02-01",
            "decided": "2026-03-26",
            "motivering": "Bewoners en ondernemers zijn in zes wijkgesprekken betrokken; "
            "resultaten staan in het participatieverslag; de Beleidsregels Participatie zijn "
            "toegepast.",
        },
        {
            "plan": {
                "rung": "adviseren",
                "rung_rationale": "Stadsbrede consultatie met wijkgesprekken.",
                "groups_meant": ["bewoners", "ondernemers"],
            },
            "activities": [
                {
                    "date": "2025-10-01",
                    "title": "Zes wijkgesprekken",
                    "method": "bijeenkomst",
                    "invitation_date": "2025-09-10",
                    "turnout": 310,
                    "groups_reached": ["bewoners", "ondernemers"],
                }
            ],
            "verslag": {
                "participants": "310 bewoners en ondernemers in zes wijken",
                "interests": "Groen in de wijk, betaalbaar wonen, bereikbaarheid binnenstad",
                "adjusted": "Groennorm per wijk toegevoegd",
                "not_adjusted": "Autovrije binnenstad: niet in deze visie, apart traject",
                "draagvlak": "beperkt",
                "shared": "2026-01-20",
            },
        },
    ),
    (
        WONINGBOUW,
        "Gemeente Leiden",
        {
            "title": "Omgevingsplanwijziging Kooiplein-Noord (demo)",
            "instrument": "omgevingsplan",
            "bevoegd_gezag": "raad",
            "phase": "verkenning",
            "verkenning_start": "2026-10-01",
        },
        {
            "kennisgeving": {
                "date": "2026-09-20",
                "involved": "Omwonenden Kooiplein",
                "subject": "Wijziging bouwvlak en functies",
            },
            "plan": {
                "rung": "informeren",
                "rung_rationale": "Alleen informatieavond gepland.",
                "groups_meant": ["omwonenden"],
            },
        },
    ),
    (
        WONINGBOUW,
        "De Sleutels",
        {
            "title": "Optopping 8 woningen Slaaghwijk (demo)",
            "instrument": "omgevingsvergunning",
            "bopa": True,
            "dwellings": 8,
            "bevoegd_gezag": "college",
            "phase": "verkenning",
            "verkenning_start": "2026-09-15",
        },
        {
            "plan": {
                "rung": "raadplegen",
                "rung_rationale": "Kleine ingreep; buren raadplegen.",
                "groups_meant": ["direct omwonenden"],
            },
        },
    ),
    (
        PLATFORM31,
        "Gemeente Leiden",
        {
            "title": "Programma Fietsparkeren Binnenstad (demo)",
            "instrument": "programma",
            "bevoegd_gezag": "college",
            "phase": "ontwerp",
            "verkenning_start": "2026-05-01",
            "ontwerp_published": "2026-07-01",
        },
        {
            "plan": {
                "rung": "raadplegen",
                "rung_rationale": "Ondernemers en bewoners raadplegen over locaties.",
                "groups_meant": ["ondernemers", "bewoners"],
            },
            "activities": [
                {
                    "date": "2026-07-20",
                    "title": "Straatgesprekken Breestraat",
                    "method": "wandeling",
                    "invitation_date": "2026-07-13",
                    "turnout": 45,
                    "groups_reached": ["ondernemers", "bewoners"],
                }
            ],
        },
    ),
]


PART_SERVICES = {
    "kennisgeving": "omgevingswet.kennisgevingen",
    "plan": "omgevingswet.plans",
    "verslag": "omgevingswet.verslagen",
}


def build(ws: Any) -> None:
    service = ws.service(SERVICE)
    if service.list(limit=1).rows:
        return
    for table_name, org_name, values, parts in TRAJECTORIES:
        table = ws.read.table_by_name(table_name)
        if table is None:
            continue
        org = ws.read.organisation_by_name(org_name)
        extra = {"initiatiefnemer_id": org.id} if org else {}
        values = dict(values)  # the list above is read again by the next demo built
        decided = {k: values.pop(k) for k in ("phase", "decided", "motivering") if k in values}
        t = service.create(table_id=table.id, **extra, **values)
        for part, name in PART_SERVICES.items():
            if part in parts:
                ws.service(name).save(t.id, **parts[part])
        for activity in parts.get("activities", []):
            ws.service("omgevingswet.activities").create(trajectory_id=t.id, **activity)
        for afweging in parts.get("afwegingen", []):
            ws.service("omgevingswet.afwegingen").create(trajectory_id=t.id, **afweging)
        if decided:
            service.update(t.id, t.version, **decided)
