"""stadstafel: a keyboard-first terminal workspace for a city's samenwerkingstafels.

The public API for plugins is three modules, each with its names listed in ``__all__``:

- ``stadstafel`` (this module): the hook marker, records, errors, dates and the clock,
  translation, the service base, export scopes and opening a workspace;
- ``stadstafel.ui``: screens, widgets, forms, lists, modals and the one way to call a service
  from a screen (imports Textual: use it in screen modules only);
- ``stadstafel.testing``: helpers for a plugin's tests.

Everything else is internal and may change without notice; docs/plugins.md has the stability
promise. Names are imported on first use, so ``import stadstafel`` stays light: the hook
marker too (pluggy, with typing and inspect, was a third of what the ``stadstafel``
command imported before its ``main`` switched the garbage collector off for the start).
"""

from __future__ import annotations

import importlib

TYPE_CHECKING = False  # typing and pluggy are imported when first needed, not here
if TYPE_CHECKING:
    from typing import Any

    import pluggy

    hookimpl: pluggy.HookimplMarker

__version__ = "0.1.0"


# public name -> (internal module, attribute); loaded on first use (PEP 562).
_PUBLIC: dict[str, tuple[str, str]] = {
    # settings of a plugin
    "REQUIRED": ("stadstafel.config", "REQUIRED"),
    "SchemaKey": ("stadstafel.config", "SchemaKey"),
    "parse_toml": ("stadstafel.kept", "parse_toml"),
    # errors
    "ConflictError": ("stadstafel.errors", "ConflictError"),
    "NotFound": ("stadstafel.errors", "NotFound"),
    "PermissionDenied": ("stadstafel.errors", "PermissionDenied"),
    "StadstafelError": ("stadstafel.errors", "StadstafelError"),
    "ValidationError": ("stadstafel.errors", "ValidationError"),
    # records
    "COUNT_CAP": ("stadstafel.records", "COUNT_CAP"),
    "ChangeEvent": ("stadstafel.records", "ChangeEvent"),
    "Page": ("stadstafel.records", "Page"),
    "Record": ("stadstafel.records", "Record"),
    # dates and the clock (frozen in tests and demos: always use these, never datetime.now)
    "today": ("stadstafel.clock", "today"),
    "now": ("stadstafel.clock", "now"),
    "format_date": ("stadstafel.i18n", "format_date"),
    "format_datetime": ("stadstafel.i18n", "format_datetime"),
    # translation
    "L": ("stadstafel.i18n", "L"),
    "language": ("stadstafel.i18n", "language"),
    # the service base
    "Field": ("stadstafel.services.base", "Field"),
    "Service": ("stadstafel.services.base", "Service"),
    "TableScoped": ("stadstafel.services.base", "TableScoped"),
    "fts_query": ("stadstafel.services.base", "fts_query"),
    "BATCH_ROWS": ("stadstafel.store", "BATCH_ROWS"),
    "WHOLE_IMPORT_ROWS": ("stadstafel.store", "WHOLE_IMPORT_ROWS"),
    # exports
    "ExportScope": ("stadstafel.exporting", "ExportScope"),
    # documents a plugin writes (headings, paragraphs, lists) in the core's formats
    "Document": ("stadstafel.exports.documents", "Document"),
    "Heading": ("stadstafel.exports.documents", "Heading"),
    "Paragraph": ("stadstafel.exports.documents", "Paragraph"),
    "ListBlock": ("stadstafel.exports.documents", "ListBlock"),
    "Entry": ("stadstafel.exports.documents", "Entry"),
    "DOCUMENT_FORMATS": ("stadstafel.exporting", "DOCUMENT_FORMATS"),
    "render_document": ("stadstafel.exports", "render_document"),
    "ics_date_calendar": ("stadstafel.exports.ics", "date_calendar"),
    # generated workspaces (the generate_data hook): sizes by name, and city names
    "DEMO_SIZES": ("stadstafel.demo.generate", "SIZES"),
    "DEMO_CITIES": ("stadstafel.demo.generate", "CITIES"),
    # files a user names: confined to the folders of [files] (see stadstafel.files)
    "confined": ("stadstafel.files", "confined"),
    "open_for_reading": ("stadstafel.files", "open_for_reading"),
    "create_for_writing": ("stadstafel.files", "create_for_writing"),
    "files_folder": ("stadstafel.files", "folder"),
    # user text is data (see stadstafel.textsafe)
    "neutralise": ("stadstafel.textsafe", "neutralise"),
    "strip_outer": ("stadstafel.textsafe", "strip_outer"),
    "csv_cell": ("stadstafel.textsafe", "csv_cell"),
    "csv_uncell": ("stadstafel.textsafe", "csv_uncell"),
    # rows for scripts and pipes: table, json, csv, markdown (user text as data)
    "render_rows": ("stadstafel.formats", "render"),
    # opening a workspace (scripts, CLI commands of a plugin)
    "open_workspace": ("stadstafel.start", "open_workspace"),
    "command_workspace": ("stadstafel.cli_workspace", "command_workspace"),
    # importing a file from [files] imports: the list, the text, the problems, the refusal
    "import_files": ("stadstafel.imports", "import_files"),
    "read_import_text": ("stadstafel.imports", "read_import_text"),
    "import_error_lines": ("stadstafel.imports", "import_error_lines"),
    "refuse_import": ("stadstafel.imports", "refuse_import"),
    "store_import": ("stadstafel.imports", "store_import"),
    "stopped_summary": ("stadstafel.imports", "stopped_summary"),
}

__all__ = ["__version__", "hookimpl", *sorted(_PUBLIC)]


def __getattr__(name: str) -> Any:
    if name == "hookimpl":  # made here, not at import: see the module's docstring
        import pluggy

        globals()[name] = value = pluggy.HookimplMarker("stadstafel")
        return value
    target = _PUBLIC.get(name)
    if target is None:
        raise AttributeError(f"module 'stadstafel' has no attribute {name!r}")
    value = getattr(importlib.import_module(target[0]), target[1])
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_PUBLIC, "hookimpl"})
