"""Typed errors. Each carries a message a person can act on, in the current language."""

from __future__ import annotations

from stadstafel import i18n


class StadstafelError(Exception):
    """Base class of every error the services raise on purpose."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class ValidationError(StadstafelError):
    """Input that cannot be stored. ``fields`` maps a field name to what is wrong with it."""

    def __init__(self, fields: dict[str, str] | str):
        if isinstance(fields, str):
            fields = {"": fields}
        self.fields = dict(fields)
        super().__init__(" ".join(self.fields.values()))

    @classmethod
    def one(cls, field: str, key: str, **params: object) -> ValidationError:
        label = i18n.field_label(field) if field else ""
        return cls({field: i18n.t(key, field=label, **params)})


class PermissionDenied(StadstafelError):
    """The actor may not perform this mutation."""


class NotFound(StadstafelError):
    """The record does not exist (any more)."""

    def __init__(self, record: str, id: object):
        self.record = record
        self.id = id
        super().__init__(i18n.t("not_found", record=i18n.record_label(record).capitalize(), id=id))


class ConflictError(StadstafelError):
    """Somebody else changed the record since it was read (optimistic concurrency).

    ``current`` holds the record as it is now stored, so a UI can show both versions;
    ``record_type`` (organisation, action, …) lets it name the fields by their labels.
    """

    def __init__(
        self,
        message: str,
        current: dict | None = None,
        yours: dict | None = None,
        record_type: str | None = None,
    ):
        super().__init__(message)
        self.current = current
        self.yours = yours
        self.record_type = record_type


class DatabaseError(StadstafelError):
    """The database file cannot be used: missing, read-only, full, corrupt, locked, newer.

    Not the user's input but the environment's fault. ``path`` is the file; the message names
    it and says what to do. The command exits 2 with it; the terminal UI shows it and keeps
    the session (nothing was written).
    """

    def __init__(self, message: str, path: object = None):
        super().__init__(message)
        self.path = path


class BusyError(DatabaseError):
    """The database stayed locked longer than the busy timeout allows."""


class ConfigError(StadstafelError):
    """A configuration file that cannot be used. Names file, key path, expected and found."""

    def __init__(self, file: str, key: str, expected: str, found: str):
        self.file = file
        self.key = key
        self.expected = expected
        self.found = found
        where = f"{file}: {key}" if key else file
        super().__init__(f"{where}: expected {expected}, found {found}")
