"""The screens, driven with Pilot in the real app on the Leiden demo (clock frozen), and one
snapshot of the progress view at 80×24.

Update the snapshot after a deliberate change:
``uv run pytest plugins/woningbouw/tests/test_woningbouw_screens.py --snapshot-update``.
"""

from __future__ import annotations

import shutil

import pytest
from stadstafel.testing import (
    app_for,
    build_demo,
    burst,
    core_section_keys,
    drawing_counted,
    frozen_clock,
    opened_counted,
)
from stadstafel.ui import (
    ConfirmScreen,
    FormScreen,
    ImportReportScreen,
    PagedRecordTable,
    RecordTable,
    RecordTabs,
)
from textual.widgets import Input, Select, Static, TextArea
from woningbouw_testkit import TODAY, USERS, drive, open_ws

from stadstafel_woningbouw.screens import (
    ImportProgressScreen,
    ProgressScreen,
    ProjectScreen,
    ProjectsScreen,
    SignalsScreen,
    open_import,
)
from stadstafel_woningbouw.service import register_for

SIZE = (80, 24)
USERS_DEMO = {**USERS, "demo": {"role": "beheerder"}}


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory):
    """The Leiden demo (core and woningbouw) built once per module, on the frozen day."""
    with frozen_clock(TODAY):
        path = tmp_path_factory.mktemp("woningbouw-demo") / "demo.db"
        ws = open_ws(path, users=USERS_DEMO, login="demo")
        build_demo(ws)
        ws.close()
    return path


@pytest.fixture
def demo(demo_file, tmp_path, frozen):
    """A fresh copy of the demo for one test, opened by ``open_as(login)``."""
    path = tmp_path / "demo.db"
    shutil.copyfile(demo_file, path)
    opened = []

    def open_as(login: str = "demo"):
        opened.append(open_ws(path, users=USERS_DEMO, login=login))
        return opened[-1]

    yield open_as
    for w in opened:
        w.close()


def rendered(renderable) -> str:
    """A rich renderable (a Table in a Static) as plain text, 80 columns wide."""
    import io

    from rich.console import Console

    console = Console(width=80, record=True, color_system=None, file=io.StringIO())
    console.print(renderable)
    return console.export_text()


def make_app(ws):
    return app_for(ws)


async def settle(pilot) -> None:
    for widget in pilot.app.screen.query("Input, TextArea"):
        if isinstance(widget, Input | TextArea):
            widget.cursor_blink = False
    await pilot.pause()
    await pilot.wait_for_scheduled_animations()
    await pilot.pause()


async def open_register(pilot) -> ProjectsScreen:
    await pilot.pause()
    await pilot.press("w")
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, ProjectsScreen)
    return screen


def shown(screen) -> list[str]:
    table = screen.query_one("#projects", PagedRecordTable)
    return [table.records[k].name for k in table.order]


@drive
async def test_a_word_typed_fast_after_f_keeps_every_letter(demo):
    """``f`` and "Stationsplein" sent at once: every letter reaches the filter, none is taken
    as a key of the list (s sorts, t, a, o, p are section keys)."""
    ws = demo()
    app = make_app(ws)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_register(pilot)
        await burst(pilot, "f", *"Stationsplein")
        assert app.screen is screen
        assert screen.query_one("#filter", Input).value == "Stationsplein"


@drive
async def test_register_lists_filters_and_sorts(demo):
    ws = demo()
    app = make_app(ws)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_register(pilot)
        assert screen.line_text("count").startswith("35 projecten")
        names = shown(screen)
        assert names == sorted(names, key=str.casefold)
        # filter as you type: focus the filter with f, type, the list follows
        await pilot.press("f")
        for ch in "lammen":
            await pilot.press(ch)
        await pilot.pause()
        assert shown(screen) == [
            "Kanaalweg",
            "Lammenschansdriehoek",
            "Lammenschansplein",
            "Vijf Meiplein",
        ]
        await pilot.press("enter")  # back to the table
        await pilot.press("s")  # sort by phase (configured order)
        await pilot.pause()
        assert shown(screen) == [
            "Kanaalweg",
            "Lammenschansplein",
            "Vijf Meiplein",
            "Lammenschansdriehoek",
        ]
        assert "sortering: fase" in screen.line_text("count")
        await pilot.press("r")  # reverse
        await pilot.pause()
        assert shown(screen)[0] == "Lammenschansdriehoek"
        await pilot.press("k")  # hard plans only
        await pilot.pause()
        assert shown(screen) == ["Vijf Meiplein", "Lammenschansplein"]


