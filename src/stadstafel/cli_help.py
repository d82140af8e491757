"""The command line's help in English, for ``[ui] language = "en"`` (or the user's own
``language = "en"``). The commands are written with their Dutch help; when help is asked for
and the language is English, ``use_english`` puts these texts in place before click prints it.

Keys are the command's path (``"partners list"``; ``""`` is ``stadstafel`` itself); an
option's help is keyed by the path and its first name. A command or option missing here keeps
its Dutch help (a plugin's, for one), so nothing is ever without help.
"""

from __future__ import annotations

import click

COMMANDS: dict[str, str] = {
    "": "stadstafel: a terminal workspace for samenwerkingstafels.",
    "demo": "Open a fresh copy of the Leiden demo workspace.",
    "partners": "Partners (organisations).",
    "partners list": "Every organisation with its kind and number of people.",
    "meetings": "Meetings.",
    "meetings list": "Meetings in order of date.",
    "agenda": "Agendas of meetings.",
    "agenda show": "The agenda of meeting MEETING (id), in order.",
    "agenda attach": "Attach the document FILE (from the imports folder) to agenda item ITEM (id).",
    "agenda attachments": "The documents of agenda item ITEM (id).",
    "agenda list": "Every agenda item, newest first, with status, submitter and meeting.",
    "actions": "Actions and toezeggingen (commitments).",
    "actions list": "Open actions and toezeggingen, in order of their due date.",
    "decisions": "Decisions (a table's besluitenlijst).",
    "decisions list": "Every decision of a table, newest meeting first, with meeting and date.",
    "mission": "A table's mission and its versions.",
    "mission show": "A version of the mission with who signed it; --diff: what changed.",
    "search": (
        "Search every kind of record: partners, people, tables, missions, werkafspraken, goals,"
        " interests, initiatives, meetings, agenda items, decisions, actions and the modules'"
        " records; grouped by kind, best first (as / in the app)."
    ),
    "init": "Write a starting configuration (stadstafel.toml) and an empty database in DIRECTORY.",
    "config": "Check and show the configuration.",
    "config check": "Check the configuration, plugin sections included.",
    "config show": "Show the configuration in force; secrets are hidden.",
    "check": "Check the database (integrity_check, foreign_key_check); exit 1 on problems.",
    "backup": (
        "Make an online copy of the database to DEST (a file or folder). For a beheerder only."
        " The copy is readable by its owner only (0600) and is made while others keep working."
    ),
    "restore": (
        "Restore the database from a copy SOURCE (made with stadstafel backup). For a"
        " beheerder only, and only while nobody else has the workspace open. The copy is"
        " checked first; the old database is kept."
    ),
    "serve": "The same app in the browser (behind the municipality's reverse proxy).",
    "rappel": (
        "Reminders: per person a digest of open actions, toezeggingen and submission deadlines."
        " Without --send they are only shown. What was sent today is not sent again."
    ),
    "plugins": (
        "Show every plugin: name, version, source, status, fault and hooks. Ends with status 2"
        " on a name clash between plugins, or (with --strict) on a plugin that fails."
    ),
    "plugin": "Tools for plugin authors.",
    "plugin new": "Make a new plugin NAME in DIRECTORY (by default ./stadstafel-NAME).",
    "tables": "Tables (samenwerkingstafels).",
    "tables list": "Every table with its kind, chair, secretary and number of members.",
    "people": "People at the partners.",
    "people list": "Every person with organisation, function and e-mail.",
    "goals": "The tables' goals.",
    "goals list": "Goals per table, with target and current value.",
    "initiatives": "The tables' initiatives.",
    "initiatives list": "Initiatives per table, with topic and status.",
    "interests": "The partners' interests (belangen) per table.",
    "interests list": "Interests per table: organisation, topic and text.",
    "audit": "The audit log: who changed what, when (the beheerder only).",
    "audit list": "Changes, newest first; JSON and CSV with the values before and after.",
    "person": "Requests about personal data (AVG/GDPR): access and erasure.",
    "person export": "Everything stored about person ID, as JSON (an access request).",
    "person erase": (
        "Erase the personal data of person ID (AVG/GDPR); the record's history stays, without"
        " that data. Recorded in the audit log."
    ),
    "export": (
        "Export as FORMAT: agenda, minutes and besluitenlijst (Markdown, ODT), calendar (ICS),"
        " open data (JSON), and the plugins' formats. --list shows them."
    ),
}

