"""The plugin host: finds plugins, chooses which run, configures them and keeps them apart.

::

    host = PluginHost(config)            # config: stadstafel.config.Config (or None)
    host.load()                          # discovery, selection, [plugins.<name>] settings
    ws = Workspace.open(config, plugins=host)   # applies migration_sets(), then attach(ws)
    host.call("dashboard_cards", workspace=ws)  # -> [("woningbouw", [...]), ...]

Where plugins come from (a plugin's *name* is its entry-point name or its file's stem):

- the built-in plugin ``core`` (:mod:`stadstafel.builtin`), always loaded;
- entry points in the group ``stadstafel`` (installed distributions);
- ``*.py`` files in ``[plugins] plugins_dir`` (single-file plugins; ``_*.py`` is skipped).

Which run: a plugin loads only when every switch allows it - ``$STADSTAFEL_LOAD_PLUGINS`` (a
comma list; set but empty loads none besides ``core``), ``[plugins] enabled`` (None = all) and
``[plugins] disabled``. A plugin that is not chosen is never imported.

Isolation: a plugin that fails to import, raises in a hook or has an invalid ``[plugins.<name>]``
section is recorded (status ``error``), reported in :meth:`PluginHost.problems` and switched
off; the others keep working. With ``strict=True`` such a failure raises :class:`PluginError`
instead. Two plugins registering the same screen id, command id, theme name or exporter name is
always a start-up error (:class:`PluginCollision`), raised after the host has switched the
second plugin off, so a caller that catches it still has a usable host.

``$STADSTAFEL_TRACE_PLUGINS=1`` prints every hook call (plugin, hook, duration) to stderr.

This module does not import Textual; the ``register_themes`` implementations do, and only
when :meth:`PluginHost.themes` is first called.
"""

from __future__ import annotations

import copy
import functools
import importlib
import itertools
import json
import os
import re
import sys
import time
import types
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any, NamedTuple

import pluggy

from stadstafel import __version__, hookspecs
from stadstafel.config import PluginsConfig, SchemaKey, validate_section
from stadstafel.errors import ConfigError, StadstafelError
from stadstafel.exporting import Exporter, make_exporter
from stadstafel.i18n import L

GROUP = "stadstafel"  # the entry-point group and the pluggy project name
# Vocabularies plugins may not extend: statuses with transitions in the core's services.
CLOSED_VOCABULARIES = frozenset(
    {"meeting_statuses", "agenda_statuses", "action_statuses", "initiative_statuses"}
)
# Registration hooks run when the host loads (and when a plugin is registered by hand).
LOAD_HOOKS = (
    "register_topics",
    "exporters",
    "services",
    "permissions",
    "search_kinds",
    "table_tabs",
    "record_references",
)
# Registration hooks run when what they register is first asked for, not at every start:
# ``record_labels`` (the audit screen and list) imports each plugin's service classes.
LATER_HOOKS = ("record_labels",)
BUILTIN = "core"
LOAD_ENV = "STADSTAFEL_LOAD_PLUGINS"
TRACE_ENV = "STADSTAFEL_TRACE_PLUGINS"

SOURCE_BUILTIN = "built-in"
SOURCE_ENTRY_POINT = "entry point"
SOURCE_DIR = "plugins_dir"
SOURCE_REGISTERED = "registered"  # handed over with PluginHost.register (tests, embedding)

ENABLED = "enabled"
DISABLED = "disabled"
ERROR = "error"

# What each registration kind is called in messages.
# (Dutch, English); ``kind_label`` picks the language in use
KIND_LABELS = {
    "screen": ("scherm", "screen"),
    "command": ("opdracht", "command"),
    "theme": ("thema (visueel)", "theme (visual)"),
    "exporter": ("exportformaat", "export format"),
    "service": ("service", "service"),
    "right": ("recht", "right"),
    "search": ("zoeksoort", "search kind"),
    "tab": ("tafeltab", "table tab"),
    "reference": ("verwijzing", "reference"),
    "labels": ("veldnamen", "field names"),
    "name": ("pluginnaam", "plugin name"),
}


def kind_label(kind: str) -> str:
    """What a registration kind is called, in the language in use."""
    pair = KIND_LABELS.get(kind)
    return L(*pair) if pair is not None else kind


# Registration kinds and the hooks that fill them.
_HOOK_KINDS = {
    "register_topics": ("vocabulary",),
    "exporters": ("exporter",),
    "services": ("service",),
    "permissions": ("right",),
    "search_kinds": ("search",),
    "table_tabs": ("tab",),
    "record_references": ("reference",),
    "record_labels": ("labels",),
    "register_themes": ("theme",),
    "register_screens": ("screen",),
    "register_commands": ("command",),
}


# -- errors ------------------------------------------------------------------------------
class PluginError(StadstafelError):
    """A plugin failed and the host is strict (``--strict``), or a start-up error."""

    def __init__(self, message: str, plugin: str | None = None):
        super().__init__(message)
        self.plugin = plugin


class PluginCollision(PluginError):
    """Two plugins registered the same name of the same kind; names both plugins."""

    def __init__(self, kind: str, key: str, first: str, second: str):
        self.kind = kind
        self.key = key
        self.first = first
        self.second = second
        label = kind_label(kind)
        super().__init__(
            L(
                f"naamconflict: plugins '{first}' en '{second}' registreren allebei {label}"
                f" '{key}' (zet er een uit met [plugins] disabled)",
                f"name clash: plugins '{first}' and '{second}' both register {label} '{key}'"
                f" (switch one off with [plugins] disabled)",
            ),
            plugin=second,
        )


# -- what plugins register ------------------------------------------------------------------
class ScreenEntry(NamedTuple):
    """A navigation entry. ``factory(workspace)`` returns a Textual ``Screen``."""

    id: str
    title: str
    key: str
    factory: Callable[[Any], Any]
    plugin: str


class CommandEntry(NamedTuple):
    """A command-palette command. ``callback(app)`` runs inside the app. ``title`` and
    ``help`` are texts in the session's language (``PluginHost.commands``)."""

    id: str
    title: Any  # str; as registered, a (Dutch, English) pair may be kept
    help: Any
    callback: Callable[[Any], Any]
    plugin: str


# An export format: see stadstafel.exporting for the contract.
ExporterEntry = Exporter


class ServiceEntry(NamedTuple):
    """A plugin's service: ``workspace.service(name)`` is ``factory(workspace)``, made once."""

    name: str  # "<plugin>.<short name>"
    factory: Callable[[Any], Any]
    plugin: str


class RightEntry(NamedTuple):
    """A right a plugin declares; ``roles`` as in ``stadstafel.permissions.MATRIX``."""

    name: str  # "<plugin>.<what>"
    label: tuple[str, str]
    roles: frozenset[str]
    plugin: str


class SearchKind(NamedTuple):
    """Records a plugin adds to the full-text search (``stadstafel search``, the ``/`` screen).

    ``search(workspace, query, limit)`` returns dicts with ``id``, ``title`` and ``snippet``
    (and optionally ``rank``, lower is better); ``open(app, id)`` shows one (or None)."""

    kind: str
    label: tuple[str, str]
    search: Callable[..., Any]
    open: Callable[[Any, int], Any] | None
    plugin: str


class TableTab(NamedTuple):
    """A tab on a table's screen: ``factory(workspace, table)`` returns a Textual widget;
    ``applies(workspace, table)`` says whether this table gets the tab (None: every table)."""

    id: str
    label: tuple[str, str]
    factory: Callable[[Any, Any], Any]
    applies: Callable[[Any, Any], bool] | None
    plugin: str


class RecordLabels(NamedTuple):
    """What a plugin's record type and its fields are called (Dutch, English), where the core
    shows its changes: the audit screen and ``stadstafel audit list``."""

    record: str
    label: tuple[str, str]
    fields: dict[str, tuple[str, str]]
    plugin: str

    def field(self, name: str) -> tuple[str, str] | None:
        return self.fields.get(name)