@drive
async def test_register_pages_from_the_database(demo):
    ws = demo()
    reg = register_for(ws)
    for i in range(150):  # enough for more than one page
        reg.create(name=f"Extra {i:03d}", homes_middenhuur=10, phase="idee/visie")
    app = make_app(ws)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_register(pilot)
        table = screen.query_one("#projects", PagedRecordTable)
        assert table.total == 185
        page = table.page_size
        # one page loaded, not the whole register: what the terminal can show and the margin
        first = min(page, SIZE[1] + table.margin)
        assert len(table.order) == first < 185
        table.move_cursor(row=first - 5)
        await pilot.pause()
        # the next page came when the cursor got near the end
        assert len(table.order) == first + page
        table.move_cursor(row=first + page - 5)
        await pilot.pause()
        assert len(table.order) == min(185, first + 2 * page)


@drive
async def test_open_project_change_phase_and_add_knelpunt(demo):
    ws = demo()
    reg = register_for(ws)
    target = reg.by_name("Ericalaan")
    app = make_app(ws)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_register(pilot)
        screen.query_one("#projects", PagedRecordTable).select_key(target.id)
        await pilot.press("enter")
        await pilot.pause()
        detail = app.screen
        assert isinstance(detail, ProjectScreen)
        summary = str(detail.query_one("#summary", Static).content)
        assert "Fase vergund (hard) sinds 2026-10-04" in summary
        assert "130 woningen: soc 90 · mid 40" in summary
        # c: change phase; the form proposes the next phase (in aanbouw) and today
        await pilot.press("c")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, FormScreen)
        assert form.query_one("#input-phase", Select).value == "in aanbouw"
        form.query_one("#input-note", Input).value = "eerste paal"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is detail
        project = reg.get(target.id)
        assert (project.phase, project.phase_since) == ("in aanbouw", "2027-01-04")
        last = reg.history_of(target.id)[-1]
        assert (last.phase_from, last.phase_to, last.note) == (
            "vergund",
            "in aanbouw",
            "eerste paal",
        )
        audit = ws.audit.recent(5, record_type="woningbouw_project", record_id=target.id)
        assert audit[0].action == "phase" and audit[0].actor == "demo"
        # n: a new knelpunt
        await pilot.press("n")
        await pilot.pause()
        form = app.screen
        form.query_one("#input-title", Input).value = "Bouwstroom ontbreekt"
        form.query_one("#input-due", Input).value = "2027-02-01"
        await pilot.press("ctrl+s")
        await pilot.pause()
        rows = detail.query_one("#knelpunt-table", RecordTable)
        assert [r.title for r in rows.records.values()] == ["Bouwstroom ontbreekt"]
        # o: resolved
        await pilot.press("o")
        await pilot.pause()
        assert reg.knelpunten_of(target.id)[0].status == "opgelost"
        # 2: the history tab
        await pilot.press("2")
        await pilot.pause()
        assert detail.query_one("#tabs", RecordTabs).active == "geschiedenis"
        history = detail.query_one("#history-table", RecordTable)
        assert len(history.order) == 4  # built and filled as its tab was first shown
        assert detail.focused is history
        # n makes a knelpunt: not offered on the history tab, and does nothing there
        assert "n" not in {b.binding.key for b in detail.active_bindings.values()}
        await pilot.press("n")
        await pilot.pause()
        assert app.screen is detail


@drive
async def test_form_errors_are_shown_next_to_the_field(demo):
    ws = demo()
    app = make_app(ws)
    async with app.run_test(size=SIZE) as pilot:
        await open_register(pilot)
        await pilot.press("n")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, FormScreen)
        form.query_one("#input-name", Input).value = "Nieuw blok"
        form.query_one("#input-organisation_ids", Input).value = "Portal"
        form.query_one("#input-start_year", Input).value = "2030"
        form.query_one("#input-delivery_year", Input).value = "2029"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form  # not saved
        error = str(form.query_one("#error-organisation_ids", Static).content)
        assert "Geen initiatiefnemer 'Portal'" in error and "bedoelt u Portaal?" in error
        form.query_one("#input-organisation_ids", Input).value = "Portaal, Ons Doel"
        form.query_one("#input-homes_sociale_huur", Input).value = "40"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form
        assert "vóór de start" in str(form.query_one("#error-delivery_year", Static).content)
        form.query_one("#input-delivery_year", Input).value = "2031"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ProjectsScreen)
        p = register_for(ws).by_name("Nieuw blok")
        assert (p.homes_sociale_huur, p.delivery_year, p.phase) == (40, 2031, "idee/visie")
        orgs = [ws.organisations.get(i).name for i in p.organisation_ids]
        assert orgs == ["Portaal", "Ons Doel"]


