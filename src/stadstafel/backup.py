"""Backup and restore of a workspace database (``stadstafel backup`` / ``stadstafel restore``).

A backup is one ``sqlite3_backup_step(-1)``: every page copied inside one read transaction.
Under WAL that read transaction is a snapshot and never blocks writers, and since it is one
step, a commit by another session cannot restart it (SQLite's backup restarts a copy made in
several steps whenever the source changes between them: with four writers the old copy of 256
pages per step took 57 s instead of 0.7 s). ``bench/backup.py`` measures it against
``VACUUM INTO``; see docs/benchmarks.md.

The copy is written to a temporary file created with ``O_EXCL`` and mode 0600 next to the
destination, switched to a single file (rollback journal, no ``-wal``), and only then linked
to its name, so there is never a half-written or world-readable backup under the name asked
for, and an existing file is never overwritten unless asked (``force``).

A restore (:func:`restore`) checks the file before anything is replaced: ``integrity_check``
must say ok and every migration recorded in it must be known to this installation (a backup
from a newer version is refused). It refuses while other sessions have the database open, and
keeps the current file aside as ``<name>.pre-restore-<time>.db``.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import os
import sqlite3
import stat
from collections.abc import Iterable
from pathlib import Path

from stadstafel import i18n
from stadstafel.errors import StadstafelError, ValidationError

MIGRATIONS_TABLE = "_sqlite_migrations"
# The "dead man switch" byte of SQLite's -shm file (unix VFS): every connection that has the
# database open in WAL mode holds a shared lock on it.
_SHM_DMS_OFFSET = 128


class RestoreError(StadstafelError):
    """A restore that was refused; nothing was changed."""


def _l(nl: str, en: str) -> str:
    return nl if i18n.language() == "nl" else en


def _tmp_beside(dest: Path) -> tuple[Path, int]:
    """A new, empty, owner-only file next to ``dest`` (name, descriptor)."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | getattr(os, "O_CLOEXEC", 0)
    for attempt in range(100):
        tmp = dest.with_name(f".{dest.name}.{os.getpid()}.{attempt}.tmp")
        try:
            return tmp, os.open(tmp, flags, 0o600)
        except FileExistsError:
            continue
    raise ValidationError({"file": f"{dest}: no temporary file could be made"})


def _cleanup(path: Path) -> None:
    for suffix in ("", "-journal", "-wal", "-shm"):
        with contextlib.suppress(FileNotFoundError):
            os.unlink(f"{path}{suffix}")


def copy_database(
    source: sqlite3.Connection, dest: str | Path, *, force: bool = False, method: str = "backup"
) -> Path:
    """Copy the database of ``source`` to ``dest`` (mode 0600); see the module docstring.

    ``method`` is ``"backup"`` (one backup step, the default) or ``"vacuum"`` (``VACUUM
    INTO``, for the benchmark). Raises ValidationError when ``dest`` exists and not ``force``,
    and for every file-system or SQLite fault on the way (a full disk, a folder without write
    access), with nothing left behind.
    """
    dest = Path(dest)
    try:
        return _copy_database(source, dest, force=force, method=method)
    except (OSError, sqlite3.Error) as exc:
        reason = getattr(exc, "strerror", None) or str(exc)
        raise ValidationError(
            {
                "file": _l(
                    f"De kopie naar {dest} is niet gelukt ({reason}); er is niets geschreven.",
                    f"The copy to {dest} failed ({reason}); nothing was written.",
                )
            }
        ) from None


