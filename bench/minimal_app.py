"""The yardsticks: minimal Textual apps that do the least an app of this kind must do.

``MinimalApp`` (Header, DataTable, Footer with a few rows) is what start-up and memory are
compared with. ``MinimalFilterApp`` (an Input above a DataTable of 10,000 rows kept in memory,
showing the first 50 that contain what was typed, as a page of ours holds 50) is what keystroke
latency is compared with: the same Pilot loop drives both, so its figure is the harness's own
cost plus the least work a filter-as-you-type list can do. Both import Textual as stadstafel's
terminal UI does, without OpenSSL (``stadstafel.memory.without_tls``): the yardstick does the
least an app of this kind must do, and loads no more than ours.
"""

import gc
import sys
import time

# stadstafel's memory policy, as for the collector below: Textual (asyncio) imported without
# OpenSSL, as stadstafel.start.run_tui imports it (the package's __init__ imports nothing).
from stadstafel.memory import without_tls

with without_tls():
    from textual.app import App, ComposeResult
    from textual.widgets import DataTable, Footer, Header, Input

KINDS = ["gemeente", "woningcorporatie", "zorg", "onderwijs", "bedrijf", "stichting", "overig"]
# The words bench.py types, so the minimal app's filter finds about as much as ours does.
WORDS = ["wonen", "leiden", "bouw", "groep", "stichting", "utrecht", "advies", "zorg"]
WORDS += ["monitor", "plancapaciteit", "woondeal", "stikstof"]


class MinimalApp(App):
    TITLE = "Minimaal"
    BINDINGS = [("q", "quit", "Stop")]

    def compose(self) -> ComposeResult:
        yield Header()
        yield DataTable()
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns("naam", "soort")
        for i in range(50):
            table.add_row(f"Organisatie {i}", "overig")
        table.focus()


class MinimalFilterApp(App):
    """Type in the Input: the DataTable shows the first 28 of 10,000 rows that match."""

    TITLE = "Minimaal filter"
    # As many rows as a list of ours fills per key (a screen of 24 lines plus one margin): with
    # 50 here the minimal app did more work per key than ours, and the comparison flattered us.
    PAGE = 28

    def __init__(self, rows: int = 10_000) -> None:
        super().__init__()
        self.rows = [
            (f"{WORDS[i % len(WORDS)].capitalize()} {WORDS[i * 7 % len(WORDS)]} {i}", KINDS[i % 7])
            for i in range(rows)
        ]

    def compose(self) -> ComposeResult:
        yield Header()
        yield Input(placeholder="filter")
        yield DataTable(cursor_type="row")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns("naam", "soort")
        self.show("")
        self.query_one(Input).focus()

    def show(self, text: str) -> None:
        table = self.query_one(DataTable)
        table.clear()
        needle = text.casefold()
        shown = 0
        for name, kind in self.rows:
            if needle in name.casefold() or needle in kind:
                table.add_row(name, kind)
                shown += 1
                if shown == self.PAGE:
                    break

    def on_input_changed(self, event: Input.Changed) -> None:
        self.show(event.value.strip())


class CollectingInPauses(MinimalFilterApp):
    """The filter app under stadstafel's collector and memory policy (``stadstafel.tui.app``,
    ``stadstafel.memory``): one C heap for every thread from before the first thread starts,
    the collector off through start-up, start-up's objects frozen after the first frame, then
    the young generations when nobody typed for 0.5 s, everything after 2 s followed by
    giving free heap pages back to the system (at most every 5 s), the youngest while 25,000
    objects wait. The benchmark compares the two apps under the same policy."""

    trimmed_at = 0.0

    def on_mount(self) -> None:
        super().on_mount()
        self.last_key = time.monotonic()
        self.call_after_refresh(self._freeze)

    def _freeze(self) -> None:
        gc.freeze()
        self.set_interval(0.25, self._collect_in_pause)

    def on_key(self) -> None:
        self.last_key = time.monotonic()

    def _collect_in_pause(self) -> None:
        waiting, _, young_collections = gc.get_count()
        idle = time.monotonic() - self.last_key
        if idle >= 2.0:
            if young_collections or waiting >= 5_000:
                gc.collect()
            now = time.monotonic()
            if self.trimmed_at < self.last_key and now - self.trimmed_at >= 5.0:
                self.trimmed_at = now
                from stadstafel import memory

                memory.trim()  # once a pause, as stadstafel.tui.app
        elif idle >= 0.5 and waiting >= 5_000:
            gc.collect(1)
        elif waiting >= 25_000:
            gc.collect(0)


if __name__ == "__main__":
    if sys.argv[1:] == ["filter"]:
        gc.disable()
        # stadstafel's own two calls to glibc (the package's __init__ and this module import
        # nothing the minimal app does not): one heap before any thread, as run_tui asks
        from stadstafel import memory

        memory.one_heap()
        CollectingInPauses().run()
    else:
        MinimalApp().run()
