"""The table screen's keys for admission (k), signing (o, O), mission versions (g) and the
besluitenlijst (l); and screens that show the record as stored after the session's own
changes, without r."""

from __future__ import annotations

from types import SimpleNamespace

from support import drive
from test_tables import KENNISSTAD, SIZE, mission_line, notes, open_table, text_of
from textual.widgets import Input, Static

from stadstafel.tui.modals import ConfirmScreen
from stadstafel.tui.screens.decisions import DecisionsScreen
from stadstafel.tui.screens.mission_versions import MissionVersionsScreen
from stadstafel.tui.screens.tables import TablesScreen
from stadstafel.tui.widgets.form import FormScreen

WONINGBOUW = "Samenwerkingstafel Woningbouw"


def act_as(ws, login: str, email: str | None, role: str = "") -> None:
    ws.config.users = {login: SimpleNamespace(person=email, role=role)}
    ws.act_as(login)


SECRETARY = ("esther", "e.bosman@example.org")  # kennismakelaar: secretary of Kennisstad
PARTNER = ("kevin", "k.jacobs@example.org")  # mboRijnland: a partner of Kennisstad


def initiative(ws, title: str):
    table = ws.tables.by_name(KENNISSTAD)
    return next(i for i in ws.initiatives.of_table(table.id) if i.title == title)


