"""Memory after use, and every section's opening and switch, from outside on a pty.

``measure_use`` starts the installed ``stadstafel --config …`` and the minimal filter app
(``minimal_app.py filter``, under the same collector policy) each on a pseudo-terminal of
80×24 at Textual's default frame rate, and then uses them as a person would for ``minutes``:

1. a person reads home for ``HOME_SECONDS`` (2 s), then opens every section once, core and
   domain modules alike, reading each for ``READ_SECONDS`` (1 s) before the next key: each
   key timed to the first bytes of the frame that answers it (*first opening*); the
   resident memory (``VmRSS``) of both processes right after the last key, and again after a
   pause of ``REST`` seconds (a person reading: both apps collect garbage and give free heap
   back in pauses). The app builds the sections not opened yet in such pauses
   (``StadstafelApp.prepare_in_pause``), so a first opening after them is a switch;
   ``measure_first_without_pause`` times the same keys pressed one after the other as soon
   as each frame is drawn, in a fresh process (the *no-pause* figure: nothing built in
   advance but what fits between the keys);
2. until ``minutes`` have passed, rounds of: every section again (*switch*, timed the same
   way), the search screen with one of the search words typed a key at a time until its
   results show, closed with Escape, the filter of each domain module's section that has one
   (``MODULE_FILTERS``) with a word typed a key at a time (each key timed until the frame
   shows the word so far), the partners filter with a word typed; the minimal app types the
   same search and partner words between;
3. a pause of ``REST`` seconds, then both processes' resident memory again.

Every figure carries the 1-minute load average beside it (the mean over its keys).
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

from ptykeys import (
    CLEAR,
    HOME_SECONDS,
    PARTNER_WORDS,
    READ_SECONDS,
    SEARCH_DONE,
    SEARCH_WORDS,
    PtyApp,
    _bucket,
    _type_word,
    load,
    percentile,
)

HERE = Path(__file__).resolve().parent
HOME = b"Vergaderingen, komende 4 weken"
ESC = b"\x1b"
# A person reading before memory is read: longer than the 2 s after which both apps collect
# everything and give free heap pages back (checked every 0.25 s), so neither is read halfway.
REST = 3.0
# Domain modules whose section screen has a filter behind a key: (key, words typed in it, a
# key at a time, each timed until the frame shows the word so far, as the core's filters).
MODULE_FILTERS = {
    "omgevingswet": ("f", ["station", "leiden", "wonen"]),
    "regionale-economie": ("f", ["leiden", "regio", "haven"]),
}


def sections(config: Path) -> list[tuple[str, str, str | None]]:
    """(key, English title, plugin or None) of every section the app shows on ``config``:
    the app's own list, built as a start builds it (core first, then the modules')."""
    from stadstafel.start import Context
    from stadstafel.tui.app import StadstafelApp

    ctx = Context(str(config), None, False)
    ws = ctx.workspace()
    try:
        app = StadstafelApp(ws, host=ctx.host)
        return [(s.key, s.title_en, s.plugin) for s in app.sections if s.key]
    finally:
        ws.close()


def _open(app: PtyApp, key: str, into: dict, name: str) -> None:
    shown, _settled, _ = app.key(key.encode(), None)
    bucket = into.setdefault(name, {"shown": [], "load": []})
    bucket["shown"].append(shown)
    bucket["load"].append(load())


def measure_use(config: Path, bin_: Path, minutes: float) -> dict:
    keys = sections(config)
    home = next((k for k, *_ in keys if k == "h"), "h")
    order = [k for k, *_ in keys if k != home] + [home]
    ours = PtyApp([str(bin_), "--config", str(config)])
    minimal = PtyApp([sys.executable, str(HERE / "minimal_app.py"), "filter"])
    first: dict = {}
    switch: dict = {}
    filters = {plugin: _bucket() for _k, _t, plugin in keys if plugin in MODULE_FILTERS}
    try:
        ours.wait_for(HOME)
        minimal.wait_for(b"filter")
        time.sleep(HOME_SECONDS)  # a person reads home: sections are built meanwhile
        for key in order:
            _open(ours, key, first, key)
            time.sleep(READ_SECONDS)  # and reads the section
        rss_busy = (ours.rss_mib(), minimal.rss_mib(), load())
        time.sleep(REST)
        rss_sections = (ours.rss_mib(), minimal.rss_mib(), load())
        deadline = time.monotonic() + minutes * 60
        rounds = 0
        while rounds == 0 or time.monotonic() < deadline:
            use_round(ours, keys, rounds, switch, filters, minimal)
            rounds += 1
        time.sleep(REST)
        rss_end = (ours.rss_mib(), minimal.rss_mib(), load())
    finally:
        ours.close()
        minimal.close()
    return {
        "sections": keys,
        "first": first,
        "first_no_pause": measure_first_without_pause(config, bin_),
        "switch": switch,
        "filters": filters,
        "rounds": rounds,
        "minutes": minutes,
        "rss_busy": rss_busy,
        "rss_sections": rss_sections,
        "rss_end": rss_end,
    }


def use_round(
    ours: PtyApp,
    keys: list[tuple[str, str, str | None]],
    rounds: int,
    switch: dict,
    filters: dict,
    minimal: PtyApp | None = None,
) -> None:
    """One round of use (step 2 of ``measure_use``): every section, the search screen, the
    modules' filters, the partners filter; ``minimal`` (when given) types the same search
    and partner words between. ``rounds``: how many went before (picks the words)."""
    home = next((k for k, *_ in keys if k == "h"), "h")
    order = [k for k, *_ in keys if k != home] + [home]
    filter_keys = {plugin: key for key, _t, plugin in keys if plugin in MODULE_FILTERS}
    for key in order:
        _open(ours, key, switch, key)
    word = SEARCH_WORDS[rounds % len(SEARCH_WORDS)]
    ours.key(b"/", None)
    _type_word(ours, word, _bucket(), SEARCH_DONE)
    ours.key(ESC, None)
    if minimal is not None:
        _type_word(minimal, word, _bucket())
    for plugin in filter_keys:  # the modules' filters, typed as the core's
        focus, words = MODULE_FILTERS[plugin]
        ours.key(filter_keys[plugin].encode(), None)
        ours.key(focus.encode(), None)
        bucket = filters.setdefault(plugin, _bucket())
        _type_word(ours, words[rounds % len(words)], bucket)  # typed, then cleared
        ours.key(ESC, None)  # out of the filter, back to its list, as on partners
    word = PARTNER_WORDS[rounds % len(PARTNER_WORDS)]
    ours.key(b"p", None)
    ours.key(b"f", None)
    _type_word(ours, word, _bucket())
    ours.key(ESC, None)
    ours.key(home.encode(), None)
    if minimal is not None:
        _type_word(minimal, word, _bucket())
        minimal.key(CLEAR, None)


def measure_first_without_pause(config: Path, bin_: Path) -> dict:
    """Every section's first opening in a fresh process with no pause: the first key as soon
    as home is drawn, each next key as soon as the previous frame is (``PtyApp.key`` waits
    for 0.12 s without output)."""
    keys = sections(config)
    home = next((k for k, *_ in keys if k == "h"), "h")
    ours = PtyApp([str(bin_), "--config", str(config)])
    first: dict = {}
    try:
        ours.wait_for(HOME)
        for key in [k for k, *_ in keys if k != home]:
            _open(ours, key, first, key)
    finally:
        ours.close()
    return first


def rows(use: dict) -> list[tuple[str, str, str, str, str, str]]:
    """(figure, ours, minimal, ratio / diff, budget, load) rows for bench.py's table."""
    out = []
    ours, base, at = use["rss_busy"]
    out.append(("RSS right after the last section's key (MiB)", f"{ours:.1f}", f"{base:.1f}",
                f"{ours / base:.2f}", "", f"{at:.2f}"))  # fmt: skip
    ours, base, at = use["rss_sections"]
    out.append((f"RSS after opening every section and {REST:g} s (MiB)", f"{ours:.1f}",
                f"{base:.1f}", f"{ours / base:.2f}", "≤ 1.30", f"{at:.2f}"))  # fmt: skip
    ours, base, at = use["rss_end"]
    label = f"RSS after {use['minutes']:g} min of use, {use['rounds']} rounds (MiB)"
    out.append((label, f"{ours:.1f}", f"{base:.1f}", f"{ours / base:.2f}", "≤ 1.30",
                f"{at:.2f}"))  # fmt: skip
    firsts = [v for b in use["first"].values() for v in b["shown"]]
    loads = [v for b in use["first"].values() for v in b["load"]]
    out.append((f"pty first opening of a section, every section, key→shown median (ms, "
                f"n={len(firsts)}; after {HOME_SECONDS:g} s on home, {READ_SECONDS:g} s a section)",
                f"{statistics.median(firsts) * 1000:.1f}", "", "", "≤ 16",
                f"{statistics.mean(loads):.2f}"))  # fmt: skip
    if use.get("first_no_pause"):
        bucket = use["first_no_pause"]
        values = [v for b in bucket.values() for v in b["shown"]]
        loads = [v for b in bucket.values() for v in b["load"]]
        out.append((f"pty first opening of a section, no pause, key→shown median / max (ms, "
                    f"n={len(values)})", f"{statistics.median(values) * 1000:.1f} / "
                    f"{max(values) * 1000:.1f}", "", "", "",
                    f"{statistics.mean(loads):.2f}"))  # fmt: skip
    for key, title, plugin in use["sections"]:
        if key not in use["first"]:
            continue
        name = f"{plugin}: {title}" if plugin not in (None, "core") else title
        f, s = use["first"][key], use["switch"][key]
        out.append((f"pty {name} ({key}), first opening→shown (ms)",
                    f"{f['shown'][0] * 1000:.1f}", "", "", "", f"{f['load'][0]:.2f}"))  # fmt: skip
        values = s["shown"]
        out.append((f"pty {name} ({key}), switch→shown median / p99 (ms, n={len(values)})",
                    f"{statistics.median(values) * 1000:.1f} / "
                    f"{percentile(values, 99) * 1000:.1f}", "", "", "≤ 16 / ≤ 50",
                    f"{statistics.mean(s['load']):.2f}"))  # fmt: skip
    for plugin, bucket in use["filters"].items():
        values = bucket["shown"]
        if values:
            out.append((f"pty {plugin}: filter, key→shown median / p99 (ms, n={len(values)})",
                        f"{statistics.median(values) * 1000:.1f} / "
                        f"{percentile(values, 99) * 1000:.1f}", "", "", "≤ 16 / ≤ 50",
                        f"{statistics.mean(bucket['load']):.2f}"))  # fmt: skip
    return out
