"""The app as a whole: sections, search, help, palette, themes, language, sizes, refresh."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from support import drive, searched
from textual import events
from textual.command import CommandPalette
from textual.theme import Theme
from textual.widgets import Input

from stadstafel.errors import ValidationError
from stadstafel.tui.app import StadstafelApp
from stadstafel.tui.commands import NavigationProvider, ScreenProvider, ThemesProvider
from stadstafel.tui.screens.help import HelpScreen
from stadstafel.tui.screens.home import HomeScreen
from stadstafel.tui.screens.partners import PartnersScreen
from stadstafel.tui.screens.placeholder import PlaceholderScreen
from stadstafel.tui.screens.search import SearchScreen
from stadstafel.tui.screens.tables import TablesScreen
from stadstafel.tui.screens.too_small import TooSmallScreen
from stadstafel.tui.sections import Section, make_screen

SIZE = (80, 24)


def text_of(screen) -> str:
    """Everything the screen shows, as plain text."""
    strips = screen._compositor.render_strips()
    return "\n".join("".join(seg.text for seg in strip) for strip in strips)


def notifications(app) -> list[str]:
    return [n.message for n in app._notifications]


async def hits(provider, query: str | None = None) -> list[str]:
    await provider.startup()
    source = provider.discover() if query is None else provider.search(query)
    return [str(h.text if hasattr(h, "text") and h.text else h.display) async for h in source]


@drive
async def test_starts_on_the_overview_with_workspace_and_actor(app):
    async with app().run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert pilot.app.current_mode == "home"
        assert isinstance(pilot.app.screen, HomeScreen)
        text = text_of(pilot.app.screen)
        assert "Leiden (demo) · Overzicht" in text
        assert "demo · beheerder" in text
        assert "Vergaderingen, komende 4 weken" in text
        assert "Zoeken" in text  # the footer


@drive
async def test_h_p_t_switch_sections_each_with_its_own_stack(app, demo_ws):
    async with app().run_test(size=SIZE) as pilot:
        await pilot.press("p")
        await pilot.pause()
        assert pilot.app.current_mode == "partners"
        partners = pilot.app.screen
        assert isinstance(partners, PartnersScreen)
        await pilot.press("enter")  # open a partner detail in the partners stack
        await pilot.pause()
        detail = pilot.app.screen
        assert detail is not partners
        await pilot.press("t")
        await pilot.pause()
        assert pilot.app.current_mode == "tables"
        assert isinstance(pilot.app.screen, TablesScreen)
        await pilot.press("h")
        await pilot.pause()
        assert isinstance(pilot.app.screen, HomeScreen)
        await pilot.press("p")  # back to partners: the detail is still there
        await pilot.pause()
        assert pilot.app.screen is detail
        await pilot.press("p")  # again: back to the list
        await pilot.pause()
        assert pilot.app.screen is partners


def test_a_missing_section_screen_becomes_a_placeholder():
    section = Section("x", "Proef", "Trial", "x", "stadstafel.tui.screens.bestaat_niet:Niets")
    screen = make_screen(section)
    assert isinstance(screen, PlaceholderScreen)
    assert "bestaat_niet" in screen.reason


@drive
async def test_placeholder_section_and_plugin_host(app, demo_ws):
    from stadstafel.tui.widgets.base import SectionScreen

    class PluginScreen(SectionScreen):
        TITLE_NL = TITLE_EN = "Woningbouw"

    calls = []
    host = SimpleNamespace(
        screens=lambda: [
            SimpleNamespace(
                id="wb",
                title="Woningbouw",
                key="w",
                plugin="woningbouw",
                factory=lambda ws: PluginScreen(),
            ),
            SimpleNamespace(
                id="kapot", title="Kapot", key="k", plugin="kapot", factory=lambda ws: 1 / 0
            ),
        ],
        commands=lambda: [
            SimpleNamespace(
                id="wb.import",
                title="Woningbouw: importeer",
                help="CBS",
                callback=lambda app: calls.append(app),
                plugin="woningbouw",
            ),
        ],
        themes=lambda: [Theme(name="plugin-thema", primary="#336699")],
        problems=lambda: ["plugin 'stuk' kon niet laden"],
    )
    async with app(host=host).run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "plugin 'stuk' kon niet laden" in notifications(pilot.app)
        assert "plugin-thema" in pilot.app.available_themes
        await pilot.press("w")
        await pilot.pause()
        assert isinstance(pilot.app.screen, PluginScreen)
        await pilot.press("k")
        await pilot.pause()
        assert isinstance(pilot.app.screen, PlaceholderScreen)
        assert "ZeroDivisionError" in text_of(pilot.app.screen)
        from stadstafel.tui.commands import PluginCommandsProvider

        found = await hits(PluginCommandsProvider(pilot.app.screen), "importeer")
        assert found == ["Woningbouw: importeer"]
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"importeer")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        assert calls == [pilot.app]


@drive
async def test_slash_searches_and_opens_an_agenda_item(app, demo_ws):
    from stadstafel.tui.screens.agenda import AgendaScreen

    hits_ = demo_ws.search.search("doorstroming")
    item = next(h for h in hits_ if h.kind == "agenda_item")
    meeting_id = demo_ws.agenda.get(item.id).meeting_id
    assert meeting_id is not None
    async with app().run_test(size=SIZE) as pilot:
        await pilot.press("slash")
        await pilot.pause()
        search = pilot.app.screen
        assert isinstance(search, SearchScreen)
        await pilot.press(*"doorstroming")
        await searched(pilot)
        assert search.query_one("#query", Input).value == "doorstroming"
        results = search.results
        assert f"agenda_item:{item.id}" in results.records
        assert "Agendapunt" in text_of(search)
        await pilot.press("down")
        await pilot.pause()
        assert results.select_key(f"agenda_item:{item.id}")
        await pilot.press("enter")
        await pilot.pause()
        agenda = pilot.app.screen
        assert isinstance(agenda, AgendaScreen)
        assert agenda.meeting_id == meeting_id
        await pilot.press("escape")
        await pilot.pause()
        assert pilot.app.screen is search


@drive
async def test_search_opens_a_partner(app, demo_ws):
    from stadstafel.tui.screens.partners import PartnerDetailScreen

    org = demo_ws.organisations.by_name("Naturalis Biodiversity Center")
    async with app().run_test(size=SIZE) as pilot:
        await pilot.press("slash", *"naturalis")
        await searched(pilot)
        search = pilot.app.screen
        assert search.results.select_key(f"organisation:{org.id}")
        search.results.focus()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(pilot.app.screen, PartnerDetailScreen)
        assert pilot.app.screen.organisation_id == org.id


@drive
async def test_question_mark_and_f1_show_the_keys_of_the_screen(app):
    async with app().run_test(size=SIZE) as pilot:
        await pilot.press("p")
        await pilot.pause()
        await pilot.press("question_mark")
        await pilot.pause()
        help_screen = pilot.app.screen
        assert isinstance(help_screen, HelpScreen)
        here = dict((d, k) for k, d in help_screen.here)
        assert here["Sorteren"] == "s" and here["Nieuw"] == "n"
        everywhere = dict((d, k) for k, d in help_screen.everywhere)
        assert everywhere["Tafels"] == "t" and everywhere["Zoeken"] == "/"
        text = text_of(help_screen)
        assert "Dit scherm: Partners" in text and "Sorteren" in text
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(pilot.app.screen, PartnersScreen)
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(pilot.app.screen, HelpScreen)


@drive
async def test_palette_offers_sections_screen_keys_tables_and_themes(app, demo_ws):
    async with app().run_test(size=SIZE) as pilot:
        await pilot.press("p")
        await pilot.pause()
        screen = pilot.app.screen
        navigation = await hits(NavigationProvider(screen))
        assert "Ga naar: Tafels" in navigation and "Zoeken in alles" in navigation
        screen_keys = await hits(ScreenProvider(screen))
        assert {"Nieuw", "Wijzig", "Verwijder", "Sorteren"} <= set(screen_keys)
        themes = await hits(ThemesProvider(screen))
        assert {"Thema: stadstafel", "Thema: leiden", "Thema: hoog-contrast"} <= set(themes)
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert isinstance(pilot.app.screen, CommandPalette)
        await pilot.press(*"Kennisstad Missie")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        from stadstafel.tui.screens.tables import TableDetailScreen

        detail = pilot.app.screen
        assert isinstance(detail, TableDetailScreen)
        assert detail.active_tab == "missie"


@drive
async def test_theme_switch_from_the_palette(app):
    async with app().run_test(size=SIZE) as pilot:
        assert pilot.app.theme == "stadstafel"
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"Thema: leiden")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        assert pilot.app.theme == "leiden"
        assert pilot.app.set_theme("hoog-contrast")
        assert pilot.app.theme == "hoog-contrast"
        assert not pilot.app.set_theme("bestaat-niet")
        assert pilot.app.theme == "hoog-contrast"


@drive
async def test_a_theme_set_at_start_styles_as_a_switch_to_it_does(app):
    """The start theme is set before the stylesheet is parsed (no reparse): every screen,
    also one with its own CSS pushed later, gets the colours a live switch gives."""

    async def colours(pilot) -> tuple:
        await pilot.press("v", "l")  # the agenda-items list: a pushed screen with its own CSS
        await pilot.pause()
        screen = pilot.app.screen
        return (
            screen.styles.background,
            screen.get_visual_style("app-header").background,
            screen.query_one("#filter").styles.background,
        )

    async with app(theme="leiden").run_test(size=SIZE) as pilot:
        at_start = await colours(pilot)
    async with app().run_test(size=SIZE) as pilot:
        default = await colours(pilot)
    async with app().run_test(size=SIZE) as pilot:
        assert pilot.app.set_theme("leiden")
        await pilot.pause()
        switched = await colours(pilot)
    assert at_start == switched
    assert at_start != default


@drive
async def test_unknown_theme_from_config_falls_back_with_a_notice(app, demo_ws):
    demo_ws.config.theme = "paars"
    async with app().run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert pilot.app.theme == "stadstafel"
        assert any("paars" in m for m in notifications(pilot.app))


@drive
async def test_english_titles_when_the_language_is_english(app, demo_ws):
    from stadstafel import i18n

    i18n.set_language("en")
    async with app().run_test(size=SIZE) as pilot:
        await pilot.pause()
        text = text_of(pilot.app.screen)
        assert "Overview" in text and "Meetings, next 4 weeks" in text
        assert "Search" in text and "Zoeken" not in text
        await pilot.press("t", "enter")
        await pilot.pause()
        text = text_of(pilot.app.screen)
        assert "Members" in text and "Mission" in text and "Leden" not in text
        await pilot.press("question_mark")
        await pilot.pause()
        assert "This screen" in text_of(pilot.app.screen)


@drive
async def test_no_crash_at_small_sizes(app):
    async with app().run_test(size=(40, 12)) as pilot:
        await pilot.pause()
        assert isinstance(pilot.app.screen, TooSmallScreen)
        assert "te klein" in text_of(pilot.app.screen)
        await pilot.press("p", "t", "slash", "question_mark")  # blocked, no traceback
        await pilot.pause()
        assert isinstance(pilot.app.screen, TooSmallScreen)
        for size in [(59, 24), (80, 15), (60, 16), (50, 14), (120, 40), (80, 24)]:
            await pilot.resize_terminal(*size)
            await pilot.pause()
            await pilot.pause()
            small = size[0] < 60 or size[1] < 16
            assert isinstance(pilot.app.screen, TooSmallScreen) == small, size
        assert isinstance(pilot.app.screen, HomeScreen)
        for key in "ptha":
            await pilot.press(key)
            await pilot.pause()
        await pilot.resize_terminal(40, 12)
        await pilot.pause()
        await pilot.pause()
        assert isinstance(pilot.app.screen, TooSmallScreen)


@drive
async def test_refresh_when_another_session_commits(two_sessions):
    ws, other = two_sessions
    async with StadstafelApp(ws).run_test(size=SIZE) as pilot:
        await pilot.press("p")
        await pilot.pause()
        screen = pilot.app.screen
        before = len(screen.table.order)
        assert not pilot.app.poll_changes()  # nothing changed yet
        new = other.organisations.create(name="Aaa Andere Sessie", kind="overig")
        assert pilot.app.poll_changes()
        await pilot.pause()
        assert len(screen.table.order) == before + 1
        assert str(new.id) in screen.table.records
        # a section not on screen is refreshed when it comes back
        await pilot.press("t")
        await pilot.pause()
        other.organisations.create(name="Aaa Tweede", kind="overig")
        assert pilot.app.poll_changes()
        await pilot.press("p")
        await pilot.pause()
        assert len(screen.table.order) == before + 2


@drive
async def test_call_service_turns_errors_into_notifications(app, demo_ws):
    from stadstafel.ui import call_service

    async with app().run_test(size=SIZE) as pilot:

        def broken():
            raise ValidationError({"name": "Naam is verplicht."})

        assert call_service(pilot.app.screen, broken) is None
        assert call_service(pilot.app.screen, lambda: 42) == 42
        await pilot.pause()
        assert "Naam is verplicht." in notifications(pilot.app)


def _sixteen(color: str) -> int:
    """The 16-colour number a colour becomes on a terminal without truecolor or 256 colours."""
    from rich.color import Color as RichColor
    from rich.color import ColorSystem
    from textual.color import Color

    rgb = Color.parse(color).rgb
    return RichColor.from_rgb(*rgb).downgrade(ColorSystem.STANDARD).number


@pytest.mark.parametrize("few", [False, True])
def test_the_themes_colours_are_worked_out_once_as_the_app_is_made(app, monkeypatch, few):
    """Textual's making of the app worked out the colours of its own default theme, which
    the app's theme then replaced at once (a wasted 1 ms of every start): once, for the
    app's theme, and the stylesheet holds them (16 colours or more)."""
    from textual.design import ColorSystem

    made = []
    generate = ColorSystem.generate
    monkeypatch.setattr(ColorSystem, "generate", lambda cs: made.append(cs) or generate(cs))
    built = app(theme="leiden", few_colours=few)
    assert len(made) == 1
    assert built.stylesheet._variables == built.get_css_variables()
    assert built.current_theme.name == "leiden" and "primary" in built.stylesheet._variables


