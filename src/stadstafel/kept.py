"""Files a start keeps for the next one, in ``$XDG_CACHE_HOME/stadstafel``
(``config.cache_dir``): Textual's parsed CSS (``tui.css_cache``), the plugins' entry points
(``plugins.entry_points_kept``).

Such a file is never a fault a person sees: one that is missing, cannot be read, belongs to
someone else or may be written by others reads as nothing (the start does the work itself);
one that cannot be written is not written. It is written in a folder only its user may
enter, through a file of its own renamed into place, so two starts at once never read half a
file.

What is read may be run (the CSS cache is a pickle), so a file is trusted only as far as its
user's own files are: the folder is opened once and every step after works on what was opened
(no name is looked up twice, so nothing swapped in between is read). The folder must be the
user's and writable by no one else (else no one else could have put or renamed anything in
it); the file must be a regular file (a link, a pipe or a device is not followed or opened),
the user's, writable by no one else and have no second name (a hard link made by someone else
to one of the user's files elsewhere). Writing is refused in a folder that fails the same test,
and the file written first is created new (never through a link someone left in its place).
"""

from __future__ import annotations

import contextlib
import marshal
import os
import stat
import sys
from pathlib import Path

_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_DIRECTORY = getattr(os, "O_DIRECTORY", 0)
_NONBLOCK = getattr(os, "O_NONBLOCK", 0)  # a pipe put in its place opens without waiting


def kept_file(name: str, env: object = None) -> Path | None:
    """The file ``name`` in the cache folder; None when there is no folder to name (no home)."""
    from stadstafel.config import cache_dir

    try:
        return cache_dir(os.environ if env is None else env) / name  # type: ignore[arg-type]
    except (RuntimeError, KeyError, OSError):  # Path.home() without a home
        return None


def _ours(info: os.stat_result) -> bool:
    """The user's and writable by no one else."""
    return info.st_uid == os.getuid() and not info.st_mode & 0o022


def _open_folder(folder: Path) -> int | None:
    """A descriptor of ``folder`` when it is the user's own (see the module), else None."""
    try:
        fd = os.open(folder, os.O_RDONLY | _DIRECTORY)
    except OSError:
        return None
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode) and _ours(info):
            fd, kept = -1, fd
            return kept
        return None
    finally:
        if fd >= 0:
            os.close(fd)


def read(path: Path | None) -> bytes | None:
    """The file's bytes, or None (none named, missing, unreadable, or not the user's own in a
    folder of the user's own: see the module; as ssh treats its own files)."""
    if path is None:
        return None
    folder = _open_folder(path.parent)
    if folder is None:
        return None
    try:
        fd = os.open(path.name, os.O_RDONLY | _NOFOLLOW | _NONBLOCK, dir_fd=folder)
        with os.fdopen(fd, "rb") as f:
            info = os.fstat(f.fileno())
            if not stat.S_ISREG(info.st_mode) or not _ours(info) or info.st_nlink != 1:
                return None
            return f.read()
    except OSError:
        return None
    finally:
        os.close(folder)


def write(path: Path | None, data: bytes) -> bool:
    """Replace the file with ``data`` at once; False when it could not be written (or the
    folder is not the user's own)."""
    if path is None:
        return False
    part = f".{path.name}.{os.getpid()}"
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    except OSError:  # a full disk, a folder that is not one or not ours
        return False
    folder = _open_folder(path.parent)
    if folder is None:
        return False
    try:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(part, dir_fd=folder)  # one left by a start that ended while writing
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW
        fd = os.open(part, flags, 0o600, dir_fd=folder)
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(part, path.name, src_dir_fd=folder, dst_dir_fd=folder)
        return True
    except OSError:
        with contextlib.suppress(OSError):
            os.unlink(part, dir_fd=folder)
        return False
    finally:
        os.close(folder)


# -- TOML parsed at every start ------------------------------------------------------------------
TOML_FILE = "toml.marshal"
TOML_KEPT = 16  # texts kept at most (an edited configuration adds one; the oldest goes)
_TOML_STAMP = ("toml", 1, sys.version_info[:2])
_toml: dict[str, bytes] | None = None  # text -> its value in marshal's format, once per process


def parse_toml(text: str) -> dict:
    """``tomllib.loads(text)``, kept: a start parses the same few files (the workspace's
    configuration, the modules' defaults), and ``tomllib`` with its parse cost 4 ms of each
    (2.7 of them its import). A text parsed before is read from the kept file
    (``TOML_FILE``, in marshal's format: tables, arrays, strings, numbers and booleans; a
    text with dates is parsed every time) and compared whole, so an edit is always parsed.
    The file is read only as ``read`` reads any kept file (the user's own). Each call returns
    values of its own. Raises what ``tomllib.loads`` raises (``tomllib.TOMLDecodeError``, a
    ``ValueError``)."""
    global _toml
    texts = _toml  # one table for the whole call: forget_toml may drop it meanwhile
    if texts is None:
        texts = _toml = _read_toml()
    found = texts.get(text)
    if found is not None:
        try:
            value = marshal.loads(found)
        except (EOFError, ValueError, TypeError):
            value = None
        if type(value) is dict:
            return value
    import tomllib

    value = tomllib.loads(text)
    try:
        kept = marshal.dumps(value)
    except ValueError:  # dates (marshal has none), or nested too deeply: parsed every time
        return value
    texts.pop(text, None)
    texts[text] = kept
    while len(texts) > TOML_KEPT:
        del texts[next(iter(texts))]
    write(kept_file(TOML_FILE), marshal.dumps((_TOML_STAMP, texts)))
    return value


def forget_toml() -> None:
    """Let go of the kept texts ``parse_toml`` read (about 60 KB: every text kept with its
    value). A start parses its few files in its first seconds; a later call reads the file
    again (once, about 0.1 ms). The terminal UI calls this in a pause, beside the trim,
    while another thread may be in ``parse_toml`` (which holds the table it began with)."""
    global _toml
    _toml = None


def _read_toml() -> dict[str, bytes]:
    data = read(kept_file(TOML_FILE))
    if data is None:
        return {}
    try:
        stamp, found = marshal.loads(data)
    except (EOFError, ValueError, TypeError):  # not ours, half written, another format
        return {}
    if stamp != _TOML_STAMP or type(found) is not dict:
        return {}
    return {k: v for k, v in found.items() if type(k) is str and type(v) is bytes}
