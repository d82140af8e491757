"""The series definitions (``definitions.toml``), apart from the services that use them: the
``register_topics`` hook offers them as goal indicators at every start, without importing
``economie`` and ``service``."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from stadstafel import parse_toml


@cache
def definitions() -> dict[str, dict]:
    """The definitions with their measure, label, source and peildatum rule (data, not code)."""
    # beside this module, not through importlib.resources: that import (with zipfile) is
    # 0.4 MiB that would stay in every session's memory for one file
    text = Path(__file__).with_name("definitions.toml").read_text("utf-8")
    return parse_toml(text)["definitions"]  # at every start: kept from the last one