@drive
async def test_every_theme_keeps_text_readable_in_16_colours(app):
    from textual.color import Color

    async with app().run_test(size=SIZE) as pilot:
        for name in ["stadstafel", "leiden", "hoog-contrast"]:
            pilot.app.theme = name
            await pilot.pause()
            css = pilot.app.get_css_variables()
            header_bg = css["primary"]
            header_fg = Color.parse(header_bg).get_contrast_text().hex
            pairs = {
                "text on background": (css["foreground"], css["background"]),
                "text on surface": (css["foreground"], css["surface"]),
                "header": (header_fg, header_bg),
                "cursor row": (css["block-cursor-foreground"], css["block-cursor-background"]),
                "footer key": (css["footer-key-foreground"], css["footer-background"]),
            }
            for what, (fg, bg) in pairs.items():
                assert _sixteen(fg) != _sixteen(bg), f"{name}: {what} {fg} on {bg}"


@drive
async def test_enter_on_an_upcoming_meeting_opens_its_agenda(app, demo_ws):
    from stadstafel.tui.screens.agenda import AgendaScreen

    first = demo_ws.overview.home()["upcoming"][0]
    async with app().run_test(size=SIZE) as pilot:
        await pilot.pause()
        home = pilot.app.screen
        assert home.query_one("#upcoming").current_record.id == first.id
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(pilot.app.screen, AgendaScreen)
        assert pilot.app.screen.meeting_id == first.id


