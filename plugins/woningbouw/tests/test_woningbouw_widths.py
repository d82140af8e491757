"""The register's lists follow the kit's width rule at 80, 120 and 200 columns: the project
name (or the signal text) takes the room, figures and phases keep their widths, and no name is
cut to a fixed width in code."""

from __future__ import annotations

from stadstafel.testing import app_for, build_demo, list_width_problems
from woningbouw_testkit import USERS, open_ws

from stadstafel_woningbouw.service import register_for

LONG = "Herontwikkeling voormalig Rijnlandterrein met buurtvoorzieningen"


def test_the_register_and_the_signals_use_the_width(tmp_path, frozen):
    ws = open_ws(tmp_path / "demo.db", users={**USERS, "demo": {"role": "beheerder"}}, login="demo")
    build_demo(ws)
    reg = register_for(ws)
    first = reg.list(limit=1).rows[0]
    reg.update(first.id, name=LONG, version=first.version)  # first on the list by name: R…
    try:

        async def register(pilot):
            await pilot.press("w")
            await pilot.pause()
            pilot.app.screen.list_view.select_key(first.id)

        assert list_width_problems(lambda: app_for(ws), register) == []

        async def signals(pilot):
            await pilot.press("w")
            await pilot.pause()
            await pilot.press("exclamation_mark")

        assert list_width_problems(lambda: app_for(ws), signals) == []
    finally:
        ws.close()
