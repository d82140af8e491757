"""The plugin host, the hooks, the built-in plugin, the CLI commands and the scaffold.

Entry-point loading is off in this module (``STADSTAFEL_LOAD_PLUGINS`` is set but empty, and
hosts get an explicit ``env``), so whatever is installed in the environment cannot change the
results. Fixture plugins are registered with ``PluginHost.register`` (which calls
``pm.register``) in yield fixtures and unregistered afterwards.

Entry points are checked with a real distribution, ``tests/plugin_fixtures/stadstafel-fixture``:
it is copied to a temporary folder and installed with ``uv pip install --target <tmp>/site
--no-deps`` (uv is on PATH, or in ``$UV`` under ``uv run``; building needs ``hatchling``, which
uv takes from its cache or the index, as it does for stadstafel itself). ``<tmp>/site`` is put on
``sys.path`` for this module only, so the project's environment is never changed. The scaffold's
output is installed the same way and its own tests are run in a subprocess.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path
from types import SimpleNamespace

import click
import pytest
from click.testing import CliRunner
from sqlite_utils import Migrations
from support import make_config

from stadstafel import __version__, hookimpl, vocab
from stadstafel.cli_plugins import install_plugin_cli, plugin_group, plugins_command
from stadstafel.config import SchemaKey, parse_config
from stadstafel.plugins import (
    CommandEntry,
    ExporterEntry,
    PluginCollision,
    PluginError,
    PluginHost,
    ScreenEntry,
    check_migrations,
)
from stadstafel.records import ChangeEvent
from stadstafel.workspace import Workspace

FIXTURES = Path(__file__).parent / "plugin_fixtures"
PLUGINS_DIR = FIXTURES / "plugins_dir"
NONE = {"STADSTAFEL_LOAD_PLUGINS": ""}  # load no installed or plugins_dir plugin
CORE_THEMES = ["stadstafel", "leiden", "hoog-contrast"]


# -- fixtures ------------------------------------------------------------------------------
@pytest.fixture(autouse=True)
def no_installed_plugins(monkeypatch):
    """Entry-point loading is off for every host in this module unless a test turns it on."""
    monkeypatch.setenv("STADSTAFEL_LOAD_PLUGINS", "")
    monkeypatch.delenv("STADSTAFEL_TRACE_PLUGINS", raising=False)


def config_from(tmp_path: Path, text: str = ""):
    """A real Config from TOML, with its database in ``tmp_path``."""
    toml = '[workspace]\ndatabase = "ws.db"\n' + textwrap.dedent(text)
    return parse_config(toml, tmp_path / "stadstafel.toml", env={})


@pytest.fixture
def host():
    host = PluginHost(None, env=NONE)
    host.load()
    return host


@pytest.fixture
def plug(host):
    """``plug(obj, name)`` registers a fixture plugin; all are unregistered afterwards."""
    names: list[str] = []

    def register(obj, name):
        names.append(name)
        host.register(obj, name)
        return obj

    yield register
    for name in names:
        host.unregister(name)
        assert host.pm.get_plugin(name) is None


@pytest.fixture
def ws(tmp_path, frozen, host):
    workspace = Workspace.open(make_config(tmp_path / "ws.db"), login="admin", plugins=host)
    yield workspace
    workspace.close()


def uv_binary() -> str:
    uv = os.environ.get("UV") or shutil.which("uv")
    if not uv:
        pytest.skip("uv is needed to install the fixture distribution (run via `uv run pytest`)")
    return uv


def uv_install(source: Path, site: Path) -> None:
    """Install a distribution (and not its dependencies) into the folder ``site``."""
    result = subprocess.run(
        [uv_binary(), "pip", "install", "--target", str(site), "--no-deps", str(source)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr


@pytest.fixture(scope="module")
def installed_fixture(tmp_path_factory):
    """The fixture distribution installed into a temporary site folder on sys.path."""
    import importlib

    base = tmp_path_factory.mktemp("fixture-dist")
    source = base / "stadstafel-fixture"
    shutil.copytree(FIXTURES / "stadstafel-fixture", source)
    site = base / "site"
    uv_install(source, site)
    sys.path.insert(0, str(site))
    importlib.invalidate_caches()
    yield site
    sys.path.remove(str(site))
    for module in [m for m in sys.modules if m.startswith("stadstafel_fixture")]:
        del sys.modules[module]
    importlib.invalidate_caches()


# -- fixture plugins ------------------------------------------------------------------------
class Cards:
    def __init__(self, value=3):
        self.value = value
        self.calls = 0

    @hookimpl
    def dashboard_cards(self, workspace):
        self.calls += 1
        return [{"title": "Kaart", "value": self.value, "detail": "uit een test"}]


class Raising:
    def __init__(self):
        self.calls = 0

    @hookimpl
    def dashboard_cards(self, workspace):
        self.calls += 1
        raise RuntimeError("kapot in de test")


class Exporter:
    def __init__(self, name="acties-csv"):
        self.name = name

    @hookimpl
    def exporters(self, register):
        def export(workspace, scope):
            if scope.kind == "table":
                return f"tafel;{scope.record.name}\n".encode()
            return b"a;b\n"

        register(
            self.name,
            export,
            label=("Acties", "Actions"),
            media_type="text/csv",
            suffix="csv",
            scopes=("none", "table"),
        )


class ThemePlugin:
    def __init__(self, name="proef"):
        self.name = name

    @hookimpl
    def register_themes(self, register):
        from textual.theme import Theme

        register(Theme(name=self.name, primary="#123456"))


class ScreenPlugin:
    def __init__(self, id="notities"):
        self.id = id
        self.seen = []

    @hookimpl
    def register_screens(self, register, workspace):
        self.seen.append(workspace)
        register(self.id, "Notities", lambda ws: ("scherm", ws), key="n")


class CommandPlugin:
    def __init__(self, id="notities.nieuw"):
        self.id = id
        self.seen = []

    @hookimpl
    def register_commands(self, register, workspace):
        self.seen.append(workspace)
        register(self.id, "Nieuwe notitie", lambda app: ("gedaan", app), help="Maak er een")


# -- one test per hook (tests/test_plugin_docs.py checks that each exists) -------------------
def test_hook_migrations(tmp_path, frozen, host, plug):
    notes = Migrations("stadstafel-notities")

    @notes()
    def m001_items(db):
        db["notities_items"].create({"id": int, "text": str}, pk="id")

    class Notities:
        @hookimpl
        def migrations(self):
            return notes

    plug(Notities(), "notities")
    assert host.migration_sets() == [notes]
    assert check_migrations(notes, "notities") == []

    db_file = tmp_path / "ws.db"
    with Workspace.open(make_config(db_file), login="admin", plugins=host) as ws:
        assert "notities_items" in ws.store.db.table_names()
        ws.store.db["notities_items"].insert({"id": 1, "text": "bewaard"})

    # The plugin is disabled (not loaded): its set is not applied, its data is kept.
    off = PluginHost(None, env=NONE).load()
    assert off.migration_sets() == []
    with Workspace.open(make_config(db_file), login="admin", plugins=off) as ws:
        assert list(ws.store.db["notities_items"].rows) == [{"id": 1, "text": "bewaard"}]
        assert [m.name for m in notes.applied(ws.store.db)] == ["m001_items"]
        assert notes.pending(ws.store.db) == []


def test_migration_set_with_the_wrong_name_switches_the_plugin_off(host, plug):
    wrong = Migrations("notities")

    @wrong()
    def m001(db):
        db["items"].create({"id": int}, pk="id")

    class Wrong:
        @hookimpl
        def migrations(self):
            return wrong

    plug(Wrong(), "notities")
    plug(Cards(), "kaart")
    assert host.migration_sets() == []
    assert host.record("notities").status == "error"
    assert any("'stadstafel-notities'" in p and "notities" in p for p in host.problems())
    assert host.is_enabled("kaart")
    assert check_migrations(wrong, "notities") == [
        "de migratieset heet 'notities', verwacht 'stadstafel-notities'",
        "tabel 'items' begint niet met 'notities_'",
    ]


def test_hook_register_screens(ws, host, plug):
    plugin = plug(ScreenPlugin(), "notities")  # registered after attach: runs at once
    [entry] = [e for e in host.screens() if e.plugin == "notities"]
    assert entry == ScreenEntry("notities", "Notities", "n", entry.factory, "notities")
    assert entry.factory(ws) == ("scherm", ws)
    assert plugin.seen == [ws]
    host.attach(ws)  # attaching again re-registers; no collision with itself
    assert [e.id for e in host.screens() if e.plugin != "core"] == ["notities"]


def test_screens_wait_for_a_workspace(tmp_path, frozen, host, plug):
    plugin = plug(ScreenPlugin(), "notities")
    assert host.screens() == [] and plugin.seen == []
    with Workspace.open(make_config(tmp_path / "ws.db"), login="admin", plugins=host) as ws:
        assert [e.id for e in host.screens() if e.plugin != "core"] == ["notities"]
        assert plugin.seen == [ws]


def test_hook_register_commands(ws, host, plug):
    plugin = plug(CommandPlugin(), "notities")
    [entry] = host.commands()
    assert isinstance(entry, CommandEntry)
    assert (entry.id, entry.title, entry.help, entry.plugin) == (
        "notities.nieuw",
        "Nieuwe notitie",
        "Maak er een",
        "notities",
    )
    assert entry.callback("app") == ("gedaan", "app")
    assert plugin.seen == [ws]


def test_hook_register_themes(host, plug):
    from textual.theme import Theme

    plug(ThemePlugin(), "proef")
    themes = host.themes()
    assert [t.name for t in themes] == [*CORE_THEMES, "proef"]
    assert all(isinstance(t, Theme) for t in themes)
    by_name = {t.name: t for t in themes}
    assert by_name["leiden"].primary.upper() == "#E2001A"
    assert by_name["hoog-contrast"].background == "#000000"
    assert by_name["proef"].primary == "#123456"


def test_hook_register_topics(ws, host, plug):
    class Topics:
        @hookimpl
        def register_topics(self, register):
            register.topic("woningbouw", "Wonen")  # "Wonen" merges with the core's "wonen"
            register.vocabulary("organisation_kinds", "netbeheerder")

    plug(Topics(), "woningbouw")
    topics = host.topics()
    assert topics[-1] == "woningbouw"
    assert "wonen" in topics and "Wonen" not in topics
    assert host.vocabulary("organisation_kinds")[-1] == "netbeheerder"
    assert ws.vocabulary("organisation_kinds")[-1] == "netbeheerder"
    liander = ws.organisations.create(name="Liander", kind="netbeheerder")
    assert liander.kind == "netbeheerder"
    host.unregister("woningbouw")
    assert "netbeheerder" not in host.vocabulary("organisation_kinds")
    assert "woningbouw" not in host.topics()


def test_core_plugin_registers_topics_and_vocabularies(host):
    info = host.info()[0]
    assert (info["name"], info["source"], info["status"]) == ("core", "built-in", "enabled")
    assert info["version"] == __version__
    assert {"register_topics", "register_themes", "register_screens"} <= set(info["hooks"])
    assert "participatie" in host.topics()
    assert host.vocabulary("organisation_kinds") == vocab.ORGANISATION_KINDS
    assert host.vocabulary("agenda_purposes") == vocab.AGENDA_PURPOSES
    assert host.screens() == []  # screens are registered when a workspace is attached


def test_hook_config_schema(tmp_path, frozen):
    config = config_from(
        tmp_path,
        """
        [plugins.instellingen]
        doel = 250
        token = "geheim"
        """,
    )

    class Settings:
        def __init__(self):
            self.topics_seen = []

        @hookimpl
        def config_schema(self):
            return {
                "doel": SchemaKey(int, 100, "Doel."),
                "eenheid": {"type": str, "default": "woningen", "description": "Eenheid."},
                "token": SchemaKey(str, None, "Sleutel.", secret=True),
            }

        @hookimpl
        def register_topics(self, register):
            self.topics_seen.append(register.settings["doel"])

    host = PluginHost(config, env=NONE).load()
    plugin = Settings()
    host.register(plugin, "instellingen")
    expected = {"doel": 250, "eenheid": "woningen", "token": "geheim"}
    assert host.settings("instellingen") == expected
    assert plugin.topics_seen == [250]
    assert host.secret_keys() == {"plugins.instellingen.token"}
    assert host.problems() == []
    with Workspace.open(config, login="admin", plugins=host) as ws:
        assert ws.plugins.settings("instellingen") == expected


def test_invalid_plugin_config_switches_only_that_plugin_off(tmp_path):
    config = config_from(tmp_path, '[plugins.instellingen]\ndoel = "veel"\n')

    class Settings:
        @hookimpl
        def config_schema(self):
            return {"doel": SchemaKey(int, 100, "Doel.")}

        @hookimpl
        def dashboard_cards(self, workspace):
            return [{"title": "nooit", "value": 0, "detail": ""}]

    host = PluginHost(config, env=NONE).load()
    host.register(Settings(), "instellingen")
    host.register(Cards(), "kaart")
    record = host.record("instellingen")
    assert record.status == "error"
    assert "plugins.instellingen.doel" in record.error
    assert "stadstafel.toml" in record.error and "an integer" in record.error
    assert [name for name, _ in host.call("dashboard_cards", workspace=None)] == ["kaart"]
    assert host.settings("instellingen") == {}
    assert any(
        p.startswith("plugin 'instellingen': ongeldige configuratie") for p in host.problems()
    )

    strict = PluginHost(config, strict=True, env=NONE).load()
    with pytest.raises(PluginError, match=r"plugins\.instellingen\.doel"):
        strict.register(Settings(), "instellingen")


def test_section_of_a_plugin_that_is_not_installed_is_a_notice(tmp_path):
    config = config_from(tmp_path, "[plugins.onbekend]\nx = 1\n")
    host = PluginHost(config, env=NONE).load()
    [problem] = host.problems()
    assert "[plugins.onbekend]" in problem and "geen plugin 'onbekend'" in problem
    assert "onbekend" not in [i["name"] for i in host.info()]


def test_plugin_without_config_schema_accepts_no_keys(tmp_path):
    config = config_from(tmp_path, "[plugins.kaart]\nx = 1\n")
    host = PluginHost(config, env=NONE).load()
    host.register(Cards(), "kaart")
    assert host.record("kaart").status == "error"
    assert "plugins.kaart.x" in host.record("kaart").error


def test_hook_dashboard_cards(ws, plug):
    plug(Cards(7), "kaart")
    assert ws.plugin_dashboard_cards() == [
        {"plugin": "kaart", "title": "Kaart", "value": 7, "detail": "uit een test"}
    ]


def test_hook_goal_indicators(ws, plug):
    class Meter:
        @hookimpl
        def goal_indicators(self, workspace, goal):
            if goal.indicator != "meter:woningen":
                return None
            return {"value": 4200.0, "detail": f"gemeten voor {goal.description}"}

    plug(Meter(), "meter")
    table = ws.tables.create(name="Tafel", kind="samenwerkingstafel")
    measured = ws.goals.create(
        table_id=table.id,
        description="8000 woningen",
        target_value=8000,
        unit="woningen",
        indicator="meter:woningen",
    )
    manual = ws.goals.create(table_id=table.id, description="handmatig", current_value=3)
    progress = ws.goals.progress(measured)
    assert progress["value"] == 4200.0
    assert progress["ratio"] == pytest.approx(0.525)
    assert (progress["source"], progress["detail"]) == (
        "meter:woningen",
        "gemeten voor 8000 woningen",
    )
    assert ws.goals.progress(manual)["source"] == "manual"


def test_hook_agenda_suggestions(ws, plug):
    class Suggester:
        @hookimpl
        def agenda_suggestions(self, workspace, table, meeting):
            return [
                {
                    "key": f"stil:{table.id}",
                    "title": f"Stilgevallen project bij {table.name}",
                    "description": "Geen voortgang sinds maart.",
                    "detail": "meeting" if meeting else "backlog",
                }
            ]

    plug(Suggester(), "suggesties")
    table = ws.tables.create(name="Tafel", kind="samenwerkingstafel")
    [suggestion] = ws.plugin_agenda_suggestions(table, None)
    assert suggestion == {
        "key": f"stil:{table.id}",
        "title": "Stilgevallen project bij Tafel",
        "description": "Geen voortgang sinds maart.",
        "detail": "backlog",
    }


def test_read_agenda_items_from_a_plugins_suggestions(ws):
    """``workspace.read.agenda_items_from(prefix)``: the items made from suggestions whose key
    starts with the prefix, with their meeting's date and status; others are left out."""
    table = ws.tables.create(name="Tafel", kind="samenwerkingstafel")
    meeting = ws.meetings.create(table_id=table.id, starts_at="2027-02-01 10:00")
    for key in ("groen:inspectie:1", "groen:inspectie:2", "groen:ander:1", "groenten:1"):
        ws.carry_forward.accept(meeting.id, {"key": key, "title": key})
    ws.agenda.submit(table.id, "Zonder sleutel", meeting_id=meeting.id)
    found = ws.read.agenda_items_from("groen:inspectie:")
    assert [r["source_key"] for r in found] == ["groen:inspectie:1", "groen:inspectie:2"]
    assert found[0]["starts_at"].startswith("2027-02-01")
    assert found[0]["table_id"] == table.id and found[0]["meeting_id"] == meeting.id
    assert found[0]["meeting_status"] == ws.meetings.get(meeting.id).status
    assert len(ws.read.agenda_items_from("groen:")) == 3
    with pytest.raises(ValueError):
        ws.read.agenda_items_from("")
    plan = ws.store.query(
        "EXPLAIN QUERY PLAN SELECT id FROM agenda_items WHERE source_key >= ? AND source_key < ?",
        ["a", "b"],
    )
    assert any("idx_agenda_items_source_key" in str(r) for r in plan)  # an index, no scan


