"""Hostile text (the core's corpus, ``tests/hostile.py``) in every field the module shows or
exports stays data: a leerkring's theme, a session's casus, notes and guest expert, an output's
title, an indicator's name, unit and caveat, a measure's title and description, and city names
as an import reports them. On the screens no control character is drawn and no markup runs
(no click action, no link); the command line prints no control character; the Markdown export
escapes markup, the CSV export starts no cell with a formula character."""

from __future__ import annotations

import contextlib
import csv
import io
import sys
from pathlib import Path

import pytest
from stadstafel import ValidationError
from stadstafel.testing import app_for, run_async
from textual.content import Content

from stadstafel_sociaal_domein.importer import import_text
from stadstafel_sociaal_domein.screens import (
    CityScreen,
    IndicatorScreen,
    LeerkringScreen,
    MeasureScreen,
    MeasuresScreen,
    SociaalDomeinScreen,
)

NAME = "sociaal-domein"
SIZE = (80, 24)


@pytest.fixture
def hostile():
    """The core's corpus and checks (``tests/hostile.py``), also when only these tests run."""
    core_tests = Path(__file__).resolve().parents[3] / "tests"
    if str(core_tests) not in sys.path:
        sys.path.append(str(core_tests))
    import hostile

    return hostile


@pytest.fixture
def made(ws, net, hostile):
    """Every hostile string in the module's text fields, written through the services; each
    corpus entry also names a gemeente with a region code and a figure."""
    c = hostile.CORPUS
    table = net["table"]
    regions = ws.service(f"{NAME}.regions")
    indicators = ws.service(f"{NAME}.indicators")
    ind = indicators.create(
        table_id=table.id, name=c["click"], unit=c["bold"], period_type="jaar",
        source=c["title"], caveat=c["clear"],
    )  # fmt: skip
    rows = ["RegioS;Perioden;Waarde;Status"]
    cities = []
    for n, text in enumerate(c.values()):
        org = ws.organisations.create(name=f"{text} gemeente", kind="gemeente")
        code = f"GM{9000 + n:04d}"
        regions.set(code, org.id)
        rows.append(f"{code};2023JJ00;{10 + n};Voorlopig")
        rows.append(f"{code};2024JJ00;{20 + n};{'Definitief' if n % 2 else 'Voorlopig'}")
        cities.append(org)
    rows.append("GM0546;2024JJ00;30;Definitief")  # Leiden, the workspace's own city
    report = import_text(ws, ind.id, "\n".join(rows) + "\n")
    kring = ws.service(f"{NAME}.leerkringen").update(
        net["kring"].id, net["kring"].version, theme=c["close"],
        organisation_ids=[net["orgs"]["Leiden"], cities[3].id], notes=c["csi"],
    )  # fmt: skip
    sessions = ws.service(f"{NAME}.sessions")
    open_session = sessions.create(
        leerkring_id=kring.id, date="2027-02-01", host_organisation_id=cities[3].id,
        guest_expert=c["bell"], casus=c["clipboard"], notes=c["cr"],
    )  # fmt: skip
    ws.service(f"{NAME}.outputs").create(
        leerkring_id=kring.id, kind="kennisdocument", title=c["formula"]
    )
    measure = ws.service(f"{NAME}.measures").create(
        table_id=table.id, title=c["c1"], description=f"{c['bold']}\n{c['bidi']}\n{c['emoji']}",
        laws=["Jeugdwet"], taakveld="6.72", owner_organisation_id=cities[5].id,
    )  # fmt: skip
    return {"ind": ind, "kring": kring, "session": open_session, "measure": measure,
            "cities": cities, "report": report}  # fmt: skip


def drawn(hostile, app) -> str:
    """The screen as drawn, every segment checked: no control character, no click action, no
    link made from text."""
    text = hostile.drawn(app)
    for strip in app.screen._compositor.render_strips():
        for seg in strip:
            assert not (seg.style is not None and seg.style.link), seg
    return text


