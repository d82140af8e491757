"""What every woningbouw screen shares: the stylesheet, number formatting and the base
screen that knows the workspace and the register."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from stadstafel.ui import (
    StadstafelScreen,
)

from stadstafel_woningbouw import texts
from stadstafel_woningbouw.model import (
    fmt_int,
)
from stadstafel_woningbouw.service import ProjectRegister, register_for

# Read beside the package's modules, not through importlib.resources: that import (with
# zipfile) is 0.4 MiB that would stay in every session's memory for one file.
CSS = (Path(__file__).resolve().parent.parent / "woningbouw.tcss").read_text(encoding="utf-8")

SORTS = [
    ("name", "naam", "name"),
    ("phase", "fase", "phase"),
    ("area", "wijk", "area"),
    ("homes", "woningen", "homes"),
    ("delivery", "oplevering", "delivery"),
    ("since", "in fase sinds", "in phase since"),
]
CAPACITY_FILTERS = [(None, "alle", "all"), ("hard", "hard", "hard"), ("zacht", "zacht", "soft")]


def _lang() -> str:
    return texts.lang()


def _n(value: Any) -> str:
    return fmt_int(value, _lang())


def forms() -> Any:
    """The project forms' module (``screens.forms``), imported by the first form a key opens:
    a session that reads the register and its projects does not import it."""
    from stadstafel_woningbouw.screens import forms

    return forms


class _RegisterScreen(StadstafelScreen):
    """A woningbouw screen: knows its workspace (the factory's argument) and the register."""

    DEFAULT_CSS = CSS

    def __init__(self, workspace: Any = None, **kwargs: Any):
        super().__init__(**kwargs)
        self._workspace = workspace

    @property
    def ws(self):
        return self._workspace if self._workspace is not None else super().ws

    @property
    def reg(self) -> ProjectRegister:
        return register_for(self.ws)

    def may_edit(self) -> bool:
        try:
            return self.reg.may_edit()
        except Exception:
            return False