@drive
async def test_delete_asks_first(demo):
    ws = demo()
    app = make_app(ws)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_register(pilot)
        first = shown(screen)[0]
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        await pilot.pause()
        assert register_for(ws).by_name(first) is not None
        await pilot.press("d")
        await pilot.pause()
        await pilot.press("j")
        await pilot.pause()
        assert register_for(ws).by_name(first) is None
        assert first not in shown(screen)


@drive
async def test_readers_see_no_edit_keys_and_cannot_edit(demo):
    ws = demo("gast")
    app = make_app(ws)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_register(pilot)
        keys = {b.binding.key for b in screen.active_bindings.values() if b.enabled}
        assert {"n", "e", "c", "d"}.isdisjoint(keys)
        assert {"g", "exclamation_mark", "s"} <= keys
        await pilot.press("n")
        await pilot.pause()
        assert app.screen is screen


def projects_on_next_agenda(ws) -> list:
    """The items the register put on the Woningbouw table's next agenda."""
    table = ws.tables.by_name("Samenwerkingstafel Woningbouw")
    meeting = ws.meetings.next_meeting(table.id, TODAY.isoformat(sep=" "))
    return [
        i
        for i in ws.agenda.of_meeting(meeting.id)
        if (i.source_key or "").startswith("woningbouw:project:")
    ]


@drive
async def test_readers_are_not_offered_the_signals_agenda_key_and_are_refused(demo):
    """The signals screen hides its editing key from a reader as the list does: the kit's
    rule (bind(..., right=...)), refused before anything is written when pressed anyway."""
    ws = demo("gast")
    app = make_app(ws)
    async with app.run_test(size=SIZE) as pilot:
        await open_register(pilot)
        await pilot.press("!")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, SignalsScreen)
        footer = screen.footer.render().plain
        assert "Terug" in footer and "Agenderen" not in footer
        await pilot.press("o")
        await settle(pilot)
        assert any("U mist het recht 'agendapunt indienen'" in str(n.message)
                   for n in app._notifications)  # fmt: skip
    assert not projects_on_next_agenda(ws)


@drive
async def test_progress_view(demo):
    ws = demo()
    app = make_app(ws)
    async with app.run_test(size=SIZE) as pilot:
        await open_register(pilot)
        await pilot.press("g")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ProgressScreen)
        summary = str(screen.query_one("#summary", Static).content)
        assert summary.startswith("Doel: 8.000 woningen bruto in 2021–2030 · bron: seed 002")
        # gross 3,370 delivered; the demo's Kooiplein fase 2 demolished 150 and Hoge Rijndijk
        # 48 + 6 merged: net 3,370 − 150 − 54 = 3,166, shown beside the gross figure
        assert "Opgeleverd 3.370 (netto 3.166) · nodig eind 2027: 5.600 · tekort 4.630" in summary
        await pilot.press("4")
        await pilot.pause()
        shares = str(screen.query_one("#shares", Static).content)
        # pipeline 5,060 gross, 72.5 % betaalbaar; net 4,888 (Vijf Meiplein 72, Vijf Meilaan
        # 96 and Kantoren Zwijgerlaan 4 withdrawn: 5,060 − 172)
        assert "Pijplijn (plannen en in aanbouw): 5.060 bruto (netto 4.888)" in shares
        assert "betaalbaar 72,5 % (netto 71,6 %; doel 66,7 %): gehaald" in shares
        assert "sociale huur 29,1 % (netto 26,6 %; doel 30,0 %): ! niet gehaald" in shares
        # the whole programme: 3,370 delivered + 5,060 pipeline = 8,430 gross
        assert "Hele programma 2021–2030 (opgeleverd + pijplijn): 8.430 bruto" in shares
        assert "Segmentgrenzen 2026: sociale huur ≤ € 932,93/mnd" in shares
        await pilot.press("5")
        await pilot.pause()
        capacity = rendered(screen.query_one("#capacity", Static).content)
        # 4,630 left over 2027–2030: 1,157.5 -> 1,158, 2,315 − 1,158 = 1,157, …; × 1.3
        assert "Norm 130 %" in capacity
        first = next(line for line in capacity.splitlines() if line.strip().startswith("2027"))
        assert first.split()[:3] == ["2027", "1.158", "1.505"]
        note = str(screen.query_one("#capacity-note", Static).content)
        assert note.startswith("Resterende opgave 4.630 bruto")


