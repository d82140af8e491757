"""The module in the app and its hooks: demo data on the Leiden demo, the list and a trajectory
via Pilot (and one snapshot at 80×24), the tab on a table's screen, search, the Markdown export,
agenda suggestions and the dashboard card."""

from __future__ import annotations

import ast
import shutil
from pathlib import Path

import pytest
from omgevingswet_testkit import SERVICE, TODAY, USERS, open_plugin_ws
from stadstafel.testing import app_for, build_demo, frozen_clock, run_async
from stadstafel.ui import FormScreen, PagedRecordTable
from textual.widgets import Input, Static

import stadstafel_omgevingswet
from stadstafel_omgevingswet.screens import TrajectoriesScreen, TrajectoryScreen

SIZE = (80, 24)


@pytest.fixture(scope="module")
def demo_dir(tmp_path_factory):
    """The Leiden demo with this module, built once per module on the frozen day."""
    folder = tmp_path_factory.mktemp("omgevingswet-demo")
    with frozen_clock(TODAY), open_plugin_ws(folder) as ws:
        build_demo(ws)
    return folder


@pytest.fixture
def demo(demo_dir, tmp_path, frozen):
    for f in demo_dir.iterdir():
        if f.is_file():
            shutil.copyfile(f, tmp_path / f.name)
    with open_plugin_ws(tmp_path) as ws:
        yield ws


def titles(table: PagedRecordTable) -> list[str]:
    return [table.records[k].title for k in table.order]


def test_demo_data_on_the_leiden_tables_with_flags(demo):
    rows = demo.service(SERVICE).list().rows
    assert 6 <= len(rows) <= 10 and all("(demo)" in t.title for t in rows)
    assert {t.table_name for t in rows} == {
        "Samenwerkingstafel Woningbouw",
        "Thematafels Platform31 en Leiden",
    }
    lammenschans = next(t for t in rows if "Lammenschans" in t.title)
    assert lammenschans.initiatiefnemer == "Portaal"
    assert {"bopa", "verslag"} <= {f["code"] for f in lammenschans.flags}
    flagged = demo.service(SERVICE).list(flagged=True)
    assert 3 <= flagged.total < len(rows)


def test_list_filters_and_opens_a_trajectory(demo):
    @run_async
    async def run():
        app = app_for(demo)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            await pilot.press("o")
            await pilot.pause()
            screen = app.screen
            assert isinstance(screen, TrajectoriesScreen)
            table = screen.query_one("#trajectories", PagedRecordTable)
            everything = titles(table)
            await pilot.press("exclamation_mark")
            await pilot.pause()
            flagged = titles(table)
            assert 0 < len(flagged) < len(everything)
            assert "Omgevingsvisie Leiden 2040 actualisatie (demo)" not in flagged
            await pilot.press("exclamation_mark", "i", "i")  # all, then programma only
            await pilot.pause()
            assert titles(table) == ["Herinrichting Roomburgerpark (demo)"]
            await pilot.press("i", "i", "i", "i", "f", *"lammen", "enter")
            await pilot.pause()
            assert titles(table) == ["BOPA 48 sociale huurwoningen Lammenschans (demo)"]
            await pilot.press("enter")
            await pilot.pause()
            assert isinstance(app.screen, TrajectoryScreen)
            body = str(app.screen.query_one("#trajectory-body", Static).render())
            assert "16.55 lid 7" in body and "buiten behandeling" in body
            assert "█ raadplegen ← minimum" in body

    run()


def test_record_the_verslag_from_the_keyboard_clears_the_flag(demo):
    service = demo.service(SERVICE)
    target = next(t for t in service.list().rows if "Stationsgebied" in t.title)
    assert "verslag" not in {f["code"] for f in target.flags}

    @run_async
    async def run():
        app = app_for(demo)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            app.push_screen(TrajectoryScreen(demo, target.id))
            await pilot.pause()
            detail = app.screen
            await pilot.press("e")
            await pilot.pause()
            form = app.screen
            assert isinstance(form, FormScreen)
            form.query_one("#input-submitted", Input).value = "2026-10-01"
            await pilot.press("ctrl+s")
            await pilot.pause()
            assert app.screen is detail
            body = str(detail.query_one("#trajectory-body", Static).render())
            assert "Verslag niet vóór indiening" in body
            await pilot.press("e")
            await pilot.pause()
            app.screen.query_one("#input-verslag_shared", Input).value = "2026-09-20"
            await pilot.press("ctrl+s")
            await pilot.pause()
            body = str(detail.query_one("#trajectory-body", Static).render())
            assert "Verslag niet vóór indiening" not in body
        saved = service.get(target.id)
        assert (saved.submitted, saved.verslag_shared) == ("2026-10-01", "2026-09-20")

    run()


