"""The module's part of a generated workspace, and its part of ``bench/run`` on the small demo
(only that it runs and prints its figures: no assertion is about a duration)."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

from stadstafel.testing import frozen_clock, generate_demo, plugin_workspace

import stadstafel_regionale_economie
from stadstafel_regionale_economie import CONTROL, NAME, VERBANDEN

ROOT = Path(__file__).resolve().parents[3]


def _generated(tmp_path, name):
    with (
        frozen_clock("2027-03-01 09:00"),
        plugin_workspace(tmp_path / name, stadstafel_regionale_economie, NAME) as ws,
    ):
        reported = generate_demo(ws, "tiny")
        verbanden = ws.service(VERBANDEN)
        rows = [(v.name, v.type, v.next_deadline) for v in verbanden.list(limit=10_000).rows]
        flagged = sum(1 for v in verbanden.list(limit=10_000).rows if verbanden.flags(v))
        deadlines = ws.service(CONTROL).deadlines(limit=20)
        return reported, rows, flagged, deadlines.total


def test_generated_in_proportion_deterministic_and_valid(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    first, second = _generated(tmp_path, "a"), _generated(tmp_path, "b")
    reported, rows, flagged, deadlines = first
    assert reported["regionale_economie_verbanden"] == 5 * 20 == len(rows)  # 20 a table
    assert reported["regionale_economie_control"] > 0 and deadlines > 0
    assert reported["regionale_economie_cijfers"] > 0
    assert flagged == 0  # generated records keep the Wgr rules
    assert first == second  # same seed, same clock: the same rows


def test_bench_part_runs_on_the_small_demo(tmp_path):
    target = tmp_path / "small"
    bin_ = Path(sys.executable).parent / "stadstafel"
    subprocess.run([str(bin_), "demo", "--create", str(target)], check=True, capture_output=True)
    spec = importlib.util.spec_from_file_location(
        "bench_re", ROOT / "bench" / "regionale_economie.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    rows = module.run(target / "stadstafel.toml", quick=True)
    labels = [r[0] for r in rows]
    assert "collaborations list, first page (ms)" in labels
    assert "collaborations filter, key→shown (ms)" in labels
    assert all(float(r[1]) >= 0 for r in rows)
    assert rows[0][0].startswith("regionale-economie: collaborations") and rows[0][1] == "3"
