"""The services: the only code that writes to a workspace.

``Attachments`` and ``Maintenance`` (with the confined files of ``stadstafel.files``) are
imported on first use (PEP 562): a session that reads the sections does not run them, and a
workspace makes them when they are first asked for (``Workspace.attachments``).
"""

from typing import Any

from stadstafel.services.actions import Actions
from stadstafel.services.base import Field, Service
from stadstafel.services.intake import Intake
from stadstafel.services.meetings import Agenda, Attendance, Corrections, Decisions, Meetings
from stadstafel.services.missions import Goals, Missions
from stadstafel.services.partners import Organisations, People
from stadstafel.services.review import Audit, CarryForward, Overview, Search
from stadstafel.services.tables import (
    Initiatives,
    Interests,
    Memberships,
    Tables,
    WorkingAgreements,
)

__all__ = [
    "Actions",
    "Agenda",
    "Attachments",
    "Attendance",
    "Audit",
    "CarryForward",
    "Corrections",
    "Decisions",
    "Field",
    "Goals",
    "Initiatives",
    "Intake",
    "Interests",
    "Maintenance",
    "Meetings",
    "Memberships",
    "Missions",
    "Organisations",
    "Overview",
    "People",
    "Search",
    "Service",
    "Tables",
    "WorkingAgreements",
]

_LATER = {
    "Attachments": "stadstafel.services.attachments",
    "Maintenance": "stadstafel.services.maintenance",
}


def __getattr__(name: str) -> Any:
    module = _LATER.get(name)
    if module is None:
        raise AttributeError(f"module 'stadstafel.services' has no attribute {name!r}")
    from importlib import import_module

    value = globals()[name] = getattr(import_module(module), name)
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_LATER})
