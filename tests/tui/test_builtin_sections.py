"""The core's sections come through the same register_screens hook as a plugin's."""

from __future__ import annotations

import asyncio
from types import SimpleNamespace

from stadstafel.plugins import PluginHost
from stadstafel.tui.app import StadstafelApp
from stadstafel.workspace import Workspace


def _host_and_ws():
    config = SimpleNamespace(
        database=":memory:",
        users={},
        language="nl",
        theme="stadstafel",
        workspace_name="test",
        plugins=SimpleNamespace(enabled=None, disabled=[], plugins_dir=None, settings={}),
        source=None,
        service_accounts=[],
        keymap={},
        idle_timeout_minutes=0,
    )
    host = PluginHost(config, env={"STADSTAFEL_LOAD_PLUGINS": ""})
    host.load()
    ws = Workspace.open(config, login="demo", plugins=host)
    return host, ws


def test_builtin_plugin_registers_the_core_screens():
    host, ws = _host_and_ws()
    try:
        core = [(e.id, e.key) for e in host.screens() if e.plugin == "core"]
        assert core == [
            ("home", "h"),
            ("partners", "p"),
            ("tables", "t"),
            ("meetings", "v"),
            ("actions", "a"),
            ("mine", "z"),
            ("intake", ""),
        ]
    finally:
        ws.close()


def test_app_builds_core_sections_from_the_hook():
    asyncio.run(_app_builds_core_sections())


async def _app_builds_core_sections():
    host, ws = _host_and_ws()
    try:
        app = StadstafelApp(ws, host=host)
        assert [s.plugin for s in app.sections[:5]] == ["core"] * 5
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.press("p")
            await pilot.pause()
            assert type(app.screen).__name__ == "PartnersScreen"
    finally:
        ws.close()
