"""TOML parsed at every start, kept from the last one (``stadstafel.kept.parse_toml``): the
same values as ``tomllib``, without it once a text was parsed, and never a stale value."""

from __future__ import annotations

import tomllib

import pytest

from stadstafel import kept, parse_toml

TEXT = '[workspace]\nname = "Leiden"\nsize = 3\n[[users]]\nname = "a"\nroles = ["x", "y"]\n'


@pytest.fixture
def fresh(tmp_path, monkeypatch):
    """A cache folder of its own; ``restart()`` forgets what this process read (a new start)."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.setattr(kept, "_toml", None)

    def restart():
        monkeypatch.setattr(kept, "_toml", None)

    return restart


def _no_tomllib(monkeypatch):
    def refuse(text, **kwargs):
        raise AssertionError("parsed again")

    monkeypatch.setattr(tomllib, "loads", refuse)


def test_a_text_parsed_once_is_read_from_the_kept_file_by_the_next_start(fresh, monkeypatch):
    first = parse_toml(TEXT)
    assert first == tomllib.loads(TEXT)
    fresh()
    _no_tomllib(monkeypatch)
    assert parse_toml(TEXT) == first


def test_an_edited_text_is_parsed_again(fresh):
    parse_toml(TEXT)
    fresh()
    edited = TEXT.replace("size = 3", "size = 4")
    assert parse_toml(edited)["workspace"]["size"] == 4


def test_every_call_returns_values_of_its_own(fresh):
    parse_toml(TEXT)["workspace"]["name"] = "changed"
    assert parse_toml(TEXT)["workspace"]["name"] == "Leiden"
    fresh()
    parse_toml(TEXT)["users"][0]["roles"].append("z")
    assert parse_toml(TEXT)["users"][0]["roles"] == ["x", "y"]


def test_dates_are_parsed_every_time_and_stay_dates(fresh, monkeypatch):
    text = "day = 2026-12-07\nwhen = 2026-12-07T09:00:00\n"
    value = parse_toml(text)
    assert value == tomllib.loads(text)
    fresh()
    calls = []
    loads = tomllib.loads
    monkeypatch.setattr(tomllib, "loads", lambda t, **k: calls.append(t) or loads(t, **k))
    assert parse_toml(text) == value
    assert calls == [text]


def test_invalid_toml_raises_as_tomllib_does_and_is_not_kept(fresh):
    with pytest.raises(tomllib.TOMLDecodeError):
        parse_toml("name = \n")
    fresh()
    with pytest.raises(tomllib.TOMLDecodeError):
        parse_toml("name = \n")


@pytest.mark.parametrize("garbage", [b"", b"\x00\x01garbage", b"\xe3" * 40])
def test_a_broken_kept_file_is_parsed_past_and_written_again(fresh, monkeypatch, garbage):
    parse_toml(TEXT)
    path = kept.kept_file(kept.TOML_FILE)
    path.write_bytes(garbage)
    fresh()
    expected = tomllib.loads(TEXT)
    assert parse_toml(TEXT) == expected
    fresh()
    _no_tomllib(monkeypatch)  # written again: the next start reads it
    assert parse_toml(TEXT) == expected


def test_a_kept_file_of_another_shape_is_ignored(fresh, monkeypatch):
    import marshal

    parse_toml(TEXT)
    path = kept.kept_file(kept.TOML_FILE)
    path.write_bytes(marshal.dumps((("toml", 0, (2, 7)), {TEXT: marshal.dumps({"x": 1})})))
    fresh()
    assert parse_toml(TEXT) == tomllib.loads(TEXT)


def test_a_kept_file_others_may_write_is_not_read(fresh, monkeypatch):
    parse_toml(TEXT)
    path = kept.kept_file(kept.TOML_FILE)
    path.chmod(0o666)
    fresh()
    calls = []
    loads = tomllib.loads
    monkeypatch.setattr(tomllib, "loads", lambda t, **k: calls.append(t) or loads(t, **k))
    assert parse_toml(TEXT) == loads(TEXT)
    assert calls == [TEXT]


def test_at_most_toml_kept_texts_are_kept(fresh, monkeypatch):
    monkeypatch.setattr(kept, "TOML_KEPT", 3)
    texts = [f"n = {i}\n" for i in range(5)]
    for text in texts:
        parse_toml(text)
    fresh()
    assert set(kept._read_toml()) == set(texts[2:])


def test_forgotten_texts_are_read_again_from_the_kept_file(fresh, monkeypatch):
    """``forget_toml`` (the terminal UI's pause) lets go of the texts held; the next call reads
    the kept file again and still needs no parse."""
    first = parse_toml(TEXT)
    assert kept._toml
    kept.forget_toml()
    assert kept._toml is None
    _no_tomllib(monkeypatch)
    assert parse_toml(TEXT) == first


def test_forgotten_while_another_thread_parses(fresh, monkeypatch):
    """``forget_toml`` runs on the UI thread in a pause while another thread may be parsing
    (the home cards' thread, a module's rules read on first use): the parse finishes with its
    value and keeps it, not an error on a texts table that went away under it."""
    parse = tomllib.loads

    def parse_while_forgotten(text, **kwargs):
        kept.forget_toml()  # the UI thread's pause, between the look-up and the keeping
        return parse(text, **kwargs)

    monkeypatch.setattr(tomllib, "loads", parse_while_forgotten)
    assert parse_toml(TEXT) == parse(TEXT)
    fresh()
    _no_tomllib(monkeypatch)
    assert parse_toml(TEXT) == parse(TEXT)  # kept in the file all the same
