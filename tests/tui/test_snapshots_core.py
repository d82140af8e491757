"""What people see at 80×24: the core screens, with the clock frozen and no cursor blink.

Update after a deliberate change: ``uv run pytest tests/tui/test_snapshots_core.py
--snapshot-update``, then look at the SVGs under ``__snapshots__/``.
"""

from __future__ import annotations

from support import settle

SIZE = (80, 24)


def steps(*keys: str):
    async def run_before(pilot) -> None:
        await pilot.pause()
        for key in keys:
            await pilot.press(key)
            await pilot.pause()
        await settle(pilot)

    return run_before


def test_home(snap_compare, app):
    assert snap_compare(app(), terminal_size=SIZE, run_before=steps())


def test_partners_list(snap_compare, app):
    assert snap_compare(app(), terminal_size=SIZE, run_before=steps("p"))


def test_partner_detail(snap_compare, app, demo_ws):
    org = demo_ws.organisations.by_name("Portaal")

    async def run_before(pilot) -> None:
        await steps("p")(pilot)
        pilot.app.screen.table.select_key(org.id)
        await pilot.press("enter")
        await settle(pilot)

    assert snap_compare(app(), terminal_size=SIZE, run_before=run_before)


def test_tables_list(snap_compare, app):
    assert snap_compare(app(), terminal_size=SIZE, run_before=steps("t"))


def test_table_detail_mission_tab(snap_compare, app, demo_ws):
    table = demo_ws.tables.by_name("Leiden Kennisstad")

    async def run_before(pilot) -> None:
        await steps("t")(pilot)
        pilot.app.screen.table.select_key(table.id)
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("4")
        await settle(pilot)

    assert snap_compare(app(), terminal_size=SIZE, run_before=run_before)


def test_search(snap_compare, app):
    assert snap_compare(app(), terminal_size=SIZE, run_before=steps("slash", *"doorstroming"))


def test_help(snap_compare, app):
    assert snap_compare(app(), terminal_size=SIZE, run_before=steps("p", "question_mark"))


def test_action_form(snap_compare, app):
    """An action's form (Actions → Enter): its selects show their values on one line each."""
    assert snap_compare(app(), terminal_size=SIZE, run_before=steps("a", "enter"))


def test_action_form_owner_opened(snap_compare, app):
    """The organisation's dropdown opened (made when first opened): the same list as ever."""
    assert snap_compare(
        app(), terminal_size=SIZE, run_before=steps("a", "enter", "tab", "tab", "enter")
    )
