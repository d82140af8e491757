"""The public UI kit for plugins: what a plugin's screens and table tabs are built from.

Import it in screen modules only (it imports Textual); a plugin's hooks import those modules
inside the factories they register. The names are listed in ``__all__``; everything under
``stadstafel.tui`` is internal. docs/plugins.md, "The UI kit", describes each.

- Screens: ``SectionScreen`` (a main section: header, body, footer, ``refresh_data``),
  ``StadstafelScreen`` (any other full screen: ``compose_header()``/``compose_footer()`` give
  it the header and footer it draws itself, ``set_heading(text)`` changes the header's
  section), ``AppHeader`` (the header as a widget, for a screen of another kind), ``bind`` (a
  key binding with Dutch and English descriptions), ``translate_bindings``.
- Calling services: ``call_service`` and ``service_action`` (the one way: conflicts open the
  conflict screen, other faults become a notification), ``notify_error``.
- Text: ``L(nl, en)``, ``literal(value)`` (user text made safe for markup: use it for every
  value a person typed that you put in a notification, label or title) and ``plain(value)``
  (user text for a place without markup, e.g. a rich ``Text``: control characters
  neutralised).
- Forms and lists: ``FormScreen``/``FormField``, ``RecordTable``, ``PagedRecordTable``,
  ``FilterInput``, ``clip``; ``PagedListScreen`` (a screen that is one paged list with a
  filter, a detail and a status line) with ``list_keys``, built on ``PagedList`` (the same
  list-and-filter wiring under a layout of the screen's own, e.g. a module's section).
- Imports: ``ImportReportScreen`` (the outcome of an import: the summary and every problem
  with its row and column, as data) and ``import_file_dialog`` (the right checked, a file
  chosen from ``[files] imports``, imported, the report shown).
- Files: ``save_export(app, data, filename, media_type)`` (a new file in the user's
  downloads folder, or ``[files] exports`` when configured, or a download in a browser; says
  where it went).
- Modals: ``ConfirmScreen``, ``PickerScreen``, ``ConflictScreen``.
- Table tabs: ``TableTab``, the base of a widget registered with the ``table_tabs`` hook.
- A record screen's tabs: ``RecordTabs`` (one line of labels, each tab's body built when it is
  first shown).
- Themes: ``derive_theme`` (a theme made from a core one).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

# Each name is imported from its module when a plugin first asks for it (PEP 562), so a
# module's screen holds only what it uses: the export's file saving (with the command
# palette's providers) and the import dialog wait for a module that saves or imports (0.15 MB
# of objects in a session that never does: docs/benchmarks.md, "Ninth round (2026-12-07):
# memory").
_NAMES = {
    "call_service": "stadstafel.tui.calls",
    "service_action": "stadstafel.tui.calls",
    "save_export": "stadstafel.tui.commands",
    "ConfirmScreen": "stadstafel.tui.modals",
    "ConflictScreen": "stadstafel.tui.modals",
    "PickerScreen": "stadstafel.tui.modals",
    "TableTab": "stadstafel.tui.tabs",
    "L": "stadstafel.tui.text",
    "literal": "stadstafel.tui.text",
    "plain": "stadstafel.tui.text",
    "derive_theme": "stadstafel.tui.themes",
    "AppHeader": "stadstafel.tui.widgets.base",
    "SectionScreen": "stadstafel.tui.widgets.base",
    "StadstafelScreen": "stadstafel.tui.widgets.base",
    "bind": "stadstafel.tui.widgets.base",
    "notify_error": "stadstafel.tui.widgets.base",
    "translate_bindings": "stadstafel.tui.widgets.base",
    "FormField": "stadstafel.tui.widgets.form",
    "FormScreen": "stadstafel.tui.widgets.form",
    "ImportReportScreen": "stadstafel.tui.widgets.imports",
    "import_file_dialog": "stadstafel.tui.widgets.imports",
    "RecordTable": "stadstafel.tui.widgets.lists",
    "clip": "stadstafel.tui.widgets.lists",
    "FilterInput": "stadstafel.tui.widgets.paged",
    "PagedRecordTable": "stadstafel.tui.widgets.paged",
    "PagedList": "stadstafel.tui.widgets.paged_list",
    "PagedListScreen": "stadstafel.tui.widgets.paged_list",
    "list_keys": "stadstafel.tui.widgets.paged_list",
    "RecordTabs": "stadstafel.tui.widgets.tabs",
}

if TYPE_CHECKING:  # what a type checker and an editor read; at run time, __getattr__
    from stadstafel.tui.calls import call_service, service_action
    from stadstafel.tui.commands import save_export
    from stadstafel.tui.modals import ConfirmScreen, ConflictScreen, PickerScreen
    from stadstafel.tui.tabs import TableTab
    from stadstafel.tui.text import L, literal, plain
    from stadstafel.tui.themes import derive_theme
    from stadstafel.tui.widgets.base import (
        AppHeader,
        SectionScreen,
        StadstafelScreen,
        bind,
        notify_error,
        translate_bindings,
    )
    from stadstafel.tui.widgets.form import FormField, FormScreen
    from stadstafel.tui.widgets.imports import ImportReportScreen, import_file_dialog
    from stadstafel.tui.widgets.lists import RecordTable, clip
    from stadstafel.tui.widgets.paged import FilterInput, PagedRecordTable
    from stadstafel.tui.widgets.paged_list import PagedList, PagedListScreen, list_keys
    from stadstafel.tui.widgets.tabs import RecordTabs

__all__ = [
    "AppHeader",
    "ConfirmScreen",
    "ConflictScreen",
    "FilterInput",
    "FormField",
    "FormScreen",
    "ImportReportScreen",
    "L",
    "PagedList",
    "PagedListScreen",
    "PagedRecordTable",
    "PickerScreen",
    "RecordTable",
    "RecordTabs",
    "SectionScreen",
    "StadstafelScreen",
    "TableTab",
    "bind",
    "call_service",
    "clip",
    "derive_theme",
    "import_file_dialog",
    "list_keys",
    "literal",
    "notify_error",
    "plain",
    "save_export",
    "service_action",
    "translate_bindings",
]


def __getattr__(name: str) -> Any:
    module = _NAMES.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_NAMES})
