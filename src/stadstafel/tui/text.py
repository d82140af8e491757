"""UI text in Dutch (default) and English: write both at the place of use; and user text,
always shown literally.

    from stadstafel.tui.text import L, literal, plain
    title = L("Vergaderingen", "Meetings")
    app.notify(L("Opgeslagen: {name}", "Saved: {name}").format(name=literal(rec.name)))
    Static(plain(rec.name), markup=False)      # where markup is off: no escaping, no controls

``literal`` goes into anything Textual reads as markup (notifications, the palette, a
Static or Label with markup on, a Select's or OptionList's prompts, border titles, tab
labels); ``plain`` into anything shown as it is (markup=False, rich ``Text``, DataTable cells
given as ``Text``, screen titles, an Input's value).
"""

from __future__ import annotations

from stadstafel import i18n
from stadstafel.textsafe import neutralise


def L(nl: str, en: str) -> str:
    """The Dutch or English text, by the workspace's language."""
    return en if i18n.language() == "en" else nl


def plain(value: object, *, multiline: bool = False) -> str:
    """User text for a place that shows text as it is (no markup): control characters
    neutralised; on one line unless ``multiline``."""
    return neutralise(value, multiline=multiline)


def literal(value: object, *, multiline: bool = False) -> str:
    """User text made safe to put into any Textual markup string (notifications, palette,
    labels): control characters neutralised and markup escaped, so ``[b]`` or
    ``[@click=…]`` is shown as typed and never interpreted.

    Every ``[`` is escaped, not only those that look like a tag (Textual's ``escape``): after
    a bracket left alone (``"[31m [b]"``, a neutralised escape sequence) Textual's markup
    showed the backslash that escaped the next tag. A backslash is never an escape itself."""
    return neutralise(value, multiline=multiline).replace("[", "\\[")
