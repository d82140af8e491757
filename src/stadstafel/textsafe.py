"""User text is data: the one place that decides which characters may be stored and shown.

``neutralise`` is applied at the service boundary (every text field a service cleans) and to
every value printed by the CLI; ``literal`` (in ``stadstafel.tui.text``) escapes Textual markup
on top of it for every place the UI shows user text.
"""

from __future__ import annotations

import re
from typing import Any

# C0 controls except tab and newline, DEL, C1 controls, and the bidirectional overrides and
# isolates that reorder what a reader sees (U+202A-U+202E, U+2066-U+2069).
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
REPLACEMENT = "\ufffd"


# The characters of _CONTROL_RE that ASCII text can hold.
_ASCII_CONTROLS = tuple(map(chr, [*range(0x00, 0x09), *range(0x0B, 0x20), 0x7F]))
# Up to this length a text is looked at by isprintable (one pass, about 5 ns a character);
# a longer ASCII text (a listing's batch, joined) by a search for each control character
# (31 passes of memchr, about 0.3 ns a character).
_SHORT = 1024


def has_control(text: str) -> bool:
    """True when ``text`` holds a character that must never reach a terminal (tab and
    newline aside)."""
    if len(text) > _SHORT and text.isascii():
        return any(map(text.__contains__, _ASCII_CONTROLS))
    # Every character the pattern finds is unprintable (Cc or Cf): printable text, most text,
    # is told in one fast pass.
    return not text.isprintable() and _CONTROL_RE.search(text) is not None


def neutralise(value: object, *, multiline: bool = True) -> str:
    """``value`` as text with every control character replaced by U+FFFD.

    Newline and tab survive when ``multiline`` (a description, minutes); on one line they
    become a space. Carriage returns never survive: a lone CR can overwrite what a terminal
    showed, so CRLF becomes LF and a lone CR a replacement character.
    """
    text = "" if value is None else str(value)
    text = text.replace("\r\n", "\n")
    if not multiline:
        text = text.replace("\n", " ").replace("\t", " ")
    return _CONTROL_RE.sub(REPLACEMENT, text)


# A neutralised escape sequence right before a word: U+FFFD (the ESC or C1 CSI) with the
# sequence's parameters (``[1;31``, or ``31`` after a C1 CSI: then at least one digit, so a
# bell before a word is no sequence) and its final letter, glued to the word after it.
_GLUED_SEQUENCE = re.compile(r"\ufffd(?:(\[(?:\d*;)*)\d*|((?:\d*;)*)\d+)[A-Za-z](?=\w)")


def search_text(text: str | None) -> str | None:
    """``text`` (stored, so neutralised) as the full-text index reads it: the word a person
    sees after a neutralised escape sequence (``\ufffd[31mROOD`` shows ROOD) indexed as
    that word, not glued to the sequence's last parameter and letter (``31mrood``). Those
    two give way to a space, so the text keeps as many words as the index's tokenizer finds
    in the stored text (a search's snippet marks its words by their place). Any other text
    is indexed as it is. The database calls it as ``st_words`` (``store.connect``)."""
    if not text or "\ufffd" not in text:
        return text
    return _GLUED_SEQUENCE.sub(lambda m: f"\ufffd{m[1] or m[2] or ''} ", text)


# A cell that starts with one of these is a formula in a spreadsheet; a tab (or carriage
# return) or a quote in front of it is what keeps it text (OWASP's advice for CSV).
FORMULA_START = ("=", "+", "-", "@")
_FORMULA_GUARDS = ("\t", "\r")


def printable_line(text: str) -> str:
    """Pasted text for a one-line field (a list's filter): every run of white space (line
    breaks and tabs among it) one space, the ends trimmed, and every character that does not
    print (a terminal's control sequences' ESC, say) dropped."""
    return "".join(ch for ch in " ".join(text.split()) if ch.isprintable())


def neutralise_nested(value: Any) -> Any:
    """``value`` (a JSON value: lists and dicts of any depth) with every string in it
    neutralised on one line. JSON keeps a control character as ``\\u001b``, so a string inside
    a list or dict comes back from the database with it: this is where it is taken out."""
    if isinstance(value, str):
        return neutralise(value, multiline=False) if has_control(value) else value
    if isinstance(value, list):
        return [neutralise_nested(v) for v in value]
    if isinstance(value, dict):
        return {k: neutralise_nested(v) for k, v in value.items()}
    return value


def strip_outer(text: str) -> str:
    """``text.strip()``, except that a tab or carriage return right before a formula character
    stays: stripping it would turn ``"\\t=1+1"`` (text) back into ``=1+1`` (a formula). A
    leading quote is never whitespace, so it stays anyway."""
    stripped = text.strip()
    if stripped[:1] in FORMULA_START:
        head = text[: len(text) - len(text.lstrip())]
        if head[-1:] in _FORMULA_GUARDS:
            return head[-1] + stripped
    return stripped


# A cell that a spreadsheet would read as a formula: it starts with one of these (OWASP's list
# for CSV injection), or with quotes before one (so that undoing the quote is exact).
_FORMULA_RE = re.compile(r"^'*[=+\-@\t\r]")
_FORMULA_FIRST = frozenset("'=+-@\t\r")  # what _FORMULA_RE can match first
_NUMBER_RE = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")


def csv_cell(value: object) -> object:
    """``value`` safe to write into a CSV cell that someone opens in a spreadsheet.

    Text is neutralised (no control characters) and a cell that begins with ``=``, ``+``,
    ``-``, ``@``, tab or carriage return gets a single quote in front, as OWASP recommends, so
    ``=HYPERLINK(…)`` stays text. Numbers stay numbers: an int or float is returned as it is,
    and so is text that is one plain number (``-12``, ``+3.5``). ``None`` becomes ``""``.
    ``csv_uncell`` undoes the quote when such a file is read back.
    """
    plain = value.__class__ is str and (not value or value[0] not in _FORMULA_FIRST)
    if plain and not has_control(value):  # most cells: text with nothing to change
        return value
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, (int, float)):
        return value
    if isinstance(value, list):
        value = ", ".join("" if v is None else str(v) for v in value)
    text = neutralise(value)
    if _FORMULA_RE.match(text) and not _NUMBER_RE.match(text):
        return "'" + text
    return text


def csv_uncell(text: str) -> str:
    """The text that ``csv_cell`` was given: drops the quote it put before a formula sign."""
    if text.startswith("'") and _FORMULA_RE.match(text):
        return text[1:]
    return text
