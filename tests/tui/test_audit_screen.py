"""The audit screen (issue 21, item 9): the beheerder's filterable audit list (``L`` on home)
and a record's history from its detail screens (partner, meeting's agenda, agenda item), with
labels and names instead of columns and ids. Nobody else is offered the key."""

from __future__ import annotations

from types import SimpleNamespace

from support import drive
from textual.widgets import Input, Static

from stadstafel.tui.screens.agenda import AgendaScreen
from stadstafel.tui.screens.audit import AuditScreen
from stadstafel.tui.screens.minutes import MinutesScreen
from stadstafel.tui.screens.partners import PartnerDetailScreen

SIZE = (80, 24)


def rows(screen: AuditScreen) -> list:
    return [screen.list_view.records[k] for k in screen.list_view.order]


def detail(screen: AuditScreen) -> str:
    return str(screen.query_one("#audit-detail", Static).render())


def footer_keys(pilot) -> set[str]:
    return {b.binding.key for b in pilot.app.screen.active_bindings.values() if b.enabled}


async def type_into(pilot, selector: str, text: str) -> None:
    pilot.app.screen.query_one(selector, Input).focus()
    await pilot.pause()
    pilot.app.screen.query_one(selector, Input).value = text
    await pilot.pause()


@drive
async def test_the_beheerder_filters_the_audit_list_by_record_person_and_date(app, demo_ws):
    async with app().run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("L")
        await pilot.pause()
        screen = pilot.app.screen
        assert isinstance(screen, AuditScreen)
        everything = rows(screen)
        assert len(everything) > 50
        assert len({r.record_type for r in everything}) > 3
        await type_into(pilot, "#audit-record", "persoon")
        people = rows(screen)
        assert people and {r.record_type for r in people} == {"person"}
        one = people[-1].record_id
        await type_into(pilot, "#audit-record", f"persoon {one}")
        assert {(r.record_type, r.record_id) for r in rows(screen)} == {("person", one)}
        await type_into(pilot, "#audit-record", "")
        await type_into(pilot, "#audit-login", "niemand")
        assert rows(screen) == []
        await type_into(pilot, "#audit-login", "")
        await type_into(pilot, "#audit-from", "2999-01-01")
        assert rows(screen) == []
        await type_into(pilot, "#audit-from", "31-12-2026")
        status = str(screen.query_one("#audit-status", Static).render())
        assert "geen datum" in status
        await type_into(pilot, "#audit-from", "")
        assert len(rows(screen)) == len(everything)


@drive
async def test_a_partners_history_names_fields_and_organisations(app, demo_ws):
    portaal = demo_ws.organisations.by_name("Portaal")
    demo_ws.organisations.update(portaal.id, portaal.version, website="https://portaal.example")
    other = demo_ws.organisations.by_name("Gemeente Leiden")
    async with app().run_test(size=SIZE) as pilot:
        pilot.app.push_screen(PartnerDetailScreen(portaal.id))
        await pilot.pause()
        assert "L" in footer_keys(pilot)
        await pilot.press("L")
        await pilot.pause()
        screen = pilot.app.screen
        assert isinstance(screen, AuditScreen)
        history = rows(screen)
        people = {p.id for p in demo_ws.people.list(organisation_id=portaal.id, limit=None).rows}
        assert ("organisation", portaal.id) in {(r.record_type, r.record_id) for r in history}
        assert {r.record_id for r in history if r.record_type == "person"} <= people
        assert (other.id, "organisation") not in {(r.record_id, r.record_type) for r in history}
        assert history[0].action == "update"  # newest first: the website just changed
        shown = detail(screen)
        assert "Website: — → https://portaal.example" in shown
        assert "website" not in shown.replace("Website", "")  # the label, not the column


@drive
async def test_the_agenda_and_an_agenda_item_show_their_history(app, demo_ws, demo_ids):
    meeting = next(
        m for m in demo_ws.meetings.upcoming(400) if demo_ws.meetings.agenda(m.id)["items"]
    )
    items = {i.id for i in demo_ws.meetings.agenda(meeting.id)["items"]}
    async with app().run_test(size=SIZE) as pilot:
        pilot.app.push_screen(AgendaScreen(meeting.id))
        await pilot.pause()
        await pilot.press("L")
        await pilot.pause()
        screen = pilot.app.screen
        assert isinstance(screen, AuditScreen)
        history = rows(screen)
        assert {r.record_type for r in history} == {"meeting", "agenda_item"}
        assert {r.record_id for r in history if r.record_type == "agenda_item"} <= items
        assert {r.record_id for r in history if r.record_type == "meeting"} == {meeting.id}
        await pilot.press("escape")
        await pilot.pause()
        first = sorted(items)[0]
        pilot.app.push_screen(MinutesScreen(meeting.id, item_id=first))
        await pilot.pause()
        item = pilot.app.screen.current
        await pilot.press("L")
        await pilot.pause()
        screen = pilot.app.screen
        assert isinstance(screen, AuditScreen)
        assert {(r.record_type, r.record_id) for r in rows(screen)} == {("agenda_item", item.id)}
        assert f"Logboek · {item.title[:20]}" in screen.header_text


@drive
async def test_no_one_but_the_beheerder_is_offered_the_history(app, demo_ws):
    portaal = demo_ws.organisations.by_name("Portaal")
    demo_ws.config.users = {
        "esther": SimpleNamespace(person="e.bosman@example.org", role="gebruiker")
    }
    demo_ws.act_as("esther")  # a secretary: many rights, not the audit log
    async with app().run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "L" not in footer_keys(pilot)
        await pilot.press("L")
        await pilot.pause()
        assert not isinstance(pilot.app.screen, AuditScreen)
        pilot.app.push_screen(PartnerDetailScreen(portaal.id))
        await pilot.pause()
        assert "L" not in footer_keys(pilot)
        await pilot.press("L")
        await pilot.pause()
        assert isinstance(pilot.app.screen, PartnerDetailScreen)


@drive
async def test_a_tables_history_holds_what_its_tabs_hold(app, demo_ws):
    from stadstafel.tui.screens.tables import TableDetailScreen

    table = demo_ws.tables.by_name("Leiden Kennisstad")
    agreement = demo_ws.working_agreements.of_table(table.id)[0]
    demo_ws.working_agreements.update(agreement.id, agreement.version, text="Nieuwe afspraak.")
    async with app().run_test(size=SIZE) as pilot:
        pilot.app.push_screen(TableDetailScreen(table.id))
        await pilot.pause()
        await pilot.press("L")
        await pilot.pause()
        screen = pilot.app.screen
        assert isinstance(screen, AuditScreen)
        history = rows(screen)
        kinds = {r.record_type for r in history}
        assert {"table", "working_agreement", "membership"} <= kinds
        assert (history[0].record_type, history[0].record_id) == ("working_agreement", agreement.id)
        assert "Nieuwe afspraak." in detail(screen)
        others = {t.id for t in demo_ws.tables.list()} - {table.id}
        assert not {r.record_id for r in history if r.record_type == "table"} & others
