"""The record screens' tab bar (``RecordTabs``): one line of labels above the tab in view,
switched by keys and clicks, each tab's body built once, when it is first shown."""

from __future__ import annotations

from support import drive, open_from_list
from textual.app import App, ComposeResult
from textual.widgets import Static

from stadstafel.tui.screens.partners import PartnerDetailScreen
from stadstafel.tui.screens.table.detail import TableDetailScreen
from stadstafel.tui.textual_private import screen_text
from stadstafel.tui.widgets.tabs import RecordTabs, TabBar

SIZE = (80, 24)
LABELS = [("een", "1 Een"), ("twee", "2 Twee"), ("drie", "3 Drie")]


class TabsApp(App):
    def __init__(self, labels=LABELS, initial: str | None = None) -> None:
        super().__init__()
        self.labels = labels
        self.initial = initial
        self.built: list[str] = []
        self.activated: list[tuple[str, bool]] = []

    def build(self, tab: str) -> Static:
        self.built.append(tab)
        return Static(f"body of {tab}", id=f"{tab}-text")

    def compose(self) -> ComposeResult:
        yield RecordTabs(self.labels, build=self.build, initial=self.initial, id="tabs")

    def on_record_tabs_tab_activated(self, event: RecordTabs.TabActivated) -> None:
        self.activated.append((event.tab, event.built))


def shown_bodies(app: App) -> list[str]:
    tabs = app.query_one("#tabs", RecordTabs)
    return [tab for tab, body in tabs.bodies.items() if body.display]


@drive
async def test_only_the_first_tab_is_built_and_shown():
    app = TabsApp()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.built == ["een"]
        assert shown_bodies(app) == ["een"]
        assert "body of een" in screen_text(app.screen)
        line = screen_text(app.screen).splitlines()[0]
        assert "1 Een" in line and "2 Twee" in line and "3 Drie" in line  # one line


@drive
async def test_arrows_on_the_focused_bar_switch_tabs_round_the_ends():
    app = TabsApp()
    async with app.run_test(size=SIZE) as pilot:
        app.query_one(TabBar).focus()
        await pilot.pause()
        for key, tab in [("right", "twee"), ("right", "drie"), ("right", "een"), ("left", "drie")]:
            await pilot.press(key)
            await pilot.pause()
            assert app.query_one("#tabs", RecordTabs).active == tab
            assert shown_bodies(app) == [tab]
            assert f"body of {tab}" in screen_text(app.screen)
        assert app.query_one(TabBar).active == "drie"


@drive
async def test_a_click_on_a_label_shows_its_tab():
    app = TabsApp()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await click_label_of(pilot, "drie")
        assert app.query_one("#tabs", RecordTabs).active == "drie"
        assert shown_bodies(app) == ["drie"]
        assert "body of drie" in screen_text(app.screen)
        assert "body of een" not in screen_text(app.screen)
        await click_label_of(pilot, "een")
        assert shown_bodies(app) == ["een"]


@drive
async def test_a_body_is_built_once_and_announced_after_it_is_mounted():
    app = TabsApp()
    async with app.run_test(size=SIZE) as pilot:
        tabs = app.query_one("#tabs", RecordTabs)
        for tab in ["twee", "een", "twee", "drie", "twee"]:
            tabs.show(tab)
            await pilot.pause()
        assert sorted(app.built) == ["drie", "een", "twee"]  # each once
        assert app.activated == [
            ("twee", True),
            ("een", False),
            ("twee", False),
            ("drie", True),
            ("twee", False),
        ]
        assert app.query_one("#drie-text").is_mounted


