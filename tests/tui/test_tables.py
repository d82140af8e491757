"""Tables: list and preview, the detail tabs, signing and revising the mission, members."""

from __future__ import annotations

from types import SimpleNamespace

from support import drive
from textual.widgets import Static

from stadstafel.tui.modals import ConfirmScreen, PickerScreen
from stadstafel.tui.screens.table.detail import TableDetailScreen
from stadstafel.tui.screens.table.forms import PickFormScreen
from stadstafel.tui.screens.tables import TablesScreen
from stadstafel.tui.widgets.form import FormScreen
from stadstafel.tui.widgets.tabs import RecordTabs

SIZE = (80, 24)
KENNISSTAD = "Leiden Kennisstad"


def text_of(screen) -> str:
    """Everything the screen shows, as plain text."""
    strips = screen._compositor.render_strips()
    return "\n".join("".join(seg.text for seg in strip) for strip in strips)


async def open_table(pilot, ws, name: str, tab: str | None = None) -> TableDetailScreen:
    await pilot.press("t")
    await pilot.pause()
    tables = pilot.app.screen
    assert isinstance(tables, TablesScreen)
    assert tables.table.select_key(ws.tables.by_name(name).id)
    await pilot.press("enter")
    await pilot.pause()
    detail = pilot.app.screen
    assert isinstance(detail, TableDetailScreen)
    if tab:
        keys = ["leden", "werkafspraken", "belangen", "missie", "doelen", "initiatieven"]
        await pilot.press(str(keys.index(tab) + 1))
        await pilot.pause()
        assert detail.active_tab == tab
    await pilot.pause()
    return detail


def mission_line(screen) -> str:
    return str(screen.query_one("#mission-status", Static).render())


@drive
async def test_tables_list_shows_rhythm_and_agreements(app, demo_ws):
    table = demo_ws.tables.by_name(KENNISSTAD)
    agreements = demo_ws.working_agreements.of_table(table.id)
    assert agreements
    async with app().run_test(size=SIZE) as pilot:
        await pilot.press("t")
        await pilot.pause()
        screen = pilot.app.screen
        assert isinstance(screen, TablesScreen)
        screen.table.select_key(table.id)
        await pilot.pause()
        text = text_of(screen)
        assert "elke 4 weken" in text
        preview = str(screen.query_one("#preview", Static).render())
        assert f"Werkafspraken ({len(agreements)})" in preview
        assert agreements[0].subject in preview


@drive
async def test_number_keys_switch_tabs(app, demo_ws):
    async with app().run_test(size=SIZE) as pilot:
        screen = await open_table(pilot, demo_ws, KENNISSTAD)
        tabs = screen.query_one("#tabs", RecordTabs)
        assert tabs.active == "leden"
        for key, tab in zip("234561", ["werkafspraken", "belangen", "missie", "doelen",
                                       "initiatieven", "leden"], strict=True):  # fmt: skip
            await pilot.press(key)
            await pilot.pause()
            assert tabs.active == tab
        members = demo_ws.tables.members(demo_ws.tables.by_name(KENNISSTAD).id)
        assert len(screen.query_one("#members").order) == len(members)


@drive
async def test_sign_the_mission_for_the_member_that_has_not_signed(app, demo_ws):
    table = demo_ws.tables.by_name(KENNISSTAD)
    status = demo_ws.missions.status(table.id)
    missing = [m for m in status["members"] if not m["signature"]]
    assert len(missing) == 1 and not status["fully_signed"]
    assert missing[0]["organisation_name"] == "mboRijnland"
    total = len(status["members"])
    demo_ws.config.users = {"kevin": SimpleNamespace(person="k.jacobs@example.org", role="")}
    demo_ws.act_as("kevin")  # a partner of mboRijnland
    async with app().run_test(size=SIZE) as pilot:
        screen = await open_table(pilot, demo_ws, KENNISSTAD, tab="missie")
        assert f"{total - 1} van {total}" in mission_line(screen)
        assert mission_line(screen).startswith("!")
        assert "nog niet ondertekend" in text_of(screen)
        signatures = screen.query_one("#signatures")
        assert signatures.current_record.organisation_id != missing[0]["organisation_id"]
        await pilot.press("o")  # whatever row is highlighted: for the own organisation
        await pilot.pause()
        assert isinstance(pilot.app.screen, ConfirmScreen)
        question = str(pilot.app.screen.query_one("#question", Static).render())
        assert "namens mboRijnland, als Kevin Jacobs" in question
        await pilot.press("j")
        await pilot.pause()
        assert pilot.app.screen is screen
        assert f"Volledig ondertekend: {total} van {total}" in mission_line(screen)
        assert "nog niet ondertekend" not in text_of(screen)
        assert "(Kevin Jacobs)" in text_of(screen)
    assert demo_ws.missions.status(table.id)["fully_signed"]


