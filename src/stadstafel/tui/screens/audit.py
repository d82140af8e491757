"""The audit log on screen (issue 21, item 9): who changed what, when, for the beheerder.

    AuditScreen()                        every change, newest first (``L`` on home, the palette)
    AuditScreen(records, title)          one record's history (``L`` on its detail screen:
                                         a partner, a table, a meeting's agenda, an agenda item)

Four filters above the list, each narrowing as you type: the record ("persoon", "agendapunt
12", or just an id), who made the change (a login), and the first and last day
(jjjj-mm-dd). Under the list the change in full: each field by its label, the value before
and after, references by name (``tui.values``). Only a role with ``audit.read`` (the
beheerder) is offered the key; the service refuses anyone else.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Input, Static

from stadstafel import i18n, permissions
from stadstafel.records import Record
from stadstafel.tui.calls import call_service
from stadstafel.tui.text import L
from stadstafel.tui.values import (
    changed_fields,
    changes,
    field_label,
    record_label,
    value_text,
)
from stadstafel.tui.widgets.base import StadstafelScreen, bind
from stadstafel.tui.widgets.lists import RecordTable, clip
from stadstafel.tui.widgets.paged import focus_filter

ACTIONS = {
    "create": ("nieuw", "created"),
    "update": ("gewijzigd", "changed"),
    "delete": ("verwijderd", "deleted"),
    "submit": ("ingediend", "submitted"),
    "accept": ("opgenomen", "accepted"),
    "postpone": ("doorgeschoven", "postponed"),
    "withdraw": ("ingetrokken", "withdrawn"),
    "drop": ("geschrapt", "dropped"),
    "handled": ("behandeld", "handled"),
    "sign": ("ondertekend", "signed"),
    "supersede": ("vervangen", "superseded"),
    "minutes": ("genotuleerd", "minuted"),
    "carry": ("doorgezet", "carried"),
    "close": ("gesloten", "closed"),
    "admit": ("toegelaten", "admitted"),
    "erase": ("gewist (AVG)", "erased (GDPR)"),
    "correct": ("gecorrigeerd", "corrected"),
}


def may_read_audit(ws: Any) -> bool:
    """May the signed-in person read the audit log (``audit.read``)?"""
    return permissions.allowed(ws.actor, "audit.read")


def record_type_of(word: str) -> str | None:
    """The record type a word names: its Dutch or English label or its own name."""
    folded = word.casefold().replace(" ", "_")
    for name, pair in i18n.RECORDS.items():
        if folded in (name, *(p.casefold().replace(" ", "_") for p in pair)):
            return name
    return None


def _json(text: Any) -> dict | None:
    if not text:
        return None
    try:
        value = json.loads(text)
    except (TypeError, ValueError):
        return None
    return value if isinstance(value, dict) else None


class AuditScreen(StadstafelScreen):
    """The audit list with its filters and the change under the cursor in full."""

    TITLE_NL, TITLE_EN = "Auditlog", "Audit log"
    #: Rows fetched: the newest this many that match the filters.
    LIMIT = 500
    AUTO_FOCUS = "#audit-list"
    BINDINGS = [
        bind("ctrl+f", "focus_filter", "Filter", id="audit.filter", priority=True),
        bind("escape", "back", "Terug", "Back", id="audit.back"),
    ]
    DEFAULT_CSS = """
    AuditScreen .filterbar { height: 1; padding: 0 1; }
    AuditScreen .filterbar Static { width: auto; padding-right: 1; color: $text-muted; }
    AuditScreen .filterbar Input { border: none; height: 1; padding: 0; margin-right: 1; }
    AuditScreen .filterbar Input:focus { background: $primary 30%; }
    AuditScreen #audit-record { width: 2fr; }
    AuditScreen #audit-login, AuditScreen #audit-from, AuditScreen #audit-to { width: 1fr; }
    AuditScreen #audit-list { height: 1fr; }
    AuditScreen #audit-detail { height: 6; padding: 0 1; border-top: solid $secondary; }
    AuditScreen #audit-status { height: 1; padding: 0 1; color: $text-muted; }
    """

    def __init__(self, records: Sequence[tuple[str, int]] = (), title: str = "") -> None:
        super().__init__()
        self.records = list(records)
        self.title_text = title

    def compose(self) -> ComposeResult:
        yield from self.compose_header()
        yield Horizontal(
            Static(L("Record", "Record"), markup=False),
            Input(placeholder=L("soort of id", "kind or id"), id="audit-record"),
            Static(L("Door", "By"), markup=False),
            Input(placeholder="login", id="audit-login"),
            Static(L("Van", "From"), markup=False),
            Input(placeholder=L("jjjj-mm-dd", "yyyy-mm-dd"), id="audit-from"),
            Static(L("Tot", "To"), markup=False),
            Input(placeholder=L("jjjj-mm-dd", "yyyy-mm-dd"), id="audit-to"),
            classes="filterbar",
        )
        yield RecordTable(
            [
                (L("Wanneer", "When"), 16),
                (L("Door", "By"), 10),
                (L("Wat", "What"), 10),
                (L("Record", "Record"), 18),
                (L("Velden", "Fields"), 16),
            ],
            cells=self._cells,
            flex=4,  # the fields changed take the room of a wider terminal
            id="audit-list",
        )
        yield Static("", id="audit-detail", markup=False)
        yield Static("", id="audit-status", markup=False)
        yield from self.compose_footer()

    @property
    def list_view(self) -> RecordTable:
        return self.query_one("#audit-list", RecordTable)

    def on_mount(self) -> None:
        if self.title_text:
            self.set_heading(f"{L('Logboek', 'History')} · {self.title_text}")
        self.refresh_data()

    # -- data ---------------------------------------------------------------------------------
    def _filters(self) -> dict | None:
        """The service's filters from the four inputs; None (and a message) when one cannot
        be read."""
        record = self.query_one("#audit-record", Input).value.split()
        login = self.query_one("#audit-login", Input).value.strip() or None
        out: dict[str, Any] = {"login": login}
        for word in record:
            if word.isdigit():
                out["record_id"] = int(word)
            elif (kind := record_type_of(word)) is not None:
                out["record_type"] = kind
            else:
                return self._bad(
                    L(f"'{word}' is geen soort record.", f"'{word}' is no record kind.")
                )
        for key, widget in (("start", "#audit-from"), ("end", "#audit-to")):
            text = self.query_one(widget, Input).value.strip()
            if not text:
                continue
            try:
                out[key] = dt.date.fromisoformat(text).isoformat()
            except ValueError:
                return self._bad(
                    L(
                        f"'{text}' is geen datum als 2027-01-31.",
                        f"'{text}' is no date like 2027-01-31.",
                    )
                )
        return out

    def _bad(self, message: str) -> None:
        self.query_one("#audit-status", Static).update(message)
        return None

    def refresh_data(self) -> None:
        filters = self._filters()
        if filters is None:
            return
        rows = call_service(
            self, self.ws.audit.list, records=self.records, limit=self.LIMIT, **filters
        )
        if rows is None:  # refused or a fault: the app said why
            rows = []
        for row in rows:
            row["before_values"], row["after_values"] = _json(row.before), _json(row.after)
        self.list_view.show(rows)
        n = len(rows)
        status = (
            L(f"De nieuwste {n} wijzigingen.", f"The newest {n} changes.")
            if n >= self.LIMIT
            else L(
                f"{n} {'wijziging' if n == 1 else 'wijzigingen'} · ctrl+f filtert",
                f"{n} {'change' if n == 1 else 'changes'} · ctrl+f filters",
            )
        )
        self.query_one("#audit-status", Static).update(status)
        self._show_detail()

    def _what(self, row: Record) -> str:
        """The change in words: a status change names the new status."""
        action = str(row.action or "")
        if action.startswith("status:"):
            return "→ " + action.partition(":")[2]
        pair = ACTIONS.get(action)
        return L(*pair) if pair else action

    def _record(self, row: Record) -> str:
        return f"{record_label(self.ws, row.record_type)} {row.record_id or ''}".strip()

    def _cells(self, row: Record) -> list[Any]:
        summary = ""
        if row.action == "update":  # the labels only: names are looked up for the detail
            fields = changed_fields(row.before_values, row.after_values)
            summary = ", ".join(field_label(self.ws, row.record_type, f) for f in fields)
        return [
            str(row.at or "")[:16],
            row.actor or "",
            self._what(row),
            self._record(row),
            summary,
        ]

    @on(RecordTable.RowHighlighted, "#audit-list")
    def _highlighted(self, _event: RecordTable.RowHighlighted) -> None:
        self._show_detail()

    def _show_detail(self) -> None:
        row = self.list_view.current_record
        detail = self.query_one("#audit-detail", Static)
        if row is None:
            detail.update(L("Geen wijzigingen gevonden.", "No changes found."))
            return
        values = row.after_values or row.before_values or {}
        name = next((values[k] for k in ("name", "title", "subject", "text") if values.get(k)), "")
        record = f"{self._record(row)} ({clip(str(name), 40)})" if name else self._record(row)
        head = f"{record} · {self._what(row)} · {row.actor} · {str(row.at)[:16]}"
        lines = [head]
        if row.action == "create":
            values = row.after_values or {}
            lines += [
                f"{label}: {new}"
                for label, _old, new in changes(self.ws, row.record_type, None, values)
            ]
        elif row.action == "delete":
            name = value_text(self.ws, "name", (row.before_values or {}).get("name"))
            lines.append(L(f"Verwijderd: {name}", f"Deleted: {name}"))
        else:
            lines += [
                f"{label}: {old} → {new}"
                for label, old, new in changes(
                    self.ws, row.record_type, row.before_values, row.after_values
                )
            ]
        detail.update("\n".join(clip(line, 200) for line in lines[:5]))

    @on(Input.Changed)
    def _filter_changed(self, _event: Input.Changed) -> None:
        self.refresh_data()

    @on(Input.Submitted)
    def _to_list(self, _event: Input.Submitted) -> None:
        self.list_view.focus()

    def action_focus_filter(self) -> None:
        focus_filter(self, "#audit-record")

    def action_back(self) -> None:
        self.app.pop_screen()


def open_history(app: Any, records: Sequence[tuple[str, int]], title: str) -> None:
    """Show the history of ``records`` (a record and its parts; none: every change), or say
    whose right it is."""
    from stadstafel.errors import PermissionDenied
    from stadstafel.tui.widgets.base import notify_error

    try:
        permissions.require(app.workspace.actor, "audit.read")
    except PermissionDenied as exc:
        notify_error(app, exc)
        return
    app.push_screen(AuditScreen(records, title))
