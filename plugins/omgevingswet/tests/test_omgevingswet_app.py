"""The module in the app and its hooks: demo data on the Leiden demo, the list and a trajectory
via Pilot (and one snapshot at 80×24), the tab on a table's screen, search, the Markdown export,
agenda suggestions and the dashboard card."""

from __future__ import annotations

import ast
import shutil
from pathlib import Path

import pytest
from omgevingswet_testkit import SERVICE, TODAY, USERS, open_plugin_ws
from stadstafel.testing import (
    app_for,
    build_demo,
    drawing_counted,
    frozen_clock,
    opened_counted,
    run_async,
)
from stadstafel.ui import PagedRecordTable, RecordTable
from textual.widgets import Static

import stadstafel_omgevingswet
from stadstafel_omgevingswet.screens import TrajectoriesScreen, TrajectoryScreen

SIZE = (80, 24)


@pytest.fixture(scope="module")
def demo_dir(tmp_path_factory):
    """The Leiden demo with this module, built once per module on the frozen day."""
    folder = tmp_path_factory.mktemp("omgevingswet-demo")
    with frozen_clock(TODAY), open_plugin_ws(folder) as ws:
        build_demo(ws)
    return folder


@pytest.fixture
def demo(demo_dir, tmp_path, frozen):
    for f in demo_dir.iterdir():
        if f.is_file():
            shutil.copyfile(f, tmp_path / f.name)
    with open_plugin_ws(tmp_path) as ws:
        yield ws


def titles(table: PagedRecordTable) -> list[str]:
    return [table.records[k].title for k in table.order]


async def open_list(pilot) -> tuple[TrajectoriesScreen, PagedRecordTable]:
    """The module's section (key o) and its list."""
    await pilot.pause()
    await pilot.press("o")
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, TrajectoriesScreen)
    return screen, screen.query_one("#trajectories", PagedRecordTable)


def test_demo_data_on_the_leiden_tables_with_flags(demo):
    rows = demo.service(SERVICE).list().rows
    assert 6 <= len(rows) <= 10 and all("(demo)" in t.title for t in rows)
    assert {t.table_name for t in rows} == {
        "Samenwerkingstafel Woningbouw",
        "Thematafels Platform31 en Leiden",
    }
    lammenschans = next(t for t in rows if "Lammenschans" in t.title)
    assert lammenschans.initiatiefnemer == "Portaal"
    assert {"bopa", "verslag"} <= {f["code"] for f in lammenschans.flags}
    flagged = demo.service(SERVICE).list(flagged=True)
    assert 3 <= flagged.total < len(rows)
    # the parts are records of their own: plans, activities, verslagen, afwegingen
    ids = [t.id for t in rows]
    assert all(demo.service("omgevingswet.plans").one(i) for i in ids)
    activities = [a for i in ids for a in demo.service("omgevingswet.activities").of(i)]
    assert len(activities) >= 6 and all(a.turnout for a in activities)
    assert sum(1 for i in ids if demo.service("omgevingswet.verslagen").one(i)) >= 2
    assert any(demo.service("omgevingswet.afwegingen").of(i) for i in ids)


def test_list_filters_and_opens_a_trajectory(demo):
    @run_async
    async def run():
        app = app_for(demo)
        async with app.run_test(size=SIZE) as pilot:
            _, table = await open_list(pilot)
            everything = titles(table)
            await pilot.press("exclamation_mark")
            await pilot.pause()
            flagged = titles(table)
            assert 0 < len(flagged) < len(everything)
            assert "Omgevingsvisie Leiden 2040 actualisatie (demo)" not in flagged
            await pilot.press("exclamation_mark", "i", "i")  # all, then programma only
            await pilot.pause()
            assert titles(table) == [
                "Herinrichting Roomburgerpark (demo)",
                "Programma Fietsparkeren Binnenstad (demo)",
            ]
            await pilot.press("i", "i", "i", "i", "t")  # all instruments; choose a table
            await pilot.pause()
            await pilot.press(*"woningbouw", "enter")
            await pilot.pause()
            assert len(titles(table)) == 4 and "Kooiplein" in " ".join(titles(table))
            await pilot.press("f", *"lammen", "enter")
            await pilot.pause()
            assert titles(table) == ["BOPA 48 sociale huurwoningen Lammenschans (demo)"]
            await pilot.press("enter")
            await pilot.pause()
            assert isinstance(app.screen, TrajectoryScreen)
            body = str(app.screen.query_one("#traject-body", Static).render())
            assert "16.55 lid 7" in body and "buiten behandeling" in body
            assert "█ raadplegen ← minimum" in body

    run()


