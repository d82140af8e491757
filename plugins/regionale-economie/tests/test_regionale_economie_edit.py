"""Forms for work locations, series and figures, and deleting from the app (Pilot, 80×24):
the definition rule holds in the form because the service refuses, a delete asks first, is
audited, takes what belongs to the record with it and is refused, naming them, while a core
record (an agenda item, a goal) refers to it; keys hidden from an actor without the right."""

from __future__ import annotations

import pytest
from regionale_economie_pilot import SIZE, fill, go, rows
from stadstafel import ValidationError
from stadstafel.testing import app_for, run_async
from stadstafel.ui import ConfirmScreen, FormScreen, PickerScreen
from textual.widgets import Static

from stadstafel_regionale_economie import CIJFERS, CONTROL, DEALS, LOCATIES, REEKSEN, VERBANDEN
from stadstafel_regionale_economie.screens import (
    DealsScreen,
    LocatieScreen,
    LocatiesScreen,
    VerbandenScreen,
    VerbandScreen,
)


def error_of(form: FormScreen) -> str:
    return " ".join(str(w.render()) for w in form.query(Static) if "error" in (w.id or ""))


def test_location_series_and_figures_from_the_keyboard(demo):
    table = demo.read.table_by_name("Leiden Kennisstad")

    @run_async
    async def run():
        app = app_for(demo)
        async with app.run_test(size=SIZE) as pilot:
            await go(pilot, "g", "l", "n")
            form = app.screen
            assert isinstance(form, FormScreen)
            # an area needs its source: refused by the service, the form stays open
            await fill(pilot, form, table_id=table.id, name="Stationsgebied", area_ha="12,5")
            await go(pilot, "ctrl+s")
            assert app.screen is form and "bron" in error_of(form)
            await fill(pilot, form, area_source="Gemeente Leiden, kaart 2024",
                       area_date="2024-01-01")  # fmt: skip
            await go(pilot, "ctrl+s")
            assert isinstance(app.screen, LocatiesScreen)
            loc = demo.service(LOCATIES).by_name("Stationsgebied")
            assert loc.area_ha == 12.5 and loc.table_id == table.id
            # open it, add a series of LISA werkzame personen
            listed = rows(app.screen.table)
            app.screen.table.move_cursor(row=[r.id for r in listed].index(loc.id))
            await go(pilot, "enter")
            screen = app.screen
            assert isinstance(screen, LocatieScreen)
            await go(pilot, "c")  # no series yet: a message, no form
            assert app.screen is screen
            await go(pilot, "r")
            await fill(pilot, app.screen, definition="lisa-werkzame-personen")
            await go(pilot, "ctrl+s")
            (series,) = demo.service(REEKSEN).of_location(loc.id)
            assert series.definition == "lisa-werkzame-personen"
            # a figure counted as CBS banen is refused in this series, plainly
            await go(pilot, "c")
            form = app.screen
            await fill(pilot, form, definition="cbs-banen", peildatum="2024-04-01",
                       value="24.600", source="LISA 2024")  # fmt: skip
            await go(pilot, "ctrl+s")
            assert app.screen is form
            assert "Een reeks houdt één definitie" in error_of(form)
            # a LISA figure is dated 1 April
            await fill(pilot, form, definition="lisa-werkzame-personen", peildatum="2024-12-31")
            await go(pilot, "ctrl+s")
            assert app.screen is form and "past niet" in error_of(form)
            await fill(pilot, form, peildatum="2024-04-01")
            await go(pilot, "ctrl+s")
            assert app.screen is screen
            (figure,) = demo.service(CIJFERS).of_series(series.id)
            assert figure.value == 24600 and figure.source == "LISA 2024"
            assert "24.600" in str(screen.query_one("#re-loc", Static).render())
            # Enter on the series: change it or one of its figures
            await go(pilot, "enter")
            assert isinstance(app.screen, PickerScreen)
            assert [v for _label, v in app.screen.options] == [0, figure.id]
            await go(pilot, "down", "enter")
            await fill(pilot, app.screen, value="24.700")
            await go(pilot, "ctrl+s")
            assert demo.service(CIJFERS).get(figure.id).value == 24700
            # its definition is fixed now that it has a figure
            await go(pilot, "enter", "enter")
            await fill(pilot, app.screen, definition="cbs-banen")
            await go(pilot, "ctrl+s")
            assert "liggen vast" in error_of(app.screen)

    run()


