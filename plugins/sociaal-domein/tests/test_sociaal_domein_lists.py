"""The module's filtered lists on the kit's path (``PagedList``/``FilterInput``, as the core's
partners list): a keystroke reads one page, in an index, and redraws without a layout of the
screen; every list fits 80 columns without a horizontal scrollbar; the widths rule holds."""

from __future__ import annotations

from stadstafel.testing import app_for, list_width_problems, run_async

from stadstafel_sociaal_domein.screens import (
    CityScreen,
    IndicatorScreen,
    LeerkringScreen,
    MeasuresScreen,
    SociaalDomeinScreen,
)

NAME = "sociaal-domein"
SIZE = (80, 24)


def _measures(ws, net, n=30):
    add = ws.service(f"{NAME}.measures").create
    for i in range(n):
        add(
            table_id=net["table"].id, title=f"Schuldhulp vroeg erop af, wijk {i:02d}",
            laws=["Participatiewet", "Wmo 2015"] if i % 2 else ["Jeugdwet"],
            taakveld="6.71a" if i % 3 else "6.3",
            owner_organisation_id=net["orgs"]["Leiden" if i % 2 else "Leiderdorp"],
        )  # fmt: skip


def _spy_layouts(screen) -> list[bool]:
    """Record, for every frame ``screen`` draws, whether it laid the screen out first
    (Textual's screen update: a layout when one was asked for, then the new frame)."""
    seen: list[bool] = []
    layout, draw = screen._refresh_layout, screen._compositor_refresh
    asked = []

    def laid_out(*args, **kwargs):
        asked.append(bool(screen._layout_required))
        return layout(*args, **kwargs)

    def drawn():
        seen.append(any(asked))
        asked.clear()
        return draw()

    screen._refresh_layout, screen._compositor_refresh = laid_out, drawn
    return seen


async def _typed(pilot, screen, first: str, rest: str) -> list[bool]:
    """Open ``screen``, type ``first`` in its filter (the page after it is a screenful: a new
    height, laid out once), then ``rest``: for each of its frames, whether it was laid out."""
    await pilot.app.push_screen(screen)
    await pilot.pause()
    screen.query_one("#filter").focus()
    await pilot.pause()
    await pilot.press(first)
    await pilot.pause()
    layouts = _spy_layouts(screen)
    await pilot.press(*rest)
    await pilot.pause()
    return layouts


@run_async
async def test_typing_in_the_measures_filter_lays_nothing_out(ws, net):
    _measures(ws, net)
    app = app_for(ws)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        names = []
        read = ws.read.organisation_names
        ws.read.organisation_names = lambda ids: names.append(list(ids)) or read(ids)
        screen = MeasuresScreen(ws)
        layouts = await _typed(pilot, screen, "w", "ijk")  # every measure matches "wijk"
        assert [sorted(n) for n in names] == [
            sorted(net["orgs"][c] for c in ("Leiden", "Leiderdorp"))
        ]
        del names[:]  # the owners shown, read once
        assert layouts and not any(layouts)  # the frames were drawn, none laid out
        await pilot.press(*" 9")  # a digit of no law or taakveld here
        await pilot.pause()
        table = screen.list_view
        titles = [table.records[k].title for k in table.order]
        # "wijk" and "9" both in the title, by taakveld (6.3 before 6.71a), then title
        wanted = [i for i in range(30) if "9" in f"{i:02d}"]
        assert titles == [f"Schuldhulp vroeg erop af, wijk {i:02d}"
                          for i in sorted(wanted, key=lambda i: (bool(i % 3), i))]  # fmt: skip
        line = str(screen.query_one("#filters").render())
        assert line.startswith(f"{len(wanted)} maatregelen · wet: alle")
        assert names == []  # the owners' names were read with the first page, not per key
        # Escape leaves the filter (cleared) for the list, then the screen
        await pilot.press("escape")
        await pilot.pause()
        assert screen.query_one("#filter").value == "" and table.has_focus
        assert len(table.order) > 10 and app.screen is screen
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is not screen


@run_async
async def test_typing_in_the_indicators_filter_lays_nothing_out(ws, net):
    indicators = ws.service(f"{NAME}.indicators")
    for n in range(30):
        indicators.create(table_id=net["table"].id, name=f"Cliënten jeugdhulp {n}",
                          law="Jeugdwet", period_type="jaar")  # fmt: skip
    indicators.create(table_id=net["table"].id, name="Bijstand", period_type="halfjaar")
    app = app_for(ws)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = SociaalDomeinScreen(ws)
        layouts = await _typed(pilot, screen, "j", "eugd")  # 30 of 31 match
        assert screen.line_text("count") == "30 indicatoren"
        assert layouts and not any(layouts)
        screen.query_one("#filter").value = ""
        await pilot.press(*"bijst")
        await pilot.pause()
        table = screen.list_view
        assert [table.records[k].name for k in table.order] == ["Bijstand"]
        assert screen.line_text("count") == "1 indicatoren"
        await pilot.press("enter", "enter")  # to the list, then open the indicator
        await pilot.pause()
        assert isinstance(app.screen, IndicatorScreen)


def test_the_measures_walk_their_order_index(ws, net, monkeypatch):
    """The filtered list reads the first page of matches from an index in the list's order
    (taakveld, title): no sort of every measure per keystroke."""
    _measures(ws, net, 3)
    service = ws.service(f"{NAME}.measures")
    seen = []
    rows = service.rows
    monkeypatch.setattr(
        service, "rows", lambda sql, params: seen.append((sql, params)) or rows(sql, params)
    )
    assert service.list(filter="wijk", limit=2).total == 3
    sql, params = seen[0]
    plan = service.query(f"EXPLAIN QUERY PLAN {sql}", params)
    top = " ".join(r["detail"] for r in plan if r["parent"] == 0)
    assert "idx_sociaal_domein_measures_order" in top
    assert "TEMP B-TREE" not in top


