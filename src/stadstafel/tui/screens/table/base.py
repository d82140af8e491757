"""What the core tabs of a table's screen share: ``CoreTab`` and ``may``."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from stadstafel import permissions
from stadstafel.errors import PermissionDenied
from stadstafel.records import Record
from stadstafel.tui.calls import call_service
from stadstafel.tui.modals import ConfirmScreen
from stadstafel.tui.tabs import TableTab
from stadstafel.tui.widgets.base import notify_error
from stadstafel.tui.widgets.form import FormScreen
from stadstafel.tui.widgets.lists import RecordTable


def may(node: Any, action: str, *, table_id: int | None = None, org_id: int | None = None):
    """Is the actor allowed ``action``? If not, say why (the service would refuse anyway;
    this spares filling in a form first)."""
    ws = node.ws
    name = ws.tables.find(table_id).name if table_id else None
    try:
        permissions.require(ws.actor, action, table_id=table_id, org_id=org_id, table_name=name)
    except PermissionDenied as exc:
        notify_error(node.app, exc)
        return False
    return True


class CoreTab(TableTab):
    """A core tab: the table is ``self.table`` (kept fresh by the screen), its records are
    listed in ``RecordTable``s, and a change reloads the whole screen (a new member changes
    the interests matrix, the signatures and the initiatives' frame too)."""

    @property
    def table_id(self) -> int:
        return self.table.id

    def may(self, action: str, org_id: int | None = None) -> bool:
        return may(self, action, table_id=self.table_id, org_id=org_id)

    def reload(self) -> None:
        """Reload the screen (its header and every tab)."""
        self.screen.refresh_data()

    def current(self, list_id: str) -> Record | None:
        return self.query_one(f"#{list_id}", RecordTable).current_record

    def reload_and_select(self, list_id: str, key: Any) -> None:
        self.reload()
        self.query_one(f"#{list_id}", RecordTable).select_key(key)

    def confirm_delete(self, question: str, delete: Callable[[], Any], done: str) -> None:
        def answer(yes: bool | None) -> None:
            if yes and call_service(self, lambda: delete() or True):
                self.reload()
                self.notify(done, markup=False)

        self.app.push_screen(ConfirmScreen(question), answer)

    def record_form(
        self,
        record: Record,
        service: Any,
        fields: list,
        new_title: str,
        edit_title: str,
        *,
        form: type[FormScreen] = FormScreen,
        **options: Any,
    ) -> FormScreen:
        """The form for one of this table's records: ``service.update`` with the version it
        was read at when the record exists, else ``service.create`` for this table."""
        if record.id:
            return form(
                edit_title, fields, submit=lambda v: service.update(record.id, **v),
                version=record.version, **options,
            )  # fmt: skip
        table_id = self.table_id
        return form(
            new_title, fields, submit=lambda v: service.create(table_id=table_id, **v),
            **options,
        )  # fmt: skip