def test_escape_in_the_filter_clears_it_and_returns_to_the_list(demo):
    """As in the core's lists: Escape in the filter clears it and the focus is the list's,
    so a key typed after it is the list's, not one more letter of the filter."""

    @run_async
    async def run():
        app = app_for(demo)
        async with app.run_test(size=SIZE) as pilot:
            screen, table = await open_list(pilot)
            everything = titles(table)
            await pilot.press("f", *"lammen")
            await pilot.pause()
            assert len(titles(table)) == 1
            await pilot.press("escape")
            await pilot.pause()
            assert table.has_focus
            assert screen.query_one("#filter").value == ""
            assert titles(table) == everything
            await pilot.press("exclamation_mark")  # the list's key again, not a letter
            await pilot.pause()
            assert screen.query_one("#filter").value == "" and screen.flagged

    run()


async def fill(pilot, form, **values):
    """Type each value into its field (a select is given its value) and save with ctrl+s."""
    from textual.widgets import Select, TextArea

    for name, value in values.items():
        widget = form.query_one(f"#input-{name}")
        if isinstance(widget, Select):
            widget.value = value
        elif isinstance(widget, TextArea):
            widget.focus()
            await pilot.press(*value)
        else:
            widget.focus()
            widget.value = ""
            await pilot.press(*value)
    await pilot.press("ctrl+s")
    await pilot.pause()


def test_the_advisers_walk_from_the_keyboard(demo, tmp_path):
    """Issue 17's judging walk: find what is not in order, record a participation evening,
    write its verslag with the weighing of interests, put it on the table's next agenda and
    export the verslag - every step from the keyboard."""
    service = demo.service(SERVICE)
    target = next(t for t in service.list().rows if "Lammenschans" in t.title)

    @run_async
    async def run():
        app = app_for(demo)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            await pilot.press("o", "exclamation_mark", "f", *"lammen", "enter", "enter")
            await pilot.pause()
            screen = app.screen
            assert isinstance(screen, TrajectoryScreen)
            body = lambda tab: str(screen.query_one(f"#{tab}-body", Static).render())
            assert "BOPA in categorie" in body("traject")
            # a participation evening: invitations, turnout, groups reached
            await pilot.press("3", "n")
            await pilot.pause()
            await fill(pilot, app.screen, date="2026-11-10", title="Bewonersavond",
                       method="bijeenkomst", invitation_date="2026-10-20", turnout="42",
                       groups_reached="direct omwonenden, wijkvereniging")  # fmt: skip
            assert app.screen is screen
            rows = screen.query_one("#activiteiten-rows")
            assert [rows.records[k].turnout for k in rows.order] == [42]
            assert "BOPA in categorie" not in body("traject")  # participation took place
            # its verslag, shared before the submission, and the weighing of an interest
            await pilot.press("4", "e")
            await pilot.pause()
            await fill(pilot, app.screen, participants="42 bewoners",
                       interests="Zorgen over parkeren", not_adjusted="Bouwblok: vast kader",
                       draagvlak="beperkt", shared="2026-11-15")  # fmt: skip
            assert "draagvlak" in body("verslag").lower() and "beperkt" in body("verslag")
            assert "Verslag niet vóór indiening" not in body("traject")
            await pilot.press("5", "n")
            await pilot.pause()
            await fill(pilot, app.screen, interest="Parkeren", whose="direct omwonenden",
                       weighing="deels overgenomen", explanation="Deelauto's; uitgelegd",
                       explained_on="2026-11-15")  # fmt: skip
            rows = screen.query_one("#afweging-rows")
            assert [rows.records[k].interest for k in rows.order] == ["Parkeren"]
            await pilot.press("n")  # a second interest, then removed again (d, j)
            await pilot.pause()
            await fill(pilot, app.screen, interest="Bouwverkeer", whose="school")
            assert len(rows.order) == 2
            rows.move_cursor(row=rows.order.index(next(
                k for k in rows.order if rows.records[k].interest == "Bouwverkeer")))  # fmt: skip
            await pilot.press("d", "j")
            await pilot.pause()
            assert [rows.records[k].interest for k in rows.order] == ["Parkeren"]
            # on the table's next agenda, through the core's agenda
            await pilot.press("a")
            await pilot.pause()
            # and the verslag out, as ODT in the exports folder
            await pilot.press("x")
            await pilot.pause()
            await pilot.press(*"odt", "enter")
            await pilot.pause()

        meeting = demo.meetings.next_meeting(target.table_id, TODAY)
        items = [
            i
            for i in demo.agenda.of_meeting(meeting.id)
            if (i.source_key or "").startswith(f"omgevingswet:{target.id}:")
        ]
        assert len(items) == 1 and "Lammenschans" in items[0].title
        assert "aanvraag" in items[0].source_key  # still flagged: the aanvraagvereiste
        # the key of the module's own suggestion: the core does not propose it again
        table = demo.tables.get(target.table_id)
        keys = {s["key"] for s in demo.plugin_agenda_suggestions(table, meeting)}
        assert items[0].source_key in keys
        written = list(tmp_path.glob("participatie-*.odt"))
        assert len(written) == 1
        from odfdo import Document as OdfDocument

        text = " ".join(str(p.text_recursive) for p in OdfDocument(written[0]).body.children)
        assert "Wegen inbreng" in text and "Parkeren" in text and "Bewonersavond" in text

    run()


