"""Tests of the sociaal-domein module, on ``stadstafel.testing``. Run them with ``uv run pytest``."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
import stadstafel
import stadstafel.testing
import stadstafel.ui
from stadstafel import ConflictError, PermissionDenied, ValidationError
from stadstafel.testing import (
    app_for,
    check_migrations,
    frozen_clock,
    plugin_workspace,
    run_async,
)

import stadstafel_sociaal_domein
from stadstafel_sociaal_domein.schema import migrations

NAME = "sociaal-domein"
SERVICE = "sociaal-domein.items"
USERS = {
    "admin": {"role": "beheerder"},
    "secr": {"person": "secr@example.org", "role": "gebruiker"},
}


@pytest.fixture
def ws(tmp_path):
    with (
        frozen_clock("2027-01-04 09:00"),
        plugin_workspace(tmp_path, stadstafel_sociaal_domein, NAME, users=USERS) as workspace,
    ):
        yield workspace


@pytest.fixture
def tables(ws):
    gemeente = ws.organisations.create(name="Gemeente", kind="gemeente")
    secr = ws.people.create(name="Sam", organisation_id=gemeente.id, email="secr@example.org")
    mine = ws.tables.create(name="Tafel A", kind="samenwerkingstafel", secretary_person_id=secr.id)
    other = ws.tables.create(name="Tafel B", kind="samenwerkingstafel")
    return mine, other


def test_migrations():
    assert check_migrations(migrations, NAME) == []


def test_items_are_validated_versioned_and_audited(ws, tables):
    items = ws.service(SERVICE)
    item = items.create(table_id=tables[0].id, title="Eerste", tags=["a", "b"])
    assert (item.status, items.get(item.id).tags) == ("open", ["a", "b"])
    items.update(item.id, item.version, status="lopend")
    with pytest.raises(ConflictError):
        items.update(item.id, item.version, status="afgerond")
    with pytest.raises(ValidationError):
        items.create(table_id=tables[0].id, title="", kleur="rood")
    assert [a.action for a in ws.audit.recent(record_type="sociaal_domein_item")] == [
        "update",
        "create",
    ]


def test_the_right_is_scoped_to_the_table(ws, tables):
    ws.act_as("secr")
    items = ws.service(SERVICE)
    items.create(table_id=tables[0].id, title="Mag")
    with pytest.raises(PermissionDenied):
        items.create(table_id=tables[1].id, title="Mag niet")


def test_search_and_export(ws, tables):
    item = ws.service(SERVICE).create(table_id=tables[0].id, title="Netcongestie")
    hits = ws.search.search("netcongestie")
    assert [(h.kind, h.id) for h in hits] == [(f"{NAME}.item", item.id)]
    assert b"Netcongestie" in ws.export(f"{NAME}-csv", table=tables[0].id)
    assert b"Netcongestie" not in ws.export(f"{NAME}-csv", table=tables[1].id)


def test_the_tab_on_a_table_screen(ws, tables):
    ws.service(SERVICE).create(table_id=tables[0].id, title="In de tab")

    @run_async
    async def run():
        app = app_for(ws)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            await pilot.press("t")  # the tables section
            await pilot.pause()
            await pilot.press("enter")  # the first table: Tafel A
            await pilot.pause()
            await pilot.press("7")  # the first tab after the core's six
            await pilot.pause()
            tab = app.screen.query_one("#table-items")
            assert [tab.records[k].title for k in tab.order] == ["In de tab"]

    run()


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


def test_public_api_is_what_it_says():
    assert "Service" in stadstafel.__all__ and "call_service" in stadstafel.ui.__all__
    assert "plugin_workspace" in stadstafel.testing.__all__