def test_hook_exporters(ws, host, plug):
    plug(Exporter(), "export")
    [entry] = host.exporters()
    assert isinstance(entry, ExporterEntry)
    assert (entry.name, entry.label, entry.suffix, entry.media_type, entry.plugin) == (
        "acties-csv",
        "Acties",
        "csv",
        "text/csv",
        "export",
    )
    assert entry.scopes == ("none", "table")
    # Run through the workspace, the way the CLI and the palette run it.
    assert ws.export("acties-csv") == b"a;b\n"
    table = ws.tables.create(name="Tafel Groen", kind="samenwerkingstafel")
    assert ws.export("acties-csv", table=table.id) == b"tafel;Tafel Groen\n"
    assert ws.export("acties-csv", table="Tafel Groen") == b"tafel;Tafel Groen\n"
    assert [e.name for e in ws.exporters("meeting") if e.plugin == "export"] == []
    assert entry.filename() == "acties-csv.csv"


def test_exporter_faults_are_messages(ws, host, plug):
    from stadstafel import StadstafelError

    class Broken:
        @hookimpl
        def exporters(self, register):
            register("kapot", lambda workspace, scope: 1 / 0, label="Kapot", suffix="txt")
            register("geen-bytes", lambda workspace, scope: 42, label="Geen", suffix="txt")

    plug(Exporter(), "export")
    plug(Broken(), "broken")
    meeting_needed = "werkt voor: hele werkplaats, een tafel"
    with pytest.raises(StadstafelError, match=meeting_needed):
        ws.export("acties-csv", meeting=1)
    with pytest.raises(StadstafelError, match="mislukte: ZeroDivisionError"):
        ws.export("kapot")
    with pytest.raises(StadstafelError, match="gaf int, geen bytes"):
        ws.export("geen-bytes")
    with pytest.raises(StadstafelError, match="geen exportformaat 'onbekend'"):
        ws.export("onbekend")

    # A register call that breaks the contract switches the plugin off, named.
    class BadScope:
        @hookimpl
        def exporters(self, register):
            register("x", lambda workspace, scope: b"", scopes=("partner",))

    plug(BadScope(), "slecht")
    assert host.record("slecht").status == "error"
    assert "scopes" in host.record("slecht").error


