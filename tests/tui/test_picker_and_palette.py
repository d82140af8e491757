"""The picker as it opens: its first window, highlight, count line and classes are set
before it is built (set as it mounted, they restyled the whole dialog once more); the
table choice reads only names. The palette: its best hits, and how many more. No timing is
asserted; counts of the work done are."""

from __future__ import annotations

import pytest
from support import drive

from stadstafel.tui.modals import PickerScreen
from stadstafel.tui.options import table_options
from stadstafel.tui.textual_private import screen_text

SIZE = (80, 24)


async def opened(pilot, picker: PickerScreen, chosen: list) -> PickerScreen:
    pilot.app.push_screen(picker, chosen.append)
    await pilot.pause()
    await pilot.pause()
    return picker


@drive
async def test_the_picker_opens_on_its_value_styled_once(app, monkeypatch):
    from textual.css.stylesheet import Stylesheet

    styled = []
    apply = Stylesheet.apply
    monkeypatch.setattr(
        Stylesheet, "apply", lambda s, node, *a, **k: styled.append(node) or apply(s, node, *a, **k)
    )
    options = [(f"Tafel {i:03d}", i) for i in range(500)]
    chosen: list = []
    async with app().run_test(size=SIZE) as pilot:
        styled.clear()
        picker = await opened(pilot, PickerScreen("Welke tafel?", options, value=250), chosen)
        assert styled.count(picker) == 1  # as it mounted; not again for its classes
        listed = picker.query_one("#options")
        assert listed.option_count == PickerScreen.WINDOW
        assert str(listed.get_option_at_index(listed.highlighted).prompt) == "Tafel 250"
        text = screen_text(picker)  # options 244 to 257: Tafel 243 to 256
        assert "244–257 van 500" in text and "Tafel 243" in text and "Tafel 256" in text
        assert "Niets gevonden." not in text
        await pilot.press("down", "enter")
        await pilot.pause()
        assert chosen == [251]

        few = await opened(pilot, PickerScreen("Welke?", options[:3], value=9), chosen)
        listed = few.query_one("#options")
        assert listed.option_count == 3 and listed.highlighted == 0  # an unknown value: first
        assert not few.has_class("-more") and " van " not in screen_text(few)
        await pilot.press("down", "down", "enter")
        await pilot.pause()
        assert chosen[-1] == 2

        empty = await opened(pilot, PickerScreen("Welke?", []), chosen)
        assert empty.highlighted is None and "Niets gevonden." in screen_text(empty)
        await pilot.press("enter")
        await pilot.pause()
        assert pilot.app.screen is empty  # nothing to choose: Enter does nothing
        await pilot.press("escape")
        await pilot.pause()
        assert chosen[-1] is None


def test_table_options_are_every_table_in_list_order(demo_ws):
    listed = [(t.name, t.id) for t in demo_ws.tables.list()]
    assert len(listed) > 1
    assert table_options(demo_ws) == listed


async def searched_in_palette(pilot):
    """The palette, once its searches are done."""
    palette = pilot.app.screen
    for _ in range(500):
        await pilot.pause()
        if palette.has_class("-ready") and all(w.is_finished for w in palette.workers):
            break
    return palette


async def palette_hits(pilot, query: str) -> list[tuple[float, str]]:
    """(score, text) of what the palette lists for ``query`` (the count line: score -1)."""
    from textual.command import Command, CommandList

    await pilot.press("ctrl+p")
    await pilot.pause()
    await pilot.press(*query)
    palette = await searched_in_palette(pilot)
    listed = palette.query_one(CommandList)
    hits = []
    for i in range(listed.option_count):
        option = listed.get_option_at_index(i)
        score = option.hit.score if isinstance(option, Command) else -1.0
        hits.append((score, str(option.prompt)))
    await pilot.press("escape")
    await pilot.pause()
    return hits


@drive
async def test_the_palette_shows_its_best_hits_and_how_many_more(app, monkeypatch):
    from stadstafel.tui import commands

    palette = commands.palette_class()
    shown = palette.SHOWN
    async with app().run_test(size=SIZE) as pilot:
        monkeypatch.setattr(palette, "SHOWN", 10_000)
        everything = await palette_hits(pilot, "ta")
        monkeypatch.setattr(palette, "SHOWN", shown)
        capped = await palette_hits(pilot, "ta")
        few = await palette_hits(pilot, "hoog-contrast")
    assert len(everything) > shown + 1
    assert all(score >= 0 for score, _ in everything)  # no count line when all are shown
    assert len(capped) == shown + 1
    # the first ones of the same ranking (hits of equal score may come in another order)
    assert [s for s, _ in capped[:shown]] == [s for s, _ in everything[:shown]]
    assert {t for _, t in capped[:shown]} <= {t for _, t in everything}
    assert capped[-1] == (-1.0, f"… en nog {len(everything) - shown}: typ verder om te kiezen")
    assert 0 < len(few) <= shown and all(score >= 0 for score, _ in few)
    assert any("hoog-contrast" in text for _, text in few)


def hits_drawn(frame: str) -> list[str]:
    """The palette's hits as drawn: the lines between its search line and its lower edge."""
    lines = frame.splitlines()
    start = next(i for i, line in enumerate(lines) if "🔎" in line)
    shown = []
    for line in lines[start + 1 :]:
        if line.startswith("▁"):
            break
        if line.strip():
            shown.append(line.strip().rstrip("▁").strip())
    return shown


