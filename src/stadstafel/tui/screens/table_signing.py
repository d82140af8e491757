"""Signing a table's mission from its Missie tab.

- ``o``: the user signs for their *own* organisation, today, as themselves (there is no row
  to choose; a partner is never asked to sign for another organisation).
- ``O``: the secretary (or a beheerder) records who signed for the highlighted organisation
  and when: a person of that organisation and a date (``Missions.record_signature``).
"""

from __future__ import annotations

from typing import Any

from stadstafel import clock, i18n, permissions
from stadstafel.records import Record
from stadstafel.tui.calls import call_service
from stadstafel.tui.modals import ConfirmScreen
from stadstafel.tui.text import L
from stadstafel.tui.widgets.form import FormField, FormScreen


def own_row(screen: Any) -> Record | None:
    """The actor's own organisation among the table's members, ready to sign; else None
    after saying why (no right, no member organisation, already signed, no mission)."""
    ws = screen.ws
    actor = ws.actor
    records = permissions.allowed(actor, "mission.record_signature", table_id=screen.table_id)
    status = ws.missions.status(screen.table_id)
    row = next(
        (r for r in status["members"] if r["organisation_id"] == actor.organisation_id), None
    )
    if (row is None or actor.person_id is None) and records:
        table = screen.table.name if screen.table else ""
        message = i18n.t("sign_own_only", who=actor.label, table=table)
        message += L(" O: vastleggen voor de gekozen organisatie.",
                     " O: record for the highlighted organisation.")  # fmt: skip
        screen.notify(message, severity="warning", timeout=8, markup=False)
        return None
    if not screen.may("mission.sign", org_id=actor.organisation_id):
        return None  # said why
    if row is None or actor.person_id is None:
        table = screen.table.name if screen.table else ""
        screen.notify(i18n.t("sign_own_only", who=actor.label, table=table),
                      severity="warning", timeout=8, markup=False)  # fmt: skip
        return None
    if status["mission"] is None:
        screen.notify(L("Er is nog geen missie om te ondertekenen.", "No mission to sign yet."),
                      severity="warning", markup=False)  # fmt: skip
        return None
    if row["signature"]:
        sig = row["signature"]
        screen.notify(
            L(f"{row['organisation_name']} heeft versie {status['mission'].revision} al "
              f"ondertekend ({sig.signed_on}).",
              f"{row['organisation_name']} already signed version {status['mission'].revision} "
              f"({sig.signed_on})."),
            markup=False,
        )  # fmt: skip
        return None
    return Record(row, revision=status["mission"].revision)


def confirm_sign(screen: Any, row: Record) -> None:
    ws = screen.ws
    org = row.organisation_name
    person = ws.people.find(ws.actor.person_id)
    who = person.name if person else ws.actor.label

    def answer(yes: bool | None) -> None:
        if not yes:
            return
        done = call_service(screen, ws.missions.sign, screen.table_id)
        if done is not None:
            _signed(screen, row.organisation_id, org)

    screen.app.push_screen(
        ConfirmScreen(
            L(f"Versie {row.revision} van de missie ondertekenen namens {org}, als {who}, "
              "vandaag?",
              f"Sign version {row.revision} of the mission on behalf of {org}, as {who}, "
              "today?"),
        ),
        answer,
    )  # fmt: skip


def _signed(screen: Any, org_id: int, org_name: str) -> None:
    screen.refresh_data()
    screen.query_one("#signatures").select_key(org_id)
    screen.notify(L(f"Ondertekend voor {org_name}.", f"Signed for {org_name}."), markup=False)


def record_signature(screen: Any, signatures: Any) -> None:
    """The form for a signature made elsewhere (on paper, at a meeting): who of the
    highlighted organisation signed, and on which day."""
    ws = screen.ws
    if not screen.may("mission.record_signature"):
        return
    row = signatures.current_record
    if row is None:
        return
    if row.signature:
        screen.notify(
            L(f"{row.organisation_name} heeft al ondertekend ({row.signature.signed_on}).",
              f"{row.organisation_name} already signed ({row.signature.signed_on})."),
            markup=False,
        )  # fmt: skip
        return
    people = [(p.name, p.id) for p in ws.people.of_organisation(row.organisation_id)]
    if not people:  # a person of the organisation must be named: say so before the form
        screen.notify(
            L(f"{row.organisation_name} heeft nog geen personen; voeg eerst toe wie "
              "ondertekende (Partners).",
              f"{row.organisation_name} has no people yet; first add who signed (Partners)."),
            severity="warning", timeout=8, markup=False,
        )  # fmt: skip
        return
    fields = [
        FormField("person_id", L("Ondertekend door", "Signed by"), "select", options=people,
                  value=people[0][1] if len(people) == 1 else None, required=True,
                  help=L(f"een persoon van {row.organisation_name}",
                         f"a person of {row.organisation_name}")),
        FormField("signed_on", L("Ondertekend op", "Signed on"), "date",
                  value=clock.today_text(), required=True),
    ]  # fmt: skip

    def submit(values: dict) -> Record:
        return ws.missions.record_signature(
            screen.table_id, row.organisation_id, values.get("person_id"), values.get("signed_on")
        )

    def saved(record: Record | None) -> None:
        if record is not None:
            _signed(screen, row.organisation_id, row.organisation_name)

    screen.app.push_screen(
        FormScreen(
            L(f"Ondertekening vastleggen: {row.organisation_name}",
              f"Record signature: {row.organisation_name}"),
            fields,
            submit,
        ),
        saved,
    )  # fmt: skip
