"""Configuration: lookup order, validation errors, env secrets, starter file, user settings."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
import tomli_w

from stadstafel import config as cfg
from stadstafel.config import (
    REQUIRED,
    Config,
    SchemaKey,
    data_dir,
    find_config,
    load_config,
    load_user_settings,
    parse_config,
    resolve_env,
    save_user_settings,
    show,
    user_settings_path,
    validate_section,
    write_starter,
)
from stadstafel.errors import ConfigError

REPO = Path(__file__).resolve().parents[1]

FULL = """\
[workspace]
name = "Gemeente Leiden"
database = "stadstafel.db"

[ui]
language = "en"
theme = "stadstafel"
[ui.keymap]
"partners.new" = "ctrl+n"

[ssh]
service_accounts = ["stadstafel"]
idle_timeout_minutes = 60

[users.jdevries]
person = "j.devries@example.org"
role = "beheerder"

[users."a.smits"]
person = "Anna Smits"

[plugins]
enabled = ["woningbouw"]
disabled = []
plugins_dir = "plugins"

[plugins.woningbouw]
target_homes = 8000
api_token = { env = "WONINGBOUW_TOKEN" }
"""


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    """A fake environment whose XDG folders and home are under tmp_path."""
    return {
        "HOME": str(tmp_path / "home"),
        "XDG_CONFIG_HOME": str(tmp_path / "xdg-config"),
        "XDG_DATA_HOME": str(tmp_path / "xdg-data"),
    }


def write(path: Path, text: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def error_of(text: str | bytes, tmp_path: Path, env: dict[str, str]) -> ConfigError:
    """Load ``text`` from a file named bad.toml and return the ConfigError it raises."""
    path = write(tmp_path / "bad.toml", text)
    with pytest.raises(ConfigError) as info:
        load_config(path, env)
    err = info.value
    assert "bad.toml" in str(err)
    assert err.file == str(path)
    return err


# -- a full, valid file ---------------------------------------------------------------------
def test_full_file_parses_with_resolved_paths(tmp_path, env):
    (tmp_path / "plugins").mkdir()
    path = write(tmp_path / "stadstafel.toml", FULL)
    env["WONINGBOUW_TOKEN"] = "s3cret"
    c = load_config(path, env)
    assert c.source == path
    assert c.database == tmp_path / "stadstafel.db"
    assert c.workspace_name == "Gemeente Leiden"
    assert c.language == "en"
    assert c.keymap == {"partners.new": "ctrl+n"}
    assert c.service_accounts == ["stadstafel"]
    assert c.idle_timeout_minutes == 60
    assert c.users["jdevries"].role == "beheerder"
    assert c.users["jdevries"].person == "j.devries@example.org"
    assert c.users["a.smits"].role == "gebruiker"  # the default role
    assert c.users["a.smits"].login == "a.smits"
    assert c.plugins.enabled == ["woningbouw"]
    assert c.plugins.disabled == []
    assert c.plugins.plugins_dir == tmp_path / "plugins"
    assert c.plugins.settings == {"woningbouw": {"target_homes": 8000, "api_token": "s3cret"}}
    assert c.raw["plugins"]["woningbouw"]["api_token"] == "s3cret"


def test_relative_config_path_gives_absolute_database(tmp_path, env, monkeypatch):
    write(tmp_path / "sub" / "c.toml", '[workspace]\ndatabase = "data.db"\n')
    monkeypatch.chdir(tmp_path)
    c = load_config("sub/c.toml", env)
    assert c.source == tmp_path / "sub" / "c.toml"
    assert c.database == tmp_path / "sub" / "data.db"


def test_database_tilde_is_expanded_from_env_home(tmp_path, env):
    (tmp_path / "home").mkdir()
    c = parse_config('[workspace]\ndatabase = "~/w.db"\n', tmp_path / "c.toml", env)
    assert c.database == tmp_path / "home" / "w.db"


def test_database_memory_is_kept():
    c = parse_config('[workspace]\ndatabase = ":memory:"\n', None, {})
    assert str(c.database) == ":memory:"


def test_empty_file_gives_defaults(tmp_path, env):
    c = load_config(write(tmp_path / "empty.toml", ""), env)
    assert c.database == data_dir(env) / "stadstafel.db"
    assert data_dir(env).is_dir()
    assert (c.workspace_name, c.language, c.theme) == ("stadstafel", "nl", "stadstafel")
    assert c.users == {} and c.plugins.enabled is None and c.idle_timeout_minutes == 0


def test_parse_config_accepts_a_dict(tmp_path):
    c = parse_config({"ui": {"language": "en"}, "workspace": {"database": "x.db"}}, tmp_path / "c")
    assert c.language == "en"
    assert c.database == tmp_path / "x.db"


def test_byte_order_mark_is_accepted(tmp_path, env):
    path = write(tmp_path / "bom.toml", '\ufeff[ui]\nlanguage = "en"\n'.encode())
    assert load_config(path, env).language == "en"


# -- lookup order ---------------------------------------------------------------------------
def test_lookup_explicit_wins_over_env_and_xdg(tmp_path, env):
    explicit = write(tmp_path / "explicit.toml", "")
    env["STADSTAFEL_CONFIG"] = str(write(tmp_path / "from-env.toml", ""))
    write(tmp_path / "xdg-config" / "stadstafel" / "config.toml", "")
    assert find_config(explicit, env) == explicit
    assert find_config(str(explicit), env) == explicit


def test_lookup_env_wins_over_xdg(tmp_path, env):
    from_env = write(tmp_path / "from-env.toml", "")
    env["STADSTAFEL_CONFIG"] = str(from_env)
    write(tmp_path / "xdg-config" / "stadstafel" / "config.toml", "")
    assert find_config(None, env) == from_env


def test_lookup_xdg_config_home(tmp_path, env):
    xdg = write(tmp_path / "xdg-config" / "stadstafel" / "config.toml", "")
    assert find_config(None, env) == xdg


def test_lookup_xdg_defaults_to_home_dot_config(tmp_path, env):
    del env["XDG_CONFIG_HOME"]
    home = write(tmp_path / "home" / ".config" / "stadstafel" / "config.toml", "")
    assert find_config(None, env) == home


def test_lookup_relative_xdg_is_ignored(tmp_path, env):
    env["XDG_CONFIG_HOME"] = "relative/path"
    home = write(tmp_path / "home" / ".config" / "stadstafel" / "config.toml", "")
    assert find_config(None, env) == home


def test_lookup_nothing_found_gives_none_and_defaults(tmp_path, env):
    assert find_config(None, env) is None
    c = load_config(None, env)
    assert c.source is None
    assert c.database == tmp_path / "xdg-data" / "stadstafel" / "stadstafel.db"
    assert c.database.parent.is_dir()


def test_data_dir_default_is_under_home(tmp_path):
    assert data_dir({"HOME": str(tmp_path)}) == tmp_path / ".local" / "share" / "stadstafel"
    assert data_dir({"HOME": "/x", "XDG_DATA_HOME": "/d"}) == Path("/d/stadstafel")


def test_missing_explicit_file_is_an_error_not_a_fallback(tmp_path, env):
    write(tmp_path / "xdg-config" / "stadstafel" / "config.toml", "")
    missing = tmp_path / "nope.toml"
    with pytest.raises(ConfigError) as info:
        find_config(missing, env)
    assert "nope.toml" in str(info.value)
    assert "no such file" in str(info.value)


def test_missing_env_file_is_an_error_not_a_fallback(tmp_path, env):
    write(tmp_path / "xdg-config" / "stadstafel" / "config.toml", "")
    env["STADSTAFEL_CONFIG"] = str(tmp_path / "gone.toml")
    with pytest.raises(ConfigError) as info:
        load_config(None, env)
    assert "gone.toml" in str(info.value)
    assert "STADSTAFEL_CONFIG" in info.value.expected


def test_directory_as_config_is_an_error(tmp_path, env):
    with pytest.raises(ConfigError) as info:
        find_config(tmp_path, env)
    assert info.value.found == "a directory"


# -- every error case names the file and the key path --------------------------------------
def test_toml_syntax_error_gives_line_and_column(tmp_path, env):
    err = error_of('[ui]\nlanguage = "nl"\ntheme = = "x"\n', tmp_path, env)
    assert err.key == "3:9"
    assert "bad.toml: 3:9: expected valid TOML" in str(err)
    assert "Invalid value" in err.found


def test_toml_syntax_error_at_end_of_document(tmp_path, env):
    err = error_of('[ui]\nlanguage = "nl', tmp_path, env)
    assert err.key == "2:15"
    assert "Unterminated string" in err.found


def test_unknown_top_level_section(tmp_path, env):
    err = error_of('[databse]\npath = "x"\n', tmp_path, env)
    assert err.key == "databse"
    assert "bad.toml: databse:" in str(err)
    assert "[workspace]" in err.expected


def test_top_level_key_outside_a_section(tmp_path, env):
    err = error_of('name = "x"\n', tmp_path, env)
    assert err.key == "name"
    assert "outside any section" in err.found


def test_sections_are_case_sensitive(tmp_path, env):
    err = error_of('[UI]\nlanguage = "nl"\n', tmp_path, env)
    assert err.key == "UI"
    assert 'did you mean "ui"' in err.found


def test_unknown_key_in_known_section(tmp_path, env):
    err = error_of('[ui]\nLanguage = "en"\n', tmp_path, env)
    assert err.key == "ui.Language"
    assert "bad.toml: ui.Language:" in str(err)
    assert 'did you mean "language"' in err.found


def test_unknown_key_in_user_table(tmp_path, env):
    err = error_of('[users.jdevries]\nrol = "lezer"\n', tmp_path, env)
    assert err.key == "users.jdevries.rol"
    assert "person, role" in err.expected


def test_unknown_plain_key_in_plugins(tmp_path, env):
    err = error_of('[plugins]\nenable = ["x"]\n', tmp_path, env)
    assert err.key == "plugins.enable"
    assert "plugins.<name>" in err.expected


def test_wrong_type(tmp_path, env):
    err = error_of('[ssh]\nidle_timeout_minutes = "60"\n', tmp_path, env)
    assert err.key == "ssh.idle_timeout_minutes"
    assert err.expected == "an integer"
    assert err.found == 'the string "60"'


def test_bool_is_not_an_integer(tmp_path, env):
    err = error_of("[ssh]\nidle_timeout_minutes = true\n", tmp_path, env)
    assert err.key == "ssh.idle_timeout_minutes"
    assert err.found == "the boolean true"


def test_wrong_type_of_a_list_element(tmp_path, env):
    err = error_of('[plugins]\nenabled = ["woningbouw", 3]\n', tmp_path, env)
    assert err.key == "plugins.enabled[1]"
    assert "bad.toml: plugins.enabled[1]: expected a string, found an integer 3" in str(err)


def test_section_that_is_not_a_table(tmp_path, env):
    err = error_of('ui = "dark"\n', tmp_path, env)
    assert err.key == "ui"
    assert err.expected == "a table"


def test_user_that_is_not_a_table(tmp_path, env):
    err = error_of('[users]\njdevries = "beheerder"\n', tmp_path, env)
    assert err.key == "users.jdevries"


def test_keymap_value_must_be_a_string(tmp_path, env):
    err = error_of('[ui.keymap]\n"partners.new" = 5\n', tmp_path, env)
    assert err.key == 'ui.keymap."partners.new"'


def test_negative_idle_timeout(tmp_path, env):
    err = error_of("[ssh]\nidle_timeout_minutes = -5\n", tmp_path, env)
    assert err.key == "ssh.idle_timeout_minutes"
    assert "0 (never) or more" in err.expected


def test_bad_language_choice(tmp_path, env):
    err = error_of('[ui]\nlanguage = "fr"\n', tmp_path, env)
    assert err.key == "ui.language"
    assert '"nl"' in err.expected and '"en"' in err.expected
    assert err.found == 'the string "fr"'


def test_bad_role_choice(tmp_path, env):
    err = error_of('[users.jdevries]\nrole = "admin"\n', tmp_path, env)
    assert err.key == "users.jdevries.role"
    assert "beheerder" in err.expected and "lezer" in err.expected
    assert '"admin"' in err.found


def test_login_with_a_dot_is_quoted_in_the_key_path(tmp_path, env):
    err = error_of('[users."j.devries"]\nrole = "admin"\n', tmp_path, env)
    assert err.key == 'users."j.devries".role'


def test_database_directory_does_not_exist(tmp_path, env):
    err = error_of('[workspace]\ndatabase = "missing/dir/w.db"\n', tmp_path, env)
    assert err.key == "workspace.database"
    assert "does not exist" in err.found
    assert str(tmp_path / "missing" / "dir") in err.found


def test_database_that_is_a_directory(tmp_path, env):
    (tmp_path / "db").mkdir()
    err = error_of('[workspace]\ndatabase = "db"\n', tmp_path, env)
    assert err.key == "workspace.database"
    assert "a directory" in err.found


def test_plugins_dir_must_exist(tmp_path, env):
    err = error_of('[plugins]\nplugins_dir = "nope"\n', tmp_path, env)
    assert err.key == "plugins.plugins_dir"
    assert "does not exist" in err.found


def test_plugin_both_enabled_and_disabled(tmp_path, env):
    err = error_of('[plugins]\nenabled = ["a", "b"]\ndisabled = ["b"]\n', tmp_path, env)
    assert err.key == "plugins.disabled[0]"


def test_env_reference_to_unset_variable(tmp_path, env):
    err = error_of('[plugins.woningbouw]\napi_token = { env = "NOPE_TOKEN" }\n', tmp_path, env)
    assert err.key == "plugins.woningbouw.api_token"
    assert "NOPE_TOKEN" in err.expected
    assert err.found == "it is not set"


def test_env_reference_name_must_be_a_string(tmp_path, env):
    err = error_of("[plugins.w]\nx = { env = 3 }\n", tmp_path, env)
    assert err.key == "plugins.w.x.env"


def test_permission_denied_names_the_file(tmp_path, env, monkeypatch):
    # Also when the tests run as root, who can read a chmod 0 file.
    path = write(tmp_path / "bad.toml", "")

    def denied(self):
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "read_bytes", denied)
    with pytest.raises(ConfigError) as info:
        load_config(path, env)
    assert str(info.value) == f"{path}: expected a readable file, found permission denied"


def test_read_error_names_the_file(tmp_path):
    # Independent of the user running the tests: reading a directory fails too.
    with pytest.raises(ConfigError) as info:
        cfg._read(tmp_path)
    assert str(tmp_path) in str(info.value)
    assert info.value.expected == "a readable file"


def test_not_found_file(tmp_path, env):
    with pytest.raises(ConfigError) as info:
        load_config(tmp_path / "absent.toml", env)
    assert "absent.toml" in str(info.value)
    assert info.value.found == "no such file"


def test_value_that_is_not_utf8(tmp_path, env):
    err = error_of('[workspace]\nname = "Gemeente \xe9"\n'.encode("latin-1"), tmp_path, env)
    assert err.key == "2:18"
    assert err.expected == "UTF-8 text"
    assert "0xe9" in err.found


def test_secret_value_is_not_shown_in_a_type_error(tmp_path, env):
    env["DB"] = "/very/secret/place.db"
    err = error_of('[workspace]\ndatabase = { env = "DB" }\n', tmp_path, env)
    assert err.key == "workspace.database"
    assert "/very/secret" not in str(err)


# -- env secrets and show ------------------------------------------------------------------
def test_env_secret_is_resolved_and_hidden_in_show(tmp_path):
    (tmp_path / "plugins").mkdir()
    env = {"WONINGBOUW_TOKEN": "s3cret", "XDG_DATA_HOME": str(tmp_path)}
    c = parse_config(FULL, tmp_path / "c.toml", env)
    assert c.plugins.settings["woningbouw"]["api_token"] == "s3cret"
    assert "plugins.woningbouw.api_token" in c.secrets
    shown = show(c)
    assert shown["plugins"]["woningbouw"]["api_token"] == "***"
    assert shown["plugins"]["woningbouw"]["target_homes"] == 8000
    assert "s3cret" not in tomli_w.dumps(shown)


def test_keys_named_like_secrets_are_hidden(tmp_path):
    text = (
        '[workspace]\ndatabase = ":memory:"\n'
        '[plugins.w]\ndb_password = "pw1"\nSecretKey = "pw2"\nhost = "example.org"\n'
    )
    c = parse_config(text, None, {})
    assert {"plugins.w.db_password", "plugins.w.SecretKey"} <= c.secrets
    shown = show(c)["plugins"]["w"]
    assert shown == {"db_password": "***", "SecretKey": "***", "host": "example.org"}


def test_env_in_a_list_is_hidden_by_index():
    c = parse_config(
        '[workspace]\ndatabase = ":memory:"\n[plugins.w]\nkeys = ["open", { env = "K" }]\n',
        None,
        {"K": "hidden-value"},
    )
    assert c.plugins.settings["w"]["keys"] == ["open", "hidden-value"]
    assert show(c)["plugins"]["w"]["keys"] == ["open", "***"]


def test_show_is_toml_and_round_trips(tmp_path, env):
    (tmp_path / "plugins").mkdir()
    env["WONINGBOUW_TOKEN"] = "t"
    c = parse_config(FULL, tmp_path / "c.toml", env)
    text = tomli_w.dumps(show(c))
    again = parse_config(text, tmp_path / "c.toml", env)
    assert again.database == c.database
    assert again.users == c.users
    assert again.keymap == c.keymap
    assert again.plugins.plugins_dir == c.plugins.plugins_dir
    assert again.plugins.settings["woningbouw"]["api_token"] == "***"


def test_show_of_defaults_leaves_out_unset_values():
    shown = show(Config())
    assert "enabled" not in shown["plugins"]
    assert shown["ui"]["language"] == "nl"
    assert tomllib.loads(tomli_w.dumps(shown))["workspace"]["database"] == ":memory:"


def test_resolve_env_directly():
    secrets: set[str] = set()
    value = {"a": {"env": "A"}, "b": [1, {"env": "B"}], "c": {"env": "C", "other": 1}}
    out = resolve_env(value, "x", "f.toml", {"A": "1", "B": "2"}, secrets)
    assert out == {"a": "1", "b": [1, "2"], "c": {"env": "C", "other": 1}}
    assert secrets == {"x.a", "x.b[1]"}
    with pytest.raises(ConfigError) as info:
        resolve_env({"env": "MISSING"}, "x.y", "f.toml", {})
    assert str(info.value).startswith("f.toml: x.y: expected environment variable MISSING")


# -- the shipped example ---------------------------------------------------------------------
def test_example_config_parses(tmp_path):
    path = REPO / "config" / "example.toml"
    c = parse_config(path.read_bytes(), path, {"XDG_DATA_HOME": str(tmp_path)})
    assert c.workspace_name == "Gemeente Leiden"
    assert c.database == path.parent / "stadstafel.db"
    assert c.service_accounts == ["stadstafel"]
    assert c.idle_timeout_minutes == 60
    assert c.users["jdevries"].role == "beheerder"
    assert {u.role for u in c.users.values()} == {"beheerder", "gebruiker", "lezer"}


def test_example_config_commented_plugin_block_is_valid(tmp_path):
    """The commented [plugins.woningbouw] example in example.toml parses once uncommented."""
    path = REPO / "config" / "example.toml"
    lines = path.read_text(encoding="utf-8").splitlines()
    start = lines.index("# [plugins.woningbouw]")
    block = "\n".join(line.removeprefix("# ") for line in lines[start:])
    env = {"WONINGBOUW_TOKEN": "x", "XDG_DATA_HOME": str(tmp_path)}
    c = parse_config(block, tmp_path / "c.toml", env)
    assert c.plugins.settings["woningbouw"] == {"target_homes": 8000, "api_token": "x"}


def test_readme_documents_both_ssh_modes_and_lookup_order():
    text = (REPO / "config" / "README.md").read_text(encoding="utf-8")
    assert 'restrict,pty,command="' in text and "--as" in text
    assert "service_accounts" in text
    order = [text.index(s) for s in ("--config", "STADSTAFEL_CONFIG", "XDG_CONFIG_HOME")]
    assert order == sorted(order)


# -- write_starter ---------------------------------------------------------------------------
def test_write_starter_round_trip(tmp_path, env):
    path = write_starter(tmp_path / "deploy", name="Gemeente Leiden", database="leiden.db")
    assert path == tmp_path / "deploy" / "stadstafel.toml"
    assert path.read_text(encoding="utf-8").startswith("# stadstafel configuration")
    c = load_config(path, env)
    assert c.workspace_name == "Gemeente Leiden"
    assert c.database == tmp_path / "deploy" / "leiden.db"
    assert c.source == path


def test_write_starter_refuses_to_overwrite(tmp_path):
    existing = write(tmp_path / "stadstafel.toml", "# hand-edited\n")
    with pytest.raises(ConfigError) as info:
        write_starter(tmp_path)
    assert str(existing) in str(info.value)
    assert "never overwrites" in info.value.expected
    assert existing.read_text(encoding="utf-8") == "# hand-edited\n"


def test_write_starter_refuses_a_database_in_a_missing_folder(tmp_path):
    with pytest.raises(ConfigError) as info:
        write_starter(tmp_path, database="no/such/dir/w.db")
    assert info.value.key == "workspace.database"
    assert not (tmp_path / "stadstafel.toml").exists()


# -- per-user settings -------------------------------------------------------------------------
def test_user_settings_round_trip(tmp_path, env):
    assert load_user_settings(env) == {}
    path = save_user_settings({"theme": "nacht", "keymap": {"partners.new": "ctrl+n"}}, env)
    assert path == tmp_path / "xdg-config" / "stadstafel" / "settings.toml"
    assert path == user_settings_path(env)
    save_user_settings({"language": "en"}, env)  # merges with what is there
    assert load_user_settings(env) == {
        "theme": "nacht",
        "language": "en",
        "keymap": {"partners.new": "ctrl+n"},
    }
    save_user_settings({"theme": None}, env)  # None removes a key
    assert "theme" not in load_user_settings(env)
    assert tomllib.loads(path.read_text(encoding="utf-8"))["language"] == "en"


def test_user_settings_never_touch_the_deployment_file(tmp_path, env):
    deploy = write(tmp_path / "xdg-config" / "stadstafel" / "config.toml", "# admin's file\n")
    save_user_settings({"theme": "nacht"}, env)
    assert deploy.read_text(encoding="utf-8") == "# admin's file\n"


def test_user_settings_are_applied_on_load(tmp_path, env):
    path = write(
        tmp_path / "c.toml",
        '[ui]\nlanguage = "nl"\ntheme = "stadstafel"\n[ui.keymap]\na = "x"\nb = "y"\n',
    )
    save_user_settings({"language": "en", "theme": "nacht", "keymap": {"b": "z"}}, env)
    c = load_config(path, env)
    assert (c.language, c.theme) == ("en", "nacht")
    assert c.keymap == {"a": "x", "b": "z"}
    plain = load_config(path, env, user_settings=False)
    assert (plain.language, plain.theme) == ("nl", "stadstafel")


def test_user_settings_per_login(tmp_path, env):
    save_user_settings({"theme": "a"}, env, login="jdevries")
    save_user_settings({"theme": "b"}, env, login="asmits")
    assert user_settings_path(env, login="jdevries").name == "jdevries.toml"
    assert load_user_settings(env, login="jdevries") == {"theme": "a"}
    assert load_user_settings(env, login="asmits") == {"theme": "b"}
    assert load_user_settings(env) == {}
    with pytest.raises(ConfigError):
        user_settings_path(env, login="../etc")


def test_user_settings_are_validated(tmp_path, env):
    with pytest.raises(ConfigError) as info:
        save_user_settings({"language": "fr"}, env)
    assert info.value.key == "language"
    assert "settings.toml" in str(info.value)
    with pytest.raises(ConfigError) as info:
        save_user_settings({"database": "x.db"}, env)
    assert info.value.key == "database"
    assert not user_settings_path(env).exists()


def test_broken_user_settings_file_names_it(tmp_path, env):
    write(user_settings_path(env), "theme = 3\n")
    with pytest.raises(ConfigError) as info:
        load_config(None, env)
    assert "settings.toml: theme: expected a string" in str(info.value)


# -- validate_section ----------------------------------------------------------------------------
SCHEMA = {
    "target_homes": SchemaKey(int, 8000, "Homes to build."),
    "share": SchemaKey(float, 0.3, "Social share."),
    "live": SchemaKey(bool, False, "Use the live API."),
    "mode": SchemaKey(str, "manual", "How to measure.", choices=["manual", "api"]),
    "areas": SchemaKey(list, [], "Districts.", item=str),
    "api_token": SchemaKey(str, None, "Token.", secret=True),
}


def validate(data: dict, schema: dict = SCHEMA, **kw) -> dict:
    return validate_section(data, schema, file="p.toml", prefix="plugins.woningbouw", **kw)


def test_validate_applies_defaults():
    assert validate({"target_homes": 10}) == {
        "target_homes": 10,
        "share": 0.3,
        "live": False,
        "mode": "manual",
        "areas": [],
        "api_token": None,
    }


def test_validate_defaults_are_copies():
    first = validate({})
    first["areas"].append("x")
    assert validate({})["areas"] == []


def test_validate_rejects_unknown_key():
    with pytest.raises(ConfigError) as info:
        validate({"target_homez": 1})
    assert info.value.key == "plugins.woningbouw.target_homez"
    assert str(info.value).startswith("p.toml: plugins.woningbouw.target_homez:")
    assert 'did you mean "target_homes"' in info.value.found


def test_validate_bool_is_not_int():
    with pytest.raises(ConfigError) as info:
        validate({"target_homes": True})
    assert info.value.key == "plugins.woningbouw.target_homes"
    assert info.value.expected == "an integer"
    assert info.value.found == "the boolean true"


def test_validate_int_is_not_bool():
    with pytest.raises(ConfigError) as info:
        validate({"live": 1})
    assert info.value.expected == "true or false"


def test_validate_int_widens_to_float():
    out = validate({"share": 1})
    assert out["share"] == 1.0 and isinstance(out["share"], float)


def test_validate_choices():
    assert validate({"mode": "api"})["mode"] == "api"
    with pytest.raises(ConfigError) as info:
        validate({"mode": "API"})
    assert info.value.key == "plugins.woningbouw.mode"
    assert info.value.expected == 'one of "manual", "api"'


def test_validate_list_choices_per_element():
    schema = {"kinds": SchemaKey(list, [], "Kinds.", item=str, choices=["a", "b"])}
    with pytest.raises(ConfigError) as info:
        validate({"kinds": ["a", "c"]}, schema)
    assert info.value.key == "plugins.woningbouw.kinds[1]"


def test_validate_required_key():
    schema = {"url": SchemaKey(str, REQUIRED, "Endpoint.")}
    with pytest.raises(ConfigError) as info:
        validate({}, schema)
    assert info.value.key == "plugins.woningbouw.url"
    assert "missing" in info.value.found


def test_validate_secret_is_recorded_and_not_echoed():
    secrets: set[str] = set()
    validate({"api_token": "abc"}, secrets=secrets)
    assert "plugins.woningbouw.api_token" in secrets
    with pytest.raises(ConfigError) as info:
        validate({"api_token": 12345})
    assert "12345" not in str(info.value)
    assert info.value.found == "an integer"


def test_validate_section_must_be_a_table():
    with pytest.raises(ConfigError) as info:
        validate("not a table")  # type: ignore[arg-type]
    assert info.value.key == "plugins.woningbouw"
    assert info.value.expected == "a table"


def test_user_settings_without_language_keep_the_admins_language(tmp_path, env):
    path = write(tmp_path / "c.toml", '[ui]\nlanguage = "en"\n')
    save_user_settings({"theme": "nacht"}, env)
    c = load_config(path, env)
    assert (c.language, c.theme) == ("en", "nacht")