@drive
async def test_progress_shows_register_against_cbs_with_the_source(demo):
    app = make_app(demo())
    async with app.run_test(size=SIZE) as pilot:
        await open_register(pilot)
        await pilot.press("g")
        await pilot.pause()
        await pilot.press("2")
        await pilot.pause()
        screen = app.screen
        cbs = rendered(screen.query_one("#cbs", Static).content)
        # the demo imports the shipped snapshot: 2023 nieuwbouw 1,874, net 1,874 + 77 − 142
        # − 25 = 1,784, final; 2026 from ten months, provisional
        line = next(x for x in cbs.splitlines() if x.strip().startswith("2023"))
        assert line.split()[3:] == ["1.874", "1.784", line.split()[5], "Definitief"]
        line = next(x for x in cbs.splitlines() if x.strip().startswith("2026"))
        assert line.split()[-2:] == ["10", "Voorlopig"]
        source = str(screen.query_one("#cbs-source", Static).content)
        assert "Bron: CBS 86098NED, opgehaald 2026-12-06, CC BY 4.0" in source
        assert "VERZONNEN" in source


@drive
async def test_palette_commands(demo):
    ws = demo()
    app = make_app(ws)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        commands = {c.title: c for c in app.host.commands() if c.plugin == "woningbouw"}
        commands["Woningbouw: voortgang"].callback(app)
        await pilot.pause()
        assert isinstance(app.screen, ProgressScreen)
        app.pop_screen()
        commands["Woningbouw: stilgevallen projecten"].callback(app)
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, SignalsScreen)
        rows = screen.query_one("#signals", RecordTable)
        names = sorted(rows.records[k][0].name for k in rows.order)
        assert names == [
            "Hofblok",
            "Kavels aan de Vaart",
            "Kenniskwartier wonen",
            "Lammenschansplein",
            "Marnixstraat-Oost",
            "Roomburg Zuidrand",
            "Woontoren Gorlaeus",
        ]


async def import_form(pilot, path):
    """The palette's import dialog, opened, with ``path`` as the file."""
    await pilot.pause()
    app = pilot.app
    command = next(c for c in app.host.commands() if c.title == "Woningbouw: importeer CSV")
    command.callback(app)
    await pilot.pause()
    app.screen.query_one("#input-file", Input).value = str(path)
    return app.screen


async def imported(pilot) -> None:
    """Wait for the import worker and the report."""
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


@drive
async def test_import_from_the_palette(demo, tmp_path):
    ws = demo()
    csv = tmp_path / "nieuw.csv"
    csv.write_text("naam,fase,sociale_huur\nBlok Z,vergund,12\n,vergund,1\n", encoding="utf-8")
    app = make_app(ws)
    async with app.run_test(size=SIZE) as pilot:
        await import_form(pilot, csv)
        await pilot.press("ctrl+s")
        await imported(pilot)
        report = app.screen
        assert isinstance(report, ImportReportScreen)
        text = str(report.query_one("#report", Static).content)
        assert "Niets geïmporteerd" in text
        assert "rij 3, kolom naam: Naam is verplicht." in text
        assert register_for(ws).by_name("Blok Z") is None


