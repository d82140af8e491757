"""The entry point of the ``stadstafel`` command, and the start of the terminal UI.

``stadstafel`` alone (or with only ``--config``, ``--as``, ``--strict``) starts the terminal
UI straight from here, without importing click and the subcommands (``stadstafel.cli``): a
start is what a user waits for on every login, and those imports were a tenth of it. Every
other command line goes to click. Errors never end in a traceback: a bad configuration or
plugin exits 2 with its message, an error of a service exits 1.
"""

from __future__ import annotations

import gc
import os
import sys

from stadstafel import memory
from stadstafel.errors import ConfigError, DatabaseError, StadstafelError
from stadstafel.i18n import L

TYPE_CHECKING = False  # typing is imported after main() switched the collector off
if TYPE_CHECKING:
    from collections.abc import Callable, Mapping
    from typing import Any

# What the command imports before ``main`` switched the garbage collector off is kept to this
# module and the errors: everything else (sqlite3, threading, pathlib, pluggy) is imported
# after, where it is used; the collector walked it 19 times on the way before.

# The plugin host cli's plugin subcommands loaded; the configuration read (stadstafel.cli).
_PRELOADED: dict = {}
TUI_OPTIONS = {"--config": "config_path", "--as": "login"}
# The interpreter's switch interval (``sys.setswitchinterval``) while the terminal UI draws
# its first frame: see ``run_tui``.
FIRST_FRAME_SWITCH_SECONDS = 0.0005


class Context:
    """What the group hands its subcommands (``ctx.obj``)."""

    def __init__(self, config_path: str | None, login: str | None, strict: bool):
        self.config_path = config_path
        self.login = login
        self.strict = strict
        self._config = None
        self._host = None
        self.settings_login: str | None = None  # whose settings file (None: settings.toml)
        self.settings_problem: str | None = None  # why the user's settings were not used

    @property
    def config(self):
        if self._config is None:
            self._config = self._load_config()
        return self._config

    def _load_config(self):
        """The deployment's configuration with the user's own settings on top.

        The settings file is the user's (``config.user_settings_path``): per login when the
        shared account runs with ``--as``. A settings file that cannot be read or is not
        valid never stops stadstafel: its problem is kept for the app to show, and the
        deployment's values are used."""
        from stadstafel.config import apply_user_settings, load_user_settings
        from stadstafel.workspace import os_login

        config = _deployment_config(self.config_path)
        accounts = getattr(config, "service_accounts", []) or []
        if self.login is not None and self.login != os_login() and os_login() in accounts:
            self.settings_login = self.login
        try:
            settings = load_user_settings(login=self.settings_login)
        except ConfigError as exc:
            self.settings_problem = exc.message
            return config
        return apply_user_settings(config, settings)

    def save_settings(self, settings: dict) -> None:
        """Merge ``settings`` into this user's settings file (raises ConfigError)."""
        from stadstafel.config import save_user_settings

        save_user_settings(settings, login=self.settings_login)

    @property
    def host(self):
        if self._host is None:
            pre = _PRELOADED.get("host")
            if pre is not None and _PRELOADED.get("config_path") == self.config_path:
                self._host = pre  # the one main() loaded to add plugin subcommands
            else:
                self._host = make_host(self.config, strict=self.strict)
        return self._host

    def resolve_login(self) -> str:
        from stadstafel.workspace import os_login

        me = os_login()
        if self.login is None or self.login == me:
            return me
        accounts = getattr(self.config, "service_accounts", []) or []
        if me not in accounts:
            raise ConfigError(
                str(self.config.source or "(standaardinstellingen)"),
                "ssh.service_accounts",
                f"the OS login '{me}' listed there before --as may be used",
                f"{accounts or '[]'}",
            )
        return self.login

    def workspace(self):
        from pathlib import Path

        from stadstafel.store import check_database_file
        from stadstafel.workspace import Workspace

        config = self.config
        db_dir = Path(config.database).parent
        if str(config.database) != ":memory:" and not db_dir.is_dir():
            raise ConfigError(
                str(config.source or "(standaardinstellingen)"),
                "workspace.database",
                "a path in an existing directory",
                str(config.database),
            )
        login = self.resolve_login()
        # A missing or empty file is an error unless the configuration says to create it:
        # never a silent new, empty workspace beside the real one (see check_database_file).
        check_database_file(config.database, create=getattr(config, "create_database", False))
        return Workspace.open(config, login=login, plugins=self.host)


