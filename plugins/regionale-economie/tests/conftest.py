from __future__ import annotations

import pytest
from stadstafel.testing import build_demo, frozen_clock, plugin_workspace

import stadstafel_regionale_economie

NAME = "regionale-economie"
TODAY = "2027-03-01 09:00"  # the demo's day in these tests
USERS = {
    "admin": {"role": "beheerder"},
    "secr": {"person": "secr@example.org", "role": "gebruiker"},
}


@pytest.fixture(autouse=True)
def colour_terminal(monkeypatch):
    """Snapshots do not depend on NO_COLOR or TERM=dumb of the terminal the tests run in."""
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("TERM", "xterm-256color")


@pytest.fixture
def ws(tmp_path):
    with (
        frozen_clock("2027-03-01 09:00"),
        plugin_workspace(tmp_path, stadstafel_regionale_economie, NAME, users=USERS) as workspace,
    ):
        yield workspace


@pytest.fixture
def tables(ws):
    gemeente = ws.organisations.create(name="Gemeente Leiden", kind="gemeente")
    secr = ws.people.create(name="Sam", organisation_id=gemeente.id, email="secr@example.org")
    mine = ws.tables.create(name="Tafel A", kind="samenwerkingstafel", secretary_person_id=secr.id)
    other = ws.tables.create(name="Tafel B", kind="samenwerkingstafel")
    return mine, other


@pytest.fixture
def demo(tmp_path):
    """The Leiden demo with this module's part, the clock frozen on TODAY."""
    with (
        frozen_clock(TODAY),
        plugin_workspace(tmp_path, stadstafel_regionale_economie, NAME) as ws,
    ):
        build_demo(ws)
        yield ws


@pytest.fixture
def reader(tmp_path):
    """The demo, seen by a login without the module's right on any table."""
    users = {"admin": {"role": "beheerder"}, "lees": {"role": "gebruiker"}}
    with frozen_clock("2027-03-01 09:00"):
        with plugin_workspace(
            tmp_path, stadstafel_regionale_economie, NAME, users=users, login="admin"
        ) as ws:
            build_demo(ws)
        with plugin_workspace(
            tmp_path, stadstafel_regionale_economie, NAME, users=users, login="lees"
        ) as ws:
            yield ws
