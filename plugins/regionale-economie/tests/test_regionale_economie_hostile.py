"""Hostile text (the core's corpus, ``tests/hostile.py``) in every field the module shows stays
data: no control character reaches the terminal and no markup runs, in the lists, the detail,
the calendar, the Regio Deals, a location's series, a form and its notification, the picker
of meetings, the CLI and the CSV import's messages."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from stadstafel.testing import app_for, run_async
from textual.content import Content

from stadstafel_regionale_economie import CONTROL, DEALS, NAME, VERBANDEN
from stadstafel_regionale_economie.importer import import_text
from stadstafel_regionale_economie.screens import LocatieScreen, VerbandScreen


def _corpus():
    """The core's corpus and checks (``tests/hostile.py``), also when only these tests run."""
    core_tests = Path(__file__).resolve().parents[3] / "tests"
    if str(core_tests) not in sys.path:
        sys.path.append(str(core_tests))
    import hostile

    return hostile


def _populate(ws, hostile, table):
    made = []
    org = ws.organisations.create(name=f"{hostile.CORPUS['csi']} org", kind="gemeente")
    for i, text in enumerate(hostile.CORPUS.values()):
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
        table_id=table.id, name=hostile.CORPUS["click"], tranche=5, region=hostile.CORPUS["title"],
        themes=[hostile.CORPUS["bold"]], rijk_eur=50_000_000, regio_eur=1,
    )  # fmt: skip
    ws.service(f"{NAME}.projecten").create(deal_id=deal.id, name=hostile.CORPUS["clear"])
    loc = ws.service(f"{NAME}.locaties").create(
        table_id=table.id, name=hostile.CORPUS["clipboard"], gemeente=hostile.CORPUS["bell"],
        area_ha=10, area_source=hostile.CORPUS["c1"],
    )  # fmt: skip
    series = ws.service(f"{NAME}.reeksen").create(locatie_id=loc.id, definition="cbs-banen")
    ws.service(f"{NAME}.cijfers").create(
        reeks_id=series.id, peildatum="2024-12-31", value=5, source=hostile.CORPUS["cr"]
    )
    return made, loc


def test_screens_show_hostile_text_literally(demo):
    hostile = _corpus()
    table = demo.read.table_by_name("Leiden Kennisstad")
    made, loc = _populate(demo, hostile, table)
    demo.meetings.create(
        table_id=table.id, title=hostile.CORPUS["title"], starts_at="2027-04-01 10:00"
    )

    @run_async
    async def run():
        app = app_for(demo)
        async with app.run_test(size=(80, 24)) as pilot:
            for keys in (["g"], ["k"], ["escape", "r"], ["escape", "l"]):
                for key in keys:
                    await pilot.press(key)
                    await pilot.pause()
                hostile.drawn(app)
            app.push_screen(LocatieScreen(demo, loc.id))
            await pilot.pause()
            assert hostile.shown(loc.name)[:20] in hostile.drawn(app)
            app.pop_screen()
            for v in made:
                app.push_screen(VerbandScreen(demo, v.id))
                await pilot.pause()
                assert hostile.shown(v.name, multiline=False)[:20] in hostile.drawn(app)
                app.pop_screen()
                await pilot.pause()
            # the edit form of the "[@click=…]" one, saved: the notification is plain text
            app.push_screen(VerbandScreen(demo, made[2].id))
            await pilot.pause()
            await pilot.press("e")
            await pilot.pause()
            hostile.drawn(app)
            await pilot.press("ctrl+s")
            await pilot.pause()
            assert isinstance(app.screen, VerbandScreen), hostile.drawn(app)
            messages = [
                (Content.from_markup(n.message) if n.markup else Content(n.message)).plain
                for n in app._notifications
            ]
            assert any(hostile.CORPUS["click"] in m for m in messages), messages
            # the picker of meetings in time, with the hostile meeting title
            await pilot.press("a")
            await pilot.pause()
            hostile.drawn(app)

    run()


def test_cli_and_import_messages_are_data(demo, tmp_path):
    hostile = _corpus()
    table = demo.read.table_by_name("Leiden Kennisstad")
    _populate(demo, hostile, table)
    from click.testing import CliRunner
    from stadstafel.testing import plugin_workspace

    import stadstafel_regionale_economie
    from stadstafel_regionale_economie.cli import regionale_economie

    class Obj:
        def workspace(self):
            return plugin_workspace(tmp_path, stadstafel_regionale_economie, NAME)

    for args in (["list"], ["deadlines"], ["list", "--format", "csv"]):
        out = CliRunner().invoke(regionale_economie, args, obj=Obj())
        assert out.exit_code == 0, out.output
        hostile.assert_no_control(out.output, " ".join(args))
    rows = json.loads(CliRunner().invoke(regionale_economie, ["list", "--format", "json"],
                                         obj=Obj()).output)  # fmt: skip
    assert any(r["name"].startswith(hostile.shown(hostile.CORPUS["clear"])) for r in rows)
    try:
        import_text(demo, "locatie,definitie,peildatum,waarde,bron\n"
                          f"{hostile.CORPUS['clear']},x,y,z,\n")  # fmt: skip
    except Exception as exc:
        assert "rij 2, kolom locatie" in str(exc)
