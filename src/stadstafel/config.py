"""Configuration: find, read, validate and show the TOML file; per-user settings.

Lookup order (first match wins):

1. ``--config PATH`` (``explicit``);
2. ``$STADSTAFEL_CONFIG``;
3. ``$XDG_CONFIG_HOME/stadstafel/config.toml`` (``~/.config/...``) when that file exists;
4. built-in defaults: the database is ``$XDG_DATA_HOME/stadstafel/stadstafel.db``.

An explicit path (1 or 2) that does not exist is an error, never a silent fallback.

Every problem raises :class:`~stadstafel.errors.ConfigError` naming the file, the dotted key
path (``ui.language``, ``users.jdevries.role``, ``plugins.enabled[1]``), what was expected and
what was found. Values may come from the environment with ``{ env = "NAME" }``; such values,
and values of keys whose name contains ``password``, ``token`` or ``secret``, are hidden by
:func:`show`.

The admin's deployment file is never rewritten. What a user changes from the app (theme,
language, keymap) goes to a small per-user settings file, see :func:`save_user_settings`.

Only the standard library and ``tomli_w`` are used here; no Textual.
"""

from __future__ import annotations

import copy
import datetime as dt
import difflib
import os
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, NamedTuple

from stadstafel.errors import ConfigError
from stadstafel.i18n import LANGUAGES
from stadstafel.kept import parse_toml

CONFIG_ENV = "STADSTAFEL_CONFIG"
CONFIG_NAME = "config.toml"  # under $XDG_CONFIG_HOME/stadstafel/
STARTER_NAME = "stadstafel.toml"  # written by write_starter (``stadstafel init``)
SETTINGS_NAME = "settings.toml"  # per-user settings under $XDG_CONFIG_HOME/stadstafel/
DATABASE_NAME = "stadstafel.db"
MEMORY = ":memory:"

USER_ROLES = ("beheerder", "gebruiker", "lezer")
SECRET_WORDS = ("password", "token", "secret")
HIDDEN = "***"


class _Required:
    """Marker for a schema key that has no default and must be present."""

    def __repr__(self) -> str:
        return "REQUIRED"


REQUIRED: Any = _Required()


# -- data ---------------------------------------------------------------------------------
# The records below are NamedTuples and a plain class, not dataclasses: they are made at every
# start, and a dataclass costs ten times as much to define (its methods are compiled then).
class UserConfig(NamedTuple):
    login: str
    person: str | None = None  # the person's e-mail or exact name in the workspace
    role: str = "gebruiker"  # "beheerder" | "gebruiker" | "lezer"


class PluginsConfig(NamedTuple):
    enabled: Sequence[str] | None = None  # None = all discovered plugins
    disabled: Sequence[str] = ()
    plugins_dir: Path | None = None  # resolved relative to the config file's folder
    settings: Mapping[str, dict] = {}  # raw [plugins.<name>] tables (read, never changed)


class FilesConfig(NamedTuple):
    """The folders a path typed by a user may name (``stadstafel.files``). None = the default:
    imports and exports under ``$XDG_DATA_HOME/stadstafel/``; backups anywhere the beheerder
    names."""

    imports: Path | None = None
    exports: Path | None = None
    backups: Path | None = None


class Config:
    """The validated configuration (``parse_config``); settings may change it at run time."""

    def __init__(
        self,
        source: Path | None = None,  # the file it came from; None = built-in defaults
        database: Path | None = None,  # None: in memory
        workspace_name: str = "stadstafel",
        create_database: bool = False,  # [workspace] create: make a missing database file
        language: str = "nl",
        theme: str = "stadstafel",
        keymap: dict[str, str] | None = None,  # binding id -> keys
        service_accounts: list[str] | None = None,  # OS logins allowed to use --as
        idle_timeout_minutes: int = 0,  # 0 = never
        users: dict[str, UserConfig] | None = None,
        plugins: PluginsConfig | None = None,
        meetings: dict | None = None,  # [meetings]: deadlines, holidays, standard agenda
        files: FilesConfig | None = None,
        secrets: set[str] | None = None,  # dotted key paths of secret values
        raw: dict | None = None,  # the parsed TOML, env references resolved
        exports: dict | None = None,  # [exports]: base_url, odt_template (a Path), ...
        attachments: dict | None = None,  # [attachments]: max_mb, types
    ):
        self.source = source
        self.database = Path(MEMORY) if database is None else database
        self.workspace_name = workspace_name
        self.create_database = create_database
        self.language = language
        self.theme = theme
        self.keymap = {} if keymap is None else keymap
        self.service_accounts = [] if service_accounts is None else service_accounts
        self.idle_timeout_minutes = idle_timeout_minutes
        self.users = {} if users is None else users
        self.plugins = PluginsConfig() if plugins is None else plugins
        self.meetings = dict(MEETINGS_DEFAULTS) if meetings is None else meetings
        self.files = FilesConfig() if files is None else files
        self.secrets = set() if secrets is None else secrets
        self.raw = {} if raw is None else raw
        self.exports = {k: v.default for k, v in EXPORTS_SCHEMA.items()}
        self.exports.update(exports or {})
        self.attachments = {k: v.default for k, v in ATTACHMENTS_SCHEMA.items()}
        self.attachments.update(attachments or {})

    def __repr__(self) -> str:
        return f"Config(source={self.source!r}, database={self.database!r})"

    def replace(self, **changes: Any) -> Config:
        """A shallow copy with ``changes`` applied."""
        new = copy.copy(self)
        for name, value in changes.items():
            if not hasattr(new, name):
                raise TypeError(f"Config has no setting '{name}'")
            setattr(new, name, value)
        return new


