"""Leden: the table's member organisations, their role, since when and who represents them.

n adds a member (an organisation, then its role), e (or Enter) edits one, x ends a membership
(it stays in the history)."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult

from stadstafel import clock
from stadstafel.records import Record
from stadstafel.tui.calls import call_service, service_action
from stadstafel.tui.modals import PickerScreen
from stadstafel.tui.screens.table.base import CoreTab
from stadstafel.tui.text import L
from stadstafel.tui.widgets.base import bind
from stadstafel.tui.widgets.form import FormField
from stadstafel.tui.widgets.lists import RecordTable


class MembersTab(CoreTab):
    BINDINGS = [
        bind(
            "n",
            "add_member",
            "Lid toevoegen",
            "Add member",
            id="table.member_add",
            right="membership.manage",
        ),
        bind(
            "e", "edit_member", "Wijzig", "Edit", id="table.member_edit", right="membership.manage"
        ),
        bind(
            "x", "end_member", "Beëindig", "End", id="table.member_end", right="membership.manage"
        ),
    ]

    def compose(self) -> ComposeResult:
        yield RecordTable(
            [
                (L("Organisatie", "Organisation"), 30, lambda m: m.organisation_name),
                (L("Soort", "Kind"), 18, lambda m: m.organisation_kind),
                (L("Rol", "Role"), 9, lambda m: m.role),
                (L("Sinds", "Since"), 10, lambda m: m.since),
            ],
            id="members",
        )

    def refresh_data(self) -> None:
        self.query_one("#members", RecordTable).show(self.ws.tables.members(self.table_id))

    def action_add_member(self) -> None:
        if not self.may("membership.manage"):
            return
        current = {m.organisation_id for m in self.ws.tables.members(self.table_id)}
        orgs = self.ws.organisations.list().rows  # every one: the picker filters as you type
        options = [(f"{o.name} ({o.kind})", o.id) for o in orgs if o.id not in current]

        def picked_org(org_id: int | None) -> None:
            if org_id is None:
                return
            roles = [(role, role) for role in self.ws.vocabulary("membership_roles")]

            def picked_role(role: str | None) -> None:
                if role is None:
                    return
                done = call_service(
                    self, self.ws.memberships.add, self.table_id, org_id, role=role,
                    since=clock.today_text(),
                )  # fmt: skip
                if done is not None:
                    self.reload_and_select("members", done.id)
                    org = self.ws.organisations.find(org_id)
                    name = org.name if org else ""
                    self.notify(L(f"Lid toegevoegd: {name} als {role}.",
                                  f"Member added: {name} as {role}."), markup=False)  # fmt: skip

            self.app.push_screen(
                PickerScreen(L("Rol (partner telt mee voor het kader)",
                               "Role (partners count for the frame)"), roles, value="partner"),
                picked_role,
            )  # fmt: skip

        self.app.push_screen(
            PickerScreen(L("Lid toevoegen: kies een organisatie",
                           "Add member: choose an organisation"), options),
            picked_org,
        )  # fmt: skip

    @service_action
    def action_edit_member(self) -> None:
        row = self.current("members")
        if row is None or not self.may("membership.manage"):
            return
        member = self.ws.memberships.get(row.id)
        people = [(p.name, p.id) for p in self.ws.people.of_organisation(member.organisation_id)]
        from stadstafel.tui.screens.table.forms import PickFormScreen  # with a form, not the tab

        form = PickFormScreen(
            L(f"Lid wijzigen: {row.organisation_name}", f"Edit member: {row.organisation_name}"),
            [
                FormField("role", L("Rol", "Role"), "select",
                          options=self.ws.vocabulary("membership_roles"),
                          value=member.role, required=True),
                FormField("since", L("Sinds", "Since"), "date", value=member.since),
                FormField("representatives", L("Afgevaardigden", "Representatives"),
                          "select", options=people, value=member.representatives,
                          help=L("spatie vinkt aan of uit", "space ticks or unticks")),
            ],
            submit=lambda v: self.ws.memberships.update(member.id, **v),
            multi=["representatives"],
            version=member.version,
        )  # fmt: skip

        def saved(record: Record | None) -> None:
            if record is not None:
                self.reload_and_select("members", record.id)

        self.app.push_screen(form, saved)

    def action_end_member(self) -> None:
        member = self.current("members")
        if member is None or not self.may("membership.manage"):
            return
        self.confirm_delete(
            L(
                f"Lidmaatschap van {member.organisation_name} beëindigen (per gisteren)? "
                "Het blijft bewaard in de geschiedenis.",
                f"End the membership of {member.organisation_name} (as of yesterday)? "
                "It stays in the history.",
            ),
            lambda: self.ws.memberships.end(member.id, member.version),
            L(f"Lidmaatschap van {member.organisation_name} beëindigd.",
              f"Membership of {member.organisation_name} ended."),
        )  # fmt: skip

    @on(RecordTable.RowSelected, "#members")
    def _member_selected(self, event: RecordTable.RowSelected) -> None:
        self.action_edit_member()
