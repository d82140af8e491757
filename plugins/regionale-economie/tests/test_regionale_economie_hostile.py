"""Hostile text (``stadstafel.testing.HOSTILE``) in every field the module keeps stays data:
names, organen members, deelnemers, taken, instrument references, Regio Deals and projects,
locations, and the cells of an imported CSV. Shown literally in every screen (no control
character reaches the terminal, no markup runs), in forms, questions and notifications, in
the CLI, and in the exports; the register's CSV neutralises formulas."""

from __future__ import annotations

import csv
import io
import json

from click.testing import CliRunner
from regionale_economie_pilot import SIZE, go
from stadstafel.testing import (
    HOSTILE,
    app_for,
    assert_no_control,
    drawn_text,
    hostile_shown,
    plugin_workspace,
    run_async,
)
from stadstafel.ui import ConfirmScreen, FormScreen
from textual.content import Content

import stadstafel_regionale_economie
from stadstafel_regionale_economie import CONTROL, DEALS, LOCATIES, NAME, VERBANDEN
from stadstafel_regionale_economie.cli import regionale_economie
from stadstafel_regionale_economie.importer import import_text
from stadstafel_regionale_economie.screens import (
    DealsScreen,
    LocatieScreen,
    LocatiesScreen,
    VerbandScreen,
)

FORMULA = HOSTILE["formula"]


def populate(ws, table) -> dict:
    """Every hostile string in every text of the module's records, through the services, and
    a park whose figures come from an imported CSV with hostile cells."""
    made = []
    org = ws.organisations.create(name=f"{HOSTILE['csi']} org", kind="gemeente")
    for i, text in enumerate(HOSTILE.values()):
        v = ws.service(
            VERBANDEN
        ).create(
            table_id=table.id,
            name=f"{text} {i}",
            type="openbaar lichaam",
            organen=[{"orgaan": "AB", "leden": [text]}],  # flagged: no DB, no voorzitter
            deelnemers=[org.id],
            taken=[{"taak": text, "beleidsarm": False, "van": "raad"}],
            beleidsveld=text[:80],
            instrument=text,
            notes=text,
        )
        ws.service(CONTROL).create(
            verband_id=v.id, kind="ontwerp-begroting", deadline="2027-04-20", notes=text
        )
        made.append(v)
    deal = ws.service(DEALS).create(
        table_id=table.id, name=HOSTILE["click"], tranche=5, region=HOSTILE["title"],
        themes=[HOSTILE["bold"]], rijk_eur=50_000_000, regio_eur=1,
    )  # fmt: skip
    ws.service(f"{NAME}.projecten").create(deal_id=deal.id, name=HOSTILE["clear"])
    loc = ws.service(LOCATIES).create(
        table_id=table.id, name=HOSTILE["clipboard"], gemeente=HOSTILE["bell"],
        area_ha=10, area_source=HOSTILE["c1"],
    )  # fmt: skip
    # the figures come in by CSV: hostile source and note cells (a formula among them)
    quoted = loc.name.replace('"', '""')
    report = import_text(
        ws,
        "locatie,definitie,peildatum,waarde,bron,notitie\n"
        f'"{quoted}",cbs-banen,2024-12-31,5,"{FORMULA.replace(chr(34), 2 * chr(34))}",'
        f'"{HOSTILE["cr"]}"\n'
        f'"{quoted}",lisa-werkzame-personen,2024-04-01,7,"{HOSTILE["click"]}",x\n',
    )
    assert "2" in report.summary()
    return {"verbanden": made, "deal": deal, "locatie": ws.service(LOCATIES).get(loc.id)}


