"""What a session that opened every section has imported: not the code of a write, an export
or an import until one is made, nor a module for what a few lines do (docs/benchmarks.md,
"Ninth round (2026-12-07): memory"); and that code still there when it is asked for."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from test_start_imports import demo_config  # noqa: F401  (the demo workspace, made once)

# The app on the demo workspace (every module enabled), every section opened by its key, then
# the modules imported by then, written to argv[2] with the section modules the builder names.
EVERY_SECTION = """
import asyncio, json, sys
from stadstafel.start import Context
from stadstafel.tui.app import StadstafelApp
from stadstafel.tui.preimport import section_modules

async def main():
    ctx = Context(sys.argv[1], None, False)
    ws = ctx.workspace()
    app = StadstafelApp(ws, host=ctx.host)
    keys = [s.key for s in app.sections if s.key]
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        for key in keys:
            await pilot.press(key)
            await pilot.pause()
    with open(sys.argv[2], "w") as out:
        json.dump([section_modules(app.sections), keys, sorted(sys.modules)], out)
    ws.close()

asyncio.run(main())
"""

# Imported by a module's screen only when a person writes, exports or imports (or opens the
# screen that needs it), not with the sections.
NOT_WITH_THE_SECTIONS = [
    "stadstafel.tui.commands",  # save_export (and the palette's providers)
    "stadstafel.tui.widgets.imports",  # import_file_dialog, ImportReportScreen
    "stadstafel.imports",
    "stadstafel.exports.documents",
    "stadstafel_omgevingswet.documents",
    "stadstafel_woningbouw.screens.progress",
    "stadstafel_woningbouw.screens.signals",
    "stadstafel_woningbouw.screens.importing",
    "textual.widgets._tabbed_content",  # the woningbouw progress screen's
    "stadstafel.tui.screens.table.forms",  # a table's forms (Textual's SelectionList)
    "textual.widgets._selection_list",
    "calendar",  # the meetings' month view counts its weeks with datetime
    "stadstafel.exports",  # the modules' exporter hooks list the formats from the kit's module
    "stadstafel.services.attachments",  # the workspace makes these two on first use
    "stadstafel.services.maintenance",
    "stadstafel.files",
    "stadstafel_woningbouw.screens.forms",  # imported by the first project form opened
    "stadstafel.tui.screens.table.detail",  # a table's screen and tabs: when a table is opened
    "stadstafel.tui.screens.table.members",
    "stadstafel.tui.screens.table_signing",
    "stadstafel_woningbouw.screens.project",  # a project's screen: when a project is opened
    "stadstafel_sociaal_domein.forms",  # with the first form or import a key opens
    "stadstafel_omgevingswet.trajectory",  # a trajectory's screen and forms: when one is opened
    "stadstafel_regionale_economie.details",  # the screens opened from its list: when one is
    "stadstafel_sociaal_domein.details",  # the same for sociaal-domein's section and tab
]


def test_every_section_opened_imports_no_write_export_or_import_code(demo_config, tmp_path):  # noqa: F811
    found = tmp_path / "modules.json"
    result = subprocess.run(
        [sys.executable, "-c", EVERY_SECTION, demo_config, str(found)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    sections, keys, modules = json.loads(found.read_text())
    # every module's section was there and opened (its screen module imported)
    for section in [
        "stadstafel_woningbouw.screens.register",
        "stadstafel_omgevingswet.screens",
        "stadstafel_sociaal_domein.screens",
        "stadstafel_regionale_economie.screens",
    ]:
        assert section in sections and section in modules, (section, keys)
    assert [name for name in NOT_WITH_THE_SECTIONS if name in modules] == []


def test_the_names_of_the_kit_and_the_woningbouw_screens_are_there_when_asked():
    """Each name the kit and the woningbouw screens' package list is the object of the module
    that defines it, imported on first use; a name neither lists is an AttributeError."""
    import importlib

    import stadstafel_woningbouw.screens as woningbouw

    import stadstafel.ui as kit

    for package in (kit, woningbouw):
        assert sorted(package._NAMES) == sorted(package.__all__)
        for name, module in package._NAMES.items():
            if "." not in module:
                module = f"{package.__name__}.{module}"
            assert getattr(package, name) is getattr(importlib.import_module(module), name)
            assert name in dir(package)
        with pytest.raises(AttributeError):
            package.NotThere  # noqa: B018


def test_the_month_views_weeks_and_lengths_are_the_calendar_modules():
    import calendar

    from stadstafel.tui.screens.meetings import days_in_month, month_weeks

    weeks = calendar.Calendar(firstweekday=0)
    for year in (1900, 1999, 2000, 2024, 2026, 2027, 2100):
        for month in range(1, 13):
            assert month_weeks(year, month) == [
                list(week) for week in weeks.monthdatescalendar(year, month)
            ], (year, month)
            assert days_in_month(year, month) == calendar.monthrange(year, month)[1]


def test_the_lazy_services_are_the_modules_own_and_made_once(ws):
    """``stadstafel.services`` gives ``Attachments`` and ``Maintenance`` from their modules on
    first use, and a workspace makes each once, when first asked for."""
    import stadstafel.services as services
    from stadstafel.services.attachments import Attachments
    from stadstafel.services.maintenance import Maintenance

    assert services.Attachments is Attachments and services.Maintenance is Maintenance
    assert {"Attachments", "Maintenance"} <= set(dir(services))
    with pytest.raises(AttributeError):
        services.NotThere  # noqa: B018
    assert "_attachments" not in vars(ws) and "_maintenance" not in vars(ws)
    assert isinstance(ws.attachments, Attachments) and ws.attachments is ws.attachments
    assert isinstance(ws.maintenance, Maintenance) and ws.maintenance is ws.maintenance
    assert ws.attachments.ws is ws and ws.maintenance.ws is ws


def test_the_wgr_rules_are_read_without_tomllib_once_kept(monkeypatch):
    """regionale-economie's Wgr rules go through the kit's kept parse: once the text was parsed
    (an earlier start), reading them needs no ``tomllib`` (a session showing the
    collaborations' flags does not import it)."""
    from pathlib import Path

    import stadstafel_regionale_economie.service as service

    import stadstafel

    text = Path(service.__file__).with_name("wgr.toml").read_text("utf-8")
    expected = stadstafel.parse_toml(text)["rules"]  # kept now
    monkeypatch.setitem(sys.modules, "tomllib", None)  # an import of it fails
    service.wgr_rules.cache_clear()
    try:
        assert service.wgr_rules() == expected and expected
    finally:
        service.wgr_rules.cache_clear()
