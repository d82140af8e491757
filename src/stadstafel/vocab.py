"""Closed vocabularies of the core. Plugins add topics and kinds through ``register_topics``."""

from __future__ import annotations

from typing import NamedTuple

ORGANISATION_KINDS = [
    "gemeente",
    "woningcorporatie",
    "ontwikkelaar",
    "belegger",
    "huurdersorganisatie",
    "kennisinstelling",
    "onderwijsinstelling",
    "maatschappelijke organisatie",
    "ondernemers",
    "bewonersinitiatief",
    "Rijk",
    "kennisorganisatie/adviesbureau",
    "overig",
]
TABLE_KINDS = ["samenwerkingstafel", "thematafel", "werkgroep", "stuurgroep", "leerkring"]
MEMBERSHIP_ROLES = ["partner", "adviseur", "waarnemer"]
MEETING_KINDS = ["werkgroep", "stuurgroep", "tafel", "symposium", "expertsessie", "leerkring"]
MEETING_STATUSES = [
    "gepland",
    "agenda vastgesteld",
    "gehouden",
    "verslag vastgesteld",
    "geannuleerd",
]
AGENDA_PURPOSES = ["informatie", "bespreking", "besluitvorming"]
AGENDA_STATUSES = ["ingediend", "geagendeerd", "behandeld", "doorgeschoven", "ingetrokken"]
AGENDA_ORIGINS = ["partner", "stad", "doorgeschoven", "actie", "besluit", "plugin", "standaard"]
# Where an agenda item came from (``Agenda.origin``, from
# ``origin`` and ``source_key``): group -> (nl, en) name. The agenda
# screen, ``agenda show`` and the agenda document name each item's group.
ORIGIN_GROUPS = {
    "partner": ("partner", "partner"),
    "doorgeschoven": ("doorgeschoven", "postponed"),
    "actie": ("actie", "action"),
    "terugblik": ("terugblik", "review"),
    "module": ("module", "module"),
    "stad": ("inbreng stad", "from the city"),
    "standaard": ("standaard", "standard"),
}
ATTENDANCE_STATUSES = ["aanwezig", "afwezig met bericht", "afwezig"]
# Input from the city (inbreng): how it came in, and where it stands.
INTAKE_CHANNELS = ["e-mail", "brief", "spreekuur", "website", "telefoon", "overig"]
INTAKE_STATUSES = ["nieuw", "geagendeerd", "beantwoord"]
ACTION_KINDS = ["actie", "toezegging"]
ACTION_STATUSES = ["open", "gereed", "vervallen"]
INITIATIVE_STATUSES = ["voorstel", "lopend", "afgerond", "gestopt"]
# Allowed initiative status changes by editing. voorstel -> lopend is not here: that is
# admission (``Initiatives.admit``), an explicit step of the chair or secretary.
INITIATIVE_TRANSITIONS = {
    "voorstel": {"gestopt"},
    "lopend": {"afgerond", "gestopt", "voorstel"},
    "afgerond": set(),
    "gestopt": {"voorstel"},
}
WORKING_AGREEMENT_SUBJECTS = [
    "samenstelling",
    "frequentie",
    "vorm",
    "inbreng",
    "voorzitter",
    "besluitvorming",
    "financiën",
    "communicatie",
    "overig",
]
# rhythm: how a table meets; "weeks:N", "quarterly", "yearly", "monthly" or "" (ad hoc)
RHYTHMS = ["weeks", "monthly", "quarterly", "yearly"]

# The record's two state machines (docs/record.md). Services enforce them for every caller;
# tests/test_record.py checks them with a hypothesis state machine.