def test_hook_demo_data(ws, host, plug):
    class Demo:
        @hookimpl
        def demo_data(self, workspace):
            workspace.organisations.create(name="Netbeheer Leiden", kind="overig")

    plug(Demo(), "demo")
    assert host.call("demo_data", workspace=ws) == []  # the return value is ignored: None
    assert ws.organisations.by_name("Netbeheer Leiden") is not None


def test_hook_demo_settings(tmp_path, monkeypatch):
    """`stadstafel demo` writes each plugin's demo settings into its [plugins.<name>] section."""
    import tomllib

    import stadstafel.cli
    from stadstafel.start import make_host

    class Settings:
        @hookimpl
        def demo_settings(self):
            return {"colour": "rood"}

    def host_with_ours(config):
        host = make_host(config)
        host.register(Settings(), "kleur")
        return host

    monkeypatch.setattr(stadstafel.cli, "make_host", host_with_ours)
    config = stadstafel.cli.create_demo(tmp_path / "demo")
    written = tomllib.loads(config.read_text(encoding="utf-8"))
    assert written["plugins"]["kleur"] == {"colour": "rood"}


def test_hook_generate_data(ws, host, plug):
    """The generator asks each plugin for its part, in proportion to the size, and reports
    what the plugin wrote beside the core's counts."""
    from stadstafel.demo.generate import SIZES, generate

    asked = []

    class Generated:
        @hookimpl
        def generate_data(self, workspace, size, seed):
            n = SIZES[size]["tables"]
            with workspace.store.write_lock() as conn:
                conn.executemany(
                    "INSERT INTO organisations (name, kind) VALUES (?, 'overig')",
                    [(f"Extra {i}",) for i in range(n)],
                )
            asked.append((size, seed))
            return {"extra_organisations": n}

    plug(Generated(), "generated")
    ws.actor.global_role = "beheerder"
    written = generate(ws, size="tiny", seed=7)
    assert asked == [("tiny", 7)]
    assert written["extra_organisations"] == SIZES["tiny"]["tables"]
    assert written["organisations"] == SIZES["tiny"]["organisations"]
    total = ws.store.scalar("SELECT count(*) FROM organisations")
    assert total == SIZES["tiny"]["organisations"] + SIZES["tiny"]["tables"]


