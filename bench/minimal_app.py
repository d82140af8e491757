"""The yardstick: a minimal Textual app (Header, DataTable, Footer) with a few rows."""

from textual.app import App, ComposeResult
from textual.widgets import DataTable, Footer, Header


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


if __name__ == "__main__":
    MinimalApp().run()