class SchemaKey(NamedTuple):
    """One key of a TOML section: its type, default and documentation.

    ``type`` is one of ``str``, ``int``, ``float``, ``bool``, ``list``, ``dict`` (or a date/time
    type). ``bool`` is never accepted for ``int``; an ``int`` is accepted for ``float``.
    ``item`` optionally types the elements of a list or the values of a table. ``choices``
    limits the value (or, for a list, each element). ``default=REQUIRED`` makes the key
    mandatory. ``secret`` hides the value in :func:`show` and in error messages.
    """

    type: type
    default: Any = None
    description: str = ""
    secret: bool = False
    choices: list | tuple | None = None
    item: type | None = None


# -- schemas of the core sections -----------------------------------------------------------
WORKSPACE_SCHEMA = {
    "name": SchemaKey(str, "stadstafel", "Name of the workspace, shown in the header."),
    "database": SchemaKey(
        str,
        None,
        "SQLite file, relative to the config file's folder. "
        "Default: $XDG_DATA_HOME/stadstafel/stadstafel.db.",
    ),
    "create": SchemaKey(
        bool,
        False,
        "Create the database file when it is missing or empty (otherwise that is an error).",
    ),
}
UI_SCHEMA = {
    "language": SchemaKey(str, "nl", "Language of the interface.", choices=list(LANGUAGES)),
    "theme": SchemaKey(str, "stadstafel", "Visual theme (plugins may add themes)."),
    "keymap": SchemaKey(dict, {}, 'Binding id -> keys, e.g. "partners.new" = "ctrl+n".', item=str),
}
SSH_SCHEMA = {
    "service_accounts": SchemaKey(
        list, [], "Shared OS logins whose SSH keys may select a user with --as.", item=str
    ),
    "idle_timeout_minutes": SchemaKey(int, 0, "End an idle session after this many minutes."),
}
USER_SCHEMA = {
    "person": SchemaKey(str, None, "The person's e-mail or exact name in the workspace."),
    "role": SchemaKey(str, "gebruiker", "Global role.", choices=list(USER_ROLES)),
    "language": SchemaKey(
        str,
        None,
        "The user's language for reminders (default: [ui] language).",
        choices=list(LANGUAGES),
    ),
}
PLUGINS_SCHEMA = {
    "enabled": SchemaKey(list, None, "Plugins to load (default: all discovered).", item=str),
    "disabled": SchemaKey(list, [], "Plugins never to load.", item=str),
    "plugins_dir": SchemaKey(str, None, "Folder of single-file plugins."),
}
MEETINGS_SCHEMA = {
    "deadline_working_days": SchemaKey(
        int, 5, "Items are due this many working days before a meeting (a table may differ)."
    ),
    "deadline_time": SchemaKey(str, "17:00", "The hour of the submission deadline (HH:MM)."),
    "holidays": SchemaKey(
        list,
        [],
        "Days that are not working days, as ISO dates (e.g. the Dutch public holidays).",
        item=str,
    ),
    "standard_agenda": SchemaKey(
        list,
        [],
        "Titles every new meeting's agenda starts with, unless the table has its own.",
        item=str,
    ),
}
MEETINGS_DEFAULTS = {key: spec.default for key, spec in MEETINGS_SCHEMA.items()}
EXPORTS_SCHEMA = {
    "base_url": SchemaKey(
        str,
        None,
        "Address of this deployment in a browser, e.g. https://tafels.leiden.nl; exports then"
        " link back to each meeting (calendar URL, open data). Unset: no links.",
    ),
    "odt_template": SchemaKey(
        str,
        None,
        "House style for ODT documents: an .ott (or .odt) file whose styles and page layout"
        " the documents take, relative to the config file's folder.",
    ),
    "open_data_names": SchemaKey(
        bool,
        False,
        "Put people's names (representatives, signatories) in the open-data export.",
    ),
}
ATTACHMENT_TYPES = [
    "application/pdf",
    "application/vnd.oasis.opendocument.text",
    "application/vnd.oasis.opendocument.spreadsheet",
    "application/vnd.oasis.opendocument.presentation",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "image/png",
    "image/jpeg",
    "text/plain",
    "text/csv",
]
ATTACHMENTS_SCHEMA = {
    "max_mb": SchemaKey(int, 20, "Largest document a person may attach to an agenda item, in MB."),
    "types": SchemaKey(
        list,
        ATTACHMENT_TYPES,
        "Media types that may be attached (recognised from the content, not the name).",
        item=str,
    ),
}
FILES_SCHEMA = {
    "imports": SchemaKey(
        str,
        None,
        "Folder that imports read from; a file name typed by a user is looked up here. "
        "Default: $XDG_DATA_HOME/stadstafel/imports.",
    ),
    "exports": SchemaKey(
        str,
        None,
        "Folder that exports write to (also the app's exports, which otherwise go to the "
        "user's downloads folder). Default: $XDG_DATA_HOME/stadstafel/exports.",
    ),
    "backups": SchemaKey(
        str,
        None,
        "Folder that `stadstafel backup` and `restore` are limited to. "
        "Default: any path the beheerder names.",
    ),
}
SETTINGS_SCHEMA = {
    "language": SchemaKey(str, None, "Language of the interface.", choices=list(LANGUAGES)),
    "theme": SchemaKey(str, None, "Visual theme."),
    "keymap": SchemaKey(dict, None, "Binding id -> keys.", item=str),
}
SECTIONS = (
    "workspace",
    "ui",
    "ssh",
    "meetings",
    "users",
    "plugins",
    "serve",
    "mail",
    "files",
    "exports",
    "attachments",
)


