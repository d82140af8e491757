"""Key names answered without ``unicodedata`` (issue 23: memory before the sections): Textual
looks up a Unicode character for every key name it shows or checks, and those look-ups read
0.4 MiB of the module's tables into memory. ``textual_private.KEY_CHARACTERS`` and
``StadstafelApp.get_key_display`` answer as Textual does, without them."""

from __future__ import annotations

import string
import unicodedata

from support import built, drive
from textual import keys
from textual.app import App
from textual.binding import Binding

from stadstafel.tui import textual_private
from stadstafel.tui.app import StadstafelApp


def test_every_known_key_name_is_answered_as_textual_answers_it():
    assert textual_private.key_characters_known()
    assert len(textual_private.KEY_CHARACTERS) > 70
    for name, character in textual_private.KEY_CHARACTERS.items():
        assert keys.key_to_character(name) == character, name
    from textual import screen

    for key in ("a", "ctrl+x", "shift+tab", "f25", "ampersand", "up"):  # in the table or not
        assert screen.key_to_character(key) == keys.key_to_character(key), key


def test_a_key_shows_as_textual_shows_it():
    textual_app = App()
    ours = StadstafelApp.__new__(StadstafelApp)  # the method only, no workspace
    for key in [
        *(string.printable.strip() + "éßø€"),
        "ctrl+k",
        "ctrl+p",
        "shift+a",
        "alt+ctrl+x",
        "ctrl+question_mark",
        "question_mark",
        "escape",
        "f1",
    ]:
        binding = Binding(key, "x")
        assert ours.get_key_display(binding) == textual_app.get_key_display(binding), key
    assert ours.get_key_display(Binding("r", "x", key_display="R")) == "R"


def _no_lookup(name: str) -> str:
    raise AssertionError(f"unicodedata.lookup({name!r})")


@drive
async def test_showing_every_section_looks_up_no_unicode_name(app, monkeypatch):
    """Every section built and opened (its footer drawn, its bindings checked against the
    focused widget) with Textual's caches of key names emptied: no look-up."""
    async with app().run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await built(pilot)
        keys.key_to_character.cache_clear()
        keys.format_key.cache_clear()
        monkeypatch.setattr(unicodedata, "lookup", _no_lookup)
        sections = [s.id for s in pilot.app.sections]
        for section in sections:  # not pilot.press: Pilot looks the key's name up itself
            pilot.app.action_section(section)
            await pilot.pause()
            assert pilot.app.screen._binding_chain  # what a key is checked against
            pilot.app.screen.refresh_bindings()
            await pilot.pause()


def test_every_ascii_character_is_named_as_textual_names_it():
    assert textual_private.ascii_keys_named()
    named = keys._character_to_key
    textual = named.textual  # Textual's own, which asks unicodedata
    for character in [*map(chr, range(128)), "é", "ß", "€", "→"]:
        assert named(character) == textual(character), repr(character)
    assert named("/") == "slash" and named("~") == "tilde" and named("\t") == "tab"


def _no_name(character: str, *default: str) -> str:
    raise AssertionError(f"unicodedata.name({character!r})")


def test_a_typed_slash_names_its_key_without_unicodedata(monkeypatch):
    """The terminal's parser names every key that is not a letter or a digit; "/" opens the
    search: no look-up in unicodedata's name tables (0.3 MiB of a file read into memory)."""
    from textual._xterm_parser import XTermParser

    monkeypatch.setattr(unicodedata, "name", _no_name)
    monkeypatch.setattr(unicodedata, "lookup", _no_lookup)
    events = list(XTermParser().feed("/~ a"))
    assert [event.key for event in events] == ["slash", "tilde", "space", "a"]
    assert [event.character for event in events] == ["/", "~", " ", "a"]