def test_screens_show_hostile_text_literally(demo):
    table = demo.read.table_by_name("Leiden Kennisstad")
    made = populate(demo, table)
    loc = made["locatie"]
    demo.meetings.create(table_id=table.id, title=HOSTILE["title"], starts_at="2027-04-01 10:00")

    @run_async
    async def run():
        app = app_for(demo)
        async with app.run_test(size=SIZE) as pilot:
            for keys in (["g"], ["k"], ["escape", "r"], ["escape", "l"]):
                await go(pilot, *keys)
                drawn_text(app)
            assert isinstance(app.screen, LocatiesScreen)
            app.push_screen(LocatieScreen(demo, loc.id))
            await pilot.pause()
            shown = drawn_text(app)
            assert hostile_shown(loc.name)[:20] in shown
            for source in (FORMULA, HOSTILE["click"]):  # the imported sources, as text
                assert hostile_shown(source)[:20] in shown
            # the forms of the series and of a figure, and the question before a delete
            for keys in (["c"], ["r"], ["e"]):
                await go(pilot, *keys)
                assert isinstance(app.screen, FormScreen)
                drawn_text(app)
                await go(pilot, "escape")
                if isinstance(app.screen, ConfirmScreen):  # "discard the changes?"
                    await go(pilot, "j")
            await go(pilot, "d")
            assert isinstance(app.screen, ConfirmScreen)
            drawn_text(app)
            await go(pilot, "n", "escape")
            for v in made["verbanden"]:
                app.push_screen(VerbandScreen(demo, v.id))
                await pilot.pause()
                shown = drawn_text(app)
                assert hostile_shown(v.name)[:20] in shown
                app.pop_screen()
                await pilot.pause()
            # the edit form of the "[@click=…]" one, saved: the notification is plain text
            app.push_screen(VerbandScreen(demo, made["verbanden"][2].id))
            await go(pilot, "e")
            drawn_text(app)
            await go(pilot, "ctrl+s")
            assert isinstance(app.screen, VerbandScreen), drawn_text(app)
            messages = [
                (Content.from_markup(n.message) if n.markup else Content(n.message)).plain
                for n in app._notifications
            ]
            assert any(HOSTILE["click"] in m for m in messages), messages
            # the picker of meetings in time, with the hostile meeting title
            await go(pilot, "a")
            drawn_text(app)
            await go(pilot, "escape", "escape")
            app.push_screen(DealsScreen(demo))
            await pilot.pause()
            await pilot.pause()
            assert hostile_shown(HOSTILE["click"])[:20] in drawn_text(app)
            await go(pilot, "down", "d")  # the question names the deal literally
            assert HOSTILE["click"] in app.screen.question
            drawn_text(app)

    run()


def test_cli_and_exports_keep_hostile_text_as_data(demo, tmp_path):
    table = demo.read.table_by_name("Leiden Kennisstad")
    made = populate(demo, table)

    class Obj:
        def workspace(self):
            return plugin_workspace(tmp_path, stadstafel_regionale_economie, NAME)

    def cli(*args: str) -> str:
        out = CliRunner().invoke(regionale_economie, list(args), obj=Obj())
        assert out.exit_code == 0, out.output
        assert_no_control(out.output, " ".join(args))
        return out.output

    for args in (["list"], ["deadlines"], ["list", "--format", "csv"]):
        cli(*args)
    shown = cli("compare", made["locatie"].name)
    assert hostile_shown(FORMULA) in shown
    rows = json.loads(cli("list", "--format", "json"))
    assert any(r["name"].startswith(hostile_shown(HOSTILE["clear"])) for r in rows)
    # the exports: no control character; the register's CSV cells never start a formula
    for name in ("register-csv", "register-md", "deadlines-ics"):
        data = demo.export(f"{NAME}-{name}").decode("utf-8")
        assert_no_control(data.replace("\r\n", "\n"), name)
    register = list(csv.reader(io.StringIO(demo.export(f"{NAME}-register-csv").decode())))
    cells = [c for row in register[1:] for c in row]
    assert not [c for c in cells if c[:1] in ("=", "+", "-", "@")]
    assert any(hostile_shown(FORMULA) in c for c in cells)  # the formula is there, as text


def test_import_messages_are_data(demo):
    """A bad CSV: every error names row and column, with the cell's text neutralised."""
    try:
        import_text(
            demo,
            "locatie,definitie,peildatum,waarde,bron\n"
            f'"{HOSTILE["clear"]}","{HOSTILE["title"]}",{HOSTILE["bell"]},{FORMULA[:5]},\n',
        )
    except Exception as exc:
        message = str(exc)
    else:
        raise AssertionError("a bad file was imported")
    assert "rij 2, kolom locatie" in message and "rij 2, kolom definitie" in message
    assert_no_control(message, "import message")
