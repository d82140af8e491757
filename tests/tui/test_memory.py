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
