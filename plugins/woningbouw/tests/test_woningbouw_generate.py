"""The register of a generated workspace: in proportion to the core's data, deterministic."""

from __future__ import annotations

import datetime as dt

from stadstafel import DEMO_SIZES as SIZES
from stadstafel.testing import frozen_clock, generate_demo
from woningbouw_testkit import open_ws

from stadstafel_woningbouw.model import parse_settings
from stadstafel_woningbouw.service import register_for

TABLES = ["woningbouw_projects", "woningbouw_history", "woningbouw_knelpunten"]


def _generated(path) -> tuple[dict, list]:
    ws = open_ws(path)
    try:
        written = generate_demo(ws, size="tiny")
        reg = register_for(ws)
        rows = [reg.query(f"SELECT * FROM {table} ORDER BY id") for table in TABLES]
        return written, rows
    finally:
        ws.close()


def test_generated_register_is_proportional_consistent_and_deterministic(tmp_path):
    with frozen_clock(dt.datetime(2027, 1, 4, 9, 0)):
        written, (projects, history, knelpunten) = _generated(tmp_path / "a.db")
        again = _generated(tmp_path / "b.db")
    assert written["woningbouw_projects"] == len(projects) == SIZES["tiny"]["organisations"] // 5
    assert written["woningbouw_history"] == len(history) > 0
    assert written["woningbouw_knelpunten"] == len(knelpunten) > 0
    assert written["agenda_items"] == SIZES["tiny"]["agenda_items"]  # the core's part too
    # the same seed and clock: the same register, row for row
    assert (written, [projects, history, knelpunten]) == again

    names = {p.name for p in parse_settings(None).phases}
    by_id = {p["id"]: p for p in projects}
    assert {p["phase"] for p in projects} <= names
    for project in projects:  # the newest change of a project led to its phase, on its date
        changes = sorted(
            (h for h in history if h["project_id"] == project["id"]),
            key=lambda h: h["changed_on"],
        )
        if changes:
            assert changes[-1]["phase_to"] == project["phase"]
            assert changes[-1]["changed_on"] == project["phase_since"]
    assert all(k["project_id"] in by_id for k in knelpunten)