@drive
async def test_keymap_from_config_rebinds_by_id(app, demo_ws):
    demo_ws.config.keymap = {"section.partners": "f2"}
    async with app().run_test(size=SIZE) as pilot:
        await pilot.press("f2")
        await pilot.pause()
        assert isinstance(pilot.app.screen, PartnersScreen)


def test_garbage_is_collected_in_pauses_not_while_typing(app, monkeypatch):
    """With the collector off (as the CLI starts the UI) the app collects when the user
    pauses, or while typing once much waits; never for a little garbage mid-typing."""
    import gc
    import time

    from stadstafel.tui import app as app_module

    trims = []
    monkeypatch.setattr(app_module.memory, "trim", lambda: trims.append(1) or True)
    tui = app()
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        gc.collect()
        kept = [[] for _ in range(2 * app_module.GC_MIN_OBJECTS)]  # tracked objects
        tui.last_activity = time.monotonic()  # a key just now
        assert tui.collect_in_pause() is None
        assert gc.get_count()[0] >= len(kept)
        tui.last_activity = time.monotonic() - app_module.GC_PAUSE_SECONDS - 0.1  # a pause
        assert tui.collect_in_pause() == 1
        assert gc.get_count()[0] < app_module.GC_MIN_OBJECTS
        assert gc.get_count()[2] >= 1  # the young generations only: no full collection yet
        assert trims == []  # no trim after a young collection
        tui.last_activity = time.monotonic() - app_module.GC_FULL_PAUSE_SECONDS - 0.1
        tui._preparing = object()  # sections still being built in this pause
        assert tui.collect_in_pause() is None  # what they make lives on: not walked yet
        assert gc.get_count()[2] >= 1
        tui._preparing = None  # all built
        assert tui.collect_in_pause() == 2
        assert gc.get_count()[2] == 0  # a longer pause: everything
        assert trims == [1]  # the freed memory goes back to the system in the pause
        assert tui.collect_in_pause() is None  # and not again while nothing new waits
        tui.last_activity = time.monotonic()
        kept += [[] for _ in range(app_module.GC_YOUNG_OBJECTS)]  # typing on, much waits
        assert tui.collect_in_pause() == 0  # only the young generation: a few ms
        assert gc.get_count()[0] < app_module.GC_MIN_OBJECTS  # what waits stays bounded
        assert trims == [1]  # no trim while typing
    finally:
        if was_enabled:
            gc.enable()


