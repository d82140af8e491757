"""End to end, in tmux at 80x24 on the installed command: the chair's side of admission on
the Kennisstad table (issue 15, item 4) and the besluitenlijst (item 7), then the record as
stored: the initiative is lopend, the admission audited, and a second ``k`` admits nothing."""

from __future__ import annotations

import shlex
import sqlite3

import pytest
from test_e2e_tmux import drive, environment, needs_tmux, run_cli, stadstafel_command

pytestmark = pytest.mark.e2e


@needs_tmux
def test_admit_an_initiative_and_read_the_besluitenlijst_with_keys_only(tmp_path):
    exe = stadstafel_command()
    env = environment(tmp_path)
    demo = tmp_path / "demo"
    run_cli(exe, env, "demo", "--create", str(demo))
    config = demo / "stadstafel.toml"
    db = demo / "stadstafel.db"
    command = [
        "env",
        *(f"{key}={shlex.quote(value)}" for key, value in env.items()),
        shlex.quote(exe),
        "--config",
        shlex.quote(str(config)),
    ]
    steps = [
        ("-w", r"Leiden \(demo\)"),
        ("-k", "t"),
        ("-w", "Werkafspraken"),
        ("-k", "Enter"),  # the first table by name: Leiden Kennisstad
        ("-w", "voorzitter Thijs Bakker"),
        ("-k", "6"),
        ("-w", "toe te laten"),
        ("-k", "Down"),  # Collecties in de wijk: three partners, waiting for admission
        ("-w", "Collecties in de wijk: voldoet aan de regel"),
        ("-k", "Enter"),  # Enter opens the form and never admits
        ("-w", "Initiatief wijzigen"),
        ("-k", "Escape"),
        ("-z", "0.5"),  # tmux would send Escape and the next key as one alt-key
        ("-k", "k"),
        ("-w", "toelaten tot de tafel"),
        ("-k", "j"),
        ("-w", r"Collecties in de wijk: toegelaten \(2027-01-04\)"),
        ("-k", "k"),  # once more: it is no voorstel any more, nothing to confirm
        ("-z", "0.5"),
        ("-n", "toelaten tot de tafel"),
        ("-k", "l"),
        ("-w", "Besluitenlijst"),
        ("-w", "3 besluiten"),
        ("-k", "biodiv"),
        ("-w", "1 besluiten"),
        ("-n", "Traceback"),
        ("-p", ""),
        ("-k", "Escape"),
        ("-k", "Escape"),
        ("-k", "q"),
        ("-z", "1"),
    ]
    status, output = drive(steps, command)
    assert status == 0, output

    with sqlite3.connect(db) as conn:
        status_, admitted_on = conn.execute(
            "SELECT status, admitted_on FROM initiatives WHERE title = 'Collecties in de wijk'"
        ).fetchone()
        actions = [
            row[0]
            for row in conn.execute(
                "SELECT action FROM audit WHERE record_type = 'initiative' AND record_id ="
                " (SELECT id FROM initiatives WHERE title = 'Collecties in de wijk')"
                " ORDER BY id"
            )
        ]
    assert (status_, admitted_on) == ("lopend", "2027-01-04")
    assert actions == ["create", "admit"]  # the form opened by Enter changed nothing