def test_hook_cli_commands(host, plug):
    @click.group()
    def cli():
        pass

    @cli.command("plugins")
    def core_plugins():
        click.echo("kern")

    class Commands:
        @hookimpl
        def cli_commands(self, cli):
            @cli.command("notities")
            @click.argument("wie")
            def notities(wie):
                click.echo(f"notities van {wie}")

    class Clash:
        @hookimpl
        def cli_commands(self, cli):
            @cli.command("plugins")
            def plugins():
                click.echo("overgenomen")

            @cli.command("extra")
            def extra():
                pass

    plug(Commands(), "notities")
    plug(Clash(), "botsing")
    host.add_cli_commands(cli)
    runner = CliRunner()
    assert runner.invoke(cli, ["notities", "Sam"]).output == "notities van Sam\n"
    assert runner.invoke(cli, ["plugins"]).output == "kern\n"
    assert "extra" not in cli.commands
    assert host.record("botsing").status == "error"
    assert "stadstafel plugins" in host.record("botsing").error


def test_hook_on_change(ws, plug):
    class Listener:
        def __init__(self):
            self.events = []

        @hookimpl
        def on_change(self, workspace, event):
            self.events.append((workspace, event))

    listener = plug(Listener(), "luisteraar")
    org = ws.organisations.create(name="Portaal", kind="woningcorporatie")
    [(workspace, event)] = listener.events
    assert workspace is ws
    assert isinstance(event, ChangeEvent)
    assert (event.action, event.record_type, event.record_id) == ("create", "organisation", org.id)


# -- isolation ------------------------------------------------------------------------------
def test_raising_hook_is_reported_and_switched_off(host, plug):
    broken = plug(Raising(), "stuk")
    cards = plug(Cards(), "kaart")
    assert [name for name, _ in host.call("dashboard_cards", workspace=None)] == ["kaart"]
    assert host.call("dashboard_cards", workspace=None)[0][0] == "kaart"
    assert broken.calls == 1 and cards.calls == 2
    record = host.record("stuk")
    assert record.status == "error"
    assert record.error == "hook dashboard_cards faalde: RuntimeError: kapot in de test"
    assert host.problems() == [
        "plugin 'stuk': hook dashboard_cards faalde: RuntimeError: kapot in de test"
    ]


def test_direct_pm_register_works_for_call_hooks(host):
    cards = Cards(5)
    host.pm.register(cards, name="direct")
    try:
        assert host.call("dashboard_cards", workspace=None) == [
            ("direct", [{"title": "Kaart", "value": 5, "detail": "uit een test"}])
        ]
    finally:
        host.pm.unregister(name="direct")
    assert host.call("dashboard_cards", workspace=None) == []


def test_strict_mode_raises(plug):
    strict = PluginHost(None, strict=True, env=NONE).load()
    strict.register(Raising(), "stuk")
    with pytest.raises(PluginError, match="plugin 'stuk': hook dashboard_cards faalde") as info:
        strict.call("dashboard_cards", workspace=None)
    assert info.value.plugin == "stuk"
    assert isinstance(info.value.__cause__, RuntimeError)


def test_unknown_hook_name_is_an_error_of_that_plugin(host, plug):
    class Typo:
        @hookimpl
        def register_theme(self, register):  # should be register_themes
            pass

    plug(Typo(), "typo")
    assert host.record("typo").status == "error"
    assert host.record("typo").error == "onbekende hook: register_theme"


def test_call_checks_the_hook_and_its_arguments(host):
    with pytest.raises(ValueError, match="onbekende hook 'bestaat_niet'"):
        host.call("bestaat_niet")
    with pytest.raises(TypeError, match="workspace"):
        host.call("dashboard_cards")


# -- collisions -----------------------------------------------------------------------------
def test_exporter_collision_names_both_plugins(host, plug):
    plug(Exporter(), "eerste")
    with pytest.raises(PluginCollision) as info:
        plug(Exporter(), "tweede")
    message = str(info.value)
    assert "'eerste'" in message and "'tweede'" in message and "'acties-csv'" in message
    assert (info.value.first, info.value.second) == ("eerste", "tweede")
    # The host stays usable: the first keeps its exporter, the second is switched off.
    assert [(e.name, e.plugin) for e in host.exporters()] == [("acties-csv", "eerste")]
    assert host.record("tweede").status == "error"
    assert any("'eerste'" in p and "'tweede'" in p for p in host.problems())


def test_theme_collision_with_the_core(host, plug):
    plug(ThemePlugin("leiden"), "rood")
    with pytest.raises(PluginCollision, match="'core' en 'rood'"):
        host.themes()
    assert [t.name for t in host.themes()] == CORE_THEMES
    assert host.record("rood").status == "error"


def test_screen_and_command_collisions_at_attach(host, plug):
    plug(ScreenPlugin("kaart"), "a")
    plug(ScreenPlugin("kaart"), "b")
    with pytest.raises(PluginCollision, match="scherm 'kaart'"):
        host.attach(SimpleNamespace())
    assert [(e.id, e.plugin) for e in host.screens() if e.plugin != "core"] == [("kaart", "a")]

    # Once a workspace is attached, a plugin registered later registers at once.
    plug(CommandPlugin("x.y"), "c")
    with pytest.raises(PluginCollision, match=r"'c' en 'd'.*opdracht 'x\.y'"):
        plug(CommandPlugin("x.y"), "d")
    assert [e.plugin for e in host.commands()] == ["c"]
    assert host.record("d").status == "error"