# -- describing values and keys -------------------------------------------------------------
_BARE_KEY = re.compile(r"^[A-Za-z0-9_-]+$")
_TYPE_NAMES = {
    str: "a string",
    int: "an integer",
    float: "a number",
    bool: "true or false",
    list: "an array",
    dict: "a table",
    dt.datetime: "a date and time",
    dt.date: "a date",
    dt.time: "a time",
}


def _key(prefix: str, key: str | int) -> str:
    """Join a dotted key path; integers are array indexes, odd keys are quoted TOML-style."""
    if isinstance(key, int):
        return f"{prefix}[{key}]"
    part = key if _BARE_KEY.match(key) else '"' + key.replace('"', '\\"') + '"'
    return f"{prefix}.{part}" if prefix else part


def _type_name(t: type) -> str:
    return _TYPE_NAMES.get(t, f"a {t.__name__}")


def _describe(value: Any, *, hide: bool = False) -> str:
    """What was found, for an error message; ``hide`` leaves out the value itself."""
    if isinstance(value, bool):
        return "a boolean" if hide else f"the boolean {str(value).lower()}"
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, list):
        return f"an array of {len(value)} item{'s' if len(value) != 1 else ''}"
    for t in (int, float, dt.datetime, dt.date, dt.time):
        if isinstance(value, t):
            name = _type_name(t)
            return name if hide else f"{name} {value}"
    if isinstance(value, str):
        if hide:
            return "a string"
        shown = value if len(value) <= 60 else value[:57] + "..."
        return f'the string "{shown}"'
    return f"a {type(value).__name__}"


def _is_secret_name(key: str) -> bool:
    low = key.lower()
    return any(word in low for word in SECRET_WORDS)


def _unknown(key: str, known: list[str] | tuple[str, ...], what: str = "key") -> str:
    found = f'an unknown {what} "{key}"'
    close = [k for k in known if k.lower() == key.lower()] or difflib.get_close_matches(
        key, list(known), n=1
    )
    if close:
        found += f' (did you mean "{close[0]}"?)'
    return found


# -- generic validation (reused by plugins for [plugins.<name>]) ---------------------------
def _check_type(value: Any, t: type, *, file: str, key: str, hide: bool) -> Any:
    """Return ``value`` if it is of type ``t`` (an int is widened to float), else raise."""
    if t is float and isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    ok = isinstance(value, t) and not (t is not bool and isinstance(value, bool))
    if t is dt.date and isinstance(value, dt.datetime):
        ok = False
    if not ok:
        raise ConfigError(file, key, _type_name(t), _describe(value, hide=hide))
    return value


def _check_choice(value: Any, choices: list | tuple, *, file: str, key: str, hide: bool) -> None:
    if value not in choices:
        expected = "one of " + ", ".join(
            f'"{c}"' if isinstance(c, str) else str(c) for c in choices
        )
        raise ConfigError(file, key, expected, _describe(value, hide=hide))


