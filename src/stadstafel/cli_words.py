"""Click's own messages (a usage error: an unknown option, a missing argument, a bad value) in
the workspace's language, and a click error as the one line every fault of the command is.

Click writes its messages through ``gettext`` with no catalogue, so they are English. Its
modules call it as their module global ``_`` (and ``ngettext``): ``speak_dutch_in_click``
sets those to look the message up in ``DUTCH`` while the language is Dutch. A message not in
the table (a newer click's) stays English; in English nothing changes. The help page's own
words ("Usage:", "Options", "Commands", the help and version options' help) go the same way,
for the core's commands and the plugins' alike.
"""

from __future__ import annotations

import gettext
from typing import Any

import click

from stadstafel import i18n

# click's message -> its Dutch (the same placeholders)
DUTCH: dict[str, str] = {
    "Error: {message}": "Fout: {message}",
    "Try '{command} {option}' for help.": "Zie '{command} {option}'.",
    "Aborted!": "Afgebroken.",
    "No such option {name!r}.": "Onbekende optie {name!r}.",
    "No such command {name!r}.": "Onbekende opdracht {name!r}.",
    "Did you mean {possibility}?": "Bedoelt u {possibility}?",
    "(Did you mean one of: {possibilities}?)": "(Bedoelt u een van: {possibilities}?)",
    "Missing command.": "Opdracht ontbreekt.",
    "Missing argument": "Argument ontbreekt",
    "Missing option": "Optie ontbreekt",
    "Missing parameter": "Parameter ontbreekt",
    "Missing {param_type}": "{param_type} ontbreekt",
    "Missing parameter: {param_name}": "Parameter ontbreekt: {param_name}",
    "Invalid value: {message}": "Ongeldige waarde: {message}",
    "Invalid value for {param_hint}: {message}": "Ongeldige waarde voor {param_hint}: {message}",
    "Option {name!r} does not take a value.": "Optie {name!r} neemt geen waarde.",
    "Option {name!r} requires an argument.": "Optie {name!r} vraagt een waarde.",
    "Option {name!r} requires {nargs} arguments.": "Optie {name!r} vraagt {nargs} waarden.",
    "Argument {name!r} takes {nargs} values.": "Argument {name!r} neemt {nargs} waarden.",
    "Got unexpected extra argument ({args})": "Onverwacht extra argument ({args})",
    "Got unexpected extra arguments ({args})": "Onverwachte extra argumenten ({args})",
    "Takes {nargs} values but 1 was given.": "Neemt {nargs} waarden, maar 1 gegeven.",
    "Takes {nargs} values but {len} were given.": "Neemt {nargs} waarden, maar {len} gegeven.",
    "{value!r} is not {choice}.": "{value!r} is niet {choice}.",
    "{value!r} is not one of {choices}.": "{value!r} is niet een van {choices}.",
    "{value!r} is not a valid {number_type}.": "{value!r} is geen geldig {number_type}.",
    "{value} is not in the range {range}.": "{value} ligt niet in het bereik {range}.",
    "{value!r} does not match the format {format}.": "{value!r} past niet in de vorm {format}.",
    "{value!r} does not match the formats {formats}.": (
        "{value!r} past niet in de vormen {formats}."
    ),
    "{name} {filename!r} does not exist.": "{name} {filename!r} bestaat niet.",
    "{name} {filename!r} is a directory.": "{name} {filename!r} is een map.",
    "{name} {filename!r} is a file.": "{name} {filename!r} is een bestand.",
    "{name} {filename!r} is not readable.": "{name} {filename!r} is niet leesbaar.",
    "{name} {filename!r} is not writable.": "{name} {filename!r} is niet schrijfbaar.",
    "Could not open file {filename!r}: {message}": "Kan {filename!r} niet openen: {message}",
    "file": "bestand",
    "directory": "map",
    "path": "pad",
    "integer": "geheel getal",
    "float": "getal",
    # the help page (--help) and --version
    "Usage:": "Gebruik:",
    "Options": "Opties",
    "Commands": "Opdrachten",
    "Positional arguments": "Argumenten",
    "Show this message and exit.": "Toon deze hulp en stop.",
    "Show the version and exit.": "Toon de versie en stop.",
    "default: {default}": "standaard: {default}",
    "required": "verplicht",
    "env var: {var}": "omgevingsvariabele: {var}",
    "deprecated": "verouderd",
    "(dynamic)": "(wisselend)",
    "Do you want to continue?": "Wilt u doorgaan?",
    "Confirm the action without prompting.": "Bevestig zonder te vragen.",
    "Repeat for confirmation": "Herhaal ter bevestiging",
    "Error: The two entered values do not match.": "Fout: de twee waarden zijn niet gelijk.",
    "Error: invalid input": "Fout: ongeldige invoer",
}


def _(message: str) -> str:
    if i18n.language() == "nl":
        return DUTCH.get(message, message)
    return gettext.gettext(message)


def _n(singular: str, plural: str, n: int) -> str:
    return _(singular if n == 1 else plural)


def speak_dutch_in_click(root: click.Command | None = None) -> None:
    """Let click's modules look their messages up here (see the module's docstring). The
    help of ``root``'s --version option was worded when it was declared: word it again."""
    import click.core
    import click.decorators
    import click.exceptions
    import click.formatting
    import click.parser
    import click.termui
    import click.types

    modules = (
        click.core,
        click.decorators,
        click.exceptions,
        click.formatting,
        click.parser,
        click.termui,
        click.types,
    )
    for module in modules:
        if hasattr(module, "_"):
            module._ = _  # type: ignore[attr-defined]
        if hasattr(module, "ngettext"):
            module.ngettext = _n  # type: ignore[attr-defined]
    version = "Show the version and exit."
    for param in root.params if root is not None else ():
        if param.help in (version, DUTCH[version]):  # type: ignore[attr-defined]
            param.help = _(version)  # type: ignore[attr-defined]


def error_line(exc: click.ClickException) -> str:
    """The one line for a click error: "Fout: …" / "Error: …", and for a usage error where
    the command's help is ("zie 'stadstafel actions list --help'")."""
    from stadstafel.textsafe import neutralise

    text = " ".join(neutralise(exc.format_message()).split())
    line = _("Error: {message}").format(message=text)
    ctx: Any = getattr(exc, "ctx", None)
    if isinstance(exc, click.UsageError) and ctx is not None:
        helps = ctx.help_option_names
        if helps and "--help" in helps:
            hint = _("Try '{command} {option}' for help.").format(
                command=ctx.command_path, option="--help"
            )
            line += " " + hint
    return line
