"""Files a user names: read and written only inside the folders the deployment allows.

Every import and export that takes a path from a user goes through this module, AFTER the
caller checked the user's right to import or export (a refused user learns nothing about the
server's files, not even whether one exists)::

    register.check_permission()
    with open_for_reading(typed, "import", ws.config) as fh:    # bytes, a regular file only
        data = fh.read()
    with create_for_writing(typed, "export", ws.config) as fh:  # new file, mode 0600
        fh.write(data)

``confined(path, kind, config)`` is the one check: it resolves ``path`` (relative paths are
taken inside the kind's folder, ``~`` is the account's home) with ``realpath`` and refuses
anything outside that folder (``..``, a symlink pointing out, an absolute path elsewhere),
anything under ``/proc``, ``/sys`` or ``/dev``, and anything that is not a regular file (a
FIFO, a device, a folder). The opening helpers repeat the decisive checks on the opened file
descriptor (``O_NOFOLLOW``, ``fstat``), so a file swapped in between check and open is refused
too. Refusals are :class:`~stadstafel.errors.ValidationError` (field ``file``) with a message
that names the path as typed and the folder, never anything read from the file.

The folders come from ``[files]`` in the configuration (see ``config/README.md``):

- ``imports`` (default ``$XDG_DATA_HOME/stadstafel/imports``) — what imports may read;
- ``exports`` (default ``$XDG_DATA_HOME/stadstafel/exports``) — where exports may write;
- ``backups`` (default: none) — when set, ``stadstafel backup`` and ``restore`` are limited
  to it; unset, the beheerder (the only role that may back up) names any path, still never a
  device, FIFO, symlink or existing file.

The kind ``download`` is where the app puts a file exported from a screen or the palette in a
terminal: the ``exports`` folder when the deployment configured one, else the user's own
downloads folder (``XDG_DOWNLOAD_DIR``, from the environment or ``user-dirs.dirs``, else
``~/Downloads``), as a browser would.

Default folders are created (mode 0700) when first used; configured ones must exist.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Mapping
from pathlib import Path
from typing import Any, BinaryIO, Literal

from stadstafel import i18n
from stadstafel.errors import ValidationError

__all__ = [
    "KINDS",
    "confined",
    "create_for_writing",
    "downloads_folder",
    "folder",
    "open_for_reading",
]

Kind = Literal["import", "export", "backup", "download"]
KINDS: tuple[str, ...] = ("import", "export", "backup", "download")
_CONFIG_KEYS = {
    "import": "imports",
    "export": "exports",
    "backup": "backups",
    "download": "exports",
}
_FORBIDDEN = (Path("/proc"), Path("/sys"), Path("/dev"))
FIELD = "file"


def _l(nl: str, en: str) -> str:
    return nl if i18n.language() == "nl" else en


def _refuse(nl: str, en: str) -> ValidationError:
    return ValidationError({FIELD: _l(nl, en)})


def _shown(path: object) -> str:
    """A path as typed, safe to put in a message (control characters neutralised)."""
    from stadstafel.textsafe import neutralise

    text = neutralise(str(path), multiline=False)
    return text if len(text) <= 120 else text[:117] + "..."


def folder(kind: Kind, config: Any = None, env: Mapping[str, str] = os.environ) -> Path | None:
    """The resolved folder of ``kind`` for this configuration; None for ``backup`` without a
    configured ``[files] backups`` (any path the beheerder names).

    A default folder is created (mode 0700) when missing."""
    if kind not in KINDS:
        raise ValueError(f"unknown kind of file {kind!r}; one of {KINDS}")
    files = getattr(config, "files", None)
    configured = getattr(files, _CONFIG_KEYS[kind], None) if files is not None else None
    if configured is not None:
        return Path(os.path.realpath(configured))
    if kind == "backup":
        return None
    from stadstafel.config import data_dir

    default = (downloads_folder(env) if kind == "download" else None) or (
        data_dir(env) / _CONFIG_KEYS[kind]
    )
    try:
        default.mkdir(mode=0o700, parents=True, exist_ok=True)
    except OSError as exc:
        raise _refuse(
            f"De map {default} kan niet worden aangemaakt ({exc.strerror}).",
            f"The folder {default} cannot be created ({exc.strerror}).",
        ) from None
    return Path(os.path.realpath(default))


def downloads_folder(env: Mapping[str, str] = os.environ) -> Path | None:
    """The user's downloads folder: ``$XDG_DOWNLOAD_DIR``, else the one named in
    ``$XDG_CONFIG_HOME/user-dirs.dirs`` (a localised desktop's), else ``~/Downloads``; None
    without a home folder."""
    home = env.get("HOME") or ""
    if not home:
        try:
            home = str(Path.home())
        except RuntimeError:
            return None
    value = env.get("XDG_DOWNLOAD_DIR", "")
    if not value:
        config = env.get("XDG_CONFIG_HOME") or ""
        dirs = Path(config if os.path.isabs(config) else Path(home) / ".config") / "user-dirs.dirs"
        try:
            lines = dirs.read_text(encoding="utf-8", errors="replace").splitlines()
        except OSError:
            lines = []
        for raw in lines:
            key, _, val = raw.strip().partition("=")
            if key == "XDG_DOWNLOAD_DIR":
                value = val.strip().strip('"').replace("$HOME", home, 1)
    if not value or not os.path.isabs(value) or "\0" in value:
        value = os.path.join(home, "Downloads")
    return Path(value)


def _inside(path: Path, base: Path) -> bool:
    return path == base or path.is_relative_to(base)


def confined(
    path: str | os.PathLike[str],
    kind: Kind,
    config: Any = None,
    *,
    reading: bool | None = None,
    env: Mapping[str, str] = os.environ,
) -> Path:
    """The real path of ``path`` inside the folder of ``kind``, or ValidationError.

    For reading (``import``, or ``reading=True``, as a restore reads a backup) the file must
    exist and be a regular file. For writing (``export`` and ``backup``) the folder it goes
    into must exist; the file itself may exist (the caller decides about overwriting) but
    must then be a regular file, not a symlink. Call this only after the permission check;
    nothing is opened here.
    """
    if reading is None:
        reading = kind == "import"
    typed = os.fspath(path)
    if not isinstance(typed, str) or not typed.strip():
        raise _refuse("Geef een bestandsnaam.", "Give a file name.")
    if "\0" in typed:
        raise _refuse("Deze bestandsnaam kan niet.", "This file name is not possible.")
    base = folder(kind, config, env)
    home = env.get("HOME") or str(Path.home())
    at_home = typed == "~" or typed.startswith("~/")
    typed_path = Path(home) / typed[2:] if at_home else Path(typed)
    if not typed_path.is_absolute():
        typed_path = (base or Path.cwd()) / typed_path
    shown = _shown(path)
    # The folder part is resolved (symlinks followed); the last part is looked at itself, so a
    # symlink named there is refused rather than followed.
    parent = Path(os.path.realpath(typed_path.parent))
    name = typed_path.name
    if name in ("", ".", ".."):
        real = Path(os.path.realpath(typed_path))
        parent, name = real.parent, real.name
    target = parent / name
    if base is not None and not _inside(target, base):
        raise _refuse(
            f"{shown} ligt buiten de map {base}; alleen bestanden in die map zijn toegestaan.",
            f"{shown} is outside the folder {base}; only files in that folder are allowed.",
        )
    if any(_inside(target, p) for p in _FORBIDDEN) or target == Path("/"):
        raise _refuse(
            f"{shown} is geen gewoon bestand; kies een bestand in een gewone map.",
            f"{shown} is not a plain file; choose a file in an ordinary folder.",
        )
    try:
        info = os.lstat(target)
    except FileNotFoundError:
        info = None
    except OSError as exc:
        raise _refuse(
            f"{shown} kan niet worden gelezen ({exc.strerror}).",
            f"{shown} cannot be read ({exc.strerror}).",
        ) from None
    if info is None:
        if reading:
            where = f" in {base}" if base is not None else ""
            raise _refuse(
                f"Bestand niet gevonden: {shown}{where}.",
                f"File not found: {shown}{where}.",
            )
        if not parent.is_dir():
            raise _refuse(
                f"De map van {shown} bestaat niet.",
                f"The folder of {shown} does not exist.",
            )
        return target
    if stat.S_ISLNK(info.st_mode):
        real = Path(os.path.realpath(target))
        if not reading or base is None or not _inside(real, base):
            raise _refuse(
                f"{shown} is een verwijzing (symlink) naar elders; dat is niet toegestaan.",
                f"{shown} is a link (symlink) to elsewhere; that is not allowed.",
            )
        target = real
        info = os.stat(target)
    if not stat.S_ISREG(info.st_mode):
        raise _refuse(
            f"{shown} is geen gewoon bestand.",
            f"{shown} is not a plain file.",
        )
    return target


def open_for_reading(
    path: str | os.PathLike[str],
    kind: Kind = "import",
    config: Any = None,
    *,
    env: Mapping[str, str] = os.environ,
) -> BinaryIO:
    """Open a confined regular file for reading (binary). Never blocks on a FIFO, never
    follows a symlink swapped in after the check."""
    target = confined(path, kind, config, env=env)
    flags = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(target, flags)
    except OSError as exc:
        raise _refuse(
            f"{_shown(path)} kan niet worden geopend ({exc.strerror}).",
            f"{_shown(path)} cannot be opened ({exc.strerror}).",
        ) from None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise _refuse(
                f"{_shown(path)} is geen gewoon bestand.", f"{_shown(path)} is not a plain file."
            )
        os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def create_for_writing(
    path: str | os.PathLike[str],
    kind: Kind = "export",
    config: Any = None,
    *,
    force: bool = False,
    env: Mapping[str, str] = os.environ,
) -> BinaryIO:
    """Create a confined file for writing (binary), readable by its owner only (0600).

    An existing file is refused unless ``force``: then a regular file there is replaced (a
    symlink, FIFO or device never is)."""
    target = confined(path, kind, config, env=env)
    shown = _shown(path)
    if os.path.lexists(target):
        if not force:
            raise _refuse(
                f"{shown} bestaat al; kies een andere naam (of overschrijf met --force).",
                f"{shown} already exists; choose another name (or overwrite with --force).",
            )
        os.unlink(target)  # confined() made sure it is a regular file
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(target, flags, 0o600)
    except FileExistsError:
        raise _refuse(
            f"{shown} bestaat al; kies een andere naam.",
            f"{shown} already exists; choose another name.",
        ) from None
    except OSError as exc:
        raise _refuse(
            f"{shown} kan niet worden geschreven ({exc.strerror}).",
            f"{shown} cannot be written ({exc.strerror}).",
        ) from None
    return os.fdopen(fd, "wb")
