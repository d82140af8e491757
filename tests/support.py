"""Helpers shared by the core tests."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace


def make_config(database, users=None, language="nl"):
    users = {
        login: SimpleNamespace(login=login, person=person, role=role)
        for login, (person, role) in (users or {}).items()
    }
    return SimpleNamespace(
        database=Path(database) if database != ":memory:" else database,
        users=users,
        language=language,
        theme="stadstafel",
        workspace_name="test",
        service_accounts=[],
        source=None,
    )
