"""The timeline of received keys and pause work (``stadstafel.tui.timeline``): what a person
types never lands in the file unless asked for by name."""

from __future__ import annotations

from support import drive
from textual import events

from stadstafel.tui import timeline


async def typed_into_search(app, tmp_path, monkeypatch, typed: bool) -> str:
    path = tmp_path / "timeline.txt"
    monkeypatch.setattr(timeline, "_PATH", str(path))
    monkeypatch.setattr(timeline, "_TYPED", typed)
    monkeypatch.setattr(timeline, "_file", None)
    made = app()
    async with made.run_test(size=(80, 24)) as pilot:
        await pilot.press("slash")
        await pilot.pause()
        await pilot.press(*"Geheim7", "space", "backspace", "ctrl+a")
        made.post_message(events.Paste("wachtwoord"))
        await pilot.pause()
    if timeline._file is not None:
        timeline._file.close()
    return path.read_text(encoding="utf-8")


@drive
async def test_the_timeline_names_keys_but_not_what_was_typed(app, tmp_path, monkeypatch):
    text = await typed_into_search(app, tmp_path, monkeypatch, typed=False)
    whats = [line.split("\t")[2] for line in text.splitlines()]
    keys = [w for w in whats if w.startswith("key ") or w == "paste"]
    # / G e h e i m 7 and the space typed; the others named (a key that bubbles to the app
    # from a widget is a line again).
    assert set(keys) == {"key typed", "key backspace", "key ctrl+a", "paste"}
    assert keys.count("key typed") >= 9 and keys.count("paste") == 1
    for secret in ("Geheim", "key G", "key 7", "key space", "key slash", "wachtwoord"):
        assert secret not in text


@drive
async def test_asked_by_name_the_timeline_names_typed_keys(app, tmp_path, monkeypatch):
    text = await typed_into_search(app, tmp_path, monkeypatch, typed=True)
    assert "\tkey G\n" in text and "\tkey 7\n" in text and "key typed" not in text
