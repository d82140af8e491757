"""UI text in Dutch (default) and English: write both at the place of use.

    from stadstafel.tui.text import L
    title = L("Vergaderingen", "Meetings")
"""

from __future__ import annotations

from stadstafel import i18n


def L(nl: str, en: str) -> str:
    """The Dutch or English text, by the workspace's language."""
    return en if i18n.language() == "en" else nl
