"""Shared fixtures: a fresh workspace on a temporary file, with a small table set-up."""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from types import SimpleNamespace

import pytest
from support import make_config

from stadstafel import clock
from stadstafel.workspace import Workspace

TODAY = dt.datetime(2027, 1, 4, 9, 0)


def pytest_configure(config) -> None:
    """A person's own settings (``$XDG_CONFIG_HOME/stadstafel/``: theme and language chosen in
    the app) must not reach the tests: a developer who switched the app to English saw Dutch
    assertions fail. The run (core and plugin tests: this file is loaded at the start of every
    run over the test paths) gets an empty folder; a test about those settings sets its own."""
    os.environ["XDG_CONFIG_HOME"] = tempfile.mkdtemp(prefix="stadstafel-test-config-")
    # Nor what their starts kept ($XDG_CACHE_HOME/stadstafel/, tui.css_cache), and a test's
    # start keeps nothing in theirs; uv (which installs a plugin for test_plugins) keeps its own.
    cache_home = os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache")
    os.environ.setdefault("UV_CACHE_DIR", os.path.join(cache_home, "uv"))
    os.environ["XDG_CACHE_HOME"] = tempfile.mkdtemp(prefix="stadstafel-test-cache-")
    # Nor their locale: with a configuration that cannot be read, it gives the language.
    for name in ("LC_ALL", "LC_MESSAGES"):
        os.environ.pop(name, None)
    os.environ["LANG"] = "C.UTF-8"


@pytest.fixture
def frozen():
    clock.freeze(TODAY)
    yield TODAY
    clock.freeze(None)


@pytest.fixture
def db_path(tmp_path):
    return tmp_path / "ws.db"


@pytest.fixture
def ws(db_path, frozen):
    workspace = Workspace.open(make_config(db_path), login="admin")
    yield workspace
    workspace.close()


@pytest.fixture
def table_setup(ws):
    """A woningbouw-like table: gemeente + two corporations as partners, a meeting series."""
    gemeente = ws.organisations.create(name="Gemeente Leiden", kind="gemeente")
    portaal = ws.organisations.create(name="Portaal", kind="woningcorporatie")
    sleutels = ws.organisations.create(name="De Sleutels", kind="woningcorporatie")
    adviseur = ws.organisations.create(name="Bureau Onafhankelijk", kind="overig")
    chair = ws.people.create(
        name="Carla Voorzitter", organisation_id=adviseur.id, email="chair@example.org"
    )
    secretary = ws.people.create(
        name="Sam Secretaris", organisation_id=gemeente.id, email="secr@example.org"
    )
    partner = ws.people.create(
        name="Pim Portaal", organisation_id=portaal.id, email="pim@example.org"
    )
    other = ws.people.create(
        name="Stella Sleutels", organisation_id=sleutels.id, email="stella@example.org"
    )
    table = ws.tables.create(
        name="Samenwerkingstafel Woningbouw",
        kind="samenwerkingstafel",
        topics=["doorstroming", "participatie"],
        chair_person_id=chair.id,
        secretary_person_id=secretary.id,
        rhythm="weeks:4",
        admission_min_partners=2,
    )
    for org in (gemeente, portaal, sleutels):
        ws.memberships.add(table.id, org.id)
    ws.memberships.add(table.id, adviseur.id, role="adviseur")
    meetings = ws.meetings.create_series(table.id, "2027-01-14 14:00", "weeks:4", 3)
    return SimpleNamespace(
        gemeente=gemeente,
        portaal=portaal,
        sleutels=sleutels,
        adviseur=adviseur,
        chair=chair,
        secretary=secretary,
        partner=partner,
        other=other,
        table=table,
        meetings=meetings,
    )
