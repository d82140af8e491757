"""Memory that stays bounded through a long session (issue 23: memory after use)."""

from __future__ import annotations

import gc
import importlib.metadata
import sys

from support import built, drive

SIZE = (80, 24)


async def _round(pilot, sections: list[str]) -> None:
    """Every section, the search screen with a word typed and closed, home."""
    for key in sections:
        await pilot.press(key)
        await pilot.pause()
    await pilot.press("slash", *"woning")
    await pilot.pause(0.3)  # the search's pause before its query
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.press("escape", "h")
    await pilot.pause()


def _left_for_the_collector(type_name: str, act) -> list:
    """The objects of ``type_name`` that ``act()`` leaves as cyclic garbage (for the next
    collection) rather than freeing as they are dropped."""
    gc.collect()
    gc.set_debug(gc.DEBUG_SAVEALL)
    try:
        act()
        gc.collect()
        return [o for o in gc.garbage if type(o).__name__ == type_name]
    finally:
        gc.set_debug(0)
        gc.garbage.clear()


def _live_objects() -> int:
    gc.collect()
    return len(gc.get_objects())


@drive
async def test_a_session_opening_every_section_many_times_does_not_grow(app):
    """After a first round (every section built, its module imported) ten more rounds of
    every section and the search screen leave at most a few hundred objects more: nothing
    keeps what a closed screen drew. Textual's own ``StylesCache.get_inner_outer`` cache kept
    every closed screen's widgets' rendered lines (about 1,100 objects a search visit)."""
    async with app().run_test(size=SIZE) as pilot:
        await pilot.pause()
        await built(pilot)
        sections = [s.key for s in pilot.app.sections if s.key and s.key != "h"] + ["h"]
        assert len(sections) >= 6
        for _ in range(2):
            await _round(pilot, sections)
        before = _live_objects()
        for _ in range(10):
            await _round(pilot, sections)
        grown = _live_objects() - before
        assert grown < 2_000, grown


@drive
async def test_closed_screens_leave_no_styles_cache_behind(app):
    """The search screen opened and closed again and again: the number of Textual's
    per-widget render caches alive does not grow with the visits."""
    from textual._styles_cache import StylesCache

    def caches() -> int:
        gc.collect()
        return sum(isinstance(o, StylesCache) for o in gc.get_objects())

    async with app().run_test(size=SIZE) as pilot:
        await pilot.pause()
        await built(pilot)
        for _ in range(2):
            await pilot.press("slash", "escape")
            await pilot.pause()
        before = caches()
        for _ in range(15):
            await pilot.press("slash", "escape")
            await pilot.pause()
        assert caches() <= before + 2


def test_textual_version_read_without_importlib_metadata():
    """The version check of the private-API module reads the dist-info folder's name (the
    same version importlib.metadata gives) instead of importing importlib.metadata."""
    from stadstafel.tui.textual_private import textual_version

    assert textual_version() == importlib.metadata.version("textual")


@drive
async def test_list_column_labels_are_plain_text_and_load_no_emoji_table(app):
    """A list's column label is text as written, not Rich markup: parsing it as markup
    loaded Rich's table of emoji codes (2.7 MiB) for labels without any. A session that
    opens every section does not load it."""
    from stadstafel.tui.widgets.lists import RecordTable

    sys.modules.pop("rich._emoji_codes", None)
    async with app().run_test(size=SIZE) as pilot:
        await pilot.pause()
        for section in pilot.app.sections:
            if section.key:
                await pilot.press(section.key)
                await pilot.pause()
        table = RecordTable([("Naam [b]x[/b] :smile:", 20)])
        assert next(iter(table.columns.values())).label.plain == "Naam [b]x[/b] :smile:"
        assert "rich._emoji_codes" not in sys.modules


