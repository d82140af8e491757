"""A plugin part registered by name (``"package.module:Name"``) is imported when first used:
one that cannot be imported, or whose module fails as it is imported, is a message where it
is used, and the rest of the app goes on (the tab, the other tabs, the core's search hits)."""

from __future__ import annotations

import sys

import pytest

from stadstafel import hookimpl
from stadstafel.plugins import PluginError
from stadstafel.testing import app_for, make_config, open_workspace, plugin_host, run_async

GONE = "rv6_no_such_module"  # a module that is nowhere


class Named:
    """A table tab and a search kind, each named by a module that cannot be imported."""

    def __init__(self, module: str = GONE):
        self.module = module

    @hookimpl
    def table_tabs(self, register):
        register("named.tab", f"{self.module}:Tab", label=("Kapot", "Broken"))

    @hookimpl
    def search_kinds(self, register):
        register("named.thing", f"{self.module}:search", label=("Ding", "Thing"))


@pytest.fixture
def ws(tmp_path):
    host = plugin_host({"named": Named()})
    workspace = open_workspace(make_config(str(tmp_path / "ws.db")), host)
    try:
        workspace.tables.create(name="Tafel Groen", kind="samenwerkingstafel")
        yield workspace
    finally:
        workspace.close()


def messages(app) -> list[str]:
    return [str(n.message) for n in app._notifications]


@pytest.mark.parametrize("how", ["key", "click", "opened at it"])
def test_a_tab_that_cannot_be_made_says_why_and_the_screen_goes_on(ws, how):
    from stadstafel.tui.screens.table.detail import TableDetailScreen
    from stadstafel.tui.widgets.tabs import RecordTabs

    table = ws.tables.list()[0]

    @run_async
    async def in_the_app():
        app = app_for(ws)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            at = "plugin-named-tab" if how == "opened at it" else None
            app.push_screen(TableDetailScreen(table.id, tab=at))
            await pilot.pause()
            screen = app.screen
            tabs = screen.query_one("#tabs", RecordTabs)
            if how == "key":
                await pilot.press("7")
            elif how == "click":  # the label of the last tab, as a mouse does
                start, _end, tab = tabs.bar._spans[-1]
                assert tab == "plugin-named-tab"
                await pilot.click(tabs.bar, offset=(start + 1, 0))
            await pilot.pause()
            await pilot.pause()
            assert app.is_running and app.screen is screen
            assert tabs.active == "plugin-named-tab"
            said = " ".join(messages(app))
            assert f"{GONE}:Tab" in said and "ModuleNotFoundError" in said
            body = screen.query_one("#plugin-named-tab")
            # the tab's body is the message itself (a bare body) or holds it
            fault = body if body.has_class("tab-fault") else body.query_one(".tab-fault")
            assert body.display and f"{GONE}:Tab" in str(fault.render())
            await pilot.press("1")  # the other tabs as before
            await pilot.pause()
            assert tabs.active == "leden" and screen.query_one("#leden").display

    in_the_app()


def test_a_search_kind_that_cannot_be_imported_leaves_the_cores_hits(ws):
    hits = ws.search.search("Groen")
    assert [(h.kind, h.title) for h in hits] == [("table", "Tafel Groen")]
    assert any(f"{GONE}:search" in p for p in ws.plugins.problems())


def test_a_search_kind_that_fails_is_reported_in_the_uis_language(ws):
    from stadstafel import i18n

    i18n.set_language("en")
    try:
        ws.search.search("Groen")
        [said] = [p for p in ws.plugins.problems() if "named.thing" in p]
    finally:
        i18n.set_language("nl")
    assert said.startswith("plugin 'named': search (named.thing) failed: PluginError(")
    assert f"'{GONE}:search' could not be loaded" in said


@pytest.mark.parametrize(
    ("source", "error"),
    [("def broken(:\n", "SyntaxError"), ("raise RuntimeError('kapot bij import')\n", "Runtime")],
)
def test_a_named_module_that_fails_as_it_is_imported_is_a_plugin_error(
    tmp_path, monkeypatch, source, error
):
    from stadstafel.plugins import Deferred

    (tmp_path / "rv6_failing_mod.py").write_text(source)
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.delitem(sys.modules, "rv6_failing_mod", raising=False)
    with pytest.raises(PluginError, match=error):
        Deferred("rv6_failing_mod:Thing")()


def test_a_named_callable_that_cannot_be_imported_is_said_in_english_too():
    from stadstafel.plugins import Deferred
    from stadstafel.testing import set_language

    set_language("en")
    try:
        with pytest.raises(PluginError, match=f"'{GONE}:Tab' could not be loaded"):
            Deferred(f"{GONE}:Tab")()
    finally:
        set_language("nl")
    with pytest.raises(PluginError, match=f"'{GONE}:Tab' laden mislukt"):
        Deferred(f"{GONE}:Tab")()