@pytest.mark.parametrize(
    ("keys", "tab", "form"),
    [("3e", "activiteiten", "Participatieactiviteit"), ("5n", "afweging", "Belangenafweging")],
)
def test_a_key_typed_right_after_a_tab_number_acts_on_that_tab(demo, keys, tab, form):
    """``3`` then ``e`` as fast as a person types them (both in the app's queue before the
    first is handled): the new tab's body is still being built as ``e`` arrives; ``e`` edits
    its first row (the form, filled), no key is lost and nothing fails."""
    from stadstafel.testing import burst
    from stadstafel.ui import FormScreen
    from textual.widgets import Input

    service = demo.service(SERVICE)
    target = next(t for t in service.list().rows if "Lammenschans" in t.title)
    activity = demo.service("omgevingswet.activities").create(
        trajectory_id=target.id, date="2026-11-10", title="Bewonersavond"
    )

    @run_async
    async def run():
        app = app_for(demo)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            app.push_screen(TrajectoryScreen(demo, target.id))
            await pilot.pause()
            screen = app.screen
            await burst(pilot, *keys)
            await pilot.pause()
            assert screen.active_tab == tab
            assert isinstance(app.screen, FormScreen), app.screen
            assert app.screen.form_title == form
            if keys[1] == "e":  # the first row, not a new one
                values = [w.value for w in app.screen.query(Input)]
                assert activity.title in values

    run()


@pytest.mark.parametrize("tab", ["1", "3"], ids=["trajectory", "activities"])
def test_snapshot(snap_compare, demo, tab):
    """One trajectory at 80×24: the facts, the flags with their sources and the ladder (tab
    1); its activities with invitations, turnout and groups reached (tab 3)."""
    app = app_for(demo)
    target = next(t for t in demo.service(SERVICE).list().rows if "Stationsgebied" in t.title)

    async def run_before(pilot) -> None:
        await pilot.pause()
        app.push_screen(TrajectoryScreen(demo, target.id))
        await pilot.pause()
        await pilot.press(tab)
        await pilot.pause()

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_the_tab_on_a_table_screen(tmp_path, frozen):
    with open_plugin_ws(tmp_path) as ws:
        table = ws.tables.create(name="Tafel A", kind="samenwerkingstafel")
        ws.service(SERVICE).create(table_id=table.id, title="In de tab", instrument="programma")

        @run_async
        async def run():
            app = app_for(ws)
            async with app.run_test(size=SIZE) as pilot:
                await pilot.pause()
                await pilot.press("t", "enter")
                await pilot.pause()
                await pilot.press("7")  # the first tab after the core's six
                await pilot.pause()
                tab = app.screen.query_one("#table-trajectories")
                assert [tab.records[k].title for k in tab.order] == ["In de tab"]

        run()


