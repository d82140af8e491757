"""Importing a CSV file from the app, with a report."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from stadstafel import Record, ValidationError
from stadstafel.ui import (
    FormField,
    FormScreen,
    L,
    bind,
    translate_bindings,
)
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from stadstafel_woningbouw.service import register_for


class ReportScreen(ModalScreen[None]):
    """The outcome of an import: the summary and every problem with row and column."""

    DEFAULT_CSS = """
    ReportScreen { align: center middle; }
    ReportScreen > Vertical {
        width: 76; max-width: 100%; height: auto; max-height: 100%;
        border: thick $primary; background: $surface; padding: 0 1;
    }
    ReportScreen #report-title { text-style: bold; margin-bottom: 1; }
    ReportScreen VerticalScroll { height: auto; max-height: 16; }
    """
    BINDINGS = [
        bind("escape", "close", "Sluiten", "Close", id="woningbouw.report.close"),
        bind("enter", "close", "Sluiten", "Close", id="woningbouw.report.ok", show=False),
    ]

    def __init__(self, title: str, report: Any):
        super().__init__()
        translate_bindings(self)
        self.title_text = title
        self.report = report

    def compose(self) -> ComposeResult:
        lines = [self.report.summary(), ""] + [str(e) for e in self.report.errors]
        with Vertical():
            yield Static(self.title_text, id="report-title", markup=False)
            with VerticalScroll():
                yield Static("\n".join(lines), id="report", markup=False)

    def action_close(self) -> None:
        self.dismiss(None)


def open_import(app: Any, on_done: Any = None) -> None:
    """Ask for a CSV file (and whether to skip bad rows), import it, show the report."""
    from stadstafel_woningbouw.importer import import_file

    reg = register_for(app.workspace)
    fields = [
        FormField(
            "file",
            L("CSV-bestand", "CSV file"),
            required=True,
            help=L(
                "pad naar het bestand; kolommen: zie config/woningbouw-projecten.csv",
                "path of the file; columns: see config/woningbouw-projecten.csv",
            ),
        ),
        FormField(
            "skip",
            L("Foute rijen", "Bad rows"),
            "select",
            options=[
                (L("niets importeren bij een fout", "import nothing if any row is bad"), "no"),
                (L("overslaan en de rest importeren", "skip them, import the rest"), "yes"),
            ],
            value="no",
            required=True,
        ),
    ]

    def submit(values: dict) -> Record:
        path = Path(str(values.get("file") or "")).expanduser()
        if not path.is_file():
            raise ValidationError(
                {"file": L(f"Bestand niet gevonden: {path}", f"File not found: {path}")}
            )
        try:
            report = import_file(reg, path, skip_invalid=values.get("skip") == "yes")
        except ValueError as exc:
            raise ValidationError({"file": str(exc)}) from None
        return Record(report=report, name=path.name)

    def done(result: Record | None) -> None:
        if result is None:
            return
        app.push_screen(
            ReportScreen(L(f"Import van {result.name}", f"Import of {result.name}"), result.report)
        )
        if on_done is not None:
            on_done()

    app.push_screen(
        FormScreen(L("Woningbouw: importeer CSV", "Housing: import CSV"), fields, submit=submit),
        done,
    )