@drive
async def test_a_long_list_scrolled_through_keeps_a_bounded_render_cache(app, demo_ws):
    """Each row scrolled past is rendered as a row, its cells and a line (Textual keeps 1,000
    rows and lines and 10,000 cells of a table): after scrolling through 400 partners a list
    holds at most TABLE_ROW_CACHE lines and rows and TABLE_CELL_CACHE cells."""
    from textual.widgets import DataTable

    from stadstafel.tui.textual_private import TABLE_CELL_CACHE, TABLE_ROW_CACHE

    for i in range(400):
        demo_ws.organisations.create(name=f"Zz Bewonersgroep {i:03d}", kind="bewonersinitiatief")
    async with app().run_test(size=(120, 40)) as pilot:
        await pilot.press("p")
        await pilot.pause()
        table = pilot.app.screen.query_one(DataTable)
        for _ in range(15):
            await pilot.press("pagedown")
            await pilot.pause()
        assert table.first + table.cursor_row > 300  # the pages were read as the cursor went
        assert 0 < len(table._line_cache) <= TABLE_ROW_CACHE
        assert 0 < len(table._row_render_cache) <= TABLE_ROW_CACHE
        assert 0 < len(table._cell_render_cache) <= TABLE_CELL_CACHE


@drive
async def test_a_section_left_drops_its_rendered_rows_and_shows_current_data_again(app, demo_ws):
    """Leaving a section drops what its list rendered on the way to the screen; back on it,
    the list shows the data as it is now (a partner added while it was away), drawn again."""
    from textual.widgets import DataTable

    from stadstafel.tui.textual_private import screen_text

    async with app().run_test(size=(100, 30)) as pilot:
        await pilot.press("p")
        await pilot.pause()
        table = pilot.app.screen.query_one(DataTable)
        assert len(table._cell_render_cache) > 0
        await pilot.press("t")
        await pilot.pause()
        assert len(table._cell_render_cache) == len(table._line_cache) == 0
        demo_ws.organisations.create(name="Aaa Nieuwe partner", kind="bewonersinitiatief")
        await pilot.press("p")
        await pilot.pause()
        assert pilot.app.screen.query_one(DataTable) is table
        assert "Aaa Nieuwe partner" in screen_text(pilot.app.screen)


def test_a_rendered_line_makes_its_caches_when_first_used():
    """A Strip makes none of its seven caches until it is cropped, divided or styled; what
    the caches give is Textual's (the same strip for the same crop)."""
    from rich.segment import Segment
    from textual.cache import FIFOCache
    from textual.strip import Strip

    from stadstafel.tui.textual_private import strip_caches_when_used

    def caches(strips: list) -> int:  # the caches the strips hold
        return sum(isinstance(o, FIFOCache) for s in strips for o in gc.get_referents(s))

    assert strip_caches_when_used()
    strips = [Strip([Segment(f"regel {i} van de lijst")]) for i in range(100)]
    assert caches(strips) == 0
    crops = [strip.crop(0, 7) for strip in strips]
    assert [c.text for c in crops[:2]] == ["regel 0", "regel 1"]
    assert all(strip.crop(0, 7) is crop for strip, crop in zip(strips, crops, strict=True))
    assert caches(strips) == 100 and caches(crops) == 0  # a crop cache a strip, none a crop


@drive
async def test_the_terminal_ui_keeps_a_small_page_cache(app):
    """The app's connection keeps at most TUI_PAGE_CACHE_KIB of database pages (SQLite's
    default is 2,000 KiB)."""
    from stadstafel.tui.app import TUI_PAGE_CACHE_KIB

    async with app().run_test(size=SIZE) as pilot:
        conn = pilot.app.workspace.store.conn
        assert conn.execute("PRAGMA cache_size").fetchone()[0] == -TUI_PAGE_CACHE_KIB