class RecordReference(NamedTuple):
    """A plugin's reference to core records by ids in a JSON list column: deleting a record
    of ``target`` is refused while ``table.column`` holds its id (``on_delete="refuse"``), or
    the id is taken out of those lists in the same transaction (``"clear"``, audited as
    ``record``)."""

    target: str
    table: str
    column: str
    label: tuple[str, str]
    record: str
    on_delete: str
    plugin: str


REFERENCE_TARGETS = ("organisations", "people", "tables")


class PluginRecord:
    """What the host knows about one plugin, loaded or not.

    A plain class, as the other records here are NamedTuples: made at every start, where a
    dataclass costs ten times as much to define."""

    def __init__(
        self,
        name: str,
        source: str,
        origin: str = "",  # module path, file path or "module (distribution version)"
        version: str | None = None,
        status: str = DISABLED,
        error: str = "",
        reason: str = "",  # why it is disabled
        hooks: list[str] | None = None,
        settings: dict | None = None,
        obj: Any = None,
        loader: Callable[[], Any] | None = None,
    ):
        self.name = name
        self.source = source
        self.origin = origin
        self.version = version
        self.status = status
        self.error = error
        self.reason = reason
        self.hooks = [] if hooks is None else hooks
        self.settings = {} if settings is None else settings
        self.obj = obj
        self.loader = loader

    def __repr__(self) -> str:
        return f"PluginRecord({self.name!r}, {self.source!r}, status={self.status!r})"

    def as_dict(self) -> dict:
        return {
            "name": self.name,
            "version": self.version or "-",
            "source": self.source,
            "origin": self.origin,
            "hooks": list(self.hooks),
            "status": self.status,
            "error": self.error,
            "reason": self.reason,
        }


