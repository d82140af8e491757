"""Keystrokes timed from outside: what a person at the terminal sees.

``PtyApp`` runs a program on a pseudo-terminal of 80×24 at Textual's default frame rate and
types into it. A keystroke's time runs from writing its bytes to the terminal until the frame
that shows its effect has arrived: *shown* when the bytes read since the key contain the
expected text (escape sequences removed), *settled* at the last byte before the terminal was
quiet for QUIET seconds. Nothing runs inside the program: no Pilot, no patched methods, the
frame cap and the input parsing as a user has them.

``measure_keys`` drives stadstafel and the minimal filter app (``minimal_app.py filter``)
alike, both started once and warmed, word by word alternated between them, and returns exact
percentiles (nearest rank) with the 1-minute load average taken beside each figure.
"""

from __future__ import annotations

import contextlib
import math
import os
import re
import select
import signal
import statistics
import subprocess
import sys
import time
from pathlib import Path

from ptyrun import spawn

HERE = Path(__file__).resolve().parent
ANSI = re.compile(rb"\x1b(\[[0-9;?<>=]*[ -/]*[@-~]|\][^\x07\x1b]*(\x07|\x1b\\)|[()][0-9A-Za-z]|.)")
QUIET = 0.12  # seconds without output: the program is idle (Textual's cursor blinks at 0.5 s)
CLEAR = b"\x15"  # ctrl+u: Textual's Input deletes everything left of the cursor


