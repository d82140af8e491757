"""`stadstafel demo` measures Leiden's progress on Leiden's own target: 8,800 homes net."""

from __future__ import annotations

import subprocess
import sys
import tomllib


def test_the_demo_counts_against_leidens_net_target(tmp_path):
    target = tmp_path / "demo"
    done = subprocess.run(
        [sys.executable, "-m", "stadstafel", "demo", "--create", str(target)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    written = (target / "stadstafel.toml").read_text(encoding="utf-8")
    section = tomllib.loads(written)["plugins"]["woningbouw"]
    assert (section["target_homes"], section["target_basis"]) == (8800, "net")
    assert section["target_other_homes"] == 10469
    assert "Programmabegroting 2024" in section["target_source"]
