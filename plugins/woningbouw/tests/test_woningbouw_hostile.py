"""The register's CSV export is safe to open in a spreadsheet, and reads back as it was."""

from __future__ import annotations

import csv
import io

from stadstafel_woningbouw.importer import export_csv, import_text

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def test_export_neutralises_formulas_and_import_reads_them_back(reg, ws, partners):
    org = ws.organisations.create(name="@Corporatie", kind="woningcorporatie")
    project = reg.create(
        name='=HYPERLINK("http://x.example","klik")',
        area="+wijk",
        location="-locatie\x1b]52;c;aGk=\x07",
        notes="\t=1+1",
        organisation_ids=[org.id],
        phase=reg.settings.phase_names[0],
        homes_sociale_huur=12,
    )
    assert project.notes == "\t=1+1"  # stored as text, the tab that keeps it text too
    out = io.StringIO()
    export_csv(reg, out)
    header, *rows = list(csv.reader(io.StringIO(out.getvalue())))
    cells = dict(zip(header, rows[0], strict=True))
    assert cells["naam"] == "'" + project.name
    assert cells["wijk"] == "'+wijk"
    assert cells["locatie"] == "'-locatie\ufffd]52;c;aGk=\ufffd"
    assert cells["opmerkingen"] == "'\t=1+1"
    assert cells["initiatiefnemers"] == "'@Corporatie"
    assert cells["sociale_huur"] == "12"
    for row in rows:
        for value in row:
            assert not value.startswith(FORMULA_START), value
            assert "\x1b" not in value and "\x07" not in value
    # the export read back changes nothing: each quote comes off, the text stays text
    report = import_text(reg, out.getvalue())
    assert report.applied and report.created == 0 and report.updated == 0, report.summary()
    again = reg.get(project.id)
    assert (again.name, again.area, again.notes) == (project.name, "+wijk", "\t=1+1")


def test_import_keeps_a_quoted_formula_as_text(reg, ws, partners):
    phase = reg.settings.phase_names[0]
    text = f"naam,fase,sociale_huur,opmerkingen\n'=1+1,{phase},5,'\t@x\n"
    report = import_text(reg, text)
    assert report.applied, report.summary()
    project = next(p for p in reg.all() if p.name == "=1+1")
    assert project.notes == "\t@x"


# -- the screens ----------------------------------------------------------------------------
def _corpus():
    """The core's hostile-string corpus (``tests/hostile.py``), also when only the plugin's
    tests run."""
    import sys
    from pathlib import Path

    core_tests = Path(__file__).resolve().parents[3] / "tests"
    if str(core_tests) not in sys.path:
        sys.path.append(str(core_tests))
    import hostile

    return hostile


def _drawn(app, hostile) -> str:
    lines = []
    for strip in app.screen._compositor.render_strips():
        for seg in strip:
            hostile.assert_no_control(seg.text, type(app.screen).__name__)
            meta = seg.style.meta if seg.style is not None else {}
            assert "screenshot" not in str(meta), meta
        lines.append("".join(seg.text for seg in strip))
    return "\n".join(lines)


def test_screens_show_hostile_projects_literally(reg, ws, partners):
    import asyncio

    from stadstafel.testing import app_for
    from textual.content import Content

    from stadstafel_woningbouw.screens import ProgressScreen, ProjectScreen, SignalsScreen

    hostile = _corpus()
    phase = reg.settings.phase_names[0]
    projects = []
    for text in hostile.CORPUS.values():
        org = ws.organisations.create(name=f"{text} corp", kind="woningcorporatie")
        project = reg.create(
            name=f"{text} project",
            area=text[:60],
            location=text,
            notes=text,
            organisation_ids=[org.id],
            phase=phase,
            homes_sociale_huur=10,
        )
        reg.add_knelpunt(project.id, title=f"{text} knelpunt", description=text)
        projects.append(project)
    # "Overleg [/x] gesloten project": its initiator's name has no comma, which the form's
    # comma-separated initiator field would split
    closing = projects[0]

    async def run() -> None:
        app = app_for(ws)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.press("w")
            await pilot.pause()
            _drawn(app, hostile)
            for project in projects:
                app.push_screen(ProjectScreen(ws, project.id))
                await pilot.pause()
                text = _drawn(app, hostile)
                assert hostile.shown(project.name)[:30] in text
                await pilot.press("2")  # history tab
                await pilot.pause()
                _drawn(app, hostile)
                app.pop_screen()
                await pilot.pause()
            app.push_screen(ProjectScreen(ws, closing.id))
            await pilot.pause()
            await pilot.press("e")  # the edit form: title, values, select prompts
            await pilot.pause()
            _drawn(app, hostile)
            form = app.screen
            await pilot.press("ctrl+s")
            await pilot.pause()
            assert app.screen is not form, _drawn(app, hostile)
            messages = [
                (Content.from_markup(n.message) if n.markup else Content(n.message)).plain
                for n in app._notifications
            ]
            assert "Opgeslagen." in messages
            _drawn(app, hostile)
            app.pop_screen()
            await pilot.pause()
            register = app.screen  # the register: saving names the project in a notification
            assert register.list_view.select_key(closing.id)
            await pilot.press("e")
            await pilot.pause()
            await pilot.press("ctrl+s")
            await pilot.pause()
            messages = [
                (Content.from_markup(n.message) if n.markup else Content(n.message)).plain
                for n in app._notifications
            ]
            assert f"Opgeslagen: {hostile.shown(closing.name)}" in messages, messages
            _drawn(app, hostile)
            for screen in (ProgressScreen(ws), SignalsScreen(ws)):
                app.push_screen(screen)
                await pilot.pause()
                _drawn(app, hostile)
                app.pop_screen()

    asyncio.run(run())