@drive
async def test_footer_shows_the_screens_keys_and_a_click_presses_one(app):
    """The footer the screen draws: the focused screen's keys (a group's keys side by side), the
    palette at the right, new keys after a switch, and a click on a key presses it."""

    def footer_text(pilot) -> str:
        return str(pilot.app.screen.footer.render())

    async with app().run_test(size=SIZE) as pilot:
        await pilot.pause()
        line = footer_text(pilot)
        assert line.startswith(" r Vernieuwen  q Stoppen  hptvaz Secties  / Zoeken  ? Help")
        assert line.rstrip().endswith("▏^p palette") and len(line) == SIZE[0]
        await pilot.press("p")
        await pilot.pause()
        assert " n Nieuw " in footer_text(pilot) and "Vernieuwen" not in footer_text(pilot)
        await pilot.press("h")
        await pilot.pause()
        await terminal_click(pilot, footer_text(pilot).index("Zoeken"), SIZE[1] - 1)
        assert isinstance(pilot.app.screen, SearchScreen)


async def terminal_click(pilot, x: int, y: int) -> None:
    """A click at (x, y) of the terminal as a terminal sends it: to the app, which makes the
    Click for the widget there (Pilot's click refuses the screen's last line: it is outside
    the screen's widgets)."""
    where = {"x": x, "y": y, "screen_x": x, "screen_y": y}
    for kind in (events.MouseDown, events.MouseUp):
        pilot.app.post_message(
            kind(None, **where, delta_x=0, delta_y=0, button=1, shift=False, meta=False, ctrl=False)
        )
        await pilot.pause()
    await pilot.pause()