def test_snapshot_trajectory(snap_compare, demo):
    """One trajectory at 80×24: facts, the ladder with its rung and the minimum, the flags."""
    app = app_for(demo)
    target = next(t for t in demo.service(SERVICE).list().rows if "Stationsgebied" in t.title)

    async def run_before(pilot) -> None:
        await pilot.pause()
        app.push_screen(TrajectoryScreen(demo, target.id))
        await pilot.pause()

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_the_tab_on_a_table_screen(tmp_path, frozen):
    with open_plugin_ws(tmp_path) as ws:
        table = ws.tables.create(name="Tafel A", kind="samenwerkingstafel")
        ws.service(SERVICE).create(table_id=table.id, title="In de tab", instrument="programma")

        @run_async
        async def run():
            app = app_for(ws)
            async with app.run_test(size=SIZE) as pilot:
                await pilot.pause()
                await pilot.press("t", "enter")
                await pilot.pause()
                await pilot.press("7")  # the first tab after the core's six
                await pilot.pause()
                tab = app.screen.query_one("#table-trajectories")
                assert [tab.records[k].title for k in tab.order] == ["In de tab"]

        run()


def test_search_export_agenda_and_card(demo):
    hits = demo.search.search("Roomburgerpark")
    assert [h.kind for h in hits] == ["omgevingswet.trajectory"]
    text = demo.export("omgevingswet-verslagen").decode("utf-8")
    assert "## Participatieverslag" in text and "## Participatieplan" in text
    assert "Lammenschans" in text and "risico buiten behandeling" in text
    woningbouw = demo.read.table_by_name("Samenwerkingstafel Woningbouw")
    suggestions = demo.plugin_agenda_suggestions(demo.tables.get(woningbouw.id), None)
    lamm = next(s for s in suggestions if "Lammenschans" in s["title"])
    assert "16.55 lid 7" in lamm["detail"]
    assert all("Merenwijk" not in s["title"] for s in suggestions)  # in order: not suggested
    card = next(c for c in demo.plugin_dashboard_cards() if c.get("plugin") == "omgevingswet")
    assert card["value"] == 6 and "met een signaal" in card["detail"]


def test_export_treats_titles_as_data(tmp_path, frozen):
    with open_plugin_ws(tmp_path) as ws:
        table = ws.tables.create(name="Tafel A", kind="samenwerkingstafel")
        ws.service(SERVICE).create(
            table_id=table.id, title="# Kop [link](x)", instrument="programma"
        )
        text = ws.export("omgevingswet-verslagen").decode("utf-8")
        assert "# \\# Kop \\[link\\](x)" in text.splitlines()[0]


def test_only_the_public_api_is_imported():
    public = {
        name: set(__import__(name, fromlist=["*"]).__all__)
        for name in ("stadstafel", "stadstafel.ui", "stadstafel.testing")
    }
    root = Path(stadstafel_omgevingswet.__file__).parent
    for path in [*root.rglob("*.py"), *Path(__file__).parent.rglob("*.py")]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("stadstafel"):
                if node.module.split(".")[0] != "stadstafel":
                    continue
                assert node.module in public, f"{path.name}: {node.module}"
                assert {a.name for a in node.names} <= public[node.module], path.name


assert USERS  # the users of conftest are the ones the demo opens with


def test_generated_workspace_pages_the_list(tmp_path, frozen):
    from stadstafel.testing import generate_demo

    with open_plugin_ws(tmp_path) as ws:
        generate_demo(ws, "tiny")
        service = ws.service(SERVICE)
        page = service.list(limit=50)
        assert page.total == 4 * ws.read.count("tables") and len(page.rows) == min(50, page.total)
        assert service.list(offset=10, limit=5).rows[0].id == page.rows[10].id
        assert 0 < service.list(flagged=True).total < page.total
