"""The module's part of ``bench/run`` runs on the small demo and prints each of its figures,
measured on a pty from outside the installed command (no assertion on a duration: the figures
are for the README, not for tests)."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
RUN = ROOT / "bench" / "run"


@pytest.mark.skipif(not RUN.exists() or not shutil.which("uv"), reason="in the repository only")
def test_bench_run_quick_sociaal_domein(tmp_path):
    done = subprocess.run(
        [str(RUN), "--quick", "--parts", "sociaal_domein", "--work", str(tmp_path)],
        check=False,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        env={**os.environ, "PYTHONUTF8": "1"},
    )
    assert done.returncode == 0, done.stderr[-3000:]
    for figure in [
        "sociaal-domein: open section (i), key→shown median (ms, pty, n=5",
        "sociaal-domein: comparison of 8 cities (Enter), key→shown median (ms, pty, n=5",
        "sociaal-domein: comparison, page down, key→shown p99 (ms, pty)",
        "sociaal-domein: per-city view (g), key→shown median (ms, pty, n=5",
        "sociaal-domein: filter 7 measures, key→shown p99 (ms, pty)",
        "sociaal-domein: measures by law and taakveld, first page (ms)",
    ]:
        assert figure in done.stdout, f"{figure!r} missing in:\n{done.stdout}"