@drive
async def test_a_click_in_a_long_text_scrolled_up_presses_no_key_of_the_footer(app):
    """A click on a widget reaches its screen with the widget's own coordinates: in a text
    taller than the screen and scrolled (the stuck review), its line at the screen's height
    less one was taken for the footer's line, and the key drawn at that column pressed
    (Escape: the review closed). Only a click on the screen's own last line is the footer's."""
    from stadstafel.tui.screens.actions import StuckScreen

    size = (80, 16)
    async with app().run_test(size=size) as pilot:
        await pilot.pause()
        pilot.app.push_screen(StuckScreen())
        await pilot.pause()
        screen = pilot.app.screen
        assert isinstance(screen, StuckScreen)
        await pilot.press("pagedown")
        await pilot.pause()
        text = screen.query_one("#stuck-text")
        assert text.region.y < 0 and text.region.height >= size[1]  # scrolled, and tall
        column = str(screen.footer.render()).index("Terug")  # esc
        await terminal_click(pilot, column, text.region.y + size[1] - 1)  # inside the text
        assert pilot.app.screen is screen
        await terminal_click(pilot, column, size[1] - 1)  # the footer's "esc Terug"
        assert pilot.app.screen is not screen


@drive
async def test_a_section_switch_shows_the_screen_without_textuals_hold(app):
    """Textual's switch_mode holds every repaint for 50 ms (App.delay_update); ours does not:
    the frame that shows the section is written before that hold would have ended."""
    async with app().run_test(size=SIZE) as pilot:
        await pilot.press("p")  # build the partners screen once
        await pilot.pause()
        await pilot.press("h")
        await pilot.pause()
        written: list[str] = []
        application = pilot.app
        display = application._display

        def spy(screen, renderable):
            if renderable is not None and not application._batch_count:
                written.append(type(screen).__name__)
            display(screen, renderable)

        application._display = spy
        application.action_section("partners")
        assert not application._batch_count  # no hold began
        await pilot.pause(0.02)  # shorter than the 50 ms hold
        assert "PartnersScreen" in written


