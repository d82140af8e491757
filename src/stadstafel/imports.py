"""Importing a file a person chose from the imports folder: the parts every module's import
shares, whatever its layout (public through ``stadstafel``; the screen that shows the outcome
is ``stadstafel.ui.ImportReportScreen``).

- :func:`import_files` lists the files a person may choose (``[files] imports``);
- :func:`read_import_text` reads one of them as text (UTF-8, with or without a byte-order
  mark), confined to that folder;
- :func:`import_error_lines` writes row/column problems the one way ("rij 3, kolom naam: …");
- :func:`refuse_import` ends an all-or-nothing import: a ``ValidationError`` whose message is
  the summary and the first problems, with the whole report as ``.report``;
- :func:`store_import` stores the checked rows of an import, all or nothing (see there), and
  :func:`stopped_summary` is a report's summary when a very large one stopped half-way.

Check the person's right to import before any of these: a refused person learns nothing of
the server's files, not even whether one exists.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any, NoReturn

from stadstafel.errors import ValidationError
from stadstafel.i18n import L

__all__ = [
    "import_error_lines",
    "import_files",
    "read_import_text",
    "refuse_import",
    "stopped_summary",
    "store_import",
]

SHOWN_ERRORS = 20  # problems in a refusal's message (the report keeps them all)


def import_files(
    config: Any, suffixes: Sequence[str] = (".csv",), *, limit: int = 500
) -> list[str]:
    """The names of the plain files in the imports folder whose name ends in one of
    ``suffixes`` (any case), sorted by name; hidden files and links are left out. An empty
    list when the folder is missing; a ``ValidationError`` when it cannot be made."""
    from stadstafel.files import folder

    base = folder("import", config)
    wanted = tuple(s.lower() for s in suffixes)
    try:
        entries = list(os.scandir(base)) if base is not None else []
    except OSError:
        return []
    names = [
        e.name
        for e in entries
        if not e.name.startswith(".")
        and e.name.lower().endswith(wanted)
        and e.is_file(follow_symlinks=False)
    ]
    return sorted(names, key=str.casefold)[:limit]


def read_import_text(name: str | os.PathLike[str], config: Any) -> str:
    """The file ``name`` (a name in the imports folder, or a path inside it) as text: UTF-8,
    with or without a byte-order mark. A ``ValidationError`` (field ``file``) when it is
    outside the folder, cannot be read or is not UTF-8 text; it never quotes the file."""
    from stadstafel.files import open_for_reading
    from stadstafel.textsafe import neutralise

    with open_for_reading(name, "import", config) as fh:
        data = fh.read()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        shown = neutralise(Path(name).name, multiline=False)
        raise ValidationError(
            {"file": L("{n}: geen UTF-8-tekst.", "{n}: not UTF-8 text.").format(n=shown)}
        ) from None


def import_error_lines(
    errors: Iterable[tuple[int, str, str] | Any], limit: int | None = None
) -> list[str]:
    """One line per problem: ``(row, column, message)`` as "rij 3, kolom naam: …" ("row 3,
    column naam: …" in English), anything else as its text; past ``limit`` one line "… en N
    meer"."""
    errors = list(errors)
    shown = errors if limit is None else errors[:limit]
    lines = [
        L("rij {r}, kolom {c}: {m}", "row {r}, column {c}: {m}").format(r=e[0], c=e[1], m=e[2])
        if isinstance(e, tuple) and len(e) == 3
        else str(e)
        for e in shown
    ]
    if len(errors) > len(shown):
        lines.append(L("… en {n} meer", "… and {n} more").format(n=len(errors) - len(shown)))
    return lines


def refuse_import(report: Any) -> NoReturn:
    """Raise the ``ValidationError`` that ends an all-or-nothing import: its message is
    ``report.summary()`` and the first problems of ``report.errors`` (one a line), and the
    report itself rides along as ``.report`` for a screen to show every problem."""
    lines = [report.summary(), *import_error_lines(report.errors, SHOWN_ERRORS)]
    error = ValidationError({"": "\n".join(lines)})
    error.report = report  # type: ignore[attr-defined]
    raise error


def store_import(
    service: Any,
    items: Sequence[Any],
    write: Callable[..., Any],
    report: Any,
    *,
    row: Callable[[Any], int] = lambda item: item[0],
    size: int | None = None,
    whole_up_to: int | None = None,
) -> None:
    """Store the parsed ``items`` of an import with ``write(batch, keep=True)``, all or
    nothing; ``write`` adds each row's problem to ``report.errors`` and ends a batch with
    :func:`refuse_import` when there is one (which undoes that batch).

    A file of more than ``BATCH_ROWS`` items is first checked whole in batches that are each
    undone (``write(batch, keep=False)``, the write lock free between two), so every problem
    is reported and nothing is stored when there is one. Then it is stored in one
    transaction up to ``WHOLE_IMPORT_ROWS`` items: a row that fails only now (someone changed
    the data since the check) leaves nothing stored. A larger file is stored in transactions
    of ``BATCH_ROWS`` items, so that others' saves do not wait for all of it; should a batch
    fail then, the batches before it stay, and ``report.stored_through`` (the ``row`` of the
    last item stored) lets the refusal say exactly how far the file was stored
    (:func:`stopped_summary`). ``size`` and ``whole_up_to`` default to those two."""
    from stadstafel.store import BATCH_ROWS, WHOLE_IMPORT_ROWS

    size = size or BATCH_ROWS
    whole = WHOLE_IMPORT_ROWS if whole_up_to is None else whole_up_to
    if len(items) > size:
        checking = functools.partial(write, keep=False)
        service.in_batches(items, checking, size=size, keep=False)
        if report.errors:
            refuse_import(report)
    stored: list[Any] = []

    def keep(batch: Sequence[Any]) -> None:
        write(batch)
        stored.append(batch[-1])

    try:
        service.in_batches(items, keep, size=size, whole_up_to=whole)
    except ValidationError:
        if len(items) > whole and stored:
            report.stored_through = row(stored[-1])
            refuse_import(report)
        raise


def stopped_summary(report: Any) -> str | None:
    """A report's summary when a file too large for one transaction stopped half-way (see
    :func:`store_import`): which rows were stored; None otherwise."""
    through = getattr(report, "stored_through", None)
    if not through or not report.errors:
        return None
    return L(
        "Gestopt: de rijen tot en met rij {r} zijn opgeslagen, de rest niet ({n} fout(en))."
        " Verbeter de fout en importeer het bestand opnieuw.",
        "Stopped: the rows up to row {r} were stored, the rest was not ({n} error(s))."
        " Fix the error and import the file again.",
    ).format(r=through, n=len(report.errors))