def _deployment_config(config_path: str | None) -> Any:
    """``load_config(config_path, user_settings=False)``, parsed once while a command line runs
    (``cli.run_click`` keeps ``_PRELOADED["deployment"]`` for that long): click's language
    is read from the configuration before the group's callback reads it for the command."""
    from stadstafel.config import load_config

    kept = _PRELOADED.get("deployment")
    if kept is None:
        return load_config(config_path, user_settings=False)
    if config_path not in kept:
        kept[config_path] = load_config(config_path, user_settings=False)
    return kept[config_path]


def make_host(config, *, strict: bool = False):
    """The plugin host for this config (None when the plugin system is not available)."""
    from stadstafel.kept import kept_file
    from stadstafel.plugins import KEPT_ENTRY_POINTS, PluginHost

    host = PluginHost(config, strict=strict, kept_entry_points=kept_file(KEPT_ENTRY_POINTS))
    host.load()
    return host


def open_workspace(config_path: str | None = None, *, login: str | None = None):
    """Open the workspace of a configuration file (the one ``stadstafel`` would use when
    ``config_path`` is None), with its plugins, as the OS user or ``login`` (a service
    account only, as ``--as``). Use it as a context manager::

        with stadstafel.open_workspace("stadstafel.toml") as ws:
            ws.service("woningbouw.projects").list()
    """
    return Context(config_path, login, False).workspace()


class ReadAhead:
    """Opens the workspace and reads what the home screen shows first, on a helper thread.

    A start spends most of its time importing Textual, which holds the interpreter; opening
    the database and the home screen's queries (20-40 ms on a large workspace) are mostly
    SQLite, which lets go of it. Started just before that import, they run beside it on a
    second core instead of after it. The thread only reads and hands over: the main thread
    touches the workspace after ``workspace()`` has joined the thread, so the connection is
    never used by two threads at once.

    It reads the core's lists, not the modules' dashboard cards (``"cards"`` is None): those
    are mostly Python, which would hold the interpreter Textual's import needs, and the
    first frame shows them as coming. The home screen reads them after the first frame on a
    thread and connection of their own (``HomeScreen._read_cards``).
    """

    def __init__(self, open_workspace: Callable[[], Any]):
        import stadstafel.workspace  # noqa: F401  (imports stay on the main thread)
        from stadstafel.services.review import HOME_ROWS

        self._open = open_workspace
        self._rows = HOME_ROWS
        self._workspace: Any = None
        self._error: BaseException | None = None
        self._home: dict | None = None
        self._home_error: Exception | None = None
        self.data_version: int | None = None
        import threading

        self._thread = threading.Thread(target=self._run, name="stadstafel-read-ahead")
        self._thread.start()

    def _run(self) -> None:
        try:
            self._workspace = ws = self._open()
            # Before the home queries: a commit by someone else after this is seen by the
            # app's first poll (tui.app.poll_changes), as one before the queries is in them.
            self.data_version = ws.store.data_version()
        except BaseException as exc:  # raised again by workspace(), on the main thread
            self._error = exc
            return
        try:
            self._home = ws.overview.home(limit=self._rows, cards=False)
        except Exception as exc:  # shown by the home screen, as when it reads itself
            self._home_error = exc

    def workspace(self) -> Any:
        """The open workspace (after the thread ended), or what opening it raised."""
        self._thread.join()
        if self._error is not None:
            raise self._error
        return self._workspace

    def take_home(self) -> dict | None:
        """``overview.home(limit=HOME_ROWS, cards=False)`` as read at start, once; None
        afterwards."""
        self._thread.join()
        home, error = self._home, self._home_error
        self._home = self._home_error = None
        if error is not None:
            raise error
        return home

    def close(self) -> None:
        """Wait for the thread and close what it opened (the start failed elsewhere)."""
        self._thread.join()
        if self._workspace is not None:
            self._workspace.close()