@drive
async def test_signing_without_permission_shows_the_message(app, demo_ws):
    table = demo_ws.tables.by_name(KENNISSTAD)
    missing = next(m for m in demo_ws.missions.status(table.id)["members"] if not m["signature"])
    demo_ws.config.users = {"gast": SimpleNamespace(person=None, role="lezer")}
    demo_ws.act_as("gast")
    async with app().run_test(size=SIZE) as pilot:
        screen = await open_table(pilot, demo_ws, KENNISSTAD, tab="missie")
        screen.query_one("#signatures").select_key(missing["organisation_id"])
        await pilot.press("o", "j")
        await pilot.pause()
        assert pilot.app.screen is screen
        messages = [n.message for n in pilot.app._notifications]
        assert any("U mist het recht 'missie ondertekenen'" in m for m in messages)
        # revising is not offered to a reader, and refused before its form opens
        assert " r Herzien" not in text_of(screen).splitlines()[-1]
        await pilot.press("r")
        await pilot.pause()
        assert pilot.app.screen is screen
        messages = [n.message for n in pilot.app._notifications]
        assert any("U mist het recht 'missie herzien' voor deze tafel" in m for m in messages)
    assert not demo_ws.missions.status(table.id)["fully_signed"]


@drive
async def test_revise_the_mission_starts_signing_anew(app, demo_ws):
    table = demo_ws.tables.by_name(KENNISSTAD)
    before = demo_ws.missions.current(table.id)
    async with app().run_test(size=SIZE) as pilot:
        screen = await open_table(pilot, demo_ws, KENNISSTAD, tab="missie")
        await pilot.press("r")
        await pilot.pause()
        form = pilot.app.screen
        assert isinstance(form, FormScreen)
        form.field_widget("statement").text = "Samen maken we Leiden tot kennisstad."
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert pilot.app.screen is screen
        assert "0 van" in mission_line(screen)
        assert f"v{before.revision}" in mission_line(screen)  # the earlier version is listed
        assert "Samen maken we Leiden tot kennisstad." in text_of(screen)
    assert demo_ws.missions.current(table.id).revision == before.revision + 1


@drive
async def test_add_and_end_a_membership(app, demo_ws):
    table = demo_ws.tables.by_name(KENNISSTAD)
    newcomer = demo_ws.organisations.create(name="Aaa Museum", kind="overig")
    async with app().run_test(size=SIZE) as pilot:
        screen = await open_table(pilot, demo_ws, KENNISSTAD, tab="leden")
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(pilot.app.screen, PickerScreen)
        await pilot.press(*"Aaa Mus", "enter")
        await pilot.pause()
        assert isinstance(pilot.app.screen, PickerScreen)  # the role
        await pilot.press("enter")  # partner is preselected
        await pilot.pause()
        assert pilot.app.screen is screen
        members = demo_ws.tables.members(table.id)
        added = next(m for m in members if m.organisation_id == newcomer.id)
        assert added.role == "partner"
        assert screen.query_one("#members").current_record.id == added.id
        await pilot.press("x", "j")
        await pilot.pause()
    assert newcomer.id not in {m.organisation_id for m in demo_ws.tables.members(table.id)}


@drive
async def test_new_working_agreement(app, demo_ws):
    table = demo_ws.tables.by_name(KENNISSTAD)
    before = len(demo_ws.working_agreements.of_table(table.id))
    async with app().run_test(size=SIZE) as pilot:
        screen = await open_table(pilot, demo_ws, KENNISSTAD, tab="werkafspraken")
        await pilot.press("n")
        await pilot.pause()
        form = pilot.app.screen
        assert isinstance(form, FormScreen)
        await pilot.press("ctrl+s")  # nothing filled in
        await pilot.pause()
        assert "verplicht" in str(form.query_one("#error-text", Static).render())
        form.field_widget("subject").value = "communicatie"
        form.field_widget("text").text = "Verslagen staan binnen een week online."
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert pilot.app.screen is screen
    assert len(demo_ws.working_agreements.of_table(table.id)) == before + 1