# -- discovery: entry points, plugins_dir, selection -------------------------------------------
def test_entry_point_plugins_load_from_an_installed_distribution(
    installed_fixture, tmp_path, frozen
):
    config = config_from(tmp_path, '[plugins.fixture]\ngreeting = "moi"\n')
    env = {"STADSTAFEL_LOAD_PLUGINS": "fixture,fixture-broken"}
    host = PluginHost(config, env=env).load()
    info = {i["name"]: i for i in host.info()}
    assert info["fixture"]["status"] == "enabled"
    assert info["fixture"]["version"] == "0.3.0"
    assert info["fixture"]["source"] == "entry point"
    assert "stadstafel-fixture 0.3.0" in info["fixture"]["origin"]
    assert {"migrations", "register_topics", "config_schema"} <= set(info["fixture"]["hooks"])
    assert info["fixture-broken"]["status"] == "error"
    assert info["fixture-broken"]["error"].startswith("importeren mislukt: ModuleNotFoundError")
    assert host.problems() == [
        "plugin 'fixture-broken': importeren mislukt: ModuleNotFoundError: No module named"
        " 'stadstafel_fixture_missing_dependency'"
    ]
    assert "fixture-thema" in host.topics()
    assert host.settings("fixture") == {"greeting": "moi"}
    with Workspace.open(config, login="admin", plugins=host) as ws:
        assert "fixture_notes" in ws.store.db.table_names()
        assert ws.plugin_dashboard_cards()[0]["value"] == "moi"
        assert "netbeheerder" in ws.vocabulary("organisation_kinds")


def test_load_plugins_env_chooses_which_are_imported(installed_fixture, tmp_path):
    host = PluginHost(None, env={"STADSTAFEL_LOAD_PLUGINS": "fixture, nergens"}).load()
    info = {i["name"]: i for i in host.info()}
    assert info["fixture"]["status"] == "enabled"
    assert info["fixture-broken"]["status"] == "disabled"
    assert info["fixture-broken"]["reason"] == "niet in $STADSTAFEL_LOAD_PLUGINS"
    assert info["fixture-broken"]["version"] == "0.3.0"  # known without importing it
    assert host.problems() == [
        "plugin 'nergens' staat in $STADSTAFEL_LOAD_PLUGINS, maar is niet gevonden"
    ]
    empty = PluginHost(None, env={"STADSTAFEL_LOAD_PLUGINS": ""}).load()
    assert empty.enabled_names() == ["core"]
    assert empty.problems() == []


def test_config_enabled_and_disabled(installed_fixture, tmp_path):
    env = {"STADSTAFEL_LOAD_PLUGINS": "fixture,fixture-broken"}
    config = config_from(tmp_path, '[plugins]\ndisabled = ["fixture-broken"]\n')
    host = PluginHost(config, env=env).load()
    assert host.enabled_names() == ["core", "fixture"]
    assert host.problems() == []  # the broken one is never imported
    assert host.record("fixture-broken").reason == "uitgezet in [plugins] disabled"

    config = config_from(tmp_path, '[plugins]\nenabled = ["fixture-broken", "ontbreekt"]\n')
    host = PluginHost(config, env=env).load()
    assert host.record("fixture").reason == "niet in [plugins] enabled"
    assert host.record("fixture-broken").status == "error"
    assert "plugin 'ontbreekt' staat in [plugins] enabled, maar is niet gevonden" in host.problems()


def test_disabled_entry_point_plugin_keeps_its_data(installed_fixture, tmp_path, frozen):
    env = {"STADSTAFEL_LOAD_PLUGINS": "fixture"}
    with Workspace.open(config_from(tmp_path), login="admin", plugins=PluginHost(None, env=env)):
        pass
    off = config_from(tmp_path, '[plugins]\ndisabled = ["fixture"]\n')
    with Workspace.open(off, login="admin", plugins=PluginHost(off, env=env)) as ws:
        ws.store.db["fixture_notes"].insert({"id": 1, "text": "nog hier"})
    with Workspace.open(off, login="admin", plugins=PluginHost(off, env=env)) as ws:
        assert ws.store.db["fixture_notes"].count == 1


def test_same_name_from_two_sources_is_a_collision(installed_fixture, tmp_path):
    folder = tmp_path / "eigen"
    folder.mkdir()
    (folder / "fixture.py").write_text("from stadstafel import hookimpl\n")
    config = config_from(tmp_path, f'[plugins]\nplugins_dir = "{folder}"\n')
    host = PluginHost(config, env={"STADSTAFEL_LOAD_PLUGINS": "fixture"})
    with pytest.raises(PluginCollision, match="pluginnaam 'fixture'") as info:
        host.load()
    assert "stadstafel-fixture 0.3.0" in info.value.first
    assert str(folder / "fixture.py") in info.value.second
    assert host.enabled_names() == ["core", "fixture"]  # the installed one stays usable


def test_plugins_dir(tmp_path, frozen):
    config = config_from(tmp_path, f'[plugins]\nplugins_dir = "{PLUGINS_DIR}"\n')
    host = PluginHost(config, env={}, load_entry_points=False).load()
    info = {i["name"]: i for i in host.info()}
    assert list(info) == ["core", "groet", "kapot"]  # _hulp.py is not a plugin
    assert (info["groet"]["status"], info["groet"]["version"]) == ("enabled", "1.2")
    assert info["groet"]["source"] == "plugins_dir"
    assert info["groet"]["origin"] == str(PLUGINS_DIR / "groet.py")
    assert info["kapot"]["status"] == "error"
    assert host.problems() == [
        "plugin 'kapot': importeren mislukt: ModuleNotFoundError: No module named"
        " 'stadstafel_kapot_missing'"
    ]
    assert "groet" in host.topics()
    with Workspace.open(config, login="admin", plugins=host) as ws:
        assert [c["plugin"] for c in ws.plugin_dashboard_cards()] == ["groet"]
    # Two hosts import the file under different module names: no shared state.
    other = PluginHost(config, env={}, load_entry_points=False).load()
    assert other.record("groet").obj is not host.record("groet").obj


def test_load_plugins_env_also_applies_to_plugins_dir(tmp_path):
    config = config_from(tmp_path, f'[plugins]\nplugins_dir = "{PLUGINS_DIR}"\n')
    host = PluginHost(config, env={"STADSTAFEL_LOAD_PLUGINS": "groet"}).load()
    assert host.enabled_names() == ["core", "groet"]
    assert host.record("kapot").status == "disabled"
    assert host.problems() == []
    none = PluginHost(config, env={"STADSTAFEL_LOAD_PLUGINS": ""}).load()
    assert none.enabled_names() == ["core"]


def test_strict_mode_import_failure(tmp_path):
    config = config_from(tmp_path, f'[plugins]\nplugins_dir = "{PLUGINS_DIR}"\n')
    host = PluginHost(config, strict=True, env={}, load_entry_points=False)
    with pytest.raises(PluginError, match="plugin 'kapot': importeren mislukt"):
        host.load()


def test_core_cannot_be_switched_off(tmp_path):
    config = config_from(tmp_path, '[plugins]\nenabled = []\ndisabled = ["core"]\n')
    host = PluginHost(config, env=NONE).load()
    assert host.enabled_names() == ["core"]
    assert host.problems() == ["plugin 'core' is ingebouwd en kan niet uit; genegeerd"]


# -- tracing and lightness -----------------------------------------------------------------
def test_trace_prints_every_hook_call(capsys):
    host = PluginHost(None, env={"STADSTAFEL_LOAD_PLUGINS": "", "STADSTAFEL_TRACE_PLUGINS": "1"})
    host.load()
    host.register(Cards(), "kaart")
    capsys.readouterr()
    host.call("dashboard_cards", workspace=None)
    err = capsys.readouterr().err
    assert "[stadstafel-trace] plugin=kaart hook=dashboard_cards " in err
    assert err.rstrip().endswith(" ms")
    host.pm.hook.dashboard_cards(workspace=None)  # direct pluggy calls are traced too
    assert "pm.hook.dashboard_cards -> kaart" in capsys.readouterr().err

    quiet = PluginHost(None, env=NONE).load()
    quiet.register(Cards(), "kaart")
    quiet.call("dashboard_cards", workspace=None)
    assert capsys.readouterr().err == ""


