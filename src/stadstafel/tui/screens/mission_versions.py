"""Every version of a table's mission: the text, who signed it, and what changed.

    MissionVersionsScreen(table_id)   pushed from a table's Missie tab (``g``)

The versions newest first; under them the highlighted version's text, or with ``d`` the
changes against the version before it, word by word: removed words ``[-struck-]``, added
words ``{+underlined+}`` (the markers read without colour). The same for scripts:
``stadstafel mission show --table … --version N --diff``.
"""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import DataTable, Static

from stadstafel import i18n
from stadstafel.records import Record
from stadstafel.textsafe import neutralise
from stadstafel.tui.calls import call_service
from stadstafel.tui.text import L
from stadstafel.tui.widgets.base import StadstafelScreen, bind
from stadstafel.tui.widgets.lists import RecordTable


def diff_rich(diff: list[tuple[str, str]]) -> Text:
    """A word diff as Rich Text: user text as data (never markup), markers and styles."""
    out = Text()
    for n, (op, text) in enumerate(diff):
        text = neutralise(text)
        if op == "=":
            out.append(text)
            continue
        core, tail = text.rstrip(), text[len(text.rstrip()) :]
        if op == "-":
            out.append(f"[-{core}-]", style="strike")
            out.append(tail or (" " if n + 1 < len(diff) else ""))
        else:
            out.append(f"{{+{core}+}}", style="bold underline")
            out.append(tail)
    return out


class MissionVersionsScreen(StadstafelScreen):
    """The versions of one table's mission."""

    TITLE_NL = "Missieversies"
    TITLE_EN = "Mission versions"
    DEFAULT_CSS = """
    MissionVersionsScreen #versions { height: auto; max-height: 6; }
    MissionVersionsScreen #version-head { height: 1; padding: 0 1; text-style: bold; }
    MissionVersionsScreen #version-scroll {
        height: 1fr; border: round $secondary; padding: 0 1; margin: 0 1;
    }
    MissionVersionsScreen #version-text { height: auto; }
    MissionVersionsScreen #version-signatures { height: auto; color: $text-muted; }
    """
    AUTO_FOCUS = "#versions"
    BINDINGS = [
        bind("d", "toggle_diff", "Wijzigingen/tekst", "Changes/text", id="versions.diff"),
        bind("escape", "back", "Terug", "Back", id="versions.back"),
    ]

    def __init__(self, table_id: int) -> None:
        super().__init__()
        self.table_id = table_id
        self.show_diff = False

    def compose(self) -> ComposeResult:
        yield from self.compose_header()
        yield RecordTable(
            [
                (L("Versie", "Version"), 7, lambda m: f"v{m.revision}"),
                (L("Vastgesteld", "Adopted"), 12, lambda m: m.adopted_on or ""),
                (L("Ondertekend", "Signed"), 12, lambda m: str(m.signed)),
            ],
            id="versions",
        )
        yield Static("", id="version-head", markup=False)
        with VerticalScroll(id="version-scroll"):
            yield Static("", id="version-text", markup=False)
            yield Static("", id="version-signatures", markup=False)
        yield from self.compose_footer()

    def on_mount(self) -> None:
        self.refresh_data()

    def refresh_data(self) -> None:
        table = call_service(self, self.ws.tables.get, self.table_id)
        if table is None:
            return
        self.set_heading(f"{L('Missieversies', 'Mission versions')} · {table.name}")
        versions = []
        for mission in self.ws.missions.revisions(self.table_id):
            mission["signed"] = len(self.ws.missions.signatures(mission.id))
            versions.append(mission)
        self.query_one("#versions", RecordTable).show(versions)
        self.show_version()

    @on(DataTable.RowHighlighted, "#versions")
    def _moved(self) -> None:
        self.show_version()

    def show_version(self) -> None:
        row: Record | None = self.query_one("#versions", RecordTable).current_record
        head = self.query_one("#version-head", Static)
        text = self.query_one("#version-text", Static)
        signed = self.query_one("#version-signatures", Static)
        if row is None:
            head.update(L("Deze tafel heeft nog geen missie.", "This table has no mission yet."))
            text.update("")
            signed.update("")
            return
        data = call_service(self, self.ws.missions.version, self.table_id, row.revision)
        if data is None:
            return
        adopted = i18n.format_date(row.adopted_on, weekday=False) if row.adopted_on else "?"
        previous = data["previous"]
        if self.show_diff and previous is not None:
            head.update(
                L(f"Versie {row.revision} · wijzigingen t.o.v. versie {previous.revision} "
                  "([-weg-] {+nieuw+}) · d: tekst",
                  f"Version {row.revision} · changes from version {previous.revision} "
                  "([-removed-] {+added+}) · d: text"),
            )  # fmt: skip
            text.update(diff_rich(data["diff"]))
        else:
            note = ""
            if self.show_diff:
                note = L(" · de eerste versie", " · the first version")
            elif previous is not None:
                note = L(" · d: wijzigingen", " · d: changes")
            head.update(
                L(f"Versie {row.revision} · vastgesteld {adopted}{note}",
                  f"Version {row.revision} · adopted {adopted}{note}"),
            )  # fmt: skip
            text.update(Text(neutralise(row.statement)))
        lines = ["", L(f"Ondertekend ({len(data['signatures'])}):",
                   f"Signed ({len(data['signatures'])}):")]  # fmt: skip
        for sig in data["signatures"]:
            who = f" ({sig.person_name})" if sig.person_name else ""
            lines.append(f"  {sig.organisation_name}{who}, {sig.signed_on}")
        if not data["signatures"]:
            lines.append(L("  nog door niemand", "  nobody yet"))
        signed.update(Text(neutralise("\n".join(lines))))

    def action_toggle_diff(self) -> None:
        self.show_diff = not self.show_diff
        self.show_version()

    def action_back(self) -> None:
        self.app.pop_screen()
