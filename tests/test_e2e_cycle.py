"""Issue 15, the record's whole cycle with the installed command in tmux at 80×24, as a month
goes by (each session runs at its own frozen moment):

1. 4 January: the secretary schedules the next Woningbouw meeting (``n``: the table's rhythm
   proposes 14 May, with the standard agenda);
2. 4 January: Portaal submits an item on time (it lands on the agenda);
3. 12 May: Portaal submits another after the deadline (it goes to the backlog);
4. 14 May: the secretary places the late item, accepts both, sets the agenda; takes the
   minutes: attendance, a decision, an action and a toezegging; handles every item but the
   late one; marks the meeting held; carries the late item back to the backlog; adopts the
   minutes; then tries to change the record and is refused.

Afterwards the CLI shows the record as it was adopted.
"""

from __future__ import annotations

import json
import re
import shlex
import uuid

from test_e2e_tmux import (
    WONINGBOUW,
    apologies_and_decision,
    drive,
    environment,
    needs_tmux,
    place_late,
    run_cli,
    stadstafel_command,
    woningbouw_meetings,
)

pytestmark = needs_tmux


def test_a_month_from_scheduling_to_adopted_minutes(tmp_path):
    exe = stadstafel_command()
    env = environment(tmp_path)
    demo = tmp_path / "demo"
    run_cli(exe, env, "demo", "--create", str(demo))
    config = demo / "stadstafel.toml"

    def command(login: str, moment: str) -> list[str]:
        return [
            "env",
            *(f"{key}={shlex.quote(value)}" for key, value in env.items()),
            f"STADSTAFEL_TODAY={shlex.quote(moment)}",
            shlex.quote(exe),
            "--config",
            shlex.quote(str(config)),
            "--as",
            login,
        ]

    def cli(*args: str) -> str:
        return run_cli(exe, env, "--config", str(config), *args)

    to_meetings = woningbouw_meetings()

    # 1. schedule: the rhythm proposes the next date; the standard agenda comes with it
    status, output = drive(
        [
            *to_meetings,
            ("-k", "n"),
            ("-w", "Nieuwe vergadering"),
            ("-k", "C-s"),
            ("-w", r"14 mei 2027 15:00 .*gepland\s+5"),
            ("-n", "Traceback"),
            ("-k", "q"),
            ("-z", "1"),
        ],
        command("secretaris", "2027-01-04 09:00"),
    )
    assert status == 0, output
    planned = json.loads(
        cli("meetings", "list", "--table", WONINGBOUW, "--from", "2027-05-01", "--format", "json")
    )
    meeting_id = next(m["id"] for m in planned if m["starts_at"].startswith("2027-05-14"))

    # 2. on time: on the agenda, ingediend
    on_time = f"Op tijd {uuid.uuid4().hex[:6]}"
    status, output = drive(
        [
            *to_meetings,
            *[("-k", "Down") for _ in range(3)],  # the list opens at 8 January; 14 May is 3 on
            ("-k", "Enter"),
            ("-w", "vrijdag 14 mei 2027"),
            ("-k", "i"),
            ("-w", "Agendapunt indienen"),
            ("-k", on_time),
            ("-z", "0.3"),
            ("-k", "C-s"),
            ("-w", re.escape(on_time) + r".*ingediend"),
            ("-n", "Te laat ingediend"),
            ("-k", "q"),
            ("-z", "1"),
        ],
        command("portaal", "2027-01-04 09:00"),
    )
    assert status == 0, output

    # 3. late: to the backlog, with a note
    late = f"Te laat {uuid.uuid4().hex[:6]}"
    status, output = drive(
        [
            *to_meetings,
            ("-k", "Enter"),  # the list opens at the next meeting: 14 May
            ("-w", "vrijdag 14 mei 2027"),
            ("-k", "i"),
            ("-w", "Agendapunt indienen"),
            ("-k", late),
            ("-z", "0.3"),
            ("-k", "C-s"),
            ("-w", "Te laat ingediend"),
            ("-n", re.escape(late) + r".*ingediend"),
            ("-k", "q"),
            ("-z", "1"),
        ],
        command("portaal", "2027-05-12 10:00"),
    )
    assert status == 0, output

    # 4. the meeting day
    decision = f"Besluit {uuid.uuid4().hex[:6]}"
    action = f"Actie {uuid.uuid4().hex[:6]}"
    promise = f"Toezegging {uuid.uuid4().hex[:6]}"
    secretary = [
        *to_meetings,
        ("-k", "Enter"),
        ("-w", "vrijdag 14 mei 2027"),
        # the late item placed explicitly, both accepted, the agenda set
        *place_late(late),
        ("-k", "Up"),
        ("-k", "o"),
        ("-w", re.escape(on_time) + r".*geagendeerd"),
        ("-k", "V"),
        ("-w", "Agenda vaststellen\\?"),
        ("-k", "j"),
        ("-w", "Status: agenda vastgesteld"),
        # minutes on the first item: attendance, a decision, an action, a toezegging
        ("-k", "g"),
        ("-w", "Punt 1 van 7"),
        *apologies_and_decision(decision),
        ("-k", "a"),
        ("-w", "Actie bij"),
        ("-k", action),
        ("-z", "1"),
        ("-k", "Tab"),
        ("-z", "1"),
        ("-k", "Enter"),  # owner: the list of member organisations
        ("-w", "Gemeente Leiden"),
        ("-k", "Down"),
        ("-k", "Down"),  # (kies), De Sleutels, Gemeente Leiden
        ("-k", "Enter"),
        ("-z", "0.3"),
        ("-k", "C-s"),
        ("-w", "Actie: " + action),
        ("-k", "t"),
        ("-w", "Toezegging bij"),
        ("-k", promise),
        ("-z", "1"),
        ("-k", "Tab"),
        ("-z", "1"),
        ("-k", "Enter"),
        ("-w", "Portaal"),
        *[("-k", "Down") for _ in range(7)],  # … Ons Doel, Ontwikkelcombinatie, Portaal
        ("-k", "Enter"),
        ("-z", "0.3"),
        ("-k", "Tab"),
        ("-z", "0.2"),
        ("-k", "Tab"),
        ("-z", "0.2"),
        ("-k", "2027-05-28"),
        ("-z", "0.3"),
        ("-k", "C-s"),
        ("-w", "Toezegging: " + promise),
        # every item handled but the late one (the last), then the meeting held
        *[("-k", "h") for _ in range(6)],
        ("-w", "Punt 7 van 7"),
        ("-k", "G"),
        ("-w", "als gehouden"),
        ("-k", "j"),
        ("-w", "A Vaststellen"),
        # carry forward: the late, unhandled item back to the backlog
        ("-k", "Escape"),
        ("-w", "Status: gehouden"),
        ("-k", "c"),
        ("-w", "niet behandeld"),
        ("-k", "B"),
        ("-w", r"\[b\]\s+niet behandel"),
        ("-k", "Escape"),
        ("-z", "0.5"),  # tmux would send Escape and the next key as one alt-key
        # the minutes adopted
        ("-k", "g"),
        ("-w", "A Vaststellen"),
        ("-k", "A"),
        ("-w", "Verslag vaststellen\\?"),
        ("-k", "j"),
        ("-w", "Verslag vastgesteld"),
        # afterwards the record does not change: reopening an item and a new decision are
        # refused, Enter changes nothing
        ("-k", "H"),
        ("-w", "verslag ligt vast"),
        ("-k", "b"),
        ("-z", "0.5"),
        ("-n", "Besluit bij"),
        ("-k", "Enter"),
        ("-k", "Escape"),
        ("-n", "Traceback"),
        ("-p", ""),
        ("-k", "q"),
        ("-z", "1"),
    ]
    status, output = drive(secretary, command("secretaris", "2027-05-14 09:00"))
    assert status == 0, output

    agenda = json.loads(cli("agenda", "show", str(meeting_id), "--format", "json"))
    statuses = {item["title"]: item["status"] for item in agenda}
    assert statuses[on_time] == "behandeld"
    assert statuses[late] == "doorgeschoven"
    assert not {"ingediend", "geagendeerd"} & set(statuses.values())
    meetings = json.loads(
        cli("meetings", "list", "--table", WONINGBOUW, "--from", "2027-05-01", "--format", "json")
    )
    assert next(m for m in meetings if m["id"] == meeting_id)["status"] == "verslag vastgesteld"
    actions = json.loads(cli("actions", "list", "--table", WONINGBOUW, "--format", "json"))
    mine = {a["text"]: a for a in actions if a["text"] in (action, promise)}
    assert mine[action]["kind"] == "actie" and mine[action]["owner_org"] == "Gemeente Leiden"
    assert mine[promise]["kind"] == "toezegging" and mine[promise]["owner_org"] == "Portaal"
    assert mine[promise]["due"] == "2027-05-28"
    minutes = cli("export", "verslag-md", "--meeting", str(meeting_id))
    assert decision in minutes and "Afwezig met bericht" in minutes