@drive
async def test_import_a_municipal_list_with_a_mapping_from_the_app(demo, tmp_path):
    from test_woningbouw_history_io import MAPPING, THEIRS

    ws = demo()
    (tmp_path / "lijst.csv").write_text(THEIRS.replace("Definitie;2023", "Onbekend;2023"))
    (tmp_path / "koppeling.toml").write_text(MAPPING)
    app = make_app(ws)
    async with app.run_test(size=SIZE) as pilot:
        form = await import_form(pilot, tmp_path / "lijst.csv")
        form.query_one("#input-mapping", Input).value = str(tmp_path / "koppeling.toml")
        await pilot.press("ctrl+s")
        await pilot.pause()
        # an unknown phase is refused by name on the form; nothing is imported
        assert app.screen is form
        assert "fase 'Onbekend' staat niet in de koppeling" in str(
            form.query_one("#error-mapping", Static).content
        )
        (tmp_path / "lijst.csv").write_text(THEIRS)
        await pilot.press("ctrl+s")
        await imported(pilot)
        report = app.screen
        assert isinstance(report, ImportReportScreen)
        assert "2 nieuw" in str(report.query_one("#report", Static).content)
        kade = register_for(ws).by_name("Zeeburgerkade")
        assert (kade.phase, kade.source_ref) == ("in aanbouw", "A-101")


def test_screen_keys_leave_the_section_keys_alone():
    sections = core_section_keys() | {"w", "q", "slash", "question_mark"}
    for cls in (ProjectsScreen, ProjectScreen, ProgressScreen, SignalsScreen):
        assert sections.isdisjoint({b.key for b in cls.BINDINGS}), cls.__name__


@drive
async def test_section_keys_still_work_from_the_register(demo):
    app = make_app(demo())
    async with app.run_test(size=SIZE) as pilot:
        await open_register(pilot)
        await pilot.press("v")
        await pilot.pause()
        assert app.current_mode == "meetings"
        await pilot.press("w")
        await pilot.pause()
        assert isinstance(app.screen, ProjectsScreen)


