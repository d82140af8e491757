"""Admission of initiatives on a table's Initiatieven tab: the texts that say where an
initiative stands against the table's rule, and the admit step (``k``).

An initiative is a voorstel until the chair or secretary admits it (``Initiatives.admit``);
only current partner members count. The list shows the partners that count, the status and
the frame ("Kader"); the line under it the verdict with the rule.
"""

from __future__ import annotations

from typing import Any

from stadstafel import vocab
from stadstafel.records import Record
from stadstafel.tui.calls import call_service
from stadstafel.tui.modals import ConfirmScreen
from stadstafel.tui.text import L
from stadstafel.tui.widgets.lists import clip


def partners_text(initiative: Record) -> str:
    """The partners that count (current partner members); ``+n`` for the others named."""
    counted = initiative.partners_counted or 0
    others = len(initiative.organisation_ids or []) - counted
    return f"{counted}+{others}" if others > 0 else str(counted)


def needs_attention(initiative: Record) -> bool:
    """Outside the frame while running, sent back to voorstel, or a voorstel that does not
    meet the rule."""
    return bool(initiative.flagged) or (
        initiative.status == "voorstel" and not initiative.meets_rule
    )


def frame_text(initiative: Record) -> str:
    """The Kader column: markers, not colour, carry the meaning."""
    reasons = "; ".join(initiative.admission_reasons or [])
    if initiative.status == "lopend":
        if initiative.meets_rule:
            return L("✓ toegelaten", "✓ admitted")
        return "! " + L("buiten kader: ", "outside frame: ") + reasons
    if initiative.status == "voorstel":
        if initiative.admission_note:
            return "! " + L("opnieuw toelaten", "admit again")
        if initiative.meets_rule:
            return L("○ toe te laten (k)", "○ to admit (k)")
        return "! " + reasons
    if initiative.status == "afgerond":
        return L("✓ afgerond", "✓ completed")
    return L("– gestopt", "– stopped")


def verdict(ws: Any, table: Record | None, initiative: Record) -> str:
    """The line under the list: where the initiative stands, and the table's rule."""
    table = table or ws.tables.get(initiative.table_id)
    least = table.admission_min_partners or 1
    rule = L(
        f"Regel: minstens {least} partners die lid zijn en een thema van de tafel.",
        f"Rule: at least {least} member partners and a topic of the table.",
    )
    title = clip(initiative.title, 40)
    reasons = "; ".join(initiative.admission_reasons or [])
    if initiative.status == "lopend" and initiative.meets_rule:
        when = initiative.admitted_on or "?"
        head = L(f"✓ {title}: toegelaten ({when}).", f"✓ {title}: admitted ({when}).")
    elif initiative.status == "lopend":
        head = L(
            f"! {title}: loopt, maar past niet meer binnen het kader: {reasons}.",
            f"! {title}: running, but no longer within the frame: {reasons}.",
        )
    elif initiative.status == "voorstel" and initiative.admission_note:
        head = f"! {title}: {initiative.admission_note}"
        if initiative.meets_rule:
            head += L(" Voldoet weer: k laat het toe.", " Meets the rule again: k admits it.")
    elif initiative.status == "voorstel" and initiative.meets_rule:
        head = L(
            f"○ {title}: voldoet aan de regel; de voorzitter of secretaris laat het toe (k).",
            f"○ {title}: meets the rule; the chair or secretary admits it (k).",
        )
    elif initiative.status == "voorstel":
        head = L(f"! {title}: {reasons}.", f"! {title}: {reasons}.")
    else:
        head = f"{title}: {initiative.status}."
    gone = _names(ws, initiative.not_members or [])
    if gone:
        head += L(f" Geen lid (meer), telt niet mee: {gone}.", f" Not a member (any more): {gone}.")
    return f"{head} {rule}"


def _names(ws: Any, org_ids: list[int]) -> str:
    names = []
    for org_id in org_ids:
        org = ws.organisations.find(org_id)
        names.append(org.name if org else f"#{org_id}")
    return ", ".join(names)


def status_options(current: str | None) -> list[str]:
    """The statuses an edit may choose: the current one and where it may go by editing
    (``vocab.INITIATIVE_TRANSITIONS``; lopend only by admission)."""
    current = current or "voorstel"
    allowed = vocab.INITIATIVE_TRANSITIONS.get(current, set())
    return [s for s in vocab.INITIATIVE_STATUSES if s == current or s in allowed]


def confirm_admit(screen: Any, row: Record) -> None:
    """``k`` on the Initiatieven tab: ask, then ``Initiatives.admit`` (which refuses what does
    not meet the rule, and anyone but the chair, the secretary and beheerders)."""
    ws = screen.ws
    if row.status != "voorstel":
        screen.notify(
            L(f"'{row.title}' is geen voorstel ({row.status}); er valt niets toe te laten.",
              f"'{row.title}' is not a proposal ({row.status}); nothing to admit."),
            severity="warning", markup=False,
        )  # fmt: skip
        return
    if not row.meets_rule:
        screen.notify(
            verdict(ws, screen.table, row),
            title=L("Niet toe te laten", "Cannot be admitted"),
            severity="warning",
            timeout=8,
            markup=False,
        )
        return

    def answer(yes: bool | None) -> None:
        if not yes:
            return
        done = call_service(screen, ws.initiatives.admit, row.id, row.version)
        if done is not None:
            screen.reload_and_select("initiatives", done.id)
            screen.update_reasons()
            screen.notify(
                L(f"Toegelaten: {done.title} (nu lopend).", f"Admitted: {done.title} (running)."),
                markup=False,
            )

    partners = row.partners_counted or 0
    screen.app.push_screen(
        ConfirmScreen(
            L(f"'{clip(row.title, 40)}' toelaten tot de tafel? {partners} partners doen mee; "
              "het wordt lopend.",
              f"Admit '{clip(row.title, 40)}' to the table? {partners} partners take part; "
              "it becomes running."),
        ),
        answer,
    )  # fmt: skip