@drive
async def test_interests_goals_and_initiatives(app, demo_ws):
    table = demo_ws.tables.by_name(KENNISSTAD)
    matrix = demo_ws.interests.matrix(table.id)
    initiatives = demo_ws.initiatives.of_table(table.id)
    outside = next(i for i in initiatives if not i.meets_rule)
    async with app().run_test(size=SIZE) as pilot:
        screen = await open_table(pilot, demo_ws, KENNISSTAD, tab="belangen")
        grid = screen.query_one("#matrix")
        assert grid.row_count == len(matrix["rows"])
        assert len(grid.columns) == len(matrix["topics"]) + 1
        await pilot.press("5")
        await pilot.pause()
        assert "%" in text_of(screen) and "█" in text_of(screen)  # a progress bar in text
        await pilot.press("6")
        await pilot.pause()
        listing = screen.query_one("#initiatives")
        assert listing.select_key(outside.id)
        await pilot.pause()
        reasons = str(screen.query_one("#initiative-reasons", Static).render())
        assert reasons.startswith("!") and outside.admission_reasons[0] in reasons
        assert "✓ toegelaten" in text_of(screen) and "○ toe te laten (k)" in text_of(screen)


# -- editing: the table itself ---------------------------------------------------------------------
def notes(app) -> list[str]:
    return [n.message for n in app._notifications]


async def save(pilot, form) -> None:
    await pilot.press("ctrl+s")
    await pilot.pause()


def error_under(form, field: str) -> str:
    return str(form.query_one(f"#error-{field}", Static).render())


@drive
async def test_set_the_chair_and_secretary_via_the_table_form(app, demo_ws):
    table = demo_ws.tables.by_name(KENNISSTAD)
    chair = next(p for p in demo_ws.people.list().rows if p.name == "Ruud Verhoeven")
    async with app().run_test(size=SIZE) as pilot:
        screen = await open_table(pilot, demo_ws, KENNISSTAD)
        await pilot.press("b")  # the table itself, from any tab
        await pilot.pause()
        form = pilot.app.screen
        assert isinstance(form, PickFormScreen)
        select = form.field_widget("chair_person_id")
        assert select.value == table.chair_person_id
        labels = [label for label, _ in form.fields[2].option_pairs()]
        assert f"{chair.name} — {chair.organisation_name}" in labels  # name and organisation
        select.value = chair.id
        await save(pilot, form)
        assert pilot.app.screen is screen
        assert f"voorzitter {chair.name}" in str(screen.query_one("#table-name").render())
    stored = demo_ws.tables.get(table.id)
    assert stored.chair_person_id == chair.id
    assert stored.secretary_person_id == table.secretary_person_id  # untouched
    assert stored.version == table.version + 1


@drive
async def test_ctrl_o_picks_the_secretary_from_everyone(app, demo_ws):
    table = demo_ws.tables.by_name(KENNISSTAD)
    person = demo_ws.people.create(name="Zeno Onafhankelijk", function="procesbegeleider")
    async with app().run_test(size=SIZE) as pilot:
        await pilot.press("t")
        await pilot.pause()
        pilot.app.screen.table.select_key(table.id)
        await pilot.press("e")
        await pilot.pause()
        form = pilot.app.screen
        assert isinstance(form, PickFormScreen)
        form.field_widget("secretary_person_id").focus()
        await pilot.press("ctrl+o")
        await pilot.pause()
        assert isinstance(pilot.app.screen, PickerScreen)
        await pilot.press(*"Zeno", "enter")
        await pilot.pause()
        assert pilot.app.screen is form
        assert form.field_widget("secretary_person_id").value == person.id
        await save(pilot, form)
        assert isinstance(pilot.app.screen, TablesScreen)
        preview = str(pilot.app.screen.query_one("#preview", Static).render())
        assert "Secretaris: Zeno Onafhankelijk" in preview
    assert demo_ws.tables.get(table.id).secretary_person_id == person.id