def test_the_figure_service_refuses_another_definition_on_update(demo):
    park = demo.service(LOCATIES).by_name("Leiden Bio Science Park")
    series = demo.service(REEKSEN).of_location(park.id)[0]
    figure = demo.service(CIJFERS).of_series(series.id)[0]
    other = next(d for d in ("cbs-banen", "lisa-werkzame-personen") if d != series.definition)
    with pytest.raises(ValidationError, match="Een reeks houdt één definitie"):
        demo.service(CIJFERS).update(figure.id, figure.version, definition=other, value=1)
    assert demo.service(CIJFERS).get(figure.id).value == figure.value


def test_delete_a_collaboration_asks_and_takes_its_events_audited(demo):
    verbanden = demo.service(VERBANDEN)
    eco = verbanden.list(filter="Economie071").rows[0]
    events = [e.id for e in demo.service(CONTROL).events(verband_id=eco.id)]

    @run_async
    async def run():
        app = app_for(demo)
        async with app.run_test(size=SIZE) as pilot:
            await go(pilot, "g", "f", *"Economie071", "enter", "d")
            ask = app.screen
            assert isinstance(ask, ConfirmScreen) and "Economie071" in ask.question
            if events:
                assert f"{len(events)} × controlmoment" in ask.question
            await go(pilot, "n")  # no: nothing happens
            assert verbanden.find(eco.id) is not None
            await go(pilot, "d", "j")
            assert isinstance(app.screen, VerbandenScreen)
            assert verbanden.find(eco.id) is None

    run()
    assert all(demo.service(CONTROL).find(i) is None for i in events)
    audited = demo.audit.list(record_type=verbanden.record, record_id=eco.id)
    assert audited[0].action == "delete"


def test_delete_refused_while_an_agenda_item_refers_to_it(demo):
    control = demo.service(CONTROL)
    bvo = next(u["event"] for u in control.unplanned_zienswijzen() if not u["missed"])
    meeting = control.meetings_in_time(bvo)[0]
    item = control.plan_zienswijze(bvo.id, meeting.id)
    verband = demo.service(VERBANDEN).get(bvo.verband_id)
    for service, record in ((control, bvo), (demo.service(VERBANDEN), verband)):
        with pytest.raises(ValidationError) as refused:
            service.delete(record.id, None)
        assert f"agendapunt '{item.title}' (vergadering {meeting.starts_at[:10]})" in str(
            refused.value
        )
    assert control.find(bvo.id) is not None

    @run_async
    async def run():
        app = app_for(demo)
        async with app.run_test(size=SIZE) as pilot:
            await go(pilot, "g", "f", *verband.name[:12], "enter", "enter")
            detail = app.screen
            assert isinstance(detail, VerbandScreen)
            events = rows(detail.events_table)
            detail.events_table.move_cursor(row=[e.id for e in events].index(bvo.id))
            await go(pilot, "d")
            assert app.screen is detail  # refused straight away: no question
            assert control.find(bvo.id) is not None

    run()


def test_delete_a_series_refused_while_a_goal_measures_it(demo):
    park = demo.service(LOCATIES).by_name("Leiden Bio Science Park")
    goal = next(
        g
        for g in demo.goals.of_table(park.table_id)
        if (g.indicator or "").startswith("regionale-economie:")
    )
    measured = demo.service(REEKSEN).of(park.id, goal.indicator.split(":", 1)[1])
    with pytest.raises(ValidationError, match="doel '"):
        demo.service(REEKSEN).delete(measured.id, None)
    with pytest.raises(ValidationError, match="doel '"):  # nor the location it belongs to
        demo.service(LOCATIES).delete(park.id, None)
    # another series of the park goes, with its figures, after the question
    other = next(s for s in demo.service(REEKSEN).of_location(park.id) if s.id != measured.id)
    figures = [f.id for f in demo.service(CIJFERS).of_series(other.id)]

    @run_async
    async def run():
        app = app_for(demo)
        async with app.run_test(size=SIZE) as pilot:
            await go(pilot, "g", "l", "f", *"bio", "enter", "enter")
            screen = app.screen
            assert isinstance(screen, LocatieScreen)
            listed = rows(screen.series_table)
            screen.series_table.move_cursor(row=[s.id for s in listed].index(other.id))
            await go(pilot, "d")
            assert isinstance(app.screen, ConfirmScreen)
            assert f"{len(figures)} × cijfer" in app.screen.question
            assert app.screen.question.startswith("Reeks '")  # by definition and location
            assert "(Leiden Bio Science Park)' verwijderen?" in app.screen.question
            await go(pilot, "j")
            assert app.screen is screen
            assert other.id not in [s.id for s in rows(screen.series_table)]

    run()
    assert demo.service(REEKSEN).find(other.id) is None
    assert all(demo.service(CIJFERS).find(i) is None for i in figures)
    assert demo.audit.list(record_type="regionale_economie_cijfer", record_id=figures[0])


