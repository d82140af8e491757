"""Fixtures for the omgevingswet tests: a workspace with the plugin loaded by a real host."""

from __future__ import annotations

import pytest
from stadstafel.testing import frozen_clock, plugin_workspace

import stadstafel_omgevingswet

NAME = "omgevingswet"
SERVICE = "omgevingswet.trajectories"
TODAY = "2026-12-01 09:00"
USERS = {
    "admin": {"role": "beheerder"},
    "secr": {"person": "secr@example.org", "role": "gebruiker"},
    "chair": {"person": "chair@example.org", "role": "gebruiker"},
}


@pytest.fixture(autouse=True)
def colour_terminal(monkeypatch):
    """Snapshots do not depend on NO_COLOR or TERM=dumb of the terminal the tests run in."""
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("TERM", "xterm-256color")


@pytest.fixture
def frozen():
    with frozen_clock(TODAY):
        yield TODAY


def open_plugin_ws(tmp_path, settings=None):
    return plugin_workspace(
        tmp_path,
        stadstafel_omgevingswet,
        NAME,
        users=USERS,
        settings=settings,
    )


@pytest.fixture
def ws(tmp_path, frozen):
    with open_plugin_ws(tmp_path) as workspace:
        yield workspace


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


@pytest.fixture
def tables(ws):
    return add_tables(ws)