@pytest.mark.parametrize("results", ["within the hold", "after the hold"])
@drive
async def test_the_palette_draws_a_word_typed_with_its_results(app, monkeypatch, results):
    """A word that arrives at once is drawn in the frame that shows its results: Textual drew
    the text first, and the results a frame (a 60th of a second or more) later. A search
    that takes longer than ``HOLD`` lets the text be drawn first.

    Nothing here races a clock: the word arrives as one change (a paste: a word's letters
    handled one by one may be drawn in between on a loaded machine, as typed slowly), the
    quick search answers at once with a hold no machine outlasts, and the late one answers
    only once the text was drawn (a hold that does not let go: the word comes with its
    result, and the test fails)."""
    import asyncio
    import contextlib

    from textual import events
    from textual.app import App
    from textual.command import CommandInput

    from stadstafel.tui import commands

    palette_kind = commands.palette_class()
    frames = []
    display = App._display
    word_drawn = asyncio.Event()

    def drawn(self, screen, renderable):
        # the frames with the word typed (a frame before it, of the list still filling for
        # no text on a loaded machine, may show hoog-contrast among the first hits)
        if (
            renderable is not None
            and isinstance(screen, palette_kind)
            and screen.query_one(CommandInput).value == "contrast"
        ):
            frames.append(screen_text(screen))
            word_drawn.set()
        return display(self, screen, renderable)

    search = commands.ThemesProvider.search
    late = results == "after the hold"

    async def search_in_its_time(self, query):
        if late:  # (bounded: a hold that never lets go then shows the word with its result)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(word_drawn.wait(), 20)
        async for hit in search(self, query):
            yield hit

    monkeypatch.setattr(App, "_display", drawn)
    monkeypatch.setattr(commands.ThemesProvider, "search", search_in_its_time)
    monkeypatch.setattr(palette_kind, "HOLD", 0.1 if late else 600.0)
    async with app().run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+p")
        await pilot.pause()
        palette = pilot.app.screen
        assert isinstance(palette, palette_kind)
        for _ in range(500):  # the list for no text complete (not a part of it, themes first)
            if palette.has_class("-ready"):
                break
            await pilot.pause()
        assert palette.has_class("-ready")
        typed = palette.query_one(CommandInput)
        typed.post_message(events.Paste("contrast"))
        for _ in range(500):
            await pilot.pause()
            if frames and "Thema: hoog-contrast" in frames[-1]:
                break
        assert frames  # the word typed was drawn
        # with its results in the same frame, unless that took longer than HOLD: then the word
        # is drawn over the list for no text (which shows hoog-contrast among its first hits
        # too, so the hits drawn are compared, not one of them looked for)
        assert (hits_drawn(frames[0]) == hits_drawn(frames[-1])) is not late
        assert hits_drawn(frames[-1]) == ["Thema: hoog-contrast", "Kleuren van de app"]


@drive
async def test_results_of_a_superseded_text_never_show_under_newer_text(app):
    """The results of a search whose text was typed over arrive before the palette handled
    the newer text (its change is still a message in the queue): they are not shown, so the
    list never shows the hits of ``contrast`` under ``contrastxyz``."""
    from textual.command import CommandInput, CommandList
    from textual.widgets import Input

    async with app().run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+p")
        palette = await searched_in_palette(pilot)
        listed = palette.query_one(CommandList)
        before = [str(listed.get_option_at_index(i).prompt) for i in range(listed.option_count)]
        assert len(before) > 3
        typed = palette.query_one(CommandInput)
        with palette.prevent(Input.Changed):  # the newer text's change not handled yet
            typed.value = "contrastxyz"
        palette._gather_commands("contrast")  # the older text's search, answering now
        await searched_in_palette(pilot)
        after = [str(listed.get_option_at_index(i).prompt) for i in range(listed.option_count)]
        assert after == before  # not the hits of "contrast"
        # the newer text's own search then shows its own results (none)
        typed.post_message(Input.Changed(typed, "contrastxyz"))
        for _ in range(500):
            await pilot.pause()
            if all(w.is_finished for w in palette.workers) and listed.option_count <= 1:
                break
        shown = [str(listed.get_option_at_index(i).prompt) for i in range(listed.option_count)]
        assert not any("hoog-contrast" in text for text in shown)


@pytest.mark.parametrize(
    ("language", "placeholder", "nothing"),
    [
        ("nl", "Zoek een opdracht…", "Niets gevonden"),
        ("en", "Search for commands…", "No matches found"),
    ],
)
@drive
async def test_the_palette_speaks_the_users_language(app, language, placeholder, nothing):
    from textual.command import CommandInput, CommandList

    from stadstafel import i18n

    i18n.set_language(language)
    async with app().run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+p")
        await pilot.pause()
        palette = pilot.app.screen
        assert palette.query_one(CommandInput).placeholder == placeholder
        await pilot.press(*"qqxqqzz")
        await searched_in_palette(pilot)
        listed = palette.query_one(CommandList)
        for _ in range(200):  # the line comes after Textual's countdown (half a second)
            if listed.option_count:
                break
            await pilot.pause(0.01)
        assert [str(listed.get_option_at_index(i).prompt) for i in range(listed.option_count)] == [
            nothing
        ]