# -- admission ---------------------------------------------------------------------------------
@drive
async def test_k_admits_a_voorstel_that_meets_the_rule_after_asking(app, demo_ws):
    act_as(demo_ws, *SECRETARY)
    waiting = initiative(demo_ws, "Collecties in de wijk")
    assert waiting.status == "voorstel" and waiting.meets_rule
    async with app().run_test(size=SIZE) as pilot:
        screen = await open_table(pilot, demo_ws, KENNISSTAD, tab="initiatieven")
        footer = text_of(screen).splitlines()[-1]
        # offered: on the help screen (at 80 columns the footer leaves it out, no key without
        # its word), and the row says it
        from stadstafel.tui.screens.help import binding_rows

        assert ("k", "Toelaten") in binding_rows(screen)[0] and "k" not in footer.split()
        assert screen.query_one("#initiatives").select_key(waiting.id)
        await pilot.pause()
        assert "○ toe te laten (k)" in text_of(screen)
        await pilot.press("enter")  # Enter opens the form; it never admits
        await pilot.pause()
        assert isinstance(pilot.app.screen, FormScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert initiative(demo_ws, "Collecties in de wijk").status == "voorstel"
        await pilot.press("k")
        await pilot.pause()
        assert isinstance(pilot.app.screen, ConfirmScreen)
        await pilot.press("n")  # not yet
        await pilot.pause()
        assert initiative(demo_ws, "Collecties in de wijk").status == "voorstel"
        await pilot.press("k", "j")
        await pilot.pause()
        assert pilot.app.screen is screen
        assert any(m.startswith("Toegelaten: Collecties in de wijk") for m in notes(pilot.app))
        reasons = str(screen.query_one("#initiative-reasons", Static).render())
        assert reasons.startswith("✓ Collecties in de wijk: toegelaten (2027-01-04)")
    admitted = initiative(demo_ws, "Collecties in de wijk")
    assert admitted.status == "lopend" and admitted.admitted_by == "esther"


@drive
async def test_k_does_not_admit_what_falls_outside_the_frame(app, demo_ws):
    act_as(demo_ws, *SECRETARY)
    two = initiative(demo_ws, "Groene schoolpleinen")
    async with app().run_test(size=SIZE) as pilot:
        screen = await open_table(pilot, demo_ws, KENNISSTAD, tab="initiatieven")
        screen.query_one("#initiatives").select_key(two.id)
        await pilot.press("k")
        await pilot.pause()
        assert pilot.app.screen is screen  # nothing to confirm
        assert any("2 van minimaal 3 partners" in m for m in notes(pilot.app))
    assert initiative(demo_ws, "Groene schoolpleinen").status == "voorstel"


@drive
async def test_k_is_refused_for_a_partner(app, demo_ws):
    act_as(demo_ws, *PARTNER)
    waiting = initiative(demo_ws, "Collecties in de wijk")
    async with app().run_test(size=SIZE) as pilot:
        screen = await open_table(pilot, demo_ws, KENNISSTAD, tab="initiatieven")
        screen.query_one("#initiatives").select_key(waiting.id)
        await pilot.press("k")
        await pilot.pause()
        assert pilot.app.screen is screen
        assert any("U mist het recht 'initiatief toelaten'" in m for m in notes(pilot.app))
    assert initiative(demo_ws, "Collecties in de wijk").status == "voorstel"


@drive
async def test_an_ended_membership_shows_the_initiative_flagged(app, demo_ws):
    running = initiative(demo_ws, "Taskforce studentenhuisvesting")
    assert running.status == "lopend"
    table = demo_ws.tables.by_name(KENNISSTAD)
    async with app().run_test(size=SIZE) as pilot:
        screen = await open_table(pilot, demo_ws, KENNISSTAD, tab="leden")
        for name in ("Hogeschool Leiden", "Universiteit Leiden"):
            member = next(
                m for m in demo_ws.tables.members(table.id) if m.organisation_name == name
            )
            screen.query_one("#members").select_key(member.id)
            await pilot.press("x", "j")
            await pilot.pause()
        await pilot.press("6")
        await pilot.pause()
        screen.query_one("#initiatives").select_key(running.id)
        await pilot.pause()
        assert "! opnieuw toelaten" in text_of(screen)
        reasons = str(screen.query_one("#initiative-reasons", Static).render())
        assert "Toelating vervallen op 2027-01-04" in reasons
        assert "Geen lid (meer), telt niet mee: " in reasons
        assert "Hogeschool Leiden" in reasons and "Universiteit Leiden" in reasons
    assert initiative(demo_ws, "Taskforce studentenhuisvesting").status == "voorstel"


# -- signing -----------------------------------------------------------------------------------
@drive
async def test_the_secretary_records_who_signed_and_when(app, demo_ws):
    act_as(demo_ws, *SECRETARY)
    table = demo_ws.tables.by_name(KENNISSTAD)
    missing = next(m for m in demo_ws.missions.status(table.id)["members"] if not m["signature"])
    director = next(
        p for p in demo_ws.people.of_organisation(missing["organisation_id"])
        if p.name == "Monique van Wijk"
    )  # fmt: skip
    async with app().run_test(size=SIZE) as pilot:
        screen = await open_table(pilot, demo_ws, KENNISSTAD, tab="missie")
        assert "O" in text_of(screen).splitlines()[-1].split()  # offered
        await pilot.press("o")  # the secretary's own organisation is no member
        await pilot.pause()
        assert pilot.app.screen is screen
        assert any("O: vastleggen" in m for m in notes(pilot.app))
        screen.query_one("#signatures").select_key(missing["organisation_id"])
        await pilot.press("O")
        await pilot.pause()
        form = pilot.app.screen
        assert isinstance(form, FormScreen)
        names = [label for label, _ in form.fields[0].option_pairs()]
        assert names == ["Kevin Jacobs", "Monique van Wijk"]  # people of mboRijnland only
        await pilot.press("ctrl+s")  # nobody named
        await pilot.pause()
        assert pilot.app.screen is form
        form.field_widget("person_id").value = director.id
        form.field_widget("signed_on").value = "2026-12-20"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert pilot.app.screen is screen
        assert "Volledig ondertekend" in mission_line(screen)
        assert "2026-12-20 (Monique van Wijk)" in text_of(screen)
    signature = demo_ws.missions.version(table.id)["signatures"]
    mbo = next(s for s in signature if s.organisation_id == missing["organisation_id"])
    assert (mbo.person_id, mbo.signed_on) == (director.id, "2026-12-20")


@drive
async def test_a_partner_is_not_offered_recording_for_another_organisation(app, demo_ws):
    act_as(demo_ws, *PARTNER)
    async with app().run_test(size=SIZE) as pilot:
        screen = await open_table(pilot, demo_ws, KENNISSTAD, tab="missie")
        assert "Vastleggen" not in text_of(screen).splitlines()[-1]
        await pilot.press("O")  # invoked anyway: refused before the form, naming the right
        await pilot.pause()
        assert pilot.app.screen is screen
        messages = [n.message for n in pilot.app._notifications]
        assert any("U mist het recht 'ondertekening vastleggen'" in m for m in messages)
        assert "o Ondertekenen" in text_of(screen).splitlines()[-1]


# -- versions and the besluitenlijst -----------------------------------------------------------
@drive
async def test_g_shows_every_version_with_the_diff(app, demo_ws):
    async with app().run_test(size=SIZE) as pilot:
        await open_table(pilot, demo_ws, WONINGBOUW, tab="missie")
        await pilot.press("g")
        await pilot.pause()
        versions = pilot.app.screen
        assert isinstance(versions, MissionVersionsScreen)
        shown = text_of(versions)
        assert "v2" in shown and "v1" in shown
        assert "Versie 2 · vastgesteld" in shown and "woning voor iedere Leidenaar" in shown
        assert "Ondertekend (9)" in shown
        await pilot.press("d")
        await pilot.pause()
        shown = text_of(versions)
        assert "wijzigingen t.o.v. versie 1" in shown
        assert "[-woningen-]" in shown and "{+een passende woning voor iedere Leidenaar,+}" in shown
        assert "[-Leiden.-] {+een" in shown
        await pilot.press("down")
        await pilot.pause()
        shown = text_of(versions)
        assert "Versie 1" in shown and "de eerste versie" in shown
        assert "woningen in Leiden." in shown and "Ondertekend (3)" in shown
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(pilot.app.screen, MissionVersionsScreen)


@drive
async def test_l_opens_the_besluitenlijst_with_a_filter(app, demo_ws):
    table = demo_ws.tables.by_name(KENNISSTAD)
    total = demo_ws.decisions.list(table_id=table.id).total
    assert total >= 3
    async with app().run_test(size=SIZE) as pilot:
        await open_table(pilot, demo_ws, KENNISSTAD, tab="doelen")
        await pilot.press("l")
        await pilot.pause()
        screen = pilot.app.screen
        assert isinstance(screen, DecisionsScreen)
        listing = screen.query_one("#decisions")
        assert len(listing.order) == total
        assert f"{total} besluiten" in text_of(screen)
        await pilot.press(*"biodiv")
        await pilot.pause()
        assert screen.query_one("#filter", Input).value == "biodiv"
        assert len(listing.order) == 1
        detail = str(screen.query_one("#decision-detail", Static).render())
        assert detail.startswith("Biodiversiteit in Leidse tuinen wordt een project")
        assert "Werkgroep Leiden Kennisstad" in detail
        await pilot.press("enter", "enter")  # to the list, then open the meeting
        await pilot.pause()
        from stadstafel.tui.screens.agenda import AgendaScreen

        assert isinstance(pilot.app.screen, AgendaScreen)
        assert pilot.app.screen.meeting_id == listing.current_record.meeting_id


# -- the record as stored, without r ------------------------------------------------------------
def members_listed(tables: TablesScreen, table_id: int) -> int:
    return next(r for r in tables.table.records.values() if r.id == table_id).members


@drive
async def test_home_and_the_tables_list_show_the_sessions_own_changes(app, demo_ws):
    table = demo_ws.tables.by_name(KENNISSTAD)
    newcomer = demo_ws.organisations.create(name="Aaa Museum", kind="overig")
    act_as(demo_ws, *PARTNER)
    async with app(start_mode="home").run_test(size=SIZE) as pilot:  # a partner starts on Mijn
        await pilot.pause()
        unsigned = pilot.app.screen.query_one("#unsigned")
        assert [t.name for t in unsigned.records.values()] == [KENNISSTAD]
        screen = await open_table(pilot, demo_ws, KENNISSTAD, tab="missie")
        await pilot.press("o", "j")
        await pilot.pause()
        assert "Volledig ondertekend" in mission_line(screen)
        await pilot.press("h")  # home: nothing left to sign, without r
        await pilot.pause()
        home = pilot.app.screen
        assert "Alle missies zijn getekend." in text_of(home)
        assert not home.query_one("#unsigned").records
        # a membership added on the table's screen shows in the tables list behind it
        act_as(demo_ws, "beheer", None, "beheerder")
        await pilot.press("t", "escape")  # the section kept the table open: back to the list
        await pilot.pause()
        tables = pilot.app.screen
        assert isinstance(tables, TablesScreen)
        before = members_listed(tables, table.id)
        await pilot.press("enter")
        await pilot.pause()
        detail = pilot.app.screen
        await pilot.press("n")
        await pilot.pause()
        await pilot.press(*"Aaa Mus", "enter")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert newcomer.id in {m.organisation_id for m in demo_ws.tables.members(table.id)}
        assert pilot.app.screen is detail
        await pilot.press("escape")
        await pilot.pause()
        assert pilot.app.screen is tables
        assert members_listed(tables, table.id) == before + 1