def percentile(values: list[float], q: float) -> float:
    """Exact nearest-rank percentile: the smallest value with at least q % at or below it."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(q / 100 * len(ordered)) - 1)]


def load() -> float:
    return os.getloadavg()[0]


class PtyApp:
    def __init__(self, cmd: list[str], *, env: dict | None = None, cols: int = 80, rows: int = 24):
        full_env = {**os.environ, "TERM": "xterm-256color", "COLORTERM": "truecolor"}
        full_env.pop("TEXTUAL_FPS", None)  # Textual's default frame rate, as a user has it
        self.proc, self.master = spawn(cmd, {**full_env, **(env or {})}, cols=cols, rows=rows)
        self.screen = b""  # text seen since the last key, escape sequences removed

    def _read(self, timeout: float) -> bytes:
        ready, _, _ = select.select([self.master], [], [], timeout)
        if not ready:
            return b""
        try:
            return os.read(self.master, 1 << 16)
        except OSError:
            return b""

    def wait_for(self, text: bytes, timeout: float = 60.0) -> float:
        """Seconds until ``text`` appeared in what the program drew."""
        t0 = time.perf_counter()
        seen = b""
        while time.perf_counter() - t0 < timeout:
            seen += ANSI.sub(b"", self._read(0.02))
            if text in seen:
                return time.perf_counter() - t0
        raise RuntimeError(f"never showed {text!r}: {seen[-300:]!r}")

    def idle(self, timeout: float = 10.0) -> None:
        """Read until nothing arrived for QUIET seconds."""
        deadline = time.perf_counter() + timeout
        last = time.perf_counter()
        while time.perf_counter() < deadline:
            if self._read(0.01):
                last = time.perf_counter()
            elif time.perf_counter() - last >= QUIET:
                return

    def key(
        self,
        data: bytes,
        expect: bytes | tuple[bytes, ...] | None,
        *,
        until: tuple[bytes, ...] | None = None,
        timeout: float = 30,
        wait_idle: bool = True,
    ) -> tuple[float, float, float | None]:
        """Write ``data``; (shown, settled, until) seconds: until ``expect`` arrived (the first
        bytes when None), until the last byte before QUIET seconds of silence, and until the
        text ``until`` arrived (None when not asked; reading goes on until it did). A tuple
        ``expect`` is shown when every text of it has arrived (a complete frame). First waits
        until the program is idle, unless ``wait_idle`` is False (the caller waited)."""
        wanted = () if expect is None else (expect,) if isinstance(expect, bytes) else expect
        if wait_idle:
            self.idle()
        t0 = time.perf_counter()
        os.write(self.master, data)
        seen, shown, last, reached = b"", None, t0, None
        while time.perf_counter() - t0 < timeout:
            chunk = self._read(0.002)
            now = time.perf_counter()
            if chunk:
                last = now
                seen += ANSI.sub(b"", chunk)
                if shown is None and all(w in seen for w in wanted):
                    shown = now - t0
                if until is not None and reached is None and any(u in seen for u in until):
                    reached = now - t0
            elif shown is not None and now - last >= QUIET and (until is None or reached):
                return shown, last - t0, reached
        raise RuntimeError(f"{data!r}: never showed {expect!r} within {timeout} s: {seen[-300:]!r}")

    def rss_mib(self) -> float:
        with open(f"/proc/{self.proc.pid}/status") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
        return float("nan")

    def close(self) -> None:
        with contextlib.suppress(OSError):
            os.write(self.master, b"\x11")  # ctrl+q
        try:
            self.proc.wait(5)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait()
        os.close(self.master)


def _type_word(app: PtyApp, word: str, out: dict, done: tuple[bytes, ...] | None = None) -> None:
    """Type ``word`` a key at a time (each key's frame must show the word so far), then, when
    ``done`` is given, time from the last key to that text (a search's results); clear."""
    for i in range(1, len(word) + 1):
        last = i == len(word)
        shown, settled, reached = app.key(
            word[i - 1].encode(), word[:i].encode(), until=done if last else None
        )
        out["shown"].append(shown)
        out["settled"].append(settled)
        out["load"].append(load())
        if reached is not None:
            out["results"].append(reached)
    app.key(CLEAR, None)


def _bucket() -> dict:
    return {"shown": [], "settled": [], "results": [], "load": []}


def summary(bucket: dict) -> dict:
    out = {"n": len(bucket["shown"]), "load": statistics.mean(bucket["load"] or [float("nan")])}
    for kind in ("shown", "settled", "results"):
        values = bucket[kind]
        if values:
            out[kind] = (
                statistics.median(values) * 1000,
                percentile(values, 99) * 1000,
                max(values) * 1000,
            )
    return out


SEARCH_DONE = (b"resultaten", b"resultaat", b"Niets gevonden")  # the status after a query
SEARCH_WORDS = ["bespreking", "woning", "stikstof", "leiden", "monitor", "plancapaciteit"]
# The first openings after a start assume a person who reads home for HOME_SECONDS before the
# first section key and each section for READ_SECONDS before the next: the app builds the
# sections not opened yet in such pauses (StadstafelApp.prepare_in_pause).
HOME_SECONDS = 2.0
READ_SECONDS = 1.0
PARTNER_WORDS = ["wonen", "leiden", "bouw", "groep", "stichting", "utrecht", "advies", "zorg"]


def measure_keys(config: Path, keystrokes: int, bin_: Path) -> dict:
    """stadstafel (search screen, partners filter) against the minimal filter app over a pty,
    word for word alternated; memory after a session that opened every section."""
    ours = PtyApp([str(bin_), "--config", str(config)])
    minimal = PtyApp([sys.executable, str(HERE / "minimal_app.py"), "filter"])
    names = ("search", "burst", "partners", "minimal", "sections")
    results = {name: _bucket() for name in names}
    try:
        ours.wait_for(b"Vergaderingen, komende 4 weken")
        minimal.wait_for(b"filter")
        time.sleep(HOME_SECONDS)  # a person reads home: sections are built meanwhile
        sections = [b"p", b"t", b"v", b"a", b"w", b"h"]
        for key in sections:  # each section's first opening, to its first frame
            time.sleep(READ_SECONDS if key != sections[0] else 0)  # reading the one before
            shown, settled, _ = ours.key(key, None)
            results["sections"]["shown"].append(shown)
            results["sections"]["settled"].append(settled)
            results["sections"]["load"].append(load())
        rss_sections = ours.rss_mib()
        # Warm both: one word each, untimed.
        ours.key(b"/", None)
        _type_word(ours, "warm", _bucket(), None)
        _type_word(minimal, "warm", _bucket(), None)
        typed = 0
        while typed < keystrokes:
            for word in SEARCH_WORDS:
                _type_word(ours, word, results["search"], SEARCH_DONE)
                _type_word(minimal, word, results["minimal"])
                typed += len(word)
        # A burst: each word written at once, as a paste or a fast typist sends it.
        for word in SEARCH_WORDS:
            shown, settled, reached = ours.key(word.encode(), word.encode(), until=SEARCH_DONE)
            burst = results["burst"]
            burst["shown"].append(shown)
            burst["settled"].append(settled)
            burst["results"].append(reached)
            burst["load"].append(load())
            ours.key(CLEAR, None)
        ours.key(b"\x1b", None)  # back from search
        ours.key(b"p", None)
        ours.key(b"f", None)  # the partners filter
        typed = 0
        while typed < keystrokes:
            for word in PARTNER_WORDS:
                _type_word(ours, word, results["partners"])
                _type_word(minimal, word, results["minimal"])
                typed += len(word)
        out = {name: summary(bucket) for name, bucket in results.items()}
        out["rss"] = {
            "after_sections": rss_sections,
            "end": ours.rss_mib(),
            "minimal": minimal.rss_mib(),
            "load": load(),
        }
        return out
    finally:
        ours.close()
        minimal.close()


def _timed(app: PtyApp, bucket: dict, data: bytes, expect, until=None) -> None:
    shown, settled, reached = app.key(data, expect, until=until)
    bucket["shown"].append(shown)
    bucket["settled"].append(settled)
    bucket["load"].append(load())
    if reached is not None:
        bucket["results"].append(reached)


DOWN, ENTER, ESC, PALETTE = b"\x1b[B", b"\r", b"\x1b", b"\x10"  # ctrl+p opens the palette
# What a complete first frame shows (the screen's header or body and its footer), and the
# list that Escape returns to.
TABLE_OPEN = (b"Organisatie", b"Lid toevoegen")  # the members tab's header, the footer
TABLE_LIST = b"Ritme"  # the tables list's header (the record screen has none)
RECORD_OPEN = (b"Agendapunten", b"Telefoon", b"Nieuw")  # a partner: tabs, people, footer
RECORD_LIST = b"Typ om te filteren"  # the partners list's filter
PICKER_OPEN = (b"Welke tafel?", b"alle tafels")  # the meetings' table picker, its first row
PICKER_GONE = b"Status"  # the meetings list's header, under the picker
#: The record screens opened with Enter from a section's list: (name, section key, what its
#: complete first frame shows, what the list shows again after Escape). A meeting's agenda
#: (its items' header, the minutes total, the footer), an action's form over the list (a
#: field, the buttons at the bottom), a woningbouw project (its tab bar, the footer) and an
#: omgevingswet trajectory (its tab bar, its body, the footer's key).
RECORD_SCREENS = [
    ("table", b"t", TABLE_OPEN, TABLE_LIST),
    ("record", b"p", RECORD_OPEN, RECORD_LIST),
    ("meeting", b"v", (b"Herkomst", b"Totaal", b"Secties"), b"Maand/lijst"),
    ("action", b"a", (b"Wat *", b"Opslaan (ctrl+s)", b"Annuleren (Esc)"), b"Enter wijzigen"),
    ("project", b"w", (b"1 Knelpunten", b"2 Faseverloop", b"Terug"), b"Filter op naam"),
    ("trajectory", b"o", (b"1 Traject", b"Fase:", b"Kennisgeving"), b"Filter op titel"),
]
# A word written into the palette at once, and a result that only that word brings.
# (None of them in the list the palette opens with: a line drawn there already is not sent.)
PALETTE_WORDS = [
    (b"voortgang", b"Woningbouw: voortgang"),
    (b"stilgevallen", b"stilgevallen projecten"),
    (b"hoog-contrast", b"Thema: hoog-contrast"),
    (b"importeer", b"importeer CSV"),
]


#: Openings timed per figure by ``bench/run`` (``--quick``: 3). Twelve moved a median by 3-9 ms
#: between two runs minutes apart on a quiet machine (docs/benchmarks.md, "Eighth round").
OPENING_ROUNDS = 24


def measure_openings(config: Path, rounds: int, bin_: Path) -> dict:
    """Opening each record screen of ``RECORD_SCREENS`` from its section's list (a different
    row each round), the meetings' table picker, the palette's results for a word, and
    Escape back (key→shown: the list it returns to; "escape" from a table, a partner and
    the picker, "escape more" from the other record screens).

    The order, the same for every screen: after 2 s on home, one untimed opening of each
    (the first use of a screen in a process: its code's first run, its styles' first
    matching; timed apart as "first"), then ``rounds`` rounds, each opening every screen
    once in turn (its section's key, Down to a row not opened before, Enter, Escape): a
    stretch of load, a collection or the app's timers land on every screen alike rather
    than on the one whose block they fall in."""
    ours = PtyApp([str(bin_), "--config", str(config)])
    names = (*(name for name, *_rest in RECORD_SCREENS), "picker", "palette", "escape")
    names += ("escape more", "first")
    results = {name: _bucket() for name in names}

    def record_screen(name: str, section: bytes, shown, back, bucket: dict) -> None:
        ours.key(section, None)
        ours.key(DOWN, None)  # a row not opened before
        _timed(ours, bucket, ENTER, shown)
        # Escape from a table, a partner and the picker, as measured since the fifth
        # round; from the record screens added in the sixth in a figure of their own
        escape = results["escape" if name in ("table", "record") else "escape more"]
        _timed(ours, escape if bucket is results[name] else _bucket(), ESC, back)

    def picker(bucket: dict) -> None:
        ours.key(b"v", None)
        _timed(ours, bucket, b"f", PICKER_OPEN)
        _timed(ours, results["escape"] if bucket is results["picker"] else _bucket(), ESC,
               PICKER_GONE)  # fmt: skip

    def palette(i: int, bucket: dict) -> None:
        word, result = PALETTE_WORDS[i % len(PALETTE_WORDS)]
        ours.key(PALETTE, b"Zoek een opdracht")  # its search line, in Dutch
        _timed(ours, bucket, word, word, until=(result,))
        ours.key(ESC, None)

    try:
        ours.wait_for(b"Vergaderingen, komende 4 weken")
        time.sleep(2.0)
        for name, section, shown, back in RECORD_SCREENS:  # the first of each: apart
            record_screen(name, section, shown, back, results["first"])
        picker(results["first"])
        palette(0, _bucket())
        for i in range(rounds):
            for name, section, shown, back in RECORD_SCREENS:
                record_screen(name, section, shown, back, results[name])
            picker(results["picker"])
            palette(i, results["palette"])
        return {name: summary(bucket) for name, bucket in results.items()}
    finally:
        ours.close()


#: (part of measure_openings, what is timed, budget)
OPENINGS = [
    ("table", "open a table (Tables → Enter), key→complete frame", "≤ 32"),
    ("record", "open a partner (Partners → Enter), key→complete frame", "≤ 32"),
    ("meeting", "open a meeting's agenda (Meetings → Enter), key→complete frame", "≤ 32"),
    ("action", "open an action's form (Actions → Enter), key→complete frame", "≤ 32"),
    ("project", "open a woningbouw project (Woningbouw → Enter), key→complete frame", "≤ 32"),
    ("trajectory", "open an omgevingswet trajectory (Enter), key→complete frame", "≤ 32"),
    ("picker", "meetings' table picker (f), key→complete frame", "≤ 32"),
    ("palette", "palette, a word→its results", "≤ 50"),
    ("escape", "Escape back to the list, key→shown", "≤ 16"),
    ("escape more", "Escape back from a meeting, action, project, trajectory", "≤ 16"),
    ("first", "first opening of each of the above in the process, key→complete frame", ""),
]


def opening_rows(k: dict) -> list[tuple[str, str, str, str, str, str]]:
    """Rows (figure, ours, minimal, diff, budget, load) of ``measure_openings``: the median
    with its budget, then p99 (exact nearest rank: the largest of fewer than 100)."""
    rows = []
    for name, label, budget in OPENINGS:
        fig = k[name]
        kind = "results" if name == "palette" else "shown"
        median, p99, _ = fig[kind]
        load_ = f"{fig['load']:.2f}"
        rows.append(
            (f"pty {label} median (ms, n={fig['n']})", f"{median:.1f}", "", "", budget, load_)
        )
        rows.append((f"pty {label} p99 (ms)", f"{p99:.1f}", "", "", "", load_))
    return rows
