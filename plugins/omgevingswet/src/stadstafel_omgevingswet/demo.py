"""The module's part of the Leiden demo. DEMO DATA: every trajectory, date, group and text below
is invented for the demo (plausible, not real Leiden decisions); the tables and partners are the
demo's own (Samenwerkingstafel Woningbouw, Thematafels Platform31 en Leiden)."""

from __future__ import annotations

from typing import Any

SERVICE = "omgevingswet.trajectories"
WONINGBOUW = "Samenwerkingstafel Woningbouw"
PLATFORM31 = "Thematafels Platform31 en Leiden"

# (table, initiatiefnemer, values) — invented demo data.
TRAJECTORIES: list[tuple[str, str, dict]] = [
    (
        PLATFORM31,
        "Gemeente Leiden",
        {
            "title": "Omgevingsplanwijziging Stationsgebied (demo)",
            "instrument": "omgevingsplan",
            "bevoegd_gezag": "raad",
            "phase": "ontwerp",
            "verkenning_start": "2026-03-02",
            "kennisgeving_date": "2026-04-15",
            "ontwerp_published": "2026-09-01",
            "participation_start": "2026-05-12",
            "rung": "adviseren",
            "rung_rationale": "Kaders liggen vast (bouwhoogte, OV-knoop); ruimte voor advies over "
            "openbare ruimte en fietsparkeren.",
            "groups_meant": ["omwonenden", "reizigers", "jongeren", "ondernemers"],
            "groups_reached": ["omwonenden", "ondernemers"],
            "invitation_date": "2026-05-01",
            "meeting_date": "2026-05-12",
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
            "rung": "raadplegen",
            "rung_rationale": "Aanvraag buiten het omgevingsplan; buren en wijkvereniging raadplegen.",
            "groups_meant": ["direct omwonenden", "wijkvereniging"],
            "submitted": "2026-11-20",
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
            "participation_start": "2026-03-10",
            "rung": "adviseren",
            "rung_rationale": "Senioren adviseren over woningtypen en ontmoetingsruimte.",
            "groups_meant": ["senioren", "omwonenden"],
            "groups_reached": ["senioren", "omwonenden"],
            "invitation_date": "2026-02-20",
            "meeting_date": "2026-03-10",
            "verslag_shared": "2026-04-02",
            "submitted": "2026-04-15",
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
            "participation_start": "2026-02-01",
            "rung": "coproduceren",
            "rung_rationale": "Online enquête op het participatieplatform en twee ontwerpateliers.",
            "groups_meant": ["parkgebruikers", "jongeren", "statushouders"],
            "groups_reached": ["parkgebruikers"],
            "invitation_date": "2026-02-24",
            "meeting_date": "2026-03-03",
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
            "participation_start": "2025-10-01",
            "rung": "adviseren",
            "rung_rationale": "Stadsbrede consultatie met wijkgesprekken.",
            "groups_meant": ["bewoners", "ondernemers"],
            "groups_reached": ["bewoners", "ondernemers"],
            "invitation_date": "2025-09-10",
            "meeting_date": "2025-10-01",
            "verslag_shared": "2026-01-20",
            "submitted": "2026-02-01",
            "decided": "2026-03-26",
            "motivering": "Bewoners en ondernemers zijn in zes wijkgesprekken betrokken; resultaten "
            "staan in het participatieverslag; de Beleidsregels Participatie zijn toegepast.",
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
            "kennisgeving_date": "2026-09-20",
            "rung": "informeren",
            "rung_rationale": "Alleen informatieavond gepland.",
            "groups_meant": ["omwonenden"],
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
            "rung": "raadplegen",
            "rung_rationale": "Kleine ingreep; buren raadplegen.",
            "groups_meant": ["direct omwonenden"],
        },
    ),
]


def build(ws: Any) -> None:
    service = ws.service(SERVICE)
    if service.list(limit=1).rows:
        return
    for table_name, org_name, values in TRAJECTORIES:
        table = ws.read.table_by_name(table_name)
        if table is None:
            continue
        org = ws.read.organisation_by_name(org_name)
        extra = {"initiatiefnemer_id": org.id} if org else {}
        service.create(table_id=table.id, **extra, **values)
