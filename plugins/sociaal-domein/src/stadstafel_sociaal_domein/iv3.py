"""The Iv3 taakvelden of the sociaal domein (BBV, programma 6), as data with their source.

Measures and initiatives are tagged with one of these codes. The sub-taakvelden (``6.71a``
and so on) are a municipality's own refinement and are accepted as long as they start with
one of the codes below.
"""

from __future__ import annotations

SOURCE = (
    "Iv3/BBV taakvelden sociaal domein, as listed in Hoeksche Waard, Begroting 2023,"
    " Programma 6 (https://begroting.gemeentehw.nl/2023/programmaplannen/"
    "programma-6-sociaal-domein); collected 2026-11-23."
)

TAAKVELDEN: list[tuple[str, str]] = [
    ("6.1", "Samenkracht en burgerparticipatie"),
    ("6.2", "Toegang en eerstelijnsvoorzieningen"),
    ("6.3", "Inkomensregelingen"),
    ("6.4", "WSW en beschut werk"),
    ("6.5", "Arbeidsparticipatie"),
    ("6.6", "Maatwerkvoorzieningen (Wmo)"),
    ("6.71", "Maatwerkdienstverlening 18+"),
    ("6.72", "Maatwerkdienstverlening 18-"),
    ("6.81", "Geëscaleerde zorg 18+"),
    ("6.82", "Geëscaleerde zorg 18-"),
]

NAMES = dict(TAAKVELDEN)


def main_code(code: str) -> str | None:
    """The taakveld a code belongs to: ``6.71a`` → ``6.71``; None when it is none of them."""
    code = (code or "").strip().lower()
    if code in NAMES:
        return code
    stem = code.rstrip("abcdefghijklmnopqrstuvwxyz")
    return stem if stem in NAMES and len(code) - len(stem) == 1 else None


def label(code: str | None) -> str:
    main = main_code(code or "")
    return f"{code} {NAMES[main]}" if main else (code or "")
