"""Hostile text through every core screen, the palette and the notifications, at 80×24:
nothing crashes, nothing is read as markup (no link, no style), no control character is drawn,
and the text shows as typed."""

from __future__ import annotations

from hostile import CORPUS, assert_no_control, populate, shown
from support import drive, searched
from textual.content import Content

from stadstafel.tui import sections
from stadstafel.tui.screens.actions import ActionsScreen, StuckScreen
from stadstafel.tui.screens.agenda import AgendaScreen
from stadstafel.tui.screens.attachments import AttachmentsScreen
from stadstafel.tui.screens.carry import CarryForwardScreen
from stadstafel.tui.screens.items import AgendaItemsScreen
from stadstafel.tui.screens.minutes import MinutesScreen
from stadstafel.tui.screens.partners import PartnerDetailScreen
from stadstafel.tui.screens.search import SearchScreen
from stadstafel.tui.screens.tables import TableDetailScreen

SIZE = (80, 24)
CLICK = CORPUS["click"]


def drawn(app) -> str:
    """The screen as drawn (toasts included), after checking every segment: no control
    character, and no click action or link made from text."""
    lines = []
    for strip in app.screen._compositor.render_strips():
        for seg in strip:
            assert_no_control(seg.text, f"a segment of {type(app.screen).__name__}")
            meta = seg.style.meta if seg.style is not None else {}
            assert "screenshot" not in str(meta), meta
            assert not (seg.style is not None and seg.style.link), seg
        lines.append("".join(seg.text for seg in strip))
    return "\n".join(lines)


async def show(pilot, screen) -> str:
    pilot.app.push_screen(screen)
    await pilot.pause()
    await pilot.pause()
    assert pilot.app.screen is screen, f"{type(screen).__name__} did not open"
    await searched(pilot)  # the search screen's query runs on a worker thread
    return drawn(pilot.app)


async def wait_drawn(pilot, text: str, seconds: float = 10.0) -> str:
    """The drawn screen once it shows ``text`` (the palette searches in a worker)."""
    for _ in range(int(seconds / 0.1)):
        drawn_text = drawn(pilot.app)
        if text in drawn_text:
            return drawn_text
        await pilot.pause(0.1)
    return drawn(pilot.app)


def notification_texts(app) -> list[str]:
    """Each notification's message as the toast shows it (markup read as Textual does)."""
    return [
        (Content.from_markup(n.message) if n.markup else Content(n.message)).plain
        for n in app._notifications
    ]


@drive
async def test_every_core_screen_shows_hostile_text_literally(app, demo_ws):
    made = populate(demo_ws)
    item = made.items[0]  # "Overleg [/x] gesloten punt"
    async with app().run_test(size=SIZE) as pilot:
        drawn(pilot.app)  # home
        expected = {
            "p": "[@click=app.screenshot(",  # the partner list, sorted by name
            "t": "Overleg [/x] gesloten tafel",  # the tables
            "v": "",
            "a": "",
        }
        for key, visible in expected.items():
            await pilot.press(key)
            await pilot.pause()
            assert visible in drawn(pilot.app), key

        text = await show(pilot, PartnerDetailScreen(made.orgs[2].id))
        assert shown(CLICK + " org") in text
        pilot.app.pop_screen()

        detail = TableDetailScreen(made.table.id)
        text = await show(pilot, detail)
        assert shown(made.table.name) in text
        for number in "234567":
            await pilot.press(number)
            await pilot.pause()
            drawn(pilot.app)
        pilot.app.pop_screen()

        text = await show(pilot, AgendaScreen(made.meeting.id))
        assert "Overleg [/x] gesloten" in text  # the title, clipped to its column
        assert "Wis\ufffd[2Jscherm punt" in text
        pilot.app.pop_screen()

        minutes = MinutesScreen(made.meeting.id)
        text = await show(pilot, minutes)
        assert shown(item.title) in text
        for _ in range(len(CORPUS) - 1):
            await pilot.press("n")
            await pilot.pause()
            drawn(pilot.app)
        pilot.app.pop_screen()

        # documents named by a partner (a file name keeps no folder: nothing with a "/")
        names = [CORPUS["csi"], CORPUS["clear"], CORPUS["title"], "[b]vet en [concept]"]
        for name in names:
            demo_ws.attachments.add(item.id, f"{name}.txt", b"tekst")
        text = await show(pilot, AttachmentsScreen(item.id))
        for name in names:
            assert shown(f"{name}.txt") in text, name
        pilot.app.pop_screen()

        await show(pilot, CarryForwardScreen(made.meeting.id))
        pilot.app.pop_screen()
        items = AgendaItemsScreen()
        await show(pilot, items)
        await pilot.press("ctrl+f", *"klik")
        await pilot.pause()
        assert "[@click=app.screenshot(" in drawn(pilot.app)
        pilot.app.pop_screen()
        text = await show(pilot, SearchScreen("klik"))
        assert "[@click=app.screenshot(" in text
        pilot.app.pop_screen()
        await pilot.press("a")
        await pilot.pause()
        await show(pilot, StuckScreen())


