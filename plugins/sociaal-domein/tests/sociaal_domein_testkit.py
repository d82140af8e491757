"""Shared helpers: a workspace with the plugin, a thematafel, a leerkring and three people."""

from __future__ import annotations

import pytest
from stadstafel.testing import frozen_clock, plugin_workspace

import stadstafel_sociaal_domein

NAME = "sociaal-domein"
USERS = {
    "admin": {"role": "beheerder"},
    # chair of the thematafel (may edit), from a city outside the leerkring
    "chair": {"person": "chair@example.org", "role": "gebruiker"},
    # a participant of the leerkring
    "ilse": {"person": "ilse@example.org", "role": "gebruiker"},
}


@pytest.fixture
def ws(tmp_path):
    with (
        frozen_clock("2027-01-04 09:00"),
        plugin_workspace(tmp_path, stadstafel_sociaal_domein, NAME, users=USERS) as workspace,
    ):
        yield workspace


@pytest.fixture
def net(ws):
    return make_net(ws)


def make_net(ws):
    """Leiden, Leiderdorp and Delft (gemeenten), the thematafel, one leerkring."""
    orgs = {
        n: ws.organisations.create(name=f"Gemeente {n}", kind="gemeente").id
        for n in ("Leiden", "Leiderdorp", "Delft")
    }
    chair = ws.people.create(name="Chris", organisation_id=orgs["Delft"], email="chair@example.org")
    ilse = ws.people.create(
        name="Ilse", organisation_id=orgs["Leiderdorp"], email="ilse@example.org"
    )
    table = ws.tables.create(
        name="Thematafel", kind="thematafel", topics=[NAME], chair_person_id=chair.id
    )
    regions = ws.service(f"{NAME}.regions")
    for n, code in (("Leiden", "GM0546"), ("Leiderdorp", "GM0547"), ("Delft", "GM0503")):
        regions.set(code, orgs[n])
    kring = ws.service(f"{NAME}.leerkringen").create(
        table_id=table.id,
        theme="Jeugd en onderwijs",
        organisation_ids=[orgs["Leiden"], orgs["Leiderdorp"]],
        person_ids=[ilse.id],
    )
    return {"orgs": orgs, "table": table, "kring": kring, "ilse": ilse, "chair": chair}