def validate_section(
    data: Mapping[str, Any] | None,
    schema: Mapping[str, SchemaKey],
    *,
    file: str,
    prefix: str,
    secrets: set[str] | None = None,
) -> dict:
    """Validate one TOML table against ``schema``; return a cleaned copy with defaults applied.

    Rejects unknown keys (matched case-sensitively), wrong types (``true`` is not an integer),
    values outside ``choices`` and missing ``REQUIRED`` keys, each as a ConfigError naming
    ``file`` and the dotted key path under ``prefix``. When ``secrets`` is given, the paths of
    keys marked ``secret`` (or named like a secret) are added to it.
    """
    if data is None:
        data = {}
    if not isinstance(data, Mapping):
        raise ConfigError(file, prefix, "a table", _describe(data))
    unknown = [k for k in data if k not in schema]
    if unknown:
        k = unknown[0]
        expected = "one of the keys " + ", ".join(schema) if schema else "no keys"
        raise ConfigError(file, _key(prefix, k), expected, _unknown(k, list(schema)))
    out: dict[str, Any] = {}
    for name, spec in schema.items():
        key = _key(prefix, name)
        hide = spec.secret or _is_secret_name(name) or (secrets is not None and key in secrets)
        if spec.secret and secrets is not None:
            secrets.add(key)
        if name not in data:
            if spec.default is REQUIRED:
                raise ConfigError(file, key, _type_name(spec.type), "nothing (the key is missing)")
            out[name] = copy.deepcopy(spec.default)
            continue
        value = _check_type(data[name], spec.type, file=file, key=key, hide=hide)
        if isinstance(value, list):
            value = list(value)
            for i, element in enumerate(value):
                if spec.item is not None:
                    value[i] = _check_type(
                        element, spec.item, file=file, key=_key(key, i), hide=hide
                    )
                if spec.choices is not None:
                    _check_choice(element, spec.choices, file=file, key=_key(key, i), hide=hide)
        elif isinstance(value, dict):
            value = dict(value)
            if spec.item is not None:
                for k, v in value.items():
                    value[k] = _check_type(v, spec.item, file=file, key=_key(key, k), hide=hide)
        elif spec.choices is not None:
            _check_choice(value, spec.choices, file=file, key=key, hide=hide)
        out[name] = value
    return out


# -- environment references -----------------------------------------------------------------
def _is_env_ref(value: Any) -> bool:
    return isinstance(value, dict) and len(value) == 1 and "env" in value


def resolve_env(
    value: Any, key_path: str, file: str, env: Mapping[str, str], secrets: set[str] | None = None
) -> Any:
    """Replace every ``{ env = "NAME" }`` in ``value`` (recursively) by that variable's value.

    The result is always a string. An unset variable is a ConfigError naming ``key_path``. When
    ``secrets`` is given, the paths of resolved values are added to it.
    """
    if _is_env_ref(value):
        name = value["env"]
        if not isinstance(name, str) or not name:
            raise ConfigError(
                file, _key(key_path, "env"), "the name of an environment variable", _describe(name)
            )
        if name not in env:
            raise ConfigError(
                file,
                key_path,
                f'environment variable {name} to be set (from {{ env = "{name}" }})',
                "it is not set",
            )
        if secrets is not None:
            secrets.add(key_path)
        return env[name]
    if isinstance(value, dict):
        return {k: resolve_env(v, _key(key_path, k), file, env, secrets) for k, v in value.items()}
    if isinstance(value, list):
        return [resolve_env(v, _key(key_path, i), file, env, secrets) for i, v in enumerate(value)]
    return value


def _secret_names(value: Any, key_path: str, secrets: set[str]) -> None:
    """Add the paths of values whose key is named like a secret."""
    if isinstance(value, dict):
        for k, v in value.items():
            path = _key(key_path, k)
            if _is_secret_name(k) and not isinstance(v, dict):
                secrets.add(path)
            _secret_names(v, path, secrets)
    elif isinstance(value, list):
        for i, v in enumerate(value):
            _secret_names(v, _key(key_path, i), secrets)


# -- paths ----------------------------------------------------------------------------------
def _home(env: Mapping[str, str]) -> Path:
    return Path(env["HOME"]) if env.get("HOME") else Path.home()


def _xdg(env: Mapping[str, str], name: str, default: str) -> Path:
    value = env.get(name)
    # The XDG spec says relative paths are invalid and must be ignored.
    if value and Path(value).is_absolute():
        return Path(value)
    return _home(env) / default


def config_home(env: Mapping[str, str] = os.environ) -> Path:
    """``$XDG_CONFIG_HOME/stadstafel`` (default ``~/.config/stadstafel``)."""
    return _xdg(env, "XDG_CONFIG_HOME", ".config") / "stadstafel"


def data_dir(env: Mapping[str, str] = os.environ) -> Path:
    """``$XDG_DATA_HOME/stadstafel`` (default ``~/.local/share/stadstafel``)."""
    return _xdg(env, "XDG_DATA_HOME", ".local/share") / "stadstafel"


def cache_dir(env: Mapping[str, str] = os.environ) -> Path:
    """``$XDG_CACHE_HOME/stadstafel`` (default ``~/.cache/stadstafel``): what a start keeps
    for the next one (``stadstafel.tui.css_cache``), rebuilt when missing."""
    return _xdg(env, "XDG_CACHE_HOME", ".cache") / "stadstafel"


def _expand(value: str, base: Path, env: Mapping[str, str]) -> Path:
    home = value == "~" or value.startswith("~/")
    path = _home(env) / value[2:] if home else Path(value)
    if not path.is_absolute():
        path = base / path
    return Path(os.path.normpath(path))


def _default_database(file: str, env: Mapping[str, str]) -> Path:
    folder = data_dir(env)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ConfigError(
            file, "workspace.database", f"a writable data folder {folder}", _os_reason(exc)
        ) from exc
    return folder / DATABASE_NAME


