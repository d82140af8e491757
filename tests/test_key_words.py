"""One word for one key: a key that does the same thing on every screen, core or plugin, is
called the same in the footer, in Dutch and in English."""

from __future__ import annotations

import importlib
import pkgutil
from collections import defaultdict
from pathlib import Path

import pytest

from stadstafel.tui.widgets.base import DUTCH, ENGLISH

ROOT = Path(__file__).resolve().parents[1]
# The screens that declare keys: the core's and each plugin's.
PACKAGES = ["stadstafel.tui.screens"] + [
    src.name for src in sorted(ROOT.glob("plugins/*/src/stadstafel_*")) if src.is_dir()
]


def every_key() -> dict[str, tuple[str, str]]:
    """{binding id: (Dutch, English)} of every key of every screen."""
    for name in PACKAGES:
        try:
            package = importlib.import_module(name)
        except ImportError:  # a plugin not installed in this environment
            continue
        for module in pkgutil.walk_packages(package.__path__, f"{name}."):
            importlib.import_module(module.name)
    return {key: (DUTCH[key], ENGLISH[key]) for key in DUTCH}


def words_of(keys: dict[str, tuple[str, str]], side: int) -> dict[str, dict[str, list[str]]]:
    """{a word on one side: {its word on the other side: [binding ids]}}."""
    words: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for key, pair in keys.items():
        words[pair[side]][pair[1 - side]].append(key)
    return words


@pytest.mark.parametrize(("side", "language"), [(1, "English"), (0, "Dutch")])
def test_every_key_word_has_one_word_in_the_other_language(side, language):
    """On every screen, core and plugins: a word of the footer in one language is one word in
    the other (Export is not "Exporteren" here and "Exporteer" there; "History" is not the
    log on one screen and a project's phases on another)."""
    keys = every_key()
    assert any(key.startswith("regionale-economie.") for key in keys)  # plugins' screens too
    mixed = {
        word: {other: ids for other, ids in others.items()}
        for word, others in words_of(keys, side).items()
        if len(others) > 1
    }
    assert not mixed, f"{language} words called two ways in the other language: {mixed}"


@pytest.mark.parametrize(
    ("english", "dutch"),
    [("Edit", "Wijzig"), ("Import", "Importeer"), ("Export", "Exporteren"), ("History", "Logboek")],
)
def test_a_key_that_does_the_same_is_called_the_same_everywhere(english, dutch):
    called = words_of(every_key(), 1)[english]
    assert len(called[dutch]) >= 2 and set(called) == {dutch}, dict(called)