@drive
async def test_the_active_label_stays_in_view_when_the_labels_do_not_fit():
    labels = [(f"t{i}", f"{i} Tabblad") for i in range(1, 10)]  # 11 columns each
    app = TabsApp(labels, initial="t9")
    async with app.run_test(size=(40, 10)) as pilot:
        await pilot.pause()
        line = screen_text(app.screen).splitlines()[0]
        assert line.startswith("‹") and "9 Tabblad" in line and "6 Tabblad" not in line
        await click_label_of(pilot, "t8")
        assert app.query_one("#tabs", RecordTabs).active == "t8"
        app.query_one("#tabs", RecordTabs).show("t1")
        await pilot.pause()
        line = screen_text(app.screen).splitlines()[0]
        assert line.startswith(" 1 Tabblad") and line.rstrip().endswith("›")


async def click_label_of(pilot, tab: str) -> None:
    bar = pilot.app.screen.query_one(TabBar)
    start = next(s for s, _e, t in bar._spans if t == tab)
    await pilot.click(bar, offset=(start + 1, 0))
    await pilot.pause()


# -- on the record screens ---------------------------------------------------------------------
@drive
async def test_a_click_on_a_tables_tab_shows_it_filled_with_its_keys(app, demo_ws):
    table = demo_ws.tables.by_name("Leiden Kennisstad")
    goals = demo_ws.goals.of_table(table.id)
    assert goals
    async with app().run_test(size=SIZE) as pilot:
        screen = await open_from_list(pilot, "t", table.id, TableDetailScreen)
        await click_label_of(pilot, "doelen")
        await pilot.pause()
        assert screen.active_tab == "doelen"
        doelen = screen.tab("doelen")
        assert screen.focused is not None and doelen in screen.focused.ancestors
        assert goals[0].description[:20] in screen_text(screen)
        assert "Organisatie" not in screen_text(screen)  # the members list is hidden
        # the bar focused: arrows move on, the focus going to the tab shown
        screen.set_focus(screen.query_one(TabBar))
        await pilot.press("right")
        await pilot.pause()
        await pilot.pause()
        assert screen.active_tab == "initiatieven"
        assert screen.tab("initiatieven") in screen.focused.ancestors


@drive
async def test_a_partners_tabs_by_number_and_click(app, demo_ws):
    org = next(
        o
        for o in demo_ws.organisations.list(limit=None).rows
        if o.people
        and demo_ws.organisations.detail(o.id)["memberships"]
        and demo_ws.organisations.detail(o.id)["items"]
    )
    detail = demo_ws.organisations.detail(org.id)
    async with app().run_test(size=SIZE) as pilot:
        screen = await open_from_list(pilot, "p", org.id, PartnerDetailScreen)
        tabs = screen.query_one("#tabs", RecordTabs)
        assert list(tabs.bodies) == ["personen"]
        await pilot.press("2")
        await pilot.pause()
        assert tabs.active == "tafels"
        assert detail["memberships"][0].table_name[:20] in screen_text(screen)
        assert screen.focused is screen.query_one("#memberships")
        await click_label_of(pilot, "personen")
        assert tabs.active == "personen"
        assert screen.focused is screen.query_one("#people")
        assert detail["people"][0].name[:20] in screen_text(screen)
        await click_label_of(pilot, "punten")  # built, filled and focused on the click
        await pilot.pause()
        items = screen.query_one("#items")
        assert screen.focused is items and items.row_count == len(detail["items"])
        assert list(tabs.bodies) == ["personen", "tafels", "punten"]  # nothing built twice


@drive
async def test_without_colour_the_active_label_is_in_reverse(app, demo_ws, monkeypatch):
    """NO_COLOR: the colours that mark the active tab are gone, reverse video marks it."""
    monkeypatch.setenv("NO_COLOR", "1")
    table = demo_ws.tables.by_name("Leiden Kennisstad")
    async with app().run_test(size=SIZE) as pilot:
        assert pilot.app.no_color
        screen = await open_from_list(pilot, "t", table.id, TableDetailScreen)
        await pilot.press("2")
        await pilot.pause()
        bar = screen.query_one(TabBar)
        reversed_text = "".join(
            seg.text for seg in bar.render_line(0) if seg.style and seg.style.reverse
        )
        assert reversed_text.strip() == "2 Werkafspraken"