def _os_reason(exc: OSError) -> str:
    return (exc.strerror or str(exc)).lower()


# -- finding and reading ----------------------------------------------------------------------
def _existing_file(path: Path, how: str) -> Path:
    if "\x00" in str(path):
        shown = str(path).replace("\x00", "\\0")
        raise ConfigError(shown, "", f"a configuration file name ({how})", "a NUL character in it")
    if not path.exists():
        raise ConfigError(str(path), "", f"an existing configuration file ({how})", "no such file")
    if path.is_dir():
        raise ConfigError(str(path), "", f"a configuration file ({how})", "a directory")
    return path.absolute()


def find_config(
    explicit: str | Path | None = None, env: Mapping[str, str] = os.environ
) -> Path | None:
    """The configuration file to use, or None for built-in defaults (see the module doc)."""
    if explicit is not None and str(explicit) != "":
        return _existing_file(Path(explicit).expanduser(), "--config")
    from_env = env.get(CONFIG_ENV)
    if from_env:
        return _existing_file(Path(from_env).expanduser(), f"${CONFIG_ENV}")
    candidate = config_home(env) / CONFIG_NAME
    if candidate.is_file():
        return candidate.absolute()
    return None


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise ConfigError(str(path), "", "a readable file", _os_reason(exc)) from exc


def _line_col(text: str, index: int) -> str:
    line = text.count("\n", 0, index) + 1
    col = index - (text.rfind("\n", 0, index) + 1) + 1
    return f"{line}:{col}"


_POSITION = re.compile(r"\s*\(at (?:line (\d+), column (\d+)|end of document)\)\s*$")


def _loads(data: str | bytes, file: str) -> dict:
    if isinstance(data, bytes):
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            good = data[: exc.start].decode("utf-8")
            raise ConfigError(
                file,
                _line_col(good, len(good)),
                "UTF-8 text",
                f"the byte 0x{data[exc.start]:02x}, which is not UTF-8 (save the file as UTF-8)",
            ) from exc
    else:
        text = data
    text = text.removeprefix("\ufeff")  # a byte-order mark, as some Windows editors write
    try:
        return parse_toml(text)  # tomllib's, kept from the last start (stadstafel.kept)
    except RecursionError:
        raise ConfigError(
            file, "", "valid TOML", "arrays or tables nested too deeply to read"
        ) from None
    except ValueError as exc:  # tomllib.TOMLDecodeError (imported only when it parsed)
        if type(exc).__name__ != "TOMLDecodeError":
            raise
        message = str(exc)
        match = _POSITION.search(message)
        if match and match.group(1):
            where = f"{match.group(1)}:{match.group(2)}"
        else:
            where = _line_col(text, len(text))
        if match:
            message = message[: match.start()]
        raise ConfigError(file, where, "valid TOML", f'"{message}"') from exc


# -- parsing ------------------------------------------------------------------------------------
def _label(source: Path | None) -> str:
    return str(source) if source is not None else "<configuration>"


def parse_config(
    data: str | bytes | Mapping[str, Any],
    source: Path | None = None,
    env: Mapping[str, str] = os.environ,
) -> Config:
    """Validate TOML text (or an already parsed dict) into a Config.

    Relative paths are taken relative to ``source``'s folder (or the current folder).
    """
    try:
        return _parse_config(data, source, env)
    except RecursionError:  # e.g. a.b.c.… a thousand levels deep, which TOML itself allows
        raise ConfigError(
            _label(source), "", "a configuration", "tables or arrays nested too deeply to read"
        ) from None