def test_snapshot_progress_capacity_per_year(snap_compare, demo):
    """The progress view's capacity tab at 80×24: per year the task, the norm, hard and soft."""
    app = make_app(demo())

    async def run_before(pilot) -> None:
        await pilot.pause()
        await pilot.press("w")
        await pilot.pause()
        await pilot.press("g")
        await pilot.pause()
        await pilot.press("5")
        await settle(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_snapshot_progress_chart(snap_compare, demo):
    """The progress view at 80×24: the chart of delivered homes against the straight line."""
    app = make_app(demo())

    async def run_before(pilot) -> None:
        await pilot.pause()
        await pilot.press("w")
        await pilot.pause()
        await pilot.press("g")
        await settle(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


@drive
async def test_stalled_projects_go_on_the_next_agenda_with_one_key(demo):
    ws = demo()
    app = make_app(ws)
    async with app.run_test(size=SIZE) as pilot:
        await open_register(pilot)
        await pilot.press("!")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, SignalsScreen)
        rows = screen.query_one("#signals", RecordTable)
        first, second = (rows.records[k][0] for k in rows.order[:2])
        await pilot.press("o")
        await settle(pilot)
        await pilot.press("down", "o")
        await settle(pilot)
        await pilot.press("up", "o")  # the first again: refused, not doubled
        await settle(pilot)
    added = projects_on_next_agenda(ws)
    assert sorted(i.source_key for i in added) == sorted(
        f"woningbouw:project:{p.id}" for p in (first, second)
    )
    assert all(i.origin == "plugin" and not i.late and i.submitted_by_org_id is None for i in added)
    assert all("geen fasewijziging" in (i.description or "") for i in added)


@drive
async def test_the_register_is_a_tab_of_the_woningbouw_table(demo):
    ws = demo()
    app = make_app(ws)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+p")
        await pilot.pause()
        for ch in "Samenwerkingstafel Woningbouw: Woningbouw":
            await pilot.press("space" if ch == " " else ch)
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        tabs = app.screen.query_one("#tabs", RecordTabs)
        assert tabs.active == "plugin-woningbouw-register"
        table = app.screen.query_one("#wb-tab-projects", RecordTable)
        assert len(table.order) == 35  # the demo's register, as in the section
        summary = app.screen.query_one("#wb-tab-summary", Static)
        assert str(summary.content).startswith("35 projecten")
        await pilot.press("enter")  # the project under the cursor
        await pilot.pause()
        assert isinstance(app.screen, ProjectScreen)


@drive
async def test_import_in_batches_with_progress_and_a_path_outside_refused(
    demo, tmp_path, monkeypatch
):
    from stadstafel_woningbouw import importer

    monkeypatch.setattr(importer, "BATCH_ROWS", 3)
    ws = demo()
    rows = "".join(f"Blok {i},vergund,{i + 1}\n" for i in range(8))
    (tmp_path / "groot.csv").write_text("naam,fase,sociale_huur\n" + rows, encoding="utf-8")
    app = make_app(ws)
    seen_progress = []
    advance = ImportProgressScreen.advance

    def record(screen, done, total):
        seen_progress.append((done, total, screen.is_attached))
        advance(screen, done, total)

    monkeypatch.setattr(ImportProgressScreen, "advance", record)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        open_import(app)
        await pilot.pause()
        form = app.screen
        form.query_one("#input-file", Input).value = "/proc/self/environ"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form  # refused under the field, nothing read
        error = str(form.query_one("#error-file", Static).content)
        assert "buiten de map" in error and "PATH=" not in error
        form.query_one("#input-file", Input).value = "groot.csv"  # a name in the folder
        await pilot.press("ctrl+s")
        while not isinstance(app.screen, ImportReportScreen):
            await pilot.pause(0.01)
        text = str(app.screen.query_one("#report", Static).content)
        assert "8 nieuw, 0 bijgewerkt, 0 ongewijzigd." in text
    # the file read (0), 8 rows checked in 3 batches, then stored in 3: a move after each step
    assert [d for d, _, _ in seen_progress] == [0, 3, 6, 8, 11, 14, 16]
    assert all(total == 16 and shown for _, total, shown in seen_progress)
    assert register_for(ws).by_name("Blok 7") is not None


@drive
async def test_a_reader_gets_no_import_dialog_and_no_file_is_looked_at(demo):
    # refused before the dialog opens: no file name can be typed, so no file is looked at
    ws = demo("gast")
    app = make_app(ws)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        command = next(c for c in app.host.commands() if c.title == "Woningbouw: importeer CSV")
        command.callback(app)
        await pilot.pause()
        assert not isinstance(app.screen, FormScreen)
        messages = [n.message for n in app._notifications]
        assert any("mag 'woningbouwregister bewerken' niet doen" in m for m in messages), messages


@drive
async def test_a_paste_on_the_list_goes_into_its_filter(demo):
    """A terminal's paste with the list focused: its printable text, on one line."""
    from stadstafel.testing import paste_on_the_list

    app = make_app(demo())
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_register(pilot)
        filt = await paste_on_the_list(pilot, "Kanaal\x1bweg\n")
        assert filt.value == "Kanaalweg" and filt.has_focus
        assert app.screen is screen and shown(screen) == ["Kanaalweg"]


@drive
async def test_a_project_opens_in_one_frame_with_its_knelpunten_focused(demo, monkeypatch):
    """The knelpunten list is focused before the first frame and styled ``:focus`` as it
    mounts: one frame, the list styled once (focused from ``on_mount`` the screen was drawn
    with the tab bar focused, then twice more). It shows the project's name and knelpunten,
    a name with markup and an ESC byte as text; the history is built when asked for."""

    ws = demo()
    reg = register_for(ws)
    target = reg.by_name("Hofblok")
    hostile = "[/x] [@click=app.quit]x \x1b[31mrood"
    reg.update(target.id, target.version, name=hostile)
    knelpunten = [k.title for k in reg.knelpunten_of(target.id)]
    assert knelpunten, "the demo's project has knelpunten"
    frames, styled = drawing_counted(monkeypatch)
    app = make_app(ws)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_register(pilot)
        projects = screen.query_one("#projects", PagedRecordTable)
        detail = await opened_counted(pilot, frames, styled, row=target.id, table=projects)
        assert isinstance(detail, ProjectScreen)
        table = detail.query_one("#knelpunt-table", RecordTable)
        assert detail.focused is table and table.has_focus
        assert sum(node is table for node in styled) == 1
        assert len(frames) == 1
        assert [table.records[k].title for k in table.order] == knelpunten
        name = str(detail.query_one("#project-name", Static).render())
        assert name.startswith("[/x] [@click=app.quit]x ") and "\x1b" not in name
        assert not detail.query("#history-table")
        await pilot.press("2")
        await settle(pilot)
        history = detail.query_one("#history-table", RecordTable)
        assert history.row_count == len(reg.history_of(target.id))
        assert detail.focused is history