def test_importing_and_loading_the_host_does_not_import_textual():
    code = (
        "import sys\n"
        "from stadstafel.plugins import PluginHost\n"
        "host = PluginHost(None, env={'STADSTAFEL_LOAD_PLUGINS': ''}).load()\n"
        "host.topics(); host.vocabulary('topics')\n"
        "print('textual' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_every_hookspec_has_a_docstring(host):
    from stadstafel import hookspecs

    for name in host.pm.hook.__dict__:
        spec = getattr(host.pm.hook, name).spec
        assert spec is not None, name
        assert (getattr(hookspecs, name).__doc__ or "").strip(), name


# -- the CLI commands ---------------------------------------------------------------------
def run_cli(command, args, config, strict=False):
    return CliRunner().invoke(command, args, obj=SimpleNamespace(config=config, strict=strict))


def test_plugins_command_table_and_json(tmp_path, monkeypatch):
    monkeypatch.setenv("STADSTAFEL_LOAD_PLUGINS", "groet,kapot")
    config = config_from(tmp_path, f'[plugins]\nplugins_dir = "{PLUGINS_DIR}"\n')
    result = run_cli(plugins_command, [], config)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["naam", "versie", "bron", "status", "fout", "/", "reden", "hooks"]
    core = next(line for line in lines if line.startswith("core "))
    assert __version__ in core and "built-in" in core and "enabled" in core
    groet = next(line for line in lines if line.startswith("groet "))
    assert "1.2" in groet and "dashboard_cards, register_topics" in groet
    assert "let op: plugin 'kapot': importeren mislukt" in result.stderr

    result = run_cli(plugins_command, ["--format", "json"], config)
    assert result.exit_code == 0
    rows = {r["name"]: r for r in json.loads(result.stdout)}
    assert rows["kapot"]["status"] == "error"
    assert rows["kapot"]["error"].startswith("importeren mislukt: ModuleNotFoundError")
    assert rows["groet"]["hooks"] == ["dashboard_cards", "register_topics"]
    assert rows["core"]["source"] == "built-in"

    strict = run_cli(plugins_command, [], config, strict=True)
    assert strict.exit_code == 2
    assert "Pluginfout: plugin 'kapot'" in strict.stderr


def test_plugins_command_reports_a_collision_with_exit_2(tmp_path, monkeypatch):
    folder = tmp_path / "eigen"
    folder.mkdir()
    (folder / "rood.py").write_text(
        "from stadstafel import hookimpl\n\n\n"
        "@hookimpl\ndef register_themes(register):\n"
        "    from textual.theme import Theme\n\n"
        "    register(Theme(name='leiden', primary='#ff0000'))\n"
    )
    monkeypatch.setenv("STADSTAFEL_LOAD_PLUGINS", "rood")
    config = config_from(tmp_path, f'[plugins]\nplugins_dir = "{folder}"\n')
    result = run_cli(plugins_command, ["--format", "json"], config)
    assert result.exit_code == 2
    assert {r["name"]: r["status"] for r in json.loads(result.stdout)}["rood"] == "error"
    assert "'core' en 'rood'" in result.stderr and "'leiden'" in result.stderr


def test_plugin_new_writes_a_plugin_whose_own_tests_pass(tmp_path):
    target = tmp_path / "stadstafel-proef"
    result = run_cli(plugin_group, ["new", "proef", str(target), "--standalone"], None)
    assert result.exit_code == 0, result.output
    module = target / "src" / "stadstafel_proef"
    assert sorted(p.relative_to(target).as_posix() for p in target.rglob("*") if p.is_file()) == [
        "README.md",
        "pyproject.toml",
        "src/stadstafel_proef/__init__.py",
        "src/stadstafel_proef/proef.tcss",
        "tests/test_proef.py",
    ]
    pyproject = (target / "pyproject.toml").read_text()
    assert '[project.entry-points.stadstafel]\nproef = "stadstafel_proef"' in pyproject
    assert 'build-backend = "hatchling.build"' in pyproject and '"stadstafel>=' in pyproject
    assert "tool.uv.sources" not in pyproject
    assert "@hookimpl\ndef config_schema()" in (module / "__init__.py").read_text()

    lint = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "--no-cache", str(target)],
        capture_output=True,
        text=True,
    )
    assert lint.returncode == 0, lint.stdout + lint.stderr

    site = tmp_path / "site"
    uv_install(target, site)
    env = {**os.environ, "PYTHONPATH": str(site), "PYTHONDONTWRITEBYTECODE": "1"}
    env.pop("STADSTAFEL_LOAD_PLUGINS", None)
    tests = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(target / "tests")],
        capture_output=True,
        text=True,
        cwd=target,
        env=env,
        timeout=300,
    )
    assert tests.returncode == 0, tests.stdout + tests.stderr
    assert "7 passed" in tests.stdout
    # Installed, it is found through its entry point.
    probe = (
        "import json\nfrom stadstafel.plugins import PluginHost\n"
        "host = PluginHost(None, env={'STADSTAFEL_LOAD_PLUGINS': 'proef'}).load()\n"
        "print(json.dumps([host.record('proef').as_dict(), host.topics()]))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, env=env, check=True
    )
    record, topics = json.loads(out.stdout)
    assert (record["status"], record["source"], record["version"]) == (
        "enabled",
        "entry point",
        "0.1.0",
    )
    assert "proef" in topics


def test_plugin_new_module_writes_a_domain_module_whose_own_tests_pass(tmp_path):
    target = tmp_path / "stadstafel-proef"
    result = run_cli(plugin_group, ["new", "proef", str(target), "--standalone", "--module"], None)
    assert result.exit_code == 0, result.output
    assert sorted(p.relative_to(target).as_posix() for p in target.rglob("*") if p.is_file()) == [
        "README.md",
        "pyproject.toml",
        "src/stadstafel_proef/__init__.py",
        "src/stadstafel_proef/schema.py",
        "src/stadstafel_proef/screens.py",
        "src/stadstafel_proef/service.py",
        "tests/test_proef.py",
    ]
    hooks = (target / "src" / "stadstafel_proef" / "__init__.py").read_text()
    for hook in ("services", "permissions", "table_tabs", "search_kinds", "exporters"):
        assert f"@hookimpl\ndef {hook}(" in hooks, hook
    lint = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "--no-cache", str(target)],
        capture_output=True,
        text=True,
    )
    assert lint.returncode == 0, lint.stdout + lint.stderr

    site = tmp_path / "site"
    uv_install(target, site)
    env = {**os.environ, "PYTHONPATH": str(site), "PYTHONDONTWRITEBYTECODE": "1"}
    env.pop("STADSTAFEL_LOAD_PLUGINS", None)
    tests = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(target / "tests")],
        capture_output=True,
        text=True,
        cwd=target,
        env=env,
        timeout=300,
    )
    assert tests.returncode == 0, tests.stdout + tests.stderr
    assert "7 passed" in tests.stdout