def test_delete_a_regio_deal_with_its_projects(demo):
    deals = demo.service(DEALS)
    deal = deals.list().rows[0]

    @run_async
    async def run():
        app = app_for(demo)
        async with app.run_test(size=SIZE) as pilot:
            await go(pilot, "g", "r")
            assert isinstance(app.screen, DealsScreen)
            await go(pilot, "d")
            assert "3 × Regio Deal-project" in app.screen.question
            await go(pilot, "j")

    run()
    assert deals.find(deal.id) is None
    assert demo.service("regionale-economie.projecten").of_deal(deal.id) == []


def test_no_delete_or_forms_without_the_right(reader):
    @run_async
    async def run():
        app = app_for(reader)
        async with app.run_test(size=SIZE) as pilot:
            await go(pilot, "g")
            assert app.screen.check_action("delete", ()) is False
            await go(pilot, "d")
            assert isinstance(app.screen, VerbandenScreen)  # no question
            await go(pilot, "l")
            for action in ("new", "edit", "delete", "import"):
                assert app.screen.check_action(action, ()) is False
            locations = app.screen
            await go(pilot, "u")  # no file dialog
            assert app.screen is locations
            await go(pilot, "enter")
            screen = app.screen
            assert isinstance(screen, LocatieScreen)
            for action in ("edit", "new_series", "new_figure", "delete"):
                assert screen.check_action(action, ()) is False
            await go(pilot, "d", "r", "c", "enter")
            assert app.screen is screen

    run()


def test_figures_are_imported_from_the_app(demo):
    """``u`` on the work locations: a CSV file from the imports folder, imported as the CLI
    does (all or nothing), the report shown; a bad file stores nothing and shows every
    problem."""
    folder = demo.config.database.parent  # the imports folder when none is configured
    (folder / "lisa.csv").write_text(
        "locatie;definitie;peildatum;waarde;bron\n"
        "Leiden Bio Science Park;lisa-werkzame-personen;2026-04-01;25.100;LISA 2026\n",
        encoding="utf-8",
    )
    (folder / "fout.csv").write_text(
        "locatie;definitie;peildatum;waarde;bron\n"
        "Leiden Bio Science Park;lisa-werkzame-personen;2026-04-01;25.100;LISA 2026\n"
        "Nergenspark;lisa-werkzame-personen;2026-04-01;1;LISA 2026\n",
        encoding="utf-8",
    )
    park = demo.service(LOCATIES).by_name("Leiden Bio Science Park")

    def figures() -> list:
        return [
            (f.peildatum, f.value)
            for s in demo.service(REEKSEN).of_location(park.id)
            for f in demo.service(CIJFERS).rows(
                f"SELECT * FROM {demo.service(CIJFERS).table} WHERE reeks_id = ?", [s.id]
            )
            if f.peildatum == "2026-04-01"
        ]

    @run_async
    async def run():
        from stadstafel.ui import ImportReportScreen

        app = app_for(demo)
        async with app.run_test(size=SIZE) as pilot:
            await go(pilot, "g", "l")
            assert isinstance(app.screen, LocatiesScreen)
            await go(pilot, "f", *"bio", "escape")  # out of the filter, not off the screen
            assert isinstance(app.screen, LocatiesScreen)
            assert app.screen.query_one("#re-loc-filter").value == ""
            await go(pilot, "u")
            assert isinstance(app.screen, PickerScreen)
            await go(pilot, *"fout", "enter")
            assert isinstance(app.screen, ImportReportScreen)
            assert "Nergenspark" in str(app.screen.query_one("#report", Static).render())
            assert figures() == []
            await go(pilot, "escape", "u")
            await go(pilot, *"lisa", "enter")
            assert isinstance(app.screen, ImportReportScreen)
            report = str(app.screen.query_one("#report", Static).render())
            assert report.startswith("1 rijen: 1 nieuw")
            assert figures() == [("2026-04-01", 25100.0)]

    run()
