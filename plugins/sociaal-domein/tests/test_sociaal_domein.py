"""The module as a whole: its migrations, the public API only, and being switched off."""

from __future__ import annotations

import ast
from pathlib import Path

from stadstafel.testing import check_migrations, frozen_clock, plugin_host, plugin_workspace

import stadstafel_sociaal_domein
from stadstafel_sociaal_domein.schema import migrations

NAME = "sociaal-domein"


def test_migrations():
    assert check_migrations(migrations, NAME) == []


def test_the_hooks_are_loaded(tmp_path):
    host = plugin_host({NAME: stadstafel_sociaal_domein})
    assert NAME in host.topics()
    with (
        frozen_clock("2027-01-04 09:00"),
        plugin_workspace(tmp_path, stadstafel_sociaal_domein, NAME) as ws,
    ):
        assert ws.plugins.problems() == []
        assert ws.export(f"{NAME}-vergelijking") == b""


def test_only_the_public_api_is_imported():
    public = {
        name: set(__import__(name, fromlist=["*"]).__all__)
        for name in ("stadstafel", "stadstafel.ui", "stadstafel.testing")
    }
    root = Path(stadstafel_sociaal_domein.__file__).parent
    for path in [*root.rglob("*.py"), *Path(__file__).parent.rglob("*.py")]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("stadstafel"):
                if node.module.split(".")[0] != "stadstafel":
                    continue
                assert node.module in public, f"{path.name}: {node.module}"
                assert {a.name for a in node.names} <= public[node.module], path.name
