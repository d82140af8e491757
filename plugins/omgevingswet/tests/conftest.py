"""Fixtures for the omgevingswet tests: a workspace with the plugin loaded by a real host."""

from __future__ import annotations

import pytest
from omgevingswet_testkit import TODAY, add_tables, open_plugin_ws
from stadstafel.testing import frozen_clock


@pytest.fixture(autouse=True)
def colour_terminal(monkeypatch):
    """Snapshots do not depend on NO_COLOR or TERM=dumb of the terminal the tests run in."""
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("TERM", "xterm-256color")


@pytest.fixture
def frozen():
    with frozen_clock(TODAY):
        yield TODAY


@pytest.fixture
def ws(tmp_path, frozen):
    with open_plugin_ws(tmp_path) as workspace:
        yield workspace


@pytest.fixture
def tables(ws):
    return add_tables(ws)
