"""A ``[plugins.<name>]`` section is checked as the plugin will use it (``check_settings``):
``config check`` exits 2 naming the key, and a plugin's command never ends in a traceback."""

from __future__ import annotations

import textwrap
import tomllib
from pathlib import Path

import click
import pytest
import tomli_w
from click.testing import CliRunner
from test_cli import run

from stadstafel import hookimpl
from stadstafel.config import SchemaKey, parse_config
from stadstafel.plugins import PluginError, PluginHost

NONE: dict = {"STADSTAFEL_LOAD_PLUGINS": ""}


def host_with(tmp_path: Path, section: str, plugin: object, name: str = "aandelen"):
    toml = '[workspace]\ndatabase = "ws.db"\n' + textwrap.dedent(section)
    config = parse_config(toml, tmp_path / "stadstafel.toml", env={})
    host = PluginHost(config, env=NONE).load()
    host.register(plugin, name)
    return host


class Share(ValueError):
    def __init__(self, key, expected, found):
        super().__init__(f"{key}: expected {expected}, found {found}")
        self.key, self.expected, self.found = key, expected, found


class Shares:
    @hookimpl
    def config_schema(self):
        return {"aandeel": SchemaKey(float, 0.5, "Een aandeel.")}

    @hookimpl
    def check_settings(self, settings):
        if not 0 <= settings["aandeel"] <= 1:
            raise Share("aandeel", "a fraction from 0 to 1", str(settings["aandeel"]))


def test_hook_check_settings(tmp_path):
    """A value the plugin refuses is a configuration error naming its key."""
    host = host_with(tmp_path, "[plugins.aandelen]\naandeel = 1.5\n", Shares())
    [error] = host.config_errors
    assert error.key == "plugins.aandelen.aandeel"
    assert error.expected == "a fraction from 0 to 1" and error.found == "1.5"
    assert error.file.endswith("stadstafel.toml")
    assert host.record("aandelen").status == "error"  # switched off, as for a wrong type


def test_a_good_value_passes_and_a_wrong_type_is_reported_once(tmp_path):
    assert host_with(tmp_path, "[plugins.aandelen]\naandeel = 0.3\n", Shares()).config_errors == []
    host = host_with(tmp_path, '[plugins.aandelen]\naandeel = "veel"\n', Shares())
    assert [e.key for e in host.config_errors] == ["plugins.aandelen.aandeel"]


def test_a_check_without_a_key_names_the_section(tmp_path):
    class Vague:
        @hookimpl
        def check_settings(self, settings):
            raise RuntimeError("kapot")

    host = host_with(tmp_path, "", Vague(), "vaag")
    [error] = host.config_errors
    assert error.key == "plugins.vaag" and "kapot" in error.found


def test_a_plugin_command_that_raises_is_a_plugin_error_not_a_traceback(tmp_path):
    class Broken:
        @hookimpl
        def cli_commands(self, cli):
            @cli.group("kapot")
            def group():
                pass

            @group.command("export")
            def export():
                raise KeyError("affordable_share")

    @click.group()
    def cli():
        pass

    host = host_with(tmp_path, "", Broken(), "kapot")
    host.add_cli_commands(cli)
    result = CliRunner().invoke(cli, ["kapot", "export"])
    assert isinstance(result.exception, PluginError)
    assert "kapot" in str(result.exception) and "affordable_share" in str(result.exception)


@pytest.fixture(scope="module")
def bad_section(tmp_path_factory):
    """The demo workspace with a woningbouw value the plugin cannot use."""
    target = tmp_path_factory.mktemp("bad") / "leiden"
    assert run("demo", "--create", str(target)).returncode == 0
    config = target / "stadstafel.toml"
    data = tomllib.loads(config.read_text(encoding="utf-8"))
    data.setdefault("plugins", {}).setdefault("woningbouw", {})["affordable_share"] = 1.5
    config.write_text(tomli_w.dumps(data), encoding="utf-8")
    return config


def test_config_check_exits_2_with_the_key_path(bad_section):
    result = run("--config", str(bad_section), "config", "check")
    assert result.returncode == 2
    assert "plugins.woningbouw.affordable_share" in result.stderr and "1.5" in result.stderr
    assert "in orde" not in result.stdout


def test_the_plugins_command_ends_in_a_message_not_a_traceback(bad_section):
    result = run("--config", str(bad_section), "woningbouw", "export", "uit.csv")
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert "plugins.woningbouw.affordable_share" in result.stderr