@drive
async def test_minutes_handled_notification_shows_the_title_as_typed(app, demo_ws):
    made = populate(demo_ws)  # its items are on the agenda, and the agenda is set
    async with app().run_test(size=SIZE) as pilot:
        screen = MinutesScreen(made.meeting.id)
        await show(pilot, screen)
        for item in made.items[:3]:  # "[/x]", "[b]…[/b]", "[@click=…]"
            screen.go_to(item.id)
            await pilot.pause()
            await pilot.press("h")
            await pilot.pause()
            assert demo_ws.agenda.get(item.id).status == "behandeld"
            assert f"Behandeld: {shown(item.title)}" in notification_texts(pilot.app)
            drawn(pilot.app)  # the toast draws: no crash, no link, no control character


@drive
async def test_close_and_reopen_notifications_show_the_action_as_typed(app, demo_ws):
    made = populate(demo_ws)
    action = made.actions[2]  # "[@click=…] actie"
    async with app().run_test(size=SIZE) as pilot:
        await pilot.press("a")
        await pilot.pause()
        screen = pilot.app.screen
        assert isinstance(screen, ActionsScreen)
        assert screen.list_view.select_key(action.id)
        await pilot.press("g")
        await pilot.pause()
        assert demo_ws.actions.get(action.id).status == "gereed"
        assert any(t.endswith(shown(action.text)) for t in notification_texts(pilot.app))
        drawn(pilot.app)
        await pilot.press("A")
        await pilot.pause()
        assert screen.list_view.select_key(action.id)
        await pilot.press("r")
        await pilot.pause()
        assert demo_ws.actions.get(action.id).status == "open"
        assert f"Weer open: {shown(action.text)}" in notification_texts(pilot.app)
        drawn(pilot.app)


@drive
async def test_palette_lists_a_hostile_table_and_opens_it(app, demo_ws):
    made = populate(demo_ws, table_name="[/x] [@click=app.screenshot('x','/tmp')]Tafel[/]")
    async with app().run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"Tafel: [/x]")
        text = await wait_drawn(pilot, "Tafel: [/x] [@click=app.screenshot(")
        assert "Tafel: [/x] [@click=app.screenshot(" in text
        await pilot.press("enter")
        await pilot.pause()
        screen = pilot.app.screen
        assert isinstance(screen, TableDetailScreen) and screen.table_id == made.table.id
        drawn(pilot.app)


@drive
async def test_palette_finds_a_hostile_partner(app, demo_ws):
    from textual.command import CommandList

    populate(demo_ws)
    async with app().run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"gesloten org")
        prompts: list[str] = []
        for _ in range(100):  # the palette searches in a worker
            await pilot.pause(0.1)
            commands = pilot.app.screen.query_one(CommandList)
            prompts = [commands.get_option_at_index(i).prompt for i in range(commands.option_count)]
            prompts = [p.plain if hasattr(p, "plain") else str(p) for p in prompts]
            if any("Partner: Overleg [/x] gesloten org" in p for p in prompts):
                break
        assert any("Partner: Overleg [/x] gesloten org" in p for p in prompts), prompts
        drawn(pilot.app)


@drive
async def test_forms_and_pickers_take_hostile_names(app, demo_ws):
    made = populate(demo_ws)
    async with app().run_test(size=SIZE) as pilot:
        await show(pilot, AgendaScreen(made.meeting.id))
        await pilot.press("e")  # edit the item: the form's title and values hold its title
        await pilot.pause()
        drawn(pilot.app)
        await pilot.press("escape")
        await pilot.pause()
        sections.open_partner(pilot.app, made.orgs[0].id)
        await pilot.pause()
        await pilot.press("e")
        await pilot.pause()
        text = drawn(pilot.app)
        assert "Overleg [/x] gesloten org" in text


def test_list_cells_given_as_text_lose_control_characters_and_keep_their_styles():
    from rich.text import Text

    from stadstafel.tui.widgets.lists import safe_text

    cell = Text("a\x1b[2Jb\nc")
    cell.stylize("bold", 0, 1)
    cell.stylize("italic", 6, 8)
    safe = safe_text(cell)
    assert safe.plain == "a\ufffd[2Jb c"
    assert [(s.start, s.end, str(s.style)) for s in safe.spans] == [
        (0, 1, "bold"),
        (6, 8, "italic"),
    ]
    clean = Text("gewoon")
    assert safe_text(clean) is clean