@drive
async def test_a_section_comes_back_restyled_only_when_the_styles_changed(app):
    """A screen that returns to the CSS and app focus it was left in keeps its styles (no
    restyle of every widget); one whose terminal focus or theme changed while it was away
    comes back restyled."""
    async with app().run_test(size=SIZE) as pilot:
        await pilot.press("p")
        await pilot.pause()
        partners = pilot.app.screen
        before = partners.get_visual_style("app-header").background
        restyled: list = []
        update_styles = pilot.app.update_styles

        def spy(node, animate=True):
            if node is partners:
                restyled.append(node)
            update_styles(node, animate)

        pilot.app.update_styles = spy
        await pilot.press("h", "p")
        await pilot.pause()
        assert pilot.app.screen is partners
        assert restyled == []  # back as it was left: no restyle
        await pilot.press("h")
        await pilot.pause()
        pilot.app.app_focus = False  # the terminal lost focus while partners was away
        await pilot.pause()
        pilot.app.action_section("partners")  # not a key: Pilot's keys give the focus back
        await pilot.pause()
        assert restyled == [partners]  # Textual restyled only the screen that was current
        await pilot.press("h")
        await pilot.pause()
        assert pilot.app.set_theme("hoog-contrast")
        await pilot.pause()
        await pilot.press("p")
        await pilot.pause()
        after = partners.get_visual_style("app-header").background
    async with app(theme="hoog-contrast").run_test(size=SIZE) as pilot:
        await pilot.press("p")
        await pilot.pause()
        fresh = pilot.app.screen.get_visual_style("app-header").background
    assert after == fresh != before


