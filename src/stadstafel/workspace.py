"""A workspace: one configuration, one database connection, one actor, and the services.

Screens, CLI commands and plugins all reach the data through a ``Workspace``::

    ws = Workspace.open(config, login="jdevries")
    ws.agenda.submit(table_id, "Doorstroming senioren", meeting_id=12)
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from stadstafel import i18n
from stadstafel.errors import StadstafelError
from stadstafel.permissions import Actor
from stadstafel.records import ChangeEvent, Record
from stadstafel.services import (
    Actions,
    Agenda,
    Attendance,
    Audit,
    CarryForward,
    Corrections,
    Decisions,
    Goals,
    Initiatives,
    Intake,
    Interests,
    Meetings,
    Memberships,
    Missions,
    Organisations,
    Overview,
    People,
    Search,
    Tables,
    WorkingAgreements,
)
from stadstafel.services.mine import Mine
from stadstafel.store import Store
from stadstafel.textsafe import neutralise_nested

if TYPE_CHECKING:
    from collections.abc import Callable

    from sqlite_utils import Migrations

    from stadstafel.services.attachments import Attachments
    from stadstafel.services.maintenance import Maintenance


def translate_fault(exc: BaseException, path: object) -> StadstafelError:
    """A StadstafelError as it is; an OSError naming the file it was about; an sqlite3 error
    as the store words it (``store.database_error``): a message, never the SQL."""
    if isinstance(exc, StadstafelError):
        return exc
    if isinstance(exc, OSError):  # a file a screen or plugin read or wrote, not the database
        where = exc.filename if exc.filename is not None else "?"
        return StadstafelError(i18n.t("os_error", path=where, reason=exc.strerror or exc))
    from stadstafel.store import database_error

    return database_error(exc, path)


class NoPlugins:
    """Stand-in plugin host used when plugins are off: every hook returns nothing."""

    def call(self, hook: str, **kwargs: Any) -> list[tuple[str, Any]]:
        return []

    def migration_sets(self) -> list[Migrations]:
        return []

    def schema_key(self) -> str:
        return "[]"

    def vocabulary(self, name: str) -> list[str]:
        return []

    def settings(self, name: str) -> dict:
        return {}

    def attach(self, workspace: Any) -> None:
        return None

    def exporters(self) -> list:
        return []

    def exporter(self, name: str) -> None:
        return None


def os_login() -> str:
    """The account name of the real user id, from the system's user database.

    Never from the environment: ``$LOGNAME`` and ``$USER`` (what ``getpass.getuser`` reads
    first) are set by whoever starts the process, so a user with a shell could act, and be
    audited, as someone else. Without a passwd entry for the uid: ``uid-<number>``.
    """
    try:
        import pwd
    except ImportError:  # pragma: no cover - not on POSIX
        import getpass

        return getpass.getuser()
    uid = os.getuid()
    try:
        return pwd.getpwuid(uid).pw_name
    except KeyError:  # pragma: no cover - no passwd entry in some containers
        return f"uid-{uid}"


def global_role(config: Any, login: str) -> str:
    """A login's global role from the configuration alone, as ``refresh_actor`` sets it:
    ``beheerder`` in a workspace without ``[users]`` (single-user install), ``lezer`` for a
    login not listed there (``restore`` asks this without opening the database)."""
    users = getattr(config, "users", None) or {}
    if not users:
        return "beheerder"
    user = users.get(login)
    if user is None:
        return "lezer"
    return user.role or "gebruiker"


class Workspace:
    def __init__(self, config: Any, store: Store, actor: Actor, plugins: Any = None):
        self.config = config
        self.store = store
        self.actor = actor
        self.plugins = plugins or NoPlugins()
        # called with every change this workspace commits (the terminal UI: screens that are
        # not in view show the stored record when they are shown again)
        self.listeners: list[Callable[[ChangeEvent], None]] = []
        store.dispatch = self.emit
        self.organisations = Organisations(self)
        self.people = People(self)
        self.tables = Tables(self)
        self.memberships = Memberships(self)
        self.working_agreements = WorkingAgreements(self)
        self.interests = Interests(self)
        self.initiatives = Initiatives(self)
        self.missions = Missions(self)
        self.goals = Goals(self)
        self.meetings = Meetings(self)
        self.agenda = Agenda(self)
        self.decisions = Decisions(self)
        self.attendance = Attendance(self)
        self.corrections = Corrections(self)
        self.intake = Intake(self)
        self.actions = Actions(self)
        self.carry_forward = CarryForward(self)
        self.mine = Mine(self)
        self.overview = Overview(self)
        self.search = Search(self)
        self.audit = Audit(self)
        self.refresh_actor()

    # -- opening ------------------------------------------------------------------------
    @classmethod
    def open(
        cls,
        config: Any,
        *,
        login: str | None = None,
        plugins: Any = None,
        database: str | Path | None = None,
    ) -> Workspace:
        """Open (and migrate) the workspace database named by ``config`` as ``login``."""
        lang = getattr(config, "language", "nl") or "nl"
        i18n.set_language(lang)
        plugins = plugins or NoPlugins()
        path = database or config.database
        store = Store(
            path,
            migration_sets=plugins.migration_sets,
            plugin_key=getattr(plugins, "schema_key", None),
        )
        actor = Actor(login=login or os_login())
        ws = cls(config, store, actor, plugins)
        try:
            plugins.attach(ws)
        except BaseException:
            store.close()
            raise
        return ws

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> Workspace:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def fault(self, exc: BaseException) -> StadstafelError:
        """``exc`` as a StadstafelError with a plain message (sqlite3/OS errors translated),
        after rolling back a transaction the failed call may have left open (and dropping the
        change events it queued): nothing half-written."""
        import contextlib
        import sqlite3

        conn = getattr(self.store, "conn", None)
        if conn is not None and conn.in_transaction:
            with contextlib.suppress(sqlite3.Error):
                conn.execute("ROLLBACK")
            self.store.pending_events.clear()
        path = getattr(self.store, "path", None) or getattr(exc, "filename", None) or "?"
        return translate_fault(exc, path)

    def data_version(self) -> int:
        """Changes when another connection commits (the app refreshes what it shows)."""
        return self.store.data_version()

    # -- who is acting --------------------------------------------------------------------
    def refresh_actor(self) -> Actor:
        """Resolve the actor's person, organisation and per-table roles from config and data."""
        actor = self.actor
        users = getattr(self.config, "users", None) or {}
        if actor.login == "system":
            return actor
        user = users.get(actor.login)
        if not users:
            # A workspace without [users] is a single-user install: its user administers it.
            actor.global_role = "beheerder"
        elif user is None:
            actor.global_role = "lezer"
        else:
            actor.global_role = user.role or "gebruiker"
            if user.person and actor.person_id is None:
                person = self.store.query_one(
                    "SELECT * FROM people WHERE email = ? COLLATE NOCASE OR name = ?"
                    " ORDER BY id LIMIT 1",
                    [user.person, user.person],
                )
                if person:
                    actor.person_id = person["id"]
                    actor.organisation_id = person["organisation_id"]
                    actor.display = person["name"]
        actor.table_roles = self._table_roles(actor)
        return actor

    def _table_roles(self, actor: Actor) -> dict[int, set[str]]:
        roles: dict[int, set[str]] = {}
        if actor.person_id is None:
            return roles
        for row in self.store.query(
            "SELECT id, chair_person_id, secretary_person_id FROM tables"
            " WHERE chair_person_id = ? OR secretary_person_id = ?",
            [actor.person_id, actor.person_id],
        ):
            if row["chair_person_id"] == actor.person_id:
                roles.setdefault(row["id"], set()).add("voorzitter")
            if row["secretary_person_id"] == actor.person_id:
                roles.setdefault(row["id"], set()).add("secretaris")
        if actor.organisation_id is not None:
            for row in self.store.query(
                "SELECT table_id FROM memberships WHERE organisation_id = ? AND role = 'partner'"
                " AND (until IS NULL OR until >= st_today())",
                [actor.organisation_id],
            ):
                roles.setdefault(row["table_id"], set()).add("partner")
        return roles

    def act_as(self, login: str) -> Actor:
        """Switch the acting user (tests and the demo's role switcher use this)."""
        self.actor = Actor(login=login)
        return self.refresh_actor()

    # -- plugins --------------------------------------------------------------------------
    def emit(self, event: ChangeEvent) -> None:
        """Called after a mutation is committed: roles may change, plugins may react, and
        whoever listens (the terminal UI: every screen shows the record as stored after this
        session's own changes) hears of it."""
        if event.record_type in ("table", "membership", "person"):
            self.actor.table_roles = self._table_roles(self.actor)
        self.plugins.call("on_change", workspace=self, event=event)
        for listener in list(self.listeners):
            listener(event)

    def vocabulary(self, name: str) -> list[str]:
        """The values of vocabulary ``name``: the core's, then those plugins added."""
        from stadstafel.builtin import CORE_TOPICS, VOCABULARIES

        base = list(CORE_TOPICS if name == "topics" else VOCABULARIES.get(name, []))
        folded = {v.casefold() for v in base}
        extra = [v for v in self.plugins.vocabulary(name) if v.casefold() not in folded]
        return [*base, *extra]

    def topics(self) -> list[str]:
        """The domain topics (thema's): the core's and the plugins'."""
        return self.vocabulary("topics")

    # made on first use: a session that reads the sections never asks for them, and their
    # modules (with ``stadstafel.files``) are then not imported
    @property
    def attachments(self) -> Attachments:
        return self._made("stadstafel.services.attachments", "Attachments")

    @property
    def maintenance(self) -> Maintenance:
        return self._made("stadstafel.services.maintenance", "Maintenance")

    # -- the kit for plugins ----------------------------------------------------------------
    @property
    def read(self):
        """Read-only access to organisations, people, tables and meetings for plugins
        (``stadstafel.services.read.Reader``)."""
        return self._made("stadstafel.services.read", "Reader")

    def _made(self, module: str, name: str) -> Any:
        """The service ``name`` of ``module`` for this workspace, imported and made once."""
        made = self.__dict__.get(f"_{name.lower()}")
        if made is None:
            from importlib import import_module

            made = self.__dict__[f"_{name.lower()}"] = getattr(import_module(module), name)(self)
        return made

    def service(self, name: str):
        """The plugin service registered as ``name`` (``"woningbouw.projects"``), made once."""
        made = self.__dict__.setdefault("_plugin_services", {})
        found = made.get(name)
        if found is not None:
            return found
        getter = getattr(self.plugins, "service_entry", None)
        entry = getter(name) if getter is not None else None
        if entry is None:
            from stadstafel.errors import StadstafelError

            raise StadstafelError(
                i18n.L(f"Er is geen service '{name}'.", f"There is no service '{name}'.")
            )
        service = entry.factory(self)
        service.plugin = entry.plugin
        made[name] = service
        return service

    def measure_goal(self, goal: Record) -> dict | None:
        for _name, result in self.plugins.call("goal_indicators", workspace=self, goal=goal):
            if result:
                return result
        return None

    def plugin_agenda_suggestions(self, table: Record, meeting: Record | None) -> list[dict]:
        out = []
        for name, result in self.plugins.call(
            "agenda_suggestions", workspace=self, table=table, meeting=meeting
        ):
            for sug in result or []:
                sug = dict(sug)
                sug.setdefault("key", f"plugin:{name}:{sug.get('title')}")
                sug.setdefault("detail", name)
                out.append(sug)
        return out

    # -- exports --------------------------------------------------------------------------
    def exporters(self, scope: str | None = None) -> list:
        """The registered export formats (``stadstafel.exporting.Exporter``), optionally
        only those that take ``scope`` (``"none"``, ``"table"``, ``"meeting"``)."""
        from stadstafel.exports import CORE_EXPORTERS

        found = list(CORE_EXPORTERS)
        taken = {e.name for e in found}
        found += [e for e in self.plugins.exporters() if e.name not in taken]
        return [e for e in found if scope is None or scope in e.scopes]

    def export(self, name: str, *, table: Any = None, meeting: Any = None) -> bytes:
        """Run export format ``name`` for the whole workspace, a ``table`` (id or name) or a
        ``meeting`` (id): the file's bytes. Faults are StadstafelErrors with a message."""
        from stadstafel.errors import StadstafelError
        from stadstafel.exporting import check_scope, resolve_scope, run_export

        exporter = next((e for e in self.exporters() if e.name == name), None)
        if exporter is None:
            known = ", ".join(e.name for e in self.exporters()) or "-"
            raise StadstafelError(
                i18n.L(
                    f"Er is geen exportformaat '{name}' (wel: {known}).",
                    f"There is no export format '{name}' (known: {known}).",
                )
            )
        kind = "table" if table is not None else "meeting" if meeting is not None else "none"
        if table is None or meeting is None:
            check_scope(exporter, kind)
        return run_export(self, exporter, resolve_scope(self, table=table, meeting=meeting))

    def plugin_dashboard_cards(self, *, failures: list | None = None) -> list[dict]:
        """The plugins' cards for the home screen, ``{"plugin": name, **card}`` each, their
        text neutralised (a card may name a record).

        With ``failures`` (a list; for a thread other than the host's, see ``reader``) a
        plugin whose hook raises is not switched off here: ``(plugin, message, exception)``
        is added to the list for ``PluginHost.report_failure`` on the host's thread."""
        if failures is None:
            found = self.plugins.call("dashboard_cards", workspace=self)
        else:
            found, failed = self.plugins.call_apart("dashboard_cards", workspace=self)
            failures.extend(failed)
        out = []
        for name, result in found:
            for card in result or []:
                out.append({"plugin": name, **neutralise_nested(dict(card))})
        return out

    def card_plugins(self) -> list[str]:
        """The plugins that have cards for the home screen (implement ``dashboard_cards``)."""
        implementers = getattr(self.plugins, "implementers", None)
        return implementers("dashboard_cards") if implementers is not None else []

    def reader(self) -> Workspace | None:
        """This workspace for another thread that only reads: the same configuration, actor
        and plugins on a connection of its own that cannot write (``Store.reading``); None
        for a database in memory (another connection would not see it). Close it there."""
        if getattr(self.store, "memory", True):
            return None
        import copy

        store = Store.reading(self.store.path)
        try:
            return Workspace(self.config, store, copy.copy(self.actor), self.plugins)
        except BaseException:
            store.close()
            raise
