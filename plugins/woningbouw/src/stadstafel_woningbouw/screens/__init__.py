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

from stadstafel_woningbouw.screens.importing import ImportProgressScreen, open_import
from stadstafel_woningbouw.screens.progress import ProgressScreen
from stadstafel_woningbouw.screens.project import ProjectScreen
from stadstafel_woningbouw.screens.register import ProjectsScreen
from stadstafel_woningbouw.screens.signals import SignalsScreen
from stadstafel_woningbouw.screens.tab import RegisterTab

__all__ = [
    "ImportProgressScreen",
    "ProgressScreen",
    "ProjectScreen",
    "ProjectsScreen",
    "RegisterTab",
    "SignalsScreen",
    "open_import",
]
