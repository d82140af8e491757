"""The workspace of a plugin's CLI command (public through ``stadstafel``)::

    @click.group("groen")
    def groen(): ...

    @groen.command("list")
    def list_command():
        with command_workspace("groen") as ws:
            ...

:func:`command_workspace` opens the workspace the way the core's commands do (the root
context's ``--config`` and ``--as``) and closes it when the block ends. It turns every fault
into a message on standard error, in the configured language, never a traceback:

- a fault that stops the command before it starts: one line and exit status 2 (the command
  run outside ``stadstafel``, a configuration that cannot be read, a database that is missing,
  damaged, locked or newer than this version, a plugin that failed); a database fault while
  the command runs is the same;
- a service's refusal inside the block (any other ``StadstafelError``: no right, a bad file,
  an import refused with every row/column problem): "Fout: …" and exit status 1, as the
  core's commands do.
"""

from __future__ import annotations

import contextlib
import sqlite3
import sys
from collections.abc import Iterator
from typing import Any, NoReturn

from stadstafel.errors import ConfigError, DatabaseError, StadstafelError
from stadstafel.i18n import L

__all__ = ["command_workspace", "fail", "fault"]

START_STATUS = 2  # a fault before the command started (the core's start faults exit 2 too)
REFUSED_STATUS = 1  # a service refused (the core's commands exit 1 too)


def fail(message: str, status: int = START_STATUS, *, lines: bool = False) -> NoReturn:
    """``message`` on standard error (control characters neutralised; on one line unless
    ``lines``), then exit with ``status``."""
    import click

    from stadstafel.textsafe import neutralise

    text = neutralise(str(message))
    if not lines:
        text = " ".join(text.split())
    click.echo(text.rstrip("\n"), err=True)
    sys.exit(status)


def fault(exc: BaseException) -> tuple[str, int] | None:
    """The message and exit status of a fault, or None for an error that is not one."""
    from stadstafel.plugins import PluginError

    if isinstance(exc, ConfigError):
        return L("Configuratiefout: {m}", "Configuration error: {m}").format(m=exc.message), 2
    if isinstance(exc, DatabaseError):
        return L("Databasefout: {m}", "Database error: {m}").format(m=exc.message), 2
    if isinstance(exc, PluginError):
        return L("Pluginfout: {m}", "Plugin error: {m}").format(m=exc), 2
    if isinstance(exc, StadstafelError):
        return L("Fout: {m}", "Error: {m}").format(m=exc.message), REFUSED_STATUS
    if isinstance(exc, sqlite3.Error | OSError):
        from stadstafel.store import database_error

        error = database_error(exc, getattr(exc, "filename", None) or "stadstafel")
        return L("Databasefout: {m}", "Database error: {m}").format(m=error.message), 2
    return None


def speak_the_configured_language(obj: Any) -> None:
    """Messages in the configuration's language from here on, even when opening fails (a
    configuration that cannot be read is reported by opening)."""
    from stadstafel import i18n

    try:
        language = getattr(obj.config, "language", None)
        if language:
            i18n.set_language(language)
    except Exception:  # reported where the workspace is opened
        return


@contextlib.contextmanager
def command_workspace(command: str) -> Iterator[Any]:
    """The open workspace for the CLI command ``stadstafel <command> …`` (a context manager);
    every fault is a message and an exit status (see the module)."""
    import click

    context = click.get_current_context(silent=True)
    obj = context.find_root().obj if context is not None else None
    if obj is None or not hasattr(obj, "workspace"):
        fail(
            L("Gebruik dit als 'stadstafel {c} …'.", "Use this as 'stadstafel {c} …'.").format(
                c=command
            )
        )
    speak_the_configured_language(obj)
    opened = contextlib.ExitStack()
    try:  # a workspace, or a context manager giving one (a test's stand-in)
        workspace = opened.enter_context(obj.workspace())
    except (StadstafelError, sqlite3.Error, OSError) as exc:
        opened.close()
        message, _status = fault(exc) or (str(exc), START_STATUS)
        fail(message, START_STATUS)  # whatever it was, the command did not start
    with opened:
        try:
            yield workspace
        except (StadstafelError, sqlite3.Error) as exc:
            message, status = fault(exc) or (str(exc), START_STATUS)
            fail(message, status, lines=status == REFUSED_STATUS)
