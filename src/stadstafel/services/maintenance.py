"""Maintenance of the workspace as a whole: the backup (``stadstafel backup``).

A backup is a copy of everyone's data, so it needs ``workspace.backup`` (beheerder only); the
right is checked before the destination is even looked at, and the copy is audited.
"""

from __future__ import annotations

from pathlib import Path

from stadstafel.files import confined
from stadstafel.services.base import Service


class Maintenance(Service):
    table = "audit"
    record = "workspace"

    def backup(self, dest: str | Path, *, force: bool = False) -> Path:
        """Copy the database to ``dest`` (a file, or a folder for a time-stamped name), mode
        0600, complete even while others write. Refuses an existing file unless ``force``."""
        self.require("workspace.backup")
        typed = Path(dest).expanduser()
        if typed.is_dir():
            from stadstafel.backup import default_name

            typed = typed / default_name(self.store.path)
        target = confined(typed, "backup", self.ws.config)
        path = self.store.backup(target, force=force)
        with self.store.write_lock():
            self._audit("backup", None, None, {"file": str(path)})
        return path