def test_search_export_agenda_and_card(demo):
    hits = demo.search.search("Roomburgerpark")
    assert [h.kind for h in hits] == ["omgevingswet.trajectory"]
    # the verslagen: what participants said, found by its words
    hits = demo.search.search("scootmobielberging")
    assert [(h.kind, h.title) for h in hits] == [
        ("omgevingswet.verslag", "Verslag: Nieuwbouw seniorenwoningen Merenwijk (demo)")
    ]
    text = demo.export("omgevingswet-verslagen").decode("utf-8")
    assert "# Participatieverslag: " in text and "# Participatieplan: " in text
    for heading in ("Mijn initiatief", "Direct betrokkenen", "Toetsen initiatief", "Wegen inbreng"):
        assert f"## {heading}" in text  # Maastricht's headings
    assert "## Wat gebeurt met de reacties" in text  # Zundert's
    for fmt, magic in (("odt", b"PK"), ("pdf", b"%PDF")):
        assert demo.export(f"omgevingswet-verslagen-{fmt}").startswith(magic)
    assert "Lammenschans" in text and "risico buiten behandeling" in text
    woningbouw = demo.read.table_by_name("Samenwerkingstafel Woningbouw")
    suggestions = demo.plugin_agenda_suggestions(demo.tables.get(woningbouw.id), None)
    lamm = next(s for s in suggestions if "Lammenschans" in s["title"])
    assert "16.55 lid 7" in lamm["detail"]
    assert all("Merenwijk" not in s["title"] for s in suggestions)  # in order: not suggested
    card = next(c for c in demo.plugin_dashboard_cards() if c.get("plugin") == "omgevingswet")
    assert card["value"] == 7 and "waarvan 5 met een signaal" in card["detail"]


def test_export_treats_titles_as_data(tmp_path, frozen):
    with open_plugin_ws(tmp_path) as ws:
        table = ws.tables.create(name="Tafel A", kind="samenwerkingstafel")
        ws.service(SERVICE).create(
            table_id=table.id, title="# Kop [link](x)", instrument="programma"
        )
        text = ws.export("omgevingswet-verslagen").decode("utf-8")
        assert text.splitlines()[0] == "# Participatieplan: \\# Kop \\[link\\](x)"


def test_only_the_public_api_is_imported():
    public = {
        name: set(__import__(name, fromlist=["*"]).__all__)
        for name in ("stadstafel", "stadstafel.ui", "stadstafel.testing")
    }
    root = Path(stadstafel_omgevingswet.__file__).parent
    for path in [*root.rglob("*.py"), *Path(__file__).parent.rglob("*.py")]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("stadstafel"):
                if node.module.split(".")[0] != "stadstafel":
                    continue
                assert node.module in public, f"{path.name}: {node.module}"
                assert {a.name for a in node.names} <= public[node.module], path.name


assert USERS  # the users of conftest are the ones the demo opens with


def test_generated_workspace_pages_the_list(tmp_path, frozen):
    from stadstafel.testing import generate_demo

    with open_plugin_ws(tmp_path) as ws:
        generate_demo(ws, "tiny")
        service = ws.service(SERVICE)
        page = service.list(limit=50)
        assert page.total == 4 * ws.read.count("tables") and len(page.rows) == min(50, page.total)
        assert service.list(offset=10, limit=5).rows[0].id == page.rows[10].id
        assert 0 < service.list(flagged=True).total < page.total


