"""The visual themes: ``stadstafel`` (default), ``leiden`` (red and white), ``hoog-contrast``.

Every theme must read well when the terminal has only 256 or 16 colours (``COLORTERM`` is not
forwarded over SSH): strong contrast between text and background, and no meaning carried by
colour alone - screens mark late or overdue things with text ("!", "te laat").

The plugin host may hand over more themes (``host.themes()``); a plugin that registers a
theme under a name already taken is a start-up error naming both plugins.
``stadstafel.builtin`` (the core plugin) registers these same objects, so there is one
definition.
"""

from __future__ import annotations

from textual.theme import Theme

DEFAULT_THEME = "stadstafel"

STADSTAFEL = Theme(
    name="stadstafel",
    primary="#1F5F9E",
    secondary="#4A8FC7",
    accent="#F0B323",
    warning="#F0B323",
    error="#E8505B",
    success="#4CAF6A",
    foreground="#E9EEF2",
    background="#10161C",
    surface="#18222B",
    panel="#22313D",
    dark=True,
    variables={
        "footer-key-foreground": "#F0B323",
        "block-cursor-background": "#1F5F9E",
        "block-cursor-foreground": "#FFFFFF",
        "block-cursor-text-style": "bold",
    },
)

LEIDEN = Theme(
    name="leiden",
    primary="#E2001A",
    secondary="#9E0013",
    accent="#9E0013",
    warning="#A65300",
    error="#B00016",
    success="#1D6B30",
    foreground="#1A1A1A",
    background="#FFFFFF",
    surface="#F6F6F6",
    panel="#FBE3E6",
    dark=False,
    variables={
        "footer-key-foreground": "#E2001A",
        "footer-background": "#F6F6F6",
        "block-cursor-background": "#E2001A",
        "block-cursor-foreground": "#FFFFFF",
        "block-cursor-text-style": "bold",
        "input-selection-background": "#E2001A 30%",
    },
)

HOOG_CONTRAST = Theme(
    name="hoog-contrast",
    primary="#FFFF00",
    secondary="#00FFFF",
    accent="#FFFF00",
    warning="#FFFF00",
    error="#FF5555",
    success="#55FF55",
    foreground="#FFFFFF",
    background="#000000",
    surface="#000000",
    panel="#1C1C1C",
    dark=True,
    luminosity_spread=0.05,
    text_alpha=1.0,
    variables={
        "footer-key-foreground": "#FFFF00",
        "footer-background": "#000000",
        "footer-description-foreground": "#FFFFFF",
        "block-cursor-background": "#FFFF00",
        "block-cursor-foreground": "#000000",
        "block-cursor-text-style": "bold",
        "text-muted": "#FFFFFF",
        "border": "#FFFFFF",
    },
)

CORE_THEMES: list[Theme] = [STADSTAFEL, LEIDEN, HOOG_CONTRAST]

# With 16 colours or none (``TERM=xterm-16color`` without ``COLORTERM``, ``NO_COLOR``,
# ``TERM=dumb``) the terminal maps each colour to the nearest of its 16: the cursor row's
# blue and the table header's panel both became grey, and the cursor row differed from the
# header only by bold. There the cursor row is shown in reverse video (whatever the theme's
# colours become, it stands out) and a table's cursor without focus is underlined, so focus
# is visible as well. ``StadstafelApp.get_css_variables`` applies these in every theme.
FEW_COLOUR_VARIABLES: dict[str, str] = {
    "block-cursor-text-style": "bold reverse",
    "block-cursor-blurred-text-style": "underline",
}
FEW_COLOUR_SYSTEMS = (None, "standard", "windows")  # rich's names; None: no colour at all


def core_themes() -> list[Theme]:
    """The three core themes."""
    return list(CORE_THEMES)


def derive_theme(base: Theme | str, name: str, **changes) -> Theme:
    """A new theme ``name`` made from ``base`` (a Theme or a core theme's name) with
    ``changes`` (``primary="#2E7D5B"``, ``variables={...}`` added to the base's)."""
    import dataclasses

    if isinstance(base, str):
        found = next((t for t in CORE_THEMES if t.name == base), None)
        if found is None:
            raise ValueError(f"er is geen kernthema '{base}'")
        base = found
    variables = {**(base.variables or {}), **changes.pop("variables", {})}
    return dataclasses.replace(base, name=name, variables=variables, **changes)
