"""UI text in Dutch (default) and English: write both at the place of use; and user text,
always shown literally.

    from stadstafel.tui.text import L, literal
    title = L("Vergaderingen", "Meetings")
    app.notify(L("Opgeslagen: {name}", "Saved: {name}").format(name=literal(rec.name)))
"""

from __future__ import annotations

from textual.markup import escape

from stadstafel import i18n
from stadstafel.textsafe import neutralise


def L(nl: str, en: str) -> str:
    """The Dutch or English text, by the workspace's language."""
    return en if i18n.language() == "en" else nl


def literal(value: object, *, multiline: bool = False) -> str:
    """User text made safe to put into any Textual markup string (notifications, palette,
    labels): control characters neutralised and markup escaped, so ``[b]`` or
    ``[@click=…]`` is shown as typed and never interpreted."""
    return escape(neutralise(value, multiline=multiline))
