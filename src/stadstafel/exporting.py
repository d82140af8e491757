"""Export formats: one contract for the core's formats and the plugins'.

An exporter is registered through the ``exporters(register)`` hook (the core's own formats too,
in :mod:`stadstafel.builtin`)::

    register(
        "woningbouw-csv",                   # name: unique, prefix it with your plugin's name
        export_projects,                    # function(workspace, scope) -> bytes
        label=("Woningbouwregister (CSV)", "Housing register (CSV)"),
        media_type="text/csv",
        suffix="csv",
        scopes=("none",),                   # which of "none", "table", "meeting" it takes
    )

``function(workspace, scope)`` gets the open workspace and an :class:`ExportScope`: its
``kind`` (``"none"``, ``"table"`` or ``"meeting"``), the record's ``id`` and the ``record``
itself (already read and checked to exist; None for ``"none"``). It returns the file's bytes
(a ``str`` is accepted and encoded as UTF-8). It reads through the services, so it sees what
the actor may see.

Run one with :func:`run_export` (``workspace.export(name, table=..., meeting=...)``): the scope
is checked against ``scopes`` first and any failure comes back as a
:class:`~stadstafel.errors.StadstafelError` with a message, never a traceback. The command
line (``stadstafel export``) and the app's command palette both run exporters this way.

This module does not import Textual.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, NamedTuple

from stadstafel import i18n
from stadstafel.errors import StadstafelError

SCOPES = ("none", "table", "meeting")
SCOPE_LABELS = {
    "none": ("hele werkplaats", "whole workspace"),
    "table": ("een tafel (--table)", "a table (--table)"),
    "meeting": ("een vergadering (--meeting)", "a meeting (--meeting)"),
    "mine": ("de tafels van de gebruiker (--mine)", "the user's tables (--mine)"),
}


MD = "text/markdown; charset=utf-8"
ODT = "application/vnd.oasis.opendocument.text"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

# The document formats: suffix -> media type. A ``documents.Document`` (headings, paragraphs,
# lists of user text) becomes a file of any of them through ``render_document``
# (``stadstafel.exports``); here so that the modules' exporter hooks, run at start, list them
# without importing the exports.
DOCUMENT_FORMATS = {"md": MD, "odt": ODT, "pdf": "application/pdf", "docx": DOCX}


class ExportScope(NamedTuple):
    """What an export covers: the whole workspace, one table or one meeting."""

    kind: str = "none"  # none | table | meeting
    id: int | None = None
    record: Any = None  # the table or meeting record; None for "none"


class Exporter(NamedTuple):
    """A registered export format."""

    name: str
    label_nl: str
    label_en: str
    media_type: str
    suffix: str  # file suffix without the dot: "csv", "ics", "odt"
    scopes: tuple[str, ...]
    function: Callable[[Any, ExportScope], bytes | str]
    plugin: str

    @property
    def label(self) -> str:
        """The label in the workspace's language."""
        return self.label_en if i18n.language() == "en" else self.label_nl

    def filename(self, scope: ExportScope | None = None) -> str:
        """A suggested file name: ``<name>[-<scope kind>-<id>].<suffix>``."""
        stem = self.name
        if scope is not None and scope.kind != "none" and scope.id is not None:
            stem += f"-{scope.kind}-{scope.id}"
        return f"{stem}.{self.suffix}"


def make_exporter(
    plugin: str,
    name: str,
    function: Callable,
    *,
    label: str | tuple[str, str] | None = None,
    media_type: str = "application/octet-stream",
    suffix: str = "bin",
    scopes: Iterable[str] = ("none",),
) -> Exporter:
    """Check what a plugin registers and make the :class:`Exporter`; ValueError/TypeError
    name what is wrong (the host reports it and switches the plugin off)."""
    if not isinstance(name, str) or not name.strip():
        raise ValueError(f"name moet een niet-lege tekst zijn, niet {name!r}")
    if not callable(function):
        raise TypeError(f"function moet aanroepbaar zijn, niet {type(function).__name__}")
    if label is None:
        label_nl = label_en = name
    elif isinstance(label, str):
        label_nl = label_en = label
    else:
        label_nl, label_en = label
    for what, text in (("label", label_nl), ("label", label_en), ("media_type", media_type)):
        if not isinstance(text, str) or not text.strip():
            raise ValueError(f"{what} moet een niet-lege tekst zijn, niet {text!r}")
    suffix = str(suffix or "").lstrip(".")
    if not suffix:
        raise ValueError("suffix moet een niet-lege tekst zijn")
    scopes = tuple(scopes)
    unknown = [s for s in scopes if s not in SCOPES]
    if not scopes or unknown:
        raise ValueError(f"scopes moet een of meer zijn van {', '.join(SCOPES)}, niet {scopes!r}")
    return Exporter(name, label_nl, label_en, media_type, suffix, scopes, function, plugin)


def resolve_scope(workspace: Any, table: Any = None, meeting: Any = None) -> ExportScope:
    """The scope for ``table`` (id or name) or ``meeting`` (id); NotFound when it is not
    there, StadstafelError when both are given."""
    from stadstafel.errors import NotFound

    if table is not None and meeting is not None:
        raise StadstafelError(
            i18n.L(
                "Kies een tafel of een vergadering, niet allebei.",
                "Choose a table or a meeting, not both.",
            )
        )
    if table is not None:
        rec = None
        if isinstance(table, int) or str(table).strip().isdigit():
            rec = workspace.tables.find(int(table))
        if rec is None:
            rec = workspace.tables.by_name(str(table))
        if rec is None:
            raise NotFound("table", table)
        return ExportScope("table", rec.id, rec)
    if meeting is not None:
        try:
            meeting_id = int(meeting)
        except (TypeError, ValueError):
            raise NotFound("meeting", meeting) from None
        rec = workspace.meetings.get(meeting_id)
        return ExportScope("meeting", rec.id, rec)
    return ExportScope()


def check_scope(exporter: Exporter, kind: str) -> None:
    """StadstafelError naming the scopes ``exporter`` takes when ``kind`` is not one."""
    if kind not in exporter.scopes:
        takes = ", ".join(i18n.pick(SCOPE_LABELS[s]) for s in exporter.scopes)
        raise StadstafelError(
            i18n.L(
                f"Export '{exporter.name}' werkt voor: {takes}.",
                f"Export '{exporter.name}' works for: {takes}.",
            )
        )


def run_export(workspace: Any, exporter: Exporter, scope: ExportScope | None = None) -> bytes:
    """Run ``exporter`` for ``scope``: the file's bytes, or a StadstafelError with a message."""
    scope = scope or ExportScope()
    check_scope(exporter, scope.kind)
    try:
        data = exporter.function(workspace, scope)
    except StadstafelError:
        raise
    except Exception as exc:
        first = (str(exc).strip().splitlines() or [""])[0]
        why = f"{type(exc).__name__}: {first}" if first else type(exc).__name__
        raise StadstafelError(
            i18n.L(
                f"Export '{exporter.name}' (plugin '{exporter.plugin}') mislukte: {why}",
                f"Export '{exporter.name}' (plugin '{exporter.plugin}') failed: {why}",
            )
        ) from exc
    if isinstance(data, str):
        return data.encode("utf-8")
    if isinstance(data, bytes | bytearray | memoryview):
        return bytes(data)
    raise StadstafelError(
        i18n.L(
            f"Export '{exporter.name}' gaf {type(data).__name__}, geen bytes.",
            f"Export '{exporter.name}' returned {type(data).__name__}, not bytes.",
        )
    )