@drive
async def test_where_screens_cannot_be_built_early_their_modules_are_imported(app, monkeypatch):
    """Outside the Textual versions ``build_mode`` was written for, nothing is built early:
    the pauses import the sections' screen modules, one per pause, so a first visit does not
    wait for the import at least."""
    import stadstafel.tui.app as app_module

    async with app().run_test(size=SIZE) as pilot:
        await pilot.pause()
        application = pilot.app
        assert application._preparing is not None  # set after the first frame
        modules = [s.module for s in application.sections]
        assert "stadstafel.tui.screens.partners" in modules
        assert "stadstafel.tui.screens.actions" in modules
        monkeypatch.setattr(app_module, "build_mode", lambda _app, _mode: None)
        imported: list[str] = []
        monkeypatch.setattr(app_module.importlib, "import_module", imported.append)
        monkeypatch.setattr(app_module.sys, "modules", {"json": None})
        application.sections = [
            Section("een", "Een", "One", "", "x", module="niet.geladen.een"),
            Section("json", "J", "J", "", "x", module="json"),
            Section("twee", "Twee", "Two", "", "x", module="niet.geladen.twee"),
        ]
        application._unprepared = ["een", "json", "twee"]
        application.last_activity = app_module.time.monotonic()  # the user is typing
        assert application.prepare_in_pause() is None
        assert imported == []
        application.last_activity = 0.0  # a pause
        assert application.prepare_in_pause() == "niet.geladen.een"
        assert application.prepare_in_pause() == "niet.geladen.twee"  # json was there already
        assert imported == ["niet.geladen.een", "niet.geladen.twee"]
        timer = application._preparing
        assert application.prepare_in_pause() is None  # nothing left: the timer stops
        assert timer._task is None and application._preparing is None


def test_freed_heap_goes_back_once_a_pause_with_little_garbage(app, monkeypatch):
    """A pause after keys that left little Python garbage (no full collection) still gives
    the freed C heap back, once a pause: a search's SQLite sorter is C heap."""
    import gc
    import time

    from stadstafel.tui import app as app_module

    trims = []
    monkeypatch.setattr(app_module.memory, "trim", lambda: trims.append(1) or True)
    monkeypatch.setattr(app_module, "TRIM_SECONDS", 0.0)
    tui = app()
    # SQLite's page cache and statements go in the same pause, before the trim returns the heap
    releases = []
    store = tui.workspace.store
    monkeypatch.setattr(store, "release_memory", lambda: releases.append(len(trims)))
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        gc.collect()
        app_module.kept.parse_toml('a = "kept"')  # the start's kept TOML texts, held
        assert app_module.kept._toml is not None
        tui.last_activity = time.monotonic() - app_module.GC_FULL_PAUSE_SECONDS - 0.1
        assert tui.collect_in_pause() is None  # nothing to collect
        assert trims == [1]
        assert app_module.kept._toml is None  # let go of with the trim
        assert tui.collect_in_pause() is None
        assert trims == [1]  # once a pause
        tui.last_activity = time.monotonic()  # a key
        assert tui.collect_in_pause() is None
        assert trims == [1]  # not while typing
        tui._trimmed_at = time.monotonic() - 10  # the key came after the last trim
        tui.last_activity = time.monotonic() - app_module.GC_FULL_PAUSE_SECONDS - 0.1
        tui.collect_in_pause()
        assert trims == [1, 1]  # the next pause
        assert releases == [0, 1]  # each time just before the trim
    finally:
        if was_enabled:
            gc.enable()