def _copy_database(source: sqlite3.Connection, dest: Path, *, force: bool, method: str) -> Path:
    if os.path.lexists(dest) and not force:
        raise ValidationError(
            {
                "file": _l(
                    f"{dest} bestaat al; kies een andere naam (of overschrijf met --force).",
                    f"{dest} already exists; choose another name (or overwrite with --force).",
                )
            }
        )
    tmp, fd = _tmp_beside(dest)
    os.close(fd)
    try:
        if method == "vacuum":
            source.execute("VACUUM INTO ?", [str(tmp)])  # the file exists and is empty: allowed
            target = sqlite3.connect(str(tmp), isolation_level=None)
        else:
            target = sqlite3.connect(str(tmp), isolation_level=None)
            source.backup(target, pages=-1)
        try:
            target.execute("PRAGMA journal_mode = DELETE")  # one self-contained file
        finally:
            target.close()
        fd = os.open(tmp, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
        if force:
            if os.path.lexists(dest) and not stat.S_ISREG(os.lstat(dest).st_mode):
                raise ValidationError({"file": f"{dest}: not a plain file"})
            os.replace(tmp, dest)
        else:
            try:
                os.link(tmp, dest)  # fails when dest appeared meanwhile: never overwrites
            except FileExistsError:
                raise ValidationError(
                    {"file": _l(f"{dest} bestaat al.", f"{dest} already exists.")}
                ) from None
    finally:
        _cleanup(tmp)
    return dest


def default_name(database: Path) -> str:
    """``<stem>-<YYYYmmdd-HHMMSS>.db``: the name used when the destination is a folder."""
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    return f"{database.stem}-{stamp}{database.suffix or '.db'}"


# -- restore ----------------------------------------------------------------------------------
def sessions_open(database: Path) -> bool:
    """Does another connection have ``database`` open (in WAL mode)?

    Every connection holds a shared lock on a byte of the ``-shm`` file while it is open; this
    process may not have the database open itself when it asks (POSIX locks are per process).
    """
    shm = Path(f"{database}-shm")
    try:
        fd = os.open(shm, os.O_RDWR)
    except FileNotFoundError:
        return False
    try:
        try:
            fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB, 1, _SHM_DMS_OFFSET)
        except OSError:
            return True
        fcntl.lockf(fd, fcntl.LOCK_UN, 1, _SHM_DMS_OFFSET)
        return False
    finally:
        os.close(fd)


def _read_only(path: Path) -> sqlite3.Connection:
    from urllib.request import pathname2url

    return sqlite3.connect(f"file:{pathname2url(str(path))}?mode=ro", uri=True)


def check_file(path: Path, known: dict[str, set[str]]) -> list[str]:
    """Problems of a database file that would be restored (empty: fine).

    ``known`` maps each migration set's name to the migrations this installation has.
    """
    try:
        conn = _read_only(path)
    except sqlite3.Error as exc:
        return [str(exc)]
    try:
        try:
            result = [r[0] for r in conn.execute("PRAGMA integrity_check")]
        except sqlite3.DatabaseError as exc:
            return [_l(f"geen SQLite-database ({exc})", f"not an SQLite database ({exc})")]
        if result != ["ok"]:
            return ["integrity_check: " + "; ".join(str(r) for r in result[:5])]
        try:
            rows = conn.execute(f"SELECT migration_set, name FROM {MIGRATIONS_TABLE}").fetchall()
        except sqlite3.DatabaseError:
            return [_l("geen stadstafel-database", "not a stadstafel database")]
        if not any(s == "stadstafel" for s, _ in rows):
            return [_l("geen stadstafel-database", "not a stadstafel database")]
        newer = sorted(f"{s}:{n}" for s, n in rows if s in known and n not in known[s])
        if newer:
            return [
                _l(
                    f"gemaakt door een nieuwere versie (onbekende migraties: {', '.join(newer)});"
                    " werk stadstafel eerst bij",
                    f"made by a newer version (unknown migrations: {', '.join(newer)});"
                    " upgrade stadstafel first",
                )
            ]
        return []
    finally:
        conn.close()


def known_migrations(sets: Iterable[object]) -> dict[str, set[str]]:
    """Migration set name -> names of its migrations, for :func:`check_file`."""
    out: dict[str, set[str]] = {}
    for s in sets:
        out[s.name] = {m.name for m in getattr(s, "_migrations", [])}  # type: ignore[attr-defined]
    return out


