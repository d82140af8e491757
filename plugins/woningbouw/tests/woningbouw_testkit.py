"""Helpers for the woningbouw tests (a unique module name: the root test run also collects
the core's tests, whose helpers live in ``support``)."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

from stadstafel.testing import make_config as kit_config
from stadstafel.testing import open_workspace, plugin_host

from stadstafel_woningbouw import plugin as woningbouw_plugin

TODAY = dt.datetime(2027, 1, 4, 9, 0)
TABLE = "Samenwerkingstafel Woningbouw"


def make_config(db_path, settings: dict | None = None, users: dict | None = None):
    return kit_config(
        db_path, settings={"woningbouw": settings} if settings is not None else None, users=users
    )


def make_host(config):
    return plugin_host({"woningbouw": woningbouw_plugin}, config)


def open_ws(db_path, settings: dict | None = None, users: dict | None = None, login="admin"):
    config = make_config(db_path, settings, users)
    return open_workspace(config, make_host(config), login=login)


def add_partners(ws) -> SimpleNamespace:
    """The Woningbouw table with a chair, a secretary and partner organisations."""
    gemeente = ws.organisations.create(name="Gemeente Leiden", kind="gemeente")
    portaal = ws.organisations.create(name="Portaal", kind="woningcorporatie")
    onsdoel = ws.organisations.create(name="Ons Doel", kind="woningcorporatie")
    rijnstad = ws.organisations.create(name="Rijnstad Ontwikkeling", kind="ontwikkelaar")
    fonds = ws.organisations.create(name="Zijlpoort Woonfonds", kind="belegger")
    hbv = ws.organisations.create(name="HBV Leiden", kind="huurdersorganisatie")
    chair = ws.people.create(
        name="Carla Voorzitter", organisation_id=hbv.id, email="chair@example.org"
    )
    secretary = ws.people.create(
        name="Sam Secretaris", organisation_id=gemeente.id, email="secr@example.org"
    )
    partner = ws.people.create(
        name="Pim Portaal", organisation_id=portaal.id, email="pim@example.org"
    )
    table = ws.tables.create(
        name=TABLE,
        kind="samenwerkingstafel",
        chair_person_id=chair.id,
        secretary_person_id=secretary.id,
        rhythm="weeks:6",
    )
    for org in (gemeente, portaal, onsdoel, rijnstad, fonds, hbv):
        ws.memberships.add(table.id, org.id)
    return SimpleNamespace(
        gemeente=gemeente,
        portaal=portaal,
        onsdoel=onsdoel,
        rijnstad=rijnstad,
        fonds=fonds,
        hbv=hbv,
        chair=chair,
        secretary=secretary,
        partner=partner,
        table=table,
    )


USERS = {
    "admin": {"role": "beheerder"},
    "secr": {"person": "secr@example.org", "role": "gebruiker"},
    "chair": {"person": "chair@example.org", "role": "gebruiker"},
    "pim": {"person": "pim@example.org", "role": "gebruiker"},
    "gast": {"role": "lezer"},
}


def drive(test):
    """Run an async Pilot test in its own event loop (no async pytest plugin needed)."""
    from stadstafel.testing import run_async

    return run_async(test)
