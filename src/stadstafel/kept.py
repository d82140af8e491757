"""Files a start keeps for the next one, in ``$XDG_CACHE_HOME/stadstafel``
(``config.cache_dir``): Textual's parsed CSS (``tui.css_cache``), the plugins' entry points
(``plugins.entry_points_kept``).

Such a file is never a fault a person sees: one that is missing, cannot be read, belongs to
someone else or may be written by others reads as nothing (the start does the work itself);
one that cannot be written is not written. It is written in a folder only its user may
enter, through a file of its own renamed into place, so two starts at once never read half a
file.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path


def kept_file(name: str, env: object = None) -> Path | None:
    """The file ``name`` in the cache folder; None when there is no folder to name (no home)."""
    from stadstafel.config import cache_dir

    try:
        return cache_dir(os.environ if env is None else env) / name  # type: ignore[arg-type]
    except (RuntimeError, KeyError, OSError):  # Path.home() without a home
        return None


def read(path: Path | None) -> bytes | None:
    """The file's bytes, or None (none named, missing, unreadable, someone else's or others
    may write it: as ssh treats its own files)."""
    if path is None:
        return None
    try:
        with open(path, "rb") as f:
            info = os.fstat(f.fileno())
            if info.st_uid != os.getuid() or info.st_mode & 0o022:
                return None
            return f.read()
    except OSError:
        return None


def write(path: Path | None, data: bytes) -> bool:
    """Replace the file with ``data`` at once; False when it could not be written."""
    if path is None:
        return False
    folder = path.parent
    part = folder / f".{path.name}.{os.getpid()}"
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd = os.open(part, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(part, path)
        return True
    except OSError:  # a full disk, a folder that is not one or not ours
        with contextlib.suppress(OSError):
            part.unlink()
        return False