@drive
async def test_create_a_table_and_delete_it_but_not_one_with_meetings(app, demo_ws):
    with_meetings = demo_ws.tables.by_name(KENNISSTAD)
    async with app().run_test(size=SIZE) as pilot:
        await pilot.press("t")
        await pilot.pause()
        screen = pilot.app.screen
        await pilot.press("n")
        await pilot.pause()
        form = pilot.app.screen
        assert isinstance(form, PickFormScreen)
        await pilot.press(*"Tafel Energie")
        form.field_widget("rhythm").value = "af en toe"
        await save(pilot, form)
        assert "elke N weken" in error_under(form, "rhythm")  # what to type instead
        form.field_widget("rhythm").value = "elke maand"  # as people say it
        form.field_widget("topics").value = "warmtenet, isolatie"
        await save(pilot, form)
        assert pilot.app.screen is screen
        created = demo_ws.tables.by_name("Tafel Energie")
        assert created.topics == ["warmtenet", "isolatie"] and created.rhythm == "monthly"
        assert created.kind == "samenwerkingstafel"  # the default kind
        assert screen.table.current_record.id == created.id
        # a table with meetings: the service refuses, the screen says why
        screen.table.select_key(with_meetings.id)
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(pilot.app.screen, ConfirmScreen)
        await pilot.press("j")
        await pilot.pause()
        assert any("vergaderingen" in m for m in notes(pilot.app))
        assert demo_ws.tables.find(with_meetings.id) is not None
        # the new one goes
        screen.table.select_key(created.id)
        await pilot.press("d", "j")
        await pilot.pause()
        assert "Tafel Energie" not in text_of(screen)
    assert demo_ws.tables.by_name("Tafel Energie") is None


# -- members ---------------------------------------------------------------------------------------
@drive
async def test_add_an_adviser_edit_the_member_and_end_the_membership(app, demo_ws):
    table = demo_ws.tables.by_name(KENNISSTAD)
    newcomer = demo_ws.organisations.create(name="Aaa Museum", kind="overig")
    rep = demo_ws.people.create(name="Anna Conservator", organisation_id=newcomer.id)
    async with app().run_test(size=SIZE) as pilot:
        screen = await open_table(pilot, demo_ws, KENNISSTAD, tab="leden")
        await pilot.press("n", *"Aaa Mus", "enter")
        await pilot.pause()
        await pilot.press("down", "enter")  # partner, adviseur, waarnemer
        await pilot.pause()
        assert pilot.app.screen is screen
        member = next(
            m for m in demo_ws.tables.members(table.id) if m.organisation_id == newcomer.id
        )
        assert member.role == "adviseur" and member.since == "2027-01-04"
        assert any("Aaa Museum als adviseur" in m for m in notes(pilot.app))
        # e: role and representatives (space ticks a person)
        await pilot.press("e")
        await pilot.pause()
        form = pilot.app.screen
        assert isinstance(form, PickFormScreen)
        form.field_widget("role").value = "partner"
        form.field_widget("representatives").focus()
        await pilot.press("space")
        await save(pilot, form)
        assert pilot.app.screen is screen
        stored = demo_ws.memberships.get(member.id)
        assert stored.role == "partner" and stored.representatives == [rep.id]
        # x ends it, after a question
        await pilot.press("x")
        await pilot.pause()
        assert isinstance(pilot.app.screen, ConfirmScreen)
        await pilot.press("j")
        await pilot.pause()
        assert "Aaa Museum" not in text_of(screen)
    assert demo_ws.memberships.get(member.id).until == "2027-01-03"
    assert newcomer.id not in demo_ws.tables.partner_ids(table.id)


# -- werkafspraken ---------------------------------------------------------------------------------
@drive
async def test_edit_and_delete_a_working_agreement(app, demo_ws):
    table = demo_ws.tables.by_name(KENNISSTAD)
    first, *rest = demo_ws.working_agreements.of_table(table.id)
    async with app().run_test(size=SIZE) as pilot:
        screen = await open_table(pilot, demo_ws, KENNISSTAD, tab="werkafspraken")
        await pilot.press("enter")  # Enter edits, like e
        await pilot.pause()
        form = pilot.app.screen
        assert isinstance(form, FormScreen)
        form.field_widget("text").text = "Elke partner vaardigt twee mensen af."
        await save(pilot, form)
        assert pilot.app.screen is screen
        assert demo_ws.working_agreements.get(first.id).text.startswith(
            "Elke partner vaardigt twee"
        )
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(pilot.app.screen, ConfirmScreen)
        await pilot.press("n")  # no: nothing happens
        await pilot.pause()
        assert len(demo_ws.working_agreements.of_table(table.id)) == len(rest) + 1
        await pilot.press("d", "j")
        await pilot.pause()
        assert len(screen.query_one("#agreements").order) == len(rest)
    assert [w.id for w in demo_ws.working_agreements.of_table(table.id)] == [w.id for w in rest]


