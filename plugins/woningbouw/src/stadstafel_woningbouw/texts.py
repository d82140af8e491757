"""The module's own texts in Dutch (default) and English, picked by ``stadstafel.language()``."""

from __future__ import annotations

import stadstafel

from stadstafel_woningbouw.model import (
    REASON_LABELS,
    SEGMENT_LABELS,
    SEGMENTS,
    WITHDRAWAL_REASONS,
)

# key -> (nl, en)
MESSAGES: dict[str, tuple[str, str]] = {
    "wb_no_homes": (
        "Een project heeft minstens één woning in een van de segmenten.",
        "A project has at least one home in one of the segments.",
    ),
    "wb_delivery_before_start": (
        "Oplevering ({delivery}) ligt vóór de start van de bouw ({start}).",
        "Delivery ({delivery}) is before the start of construction ({start}).",
    ),
    "wb_delivered_needs_year": (
        "Een opgeleverd project heeft een opleverjaar.",
        "A delivered project has a delivery year.",
    ),
    "wb_delivered_future": (
        "Een opgeleverd project kan niet in de toekomst ({year}) zijn opgeleverd.",
        "A delivered project cannot have been delivered in the future ({year}).",
    ),
    "wb_duplicate": (
        "Er bestaat al een woningbouwproject met de naam '{name}'.",
        "A housing project named '{name}' already exists.",
    ),
    "wb_unknown_org": (
        "Organisatie {value} bestaat niet.",
        "Organisation {value} does not exist.",
    ),
    "wb_org_kind": (
        "{name} is een {kind}; initiatiefnemer kan zijn: {kinds}.",
        "{name} is a {kind}; an initiator can be: {kinds}.",
    ),
    "wb_same_phase": (
        "Het project is al in fase '{phase}'.",
        "The project is already in phase '{phase}'.",
    ),
    "wb_change_before_last": (
        "De datum ligt vóór de vorige fasewijziging ({last}).",
        "The date is before the previous phase change ({last}).",
    ),
    "wb_change_future": (
        "Een fasewijziging kan niet in de toekomst liggen ({date}).",
        "A phase change cannot be in the future ({date}).",
    ),
    "wb_not_found": (
        "{record} {id} bestaat niet (meer).",
        "{record} {id} does not exist (any more).",
    ),
    "wb_conflict_label": ("Woningbouwproject", "Housing project"),
    "wb_bad_date": (
        "{field} moet een datum zijn als 2027-01-07; gevonden: {value}.",
        "{field} must be a date like 2027-01-07; found: {value}.",
    ),
}

# field name -> (nl, en)
FIELDS: dict[str, tuple[str, str]] = {
    "name": ("Naam", "Name"),
    "area": ("Wijk/gebied", "Area"),
    "location": ("Locatie", "Location"),
    "organisation_ids": ("Initiatiefnemers", "Initiators"),
    "phase": ("Fase", "Phase"),
    "phase_since": ("In fase sinds", "In phase since"),
    "start_year": ("Start bouw (jaar)", "Construction start (year)"),
    "delivery_year": ("Oplevering (jaar)", "Delivery (year)"),
    "notes": ("Notities", "Notes"),
    "changed_on": ("Datum", "Date"),
    "note": ("Toelichting", "Note"),
    "title": ("Knelpunt", "Bottleneck"),
    "description": ("Omschrijving", "Description"),
    "owner_org_id": ("Eigenaar", "Owner"),
    "due": ("Uiterlijk", "Due"),
    "status": ("Status", "Status"),
    "resolved_on": ("Opgelost op", "Resolved on"),
    "project_id": ("Project", "Project"),
    **{
        f"homes_{s}": (f"Woningen {SEGMENT_LABELS[s][0]}", f"Homes {SEGMENT_LABELS[s][1]}")
        for s in SEGMENTS
    },
    **{
        f"out_{r}_{s}": (
            f"Weg door {REASON_LABELS[r][0]}: {SEGMENT_LABELS[s][0]}",
            f"Withdrawn by {REASON_LABELS[r][1]}: {SEGMENT_LABELS[s][1]}",
        )
        for r in WITHDRAWAL_REASONS
        for s in SEGMENTS
    },
    "source_ref": ("Id in eigen lijst gemeente", "Id in the municipality's list"),
    "history": ("Historie", "History"),
    "knelpunten": ("Knelpunten", "Bottlenecks"),
}

# the columns of a CBS figure and of a phase change, as the audit screen names them
CBS_FIELDS: dict[str, tuple[str, str]] = {
    "table_id": ("CBS-tabel", "CBS table"),
    "region": ("Regio", "Region"),
    "period": ("Periode", "Period"),
    "year": ("Jaar", "Year"),
    "month": ("Maand", "Month"),
    "measure": ("Onderwerp", "Measure"),
    "value": ("Waarde", "Value"),
    "status": ("Status", "Status"),
    "source": ("Bron", "Source"),
}
HISTORY_FIELDS: dict[str, tuple[str, str]] = {
    **FIELDS,
    "phase_from": ("Van fase", "From phase"),
    "phase_to": ("Naar fase", "To phase"),
    "delivery_year_from": ("Oplevering was", "Delivery was"),
    "delivery_year_to": ("Oplevering wordt", "Delivery becomes"),
}

RECORDS: dict[str, tuple[str, str]] = {
    "woningbouw_cbs": ("CBS-cijfer", "CBS figure"),
    "woningbouw_project": ("woningbouwproject", "housing project"),
    "woningbouw_history": ("fasewijziging", "phase change"),
    "woningbouw_knelpunt": ("knelpunt", "bottleneck"),
}


def _pick(pair: tuple[str, str]) -> str:
    return pair[1] if stadstafel.language() == "en" else pair[0]


def t(key: str, **params: object) -> str:
    return _pick(MESSAGES[key]).format(**params)


def field_label(name: str) -> str:
    pair = FIELDS.get(name)
    return _pick(pair) if pair else name


def record_label(name: str) -> str:
    pair = RECORDS.get(name)
    return _pick(pair) if pair else name


def segment_label(segment: str) -> str:
    return _pick(SEGMENT_LABELS[segment])


def lang() -> str:
    return stadstafel.language()


L = stadstafel.L