def test_memory_trim_gives_back_or_does_nothing():
    """``memory.trim`` and ``one_heap`` ask glibc (``malloc_trim``, ``mallopt``) where it
    exists (Linux) and do nothing elsewhere; the resident size can be read on Linux."""
    import sys

    from stadstafel import memory

    assert memory.trim() is sys.platform.startswith("linux")
    assert memory.one_heap() is sys.platform.startswith("linux")
    if sys.platform.startswith("linux"):
        assert memory.rss_mib() > 1


def test_palette_scoring_agrees_with_textuals_on_what_matches():
    """The palette's own scoring (``fuzzy_match``: two ways the letters can lie instead of
    all of them) finds the same commands as Textual's matcher, scores a query found whole as
    Textual does, and never above Textual's best."""
    from textual.fuzzy import Matcher

    from stadstafel.tui.commands import fuzzy_match

    texts = [
        "Tafel: Werkgroep Groningen 0022",
        "Werkgroep Groningen 0022: Leden",
        "Leiden Kennisstad: Missie",
        "Woningbouw: voortgang",
        "Exporteren: Woningbouwregister (CSV)",
        "a]b-c^d\\e",
        "Ga naar: Overzicht",
    ]
    queries = ["gr0022", "groningen 0022", "kennis missie", "wbv", "]b", "-c^", "d\\e", "zz", "w"]
    for query in queries:
        matcher = Matcher(query)
        for text in texts:
            ours, offsets = fuzzy_match(matcher, text)
            theirs = matcher.match(text)
            assert (ours > 0) == (theirs > 0), (query, text)
            assert ours <= theirs + 1e-9, (query, text)
            if query.lower() in text.lower():
                assert ours == theirs, (query, text)
            if ours:
                assert [text.lower()[i] for i in offsets] == list(query.lower())


@drive
async def test_palette_asks_plugins_about_the_best_matching_tables_only(app, demo_ws, monkeypatch):
    """Table tabs are offered for the tables whose names match the query, so plugins are not
    asked about every table at every key; the best hits come first, at most MOST_HITS."""
    from stadstafel.tui import commands

    asked = []
    real = commands._plugin_tabs
    monkeypatch.setattr(
        commands, "_plugin_tabs", lambda app, table: asked.append(table.name) or real(app, table)
    )
    names = [t.name for t in demo_ws.tables.list()]
    assert len(names) > 2
    async with app().run_test(size=SIZE) as pilot:
        provider = commands.TablesProvider(pilot.app.screen)
        found = await hits(provider, "Kennisstad Missie")
        assert found[0] == "Leiden Kennisstad: Missie"
        assert sorted(asked) == sorted(n for n in names if "kennisstad" in n.lower())
        assert len(asked) < len(names)
        assert len(await hits(provider, "e")) <= commands.SimpleProvider.MOST_HITS


@drive
@pytest.mark.parametrize(
    ("language", "said"), [("nl", "Stoppen: ctrl+q"), ("en", "To quit: ctrl+q")]
)
async def test_ctrl_c_says_how_to_quit_in_the_sessions_language(app, language, said):
    """Ctrl+C (which quits most programs) says how to quit: in the session's language, and
    with the key that quits from anywhere (q types a q in a text field). Textual's own was
    English only and named q."""
    from stadstafel import i18n

    i18n.set_language(language)  # (the demo fixture sets Dutch back)
    async with app().run_test(size=SIZE) as pilot:
        await pilot.press("p")
        await pilot.pause()
        assert isinstance(pilot.app.screen, PartnersScreen)
        await pilot.press("ctrl+c")
        await pilot.pause()
        told = list(pilot.app._notifications)
        assert [n.message for n in told] == [said]
        assert told[0].title == ("Wil je stoppen?" if language == "nl" else "Do you want to quit?")