@drive
async def test_a_label_is_drawn_as_text():
    """A label with a record's name in it (a plugin's tabs may carry one): no markup read, no
    control character drawn."""
    from stadstafel.testing import drawn_text

    labels = [("een", "1 [b]Een[/b] \x1b[31mrood\x07"), ("twee", "2 Twee")]
    app = TabsApp(labels)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        shown = drawn_text(app)  # fails on a control character drawn
        assert "1 [b]Een[/b] " in shown and "rood" in shown


class BareTabsApp(TabsApp):
    """Tabs whose bodies are the built widgets themselves (``bare``); "drie" is built with
    an id of its own, so it is put in a ``TabBody`` as without ``bare``."""

    def build(self, tab: str) -> Static:
        self.built.append(tab)
        return Static(f"body of {tab}", id="own-id" if tab == "drie" else None)

    def compose(self) -> ComposeResult:
        yield RecordTabs(self.labels, build=self.build, bare=True, id="tabs")


@drive
async def test_bare_bodies_are_the_built_widgets_shown_and_hidden_as_tabs_are():
    app = BareTabsApp()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        tabs = app.query_one("#tabs", RecordTabs)
        een = tabs.bodies["een"]
        assert isinstance(een, Static) and een.id == "een" and een.parent is tabs
        assert een.size.height == SIZE[1] - 1  # the whole body under the one-line bar
        for tab in ["twee", "drie", "een"]:
            tabs.show(tab)
            await pilot.pause()
            assert shown_bodies(app) == [tab]
            text = screen_text(app.screen)
            assert f"body of {tab}" in text
            assert all(f"body of {other}" not in text for other in LABELS_IDS if other != tab)
        assert isinstance(tabs.bodies["twee"], Static)
        drie = tabs.bodies["drie"]  # had an id: wrapped
        assert drie.id == "drie" and [c.id for c in drie.children] == ["own-id"]


LABELS_IDS = [tab for tab, _label in LABELS]


@drive
async def test_focus_puts_the_first_tabs_list_in_focus_styled_once():
    """``focus=True``: the first widget made for the tab shown first that can take the focus
    has it before the first frame, styled ``:focus`` as it mounts and not again (focused
    from the screen's ``on_mount`` it was styled three times: unfocused, the tab bar focused
    by Textual first, then the list; counted on a project's and a trajectory's screens).
    A later tab is built when asked for, as before."""
    from textual.widgets import DataTable

    class FocusApp(TabsApp):
        def build(self, tab: str):
            self.built.append(tab)
            made = DataTable(id=f"{tab}-list")
            made.add_columns("naam")
            made.add_row("rij")
            return [Static(f"above {tab}"), made]

        def compose(self) -> ComposeResult:
            yield RecordTabs(self.labels, build=self.build, focus=True, id="tabs")

    app = FocusApp()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        shown = app.query_one("#een-list", DataTable)
        assert app.screen.focused is shown and shown.has_focus
        cursor = shown.get_component_rich_style("datatable--cursor")
        shown.update_node_styles(animate=False)  # what Textual's restyle on focus gives
        assert shown.get_component_rich_style("datatable--cursor") == cursor
        assert app.built == ["een"]
        app.query_one("#tabs", RecordTabs).show("twee")
        await pilot.pause()
        assert app.built == ["een", "twee"] and shown_bodies(app) == ["twee"]
        assert app.query_one("#twee-list", DataTable).row_count == 1


def test_tabs_asked_to_focus_their_first_body_can_still_be_focused_as_any_widget():
    """``RecordTabs(focus=True)`` keeps Textual's ``focus()`` a method (the option was kept
    under the same name, and ``tabs.focus()`` was a call of a bool)."""
    from textual.widget import Widget

    tabs = RecordTabs([("a", "A")], build=lambda tab: Static(tab), focus=True)
    assert type(tabs).focus is Widget.focus and callable(tabs.focus)
    assert tabs.focus.__func__ is Widget.focus  # the method, bound to the tabs
