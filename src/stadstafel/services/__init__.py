"""The services: the only code that writes to a workspace."""

from stadstafel.services.actions import Actions
from stadstafel.services.attachments import Attachments
from stadstafel.services.base import Field, Service
from stadstafel.services.intake import Intake
from stadstafel.services.maintenance import Maintenance
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
