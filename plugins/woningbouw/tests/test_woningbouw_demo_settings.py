"""`stadstafel demo` measures Leiden's progress on Leiden's own target: 8,800 homes net."""

from __future__ import annotations

import tomllib

from stadstafel.cli import create_demo


def test_the_demo_counts_against_leidens_net_target(tmp_path):
    config = create_demo(tmp_path / "demo")
    section = tomllib.loads(config.read_text(encoding="utf-8"))["plugins"]["woningbouw"]
    assert (section["target_homes"], section["target_basis"]) == (8800, "net")
    assert section["target_other_homes"] == 10469
    assert "Programmabegroting 2024" in section["target_source"]
