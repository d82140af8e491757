"""Click's usage errors and the core's error prefix in the configured language: Dutch with
``language = "nl"``, English with ``"en"``; always one line, exit 2 (a refusal: exit 1)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

BIN = Path(sys.executable).parent / "stadstafel"


@pytest.fixture
def stadstafel(tmp_path):
    def run(language: str, *args: str) -> subprocess.CompletedProcess:
        config = tmp_path / f"{language}.toml"
        config.write_text(
            f'[workspace]\nname = "x"\ndatabase = "{tmp_path / "ws.db"}"\ncreate = true\n'
            f'[ui]\nlanguage = "{language}"\n',
            encoding="utf-8",
        )
        env = {**os.environ, "XDG_CONFIG_HOME": str(tmp_path / "xdg")}
        env.pop("STADSTAFEL_CONFIG", None)
        return subprocess.run(
            [str(BIN), "--config", str(config), *args],
            capture_output=True,
            text=True,
            env=env,
            timeout=120,
        )

    return run


CASES = [
    (
        ["actions", "list", "--bogus"],
        "Fout: Onbekende optie '--bogus'. Zie 'stadstafel actions list --help'.",
        "Error: No such option '--bogus'. Try 'stadstafel actions list --help' for help.",
    ),
    (
        ["bogus"],
        "Fout: Onbekende opdracht 'bogus'. Zie 'stadstafel --help'.",
        "Error: No such command 'bogus'. Try 'stadstafel --help' for help.",
    ),
    (
        ["plugin", "new"],
        "Fout: Argument ontbreekt 'NAME'. Zie 'stadstafel plugin new --help'.",
        "Error: Missing argument 'NAME'. Try 'stadstafel plugin new --help' for help.",
    ),
    (
        ["actions", "list", "--format", "xml"],
        "Fout: Ongeldige waarde voor '--format': 'xml' is niet een van 'table', 'json', 'csv'."
        " Zie 'stadstafel actions list --help'.",
        "Error: Invalid value for '--format': 'xml' is not one of 'table', 'json', 'csv'."
        " Try 'stadstafel actions list --help' for help.",
    ),
]


@pytest.mark.parametrize(("args", "dutch", "english"), CASES, ids=lambda v: str(v)[:30])
def test_a_usage_error_is_one_line_in_the_configured_language(stadstafel, args, dutch, english):
    for language, expected in (("nl", dutch), ("en", english)):
        out = stadstafel(language, *args)
        assert out.returncode == 2 and not out.stdout
        assert out.stderr == expected + "\n"


def test_the_cores_error_prefix_follows_the_language(stadstafel):
    dutch = stadstafel("nl", "agenda", "show", "99999")
    assert dutch.returncode == 1 and dutch.stderr.startswith("Fout: ")
    english = stadstafel("en", "agenda", "show", "99999")
    assert english.returncode == 1 and english.stderr.count("\n") == 1
    assert english.stderr.startswith("Error: ")


HELP_WORDS = {
    "nl": ("Gebruik: stadstafel", "Opties:", "Toon deze hulp en stop."),
    "en": ("Usage: stadstafel", "Options:", "Show this message and exit."),
}


@pytest.mark.parametrize(
    "args",
    [["--help"], ["partners", "list", "--help"], ["actions", "-h"], ["woningbouw", "--help"]],
    ids=lambda v: " ".join(v),
)
def test_clicks_own_words_on_a_help_page_follow_the_language(stadstafel, args):
    """The headings click prints itself, for the core's commands and a plugin's alike."""
    for language, other in (("nl", "en"), ("en", "nl")):
        out = stadstafel(language, *args)
        assert out.returncode == 0, out.stderr
        assert out.stdout.startswith(HELP_WORDS[language][0])
        for word in HELP_WORDS[language]:
            assert word in out.stdout
        for word in HELP_WORDS[other]:
            assert word not in out.stdout
        groups = args[-2:] != ["list", "--help"]
        assert (("Opdrachten:" if language == "nl" else "Commands:") in out.stdout) == groups


def test_the_root_help_words_the_version_option_in_the_language(stadstafel):
    assert "--version      Toon de versie en stop." in stadstafel("nl", "--help").stdout
    assert "--version      Show the version and exit." in stadstafel("en", "--help").stdout
    # the version itself has no words
    assert stadstafel("nl", "--version").stdout == stadstafel("en", "--version").stdout
