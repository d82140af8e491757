"""Helpers of the omgevingswet tests (a name of its own: both plugins' tests run in one session,
so a plain ``conftest`` import would be ambiguous)."""

from __future__ import annotations

from stadstafel.testing import plugin_workspace

import stadstafel_omgevingswet

NAME = "omgevingswet"
SERVICE = "omgevingswet.trajectories"
TODAY = "2026-12-01 09:00"
USERS = {
    "admin": {"role": "beheerder"},
    "secr": {"person": "secr@example.org", "role": "gebruiker"},
    "chair": {"person": "chair@example.org", "role": "gebruiker"},
}


def open_plugin_ws(tmp_path, settings=None):
    return plugin_workspace(
        tmp_path,
        stadstafel_omgevingswet,
        NAME,
        users=USERS,
        settings=settings,
    )


def add_tables(ws):
    gemeente = ws.organisations.create(name="Gemeente Leiden", kind="gemeente")
    secr = ws.people.create(name="Sam", organisation_id=gemeente.id, email="secr@example.org")
    chair = ws.people.create(name="Kim", organisation_id=gemeente.id, email="chair@example.org")
    mine = ws.tables.create(
        name="Tafel A",
        kind="samenwerkingstafel",
        secretary_person_id=secr.id,
        chair_person_id=chair.id,
    )
    other = ws.tables.create(name="Tafel B", kind="samenwerkingstafel")
    return gemeente, mine, other