@run_async
async def test_every_list_fits_80_columns(ws, net):
    """No list is wider than the terminal: a horizontal scrollbar would take a row and a
    column's end would be out of sight (with a vertical scrollbar: a list longer than the
    screen)."""
    _measures(ws, net)
    indicators = ws.service(f"{NAME}.indicators")
    for n in range(30):
        indicators.create(table_id=net["table"].id, name=f"Indicator {n}", period_type="jaar")
    indicator = indicators.create(table_id=net["table"].id, name="Wmo-cliënten", period_type="jaar")
    ws.service(f"{NAME}.sessions").create(leerkring_id=net["kring"].id, number=1)
    screens = {
        "indicators": lambda: SociaalDomeinScreen(ws),
        "measures": lambda: MeasuresScreen(ws),
        "cities": lambda: IndicatorScreen(ws, indicator.id),
        "profile": lambda: CityScreen(ws, net["orgs"]["Leiden"]),
        "sessions": lambda: LeerkringScreen(ws, net["kring"].id),
    }
    app = app_for(ws)
    async with app.run_test(size=SIZE) as pilot:
        for list_id, make in screens.items():
            await app.push_screen(make())
            await pilot.pause()
            table = app.screen.query_one(f"#{list_id}")
            assert table.virtual_size.width <= table.scrollable_content_region.width, list_id
            assert not table.show_horizontal_scrollbar, list_id
            app.pop_screen()
            await pilot.pause()


def test_the_measures_use_the_width(ws, net):
    add = ws.service(f"{NAME}.measures").create
    add(table_id=net["table"].id, laws=["Jeugdwet"], taakveld="6.72",
        title="Jeugdhulp dichtbij: een wijkteam op elke basisschool van de stad, met ouders")  # fmt: skip

    async def measures(pilot):
        await pilot.app.push_screen(MeasuresScreen(ws))

    assert list_width_problems(lambda: app_for(ws), measures) == []


@run_async
async def test_the_leerkringen_tab_pages_from_the_database(ws, net):
    kringen = ws.service(f"{NAME}.leerkringen")
    for n in range(60):
        kringen.create(table_id=net["table"].id, theme=f"Leerkring {n:02d}")
    app = app_for(ws)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("t", "enter")  # the tables, the thematafel
        await pilot.pause()
        await pilot.press("7")  # the first tab after the core's six
        await pilot.pause()
        tab = app.screen.query_one("#leerkringen")
        assert tab.total == 61 and len(tab.order) < 61  # a page, not every leerkring
        assert tab.records[tab.order[0]].theme == "Jeugd en onderwijs"
        tab.move_cursor(row=len(tab.order) - 1)  # further down: the next page
        await pilot.pause()
        assert len(tab.order) == 61


def test_a_key_for_any_table_is_checked_from_the_actors_roles(ws, net):
    """Whether "new" is offered (the right on some table) is read from the actor's own roles:
    the same answer as every table checked in turn, for each kind of actor, with no query per
    table of the workspace (500 at the large size, on the section's first showing)."""
    from stadstafel_sociaal_domein.service import EDIT, editable_tables, may_somewhere

    for n in range(40):  # tables the actor has no role at
        ws.tables.create(name=f"Tafel {n:02d}", kind="samenwerkingstafel")
    service = ws.service(f"{NAME}.leerkringen")
    seen = []
    for login, holds in (("admin", True), ("chair", True), ("ilse", False)):
        ws.act_as(login)
        queries = []
        ws.store.conn.set_trace_callback(queries.append)
        try:
            answer = may_somewhere(service, EDIT)
        finally:
            ws.store.conn.set_trace_callback(None)
        assert answer is holds and answer == bool(editable_tables(service)), login
        seen.append(len(queries))
    assert max(seen) <= 2, seen  # the chair's one table, not all 41


@run_async
async def test_the_footer_follows_the_right_on_the_rows_table(ws, net):
    """The footer's keys are checked again when the right on the row's table changes, not on
    every step: the chair of one table sees "Wijzig" on its measure, not on another table's,
    also when the cursor moves without a key (a click)."""
    from stadstafel.testing import drawn_text

    other = ws.tables.create(name="Andere tafel", kind="samenwerkingstafel")
    add = ws.service(f"{NAME}.measures").create
    add(table_id=net["table"].id, title="A eigen [b]maatregel[/b]", laws=["Jeugdwet"])
    add(table_id=other.id, title="B andere maatregel", laws=["Jeugdwet"])
    ws.act_as("chair")
    app = app_for(ws)
    async with app.run_test(size=(160, 24)) as pilot:  # wide enough for every key
        await pilot.pause()
        screen = MeasuresScreen(ws)
        await app.push_screen(screen)
        await pilot.pause()
        table = screen.query_one("#measures")

        def footer() -> str:  # as drawn
            return drawn_text(app).splitlines()[-1]

        assert [table.records[k].title for k in table.order] == [
            "A eigen [b]maatregel[/b]", "B andere maatregel"]  # fmt: skip
        assert "A eigen [b]maatregel[/b]" in drawn_text(app)
        assert "Wijzig" in footer()
        table.move_cursor(row=1)
        await pilot.pause()
        assert "Wijzig" not in footer() and "Nieuw" in footer()
        table.move_cursor(row=0)
        await pilot.pause()
        assert "Wijzig" in footer()