def test_keys_show_only_where_the_actor_holds_the_right(tmp_path, frozen):
    """The secretary of Tafel A edits its trajectory's plan but not its motivering (the
    chair's right), and sees no edit, new or agenda key on Tafel B's trajectory."""
    from omgevingswet_testkit import add_tables
    from stadstafel.ui import FormScreen

    with open_plugin_ws(tmp_path) as ws:
        _, mine, other = add_tables(ws)
        service = ws.service(SERVICE)
        here = service.create(table_id=mine.id, title="Hier", instrument="programma")
        there = service.create(table_id=other.id, title="Daar", instrument="programma")
        ws.act_as("secr")

        @run_async
        async def run():
            app = app_for(ws)
            async with app.run_test(size=SIZE) as pilot:
                await pilot.pause()
                screen = TrajectoryScreen(ws, here.id)
                app.push_screen(screen)
                await pilot.pause()
                assert screen.check_action("edit", ()) and screen.check_action("agenda", ())
                await pilot.press("6")
                await pilot.pause()
                assert not screen.check_action("edit", ())  # the motivering: the chair's
                await pilot.press("e")
                await pilot.pause()
                assert app.screen is screen
                await pilot.press("2", "e")
                await pilot.pause()
                assert isinstance(app.screen, FormScreen)
                await pilot.press("escape")
                await pilot.pause()
                app.pop_screen()
                screen = TrajectoryScreen(ws, there.id)
                app.push_screen(screen)
                await pilot.pause()
                for key in ("1", "2", "3", "4", "5", "6"):
                    await pilot.press(key)
                    await pilot.pause()
                    for action in ("edit", "new", "agenda", "kennisgeving"):
                        assert not screen.check_action(action, ()), (key, action)
                    await pilot.press("e", "n")
                    await pilot.pause()
                    assert app.screen is screen
                assert screen.check_action("export", ())  # reading is everyone's

        run()


def test_create_a_trajectory_in_the_app(tmp_path, frozen):
    """n on the list: a form offering only the tables where the actor holds the right; the
    initiatiefnemer by a partner's name; a wrong name is said at its field."""
    from omgevingswet_testkit import add_tables
    from stadstafel.ui import FormScreen
    from textual.widgets import Select

    with open_plugin_ws(tmp_path) as ws:
        gemeente, mine, _ = add_tables(ws)
        ws.act_as("secr")

        @run_async
        async def run():
            app = app_for(ws)
            async with app.run_test(size=SIZE) as pilot:
                await pilot.pause()
                app.push_screen(TrajectoriesScreen(ws))
                await pilot.pause()
                await pilot.press("n")
                await pilot.pause()
                form = app.screen
                assert isinstance(form, FormScreen)
                tables = form.query_one("#input-table_id", Select)
                assert [v for _, v in tables._options if v != Select.NULL] == [mine.id]
                tables.value = mine.id
                form.query_one("#input-instrument", Select).value = "omgevingsplan"
                await fill(pilot, form, title="Wijziging Morskwartier",
                           initiatiefnemer="Niemand BV", verkenning_start="2026-11-01")  # fmt: skip
                assert app.screen is form  # refused: no such partner
                assert "Niemand BV" in str(form.query_one("#error-initiatiefnemer").render())
                await fill(pilot, form, initiatiefnemer="Gemeente Leiden")
                assert isinstance(app.screen, TrajectoryScreen)  # opened when created
                t = ws.service(SERVICE).detail(app.screen.trajectory_id)
                assert (t.title, t.table_id, t.initiatiefnemer_id) == (
                    "Wijziging Morskwartier", mine.id, gemeente.id
                )  # fmt: skip
                assert "kennisgeving" in {f["code"] for f in t.flags}  # none published yet

        run()

    (tmp_path / "reader").mkdir()
    with open_plugin_ws(tmp_path / "reader") as ws:
        add_tables(ws)
        ws.act_as("nobody")  # not in [users]: a reader

        @run_async
        async def hidden():
            app = app_for(ws)
            async with app.run_test(size=SIZE) as pilot:
                await pilot.pause()
                screen = TrajectoriesScreen(ws)
                app.push_screen(screen)
                await pilot.pause()
                assert not screen.check_action("new", ())  # a reader creates nothing
                await pilot.press("n")
                await pilot.pause()
                assert app.screen is screen

        hidden()


def test_a_verslag_found_opens_on_its_tab(demo):
    hit = next(h for h in demo.search.search("scootmobielberging"))
    kind = next(k for k in demo.plugins.search_kinds() if k.kind == hit.kind)

    @run_async
    async def run():
        app = app_for(demo)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            kind.open(app, hit.id)
            await pilot.pause()
            assert isinstance(app.screen, TrajectoryScreen)
            assert app.screen.active_tab == "verslag"
            assert (
                "scootmobielberging"
                in str(app.screen.query_one("#verslag-body", Static).render()).lower()
            )

    run()


