"""Importing a file from the app: choosing it from the imports folder, and the report.

- ``ImportReportScreen(title, summary, problems)``: the outcome of an import, the summary and
  every problem with its row and column, shown as data (a file's cells are never markup);
  Escape or Enter closes it.
- ``import_file_dialog(screen, title, run, ...)``: the whole round for a module's import: the
  right checked first, then a picker of the files in ``[files] imports``, the chosen file read
  as text, ``run(text, name)`` called, and the report shown; a refusal with a report
  (``stadstafel.refuse_import``) shows every problem of it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

from stadstafel.errors import StadstafelError, ValidationError
from stadstafel.imports import import_error_lines, import_files, read_import_text
from stadstafel.tui.modals import TextBox
from stadstafel.tui.text import L, plain
from stadstafel.tui.widgets.base import bind


class ImportReportScreen(TextBox):
    """The outcome of an import: ``summary`` (a line or more), then, after a blank line, one
    line per problem. A problem is ``(row, column, message)`` or any text. The title is
    ``#report-title``, the text ``#report``."""

    DEFAULT_CSS = """
    ImportReportScreen > Vertical { width: 76; }
    ImportReportScreen VerticalScroll { max-height: 16; }
    """
    BOX, BODY_ID = "report", "report"
    BINDINGS = [
        bind("escape", "close", "Sluiten", "Close", id="import_report.close"),
        bind("enter", "close", "Sluiten", "Close", id="import_report.ok", show=False),
    ]

    def __init__(self, title: str, summary: str, problems: Iterable[Any] = ()):
        super().__init__()
        self.title_text = title
        problem_lines = import_error_lines(problems)
        self.lines = [summary, *(["", *problem_lines] if problem_lines else [])]

    def box_title(self) -> str:
        return self.title_text

    def body(self) -> str:
        return "\n".join(plain(line) for line in self.lines)  # the file's cells, as data


def report_of_refusal(exc: StadstafelError) -> tuple[str, list[Any]]:
    """(summary, problems) of an import's refusal: every problem of the report it carries
    (``refuse_import``), else its message."""
    report = getattr(exc, "report", None)
    if report is None:
        return str(exc), []
    return report.summary(), list(report.errors)


def import_file_dialog(
    screen: Any,
    title: str,
    run: Callable[[str, str], Any],
    *,
    check: Callable[[], Any] | None = None,
    done: Callable[[Any], Any] | None = None,
    suffixes: Sequence[str] = (".csv",),
) -> None:
    """Import a file chosen from the imports folder, and show the report.

    ``check()`` (the right to import; a service call that raises when refused) runs first: a
    refused person gets its message and never sees the folder's files. ``run(text, name)``
    imports the file's text and returns a report with ``summary()``; it raises to refuse (a
    ``StadstafelError``, with ``.report`` from ``refuse_import`` for every problem). ``done``
    is called with the report after an import that succeeded."""
    from stadstafel.files import folder
    from stadstafel.tui.calls import call_service

    if check is not None and call_service(screen, lambda: check() or True) is None:
        return  # refused: the message is shown, no file listed
    ws = screen.ws
    kind = "/".join(s.lstrip(".").upper() for s in suffixes)
    try:
        names = import_files(ws.config, suffixes)
        where = str(folder("import", ws.config))
    except (StadstafelError, OSError) as exc:
        screen.notify(plain(str(exc)), severity="error", markup=False)
        return
    if not names:
        screen.notify(
            L("Geen {k}-bestanden in {w}.", "No {k} files in {w}.").format(k=kind, w=where),
            severity="warning",
            markup=False,
        )
        return

    def chosen(name: str | None) -> None:
        if name is None:
            return
        problems: list[Any] = []
        try:
            report = run(read_import_text(name, ws.config), name)
        except (ValidationError, StadstafelError) as exc:
            summary, problems = report_of_refusal(exc)
        else:
            summary = report.summary()
            if done is not None:
                done(report)
        screen.app.push_screen(ImportReportScreen(f"{title} ({name})", summary, problems))

    from stadstafel.tui.modals import PickerScreen

    screen.app.push_screen(
        PickerScreen(
            L("{k}-bestand uit {w}", "{k} file from {w}").format(k=kind, w=where),
            [(n, n) for n in names],
        ),
        chosen,
    )
