"""The Inbreng section at 80×24: reached from the palette, a secretary takes in a topic,
places it on a meeting (the agenda shows its origin) and answers it; a partner sees nothing
and is told why. Found from ``/`` by the secretary only."""

from __future__ import annotations

from support import drive
from test_admission_signing import PARTNER, SECRETARY, act_as
from test_minutes import fill_form, text_of
from test_role_keys import offered

from stadstafel.tui.modals import PickerScreen
from stadstafel.tui.screens.intake import IntakeScreen
from stadstafel.tui.widgets.form import FormScreen

SIZE = (80, 24)
WONINGBOUW = "Samenwerkingstafel Woningbouw"


async def open_intake(pilot) -> IntakeScreen:
    await pilot.app.run_action("section('intake')")
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, IntakeScreen)
    return screen


@drive
async def test_the_palette_offers_the_section(app):
    from stadstafel.tui.commands import NavigationProvider  # noqa: F401  (the palette's)

    async with app().run_test(size=SIZE) as pilot:
        titles = [s.title_nl for s in pilot.app.sections]
        assert "Inbreng uit de stad" in titles
        section = next(s for s in pilot.app.sections if s.id == "intake")
        assert not section.key  # no footer key: the palette and search reach it


@drive
async def test_take_in_place_and_answer(app, demo_ws):
    table = demo_ws.tables.by_name(WONINGBOUW)
    before = len(demo_ws.intake.list())
    async with app().run_test(size=SIZE) as pilot:
        screen = await open_intake(pilot)
        assert "Te weinig senioren" in text_of(screen)  # the demo's
        await pilot.press("n")
        await pilot.pause()
        form = pilot.app.screen
        assert isinstance(form, FormScreen)
        fill_form(
            form,
            table_id=table.id,
            sender="Wijkraad De Kooi",
            subject="Speelplek bij de nieuwbouw",
            channel="spreekuur",
        )
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert pilot.app.screen is screen
        new = screen.current
        assert (new.sender, new.status, new.received_on) == (
            "Wijkraad De Kooi", "nieuw", "2027-01-04",
        )  # fmt: skip
        await pilot.press("enter")  # only shows it
        await pilot.pause()
        assert demo_ws.intake.get(new.id).status == "nieuw"
        await pilot.press("b")
        await pilot.pause()
        picker = pilot.app.screen
        assert isinstance(picker, PickerScreen)
        await pilot.press("enter")  # the first coming meeting
        await pilot.pause()
        placed = demo_ws.intake.get(new.id)
        assert placed.status == "geagendeerd"
        item = demo_ws.agenda.get(placed.agenda_item_id)
        assert item.origin == "stad" and item.source_key == f"intake:{new.id}"
        assert "op de agenda van" in text_of(screen)
        await pilot.press("A")
        await pilot.pause()
        fill_form(pilot.app.screen, answer="Besproken; de gemeente zoekt een plek.")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "Beantwoord 2027-01-04: Besproken" in text_of(screen)
    assert len(demo_ws.intake.list()) == before + 1
    assert demo_ws.intake.get(new.id).status == "beantwoord"
    agenda = demo_ws.meetings.agenda(item.meeting_id)["items"]
    origin = next(i for i in agenda if i.id == item.id).origin_text
    assert origin == "inbreng van Wijkraad De Kooi (spreekuur, 4 januari 2027)"


@drive
async def test_each_sees_the_intake_of_the_tables_it_handles(app, demo_ws):
    act_as(demo_ws, *SECRETARY)  # secretary of Kennisstad: its intake, not Woningbouw's
    assert {i.table_name for i in demo_ws.intake.list()} == {"Leiden Kennisstad"}
    assert [h.title for h in demo_ws.search.search("stageplekken", kinds=["intake"])] == [
        "Stageplekken in het mkb"
    ]
    assert demo_ws.search.search("Stevenshof", kinds=["intake"]) == []
    act_as(demo_ws, *PARTNER)  # a partner of Kennisstad: none
    async with app().run_test(size=SIZE) as pilot:
        screen = await open_intake(pilot)
        shown = text_of(screen)
        assert "Stageplekken" not in shown
        assert "voorzitter en de secretaris" in shown
        assert not {"n", "b", "A"} & offered(pilot.app)  # not offered what they may not do
        assert "innemen" not in shown
        await pilot.press("n")
        await pilot.pause()
        assert pilot.app.screen is screen  # no form that could only be refused
    assert demo_ws.search.search("stageplekken", kinds=["intake"]) == []
