"""Fixtures for the TUI tests: a frozen clock, an in-memory demo workspace, an app factory."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest

from stadstafel import clock, i18n
from stadstafel.workspace import Workspace

TODAY = dt.date(2027, 1, 4)


@pytest.fixture(autouse=True)
def colour_terminal(monkeypatch):
    """The app's colours do not depend on the terminal the tests run in: NO_COLOR and
    TERM=dumb make it draw without colour (tui.app.without_colour), which snapshots and
    style checks must not pick up. A test of that sets the variables itself."""
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("TERM", "xterm-256color")


@pytest.fixture
def frozen_clock():
    clock.freeze(dt.datetime(2027, 1, 4, 9, 0))
    yield clock.now()
    clock.freeze(None)


def open_workspace(language: str = "nl", database: str = ":memory:", theme: str = "stadstafel"):
    config = SimpleNamespace(
        database=database,
        users={},
        language=language,
        theme=theme,
        workspace_name="Leiden (demo)",
    )
    return Workspace.open(config, login="demo")


def fill(ws) -> dict:
    """The Leiden demo workspace; returns its ids (tables, organisations, people, meetings)."""
    from stadstafel.demo import build_demo

    return build_demo(ws, today=TODAY)


@pytest.fixture
def demo(frozen_clock):
    """(workspace, ids) of the Leiden demo in memory."""
    ws = open_workspace()
    ids = fill(ws)
    yield ws, ids
    ws.close()
    i18n.set_language("nl")


@pytest.fixture
def demo_ws(demo):
    return demo[0]


@pytest.fixture
def demo_ids(demo):
    return demo[1]


@pytest.fixture
def app(demo_ws):
    """A factory: ``app()`` -> a StadstafelApp on the demo workspace."""
    from stadstafel.tui.app import StadstafelApp

    def make(ws=None, **kwargs):
        # The same picture whatever terminal runs the tests: full colour unless asked.
        kwargs.setdefault("few_colours", False)
        return StadstafelApp(ws or demo_ws, **kwargs)

    return make


@pytest.fixture
def two_sessions(frozen_clock, tmp_path):
    """Two workspaces (two "SSH sessions") on one database file with the demo data."""
    path = str(tmp_path / "gedeeld.db")
    first = open_workspace(database=path)
    fill(first)
    second = open_workspace(database=path)
    yield first, second
    first.close()
    second.close()
    i18n.set_language("nl")
