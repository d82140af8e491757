"""A paste arrives as typed (``textual_private.PasteGuard`` before Textual's parser): an ESC
in pasted text is neutralised, never the start of keys acted upon, and nothing of the paste
is lost or moved, however the terminal's reads cut it."""

from __future__ import annotations

import pytest
from textual import events
from textual._xterm_parser import XTermParser

from stadstafel.tui.textual_private import PasteGuard

PASTED = "a\x1bqb\x1b[31mrood\x1b[0m\x1b\x1b[201c\x1b[20zeind\x07\x9b2J\u202eL\r\n\tx"
SHOWN = (
    "a\ufffdqb\ufffd[31mrood\ufffd[0m\ufffd\ufffd[201c\ufffd[20zeind\ufffd\ufffd2J\ufffdL\r\n\tx"
)
SENT = "x\x1b[200~" + PASTED + "\x1b[201~y\x1b[A"


def received(chunks: list[str], guard=None) -> list[tuple[str, str]]:
    parser = XTermParser()
    out = []
    for chunk in chunks:
        chunk = guard(chunk) if guard else chunk
        for event in parser.feed(chunk) if chunk else ():  # as the driver feeds it
            if isinstance(event, events.Paste):
                out.append(("paste", event.text))
            elif isinstance(event, events.Key):
                out.append(("key", event.key))
    return out


EXPECTED = [
    ("key", "x"),
    ("paste", SHOWN),  # control characters neutralised, line breaks and tabs kept
    ("key", "y"),
    ("key", "up"),
]


@pytest.mark.parametrize("cut", [None, *range(1, len(SENT))])
def test_a_paste_with_escs_arrives_whole_and_in_order(cut):
    chunks = [SENT] if cut is None else [SENT[:cut], SENT[cut:]]
    assert received(chunks, PasteGuard()) == EXPECTED


def test_read_a_character_at_a_time_too():
    assert received(list(SENT), PasteGuard()) == EXPECTED


def test_without_the_guard_pasted_text_became_keys():
    got = received([SENT])
    assert got != EXPECTED and ("key", "q") in got  # a pasted ESC q: the quit key


def test_outside_a_paste_nothing_is_held_back():
    guard = PasteGuard()
    assert guard("\x1b") == "\x1b"  # a lone Escape goes on at once
    assert guard("[200") == "[200"
    assert guard("~\x1bz\x1b[201") == "~\ufffdz"  # a paste began across the reads
    assert guard("~\x1b") == "\x1b[201~\x1b"


def test_the_terminal_driver_reads_pastes_through_the_guard():
    """The command's own driver (``quick_escape_driver``), reading a terminal's bytes."""
    import os
    import threading
    import time
    from types import SimpleNamespace

    from stadstafel.tui.textual_private import quick_escape_driver

    driver = quick_escape_driver()
    read, write = os.pipe()
    got: list = []
    fake = SimpleNamespace(
        fileno=read, exit_event=threading.Event(), _debug=False, process_message=got.append
    )
    thread = threading.Thread(target=driver.run_input_thread, args=(fake,))
    thread.start()
    try:
        for part in (SENT[:9], SENT[9:30], SENT[30:]):
            os.write(write, part.encode())
            time.sleep(0.01)
        deadline = time.monotonic() + 10
        while len(got) < len(EXPECTED) and time.monotonic() < deadline:
            time.sleep(0.01)
    finally:
        fake.exit_event.set()
        thread.join(10)
        os.close(write)
        os.close(read)
    kinds = [
        ("paste", e.text) if isinstance(e, events.Paste) else ("key", e.key)
        for e in got
        if isinstance(e, (events.Paste, events.Key))
    ]
    assert kinds == EXPECTED


@pytest.mark.parametrize(
    "chosen",
    [
        "textual.drivers.web_driver:WebDriver",  # the browser (textual-serve sets it)
        "textual.drivers.linux_driver:LinuxDriver",
        "textual.drivers.linux_inline_driver:LinuxInlineDriver",
    ],
)
def test_a_driver_chosen_in_textual_driver_reads_pastes_through_the_guard_too(monkeypatch, chosen):
    """With TEXTUAL_DRIVER set (the browser's path among them) the app reads with that
    driver, not the command's own: its parser, too, gets a paste as typed."""
    import sys

    from textual import constants

    from stadstafel.tui.textual_private import QuickEscapeApp

    monkeypatch.setattr(constants, "DRIVER", chosen)
    driver = QuickEscapeApp().get_driver_class()
    assert f"{driver.__module__}:{driver.__name__}" == chosen
    parser = sys.modules[driver.__module__].XTermParser()  # what its input thread makes
    out = []
    for chunk in (SENT[:9], SENT[9:30], SENT[30:]):
        for event in parser.feed(chunk):
            if isinstance(event, events.Paste):
                out.append(("paste", event.text))
            elif isinstance(event, events.Key):
                out.append(("key", event.key))
    assert out == EXPECTED


def test_an_escape_key_and_text_typed_after_it_like_a_marker_are_no_paste():
    """Escape pressed (handed on as a key once its wait for more ended), then ``[200~``
    typed: no paste began, so what follows is read as keys, an ESC as Escape (the guard had
    read the two as a paste's start marker across the reads and neutralised every ESC after
    it: no Escape key, arrows typed as text)."""
    from stadstafel.tui.textual_private import guarded_parser

    parser = guarded_parser()()
    got = list(parser.feed("\x1b"))
    parser._timeout_time = 0.0  # the wait for the sequence's next byte is over
    got += parser.tick()
    for typed in [*"[200~ab", "\x1b[A"]:
        got += parser.feed(typed)
    keys = [e.key for e in got if isinstance(e, events.Key)]
    assert not any(isinstance(e, events.Paste) for e in got)
    assert keys[0] == "escape" and keys[-1] == "up", keys
    assert not any("\ufffd" in (e.character or "") for e in got if isinstance(e, events.Key))


def test_the_windows_driver_reads_pastes_through_the_guard_too(monkeypatch):
    """Textual's Windows driver (bracketed paste on) reads the console in another module's
    input loop (``textual.drivers.win32.EventMonitor``), which makes the parser: that one is
    guarded. The driver cannot be imported here (it needs Windows' ``msvcrt``), so its two
    modules are stood in for, with the names Textual's have; the guard is the one above."""
    import sys
    import types

    from stadstafel.tui.textual_private import guard_pastes, guarded_parser

    win32 = types.ModuleType("textual.drivers.win32")
    win32.XTermParser = XTermParser  # as ``from textual._xterm_parser import XTermParser``
    driver_module = types.ModuleType("textual.drivers.windows_driver")
    driver_module.win32 = win32  # as ``from textual.drivers import win32``
    monkeypatch.setitem(sys.modules, win32.__name__, win32)
    monkeypatch.setitem(sys.modules, driver_module.__name__, driver_module)
    windows_driver = type("WindowsDriver", (), {"__module__": driver_module.__name__})
    assert guard_pastes(windows_driver) is windows_driver
    assert win32.XTermParser is guarded_parser()
