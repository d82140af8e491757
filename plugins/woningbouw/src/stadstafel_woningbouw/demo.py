"""The woningbouw part of the Leiden demo: 35 invented projects, through the services only.

The neighbourhoods are real Leiden places; the projects, their numbers (homes added and
withdrawn) and their knelpunten are invented. Initiators are the organisations the core demo
already has, looked up by kind (woningcorporatie, ontwikkelaar, belegger, gemeente); only a
kind that is missing gets an invented organisation. Every date is relative to today
(``stadstafel.today()``), so the demo always has projects delivered in earlier years, some
under construction, hard and soft plans, and a few that are stalled, slipped or blocked by an
overdue knelpunt. No randomness.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import stadstafel

from stadstafel_woningbouw.model import add_months
from stadstafel_woningbouw.service import register_for

INDICATOR = "woningbouw:homes_delivered"

# Organisations created only when the workspace has none of that kind (invented names).
FALLBACK_ORGS: dict[str, list[str]] = {
    "woningcorporatie": ["Portaal", "Ons Doel", "De Sleutels"],
    "ontwikkelaar": ["Rijnstad Ontwikkeling (demo)", "Singelveste Projecten (demo)"],
    "belegger": ["Zijlpoort Woonfonds (demo)"],
    "gemeente": ["Gemeente Leiden"],
}
ROLE_KINDS = {"corp": "woningcorporatie", "dev": "ontwikkelaar", "inv": "belegger",
              "gem": "gemeente"}  # fmt: skip


@dataclass
class P:
    """One demo project. ``homes``: sociale huur, middenhuur, vrije sector, betaalbare koop,
    dure koop. ``months``: months ago it entered its current phase (delivered projects: the
    month of delivery in ``delivered`` years ago). ``start``/``delivery``: years from now."""

    name: str
    area: str
    phase: str
    homes: tuple[int, int, int, int, int]
    initiators: list[tuple[str, int]]
    months: int = 0
    delivery: int | None = None
    start: int | None = None
    first: int = 0  # index of the phase the project entered the register with
    slip: tuple[int, int] | None = None  # (years later, months ago recorded)
    knelpunten: list[tuple[str, str, int, str]] = field(default_factory=list)
    # (title, owner role, due in days from today (negative = past), status)
    location: str | None = None
    notes: str | None = None
    # homes withdrawn (invented, demo): {"sloop_sociale_huur": 150, ...} -> out_<key>
    out: dict[str, int] = field(default_factory=dict)


# fmt: off
PROJECTS: list[P] = [
    # -- delivered (opgeleverd): months = months ago of delivery -----------------------------------
    P("Studentencampus Noord", "Leiden Bio Science Park", "opgeleverd",
      (700, 300, 0, 0, 0), [("corp", 2)], months=40, start=-5, first=2,
      notes="Studentenwoningen; onderdeel van de 2.700 studentenwoningen 2021–2030."),
    P("Nieuw Leyden blok 4", "Nieuw Leyden", "opgeleverd", (0, 40, 20, 30, 60),
      [("dev", 0)], months=64, start=-7, first=3),
    P("Kooiplein fase 2", "Groenoord", "opgeleverd", (180, 40, 0, 0, 0),
      [("corp", 0)], months=58, start=-7, first=2, out={"sloop_sociale_huur": 150}),
    P("Schipholweg-Noord", "Stationsgebied", "opgeleverd", (0, 120, 180, 0, 0),
      [("dev", 1), ("inv", 0)], months=50, start=-6, first=2),
    P("Morskwartier deelplan 1", "Morskwartier", "opgeleverd", (90, 60, 0, 50, 40),
      [("gem", 0), ("dev", 0)], months=44, start=-6, first=1),
    P("Lammenschansdriehoek", "Lammenschans", "opgeleverd", (120, 80, 40, 0, 0),
      [("corp", 1)], months=33, start=-5, first=2),
    P("Marnixstraat", "De Mors", "opgeleverd", (60, 0, 0, 30, 0),
      [("corp", 1)], months=30, start=-4, first=3),
    P("Roomburgerpark-Oost", "Roomburg", "opgeleverd", (0, 50, 0, 40, 70),
      [("dev", 0)], months=22, start=-4, first=2),
    P("Kristalweg", "Willem de Zwijgerlaan", "opgeleverd",
      (110, 70, 20, 0, 0), [("corp", 0), ("inv", 0)], months=19, start=-3, first=2),
    P("Wernink fase 1", "Werninkterrein", "opgeleverd", (80, 100, 0, 40, 60),
      [("dev", 0), ("gem", 0)], months=14, start=-3, first=1),
    P("Rijnsburgerblok", "Stationsgebied", "opgeleverd", (90, 150, 60, 0, 0),
      [("dev", 1), ("corp", 2)], months=11, start=-3, first=2),
    P("Hoge Rijndijk", "Groenoord", "opgeleverd", (70, 30, 0, 0, 0),
      [("corp", 2)], months=9, start=-2, first=3,
      out={"sloop_sociale_huur": 48, "samenvoeging_sociale_huur": 6}),
    P("Leyhof", "Nieuw Leyden", "opgeleverd", (0, 30, 0, 20, 40),
      [("dev", 0)], months=0, start=-2, first=3),
    # -- under construction (in aanbouw) -----------------------------------------------------------
    P("Wernink fase 2", "Werninkterrein", "in aanbouw", (110, 90, 0, 50, 50),
      [("dev", 0), ("corp", 1)], months=10, start=-1, delivery=1, first=1),
    P("Vijf Meiplein", "Lammenschans", "in aanbouw", (90, 60, 0, 0, 0),
      [("corp", 1)], months=8, start=-1, delivery=1, first=2,
      out={"sloop_sociale_huur": 72}),
    P("Lorentzkade", "Stationsgebied", "in aanbouw", (0, 100, 120, 0, 40),
      [("dev", 1)], months=14, start=-1, delivery=0, first=2),
    P("Morskwartier deelplan 2", "Morskwartier", "in aanbouw", (70, 50, 0, 60, 0),
      [("gem", 0), ("dev", 0)], months=5, start=0, delivery=2, first=1),
    P("Woontoren Gorlaeus", "Leiden Bio Science Park", "in aanbouw",
      (0, 120, 80, 0, 0), [("inv", 0), ("dev", 1)], months=30, start=-3, delivery=0,
      first=2, slip=(1, 4),
      knelpunten=[("Aannemer failliet: nieuwe aanbesteding ruwbouw", "inv", -45, "open")],
      notes="Bouw lag stil na faillissement van de aannemer."),
    P("Kanaalpark", "De Mors", "in aanbouw", (50, 0, 0, 30, 0),
      [("corp", 0)], months=3, start=0, delivery=1, first=3),
    # -- vergund -----------------------------------------------------------------------------------
    P("Park Noord", "Roomburg", "vergund", (0, 40, 0, 60, 80),
      [("dev", 0)], months=4, start=1, delivery=3, first=1),
    P("Hofblok", "Willem de Zwijgerlaan", "vergund", (140, 60, 0, 0, 0),
      [("corp", 0)], months=11, start=0, delivery=2, first=2,
      knelpunten=[("Aanbesteding bouwer: inschrijvingen boven budget", "corp", -30, "open"),
                  ("Parkeernorm in het omgevingsplan", "gem", -120, "opgelost")]),
    P("Ericalaan", "Groenoord", "vergund", (90, 40, 0, 0, 0),
      [("corp", 2)], months=3, start=1, delivery=2, first=2),
    # -- onherroepelijk ----------------------------------------------------------------------------
    P("Stationsplein-West", "Stationsgebied", "onherroepelijk",
      (150, 200, 150, 0, 100), [("dev", 1), ("inv", 0), ("gem", 0)], months=7, start=1,
      delivery=4, first=0,
      knelpunten=[("Netcongestie: aansluiting op het elektriciteitsnet", "gem", 60, "open")]),
    P("Lammenschansplein", "Lammenschans", "onherroepelijk", (100, 80, 0, 40, 0),
      [("corp", 1), ("dev", 0)], months=13, start=1, delivery=3, first=1, slip=(1, 5)),
    # -- vastgesteld -------------------------------------------------------------------------------
    P("Wernink fase 3", "Werninkterrein", "vastgesteld", (90, 110, 0, 60, 60),
      [("dev", 0), ("gem", 0)], months=6, start=2, delivery=4, first=0),
    P("Kavels aan de Vaart", "Nieuw Leyden", "vastgesteld", (0, 30, 0, 0, 70),
      [("dev", 1)], months=16, start=1, delivery=3, first=1,
      knelpunten=[("Stikstofdepositie onderbouwen voor de vergunning", "gem", -20, "open")]),
    P("Morskwartier deelplan 3", "Morskwartier", "vastgesteld", (120, 90, 0, 70, 40),
      [("gem", 0), ("corp", 2)], months=2, start=2, delivery=4, first=0),
    # -- in voorbereiding --------------------------------------------------------------------------
    P("Trekvliet-Noord", "Stationsgebied", "in voorbereiding",
      (150, 250, 200, 0, 100), [("gem", 0), ("dev", 1), ("corp", 0)], months=5, start=2,
      delivery=5, first=0),
    P("Kenniskwartier wonen", "Leiden Bio Science Park",
      "in voorbereiding", (0, 150, 100, 0, 0), [("inv", 0)], months=10, start=2, delivery=4,
      first=0),
    P("Vijf Meilaan", "Groenoord", "in voorbereiding", (130, 50, 0, 0, 0),
      [("corp", 0)], months=4, start=2, delivery=4, first=0,
      out={"sloop_sociale_huur": 96}),
    P("Roomburg Zuidrand", "Roomburg", "in voorbereiding", (40, 0, 0, 60, 60),
      [("dev", 0)], months=12, start=2, delivery=4, first=0,
      knelpunten=[("Bodemsanering voormalig bedrijfsterrein", "gem", 90, "open")]),
    # -- idee/visie --------------------------------------------------------------------------------
    P("Kantoren Zwijgerlaan", "Willem de Zwijgerlaan", "idee/visie",
      (0, 150, 100, 0, 0), [("inv", 0)], months=3, start=3, delivery=5,
      out={"functiewijziging_vrije_sector_huur": 4}),
    P("Marnixstraat-Oost", "De Mors", "idee/visie", (80, 40, 0, 0, 0),
      [("corp", 1)], months=20, start=3, delivery=5),
    P("Kanaalweg", "Lammenschans", "idee/visie", (60, 60, 0, 0, 40),
      [("gem", 0)], months=6, start=3, delivery=6),
    # -- dropped (vervallen) -----------------------------------------------------------------------
    P("Parkeergarage Mors", "Morskwartier", "vervallen", (0, 0, 0, 0, 80),
      [("dev", 1)], months=8, start=1, delivery=3, first=0,
      notes="Vervallen: de locatie blijft nodig voor parkeren."),
]
# fmt: on

MONTHS_PER_PHASE = 7  # how far apart the earlier phase changes lie


def _orgs(ws: Any) -> dict[str, list[Any]]:
    out: dict[str, list[Any]] = {}
    for role, kind in ROLE_KINDS.items():
        found = ws.organisations.list(kind=kind).rows
        if not found:
            found = []
            for name in FALLBACK_ORGS[kind]:
                org = ws.organisations.by_name(name) or ws.organisations.create(
                    name=name, kind=kind, notes="Aangemaakt voor de woningbouwdemo."
                )
                found.append(org)
        out[role] = sorted(found, key=lambda o: o.id)
    return out


def build(ws: Any) -> dict:
    """Add the demo projects (once: nothing happens when the register has projects)."""
    reg = register_for(ws)
    if reg.list(limit=1).total:
        return {"projects": 0}
    today = stadstafel.today()
    year = today.year
    orgs = _orgs(ws)
    names = reg.settings.phase_names
    delivered = reg.settings.delivered_phase
    created = 0
    for spec in PROJECTS:
        if spec.phase not in names:
            continue  # a deployment with other phases: leave this one out
        target = names.index(spec.phase)
        since = add_months(today, -spec.months)
        if spec.phase == delivered:
            delivery = planned = since.year
        else:
            delivery = year + spec.delivery if spec.delivery is not None else None
            planned = delivery - spec.slip[0] if (spec.slip and delivery) else delivery
        ids = [orgs[role][i % len(orgs[role])].id for role, i in spec.initiators]
        homes = dict(zip(("sociale_huur", "middenhuur", "vrije_sector_huur", "betaalbare_koop",
                          "dure_koop"), spec.homes, strict=True))  # fmt: skip
        # The phases it went through: from `first` up to the one before its current phase.
        first = min(spec.first, target)
        path = [i for i in range(first, target) if names[i] != "vervallen"]
        if spec.phase == "vervallen":
            path = list(range(first, min(first + 2, len(names))))
        dates = [add_months(since, -MONTHS_PER_PHASE * (len(path) - n)) for n in range(len(path))]
        start_phase = names[path[0]] if path else spec.phase
        start_day = dates[0] if path else since
        project = reg.create(
            name=spec.name,
            area=spec.area,
            location=spec.location,
            organisation_ids=ids,
            phase=start_phase,
            phase_since=start_day.isoformat(),
            start_year=(year + spec.start) if spec.start is not None else None,
            delivery_year=None if spec.phase == delivered else planned,
            notes=spec.notes,
            **{f"homes_{k}": v for k, v in homes.items()},
            **{f"out_{k}": v for k, v in spec.out.items()},
        )
        for index, day in zip(path[1:], dates[1:], strict=True):
            project = reg.change_phase(project.id, project.version, names[index], on=day)
        if path:
            project = reg.change_phase(project.id, project.version, spec.phase, on=since)
        if spec.slip:
            _later, ago = spec.slip
            project = reg.update(
                project.id,
                project.version,
                delivery_year=delivery,
                recorded_on=add_months(today, -ago).isoformat(),
                note="Planning bijgesteld door de initiatiefnemer.",
            )
        for title, role, due_days, status in spec.knelpunten:
            k = reg.add_knelpunt(
                project.id,
                title=title,
                owner_org_id=orgs[role][0].id,
                due=(today + dt.timedelta(days=due_days)).isoformat(),
            )
            if status != "open":
                reg.update_knelpunt(k.id, k.version, status=status)
        created += 1
    _goal(ws, reg)
    _cbs(reg)
    return {"projects": created}


def _cbs(reg: Any) -> None:
    """The shipped CBS snapshot (its sidecar says whether the figures are real), so the
    progress view has the cross-check."""
    from stadstafel_woningbouw.cbs import snapshot

    text, meta = snapshot()
    reg.import_cbs(text, table_id=meta["table_id"], meta=meta)


def _goal(ws: Any, reg: Any) -> None:
    """A goal "8.000 woningen in 2030" on the Woningbouw table, unless one measures this."""
    table = reg.table_record()
    if table is None:
        return
    if any(g.indicator == INDICATOR for g in ws.goals.of_table(table.id)):
        return
    s = reg.settings
    ws.goals.create(
        table_id=table.id,
        description=f"{s.target_homes:,} woningen in {s.target_year}".replace(",", ".")
        + f" ({s.target_source})",
        target_value=s.target_homes,
        unit="woningen",
        deadline=f"{s.target_year}-12-31",
        indicator=INDICATOR,
    )