def run_tui(ctx: Context) -> None:
    gc.disable()  # until the first frame: see tui.app.collect_after_start
    # One C heap for every thread, before the first (the read-ahead's) starts: a heap of
    # its own kept 1.7 MiB free for good (stadstafel.memory).
    memory.one_heap()
    host = ctx.host
    ahead = ReadAhead(ctx.workspace)
    try:
        with memory.without_tls():  # the UI connects nowhere: asyncio without OpenSSL
            from stadstafel.tui.app import StadstafelApp
        from stadstafel.tui.css_cache import ParsedCss, cache_file

        host.themes()  # a theme collision between plugins is a start-up error, before the UI
        parsed_css = ParsedCss(cache_file()).install()  # Textual's CSS as the last start parsed it
        ws = ahead.workspace()
    except BaseException:
        ahead.close()
        raise
    switch = sys.getswitchinterval()
    try:
        app = StadstafelApp(
            ws,
            host=host,
            theme=getattr(ctx.config, "theme", None),
            read_ahead=ahead,
            save_settings=ctx.save_settings,
        )
        app.parsed_css = parsed_css
        if ctx.settings_problem:
            app.startup_problems.append(settings_problem(ctx.settings_problem))
        # Textual's writer thread writes the first frame to the terminal once it has the
        # interpreter, which the main thread, going on with what follows the frame, hands
        # over when its slice ends (5 ms): the frame's bytes went out 2.4 ms (median) after
        # it was made. Shorter slices until just after it (the app sets the interval back).
        app.switch_back = switch
        sys.setswitchinterval(FIRST_FRAME_SWITCH_SECONDS)
        app.run()
    finally:
        sys.setswitchinterval(switch)
        parsed_css.uninstall()
        ws.close()
    if app.fault_message:  # a database fault (or code missing) ended the app: one plain line
        _fail(f"{app.fault_title}: {app.fault_message}", app.return_code or 2)
    if app.return_code:  # the app ended on another error (Textual printed what happened)
        sys.exit(app.return_code)


def settings_problem(message: str) -> str:
    """The notice when the user's settings file was not used."""
    from stadstafel.tui.text import L

    return L(
        f"Uw instellingen zijn niet gebruikt (standaardwaarden): {message}",
        f"Your settings were not used (defaults instead): {message}",
    )


def configured_language(config_path: str | None) -> str:
    """The language of the configuration (with the user's own settings on top); of a
    configuration that cannot be read, the person's (``person_language``)."""
    try:
        return getattr(Context(config_path, None, False).config, "language", None) or "nl"
    except Exception:
        return person_language()


def person_language(env: Mapping[str, str] = os.environ) -> str:
    """The language to speak when there is no configuration to say it: the one the user chose
    in the app (their settings file), else the locale's (``LC_ALL``, ``LC_MESSAGES``,
    ``LANG``, the first that is set: "en…" is English), else Dutch, the default of
    ``[ui] language``."""
    from stadstafel.config import load_user_settings
    from stadstafel.i18n import LANGUAGES

    try:
        chosen = load_user_settings(env).get("language")
    except Exception:  # a settings file that cannot be read says nothing
        chosen = None
    if chosen in LANGUAGES:
        return chosen
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        if env.get(name):
            return "en" if env[name].lower().startswith("en") else "nl"
    return "nl"


def tui_options(args: list[str]) -> dict | None:
    """The options of a plain terminal UI start (``--config FILE``, ``--as LOGIN``,
    ``--strict``, each at most once), or None when click should read the command line."""
    found: dict = {"config_path": None, "login": None, "strict": False}
    seen: set[str] = set()
    rest = list(args)
    while rest:
        arg = rest.pop(0)
        name, eq, value = arg.partition("=")
        if name in seen:
            return None
        seen.add(name)
        if name in TUI_OPTIONS:
            if not eq:
                if not rest:
                    return None
                value = rest.pop(0)
            found[TUI_OPTIONS[name]] = value
        elif arg == "--strict":
            found["strict"] = True
        else:  # a subcommand, --help, --version, or something click should explain
            return None
    return found