def test_screens_show_hostile_text_literally(ws, net, made, hostile):
    c = hostile.CORPUS

    @run_async
    async def run():
        app = app_for(ws)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()

            async def show(screen) -> str:
                app.push_screen(screen)
                await pilot.pause()
                await pilot.pause()
                assert app.screen is screen
                return drawn(hostile, app)

            text = await show(SociaalDomeinScreen(ws))
            assert hostile.shown(c["click"])[:30] in text  # the indicator's name as typed
            text = await show(IndicatorScreen(ws, made["ind"].id))
            assert hostile.shown(c["click"]) in text and hostile.shown(c["clear"]) in text
            assert hostile.shown(c["bold"]) in text  # the unit, "[b]vet[/b] en [concept]"
            assert any(hostile.shown(o.name)[:16] in text for o in made["cities"])
            await pilot.press("p")  # the plot of the own city's series
            await pilot.pause()
            drawn(hostile, app)
            text = await show(CityScreen(ws, made["cities"][1].id))  # the "[b]vet[/b]" city
            assert f"{hostile.shown(made['cities'][1].name)}: plaats per indicator" in text
            assert hostile.shown(c["click"])[:20] in text
            text = await show(LeerkringScreen(ws, made["kring"].id))
            assert hostile.shown(c["close"]) in text  # the theme
            assert hostile.shown(c["formula"])[:30] in text  # the output's title
            assert hostile.shown(made["cities"][3].name) in text  # a city and the host
            assert hostile.shown(c["clipboard"])[:20] in text  # the casus
            # preparing the session: the form shows casus, notes and guest expert as typed
            await pilot.press("e")
            await pilot.pause()
            text = drawn(hostile, app)
            assert hostile.shown(c["bell"]) in text
            await pilot.press("ctrl+s")
            await pilot.pause()
            assert isinstance(app.screen, LeerkringScreen), drawn(hostile, app)
            text = await show(MeasuresScreen(ws))
            assert hostile.shown(c["c1"]) in text
            text = await show(MeasureScreen(ws, made["measure"].id))
            assert hostile.shown(c["c1"]) in text and hostile.shown(c["emoji"]) in text
            assert hostile.shown(c["bold"]) in text
            # the leerkring's edit form, saved: the notification names the theme as plain text
            tab_screen = LeerkringScreen(ws, made["kring"].id)
            await show(tab_screen)
            from stadstafel_sociaal_domein import forms

            saved = []
            forms.leerkring_form(tab_screen, net["table"], made["kring"], saved.append)
            await pilot.pause()
            drawn(hostile, app)
            await pilot.press("ctrl+s")
            await pilot.pause()
            assert saved and saved[0] is not None
            messages = [
                (Content.from_markup(n.message) if n.markup else Content(n.message)).plain
                for n in app._notifications
            ]
            for message in messages:
                hostile.assert_no_control(message, "a notification")

    run()


def test_the_import_report_and_command_line_print_no_control(ws, net, made, hostile, tmp_path):
    report = made["report"]
    summary = report.summary()
    # the cities that became definitief are named as stored: neutralised, markup kept as text
    assert hostile.shown(made["cities"][1].name) in summary
    hostile.assert_no_control(summary, "the import report")
    from click.testing import CliRunner

    from stadstafel_sociaal_domein.cli import sociaal_domein

    class Obj:
        def workspace(self):
            return contextlib.nullcontext(ws)

    out = CliRunner().invoke(sociaal_domein, ["vergelijk", str(made["ind"].id)], obj=Obj(),
                             color=True)  # as on a terminal: click strips nothing  # fmt: skip
    assert out.exit_code == 0, out.output
    hostile.assert_no_control(out.output, "vergelijk")
    assert hostile.shown(made["cities"][2].name)[:23] in out.output  # "[@click=app.screensh…"
    # an import whose file holds hostile cells: the errors name row and column, as data
    bad = f"RegioS;Perioden;Waarde;Status\n{hostile.CORPUS['clear']};{hostile.CORPUS['csi']};x;y\n"
    with pytest.raises(ValidationError) as refused:  # what the app's import dialog shows
        import_text(ws, made["ind"].id, bad)
    hostile.assert_no_control(str(refused.value), "the import's message")
    hostile.assert_no_control(repr(refused.value.report.errors), "the import's errors")
    (tmp_path / "bad.csv").write_text(bad, encoding="utf-8")  # the imports folder
    out = CliRunner().invoke(sociaal_domein, ["import", str(made["ind"].id), "bad.csv"], obj=Obj(),
                             color=True)  # fmt: skip
    assert out.exit_code != 0
    hostile.assert_no_control(out.output, "import errors")
    assert "rij 2" in out.output, out.output


def test_exports_escape_markup_and_neutralise_csv_cells(ws, net, made, hostile):
    c = hostile.CORPUS
    # a name whose comma would open a new cell holding a formula, were it not quoted
    ws.service(f"{NAME}.indicators").create(
        table_id=net["table"].id, name=f"Bijstand,{c['formula']}", period_type="jaar"
    )
    md = ws.export(f"{NAME}-leerkringen").decode()
    hostile.assert_no_control(md, "the leerkringen document")
    assert c["close"] not in md and "Overleg \\[/x\\] gesloten" in md  # the theme, escaped
    assert c["clipboard"].split("\x1b")[0] in md  # the casus, for the admin who may read it
    md = ws.export(f"{NAME}-indicatoren-md").decode()
    hostile.assert_no_control(md, "the comparison document")
    assert "\\[@click" in md and "[@click" not in md.replace("\\[@click", "")
    data = ws.export(f"{NAME}-vergelijking").decode()
    hostile.assert_no_control(data, "the comparison CSV")
    cells = [cell for row in csv.reader(io.StringIO(data)) for cell in row]
    assert cells, data
    for cell in cells:
        assert not cell.startswith(("=", "+", "-", "@")), cell
    # the formula city is there, kept as text
    assert any(c["formula"] in cell for cell in cells), cells