# -- belangen --------------------------------------------------------------------------------------
@drive
async def test_edit_an_interest_in_the_matrix_and_add_one_for_a_new_member(app, demo_ws):
    table = demo_ws.tables.by_name(KENNISSTAD)
    gemeente = demo_ws.organisations.by_name("Gemeente Leiden")
    topic = "biodiversiteit"
    before = next(
        i for i in demo_ws.interests.of_table(table.id)
        if i.organisation_id == gemeente.id and i.topic == topic
    )  # fmt: skip
    newcomer = demo_ws.organisations.create(name="Zzz Hortus", kind="overig")
    demo_ws.memberships.add(table.id, newcomer.id)
    async with app().run_test(size=SIZE) as pilot:
        screen = await open_table(pilot, demo_ws, KENNISSTAD, tab="belangen")
        assert screen.tab("belangen").matrix_cell()[0] == gemeente.id  # first row, first topic
        await pilot.press("right")  # gezondheid & welzijn -> biodiversiteit
        await pilot.pause()
        assert screen.tab("belangen").matrix_cell() == (gemeente.id, "Gemeente Leiden", topic)
        assert before.text[:20] in str(screen.query_one("#interest-text").render())
        await pilot.press("enter")
        await pilot.pause()
        form = pilot.app.screen
        assert isinstance(form, FormScreen)
        assert form.field_widget("topic").value == topic
        form.field_widget("text").text = "Meer groen in elke wijk, gemeten per buurt."
        await save(pilot, form)
        assert pilot.app.screen is screen
        assert screen.tab("belangen").matrix_cell()[2] == topic
        # the new member's row is empty; e in the same column records an interest
        await pilot.press(*["down"] * 5)  # the last row: Zzz Hortus
        await pilot.pause()
        assert screen.tab("belangen").matrix_cell()[0] == newcomer.id
        await pilot.press("e")
        await pilot.pause()
        form = pilot.app.screen
        assert isinstance(form, FormScreen)
        form.field_widget("text").text = "Tuinen als lesplek."
        await save(pilot, form)
        assert pilot.app.screen is screen
        assert "Tuinen als lesplek." in text_of(screen)
    after = demo_ws.interests.get(before.id)
    assert after.text == "Meer groen in elke wijk, gemeten per buurt."
    assert after.version == before.version + 1
    added = [i for i in demo_ws.interests.of_table(table.id) if i.organisation_id == newcomer.id]
    assert [(i.topic, i.text) for i in added] == [("biodiversiteit", "Tuinen als lesplek.")]


# -- doelen ----------------------------------------------------------------------------------------
@drive
async def test_add_a_goal_after_a_validation_error_then_delete_it(app, demo_ws):
    table = demo_ws.tables.by_name(KENNISSTAD)
    other = demo_ws.tables.by_name("Samenwerkingstafel Woningbouw")
    demo_ws.goals.create(table_id=other.id, description="8.000 woningen",
                         indicator="woningbouw:homes_delivered")  # fmt: skip
    before = len(demo_ws.goals.of_table(table.id))
    async with app().run_test(size=SIZE) as pilot:
        screen = await open_table(pilot, demo_ws, KENNISSTAD, tab="doelen")
        await pilot.press("n")
        await pilot.pause()
        form = pilot.app.screen
        assert isinstance(form, FormScreen)
        indicators = [v for _, v in form.fields[4].option_pairs()]
        assert indicators == ["manual", "woningbouw:homes_delivered"]
        assert form.field_widget("indicator").value == "manual"
        await pilot.press(*"Studenten met een stageplek")
        form.field_widget("target_value").value = "veel"
        form.field_widget("unit").value = "studenten"
        form.field_widget("deadline").value = "2028-06-30"
        form.field_widget("current_value").value = "120"
        await save(pilot, form)
        assert pilot.app.screen is form  # not saved
        assert "veel" in error_under(form, "target_value")
        assert form.query_one("#field-target_value").has_class("-invalid")
        assert len(demo_ws.goals.of_table(table.id)) == before
        form.field_widget("target_value").value = "400"
        await save(pilot, form)
        assert pilot.app.screen is screen
        goals = demo_ws.goals.of_table(table.id)
        goal = goals[-1]
        assert len(goals) == before + 1
        assert (goal.description, goal.target_value, goal.unit, goal.deadline) == (
            "Studenten met een stageplek", 400.0, "studenten", "2028-06-30")  # fmt: skip
        assert goal.indicator == "manual" and goal.current_value == 120.0
        assert screen.tab("doelen").current("goals").id == goal.id
        assert "120 / 400 studenten" in text_of(screen) and " 30%" in text_of(screen)
        assert "handmatig" in str(screen.query_one("#goal-detail").render())
        # e edits: the form shows the numbers as typed
        await pilot.press("e")
        await pilot.pause()
        form = pilot.app.screen
        assert form.field_widget("target_value").value == "400"
        form.field_widget("current_value").value = "200"
        await save(pilot, form)
        assert demo_ws.goals.get(goal.id).current_value == 200.0
        await pilot.press("d", "j")
        await pilot.pause()
        shown = screen.tab("doelen").current("goals")
        assert shown is None or shown.id != goal.id
    assert len(demo_ws.goals.of_table(table.id)) == before