def test_plugin_new_refuses_bad_names_and_full_folders(tmp_path):
    bad = run_cli(plugin_group, ["new", "Slecht Idee", str(tmp_path / "x")], None)
    assert bad.exit_code == 2 and "ongeldige pluginnaam" in bad.output
    reserved = run_cli(plugin_group, ["new", "core", str(tmp_path / "y")], None)
    assert reserved.exit_code == 2 and "voorbehouden" in reserved.output
    (tmp_path / "vol").mkdir()
    (tmp_path / "vol" / "iets.txt").write_text("x")
    full = run_cli(plugin_group, ["new", "proef", str(tmp_path / "vol")], None)
    assert full.exit_code == 1 and "niet leeg" in full.output
    assert not (tmp_path / "x").exists()


def test_plugin_new_inside_the_stadstafel_workspace_uses_the_workspace_source(tmp_path):
    root = tmp_path / "repo"
    (root / "plugins").mkdir(parents=True)
    (root / "pyproject.toml").write_text(
        '[project]\nname = "stadstafel"\n[tool.uv.workspace]\nmembers = ["plugins/*"]\n'
    )
    result = run_cli(
        plugin_group, ["new", "regionale-economie", str(root / "plugins" / "re")], None
    )
    assert result.exit_code == 0, result.output
    pyproject = (root / "plugins" / "re" / "pyproject.toml").read_text()
    assert "[tool.uv.sources]\nstadstafel = { workspace = true }" in pyproject
    assert 'regionale-economie = "stadstafel_regionale_economie"' in pyproject
    assert (root / "plugins/re/src/stadstafel_regionale_economie/regionale-economie.tcss").is_file()


