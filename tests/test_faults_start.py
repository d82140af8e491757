"""Database and configuration faults at start: one line naming the file, exit 2, data intact.

Each case runs the installed ``stadstafel`` command twice, as a person would: a listing
(``partners list``) and a plain start of the terminal UI (``stadstafel --config FILE``, which
must stop before the UI). Read-only cases run the command as the account ``nobody``
(``setpriv``), because the tests run as root and root writes through file permissions; a
read-only filesystem is a read-only bind mount (skipped when mounting is not permitted).
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from stadstafel.store import with_functions

BIN = Path(sys.executable).parent / "stadstafel"
NOBODY = 65534


def run(*args: str, env: dict | None = None, as_nobody: bool = False, timeout: float = 60):
    full_env = {**os.environ, "STADSTAFEL_TODAY": "2027-01-04 09:00", **(env or {})}
    command = [str(BIN), *args]
    if as_nobody:
        command = [
            "setpriv", f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups", *command
        ]  # fmt: skip
    return subprocess.run(
        command,
        capture_output=True,
        text=True,
        env=full_env,
        timeout=timeout,
        stdin=subprocess.DEVNULL,
    )


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Path:
    """A real workspace database (the demo), written by the installed command."""
    target = tmp_path_factory.mktemp("template") / "leiden"
    result = run("demo", "--create", str(target))
    assert result.returncode == 0, result.stderr
    return target / "stadstafel.db"


@pytest.fixture
def place():
    """A folder every account can reach (pytest's tmp_path is root-only), removed after."""
    folder = Path(tempfile.mkdtemp(prefix="stadstafel-faults-"))
    folder.chmod(0o755)
    yield folder
    for path in [folder, *folder.rglob("*")]:
        with contextlib.suppress(OSError):
            path.chmod(0o755 if path.is_dir() else 0o644)
    shutil.rmtree(folder, ignore_errors=True)


def config_for(folder: Path, database: str, extra: str = "") -> Path:
    config = folder / "stadstafel.toml"
    config.write_text(f'[workspace]\ndatabase = "{database}"\n{extra}', encoding="utf-8")
    config.chmod(0o644)
    return config


def xdg(folder: Path) -> dict:
    home = folder / "home"
    home.mkdir(exist_ok=True)
    home.chmod(0o777)
    return {"XDG_CONFIG_HOME": str(home), "XDG_DATA_HOME": str(home), "HOME": str(home)}


def assert_one_line(result: subprocess.CompletedProcess, *needles: str) -> str:
    assert result.returncode == 2, (result.returncode, result.stdout, result.stderr)
    assert "Traceback" not in result.stderr and "Traceback" not in result.stdout
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    for needle in needles:
        assert needle in lines[0], (needle, lines[0])
    return lines[0]


def assert_both_fail(config: Path, *needles: str, **kw) -> str:
    """The listing and the terminal UI start both stop with the same one line."""
    listing = assert_one_line(run("--config", str(config), "partners", "list", **kw), *needles)
    start = assert_one_line(run("--config", str(config), **kw), *needles)
    assert start == listing
    return listing


# -- missing and empty: never a silent new workspace ------------------------------------------


def test_a_missing_database_is_not_created(place):
    config = config_for(place, "typo.db")
    line = assert_both_fail(config, str(place / "typo.db"), "bestaat niet", "stadstafel init")
    assert "create = true" in line
    assert not (place / "typo.db").exists()


def test_an_empty_database_file_is_not_used_as_a_new_workspace(place):
    (place / "leeg.db").write_bytes(b"")
    config = config_for(place, "leeg.db")
    assert_both_fail(config, str(place / "leeg.db"), "leeg (0 bytes)")
    assert (place / "leeg.db").stat().st_size == 0


def test_create_true_makes_the_missing_database(place):
    config = config_for(place, "nieuw.db", "create = true\n")
    result = run("--config", str(config), "partners", "list", env=xdg(place))
    assert result.returncode == 0, result.stderr
    assert (place / "nieuw.db").stat().st_size > 0


def test_init_writes_a_workspace_that_starts(place):
    env = xdg(place)
    result = run("init", str(place / "w"), env=env)
    assert result.returncode == 0, result.stderr
    assert (place / "w" / "stadstafel.db").stat().st_size > 0
    listing = run("--config", str(place / "w" / "stadstafel.toml"), "partners", "list", env=env)
    assert listing.returncode == 0, listing.stderr


# -- not a database ----------------------------------------------------------------------------


def test_a_file_that_is_not_sqlite(place):
    text = b"Dit is een notitie, geen database.\n" * 200
    (place / "notitie.db").write_bytes(text)
    config = config_for(place, "notitie.db")
    assert_both_fail(config, str(place / "notitie.db"), "geen SQLite-database")
    assert (place / "notitie.db").read_bytes() == text


def test_dev_null_as_the_database(place):
    config = config_for(place, "/dev/null")
    assert_both_fail(config, "/dev/null", "geen gewoon bestand")


def test_a_nul_character_in_the_database_path(place):
    config = place / "stadstafel.toml"
    config.write_text('[workspace]\ndatabase = "a\\u0000b.db"\n', encoding="utf-8")
    assert_both_fail(config, str(config), "workspace.database", "NUL")


def test_deeply_nested_toml(place):
    config = place / "stadstafel.toml"
    config.write_text("x = " + "[" * 5000 + "]" * 5000 + "\n", encoding="utf-8")
    assert_both_fail(config, str(config), "nested too deeply")
    dotted = place / "dotted.toml"
    dotted.write_text("[plugins.w]\n" + ".".join(["a"] * 3000) + " = 1\n", encoding="utf-8")
    assert_both_fail(dotted, str(dotted))


# -- read-only, locked ---------------------------------------------------------------------------


def copy_workspace(template: Path, folder: Path) -> Path:
    db = folder / "ws.db"
    shutil.copyfile(template, db)
    return db


@pytest.mark.skipif(shutil.which("setpriv") is None, reason="setpriv is not installed")
def test_a_read_only_database_file(template, place):
    db = copy_workspace(template, place)
    config = config_for(place, str(db))
    os.chown(place, NOBODY, NOBODY)  # the folder is writable for nobody, the file is not
    db.chmod(0o444)
    before = digest(db)
    assert_both_fail(config, str(db), "alleen-lezen", as_nobody=True, env=xdg(place))
    assert digest(db) == before


@pytest.mark.skipif(shutil.which("setpriv") is None, reason="setpriv is not installed")
def test_a_read_only_folder(template, place):
    db = copy_workspace(template, place)
    config = config_for(place, str(db))
    env = xdg(place)
    os.chown(db, NOBODY, NOBODY)  # the file is nobody's, its folder (root's, 755) is not
    before = digest(db)
    assert_both_fail(config, str(db), "schrijfrechten", as_nobody=True, env=env)
    assert digest(db) == before
    assert not Path(f"{db}-wal").exists()


def test_a_read_only_filesystem(template, place):
    source = place / "src"
    source.mkdir()
    db = copy_workspace(template, source)
    mount = place / "ro"
    mount.mkdir()
    bound = subprocess.run(["mount", "--bind", "-o", "ro", str(source), str(mount)])
    if bound.returncode != 0:
        pytest.skip("mounting is not permitted here")
    try:
        subprocess.run(["mount", "-o", "remount,ro,bind", str(mount)], check=True)
        config = config_for(place, str(mount / "ws.db"))
        assert_both_fail(config, str(mount / "ws.db"), "alleen-lezen")
    finally:
        subprocess.run(["umount", str(mount)], check=True)
    assert digest(db) == digest(template)


LOCK_HOLDER = """
import sqlite3, sys, time
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("PRAGMA locking_mode = EXCLUSIVE")
conn.execute("BEGIN EXCLUSIVE")
conn.execute("CREATE TABLE IF NOT EXISTS lock_probe (x)")  # takes the WAL exclusively
print("locked", flush=True)
time.sleep(float(sys.argv[2]))
conn.execute("ROLLBACK")
"""


def test_a_database_locked_by_another_process(template, place):
    db = copy_workspace(template, place)
    config = config_for(place, str(db))
    holder = subprocess.Popen(
        [sys.executable, "-c", LOCK_HOLDER, str(db), "30"], stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout.readline().strip() == "locked"
        started = time.monotonic()
        result = run("--config", str(config), "partners", "list")
        assert time.monotonic() - started < 20  # bounded: the busy timeout, not forever
        assert_one_line(result, str(db), "ander proces")
    finally:
        holder.kill()
        holder.wait()
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT count(*) FROM organisations").fetchone()[0] > 0
        names = [r[0] for r in conn.execute("SELECT name FROM sqlite_master")]
    assert "lock_probe" not in names  # the holder's transaction never landed


# -- damaged, newer ------------------------------------------------------------------------------


def corrupt_organisations(db: Path) -> None:
    """Garbage over the first page of the organisations table: the file still opens, the
    header is fine, but reading the partners fails."""
    with sqlite3.connect(db) as conn:
        root = conn.execute(
            "SELECT rootpage FROM sqlite_master WHERE name = 'organisations'"
        ).fetchone()[0]
        size = conn.execute("PRAGMA page_size").fetchone()[0]
    conn.close()
    with open(db, "r+b") as fh:
        fh.seek((root - 1) * size)
        fh.write(b"\xa5\x17garbage" * (size // 9))


def test_a_corrupt_data_page_is_reported_and_check_finds_it(template, place):
    db = copy_workspace(template, place)
    config = config_for(place, str(db))
    ok = run("--config", str(config), "check")
    assert ok.returncode == 0 and "in orde" in ok.stdout, ok.stderr
    corrupt_organisations(db)
    before = digest(db)
    listing = run("--config", str(config), "partners", "list")
    assert_one_line(listing, str(db), "beschadigd", "stadstafel check")
    check = run("--config", str(config), "check")
    assert check.returncode == 1, (check.stdout, check.stderr)
    assert "Traceback" not in check.stderr
    problems = check.stderr.strip().splitlines()
    assert problems and all(line.startswith(str(db)) for line in problems)
    assert digest(db) == before


def test_check_reports_a_dangling_reference(template, place):
    db = copy_workspace(template, place)
    # foreign keys are off in a plain connection (with the functions the schema calls)
    with with_functions(sqlite3.connect(db)) as conn:
        conn.execute("UPDATE people SET organisation_id = 999999 WHERE id = 1")
    conn.close()
    config = config_for(place, str(db))
    check = run("--config", str(config), "check")
    assert check.returncode == 1
    assert check.stderr.strip().splitlines() == [
        f"{db}: people rij 1 verwijst naar een organisations-rij die niet bestaat"
    ]


def test_a_database_of_a_newer_version_is_refused_and_not_written(template, place):
    db = copy_workspace(template, place)
    with sqlite3.connect(db) as conn:
        conn.execute(
            "INSERT INTO _sqlite_migrations (migration_set, name, applied_at)"
            " VALUES ('stadstafel', 'm999_from_the_future', '2030-01-01')"
        )
    conn.close()
    before = digest(db)
    config = config_for(place, str(db))
    assert_both_fail(config, str(db), "nieuwere versie", "stadstafel:m999_from_the_future")
    check = run("--config", str(config), "check")
    assert check.returncode == 1 and "stadstafel:m999_from_the_future" in check.stderr
    assert digest(db) == before


# -- identity ----------------------------------------------------------------------------------


def test_the_identity_is_the_real_account_not_logname(place):
    """One account per user: $LOGNAME/$USER are the caller's to set; they must not make an
    ordinary account a service account that may use --as."""
    import pwd

    me = pwd.getpwuid(os.getuid()).pw_name
    db = place / "ws.db"
    config = config_for(place, str(db), 'create = true\n[ssh]\nservice_accounts = ["beheer"]\n')
    spoof = {"LOGNAME": "beheer", "USER": "beheer", "LNAME": "beheer", "USERNAME": "beheer"}
    result = run("--config", str(config), "--as", "lezer", "partners", "list", env=spoof)
    assert result.returncode == 2, result.stdout
    assert "ssh.service_accounts" in result.stderr and f"'{me}'" in result.stderr
    code = "from stadstafel.workspace import os_login; print(os_login())"
    shown = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env={**os.environ, **spoof},
    )
    assert shown.stdout.strip() == me


@pytest.mark.parametrize(
    ("locale", "expected"),
    [
        ({"LANG": "en_US.UTF-8"}, "Configuration error: "),
        ({"LC_MESSAGES": "en_GB.UTF-8", "LANG": "nl_NL.UTF-8"}, "Configuration error: "),
        ({"LC_ALL": "nl_NL.UTF-8", "LANG": "en_US.UTF-8"}, "Configuratiefout: "),
        ({"LANG": "C.UTF-8"}, "Configuratiefout: "),
        ({}, "Configuratiefout: "),
    ],
    ids=lambda v: str(v),
)
@pytest.mark.parametrize("command", [[], ["partners", "list"], ["woningbouw", "export"]])
def test_a_configuration_that_cannot_be_read_is_reported_in_the_persons_language(
    tmp_path, locale, expected, command
):
    """It has no language to give: the locale's is used (Dutch, the default, otherwise)."""
    broken = tmp_path / "broken.toml"
    broken.write_text("[workspace\nname =", encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k not in ("LANG", "LC_ALL", "LC_MESSAGES")}
    env.update(locale, XDG_CONFIG_HOME=str(tmp_path / "xdg"))
    for config in (broken, tmp_path / "missing.toml"):
        out = subprocess.run(
            [str(BIN), "--config", str(config), *command],
            capture_output=True,
            text=True,
            env=env,
            timeout=120,
        )
        assert out.returncode == 2 and not out.stdout
        assert out.stderr.startswith(expected) and out.stderr.count("\n") == 1, out.stderr


def test_the_language_the_user_chose_in_the_app_goes_before_the_locale(tmp_path):
    from stadstafel.start import person_language

    env = {"XDG_CONFIG_HOME": str(tmp_path), "LANG": "en_US.UTF-8"}
    assert person_language(env) == "en"
    (tmp_path / "stadstafel").mkdir()
    (tmp_path / "stadstafel" / "settings.toml").write_text('language = "nl"\n', encoding="utf-8")
    assert person_language(env) == "nl"
    (tmp_path / "stadstafel" / "settings.toml").write_text("language = ", encoding="utf-8")
    assert person_language(env) == "en"  # a settings file that cannot be read says nothing
