"""Missie: the table's mission, its version, and who signed it. o signs for the user's own
organisation, O records a signature (the secretary), g shows the versions, r revises the
mission (a new version everyone signs again). Signing: ``screens.table_signing``."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Static

from stadstafel import clock, i18n, permissions
from stadstafel.records import Record
from stadstafel.tui.screens import table_signing as signing
from stadstafel.tui.screens.table.base import CoreTab
from stadstafel.tui.text import L
from stadstafel.tui.widgets.base import bind
from stadstafel.tui.widgets.form import FormField, FormScreen
from stadstafel.tui.widgets.lists import RecordTable


class MissionTab(CoreTab):
    BINDINGS = [
        bind("o", "sign", "Ondertekenen", "Sign", id="table.sign"),
        bind("O", "record_signature", "Vastleggen", "Record", id="table.record_signature",
             key_display="O"),
        bind("g", "versions", "Versies", "Versions", id="table.mission_versions"),
        bind("r", "revise", "Herzien", "Revise", id="table.revise"),
    ]  # fmt: skip
    DEFAULT_CSS = """
    MissionTab #mission-text {
        height: auto; max-height: 6; border: round $secondary; padding: 0 1; margin: 0 1;
    }
    MissionTab #mission-status { height: auto; padding: 0 1; }
    MissionTab #signatures { height: 1fr; min-height: 4; }
    """

    def compose(self) -> ComposeResult:
        yield Static("", id="mission-text", markup=False)
        yield Static("", id="mission-status", markup=False)
        yield RecordTable(
            [
                (L("Organisatie", "Organisation"), 30, lambda r: r.organisation_name),
                (L("Rol", "Role"), 9, lambda r: r.role),
                (L("Ondertekend", "Signed"), 32, self._signature_text),
            ],
            key=lambda r: r.organisation_id,
            id="signatures",
        )

    @staticmethod
    def _signature_text(row: Record) -> str:
        sig = row.signature
        if not sig:
            return L("✗ nog niet ondertekend", "✗ not signed yet")
        who = f" ({sig.person_name})" if sig.person_name else ""
        return f"✓ {sig.signed_on}{who}"

    def refresh_data(self) -> None:
        self.fill_mission()

    def fill_mission(self) -> None:
        status = self.ws.missions.status(self.table_id)
        mission = status["mission"]
        text = self.query_one("#mission-text", Static)
        if mission is None:
            text.update(
                L("Deze tafel heeft nog geen missie (r: opstellen).", "No mission yet (r).")
            )
        else:
            text.update(mission.statement)
            text.border_title = L(
                f"Missie versie {mission.revision} · vastgesteld "
                f"{i18n.format_date(mission.adopted_on, weekday=False)}",
                f"Mission version {mission.revision} · adopted "
                f"{i18n.format_date(mission.adopted_on, weekday=False)}",
            )
        members = len(status["members"])
        if mission is None:
            line = ""
        elif status["fully_signed"]:
            line = L(
                f"✓ Volledig ondertekend: {status['signed']} van {members} leden.",
                f"✓ Fully signed: {status['signed']} of {members} members.",
            )
        else:
            line = L(
                f"! Nog niet volledig ondertekend: {status['signed']} van {members} leden.",
                f"! Not fully signed: {status['signed']} of {members} members.",
            )
        older = self.ws.missions.revisions(self.table_id)[1:]
        if older:
            versions = ", ".join(f"v{m.revision} ({m.adopted_on})" for m in older)
            line += L(f" Eerdere versies: {versions} (g).", f" Earlier versions: {versions} (g).")
        self.query_one("#mission-status", Static).update(line.strip())
        rows = [Record(r) for r in status["members"]]
        self.query_one("#signatures", RecordTable).show(rows)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("revise", "record_signature"):
            right = "mission.revise" if action == "revise" else "mission.record_signature"
            return permissions.allowed(self.ws.actor, right, table_id=self.table_id)
        return True

    def action_sign(self) -> None:
        """Sign for one's own organisation (no row to choose)."""
        own = signing.own_row(self)
        if own is not None:
            signing.confirm_sign(self, own)

    def action_record_signature(self) -> None:
        """Record who signed for the highlighted organisation, and when (the secretary)."""
        signing.record_signature(self, self.query_one("#signatures", RecordTable))

    def action_versions(self) -> None:
        from stadstafel.tui.screens.mission_versions import MissionVersionsScreen

        self.app.push_screen(MissionVersionsScreen(self.table_id))

    def action_revise(self) -> None:
        current = self.ws.missions.current(self.table_id)
        form = FormScreen(
            L("Missie herzien (nieuwe versie)", "Revise mission (new version)"),
            [
                FormField("statement", L("Missie", "Mission"), "textarea", required=True,
                          value=current.statement if current else "",
                          help=L("Alle leden moeten de nieuwe versie opnieuw ondertekenen.",
                                 "Every member must sign the new version again.")),
                FormField("adopted_on", L("Vastgesteld op", "Adopted on"), "date",
                          value=clock.today_text()),
            ],
            submit=lambda v: self.ws.missions.revise(self.table_id, **v),
        )  # fmt: skip

        def saved(record: Record | None) -> None:
            if record is not None:
                self.reload()

        self.app.push_screen(form, saved)
