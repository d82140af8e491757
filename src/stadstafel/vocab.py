"""Closed vocabularies of the core. Plugins add topics and kinds through ``register_topics``."""

from __future__ import annotations

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
AGENDA_ORIGINS = ["partner", "stad", "doorgeschoven", "actie", "besluit", "plugin"]
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

# Allowed agenda-item status changes.
AGENDA_TRANSITIONS = {
    "ingediend": {"geagendeerd", "ingetrokken", "doorgeschoven"},
    "geagendeerd": {"behandeld", "doorgeschoven", "ingetrokken", "ingediend"},
    "doorgeschoven": {"geagendeerd", "ingetrokken", "ingediend"},
    "behandeld": {"geagendeerd"},
    "ingetrokken": {"ingediend"},
}

# Dutch labels for purposes in short form, used in lists.
PURPOSE_SHORT = {"informatie": "info", "bespreking": "besp", "besluitvorming": "besl"}