def test_a_second_demo_in_the_same_process_is_the_same(demo, tmp_path):
    """Building the demo leaves its data as it was: a second build gives the same phases."""
    (tmp_path / "again").mkdir()
    with open_plugin_ws(tmp_path / "again") as again:
        build_demo(again)
        phases = lambda ws: {t.title: t.phase for t in ws.service(SERVICE).list().rows}
        assert phases(again) == phases(demo)
        assert "ontwerp" in phases(again).values()


def test_a_paste_on_the_list_goes_into_its_filter(demo):
    """A terminal's paste with the list focused: its printable text, on one line."""
    from stadstafel.testing import paste_on_the_list

    @run_async
    async def run():
        app = app_for(demo)
        async with app.run_test(size=SIZE) as pilot:
            screen, table = await open_list(pilot)
            filt = await paste_on_the_list(pilot, "lam\x1bmen\n")
            assert filt.value == "lammen" and filt.has_focus
            assert len(titles(table)) == 1 and app.screen is screen

    run()


def test_a_trajectory_opens_in_one_frame_with_its_text_focused(demo, monkeypatch):
    """The first tab's text is focused before the first frame and styled ``:focus`` as it
    mounts: one frame, styled once (focused from ``on_mount``, the screen was drawn with
    the tab bar focused, then twice more). The title with markup and an ESC byte shows as
    text; the activities tab is built when asked for and lists the trajectory's."""
    from textual.containers import VerticalScroll

    service = demo.service(SERVICE)
    target = next(t for t in service.list().rows if "Lammenschans" in t.title)
    hostile = "[/x] [@click=app.quit]x \x1b[31mrood"
    service.update(target.id, target.version, title=hostile)
    demo.service("omgevingswet.activities").create(
        trajectory_id=target.id, date="2026-11-10", title="Bewonersavond"
    )
    frames, styled = drawing_counted(monkeypatch)

    @run_async
    async def run():
        app = app_for(demo)
        # tall enough for the first tab's text: one that overflows is drawn once too, then
        # its scrollbar once more (tests/tui/test_openings.py, the scrollbar's frame)
        async with app.run_test(size=(80, 40)) as pilot:
            _screen, table = await open_list(pilot)
            screen = await opened_counted(pilot, frames, styled, row=target.id, table=table)
            assert isinstance(screen, TrajectoryScreen)
            text = screen.query_one("#traject-scroll", VerticalScroll)
            assert screen.focused is text and text.has_focus
            assert sum(node is text for node in styled) == 1
            assert len(frames) == 1
            title = str(screen.query_one("#trajectory-title", Static).render())
            assert title.startswith("[/x] [@click=app.quit]x ") and "\x1b" not in title
            assert not screen.query("#activiteiten-rows")
            await pilot.press("3")
            await pilot.pause()
            await pilot.pause()
            rows = screen.query_one("#activiteiten-rows", RecordTable)
            assert rows.row_count == len(demo.service("omgevingswet.activities").of(target.id))
            assert screen.focused is rows

    run()


def test_an_export_whose_code_cannot_be_loaded_is_a_message(demo, monkeypatch):
    """The export's code is imported when ``x`` is pressed (``stadstafel.ui``'s names come
    from their modules on first use): a module that cannot be imported there (an install
    with a file missing) is said in a message, and the session goes on, not a traceback."""
    import sys

    import stadstafel.ui as kit

    target = demo.service(SERVICE).list().rows[0]
    monkeypatch.delitem(kit.__dict__, "save_export", raising=False)
    monkeypatch.setitem(sys.modules, "stadstafel.tui.commands", None)  # cannot be imported

    @run_async
    async def run():
        app = app_for(demo)
        async with app.run_test(size=SIZE) as pilot:
            _screen, table = await open_list(pilot)
            screen = await opened_counted(pilot, row=target.id, table=table)
            assert isinstance(screen, TrajectoryScreen)
            await pilot.press("x")
            await pilot.pause()
            assert app.is_running and app.return_code is None
            assert app.screen is screen
            said = [str(n.message) for n in app._notifications]
            assert any("stadstafel.tui.commands" in m for m in said), said

    run()