@drive
async def test_component_styles_come_from_light_nodes_that_read_as_textuals_own():
    """The virtual nodes a widget's component classes are read from (a DataTable's cursor,
    header, ...; an Input's) share one empty query cache, timer set, message signal, child
    list, bindings, disabled messages, callbacks, component styles, set of type names and
    empty inline styles, each keeps in its own dict only its parent, class names and styles
    (the rest read from the class), and the styles read from them are those a plain DOMNode
    gives, a restyle's nodes as the first."""
    from textual.app import App
    from textual.dom import DOMNode
    from textual.widgets import DataTable, Input

    from stadstafel.tui.textual_private import _COMPONENT_SHARED, light_component_nodes

    assert light_component_nodes()

    class Small(App):
        CSS = "DataTable > .datatable--cursor { background: red; text-style: bold; }"

        def compose(self):
            yield Input()
            yield DataTable()

    app = Small()
    async with app.run_test() as pilot:
        await pilot.pause()
        widgets = [app.query_one(DataTable), app.query_one(Input)]
        nodes = [s.node for w in widgets for s in w._component_styles.values()]
        assert len(nodes) >= 10
        for name in _COMPONENT_SHARED:
            assert len({id(getattr(node, name)) for node in nodes}) == 1, name
        own = {"_MessagePump__parent", "_classes", "_css_styles", "styles"}
        assert all(set(vars(node)) == own for node in nodes)
        for widget in widgets:
            app.stylesheet.apply(widget, animate=False)  # its component nodes made anew
            for component, styles in widget._component_styles.items():
                assert set(vars(styles.node)) == own
                assert styles.node._parent is widget and styles.node.classes == {component}
                plain = DOMNode(classes=component)
                plain._attach(widget)
                app.stylesheet.apply(plain, animate=False)
                assert plain.styles == styles, component
                assert plain.rich_style == styles.node.rich_style, component
        cursor = widgets[0].get_component_styles("datatable--cursor")
        assert cursor.background.rgb == (255, 0, 0) and cursor.text_style.bold


@drive
async def test_component_nodes_with_equal_rules_read_one_css_styles():
    """Two tables' nodes of one component with equal rules read one CSS ``Styles`` (no node
    of its own); each node lives as long as its widget's styles; a table restyled to other
    rules gets styles of its own, the other table's stay as they were."""
    from textual.app import App
    from textual.widgets import DataTable, Input

    from stadstafel.tui.textual_private import light_component_nodes

    assert light_component_nodes()

    class Two(App):
        CSS = """
        DataTable > .datatable--header { background: red; }
        DataTable.blue > .datatable--header { background: blue; }
        """

        def compose(self):
            yield Input()  # focused: the tables alike
            yield DataTable(id="a")
            yield DataTable(id="b")

    def shared(a, b) -> set[str]:
        same = set()
        for name, styles in a._component_styles.items():
            other = b._component_styles[name]
            assert styles.node is not None and styles.node._parent is a
            assert (styles.base is other.base) == (styles.base._rules == other.base._rules)
            if styles.base is other.base:
                assert styles.base.node is None
                same.add(name)
        return same

    app = Two()
    async with app.run_test() as pilot:
        await pilot.pause()
        a, b = app.query_one("#a", DataTable), app.query_one("#b", DataTable)
        gc.collect()
        before = shared(a, b)
        assert "datatable--header" in before and len(before) >= 6
        a.add_class("blue")
        await pilot.pause()
        gc.collect()
        assert shared(a, b) == before - {"datatable--header"}
        assert a.get_component_styles("datatable--header").background.rgb == (0, 0, 255)
        assert b.get_component_styles("datatable--header").background.rgb == (255, 0, 0)


def test_dropped_lines_and_cleared_caches_are_freed_without_the_collector():
    """A line divided at its own end (every line of a widget as wide as its region, as it is
    drawn) and the values of a cleared or dropped LRU cache (a DataTable's rendered rows and
    cells) go as they are dropped: Textual left both as reference cycles, memory until the
    next full collection (``textual_private.acyclic_caches``)."""
    from rich.segment import Segment
    from textual.cache import LRUCache
    from textual.strip import Strip

    import stadstafel.tui.textual_private  # noqa: F401 (the app imports it)

    gc.collect()
    gc.disable()
    try:
        line = Strip([Segment("abc")], 3)
        assert line.divide([3]) == [line]  # Textual's answer, unchanged
        assert [s.text for s in line.divide([1, 3])] == ["a", "bc"]
        del line
        cache = LRUCache(4)
        for n in range(8):
            cache.set(n, [n])
        cache.clear()
        assert cache.get(1) is None and len(cache) == 0
        for n in range(3):
            cache.set(n, [n])
        assert cache.get(2) == [2]
        del cache
        assert gc.collect() == 0
    finally:
        gc.enable()