def restore(database: Path, source: Path, known: dict[str, set[str]]) -> Path:
    """Replace ``database`` by a checked copy of ``source``; return where the old file went.

    The caller has checked that the user is a beheerder and that ``source`` may be named.
    Every refusal or fault is a RestoreError; nothing is changed then.
    """
    try:
        return _restore(Path(database), Path(source), known)
    except (OSError, sqlite3.Error) as exc:
        reason = getattr(exc, "strerror", None) or str(exc)
        raise RestoreError(
            _l(
                f"Terugzetten is niet gelukt ({reason}); {database} is niet vervangen.",
                f"The restore failed ({reason}); {database} was not replaced.",
            )
        ) from None


def _restore(database: Path, source: Path, known: dict[str, set[str]]) -> Path:
    database = Path(database)
    source = Path(source)
    if not database.parent.is_dir():
        raise RestoreError(
            _l(f"De map van {database} bestaat niet.", f"The folder of {database} does not exist.")
        )
    if sessions_open(database):
        raise RestoreError(
            _l(
                f"{database} is nog open in een andere sessie; laat iedereen stoppen"
                " (of sluit de toegang af) en probeer het opnieuw. Er is niets gewijzigd.",
                f"{database} is still open in another session; let everyone stop"
                " (or shut access) and try again. Nothing was changed.",
            )
        )
    # 1. Copy the source next to the database (same file system: the swap is a rename), as
    #    one file, and check that copy: what is checked is what is put in place.
    tmp, fd = _tmp_beside(database)
    os.close(fd)
    try:
        try:
            src = _read_only(source)
        except sqlite3.Error as exc:
            raise RestoreError(
                _l(
                    f"{source} kan niet worden geopend ({exc}).",
                    f"{source} cannot be opened ({exc}).",
                )
            ) from None
        try:
            target = sqlite3.connect(str(tmp), isolation_level=None)
            try:
                src.backup(target, pages=-1)
                target.execute("PRAGMA journal_mode = DELETE")
            finally:
                target.close()
        except sqlite3.DatabaseError as exc:
            raise RestoreError(
                _l(
                    f"{source}: geen bruikbare database ({exc}).",
                    f"{source}: not a usable database ({exc}).",
                )
            ) from None
        finally:
            src.close()
        problems = check_file(tmp, known)
        if problems:
            raise RestoreError(
                _l(
                    f"{source} wordt niet teruggezet: {'; '.join(problems)}."
                    " Er is niets gewijzigd.",
                    f"{source} is not restored: {'; '.join(problems)}. Nothing was changed.",
                )
            )
        # 2. Put the current file aside, with everything it still had in its WAL.
        aside = None
        if database.exists():
            old = sqlite3.connect(str(database), isolation_level=None)
            try:
                if old.execute("PRAGMA journal_mode").fetchone()[0].lower() == "wal":
                    old.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            except sqlite3.DatabaseError:
                pass  # a broken file is kept aside as it is
            finally:
                old.close()
            info = os.stat(database)
            with contextlib.suppress(OSError):
                os.chmod(tmp, stat.S_IMODE(info.st_mode))
                os.chown(tmp, -1, info.st_gid)
            stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
            aside = database.with_name(f"{database.stem}.pre-restore-{stamp}{database.suffix}")
            if sessions_open(database):
                raise RestoreError(
                    _l(
                        f"{database} werd net geopend door een andere sessie;"
                        " er is niets gewijzigd.",
                        f"{database} was just opened by another session; nothing was changed.",
                    )
                )
            os.link(database, aside)
            for suffix in ("-wal", "-shm"):
                with contextlib.suppress(FileNotFoundError):
                    os.replace(f"{database}{suffix}", f"{aside}{suffix}")
        os.replace(tmp, database)
        return aside if aside is not None else database
    finally:
        _cleanup(tmp)
