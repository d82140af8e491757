"""Paths typed by a user: only inside the configured folders, only plain files, never /proc."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from stadstafel import i18n
from stadstafel.config import FilesConfig, parse_config
from stadstafel.errors import ConfigError, ValidationError
from stadstafel.files import confined, create_for_writing, folder, open_for_reading


@pytest.fixture
def place(tmp_path):
    """An imports and an exports folder, a config naming them, and a secret outside."""
    imports = tmp_path / "in"
    exports = tmp_path / "out"
    imports.mkdir()
    exports.mkdir()
    (imports / "good.csv").write_text("naam,fase\n", encoding="utf-8")
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP SECRET first line\n", encoding="utf-8")
    config = parse_config(
        f'[files]\nimports = "{imports}"\nexports = "{exports}"\n', tmp_path / "s.toml", env={}
    )
    i18n.set_language("nl")
    return config, imports, exports, secret


def refused(fn, *args, **kwargs) -> str:
    with pytest.raises(ValidationError) as err:
        fn(*args, **kwargs)
    assert set(err.value.fields) == {"file"}
    return err.value.message


def test_a_file_in_the_folder_by_name_or_full_path(place):
    config, imports, _, _ = place
    assert confined("good.csv", "import", config) == imports / "good.csv"
    assert confined(str(imports / "good.csv"), "import", config) == imports / "good.csv"
    with open_for_reading("good.csv", "import", config) as fh:
        assert fh.read() == b"naam,fase\n"


def test_outside_the_folder_is_refused_without_reading_it(place):
    config, imports, _, secret = place
    message = refused(confined, str(secret), "import", config)
    assert "buiten de map" in message and str(imports) in message
    assert "TOP SECRET" not in message
    # the same message whether or not the file outside exists: nothing is learnt
    other = refused(confined, str(secret.with_name("nope.txt")), "import", config)
    assert other.replace("nope.txt", "secret.txt") == message


def test_dot_dot_out_of_the_folder_is_refused(place):
    config, *_ = place
    assert "buiten de map" in refused(confined, "../secret.txt", "import", config)
    assert "buiten de map" in refused(confined, "sub/../../secret.txt", "import", config)


def test_a_symlink_pointing_out_is_refused(place):
    config, imports, exports, secret = place
    (imports / "link.csv").symlink_to(secret)
    assert "symlink" in refused(confined, "link.csv", "import", config)
    (imports / "inner.csv").symlink_to(imports / "good.csv")  # a link inside is fine
    assert confined("inner.csv", "import", config) == imports / "good.csv"
    (imports / "dir").symlink_to(secret.parent)  # a folder link: through it is outside too
    assert "buiten de map" in refused(confined, "dir/secret.txt", "import", config)
    # writing through a symlink is never allowed, even to a file inside the folder
    (exports / "x.csv").symlink_to(exports / "real.csv")
    assert "symlink" in refused(create_for_writing, "x.csv", "export", config)
    assert not (exports / "real.csv").exists()


def test_proc_is_refused_even_when_it_would_be_inside(tmp_path):
    message = refused(confined, "/proc/self/environ", "import", None, env={"HOME": str(tmp_path)})
    assert "buiten de map" in message
    assert "PATH=" not in message and "HOME=" not in message  # nothing of its content
    # a deployment that (wrongly) allows / still never reads /proc or devices
    with pytest.raises(ConfigError, match=r"files\.imports"):
        parse_config('[files]\nimports = "/"\n', tmp_path / "s.toml", env={})
    with pytest.raises(ConfigError, match=r"files\.imports"):
        parse_config('[files]\nimports = "/proc"\n', tmp_path / "s.toml", env={})
    config = FilesConfig(imports=Path("/"))
    holder = type("C", (), {"files": config})()
    assert "geen gewoon bestand" in refused(confined, "/proc/self/environ", "import", holder)
    assert "geen gewoon bestand" in refused(confined, "/dev/zero", "import", holder)


def test_a_fifo_is_refused_and_never_opened(place):
    config, imports, _, _ = place
    os.mkfifo(imports / "pipe.csv")
    # opening a FIFO for reading would block this test forever: the refusal comes first
    assert "geen gewoon bestand" in refused(open_for_reading, "pipe.csv", "import", config)


def test_a_missing_file_names_the_folder(place):
    config, imports, _, _ = place
    message = refused(confined, "missing.csv", "import", config)
    assert message == f"Bestand niet gevonden: missing.csv in {imports}."
    i18n.set_language("en")
    try:
        assert "File not found" in refused(confined, "missing.csv", "import", config)
    finally:
        i18n.set_language("nl")


def test_exports_are_new_owner_only_files_never_overwritten(place):
    config, _, exports, _ = place
    old = os.umask(0)
    try:
        with create_for_writing("a.csv", "export", config) as fh:
            fh.write(b"x")
    finally:
        os.umask(old)
    assert (exports / "a.csv").stat().st_mode & 0o777 == 0o600
    assert "bestaat al" in refused(create_for_writing, "a.csv", "export", config)
    with create_for_writing("a.csv", "export", config, force=True) as fh:
        fh.write(b"y")
    assert (exports / "a.csv").read_bytes() == b"y"
    assert "buiten de map" in refused(create_for_writing, "../a.csv", "export", config)


def test_default_folders_under_the_data_folder(tmp_path):
    env = {"HOME": str(tmp_path), "XDG_DATA_HOME": str(tmp_path / "data")}
    imports = folder("import", None, env)
    assert imports == tmp_path / "data" / "stadstafel" / "imports"
    assert imports.is_dir() and imports.stat().st_mode & 0o777 == 0o700
    assert folder("export", None, env) == tmp_path / "data" / "stadstafel" / "exports"
    assert folder("backup", None, env) is None  # the beheerder names any path


def test_config_files_section(tmp_path):
    (tmp_path / "imp").mkdir()
    config = parse_config('[files]\nimports = "imp"\n', tmp_path / "s.toml", env={})
    assert config.files.imports == tmp_path / "imp"
    with pytest.raises(ConfigError) as err:
        parse_config('[files]\nimports = "nope"\n', tmp_path / "s.toml", env={})
    assert "files.imports: expected an existing directory" in err.value.message
    with pytest.raises(ConfigError) as err:
        parse_config('[files]\nimport = "imp"\n', tmp_path / "s.toml", env={})
    assert 'did you mean "imports"' in err.value.message
    with pytest.raises(ConfigError):
        parse_config("[files]\nimports = 3\n", tmp_path / "s.toml", env={})


def test_config_show_names_the_folders_and_home_is_expanded(tmp_path):
    from stadstafel.config import show

    (tmp_path / "imp").mkdir()
    config = parse_config(
        '[files]\nimports = "~/imp"\n', tmp_path / "s.toml", env={"HOME": str(tmp_path)}
    )
    assert show(config)["files"] == {"imports": str(tmp_path / "imp")}
    (tmp_path / "imp" / "a.csv").write_text("x", encoding="utf-8")
    found = confined("~/imp/a.csv", "import", config, env={"HOME": str(tmp_path)})
    assert found == tmp_path / "imp" / "a.csv"


def test_downloads_go_to_the_users_downloads_folder_unless_exports_is_configured(tmp_path, place):
    home = tmp_path / "home"
    (home / ".config").mkdir(parents=True)
    env = {"HOME": str(home)}
    assert folder("download", None, env) == home / "Downloads"
    assert (home / "Downloads").is_dir()  # made (0700) like the other default folders
    # a localised desktop names its own (user-dirs.dirs, "$HOME/..." as xdg-user-dirs writes)
    (home / ".config" / "user-dirs.dirs").write_text(
        '# written by xdg-user-dirs-update\nXDG_DOWNLOAD_DIR="$HOME/Binnengehaald"\n'
    )
    assert folder("download", None, env) == home / "Binnengehaald"
    assert folder("download", None, {**env, "XDG_DOWNLOAD_DIR": str(tmp_path / "d")}) == (
        tmp_path / "d"
    )
    # the deployment's exports folder wins: a shared server keeps exports where it said
    config, _, exports, secret = place
    assert folder("download", config, env) == exports
    message = refused(confined, str(secret), "download", config, env=env)
    assert str(exports) in message
