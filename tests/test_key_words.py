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


@pytest.mark.parametrize(("english", "dutch"), [("Edit", "Wijzig"), ("Import", "Importeer")])
def test_a_key_that_does_the_same_is_called_the_same_everywhere(english, dutch):
    keys = every_key()
    assert any(key.startswith("regionale-economie.") for key in keys)  # plugins' screens too
    called = defaultdict(list)
    for key, (nl, en) in keys.items():
        if en == english:
            called[nl].append(key)
    assert len(called[dutch]) >= 2 and set(called) == {dutch}, dict(called)