def _parse_config(
    data: str | bytes | Mapping[str, Any], source: Path | None, env: Mapping[str, str]
) -> Config:
    file = _label(source)
    base = source.parent if source is not None else Path.cwd()
    doc = _loads(data, file) if isinstance(data, str | bytes) else copy.deepcopy(dict(data))

    secrets: set[str] = set()
    raw = resolve_env(doc, "", file, env, secrets)
    _secret_names(raw, "", secrets)

    for name, value in raw.items():
        if name not in SECTIONS:
            expected = "one of the sections " + ", ".join(f"[{s}]" for s in SECTIONS)
            what = "section" if isinstance(value, dict) else "key outside any section"
            raise ConfigError(file, _key("", name), expected, _unknown(name, SECTIONS, what))

    def section(name: str, schema: dict[str, SchemaKey], data: Any = None) -> dict:
        value = raw.get(name) if data is None else data
        return validate_section(value, schema, file=file, prefix=name, secrets=secrets)

    # [workspace]
    workspace = section("workspace", WORKSPACE_SCHEMA)
    if not workspace["name"].strip():
        raise ConfigError(file, "workspace.name", "a non-empty name", 'the string ""')
    database = _database(workspace["database"], base, file, env, secrets)

    # [ui]
    ui = section("ui", UI_SCHEMA)

    # [ssh]
    ssh = section("ssh", SSH_SCHEMA)
    for i, account in enumerate(ssh["service_accounts"]):
        if not account.strip():
            raise ConfigError(
                file, _key("ssh.service_accounts", i), "an OS login name", 'the string ""'
            )
    if ssh["idle_timeout_minutes"] < 0:
        raise ConfigError(
            file,
            "ssh.idle_timeout_minutes",
            "a number of minutes, 0 (never) or more",
            _describe(ssh["idle_timeout_minutes"]),
        )

    # [meetings]
    meetings = section("meetings", MEETINGS_SCHEMA)
    if not re.fullmatch(r"([01][0-9]|2[0-3]):[0-5][0-9]", meetings["deadline_time"]):
        raise ConfigError(
            file, "meetings.deadline_time", "a time HH:MM", _describe(meetings["deadline_time"])
        )
    if meetings["deadline_working_days"] < 0:
        raise ConfigError(
            file,
            "meetings.deadline_working_days",
            "0 or more working days",
            _describe(meetings["deadline_working_days"]),
        )
    for i, day in enumerate(meetings["holidays"]):
        try:
            dt.date.fromisoformat(day)
        except ValueError:
            raise ConfigError(
                file, _key("meetings.holidays", i), "a date YYYY-MM-DD", _describe(day)
            ) from None

    # [users.<login>]
    users_raw = raw.get("users", {})
    if not isinstance(users_raw, dict):
        raise ConfigError(file, "users", "a table of [users.<login>] tables", _describe(users_raw))
    users: dict[str, UserConfig] = {}
    for login, table in users_raw.items():
        path = _key("users", login)
        if not isinstance(table, dict):
            raise ConfigError(file, path, f"a table [{path}]", _describe(table))
        user = validate_section(table, USER_SCHEMA, file=file, prefix=path, secrets=secrets)
        users[login] = UserConfig(login=login, person=user["person"], role=user["role"])

    # [plugins] and [plugins.<name>]
    plugins = _plugins(raw.get("plugins"), file, base, env, secrets)

    # [files]
    files = _files(section("files", FILES_SCHEMA), file, base, env)

    # [exports]
    exports = section("exports", EXPORTS_SCHEMA)
    if exports["base_url"] is not None and not exports["base_url"].startswith(
        ("https://", "http://")
    ):
        raise ConfigError(
            file,
            "exports.base_url",
            "an address starting with https://",
            _describe(exports["base_url"]),
        )
    if exports["odt_template"] is not None:
        exports["odt_template"] = _expand(exports["odt_template"], base, env)

    # [attachments]
    attachments = section("attachments", ATTACHMENTS_SCHEMA)
    if not 1 <= attachments["max_mb"] <= 200:
        raise ConfigError(
            file,
            "attachments.max_mb",
            "a size from 1 to 200 (MB)",
            _describe(attachments["max_mb"]),
        )

    return Config(
        source=source,
        database=database,
        workspace_name=workspace["name"],
        create_database=workspace["create"],
        language=ui["language"],
        theme=ui["theme"],
        keymap=ui["keymap"],
        service_accounts=ssh["service_accounts"],
        idle_timeout_minutes=ssh["idle_timeout_minutes"],
        users=users,
        plugins=plugins,
        meetings=meetings,
        files=files,
        secrets=secrets,
        raw=raw,
        exports=exports,
        attachments=attachments,
    )


def _files(values: dict, file: str, base: Path, env: Mapping[str, str]) -> FilesConfig:
    """``[files]``: each folder given must be an existing directory (never /proc or /dev)."""
    folders: dict[str, Path | None] = {}
    for name in FILES_SCHEMA:
        value = values[name]
        key = f"files.{name}"
        if value is None:
            folders[name] = None
            continue
        if not value.strip() or "\0" in value:
            raise ConfigError(file, key, "the path of a folder", _describe(value))
        folder = _expand(value, base, env)
        real = Path(os.path.realpath(folder))
        if not folder.is_dir():
            raise ConfigError(
                file,
                key,
                "an existing directory (create it first)",
                f'"{folder}", which '
                + ("is not a directory" if folder.exists() else "does not exist"),
            )
        if real == Path("/") or any(real.is_relative_to(p) for p in ("/proc", "/sys", "/dev")):
            raise ConfigError(
                file, key, "a folder for files (not /, /proc, /sys or /dev)", f'"{real}"'
            )
        folders[name] = real
    return FilesConfig(**folders)


def _database(
    value: str | None, base: Path, file: str, env: Mapping[str, str], secrets: set[str]
) -> Path:
    if value is None:
        return _default_database(file, env)
    if value == MEMORY:
        return Path(MEMORY)
    hide = "workspace.database" in secrets
    if not value.strip():
        raise ConfigError(file, "workspace.database", "a file name", 'the string ""')
    if "\x00" in value:
        raise ConfigError(
            file, "workspace.database", "a file name", "a name with a NUL character (\\0) in it"
        )
    path = _expand(value, base, env)
    shown = "a path" if hide else f'"{path}"'
    if path.is_dir():
        raise ConfigError(
            file, "workspace.database", "the path of a database file", f"{shown}, a directory"
        )
    if not path.parent.is_dir():
        raise ConfigError(
            file,
            "workspace.database",
            "a file in an existing directory (create the directory first)",
            f"{shown}, whose directory {'' if hide else str(path.parent) + ' '}does not exist",
        )
    return path


