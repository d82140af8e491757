"""Doelen: the table's goals with their progress, measured by a plugin's indicator or kept by
hand. n new, e (or Enter) edit, d delete."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.widgets import Static

from stadstafel.records import Record
from stadstafel.tui.calls import service_action
from stadstafel.tui.screens.table.base import CoreTab
from stadstafel.tui.screens.table.options import (
    MANUAL,
    indicator_options,
    number_text,
    plain_number,
)
from stadstafel.tui.text import L
from stadstafel.tui.widgets.base import bind
from stadstafel.tui.widgets.form import FormField, FormScreen
from stadstafel.tui.widgets.lists import RecordTable, bar, clip


class GoalsTab(CoreTab):
    BINDINGS = [
        bind("n", "new_goal", "Nieuw", "New", id="table.goal_new"),
        bind("e", "edit_goal", "Wijzig", "Edit", id="table.goal_edit"),
        bind("d", "delete_goal", "Verwijder", "Delete", id="table.goal_delete"),
    ]
    DEFAULT_CSS = """
    GoalsTab #goal-detail { height: 2; padding: 0 1; }
    """

    def compose(self) -> ComposeResult:
        yield RecordTable(
            [
                (L("Doel", "Goal"), 26, lambda g: g.description),
                (L("Voortgang", "Progress"), 15, lambda g: bar(g.progress["ratio"], 10)),
                (L("Stand", "Value"), 19, self._goal_value),
                (L("Deadline", "Deadline"), 10, lambda g: g.deadline),
            ],
            id="goals",
        )
        yield Static("", id="goal-detail", markup=False)

    @staticmethod
    def _goal_value(goal: Record) -> str:
        p = goal.progress
        return f"{number_text(p['value'])} / {number_text(p['target'])} {p['unit'] or ''}".strip()

    def refresh_data(self) -> None:
        goals = self.ws.goals.of_table(self.table_id)
        for goal in goals:
            goal["progress"] = self.ws.goals.progress(goal)
        self.query_one("#goals", RecordTable).show(goals)
        self.update_goal_detail()

    @on(RecordTable.RowHighlighted, "#goals")
    def _goal_highlighted(self, event: RecordTable.RowHighlighted) -> None:
        self.update_goal_detail()

    def update_goal_detail(self) -> None:
        goal = self.current("goals")
        label = self.query_one("#goal-detail", Static)
        if goal is None:
            label.update(L("Nog geen doelen (n: nieuw).", "No goals yet (n: new)."))
            return
        p = goal.progress
        if p["source"] == MANUAL:
            source = L("handmatig bijgehouden", "kept by hand")
            if goal.indicator and goal.indicator != MANUAL:
                source = L(f"{goal.indicator} meet niets; handmatige stand",
                           f"{goal.indicator} measures nothing; manual value")  # fmt: skip
        else:
            source = L(f"gemeten door {p['source']}", f"measured by {p['source']}")
        detail = f" · {p['detail']}" if p.get("detail") else ""
        label.update(clip(f"{L('Bron', 'Source')}: {source}{detail}", 150))

    def _goal_form(self, goal: Record | None) -> FormScreen:
        goal = goal or Record()
        fields = [
            FormField("description", L("Doel", "Goal"), required=True, value=goal.description),
            FormField("target_value", L("Streefwaarde", "Target"), value=plain_number(
                goal.target_value), help=L("een getal, bijv. 8000", "a number, e.g. 8000")),
            FormField("unit", L("Eenheid", "Unit"), value=goal.unit,
                      help=L("bijv. woningen, %", "e.g. homes, %")),
            FormField("deadline", L("Deadline", "Deadline"), "date", value=goal.deadline),
            FormField("indicator", L("Meting", "Measured by"), "select", required=True,
                      options=indicator_options(self.ws, goal.indicator),
                      value=goal.indicator or MANUAL),
            FormField("current_value", L("Stand (handmatig)", "Value (manual)"),
                      value=plain_number(goal.current_value),
                      help=L("telt als de meting 'handmatig' is", "used when measured by hand")),
        ]  # fmt: skip
        return self.record_form(
            goal, self.ws.goals, fields,
            L("Nieuw doel", "New goal"), L("Doel wijzigen", "Edit goal"),
        )  # fmt: skip

    def action_new_goal(self) -> None:
        if self.may("goal.manage"):
            self.app.push_screen(self._goal_form(None), self._goal_saved)

    @service_action
    def action_edit_goal(self) -> None:
        row = self.current("goals")
        if row is not None and self.may("goal.manage"):
            self.app.push_screen(self._goal_form(self.ws.goals.get(row.id)), self._goal_saved)

    def _goal_saved(self, record: Record | None) -> None:
        if record is not None:
            self.reload_and_select("goals", record.id)
            self.update_goal_detail()
            self.notify(L("Doel opgeslagen.", "Goal saved."), markup=False)

    def action_delete_goal(self) -> None:
        row = self.current("goals")
        if row is None or not self.may("goal.manage"):
            return
        self.confirm_delete(
            L(f"Doel '{clip(row.description, 40)}' verwijderen?",
              f"Delete goal '{clip(row.description, 40)}'?"),
            lambda: self.ws.goals.delete(row.id, row.version),
            L("Doel verwijderd.", "Goal deleted."),
        )  # fmt: skip

    @on(RecordTable.RowSelected, "#goals")
    def _goal_selected(self, event: RecordTable.RowSelected) -> None:
        self.action_edit_goal()