def test_plugin_new_defaults_to_a_folder_named_after_the_distribution(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run_cli(plugin_group, ["new", "groen"], None)
    assert result.exit_code == 0, result.output
    assert (tmp_path / "stadstafel-groen" / "src" / "stadstafel_groen" / "__init__.py").is_file()
    assert "uv pip install -e" in result.output


def test_install_plugin_cli_adds_the_commands_of_enabled_plugins(tmp_path):
    folder = tmp_path / "eigen"
    folder.mkdir()
    (folder / "tellen.py").write_text(
        "import click\n\nfrom stadstafel import hookimpl\n\n\n"
        "@hookimpl\ndef cli_commands(cli):\n"
        "    @cli.command('tellen')\n"
        "    def tellen():\n"
        "        click.echo('1 2 3')\n"
    )
    config_file = tmp_path / "stadstafel.toml"
    config_file.write_text(
        f'[workspace]\ndatabase = "ws.db"\n[plugins]\nplugins_dir = "{folder}"\n'
    )

    @click.group()
    def cli():
        pass

    env = {"HOME": str(tmp_path), "STADSTAFEL_LOAD_PLUGINS": "tellen"}
    host = install_plugin_cli(cli, ["--config", str(config_file), "tellen"], env=env)
    assert host is not None and host.is_enabled("tellen")
    assert CliRunner().invoke(cli, ["tellen"]).output == "1 2 3\n"

    # A configuration that cannot be read adds nothing; the command reports it when it runs.
    @click.group()
    def other():
        pass

    assert install_plugin_cli(other, ["--config", str(tmp_path / "nope.toml")], env=env) is None
    assert other.commands == {}


def test_entry_points_read_as_importlib_metadata_reads_them(installed_fixture):
    """The plugin host reads entry points itself (importlib.metadata costs a start 15-20 ms):
    for every group installed here, the same names, values, distributions and versions."""
    import importlib.metadata

    from stadstafel.plugins import entry_points

    groups = ["console_scripts", "pytest11", "stadstafel"]
    for group in groups:
        theirs = sorted(
            (e.name, e.value, e.dist.name, e.dist.version)
            for e in importlib.metadata.entry_points(group=group)
        )
        ours = sorted((e.name, e.value, e.dist_name, e.version) for e in entry_points(group))
        assert ours == theirs, group
    assert any(e.name == "fixture" for e in entry_points("stadstafel"))


def test_entry_points_first_distribution_of_a_name_wins_and_loads(tmp_path):
    from stadstafel.plugins import entry_points

    def dist(folder, dirname, text, metadata="Name: my-dist\nVersion: 2.0\n\nbody: x\n"):
        meta = folder / dirname
        meta.mkdir(parents=True)
        (meta / "entry_points.txt").write_text(text)
        (meta / "METADATA").write_text(metadata)

    first, second = tmp_path / "a", tmp_path / "b"
    dist(
        first,
        "my_dist-2.0.dist-info",
        "# comment\n[other]\nx = y\n\n[stadstafel]\nkaart = json.decoder:JSONDecoder.decode\n"
        "oud = json [extra]\n",
    )
    dist(second, "My.Dist-1.0.dist-info", "[stadstafel]\nschaduw = os\n")
    points = entry_points("stadstafel", [str(first), str(second), str(tmp_path / "nope")])
    assert [(e.name, e.value, e.dist_name, e.version) for e in points] == [
        ("kaart", "json.decoder:JSONDecoder.decode", "my-dist", "2.0"),
        ("oud", "json [extra]", "my-dist", "2.0"),
    ]
    import json
    import json.decoder

    assert points[0].load() is json.decoder.JSONDecoder.decode
    assert points[1].load() is json


def test_the_entry_points_are_kept_until_what_they_were_read_from_changes(tmp_path, monkeypatch):
    from stadstafel import plugins

    site = tmp_path / "site"
    site.mkdir()
    monkeypatch.syspath_prepend(str(site))
    scans = []
    scan = plugins.entry_points

    def counted(*args, **kwargs):
        scans.append(1)
        return scan(*args, **kwargs)

    monkeypatch.setattr(plugins, "entry_points", counted)

    def dist(name, version, text):
        meta = site / f"{name}-{version}.dist-info"
        meta.mkdir(exist_ok=True)
        (meta / "entry_points.txt").write_text(text)
        (meta / "METADATA").write_text(f"Name: {name}\nVersion: {version}\n\n")
        return meta

    def ours(points):
        return sorted((e.name, e.value, e.dist_name, e.version) for e in points if "_t" in e.value)

    a = dist("kaart", "1.0", "[stadstafel]\nkaart = kaart_t\n")
    file = tmp_path / "cache" / "entry-points.json"
    first = plugins.entry_points_kept("stadstafel", file)
    assert ours(first) == [("kaart", "kaart_t", "kaart", "1.0")] and len(scans) == 1
    assert first == scan("stadstafel")  # what a scan finds, the installed plugins too
    assert plugins.entry_points_kept("stadstafel", file) == first and len(scans) == 1  # kept

    dist("tegel", "2.0", "[stadstafel]\ntegel = tegel_t\n")  # installed: its folder changed
    found = plugins.entry_points_kept("stadstafel", file)
    assert len(scans) == 2 and ("tegel", "tegel_t", "tegel", "2.0") in ours(found)

    (a / "entry_points.txt").write_text("[stadstafel]\nkaart = kaart_t:nieuw\n")
    os.utime(a / "entry_points.txt", ns=(1, 1))  # edited in place: its own file changed
    found = plugins.entry_points_kept("stadstafel", file)
    assert len(scans) == 3 and ("kaart", "kaart_t:nieuw", "kaart", "1.0") in ours(found)
    (a / "METADATA").write_text("Name: kaart\nVersion: 1.1\n\n")
    os.utime(a / "METADATA", ns=(2, 2))
    found = plugins.entry_points_kept("stadstafel", file)
    assert len(scans) == 4 and ("kaart", "kaart_t:nieuw", "kaart", "1.1") in ours(found)
    assert plugins.entry_points_kept("stadstafel", file) == found and len(scans) == 4
    assert plugins.entry_points_kept("other", file) == scan("other") and len(scans) == 5

    for broken in (b"\x00", b"{}", b'{"group": "stadstafel", "read": 1}', b"[1, 2]"):
        file.write_bytes(broken)
        assert plugins.entry_points_kept("stadstafel", file) == found
        assert json.loads(file.read_bytes())["points"] == [list(e) for e in found]  # written
    file.chmod(0o666)  # others may write it: not read (and replaced)
    scans.clear()
    assert plugins.entry_points_kept("stadstafel", file) == found and len(scans) == 1
    assert file.stat().st_mode & 0o777 == 0o600


def test_the_commands_host_keeps_its_entry_points_in_the_users_cache_folder(tmp_path, monkeypatch):
    from stadstafel.start import make_host

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    host = make_host(None)
    assert host.kept_entry_points == tmp_path / "stadstafel" / "entry-points.json"
    kept = json.loads(host.kept_entry_points.read_bytes())
    assert [p[0] for p in kept["points"]] == [e.name for e in plugins_installed()]


def plugins_installed():
    from stadstafel.plugins import entry_points

    return entry_points("stadstafel")


# -- registering without importing ------------------------------------------------------------
class Named:
    """Registers a service and a screen by name ("module:attr"), and record labels."""

    def __init__(self, labelled: list):
        self.labelled = labelled

    @hookimpl
    def services(self, register):
        register("made", "plug_named_mod:make")

    @hookimpl
    def register_screens(self, register, workspace):
        register("named.screen", "Genoemd", "plug_named_mod:Screen", key="")

    @hookimpl
    def record_labels(self, register):
        self.labelled.append(True)
        register("named_thing", label=("ding", "thing"), fields={"size": ("Maat", "Size")})


def test_a_callable_named_by_module_is_imported_on_its_first_call(tmp_path, monkeypatch):
    (tmp_path / "plug_named_mod.py").write_text(
        "from types import SimpleNamespace\n"
        "def make(ws):\n    return SimpleNamespace(ws=ws)\n"
        "class Screen:\n    def __init__(self, ws):\n        self.ws = ws\n"
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.delitem(sys.modules, "plug_named_mod", raising=False)
    labelled: list = []
    host = PluginHost(None, env=NONE).load()
    host.register(Named(labelled), "named")
    ws = Workspace.open(make_config(str(tmp_path / "ws.db")), plugins=host)
    try:
        # registered, attached, a start's hooks run: nothing imported, no labels read yet
        (screen,) = [s for s in host.screens() if s.plugin == "named"]
        assert screen.factory.module == "plug_named_mod"  # the app imports it in a pause
        assert "plug_named_mod" not in sys.modules
        assert labelled == []
        service = ws.service("named.made")  # first use: imported now
        assert "plug_named_mod" in sys.modules
        assert service.ws is ws and service.plugin == "named"
        assert screen.factory(ws).ws is ws
        # the labels are read when first asked for (the audit screen and list), once
        assert host.record_labels("named_thing").field("size") == ("Maat", "Size")
        assert host.record_labels("named_other") is None
        assert labelled == [True]
    finally:
        ws.close()


def test_a_named_callable_that_cannot_be_imported_is_a_message(host, tmp_path):
    class Missing:
        @hookimpl
        def services(self, register):
            register("gone", "plug_no_such_module:make")

    host.register(Missing(), "missing")
    ws = Workspace.open(make_config(str(tmp_path / "ws.db")), plugins=host)
    try:
        with pytest.raises(PluginError, match="plug_no_such_module:make' laden mislukt"):
            ws.service("missing.gone")
    finally:
        ws.close()


@pytest.mark.parametrize("target", ["plug_named_mod", "plug named:x", ":make", "mod:"])
def test_a_named_callable_must_be_module_and_name(host, target):
    class Bad:
        @hookimpl
        def services(self, register):
            register("x", target)

    host.register(Bad(), "bad")
    assert host.record("bad").status == "error"
    assert any("pakket.module:naam" in p for p in host.problems())


# -- language ---------------------------------------------------------------------------------
@pytest.fixture
def english():
    from stadstafel import i18n

    i18n.set_language("en")
    yield
    i18n.set_language("nl")


def test_registration_errors_are_english_in_english(english, tmp_path, host, plug):
    """The host's problems, a plugin's error and a collision speak the UI's language (Dutch,
    the default, is what the tests above read)."""
    config = config_from(tmp_path, '[plugins]\nenabled = ["ontbreekt"]\ndisabled = ["core"]\n')
    assert PluginHost(config, env=NONE).load().problems() == [
        "plugin 'ontbreekt' is in [plugins] enabled, but was not found",
        "plugin 'core' is built in and cannot be switched off; ignored",
    ]

    class Typo:
        @hookimpl
        def register_theme(self, register):  # should be register_themes
            pass

    class ForeignRight:
        @hookimpl
        def permissions(self, register):
            register("elders.zien", label=("Zien", "See"))

    plug(Typo(), "typo")
    plug(ForeignRight(), "recht")
    plug(Raising(), "stuk")
    host.call("dashboard_cards", workspace=None)
    plug(Exporter(), "eerste")
    with pytest.raises(PluginCollision) as clash:
        plug(Exporter(), "tweede")
    assert str(clash.value) == (
        "name clash: plugins 'eerste' and 'tweede' both register export format 'acties-csv'"
        " (switch one off with [plugins] disabled)"
    )
    assert host.record("typo").error == "unknown hook: register_theme"
    assert host.record("recht").error == (
        "hook permissions failed: ValueError: right 'elders.zien' must start with 'recht.'"
    )
    assert (
        host.record("stuk").error == "hook dashboard_cards failed: RuntimeError: kapot in de test"
    )
    with pytest.raises(ValueError, match="unknown hook 'bestaat_niet'"):
        host.call("bestaat_niet")


def test_plugins_command_in_english(english, tmp_path, monkeypatch):
    monkeypatch.setenv("STADSTAFEL_LOAD_PLUGINS", "groet,kapot")
    config = config_from(tmp_path, f'[plugins]\nplugins_dir = "{PLUGINS_DIR}"\n')
    result = run_cli(plugins_command, [], config)
    assert result.exit_code == 0, result.output
    heading = result.stdout.splitlines()[0].split()
    assert heading == ["name", "version", "source", "status", "error", "/", "reason", "hooks"]
    assert "note: plugin 'kapot': import failed: ModuleNotFoundError" in result.stderr
