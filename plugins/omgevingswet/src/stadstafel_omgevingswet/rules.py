"""Statutory vocabulary and the sources of the rules (Omgevingswet, Omgevingsbesluit,
Omgevingsregeling). These are national law, quoted from the shared facts file omgevingswet.md
(collected 2026-11-23); local choices are in ``[plugins.omgevingswet]`` (``defaults.toml``)."""

from __future__ import annotations

from typing import Any

DASH = "-"


def shown(value: Any) -> str:
    """A value as text, in the screens and in the documents: a list joined by commas, nothing
    as a dash. Here, not in ``documents``, so the screens do not import the documents (and the
    core's document model) before an export (docs/benchmarks.md, "Ninth round (2026-12-07):
    memory")."""
    if value in (None, "", []):
        return DASH
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)


INSTRUMENTS = [
    "omgevingsvisie",
    "programma",
    "omgevingsplan",
    "omgevingsvergunning",
    "projectbesluit",
]
BEVOEGD_GEZAG = ["raad", "college", "provincie", "waterschap", "rijk"]
PHASES = ["verkenning", "ontwerp", "vaststelling"]
# The participatieverslag's estimate of support (Maastricht, "Wegen inbreng").
DRAAGVLAK = ["groot", "beperkt", "geen"]
# How an activity reached people (Heerde: mail, 1-on-1, app group, social media, meeting).
METHODS = [
    "bijeenkomst",
    "inloopavond",
    "werkatelier",
    "online enquête",
    "keukentafelgesprek",
    "wandeling",
    "brief",
    "digitaal platform",
    "anders",
]
# What was done with an interest in the belangenafweging.
WEIGHINGS = ["overgenomen", "deels overgenomen", "niet overgenomen"]

# Legal basis of the participation duty per instrument (facts: motiveringsplicht rows).
LEGAL_BASIS = {
    "omgevingsvisie": "Ob art. 10.7 (motiveringsplicht)",
    "programma": "Ob art. 10.8 (motiveringsplicht)",
    "omgevingsplan": "Ow art. 16.29 (kennisgeving); Ob art. 10.2 lid 1 en 2",
    "omgevingsvergunning": "Orr art. 7.4 jo. Ow art. 16.55 lid 6 (aanvraagvereiste)",
    "bopa": "Ow art. 16.55 lid 7 (verplichte participatie, raadsaanwijzing); Orr art. 7.4",
    "projectbesluit": "Ow art. 5.47 lid 4; Ob art. 5.3 (kennisgeving participatie)",
}

SOURCES = {
    "kennisgeving": "VNG, 'Wat moet worden vastgelegd m.b.t. de participatie?': uiterlijk bij de "
    "start van de verkenning (Ow 5.47 lid 4, Ob 5.3; Ow 16.29)",
    "laat": "Ob art. 10.2/10.7/10.8: vroegtijdige participatie bij de voorbereiding",
    "bereik": "Handreiking samenwerken in de stad, Leiden (raad 16-05-2024): inclusieve participatie",
    "verslag": "Gemeente Heerde, 'Verslag voor de gemeente': deel het verslag met de deelnemers "
    "(lokale praktijk, niet wettelijk)",
    "bopa": "Ow art. 16.55 lid 7; VNG handleiding omgevingsplan §3.13 (buiten behandeling)",
    "motivering": "Ob art. 10.2, 10.7, 10.8",
    "aanvraag": "Orr art. 7.4 jo. Ow art. 16.55 lid 6 (aanvraagvereiste: participatie ja/nee, "
    "en zo ja hoe)",
}