@drive
async def test_a_restyled_widget_lets_its_replaced_component_nodes_go_at_once(app):
    """Each restyle makes a widget's component nodes anew; the ones replaced are freed as
    they are dropped, not left as cycles with their styles for the next full collection."""
    from textual.widgets import DataTable

    async with app().run_test(size=SIZE) as pilot:
        await pilot.press("p")
        await pilot.pause()
        table = pilot.app.screen.query(DataTable).first()
        before = {name: id(styles) for name, styles in table._component_styles.items()}
        assert before  # a DataTable has component classes
        replaced = _left_for_the_collector(
            "ComponentNode", lambda: pilot.app.stylesheet.apply(table)
        )
        assert all(id(table._component_styles[n]) != i for n, i in before.items())
        assert replaced == []
        table.refresh()
        await pilot.pause()  # the table still draws with its new component styles
        assert table.get_component_styles("datatable--header").background is not None


@drive
async def test_a_screen_laid_out_again_lets_its_replaced_map_go_at_once(app):
    """Each layout makes a new map of every widget's place; the one replaced is emptied,
    its geometry freed at once, not kept by Textual's self-referring arranging function
    until the next full collection. What the screen shows is laid out as before."""
    async with app().run_test(size=SIZE) as pilot:
        await pilot.press("p")
        await pilot.pause()
        screen = pilot.app.screen
        placed = dict(screen._compositor.full_map)

        def lay_out_twice() -> None:
            screen._refresh_layout(pilot.app.size, scroll=True)
            screen._refresh_layout(pilot.app.size)

        kept = _left_for_the_collector("MapGeometry", lay_out_twice)
        assert kept == []
        now = screen._compositor.full_map
        assert {w: g.region for w, g in now.items()} == {w: g.region for w, g in placed.items()}
        assert screen.get_widget_at(1, 1)[0] is not None


def _cell_len_caches() -> dict[int, object]:
    """Every lru cache of Rich's and Textual's modules that measures text, by identity."""
    from rich import cells

    measure = cells.cached_cell_len.__wrapped__
    return {
        id(value): value
        for name, module in list(sys.modules.items())
        if name.partition(".")[0] in ("rich", "textual", "stadstafel")
        for value in list(vars(module).values())
        if getattr(value, "__wrapped__", None) is measure
    }


@drive
async def test_text_measured_over_a_session_stays_within_the_cell_length_cache(app, demo_ws):
    """Rich and Textual measure every text drawn through one lru cache of 4,096 strings, which
    fills over use and keeps each string alive: here one cache of CELL_LEN_CACHE serves them
    all (``textual_private.bounded_cell_len``). After 400 partners with names of their own were
    scrolled through and a filter typed, it holds at most that many, wide characters are
    measured as two cells, and the list shows the partner at its cursor."""
    from rich.cells import cell_len
    from rich.segment import Segment
    from textual._cells import cell_len as textual_cell_len
    from textual.widgets import DataTable

    from stadstafel.tui.textual_private import CELL_LEN_CACHE, bounded_cell_len, screen_text

    for i in range(400):
        demo_ws.organisations.create(
            name=f"Zz Groep {i:03d} {i * 7919:x}", kind="bewonersinitiatief"
        )
    demo_ws.organisations.create(name="Zz 日本 wijkteam", kind="bewonersinitiatief")
    async with app().run_test(size=(120, 40)) as pilot:
        await pilot.press("p")
        await pilot.pause()
        for _ in range(12):
            await pilot.press("pagedown")
            await pilot.pause()
        pilot.app.screen.query_one("#filter").focus()
        await pilot.press(*"日本")
        await pilot.pause(0.5)
        caches = _cell_len_caches()
        assert len(caches) == 1, [c.cache_info() for c in caches.values()]
        (cache,) = caches.values()
        assert cache.cache_info().maxsize == CELL_LEN_CACHE
        assert 0 < cache.cache_info().currsize <= CELL_LEN_CACHE
        assert bounded_cell_len() and list(_cell_len_caches().values()) == [cache]  # idempotent
        table = pilot.app.screen.query_one(DataTable)
        assert "日本 wijkteam" in screen_text(pilot.app.screen)
        assert table.row_count >= 1
    assert cell_len("Zz 日本 wijkteam") == textual_cell_len("Zz 日本 wijkteam") == 16
    assert Segment("日本 ab").split_cells(2)[0].text == "日"
