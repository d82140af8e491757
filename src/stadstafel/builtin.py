"""The core's own plugin, named ``core`` (source ``built-in``), always loaded.

The core uses the same hooks as any other plugin, so the hook API is exercised by the core
itself: its topics and vocabularies and its three visual themes are registered here.

Importing this module stays light: Textual is imported only inside :func:`register_themes`.
"""

from __future__ import annotations

from stadstafel import hookimpl, vocab

NAME = "core"

# The broad domains of the G32 covenant (Wonen, Economie, Ruimte en Sociaal) and the subjects
# that recur at Leiden's tables. Domain plugins add their own (woningbouw, omgevingswet, ...).
CORE_TOPICS = [
    "wonen",
    "economie",
    "ruimte",
    "sociaal",
    "participatie",
    "duurzaamheid",
]

# The core's closed vocabularies (stadstafel.vocab), by the names plugins extend them under.
VOCABULARIES: dict[str, list[str]] = {
    "organisation_kinds": vocab.ORGANISATION_KINDS,
    "table_kinds": vocab.TABLE_KINDS,
    "membership_roles": vocab.MEMBERSHIP_ROLES,
    "meeting_kinds": vocab.MEETING_KINDS,
    "meeting_statuses": vocab.MEETING_STATUSES,
    "agenda_purposes": vocab.AGENDA_PURPOSES,
    "agenda_statuses": vocab.AGENDA_STATUSES,
    "agenda_origins": vocab.AGENDA_ORIGINS,
    "action_kinds": vocab.ACTION_KINDS,
    "action_statuses": vocab.ACTION_STATUSES,
    "initiative_statuses": vocab.INITIATIVE_STATUSES,
    "working_agreement_subjects": vocab.WORKING_AGREEMENT_SUBJECTS,
}

# The theme names registered by register_themes, for code that must not import Textual.
THEME_NAMES = ["stadstafel", "leiden", "hoog-contrast"]


_SCREENS = "stadstafel.tui.screens"
# The core's main sections: (id, Dutch title, English title, key, "module:Screen").
CORE_SCREENS = [
    ("home", "Overzicht", "Overview", "h", f"{_SCREENS}.home:HomeScreen"),
    ("partners", "Partners", "Partners", "p", f"{_SCREENS}.partners:PartnersScreen"),
    ("tables", "Tafels", "Tables", "t", f"{_SCREENS}.tables:TablesScreen"),
    ("meetings", "Vergaderingen", "Meetings", "v", f"{_SCREENS}.meetings:MeetingsScreen"),
    ("actions", "Acties", "Actions", "a", f"{_SCREENS}.actions:ActionsScreen"),
    # "z": free on every screen; "j" answers "Ja" in a confirmation and "m" is taken on the
    # tables and meetings screens, where the section would not be reachable by it.
    ("mine", "Mijn werk", "My work", "z", f"{_SCREENS}.mine:MineScreen"),
    # no key: reached from the palette ("Ga naar: Inbreng uit de stad") and search; the
    # chair and the secretary of a table are the ones who use it
    ("intake", "Inbreng uit de stad", "Input from the city", "", f"{_SCREENS}.intake:IntakeScreen"),
]


@hookimpl
def register_topics(register):
    """The core's topics and every core vocabulary, so ``host.vocabulary(name)`` is complete."""
    register.topic(*CORE_TOPICS)
    for name, values in VOCABULARIES.items():
        register.vocabulary(name, *values)


@hookimpl
def register_themes(register):
    """``stadstafel`` (calm blue and green), ``leiden`` (Leiden red #E2001A on white) and
    ``hoog-contrast`` (black, white and yellow). Defined once, in ``stadstafel.tui.themes``."""
    from stadstafel.tui.themes import core_themes

    for theme in core_themes():
        register(theme)


@hookimpl
def register_screens(register, workspace):
    """The core's sections, registered like a plugin's (``CORE_SCREENS``).

    The factory imports the screen module only when the section is first opened, so importing
    this module keeps Textual out.
    """
    for screen_id, title_nl, _title_en, key, target in CORE_SCREENS:
        register(screen_id, title_nl, _lazy_screen(target), key=key)


def _lazy_screen(target: str):
    module_name, _, name = target.partition(":")

    def factory(workspace):
        import importlib

        return getattr(importlib.import_module(module_name), name)()

    factory.module = module_name  # type: ignore[attr-defined]  (imported in pauses: app.py)
    return factory