# Meetings: (from, to) -> the right the transition needs. "verslag vastgesteld" and
# "geannuleerd" are final: after them only an audited correction changes the record.
MEETING_TRANSITIONS: dict[tuple[str, str], str] = {
    ("gepland", "agenda vastgesteld"): "agenda.manage",  # agenda vaststellen
    ("agenda vastgesteld", "gepland"): "agenda.manage",  # agenda heropenen
    ("agenda vastgesteld", "gehouden"): "minutes.record",  # vergadering gehouden
    ("gehouden", "verslag vastgesteld"): "minutes.adopt",  # verslag vaststellen
    ("gepland", "geannuleerd"): "meeting.manage",  # annuleren
    ("agenda vastgesteld", "geannuleerd"): "meeting.manage",
}
CLOSED_MEETING = ("verslag vastgesteld", "geannuleerd")
# Where a meeting's content may still change (None: an item on the table's backlog).
OPEN_MEETING = (None, "gepland", "agenda vastgesteld", "gehouden")


class ItemTransition(NamedTuple):
    """One row of the agenda-item state machine: from which statuses, to which, with which
    right, and in which statuses of the item's meeting (None: the item is on the backlog)."""

    sources: set[str]
    target: str
    right: str
    meeting_statuses: tuple[str | None, ...]


ITEM_TRANSITIONS: dict[str, ItemTransition] = {
    # secretary takes a submitted item onto the agenda
    "accept": ItemTransition(
        {"ingediend"}, "geagendeerd", "agenda.manage", ("gepland", "agenda vastgesteld")
    ),
    # and back, while the agenda is open
    "unaccept": ItemTransition({"geagendeerd"}, "ingediend", "agenda.manage", ("gepland",)),
    # a partner withdraws its own item until the agenda is vastgesteld
    "withdraw": ItemTransition(
        {"ingediend", "geagendeerd"}, "ingetrokken", "agenda.withdraw", (None, "gepland")
    ),
    "resubmit": ItemTransition({"ingetrokken"}, "ingediend", "agenda.withdraw", (None, "gepland")),
    # during or after the meeting, before the minutes are adopted
    "handled": ItemTransition(
        {"geagendeerd"}, "behandeld", "minutes.record", ("agenda vastgesteld", "gehouden")
    ),
    "unhandle": ItemTransition(
        {"behandeld"}, "geagendeerd", "minutes.record", ("agenda vastgesteld", "gehouden")
    ),
    # a copy goes to the next meeting (postpone) or to the backlog (to_backlog)
    "postpone": ItemTransition(
        {"ingediend", "geagendeerd"},
        "doorgeschoven",
        "agenda.manage",
        (None, "gepland", "agenda vastgesteld", "gehouden"),
    ),
    "to_backlog": ItemTransition(
        {"ingediend", "geagendeerd"},
        "doorgeschoven",
        "agenda.manage",
        ("gepland", "agenda vastgesteld", "gehouden"),
    ),
    # the secretary drops an item, with a reason
    "drop": ItemTransition(
        {"ingediend", "geagendeerd"},
        "ingetrokken",
        "agenda.manage",
        (None, "gepland", "agenda vastgesteld", "gehouden"),
    ),
    # the secretary places a backlog item (a late one too) on a meeting: it arrives ingediend
    "schedule": ItemTransition(
        {"ingediend", "doorgeschoven"}, "ingediend", "agenda.manage", (None,)
    ),
}
# The item statuses a meeting may hold in each of its statuses: what the steps above can
# reach, and what generated data must keep to (``Meetings.lifecycle_problems``). A held
# meeting has no item still waiting for the agenda; adopted minutes none still open.
ITEMS_IN_MEETING: dict[str, set[str]] = {
    "gepland": {"ingediend", "geagendeerd", "doorgeschoven", "ingetrokken"},
    "agenda vastgesteld": set(AGENDA_STATUSES),
    "gehouden": {"geagendeerd", "behandeld", "doorgeschoven", "ingetrokken"},
    "verslag vastgesteld": {"behandeld", "doorgeschoven", "ingetrokken"},
    "geannuleerd": {"behandeld", "doorgeschoven", "ingetrokken"},
}
# A meeting an item may be placed on (schedule, submit, carry forward).
RECEIVING_MEETING = ("gepland", "agenda vastgesteld")

# Dutch labels for purposes in short form, used in lists.
PURPOSE_SHORT = {"informatie": "info", "bespreking": "besp", "besluitvorming": "besl"}
