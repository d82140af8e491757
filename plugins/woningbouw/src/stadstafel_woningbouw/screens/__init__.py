"""The woningbouw screens. Imported only when a screen is opened (never at start-up).

ProjectsScreen(ws)        the "w" section: the register, filter as you type, sort, paged
                          (``register``)
ProjectScreen(ws, id)     one project: figures, knelpunten, phase history; edit, change phase
                          (``project``)
ProgressScreen(ws)        progress against the target: chart, per year, pipeline, shares
                          (``progress``)
SignalsScreen(ws)         stalled, slipped and blocked projects (what the agenda gets)
                          (``signals``)
RegisterTab(ws, table)    the register as a tab of the Woningbouw table's screen (``tab``)
open_import(app)          ask for a CSV file and import it, with a report (``importing``)

``base`` holds the base screen, ``forms`` the forms. Screens are built only on the public UI
kit (``stadstafel.ui``) and reach the data only through the register service
(``register_for``); they never run SQL. Every key is a ``bind()`` with an id
(``woningbouw.*``), so a keymap can rebind it.
"""

from __future__ import annotations

import importlib
from typing import Any

# Each name is imported from its module when first asked for (PEP 562): the section's
# register does not hold the progress screen (Textual's tabbed content), the signals or the
# import until a person opens one of them (0.3-0.4 MB of objects a session that only reads the
# register never needs: docs/benchmarks.md, "Ninth round (2026-12-07): memory").
_NAMES = {
    "ImportProgressScreen": "importing",
    "open_import": "importing",
    "ProgressScreen": "progress",
    "ProjectScreen": "project",
    "ProjectsScreen": "register",
    "SignalsScreen": "signals",
    "RegisterTab": "tab",
}

__all__ = sorted(_NAMES)


def __getattr__(name: str) -> Any:
    module = _NAMES.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_NAMES})