def _plugins(
    value: Any, file: str, base: Path, env: Mapping[str, str], secrets: set[str]
) -> PluginsConfig:
    if value is None:
        value = {}
    if not isinstance(value, dict):
        raise ConfigError(file, "plugins", "a table [plugins]", _describe(value))
    settings = {k: v for k, v in value.items() if k not in PLUGINS_SCHEMA and isinstance(v, dict)}
    rest = {k: v for k, v in value.items() if k not in settings}
    try:
        plugins = validate_section(
            rest, PLUGINS_SCHEMA, file=file, prefix="plugins", secrets=secrets
        )
    except ConfigError as exc:
        if exc.expected.startswith("one of the keys"):
            exc = ConfigError(
                exc.file,
                exc.key,
                exc.expected + ", or a table [plugins.<name>] of a plugin's settings",
                exc.found,
            )
        raise exc from None
    enabled = plugins["enabled"]
    disabled = plugins["disabled"]
    for name_list, key in ((enabled or [], "plugins.enabled"), (disabled, "plugins.disabled")):
        for i, name in enumerate(name_list):
            if not name.strip():
                raise ConfigError(file, _key(key, i), "a plugin name", 'the string ""')
    for i, name in enumerate(disabled):
        if enabled is not None and name in enabled:
            raise ConfigError(
                file,
                _key("plugins.disabled", i),
                "a plugin that is not also in plugins.enabled",
                f'"{name}", which is in both lists',
            )
    plugins_dir = None
    if plugins["plugins_dir"] is not None:
        if "\x00" in plugins["plugins_dir"]:
            raise ConfigError(
                file, "plugins.plugins_dir", "a folder name", "a name with a NUL character in it"
            )
        plugins_dir = _expand(plugins["plugins_dir"], base, env)
        if not plugins_dir.is_dir():
            raise ConfigError(
                file,
                "plugins.plugins_dir",
                "an existing directory",
                f'"{plugins_dir}", which '
                + ("is not a directory" if plugins_dir.exists() else "does not exist"),
            )
    return PluginsConfig(
        enabled=enabled, disabled=disabled, plugins_dir=plugins_dir, settings=settings
    )


# -- loading --------------------------------------------------------------------------------------
def load_config(
    explicit: str | Path | None = None,
    env: Mapping[str, str] = os.environ,
    *,
    login: str | None = None,
    user_settings: bool = True,
) -> Config:
    """Find, read and validate the configuration; built-in defaults when there is no file.

    With ``user_settings`` the per-user settings (theme, language, keymap) are applied on top;
    ``login`` selects a per-login settings file (the shared-account ``--as`` mode).
    """
    path = find_config(explicit, env)
    if path is None:
        config = Config(source=None, database=_default_database("<built-in defaults>", env))
    else:
        config = parse_config(_read(path), path, env)
    if user_settings:
        config = apply_user_settings(config, load_user_settings(env, login=login))
    return config


# -- showing --------------------------------------------------------------------------------------
def show(config: Config) -> dict:
    """The effective configuration as a TOML-ready dict, with secret values replaced by ***.

    Keys whose value is unset (None) are left out, so ``tomli_w.dumps(show(config))`` works.
    """
    workspace = {"name": config.workspace_name, "database": str(config.database)}
    if config.create_database:
        workspace["create"] = True
    ui = {"language": config.language, "theme": config.theme, "keymap": dict(config.keymap)}
    ssh = {
        "service_accounts": list(config.service_accounts),
        "idle_timeout_minutes": config.idle_timeout_minutes,
    }
    users = {
        login: {k: v for k, v in (("person", u.person), ("role", u.role)) if v is not None}
        for login, u in config.users.items()
    }
    plugins: dict[str, Any] = {}
    if config.plugins.enabled is not None:
        plugins["enabled"] = list(config.plugins.enabled)
    plugins["disabled"] = list(config.plugins.disabled)
    if config.plugins.plugins_dir is not None:
        plugins["plugins_dir"] = str(config.plugins.plugins_dir)
    plugins.update(copy.deepcopy(config.plugins.settings))
    meetings = copy.deepcopy(getattr(config, "meetings", MEETINGS_DEFAULTS))
    files_config = getattr(config, "files", None) or FilesConfig()
    files = {k: str(v) for k, v in files_config._asdict().items() if v is not None}
    out = {
        "workspace": workspace,
        "ui": ui,
        "ssh": ssh,
        "meetings": meetings,
        "users": users,
        "plugins": plugins,
        "files": files,
    }
    out["exports"] = {
        k: str(v) if isinstance(v, Path) else v for k, v in config.exports.items() if v is not None
    }
    out["attachments"] = {k: v for k, v in config.attachments.items() if v is not None}
    return _hide(out, "", config.secrets)