OPTIONS: dict[tuple[str, str], str] = {
    ("", "--config"): "Configuration file (TOML).",
    ("", "--as"): "Work as this user (for service accounts only).",
    ("", "--strict"): "A fault in a plugin is fatal (for plugin authors).",
    ("demo", "--create"): "Write the demo to DIR and stop.",
    ("demo", "--size"): "Size of the demo workspace.",
    ("partners list", "--filter"): "Only names containing this.",
    ("partners list", "--kind"): "Only this kind (e.g. woningcorporatie).",
    ("meetings list", "--table"): "Only this table (name).",
    ("meetings list", "--from"): "From this date (YYYY-MM-DD).",
    ("meetings list", "--to"): "Up to this date (YYYY-MM-DD).",
    ("agenda list", "--table"): "Only this table (name).",
    ("agenda list", "--status"): "Only this status (e.g. ingediend).",
    ("agenda list", "--partner"): "Only items submitted by this organisation.",
    ("agenda list", "--filter"): "Only items with these words.",
    ("actions list", "--overdue"): "Only actions past their due date.",
    ("actions list", "--partner"): "Only of this organisation (name).",
    ("actions list", "--table"): "Only of this table (name).",
    ("actions list", "--all"): "Also finished and lapsed actions.",
    ("decisions list", "--table"): "The table (name).",
    ("decisions list", "--filter"): "Only decisions with these words.",
    ("mission show", "--table"): "The table (name).",
    ("mission show", "--version"): "This version (by default the current one).",
    ("mission show", "--diff"): "With the changes since the previous version.",
    ("backup", "--force"): "Overwrite an existing file.",
    ("serve", "--port"): "Port (otherwise [serve] port, 8000).",
    ("serve", "--insecure-local"): (
        "Without a reverse proxy: on 127.0.0.1 only, every session as this OS user."
    ),
    ("rappel", "--dry-run"): "Show the reminders; send nothing.",
    ("rappel", "--send"): "Send the reminders through [mail].",
    ("rappel", "--days"): "Also what is due within this many days.",
    ("plugins", "--format"): "Output as a table or as JSON.",
    ("plugin new", "--workspace"): (
        "Does the plugin belong to the stadstafel repository's uv workspace? (default: guess)"
    ),
    ("plugin new", "--module"): (
        "A domain module: service, right, screen, table tab, search, export, demo, tests."
    ),
    ("people list", "--filter"): "Only who has this in name or function.",
    ("people list", "--partner"): "Only of this organisation (name).",
    ("audit list", "--type"): "Kind of record (e.g. person, action).",
    ("audit list", "--id"): "Id of the record.",
    ("audit list", "--login"): "Only changes by this login.",
    ("audit list", "--from"): "From this date (YYYY-MM-DD).",
    ("audit list", "--to"): "Up to and including (YYYY-MM-DD).",
    ("audit list", "--limit"): "At most this many rows.",
    ("person erase", "--yes"): "Do not ask: erase at once.",
    ("export", "--list"): "Show the export formats.",
    ("export", "--table"): "Per table (name or id).",
    ("export", "--meeting"): "Per meeting (id).",
    ("export", "--mine"): "The user's tables (--as or the login).",
    ("export", "-o"): "Write to FILE (in the exports folder) instead of stdout.",
    ("export", "--force"): "Overwrite FILE if it exists.",
}

#: Options every list command has, whatever its path.
ANY_OPTION = {
    "--format": "table, json or csv.",
    "--table": "Only this table (name).",
}


def use_english(command: click.Command, path: str = "") -> None:
    """Put the English help texts on ``command`` and every subcommand below it."""
    if path in COMMANDS:
        command.help = COMMANDS[path]
        command.short_help = None  # worked out again from the English help
    for param in command.params:
        if isinstance(param, click.Option) and param.help:
            name = param.opts[0]
            text = OPTIONS.get((path, name)) or ANY_OPTION.get(name)
            if text:
                param.help = text
    if isinstance(command, click.Group):
        for name, sub in command.commands.items():
            use_english(sub, f"{path} {name}".strip())


def wants_english(config_path: str | None) -> bool:
    """Is the language English (the configuration's, with the user's own settings)? Of a
    configuration that cannot be read, the person's (its fault is reported when it is used)."""
    from stadstafel.start import configured_language

    return configured_language(config_path) == "en"
