"""The kit's import dialog and report (``stadstafel.ui``), driven with Pilot as a module uses
them: the right first, then a file from the imports folder, the import, the report with the
summary or every problem with its row and column, shown as data."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest
from textual.widgets import Static

from stadstafel import PermissionDenied, refuse_import
from stadstafel.testing import (
    app_for,
    make_config,
    open_workspace,
    plugin_host,
    run_async,
    set_language,
)
from stadstafel.ui import ImportReportScreen, PickerScreen, import_file_dialog

SIZE = (80, 24)


@dataclass
class Report:
    rows: int = 0
    errors: list = field(default_factory=list)

    def summary(self) -> str:
        if self.errors:
            return f"Niets geïmporteerd: {len(self.errors)} fout(en)."
        return f"{self.rows} rijen geïmporteerd."


@pytest.fixture
def ws(tmp_path):
    """A workspace whose imports folder (its database's folder) holds two CSV files."""
    (tmp_path / "goed.csv").write_text("naam\nHofblok\nKade\n", encoding="utf-8")
    (tmp_path / "fout.csv").write_text("naam\n[bold]x[/]\n", encoding="utf-8")
    (tmp_path / "notities.txt").write_text("geen csv", encoding="utf-8")
    config = make_config(tmp_path / "ws.db")
    workspace = open_workspace(config, plugin_host({}, config))
    yield workspace
    workspace.close()
    set_language("nl")


def importer(seen: list):
    """``run(text, name)``: counts the rows of a good file, refuses a bad one with its report
    (a cell that looks like markup in the message, to see it shown as typed)."""

    def run(text: str, name: str) -> Report:
        seen.append((name, text))
        rows = text.splitlines()[1:]
        if name == "fout.csv":
            refuse_import(Report(errors=[(2, "naam", f"'{rows[0]}' is geen naam"), "\x1b[2J"]))
        return Report(rows=len(rows))

    return run


def report_text(app) -> str:
    return str(app.screen.query_one("#report", Static).render())


async def choose(pilot, name: str) -> None:
    await pilot.pause()
    await pilot.press(*name, "enter")
    await pilot.pause()


@run_async
async def test_a_file_is_chosen_imported_and_reported(ws):
    seen: list = []
    done: list = []
    app = app_for(ws)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        import_file_dialog(app.screen, "Import", importer(seen), done=done.append)
        await pilot.pause()
        picker = app.screen
        assert isinstance(picker, PickerScreen)
        assert [label for label, _ in picker.options] == ["fout.csv", "goed.csv"]
        await choose(pilot, "goed")
        assert isinstance(app.screen, ImportReportScreen)
        assert str(app.screen.query_one("#report-title", Static).render()) == "Import (goed.csv)"
        assert report_text(app) == "2 rijen geïmporteerd."
        assert seen == [("goed.csv", "naam\nHofblok\nKade\n")]
        assert [r.rows for r in done] == [2]
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, ImportReportScreen)


@run_async
async def test_a_refused_import_shows_every_problem_as_data(ws):
    done: list = []
    app = app_for(ws)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        import_file_dialog(app.screen, "Import", importer([]), done=done.append)
        await choose(pilot, "fout")
        assert isinstance(app.screen, ImportReportScreen)
        assert report_text(app).split("\n") == [
            "Niets geïmporteerd: 2 fout(en).",
            "",
            "rij 2, kolom naam: '[bold]x[/]' is geen naam",  # markup shown as typed
            "\ufffd[2J",  # no escape reaches the terminal
        ]
        assert done == []  # only after an import that succeeded
        await pilot.press("enter")
        await pilot.pause()
        assert not isinstance(app.screen, ImportReportScreen)


@run_async
async def test_a_refused_right_lists_no_file(ws):
    seen: list = []

    def check() -> None:
        raise PermissionDenied("U mag hier niet importeren.")

    app = app_for(ws)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        home = app.screen
        import_file_dialog(home, "Import", importer(seen), check=check)
        await pilot.pause()
        assert app.screen is home  # no picker: the folder's files were not listed
        messages = [n.message for n in app._notifications]
        assert any("U mag hier niet importeren." in m for m in messages), messages
        assert seen == []


@run_async
async def test_no_file_of_the_kind_is_a_warning_in_english(ws):
    set_language("en")
    app = app_for(ws)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        home = app.screen
        import_file_dialog(home, "Import", importer([]), suffixes=(".xlsx",))
        await pilot.pause()
        assert app.screen is home
        messages = [n.message for n in app._notifications]
        assert any(m.startswith("No XLSX files in ") for m in messages), messages