# -- initiatieven ----------------------------------------------------------------------------------
@drive
async def test_an_initiative_with_two_organisations_gets_its_verdict(app, demo_ws):
    table = demo_ws.tables.by_name(KENNISSTAD)
    assert table.admission_min_partners == 3
    partners = sorted(
        demo_ws.tables.members(table.id), key=lambda m: m.organisation_name.casefold()
    )
    async with app().run_test(size=SIZE) as pilot:
        screen = await open_table(pilot, demo_ws, KENNISSTAD, tab="initiatieven")
        await pilot.press("n")
        await pilot.pause()
        form = pilot.app.screen
        assert isinstance(form, PickFormScreen)
        await pilot.press(*"Groene stageroute")
        form.field_widget("topic").value = "biodiversiteit"
        form.field_widget("organisation_ids").focus()
        await pilot.press("space", "down", "space")  # the first two members
        await save(pilot, form)
        assert pilot.app.screen is screen
        initiative = next(
            i for i in demo_ws.initiatives.of_table(table.id) if i.title == "Groene stageroute"
        )
        assert initiative.organisation_ids == sorted(p.organisation_id for p in partners[:2])
        assert initiative.status == "voorstel" and not initiative.admitted
        verdict = "2 van minimaal 3 partners betrokken"
        assert any(verdict in m and m.startswith("!") for m in notes(pilot.app))
        reasons = str(screen.query_one("#initiative-reasons").render())
        assert reasons.startswith("! Groene stageroute") and verdict in reasons
        # a third partner: it meets the rule, and stays a voorstel until it is admitted
        await pilot.press("e")
        await pilot.pause()
        form = pilot.app.screen
        assert [v for _, v in form.fields[3].option_pairs()] == ["voorstel", "gestopt"]
        form.field_widget("organisation_ids").focus()
        await pilot.press("down", "down", "space")
        await save(pilot, form)
        assert pilot.app.screen is screen
        assert any(
            m.startswith("○ Groene stageroute: voldoet aan de regel") for m in notes(pilot.app)
        )
        assert demo_ws.initiatives.get(initiative.id).status == "voorstel"
        await pilot.press("k")
        await pilot.pause()
        assert isinstance(pilot.app.screen, ConfirmScreen)
        await pilot.press("j")
        await pilot.pause()
        assert pilot.app.screen is screen
        reasons = str(screen.query_one("#initiative-reasons").render())
        assert reasons.startswith("✓ Groene stageroute: toegelaten (2027-01-04)")
    stored = next(i for i in demo_ws.initiatives.of_table(table.id) if i.id == initiative.id)
    assert stored.admitted and stored.status == "lopend" and len(stored.organisation_ids) == 3


# -- permissions and help --------------------------------------------------------------------------
@drive
async def test_a_reader_is_told_before_a_form_opens(app, demo_ws):
    table = demo_ws.tables.by_name(KENNISSTAD)
    before = len(demo_ws.goals.of_table(table.id))
    demo_ws.config.users = {"gast": SimpleNamespace(person=None, role="lezer")}
    demo_ws.act_as("gast")
    async with app().run_test(size=SIZE) as pilot:
        screen = await open_table(pilot, demo_ws, KENNISSTAD, tab="doelen")
        await pilot.press("n")
        await pilot.pause()
        assert pilot.app.screen is screen  # no form to fill in for nothing
        assert any(
            "U mist het recht 'doelen beheren' voor deze tafel" in m for m in notes(pilot.app)
        )
    assert len(demo_ws.goals.of_table(table.id)) == before