# -- register objects handed to registration hooks --------------------------------------------
def _need_text(what: str, value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValueError(
            L(
                f"{what} moet een niet-lege tekst zijn, niet {value!r}",
                f"{what} must be a text that is not empty, not {value!r}",
            )
        )
    return value


_TARGET = re.compile(r"^[A-Za-z_][\w.]*:[A-Za-z_][\w.]*$")


class Deferred:
    """A callable a plugin names as ``"package.module:name"`` where a register takes a
    function or class: the module is imported on the first call, not when the plugin
    registers it, so a start imports none of what only a later step needs.

    ``module`` is that module: the app imports a screen factory's module in the user's first
    pauses after start (see ``register_screens``)."""

    __slots__ = ("_resolved", "target")

    def __init__(self, target: str):
        if not _TARGET.match(target):
            raise ValueError(
                L(
                    f"'{target}' is geen 'pakket.module:naam'",
                    f"'{target}' is not 'package.module:name'",
                )
            )
        self.target = target
        self._resolved: Callable | None = None

    @property
    def module(self) -> str:
        return self.target.partition(":")[0]

    def resolve(self) -> Callable:
        """The named object (imported now if it was not yet); a PluginError (a message, as
        when the plugin failed to load, in the UI's language) when it cannot be imported or
        called: a module may fail as it is imported with any error (a SyntaxError, its own)."""
        if self._resolved is None:
            module, _, attrs = self.target.partition(":")
            try:
                obj = functools.reduce(getattr, attrs.split("."), importlib.import_module(module))
                self._resolved = _need_callable(self.target, obj)
            except Exception as exc:
                why = _describe_exc(exc)
                raise PluginError(
                    L(
                        f"'{self.target}' laden mislukt: {why}",
                        f"'{self.target}' could not be loaded: {why}",
                    )
                ) from exc
        return self._resolved

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return self.resolve()(*args, **kwargs)

    def __repr__(self) -> str:
        return f"Deferred({self.target!r})"


def _need_callable(what: str, value: Any) -> Callable:
    """``value`` if it can be called; a ``"package.module:name"`` as a :class:`Deferred`."""
    if isinstance(value, str):
        return Deferred(value)
    if not callable(value):
        raise TypeError(
            L(
                f"{what} moet aanroepbaar zijn, niet {type(value).__name__}",
                f"{what} must be callable, not {type(value).__name__}",
            )
        )
    return value


class Register:
    """Base of the ``register`` objects: knows the host and which plugin is registering."""

    def __init__(self, host: PluginHost, plugin: str):
        self._host = host
        self.plugin = plugin

    @property
    def settings(self) -> dict:
        """The plugin's validated ``[plugins.<name>]`` settings."""
        return self._host.settings(self.plugin)

    def __repr__(self) -> str:
        return f"<{type(self).__name__} for plugin {self.plugin!r}>"


class ScreenRegister(Register):
    def __call__(self, id: str, title: str, factory: Callable, key: str = "") -> ScreenEntry:
        """Add a navigation entry; ``factory(workspace)`` returns a Textual Screen."""
        entry = ScreenEntry(
            _need_text("id", id),
            _need_text("title", title),
            key or "",
            _need_callable("factory", factory),
            self.plugin,
        )
        self._host._add_entry("screen", id, entry, self.plugin)
        return entry

    screen = __call__


class CommandRegister(Register):
    def __call__(
        self, id: str, title: str | tuple[str, str], callback: Callable, help: Any = ""
    ) -> CommandEntry:
        """Add a command-palette command; ``callback(app)`` runs inside the app. ``title`` and
        ``help`` are one text or a ``(Dutch, English)`` pair, shown in the language of the
        moment (a switch of language in the app included)."""
        entry = CommandEntry(
            _need_text("id", id),
            _need_text("title", title) if isinstance(title, str) else _pair("title", title),
            _pair("help", help) if help and not isinstance(help, str) else help or "",
            _need_callable("callback", callback),
            self.plugin,
        )
        self._host._add_entry("command", id, entry, self.plugin)
        return entry

    command = __call__


class ThemeRegister(Register):
    def __call__(self, theme: Any) -> Any:
        """Add a ``textual.theme.Theme``."""
        name = getattr(theme, "name", None)
        _need_text("theme.name", name)
        self._host._add_entry("theme", name, theme, self.plugin)
        return theme

    theme = __call__

    def derive(self, base: str, name: str, **changes: Any) -> Any:
        """Add theme ``name`` made from registered theme ``base`` (a core one, say) with
        ``changes`` (``primary=...``, ``variables={...}`` added to the base's)."""
        import dataclasses

        found = self._host._entries["theme"].get(_need_text("base", base))
        if found is None:
            raise ValueError(
                L(
                    f"er is geen thema '{base}' om van af te leiden",
                    f"there is no theme '{base}' to derive from",
                )
            )
        original = found[1]
        variables = {**(original.variables or {}), **changes.pop("variables", {})}
        theme = dataclasses.replace(original, name=name, variables=variables, **changes)
        return self(theme)

    def extend(self, theme: str, variables: Mapping[str, str]) -> None:
        """Add CSS variables (``{"woningbouw-delivered": "#1D6B30"}``) to theme ``theme``, for
        the plugin's widgets' ``DEFAULT_CSS`` (``$woningbouw-delivered``). A variable the
        theme already has is not replaced: the name must start with ``<plugin>-``."""
        _need_text("theme", theme)
        prefix = f"{self.plugin}-"
        for key in variables:
            if self.plugin != BUILTIN and not str(key).startswith(prefix):
                raise ValueError(
                    L(
                        f"themavariabele '{key}' moet beginnen met '{prefix}'",
                        f"theme variable '{key}' must start with '{prefix}'",
                    )
                )
        self._host._theme_extensions.append((self.plugin, theme, dict(variables)))


class TopicRegister(Register):
    def topic(self, *names: str) -> None:
        """Add domain topics (thema's), e.g. ``register.topic("woningbouw")``."""
        self.vocabulary("topics", *names)

    __call__ = topic

    def vocabulary(self, name: str, *values: str) -> None:
        """Add values to a named vocabulary, e.g. ``("organisation_kinds", "netbeheerder")``.

        The status vocabularies drive the core's state machines and stay closed."""
        _need_text("vocabulary name", name)
        if name in CLOSED_VOCABULARIES and self.plugin != BUILTIN:
            raise ValueError(
                L(
                    f"woordenlijst '{name}' is gesloten: statussen horen bij de kern",
                    f"vocabulary '{name}' is closed: statuses belong to the core",
                )
            )
        for value in values:
            self._host._add_vocabulary(name, _need_text(f"value in {name}", value), self.plugin)


class ExporterRegister(Register):
    def __call__(
        self,
        name: str,
        function: Callable,
        *,
        label: str | tuple[str, str] | None = None,
        media_type: str = "application/octet-stream",
        suffix: str = "bin",
        scopes: Iterable[str] = ("none",),
    ) -> Exporter:
        """Add an export format; ``function(workspace, scope)`` -> bytes. See
        :mod:`stadstafel.exporting` for the contract."""
        entry = make_exporter(
            self.plugin,
            name,
            function,
            label=label,
            media_type=media_type,
            suffix=suffix,
            scopes=scopes,
        )
        self._host._add_entry("exporter", name, entry, self.plugin)
        return entry

    exporter = __call__


def _pair(what: str, label: Any) -> tuple[str, str]:
    """A ``(Dutch, English)`` label; one text serves both."""
    if isinstance(label, str):
        label = (label, label)
    if not isinstance(label, tuple | list) or len(label) != 2:
        raise ValueError(
            L(
                f"{what} moet (nederlands, engels) zijn, niet {label!r}",
                f"{what} must be (Dutch, English), not {label!r}",
            )
        )
    return (_need_text(what, label[0]), _need_text(what, label[1]))


def _in_language(text: str | tuple[str, str]) -> str:
    """One text, or the one of a ``(Dutch, English)`` pair for the language of the moment."""
    return text if isinstance(text, str) else L(*text)


def _own_name(plugin: str, what: str, name: str) -> str:
    """``name`` must start with ``<plugin>.`` (the core's names are free)."""
    _need_text(what, name)
    if plugin != BUILTIN and not name.startswith(f"{plugin}."):
        raise ValueError(
            L(
                f"{what} '{name}' moet beginnen met '{plugin}.'",
                f"{what} '{name}' must start with '{plugin}.'",
            )
        )
    return name


class ServiceRegister(Register):
    def __call__(self, name: str, factory: Callable) -> ServiceEntry:
        """Add a service: ``workspace.service("<plugin>.<name>")`` is ``factory(workspace)``."""
        full = f"{self.plugin}.{_need_text('name', name)}"
        entry = ServiceEntry(full, _need_callable("factory", factory), self.plugin)
        self._host._add_entry("service", full, entry, self.plugin)
        return entry

    service = __call__


class RightRegister(Register):
    def __call__(
        self, name: str, *, label: Any, roles: Iterable[str] = ("beheerder",)
    ) -> RightEntry:
        """Declare a right ``<plugin>.<what>``; ``roles`` by default, ``[plugins.<name>.rights]``
        in the configuration overrides them."""
        from stadstafel.permissions import ROLES

        full = _own_name(self.plugin, kind_label("right"), name)
        configured = self._host._right_roles.get(self.plugin, {}).get(full)
        # a beheerder may do everything, a plugin's rights included
        chosen = frozenset(configured if configured is not None else roles) | {"beheerder"}
        unknown = sorted(r for r in chosen if r.partition(":")[0] not in ROLES)
        if unknown:
            raise ValueError(
                L(
                    f"recht '{full}': onbekende rol(len) {', '.join(unknown)}",
                    f"right '{full}': unknown role(s) {', '.join(unknown)}",
                )
            )
        entry = RightEntry(full, _pair("label", label), chosen, self.plugin)
        self._host._add_entry("right", full, entry, self.plugin)
        return entry

    right = __call__


class SearchRegister(Register):
    def __call__(
        self, kind: str, search: Callable, *, label: Any, open: Callable | None = None
    ) -> SearchKind:
        """Add a search kind: ``search(workspace, query, limit)`` -> ``[{id, title, snippet}]``."""
        entry = SearchKind(
            _own_name(self.plugin, kind_label("search"), kind),
            _pair("label", label),
            _need_callable("search", search),
            _need_callable("open", open) if open is not None else None,
            self.plugin,
        )
        self._host._add_entry("search", kind, entry, self.plugin)
        return entry

    kind = __call__


class TabRegister(Register):
    def __call__(
        self, id: str, factory: Callable, *, label: Any, applies: Callable | None = None
    ) -> TableTab:
        """Add a tab to a table's screen: ``factory(workspace, table)`` -> Textual widget."""
        entry = TableTab(
            _own_name(self.plugin, "tab", id),
            _pair("label", label),
            _need_callable("factory", factory),
            _need_callable("applies", applies) if applies is not None else None,
            self.plugin,
        )
        self._host._add_entry("tab", id, entry, self.plugin)
        return entry

    tab = __call__


class ReferenceRegister(Register):
    def __call__(
        self,
        target: str,
        table: str,
        column: str,
        *,
        label: Any,
        record: str | None = None,
        on_delete: str = "refuse",
    ) -> RecordReference:
        """Declare that ``table.column`` (a JSON list of ids) refers to records of ``target``."""
        if target not in REFERENCE_TARGETS:
            raise ValueError(
                L(
                    f"verwijzing naar '{target}': kies uit {', '.join(REFERENCE_TARGETS)}",
                    f"reference to '{target}': choose from {', '.join(REFERENCE_TARGETS)}",
                )
            )
        prefix = table_prefix(self.plugin)
        if not _need_text("table", table).startswith(prefix):
            raise ValueError(
                L(
                    f"verwijzing: tabel '{table}' moet beginnen met '{prefix}'",
                    f"reference: table '{table}' must start with '{prefix}'",
                )
            )
        if on_delete not in ("refuse", "clear"):
            raise ValueError(
                L(
                    f"verwijzing: on_delete '{on_delete}' moet refuse of clear zijn",
                    f"reference: on_delete '{on_delete}' must be refuse or clear",
                )
            )
        entry = RecordReference(
            target,
            table,
            _need_text("column", column),
            _pair("label", label),
            record or table,
            on_delete,
            self.plugin,
        )
        self._host._add_entry("reference", f"{table}.{column}", entry, self.plugin)
        return entry

    reference = __call__


class LabelRegister(Register):
    def __call__(
        self, record: str, *, label: Any, fields: Mapping[str, Any] | None = None
    ) -> RecordLabels:
        """Name the record type ``record`` (as its audit rows carry it) and its fields."""
        prefix = table_prefix(self.plugin)
        if not _need_text("record", record).startswith(prefix):
            raise ValueError(
                L(
                    f"veldnamen: soort '{record}' moet beginnen met '{prefix}'",
                    f"field names: kind '{record}' must start with '{prefix}'",
                )
            )
        named = {
            _need_text("field", k): _pair(L(f"veld {k}", f"field {k}"), v)
            for k, v in (fields or {}).items()
        }
        entry = RecordLabels(record, _pair("label", label), named, self.plugin)
        self._host._add_entry("labels", record, entry, self.plugin)
        from stadstafel import i18n

        i18n.register_labels(records={record: entry.label})  # i18n.record_label knows it
        return entry

    def service(self, service: Any, *, fields: Mapping[str, Any] | None = None) -> RecordLabels:
        """The names a ``Service`` class declares: its ``record``, ``record_label`` and the
        ``label`` of each of its ``fields``; ``fields`` adds (or overrides) labels for columns
        it does not declare (ones it sets itself)."""
        declared = getattr(service, "fields", None)
        declared = declared if isinstance(declared, Mapping) else {}
        named = {name: f.label for name, f in declared.items() if getattr(f, "label", None)}
        return self(
            service.record,
            label=service.record_label or service.record,
            fields={**named, **(fields or {})},
        )


_REGISTERS: dict[str, type[Register]] = {
    "register_topics": TopicRegister,
    "exporters": ExporterRegister,
    "services": ServiceRegister,
    "permissions": RightRegister,
    "search_kinds": SearchRegister,
    "table_tabs": TabRegister,
    "record_references": ReferenceRegister,
    "record_labels": LabelRegister,
    "register_themes": ThemeRegister,
    "register_screens": ScreenRegister,
    "register_commands": CommandRegister,
}


# -- helpers ----------------------------------------------------------------------------------
_file_counter = itertools.count(1)


class EntryPoint(NamedTuple):
    """One entry point of an installed distribution: ``value`` is ``module[:attr.attr]``."""

    name: str
    value: str
    dist_name: str
    version: str

    def load(self) -> Any:
        module, _, attrs = self.value.partition("[")[0].strip().partition(":")
        obj = importlib.import_module(module.strip())
        return functools.reduce(getattr, filter(None, attrs.strip().split(".")), obj)


def entry_points(
    group: str, path: Iterable[str] | None = None, *, read: list[str] | None = None
) -> list[EntryPoint]:
    """The entry points of ``group`` of every distribution installed on ``path`` (sys.path).

    What ``importlib.metadata.entry_points(group=group)`` gives, read straight from each
    ``*.dist-info/entry_points.txt`` (the first distribution of a name wins, as there), without
    importing importlib.metadata and the e-mail parser it brings: 15-20 ms of every start.
    ``read``: gets the files the entry points and their distributions' versions came from.
    """
    found: list[EntryPoint] = []
    seen: set[str] = set()
    for folder in sys.path if path is None else path:
        try:
            names = sorted(os.listdir(folder or "."))
        except OSError:  # not a directory (a zip file, a missing folder)
            continue
        for name in names:
            if not name.endswith((".dist-info", ".egg-info")):
                continue
            key = re.sub(r"[-_.]+", "_", name.rpartition(".")[0].partition("-")[0]).lower()
            if key in seen:
                continue
            seen.add(key)
            meta = os.path.join(folder or ".", name)
            try:
                with open(os.path.join(meta, "entry_points.txt"), encoding="utf-8") as f:
                    points = _ini_section(f.read(), group)
            except OSError:
                continue
            if points:
                dist_name, version = _name_and_version(meta)
                found += [EntryPoint(n, v, dist_name, version) for n, v in points]
                if read is not None:
                    read += [os.path.join(meta, n) for n in ("entry_points.txt", "METADATA")]
    return found


KEPT_ENTRY_POINTS = "entry-points.json"


def entry_points_kept(group: str, file: Path | None) -> list[EntryPoint]:
    """``entry_points(group)`` as the last start read it (kept in ``file``,
    ``stadstafel.kept``) while nothing it was read from changed: the folders on ``sys.path``
    (installing or removing a distribution changes its folder) and the plugins' own
    ``entry_points.txt`` and ``METADATA``. Else read again, and kept. Reading the 60
    distributions of a deployment is 1-2 ms of every start; 20 ``stat`` calls are not."""
    from stadstafel import kept

    data = kept.read(file)
    if data:
        try:
            found = json.loads(data)
            if found["group"] == group and found["stamp"] == _changed_at(found["read"]):
                return [EntryPoint(*point) for point in found["points"]]
        except Exception:  # not ours, half-written: read again
            pass
    read: list[str] = []
    points = entry_points(group, read=read)
    stamp = _changed_at(read)
    data = {"group": group, "read": read, "stamp": stamp, "points": points}
    kept.write(file, json.dumps(data).encode())
    return points


def _changed_at(files: list[str]) -> list:
    """When each folder on sys.path and each of ``files`` last changed (None: missing)."""

    def changed(name: str) -> int | None:
        try:
            return os.stat(name).st_mtime_ns
        except OSError:
            return None

    return [[name, changed(name or ".")] for name in [*sys.path, *files]]


def _ini_section(text: str, section: str) -> list[tuple[str, str]]:
    """``name = value`` lines of one ``[section]`` of an entry_points.txt."""
    out, inside = [], False
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith(("#", ";")):
            continue
        if line.startswith("[") and line.endswith("]"):
            inside = line[1:-1].strip() == section
        elif inside and "=" in line:
            name, _, value = line.partition("=")
            out.append((name.strip(), value.strip()))
    return out


def _name_and_version(meta: str) -> tuple[str, str]:
    """Name and Version from the header of a distribution's METADATA (or PKG-INFO)."""
    fields: dict[str, str] = {}
    for file in ("METADATA", "PKG-INFO"):
        try:
            with open(os.path.join(meta, file), encoding="utf-8") as f:
                for line in f:
                    if not line.strip():
                        break  # the header ends at the first blank line
                    key, _, value = line.partition(":")
                    if key in ("Name", "Version"):
                        fields.setdefault(key, value.strip())
        except OSError:
            continue
        break
    stem = os.path.basename(meta).rpartition(".")[0]
    name, _, rest = stem.partition("-")
    return fields.get("Name", name), fields.get("Version", rest.partition("-")[0])


def _import_file(path: Path, name: str) -> Any:
    """Import a single-file plugin by path under a module name no other import uses."""
    import importlib.util  # only for a plugins folder: not part of an ordinary start

    safe = re.sub(r"\W", "_", name)
    module_name = f"stadstafel_plugins_dir.{safe}_{next(_file_counter)}"
    spec = importlib.util.spec_from_file_location(module_name, path)
    if spec is None or spec.loader is None:
        raise ImportError(L(f"{path} is geen Python-module", f"{path} is not a Python module"))
    module = importlib.util.module_from_spec(spec)
    sys.modules[module_name] = module
    try:
        spec.loader.exec_module(module)
    except BaseException:
        sys.modules.pop(module_name, None)
        raise
    return module


def _describe_exc(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {text[0]}" if text else type(exc).__name__


def _guard_command(command: Any, plugin: str) -> None:
    """Make a plugin's click command (and its subcommands) end in a message, never in a
    traceback: an exception that is not click's own, a StadstafelError or a database or file
    fault (which ``stadstafel.start.main`` reports) becomes a PluginError naming the plugin
    (exit 2). A value of the plugin's settings it cannot use is the usual cause."""
    import sqlite3

    import click

    passes = (click.exceptions.ClickException, click.exceptions.Exit, click.exceptions.Abort,
              StadstafelError, OSError, sqlite3.Error)  # fmt: skip
    callback = getattr(command, "callback", None)
    if callback is not None and not getattr(callback, "_stadstafel_guarded", False):

        def guarded(*args: Any, **kwargs: Any) -> Any:
            try:
                return callback(*args, **kwargs)
            except passes:
                raise
            except Exception as exc:
                raise PluginError(f"plugin '{plugin}': {_describe_exc(exc)}", plugin) from exc

        guarded._stadstafel_guarded = True  # type: ignore[attr-defined]
        guarded.__doc__ = callback.__doc__
        command.callback = guarded
    for sub in (getattr(command, "commands", None) or {}).values():
        _guard_command(sub, plugin)


def _as_schema(result: Any) -> dict[str, SchemaKey]:
    """A plugin's ``config_schema()`` result as SchemaKeys (plain dicts are accepted)."""
    if not isinstance(result, Mapping):
        raise TypeError(
            L(
                f"config_schema() gaf {type(result).__name__}, geen dict",
                f"config_schema() returned {type(result).__name__}, not a dict",
            )
        )
    schema: dict[str, SchemaKey] = {}
    for key, spec in result.items():
        if not isinstance(key, str) or not key:
            raise TypeError(
                L(
                    f"config_schema(): sleutel {key!r} is geen tekst",
                    f"config_schema(): key {key!r} is not a text",
                )
            )
        if isinstance(spec, SchemaKey):
            schema[key] = spec
        elif isinstance(spec, Mapping):
            schema[key] = SchemaKey(**spec)
        else:
            raise TypeError(
                L(
                    f"config_schema(): '{key}' is {type(spec).__name__}, geen SchemaKey of dict",
                    f"config_schema(): '{key}' is {type(spec).__name__}, not a SchemaKey or dict",
                )
            )
    return schema


def table_prefix(name: str) -> str:
    """The prefix every table of plugin ``name`` must carry: ``regionale-economie`` ->
    ``regionale_economie_``."""
    return re.sub(r"\W", "_", name.replace("-", "_")) + "_"


def migration_set_name(name: str) -> str:
    """The name plugin ``name``'s ``sqlite_utils.Migrations`` set must have."""
    return f"stadstafel-{name}"


def check_migrations(migrations: Any, name: str) -> list[str]:
    """Apply the core schema and ``migrations`` to an in-memory database; list what is wrong.

    A helper for plugin authors' tests: an empty list means the set is named
    ``stadstafel-<name>``, applies cleanly, and creates only tables prefixed ``<name>_``.
    """
    from sqlite_utils import Database, Migrations

    from stadstafel.migrations import core

    if not isinstance(migrations, Migrations):
        return [
            L(
                f"{type(migrations).__name__} is geen sqlite_utils.Migrations",
                f"{type(migrations).__name__} is not sqlite_utils.Migrations",
            )
        ]
    problems = []
    expected = migration_set_name(name)
    if migrations.name != expected:
        problems.append(
            L(
                f"de migratieset heet '{migrations.name}', verwacht '{expected}'",
                f"the migration set is named '{migrations.name}', expected '{expected}'",
            )
        )
    db = Database(memory=True)
    core.apply(db)
    before = set(db.table_names())
    try:
        migrations.apply(db)
    except Exception as exc:
        return [
            *problems,
            L(f"toepassen mislukt: {_describe_exc(exc)}", f"applying failed: {_describe_exc(exc)}"),
        ]
    prefix = table_prefix(name)
    for table in sorted(set(db.table_names()) - before):
        if not table.startswith(prefix) and not table.startswith(("_", "sqlite_")):
            problems.append(
                L(
                    f"tabel '{table}' begint niet met '{prefix}'",
                    f"table '{table}' does not start with '{prefix}'",
                )
            )
    return problems


# -- the host ---------------------------------------------------------------------------------
class PluginHost:
    """Discovers, selects, configures and calls plugins; see the module docstring.

    ``load_entry_points=False`` skips installed distributions (tests use it, or set
    ``STADSTAFEL_LOAD_PLUGINS`` to an empty value). ``kept_entry_points``: a file where the
    entry points found are kept for the next start (``entry_points_kept``; the command's).
    """

    def __init__(
        self,
        config: Any = None,
        strict: bool = False,
        env: Mapping[str, str] = os.environ,
        *,
        load_entry_points: bool = True,
        kept_entry_points: Path | None = None,
    ):
        self.config = config
        self.kept_entry_points = kept_entry_points  # entry_points_kept's file, or None
        self.strict = strict
        self.env = env
        self.load_entry_points = load_entry_points
        self.pm = pluggy.PluginManager(GROUP)
        self.pm.add_hookspecs(hookspecs)
        self.workspace: Any = None
        plugins = getattr(config, "plugins", None)
        self.plugin_config = plugins if plugins is not None else PluginsConfig()
        self._enabled: list[str] | None = getattr(self.plugin_config, "enabled", None)
        self._disabled: list[str] = list(getattr(self.plugin_config, "disabled", None) or [])
        self._plugins_dir = getattr(self.plugin_config, "plugins_dir", None)
        self._raw_settings: dict = dict(getattr(self.plugin_config, "settings", None) or {})
        source = getattr(config, "source", None)
        self.config_file = str(source) if source else "<configuration>"
        self._records: dict[str, PluginRecord] = {}
        self._problems: list[str] = []
        self._entries: dict[str, dict[str, tuple[str, Any]]] = {
            kind: {}
            for kind in (
                "screen",
                "command",
                "theme",
                "exporter",
                "service",
                "right",
                "search",
                "tab",
                "reference",
                "labels",
            )
        }
        self._vocab: dict[str, list[tuple[str, str]]] = {}
        self._secrets: dict[str, set[str]] = {}
        self._right_roles: dict[str, dict[str, list[str]]] = {}  # [plugins.<name>.rights]
        self._theme_extensions: list[tuple[str, str, dict]] = []  # (plugin, theme, variables)
        self._collisions: list[PluginCollision] = []
        self._cli_owners: dict[str, str] = {}
        # Every [plugins.<name>] section a plugin cannot use (``config check`` exits 2).
        self.config_errors: list[ConfigError] = []
        self._loaded = False
        self._themes_collected = False
        self._later_collected: set[str] = set()  # which of LATER_HOOKS have run
        self._trace = env.get(TRACE_ENV, "") not in ("", "0")
        if self._trace:
            self.pm.add_hookcall_monitoring(self._trace_before, self._trace_after)

    def __repr__(self) -> str:
        return f"<PluginHost {', '.join(self.enabled_names()) or '-'}>"

    # -- loading ------------------------------------------------------------------------------
    def load(self) -> PluginHost:
        """Discover and load the chosen plugins; validate their settings; collect topics and
        exporters. Raises PluginCollision (after switching the later plugin off) on a name
        clash, and PluginError on any plugin failure when strict. Safe to call twice."""
        if self._loaded:
            return self
        self._loaded = True
        from stadstafel import builtin

        core = PluginRecord(
            BUILTIN,
            SOURCE_BUILTIN,
            origin=builtin.__name__,
            version=__version__,
            loader=lambda: builtin,
        )
        self._records[BUILTIN] = core
        self._load_one(core)

        env_names = self._env_names()
        wanted = set(env_names or ()) | set(self._enabled or ())
        seen: set[str] = set()
        for record in self._discover():
            seen.add(record.name)
            if record.name == BUILTIN:
                self._problem(
                    L(
                        f"plugin '{BUILTIN}' uit {record.origin} genegeerd: die naam is"
                        " voorbehouden aan de ingebouwde plugin",
                        f"plugin '{BUILTIN}' from {record.origin} ignored: that name is"
                        " reserved for the built-in plugin",
                    )
                )
                continue
            reason = self._not_chosen(record.name, env_names)
            if record.name in self._records:
                if reason is None:
                    other = self._records[record.name]
                    self._collision(
                        PluginCollision(
                            "name",
                            record.name,
                            f"{other.origin} ({other.source})",
                            f"{record.origin} ({record.source})",
                        )
                    )
                continue
            self._records[record.name] = record
            if reason is not None:
                record.reason = reason
                continue
            self._load_one(record)
        for name in sorted(wanted - seen - {BUILTIN}):
            where = f"${LOAD_ENV}" if name in (env_names or ()) else "[plugins] enabled"
            self._problem(
                L(
                    f"plugin '{name}' staat in {where}, maar is niet gevonden",
                    f"plugin '{name}' is in {where}, but was not found",
                )
            )
        if BUILTIN in self._disabled:
            self._problem(
                L(
                    f"plugin '{BUILTIN}' is ingebouwd en kan niet uit; genegeerd",
                    f"plugin '{BUILTIN}' is built in and cannot be switched off; ignored",
                )
            )
        for hook in LOAD_HOOKS:
            self._collect(hook)
        self._raise_collisions()
        return self

    def _ensure_loaded(self) -> None:
        if not self._loaded:
            self.load()

    def _env_names(self) -> list[str] | None:
        value = self.env.get(LOAD_ENV)
        if value is None:
            return None
        return [n.strip() for n in value.split(",") if n.strip()]

    def _not_chosen(self, name: str, env_names: list[str] | None) -> str | None:
        if env_names is not None and name not in env_names:
            return L(f"niet in ${LOAD_ENV}", f"not in ${LOAD_ENV}")
        if name in self._disabled:
            return L("uitgezet in [plugins] disabled", "switched off in [plugins] disabled")
        if self._enabled is not None and name not in self._enabled:
            return L("niet in [plugins] enabled", "not in [plugins] enabled")
        return None

    def _discover(self) -> Iterable[PluginRecord]:
        if self.load_entry_points:
            try:
                kept = self.kept_entry_points
                found = entry_points(GROUP) if kept is None else entry_points_kept(GROUP, kept)
                points = sorted(found, key=lambda e: e.name)
            except Exception as exc:  # broken metadata of some distribution
                self._problem(
                    L(
                        f"entry points lezen mislukt: {_describe_exc(exc)}",
                        f"reading entry points failed: {_describe_exc(exc)}",
                    )
                )
                points = []
            for ep in points:
                yield PluginRecord(
                    ep.name,
                    SOURCE_ENTRY_POINT,
                    origin=f"{ep.value} ({ep.dist_name} {ep.version})",
                    version=ep.version,
                    loader=ep.load,
                )
        if self._plugins_dir is not None:
            folder = Path(self._plugins_dir)
            if not folder.is_dir():
                self._problem(
                    L(
                        f"plugins_dir {folder} bestaat niet of is geen map",
                        f"plugins_dir {folder} does not exist or is not a folder",
                    )
                )
                return
            for path in sorted(folder.glob("*.py")):
                if path.name.startswith("_"):
                    continue
                yield PluginRecord(
                    path.stem,
                    SOURCE_DIR,
                    origin=str(path),
                    loader=lambda path=path: _import_file(path, path.stem),
                )

    def _load_one(self, record: PluginRecord) -> None:
        """Import (or take) the plugin object, register it, validate its settings."""
        start = time.perf_counter()
        try:
            assert record.loader is not None
            obj = record.loader()
        except (Exception, SystemExit) as exc:
            self._fail(
                record.name,
                L(
                    f"importeren mislukt: {_describe_exc(exc)}",
                    f"import failed: {_describe_exc(exc)}",
                ),
                exc,
            )
            return
        finally:
            if self._trace:
                ms = (time.perf_counter() - start) * 1000
                self._print_trace(f"plugin={record.name} laden {ms:.2f} ms")
        record.obj = obj
        if not record.version:
            version = getattr(obj, "__version__", None)
            record.version = str(version) if version else None
        try:
            self.pm.register(obj, name=record.name)
        except Exception as exc:
            self._fail(
                record.name,
                L(
                    f"registreren mislukt: {_describe_exc(exc)}",
                    f"registration failed: {_describe_exc(exc)}",
                ),
                exc,
            )
            return
        callers = self.pm.get_hookcallers(obj) or []
        unknown = [
            c.name
            for c in callers
            if not c.has_spec()
            and any(i.plugin is obj and not i.optionalhook for i in c.get_hookimpls())
        ]
        record.hooks = sorted(c.name for c in callers)
        if unknown:
            self._fail(
                record.name,
                L(
                    f"onbekende hook: {', '.join(sorted(unknown))}",
                    f"unknown hook: {', '.join(sorted(unknown))}",
                ),
            )
            return
        wrappers = [
            c.name
            for c in callers
            if any(i.plugin is obj and (i.hookwrapper or i.wrapper) for i in c.get_hookimpls())
        ]
        if wrappers:
            self._fail(
                record.name,
                L(
                    f"hook-wrappers worden niet ondersteund: {', '.join(wrappers)}",
                    f"hook wrappers are not supported: {', '.join(wrappers)}",
                ),
            )
            return
        record.status = ENABLED
        record.error = ""
        self._configure(record)

    def _configure(self, record: PluginRecord) -> None:
        """Validate ``[plugins.<name>]`` against the plugin's ``config_schema()``."""
        schema: dict[str, SchemaKey] = {}
        impl = self._impl(record.name, "config_schema")
        if impl is not None:
            ok, result = self._invoke(impl, "config_schema", {})
            if not ok:
                return
            if result is not None:
                try:
                    schema = _as_schema(result)
                except (TypeError, ValueError) as exc:
                    self._fail(
                        record.name,
                        L(f"config_schema ongeldig: {exc}", f"config_schema not valid: {exc}"),
                        exc,
                    )
                    return
        raw = self._raw_settings.get(record.name)
        if isinstance(raw, Mapping) and "rights" in raw:
            raw = dict(raw)
            rights = raw.pop("rights")
            if not isinstance(rights, Mapping) or not all(
                isinstance(v, list) and all(isinstance(r, str) for r in v) for v in rights.values()
            ):
                exc = ConfigError(
                    self.config_file or "",
                    f"plugins.{record.name}.rights",
                    "a table of right = [roles]",
                    repr(rights),
                )
                self._fail(
                    record.name,
                    L(
                        f"ongeldige configuratie: {exc.message}",
                        f"configuration not valid: {exc.message}",
                    ),
                    exc,
                )
                return
            self._right_roles[record.name] = {k: list(v) for k, v in rights.items()}
        secrets: set[str] = set()
        self._secrets[record.name] = secrets
        try:
            record.settings = validate_section(
                raw, schema, file=self.config_file, prefix=f"plugins.{record.name}", secrets=secrets
            )
            self._check_settings(record)
        except ConfigError as exc:
            self.config_errors.append(exc)
            self._fail(
                record.name,
                L(
                    f"ongeldige configuratie: {exc.message}",
                    f"configuration not valid: {exc.message}",
                ),
                exc,
            )

    def _check_settings(self, record: PluginRecord) -> None:
        """The plugin's own check of its validated settings (``check_settings`` hook), as a
        ConfigError naming ``plugins.<name>.<key>``, what was expected and what was found."""
        impl = self._impl(record.name, "check_settings")
        if impl is None:
            return
        prefix = f"plugins.{record.name}"
        try:
            impl.function(*[{"settings": dict(record.settings)}[a] for a in impl.argnames])
        except ConfigError:
            raise
        except Exception as exc:
            key = str(getattr(exc, "key", "") or "")
            if key.startswith(prefix + "."):
                key = key[len(prefix) + 1 :]
            expected = getattr(exc, "expected", None)
            found = getattr(exc, "found", None)
            if expected is None or found is None:
                expected, found = "a value the plugin can use", _describe_exc(exc)
            raise ConfigError(
                self.config_file, f"{prefix}.{key}" if key else prefix, str(expected), str(found)
            ) from exc

    # -- failures -----------------------------------------------------------------------------
    def _problem(self, text: str) -> None:
        if text not in self._problems:
            self._problems.append(text)

    def _fail(
        self,
        name: str,
        message: str,
        exc: BaseException | None = None,
        error: PluginError | None = None,
    ) -> None:
        """Record a plugin failure, switch the plugin off; raise when strict."""
        record = self._records.get(name)
        text = f"plugin '{name}': {message}"
        self._problem(text)
        if record is not None:
            record.status = ERROR
            record.error = message
            record.settings = {}
        self._switch_off(name)
        if self.strict:
            raise (error or PluginError(text, plugin=name)) from exc

    def _switch_off(self, name: str) -> None:
        if self.pm.get_plugin(name) is not None:
            self.pm.unregister(name=name)
        self._drop(name)

    def _drop(self, name: str, kinds: Iterable[str] | None = None) -> None:
        kinds = list(kinds) if kinds is not None else [*self._entries, "vocabulary"]
        if "theme" in kinds:
            self._theme_extensions = [e for e in self._theme_extensions if e[0] != name]
        for kind in kinds:
            if kind == "vocabulary":
                for vocab_name, values in self._vocab.items():
                    self._vocab[vocab_name] = [(p, v) for p, v in values if p != name]
            else:
                entries = self._entries[kind]
                for key in [k for k, (p, _) in entries.items() if p == name]:
                    del entries[key]

    def _collision(self, collision: PluginCollision) -> None:
        self._collisions.append(collision)
        if collision.kind == "name":
            self._problem(str(collision))
            if self.strict:
                raise collision

    def _raise_collisions(self) -> None:
        collisions, self._collisions = self._collisions, []
        for c in collisions:
            if c.kind != "name" and c.second in self._records:
                self._fail(c.second, str(c), error=c)
        if collisions:
            raise collisions[0]

    # -- calling ------------------------------------------------------------------------------
    def _order(self, impl: Any) -> tuple[int, int]:
        names = list(self._records)
        index = names.index(impl.plugin_name) if impl.plugin_name in names else len(names)
        first = 0 if impl.tryfirst else 2 if impl.trylast else 1
        return (first, index)

    def _impls(self, hook: str) -> list[Any]:
        caller = getattr(self.pm.hook, hook, None)
        if caller is None or not caller.has_spec():
            raise ValueError(L(f"onbekende hook '{hook}'", f"unknown hook '{hook}'"))
        return sorted(caller.get_hookimpls(), key=self._order)

    def _impl(self, name: str, hook: str) -> Any:
        for impl in self._impls(hook):
            if impl.plugin_name == name:
                return impl
        return None

    def _invoke(
        self, impl: Any, hook: str, kwargs: Mapping[str, Any], *, apart: bool = False
    ) -> tuple[bool, Any]:
        """Call one plugin's implementation; a failure switches that plugin off (``apart``:
        it is returned as ``(False, (message, exception))`` for ``report_failure`` instead)."""
        start = time.perf_counter()
        failed = ""
        try:
            return True, impl.function(*[kwargs[a] for a in impl.argnames])
        except Exception as exc:
            failed = _describe_exc(exc)
            if apart:
                return False, (
                    L(f"hook {hook} faalde: {failed}", f"hook {hook} failed: {failed}"),
                    exc,
                )
            self._fail(
                impl.plugin_name,
                L(f"hook {hook} faalde: {failed}", f"hook {hook} failed: {failed}"),
                exc,
            )
            return False, None
        finally:
            if self._trace:
                ms = (time.perf_counter() - start) * 1000
                note = f" FOUT {failed}" if failed else ""
                self._print_trace(f"plugin={impl.plugin_name} hook={hook} {ms:.2f} ms{note}")

    def call(self, hook: str, **kwargs: Any) -> list[tuple[str, Any]]:
        """Call ``hook`` on every enabled plugin: ``[(plugin name, result)]``, Nones left out.

        A plugin that raises is reported and switched off (PluginError when strict); the other
        plugins are still called.
        """
        return self._call(hook, kwargs, apart=None)

    def call_apart(
        self, hook: str, **kwargs: Any
    ) -> tuple[list[tuple[str, Any]], list[tuple[str, str, Exception]]]:
        """``call`` for another thread than the host's: the results, and each plugin that
        raised as ``(plugin name, message, exception)``, neither reported nor switched off
        here (the host is not changed from two threads): the host's thread passes them to
        ``report_failure``."""
        failures: list[tuple[str, str, Exception]] = []
        return self._call(hook, kwargs, apart=failures), failures

    def report_failure(self, plugin: str, message: str, exc: BaseException | None = None) -> None:
        """A failure ``call_apart`` returned, as ``call`` reports its own: the plugin is
        switched off and its problem listed (PluginError when strict)."""
        self._fail(plugin, message, exc)

    def implementers(self, hook: str) -> list[str]:
        """The enabled plugins that implement ``hook``, in the order ``call`` calls them."""
        self._ensure_loaded()
        return [impl.plugin_name for impl in self._impls(hook)]

    def _call(
        self, hook: str, kwargs: Mapping[str, Any], *, apart: list | None
    ) -> list[tuple[str, Any]]:
        self._ensure_loaded()
        impls = self._impls(hook)
        spec = getattr(self.pm.hook, hook).spec
        missing = [a for a in spec.argnames if a not in kwargs]
        if missing:
            raise TypeError(
                L(
                    f"hook {hook} mist argument(en): {', '.join(missing)}",
                    f"hook {hook} is missing argument(s): {', '.join(missing)}",
                )
            )
        out = []
        for impl in impls:
            if self.pm.get_plugin(impl.plugin_name) is None:
                continue  # switched off by an earlier failure in this same call
            ok, result = self._invoke(impl, hook, kwargs, apart=apart is not None)
            if ok and result is not None:
                out.append((impl.plugin_name, result))
            elif not ok and apart is not None:
                apart.append((impl.plugin_name, *result))
        return out

    # -- tracing ------------------------------------------------------------------------------
    def _print_trace(self, text: str) -> None:
        print(f"[stadstafel-trace] {text}", file=sys.stderr, flush=True)

    def _trace_before(self, hook_name: str, impls: Any, kwargs: Any) -> None:
        names = ", ".join(i.plugin_name for i in impls) or "-"
        self._print_trace(f"pm.hook.{hook_name} -> {names}")

    def _trace_after(self, outcome: Any, hook_name: str, impls: Any, kwargs: Any) -> None:
        error = outcome.exception
        note = f" FOUT {_describe_exc(error)}" if error else ""
        self._print_trace(f"pm.hook.{hook_name} klaar{note}")

    # -- registrations ------------------------------------------------------------------------
    def _add_entry(self, kind: str, key: str, entry: Any, plugin: str) -> None:
        entries = self._entries[kind]
        if key in entries:
            owner = entries[key][0]
            if owner == plugin:
                raise ValueError(
                    L(
                        f"{kind_label(kind)} '{key}' is twee keer geregistreerd",
                        f"{kind_label(kind)} '{key}' is registered twice",
                    )
                )
            self._collisions.append(PluginCollision(kind, key, owner, plugin))
            return
        entries[key] = (plugin, entry)

    def _add_vocabulary(self, name: str, value: str, plugin: str) -> None:
        self._vocab.setdefault(name, []).append((plugin, value))

    def _collect(self, hook: str, names: Iterable[str] | None = None, **kwargs: Any) -> None:
        """Run a registration hook for the given (default: all enabled) plugins."""
        chosen = set(names) if names is not None else None
        for impl in self._impls(hook):
            name = impl.plugin_name
            if (chosen is not None and name not in chosen) or self.pm.get_plugin(name) is None:
                continue
            self._drop(name, _HOOK_KINDS[hook])
            register = _REGISTERS[hook](self, name)
            self._invoke(impl, hook, {"register": register, **kwargs})

    def attach(self, workspace: Any) -> None:
        """Bind a workspace: plugins register their screens and commands for it."""
        self._ensure_loaded()
        self.workspace = workspace
        self._collect("register_screens", workspace=workspace)
        self._collect("register_commands", workspace=workspace)
        self._raise_collisions()

    def _values(self, kind: str) -> list[Any]:
        return [entry for _, entry in self._entries[kind].values()]

    def screens(self) -> list[ScreenEntry]:
        """Navigation entries of the enabled plugins (after :meth:`attach`)."""
        self._ensure_loaded()
        return self._values("screen")

    def commands(self) -> list[CommandEntry]:
        """Command-palette commands of the enabled plugins (after :meth:`attach`), their
        titles and help in the language of the moment."""
        self._ensure_loaded()
        return [
            entry._replace(title=_in_language(entry.title), help=_in_language(entry.help))
            for entry in self._values("command")
        ]

    def themes(self) -> list[Any]:
        """The ``textual.theme.Theme``s of the enabled plugins, the core's first.

        The first call runs ``register_themes`` (importing Textual) and may raise
        PluginCollision; call it before starting the app.
        """
        self._ensure_loaded()
        if not self._themes_collected:
            self._themes_collected = True
            self._collect("register_themes")
            self._raise_collisions()
        return [self._extended(theme) for theme in self._values("theme")]

    def _extended(self, theme: Any) -> Any:
        """``theme`` with the variables enabled plugins added to it (``register.extend``)."""
        import dataclasses

        added: dict[str, str] = {}
        for plugin, name, variables in self._theme_extensions:
            if name in (theme.name, "*") and self.is_enabled(plugin):
                added.update({k: v for k, v in variables.items() if k not in added})
        if not added:
            return theme
        variables = {**added, **(theme.variables or {})}
        return dataclasses.replace(theme, variables=variables)

    def exporters(self) -> list[Exporter]:
        """The export formats of the enabled plugins (the core's first)."""
        self._ensure_loaded()
        return self._values("exporter")

    def exporter(self, name: str) -> Exporter | None:
        self._ensure_loaded()
        found = self._entries["exporter"].get(name)
        return found[1] if found else None

    def service_entry(self, name: str) -> ServiceEntry | None:
        """The service registered as ``<plugin>.<name>`` (None when there is none)."""
        self._ensure_loaded()
        found = self._entries["service"].get(name)
        return found[1] if found else None

    def services(self) -> list[ServiceEntry]:
        self._ensure_loaded()
        return self._values("service")

    def rights(self) -> list[RightEntry]:
        """The rights the enabled plugins declared (with the configured roles)."""
        self._ensure_loaded()
        return self._values("right")

    def search_kinds(self) -> list[SearchKind]:
        self._ensure_loaded()
        return self._values("search")

    def table_tabs(self) -> list[TableTab]:
        self._ensure_loaded()
        return self._values("tab")

    def record_references(self, target: str | None = None) -> list[RecordReference]:
        """What the enabled plugins declared to refer to ``target`` (default: everything)."""
        self._ensure_loaded()
        return [r for r in self._values("reference") if target is None or r.target == target]

    def _collect_later(self, hook: str) -> None:
        """Run one of LATER_HOOKS for every enabled plugin, the first time it is needed."""
        self._ensure_loaded()
        if hook not in self._later_collected:
            self._later_collected.add(hook)
            self._collect(hook)
            self._raise_collisions()

    def record_labels(self, record: str) -> RecordLabels | None:
        """What an enabled plugin named the record type ``record`` and its fields."""
        self._collect_later("record_labels")
        found = self._entries["labels"].get(record)
        return found[1] if found else None

    def right(self, name: str) -> RightEntry | None:
        """The right a plugin declared as ``name`` (None when there is none)."""
        self._ensure_loaded()
        found = self._entries["right"].get(name)
        return found[1] if found else None

    def vocabulary(self, name: str) -> list[str]:
        """Values the enabled plugins added to vocabulary ``name`` (duplicates merged)."""
        self._ensure_loaded()
        seen: set[str] = set()
        out = []
        for _plugin, value in self._vocab.get(name, []):
            folded = value.casefold()
            if folded not in seen:
                seen.add(folded)
                out.append(value)
        return out

    def topics(self) -> list[str]:
        """The domain topics (thema's) the enabled plugins registered."""
        return self.vocabulary("topics")

    def add_cli_commands(self, cli: Any) -> None:
        """Let plugins add subcommands to the click group ``cli`` (``cli_commands`` hook).

        A plugin that adds a name that is already taken is reported and switched off, and the
        original command is kept.
        """
        self._ensure_loaded()
        for impl in self._impls("cli_commands"):
            name = impl.plugin_name
            if self.pm.get_plugin(name) is None:
                continue
            before = dict(cli.commands)
            ok, _ = self._invoke(impl, "cli_commands", {"cli": cli})
            clashes = sorted(n for n, c in before.items() if cli.commands.get(n) is not c)
            added = [n for n in cli.commands if n not in before]
            if not ok or clashes:
                for n in added:
                    del cli.commands[n]
                cli.commands.update(before)
                if ok:
                    owner = self._cli_owners.get(clashes[0], BUILTIN)
                    self._fail(
                        name,
                        L(
                            f"opdracht 'stadstafel {clashes[0]}' bestaat al (van '{owner}')",
                            f"command 'stadstafel {clashes[0]}' exists already (from '{owner}')",
                        ),
                    )
                continue
            for n in added:
                self._cli_owners[n] = name
                _guard_command(cli.commands[n], name)

    # -- data ---------------------------------------------------------------------------------
    def migration_sets(self) -> list[Any]:
        """Each enabled plugin's ``sqlite_utils.Migrations`` set (named ``stadstafel-<name>``).

        A set with another name, or something else than a Migrations set, switches the plugin
        off. Disabled plugins' sets are left alone, so their data stays.
        """
        from sqlite_utils import Migrations

        sets = []
        for name, result in self.call("migrations"):
            if not isinstance(result, Migrations):
                found = type(result).__name__
                self._fail(
                    name,
                    L(
                        f"migrations() gaf {found}, geen sqlite_utils.Migrations",
                        f"migrations() returned {found}, not sqlite_utils.Migrations",
                    ),
                )
                continue
            expected = migration_set_name(name)
            if result.name != expected:
                self._fail(
                    name,
                    L(
                        f"de migratieset heet '{result.name}', verwacht '{expected}'",
                        f"the migration set is named '{result.name}', expected '{expected}'",
                    ),
                )
                continue
            sets.append(result)
        return sets

    # -- configuration ----------------------------------------------------------------------
    def settings(self, name: str) -> dict:
        """Plugin ``name``'s validated ``[plugins.<name>]`` settings, defaults filled in."""
        self._ensure_loaded()
        record = self._records.get(name)
        return copy.deepcopy(record.settings) if record is not None else {}

    def secret_keys(self) -> set[str]:
        """Dotted paths (``plugins.woningbouw.api_token``) of settings marked secret."""
        self._ensure_loaded()
        return set().union(*self._secrets.values()) if self._secrets else set()

    # -- reporting ----------------------------------------------------------------------------
    def problems(self) -> list[str]:
        """Human-readable notices: failed plugins, unknown sections, names not found."""
        out = list(self._problems)
        for name in self._raw_settings:
            if self._loaded and name not in self._records:
                out.append(
                    f"[plugins.{name}] in {self.config_file}: er is geen plugin '{name}'"
                    " geïnstalleerd; de sectie wordt genegeerd"
                )
        return out

    def info(self) -> list[dict]:
        """One dict per plugin: name, version, source, origin, hooks, status, error, reason."""
        self._ensure_loaded()
        return [record.as_dict() for record in self._records.values()]

    def record(self, name: str) -> PluginRecord | None:
        return self._records.get(name)

    def enabled_names(self) -> list[str]:
        return [n for n, r in self._records.items() if r.status == ENABLED]

    def schema_key(self) -> str | None:
        """What of the plugins decides the schema, for ``Store``'s schema stamp: each enabled
        plugin's name, version and the size and time of the file that defines it (a plugin
        that gains a ``migrations`` hook changes that file). None when a file cannot be told."""
        self._ensure_loaded()
        key = []
        for name in sorted(self.enabled_names()):
            record = self._records[name]
            obj = record.obj
            if not isinstance(obj, types.ModuleType):
                obj = sys.modules.get(getattr(obj, "__module__", None) or type(obj).__module__)
            path = getattr(obj, "__file__", None)
            try:
                st = os.stat(path) if path else None
            except OSError:
                st = None
            if st is None:
                return None
            key.append([name, record.version, path, st.st_mtime_ns, st.st_size])
        return json.dumps(key)

    def is_enabled(self, name: str) -> bool:
        record = self._records.get(name)
        return record is not None and record.status == ENABLED

    # -- for tests and embedding ----------------------------------------------------------
    def register(self, obj: Any, name: str) -> PluginRecord:
        """Register a plugin object (a module, class or instance with hookimpls) by hand.

        It is configured and its registration hooks run as if it had been discovered (its
        screens and commands when a workspace is attached, its themes when themes were asked
        for). May raise PluginCollision, after which the host is still usable.
        """
        self._ensure_loaded()
        if name in self._records and self._records[name].status == ENABLED:
            raise ValueError(
                L(f"er is al een plugin '{name}' geladen", f"a plugin '{name}' is loaded already")
            )
        origin = getattr(obj, "__name__", None) or type(obj).__name__
        record = PluginRecord(name, SOURCE_REGISTERED, origin=origin, loader=lambda: obj)
        self._records[name] = record
        self._load_one(record)
        if record.status == ENABLED:
            for hook in (*LOAD_HOOKS, *(h for h in LATER_HOOKS if h in self._later_collected)):
                self._collect(hook, [name])
            if self._themes_collected:
                self._collect("register_themes", [name])
            if self.workspace is not None:
                self._collect("register_screens", [name], workspace=self.workspace)
                self._collect("register_commands", [name], workspace=self.workspace)
        self._raise_collisions()
        return record

    def unregister(self, name: str) -> None:
        """Switch plugin ``name`` off and forget what it registered."""
        record = self._records.get(name)
        self._switch_off(name)
        self._secrets.pop(name, None)
        for command, owner in list(self._cli_owners.items()):
            if owner == name:
                del self._cli_owners[command]
        if record is None:
            return
        if record.source == SOURCE_REGISTERED:
            del self._records[name]
        else:
            record.status = DISABLED
            record.settings = {}