def _hide(value: Any, path: str, secrets: set[str]) -> Any:
    if path in secrets:
        return HIDDEN
    if isinstance(value, dict):
        return {k: _hide(v, _key(path, k), secrets) for k, v in value.items()}
    if isinstance(value, list):
        return [_hide(v, _key(path, i), secrets) for i, v in enumerate(value)]
    return value


# -- starter file (``stadstafel init``) -----------------------------------------------------------
_STARTER_HEADER = """\
# stadstafel configuration, written by `stadstafel init`.
# Every key is explained in config/example.toml of the stadstafel repository.
# Relative paths are relative to the folder of this file.

"""


def write_starter(
    dir: str | Path,
    *,
    database: str = DATABASE_NAME,
    name: str = "stadstafel",
    env: Mapping[str, str] = os.environ,
) -> Path:
    """Write ``dir/stadstafel.toml`` and return its path; never overwrites an existing file."""
    folder = Path(dir).expanduser().absolute()
    target = folder / STARTER_NAME
    data = {
        "workspace": {"name": name, "database": database},
        "ui": {"language": "nl", "theme": "stadstafel"},
        "ssh": {"service_accounts": [], "idle_timeout_minutes": 0},
    }
    if target.exists():
        raise ConfigError(
            str(target),
            "",
            "no existing file (init never overwrites a configuration)",
            "an existing file; edit it, remove it, or choose another folder",
        )
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ConfigError(str(folder), "", "a folder that can be created", _os_reason(exc)) from exc
    import tomli_w  # only when writing: not on the start path

    text = _STARTER_HEADER + tomli_w.dumps(data)
    parse_config(text, target, env)  # refuse to write a file that would not load
    try:
        with open(target, "x", encoding="utf-8") as fh:
            fh.write(text)
    except FileExistsError as exc:
        raise ConfigError(
            str(target),
            "",
            "no existing file (init never overwrites a configuration)",
            "an existing file; edit it, remove it, or choose another folder",
        ) from exc
    except OSError as exc:
        raise ConfigError(str(target), "", "a writable file", _os_reason(exc)) from exc
    return target


# -- per-user settings ----------------------------------------------------------------------
_LOGIN = re.compile(r"^[A-Za-z0-9_@-][A-Za-z0-9._@-]*$")


def user_settings_path(env: Mapping[str, str] = os.environ, *, login: str | None = None) -> Path:
    """``$XDG_CONFIG_HOME/stadstafel/settings.toml``; with ``login`` (shared SSH account,
    ``--as``) ``$XDG_CONFIG_HOME/stadstafel/users/<login>.toml``."""
    if login is None:
        return config_home(env) / SETTINGS_NAME
    if not _LOGIN.match(login):
        raise ConfigError(
            str(config_home(env) / "users"),
            "login",
            "a login of letters, digits, '.', '_', '@' or '-'",
            _describe(login),
        )
    return config_home(env) / "users" / f"{login}.toml"


def load_user_settings(env: Mapping[str, str] = os.environ, *, login: str | None = None) -> dict:
    """The user's saved settings (only the keys present), or {} when there is no file."""
    path = user_settings_path(env, login=login)
    if not path.is_file():
        return {}
    doc = _loads(_read(path), str(path))
    clean = validate_section(doc, SETTINGS_SCHEMA, file=str(path), prefix="")
    return {k: v for k, v in clean.items() if v is not None}


def save_user_settings(
    settings: Mapping[str, Any], env: Mapping[str, str] = os.environ, *, login: str | None = None
) -> Path:
    """Merge ``settings`` into the user's settings file and write it; a None value removes a key.

    Only ``theme``, ``language`` and ``keymap`` are accepted. The deployment file is never
    touched. The file is replaced atomically.
    """
    path = user_settings_path(env, login=login)
    current = load_user_settings(env, login=login)
    for k, v in settings.items():
        if v is None:
            current.pop(k, None)
        else:
            current[k] = v
    clean = validate_section(current, SETTINGS_SCHEMA, file=str(path), prefix="")
    data = {k: v for k, v in clean.items() if v is not None}
    tmp = path.with_name(path.name + f".{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        import tomli_w  # only when writing: not on the start path

        tmp.write_text(tomli_w.dumps(data), encoding="utf-8")
        os.replace(tmp, path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise ConfigError(str(path), "", "a writable settings file", _os_reason(exc)) from exc
    return path


def apply_user_settings(config: Config, settings: Mapping[str, Any]) -> Config:
    """A copy of ``config`` with the user's theme, language and keymap on top."""
    changes: dict[str, Any] = {}
    if settings.get("theme"):
        changes["theme"] = settings["theme"]
    if settings.get("language"):
        changes["language"] = settings["language"]
    if settings.get("keymap"):
        changes["keymap"] = {**config.keymap, **settings["keymap"]}
    return config.replace(**changes) if changes else config