def command() -> None:
    """The ``stadstafel`` console script: ``main()``, and after a subcommand (a list, an
    export) the process ends without tearing the interpreter down.

    Python's own exit frees every module, class and object one by one: about 10 ms of CPU
    after a list has written its last line (a tenth of a short ``actions list``), for memory
    the system takes back at once. What an exit must still do is done first: the output
    flushed, the ``atexit`` functions run. When the output cannot be flushed (a closed
    pipe) or a thread that is not a daemon still runs, the ordinary exit does what it did.
    The terminal UI ends the ordinary way."""
    if tui_options(sys.argv[1:]) is not None:
        main()
        return
    try:
        main()
    except SystemExit as exc:
        code = exc.code
    else:
        code = 0
    leave(code)


def leave(code: object) -> None:
    """Exit with ``code`` (as ``sys.exit`` takes it) without the interpreter's teardown."""
    if code is None:
        code = 0
    if not isinstance(code, int) or _threads_running():
        sys.exit(code)
    import atexit
    from os import _exit as end_process  # (an attribute named _exit reads as Textual's)

    atexit._run_exitfuncs()  # (and forgets them: the ordinary exit below does not run them again)
    for stream in (sys.stdout, sys.stderr):
        if stream is not None:
            try:
                stream.flush()
            except (OSError, ValueError):  # a closed pipe or file: the ordinary exit reports it
                sys.exit(code)
    end_process(code % 256)  # the status sys.exit(code) gives


def _threads_running() -> bool:
    threading = sys.modules.get("threading")
    if threading is None:
        return False
    main_thread = threading.main_thread()
    return any(
        t is not main_thread and not t.daemon and t.is_alive() for t in threading.enumerate()
    )


def main(argv: list[str] | None = None) -> None:
    """Entry point: turns every expected error into a clear message and an exit status."""
    args = list(sys.argv[1:] if argv is None else argv)
    # Start-up allocates much and frees little: no automatic garbage collection while it runs.
    # A subcommand switches it back on (cli.cli()); the terminal UI collects in the user's
    # pauses from its first frame on (tui.app.collect_after_start).
    gc.disable()
    import sqlite3  # for the fault below; the read-ahead needs it anyway

    result: object = 0
    try:
        options = tui_options(args)
        if options is None:
            from stadstafel.cli import run_click

            result = run_click(args)
        else:
            run_tui(Context(**options))
    except ConfigError as exc:
        from stadstafel import i18n
        from stadstafel.cli_plugins import config_arg

        # the configuration may be what could not be read: then the person's own language
        i18n.set_language(configured_language(config_arg(args)))
        _fail(f"{L('Configuratiefout', 'Configuration error')}: {exc.message}", 2)
    except KeyboardInterrupt:
        _fail(L("Afgebroken.", "Aborted."), 130)
    except DatabaseError as exc:
        _fail(f"{L('Databasefout', 'Database error')}: {_one_line(exc.message)}", 2)
    except StadstafelError as exc:
        from stadstafel.plugins import PluginError

        if isinstance(exc, PluginError):
            _fail(f"{L('Pluginfout', 'Plugin error')}: {exc}", 2)
        _fail(f"{L('Fout', 'Error')}: {exc.message}", 1)
    except (sqlite3.Error, OSError) as exc:  # not met through a service: still one line
        from stadstafel.store import database_error

        error = database_error(exc, getattr(exc, "filename", None) or "stadstafel")
        _fail(f"{L('Fout', 'Error')}: {_one_line(error.message)}", 2)
    finally:
        gc.enable()  # for callers that go on (tests call main() in-process)
    # Without standalone mode click returns ctx.exit(N)'s code instead of raising it.
    sys.exit(result if isinstance(result, int) else 0)


def _one_line(text: str) -> str:
    return " ".join(str(text).split())


def _fail(message: str, status: int) -> None:
    from stadstafel.textsafe import neutralise  # a message may quote stored or typed text

    print(neutralise(message), file=sys.stderr)
    sys.exit(status)
