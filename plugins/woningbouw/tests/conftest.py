"""Fixtures for the woningbouw tests: a workspace with the plugin loaded by a real host.

The host is the core's ``PluginHost`` with entry points off and this plugin registered by
hand, so every test runs the plugin the way the app does (settings validated against
``config_schema``, migrations applied by the workspace, hooks called through the host) and
never picks up other installed plugins. Helpers are in ``woningbouw_testkit``.
"""

from __future__ import annotations

import pytest
from stadstafel.testing import frozen_clock
from woningbouw_testkit import TODAY, add_partners, open_ws


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
    workspace = open_ws(tmp_path / "ws.db")
    yield workspace
    workspace.close()


@pytest.fixture
def reg(ws):
    from stadstafel_woningbouw.service import register_for

    return register_for(ws)


@pytest.fixture
def partners(ws):
    return add_partners(ws)
