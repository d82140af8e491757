"""``literal``: user text put into Textual markup (the palette's help lines, notifications,
border titles, selection prompts) comes out as it was typed, neutralised, never styled."""

from __future__ import annotations

import pytest
from textual.content import Content

from stadstafel.testing import HOSTILE
from stadstafel.textsafe import neutralise
from stadstafel.tui.text import literal

MIXED = [
    # a bracket that is no tag before one that is: Textual's escape left the first alone, and
    # its markup then showed the backslash that escaped the second ("\[b]vet")
    "Rood\x1b[31m [b]vet",
    "Tafel [2] [b]vet[/b]",
    "[1 [@click=app.quit]x[/]",
    "[[b]x[/b]",
    "a \\[b] b",
    "eindigt op \\",
    "[",
    "]",
]


@pytest.mark.parametrize("value", [*HOSTILE.values(), *MIXED])
def test_user_text_in_markup_is_shown_as_typed(value):
    shown = Content.from_markup(literal(value))
    assert shown.plain == neutralise(value)
    assert not shown.spans  # no style, no link, no action


def test_multiline_text_keeps_its_lines():
    shown = Content.from_markup(literal("een [b]\ntwee [/b]", multiline=True))
    assert shown.plain == "een [b]\ntwee [/b]"
