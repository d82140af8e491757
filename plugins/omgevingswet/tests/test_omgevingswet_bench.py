"""The module's part of ``bench/run`` runs on a small generated workspace and prints every
figure (timing is the bench's, never a test's)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
from omgevingswet_testkit import open_plugin_ws
from stadstafel.testing import generate_demo

BENCH = Path(__file__).resolve().parents[3] / "bench" / "omgevingswet.py"


@pytest.mark.skipif(not BENCH.exists(), reason="the repository's bench folder is not here")
def test_bench_part_prints_every_figure(tmp_path, frozen):
    spec = importlib.util.spec_from_file_location("omgevingswet_bench", BENCH)
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    with open_plugin_ws(tmp_path) as ws:
        generate_demo(ws, "tiny")
        rows = bench.rows(ws, rounds=3)
    figures = [r[0] for r in rows]
    for name in ("first page", "flagged only", "title filter", "open a trajectory"):
        assert any(name in f for f in figures), name
    assert all(float(r[1].split(" / ")[0]) <= float(r[1].split(" / ")[1]) for r in rows)
    assert rows[0][3].endswith("trajecten") and int(rows[0][3].split()[0]) > 0
    # the runner registers the part: one name in bench.py's MODULES
    assert '"omgevingswet"' in (BENCH.parent / "bench.py").read_text(encoding="utf-8")
