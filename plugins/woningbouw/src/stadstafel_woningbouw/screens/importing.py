"""Importing a CSV file from the app: the form, a progress bar while it runs, then the kit's
report (``ImportReportScreen``)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from stadstafel import Record, ValidationError, files_folder
from stadstafel.ui import FormField, FormScreen, ImportReportScreen, L, call_service
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from stadstafel_woningbouw.service import ProjectRegister, register_for


class ImportProgressScreen(ModalScreen[None]):
    """Shown while an import runs in a worker: the rows gone through so far. Each batch is
    its own transaction, and the app draws (and other sessions write) between batches."""

    DEFAULT_CSS = """
    ImportProgressScreen { align: center middle; }
    ImportProgressScreen > Vertical {
        width: 60; max-width: 100%; height: auto;
        border: thick $primary; background: $surface; padding: 0 1;
    }
    ImportProgressScreen #import-title { text-style: bold; margin-bottom: 1; }
    """

    def __init__(self, title: str, total: int):
        super().__init__()
        self.title_text = title
        self.total = total

    def compose(self) -> ComposeResult:
        from textual.widgets import ProgressBar

        from stadstafel_woningbouw.importer import BATCH_ROWS

        with Vertical():
            yield Static(self.title_text, id="import-title", markup=False)
            # no total yet: the file is being read (an indeterminate bar)
            yield ProgressBar(total=self.total or None, id="import-progress")
            yield Static(
                L(
                    "Opslaan gaat per {n} rijen; anderen kunnen tussendoor verder werken.",
                    "Stored {n} rows at a time; others can keep working in between.",
                ).format(n=BATCH_ROWS),
                markup=False,
            )

    def advance(self, done: int, total: int) -> None:
        from textual.widgets import ProgressBar

        bar = self.query_one("#import-progress", ProgressBar)
        bar.update(total=max(1, total), progress=done)


def open_import(app: Any, on_done: Any = None) -> None:
    """Ask for a CSV file in the imports folder (and whether to skip bad rows), import it in
    a worker with a progress bar, then show the report.

    The right to edit the register is checked before the dialog opens and again before the
    file is looked at; the file name is confined to ``[files] imports``."""
    from stadstafel_woningbouw.importer import read_text

    reg = register_for(app.workspace)
    if call_service(app.screen, lambda: reg.check_permission() or True) is None:
        return  # refused: the message is shown, no dialog, no file looked at
    try:
        where = str(files_folder("import", app.workspace.config))
    except ValidationError:
        where = "[files] imports"
    fields = [
        FormField(
            "file",
            L("CSV-bestand", "CSV file"),
            required=True,
            help=L(
                f"naam van een bestand in {where}; kolommen: zie config/woningbouw-projecten.csv",
                f"name of a file in {where}; columns: see config/woningbouw-projecten.csv",
            ),
        ),
        FormField(
            "mapping",
            L("Koppeling (optioneel)", "Mapping (optional)"),
            help=L(
                "voor de eigen projectlijst van de gemeente: een TOML-bestand in dezelfde map,"
                " zie config/woningbouw-koppeling-gemeente.toml",
                "for the municipality's own project list: a TOML file in the same folder,"
                " see config/woningbouw-koppeling-gemeente.toml",
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
        reg.check_permission()  # again: before the file is looked at
        typed = str(values.get("file") or "")
        try:
            text = read_text(typed, config=app.workspace.config)
        except ValueError as exc:
            raise ValidationError({"file": str(exc)}) from None
        mapping_file = str(values.get("mapping") or "").strip()
        if mapping_file:
            text = _mapped(text, mapping_file, app.workspace.config)
        return Record(text=text, name=Path(typed).name, skip=values.get("skip") == "yes")

    def done(chosen: Record | None) -> None:
        if chosen is None:
            return
        app.run_worker(
            run_import(app, reg, chosen.text, chosen.name, chosen.skip, on_done),
            group="woningbouw-import",
        )

    app.push_screen(
        FormScreen(L("Woningbouw: importeer CSV", "Housing: import CSV"), fields, submit=submit),
        done,
    )


def _mapped(text: str, mapping_file: str, config: Any) -> str:
    """``text`` (a municipality's list) in the register's layout through the mapping; every
    problem (an unknown phase, a missing column) as the mapping field's error."""
    from stadstafel_woningbouw.importer import read_text
    from stadstafel_woningbouw.mapping import apply_mapping, load_mapping

    try:
        mapping = load_mapping(read_text(mapping_file, config=config))
    except ValueError as exc:
        raise ValidationError({"mapping": str(exc)}) from None
    mapped, problems = apply_mapping(text, mapping)
    if problems:
        shown = "; ".join(str(p) for p in problems[:3])
        more = len(problems) - 3
        if more > 0:
            shown += L(f"; en nog {more}", f"; and {more} more")
        raise ValidationError({"mapping": shown})
    return mapped


async def run_import(
    app: Any, reg: ProjectRegister, text: str, name: str, skip: bool, on_done: Any = None
) -> None:
    """The import as a worker on the app's own loop: one batch (one transaction) per step, a
    redraw and the keys typed meanwhile between steps."""
    import asyncio

    from stadstafel import StadstafelError

    from stadstafel_woningbouw.importer import ImportJob, organisations_by_name, parse

    title = L(f"Import van {name}", f"Import of {name}")
    progress: ImportProgressScreen | None = None
    try:
        reg.check_permission()
        progress = ImportProgressScreen(title, 0)
        await app.push_screen(progress)
        # The CSV itself is read on a thread (no database there): the app keeps drawing.
        orgs = organisations_by_name(reg)
        parsed = await asyncio.to_thread(parse, text, None, orgs=orgs)
        job = ImportJob(reg, text, skip_invalid=skip, parsed=parsed)
        progress.advance(0, job.total)
        for done in job.steps():
            progress.advance(done, job.total)
            await asyncio.sleep(0.01)  # let the app draw and handle keys between batches
        report = job.report
    except Exception as exc:  # a message, never a traceback; batches stored stay stored
        if progress is not None and progress.is_attached:
            await progress.dismiss(None)
        if isinstance(exc, StadstafelError):
            message = exc.message
        elif isinstance(exc, ValueError):
            message = str(exc)
        else:
            message = L(
                f"De import is gestopt: {type(exc).__name__}: {exc}",
                f"The import stopped: {type(exc).__name__}: {exc}",
            )
        app.notify(message, title=title, severity="error", markup=False)
        return
    if progress is not None and progress.is_attached:
        await progress.dismiss(None)
    app.push_screen(ImportReportScreen(title, report.summary(), report.errors))
    if on_done is not None:
        on_done()