@drive
async def test_help_lists_the_keys_of_the_tab(app, demo_ws):
    from stadstafel.tui.screens.help import HelpScreen, binding_rows

    async with app().run_test(size=SIZE) as pilot:
        screen = await open_table(pilot, demo_ws, KENNISSTAD, tab="doelen")
        here, _ = binding_rows(screen)
        keys = {desc: key for key, desc in here}
        assert keys["Doelen"] == "5" and keys["Leden"] == "1"  # the tabs
        assert {k: v for k, v in keys.items() if not v.isdigit()} == {
            "Terug": "esc", "Nieuw": "n", "Wijzig": "e", "Verwijder": "d", "Tafel wijzigen": "b",
            "Besluiten": "l", "Logboek": "L",
        }  # fmt: skip
        footer = text_of(screen).splitlines()[-1]
        for key_and_text in ("n Nieuw", "e Wijzig"):  # the first keys keep their words
            assert key_and_text in footer
        # at 80 columns the others are left out rather than shown without their words: they
        # are on the help screen (above)
        assert not {"d", "b", "l"} & set(footer.split())
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(pilot.app.screen, HelpScreen)
        assert "Dit scherm: Tafel · Doelen" in text_of(pilot.app.screen)
        await pilot.press("escape", "1")
        await pilot.pause()
        here, _ = binding_rows(screen)
        assert {desc for key, desc in here if not key.isdigit()} == {
            "Terug", "Lid toevoegen", "Wijzig", "Beëindig", "Tafel wijzigen", "Besluiten",
            "Logboek",
        }  # fmt: skip


@drive
async def test_the_tables_list_is_paged_from_the_database(app, demo_ws):
    """A region with hundreds of tables: the list holds what it shows plus a margin, and the
    cursor near the end loads the next page."""
    for i in range(150):
        demo_ws.tables.create(name=f"Wijktafel {i:03d}", kind="werkgroep")
    total = len(demo_ws.tables.list())
    async with app().run_test(size=SIZE) as pilot:
        await pilot.press("t")
        await pilot.pause()
        table = pilot.app.screen.table
        assert table.total == total
        loaded = len(table.order)
        assert 0 < loaded <= table.page_size < total
        for _ in range(5):
            await pilot.press("ctrl+end")
            await pilot.pause()
        assert len(table.order) == total  # page after page came in
        names = [table.records[k].name for k in table.order]
        assert names == [t.name for t in demo_ws.tables.list()][: len(names)]


@drive
async def test_a_tab_is_built_when_it_is_first_shown(app, demo_ws):
    """Opening a table builds its first tab only; another is built, filled and focused when
    it is first shown."""
    table = demo_ws.tables.by_name(KENNISSTAD)
    goals = demo_ws.goals.of_table(table.id)
    assert goals
    async with app().run_test(size=SIZE) as pilot:
        screen = await open_table(pilot, demo_ws, KENNISSTAD)
        assert list(screen.tab_widgets) == ["leden"]
        assert screen.focused is not None and screen.tab("leden") in screen.focused.ancestors
        await pilot.press("5")  # goals
        await pilot.pause()
        await pilot.pause()
        assert set(screen.tab_widgets) == {"leden", "doelen"}
        doelen = screen.tab("doelen")
        assert screen.focused is not None and doelen in screen.focused.ancestors
        assert doelen.current("goals").id in {g.id for g in goals}  # filled
        assert goals[0].description[:20] in text_of(screen)


@drive
async def test_a_resize_lays_out_the_screen_and_the_one_under_it(app, demo_ws):
    """A pushed screen is not laid out again for the Resize its own first layout posts; a
    real change of the terminal's size still lays out it and the screens under it."""
    async with app().run_test(size=SIZE) as pilot:
        screen = await open_table(pilot, demo_ws, KENNISSTAD)
        tables = pilot.app.screen_stack[-2]
        assert isinstance(tables, TablesScreen) and screen.size.width == 80
        await pilot.resize_terminal(120, 40)
        await pilot.pause()
        await pilot.pause()
        assert tuple(screen.outer_size) == (120, 40)  # its size: inside header and footer
        assert screen.query_one("#table-name").size.width > 80
        await pilot.press("escape")
        await pilot.pause()
        assert pilot.app.screen is tables
        assert tables.query_one("DataTable").size.width > 80
